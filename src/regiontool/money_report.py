"""The money views as workbook sheets — targets, tracking, receivables, expected P&L — shared by
their commands (cli/money.py) and `regiontool report`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import vocab
from .errors import RegiontoolError
from .io.write import PivotSheet, draws_a_bar, whole_text
from .render import mark_money
from .store import Workspace
from .targets import w

_ID_HEADERS = frozenset({vocab.label("company_id", "zh"), vocab.label("company_id", "en")})


def sheet(
    name: str,
    title: str,
    frame,
    *,
    pct=(),
    chart_series=None,
    notes=(),
    kinds=None,
    axis=None,
    autofilter=False,
    empty_note=None,
):
    kinds = kinds or ["data"] * len(frame)
    if chart_series:  # a series without a number is an empty chart
        data = [i for i, k in enumerate(kinds) if k == "data"]
        chart_series = [
            k for k in chart_series if any(draws_a_bar(v) for v in frame.iloc[data, 1 + k].tolist())
        ] or None
    if len(frame) and str(frame.iloc[-1, 0]) in ("合计", "total") and kinds == ["data"] * len(frame):
        kinds = [*kinds[:-1], "total"]
    column_formats = {
        **{str(c): "0" for c in frame.columns if str(c) in _ID_HEADERS},  # 2571, not 2,571
        **{str(frame.columns[i]): "0.0%" for i in pct},
    }
    # The figures shown #,##0 are yuan (days are whole already): CSV and JSON give them to the fen.
    mark_money(frame, [c for c in frame.columns[1:] if str(c) not in column_formats])
    return PivotSheet(
        name=name,
        title=title,
        frame=frame,
        kinds=kinds,
        label_columns=1,
        number_format="#,##0",
        column_formats=column_formats,
        chart=chart_series is not None,
        chart_series=chart_series,
        value_axis=axis,
        total_column=False,
        colour_scale=False,
        notes=list(notes),
        empty_note="" if len(frame) else (empty_note or "—"),  # an empty sheet says why, where it can
        autofilter=autofilter,  # a list of customers: filter buttons, as on the other list sheets
    )


# The sheets' keys in a JSON document (`-f json`, `--out X.json`) and the names `--table` takes:
# English in every --lang, one per sheet of receivable_sheets and pnl_sheets, in their order.
# Track and target show key theirs by the --by dimension (month, manager, product …).
RECEIVABLE_KEYS = ("chase", "ageing", "receivables", "collections", "product")
PNL_KEYS = ("pnl", "month")


def track_keys(t) -> list[str]:
    return list(t.tables)


def track_sheets(t, lang: str = "zh") -> list[PivotSheet]:
    from .targets import summary_lines

    lines = summary_lines(t, lang) + t.behind
    return [
        sheet(
            vocab.sheet_name("track", lang, by=str(frame.columns[0])),
            f"{t.period.key} · {frame.columns[0]}",
            frame,
            pct=(3, 7),
            chart_series=[0, 1] if dim == "month" else None,
            axis="yuan" if lang == "en" else "金额（元）",
            notes=lines if dim == "month" else (),
        )
        for dim, frame in t.tables.items()
    ]


def receivable_sheets(r, lang: str = "zh", months: int = 6) -> list[PivotSheet]:
    from . import receivables as rec

    en = lang == "en"
    ageing = rec.ageing_table(r, lang)
    buckets = [b[2] if en else b[1] for b in vocab.AGE_BUCKETS]
    totals = [float(ageing[b].iloc[:-1].sum()) if len(ageing) else 0.0 for b in buckets]
    bucket_frame = pd.DataFrame({("age" if en else "账龄"): buckets, w("owed", lang): totals})
    lines = rec.notes(r, lang, months)
    return [
        sheet(
            w("sheet_chase", lang),
            "who to chase" if en else "催款清单（逾期金额从高到低）",
            rec.chase_table(r, lang),
            autofilter=True,
        ),
        sheet(
            w("sheet_ageing", lang),
            "ageing" if en else "账龄分析",
            bucket_frame,
            chart_series=[0],
            axis="yuan" if lang == "en" else "金额（元）",
            notes=lines,
        ),
        sheet(
            w("sheet_receivables", lang),
            "owed per customer" if en else "应收账款（按客户）",
            ageing,
            autofilter=True,
            notes=[n for n in (rec.settled_note(r, lang),) if n],
        ),
        sheet(
            w("sheet_collections", lang),
            "plan vs collected" if en else "应收账款规划表：计划回款与已回款",
            rec.month_table(r, lang, months),
            autofilter=True,
            empty_note=rec.collections_note(r, lang, months),
        ),
        sheet(
            vocab.sheet_name("receivables", lang, by=w("product", lang)),
            "owed per customer and product" if en else "应收余额（按客户、产品）",
            rec.product_table(r, lang),
            autofilter=True,
        ),
    ]


def _month_runs(months: list[str], lang: str) -> list[str]:
    """YYYY-MM months as runs of consecutive ones: 1–9 月, 11 月 (1–9, 11 in English)."""
    numbers = [int(m[5:]) for m in months]
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    unit = "" if lang == "en" else " 月"
    return [(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}") + unit for r in runs]


def pnl_lines(p, lang: str = "zh") -> list[str]:
    from .pnl import item_table, unbooked

    en = lang == "en"
    profit = item_table(p, lang).iloc[-1]
    lines = [
        f"{p.year}: expected profit ¥{whole_text(profit.iloc[3])} (plan ¥{whole_text(profit.iloc[1])}); months before "
        f"{p.as_of:%Y-%m} are actual, the rest plan; in {p.as_of:%Y-%m} income is its actual to "
        f"{p.as_of:%m-%d} plus the plan of the days left, an expense the larger of actual and plan"
        if en
        else f"{p.year} 年预期利润 ¥{whole_text(profit.iloc[3])}（计划 ¥{whole_text(profit.iloc[1])}）；{p.as_of:%Y-%m} 以前的月份按实际，"
        f"其余按计划；{p.as_of:%Y-%m} 收入按截至 {p.as_of:%m-%d} 的实际加剩余天数的计划，费用取实际与计划中较大者"
    ]
    if not p.income_plan:
        lines.append(w("pnl_no_target", lang).format(year=p.year))
    elif unplanned := p.unplanned_months():  # review r94 F2: a quarter's target is no year's plan
        lines.append(
            w("pnl_part_target", lang).format(
                year=p.year,
                periods=vocab.listed(p.periods, lang),
                months=vocab.listed(_month_runs(unplanned, lang), lang),
            )
        )
    if blank := unbooked(p):
        named = [f"{m} {item} ¥{whole_text(plan)}" for m, item, plan in blank]
        lines.append(w("pnl_unbooked", lang).format(lines=vocab.listed(named, lang)))
    budgeted = sorted({m for _item, m in p.expenses})
    if p.items and (unbudgeted := [m for m in p.months if m not in budgeted]):  # review r110 F9
        lines.append(
            w("pnl_part_budget", lang).format(
                year=p.year,
                covered=vocab.listed(_month_runs(budgeted, lang), lang),
                months=vocab.listed(_month_runs(unbudgeted, lang), lang),
            )
        )
    if not p.items:
        lines.append(
            "no budget stored: regiontool budget budget.xlsx"
            if en
            else "尚无费用预算：regiontool budget 预算.xlsx"
        )
    return lines


def pnl_sheets(p, lang: str = "zh") -> list[PivotSheet]:
    from .pnl import item_table, month_table

    en = lang == "en"
    items = item_table(p, lang)
    return [
        sheet(
            w("sheet_pnl", lang),
            f"{p.year} expected P&L" if en else f"{p.year} 预期损益表",
            items,
            kinds=items.attrs["kinds"],
            notes=pnl_lines(p, lang),
        ),
        sheet(
            vocab.sheet_name("pnl", lang, by=w("month", lang)),
            f"{p.year} by month" if en else f"{p.year} 按月计划与实际",
            month_table(p, lang),
            chart_series=[4, 5],
            axis="yuan" if lang == "en" else "金额（元）",
        ),
    ]


def report_section(ws: Workspace, as_of: dt.date, lang: str, missing: list[str]):
    """目标跟踪, 应收账款 and 预期损益 sheets when their data exists (a one-line note sheet otherwise),
    and the chase list for the week's plan (None without receivables)."""
    from . import pnl, receivables, targets

    out: list[PivotSheet] = []
    chase = None
    sections = (
        ("sheet_track", lambda: track_sheets(targets.track(ws, None, as_of, lang), lang)),
        ("sheet_receivables", lambda: receivable_sheets(receivables.receivables(ws, as_of), lang)[:3]),
        ("sheet_pnl", lambda: pnl_sheets(pnl.pnl(ws, as_of.year, as_of, lang), lang)),
    )
    for key, build in sections:
        if ws.manager and key != "sheet_receivables":  # per customer, so narrowed rightly
            text = w("scoped_targets", lang).format(manager=ws.manager)
            if text not in missing:  # one note for the two sections it covers (targets, P&L)
                missing.append(text)
            note = pd.DataFrame({("note" if lang == "en" else "说明"): [text]})
            out.append(sheet(w(key, lang), w(key, lang), note))
            continue
        try:
            out.extend(build())
        except RegiontoolError as exc:
            missing.append(exc.text(lang))
            note = pd.DataFrame({("note" if lang == "en" else "说明"): [exc.text(lang)]})
            out.append(sheet(w(key, lang), w(key, lang), note))  # a one-line sheet, printable like the rest
    if ws.order_count() and ws.has_collections():
        chase = receivables.chase_for_plan(receivables.receivables(ws, as_of))
    return out, chase
