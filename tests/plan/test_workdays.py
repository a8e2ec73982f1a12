"""China's working calendar: 2026's announced holidays and make-up days, the 2027 fallback, --calendar."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiontool.errors import DataError
from regiontool.plan import period_range
from regiontool.plan.workdays import (
    WorkCalendar,
    parse_calendar_rows,
    parse_date,
    rule_holidays,
    statutory_days,
)


def test_national_day_week_2026_has_three_working_days():
    cal = WorkCalendar()
    assert cal.workdays(date(2026, 10, 5), date(2026, 10, 11)) == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]
    saturday = cal.info(date(2026, 10, 10))
    assert saturday.makeup and saturday.source == "official"
    assert cal.info(date(2026, 10, 5)).name == "国庆节"
    assert cal.warnings() == []


def test_spring_festival_2026_and_its_makeup_sunday():
    cal = WorkCalendar()
    days = {d.day: d for d in cal.days(date(2026, 2, 14), date(2026, 2, 28))}
    assert not days[date(2026, 2, 17)].workday and days[date(2026, 2, 17)].name == "春节"
    assert days[date(2026, 2, 14)].workday and days[date(2026, 2, 14)].makeup  # Saturday 调休上班
    assert days[date(2026, 2, 28)].workday  # Saturday after the holiday, also a make-up day
    assert not days[date(2026, 2, 23)].workday  # the holiday's last Monday


def test_2027_falls_back_to_rules_and_says_so():
    cal = WorkCalendar()
    jan = cal.workdays(date(2027, 1, 1), date(2027, 1, 8))
    assert date(2027, 1, 1) not in jan  # 元旦 by rule
    assert jan == [date(2027, 1, 4), date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 7), date(2027, 1, 8)]
    holidays = rule_holidays(2027)
    assert holidays[date(2027, 2, 5)] == "春节"  # 除夕: lunar new year 2027 is 6 February
    assert holidays[date(2027, 2, 8)] == "春节"  # 初三
    assert holidays[date(2027, 4, 5)] == "清明节"
    assert holidays[date(2027, 6, 9)] == "端午节"
    assert holidays[date(2027, 9, 15)] == "中秋节"
    assert sum(len(days) for _name, days in statutory_days(2027)) == 13  # the statutory 13 (2025 rules)
    [warning] = cal.warnings()
    assert "2027" in warning and "--calendar" in warning
    [english] = cal.warnings("en")
    assert "2027" in english and "(date,off/work)" in english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)  # no Chinese in English output


def test_2027_fallback_gives_back_the_holidays_that_fall_on_a_weekend():
    """初一/初二 (6–7 Feb), 1–2 May and 2–3 Oct 2027 are weekends: each is given back (补假) on the
    working days right after the festival (Article 6 of 全国年节及纪念日放假办法)."""
    cal = WorkCalendar()
    assert cal.workdays(date(2027, 2, 8), date(2027, 2, 14)) == [date(2027, 2, 11), date(2027, 2, 12)]
    for day in (date(2027, 2, 9), date(2027, 2, 10)):
        info = cal.info(day)
        assert not info.workday and info.name == "春节" and info.source == "rule"
    assert cal.workdays(date(2027, 5, 1), date(2027, 5, 7)) == [
        date(2027, 5, 5),
        date(2027, 5, 6),
        date(2027, 5, 7),
    ]
    assert cal.workdays(date(2027, 10, 1), date(2027, 10, 8)) == [
        date(2027, 10, 6),
        date(2027, 10, 7),
        date(2027, 10, 8),
    ]
    assert cal.is_workday(date(2027, 4, 6)) and not cal.is_workday(
        date(2027, 4, 5)
    )  # 清明 on a Monday: no more
    assert "2027" in cal.warnings()[0] and "补假" in cal.warnings()[0]


def test_a_festival_on_another_festivals_day_is_given_back_too():
    holidays = rule_holidays(2020)  # 中秋 fell on 1 October (Thursday); 3 October was a Saturday
    assert holidays[date(2020, 10, 1)] == "中秋节"
    off = [d for d in holidays if d.month == 10 and d.weekday() < 5]
    assert sorted(off) == [date(2020, 10, 1), date(2020, 10, 2), date(2020, 10, 5), date(2020, 10, 6)]
    assert rule_holidays(2028)[date(2028, 1, 3)] == "元旦"  # 1 January 2028 is a Saturday


@given(st.integers(min_value=2027, max_value=2099))
def test_fallback_never_gives_fewer_days_off_than_the_law(year):
    """Per festival, the working days it takes off are exactly its statutory count, and every
    statutory day is off, whatever weekday each lands on."""
    holidays = rule_holidays(year)
    for name, days in statutory_days(year):
        assert all(d in holidays for d in days)
        weekdays_off = [d for d, n in holidays.items() if n == name and d.weekday() < 5]
        assert len(weekdays_off) == len(days), (year, name)
        assert all(d.year == year for d in weekdays_off)


def test_announced_2026_is_unchanged_by_the_fallback():
    import chinese_calendar as cc

    cal = WorkCalendar()
    year = cal.days(date(2026, 1, 1), date(2026, 12, 31))
    assert all(d.source == "official" for d in year)
    assert [d.workday for d in year] == [cc.is_workday(d.day) for d in year]
    assert cal.warnings() == []


def test_calendar_file_overrides_the_fallback():
    rows = [
        ["日期", "类型", "说明"],
        ["2027-02-09", "休", "春节"],
        ["2027/2/20", "班"],
        ["2027年2月21日", "上班"],
    ]
    cal = WorkCalendar(overrides=parse_calendar_rows(rows))
    assert not cal.is_workday(date(2027, 2, 9))
    assert cal.is_workday(date(2027, 2, 20)) and cal.info(date(2027, 2, 20)).makeup
    assert cal.info(date(2027, 2, 9)).name == "春节"
    cal.workdays(date(2027, 2, 1), date(2027, 2, 28))
    [warning] = cal.warnings()  # the other days of February are still by rule: said so (review r34 #2)
    assert "2027" in warning and "写了其中 3 天" in warning and "其余日子仍按" in warning
    assert "gives 3 days of it" in cal.warnings("en")[0]


def test_a_file_about_february_keeps_the_warning_for_may():
    """Review r34 #2: one 2027 line in the file does not make 劳动节 2027 announced."""
    cal = WorkCalendar(overrides=parse_calendar_rows([["2027-02-20", "班"]]))
    cal.workdays(date(2027, 5, 3), date(2027, 5, 9))
    [warning] = cal.warnings()
    assert "2027" in warning and "1 天" in warning
    covered = WorkCalendar(overrides=parse_calendar_rows([["2027-02-20", "班"]]))
    covered.workdays(date(2027, 2, 20), date(2027, 2, 20))
    assert covered.warnings() == []  # every day asked came from the file


def test_calendar_file_errors_name_the_line():
    with pytest.raises(DataError, match="line 2"):
        parse_calendar_rows([["2027-02-09", "休"], ["2027-02-30", "休"]])
    with pytest.raises(DataError, match="neither 休 nor 班"):
        parse_calendar_rows([["2027-02-09", "maybe"]])


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ([["2027-02-2O", "班"], ["2027-02-12", "休"]], 1),  # letter O for 0
        ([["2027-02-30", "休"], ["2027-02-20", "班"]], 1),  # no such day
        ([["2027-02-2O", "班"]], 1),  # a one-line file
        ([["# 2027 调休"], ["2027-13-01", "班"]], 2),  # after a comment: still the first line
        ([["明天", "休"]], 1),  # no digit, but a 休/班 word
    ],
)
def test_a_bad_first_line_is_an_error_not_a_header(rows, line):
    """Review r34 #1: only a line that looks like a header is skipped as one."""
    with pytest.raises(DataError, match=f"line {line}: "):
        parse_calendar_rows(rows)


def test_headers_and_comment_lines_are_skipped():
    for head in (["日期", "类型", "说明"], ["date", "type", "note"], ["日期", "休/班"]):
        assert parse_calendar_rows([head, ["2027-02-20", "班"]]) == {date(2027, 2, 20): (True, None)}
    rows = [["# 2027年调休（国务院办公厅通知）"], [], ["日期", "类型"], ["2027-02-12", "休", "春节"]]
    assert parse_calendar_rows(rows) == {date(2027, 2, 12): (False, "春节")}


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@given(
    st.lists(
        st.tuples(st.dates(min_value=date(1900, 1, 1)), st.booleans()), max_size=10, unique_by=lambda e: e[0]
    ),
    st.sampled_from(["plain", "full-width", "one cell", "reversed", "time"]),
)
def test_calendar_lines_read_however_typed(entries, how):
    """Review r34 #1: a line typed in the IME's full-width mode (２０２７－０２－２０，班, one cell: the
    CSV reader saw no comma), the word first, or a date with a time reads as the plain line."""
    rows = []
    for d, on in entries:
        day, word = d.isoformat(), "班" if on else "休"
        rows.append(
            {
                "plain": [day, word],
                "full-width": [_full_width(day), word],
                "one cell": [_full_width(f"{day},") + word],
                "reversed": [word, day],
                "time": [f"{day} 00:00:00", word],
            }[how]
        )
    assert parse_calendar_rows(rows) == {d: (on, None) for d, on in entries}


def test_a_day_given_both_off_and_work_names_both_lines():
    """Review r34 #3; the same day twice the same way is harmless, and its note is kept."""
    rows = [["2027-02-20", "班", "春节调休"], ["2027-02-12", "休"], ["2027-02-20", "休", "重复"]]
    with pytest.raises(DataError, match="lines 1 and 3") as caught:
        parse_calendar_rows(rows, "dup.csv")
    assert "第 1 行和第 3 行" in caught.value.text("zh")
    same = parse_calendar_rows([["2027-02-20", "班", "春节调休"], ["2027-02-20", "班"]])
    assert same == {date(2027, 2, 20): (True, "春节调休")}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.sampled_from(["-", "/", "."]))
def test_parse_date_round_trip(d, sep):
    assert parse_date(f"{d.year}{sep}{d.month}{sep}{d.day}") == d
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d


@given(st.lists(st.tuples(st.dates(), st.booleans()), max_size=20, unique_by=lambda e: e[0]))
def test_calendar_rows_parse_what_was_written(entries):
    rows = [[d.isoformat(), "班" if on else "休"] for d, on in entries]
    parsed = parse_calendar_rows(rows)
    assert parsed == {d: (on, None) for d, on in entries}
    twice = parse_calendar_rows(rows + rows)  # each line again, the same way: harmless
    assert twice == parsed


@given(st.text(max_size=12))
def test_calendar_parser_never_crashes(text):
    try:
        parsed = parse_calendar_rows([["2027-01-04", text]])
    except DataError as exc:
        assert "line 1" in str(exc)
    else:
        assert parsed[date(2027, 1, 4)][0] in (True, False)


def test_default_periods():
    thursday = date(2026, 10, 1)
    assert period_range("week", thursday) == (date(2026, 10, 5), date(2026, 10, 11))
    assert period_range("month", thursday) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_range("quarter", thursday) == (date(2027, 1, 1), date(2027, 3, 31))
    assert period_range("quarter", date(2026, 12, 31)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert period_range("week", thursday, date(2026, 10, 5))[1] == date(2026, 10, 11)
