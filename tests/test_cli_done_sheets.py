"""`regiontool done` on plans the manager reshaped or filled unusually (review r29): every filled row
is read, listed with why, or refused; never lost without a word."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]


def _plan(cli, tmp_path, start="2026-11-30"):
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(8)]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "B"] for i in range(8)]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--start", start, "--out", out, "--manager", "王海波").exit_code == 0
    return out


def _column(ws, label: str) -> int:
    return next(c.column for c in ws[5] if c.value == label)


def _next_plan(cli, start="2026-12-07") -> dict[str, dict]:
    result = cli("plan", "--start", start, "--manager", "王海波", "-f", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return {r["company"]: r for r in json.loads(result.stdout)}


def test_a_daily_sheet_without_its_id_column_is_read_by_name_and_a_retyped_header_is_read(cli, tmp_path):
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday, tuesday = wb.worksheets[1], wb.worksheets[2]
    firms = [monday.cell(r, 5).value.split("\n")[0] for r in (6, 7)]
    monday.cell(6, 9).value, monday.cell(7, 9).value = "完成：A", "未完成：B"
    tuesday.cell(6, 9).value = "完成：周二"
    monday.delete_cols(_column(monday, "企业编号"))  # the id column means nothing to the manager
    tuesday.cell(5, _column(tuesday, "完成情况")).value = "完成情况（必填）"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 2，未完成 1" in result.stdout and "新记录 3 条" in result.stdout
    assert "提示：11-30 周一：没有“企业编号”列：按“相关”第一行的企业名称对应" in result.stderr
    assert "missed on 11-30" in _next_plan(cli)[firms[1]]["reason"]
    assert "A" in cli("history", firms[0]).stdout


def test_a_daily_sheet_whose_outcome_header_is_unknown_is_listed_and_all_of_them_refused(cli, tmp_path):
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday, tuesday = wb.worksheets[1], wb.worksheets[2]
    monday.cell(6, 9).value = "完成：A"
    tuesday.cell(6, 9).value = "完成：周二"
    monday.cell(5, 9).value = "情况说明"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("；1 张日工作待办单未读取")
    [line] = [x for x in result.stderr.splitlines() if "未读取" in x]
    assert line.startswith("注意：11-30 周一：表头里没有“完成情况”列") and "情况说明" in line
    data = json.loads(cli("done", out, "-f", "json", "--lang", "en").stdout)
    assert [s["sheet"] for s in data["skipped_sheets"]] == ["11-30 周一"]
    assert data["skipped_sheets"][0]["rows"] > 0

    for ws in wb.worksheets[1:]:  # every day: the refusal names the missing column, nothing written
        ws.cell(5, 9).value = "情况说明"
    wb.save(out)
    refused = cli("done", out)
    assert refused.exit_code == 1
    assert "都没有“完成情况”列" in refused.stderr and "情况说明" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_not_reached_with_a_new_day_is_planned_on_that_day_not_first_thing_monday(cli, tmp_path):
    """没去，改期到12月10号 and 没联系上，12.10再打 are reschedules to 12-10 (review r29 #2)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday = wb.worksheets[1]
    firms = []
    for row, text in ((6, "没去，改期到12月10号"), (7, "没联系上，12.10再打")):
        monday.cell(row, 9).value = text
        firms.append(monday.cell(row, 5).value.split("\n")[0])
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "未完成 0，改期 2" in result.stdout
    nxt = _next_plan(cli)
    assert [nxt[f]["date"] for f in firms] == ["2026-12-10", "2026-12-10"]


@pytest.mark.parametrize("visit_first", [True, False])
def test_two_rows_for_one_firm_on_one_day_log_the_more_final_outcome_and_no_correction(
    cli, tmp_path, visit_first
):
    """A call planned and left 未完成, a visit added by hand and done: one activity per firm and day,
    the visit's 完成, whatever the rows' order, the call's note after it (review r84 N8); no 更正 on a
    first reading (review r29 #3)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday = wb.worksheets[1]
    firm, cid = monday.cell(7, 5).value.split("\n")[0], monday.cell(7, 10).value
    monday.cell(7, 9).value = "未完成：电话不用打了"
    at = 7 if visit_first else 8
    monday.insert_rows(at)
    for col, value in ((1, "拜访"), (5, firm), (9, "完成：上门谈了，下月签"), (10, cid)):
        monday.cell(at, col).value = value
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "新记录 1 条，更正 0 条" in result.stdout
    [remark] = [line for line in result.stderr.splitlines() if "同一天同一企业另有一行" in line]
    assert f"第 {15 - at} 行 {firm}" in remark and f"第 {at} 行，完成" in remark
    history = cli("history", firm).stdout
    assert "上门谈了，下月签；〔同日另一行〕未完成：电话不用打了" in history and "更正" not in history
    assert firm not in _next_plan(cli)  # visited: it waits for its interval
    assert "已记录过 1 条" in cli("done", out).stdout


def test_an_outcome_cleared_since_the_last_reading_is_pointed_out(cli, tmp_path):
    """The manager clears a mistaken 完成: the stored 完成 stays (nothing is undone without a word),
    and `done` says so instead of reading the row as merely unfilled (review r29 #5)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    firm = wb.worksheets[1].cell(6, 5).value.split("\n")[0]
    wb.worksheets[1].cell(6, 9).value = "完成：已报价"
    wb.save(out)
    assert "新记录 1 条" in cli("done", out).stdout
    wb.worksheets[1].cell(6, 9).value = None  # cleared in the same plan (another file's blank says nothing)
    wb.save(out)
    blank = out
    result = cli("done", blank)
    assert result.exit_code == 0, result.output
    [remark] = [line for line in result.stderr.splitlines() if "完成情况是空的" in line]
    assert remark.startswith(f"提示：11-30 周一 第 6 行 {firm}") and "“完成：已报价”" in remark
    english = cli("done", blank, "--lang", "en")
    assert "the outcome is blank, but “done: 已报价” was logged before" in english.stderr


def test_a_plan_of_another_workspace_whose_every_row_is_refused_fails_and_writes_nothing(cli, tmp_path):
    """Same firms under other ids: every filled row names another company. One line, exit 1, nothing
    written — a script can tell it from a good run (review r29 #8)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    for row in (6, 7):
        wb.worksheets[1].cell(row, 9).value = "完成"
    wb.save(out)
    other = tmp_path / "other.db"
    rows = [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "B"] for i in range(8)]
    rows += [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(8)]
    path = write_xlsx(tmp_path / "rev.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path, "--db", other).exit_code == 0
    before = other.read_bytes()
    result = cli("done", out, "--db", other)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert (
        line.startswith("错误：plan.xlsx：填写的 2 行都无法记录，未写入任何内容")
        and "企业编号对应的是另一家企业" in line
    )
    assert other.read_bytes() == before
    english = cli("done", out, "--db", other, "--lang", "en")
    assert english.exit_code == 1 and "none of the 2 filled rows can be logged" in english.stderr
    assert cli("done", out).exit_code == 0  # its own workspace logs them


def test_a_day_before_the_rows_own_is_pointed_out_and_a_number_12_1_is_read_as_12_10(cli, tmp_path):
    """On the 12-07 sheet, the number 12.1 (12.10 typed; the spreadsheet drops the 0) is 12-10, with a
    提示; a typed 改期到12.1 names a past day: nothing moves to it, and `done` says so (review r29 #9)."""
    out = _plan(cli, tmp_path, start="2026-12-07")
    wb = openpyxl.load_workbook(out)
    monday = wb.worksheets[1]
    assert monday.title.startswith("12-07")
    firms = [monday.cell(r, 5).value.split("\n")[0] for r in (6, 7)]
    monday.cell(6, 9).value = 12.1
    monday.cell(7, 9).value = "改期到12.1"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert (
        f"提示：12-07 周一 第 6 行 {firms[0]}：数字 12.1 早于本行的日期，按 2026-12-10 改期" in result.stderr
    )
    assert any(
        x.startswith(f"提示：12-07 周一 第 7 行 {firms[1]}：“改期到12.1”的日期早于本行的日期") for x in lines
    )
    nxt = _next_plan(cli, start="2026-12-08")
    assert nxt[firms[0]]["date"] == "2026-12-10"
    assert nxt[firms[1]]["date"] == "2026-12-08"  # no day to move to: first in line


def test_what_the_manager_writes_in_the_remark_column_is_read_as_a_note(cli, tmp_path):
    """备注 written by the manager (the plan's own remark kept in a hidden sheet tells it apart): with
    完成 it joins the note; alone it is a note, listed as no contact, not 未填 (review r29 #4)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    assert wb["计划备注"].sheet_state == "hidden"
    monday = wb.worksheets[1]
    firms = [monday.cell(r, 5).value.split("\n")[0] for r in (6, 7, 8)]
    monday.cell(6, 9).value = "完成"
    monday.cell(6, 8).value = "客户答应月底前付5万，财务 13800001111"  # written over the plan's remark
    monday.cell(7, 8).value = str(monday.cell(7, 8).value) + "；已上门催款，老板说下周一打款"  # added to it
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 1，未完成 0，改期 0，备注 1" in result.stdout and "新记录 2 条" in result.stdout
    assert "完成：客户答应月底前付5万，财务 13800001111" in cli("history", firms[0]).stdout
    assert "已上门催款，老板说下周一打款" in cli("history", firms[1]).stdout
    assert "已上门催款" in result.stdout  # listed among the notes that are no contact
    assert "联系记录" not in cli("history", firms[2]).stdout  # its 备注 untouched: nothing logged
    assert "已记录过 2 条" in cli("done", out).stdout


def test_a_done_corrected_to_missed_takes_the_last_contact_back(cli, tmp_path):
    """完成, then 未完成：上次写错了: history and explain no longer say it was last contacted that day
    (review r29 #6); made 完成 again, it is."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    firm = wb.worksheets[1].cell(6, 5).value.split("\n")[0]

    def read(text):
        wb.worksheets[1].cell(6, 9).value = text
        wb.save(out)
        assert cli("done", out).exit_code == 0

    read("完成")
    read("未完成：上次写错了，没去成")
    lines = [x for x in cli("explain", firm).stdout.splitlines() if "上次联系" in x]
    assert [x.split("上次联系")[1].split("(")[0].strip() for x in lines] == [
        "∅ → 2026-11-30",
        "2026-11-30 → ∅",
    ]
    read("完成：补上了")
    lines = [x for x in cli("explain", firm).stdout.splitlines() if "上次联系" in x]
    assert lines[-1].split("上次联系")[1].split("(")[0].strip() == "∅ → 2026-11-30"


def test_the_remark_the_manager_writes_is_logged_as_written_and_a_cancelled_contract_is_a_note(cli, tmp_path):
    """备注 keeps its brackets and a closing 了 at either end; only the plan's own text and the punctuation
    joining it go (review r32 #2). 取消了和对手的合同 is no 取消: a note, kept whole (review r32 #3)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday = wb.worksheets[1]
    firms = [monday.cell(r, 5).value.split("\n")[0] for r in (6, 7, 8, 9)]
    monday.cell(6, 9).value = "完成"
    monday.cell(6, 8).value = "客户答应月底前付5万（王总确认）"  # written over
    monday.cell(7, 9).value = "未完成"
    monday.cell(7, 8).value = str(monday.cell(7, 8).value) + "；（急）老板出差(下周回)"  # added to
    monday.cell(8, 8).value = "客户说款已经付了"  # only 备注: a note
    monday.cell(9, 9).value = "取消了和对手的合同"
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 1，未完成 1，改期 0，备注 2" in result.stdout
    logged = [
        [r["新值"] for r in json.loads(cli("history", f, "-f", "json").stdout) if r["字段"] == "联系记录"]
        for f in firms
    ]
    assert logged[0] == ["2026-11-30 拜访 完成：客户答应月底前付5万（王总确认）"]
    assert logged[1][0].endswith(" 未完成：（急）老板出差(下周回)")
    assert logged[2] == ["2026-11-30 拜访：客户说款已经付了"]
    assert logged[3][0].endswith("：取消了和对手的合同") and "未完成" not in logged[3][0]  # a note


def test_what_the_manager_writes_in_a_remark_is_read_on_rows_added_by_hand_and_on_a_sheet_without_ids(
    cli, tmp_path
):
    """备注 on a visit added by hand (with its 企业编号 or by the name in 相关, with 完成 or alone) is all
    the manager's; on a sheet whose 企业编号 column is gone the plan's own remark is still told apart
    from the manager's, written over or added to (review r58 #1)."""
    out = _plan(cli, tmp_path)
    wb = openpyxl.load_workbook(out)
    monday, tuesday = wb.worksheets[1], wb.worksheets[2]
    remark, outcome, cid = (_column(monday, h) for h in ("备注", "完成情况", "企业编号"))
    mon = [monday.cell(r, 5).value.split("\n")[0] for r in (6, 7, 8)]
    tue = [tuesday.cell(r, 5).value.split("\n")[0] for r in (6, 7, 8)]
    planned = tuesday.cell(7, remark).value
    assert planned  # the plan wrote a remark on the row
    added = monday.max_row + 1
    for col, value in ((1, "拜访"), (5, mon[0]), (remark, "临时拜访，老板在，要报价"), (outcome, "完成")):
        monday.cell(added, col).value = value
    monday.cell(added, cid).value = monday.cell(6, cid).value
    for col, value in ((1, "拜访"), (5, mon[1]), (remark, "顺路去了，老板不在")):  # 备注 alone, no id
        monday.cell(added + 1, col).value = value
    tuesday.cell(6, remark).value, tuesday.cell(6, outcome).value = "客户答应月底前付5万", "完成"
    tuesday.cell(7, remark).value = f"{planned}；要报价"
    tuesday.delete_cols(cid)
    wb.save(out)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 2，未完成 0，改期 0，备注 2" in result.stdout and "无法识别 0；新记录 4 条" in result.stdout

    def logged(firm: str) -> list[str]:
        history = json.loads(cli("history", firm, "-f", "json", "--lang", "en").stdout)
        return [h["new"] for h in history if h["field"] == "activity"]

    assert logged(mon[0]) == ["2026-11-30 拜访 完成：临时拜访，老板在，要报价"]
    assert logged(mon[1]) == ["2026-11-30 拜访：顺路去了，老板不在"]
    assert logged(tue[0])[0].endswith(" 完成：客户答应月底前付5万")
    assert logged(tue[1])[0].endswith("：要报价")  # the plan's own text left out
    assert logged(tue[2]) == []  # its 备注 as the plan wrote it: nothing logged
    assert "已记录过 4 条" in cli("done", out).stdout
