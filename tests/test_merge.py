"""`regiontool merge OTHER KEPT` and `regiontool apart A B`: the manager's decisions on possible
duplicates, acted on (editing.merge_companies, keep_apart) and kept by later imports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest

from conftest import connect, dump, imported, write_orders, write_sheet
from conftest import query as _rows

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "区域经理"]
KEPT, OTHER = "宁波华峰电器有限公司", "慈溪华峰电器厂"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"
ROWS = [
    [KEPT, ADDRESS, "张伟", "13812345678", "A", None],
    [KEPT, ADDRESS, "李娜", "13987654321", "A", None],
    [OTHER, ADDRESS, "张伟", "13812345679", None, "王海波"],
    [OTHER, ADDRESS, "王强", "13700000001", None, "王海波"],
    ["宁波宏达五金厂", "周巷镇环城北路5号", "赵敏", "13700000002", "B", "沈晓东"],
]


def _json(cli, *args: str):
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _problems(cli) -> list[dict]:
    return _json(cli, "problems")


def _codes(cli, code: str) -> list[str]:
    return [p.get("value") or p.get("值") for p in _problems(cli) if code in p.values()]


@pytest.fixture
def merged_setup(cli, db, tmp_path):
    """Contacts (a possible duplicate), orders and payments under both names, an activity of the other."""
    contacts = write_sheet(tmp_path, "contacts.xlsx", HEADERS, ROWS)
    imported(cli, contacts)
    orders = [
        [OTHER, dt.date(2026, 3, 1), "软件", 1, 5000, "A1"],
        [KEPT, dt.date(2026, 3, 2), "软件", 1, 3000, "A2"],
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    pays = [[OTHER, dt.date(2026, 3, 10), 2000], [KEPT, dt.date(2026, 3, 11), 1000]]
    imported(cli, write_sheet(tmp_path, "payments.xlsx", ["客户名称", "回款日期", "回款金额"], pays))
    con = connect(db)
    try:
        con.begin()
        (other_id,) = con.execute("SELECT id FROM companies WHERE name = ?", (OTHER,)).fetchone()
        con.execute(
            "INSERT INTO activities (activity_key, company_id, day, status, logged_at)"
            " VALUES ('a1', ?, '2026-03-05', 'done', '2026-03-05')",
            (other_id,),
        )
        con.commit()
    finally:
        con.close()
    return contacts


def test_merge_moves_contacts_lines_activities_and_fills_blanks(cli, db, merged_setup):
    assert any(OTHER in v and KEPT in v for v in _codes(cli, "possible-duplicate"))
    before_firms = _json(cli, "pivot", "--by", "tier")[-1]["企业数"]
    before_contacts = _json(cli, "pivot", "--by", "tier", "--count", "contacts")[-1]["联系人数"]
    result = cli("merge", OTHER, KEPT)
    assert result.exit_code == 0, result.output
    assert "联系人 2 位" in result.output and "订单行 1 条" in result.output
    (kept_id,) = _rows(db, "SELECT id FROM companies WHERE name = ?", (KEPT,))[0]
    assert _rows(db, "SELECT COUNT(*) FROM companies WHERE name = ?", (OTHER,))[0][0] == 0
    keys = sorted(
        k for (k,) in _rows(db, "SELECT contact_key FROM contacts WHERE company_id = ?", (kept_id,))
    )
    # nothing lost: the other's contacts keyed in its name's namespace, the two 张伟 two contacts
    moved = [k.split("@")[0] for k in keys if "@" in k]
    assert [k for k in keys if "@" not in k] == ["张伟", "李娜"] and moved == ["张伟", "王强"], keys
    for table in ("orders", "payments"):
        assert {c for (c,) in _rows(db, f"SELECT DISTINCT company_id FROM {table}")} == {kept_id}
    assert _rows(db, "SELECT company_id FROM activities")[0][0] == kept_id
    assert _rows(db, "SELECT manager FROM companies WHERE id = ?", (kept_id,))[0][0] == "王海波"  # filled
    assert _rows(db, "SELECT tier FROM companies WHERE id = ?", (kept_id,))[0][0] == "A"  # never overwritten
    history = _rows(db, "SELECT field, new, source FROM history WHERE company_id = ?", (kept_id,))
    assert ("manager", "王海波", "regiontool merge") in history
    assert ("merge", OTHER, "regiontool merge") in history
    assert _rows(db, "SELECT name, company_id FROM company_aliases") == [(OTHER, kept_id)]
    # the pivots count the firm once, every contact still there
    assert _json(cli, "pivot", "--by", "tier")[-1]["企业数"] == before_firms - 1
    assert _json(cli, "pivot", "--by", "tier", "--count", "contacts")[-1]["联系人数"] == before_contacts
    listed = {r["企业名称"]: r["联系人数"] for r in _json(cli, "list")}
    assert listed == {KEPT: 4, "宁波宏达五金厂": 1}
    assert not _codes(cli, "possible-duplicate")
    # explain of the other name says where it went
    result = cli("explain", OTHER)
    assert result.exit_code == 1 and "并入" in result.output and KEPT in result.output


def test_merge_dry_run_writes_nothing(cli, db, merged_setup):
    before = dump(db)
    result = cli("merge", OTHER, KEPT, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output
    assert dump(db) == before


def test_reimport_after_merge_lands_on_kept(cli, db, tmp_path, merged_setup):
    assert cli("merge", OTHER, KEPT).exit_code == 0
    # the same list, edited (one more contact of the other name): a new version of it
    rows = [*ROWS, [OTHER, ADDRESS, "陈刚", "13700000009", None, "王海波"]]
    newer = write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows)
    result = imported(cli, newer)
    assert "新增 0" in result.output, result.output
    names = [n for (n,) in _rows(db, "SELECT name FROM companies ORDER BY id")]
    assert names == [KEPT, "宁波宏达五金厂"]  # one firm, the kept firm's name unchanged
    (kept_id,) = _rows(db, "SELECT id FROM companies WHERE name = ?", (KEPT,))[0]
    assert _rows(db, "SELECT company_id FROM contacts WHERE name = '陈刚'") == [(kept_id,)]
    assert _rows(db, "SELECT COUNT(*) FROM contacts")[0][0] == 6
    assert not _codes(cli, "firm-not-in-file")
    assert not _codes(cli, "possible-duplicate")
    before = dump(db)
    again = imported(cli, newer)  # the very same file again: nothing changes
    assert dump(db) == before, again.output
    # an orders file under the other name links to the kept firm
    later = [[OTHER, dt.date(2026, 4, 1), "软件", 1, 700, "A9"]]
    imported(cli, write_orders(tmp_path / "orders_april.xlsx", later))
    assert _rows(db, "SELECT company_id FROM orders WHERE order_no = 'A9'") == [(kept_id,)]


def test_merge_chain_repoints_aliases(cli, db, tmp_path):
    third = "华峰电器(慈溪)"
    rows = [*ROWS, [third, ADDRESS, "孙丽", "13600000002", None, None]]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    assert cli("merge", OTHER, third).exit_code == 0
    assert cli("merge", third, KEPT).exit_code == 0
    (kept_id,) = _rows(db, "SELECT id FROM companies WHERE name = ?", (KEPT,))[0]
    assert {c for (c,) in _rows(db, "SELECT company_id FROM company_aliases")} == {kept_id}
    imported(
        cli,
        write_sheet(tmp_path, "more.xlsx", HEADERS, [[OTHER, ADDRESS, "冯七", "13600000008", None, None]]),
    )
    assert _rows(db, "SELECT company_id FROM contacts WHERE name = '冯七'") == [(kept_id,)]


def test_apart_stops_the_listing(cli, db, tmp_path):
    contacts = write_sheet(tmp_path, "contacts.xlsx", HEADERS, ROWS)
    imported(cli, contacts)
    assert _codes(cli, "possible-duplicate")
    result = cli("apart", KEPT, OTHER)
    assert result.exit_code == 0, result.output
    assert not _codes(cli, "possible-duplicate")
    assert _rows(db, "SELECT COUNT(*) FROM apart_pairs")[0][0] == 1
    assert cli("apart", OTHER, KEPT).exit_code == 0  # said again: recorded once
    assert _rows(db, "SELECT COUNT(*) FROM apart_pairs")[0][0] == 1
    rows = [*ROWS, [OTHER, ADDRESS, "陈刚", "13700000009", None, None]]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    assert not _codes(cli, "possible-duplicate")
    assert _rows(db, "SELECT COUNT(*) FROM companies")[0][0] == 3  # both firms stay


def test_apart_in_a_group_of_three_lists_the_rest(cli, db, tmp_path):
    third = "华峰电器(慈溪)"
    rows = [*ROWS, [third, ADDRESS, "孙丽", "13600000002", None, None]]
    contacts = write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows)
    imported(cli, contacts)
    (group,) = _codes(cli, "possible-duplicate")
    assert {KEPT, OTHER, third} == set(group.split(" ~ "))
    assert cli("apart", KEPT, OTHER).exit_code == 0
    groups = sorted(frozenset(g.split(" ~ ")) for g in _codes(cli, "possible-duplicate"))
    assert groups == sorted([frozenset({KEPT, third}), frozenset({OTHER, third})])
    rows.append([OTHER, ADDRESS, "陈刚", "13700000009", None, None])
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))  # listed again the same way
    groups = sorted(frozenset(g.split(" ~ ")) for g in _codes(cli, "possible-duplicate"))
    assert groups == sorted([frozenset({KEPT, third}), frozenset({OTHER, third})])


def test_merge_bad_input(cli, db, merged_setup):
    before = dump(db)
    result = cli("merge", "不存在的公司", KEPT)
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = cli("merge", KEPT, KEPT)
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = cli("merge", "华峰", KEPT)  # names two firms: give the full name (as set and link say)
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = cli("apart", "不存在的公司", KEPT)
    assert result.exit_code == 1
    assert dump(db) == before


@pytest.mark.sqlite_only
def test_schema_8_workspace_is_migrated(cli, db, tmp_path):
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, ROWS))
    con = sqlite3.connect(db)  # as schema 8 left it: no decision tables
    con.executescript(
        "DROP TABLE company_aliases; DROP TABLE apart_pairs;"
        " UPDATE meta SET value = '8' WHERE key = 'schema_version';"
    )
    con.close()
    result = cli("merge", OTHER, KEPT)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("9",)
        assert con.execute("SELECT name FROM company_aliases").fetchall() == [(OTHER,)]
    finally:
        con.close()
    for backup in tmp_path.glob("ws*.bak*"):
        shutil.os.remove(backup)


def test_listing_names_the_decisions(cli, tmp_path):
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, ROWS))
    (problem,) = [p for p in _problems(cli) if "possible-duplicate" in p.values()]
    assert "regiontool merge" in problem["说明"] and "regiontool apart" in problem["说明"]


def test_plan_row_of_a_merged_firm_is_logged_on_the_kept_firm(cli, db, tmp_path):
    """A plan written before the merge names the other firm's id, gone now: its 相关 (the merged name)
    puts the row on the kept firm, not on an unknown id."""
    from conftest import fill_plan_row, write_xlsx

    firms = [(KEPT, "宁波市鄞州区天童路1号"), ("慈溪华峰电器有限公司", "慈溪市浒山街道2号")]
    rows = [[n, a, "王海波", "A"] for n, a in firms]
    path = write_xlsx(tmp_path / "c.xlsx", ["企业名称", "地址", "区域经理", "客户分类"], rows, title=None)
    imported(cli, path)
    plan = tmp_path / "plan.xlsx"
    assert cli("plan", "--start", "2026-11-30", "--manager", "王海波", "--out", plan).exit_code == 0
    ids = dict(_rows(db, "SELECT name, id FROM companies"))
    assert fill_plan_row(plan, "完成", ids["慈溪华峰电器有限公司"]) == ids["慈溪华峰电器有限公司"]
    assert cli("merge", "慈溪华峰电器有限公司", KEPT).exit_code == 0
    result = cli("done", plan)
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT company_id, status FROM activities") == [(ids[KEPT], "done")]


def test_a_filled_tier_brings_its_text(cli, db, tmp_path):
    """The kept firm's tier cell said 大客户 (no tier: kept as text, reported); the other's B fills the
    tier, and the text behind it is the other's, not 大客户 beside B."""
    rows = [
        [KEPT, ADDRESS, "张伟", "13812345678", "大客户", None],
        [OTHER, ADDRESS, "王强", "13700000001", "b类", None],
    ]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    assert cli("merge", OTHER, KEPT).exit_code == 0
    assert _rows(db, "SELECT tier, tier_raw FROM companies") == [("B", "b类")]


def test_merge_keeps_the_other_apart_decisions(cli, db, tmp_path):
    """甲 ~ 乙 ~ 丙 with 乙, 丙 apart: merging 乙 into 甲 makes 甲 one firm with 乙, so 甲 ~ 丙 is apart too."""
    third = "华峰电器(慈溪)"
    rows = [*ROWS, [third, ADDRESS, "孙丽", "13600000002", None, None]]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    assert cli("apart", OTHER, third).exit_code == 0
    assert cli("merge", OTHER, KEPT).exit_code == 0
    assert not _codes(cli, "possible-duplicate")
    rows.append([OTHER, ADDRESS, "陈刚", "13700000009", None, None])
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    assert not _codes(cli, "possible-duplicate")


def test_export_after_merge_reads_back_unchanged(cli, db, tmp_path, merged_setup):
    assert cli("merge", OTHER, KEPT).exit_code == 0
    out = tmp_path / "out.csv"
    assert cli("export", out).exit_code == 0, out
    before = _rows(db, "SELECT id, name FROM companies ORDER BY id")
    result = imported(cli, out)
    assert "没有变化" in result.output, result.output
    assert _rows(db, "SELECT id, name FROM companies ORDER BY id") == before


@pytest.mark.parametrize(
    ("kept", "other", "same"),
    [
        (("李娜", "李娜", "13987654321"), ("李娜@x", "李娜", "13987654321"), True),
        (("李娜#2", "李娜", "13900000000; 13987654321"), ("李娜@x", "李娜", "13987654321"), True),
        (("李娜", "李娜", None), ("李娜@x", "李娜", "13987654321"), True),
        (("李娜", "李娜", "13900000000"), ("李娜@x", "李娜", "13987654321"), False),
        (("张伟", "张伟", "13987654321"), ("李娜@x", "李娜", "13987654321"), False),
        (("13987654321", None, "13987654321"), ("13987654321@x", None, "13987654321"), False),
    ],
)
def test_same_person_is_one_name_and_a_phone_in_common(kept, other, same):
    """store.merging.same_person: the same name and a phone in common, or no phone on one side."""
    from regiontool.store.merging import same_person

    def row(key, name, phone):
        return {"contact_key": key, "name": name, "phone": phone}

    assert same_person(row(*kept), row(*other)) is same
