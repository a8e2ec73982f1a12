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
from pathlib import Path

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
        """One line per year some day asked of came from the rule-based fallback, not an announced
        schedule; when the --calendar file gives some days of that year, the line says the other
        days are still by rule (the file may hold only 春节: 劳动节 stays a guess)."""
        out = []
        for year in sorted(self.fallback_years):
            given = sum(d.year == year for d in self.overrides)
            key = "calendar_fallback_partial" if given else "calendar_fallback"
            since, until = _covered()
            out.append(vocab.plan_note(key, lang, year=year, since=since, until=until, n=given))
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


def _covered() -> tuple[int, int]:
    """The first and last years of the announced schedules the calendar data holds."""
    import chinese_calendar as cc

    years = [d.year for d in cc.holidays]
    return min(years), max(years)


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
    """Rows of (date, 休/班[, note]) → overrides.

    Cells are folded first (NFKC: full-width digits, dashes and commas as typed in the IME's
    full-width mode; a line the full-width comma kept in one cell is split on it), the two first
    cells may come either way round (班,2027-02-20), and a date cell may carry a time
    (2027-02-20 00:00:00). Blank lines and # comment lines are skipped, and so is a header: the
    first other line, only when it looks like one (no digit in any cell, no 休/班 word). Any other
    bad row is an error naming its line, and so is a date given 休 on one line and 班 on another.
    """
    out: dict[date, tuple[bool, str | None]] = {}
    line_of: dict[date, int] = {}
    first = True
    for i, row in enumerate(rows, start=1):
        cells = _calendar_cells(row)
        if not cells or (isinstance(cells[0], str) and cells[0].startswith("#")):
            continue
        if first and _looks_like_header(cells):
            first = False
            continue
        first = False
        if _cell_date(cells[0]) is None and len(cells) > 1 and _kind(cells[0]) is not None:
            cells[0], cells[1] = cells[1], cells[0]  # 班,2027-02-20: the word first
        day = _cell_date(cells[0])
        if day is None:
            raise DataError(
                f"{source}, line {i}: '{cells[0]}' is not a date",
                "write it as 2027-02-08",
                zh=f"{source} 第 {i} 行：“{cells[0]}”不是日期：请写成 2027-02-08",
            )
        workday = _kind(cells[1]) if len(cells) > 1 else None
        if workday is None:
            kind_cell = cells[1] if len(cells) > 1 else ""
            raise DataError(
                f"{source}, line {i}: '{kind_cell}' is neither 休 nor 班",
                "write 休 for a day off, 班 for a working day",
                zh=f"{source} 第 {i} 行：“{kind_cell}”既不是“休”也不是“班”：放假写 休，上班写 班",
            )
        note = str(cells[2]) if len(cells) > 2 and cells[2] else None
        if day in out:
            if out[day][0] != workday:
                j = line_of[day]
                was, now = ("班", "休") if out[day][0] else ("休", "班")
                was_en, now_en = ("work", "off") if out[day][0] else ("off", "work")
                raise DataError(
                    f"{source}, lines {j} and {i}: {day.isoformat()} is '{was_en}' on one and '{now_en}' "
                    "on the other",
                    "keep the line that is right and delete the other",
                    zh=f"{source} 第 {j} 行和第 {i} 行：{day.isoformat()} 一行写“{was}”，一行写“{now}”："
                    "请只留下对的那一行",
                )
            note = note or out[day][1]  # the same day twice, once with a note: keep it
        out[day] = (workday, note)
        line_of.setdefault(day, i)
    return out


def read_calendar(path: Path | None) -> WorkCalendar:
    """China's working calendar, corrected by the --calendar file (a CSV or a workbook's first sheet
    of date,休/班 rows) when one is given; `plan` and `report` read it alike."""
    calendar = WorkCalendar()
    if path is not None:
        from ..io.read import read_book

        book = read_book(path)
        calendar.overrides = parse_calendar_rows(book.sheets[0].rows if book.sheets else [], path.name)
    return calendar


def _calendar_cells(row: list) -> list:
    """A calendar row's cells: texts folded (NFKC) and stripped, trailing blanks dropped; one text
    cell holding a comma, semicolon or tab after folding (full-width ，；) split on it."""
    cells = [
        v if isinstance(v, date) else unicodedata.normalize("NFKC", "" if v is None else str(v)).strip()
        for v in row
    ]
    while cells and cells[-1] == "":
        cells.pop()
    if len(cells) == 1 and isinstance(cells[0], str) and not cells[0].startswith("#"):
        cells = [c.strip() for c in re.split(r"[,;\t]", cells[0])]
        while cells and not cells[-1]:
            cells.pop()
    return cells


def _kind(cell) -> bool | None:
    """True for a 班 word, False for a 休 word (vocab.CALENDAR_ON / _OFF), None for anything else."""
    kind = str(cell).lower() if isinstance(cell, str) else ""
    return False if kind in vocab.CALENDAR_OFF else True if kind in vocab.CALENDAR_ON else None


def _looks_like_header(cells: list) -> bool:
    """日期,类型,说明 or date,type,note: no date, no digit (a mistyped date has some), no 休/班 word."""
    return not any(isinstance(c, date) or re.search(r"\d", c) or _kind(c) is not None for c in cells)


_TIME = re.compile(r"^(.*?\d)(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _cell_date(value) -> date | None:
    """A date cell, a datetime cell (its day) or a date text, with a time after it or not."""
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    text = "" if value is None else str(value)
    timed = _TIME.match(text.strip())
    return parse_date(timed[1] if timed else text)
