"""Import after review r73: columns read by the README's rule (the first of a field's columns), the tier
by its values; --replace under --manager; the tool's own outputs saved again by Excel; blank 区域经理
cells; a manager's name spelled another way."""

from __future__ import annotations

import csv
import datetime as dt
import json

from conftest import connect, explained, imported, write_orders, write_sheet

CRM = ["企业名称", "地址", "联系人", "手机", "客户等级", "客户分类", "区域经理"]
ADDRESS = "浙江省宁波市慈溪市龙山镇龙山大道1号"
FIRMS = [
    ("宁波华峰电器有限公司", "A", "终端客户"),
    ("慈溪市恒通日用品有限公司", "B", "经销商"),
    ("宁波顺联机械有限公司", "C", "终端客户"),
    ("宁波佳腾电子有限公司", "V", "代理商"),
]


def _crm(tmp_path, name="crm.xlsx", phone="13800000001"):
    rows = [[n, ADDRESS, "张三", phone, t, k, "王海波"] for n, t, k in FIRMS]
    return write_sheet(tmp_path, name, CRM, rows)


def test_a_crm_tier_column_is_read_over_a_customer_type_column_after_it(cli, tmp_path):
    result = imported(cli, _crm(tmp_path))
    assert "客户等级 → 客户分类" in result.stdout
    assert "客户分类 4 (100%)" in result.stdout
    assert {n: explained(cli, n)["tier"][0] for n, _, _ in FIRMS} == {n: t for n, t, _ in FIRMS}


def test_a_workspace_keeps_its_tiers_when_the_crm_sheet_is_imported_again(cli, tmp_path):
    # as a workspace made before 63c844d read it: 客户等级 the tier, 客户分类 kept as it is
    imported(cli, _crm(tmp_path), "--map", "客户分类=-")
    result = imported(cli, _crm(tmp_path, "crm2.xlsx", phone="13800000002"))
    assert "客户分类 4 (100%)" in result.stdout
    assert {n: explained(cli, n)["tier"][0] for n, _, _ in FIRMS} == {n: t for n, t, _ in FIRMS}


def test_the_tier_column_taken_by_its_values_says_why_when_it_is_not_the_first(cli, tmp_path):
    rows = [[n, ADDRESS, k, t] for n, t, k in FIRMS]
    path = write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址", "客户分类", "客户等级"], rows)
    result = imported(cli, path)
    assert "客户等级 → 客户分类（按取值：客户分类的值不是客户分类）" in result.stdout
    assert explained(cli, FIRMS[3][0])["tier"][0] == "V"


def test_an_invoice_export_reads_the_first_amount_column(cli, db, tmp_path):
    headers = ["开票日期", "客户名称", "存货名称", "数量", "价税合计", "金额", "税额", "发票号"]
    rows = [[dt.date(2026, 11, 2 + i), FIRMS[0][0], "电机", 1, 11300, 10000, 1300, f"F{i}"] for i in range(4)]
    result = imported(cli, write_orders(tmp_path / "invoices.xlsx", rows, headers=headers))
    assert "价税合计 → 金额" in result.stdout
    con = connect(db)
    try:
        total = con.execute("SELECT SUM(amount) FROM orders").fetchone()[0]
    finally:
        con.close()
    assert float(total) == 4 * 11300


def test_replace_period_under_manager_keeps_payments_of_unlinked_and_unowned_customers(cli, tmp_path):
    own = write_sheet(tmp_path, "li.xlsx", ["公司名称", "地址"], [[FIRMS[0][0], ADDRESS]])
    imported(cli, own, "--manager", "李经理")
    nobody = write_sheet(tmp_path, "n.xlsx", ["公司名称", "地址"], [[FIRMS[1][0], ADDRESS]])
    imported(cli, nobody)
    headers = ["客户名称", "回款日期", "回款金额"]
    colleague = [[FIRMS[1][0], "2026-02-01", 1_000], ["某某未登记贸易商行", "2026-02-02", 2_000]]
    imported(cli, write_orders(tmp_path / "b_pay.xlsx", colleague, headers=headers))
    rows = [[FIRMS[0][0], "2026-01-10", 500], [FIRMS[0][0], "2026-03-20", 600]]
    mine = write_orders(tmp_path / "l_pay.xlsx", rows, headers=headers)
    result = cli("import", mine, "--replace-period", "--manager", "李经理", "--json")
    assert result.exit_code == 0, result.output
    acc = json.loads(result.stdout)
    assert (acc["payments_removed"], acc["payments_unowned_kept"]) == (0, 2)
    text = imported(cli, mine, "--replace-period", "--manager", "李经理", "--dry-run").stdout
    assert "另有 2 笔未关联客户或无区域经理企业的回款未删除：不带 --manager 再导入可删除" in text


def test_the_tools_own_tables_saved_again_as_xlsx_or_utf16_text_are_no_contact_lists(cli, tmp_path):
    imported(cli, _crm(tmp_path))
    plan, listed = tmp_path / "p.csv", tmp_path / "l.csv"
    assert cli("plan", "--start", "2026-11-30", "--out", plan).exit_code == 0
    assert cli("list", "--out", listed).exit_code == 0
    rows = list(csv.reader(plan.open(encoding="utf-8-sig")))
    saved = write_sheet(tmp_path, "p.xlsx", [*rows[0], "完成情况"], [[*r, ""] for r in rows[1:]])
    text = listed.read_text(encoding="utf-8-sig").replace(",", "\t")
    (u16 := tmp_path / "l_u16.txt").write_text(text, encoding="utf-16")
    for path, said in (
        (saved, "p.xlsx 是 regiontool plan 写的计划"),
        (u16, "l_u16.txt 是 regiontool 的输出"),
    ):
        refused = cli("import", "--dry-run", path)
        assert refused.exit_code == 1, refused.output
        assert said in refused.stderr
    both = cli("import", "--dry-run", saved, u16, _crm(tmp_path, "crm2.xlsx", phone="13800000002"))
    assert both.exit_code == 0, both.output
    assert "p.xlsx：这是 regiontool plan 写的计划" in both.stderr
    assert "l_u16.txt：这是 regiontool 的输出" in both.stderr
    assert "更新 4" in both.stdout


def _leads(tmp_path):
    """Two new firms under a 区域经理 column left blank (leads not assigned yet)."""
    rows = [["慈溪市新潮五金有限公司", ADDRESS, "李四", "13900000001", "A", ""]]
    rows.append(["宁波海曙新起点贸易有限公司", ADDRESS, "王五", "13900000002", "B", None])
    return write_sheet(
        tmp_path, "leads.xlsx", ["企业名称", "地址", "联系人", "手机", "客户分类", "区域经理"], rows
    )


def test_new_firms_with_a_blank_manager_cell_go_to_the_manager_importing_them(cli, tmp_path):
    imported(cli, _crm(tmp_path))
    result = imported(cli, _leads(tmp_path), "--manager", "李经理")
    assert "新增的 2 家企业归 李经理" in result.output
    assert explained(cli, "慈溪市新潮五金有限公司")["manager"][0] == "李经理"
    assert explained(cli, "宁波华峰电器有限公司")["manager"][0] == "王海波"


def test_new_firms_with_a_blank_manager_cell_are_said_to_be_nobodys(cli, tmp_path):
    imported(cli, _crm(tmp_path))
    assert "注意：新增的 2 家企业没有区域经理" in imported(cli, _leads(tmp_path)).output


def test_a_managers_name_spelled_otherwise_is_the_manager_the_workspace_knows(cli, tmp_path):
    base = [[FIRMS[0][0], ADDRESS, "张三", "13800000001", "孙志强"]]
    imported(
        cli, write_sheet(tmp_path, "base.xlsx", ["企业名称", "地址", "联系人", "手机", "区域经理"], base)
    )
    rows = [[FIRMS[0][0], "张三", "13800000001"], ["慈溪市新潮五金有限公司", "李四", "13900000001"]]
    mine = write_sheet(tmp_path, "k.xlsx", ["企业名称", "联系人", "手机"], rows)
    result = imported(cli, mine, "--manager", "孫志強")
    assert "新增的 1 家企业归 孙志强" in result.output and "孫志強" not in result.output
    assert explained(cli, "慈溪市新潮五金有限公司")["manager"][0] == "孙志强"
    for spelling in ("孫志強", "孙 志强", "孙志强 "):
        listed = cli("list", "--manager", spelling, "-f", "json")
        assert listed.exit_code == 0, listed.output
        assert {r["企业名称"] for r in json.loads(listed.stdout)} == {FIRMS[0][0], "慈溪市新潮五金有限公司"}
