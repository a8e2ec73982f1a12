"""Input reading after review r72: 汇总 as a side column's value (开票方式, 结算方式) is no total row; a
phone column's number format restores only a landline's lost 0; the lost-zero hint names real area codes
only; a hidden detail sheet behind a visible summary; credit-code placeholders; a code pair listed once."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波汇总科技有限公司"
ADDRESS = "浙江省慈溪市观海卫镇工业路1号"


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _sales(cli) -> dict[str, float]:
    result = cli("sales", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {r["客户"]: float(r["金额"]) for r in csv.DictReader(io.StringIO(result.stdout))}


def test_汇总_under_开票方式_or_结算方式_is_a_line_not_a_total_row(cli, tmp_path):
    """Review r72 F9: 开票方式 = 汇总 (consolidated invoicing) dropped the line as a total row; a 汇总
    row (blank customer, or 汇总 in a first column that is no field) stays a total row."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    headers = ["客户名称", "订单日期", "产品", "金额", "开票方式"]
    day = dt.date(2026, 10, 1)
    rows = [[FIRM, day, "A", 1000, "单独"], [FIRM, day, "A", 2000, "汇总"], [FIRM, day, "B", 3000, "匯總"]]
    rows += [[None, None, "汇总", 6000, None], [None, day, None, 6000, "汇总"]]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    assert _sales(cli) == {FIRM: 6000}
    headers = ["客户名称", "回款日期", "回款金额", "结算方式"]
    rows = [[FIRM, day, 1000, "汇总"], [FIRM, day, 500, "单笔"]]
    result = imported(cli, write_orders(tmp_path / "p.xlsx", rows, headers))
    assert "拒收 0 行" in result.stdout, result.stdout
    headers = ["", "客户名称", "订单日期", "金额"]
    rows = [["", FIRM, day, 1000], ["汇总", FIRM, day, 1000]]  # a table's 汇总行 carrying its customer
    result = imported(cli, write_orders(tmp_path / "t.xlsx", rows, headers))
    assert "订单 1 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    assert [p["值"] for p in _problems(cli) if p["文件"] == "t.xlsx" and p["代码"] == "no-company"] == [
        "汇总"
    ]
