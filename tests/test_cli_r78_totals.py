"""Order and payment lines after review r78: a qualified total label (本月合计, 本年累计, 客户小计) is a
total row; 汇总 in a side column with brackets or a colon is still the line's value; a label with an
invisible character is still a label; 产品 = 汇总 is a subtotal only of a customer with other lines that
day (a payment's never); a line with its own order number is a line."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波星辰电子有限公司"
OTHER = "慈溪市宏信五金厂"
ADDRESS = "浙江省宁波市江北区工业路1号"
DAY = dt.date(2026, 3, 1)
DAY2 = dt.date(2026, 3, 2)
DAY3 = dt.date(2026, 3, 31)


def _problems(cli, name: str) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return [p for p in rows if p["文件"] == name and p["代码"] not in ("tier-not-v", "unlinked-order")]


def _firms(cli, tmp_path) -> None:
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS], [OTHER, ADDRESS]]))


def test_a_qualified_total_label_is_a_total_row(cli, tmp_path):
    """Review r78 F6: 本月合计 / 本年累计 under 摘要 of a receipts ledger, 本日小计 / 客户小计 / 单据合计 under
    产品, repeating the customer and date, were imported as payments and orders (counted two or three
    times). A product or note that only holds such a word (累计器, 合计 3 箱) is the line's."""
    _firms(cli, tmp_path)
    rows = [
        [DAY, FIRM, "收到货款", 1000],
        [DAY2, FIRM, "收到货款", 2000],
        [DAY3, FIRM, "本月合计", 3000],
        [DAY3, FIRM, "本年累计", 3000],
        [DAY3, FIRM, "【本期合计】", 3000],
    ]
    result = imported(cli, write_orders(tmp_path / "p.xlsx", rows, ["日期", "客户名称", "摘要", "收款金额"]))
    assert "回款 2 笔 ¥3,000" in result.stdout and "拒收 3 行" in result.stdout, result.stdout
    rows = [
        ["A1", DAY, FIRM, "开关", 1000, "合计 3 箱"],
        [None, DAY, FIRM, "本日小计", 1000, None],
        ["A2", DAY2, FIRM, "累计器", 700, None],
        [None, DAY2, FIRM, "客户小计", 1700, None],
        ["A3", DAY2, OTHER, "螺丝", 500, None],
        ["A3", DAY2, OTHER, "单据合计", 500, None],
        [None, None, None, "本页合计", 2200, None],
        [None, None, None, "分类小计：3单", 2200, None],
    ]
    headers = ["订单编号", "订单日期", "客户名称", "产品", "金额", "备注"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 5 行" in result.stdout, result.stdout
    problems = _problems(cli, "o.xlsx")
    assert [p["值"] for p in problems] == ["本日小计", "客户小计", "单据合计", "本页合计", "分类小计：3单"]
    assert all("小计或合计行" in p["说明"] for p in problems), problems


def test_汇总_with_brackets_or_a_colon_in_a_side_column_is_the_lines_value(cli, tmp_path):
    """Review r78 F1: a complete line whose 开票方式 / 结算方式 / 备注 said 汇总（月结）, 【汇总】, 汇总：月底开 or
    (汇总) was dropped as a subtotal ("无需处理"), as bare 汇总 no longer is; on a row without its customer
    it is still a total row's."""
    _firms(cli, tmp_path)
    rows = [
        ["SO1", DAY, FIRM, "开关", 1000, "汇总（月结）", "电汇", None],
        ["SO2", DAY, FIRM, "插座", 2000, "【汇总】", "电汇", None],
        ["SO3", DAY, FIRM, "线缆", 3000, None, "汇总(月结)", None],
        ["SO4", DAY, FIRM, "线缆", 4000, "汇总：月底开", None, None],
        ["SO5", DAY, FIRM, "线缆", 5000, None, None, "【汇总】"],
        ["SO6", DAY, FIRM, "线缆", 6000, None, None, "(汇总)"],
        [None, None, None, None, 21000, None, None, "【汇总】"],
    ]
    headers = ["单据号", "单据日期", "客户名称", "存货名称", "价税合计", "开票方式", "结算方式", "备注"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 6 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    assert [p["值"] for p in _problems(cli, "o.xlsx")] == ["【汇总】"]
    rows = [[FIRM, DAY, 4000, "汇总（月结）"], [FIRM, DAY2, 5000, "【汇总】"]]
    path = write_orders(tmp_path / "p.xlsx", rows, ["客户名称", "收款日期", "收款金额", "结算方式"])
    result = imported(cli, path)
    assert "回款 2 笔 ¥9,000" in result.stdout and "拒收 0 行" in result.stdout, result.stdout


def test_a_total_label_with_an_invisible_character_is_a_total_row(cli, tmp_path):
    """Review r78 F5: 小计 with a zero-width space or a BOM under 产品 or 备注 (a web-copied sheet) was
    imported as an order, doubling the sales; the customer column already dropped it."""
    _firms(cli, tmp_path)
    rows = [
        [DAY, FIRM, "开关", 1000, None],
        [DAY, FIRM, "插座", 700, None],
        [DAY, FIRM, "小计\u200b", 1700, None],
        [DAY2, OTHER, "螺丝", 500, None],
        [DAY2, OTHER, "\ufeff小计", 500, None],
        [DAY2, OTHER, None, 500, "合\u200b计"],
    ]
    result = imported(
        cli, write_orders(tmp_path / "o.xlsx", rows, ["订单日期", "客户名称", "产品", "金额", "备注"])
    )
    assert "订单 3 条" in result.stdout and "拒收 3 行" in result.stdout, result.stdout
    assert all("小计或合计行" in p["说明"] for p in _problems(cli, "o.xlsx"))


def test_产品_汇总_is_a_subtotal_only_of_a_customer_with_other_lines_that_day(cli, tmp_path):
    """Review r78 F2 (r77 F2): a lump payment with 产品 = 汇总 and no order number, and an ERP's
    consolidated-product order line on a sheet without 订单号, were dropped as subtotals ("无需处理").
    A payment's 产品 is a side column; an order's 汇总 row is a subtotal when its customer has other
    lines that day."""
    _firms(cli, tmp_path)
    rows = [
        [FIRM, DAY, "开关", "A1", 1000],
        [FIRM, DAY2, "插座", "A2", 700],
        [FIRM, DAY3, "汇总", None, 8300],
    ]
    headers = ["客户名称", "回款日期", "产品", "订单编号", "回款金额"]
    result = imported(cli, write_orders(tmp_path / "p.xlsx", rows, headers))
    assert "回款 3 笔 ¥10,000" in result.stdout and "拒收 0 行" in result.stdout, result.stdout
    rows = [[FIRM, DAY, "汇总", 900]]
    result = imported(
        cli, write_orders(tmp_path / "q.xlsx", rows, ["客户名称", "回款日期", "产品", "回款金额"])
    )
    assert "回款 1 笔 ¥900" in result.stdout, result.stdout
    rows = [
        [FIRM, DAY, "开关", 1000],
        [FIRM, DAY, "插座", 500],
        [FIRM, DAY, "汇总", 1500],  # the subtotal of the two lines above
        [FIRM, DAY2, "汇总", 4000],  # the customer's only line that day: a consolidated order
        [OTHER, DAY, "汇总", 600],
    ]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, ["客户名称", "订单日期", "产品", "金额"]))
    assert "订单 4 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    rows = [["A1", FIRM, DAY, "开关", 1000], [None, FIRM, DAY, "汇总", 1000], [None, FIRM, DAY2, "汇总", 800]]
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额"]
    result = imported(cli, write_orders(tmp_path / "n.xlsx", rows, headers))
    assert "订单 2 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout


def test_a_line_with_its_own_order_number_and_no_date_is_told_its_date_is_blank(cli, tmp_path):
    """Review r78 F4: a line with its own order number, a blank date and 开票方式 = 汇总 was told to be a
    subtotal ("无需处理"); it is a line whose date is blank. A repeated number still makes it a total row."""
    _firms(cli, tmp_path)
    rows = [
        ["A1", DAY, FIRM, "开关", 1000, "汇总"],
        ["A2", None, FIRM, "插座", 700, "汇总"],
        ["A1", None, FIRM, None, 1000, "汇总"],
    ]
    headers = ["订单编号", "订单日期", "客户名称", "产品", "金额", "开票方式"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 1 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    assert [(p["代码"], p["值"]) for p in _problems(cli, "o.xlsx")] == [
        ("bad-date", ""),
        ("no-company", "汇总"),
    ]
