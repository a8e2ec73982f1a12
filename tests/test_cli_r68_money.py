"""Review r68: money views (sales, track, pnl, receivables, budget, report) on small hand-made cases."""

from __future__ import annotations

import datetime as dt
import json

from conftest import imported, write_orders, write_sheet

D = dt.date
FIRMS = ["慈溪市甲电器有限公司", "慈溪市乙五金厂", "慈溪市丙塑料有限公司", "慈溪市丁模具厂"]
CONTACT_HEADERS = ["企业名称", "地址", "联系人", "电话", "客户分类", "区域经理"]


def _contacts(tmp_path, manager="王海波"):
    rows = [
        [n, f"浙江省宁波市慈溪市坎墩街道坎中路{i}号", "张三", f"1381234567{i}", "V", manager]
        for i, n in enumerate(FIRMS, start=1)
    ]
    return write_sheet(tmp_path, "contacts.xlsx", CONTACT_HEADERS, rows)


def _refund_workspace(cli, tmp_path):
    """丁 bought last December and returned most of it in January: the ranked customers hold 150% of the
    year's net sales."""
    orders = [
        [FIRMS[0], D(2026, 3, 1), "ERP", 1, 100000, "A1"],
        [FIRMS[1], D(2026, 3, 2), "ERP", 1, 100000, "B1"],
        [FIRMS[2], D(2026, 3, 3), "ERP", 1, 100000, "C1"],
        [FIRMS[3], D(2025, 12, 20), "ERP", 1, 200000, "D1"],
        [FIRMS[3], D(2026, 1, 10), "ERP", 1, -150000, "D2"],
    ]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))


def test_abc_classes_every_customer_when_refunds_push_the_share_past_101_percent(cli, tmp_path):
    _refund_workspace(cli, tmp_path)
    result = cli("sales", "--as-of", "2026-11-30", "-f", "json")
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.output)["customers"]
    # net 150,000: 甲 starts at 0% (A), 乙 at 67% (A), 丙 at 133% (C: past every limit)
    assert [r["ABC分类"] for r in ranking] == ["A", "A", "C"]
    report = cli("report", "--as-of", "2026-11-30", "--out", str(tmp_path / "r.xlsx"))
    assert report.exit_code == 0, report.output
    assert (tmp_path / "r.xlsx").exists()
