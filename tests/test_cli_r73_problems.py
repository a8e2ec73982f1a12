"""`regiontool problems --manager` (review r73 F7): the count report --manager's 概览 gives is one the
manager can list."""

from __future__ import annotations

import openpyxl

from conftest import imported, write_sheet

HEADERS = ["公司名称", "地址", "分类", "区域经理"]


def test_problems_under_manager_lists_what_the_reports_overview_counts(cli, tmp_path):
    rows = [
        ["宁波华峰电器有限公司", "宁波市北仑区", "XYZ", "张经理"],  # a bad tier at each manager's firm
        ["慈溪市恒通日用品有限公司", "慈溪市", "QQ", "李经理"],
    ]
    imported(cli, write_sheet(tmp_path, "z.xlsx", HEADERS, rows[:1]))
    imported(cli, write_sheet(tmp_path, "l.xlsx", HEADERS, rows[1:]))
    out = tmp_path / "l_report.xlsx"
    assert cli("report", "--manager", "李经理", "--out", out).exit_code == 0
    overview = openpyxl.load_workbook(out)["概览"]
    counted = next(r[1].value for r in overview.iter_rows() if "regiontool problems" in str(r[0].value))
    listed = cli("problems", "--manager", "李经理", "-f", "csv")
    assert listed.exit_code == 0, listed.output
    body = listed.stdout.strip().splitlines()[1:]
    assert len(body) == int(counted) and all("l.xlsx" in line for line in body), listed.stdout
    everyone = cli("problems", "--all", "-f", "csv")
    assert any("z.xlsx" in line for line in everyone.stdout.splitlines())
