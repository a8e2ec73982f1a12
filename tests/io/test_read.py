"""read_book + detect_layout on real files written in tmp_path, one format at a time.

The same contact table (a merged title row, a blank row, then HEADERS and
contact_rows() from conftest) is written in every format the reader supports;
every format must give the same cells, so every writer below must produce the
table exactly and every reader path must read it back exactly.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import HEADERS, contact_rows, write_xlsx
from regiontool.errors import FileReadError, LayoutError, UsageError
from regiontool.io.layout import Layout, choose_sheet, detect_layout
from regiontool.io.read import PendingBook, RawBook, read_book
from regiontool.normalize import cell_text

TITLE = "2026年客户联系表"
NOTES = "请按列填写，不要合并单元格"


def grid() -> list[list]:
    """The sheet as a person sees it: title, blank row, headers, data (with its own blank row)."""
    width = len(HEADERS)
    return [[TITLE] + [None] * (width - 1), [None] * width, list(HEADERS), *contact_rows()]


def expected_table() -> list[list[str | None]]:
    """Data rows below the header as stripped text, blank rows dropped."""
    return [r for r in (_as_text(row) for row in contact_rows()) if any(r)]


def _as_text(row: list) -> list[str | None]:
    return [cell_text(c).strip() or None for c in row]


def table_of(layout: Layout) -> list[list[str | None]]:
    width = len(layout.columns)
    rows = [_as_text((list(r) + [None] * width)[:width]) for r in layout.sheet.rows[layout.header_row + 1 :]]
    return [r for r in rows if any(r)]


def companies_of(layout: Layout) -> list[str]:
    (j,) = layout.columns_of("company")
    return [r[j] for r in table_of(layout) if r[j]]


# --- writers: one per format ---------------------------------------------------------


def _write_xlsx(path: Path) -> Path:
    return write_xlsx(path, title=TITLE)


def _write_xls(path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("填表说明").write(0, 0, NOTES)
    ws = wb.add_sheet("客户联系表")
    ws.write_merge(0, 0, 0, len(HEADERS) - 1, TITLE)
    for i, row in enumerate(grid()[2:], start=2):
        for j, v in enumerate(row):
            if v is not None:
                ws.write(i, j, v)
    wb.save(str(path))
    return path


def _write_ods(path: Path) -> Path:
    import pandas as pd

    with pd.ExcelWriter(path, engine="odf") as writer:
        pd.DataFrame([[NOTES]]).to_excel(writer, sheet_name="填表说明", header=False, index=False)
        pd.DataFrame(grid(), dtype=object).to_excel(
            writer, sheet_name="客户联系表", header=False, index=False
        )
    return path


def _delimited(delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        ["" if v is None else v for v in row] for row in grid()
    )
    return buf.getvalue()


def _html(charset: str) -> str:
    def cells(row: list, tag: str) -> str:
        return "".join(f"<{tag}>{html.escape(cell_text(v))}</{tag}>" for v in row)

    rows = [f'<tr><td colspan="{len(HEADERS)}"><b>{TITLE}</b></td></tr>', "<tr></tr>"]
    rows.append(f"<tr>{cells(HEADERS, 'th')}</tr>")
    rows += [f"<tr>{cells(r, 'td')}</tr>" for r in contact_rows()]
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<meta charset={charset}></head>\n<body><table border=1>\n"
        + "\n".join(rows)
        + "\n</table></body></html>"
    )


def _xml2003() -> str:
    """The grid as Excel's XML Spreadsheet 2003: a notes sheet first, the title merged across, the
    blank row skipped by ss:Index, numbers typed, blank cells left out (the next one's ss:Index)."""

    def row(values: list, index: int | None = None) -> str:
        cells, skipped = [], False
        for j, v in enumerate(values):
            if v is None:
                skipped = True
                continue
            at = f' ss:Index="{j + 1}"' if skipped else ""
            kind = "Number" if isinstance(v, int | float) else "String"
            cells.append(f'<Cell{at}><Data ss:Type="{kind}">{html.escape(str(v))}</Data></Cell>')
            skipped = False
        return f"<Row{f' ss:Index={chr(34)}{index}{chr(34)}' if index else ''}>{''.join(cells)}</Row>"

    title = (
        f'<Row><Cell ss:MergeAcross="{len(HEADERS) - 1}"><Data ss:Type="String">{TITLE}</Data></Cell></Row>'
    )
    body = [row(list(HEADERS), index=3)] + [
        row(r) if any(v is not None for v in r) else "<Row/>" for r in contact_rows()
    ]
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        f'<Worksheet ss:Name="填表说明"><Table>{row([NOTES])}</Table></Worksheet>\n'
        f'<Worksheet ss:Name="客户联系表"><Table>{title}{"".join(body)}</Table></Worksheet>\n</Workbook>'
    )


def _text(name: str, text: Callable[[], str], encoding: str) -> Callable[[Path], Path]:
    def write(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(text().encode(encoding))
        return path

    return write


def _csv() -> str:
    return _delimited(",")


def _tsv() -> str:
    return _delimited("\t")


# format → (writer into a folder, expected kind, expected detected encoding)
FORMATS: dict[str, tuple[Callable[[Path], Path], str, str | None]] = {
    "xlsx": (lambda tmp: _write_xlsx(tmp / "联系表.xlsx"), "xlsx", None),
    "xls": (lambda tmp: _write_xls(tmp / "联系表.xls"), "xls", None),
    "ods": (lambda tmp: _write_ods(tmp / "联系表.ods"), "ods", None),
    "csv-utf8": (_text("联系表.csv", _csv, "utf-8"), "csv", "utf-8"),
    "csv-utf8-bom": (_text("联系表.csv", _csv, "utf-8-sig"), "csv", "utf-8-sig"),
    "csv-gb18030": (_text("联系表.csv", _csv, "gb18030"), "csv", "gb18030"),
    "csv-utf16-bom": (_text("联系表.csv", _csv, "utf-16"), "csv", "utf-16"),
    "csv-utf16le-no-bom": (_text("联系表.csv", _csv, "utf-16-le"), "csv", "utf-16-le"),
    "tsv": (_text("联系表.tsv", _tsv, "utf-8"), "csv", "utf-8"),
    "txt-tab-gbk": (_text("联系表.txt", _tsv, "gbk"), "csv", "gb18030"),
    "html-utf8-as-xls": (_text("联系表.xls", lambda: _html("utf-8"), "utf-8"), "html", "utf-8"),
    "html-gbk-as-xls": (_text("联系表.xls", lambda: _html("gbk"), "gbk"), "html", "gb18030"),
    "xml2003-as-xls": (_text("联系表.xls", _xml2003, "utf-8"), "xml", "utf-8"),  # review r101 F1
}


def make(fmt: str, tmp: Path) -> tuple[Path, str, str | None]:
    writer, kind, detected = FORMATS[fmt]
    return writer(tmp), kind, detected


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_gives_the_same_table(fmt: str, tmp_path: Path):
    path, kind, detected = make(fmt, tmp_path)

    book = read_book(path)
    layout = detect_layout(book)

    assert book.kind == kind
    assert book.encoding == detected
    assert len(book.sha256) == 64
    assert layout.header_row == 2  # below the title and the blank row
    assert layout.headers == HEADERS
    assert companies_of(layout) == [
        "慈溪市华峰电器有限公司",
        "慈溪市華峰電器有限公司",
        "宁波宏达五金厂",
        "金鑫塑料制品有限公司",
        "慈溪市永光五金工具有限公司",
    ]
    assert table_of(layout) == expected_table()
    if kind in ("xlsx", "xls", "ods", "xml"):
        assert [s.name for s in book.sheets] == ["填表说明", "客户联系表"]
        assert layout.sheet.name == "客户联系表"


def test_html_colspan_title_keeps_the_columns_aligned(tmp_path: Path):
    path, _, _ = make("html-utf8-as-xls", tmp_path)
    rows = read_book(path).sheets[0].rows
    assert rows[0] == [TITLE] + [None] * (len(HEADERS) - 1)
    assert rows[2] == HEADERS


def test_html_entities_and_line_breaks_are_decoded(tmp_path: Path):
    path = tmp_path / "erp.xls"
    path.write_text(
        "<html><body><table><tr><th>企业名称</th><th>地址</th></tr>"
        "<tr><td>A&amp;B 贸易&nbsp;有限公司</td><td>长河镇<br>垫桥村</td></tr></table></body></html>",
        encoding="utf-8",
    )
    rows = read_book(path).sheets[0].rows
    assert rows[1] == ["A&B 贸易\xa0有限公司", "长河镇\n垫桥村"]


def test_html_with_several_tables_gives_one_sheet_each(tmp_path: Path):
    path = tmp_path / "two.xls"
    path.write_text(
        "<html><body><table><tr><td>查询条件：全部</td></tr></table>"
        "<table><tr><th>客户名称</th><th>联系人</th></tr><tr><td>宁波宏达五金厂</td><td>赵敏</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    book = read_book(path)
    assert [s.name for s in book.sheets] == ["表1", "表2"]
    layout = detect_layout(book)
    assert layout.sheet.name == "表2"
    assert companies_of(layout) == ["宁波宏达五金厂"]


def test_html_rowspan_keeps_the_columns_aligned(tmp_path: Path):
    path = tmp_path / "erp.xls"
    path.write_text(
        "<table><tr><th>企业名称</th><th>联系人</th></tr>"
        '<tr><td rowspan="2">宁波宏达五金厂</td><td>赵敏</td></tr><tr><td>钱强</td></tr></table>',
        encoding="utf-8",
    )
    rows = read_book(path).sheets[0].rows
    # Either Excel's reading (merged cell, value in the top cell) or filled down is fine.
    assert rows[2] in ([None, "钱强"], ["宁波宏达五金厂", "钱强"])


def _merged_down_html(path: Path) -> Path:
    path.write_text(
        "<table><tr><th>企业名称</th><th>联系人</th></tr>"
        '<tr><td rowspan="2">宁波宏达五金厂</td><td>赵敏</td></tr><tr><td>钱强</td></tr>'
        "<tr><td>金鑫塑料制品有限公司</td><td>孙丽</td></tr></table>",
        encoding="utf-8",
    )
    return path


def _merged_down_xls(path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("客户")
    ws.write(0, 0, "企业名称")
    ws.write(0, 1, "联系人")
    ws.write_merge(1, 2, 0, 0, "宁波宏达五金厂")
    for i, v in enumerate(["赵敏", "钱强"], start=1):
        ws.write(i, 1, v)
    ws.write(3, 0, "金鑫塑料制品有限公司")
    ws.write(3, 1, "孙丽")
    wb.save(str(path))
    return path


def _merged_down_ods(path: Path) -> Path:
    """As LibreOffice saves it: the merged cell spans two rows, the cell under it is a covered one."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    def cell(text: str, **spans) -> TableCell:
        c = TableCell(valuetype="string", **spans)
        c.addElement(P(text=text))
        return c

    doc = OpenDocumentSpreadsheet()
    table = Table(name="客户")
    rows = [
        [cell("企业名称"), cell("联系人")],
        [cell("宁波宏达五金厂", numberrowsspanned=2, numbercolumnsspanned=1), cell("赵敏")],
        [CoveredTableCell(), cell("钱强")],
        [cell("金鑫塑料制品有限公司"), cell("孙丽")],
    ]
    for cells in rows:
        row = TableRow()
        for c in cells:
            row.addElement(c)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path.with_suffix(".ods")))
    return path.with_suffix(".ods")


@pytest.mark.parametrize(
    "write", [_merged_down_html, _merged_down_xls, _merged_down_ods], ids=["html", "xls", "ods"]
)
def test_a_company_cell_merged_down_is_read_in_each_row_it_covers(write, tmp_path: Path):
    """Review r26 #2: an .ods's merges (table:number-rows-spanned) are read as an .xls's are."""
    from regiontool.records import data_rows

    book = read_book(write(tmp_path / "erp.xls"))
    assert book.sheets[0].merges == [(1, 0, 2, 0)]
    layout = detect_layout(book)
    rows, excel_rows, blank = data_rows(layout.sheet, layout)
    assert [[cell_text(c) for c in r] for r in rows] == [
        ["宁波宏达五金厂", "赵敏"],
        ["宁波宏达五金厂", "钱强"],
        ["金鑫塑料制品有限公司", "孙丽"],
    ]
    assert (excel_rows, blank) == ([2, 3, 4], 0)


def test_html_without_closing_cell_tags(tmp_path: Path):
    # Valid HTML: </td>, </th> and </tr> are optional, and old ERP exports omit them.
    path = tmp_path / "erp.xls"
    path.write_text(
        "<table><tr><th>企业名称<th>联系人<tr><td>宁波宏达五金厂<td>赵敏</table>", encoding="utf-8"
    )
    assert read_book(path).sheets[0].rows == [["企业名称", "联系人"], ["宁波宏达五金厂", "赵敏"]]


# --- --encoding -----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "big5"])
def test_forced_encoding_is_used(encoding: str, tmp_path: Path):
    path = tmp_path / "联系表.csv"
    path.write_bytes("企業名稱,地址\n華峰電器有限公司,慈溪\n".encode(encoding))

    book = read_book(path, encoding=encoding)

    assert book.encoding == encoding
    assert book.sheets[0].rows == [["企業名稱", "地址"], ["華峰電器有限公司", "慈溪"]]


def test_forced_encoding_fixes_a_file_autodetection_misreads(tmp_path: Path):
    # Big5 bytes mostly decode as GB18030 too (to the wrong characters): --encoding settles it.
    path = tmp_path / "台湾客户.csv"
    path.write_bytes("企業名稱,地址\n華峰電器有限公司,慈溪\n".encode("big5"))
    assert companies_of(detect_layout(read_book(path, encoding="big5"))) == ["華峰電器有限公司"]


@pytest.mark.parametrize(
    "text",
    ["公司名稱,聯絡人,電話\n慈溪市華峰電器廠,陳大文,13800000001\n", "企業名稱,地址\n華峰電器有限公司,慈溪\n"],
)
def test_a_one_row_big5_file_is_read_as_big5(text: str, tmp_path: Path):
    # As GB18030 its few ideographs come with kana and private-use characters: mojibake.
    path = tmp_path / "台湾客户.csv"
    path.write_bytes(text.encode("big5"))
    book = read_book(path)
    assert book.encoding == "big5"
    assert book.sheets[0].rows[0] == text.split("\n")[0].split(",")


def test_garbled_headers_suggest_another_encoding_not_map(tmp_path: Path):
    path = tmp_path / "台湾客户.csv"
    path.write_bytes("公司名稱,聯絡人,電話\n慈溪市華峰電器廠,陳大文,13800000001\n".encode("big5"))
    with pytest.raises(LayoutError, match="no company-name column") as err:
        detect_layout(read_book(path, encoding="gb18030"))  # the wrong codec, forced
    assert "--encoding big5" in err.value.hint and "--map" not in err.value.hint


@pytest.mark.parametrize(
    ("written", "forced"), [("gb18030", "utf-8"), ("utf-8", "ascii"), ("utf-16", "utf-8")]
)
def test_wrong_forced_encoding_is_a_file_read_error(written: str, forced: str, tmp_path: Path):
    path = tmp_path / "联系表.csv"
    path.write_bytes(_delimited(",").encode(written))

    with pytest.raises(FileReadError) as err:
        read_book(path, encoding=forced)

    assert f"not valid {forced} text" in err.value.message
    assert "--encoding" in err.value.hint


def test_unknown_encoding_is_a_usage_error(tmp_path: Path):
    path = tmp_path / "联系表.csv"
    path.write_text(_delimited(","), encoding="utf-8")
    with pytest.raises(UsageError, match="unknown encoding 'nosuch'"):
        read_book(path, encoding="nosuch")


def test_unknown_encoding_is_a_usage_error_for_workbooks_too(contacts_xlsx: Path):
    with pytest.raises(UsageError, match="unknown encoding"):
        read_book(contacts_xlsx, encoding="nosuch")


# --- the bytes decide the format, not the extension ----------------------------------


def test_csv_named_xls_is_read_as_csv(tmp_path: Path):
    path = tmp_path / "导出.xls"
    path.write_bytes(_delimited(",").encode("gb18030"))

    book = read_book(path)

    assert (book.kind, book.encoding) == ("csv", "gb18030")
    assert table_of(detect_layout(book)) == expected_table()


def test_csv_named_xlsx_is_read_as_csv(tmp_path: Path):
    path = tmp_path / "导出.xlsx"
    path.write_bytes(_delimited(",").encode("utf-8-sig"))

    book = read_book(path)

    assert book.kind == "csv"
    assert table_of(detect_layout(book)) == expected_table()


@pytest.mark.parametrize("name", ["联系表.csv", "联系表.xls", "联系表.txt", "联系表.ods"])
def test_xlsx_with_another_extension_is_read_as_xlsx(name: str, tmp_path: Path):
    real = write_xlsx(tmp_path / "real.xlsx", title=TITLE)
    path = tmp_path / name
    path.write_bytes(real.read_bytes())

    book = read_book(path)
    layout = detect_layout(book)

    assert book.kind == "xlsx"
    assert layout.sheet.name == "客户联系表"
    assert table_of(layout) == expected_table()


def test_xls_named_xlsx_is_read_as_xls(tmp_path: Path):
    real = _write_xls(tmp_path / "real.xls")
    path = tmp_path / "联系表.xlsx"
    path.write_bytes(real.read_bytes())

    book = read_book(path)

    assert book.kind == "xls"
    assert table_of(detect_layout(book)) == expected_table()


def test_ods_named_xlsx_is_read_as_ods(tmp_path: Path):
    real = _write_ods(tmp_path / "real.ods")
    path = tmp_path / "联系表.xlsx"
    path.write_bytes(real.read_bytes())

    assert read_book(path).kind == "ods"


def test_book_hash_is_of_the_bytes(tmp_path: Path):
    import hashlib

    a = write_xlsx(tmp_path / "a.xlsx")
    b = tmp_path / "b.csv"
    b.write_bytes(a.read_bytes())
    c = tmp_path / "c.csv"
    c.write_text(_delimited(","), encoding="utf-8")

    assert read_book(a).sha256 == hashlib.sha256(a.read_bytes()).hexdigest()
    assert read_book(b).sha256 == read_book(a).sha256
    assert read_book(c).sha256 != read_book(a).sha256


# --- sheet choice ---------------------------------------------------------------------


def test_notes_sheet_in_front_is_skipped(contacts_xlsx: Path):
    book = read_book(contacts_xlsx)
    assert [s.name for s in book.sheets] == ["填表说明", "客户联系表"]
    assert detect_layout(book).sheet.name == "客户联系表"


def test_contact_sheet_is_chosen_wherever_it_is(tmp_path: Path):
    import xlsxwriter

    path = tmp_path / "多表.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sheet1")  # empty
    ws = wb.add_worksheet("客户")
    for j, h in enumerate(["企业名称", "联系人", "手机"]):
        ws.write_string(0, j, h)
    ws.write_row(1, 0, ["宁波宏达五金厂", "赵敏", "13700000001"])
    notes = wb.add_worksheet("说明")
    notes.write_string(0, 0, "企业名称请写全称")
    wb.close()

    assert detect_layout(read_book(path)).sheet.name == "客户"


@pytest.mark.parametrize("sheet", ["2", "客户联系表"])
def test_sheet_by_number_or_name(sheet: str, contacts_xlsx: Path):
    book = read_book(contacts_xlsx)
    layout = detect_layout(book, sheet=sheet)
    assert layout.sheet is book.sheets[1]
    assert companies_of(layout)[0] == "慈溪市华峰电器有限公司"


def test_sheet_number_1_picks_the_notes_sheet_even_if_it_is_not_a_table(contacts_xlsx: Path):
    book = read_book(contacts_xlsx)
    assert choose_sheet(book, "1").name == "填表说明"
    with pytest.raises(LayoutError, match="填表说明"):
        detect_layout(book, sheet="1")


def test_a_sheet_named_like_a_number_wins_over_the_position(tmp_path: Path):
    import xlsxwriter

    path = tmp_path / "years.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, firm in (("2025", "旧公司"), ("1", "新公司")):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["企业名称", "联系人"])
        ws.write_row(1, 0, [firm, "张伟"])
    wb.close()

    book = read_book(path)

    assert companies_of(detect_layout(book, sheet="1")) == ["新公司"]
    assert companies_of(detect_layout(book, sheet="2")) == ["新公司"]


@pytest.mark.parametrize("sheet", ["nosuch", "0", "3", "客户"])
def test_unknown_sheet_is_a_usage_error_listing_the_sheets(sheet: str, contacts_xlsx: Path):
    with pytest.raises(UsageError) as err:
        detect_layout(read_book(contacts_xlsx), sheet=sheet)
    assert f"no sheet '{sheet}'" in err.value.message
    assert err.value.hint == "sheets are 1:填表说明, 2:客户联系表"
    assert err.value.exit_code == 2


# --- header row -----------------------------------------------------------------------


def test_header_row_below_merged_title_and_blank_rows(tmp_path: Path):
    import xlsxwriter

    path = tmp_path / "深表头.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("客户")
    ws.merge_range(0, 0, 1, 3, "宁波区域 2026 年客户联系表")  # two-row banner
    ws.write_string(2, 0, "制表人：王海波")
    ws.write_string(2, 2, "日期：2026-03-01")
    # rows 4 and 5 blank
    ws.write_row(5, 0, ["序号", "企业名称", "联系人", "手机"])
    ws.write_row(6, 0, [1, "宁波宏达五金厂", "赵敏", "13700000001"])
    ws.write_row(7, 0, [2, "金鑫塑料制品有限公司", "钱强", "13700000002"])
    wb.close()

    layout = detect_layout(read_book(path))

    assert layout.header_row == 5
    assert layout.headers == ["序号", "企业名称", "联系人", "手机"]
    assert [c.field for c in layout.columns] == [None, "company", "contact", "phone"]
    assert companies_of(layout) == ["宁波宏达五金厂", "金鑫塑料制品有限公司"]


def test_a_header_row_that_names_the_company_beats_a_wider_one_without(tmp_path: Path):
    # Row 1 is a legend with three known words but no company; row 3 is the table.
    path = tmp_path / "legend.csv"
    path.write_text(
        "地址,联系人,手机,备注\n\n客户名称,联系人,手机\n宁波宏达五金厂,赵敏,13700000001\n", encoding="utf-8"
    )
    layout = detect_layout(read_book(path))
    assert layout.header_row == 2
    assert companies_of(layout) == ["宁波宏达五金厂"]


def _odd_headers_file(tmp_path: Path) -> Path:
    path = tmp_path / "odd.csv"
    path.write_text(
        f"{TITLE},\n,\n单位全称,所在地\n宁波宏达五金厂,周巷镇\n金鑫塑料制品有限公司,新浦镇\n",
        encoding="utf-8",
    )
    return path


def test_header_row_forces_the_row(tmp_path: Path):
    book = read_book(_odd_headers_file(tmp_path))

    layout = detect_layout(book, header_row=3, mapping={"单位全称": "company"})

    assert layout.header_row == 2
    assert layout.headers == ["单位全称", "所在地"]
    assert companies_of(layout) == ["宁波宏达五金厂", "金鑫塑料制品有限公司"]


def test_without_header_row_the_headers_named_by_map_are_found(tmp_path: Path):
    book = read_book(_odd_headers_file(tmp_path))
    with pytest.raises(LayoutError, match="no company-name column"):
        detect_layout(book)

    layout = detect_layout(book, mapping={"单位全称": "company"})

    assert layout.header_row == 2
    assert companies_of(layout) == ["宁波宏达五金厂", "金鑫塑料制品有限公司"]


def test_header_row_overrides_detection(contacts_xlsx: Path):
    book = read_book(contacts_xlsx)
    with pytest.raises(LayoutError, match=r"row 1 headers: 2026年客户联系表"):
        detect_layout(book, header_row=1)


@pytest.mark.parametrize("row", [0, -1, 11, 999])
def test_header_row_outside_the_sheet_is_a_usage_error(row: int, contacts_xlsx: Path):
    # The contact sheet has 10 rows: title, blank, header and 7 data rows.
    book = read_book(contacts_xlsx)
    with pytest.raises(UsageError, match=rf"--header-row {row} is outside the sheet \(1–10\)"):
        detect_layout(book, header_row=row)


def test_header_row_on_the_last_row_is_inside_the_sheet(contacts_xlsx: Path):
    layout = detect_layout(read_book(contacts_xlsx), header_row=10)
    assert layout.header_row == 9
    assert layout.headers[1] == "慈溪市永光五金工具有限公司"
    assert table_of(layout) == []


# --- column aliases -------------------------------------------------------------------


def _one_table(tmp_path: Path, headers: list, rows: list[list] | None = None) -> RawBook:
    rows = rows or [[f"值{j}" if j else "宁波宏达五金厂" for j in range(len(headers))]]
    return read_book(
        write_xlsx(tmp_path / "t.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    )


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (
            ["企業名稱", "地址", "聯絡人", "電話", "區域經理", "客戶分類"],
            ["company", "address", "contact", "phone", "manager", "tier"],
        ),
        (["Company Name", "Address", "Contact", "Mobile"], ["company", "address", "contact", "phone"]),
        (["COMPANY", "contact person", "Tel"], ["company", "contact", "phone"]),
        (
            ["企业名称", "年产值（万元）", "员工人数（人）", "注册资本(万元)", "经营范围"],
            ["company", "revenue", "employees", "capital", "scope"],
        ),
        (["客户全称", "客户联系人", "联系人手机", " 地 址 "], ["company", "contact", "phone", "address"]),
        (["ＣＯＭＰＡＮＹ　ＮＡＭＥ", "联系人"], ["company", "contact"]),
        (["商号", "对接人", "手机号", "所在地", "等级"], ["company", "contact", "phone", "address", "tier"]),
    ],
    ids=[
        "traditional",
        "english",
        "english-variants",
        "units",
        "prefixed-spaced",
        "full-width",
        "shop-words",
    ],
)
def test_headers_are_mapped_by_alias(headers: list, fields: list, tmp_path: Path):
    layout = detect_layout(_one_table(tmp_path, headers))
    assert [c.field for c in layout.columns] == fields
    assert {c.how for c in layout.columns} == {"alias"}
    assert companies_of(layout) == ["宁波宏达五金厂"]


def test_unknown_columns_are_kept_without_a_field(tmp_path: Path):
    headers = ["企业名称", "神秘列", "联系人", "Wechat ID"]
    layout = detect_layout(_one_table(tmp_path, headers))

    assert layout.headers == headers
    assert [(c.index, c.field, c.how) for c in layout.columns] == [
        (0, "company", "alias"),
        (1, None, ""),
        (2, "contact", "alias"),
        (3, None, ""),
    ]
    assert layout.mapping == {"企业名称": "company", "联系人": "contact"}
    assert layout.problems == []


def test_duplicate_and_blank_headers_get_unique_names_and_problems(tmp_path: Path):
    headers = ["企业名称", "电话", "电话", "", "备注", "备注", "电话"]
    layout = detect_layout(_one_table(tmp_path, headers))

    assert layout.headers == ["企业名称", "电话", "电话 (2)", "列D", "备注", "备注 (2)", "电话 (3)"]
    assert len(set(layout.headers)) == len(layout.headers)
    assert layout.columns_of("phone") == [1, 2, 6]  # phones may come from several columns
    assert layout.columns_of("note") == [4]  # a second note column is kept, not merged
    assert [(p.code, p.column, p.row) for p in layout.problems] == [
        ("duplicate-header", "C", 1),
        ("blank-header", "D", 1),
        ("duplicate-header", "F", 1),
        ("duplicate-header", "G", 1),
    ]


def test_renamed_duplicate_does_not_collide_with_an_existing_header(tmp_path: Path):
    layout = detect_layout(_one_table(tmp_path, ["企业名称", "电话", "电话 (2)", "电话"]))
    assert len(set(layout.headers)) == 4


def test_blank_header_between_columns_does_not_cut_the_table(tmp_path: Path):
    rows = [["宁波宏达五金厂", "1号楼", "赵敏"]]
    layout = detect_layout(_one_table(tmp_path, ["企业名称", "", "联系人"], rows))
    assert layout.headers == ["企业名称", "列B", "联系人"]
    assert table_of(layout) == [["宁波宏达五金厂", "1号楼", "赵敏"]]


# --- --map ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["company", "企业名称", "公司名称", "Company Name"])
def test_map_names_the_company_column(target: str, tmp_path: Path):
    book = _one_table(tmp_path, ["单位全称", "联系人"])
    with pytest.raises(LayoutError, match="--map '单位全称=company'"):
        detect_layout(book)

    layout = detect_layout(book, mapping={"单位全称": target})

    assert [(c.field, c.how) for c in layout.columns] == [("company", "--map"), ("contact", "alias")]


def test_map_matches_headers_after_folding(tmp_path: Path):
    book = _one_table(tmp_path, ["企业名称", "年產值（萬元）"])
    layout = detect_layout(book, mapping={"年产值(万元)": "capital"})
    assert layout.columns[1].field == "capital"


def test_map_overrides_an_alias(tmp_path: Path):
    book = _one_table(tmp_path, ["企业名称", "客户名称", "联系人"])
    assert detect_layout(book).columns_of("company") == [0]

    layout = detect_layout(book, mapping={"客户名称": "company"})

    assert layout.columns_of("company") == [1]
    assert layout.columns[0].field is None


@pytest.mark.parametrize("ignore", ["", "-", "ignore", "忽略"])
def test_map_to_nothing_ignores_a_column(ignore: str, tmp_path: Path):
    book = _one_table(tmp_path, ["企业名称", "联系人", "手机"])
    layout = detect_layout(book, mapping={"手机": ignore})
    assert [c.field for c in layout.columns] == ["company", "contact", None]
    assert layout.columns[2].how == "--map"


def test_map_of_a_header_not_in_the_sheet_is_a_usage_error(tmp_path: Path):
    book = _one_table(tmp_path, ["企业名称", "联系人"])
    with pytest.raises(UsageError) as err:
        detect_layout(book, mapping={"单位": "company", "联系人": "contact"})
    assert err.value.message == "--map names headers not in the sheet: 单位"
    assert err.value.hint == "headers are: 企业名称, 联系人"


def test_map_to_an_unknown_field_is_a_usage_error(tmp_path: Path):
    book = _one_table(tmp_path, ["企业名称", "联系人"])
    with pytest.raises(UsageError, match="unknown field 'boss'") as err:
        detect_layout(book, mapping={"联系人": "boss"})
    assert "company, address" in err.value.hint


def test_pending_book_gives_what_read_book_gives(tmp_path):
    path = write_xlsx(tmp_path / "contacts.xlsx")
    pending = PendingBook(path)
    book, direct = pending.result(), read_book(path)
    assert (book.kind, book.sha256, book.sheets) == (direct.kind, direct.sha256, direct.sheets)
    assert pending.result() is book  # asked twice, read once


def test_pending_book_raises_its_error_when_asked_not_before(tmp_path):
    pending = PendingBook(tmp_path / "missing.xlsx")  # no error here: the caller may fail first
    with pytest.raises(FileReadError, match="no such file"):
        pending.result()
    with pytest.raises(FileReadError, match="no such file"):
        pending.result()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('<Worksheet ss:Name="a"><Table><Row ss:Index="0"/></Table></Worksheet>', "ss:Index"),
        ('<Worksheet ss:Name="a"><Table><Row><Cell ss:Index="99999"/></Row></Table></Worksheet>', "ss:Index"),
        ("", "没有工作表"),
        ('<Worksheet ss:Name="a"><Table><Row>', "无法读取"),  # cut off
    ],
)
def test_a_damaged_xml_spreadsheet_2003_says_so(tmp_path: Path, body: str, says: str):
    path = tmp_path / "坏.xls"
    path.write_text(f'<?xml version="1.0"?>\n<Workbook xmlns="{_XML2003_NS}" xmlns:ss="{_XML2003_NS}">{body}')
    if body.endswith("</Worksheet>") or not body:
        path.write_text(path.read_text() + "</Workbook>")
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert says in caught.value.zh and "坏.xls" in caught.value.zh


def test_an_xml_spreadsheet_2003_with_a_dtd_is_refused(tmp_path: Path):
    path = tmp_path / "dtd.xls"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY e "x">]>\n<Workbook xmlns="{_XML2003_NS}">'
        '<Worksheet><Table><Row><Cell><Data ss:Type="String">&e;</Data></Cell></Row></Table></Worksheet></Workbook>'
    )
    with pytest.raises(FileReadError):
        read_book(path)


def test_an_xml_spreadsheet_2003_merge_is_read_as_excel_shows_it(tmp_path: Path):
    path, _kind, _enc = make("xml2003-as-xls", tmp_path)
    sheet = read_book(path).sheets[1]
    assert sheet.merges == [(0, 0, 0, len(HEADERS) - 1)]
    assert sheet.rows[1] == [None] * len(sheet.rows[0])  # the blank row ss:Index skipped


_XML2003_NS = "urn:schemas-microsoft-com:office:spreadsheet"


def test_an_html_page_without_a_table_says_so(tmp_path: Path):
    """Review r101 F2: not read as CSV lines of markup (whose --map hint named the markup)."""
    path = tmp_path / "n.xls"
    path.write_text("<html><body><p>没有表格</p></body></html>\n", encoding="utf-8")
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert "没有表格" in caught.value.zh


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n,,\r\n"])
def test_a_csv_holding_no_table_says_the_file_is_empty(tmp_path: Path, data: bytes):
    """Review r101 F3: a CSV has no other sheet to choose with --sheet."""
    path = tmp_path / "bom.csv"
    path.write_bytes(data)
    with pytest.raises((FileReadError, LayoutError)) as caught:
        detect_layout(read_book(path))
    assert "是空的" in caught.value.zh and "--sheet" not in caught.value.zh


def test_a_binary_file_named_csv_is_no_text_file(tmp_path: Path):
    """Review r101 F15: --encoding cannot help an image."""
    path = tmp_path / "图片.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 12)
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert "不是文本文件" in caught.value.zh and "--encoding" not in caught.value.zh


def test_an_xml_spreadsheet_2003_hidden_sheet_is_hidden(tmp_path: Path):
    """Review r106 F1: a hidden sheet with more rows is not taken for the visible list."""
    hidden = "".join(f'<Row><Cell><Data ss:Type="String">旧{i}有限公司</Data></Cell></Row>' for i in range(9))
    path = tmp_path / "h.xls"
    path.write_text(
        f'<?xml version="1.0"?>\n<Workbook xmlns="{_XML2003_NS}" xmlns:ss="{_XML2003_NS}"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<Worksheet ss:Name="客户"><Table><Row><Cell><Data ss:Type="String">企业名称</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">慈溪市甲电器有限公司</Data></Cell></Row></Table></Worksheet>'
        '<Worksheet ss:Name="旧名单"><Table><Row><Cell><Data ss:Type="String">企业名称</Data></Cell></Row>'
        f"{hidden}</Table><x:WorksheetOptions><x:Visible>SheetHidden</x:Visible></x:WorksheetOptions>"
        "</Worksheet></Workbook>",
        encoding="utf-8",
    )
    book = read_book(path)
    assert [s.hidden for s in book.sheets] == [False, True]
    assert detect_layout(book).sheet.name == "客户"


@pytest.mark.parametrize("encoding", ["gb2312", "utf-16"])
def test_an_xml_spreadsheet_2003_in_another_encoding_or_with_a_prefix_is_read(tmp_path: Path, encoding: str):
    """Review r106 F2, F3."""
    path = tmp_path / "p.xls"
    path.write_bytes(
        (
            f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
            f'<ss:Workbook xmlns:ss="{_XML2003_NS}"><ss:Worksheet ss:Name="客户"><ss:Table>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="String">企业名称</ss:Data></ss:Cell></ss:Row>'
            '<ss:Row><ss:Cell><ss:Data ss:Type="String">慈溪市甲电器有限公司</ss:Data></ss:Cell></ss:Row>'
            "</ss:Table></ss:Worksheet></ss:Workbook>"
        ).encode(encoding)
    )
    book = read_book(path)
    assert book.kind == "xml" and book.sheets[0].rows == [["企业名称"], ["慈溪市甲电器有限公司"]]


def test_an_xml_spreadsheet_2003_cell_far_away_is_refused_before_any_row_is_made(tmp_path: Path):
    """Review r106 F8: one cell at XFD1048576 asked for 17 billion cells."""
    path = tmp_path / "far.xls"
    path.write_text(
        f'<?xml version="1.0"?>\n<Workbook xmlns="{_XML2003_NS}" xmlns:ss="{_XML2003_NS}"><Worksheet ss:Name="a">'
        '<Table><Row><Cell><Data ss:Type="String">企业名称</Data></Cell></Row><Row ss:Index="1048576">'
        '<Cell ss:Index="16384"><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet></Workbook>',
        encoding="utf-8",
    )
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert "1,048,576 行 × 16,384 列" in caught.value.zh


def test_an_xml_spreadsheet_2003_hidden_column_is_hidden(tmp_path: Path):
    """Review r109 F3: a hidden 客户名称 of short names beside 企业名称 is not the company column."""
    path = tmp_path / "hc.xls"
    path.write_text(
        f'<?xml version="1.0"?>\n<Workbook xmlns="{_XML2003_NS}" xmlns:ss="{_XML2003_NS}"><Worksheet ss:Name="a">'
        '<Table><Column ss:Hidden="1"/><Column ss:Index="3" ss:Hidden="1" ss:Span="1"/>'
        '<Row><Cell><Data ss:Type="String">客户名称</Data></Cell><Cell><Data ss:Type="String">企业名称</Data></Cell>'
        '<Cell><Data ss:Type="String">备注</Data></Cell><Cell><Data ss:Type="String">备注2</Data></Cell>'
        '<Cell><Data ss:Type="String">电话</Data></Cell></Row></Table></Worksheet></Workbook>',
        encoding="utf-8",
    )
    sheet = read_book(path).sheets[0]
    assert sheet.hidden_columns == frozenset({0, 2, 3})


def test_a_damaged_text_file_with_control_characters_is_still_text(tmp_path: Path):
    """Review r109 F5: no NUL byte: the encoding advice stays."""
    path = tmp_path / "bad.csv"
    path.write_bytes("企业名称,备注\n慈溪市甲电器有限公司,a\x01b\x02c\n".encode("gb18030") + b"\xff\xff\x81")
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert "不是文本文件" not in caught.value.zh


@pytest.mark.parametrize(
    "head", ['<?xml version="1.0"?>\n<html>', '<meta charset="utf-8">\n<html>', "<!-- x -->\n<html>"]
)
def test_an_html_page_opening_otherwise_without_a_table_says_so(tmp_path: Path, head: str):
    """Review r109 F6."""
    path = tmp_path / "n.xls"
    path.write_text(f"{head}<body><p>没有表格</p></body></html>\n", encoding="utf-8")
    with pytest.raises(FileReadError) as caught:
        read_book(path)
    assert "没有表格" in caught.value.zh
