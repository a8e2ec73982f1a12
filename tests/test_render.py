"""render.plain_table_lines lays out a long table sent to a pipe or a file as rich does, in µs a row."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from regiontool import render

# Cells as data brings them: CJK, full-width, ASCII, spaces, control characters, emoji, empties.
TEXT = st.text(
    alphabet=st.sampled_from(list("甲乙丙厂有限公司ＡＢ１２ab -,.·①—é\x07\x85😀[]/  ")), max_size=12
)


def rich_lines(title, headers, right, rows) -> list[str]:
    """What print_frame's rich table prints on a console that is no terminal."""
    out = io.StringIO()
    console = render.wide_console(headers, rows)
    console.file = out
    table = Table(title=title, show_lines=False, header_style="bold")
    for header, numeric in zip(headers, right, strict=True):
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    for cells in rows:
        table.add_row(*cells)
    console.print(table)
    return out.getvalue().splitlines()


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.tuples(
            st.lists(TEXT.filter(bool), min_size=width, max_size=width),
            st.lists(st.booleans(), min_size=width, max_size=width),
            st.lists(st.lists(TEXT, min_size=width, max_size=width), max_size=6),
        )
    ),
    st.one_of(st.none(), TEXT.filter(bool)),
)
def test_plain_table_is_what_rich_prints(table, title):
    headers, right, rows = table
    console = render.wide_console(headers, rows)
    console.file = io.StringIO()
    lines = render.plain_table_lines(title, headers, right, rows, console)
    if lines is not None:
        assert lines == rich_lines(title, headers, right, rows)


def test_a_multi_line_cell_or_a_wide_title_is_left_to_rich():
    console = Console(file=io.StringIO(), width=80)
    assert render.plain_table_lines(None, ["a"], [False], [["x\ny"]], console) is None
    assert render.plain_table_lines("一个比表格宽得多的标题", ["a"], [False], [["x"]], console) is None
    assert render.plain_table_lines("t", ["a"], [False], [["x"]], console) is not None


def test_a_long_table_to_a_file_is_laid_out_without_rich_as_rich_would(capsys, monkeypatch):
    n = render.PLAIN_TABLE_ROWS + 1
    frame = pd.DataFrame({"企业": [f"慈溪市{i}号电器厂" for i in range(n)], "联系人数": list(range(n))})
    title = f"共 {n:,} 家企业"
    rows = [[f"慈溪市{i}号电器厂", f"{i:,}"] for i in range(n)]  # as print_frame shows them: 1,000
    expected = rich_lines(title, ["企业", "联系人数"], [False, True], rows)
    monkeypatch.setattr(Table, "add_row", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rich")))
    render.print_frame(frame, title=title)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == n + 5  # title, top, header, header rule, rows, bottom
    assert lines == expected
