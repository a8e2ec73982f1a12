"""Who to visit or call on which working day, and why: pure, deterministic, explained.

Each company gets its tier's action (vocab.PLAN_ACTIONS; churn-warned customers a
win-back visit). Within visits and within calls the order is: a firm rescheduled to a day the manager
wrote (改期到12/8, 下周一再去; a day that is no working day: the next working day) first on that
day, before all others and wherever it is; then missed last time, then overdue customers (催款, most owed first), then the firms with an opportunity score:
the manager's attention order (value level × energy grade): orders 1–3, then the firms with
an energy score but no value level, then the last group (三级 B and below); within each, energy
score, highest first; then churn value at risk, the tier's urgency, and the company id to
break ties — so the same workspace and dates always give the same plan. A deal closing
本月内 is planned by the plan's last working day in the month of its first day. That rank
holds for a firm's first visit or call in the plan; the routine firms, and a ranked one once
planned, take turns by how long they have waited: a firm never contacted first, then the one
due longest, so a month or a quarter reaches every firm before it sees one again. A day's
visits stay in one or two towns, filled with the ranked firms before routine ones; a firm
without a town is one stop a day besides them. A customer contacted recently waits for its
tier's interval; nobody comes twice in one week. A day holds what fits in the working day
(vocab.WORKDAY_HOURS); the rest waits for the next working day.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from calendar import monthrange
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .. import vocab
from ..analysis.energy import attention, attention_rank, energy, value_level
from ..analysis.energy import level as named_level
from ..io.write import whole_text
from .workdays import WorkCalendar

if TYPE_CHECKING:
    import pandas as pd


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


# The day's timetable (vocab.WORKDAY_HOURS): visits from the day's start (75 minutes each, 15 to
# travel, no visit over lunch), then a block of 10-minute calls, all ending by the day's end.
DAY_START, DAY_END = map(_minutes, vocab.WORKDAY_HOURS)
LUNCH = tuple(map(_minutes, vocab.LUNCH_HOURS))
VISIT_MINUTES, TRAVEL_MINUTES, CALL_MINUTES = vocab.VISIT_MINUTES, vocab.TRAVEL_MINUTES, vocab.CALL_MINUTES

# Whom to ask for and where to go, filled in after planning (attach_reach): only the planned
# firms' contacts are read, and the plan itself does not depend on them.
REACH_COLUMNS = ("contact", "title", "phone", "address")
ITEM_COLUMNS = (
    "date",
    "start",
    "end",
    "category",
    "company",
    "company_id",
    "town",
    "tier",
    "task",
    "reason",
    "manager",
    *REACH_COLUMNS,
    "mode",
)
COMPANY_COLUMNS = (
    "company_id",
    "company",
    "tier",
    "tier_raw",
    "manager",
    "town",
    "deal_level",
    "closing",
    "value_level",
    "attractiveness",
    "advantage",
)
_URGENCY = {tier: i for i, tier in enumerate(vocab.PLAN_ACTIONS)}
# Rank of a firm with neither an energy score nor a value level (attention_rank): not ranked.
_UNRANKED = vocab.UNRANKED


class PlanOptions(BaseModel):
    visits_per_day: int = Field(3, ge=0, le=20)
    calls_per_day: int = Field(10, ge=0, le=100)
    lang: str = "zh"


@dataclass
class _Candidate:
    company_id: int
    company: str
    tier: str | None
    manager: str
    town: str | None
    action: vocab.PlanAction
    key: tuple
    reasons: list[str]
    next_ok: date  # first day it may be planned, and since when it waits (date.min: never contacted)
    scheduled: list[date] = field(default_factory=list)
    task: str | None = None  # instead of the action's goal (催款 names the amount)
    moved: date | None = None  # the working day a reschedule names (改期到 01-04): first that day
    this_month: bool = False  # a deal closing 本月内: planned before the month ends
    lasting: list[str] = field(default_factory=list)  # the reasons that still hold when planned again
    due: date = field(init=False)  # next_ok before planning: when it first may be planned

    def __post_init__(self) -> None:
        self.due = self.next_ok

    @property
    def ranked(self) -> bool:
        """Missed, overdue (催款), scored (attention or energy) or churn-warned, and not planned yet in
        this plan: before routine firms. Once planned, the firm waits its turn as the routine ones do."""
        missed, owed, _, rank, _, churned, *_ = self.key  # see _candidates: 0 marks each, rank 9 none
        return not self.scheduled and (missed == 0 or owed == 0 or rank != _UNRANKED or churned == 0)


def _text(value) -> str | None:
    """A text cell, or None for blank, NaN and None."""
    return value.strip() or None if isinstance(value, str) else None


def _fmt_day(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _day(value) -> date | None:
    """A date from a date, a datetime or an ISO text; None for anything else (None, NaN, NaT)."""
    if isinstance(value, datetime):
        return value.date() if value == value else None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _contact_state(
    activities: pd.DataFrame | None, before: date
) -> dict[int, tuple[date | None, tuple | None]]:
    """company_id → (last contact, (day, status, moved_to) of the latest miss or reschedule after it),
    from the activities before the plan's first day (a plan made again for the same dates stays the
    same). moved_to: the day a reschedule names (the optional moved_to column), else None. Several
    records of one day (firms merged since they were logged, each its own record) count as the most
    final of them: a 完成 that day is the firm reached, and of two misses a 改期 naming its day wins
    (review r88 F5)."""
    state: dict[int, tuple[date | None, tuple | None]] = {}
    if activities is None or not len(activities):
        return state
    columns = ["company_id", "day", "status", *(["moved_to"] if "moved_to" in activities else [])]
    for cid, day, status, *moved in activities[columns].itertuples(index=False):
        d = _day(day) or _day(str(day))
        if d >= before:
            continue
        last, missed = state.get(int(cid), (None, None))
        if status in vocab.CONTACT_STATUSES:
            last = max(last, d) if last else d
        elif status in vocab.MISSED_STATUSES:
            miss = (d, status, _day(moved[0]) if moved and status == "rescheduled" else None)
            if missed is None or _miss_order(miss) >= _miss_order(missed):
                missed = miss
        state[int(cid)] = (last, missed)
    return {
        cid: (last, m if m and (last is None or m[0] > last) else None) for cid, (last, m) in state.items()
    }


def _miss_order(miss: tuple) -> tuple:
    """A later miss first; of one day's, a 改期 over a 未完成, one naming its day over one naming none."""
    day, status, moved = miss
    return day, vocab.OUTCOME_RANK[status], moved is not None


def _working_day(named: date, days: list[date], calendar: WorkCalendar) -> date | None:
    """The working day a reschedule to the named day falls on: that day, or the next working day when
    it is none (元旦, a Sunday). None when that working day came before the plan's first working day
    (days[0]): the day has passed. A day after the plan's last working day stays as named."""
    if named >= days[0]:
        return next((d for d in days if d >= named), named)
    gap = named
    while gap < days[0]:  # a working day between the named day and the plan: it has passed
        if calendar.is_workday(gap):
            return None
        gap += timedelta(days=1)
    return days[0]


def _candidates(
    companies: pd.DataFrame,
    activities: pd.DataFrame | None,
    churn: pd.DataFrame | None,
    days: list[date],
    lang: str,
    chase: pd.DataFrame | None = None,
    calendar: WorkCalendar | None = None,
) -> list[_Candidate]:
    en = lang == "en"
    calendar = calendar or WorkCalendar()
    state = _contact_state(activities, days[0])
    risk: dict[int, tuple[float, str]] = {}
    if churn is not None and len(churn):
        for cid, value, why in churn[["company_id", "value_at_risk", "reason"]].itertuples(index=False):
            risk[int(cid)] = (float(value or 0.0), str(why or ""))
    owed: dict[int, tuple[float, int]] = {}
    if chase is not None and len(chase):
        for cid, amount, age in chase[["company_id", "amount", "oldest_days"]].itertuples(index=False):
            owed[int(cid)] = (float(amount), int(age))
    out = []
    for row in companies[list(COMPANY_COLUMNS)].to_numpy(dtype=object).tolist():
        cid, name, tier, tier_raw, manager, town, deal, closing, given, attract, adv = row
        tier, tier_raw, town, deal, closing, given, attract, adv = map(
            _text, (tier, tier_raw, town, deal, closing, given, attract, adv)
        )
        cid = int(cid)
        if tier in vocab.DROPPED_TIERS and cid not in owed:  # closed or no fit: only money owed is chased
            continue
        churned = cid in risk
        action = vocab.WINBACK_ACTION if churned else vocab.PLAN_ACTIONS.get(tier or vocab.NO_TIER)
        task = None
        if cid in owed:  # money first: a chase replaces the tier's action
            amount, age = owed[cid]
            action = vocab.CHASE_VISIT if age > vocab.CHASE_VISIT_DAYS else vocab.CHASE_CALL
            task = (
                f"{action.goal_en}: ¥{whole_text(amount)} overdue, oldest {age} days"
                if en
                else f"{action.goal_zh}：逾期 ¥{whole_text(amount)}，最长账龄 {age} 天"
            )
        if action is None:
            continue
        reasons = []
        last, missed = state.get(cid, (None, None))
        moved = None  # the working day a reschedule names, when it is not past: planned then, not earlier
        if missed:
            day, status, named = missed
            moved = _working_day(named, days, calendar) if named else None
            word = vocab.ACTIVITY_STATUS[status][1 if en else 0]
            if moved:
                reasons.append(
                    (
                        f"{word} on {_fmt_day(day)} to {_fmt_day(named)}"
                        if en
                        else f"{_fmt_day(day)} {word}到 {_fmt_day(named)}"
                    )
                    + (_plan_word("moved_off_day", en, day=_fmt_day(moved)) if moved != named else "")
                )
            else:
                reasons.append(
                    f"{word} on {_fmt_day(day)}: first" if en else f"{_fmt_day(day)} {word}，优先安排"
                )
        if churned:
            value, why = risk[cid]
            reasons.append(
                f"churn warning{': ' + why if why else ''}, value at risk ¥{whole_text(value)}"
                if en
                else f"流失预警{'：' + why if why else ''}，风险价值 ¥{whole_text(value)}"
            )
        if tier:
            meaning = vocab.TIERS[tier]["en" if en else "zh"]
            reasons.append(f"tier {tier} ({meaning})" if en else f"{tier}类（{meaning}）")
        elif tier_raw:
            reasons.append(f"tier '{tier_raw}' unreadable" if en else f"客户分类“{tier_raw}”无法识别")
        else:
            reasons.append("not classified yet" if en else "尚未分类")
        score, grade = energy(deal, closing) if deal and closing else (None, None)
        level = value_level(given, attract, adv) if given or (attract and adv) else None
        order = attention(level, grade)
        this_month = score is not None and named_level(closing, vocab.CLOSING_LEVELS) == vocab.CLOSING_NOW
        if score is not None:
            reasons.append(f"energy {grade} ({score:.1f})" if en else f"能级{grade}（{score:.1f}）")
        if this_month:
            reasons.append(vocab.PLAN_WORDS["closing_now"][1 if en else 0])
        if level:
            reasons.append(f"value {level}, attention {order}" if en else f"价值{level}，关注顺序{order}")
        interval = timedelta(days=action.interval_days)
        next_ok = moved or date.min  # never contacted, or missed: due all along; rescheduled: from then
        if missed is None and last is not None:
            next_ok = last + interval
            reasons.append(
                f"last contact {last.isoformat()}, {action.interval_days}-day interval"
                if en
                else f"上次联系 {last.isoformat()}，间隔 {action.interval_days} 天"
            )
        elif last is None and missed is None:
            reasons.append("no contact logged" if en else "尚无联系记录")
        # Planned again in the same plan, the firm's contact history (missed, rescheduled, last
        # contact, none) was answered by the first time; the rest still holds.
        history = {0} if missed else set()
        if (missed is None and last is not None) or (last is None and missed is None):
            history.add(len(reasons) - 1)
        lasting = [r for i, r in enumerate(reasons) if i not in history]
        key = (
            0 if missed else 1,
            0 if cid in owed else 1,
            -owed.get(cid, (0.0, 0))[0],
            attention_rank(order, score),  # 1–3, energy only, 4 (三级 B and below), neither
            -(score or 0.0),
            0 if churned else 1,
            -risk.get(cid, (0.0, ""))[0],
            _URGENCY.get(tier or vocab.NO_TIER, len(_URGENCY)),  # F2/F3 (chased for money only): last
            cid,
        )
        out.append(
            _Candidate(
                cid,
                name,
                tier,
                manager,
                town,
                action,
                key,
                reasons,
                next_ok,
                task=task,
                this_month=this_month,
                moved=moved,
                lasting=lasting,
            )
        )
    out.sort(key=lambda c: c.key)
    return out


def _plan_word(key: str, en: bool, **values) -> str:
    return vocab.PLAN_WORDS[key][1 if en else 0].format(**values)


def moved_dates(
    activities: pd.DataFrame | None, days: list[date], calendar: WorkCalendar | None = None
) -> dict[int, date]:
    """company_id → the day its latest reschedule names, for the firms not contacted since whose day,
    or the next working day after it (_working_day), is not before the plan's first working day
    (days[0]): the planner plans them on that working day, first."""
    calendar = calendar or WorkCalendar()
    out = {}
    for cid, (_last, missed) in _contact_state(activities, days[0]).items():
        if missed and missed[2] and _working_day(missed[2], days, calendar):
            out[cid] = missed[2]
    return out


def _waiting(c: _Candidate) -> tuple:
    """The routine order: the firm due longest first (never contacted: always due), then its key."""
    return (c.next_ok, c.key)


def _take(c: _Candidate, day: date) -> None:
    c.scheduled.append(day)
    next_week = day + timedelta(days=7 - day.weekday())
    c.next_ok = max(day + timedelta(days=c.action.interval_days), next_week)


_ANY = object()  # every town


class _Queue:
    """The firms of one mode (visits or calls) in planning order: the ranked firms not planned yet,
    by their key, then the others by how long they have waited (_waiting); for visits also by town."""

    def __init__(self, cands: list[_Candidate]):
        self.ranked = [c for c in cands if c.ranked]  # cands come in key order
        self.routine = sorted((c for c in cands if not c.ranked), key=_waiting)
        self.ranked_by_town: dict[str | None, list[_Candidate]] = {}
        self.routine_by_town: dict[str | None, list[_Candidate]] = {}
        for c in self.ranked:
            self.ranked_by_town.setdefault(c.town, []).append(c)
        for c in self.routine:
            self.routine_by_town.setdefault(c.town, []).append(c)

    def named_due(self, day: date) -> list[_Candidate]:
        """The firms rescheduled to a working day that has come (改期到 that day, or an earlier one that
        was full), not planned yet: before every other firm, the earliest named day first."""
        return sorted(
            (c for c in self.ranked if c.moved is not None and c.moved <= day), key=lambda c: c.moved
        )

    def ranked_due(self, day: date, this_month_first: bool = False, town=_ANY) -> list[_Candidate]:
        """The ranked firms due on the day; the deals closing 本月内 first on the month's last day."""
        firms = self.ranked if town is _ANY else self.ranked_by_town.get(town, [])
        due = [c for c in firms if c.next_ok <= day]
        return sorted(due, key=lambda c: (not c.this_month, c.key)) if this_month_first else due

    def routine_due(self, day: date, town=_ANY):
        """The other firms due on the day, the longest waiting first."""
        for c in self.routine if town is _ANY else self.routine_by_town.get(town, []):
            if c.next_ok > day:
                return
            yield c

    def take(self, chosen: list[_Candidate], day: date) -> None:
        """Plan the chosen firms on the day: each waits its turn again after its interval."""
        for c in chosen:
            if c.ranked:
                self.ranked.remove(c)
                self.ranked_by_town[c.town].remove(c)
            else:
                for firms in (self.routine, self.routine_by_town[c.town]):
                    del firms[bisect_left(firms, _waiting(c), key=_waiting)]
            _take(c, day)
            insort(self.routine, c, key=_waiting)
            insort(self.routine_by_town.setdefault(c.town, []), c, key=_waiting)


def _pick_visits(queue: _Queue, day: date, cap: int, this_month_first: bool = False) -> list:
    """Up to cap visits in at most two towns: the best eligible customer's town, then the next best's.

    The firms rescheduled to the day (or to an earlier day that was full) come first, wherever they
    are: the manager named the day to the customer, so their towns are the day's towns, however many.
    Then the ranked firms (missed, 催款, scored, churn-warned; each for its first visit in the plan) come
    first: a town is filled with its ranked firms, the next ranked firm's town is the second; the
    routine firms of those towns fill what is left, and only when no ranked firm is due does a
    routine firm — the one waiting longest — choose a town. On the month's last working day of the
    plan (this_month_first) the deals closing 本月内 choose the towns and fill them before any other
    ranked firm. A firm without a town takes no town: one such stop a day."""
    chosen: list[_Candidate] = []
    picked: set[int] = set()
    towns: list[str] = []
    loose = False  # a firm without a town planned today

    def add(c: _Candidate) -> None:
        chosen.append(c)
        picked.add(c.company_id)

    def due(phase: str, town=_ANY):
        if phase == "routine":
            return queue.routine_due(day, town)
        firms = queue.ranked_due(day, this_month_first, town)
        return [c for c in firms if c.this_month] if phase == "month" else firms

    def fill(town: str, phase: str) -> None:
        for same in due(phase, town):
            if len(chosen) >= cap:
                return
            if same.company_id not in picked:
                add(same)

    for c in queue.named_due(day)[:cap]:  # the day the manager gave the customer
        add(c)
        if c.town is None:
            loose = True
        elif c.town not in towns:
            towns.append(c.town)
    for phase in ("month", "ranked", "routine") if this_month_first else ("ranked", "routine"):
        for town in towns:  # the towns already chosen first: ranked, then routine firms of them
            fill(town, phase)
        for c in due(phase):
            if len(chosen) >= cap or (len(towns) >= 2 and loose):
                break
            if c.company_id in picked or c.town in towns:
                continue
            if c.town is None:
                if not loose:
                    loose = True
                    add(c)
            elif len(towns) < 2:
                towns.append(c.town)
                fill(c.town, phase)
    queue.take(chosen, day)
    return chosen


def _pick_calls(queue: _Queue, day: date, cap: int, this_month_first: bool = False) -> list:
    """The calls rescheduled to the day (or to an earlier day that was full) first, then the urgent
    calls in priority order; the routine rest takes turns by action (follow
    up, invite, find out, classify …), so a day mixes them instead of one tier for weeks; within
    an action the firm waiting longest first."""
    chosen = queue.named_due(day)[:cap]
    named = {c.company_id for c in chosen}
    chosen += [c for c in queue.ranked_due(day, this_month_first) if c.company_id not in named][
        : cap - len(chosen)
    ]
    turns: dict[str, deque] = {}
    for c in queue.routine_due(day):
        turn = turns.setdefault(c.action.category, deque())
        if len(turn) < cap:
            turn.append(c)
    queues = list(turns.values())  # in the waiting order of each action's first customer
    shares = [3, 2]  # per turn: three of the first action, two of the second, one of the others
    while len(chosen) < cap and any(queues):
        for i, turn in enumerate(queues):
            for _ in range(shares[i] if i < len(shares) else 1):
                if turn and len(chosen) < cap:
                    chosen.append(turn.popleft())
    queue.take(chosen, day)
    return chosen


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slots(n_visits: int, n_calls: int) -> list[tuple[int, int]]:
    """(start, end) minutes of each visit, then of each call, from the day's start, around lunch."""
    slots = []
    t = DAY_START
    for _ in range(n_visits):
        if t < LUNCH[1] and t + VISIT_MINUTES > LUNCH[0]:
            t = LUNCH[1]
        slots.append((t, t + VISIT_MINUTES))
        t += VISIT_MINUTES + TRAVEL_MINUTES
    for _ in range(n_calls):
        if t < LUNCH[1] and t + CALL_MINUTES > LUNCH[0]:
            t = LUNCH[1]
        slots.append((t, t + CALL_MINUTES))
        t += CALL_MINUTES
    return slots


def day_capacity(visits: int, calls: int) -> tuple[int, int]:
    """The visits, then the calls, of the asked numbers that fit in the working day (DAY_END)."""
    fit_visits = sum(1 for _, end in _slots(visits, 0) if end <= DAY_END)
    fit_calls = sum(1 for _, end in _slots(fit_visits, calls)[fit_visits:] if end <= DAY_END)
    return fit_visits, fit_calls


def timetable(n_visits: int, n_calls: int) -> list[tuple[str, str]]:
    """(start, end) of each visit, then of each call; all within the working day (day_capacity)."""
    slots = _slots(n_visits, n_calls)
    if slots and slots[-1][1] > DAY_END:
        raise ValueError(f"{n_visits} visits and {n_calls} calls do not fit in a working day")
    return [(_clock(start), _clock(end)) for start, end in slots]


def plan(
    companies: pd.DataFrame,
    days: list[date],
    options: PlanOptions | None = None,
    activities: pd.DataFrame | None = None,
    churn: pd.DataFrame | None = None,
    chase: pd.DataFrame | None = None,
    calendar: WorkCalendar | None = None,
) -> pd.DataFrame:
    """Plan items (ITEM_COLUMNS), one row per visit or call, by manager, day and time.

    companies: COMPANY_COLUMNS (manager already set: one plan per manager);
    activities: company_id, day, status (vocab.ACTIVITY_STATUS keys) of past contacts;
    churn: company_id, value_at_risk, reason of churn-warned customers (win-back);
    chase: company_id, amount, oldest_days of customers with overdue receivables (催款, first);
    calendar: the working calendar a rescheduled day that is no working day moves on by (China's).
    A firm rescheduled to a day (activities' optional moved_to) is planned first on that day or, when
    the day is none, on the next working day; a day with more of them than it holds moves the rest
    to the next working day, and their reason says so.
    A day holds no more than fits in the working day (day_capacity): its visits, then the calls the
    time left allows; the rest waits for a later day. When the visits took the time of calls and
    firms due for a call are left out of the plan, items.attrs["calls_short"] is (calls asked,
    calls planned, firms left out) of the managers concerned; else None. items.attrs["towns_left"] is
    the number of firms due for a visit that a day with a free visit left out, since a day's visits
    stay in one or two towns (and one stop without a town), and no later day of the plan took.
    items.attrs["month_missed"] is (the month's last working day, names due for a visit, names due for
    a call) of the deals closing 本月内 that the plan's working days of that month could not hold
    (planned next month, their reason says so, or not planned), when the plan holds that month's
    last working day; else None.
    """
    import pandas as pd

    options = options or PlanOptions()
    en = options.lang == "en"
    days = sorted(days)
    rows = []
    if not days:
        return pd.DataFrame(columns=list(ITEM_COLUMNS))
    cands = _candidates(companies, activities, churn, days, options.lang, chase, calendar)
    # a deal closing 本月内 is planned by the plan's last working day of its first day's month
    month_end = max(d for d in days if (d.year, d.month) == (days[0].year, days[0].month))
    # the plan holds the month's last working day: past it or on it (the week of 12-28 to 01-03, its
    # last working day 12-31), with no working day of the month after it
    last_of_month = date(month_end.year, month_end.month, monthrange(month_end.year, month_end.month)[1])
    month_over = month_end < days[-1] or not (calendar or WorkCalendar()).workdays(
        month_end + timedelta(days=1), last_of_month
    )
    closing_now = _plan_word("closing_now", en)
    # deals closing 本月内 the month's working days of the plan could not hold: visits, calls
    month_missed: dict[str, list[str]] = {"visit": [], "call": []}
    cap_visits = day_capacity(options.visits_per_day, 0)[0]
    managers: dict[str, list[_Candidate]] = {}
    for c in cands:
        managers.setdefault(c.manager, []).append(c)
    short = [0, 0, 0]  # calls asked, planned, and firms due for a call left out, where visits took the time
    towns_left = 0  # firms due for a visit, left out on a day with a free visit by the towns-a-day rule
    for manager in sorted(managers):
        visits = _Queue([c for c in managers[manager] if c.action.mode == "visit"])
        call_firms = [c for c in managers[manager] if c.action.mode == "call"]
        calls = _Queue(call_firms)
        cut, planned_calls = False, 0
        passed_over: set[int] = set()
        for day in days:
            v = _pick_visits(visits, day, cap_visits, day == month_end)
            if len(v) < cap_visits:  # a free visit: the due firms still waiting are in other towns
                passed_over.update(c.company_id for c in visits.ranked_due(day))
                passed_over.update(c.company_id for c in visits.routine_due(day))
            cap_calls = day_capacity(len(v), options.calls_per_day)[1]  # the time the visits leave
            cut = cut or cap_calls < options.calls_per_day
            k = _pick_calls(calls, day, cap_calls, day == month_end)
            planned_calls += len(k)
            for c, (start, end) in zip([*v, *k], timetable(len(v), len(k)), strict=True):
                reasons = c.reasons
                again = c.scheduled.index(day)
                if again:  # its second time in this plan: after the first, not for its history again
                    first = _plan_word(
                        "again", en, day=_fmt_day(c.scheduled[again - 1]), n=c.action.interval_days
                    )
                    reasons = [first, *c.lasting]
                elif c.moved and c.moved < day == c.scheduled[0]:  # its day was full of firms moved to it
                    full = _plan_word("moved_full", en, named=_fmt_day(c.moved), day=_fmt_day(day))
                    reasons = [reasons[0], full, *reasons[1:]]  # after the reschedule's own reason
                if c.this_month and day > month_end:  # past the month: 月底前安排 no longer holds
                    missed = _plan_word("closing_missed", en) if not again and c.due <= month_end else None
                    reasons = [
                        (missed if r == closing_now else r) for r in reasons if r != closing_now or missed
                    ]
                if c.action.mode == "visit" and c.town:
                    others = sum(1 for o in v if o.town == c.town) - 1
                    if others:
                        reasons = [
                            *reasons,
                            f"same day {others} more in {c.town}" if en else f"同日同镇另有 {others} 家",
                        ]
                rows.append(
                    (
                        day,
                        start,
                        end,
                        c.action.category,
                        c.company,
                        c.company_id,
                        c.town,
                        c.tier,
                        c.task or c.action.goal(options.lang),
                        "; ".join(reasons) if en else "；".join(reasons),
                        manager,
                        *(None for _ in REACH_COLUMNS),
                        c.action.mode,
                    )
                )
        towns_left += sum(
            1
            for c in managers[manager]
            if c.company_id in passed_over and c.action.mode == "visit" and not c.scheduled
        )
        if month_over:  # the month's working days are over: its 本月内 deals that missed them
            for c in managers[manager]:
                if c.this_month and c.due <= month_end and (not c.scheduled or c.scheduled[0] > month_end):
                    month_missed["call" if c.action.mode == "call" else "visit"].append(c.company)
        left = sum(1 for c in call_firms if not c.scheduled and c.next_ok <= days[-1])
        if cut and left:
            short = [short[0] + options.calls_per_day * len(days), short[1] + planned_calls, short[2] + left]
    items = pd.DataFrame(rows, columns=list(ITEM_COLUMNS))
    items.attrs["calls_short"] = tuple(short) if short[2] else None
    items.attrs["towns_left"] = towns_left
    missed = (month_end, month_missed["visit"], month_missed["call"])
    items.attrs["month_missed"] = missed if any(month_missed.values()) else None
    return items


def pick_contact(contacts: list[dict]) -> dict | None:
    """The person to ask for: a plan line must be callable without looking anything up, so a contact
    with a phone first — the key contact (是否关键联系人 = 是) among them, then the first in the
    source's order — and only then a key contact without a phone, then the first."""
    if not contacts:
        return None
    return min(
        contacts,
        key=lambda c: (
            not _text(c.get("phone")),
            c.get("key_contact") != vocab.YES,
            c.get("source_row") if c.get("source_row") is not None else float("inf"),
            c.get("id") or 0,
        ),
    )


def attach_reach(
    items: pd.DataFrame, contacts: dict[int, list[dict]], addresses: dict[int, str | None]
) -> pd.DataFrame:
    """items with REACH_COLUMNS filled: each firm's contact (pick_contact), title, phone and address."""
    items = items.copy()
    people = {cid: pick_contact(rows) or {} for cid, rows in contacts.items()}
    reach = []
    for cid in items["company_id"].astype(int):
        p = people.get(cid, {})
        reach.append((p.get("name"), p.get("title"), p.get("phone"), addresses.get(cid)))
    for i, column in enumerate(REACH_COLUMNS):
        items[column] = [_text(r[i]) for r in reach]
    return items
