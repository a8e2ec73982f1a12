"""Re-importing regiontool's own resource table (review r17 #1, #2, #3), through the CLI on
generated workbooks: the export's own columns (key fields, 推断依据, 企业编号, the source columns)
are recognised and never kept as original columns, so a round trip neither grows the table nor
changes anything; an edit made in the export is taken (a key-field column that differs from the
workspace, or a corrected original column); an English export's values read back as the stored
Chinese ones."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import write_xlsx
from regiontool.cli import app

HEADERS = ["企业名称", "地址", "联系人", "手机", "电话", "客户分类", "是否关键联系人", "员工人数", "邮编"]
ROWS = [
    ["慈溪市华峰电器有限公司", "浙江省宁波市慈溪市龙山镇龙山大道18号", "张伟", "13812345678", "0574-63012345", "A", "是", "120", "315300"],
    ["慈溪市华峰电器有限公司", "浙江省宁波市慈溪市龙山镇龙山大道18号", "李娜", "13912345678", None, "A", "否", None, None],
    ["慈溪市新浦五金工具厂", "浙江省宁波市慈溪市新浦镇新浦路1号", "赵六", None, "0574-63012399", "大客户", "是", "20人", None],
]  # fmt: skip
HUAFENG, XINPU = ROWS[0][0], ROWS[2][0]


def _source(tmp_path):
    return write_xlsx(tmp_path / "客户联系表.xlsx", HEADERS, ROWS, notes_sheet=False)


def _import(cli, path, *more) -> dict:
    result = cli("import", path, "--json", *more)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _headers(path) -> list[str]:
    return [c.value for c in openpyxl.load_workbook(path).worksheets[0][1]]


def _explained(cli, name: str) -> dict:
    result = cli("explain", name, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _field(explained: dict, key: str) -> dict:
    return next(f for f in explained["fields"] if f["field"] == key)


def _edit(src, dst, edits: dict[tuple[str, str], object]) -> None:
    """Set cells of an exported workbook: (contact, header) → value."""
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        who = ws.cell(r, col["联系人"]).value
        for (contact, header), value in edits.items():
            if contact == who:
                ws.cell(r, col[header]).value = value
    wb.save(dst)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_unedited_export_reimported_changes_nothing_and_keeps_its_width(cli, tmp_path, lang, suffix):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out = tmp_path / f"out{suffix}"
    assert cli("export", out, "--lang", lang).exit_code == 0
    before = cli("history", HUAFENG, "--format", "json").stdout
    line = _import(cli, out)
    assert (line["companies_new"], line["companies_updated"], line["companies_unchanged"]) == (0, 0, 2)
    assert cli("history", HUAFENG, "--format", "json").stdout == before
    problems = json.loads(cli("problems", "--format", "json", "--lang", "en").stdout)
    assert {p["file"] for p in problems} <= {"客户联系表.xlsx"}  # none new, none of the export
    again = tmp_path / "again.xlsx"
    assert cli("export", again).exit_code == 0
    zh = tmp_path / "zh.xlsx"
    assert cli("export", zh).exit_code == 0
    assert _headers(again) == _headers(zh)
    assert len(_headers(again)) == len(HEADERS) + 16  # the originals, 11 key fields, 5 trace columns
    # the rows still trace back to the source file, and the town is still inferred from the address
    rows = list(openpyxl.load_workbook(again).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {r[-3] for r in rows} == {"客户联系表.xlsx"}
    assert _field(_explained(cli, HUAFENG), "town")["basis"].startswith("地址 → 龙山镇")


def test_an_english_export_imported_into_a_fresh_workspace(cli, tmp_path):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out = tmp_path / "out.xlsx"
    assert cli("export", out, "--lang", "en").exit_code == 0
    runner, env = CliRunner(), {"REGIONTOOL_DB": str(tmp_path / "fresh.db"), "COLUMNS": "200"}
    for args in (["import", out], ["export", tmp_path / "o2.xlsx", "--lang", "en"]):
        result = runner.invoke(app, list(map(str, args)), env=env)
        assert result.exit_code == 0, result.output
    assert _headers(tmp_path / "o2.xlsx") == _headers(out)
    result = runner.invoke(app, ["pivot", "--by", "industry", "-f", "json"], env=env)
    industries = {r["行业"] for r in json.loads(result.stdout)} - {"总计"}
    assert industries == {"电子电器", "五金机械"}


def test_edits_made_in_the_export_are_taken(cli, tmp_path):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(
        out,
        edited,
        {
            ("赵六", "客户分类（整理）"): "B",  # a tier filled into the key-field column
            ("李娜", "手机"): "13912349999",  # a corrected original column
            ("张伟", "镇街"): "掌起镇",  # a corrected inferred town
        },
    )
    line = _import(cli, edited)
    assert line["companies_updated"] == 2
    xinpu = _explained(cli, XINPU)
    assert _field(xinpu, "tier")["value"] == "B"
    assert _field(xinpu, "tier")["basis"] == "资源表的列“客户分类（整理）”"
    huafeng = _explained(cli, HUAFENG)
    li = next(c for c in huafeng["contacts"] if c["name"] == "李娜")
    assert li["phone"] == "13912349999"  # replaced, not added beside the stale 电话（整理）
    town = _field(huafeng, "town")
    assert (town["value"], town["basis"]) == ("掌起镇", "资源表的列“镇街”")
    assert _field(huafeng, "county")["basis"] == "由镇街推得（掌起镇 → 慈溪市）"
    changes = {(h["field"], h["new"], h["source"]) for h in huafeng["history"]}
    assert ("town", "掌起镇", "e_edit.xlsx") in changes
    assert ("phone", "13912349999", "e_edit.xlsx") in changes


def test_a_phone_corrected_in_the_key_field_column_is_taken(cli, tmp_path):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(out, edited, {("李娜", "电话（整理）"): "139 1234 0000"})
    _import(cli, edited)
    li = next(c for c in _explained(cli, HUAFENG)["contacts"] if c["name"] == "李娜")
    assert li["phone"] == "13912340000"


def test_an_english_export_edited_reads_its_english_words_back(cli, tmp_path):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "en.xlsx", tmp_path / "en_edit.xlsx"
    assert cli("export", out, "--lang", "en").exit_code == 0
    _edit(out, edited, {("赵六", "industry"): "plastics & rubber", ("赵六", "size"): "medium"})
    _import(cli, edited)
    xinpu = _explained(cli, XINPU)
    assert _field(xinpu, "industry")["value"] == "塑料"
    assert _field(xinpu, "size")["value"] == "中型"
    pivot = json.loads(cli("pivot", "--by", "industry", "-f", "json").stdout)
    assert not any(r["行业"] and r["行业"].isascii() for r in pivot)


def test_a_sheet_with_an_english_industry_column_stores_the_chinese_industry(cli, tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx",
        ["企业名称", "地址", "联系人", "industry"],
        [["宁波新材料科技有限公司", "浙江省宁波市慈溪市龙山镇", "王五", "Plastics & Rubber"]],
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    assert _field(_explained(cli, "宁波新材料科技有限公司"), "industry")["value"] == "塑料"


def _history(cli, name: str) -> list:
    return _explained(cli, name)["history"]


def test_an_edit_taken_from_the_export_is_kept_by_the_next_round_trips(cli, tmp_path):
    """Review r20 #1: the export still carries the original columns (客户分类 大客户, 手机, the
    address with 龙山镇); equal to the stored original cells they are no edit, so the next
    unedited export → import does not put them back."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(
        out,
        edited,
        {
            ("赵六", "客户分类（整理）"): "B",
            ("李娜", "电话（整理）"): "13912340000",
            ("张伟", "镇街"): "掌起镇",
        },
    )
    assert _import(cli, edited)["companies_updated"] == 2
    for round_trip in ("x2.xlsx", "x3.csv", "x4.xlsx"):
        before = _history(cli, HUAFENG), _history(cli, XINPU)
        assert cli("export", tmp_path / round_trip).exit_code == 0
        line = _import(cli, tmp_path / round_trip)
        assert (line["companies_updated"], line["companies_unchanged"]) == (0, 2), round_trip
        assert (_history(cli, HUAFENG), _history(cli, XINPU)) == before
    xinpu, huafeng = _explained(cli, XINPU), _explained(cli, HUAFENG)
    assert (_field(xinpu, "tier")["value"], _field(huafeng, "town")["value"]) == ("B", "掌起镇")
    assert next(c for c in huafeng["contacts"] if c["name"] == "李娜")["phone"] == "13912340000"


def test_an_original_column_edited_after_a_key_field_edit_is_taken(cli, tmp_path):
    """The original columns still count where they differ from the stored cells: a 客户分类 typed
    over in the second export replaces the tier the first one set."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(out, edited, {("赵六", "客户分类（整理）"): "B"})
    _import(cli, edited)
    again, edited = tmp_path / "x2.xlsx", tmp_path / "x2_edit.xlsx"
    assert cli("export", again).exit_code == 0
    _edit(again, edited, {("赵六", "客户分类"): "D"})
    _import(cli, edited)
    assert _field(_explained(cli, XINPU), "tier")["value"] == "D"


def test_a_sheet_with_trace_like_columns_of_its_own_is_no_export(cli, tmp_path):
    """Review r20 #2: a merged contact list with its own 企业编号 and 来源文件/来源工作表/来源行 (but
    no 推断依据, no key-field columns) keeps them as original columns and infers its towns."""
    headers = ["企业名称", "地址", "联系人", "手机", "企业编号", "来源文件", "来源工作表", "来源行"]
    rows = [
        ["慈溪市华峰电器厂", "浙江省宁波市慈溪市龙山镇镇东路18号", "张三", "13812345678", "C-0001", "2025展会.xlsx", "Sheet1", 2],
        ["宁波长河五金工具厂", "慈溪市长河镇长丰路5号", "王五", "13900001111", "C-0002", "2025展会.xlsx", "Sheet1", 3],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "合并名单.xlsx", headers, rows, notes_sheet=False)
    line = _import(cli, path)
    assert line["with_town"] == 2
    assert _field(_explained(cli, "慈溪市华峰电器厂"), "town")["value"] == "龙山镇"
    assert cli("export", tmp_path / "out.json").exit_code == 0
    table = json.loads((tmp_path / "out.json").read_text())
    first = table["resources"][0]
    assert (first["企业编号"], first["来源文件"]) == ("C-0001", "2025展会.xlsx")


def test_a_users_column_named_like_a_clean_key_column_stays_the_users(cli, tmp_path):
    """Review r20 #3: the sheet's own 行业（整理） is an original column (the export's industry column
    is its plain 行业, after the original columns); an edit of it is the user's industry, and the
    round trips neither grow the table nor change anything."""
    headers = ["企业名称", "地址", "联系人", "客户分类", "行业（整理）", "镇街"]
    rows = [
        ["慈溪市华峰电器厂", "慈溪市龙山镇镇东路18号", "张三", "A", "电器", "龙山镇"],
        ["宁波长河五金工具厂", "慈溪市长河镇长丰路5号", "王五", "B", "五金", "长河镇"],
    ]
    assert cli("import", write_xlsx(tmp_path / "c1.xlsx", headers, rows, notes_sheet=False)).exit_code == 0
    e1, edited = tmp_path / "e1.xlsx", tmp_path / "e1_edit.xlsx"
    assert cli("export", e1).exit_code == 0
    wide = _headers(e1)
    assert wide[: len(headers)] == headers and "行业" in wide[len(headers) :]
    _edit(e1, edited, {("王五", "行业（整理）"): "模具", ("张三", "客户分类（整理）"): "B"})
    _import(cli, edited)
    assert _field(_explained(cli, "宁波长河五金工具厂"), "industry")["value"] == "模具"
    e3 = tmp_path / "e3.xlsx"
    assert cli("export", e3).exit_code == 0
    assert _headers(e3) == wide
    ws = openpyxl.load_workbook(e3).worksheets[0]
    assert ws.cell(3, headers.index("行业（整理）") + 1).value == "模具"  # the user's cell, as edited
    line = _import(cli, e3)
    assert (line["companies_updated"], line["companies_unchanged"]) == (0, 2)
    assert _field(_explained(cli, "慈溪市华峰电器厂"), "tier")["value"] == "B"
    assert _field(_explained(cli, "宁波长河五金工具厂"), "industry")["value"] == "模具"


def test_a_date_time_cell_read_back_from_the_csv_export_is_no_change(cli, tmp_path):
    """Review r20 #4: the CSV export writes 2026-12-01 09:15:00; the kept cell is that date-time."""
    import datetime as dt

    path = tmp_path / "tm.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "手机", "下次跟进"])
    ws.append(
        ["慈溪市华峰电器厂", "慈溪市龙山镇镇东路18号", "张三", "13812345678", dt.datetime(2026, 12, 1, 9, 15)]
    )
    ws["E2"].number_format = "yyyy-mm-dd hh:mm"
    wb.save(path)
    assert cli("import", path).exit_code == 0
    before = _history(cli, "慈溪市华峰电器厂")
    assert cli("export", tmp_path / "e.csv").exit_code == 0
    line = _import(cli, tmp_path / "e.csv")
    assert (line["companies_updated"], line["companies_unchanged"]) == (0, 1)
    assert _history(cli, "慈溪市华峰电器厂") == before


def test_an_address_edited_in_the_export_moves_the_inferred_town(cli, tmp_path):
    """Review r20 #5: the source's address column is 详细地址, so the export's 地址 is its key-field
    column; a new address there re-infers the town (and county), with a reason that says so, and
    the next round trip keeps it."""
    path = write_xlsx(
        tmp_path / "c9.xlsx",
        ["公司名称", "详细地址", "对接人", "手机"],
        [["慈溪市华峰电器厂", "慈溪市龙山镇镇东路18号", "张三", "13812345678"]],
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e2.xlsx"
    assert cli("export", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    ws.cell(2, col["地址"]).value = "慈溪市掌起镇任佳溪村8号"
    wb.save(edited)
    _import(cli, edited)
    town = _field(_explained(cli, "慈溪市华峰电器厂"), "town")
    assert (town["value"], town["basis"]) == ("掌起镇", "地址 → 掌起镇（慈溪市，地址写明区县）")
    again = tmp_path / "x2.xlsx"
    assert cli("export", again).exit_code == 0
    assert _import(cli, again)["companies_unchanged"] == 1
    explained = _explained(cli, "慈溪市华峰电器厂")
    assert (_field(explained, "address")["value"], _field(explained, "town")["value"]) == (
        "慈溪市掌起镇任佳溪村8号",
        "掌起镇",
    )


def _problems(cli, lang: str = "zh") -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rows_of_one_firm_edited_differently_take_the_first_and_report_the_other(cli, tmp_path):
    """Review: the export's two rows of one firm given two tiers (and two managers): the first
    row's edit is taken, the other is reported (conflicting-value) at its own sheet row, in zh
    and en; the contacts' own columns (电话, 是否关键联系人) belong to each row and are no conflict."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(
        out,
        edited,
        {
            ("张伟", "客户分类（整理）"): "B",
            ("李娜", "客户分类（整理）"): "C",
            ("张伟", "区域经理"): "王五",
            ("李娜", "区域经理"): "赵七",
            ("张伟", "电话（整理）"): "13812340001",
            ("李娜", "电话（整理）"): "13912340002",
            ("李娜", "是否关键联系人（整理）"): "是",
        },
    )
    _import(cli, edited)
    huafeng = _explained(cli, HUAFENG)
    assert (_field(huafeng, "tier")["value"], _field(huafeng, "manager")["value"]) == ("B", "王五")
    phones = {c["name"]: c["phone"] for c in huafeng["contacts"]}
    assert phones == {"张伟": "13812340001", "李娜": "13912340002"}
    ws = openpyxl.load_workbook(edited).worksheets[0]
    col = {c.value: c.column for c in ws[1]}
    li_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["联系人"]).value == "李娜")
    letters = {h: ws.cell(1, col[h]).column_letter for h in ("客户分类（整理）", "区域经理")}
    en = [p for p in _problems(cli, "en") if p["code"] == "conflicting-value"]
    assert {(p["code"], p["row"], p["column"], p["value"]) for p in en} == {
        ("conflicting-value", li_row, letters["客户分类（整理）"], "B / C"),
        ("conflicting-value", li_row, letters["区域经理"], "王五 / 赵七"),
    }
    assert f"{HUAFENG}: tier differs between rows ('B' vs 'C'); kept 'B'" in [p["message"] for p in en]
    zh = [p["说明"] for p in _problems(cli) if p["代码"] == "conflicting-value"]
    assert f"{HUAFENG} 的客户分类前后不一致（“B”与“C”）：保留“B”" in zh


def test_rows_of_one_firm_edited_alike_or_one_left_as_it_was_are_no_conflict(cli, tmp_path):
    assert cli("import", _source(tmp_path)).exit_code == 0
    out, edited = tmp_path / "e.xlsx", tmp_path / "e_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(out, edited, {("张伟", "客户分类（整理）"): "C", ("李娜", "客户分类（整理）"): "c"})
    _edit(edited, edited, {("张伟", "区域经理"): "王五"})  # 李娜's row left blank: no edit
    _import(cli, edited)
    assert not [p for p in _problems(cli, "en") if p["code"] == "conflicting-value"]
    huafeng = _explained(cli, HUAFENG)
    assert (_field(huafeng, "tier")["value"], _field(huafeng, "manager")["value"]) == ("C", "王五")


def _set_then_exports(cli, tmp_path):
    """An export written before `set --tier B`, one written after, each with 张伟's row's
    客户分类（整理） given (the stale one as it was, A; the later one edited to C)."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    before = tmp_path / "before.xlsx"
    assert cli("export", before).exit_code == 0
    assert cli("set", HUAFENG, "--tier", "B").exit_code == 0
    after = tmp_path / "after.xlsx"
    assert cli("export", after).exit_code == 0
    return before, after


def test_an_edit_in_an_export_written_after_a_set_wins(cli, tmp_path):
    """Review: the export showed the hand-set B; the manager's C typed over it is a newer edit
    than the `set`, and is taken (not kept-by-hand)."""
    _before, after = _set_then_exports(cli, tmp_path)
    edited = tmp_path / "after_edit.xlsx"
    _edit(after, edited, {("张伟", "客户分类（整理）"): "C", ("李娜", "客户分类（整理）"): "C"})
    line = _import(cli, edited)
    assert line["companies_updated"] == 1
    huafeng = _explained(cli, HUAFENG)
    assert _field(huafeng, "tier")["value"] == "C"
    assert ("tier", "B", "C", "after_edit.xlsx") in {
        (h["field"], h["old"], h["new"], h["source"]) for h in huafeng["history"]
    }
    assert not [p for p in _problems(cli, "en") if p["code"] == "kept-by-hand"]


def test_a_stale_export_written_before_a_set_keeps_the_hand_set_value(cli, tmp_path):
    """The export written before the `set` shows the old A: no edit over the hand's B, which
    stays (reported as kept-by-hand when the import changes something else, as for any file)."""
    before, _after = _set_then_exports(cli, tmp_path)
    edited = tmp_path / "before_edit.xlsx"
    _edit(before, edited, {("张伟", "区域经理"): "王五"})
    assert _import(cli, edited)["companies_updated"] == 1
    huafeng = _explained(cli, HUAFENG)
    assert (_field(huafeng, "tier")["value"], _field(huafeng, "manager")["value"]) == ("B", "王五")
    kept = [p for p in _problems(cli, "en") if p["code"] == "kept-by-hand"]
    assert [p["value"] for p in kept] == ["B / A"]


def test_a_county_follows_a_town_edited_in_an_export_written_after_a_set(cli, tmp_path):
    """`set --town 马渚镇` set the county too (余姚市); the later export's 镇街 typed over with
    掌起镇 is taken, and its county (慈溪市, a value the county had before) goes with it."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    assert cli("set", HUAFENG, "--town", "马渚镇").exit_code == 0
    huafeng = _explained(cli, HUAFENG)
    assert (_field(huafeng, "town")["value"], _field(huafeng, "county")["value"]) == ("马渚镇", "余姚市")
    out, edited = tmp_path / "after.xlsx", tmp_path / "after_edit.xlsx"
    assert cli("export", out).exit_code == 0
    _edit(out, edited, {("张伟", "镇街"): "掌起镇"})
    _import(cli, edited)
    huafeng = _explained(cli, HUAFENG)
    assert (_field(huafeng, "town")["value"], _field(huafeng, "county")["value"]) == ("掌起镇", "慈溪市")


def test_a_stale_export_keeps_a_tier_set_by_hand_over_an_unrecognised_one(cli, tmp_path):
    """Review r21 #1: 新浦's tier 大客户 is not a tier code (stored as its text only); `set --tier B`
    then logged ∅ → B, so the stale export's 大客户 looked like a value the field never had and
    took B back to 大客户. The set now logs the text shown (大客户 → B), and an export's value
    that is no tier code never replaces a tier set by hand."""
    assert cli("import", _source(tmp_path)).exit_code == 0
    before = tmp_path / "before.xlsx"
    assert cli("export", before).exit_code == 0
    assert cli("set", XINPU, "--tier", "B").exit_code == 0
    assert ("tier", "大客户", "B") in {(h["field"], h["old"], h["new"]) for h in _history(cli, XINPU)}
    _import(cli, before)
    assert _field(_explained(cli, XINPU), "tier")["value"] == "B"
    edited = tmp_path / "before_edit.xlsx"  # the stale export with 大客户 typed as something else unknown
    _edit(before, edited, {("赵六", "客户分类（整理）"): "重点客户"})
    _import(cli, edited)
    assert _field(_explained(cli, XINPU), "tier")["value"] == "B"


def test_rows_edited_differently_are_listed_even_when_the_import_changes_nothing(cli, tmp_path):
    """Review r21 #5: a stale export (written before `set --tier B`) whose second row was edited
    to C: the first row's A is stale, so the hand's B stays and nothing changes, and the C was
    dropped with everything else. The export's own problem is kept and listed."""
    before, _after = _set_then_exports(cli, tmp_path)
    edited = tmp_path / "before_edit.xlsx"
    _edit(before, edited, {("李娜", "客户分类（整理）"): "C"})
    line = _import(cli, edited)
    assert line["companies_updated"] == 0 and line["problems"] == 2
    assert _field(_explained(cli, HUAFENG), "tier")["value"] == "B"
    listed = [(p["code"], p["file"], p["value"]) for p in _problems(cli, "en")]
    assert ("conflicting-value", "before_edit.xlsx", "A / C") in listed
    assert ("kept-by-hand", "before_edit.xlsx", "B / A") in listed  # the stale A, kept out by the set
    _import(cli, edited)  # the same file again: nothing more
    assert len([p for p in _problems(cli, "en") if p["code"] == "conflicting-value"]) == 1


def test_an_export_edit_kept_out_by_a_set_is_listed_even_when_the_import_changes_nothing(cli, tmp_path):
    """Review r22 #3: after `set --tier B`, a later export's 客户分类（整理） typed as 战略客户 (no tier
    code) is not taken; with nothing else changed the kept-by-hand problem was dropped with
    everything else, so the manager's edit vanished without a word."""
    _before, after = _set_then_exports(cli, tmp_path)
    edited = tmp_path / "after_edit.xlsx"
    _edit(after, edited, {("张伟", "客户分类（整理）"): "战略客户", ("李娜", "客户分类（整理）"): "战略客户"})
    line = _import(cli, edited)
    assert line["companies_updated"] == 0 and line["problems"] == 1
    assert _field(_explained(cli, HUAFENG), "tier")["value"] == "B"
    kept = [p for p in _problems(cli, "en") if p["code"] == "kept-by-hand"]
    assert [(p["file"], p["value"]) for p in kept] == [("after_edit.xlsx", "B / 战略客户")]


def test_an_unedited_csv_export_with_boolean_cells_changes_nothing(cli, tmp_path):
    """Review r22 #4: TRUE/FALSE cells were written True/False to the CSV export, so importing it
    back untouched updated every such contact (TRUE → True)."""
    source = write_xlsx(
        tmp_path / "b.xlsx",
        ["企业名称", "联系人", "是否关键联系人", "已拜访"],
        [["慈溪市甲电器厂", "张三", True, False], ["慈溪市乙电器厂", "李四", False, True]],
        notes_sheet=False,
    )
    assert cli("import", source).exit_code == 0
    out = tmp_path / "资源表.csv"
    assert cli("export", out).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "TRUE" in text and "True" not in text
    line = _import(cli, out)
    assert (line["companies_updated"], line["companies_unchanged"]) == (0, 2)
