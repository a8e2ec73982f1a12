"""Excel's 分类汇总 rows (Data → Subtotal) outside the customer column (review r78 F3): 开关 汇总 under 产品,
王海波 计数 under 区域经理, 总计 beside a blank name are subtotal rows the manager need not fix, not rows that
lost their customer's name; a real row without a name is still one."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波星辰电子有限公司"
OTHER = "慈溪市宏信五金厂"


def _problems(cli, name: str) -> dict[str, str]:
    """Source row → message of the file's rejected rows."""
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {p["行"]: p["说明"] for p in rows if p["文件"] == name and p["代码"] == "no-company"}


def test_an_orders_subtotal_by_product_is_a_subtotal_row(cli, tmp_path):
    imported(
        cli,
        write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, "宁波市江北区"], [OTHER, "慈溪市"]]),
    )
    day = dt.date(2026, 3, 1)
    rows = [
        ["A1", day, FIRM, "开关", 1000],
        ["A2", day, OTHER, "开关", 500],
        [None, None, None, "开关 汇总", 1500],
        ["A3", day, FIRM, "插座", 700],
        [None, None, None, "插座 Total", 700],
        [None, None, None, "电线 汇总", 300],  # no line of 电线: a row that lost its customer
        [None, None, None, "总计", 2500],
        ["A4", 20260305, None, "开关 Max", 900],  # its own number and date: a line that lost its customer
        [10005, None, None, "插座 计数", 1],  # (review r93 F4)
    ]
    headers = ["订单编号", "订单日期", "客户名称", "产品", "金额"]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 6 行" in result.stdout, result.stdout
    found = _problems(cli, "o.xlsx")
    for row, text in (("4", "开关 汇总"), ("6", "插座 Total"), ("8", "总计")):
        assert f"“{text}”是小计或合计行" in found[row] and "无需处理" in found[row], found
    for row in ("7", "9", "10"):
        assert "无需处理" not in found[row] and "没有客户名称" in found[row], found


def test_a_contact_lists_subtotal_by_manager_is_a_subtotal_row(cli, tmp_path):
    rows = [
        [FIRM, "宁波市江北区", "王海波", 50],
        [OTHER, "慈溪市周巷镇", "王海波", 30],
        [None, None, "王海波 计数", 2],
        ["慈溪市宏达五金厂", "慈溪市周巷镇", "沈晓东", 30],
        [None, None, "沈晓东 汇总", 30],
        [None, None, "总计", 110],
        [None, "慈溪市周巷镇3号", "沈晓东", 20],  # a firm whose name was left out
        [None, "慈溪市周巷镇4号", "沈晓东 汇总", 20],  # an address beside the label: no subtotal's row
    ]
    result = imported(
        cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址", "区域经理", "员工人数"], rows)
    )
    assert "3 家企业" in result.stdout and "拒收 5 行" in result.stdout, result.stdout
    found = _problems(cli, "c.xlsx")
    for row, text in (("4", "王海波 计数"), ("6", "沈晓东 汇总"), ("7", "总计")):
        assert f"“{text}”是合计行" in found[row] and "无需处理" in found[row], found
    for row in ("8", "9"):
        assert "无需处理" not in found[row] and "补上企业名称" in found[row]
