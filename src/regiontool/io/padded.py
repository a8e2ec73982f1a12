"""Whole numbers an .xlsx shows through a zero-padded format (000: 工号 7 shown 007; 000000: 邮编 10010
shown 010010) read as the text shown, and one shown through a phone format (0000-00000000, "0"0,
0###-########) when that gives back a landline's lost 0 (057463012345 typed, kept by Excel as the number
57463012345, shown 0574-63012345): codes and phones keep their digits in every export and analysis; a
mobile or a local number of the column stays the number it is. A number
with a fraction (an amount 1234.56 shown 1235 through 000) is no code: it keeps its value, never
the rounded text, so amounts, counts and figures stay exact.

calamine gives a cell's number without its format. The styles part says whether any format pads
with zeros; only a workbook that has one has its sheets' XML searched, for the cells of those
styles. A workbook without one (nearly all) pays one search of its small styles part.

The same for an .xls (io/biff.py, from its FORMAT and XF records) and an .ods (io/ods.py, from the
text each cell shows beside its value).
"""

from __future__ import annotations

import html
import math
import re

from .halves import column_index, sheet_parts

_STYLES = "xl/styles.xml"
_HINT = b"<numFmt "  # a workbook with no format of its own has none that pads
_NUM_FMT = re.compile(rb"<numFmt\b([^>]*)>")
_FORMAT_CODE = re.compile(rb'\bformatCode="([^"]*)"')
# A format code's parts: a quoted literal, an escaped character, a digit placeholder, a bare literal.
_FORMAT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|([0#])|([-()+ ])|(.)')
# What a literal of a code or phone format may hold: digits and the separators of a phone number. A
# unit (0"人", 0"元") is no such format: its cells stay numbers, read as figures and amounts are.
_LITERAL_CHARS = frozenset("0123456789-()+ ")

Shape = tuple[tuple[bool, str], ...]  # (True, "0" or "#") a digit placeholder, (False, text) a literal


def format_shape(code: str) -> Shape | None:
    """The digit placeholders and literals of a number format that shows a whole number with leading
    zeros or a phone's separators — 000, 0000-00000000, "0"0, 0###-######## — None
    for any other (General, 0, #,##0, 0.00, dates, units, sections, colours)."""
    shape = []
    for m in _FORMAT_TOKEN.finditer(code):
        if m[5] is not None:
            return None
        literal = m[1] if m[1] is not None else m[2] if m[2] is not None else m[4]
        if literal is not None and not set(literal) <= _LITERAL_CHARS:
            return None
        shape.append((True, m[3]) if m[3] else (False, literal))
    zeros = sum(1 for is_digit, text in shape if is_digit and text == "0")
    if not any(is_digit for is_digit, _ in shape) or (zeros < 2 and all(is_digit for is_digit, _ in shape)):
        return None
    return tuple(shape)


_FMT_ID = re.compile(rb'\bnumFmtId="(\d+)"')
_CELL_XFS = re.compile(rb"<cellXfs\b.*?</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def padded_styles(styles: bytes) -> dict[bytes, Shape]:
    """Style index (as the s="…" of a cell writes it) → the format's shape (format_shape), of the
    styles whose number format pads a whole number with zeros or shows it as a phone."""
    if _HINT not in styles:
        return {}
    widths: dict[bytes, Shape] = {}
    for m in _NUM_FMT.finditer(styles):
        code, fmt_id = _FORMAT_CODE.search(m[1]), _FMT_ID.search(m[1])
        shape = format_shape(html.unescape(code[1].decode("utf-8", "replace"))) if code else None
        if shape and fmt_id:
            widths[fmt_id[1]] = shape
    xfs = _CELL_XFS.search(styles)
    if not widths or not xfs:
        return {}
    found = {}
    for index, xf in enumerate(_XF.finditer(xfs[0])):
        fmt_id = _FMT_ID.search(xf[1])
        if fmt_id and fmt_id[1] in widths:
            found[str(index).encode()] = widths[fmt_id[1]]
    return found


def shown_text(number: float, shape: int | Shape) -> str | None:
    """A whole number as a zero-padded format of `shape` digits shows it (7 → 007, -3 → -003), or
    a format's shape (format_shape: 57463012345 → 0574-63012345 through 0000-00000000) when that gives
    back a landline's lost 0 (lost_zero); None for a number with a fraction, which the format would
    round (1234.56 → 1235), or a phone format's other numbers: it stays the number it is."""
    if not float(number).is_integer():
        return None
    whole = abs(int(number))
    sign = "-" if number < 0 and whole else ""
    if is_mobile(number):  # 13812345678 in a column formatted 000000000000 is a mobile, never 0138…
        return None
    if isinstance(shape, int):
        return sign + str(whole).zfill(shape)
    digits, out = str(whole), []
    first = next(k for k, (is_digit, _) in enumerate(shape) if is_digit)
    left = len(digits)
    for k in range(len(shape) - 1, -1, -1):  # digits fill the placeholders from the right
        is_digit, text = shape[k]
        if not is_digit:
            out.append(text)
        elif k == first and left:  # the first placeholder takes every digit left
            out.append(digits[:left])
            left = 0
        elif left:
            out.append(digits[left - 1])
            left -= 1
        else:
            out.append("0" if text == "0" else "")
    text = sign + "".join(reversed(out))
    if all(is_digit and digit == "0" for is_digit, digit in shape):  # 000000: a code padded with zeros
        return text
    return text if lost_zero(number, text) else None


def lost_zero(number: float, shown: str) -> bool:
    """Whether a phone format's text `shown` gives back a landline the 0 Excel dropped from it: its
    digits are the number's with one 0 before them, and the number is a landline without its 0 (9 to
    11 digits: an area code, then the local number), not a mobile. A mobile (13812345678 shown
    0138-12345678), a local number (63012345 shown 0000-63012345 or 0-63012345) or any other number
    stays the number it is, as the format never made it a phone."""
    if number < 0 or not float(number).is_integer() or is_mobile(number):
        return False
    digits = str(int(number))
    return 9 <= len(digits) <= 11 and "".join(ch for ch in shown if ch.isdigit()) == "0" + digits


def is_mobile(number: float) -> bool:
    """A whole number of 11 digits starting with 1: a mobile, which no format's 0 belongs to."""
    return 1e10 <= number < 2e10 and float(number).is_integer()


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
