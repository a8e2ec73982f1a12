"""Tables → workbooks and CSV files people can open: the only code that knows the xlsx writers.

The big resource table goes through rustpy-xlsxwriter (a Rust writer: 100,000 rows ×
25 columns in about 4 s, where Python xlsxwriter needs about 30 s). It writes every
text as an inline string, so text that starts with = + - @ can never become a formula.
Every file is written to a temporary name beside the target and renamed into place.
"""

from __future__ import annotations

import csv
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import OutputError

EXCEL_CELL_LIMIT = 32_767
MIN_WIDTH, MAX_WIDTH = 6, 50
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """One worksheet: a header and rows of plain values (str, int, float, None)."""

    name: str
    header: list[str]
    rows: Sequence[Sequence[Any]]
    wrap_over: int = MAX_WIDTH  # columns wider than this wrap instead of growing
    bold_rows: set[int] = field(default_factory=set)  # 0-based data rows to bold (totals)
    number_formats: dict[str, str] = field(default_factory=dict)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(sheet: Sheet, sample: int = 2000) -> list[float]:
    widths = []
    for j, head in enumerate(sheet.header):
        longest = display_width(str(head)) + 2  # room for the filter button
        for row in sheet.rows[:sample]:
            value = row[j] if j < len(row) else None
            if value is not None and value == value:
                text = value if isinstance(value, str) else _number_text(value)
                longest = max(longest, max(display_width(line) for line in text.split("\n")))
        widths.append(float(min(max(longest + 1, MIN_WIDTH), sheet.wrap_over)))
    return widths


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)


def excel_text(value: str) -> tuple[str, bool]:
    """Text safe for a cell: control characters dropped, cut at Excel's limit (flag says so)."""
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("", value)
    if len(value) > EXCEL_CELL_LIMIT:
        return value[: EXCEL_CELL_LIMIT - 1] + "…", True
    return value, False


def csv_text(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP: prefix a quote)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@contextmanager
def atomic_path(target: Path) -> Any:
    """Yield a temporary path beside target; rename it over target only on success."""
    target = Path(target)
    if not target.parent.exists():
        raise OutputError(f"folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix or ".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output_path(target: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to overwrite an input file (or the workspace)."""
    resolved = Path(target).resolve()
    for p in inputs:
        try:
            same = Path(p).resolve() == resolved or (
                resolved.exists() and Path(p).exists() and os.path.samefile(p, resolved)
            )
        except OSError:
            same = False
        if same:
            raise OutputError(
                f"{target} is an input file; refusing to overwrite it", "choose another output name"
            )


def _prepare_rows(sheet: Sheet) -> tuple[list[list[Any]], int]:
    truncated = 0
    out = []
    for row in sheet.rows:
        clean = []
        for value in row:
            if isinstance(value, str):
                value, cut = excel_text(value)
                truncated += cut
                clean.append(value if value else None)
            elif isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
                clean.append(None)
            else:
                clean.append(value)
        out.append(clean)
    return out, truncated


def write_xlsx(path: str | Path, sheets: list[Sheet]) -> int:
    """Write formatted sheets (frozen bold header, filters, fitted widths); returns cells truncated."""
    import rustpy_xlsxwriter as rx

    target = Path(path)
    truncated = 0
    with atomic_path(target) as tmp:
        book = rx.FastExcel(str(tmp)).freeze(row=1)
        header_format = rx.Format().set_bold().set_background_color("#DDEBF7").set_text_wrap()
        for sheet in sheets:
            rows, cut = _prepare_rows(sheet)
            truncated += cut
            widths = column_widths(sheet)
            headers = _unique(sheet.header)
            wrap = rx.Format().set_text_wrap().set_align("top")
            formats = {h: wrap for h, w in zip(headers, widths, strict=True) if w >= sheet.wrap_over}
            for name, fmt in sheet.number_formats.items():
                if name in headers:
                    formats[name] = rx.Format().set_num_format(fmt)
            records = _records(headers, rows) if rows else [dict.fromkeys(headers)]
            book.sheet(
                sheet.name[:31],
                records,
                column_widths=widths,
                header_format=header_format,
                column_formats=formats or None,
                autofilter=True,
                row_formats={i + 1: rx.Format().set_bold() for i in sheet.bold_rows} or None,
            )
        try:
            book.save()
        except (RuntimeError, ValueError, OSError) as exc:
            raise OutputError(f"cannot write {target.name}: {exc}") from exc
    return truncated


def _records(headers: list[str], rows: list[list[Any]]) -> Iterable[dict[str, Any]]:
    for row in rows:
        yield dict(zip(headers, row, strict=False))


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
            writer.writerow(["" if v is None else csv_text(v) if isinstance(v, str) else v for v in row])
