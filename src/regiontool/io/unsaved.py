"""Formula cells an .xlsx keeps without their result (files written by scripts, openpyxl or some
exporters, never opened in Excel): calamine reads them blank, as Excel would show nothing until it
calculates. They are found in the sheets' XML, so that a date or amount read from one says what is
true (a formula without a saved result: open and save the file in Excel or WPS), not that the cell
is blank. Formulas are never evaluated.

Only a workbook whose sheets hold a formula is searched (a substring test of its XML), and only at
its formulas.

A formula with no <v> at all has no result. An empty <v></v> or <v/> is one ("", as =IF(F2="已收",E2,"")
gives, which xlsxwriter writes so without t="str") in a workbook that saved a value for any formula;
openpyxl, which never saves one, writes an empty <v/> (<v></v> with lxml) under every formula, so in a
workbook where no formula has a value the empty ones are no result either.
"""

from __future__ import annotations

import re

from .halves import column_index, sheet_parts

# a formula, then no value or an empty one, then the cell's end
_NO_RESULT = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")
_CELL_START = re.compile(rb"<c\b([^>]*)>$")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TEXT_TYPE = re.compile(rb'\bt="str"')
# a formula with a value saved: its writer saves results, an empty one too
_SAVED_RESULT = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*<v>\s*[^<\s]")


def find_unsaved(parts: dict[str, bytes], sheets: list) -> int:
    """Set each RawSheet's `unsaved` to the (row index, column index) of its formula cells without a
    result; returns how many there are. A formula without a <v> element has none. An empty <v> is a
    result (the formula gave "", as =IF(A2="","",A2) does) in a workbook where any formula has a value
    saved, or of a text formula (t="str"); else it is what openpyxl writes for every formula."""
    named = sheet_parts(parts)
    xmls = [(sheet, parts.get(named.get(sheet.name, ""), b"")) for sheet in sheets]
    xmls = [(sheet, xml) for sheet, xml in xmls if b"<f" in xml]
    saving = any(_SAVED_RESULT.search(xml) for _sheet, xml in xmls)
    found = 0
    for sheet, xml in xmls:
        for m in _NO_RESULT.finditer(xml):
            if m[1] is not None and saving:
                continue
            start = xml.rfind(b"<c", 0, m.start())
            cell = _CELL_START.match(xml, start, m.start()) if start >= 0 else None
            ref = _REF.search(cell[1]) if cell else None
            if ref is None or (m[1] is not None and _TEXT_TYPE.search(cell[1])):
                continue
            sheet.unsaved.add((int(ref[2]) - 1, column_index(ref[1])))
            found += 1
    return found
