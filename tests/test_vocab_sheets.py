"""Every sheet name the tool writes comes from vocab/sheets.py, in one style per language."""

from __future__ import annotations

import re

import pytest

from regiontool import vocab
from regiontool.vocab.sheets import SHEETS

NAMES = [
    (key, lang, name) for key, pair in SHEETS.items() for lang, name in zip(vocab.LANGS, pair, strict=True)
]


def check_style(name: str, lang: str) -> None:
    """The style every sheet name of a workbook follows (also used on the written report)."""
    assert 0 < len(name) <= 31, name
    # · or by for a split (not 目标跟踪-月份, Target tracking-month), × for a crossing (not x)
    assert "-" not in name.replace("to-do", "") and " x " not in name, name
    assert not re.search(r"[\[\]:*?/\\]", name), name  # characters Excel refuses
    if lang == "en":
        assert name[0].isupper() or name[0].isdigit(), name  # sentence case: Tiers, White space
        assert not re.search(r"[\u4e00-\u9fff]", name), name
        assert "·" not in name, name  # X by Y in English
        words = name.split()
        # only the first word is capitalised (P&L and RFM as they are spelt)
        assert all(not w[0].isupper() or w.isupper() or w == "P&L" for w in words[1:]), name
    else:
        assert " by " not in name, name


@pytest.mark.parametrize("key, lang, name", NAMES)
def test_every_sheet_name_in_the_vocab_follows_the_style(key, lang, name):
    check_style(name, lang)


def test_a_split_is_dot_in_chinese_and_by_in_english():
    assert vocab.sheet_name("track", "zh", by="月份") == "目标跟踪·月份"
    assert vocab.sheet_name("track", "en", by="month") == "Target tracking by month"
    assert vocab.sheet_name("competitors_town", "zh") == "竞品·镇街"
    assert vocab.sheet_name("competitors_town", "en") == "Competitors by town"
    assert vocab.sheet_name("pnl", "en", by="month") == "Expected P&L by month"
    assert len(vocab.sheet_name("target_split", "en", by="x" * 40)) == 31


def test_a_crossing_is_joined_by_the_times_sign():
    assert vocab.crossing(["镇街", "客户分类"], "zh") == "镇街×客户分类"
    assert vocab.crossing(["town", "tier"], "en") == "Town × tier"
    assert vocab.crossing(["key contact", "tier"], "en") == "Key contact × tier"


def test_the_other_word_tables_take_their_sheet_names_from_the_one_home():
    from regiontool.vocab import money, plans

    tables = (vocab.WORDS, vocab.REPORT_WORDS, money.MONEY_WORDS, plans.PLAN_WORDS)
    homes = {pair for pair in SHEETS.values()}
    copies = [(k, pair) for t in tables for k, pair in t.items() if k.startswith("sheet_")]
    assert copies and all(pair in homes for _k, pair in copies), copies
    assert (
        vocab.REPORT_WORDS["overview"] is SHEETS["overview"]
        and vocab.REPORT_WORDS["plan"] is SHEETS["next_week"]
    )
