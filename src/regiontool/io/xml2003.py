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
    """Whether a text file is an XML Spreadsheet 2003 (its namespace on the Workbook element)."""
    head = text[:4096]
    return head.lstrip().startswith("<") and _NS in head and "<Workbook" in head


def read_spreadsheetml(path: Path, text: str) -> list[RawSheet]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(text.encode("utf-8"), forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise FileReadError(
            f"{path.name}: an XML Spreadsheet 2003 file that cannot be read ({exc})",
            "open it in Excel or WPS, save it as .xlsx and retry",
            zh=f"{path.name}：XML 表格（Excel 2003 XML）无法读取，请用 Excel 或 WPS 打开、另存为 .xlsx 后重试",
        ) from None
    sheets = [_sheet(path.name, ws, n) for n, ws in enumerate(root.iter(f"{_SS}Worksheet"))]
    if not sheets:
        raise FileReadError(
            f"{path.name}: an XML Spreadsheet 2003 file without a worksheet",
            zh=f"{path.name}：这个 XML 表格（Excel 2003 XML）里没有工作表",
        )
    return sheets


def _sheet(file: str, ws, n: int) -> RawSheet:
    rows: list[list] = []
    merges: list[tuple[int, int, int, int]] = []
    table = ws.find(f"{_SS}Table")
    for row in table.iter(f"{_SS}Row") if table is not None else ():
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
    return RawSheet(ws.get(f"{_SS}Name") or f"Sheet{n + 1}", rows, merges)


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
