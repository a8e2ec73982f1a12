"""score and problems show a long table's first 20 rows in a terminal, as list does (render.terminal_rows),
their title naming the total and how to get them all; a pipe or a file gets every row."""

from __future__ import annotations

import csv
import io
import re

from typer.testing import CliRunner

from conftest import write_xlsx
from regiontool.cli import app
from regiontool.store.db import is_url

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "订单规模等级", "成交时间等级"]


def _table_rows(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("│") and "有限公司" in line]


def _terminal(db, *args: str):
    """The command as run in a terminal (CliRunner's output is not one: rich is told it is)."""
    env = {"REGIONTOOL_DB": str(db), "COLUMNS": "250", "TTY_COMPATIBLE": "1"}
    env.update({"REGIONTOOL_ALL": "1"} if is_url(str(db)) else {})
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _firms(cli, tmp_path, n: int = 25):
    rows = [
        [f"慈溪{i:02d}号电器有限公司", "慈溪市长河镇", "张", f"138000{i:05d}", "A+", "重要", "本月内"]
        for i in range(n)
    ]
    path = write_xlsx(tmp_path / "m.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def test_score_shows_the_first_20_in_a_terminal_and_names_how_to_get_all(cli, db, tmp_path):
    _firms(cli, tmp_path)
    shown = _terminal(db, "score")
    assert len(_table_rows(shown)) == 20
    assert "机会能量：共 25 家企业（前 20 家；全部：--out 机会能量.xlsx 或 --format csv）" in shown
    assert "能级" in shown  # the grades table is still printed under it
    en = _terminal(db, "score", "--lang", "en")
    assert len(_table_rows(en)) == 20
    assert "opportunity energy: 25 companies (first 20; all: --out energy.xlsx or --format csv)" in en
    assert len(_table_rows(_terminal(db, "score", "--table", "opportunities"))) == 20
    piped = cli("score")
    assert len(_table_rows(piped.stdout)) == 25 and "前 20" not in piped.stdout
    assert len(list(csv.reader(io.StringIO(cli("score", "-f", "csv").stdout)))) == 26


def test_a_short_score_is_shown_whole_in_a_terminal(cli, db, tmp_path):
    _firms(cli, tmp_path, 20)
    shown = _terminal(db, "score")
    assert len(_table_rows(shown)) == 20 and "前 20" not in shown


def test_problems_show_the_first_20_in_a_terminal_and_name_how_to_get_all(cli, db, tmp_path):
    _firms(cli, tmp_path)  # 25 unreadable tiers (A+)
    shown = _terminal(db, "problems")
    assert sum("A+" in line for line in shown.splitlines()) == 20
    assert "问题 25 条（前 20 条；全部：--out 问题.xlsx 或 --format csv；一类：--code 代码）" in shown
    en = _terminal(db, "problems", "--lang", "en")
    assert "25 problems (first 20; all: --out problems.xlsx or --format csv; one kind: --code CODE)" in en
    assert sum("A+" in line for line in cli("problems").stdout.splitlines()) == 25


def test_receivables_show_the_first_20_customers_of_long_lists_and_say_so(cli, db, tmp_path):
    """Review r94 F1: the chase list was cut to 20 without a word, in a pipe too, while the per-customer
    table was printed whole. Now both show their first 20 in a terminal, titled with the count and how to
    get all (the per-customer table keeps its 合计); a pipe gets every row."""
    import datetime as dt

    from conftest import write_orders

    _firms(cli, tmp_path)
    orders = [
        [f"慈溪{i:02d}号电器有限公司", dt.date(2026, 6, 1), "ERP", 1, 1000 + i, f"A{i}"] for i in range(25)
    ]
    assert cli("import", write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    paid = [["慈溪00号电器有限公司", dt.date(2026, 7, 1), 100]]
    assert (
        cli("import", write_orders(tmp_path / "p.xlsx", paid, ["客户名称", "回款日期", "回款金额"])).exit_code
        == 0
    )
    shown = _terminal(db, "receivables", "--as-of", "2026-11-20")
    flat = re.sub(r"\s+", "", re.sub(r"\x1b\[[0-9;]*m", "", shown))  # (a title wider than its table wraps)
    assert "催款清单（逾期金额从高到低）：共25行（前20行；全部：--out文件.xlsx）" in flat
    assert "应收账款（按客户）：共25行（前20行和合计" in flat
    assert len(_table_rows(shown)) == 40
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert any(line.startswith("│ 合计") for line in plain.splitlines())
    piped = cli("receivables", "--as-of", "2026-11-20")
    assert len(_table_rows(piped.stdout)) == 50 and "前 20" not in piped.stdout


def test_other_long_tables_show_their_first_20_rows_and_the_total_in_a_terminal(cli, db, tmp_path):
    """Review r94 F3: sales by product, track by product and tiers by town printed every row; in a
    terminal they now show 20 and their 合计, titled with the count; a pipe gets every row."""
    import datetime as dt

    from conftest import write_orders

    _firms(cli, tmp_path)
    orders = [
        [f"慈溪{i:02d}号电器有限公司", dt.date(2026, 6, 1), f"产品{i:02d}", 1, 1000 + i, f"A{i}"]
        for i in range(25)
    ]
    orders.append(
        ["慈溪00号电器有限公司", dt.date(2026, 6, 2), None, 1, 10, "B1"]
    )  # no product: (空白), last
    assert cli("import", write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    shown = _terminal(db, "sales", "--by", "product", "--as-of", "2026-11-20")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    flat = re.sub(r"\s+", "", plain)  # (a title wider than its table wraps)
    assert "产品销售：共26行（前20行、(空白)和合计；全部：--out文件.xlsx）" in flat, plain
    products = [line for line in plain.splitlines() if line.startswith("│ 产品")]
    assert len(products) == 20 and any(line.startswith(("│ 合计", "│ 总计")) for line in plain.splitlines())
    assert any(line.startswith("│ (空白)") for line in plain.splitlines())  # what is shown still adds up
    piped = cli("sales", "--by", "product", "--as-of", "2026-11-20")
    assert sum(line.startswith("│ 产品") for line in piped.stdout.splitlines()) == 25
    assert cli("target", "set", "2026Q4", "100000").exit_code == 0
    track = re.sub(
        r"\x1b\[[0-9;]*m", "", _terminal(db, "track", "--period", "2026Q4", "--as-of", "2026-11-20")
    )
    assert "共25行（前20行和合计" in re.sub(r"\s+", "", track)  # (no target line for a blank product)
    assert sum(line.startswith("│ 产品") for line in track.splitlines()) == 20
    en = re.sub(r"\x1b\[[0-9;]*m", "", _terminal(db, "sales", "--by", "product", "--lang", "en"))
    assert "26rows(first20,(blank)andthetotal;all:--outFILE.xlsx)" in re.sub(r"\s+", "", en)
