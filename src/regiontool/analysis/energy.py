"""Opportunity energy (具体客户的能量分析, DOMAIN.md §6): order size level + closing level → grade.

超额 5.1 / 重要 4.1 / 部分 3.1 / 微小 2.1 plus 本月内 4.9 / 考核期内 3.9 / 更长期 2.9 / 有意向 1.9;
the sum grades A (8–10), B (6–8), C (4–6), D (under 4). A firm with only one of the two
levels has no score: half an assessment would rank it wrongly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import normalize, vocab

if TYPE_CHECKING:
    import pandas as pd


def level(text: str | None, levels: dict[str, float]) -> str | None:
    """The level a text names (全角, spaces and traditional characters folded), or None: its
    Chinese name (重要) or the English one --lang en prints (major, vocab.LEVEL_LABELS)."""
    if not text:
        return None
    key = normalize.text_key(text)
    for name in levels:
        if key in (normalize.text_key(name), normalize.text_key(vocab.LEVEL_LABELS.get(name, name))):
            return name
    return None


def energy(deal_level: str | None, closing: str | None) -> tuple[float | None, str | None]:
    """(score, grade) from the two levels; (None, None) unless both are known."""
    deal, close = level(deal_level, vocab.DEAL_LEVELS), level(closing, vocab.CLOSING_LEVELS)
    if deal is None or close is None:
        return None, None
    score = round(vocab.DEAL_LEVELS[deal] + vocab.CLOSING_LEVELS[close], 1)
    grade = next(g for floor, g in vocab.ENERGY_GRADES if score >= floor)
    return score, grade


_SCORE = re.compile(r"\d+(?:\.\d*)?")


def high_or_low(text: str | None) -> bool | None:
    """高/强/high or a 1–5 score of 3 and more → True; 低/弱/low or under 3 → False; else None.

    The score may have decimals and its unit, as the invalid-level problem names the scale
    (1–5 分): 4, 4.5, "4.0", 5分, ４．５ 分; 0, 6 or 3-4 are no score."""
    if not text:
        return None
    key = normalize.text_key(text)
    if key in vocab.HIGH_WORDS:
        return True
    if key in vocab.LOW_WORDS:
        return False
    score = normalize.fold(str(text)).replace(" ", "")
    for unit in vocab.SCORE_UNITS:
        score = score.removesuffix(unit)
    if not _SCORE.fullmatch(score):
        return None
    low, high = vocab.SCORE_RANGE
    number = float(score)
    return number >= vocab.SCORE_HIGH if low <= number <= high else None


def value_level(given: str | None, attractiveness: str | None, advantage: str | None) -> str | None:
    """一级…四级: as given, else from attractiveness × our advantage (both needed)."""
    if given:
        key = normalize.text_key(given)
        for name in vocab.VALUE_LEVELS:
            if key in (
                normalize.text_key(name),
                normalize.text_key(vocab.LEVEL_LABELS.get(name, name)),  # level 1, as --lang en prints it
                name[0],
                str(vocab.VALUE_LEVELS.index(name) + 1),
            ):
                return name
    high, strong = high_or_low(attractiveness), high_or_low(advantage)
    if high is None or strong is None:
        return None
    return vocab.VALUE_MATRIX[(high, strong)]


def readable(field: str, text: str | None) -> bool:
    """Whether a level column's text (deal_level, closing, value_level, attractiveness, advantage)
    names a level; a blank one does too (nothing to read). The import reports the others
    (invalid-level), as it does a tier it cannot read."""
    if not text or not str(text).strip():
        return True
    if field == "deal_level":
        return level(text, vocab.DEAL_LEVELS) is not None
    if field == "closing":
        return level(text, vocab.CLOSING_LEVELS) is not None
    if field == "value_level":
        return value_level(text, None, None) is not None
    return high_or_low(text) is not None


def attention(level_: str | None, grade: str | None) -> int | None:
    """The manager's attention order 1 (first) … 4 from value level and energy grade."""
    return vocab.ATTENTION.get((level_, grade)) if level_ else None


def attention_rank(order: int | None, score: float | None) -> float:
    """Where a firm stands in the attention order, score and plan alike: its order 1–3, then the
    firms with an energy score but no value level (vocab.ENERGY_ONLY_RANK), then order 4, DOMAIN
    §6's last group (三级 B and below), then the firms with neither (vocab.UNRANKED)."""
    if order is not None and order == order:  # NaN, as a frame may hold a blank, is none
        return order
    return vocab.ENERGY_ONLY_RANK if score is not None and score == score else vocab.UNRANKED


def score_frame(rows: list[tuple], lang: str = "zh") -> pd.DataFrame:
    """Company rows → energy, grade, value level and attention order; first things first."""
    import pandas as pd

    en = lang == "en"
    out = []
    for cid, name, tier, manager, town, deal, close, given, attract, adv in rows:
        score, grade = energy(deal, close)
        lvl = value_level(given, attract, adv)
        if en:  # a level as its English name; a text naming no level as it is
            deal = vocab.value_label("deal_level", level(deal, vocab.DEAL_LEVELS) or deal, lang)
            close = vocab.value_label("closing", level(close, vocab.CLOSING_LEVELS) or close, lang)
        shown_lvl = vocab.value_label("value_level", lvl, lang) if lvl else lvl
        out.append(
            [cid, name, tier, manager, town, deal, close, score, grade, shown_lvl, attention(lvl, grade)]
        )
    cols = [
        vocab.label(k, lang)
        for k in ("company_id", "company", "tier", "manager", "town", "deal_level", "closing")
    ]
    cols += [
        "energy" if en else "能量",
        "grade" if en else "能级",
        vocab.label("value_level", lang),
        "attention" if en else "关注顺序",
    ]
    frame = pd.DataFrame(out, columns=cols, dtype=object)
    ranks = [attention_rank(a, s) for a, s in zip(frame[cols[-1]], frame[cols[7]], strict=True)]
    order = frame.assign(_a=ranks, _s=-frame[cols[7]].fillna(0).astype(float))
    return frame.loc[order.sort_values(["_a", "_s"], kind="stable").index].reset_index(drop=True)


def grade_counts(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    import pandas as pd

    grade_col = frame.columns[8]
    counts = [int((frame[grade_col] == g).sum()) for _floor, g in vocab.ENERGY_GRADES]
    unscored = int(frame[grade_col].isna().sum())
    labels = [g for _f, g in vocab.ENERGY_GRADES] + [vocab.label("blank", lang)]
    return pd.DataFrame({grade_col: labels, ("companies" if lang == "en" else "企业数"): [*counts, unscored]})
