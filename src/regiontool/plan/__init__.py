"""Work plans (issue 8): the working calendar, the planner, the forms, calendar files and the read-back.

`build_plan` is the command's library function: workspace and options in, plan data out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .. import vocab
from ..errors import DataError, UsageError
from .planner import COMPANY_COLUMNS, PlanOptions, attach_reach, day_capacity, moved_dates, plan
from .readback import moved_to, own_note, part_text
from .workdays import DayInfo, WorkCalendar

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from ..store import Workspace

PERIODS = ("week", "month", "quarter")


@dataclass
class PlanData:
    """A plan and what the forms need to show it."""

    period: str
    start: date
    end: date
    days: list[DayInfo]  # every calendar day of the period
    items: pd.DataFrame  # planner.ITEM_COLUMNS
    managers: list[str]
    lang: str = "zh"
    warnings: list[str] = field(default_factory=list)  # calendar fallback years
    notes: list[str] = field(default_factory=list)  # e.g. companies without a manager
    market: Any = None  # analysis.market.Market, for --quarter targets
    tiers: dict[str, int] = field(default_factory=dict)  # companies per tier in the plan's scope


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def period_range(period: str, today: date, start: date | None = None) -> tuple[date, date]:
    """The plan's first and last calendar day: by default next Monday's week, next month, next quarter."""
    if period not in PERIODS:
        raise UsageError(
            f"unknown period '{period}'",
            "use --week, --month or --quarter",
            zh=f"不认识的计划周期“{period}”：请用 --week、--month 或 --quarter",
        )
    if period == "week":
        first = start or today + timedelta(days=7 - today.weekday())
        return first, first + timedelta(days=6)
    months = 1 if period == "month" else 3
    if start is None:
        if period == "month":
            start = _add_months(today.replace(day=1), 1)
        else:
            start = _add_months(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3)
    end = _add_months(start.replace(day=1), months) - timedelta(days=1)
    if start.day != 1:  # from a given day: the same length
        end = start + (end - start.replace(day=1))
    return start, end


def build_plan(
    ws: Workspace,
    period: str,
    today: date,
    start: date | None = None,
    manager: str | None = None,
    options: PlanOptions | None = None,
    calendar: WorkCalendar | None = None,
    churn: pd.DataFrame | None = None,
    chase: pd.DataFrame | None = None,
) -> PlanData:
    """The plan of one manager, or of every manager, for the period on China's working calendar."""
    import pandas as pd

    options = options or PlanOptions()
    en = options.lang == "en"
    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    if options.visits_per_day == 0 and options.calls_per_day == 0:
        raise UsageError(
            "--visits-per-day and --calls-per-day are both 0: nothing to plan",
            zh="--visits-per-day 和 --calls-per-day 都是 0：没有可安排的工作",
        )
    counts = ws.manager_counts()
    known = sorted(m for m in counts if m)
    typed, manager = manager, None if manager is None else ws.known_manager(manager)  # 孫志強 is 孙志强
    if manager is not None and manager not in counts:
        raise UsageError(
            f"no manager '{typed}' in the workspace",
            "managers: " + (vocab.listed(known, "en") or "none"),
            zh=f"工作区里没有区域经理“{typed}”：现有经理：{'、'.join(known) or '无'}",
        )
    first, last = period_range(period, today, start)
    calendar = calendar or WorkCalendar()
    days = calendar.days(first, last)
    owing = chase["company_id"].dropna().tolist() if chase is not None and len(chase) else ()
    rows = ws.planning_companies(manager, owing)
    companies = pd.DataFrame(rows, columns=list(COMPANY_COLUMNS))
    companies["manager"] = companies["manager"].map(lambda m: m.strip() if isinstance(m, str) else None)
    if manager is not None:  # one manager, whichever stored spelling (孙 志强) a firm has
        companies["manager"] = manager
    notes = []
    unowned = int(companies["manager"].isna().sum()) if manager is None else 0
    if unowned:
        notes.append(vocab.plan_note("no_manager", options.lang, n=unowned))
    want = (options.visits_per_day, options.calls_per_day)
    fit = day_capacity(*want)
    if fit != want:  # the planner plans what fits; say so
        start, end = vocab.WORKDAY_HOURS
        notes.append(
            vocab.plan_note(
                "day_full",
                options.lang,
                start=start,
                end=end,
                want_visits=want[0],
                want_calls=want[1],
                visits=fit[0],
                calls=fit[1],
            )
        )
    companies = companies[companies["manager"].notna()]
    activities = pd.DataFrame(ws.activity_rows(), columns=["company_id", "day", "status", "note"])
    activities["moved_to"] = [  # the day a 改期 names (改期到12/8, a date cell): planned then
        moved_to(own_note(note), date.fromisoformat(str(day)[:10]), calendar)
        if status == "rescheduled"
        else None
        for day, status, note in zip(activities["day"], activities["status"], activities["note"], strict=True)
    ]
    workdays = [d.day for d in days if d.workday]
    items = plan(companies, workdays, options, activities, churn, chase, calendar)
    if items.attrs.get("calls_short"):  # visits took the time for calls: say how many were left out
        asked, planned, left = items.attrs["calls_short"]
        full = max(
            (v for v in range(options.visits_per_day + 1) if day_capacity(v, want[1]) == (v, want[1])),
            default=None,
        )
        notes.append(vocab.plan_note("calls_left", options.lang, asked=asked, planned=planned, left=left))
        if full is not None:
            notes[-1] += vocab.plan_note("calls_left_hint", options.lang, visits=full, calls=want[1])
    if items.attrs.get("towns_left"):  # a day had a free visit, but the due firms were in other towns
        notes.append(vocab.plan_note("towns_left", options.lang, n=items.attrs["towns_left"]))
    if items.attrs.get("month_missed"):  # 本月内 deals the month's working days could not hold
        day, visits, calls = items.attrs["month_missed"]
        for key, names in (("month_missed", visits), ("month_missed_calls", calls)):  # advice by kind
            if names:
                notes.append(
                    vocab.plan_note(
                        key,
                        options.lang,
                        n=len(names),
                        day=day.isoformat(),
                        names=vocab.listed(names, options.lang),
                    )
                )
    # the firms rescheduled to a day of the period or after it; a period without a working day (春节)
    # names them too, from its first day: none is planned in it
    moved = moved_dates(activities, workdays or [first], calendar)
    notes += _moved_notes(companies, moved, items, days, options.lang)
    items = attach_reach(items, *_reach(ws, items))
    if not workdays:
        names = dict.fromkeys(vocab.holiday_name(d.name, options.lang) for d in days if d.name)
        why = f" ({', '.join(names)})" if en else f"（{'、'.join(names)}）"
        notes.append(vocab.plan_note("no_workdays", options.lang, why=why if names else ""))
    elif not len(items):
        notes.append(vocab.plan_note("nothing_due", options.lang))
    data = PlanData(
        period,
        first,
        last,
        days,
        items,
        [manager] if manager else sorted(companies["manager"].unique().tolist()),
        options.lang,
        calendar.warnings(options.lang),
        notes,
    )
    if period == "quarter":
        from .. import territory

        data.market = territory.market(ws, options.lang)
        tiers = companies["tier"].fillna(vocab.NO_TIER).value_counts()
        data.tiers = {str(k): int(v) for k, v in tiers.items()}
    return data


def _moved_notes(
    companies: pd.DataFrame, moved: dict[int, date], items: pd.DataFrame, days: list[DayInfo], lang: str
) -> list[str]:
    """Notes on the firms rescheduled to a day that is no working day of the plan (they come on a
    later one: the day the plan puts them on) or that comes after it (they wait for it)."""
    en = lang == "en"
    names = dict(zip(companies["company_id"].astype(int), companies["company"], strict=True))
    planned: dict[int, date] = {}
    for cid, day in zip(items["company_id"].astype(int), items["date"], strict=True):
        planned.setdefault(cid, day)  # items come by day
    workdays = [d.day for d in days if d.workday]
    off, later = [], []
    for cid, day in sorted(moved.items(), key=lambda kv: (kv[1], kv[0])):
        if cid not in names:  # another manager's firm, or one never planned
            continue
        then = next((d for d in workdays if d >= day), None)
        if then is None:
            later.append(f"{names[cid]} ({day.isoformat()})" if en else f"{names[cid]}（{day.isoformat()}）")
        elif then != day and cid in planned:  # not planned: a note on calls left out says so
            on = planned[cid].isoformat()
            off.append(
                f"{names[cid]} ({day.isoformat()} → {on})"
                if en
                else f"{names[cid]}（{day.isoformat()} → {on}）"
            )
    sep = ", " if en else "、"
    notes = []
    if off:
        notes.append(vocab.plan_note("moved_off", lang, n=len(off), firms=sep.join(off)))
    if later:
        key = "moved_later" if workdays else "moved_no_workdays"
        notes.append(vocab.plan_note(key, lang, n=len(later), firms=sep.join(later)))
    return notes


def _reach(ws: Workspace, items: pd.DataFrame) -> tuple[dict[int, list[dict]], dict[int, str | None]]:
    """The planned firms' contacts and addresses, read for those firms only."""
    from .. import normalize

    firms = dict(zip(items["company_id"].astype(int), items["company"], strict=True))
    contacts: dict[int, list[dict]] = {}
    for (cid, _key), row in ws.contacts_of(firms).items():
        contacts.setdefault(int(cid), []).append(row)
    stored = ws.companies_by_key(normalize.text_keys(list(firms.values())))
    addresses = {int(r["id"]): r.get("address") for r in stored.values() if int(r["id"]) in firms}
    return contacts, addresses


def sheet_lines(rb: Any, lang: str = "zh") -> list[str]:
    """One line per daily sheet of a read-back not read (no 完成情况 column) or read by name (no
    企业编号 column): the sheet and why."""
    sep = ": " if lang == "en" else "："
    return [
        name
        + sep
        + vocab.fill(
            vocab.PLAN_SHEET_PROBLEMS[key][1 if lang == "en" else 0],
            n=n,
            header=vocab.listed(header, lang),
            dates=header,  # name-date: the day the sheet's name says, the title's
        )
        for name, key, n, header in rb.sheet_problems
    ]


def remark_lines(rb: Any, lang: str = "zh") -> list[str]:
    """One line per row of a read-back (readback.ReadBack) whose cell was read in a way the user
    should check: a done word overruled by 'not reached' or a reschedule (named as the status
    logged), a date cell taken a year later."""
    out = []
    i = 1 if lang == "en" else 0
    for r in rb.rows:
        if r.remark and not r.problem:
            company = r.company or (r.same_day.company if r.same_day is not None else "")
            where = vocab.done_remark("where", lang, sheet=r.sheet, row=r.row, company=company)
            status = vocab.ACTIVITY_STATUS.get(r.status, (r.status, r.status))[i]  # as logged
            said = vocab.DONE_OVERRULED_SAID.get(r.status, ("", ""))[i]
            other = r.same_day  # same_day: the row logged for the firm and day
            if other is not None:
                said = vocab.done_remark("where", lang, sheet=other.sheet, row=other.row, company="").strip()
                status = vocab.ACTIVITY_STATUS.get(other.status, (other.status, other.status))[i]
            out.append(
                vocab.done_remark(
                    r.remark,
                    lang,
                    where=where,
                    cell=r.cell,
                    date=r.note,
                    status=status,
                    said=said,
                    status_here=vocab.ACTIVITY_STATUS.get(r.status, (r.status, r.status))[i],
                    day=r.day.isoformat() if r.day else "",
                    source=r.other_plan,
                    kept=r.kept,
                )
            )
    return out


@dataclass
class DoneSummary:
    """What `regiontool done` read and logged."""

    read: Any  # readback.ReadBack
    logged: int = 0  # activities new in the workspace
    already: int = 0  # activities an earlier read of the same plan logged with the same outcome
    corrected: int = 0  # activities an earlier read logged with another outcome, now updated
    clashed: int = 0  # rows whose firm and day another plan file logged otherwise first: not logged

    def counts(self) -> dict[str, int]:
        """The filled rows by outcome, a row another plan file's outcome kept out (clashed) in none of
        them: 完成 counts what was logged as 完成."""
        rows = [r for r in self.read.rows if not r.problem and r.remark != "other_plan"]
        out = {
            k: sum(r.status == k for r in rows) for k in ("done", "missed", "rescheduled", "note", "blank")
        }
        return out | {"clashed": self.clashed}


_COPY_SUFFIX = re.compile(
    rf"(?:\s*[-_]?\s*(?:{'|'.join(vocab.COPY_WORDS)})(?:\s*\d+)?|\s*[(（]\d+[)）])$", re.IGNORECASE
)


def check_plan_target(target: Path, instead: str | None = None) -> None:
    """Refuse to write a plan over one whose 完成情况 the manager has filled in and `done` has not read
    as it is now (a plan done read is an input: io.write.check_output_path refuses it): the week's
    outcomes would be gone (review r103 F3). Another file (a report, a user's workbook) is not looked at."""
    from ..errors import OutputError
    from ..io.read import own_kind, read_book, text_kind
    from .readback import read_sheets

    try:
        if not target.is_file() or (own_kind(target) or text_kind(target)) != "plan":  # .xlsx, or .csv
            return
        book = read_book(target)
    except Exception:  # noqa: BLE001 — unreadable: not a plan with outcomes this could lose
        return
    filled = [r for r in read_sheets([(s.name, s.rows) for s in book.sheets]).rows if r.status != "blank"]
    if filled:
        zh_other = f"，或换一个输出文件名（例如 {instead}）" if instead else "，或换一个输出文件名"
        raise OutputError(
            f"{target} is a plan whose outcomes ({len(filled)} rows) have not been read by regiontool done;"
            " refusing to overwrite it",
            f"run regiontool done {target} first, or choose another output name"
            + (f", e.g. {instead}" if instead else ""),
            zh=f"{target} 是已填了完成情况（{len(filled)} 行）但还没用 regiontool done 读入的计划，不能覆盖它："
            f"请先运行 regiontool done {target}{zh_other}",
        )


def same_plan_file(a: str, b: str) -> bool:
    """Whether two file names are one plan: the same, or one a copy of the other as the system or a
    download names it (计划 (1).xlsx, 计划 - 副本.xlsx, plan copy.xlsx): a re-saved or forwarded copy
    corrects the plan's outcomes as the plan itself does. (A plan carries no identity of its own.)"""
    from pathlib import PurePath

    def plain(name: str) -> tuple[str, str]:
        p, stem = PurePath(name), PurePath(name).stem
        while (shorter := _COPY_SUFFIX.sub("", stem)) != stem and shorter:
            stem = shorter
        return stem.casefold(), p.suffix.casefold()

    return plain(a) == plain(b)


def _ids_named(ws: Workspace, names: list[str]) -> dict[str, int]:
    """name → id of the company whose exact name (normalised, as explain, set and history match it) it
    is: a plan row added by hand without 企业编号, or one of a sheet whose 企业编号 column is gone."""
    from ..explain import companies_named

    return {n: int(c["id"]) for n, c in companies_named(ws, names).items()}


def _likely_ids(ws: Workspace, rows: list) -> None:
    """Rows still without a company id (their 相关 names none exactly) get the id the name most
    likely means, for the hint (explain.likely_id)."""
    from ..explain import likely_id

    for r in rows:
        if r.problem == "no-company-id" and r.status != "blank" and r.company:
            r.likely_id = likely_id(ws, r.company)


def _one_per_day(rows: list) -> list:
    """The rows to log: one per company and day, since an activity is keyed by them (plan:day:id,
    what makes a second reading log nothing twice and an edited cell a correction). Of two rows for
    one firm on one day (a call planned, a visit added by hand, the rows of firms merged since the plan)
    the more final outcome is logged (vocab.OUTCOME_RANK: 完成 over 改期 over 未完成 over a note; then the
    one with a note, then the upper one), whatever the rows' order. The manager's notes on the other rows
    are the day's too: joined after its note in row order, each part once (another outcome's with its
    word, 未完成：电话不用打了), so none is lost; each other row gets a remark naming the row logged."""
    best: dict[str, Any] = {}
    for r in rows:
        kept = best.get(r.activity_key)
        if kept is None or _rank(r) > _rank(kept):
            best[r.activity_key] = r
    notes = {key: [r.note] if r.note else [] for key, r in best.items()}
    seen = {key: set(_parts(r.note)) for key, r in best.items()}
    for r in rows:
        kept = best[r.activity_key]
        if r is kept:
            continue
        new = [p for p in dict.fromkeys(_parts(r.note)) if p not in seen[r.activity_key]]
        seen[r.activity_key].update(new)
        said = _said(vocab.NOTE_JOIN.join(new), r.status, kept.status)
        if said:
            notes[r.activity_key].append(said)
        shown = said.removeprefix(vocab.NOTE_JOINED_MARK)
        r.remark, r.cell, r.same_day = "same_day_joined" if said else "same_day", shown, kept
    for key, r in best.items():
        r.note = vocab.NOTE_JOIN.join(notes[key])
    return [r for r in rows if best[r.activity_key] is r]


def _parts(note: str | None) -> list[str]:
    """A note's parts (the 完成情况 note, the 备注 text, other rows' notes, joined by NOTE_JOIN)."""
    return [p.strip() for p in (note or "").split(vocab.NOTE_JOIN) if p.strip()]


def _said(note: str, status: str, kept: str) -> str:
    """A row's note as the day's record keeps it beside the logged row of status `kept`: after
    vocab.NOTE_JOINED_MARK, with its own outcome's word when that differs (未完成：电话不用打了; a
    free-text note as written), and always beside a 改期, whose day is read from its own part only
    (readback.own_note); "" without a note.
    The word is the workspace's (Chinese) whatever --lang says: the same plan read in English
    stores the same record, so reading it again changes nothing."""
    if not note:
        return note
    if kept != "rescheduled" and status in (kept, "note"):
        return vocab.NOTE_JOINED_MARK + note
    return f"{vocab.NOTE_JOINED_MARK}{vocab.ACTIVITY_STATUS[status][0]}：{note}"


def _only_less(before: tuple[str, str | None], now: tuple[str, str | None]) -> bool:
    """Whether a reading says nothing the stored record does not: no outcome more final, no part of a
    note it lacks (what is left when one of the day's rows was cleared)."""
    if vocab.OUTCOME_RANK[now[0]] > vocab.OUTCOME_RANK[before[0]]:
        return False
    return {part_text(p) for p in _parts(now[1])} <= {part_text(p) for p in _parts(before[1])}


def _cleared(rows: list) -> dict[str, list]:
    """Blank rows of a firm and day, by activity key."""
    out: dict[str, list] = {}
    for r in rows:
        if r.status == "blank" and r.company_id is not None and r.day is not None and not r.problem:
            out.setdefault(r.activity_key, []).append(r)
    return out


def _erased(ws: Workspace, rows: list, logged: set[str], outcome, source: str) -> None:
    """Rows left blank whose firm and day an earlier reading of this plan (or a copy, same_plan_file)
    logged: the manager cleared the cell, but the outcome stays stored (nothing is undone without a word
    written); each gets a remark quoting it. What another plan file logged (the week's beside the
    month's) was never in this one: its blank rows say nothing."""
    blank = [r for r in rows if r.status == "blank" and r.company_id is not None and r.day is not None]
    blank = [r for r in blank if r.activity_key not in logged]
    keys = list(dict.fromkeys(r.activity_key for r in blank))
    stored, sources = ws.activity_outcomes(keys), ws.activity_sources(keys)
    for r in blank:
        if r.activity_key in stored and same_plan_file(sources.get(r.activity_key) or source, source):
            r.remark, r.cell = "erased", outcome(*stored[r.activity_key])


# Where a 相关 cell's name ends and the manager's words after it begin (（老板换人了）, ` 新地址：…`).
_AFTER_NAME = re.compile(r"\s|[（(【\[，,：:；;、。]")


def _naming_key(cell: str, name: str, places: list[str]) -> str | None:
    """The key by which a row's 相关 names the firm its 企业编号 is, None when it does not: the cell, or its
    text up to the manager's words after the name (慈溪市恒通日用品有限公司（老板换人了）, `富泰电器有限公司
    新地址：…`), must be one of the firm's own forms (normalize.name_forms: its name, without its place or
    legal suffix or both — 慈溪佳腾电子 for 慈溪市佳腾电子有限公司). Exact, so another firm of the same stem
    (慈溪华峰电器有限公司 for 宁波华峰电器有限公司), a part (宁波电器厂, 电子) or a place alone is refused."""
    from .. import normalize

    forms = normalize.name_forms(normalize.text_key(name), places)
    cell = cell.strip()
    for said in (normalize.text_key(cell), normalize.text_key(_AFTER_NAME.split(cell, maxsplit=1)[0])):
        if said in forms:
            return said
    return None


def _merged_firms(ws: Workspace, rows: list, names: dict[int, str]) -> set[int]:
    """Rows of a firm merged into another since the plan was written (`regiontool merge`): its id is
    gone and the row's 相关 names it; the row is the kept firm's now (its id set, and into `names`).
    Returns their positions: their 相关 names the merged firm, no mismatch."""
    from .. import normalize

    lost = {
        i: (normalize.text_key(r.company), normalize.text_key(_AFTER_NAME.split(r.company, maxsplit=1)[0]))
        for i, r in enumerate(rows)
        if r.company_id is not None and r.company_id not in names and r.company
    }
    if not lost:
        return set()
    kept = ws.alias_ids({k for keys in lost.values() for k in keys})
    out, own = set(), {}
    for i, keys in lost.items():
        cid = next((kept[k] for k in keys if k in kept), None)
        if cid is not None:
            own[i] = rows[i].activity_key
            rows[i].company_id = cid
            out.add(i)
    # a row logged before the merge is its own activity still (the merge moved it): it stays under its
    # key, already logged, not joined into the kept firm's record of the day a second time
    logged = ws.activity_outcomes(list(dict.fromkeys(own.values())))
    for i, key in own.items():
        if key in logged:
            rows[i].key = key
    names.update(ws.company_names(rows[i].company_id for i in out))
    return out


def _check_names(ws: Workspace, rows: list, names: dict[int, str], merged: set[int] = frozenset()) -> None:
    """Rows whose 相关 does not name their id's firm (a plan of another workspace, ids shifted) get
    name-mismatch; so does a shortening that is another stored firm's whole name (华峰电器有限公司 beside
    宁波华峰电器有限公司): the manager wrote that firm. `merged`: rows of a merged firm (_merged_firms)."""
    from ..records import place_names

    places = place_names(ws.sample_addresses())  # 宁波, 慈溪: the bare places a 相关 may leave out
    said: dict[int, str | None] = {}
    for i, r in enumerate(rows):
        if r.problem or r.company_id is None or r.status == "blank" or i in merged:  # blank: never a problem
            continue
        if r.company_id not in names:
            r.problem, r.detail = "unknown-company", str(r.company_id)
        elif r.company:
            said[i] = _naming_key(r.company, names[r.company_id], places)
    stored = ws.companies_by_key({k for k in said.values() if k})
    for i, key in said.items():
        r = rows[i]
        if key is None or (key in stored and int(stored[key]["id"]) != r.company_id):
            r.problem, r.detail = "name-mismatch", f"{r.company_id}: {names[r.company_id]} ≠ {r.company}"


def _rank(r: Any) -> tuple[int, bool, bool]:
    """Of two rows of one firm and day, the one logged: the more final outcome; of two 改期, one naming
    the day it moves to (its day is read from its own cell only: review r88 F4); then one with a note."""
    names_day = r.status == "rescheduled" and r.day is not None and moved_to(r.note, r.day) is not None
    return vocab.OUTCOME_RANK[r.status], names_day, bool(r.note)


def log_done(
    ws: Workspace, sheets: list[tuple], source: str, lang: str = "zh", path: str | Path | None = None
) -> DoneSummary:
    """Log the outcomes of a filled-in plan as activities (with history lines); rows the workspace
    does not know are reported, not logged. A row read before with the same outcome logs nothing
    twice; with another outcome (未完成 later made 完成) it corrects the stored activity, since the
    manager's latest word is the truth. One transaction: a failure logs nothing. The file read
    (`path`) is kept among the workspace's inputs: the manager filled it in, no --out overwrites it.
    `sheets`: (name, rows) or (name, rows, merged areas) — a merged cell is read in every row it covers."""
    from ..io.read import shown_rows
    from .readback import read_sheets

    sheets = [(s[0], shown_rows(s[1], s[2] if len(s) > 2 else ())) for s in sheets]
    rb = read_sheets(sheets, lambda names: _ids_named(ws, names))
    no_outcome = [p for p in rb.skipped if p[1] == "no-outcome"]
    if not rb.sheets_read and no_outcome:  # daily forms, but 完成情况 is gone from every one
        sheet, _key, _n, header = no_outcome[0]
        raise DataError(
            f"{source}: no outcome (完成情况) column on any daily sheet ({len(no_outcome)}, e.g. “{sheet}”: "
            f"{vocab.listed(header, 'en')})",
            "name that column outcome (完成情况) again and run regiontool done again",
            zh=f"{source}：{len(no_outcome)} 张日工作待办单都没有“完成情况”列（如“{sheet}”：{vocab.listed(header)}）："
            "把该列表头改回“完成情况”后再运行 regiontool done",
        )
    if not rb.sheets_read:
        raise DataError(
            f"{source}: no daily to-do sheet (日工作待办单) with a 完成情况 column",
            "pass a plan workbook written by `regiontool plan --out plan.xlsx`",
            zh=f"{source}：没有带“完成情况”列的日工作待办单："
            "请用 `regiontool plan --out plan.xlsx` 写出的计划工作簿",
        )
    _likely_ids(ws, rb.rows)
    names = ws.company_names(r.company_id for r in rb.rows if r.company_id is not None)
    merged = _merged_firms(ws, rb.rows, names)
    _check_names(ws, rb.rows, names, merged)
    for r in rb.rows:  # a row added by hand with only 企业编号: its remarks name the firm
        if not r.company and not r.problem and r.company_id in names:
            r.company = names[r.company_id]
    to_log = _one_per_day([r for r in rb.rows if not r.problem and r.status != "blank"])
    if not to_log and rb.unknown:  # every filled row refused (a plan of another workspace): nothing written
        first = rb.unknown[0]
        why = {
            lang_: vocab.plan_problem(first.problem, lang_, first.detail, first.company, first.likely_id)
            for lang_ in ("zh", "en")
        }
        n = len(rb.unknown)
        raise DataError(
            vocab.fill(
                "{source}: none of the {n:,} filled {n:row|rows} can be logged, nothing was written "
                "(first: {sheet} row {row} {company}: {why})",
                source=source,
                n=n,
                sheet=first.sheet,
                row=first.row,
                company=first.company,
                why=why["en"],
            ),
            zh=f"{source}：填写的 {n:,} 行都无法记录，未写入任何内容（第一行：{first.sheet} 第 {first.row} 行 "
            f"{first.company}：{why['zh']}）",
        )
    summary = DoneSummary(rb)
    en = lang == "en"
    word = {k: (e if en else z) for k, (z, e) in vocab.ACTIVITY_STATUS.items()}
    origin = f"regiontool done {source}"

    def outcome(status: str, note: str | None) -> str:
        if status == "note":
            return note or ""
        if note and not own_note(note):  # a bare 完成 with another row's 未完成：… after it: two outcomes
            return word[status] + ("; " if en else vocab.NOTE_JOIN) + note
        return word[status] + (f"{': ' if en else '：'}{note}" if note else "")

    with ws.transaction():
        last = ws.last_contact_days(vocab.CONTACT_STATUSES)
        keys = list(dict.fromkeys(r.activity_key for r in to_log))
        stored, sources = ws.activity_outcomes(keys), ws.activity_sources(keys)
        _erased(ws, rb.rows, {r.activity_key for r in to_log}, outcome, source)
        fresh, corrections, history = [], [], []
        uncontacted: set[int] = set()  # firms whose logged 完成 a correction took back
        cleared = _cleared(rb.rows)
        for r in to_log:
            now_said = (r.status, r.note or None)
            before = stored.get(r.activity_key)
            if before == now_said:
                summary.already += 1
                continue
            if (
                before is not None
                and r.activity_key in cleared
                and same_plan_file(sources.get(r.activity_key) or source, source)
                and _only_less(before, now_said)
            ):  # one of the day's rows cleared: what it said stays stored, as for a day of one row
                summary.already += 1
                for b in cleared[r.activity_key]:
                    b.remark, b.cell = "erased", outcome(*before)
                continue
            if before is not None and not same_plan_file(sources.get(r.activity_key) or source, source):
                # another plan (the week's and the month's) logged the firm and day first: it stands, the
                # clash is pointed out; only a re-read of the same file (or a copy of it) corrects
                r.remark, r.cell, r.other_plan, r.kept = (
                    "other_plan",
                    outcome(*now_said),
                    sources[r.activity_key],
                    outcome(*before),
                )
                summary.clashed += 1
                continue
            stored[r.activity_key] = now_said
            day = r.day.isoformat()
            label = vocab.PLAN_CATEGORIES.get(r.category, (r.category, r.category))[1 if en else 0]
            if before is None:
                summary.logged += 1
                fresh.append(
                    (r.activity_key, r.company_id, day, r.category, r.task, r.status, r.note or None, source)
                )
                text = f"{day} {label}{'：' if r.status == 'note' else ' '}{outcome(*now_said)}"
            else:
                summary.corrected += 1
                if before[0] in vocab.CONTACT_STATUSES and r.status not in vocab.CONTACT_STATUSES:
                    uncontacted.add(r.company_id)
                corrections.append((r.status, r.note or None, r.category, r.task, source, r.activity_key))
                fix = vocab.PLAN_WORDS["corrected"][1 if en else 0]
                text = f"{day} {label} {fix}{': ' if en else '：'}{outcome(*before)} → {outcome(*now_said)}"
            history.append((r.company_id, None, "activity", None, text, origin, None))
            if r.status in vocab.CONTACT_STATUSES and (r.company_id not in last or day > last[r.company_id]):
                history.append(
                    (r.company_id, None, "last_contact", last.get(r.company_id), day, origin, None)
                )
                last[r.company_id] = day
        ws.add_activities(fresh)
        ws.correct_activities(corrections)
        # a 完成 corrected to 未完成 / 改期: the last contact goes back to the one before (or none)
        if uncontacted:
            after = ws.last_contact_days(vocab.CONTACT_STATUSES)
            for cid in sorted(uncontacted & last.keys()):
                if after.get(cid) != last[cid]:
                    history.append((cid, None, "last_contact", last[cid], after.get(cid), origin, None))
        ws.add_history(history)
        if path is not None:
            ws.remember_input(path)
    return summary
