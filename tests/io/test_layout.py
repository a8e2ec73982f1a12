"""Layout detection on sheets as people make them: title rows, merged two-row headers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from regiontool.errors import LayoutError
from regiontool.io.layout import detect_layout, field_of_header
from regiontool.io.read import read_book
from regiontool.records import data_rows


def _two_row_header(path: Path, data: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "客户清单"
    ws.merge_cells("A1:E1")
    ws["A2"], ws["B2"], ws["C2"], ws["E2"] = "企业名称", "地址", "联系方式", "备注"
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        ws.merge_cells(cells)
    ws["C3"], ws["D3"] = "手机", "座机"
    for row in data:
        ws.append(row)
    wb.save(path)
    return path


def test_a_merged_group_header_names_its_columns_by_the_row_below(tmp_path):
    path = _two_row_header(
        tmp_path / "t.xlsx", [["慈溪市甲电器厂", "长河镇", "13812345678", "0574-63012345", ""]]
    )
    layout = detect_layout(read_book(path))
    assert layout.headers == ["企业名称", "地址", "手机", "座机", "备注"]
    assert layout.columns_of("phone") == [2, 3]
    assert (layout.header_row, layout.header_rows) == (2, 2)  # data from Excel row 4
    assert not layout.problems  # no blank header for the group's second column


def test_a_first_data_row_without_a_company_is_not_taken_for_headers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "电话"])
    ws.append([None, "长河镇", "张三", "手机"])  # nameless row: rejected later, not a header
    ws.append(["慈溪市甲电器厂", "长河镇", "李四", "13812345678"])
    wb.save(tmp_path / "n.xlsx")
    layout = detect_layout(read_book(tmp_path / "n.xlsx"))
    assert (layout.header_row, layout.header_rows) == (0, 1)
    assert layout.headers == ["企业名称", "地址", "联系人", "电话"]


def test_a_first_data_row_that_reads_like_headers_is_data(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "来源", "联系人", "电话"])
    ws.append(["宏达电器有限公司", "展会", None, None])  # 公司 ends like an alias of 企业名称
    ws.append(["慈溪市甲电器厂", "网站", "李四", "13812345678"])
    wb.save(tmp_path / "n.xlsx")
    layout = detect_layout(read_book(tmp_path / "n.xlsx"))
    assert (layout.header_row, layout.header_rows) == (0, 1)
    assert layout.headers == ["企业名称", "来源", "联系人", "电话"]


def test_the_import_reads_a_two_row_header_sheet_whole(cli, db, tmp_path):
    import json

    path = _two_row_header(
        tmp_path / "t.xlsx",
        [
            ["慈溪市甲电器厂", "慈溪市长河镇", "13812345678", "0574-63012345", None],
            ["慈溪市乙电器厂", "慈溪市周巷镇", "13812345679", None, "新客户"],
        ],
    )
    result = cli("import", path, "--json")
    assert result.exit_code == 0, result.output
    acc = json.loads(result.output)
    assert (acc["rows_read"], acc["companies"], acc["rejected"], acc["problems"]) == (2, 2, 0, 0)
    shown = cli("import", path, "--dry-run").output
    assert "表头在第 2–3 行" in shown
    out = tmp_path / "r.csv"
    assert cli("export", out).exit_code == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("企业名称,地址,手机,座机,备注,")
    assert "13812345678; 0574-63012345" in lines[1] and lines[1].endswith(",4")  # 来源行: Excel row 4


def test_a_header_is_kept_as_written_and_matched_folded(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["企業名稱", "年产值（万元）", "ＱＱ号", "联系 \n 人"])
    wb.active.append(["慈溪市甲电器厂", 120, "12345", "张三"])
    wb.save(tmp_path / "h.xlsx")
    layout = detect_layout(read_book(tmp_path / "h.xlsx"))
    assert layout.headers == ["企業名稱", "年产值（万元）", "ＱＱ号", "联系 人"]
    assert [c.field for c in layout.columns] == ["company", "revenue", None, "contact"]


# --- a header row of labels above data rows that end like aliases ---------------------------

FIRMS = ["明月灯具厂", "星辰电子有限公司", "恒通五金厂", "远大塑料有限公司", "金龙电器厂"]
PLACES = ["逍林镇", "桥头镇", "坎墩街道", "宗汉街道", "周巷镇"]


def _labels_over_data(path: Path, phones: bool) -> Path:
    """单位全称 is no alias; the names (…有限公司) and places (…街道) end like aliases."""
    head = ["单位全称", "对接人"] + (["手机号"] if phones else []) + ["地点", "备用"]
    lines = [",".join(head)]
    for i, (firm, place) in enumerate(zip(FIRMS, PLACES, strict=True)):
        phone = [f"1381111{i:04d}"] if phones else []
        lines.append(",".join(["慈溪市" + firm, f"联系人{i}", *phone, "慈溪市" + place, "ABCD"[i % 4]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("phones", [True, False], ids=["with-phones", "without-phones"])
def test_a_row_of_labels_above_the_data_is_the_header_and_map_names_count(tmp_path, phones):
    book = read_book(_labels_over_data(tmp_path / "list.csv", phones))
    with pytest.raises(LayoutError, match=r"row 1 headers: 单位全称, 对接人") as err:
        detect_layout(book)  # the header row is found; it names no company column
    assert "--map '单位全称=company'" in err.value.hint

    layout = detect_layout(book, mapping={"单位全称": "company", "对接人": "contact"})

    assert (layout.header_row, layout.headers[0]) == (0, "单位全称")
    rows, _excel_rows, _blank = data_rows(layout.sheet, layout)
    assert [r[0] for r in rows] == ["慈溪市" + f for f in FIRMS]


def test_rows_that_read_as_data_above_the_header_are_refused_not_lost(tmp_path):
    path = tmp_path / "above.csv"
    path.write_text(
        "慈溪市明月灯具厂,张三,慈溪市逍林镇\n"  # a firm pasted above the header row
        "企业名称,联系人,地址\n"
        "慈溪市恒通五金厂,李四,慈溪市匡堰镇\n",
        encoding="utf-8",
    )
    with pytest.raises(LayoutError, match=r"rows 1 above the header row 2 look like data"):
        detect_layout(read_book(path))
    layout = detect_layout(read_book(path), header_row=2)  # the user's word: those rows are out
    assert layout.header_row == 1


def test_a_title_a_legend_and_a_note_above_the_header_are_no_data(tmp_path):
    path = tmp_path / "above.csv"
    path.write_text(
        "2026年客户联系表,,\n"
        "客户名称,电话,地址\n"  # a legend of header words
        "制表人：王海波,,日期：2026-03-01\n"  # a note under the company column
        "\n"
        "企业名称,联系人,地址,备注\n"
        "慈溪市恒通五金厂,李四,慈溪市匡堰镇,\n",
        encoding="utf-8",
    )
    layout = detect_layout(read_book(path))
    assert (layout.header_row, layout.headers[1]) == (4, "联系人")


# --- other sheets that read as tables ---------------------------------------------------------


def _yearly_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["请按列填写企业名称、联系人、电话"])
    for year, n in (("2025年", 3), ("2026年", 5)):
        ws = wb.create_sheet(year)
        ws.append(["企业名称", "联系人", "电话"])
        for i in range(n):
            ws.append([f"慈溪市{year}客户{i}电器厂", "张", f"1380000000{i}"])
    wb.create_sheet("汇总").append(["区域", "数量"])
    wb["汇总"].append(["慈溪", 8])
    wb.create_sheet("模板").append(["企业名称", "联系人", "电话"])  # headers without data
    wb.save(path)
    return path


def test_other_sheets_that_read_as_tables_are_named(tmp_path):
    book = read_book(_yearly_workbook(tmp_path / "y.xlsx"))
    layout = detect_layout(book)
    assert (layout.sheet.name, layout.other_sheets) == ("2025年", ["2026年"])
    assert detect_layout(book, sheet="2026年").other_sheets == []  # chosen by the user: nothing to add


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("年销售", None),  # a year's sales, not the manager (销售)
        ("2025年销售", None),
        ("年销售（万元）", None),
        ("月度联系人", None),
        ("销售", "manager"),
        ("负责销售", "manager"),
        ("客户联系人", "contact"),
        ("2025年产值", "revenue"),  # a figure field keeps its period
    ],
)
def test_a_period_before_a_text_fields_alias_makes_a_figure_not_that_field(header, field):
    assert field_of_header(header) == field
