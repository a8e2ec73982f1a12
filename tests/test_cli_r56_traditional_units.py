"""Traditional unit characters (review r56 items 1 and 2): a money header's unit written 萬元 / 億元
scales bare numbers as 万元 / 亿元 does, in orders, payments, targets, the budget and the revenue
column, and a cell's own unit word 萬 / 億 is read as 万 / 亿."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_cli_r43_numbers import _sheet

from conftest import connect, write_orders, write_xlsx

NAME = "宁波宏达五金厂"  # a firm of conftest's contact sheet


def _problem_codes(cli) -> list[str]:
    result = cli("problems", "--format", "json")
    assert result.exit_code == 0, result.output
    return [p["代码"] for p in json.loads(result.output)]


@pytest.mark.parametrize("unit", ["萬元", "万元"])
def test_orders_read_a_traditional_unit_in_the_header_and_in_a_cell(cli, db, tmp_path, unit):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [
        [NAME, dt.date(2026, 3, 5), 3, "T1"],  # bare: 3 万元
        [NAME, dt.date(2026, 3, 6), "1.5萬", "T2"],  # its own unit
        [NAME, dt.date(2026, 3, 7), "0.01億", "T3"],
        [NAME, dt.date(2026, 3, 8), "2萬元", "T4"],
    ]
    headers = ["客户名称", "订单日期", f"金額（{unit}）", "订单编号"]
    result = cli("import", write_orders(tmp_path / "o.xlsx", rows, headers=headers))
    assert result.exit_code == 0, result.output
    amounts = connect(db).execute("SELECT order_no, amount FROM orders ORDER BY order_no").fetchall()
    assert amounts == [("T1", 30_000.0), ("T2", 15_000.0), ("T3", 1_000_000.0), ("T4", 20_000.0)]
    assert "bad-amount" not in _problem_codes(cli)


def test_payments_read_a_traditional_unit_in_the_header(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [[NAME, dt.date(2026, 3, 5), 2], [NAME, dt.date(2026, 3, 6), "0.5萬"]]
    path = write_orders(tmp_path / "p.xlsx", rows, headers=["客户名称", "收款日期", "實收金額（萬元）"])
    result = cli("import", path, "--kind", "payments")
    assert result.exit_code == 0, result.output
    amounts = connect(db).execute("SELECT amount FROM payments ORDER BY amount").fetchall()
    assert amounts == [(5_000.0,), (20_000.0,)]


@pytest.mark.parametrize(
    ("unit", "cell", "shown"), [("萬元", 300, "¥3,000,000"), ("億元", 0.5, "¥50,000,000")]
)
def test_a_targets_file_reads_a_traditional_unit_in_its_header(cli, tmp_path, unit, cell, shown):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [["期間", f"目標（{unit}）"], ["2027Q1", cell], ["2027Q2", "1.5萬"]]
    result = cli("target", "set", "--file", _sheet(tmp_path / "t.xlsx", rows))
    assert result.exit_code == 0, result.output
    assert cli("target", "show", "2027Q1").output.startswith(f"2027Q1: {shown}")
    assert cli("target", "show", "2027Q2").output.startswith("2027Q2: ¥15,000")


def test_the_budget_reads_a_traditional_unit_in_its_headers(cli, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [["月份", "项目", "預算（萬元）", "實際（萬元）"], ["2027-01", "人员工资", 5, 4.8]]
    result = cli("budget", _sheet(tmp_path / "b.xlsx", rows), "--year", "2027")
    assert result.exit_code == 0, result.output
    data = json.loads(cli("pnl", "--year", "2027", "--as-of", "2027-03-10", "-f", "json").output)
    january = next(x for x in data["month"] if x["月份"] == "2027-01")
    assert (january["费用计划"], january["费用实际"]) == (50_000, 48_000)


def test_revenue_reads_a_traditional_unit_in_its_header_and_cells(cli, tmp_path):
    headers = ["企業名稱", "地址", "联系人", "手机", "员工人数", "年產值（萬元）"]
    rows = [
        ["慈溪市华峰电器厂", "浙江省宁波市慈溪市龙山镇1号", "张三", "13812345678", 80, 2600],
        ["慈溪市宏信五金厂", "浙江省宁波市慈溪市坎墩街道2号", "李四", "13812345679", 80, "1.2億"],
    ]
    result = cli("import", write_xlsx(tmp_path / "c.xlsx", headers, rows))
    assert result.exit_code == 0, result.output
    assert "营收 2,600万 → 小型" in cli("explain", "慈溪市华峰电器厂").output
    assert "营收 12,000万 → 小型" in cli("explain", "慈溪市宏信五金厂").output
    assert "invalid-figure" not in _problem_codes(cli)
