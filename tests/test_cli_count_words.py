"""English lines take the word that fits their count (vocab.fill): 1 company, 2 companies; the
Chinese lines are the same as before."""

from __future__ import annotations

import datetime as dt

from conftest import write_orders, write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "手机", "区域经理"]
FIRMS = ["慈溪市华峰电器有限公司", "宁波宏达五金厂"]


def _row(firm, contact, phone, manager="王海波"):
    return [firm, "浙江省宁波市慈溪市长河镇垫桥村118号", contact, phone, manager]


NAMELESS = [None, "新浦镇", "孙丽", "13600000002", None]
BLANK = [None] * 5


def _import(cli, tmp_path, rows, *args):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    r = cli("import", path, *args)
    assert r.exit_code == 0, r.output
    return r.output


def test_the_import_line_says_1_company_1_contact_1_problem(cli, tmp_path):
    rows = [_row(FIRMS[0], "张伟", "13812345678"), BLANK, NAMELESS]
    en = _import(cli, tmp_path, rows, "--dry-run", "--lang", "en")
    assert (
        "2 rows read → 1 company (1 new, 0 updated, 0 unchanged), 1 contact, 0 rows merged into companies "
        "already seen, 1 rejected; 1 problem (1 blank row skipped)" in en
    )
    zh = _import(cli, tmp_path, rows)
    assert (
        "读取 2 行 → 1 家企业（新增 1，更新 0，未变 0），1 个联系人，0 行并入已有企业，拒收 1 行；问题 1 条"
        "（跳过空行 1）" in zh
    )
    status = cli("status", "--lang", "en")
    assert ": 1 company, 1 contact, 0" in status.output  # the title (the rest cut at a long path)
    out = tmp_path / "out.xlsx"
    assert cli("export", out, "--lang", "en").output == f"{out}: 1 row\n"
    assert cli("export", out).output == f"{out}：1 行\n"


def test_the_import_line_says_2_companies_2_contacts_1_row_merged(cli, tmp_path):
    rows = [
        _row(FIRMS[0], "张伟", "13812345678"),
        _row(FIRMS[0], "李娜", "13987654321"),
        BLANK,
        _row(FIRMS[1], "赵敏", "13700000001"),
        NAMELESS,
        BLANK,
        NAMELESS,
    ]
    en = _import(cli, tmp_path, rows, "--lang", "en")
    assert (
        "5 rows read → 2 companies (2 new, 0 updated, 0 unchanged), 3 contacts, 1 row merged into companies "
        "already seen, 2 rejected; 2 problems (2 blank rows skipped)" in en
    )
    # a new version of the list without the second firm: 1 company and 1 contact left out
    again = _import(cli, tmp_path, rows[:2], "--lang", "en")
    assert "; 1 company and 1 contact of an earlier version of this list are not in it (kept" in again


def test_the_plan_note_says_1_company_has_no_manager_and_2_companies_have(cli, tmp_path):
    rows = [_row(FIRMS[0], "张伟", "13812345678", manager=None), _row(FIRMS[1], "赵敏", "13700000001")]
    _import(cli, tmp_path, rows)
    r = cli("plan", "--today", "2026-03-02", "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "1 company has no manager and is not planned (regiontool set NAME --manager …)" in r.stderr
    _import(cli, tmp_path, [*rows, _row("金鑫塑料制品有限公司", "钱强", "13600000003", manager=None)])
    r = cli("plan", "--today", "2026-03-02", "-f", "json", "--lang", "en")
    assert "2 companies have no manager and are not planned" in r.stderr
    assert "2 家企业没有区域经理，未排入计划" in cli("plan", "--today", "2026-03-02", "-f", "json").stderr


def test_the_orders_line_and_link_say_1_order_line_and_2_order_lines(cli, tmp_path):
    _import(cli, tmp_path, [_row(FIRMS[0], "张伟", "13812345678")])
    orders = [
        ["慈溪华峰电器", dt.date(2026, 3, 5), "ERP", 1, 28000, "A1"],
        ["宁波某某公司", dt.date(2026, 3, 6), "ERP", 1, 9000, "A2"],
        ["宁波某某公司", dt.date(2026, 3, 7), "服务", 1, 1000, "A3"],
    ]
    r = cli("import", write_orders(tmp_path / "o.xlsx", orders[:1]), "--lang", "en")
    assert r.exit_code == 0, r.output
    assert (
        "1 row read → 1 order (1 new, 0 updated, 0 already there), 0 rejected; 0 linked to 0 companies, "
        "1 unlinked (1 customer); 1 problem" in r.output
    )
    r = cli("link", "慈溪华峰电器", FIRMS[0], "--lang", "en")
    assert r.output == f"'慈溪华峰电器' → {FIRMS[0]}: 1 order line linked\n"
    r = cli("import", write_orders(tmp_path / "o2.xlsx", orders[1:]), "--lang", "en")
    assert (
        "2 rows read → 2 orders (2 new, 0 updated, 0 already there), 0 rejected; 0 linked to 0 " in r.output
    )
    assert "2 unlinked (1 customer); 2 problems" in r.output
    r = cli("link", "宁波某某公司", FIRMS[0], "--dry-run", "--lang", "en")
    assert r.output == f"dry run: '宁波某某公司' → {FIRMS[0]}: 2 order lines linked\n"
    zh = cli("link", "宁波某某公司", FIRMS[0])
    assert zh.output == f"“宁波某某公司” → {FIRMS[0]}：关联订单 2 条\n"


def test_done_says_read_1_row_of_a_one_visit_plan(cli, tmp_path):
    _import(cli, tmp_path, [_row(FIRMS[0], "张伟", "13812345678")])
    out = tmp_path / "plan.xlsx"
    assert cli("plan", "--week", "--today", "2026-03-02", "--out", out).exit_code == 0
    r = cli("done", out, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("read 1 row → done 0, missed 0, rescheduled 0, notes 0, not filled 1")
    assert cli("done", out).stdout.startswith("读取 1 行 → 完成 0")


def test_the_pivot_bound_note_tiers_reason_churn_title_and_problems_title_say_1(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "区域经理", "客户分类", "员工人数"]
    rows = [
        [FIRMS[0], "慈溪市长河镇1号", "张伟", "王海波", "A", "1000人以上"],
        [FIRMS[1], "慈溪市周巷镇2号", "赵敏", "王海波", "V", "50"],
        [None, "新浦镇", "孙丽", None, None, None],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    orders = [[FIRMS[1], dt.date(2025, 3, 5), "ERP", 1, 30_000, "SO1"]]
    assert cli("import", path, write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    pivot = cli("pivot", "--by", "size", "--values", "mean:员工人数", "--lang", "en")
    assert "left out of the mean: 1 company whose employees figure is only a bound" in pivot.output
    pivot = cli("pivot", "--by", "size", "--values", "mean:员工人数")
    assert "未计入平均：1 家企业的员工人数只写了界限" in pivot.output
    assert "only 1 prospect in A–E (under 10)" in cli("tiers", "--lang", "en").output
    rfm = cli("rfm", "--as-of", "2026-11-20", "--lang", "en")
    assert "churn warnings: 1 customer (first 1)" in rfm.output
    assert "流失预警：1 个客户（前 1 个）" in cli("rfm", "--as-of", "2026-11-20").output
    assert (
        cli("problems", "--code", "no-company", "--lang", "en").output.splitlines()[0].strip() == "1 problem"
    )
    out = tmp_path / "p.csv"
    assert (
        cli("problems", "--code", "no-company", "--out", out, "--lang", "en").output == f"{out}: 1 problem\n"
    )
