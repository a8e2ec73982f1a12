"""The plan as the method's forms (DOMAIN.md §7): tables in, tables out, no I/O.

周计划 (overview per day and manager), 地区经理日工作待办单 (one sheet per day, one block
per manager: 类别, 开始, 结束, 工作内容, 相关, 联系人, 联系电话, 备注, 完成情况), 行事月历 (a Monday–Sunday
grid with the month's big events) and quarter targets by month; plus the flat table that
CSV and JSON carry. `done` reads the daily sheets back, so their layout is a contract:
the title holds the ISO date, each block's header row holds 完成情况 and 企业编号.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .. import vocab
from ..io.write import FormSheet
from .planner import ITEM_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from . import PlanData

FLAT_COLUMNS = tuple(c for c in ITEM_COLUMNS if c != "mode")  # the CSV/JSON columns of the issue
DAY_COLUMNS = (
    "category",
    "start",
    "end",
    "task",
    "related",
    "contact",
    "phone",
    "remark",
    "outcome",
    "company_id",
)


def list_sep(lang: str) -> str:
    """Between the items of a list in a label: 、 in Chinese, a comma in English."""
    return ", " if lang == "en" else "、"


def col(key: str, lang: str) -> str:
    zh, en = vocab.PLAN_COLUMNS[key]
    return en if lang == "en" else zh


def word(key: str, lang: str) -> str:
    zh, en = vocab.PLAN_WORDS[key]
    return en if lang == "en" else zh


def category(key: str, lang: str) -> str:
    zh, en = vocab.PLAN_CATEGORIES.get(key, (key, key))
    return en if lang == "en" else zh


def day_label(d: date, lang: str) -> str:
    zh, en = vocab.WEEKDAYS[d.weekday()]
    return f"{d.isoformat()} {en if lang == 'en' else zh}"


def day_note(info, lang: str) -> str:
    """休 · 国庆节, 调休上班 · 国庆节, or ''."""
    parts = []
    if not info.workday:
        parts.append(word("off", lang))
    elif info.makeup:
        parts.append(word("makeup", lang))
    if info.name:
        parts.append(vocab.holiday_name(info.name, lang))  # a --calendar note as written
    return " · ".join(parts)


def plan_table(data: PlanData) -> pd.DataFrame:
    """One row per visit or call: the columns of the CSV/JSON output."""
    lang = data.lang
    frame = data.items[list(FLAT_COLUMNS)].copy()
    frame["date"] = frame["date"].map(lambda d: d.isoformat())
    frame["category"] = frame["category"].map(lambda k: category(k, lang))
    frame["company_id"] = frame["company_id"].astype(int)
    frame = frame.astype(object).where(frame.notna(), None)
    frame.columns = [col(k, lang) for k in FLAT_COLUMNS]
    return frame


def overview_frame(data: PlanData) -> pd.DataFrame:
    """Per working day and manager: visits, calls, towns, the customers visited; days off in between."""
    import pandas as pd

    lang = data.lang
    sep = list_sep(lang)
    groups = {key: g for key, g in data.items.groupby(["date", "manager"], sort=True)}
    rows = []
    for info in data.days:
        zh, en = vocab.WEEKDAYS[info.day.weekday()]
        head = [info.day.isoformat(), en if lang == "en" else zh]
        if not info.workday:
            rows.append([*head, "", None, None, "", "", day_note(info, lang)])
            continue
        for manager in data.managers:
            g = groups.get((info.day, manager))
            if g is None:
                rows.append([*head, manager, 0, 0, "", "", day_note(info, lang)])
                continue
            visits = g[g["mode"] == "visit"]
            towns = sep.join(dict.fromkeys(t for t in visits["town"] if isinstance(t, str)))
            rows.append(
                [
                    *head,
                    manager,
                    len(visits),
                    int((g["mode"] == "call").sum()),
                    towns,
                    sep.join(visits["company"]),
                    day_note(info, lang),
                ]
            )
    keys = ("date", "weekday", "manager", "visits", "calls", "towns", "key_customers", "day_note")
    # object columns: the counts stay whole numbers (3, not 3.0) beside the blank days off
    return pd.DataFrame(rows, columns=[col(k, lang) for k in keys], dtype=object)


def _given(value) -> str:
    return value if isinstance(value, str) else ""


def _related(row, lang: str) -> str:
    """Company, town · tier, and for a visit the address to go to."""
    tier = _given(row.tier) or vocab.label("blank", lang)
    town = _given(row.town) or vocab.label("blank", lang)
    address = _given(row.address) if row.mode == "visit" else ""
    return f"{row.company}\n{town} · {tier}" + (f"\n{address}" if address else "")


def contact_text(row, sep: str = "\n") -> str:
    """The person to ask for, with the title when known: 谢桂芳\n行政."""
    return sep.join(v for v in (_given(row.contact), _given(row.title)) if v)


def phone_text(row, sep: str = "\n") -> str:
    """The numbers one a line (the store joins a contact's numbers with '; ')."""
    return sep.join(p.strip() for p in _given(row.phone).split(";") if p.strip())


def _by_day_manager(data: PlanData) -> dict[tuple[date, str], list]:
    """The plan items as named tuples, grouped by (day, manager) in one pass."""
    index: dict[tuple[date, str], list] = {}
    for r in data.items.itertuples(index=False):
        index.setdefault((r.date, r.manager), []).append(r)
    return index


def day_blocks(data: PlanData, day: date, index: dict | None = None) -> list[tuple[str, str, pd.DataFrame]]:
    """(manager, heading, to-do table) for each manager with work on the day."""
    import pandas as pd

    lang = data.lang
    en = lang == "en"
    out = []
    index = _by_day_manager(data) if index is None else index
    for manager in data.managers:
        g = index.get((day, manager), [])
        if not g:
            continue
        rows = [
            [
                category(r.category, lang),
                r.start,
                r.end,
                r.task,
                _related(r, lang),
                contact_text(r),
                phone_text(r),
                r.reason,
                "",
                int(r.company_id),
            ]
            for r in g
        ]
        n_visits = sum(1 for r in g if r.mode == "visit")
        towns = list_sep(lang).join(
            dict.fromkeys(r.town for r in g if r.mode == "visit" and isinstance(r.town, str))
        )
        heading = (
            f"{col('manager', lang)}: {manager} · {n_visits} visits · {len(g) - n_visits} calls"
            + (f" · {towns}" if towns else "")
            if en
            else f"{col('manager', lang)}：{manager} · 拜访 {n_visits} · 电话 {len(g) - n_visits}"
            + (f" · {towns}" if towns else "")
        )
        out.append((manager, heading, pd.DataFrame(rows, columns=[col(k, lang) for k in DAY_COLUMNS])))
    return out


def _sheet_name(d: date, lang: str) -> str:
    zh, en = vocab.WEEKDAYS[d.weekday()]
    return f"{d.month:02d}-{d.day:02d} {en if lang == 'en' else zh}"


def daily_sheets(data: PlanData) -> list[FormSheet]:
    lang = data.lang
    sheets = []
    index = _by_day_manager(data)
    for info in data.days:
        blocks = day_blocks(data, info.day, index)
        if not blocks:
            continue
        note = day_note(info, lang)
        sheets.append(
            FormSheet(
                name=_sheet_name(info.day, lang),
                title=f"{word('title_day', lang)} · {day_label(info.day, lang)}"
                + (f" · {note}" if note else ""),
                blocks=[(heading, frame) for _m, heading, frame in blocks],
                fixed={
                    col("task", lang): 30,
                    col("related", lang): 32,
                    col("contact", lang): 12,
                    col("phone", lang): 18,
                    col("remark", lang): 40,
                    col("outcome", lang): 22,
                },
                fill=(col("outcome", lang),),
                notes=[
                    "完成情况：写 完成 / 未完成 / 改期，可加说明（如“完成：要报价”）；写好后运行 regiontool done 本文件"
                    if lang != "en"
                    else "outcome: write done / missed / rescheduled, optionally with a note (“done: wants a quote”);"
                    " then run regiontool done THIS_FILE"
                ],
                break_blocks=True,
            )
        )
    return sheets


def month_grid(data: PlanData) -> tuple[pd.DataFrame, set[tuple[int, int]], list[str]]:
    """The 行事月历 grid (weeks × Monday–Sunday), the grid cells outside the plan or off, and the events."""
    import pandas as pd

    lang = data.lang
    en = lang == "en"
    first = data.start - timedelta(days=data.start.weekday())
    last = data.end + timedelta(days=6 - data.end.weekday())
    infos = {i.day: i for i in data.days}
    per_day = data.items.groupby("date")
    counts = {d: g for d, g in per_day}
    rows, shaded = [], set()
    d = first
    while d <= last:
        week = []
        for j in range(7):
            day = d + timedelta(days=j)
            info = infos.get(day)
            lines = [f"{day.month}/{day.day}" if day.day == 1 or day == first else str(day.day)]
            if info is None or not info.workday:
                shaded.add((len(rows), j))
            if info is not None:
                note = day_note(info, lang)
                if note:
                    lines.append(note)
                g = counts.get(day)
                if g is not None:
                    v = int((g["mode"] == "visit").sum())
                    lines.append(
                        f"{v} visits · {len(g) - v} calls" if en else f"拜访 {v} · 电话 {len(g) - v}"
                    )
                    towns = list(
                        dict.fromkeys(t for t in g.loc[g["mode"] == "visit", "town"] if isinstance(t, str))
                    )
                    if towns:
                        lines.append(list_sep(lang).join(towns[:3]) + ("…" if len(towns) > 3 else ""))
            week.append("\n".join(lines))
        rows.append(week)
        d += timedelta(days=7)
    header = [en_ if en else zh for zh, en_ in vocab.WEEKDAYS]
    return pd.DataFrame(rows, columns=header), shaded, month_events(data)


def month_events(data: PlanData) -> list[str]:
    """The month's big events: holidays and make-up workdays, the plan's totals, its first visits."""
    lang = data.lang
    en = lang == "en"
    events = []
    runs: list[list] = []  # consecutive days with the same note
    for info in data.days:
        note = info.name if info.name else (word("makeup", lang) if info.makeup else None)
        if note and (info.makeup or not info.workday):
            label = day_note(info, lang)
            if runs and runs[-1][2] == label and runs[-1][1] == info.day - timedelta(days=1):
                runs[-1][1] = info.day
            else:
                runs.append([info.day, info.day, label])
    for a, b, label in runs:
        span = f"{a.month}/{a.day}" + (f"–{b.month}/{b.day}" if b != a else "")
        events.append(f"{span} {label}")
    workdays = sum(1 for i in data.days if i.workday)
    visits = int((data.items["mode"] == "visit").sum())
    calls = len(data.items) - visits
    events.append(
        f"{workdays} workdays · {visits} visits · {calls} calls planned"
        if en
        else f"工作日 {workdays} 天 · 计划拜访 {visits} 次 · 电话 {calls} 个"
    )
    winback = data.items[data.items["category"] == "winback"]
    if len(winback):  # each firm once, in plan order, with its visits when more than one
        visits = dict.fromkeys(winback["company"], 0)
        for name in winback["company"]:
            visits[name] += 1
        names = [
            name if n == 1 else vocab.fill(word("times", lang), name=name, n=n)
            for name, n in list(visits.items())[:5]
        ]
        events.append(word("winback_events", lang).format(names=list_sep(lang).join(names)))
    return events


def targets_frame(data: PlanData) -> pd.DataFrame:
    """Per month of the quarter: workdays, visits, calls, the tier moves to aim for, target
    industries and the white-space town to open (one a month, densest first)."""
    import pandas as pd

    lang = data.lang
    en = lang == "en"
    sep = "; " if en else "；"
    market = data.market
    targets = [vocab.value_label("industry", t, lang) for t in market.targets] if market is not None else []
    industries = list_sep(lang).join(targets[:6])
    if len(targets) > 6:
        industries += f" (+{len(targets) - 6})" if en else f" 等 {len(targets)} 个"
    white = []
    if market is not None and len(market.white_space):
        ws = market.white_space
        pair = "{} ({})" if en else "{}（{}）"
        white = [pair.format(*r) for r in ws.iloc[:, :2].to_numpy(dtype=object).tolist()]
    months = sorted({(i.day.year, i.day.month) for i in data.days})
    rows = []
    for n, (y, m) in enumerate(months):
        items = data.items[data.items["date"].map(lambda d, y=y, m=m: (d.year, d.month) == (y, m))]
        workdays = sum(1 for i in data.days if i.workday and (i.day.year, i.day.month) == (y, m))
        moves = []
        firms = items.groupby("category")["company_id"].nunique()
        for key in vocab.PLAN_CATEGORIES:
            if key in firms.index:
                zh, en_ = vocab.PLAN_MOVES[key]
                moves.append(vocab.fill(word("move_firms", lang), move=en_ if en else zh, n=int(firms[key])))
        focus = white[n :: len(months)] if white else []
        rows.append(
            [
                f"{y}-{m:02d}",
                workdays,
                int((items["mode"] == "visit").sum()),
                int((items["mode"] == "call").sum()),
                sep.join(moves),
                industries,
                list_sep(lang).join(focus),
            ]
        )
    cols = [word("month", lang), word("workdays", lang), col("visits", lang), col("calls", lang)]
    cols += [word("tier_moves", lang), word("target_industries", lang), word("white_space", lang)]
    return pd.DataFrame(rows, columns=cols)


def workbook_sheets(data: PlanData) -> list[FormSheet]:
    """季度目标 or 行事月历 (the big picture first), 周计划 / 计划总览, then one 日工作待办单 per working day."""
    lang = data.lang
    first, last = data.start.isoformat(), data.end.isoformat()
    managers = list_sep(lang).join(data.managers)
    overview_name = word("sheet_week" if data.period == "week" else "sheet_overview", lang)
    overview_title = word("title_week" if data.period == "week" else "title_overview", lang)
    sheets = [
        FormSheet(
            name=overview_name,
            title=f"{overview_title} · {first} – {last} · {managers}",
            blocks=[("", overview_frame(data))],
            fixed={col("key_customers", lang): 60, col("towns", lang): 24},
            notes=[*data.warnings, *data.notes],
        )
    ]
    if data.period == "quarter":
        sheets.append(
            FormSheet(
                name=word("sheet_targets", lang),
                title=f"{word('title_targets', lang)} · {first} – {last}",
                blocks=[("", targets_frame(data))],
                fixed={
                    word("tier_moves", lang): 48,
                    word("target_industries", lang): 26,
                    word("white_space", lang): 26,
                },
            )
        )
    if data.period == "month":
        grid, shaded, events = month_grid(data)
        sheets.append(
            FormSheet(
                name=word("sheet_month", lang),
                title=f"{word('title_month', lang)} · {_months(data)} · {managers}",
                blocks=[("", grid)],
                fixed={c: 22 for c in grid.columns},
                # the calendar's warnings (a year not in its data: days off by rule) on the grid they shape
                notes=[
                    *data.warnings,
                    f"{word('events', lang)}{':' if lang == 'en' else '：'}",
                    *(f"· {e}" for e in events),
                ],
                min_lines=5,
                shade={0: shaded},
                freeze_header=False,  # one screen of weeks under a list of the month's events
            )
        )
    days = daily_sheets(data)
    return sheets[1:] + sheets[:1] + days + ([remarks_sheet(data)] if days else [])


def _months(data: PlanData) -> str:
    """The month a month plan covers (2026-12), or its first and last days when it runs into the next
    (--start 2026-12-15: 2026-12-15 – 2027-01-14)."""
    if (data.start.year, data.start.month) == (data.end.year, data.end.month):
        return f"{data.start.year}-{data.start.month:02d}"
    return f"{data.start.isoformat()} – {data.end.isoformat()}"


REMARK_COLUMNS = ("date", "company_id", "remark")


def remarks_sheet(data: PlanData) -> FormSheet:
    """A hidden sheet of the 备注 each daily row was written with (its day and firm): `done` reads
    what the manager wrote there as a note (readback.planned_remarks)."""
    import pandas as pd

    lang = data.lang
    rows = [[str(r.date)[:10], int(r.company_id), r.reason] for r in data.items.itertuples(index=False)]
    return FormSheet(
        name=word("sheet_remarks", lang),
        title=word("title_remarks", lang),
        blocks=[("", pd.DataFrame(rows, columns=[col(k, lang) for k in REMARK_COLUMNS]))],
        freeze_header=False,
        hidden=True,
    )
