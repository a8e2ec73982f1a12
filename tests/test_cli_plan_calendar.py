"""`plan --calendar` and `report --calendar` through the CLI (review r34): a mistyped first line is an
error, not a header; full-width, reversed and timed lines are read; a day given both 休 and 班 is
refused; the 2027 warning stays for the days the file does not give; a 春节 week without a working
day names the firms rescheduled into it; the report's next-week plan takes the file too."""

from __future__ import annotations

import json

import openpyxl

from conftest import write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
# 2027's 春节 as a manager would type it: 02-05 … 02-13 off, Saturday 02-20 and Sunday 01-31 at work
SPRING = "".join(f"2027-02-{d:02d},休,春节\n" for d in range(5, 14)) + "2027-02-20,班,春节调休\n"


def _workspace(cli, tmp_path):
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(8)]
    rows += [[f"新浦{i}塑料厂", f"慈溪市新浦镇{i}号", "王海波", "B"] for i in range(20)]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def _calendar(tmp_path, text, name="days.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _plan(cli, start, *args):
    return cli("plan", "--start", start, "--manager", "王海波", "-f", "json", *args)


def _days(result):
    assert result.exit_code == 0, result.output
    return sorted({r["日期"] for r in json.loads(result.stdout)})


def test_a_mistyped_first_line_is_refused_not_taken_for_a_header(cli, tmp_path):
    _workspace(cli, tmp_path)
    typo = _calendar(tmp_path, "2027-02-2O,班\n2027-02-12,休\n")  # letter O for 0, on line 1
    result = _plan(cli, "2027-02-15", "--calendar", typo)
    assert result.exit_code == 1
    assert "days.csv 第 1 行：“2027-02-2O”不是日期" in result.stderr and "Traceback" not in result.output
    assert _days(_plan(cli, "2027-02-15"))[0] == "2027-02-15"
    commented = _calendar(tmp_path, "# 2027年调休（国务院办公厅通知）\n日期,类型\n2027-02-15,休\n")
    assert _days(_plan(cli, "2027-02-15", "--calendar", commented))[0] == "2027-02-16"


def test_full_width_reversed_and_timed_lines_are_read(cli, tmp_path):
    _workspace(cli, tmp_path)
    for text in ("２０２７－０２－１５，休\n", "休,2027-02-15\n", "2027-02-15 00:00:00,休\n"):
        days = _days(_plan(cli, "2027-02-15", "--calendar", _calendar(tmp_path, text)))
        assert days[0] == "2027-02-16", text  # the Monday the file makes a day off


def test_a_day_both_off_and_at_work_is_refused_naming_both_lines(cli, tmp_path):
    _workspace(cli, tmp_path)
    both = _calendar(tmp_path, SPRING + "2027-02-20,休,重复\n")
    result = _plan(cli, "2027-02-15", "--calendar", both)
    assert result.exit_code == 1
    assert "days.csv 第 10 行和第 11 行：2027-02-20 一行写“班”，一行写“休”" in result.stderr
    en = _plan(cli, "2027-02-15", "--calendar", both, "--lang", "en")
    assert en.exit_code == 1 and "lines 10 and 11: 2027-02-20" in en.stderr


def test_a_file_about_february_keeps_the_warning_for_may(cli, tmp_path):
    _workspace(cli, tmp_path)
    one = _calendar(tmp_path, "2027-02-20,班\n")
    with_file = _plan(cli, "2027-05-03", "--calendar", one)
    assert with_file.exit_code == 0
    assert "2027 年的放假安排不在日历数据中" in with_file.stderr and "写了其中 1 天" in with_file.stderr
    en = _plan(cli, "2027-05-03", "--calendar", one, "--lang", "en")
    assert (
        "the 2027 holiday schedule is not in the calendar data" in en.stderr
        and "gives 1 day of it" in en.stderr
    )


def test_a_week_without_working_days_names_the_firms_rescheduled_into_it(cli, tmp_path):
    _workspace(cli, tmp_path)
    cal = _calendar(tmp_path, SPRING)
    out = tmp_path / "w.xlsx"
    made = cli("plan", "--start", "2027-02-01", "--manager", "王海波", "--calendar", cal, "--out", out)
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(out)
    sheet = wb["02-01 周一"]
    rows = [c.row for c in sheet["A"] if c.value == "拜访"]
    firms = [sheet[f"E{r}"].value.split("\n")[0] for r in rows[:2]]
    sheet[f"I{rows[0]}"].value = "改期：2月5日"  # 春节 in the file: no working day until 02-15
    sheet[f"I{rows[1]}"].value = "改期：2月20日"  # the 班 Saturday, after the 春节 week
    wb.save(out)
    assert cli("done", out).exit_code == 0
    result = cli("plan", "--start", "2027-02-08", "--manager", "王海波", "--calendar", cal)
    assert result.exit_code == 0, result.output
    assert "这段时间没有工作日（春节）" in result.stderr
    assert "2 家企业改期了，但这段时间没有工作日" in result.stderr
    assert f"{firms[0]}（2027-02-05）" in result.stderr and f"{firms[1]}（2027-02-20）" in result.stderr
    en = cli("plan", "--start", "2027-02-08", "--manager", "王海波", "--calendar", cal, "--lang", "en")
    assert "2 companies were rescheduled, but this period has no working day" in en.stderr


def test_report_plans_next_week_on_the_calendar_file(cli, tmp_path):
    """Review r34 #5: the 下周计划 sheet's warning names --calendar, and report takes it."""
    _workspace(cli, tmp_path)
    cal = _calendar(tmp_path, "2027-01-25,休,公司年会\n")

    def plan_days(*args):
        out = tmp_path / "r.xlsx"
        result = cli("report", "--as-of", "2027-01-21", "--manager", "王海波", "--out", out, *args)
        assert result.exit_code == 0, result.output
        sheet = openpyxl.load_workbook(out)["下周计划"]
        return {c.value.date().isoformat() for c in sheet["A"] if hasattr(c.value, "date")}

    assert min(plan_days()) == "2027-01-25"  # a Monday by rule
    assert min(plan_days("--calendar", cal)) == "2027-01-26"  # a day off in the file
    bad = cli("report", "--as-of", "2027-01-21", "--calendar", _calendar(tmp_path, "2027-01-3l,班\n"))
    assert bad.exit_code == 1 and "第 1 行" in bad.stderr and "Traceback" not in bad.output


def _sheet_text(path, name: str) -> str:
    return "\n".join(
        str(c) for row in openpyxl.load_workbook(path)[name].iter_rows(values_only=True) for c in row if c
    )


def test_an_empty_plan_sheet_keeps_the_2027_warning(cli, tmp_path):
    """The 下周计划 sheet of a week with nothing to plan (only F2/F3 firms) warns that 2027's calendar
    is a guess, as plan does and as the sheet does when it has rows."""
    rows = [
        ["甲电器有限公司", "慈溪市长河镇1号", "王海波", "F2"],
        ["乙塑料厂", "慈溪市新浦镇2号", "王海波", "F3"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    plan = cli("plan", "--as-of", "2027-01-04")
    assert plan.exit_code == 0 and "2027 年的放假安排不在日历数据中" in plan.stderr
    for lang, sheet, warning, empty in (
        ("zh", "下周计划", "2027 年的放假安排不在日历数据中", "没有可安排的客户"),
        ("en", "Next week", "the 2027 holiday schedule is not in the calendar data", "nothing to plan"),
    ):
        out = tmp_path / f"r_{lang}.xlsx"
        result = cli("report", "--as-of", "2027-01-04", "--out", out, "--lang", lang)
        assert result.exit_code == 0, result.output
        assert warning in result.stderr  # on the terminal too, as plan says it (review r104 F4)
        text = _sheet_text(out, sheet)
        assert warning in text and empty in text
    cli("report", "--as-of", "2026-11-20", "--out", tmp_path / "r.xlsx")  # 2026: announced, no warning
    assert "不在日历数据中" not in _sheet_text(tmp_path / "r.xlsx", "下周计划")
