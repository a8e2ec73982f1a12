"""Review r75, through the CLI on workbooks the tests write: firm identity. A simplified name holding 乾
with one stray traditional character stays 乾 (F3)."""

from __future__ import annotations

import csv
import datetime as dt

from conftest import imported, write_orders, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类"]


def _contacts(tmp_path, names, name="contacts.xlsx"):
    rows = [
        [n, f"浙江省宁波市慈溪市坎墩街道{i}号", f"联系人{i}", f"138{i:08d}", "C"] for i, n in enumerate(names)
    ]
    return write_sheet(tmp_path, name, HEADERS, rows)


def _sales(cli) -> dict[str, float]:
    result = cli("sales", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {r["客户"]: float(r["金额"]) for r in csv.DictReader(result.stdout.splitlines())}


def test_a_simplified_name_with_one_traditional_character_keeps_its_kept_character(cli, tmp_path):
    """宁波乾丰電器 is simplified text (宁 丰 are simplified-only) with a stray 電: 宁波乾丰's order, not
    宁波干丰's; 寧波乾燥設備 is traditional text, so still 宁波干燥设备's (review r75 F3)."""
    firms = ["宁波乾丰电器有限公司", "宁波干丰电器有限公司", "宁波干燥设备有限公司"]
    imported(cli, _contacts(tmp_path, firms))
    orders = [
        ["宁波乾丰電器有限公司", dt.date(2026, 10, 5), "A", 1, 50000, None],
        ["宁波乾丰电器有限公司", dt.date(2026, 10, 6), "A", 1, 1000, None],
        ["寧波乾燥設備有限公司", dt.date(2026, 10, 7), "A", 1, 3000, None],
    ]
    out = imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    assert "关联 2 家企业" in out.stdout
    assert _sales(cli) == {"宁波乾丰电器有限公司": 51000, "宁波干燥设备有限公司": 3000}
