"""The Arrow bulk loader stores exactly what executemany stores, or declines."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiontool.store import bulk

pytestmark = pytest.mark.skipif(not bulk.available(), reason="no ADBC SQLite driver here")

# One column of each affinity a workspace declares, and one with none (the scratch tables).
TABLE = "CREATE TABLE t (a TEXT, b REAL, c INTEGER, d)"
COLUMNS = ("a", "b", "c", "d")

cells = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.booleans(),
)
# Columns mostly of one kind (as an import makes them), sometimes mixed.
column = st.one_of(
    st.lists(st.one_of(st.none(), st.text(max_size=8)), min_size=3, max_size=3),
    st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=3, max_size=3),
    st.lists(
        st.one_of(st.none(), st.floats(allow_nan=False), st.integers(-1000, 1000)), min_size=3, max_size=3
    ),
    st.lists(cells, min_size=3, max_size=3),
)


def _stored(con: sqlite3.Connection) -> list[tuple]:
    rows = con.execute("SELECT a, typeof(a), b, typeof(b), c, typeof(c), d, typeof(d) FROM t ORDER BY rowid")
    return [tuple("nan" if isinstance(v, float) and math.isnan(v) else v for v in r) for r in rows]


def _by_executemany(tmp: Path, columns: dict[str, list]) -> list[tuple]:
    con = sqlite3.connect(tmp / "plain.db")
    con.execute(TABLE)
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", zip(*columns.values(), strict=True))
    return _stored(con)


def _by_arrow(tmp: Path, columns: dict[str, list]) -> list[tuple] | None:
    frame = bulk.arrow_frame(columns, real=frozenset({"b"}))
    if frame is None:
        return None
    scratch = tmp / "scratch.db"
    scratch.unlink(missing_ok=True)
    bulk.write_scratch(str(scratch), "t", frame)
    con = sqlite3.connect(tmp / "arrow.db")
    con.execute("DROP TABLE IF EXISTS t")
    con.execute(TABLE)
    con.execute("ATTACH DATABASE ? AS s", (str(scratch),))
    con.execute("INSERT INTO t SELECT a, b, c, d FROM s.t ORDER BY rowid")
    return _stored(con)


@settings(max_examples=150, deadline=None)
@given(a=column, b=column, c=column, d=column)
def test_a_frame_stores_what_executemany_stores(tmp_path_factory, a, b, c, d):
    tmp = tmp_path_factory.mktemp("bulk")
    columns = dict(zip(COLUMNS, (a, b, c, d), strict=True))
    arrow = _by_arrow(tmp, columns)
    if arrow is not None:
        assert arrow == _by_executemany(tmp, columns)


def test_columns_of_one_kind_go_through_arrow(tmp_path):
    columns = {
        "a": ["宁波", None, "=1+1"],
        "b": [1, 2.5, None],
        "c": [1, None, 2**63 - 1],
        "d": ["x", "y", None],
    }
    assert _by_arrow(tmp_path, columns) == _by_executemany(tmp_path, columns)


@pytest.mark.parametrize(
    "values",
    [
        ["1", 1, None],  # text and a number: each keeps its own storage class
        [1, 2.5, None],  # integer and float in a column without REAL affinity
        [2**64, 1, None],  # past 64 bits
        [True, False, None],
    ],
)
def test_a_mixed_column_is_declined(values):
    assert bulk.arrow_frame({"a": values}) is None


def test_scratch_files_of_gone_processes_are_swept(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = [tmp_path / f"regiontool-{t}-{gone.stdout.strip()}-abc.db" for t in ("companies", "contacts")]
    mine = Path(bulk.scratch_file("companies"))
    for path in stale:
        path.write_bytes(b"")
    bulk.sweep_scratch()
    assert not any(p.exists() for p in stale) and mine.exists()
    assert mine.name.startswith(f"regiontool-companies-{os.getpid()}-")


def test_the_real_columns_named_for_staged_firms_are_those_the_schema_declares(tmp_path):
    from regiontool.store import Workspace
    from regiontool.store.schema import COMPANY_REAL_COLUMNS

    ws = Workspace.open(tmp_path / "w.db", create=True)
    try:
        declared = {r[1] for r in ws.db.execute("PRAGMA table_info(companies)") if bulk.real_affinity(r[2])}
    finally:
        ws.close()
    assert declared == COMPANY_REAL_COLUMNS


@pytest.mark.parametrize(
    ("declared", "real"),
    [
        ("REAL", True),
        ("DOUBLE", True),
        ("double precision", True),
        ("FLOAT", True),
        ("TEXT", False),
        ("INTEGER", False),
        ("", False),
        ("NUMERIC", False),
        ("FLOATING POINT", False),
        ("BLOB", False),
    ],
)
def test_real_affinity_follows_sqlites_rules(declared, real):
    # FLOATING POINT has INT in it: rule 1 makes it INTEGER
    assert bulk.real_affinity(declared) is real
