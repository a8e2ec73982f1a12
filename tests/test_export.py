"""`regiontool export`: the resource table comes back whole, formatted and safe."""

from __future__ import annotations

import csv
import hashlib
import re

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import HEADERS, connect, write_xlsx
from regiontool.io.write import EXACT_WHOLE, display_width


@pytest.fixture
def imported(cli, contacts_xlsx):
    result = cli("import", contacts_xlsx)
    assert result.exit_code == 0, result.output
    return contacts_xlsx


def test_xlsx_has_original_columns_then_key_fields_and_trace(cli, tmp_path, imported):
    out = tmp_path / "资源表.xlsx"
    result = cli("export", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["资源表", "问题"]
    ws = wb["资源表"]
    header = [c.value for c in ws[1]]
    assert header[: len(HEADERS)] == HEADERS
    assert header[len(HEADERS) :] == [
        "企业名称",
        "地址（整理）",
        "联系人（整理）",
        "电话",
        "区域经理（整理）",
        "镇街",
        "区县",
        "行业",
        "规模",
        "客户分类（整理）",
        "是否关键联系人（整理）",
        "推断依据",
        "企业编号",
        "来源文件",
        "来源工作表",
        "来源行",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 5  # 6 non-blank rows, one rejected
    col = {h: i for i, h in enumerate(header)}
    by_contact = {r[col["联系人"]]: r for r in rows}
    li = by_contact["李娜"]
    assert li[col["企業名稱"]] == "慈溪市華峰電器有限公司 "  # original text kept as typed
    assert li[col["企业名称"]] == "慈溪市华峰电器有限公司"
    assert li[col["客户分类（整理）"]] == "A"  # company tier, though blank on this row
    assert li[col["来源行"]] == 5 and li[col["来源文件"]] == "contacts.xlsx"
    assert by_contact["钱强"][col["客户分类（整理）"]] == "大客户"  # unknown code keeps its text
    assert by_contact["张伟"][col["电话"]] == "13812345678"


def test_xlsx_is_formatted_for_people(cli, tmp_path, imported):
    out = tmp_path / "out.xlsx"
    cli("export", out)
    ws = openpyxl.load_workbook(out)["资源表"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    assert not ws.tables
    # --table: an Excel Table (filters included) so Insert → PivotTable takes it in one click.
    cli("export", out, "--table")
    ws = openpyxl.load_workbook(out)["资源表"]
    table = ws.tables["Resources"]
    assert table.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
    assert [c.name for c in table.tableColumns] == [c.value for c in ws[1]]
    assert ws["A1"].font.b
    header = [c.value for c in ws[1]]
    address_col = openpyxl.utils.get_column_letter(header.index("地址") + 1)
    longest = max(display_width(str(c.value or "")) for c in ws[address_col])
    assert ws.column_dimensions[address_col].width >= longest


def test_formula_like_text_stays_text(cli, tmp_path, imported):
    out = tmp_path / "out.xlsx"
    cli("export", out)
    ws = openpyxl.load_workbook(out)["资源表"]
    notes = {c.value for c in ws["I"] if c.value}
    assert {'=HYPERLINK("http://x")', "-待回访-", "@张经理 跟进"} <= notes
    for cell in ws["I"]:
        assert cell.data_type != "f"


def test_csv_neutralises_formulas_and_opens_in_excel(cli, tmp_path, imported):
    out = tmp_path / "out.csv"
    assert cli("export", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel and WPS read it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    cells = {c for r in rows for c in r}
    assert '\'=HYPERLINK("http://x")' in cells and "'-待回访-" in cells and "'@张经理 跟进" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_english_labels(cli, tmp_path, imported):
    out = tmp_path / "out.xlsx"
    cli("export", out, "--lang", "en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Resources", "Problems"]
    header = [c.value for c in wb["Resources"][1]][len(HEADERS) :]
    assert header == [
        "company",
        "address",
        "contact",
        "phone",
        "manager",
        "town",
        "county",
        "industry",
        "size",
        "tier",
        "key_contact",
        "basis",
        "company_id",
        "source_file",
        "source_sheet",
        "source_row",
    ]
    letter = openpyxl.utils.get_column_letter(len(HEADERS) + header.index("key_contact") + 1)
    values = {c.value for c in wb["Resources"][letter]}
    assert {"yes", "no"} <= values


def test_problems_sheet_lists_rejected_rows(cli, tmp_path, imported):
    out = tmp_path / "out.xlsx"
    cli("export", out)
    ws = openpyxl.load_workbook(out)["问题"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    codes = sorted(r[0] for r in rows)
    assert codes == ["invalid-key-contact", "invalid-tier", "no-company"]
    rejected = next(r for r in rows if r[0] == "no-company")
    assert rejected[4] == 9 and "孙丽" in rejected[6]


def test_refuses_to_overwrite_an_input_file(cli, imported):
    before = hashlib.sha256(imported.read_bytes()).hexdigest()
    result = cli("export", imported)
    assert result.exit_code == 2
    assert "是输入文件，不能覆盖它" in result.output
    result = cli("export", imported, "--lang", "en")
    assert result.exit_code == 2
    assert "input file" in result.output
    assert hashlib.sha256(imported.read_bytes()).hexdigest() == before


def test_refuses_to_overwrite_a_file_whose_import_changed_nothing(cli, db, tmp_path, contacts_xlsx):
    """The same file imported again from another folder records no import (没有变化), yet it
    was given to import: an export must not replace it (review r1 #3)."""
    (tmp_path / "旧").mkdir()
    (tmp_path / "新").mkdir()
    old, new = tmp_path / "旧" / "客户联系表.xlsx", tmp_path / "新" / "客户联系表.xlsx"
    old.write_bytes(contacts_xlsx.read_bytes())
    new.write_bytes(contacts_xlsx.read_bytes())
    assert cli("import", old).exit_code == 0
    again = cli("import", new)
    assert again.exit_code == 0 and "没有变化" in again.output
    before = hashlib.sha256(new.read_bytes()).hexdigest()
    result = cli("export", new, "--lang", "en")
    assert result.exit_code == 2 and "input file" in result.output
    assert hashlib.sha256(new.read_bytes()).hexdigest() == before
    con = connect(db)
    try:  # nothing was added to the accounting for it
        assert con.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 1
    finally:
        con.close()
    dry = write_xlsx(tmp_path / "dry.xlsx", title="另一份客户联系表")  # not the bytes of an imported file
    assert cli("import", dry, "--dry-run").exit_code == 0  # a dry run writes (and remembers) nothing
    assert cli("export", dry).exit_code == 0


def test_failed_write_leaves_existing_file_and_no_temp(monkeypatch, tmp_path, db, imported, cli):
    from regiontool.io import zipstream

    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"previous")

    def boom(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipstream.ZipWriter, "writestr", boom)
    result = cli("export", out)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")) == []


def test_export_without_workspace_is_a_clear_error(cli, tmp_path):
    result = cli("export", tmp_path / "x.xlsx", "--lang", "en")
    assert result.exit_code == 1
    assert "no workspace" in result.output and "regiontool import" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_unsupported_output_extension(cli, tmp_path, imported):
    result = cli("export", tmp_path / "x.pdf")
    assert result.exit_code == 2 and ".pdf" in result.output


def test_problems_command_formats(cli, tmp_path, imported):
    import json

    data = json.loads(cli("problems", "--format", "json", "--lang", "en").stdout)
    assert {d["code"] for d in data} == {"invalid-key-contact", "invalid-tier", "no-company"}
    only = json.loads(cli("problems", "--code", "invalid-tier", "-f", "json").stdout)
    assert len(only) == 1 and only[0]["值"] == "大客户"
    out = tmp_path / "p.xlsx"
    result = cli("problems", "--out", out)
    assert result.exit_code == 0 and result.stdout == f"{out}：问题 {len(data):,} 条\n"
    assert openpyxl.load_workbook(out).sheetnames == ["问题", "_regiontool"]  # hidden: no list to import
    result = cli("problems", "--out", out, "--lang", "en")
    assert result.exit_code == 0 and result.stdout == f"{out}: {len(data):,} problems\n"
    assert cli("problems", "--code", "nosuch").exit_code == 2


def test_csv_writes_whole_numbers_as_a_spreadsheet_shows_them(cli, tmp_path, imported):
    out = tmp_path / "out.csv"
    assert cli("export", out).exit_code == 0
    rows = list(csv.DictReader(out.read_bytes().decode("utf-8-sig").splitlines()))
    assert [r["序号"] for r in rows][:3] == ["1", "2", "3"]  # typed 1, read as 1.0: written 1
    assert not any(v.endswith(".0") for r in rows for v in r.values() if v)


def test_xlsx_writes_whole_numbers_as_integers_as_csv_and_json_do(cli, tmp_path, imported):
    """序号 typed 1 is read as 1.0: the sheet holds <v>1</v>, so a script reading it gets 1, not 1.0;
    a number with a fraction keeps it."""
    import zipfile

    from regiontool.io.xlsx import TableSheet, write_workbook

    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["资源表"]
    column = [c.value for c in ws[1]].index("序号") + 1
    numbers = [ws.cell(row, column).value for row in range(2, ws.max_row + 1)]
    assert numbers[:3] == [1, 2, 3] and all(type(v) is int for v in numbers if v is not None)
    with zipfile.ZipFile(out) as z:
        assert not re.search(r"<v>-?\d+\.0</v>", z.read("xl/worksheets/sheet1.xml").decode())

    import pandas as pd

    frame = pd.DataFrame({"a": [1.0, -2.0, 2.5, 13838751213.0, float("nan"), -0.0]})
    book = tmp_path / "t.xlsx"
    with open(book, "wb") as fh:
        write_workbook(fh, [TableSheet(name="t", frame=frame, widths=[10.0])])
    cells = [row[0] for row in openpyxl.load_workbook(book)["t"].iter_rows(min_row=2, values_only=True)]
    assert cells == [1, -2, 2.5, 13838751213, None, 0] and [type(v) for v in cells] == [
        int,
        int,
        float,
        int,
        type(None),
        int,
    ]


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_csv_number_reads_back_as_the_same_number(value):
    from regiontool.io.write import csv_cell

    text = str(csv_cell(value))
    assert float(text) == value
    if value.is_integer() and abs(value) < EXACT_WHOLE:
        assert text == str(int(value))


def test_json_export_gives_whole_numbers_as_integers(cli, tmp_path, imported):
    import json

    out = tmp_path / "out.json"
    assert cli("export", out).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    rows = document["resources"]
    assert [r["序号"] for r in rows][:3] == [1, 2, 3]
    assert all(type(r["序号"]) is int for r in rows)
    # its keys are the same in every --lang; the records' keys follow it
    assert cli("export", tmp_path / "en.json", "--lang", "en").exit_code == 0
    english = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    assert list(english) == list(document) == ["resources", "problems"]
    assert "town" in english["resources"][0] and "镇街" in rows[0] and "镇街" not in english["resources"][0]


def test_the_resource_table_prints_landscape_with_its_header_on_every_page(cli, tmp_path, imported):
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
        assert ws.print_title_rows == "$1:$1"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToHeight) == 0
        assert int(ws.page_setup.fitToWidth) >= 1


def test_a_wide_table_prints_over_pages_side_by_side():
    from regiontool.io.write import pages_wide

    assert pages_wide([10.0] * 5) == 1
    assert pages_wide([40.0] * 30) > pages_wide([40.0] * 10) > 1


def test_date_cells_come_back_as_dates(cli, tmp_path):
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "成立日期", "上次拜访", "备注"])
    ws.append(
        ["慈溪市甲电器厂", "张三", dt.date(2020, 1, 1), dt.datetime(2026, 3, 5, 14, 30), "T恤 2026-03-05"]
    )
    ws.append(["慈溪市乙电器厂", "李四", None, dt.datetime(2026, 3, 6, 9, 0), None])
    wb.save(tmp_path / "d.xlsx")
    assert cli("import", tmp_path / "d.xlsx").exit_code == 0
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["资源表"]
    header = [c.value for c in sheet[1]]
    founded, visited, note = (sheet.cell(2, header.index(h) + 1) for h in ("成立日期", "上次拜访", "备注"))
    assert founded.is_date and founded.value == dt.datetime(2020, 1, 1)
    assert visited.is_date and visited.value == dt.datetime(2026, 3, 5, 14, 30)
    assert note.value == "T恤 2026-03-05"  # text that looks like a date stays text
    csv_out = tmp_path / "out.csv"
    assert cli("export", csv_out).exit_code == 0
    rows = list(csv.DictReader(csv_out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["成立日期"] == "2020-01-01" and rows[0]["上次拜访"] == "2026-03-05 14:30:00"


def test_time_cells_come_back_as_times(cli, tmp_path):
    """Review r17 #7: a time of day (14:30, format hh:mm) is a time in the export, not the text
    '14:30:00'; a column with seconds shows them; a time beside dates in a column stays a time."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "拜访时间", "打卡", "约见"])
    ws.append(["慈溪市甲电器厂", "张三", dt.time(14, 30), dt.time(8, 59, 30), dt.date(2026, 3, 5)])
    ws.append(["慈溪市乙电器厂", "李四", dt.time(9, 0), None, dt.time(16, 0)])
    for row in (2, 3):
        ws.cell(row, 3).number_format = "hh:mm"
    ws["E3"].number_format = "hh:mm"
    wb.save(tmp_path / "t.xlsx")
    assert cli("import", tmp_path / "t.xlsx").exit_code == 0
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["资源表"]
    header = [c.value for c in sheet[1]]
    visit, clock, meet = (header.index(h) + 1 for h in ("拜访时间", "打卡", "约见"))
    assert [(sheet.cell(r, visit).value, sheet.cell(r, visit).number_format) for r in (2, 3)] == [
        (dt.time(14, 30), "hh:mm"),
        (dt.time(9, 0), "hh:mm"),
    ]
    assert (sheet.cell(2, clock).value, sheet.cell(2, clock).number_format) == (
        dt.time(8, 59, 30),
        "hh:mm:ss",
    )
    assert sheet.cell(2, meet).value == dt.datetime(2026, 3, 5) and sheet.cell(2, meet).is_date
    assert (sheet.cell(3, meet).value, sheet.cell(3, meet).number_format) == (dt.time(16, 0), "hh:mm")


def test_times_with_and_without_seconds_in_one_column_each_keep_their_format(cli, tmp_path):
    """Review r20 #7b: a column mixing 14:30 and 09:05:30 shows each as it is (hh:mm, hh:mm:ss);
    14:30 was shown 14:30:00 because another time in its column had seconds."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "约见时间"])
    ws.append(["慈溪市甲电器厂", "张三", dt.time(14, 30)])
    ws.append(["慈溪市乙电器厂", "李四", dt.time(9, 5, 30)])
    ws.append(["慈溪市丙电器厂", "王五", dt.time(16, 0)])
    ws["C2"].number_format = ws["C4"].number_format = "hh:mm"
    ws["C3"].number_format = "hh:mm:ss"
    wb.save(tmp_path / "t.xlsx")
    assert cli("import", tmp_path / "t.xlsx").exit_code == 0
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["资源表"]
    meet = [c.value for c in sheet[1]].index("约见时间") + 1
    assert [(sheet.cell(r, meet).value, sheet.cell(r, meet).number_format) for r in (2, 3, 4)] == [
        (dt.time(14, 30), "hh:mm"),
        (dt.time(9, 5, 30), "hh:mm:ss"),
        (dt.time(16, 0), "hh:mm"),
    ]


def test_dates_with_and_without_a_time_in_one_column_each_keep_their_format(cli, tmp_path):
    """A column mixing dates (2026-03-05) and dates with a time (2026-03-06 14:30, … 09:05:30)
    shows each as it is: a plain date was shown 2026-03-05 00:00 because another cell of its
    column had a time."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "上次联系"])
    ws.append(["慈溪市甲电器厂", "张三", dt.datetime(2026, 3, 5)])
    ws.append(["慈溪市乙电器厂", "李四", dt.datetime(2026, 3, 6, 14, 30)])
    ws.append(["慈溪市丙电器厂", "王五", dt.datetime(2026, 3, 7, 9, 5, 30)])
    ws.append(["慈溪市丁电器厂", "赵六", dt.date(2026, 3, 8)])
    ws["C2"].number_format = ws["C5"].number_format = "yyyy-mm-dd"
    ws["C3"].number_format = "yyyy-mm-dd hh:mm"
    ws["C4"].number_format = "yyyy-mm-dd hh:mm:ss"
    wb.save(tmp_path / "t.xlsx")
    assert cli("import", tmp_path / "t.xlsx").exit_code == 0
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["资源表"]
    seen = [c.value for c in sheet[1]].index("上次联系") + 1
    assert [(sheet.cell(r, seen).value, sheet.cell(r, seen).number_format) for r in (2, 3, 4, 5)] == [
        (dt.datetime(2026, 3, 5), "yyyy-mm-dd"),
        (dt.datetime(2026, 3, 6, 14, 30), "yyyy-mm-dd hh:mm"),
        (dt.datetime(2026, 3, 7, 9, 5, 30), "yyyy-mm-dd hh:mm:ss"),
        (dt.datetime(2026, 3, 8), "yyyy-mm-dd"),
    ]


def _padded_workbook(path, writer: str) -> None:
    """工号 7 shown 007 (000), 邮编 10010 shown 010010 (000000), a landline typed as a number shown
    057463012345, a plain count, a code typed as text."""
    rows = [
        ["慈溪市甲电器厂", "张三", 7, 10010, 57463012345, 42],
        ["慈溪市乙电器厂", "李四", 12.6, "010020", None, 3],
    ]
    formats = {2: "000", 3: "000000", 4: "000000000000"}
    headers = ["企业名称", "联系人", "工号", "邮编", "电话", "件数"]
    if writer in ("xlwt", "odfpy"):
        (_padded_xls if writer == "xlwt" else _padded_ods)(path, headers, rows, formats)
        return
    if writer == "openpyxl":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(headers)
        for r, row in enumerate(rows, start=2):
            ws.append(row)
            for c, code in formats.items():
                ws.cell(r, c + 1).number_format = code
        wb.save(path)
        return
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("客户")
    ws.write_row(0, 0, headers)
    styles = {c: wb.add_format({"num_format": code}) for c, code in formats.items()}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value, styles.get(c))
    wb.close()


def _padded_xls(path, headers: list, rows: list, formats: dict) -> None:
    """Excel 97-2003 (BIFF8): each format a FORMAT record, the cells' XF records pointing at it."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("客户")
    styles = {c: xlwt.easyxf(num_format_str=code) for c, code in formats.items()}
    for c, header in enumerate(headers):
        ws.write(0, c, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value, styles[c]) if c in styles else ws.write(r, c, value)
    wb.save(str(path))


def _padded_ods(path, headers: list, rows: list, formats: dict) -> None:
    """As LibreOffice saves it: a number style with number:min-integer-digits, and each cell's value
    beside the text it shows (10010 beside 010010, 12.6 beside 013)."""
    from odf.number import Number, NumberStyle
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    styles = {}
    for c, code in formats.items():
        number = NumberStyle(name=f"N{c}")
        number.addElement(Number(decimalplaces=0, minintegerdigits=len(code)))
        doc.automaticstyles.addElement(number)
        styles[c] = Style(name=f"ce{c}", family="table-cell", datastylename=f"N{c}")
        doc.automaticstyles.addElement(styles[c])
    table = Table(name="客户")
    for r, row in enumerate([headers, *rows]):
        tr = TableRow()
        for c, value in enumerate(row):
            if value is None:
                cell = TableCell()
            elif isinstance(value, str):
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            else:
                attrs = {"stylename": styles[c]} if c in styles else {}
                cell = TableCell(valuetype="float", value=value, **attrs)
                shown = str(round(value)).zfill(len(formats[c])) if c in formats and r else str(value)
                cell.addElement(P(text=shown))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


@pytest.mark.parametrize(
    ("writer", "suffix"),
    [("openpyxl", ".xlsx"), ("xlsxwriter", ".xlsx"), ("xlwt", ".xls"), ("odfpy", ".ods")],
)
def test_numbers_shown_zero_padded_keep_their_digits(cli, tmp_path, writer, suffix):
    """Review r17 #6: a number an .xlsx shows through a zero-padded format (工号 007, 邮编 010010)
    is read as the text shown, so no export loses its leading zeros; a phone typed that way is a
    phone; numbers in other formats stay numbers. Review r26 #4: an .xls or .ods too."""
    source = tmp_path / f"padded{suffix}"
    _padded_workbook(source, writer)
    assert cli("import", source).exit_code == 0
    out, csv_out = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert cli("export", out).exit_code == 0 and cli("export", csv_out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["资源表"]
    header = [c.value for c in sheet[1]]
    got = {
        h: [sheet.cell(r, header.index(h) + 1).value for r in (2, 3)]
        for h in ("工号", "邮编", "电话", "件数")
    }
    assert got == {
        "工号": ["007", 12.6],
        "邮编": ["010010", "010020"],
        "电话": ["057463012345", None],
        "件数": [42, 3],
    }
    rows = list(csv.DictReader(csv_out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["工号"], r["邮编"], r["电话"]) for r in rows] == [
        ("007", "010010", "057463012345"),
        ("12.6", "010020", ""),
    ]
    problems = cli("problems", "-f", "csv", "--code", "invalid-phone").stdout
    assert problems.strip().count("\n") == 0, problems


def test_zero_padded_formats_read_from_styles():
    from regiontool.io.padded import format_shape, padded_styles, shown_text

    styles = (
        b'<styleSheet><numFmts count="3"><numFmt numFmtId="164" formatCode="000"/>'
        b'<numFmt formatCode="0.00" numFmtId="165"/><numFmt formatCode="000000" numFmtId="166"/></numFmts>'
        b'<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="166" applyNumberFormat="1"><alignment/></xf>'
        b'<xf numFmtId="165"/><xf numFmtId="164"/></cellXfs></styleSheet>'
    )
    assert padded_styles(styles) == {b"1": format_shape("000000"), b"3": format_shape("000")}
    assert [shown_text(7, format_shape("000")), shown_text(12345, format_shape("000000"))] == [
        "007",
        "012345",
    ]
    assert padded_styles(styles.replace(b'"000"', b'"0"').replace(b'"000000"', b'"#,##0"')) == {}
    assert [shown_text(v, 3) for v in (7, 7.0, 7.5, 12.4, 0, -3, 12345, 1234.56)] == [
        "007",
        "007",
        None,
        None,
        "000",
        "-003",
        "12345",
        None,
    ]


def test_zero_padded_format_never_changes_an_amount(cli, db, tmp_path, imported):
    """Review r20 #6: an orders sheet whose 金额 is shown through 000 keeps its amounts to the fen
    (1234.56 was read as the text 1235, 99.4 as 099, -50.5 as -051); whole amounts keep their value
    too, and a quantity shown through 0000 keeps its fraction."""
    import datetime as dt
    import json

    orders = tmp_path / "orders.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单明细"
    ws.append(["客户名称", "订单日期", "金额", "数量", "订单编号"])
    lines = [
        ("慈溪市华峰电器有限公司", 1234.56, 2.5),
        ("慈溪市华峰电器有限公司", 100, 3),
        ("宁波宏达五金厂", 99.4, 1),
        ("宁波宏达五金厂", -50.5, 1),
    ]
    for i, (name, amount, quantity) in enumerate(lines, start=1):
        ws.append([name, dt.date(2026, 3, i), amount, quantity, f"SO-{i}"])
        ws.cell(i + 1, 3).number_format = "000"
        ws.cell(i + 1, 4).number_format = "0000"
    wb.save(orders)
    result = cli("import", orders)
    assert result.exit_code == 0, result.output
    result = cli("sales", "--by", "customers", "-f", "json", "--as-of", "2026-12-31")
    assert result.exit_code == 0, result.output
    got = {r["客户"]: r["金额"] for r in json.loads(result.stdout)["customers"]}
    assert got == {"慈溪市华峰电器有限公司": 1334.56, "宁波宏达五金厂": 48.9}
    con = connect(db)
    try:
        stored = sorted(tuple(r) for r in con.execute("SELECT amount, quantity FROM orders").fetchall())
    finally:
        con.close()
    assert stored == [(-50.5, 1.0), (99.4, 1.0), (100.0, 3.0), (1234.56, 2.5)]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=8),
            st.integers(-(10**9), 10**9),
            st.floats(allow_nan=False, allow_infinity=False),
            st.booleans(),
            st.dates(),
            st.datetimes(),
            st.times(),
        ),
        max_size=6,
    )
)
def test_packed_cells_unpack_to_what_was_read(row):
    from isal import isal_zlib

    from regiontool.records import pack_rows, unpack_rows

    excel_rows, rows = unpack_rows(isal_zlib.decompress(pack_rows([row], [7])))
    assert excel_rows == [7] and rows == [row]


def test_a_16_digit_whole_number_is_an_integer_in_csv_json_and_xlsx_alike(cli, tmp_path):
    import json
    import zipfile

    from conftest import contact_rows, write_xlsx

    card = 6222021234567890  # a card number typed as a number: past 1e15, below 2**53, exact
    rows = [[*r, float(card) if any(r) else None] for r in contact_rows()]
    assert cli("import", write_xlsx(tmp_path / "c.xlsx", [*HEADERS, "银行账号"], rows)).exit_code == 0
    for suffix in ("csv", "json", "xlsx"):
        assert cli("export", tmp_path / f"out.{suffix}").exit_code == 0
    text = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert {r["银行账号"] for r in csv.DictReader(text)} == {str(card)}
    records = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["resources"]
    assert {r["银行账号"] for r in records} == {card} and all(type(r["银行账号"]) is int for r in records)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert f"<v>{card}</v>" in xml and f"<v>{card}.0</v>" not in xml
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["资源表"]
    column = [c.value for c in ws[1]].index("银行账号") + 1
    cells = [ws.cell(row, column) for row in range(2, ws.max_row + 1)]
    assert {c.value for c in cells} == {card} and {c.number_format for c in cells} == {"0"}  # every digit
