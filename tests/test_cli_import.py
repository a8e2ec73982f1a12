"""`regiontool import` end to end on generated workbooks: accounting, idempotency, updates."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import HEADERS, connect, contact_rows, dump, write_orders, write_xlsx
from regiontool.store import Workspace


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_accounting_adds_up(cli, contacts_xlsx):
    acc = _json(cli("import", contacts_xlsx, "--json"))
    assert acc["rows_read"] == 6 and acc["blank_rows"] == 1
    # 華峰 in traditional characters with a trailing space is the same firm as 华峰.
    assert acc["companies"] == 4 and acc["companies_new"] == 4
    assert acc["rejected"] == 1 and acc["merged"] == 1
    assert acc["rows_read"] == acc["companies"] + acc["merged"] + acc["rejected"]
    assert acc["contacts"] == acc["rows_read"] - acc["rejected"]


def test_summary_line_and_mapping_are_shown(cli, contacts_xlsx):
    result = cli("import", contacts_xlsx, "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "6 rows read → 4 companies (4 new, 0 updated, 0 unchanged)" in out
    assert "1 rejected" in out and "1 blank row skipped" in out
    assert "企業名稱" in out and "company" in out  # the mapping table
    assert "headers on row 3" in out and "客户联系表" in out  # notes sheet was not picked


def test_rejected_row_is_a_problem_with_its_excel_row(cli, db, contacts_xlsx):
    cli("import", contacts_xlsx)
    rows = connect(db).execute("SELECT code, row, value FROM problems WHERE code='no-company'").fetchall()
    # title row 1, blank row 2, headers row 3, data rows 4-10 (row 6 blank): the nameless row is 9.
    assert rows == [("no-company", 9, "5 | 新浦镇 | 孙丽 | 13600000002 | 展会扫码")]


def test_values_are_normalised_and_unknown_ones_reported(cli, db, contacts_xlsx):
    cli("import", contacts_xlsx)
    con = connect(db)
    tiers = dict(con.execute("SELECT name, COALESCE(tier, '?' || tier_raw) FROM companies"))
    assert tiers == {
        "慈溪市华峰电器有限公司": "A",
        "宁波宏达五金厂": "V",
        "金鑫塑料制品有限公司": "?大客户",
        "慈溪市永光五金工具有限公司": "F1",
    }
    phones = dict(con.execute("SELECT name, phone FROM contacts"))
    assert phones["张伟"] == "13812345678" and phones["赵敏"] == "13700000001"
    kc = dict(con.execute("SELECT name, COALESCE(key_contact, '?' || key_contact_raw) FROM contacts"))
    assert kc == {"张伟": "是", "李娜": "否", "赵敏": "是", "钱强": "?待定", "周杰": "否"}
    codes = sorted(r[0] for r in con.execute("SELECT code FROM problems"))
    assert codes == ["invalid-key-contact", "invalid-tier", "no-company"]


def test_importing_the_same_file_twice_changes_nothing(cli, db, contacts_xlsx):
    cli("import", contacts_xlsx)
    before = dump(db)
    acc = _json(cli("import", contacts_xlsx, "--json"))
    assert acc["companies_new"] == 0 and acc["companies_updated"] == 0
    assert dump(db) == before


def test_updated_file_updates_fields_logs_history_and_blank_never_erases(cli, db, tmp_path, contacts_xlsx):
    cli("import", contacts_xlsx)
    rows = contact_rows()
    rows[3][6] = "A"  # 宏达: V → A
    rows[0][6] = None  # 华峰: tier cell emptied on both rows; stored A must stay
    rows[0][4] = "13812345679"  # 张伟's new mobile
    rows.append([7, "宁波宏达五金厂", "", "吴刚", "13300000004", "沈晓东", None, "否", None])
    updated = write_xlsx(tmp_path / "contacts_v2.xlsx", rows=rows)
    acc = _json(cli("import", updated, "--json"))
    assert acc["companies_new"] == 0
    # 宏达 (its tier, and a new contact) and 华峰 (张伟's mobile): a firm whose contacts changed is
    # updated too, so 更新 and 未变 agree with the changes listed
    assert acc["companies_updated"] == 2
    assert acc["companies_unchanged"] == acc["companies"] - 2  # the text line's 未变, for scripts too
    con = connect(db)
    assert dict(con.execute("SELECT name, tier FROM companies"))["慈溪市华峰电器有限公司"] == "A"
    assert dict(con.execute("SELECT name, tier FROM companies"))["宁波宏达五金厂"] == "A"
    history = con.execute("SELECT field, old, new, source FROM history ORDER BY id").fetchall()
    assert ("tier", "V", "A", "contacts_v2.xlsx") in history
    assert ("phone", "13812345678", "13812345679", "contacts_v2.xlsx") in history
    assert con.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 6


def test_an_edited_row_without_a_name_updates_its_contact_not_adds_one(cli, db, tmp_path):
    # A row without a name is keyed by its phone, or by its content when it has no phone either:
    # an edited copy (tier C → B, a new note, a corrected phone) is paired with the stored one
    # instead of becoming a second contact of the firm.
    headers = ["企业名称", "地址", "联系人", "电话", "客户分类", "备注"]

    def sheet(name, tier, note, extra_rows=(), phone="0574-63846701"):
        rows = [
            ["甲厂", "横店镇1号", None, None, tier, note],
            ["乙厂", "横店镇2号", "张三", "13812345678", tier, None],
            ["丁厂", "南马镇4号", None, phone, tier, None],
        ]
        rows += [["丙厂", "南马镇3号", None, None, tier, n] for n in extra_rows]
        return write_xlsx(tmp_path / name, headers=headers, rows=rows, title=None, notes_sheet=False)

    cli("import", sheet("v1.xlsx", "C", "展会", ["名录", "展会"]))
    v2 = sheet("v2.xlsx", "B", "电话约访", ["名录", "网络"], "0574-67008310")
    shown = cli("import", v2, "--dry-run").stdout
    assert "甲厂: 备注 展会 → 电话约访" in shown and "row:" not in shown  # not the row's digest
    acc = _json(cli("import", v2, "--json"))
    assert acc["contacts"] == 5 and acc["companies_new"] == 0
    con = connect(db)
    count = "SELECT c.name, COUNT(*) FROM contacts k JOIN companies c ON c.id = k.company_id GROUP BY c.name"
    assert dict(con.execute(count).fetchall()) == {"甲厂": 1, "乙厂": 1, "丙厂": 2, "丁厂": 1}
    note = (
        "SELECT k.note, k.source_file, k.source_row FROM contacts k JOIN companies c ON c.id = k.company_id"
    )
    assert con.execute(note + " WHERE c.name = '甲厂'").fetchall() == [("电话约访", "v2.xlsx", 2)]
    assert sorted(r[0] for r in con.execute(note + " WHERE c.name = '丙厂'").fetchall()) == ["名录", "网络"]
    history = con.execute("SELECT field, old, new, source FROM history").fetchall()
    assert ("note", "展会", "电话约访", "v2.xlsx") in history
    assert ("phone", "0574-63846701", "0574-67008310", "v2.xlsx") in history  # corrected, not a 2nd contact
    con.close()
    # a third row of 丙厂 without name or phone is a new contact
    cli("import", sheet("v3.xlsx", "B", "电话约访", ["名录", "网络", "转介绍"], "0574-67008310"))
    con = connect(db)
    assert dict(con.execute(count).fetchall()) == {"甲厂": 1, "乙厂": 1, "丙厂": 3, "丁厂": 1}
    con.close()


def test_dry_run_writes_nothing_and_shows_changes(cli, db, tmp_path, contacts_xlsx):
    result = cli("import", contacts_xlsx, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "试运行" in result.stdout
    assert not Workspace.exists(db)
    cli("import", contacts_xlsx)
    rows = contact_rows()
    rows[3][6] = "B"
    changed = write_xlsx(tmp_path / "v2.xlsx", rows=rows)
    before = dump(db)
    result = cli("import", changed, "--dry-run", "--lang", "en")
    assert "dry run" in result.stdout and "V → B" in result.stdout
    assert dump(db) == before


def test_map_option_names_an_unknown_column(cli, db, tmp_path):
    headers = ["字号", "地址", "联系人"]
    path = write_xlsx(
        tmp_path / "m.xlsx", headers=headers, rows=[["甲厂", "长河镇", "张三"]], title=None, notes_sheet=False
    )
    result = cli("import", path)
    assert result.exit_code == 1
    assert "--map" in result.output and "字号" in result.output
    acc = _json(cli("import", path, "--map", "字号=company", "--json"))
    assert acc["companies"] == 1


def test_unknown_columns_are_kept_for_export(cli, db, contacts_xlsx):
    cli("import", contacts_xlsx)
    headers = json.loads(connect(db).execute("SELECT headers FROM imports").fetchone()[0])
    assert headers == HEADERS


def test_several_files_in_one_command(cli, db, tmp_path, contacts_xlsx):
    other = write_xlsx(
        tmp_path / "other.xlsx", rows=[[1, "新客户有限公司", "", "王五", "13000000000", "", "C", "", None]]
    )
    result = cli("import", contacts_xlsx, other, "--json")
    payload = json.loads(result.stdout)
    assert [p["file"] for p in payload] == ["contacts.xlsx", "other.xlsx"]
    assert connect(db).execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 5


def test_csv_import_gb18030(cli, db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("公司名称,联系人,电话\n慈溪市长河电器厂,张三,13800000000\n".encode("gb18030"))
    acc = _json(cli("import", path, "--json"))
    assert acc["companies"] == 1
    assert connect(db).execute("SELECT name FROM companies").fetchone()[0] == "慈溪市长河电器厂"


def test_help_does_not_import_pandas():
    heavy = ("pandas", "polars", "numpy", "sqlalchemy")
    code = (  # main() ends the process itself; its exit handlers still run
        "import atexit, sys\nfrom regiontool import cli\nsys.argv=['regiontool','--help']\n"
        f"atexit.register(lambda: print([m for m in {heavy!r} if m in sys.modules] or 'LEAN'))\n"
        "cli.main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LEAN"), out


def test_every_command_help_has_an_example(cli):
    for command in (
        "import",
        "export",
        "problems",
        "status",
        "explain",
        "pivot",
        "tiers",
        "market",
        "set",
        "history",
    ):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout and f"regiontool {command}" in result.stdout


def test_similar_names_are_listed_never_merged(cli, db, tmp_path):
    first = write_xlsx(
        tmp_path / "a.xlsx",
        rows=[[1, "宁波华峰电器有限公司", "浙江省宁波市慈溪市长河镇", "张三", "", "", "A", "", None]],
    )
    second = write_xlsx(
        tmp_path / "b.xlsx",
        rows=[
            [1, "慈溪市华峰电器厂", "慈溪市长河镇", "李四", "", "", "", "", None],
            [2, "慈溪市华锋电器厂", "慈溪市长河镇", "王五", "", "", "", "", None],
        ],
    )
    cli("import", first)
    acc = _json(cli("import", second, "--json"))
    assert acc["companies_new"] == 2
    con = connect(db)
    assert con.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 3
    dups = con.execute("SELECT file, row, value FROM problems WHERE code='possible-duplicate'").fetchall()
    assert dups == [("b.xlsx", 4, "慈溪市华峰电器厂 ~ 宁波华峰电器有限公司")]


def test_a_stored_pair_of_similar_names_does_not_stop_the_next_import(cli, db, tmp_path):
    pair = write_xlsx(
        tmp_path / "pair.xlsx",
        rows=[
            [1, "宁波华峰电器有限公司", "慈溪市长河镇", "张三", "", "", "", "", None],
            [2, "宁波华峰电器", "慈溪市长河镇", "李四", "", "", "", "", None],
        ],
    )
    other = write_xlsx(
        tmp_path / "other.xlsx", rows=[[1, "慈溪市长河塑料厂", "慈溪市长河镇", "王五", "", "", "", "", None]]
    )
    assert cli("import", pair).exit_code == 0
    for args in (["--dry-run"], []):
        result = cli("import", other, "--json", *args)
        assert result.exit_code == 0, result.output
        assert _json(result)["companies_new"] == 1
    con = connect(db)
    files = con.execute("SELECT file FROM problems WHERE code='possible-duplicate'").fetchall()
    assert files == [("pair.xlsx",)]  # listed once, by the import that brought the pair


def test_an_orders_table_is_not_imported_as_contacts(cli, db):
    from pathlib import Path

    orders = Path(__file__).resolve().parents[1] / "examples" / "orders.xlsx"
    result = cli("import", orders, "--kind", "contacts")
    assert result.exit_code == 1 and "看起来是订单表，不是联系人表" in result.output
    result = cli("import", orders, "--kind", "contacts", "--lang", "en")
    assert result.exit_code == 1 and "orders table" in result.output
    assert not Workspace.exists(db)


def test_a_file_whose_every_row_is_rejected_fails_and_says_why(cli, db, tmp_path):
    """Nothing imported is a failure a script can see (exit 1, the workspace unchanged); the
    line names the problems and the first rejected row (review r11 #13)."""
    path = write_xlsx(
        tmp_path / "nameless.xlsx", rows=[[1, None, "长河镇", "张三", "13800000000", "", "", "", ""]]
    )
    result = cli("import", path, "--json")
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        "错误：nameless.xlsx：1 行全部拒收，没有导入任何内容（缺少企业名称 1；第 4 行：该行没有企业名称，已拒收"
        "（补上企业名称后重新导入））"
    ]
    assert "Traceback" not in result.output
    assert not Workspace.exists(db)
    en = cli("import", path, "--lang", "en")
    assert (
        en.exit_code == 1
        and "nameless.xlsx: 1 row read, it was rejected, nothing imported (no company name 1" in en.output
    )
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    before = cli("status", "--format", "json").output
    assert cli("import", path).exit_code == 1
    assert cli("import", path, "--dry-run").exit_code == 1
    assert cli("status", "--format", "json").output == before  # no import record, no problems


def test_one_command_is_one_transaction_and_a_file_that_adds_nothing_keeps_the_others(
    cli, db, contacts_xlsx, tmp_path
):
    """Files of one command share a transaction; a file that changes nothing is undone alone
    (a savepoint), the others stay."""
    result = cli("import", contacts_xlsx, contacts_xlsx, "--json")
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)
    assert first["companies_new"] == 4 and second["companies_new"] == 0
    con = connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 1
        assert con.execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 4
    finally:
        con.close()


def _index_sql(db) -> list:
    con = connect(db)
    try:
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_a_first_import_rebuilds_the_indexes_it_set_aside(cli, db, contacts_xlsx, monkeypatch):
    """A first load drops the companies and contacts indexes and builds them after; the
    workspace ends with the same indexes as a new one, and a failed load keeps them too."""
    Workspace.open(db, create=True).close()  # an empty workspace, which a failed import leaves as it was
    expected = _index_sql(db)
    assert any(name == "companies_keys" for name, _ in expected)

    def boom(self, rows):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(Workspace, "insert_contacts", boom)
    with pytest.raises(RuntimeError):
        cli("import", contacts_xlsx, catch_exceptions=False)
    assert _index_sql(db) == expected and dump(db)["companies"] == []
    monkeypatch.undo()

    assert cli("import", contacts_xlsx).exit_code == 0
    assert _index_sql(db) == expected
    con = connect(db)
    try:
        plan = con.execute("EXPLAIN QUERY PLAN SELECT tier, COUNT(*) FROM companies GROUP BY tier").fetchall()
        assert "companies_keys" in str(plan)  # the rebuilt index is used
    finally:
        con.close()


def test_a_changed_key_contact_is_shown_by_its_label(cli, db, tmp_path, contacts_xlsx):
    cli("import", contacts_xlsx)
    rows = contact_rows()
    rows[0][7] = "否"  # 张伟: 是 → 否
    result = cli("import", write_xlsx(tmp_path / "v2.xlsx", rows=rows))
    assert result.exit_code == 0, result.output
    assert "是否关键联系人（原文） 是 → 否" in result.stdout and "key_contact_raw" not in result.stdout
    shown = cli("history", "华峰电器").stdout
    assert "key_contact_raw" not in shown and "是否关键联系人（原文）" in shown


def test_unreadable_figures_and_placeholder_names_are_reported_and_the_accounting_adds_up(cli, db, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        "企业名称,联系人,员工人数,年产值(万元)\n"
        "甲电器厂,张三,2020年,\n"  # a year is no headcount
        "乙五金厂,李四,1.2万,1.2亿\n"
        '丙塑料厂,王五,=2*3,"@SUM(1,1)"\n'
        "丁模具厂,赵六,100以下,\n"  # 微型 or 小型: no band
        "己电子厂,孙八,n/a,未知\n"  # placeholders: blank, no problem (review r55 D5)
        "N/A,郑三,,\n"
        "12345,郑七,,\n"
        "无锡华峰电器有限公司,郑九,,\n"
        "甲电器厂,张三丰,350,\n",
        encoding="utf-8",
    )
    acc = _json(cli("import", path, "--json"))
    assert (acc["rows_read"], acc["companies"], acc["merged"], acc["rejected"]) == (9, 6, 1, 2)
    problems = json.loads(cli("problems", "--format", "json", "--lang", "en").output)
    figures = [(p["row"], p["value"]) for p in problems if p["code"] == "invalid-figure"]
    assert sorted(figures) == [(2, "2020年"), (4, "=2*3"), (4, "@SUM(1,1)")]
    rejected = sorted((p["row"], p["message"]) for p in problems if p["code"] == "no-company")
    assert [r for r, _m in rejected] == [7, 8] and "'N/A' is no company name" in rejected[0][1]
    sizes = {
        name: (size, n)
        for name, size, n in connect(db).execute("SELECT name, size, employees_n FROM companies")
    }
    assert sizes["甲电器厂"] == ("中型", 350)  # the readable figure of its second row
    assert sizes["乙五金厂"] == ("中型", 12000)
    assert sizes["丁模具厂"] == (None, 49.5)
    assert "无锡华峰电器有限公司" in sizes


def test_common_phone_forms_and_tier_suffixes_are_read_and_odd_values_reported(cli, db, tmp_path):
    path = tmp_path / "phones.csv"
    path.write_text(
        "企业名称,联系人,电话,客户分类,是否关键联系人\n"
        "甲电器厂,张三,+86-574-63012345,E类客户,-1\n"
        "乙五金厂,李四,400-800-1234,B级,1\n"
        "丙塑料厂,王五,63012345 转 12,0,否\n"
        "丁模具厂,赵六,手机13812345679 电话0574-63012346,F1级客户,\n"
        "戊包装厂,钱七,13812345678 (微信同号),C类,\n",
        encoding="utf-8",
    )
    acc = _json(cli("import", path, "--json"))
    assert (acc["rows_read"], acc["companies"], acc["rejected"]) == (5, 5, 0)
    con = connect(db)
    got = {
        n: (p, t, k)
        for n, p, t, k in con.execute(
            "SELECT c.name, k.phone, c.tier, k.key_contact FROM contacts k JOIN companies c ON c.id = k.company_id"
        )
    }
    assert got == {
        "甲电器厂": ("0574-63012345", "E", None),
        "乙五金厂": ("400-800-1234", "B", "是"),
        "丙塑料厂": ("63012345-12", None, "否"),  # 0 is no tier O
        "丁模具厂": ("13812345679; 0574-63012346", "F1", None),
        "戊包装厂": ("13812345678", "C", None),
    }
    problems = json.loads(cli("problems", "--format", "json", "--lang", "en").output)
    assert sorted((p["code"], p["value"]) for p in problems) == [
        ("invalid-key-contact", "-1"),
        ("invalid-tier", "0"),
    ]


def test_variants_of_one_firm_name_are_listed_together(cli, db, tmp_path):
    names = [
        "宁波华峰电器有限公司",
        "宁波华峰电器",
        "宁波华峰电器有限责任公司",
        "宁波华峰电器股份有限公司",
        "华峰电器",
        "宁波华峰电器(慈溪)有限公司",
        "宁波市华峰电器有限公司",
    ]
    path = tmp_path / "v.csv"
    path.write_text("企业名称,地址\n" + "".join(f"{n},慈溪市龙山镇\n" for n in names), encoding="utf-8")
    acc = _json(cli("import", path, "--json"))
    assert acc["companies"] == len(names)  # listed, never merged
    con = connect(db)
    groups = [v for (v,) in con.execute("SELECT value FROM problems WHERE code = 'possible-duplicate'")]
    assert len(groups) == 1 and set(groups[0].split(" ~ ")) == set(names)


FOLLOW_UP = "公司名称,联系人,手机,地址,客户类别,下次跟进\n"


def _export_rows(cli, path) -> dict[str, list[str]]:
    import csv

    assert cli("export", path).exit_code == 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return {r[1]: r[:6] for r in rows[1:]}  # by contact: the original columns


def test_a_blank_cell_never_erases_an_original_column_kept_as_it_is(cli, db, tmp_path):
    """Review r1 #4: re-importing a file whose cells are blank keeps the stored original cells
    (下次跟进 kept as it is, and the original text of mapped columns); a changed value replaces
    the stored one and is logged in history; a column the next file lacks is kept too."""
    first = tmp_path / "c.csv"
    first.write_text(
        FOLLOW_UP
        + "宁波华峰电器有限公司,張三,138 1234 5678,慈溪市观海卫镇工业园1号,B级,2026/12/5\n"
        + "慈溪市恒大纺织厂,李四,13900002222,慈溪市周巷镇,C,2026年12月6日\n",
        encoding="utf-8",
    )
    assert cli("import", first).exit_code == 0
    before = _export_rows(cli, tmp_path / "a.csv")
    assert before["張三"][5] == "2026/12/5"

    blanks = tmp_path / "c_v3.csv"
    blanks.write_text(
        FOLLOW_UP
        + "宁波华峰电器有限公司,張三,,慈溪市观海卫镇工业园1号,B级,\n"
        + "慈溪市恒大纺织厂,李四,13900002222,慈溪市周巷镇,C,2026年12月6日\n",
        encoding="utf-8",
    )
    acc = _json(cli("import", blanks, "--json"))
    assert acc["companies_unchanged"] == 2
    assert _export_rows(cli, tmp_path / "b.csv") == before
    con = connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM history").fetchone()[0] == 0
    finally:
        con.close()

    changed = tmp_path / "c_v4.csv"
    changed.write_text(FOLLOW_UP + "宁波华峰电器有限公司,張三,,,,2027/1/8\n", encoding="utf-8")
    result = cli("import", changed)
    assert result.exit_code == 0 and "下次跟进 2026/12/5 → 2027/1/8" in result.stdout
    assert "更新 1，未变 0" in result.stdout  # the change listed is counted (re-review r4 #9)
    after = _export_rows(cli, tmp_path / "out_c.csv")
    assert after["張三"] == [*before["張三"][:5], "2027/1/8"]
    assert after["李四"] == before["李四"]
    history = cli("history", "华峰", "-f", "csv")
    assert "下次跟进,2026/12/5,2027/1/8,c_v4.csv" in history.stdout
    pivot = cli("pivot", "--by", "下次跟进", "-f", "csv")
    assert "2027/1/8,1" in pivot.stdout and "2026/12/5" not in pivot.stdout

    fewer = tmp_path / "c_v5.csv"  # no 下次跟进 column at all
    fewer.write_text("公司名称,联系人,手机\n宁波华峰电器有限公司,張三,13812345678\n", encoding="utf-8")
    assert cli("import", fewer).exit_code == 0
    assert _export_rows(cli, tmp_path / "d.csv")["張三"] == [
        "宁波华峰电器有限公司",
        "張三",
        "13812345678",
        *before["張三"][3:5],
        "2027/1/8",
    ]


def test_the_readme_map_example_reads_a_sheet_of_few_known_headers_whole(cli, db, tmp_path):
    # 有限公司 and 街道 in the data end like header aliases; the labels above are the header.
    # (字号 is no alias: only --map names it.)
    path = tmp_path / "list.csv"
    path.write_text(
        "字号,对接人,手机号,地点\n"
        "慈溪市明月灯具厂,联系人0,13811110000,慈溪市逍林镇\n"
        "慈溪市星辰电子有限公司,联系人1,13811110001,慈溪市坎墩街道\n"
        "慈溪市恒通五金厂,联系人2,13811110002,慈溪市宗汉街道\n",
        encoding="utf-8",
    )
    acc = _json(cli("import", path, "--map", "字号=company", "--map", "对接人=contact", "--json"))
    assert (acc["rows_read"], acc["companies"], acc["rejected"]) == (3, 3, 0)


def test_an_import_that_changed_nothing_announces_only_the_problems_problems_lists(cli, db, contacts_xlsx):
    """Review r1 #8: the same file again after a `set` changes nothing and writes nothing, so it
    does not announce a kept-by-hand problem `problems` would not list; it announces the
    problems stored for that file, which `problems` does list."""
    assert cli("import", contacts_xlsx).exit_code == 0
    stored = cli("problems", "-f", "csv").stdout
    assert cli("set", "宏达五金", "--tier", "C").exit_code == 0
    before = dump(db)
    again = cli("import", contacts_xlsx)
    assert again.exit_code == 0 and "没有变化" in again.stdout
    assert "保留手工设置的值" not in again.stdout
    assert "缺少企业名称 1" in again.stdout and "缺少企业名称" in stored  # announced and listed
    assert dump(db) == before
    assert "kept-by-hand" not in cli("problems", "-f", "csv").stdout
    acc = _json(cli("import", contacts_xlsx, "--json"))
    assert acc["problems"] == len(stored.strip().splitlines()) - 1  # the rows `problems` lists


def test_status_shows_the_accounting_that_adds_up_right_aligned(cli, tmp_path, contacts_xlsx):
    """Review r1 #9: status's numbers are those of the import line — rows = new + updated +
    unchanged + merged + rejected — and they are right-aligned in the table."""
    acc = _json(cli("import", contacts_xlsx, "--json"))
    rows = [r for r in contact_rows() if any(v is not None for v in r)]
    rows[0][6] = "B"  # 华峰: A → B; its second row still merges into it
    rows.append([7, "新客户有限公司", "", "王五", "13000000000", "", "C", "", None])
    second = _json(cli("import", write_xlsx(tmp_path / "v2.xlsx", rows=rows), "--json"))
    table = cli("status", "-f", "csv", "--lang", "en").stdout.splitlines()
    assert table[0].split(",")[4:] == ["rows", "new", "updated", "unchanged", "merged", "rejected"]
    for line, a in zip(table[1:], (acc, second), strict=True):
        n = [int(v) for v in line.split(",")[4:]]
        names = (
            "rows_read",
            "companies_new",
            "companies_updated",
            "companies_unchanged",
            "merged",
            "rejected",
        )
        assert n == [a[k] for k in names]
        assert n[0] == sum(n[1:])
    assert [int(v) for v in table[2].split(",")[5:]] == [1, 1, 3, 1, 1]
    shown = cli("status").stdout
    row = next(line for line in shown.splitlines() if "v2.xlsx" in line)
    numbers = row.split("│")[5:-1]  # after file, sheet, time and kind
    assert len(numbers) == 6 and all(c[-2:] != "  " and c.startswith("  ") for c in numbers)  # right-aligned


def test_an_other_contact_sheet_left_alone_is_named_with_the_option_that_imports_it(cli, db, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    for i, year in enumerate(("2025年", "2026年")):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = year
        ws.append(["企业名称", "联系人", "电话"])
        ws.append([f"慈溪市{year}电器厂", "张", f"1380000000{i}"])
    path = tmp_path / "两年.xlsx"
    wb.save(path)
    acc = _json(cli("import", path, "--json", "--dry-run"))
    assert acc["other_sheets"] == ["2026年"]
    flat = "".join(cli("import", path).stdout.split())  # as printed, wrapped anywhere
    assert "另有工作表“2026年”也像一张表，未导入" in flat and "--sheet2026年" in flat
    assert _json(cli("import", path, "--sheet", "2026年", "--json"))["other_sheets"] == []


def test_lines_written_to_a_file_or_pipe_are_not_hard_wrapped(db, tmp_path):
    # Not a terminal and no COLUMNS (a log, a pipe): the import's summary line on stdout and a
    # note on stderr each stay one line, where rich used to break them at 80 columns; a
    # terminal (forced here) still wraps them at its width.
    from typer.testing import CliRunner

    from regiontool.cli import app
    from regiontool.store.db import is_url

    path = write_xlsx(tmp_path / "c.xlsx")
    long = (
        tmp_path / "long.csv"
    )  # a cell over Excel's limit (a workbook cannot hold one): export notes the cut
    long.write_text("企业名称,地址,备注\n甲厂,慈溪市长河镇1号," + "长" * 33_000 + "\n", encoding="utf-8")
    env = {"REGIONTOOL_DB": str(db), "COLUMNS": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
    env.update({"REGIONTOOL_ALL": "1"} if is_url(str(db)) else {})
    runner = CliRunner()
    imported = runner.invoke(app, ["import", str(path)], env=env)
    assert imported.exit_code == 0, imported.output
    summary = [line for line in imported.stdout.splitlines() if line.startswith("读取 ")]
    assert len(summary) == 1 and summary[0].endswith("）"), imported.stdout  # its whole text
    assert len(summary[0]) > 60  # wider than 80 columns: Chinese characters take two
    assert runner.invoke(app, ["import", str(long)], env=env).exit_code == 0
    exported = runner.invoke(app, ["export", str(tmp_path / "r.xlsx"), "--lang", "en"], env=env)
    note = [line for line in exported.stderr.splitlines() if line.startswith("note: ")]
    assert note == ["note: 1 cell over Excel's 32,767 characters was cut (listed in the problems sheet)"]
    terminal = runner.invoke(app, ["import", str(path), "--dry-run"], env={**env, "TTY_COMPATIBLE": "1"})
    assert terminal.exit_code == 0, terminal.output
    assert "读取 " in terminal.stdout
    assert not [
        line for line in terminal.stdout.splitlines() if line.startswith("读取 ") and line.endswith("）")
    ]


def _left_out(cli, *args) -> dict:
    acc = _json(cli("import", *args, "--json"))
    return {k: acc[k] for k in ("companies_not_in_file", "contacts_not_in_file")}


def test_rows_deleted_from_a_new_version_of_the_list_are_kept_and_reported(cli, db, tmp_path):
    # 宏达 deleted (its one row), 李娜 deleted from 华峰: both kept in the workspace, both reported,
    # once by the summary line and once each in problems.
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = contact_rows()
    del rows[3], rows[1]
    path = write_xlsx(tmp_path / "contacts.xlsx", rows=rows)
    assert _left_out(cli, path, "--dry-run") == {"companies_not_in_file": 1, "contacts_not_in_file": 2}
    out = cli("import", path).output
    assert "此前导入的同一名单中有 1 家企业、2 个联系人不在此文件中（已保留" in out
    problems = {r[0]: r[1] for r in connect(db).execute("SELECT code, message_zh FROM problems")}
    assert "宁波宏达五金厂（企业编号" in problems["firm-not-in-file"]
    assert "contacts.xlsx 第 7 行" in problems["firm-not-in-file"]  # under a title row and the header
    assert "李娜" in problems["contact-not-in-file"]
    assert connect(db).execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 5  # nothing erased
    en = cli("import", path, "--lang", "en").output
    assert "1 company and 2 contacts of an earlier version of this list are not in it (kept" in en
    # The rows put back: nothing is left out any more.
    assert _left_out(cli, write_xlsx(tmp_path / "contacts.xlsx")) == {
        "companies_not_in_file": 0,
        "contacts_not_in_file": 0,
    }


def test_a_renamed_new_version_is_compared_but_another_list_is_not(cli, db, tmp_path):
    headers = ["企业名称", "联系人", "电话"]
    firms = [[f"慈溪市第{i}五金厂", f"联系人{i}", f"1380000{i:04d}"] for i in range(20)]
    cli("import", write_xlsx(tmp_path / "客户联系表_1201.xlsx", headers=headers, rows=firms, title=None))
    # Another list (a trade fair's) sharing one firm: its absent firms are no news.
    fair = [firms[5], ["展会新企业", "王五", "13900000000"]]
    assert _left_out(cli, write_xlsx(tmp_path / "展会.xlsx", headers=headers, rows=fair, title=None)) == {
        "companies_not_in_file": 0,
        "contacts_not_in_file": 0,
    }
    # Next week's version of the list, saved under a new name, with two firms gone.
    week2 = write_xlsx(tmp_path / "客户联系表_1208.xlsx", headers=headers, rows=firms[2:], title=None)
    assert _left_out(cli, week2) == {"companies_not_in_file": 2, "contacts_not_in_file": 2}
    assert connect(db).execute("SELECT COUNT(*) FROM companies").fetchone()[0] == 21


def test_json_is_one_object_for_one_file_and_a_list_for_several(cli, contacts_xlsx, tmp_path):
    """The README's shape: a script passing several files gets a list, one object per file in order."""
    orders = write_orders(
        tmp_path / "o.xlsx", [["慈溪市华峰电器有限公司", dt.date(2026, 3, 5), "ERP", 1, 100, "A1"]]
    )
    one = json.loads(cli("import", contacts_xlsx, "--json", "--dry-run").stdout)
    assert isinstance(one, dict) and one["file"] == "contacts.xlsx" and "rows_read" in one
    several = json.loads(cli("import", contacts_xlsx, orders, "--json").stdout)
    assert [acc["file"] for acc in several] == ["contacts.xlsx", "o.xlsx"]
    assert all("rows_read" in acc for acc in several)


def test_importing_a_workbooks_orders_sheet_keeps_the_problems_of_its_contacts_sheet(cli, tmp_path):
    """One workbook, a 客户 sheet and a 订单 sheet imported one after the other: each sheet's
    problems are those of its own latest import (the orders sheet's import deleted the contacts'
    problems, listed by file alone); a new import of the 客户 sheet replaces only its own."""
    import openpyxl

    book = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "客户"
    wb.active.append(["企业名称", "区域经理", "客户分类"])
    wb.active.append(["慈溪市华峰电器有限公司", "王海波", "X"])
    orders = wb.create_sheet("订单")
    orders.append(["客户名称", "订单日期", "产品", "数量", "金额", "订单号"])
    orders.append(["宁波某某公司", dt.date(2026, 3, 5), "ERP", 1, 9000, "A1"])
    wb.save(book)

    def codes():
        r = cli("problems", "-f", "json", "--lang", "en")
        assert r.exit_code == 0, r.output
        return sorted((p["sheet"], p["code"]) for p in json.loads(r.stdout))

    assert cli("import", book, "--sheet", "客户").exit_code == 0
    assert codes() == [("客户", "invalid-tier")]
    assert cli("import", book, "--sheet", "订单", "--kind", "orders").exit_code == 0
    assert codes() == [("客户", "invalid-tier"), ("订单", "unlinked-order")]
    wb["客户"]["C2"] = "A"  # the tier mended: the 客户 sheet's problem goes, the 订单 sheet's stays
    wb.save(book)
    assert cli("import", book, "--sheet", "客户").exit_code == 0
    assert codes() == [("订单", "unlinked-order")]


def test_the_key_fields_line_of_a_reimport_counts_what_the_workspace_holds(cli, tmp_path):
    """A new version of the list with a firm's tier and address blanked erases neither (a blank
    cell never does), so its key-fields line and --json still count them; before, they counted the
    file's cells (客户分类 0 (0%)) while every analysis still had the firm as A in 长河镇."""
    headers = ["企业名称", "地址", "联系人", "区域经理", "客户分类"]
    full = [["慈溪市华峰电器有限公司", "浙江省慈溪市长河镇垫桥村118号", "张伟", "王海波", "A"]]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=full, title=None, notes_sheet=False)
    first = json.loads(cli("import", path, "--json").stdout)
    assert (first["with_tier"], first["with_town"]) == (1, 1)
    slim = [["慈溪市华峰电器有限公司", None, "张伟", "王海波", None]]
    write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=slim, title=None, notes_sheet=False)
    again = cli("import", path)
    assert again.exit_code == 0, again.output
    assert "镇街 1 (100%)" in again.stdout and "客户分类 1 (100%)" in again.stdout
    more = [*slim, ["宁波宏达五金厂", None, "李娜", "王海波", None]]
    write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=more, title=None, notes_sheet=False)
    acc = json.loads(cli("import", path, "--json", "--dry-run").stdout)
    assert (acc["companies"], acc["with_tier"], acc["with_town"]) == (2, 1, 1)
