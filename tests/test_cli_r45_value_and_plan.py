"""Review r45: a past customer marked F2/F3 is no tier-not-v (D1); a 本月内 deal the month cannot hold
says so (D2); an unreadable level cell is reported (D3); DOMAIN §6's last group ranks after unrated
energy (D4); a net refund gets no churn warning (D5); orders on one day are one purchase occasion (D6)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from conftest import write_orders, write_xlsx
from regiontool import vocab
from regiontool.analysis.energy import energy, value_level

HEADERS = ["企业名称", "地址", "区域经理", "客户分类", "订单规模等级", "成交时间等级", "客户价值等级"]
AS_OF = date(2026, 11, 20)


def _contacts(tmp_path, rows, name="c.xlsx"):
    path = write_xlsx(tmp_path / name, headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    return path


def _row(name, tier="A", deal="", closing="", value="", town="观海卫镇"):
    return [name, f"浙江省宁波市慈溪市{town}工业路{len(name)}号", "王海波", tier, deal, closing, value]


def _problems(cli, code: str) -> list[dict]:
    r = cli("problems", "--code", code, "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout) if r.stdout.strip() else []


# D1 -------------------------------------------------------------------------------------------


def test_a_past_customer_marked_f2_or_f3_is_not_asked_to_become_v(cli, tmp_path):
    names = [
        "慈溪市流失甲电器有限公司",
        "慈溪市倒闭乙电器有限公司",
        "慈溪市不符丙电器有限公司",
        "慈溪市分类丁电器有限公司",
    ]
    rows = [_row(names[0], "V"), _row(names[1], "F2"), _row(names[2], "F3"), _row(names[3], "A")]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    orders = [[n, date(2024, 3, 1), "ERP", 1, 10_000, f"O{i}"] for i, n in enumerate(names)]
    r = cli("import", write_orders(tmp_path / "o.xlsx", orders))
    assert r.exit_code == 0, r.output
    flagged = lambda: sorted(p["value"] for p in _problems(cli, "tier-not-v"))  # noqa: E731
    assert flagged() == [names[3]]  # from the sheet: F2 and F3 are no out-of-date tier
    assert cli("set", names[0], "--tier", "F2").exit_code == 0  # the manager marks a gone firm
    assert flagged() == [names[3]]
    assert cli("set", names[3], "--tier", "F3").exit_code == 0
    assert flagged() == []
    r = cli("import", tmp_path / "o.xlsx")  # a later import repeats nothing
    assert r.exit_code == 0 and "不是 V" not in r.output


# D2 -------------------------------------------------------------------------------------------


def _plan(cli, *extra) -> tuple[list[dict], str]:
    r = cli("plan", "--week", "--as-of", "2026-11-27", "-f", "json", "--manager", "王海波", *extra)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout), r.stderr


def test_month_end_deals_choose_the_towns_before_other_ranked_firms(cli, tmp_path):
    # 11-30 is the only November working day of the week; three visits a day. 观海卫镇 has a 本月内 deal
    # and two stronger deals closing later; 长河镇 has another 本月内 deal: both must come on 11-30.
    rows = [
        _row("慈溪市月内甲电器有限公司", deal="微小", closing="本月内"),
        _row("慈溪市强一电器有限公司", deal="超额", closing="考核期内"),
        _row("慈溪市强二电器有限公司", deal="超额", closing="更长期"),
        _row("慈溪市月内乙电器有限公司", deal="微小", closing="本月内", town="长河镇"),
    ]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    items, stderr = _plan(cli)
    first = {i["企业名称"]: i["日期"][:10] for i in items}
    assert first["慈溪市月内甲电器有限公司"] == first["慈溪市月内乙电器有限公司"] == "2026-11-30"
    assert "月底前排不下" not in stderr


def test_a_month_end_deal_that_cannot_fit_drops_the_false_reason_and_is_noted(cli, tmp_path):
    rows = [
        _row(f"慈溪市月内{i}电器有限公司", deal=d, closing="本月内")
        for i, d in enumerate(["超额", "重要", "部分", "微小"])
    ]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    items, stderr = _plan(cli)
    by_name = {i["企业名称"]: i for i in items}
    late = by_name["慈溪市月内3电器有限公司"]
    assert late["日期"][:10] > "2026-11-30"
    assert "月底前安排" not in late["理由"] and "本月内成交，但月底前已排满" in late["理由"]
    for i in range(3):
        on_time = by_name[f"慈溪市月内{i}电器有限公司"]
        assert on_time["日期"][:10] == "2026-11-30" and "本月内成交，月底前安排" in on_time["理由"]
    assert "1 家本月内成交的企业在本月最后一个工作日 2026-11-30 前排不下：慈溪市月内3电器有限公司" in stderr
    _items, en = _plan(cli, "--lang", "en")
    assert "1 company closing this month did not fit before the month's last working day 2026-11-30" in en


def test_a_plan_ending_on_the_months_last_working_day_names_the_deals_it_could_not_hold(cli, tmp_path):
    """Review r104 F6: the week of 2026-12-28 to 2027-01-03 works to 12-31 (元旦 01-01 to 01-03): its
    本月内 deals that did not fit are named, as in a week that goes on into the next month."""
    rows = [_row(f"慈溪市年底{i}电器有限公司", deal="重要", closing="本月内") for i in range(6)]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    week = ("--start", "2026-12-28", "--visits-per-day", "1", "--calls-per-day", "0")
    items, stderr = _plan(cli, *week)
    assert {i["日期"][:10] for i in items} <= {"2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"}
    planned = {i["企业名称"] for i in items}
    left = sorted({r[0] for r in rows} - planned)
    assert len(left) == 2
    assert f"2 家本月内成交的企业在本月最后一个工作日 2026-12-31 前排不下：{'、'.join(left)}" in stderr
    _items, stderr = _plan(cli, "--start", "2026-12-14", "--visits-per-day", "1", "--calls-per-day", "0")
    assert "前排不下" not in stderr  # mid-month: the next week still has December's working days


# D3 -------------------------------------------------------------------------------------------


def test_unreadable_level_cells_are_kept_reported_and_explained(cli, tmp_path):
    rows = [
        _row("慈溪市等级错甲电器有限公司", deal="重要", closing="本月"),
        _row("慈溪市等级错乙电器有限公司", deal="大单", closing="本月内", value="顶级"),
        _row("慈溪市等级对丙电器有限公司", deal="重要", closing="本月内", value="一级"),
    ]
    r = cli("import", _contacts(tmp_path, rows))
    assert r.exit_code == 0 and "无法识别的等级 3" in r.output, r.output
    found = {(p["value"], p["row"]) for p in _problems(cli, "invalid-level")}
    assert found == {("本月", 2), ("大单", 3), ("顶级", 3)}
    zh = cli("problems", "--code", "invalid-level", "-f", "csv").stdout
    assert "成交时间等级“本月”无法识别（应为 本月内 考核期内 更长期 有意向）：原文保留，不计分" in zh
    assert "deal level '大单' is not one of above quota, major, partial, minor" in json.dumps(
        _problems(cli, "invalid-level"), ensure_ascii=False
    )
    shown = cli("explain", "慈溪市等级错甲电器有限公司").stdout
    assert "本月" in shown and "来自源表（无法识别，不计分）" in shown
    assert "not understood: not scored" in cli("explain", "慈溪市等级错乙电器有限公司", "--lang", "en").stdout
    scored = json.loads(cli("score", "-f", "json", "--lang", "en", "--table", "opportunities").stdout)
    assert [s["company"] for s in scored if s["energy"] is not None] == ["慈溪市等级对丙电器有限公司"]


_LEVEL_WORDS = [*vocab.DEAL_LEVELS, *vocab.CLOSING_LEVELS, *vocab.VALUE_LEVELS, *vocab.LEVEL_LABELS.values()]


@given(
    st.one_of(
        st.sampled_from(_LEVEL_WORDS).map(lambda w: f" {w} "),
        st.sampled_from(["本月", "大单", "一般", "高", "低", "3", "0", "A+", "重要的", "level 5"]),
        st.text(max_size=6),
    )
)
def test_a_level_cell_is_reported_exactly_when_it_scores_nothing(text):
    from regiontool.analysis.energy import readable  # the import's rule (records._unread_levels)

    assert readable("deal_level", text) == (not text.strip() or energy(text, "本月内")[0] is not None)
    assert readable("closing", text) == (not text.strip() or energy("重要", text)[0] is not None)
    assert readable("value_level", text) == (not text.strip() or value_level(text, None, None) is not None)
    assert readable("attractiveness", text) == (not text.strip() or value_level(None, text, "高") is not None)


# D4 -------------------------------------------------------------------------------------------


def test_the_last_attention_group_ranks_after_unrated_high_energy(cli, tmp_path):
    rows = [
        _row("慈溪市四级甲电器有限公司", deal="部分", closing="有意向", value="四级"),  # 5.0 C, order 4
        _row("慈溪市三级乙电器有限公司", deal="微小", closing="有意向", value="三级"),  # 4.0 C, order 4
        _row("慈溪市未评丙电器有限公司", deal="超额", closing="本月内"),  # 10.0 A, no value level
        _row("慈溪市二级丁电器有限公司", deal="微小", closing="有意向", value="二级"),  # 4.0 C, order 2
    ]
    assert cli("import", _contacts(tmp_path, rows)).exit_code == 0
    scored = json.loads(cli("score", "-f", "json", "--lang", "en", "--table", "opportunities").stdout)
    assert [s["company"][3:5] for s in scored] == ["二级", "未评", "四级", "三级"]
    r = cli("plan", "--week", "--as-of", "2026-11-20", "-f", "json", "--visits-per-day", "1")
    order = [i["企业名称"][3:5] for i in json.loads(r.stdout)]
    assert order == ["二级", "未评", "四级", "三级"]


# D5, D6 ---------------------------------------------------------------------------------------


def test_a_net_refund_gets_no_churn_warning_and_one_order_day_is_not_loyal(cli, tmp_path):
    names = [
        "慈溪市超退甲电器有限公司",
        "慈溪市同日乙电器有限公司",
        "慈溪市普通丙电器有限公司",
        "慈溪市两天丁电器有限公司",
    ]
    assert cli("import", _contacts(tmp_path, [_row(n, "V") for n in names])).exit_code == 0
    day = lambda n: AS_OF - timedelta(days=n)  # noqa: E731
    orders = [
        [names[0], day(800), "ERP", 1, 10_000, "SB1"],
        [names[0], day(700), "ERP", 1, -15_000, "SB2"],  # refunds exceed purchases
        [names[1], day(200), "ERP", 1, 10_000, "SA1"],
        [names[1], day(200), "ERP", 1, 10_000, "SA2"],  # two order numbers, one day
        [names[2], day(400), "ERP", 1, 30_000, "SC1"],  # one order, silent long: warned
        [names[3], day(200), "ERP", 1, 10_000, "SD1"],
        [names[3], day(100), "ERP", 1, 10_000, "SD2"],  # two order days
    ]
    assert cli("import", write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    r = cli("rfm", "--as-of", AS_OF.isoformat(), "-f", "json", "--lang", "en", "--loyalty-split", "0.9")
    data = json.loads(r.stdout)
    assert [c["company"] for c in data["churn"]] == [names[2]]
    assert (
        "1 customer silent for long has refunds as large as its purchases (net not positive): nothing to"
        " win back, not in the churn warnings" in data["notes"]
    )
    zh = json.loads(cli("rfm", "--as-of", AS_OF.isoformat(), "-f", "json").stdout)["notes"]
    assert "1 个久未下单的客户退款不少于购买（净额不为正），没有可挽回的金额，不列入流失预警" in zh
    quadrant = {c["company"]: c["quadrant"] for c in data["customers"]}
    assert "disloyal" in quadrant[names[1]] and "disloyal" not in quadrant[names[3]]
    plan = cli("plan", "--week", "--as-of", AS_OF.isoformat(), "-f", "json", "--lang", "en")
    winback = [i["company"] for i in json.loads(plan.stdout) if i["category"] == "win-back"]
    assert winback == [names[2]]
