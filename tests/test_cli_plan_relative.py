"""`regiontool done` reading days named from the visit's day (下周一再去, 十二月九号, 月底) and 改天
anywhere in a cell: the next plan puts each firm on the day it names, as it does for 12/8."""

from __future__ import annotations

import json

import openpyxl
from test_cli_plan import TODAY, _plan_json, _workspace

# The week of 2026-11-30; the next one runs from Monday 12-07 to Sunday 12-13.
CELLS = {
    "12-01 周二": (
        "客户忙，改天再去",  # no day: planned first next time, from the plan's first day
        "月底再联系",  # 12-31, December's last working day: after next week
        "要报价，下周发",  # a note: the day does not open it
    ),
    "12-02 周三": ("七天后再去", "下周再打"),  # 12-09; 12-07, next week's Monday
    "12-03 周四": ("下周一再去", "十二月九号再去", "下星期五再约"),  # 12-07, 12-09, 12-11
}


def _fill(cli, tmp_path, cells_by_sheet=CELLS):
    """The week's plan with the cells written in 完成情况; the firm of each cell, in order."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    made = cli("plan", "--today", TODAY, "--start", "2026-11-30", "--out", out, "--manager", "王海波")
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(out)
    firms = []
    for sheet, cells in cells_by_sheet.items():
        for row, text in enumerate(cells, start=6):
            wb[sheet][f"I{row}"].value = text
            firms.append(wb[sheet][f"E{row}"].value.split("\n")[0])
    wb.save(out)
    return out, firms


def _next_week(cli, lang):
    """Next week's plan in the language: company → (first day planned, its reason); and stderr."""
    week = cli(
        "plan", "--today", TODAY, "-f", "json", "--lang", lang, "--manager", "王海波", "--start", "2026-12-07"
    )
    assert week.exit_code == 0, week.output
    keys = ("company", "date", "reason") if lang == "en" else ("企业名称", "日期", "理由")
    days = {}
    for r in json.loads(week.stdout):
        days.setdefault(r[keys[0]], (r[keys[1]], r[keys[2]]))
    return days, week.stderr


def test_done_reads_days_named_from_the_visit_day_and_the_next_plan_keeps_them(cli, tmp_path):
    out, firms = _fill(cli, tmp_path)
    zh = cli("done", out)
    assert zh.exit_code == 0, zh.output
    assert "完成 0，未完成 0，改期 7，备注 1" in zh.stdout and "要报价，下周发" in zh.stdout
    en = cli("done", out, "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "rescheduled 7, notes 1" in en.stdout and "(8 already logged)" in en.stdout
    assert "2026-12-02 拜访 改期：七天后再去" in cli("history", firms[3]).stdout  # kept as written

    unbusy, month_end, note, seven_days, next_week, monday, ninth, friday = firms
    days, stderr = _next_week(cli, "en")
    assert days[monday][0] == "2026-12-07" and "rescheduled on 12-03 to 12-07" in days[monday][1]
    assert days[ninth][0] == "2026-12-09" and "rescheduled on 12-03 to 12-09" in days[ninth][1]
    assert days[friday][0] == "2026-12-11" and "rescheduled on 12-03 to 12-11" in days[friday][1]
    assert days[seven_days][0] == "2026-12-09" and "rescheduled on 12-02 to 12-09" in days[seven_days][1]
    assert days[next_week][0] == "2026-12-07" and "rescheduled on 12-02 to 12-07" in days[next_week][1]
    assert days[unbusy][0] == "2026-12-07" and "rescheduled on 12-01: first" in days[unbusy][1]
    assert " to " not in days[unbusy][1]  # 改天 names no day
    assert month_end not in days and f"{month_end} (2026-12-31)" in stderr
    assert "rescheduled" not in days[note][1]  # a note: due as before

    days, stderr = _next_week(cli, "zh")
    assert days[monday][0] == "2026-12-07" and "12-03 改期到 12-07" in days[monday][1]
    assert days[ninth][0] == "2026-12-09" and "12-03 改期到 12-09" in days[ninth][1]
    assert days[friday][0] == "2026-12-11" and "12-03 改期到 12-11" in days[friday][1]
    assert days[seven_days][0] == "2026-12-09" and days[next_week][0] == "2026-12-07"
    assert month_end not in days and f"{month_end}（2026-12-31）" in stderr


def test_done_reads_some_other_day_anywhere_but_not_after_a_done_word(cli, tmp_path):
    """客户忙，改天再去 moves the work (planned first next time); 完成，改天再聊 is a visit done (it
    waits for its interval); 改天换地 is no 改天."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    firms = []
    for row, text in enumerate(("客户忙，改天再去", "老板出差，改日再约", "完成，改天再聊"), start=6):
        ws[f"I{row}"].value = text
        firms.append(ws[f"E{row}"].value.split("\n")[0])
    wb.save(out)
    for lang, line in (
        ("zh", "完成 1，未完成 0，改期 2，备注 0"),
        ("en", "done 1, missed 0, rescheduled 2, notes 0"),
    ):
        result = cli("done", out, "--lang", lang)
        assert result.exit_code == 0, result.output
        assert line in result.stdout and not result.stderr.strip(), result.output
    planned = {
        r["company"]: r["reason"] for r in _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")
    }
    assert "rescheduled on 10-08" in planned[firms[0]] and "rescheduled on 10-08" in planned[firms[1]]
    assert firms[2] not in planned  # done: waits for its interval


# Deadlines and what already happened name no day the work moves to; N周后 does; 今天 is the row's day.
DEADLINE_CELLS = {
    "11-30 周一": (
        "月底前回款",
        "12.30前回款",
        "周五之前报价",
        "下周一以前发样品",
        "3天内回复",
        "周三已发样品",
        "昨天已报价",
        "12.1已付款",
        "完成，改期到12/8",  # a done word overruled by a reschedule: logged, and pointed out, as 改期
        "已去，不在",  # … by 'not reached': as 未完成
    ),
    "12-03 周四": ("一周后再去", "两周后再联系", "今天客户不在"),
}


def test_done_reads_deadlines_and_the_past_as_notes_and_weeks_after_as_days(cli, tmp_path):
    out, firms = _fill(cli, tmp_path, DEADLINE_CELLS)
    notes, (moved, not_reached, week, two_weeks, today) = firms[:8], firms[8:]
    zh = cli("done", out)
    assert zh.exit_code == 0, zh.output
    assert "完成 0，未完成 2，改期 3，备注 8" in zh.stdout
    assert "月底前回款" in zh.stdout and "12.1已付款" in zh.stdout  # listed as notes
    [moved_zh] = [line for line in zh.stderr.splitlines() if moved in line]
    [missed_zh] = [line for line in zh.stderr.splitlines() if not_reached in line]
    assert "后面说改期，记为改期" in moved_zh and "未完成" not in moved_zh
    assert "后面说没联系上，记为未完成" in missed_zh
    en = cli("done", out, "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "done 0, missed 2, rescheduled 3, notes 8" in en.stdout
    [moved_en] = [line for line in en.stderr.splitlines() if moved in line]
    [missed_en] = [line for line in en.stderr.splitlines() if not_reached in line]
    assert "the work was moved, so it is logged as rescheduled" in moved_en and "missed" not in moved_en
    assert "the customer was not reached, so it is logged as missed" in missed_en
    history = cli("history", notes[0]).stdout
    assert "2026-11-30" in history and "：月底前回款" in history and "改期" not in history  # a note

    days, stderr = _next_week(cli, "en")
    for firm in notes:  # a note: due as before, never moved to the deadline's or the past day
        assert firm not in stderr and "rescheduled" not in days.get(firm, ("", ""))[1], firm
    assert days[moved][0] == "2026-12-08" and "rescheduled on 11-30 to 12-08" in days[moved][1]
    assert days[week][0] == "2026-12-10" and "rescheduled on 12-03 to 12-10" in days[week][1]
    assert two_weeks not in days and f"{two_weeks} (2026-12-17)" in stderr
    assert "missed on 12-03" in days[today][1] and "missed on 11-30" in days[not_reached][1]

    days, stderr = _next_week(cli, "zh")
    assert days[week][0] == "2026-12-10" and "12-03 改期到 12-10" in days[week][1]
    assert two_weeks not in days and f"{two_weeks}（2026-12-17）" in stderr
    assert all(firm not in stderr and "改期" not in days.get(firm, ("", ""))[1] for firm in notes)
