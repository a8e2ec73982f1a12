"""Opportunity energy (具体客户的能量分析, DOMAIN.md §6): order size level + closing level → grade.

超额 5.1 / 重要 4.1 / 部分 3.1 / 微小 2.1 plus 本月内 4.9 / 考核期内 3.9 / 更长期 2.9 / 有意向 1.9;
the sum grades A (8–10), B (6–8), C (4–6), D (under 4). A firm with only one of the two
levels has no score: half an assessment would rank it wrongly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import normalize, vocab

if TYPE_CHECKING:
    import pandas as pd


def level(text: str | None, levels: dict[str, float]) -> str | None:
    """The level a text names (全角, spaces and traditional characters folded), or None."""
    if not text:
        return None
    key = normalize.text_key(text)
    for name in levels:
        if key == normalize.text_key(name):
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


def score_frame(rows: list[tuple], lang: str = "zh") -> pd.DataFrame:
    """(id, name, tier, manager, town, deal_level, closing) rows → scored opportunities, best first."""
    import pandas as pd

    en = lang == "en"
    out = []
    for cid, name, tier, manager, town, deal, close in rows:
        score, grade = energy(deal, close)
        out.append([str(cid), name, tier, manager, town, deal, close, score, grade])
    cols = [
        vocab.label(k, lang)
        for k in ("company_id", "company", "tier", "manager", "town", "deal_level", "closing")
    ]
    cols += ["energy" if en else "能量", "grade" if en else "能级"]
    frame = pd.DataFrame(out, columns=cols, dtype=object)
    scored = frame[frame[cols[-2]].notna()].sort_values(cols[-2], ascending=False, kind="stable")
    return pd.concat([scored, frame[frame[cols[-2]].isna()]], ignore_index=True)


def grade_counts(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    import pandas as pd

    grade_col = frame.columns[-1]
    counts = [int((frame[grade_col] == g).sum()) for _floor, g in vocab.ENERGY_GRADES]
    unscored = int(frame[grade_col].isna().sum())
    labels = [g for _f, g in vocab.ENERGY_GRADES] + [vocab.label("blank", lang)]
    return pd.DataFrame({grade_col: labels, ("companies" if lang == "en" else "企业数"): [*counts, unscored]})
