"""Review r83 F3: an order's note copied by the ERP to each of its lines (本月合计 in 备注 on both lines of a
two-product order) leaves the lines alone; a subtotal row of the order (no product) is still a total row."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import connect, imported, write_orders, write_sheet

FIRM = "宁波华峰电器有限公司"
OTHER = "宁波晨光电子厂"
HEADERS = ["订单编号", "订单日期", "客户名称", "产品", "数量", "金额", "备注"]


def test_a_qualified_label_copied_to_each_line_of_an_order_is_the_lines_note(cli, db, tmp_path):
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, "宁波"], [OTHER, "宁波"]]))
    day, later = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    rows = [
        ["SO001", day, FIRM, "开关", 1, 100, "本月合计"],
        ["SO001", day, FIRM, "插座", 2, 200, "本月合计"],
        ["SO002", later, OTHER, "开关", 1, 50, None],
        ["SO002", later, OTHER, None, None, 50, "单据合计"],  # the order's subtotal row: no product
        [None, None, None, None, None, 350, "合计"],
    ]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, HEADERS))
    assert "订单 3 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    problems = cli("problems", "--code", "no-company", "-f", "csv")
    rejected = [p["值"] for p in csv.DictReader(io.StringIO(problems.stdout)) if p["文件"] == "o.xlsx"]
    assert "本月合计" not in rejected
    with connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), SUM(amount) FROM orders").fetchone() == (3, 350.0)
