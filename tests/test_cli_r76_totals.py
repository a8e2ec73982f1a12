"""Order and payment lines after review r76: 汇总 under 备注 or 产品 on a complete line (customer, date,
order number) is the line's text, not a total row; a customer name ending in 汇总 is a subtotal only of a
customer with lines of its own (门市散客汇总 is a customer)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波星辰电子有限公司"
ADDRESS = "浙江省宁波市江北区工业路1号"
DAY = dt.date(2026, 10, 5)


def _problems(cli, name: str) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return [p for p in rows if p["文件"] == name and p["代码"] != "tier-not-v"]


def test_汇总_under_备注_or_产品_on_a_complete_line_is_the_lines_text(cli, tmp_path):
    """Review r76 F4: a line with its customer, date and order number whose 备注 (or 产品) is 汇总
    (consolidated invoicing) was rejected as a total row, its sales lost; a payment likewise. A 产品 = 汇总
    row without its order number, or 日期 = 汇总, is still a subtotal row."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    rows = [
        ["D001", FIRM, DAY, "阀门", 1000, None],
        ["D002", FIRM, DAY, "管件", 2000, "汇总"],
        ["D004", FIRM, DAY, "汇总", 3000, None],
        [None, FIRM, DAY, "汇总", 6000, None],  # the subtotal of the lines above: no order number
        ["D009", FIRM, "汇总", None, 6000, None],
    ]
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额", "备注"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    assert [p["值"] for p in _problems(cli, "o.xlsx")] == ["汇总", "汇总"]
    rows = [[FIRM, DAY, 5000, None], [FIRM, DAY, 7000, "汇总"], [None, DAY, 12000, "汇总"]]
    result = imported(
        cli, write_orders(tmp_path / "p.xlsx", rows, ["客户名称", "回款日期", "回款金额", "备注"])
    )
    assert "回款 2 笔 ¥12,000" in result.stdout and "拒收 1 行" in result.stdout, result.stdout


def test_a_customer_name_ending_in_汇总_is_a_subtotal_only_of_a_customer_with_lines(cli, tmp_path):
    """Review r76 F5: 门市散客汇总 (an ERP's walk-in customers, with its date and amount) was dropped as a
    total row; it is an unlinked order. X汇总 and Excel's 分类汇总 row X 汇总 after X's lines stay
    subtotal rows."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    rows = [
        ["D001", FIRM, DAY, "阀门", 1000],
        [None, FIRM + "汇总", DAY, None, 1000],
        [None, FIRM + " 汇总", None, None, 1000],
        ["D005", "门市散客汇总", DAY, "阀门", 500],
        ["D006", "零星客户（汇总）", DAY, "阀门", 300],
    ]
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    problems = [(p["代码"], p["值"]) for p in _problems(cli, "o.xlsx")]
    assert problems == [
        ("no-company", FIRM + "汇总"),
        ("no-company", FIRM + " 汇总"),
        ("unlinked-order", "门市散客汇总"),
        ("unlinked-order", "零星客户(汇总)"),  # folded
    ], problems


def test_汇总_in_a_side_column_of_a_line_without_its_order_number_is_the_lines_value(cli, tmp_path):
    """Review r77 F1: since ba9391e a blank 订单号 alone made 开票方式 = 汇总 or 备注 = 汇总 a total row
    (an ERP writes the number on an order's first line only; a 补单 has none), and a payment whose
    结算方式 is 汇总 and with no order number was lost; they are lines again. 产品 = 汇总 without its
    order number stays the subtotal row it is."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    rows = [
        ["SO001", FIRM, DAY, "开关", 10000, "逐笔", None],
        [None, FIRM, DAY, "插座", 5000, "汇总", "补单"],
        [None, FIRM, DAY, "电机", 8000, None, "汇总"],
        [None, FIRM, DAY, "汇总", 23000, None, None],
    ]
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额", "开票方式", "备注"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    payments = [[FIRM, DAY, 9000, None, "汇总"], [FIRM, DAY, 6000, "SO001", "转账"]]
    path = write_sheet(
        tmp_path, "p.xlsx", ["客户名称", "回款日期", "回款金额", "订单号", "结算方式"], payments
    )
    result = imported(cli, path)
    assert "回款 2 笔" in result.stdout and "拒收 0 行" in result.stdout, result.stdout
