"""F2 (closed) and F3 (not a fit) firms are dropped from plans (DOMAIN §2), and so from every
figure that drives action: no open opportunity, no churn warning, no target firm of a town
(review r27)."""

from __future__ import annotations

import json
import re
from datetime import date

import openpyxl

from conftest import write_orders, write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类", "订单规模等级", "成交时间等级"]


def _workspace(cli, tmp_path, tiers: dict[str, str]):
    rows = [
        [f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "王海波", "A", "超额", "本月内"]
        for i in range(4)
    ]
    for row in rows:
        row[3] = tiers.get(row[0], row[3])
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    return [r[0] for r in rows]


def test_a_closed_or_unfit_firm_has_no_opportunity_to_score_or_forecast(cli, tmp_path):
    names = _workspace(cli, tmp_path, {})
    scored = json.loads(cli("score", "--table", "opportunities", "-f", "json", "--lang", "en").stdout)
    assert len(scored) == 4
    orders = [[names[0], date(2025, 10, 10), "ERP", 1, 100_000, "A1"]]
    write_orders(tmp_path / "o.xlsx", orders)
    assert cli("import", tmp_path / "o.xlsx").exit_code == 0
    assert cli("target", "set", "2026Q4", "1000000").exit_code == 0

    def pipeline() -> float:
        r = cli("track", "--period", "2026Q4", "--as-of", "2026-11-20", "-f", "json", "--lang", "en")
        assert r.exit_code == 0, r.output
        forecast = next(n for n in json.loads(r.stdout)["notes"] if n.startswith("forecast"))
        return float(re.search(r"pipeline weighted by energy grade ¥([\d,]+)", forecast)[1].replace(",", ""))

    before = pipeline()
    assert before > 0
    assert cli("set", names[1], "--tier", "F2", "--note", "已注销").exit_code == 0
    assert cli("set", names[2], "--tier", "F3").exit_code == 0
    after = pipeline()
    assert 0 < after < before and after * 4 == before * 2  # two of the four open opportunities left
    scored = json.loads(cli("score", "--table", "opportunities", "-f", "json", "--lang", "en").stdout)
    assert sorted(r["company"] for r in scored) == sorted([names[0], names[3]])


def test_a_closed_customer_gets_no_churn_warning_but_a_note(cli, tmp_path):
    names = _workspace(cli, tmp_path, {})
    orders = [[n, date(2024, 3, 1), "ERP", 1, 50_000 * (i + 1), f"O{i}"] for i, n in enumerate(names)]
    write_orders(tmp_path / "o.xlsx", orders)
    assert cli("import", tmp_path / "o.xlsx").exit_code == 0

    def churn(lang: str = "en") -> dict:
        r = cli("rfm", "--as-of", "2026-11-20", "-f", "json", "--lang", lang)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    assert len(churn()["churn"]) == 4  # one order over 365 days ago: every one is warned
    assert cli("set", names[3], "--tier", "F2").exit_code == 0  # the biggest: it closed
    data = churn()
    assert [r["company"] for r in data["churn"]] == [names[2], names[1], names[0]]
    assert (
        "1 customer silent for long is marked F2 (deregistered or closed) or F3 (industry mismatch or"
        " too small) and is not in the churn warnings" in data["notes"]
    )
    line = "1 个久未下单的客户已标为 F2（注销/倒闭）或 F3（行业不匹配、不具规模），不列入流失预警"
    assert line in churn("zh")["notes"]
    out = tmp_path / "rfm.xlsx"  # on the churn sheet too, where the manager reads the list
    assert cli("rfm", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["流失预警"]
    assert line in [c.value for row in sheet.iter_rows() for c in row]
    plan = cli("plan", "--today", "2026-11-20", "-f", "json", "--lang", "en", "--manager", "王海波")
    assert names[3] not in {r["company"] for r in json.loads(plan.stdout)}  # the plan agrees


def test_closed_firms_are_no_target_firms_of_a_town(cli, tmp_path):
    headers = ["企业名称", "地址", "客户分类"]
    rows = [[f"掌起{i}电器有限公司", f"慈溪市掌起镇工业路{i}号", "F2" if i < 20 else "D"] for i in range(25)]
    rows += [[f"周巷{i}电器有限公司", f"慈溪市周巷镇工业路{i}号", "A"] for i in range(25)]
    path = write_xlsx(tmp_path / "m.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    data = json.loads(cli("market", "-f", "json", "--lang", "en").stdout)
    towns = {r["town"]: r for r in data["towns"]}
    assert towns["掌起镇"]["target-industry firms"] == 5 and towns["掌起镇"]["firms"] == 25
    assert [r["town"] for r in data["white_space"]] == ["周巷镇"]


def test_a_closed_firm_that_owes_money_is_still_chased(cli, tmp_path):
    """F2/F3 drop a firm from the sales work, not from collecting what it owes: the chase list
    (receivables) and the plan agree (review r31 #1)."""
    names = _workspace(cli, tmp_path, {})
    write_orders(tmp_path / "o.xlsx", [[names[0], date(2025, 11, 10), "ERP", 1, 116_200, "A1"]])
    payments = write_xlsx(
        tmp_path / "p.xlsx",
        headers=["客户名称", "回款日期", "回款金额"],
        rows=[[names[0], "2025-12-01", 100]],
        title=None,
        sheet="回款",
        notes_sheet=False,
    )
    assert cli("import", tmp_path / "o.xlsx", payments).exit_code == 0
    assert cli("set", names[0], "--tier", "F2", "--note", "已注销").exit_code == 0
    assert cli("set", names[1], "--tier", "F3").exit_code == 0
    plan = cli("plan", "--today", "2026-11-20", "-f", "json", "--manager", "王海波")
    assert plan.exit_code == 0, plan.output
    items = json.loads(plan.stdout)
    chased = [r for r in items if r["企业名称"] == names[0]]
    assert chased and all("逾期 ¥116,100" in r["工作内容"] for r in chased)
    assert names[1] not in {r["企业名称"] for r in items}  # F3 owing nothing: not planned


def test_score_says_why_nothing_is_scored_when_every_firm_with_levels_is_dropped(cli, tmp_path):
    names = _workspace(cli, tmp_path, {})
    for name in names[:2]:
        assert cli("set", name, "--tier", "F2").exit_code == 0
    for name in names[2:]:
        assert cli("set", name, "--tier", "F3").exit_code == 0
    zh = cli("score")
    assert zh.exit_code == 0 and zh.stdout.startswith(
        "填了能量等级的 4 家企业都已标为 F2（注销/倒闭）或 F3（行业不匹配、不具规模），没有商机可评分"
    )
    en = cli("score", "--lang", "en")
    assert "the 4 companies with energy levels are all marked F2 (deregistered or closed)" in en.stdout
