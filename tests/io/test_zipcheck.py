"""The sheet-extent bound of the zip check: whatever shortcut it takes, it refuses exactly the
sheets whose cells span more than the limit."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import example, given
from hypothesis import strategies as st

from regiontool.io import zipcheck
from regiontool.io.zipcheck import _letters, _xlsx_extent, _xlsx_extent_general


def _column(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet(cells: list[tuple[int, int]], zeros: list[int] = ()) -> bytes:
    """Cells (row, column), the i-th row number written with zeros[i] leading zeros."""
    pads = ["0" * z for z in zeros] + [""] * len(cells)
    rows = "".join(
        f'<row r="{r}"><c r="{_column(c)}{pad}{r}" t="n"><v>1</v></c></row>'
        for (r, c), pad in zip(cells, pads, strict=False)  # more pads than cells: the rest unused
    )
    return f'<?xml version="1.0"?><worksheet><sheetData>{rows}</sheetData></worksheet>'.encode()


@given(
    st.lists(st.tuples(st.integers(1, 2_000_000), st.integers(1, 20_000)), max_size=12),
    st.integers(1, 50_000_000),
    st.lists(st.integers(0, 6), max_size=12),
)
@example(cells=[(1000, 1), (10000, 1)], limit=50_000_000, zeros=[3])  # A001000 beside A10000
@example(cells=[(1000, 1), (200_000, 1)], limit=50_000_000, zeros=[4, 0])  # 0001000: 7 characters
@example(cells=[(90, 1), (100, 1)], limit=50_000_000, zeros=[3])  # 00090: 5 characters, row 100 beside
def test_the_extent_passes_the_limit_exactly_when_the_cells_do(cells, limit, zeros):
    """Row numbers with leading zeros (A001000 is row 1,000) included: a shortcut that took the
    longest-written numbers for the largest said 1,000 beside A10000."""
    part = _sheet(cells, zeros)
    rows, cols = _xlsx_extent(part, limit)
    exact_rows, exact_cols = _xlsx_extent_general(part, b"")
    assert (rows * cols > limit) == (exact_rows * exact_cols > limit)
    assert rows == exact_rows
    if rows * cols > limit:  # what the refusal names is the real extent
        assert cols == exact_cols


@given(st.integers(1, 10**7))
def test_letters_is_the_length_of_the_column_name(n):
    assert _letters(n) == len(_column(n))


# Row numbers of every length, and neighbours that differ in one digit (8 against 9).
_ROWS = st.one_of(
    st.integers(1, 6).flatmap(lambda d: st.integers(10 ** (d - 1), 10**d - 1)),
    st.sampled_from([8, 9, 89, 98, 99, 189, 198, 899, 989, 998, 1899, 9899, 9989, 98999, 99899]),
)


@given(
    st.lists(st.tuples(_ROWS, st.integers(1, 800), st.integers(0, 2)), min_size=1, max_size=30),
    st.integers(1, 400),
    st.integers(1, 6),
    st.integers(1, 3),
)
@example(cells=[(99, 1, 0), (98, 1, 0)], tail=53, digits=1, letters=1)  # the tail shows 98 only
@example(cells=[(10000, 1, 0), (9999, 1, 0)], tail=60, digits=4, letters=1)
def test_the_shortcuts_find_what_listing_every_cell_finds(cells, tail, digits, letters):
    # _TAIL made small, so the sheet's tail holds a part of its cells (or cuts one): the last
    # row it shows must be checked against every cell, rows out of order and written with
    # leading zeros included.
    rows = "".join(f'<row r="{r}"><c r="{_column(c)}{"0" * z}{r}"><v>1</v></c></row>' for r, c, z in cells)
    part = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    with patch.object(zipcheck, "_TAIL", tail):
        assert zipcheck._last_row(part, b"", digits) == zipcheck._long_refs(part, b"", digits, 99)[0]
    assert zipcheck._widest(part, b"", letters) == zipcheck._long_refs(part, b"", 99, letters)[1]
