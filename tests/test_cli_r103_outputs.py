"""Review r103 (every workbook and format, looked at): a filled-in plan `done` has not read is never
overwritten by the next `plan --out` (F3)."""

from __future__ import annotations

import openpyxl

from conftest import imported, plan_columns, write_sheet

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]


def _plan(cli, out, *extra):
    return cli("plan", "--start", "2026-11-23", "--out", out, *extra)


def test_a_filled_plan_not_yet_read_is_not_overwritten(cli, tmp_path):
    rows = [[f"慈溪市计划{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(3)]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    out = tmp_path / "plan.xlsx"
    assert _plan(cli, out).exit_code == 0
    assert _plan(cli, out).exit_code == 0  # a blank plan is replaced
    wb = openpyxl.load_workbook(out)
    ws = wb["11-23 周一"]
    top, cols = plan_columns(ws)
    ws.cell(top + 1, cols["完成情况"]).value = "完成：要报价"
    wb.save(out)
    before = out.read_bytes()
    refused = _plan(cli, out)
    assert refused.exit_code == 2 and out.read_bytes() == before
    assert "已填了完成情况（1 行）但还没用 regiontool done 读入" in refused.stderr
    assert "regiontool done" in refused.stderr and "plan_2026-11-23.xlsx" in refused.stderr
    en = _plan(cli, out, "--lang", "en")
    assert en.exit_code == 2 and "have not been read by regiontool done" in en.stderr
    assert out.read_bytes() == before
    assert cli("done", out).exit_code == 0
    assert _plan(cli, out).exit_code == 2  # read by done: an input, refused as before
    assert _plan(cli, tmp_path / "plan_2026-11-23.xlsx").exit_code == 0


def test_without_a_budget_no_month_shows_an_actual_expense_or_profit(cli, tmp_path):
    """Review r103 F1: with no budget line at all, 费用实际 and 利润实际 are blank (not 0 and the whole
    sales), as in a month whose budget lines have no actual."""
    import json
    from datetime import date

    from conftest import write_orders

    imported(
        cli,
        write_sheet(
            tmp_path, "c.xlsx", HEADERS, [["慈溪市甲电器有限公司", "慈溪市长河镇1号", "王海波", "V"]]
        ),
    )
    orders = [["慈溪市甲电器有限公司", date(2026, m, 5), "ERP", 1, 10_000 * m, f"O{m}"] for m in (1, 2, 3)]
    imported(cli, write_orders(tmp_path / "o.xlsx", orders))
    assert cli("target", "set", "2026", "100,000").exit_code == 0
    r = cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "-f", "json")
    assert r.exit_code == 0, r.output
    months = json.loads(r.stdout)["month"]
    assert [m["收入实际"] for m in months[:3]] == [10_000, 20_000, 30_000]
    assert all(m["费用实际"] is None and m["利润实际"] is None for m in months)


def test_adding_a_pivot_sheet_keeps_each_other_sheets_language_and_says_it_recomputed_them(cli, tmp_path):
    """Review r103 F2: an English sheet stayed English when a sheet is added without --lang."""
    rows = [
        [f"慈溪市透视{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "AB"[i % 2]] for i in range(4)
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--out", out, "--lang", "en").exit_code == 0
    added = cli("pivot", "--by", "industry", "--out", out, "--sheet", "行业")
    assert added.exit_code == 0, added.output
    assert "另外 1 张透视表按工作区的当前数据重新计算" in added.stderr and "Town × tier" in added.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Town × tier", "行业"]
    assert wb["Town × tier"]["A1"].value.startswith("companies · town × tier")
    assert wb["行业"]["A1"].value.startswith("企业")


def test_a_three_level_pivots_colour_scale_leaves_the_subtotal_rows_out(cli, tmp_path):
    """Review r103 F5: one scale over the leaf rows, not over the 汇总 rows' sums."""
    rows = [
        [f"慈溪市色阶{i}{kind}有限公司", f"慈溪市{town}工业路{i}号", "王海波", "AB"[i % 2]]
        for i, (town, kind) in enumerate(
            [(t, k) for t in ("长河镇", "周巷镇") for k in ("电器", "塑料", "五金")] * 2
        )
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "town", "--by", "industry", "--by", "tier", "--out", out).exit_code == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    [scale] = list(ws.conditional_formatting)
    scaled = {cell.row for r in scale.sqref.ranges for row in ws[r.coord] for cell in row}
    labels = {r: ws.cell(r, 1).value or "" for r in range(1, ws.max_row + 1)}
    subtotals = {r for r, v in labels.items() if str(v).endswith("汇总")}
    assert subtotals and not scaled & subtotals
    assert len(scaled) == 6  # the leaf rows: 2 towns × 3 industries


def test_a_filled_csv_plan_not_yet_read_is_not_overwritten(cli, tmp_path):
    """Review r107 F3: a CSV plan with a 完成情况 column filled in, as done reads it."""
    import csv

    rows = [[f"慈溪市计划{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A"] for i in range(3)]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    out = tmp_path / "plan.csv"
    assert _plan(cli, out).exit_code == 0
    lines = list(csv.reader(out.open(encoding="utf-8-sig")))
    lines[0].append("完成情况")
    lines[1].append("完成：要报价")
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(lines)
    before = out.read_bytes()
    refused = _plan(cli, out)
    assert refused.exit_code == 2 and out.read_bytes() == before
    assert "还没用 regiontool done 读入" in refused.stderr


def test_a_pivot_workbook_written_before_sheets_kept_their_language_keeps_it_by_title(cli, tmp_path):
    """Review r107 F5: a spec without its language (written before c9bc906) is read in the language
    of its sheet's title, not in the command's."""
    import json

    rows = [
        [f"慈溪市透视{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "AB"[i % 2]] for i in range(4)
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    out = tmp_path / "p.xlsx"
    pivot = ("pivot", "--by", "town", "--by", "tier", "--where", "town=长河镇")  # Chinese in the title
    assert cli(*pivot, "--out", out, "--lang", "en").exit_code == 0
    wb = openpyxl.load_workbook(out)
    spec = wb["_regiontool"]
    specs = json.loads(spec["A1"].value)
    spec["A1"].value = json.dumps([{k: v for k, v in s.items() if k != "lang"} for s in specs])
    wb.save(out)
    assert cli("pivot", "--by", "industry", "--out", out, "--sheet", "行业").exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb["Town × tier"]["A1"].value.startswith("companies · town × tier")


def test_a_snapshot_reads_one_state_while_another_connection_imports(cli, db, tmp_path):
    """Review r111 F3: report and export read the workspace in one snapshot, so an import committed
    meanwhile shows in none of their reads (it showed in some sheets, not others). On PostgreSQL the
    import commits beside it; a SQLite import waits for the snapshot to end."""
    import threading
    import time

    from regiontool.store import Workspace

    imported(
        cli,
        write_sheet(
            tmp_path, "a.xlsx", HEADERS, [["慈溪市甲电器有限公司", "慈溪市长河镇1号", "王海波", "A"]]
        ),
    )
    second = write_sheet(
        tmp_path, "b.xlsx", HEADERS, [["慈溪市乙电器有限公司", "慈溪市长河镇2号", "王海波", "B"]]
    )
    results = []
    ws = Workspace.open(str(db))
    try:
        with ws.snapshot():
            count = lambda: ws.db.execute("SELECT COUNT(*) FROM companies").fetchone()[0]  # noqa: E731
            assert count() == 1
            thread = threading.Thread(target=lambda: results.append(cli("import", second)))
            thread.start()
            time.sleep(1.5)
            assert count() == 1  # the same state, whether the import has committed or waits
        thread.join(60)
        assert results and results[0].exit_code == 0, results and results[0].output
        assert count() == 2
    finally:
        ws.close()


def test_a_sum_of_an_own_column_is_the_same_on_both_databases(cli, tmp_path):
    """Review r111 F4, F5: numbers padded with a tab, a line break, a no-break or a full-width space
    count on both databases; 1e400 is no number (it broke PostgreSQL and gave Infinity in JSON)."""
    import json

    cells = ["\t1000", "2000\n", "\u00a0300", "40\u3000", "1e400", "5"]
    headers = [*HEADERS, "设备台数"]
    rows = [[f"慈溪市和{i}电器有限公司", f"慈溪市长河镇{i}号", "王海波", "A", v] for i, v in enumerate(cells)]
    imported(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    r = cli("pivot", "--by", "tier", "--values", "sum:设备台数", "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "Infinity" not in r.stdout
    table = json.loads(r.stdout)
    [a_row] = [row for row in table if row.get("tier") == "A"]
    assert [v for k, v in a_row.items() if k != "tier"] == [3345]


def test_firms_without_a_county_sort_last_on_both_databases(cli, tmp_path):
    """Review r111 F1: SQLite sorts NULL first, PostgreSQL last; the order says where they go."""
    import json

    rows = [
        ["慈溪市无县电器有限公司", "某某路1号", "王海波", "A"],  # no town, no county
        ["慈溪市有县电器有限公司", "慈溪市某某路2号", "王海波", "A"],  # no town, county 慈溪市
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, rows))
    listed = json.loads(cli("list", "--sort", "town", "-f", "json", "--lang", "en").stdout)
    assert [f["company"] for f in listed] == ["慈溪市有县电器有限公司", "慈溪市无县电器有限公司"]
