"""Review r51 D3, D4, D6.3: an identical copy of an orders or payments file lists no problem twice;
the report's own analysis sheets are never offered for import; a skipped analysis workbook is named
for what it is (market, rfm, sales, receivables, target …), not called a pivot table."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import write_orders, write_xlsx

pytestmark = pytest.mark.sqlite_only  # files on disk beside a workspace file


def _problems(cli) -> list[dict]:
    r = cli("problems", "-f", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _status_problems(cli) -> int:
    return json.loads(cli("status", "-f", "json").stdout)["problems"]


def _orders(path: Path) -> Path:
    day = dt.date(2026, 3, 5)
    return write_orders(
        path,
        [
            ["慈溪市华峰电器有限公司", day, "ERP", 1, 28000, "A1"],
            ["宁波无名贸易有限公司", day, "ERP", 1, 5000, "A2"],  # no firm of the list: unlinked-order
            ["宁波无名贸易有限公司", dt.date(2026, 3, 6), "ERP", 1, "已付清", "A3"],  # bad-amount
        ],
    )


def _payments(path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("回款")
    for j, h in enumerate(["客户名称", "回款日期", "回款金额"]):
        ws.write_string(0, j, h)
    for i, row in enumerate([["宁波无名贸易有限公司", "2026-03-05", 5000]], start=1):
        for j, v in enumerate(row):
            (ws.write_number if isinstance(v, int) else ws.write_string)(i, j, v)
    wb.close()
    return path


# --- D3: an identical copy under another name lists no problem again ---------------------------------


@pytest.mark.parametrize("make,kind", [(_orders, "orders"), (_payments, "payments")])
def test_an_identical_copy_lists_each_problem_once(folder: Path, cli, make, kind):
    src = make(folder / f"{kind}.xlsx")
    r = cli("import", src, "--kind", kind)
    assert r.exit_code == 0, r.output
    listed, counted = _problems(cli), _status_problems(cli)
    assert any(p["文件"] == src.name for p in listed)
    copy = folder / f"{kind}-副本.xlsx"
    shutil.copy(src, copy)
    r = cli("import", copy, "--kind", kind)
    assert r.exit_code == 0, r.output
    assert "此文件已导入过" in r.stdout
    assert _problems(cli) == listed  # still under the file imported first, none under the copy
    assert _status_problems(cli) == counted
    r = cli("import", copy, "--kind", kind)  # the copy again: still nothing twice
    assert r.exit_code == 0, r.output
    assert _problems(cli) == listed and _status_problems(cli) == counted


def test_a_copy_with_a_new_line_keeps_its_own_problems(folder: Path, cli):
    src = _orders(folder / "orders.xlsx")
    assert cli("import", src).exit_code == 0
    other = write_orders(
        folder / "orders-2.xlsx", [["宁波另一家贸易有限公司", dt.date(2026, 3, 7), "ERP", 1, 900, "B1"]]
    )
    r = cli("import", other)
    assert r.exit_code == 0, r.output
    assert any(p["文件"] == other.name and p["代码"] == "unlinked-order" for p in _problems(cli))


# --- D4: the report's analysis sheets are not offered for import ------------------------------------


def test_the_report_offers_none_of_its_own_sheets(folder: Path, cli):
    assert cli("import", _orders(folder / "orders.xlsx")).exit_code == 0
    report = folder / "区域报告.xlsx"
    assert cli("report", "--out", report).exit_code == 0
    r = cli("import", report)
    assert r.exit_code == 0, r.output
    assert "另有工作表" not in r.output and "--sheet" not in r.output
    r = cli("import", report, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["other_sheets"] == []
    # a user's workbook with a second table is still named
    two = write_xlsx(folder / "两年.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(two)
    wb.copy_worksheet(wb["客户联系表"]).title = "2025年"
    wb.save(two)
    r = cli("import", two, "--dry-run")
    assert r.exit_code == 0, r.output
    assert "另有工作表“2025年”" in r.output


# --- D6.3: each analysis workbook skipped is named for what it is ------------------------------------

ANALYSES = [
    (["pivot", "--standard"], "regiontool pivot 写的透视表", "a pivot workbook regiontool pivot wrote"),
    (["tiers"], "regiontool tiers 写的客户分类漏斗", "a tier funnel regiontool tiers wrote"),
    (["market"], "regiontool market 写的市场分析", "a market view regiontool market wrote"),
    (["rfm"], "regiontool rfm 写的客户价值分析", "a customer value analysis regiontool rfm wrote"),
    (["sales"], "regiontool sales 写的销售分析", "a sales view regiontool sales wrote"),
    (
        ["receivables"],
        "regiontool receivables 写的应收账款分析",
        "a receivables workbook regiontool receivables wrote",
    ),
    (
        ["target", "show", "2026"],
        "regiontool target show 写的目标分解",
        "a target split regiontool target show",
    ),
    (["track", "--period", "2026"], "regiontool track 写的目标跟踪", "a target-tracking workbook regiontool"),
]


@pytest.mark.parametrize("args,zh,en", ANALYSES, ids=[a[0][0] for a in ANALYSES])
def test_a_skipped_analysis_workbook_is_named_for_what_it_is(folder: Path, cli, args, zh, en):
    assert cli("import", _orders(folder / "orders.xlsx")).exit_code == 0
    assert cli("import", _payments(folder / "回款.xlsx")).exit_code == 0
    assert cli("target", "set", "2026", "100000").exit_code == 0
    out = folder / "out.xlsx"
    r = cli(*args, "--out", out)
    assert r.exit_code == 0, r.output
    before = cli("status").stdout
    r = cli("import", folder / "客户联系表.xlsx", out)
    assert r.exit_code == 0, r.output
    assert f"提示：跳过 {out}：这是 {zh}，不是客户名单" in r.stderr
    if args[0] != "pivot":
        assert "透视表" not in r.stderr
    r = cli("import", out, "--lang", "en")
    assert_one_error_line(r, 1, [f"{out} is {en}", "not a contact list"], lang="en")
    r = cli("import", out)
    assert_one_error_line(r, 1, [f"{out} 是 {zh}，不是客户名单"])
    assert cli("status").stdout == before
