"""Customer value from the workspace's orders: the RFM analysis with its labels and sheets.

The database groups the order lines (one row per customer comes back, however many
lines there are); analysis/rfm.py scores them; this module labels the result in the
user's language and lays it out for the terminal and the workbook.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import vocab
from .analysis import rfm as rfm_analysis
from .errors import DataError, UsageError
from .io.write import PivotSheet, whole_text
from .store import Workspace


class ValueResult:
    """An RFM result with what the user must be told: the window and the orders left out —
    `future` lines dated after as_of, `refund_only` customers (count, their net amount)
    whose only lines in the window are refunds, so that they have no order to score, the `zero`
    lines of 0 yuan in the window (no purchase, no refund: store.orders.ZERO), and the `unlinked`
    lines in the window (lines, amount, customers) of customers not linked to a company."""

    def __init__(
        self,
        result: rfm_analysis.RfmResult,
        as_of: dt.date,
        since: dt.date | None,
        future: int,
        refund_only: tuple[int, float] = (0, 0.0),
        unlinked: tuple[int, float, int] = (0, 0, 0),
        zero: int = 0,
    ):
        self.result, self.as_of, self.since, self.future = result, as_of, since, future
        self.refund_only, self.unlinked, self.zero = refund_only, unlinked, zero

    @property
    def customers(self) -> pd.DataFrame:
        return self.result.customers


def customer_value(
    ws: Workspace,
    as_of: dt.date,
    since: dt.date | None = None,
    options: rfm_analysis.RfmOptions | None = None,
) -> ValueResult:
    """RFM, segments, quadrants and churn warnings of every customer with orders up to `as_of`."""
    options = options or rfm_analysis.RfmOptions()
    if since and since > as_of:
        raise UsageError(
            f"--since {since} is after --as-of {as_of}", zh=f"--since {since} 晚于 --as-of {as_of}"
        )
    if not ws.order_count():
        raise DataError(
            "no orders imported",
            "run `regiontool import orders.xlsx` first",
            zh="还没有导入订单：请先运行 `regiontool import orders.xlsx`",
        )
    until, start = as_of.isoformat(), since.isoformat() if since else None
    rows, future, interval_rows = ws.order_stats(until, start)
    # R, F and the churn clock run on purchases (store.orders.PURCHASE); a customer whose only
    # lines in the window are refunds has no last order, so it is counted in the notes, not scored.
    refunds = [r for r in rows if r[6] is None]
    rows = [r for r in rows if r[6] is not None]
    if not rows:
        window = f" between {start} and {until}" if start else f" up to {until}"
        zh_window = f"{start} 至 {until} 之间" if start else f"{until} 及以前"
        raise DataError(
            f"no linked orders{window}",
            "check --as-of/--since, or link customers (`regiontool problems`)",
            zh=f"{zh_window}没有关联到企业的订单：请检查 --as-of/--since，或把客户关联到企业（`regiontool problems`）",
        )
    customers = pd.DataFrame(
        rows,
        columns=[
            "company_id",
            "company",
            "tier",
            "manager",
            "town",
            "first_order",
            "last_order",
            "frequency",
            "monetary",
        ],
    )
    intervals = rfm_analysis.intervals_from_moments(interval_rows)
    if ws.manager is None:
        result = rfm_analysis.rfm(customers, intervals, pd.Timestamp(as_of), options)
    else:  # a manager's customers are scored among the territory's: the same segment whoever looks
        result = _among_territory(ws, customers, as_of, until, start, options)
    refund_only = (len(refunds), float(sum(r[8] or 0.0 for r in refunds)))
    unlinked = ws.unlinked_orders(until, start)
    zero = ws.zero_lines(start, until, linked=True)
    return ValueResult(result, as_of, since, future, refund_only, unlinked, zero)


def _among_territory(
    ws: Workspace,
    mine: pd.DataFrame,
    as_of: dt.date,
    until: str,
    start: str | None,
    options: rfm_analysis.RfmOptions,
) -> rfm_analysis.RfmResult:
    """RFM of the territory's customers (cut points, volume and loyalty splits of all of them), then
    only `mine`, the manager's: narrowing with --manager keeps each customer's scores, segment,
    quadrant and win-back action (`win_back`, the effort among the territory's warnings) as the
    territory's view gives them."""
    with ws.territory():
        rows, _future, interval_rows = ws.order_stats(until, start)
    rows = [r for r in rows if r[6] is not None]
    everyone = pd.DataFrame(rows, columns=list(mine.columns))
    intervals = rfm_analysis.intervals_from_moments(interval_rows)
    result = rfm_analysis.rfm(everyone, intervals, pd.Timestamp(as_of), options)
    churned = rfm_analysis.churn_list(result)  # a win-back's effort weighs the territory's list too
    result.customers["win_back"] = pd.Series(win_back_efforts(churned), index=churned.index, dtype=object)
    keep = result.customers["company_id"].isin(mine["company_id"])
    result.customers = result.customers[keep].reset_index(drop=True)
    return result


def _segment_label(key: str, lang: str) -> str:
    return vocab.RFM_SEGMENTS[key]["en" if lang == "en" else "zh"]


def _quadrant_by_key(key: str) -> dict[str, str]:
    return next(q for q in vocab.QUADRANTS.values() if q["key"] == key)


def _quadrant_label(key: str, lang: str) -> str:
    return _quadrant_by_key(key)["en" if lang == "en" else "zh"]


def _group_label(key: str, lang: str) -> str:
    zh, en = vocab.VALUE_GROUP_LABELS[key]
    return en if lang == "en" else zh


def customer_table(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    """The per-customer table: the columns of rfm.CUSTOMER_COLUMNS, best value first."""
    df = value.customers.sort_values(["monetary", "company_id"], ascending=[False, True], kind="mergesort")
    out = pd.DataFrame(
        {
            "company": df["company"],
            "company_id": df["company_id"],
            "last_order": df["last_order"],
            "recency_days": df["recency_days"],
            "frequency": df["frequency"],
            "monetary": df["monetary"],
            "r": df["r"],
            "f": df["f"],
            "m": df["m"],
            "segment": [_segment_label(s, lang) for s in df["segment"]],
            "value_group": [_group_label(g, lang) for g in df["value_group"]],
            "quadrant": [_quadrant_label(q, lang) for q in df["quadrant"]],
            "churn_warning": df["churn_warning"].map(_yes_no(lang)),
        }
    )
    return _labelled(out, lang)


def _yes_no(lang: str) -> dict[bool, str]:
    """True/False as the project's yes/no words: 是/否, or yes/no with --lang en."""
    i = 1 if lang == "en" else 0
    return {True: vocab.YES_NO_LABELS[vocab.YES][i], False: vocab.YES_NO_LABELS[vocab.NO][i]}


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns named in lang: 最近下单, or in English words (last order, customer share); the
    money columns marked for CSV and JSON to give them to the fen."""
    from .render import mark_money

    out = df.rename(columns={c: vocab.label(c, lang) for c in df.columns}).reset_index(drop=True)
    return mark_money(out, [vocab.label(c, lang) for c in df.columns if c in _MONEY])


_MONEY = ("monetary", "value_at_risk")  # yuan, among the columns of rfm's tables


def segment_table(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    s = rfm_analysis.segment_summary(value.result)
    s["action"] = [vocab.RFM_SEGMENTS[k]["action_en" if lang == "en" else "action_zh"] for k in s["segment"]]
    s["segment"] = [_segment_label(k, lang) for k in s["segment"]]
    return _labelled(s, lang)


def quadrant_table(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    q = rfm_analysis.quadrant_summary(value.result)
    q["action"] = [_quadrant_by_key(k)["action_en" if lang == "en" else "action_zh"] for k in q["quadrant"]]
    q["quadrant"] = [_quadrant_label(k, lang) for k in q["quadrant"]]
    return _labelled(q, lang)


def churn_reason(row, k: float, lang: str = "zh") -> str:
    """Why a customer is warned, in words: its silence against its own rhythm."""
    kind = "rhythm" if pd.notna(row["median_interval"]) else "once"
    template = vocab.CHURN_REASONS[kind][1 if lang == "en" else 0]
    return template.format(
        days=row["recency_days"], interval=row["median_interval"], k=k, limit=row["churn_limit_days"]
    )


def churn_table(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    """Churn-warned customers, most value at risk first, each with a win-back action and why."""
    c = rfm_analysis.churn_list(value.result)
    k = value.result.options.churn_k
    en = lang == "en"
    out = pd.DataFrame(
        {
            "company": c["company"],
            "company_id": c["company_id"],
            "tier": c["tier"],
            "manager": c["manager"],
            "last_order": c["last_order"],
            "recency_days": c["recency_days"],
            "median_interval": pd.Series(
                [None if pd.isna(v) else round(v) for v in c["median_interval"]], index=c.index, dtype=object
            ),
            "value_at_risk": c["value_at_risk"].round(0).astype("int64"),
            "segment": [_segment_label(s, lang) for s in c["segment"]],
            "action": [
                vocab.WIN_BACK[g][1 if en else 0]
                for g in (c["win_back"] if "win_back" in c else win_back_efforts(c))
            ],
            "reason": [churn_reason(r, k, lang) for _, r in c.iterrows()],
        }
    )
    return _labelled(out, lang)


def win_back_efforts(churned: pd.DataFrame) -> list[str]:
    """high / medium / low effort (vocab.WIN_BACK) per churn-warned customer, from its segment
    and its value at risk within the list (see vocab.WIN_BACK_VISIT_SEGMENTS)."""
    risk = churned["value_at_risk"].astype(float)
    if risk.empty:
        return []
    top, middle = risk.quantile(2 / 3), risk.median()
    return [
        "high"
        if seg in vocab.WIN_BACK_VISIT_SEGMENTS or v >= top
        else "low"
        if seg in vocab.WIN_BACK_LIGHT_SEGMENTS and v < middle
        else "medium"
        for seg, v in zip(churned["segment"], risk, strict=True)
    ]


def churn_for_plan(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    """What a work plan needs of the churn warnings: company_id, value_at_risk, reason (in lang)."""
    c = rfm_analysis.churn_list(value.result)
    k = value.result.options.churn_k
    return pd.DataFrame(
        {
            "company_id": c["company_id"].astype(int),
            "value_at_risk": c["value_at_risk"].astype(float),
            "reason": [churn_reason(r, k, lang) for _, r in c.iterrows()],
        }
    ).reset_index(drop=True)


def plan_churn(ws: Workspace, as_of: dt.date, lang: str = "zh") -> pd.DataFrame | None:
    """Churn warnings for a work plan, or None when there are no (linked) orders to judge by."""
    if not ws.order_count():
        return None
    try:
        return churn_for_plan(customer_value(ws, as_of), lang)
    except DataError:
        return None


def cut_text(cut: float) -> str:
    """A cut point as the terminal and the workbook print it: exactly the bound that scores, never
    rounded (R 110.8 is not 111: 111 days scores below it), with thousands separators — 110.8,
    3,400.25, 148."""
    return f"{cut:,.{rfm_analysis.CUT_DIGITS}f}".rstrip("0").rstrip(".")


def cut_points_table(value: ValueResult, lang: str = "zh") -> pd.DataFrame:
    """The cut points each score used, always shown (scores mean nothing without them)."""
    r = value.result
    i = 1 if lang == "en" else 0
    source = vocab.RFM_CUT_SOURCES
    rows = [
        (
            vocab.RFM_CUT_NAMES[d][i],
            " / ".join(cut_text(c) for c in r.cuts[d]) or "—",
            source[r.cut_source[d]][i],
        )
        for d in ("r", "f", "m")
    ]
    for dim, given, shown in (
        ("volume", r.options.volume_split, cut_text(r.volume_split)),
        ("loyalty", r.options.loyalty_split, f"{r.loyalty_split:.2f}"),
    ):
        basis = source["median" if given is None else "given"][i]
        if dim == "loyalty":
            basis += vocab.RFM_LOYALTY_RULE[i]
        rows.append((vocab.RFM_CUT_NAMES[dim][i], shown, basis))
    return pd.DataFrame(
        rows, columns=[vocab.label(k, lang) for k in ("dimension", "cut_points", "cut_source")]
    )


def notes(value: ValueResult, lang: str = "zh") -> list[str]:
    """The lines that qualify the figures: window, as-of date, future orders, refund-only
    customers, lines of 0 yuan and unlinked customers left out (vocab.RFM_NOTES)."""
    i = 1 if lang == "en" else 0
    since = vocab.RFM_NOTES["since"][i].format(since=value.since) if value.since else ""
    words = vocab.RFM_NOTES
    lines = [vocab.fill(words["customers"][i], n=len(value.customers), since=since, as_of=value.as_of)]
    if value.future:
        lines.append(vocab.fill(words["future"][i], n=value.future, as_of=value.as_of))
    count, amount = value.refund_only
    if count:
        lines.append(vocab.fill(words["refund_only"][i], n=count, amount=whole_text(amount)))
    if value.zero:
        lines.append(vocab.fill(words["zero"][i], n=value.zero))
    n, amount, customers = value.unlinked
    if n:
        lines.append(vocab.fill(words["unlinked"][i], n=n, amount=whole_text(amount), customers=customers))
    return lines + churn_left_out_notes(value, lang)


def churn_dropped_note(value: ValueResult, lang: str = "zh") -> str | None:
    """The customers silent for long but marked F2/F3, left out of the churn warnings, in words."""
    n = int(value.customers["churn_dropped"].sum())
    if not n:
        return None
    return vocab.fill(vocab.RFM_NOTES["churn_dropped"][lang == "en"], n=n, **vocab.dropped_tier_words(lang))


def churn_left_out_notes(value: ValueResult, lang: str = "zh") -> list[str]:
    """The customers silent for long but left out of the churn warnings, in words: marked F2/F3, or
    with refunds as large as their purchases (net ≤ 0: no value at risk, nothing to win back)."""
    n = int(value.customers["churn_net_refund"].sum())
    refunds = vocab.fill(vocab.RFM_NOTES["churn_net_refund"][lang == "en"], n=n) if n else None
    return [line for line in (churn_dropped_note(value, lang), refunds) if line]


def rfm_json(value: ValueResult, lang: str = "zh") -> dict:
    """The one JSON shape of `rfm`, for -f json and --out X.json alike: English keys at the top,
    the tables' records labelled in lang."""
    from .render import to_json_records

    r = value.result
    return {
        "as_of": str(value.as_of),
        "since": str(value.since) if value.since else None,
        "future_orders_excluded": value.future,
        "unlinked_orders_excluded": value.unlinked[0],
        "cut_points": {d: [float(c) for c in r.cuts[d]] for d in ("r", "f", "m")},  # as printed
        "volume_split": r.volume_split,
        "loyalty_split": r.loyalty_split,
        "notes": notes(value, lang),
        "customers": to_json_records(customer_table(value, lang)),
        "segments": to_json_records(segment_table(value, lang)),
        "quadrants": to_json_records(quadrant_table(value, lang)),
        "churn": to_json_records(churn_table(value, lang)),
    }


def rfm_sheets(value: ValueResult, lang: str = "zh") -> list[PivotSheet]:
    """Workbook sheets: segments (with a chart), volume × loyalty, churn warnings, every customer."""
    en = lang == "en"
    seg = segment_table(value, lang)
    quad = quadrant_table(value, lang)
    churn = churn_table(value, lang)
    customers = customer_table(value, lang)
    cuts = cut_points_table(value, lang)
    share = {str(seg.columns[2]): "0.0%", str(seg.columns[4]): "0.0%", str(seg.columns[3]): "#,##0"}
    cut_lines = [" · ".join(str(v) for v in row) for row in cuts.itertuples(index=False)]

    def sheet(key, frame, title, **kw) -> PivotSheet:
        defaults = dict(
            kinds=["data"] * len(frame),
            label_columns=1,
            number_format="#,##0",
            chart=False,
            total_column=False,
            colour_scale=False,
            spec={"sheet": key, "kind": "rfm"},
        )
        defaults.update(kw)
        return PivotSheet(name=vocab.label(key, lang), title=title, frame=frame, **defaults)

    return [
        sheet(
            "sheet_rfm_segments",
            seg,
            "RFM segments" if en else "RFM 客户分群",
            column_formats=share,
            chart=True,
            chart_series=[1, 3],  # customer share beside value share: who holds the money
            value_axis="share" if en else "占比",
            notes=notes(value, lang) + cut_lines,
        ),
        sheet(
            "sheet_quadrants",
            quad,
            "volume × loyalty" if en else "规模 × 忠诚度",
            column_formats={str(quad.columns[2]): "0.0%", str(quad.columns[4]): "0.0%"},
        ),
        sheet(
            "sheet_churn",
            churn,
            "churn warnings (most value at risk first)" if en else "流失预警（按风险金额排序）",
            empty_note="" if len(churn) else ("no churn warnings" if en else "没有流失预警"),
            notes=churn_left_out_notes(value, lang),
            column_formats={
                str(churn.columns[1]): "0",
                str(churn.columns[5]): "0",
                str(churn.columns[6]): "0",
            },
            autofilter=True,
        ),
        sheet(
            "sheet_rfm_customers",
            customers,
            "customer value" if en else "客户价值明细",
            column_formats={str(customers.columns[i]): "0" for i in (1, 3, 4, 6, 7, 8)},
            autofilter=True,
        ),
    ]
