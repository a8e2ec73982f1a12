"""Money as the workbook shows it: whole yuan rounded half up in the terminal (46,200.5 → 46,201,
as Excel's #,##0 shows the cell), and CSV/JSON money given to the fen while shares keep their digits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from conftest import write_orders, write_xlsx
from regiontool.io.write import excel_round, whole_text

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂"]


def _setup(tmp_path, cli):
    write_xlsx(tmp_path / "c.xlsx")
    orders = [
        [NAMES[0], dt.date(2025, 3, 5), "ERP", 1, 20_000.25, "A1"],
        [NAMES[0], dt.date(2025, 3, 6), "ERP", 1, 26_200.25, "A2"],  # 46,200.50 in all
        [NAMES[1], dt.date(2026, 3, 5), "服务", 1, 10_000, "B1"],
        ["金鑫塑料制品有限公司", dt.date(2026, 4, 1), "ERP", 1, 1_000.1, "B2"],
        ["金鑫塑料制品有限公司", dt.date(2026, 4, 2), "ERP", 1, 1_000.2, "B3"],  # 2000.3000000000002 summed
    ]
    write_orders(tmp_path / "o.xlsx", orders)
    payments = tmp_path / "p.xlsx"
    wb = xlsxwriter.Workbook(str(payments))
    ws = wb.add_worksheet("回款")
    for j, h in enumerate(["客户名称", "回款日期", "回款金额"]):
        ws.write_string(0, j, h)
    ws.write_row(1, 0, [NAMES[0], "2025-04-01", 33_200.5])
    wb.close()
    r = cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx", payments)
    assert r.exit_code == 0, r.output


@given(st.integers(-(10**12), 10**12))
def test_half_a_yuan_rounds_away_from_zero_as_excel_does(n):
    assert whole_text(n + 0.5 if n >= 0 else n - 0.5) == f"{n + 1 if n >= 0 else n - 1:,}"
    assert excel_round(n / 3, 2) == float(f"{n / 3:.2f}")  # no tie: as Python rounds


def test_terminal_shows_the_workbooks_whole_yuan(tmp_path, cli):
    _setup(tmp_path, cli)
    r = cli("receivables", "--as-of", "2026-11-20")
    assert r.exit_code == 0, r.output
    row = next(line for line in r.output.splitlines() if NAMES[0] in line and "46," in line)
    assert "46,201" in row and "33,201" in row and "46,200 " not in row
    out = tmp_path / "recv.xlsx"
    assert cli("receivables", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    cells = [c for row in openpyxl.load_workbook(out).worksheets[2].iter_rows() for c in row]
    billed = next(c for c in cells if c.value == 46_200.5)
    assert billed.number_format == "#,##0"  # which Excel shows as 46,201, as the terminal does
    r = cli("sales", "--as-of", "2026-11-20", "--by", "month")
    assert "46,201" in r.output and "46,200 " not in r.output


def test_csv_and_json_give_money_to_the_fen_and_shares_whole(tmp_path, cli):
    _setup(tmp_path, cli)
    assert cli("target", "set", "2026Q4", "60,000").exit_code == 0  # 20,000 a month
    r = cli("track", "--period", "2026Q4", "--as-of", "2026-11-20", "-f", "csv", "--table", "month")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.output)))
    expected = rows[0].index("应完成")
    assert rows[2][expected] == "13333.33"  # 20 of November's 30 days: 20,000 × 2/3
    r = cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    november = next(x for x in json.loads(r.output)["month"] if x["month"] == "2026-11")
    assert 6666.67 in november.values(), november  # 10 days left of 20,000's plan: the fen, not 6666.666…
    r = cli("sales", "--as-of", "2026-11-20", "--by", "customers", "-f", "json", "--lang", "en")
    second = json.loads(r.output)["customers"][1]
    assert second["amount"] == 2000.3, second
    assert second["share"] != round(second["share"], 2)  # a share is not money: its digits stay


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_share_rounds_half_up_as_excel_shows_it(share):
    """k of n firms, shown to 0.1 % and 1 %: the exact fraction rounded half up, as Excel's 0.0%
    and 0% formats show the cell (6.25 % → 6.3 %, 12.5 % → 13 %); signed, the same digits."""
    from decimal import ROUND_HALF_UP, Decimal

    from regiontool.io.write import percent_text

    k, n = share
    exact = Decimal(100 * k) / Decimal(n)
    for digits in (0, 1):
        shown = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        assert percent_text(k / n, digits) == f"{shown}%"
        assert percent_text(-k / n, digits, sign=True) == (f"-{shown}%" if k else f"+{shown}%")
