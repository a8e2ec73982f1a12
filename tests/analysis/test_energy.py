"""Opportunity energy: every level's points and the grade boundaries."""

from __future__ import annotations

import pytest

from regiontool.analysis.energy import energy, level
from regiontool.vocab import CLOSING_LEVELS, DEAL_LEVELS


@pytest.mark.parametrize(
    "deal, closing, score, grade",
    [
        ("超额", "本月内", 10.0, "A"),
        ("重要", "考核期内", 8.0, "A"),
        ("部分", "更长期", 6.0, "B"),
        ("重要", "更长期", 7.0, "B"),
        ("部分", "有意向", 5.0, "C"),
        ("微小", "有意向", 4.0, "C"),
        ("微小", "更长期", 5.0, "C"),
    ],
)
def test_scores_and_grades(deal, closing, score, grade):
    assert energy(deal, closing) == (score, grade)


def test_every_pair_is_graded_by_its_sum():
    for d, dp in DEAL_LEVELS.items():
        for c, cp in CLOSING_LEVELS.items():
            score, grade = energy(d, c)
            assert score == round(dp + cp, 1)
            assert grade == ("A" if score >= 8 else "B" if score >= 6 else "C" if score >= 4 else "D")


def test_half_an_assessment_has_no_score_and_spellings_fold():
    assert energy("重要", None) == (None, None) and energy(None, "本月内") == (None, None)
    assert energy("大单", "本月内") == (None, None)
    assert level(" 重 要 ", DEAL_LEVELS) == "重要" and level("考核期內", CLOSING_LEVELS) == "考核期内"


from regiontool.analysis.energy import attention, high_or_low, value_level  # noqa: E402


@pytest.mark.parametrize(
    "given, attract, adv, level",
    [
        ("一级", None, None, "一级"),
        ("3", None, None, "三级"),
        (None, "高", "高", "一级"),
        (None, "高", "低", "二级"),
        (None, "低", "高", "三级"),
        (None, "low", "weak", "四级"),
        (None, "5", "2", "二级"),
        (None, "高", None, None),
    ],
)
def test_value_levels(given, attract, adv, level):
    assert value_level(given, attract, adv) == level


def test_attention_order_of_the_method():
    assert [attention("一级", "A"), attention("一级", "B"), attention("二级", "A")] == [1, 1, 1]
    assert [
        attention("二级", "B"),
        attention("二级", "C"),
        attention("一级", "C"),
        attention("一级", None),
    ] == [2, 2, 2, 2]
    assert [attention("三级", "A"), attention("二级", "D")] == [3, 3]
    assert [attention("三级", "B"), attention("四级", "A")] == [4, 4]
    assert attention(None, "A") is None
    assert high_or_low("中") is None and high_or_low("4") is True and high_or_low("9") is None
