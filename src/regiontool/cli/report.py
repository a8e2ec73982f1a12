"""`regiontool report`: the whole territory in one workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import vocab
from ..errors import UsageError
from . import (
    AllOption,
    DbOption,
    LangOption,
    ManagerOption,
    _check_lang,
    _err_console,
    _progress,
    app,
    handle_errors,
    open_workspace,
    parse_day,
)


@app.command()
@handle_errors
def report(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The workbook to write (default report-YYYYMMDD.xlsx here)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the report: RFM recency, next week's plan (default today)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            help="The year of the sales sheets, as `regiontool sales --year` (default: the --as-of year, "
            "or last year when it has no orders yet)."
        ),
    ] = None,
    calendar: Annotated[
        Path | None,
        typer.Option(
            help="CSV of date,休/班 rows correcting next week's plan's working calendar (as plan's)."
        ),
    ] = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The whole territory in one workbook: overview, the four pivots, tier funnel, market,
    customer value, next week's plan, the resource table and the problems — with native charts.

    Example:  regiontool report --out 区域报告.xlsx --as-of 2027-01-08 --year 2026
    """
    import datetime as dt

    from ..analysis.targets import check_year
    from ..io.write import check_output_path
    from ..plan.workdays import read_calendar
    from ..report import REPORT_STAGES, build_report, default_report_path, write_report

    lang = _check_lang(lang)
    day = parse_day(as_of, "--as-of") or dt.date.today()
    if year is not None:
        check_year(year)
    target = out or Path(default_report_path(day))
    if target.suffix.lower() != ".xlsx":
        kind = target.suffix or target.name
        raise UsageError(
            f"a report is an .xlsx workbook, not '{kind}'", zh=f"报告是 .xlsx 工作簿，不能写成“{kind}”"
        )
    cal = read_calendar(calendar)
    stages = (*REPORT_STAGES, "write")
    with open_workspace(db, manager, everyone) as ws, _progress() as bar:
        task = bar.add_task("", total=len(stages))

        def step(stage: str) -> None:
            bar.update(task, description=stage, completed=stages.index(stage))

        with ws.snapshot():  # every sheet of one state: an import meanwhile shows in none (review r111 F3)
            built = build_report(ws, day, lang, progress=step, year=year, calendar=cal)
            check_output_path(
                target, [*ws.input_paths(), str(ws.path), *([str(calendar)] if calendar else [])]
            )
            step("write")
            cut = write_report(ws, target, built)
        if calendar is not None:  # once written: a failed command leaves the workspace unchanged
            with ws.transaction():  # the user's 调休 corrections: no later --out overwrites them
                ws.remember_input(calendar)
    for line in built.warnings:  # the plan's calendar guessed a year: said as plan says it
        _err_console().print(f"[yellow]{vocab.WARNING_PREFIX[lang]}[/]{line}", markup=True, soft_wrap=True)
    for line in built.missing:
        _err_console().print(vocab.NOTE_PREFIX[lang] + line, markup=False)
    if cut:  # as export says it: the cells are listed in the 问题 sheet
        text = vocab.fill(vocab.IMPORT_LINES["export_cut"][1 if lang == "en" else 0], n=len(cut))
        _err_console().print(vocab.NOTE_PREFIX[lang] + text, markup=False)
    print(target)
