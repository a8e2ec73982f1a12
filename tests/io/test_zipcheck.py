"""The sheet-extent bound of the zip check: whatever shortcut it takes, it refuses exactly the
sheets whose cells span more than the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regiontool.io.zipcheck import _letters, _xlsx_extent, _xlsx_extent_general


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet(cells: list[tuple[int, int]]) -> bytes:
    rows = "".join(f'<row r="{r}"><c r="{_column(c)}{r}" t="n"><v>1</v></c></row>' for r, c in cells)
    return f'<?xml version="1.0"?><worksheet><sheetData>{rows}</sheetData></worksheet>'.encode()


@given(
    st.lists(st.tuples(st.integers(1, 2_000_000), st.integers(1, 20_000)), max_size=12),
    st.integers(1, 50_000_000),
)
def test_the_extent_passes_the_limit_exactly_when_the_cells_do(cells, limit):
    part = _sheet(cells)
    rows, cols = _xlsx_extent(part, limit)
    exact_rows, exact_cols = _xlsx_extent_general(part, b"")
    assert (rows * cols > limit) == (exact_rows * exact_cols > limit)
    assert rows == exact_rows
    if rows * cols > limit:  # what the refusal names is the real extent
        assert cols == exact_cols


@given(st.integers(1, 10**7))
def test_letters_is_the_length_of_the_column_name(n):
    assert _letters(n) == len(_column(n))
