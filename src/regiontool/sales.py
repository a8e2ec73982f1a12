"""`regiontool sales`: purchase behaviour from the orders, grouped in SQLite, laid out for the
terminal and the workbook (issue 12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import vocab
from .analysis import sales as analysis
from .errors import DataError, RegiontoolError, UsageError
from .io.write import PivotSheet, percent_text, whole_text
from .store import Workspace

VIEWS = ("month", "product", "town", "industry", "segment", "customers")


@dataclass
class Sales:
    period: analysis.Period
    tables: dict[str, tuple]  # view → (frame, kinds); a view without data is missing
    concentration: analysis.Concentration
    notes: list[str] = field(default_factory=list)
    segment_error: RegiontoolError | None = None  # why the segment view is missing


def period_of(year: int | None, as_of: dt.date) -> analysis.Period:
    """The year asked for (default the as-of year), cut at as_of, and the same span a year earlier."""
    year = year or as_of.year
    if year > as_of.year:
        raise UsageError(
            f"--year {year} is after --as-of {as_of}",
            "give a year up to the as-of date",
            zh=f"--year {year} 在 --as-of {as_of} 之后：请写截至该日期的年份",
        )
    if year < 1900:
        raise UsageError(
            f"--year {year}", "for example --year 2026", zh=f"--year {year} 不是有效年份：例如 --year 2026"
        )
    end = min(dt.date(year, 12, 31), as_of)
    last_end = _year_before(end)
    return analysis.Period(
        year,
        f"{year}-01-01",
        end.isoformat(),
        f"{year - 1}-01-01",
        last_end.isoformat(),
        partial=end < dt.date(year, 12, 31),
    )


def _year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def purchase_behaviour(
    ws: Workspace,
    year: int | None = None,
    as_of: dt.date | None = None,
    lang: str = "zh",
    top_share: float = analysis.TOP_SHARE,
    views: tuple[str, ...] = VIEWS,
    rfm=None,
) -> Sales:
    """Sales of a year beside the year before: by month, product, town, industry, segment, and the
    top customers' share; every grouping runs in the database. `rfm`, a value.ValueResult
    already computed for the period's end (the report has one), spares computing it again."""
    if not 0 < top_share < 1:
        raise UsageError(
            "--top-share must be more than 0 and less than 100 (percent)",
            zh="--top-share 要大于 0、小于 100（百分比）",
        )
    if not ws.order_count():
        raise vocab.money_error(DataError, "no_orders")
    as_of = as_of or dt.date.today()
    p, customers_now, first_note = _period_with_orders(ws, year, as_of, lang)
    if not customers_now:
        first, last = (str(d)[:10] for d in ws.order_span())
        years = first[:4] if first[:4] == last[:4] else f"{first[:4]}–{last[:4]}"
        raise vocab.money_error(
            DataError, "no_orders_in_year", start=p.start, end=p.end, first=first, last=last, years=years
        )
    tables: dict[str, tuple] = {}
    split, start, end = p.start, p.last_start, p.end
    buyers = sum(1 for c in customers_now if c[5])  # a customer who only refunded bought nothing
    if "month" in views:
        tables["month"] = analysis.month_table(
            ws.purchase_groups("month", start, split, p.last_end, end), p, lang
        )
    for dim in ("product", "town", "industry"):
        if dim in views:
            rows = ws.purchase_groups(dim, start, split, p.last_end, end)
            tables[dim] = analysis.dim_table(rows, dim, buyers, lang)
    segment_error = None
    if "segment" in views:
        try:
            segments = _segments(ws, dt.date.fromisoformat(p.end), rfm)
        except RegiontoolError as exc:
            segments, segment_error = None, exc
        if segments is not None:
            last_customers = ws.purchase_customers(p.last_start, p.last_end)
            rows = analysis.segment_rows(customers_now, last_customers, segments, lang)
            tables["segment"] = analysis.dim_table(rows, "segment", buyers, lang)
    conc = analysis.concentration(customers_now, lang, top_share)
    for frame in [t[0] for t in tables.values()] + [conc.summary, conc.customers]:
        _mark_money(frame)
    notes = [*first_note, *_notes(ws, p, conc, top_share, as_of, lang)]
    return Sales(p, tables, conc, notes, segment_error)


def _period_with_orders(
    ws: Workspace, year: int | None, as_of: dt.date, lang: str
) -> tuple[analysis.Period, list, list[str]]:
    """The period (period_of), its customers and a note: without --year, an as-of year with no
    orders yet (a report made on 8 January) gives way to last year in full, when it has orders,
    and the note says so."""
    p = period_of(year, as_of)
    customers = ws.purchase_customers(p.start, p.end)
    if customers or year is not None:
        return p, customers, []
    last = period_of(as_of.year - 1, as_of)
    before = ws.purchase_customers(last.start, last.end)
    if not before:
        return p, customers, []
    text = vocab.SALES_LAST_YEAR_NOTE[1 if lang == "en" else 0]
    return last, before, [text.format(start=p.start, end=p.end, year=last.year)]


def _segments(ws: Workspace, as_of: dt.date, rfm=None) -> dict[int, str]:
    """company_id → RFM segment key of each linked customer as of the period's end."""
    from .analysis.rfm import RfmOptions
    from .value import customer_value

    reusable = rfm is not None and (rfm.as_of, rfm.since, rfm.result.options) == (as_of, None, RfmOptions())
    customers = (rfm if reusable else customer_value(ws, as_of)).customers
    return dict(zip(customers["company_id"].astype(int), customers["segment"], strict=True))


def _notes(
    ws: Workspace, p: analysis.Period, conc: analysis.Concentration, top_share: float, as_of, lang: str
) -> list[str]:
    en = lang == "en"
    lines = [
        f"{p.start} – {p.end} against {p.last_start} – {p.last_end} (the same period a year earlier)"
        if en
        else f"{p.start} 至 {p.end}，对比去年同期 {p.last_start} 至 {p.last_end}"
    ]
    pct = percent_text(top_share, 0)
    if conc.top_amount_share is None:  # the period's net sales are not positive: a share of nothing
        lines.append(
            vocab.fill(vocab.SALES_NOTES["no_net_sales"][1 if en else 0], amount=whole_text(conc.total))
        )
    else:  # a share of the period's sales, the 总计 of every view (analysis.concentration)
        lines.append(
            f"the top {pct} of customers ({conc.top_n:,} of {len(conc.customers):,}) bought "
            f"{percent_text(conc.top_amount_share)} of the sales"
            if en
            else f"前 {pct} 的客户（{len(conc.customers):,} 家中的 {conc.top_n:,} 家）贡献了 {percent_text(conc.top_amount_share)} 的销售额"
        )
    if conc.excluded:
        lines.append(vocab.fill(vocab.SALES_NOTES["not_ranked"][1 if en else 0], n=conc.excluded))
    zero = ws.zero_lines(p.start, p.end)  # this period's lines of 0 yuan: no order line, no buyer
    if zero:
        lines.append(vocab.fill(vocab.SALES_NOTES["zero"][1 if en else 0], n=zero))
    refunds = ws.refund_lines(p.start, p.end)  # in the amounts, not order lines or buyers
    if refunds:
        lines.append(vocab.fill(vocab.SALES_NOTES["refunds"][1 if en else 0], n=refunds))
    unlinked, _amount, _customers = ws.unlinked_orders(p.end, p.last_start)  # the lines the tables hold
    if unlinked:
        lines.append(vocab.fill(vocab.SALES_NOTES["unlinked"][1 if en else 0], n=unlinked))
    return lines


def table_names(lang: str = "zh") -> dict[str, str]:
    """Each table's sheet name by its key (vocab/sheets.py: sales_month …)."""
    keys = ("month", "product", "town", "industry", "segment", "abc", "customers")
    return {k: vocab.sheet_name(f"sales_{k}", lang) for k in keys}


def table_frames(s: Sales, views: tuple[str, ...] = VIEWS) -> list[tuple[str, object]]:
    """(key, frame) of each view asked for, the key its --by name (`abc` the ABC summary): a JSON
    document's keys, the same in every --lang; `customers` gives the ABC summary and the ranking."""
    out = [(v, s.tables[v][0]) for v in views if v in s.tables]
    if "customers" in views:
        out += [("abc", s.concentration.summary), ("customers", s.concentration.customers)]
    return out


def sales_tables(s: Sales, lang: str = "zh", views: tuple[str, ...] = VIEWS) -> list[tuple[str, object]]:
    """(name, frame) of each view asked for, named in `lang` (table_frames)."""
    names = table_names(lang)
    return [(names[key], frame) for key, frame in table_frames(s, views)]


def view_table(s: Sales, lang: str = "zh", views: tuple[str, ...] = VIEWS) -> tuple[str, object]:
    """The one table a CSV holds: the view asked for alone — for `customers` the ranking of every
    customer (the ABC summary is its digest). More than one view, or none, is a usage error."""
    if len(views) != 1:
        raise UsageError(
            f"a CSV file holds one table, not {len(views)} views",
            "choose one view with --by (for example --by customers), or use .xlsx/.json",
            zh=f"一个 CSV 文件只能放一张表，这里有 {len(views)} 个视图——用 --by 选一个（例如 --by customers），"
            "或输出 .xlsx/.json",
        )
    (view,) = views
    names = table_names(lang)
    if view == "customers":
        return names["customers"], s.concentration.customers
    if view not in s.tables:
        why = s.segment_error
        raise DataError(
            f"no {view} view",
            str(why) if why else "no sales in the period",
            zh=f"没有“{table_names('zh')[view]}”：" + (why.text("zh") if why else "这段时间没有销售"),
        )
    return names[view], s.tables[view][0]


def _mark_money(frame) -> None:
    """The figures that are not shares (percent_columns) are yuan: CSV and JSON give them to the fen.
    Counts (customers, orders) are whole numbers and never rounded."""
    from .render import mark_money

    percent = set(percent_columns(frame))
    mark_money(
        frame, [c for c in frame.columns[1:] if c not in percent and str(frame[c].dtype).startswith("float")]
    )


def percent_columns(frame) -> list:
    """Columns shown as percentages: shares and growth."""
    words = [
        vocab.SALES_WORDS[k][i]
        for k in ("share", "growth", "cum_share", "customer_share", "amount_share")
        for i in (0, 1)
    ]
    return [c for c in frame.columns if str(c) in words]


def sales_sheets(
    s: Sales, lang: str = "zh", views: tuple[str, ...] = VIEWS, ranking: bool = True
) -> list[PivotSheet]:
    """The views as workbook sheets with native charts: months as a line chart (this year and last),
    the groupings as bars (this period beside last year's), the ABC classes as bars of shares."""
    en = lang == "en"
    names = table_names(lang)
    w = analysis.words(lang)
    y = s.period.this_label
    sheets = []

    def sheet(key, frame, kinds, title, **kw) -> PivotSheet:
        formats = {str(c): "0.0%" for c in percent_columns(frame)}
        defaults = dict(
            kinds=kinds,
            label_columns=1,
            number_format="#,##0",
            column_formats=formats,
            chart=True,
            total_column=False,
            colour_scale=False,
            value_axis="yuan" if en else "金额（元）",
            notes=s.notes if key in ("month", "abc") else [],
            spec={"sheet": key, "kind": "sales"},
        )
        defaults.update(kw)
        return PivotSheet(name=names[key], title=title, frame=frame, **defaults)

    if "month" in views and "month" in s.tables:
        frame, kinds = s.tables["month"]
        sheets.append(
            sheet(
                "month",
                frame,
                kinds,
                f"sales by month, {y} beside {s.period.last_label}"
                if en
                else f"月度销售：{y}年与{s.period.last_label}年",
                chart_type="line",
                chart_series=[0, 1],
            )
        )
    for key in ("product", "town", "industry", "segment"):
        if key not in views or key not in s.tables:
            continue
        frame, kinds = s.tables[key]
        what = {
            "product": ("product", "产品"),
            "town": ("town", "镇街"),
            "industry": ("industry", "行业"),
            "segment": ("RFM segment", "RFM 分群"),
        }[key]
        sheets.append(
            sheet(
                key,
                frame,
                kinds,
                f"sales by {what[0]}, {y} (last year: same period)"
                if en
                else f"按{what[1]}销售：{y}年（对比去年同期）",
                chart=len(frame) > 1,
                chart_series=[0, 4],  # this period beside last year's same period
            )
        )
    if "customers" in views:
        c = s.concentration
        sheets.append(
            sheet(
                "abc",
                c.summary,
                ["data"] * (len(c.summary) - 1) + ["total"],
                f"top customers' contribution (ABC), {y}" if en else f"客户贡献（ABC 分类）：{y}年",
                chart_series=[1, 3],  # customer share beside amount share
                value_axis="share" if en else "占比",
            )
        )
        if ranking:
            sheets.append(
                sheet(
                    "customers",
                    c.customers,
                    ["data"] * len(c.customers),
                    f"customers by sales, {y} (Pareto)" if en else f"客户销售排名（帕累托）：{y}年",
                    label_columns=2,
                    chart=False,
                    autofilter=True,
                    column_formats={
                        **{str(col): "0.0%" for col in percent_columns(c.customers)},
                        w["rank"]: "0",
                    },
                    empty_note="" if len(c.customers) else ("none" if en else "无"),
                )
            )
    return sheets
