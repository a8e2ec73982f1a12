"""`regiontool report`: the whole territory in one workbook for the sales director.

Each section is the library function of its own command (pivot, tiers, market, rfm,
plan, export), titled and dated here; a section whose data is missing becomes one line
saying what to run, never an empty chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import vocab
from .errors import DataError, RegiontoolError
from .io.write import PivotSheet, Sheet
from .store import Workspace

if TYPE_CHECKING:
    from .plan.workdays import WorkCalendar


@dataclass
class Report:
    items: list  # PivotSheet and Sheet, in workbook order
    as_of: dt.date
    lang: str
    missing: list[str]  # sections left as a one-line note, and why
    warnings: list[str] = field(default_factory=list)  # the plan calendar's (a year not in its data)

    @property
    def sheet_names(self) -> list[str]:
        return [i.name for i in self.items]


def _words(lang: str) -> dict[str, str]:
    return {k: en if lang == "en" else zh for k, (zh, en) in vocab.REPORT_WORDS.items()}


def _no_orders(lang: str) -> str:
    """The line of every section that needs orders, as the money sections say it."""
    return vocab.money_error(DataError, "no_orders").text(lang)


def _note_sheet(name: str, title: str, note: str) -> PivotSheet:
    import pandas as pd

    return PivotSheet(
        name=name,
        title=title,
        frame=pd.DataFrame(),
        kinds=[],
        label_columns=1,
        number_format="#,##0",
        empty_note=note,
        chart=False,
    )


def overview(ws: Workspace, as_of: dt.date, lang: str = "zh") -> PivotSheet:
    """Counts, data quality and the accounting of every import."""
    import pandas as pd

    w = _words(lang)
    counts = ws.counts()
    n = counts["companies"]

    def blanks(field: str) -> int:
        return sum(r[1] for r in ws.group_counts([field], [], "companies") if r[0] is None)

    def share(k: int, of: int) -> float | None:
        return k / of if of else None

    rows = [
        (w["companies"], n, None),
        (w["contacts"], counts["contacts"], None),
        (w["orders"], counts["orders"], None),
        (w["unlinked"], counts["orders_unlinked"], share(counts["orders_unlinked"], counts["orders"])),
        (w["imports"], counts["imports"], None),
        (w["blank_tier"], blanks("tier"), share(blanks("tier"), n)),
        (w["no_town"], blanks("town"), share(blanks("town"), n)),
        (w["no_industry"], blanks("industry"), share(blanks("industry"), n)),
        (w["problems"], counts["problems"], None),
    ]
    frame = pd.DataFrame(rows, columns=[w["measure"], w["count"], w["share"]], dtype=object)
    notes = [_import_line(i, lang) for i in ws.scope_imports()]
    if ws.manager:  # the problems and imports are the manager's, not the team's
        notes.insert(0, vocab.fill(vocab.WORDS["scoped_overview"][lang == "en"], manager=ws.manager))
    return PivotSheet(
        name=w["overview"],
        title=w["overview"],
        frame=frame,
        kinds=["data"] * len(frame),
        label_columns=1,
        number_format="#,##0",
        column_formats={w["share"]: "0.0%"},
        chart=False,
        total_column=False,
        colour_scale=False,
        notes=notes,
        spec={"sheet": "overview", "kind": "report"},
    )


def _import_line(imp: dict, lang: str) -> str:
    """One import's accounting in words (the line `import` printed)."""
    s = imp["summary"]
    when = str(imp["imported_at"])[:16].replace("T", " ")
    table = vocab.import_table(imp["kind"])
    if table != "contacts":  # orders or payments: one line each
        zh, en = vocab.IMPORT_KINDS[table]
        if lang == "en":
            return (
                f"{imp['file_name']} ({when}): {s.get('rows_read', 0):,} rows = {s.get(table, 0):,} {en}"
                f" + {s.get('rejected', 0):,} rejected; {s.get('unlinked', 0):,} not linked when imported"
            )
        return (
            f"{imp['file_name']}（{when}）：读取 {s.get('rows_read', 0):,} 行 = {zh} {s.get(table, 0):,}"
            f" + 拒收 {s.get('rejected', 0):,}；导入时未关联 {s.get('unlinked', 0):,}"
        )
    merged = s.get("rows_read", 0) - s.get("companies", 0) - s.get("rejected", 0)
    if lang == "en":
        return (
            f"{imp['file_name']} ({when}): {s.get('rows_read', 0):,} rows = {s.get('companies', 0):,} companies"
            f" + {merged:,} merged + {s.get('rejected', 0):,} rejected"
        )
    return (
        f"{imp['file_name']}（{when}）：读取 {s.get('rows_read', 0):,} 行 = {s.get('companies', 0):,} 家企业"
        f" + 并入 {merged:,} + 拒收 {s.get('rejected', 0):,}"
    )


def _value_section(ws: Workspace, as_of: dt.date, lang: str, missing: list[str]):
    """RFM sheets, the churn frame for the plan and the RFM result (the sales section's segments
    reuse it), or a one-line note without orders."""
    from . import value

    w = _words(lang)
    if not ws.order_count():
        missing.append(_no_orders(lang))
        return [_note_sheet(w["value"], w["value"], _no_orders(lang))], None, None
    try:
        result = value.customer_value(ws, as_of)
    except RegiontoolError as exc:
        missing.append(exc.text(lang))
        return [_note_sheet(w["value"], w["value"], exc.text(lang))], None, None
    # Segments, quadrants and churn warnings; the per-customer list stays in `regiontool rfm --out`.
    sheets = value.rfm_sheets(result, lang)[:3]
    return sheets, value.churn_for_plan(result, lang), result


def _sales_section(
    ws: Workspace, as_of: dt.date, lang: str, missing: list[str], rfm=None, year: int | None = None
) -> list[PivotSheet]:
    """Purchase behaviour (sales by month, product, town, industry, segment; top customers) of the
    year `sales` would show (sales.purchase_behaviour: without `year`, the as-of year, or last year
    when this one has no orders yet), or a one-line note without orders."""
    from . import sales

    name = "purchase behaviour" if lang == "en" else "购买行为"
    if not ws.order_count():
        return [_note_sheet(name, name, _no_orders(lang))]
    try:
        result = sales.purchase_behaviour(ws, year, as_of, lang, rfm=rfm)
    except RegiontoolError as exc:
        missing.append(exc.text(lang))
        return [_note_sheet(name, name, exc.text(lang))]
    return sales.sales_sheets(result, lang, ranking=False)


# The plan is printed one page wide: its long texts (reason, address) wrap at this width so
# that the page is not shrunk to unreadable type.
PLAN_COLUMN_WIDTH = 22


def _plan_section(
    ws: Workspace,
    as_of: dt.date,
    lang: str,
    churn,
    missing: list[str],
    chase=None,
    calendar=None,
    warnings: list[str] | None = None,
) -> PivotSheet:
    from .plan import build_plan
    from .plan.forms import plan_table
    from .plan.planner import PlanOptions

    w = _words(lang)
    try:
        data = build_plan(
            ws, "week", as_of, options=PlanOptions(lang=lang), calendar=calendar, churn=churn, chase=chase
        )
    except RegiontoolError as exc:
        missing.append(w["no_plan"] + exc.text(lang))
        return _note_sheet(w["plan"], w["plan"], w["no_plan"] + exc.text(lang))
    if warnings is not None:
        warnings.extend(data.warnings)
    table = plan_table(data)
    head = f"{data.start} – {data.end}"
    if not len(table):
        # the calendar's warnings (2027 not announced yet) first, as a sheet with rows has them
        note = "\n".join([*data.warnings, "; ".join(data.notes) or w["no_plan"]])
        return _note_sheet(w["plan"], f"{w['plan']} {head}", note)
    return PivotSheet(
        name=w["plan"],
        title=f"{w['plan']} {head}",
        frame=table,
        kinds=["data"] * len(table),
        label_columns=1,
        number_format="0",
        chart=False,
        total_column=False,
        colour_scale=False,
        autofilter=True,
        notes=[*data.warnings, *data.notes],
        spec={"sheet": "plan", "kind": "report"},
        print_pages_wide=1,
        max_column_width=PLAN_COLUMN_WIDTH,
    )


# The sections in the order build_report announces them to `progress`.
REPORT_STAGES = (
    "overview",
    "pivots",
    "tiers",
    "market",
    "customer value",
    "purchase behaviour",
    "targets and money",
    "plan",
    "resource table",
)


def build_report(
    ws: Workspace,
    as_of: dt.date,
    lang: str = "zh",
    progress=None,
    year: int | None = None,
    calendar: WorkCalendar | None = None,
) -> Report:
    """Every section in workbook order; `progress(stage)` is called as each is built. `year`: the
    sales section's year (as `regiontool sales --year`); `calendar`: the next week's plan's working
    calendar (as `regiontool plan --calendar`)."""
    from . import pivots, sales, territory
    from .export import problem_table, resource_table

    if year is not None:
        sales.period_of(year, as_of)  # a year after --as-of is a usage error, not a note in the sheet

    step = progress or (lambda _stage: None)
    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    missing: list[str] = []
    step("overview")
    items: list = [overview(ws, as_of, lang)]
    step("pivots")
    for request in pivots.standard_requests():
        name = pivots.default_sheet_name(request, lang)
        items.append(pivots.pivot_sheet(pivots.pivot(ws, request, lang), name, lang))
    step("tiers")
    items.append(
        territory.funnel_sheet(
            territory.tier_funnels(ws), None, lang, note=territory.unknown_tiers_note(ws, lang)
        )
    )
    step("market")
    market = territory.market(ws, lang)
    items.extend(territory.market_sheets(market, lang))
    if not territory.competitor_tables(market.competitors, lang):
        note = territory.competitor_note(market.competitors, lang)
        missing.append(note)
        items.append(_note_sheet("competitors" if lang == "en" else "竞争对手", note, note))
    step("customer value")
    value_sheets, churn, rfm = _value_section(ws, as_of, lang, missing)
    items.extend(value_sheets)
    step("purchase behaviour")
    items.extend(_sales_section(ws, as_of, lang, missing, rfm, year))
    step("targets and money")
    from .money_report import report_section

    money_sheets, chase = report_section(ws, as_of, lang, missing)
    items.extend(money_sheets)
    step("plan")
    warnings: list[str] = []
    items.append(_plan_section(ws, as_of, lang, churn, missing, chase, calendar, warnings))
    for item in items:
        item.title = f"{item.title} · {as_of}" if lang == "en" else f"{item.title}（{as_of}）"
    step("resource table")
    items.append(Sheet(vocab.label("sheet_resource", lang), resource_table(ws, lang), table="Resources"))
    items.append(Sheet(vocab.label("sheet_problems", lang), problem_table(ws, lang)))
    return Report(items, as_of, lang, list(dict.fromkeys(missing)), warnings)  # one line per reason


def default_report_path(as_of: dt.date) -> str:
    return f"report-{as_of:%Y%m%d}.xlsx"


def write_report(ws: Workspace, path, built: Report) -> list:
    """Write the report workbook to `path`; returns the cells of its 资源表 cut at Excel's
    32,767-character limit, listed as `cell-truncated` in its 问题 sheet as an export lists them
    (the length check runs only when the writer reported a cut, so a report pays nothing for it)."""
    import dataclasses

    from .export import long_cells, problem_table
    from .io.write import write_report_workbook

    labels = {"value_axis": vocab.label("unit_companies", built.lang), "lang": built.lang}
    if not write_report_workbook(path, built.items, labels):
        return []
    names = [vocab.label(key, built.lang) for key in ("sheet_resource", "sheet_problems")]
    at = {item.name: i for i, item in enumerate(built.items) if isinstance(item, Sheet)}
    cut = long_cells(built.items[at[names[0]]].frame, built.lang)
    problems = built.items[at[names[1]]]
    built.items[at[names[1]]] = dataclasses.replace(problems, frame=problem_table(ws, built.lang, cut))
    write_report_workbook(path, built.items, labels)
    return cut
