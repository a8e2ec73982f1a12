"""China's working calendar: weekends, public holidays and the make-up workdays (调休) around them.

The State Council announces each year's schedule in the November before; the
chinese_calendar package carries the years announced so far. For a later year the
calendar falls back to weekends plus the statutory holidays computed by rule (元旦,
春节 除夕–初三, 清明 by the solar term, 劳动节 1–2 May, 端午, 中秋, 国庆 1–3 Oct) and
their substitute days off (补假, Article 6: a holiday on a weekend is given back on the
next working day), without make-up workdays, and says so: the user corrects it with a
small CSV of dates and 休/班 (`--calendar FILE`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import vocab
from ..errors import DataError


@dataclass(frozen=True)
class DayInfo:
    day: date
    workday: bool
    name: str | None  # holiday name (zh) or a note from --calendar; None for a plain day
    makeup: bool  # a weekend day that is a working day (调休上班)
    source: str  # "official", "rule" (fallback year) or "file" (--calendar)


@dataclass
class WorkCalendar:
    """Which days are working days; overrides (from --calendar) win over everything."""

    overrides: dict[date, tuple[bool, str | None]] = field(default_factory=dict)
    fallback_years: set[int] = field(default_factory=set)  # years answered by rule (filled as asked)

    def info(self, day: date) -> DayInfo:
        if day in self.overrides:
            workday, note = self.overrides[day]
            return DayInfo(day, workday, note, workday and day.weekday() >= 5, "file")
        official = _official(day)
        if official is not None:
            return official
        self.fallback_years.add(day.year)
        holiday = rule_holidays(day.year).get(day)
        return DayInfo(day, holiday is None and day.weekday() < 5, holiday, False, "rule")

    def is_workday(self, day: date) -> bool:
        return self.info(day).workday

    def days(self, start: date, end: date) -> list[DayInfo]:
        """Every day from start to end inclusive."""
        return [self.info(start + timedelta(n)) for n in range((end - start).days + 1)]

    def workdays(self, start: date, end: date) -> list[date]:
        return [d.day for d in self.days(start, end) if d.workday]

    def warnings(self, lang: str = "zh") -> list[str]:
        """One line per year that came from the rule-based fallback, not an announced schedule."""
        out = []
        for year in sorted(self.fallback_years):
            if any(d.year == year for d in self.overrides):
                continue
            out.append(vocab.plan_note("calendar_fallback", lang, year=year, until=_covered_until()))
        return out


def _official(day: date) -> DayInfo | None:
    import chinese_calendar as cc

    try:
        workday = cc.is_workday(day)
        _is_holiday, name = cc.get_holiday_detail(day)
    except NotImplementedError:  # the year is not announced yet
        return None
    zh = vocab.HOLIDAY_NAMES.get(name, (name, name))[0] if name else None
    makeup = workday and day.weekday() >= 5
    return DayInfo(day, workday, zh, makeup, "official")


def _covered_until() -> int:
    import chinese_calendar as cc

    return max(d.year for d in cc.holidays)


def statutory_days(year: int) -> list[tuple[str, list[date]]]:
    """Each festival's statutory days off (全国年节及纪念日放假办法, 2025), 13 in all; two
    festivals may share a day (中秋 on 1 October)."""
    import chinese_calendar as cc
    from lunardate import LunarDate

    new_year = LunarDate(year, 1, 1).to_solar_date()
    qingming = [d for d, name in cc.get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if name == "清明"]
    return [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [new_year + timedelta(n) for n in range(-1, 3)]),  # 除夕 … 初三
        ("清明节", qingming[:1]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [LunarDate(year, 5, 5).to_solar_date()]),
        ("中秋节", [LunarDate(year, 8, 15).to_solar_date()]),
        ("国庆节", [date(year, 10, d) for d in (1, 2, 3)]),
    ]


def rule_holidays(year: int) -> dict[date, str]:
    """The days off of a year by rule: date → festival name.

    A statutory day on a Saturday or Sunday, or on another festival's day, is given back
    (补假, Article 6) on the first working day after the festival, so the holiday block
    grows by one working day per day lost, as the State Council's schedules do.
    """
    out: dict[date, str] = {}
    lost: dict[str, int] = {}
    festivals = statutory_days(year)
    for name, days in festivals:
        for d in days:
            if d in out or d.weekday() >= 5:
                lost[name] = lost.get(name, 0) + 1
            out.setdefault(d, name)
    for name, days in sorted((f for f in festivals if f[1]), key=lambda f: max(f[1])):
        d, owed = max(days), lost.get(name, 0)
        while owed:
            d += timedelta(1)
            if d.weekday() < 5 and d not in out:
                out[d] = name
                owed -= 1
    return out


# --- --calendar FILE ------------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> date | None:
    """2027-02-08, 2027/2/8, 2027.2.8 or 2027年2月8日 (full-width digits too); None otherwise."""
    m = _DATE.match(unicodedata.normalize("NFKC", str(text)))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_calendar_rows(rows: list[list], source: str = "calendar") -> dict[date, tuple[bool, str | None]]:
    """Rows of (date, 休/班[, note]) → overrides. A header row is skipped; a bad row is an error."""
    out: dict[date, tuple[bool, str | None]] = {}
    for i, row in enumerate(rows, start=1):
        cells = ["" if v is None else str(v).strip() for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or cells[0].startswith("#"):
            continue
        day = _cell_date(row[0])
        if day is None:
            if not out and i == 1:  # a header line (日期,类型)
                continue
            raise DataError(
                f"{source}, line {i}: '{cells[0]}' is not a date",
                "write it as 2027-02-08",
                zh=f"{source} 第 {i} 行：“{cells[0]}”不是日期：请写成 2027-02-08",
            )
        kind = unicodedata.normalize("NFKC", cells[1]).lower() if len(cells) > 1 else ""
        if kind in vocab.CALENDAR_OFF:
            workday = False
        elif kind in vocab.CALENDAR_ON:
            workday = True
        else:
            kind_cell = cells[1] if len(cells) > 1 else ""
            raise DataError(
                f"{source}, line {i}: '{kind_cell}' is neither 休 nor 班",
                "write 休 for a day off, 班 for a working day",
                zh=f"{source} 第 {i} 行：“{kind_cell}”既不是“休”也不是“班”：放假写 休，上班写 班",
            )
        note = cells[2] if len(cells) > 2 and cells[2] else None
        out[day] = (workday, note)
    return out


def _cell_date(value) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    return parse_date("" if value is None else str(value))
