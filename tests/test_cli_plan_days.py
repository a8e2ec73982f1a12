"""`regiontool plan` through the CLI: what a working day holds, and a period without one."""

from __future__ import annotations

import json

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


def test_visits_that_take_the_time_of_calls_say_which_calls_are_left_out(cli, tmp_path):
    """5 visits a day end at 17:45: no time is left for calls. The calls due are not planned, and
    the notes say how many, in the command's language, and how many visits leave time for them."""
    from conftest import write_xlsx

    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(30)]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "B"] for i in range(10)]
    path = write_xlsx(
        tmp_path / "c.xlsx", headers=["企业名称", "地址", "区域经理", "客户分类"], rows=rows, title=None
    )
    assert cli("import", path).exit_code == 0
    for visits in ("5", "8"):
        zh = cli("plan", "--today", "2026-11-20", "--visits-per-day", visits, "-f", "json")
        assert zh.exit_code == 0, zh.output
        assert (
            "拜访占去了打电话的时间：本计划排了 0 个电话（要求 50 个），10 家该打电话的企业没有排上"
            in zh.stderr
        )
        assert "每天不超过 3 个拜访时，10 个电话都排得下" in zh.stderr
        en = cli("plan", "--today", "2026-11-20", "--visits-per-day", visits, "-f", "json", "--lang", "en")
        assert "this plan holds 0 calls of the 50 asked, and 10 companies due for a call" in en.stderr
        assert not [r for r in json.loads(en.stdout) if r["category"] != "visit"]
    three = cli("plan", "--today", "2026-11-20", "-f", "json", "--lang", "en")
    assert "visits took the time" not in three.stderr and "calls" not in three.stderr
    assert len([r for r in json.loads(three.stdout) if r["category"] != "visit"]) == 10
