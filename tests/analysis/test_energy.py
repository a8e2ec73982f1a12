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
