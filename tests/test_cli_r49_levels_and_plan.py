"""Review r49: a 1–5 score is read as the invalid-level message names it, 5分, 4.5 and "4.0" too (D2);
a level set by hand drops its invalid-level problem (D3); the note on 本月内 deals that missed the
month advises by what each is, a visit or a call (D4)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from conftest import write_xlsx
from regiontool import vocab
from regiontool.analysis.energy import high_or_low, readable

HEADERS = [
    "企业名称",
    "地址",
    "区域经理",
    "客户分类",
    "订单规模等级",
    "成交时间等级",
    "客户吸引力",
    "我方优势",
]


def _import(cli, tmp_path, rows):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    r = cli("import", path)
    assert r.exit_code == 0, r.output
    return r


def _row(name, attract, advantage, tier="A", deal="重要", closing="考核期内", town="周巷镇"):
    address = f"浙江省宁波市慈溪市{town}工业路{len(name)}号" if town else ""
    return [name, address, "王海波", tier, deal, closing, attract, advantage]


def _invalid_levels(cli) -> list[tuple[int, str]]:
    r = cli("problems", "--code", "invalid-level", "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    return sorted((p["row"], p["value"]) for p in json.loads(r.stdout)) if r.stdout.strip() else []


def _value_levels(cli) -> dict[str, str | None]:
    r = cli("score", "-f", "json", "--table", "opportunities")
    assert r.exit_code == 0, r.output
    return {s["企业名称"]: s["客户价值等级"] for s in json.loads(r.stdout)}


# D2 -------------------------------------------------------------------------------------------


def test_a_score_is_read_as_the_message_names_it(cli, tmp_path):
    rows = [
        _row("慈溪市吸引甲电器有限公司", "5分", "1分"),
        _row("慈溪市吸引乙电器有限公司", 4.5, 2.5),  # numeric cells
        _row("慈溪市吸引丙电器有限公司", "4.0", "2.0"),  # text cells
        _row("慈溪市吸引丁电器有限公司", "２ 分", "４．５"),
        _row("慈溪市吸引戊电器有限公司", "一般", "6"),  # no level, no score of 1–5
    ]
    _import(cli, tmp_path, rows)
    assert _invalid_levels(cli) == [(6, "6"), (6, "一般")]
    zh = cli("problems", "--code", "invalid-level", "-f", "csv").stdout
    assert "客户吸引力“一般”无法识别（应为 高/低 或 1–5 分）" in zh
    levels = _value_levels(cli)
    assert levels["慈溪市吸引甲电器有限公司"] == "二级"  # high × low
    assert levels["慈溪市吸引乙电器有限公司"] == "二级"
    assert levels["慈溪市吸引丙电器有限公司"] == "二级"
    assert levels["慈溪市吸引丁电器有限公司"] == "三级"  # low × high
    assert not levels["慈溪市吸引戊电器有限公司"]
    r = cli("set", "慈溪市吸引戊电器有限公司", "--attractiveness", "4.5分", "--advantage", "3")
    assert r.exit_code == 0, r.output
    assert _value_levels(cli)["慈溪市吸引戊电器有限公司"] == "一级"


_SCORES = st.decimals(min_value=0, max_value=7, places=1, allow_nan=False, allow_infinity=False)


@given(_SCORES, st.sampled_from(["", "分", " 分"]), st.booleans())
def test_property_a_score_of_1_to_5_is_high_from_3_and_else_unread(score, unit, wide):
    text = f"{score}{unit}"
    if wide:  # typed with a Chinese input method: full-width digits and point
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789."})
    expected = (score >= vocab.SCORE_HIGH) if 1 <= score <= 5 else None
    assert high_or_low(text) is expected
    assert readable("attractiveness", text) is (expected is not None)


# D3 -------------------------------------------------------------------------------------------


def test_a_level_set_by_hand_drops_its_invalid_level_problem(cli, tmp_path):
    rows = [_row("慈溪市吸引甲电器有限公司", "一般", "较低"), _row("慈溪市吸引乙电器有限公司", "较高", "高")]
    path = tmp_path / "c.xlsx"
    _import(cli, tmp_path, rows)
    assert _invalid_levels(cli) == [(2, "一般"), (2, "较低"), (3, "较高")]
    assert cli("set", "慈溪市吸引甲电器有限公司", "--attractiveness", "高").exit_code == 0
    assert _invalid_levels(cli) == [(2, "较低"), (3, "较高")]  # only the column set, only that firm
    assert cli("set", "慈溪市吸引甲电器有限公司", "--advantage", "低").exit_code == 0
    assert _invalid_levels(cli) == [(3, "较高")]
    assert _value_levels(cli)["慈溪市吸引甲电器有限公司"] == "二级"
    assert "1 条问题" in cli("status").stdout
    r = cli("import", path)  # the same file again brings nothing back
    assert r.exit_code == 0 and "无法识别的等级 1" in r.output, r.output
    assert _invalid_levels(cli) == [(3, "较高")]


# D4 -------------------------------------------------------------------------------------------


def test_month_missed_advice_follows_what_each_deal_is(cli, tmp_path):
    # 11-30, a Monday, is the only November working day of the week: 12 calls (tier B) for 10 a day,
    # 3 visits without a town (one a day) and one in a town
    rows = [_row(f"慈溪市电话{i:02d}电器有限公司", "", "", tier="B", closing="本月内") for i in range(12)]
    rows += [
        _row(f"慈溪市无镇{i}电器有限公司", "", "", deal="超额", closing="本月内", town="") for i in range(3)
    ]
    rows += [_row("慈溪市有镇电器有限公司", "", "", deal="微小", closing="本月内", town="长河镇")]
    _import(cli, tmp_path, rows)
    r = cli("plan", "--week", "--as-of", "2026-11-27", "-f", "csv")
    assert r.exit_code == 0, r.output
    notes = [line for line in r.stderr.splitlines() if "本月内成交" in line]
    assert notes == [
        "2 家本月内成交的企业在本月最后一个工作日 2026-11-30 前排不下：慈溪市无镇1电器有限公司、"
        "慈溪市无镇2电器有限公司（可加排拜访，或先打电话）",
        "2 家本月内成交、该打电话的企业在本月最后一个工作日 2026-11-30 前排不下：慈溪市电话10电器有限公司、"
        "慈溪市电话11电器有限公司（可多排电话：--calls-per-day）",
    ]
    en = cli("plan", "--week", "--as-of", "2026-11-27", "-f", "csv", "--lang", "en").stderr
    assert "(plan more calls a day: --calls-per-day)" in en and "call first" in en
    assert "慈溪市电话10电器有限公司" not in en.split("call first")[0]
    r = cli("plan", "--week", "--as-of", "2026-11-27", "-f", "csv", "--calls-per-day", "12")
    assert "该打电话的企业" not in r.stderr and "（可加排拜访，或先打电话）" in r.stderr
