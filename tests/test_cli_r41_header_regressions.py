"""Regressions of review r41 (D1, D2, D4, D5, D6), through the CLI on workbooks the tests write: the
first column matching a field wins (片区 is no 镇街 after 所在街道, 价税合计 no amount after 无税金额),
only a shop's 实付金额 wins over another amount column; 商品数量 is the quantity; a subtotal with a
count or qualifier (小计（3单）) is no order; set --town 'X（Y）' takes a township of county Y."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import connect, write_orders, write_xlsx
from regiontool.io.layout import field_of_header

FIRM = "慈溪市华峰电器有限公司"  # in conftest's contact rows


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _amounts(db, file: str) -> list[float]:
    sql = "SELECT amount FROM orders WHERE source_file = ? ORDER BY source_row"
    return [r[0] for r in connect(db).execute(sql, (file,)).fetchall()]


def test_a_contact_sheet_keeps_its_first_column_for_a_field_before_a_generic_one(cli, tmp_path):
    """D1: 所在街道 is the 镇街 and 对接销售 the 区域经理, not 片区 (a sales area) and 负责人 (the
    customer's boss) after them, exact aliases though they are."""
    headers = ["企业名称", "联系人", "手机", "地址", "所在街道", "片区", "对接销售", "负责人", "客户分类"]
    rows = [
        [
            "慈溪市星辰电子有限公司",
            "张三",
            "13800000001",
            "慈溪市坎墩街道1号",
            "坎墩街道",
            "东片",
            "李经理",
            "王总",
            "A",
        ],
        [
            "宁波华峰电器有限公司",
            "李四",
            "13800000002",
            "慈溪市周巷镇2号",
            "周巷镇",
            "西片",
            "李经理",
            "赵总",
            "B",
        ],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "所在街道 → 镇街" in result.output and "对接销售 → 区域经理" in result.output
    listed = list(csv.DictReader(io.StringIO(cli("list", "-f", "csv").stdout)))
    assert [(r["镇街"], r["区域经理"]) for r in listed] == [("坎墩街道", "李经理"), ("周巷镇", "李经理")]


def test_u8_net_amount_stays_the_amount_and_a_second_import_adds_nothing(cli, db, tmp_path):
    """D5: U8's 无税金额 | 税额 | 价税合计: the first, net, as before; without order numbers the same
    file imported again adds no line."""
    headers = ["单据日期", "客户名称", "存货名称", "数量", "无税金额", "税额", "价税合计"]
    rows = [[f"2026-10-0{i + 1}", FIRM, "电机", 1, 1000, 130, 1130] for i in range(3)]
    path = write_orders(tmp_path / "u8.xlsx", rows, headers=headers)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "无税金额 → 金额" in result.output
    again = _json(cli("import", path, "--json"))
    assert (again["orders_new"], again["orders_unchanged"]) == (0, 3)
    assert _amounts(db, "u8.xlsx") == [1000] * 3


@pytest.mark.parametrize("paid", ["实付金额", "买家实付"])
def test_a_shop_export_takes_what_the_buyer_paid_over_the_list_price(cli, db, tmp_path, paid):
    """D1+D5 keep the shop right: 实付金额 (and 买家实付) over 商品金额 before it. Not 实付款: in a
    B2B ledger it is what was paid so far (review r42 D4)."""
    headers = ["订单编号", "买家公司", "下单时间", "商品名称", "商品金额", paid]
    rows = [["T1", FIRM, "2026-10-01 12:34:56", "电机", 2000, 1800]]
    result = cli("import", write_orders(tmp_path / "shop.xlsx", rows, headers=headers))
    assert result.exit_code == 0, result.output
    assert f"{paid} → 金额" in result.output
    assert _amounts(db, "shop.xlsx") == [1800]


@pytest.mark.parametrize(
    "header", ["商品数量", "产品数量", "存货数量", "货品数量", "商品数量(件)", "产品数量（台）"]
)
def test_a_products_quantity_is_the_quantity_and_a_second_import_adds_nothing(cli, db, tmp_path, header):
    """D2: 商品 + 数量 is no count of products: the orders' quantity, part of a line's key without an
    order number, so the same file imported again adds nothing."""
    headers = ["客户名称", "订单日期", "商品名称", header, "金额"]
    rows = [[FIRM, "2026-10-01", "电机", 2, 1000], [FIRM, "2026-10-01", "电机", 3, 1000]]
    path = write_orders(tmp_path / "q.xlsx", rows, headers=headers)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert f"{header} → 数量" in result.output
    again = _json(cli("import", path, "--json"))
    assert (again["orders_new"], again["orders_unchanged"]) == (0, 2)
    quantities = connect(db).execute("SELECT quantity FROM orders ORDER BY source_row").fetchall()
    assert [q[0] for q in quantities] == [2, 3]


def test_a_count_of_contacts_is_still_no_field():
    assert field_of_header("联系人数") is None and field_of_header("联系人个数") is None
    assert field_of_header("商品数量", "orders") == "quantity"


def test_a_subtotal_with_a_count_or_qualifier_is_no_order_but_a_note_beginning_with_one_is(cli, db, tmp_path):
    """D4: under 产品 (or any column but a note's) a total word followed by a colon or an opening
    bracket is a subtotal row; under 备注 only the word alone; Total 2000 as a product is a line."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "产品", "金额", "备注"]
    rows = [
        [FIRM, "2026-10-01", "电机", 1000, ""],
        [FIRM, "2026-10-02", "Total 2000", 1000, "合计3箱"],
        [FIRM, "2026-10-03", "电机", 1000, "小计（3单）"],  # a note: a line
        [FIRM, "2026-10-03", "小计（3单）", 3000, ""],
        [FIRM, "2026-10-03", "合计：3笔", 3000, ""],
        [FIRM, "2026-10-03", "总计（含税）", 3000, ""],
        [FIRM, "2026-10-03", "电机", 3000, "小计"],
    ]
    acc = _json(cli("import", write_orders(tmp_path / "s.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (3, 4)
    assert _amounts(db, "s.xlsx") == [1000, 1000, 1000]


def test_set_town_with_its_county_takes_the_township_of_that_county(cli, db, tmp_path):
    """D6: 新桥镇（象山县） is the township 新桥镇 of 象山县 where the place-name data has it, though the
    workspace shows no such label (as import reads the cell); with another --county it is refused."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    for typed, town, county in (
        ("新桥镇（象山县）", "新桥镇", "象山县"),
        ("坎墩街道(慈溪市)", "坎墩街道", "慈溪市"),
    ):
        result = cli("set", FIRM, "--town", typed)
        assert result.exit_code == 0, result.output
        row = connect(db).execute("SELECT town, county FROM companies WHERE name = ?", (FIRM,)).fetchone()
        assert tuple(row) == (town, county)
    clash = cli("set", FIRM, "--town", "新桥镇(象山县)", "--county", "慈溪市")
    assert clash.exit_code == 2 and "Traceback" not in clash.output
    assert cli("set", FIRM, "--town", "坎墩街道(象山县)").exit_code == 2  # no such township there
