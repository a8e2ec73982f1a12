"""Review r81 F7, F8: `merge` after `apart` of the same pair says the pair was recorded as two firms
and leaves each possible-duplicate group listed once (duplicates.redo_stored); `merge` and its
--dry-run name the other firm's values not taken and whose orders move to which manager."""

from __future__ import annotations

import datetime as dt
import json

from conftest import connect, dump, imported, write_orders, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "区域经理"]
KEPT, OTHER, THIRD = "宁波华峰电器有限公司", "慈溪市华峰电器厂", "慈溪华峰电器有限公司"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"
ROWS = [
    [KEPT, ADDRESS, "张伟", "13812345678", "A", "王海波"],
    [OTHER, "浙江省宁波市慈溪市坎墩街道五塘新村8号", "王强", "13700000001", "B", "沈晓东"],
    [THIRD, ADDRESS, "李娜", "13987654321", None, "王海波"],
    ["宁波宏达五金厂", "周巷镇环城北路5号", "赵敏", "13700000002", "B", "沈晓东"],
]


def _setup(cli, tmp_path) -> None:
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, ROWS))
    orders = [
        [OTHER, dt.date(2026, 3, 1), "软件", 1, 12000, "A1"],
        [KEPT, dt.date(2026, 3, 2), "软件", 1, 3000, "A2"],
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", orders))


def _duplicates(cli) -> list[str]:
    result = cli("problems", "-f", "json")
    assert result.exit_code == 0, result.output
    return [
        p.get("值") or p.get("value") for p in json.loads(result.stdout) if "possible-duplicate" in p.values()
    ]


def test_merge_after_apart_lists_each_group_once(cli, db, tmp_path):
    _setup(cli, tmp_path)
    assert cli("apart", OTHER, KEPT).exit_code == 0  # the group of three → KEPT~THIRD, OTHER~THIRD
    assert cli("merge", OTHER, KEPT).exit_code == 0
    assert _duplicates(cli) == [f"{KEPT} ~ {THIRD}"]
    con = connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM apart_pairs").fetchone()[0] == 0  # one firm now
        for summary, import_id in con.execute("SELECT summary, id FROM imports").fetchall():
            stored = con.execute("SELECT COUNT(*) FROM problems WHERE import_id = ?", (import_id,))
            assert json.loads(summary).get("problems", 0) == stored.fetchone()[0]  # counted once
    finally:
        con.close()


def test_merge_after_apart_says_the_pair_was_recorded_as_two_firms(cli, db, tmp_path):
    _setup(cli, tmp_path)
    assert cli("apart", OTHER, KEPT).exit_code == 0
    before = dump(db)
    result = cli("merge", OTHER, KEPT, "--dry-run")
    assert result.exit_code == 0 and "曾记为两家不同的企业" in result.output, result.output
    assert dump(db) == before
    result = cli("merge", OTHER, KEPT, "--lang", "en")
    assert result.exit_code == 0 and "had been recorded as two firms" in result.output, result.output
    result = cli("merge", "宁波宏达五金厂", THIRD)  # never recorded apart: no such note
    assert result.exit_code == 0 and "曾记为" not in result.output, result.output


def test_merge_names_the_values_not_taken_and_the_manager_the_orders_move_to(cli, db, tmp_path):
    _setup(cli, tmp_path)
    before = dump(db)
    result = cli("merge", OTHER, KEPT, "--dry-run")
    assert result.exit_code == 0, result.output
    assert dump(db) == before  # the dry run writes nothing
    out = result.output
    assert "客户分类 B 不采用（保留 A）" in out and "区域经理 沈晓东 不采用（保留 王海波）" in out, out
    assert "坎墩街道" in out and "不采用" in out
    assert "订单 ¥12,000" in out and "沈晓东" in out and "王海波" in out, out
    result = cli("merge", OTHER, KEPT, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "tier B not taken (A kept)" in result.output.replace("customer tier", "tier"), result.output
    assert "¥12,000" in result.output and "沈晓东" in result.output, result.output


def test_the_manager_line_only_when_something_moves_and_rounded_as_yuan_are(cli, tmp_path):
    """Review r88 F1, F2: no "¥0 … moves" line when the other firm has no orders or payments; the yuan
    moved are rounded half away from zero (3,500.5 → 3,501) as explain and receivables round them."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, ROWS))
    result = cli("merge", "宁波宏达五金厂", KEPT)
    assert result.exit_code == 0, result.output
    assert "名下移到" not in result.stdout
    imported(
        cli, write_orders(tmp_path / "orders.xlsx", [[OTHER, dt.date(2026, 3, 1), "软件", 1, 3500.5, "B1"]])
    )
    moved = cli("merge", OTHER, KEPT)
    assert moved.exit_code == 0, moved.output
    assert "¥3,501" in moved.stdout and "沈晓东 名下移到 王海波 名下" in moved.stdout


def test_the_manager_line_follows_the_lines_that_move_not_their_sum(cli, tmp_path):
    """Review r89 F4: an order and its return (net ¥0) still move to the other manager: the line is
    printed; an amount under half a yuan is ¥0, and still said (a line moves)."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, ROWS))
    lines = [
        [OTHER, dt.date(2026, 3, 1), "软件", 1, 1000, "C1"],
        [OTHER, dt.date(2026, 3, 5), "软件", -1, -1000, "C2"],
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", lines))
    moved = cli("merge", OTHER, KEPT)
    assert moved.exit_code == 0, moved.output
    assert "¥0" in moved.stdout and "沈晓东 名下移到 王海波 名下" in moved.stdout


def test_a_figure_written_two_ways_is_no_value_not_taken(cli, tmp_path):
    """员工人数 50人 and 50 are one figure: merge names no 员工人数 not taken; 80 beside 50人 it does."""
    headers = [*HEADERS, "员工人数"]
    rows = [[*ROWS[0], "50人"], [*ROWS[1], 50], [*ROWS[2], 80]]
    imported(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    same = cli("merge", OTHER, KEPT, "--dry-run")
    assert same.exit_code == 0 and "员工人数" not in same.output, same.output
    other = cli("merge", THIRD, KEPT, "--dry-run")
    assert other.exit_code == 0 and "员工人数 80 不采用（保留 50人）" in other.output, other.output
