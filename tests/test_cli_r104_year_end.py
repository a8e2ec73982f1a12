"""Review r104: plans at the year's end. A reschedule to a festival (改期到春节后, 年后再联系) waits for
the first working day after its days off (F3)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import imported, plan_columns, write_sheet

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
FIRM = "慈溪市年后电器有限公司"


def _planned(cli, start: str) -> dict[str, str]:
    """The firm names of the week's plan from `start`, with the day each is first planned on."""
    r = cli("plan", "--start", start, "-f", "json", "--manager", "王海波")
    assert r.exit_code == 0, r.output
    first: dict[str, str] = {}
    for item in json.loads(r.stdout):
        first.setdefault(item["企业名称"], item["日期"][:10])
    return first


@pytest.mark.parametrize("outcome", ["改期到春节后", "未完成，年后再联系", "改期：过完年再去"])
def test_a_reschedule_to_after_the_spring_festival_waits_for_it(cli, tmp_path, outcome):
    imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, [[FIRM, "慈溪市长河镇工业路1号", "王海波", "A"]]))
    out = tmp_path / "plan.xlsx"
    r = cli("plan", "--start", "2026-12-28", "--manager", "王海波", "--out", out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    ws = wb["12-28 周一"]  # the firm's visit: the plan's only item
    top, cols = plan_columns(ws)
    [row] = [r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, cols["企业编号"]).value]
    ws.cell(row, cols["完成情况"]).value = outcome
    wb.save(out)
    r = cli("done", out)
    assert r.exit_code == 0, r.output
    assert FIRM not in _planned(cli, "2027-01-18")  # not before the festival
    assert _planned(cli, "2027-02-08")[FIRM] == "2027-02-11"  # 春节 2027 (by rule): 02-05 to 02-10
