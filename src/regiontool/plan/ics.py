"""The plan's visits and calls as an iCalendar file (RFC 5545) that calendar apps import.

Times are China Standard Time with the VTIMEZONE included, so Outlook, Google and Apple
calendars place them right wherever the phone is. UIDs come from the day and the
company, so importing a re-made plan updates the events instead of doubling them (two workspaces'
plans in one calendar may share a UID: their ids are their own — left, since a change of the UIDs
would double every event already imported; review r73 F9).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pandas as pd

TZ = ZoneInfo("Asia/Shanghai")


def plan_ics(items: pd.DataFrame, stamp: datetime, lang: str = "zh") -> bytes:
    """items: planner.ITEM_COLUMNS; stamp: the DTSTAMP (when the plan was made). A plan without a
    working day (春节) still holds the VTIMEZONE: RFC 5545 wants a calendar to hold a component."""
    from icalendar import Calendar, Event, Timezone

    from ..render import terminal_text as shown  # RFC 5545 TEXT holds no control character but HTAB
    from .forms import category

    cal = Calendar()
    cal.add("prodid", "-//regiontool//work plan//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "工作计划" if lang != "en" else "Work plan")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    for r in items.itertuples(index=False):
        start = datetime.combine(r.date, time.fromisoformat(r.start), TZ)
        end = datetime.combine(r.date, time.fromisoformat(r.end), TZ)
        ev = Event()
        ev.add("uid", f"{r.date.isoformat()}-{int(r.company_id)}@regiontool")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        label = category(r.category, lang)
        ev.add("summary", shown(f"{label} · {r.company}"))
        address = r.address if r.mode == "visit" and isinstance(r.address, str) and r.address else None
        if address or (isinstance(r.town, str) and r.town):
            ev.add("location", shown(address or r.town))
        ev.add("description", shown("\n".join([r.task, *_reach_lines(r, lang), r.reason, r.manager])))
        ev.add("categories", [label])
        cal.add_component(ev)
    cal.add_missing_timezones()
    if not cal.subcomponents:  # no event: the time zone alone keeps the calendar valid
        cal.add_component(Timezone.from_tzid(str(TZ)))
    return cal.to_ical()


def _reach_lines(r, lang: str) -> list[str]:
    """联系人：谢桂芳（行政）, 联系电话：…, and for a visit 地址：…: whom to ask for, on the phone's screen."""
    from .forms import col, phone_text

    en = lang == "en"
    text = lambda v: v if isinstance(v, str) else ""  # noqa: E731
    name, title = text(r.contact), text(r.title)
    person = (f"{name} ({title})" if en else f"{name}（{title}）") if name and title else name or title
    lines = [
        (col("contact", lang), person),
        (col("phone", lang), phone_text(r, ", " if en else "，")),
        (col("address", lang), text(r.address) if r.mode == "visit" else ""),
    ]
    return [f"{label}{': ' if en else '：'}{value}" for label, value in lines if value]
