"""Money: `target set/show`, `track`, `receivables`, `budget` and `pnl`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import vocab
from ..analysis.targets import check_year
from ..errors import UsageError
from . import (
    AllOption,
    DbOption,
    FormatOption,
    LangOption,
    ManagerOption,
    NegativeArgsCommand,
    OutOption,
    _check_lang,
    _check_table,
    _err_console,
    app,
    handle_errors,
    line_console,
    open_workspace,
    parse_day,
)


def _sheet(*args, **kw):
    from ..money_report import sheet

    return sheet(*args, **kw)


target_app = typer.Typer(help="Sales targets (销售预测与分解): set a period's target, show its split.")
app.add_typer(target_app, name="target")


def _check_format(fmt: str) -> None:
    """A bad --format is a usage error (exit 2) before any data is read (a missing target is exit 1)."""
    from ..render import check_format

    check_format(fmt)


def _emit(
    sheets,
    keys,
    fmt: str,
    out: Path | None,
    inputs: list[str],
    lines: list[str],
    lang: str,
    kind: str,
    choose: str = "--table",
    table: str | None = None,
) -> None:
    """Sheets to --out (.xlsx with charts; .json the document -f json prints: `notes` and a key per
    sheet, `keys` in English whatever --lang; .csv one sheet, several refused as on stdout), else to
    stdout. `table` (--table) keeps the sheet of that key alone. `kind`: the command's (target, track,
    receivables, pnl), named in the workbook's hidden settings (what an import that skips it says)."""
    from ..render import check_format, print_document, print_frame, write_frames

    if table is not None:
        _check_table(table, keys)
        sheets = [sheets[list(keys).index(table)]]
        keys = [table]
    frames = [(key, s.frame) for key, s in zip(keys, sheets, strict=True)]
    for key, s in zip(keys, sheets, strict=True):
        s.spec = s.spec or {"sheet": key, "kind": kind}
    head = {"notes": lines}
    if out is not None:
        if out.suffix.lower() == ".xlsx":
            from ..io.write import check_output_path, write_pivot_workbook

            check_output_path(out, inputs)
            write_pivot_workbook(out, sheets, {"value_axis": vocab.label("unit_yuan", lang), "lang": lang})
        else:
            write_frames(out, frames, inputs, head=head, choose=choose)
        print(out)
        return
    if check_format(fmt) != "table":
        print_document(frames, fmt, head=head, choose=choose)
        return
    from ..render import terminal_cut

    console = line_console(markup=False)
    for line in lines:
        console.print(line)
    for s in sheets:
        total = s.kinds[-1:] == ["total"]
        shown, title = _shown(s), s.title
        if kind != "pnl":  # (a statement is read whole: income, costs, profit)
            shown, title = terminal_cut(shown, title, lang, total)
        print_frame(shown, title=title, bold_last=total)


def _shown(sheet):
    """A copy with money as 1,234 (rounded as the workbook shows it) and shares as 12.3% for the terminal."""
    from ..io.write import percent_text, whole_text

    frame = sheet.frame.copy()
    ids = {vocab.label("company_id", lang) for lang in vocab.LANGS}  # 企业编号 2571, not 2,571
    for j, c in enumerate(frame.columns):
        if j < 1 or c in ids or not str(frame[c].dtype).startswith(("int", "float", "object")):
            continue
        pct = sheet.column_formats.get(str(c), "").endswith("%")
        frame[c] = [
            ("" if v != v else percent_text(v) if pct else whole_text(v))
            if isinstance(v, float | int) and not isinstance(v, bool)
            else ("" if v is None else v)
            for v in frame[c]
        ]
    return frame


@target_app.command("set", cls=NegativeArgsCommand)
@handle_errors
def target_set(
    period: Annotated[str | None, typer.Argument(help="2027, 2027Q1 or 2027-03.", show_default=False)] = None,
    amount: Annotated[
        str | None, typer.Argument(help="Yuan: 3,000,000 or 300万.", show_default=False)
    ] = None,
    manager: Annotated[str | None, typer.Option(help="Set this manager's line of the split.")] = None,
    product: Annotated[str | None, typer.Option(help="Set this product's line.")] = None,
    town: Annotated[str | None, typer.Option(help="Set this town's line.")] = None,
    industry: Annotated[str | None, typer.Option(help="Set this industry's line.")] = None,
    month: Annotated[str | None, typer.Option(help="Set this month's line, e.g. 2027-02.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            help="A targets file: 期间, 目标 and optionally 区域经理/产品/镇街/行业/月份.", readable=False
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Store a period's sales target, or one line of its split set by hand.

    Example:  regiontool target set 2027Q1 3,000,000 && regiontool target set 2027Q1 900000 --manager 王海波
    """
    from .. import targets
    from ..io.write import whole_text
    from ..store import Workspace

    lang = _check_lang(lang)
    given = {
        k: v
        for k, v in (
            ("manager", manager),
            ("product", product),
            ("town", town),
            ("industry", industry),
            ("month", month),
        )
        if v
    }
    if len(given) > 1:
        raise UsageError(
            "name one line of the split at a time",
            zh="一次只能指定分解的一行（--manager、--product、--town、--industry、--month 选一个）",
        )
    with Workspace.open(db) as ws:
        if file is not None:
            if period or amount or given:
                raise UsageError(
                    "--file takes no PERIOD, AMOUNT or line option",
                    zh="用 --file 时不要再写期间、金额或分解行选项",
                )
            n, title = targets.load_targets_file(ws, file)
            print(targets.w("targets_stored", lang).format(file=file.name, n=n))
            if title:
                print(targets.w("title_unit", lang).format(title=title))
            return
        if not period or not amount:
            raise UsageError(
                "give PERIOD and AMOUNT, e.g. regiontool target set 2027Q1 3,000,000",
                zh="请写期间和金额，例如 regiontool target set 2027Q1 3,000,000",
            )
        dim, value = next(iter(given.items()), (None, None))
        p, value = targets.set_target(ws, period, amount, dim, value)
    what = f" {vocab.TARGET_DIMS[dim][1 if lang == 'en' else 0]} {value}" if dim else ""
    colon = ": " if lang == "en" else "："
    line_console(markup=False, emoji=False).print(
        f"{p.key}{what}{colon}¥{whole_text(targets.parse_money(amount))}"
    )


@target_app.command("show")
@handle_errors
def target_show(
    period: Annotated[str, typer.Argument(help="2027, 2027Q1 or 2027-03.", show_default=False)],
    by: Annotated[
        list[str] | None, typer.Option("--by", help="month, manager, product, town, industry (repeatable).")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """A target's split (市场、产品贡献规划表): last year's share plus the energy-weighted pipeline;
    lines set by hand keep their amount; the lines add up to the target exactly.

    Example:  regiontool target show 2027Q1 --by month --by manager --by product --out 目标分解.xlsx
    """
    from .. import targets
    from ..io.write import whole_text
    from ..store import Workspace

    lang = _check_lang(lang)
    _check_format(fmt)
    en = lang == "en"
    dims = list(dict.fromkeys(by or ["month", "manager", "product"]))  # a split asked twice is one
    with Workspace.open(db) as ws:
        splits = [targets.split(ws, period, d) for d in dims]
        warnings = [line for s in splits for line in targets.shared_town_lines(ws, s, lang)]
        inputs = [*ws.input_paths(), str(ws.path)]
    err = _err_console()
    for line in warnings:  # a town line that matches no firm any more: said in every format
        err.print(vocab.WARNING_PREFIX[lang] + line, markup=False)
    sheets = []
    for s in splits:
        frame = targets.split_table(s, lang)
        label = frame.columns[0]
        sheets.append(
            _sheet(
                vocab.sheet_name("target_split", lang, by=str(label)),
                f"{s.period.key} target by {label}" if en else f"{s.period.key} 目标分解 · 按{label}",
                frame,
                pct=(2,),
                chart_series=[0, 2],
            )
        )
    lines = [f"{splits[0].period.key}: ¥{whole_text(splits[0].total)}"]
    _emit(sheets, dims, fmt, out, inputs, lines, lang, "target", choose="--by")


@app.command("track")
@handle_errors
def track_cmd(
    period: Annotated[
        str | None,
        typer.Option(help="2026Q4, 2027 or 2027-03 (default: the period of --as-of with a target)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Track up to this day (default today).")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Only this table (one CSV holds one): month, manager or product.")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Actual against target per month, manager and product; growth on last year; a forecast to the
    period's end (run rate + pipeline weighted by energy grade); who and what is behind.

    Example:  regiontool target set 2026Q4 2,500,000 && regiontool track --period 2026Q4 --as-of 2026-11-20
    """
    import datetime as dt

    from .. import targets
    from ..store import Workspace

    lang = _check_lang(lang)
    _check_format(fmt)
    day = parse_day(as_of, "--as-of") or dt.date.today()
    with Workspace.open(db) as ws:
        t = targets.track(ws, targets.parse_period(period) if period else None, day, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    from ..money_report import track_keys, track_sheets

    lines = targets.summary_lines(t, lang) + t.behind
    sheets = track_sheets(t, lang)
    _emit(sheets, track_keys(t), fmt, out, inputs, lines, lang, "track", table=table)


@app.command("receivables")
@handle_errors
def receivables_cmd(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Age the amounts owed on this day (default today).")
    ] = None,
    terms: Annotated[int, typer.Option(help="Days of credit: older amounts are overdue and chased.")] = 30,
    months: Annotated[int, typer.Option(help="Months of plan vs collected to show.")] = 6,
    table: Annotated[
        str | None,
        typer.Option(
            help="Only this table (one CSV holds one): chase, ageing, receivables, collections or product."
        ),
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Receivables (帐款回收规划表): owed per customer and product, ageing ≤30/31–60/61–90/>90 days,
    month by month plan vs collected, and who to chase (催款, also in `regiontool plan`).

    Example:  regiontool receivables --as-of 2026-11-20 --terms 30 --out 应收账款.xlsx
    """
    import datetime as dt

    from .. import receivables as rec

    lang = _check_lang(lang)
    _check_format(fmt)
    if not 1 <= months <= 24:
        raise UsageError("--months must be 1–24", zh="--months 要在 1 到 24 之间")
    day = parse_day(as_of, "--as-of") or dt.date.today()
    with open_workspace(db, manager, everyone) as ws:
        r = rec.receivables(ws, day, terms)
        inputs = [*ws.input_paths(), str(ws.path)]
    from ..money_report import RECEIVABLE_KEYS, receivable_sheets

    lines = rec.notes(r, lang, months)
    sheets = receivable_sheets(r, lang, months)
    keys = RECEIVABLE_KEYS
    if out is None and fmt == "table" and table is None:  # (long lists: their first rows, _emit)
        sheets, keys = sheets[:3], keys[:3]
    _emit(sheets, keys, fmt, out, inputs, lines, lang, "receivables", table=table)


@app.command("budget")
@handle_errors
def budget_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="月份 | 项目 | 预算 | 实际, or 项目 | 1月 … 12月.", show_default=False, readable=False
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            help="The year of month headers written without one (1月 …) (default: this year).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Store the expense budget (区域广告, 人员工资, 业务往来 …: plan and actual by month) for `pnl`.

    Example:  regiontool budget examples/budget.xlsx --year 2027
    """
    import datetime as dt

    from .. import pnl
    from ..store import Workspace
    from ..targets import w

    lang = _check_lang(lang)
    if year is not None:
        check_year(year)
    with Workspace.open(db) as ws:
        n, first, last, title, removed, skipped = pnl.load_budget(
            ws, file, dt.date.today().year if year is None else year
        )
    print(w("budget_stored", lang).format(file=file.name, n=n, first=first, last=last))
    if title:
        print(w("title_unit", lang).format(title=title))
    if skipped:
        note = vocab.fill(w("budget_skipped", lang), n=len(skipped), items=vocab.listed(skipped, lang))
        _err_console().print(vocab.NOTE_PREFIX[lang] + note, markup=False)
    if removed:
        items = vocab.listed(dict.fromkeys(item for _month, item in removed), lang)
        print(vocab.fill(w("budget_removed", lang), n=len(removed), items=items))
    if year and not (first.startswith(str(year)) and last.startswith(str(year))):
        note = w("budget_own_year", lang).format(first=first, last=last, year=year)
        _err_console().print(vocab.NOTE_PREFIX[lang] + note)


@app.command("pnl")
@handle_errors
def pnl_cmd(
    year: Annotated[
        int | None, typer.Option(help="The year, e.g. 2027 (default: this year).", show_default=False)
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Months before this one count as actual (default today).")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Only this table (one CSV holds one): pnl or month.")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The expected P&L (预期损益表): income by product (plan from targets, actual from orders) less
    the budget's expenses, month by month plan vs actual, and the expected profit of the year.

    Example:  regiontool pnl --year 2027 --out 预期损益.xlsx
    """
    import datetime as dt

    from .. import pnl
    from ..store import Workspace

    lang = _check_lang(lang)
    _check_format(fmt)
    day = parse_day(as_of, "--as-of") or dt.date.today()
    if year is not None:
        check_year(year)
    with Workspace.open(db) as ws:
        p = pnl.pnl(ws, day.year if year is None else year, day, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    from ..money_report import PNL_KEYS, pnl_lines, pnl_sheets

    lines = pnl_lines(p, lang)
    sheets = pnl_sheets(p, lang)
    _emit(sheets, PNL_KEYS, fmt, out, inputs, lines, lang, "pnl", table=table)
