"""A firm-level update sheet (订单规模等级, 成交时间等级 by 企业名称) over a contact list (review r94 F4): the
row that lands on a contact without a name keeps that contact's cells, and 客户分类 / 是否关键联系人 stay the
fields' columns in pivots, lists and filters — never an original column of that name, blank."""

from __future__ import annotations

import csv
import io
import json

from conftest import connect, imported, write_sheet

FIRST, SECOND = "宁波华峰电器有限公司", "慈溪市宏信五金工具厂"


def test_an_update_sheet_leaves_the_tier_and_key_contact_fields_where_they_were(cli, db, tmp_path):
    headers = ["企业名称", "联系人", "电话", "客户分类", "是否关键联系人", "来源"]
    rows = [[FIRST, None, None, "A", None, "展会"], [SECOND, "李四", "13800000002", "B", "否", "网络"]]
    imported(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    before = cli("pivot", "--by", "客户分类", "--by", "是否关键联系人", "-f", "csv").stdout
    levels = [[FIRST, "重要", "本月内"], [SECOND, "部分", "有意向"]]
    imported(cli, write_sheet(tmp_path, "lv.xlsx", ["企业名称", "订单规模等级", "成交时间等级"], levels))
    pivot = cli("pivot", "--by", "客户分类", "--by", "是否关键联系人", "-f", "csv")
    table = {r["客户分类"]: r for r in csv.DictReader(io.StringIO(pivot.stdout))}
    assert set(table) == {"A", "B", "总计"}, pivot.stdout  # not all (空白)
    assert table["B"]["否"] == "1"
    assert before.splitlines()[0] == pivot.stdout.splitlines()[0]
    listed = cli("list", "--where", "客户分类=A", "-f", "csv")
    assert listed.exit_code == 0 and FIRST in listed.stdout, listed.output
    con = connect(db)
    try:
        mapping = json.loads(con.execute("SELECT mapping FROM imports ORDER BY id DESC").fetchone()[0])
    finally:
        con.close()
    assert mapping.get("客户分类") == "tier"  # the kept column, read as the first list read it
    exported = tmp_path / "x.csv"
    assert cli("export", exported).exit_code == 0
    text = exported.read_text(encoding="utf-8-sig")
    assert "重要" in text and "展会" in text  # the update's cells and the kept ones, in the export


def test_a_column_one_file_reads_as_a_field_stays_another_files_original_column(cli, tmp_path):
    """Review r95 F2: 类型 is 企业类型 as written in one list and, by --map, the tier in another: the
    first list's column is still one to pivot and filter by."""
    headers = ["企业名称", "地址", "联系人", "手机", "类型", "区域经理"]
    first = [
        ["慈溪市丙机械有限公司", "慈溪市周巷镇1号", "张一", "13800000001", "有限责任公司", "王海波"],
        ["慈溪市丁电子有限公司", "慈溪市周巷镇2号", "张二", "13800000002", "个人独资企业", "王海波"],
    ]
    imported(cli, write_sheet(tmp_path, "b.xlsx", headers, first))
    second = [["慈溪市甲电器有限公司", "慈溪市周巷镇3号", "张三", "13800000003", "A", "王海波"]]
    imported(cli, write_sheet(tmp_path, "a.xlsx", headers, second), "--map", "类型=tier")
    pivot = cli("pivot", "--by", "类型", "-f", "csv")
    assert pivot.exit_code == 0, pivot.output
    rows = {r["类型"]: r for r in csv.DictReader(io.StringIO(pivot.stdout))}
    assert rows["有限责任公司"]["联系人数"] == "1" and rows["个人独资企业"]["联系人数"] == "1", pivot.stdout
    listed = cli("list", "--where", "类型=有限责任公司", "-f", "csv")
    assert listed.exit_code == 0 and "慈溪市丙机械有限公司" in listed.stdout, listed.output
