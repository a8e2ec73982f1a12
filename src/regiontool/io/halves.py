"""A big xlsx sheet parsed in two halves at once, one core each.

calamine parses a sheet's XML on one core (0.77 s of a 100,000-row sheet's 0.9 s) and lets
the GIL go meanwhile. Cut between two rows, each half is a workbook of its own (the same
shared strings, styles and workbook parts; the half sheet stored, not deflated), parsed on a
thread of its own; the halves' rows, put back where the whole sheet's parse puts them, are
that parse's rows. A sheet written in any way this does not expect (a namespace prefix, a
row without its number at the cut, an empty half) is parsed whole.
"""

from __future__ import annotations

import io
import posixpath
import re
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from ..forked import usable_cpus

# Below this much sheet XML, a second workbook costs more than the parse it saves.
MIN_SHEET_BYTES = 8_000_000

_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def two_cores() -> bool:
    return usable_cpus() >= 2


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → its part (xl/worksheets/sheet2.xml), from the workbook and its relations;
    empty when they cannot be read. Read with the safe parser, DTDs refused: the read asks for
    them while the zip's checks still run (review r86 F2)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(parts["xl/workbook.xml"], forbid_dtd=True)
        rels = fromstring(parts["xl/_rels/workbook.xml.rels"], forbid_dtd=True)
    except (KeyError, ElementTree.ParseError, DefusedXmlException):
        return {}
    targets = {}
    for rel in rels.iter(f"{_RELS_NS}Relationship"):
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[rel.get("Id")] = path
    found = {}
    for sheet in book.iter():
        if sheet.tag.rpartition("}")[2] == "sheet" and sheet.get("name") is not None:
            part = targets.get(sheet.get(_DOC_RELS_ID))
            if part in parts:
                found[sheet.get("name")] = part
    return found


def biggest_sheet(parts: dict[str, bytes], data: bytes) -> tuple[str, str] | None:
    """(part, sheet name) of the biggest sheet when it is worth parsing in halves: never on one
    core, and only where the halves' workbooks hold every part as calamine reads it from the
    file (see _rebuilt_as_read) and no other sheet reads the same part."""
    if max(map(len, parts.values())) < MIN_SHEET_BYTES or not two_cores():
        return None
    named = sheet_parts(parts)
    if not named:
        return None
    name, part = max(named.items(), key=lambda item: len(parts[item[1]]))
    if len(parts[part]) < MIN_SHEET_BYTES or list(named.values()).count(part) > 1:
        return None
    return (part, name) if _rebuilt_as_read(data) else None


def _rebuilt_as_read(data: bytes) -> bool:
    """Whether a workbook rebuilt from zipfile's view of the file's parts is the file as calamine
    reads it: names in ASCII (zipfile reads a name without the UTF-8 flag as cp437, and writes it
    back flagged) and not cut at a NUL, parts stored or deflated (calamine refuses the others,
    a rebuilt workbook would not)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return all(
        i.filename.isascii()
        and i.orig_filename == i.filename
        and i.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        for i in infos
    )


def cut(xml: bytes) -> tuple[list[memoryview], list[memoryview]] | None:
    """The sheet XML as two sheets, cut before the row nearest its middle, each as the pieces
    it is written from (views, not copies); None when it is not written as expected (no prefix,
    one <sheetData>, the row at the cut numbered)."""
    start = xml.find(b"<sheetData>")
    end = xml.rfind(b"</sheetData>")
    if (
        start < 0
        or end < start
        or xml.count(b"<sheetData", start + 1)
        or b"<row" not in xml[start : start + 4096]
    ):
        return None
    start += len(b"<sheetData>")
    at = xml.find(b"<row ", start + (end - start) // 2, end)
    if at < 0:
        return None
    tag_end = xml.find(b">", at, end)
    if tag_end < 0 or not _ROW_NUMBER.search(xml, at, tag_end):
        return None
    view = memoryview(xml)
    head, tail = view[:start], view[end:]
    return [head, view[start:at], tail], [head, view[at:end], tail]


def _package(parts: dict[str, bytes], part: str, pieces: list[memoryview], into=None):
    """A stored (not deflated) workbook of `parts`, with `part` written from `pieces`, into the
    file `into` (a new BytesIO when None), which is returned at its start."""
    buf = io.BytesIO() if into is None else into
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for name, data in parts.items():
            if name != part:
                out.writestr(name, data)
                continue
            with out.open(name, "w", force_zip64=sum(map(len, pieces)) > 0x7FFFFFFF) as sheet:
                for piece in pieces:
                    sheet.write(piece)
    buf.seek(0)
    return buf


def _packed(parts: dict[str, bytes], part: str, pieces: list[memoryview]):
    """A half's workbook for calamine, packed. On Linux it is written to an unnamed temporary
    file that calamine opens by its /proc path and reads from the file as it goes: from a
    BytesIO it copies the whole package into memory first (at 100,000 rows, 75,000 more page
    faults for the two halves). Where no such file can be had, in memory."""
    if sys.platform == "linux":
        file = None
        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115  (returned open: _opened closes it)
            _package(parts, part, pieces, file).flush()
            return file
        except OSError:  # a full or read-only temporary folder
            if file is not None:
                file.close()
    return _package(parts, part, pieces)


def _opened(packed):
    """The CalamineWorkbook of a half _packed (its file closed: calamine has its own)."""
    import python_calamine as pc

    if isinstance(packed, io.BytesIO):
        return pc.CalamineWorkbook.from_filelike(packed)
    with packed:
        return pc.CalamineWorkbook.from_path(f"/proc/self/fd/{packed.fileno()}")


@dataclass
class Halves:
    workbook: object  # the first half's CalamineWorkbook: every other sheet is in it as it was
    name: str
    rows: list[list]
    merges: list[tuple[int, int, int, int]]


def open_in_halves(parts: dict[str, bytes], part: str, name: str, passed=None) -> Halves | None:
    """The rows of sheet `name` (its XML in `parts[part]`) as calamine's
    to_python(skip_empty_area=False) gives them, parsed in two halves on two threads; None
    when the sheet is not cut (see cut), a half holds no cell, or the rows are out of order.
    `passed()`, when given, is waited for between packing the halves and opening them: the
    zip's checks (zipcheck.Checking), which must pass before calamine sees any part, run
    meanwhile; what it raises goes to the caller."""

    halves = cut(parts[part])
    if halves is None:
        return None
    packed: list = [None, None]
    books: list = [None, None]
    sheets: list = [None, None]
    rows: list = [None, None]
    errors: list[BaseException] = []

    def pack(i: int) -> None:
        try:
            packed[i] = _packed(parts, part, halves[i])
        except Exception as exc:  # noqa: BLE001  (the whole sheet's parse says what is wrong)
            errors.append(exc)

    def parse(i: int) -> None:
        try:
            books[i] = _opened(packed[i])
            sheets[i] = books[i].get_sheet_by_name(name)
            rows[i] = sheets[i].to_python(skip_empty_area=i == 1)
        except Exception as exc:  # noqa: BLE001  (the whole sheet's parse says what is wrong)
            errors.append(exc)

    try:
        _on_two_threads(pack)
        if passed is not None:
            passed()
    except BaseException:
        _close(packed)
        raise
    if errors:
        _close(packed)
        return None
    _on_two_threads(parse)
    if errors or not rows[0] or not rows[1] or sheets[1].start is None:
        return None
    if sheets[1].start[0] < len(rows[0]):  # rows written out of order: the halves overlap
        return None
    merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheets[0].merged_cell_ranges or ()]
    return Halves(books[0], name, _joined(rows[0], rows[1], sheets[1].start), merges)


def _close(packed: list) -> None:
    """The halves' packages not opened (a failed pack or refused checks): their files go."""
    for file in packed:
        if file is not None:
            file.close()


def _on_two_threads(work) -> None:
    """work(0) here and work(1) on a second thread at once; back when both are done."""
    second = threading.Thread(target=work, args=(1,), name="regiontool-read-half", daemon=True)
    second.start()
    work(0)
    second.join()


def _joined(first: list[list], second: list[list], start: tuple[int, int]) -> list[list]:
    """The first half's rows (from A1) and the second's (from its first cell, `start`) as one
    rectangle from A1: blank rows between them, every row as wide as the wider half."""
    top, left = start
    width = max(len(first[0]), left + len(second[0]))
    if len(first[0]) < width:
        pad = [""] * (width - len(first[0]))
        first = [row + pad for row in first]
    rows = first
    rows.extend([""] * width for _ in range(top - len(first)))
    if left or left + len(second[0]) < width:
        before, after = [""] * left, [""] * (width - left - len(second[0]))
        second = [before + row + after for row in second]
    rows.extend(second)
    return rows


def column_index(letters: bytes) -> int:
    """The 0-based column of a cell reference's letters (b"A" → 0, b"AB" → 27)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1
