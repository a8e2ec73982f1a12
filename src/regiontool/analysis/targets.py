"""Sales targets (销售预测与分解): periods, the split of a target, and the forecast. Pure.

The split rule (市场、产品贡献规划表): each line's weight is its sales in the same period
last year plus, for managers, towns and industries, its open pipeline (a typical first
deal × the probability of its energy grade, for opportunities closing 本月内 or 考核期内).
Lines set by hand keep their amount; the rest of the target is shared by weight with the
largest-remainder method, so the lines always add up to the target in whole yuan. With
no weight at all the rest is shared equally — among the lines that exist (the managers, products,
towns or industries the caller names), so a first year or a period without sales last year still
has its lines; a line without weight while others have one gets nothing.

A month's weight (month_weights) is last year's same month: its sales when the data covers the
whole month; its sales so far scaled to the whole month (× days of the month / days covered)
when the last imported order falls inside it (the month was still running); and, for a month
with no sales (none that year, or none imported yet), the average weight of the months that
have one, so a year target never leaves a month at 0. With no month of any sales, equal shares.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

from ..errors import UsageError

# Probability that an opportunity of each energy grade closes in the period.
GRADE_WEIGHTS = {"A": 0.8, "B": 0.5, "C": 0.25, "D": 0.1}
# Closing levels that fall within a target period (the others are later).
CLOSING_IN_PERIOD = ("本月内", "考核期内")

_PATTERNS = (
    (re.compile(r"^(\d{4})\s*(?:年)?\s*[qQ]\s*([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?$"), "quarter"),
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"), "month"),
    (re.compile(r"^(\d{4})\s*年?$"), "year"),
)
_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
# The years a user may name (a period, --year, a date option): outside them a year is a slip (207,
# 2207, 1999 for 2999 …). The working calendar's lunar tables end in 2099 and a plan or forecast
# reaches past its year's end, so the last is 2098; last year's figures of 2000 are still reckoned.
FIRST_YEAR, LAST_YEAR = 2000, 2098


@dataclass(frozen=True)
class Period:
    key: str  # 2027, 2027Q1, 2027-03
    kind: str  # year, quarter, month
    start: date
    end: date

    @property
    def months(self) -> list[str]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def last_year(self) -> Period:
        return _parse(_shift_key(self.key, -1), checked=False)

    def days(self) -> int:
        return (self.end - self.start).days + 1


def _shift_key(key: str, years: int) -> str:
    return str(int(key[:4]) + years) + key[4:]


def parse_period(text: str) -> Period:
    """2027Q1 / 2027年第一季度 / 2027-03 / 2027年3月 / 2027 → Period; ValueError otherwise (also
    for a year outside FIRST_YEAR–LAST_YEAR)."""
    return _parse(text, checked=True)


def check_year(year: int, option: str = "--year") -> int:
    """A year the user gave (--year): UsageError (exit 2) outside FIRST_YEAR–LAST_YEAR."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            f"{option} {year} is not a valid year",
            f"write a year from {FIRST_YEAR} to {LAST_YEAR}, e.g. {option} 2026",
            zh=f"{option} {year} 不是有效年份：请写 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份，例如 {option} 2026",
        )
    return year


def check_day(day: date, option: str) -> date:
    """A date the user gave (--as-of, --start …): UsageError (exit 2) outside FIRST_YEAR–LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            f"{option} {day.isoformat()} is outside the years handled",
            f"write a date from {FIRST_YEAR} to {LAST_YEAR}",
            zh=f"{option} {day.isoformat()} 超出可处理的年份：请写 {FIRST_YEAR} 到 {LAST_YEAR} 年之间的日期",
        )
    return day


def _parse(text: str, checked: bool) -> Period:
    t = str(text).strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(t)
        if not m:
            continue
        year = int(m.group(1))
        if not (FIRST_YEAR <= year <= LAST_YEAR if checked else year >= 1):
            break
        if kind == "year":
            return Period(str(year), kind, date(year, 1, 1), date(year, 12, 31))
        n = int(_CN_DIGITS.get(m.group(2), m.group(2)))
        if kind == "quarter":
            first = 3 * (n - 1) + 1
            end = date(year, first + 2, calendar.monthrange(year, first + 2)[1])
            return Period(f"{year}Q{n}", kind, date(year, first, 1), end)
        if 1 <= n <= 12:
            return Period(
                f"{year}-{n:02d}", kind, date(year, n, 1), date(year, n, calendar.monthrange(year, n)[1])
            )
    raise ValueError(text)


def period_containing(day: date, kind: str) -> Period:
    """The period of a day within FIRST_YEAR–LAST_YEAR (the date options are checked: check_day)."""
    if kind == "year":
        return parse_period(str(day.year))
    if kind == "quarter":
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    return parse_period(f"{day.year}-{day.month:02d}")


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Whole shares of total in proportion to weights that add up to total exactly (Hamilton's
    method); equal shares when every weight is 0; ties go to the earlier line."""
    n = len(weights)
    if n == 0:
        return []
    if any(w < 0 for w in weights):
        raise ValueError("negative weight")
    s = sum(weights)
    exact = [total * w / s for w in weights] if s > 0 else [total / n] * n
    base = [math.floor(x) for x in exact]
    short = total - sum(base)
    order = sorted(range(n), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:short]:
        base[i] += 1
    return base


# Why a line of a split has its amount (split_table words them, vocab.MONEY_WORDS basis_*).
# "within": the line's amount comes from the targets set for quarters or months within the period.
# "unshared": no line to share the target among (no line set by hand and none that exists).
BASES = (
    "fixed",
    "rest",
    "unshared",
    "last_year",
    "pipeline",
    "prorated",
    "average",
    "equal",
    "none",
    "within",
)


@dataclass
class SplitLine:
    value: str | None  # the month, manager, product … (None: blank)
    amount: int
    weight: float  # the weight it was shared by (0 for a line set by hand)
    last_year: float
    pipeline: float
    fixed: bool  # set by hand
    basis: str = "last_year"  # one of BASES
    within: str | None = None  # basis "within": the periods whose targets give the amount (2027Q1)


def split(
    total: int,
    last_year: dict[str | None, float],
    pipeline: dict[str | None, float] | None = None,
    overrides: dict[str | None, float] | None = None,
    order: list[str | None] | None = None,
    weights: dict[str | None, tuple[float, str]] | None = None,
    existing: list[str | None] | None = None,
) -> list[SplitLine]:
    """Share `total` among the lines (order, else last year's and pipeline's values by weight).
    `weights` (value → (weight, basis)), when given, replaces last year + pipeline as the weight,
    as month_weights does for months. `existing` are the lines that exist (the managers …): when no
    line not set by hand has a weight, the rest is shared equally among those of them not set by hand
    (the other lines get nothing). Raises ValueError when the lines set by hand exceed the total."""
    pipeline, overrides = pipeline or {}, overrides or {}
    values = list(order) if order is not None else []
    # ties by name (blank last): a set's order changes from one process to the next
    weight = {v: last_year.get(v, 0) + pipeline.get(v, 0) for v in {*last_year, *pipeline}}
    for v in sorted(weight, key=lambda v: (-weight[v], v is None, str(v))):
        if v not in values:
            values.append(v)
    values += [v for v in overrides if v not in values]
    fixed = {v: int(round(a)) for v, a in overrides.items()}
    rest = total - sum(fixed.values())
    if rest < 0:
        raise ValueError(f"the lines set by hand ({sum(fixed.values()):,}) exceed the target ({total:,})")
    free = [v for v in values if v not in fixed]

    def weight(v) -> tuple[float, str]:
        if weights is not None:
            return weights.get(v, (0.0, "none"))
        pipe = pipeline.get(v, 0.0)
        return max(last_year.get(v, 0.0), 0.0) + pipe, "pipeline" if pipe else "last_year"

    weighed = {v: weight(v) for v in free}
    anyone = any(x > 0 for x, _b in weighed.values())
    equal = [v for v in existing or [] if v not in fixed]
    if not anyone and equal:  # no weight at all: equal shares among the lines that exist
        values += [v for v in equal if v not in values]
        free = [v for v in values if v not in fixed]
        weighed = {v: (1.0 if v in equal else 0.0, "equal" if v in equal else "none") for v in free}
    shares = dict(zip(free, largest_remainder(rest, [weighed[v][0] for v in free]), strict=True))
    out = []
    for v in values:
        if v in fixed:
            out.append(
                SplitLine(v, fixed[v], 0.0, last_year.get(v, 0.0), pipeline.get(v, 0.0), True, "fixed")
            )
            continue
        x, basis = weighed[v]
        if x <= 0:
            basis = "none" if anyone or equal else "equal"
        elif not anyone:  # an equal share (weight 1) among the lines that exist
            x = 0.0
        out.append(SplitLine(v, shares[v], x, last_year.get(v, 0.0), pipeline.get(v, 0.0), False, basis))
    if not free and rest:  # every line set by hand and short of the target (or no line): what is left
        out.append(SplitLine("", rest, 0.0, 0.0, 0.0, False, "rest" if fixed else "unshared"))
    return out


def month_weights(
    months: list[str], last_year: dict[str | None, float], data_end: date | None
) -> dict[str | None, tuple[float, str]]:
    """Each month's (weight, basis) from last year's same month (keyed by this year's month, as
    `split` takes it) — see the module's docstring; data_end is the last order imported."""
    out: dict[str | None, tuple[float, str]] = {}
    for m in months:
        lm = _parse(_shift_key(m, -1), checked=False)
        sales = max(last_year.get(m, 0.0), 0.0)
        if sales <= 0:
            continue
        if data_end is None or data_end >= lm.end:
            out[m] = (sales, "last_year")
        elif data_end >= lm.start:
            out[m] = (sales * lm.days() / ((data_end - lm.start).days + 1), "prorated")
    known = [x for x, _b in out.values()]
    average = sum(known) / len(known) if known else 0.0
    return {m: out.get(m, (average, "average" if known else "equal")) for m in months}


def split_grid(rows: dict, cols: dict) -> dict[tuple, int]:
    """Whole amounts for the cells (row, column) of a table whose row totals and column totals are
    given (both add up to the same total): each cell row × column / total, rounded so that every
    row and every column adds up exactly (the largest remainders first)."""
    total = sum(rows.values())
    if total != sum(cols.values()):
        raise ValueError("rows and columns add up to different totals")
    if total == 0:
        return {(r, c): 0 for r in rows for c in cols}
    cell = {(r, c): rows[r] * cols[c] // total for r in rows for c in cols}
    left = {(r, c): rows[r] * cols[c] % total for r in rows for c in cols}
    row_short = {r: rows[r] - sum(cell[(r, c)] for c in cols) for r in rows}
    col_short = {c: cols[c] - sum(cell[(r, c)] for r in rows) for c in cols}
    for r, c in sorted(left, key=lambda k: -left[k]):
        if left[(r, c)] and row_short[r] > 0 and col_short[c] > 0:
            cell[(r, c)] += 1
            row_short[r] -= 1
            col_short[c] -= 1
    for r in rows:  # what the greedy pass could not place (rare): any column still short
        for c in cols:
            n = min(row_short[r], col_short[c])
            if n > 0:
                cell[(r, c)] += n
                row_short[r] -= n
                col_short[c] -= n
    return cell


def pipeline_value(typical_deal: float, grade: str | None, closing: str | None) -> float:
    """Expected value of an opportunity within a period: typical deal × its grade's probability."""
    if grade is None or closing not in CLOSING_IN_PERIOD:
        return 0.0
    return typical_deal * GRADE_WEIGHTS.get(grade, 0.0)


def elapsed_share(period: Period, as_of: date) -> float:
    """The part of the period's days up to and including as_of (0 before it, 1 after it)."""
    if as_of < period.start:
        return 0.0
    if as_of >= period.end:
        return 1.0
    return ((as_of - period.start).days + 1) / period.days()


def forecast(actual: float, period: Period, as_of: date, pipeline: float) -> tuple[float, float]:
    """(run-rate forecast, forecast with the pipeline) of sales at the period's end: actual to date
    extended at the same daily rate over the remaining days, plus the weighted pipeline."""
    share = elapsed_share(period, as_of)
    if share >= 1.0:
        return actual, actual
    run = actual / share if share > 0 else 0.0
    return run, run + pipeline
