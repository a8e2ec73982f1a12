"""The sheet-extent bound of the zip check: whatever shortcut it takes, it refuses exactly the
sheets whose cells span more than the limit."""

from __future__ import annotations

import io
import zipfile
from unittest.mock import patch

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from regiontool.errors import FileReadError
from regiontool.io import zipcheck
from regiontool.io.zipcheck import _letters, _xlsx_extent, _xlsx_extent_general


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet(cells: list[tuple[int, int]], zeros: list[int] = ()) -> bytes:
    """Cells (row, column), the i-th row number written with zeros[i] leading zeros."""
    pads = ["0" * z for z in zeros] + [""] * len(cells)
    rows = "".join(
        f'<row r="{r}"><c r="{_column(c)}{pad}{r}" t="n"><v>1</v></c></row>'
        for (r, c), pad in zip(cells, pads, strict=False)  # more pads than cells: the rest unused
    )
    return f'<?xml version="1.0"?><worksheet><sheetData>{rows}</sheetData></worksheet>'.encode()


@given(
    st.lists(st.tuples(st.integers(1, 2_000_000), st.integers(1, 20_000)), max_size=12),
    st.integers(1, 50_000_000),
    st.lists(st.integers(0, 6), max_size=12),
)
@example(cells=[(1000, 1), (10000, 1)], limit=50_000_000, zeros=[3])  # A001000 beside A10000
@example(cells=[(1000, 1), (200_000, 1)], limit=50_000_000, zeros=[4, 0])  # 0001000: 7 characters
@example(cells=[(90, 1), (100, 1)], limit=50_000_000, zeros=[3])  # 00090: 5 characters, row 100 beside
def test_the_extent_passes_the_limit_exactly_when_the_cells_do(cells, limit, zeros):
    """Row numbers with leading zeros (A001000 is row 1,000) included: a shortcut that took the
    longest-written numbers for the largest said 1,000 beside A10000."""
    part = _sheet(cells, zeros)
    rows, cols = _xlsx_extent(part, limit)
    exact_rows, exact_cols = _xlsx_extent_general(part)
    assert (rows * cols > limit) == (exact_rows * exact_cols > limit)
    assert rows == exact_rows
    if rows * cols > limit:  # what the refusal names is the real extent
        assert cols == exact_cols


@given(st.integers(1, 10**7))
def test_letters_is_the_length_of_the_column_name(n):
    assert _letters(n) == len(_column(n))


# Row numbers of every length, and neighbours that differ in one digit (8 against 9).
_ROWS = st.one_of(
    st.integers(1, 6).flatmap(lambda d: st.integers(10 ** (d - 1), 10**d - 1)),
    st.sampled_from([8, 9, 89, 98, 99, 189, 198, 899, 989, 998, 1899, 9899, 9989, 98999, 99899]),
)


@given(
    st.lists(st.tuples(_ROWS, st.integers(1, 800), st.integers(0, 2)), min_size=1, max_size=30),
    st.integers(1, 400),
    st.integers(1, 6),
    st.integers(1, 3),
)
@example(cells=[(99, 1, 0), (98, 1, 0)], tail=53, digits=1, letters=1)  # the tail shows 98 only
@example(cells=[(10000, 1, 0), (9999, 1, 0)], tail=60, digits=4, letters=1)
def test_the_shortcuts_find_what_listing_every_cell_finds(cells, tail, digits, letters):
    # _TAIL made small, so the sheet's tail holds a part of its cells (or cuts one): the last
    # row it shows must be checked against every cell, rows out of order and written with
    # leading zeros included.
    rows = "".join(f'<row r="{r}"><c r="{_column(c)}{"0" * z}{r}"><v>1</v></c></row>' for r, c, z in cells)
    part = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    with patch.object(zipcheck, "_TAIL", tail):
        assert zipcheck._last_row(part, b"", digits) == zipcheck._long_refs(part, b"", digits, 99)[0]
    assert zipcheck._widest(part, b"", letters) == zipcheck._long_refs(part, b"", 99, letters)[1]


def _parsed_extent(part: bytes, values_only: bool = False) -> tuple[int, int]:
    """The oracle: every element named c (any prefix) read by an XML parser, as calamine reads them."""
    import re
    import xml.etree.ElementTree as ET

    height = width = 0
    for el in ET.fromstring(part).iter():
        if el.tag.rpartition("}")[2] != "c" or (values_only and not len(el) and not el.text):
            continue
        m = re.fullmatch(r"\s*([A-Za-z]+)(\d+)\s*", el.get("r") or "")
        if m:
            height, width = (
                max(height, int(m.group(2))),
                max(width, zipcheck._column_number(m.group(1).encode())),
            )
    return height, width


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@st.composite
def _written_cell(draw) -> str:
    """One cell of row r written in one of the ways XML allows: its prefix, the space before r,
    the quotes, r after another attribute, an entity in the reference, a wide column, empty."""
    r = draw(st.sampled_from([1, 9, 99_999, 100_000, 1_048_576]) | st.integers(1, 1_048_576))
    letters = _column(draw(st.sampled_from([1, 26, 204, 16_384]) | st.integers(1, 16_384)))
    ref = f"{letters}{r}"
    if draw(st.booleans()):
        ref = f"&#{ord(letters[0])};{ref[1:]}"  # &#65;1 is A1
    q = draw(st.sampled_from(['"', "'"]))
    space = draw(st.sampled_from([" ", "\t", "\n", "  ", " \r\n "]))
    prefix = draw(st.sampled_from(["", "x:"]))
    attrs = [f"r{draw(st.sampled_from(['=', ' = ']))}{q}{ref}{q}"]
    if draw(st.booleans()):
        attrs.insert(draw(st.integers(0, 1)), 's="1"')
    body = draw(st.sampled_from(["/>", "><v>1</v></c>".replace("c>", f"{prefix}c>")]))
    return f"<{prefix}c{space}{space.join(attrs)}{body}"


@given(st.lists(_written_cell(), min_size=1, max_size=6), st.sampled_from(["", "x:"]), st.booleans())
@example(cells=['<c r="&#71;W1"><v>1</v></c>'], sheet_prefix="", values_only=False)  # GW1 × 100,000
def test_the_extent_reads_every_cell_as_an_xml_parser_does(cells, sheet_prefix, values_only):
    """Review r21 #2, #3: a cell of a wide column (GV1048576) lost its row to the shortcut, and a
    cell written <c\\tr=…>, <c\\nr=…> or with another prefix than the sheet's was not seen at all;
    the parser then allocated the rectangle (a Rust abort, not a one-line refusal). The bound must
    be at least what an XML parser finds, however the cells are written."""
    p = sheet_prefix
    part = (
        f'<{p}worksheet {_NS} {_X}><{p}sheetData><{p}row r="1">{"".join(cells)}</{p}row>'
        f'<{p}row r="100000"><{p}c r="A100000"><{p}v>1</{p}v></{p}c></{p}row></{p}sheetData></{p}worksheet>'
    ).encode()
    exact = _parsed_extent(part, values_only)
    general = _xlsx_extent_general(part, values_only)
    assert general[0] >= exact[0] and general[1] >= exact[1]
    limit = 20_480_000
    rows, cols = _xlsx_extent(part, limit)
    filled = _parsed_extent(part, values_only=True)  # the parser skips a cell holding nothing
    if filled[0] * filled[1] > limit:
        assert rows * cols > limit


_FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


@pytest.mark.parametrize(
    "sheet_data",
    [
        f'<!-- <c " --><row r="31"><c r="A31"><v>1</v></c></row>{_FAR}<!-- " -->',
        f'<?x <c " ?><row r="31"><c r="A31"><v>1</v></c></row>{_FAR}<?x " ?>',
        '<row r="31"><c r="A31" t="inlineStr"><is><t><![CDATA[<c "]]></t></is></c></row>'
        f'<row r="32"><c r="A32"><v>1</v></c></row>{_FAR}<!-- " -->',
        # cells without a reference take their row's number: a row numbered 1,048,576, one wide cell
        '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row><row r="32"><c r="ZZ32"><v>1</v></c></row>',
        # review r23: a second r, which the parser takes over the first, in every spelling
        '<row r="40"><c r="A40" r="XFD1048576"><v>1</v></c></row>',
        '<row r="40"><c r="A40"\tr="XFD1048576"><v>1</v></c></row>',
        '<row r="40"><c r="A40" r ="XFD1048576"><v>1</v></c></row>',
        '<row r="40"><c r="A40" r=\'XFD1048576\'><v>1</v></c></row>',
        '<row r="40"><c s="0" r="A40" r="XFD1048576"><v>1</v></c></row>',
        # a quote in an attribute value of another element, where no tag can be
        f'<row r="31" foo=\'<c "\'><c r="A31"><v>1</v></c></row>{_FAR}<row r="1048577"><c r="A1"><is><t>"</t></is></c></row>',
    ],
    ids=[
        "comment",
        "processing-instruction",
        "cdata",
        "row-number-of-cells-without-r",
        "second-r",
        "second-r-after-a-tab",
        "second-r-spaced",
        "second-r-single-quoted",
        "second-r-in-a-reordered-cell",
        "quote-in-an-attribute",
    ],
)
def test_a_far_cell_is_found_whatever_surrounds_it(sheet_data):
    """Review r22 #1, #2: a quote inside a comment, a processing instruction or CDATA made the
    exact pass read a far cell as part of an attribute (the sheet bounded at 31 × 4, the parser
    then allocating 1,048,576 × 16,384 and aborting); cells with no reference in a row numbered
    1,048,576 were bounded by the count of rows. Each must be over the limit."""
    part = f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{sheet_data}</sheetData></worksheet>'.encode()
    try:
        rows, cols = _xlsx_extent(part, 20_480_000)
    except zipcheck.UnreadableSheet:  # refused as damaged: not XML the exact pass can read
        return
    assert rows * cols > 20_480_000


@pytest.mark.parametrize("declaration", ["<!DOCTYPE x>", "<!doctype x>", "<!DocType x>", "<!ENTITY e 'x'>"])
@pytest.mark.parametrize("padding", [0, 70_000])
def test_a_declaration_anywhere_in_a_part_is_refused(declaration, padding):
    """Review r23 #1: only the first 64 KB were searched, and only for <!DOCTYPE in capitals."""
    part = f'<?xml version="1.0"?>{" " * padding}{declaration}<worksheet {_NS}/>'.encode()
    with pytest.raises(FileReadError, match="DOCTYPE"):
        zipcheck._refuse_doctype("x.xlsx", "xl/worksheets/sheet1.xml", part)


def _zipped(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


_FAR_SHEET = f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{_FAR}</sheetData></worksheet>'


@pytest.mark.parametrize(
    "sheet_name",
    ["xl/sheet1.xml", "xl/worksheets/sheet1.XML", "xl/Worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"],
)
def test_a_sheet_is_checked_whatever_its_part_is_named(sheet_name):
    """Review r24 #1: only parts named xl/worksheets/*.xml were checked, while calamine follows the
    workbook's relations and finds parts whatever the case of their names."""
    data = _zipped({"xl/workbook.xml": f"<workbook {_NS}/>", sheet_name: _FAR_SHEET})
    with pytest.raises(FileReadError, match="over the limit"):
        zipcheck.check_zip("x.xlsx", data, 2048 * 1024**2)


@pytest.mark.parametrize("workbook", ["xl/workbook.bin", "XL/Workbook.bin"])
def test_a_binary_workbook_named_xlsx_is_refused(workbook):
    """Review r24 #2: an .xlsb renamed .xlsx was taken for an xlsx, and its binary sheets, which no
    check here reads, went to calamine unchecked."""
    data = _zipped({"[Content_Types].xml": "<Types/>", workbook: "\\x00\\x01"})
    with pytest.raises(FileReadError, match="xlsb"):
        zipcheck.check_zip("x.xlsx", data, 2048 * 1024**2)


def test_a_filled_far_cell_with_a_slash_in_an_attribute_is_not_taken_for_empty():
    """Review r24 #3: <c r="XFD1048576" foo="/>"><v>1</v></c> read as a self-closing, empty cell
    when the bound counted only cells holding something."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="D{r}" s="1"/></row>' for r in range(1, 32))
    part = (
        f'<?xml version="1.0"?><worksheet {_NS}><sheetData>{rows}'
        '<row r="1048576"><c r="XFD1048576" foo="/>"><v>1</v></c></row></sheetData></worksheet>'
    ).encode()
    rows_, cols = _xlsx_extent(part, 20_480_000)
    assert rows_ * cols > 20_480_000


# --- the checks of a big file run in a second process (zipcheck.Checking) -------------------


@pytest.fixture
def aside(monkeypatch):
    """Every zip checked in a forked child, as a big file is, whatever its size."""
    from regiontool import forked

    if not forked.can_fork():
        pytest.skip("no second process here: the checks run in this one")
    monkeypatch.setattr(zipcheck, "ASIDE_MIN_BYTES", 0)


def test_checks_aside_refuse_what_the_checks_here_refuse(aside):
    far = _zipped({"xl/workbook.xml": f"<workbook {_NS}/>", "xl/worksheets/sheet1.xml": _FAR_SHEET})
    with pytest.raises(FileReadError, match="over the limit") as far_error:
        zipcheck.check_zip("x.xlsx", far, 2048 * 1024**2)
    declared = _zipped({"xl/workbook.xml": f'<?xml version="1.0"?><!DOCTYPE x><workbook {_NS}/>'})
    with pytest.raises(FileReadError, match="DOCTYPE") as declared_error:
        zipcheck.check_zip("x.xlsx", declared, 2048 * 1024**2)
    assert far_error.value.zh and "上限" in far_error.value.zh
    assert declared_error.value.zh and "DOCTYPE" in declared_error.value.zh


def test_checks_aside_pass_a_clean_file_and_fill_its_parts(aside):
    sheet = f'<worksheet {_NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    data = _zipped({"xl/workbook.xml": f"<workbook {_NS}/>", "xl/worksheets/sheet1.xml": sheet})
    parts: dict[str, bytes] = {}
    checking = zipcheck.open_zip("x.xlsx", data, 2048 * 1024**2, parts)
    assert checking._child is not None and checking._child.forked  # the checks run elsewhere …
    assert parts["xl/worksheets/sheet1.xml"] == sheet.encode()  # … while the parts are here
    assert checking.passed() == checking.passed() == "xlsx"


def _damaged_after(first: dict[str, str], damaged: str) -> bytes:
    """A zip of `first`, then a deflated part `damaged` whose compressed bytes are broken."""
    data = bytearray(_zipped({**first, damaged: "<x>" + "y" * 5000 + "</x>"}))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(damaged)
    start = info.header_offset + 30 + len(damaged.encode())
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


@pytest.mark.parametrize("where", ["here", "aside"])
def test_a_declaration_before_a_damaged_part_is_the_error_named(where, monkeypatch):
    """The parts are all inflated before their content is checked: the first problem in the
    archive's order is still the one named, as when each part was checked as it was inflated."""
    from regiontool import forked

    if where == "aside":
        if not forked.can_fork():
            pytest.skip("no second process here")
        monkeypatch.setattr(zipcheck, "ASIDE_MIN_BYTES", 0)
    declared = f'<?xml version="1.0"?><!DOCTYPE x><workbook {_NS}/>'
    data = _damaged_after({"xl/workbook.xml": declared}, "xl/worksheets/sheet1.xml")
    with pytest.raises(FileReadError, match="DOCTYPE"):
        zipcheck.check_zip("x.xlsx", data, 2048 * 1024**2)
    clean = _damaged_after({"xl/workbook.xml": f"<workbook {_NS}/>"}, "xl/worksheets/sheet1.xml")
    with pytest.raises(FileReadError, match="corrupt or truncated"):
        zipcheck.check_zip("x.xlsx", clean, 2048 * 1024**2)
