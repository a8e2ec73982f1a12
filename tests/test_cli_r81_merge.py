"""Review r81 on `regiontool merge`: what a merge leaves of hand edits, contact keys and exports
(editing.merge_companies, store.merging, records.firms_of, reimport)."""

from __future__ import annotations

from conftest import connect, imported, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "区域经理"]
KEPT, OTHER = "宁波华峰电器有限公司", "慈溪市华峰电器厂"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"
THIRD = ["宁波宏达五金厂", "周巷镇环城北路5号", "赵敏", "13700000002", "B", "沈晓东"]


def _one(db, sql: str, params=()):
    con = connect(db)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def _tier(db) -> str:
    return _one(db, "SELECT tier FROM companies WHERE name = ?", (KEPT,))


def _ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


def test_filled_hand_set_tier_stays_hand_set(cli, db, tmp_path):
    """F3: a tier set by hand on the other firm, filled into the kept firm, is kept against its file."""
    rows = [
        [KEPT, ADDRESS, "张伟", "13812345678", None, "王海波"],
        [OTHER, ADDRESS, "王强", "137", "B", "王海波"],
        THIRD,
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    _ok(cli, "set", OTHER, "--tier", "A")
    _ok(cli, "merge", OTHER, KEPT)
    assert _tier(db) == "A"
    imported(cli, _sheet(tmp_path, "o", [rows[1]]))
    assert _tier(db) == "A"


def test_other_firm_hand_edit_does_not_protect_kept_file_value(cli, db, tmp_path):
    """F4: the other firm's `set` does not make the kept firm's file value hand-set."""
    rows = [
        [KEPT, ADDRESS, "张伟", "13812345678", "V", "王海波"],
        [OTHER, ADDRESS, "王强", "137", "B", "王海波"],
        THIRD,
    ]
    imported(cli, write_sheet(tmp_path, "d.xlsx", HEADERS, rows))
    _ok(cli, "set", OTHER, "--tier", "A")
    _ok(cli, "merge", OTHER, KEPT)
    assert _tier(db) == "V"
    imported(cli, _sheet(tmp_path, "k2", [[KEPT, ADDRESS, "张伟", "13812345678", "E", "王海波"]]))
    assert _tier(db) == "E"


def test_kept_firm_hand_edit_survives_the_merge(cli, db, tmp_path):
    """F12: the kept firm's own `set` keeps protecting its value after the other's newer history moved in."""
    rows = [
        [KEPT, ADDRESS, "张伟", "13812345678", "B", "王海波"],
        [OTHER, ADDRESS, "王强", "137", "C", "王海波"],
        THIRD,
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    _ok(cli, "set", KEPT, "--tier", "A")
    imported(cli, _sheet(tmp_path, "o2", [[OTHER, ADDRESS, "王强", "137", "D", "王海波"]]))
    _ok(cli, "merge", OTHER, KEPT)
    imported(cli, _sheet(tmp_path, "k3", [rows[0], THIRD]))
    assert _tier(db) == "A"
    # the other firm's history stays readable on the kept firm, marked as the other's
    history = _ok(cli, "history", KEPT).output
    assert OTHER in history


def _sheet(tmp_path, folder: str, rows):
    (tmp_path / folder).mkdir(exist_ok=True)
    return write_sheet(tmp_path / folder, f"{folder}.xlsx", HEADERS, rows)
