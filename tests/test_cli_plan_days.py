"""`regiontool plan` through the CLI: what a working day holds, and a period without one."""

from __future__ import annotations

from icalendar import Calendar
from test_cli_plan import TODAY, _plan_json, _workspace


def test_a_day_that_cannot_hold_the_work_is_cut_to_the_working_day(cli, tmp_path):
    _workspace(cli, tmp_path)
    ics = tmp_path / "v10.ics"
    result = cli("plan", "--today", TODAY, "--visits-per-day", "10", "--calls-per-day", "60", "--ics", ics)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "09:00–18:00" in result.stderr
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert events and all(e.decoded("dtend").strftime("%H:%M") <= "18:00" for e in events)
    items = _plan_json(cli, "--calls-per-day", "60")
    assert max(r["end"] for r in items) <= "18:00"


def test_a_period_without_working_days_says_so(cli, tmp_path):
    _workspace(cli, tmp_path)
    result = cli("plan", "--today", TODAY, "--start", "2026-02-16", "--manager", "王海波")
    assert result.exit_code == 0, result.output
    assert "没有工作日（春节）" in result.stderr and "不到联系间隔" not in result.stderr
    en = cli("plan", "--today", TODAY, "--start", "2026-02-16", "--lang", "en")
    assert "no working day in this period (Spring Festival)" in en.stderr
