"""Purchase behaviour (issue 12): sales by month against last year, by product, town, industry
and customer segment, and how much the top customers carry (Pareto, ABC). Pure: grouped rows
in (the database did the grouping), frames out.

A year is compared with the same period of the year before: for the current year that is
1 January up to the as-of day, against 1 January up to the same day a year earlier.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocab
from ..store.orders import UNLINKED  # purchase_groups' town/industry of an unlinked customer

if TYPE_CHECKING:
    import pandas as pd

TOP_SHARE = 0.20  # "the top 20% of customers"


def words(lang: str) -> dict[str, str]:
    return {k: v[1 if lang == "en" else 0] for k, v in vocab.SALES_WORDS.items()}


@dataclass
class Period:
    year: int
    start: str  # ISO: this period
    end: str
    last_start: str  # the same period a year earlier
    last_end: str
    partial: bool  # the period stops before 31 December

    @property
    def this_label(self) -> str:
        return str(self.year)

    @property
    def last_label(self) -> str:
        return str(self.year - 1)


def growth(now: float, before: float) -> float | None:
    """now / before − 1, or None when there is nothing to compare with."""
    return now / before - 1 if before and before > 0 else None


def month_table(rows: list[tuple], period: Period, lang: str = "zh") -> tuple[pd.DataFrame, list[str]]:
    """rows: (period 0/1, 'YYYY-MM', amount, amount up to last_end, customers, lines). Twelve months:
    this year, last year's whole month (the season), last year's same period when this year is
    partial, and the growth against it; a 总计 row that sums the columns shown."""
    import pandas as pd

    w = words(lang)
    this = {int(m[5:7]): a for p, m, a, *_ in rows if p == 1}
    last = {int(m[5:7]): a for p, m, a, *_ in rows if p == 0}
    last_cut = {int(m[5:7]): c for p, m, _a, c, *_ in rows if p == 0}
    end_month = int(period.end[5:7])
    y, ly = _year_label(period.year, lang), _year_label(period.year - 1, lang)
    same = w["same_period"] if period.partial else None
    out = []
    for m in range(1, 13):
        now = this.get(m, 0.0) if m <= end_month else None
        row = {w["month"]: _month_label(m, lang), y: now, ly: last.get(m, 0.0)}
        before = (last_cut.get(m, 0.0) if m <= end_month else None) if period.partial else last.get(m, 0.0)
        if same:
            row[same] = before
        row[w["growth"]] = growth(now, before) if now is not None and before is not None else None
        out.append(row)
    total_now = sum(this.values())
    total_before = sum(last_cut.values()) if period.partial else sum(last.values())
    total = {w["month"]: vocab.label("total", lang), y: total_now, ly: sum(last.values())}
    if same:
        total[same] = total_before
    total[w["growth"]] = growth(total_now, total_before)
    out.append(total)
    return pd.DataFrame(out), ["data"] * 12 + ["total"]


def _year_label(year: int, lang: str) -> str:
    return str(year) if lang == "en" else f"{year}年"


def _month_label(m: int, lang: str) -> str:
    if lang == "en":
        return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[m - 1]
    return f"{m}月"


def dim_table(
    rows: list[tuple], key: str, customers_total: int | None = None, lang: str = "zh"
) -> tuple[pd.DataFrame, list[str]]:
    """rows: (period 0/1, value, amount, amount up to last_end, customers, lines) grouped by one field;
    customers_total: the distinct customers of the period (a customer may buy several products).
    This period's amount, share, customers and lines, last year's same period and the growth; largest
    first, then (空白) and unlinked customers; a 总计 row. A period whose net sales are not positive
    has no shares (a share of a refund total is no share; SALES_NOTES no_net_sales says so)."""
    import pandas as pd

    w = words(lang)
    blank = vocab.label("blank", lang)
    this: dict = {}
    before: dict = {}
    for p, value, amount, cut, customers, lines in rows:
        if p == 1:
            this[value] = (amount, customers, lines)
        else:
            before[value] = cut
    keys = set(this) | {k for k, v in before.items() if v}
    total_now = sum(v[0] for v in this.values())
    total_before = sum(before.values())

    def rank(k):
        special = 2 if k == UNLINKED else 1 if k is None else 0
        return (special, -this.get(k, (0.0,))[0], -before.get(k, 0.0), str(k))

    label_col = w["segment"] if key == "segment" else vocab.label(key, lang)
    out = []
    for k in sorted(keys, key=rank):
        amount, customers, lines = this.get(k, (0.0, 0, 0))
        out.append(
            {
                label_col: w["unlinked"]
                if k == UNLINKED
                else blank
                if k is None
                else vocab.value_label(key, k, lang),
                w["amount"]: amount,
                w["share"]: amount / total_now if total_now > 0 else None,
                w["customers"]: customers,
                w["lines"]: lines,
                w["same_period"]: before.get(k, 0.0),
                w["growth"]: growth(amount, before.get(k, 0.0)),
            }
        )
    out.append(
        {
            label_col: vocab.label("total", lang),
            w["amount"]: total_now,
            w["share"]: 1.0 if total_now > 0 else None,
            w["customers"]: customers_total,
            w["lines"]: sum(v[2] for v in this.values()),
            w["same_period"]: total_before,
            w["growth"]: growth(total_now, total_before),
        }
    )
    return pd.DataFrame(out), ["data"] * (len(out) - 1) + ["total"]


def segment_rows(
    this: list[tuple], last: list[tuple], segments: dict[int, str], lang: str = "zh"
) -> list[tuple]:
    """Per-customer rows (company_id, name, town, industry, amount, lines) of this period and of last
    year's same period → dim_table rows by each customer's RFM segment today (unlinked apart)."""
    order = list(vocab.RFM_SEGMENTS)

    def seg(cid) -> str:
        if cid is None:
            return UNLINKED
        key = segments.get(int(cid))
        return vocab.RFM_SEGMENTS[key]["en" if lang == "en" else "zh"] if key else None

    now: dict = {}
    for cid, _n, _t, _i, amount, lines in this:
        a, c, n = now.get(seg(cid), (0.0, 0, 0))
        now[seg(cid)] = (a + amount, c + (1 if lines else 0), n + lines)  # a refund only: no buyer
    before: dict = {}
    for cid, _n, _t, _i, amount, _lines in last:
        before[seg(cid)] = before.get(seg(cid), 0.0) + amount
    labels = {vocab.RFM_SEGMENTS[k]["en" if lang == "en" else "zh"]: i for i, k in enumerate(order)}
    rows = [(1, k, *v[:1], 0.0, *v[1:]) for k, v in now.items()]
    rows += [(0, k, 0.0, v, 0, 0) for k, v in before.items()]
    return sorted(rows, key=lambda r: labels.get(r[1], 99))


@dataclass
class Concentration:
    summary: pd.DataFrame  # A, B, C (not ranked) and 总计: customers, their share, amount, its share, action
    customers: pd.DataFrame  # every ranked customer, largest first, with cumulative share and class
    top_n: int  # customers in the top share
    top_amount_share: float | None  # their share of the sales; None when the period's net is not positive
    excluded: int  # customers whose net sales are zero or negative (refunds): not ranked
    total: float = 0.0  # the period's sales: every customer's net, as every other view's 总计


def concentration(rows: list[tuple], lang: str = "zh", top_share: float = TOP_SHARE) -> Concentration:
    """rows: (company_id, name, town, industry, amount, lines) per customer. The top `top_share` of
    the customers with positive net sales (rounded up) and their share of sales; ABC classes by
    cumulative share: a customer is A while the customers before it hold less than 80%, B below 95%,
    else C. Every share is of the period's sales — all customers' net, refunds included, the 总计 of
    every other view (README) — so the ranking's cumulative share ends above 100% when refunds took
    some back; the customers not ranked have a row of their own in the summary. A period whose net
    is not positive has no shares and no classes (None)."""
    import pandas as pd

    w = words(lang)
    ranked = sorted((r for r in rows if r[4] > 0), key=lambda r: (-r[4], r[0] is None, r[0] or 0, str(r[1])))
    excluded = len(rows) - len(ranked)
    total = sum(r[4] for r in rows)
    base = total if total > 0 else None

    def share(amount: float) -> float | None:
        return amount / base if base else None

    out, before = [], 0.0
    for i, (cid, name, town, industry, amount, _lines) in enumerate(ranked, start=1):
        cls = next(c for limit, c in vocab.ABC_LIMITS if before / base < limit - 1e-12) if base else None
        before += amount
        out.append(
            {
                w["rank"]: i,
                w["customer"]: name,
                vocab.label("company_id", lang): None if cid is None else int(cid),  # as in list, score, rfm
                vocab.label("town", lang): town,
                vocab.label("industry", lang): vocab.value_label("industry", industry, lang)
                if industry
                else industry,
                w["amount"]: amount,
                w["share"]: share(amount),
                w["cum_share"]: share(before),
                w["abc"]: cls,
            }
        )
    columns = [
        w["rank"],
        w["customer"],
        vocab.label("company_id", lang),
        vocab.label("town", lang),
        vocab.label("industry", lang),
        w["amount"],
        w["share"],
        w["cum_share"],
        w["abc"],
    ]
    customers = pd.DataFrame(out, columns=columns)
    n, everyone = len(ranked), len(rows)
    top_n = math.ceil(n * top_share - 1e-9) if n else 0
    top_amount = sum(r[4] for r in ranked[:top_n])

    def summary_row(label: str, count: int, amount: float, action: str) -> dict:
        return {
            w["abc"]: label,
            w["customers"]: count,
            w["customer_share"]: count / everyone if everyone else 0.0,
            w["amount"]: amount,
            w["amount_share"]: share(amount),
            w["action"]: action,
        }

    summary_rows = []
    for _limit, cls in vocab.ABC_LIMITS:
        sub = customers[customers[w["abc"]] == cls]
        action = vocab.ABC_ACTIONS[cls][1 if lang == "en" else 0]
        summary_rows.append(summary_row(cls, len(sub), float(sub[w["amount"]].sum()), action))
    if excluded:
        amount = float(sum(r[4] for r in rows if r[4] <= 0))
        summary_rows.append(summary_row(w["not_ranked"], excluded, amount, ""))
    summary_rows.append(summary_row(vocab.label("total", lang), everyone, float(total), ""))
    return Concentration(
        pd.DataFrame(summary_rows), customers, top_n, share(top_amount), excluded, float(total)
    )
