"""A 改期 that names a day puts the firm on that day, first among its visits or calls, before the
missed firms that name none; a named day that is no working day (元旦 2027-01-01, a Sunday) moves it
to the next working day, planned first there too; a day with more firms rescheduled to it than it
holds moves the rest to the next working day and their reason says so, never naming a day the row
is not on. Through the CLI: plan the week of 2026-12-28, fill 完成情况, `done`, plan 2027-01-04."""

from __future__ import annotations

import json
import re

import openpyxl

from conftest import write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]


def _workspace(cli, tmp_path):
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(8)]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "A"] for i in range(8)]
    rows += [[f"新浦{i}塑料厂", f"慈溪市新浦镇{i}号", "王海波", "B"] for i in range(40)]  # calls every day
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def _rows(wb, sheet, category):
    """(row, firm) of the sheet's lines of the category (拜访 / 跟进), in the order planned."""
    ws = wb[sheet]
    return [(c.row, ws[f"E{c.row}"].value.split("\n")[0]) for c in ws["A"] if c.value == category]


def _week_one(cli, tmp_path):
    """The week of 2026-12-28 (元旦 on Friday) with 完成情况 written; the firms, by what was written."""
    _workspace(cli, tmp_path)
    out = tmp_path / "w1.xlsx"
    made = cli("plan", "--start", "2026-12-28", "--week", "--out", out, "--manager", "王海波")
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(out)
    firms = {}

    def write(sheet, category, i, text, key):
        row, firm = _rows(wb, sheet, category)[i]
        wb[sheet][f"I{row}"].value = text
        firms[key] = firm

    for i in range(3):  # missed, naming no day: first, but after the firms given a day
        write("12-28 周一", "拜访", i, "未完成：客户不在", f"missed{i}")
    write("12-29 周二", "拜访", 0, "周五再去", "friday")  # Friday 01-01, 元旦 → 01-04
    write("12-30 周三", "拜访", 0, "下周一再去", "monday_wed")  # 01-04
    write("12-31 周四", "拜访", 0, "下周一再去", "monday_thu")  # 01-04
    write("12-31 周四", "拜访", 1, "明天再去", "tomorrow")  # 01-01, 元旦 → 01-04
    write("12-31 周四", "跟进", 0, "3天后再打", "call")  # Sunday 01-03 → 01-04
    wb.save(out)
    done = cli("done", out)
    assert done.exit_code == 0, done.output
    assert "未完成 3，改期 5" in done.stdout
    return firms


def _next_week(cli, *args, lang="zh"):
    """The plan from 2027-01-04: its lines (date, start, category, company, reason) and stderr."""
    result = cli("plan", "--start", "2027-01-04", "--manager", "王海波", "-f", "json", "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    keys = ("date", "start", "category", "company", "reason")
    if lang != "en":
        keys = ("日期", "开始", "类别", "企业名称", "理由")
    return [tuple(r[k] for k in keys) for r in json.loads(result.stdout)], result.stderr


def _truthful(lines):
    """No reason names a day its line is not on: 改期到 D is the line's day unless it goes on with
    顺延到 D' (no working day, or the day was full), and then D' is the line's day."""
    for day, _start, _cat, firm, reason in lines:
        named = re.findall(r"(?:改期到|to) (\d\d-\d\d)", reason)
        moved = re.findall(r"(?:顺延到|moved to) (\d\d-\d\d)", reason)
        if named:
            assert (moved or named)[-1] == day[5:], (firm, day, reason)


def test_firms_given_a_day_fill_it_first_and_a_holiday_moves_them_to_the_next_working_day(cli, tmp_path):
    firms = _week_one(cli, tmp_path)
    lines, stderr = _next_week(cli, "--visits-per-day", "4")
    _truthful(lines)
    visits = {}
    for day, _start, category, firm, reason in lines:
        if category == "拜访":
            visits.setdefault(day, []).append((firm, reason))
    named = {firms[k] for k in ("friday", "monday_wed", "monday_thu", "tomorrow")}
    assert {f for f, _ in visits["2027-01-04"]} == named  # all four, before the missed firms
    reasons = dict(visits["2027-01-04"])
    assert reasons[firms["monday_thu"]].startswith("12-31 改期到 01-04；")
    assert reasons[firms["tomorrow"]].startswith("12-31 改期到 01-01（非工作日，顺延到 01-04）")
    assert reasons[firms["friday"]].startswith("12-29 改期到 01-01（非工作日，顺延到 01-04）")
    missed = [firms[f"missed{i}"] for i in range(3)]
    assert [f for f, _ in visits["2027-01-05"][:3]] == missed
    assert all(r.startswith("12-28 未完成，优先安排") for _, r in visits["2027-01-05"][:3])
    calls = [
        (firm, reason)
        for day, _s, category, firm, reason in lines
        if day == "2027-01-04" and category == "跟进"
    ]
    assert calls[0] == (firms["call"], calls[0][1])  # first among the day's calls
    assert calls[0][1].startswith("12-31 改期到 01-03（非工作日，顺延到 01-04）")
    assert f"{firms['tomorrow']}（2027-01-01 → 2027-01-04）" in stderr
    assert f"{firms['call']}（2027-01-03 → 2027-01-04）" in stderr


def test_a_day_given_to_more_firms_than_it_holds_moves_the_rest_on_and_says_so(cli, tmp_path):
    firms = _week_one(cli, tmp_path)
    named = [firms[k] for k in ("friday", "monday_wed", "monday_thu", "tomorrow")]
    for lang in ("zh", "en"):
        lines, stderr = _next_week(cli, lang=lang)  # three visits a day: one of the four waits
        _truthful(lines)
        visit = "拜访" if lang == "zh" else "visit"
        visits = [(day, firm, reason) for day, _s, category, firm, reason in lines if category == visit]
        first = [firm for day, firm, _ in visits if day == "2027-01-04"]
        assert len(first) == 3 and set(first) < set(named)
        (late,) = set(named) - set(first)
        assert late == firms["tomorrow"]  # the four by their order: the last one planned 12-31
        day, firm, reason = next(v for v in visits if v[0] == "2027-01-05")  # first on the next day
        assert firm == late
        if lang == "zh":
            assert reason.startswith(
                "12-31 改期到 01-01（非工作日，顺延到 01-04）；"
                "01-04 已排满（改期到当天的企业多于当天可安排的），顺延到 01-05；"
            )
            assert f"{late}（2027-01-01 → 2027-01-05）" in stderr  # the day it is on
        else:
            assert reason.startswith(
                "rescheduled on 12-31 to 01-01 (no working day: moved to 01-04); "
                "01-04 was full (more firms rescheduled to it than the day holds): moved to 01-05; "
            )
            assert f"{late} (2027-01-01 → 2027-01-05)" in stderr
        assert [f for d, f, _ in visits if d == "2027-01-05"][1:4] == [firms[f"missed{i}"] for i in range(3)][
            :2
        ]
