"""Who to visit or call on which working day, and why: pure, deterministic, explained.

Each company gets its tier's action (vocab.PLAN_ACTIONS; churn-warned customers a
win-back visit). Within visits and within calls the order is: missed last time first,
then overdue customers (催款, most owed first), then the firms with an opportunity score:
the manager's attention order (value level × energy grade) where known, then energy
score, highest first; then churn value at risk, the tier's urgency, and the company id to
break ties — so the same workspace and dates always give the same plan. A deal closing
本月内 is planned by the plan's last working day in the month of its first day. A day's
visits stay in one or two towns, filled with the ranked firms before routine ones; a
customer contacted recently waits for its tier's interval; nobody comes twice in one week.
A day holds what fits in the working day (vocab.WORKDAY_HOURS); the rest waits for the next
working day.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from .. import vocab
from ..analysis.energy import attention, energy, value_level
from ..analysis.energy import level as named_level

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
# Rank of a firm with an energy score but no value level (after attention 1…4, as `score` sorts),
# and of a firm with neither.
_ENERGY_ONLY, _UNRANKED = 5, 9


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
    next_ok: date  # first day it may be planned
    scheduled: list[date] = field(default_factory=list)
    task: str | None = None  # instead of the action's goal (催款 names the amount)
    this_month: bool = False  # a deal closing 本月内: planned before the month ends

    @property
    def ranked(self) -> bool:
        """Missed, overdue (催款), scored (attention or energy) or churn-warned: before routine firms."""
        missed, owed, _, rank, _, churned, *_ = self.key  # see _candidates: 0 marks each, rank 9 none
        return missed == 0 or owed == 0 or rank != _UNRANKED or churned == 0

    @property
    def town_key(self) -> str:
        return self.town or f"#{self.company_id}"  # a firm without a town is a stop of its own


def _text(value) -> str | None:
    """A text cell, or None for blank, NaN and None."""
    return value.strip() or None if isinstance(value, str) else None


def _fmt_day(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _contact_state(
    activities: pd.DataFrame | None, before: date
) -> dict[int, tuple[date | None, tuple | None]]:
    """company_id → (last contact, (day, status) of the latest miss or reschedule after it), from the
    activities before the plan's first day (a plan made again for the same dates stays the same)."""
    state: dict[int, tuple[date | None, tuple | None]] = {}
    if activities is None or not len(activities):
        return state
    for cid, day, status in activities[["company_id", "day", "status"]].itertuples(index=False):
        d = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        if d >= before:
            continue
        last, missed = state.get(int(cid), (None, None))
        if status in vocab.CONTACT_STATUSES:
            last = max(last, d) if last else d
        elif status in vocab.MISSED_STATUSES and (missed is None or d >= missed[0]):
            missed = (d, status)
        state[int(cid)] = (last, missed)
    return {
        cid: (last, m if m and (last is None or m[0] >= last) else None) for cid, (last, m) in state.items()
    }


def _candidates(
    companies: pd.DataFrame,
    activities: pd.DataFrame | None,
    churn: pd.DataFrame | None,
    first_day: date,
    lang: str,
    chase: pd.DataFrame | None = None,
) -> list[_Candidate]:
    en = lang == "en"
    state = _contact_state(activities, first_day)
    risk: dict[int, tuple[float, str]] = {}
    if churn is not None and len(churn):
        for cid, value, why in churn[["company_id", "value_at_risk", "reason"]].itertuples(index=False):
            risk[int(cid)] = (float(value or 0.0), str(why or ""))
    owed: dict[int, tuple[float, int]] = {}
    if chase is not None and len(chase):
        for cid, amount, days in chase[["company_id", "amount", "oldest_days"]].itertuples(index=False):
            owed[int(cid)] = (float(amount), int(days))
    out = []
    for row in companies[list(COMPANY_COLUMNS)].to_numpy(dtype=object).tolist():
        cid, name, tier, tier_raw, manager, town, deal, closing, given, attract, adv = row
        tier, tier_raw, town, deal, closing, given, attract, adv = map(
            _text, (tier, tier_raw, town, deal, closing, given, attract, adv)
        )
        if tier in vocab.NEVER_PLANNED:
            continue
        cid = int(cid)
        churned = cid in risk
        action = vocab.WINBACK_ACTION if churned else vocab.PLAN_ACTIONS.get(tier or vocab.NO_TIER)
        task = None
        if cid in owed:  # money first: a chase replaces the tier's action
            amount, days = owed[cid]
            action = vocab.CHASE_VISIT if days > vocab.CHASE_VISIT_DAYS else vocab.CHASE_CALL
            task = (
                f"{action.goal_en}: ¥{amount:,.0f} overdue, oldest {days} days"
                if en
                else f"{action.goal_zh}：逾期 ¥{amount:,.0f}，最长账龄 {days} 天"
            )
        if action is None:
            continue
        reasons = []
        last, missed = state.get(cid, (None, None))
        if missed:
            day, status = missed
            word = vocab.ACTIVITY_STATUS[status][1 if en else 0]
            reasons.append(f"{word} on {_fmt_day(day)}: first" if en else f"{_fmt_day(day)} {word}，优先安排")
        if churned:
            value, why = risk[cid]
            reasons.append(
                f"churn warning{': ' + why if why else ''}, value at risk ¥{value:,.0f}"
                if en
                else f"流失预警{'：' + why if why else ''}，风险价值 ¥{value:,.0f}"
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
        next_ok = first_day
        if missed is None and last is not None:
            next_ok = max(first_day, last + interval)
            reasons.append(
                f"last contact {last.isoformat()}, {action.interval_days}-day interval"
                if en
                else f"上次联系 {last.isoformat()}，间隔 {action.interval_days} 天"
            )
        elif last is None and missed is None:
            reasons.append("no contact logged" if en else "尚无联系记录")
        key = (
            0 if missed else 1,
            0 if cid in owed else 1,
            -owed.get(cid, (0.0, 0))[0],
            order or (_ENERGY_ONLY if score is not None else _UNRANKED),
            -(score or 0.0),
            0 if churned else 1,
            -risk.get(cid, (0.0, ""))[0],
            _URGENCY[tier or vocab.NO_TIER],
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
            )
        )
    out.sort(key=lambda c: c.key)
    return out


def _take(c: _Candidate, day: date) -> None:
    c.scheduled.append(day)
    next_week = day + timedelta(days=7 - day.weekday())
    c.next_ok = max(day + timedelta(days=c.action.interval_days), next_week)


def _pick_visits(pool: list[_Candidate], by_town: dict[str, list[_Candidate]], day: date, cap: int) -> list:
    """Up to cap visits in at most two towns: the best eligible customer's town, then the next best's.

    The ranked firms (missed, 催款, scored, churn-warned) come first: a town is filled with its ranked
    firms, the next ranked firm's town is the second; routine firms of those towns fill what is left,
    and only when no ranked firm is due does a routine firm choose a town."""
    chosen: list[_Candidate] = []
    towns: list[str] = []

    def fill(town: str, ranked: bool) -> None:
        for same in by_town[town]:
            if len(chosen) >= cap:
                return
            if same.next_ok <= day and same.ranked == ranked:
                chosen.append(same)
                _take(same, day)

    for ranked in (True, False):
        for town in towns:  # routine firms of the towns the ranked ones chose
            fill(town, ranked)
        for c in pool:
            if len(chosen) >= cap or len(towns) == 2:
                break
            if c.next_ok > day or c.town_key in towns or c.ranked != ranked:
                continue
            towns.append(c.town_key)
            fill(c.town_key, ranked)
    return chosen


def _first_this_month(cands: list[_Candidate]) -> list[_Candidate]:
    """The deals closing 本月内 first (on the month's last planned day), else the priority order."""
    return sorted(cands, key=lambda c: (not c.this_month, c.key))


def _pick_calls(pool: list[_Candidate], day: date, cap: int) -> list:
    """Urgent calls first, in priority order; the routine rest takes turns by action (follow
    up, invite, find out, classify …), so a day mixes them instead of one tier for weeks."""
    due = [c for c in pool if c.next_ok <= day]
    chosen = [c for c in due if c.ranked][:cap]
    turns: dict[str, deque] = {}
    for c in due:
        if not c.ranked:
            turns.setdefault(c.action.category, deque()).append(c)
    queues = list(turns.values())  # in the priority order of each action's best customer
    shares = [3, 2]  # per turn: three of the first action, two of the second, one of the others
    while len(chosen) < cap and any(queues):
        for i, queue in enumerate(queues):
            for _ in range(shares[i] if i < len(shares) else 1):
                if queue and len(chosen) < cap:
                    chosen.append(queue.popleft())
    for c in chosen:
        _take(c, day)
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
) -> pd.DataFrame:
    """Plan items (ITEM_COLUMNS), one row per visit or call, by manager, day and time.

    companies: COMPANY_COLUMNS (manager already set: one plan per manager);
    activities: company_id, day, status (vocab.ACTIVITY_STATUS keys) of past contacts;
    churn: company_id, value_at_risk, reason of churn-warned customers (win-back);
    chase: company_id, amount, oldest_days of customers with overdue receivables (催款, first).
    A day holds no more than fits in the working day (day_capacity): its visits, then the calls the
    time left allows; the rest waits for a later day.
    """
    import pandas as pd

    options = options or PlanOptions()
    en = options.lang == "en"
    days = sorted(days)
    rows = []
    if not days:
        return pd.DataFrame(columns=list(ITEM_COLUMNS))
    cands = _candidates(companies, activities, churn, days[0], options.lang, chase)
    # a deal closing 本月内 is planned by the plan's last working day of its first day's month
    month_end = max(d for d in days if (d.year, d.month) == (days[0].year, days[0].month))
    cap_visits = day_capacity(options.visits_per_day, 0)[0]
    managers: dict[str, list[_Candidate]] = {}
    for c in cands:
        managers.setdefault(c.manager, []).append(c)
    for manager in sorted(managers):
        visits = [c for c in managers[manager] if c.action.mode == "visit"]
        calls = [c for c in managers[manager] if c.action.mode == "call"]
        by_town: dict[str, list[_Candidate]] = {}
        for c in visits:
            by_town.setdefault(c.town_key, []).append(c)
        for day in days:
            if day == month_end:
                v = _pick_visits(
                    _first_this_month(visits),
                    {t: _first_this_month(cs) for t, cs in by_town.items()},
                    day,
                    cap_visits,
                )
                cap_calls = day_capacity(len(v), options.calls_per_day)[1]  # the time the visits leave
                k = _pick_calls(_first_this_month(calls), day, cap_calls)
            else:
                v = _pick_visits(visits, by_town, day, cap_visits)
                cap_calls = day_capacity(len(v), options.calls_per_day)[1]  # the time the visits leave
                k = _pick_calls(calls, day, cap_calls)
            for c, (start, end) in zip([*v, *k], timetable(len(v), len(k)), strict=True):
                reasons = c.reasons
                if c.action.mode == "visit" and c.town:
                    others = sum(1 for o in v if o.town_key == c.town_key) - 1
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
    return pd.DataFrame(rows, columns=list(ITEM_COLUMNS))


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
