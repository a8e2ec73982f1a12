"""Excel's XML Spreadsheet 2003 (SpreadsheetML), which older business systems export as `.xls`.

The file is one XML document: Workbook → Worksheet (ss:Name) → Table → Row → Cell → Data. A row or
cell may say where it stands (ss:Index, 1-based) after skipped ones; a cell may span the cells to its
right and below (ss:MergeAcross, ss:MergeDown): its value is in its first cell, the others read blank,
as calamine reads merged cells. Parsed with DTDs refused (defusedxml), like every XML part this tool
reads.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from ..errors import FileReadError
from .read import RawSheet

_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{_NS}}}"
_MAX_COLUMNS = 16_384  # Excel's: a larger ss:Index is damage, not a sheet
_MAX_ROWS = 1_048_576


def looks_like_spreadsheetml(text: str) -> bool:
    """Whether a text file is an XML Spreadsheet 2003: its namespace on the Workbook element (written
    with a prefix or not), in its first 64 KB (a long comment or style block may come first)."""
    head = text[:65536]
    return head.lstrip().startswith("<") and _NS in head and _WORKBOOK.search(head) is not None


_WORKBOOK = re.compile(r"<(?:[\w.-]+:)?Workbook\b")
_EXCEL = "{urn:schemas-microsoft-com:office:excel}"


def read_spreadsheetml(path: Path, text: str, max_cells: int) -> list[RawSheet]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:  # a str: its declared encoding (GB2312, UTF-16) is the one the text was read in already
        root = fromstring(text, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise FileReadError(
            f"{path.name}: an XML Spreadsheet 2003 file that cannot be read ({exc})",
            "open it in Excel or WPS, save it as .xlsx and retry",
            zh=f"{path.name}：XML 表格（Excel 2003 XML）无法读取，请用 Excel 或 WPS 打开、另存为 .xlsx 后重试",
        ) from None
    sheets = [_sheet(path.name, ws, n, max_cells) for n, ws in enumerate(root.iter(f"{_SS}Worksheet"))]
    if not sheets:
        raise FileReadError(
            f"{path.name}: an XML Spreadsheet 2003 file without a worksheet",
            zh=f"{path.name}：这个 XML 表格（Excel 2003 XML）里没有工作表",
        )
    return sheets


def _sheet(file: str, ws, n: int, max_cells: int) -> RawSheet:
    name = ws.get(f"{_SS}Name") or f"Sheet{n + 1}"
    table = ws.find(f"{_SS}Table")
    rows_of = list(table.iter(f"{_SS}Row")) if table is not None else []
    height, width = _extent(file, rows_of)
    if height * width > max_cells:  # as an .xlsx's sheet is checked (zipcheck): the rows are made whole
        raise FileReadError(
            f"{file}: a sheet ({name}) spans {height:,} rows × {width:,} columns, over the limit of "
            f"{max_cells:,} cells",
            "delete stray cells far from the table (Ctrl+End shows the last one) and save, or raise --max-size",
            zh=f"{file}：有一张工作表（{name}）占了 {height:,} 行 × {width:,} 列，超过 {max_cells:,} 个单元格的上限；"
            "请删掉远离表格的零散单元格（Ctrl+End 可找到最后一个）后保存，或调大 --max-size",
        )
    hidden_columns = _hidden_columns(table)
    visible = ws.find(f"{_EXCEL}WorksheetOptions/{_EXCEL}Visible")
    hidden = visible is not None and (visible.text or "").strip() in ("SheetHidden", "SheetVeryHidden")
    rows: list[list] = []
    merges: list[tuple[int, int, int, int]] = []
    for row in rows_of:
        at = _index(file, row, len(rows), _MAX_ROWS)
        while len(rows) < at:
            rows.append([])
        cells: list = []
        for cell in row.iter(f"{_SS}Cell"):
            col = _index(file, cell, len(cells), _MAX_COLUMNS)
            cells.extend([None] * (col - len(cells)))
            cells.append(_value(cell.find(f"{_SS}Data")))
            across, down = (_count(cell, f"{_SS}{k}") for k in ("MergeAcross", "MergeDown"))
            if across or down:
                merges.append((at, col, at + down, col + across))
                cells.extend([None] * across)
        rows.append(cells)
    width = max(map(len, rows), default=0)
    for cells in rows:
        cells.extend([None] * (width - len(cells)))
    return RawSheet(name, rows, merges, hidden=hidden, hidden_columns=hidden_columns)


def _hidden_columns(table) -> frozenset[int]:
    """The 0-based columns the Table's Column elements hide (ss:Hidden="1", over ss:Span more)."""
    hidden: set[int] = set()
    at = 0
    for column in table.findall(f"{_SS}Column") if table is not None else ():
        written = (column.get(f"{_SS}Index") or "").strip()
        at = int(written) - 1 if written.isdigit() and 0 < int(written) <= _MAX_COLUMNS else at
        span = 1 + min(_count(column, f"{_SS}Span"), _MAX_COLUMNS)
        if (column.get(f"{_SS}Hidden") or "").strip() in ("1", "true"):
            hidden.update(range(at, min(at + span, _MAX_COLUMNS)))
        at += span
    return frozenset(hidden)


def _extent(file: str, rows: list) -> tuple[int, int]:
    """The rows and columns a sheet's cells span (merged areas included), counted before any is made."""
    height = width = following = 0
    for row in rows:
        following = _index(file, row, following, _MAX_ROWS) + 1
        cols = down = 0
        for cell in row.iter(f"{_SS}Cell"):
            cols = _index(file, cell, cols, _MAX_COLUMNS) + 1 + _count(cell, f"{_SS}MergeAcross")
            down = max(down, _count(cell, f"{_SS}MergeDown"))
        height = max(height, following + down)
        width = max(width, cols)
    return height, width


def _index(file: str, element, following: int, most: int) -> int:
    """The 0-based place of a Row or Cell: its ss:Index, else the one after the last."""
    written = element.get(f"{_SS}Index")
    if written is None:
        return following
    if not written.strip().isdigit() or not following < int(written) <= most:
        raise FileReadError(
            f"{file}: a damaged XML Spreadsheet 2003 file (ss:Index {written!r})",
            "open it in Excel or WPS, save it as .xlsx and retry",
            zh=f"{file}：XML 表格（Excel 2003 XML）已损坏（ss:Index {written!r}），请用 Excel 或 WPS 打开、另存为 .xlsx 后重试",
        )
    return int(written) - 1


def _count(element, name: str) -> int:
    written = (element.get(name) or "0").strip()
    return int(written) if written.isdigit() else 0


_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?$")


def _value(data):
    """A cell's value as calamine gives it: text, a float, a bool or a datetime."""
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    if kind == "DateTime" and (m := _DATETIME.match(text.strip())):
        try:
            return datetime.fromisoformat(f"{m[1]}T{m[2]}")
        except ValueError:
            return text
    return text if text != "" else None
