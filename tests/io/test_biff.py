"""Excel 97-2003 .xls: the zero-padded formats read from the workbook's records (io/biff.py)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import python_calamine as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from regiontool.io import biff
from regiontool.io.read import RawSheet, read_book


def _two_sheets() -> bytes:
    """说明 first (a 0.00 amount), then 客户 under a title row: 工号 through 000, 邮编 through 000000,
    a fraction through 000, an amount through #,##0."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    notes = wb.add_sheet("说明")
    notes.write(0, 0, 12.5, xlwt.easyxf(num_format_str="0.00"))
    ws = wb.add_sheet("客户")
    ws.write(0, 0, "2026年客户联系表")
    for c, header in enumerate(["企业名称", "工号", "邮编", "系数", "金额"]):
        ws.write(1, c, header)
    z3, z6 = xlwt.easyxf(num_format_str="000"), xlwt.easyxf(num_format_str="000000")
    for r in range(2, 6):
        ws.write(r, 0, f"慈溪市{r}号电器厂")
        ws.write(r, 1, r - 1, z3)
        ws.write(r, 2, 10010 * r, z6)
        ws.write(r, 3, r + 0.5, z3)
        ws.write(r, 4, 1200 * r, xlwt.easyxf(num_format_str="#,##0"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = _two_sheets()


def test_padded_cells_of_each_sheet_read_as_shown(tmp_path):
    """Review r26 #4: only the whole numbers of the 000 / 000000 cells become their text, in the
    sheet they are in; the fraction, the amount and the other sheet's number stay numbers."""
    path = tmp_path / "list.xls"
    path.write_bytes(GOOD)
    notes, sheet = read_book(path).sheets
    assert notes.rows == [[12.5]]
    assert [row[1:] for row in sheet.rows[2:]] == [
        ["001", "020020", 2.5, 2400],
        ["002", "030030", 3.5, 3600],
        ["003", "040040", 4.5, 4800],
        ["004", "050050", 5.5, 6000],
    ]


def _sheets(good: bytes) -> list[RawSheet]:
    """The sheets as calamine reads the undamaged file (a damaged one it may refuse)."""
    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(good))
    return [RawSheet(n, wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names]


def _damaged_reads_as_calamine_or_padded(good: bytes, changes, cut) -> None:
    """Whatever bytes of the container or records are damaged, the padding is skipped or done, never
    an error; a cell it changes was a whole number and becomes that number's digits with zeros."""
    data = bytearray(good)
    for at, byte in changes:
        data[at % len(good)] = byte
    data = bytes(data[:cut] if 512 < cut < len(good) else data)
    sheets = _sheets(good)
    before = [[list(row) for row in s.rows] for s in sheets]
    changed = biff.show_padded(data, sheets)
    diffs = [
        (old, new)
        for s, rows in zip(sheets, before, strict=True)
        for a, b in zip(rows, s.rows, strict=True)
        for old, new in zip(a, b, strict=True)
        if old != new or type(old) is not type(new)
    ]
    assert changed == len(diffs)
    for old, new in diffs:
        assert isinstance(old, (int, float)) and float(old).is_integer()
        assert isinstance(new, str) and new.lstrip("-").lstrip("0") == str(abs(int(old))).lstrip("0")


_DAMAGE = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(changes=_DAMAGE, cut=st.integers(0, len(GOOD)))
@example(changes=[(2898, 7)], cut=0)  # a record damaged after cells were padded: none may change
def test_a_damaged_file_never_fails_the_read_and_only_pads_whole_numbers(changes, cut):
    _damaged_reads_as_calamine_or_padded(GOOD, changes, cut)


# --- a short list saved by LibreOffice: its Workbook stream under 4096 bytes, in the mini stream ---


@pytest.fixture(scope="module")
def libreoffice_xls(tmp_path_factory) -> bytes:
    """Ten rows, 邮编 through 000000 and 工号 through 000, saved as .xlsx by openpyxl and converted
    to .xls by LibreOffice, which (unlike Excel and POI) leaves a short Workbook stream unpadded."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    import openpyxl

    folder = tmp_path_factory.mktemp("lo_xls")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户联系表"
    ws.append(["企业名称", "联系人", "邮编", "工号"])
    for i in range(10):
        ws.append([f"慈溪市第{i}电器有限公司", f"联系人{i}", 10010 + i, i + 1])
        ws.cell(i + 2, 3).number_format = "000000"
        ws.cell(i + 2, 4).number_format = "000"
    wb.save(folder / "short.xlsx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(folder / "short.xlsx")],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return (folder / "short.xls").read_bytes()


def test_a_short_libreoffice_xls_reads_padded_as_shown(libreoffice_xls: bytes, tmp_path: Path):
    """Review r30 #3: the Workbook stream of a list of ten rows is under the 4096-byte cutoff, so
    in the OLE's mini stream, which was not read: 邮编 and 工号 lost their zeros."""
    stream = biff.workbook_stream(libreoffice_xls)
    assert stream is not None and len(stream) < 4096  # the mini stream, not the regular sectors
    path = tmp_path / "short.xls"
    path.write_bytes(libreoffice_xls)
    rows = read_book(path).sheets[0].rows
    assert [row[2:] for row in rows[1:4]] == [["010010", "001"], ["010011", "002"], ["010012", "003"]]
    assert rows[10][2:] == ["010019", "010"]


@settings(max_examples=200, deadline=None)
@given(changes=_DAMAGE, cut=st.integers(0, 1 << 14))
def test_a_damaged_short_libreoffice_xls_never_fails_the_read(libreoffice_xls: bytes, changes, cut):
    _damaged_reads_as_calamine_or_padded(libreoffice_xls, changes, cut)
