"""Formula cells an .xlsx keeps without their result (files written by scripts, openpyxl or some
exporters, never opened in Excel): calamine reads them blank, as Excel would show nothing until it
calculates. They are found in the sheets' XML, so that a date or amount read from one says what is
true (a formula without a saved result: open and save the file in Excel or WPS), not that the cell
is blank. Formulas are never evaluated.

Only a workbook whose sheets hold a formula is searched (a substring test of its XML), and only at
its formulas.
"""

from __future__ import annotations

import re

from .halves import sheet_parts

# a formula, then no value or an empty one, then the cell's end
_NO_RESULT = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")
_CELL_START = re.compile(rb"<c\b([^>]*)>$")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TEXT_TYPE = re.compile(rb'\bt="str"')


def find_unsaved(parts: dict[str, bytes], sheets: list) -> int:
    """Set each RawSheet's `unsaved` to the (row index, column index) of its formula cells without a
    result; returns how many there are. An empty value of a text formula (t="str") is a result:
    the formula gave "", as =IF(A2="","",A2) does."""
    named = sheet_parts(parts)
    found = 0
    for sheet in sheets:
        xml = parts.get(named.get(sheet.name, ""), b"")
        if b"<f" not in xml:
            continue
        for m in _NO_RESULT.finditer(xml):
            start = xml.rfind(b"<c", 0, m.start())
            cell = _CELL_START.match(xml, start, m.start()) if start >= 0 else None
            ref = _REF.search(cell[1]) if cell else None
            if ref is None or (m[1] is not None and _TEXT_TYPE.search(cell[1])):
                continue
            sheet.unsaved.add((int(ref[2]) - 1, _column_index(ref[1])))
            found += 1
    return found


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1
