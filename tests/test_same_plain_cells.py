"""The whole-row shortcut of export_row_edits: a row it calls unedited has every cell the same
as its stored original, as normalize.same_cell compares them one by one."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from regiontool.normalize import same_cell
from regiontool.reimport import same_plain_cells

# Cells as a sheet or an import's stored rows hold them, with values equal across types
# (1, 1.0 and True; 10**16 and 1e16; -0.0 and 0) and texts a date is read back from.
_CELLS = st.one_of(
    st.text(max_size=4),
    st.sampled_from(["2026-12-01T09:15:00", "2026-12-01 09:15:00", "1", "1.0", "TRUE", ""]),
    st.integers(-3, 3),
    st.sampled_from([10**16, 2**53 + 1]),
    st.floats(allow_nan=True),
    st.sampled_from([1e16, 0.0, -0.0, 1.0, float(2**53)]),
    st.booleans(),
    st.none(),
    st.datetimes(min_value=dt.datetime(2026, 12, 1), max_value=dt.datetime(2026, 12, 2)),
)


def _other(value: object) -> object:
    """A cell equal to `value` in Python but of another type, where there is one."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value) if value != 1 else True
    if isinstance(value, float) and value == value and value.is_integer():
        return int(value)
    return value


@given(st.lists(st.tuples(_CELLS, st.integers(0, 2), _CELLS), max_size=8))
def test_a_row_told_unedited_has_every_cell_the_same(pairs):
    # each stored cell is the file's, the same value of another type, or another cell
    cells = tuple(a for a, _, _ in pairs)
    olds = tuple(a if how == 0 else _other(a) if how == 1 else b for a, how, b in pairs)
    if same_plain_cells(cells, olds):
        assert all(same_cell(a, b) for a, b in zip(cells, olds, strict=True))


@given(st.lists(st.one_of(st.text(max_size=4), st.integers(), st.floats(allow_nan=False)), max_size=8))
def test_a_row_of_the_stored_texts_and_numbers_is_told_unedited(cells):
    assert same_plain_cells(tuple(cells), tuple(cells))
