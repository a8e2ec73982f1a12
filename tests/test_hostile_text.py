"""Odd text from the data followed into every output (review r36): control characters and ESC
sequences never reach the terminal or a calendar raw, an xlsx keeps them exactly (so an unedited
export imported again is 未变 and `done` accepts the plan's rows), a cell cut at Excel's limit is
no edit, sheet names made from headers always fit Excel, and a report lists its cut cells."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from regiontool.io.write import Sheet, write_xlsx
from regiontool.vocab.sheets import SHEET_NAME_MAX

ESC_FIRM = "控制\x1b[31m红\x1b[0m电子有限公司"
LONG_NOTE = "长" * 40_000
HEADERS = ["企业名称", "地址", "联系人", "手机", "区域经理", "客户分类", "备注"]


def _contacts(folder: Path, rows: list[list[str]], headers=HEADERS) -> Path:
    path = folder / "contacts.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([headers, *rows])
    return path


ROWS = [
    [
        ESC_FIRM,
        "浙江省慈溪市龙山镇兴业路1号",
        "张三\x01",
        "13800000001",
        "王海波",
        "A\x07",
        "ERP\x1b[2J标准版",
    ],
    ["正常电子有限公司", "浙江省慈溪市龙山镇兴业路2号", "李四", "13800000002", "王海波", "A", "_x0041_ 原样"],
]


@pytest.fixture
def hostile(cli, tmp_path: Path) -> Path:
    result = cli("import", _contacts(tmp_path, ROWS))
    assert result.exit_code == 0, result.output
    return tmp_path


def test_a_terminal_table_shows_control_characters_and_keeps_its_borders(cli, hostile):
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x01" not in result.stdout and "\x07" not in result.stdout
    assert "控制␛[31m红␛[0m电子有限公司" in result.stdout
    rows = [line for line in result.stdout.splitlines() if "电子有限公司" in line]
    assert len(rows) == 2 and len({cell_len(line) for line in rows}) == 1  # the borders line up
    shown = cli("explain", "正常电子有限公司").stdout + cli("problems").stdout
    assert "\x1b" not in shown and "\x01" not in shown


def test_an_unedited_xlsx_export_keeps_control_characters_and_imports_as_unchanged(cli, hostile):
    out = hostile / "e.xlsx"
    assert cli("export", out).exit_code == 0
    cells = {c for row in pc.CalamineWorkbook.from_path(out).get_sheet_by_index(0).to_python() for c in row}
    assert {ESC_FIRM, "张三\x01", "A\x07", "ERP\x1b[2J标准版", "_x0041_ 原样"} <= cells
    result = cli("import", out)
    assert result.exit_code == 0, result.output
    assert "（新增 0，更新 0，未变 2）" in result.stdout
    firms = json.loads(cli("list", "-f", "json", "--lang", "en").stdout)
    assert len(firms) == 2


def test_a_cell_cut_at_excels_limit_in_an_export_is_no_edit_when_imported_again(cli, tmp_path):
    rows = [
        ["正常电子有限公司", "浙江省慈溪市龙山镇兴业路2号", "李四", "13800000002", "王海波", "A", LONG_NOTE]
    ]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    out = tmp_path / "e.xlsx"
    assert cli("export", out).exit_code == 0
    result = cli("import", out)
    assert result.exit_code == 0, result.output
    assert "（新增 0，更新 0，未变 1）" in result.stdout and "变更" not in result.stdout
    (firm,) = json.loads(cli("list", "-f", "json", "--lang", "en").stdout)
    assert not cli("history", firm["company"]).stdout.count("备注")
    exported = tmp_path / "after.json"
    assert cli("export", exported).exit_code == 0
    assert [r["备注"] for r in json.loads(exported.read_text("utf-8"))["resources"]] == [LONG_NOTE]

    # An edit of the cut cell is still an edit.
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    note = next(c.column for c in ws[1] if c.value == "备注")
    ws.cell(2, note).value = "改短了"
    wb.save(out)
    result = cli("import", out)
    assert "更新 1" in result.stdout and "改短了" in result.stdout


def test_done_accepts_the_rows_of_a_firm_whose_name_holds_a_control_character(cli, hostile):
    plan = hostile / "plan.xlsx"
    assert cli("plan", "--start", "2026-11-30", "--out", plan, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(plan)
    filled = 0
    for ws in wb.worksheets:
        header = None
        for row in ws.iter_rows():
            values = [c.value for c in row]
            if "完成情况" in values:
                header, col = values, values.index("完成情况")
            elif header and row[0].value is not None and any(values[1:3]) and not row[col].value:
                row[col].value = "完成：谈妥"
                filled += 1
    assert filled == 2
    wb.save(plan)
    result = cli("done", plan)
    assert result.exit_code == 0, result.output
    assert "完成 2" in result.stdout and "无法识别 0" in result.stdout


def test_the_calendar_file_holds_no_control_character(cli, hostile):
    ics = hostile / "plan.ics"
    assert cli("plan", "--start", "2026-11-30", "--ics", ics, "--manager", "王海波").exit_code == 0
    text = ics.read_bytes().decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text.replace("\r\n", ""))
    assert "控制␛[31m红␛[0m电子有限公司" in text


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("𠀀号微信昵称及其说明文字（自企业微信导出的字段原样）", "zh"),
        ("𠀀号微信昵称及其说明文字（自企业微信导出的字段原样）", "en"),
        ("😀" * 20, "zh"),
        ("'引号列'", "zh"),
        ("'引号列'", "en"),
    ],
)
def test_a_pivot_sheet_named_after_any_header_is_written(cli, tmp_path, header, lang):
    rows = [["正常电子有限公司", "浙江省慈溪市龙山镇兴业路2号", "李四", "13800000002", "王海波", "A", "x"]]
    assert cli("import", _contacts(tmp_path, rows, [*HEADERS[:-1], header])).exit_code == 0
    out = tmp_path / "p.xlsx"
    result = cli("pivot", "--by", header, "--by", "tier", "--out", out, "--lang", lang)
    assert result.exit_code == 0, result.output
    (name, _spec) = pc.CalamineWorkbook.from_path(out).sheet_names
    assert len(name.encode("utf-16-le")) // 2 <= SHEET_NAME_MAX  # as Excel counts
    assert not name.startswith("'") and not name.endswith("'")
    assert name.startswith(header[:3].replace("'", "_", 1))


def test_a_sheet_name_over_31_units_as_excel_counts_them_is_refused_in_one_line(cli, hostile):
    result = cli("pivot", "--by", "tier", "--out", hostile / "p.xlsx", "--sheet", "😀" * 16)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Excel 最多允许 31 个" in result.output


def test_a_report_lists_the_cells_it_cut(cli, tmp_path):
    rows = [
        ["正常电子有限公司", "浙江省慈溪市龙山镇兴业路2号", "李四", "13800000002", "王海波", "A", LONG_NOTE]
    ]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    out = tmp_path / "r.xlsx"
    result = cli("report", "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 个单元格超过 Excel 的 32,767 字上限" in result.stderr
    problems = pc.CalamineWorkbook.from_path(out).get_sheet_by_name("问题").to_python()
    assert [p[0] for p in problems if p[0] == "cell-truncated"] == ["cell-truncated"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("_x0aF1F\x00\x01\x1b\t\n\r é𠀀<&"), max_size=30), min_size=1)
)
def test_any_text_reads_back_from_an_xlsx_exactly(tmp_path_factory, texts):
    import pandas as pd

    out = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_xlsx(out, [Sheet("s", pd.DataFrame({"h": texts}))])
    rows = pc.CalamineWorkbook.from_path(out).get_sheet_by_index(0).to_python()
    got = [r[0] for r in rows[1:]]
    assert got + [""] * (len(texts) - len(got)) == texts  # trailing blank cells leave no row


def test_emoji_codes_and_markup_in_the_data_are_shown_as_typed(cli, tmp_path):
    """A firm named 乙厂:ok: is not shown as 乙厂🆗, nor [b]… as bold, in a table or a line."""
    path = _contacts(
        tmp_path, [["慈溪市[b]乙厂:ok:", "慈溪市长河镇", "李四:smile:", "", "", "", ":warning:"]]
    )
    assert cli("import", path).exit_code == 0
    for args in (("list",), ("explain", "乙厂"), ("problems",)):
        out = cli(*args).stdout
        assert "🆗" not in out and "😄" not in out and "⚠" not in out, args
    assert "慈溪市[b]乙厂:ok:" in cli("list").stdout
    assert "李四:smile:" in cli("explain", "乙厂").stdout
