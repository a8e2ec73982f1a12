"""Commands for work plans: `plan` (week, month, quarter on China's working calendar) and `done`."""

from __future__ import annotations

import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from . import (
    AllOption,
    DbOption,
    FormatOption,
    LangOption,
    ManagerOption,
    OutOption,
    _check_lang,
    _err_console,
    app,
    handle_errors,
    open_workspace,
    shell_word,
)


def _date_option(text: str | None, option: str):
    from ..analysis.targets import check_day
    from ..plan.workdays import parse_date

    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise UsageError(
            f"{option} '{text}' is not a date",
            "write it as 2026-10-05",
            zh=f"{option} “{text}”不是日期：请写成 2026-10-05",
        )
    return check_day(day, option)


@app.command("plan")
@handle_errors
def plan_cmd(
    week: Annotated[bool, typer.Option("--week", help="Plan a week (the default): next Monday on.")] = False,
    month: Annotated[bool, typer.Option("--month", help="Plan a month: next month's 1st on.")] = False,
    quarter: Annotated[
        bool, typer.Option("--quarter", help="Plan a quarter: next quarter's 1st on.")
    ] = False,
    start: Annotated[
        str | None, typer.Option(help="First day instead of the default, e.g. 2026-10-05.")
    ] = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    visits_per_day: Annotated[int, typer.Option(help="Visits a day (grouped in one or two towns).")] = 3,
    calls_per_day: Annotated[int, typer.Option(help="Calls a day.")] = 10,
    calendar: Annotated[
        Path | None,
        typer.Option(help="CSV of date,休/班 rows correcting the working calendar.", readable=False),
    ] = None,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the visits and calls as an .ics calendar.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Plan as of this day (default today), as `report --as-of` does: the week (month, quarter)"
            " after it, and the churn warnings and overdue amounts measured on it.",
        ),
    ] = None,
    today: Annotated[str | None, typer.Option(hidden=True, help="Plan as if today were this date.")] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Work plan: who to visit or call on which working day (调休 included), and why.

    Example:  regiontool plan --week --manager 王海波 --out plan.xlsx --ics plan.ics
    """
    from datetime import date, datetime

    from pydantic import ValidationError

    from .. import vocab
    from ..io.write import check_output_path
    from ..plan import build_plan, check_plan_target
    from ..plan.planner import PlanOptions
    from ..plan.workdays import read_calendar
    from ..receivables import plan_chase
    from ..render import FORMATS, OUT_SUFFIXES
    from ..value import plan_churn

    lang = _check_lang(lang)
    if week + month + quarter > 1:
        raise UsageError(
            "choose one of --week, --month and --quarter", zh="--week、--month 和 --quarter 只能选一个"
        )
    period = "month" if month else "quarter" if quarter else "week"
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table, csv or json",
            zh=f"不认识的 --format “{fmt}”：请用 table、csv 或 json",
        )
    if out is not None and out.suffix.lower() not in OUT_SUFFIXES:
        kind = out.suffix or out.name
        raise UsageError(
            f"cannot write '{kind}' files",
            "use .xlsx, .csv or .json",
            zh=f"不能写出“{kind}”文件：请用 .xlsx、.csv 或 .json",
        )
    if ics is not None and ics.suffix.lower() != ".ics":
        raise UsageError(
            f"--ics {ics.name}: the calendar file must end in .ics",
            zh=f"--ics {ics.name}：日历文件的名字必须以 .ics 结尾",
        )
    try:
        options = PlanOptions(visits_per_day=visits_per_day, calls_per_day=calls_per_day, lang=lang)
    except ValidationError as exc:
        option = "--" + str(exc.errors()[0]["loc"][0]).replace("_", "-")
        raise UsageError(
            f"{option} is out of range",
            "visits 0–20, calls 0–100",
            zh=f"{option} 超出范围：拜访 0–20 个，电话 0–100 个",
        ) from None
    first = _date_option(start, "--start")
    now = _date_option(as_of, "--as-of") or _date_option(today, "--today") or date.today()
    cal = read_calendar(calendar)
    with open_workspace(db, manager, everyone) as ws:
        churn = plan_churn(ws, now, lang)  # churn-warned customers get a win-back visit
        chase = plan_chase(ws, now)  # overdue receivables get a 催款 visit or call, amount in the task
        data = build_plan(ws, period, now, first, manager, options, cal, churn=churn, chase=chase)
        inputs = [*ws.input_paths(), str(ws.path), *([str(calendar)] if calendar else [])]
        for target in (out, ics):
            if target is not None:  # a plan read by done is an input: offer a name with the dates
                check_output_path(target, inputs, instead=str(_dated_name(target, data.start, inputs)))
        if out is not None:  # nor a filled-in plan done has not read yet
            check_plan_target(out, instead=str(_dated_name(out, data.start, inputs)))
        err = _err_console()
        for line in data.warnings:
            err.print(f"[yellow]{vocab.WARNING_PREFIX[lang]}[/]{line}", markup=True, soft_wrap=True)
        for line in data.notes:
            err.print(line, markup=False, soft_wrap=True)
        with ExitStack() as both:  # the calendar is renamed into place only once the workbook is written
            if ics is not None:
                from ..io.write import atomic_path
                from ..plan.ics import plan_ics

                payload = plan_ics(data.items, datetime.now().astimezone(), lang)
                both.enter_context(atomic_path(ics)).write_bytes(payload)
            if out is not None:
                _write_plan(out, data, inputs)
        if calendar is not None:  # once written: a failed command leaves the workspace unchanged
            with ws.transaction():  # the user's 调休 corrections: no later --out overwrites them
                ws.remember_input(calendar)
    if ics is not None:
        print(ics)
    if out is None and not (ics is not None and fmt == "table"):
        _print_plan(data, fmt)


def _dated_name(target: Path, start, inputs: list[str]) -> Path:
    """The name a refused plan file offers instead: with the plan's first day (周计划_2026-03-16.xlsx),
    numbered on (_2, _3 …) while that name too is a file read before (a plan `done` read) or any file
    there; a name holding that day already is only numbered (计划_2026-11-30_2.xlsx, review r91 F3)."""
    read = {Path(p).resolve() for p in inputs}
    day = start.isoformat()
    stem = target.stem if day in target.stem else f"{target.stem}_{day}"
    numbered = re.fullmatch(rf"(.*{re.escape(day)})_(\d+)", stem)  # 计划_2026-11-30_2: _3 next
    stem, n = (numbered[1], int(numbered[2])) if numbered else (stem, 1)
    while True:
        tail = f"_{n}" if n > 1 else ""
        name = target.with_name(f"{stem}{tail}{target.suffix}")
        if name.resolve() not in read and not _exists(name):  # (a filled plan not read yet: review r95 F5)
            return name
        n += 1


def _exists(path: Path) -> bool:
    """Whether a file is there; a name the system refuses (too long) is none: writing it says why."""
    try:
        return path.exists()
    except OSError:
        return False


def _write_plan(out: Path, data, inputs: list[str]) -> None:
    from ..plan import forms

    if out.suffix.lower() == ".xlsx":
        from ..io.write import write_plan_workbook

        write_plan_workbook(out, forms.workbook_sheets(data))
    else:
        from ..render import write_frames

        write_frames(out, [("plan", forms.plan_table(data))], inputs)
    print(out)


def _print_plan(data, fmt: str) -> None:
    from ..plan import forms
    from ..render import print_frame

    lang = data.lang
    if fmt != "table":
        print_frame(forms.plan_table(data), fmt)
        return
    if data.period != "week":
        print_frame(forms.overview_frame(data), fmt, title=forms.word("title_overview", lang))
        print(
            "details: --out plan.xlsx (one to-do sheet per day)"
            if lang == "en"
            else "明细：--out plan.xlsx（每天一张待办单）"
        )
        return
    keys = ("start", "end", "category", "company", "contact", "phone", "town", "tier", "task", "reason")
    for info in data.days:
        blocks = forms.day_blocks(data, info.day)
        note = forms.day_note(info, lang)
        if not blocks:
            print(f"{forms.day_label(info.day, lang)}  {note}".rstrip())
            continue
        todays = data.items[data.items["date"] == info.day]
        for manager, heading, _frame in blocks:
            g = todays[todays["manager"] == manager][list(keys)].copy()
            g["category"] = g["category"].map(lambda k: forms.category(k, lang))
            g["phone"] = [forms.phone_text(r).split("\n")[0] for r in g.itertuples(index=False)]  # one line
            g = g.astype(object).where(g.notna(), "")
            g.columns = [forms.col(k, lang) for k in keys]
            title = f"{forms.day_label(info.day, lang)}" + (f" {note}" if note else "") + f" · {heading}"
            print_frame(g, "table", title=title)


@app.command("done")
@handle_errors
def done_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="A plan workbook with 完成情况 filled in.", show_default=False, readable=False),
    ],
    fmt: FormatOption = "table",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Read a filled-in plan back: log each outcome (完成 / 未完成 / 改期 / a note) in the history.

    Example:  regiontool done plan.xlsx
    """
    from .. import vocab
    from ..io.read import read_book
    from ..plan import log_done, remark_lines, sheet_lines
    from ..render import FORMATS
    from ..store import Workspace

    lang = _check_lang(lang)
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table, csv or json",
            zh=f"不认识的 --format “{fmt}”：请用 table、csv 或 json",
        )
    book = read_book(file)
    with Workspace.open(db) as ws:
        summary = log_done(ws, [(s.name, s.rows, s.merges) for s in book.sheets], file.name, lang, path=file)
    rb = summary.read
    en = lang == "en"
    counts = summary.counts()  # a row another plan's outcome kept out counted as clashed, not 完成
    unknown = [
        {
            "sheet": r.sheet,
            "row": r.row,
            "company": r.company,
            "problem": vocab.plan_problem(
                r.problem, lang, r.detail, shell_word(r.company) if r.company else "", r.likely_id
            ),
        }
        for r in rb.unknown
    ]
    # free-text notes are logged but do not count as a contact: listed, so the user can write 完成：…
    notes = [
        {"sheet": r.sheet, "row": r.row, "company": r.company, "note": r.note}
        for r in rb.rows
        if r.status == "note" and not r.problem
    ]
    err = _err_console()
    for (_name, key, _n, _h), line in zip(rb.sheet_problems, sheet_lines(rb, lang), strict=True):
        prefix = (
            vocab.WARNING_PREFIX if key in vocab.PLAN_SHEETS_UNREAD else vocab.NOTE_PREFIX
        )  # not read / noted
        err.print(prefix[lang] + line, markup=False, soft_wrap=True)
    for remark in remark_lines(rb, lang):  # cells read in a way to check: 已去，不在 as 未完成, 1/5 a year on
        err.print(vocab.NOTE_PREFIX[lang] + remark, markup=False, soft_wrap=True)
    skipped = [{"sheet": name, "rows": n, "header": list(header)} for name, _k, n, header in rb.skipped]
    if fmt == "json":
        payload = {"rows": len(rb.rows), **counts, "unknown": len(unknown), "logged": summary.logged}
        payload |= {
            "corrected": summary.corrected,
            "already_logged": summary.already,
            "unknown_rows": unknown,
            "note_rows": notes,
            "skipped_sheets": skipped,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    clashed = (
        vocab.fill(vocab.PLAN_WORDS["clashed"][1 if en else 0], n=counts["clashed"])
        if counts["clashed"]
        else ""
    )
    if en:
        line = vocab.fill(
            "read {n:,} {n:row|rows} → done {done}, missed {missed}, rescheduled {rescheduled}, notes {note}, "
            "not filled {blank}, unknown {unknown}{clashed_part}; logged {logged} new, corrected {corrected} "
            "({already} already logged)",
            clashed_part=clashed,
            n=len(rb.rows),
            **counts,
            unknown=len(unknown),
            logged=summary.logged,
            corrected=summary.corrected,
            already=summary.already,
        )
        if skipped:
            line += vocab.fill(vocab.PLAN_WORDS["sheets_unread"][1], n=len(skipped))
    else:
        line = (
            f"读取 {len(rb.rows):,} 行 → 完成 {counts['done']}，未完成 {counts['missed']}，改期 {counts['rescheduled']}，"
            f"备注 {counts['note']}，未填 {counts['blank']}，无法识别 {len(unknown)}{clashed}；"
            f"新记录 {summary.logged} 条，更正 {summary.corrected} 条（已记录过 {summary.already} 条）"
        )
        if skipped:
            line += vocab.fill(vocab.PLAN_WORDS["sheets_unread"][0], n=len(skipped))
    import pandas as pd

    from ..render import print_frame

    notes_title = vocab.PLAN_WORDS["notes_not_contact"][1 if en else 0]
    notes_hint = vocab.PLAN_WORDS["notes_hint"][1 if en else 0]
    sheet_cols = ["sheet", "row", "company"] if en else ["工作表", "行", "相关"]
    if fmt == "csv":  # stdout holds one table: the unknown rows; the summary and the notes go to stderr
        err.print(line, markup=False, soft_wrap=True)
        if notes:
            err.print(f"{notes_title}{': ' if en else '：'}{notes_hint}", markup=False, soft_wrap=True)
        for n in notes:
            err.print(f"  {n['sheet']} {n['row']} {n['company']}: {n['note']}", markup=False, soft_wrap=True)
    else:
        print(line)
    if unknown or fmt == "csv":
        frame = pd.DataFrame(unknown, columns=["sheet", "row", "company", "problem"])
        frame.columns = [*sheet_cols, "problem" if en else "问题"]
        print_frame(frame, fmt, title=("unknown rows" if en else "无法识别的行") if fmt == "table" else None)
    if notes and fmt == "table":
        frame = pd.DataFrame(notes, columns=["sheet", "row", "company", "note"])
        frame.columns = [*sheet_cols, vocab.ACTIVITY_STATUS["note"][1 if en else 0]]
        print_frame(frame, fmt, title=notes_title)
        print(notes_hint)
