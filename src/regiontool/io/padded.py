"""Whole numbers an .xlsx shows through a zero-padded format (000: 工号 7 shown 007; 000000: 邮编 10010
shown 010010) read as the text shown: codes keep their digits in every export and analysis. A number
with a fraction (an amount 1234.56 shown 1235 through 000) is no code: it keeps its value, never
the rounded text, so amounts, counts and figures stay exact.

calamine gives a cell's number without its format. The styles part says whether any format pads
with zeros; only a workbook that has one has its sheets' XML searched, for the cells of those
styles. A workbook without one (nearly all) pays one search of its small styles part.

The same for an .xls (io/biff.py, from its FORMAT and XF records) and an .ods (io/ods.py, from the
text each cell shows beside its value).
"""

from __future__ import annotations

import math
import re

from .halves import column_index, sheet_parts

_STYLES = "xl/styles.xml"
_HINT = b'formatCode="00'  # every zero-padded format code starts so
_NUM_FMT = re.compile(rb"<numFmt\b([^>]*)>")
_PADDED_CODE = re.compile(rb'\bformatCode="(0{2,})"')
_FMT_ID = re.compile(rb'\bnumFmtId="(\d+)"')
_CELL_XFS = re.compile(rb"<cellXfs\b.*?</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def padded_styles(styles: bytes) -> dict[bytes, int]:
    """Style index (as the s="…" of a cell writes it) → digits shown, of the styles whose number
    format pads a whole number with zeros (000 → 3)."""
    if _HINT not in styles:
        return {}
    widths: dict[bytes, int] = {}
    for m in _NUM_FMT.finditer(styles):
        code, fmt_id = _PADDED_CODE.search(m[1]), _FMT_ID.search(m[1])
        if code and fmt_id:
            widths[fmt_id[1]] = len(code[1])
    xfs = _CELL_XFS.search(styles)
    if not widths or not xfs:
        return {}
    found = {}
    for index, xf in enumerate(_XF.finditer(xfs[0])):
        fmt_id = _FMT_ID.search(xf[1])
        if fmt_id and fmt_id[1] in widths:
            found[str(index).encode()] = widths[fmt_id[1]]
    return found


def shown_text(number: float, digits: int) -> str | None:
    """A whole number as a zero-padded format shows it (7 → 007, -3 → -003); None for a number with
    a fraction, which the format would round (1234.56 → 1235): it stays the number it is."""
    if not float(number).is_integer():
        return None
    whole = abs(int(number))
    return ("-" if number < 0 and whole else "") + str(whole).zfill(digits)


def show_padded(parts: dict[str, bytes], sheets: list) -> int:
    """Turn the whole numbers of zero-padded cells in `sheets` (RawSheets, rows[i] is sheet row i + 1)
    into the text Excel shows; returns how many cells changed."""
    styles = padded_styles(parts.get(_STYLES, b""))
    if not styles:
        return 0
    cell = re.compile(rb'<c\b([^>]*?)\bs="(' + b"|".join(styles) + rb')"([^>]*)>')
    named = sheet_parts(parts)
    changed = 0
    for sheet in sheets:
        xml = parts.get(named.get(sheet.name, ""), b"")
        rows = sheet.rows
        for m in cell.finditer(xml):
            ref = _REF.search(m[1]) or _REF.search(m[3])
            if ref is None:
                continue
            r, c = int(ref[2]) - 1, column_index(ref[1])
            if r < len(rows) and c < len(rows[r]):
                value = rows[r][c]
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    text = shown_text(value, styles[m[2]])
                    if text is not None:
                        rows[r][c] = text
                        changed += 1
    return changed
