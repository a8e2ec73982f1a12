"""Review r104: plans at the year's end. A reschedule to a festival (改期到春节后, 年后再联系) waits for
the first working day after its days off (F3)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import imported, plan_columns, write_sheet

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
FIRM = "慈溪市年后电器有限公司"


def _planned(cli, start: str) -> dict[str, str]:
    """The firm names of the week's plan from `start`, with the day each is first planned on."""
    r = cli("plan", "--start", start, "-f", "json", "--manager", "王海波")
    assert r.exit_code == 0, r.output
    first: dict[str, str] = {}
    for item in json.loads(r.stdout):
        first.setdefault(item["企业名称"], item["日期"][:10])
    return first


@pytest.mark.parametrize("outcome", ["改期到春节后", "未完成，年后再联系", "改期：过完年再去"])
def test_a_reschedule_to_after_the_spring_festival_waits_for_it(cli, tmp_path, outcome):
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, [[FIRM, "慈溪市长河镇工业路1号", "王海波", "A"]]))
    out = tmp_path / "plan.xlsx"
    r = cli("plan", "--start", "2026-12-28", "--manager", "王海波", "--out", out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    ws = wb["12-28 周一"]  # the firm's visit: the plan's only item
    top, cols = plan_columns(ws)
    [row] = [r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, cols["企业编号"]).value]
    ws.cell(row, cols["完成情况"]).value = outcome
    wb.save(out)
    r = cli("done", out)
    assert r.exit_code == 0, r.output
    assert FIRM not in _planned(cli, "2027-01-18")  # not before the festival
    assert _planned(cli, "2027-02-08")[FIRM] == "2027-02-11"  # 春节 2027 (by rule): 02-05 to 02-10


def test_the_month_calendar_of_a_guessed_year_says_so_and_names_the_days_it_covers(cli, tmp_path):
    """Review r104 F1, F2, F5: the 行事月历 sheet of a plan into 2027 carries the calendar's warning, which
    says the year is not in the calendar data (not that it is unannounced), and the title of a month
    plan from mid-December names its first and last days."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, [[FIRM, "慈溪市长河镇工业路1号", "王海波", "A"]]))
    out = tmp_path / "m.xlsx"
    r = cli("plan", "--month", "--start", "2026-12-15", "--out", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["行事月历"]
    text = [c for row in ws.iter_rows(max_row=3, values_only=True) for c in row if c]
    assert text[0].startswith("地区经理行事月历 · 2026-12-15 – 2027-01-14")
    assert "2027 年的放假安排不在日历数据中（数据只有 2004–" in text[1] and "尚未公布" not in text[1]
    r = cli("plan", "--month", "--start", "2026-11-01", "--out", tmp_path / "n.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "n.xlsx")["行事月历"]
    assert ws["A1"].value.startswith("地区经理行事月历 · 2026-11 ·") and "日历数据" not in str(ws["A2"].value)
