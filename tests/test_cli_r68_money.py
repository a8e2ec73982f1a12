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


def _sales_total(cli, *args):
    result = cli("sales", "--as-of", "2026-11-30", "--by", "product", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return next(r for r in json.loads(result.output)["product"] if r["产品"] == "总计")["金额"]


def test_a_money_header_naming_its_unit_with_a_label_scales_like_wan_yuan(cli, tmp_path):
    headers = ["客户名称", "订单日期", "产品", "数量", "金额（单位：万元）", "订单编号"]
    orders = [[FIRMS[0], D(2026, 5, 6), "ERP", 1, 12.5, "X1"], [FIRMS[1], D(2026, 5, 7), "ERP", 1, 3, "X2"]]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders, headers=headers))
    assert _sales_total(cli) == 155_000


def test_header_unit_forms():
    from regiontool.normalize import header_unit, named_unit

    for header in (
        "金额（单位：万元）",
        "金额(单位:万元)",
        "金额 (单位 万元)",
        "金额（金额单位：万元）",
        "金額（單位：萬元）",
    ):
        assert header_unit(header) == 10_000, header
    assert named_unit("金额") is None and named_unit("金额（元）") == 1


def test_a_title_row_naming_the_unit_scales_a_bare_money_column_and_the_import_says_so(cli, tmp_path):
    orders = [[FIRMS[0], D(2026, 5, 6), "ERP", 1, 12.5, "X1"], [FIRMS[1], D(2026, 5, 7), "ERP", 1, 3, "X2"]]
    path = write_orders(tmp_path / "o.xlsx", orders, title="2026年订单明细（金额单位：万元）")
    result = imported(cli, _contacts(tmp_path), path)
    assert "金额按标题所写单位换算" in result.output
    assert _sales_total(cli) == 155_000
    # a header naming its own unit keeps it: 金额（元） under the same title is yuan
    headers = ["客户名称", "订单日期", "产品", "数量", "金额（元）", "订单编号"]
    path = write_orders(
        tmp_path / "o2.xlsx", orders, headers=headers, title="2026年订单明细（金额单位：万元）"
    )
    imported(cli, path, "--replace")
    assert _sales_total(cli) == 15.5


def _budget(tmp_path, name, title, header, rows):
    import xlsxwriter

    path = tmp_path / name
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("预算")
    r = 0
    if title:
        ws.write_string(0, 0, title)
        r = 2
    for j, h in enumerate(header):
        ws.write_string(r, j, h)
    for i, row in enumerate(rows, start=r + 1):
        for j, v in enumerate(row):
            if v is not None:
                (ws.write_number if isinstance(v, (int, float)) else ws.write_string)(i, j, v)
    wb.close()
    return path


def _pnl_items(cli, year="2027", as_of="2027-03-15"):
    result = cli("pnl", "--year", year, "--as-of", as_of, "-f", "json")
    assert result.exit_code == 0, result.output
    return {r["项目"]: r for r in json.loads(result.output)["pnl"]}


def test_a_budget_in_wan_yuan_by_title_or_labelled_header(cli, tmp_path):
    imported(cli, _contacts(tmp_path))
    rows = [[f"2027-{m:02d}", "人员工资", 8.5, None] for m in range(1, 13)]
    path = _budget(
        tmp_path, "b.xlsx", "2027年区域费用预算（单位：万元）", ["月份", "项目", "预算", "实际"], rows
    )
    result = cli("budget", str(path), "--year", "2027")
    assert result.exit_code == 0, result.output
    assert "2027年区域费用预算（单位：万元）" in result.output
    assert _pnl_items(cli)["费用·人员工资"]["计划"] == 1_020_000
    path = _budget(tmp_path, "b2.xlsx", None, ["月份", "项目", "预算（单位：万元）", "实际"], rows)
    assert cli("budget", str(path), "--year", "2027").exit_code == 0
    assert _pnl_items(cli)["费用·人员工资"]["计划"] == 1_020_000


def test_a_targets_file_in_wan_yuan_by_title_or_labelled_header(cli, tmp_path):
    imported(cli, _contacts(tmp_path))
    path = _budget(tmp_path, "t.xlsx", "2027年销售目标（单位：万元）", ["期间", "目标"], [["2027", 300]])
    result = cli("target", "set", "--file", str(path))
    assert result.exit_code == 0, result.output
    assert "单位" in result.output
    path = _budget(tmp_path, "t2.xlsx", None, ["期间", "目标（单位：万元）"], [["2028", 1200]])
    assert cli("target", "set", "--file", str(path)).exit_code == 0
    shown = cli("target", "show", "2027").output + cli("target", "show", "2028").output
    assert "¥3,000,000" in shown and "¥12,000,000" in shown


def test_track_shows_unlinked_customers_apart_from_firms_with_no_manager_and_gives_them_no_target(
    cli, tmp_path
):
    rows = [
        [
            n,
            f"浙江省宁波市慈溪市坎墩街道坎中路{i}号",
            "张三",
            f"1381234567{i}",
            "V",
            "王海波" if i < 4 else None,
        ]
        for i, n in enumerate(FIRMS, start=1)
    ]
    contacts = write_sheet(tmp_path, "contacts.xlsx", CONTACT_HEADERS, rows)
    orders = [
        [FIRMS[0], D(2026, 10, 5), "ERP", 1, 1000, "A1"],
        [FIRMS[0], D(2025, 10, 5), "ERP", 1, 3000, "A0"],
        [FIRMS[3], D(2026, 10, 7), "ERP", 1, 700, "D1"],  # 丁: no manager
        [FIRMS[3], D(2025, 10, 7), "ERP", 1, 1000, "D0"],
        ["宁波某某公司", D(2026, 10, 6), "ERP", 1, 5000, "X1"],  # in no contact sheet
        ["宁波某某公司", D(2025, 10, 6), "ERP", 1, 6000, "X0"],
    ]
    imported(cli, contacts, write_orders(tmp_path / "o.xlsx", orders))
    assert cli("target", "set", "2026Q4", "40000").exit_code == 0
    result = cli("track", "--period", "2026Q4", "--as-of", "2026-11-30", "-f", "json")
    assert result.exit_code == 0, result.output
    managers = {r["区域经理"]: r for r in json.loads(result.output)["manager"]}
    assert managers["(未关联客户)"]["实际"] == 5000 and managers["(未关联客户)"]["目标"] == 0
    assert managers["(空白)"]["实际"] == 700
    # the target is shared by last year's sales of the managers' firms only: 3,000 : 1,000
    assert (managers["王海波"]["目标"], managers["(空白)"]["目标"]) == (30000, 10000)
    assert managers["合计"]["实际"] == 6700


def test_a_budget_file_again_for_the_year_replaces_it_and_says_what_went(cli, tmp_path):
    imported(cli, _contacts(tmp_path))
    header = ["月份", "项目", "预算", "实际"]
    first = [[f"2027-{m:02d}", item, 1000, 900] for m in range(1, 13) for item in ("人员工资", "办公费用")]
    assert (
        cli("budget", str(_budget(tmp_path, "b1.xlsx", None, header, first)), "--year", "2027").exit_code == 0
    )
    # corrected: 办公费用 gone, 人员工资's 实际 of January blank (not booked after all)
    second = [[f"2027-{m:02d}", "人员工资", 1000, None if m == 1 else 900] for m in range(1, 13)]
    result = cli("budget", str(_budget(tmp_path, "b2.xlsx", None, header, second)), "--year", "2027")
    assert result.exit_code == 0, result.output
    assert "12 行" in result.output and "办公费用" in result.output
    items = _pnl_items(cli, as_of="2027-03-15")
    assert "费用·办公费用" not in items
    assert items["费用合计"]["计划"] == 12_000 and items["费用·人员工资"]["实际"] == 11 * 900  # not 12 × 900


def _sheet(path, name):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return wb[next(s for s in wb.sheetnames if name in s)]


def _column(ws, header):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                return [ws.cell(r, cell.column) for r in range(cell.row + 1, ws.max_row + 1)]
    raise AssertionError(f"no {header} in {ws.title}")


def test_the_customer_ranking_writes_the_company_id_as_an_id(cli, tmp_path):
    _refund_workspace(cli, tmp_path)
    out = tmp_path / "sales.xlsx"
    assert cli("sales", "--as-of", "2026-11-30", "--out", str(out)).exit_code == 0
    ids = [c for c in _column(_sheet(out, "客户排名"), "企业编号") if c.value is not None]
    assert ids and all(c.number_format == "0" for c in ids)


def test_money_cells_in_the_workbook_are_rounded_to_the_fen(cli, tmp_path):
    orders = [[FIRMS[0], D(2026, 1, d), "ERP", 1, a, f"A{d}"] for d, a in ((5, 0.1), (7, 0.1), (9, 0.4))]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))
    out = tmp_path / "sales.xlsx"
    assert cli("sales", "--as-of", "2026-11-30", "--out", str(out)).exit_code == 0
    product = next(c for c in _column(_sheet(out, "产品销售"), "金额") if c.value)
    assert product.value == 0.6  # 0.1 + 0.1 + 0.4 = 0.6000000000000001 in floating point


def test_pnl_month_without_an_expense_actual_shows_blank_actuals_not_zero(cli, tmp_path):
    orders = [[FIRMS[0], D(2027, m, 10), "ERP", 1, 5000, f"A{m}"] for m in (1, 2)]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))
    header = ["月份", "项目", "预算", "实际"]
    rows = [[f"2027-{m:02d}", "人员工资", 1000, 800 if m == 1 else None] for m in range(1, 13)]
    assert (
        cli("budget", str(_budget(tmp_path, "b.xlsx", None, header, rows)), "--year", "2027").exit_code == 0
    )
    result = cli("pnl", "--year", "2027", "--as-of", "2027-03-15", "-f", "json")
    assert result.exit_code == 0, result.output
    months = {r["月份"]: r for r in json.loads(result.output)["month"]}
    assert (months["2027-01"]["费用实际"], months["2027-01"]["利润实际"]) == (800, 4200)
    assert (months["2027-02"]["费用实际"], months["2027-02"]["利润实际"]) == (None, None)
    assert months["合计"]["利润实际"] == 10000 - 800  # as the item table's 利润: income less booked expenses
    out = tmp_path / "p.xlsx"
    assert cli("pnl", "--year", "2027", "--as-of", "2027-03-15", "--out", str(out)).exit_code == 0
    feb = next(c.row for c in _column(_sheet(out, "月份"), "月份") if c.value == "2027-02")
    ws = _sheet(out, "月份")
    header_row = next(c.row for c in ws["A"] if c.value == "月份")
    values = {ws.cell(header_row, j).value: ws.cell(feb, j).value for j in range(1, ws.max_column + 1)}
    assert values["费用实际"] is None and values["利润实际"] is None


def test_sales_counts_a_refund_in_the_amounts_but_not_as_an_order_line_or_a_buyer(cli, tmp_path):
    orders = [
        [FIRMS[0], D(2025, 12, 1), "ERP", 1, 100000, "A1"],
        [FIRMS[0], D(2026, 1, 5), "ERP", 1, -100000, "A2"],  # 甲 bought nothing in 2026
        [FIRMS[1], D(2026, 2, 1), "ERP", 1, 20000, "B1"],
    ]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))
    result = cli("sales", "--as-of", "2026-11-30", "--by", "town", "--by", "product", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for view in ("town", "product"):
        total = next(r for r in data[view] if r[next(iter(r))] == "总计")
        assert (total["金额"], total["客户数"], total["订单行数"]) == (-80000, 1, 1), view
    assert any("1 条退款行" in n for n in data["notes"])


def _credit_note_workspace(cli, tmp_path):
    """乙 bought 5,000 and got a credit note of 7,000, paying nothing; 甲 bought 1,000 and paid it; 丙's
    June sale was credited back."""
    orders = [
        [FIRMS[0], D(2026, 2, 1), "ERP", 1, 1000, "A1"],
        [FIRMS[1], D(2026, 3, 1), "ERP", 1, 5000, "B1"],
        [FIRMS[1], D(2026, 4, 1), "ERP", 1, -7000, "B2"],
        [FIRMS[2], D(2026, 1, 10), "ERP", 1, 4000, "C1"],
        [FIRMS[2], D(2026, 6, 10), "ERP", 1, 3000, "C2"],
        [FIRMS[2], D(2026, 6, 20), "ERP", 1, -3000, "C3"],  # takes back the June sale
    ]
    payments = write_sheet(
        tmp_path, "p.xlsx", ["客户名称", "回款日期", "回款金额"], [[FIRMS[0], "2026-03-01", 1000]]
    )
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders), payments)
    result = cli("receivables", "--as-of", "2026-11-30", "--months", "12", "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_receivables_plan_nets_credit_notes(cli, tmp_path):
    data = _credit_note_workspace(cli, tmp_path)
    planned = {
        (r["客户"], k[:7]): v
        for r in data["collections"]
        for k, v in r.items()
        if k.endswith("计划回款") and v and r["客户"] != "合计"
    }
    assert not any(name == FIRMS[1] for name, _month in planned), planned  # 乙 owes nothing
    assert planned[(FIRMS[2], "2026-02")] == 4000 and (FIRMS[2], "2026-07") not in planned


def test_receivables_says_a_credit_from_returns_is_not_prepaid(cli, tmp_path):
    data = _credit_note_workspace(cli, tmp_path)
    assert any("¥2,000 来自退货/红冲超过购买（1 个客户）" in n for n in data["notes"]), data["notes"]


def test_track_keeps_a_row_that_had_sales_only_last_year(cli, tmp_path):
    """Review r91 F1: unlinked orders (and a product not sold since) in last year's dates only still have
    their row, so every table's 去年同期 合计 is the headline's."""
    orders = [
        [FIRMS[0], D(2025, 10, 10), "ERP", 1, 100000, "A0"],
        ["宁波丙塑料有限公司", D(2025, 10, 12), "ERP", 1, 50000, "X0"],  # in no contact sheet
        [FIRMS[0], D(2025, 10, 14), "服务", 1, 20000, "A1"],  # not sold this year
        [FIRMS[0], D(2026, 10, 10), "ERP", 1, 80000, "A2"],
    ]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))
    assert cli("target", "set", "2026Q4", "200000").exit_code == 0
    result = cli("track", "--period", "2026Q4", "--as-of", "2026-11-20", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for table, column in (("month", "月份"), ("manager", "区域经理"), ("product", "产品")):
        rows = {r[column]: r for r in data[table]}
        assert rows["合计"]["去年同期"] == 170000, (table, rows)
    managers = {r["区域经理"]: r for r in data["manager"]}
    assert managers["(未关联客户)"]["去年同期"] == 50000 and managers["(未关联客户)"]["实际"] == 0


def test_pnl_says_which_months_a_quarters_target_leaves_without_a_plan(cli, tmp_path):
    """Review r94 F2: with only 2026Q4's target the year's income plan is that quarter's: the notes say
    January–September have none (counted 0) and how to set the year's; a year's target has no such line."""
    orders = [
        [FIRMS[0], D(2026, 3, 1), "ERP", 1, 100000, "A1"],
        [FIRMS[1], D(2026, 10, 2), "ERP", 1, 50000, "B1"],
    ]
    imported(cli, _contacts(tmp_path), write_orders(tmp_path / "o.xlsx", orders))
    assert cli("target", "set", "2026Q4", "90000").exit_code == 0
    result = cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "-f", "json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    assert any("只来自 2026Q4 的销售目标：1–9 月没有收入计划" in n for n in notes), notes
    en = json.loads(
        cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "-f", "json", "--lang", "en").stdout
    )
    assert any("months 1–9 have no income plan" in n for n in en["notes"]), en["notes"]
    assert cli("target", "set", "2026", "400000").exit_code == 0
    notes = json.loads(cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "-f", "json").stdout)["notes"]
    assert not any("没有收入计划" in n for n in notes), notes
