"""Order and payment lines after review r82: 产品 = 汇总 repeating its order's number is the order's subtotal;
a total word padded with spaces (合　　计, 小  计) is a total word; a qualified label (本月合计, 合计金额) on a
complete line with its own order number is the line's note or product."""

from __future__ import annotations

import csv
import datetime as dt
import io

from conftest import imported, write_orders, write_sheet

FIRM = "宁波星辰电子有限公司"
OTHER = "慈溪市宏信五金厂"
ADDRESS = "浙江省宁波市江北区工业路1号"
DAY = dt.date(2026, 3, 5)
DAY2 = dt.date(2026, 3, 6)
HEADERS = ["客户名称", "订单日期", "订单编号", "产品", "金额", "备注"]


def _problems(cli, name: str) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return [p for p in rows if p["文件"] == name and p["代码"] not in ("tier-not-v", "unlinked-order")]


def _firms(cli, tmp_path) -> None:
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS], [OTHER, ADDRESS]]))


def test_产品_汇总_repeating_its_orders_number_is_the_orders_subtotal(cli, tmp_path):
    """Review r82 F1: SO001 开关 1000, SO001 插座 2000, SO001 汇总 3000 (an ERP's per-document subtotal) was
    imported as a third line, the order counted twice with no word. A 汇总 row with a number of its own
    is still a line (a consolidated-product order)."""
    _firms(cli, tmp_path)
    rows = [
        [FIRM, DAY, "SO001", "开关", 1000, None],
        [FIRM, DAY, "SO001", "插座", 2000, None],
        [FIRM, DAY, "SO001", "汇总", 3000, None],
        [OTHER, DAY, "SO002", "汇总", 800, None],
        [OTHER, DAY2, "SO003", "螺丝", 500, "汇总"],
        [OTHER, DAY2, "SO003", "螺母", 600, "汇总"],
    ]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, HEADERS))
    assert "订单 5 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    problems = _problems(cli, "o.xlsx")
    assert [(p["行"], p["值"]) for p in problems] == [("4", "汇总")], problems
    assert "小计或合计行" in problems[0]["说明"]


def test_a_total_word_padded_with_spaces_is_a_total_word(cli, tmp_path):
    """Review r82 F7: 合　　计 (two full-width spaces, a print layout's padding), 合  计, 小  计, 汇  总 under
    产品 or 备注 were imported as lines, the day's sales doubled; 合 计 with one space was already a total."""
    _firms(cli, tmp_path)
    rows = [
        [FIRM, DAY, None, "开关", 1000, None],
        [FIRM, DAY, None, "插座", 2000, None],
        [FIRM, DAY, None, "合\u3000\u3000计", 3000, None],
        [FIRM, DAY, None, "合  计", 3000, None],
        [FIRM, DAY, None, "小  计", 3000, None],
        [FIRM, DAY, None, "汇  总", 3000, None],
        [FIRM, DAY, None, None, 3000, "合\u00a0\u00a0计"],
        [FIRM, DAY, None, "总 \u3000 计：2单", 3000, None],
    ]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, HEADERS))
    assert "订单 2 条" in result.stdout and "拒收 6 行" in result.stdout, result.stdout
    problems = _problems(cli, "o.xlsx")
    assert len(problems) == 6 and all("小计或合计行" in p["说明"] for p in problems), problems
    rows = [[OTHER, DAY, "货款", 1000], [OTHER, DAY2, "货款", 2000], [OTHER, DAY2, "合\u3000\u3000计", 3000]]
    result = imported(
        cli, write_orders(tmp_path / "p.xlsx", rows, ["客户名称", "回款日期", "摘要", "回款金额"])
    )
    assert "回款 2 笔 ¥3,000" in result.stdout and "拒收 1 行" in result.stdout, result.stdout


def test_a_qualified_label_on_a_line_with_its_own_order_number_is_the_lines(cli, tmp_path):
    """Review r82 F2: a complete line with an order number no other row repeats was rejected as a subtotal
    ("无需处理") when its 备注 said 本月合计 or 合计金额 or its 产品 本月合计. Without a number of its own
    (blank, or its order's repeated) such a row is still a total row."""
    _firms(cli, tmp_path)
    rows = [
        [OTHER, DAY2, "SO004", "螺丝", 224, "本月合计"],
        [OTHER, DAY2, "SO005", "螺丝", 225, "合计金额"],
        [OTHER, DAY2, "SO006", "本月合计", 226, None],
        [FIRM, DAY, "SO007", "开关", 1000, None],
        [FIRM, DAY, "SO007", "插座", 2000, None],
        [FIRM, DAY, "SO007", "单据合计", 3000, None],
        [FIRM, DAY, "SO007", None, 3000, "合计金额"],
        [FIRM, DAY, None, None, 3000, "本月合计"],
    ]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, HEADERS))
    assert "订单 5 条（" in result.stdout and "拒收 3 行" in result.stdout, result.stdout
    problems = _problems(cli, "o.xlsx")
    assert [p["值"] for p in problems] == ["单据合计", "合计金额", "本月合计"], problems
