"""Big plain tables → an .xlsx package, built column by column instead of cell by cell.

Each column is turned into its cells' XML by polars string expressions (Rust, on every
core), whole chunks of rows at a time; the rows are joined the same way and deflated by
ISA-L on a second thread while the next chunk is built. 100,000 contacts × 32 columns
take about 1 s, where the Rust writer rustpy-xlsxwriter needed about 3.6 s (most of it
deflating at zlib's default level) and Python xlsxwriter about 30 s.

What the cells hold: text as inline strings (never a formula, whatever it starts with),
numbers as numbers, booleans as TRUE/FALSE, dates as dates, times of day as times. Control characters are
kept as OOXML's _xHHHH_ escapes (io.write.xstring), text over Excel's 32,767 characters is cut with an
ellipsis (and counted), and text with edge spaces keeps them. The sheet has a frozen bold header,
fitted widths, wrapped wide columns, filter buttons or an Excel Table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from .layout import column_letter
from .write import EXACT_WHOLE, EXCEL_CELL_LIMIT, LINE_POINTS, XSTRING_NEEDED, pages_wide, xstring
from .zipstream import ZipWriter

CHUNK_ROWS = 20_000
# Sheets of more cells reserve Zip64 sizes (a part may pass 4 GiB only at ~2 KB a cell).
ZIP64_CELLS = 2_000_000
_EPOCH = dt.datetime(1899, 12, 30)
_DATE_FORMAT, _DATETIME_FORMAT, _DATETIME_SECONDS_FORMAT = (
    "yyyy-mm-dd",
    "yyyy-mm-dd hh:mm",
    "yyyy-mm-dd hh:mm:ss",
)
_TIME_FORMAT, _SECONDS_FORMAT = "hh:mm", "hh:mm:ss"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PRESERVE = ' xml:space="preserve"'
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_HIDDEN = ' state="hidden"'


@dataclass
class TableSheet:
    """A sheet as the writer needs it: names and widths settled by the caller."""

    name: str
    frame: Any  # pandas DataFrame with unique string column names
    widths: list[float]
    wrap: set[int] = field(default_factory=set)  # column positions whose text wraps
    number_formats: dict[int, str] = field(default_factory=dict)  # column position → Excel format
    table: str | None = None  # an Excel Table of this name instead of filter buttons
    title_columns: tuple[int, int] | None = None  # columns (first, last) printed on every page too
    hidden: bool = False  # a sheet for the tool (io.write.own_marker), listed only under 取消隐藏


@dataclass
class _Column:
    """One column split by kind: at most one part holds a value in any row."""

    text: Any = None  # pl.Series[str]
    number: Any = None  # pl.Series[f64 | i64]
    boolean: Any = None  # pl.Series[bool]
    date: Any = None  # pl.Series[f64]: Excel serial days
    timed: bool = False  # some date has a time of day: each date is shown in the format that fits it
    time: Any = None  # pl.Series[f64]: a time of day (14:30) as Excel holds it, a fraction of a day
    seconds: Any = None  # pl.Series[f64]: a time of day with seconds (14:30:15), shown hh:mm:ss
    truncated: int = 0
    preserve: bool = False  # some text has edge spaces, which need xml:space="preserve"


class _Styles:
    """cellXfs: 0 plain, 1 header, 2 wrapped text, then one per number format in use; all at the
    top of their cell, level with the first line of a row made taller by wrapped text."""

    def __init__(self) -> None:
        self.formats: list[str] = []

    def number(self, code: str) -> int:
        if code not in self.formats:
            self.formats.append(code)
        return 3 + self.formats.index(code)

    def xml(self) -> str:
        num_fmts = "".join(
            f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(code)}/>'
            for i, code in enumerate(self.formats)
        )
        top = '<alignment vertical="top"/></xf>'
        xfs = [
            f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{top}',
            '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
            'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
            '<alignment vertical="top" wrapText="1"/></xf>',
        ] + [
            f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
            f'applyAlignment="1">{top}'
            for i in range(len(self.formats))
        ]
        return (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{num_fmts}</numFmts>' if self.formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
            "</patternFill></fill></fills>"
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            # The Normal style at the top too: LibreOffice gives it to cells that name no xf.
            f'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0">{top}</cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def write_workbook(out: BinaryIO, sheets: Sequence[TableSheet]) -> int:
    """Write the sheets as one workbook to `out` (a seekable file); returns the cells cut."""
    styles = _Styles()
    zf = ZipWriter(out)
    truncated = 0
    tables = [(number, s) for number, s in enumerate(sheets, start=1) if s.table and len(s.frame)]
    zf.writestr("[Content_Types].xml", _content_types(len(sheets), len(tables)))  # first, for file sniffers
    zf.writestr("_rels/.rels", _root_rels())
    zf.writestr("xl/workbook.xml", _workbook_xml(sheets))
    zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
    with ThreadPoolExecutor(1) as worker:
        for number, sheet in enumerate(sheets, start=1):
            table = next((i for i, (n, _) in enumerate(tables, start=1) if n == number), 0)
            part = f"xl/worksheets/sheet{number}.xml"
            with zf.open(part, zip64=sheet.frame.size > ZIP64_CELLS) as write:
                truncated += _write_sheet(sheet, styles, number, table, write, worker)
    for table_id, (number, sheet) in enumerate(tables, start=1):
        zf.writestr(
            f"xl/tables/table{table_id}.xml",
            table_xml(sheet.table, list(sheet.frame.columns), len(sheet.frame), table_id),
        )
        zf.writestr(
            f"xl/worksheets/_rels/sheet{number}.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/table" '
            f'Target="../tables/table{table_id}.xml"/></Relationships>',
        )
    zf.writestr("xl/styles.xml", styles.xml())  # last: the columns decide the date formats
    zf.close()
    return truncated


# --- columns ---------------------------------------------------------------------------


def _column(series: Any) -> _Column:
    """Split a pandas column into typed polars parts, text cleaned for a cell."""
    import numpy as np
    import polars as pl

    values = series.to_numpy()
    kind = values.dtype.kind
    if kind == "f":
        return _Column(number=pl.Series(values.astype("float64", copy=False)))
    if kind in "iu" and (kind == "i" or not len(values) or values.max() < 2**63):
        return _Column(number=pl.Series(values.astype("int64", copy=False)))
    if kind == "b":
        return _Column(boolean=pl.Series(values))
    if kind == "M":
        days = (values - np.datetime64("1899-12-30")) / np.timedelta64(1, "D")
        timed = bool(np.any(np.nan_to_num(days) % 1))
        return _Column(date=pl.Series(days.astype("float64")), timed=timed)
    if kind == "O":
        try:  # most columns are text: one pass over the array, stopping at a value that is not
            return _Column(text=pl.Series(values, dtype=pl.String))
        except (TypeError, pl.exceptions.ComputeError):
            pass
    items = values.tolist() if kind != "O" else list(values)
    kinds = set(map(type, items))
    if kinds <= {float, int, type(None)}:
        return _Column(
            number=pl.Series(items, dtype=pl.Float64 if float in kinds else pl.Int64, strict=False)
        )
    if kinds <= {str, float, int, type(None)}:  # a sheet column read with numbers among its text
        text = [v if v.__class__ is str else None for v in items]
        number = [None if v.__class__ is str else v for v in items]
        return _Column(
            text=pl.Series(text, dtype=pl.String), number=pl.Series(number, dtype=pl.Float64, strict=False)
        )
    return _mixed(items)


def _mixed(items: list) -> _Column:
    import numbers

    import polars as pl

    n = len(items)
    text: list = [None] * n
    number: list = [None] * n
    boolean: list = [None] * n
    date: list = [None] * n
    time: list = [None] * n
    seconds: list = [None] * n
    timed = False
    for i, v in enumerate(items):
        if v is None:
            continue
        if isinstance(v, str):
            text[i] = v
        elif isinstance(v, bool) or type(v).__name__ == "bool_":
            boolean[i] = bool(v)
        elif isinstance(v, numbers.Real):
            number[i] = float(v)
        elif isinstance(v, dt.datetime):
            if v == v:  # NaT is a datetime that differs from itself
                v = v.replace(tzinfo=None)
                number_of_days = (v - _EPOCH).total_seconds() / 86400
                timed = timed or bool(number_of_days % 1)
                date[i] = number_of_days
        elif isinstance(v, dt.date):
            date[i] = float((v - _EPOCH.date()).days)
        elif isinstance(v, dt.time):  # each time shown as it is: 14:30 hh:mm, 14:30:15 hh:mm:ss
            (seconds if v.second or v.microsecond else time)[i] = (
                v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
            ) / 86400
        elif _is_missing(v):
            continue
        else:
            text[i] = str(v)
    parts = {}
    for name, col, dtype in (
        ("text", text, pl.String),
        ("number", number, pl.Float64),
        ("boolean", boolean, pl.Boolean),
        ("date", date, pl.Float64),
        ("time", time, pl.Float64),
        ("seconds", seconds, pl.Float64),
    ):
        if any(x is not None for x in col):
            parts[name] = pl.Series(col, dtype=dtype)
    return _Column(**parts, timed=timed)


def _is_missing(v: Any) -> bool:
    try:
        return bool(v != v)
    except (TypeError, ValueError):  # pd.NA refuses to be a bool: it is missing
        return True


def _columns(frame: Any) -> list[_Column]:
    """The frame's columns as typed parts, their text made fit for a cell.

    One parallel pass over all text columns finds what needs care (control characters,
    markup, edge spaces, length); most columns need none, and pay nothing more."""
    import polars as pl

    columns = [_column(frame.iloc[:, j]) for j in range(frame.shape[1])]
    texts = {f"t{j}": c.text for j, c in enumerate(columns) if c.text is not None}
    if not texts:
        return columns
    checks = {"xstring": XSTRING_NEEDED, "markup": "[&<>\r]", "edge": r"^\s|\s$"}
    summary = pl.DataFrame(texts).select(
        *(pl.col(k).str.contains("|".join(checks.values())).any().alias(k) for k in texts),
        *(pl.col(k).str.len_bytes().max().alias(f"{k}.bytes") for k in texts),
    )
    found = summary.row(0, named=True)
    flagged = [k for k in texts if found[k]]
    if flagged:
        found |= (
            pl.DataFrame({k: texts[k] for k in flagged})
            .select(
                pl.col(k).str.contains(p).any().alias(f"{k}.{name}")
                for k in flagged
                for name, p in checks.items()
            )
            .row(0, named=True)
        )
    for j, c in enumerate(columns):
        k = f"t{j}"
        if k not in texts:
            continue
        text = c.text
        if found[f"{k}.bytes"] is not None and found[f"{k}.bytes"] <= EXCEL_CELL_LIMIT and not found[k]:
            continue
        if (found[f"{k}.bytes"] or 0) > EXCEL_CELL_LIMIT:  # bytes ≥ characters: only then count
            long = text.str.len_chars() > EXCEL_CELL_LIMIT
            if long.any():
                c.truncated = int(long.sum())
                text = pl.select(
                    pl.when(long).then(text.str.slice(0, EXCEL_CELL_LIMIT - 1) + "…").otherwise(text)
                ).to_series()
        if found.get(f"{k}.xstring"):  # rare: a Python pass over this column's cells only
            text = pl.Series([None if v is None else xstring(v) for v in text.to_list()], dtype=pl.String)
        if found.get(f"{k}.markup"):
            text = text.str.replace_all("&", "&amp;", literal=True)
            text = text.str.replace_all("<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True)
            text = text.str.replace_all("\r", "&#13;", literal=True)  # a bare CR would read back as LF
        c.text = text
        c.preserve = bool(found.get(f"{k}.edge"))
    return columns


# --- sheet XML --------------------------------------------------------------------------


def _write_sheet(sheet: TableSheet, styles: _Styles, number: int, table: int, write, worker) -> int:
    """Write one sheet part; returns the cells cut.

    Rows go in chunks, two stages deep: this thread turns chunk k+1 into typed polars
    columns (it reads Python objects, so it holds the GIL) while the worker builds chunk
    k's XML and deflates it (polars and ISA-L, which let the GIL go)."""
    n_rows, n_cols = sheet.frame.shape
    col_styles = dict.fromkeys(sheet.wrap, 2)
    for j, code in sheet.number_formats.items():
        col_styles[j] = styles.number(code)
    write(_sheet_head(sheet, col_styles, number))
    wrapped = {j: sheet.widths[j] for j in sheet.wrap if j < len(sheet.widths)}
    truncated = 0
    in_flight: list = []
    for start in range(0, n_rows if n_cols else 0, CHUNK_ROWS):
        columns = _columns(sheet.frame.iloc[start : start + CHUNK_ROWS])
        truncated += sum(c.truncated for c in columns)
        date_styles = {  # (date, date hh:mm, date hh:mm:ss): each cell's format fits its own value
            j: tuple(map(styles.number, (_DATE_FORMAT, _DATETIME_FORMAT, _DATETIME_SECONDS_FORMAT)))
            for j, c in enumerate(columns)
            if c.date is not None
        }
        time_styles = {  # (hh:mm, hh:mm:ss): each cell's format fits its own time
            j: (styles.number(_TIME_FORMAT), styles.number(_SECONDS_FORMAT))
            for j, c in enumerate(columns)
            if c.time is not None or c.seconds is not None
        }
        long_styles = {  # 注册号 330282000012345 in full, not 3.30282E+14
            j: styles.number(_LONG_INTEGER_FORMAT)
            for j, c in enumerate(columns)
            if j not in col_styles and c.number is not None and _has_long_integers(c.number)
        }
        in_flight.append(
            worker.submit(
                lambda *a: write(_rows_xml(*a)),
                columns,
                start,
                col_styles,
                date_styles,
                wrapped,
                long_styles,
                time_styles,
            )
        )
        if len(in_flight) > 1:
            in_flight.pop(0).result()
    for job in in_flight:
        job.result()
    tail = "</sheetData>"
    if not table and not sheet.hidden:
        tail += f'<autoFilter ref="{_ref(n_rows, n_cols)}"/>'
    tail += '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
    tail += (
        f'<pageSetup paperSize="9" orientation="landscape" fitToWidth="{pages_wide(sheet.widths)}" '
        'fitToHeight="0"/><headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>'
    )
    if table:
        tail += '<tableParts count="1"><tablePart r:id="rId1"/></tableParts>'
    write((tail + "</worksheet>").encode("utf-8"))
    return truncated


def _ref(n_rows: int, n_cols: int) -> str:
    return f"A1:{column_letter(max(n_cols - 1, 0))}{n_rows + 1}"


def _sheet_head(sheet: TableSheet, col_styles: dict[int, int], number: int) -> bytes:
    selected = ' tabSelected="1"' if number == 1 else ""
    cols = "".join(
        f'<col min="{j + 1}" max="{j + 1}" width="{w:g}" customWidth="1"'
        + (f' style="{col_styles[j]}"' if j in col_styles else "")
        + "/>"
        for j, w in enumerate(sheet.widths)
    )
    header = "".join(
        f'<c r="{column_letter(j)}1" s="1" t="inlineStr"><is><t xml:space="preserve">{_text(h)}</t></is></c>'
        for j, h in enumerate(sheet.frame.columns)
    )
    return (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="{_ref(*sheet.frame.shape)}"/>'
        f'<sheetViews><sheetView{selected} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f'<sheetData><row r="1">{header}</row>'
    ).encode("utf-8")


def _rows_xml(
    columns: list[_Column],
    start: int,
    col_styles: dict[int, int],
    date_styles: dict[int, tuple[int, int, int]],
    wrapped: dict[int, float] | None = None,
    long_styles: dict[int, int] | None = None,
    time_styles: dict[int, tuple[int, int]] | None = None,
) -> bytes:
    """The <row>s of one chunk of rows (the first is sheet row start + 2), one per line; a row
    whose text wraps in a `wrapped` column (position → width) is given the height of its lines:
    LibreOffice and WPS print rows at the height written, and a wrapped text would be cut."""
    import polars as pl

    frame = pl.DataFrame(
        {
            f"{kind}{j}": part
            for j, c in enumerate(columns)
            for kind, part in (
                ("t", c.text),
                ("n", c.number),
                ("b", c.boolean),
                ("d", c.date),
                ("m", c.time),
                ("s", c.seconds),
            )
            if part is not None
        }
    )
    row = (pl.int_range(pl.len()) + (start + 2)).cast(pl.String)
    cells = [
        _cell_expr(
            j,
            c,
            row,
            col_styles.get(j),
            date_styles.get(j),
            (long_styles or {}).get(j),
            (time_styles or {}).get(j),
        )
        for j, c in enumerate(columns)
    ]
    opening = _row_height_expr(columns, wrapped or {})
    return _lines(frame.select(pl.concat_str([pl.lit('<row r="'), row, opening, *cells, pl.lit("</row>")])))


# Excel's tallest row is 409 points: a longer text is cut there in print, whole in the cell.
_MAX_LINES = 409 // LINE_POINTS


def _row_height_expr(columns: list[_Column], wrapped: dict[int, float]) -> Any:
    """The rest of a <row> tag: its height when a wrapped column's text takes more than one
    line at that column's width. Display width without a Python call per cell: a CJK character
    is three UTF-8 bytes and two columns wide, an ASCII one one byte and one column, so the
    width is (bytes + characters) / 2 (as io.write.display_width counts, for these two)."""
    import polars as pl

    lines = [
        pl.max_horizontal(
            ((t.str.len_bytes() + t.str.len_chars()) / 2 / max(int(width) - 1, 1)).ceil(),
            t.str.count_matches("\n", literal=True) + 1,
        ).fill_null(1)
        for j, width in wrapped.items()
        if columns[j].text is not None
        for t in [pl.col(f"t{j}")]
    ]
    if not lines:
        return pl.lit('">')
    most = pl.min_horizontal(pl.max_horizontal(lines), pl.lit(_MAX_LINES)).cast(pl.Int64)
    height = (most * LINE_POINTS).cast(pl.String)
    return (
        pl.when(most > 1)
        .then(pl.concat_str([pl.lit('" ht="'), height, pl.lit('" customHeight="1">')]))
        .otherwise(pl.lit('">'))
    )


def _lines(frame: Any) -> bytes:
    """One string column as bytes, a row per line (a newline between <row>s is fine XML)."""
    import io

    buf = io.BytesIO()
    frame.write_csv(buf, include_header=False, quote_style="never")
    return buf.getvalue()


# Excel's General format shows 11 digits at most: longer whole numbers (registration numbers,
# phones typed as numbers with their country code) get a format that shows every digit.
_LONG_INTEGER_FORMAT = "0"
_LONG_INTEGER = 1e11
_EXACT = EXACT_WHOLE  # beyond, a float has lost digits already: left to General


def _long_whole(number: Any, floats: bool) -> Any:
    """Which values are whole numbers of 12 to 16 digits (below 2**53: written as integers, like
    CSV and JSON), of a polars Series or column expression alike (`floats`: its values may have a
    fraction)."""
    big = (number.abs() >= _LONG_INTEGER) & (number.abs() < _EXACT)
    return big & (number == number.round()) & number.is_finite() if floats else big


def _has_long_integers(number: Any) -> bool:
    import polars as pl

    return bool(_long_whole(number, number.dtype == pl.Float64).fill_null(False).any())


def _cell_expr(
    j: int,
    col: _Column,
    row: Any,
    style: int | None,
    date_styles: tuple[int, int, int] | None,
    long_style: int | None = None,
    time_styles: tuple[int, int] | None = None,
) -> Any:
    """Column j's cell XML: the first of its parts holding a value in the row, or nothing.
    `date_styles`: those of a date, a date with a time and one with seconds (yyyy-mm-dd, … hh:mm,
    … hh:mm:ss); `long_style`: the style of a whole number too long for General
    (_has_long_integers); `time_styles`: those of a time without seconds (hh:mm) and of one with
    them (hh:mm:ss)."""
    import polars as pl

    letter = column_letter(j)
    s = f' s="{style}"' if style is not None else ""

    def cell(attributes: str, value: Any, closing: str) -> Any:
        return pl.concat_str(
            [pl.lit(f'<c r="{letter}'), row, pl.lit(f'"{attributes}'), value, pl.lit(closing)]
        )

    expr = pl.when(pl.lit(False)).then(pl.lit(""))  # a chain for the parts below to extend
    if col.text is not None:
        t = pl.col(f"t{j}")
        opening = f'{s} t="inlineStr"><is><t{_PRESERVE if col.preserve else ""}>'
        expr = expr.when(t.is_not_null() & (t != "")).then(cell(opening, t, "</t></is></c>"))
    if col.number is not None:
        v = pl.col(f"n{j}")
        ok = v.is_not_null() & (v.is_finite() if col.number.dtype == pl.Float64 else pl.lit(True))
        if long_style is not None:
            whole = _long_whole(v, col.number.dtype == pl.Float64)
            expr = expr.when((ok & whole).fill_null(False)).then(
                cell(f' s="{long_style}"><v>', v.cast(pl.Int64, strict=False).cast(pl.String), "</v></c>")
            )
        text = v.cast(pl.String)
        if col.number.dtype == pl.Float64:  # a whole number as one (<v>1</v>, not 1.0), as CSV and JSON
            whole = (v == v.round()) & (v.abs() < _EXACT)
            text = pl.when(whole).then(v.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(text)
        expr = expr.when(ok.fill_null(False)).then(cell(f"{s}><v>", text, "</v></c>"))
    if col.boolean is not None:
        v = pl.col(f"b{j}")
        value = pl.when(v).then(pl.lit("1")).otherwise(pl.lit("0"))
        expr = expr.when(v.is_not_null()).then(cell(f'{s} t="b"><v>', value, "</v></c>"))
    if col.date is not None:
        v = pl.col(f"d{j}")
        finite = (v.is_not_null() & v.is_finite()).fill_null(False)
        day, minute, second = date_styles
        if col.timed:  # a date with a time shows it (with its seconds when it has some), a date alone not
            to_minute = ((v * 86400).round() % 60 == 0).fill_null(False)
            expr = expr.when(finite & (v % 1 != 0) & to_minute).then(
                cell(f' s="{minute}"><v>', v.cast(pl.String), "</v></c>")
            )
            expr = expr.when(finite & (v % 1 != 0)).then(
                cell(f' s="{second}"><v>', v.cast(pl.String), "</v></c>")
            )
        expr = expr.when(finite).then(cell(f' s="{day}"><v>', v.cast(pl.String), "</v></c>"))
    for kind, part, which in (("m", col.time, 0), ("s", col.seconds, 1)):
        if part is not None:
            v = pl.col(f"{kind}{j}")
            opening = f' s="{time_styles[which]}"><v>'
            expr = expr.when(v.is_not_null()).then(cell(opening, v.cast(pl.String), "</v></c>"))
    return expr.otherwise(pl.lit(""))


def _text(value: Any) -> str:
    return escape(xstring(str(value)), {"\r": "&#13;"})


# --- package parts ----------------------------------------------------------------------


def table_xml(name: str, headers: Sequence[str], n_rows: int, table_id: int) -> str:
    """The part that makes a sheet's header and `n_rows` rows an Excel Table (also io/graft.py's)."""
    ref = f"A1:{column_letter(len(headers) - 1)}{n_rows + 1}"
    columns = "".join(
        f'<tableColumn id="{i}" name={quoteattr(_text(h))}/>' for i, h in enumerate(headers, start=1)
    )
    return (
        f'{_HEAD}<table xmlns="{_MAIN}" id="{table_id}" name={quoteattr(name)} '
        f'displayName={quoteattr(name)} ref="{ref}" totalsRowShown="0"><autoFilter ref="{ref}"/>'
        f'<tableColumns count="{len(headers)}">{columns}</tableColumns><tableStyleInfo name="TableStyleLight9" '
        'showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>'
    )


def _workbook_xml(sheets: Sequence[TableSheet]) -> str:
    entries = "".join(
        f'<sheet name={quoteattr(_text(s.name))} sheetId="{i}"{_HIDDEN if s.hidden else ""} r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(s.name))}!$A$1:${column_letter(max(s.frame.shape[1] - 1, 0))}${len(s.frame) + 1}"
        "</definedName>"
        for i, s in enumerate(sheets)
        if not (s.table and len(s.frame) or s.hidden)
    ) + "".join(  # the header row printed atop every page, the key columns on every page side by side
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{escape(_print_titles(s))}</definedName>'
        for i, s in enumerate(sheets)
        if not s.hidden
    )
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/>'
        f"</bookViews><sheets>{entries}</sheets>"
        + (f"<definedNames>{names}</definedNames>" if names else "")
        + "</workbook>"
    )


def _print_titles(sheet: TableSheet) -> str:
    rows = f"{_quoted(sheet.name)}!$1:$1"
    if sheet.title_columns is None:
        return rows
    first, last = (column_letter(j) for j in sheet.title_columns)
    return f"{_quoted(sheet.name)}!${first}:${last},{rows}"


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_rels(n_sheets: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n_sheets + 1)
    )
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{sheets}'
        f'<Relationship Id="rId{n_sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )


def _root_rels() -> str:
    return (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )


def _content_types(n_sheets: int, n_tables: int) -> str:
    ooxml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = [("/xl/workbook.xml", f"{ooxml}.sheet.main+xml"), ("/xl/styles.xml", f"{ooxml}.styles+xml")]
    parts += [(f"/xl/worksheets/sheet{i}.xml", f"{ooxml}.worksheet+xml") for i in range(1, n_sheets + 1)]
    parts += [(f"/xl/tables/table{i}.xml", f"{ooxml}.table+xml") for i in range(1, n_tables + 1)]
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )
