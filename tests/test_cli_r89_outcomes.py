"""Outcomes a manager types that the plan read back took wrongly (review r89): 完成：未完成的订单下周补 is a
visit done (F3), and the English plan's "missed: call again 12/10" moves the work to that day as
未完成：12月10日再打 does (F6)."""

from __future__ import annotations

import openpyxl
from test_cli_r84_done_notes import FIRMS, HEADERS, _fill, _logged, _plan

from conftest import imported, write_sheet


def test_done_with_a_note_about_an_unfinished_order_is_a_visit_done(cli, tmp_path):
    out = _plan(cli, tmp_path)
    _fill(out, {4: "完成：未完成的订单下周补"})
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 1" in result.stdout and "未完成 0" in result.stdout and "没联系上" not in result.stderr
    [line] = _logged(cli, FIRMS[3])
    assert "完成：未完成的订单下周补" in line and "未完成：未完成" not in line
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert "优先安排" not in week.stdout


def test_an_english_plans_missed_call_naming_its_day_keeps_that_day(cli, tmp_path):
    rows = [[name, f"慈溪市长河镇工业路{i}号", "王海波", ""] for i, name in enumerate(FIRMS, start=1)]
    imported(cli, write_sheet(tmp_path, "all.xlsx", HEADERS, rows))
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--as-of", "2026-11-20", "--lang", "en", "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 Mon"]
    header = next(r for r in ws.iter_rows() if any(c.value == "outcome" for c in r))
    cols = {c.value: c.column for c in header if c.value}
    filled = 0
    for r in range(header[0].row + 1, ws.max_row + 1):
        if ws.cell(r, cols["company_id"]).value == 4:
            ws.cell(r, cols["outcome"]).value = "missed: call again 12/10"
            filled += 1
    assert filled == 1
    wb.save(out)
    result = cli("done", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "rescheduled 1" in result.stdout and "missed 0" in result.stdout
    week = cli("plan", "--week", "--as-of", "2026-11-27")
    assert week.exit_code == 0, week.output
    assert FIRMS[3] not in week.stdout and "优先安排" not in week.stdout
    assert f"{FIRMS[3]}（2026-12-10）" in week.stderr  # left for the plan of its week
