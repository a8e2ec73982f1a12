"""RFM scores, segments, volume × loyalty and churn warnings (DOMAIN.md §6). Pure: frames in, frames out.

Scores are a function of the value alone — a cut point is an inclusive upper bound, and a
customer's score counts the cut points below its value — so equal values always get equal
scores, whatever the row order (rank-based binning, `qcut(rank(method="first"))`, does not
promise that). A dimension where every customer has the same value scores 3 for all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import vocab
from ..errors import UsageError

QUINTILES = (0.2, 0.4, 0.6, 0.8)


@dataclass
class RfmOptions:
    r_bins: list[float] | None = None  # recency days: ≤ first → 5 … > last → 1
    f_bins: list[float] | None = None  # orders: ≤ first → 1 … > last → 5
    m_bins: list[float] | None = None  # yuan, as f_bins
    volume_split: float | None = None  # yuan; default the median monetary
    loyalty_split: float | None = None  # default the median loyalty
    churn_k: float = 2.0  # silence beyond k × a customer's median interval → warning
    churn_days: int = 365  # … or beyond this for customers with a single order day

    def __post_init__(self) -> None:
        for name in ("r_bins", "f_bins", "m_bins"):
            bins = getattr(self, name)
            if bins is None:
                continue
            finite = all(np.isfinite(v) for v in bins)
            if len(bins) != 4 or not finite or any(a >= b for a, b in zip(bins, bins[1:], strict=False)):
                option = "--" + name.replace("_", "-")
                given = ",".join(f"{v:g}" for v in bins)
                raise UsageError(
                    f"{option} {given}: four increasing cut points are needed (they make the scores 1–5)",
                    f"for example {option} {vocab.RFM_BIN_EXAMPLES[name]}",
                    zh=f"{option} {given}：需要四个递增的分界点（把得分分为 1–5）："
                    f"例如 {option} {vocab.RFM_BIN_EXAMPLES[name]}",
                )
        for name in ("volume_split", "loyalty_split"):
            value = getattr(self, name)
            if value is not None and value < 0:
                option = "--" + name.replace("_", "-")
                raise UsageError(
                    f"{option} {value:g} is negative",
                    f"give {option} as 0 or more",
                    zh=f"{option} {value:g} 是负数：{option} 应为 0 或更大",
                )


@dataclass
class RfmResult:
    customers: pd.DataFrame  # one row per customer, keys below (CUSTOMER_COLUMNS + extras)
    cuts: dict[str, list[float]]  # r, f, m → the cut points used
    cut_source: dict[str, str]  # r, f, m → "quintiles", "given" or "all equal"
    volume_split: float = 0.0
    loyalty_split: float = 0.0
    options: RfmOptions = field(default_factory=RfmOptions)


CUSTOMER_COLUMNS = (
    "company",
    "company_id",
    "last_order",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "segment",
    "value_group",
    "quadrant",
    "churn_warning",
)


CUT_DIGITS = 6  # a quintile's float noise (55.80000000000003) is rounded off at this many decimals


def cut_points(values: np.ndarray, given: list[float] | None) -> tuple[list[float], str]:
    """The four cut points: the given ones (RfmOptions checked them), else the quintiles. A quintile
    of whole days or orders, or of yuan to the fen, has at most three decimals: it is kept exact (its
    float noise rounded off), so the bound printed is the bound that scores (value.cut_text)."""
    if given:
        return [float(v) for v in given], "given"
    if len(values) == 0 or values.min() == values.max():
        return [], "all equal"
    return [round(float(q), CUT_DIGITS) for q in np.quantile(values, QUINTILES)], "quintiles"


def score(values: np.ndarray, cuts: list[float], higher_is_better: bool = True) -> np.ndarray:
    """1–5 by how many of the four cut points lie below each value; 3 with no cuts."""
    if not cuts:
        return np.full(len(values), 3, dtype=np.int64)
    below = np.searchsorted(np.asarray(cuts), values, side="left")
    top = len(cuts) + 1
    return (below + 1 if higher_is_better else top - below).astype(np.int64)


def interval_stats(company_ids: np.ndarray, days: np.ndarray) -> pd.DataFrame:
    """Per company, from its distinct order days (sorted by company, day): the median and mean
    interval between them and their regularity; NaN below two days. The reference for the database's
    own computation (store.order_intervals → intervals_from_moments), which tests compare."""
    if len(days) == 0:
        return pd.DataFrame(
            columns=["median_interval", "mean_gap", "regularity"], index=pd.Index([], name="company_id")
        )
    same = np.r_[False, company_ids[1:] == company_ids[:-1]]
    gaps = pd.DataFrame({"company_id": company_ids[same], "gap": np.diff(days)[same[1:]]})
    grouped = gaps.groupby("company_id")["gap"]
    stats = pd.DataFrame(
        {"median_interval": grouped.median(), "mean": grouped.mean(), "std": grouped.std(ddof=0)}
    )
    stats["regularity"] = 1.0 / (1.0 + (stats["std"] / stats["mean"]).fillna(0.0))
    return stats.rename(columns={"mean": "mean_gap"})[["median_interval", "mean_gap", "regularity"]]


def intervals_from_moments(rows: list[tuple]) -> pd.DataFrame:
    """interval_stats() from (company_id, median, mean, mean square) of the gaps, as the
    database computes them: regularity = 1 / (1 + coefficient of variation)."""
    df = pd.DataFrame(rows, columns=["company_id", "median_interval", "mean", "mean_sq"], dtype=float)
    df["company_id"] = df["company_id"].astype(np.int64)
    df = df.set_index("company_id")
    std = np.sqrt(np.clip(df["mean_sq"] - df["mean"] ** 2, 0.0, None))
    df["regularity"] = 1.0 / (1.0 + (std / df["mean"]).fillna(0.0))
    return df.rename(columns={"mean": "mean_gap"})[["median_interval", "mean_gap", "regularity"]]


def rfm(
    customers: pd.DataFrame, intervals: pd.DataFrame, as_of: pd.Timestamp, options: RfmOptions
) -> RfmResult:
    """Score customers: `customers` has company_id, company, first_order, last_order (ISO text),
    frequency, monetary (and any descriptive columns, kept); `intervals` is interval_stats()."""
    df = customers.copy()
    last = pd.to_datetime(df["last_order"])
    first = pd.to_datetime(df["first_order"])
    df["recency_days"] = (as_of - last).dt.days.astype("int64")
    df = df.join(intervals, on="company_id")

    cuts, source = {}, {}
    for dim, column, given, higher in (
        ("r", "recency_days", options.r_bins, False),
        ("f", "frequency", options.f_bins, True),
        ("m", "monetary", options.m_bins, True),
    ):
        values = np.round(df[column].to_numpy(dtype=float), 2)  # M to the fen: no float noise of the sum
        cuts[dim], source[dim] = cut_points(values, given)
        df[dim] = score(values, cuts[dim], higher)
    fm = np.floor((df["f"].to_numpy() + df["m"].to_numpy()) / 2 + 0.5).astype(int)
    df["segment"] = [vocab.RFM_GRID[(r, m)] for r, m in zip(df["r"], fm, strict=True)]
    total = df["r"] + df["f"] + df["m"]
    df["value_group"] = [next(g for low, g in vocab.VALUE_GROUPS if t >= low) for t in total]

    # Loyalty is repeat buying: orders on one day are one purchase occasion, as for churn (a customer
    # with one order day waits churn_days). The gaps between its order days add up to last − first,
    # so it has (last − first) / mean gap + 1 of them.
    span = (last - first).dt.days.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gaps = df["mean_gap"].to_numpy(dtype=float)
        order_days = np.where(np.isnan(gaps), 1, np.rint(span / gaps) + 1)
    df["order_days"] = order_days.astype(np.int64)
    df["loyalty"] = df["order_days"] * df["regularity"].fillna(0.5)
    volume_split = options.volume_split if options.volume_split is not None else _median(df["monetary"])
    loyalty_split = options.loyalty_split if options.loyalty_split is not None else _median(df["loyalty"])
    large = df["monetary"] >= volume_split
    # One order day is never loyal, whatever the split: on B2B data most customers buy once, so the
    # median loyalty often *is* the one-order value and `>=` alone would call them all loyal.
    loyal = (df["order_days"] > 1) & (df["loyalty"] >= loyalty_split)
    df["quadrant"] = [vocab.QUADRANTS[(a, b)]["key"] for a, b in zip(large, loyal, strict=True)]

    limit = np.where(
        df["median_interval"].notna(), options.churn_k * df["median_interval"].fillna(0), options.churn_days
    )
    df["churn_limit_days"] = limit
    silent = df["recency_days"] > limit
    # A customer marked closed (F2) or not a fit (F3) has stopped for a known reason: no win-back
    # warning (DOMAIN §2 drops them from plans; the plan and the warning list agree), but counted.
    dropped = df["tier"].isin(vocab.DROPPED_TIERS) if "tier" in df else False
    # Nor one whose refunds match or exceed its purchases: its yearly spend is no value at risk.
    net_refund = df["monetary"] <= 0
    df["churn_warning"] = silent & ~dropped & ~net_refund
    df["churn_dropped"] = silent & dropped
    df["churn_net_refund"] = silent & ~dropped & net_refund
    tenure = np.maximum((as_of - first).dt.days.to_numpy(), 365)
    df["value_at_risk"] = (df["monetary"] * 365 / tenure).round(0).where(df["churn_warning"], 0.0)
    return RfmResult(df, cuts, source, float(volume_split), float(loyalty_split), options)


def _median(series: pd.Series) -> float:
    return float(series.median()) if len(series) else 0.0


def segment_summary(result: RfmResult) -> pd.DataFrame:
    """Per segment (in grid order, all eleven shown): customers, their share, value and its share."""
    df = result.customers
    n, total = len(df), float(df["monetary"].sum())
    grouped = df.groupby("segment")["monetary"].agg(["count", "sum"])
    rows = []
    for key in vocab.RFM_SEGMENTS:
        count, value = grouped.loc[key] if key in grouped.index else (0, 0.0)
        rows.append((key, int(count), count / n if n else 0.0, float(value), value / total if total else 0.0))
    return pd.DataFrame(rows, columns=["segment", "customers", "customer_share", "monetary", "value_share"])


def quadrant_summary(result: RfmResult) -> pd.DataFrame:
    df = result.customers
    n, total = len(df), float(df["monetary"].sum())
    grouped = df.groupby("quadrant")["monetary"].agg(["count", "sum"])
    rows = []
    for q in vocab.QUADRANTS.values():
        count, value = grouped.loc[q["key"]] if q["key"] in grouped.index else (0, 0.0)
        rows.append(
            (q["key"], int(count), count / n if n else 0.0, float(value), value / total if total else 0.0)
        )
    return pd.DataFrame(rows, columns=["quadrant", "customers", "customer_share", "monetary", "value_share"])


def churn_list(result: RfmResult) -> pd.DataFrame:
    """Churn-warned customers, the most value at risk first (then the longest silence, then id)."""
    df = result.customers[result.customers["churn_warning"]]
    return df.sort_values(
        ["value_at_risk", "recency_days", "company_id"], ascending=[False, False, True], kind="mergesort"
    )
