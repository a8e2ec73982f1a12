"""`regiontool plan --out X.xlsx`: the workbook as a spreadsheet user works with it."""

from __future__ import annotations

import datetime as dt

import openpyxl
from test_cli_plan import TODAY, _workspace


def _header_row(ws, first: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == first)


def test_the_week_plans_dates_are_date_cells_and_the_csv_keeps_iso_text(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--manager", "王海波").exit_code == 0
    ws = openpyxl.load_workbook(out)["周计划"]
    top = _header_row(ws, "日期")
    days = [
        ws.cell(row=r, column=1) for r in range(top + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value
    ]
    assert dt.datetime(2026, 10, 8) in [c.value for c in days]
    assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in days)
    month = tmp_path / "month.xlsx"
    assert cli("plan", "--today", TODAY, "--month", "--out", month, "--lang", "en").exit_code == 0
    wb = openpyxl.load_workbook(month)
    overview = wb["Plan overview"]
    top = _header_row(overview, "date")
    assert isinstance(overview.cell(row=top + 1, column=1).value, dt.datetime)
    csv_out = tmp_path / "plan.csv"
    assert cli("plan", "--today", TODAY, "--out", csv_out, "--lang", "en").exit_code == 0
    assert csv_out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("2026-10-08,")


def test_the_plans_header_rows_stay_in_view(cli, tmp_path):
    _workspace(cli, tmp_path)
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":  # 计划备注: the remarks as planned, for done
            continue
        first = "日期" if ws.title == "周计划" else "类别"
        top = _header_row(ws, first)
        assert ws.freeze_panes == f"A{top + 1}", ws.title
    assert _header_row(wb["10-08 周四"], "类别") == 5


def test_the_english_plans_sheet_names_are_in_sentence_case(cli, tmp_path):
    _workspace(cli, tmp_path)
    for period, first in (("--week", ["Week plan"]), ("--month", ["Month calendar", "Plan overview"])):
        out = tmp_path / f"plan{period}.xlsx"
        assert cli("plan", "--today", TODAY, period, "--out", out, "--lang", "en").exit_code == 0
        names = openpyxl.load_workbook(out, read_only=True).sheetnames
        assert names.pop() == "_regiontool"  # hidden: marks the plan as no list to import
        assert names[: len(first)] == first
        assert all(n[0].isupper() or n[0].isdigit() for n in names), names


def test_done_reads_a_plan_written_with_the_old_sheet_names(cli, tmp_path):
    # The plan's English sheet names were lower case (week plan …) before 0135e44; `done` finds the
    # day sheets by their header row, so a plan written then reads back as a new one does.
    import json

    _workspace(cli, tmp_path)
    out = tmp_path / "old.xlsx"
    assert cli("plan", "--today", TODAY, "--out", out, "--lang", "en", "--manager", "王海波").exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert "Week plan" in wb.sheetnames
    wb["Week plan"].title = "week plan"
    day = next(ws for ws in wb.worksheets if ws.title[:2].isdigit())
    top = _header_row(day, "category")
    day.cell(row=top + 1, column=9).value = "done"
    wb.save(out)
    result = cli("done", out, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["logged"] == 1


def test_next_weeks_plan_over_last_weeks_read_plan_is_refused_with_a_dated_name_to_use(cli, tmp_path):
    """Last week's plan, once `done` read it, is an input; the refusal names a file to write
    instead, and that name works."""
    import openpyxl

    contacts = tmp_path / "c.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["企业名称", "地址", "联系人", "手机", "区域经理", "客户分类"])
    wb.active.append(
        ["慈溪市华峰电器有限公司", "慈溪市长河镇垫桥村118号", "张伟", "13812345678", "王海波", "A"]
    )
    wb.save(contacts)
    assert cli("import", contacts).exit_code == 0
    plan = tmp_path / "周计划.xlsx"
    assert cli("plan", "--week", "--today", "2026-03-02", "--out", plan).exit_code == 0
    assert cli("done", plan).exit_code == 0
    before = plan.read_bytes()

    refused = cli("plan", "--week", "--today", "2026-03-09", "--out", plan)
    dated = tmp_path / "周计划_2026-03-16.xlsx"
    assert refused.exit_code == 2 and plan.read_bytes() == before
    assert refused.stderr.strip().endswith(f"请换一个输出文件名，例如 {dated}")
    en = cli("plan", "--week", "--today", "2026-03-09", "--out", plan, "--lang", "en")
    assert en.stderr.strip().endswith(f"choose another output name, e.g. {dated}")
    assert cli("plan", "--week", "--today", "2026-03-09", "--out", dated).exit_code == 0 and dated.exists()
    assert cli("done", dated).exit_code == 0  # the dated plan read too: the next name is numbered
    again = cli("plan", "--week", "--today", "2026-03-09", "--out", dated)  # a name holding the day: numbered
    assert again.exit_code == 2 and again.stderr.strip().endswith(
        f"例如 {tmp_path / '周计划_2026-03-16_2.xlsx'}"
    )
    refused = cli("plan", "--week", "--today", "2026-03-09", "--out", plan)
    assert refused.stderr.strip().endswith(f"例如 {tmp_path / '周计划_2026-03-16_2.xlsx'}")
    numbered = tmp_path / "周计划_2026-03-16_2.xlsx"  # that one read too: _3 next, not _2_2 (review r93)
    assert cli("plan", "--week", "--today", "2026-03-09", "--out", numbered).exit_code == 0
    assert cli("done", numbered).exit_code == 0
    again = cli("plan", "--week", "--today", "2026-03-09", "--out", numbered)
    assert again.stderr.strip().endswith(f"例如 {tmp_path / '周计划_2026-03-16_3.xlsx'}")
    (tmp_path / "周计划_2026-03-16_3.xlsx").write_bytes(b"a filled plan not read yet")  # review r95 F5
    again = cli("plan", "--week", "--today", "2026-03-09", "--out", numbered)
    assert again.stderr.strip().endswith(f"例如 {tmp_path / '周计划_2026-03-16_4.xlsx'}")
