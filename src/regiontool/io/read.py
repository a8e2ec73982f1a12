"""Path → raw sheets (lists of rows as the user sees them in Excel), whatever the file really is.

The file's bytes decide the format, not its extension: a `.xls` that is really an
HTML table or a CSV is read as what it is. Checks for encryption, emptiness and
inflated zip parts run before any parser sees the file.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .. import vocab
from ..errors import FileReadError, UsageError
from . import biff, halves, ods, padded, unsaved
from .write import csv_unguard
from .zipcheck import cell_limit, open_zip

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
SUPPORTED_EXTENSIONS = SPREADSHEET_EXTENSIONS + TEXT_EXTENSIONS + (".htm", ".html")
DEFAULT_MAX_SIZE = 2 * 1024**3  # inflated bytes of all zip parts

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class RawSheet:
    name: str
    rows: list[list] = field(default_factory=list)  # rows[i] is Excel row i + 1
    # Merged areas as (first row, first column, last row, last column), 0-based indexes into
    # rows: the value is in the first cell, the others read blank.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row index, column index) of an .xlsx's formula cells saved without a result (io/unsaved.py):
    # read blank, as Excel shows them before it calculates
    unsaved: set[tuple[int, int]] = field(default_factory=set)
    # hidden or very hidden in the workbook (Excel, WPS and LibreOffice do not show it)
    hidden: bool = False
    # indexes of the columns an .xlsx hides (<col hidden="1">): a visible column wins over them
    hidden_columns: frozenset[int] = frozenset()


@dataclass
class RawBook:
    path: Path
    kind: str  # xlsx, xls, ods, csv, html
    sheets: list[RawSheet]
    encoding: str | None = None
    sha256: str = ""
    delimiter: str | None = None  # a CSV's, detected or forced
    # an .xlsx saved in the 1904 date system (Mac Excel): its bare serial numbers count from 1904-01-01
    date1904: bool = False


# Set while calamine parses a workbook, the part of a read that lets the GIL go: work that
# needs the GIL and can wait (the import's warm-up) waits for it rather than slow the checks
# before the parse, which hold the GIL. Set for good once a first read has got that far.
PARSING = threading.Event()


def read_book(
    path: str | Path,
    *,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    delimiter: str | None = None,
) -> RawBook:
    """Read every sheet of a spreadsheet, CSV or HTML-table file; `delimiter` forces a CSV's
    (one of , ; | or a tab, as `csv_delimiter` reads the user's spelling), else it is detected."""
    try:
        return _read_book(Path(path), encoding, max_size, delimiter)
    finally:
        PARSING.set()  # a CSV or HTML file, or a refused one: nothing to wait for any more


def _read_book(path: Path, encoding: str | None, max_size: int, delimiter: str | None) -> RawBook:
    if delimiter is not None:
        delimiter = csv_delimiter(delimiter)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UsageError(
                f"unknown encoding '{encoding}'",
                "try utf-8, gb18030 or utf-16",
                zh=f"不认识的编码“{encoding}”，请改用 utf-8、gb18030 或 utf-16",
            ) from exc
    if not path.exists():
        raise FileReadError(
            f"{path}: no such file", "check the path and retry", zh=f"找不到文件 {path}，请检查路径后重试"
        )
    if path.is_dir():
        raise FileReadError(f"{path}: is a folder, not a file", zh=f"{path} 是文件夹，不是文件")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise UsageError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'",
            "use .xlsx .xlsm .xls .ods .csv .tsv or .txt",
            zh=f"{path.name}：不支持的文件类型“{suffix or '（无扩展名）'}”，请用 .xlsx .xlsm .xls .ods .csv .tsv 或 .txt 文件",
        )
    try:
        data = path.read_bytes()
    except PermissionError as exc:  # chmod 000, another user's file, a file another program locked
        raise FileReadError(
            f"{path}: no permission to read it",
            "ask for read access (or close the program holding it), or use a copy you can open",
            zh=f"没有读取 {path} 的权限：请取得读取权限（或关闭占用它的程序），或改用一份你能打开的副本",
        ) from exc
    except OSError as exc:
        raise FileReadError(
            f"{path}: cannot be read ({exc.strerror})", zh=f"{path}：无法读取（{exc.strerror}）"
        ) from exc
    if not data.strip():
        raise FileReadError(
            f"{path.name}: the file is empty",
            "export the sheet again and retry",
            zh=f"{path.name}：文件是空的，请重新导出表格后再试",
        )

    book = _parse(path, suffix, data, encoding, max_size, delimiter)
    book.sha256 = hashlib.sha256(data).hexdigest()
    return book


# Excel's and WPS's owner file ~$<name>, written beside a workbook while it is open: the user's
# name in a few hundred bytes, never a zip or an OLE file.
_OWNER_PREFIX = "~$"
_OWNER_MAX_SIZE = 4096


def set_aside(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files of an import's list (a glob: *.xlsx) that are tables to read, and those that
    are not, each with why (a vocab.NOT_INPUT key): Excel's or WPS's lock file ~$<name>
    ("owner_file"), a workbook regiontool wrote that is no input (its hidden settings sheet,
    own_kind): pivot, tiers, market … --out ("own_pivot"), plan --out ("own_plan"), list, problems …
    --out ("own_table"), the report ("own_report"). Beside other files they are skipped (the caller
    notes each); when nothing else is left a report is imported as ever (its 资源表 sheet, as an
    export's), else the first is refused in one line (FileReadError)."""
    keep, aside = [], []
    for path in paths:
        why = _not_an_input(Path(path))
        (aside.append((path, why)) if why else keep.append(path))
    if aside and not keep:
        keep = [path for path, why in aside if why == "own_report"]
        aside = [(path, why) for path, why in aside if why != "own_report"]
        if not keep:
            raise not_an_input_error(*aside[0])
    return keep, aside


def _not_an_input(path: Path) -> str | None:
    try:
        if not path.is_file():
            return None
        size = path.stat().st_size
        if path.name.startswith(_OWNER_PREFIX) and 0 < size <= _OWNER_MAX_SIZE:
            with path.open("rb") as fh:
                head = fh.read(8)
            if not head.startswith(_ZIP_MAGIC) and head != _OLE_MAGIC:
                return "owner_file"
        elif size and (kind := own_kind(path) or unmarked_kind(path) or text_kind(path)):  # unmarked: older
            return f"own_{kind}"
    except OSError:  # unreadable: read_book says so
        return None
    return None


def own_kind(path: Path) -> str | None:
    """What regiontool wrote a workbook (.xlsx, or an .ods or .xls LibreOffice or Excel saved it
    again as: the hidden sheet stays) as, when it did and it is no input: "pivot" (pivot, tiers …
    --out: its hidden sheet holds the pivots' settings, a list), or one of io.write.OWN_KINDS (the
    kind its hidden sheet's marker names: plan, report, table); None for any other file (the
    resource table `export` writes, a user's workbook — also one with a sheet of that name that
    holds no marker of the tool's)."""
    from .write import OWN_KINDS

    marker = _marker(path) if _has_settings_sheet(path) else None
    if isinstance(marker, dict) and isinstance(marker.get("regiontool"), str):
        return marker["regiontool"] if marker["regiontool"] in OWN_KINDS else "pivot"
    if isinstance(marker, list) and marker and all(isinstance(spec, dict) for spec in marker):
        return "pivot"  # the pivots' settings
    return None


def text_kind(path: Path) -> str | None:
    """What a CSV regiontool wrote is, by its header (a text file has no hidden sheet): "plan" for
    `plan --out plan.csv` (its first columns the plan's own, vocab.PLAN_TABLE_OPENING), "table" for
    `list` or `problems --out x.csv` (their columns), in Chinese or English, a column added after them
    (完成情况) or not, saved again by Excel as GB18030 or not; None for any other file."""
    if path.suffix.lower() not in TEXT_EXTENSIONS:
        return None
    with path.open("rb") as fh:
        first = fh.read(4096).split(b"\n", 1)[0].rstrip(b"\r")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            line = first.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    delimiter = max(",\t;", key=line.count)
    return header_kind(next(csv.reader([line], delimiter=delimiter), []))


def header_kind(cells) -> str | None:
    """What the tool's own output a header row opens as (_own_openings: "plan", "table"), in any
    format a user saved it again as (.xlsx, UTF-16 text …); None for any other header."""
    texts = ["" if c is None else str(c).strip() for c in cells]
    for kind, opening in _own_openings():
        if texts[: len(opening)] == opening:
            return kind
    return None


def _own_openings():
    """(kind, the header a CSV of that kind opens with), zh and en: the plan's, list's, problems'."""
    for i, lang in enumerate(("zh", "en")):
        yield "plan", [vocab.PLAN_COLUMNS[k][i] for k in vocab.PLAN_TABLE_OPENING]
        listed = ("company_id", "company", "town", "industry", "size", "tier", "manager")
        yield "table", [*(vocab.label(k, lang) for k in listed), vocab.WORDS["unit_contacts"][i]]
        problems = ("code", "title", "file", "sheet", "row", "column", "value", "message")
        yield "table", [vocab.WORDS[f"problem_{k}"][i] for k in problems]


def analysis_kind(path: Path) -> str:
    """What an analysis workbook regiontool wrote (own_kind "pivot") is: the kind its first sheet's
    settings name (tiers, market, rfm, sales, target, track, receivables, pnl …: vocab.OWN_ANALYSES),
    "pivot" for a `pivot --out` sheet (its request, no kind), "" when they name none."""
    marker = _marker(path)
    spec = marker[0] if isinstance(marker, list) and marker else None
    if not isinstance(spec, dict):
        return ""
    kind = spec.get("kind", "pivot" if "by" in spec else "")
    return kind if kind in vocab.OWN_ANALYSES else ""


def _marker(path: Path):
    """The JSON in the first cell of a workbook's hidden settings sheet (SPEC_SHEET): the tool's
    marker or the pivots' settings; None when there is no such sheet or cell, or no JSON in it (a
    user's sheet of that name)."""
    import json

    from .write import SPEC_SHEET

    try:
        import python_calamine as pc

        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        return json.loads(wb.get_sheet_by_name(SPEC_SHEET).to_python()[0][0])
    except Exception:
        return None


def is_own_report(path: Path) -> bool:
    """Whether an existing file is a report regiontool wrote (区域报告): its own_kind, or, written before
    reports were marked, its sheets (unmarked_kind). An --out may replace it though an import read it
    (a glob picked it up): it is made from the workspace, and an import of it brought nothing the
    workspace lacks."""
    try:
        if not path.is_file():
            return False
        return own_kind(path) == "report" or unmarked_kind(path) == "report"
    except OSError:
        return False


def unmarked_kind(path: Path) -> str | None:
    """What an .xlsx regiontool wrote before its outputs were marked (no _regiontool sheet) is, by
    its sheets' names (zh or en): "report" — 概览 first, 资源表 and 问题 last; "plan" — 周计划 or
    行事月历 first and the hidden 计划备注 `done` reads, which every plan wrote (a user's sheets of
    those names, 计划备注 shown, are the user's); None else."""
    import zipfile

    from ..vocab.sheets import SHEETS

    try:
        with path.open("rb") as fh:
            if fh.read(4) != _ZIP_MAGIC:
                return None
        with zipfile.ZipFile(path) as z:
            part = z.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    sheets = _xlsx_sheets(part)
    names = [name for name, _hidden in sheets]
    hidden = {name for name, is_hidden in sheets if is_hidden}
    for i in (0, 1):
        if (
            len(names) > 3
            and names[0] == SHEETS["overview"][i]
            and names[-2:] == [SHEETS[k][i] for k in ("resources", "problems")]
        ):
            return "report"
        first_is_plan = bool(names) and names[0] in (SHEETS["plan_week"][i], SHEETS["plan_month"][i])
        if first_is_plan and SHEETS["plan_remarks"][i] in hidden:  # every plan wrote it, hidden
            return "plan"
    return None


def _xlsx_sheets(workbook_part: bytes) -> list[tuple[str, bool]]:
    """(name, hidden) of each sheet an .xlsx's workbook part lists, in order."""
    import html

    found = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook_part.decode("utf-8", "replace")):
        if m := re.search(r'\bname="([^"]*)"', tag):
            found.append(
                (html.unescape(m[1]), re.search(r'\bstate="(?:hidden|veryHidden)"', tag) is not None)
            )
    return found


def _has_settings_sheet(path: Path) -> bool:
    """Whether a workbook may hold the hidden sheet regiontool marks its outputs with (SPEC_SHEET),
    without parsing a sheet: an .xlsx's workbook part names it, an .ods's content names a table so,
    an .xls's bytes hold the name (its sheet records, 8-bit or UTF-16)."""
    import zipfile

    from .write import SPEC_SHEET

    with path.open("rb") as fh:
        head = fh.read(8)
        if head == _OLE_MAGIC:
            data = head + fh.read()
            return SPEC_SHEET.encode() in data or SPEC_SHEET.encode("utf-16-le") in data
    if not head.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" in z.NameToInfo:
                return any(name == SPEC_SHEET for name, _ in _xlsx_sheets(z.read("xl/workbook.xml")))
            if "content.xml" in z.NameToInfo:
                return _zip_part_holds(z, "content.xml", b'table:name="' + SPEC_SHEET.encode() + b'"')
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return False
    return False


def _zip_part_holds(z, part: str, needle: bytes) -> bool:
    """Whether a zip's part holds `needle`, read in chunks (an .ods's content.xml may be large)."""
    tail = b""
    with z.open(part) as fh:
        while chunk := fh.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def set_aside_line(path: Path, why: str, lang: str, part: str = "note") -> str:
    """The note skipping a file set_aside set aside (or, part="error", the error refusing it)."""
    i = 1 if lang == "en" else 0
    of = vocab.NOT_INPUT_SOME_WORKBOOK[i]
    if why == "owner_file":
        rest = path.name[len(_OWNER_PREFIX) :]
        # WPS keeps the whole name; Excel puts ~$ over a long name's first two characters
        beside = (
            [
                q.name
                for q in sorted(path.parent.iterdir())
                if q != path
                and not q.name.startswith(_OWNER_PREFIX)
                and q.name.endswith(rest)
                and len(q.name) in (len(rest), len(path.name))
            ]
            if path.parent.is_dir()
            else []
        )
        if beside:
            of = beside[0] if i else f" {beside[0]} "
    what = vocab.OWN_ANALYSES[analysis_kind(path)][i] if why == "own_pivot" else ""
    return vocab.NOT_INPUT[why][part][i].format(name=path, of=of, what=what)


def not_an_input_error(path: Path, why: str) -> FileReadError:
    return FileReadError(
        set_aside_line(path, why, "en", "error"), zh=set_aside_line(path, why, "zh", "error")
    )


class PendingBook:
    """A file being read on a thread, started before the command has loaded the rest of
    regiontool: calamine parses without holding the GIL, so the parse runs under the
    start-up. `result()` gives the RawBook, or raises what read_book raised, when it is
    asked for: the errors come in the order they would without the thread."""

    def __init__(
        self,
        path: str | Path,
        *,
        encoding: str | None = None,
        max_size: int = DEFAULT_MAX_SIZE,
        delimiter: str | None = None,
    ):
        import threading

        self.path = Path(path)
        self._book: RawBook | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._read, args=(encoding, max_size, delimiter), name="regiontool-read", daemon=True
        )
        self._thread.start()

    def _read(self, encoding: str | None, max_size: int, delimiter: str | None) -> None:
        try:
            self._book = read_book(self.path, encoding=encoding, max_size=max_size, delimiter=delimiter)
        except BaseException as exc:  # noqa: BLE001  (raised again in the caller's thread)
            self._error = exc

    def result(self) -> RawBook:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._book


# The reads launch.py started before the CLI loaded (read_early), by what they read.
_EARLY: list[tuple[tuple, PendingBook]] = []


def read_early(path: str) -> None:
    """Start reading `path` as `regiontool import path` reads it by default, before the CLI has
    loaded (launch.py): the file's bytes, inflating and checks go on meanwhile."""
    _EARLY.append((_read_key(path, None, DEFAULT_MAX_SIZE, None), PendingBook(path)))


def pending_book(
    path: str | Path,
    *,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    delimiter: str | None = None,
) -> PendingBook:
    """`path` being read on a thread: the read launch.py started, where it reads that file with
    these options, else one started now. Early reads not taken are dropped."""
    key = _read_key(path, encoding, max_size, delimiter)
    early = [book for started, book in _EARLY if started == key]
    _EARLY.clear()
    if early:
        return early[0]
    return PendingBook(path, encoding=encoding, max_size=max_size, delimiter=delimiter)


def _read_key(path: str | Path, encoding: str | None, max_size: int, delimiter: str | None) -> tuple:
    import os

    return (os.path.abspath(path), encoding, max_size, delimiter)


def _parse(
    path: Path, suffix: str, data: bytes, encoding: str | None, max_size: int, delimiter: str | None
) -> RawBook:
    head = data[:8]
    if head == _OLE_MAGIC:
        if _is_encrypted_ole(data):
            raise _encrypted(path)
        return RawBook(path, "xls", _read_calamine(path, data, "xls"))
    if head.startswith(_ZIP_MAGIC):
        parts: dict[str, bytes] = {}
        checking = open_zip(path.name, data, max_size, parts)
        kind = checking.kind
        date1904 = kind == "xlsx" and _DATE1904.search(parts.get("xl/workbook.xml", b"")) is not None
        try:
            sheets = _read_calamine(path, data, kind, parts, checking.passed)
        except BaseException:
            checking.cancel()
            raise
        return RawBook(path, kind, sheets, date1904=date1904)
    damaged = FileReadError(
        f"{path.name}: not a valid {suffix} workbook (corrupt or truncated)",
        "open it in Excel or WPS, save it again and retry",
        zh=f"{path.name}：不是有效的 {suffix} 工作簿（文件损坏或不完整），请用 Excel 或 WPS 打开、另存后重试",
    )
    try:
        text, used = _decode(path, data, encoding)
    except FileReadError:
        if encoding is None and suffix in SPREADSHEET_EXTENSIONS:
            raise damaged from None
        raise
    from .xml2003 import looks_like_spreadsheetml, read_spreadsheetml

    if looks_like_spreadsheetml(text):  # an older business system's .xls: Excel 2003 XML
        return RawBook(path, "xml", read_spreadsheetml(path, text, cell_limit(max_size)), used)
    if _looks_like_html(text):  # a business system's .xls: a cell's ESC or ^A is data, not damage
        return RawBook(path, "html", _read_html(path, text), used)
    if encoding is None and suffix in SPREADSHEET_EXTENSIONS and _CONTROL.search(text, 0, 4096):
        raise damaged  # a workbook name over bytes no text export holds (NUL, ^A …)
    rows, delimiter = _read_delimited(path.name, text, suffix, delimiter)
    return RawBook(path, "csv", [RawSheet(path.stem, rows)], used, delimiter=delimiter)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DATE1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')


def _encrypted(path: Path) -> FileReadError:
    return FileReadError(
        f"{path.name}: the file is encrypted",
        "save it without a password and retry",
        zh=f"{path.name}：文件有密码保护，请取消密码另存后重试",
    )


def _is_encrypted_ole(data: bytes) -> bool:
    # An encrypted OOXML file is an OLE container holding these streams.
    return any(name.encode("utf-16-le") in data for name in ("EncryptedPackage", "EncryptionInfo"))


def _read_calamine(
    path: Path, data: bytes, kind: str, parts: dict[str, bytes] | None = None, passed=None
) -> list[RawSheet]:
    """Every sheet's cells; an xlsx file's big sheets parsed in two halves at once (io/halves.py),
    from its `parts` as open_zip inflated them. `passed()`: the zip's checks, which must pass
    before calamine opens it (they run while the halves are packed)."""
    import python_calamine as pc

    PARSING.set()
    biggest = halves.biggest_sheet(parts, data) if kind == "xlsx" and parts else None
    try:
        split = halves.open_in_halves(parts, *biggest, passed) if biggest else None
        if passed is not None:
            passed()
        wb = split.workbook if split else pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        hidden = {m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible}
        for name in wb.sheet_names:
            if split and name == split.name:
                sheets.append(RawSheet(name, split.rows, split.merges, hidden=name in hidden))
                continue
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(RawSheet(name, rows, _merges(sheet), hidden=name in hidden))
    except pc.PasswordError as exc:
        raise _encrypted(path) from exc
    except FileReadError:  # a check refused it
        raise
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise FileReadError(
            f"{path.name}: the {kind} file is corrupt or cannot be read ({_first_line(exc)})",
            "open it in Excel or WPS, save it again and retry",
            zh=f"{path.name}：{kind} 文件已损坏或无法读取（{_first_line(exc)}），请用 Excel 或 WPS 打开、另存后重试",
        ) from exc
    # 工号 7 shown 007 through a 000 format: the text shown; an .ods's merged areas
    if kind == "xlsx" and parts:
        padded.show_padded(parts, sheets)
        unsaved.find_unsaved(parts, sheets)
        _find_hidden_columns(parts, sheets)
    elif kind == "ods" and parts and ods.CONTENT in parts:
        ods.read_extras(parts[ods.CONTENT], sheets, parts.get(ods.STYLES, b""))
    elif kind == "xls":
        biff.show_padded(data, sheets)
    return sheets


_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_COL_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_COL_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')


def _find_hidden_columns(parts: dict[str, bytes], sheets: list[RawSheet]) -> None:
    """Set the hidden columns of an .xlsx's sheets from the <cols> before each one's cells (one
    search of that short head per sheet)."""
    named = halves.sheet_parts(parts)
    for sheet in sheets:
        xml = parts.get(named.get(sheet.name, ""), b"")
        head = xml[: max(xml.find(b"sheetData"), 0)]
        found: set[int] = set()
        for m in _COL.finditer(head):
            span = _COL_SPAN.search(m[1]) if _COL_HIDDEN.search(m[1]) else None
            if span:
                first, last = (int(span[1]), int(span[2])) if span[1] else (int(span[4]), int(span[3]))
                found.update(range(first - 1, min(last, first + 16384)))
        sheet.hidden_columns = frozenset(found)


def shown_rows(rows: list[list], merges=(), *, columns=None, below: int = -1) -> list[list]:
    """A sheet's rows as Excel shows them: a cell merged down over several rows gives its value to
    every row it covers, in its first column (完成 written once over a firm's three visits, 项目 区域广告
    over its three months: a blank there is no blank). `columns`, `below`: only the merges starting in
    those columns, below that row (a header). The rows themselves are left as read (a copy where a
    merge fills one)."""
    out = list(rows)
    for r0, c0, r1, _c1 in merges:
        if r1 <= r0 or r0 <= below or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        if columns is not None and c0 not in columns:
            continue
        if (top := rows[r0][c0]) is None or not str(top).strip():
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = list(out[r]) + [None] * (c0 + 1 - len(out[r]))
            row[c0] = top
            out[r] = row
    return out


def _merges(sheet) -> list[tuple[int, int, int, int]]:
    """A calamine sheet's merged areas (xlsx and xls give them, with the indexes of
    to_python(skip_empty_area=False); ods gives none: io/ods.py reads them)."""
    ranges = getattr(sheet, "merged_cell_ranges", None) or ()
    return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__


# --- text files ---------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UsageError(
                f"unknown encoding '{encoding}'",
                "try utf-8, gb18030 or utf-16",
                zh=f"不认识的编码“{encoding}”，请改用 utf-8、gb18030 或 utf-16",
            ) from exc
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise FileReadError(
                f"{path.name}: not valid {encoding} text ({exc.reason} at byte {exc.start})",
                "try another --encoding",
                zh=f"{path.name}：不是有效的 {encoding} 文本（第 {exc.start} 个字节无法解读），请换一个 --encoding 再试",
            ) from exc
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise FileReadError(
                    f"{path.name}: damaged {name} text",
                    zh=f"{path.name}：{name} 文本已损坏，请重新导出后再试",
                ) from exc
            _refuse_garbled(path, text)
            return text, name
    if _looks_utf16_without_bom(data):
        for name in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        _refuse_garbled(path, text)
        return text, "utf-8"
    garbled = ""
    for name in ("gb18030", "big5"):  # big5: sheets from Taiwan and Hong Kong
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = _garbled_sample(text, legacy=True)
        if not sample:
            return text, name
        garbled = garbled or sample
    if garbled:
        raise FileReadError(
            f"{path.name}: not UTF-8 (byte {utf8_error.start}), and as GB18030 or Big5 the text is "
            f"garbled ('{garbled}'): its encoding could not be recognised",
            "save it as UTF-8 CSV, or pass --encoding (for example shift_jis or cp1252)",
            zh=f"{path.name}：无法识别文本编码——不是 UTF-8（第 {utf8_error.start} 个字节），按 GB18030 或 Big5 读是乱码"
            f"（“{garbled}”）；请另存为 UTF-8 CSV，或用 --encoding 指定编码（例如 shift_jis 或 cp1252）",
        )
    if _binary(data):
        raise FileReadError(
            f"{path.name}: not a text file (its bytes are no text in any encoding: an image or another program's file?)",
            "export the table as CSV or .xlsx again",
            zh=f"{path.name}：不是文本文件（任何编码都读不出文字：可能是图片或其他程序的文件），请重新导出 CSV 或 .xlsx",
        )
    raise FileReadError(
        f"{path.name}: the text encoding could not be recognised",
        "pass --encoding (for example gb18030 or utf-16)",
        zh=f"{path.name}：无法识别文本编码，请用 --encoding 指定（例如 gb18030 或 utf-16）",
    )


def _binary(data: bytes) -> bool:
    """Whether bytes no encoding could read hold a NUL byte in their first 4 KB, as a binary file does
    (a PNG, a PDF, a database); a damaged text file with control characters in its cells does not."""
    head = data[:4096]
    return 0 in head  # no text in these encodings holds a NUL byte (UTF-16 read before)


_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What bytes of one Chinese codec read with the other give beside the ideographs: kana
# (そ, カ) and the private use area (GBK's user-defined rows), which Chinese text never holds.
_NOT_CHINESE = re.compile(r"[\u3040-\u30ff\ue000-\uf8ff]")


def _garbled_sample(text: str, legacy: bool = False) -> str:
    """A piece of the text if it reads as mojibake, else ''.

    Chinese text, simplified or traditional, is almost all GB2312 characters once
    converted to simplified; bytes decoded with the wrong codec give a random mix in
    which rare characters make up a third or more. Read with a Chinese codec (`legacy`:
    GB18030 or Big5, guessed), kana and private-use characters count as rare too: a
    one-row Big5 file read as GB18030 holds few ideographs but many of those.
    """
    from ..normalize import to_simplified

    chars = _IDEOGRAPH.findall(text, 0, 200_000)
    strange = _NOT_CHINESE.findall(text, 0, 200_000) if legacy else []
    if len(chars) + len(strange) < 5:
        return ""
    rare = set(strange)
    for ch in set(chars):
        try:
            to_simplified(ch).encode("gb2312")
        except UnicodeEncodeError:
            rare.add(ch)
    total = len(chars) + len(strange)
    common = 1 - (sum(ch in rare for ch in chars) + len(strange)) / total
    if common >= (0.85 if total >= 20 else 0.5):
        return ""
    at = next(i for i, ch in enumerate(text) if ch in rare)
    return " ".join(text[max(at - 4, 0) : at + 8].split())


def looks_garbled(text: str) -> bool:
    """Whether a short text (a sheet's headers) reads as mojibake: kana or private-use
    characters among Chinese ones, or a mix of rare characters."""
    return bool(_NOT_CHINESE.search(text) and _IDEOGRAPH.search(text)) or bool(
        _garbled_sample(text, legacy=True)
    )


# The encodings a CSV of Chinese text is in when a guess went wrong, in the order to try.
LIKELY_ENCODINGS = ("gb18030", "big5", "utf-8", "utf-16")


def _refuse_garbled(path: Path, text: str) -> None:
    """Valid UTF-8 that reads as mojibake was converted with a wrong codec before it got here."""
    sample = _garbled_sample(text)
    if sample:
        raise FileReadError(
            f"{path.name}: the text is garbled ('{sample}'): it was converted with a wrong encoding "
            "somewhere before it reached you",
            "export it again from the source system as UTF-8, or pass --encoding",
            zh=f"{path.name}：文字是乱码（“{sample}”），在到你手上之前已被错误的编码转换过；"
            "请从原系统按 UTF-8 重新导出，或用 --encoding 指定编码",
        )


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def _looks_like_html(text: str) -> bool:
    """A table saved as HTML, or an HTML page (read as one: without a table it says so, never read as
    CSV lines of markup)."""
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    return "<html" in head or "<!doctype html" in head or "<table" in text[:1_000_000].lower()


# A CSV's delimiter is one of these, detected when --delimiter does not name it.
DELIMITERS = (",", "\t", ";", "|")
_SNIFF_CHARS = 20_000
# A CSV's header is among its first records (title and blank lines above it are few).
_HEADER_CANDIDATES = 50


def csv_delimiter(spelling: str) -> str:
    """The delimiter --delimiter names (`,` `;` `|` `tab`); any other spelling is a usage error."""
    delimiter = vocab.CSV_DELIMITERS.get(spelling) or vocab.CSV_DELIMITERS.get(spelling.strip().lower())
    if delimiter is None:
        raise UsageError(
            f"unknown --delimiter '{spelling}'",
            "use , ; | or tab, for example --delimiter ';'",
            zh=f"不认识的 --delimiter “{spelling}”，请用 , ; | 或 tab，例如 --delimiter ';'",
        )
    return delimiter


def detect_delimiter(text: str) -> str:
    """The delimiter of a CSV text: of , tab ; and |, the one whose header the rows below agree
    with best. A delimiter's header is the line of several cells that the most lines below agree
    with in column count: split into two cells or more, at most the header's (a row may leave its
    trailing empty cells off); a line below that it leaves one cell, or splits wider, disagrees.
    Not the most frequent alone: a 经营范围 full of commas in a ;-separated file holds more commas
    than the rows hold ;, but the header has none; nor the first line a delimiter splits: a title
    line 2026年客户联系表,导出日期2026-11-20 over that file is split by the comma, but the header
    below it is not, and the rows below agree with the header's ; far better than with the title's
    comma (review r32 #1). A phone cell 13800000001;63000001 in a comma file whose rows end early
    splits each row in two, but not the header, whose comma columns every row agrees with. Ties go
    to the earlier header, then to the one more rows fit exactly, then to the most frequent."""
    sample = text[:_SNIFF_CHARS]
    cut = len(text) > len(sample)
    found: dict[str, tuple[int, int, float, float, int]] = {}
    for delimiter in DELIMITERS:
        raw = sample.count(delimiter)
        if not raw:
            continue
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        records: list[tuple[int, int, int]] = []  # (first line, lines, cells) of each record
        line = 0
        try:
            for row in reader:
                if row:
                    records.append((line + 1, reader.line_num - line, len(row)))
                line = reader.line_num
        except csv.Error:
            continue
        if cut and len(records) > 1:
            records.pop()  # the record the sample cut
        best = None
        for header, (first, _, width) in enumerate(records[:_HEADER_CANDIDATES]):
            if width < 2:
                continue  # a title line, one cell, is no header
            below = records[header + 1 :]
            agree = sum(lines if 1 < cells <= width else -lines for _, lines, cells in below)
            if best is None or agree > best[0]:
                rows = [cells for _, _, cells in below]
                within = sum(cells <= width for cells in rows) / len(rows) if rows else 1.0
                exact = sum(cells == width for cells in rows) / len(rows) if rows else 1.0
                best = (agree, -first, within, exact, raw)
        if best is not None:
            found[delimiter] = best
    if not found:
        return ","
    return max(found, key=lambda d: found[d])


def unsplit_delimiter(rows: list[list], delimiter: str | None) -> str | None:
    """Another delimiter that splits one of these rows, read as a single cell, into three cells or
    more: the header of a CSV read with the wrong delimiter (企业名称\t地址\t联系人 read on ,)."""
    for row in rows:
        cells = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        if len(cells) != 1 or len([c for c in row if c is not None]) != 1:
            continue
        for other in DELIMITERS:
            if other != delimiter and cells[0].count(other) >= 2:
                return other
    return None


def delimiter_option(delimiter: str) -> str:
    """The --delimiter that names a delimiter, as the user types it."""
    return "--delimiter tab" if delimiter == "\t" else f"--delimiter '{delimiter}'"


# ="0574-63012345": a text literal in every spreadsheet, which systems write to keep leading zeros.
_TEXT_FORMULA = re.compile(r'="((?:[^"]|"")*)"', re.DOTALL)


def formula_text(cell: str) -> str:
    """A CSV cell as a spreadsheet shows it: `="0012"` is the text 0012 (`""` inside is one `"`).
    Only that form: any other cell starting with = stays the text it is, never evaluated."""
    literal = _TEXT_FORMULA.fullmatch(cell) if cell.startswith('="') else None
    return literal[1].replace('""', '"') if literal else cell


def _read_delimited(
    name: str, text: str, suffix: str, delimiter: str | None = None
) -> tuple[list[list], str]:
    text = text.replace("\x00", "")
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter is None:
        delimiter = "\t" if suffix == ".tsv" else detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list] = []
    spans: list[tuple[int, int, int]] = []  # (row index, first line, last line) of multi-line rows
    line = 0
    try:
        for row in reader:
            if reader.line_num - line > 1:
                spans.append((len(rows), line + 1, reader.line_num))
            line = reader.line_num
            rows.append(row)
    except csv.Error as exc:
        raise FileReadError(
            f"{name}: malformed CSV ({exc})",
            "check the quotes in the file",
            zh=f"{name}：CSV 格式有误（{exc}），请检查文件中的引号",
        ) from exc
    for index, first, last in spans:
        to_the_end = index == len(rows) - 1 and _ends_in_a_quote(text, delimiter, first)
        _refuse_runaway_quote(name, rows[index], delimiter, first, last, to_the_end)
    # The resource table's CSV export read back: the ' its guard put before = + - @ goes. Any
    # other CSV keeps a leading ' as typed (the user's own text, not regiontool's guard).
    unguard = bool("'" in text and rows and vocab.export_columns(rows[0]))
    if unguard or '="' in text:
        return [[_cell(cell, unguard) for cell in row] for row in rows], delimiter
    return [[cell if cell != "" else None for cell in row] for row in rows], delimiter


def _cell(cell: str, unguard: bool) -> str | None:
    if cell.startswith('="'):
        cell = formula_text(cell)  # ('="0012" is the export's guard of the text ="0012": kept)
    elif unguard:
        cell = csv_unguard(cell)
    return cell if cell != "" else None


# A line no CSV holds: read after the last record, it is a record of its own unless a quote is open.
_PAST_THE_END = "\ue000regiontool\ue000"


def _ends_in_a_quote(text: str, delimiter: str, first: int) -> bool:
    """Whether the text ends inside a quoted cell (of the record that starts on line `first`): csv
    reads such a cell to the end of the file without a word, so a line put after the text lands in it."""
    tail = "".join(io.StringIO(text, newline="").readlines()[first - 1 :])
    rows = list(csv.reader(io.StringIO(f"{tail}\n{_PAST_THE_END}", newline=""), delimiter=delimiter))
    return rows[-1] != [_PAST_THE_END]


def _refuse_runaway_quote(
    name: str, row: list, delimiter: str, first: int, last: int, to_the_end: bool
) -> None:
    """A cell that swallows following lines which look like rows: an unbalanced quote.

    (A quoted cell may hold line breaks; one whose lines look like rows of the table —
    two of them, or one when the file ends inside its quote — is a quote left open. A
    closed cell that ends the file is a cell like any other.)
    """
    for cell in row:
        continued = [ln for ln in cell.splitlines()[1:] if delimiter in ln]
        if len(continued) >= 2 or (continued and to_the_end):
            raise FileReadError(
                f'{name}: a quote (") opened on line {first} is not closed, so one cell swallows '
                f"lines {first}–{last}",
                "fix the quotes on that line (or save the sheet again as CSV) and retry",
                zh=f'{name}：第 {first} 行开始的引号（"）没有闭合，第 {first}–{last} 行被并进了一个单元格；'
                "请改正该行的引号（或把表格重新另存为 CSV）后重试",
            )


# --- HTML tables exported as .xls by many Chinese business systems --------------------


class _TableParser(HTMLParser):
    """Rows of HTML tables, honouring colspan/rowspan and the optional </td> and </tr>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list]] = []
        self.merges: list[list[tuple[int, int, int, int]]] = []  # each table's rowspan areas
        self._row: list | None = None
        self._cell: list[str | None] | None = None  # the text of the cell read, None for a <br>
        self._span = 1
        self._down = 1
        self._covered: dict[int, int] = {}  # column → rows a rowspan above still covers

    @staticmethod
    def _count(value: str | None, limit: int) -> int:
        value = (value or "").strip()
        return min(max(int(value), 1), limit) if value.isdigit() else 1

    def _skip_covered(self) -> None:
        while self._row is not None and self._covered.get(len(self._row), 0) > 0:
            self._row.append(None)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._skip_covered()
            start = len(self._row)
            text = _html_cell_text(self._cell)
            self._row.append(text or None)
            self._row.extend([None] * (self._span - 1))
            if self._down > 1:
                for c in range(start, start + self._span):
                    self._covered[c] = self._down
                if self.tables:
                    top = len(self.tables[-1])  # this row's index once it is added
                    self.merges[-1].append((top, start, top + self._down - 1, start + self._span - 1))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None and self.tables:
            self._skip_covered()
            self.tables[-1].append(self._row)
            self._covered = {c: n - 1 for c, n in self._covered.items() if n > 1}
        self._row = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._end_row()
            self.tables.append([])
            self.merges.append([])
            self._covered = {}
        elif tag == "tr" and self.tables:
            self._end_row()
            self._row = []
        elif tag in ("td", "th") and self.tables:
            self._end_cell()
            if self._row is None:
                self._row = []
            a = dict(attrs)
            self._cell = []
            self._span = self._count(a.get("colspan"), 1000)
            self._down = self._count(a.get("rowspan"), 100_000)
        elif tag == "br" and self._cell is not None:
            self._cell.append(None)  # a line break in the cell

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # what a browser collapses (not &nbsp;)


def _html_cell_text(pieces: list[str | None]) -> str:
    """A cell's text as a browser or Excel shows it: each run of the source's white space (a
    line break and the next line's indentation) one space, none beside a <br> (None in
    `pieces`), which is a line break."""
    lines: list[str] = []
    line: list[str] = []
    for piece in pieces:
        if piece is None:
            lines.append(_HTML_SPACE.sub(" ", "".join(line)).strip(" "))
            line = []
        else:
            line.append(piece)
    lines.append(_HTML_SPACE.sub(" ", "".join(line)).strip(" "))
    return "\n".join(lines).strip()


def _read_html(path: Path, text: str) -> list[RawSheet]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tables = [(t, m) for t, m in zip(parser.tables, parser.merges, strict=True) if t]
    if not tables:
        raise FileReadError(
            f"{path.name}: an HTML file without a table", zh=f"{path.name}：这个 HTML 文件里没有表格"
        )
    return [RawSheet(f"表{i + 1}" if len(tables) > 1 else path.stem, t, m) for i, (t, m) in enumerate(tables)]
