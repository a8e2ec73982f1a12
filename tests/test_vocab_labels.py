"""The vocabulary's English labels: words people read, as headers of tables and workbooks."""

from __future__ import annotations

import pytest

from regiontool import vocab
from regiontool.vocab import money, plans, value

# Identifier columns a script joins on or a workbook is read back by (the plan's 企业编号 in
# `done`): kept as they are.
IDENTIFIERS = {"company_id", "source_file", "source_sheet", "source_row"}


def _english_labels():
    yield from ((f.key, f.en) for f in vocab.FIELDS)
    yield from ((f.key, f.en) for f in value.ORDER_FIELDS)
    yield from ((f.key, f.en) for f in money.PAYMENT_FIELDS)
    for table in (vocab.TRACE_FIELDS, vocab.WORDS, money.MONEY_WORDS, plans.PLAN_COLUMNS):
        yield from ((key, pair[1]) for key, pair in table.items() if isinstance(pair, tuple))


@pytest.mark.parametrize("key, en", sorted(set(_english_labels())))
def test_english_labels_are_words_not_snake_case(key, en):
    # rfm's customer_share, track's expected_to_date, score's deal_level were printed as headers.
    if en not in IDENTIFIERS:
        assert "_" not in en, f"{key}: {en!r}"


def test_the_labels_the_review_named_are_words():
    assert [vocab.label(k, "en") for k in ("customer_share", "value_share", "deal_level", "value_level")] == [
        "customer share",
        "value share",
        "deal level",
        "value level",
    ]
    assert [money.MONEY_WORDS[k][1] for k in ("expected", "last_year")] == ["expected to date", "last year"]
