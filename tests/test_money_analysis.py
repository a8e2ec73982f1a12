"""Targets split, ageing and FIFO on small hand-computed cases (analysis/targets.py, receivables.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiontool.analysis import receivables as R
from regiontool.analysis import targets as T


def test_largest_remainder_hand_case():
    # 100 by 1:1:1 → 33.33 each; the one unit left goes to the first line.
    assert T.largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    # 3,000,000 by 2:3:5 is exact.
    assert T.largest_remainder(3_000_000, [2, 3, 5]) == [600_000, 900_000, 1_500_000]
    # 10 by 0.15/0.15/0.7 → 1.5, 1.5, 7: halves tie, the earlier line wins.
    assert T.largest_remainder(10, [0.15, 0.15, 0.7]) == [2, 1, 7]
    assert T.largest_remainder(7, [0, 0]) == [4, 3]  # no weight: equal shares


@given(
    st.integers(min_value=0, max_value=10**10),
    st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=30),
)
def test_largest_remainder_always_sums_to_the_total(total, weights):
    shares = T.largest_remainder(total, weights)
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)


def test_split_keeps_lines_set_by_hand_and_shares_the_rest():
    lines = T.split(1_000_000, {"王海波": 300.0, "沈晓东": 100.0, None: 100.0}, overrides={"王海波": 500_000})
    by = {x.value: x.amount for x in lines}
    assert by == {"王海波": 500_000, "沈晓东": 250_000, None: 250_000}
    assert sum(by.values()) == 1_000_000
    with pytest.raises(ValueError):
        T.split(100, {"a": 1.0}, overrides={"a": 60, "b": 50})


def test_split_every_line_by_hand_shows_the_unallocated_rest():
    lines = T.split(1000, {}, overrides={"a": 300, "b": 300})
    assert [(x.value, x.amount) for x in lines] == [("a", 300), ("b", 300), ("", 400)]


def test_without_any_weight_the_lines_that_exist_share_equally():
    # A first year (no sales last year, no pipeline): the managers that exist share the target,
    # not one blank line labelled "every line set by hand".
    lines = T.split(600, {}, existing=["a", "b", "c"])
    assert [(x.value, x.amount, x.basis) for x in lines] == [
        ("a", 200, "equal"),
        ("b", 200, "equal"),
        ("c", 200, "equal"),
    ]
    lines = T.split(600, {}, overrides={"a": 300}, existing=["a", "b", "c"])
    assert [(x.value, x.amount, x.basis) for x in lines] == [
        ("a", 300, "fixed"),
        ("b", 150, "equal"),
        ("c", 150, "equal"),
    ]
    # a line whose last year nets to nothing (refunds) is not one that exists: no share
    lines = {x.value: x for x in T.split(600, {None: -50.0}, existing=["a", "b"])}
    assert (lines["a"].amount, lines["b"].amount, lines[None].amount, lines[None].basis) == (
        300,
        300,
        0,
        "none",
    )
    # weight somewhere: the rule of weights, the other lines that exist are not added
    assert [x.value for x in T.split(600, {"a": 10.0}, existing=["a", "b"])] == ["a"]
    # no line at all: what is left says so (not "every line set by hand")
    assert [(x.value, x.amount, x.basis) for x in T.split(600, {}, existing=[])] == [("", 600, "unshared")]
    assert T.split(1000, {}, overrides={"a": 300}, existing=["a"])[-1].basis == "rest"


@pytest.mark.parametrize(
    ("text", "key", "start", "end"),
    [
        ("2027Q1", "2027Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ("2028年第一季度", "2028Q1", date(2028, 1, 1), date(2028, 3, 31)),
        ("2028-02", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2027年2月", "2027-02", date(2027, 2, 1), date(2027, 2, 28)),
        ("2027", "2027", date(2027, 1, 1), date(2027, 12, 31)),
    ],
)
def test_periods(text, key, start, end):
    p = T.parse_period(text)
    assert (p.key, p.start, p.end) == (key, start, end)


@pytest.mark.parametrize("bad", ["2027Q5", "2027-13", "Q1", "", "明年"])
def test_bad_periods(bad):
    with pytest.raises(ValueError):
        T.parse_period(bad)


def test_forecast_extends_the_run_rate():
    p = T.parse_period("2026-11")  # 30 days
    run, with_pipe = T.forecast(100_000, p, date(2026, 11, 10), 20_000)
    assert run == pytest.approx(300_000) and with_pipe == pytest.approx(320_000)


@pytest.mark.parametrize(
    ("day", "as_of", "bucket"),
    [
        (date(2024, 3, 1), date(2024, 3, 31), 0),  # 30 days
        (date(2024, 2, 29), date(2024, 3, 31), 1),  # leap day: 31 days
        (date(2024, 1, 31), date(2024, 3, 31), 1),  # 60 days, 29 February counted
        (date(2023, 12, 31), date(2024, 3, 30), 2),  # 90 days
        (date(2023, 12, 31), date(2024, 3, 31), 3),  # 91 days
    ],
)
def test_ageing_on_month_ends_and_leap_days(day, as_of, bucket):
    line = R.OpenLine(day, None, 100.0)
    assert R.bucket_of(line.age(as_of)) == bucket


def test_fifo_pays_the_oldest_line_first_and_ages_the_rest():
    orders = [(1, "2024-01-15", 1000.0, None, "甲"), (1, "2024-02-29", 500.0, None, "乙")]
    payments = [(1, "2024-03-01", 1200.0)]
    a = R.accounts(orders, payments)[1]
    assert a.owed == pytest.approx(300.0)
    assert [(x.product, x.open) for x in a.open_lines] == [("乙", 300.0)]
    assert a.buckets(date(2024, 3, 31)) == [0.0, 300.0, 0.0, 0.0]  # 31 days after 29 Feb
    assert a.credit == 0


def test_a_customer_who_overpaid_has_credit_not_negative_ageing():
    orders = [(7, "2024-01-10", 1000.0, None, "甲")]
    payments = [(7, "2024-01-20", 1000.0), (7, "2024-02-01", 250.0)]
    a = R.accounts(orders, payments)[7]
    assert a.owed == 0 and a.open_lines == []
    assert a.credit == pytest.approx(250.0)
    assert a.buckets(date(2024, 6, 30)) == [0.0, 0.0, 0.0, 0.0]


def test_paid_column_and_refunds_count_as_received():
    orders = [
        (2, "2024-01-01", 1000.0, 400.0, "甲"),  # 600 open on the line
        (2, "2024-02-01", -100.0, None, "甲"),  # a refund
    ]
    a = R.accounts(orders, [])[2]
    assert a.owed == pytest.approx(500.0) and a.collected == pytest.approx(400.0)


def test_a_return_takes_back_the_latest_sales_before_it_then_the_next_after_it():
    """Review r92 F1: 插座 returned whole leaves the older 开关 invoice owed, aged from its day."""
    orders = [
        (1, "2026-08-01", 1000.0, None, "开关"),
        (1, "2026-10-15", 2000.0, None, "插座"),
        (1, "2026-10-20", -2500.0, None, "插座"),  # 500 more than 插座: off 开关 too
        (1, "2026-11-01", 300.0, None, "电线"),
    ]
    a = R.accounts(orders, [(1, "2026-11-02", 100.0)])[1]
    assert [(x.product, x.open) for x in a.open_lines] == [("开关", 400.0), ("电线", 300.0)]
    assert a.oldest(date(2026, 11, 20)) == 111
    a = R.accounts([(2, "2026-10-20", -500.0, None, "甲"), (2, "2026-11-01", 800.0, None, "乙")], [])[2]
    assert [(x.product, x.open) for x in a.open_lines] == [("乙", 300.0)] and a.credit == 0


def test_a_return_listed_before_its_days_sale_takes_back_that_sale():
    """Review r93 F3: a file listing a day's return before its sale (TH… before XS…) ages as one
    listing it after: the older invoice stays owed, in the ageing and the collection plan alike."""
    sale, back = (1, "2026-11-16", 800.0, None, "插座"), (1, "2026-11-16", -800.0, None, "插座")
    old = (1, "2026-08-01", 800.0, None, "开关")
    for orders in ([old, sale, back], [old, back, sale], [back, sale, old]):
        a = R.accounts(orders, [])[1]
        assert [(x.product, x.open) for x in a.open_lines] == [("开关", 800.0)], orders
        assert R.collections_by_month(orders, [], terms=30)[(1, "2026-08")][0] == 800.0


@given(
    st.lists(
        st.tuples(st.dates(date(2024, 1, 1), date(2024, 12, 31)), st.integers(-2000, 5000)).filter(
            lambda t: t[1] != 0
        ),
        max_size=10,
    )
)
def test_with_nothing_paid_what_is_owed_is_what_the_collection_plan_plans(lines):
    """The ageing and the 回款计划 of one command agree on which sales a return took back."""
    orders = [(1, d, float(a), None, None) for d, a in lines]
    acc = R.accounts(orders, []).get(1)
    owed: dict[str, float] = {}
    for x in acc.open_lines if acc else ():
        owed[R.month_of(x.day, 30)] = owed.get(R.month_of(x.day, 30), 0.0) + x.open
    planned = {m: v[0] for (_, m), v in R.collections_by_month(orders, [], terms=30).items() if v[0] > 0.005}
    assert owed == pytest.approx(planned)


def test_collections_by_month_plan_on_due_month():
    orders = [(1, "2024-01-31", 1000.0, None, None)]
    payments = [(1, "2024-03-05", 600.0)]
    got = R.collections_by_month(orders, payments, terms=30)
    assert got == {(1, "2024-03"): [1000.0, 600.0]}  # 31 Jan + 30 days = 1 March


def test_a_row_adds_up_with_a_refund():
    # r2 #10: 5,000 billed, a 500 refund, 1,000 paid → owed 3,500; the row shows net sales 4,500.
    orders = [(3, "2025-01-01", 5000.0, None, "甲"), (3, "2025-03-01", -500.0, None, "甲")]
    a = R.accounts(orders, [(3, "2025-02-01", 1000.0)])[3]
    assert a.billed == pytest.approx(4500.0) and a.owed == pytest.approx(3500.0)
    assert a.billed - a.collected == pytest.approx(a.owed - a.credit)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.dates(date(2024, 1, 1), date(2024, 12, 31)),
            st.integers(-2000, 5000),
            st.one_of(st.none(), st.integers(0, 3000)),
        ),
        max_size=12,
    ),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4000)), max_size=6),
)
def test_billed_less_collected_is_owed_less_credit(orders, payments):
    acc = R.accounts(
        [(c, d, float(a), p, None) for c, d, a, p in orders if a],
        [(c, "2024-06-01", float(a)) for c, a in payments],
    )
    for a in acc.values():
        assert a.billed - a.collected == pytest.approx(a.owed - a.credit, abs=0.02)


def test_month_weights_scale_a_running_month_and_average_the_empty_ones():
    months = ["2027-10", "2027-11", "2027-12"]
    # last year's October whole (300), November to the 10th of 30 days (100), December nothing
    got = T.month_weights(months, {"2027-10": 300.0, "2027-11": 100.0}, date(2026, 11, 10))
    assert got == {
        "2027-10": (300.0, "last_year"),
        "2027-11": (pytest.approx(300.0), "prorated"),
        "2027-12": (pytest.approx(300.0), "average"),
    }
    assert T.month_weights(months, {}, None) == {m: (0.0, "equal") for m in months}


def test_a_line_without_weight_beside_weighted_ones_says_it_gets_nothing():
    lines = {x.value: x for x in T.split(100, {"a": 10.0, "b": 0.0})}
    assert (lines["b"].amount, lines["b"].basis) == (0, "none")
    assert {x.basis for x in T.split(100, {"a": 0.0, "b": 0.0})} == {"equal"}


def test_split_grid_hand_case():
    # products 2:1 over months 600/300/100 of 1,000 (a month with an odd unit to place)
    got = T.split_grid({"ERP": 667, "服务": 333}, {"10": 600, "11": 300, "12": 100})
    assert got[("ERP", "10")] == 400 and got[("服务", "10")] == 200
    assert sum(got[("ERP", m)] for m in ("10", "11", "12")) == 667


@given(
    st.lists(st.integers(0, 10**7), min_size=1, max_size=8),
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=12),
)
def test_split_grid_rows_and_columns_add_up_exactly(rows, col_weights):
    total = sum(rows)
    cols = dict(enumerate(T.largest_remainder(total, col_weights)))
    grid = T.split_grid(dict(enumerate(rows)), cols)
    assert all(v >= 0 for v in grid.values())
    for r, amount in enumerate(rows):
        assert sum(grid[(r, c)] for c in cols) == amount
    for c, amount in cols.items():
        assert sum(grid[(r, c)] for r in range(len(rows))) == amount


def test_split_lines_tied_in_weight_come_by_name_in_every_process():
    """Lines with equal weight are listed, and get the rounding's odd yuan, by name: the same in
    every process, whatever its string hashing (review r38 #2)."""
    import os
    import subprocess
    import sys

    code = (
        "from regiontool.analysis import targets as T;"
        "print([(l.value, l.amount) for l in T.split(100, {'丙': 1.0, '甲': 1.0, None: 1.0, '乙': 1.0, '丁': 2.0})])"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert seen == {"[('丁', 33), ('丙', 17), ('乙', 17), ('甲', 17), (None, 16)]\n"}, seen
