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
