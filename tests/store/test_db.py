"""Database.to_number: a cell is a number only when its whole text is one."""

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from regiontool.store.db import Database, whole_number

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(finite)
def test_a_number_written_with_thousands_separators_reads_back(x):
    assert whole_number(f" {x:,.2f} ") == float(f"{x:.2f}")
    assert whole_number(x) == x and whole_number(int(x)) == int(x)


@given(
    st.integers(0, 10**9), st.sampled_from(["人以上", "人", "万", "-5", "元", " 左右", "/年", ".5.1", "e"])
)
def test_a_text_that_only_starts_with_a_number_is_none(n, tail):
    assert whole_number(f"{n}{tail}") is None
    assert whole_number(f"约{n}") is None


def test_sqlite_reads_cells_as_the_function_does(tmp_path):
    db = Database.sqlite(tmp_path / "t.db")
    cells = [12, 3.5, "1,200", " 7 ", "1000人以上", "3-5", "", None, "-.5", "+2e3", "购买名单", "1.2.3"]
    got = [db.raw.execute(f"SELECT {db.to_number('?')}", (c,)).fetchone()[0] for c in cells]
    assert got == [12, 3.5, 1200.0, 7.0, None, None, None, None, -0.5, 2000.0, None, None]
    assert isinstance(db.raw, sqlite3.Connection)
