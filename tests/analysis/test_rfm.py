"""RFM scoring on hand-checked cases: cut points, ties, degenerate inputs, segments, churn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiontool import vocab
from regiontool.analysis import rfm

AS_OF = pd.Timestamp("2026-11-20")


def customers(rows) -> pd.DataFrame:
    """rows: (company_id, first_order, last_order, frequency, monetary)."""
    df = pd.DataFrame(rows, columns=["company_id", "first_order", "last_order", "frequency", "monetary"])
    df["company"] = [f"企业{i}" for i in df["company_id"]]
    return df


def run(df, days=None, **options) -> rfm.RfmResult:
    days = np.array(days or [], dtype=np.int64).reshape(-1, 2)
    return rfm.rfm(df, rfm.interval_stats(days[:, 0], days[:, 1]), AS_OF, rfm.RfmOptions(**options))


def test_given_cut_points_are_inclusive_upper_bounds():
    assert list(rfm.score(np.array([1, 2, 3, 5, 6, 10, 11]), [1, 2, 5, 10])) == [1, 2, 3, 3, 4, 4, 5]
    # recency: fewer days is better
    assert list(rfm.score(np.array([0, 30, 31, 90, 366]), [30, 90, 180, 365], higher_is_better=False)) == [
        5,
        5,
        4,
        4,
        1,
    ]


def test_quintile_scores_by_hand():
    df = customers([(i, "2026-01-01", "2026-11-01", i, i * 1000) for i in range(1, 11)])
    result = run(df)
    assert result.cuts["f"] == pytest.approx([2.8, 4.6, 6.4, 8.2])
    assert list(result.customers["f"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(result.customers["m"]) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert result.cut_source == {"r": "all equal", "f": "quintiles", "m": "quintiles"}
    assert set(result.customers["r"]) == {3}  # everyone ordered on the same day


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=6), min_size=2, max_size=40), st.randoms())
def test_equal_values_get_equal_scores_whatever_the_row_order(freqs, rnd):
    rows = [(i, "2026-01-01", f"2026-{1 + i % 10:02d}-15", f, f * 500) for i, f in enumerate(freqs)]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a = run(customers(rows)).customers.set_index("company_id")
    b = run(customers(shuffled)).customers.set_index("company_id").loc[a.index]
    assert (
        (a[["r", "f", "m", "segment", "quadrant"]] == b[["r", "f", "m", "segment", "quadrant"]]).all().all()
    )
    for f in set(freqs):
        assert a.loc[a["frequency"] == f, "f"].nunique() == 1


def test_a_single_customer_scores_three_everywhere():
    result = run(customers([(7, "2026-03-01", "2026-03-01", 1, 5000)]))
    row = result.customers.iloc[0]
    assert (row["r"], row["f"], row["m"]) == (3, 3, 3)
    assert row["segment"] == "need_attention"
    assert row["recency_days"] == (AS_OF - pd.Timestamp("2026-03-01")).days


def test_all_customers_equal_score_alike():
    result = run(customers([(i, "2025-01-01", "2026-06-01", 3, 9000) for i in range(5)]))
    assert result.customers[["r", "f", "m", "segment", "value_group", "quadrant"]].nunique().max() == 1


def test_segments_follow_the_grid():
    df = customers(
        [
            (1, "2024-01-01", "2026-11-19", 20, 900_000),  # recent, frequent, big
            (2, "2024-01-01", "2024-02-01", 1, 1_000),  # long gone, once, small
            (3, "2024-01-01", "2024-03-01", 19, 800_000),  # long gone but was big
        ]
    )
    result = run(
        df, r_bins=[30, 90, 180, 365], f_bins=[1, 2, 5, 10], m_bins=[5_000, 20_000, 100_000, 500_000]
    )
    seg = dict(zip(result.customers["company_id"], result.customers["segment"], strict=True))
    assert seg == {1: "champions", 2: "lost", 3: "cant_lose"}
    groups = dict(zip(result.customers["company_id"], result.customers["value_group"], strict=True))
    assert groups == {1: "high", 2: "low", 3: "medium"}  # 15, 3 and 1+5+5 = 11


def test_every_grid_cell_has_a_named_segment():
    assert set(vocab.RFM_GRID) == {(r, fm) for r in range(1, 6) for fm in range(1, 6)}
    assert set(vocab.RFM_GRID.values()) == set(vocab.RFM_SEGMENTS)


def test_churn_uses_each_customers_own_rhythm():
    base = pd.Timestamp("2026-01-01").to_julian_date()
    day = lambda s: int(pd.Timestamp(s).to_julian_date() - base)  # noqa: E731
    df = customers(
        [
            (1, "2026-01-01", "2026-09-01", 9, 90_000),  # monthly buyer, silent 80 days > 2 × 30
            (2, "2025-01-01", "2026-07-01", 3, 30_000),  # half-yearly buyer, silent 142 days < 2 × 181
            (3, "2025-10-01", "2025-10-01", 1, 10_000),  # one order 415 days ago > 365
            (4, "2026-06-01", "2026-06-01", 1, 10_000),  # one order 172 days ago
        ]
    )
    monthly = [(1, day(f"2026-{m:02d}-01")) for m in range(1, 10)]
    half_yearly = [
        (2, day("2025-01-01")),
        (2, day("2025-07-01")),
        (2, day("2026-01-01")),
        (2, day("2026-07-01")),
    ]
    result = run(df, days=monthly + half_yearly)
    warned = dict(zip(result.customers["company_id"], result.customers["churn_warning"], strict=True))
    assert warned == {1: True, 2: False, 3: True, 4: False}
    first = rfm.churn_list(result)
    assert list(first["company_id"]) == [1, 3]  # 90,000 over ~1 year at risk before 10,000
    assert first.iloc[0]["median_interval"] == pytest.approx(30, abs=1.5)
    assert result.customers.set_index("company_id").loc[2, "value_at_risk"] == 0


def test_churn_k_and_days_are_options():
    df = customers([(1, "2025-10-01", "2025-10-01", 1, 10_000)])
    assert not run(df, churn_days=500).customers["churn_warning"].any()
    assert run(df, churn_days=400).customers["churn_warning"].all()


def test_quadrants_split_at_the_median_or_given_values():
    df = customers(
        [
            (1, "2024-01-01", "2026-11-01", 10, 500_000),
            (2, "2024-01-01", "2026-11-01", 1, 400_000),
            (3, "2024-01-01", "2026-11-01", 10, 1_000),
            (4, "2024-01-01", "2026-11-01", 1, 2_000),
        ]
    )
    # 1 and 3 ordered on ten days, 115 days apart, from 2024-01-01 to 2026-11-01 (1,035 days)
    days = [(c, 115 * k) for c in (1, 3) for k in range(10)]
    result = run(df, days)
    quad = dict(zip(result.customers["company_id"], result.customers["quadrant"], strict=True))
    assert quad == {1: "treasure", 2: "dangerous", 3: "stars", 4: "let_go"}
    assert result.volume_split == 201_000
    everyone_small = run(df, volume_split=10_000_000)
    assert set(everyone_small.customers["quadrant"]) <= {"stars", "let_go"}


def test_regularity_rewards_even_intervals():
    ids = np.array([1, 1, 1, 1, 2, 2, 2, 2])
    days = np.array([0, 30, 60, 90, 0, 5, 10, 90])
    stats = rfm.interval_stats(ids, days)
    assert stats.loc[1, "regularity"] == pytest.approx(1.0)
    assert stats.loc[2, "regularity"] < 0.7
    assert stats.loc[1, "median_interval"] == 30


def test_segment_summary_lists_all_segments_and_adds_up():
    df = customers([(i, "2025-01-01", f"2026-{1 + i:02d}-01", 1 + i, 1000 * (1 + i)) for i in range(10)])
    summary = rfm.segment_summary(run(df))
    assert list(summary["segment"]) == list(vocab.RFM_SEGMENTS)
    assert summary["customers"].sum() == 10
    assert summary["value_share"].sum() == pytest.approx(1.0)


def test_win_back_effort_follows_what_is_at_stake_not_recency():
    from regiontool.value import win_back_efforts

    churned = pd.DataFrame(
        {
            "segment": ["lost", "cant_lose", "hibernating", "need_attention", "lost", "about_to_sleep"],
            "value_at_risk": [900_000.0, 5_000.0, 1_000.0, 20_000.0, 2_000.0, 30_000.0],
        }
    )
    efforts = win_back_efforts(churned)
    assert efforts[0] == "high"  # the most at risk is visited, whatever its segment
    assert efforts[1] == "high"  # can't lose: in person, even when little is at risk
    assert efforts[2] == efforts[4] == "low"  # asleep or lost, and little at risk
    assert efforts[3] == "medium"
    assert set(efforts) <= set(vocab.WIN_BACK)
    assert win_back_efforts(churned.iloc[:0]) == []


@given(st.lists(st.floats(0, 1e7), min_size=1, max_size=40), st.data())
def test_more_at_risk_never_means_less_effort_within_a_segment(risks, data):
    from regiontool.value import win_back_efforts

    segment = data.draw(st.sampled_from(list(vocab.RFM_SEGMENTS)))
    churned = pd.DataFrame({"segment": [segment] * len(risks), "value_at_risk": risks})
    rank = {"low": 0, "medium": 1, "high": 2}
    pairs = sorted(zip(risks, (rank[e] for e in win_back_efforts(churned)), strict=True))
    assert all(a[1] <= b[1] for a, b in zip(pairs, pairs[1:], strict=False))


def test_a_one_order_customer_is_never_loyal():
    """Most customers buy once: the median loyalty lands on them, and they must not count as loyal."""
    df = customers(
        [
            (1, "2024-01-01", "2026-11-01", 1, 500_000),  # one order, large: most dangerous
            (2, "2024-01-01", "2026-11-01", 1, 1_000),  # one order, small: let go
            (3, "2024-01-01", "2026-11-01", 1, 1_200),
            (4, "2024-01-01", "2026-11-01", 3, 400_000),  # three orders, large: the treasure
            (5, "2024-01-01", "2026-11-01", 2, 1_100),  # two orders, small: a star
        ]
    )
    days = [(4, 0), (4, 30), (4, 60), (5, 0), (5, 90)]
    result = run(df, days=days)
    assert (result.loyalty_split, result.volume_split) == (0.5, 1_200)  # 0.5: the one-order value
    quad = dict(zip(result.customers["company_id"], result.customers["quadrant"], strict=True))
    assert quad == {1: "dangerous", 2: "let_go", 3: "dangerous", 4: "treasure", 5: "stars"}
    low_split = run(df, days=days, loyalty_split=0.1).customers
    assert set(low_split.loc[low_split["frequency"] == 1, "quadrant"]) <= {"dangerous", "let_go"}
