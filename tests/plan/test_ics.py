"""The plan as iCalendar (RFC 5545), validated by parsing it back with the icalendar package."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pandas as pd
from icalendar import Calendar

from regiontool.plan.ics import plan_ics
from regiontool.plan.planner import ITEM_COLUMNS


def _items():
    rows = [
        (
            date(2026, 10, 8),
            "09:00",
            "10:15",
            "visit",
            "慈溪市华峰电器有限公司",
            784,
            "长河镇",
            "A",
            "上门拜访",
            "A类；尚无联系记录",
            "王海波",
            "visit",
        ),
        (
            date(2026, 10, 8),
            "15:00",
            "15:10",
            "follow",
            "宏达, 五金; 厂",
            12,
            None,
            "B",
            "电话跟进",
            "B类",
            "王海波",
            "call",
        ),
    ]
    return pd.DataFrame(rows, columns=list(ITEM_COLUMNS))


def test_events_round_trip():
    payload = plan_ics(_items(), datetime(2026, 10, 1, tzinfo=timezone.utc))
    assert payload.startswith(b"BEGIN:VCALENDAR") and b"\r\n" in payload
    assert all(len(line) <= 75 for line in payload.split(b"\r\n"))  # folded lines (RFC 5545 §3.1)
    cal = Calendar.from_ical(payload)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    first, second = cal.walk("VEVENT")
    assert str(first["summary"]) == "拜访 · 慈溪市华峰电器有限公司"
    assert first.decoded("dtstart") == datetime(2026, 10, 8, 9, 0, tzinfo=first.decoded("dtstart").tzinfo)
    assert first.decoded("dtstart").utcoffset().total_seconds() == 8 * 3600
    assert str(first["location"]) == "长河镇"
    assert str(second["summary"]) == "跟进 · 宏达, 五金; 厂"  # commas and semicolons escaped and restored
    assert "location" not in second
    assert str(first["uid"]) == "2026-10-08-784@regiontool"
    assert first.decoded("dtstamp") == datetime(2026, 10, 1, tzinfo=timezone.utc)


def test_english_summary():
    cal = Calendar.from_ical(plan_ics(_items(), datetime(2026, 10, 1, tzinfo=timezone.utc), "en"))
    assert str(cal.walk("VEVENT")[1]["summary"]).startswith("follow-up · ")
