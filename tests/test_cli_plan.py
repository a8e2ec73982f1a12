"""`regiontool plan` and `regiontool done` through the CLI on a generated workbook."""

from __future__ import annotations

import json
import re
from datetime import date

import openpyxl
import pytest
from icalendar import Calendar

from conftest import write_orders, write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
TODAY = "2026-10-01"  # a Thursday: next Monday is 2026-10-05, the National Day week


def _workspace(cli, tmp_path):
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(6)]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "A"] for i in range(6)]
    rows += [[f"新浦{i}塑料厂", f"慈溪市新浦镇{i}号", "王海波", t] for i, t in enumerate("BCOF2F3V")]
    rows += [[f"观海卫{i}模具厂", f"慈溪市观海卫镇{i}号", "沈晓东", "A"] for i in range(4)]
    rows += [
        ["无主电器有限公司", "慈溪市长河镇1号", None, "A"],
        ["注销电器厂", "慈溪市长河镇2号", "王海波", "F2"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def _plan_json(cli, *args):
    result = cli("plan", "--today", TODAY, "-f", "json", "--lang", "en", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_week_of_national_day_has_three_working_days(cli, tmp_path):
    _workspace(cli, tmp_path)
    items = _plan_json(cli, "--week")
    assert sorted({r["date"] for r in items}) == ["2026-10-08", "2026-10-09", "2026-10-10"]
    assert list(items[0]) == [
        "date",
        "start",
        "end",
        "category",
        "company",
        "company_id",
        "town",
        "tier",
        "task",
        "reason",
        "manager",
        "contact",
        "title",
        "phone",
        "address",
    ]
    names = {r["company"] for r in items}
    assert not any("F2" in r["tier"] or "F3" in r["tier"] for r in items if r["tier"])
    assert "注销电器厂" not in names and "无主电器有限公司" not in names  # F2; no manager
    ids = [(r["company_id"]) for r in items]
    assert len(ids) == len(set(ids))  # nobody twice in the week
    for (day, manager), n in _count(items, "visit").items():
        assert n <= 3, (day, manager)
    towns = {}
    for r in items:
        if r["category"] in ("visit", "revisit", "replacement visit"):
            towns.setdefault((r["date"], r["manager"]), set()).add(r["town"])
    assert all(len(t) <= 2 for t in towns.values())


def _count(items, mode):
    out = {}
    for r in items:
        if r["category"] in ("visit", "revisit", "replacement visit", "win-back"):
            out[(r["date"], r["manager"])] = out.get((r["date"], r["manager"]), 0) + 1
    return out


def test_terminal_table_per_day_and_notes(cli, tmp_path):
    _workspace(cli, tmp_path)
    result = cli("plan", "--today", TODAY, "--manager", "王海波")
    assert result.exit_code == 0, result.output
    assert "2026-10-05 周一  休 · 国庆节" in result.stdout
    assert "2026-10-10 周六 调休上班" in result.stdout
    assert "长河0电器有限公司" in result.stdout and "观海卫" not in result.stdout


def test_unknown_manager_and_bad_options(cli, tmp_path):
    _workspace(cli, tmp_path)
    bad = cli("plan", "--manager", "张三")
    assert bad.exit_code == 2 and "王海波" in bad.output
    assert cli("plan", "--start", "10月5日").exit_code == 2
    assert cli("plan", "--week", "--month").exit_code == 2
    assert cli("plan", "--visits-per-day", "-1").exit_code == 2
    assert cli("plan", "--out", tmp_path / "p.pdf").exit_code == 2
    assert "Traceback" not in bad.output


def test_workbook_sheets_and_readback_round_trip(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    result = cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["周计划", "10-08 周四", "10-09 周五", "10-10 周六", "计划备注", "_regiontool"]
    # 计划备注, for done; _regiontool, marking the plan as no list to import
    assert [ws.sheet_state for ws in wb.worksheets].count("hidden") == 2
    ws = wb["10-08 周四"]
    assert "2026-10-08" in ws["A1"].value
    header = [c.value for c in ws[5]]
    assert header == [
        "类别",
        "开始",
        "结束",
        "工作内容",
        "相关",
        "联系人",
        "联系电话",
        "备注",
        "完成情况",
        "企业编号",
    ]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    # the manager fills in 完成情况
    rows = list(ws.iter_rows(min_row=6, max_row=8))
    outcomes = ["完成：客户要报价", "未完成", "改期到下周"]
    visited = [r[4].value.split("\n")[0] for r in rows]
    for r, text in zip(rows, outcomes, strict=True):
        r[8].value = text
    wb["10-09 周五"]["I6"].value = "客户说下月再联系"
    wb["10-09 周五"]["J7"].value = 99999  # a row the workspace does not know
    wb["10-09 周五"]["I7"].value = "完成"
    wb.save(out)

    first = cli("done", out)
    assert first.exit_code == 0, first.output
    assert "读取" in first.stdout and "完成 1，未完成 1，改期 1，备注 1" in first.stdout
    assert "无法识别 1" in first.stdout and "新记录 4 条" in first.stdout and "99999" in first.stdout
    again = cli("done", out, "-f", "json")
    data = json.loads(again.stdout)
    assert data["logged"] == 0 and data["already_logged"] == 4 and data["unknown"] == 1
    as_csv = cli("done", out, "-f", "csv", "--lang", "en").stdout.splitlines()
    assert as_csv[0] == "sheet,row,company,problem" and "99999" in as_csv[1] and len(as_csv) == 2

    history = cli("history", visited[0]).stdout
    assert "客户要报价" in history and "2026-10-08" in history and "上次联系" in history

    # the next week: the done visit is not repeated, the missed and rescheduled ones come first
    nxt = _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")
    first_day = [r["company"] for r in nxt if r["date"] == "2026-10-12"]
    assert visited[0] not in {r["company"] for r in nxt}
    assert first_day[:2] == visited[1:3] or set(first_day[:2]) == set(visited[1:3])
    assert "missed" in next(r["reason"] for r in nxt if r["company"] == visited[1])
    assert "rescheduled" in next(r["reason"] for r in nxt if r["company"] == visited[2])


def test_done_refuses_a_file_that_is_not_a_plan(cli, tmp_path):
    _workspace(cli, tmp_path)
    other = write_xlsx(tmp_path / "x.xlsx", headers=["a", "b"], rows=[[1, 2]], title=None, notes_sheet=False)
    result = cli("done", other)
    assert result.exit_code == 1 and "完成情况" in result.output
    assert cli("done", tmp_path / "missing.xlsx").exit_code == 1


def test_csv_month_and_quarter_outputs(cli, tmp_path):
    _workspace(cli, tmp_path)
    csv_out = tmp_path / "plan.csv"
    assert cli("plan", "--today", TODAY, "--out", csv_out, "--lang", "en").exit_code == 0
    head = csv_out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert (
        head
        == "date,start,end,category,company,company_id,town,tier,task,reason,manager,contact,title,phone,address"
    )

    month = tmp_path / "month.xlsx"
    assert cli("plan", "--month", "--today", TODAY, "--out", month).exit_code == 0
    wb = openpyxl.load_workbook(month)
    assert wb.sheetnames[:2] == ["行事月历", "计划总览"]
    grid = wb["行事月历"]
    header_row = next(r for r in grid.iter_rows(values_only=True) if r[0] == "周一")
    assert list(header_row) == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

    quarter = tmp_path / "q.xlsx"
    result = cli("plan", "--quarter", "--today", TODAY, "--out", quarter)
    assert result.exit_code == 0 and "2027" in result.output  # fallback year warned
    targets = openpyxl.load_workbook(quarter)["季度目标"]
    months = [r[0] for r in targets.iter_rows(min_row=4, values_only=True) if r[0]]
    assert months == ["2027-01", "2027-02", "2027-03"]


def test_calendar_file_corrects_the_fallback_year(cli, tmp_path):
    _workspace(cli, tmp_path)
    cal = tmp_path / "cal.csv"
    cal.write_text("日期,类型\n2027-01-04,休\n2027-01-09,班\n", encoding="utf-8")
    items = _plan_json(cli, "--start", "2027-01-04", "--calendar", cal)
    assert sorted({r["date"] for r in items}) == [
        "2027-01-05",
        "2027-01-06",
        "2027-01-07",
        "2027-01-08",
        "2027-01-09",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-01-04,maybe\n", encoding="utf-8")
    assert cli("plan", "--calendar", bad).exit_code == 1


def test_ics_is_valid_icalendar(cli, tmp_path):
    _workspace(cli, tmp_path)
    ics = tmp_path / "plan.ics"
    result = cli("plan", "--today", TODAY, "--ics", ics)
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    plan = _plan_json(cli)
    assert len(events) == len(plan)
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0].date() == date(2026, 10, 8) and starts[0].hour == 9
    assert str(starts[0].tzinfo) == "Asia/Shanghai"
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert cal.walk("VTIMEZONE")
    assert cli("plan", "--ics", tmp_path / "plan.txt").exit_code == 2


def test_help_has_an_example(cli):
    for command in ("plan", "done"):
        assert "Example:" in cli(command, "--help").stdout


def test_done_reports_a_row_whose_id_names_another_company(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    ws["E6"].value = "别家电器有限公司\n长河镇 · A"
    ws["I6"].value = "完成"
    ws["I7"].value = "完成"
    wb.save(out)
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert data["done"] == 1 and data["unknown"] == 1 and data["logged"] == 1
    assert "另一家企业" in data["unknown_rows"][0]["problem"] and data["unknown_rows"][0]["row"] == 6


def test_plan_says_whom_to_ask_for_and_where_to_go(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "职务", "手机", "是否关键联系人", "区域经理", "客户分类"]
    rows = [
        ["长河电器有限公司", "慈溪市长河镇工业路1号", "陈霞", "采购", "13838751213", "否", "王海波", "A"],
        ["长河电器有限公司", "慈溪市长河镇工业路1号", "谢桂芳", "总经理", "18629047728", "是", "王海波", "A"],
        ["周巷五金厂", "慈溪市周巷镇环城路2号", "叶敏", None, "0574-63212867", None, "王海波", "B"],
        ["新浦塑料厂", "慈溪市新浦镇3号", None, None, None, None, "王海波", "C"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    by_name = {r["company"]: r for r in _plan_json(cli)}
    visit = by_name["长河电器有限公司"]
    assert (visit["contact"], visit["title"], visit["phone"]) == ("谢桂芳", "总经理", "18629047728")
    assert visit["address"] == "慈溪市长河镇工业路1号"
    assert (by_name["周巷五金厂"]["contact"], by_name["周巷五金厂"]["phone"]) == ("叶敏", "0574-63212867")
    assert by_name["新浦塑料厂"]["contact"] is None and by_name["新浦塑料厂"]["phone"] is None

    table = cli("plan", "--today", TODAY).stdout
    assert "联系人" in table and "谢桂芳" in table and "18629047728" in table

    out, ics = tmp_path / "plan.xlsx", tmp_path / "plan.ics"
    assert cli("plan", "--today", TODAY, "--out", out, "--ics", ics).exit_code == 0
    sheet = openpyxl.load_workbook(out)["10-08 周四"]
    cells = {c.value: c.column for c in sheet[5]}
    line = next(r for r in sheet.iter_rows(min_row=6, values_only=True) if r[4] and "长河电器" in r[4])
    assert line[cells["联系人"] - 1] == "谢桂芳\n总经理" and line[cells["联系电话"] - 1] == "18629047728"
    assert line[cells["相关"] - 1].endswith("慈溪市长河镇工业路1号")
    event = next(
        e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT") if "长河电器" in str(e["summary"])
    )
    assert "联系人：谢桂芳（总经理）" in str(event["description"]) and "18629047728" in str(
        event["description"]
    )
    assert str(event["location"]) == "慈溪市长河镇工业路1号"


def test_plan_asks_for_a_key_contact_written_with_a_comment(cli, tmp_path):
    """是（决策人） is 是 (review r28 #2): the plan asked for the accountant, not the deputy GM."""
    headers = ["企业名称", "地址", "联系人", "职务", "手机", "是否关键联系人", "区域经理", "客户分类"]
    rows = [
        ["逍林新光灯饰厂", "慈溪市逍林镇1号", "周敏", "会计", "13838751213", "否（一般）", "王海波", "A"],
        ["逍林新光灯饰厂", "慈溪市逍林镇1号", "赵超", "副总", "18629047728", "是（决策人）", "王海波", "A"],
        ["周巷五金厂", "慈溪市周巷镇2号", "叶敏", "会计", "13838751214", "否", "王海波", "A"],
        ["周巷五金厂", "慈溪市周巷镇2号", "王杰", "老板", "13838751215", "是-老板", "王海波", "A"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0 and "无法识别的关键联系人" not in result.stdout
    by_name = {r["company"]: r for r in _plan_json(cli)}
    assert (by_name["逍林新光灯饰厂"]["contact"], by_name["逍林新光灯饰厂"]["title"]) == ("赵超", "副总")
    assert by_name["周巷五金厂"]["contact"] == "王杰"
    assert cli("export", tmp_path / "r.json").exit_code == 0
    exported = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    cells = {(r["联系人"], r["是否关键联系人"], r["是否关键联系人（整理）"]) for r in exported["resources"]}
    assert {("赵超", "是（决策人）", "是"), ("周敏", "否（一般）", "否"), ("王杰", "是-老板", "是")} <= cells
    assert not [p for p in exported["problems"] if "关键联系人" in json.dumps(p, ensure_ascii=False)]


def test_plan_asks_for_a_key_contact_whose_comment_follows_a_comma_or_a_space(cli, tmp_path):
    """是，老板 / 是 老板 / 是,决策人 are 是 (review r30 #6), 否，一般 is 否."""
    headers = ["企业名称", "地址", "联系人", "职务", "手机", "是否关键联系人", "区域经理", "客户分类"]
    rows = [
        ["逍林新光灯饰厂", "慈溪市逍林镇1号", "周敏", "会计", "13838751213", "否，一般", "王海波", "A"],
        ["逍林新光灯饰厂", "慈溪市逍林镇1号", "赵超", "副总", "18629047728", "是，老板", "王海波", "A"],
        ["周巷五金厂", "慈溪市周巷镇2号", "叶敏", "会计", "13838751214", "否", "王海波", "A"],
        ["周巷五金厂", "慈溪市周巷镇2号", "王杰", "老板", "13838751215", "是 老板", "王海波", "A"],
        ["坎墩电器厂", "慈溪市坎墩街道3号", "李娜", "会计", "13838751216", "否", "王海波", "A"],
        ["坎墩电器厂", "慈溪市坎墩街道3号", "陈刚", "厂长", "13838751217", "是,决策人", "王海波", "A"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0 and "无法识别的关键联系人" not in result.stdout
    by_name = {r["company"]: r["contact"] for r in _plan_json(cli)}
    assert by_name == {"逍林新光灯饰厂": "赵超", "周巷五金厂": "王杰", "坎墩电器厂": "陈刚"}
    assert cli("export", tmp_path / "r.json").exit_code == 0
    exported = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    cells = {(r["联系人"], r["是否关键联系人"], r["是否关键联系人（整理）"]) for r in exported["resources"]}
    assert {("赵超", "是，老板", "是"), ("周敏", "否，一般", "否"), ("陈刚", "是,决策人", "是")} <= cells


def test_done_reads_a_plan_of_the_old_layout(cli, tmp_path):
    """Plans written before 联系人/联系电话 were added (8 columns) still read back."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    ws.delete_cols(6, 2)
    assert [c.value for c in ws[5]] == [
        "类别",
        "开始",
        "结束",
        "工作内容",
        "相关",
        "备注",
        "完成情况",
        "企业编号",
    ]
    ws["G6"].value = "完成"
    ws["G7"].value = "未完成"
    wb.save(out)
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert (data["done"], data["missed"], data["unknown"], data["logged"]) == (1, 1, 0, 2)


def test_done_corrects_an_outcome_read_again_with_another_word(cli, tmp_path):
    """未完成 read, then the cell changed to 完成：… and read again: the activity is corrected (and
    the next plan no longer puts the firm first); the same reading once more changes nothing."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0

    def fill(*cells):
        wb = openpyxl.load_workbook(out)
        for ref, text in cells:
            wb["10-08 周四"][ref].value = text
        wb.save(out)
        return wb["10-08 周四"]["E6"].value.split("\n")[0]

    firm = fill(("I6", "未完成"), ("I7", "完成"))
    first = cli("done", out)
    assert "新记录 2 条，更正 0 条（已记录过 0 条）" in first.stdout, first.output
    fill(("I6", "完成：补上了，已报价"))
    again = cli("done", out)
    assert "新记录 0 条，更正 1 条（已记录过 1 条）" in again.stdout, again.output
    assert "完成 2，未完成 0" in again.stdout
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert (data["logged"], data["corrected"], data["already_logged"]) == (0, 0, 2)

    history = cli("history", firm).stdout
    assert "更正" in history and "未完成 →" in history and "上次联系" in history
    nxt = _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")
    assert firm not in {r["company"] for r in nxt}  # done now: it waits for its interval

    fill(("I6", "改期"))
    data = json.loads(cli("done", out, "-f", "json", "--lang", "en").stdout)
    assert (data["logged"], data["corrected"], data["already_logged"]) == (0, 1, 1)
    nxt = _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")
    assert "rescheduled" in next(r["reason"] for r in nxt if r["company"] == firm)


def test_done_takes_typed_1_and_true_and_dates_a_sheet_by_its_name(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-09 周五"]
    ws["A1"].value = "地区经理日工作待办单"  # the user retyped the title without its date
    ws["I6"].value = 1
    ws["I7"].value = True
    wb.save(out)
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert (data["done"], data["note"], data["unknown"], data["logged"]) == (2, 0, 0, 2)
    assert data["unknown_rows"] == [] and data["blank"] == data["rows"] - 2
    firm = ws["E6"].value.split("\n")[0]
    assert "2026-10-09" in cli("history", firm).stdout


def test_terminal_table_shows_the_work_with_the_amount_to_collect(cli, tmp_path):
    """A 催款 row names what is overdue on the screen too, not only in the workbook."""
    _workspace(cli, tmp_path)
    orders = [["长河0电器有限公司", date(2025, 11, 10), "ERP", 1, 116_200, "A1"]]
    orders += [["长河1电器有限公司", date(2025, 11, 10), "ERP", 1, 10_000, "A2"]]
    write_orders(tmp_path / "o.xlsx", orders)
    payments = write_xlsx(
        tmp_path / "p.xlsx",
        headers=["客户名称", "回款日期", "回款金额"],
        rows=[["长河1电器有限公司", "2025-12-01", 10_000]],
        title=None,
        sheet="回款",
        notes_sheet=False,
    )
    assert cli("import", tmp_path / "o.xlsx", payments).exit_code == 0
    result = cli("plan", "--today", "2026-11-20", "--manager", "王海波")
    assert result.exit_code == 0, result.output
    assert "工作内容" in result.stdout and "上门拜访：确认需求和决策人" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "长河0电器有限公司" in line)
    assert "催款" in row and "逾期 ¥116,200" in row


def test_done_reads_not_reached_as_missed_and_lists_notes_that_are_no_contact(cli, tmp_path):
    """电话没人接, 已改期, 没有完成, 已取消: the firm is planned first next time; a date (12月8日再去)
    reschedules it to that day; a free-text note is logged but is no contact (the firm stays due) and
    is listed; the note is kept as written."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    outcomes = [
        "电话没人接",
        "已改期",
        "没有完成",
        "已取消",
        "12月8日再去",
        "要报价，下周发",
        "完成：补上了，已报价",
    ]
    firms = []
    for row, text in enumerate(outcomes, start=6):
        ws[f"I{row}"].value = text
        firms.append(ws[f"E{row}"].value.split("\n")[0])
    wb.save(out)

    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 1，未完成 3，改期 2，备注 1" in result.stdout
    assert "不算联系" in result.stdout and "要报价，下周发" in result.stdout
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert [(n["company"], n["note"]) for n in data["note_rows"]] == [(firms[5], "要报价，下周发")]
    assert "补上了，已报价" in cli("history", firms[6]).stdout  # full-width comma as written

    nxt = _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")
    planned = {r["company"]: r["reason"] for r in nxt}
    for firm, word in zip(firms[:4], ("missed", "rescheduled", "missed", "missed"), strict=True):
        assert word in planned[firm], firm
    assert firms[4] not in planned  # rescheduled to 12-08: after this week
    assert firms[5] in planned  # a note is no contact: still due
    assert firms[6] not in planned  # done: waits for its interval


def test_a_failed_plan_leaves_the_existing_workbook_and_calendar_unchanged(cli, tmp_path):
    """Both output paths are checked before either file is written: a filled-in plan is not lost."""
    _workspace(cli, tmp_path)
    out, ics = tmp_path / "plan.xlsx", tmp_path / "plan.ics"
    out.write_bytes(b"the manager's filled-in week")
    ics.write_bytes(b"last week's calendar")
    (tmp_path / "folder.ics").mkdir()
    for args in (("--ics", tmp_path / "missing" / "x.ics"), ("--ics", tmp_path / "folder.ics")):
        result = cli("plan", "--today", TODAY, "--out", out, *args)
        assert result.exit_code == 2 and "错误：" in result.output and "Traceback" not in result.output
        assert out.read_bytes() == b"the manager's filled-in week"
    result = cli("plan", "--today", TODAY, "--out", tmp_path / "missing" / "p.xlsx", "--ics", ics)
    assert result.exit_code == 2 and ics.read_bytes() == b"last week's calendar"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan")]  # no temporary left


def test_english_plan_has_no_chinese_words_of_its_own(cli, tmp_path):
    """--lang en: holiday names and the churn reason in English, on screen, in csv/json and .ics."""
    _workspace(cli, tmp_path)
    orders = [
        ["长河0电器有限公司", date(2025, d.month, d.day), "ERP", 1, 50_000, f"O{i}"]
        for i, d in enumerate((date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10)))
    ]
    orders += [["长河1电器有限公司", date(2026, 9, 1), "ERP", 1, 9_000, "P1"]]
    write_orders(tmp_path / "o.xlsx", orders)
    assert cli("import", tmp_path / "o.xlsx").exit_code == 0
    screen = cli("plan", "--today", TODAY, "--manager", "王海波", "--lang", "en")
    assert screen.exit_code == 0, screen.output
    assert "2026-10-05 Mon  off · National Day" in screen.stdout and "国庆" not in screen.stdout
    items = _plan_json(cli, "--manager", "王海波")
    reason = next(r["reason"] for r in items if r["company"] == "长河0电器有限公司")
    assert "churn warning: " in reason and "days without an order" in reason and "天" not in reason
    ics = tmp_path / "en.ics"
    assert cli("plan", "--today", TODAY, "--lang", "en", "--ics", ics).exit_code == 0
    text = Calendar.from_ical(ics.read_bytes())
    descriptions = [str(e.get("description")) for e in text.walk("VEVENT")]
    assert any("days without an order" in d for d in descriptions)
    assert not any("未下单" in d for d in descriptions)


def test_month_overview_on_screen_counts_whole_numbers(cli, tmp_path):
    _workspace(cli, tmp_path)
    result = cli("plan", "--today", TODAY, "--month", "--manager", "王海波")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "2026-11-02" in line)
    assert "王海波" in row and ".0" not in row


def test_a_firm_rescheduled_to_a_written_date_is_planned_on_that_date(cli, tmp_path):
    """改期到10/14 and a date cell (2026-10-15) in 完成情况: the next plan puts the firm on that day,
    not on the plan's first day; a day off (Saturday 10-17) moves it to the next working day, a day
    after the plan's last working day keeps it out of the plan; the notes say both."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    cells = ["改期到10/14", date(2026, 10, 15), "改期到10月17日", "没人接，改期到12/8"]
    firms = []
    for row, value in enumerate(cells, start=6):
        ws[f"I{row}"].value = value
        firms.append(ws[f"E{row}"].value.split("\n")[0])
    wb.save(out)
    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert (data["rescheduled"], data["logged"]) == (4, 4)

    week = cli(
        "plan", "--today", TODAY, "-f", "json", "--lang", "en", "--manager", "王海波", "--start", "2026-10-12"
    )
    assert week.exit_code == 0, week.output
    days = {}
    for r in json.loads(week.stdout):
        days.setdefault(r["company"], []).append(r["date"])
    assert days[firms[0]][0] == "2026-10-14" and days[firms[1]][0] == "2026-10-15"
    assert firms[2] not in days and firms[3] not in days  # Saturday 10-17 and 12-08: after the week
    assert "rescheduled on 10-08 to 10-14" in next(
        r["reason"] for r in json.loads(week.stdout) if r["company"] == firms[0]
    )
    assert "2 companies were rescheduled to a day after this plan's last working day" in week.stderr
    assert f"{firms[2]} (2026-10-17)" in week.stderr and f"{firms[3]} (2026-12-08)" in week.stderr

    month = cli(
        "plan", "--today", TODAY, "-f", "json", "--manager", "王海波", "--start", "2026-10-12", "--month"
    )
    assert month.exit_code == 0, month.output
    planned = [(r["企业名称"], r["日期"]) for r in json.loads(month.stdout)]
    assert min(d for f, d in planned if f == firms[2]) == "2026-10-19"
    assert "1 家企业改期到的日子不是工作日，排在其后的工作日" in month.stderr
    assert f"{firms[2]}（2026-10-17 → 2026-10-19）" in month.stderr
    assert f"{firms[3]}（2026-12-08）" in month.stderr and firms[3] not in {f for f, _ in planned}


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _one_line_in(result, lang: str, code: int, data: tuple[str, ...] = ()) -> str:
    """The error's one stderr line, in the language: in Chinese it holds Chinese and no English
    sentence (options, `commands`, file names and the data's values aside); in English no Chinese
    but the data's own values."""
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    line = lines[0]
    rest = re.sub(r"`[^`]*`|--[\w-]+|\S+\.(xlsx|csv|ics|pdf|txt)\b", "", line)
    for value in data:
        rest = rest.replace(value, "")
    if lang == "zh":
        assert line.startswith("错误：") and _CJK.search(rest), line
        assert not re.search(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}", rest), line
    else:
        assert line.startswith("error: ") and not _CJK.search(rest), line
    return line


def test_plan_and_done_errors_are_one_line_in_the_commands_language(cli, tmp_path):
    _workspace(cli, tmp_path)
    plan = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", plan, "--manager", "王海波").exit_code == 0
    other = write_xlsx(tmp_path / "x.xlsx", headers=["a", "b"], rows=[[1, 2]], title=None, notes_sheet=False)
    not_a_date = tmp_path / "bad1.csv"
    not_a_date.write_text("日期,类型\n2027-01-04,休\nsomeday,休\n", encoding="utf-8")
    neither = tmp_path / "bad2.csv"
    neither.write_text("2027-01-04,maybe\n", encoding="utf-8")
    cases = [
        (("plan", "--manager", "张三"), 2, ("张三", "王海波", "沈晓东", "、")),
        (("plan", "--start", "10月5日"), 2, ("10月5日",)),
        (("plan", "--week", "--month"), 2, ()),
        (("plan", "--visits-per-day", "-1"), 2, ()),
        (("plan", "--visits-per-day", "0", "--calls-per-day", "0"), 2, ()),
        (("plan", "--out", tmp_path / "p.pdf"), 2, ()),
        (("plan", "--ics", tmp_path / "p.txt"), 2, ()),
        (("plan", "-f", "xml"), 2, ()),
        (("plan", "--calendar", not_a_date), 1, ()),
        (("plan", "--calendar", neither), 1, ("休", "班")),
        (("done", other), 1, ("日工作待办单", "完成情况")),
        (("done", plan, "-f", "xml"), 2, ()),
    ]
    for args, code, data in cases:
        zh = _one_line_in(cli(*args), "zh", code, data)
        en = _one_line_in(cli(*args, "--lang", "en"), "en", code, data)
        assert zh != en
    assert "“张三”" in cli("plan", "--manager", "张三").stderr  # the workspace's scope check speaks first
    assert (
        "bad1.csv 第 3 行：“someday”不是日期：请写成 2027-02-08"
        in cli("plan", "--calendar", not_a_date).stderr
    )
    en = cli("plan", "--calendar", neither, "--lang", "en").stderr
    assert "bad2.csv, line 1: 'maybe' is neither 休 nor 班 — write 休 for a day off" in en
    assert "--visits-per-day 超出范围" in cli("plan", "--visits-per-day", "-1").stderr


def test_the_plan_librarys_errors_carry_their_chinese_line(cli, db, tmp_path):
    from regiontool.errors import RegiontoolError
    from regiontool.plan import build_plan, period_range
    from regiontool.store import Workspace

    _workspace(cli, tmp_path)
    with Workspace.open(db) as ws, pytest.raises(RegiontoolError) as exc:
        build_plan(ws, "week", date(2026, 10, 1), manager="张三")
    assert exc.value.text("zh") == "工作区里没有区域经理“张三”：现有经理：沈晓东、王海波"
    assert exc.value.text("en") == "no manager '张三' in the workspace — managers: 沈晓东, 王海波"
    with pytest.raises(RegiontoolError) as exc:
        period_range("year", date(2026, 10, 1))
    assert exc.value.text("zh") == "不认识的计划周期“year”：请用 --week、--month 或 --quarter"


def test_the_calendar_warning_is_in_the_plans_language(cli, tmp_path):
    """2027's schedule is not announced: the warning line starts 注意： in Chinese, warning: in English."""
    _workspace(cli, tmp_path)
    zh = cli("plan", "--today", TODAY, "--start", "2027-01-04")
    en = cli("plan", "--today", TODAY, "--start", "2027-01-04", "--lang", "en")
    assert zh.exit_code == 0 and en.exit_code == 0
    assert any(line.startswith("注意：") and "2027" in line for line in zh.stderr.splitlines())
    assert "warning:" not in zh.stderr
    assert any(line.startswith("warning: the 2027 holiday schedule") for line in en.stderr.splitlines())


def test_done_reads_lookalike_words_as_done_and_points_out_a_done_word_it_read_as_missed(cli, tmp_path):
    """不在意 / 没接触 are no 'not reached': those visits are done and wait for their interval; 已去，不在
    is missed, and `done` says so, since the manager wrote a done word."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    firms = []
    for row, text in enumerate(
        ("完成，客户不在意价格，要方案", "完成：之前没接触过ERP，有兴趣", "已去，不在"), start=6
    ):
        ws[f"I{row}"].value = text
        firms.append(ws[f"E{row}"].value.split("\n")[0])
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 2，未完成 1" in result.stdout
    [remark] = [line for line in result.stderr.splitlines() if "以完成开头" in line]
    assert remark.startswith("提示：10-08 周四 第 8 行 " + firms[2]) and "“已去，不在”" in remark
    nxt = {r["company"]: r["reason"] for r in _plan_json(cli, "--manager", "王海波", "--start", "2026-10-12")}
    assert firms[0] not in nxt and firms[1] not in nxt  # done: wait for their interval
    assert "missed" in nxt[firms[2]]


def test_done_reads_dot_dates_and_a_date_cell_typed_in_december_as_next_year(cli, tmp_path):
    """1.6再打 and 改期到2027.1.8 name their days; a date cell 2026-01-05 on the 12-28 sheet (1/5 typed,
    the spreadsheet's current year) is 2027-01-05, with a note: none is planned before its day."""
    from datetime import datetime

    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--start", "2026-12-28", "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["12-28 周一"]
    firms = []
    for row, value in enumerate((datetime(2026, 1, 5), "1.6再打", "改期到2027.1.8"), start=6):
        ws[f"I{row}"].value = value
        firms.append(ws[f"E{row}"].value.split("\n")[0])
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "改期 3" in result.stdout
    assert "2026-01-05" in result.stderr and "2027-01-05" in result.stderr
    nxt = _plan_json(cli, "--manager", "王海波", "--start", "2027-01-04")
    days = {r["company"]: r["date"] for r in nxt}
    assert [days[f] for f in firms] == ["2027-01-05", "2027-01-06", "2027-01-08"]


def test_a_plan_says_how_many_due_firms_the_towns_rule_left_out(cli, tmp_path):
    rows = [
        [f"企业{i}电器有限公司", f"慈溪市{town}{i}号", "王海波", "A"]
        for i, town in enumerate(("长河镇", "周巷镇", "新浦镇", "庵东镇", "观海卫镇", "坎墩街道", "浒山街道"))
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    result = cli("plan", "--today", TODAY, "-f", "json")  # three working days, two towns a day
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 6
    assert "1 家该拜访的企业没有排上" in result.stderr
    english = cli("plan", "--today", TODAY, "-f", "json", "--lang", "en").stderr
    assert "1 company due for a visit is not planned" in english


def test_done_logs_a_row_added_by_hand_under_a_firms_exact_name_and_says_how_to_fix_the_others(cli, tmp_path):
    """A row the manager added without 企业编号: a 相关 that is a firm's exact normalised name (here in
    traditional and full-width characters) is that firm's and logged; other rows say what to fill in,
    with the id when the name fits one firm and the explain command that finds it."""
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["10-08 周四"]
    planned = {str(c.value).split("\n")[0] for c in ws["E"] if c.value}
    firm = next(f"周巷{i}五金厂" for i in range(6) if f"周巷{i}五金厂" not in planned)
    typed = firm.replace("厂", "廠").replace(firm[2], chr(ord(firm[2]) + 0xFEE0))  # 周巷３五金廠
    likely = json.loads(cli("explain", "新浦2塑料厂", "--format", "json").stdout)["company_id"]
    first = ws.max_row + 1
    added = [
        (typed, "完成：看了演示，要报价"),
        ("新浦2塑料", "完成"),  # in one firm's name only: its id is offered, not assumed
        ("长河 电器", "完成"),  # in none exactly
        (None, "完成"),
    ]
    for row, (related, outcome) in enumerate(added, start=first):
        ws[f"E{row}"].value, ws[f"I{row}"].value = related, outcome
    wb.save(out)

    data = json.loads(cli("done", out, "-f", "json").stdout)
    assert (data["done"], data["unknown"], data["logged"]) == (1, 3, 1), data
    problems = {r["row"]: r["problem"] for r in data["unknown_rows"]}
    assert problems == {
        first
        + 1: f"没有企业编号：在“企业编号”列填 {likely}（regiontool explain 新浦2塑料 可查），再运行 regiontool done",
        first + 2: "没有企业编号：在“企业编号”列填企业编号（regiontool explain '长河 电器' 可查），"
        "再运行 regiontool done",
        first
        + 3: "没有企业编号：在“企业编号”列填企业编号，或在“相关”列第一行写企业全称，再运行 regiontool done",
    }
    assert "完成：看了演示，要报价" in cli("history", firm).stdout
    english = json.loads(cli("done", out, "-f", "json", "--lang", "en").stdout)
    assert english["already_logged"] == 1
    assert english["unknown_rows"][0]["problem"] == (
        f"no company id: put {likely} in the company_id column (regiontool explain 新浦2塑料 shows it) "
        "and run regiontool done again"
    )
    assert not _CJK.search(english["unknown_rows"][2]["problem"])


def test_a_reschedule_to_a_named_day_with_money_to_chase_in_the_same_plan(cli, tmp_path):
    """Overdue customers (催款 lines) and a firm rescheduled to a named day in one plan: the firm is
    planned on that day, the overdue one is chased (the chase's age once took the name of the
    plan's working days, and the next plan died with a traceback)."""
    _workspace(cli, tmp_path)
    write_orders(tmp_path / "o.xlsx", [["长河0电器有限公司", date(2025, 11, 10), "ERP", 1, 116_200, "A1"]])
    payments = write_xlsx(
        tmp_path / "p.xlsx",
        headers=["客户名称", "回款日期", "回款金额"],
        rows=[["长河0电器有限公司", "2025-12-01", 100]],
        title=None,
        sheet="回款",
        notes_sheet=False,
    )
    assert cli("import", tmp_path / "o.xlsx", payments).exit_code == 0
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", "2026-11-20", "--out", out, "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 周一"]
    row = next(r for r in range(6, ws.max_row + 1) if (ws[f"E{r}"].value or "长河0").find("长河0") < 0)
    firm = ws[f"E{row}"].value.split("\n")[0]
    ws[f"I{row}"].value = "改期到12/2"
    wb.save(out)
    assert json.loads(cli("done", out, "-f", "json").stdout)["rescheduled"] == 1
    week = cli("plan", "--today", "2026-11-20", "-f", "json", "--manager", "王海波", "--start", "2026-11-30")
    assert week.exit_code == 0, week.output
    items = json.loads(week.stdout)
    assert min(r["日期"] for r in items if r["企业名称"] == firm) == "2026-12-02"
    chase = next(r for r in items if r["企业名称"] == "长河0电器有限公司")
    assert "逾期 ¥116,100" in chase["工作内容"]


def test_plan_as_of_writes_the_reports_next_week_plan(cli, tmp_path):
    """review r33 LOW-4: `plan --as-of D` plans the week after D with the ages and values at risk
    of D, as `report --as-of D` does: the same rows, reasons and amounts."""
    _workspace(cli, tmp_path)
    orders = [["长河1电器有限公司", f"2025-0{m}-05", "ERP", 1, 58_100, f"S{m}"] for m in (1, 2)]
    orders += [["周巷2五金厂", "2026-11-02", "ERP", 1, 20_000, "S9"]]
    assert cli("import", write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    payments = write_xlsx(
        tmp_path / "p.xlsx",
        headers=["客户名称", "回款日期", "回款金额"],
        rows=[["周巷2五金厂", "2026-11-10", 5_000]],
        title=None,
        sheet="回款",
        notes_sheet=False,
    )
    assert cli("import", payments).exit_code == 0
    result = cli("plan", "--as-of", "2026-11-20", "-f", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    out = tmp_path / "report.xlsx"
    assert cli("report", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    rows = list(openpyxl.load_workbook(out, read_only=True)["下周计划"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and "企业编号" in r)
    report = [dict(zip(rows[head], r, strict=False)) for r in rows[head + 1 :] if r[0] and r[5]]

    def key(item) -> tuple:
        return (str(item["日期"])[:10], item["企业编号"], item["类别"], item["工作内容"], item["理由"])

    assert plan and sorted(map(key, plan)) == sorted(map(key, report))
    assert min(str(item["日期"])[:10] for item in plan) == "2026-11-23"
    churned = next(item["理由"] for item in plan if item["企业名称"] == "长河1电器有限公司")
    assert "已 653 天未下单" in churned  # 2025-02-05 to 2026-11-20, not to today
