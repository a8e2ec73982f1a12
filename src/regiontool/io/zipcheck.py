"""Checks a zipped workbook (.xlsx, .ods) must pass before any parser sees it.

* The parts' declared sizes are summed before anything is inflated (a zip bomb is
  refused in milliseconds); each part is then inflated no further than the size it
  declares, CRC checked (a lying header is refused as corrupt).
* No part may carry a DOCTYPE or entity declaration: Excel, WPS and LibreOffice never
  write one, and it is how XXE and billion-laughs attacks are built.
* A sheet's extent (last row × last column holding a value) must stay under a cell
  limit: the parser allocates that whole rectangle, so one stray cell at XFD1048576
  would ask for 17 billion cells and abort the process.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from isal import isal_zlib

from ..errors import FileReadError

CELLS_PER_MB = 10_000  # --max-size 2048 MB allows sheets of about 20 million cells
_HINT_DAMAGED = "open it in Excel or WPS, save it again and retry"
_HINT_DAMAGED_ZH = "请用 Excel 或 WPS 打开、另存后重试"


# What zipfile raises for damaged archives (NotImplementedError: an unknown version or method).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


def cell_limit(max_size: int) -> int:
    return max(max_size // (1024 * 1024), 1) * CELLS_PER_MB


def check_zip(name: str, data: bytes, max_size: int, parts: dict[str, bytes] | None = None) -> str:
    """The workbook kind ('xlsx' or 'ods') of a zip file, after every check passed. `parts`,
    when given, receives every part as inflated and checked (name → bytes)."""
    return open_zip(name, data, max_size, parts).passed()


def open_zip(name: str, data: bytes, max_size: int, parts: dict[str, bytes] | None = None) -> Checking:
    """check_zip, its checks of the parts' content still running (in a second process, for a big
    file): `parts` is filled now and may be prepared for the parser, but nothing may parse them
    before `passed()` returned. The archive's own checks (sizes, kind, inflating) are done."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise FileReadError(
            f"{name}: the file is corrupt or truncated ({_short(exc)})",
            _HINT_DAMAGED,
            zh=f"{name}：文件已损坏或不完整（{_short(exc)}），{_HINT_DAMAGED_ZH}",
        ) from exc
    declared = sum(i.file_size for i in infos)
    if declared > max_size:
        raise _too_big(name, declared, max_size)
    # calamine finds parts whatever the case of their names (and with \\ for /)
    names = {i.filename.lower().replace("\\", "/") for i in infos}
    if "xl/workbook.bin" in names:  # a binary workbook: its sheets are records no check here reads
        raise FileReadError(
            f"{name}: a binary Excel workbook (.xlsb), whatever its name says",
            "save it as an Excel workbook (.xlsx) and retry",
            zh=f"{name}：这是二进制 Excel 工作簿（.xlsb），不支持；请另存为 Excel 工作簿（.xlsx）后重试",
        )
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "content.xml" in names:
        kind = "ods"
    else:
        raise FileReadError(
            f"{name}: a zip file, but not an Excel or OpenDocument workbook",
            zh=f"{name}：这是一个 zip 压缩包，不是 Excel 或 OpenDocument 工作簿",
        )
    inflated: list[tuple[str, bytes]] = []
    damaged = None  # the first part that would not inflate: its error comes after the earlier parts' checks
    with zf:
        for info in infos:
            try:
                part = _inflate(zf, info, name, data)
            except FileReadError as exc:
                damaged = exc
                break
            inflated.append((info.filename, part))
            if parts is not None and not info.is_dir():
                parts[info.filename] = part
    return Checking(name, kind, inflated, max_size, damaged)


# From this many bytes of parts on, the checks run in a second process (see Checking).
ASIDE_MIN_BYTES = 4_000_000


class Checking:
    """The checks of a zip's parts (check_parts), under way. For a big file they run in a forked
    child, while this process prepares the parse (io/halves.py packs the halves' workbooks,
    0.06 s at 100,000 rows, where the checks take 0.25 s) and, in the CLI, regiontool loads. The
    child only says the parts passed: where one fails, the checks run again here, which raises
    the error as check_parts words it. A part that would not inflate is refused after them, as
    where each part was checked before the next was inflated."""

    def __init__(self, name: str, kind: str, inflated: list, max_size: int, damaged: FileReadError | None):
        self.kind, self._damaged = kind, damaged
        self._checks = (name, kind, inflated, max_size)
        self._child = None
        if sum(len(part) for _name, part in inflated) >= ASIDE_MIN_BYTES:
            # Loaded before the fork: a module another thread is importing at that moment would
            # stay locked in the child (the exact pass of an unusual sheet loads the safe XML parser).
            import defusedxml.ElementTree  # noqa: F401

            from ..forked import Forked

            self._child = Forked(lambda: check_parts(*self._checks))

    def passed(self) -> str:
        """The workbook's kind once every check passed; else the first check's error."""
        if self._checks is not None:
            child, self._child = self._child, None
            if child is not None:
                child.result()
            else:
                check_parts(*self._checks)
            self._checks = None  # passed
        if self._damaged is not None:
            raise self._damaged
        return self.kind

    def cancel(self) -> None:
        """The read failed before asking: the child is stopped (and reaped)."""
        if self._child is not None:
            self._child.cancel()
            self._child = None


def check_parts(name: str, kind: str, inflated: list[tuple[str, bytes]], max_size: int) -> None:
    """Refuse the first part, in the archive's order, that declares entities or whose sheet
    spans more cells than `max_size` allows."""
    limit = cell_limit(max_size)
    for part_name, part in inflated:
        lower = part_name.lower()
        # A worksheet is known by its content, whatever its part's name or place: calamine
        # follows the workbook's relations to it (xl/sheet1.xml, …/sheet1.XML …).
        sheet = b"sheetData" in part if kind == "xlsx" else lower == "content.xml"
        if lower.endswith((".xml", ".rels", ".vml")) or sheet:
            _refuse_doctype(name, part_name, part)
        if sheet:
            try:
                rows, cols = _xlsx_extent(part, limit) if kind == "xlsx" else _ods_extent(name, part)
            except UnreadableSheet as exc:
                raise _damaged_part(name, part_name, _short(exc)) from exc
            if rows * cols > limit:
                raise FileReadError(
                    f"{name}: a sheet ({part_name}) spans {rows:,} rows × {cols:,} columns, "
                    f"over the limit of {limit:,} cells (--max-size {max_size // 1024**2:,} MB)",
                    "delete stray cells far from the table (Ctrl+End shows the last one) and save, "
                    "or raise --max-size",
                    zh=f"{name}：有一张工作表（{part_name}）占了 {rows:,} 行 × {cols:,} 列，"
                    f"超过 {limit:,} 个单元格的上限（--max-size {max_size // 1024**2:,} MB）；"
                    "请删掉远离表格的零散单元格（Ctrl+End 可找到最后一个）后保存，或调大 --max-size",
                )


def _too_big(name: str, size: int, max_size: int) -> FileReadError:
    return FileReadError(
        f"{name}: parts inflate to {size / 1024**2:,.0f} MB, over the {max_size / 1024**2:,.0f} MB limit",
        "raise it with --max-size if the file is genuine",
        zh=f"{name}：解压后有 {size / 1024**2:,.0f} MB，超过 {max_size / 1024**2:,.0f} MB 的上限；"
        "如果文件没有问题，请用 --max-size 调大上限",
    )


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, data: bytes) -> bytes:
    """A part's bytes, inflated no further than its declared size and CRC checked, so a part
    whose header lies about its size is refused as corrupt without being inflated further.

    A deflated part is inflated by ISA-L straight from the archive's bytes (a 45 MB sheet in
    0.06 s, zipfile's zlib needs 0.17 s); anything unusual goes through zipfile."""
    raw = _raw_deflated(info, data)
    if raw is not None:
        try:
            out = isal_zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except (isal_zlib.error, ValueError, OverflowError) as exc:
            raise _damaged_part(name, info.filename, _short(exc)) from exc
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise _damaged_part(name, info.filename, "size or CRC differs", "大小或校验值不符")
        return out
    try:
        return zf.read(info)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise _damaged_part(name, info.filename, _short(exc)) from exc


def _damaged_part(name: str, part: str, why: str, why_zh: str | None = None) -> FileReadError:
    return FileReadError(
        f"{name}: the file is corrupt or truncated (part {part}: {why})",
        _HINT_DAMAGED,
        zh=f"{name}：文件已损坏或不完整（部件 {part}：{why_zh or why}），{_HINT_DAMAGED_ZH}",
    )


def _raw_deflated(info: zipfile.ZipInfo, data: bytes) -> bytes | None:
    """The compressed bytes of a plain deflated part (no encryption), or None."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
        return None
    at = info.header_offset
    head = data[at : at + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    start = at + 30 + struct.unpack("<H", head[26:28])[0] + struct.unpack("<H", head[28:30])[0]
    raw = data[start : start + info.compress_size]
    return raw if len(raw) == info.compress_size else None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:100] if text else type(exc).__name__


def _refuse_doctype(name: str, part_name: str, part: bytes) -> None:
    if _DECLARES.search(part):
        raise FileReadError(
            f"{name}: part {part_name} declares XML entities (a DOCTYPE), which no spreadsheet "
            "program writes; refused as unsafe",
            "open it in Excel or WPS, save it again and retry",
            zh=f"{name}：部件 {part_name} 声明了 XML 实体（DOCTYPE），电子表格软件不会写这种内容，"
            f"出于安全考虑拒绝读取；{_HINT_DAMAGED_ZH}",
        )


# A DOCTYPE or ENTITY anywhere in a part, in any case (the parser reads <!doctype too).
_DECLARES = re.compile(rb"<!(?:[Dd][Oo][Cc][Tt][Yy][Pp][Ee]|[Ee][Nn][Tt][Ii][Tt][Yy])")


# --- xlsx: cells are <c r="B7" …>; the parser allocates rows × columns of their extent ----

_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _letters(column: int) -> int:
    """How many letters column number `column` is written with (26 → Z: 1, 27 → AA: 2)."""
    letters, last = 1, 26
    while column > last:
        letters, last = letters + 1, last * 26 + 26
    return letters


def _long_refs(part: bytes, p: bytes, digits: int, letters: int) -> tuple[int, int]:
    """(last row written with `digits` digits or more, widest column written with `letters`
    letters or more) among the cells of a sheet part; 0 where there is none."""
    # A cell of a wide column gives its row too (GV1048576 is row 1,048,576 as well as column 204).
    refs = re.findall(
        rb"<" + p + rb'c r="(?:([A-Za-z]{%d,})(\d+)|[A-Za-z]+(\d{%d,})")' % (letters, digits), part
    )
    rows = max((int(r) for _c, r1, r2 in refs for r in (r1, r2) if len(r) >= digits), default=0)
    return rows, max((_column_number(c) for c, _r1, _r2 in refs if c), default=0)


# How much of a sheet's end is searched for its last row before the whole sheet is checked.
_TAIL = 65536


def _last_row(part: bytes, p: bytes, digits: int) -> int:
    """The last row written with `digits` digits or more among the cells of a sheet part (as
    _long_refs finds it), 0 where there is none. Rows are written in order almost always: the
    last row in the part's tail is taken once one search over the whole part finds no cell
    written below it (at 98,900 rows 0.25 s, where listing every cell's row took 1.3 s);
    else every cell is listed."""
    tail, _ = _long_refs(part[-_TAIL:], p, digits, 99)
    if tail and not re.search(rb"<" + p + rb'c r="[A-Za-z]+' + _above(tail) + rb'"', part):
        return tail
    return _long_refs(part, p, digits, 99)[0]


def _above(number: int) -> bytes:
    """A pattern matching every decimal number above `number` as a cell reference writes it; one
    written with more digits matches even when leading zeros make it smaller (_last_row then
    lists every cell, which is exact)."""
    text = str(number).encode()
    alternatives = [rb"\d{%d,}" % (len(text) + 1)]
    for i, digit in enumerate(text):
        if digit < ord("9"):
            rest = len(text) - i - 1
            alternatives.append(text[:i] + b"[%c-9]" % (digit + 1) + (rb"\d{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(alternatives) + b")"


def _widest(part: bytes, p: bytes, letters: int) -> int:
    """The widest column written with `letters` letters or more among the cells of a sheet part,
    0 where there is none (_long_refs's columns, each name listed once: 0.2 s at 98,900 rows
    of 32 columns, where _long_refs took 0.36 s)."""
    names = set(re.findall(rb"<" + p + rb'c r="([A-Za-z]{%d,})\d' % letters, part))
    return max(map(_column_number, names), default=0)


def _unusual_cells(part: bytes, pre: bytes) -> bool:
    """Whether a cell is written any other way than the form the shortcuts read, <c r="B7" …>
    with r its first attribute and its only one (no r, r not first, a second r, which the parser
    takes over the first, a tab or a line break before it, a spaced or prefixed r, another
    namespace prefix than the sheet's …): only the exact pass reads such a cell as the parser
    does. Searches and counts that start from a literal: 0.2 s at 100,000 rows, where one
    pattern checking each cell's attributes took 0.25 s more."""
    p = re.escape(pre)
    if re.search(rb"<" + p + rb'c(?=[\s/>])(?! r=")', part):
        return True
    # Every r= of the sheet's data is the first attribute of a cell or of a row (no other
    # attribute of theirs ends in r; a text holding 'r=' counts as unusual, which costs only time).
    start = max(part.find(b"<" + pre + b"sheetData"), 0)
    end = part.rfind(b"</" + pre + b"sheetData")
    end = end if end >= 0 else len(part)
    firsts = part.count(b"<" + pre + b'c r="', start, end) + part.count(b"<" + pre + b'row r="', start, end)
    if part.count(b"r=", start, end) != firsts or re.search(rb"r\s+=", part):
        return True
    # A character reference in a reference (r="&#71;W1" is GW1 to the parser): an & is rare in a
    # sheet's XML (0.01 s to find none at 100,000 rows), the pattern only runs where there is one.
    if part.find(b"&", start, end) >= 0 and re.compile(rb'r="[A-Za-z0-9]*&').search(part, start, end):
        return True
    if not pre:  # a prefixed cell in a sheet without prefixes (any text holding ':c ' counts too)
        return re.search(rb":c[\s/>]", part) is not None
    return re.search(rb"<(?!" + p + rb")(?:[\w.-]+:)?c[\s/>]", part) is not None


def _xlsx_extent(part: bytes, limit: int) -> tuple[int, int]:
    """(rows, columns) of the rectangle the parser will allocate, an upper bound; the columns
    are counted only where they could take it over `limit` (else they may read low).

    Common case (every cell starts `<c r="…"`): a few C-speed regex passes over all cells.
    Cells written differently (attributes reordered, no r), or a bound over the limit,
    take a slower exact pass.
    """
    m = _PREFIX.search(part, 0, 4096)
    pre = (m.group(1) or b"") if m else b""
    p = re.escape(pre)
    if _unusual_cells(part, pre):
        return _xlsx_extent_general(part)
    # One pass finds the last rows of a big sheet (six digits and up) and the columns that
    # could take the extent over the limit beside 100,000 rows or more: those written with
    # as many letters as the widest column allowed there (two letters and up at the default
    # limit: none in most sheets). Listing every cell's column took a quarter of a second.
    # A row number written with d digits is taken to be above every one written with fewer: not
    # so where leading zeros pad it (A001000 is row 1,000, below A10000), and then only listing
    # every cell is exact.
    searched = _letters(limit // 100_000)  # columns this wide and wider are found already
    height, width = _long_refs(part, p, 6, searched)
    if height and height < 100_000:
        return _xlsx_extent_general(part)
    if not height:  # a smaller sheet: its last row first, its columns after
        for digits in (5, 4, 3, 2, 1):
            height = _last_row(part, p, digits)
            if height and height < 10 ** (digits - 1):
                return _xlsx_extent_general(part)
            if height:
                break
        searched = 99  # no column found yet
    needed = _letters(limit // height if height else limit)
    if needed < searched:  # narrower columns matter too
        width = _widest(part, p, needed)
    if height * width > limit:
        # Only cells holding something count (a styled empty cell is skipped by the parser).
        return _xlsx_extent_general(part, values_only=True)
    return height, width


def _xlsx_extent_general(part: bytes, values_only: bool = False) -> tuple[int, int]:
    """The exact extent: every cell element read by an XML parser, whatever its prefix, spacing,
    quoting or the markup around it (patterns were fooled by a quote in a comment or an attribute
    value). `values_only`: a cell holding nothing (a styled blank) does not count, as the parser
    skips it. Slow (seconds at 100,000 rows), and only for sheets written unusually."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    height = width = unplaced = rows = 0
    try:
        for _event, el in iterparse(io.BytesIO(part), forbid_dtd=True):
            tag = el.tag.rpartition("}")[2]
            if tag == "row":
                number = (el.get("r") or "").strip()
                rows = max(rows + 1, int(number) if number.isdigit() else 0)
                el.clear()
            elif tag == "c" and not (values_only and not len(el) and not (el.text or "").strip()):
                ref = re.fullmatch(r"\s*([A-Za-z]+)(\d+)\s*", el.get("r") or "")
                if ref is None:
                    unplaced += 1
                else:
                    width = max(width, _column_number(ref.group(1).encode()))
                    height = max(height, int(ref.group(2)))
    except (ParseError, DefusedXmlException) as exc:
        raise UnreadableSheet(str(exc)) from exc
    return max(height, rows if unplaced else 0), width + unplaced


class UnreadableSheet(ValueError):
    """A sheet part whose cells only an XML parser could place, and which it cannot read."""


# --- ods: rows and cells repeat by attribute; count up to the last one holding a value ----

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_extent(name: str, part: bytes) -> tuple[int, int]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    height = width = 0
    row = 0  # rows of the current table before the current one
    col = 0
    row_width = 0
    try:
        for event, el in iterparse(io.BytesIO(part), events=("start", "end"), forbid_dtd=True):
            tag = el.tag
            if event == "start":
                if tag == _T + "table":
                    row = 0
                elif tag == _T + "table-row":
                    col = row_width = 0
                continue
            if tag in (_T + "table-cell", _T + "covered-table-cell"):
                repeat = _repeat(el, "number-columns-repeated")
                col += repeat
                if el.get(_O + "value-type") or len(el) or (el.text or "").strip():
                    row_width = col
                el.clear()
            elif tag == _T + "table-row":
                repeat = _repeat(el, "number-rows-repeated")
                row += repeat
                if row_width:
                    height = max(height, row)
                    width = max(width, row_width)
                el.clear()
    except (ParseError, DefusedXmlException) as exc:
        raise FileReadError(
            f"{name}: content.xml is damaged or unsafe ({exc})",
            _HINT_DAMAGED,
            zh=f"{name}：content.xml 已损坏或不安全（{exc}），{_HINT_DAMAGED_ZH}",
        ) from exc
    return height, width


def _repeat(el, attr: str) -> int:
    value = el.get(_T + attr) or "1"
    return int(value) if value.isdigit() else 1
