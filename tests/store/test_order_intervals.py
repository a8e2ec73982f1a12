"""The database's interval statistics (window functions, SQLite and PostgreSQL) agree with the
pure reference in analysis/rfm.py on random order histories."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool.analysis import rfm
from regiontool.store import Workspace

START = dt.date(2024, 1, 1)

# Per company: order lines as (day offset, amount); amounts ≤ 0 (returns) never count as order days.
histories = st.lists(
    st.lists(st.tuples(st.integers(0, 900), st.sampled_from([-50.0, 0.0, 100.0, 2500.0])), max_size=9),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def workspace(db):
    ws = Workspace.open(db, create=True)
    yield ws
    ws.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=histories, until=st.integers(200, 1000))
def test_database_intervals_equal_the_reference(workspace, histories, until):
    ws = workspace
    with ws.transaction():
        ws.db.execute("DELETE FROM orders")
        ws.db.execute("DELETE FROM companies")
        ids = ws.insert_companies(
            [{"name": f"公司{i}", "name_key": f"公司{i}"} for i in range(len(histories))], None
        )
        rows = []
        for i, lines in enumerate(histories):
            for j, (offset, amount) in enumerate(lines):
                day = (START + dt.timedelta(days=offset)).isoformat()
                rows.append((f"{i}-{j}", ids[f"公司{i}"], f"公司{i}", f"公司{i}", day, amount, *[None] * 8))
        if rows:
            ws.insert_orders(rows)
    cutoff = (START + dt.timedelta(days=until)).isoformat()

    got = rfm.intervals_from_moments(ws.order_intervals(cutoff)).sort_index()

    days = sorted(
        {
            (ids[f"公司{i}"], offset)
            for i, lines in enumerate(histories)
            for offset, amount in lines
            if amount > 0 and offset <= until
        }
    )
    ids_arr = np.array([c for c, _ in days], dtype=np.int64)
    day_arr = np.array([d for _, d in days], dtype=np.int64)
    want = rfm.interval_stats(ids_arr, day_arr).dropna(subset=["median_interval"]).sort_index()

    assert list(got.index) == list(want.index)
    np.testing.assert_allclose(got["median_interval"], want["median_interval"].astype(float))
    np.testing.assert_allclose(got["regularity"], want["regularity"].astype(float), rtol=1e-9, atol=1e-9)
