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
            "谢桂芳",
            "行政",
            "18629047728; 0574-58752037",
            "慈溪市长河镇工业路1号",
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
            None,
            None,
            "0574-63212867",
            "周巷镇环城路2号",
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
    assert str(first["location"]) == "慈溪市长河镇工业路1号"  # a visit: where to go
    assert str(first["description"]).splitlines()[1:4] == [
        "联系人：谢桂芳（行政）",
        "联系电话：18629047728，0574-58752037",
        "地址：慈溪市长河镇工业路1号",
    ]
    assert "联系电话：0574-63212867" in str(second["description"])
    assert "联系人" not in str(second["description"]) and "地址" not in str(second["description"])
    assert str(second["summary"]) == "跟进 · 宏达, 五金; 厂"  # commas and semicolons escaped and restored
    assert "location" not in second
    assert str(first["uid"]) == "2026-10-08-784@regiontool"
    assert first.decoded("dtstamp") == datetime(2026, 10, 1, tzinfo=timezone.utc)


def test_english_summary():
    cal = Calendar.from_ical(plan_ics(_items(), datetime(2026, 10, 1, tzinfo=timezone.utc), "en"))
    first, second = cal.walk("VEVENT")
    assert str(second["summary"]).startswith("follow-up · ")
    assert "contact: 谢桂芳 (行政)" in str(first["description"]) and "phone: 0574-63212867" in str(
        second["description"]
    )


def test_a_plan_without_events_is_still_a_valid_calendar():
    """A week of holidays (春节) gives no event, yet a calendar must hold a component (RFC 5545 §3.6):
    the VTIMEZONE (review r70 F7)."""
    empty = Calendar.from_ical(plan_ics(_items().iloc[0:0], datetime(2026, 10, 1, tzinfo=timezone.utc)))
    assert [c.name for c in empty.subcomponents] == ["VTIMEZONE"]


def test_the_uids_stay_day_and_firm_so_a_remade_plan_updates_the_events_imported():
    """The UID format of the plans already imported into phones: a new format doubles every event (r73 F9)."""
    stamp = datetime(2026, 10, 1, tzinfo=timezone.utc)
    uids = {str(e["uid"]) for e in Calendar.from_ical(plan_ics(_items(), stamp)).walk("VEVENT")}
    assert "2026-10-08-784@regiontool" in uids
