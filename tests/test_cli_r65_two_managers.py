"""Two managers on one workspace (review r65): one manager's import never removes, reports or
leaves unowned what is another's — through the CLI on generated workbooks, on SQLite and on the
shared server (the cli fixture runs both)."""

from __future__ import annotations

import json

from conftest import imported, write_orders, write_sheet

ZHANG = "宁波北仑张氏精密机械有限公司"
LI = "慈溪市李记电器有限公司"
NOBODY = "余姚市无主塑料制品有限公司"
STRANGER = "某某未登记贸易商行"  # in no contact list: its lines are linked to no firm
CONTACT_HEADERS = ["公司名称", "地址", "联系人", "电话"]


def _two_managers(cli, tmp_path):
    z = write_sheet(
        tmp_path,
        "z.xlsx",
        [*CONTACT_HEADERS, "区域经理"],
        [[ZHANG, "宁波市北仑区", "张三", "13800000001", "张经理"]],
    )
    imported(cli, z)
    li = write_sheet(tmp_path, "l.xlsx", CONTACT_HEADERS, [[LI, "慈溪市", "李四", "13800000002"]])
    imported(cli, li, "--manager", "李经理")
    n = write_sheet(tmp_path, "n.xlsx", CONTACT_HEADERS, [[NOBODY, "余姚市", "王五", "13800000003"]])
    imported(cli, n)


def _sales(cli, manager: str) -> dict:
    result = cli(
        "sales",
        "--year",
        "2026",
        "--as-of",
        "2026-11-20",
        "--by",
        "customers",
        "-f",
        "json",
        *(["--all"] if manager == "--all" else ["--manager", manager]),
    )
    assert result.exit_code == 0, result.output
    return {c["客户"]: c["金额"] for c in json.loads(result.stdout)["customers"]}


def test_replace_period_under_manager_leaves_other_managers_lines(cli, tmp_path):
    _two_managers(cli, tmp_path)
    others = [
        [ZHANG, "2026-02-01", "ERP", 1, 10_000, "Z1"],
        [ZHANG, "2026-03-01", "ERP", 1, 20_000, "Z2"],
        [NOBODY, "2026-02-15", "ERP", 1, 3_000, "N1"],
        [STRANGER, "2026-02-20", "ERP", 1, 4_000, "S1"],
        [LI, "2026-02-25", "ERP", 1, 7_000, "L0"],
    ]
    imported(cli, write_orders(tmp_path / "z_orders.xlsx", others))
    mine = write_orders(
        tmp_path / "l_orders.xlsx",
        [[LI, "2026-01-10", "ERP", 1, 5_000, "L1"], [LI, "2026-03-20", "ERP", 1, 6_000, "L2"]],
    )
    imported(cli, mine, "--manager", "李经理")

    again = cli("import", mine, "--replace-period", "--manager", "李经理")
    assert again.exit_code == 0, again.output
    # only 李经理's own firm's line goes; 张经理's two stay, and so do the unowned firm's line and the
    # unlinked one (a colleague's import may have brought them: review r73 F2), and the line says so
    assert (
        "删除了本文件日期范围（2026-01-10 至 2026-03-20）内此前导入、本文件没有的 1 条订单行" in again.stdout
    )
    assert "另有 2 条订单行属于其他经理的企业（张经理 2），未删除" in again.stdout
    assert "另有 2 条未关联客户或无区域经理企业的订单行未删除：不带 --manager 再导入可删除" in again.stdout
    # imported before, yet it removes lines: the first line no longer says it changes nothing
    assert "不再以它新增或改动任何数据" not in again.stdout
    assert "只删除它没有的行" in again.stdout
    assert _sales(cli, "张经理") == {ZHANG: 30_000}
    assert _sales(cli, "李经理") == {LI: 11_000}
    assert {c: a for c, a in _sales(cli, "--all").items() if c in (NOBODY, STRANGER)} == {
        NOBODY: 3_000,
        STRANGER: 4_000,
    }


def test_replace_under_manager_keeps_another_managers_line_of_an_earlier_version(cli, tmp_path):
    _two_managers(cli, tmp_path)
    path = tmp_path / "订单明细.xlsx"
    z1 = [ZHANG, "2026-02-01", "ERP", 1, 10_000, "Z1"]
    li = [[LI, f"2026-0{m}-10", "ERP", 1, 1_000, f"L{m}"] for m in range(1, 7)]
    imported(cli, write_orders(path, [z1, *li]), "--manager", "李经理")
    result = cli("import", write_orders(path, li[:5]), "--replace", "--manager", "李经理", "--json")
    assert result.exit_code == 0, result.output
    acc = json.loads(result.stdout)
    assert (acc["orders_removed"], acc["orders_of_other_managers_kept"]) == (1, 1)
    assert _sales(cli, "张经理") == {ZHANG: 10_000}
    assert _sales(cli, "李经理") == {LI: 5_000}


def test_replace_period_of_payments_under_manager_leaves_other_managers_payments(cli, tmp_path):
    _two_managers(cli, tmp_path)
    headers = ["客户名称", "回款日期", "回款金额"]
    imported(cli, write_orders(tmp_path / "z_pay.xlsx", [[ZHANG, "2026-02-01", 1_000]], headers=headers))
    mine = write_orders(
        tmp_path / "l_pay.xlsx", [[LI, "2026-01-10", 500], [LI, "2026-03-20", 600]], headers=headers
    )
    result = cli("import", mine, "--replace-period", "--manager", "李经理", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 payment of other managers' companies (张经理 1) left alone" in result.stdout
    assert "nothing else within this file's dates" in result.stdout


def test_report_and_export_under_manager_list_only_their_problems_and_imports(cli, tmp_path):
    import openpyxl

    _two_managers(cli, tmp_path)
    # 张经理's file: a problem at his firm's row (a bad tier) and an order line of an unknown customer
    z = write_sheet(
        tmp_path,
        "z2.xlsx",
        ["公司名称", "地址", "分类", "区域经理"],
        [[ZHANG, "宁波市北仑区", "XYZ", "张经理"]],
    )
    imported(cli, z)
    imported(cli, write_orders(tmp_path / "z_orders.xlsx", [[STRANGER, "2026-02-20", "ERP", 1, 4_000, "S1"]]))
    li = write_sheet(tmp_path, "l2.xlsx", ["公司名称", "地址", "分类"], [[LI, "慈溪市", "QQ"]])
    imported(cli, li, "--manager", "李经理")

    out = tmp_path / "l_report.xlsx"
    result = cli("report", "--manager", "李经理", "--out", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for row in book["问题"].iter_rows() for c in row if c.value is not None]
    assert "l2.xlsx" in cells
    assert not {"z2.xlsx", "z_orders.xlsx", "z.xlsx"} & set(cells)
    overview = [str(c.value) for row in book["概览"].iter_rows() for c in row if c.value is not None]
    assert not any("z2.xlsx" in v or "z_orders.xlsx" in v for v in overview)
    assert any("李经理 的范围" in v for v in overview)

    exported = tmp_path / "l_export.xlsx"
    assert cli("export", exported, "--manager", "李经理").exit_code == 0
    sheet = openpyxl.load_workbook(exported)["问题"]
    files = {str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None}
    assert "l2.xlsx" in files and not {"z2.xlsx", "z_orders.xlsx"} & files


def test_an_import_without_manager_on_a_workspace_with_managers_says_its_new_firms_are_unowned(cli, tmp_path):
    _two_managers(cli, tmp_path)
    orphans = write_sheet(
        tmp_path,
        "orphans.xlsx",
        CONTACT_HEADERS,
        [[f"宁波孤儿{i}号机械有限公司", "宁波市", "赵六", ""] for i in range(3)],
    )
    dry = cli("import", orphans, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "注意：新增的 3 家企业没有区域经理" in dry.output
    assert "--manager 姓名" in dry.output
    en = cli("import", orphans, "--lang", "en", "--json")
    assert json.loads(en.stdout)["new_without_manager"] == 3
    # with --manager, or on a workspace where no firm has a manager, nothing to say
    mine = write_sheet(
        tmp_path, "mine.xlsx", CONTACT_HEADERS, [["宁波李家新厂有限公司", "宁波市", "孙七", ""]]
    )
    assert "家企业没有区域经理" not in imported(cli, mine, "--manager", "李经理").output


def test_an_import_on_a_workspace_without_managers_says_nothing_of_owners(cli, tmp_path):
    solo = write_sheet(tmp_path, "solo.xlsx", CONTACT_HEADERS, [[LI, "慈溪市", "李四", "13800000002"]])
    imported(cli, solo)
    other = write_sheet(tmp_path, "more.xlsx", CONTACT_HEADERS, [[NOBODY, "余姚市", "王五", "13800000003"]])
    assert "家企业没有区域经理" not in imported(cli, other).output


def test_an_import_under_manager_says_which_of_its_firms_stay_another_managers(cli, tmp_path):
    _two_managers(cli, tmp_path)
    both = write_sheet(
        tmp_path,
        "both.xlsx",
        CONTACT_HEADERS,
        [[ZHANG, "宁波市北仑区", "张三", ""], [LI, "慈溪市", "李四", ""]],
    )
    result = cli("import", both, "--manager", "李经理")
    assert result.exit_code == 0, result.output
    assert "其中 1 家企业归 张经理，保持不变" in result.stdout
    en = cli("import", both, "--manager", "王经理", "--lang", "en", "--json")
    assert json.loads(en.stdout)["kept_by_other_managers"] == 2


def test_psycopg_log_lines_are_not_printed_beside_the_one_error_line():
    """psycopg logs what it ignores while a lost connection is torn down (a WARNING that logging's
    last-resort handler printed with a Python repr); the CLI's error line says it once."""
    import subprocess
    import sys

    code = (
        "import logging, regiontool.cli; "
        "logging.getLogger('psycopg').warning('error ignored terminating <psycopg.Pipeline [BAD]>')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr == ""


def test_a_second_managers_db_copy_into_the_team_workspace_says_what_to_do(cli, db, tmp_path):
    _two_managers(cli, tmp_path)
    own = tmp_path / "li.db"
    li = write_sheet(tmp_path, "li_own.xlsx", CONTACT_HEADERS, [["慈溪市李家第二厂", "慈溪市", "李四", ""]])
    imported(cli, li, "--db", own)
    result = cli("db", "copy", "--from", own, "--to", db)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert "团队工作区由第一位经理复制自己的文件进去，其他经理用 regiontool import --manager 姓名" in line
    assert "set 改过的值、done 记下的活动、变更历史和目标不会随之带过去" in line
