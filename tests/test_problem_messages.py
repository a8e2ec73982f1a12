"""Every problem message lives in vocab.PROBLEM_MESSAGES; these keep its templates whole."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from regiontool import vocab
from regiontool.problems import Problem, messages


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(vocab.PROBLEM_MESSAGES))
def test_the_english_message_needs_no_value_the_chinese_one_lacks(code):
    zh, en = vocab.PROBLEM_MESSAGES[code]
    assert _fields(en) <= _fields(zh)


@pytest.mark.parametrize("code", sorted(vocab.PROBLEM_MESSAGES))
def test_every_message_has_a_title(code):
    base = code.removesuffix("-similar")
    titled = {
        "no-customer": "no-company",
        "same-credit-code": "possible-duplicate",
        "placeholder-customer": "no-company",
        "placeholder-company": "no-company",
        "total-row": "no-company",
        "subtotal-row": "no-company",
        "note-row": "no-company",
        "heading-row": "no-company",
        "blank-date": "bad-date",
        "blank-amount": "bad-amount",
        "order-not-in-file-held": "order-not-in-file",
        "payment-not-in-file-held": "payment-not-in-file",
        "unlinked-order-tied": "unlinked-order",  # candidates of one stem that tie: no ready link
        "unlinked-payment-tied": "unlinked-payment",
        "unlinked-order-elsewhere": "unlinked-order",  # the first of another place: no ready link
        "unlinked-payment-elsewhere": "unlinked-payment",
        "formula-no-result": "bad-amount",  # a date's or an amount's cell: bad-date or bad-amount
        "conflicting-orders": "conflicting-line",
        "conflicting-payments": "conflicting-line",
    }
    assert titled.get(base, base) in vocab.PROBLEMS


def test_a_pair_is_written_in_each_language_and_a_plain_value_in_both():
    zh, en = vocab.problem_text(
        "conflicting-value", name="甲厂", field=("规模", "size"), old="小型", v="中型"
    )
    assert zh == "甲厂 的规模前后不一致（“小型”与“中型”）：保留“小型”"
    assert en == "甲厂: size differs between rows ('小型' vs '中型'); kept '小型'"
    p = Problem(code="blank-header", **messages("blank-header", column="C", v="列C"))
    assert (p.message("zh"), p.message("en")) == (
        "第C列没有表头，命名为“列C”",
        "column C has no header; named '列C'",
    )


_README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("code", sorted(vocab.PROBLEMS))
def test_every_problem_code_is_described_in_the_readme_problems_section(code):
    """`regiontool problems --code CODE` names codes a user can only learn from the README."""
    text = _README.read_text(encoding="utf-8")
    section = text[text.index("### `regiontool problems`") : text.index("### `regiontool status`")]
    assert f"`{code}`" in section
