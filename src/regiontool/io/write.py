"""Tables → workbooks and CSV files people can open: the only code that knows the xlsx writers.

Plain tables, the big resource table among them, go through the column-wise writer in
io/xlsx.py (100,000 rows × 32 columns in about 1.5 s, where Python xlsxwriter needs
about 30 s). It writes every text as an inline string, so text that starts with
= + - @ can never become a formula.
Every file is written to a temporary name beside the target and renamed into place.
A column of dates (date objects, or ISO texts such as 2026-05-23 that the analyses and plans
carry, because their CSV and JSON keep ISO text) becomes date cells shown yyyy-mm-dd in the
formatted sheets, so Excel's date filters and date arithmetic work on it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import math
import numbers
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError, OutputWriteError
from ..normalize import excel_round
from ..vocab import label
from ..vocab.sheets import SHEET_NAME_MAX, fit_sheet_name, sheet_name_length

EXCEL_CELL_LIMIT = 32_767
MIN_WIDTH, MAX_WIDTH = 6, 50
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# CSV's guard: a text a spreadsheet would run as a formula gets a leading ' (OWASP); so does a text
# already starting with ' before one of those characters, so that reading drops exactly one ' and
# gives back the text written (csv_unguard). A negative number written as text (-300, -0.5,
# -1,234.50, -5%) is no formula: Excel and LibreOffice read it as the number, and it stays as it is.
# A leading + stays guarded: Excel runs +86-574-63012345 as a sum and +86 138 0000 1111 as a formula.
_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_NEGATIVE_NUMBER = re.compile(r"-(?:(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?", re.ASCII)
_GUARD_STARTS = ("'", *_FORMULA_START)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FORMAT = "yyyy-mm-dd"
ID_FORMAT = "0"  # 企业编号: 1021, not 1,021


@dataclass
class Sheet:
    """One worksheet: a DataFrame written with a frozen bold header, filters and fitted widths."""

    name: str
    frame: Any  # pandas DataFrame; NaN and None become empty cells
    wrap_over: int = MAX_WIDTH  # columns wider than this wrap instead of growing
    number_formats: dict[str, str] = field(default_factory=dict)
    table: str | None = None  # make the data an Excel Table with this name (one-click PivotTable)
    # The columns naming a row (企业名称), repeated on each page when the sheet prints over pages side
    # by side; by default the frame's attrs[KEY_COLUMNS], which the frame's maker sets.
    key_columns: tuple[str, ...] = ()


KEY_COLUMNS = "key_columns"


def title_columns(sheet: Sheet, columns: Sequence[str], widths: Sequence[float]) -> tuple[int, int] | None:
    """The span of columns (first, last) printed on each page of a sheet wider than a page: its key
    columns, or the first of them when all of them would take over a third of the page."""
    if pages_wide(widths) < 2:
        return None
    keys = sheet.key_columns or tuple(sheet.frame.attrs.get(KEY_COLUMNS, ()))
    at = [j for j, c in enumerate(columns) if c in set(keys)]
    if not at:
        return None
    first, last = min(at), max(at)
    if sum(widths[first : last + 1]) > PRINT_WIDTH_PER_PAGE / 3:
        last = first
    return first, last


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(frame: Any, wrap_over: int = MAX_WIDTH, sample: int = 2000) -> list[float]:
    """Widths that fit the header and the longest of the first `sample` values of each column."""
    widths = []
    head = frame.head(sample)
    for j, col in enumerate(frame.columns):
        longest = display_width(str(col)) + 2  # room for the filter button
        for value in set(head.iloc[:, j].tolist()):  # each distinct value measured once
            if value is None or value != value:
                continue
            text = value if isinstance(value, str) else _number_text(value)
            if 2 * len(text) <= longest:  # cannot be wider even if every character is wide
                continue
            longest = max(longest, max(display_width(line) for line in text.split("\n")))
        widths.append(float(min(max(longest + 1, MIN_WIDTH), wrap_over)))
    return widths


# Printed landscape on A4, a page holds about this many characters of column width at a
# scale still easy to read (about 70 %): wider sheets print over several pages side by side.
PRINT_WIDTH_PER_PAGE = 200
CHART_CHARS_PER_PIXEL = 1 / 7  # a column one character wide is about 7 pixels
STACKED_CHART_WIDTH = 760  # pixels: a pivot's stacked bars beside its grid (and its print width)
BAR_CHART_WIDTH = 720  # pixels: a horizontal bar chart's width
BESIDE_SCALE = 0.9  # a chart goes beside its grid only when both print at this scale or more
NOTE_WIDTH = 130  # characters: a note wraps within this width, which prints at full size on a page


# The printed page, landscape A4 inside xlsxwriter's default margins (0.7" left and right, 0.75" top and
# bottom), in points at 100 %; a row is 15 points unless set; a pixel is 0.75 points.
PAGE_WIDTH_POINTS, PAGE_HEIGHT_POINTS = 741, 487
ROW_POINTS = 15


def column_points(width: float) -> float:
    """Points a column of this width (in characters, as set_column takes it) takes at 100 %."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 0.75


def print_scale(width_points: float, pages: int) -> float:
    """The largest scale a printout fit to `pages` pages wide can have (never over 100 %)."""
    return min(1.0, pages * PAGE_WIDTH_POINTS / max(width_points, 1.0))


def pages_wide(widths: Sequence[float]) -> int:
    """Pages side by side a printout takes (the header row is repeated on each page down)."""
    return max(1, math.ceil(sum(widths) / PRINT_WIDTH_PER_PAGE))


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)


def as_date(value: Any) -> dt.date | None:
    """A day for a date cell: a date (not a time of day), or an ISO text 2026-05-23; else None."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value if value.year >= 1900 else None
    if isinstance(value, str) and len(value) == 10 and _ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None
        return day if day.year >= 1900 else None  # Excel's dates start in 1900
    return None


def date_columns(rows: Sequence[Sequence[Any]]) -> set[int]:
    """The columns whose every non-blank cell in these rows is a day (as_date): written as dates."""
    seen: dict[int, bool] = {}
    for row in rows:
        for j, v in enumerate(row):
            if v is None or (isinstance(v, float) and v != v) or v == "" or seen.get(j) is False:
                continue
            seen[j] = as_date(v) is not None
    return {j for j, is_date in seen.items() if is_date}


# OOXML's escape of a character XML 1.0 cannot hold (ST_Xstring): \x1b is written _x001B_, and an
# underscore that would start such an escape in the text itself (a literal _x0041_) is written _x005F_,
# so every reader that decodes them (Excel, LibreOffice, WPS, calamine) gets the text back exactly.
_XSTRING_UNDERSCORE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
XSTRING_NEEDED = r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_"  # text xstring changes (any regex)


def xstring(value: str) -> str:
    """Text as an xlsx cell (or header, or table column name) holds it: control characters as
    _xHHHH_ escapes, never dropped, and a literal _xHHHH_ kept as itself."""
    if "_x" in value:
        value = _XSTRING_UNDERSCORE.sub("_x005F_", value)
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m[0]):04X}_", value)
    return value


def excel_text(value: str) -> tuple[str, bool]:
    """Text for an xlsxwriter cell, cut at Excel's limit (flag says so). Control characters are
    kept: xlsxwriter writes them as _xHHHH_ escapes (xstring), which read back as they were."""
    if len(value) > EXCEL_CELL_LIMIT:
        return value[: EXCEL_CELL_LIMIT - 1] + "…", True
    return value, False


def is_excel_cut(cell: object, whole: object) -> bool:
    """Whether `cell` is `whole` as an xlsx output cut it at Excel's limit (excel_text, io/xlsx.py):
    its first 32,766 characters and an ellipsis. Such a cell read back from an unedited export is
    the stored text, not an edit of it."""
    return (
        isinstance(cell, str)
        and isinstance(whole, str)
        and len(cell) == EXCEL_CELL_LIMIT
        and len(whole) > EXCEL_CELL_LIMIT
        and cell.endswith("…")
        and whole.startswith(cell[:-1])
    )


def csv_text(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP: prefix a quote); see _GUARDED."""
    if value.startswith(_GUARD_STARTS) and _GUARDED.match(value) and not _NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_unguard(value: str) -> str:
    """A CSV cell as it was before csv_text: the guarding ' dropped."""
    return value[1:] if value.startswith("'") and _GUARDED.match(value, 1) else value


@contextmanager
def atomic_path(target: Path) -> Any:
    """Yield a temporary path beside target; rename it over target only on success.

    The one place where writing an output meets the system: any OSError on the way (a read-only
    folder, a full disk, a name too long, /proc) is the one line of cannot_write_file naming target,
    never the temporary name; the temporary file goes and an existing target stays as it was. A
    temporary file written inside another (the report's pieces) is named by the outer target.

    A target that is a link is written through: the file it points to gets the new content, the
    temporary file beside that file (a link to the shared drive's copy updates that copy). An
    existing file the system would not let the user write (read-only: chmod 444, Windows' 只读) is
    refused as a read-only folder is: replacing it would drop its protection. Its mode bits decide
    too (no write bit for anyone): os.access says yes to root whatever the mode."""
    target = Path(target)
    if not target.parent.exists():
        raise OutputError(f"folder {target.parent} does not exist", zh=f"文件夹 {target.parent} 不存在")
    shown, target = target, _written_path(target)
    if not target.parent.exists():  # a link into a folder that is gone
        raise OutputError(f"folder {target.parent} does not exist", zh=f"文件夹 {target.parent} 不存在")
    if target.is_file() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise cannot_write_file(
            shown, PermissionError(errno.EACCES, os.strerror(errno.EACCES)), read_only=True
        )
    try:
        fd, name = tempfile.mkstemp(
            prefix=_temp_prefix(target), suffix=target.suffix or ".tmp", dir=target.parent
        )
    except OSError as exc:
        raise cannot_write_file(shown, exc) from exc
    tmp = Path(name)
    try:
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise cannot_write_file(shown, exc) from exc
    except OutputWriteError as exc:
        tmp.unlink(missing_ok=True)
        if exc.path not in (None, tmp):  # another output failed meanwhile (plan's workbook): its own line
            raise
        # a piece written into this one (the report's workbook): the user's file is this one
        raise cannot_write_file(shown, exc.__cause__) from exc.__cause__
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _written_path(target: Path) -> Path:
    """The file an output named `target` goes to: the end of its chain of links, else target."""
    try:
        return Path(os.path.realpath(target)) if target.is_symlink() else target
    except OSError:  # a name too long: the temporary file's creation says so
        return target


_TEMP_STEM_MAX = 40  # characters of the target's name in its temporary name, which must fit too


def _temp_prefix(target: Path) -> str:
    """The temporary name's start: hidden, with the start of target's name (a target name near the
    system's 255-byte limit must not fail only because its temporary name is longer)."""
    return f".{target.stem[:_TEMP_STEM_MAX]}."


def cannot_write_file(target: Path, exc: BaseException | None, read_only: bool = False) -> OutputWriteError:
    """The one line of an output the system would not let us write (exit 1): the user's file, why
    (vocab.CANNOT_WRITE_WHY by errno, else the system's words; `read_only`: the existing file is)
    and that nothing else changed."""
    from .. import vocab

    target = Path(target)
    errno_name = errno.errorcode.get(getattr(exc, "errno", None) or 0, "")
    folder = target.parent
    words = (
        vocab.CANNOT_WRITE_READ_ONLY_FILE
        if read_only
        else vocab.CANNOT_WRITE_WHY.get(errno_name, vocab.CANNOT_WRITE_OTHER)
    )
    error = getattr(exc, "strerror", None) or str(exc)
    try:
        kept = "kept" if target.exists() else "none"
    except OSError:
        kept = "none"
    zh, en = (
        line.format(name=target, why=why.format(folder=folder, error=error), kept=left)
        for line, why, left in zip(vocab.CANNOT_WRITE_LINE, words, vocab.CANNOT_WRITE_KEPT[kept], strict=True)
    )
    failed = OutputWriteError(en, zh=zh)
    failed.path = target
    return failed


class SameContent(str):
    """An imported file's sha256 among check_output_path's inputs (Workspace.input_paths): an
    existing target holding these bytes is that input, wherever it now is (the folder moved or
    copied with its workspace, renamed, another drive letter)."""


def _sha256(path: Path) -> str | None:
    import hashlib

    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def check_output_path(target: Path, inputs: Iterable[str | Path], instead: str | None = None) -> None:
    """Refuse to overwrite an input file (or the workspace), or to write where no file can go (a
    missing folder, a folder's name): a command that writes two files checks both before either.
    `instead` is a name the refusal offers (the plan's: last week's plan, read by done, is an input).
    An input is a path, or an imported file's content (SameContent) an existing target holds. A report
    regiontool wrote is replaced though an import read it (io.read.is_own_report)."""
    inputs = list(inputs)
    contents = {p for p in inputs if isinstance(p, SameContent)}
    inputs = [p for p in inputs if not isinstance(p, SameContent)]
    resolved = Path(target).resolve()
    if not resolved.parent.is_dir():
        raise OutputError(
            f"folder {Path(target).parent} does not exist", zh=f"文件夹 {Path(target).parent} 不存在"
        )
    try:
        is_dir = resolved.is_dir()
    except OSError as exc:  # a name too long for the system
        raise cannot_write_file(target, exc) from exc
    if is_dir:
        raise OutputError(
            f"{target} is a folder",
            f"name the file to write, e.g. {target / ('结果' + (target.suffix or '.xlsx'))}",
            zh=f"{target} 是文件夹，请给出要写入的文件名，例如 {target / ('结果' + (target.suffix or '.xlsx'))}",
        )
    for p in inputs:
        try:
            same = Path(p).resolve() == resolved or (
                resolved.exists() and Path(p).exists() and os.path.samefile(p, resolved)
            )
        except OSError:
            same = False
        if same:
            break
    else:
        same = bool(contents) and resolved.is_file() and _sha256(resolved) in contents
    if same:
        from .read import is_own_report

        same = not is_own_report(resolved)  # an import of a report read nothing of its own
    if same:
        raise OutputError(
            f"{target} is an input file; refusing to overwrite it",
            f"choose another output name, e.g. {instead}" if instead else "choose another output name",
            zh=f"{target} 是输入文件，不能覆盖它；请换一个输出文件名"
            + (f"，例如 {instead}" if instead else ""),
        )


# What Excel refuses in a sheet name, and the C0 controls, which XML 1.0 cannot hold: a raw ESC in
# workbook.xml makes the whole workbook (its other sheets too) unopenable.
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Excel keeps this name for its change history: it will not name a sheet so and "repairs" a file holding one.
_SHEET_NAME_RESERVED = "History"


def _cannot_write(target: Path, exc: BaseException) -> OutputError:
    return OutputError(f"cannot write {target.name}: {exc}", zh=f"无法写入 {target.name}：{exc}")


def check_sheet_name(target: Path, name: str) -> None:
    """A sheet name the user chose (pivot --sheet), refused before anything is written when Excel
    would refuse it, when it is over Excel's 31 characters (cut, it would not be the name asked
    for), or when it is the hidden sheet regiontool keeps a pivot workbook's settings in."""
    _check_sheet_names(target, [name])


def _check_sheet_names(target: Path, names: list[str]) -> None:
    """Excel refuses a sheet name with [ ] : * ? / \\ or a control character, an empty one, one in
    quotes, History, or a repeat (ignoring case); the name of regiontool's hidden settings sheet is taken."""
    seen = set()
    for name in names:
        if name.casefold() == SPEC_SHEET.casefold():
            raise OutputError(
                f"cannot write {target.name}: the sheet name {name!r} is regiontool's own"
                " (the hidden sheet keeping a pivot workbook's settings)",
                "choose another name",
                zh=f"无法写入 {target.name}：工作表名 {name!r} 留给 regiontool 自己用"
                "（隐藏的透视表设置页）：请换一个名字",
            )
        if (
            not name
            or _SHEET_NAME_REFUSED.search(name)
            or name.startswith("'")
            or name.endswith("'")
            or name.casefold() == _SHEET_NAME_RESERVED.casefold()
        ):
            raise OutputError(
                f"cannot write {target.name}: Excel refuses the sheet name {name!r}",
                f"use a name without [ ] : * ? / \\ or control characters, not in quotes, not {_SHEET_NAME_RESERVED}",
                zh=f"无法写入 {target.name}：Excel 不接受工作表名 {name!r}；"
                f"名称中不能有 [ ] : * ? / \\ 或控制字符，首尾不能是引号，也不能叫 {_SHEET_NAME_RESERVED}",
            )
        if sheet_name_length(name) > SHEET_NAME_MAX:  # as Excel counts: 𠀀 or an emoji is two
            length = sheet_name_length(name)
            raise OutputError(
                f"cannot write {target.name}: the sheet name {name!r} has {length} characters;"
                f" Excel allows {SHEET_NAME_MAX}",
                "choose a shorter name",
                zh=f"无法写入 {target.name}：工作表名 {name!r} 有 {length} 个字符，Excel 最多允许 "
                f"{SHEET_NAME_MAX} 个：请换一个短一些的名字",
            )
        if name.lower() in seen:
            raise OutputError(
                f"cannot write {target.name}: two sheets are named {name!r}",
                zh=f"无法写入 {target.name}：有两张工作表都叫 {name!r}",
            )
        seen.add(name.lower())


def _close_workbook(wb: Any, target: Path) -> None:
    """xlsxwriter writes the file at close: the system's refusal (its FileCreateError holds the
    OSError) is atomic_path's to word; another refusal of xlsxwriter's is the 无法写入 line."""
    import xlsxwriter

    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, OSError):
            raise cause from exc
        raise _cannot_write(target, exc) from exc
    except Exception as exc:  # xlsxwriter raises several types for unwritable files
        raise _cannot_write(target, exc) from exc


@contextmanager
def _xlsxwriter_refusals(target: Path, wb: Any) -> Iterator[None]:
    """xlsxwriter's own refusals (a sheet name, a repeated one …) as the one-line 无法写入 error,
    never a traceback: nothing is flushed, and atomic_path removes the temporary file."""
    import xlsxwriter

    try:
        yield
    except xlsxwriter.exceptions.XlsxWriterException as exc:
        wb.fileclosed = True
        raise _cannot_write(target, exc) from exc


def write_xlsx(path: str | Path, sheets: list[Sheet], own: str | None = None) -> int:
    """Write formatted sheets (frozen bold header, filters, fitted widths); returns cells truncated.

    Frames go to the column-wise writer (io/xlsx.py) whole: no Python loop over cells.
    Text over Excel's 32,767-character limit is cut with an ellipsis and counted. `own`: the kind of
    an output that is no input (OWN_KINDS), kept in the hidden settings sheet (own_marker).
    """
    from .xlsx import TableSheet, write_workbook

    target = Path(path)
    specs = []
    _check_sheet_names(target, [fit_sheet_name(s.name) for s in sheets])
    for sheet in sheets:
        frame = sheet.frame.copy(deep=False)
        frame.columns = _unique([str(c) for c in frame.columns])
        widths = column_widths(frame, sheet.wrap_over)
        positions = {name: j for j, name in enumerate(frame.columns)}
        specs.append(
            TableSheet(
                name=fit_sheet_name(sheet.name),
                frame=frame,
                widths=widths,
                wrap={j for j, w in enumerate(widths) if w >= sheet.wrap_over},
                number_formats={positions[k]: v for k, v in sheet.number_formats.items() if k in positions},
                table=sheet.table,
                title_columns=title_columns(sheet, list(frame.columns), widths),
            )
        )
    if own:
        import pandas as pd

        specs.append(
            TableSheet(
                name=SPEC_SHEET, frame=pd.DataFrame(columns=[own_marker(own)]), widths=[10], hidden=True
            )
        )
    with atomic_path(target) as tmp, open(tmp, "wb") as out:
        return write_workbook(out, specs)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """The first and last of each run of consecutive row numbers (sorted)."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _unique(headers: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        h = str(h)
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        out.append(h)
    return out


def write_csv(
    path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ","
) -> None:
    """UTF-8 with BOM (so Excel and WPS show Chinese), formula-like text neutralised."""
    target = Path(path)
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([csv_text(str(h)) for h in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])


def csv_cell(value: Any) -> Any:
    """A cell as a spreadsheet shows it: a whole number without '.0' (a phone typed as a number
    is 13812345678, not 13812345678.0), TRUE and FALSE, text neutralised, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, bool) or type(value).__name__ == "bool_":  # as a spreadsheet writes it, not True
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return "" if value != value else whole_as_int(value)
    return value


# The largest whole number every float below holds exactly: a whole float under it is written as
# an integer in CSV, JSON and xlsx alike (a 16-digit card number typed as a number is
# 6222021234567890, not 6222021234567890.0); past it a float's digits are not the typed ones.
EXACT_WHOLE = 2**53


def whole_as_int(value: Any) -> Any:
    """A whole float below EXACT_WHOLE as an int; any other value as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_WHOLE:
        return int(value)
    return value


def whole_text(value: float) -> str:
    """A figure (money in yuan) in whole units as the workbook's #,##0 shows it: 46,201 for 46,200.5."""
    return f"{int(excel_round(value)):,}"


def percent_text(value: float, digits: int = 1, sign: bool = False) -> str:
    """A share as the workbook's 0.0% shows it, rounded half up as Excel rounds (excel_round):
    1/16 is 6.3% where '{:.1%}' gives the even 6.2%. `sign`: +6.3% / -6.3%, as '{:+.1%}'."""
    shown = f"{excel_round(abs(value) * 100, digits):.{digits}f}%"
    return ("-" if value < 0 else "+" if sign else "") + shown  # -0.0% for a slight fall, as Excel


# --- pivot workbooks (xlsxwriter: small sheets with native charts) -------------------

# xlsxwriter's options for every workbook it writes: data text stays text (never a formula, a
# number or a link), and its XML parts are built in memory, so a failed write leaves none in TMPDIR.
XLSXWRITER_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "in_memory": True,
}

SPEC_SHEET = "_regiontool"
# The outputs that are no input, marked by a hidden SPEC_SHEET whose first cell is own_marker(kind) (a
# pivot workbook's holds its pivots' settings): io.read.set_aside skips them in an import's glob.
# plan: a week's or month's plan (read back by `done`, never imported); report: the 区域报告 (imported
# alone as its 资源表; overwritten by any --out though an import read it); table: list, problems … --out.
# The resource table `export` writes has none: it is imported back, its edits taken.
OWN_KINDS = ("plan", "report", "table")


def own_marker(kind: str) -> str:
    import json

    return json.dumps({"regiontool": kind})


def _add_own_sheet(wb: Any, kind: str) -> None:
    """The hidden SPEC_SHEET of an xlsxwriter workbook that is no input (LibreOffice and Excel list it
    under 取消隐藏 only)."""
    ws = wb.add_worksheet(SPEC_SHEET)
    ws.write_string(0, 0, own_marker(kind))
    ws.hide()


@dataclass
class PivotSheet:
    """A pivot grid ready to write: what the analysis produced plus how to present it."""

    name: str
    title: str
    frame: Any  # pandas DataFrame: label columns, value columns, total column
    kinds: list[str]  # data, subtotal, total per row
    label_columns: int
    number_format: str  # "#,##0", "0.0%", "#,##0.0"
    column_formats: dict[str, str] = field(
        default_factory=dict
    )  # per column header, overriding number_format
    chart_columns: int | None = None  # value columns to chart (default: all but the total column)
    total_column: bool = True  # the last column is a 总计 column (bold, left out of scale and chart)
    colour_scale: bool = True
    counts: Any = None  # count grid shown beside a share grid
    counts_title: str = ""
    chart: bool = True
    empty_note: str = ""
    spec: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # lines written under the grid (verdicts …)
    autofilter: bool = False  # filter buttons on the header row (long lists)
    chart_series: list[int] | None = None  # value columns (0 = first) drawn side by side, not stacked
    value_axis: str | None = None  # the chart's value-axis title (default: the workbook's)
    chart_type: str = "bar"  # bar (horizontal), or column / line with the categories along the bottom
    full_bars: bool = True  # stacked shares add up to 100% in each bar (row shares): the axis stops there
    # One bar per value column, split by the rows (column shares: each column adds up to 100%), where
    # the default is one bar per row split by the columns.
    bars_by_column: bool = False
    # Pages side by side in print; None: as many as the widths need (a wide grid is not shrunk).
    # 1 for a list carried on the road (the plan): its name, contact and phone on one sheet.
    print_pages_wide: int | None = None
    max_column_width: int = MAX_WIDTH  # text wider than this wraps (narrower: a sheet fit to a page)


def write_pivot_workbook(path: str | Path, sheets: list[PivotSheet], chart_labels: dict[str, str]) -> None:
    """One formatted sheet per pivot: title, bold totals, colour scale, frozen panes, stacked bars."""
    import json

    import xlsxwriter

    target = Path(path)
    _check_sheet_names(
        target, [fit_sheet_name(s.name) for s in sheets]
    )  # the reason in words, before any file
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True, **XLSXWRITER_OPTIONS})
        fmt = _pivot_formats(wb)
        with _xlsxwriter_refusals(target, wb):  # e.g. a sheet name with / or [
            for sheet in sheets:
                _write_pivot_sheet(wb, fmt, sheet, chart_labels)
            spec_ws = wb.add_worksheet(SPEC_SHEET)
            spec_ws.write_string(0, 0, json.dumps([s.spec for s in sheets], ensure_ascii=False))
            spec_ws.hide()
        _close_workbook(wb, target)


def write_report_workbook(path: str | Path, items: list, chart_labels: dict[str, str]) -> int:
    """A workbook of formatted sheets with charts (PivotSheet) and big tables (Sheet), in order;
    returns the cells of the big tables cut at Excel's 32,767-character limit.

    The big tables go through the table writer (io/xlsx.py) and are grafted into the xlsxwriter book
    (io/graft.py): a 100,000-row 资源表 costs seconds, not half a minute.
    """
    import xlsxwriter

    from .graft import Graft, graft_sheets

    target = Path(path)
    big = [item for item in items if isinstance(item, Sheet)]
    with atomic_path(target) as tmp:
        small_path = tmp.with_name(tmp.name + ".small.xlsx")
        table_path = tmp.with_name(tmp.name + ".table.xlsx")
        try:
            wb = xlsxwriter.Workbook(str(small_path), {"nan_inf_to_errors": True, **XLSXWRITER_OPTIONS})
            fmt = _pivot_formats(wb)
            grafts, headers = [], {}
            with _xlsxwriter_refusals(target, wb):  # a sheet name xlsxwriter refuses
                for number, item in enumerate(items, start=1):
                    if isinstance(item, PivotSheet):
                        _write_pivot_sheet(wb, fmt, item, chart_labels)
                        continue
                    placeholder = wb.add_worksheet(fit_sheet_name(item.name))
                    placeholder.repeat_rows(0)
                    placeholder.set_landscape()
                    placeholder.fit_to_pages(1, 0)
                    columns = _unique([str(c) for c in item.frame.columns])
                    span = title_columns(item, columns, column_widths(item.frame, item.wrap_over))
                    if span:  # beside the header row in the placeholder's print titles
                        placeholder.repeat_columns(*span)
                    grafts.append(
                        Graft(
                            number,
                            big.index(item) + 1,
                            item.table if len(item.frame) else None,
                            n_rows=len(item.frame),
                        )
                    )
                    headers[number] = columns
                _add_own_sheet(wb, "report")
            _close_workbook(wb, target)
            cut = 0
            if big:
                cut = write_xlsx(table_path, [dataclasses.replace(s, table=None) for s in big])
                graft_sheets(small_path, table_path, tmp, grafts, headers)
            else:
                os.replace(small_path, tmp)
        finally:
            small_path.unlink(missing_ok=True)
            table_path.unlink(missing_ok=True)
    return cut


def _pivot_formats(wb) -> dict:
    base = {"font_name": "Microsoft YaHei", "font_size": 10}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 13}),
        "note": wb.add_format({**base, "italic": True, "font_color": "#595959"}),
        "note_wrap": wb.add_format(
            {**base, "italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}
        ),
        "header": wb.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        ),
        "label": wb.add_format({**base, "border": 1, "valign": "top"}),  # level with a wrapped neighbour
        "label_number": wb.add_format({**base, "border": 1, "valign": "top", "num_format": ID_FORMAT}),
        "label_date": wb.add_format({**base, "border": 1, "valign": "top", "num_format": DATE_FORMAT}),
        "label_wrap": wb.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"}),
        "label_total": wb.add_format({**base, "bold": True, "border": 1, "top": 2, "bg_color": "#F2F2F2"}),
        "label_sub": wb.add_format({**base, "bold": True, "border": 1, "bg_color": "#F7F7F7"}),
    }


def _num_formats(wb, cache: dict, number_format: str) -> dict:
    if number_format not in cache:
        base = {
            "font_name": "Microsoft YaHei",
            "font_size": 10,
            "num_format": number_format,
            "border": 1,
            "valign": "top",
        }
        cache[number_format] = {
            "data": wb.add_format(base),
            "total": wb.add_format({**base, "bold": True, "top": 2, "bg_color": "#F2F2F2"}),
            "sub": wb.add_format({**base, "bold": True, "bg_color": "#F7F7F7"}),
            "total_col": wb.add_format({**base, "bold": True}),
        }
    return cache[number_format]


def _write_grid(
    ws,
    wb,
    fmt,
    cache,
    frame,
    kinds,
    label_cols,
    number_format,
    first_row,
    first_col,
    column_formats: dict[str, str] | None = None,
    total_column: bool = True,
    max_width: int = MAX_WIDTH,
    heights: dict[int, float] | None = None,
) -> int:
    """Write header + rows; returns the number of columns used. `heights` gets the rows set taller."""
    header = [str(c) for c in frame.columns]
    # an id (企业编号) past the label columns — 客户排名's third column — is an id, not money (review r68 F5)
    ids = {label("company_id", lang) for lang in ("zh", "en")}
    defaults = [ID_FORMAT if h in ids else number_format for h in header]
    per_col = [
        _num_formats(wb, cache, (column_formats or {}).get(h, d))
        for h, d in zip(header, defaults, strict=True)
    ]
    for j, h in enumerate(header):
        ws.write_string(first_row, first_col + j, h, fmt["header"])
    values = frame.to_numpy(dtype=object).tolist()
    # money columns (render.mark_money) to the fen, as CSV and JSON: 42462388.24, not 42462388.24000005
    money = set(frame.attrs.get("money_columns", ()))
    for j in [j for j, h in enumerate(header) if h in money]:
        for row in values:
            if isinstance(row[j], float) and row[j] == row[j]:
                row[j] = excel_round(row[j], 2)
    # Text wider than a column may grow wraps (the width is capped at max_width).
    long_text = (max_width - 2) // 2  # a text this short fits even if every character is wide
    wrap = {
        j
        for j in range(len(header))
        if any(
            isinstance(row[j], str) and len(row[j]) > long_text and display_width(row[j]) > max_width - 2
            for row in values
        )
    }
    text_style = {j: fmt["label_wrap"] if j in wrap else fmt["label"] for j in range(len(header))}
    dates = date_columns([row for row, kind in zip(values, kinds, strict=True) if kind == "data"])
    for i, (row, kind) in enumerate(zip(values, kinds, strict=True)):
        r = first_row + 1 + i
        lines = max((_lines(row[j], max_width) for j in wrap if isinstance(row[j], str)), default=1)
        if lines > 1:  # a wrapped cell's row is as tall as its text (LibreOffice keeps 15 pt)
            ws.set_row(r, LINE_POINTS * lines + 2)
            if heights is not None:
                heights[r] = LINE_POINTS * lines + 2
        for j, v in enumerate(row):
            c = first_col + j
            if j in dates and kind == "data" and (day := as_date(v)) is not None:
                ws.write_datetime(r, c, day, fmt["label_date"])
                continue
            if j < label_cols:
                style = (
                    fmt["label_total"]
                    if kind == "total"
                    else fmt["label_sub"]
                    if kind == "subtotal"
                    else text_style[j]
                )
                if isinstance(v, int) and not isinstance(v, bool) and kind == "data":  # 企业编号, 排名
                    ws.write_number(r, c, v, fmt["label_number"])
                else:
                    ws.write_string(r, c, "" if v is None else str(v), style)
                continue
            nums = per_col[j]
            style = (
                nums["total"]
                if kind == "total"
                else nums["sub"]
                if kind == "subtotal"
                else (
                    nums["total_col"]
                    if total_column and j == len(row) - 1 and len(header) - label_cols > 1
                    else nums["data"]
                )
            )
            if v is None or (isinstance(v, float) and v != v):
                ws.write_blank(r, c, None, style)
            elif isinstance(v, str):
                ws.write_string(r, c, v, text_style[j])
            else:
                ws.write_number(r, c, float(v), style)
    return len(header)


def _write_pivot_sheet(wb, fmt: dict, sheet: PivotSheet, chart_labels: dict[str, str]) -> None:
    ws = wb.add_worksheet(fit_sheet_name(sheet.name))
    ws.write_string(0, 0, sheet.title, fmt["title"])
    if sheet.empty_note:  # one line, whole in print: wrapped in a column that prints at full size
        width = min(max(display_width(sheet.title), display_width(sheet.empty_note)) + 2, NOTE_WIDTH)
        ws.set_column(0, 0, width)
        ws.write_string(2, 0, sheet.empty_note, fmt["note_wrap"])
        ws.set_row(2, LINE_POINTS * _lines(sheet.empty_note, width) + 2)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        return
    cache: dict = {}
    frame, label_cols = sheet.frame, sheet.label_columns
    first = 2
    heights: dict[int, float] = {0: 20}  # the title's larger type
    n_cols = _write_grid(
        ws,
        wb,
        fmt,
        cache,
        frame,
        sheet.kinds,
        label_cols,
        sheet.number_format,
        first,
        0,
        sheet.column_formats,
        sheet.total_column,
        sheet.max_column_width,
        heights,
    )
    n_rows = len(frame)
    data_rows = [i for i, k in enumerate(sheet.kinds) if k == "data"]
    charted = sheet.chart and label_cols == 1 and _has_numbers(frame, data_rows[:CHART_BARS_MAX], label_cols)
    plan = _chart_plan(sheet, data_rows, chart_labels.get("lang", "zh")) if charted else None
    notes = [*sheet.notes, *(plan.notes if plan else [])]  # the chart's own say what it leaves out
    # Column widths that fit Chinese text.
    widths: list[float] = []
    for j, col in enumerate(frame.columns):
        col_format = sheet.column_formats.get(str(col), sheet.number_format) if j >= label_cols else ""
        values = set(frame.iloc[:, j].tolist())  # each distinct value measured once
        texts = {str(col)} | {_cell_text(v, col_format) for v in values}
        widths.append(min(max(max(map(display_width, texts)) + 2, 7), sheet.max_column_width))
        ws.set_column(j, j, widths[-1])
    body_last_col = n_cols - 2 if sheet.total_column and n_cols - label_cols > 1 else n_cols - 1
    if sheet.colour_scale and data_rows and body_last_col >= label_cols:
        # one scale over the data rows only: a subtotal (汇总) row's sums would pale every leaf cell
        scale = {"type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#5B9BD5"}
        from xlsxwriter.utility import xl_rowcol_to_cell

        blocks = _runs(data_rows)
        if len(blocks) > 1:
            scale["multi_range"] = " ".join(
                f"{xl_rowcol_to_cell(first + 1 + a, label_cols)}:{xl_rowcol_to_cell(first + 1 + b, body_last_col)}"
                for a, b in blocks
            )
        a, b = blocks[0]
        ws.conditional_format(first + 1 + a, label_cols, first + 1 + b, body_last_col, scale)
    ws.freeze_panes(first + 1, label_cols)
    if sheet.autofilter and data_rows:  # the list's rows: a total row under them stays put
        ws.autofilter(first, 0, first + 1 + data_rows[-1], n_cols - 1)
    right = n_cols + 1
    if sheet.counts is not None:
        ws.write_string(first - 1, right, sheet.counts_title, fmt["note"])
        used = _write_grid(ws, wb, fmt, cache, sheet.counts, sheet.kinds, label_cols, "#,##0", first, right)
        for j in range(used):
            ws.set_column(right + j, right + j, 10)
        widths += [8.43] + [10] * used
        right += used + 1
    # The chart beside the grid when both print at full size on one page's width, else below the
    # grid: a chart beside a grid that needs a second page would be cut where the pages meet, and
    # one beside a grid it would shrink leaves the grid's type small (the chart below never is: a
    # page break goes before it when the grid's page cannot hold it).
    beside = [*widths, 8.43, STACKED_CHART_WIDTH * CHART_CHARS_PER_PIXEL]
    beside_points = sum(map(column_points, widths)) + column_points(8.43) + _chart_width(sheet) * 0.75
    below = (
        charted
        and sheet.print_pages_wide is None
        and (pages_wide(beside) > 1 or print_scale(beside_points, 1) < BESIDE_SCALE)
    )
    notes_row = first + n_rows + 2
    chart_height = _chart_height(sheet, plan)
    if charted:  # never taller than a printed page; notes go below the chart, not under it
        header = heights.get(first, ROW_POINTS)
        pages = sheet.print_pages_wide or pages_wide(widths if below else beside)
        page = _page_points(sheet, widths, below, pages)
        chart_height = min(chart_height, int((page - max(header, 35) - ROW_POINTS) / 0.75))
        top = notes_row if below else first
        notes_row = max(notes_row, top + chart_height // 20 + 2)
    # Pages side by side repeat the label columns (below). LibreOffice prints with them whatever lies
    # over them, so what is under the grid starts right of them: a chart or note from column A would
    # print a sliver of itself on every further page (review r54), one page holding nothing else.
    pages = sheet.print_pages_wide or pages_wide(widths if below or not charted else beside)
    lead = label_cols if pages > 1 else 0
    # Notes wrap across the printed width (the grid's columns, or up to the chart's right edge beside
    # it): a note running on into empty cells is cut where the printed columns end.
    note_cols = list(widths)
    if charted and not below:
        note_cols += [8.43] * (right - len(note_cols) + math.ceil(_chart_width(sheet) / 64))
    last_col = max(lead + 1, len(note_cols)) - 1
    while (
        last_col > lead
        and sum(note_cols[lead : last_col + 1]) > NOTE_WIDTH
        and sum(note_cols[lead:last_col]) >= NOTE_WIDTH
    ):
        last_col -= 1  # a very wide grid: a note column no wider than a page prints whole
    for i, line in enumerate(notes):
        r = notes_row + i
        if last_col > lead:
            ws.merge_range(r, lead, r, last_col, line, fmt["note_wrap"])
        else:
            ws.write_string(r, lead, line, fmt["note_wrap"])
        lines = _lines(line, sum(note_cols[lead : last_col + 1]))
        if lines > 1:
            heights[r] = LINE_POINTS * lines + 2
            ws.set_row(r, heights[r])
    if charted:  # the grid shown (shares beside counts: the shares); no chart of nothing but zeros
        anchor = (first + n_rows + 2, lead) if below else (first, right)
        if plan.rest:  # the folded segment's figures, hidden, past the notes (or right of the chart)
            plan.at = notes_row + len(notes) + 1 if sheet.bars_by_column else right + 20
            _write_rest(ws, sheet, plan, first)
        # (a few pixels in from column B: the frame's line drawn on the edge would print in column A)
        inset = 3 if below and lead else 0
        _stacked_bars(wb, ws, sheet, frame, plan, first, 0, anchor, chart_labels, chart_height, inset)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    # Wide: side by side, not shrunk. A charted sheet that fits one page tall at the scale its width
    # allows, or at four fifths of it, prints on one page, so the chart is never cut where two pages
    # meet; a longer one starts the chart on a new page when the rest of the grid's page cannot hold it.
    last = notes_row + len(notes)
    tall = 1 if charted and sum(heights.get(r, ROW_POINTS) for r in range(last)) <= page * 1.25 else 0
    if (
        charted
        and below
        and not tall
        and chart_height * 0.75 + ROW_POINTS > _room_left(heights, anchor[0], page, first)
    ):
        ws.set_h_pagebreaks([anchor[0]])
    widths = widths if below or not charted else beside
    ws.fit_to_pages(pages, tall)
    ws.repeat_rows(first)
    if pages > 1:  # pages side by side: each says whose row it is
        ws.repeat_columns(0, label_cols - 1)
        # The title in A1 would print cut at column A's width on the pages to the right (the
        # repeated column holds its start, the cells it runs into are on the first page): print
        # from the header down, the chart included, and give every page the whole title in its
        # page header instead. (notes_row is below the chart already.)
        last_col = len(widths) - 1
        if charted:
            start = right if not below else lead
            last_col = max(last_col, _column_at(widths, start, _chart_width(sheet)))
        top = first - 1 if sheet.counts is not None else first  # the counts grid's own label
        ws.print_area(top, 0, max(last - 1, first), last_col)
        ws.set_header("&C&12" + sheet.title.replace("&", "&&")[:HEADER_TEXT_MAX])


# Excel's limit on a page header's text is 255 characters, its codes (&C&12) included.
HEADER_TEXT_MAX = 240


def _column_at(widths: list[float], start: int, pixels: int) -> int:
    """The column where something `pixels` wide placed at column `start` ends (columns past the
    widths given have the default width, 64 pixels)."""
    col, left = start, pixels
    while True:
        w = widths[col] if col < len(widths) else 8.43
        left -= int(w * 7 + 0.5) + 5 if w >= 1 else int(w * 12 + 0.5)
        if left <= 0:
            return col
        col += 1


def draws_a_bar(v: Any) -> bool:
    """Whether a chart would draw this cell: a number other than 0 (not NaN, not a boolean)."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v and v != 0


def _has_numbers(frame: Any, rows: list[int], label_cols: int) -> bool:
    """Whether these rows hold a number other than 0 right of the labels (a chart has bars)."""
    return any(
        draws_a_bar(v) for row in frame.iloc[rows, label_cols:].to_numpy(dtype=object).tolist() for v in row
    )


def _cell_text(v: Any, number_format: str) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "%" in number_format:
            return percent_text(v)
        return f"{v:,.1f}" if ".0" in number_format else whole_text(v)
    return str(v)


# A readable chart: at most this many bars (the grid holds the rest), and this many segments in a
# stacked bar, the rest folded into one (其余 N 项) so each bar keeps its whole length: a legend one
# can read, and a colour of the palette each. Notes on the sheet say what a chart leaves out.
CHART_BARS_MAX = 40
CHART_SEGMENTS_MAX = 11


@dataclass
class ChartPlan:
    """What a sheet's chart draws of its grid: bars (rows; value columns for bars by column, 0 =
    first), segments (value columns; data rows for bars by column) drawn as they are, and the
    segments folded into one, whose figures are written hidden at row or column `at`."""

    bars: list[int]
    segments: list[int]
    rest: list[int]
    rest_label: str
    notes: list[str]
    at: int = -1


def _chart_plan(sheet: PivotSheet, data_rows: list[int], lang: str) -> ChartPlan:
    from .. import vocab

    n_value_cols = sheet.frame.shape[1] - sheet.label_columns
    if sheet.chart_columns is not None:
        n_value_cols = sheet.chart_columns + (1 if sheet.chart_columns > 1 else 0)
    value_cols = list(range(n_value_cols - 1)) if n_value_cols > 1 else [0]
    en = lang == "en"
    if sheet.bars_by_column:  # a bar per value column, a segment per row
        bars, segments, words = value_cols, data_rows, ("chart_columns", "chart_rows")
    else:
        bars, segments, words = data_rows, value_cols, ("chart_rows", "chart_columns")
    vertical = sheet.chart_type in ("column", "line")
    foldable = sheet.bars_by_column or (len(value_cols) > 1 and not sheet.chart_series and not vertical)
    kept = segments[: CHART_SEGMENTS_MAX - 1] if foldable and len(segments) > CHART_SEGMENTS_MAX else segments
    rest = segments[len(kept) :]
    other = vocab.label("top_rest", lang).format(n=len(rest))
    notes = []
    if len(bars) > CHART_BARS_MAX:
        unit, what = vocab.WORDS[words[0]]
        template = vocab.WORDS["chart_bars_cut"][en]
        notes.append(vocab.fill(template, shown=CHART_BARS_MAX, n=len(bars), unit=unit, what=what))
    if rest:
        unit, what = vocab.WORDS[words[1]]
        template = vocab.WORDS["chart_segments_folded"][en]
        notes.append(vocab.fill(template, shown=len(kept), rest=len(rest), unit=unit, what=what, other=other))
    return ChartPlan(bars[:CHART_BARS_MAX], kept, rest, other, notes)


def _write_rest(ws, sheet: PivotSheet, plan: ChartPlan, first: int) -> None:
    """The folded segment's figures, a hidden row (bars by column) or column the chart reads."""
    frame, label_cols = sheet.frame, sheet.label_columns

    def number(i: int, j: int) -> float:
        v = frame.iat[i, label_cols + j]
        return float(v) if draws_a_bar(v) else 0.0

    if sheet.bars_by_column:
        ws.set_row(plan.at, None, None, {"hidden": True})
        ws.write_string(plan.at, 0, plan.rest_label)
        for j in plan.bars:
            ws.write_number(plan.at, label_cols + j, sum(number(i, j) for i in plan.rest))
        return
    ws.set_column(plan.at, plan.at, None, None, {"hidden": True})
    ws.write_string(first, plan.at, plan.rest_label)
    for i in plan.bars:
        ws.write_number(first + 1 + i, plan.at, sum(number(i, j) for j in plan.rest))


def _stacked_bars(
    wb,
    ws,
    sheet: PivotSheet,
    source,
    plan: ChartPlan,
    first: int,
    src_col: int,
    anchor: tuple[int, int],
    labels: dict[str, str],
    height: int,
    x_offset: int = 0,
) -> None:
    """Native stacked bars: one bar per row value, one segment per column value; the chart's top
    left corner at the cell `anchor` (row, column), `x_offset` pixels right of its left edge."""
    n_value_cols = source.shape[1] - sheet.label_columns
    if sheet.chart_columns is not None:
        n_value_cols = sheet.chart_columns + (1 if sheet.chart_columns > 1 else 0)
    two_way = n_value_cols > 1
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"} if two_way else {"type": "bar"})
    rows = plan.segments if sheet.bars_by_column else plan.bars
    r0, r1 = first + 1 + rows[0], first + 1 + rows[-1]
    series_cols = plan.segments if two_way else range(1)
    if sheet.chart_series:
        chart = wb.add_chart({"type": "bar"})
        series_cols, two_way = sheet.chart_series, len(sheet.chart_series) > 1
    vertical = sheet.chart_type in ("column", "line")
    if vertical:  # months and the like: categories along the bottom, in their order
        chart = wb.add_chart({"type": sheet.chart_type})
    palette = [
        "#4472C4",
        "#ED7D31",
        "#A5A5A5",
        "#FFC000",
        "#5B9BD5",
        "#70AD47",
        "#264478",
        "#9E480E",
        "#636363",
        "#997300",
        "#BFBFBF",
    ]
    name = ws.get_name()
    if sheet.bars_by_column:  # series: the rows; categories: the value columns' headers
        c0 = src_col + sheet.label_columns
        c1 = c0 + plan.bars[-1]
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for n, r in enumerate([first + 1 + i for i in rows] + ([plan.at] if plan.rest else [])):
            chart.add_series(
                {
                    "name": [name, r, src_col],
                    "categories": [name, first, c0, first, c1],
                    "values": [name, r, c0, r, c1],
                    "fill": {"color": palette[n % len(palette)]},
                    "gap": 60,
                }
            )
        two_way = True
        value_names = [str(source.columns[sheet.label_columns])]
    else:
        value_names = [str(source.columns[sheet.label_columns + k]) for k in series_cols]
    for k in () if sheet.bars_by_column else series_cols:
        col = src_col + sheet.label_columns + k
        by_position = vertical or sheet.chart_series  # a few chosen series: distinct colours
        colour = (
            palette[list(series_cols).index(k) % len(palette)] if by_position else palette[k % len(palette)]
        )
        look = (
            {"line": {"color": colour, "width": 2.25}, "marker": {"type": "circle", "size": 5}}
            if sheet.chart_type == "line"
            else {"fill": {"color": colour}, "gap": 60}
        )
        chart.add_series(
            {
                "name": [name, first, col],
                "categories": [name, r0, src_col, r1, src_col],
                "values": [name, r0, col, r1, col],
                **look,
            }
        )
    if plan.rest and not sheet.bars_by_column:  # the folded columns: one segment, the palette's last
        chart.add_series(
            {
                "name": [name, first, plan.at],
                "categories": [name, r0, src_col, r1, src_col],
                "values": [name, r0, plan.at, r1, plan.at],
                "fill": {"color": palette[-1]},
                "gap": 60,
            }
        )
    if plan.rest:
        chart.show_hidden_data()  # the folded segment's figures are in a hidden row or column
    font = {"name": "Microsoft YaHei", "size": 9}
    percent = all(sheet.column_formats.get(n, sheet.number_format).endswith("%") for n in value_names)
    chart.set_title({"name": sheet.title, "name_font": {"name": "Microsoft YaHei", "size": 11, "bold": True}})
    value_axis = {
        "name": sheet.value_axis or labels.get("value_axis", ""),
        "num_font": font,
        "num_format": "0%" if percent else "#,##0",
        # stacked shares of each row (of each column, for bars by column): 100%
        **(
            {"max": 1}
            if percent and two_way and (sheet.full_bars or sheet.bars_by_column) and not sheet.chart_series
            else {}
        ),
        "name_font": font,
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }
    category_axis = {
        "name": labels.get("category_axis", ""),
        "num_font": font,
        "name_font": font,
        "label_position": "low",  # beside the value axis' low end: never over a negative bar
    }
    if vertical:
        chart.set_x_axis(category_axis)
        chart.set_y_axis(value_axis)
        chart.set_legend({"position": "bottom", "font": font})
        chart.set_size({"width": _chart_width(sheet), "height": height})
        ws.insert_chart(*anchor, chart, {"x_offset": x_offset})
        return
    chart.set_x_axis(value_axis)
    chart.set_y_axis({**category_axis, "reverse": True})
    chart.set_legend({"position": "bottom", "font": font} if two_way else {"none": True})
    chart.set_size({"width": _chart_width(sheet), "height": height})
    ws.insert_chart(*anchor, chart, {"x_offset": x_offset})


def _chart_width(sheet: PivotSheet) -> int:
    """Pixels."""
    return STACKED_CHART_WIDTH if sheet.chart_type in ("line", "column") else BAR_CHART_WIDTH


def _page_points(sheet: PivotSheet, widths: list[float], below: bool, pages: int) -> float:
    """Sheet points (at 100 %) one printed page `pages` pages wide holds down, the chart beside or
    below the grid of these column widths."""
    grid = sum(column_points(w) for w in widths)
    chart = _chart_width(sheet) * 0.75
    width = max(grid, chart) if below else grid + column_points(8.43) + chart
    return PAGE_HEIGHT_POINTS / print_scale(width, pages)


def _room_left(heights: dict[int, float], row: int, page: float, header_row: int) -> float:
    """Points left on the printed page where `row` starts: pages after the first begin with the
    repeated header row."""
    used = 0.0
    for r in range(row):
        h = heights.get(r, ROW_POINTS)
        if used + h > page:
            used = heights.get(header_row, ROW_POINTS)
        used += h
    return page - used


def _chart_height(sheet: PivotSheet, plan: ChartPlan | None) -> int:
    """Pixels: a fixed height for column/line charts, one bar per row (up to 40) for bar charts, or
    one per value column (up to 40), with a legend of the rows, for bars by column."""
    if plan is None:
        return 0
    if sheet.chart_type in ("line", "column"):
        return 360
    if sheet.bars_by_column:
        segments = len(plan.segments) + (1 if plan.rest else 0)
        return max(320, 22 * len(plan.bars) + 140 + 16 * math.ceil(segments / 6))
    return max(320, 22 * len(plan.bars) + 140)


# --- plan workbooks (regiontool plan): printable forms --------------------------------

LINE_POINTS = 16  # row height per line of wrapped text: CJK fonts need more than Excel's default 15


@dataclass
class FormSheet:
    """A printable form: a title, then blocks of (heading, table); text wraps, rows grow to fit.

    Printing: landscape A4, fit to the page width, a page break before each block but the
    first (one manager's day per page). `fixed` columns get that width and wrap; the rest
    fit their longest text up to MAX_WIDTH. `fill` columns are left for the user to write in.
    """

    name: str
    title: str
    blocks: list[tuple[str, Any]]  # (heading or "", pandas DataFrame)
    fixed: dict[str, float] = field(default_factory=dict)
    fill: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # lines under the title
    break_blocks: bool = False
    min_lines: int = 1  # rows at least this many lines high (a calendar grid's day cells)
    shade: dict[int, set[tuple[int, int]]] = field(default_factory=dict)  # block → (row, col) greyed
    freeze_header: bool = True  # the first table's header row stays in view when scrolling
    hidden: bool = False  # a sheet for the tool, not for people (the plan's remarks as written)


def write_plan_workbook(path: str | Path, sheets: list[FormSheet]) -> None:
    """Forms for people to print and fill in (日工作待办单, 行事月历 …), written atomically."""
    import xlsxwriter

    target = Path(path)
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "top"}
        fmt = {
            "title": wb.add_format({**base, "bold": True, "font_size": 14}),
            "heading": wb.add_format({**base, "bold": True, "font_size": 11}),
            "note": wb.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True}),
            "header": wb.add_format(
                {
                    **base,
                    "bold": True,
                    "bg_color": "#DDEBF7",
                    "border": 1,
                    "text_wrap": True,
                    "align": "center",
                }
            ),
            "cell": wb.add_format({**base, "border": 1, "text_wrap": True}),
            "fill": wb.add_format({**base, "border": 1, "text_wrap": True, "bg_color": "#FFF9E5"}),
            "shade": wb.add_format({**base, "border": 1, "text_wrap": True, "bg_color": "#F2F2F2"}),
        }
        for style in ("cell", "fill", "shade"):  # the same cells holding a date
            fmt[f"{style}_date"] = wb.add_format(
                {**base, "border": 1, "num_format": DATE_FORMAT}
                | ({"bg_color": "#FFF9E5"} if style == "fill" else {})
                | ({"bg_color": "#F2F2F2"} if style == "shade" else {})
            )
        with _xlsxwriter_refusals(target, wb):
            for sheet in sheets:
                _write_form_sheet(wb, fmt, sheet)
            _add_own_sheet(wb, "plan")
        _close_workbook(wb, target)


def _form_widths(sheet: FormSheet) -> list[float]:
    header = [str(c) for c in sheet.blocks[0][1].columns] if sheet.blocks else []
    widths = []
    for j, h in enumerate(header):
        if h in sheet.fixed:
            widths.append(float(sheet.fixed[h]))
            continue
        longest = display_width(h)
        for _heading, frame in sheet.blocks:
            for v in frame.iloc[:, j]:
                text = "" if v is None or v != v else str(v)
                longest = max([longest, *(display_width(line) for line in text.split("\n"))])
        widths.append(float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def _lines(text: str, width: float) -> int:
    """Lines a text takes in a wrapped cell of this width (CJK counted double)."""
    room = max(int(width) - 1, 1)
    return sum(max(1, -(-display_width(part) // room)) for part in text.split("\n"))


def _write_form_sheet(wb, fmt: dict, sheet: FormSheet) -> None:
    ws = wb.add_worksheet(fit_sheet_name(sheet.name))
    if sheet.hidden:
        ws.hide()
    widths = _form_widths(sheet)
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.write_string(0, 0, excel_text(sheet.title)[0], fmt["title"])
    ws.set_row(0, 24)
    r = 1
    total = sum(widths)
    for line in sheet.notes:  # merged across the table and wrapped: a long note is never cut in print
        text = excel_text(line)[0]
        if len(widths) > 1:
            ws.merge_range(r, 0, r, len(widths) - 1, text, fmt["note"])
        else:
            ws.write_string(r, 0, text, fmt["note"])
        ws.set_row(r, LINE_POINTS * _lines(text, total) + 2)
        r += 1
    r += 1
    breaks = []
    for b, (heading, frame) in enumerate(sheet.blocks):
        if b and sheet.break_blocks:
            breaks.append(r)
        if heading:
            ws.write_string(r, 0, excel_text(heading)[0], fmt["heading"])
            r += 1
        header = [str(c) for c in frame.columns]
        if len(sheet.blocks) == 1:
            ws.repeat_rows(r)  # a long single table: its header on every printed page
        for j, h in enumerate(header):
            ws.write_string(r, j, h, fmt["header"])
        if b == 0 and sheet.freeze_header:
            ws.freeze_panes(r + 1, 0)
        ws.set_row(r, LINE_POINTS * max(_lines(h, widths[j]) for j, h in enumerate(header)))
        r += 1
        shaded = sheet.shade.get(b, set())
        values = frame.to_numpy(dtype=object).tolist()
        dates = date_columns(values)
        for i, row in enumerate(values):
            lines = sheet.min_lines
            for j, v in enumerate(row):
                kind = "shade" if (i, j) in shaded else "fill" if header[j] in sheet.fill else "cell"
                style = fmt[kind]
                if j in dates and (day := as_date(v)) is not None:
                    ws.write_datetime(r, j, day, fmt[f"{kind}_date"])
                elif v is None or (isinstance(v, float) and v != v):
                    ws.write_blank(r, j, None, style)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, j, v, style)
                else:
                    text = excel_text(str(v))[0]
                    ws.write_string(r, j, text, style)
                    lines = max(lines, _lines(text, widths[j]))
            ws.set_row(r, LINE_POINTS * lines + 4)
            r += 1
        r += 1
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C&P / &N")
