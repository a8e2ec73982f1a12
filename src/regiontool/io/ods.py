"""What calamine leaves out of an .ods sheet, read from its content.xml: merged areas
(table:number-rows-spanned / number-columns-spanned, 企业名称 merged down over a firm's contacts) and
whole numbers shown padded with zeros (邮编 10010 shown 010010), so an .ods reads as the same sheet
saved as .xlsx or .xls does.

An .ods cell holds the text it shows beside its value (`office:value="10010"` and
`<text:p>010010</text:p>`): a whole number whose text is the number padded with zeros is read as
that text; and a whole number whose cell style shows it through an all-zeros format (000000: a
number style of whole digits only, min-integer-digits="6") is read as the text that format shows,
315300 as "315300" as well as 10010 as "010010": what io/padded.py does for an .xlsx through its
styles, so the column is text throughout.

Only the cells that hold a merge or such a number are parsed: the rows and cells before each are
counted (with their number-rows-repeated and number-columns-repeated) by byte searches, so a sheet
without either costs two searches of its XML (and one of its styles).
"""

from __future__ import annotations

import heapq
import math
import re

from .padded import is_mobile, lost_zero, shown_text

CONTENT = "content.xml"
STYLES = "styles.xml"

_TABLE = re.compile(rb"<table:table[\s>]")
_TABLE_END = b"</table:table>"
_NAME = re.compile(rb'\btable:name="([^"]*)"')
# Inside a cell's start tag: a merge, or a whole number whose text starts with a zero. Two searches,
# the first for a literal: one regex with both branches searches four times slower.
_SPANNED = re.compile(rb'-spanned="')
_PADDED_HINT = re.compile(rb'office:value="-?\d+(?:\.0*)?"[^<>]*><text:p>(?:-?0\d|\(?\d+[-() ]+\d)')
_ROW_TAGS = (b"<table:table-row ", b"<table:table-row>", b"<table:table-row/>")
_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ROW_END = b"</table:table-row>"
_ROWS_REPEATED = re.compile(rb'\btable:number-rows-repeated="(\d+)"')
_CELL_TAGS = (b"<table:table-cell", b"<table:covered-table-cell")
_CELL = re.compile(rb"<table:(?:table-cell|covered-table-cell)\b([^>]*?)(/?)>")
_COLS_REPEATED = re.compile(rb'\btable:number-columns-repeated="(\d+)"')
_ROWS_SPANNED = re.compile(rb'\btable:number-rows-spanned="(\d+)"')
_COLS_SPANNED = re.compile(rb'\btable:number-columns-spanned="(\d+)"')
_FLOAT = re.compile(rb'\boffice:value-type="float"')
_PADDED_TEXT = re.compile(rb"<text:p>(-?0\d+|\(?\d[\d() -]*\d)</text:p></table:table-cell>")
_ZERO_PADDED = re.compile(rb"-?0\d+")
# A phone format's text (0574-63012345, (0574)63012345, 057463012345): a dash between digits or a leading 0.
_PHONE_SHOWN = re.compile(r"\(?0.*|.*\d-\d.*")
# A number style of whole digits only, padded to two or more (000 → min-integer-digits="3"); the
# cell styles that use it, directly or through their parent style.
_DIGITS_HINT = re.compile(rb'number:min-integer-digits="0*[2-9]|number:min-integer-digits="0*[1-9]\d')
_NUMBER_STYLE = re.compile(rb"<number:number-style\b([^>]*)>(.*?)</number:number-style>", re.S)
_WHOLE_DIGITS = re.compile(rb"<number:number\b([^>]*)/>")
_DECIMALS = re.compile(rb'\bnumber:decimal-places="(\d+)"')
_MIN_DIGITS = re.compile(rb'\bnumber:min-integer-digits="(\d+)"')
_GROUPING = re.compile(rb'\bnumber:grouping="true"')
_CELL_STYLE = re.compile(rb'<style:style\b([^>]*\bstyle:family="table-cell"[^>]*)>')
_STYLE_NAME = re.compile(rb'\bstyle:name="([^"]*)"')
_DATA_STYLE = re.compile(rb'\bstyle:data-style-name="([^"]*)"')
_PARENT = re.compile(rb'\bstyle:parent-style-name="([^"]*)"')
_CELL_STYLE_NAME = re.compile(rb'\btable:style-name="([^"]*)"')


def padded_styles(content: bytes, styles: bytes = b"") -> dict[bytes, int]:
    """Cell style name → digits shown, of the cell styles whose number format shows a whole number
    padded with zeros and nothing else (000000 → 6; not 0.000, #,##0 or 0000-0000)."""
    body = content.find(b"<office:body")
    xml = (styles, content[:body] if body >= 0 else content)  # the styles, not the cells
    if not any(_DIGITS_HINT.search(part) for part in xml):
        return {}
    widths: dict[bytes, int] = {}
    for part in xml:
        for m in _NUMBER_STYLE.finditer(part):
            name, number = _STYLE_NAME.search(m[1]), _WHOLE_DIGITS.fullmatch(m[2].strip())
            if name is None or number is None:
                continue
            decimals, digits = _DECIMALS.search(number[1]), _MIN_DIGITS.search(number[1])
            whole = decimals is not None and int(decimals[1]) == 0 and not _GROUPING.search(number[1])
            if whole and digits and int(digits[1]) >= 2:
                widths[name[1]] = int(digits[1])
    if not widths:
        return {}
    cells: dict[bytes, tuple[bytes | None, bytes | None]] = {}  # name → (data style, parent)
    for part in xml:  # content.xml's automatic styles after styles.xml's named ones
        for m in _CELL_STYLE.finditer(part):
            name, data, parent = _STYLE_NAME.search(m[1]), _DATA_STYLE.search(m[1]), _PARENT.search(m[1])
            if name:
                cells[name[1]] = (data[1] if data else None, parent[1] if parent else None)
    found = {}
    for name in cells:
        style, seen = name, 0
        while style in cells and seen < 8:  # the first data style up the parents decides
            data, parent = cells[style]
            if data is not None:
                if data in widths:
                    found[name] = widths[data]
                break
            style, seen = parent, seen + 1
    return found


def read_extras(content: bytes, sheets: list, styles: bytes = b"") -> None:
    """Set the merges of `sheets` (RawSheets named as content.xml's tables, rows[i] is the table's
    row i + 1) and turn their zero-padded whole numbers into the text shown (`styles`: styles.xml,
    where the named styles are)."""
    padded = padded_styles(content, styles)
    hint = (
        re.compile(rb'\btable:style-name="(?:' + b"|".join(map(re.escape, padded)) + rb')"')
        if padded
        else None
    )
    if _SPANNED.search(content) is None and _PADDED_HINT.search(content) is None and hint is None:
        return
    by_name = {sheet.name: sheet for sheet in sheets}
    for start in _TABLE.finditer(content):
        end = content.find(_TABLE_END, start.end())
        end = len(content) if end < 0 else end
        tag_end = content.find(b">", start.start())
        name = _NAME.search(content, start.start(), tag_end)
        sheet = by_name.get(_text(name[1])) if name else None
        if sheet is not None:
            _read_table(content, tag_end + 1, end, sheet, padded, hint)


def _text(raw: bytes) -> str:
    """An attribute's text, its XML entities read as xml.sax.saxutils.unescape reads them (&amp;
    last), without loading that module: it brings urllib, http and email with it (15 ms of every
    import's start)."""
    text = raw.decode("utf-8", "replace")
    if "&" not in text:
        return text
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"))


def _count(content: bytes, start: int, end: int, tags: tuple[bytes, ...], repeated: re.Pattern) -> int:
    """Rows (or cells) of the tags in content[start:end], with their repeats."""
    n = sum(content.count(tag, start, end) for tag in tags)
    return n + sum(int(k) - 1 for k in repeated.findall(content, start, end) if int(k) > 1)


def _read_table(
    content: bytes, start: int, end: int, sheet, padded: dict[bytes, int], hint: re.Pattern | None
) -> None:
    """Each hint is placed by counting the rows before its row and the cells before its cell,
    with byte searches: no Python loop over the rows or cells that hold none."""
    hints = heapq.merge(
        (m.start() for m in _SPANNED.finditer(content, start, end)),
        (m.start() for m in _PADDED_HINT.finditer(content, start, end)),
        (m.start() for m in hint.finditer(content, start, end)) if hint else (),
    )
    row_end = start  # the end of the last row read
    next_row = 0  # the index of the first row after it
    row = repeat = col = 0
    col_at = cell_at = -1  # where `col` was counted to; the start tag of the last cell read
    for at in hints:
        if at >= row_end:  # in a row further down
            tag_at = max(content.rfind(tag, row_end, at) for tag in _ROW_TAGS)
            tag = _ROW.match(content, tag_at) if tag_at >= 0 else None
            if tag is None or tag[2]:
                continue
            row = next_row + _count(content, row_end, tag_at, _ROW_TAGS, _ROWS_REPEATED)
            repeated = _ROWS_REPEATED.search(tag[1])
            repeat = int(repeated[1]) if repeated else 1
            found = content.find(_ROW_END, tag.end(), end)
            row_end = end if found < 0 else found
            next_row = row + repeat
            col, col_at = 0, tag.end()
        start_tag = content.rfind(b"<", col_at, at)
        if start_tag < 0 or start_tag == cell_at:
            continue  # not in a cell of this row, or a second hint of the cell just read
        cell = _CELL.match(content, start_tag)
        if cell is None:
            continue
        col += _count(content, col_at, start_tag, _CELL_TAGS, _COLS_REPEATED)
        col_at = cell_at = start_tag
        _read_cell(content, cell, sheet, range(row, min(row + repeat, len(sheet.rows))), col, padded)


def _read_cell(
    content: bytes, cell: re.Match, sheet, rows: range, col: int, padded: dict[bytes, int]
) -> None:
    attrs = cell[1]
    repeated = _COLS_REPEATED.search(attrs)
    cols = range(col, col + (int(repeated[1]) if repeated else 1))
    if b"-spanned=" in attrs:
        down, across = _ROWS_SPANNED.search(attrs), _COLS_SPANNED.search(attrs)
        down, across = int(down[1]) if down else 1, int(across[1]) if across else 1
        if down > 1 or across > 1:
            sheet.merges.extend((r, c, r + down - 1, c + across - 1) for r in rows for c in cols)
    if not _FLOAT.search(attrs):
        return
    style = _CELL_STYLE_NAME.search(attrs)
    digits = padded.get(style[1]) if style else None
    text = None if cell[2] or digits else _PADDED_TEXT.match(content, cell.end())
    if digits is None and text is None:
        return
    for r in rows:
        cells = sheet.rows[r]
        for c in cols:
            if c < len(cells):
                if digits or _ZERO_PADDED.fullmatch(text[1]):
                    _show(cells, c, digits or len(text[1].lstrip(b"-")), None if digits else text[1].decode())
                else:
                    _show_phone(cells, c, text[1].decode())


def _show_phone(cells: list, c: int, shown: str) -> None:
    """The whole number in cells[c] as the text a phone format shows it (57463012345 shown
    0574-63012345 through 0000-00000000, as io/padded.py reads an .xlsx's), when that text is its
    digits with a leading 0 or a dash between them and nothing else."""
    value = cells[c]
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not number or value < 0 or not float(value).is_integer() or not _PHONE_SHOWN.fullmatch(shown):
        return
    if lost_zero(value, shown):
        cells[c] = shown


def _show(cells: list, c: int, digits: int, shown: str | None) -> None:
    """The whole number in cells[c] as `digits` zeros show it; with `shown` (the cell's text), only
    when that is the text."""
    value = cells[c]
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    text = shown_text(value, digits) if number else None
    if shown is not None and number and is_mobile(value):  # "0"0: 013812345678 is no mobile's text
        return
    if shown is not None and number and value >= 1e6 and len(shown) <= 9 and shown == f"0{value:.0f}":
        return  # "0"0: 63012345 shown 063012345 is a local number, as in an .xlsx (padded.lost_zero)
    if text is not None and (shown is None or text == shown):
        cells[c] = text
