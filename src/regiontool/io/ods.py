"""What calamine leaves out of an .ods sheet, read from its content.xml: merged areas
(table:number-rows-spanned / number-columns-spanned, 企业名称 merged down over a firm's contacts) and
whole numbers shown padded with zeros (邮编 10010 shown 010010), so an .ods reads as the same sheet
saved as .xlsx or .xls does.

An .ods cell holds the text it shows beside its value (`office:value="10010"` and
`<text:p>010010</text:p>`): a whole number whose text is the number padded with zeros is read as
that text, what io/padded.py does for an .xlsx through its styles.

Only the cells that hold a merge or such a number are parsed: the rows and cells before each are
counted (with their number-rows-repeated and number-columns-repeated) by byte searches, so a sheet
without either costs two searches of its XML.
"""

from __future__ import annotations

import heapq
import math
import re
from xml.sax.saxutils import unescape

from .padded import shown_text

CONTENT = "content.xml"

_TABLE = re.compile(rb"<table:table[\s>]")
_TABLE_END = b"</table:table>"
_NAME = re.compile(rb'\btable:name="([^"]*)"')
# Inside a cell's start tag: a merge, or a whole number whose text starts with a zero. Two searches,
# the first for a literal: one regex with both branches searches four times slower.
_SPANNED = re.compile(rb'-spanned="')
_PADDED_HINT = re.compile(rb'office:value="-?\d+(?:\.0*)?"[^<>]*><text:p>-?0\d')
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
_PADDED_TEXT = re.compile(rb"<text:p>(-?0\d+)</text:p></table:table-cell>")


def read_extras(content: bytes, sheets: list) -> None:
    """Set the merges of `sheets` (RawSheets named as content.xml's tables, rows[i] is the table's
    row i + 1) and turn their zero-padded whole numbers into the text shown."""
    if _SPANNED.search(content) is None and _PADDED_HINT.search(content) is None:
        return
    by_name = {sheet.name: sheet for sheet in sheets}
    for start in _TABLE.finditer(content):
        end = content.find(_TABLE_END, start.end())
        end = len(content) if end < 0 else end
        tag_end = content.find(b">", start.start())
        name = _NAME.search(content, start.start(), tag_end)
        sheet = by_name.get(_text(name[1])) if name else None
        if sheet is not None:
            _read_table(content, tag_end + 1, end, sheet)


def _text(raw: bytes) -> str:
    return unescape(raw.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})


def _count(content: bytes, start: int, end: int, tags: tuple[bytes, ...], repeated: re.Pattern) -> int:
    """Rows (or cells) of the tags in content[start:end], with their repeats."""
    n = sum(content.count(tag, start, end) for tag in tags)
    return n + sum(int(k) - 1 for k in repeated.findall(content, start, end) if int(k) > 1)


def _read_table(content: bytes, start: int, end: int, sheet) -> None:
    """Each hint is placed by counting the rows before its row and the cells before its cell,
    with byte searches: no Python loop over the rows or cells that hold none."""
    hints = heapq.merge(
        (m.start() for m in _SPANNED.finditer(content, start, end)),
        (m.start() for m in _PADDED_HINT.finditer(content, start, end)),
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
        _read_cell(content, cell, sheet, range(row, min(row + repeat, len(sheet.rows))), col)


def _read_cell(content: bytes, cell: re.Match, sheet, rows: range, col: int) -> None:
    attrs = cell[1]
    repeated = _COLS_REPEATED.search(attrs)
    cols = range(col, col + (int(repeated[1]) if repeated else 1))
    if b"-spanned=" in attrs:
        down, across = _ROWS_SPANNED.search(attrs), _COLS_SPANNED.search(attrs)
        down, across = int(down[1]) if down else 1, int(across[1]) if across else 1
        if down > 1 or across > 1:
            sheet.merges.extend((r, c, r + down - 1, c + across - 1) for r in rows for c in cols)
    if not cell[2] and _FLOAT.search(attrs):
        text = _PADDED_TEXT.match(content, cell.end())
        if text is not None:
            shown = text[1].decode()
            for r in rows:
                cells = sheet.rows[r]
                for c in cols:
                    if c < len(cells):
                        _show(cells, c, shown)


def _show(cells: list, c: int, shown: str) -> None:
    value = cells[c]
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if number and shown_text(value, len(shown.lstrip("-"))) == shown:
        cells[c] = shown
