"""A return takes back the latest sales before it in the ageing too (review r92 F1): what is still owed
after 插座 was returned whole is the older 开关 invoice, aged from its own date, chased as such, and owed
for 开关 — as the same command's collection plan counts it."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波甲电器有限公司"


def _table(cli, table: str) -> list[dict]:
    result = cli("receivables", "--as-of", "2026-11-20", "--months", "6", "--table", table, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_return_takes_back_the_line_it_reverses_not_the_oldest(cli, tmp_path):
    imported(
        cli,
        write_sheet(
            tmp_path,
            "c.xlsx",
            ["企业名称", "镇街", "客户分类", "区域经理"],
            [[FIRM, "周巷镇", "V", "王海波"]],
        ),
    )
    orders = [
        [FIRM, dt.date(2026, 8, 1), 1000, "S1", "开关"],
        [FIRM, dt.date(2026, 10, 15), 2000, "S2", "插座"],
        [FIRM, dt.date(2026, 10, 20), -2000, "S2", "插座"],  # the 插座 delivery returned in full
    ]
    imported(
        cli, write_orders(tmp_path / "o.xlsx", orders, ["客户名称", "订单日期", "金额", "订单编号", "产品"])
    )
    payments = [[FIRM, dt.date(2026, 11, 1), 0.01]]
    imported(cli, write_orders(tmp_path / "p.xlsx", payments, ["客户名称", "回款日期", "回款金额"]))
    [chase] = _table(cli, "chase")
    assert chase["最长账龄(天)"] == "111", chase
    assert "电话" not in "".join(chase.values())
    products = {row["产品"]: row for row in _table(cli, "product") if row["产品"] in ("开关", "插座")}
    assert set(products) == {"开关"}, products
    plan = cli("plan", "--as-of", "2026-11-20", "-f", "csv")
    assert plan.exit_code == 0, plan.output
    [task] = [line for line in plan.stdout.splitlines() if "催款" in line]
    assert "最长账龄 111 天" in task, task
