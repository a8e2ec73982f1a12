"""Review r81 on `regiontool merge`: what a merge leaves of hand edits, contact keys and exports
(editing.merge_companies, store.merging, records.firms_of, reimport)."""

from __future__ import annotations

from conftest import connect, imported, write_sheet
from conftest import ok as _ok

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


def _contacts(db) -> dict[str, str]:
    con = connect(db)
    try:
        return dict(con.execute("SELECT contact_key, phone FROM contacts ORDER BY contact_key"))
    finally:
        con.close()


T1 = [
    [KEPT, ADDRESS, "张伟", "13812345678", "V", "王海波"],
    [KEPT, ADDRESS, "李娜", "13987654321", "V", "王海波"],
    [OTHER, ADDRESS, "张伟", "13812345679", None, "沈晓东"],
    [OTHER, ADDRESS, "王强", "13700000001", None, "沈晓东"],
    THIRD,
]


def test_other_firm_list_after_merge_finds_its_own_contacts(cli, db, tmp_path):
    """F1: the other firm's unchanged list, after the merge, matches the contacts the merge made of
    it (张伟 → 张伟@其名): the kept firm's 张伟 keeps its number."""
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, T1))
    _ok(cli, "merge", OTHER, KEPT)
    before = _contacts(db)
    assert sorted(before.values()) == [
        "13700000001",
        "13700000002",
        "13812345678",
        "13812345679",
        "13987654321",
    ]
    assert before["张伟"] == "13812345678"
    result = imported(cli, _sheet(tmp_path, "other_only", T1[2:4]))
    assert _contacts(db) == before
    # its manager is no edit of the kept firm's: kept, and said as a conflicting value
    assert _one(db, "SELECT manager FROM companies WHERE name = ?", (KEPT,)) == "王海波"
    assert "王海波 → 沈晓东" not in result.output
    problems = cli("problems", "-f", "csv").output
    assert "conflicting-value" in problems and "沈晓东" in problems


def test_kept_firm_row_wins_over_merged_name_row(cli, db, tmp_path):
    """F2: the same list with the merged name's rows first changes nothing: the kept firm's own
    rows win, whatever their order, and its contacts keep their keys."""
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, T1))
    _ok(cli, "merge", OTHER, KEPT)
    before = _contacts(db)
    imported(cli, _sheet(tmp_path, "rev", [T1[2], T1[3], T1[0], T1[1], THIRD]))
    assert _contacts(db) == before
    assert _one(db, "SELECT manager FROM companies WHERE name = ?", (KEPT,)) == "王海波"


def test_export_before_merge_reads_back_changing_nothing(cli, db, tmp_path):
    """F6: an export taken before the merge, imported back unedited: the merged firm's rows (its own
    区域经理, 客户分类) are no edits of the kept firm."""
    imported(
        cli,
        write_sheet(tmp_path, "contacts.xlsx", HEADERS, [*T1[:2], [*T1[2][:4], "B", "沈晓东"], T1[3], THIRD]),
    )
    export = tmp_path / "pre.xlsx"
    _ok(cli, "export", str(export))
    _ok(cli, "merge", OTHER, KEPT)
    before = _contacts(db)
    result = imported(cli, export)
    assert _one(db, "SELECT manager FROM companies WHERE name = ?", (KEPT,)) == "王海波", result.output
    assert _tier(db) == "V"
    assert _contacts(db) == before


def test_link_of_a_merged_name_needs_force(cli, db, tmp_path):
    """F5: a merged name's orders linked to a third firm would leave its contacts behind: refused
    naming the merge, unless --force."""
    import datetime as dt

    from conftest import write_orders

    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, T1))
    imported(
        cli, write_orders(tmp_path / "orders.xlsx", [[OTHER, dt.date(2026, 3, 1), "软件", 1, 5000, "A1"]])
    )
    _ok(cli, "merge", OTHER, KEPT)
    result = cli("link", OTHER, THIRD[0])
    assert result.exit_code == 1 and "并入" in result.output and KEPT in result.output, result.output
    kept_id = _one(db, "SELECT id FROM companies WHERE name = ?", (KEPT,))
    assert _one(db, "SELECT company_id FROM orders WHERE order_no = 'A1'") == kept_id
    assert cli("link", OTHER, THIRD[0], "--force").exit_code == 0
    assert _one(db, "SELECT company_id FROM orders WHERE order_no = 'A1'") != kept_id


def test_a_merged_firm_id_is_never_given_again(cli, db, tmp_path):
    """F9: the merged firm had the highest id; the next new firm gets a new one, not its id."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, T1[:4]))
    other_id = _one(db, "SELECT id FROM companies WHERE name = ?", (OTHER,))
    assert other_id == _one(db, "SELECT MAX(id) FROM companies")
    _ok(cli, "merge", OTHER, KEPT)
    imported(cli, _sheet(tmp_path, "new", [THIRD]))
    assert _one(db, "SELECT id FROM companies WHERE name = ?", (THIRD[0],)) > other_id


def test_check_names_the_merge_tables(cli, db, tmp_path):
    """F10: `check` lists the merge and apart tables by their Chinese labels, as every other table."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, T1))
    _ok(cli, "merge", OTHER, KEPT)
    out = _ok(cli, "check").output
    assert "已并入的企业" in out and "记为不同的企业" in out and "company_aliases" not in out, out
