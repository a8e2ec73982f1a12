"""DataFrames → terminal tables, CSV, JSON or a file chosen by extension (the CLI's edge)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .io.write import excel_round, whole_as_int

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")
OUT_SUFFIXES = (".xlsx", ".csv", ".json")


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table, csv or json",
            zh=f"--format '{fmt}' 无效：请用 table、csv 或 json",
        )
    return fmt


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if type(value).__name__ == "NAType":  # pandas' missing value of a nullable column (Int64)
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# DataFrame.attrs key naming a table's columns of money (yuan): CSV and JSON give them to the fen.
MONEY_COLUMNS = "money_columns"


def mark_money(df: pd.DataFrame, columns: Any) -> pd.DataFrame:
    """Name `columns` of df as money (in place; df returned): frame_rows rounds their figures to
    0.01 yuan as Excel rounds (15666.67, not 15666.666666666668). Counts, shares and days are not
    money and are never named."""
    df.attrs[MONEY_COLUMNS] = [str(c) for c in columns]
    return df


def _fen(value: Any) -> Any:
    return excel_round(value, 2) if isinstance(value, float) else value


def frame_rows(df: pd.DataFrame) -> list[list[Any]]:
    """The rows as plain Python values; the money columns (mark_money) rounded to the fen."""
    rows = [[_plain(v) for v in row] for row in df.to_numpy(dtype=object).tolist()]
    money = set(df.attrs.get(MONEY_COLUMNS, ()))
    at = [j for j, c in enumerate(df.columns) if str(c) in money]
    for row in rows if at else ():
        for j in at:
            row[j] = _fen(row[j])
    return rows


def to_json_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in df.columns]
    return [dict(zip(cols, map(_json_number, row), strict=True)) for row in frame_rows(df)]


def _json_number(value: Any) -> Any:
    """A whole float as an integer (a phone read as 13812345678.0 is 13812345678 to a script),
    below the cut-off CSV and xlsx use too (io.write.whole_as_int)."""
    return whole_as_int(value)


# Control characters from the data (a name holding ESC [2J, \x01, a BEL) shown as what they are, never
# sent raw: ESC would let the data drive the terminal (colour the rest of a row, clear the screen) and
# every control character would narrow its row and break the table's borders. C0 characters and DEL
# become their Control Pictures (U+2400 block: ␛ ␁ ␇ ␡), C1 ones \x85-style escapes; a line break and a
# tab stay layout. The invisible direction marks and overrides (U+202E RLO shows 客户说\u202etxt.exe as
# 客户说exe.txt, an extension spoof; U+061C, U+200E/200F, U+202A-202E, U+2066-2069) are shown as
# \u202e-style escapes: data may not reorder what the terminal shows.
_FORMAT_MARKS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SHOWN_CONTROLS = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"} | {0x7F: 0x2421}
_SHOWN_CONTROLS |= {c: f"\\x{c:02x}" for c in range(0x80, 0xA0)}
_SHOWN_CONTROLS |= {c: f"\\u{c:04x}" for c in _FORMAT_MARKS}
_CONTROL = re.compile("[" + "".join(map(re.escape, map(chr, _SHOWN_CONTROLS))) + "]")


def terminal_text(text: str) -> str:
    """Text as a terminal may print it: its control characters shown visibly (_SHOWN_CONTROLS)."""
    return text.translate(_SHOWN_CONTROLS) if _CONTROL.search(text) else text


def _shown_cell(cell: Any, shown) -> Any:
    return shown(cell) if shown and isinstance(cell, str) else cell


def quiet_stdout() -> None:
    """Point stdout at /dev/null once its reader is gone: what is still buffered for the closed pipe
    is dropped, not written (and failed) again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _finish_on_broken_pipe(console) -> None:
    """The reader stopped reading (regiontool rfm | head -1): the rest is dropped and the command
    ends as a finished one, exit 0, as -f csv|json and the plain lists do (rich exits 1, which
    `set -o pipefail` scripts take for a failure)."""
    console.quiet = True
    quiet_stdout()
    raise SystemExit(0)


def finish_help_on_broken_pipe() -> None:
    """The same for the help typer prints with its own rich console (regiontool --help | head -1)."""
    from rich.console import Console

    Console.on_broken_pipe = _finish_on_broken_pipe


def terminal_console(**options: Any):
    """A rich Console whose every text (table cells, headers, titles, printed lines) goes through
    terminal_text: the one place data meets the terminal. Emoji codes are left as typed: a firm
    named 乙厂:ok: is not shown as 乙厂🆗."""
    from rich.console import Console

    options.setdefault("emoji", False)

    class _TerminalConsole(Console):
        def render_str(self, text: str, **kwargs: Any):
            return super().render_str(terminal_text(text), **kwargs)

        on_broken_pipe = _finish_on_broken_pipe

    return _TerminalConsole(**options)


# A long per-firm table shows its first rows in a terminal (list, score, problems); a pipe or a file
# (> 清单.txt, | grep, | wc -l) gets every row, as -f csv|json and --out do.
TERMINAL_ROWS = 20


def terminal_rows(
    frame: pd.DataFrame, fmt: str, title: str | None, first: tuple[str, str], lang: str
) -> tuple[pd.DataFrame, str | None]:
    """The rows of a long table to print and its title: in a terminal, a table (fmt "table") longer
    than TERMINAL_ROWS is cut to its first rows and titled by `first`, a vocab.WORDS pair whose {n}
    is the whole table's length and {shown} the rows shown, saying how to get them all; else the
    frame and the title as they are."""
    if fmt != "table" or len(frame) <= TERMINAL_ROWS or not terminal_console().is_terminal:
        return frame, title
    from . import vocab

    return frame.head(TERMINAL_ROWS), vocab.fill(first[lang == "en"], n=len(frame), shown=TERMINAL_ROWS)


def ends_in_total(frame: pd.DataFrame) -> bool:
    """Whether the table's last row is its 合计 / 总计 (total) row."""
    from . import vocab

    labels = {*vocab.MONEY_WORDS["total"], *vocab.WORDS["total"]}
    return bool(len(frame)) and str(frame.iloc[-1, 0]) in labels


def terminal_cut(frame: pd.DataFrame, title: str | None, lang: str, total: bool = False):
    """(frame, title) of a long table for the terminal: longer than TERMINAL_ROWS (its 合计 row aside,
    `total`), its first rows and the 合计, titled with how many and how to get all (a pipe or a file:
    all of it, as terminal_rows)."""
    body = frame.iloc[:-1] if total else frame
    if len(body) <= TERMINAL_ROWS or not terminal_console().is_terminal:
        return frame, title
    import pandas as pd

    from . import vocab

    zh, en = vocab.WORDS["rows_first"]
    shown = body.head(TERMINAL_ROWS)
    # the (空白) row (sorted last: no town, no product) stays, so that what is shown still adds up
    blank = body.iloc[TERMINAL_ROWS:][body.iloc[TERMINAL_ROWS:, 0].astype(str).isin(vocab.WORDS["blank"])]
    cut = pd.concat([shown, blank, frame.iloc[-1:] if total else frame.iloc[:0]])
    line = vocab.fill(
        en if lang == "en" else zh,
        title=title or "",
        n=len(body),
        shown=TERMINAL_ROWS,
        total=(vocab.WORDS["rows_first_blank"][lang == "en"] if len(blank) else "")
        + (vocab.WORDS["rows_first_total"][lang == "en"] if total else ""),
    )
    return cut, line


def wide_console(header: list[str], rows: list[list[str]]):
    """A console wide enough for the table: cut-off Chinese labels are worse than a long line.
    Widths as the terminal shows the text (terminal_text: \x85 takes four columns)."""
    from rich.cells import cell_len

    widths = [cell_len(terminal_text(str(h))) for h in header]
    for row in rows:
        for j, cell in enumerate(row):
            widths[j] = max(widths[j], cell_len(terminal_text(cell)))
    needed = sum(w + 3 for w in widths) + 1
    # markup=False: data such as a company named "[/]…" is text, never console markup.
    console = terminal_console(highlight=False, markup=False)
    return (
        terminal_console(highlight=False, markup=False, width=needed) if needed > console.width else console
    )


# A table longer than this sent to a pipe or a file is laid out here, not by rich: rich takes about
# 0.6 ms a row (238 s for `list > 清单.txt` of 168,835 firms), this a few µs, for the same text.
PLAIN_TABLE_ROWS = 1000


def plain_table_lines(
    title: str | None, headers: list[str], right: list[bool], rows: list[list[str]], console: Any
) -> list[str] | None:
    """The lines rich prints for print_frame's table on a console that is no terminal (no styles),
    or None where only rich can say (a cell or header over several lines, a title wider than the
    table): each column as wide as its widest cell, padded one space each side, rich's box."""
    from rich import box
    from rich.cells import cell_len as rich_len

    def cell_len(text: str) -> int:
        return len(text) if text.isascii() else rich_len(text)  # printable ASCII: one column each

    shown = [terminal_text(h) for h in headers]
    cells = [[terminal_text(v) for v in row] for row in rows]
    if any("\n" in h or "\t" in h for h in shown) or any(
        "\n" in v or "\t" in v for row in cells for v in row
    ):
        return None
    widths = [max([cell_len(h)] + [cell_len(row[j]) for row in cells]) for j, h in enumerate(shown)]
    framed = [w + 2 for w in widths]
    total = sum(framed) + len(framed) + 1
    lines = []
    if title:
        text = terminal_text(title).rstrip()  # rich centres the title without its trailing spaces
        if "\n" in text or "\t" in text or cell_len(text) > total:
            return None
        left = (total - cell_len(text)) // 2
        lines.append(" " * left + text + " " * (total - left - cell_len(text)))
    edges = box.HEAVY_HEAD.substitute(console.options, safe=console.safe_box)

    def line(values: list[str], kind: str) -> str:
        vertical = edges.head_vertical if kind == "head" else edges.mid_vertical
        left = edges.head_left if kind == "head" else edges.mid_left
        right_edge = edges.head_right if kind == "head" else edges.mid_right
        padded = [
            " " * (w - cell_len(v.rstrip())) + v.rstrip() if r else v + " " * (w - cell_len(v))  # as rich
            for v, w, r in zip(values, widths, right, strict=True)
        ]
        return left + vertical.join(f" {v} " for v in padded) + right_edge

    lines.append(edges.get_top(framed))
    lines.append(line(shown, "head"))
    lines.append(edges.get_row(framed, "head"))
    lines.extend(line(row, "row") for row in cells)
    lines.append(edges.get_bottom(framed))
    return lines


def print_frame(
    df: pd.DataFrame,
    fmt: str = "table",
    title: str | None = None,
    bold_last: bool = False,
    console: Any = None,
) -> None:
    """Write a table to stdout as a rich table, CSV or JSON."""
    check_format(fmt)
    if fmt == "json":
        sys.stdout.write(json_text([("", df)]))
        return
    if fmt == "csv":
        import csv

        from .io.write import csv_cell, csv_text

        # On a terminal the controls of the data are shown as a table shows them; piped or
        # redirected (what -f csv is for: scripts) the text is byte-exact.
        shown = terminal_text if terminal_console().is_terminal else None
        writer = csv.writer(sys.stdout)
        writer.writerow([_shown_cell(csv_text(str(c)), shown) for c in df.columns])
        for row in frame_rows(df):
            cells = [csv_cell(v) for v in row]
            writer.writerow([_shown_cell(c, shown) for c in cells] if shown else cells)
        return
    from rich.table import Table

    from . import vocab

    ids = {
        j for j, c in enumerate(df.columns) if c in {vocab.label("company_id", lang) for lang in vocab.LANGS}
    }
    rows = [
        [
            ""
            if v is None
            else f"{v:,}"
            if isinstance(v, int) and not isinstance(v, bool) and j not in ids  # 企业编号 2571, not 2,571
            else str(v)
            for j, v in enumerate(row)
        ]
        for row in frame_rows(df)
    ]
    headers = [str(c) for c in df.columns]
    right = [str(df[c].dtype).lower().startswith(("int", "float")) for c in df.columns]  # Int64 too
    if console is None and len(rows) > PLAIN_TABLE_ROWS:
        plain = terminal_console(highlight=False, markup=False)
        lines = None if plain.is_terminal else plain_table_lines(title, headers, right, rows, plain)
        if lines is not None:
            plain.file.write("".join(line + "\n" for line in lines))
            return
    console = console or wide_console(headers, rows)
    table = Table(title=title, show_lines=False, header_style="bold")
    for header, numeric in zip(headers, right, strict=True):
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    for i, cells in enumerate(rows):
        table.add_row(*cells, style="bold" if bold_last and i == len(rows) - 1 else None)
    console.print(table)


def json_document(
    frames: list[tuple[str, pd.DataFrame]], head: dict[str, Any] | None = None, keyed: bool = False
) -> Any:
    """The one JSON document of a command's tables, the same on stdout (`-f json`) and in `--out X.json`:
    a table alone is its list of records; several tables (or `keyed`, or `head` keys such as `notes`
    before them) are one object with a key per table."""
    if len(frames) == 1 and not keyed and head is None:
        return to_json_records(frames[0][1])
    return {**(head or {}), **{key: to_json_records(df) for key, df in frames}}


def json_text(
    frames: list[tuple[str, pd.DataFrame]], head: dict[str, Any] | None = None, keyed: bool = False
) -> str:
    """json_document as the text printed and written, ending in a newline."""
    return json.dumps(json_document(frames, head, keyed), ensure_ascii=False, indent=2, default=str) + "\n"


def csv_table(frames: list[tuple[str, pd.DataFrame]], choose: str = "") -> tuple[str, pd.DataFrame]:
    """The one table a CSV (file or stdout) holds; several are refused, never glued or dropped.
    `choose` names the option that picks one table (--table, --by)."""
    if len(frames) > 1:
        names = ", ".join(name for name, _ in frames)
        how = f" ({choose})" if choose else ""
        raise UsageError(
            f"a CSV file holds one table, not {len(frames)} ({names})",
            f"write .xlsx or .json, or choose one table{how}",
            zh=f"一个 CSV 文件只能放一张表，这里有 {len(frames)} 张（{names}）：请写 .xlsx 或 .json，"
            f"或只选一张表{f'（{choose}）' if choose else ''}",
        )
    return frames[0]


def print_document(
    frames: list[tuple[str, pd.DataFrame]],
    fmt: str,
    head: dict[str, Any] | None = None,
    keyed: bool = False,
    choose: str = "",
) -> None:
    """`-f csv|json` on stdout: one document, what `--out X.csv|X.json` writes (write_frames)."""
    if check_format(fmt) == "json":
        sys.stdout.write(json_text(frames, head, keyed))
    else:
        print_frame(csv_table(frames, choose)[1], fmt)


def write_frames(
    path: Path,
    frames: list[tuple[str, pd.DataFrame]],
    inputs: list[str] = (),
    tables: dict[str, str] | None = None,
    head: dict[str, Any] | None = None,
    keyed: bool = False,
    choose: str = "",
    importable: bool = False,
) -> int:
    """Write one or more named tables to .xlsx (one sheet each), .csv (one table: several are
    refused) or .json (json_document: what `-f json` prints, with `head` and `keyed` alike).
    An .xlsx is marked as regiontool's own output, skipped by `import *.xlsx` (io.write.own_marker),
    unless `importable` (the resource table `export` writes, imported back with its edits).

    Returns the number of cells an .xlsx had to cut at Excel's 32,767-character limit."""
    from .io.write import Sheet, check_output_path, write_csv, write_xlsx

    suffix = path.suffix.lower()
    if not path.stem or path.name.lower() in OUT_SUFFIXES:  # --out .xlsx, --out ./: the name is missing
        raise UsageError(
            f"--out '{path}' has no file name",
            "write a name before the extension, e.g. 结果.xlsx",
            zh=f"--out “{path}”没有文件名：请在扩展名前写上名字，例如 结果.xlsx",
        )
    if suffix not in OUT_SUFFIXES:
        raise UsageError(
            f"cannot write '{suffix or path.name}' files",
            "use .xlsx, .csv or .json",
            zh=f"不能写 '{suffix or path.name}' 文件：请用 .xlsx、.csv 或 .json",
        )
    if suffix == ".csv":
        csv_table(frames, choose)
    check_output_path(path, inputs)
    if suffix == ".xlsx":
        tables = tables or {}
        return write_xlsx(
            path,
            [Sheet(name, df, table=tables.get(name)) for name, df in frames],
            own=None if importable else "table",
        )
    elif suffix == ".csv":
        name, df = frames[0]
        write_csv(path, [str(c) for c in df.columns], frame_rows(df))
    else:
        from .io.write import atomic_path

        with atomic_path(path) as tmp:
            tmp.write_text(json_text(frames, head, keyed), encoding="utf-8")
    return 0
