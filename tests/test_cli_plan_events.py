"""The month calendar's 本月大事 and the quarter targets (review r14 #7, #8)."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl

from conftest import write_orders, write_xlsx

CHURNED = "宁波宏达五金厂"


def _setup(tmp_path, cli):
    """The conftest contacts, and a customer who bought every month until 2026-05: churn-warned in
    December, so a month plan visits it every 14 days."""
    write_xlsx(tmp_path / "c.xlsx")
    rows = [[CHURNED, dt.date(2025, m, 5), "ERP标准版", 1, 20_000, f"A{m}"] for m in range(1, 13)]
    rows += [[CHURNED, dt.date(2026, m, 5), "ERP标准版", 1, 20_000, f"B{m}"] for m in range(1, 6)]
    write_orders(tmp_path / "o.xlsx", rows)
    r = cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx")
    assert r.exit_code == 0, r.output


def _column(ws, header: str) -> list:
    """The values under the header cell `header`, down to the first row whose first cell is empty."""
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if header in row)
    j = rows[at].index(header)
    values = []
    for row in rows[at + 1 :]:
        if row[0] is None:
            break
        values.append(row[j])
    return values


def test_the_months_win_back_line_names_each_firm_once_with_its_visits(tmp_path, cli):
    _setup(tmp_path, cli)
    for lang, sheet, line, times in (
        ("zh", "行事月历", "· 挽回拜访：", f"{CHURNED}（3 次）"),
        ("en", "Month calendar", "· win-back visits: ", f"{CHURNED} (3 visits)"),
    ):
        out = tmp_path / f"plan_{lang}.xlsx"
        r = cli("plan", "--month", "--start", "2026-12-01", "--out", out, "--lang", lang)
        assert r.exit_code == 0, r.output
        wb = openpyxl.load_workbook(out)
        days = wb.worksheets[2:]  # one sheet per day with visits
        visits = [
            v
            for ws in days
            for row in ws.iter_rows(values_only=True)
            for v in row
            if f"{v}".startswith(CHURNED)
        ]
        assert len(visits) == 3  # 12-01, 12-15, 12-29: the plan visits it three times
        (cell,) = [c.value for c in wb[sheet]["A"] if isinstance(c.value, str) and c.value.startswith(line)]
        assert cell == line + times, cell  # named once, not three times


def test_english_quarter_targets_name_the_industries_in_english(tmp_path, cli):
    _setup(tmp_path, cli)
    out = tmp_path / "q.xlsx"
    r = cli("plan", "--quarter", "--start", "2027-01-01", "--out", out, "--lang", "en")
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["Quarter targets"]
    industries = _column(ws, "target industries")
    assert industries and all("hardware & machinery" in v for v in industries), industries
    assert not any(re.search(r"[\u4e00-\u9fff]", v) for v in industries), industries
    moves = _column(ws, "tier moves to aim for")
    assert "churned → buying again: 1 firm;" in moves[0] and "1 firms" not in moves[0], moves
    out = tmp_path / "q_zh.xlsx"
    assert cli("plan", "--quarter", "--start", "2027-01-01", "--out", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["季度目标"]
    assert all("五金机械" in v for v in _column(ws, "目标行业"))
