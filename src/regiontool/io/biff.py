"""Whole numbers an Excel 97-2003 .xls shows through a zero-padded or phone format (工号 1 shown 001
through 000, 邮编 10010 shown 010010 through 000000, 57463012345 shown 0574-63012345 through
0000-00000000) read as the text shown, as io/padded.py does for an .xlsx.

calamine gives a cell's number without its format. The workbook's records say which formats pad
with zeros (FORMAT), which cell styles use them (XF) and which cells have those styles (NUMBER, RK,
MULRK, FORMULA): the Workbook stream is taken out of the OLE container and its global records read;
only a workbook that has such a format has its sheets' records read. A file whose structure is not
what these records describe is left as calamine read it.
"""

from __future__ import annotations

import math
import struct

from .padded import Shape, format_shape, shown_text

_END_OF_CHAIN = 0xFFFFFFFE

# record types
_BOF, _EOF, _FORMAT, _XF, _BOUNDSHEET = 0x0809, 0x000A, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_CELL_TYPES = frozenset((_NUMBER, _RK, _FORMULA))  # each starts with its row, column and XF index
_HEAD = struct.Struct("<HH")
_CELL = struct.Struct("<HHH")


def show_padded(data: bytes, sheets: list) -> int:
    """Turn the whole numbers of zero-padded cells in `sheets` (RawSheets named as the workbook's
    sheets, rows[i] is sheet row i + 1) into the text Excel shows; returns how many cells changed.
    The cells change only once the whole stream is read: a damaged file fails before any does."""
    edits: dict[tuple[str, int, int], str] = {}
    try:
        stream = workbook_stream(data)
        if stream is None:
            return 0
        _show(stream, {sheet.name: sheet for sheet in sheets}, edits)
    except (struct.error, IndexError, ValueError, UnicodeDecodeError):
        return 0  # not the structure described: the file stays as calamine read it
    rows_of = {sheet.name: sheet.rows for sheet in sheets}
    for (name, r, c), text in edits.items():
        rows_of[name][r][c] = text
    return len(edits)


def workbook_stream(data: bytes) -> bytes | None:
    """The Workbook stream (BIFF8) of an OLE compound file, None without one."""
    if len(data) < 512:
        return None
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat_sectors, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff = struct.unpack_from("<I", data, 0x38)[0]
    first_difat, difat_sectors = struct.unpack_from("<II", data, 0x44)
    if not 512 <= sector_size <= 4096:
        return None
    sectors = (len(data) - 512) // sector_size + 1

    def sector(sid: int) -> bytes:
        at = 512 + sid * sector_size
        return data[at : at + sector_size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    sid = first_difat
    for _ in range(min(difat_sectors, sectors)):
        if sid >= _END_OF_CHAIN:
            break
        block = struct.unpack(f"<{sector_size // 4}I", sector(sid))
        difat.extend(block[:-1])
        sid = block[-1]
    fat: list[int] = []
    for fat_sid in difat[:fat_sectors]:
        if fat_sid < sectors:
            fat.extend(struct.unpack(f"<{sector_size // 4}I", sector(fat_sid)))

    def chain(first: int, table: list[int]) -> list[int]:
        out, sid = [], first
        while sid < len(table) and len(out) <= len(table):
            out.append(sid)
            sid = table[sid]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat))
    entry = root = None
    for at in range(0, len(directory) - 127, 128):
        name_size, kind = struct.unpack_from("<HB", directory, at + 64)
        name = directory[at : at + max(name_size - 2, 0)].decode("utf-16-le")
        start, size = struct.unpack_from("<II", directory, at + 116)
        if kind == 2 and name == "Workbook":
            entry = (start, size)
        elif kind == 5 and root is None:
            root = (start, size)
    if entry is None:
        return None  # BIFF5 and older name it Book: no padded formats read there
    start, size = entry
    if size >= cutoff:
        return b"".join(sector(s) for s in chain(start, fat))[:size]
    # A stream under the cutoff (LibreOffice's of a short list: Excel and POI pad theirs to 4096
    # bytes) is in the mini stream: the root entry's sectors, cut in mini sectors chained by the
    # mini FAT.
    if root is None:
        return None
    mini_size = 1 << min(struct.unpack_from("<H", data, 0x20)[0], 12)
    first_minifat, minifat_sectors = struct.unpack_from("<II", data, 0x3C)
    minifat: list[int] = []
    for sid in chain(first_minifat, fat)[:minifat_sectors]:
        minifat.extend(struct.unpack(f"<{sector_size // 4}I", sector(sid)))
    mini = b"".join(sector(s) for s in chain(root[0], fat))[: root[1]]
    return b"".join(mini[sid * mini_size : (sid + 1) * mini_size] for sid in chain(start, minifat))[:size]


def _records(stream: bytes, at: int):
    """(type, body offset, body length) of the records from `at` to the substream's EOF."""
    end = len(stream)
    while at + 4 <= end:
        kind, size = _HEAD.unpack_from(stream, at)
        yield kind, at + 4, size
        if kind == _EOF:
            return
        at += 4 + size


def _unicode_string(stream: bytes, at: int, count: int) -> str:
    wide = stream[at] & 1
    at += 1
    return stream[at : at + count * (2 if wide else 1)].decode("utf-16-le" if wide else "latin-1")


def _show(stream: bytes, sheets: dict, edits: dict) -> None:
    if len(stream) < 6 or _HEAD.unpack_from(stream)[0] != _BOF or _HEAD.unpack_from(stream, 4)[0] != 0x0600:
        return  # BIFF8 only
    widths: dict[int, Shape] = {}  # format index → the format's shape (padded.format_shape)
    xfs: list[int] = []  # XF index → format index
    placed: list[tuple[int, str]] = []  # (BOF offset, name) of each sheet
    for kind, at, _size in _records(stream, 0):
        if kind == _FORMAT:
            index, count = struct.unpack_from("<HH", stream, at)
            if shape := format_shape(_unicode_string(stream, at + 4, count)):
                widths[index] = shape
        elif kind == _XF:
            xfs.append(struct.unpack_from("<H", stream, at + 2)[0])
        elif kind == _BOUNDSHEET:
            offset, count = struct.unpack_from("<I", stream, at)[0], stream[at + 6]
            placed.append((offset, _unicode_string(stream, at + 7, count)))
    padded = {xf: widths[fmt] for xf, fmt in enumerate(xfs) if fmt in widths}
    if not padded:
        return
    for offset, name in placed:
        sheet = sheets.get(name)
        if sheet is not None:
            _show_sheet(stream, offset, sheet.rows, padded, name, edits)


def _show_sheet(stream: bytes, at: int, rows: list, padded: dict[int, Shape], name: str, edits: dict) -> None:
    """The records of one sheet, from its BOF to its EOF; one loop, most records skipped by type.
    Each cell to change goes into `edits` under (sheet, row, column), once."""
    end = len(stream)
    head, cell = _HEAD.unpack_from, _CELL.unpack_from
    while at + 4 <= end:
        kind, size = head(stream, at)
        body = at + 4
        at = body + size
        if kind in _CELL_TYPES:
            cells = [cell(stream, body)]
        elif kind == _MULRK:
            r, c = head(stream, body)
            cells = [(r, c + k, head(stream, body + 4 + 6 * k)[0]) for k in range((size - 6) // 6)]
        elif kind == _EOF:
            break
        else:
            continue
        for r, c, xf in cells:
            if xf in padded and r < len(rows) and c < len(rows[r]):
                value = rows[r][c]
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    text = shown_text(value, padded[xf])
                    if text is not None:
                        edits.setdefault((name, r, c), text)
