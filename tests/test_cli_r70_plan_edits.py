"""A plan the manager edited by hand, read back by `regiontool done` (review r70): each row on its own
day, every filled row read or named, no other plan's outcome overturned in silence."""

from __future__ import annotations

import csv

import openpyxl

from conftest import connect, explained, fill_plan_row, imported, plan_columns, write_sheet, write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]


def _workspace(cli, tmp_path):
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(8)]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "B"] for i in range(8)]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def _activities(db) -> dict[int, tuple[str, str]]:
    con = connect(db)
    try:
        rows = con.execute("SELECT company_id, day, status FROM activities").fetchall()
    finally:
        con.close()
    return {int(cid): (str(day)[:10], status) for cid, day, status in rows}


def test_a_csv_plan_logs_each_row_on_its_own_date(cli, db, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.csv"
    assert cli("plan", "--start", "2026-11-30", "--out", out).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    rows[0].append("完成情况")
    for r in rows[1:]:
        r.append("")
    days = sorted({r[0] for r in rows[1:]})
    assert len(days) >= 3
    last = [r for r in rows[1:] if r[0] == days[-1]][0]
    second = [r for r in rows[1:] if r[0] == days[1]][0]
    moved = rows[1]
    last[-1] = second[-1] = moved[-1] = "完成"
    moved[0] = days[2].replace("-", "/").replace("/0", "/")  # moved by its 日期 cell, as Excel re-saves it
    odd = [r for r in rows[1:] if r not in (last, second, moved)][0]
    odd[0], odd[-1] = "看情况", "完成"  # a 日期 that is no date: named, not logged on a guessed day
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    result = cli("done", filled)
    assert result.exit_code == 0, result.output
    assert "新记录 3 条" in result.stdout and "无法识别 1" in result.stdout
    assert "“日期”无法识别 (看情况)" in result.stdout
    logged = _activities(db)
    assert logged[int(last[5])] == (days[-1], "done")
    assert logged[int(second[5])] == (days[1], "done")
    assert logged[int(moved[5])] == (days[2], "done")


def test_the_plan_csv_is_no_contact_list_and_its_tiers_stay(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "计划.csv"
    assert cli("plan", "--start", "2026-11-30", "--out", out).exit_code == 0
    refused = cli("import", out)
    assert refused.exit_code == 1
    assert "计划.csv 是 regiontool plan 写的计划，不是客户名单" in refused.stderr
    gbk = tmp_path / "计划_gbk.csv"  # saved again by Excel in a Chinese locale, a column added
    text = out.read_text(encoding="utf-8-sig").splitlines()
    gbk.write_text("\n".join([text[0] + ",完成情况", *text[1:]]) + "\n", encoding="gb18030")
    both = cli("import", tmp_path / "c.xlsx", gbk)
    assert both.exit_code == 0, both.output
    assert "计划_gbk.csv：这是 regiontool plan 写的计划" in both.stderr
    assert explained(cli, "长河0电器有限公司")["tier"][0] == "A"


def test_of_two_tier_columns_the_one_whose_values_are_tiers_is_read(cli, tmp_path):
    path = write_sheet(
        tmp_path, "c.xlsx", ["类别", "企业名称", "客户分类"], [["挽回", "长河电器有限公司", "V"]]
    )
    imported(cli, path)
    assert explained(cli, "长河电器有限公司")["tier"][0] == "V"


def _workbook(cli, tmp_path, name="plan.xlsx", *args):
    _workspace(cli, tmp_path)
    out = tmp_path / name
    assert cli("plan", "--start", "2026-11-30", "--manager", "王海波", "--out", out, *args).exit_code == 0
    return out


def test_a_merged_outcome_cell_is_read_in_every_row_it_covers(cli, db, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[1]
    top, cols = plan_columns(ws)
    rows = [r for r in range(top + 1, ws.max_row + 1) if isinstance(ws.cell(r, cols["企业编号"]).value, int)]
    first, last = rows[0], rows[2]
    ws.cell(first, cols["完成情况"]).value = "完成"
    letter = openpyxl.utils.get_column_letter(cols["完成情况"])
    ws.merge_cells(f"{letter}{first}:{letter}{last}")
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 3" in result.stdout and "新记录 3 条" in result.stdout
    ids = {ws.cell(r, cols["企业编号"]).value for r in rows[:3]}
    assert {cid for cid, (_d, s) in _activities(db).items() if s == "done"} == ids


def test_a_second_plan_for_the_same_firm_and_day_does_not_overturn_the_first(cli, db, tmp_path):
    week = _workbook(cli, tmp_path, "w.xlsx")
    month = tmp_path / "m.xlsx"
    assert (
        cli("plan", "--month", "--start", "2026-11-30", "--manager", "王海波", "--out", month).exit_code == 0
    )
    cid = fill_plan_row(week, "完成")
    fill_plan_row(month, "未完成", cid)
    assert cli("done", week).exit_code == 0
    result = cli("done", month)
    assert result.exit_code == 0, result.output
    assert "更正 0 条" in result.stdout
    assert "已由 w.xlsx 记为“完成”，本行的“未完成”未记录" in result.stderr
    assert _activities(db)[cid][1] == "done"
    fill_plan_row(week, "未完成：补记", cid)  # the same file corrected: a 更正
    again = cli("done", week)
    assert "更正 1 条" in again.stdout
    assert _activities(db)[cid][1] == "missed"


def test_a_touched_related_cell_still_names_the_firm_its_id_is(cli, db, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    ws = wb["11-30 周一"]
    top, cols = plan_columns(ws)
    rows = [r for r in range(top + 1, ws.max_row + 1) if isinstance(ws.cell(r, cols["企业编号"]).value, int)]
    names = {r: ws.cell(r, cols["相关"]).value.split("\n")[0] for r in rows[:4]}
    short = names[rows[0]].replace("有限公司", "")
    texts = [short, f"{names[rows[1]]}（老板换人了）", f"{names[rows[2]]} 新地址：白沙路12号"]
    for r, text in zip(rows[:3], texts, strict=True):
        ws.cell(r, cols["相关"]).value, ws.cell(r, cols["完成情况"]).value = text, "完成"
    ws.cell(rows[3], cols["相关"]).value = names[rows[0]]  # another firm's name: still refused
    ws.cell(rows[3], cols["完成情况"]).value = "完成"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 3" in result.stdout and "无法识别 1" in result.stdout, result.stdout
    assert "企业编号对应的是另一家企业" in result.stdout


def test_filled_rows_above_the_first_header_are_read_or_named(cli, db, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday, tuesday = wb["11-30 周一"], wb["12-01 周二"]
    top, cols = plan_columns(monday)
    monday.delete_rows(top)  # the header row, deleted by mistake: the plan's own columns are read
    filled = [
        r for r in range(top, monday.max_row + 1) if isinstance(monday.cell(r, cols["企业编号"]).value, int)
    ]
    for r in filled:
        monday.cell(r, cols["完成情况"]).value = "完成"
    top2, cols2 = plan_columns(tuesday)  # a visit typed under the title, above the header
    typed = next(r for r in range(2, top2) if not any(c.value for c in tuesday[r]))
    firm = monday.cell(filled[0], cols["相关"]).value.split("\n")[0]
    for label, value in (("类别", "拜访"), ("相关", firm), ("完成情况", "完成：路过"), ("企业编号", None)):
        tuesday.cell(typed, cols2[label]).value = value
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert f"完成 {len(filled) + 1}，" in result.stdout, result.stdout
    assert (
        f"11-30 周一：没有表头行（类别 … 完成情况、企业编号）：按计划原有的列读取了 {len(filled)} 行"
        in result.stderr
    )
    con = connect(db)
    try:
        days = con.execute("SELECT day FROM activities WHERE status = 'done'").fetchall()
    finally:
        con.close()
    assert sorted(str(d)[:10] for (d,) in days) == ["2026-11-30"] * len(filled) + ["2026-12-01"]


def test_a_daily_sheet_without_header_nor_ids_is_named_with_its_rows(cli, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday = wb["11-30 周一"]
    top, cols = plan_columns(monday)
    monday.cell(top + 1, cols["完成情况"]).value = "完成"
    monday.delete_cols(cols["企业编号"])
    monday.delete_rows(top)
    wb["12-01 周二"].cell(top + 1, cols["完成情况"]).value = "完成"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("；1 张日工作待办单未读取")
    [line] = [x for x in result.stderr.splitlines() if "没有表头行" in x]
    assert line.startswith("注意：11-30 周一：") and f"第 {top}、" in line


def test_a_row_moved_to_another_day_keeps_the_plans_remark_out_of_the_note(cli, db, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday, tuesday = wb["11-30 周一"], wb["12-01 周二"]
    top, cols = plan_columns(monday)
    row = next(r for r in range(top + 1, monday.max_row + 1) if monday.cell(r, cols["备注"]).value)
    values = [c.value for c in monday[row]]
    for c in monday[row]:
        c.value = None
    n = tuesday.max_row + 1
    for j, v in enumerate(values, 1):
        tuesday.cell(n, j).value = v
    tuesday.cell(n, cols["完成情况"]).value = "完成：周二补的"
    wb.save(out)
    assert cli("done", out).exit_code == 0
    con = connect(db)
    try:
        [(day, note)] = con.execute("SELECT day, note FROM activities").fetchall()
    finally:
        con.close()
    assert (str(day)[:10], note) == ("2026-12-01", "周二补的")


def test_a_daily_sheet_copied_and_renamed_for_another_day_is_pointed_out(cli, tmp_path):
    out = _workbook(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    copy = wb.copy_worksheet(wb["12-01 周二"])
    copy.title = "12-05 周六"
    top, cols = plan_columns(copy)
    copy.cell(top + 1, cols["完成情况"]).value = "完成：周六加班拜访"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert (
        "12-05 周六：工作表名是 2026-12-05，标题中的日期却是 2026-12-01：按标题记为 2026-12-01"
        in result.stderr
    )


def test_the_calendars_uids_are_day_and_firm_as_before(cli, tmp_path):
    """A re-made plan updates the events a phone imported before the upgrade (review r73 F9)."""
    import re

    from icalendar import Calendar

    _workspace(cli, tmp_path)
    ics = tmp_path / "plan.ics"
    assert cli("plan", "--start", "2026-11-30", "--ics", ics).exit_code == 0
    uids = [str(e["uid"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert uids and all(re.fullmatch(r"\d{4}-\d\d-\d\d-\d+@regiontool", u) for u in uids), uids


def test_the_list_and_problems_csv_are_no_contact_lists(cli, tmp_path):
    _workspace(cli, tmp_path)
    for command, name in (("list", "企业.csv"), ("problems", "问题.csv")):
        out = tmp_path / name
        assert cli(command, "--out", out).exit_code == 0
        refused = cli("import", out)
        assert refused.exit_code == 1
        assert f"{name} 是 regiontool 的输出（list、problems … --out），不是客户名单" in refused.stderr
