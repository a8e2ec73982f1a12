"""The market view (DOMAIN.md §3): industry shares, town density, white space and beachheads.

The source's question: several towns (长河, 周巷, 新浦) are dense with target-industry
firms yet hold no customer (V) — is the data incomplete, is the industry a mismatch,
or is the town simply untouched? Each white-space town gets the likely reason and an
action; towns with customers are beachheads to spread from by referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import vocab
from ..io.write import percent_text

if TYPE_CHECKING:
    import pandas as pd

MIN_SHARE = 1.0  # % of the territory's firms that makes an industry worth a plan
MIN_FIRMS = 20  # target-industry firms that make a town "dense"
UNKNOWN_SHARE = 0.40  # O + blank tier at least this share of a town: data incomplete
MISMATCH_SHARE = 0.20  # F3 (industry mismatch / too small) at least this share: mismatch
REACHED = ("V", "A", "B", "C", "D", "E")


@dataclass
class Market:
    industries: pd.DataFrame
    towns: pd.DataFrame
    white_space: pd.DataFrame
    beachheads: pd.DataFrame
    targets: list[str]
    competitors: Any = None  # analysis.competitors.CompetitorView, when firms use a product


def _words(lang: str, min_share: float = MIN_SHARE, chosen: bool = False) -> dict[str, str]:
    en = lang == "en"
    target = vocab.label("market_target_chosen" if chosen else "market_target_share", lang)
    return {
        "firms": "firms" if en else "企业数",
        "share": "share" if en else "占比",
        "target": target.format(share=f"{min_share:g}"),  # the rule that made the targets
        "pen": "penetration (V)" if en else "渗透率(V)",
        "target_firms": "target-industry firms" if en else "目标行业企业",
        "abc": "A+B+C",
        "unknown": "unknown tier (O+blank)" if en else "情况不明(O+空白)",
        "unknown_share": "unknown share" if en else "不明占比",
        "reason": "likely reason" if en else "可能原因",
        "action": "action" if en else "建议行动",
        "yes": "yes" if en else "是",
    }


def build_market(
    town_industry_tier: list[tuple],
    lang: str = "zh",
    min_share: float = MIN_SHARE,
    targets: list[str] | None = None,
    min_firms: int = MIN_FIRMS,
) -> Market:
    """From (town, industry, tier, firms, …) groups to the four market tables."""
    import pandas as pd

    w = _words(lang, min_share, chosen=targets is not None)
    blank = vocab.label("blank", lang)
    rows = [(t or blank, i, tier, n) for t, i, tier, n, *_ in town_industry_tier]
    df = pd.DataFrame(rows, columns=["town", "industry", "tier", "n"])
    total = int(df["n"].sum())

    by_ind = df.groupby("industry", dropna=False)["n"].sum()
    named = by_ind[by_ind.index.notna()].sort_values(ascending=False, kind="stable")
    # the catch-all 其他 (unclassified) is no industry to plan for: listed last, never a target by share
    catch_all = named.index.isin(vocab.CATCH_ALL_INDUSTRIES)
    named = pd.concat([named[~catch_all], named[catch_all]])
    if targets is None:
        targets = [
            i
            for i, n in named.items()
            if total and n * 100 / total > min_share and i not in vocab.CATCH_ALL_INDUSTRIES
        ]
    ind_rows = []
    for ind, n in [
        *named.items(),
        *([(None, by_ind[by_ind.index.isna()].sum())] if by_ind.index.isna().any() else []),
    ]:
        sub = df[df["industry"].isna()] if ind is None else df[df["industry"] == ind]
        reached = {t: int(sub.loc[sub["tier"] == t, "n"].sum()) for t in REACHED}
        ind_rows.append(
            {
                vocab.label("industry", lang): vocab.value_label("industry", ind, lang)
                if ind is not None
                else blank,
                w["firms"]: int(n),
                w["share"]: n / total if total else 0.0,
                w["target"]: w["yes"] if ind in targets else "",
                **reached,
                w["pen"]: reached["V"] / n if n else 0.0,
            }
        )
    industries = pd.DataFrame(ind_rows)

    town_rows = []
    for town, sub in df.groupby("town", sort=False):
        firms = int(sub["n"].sum())
        per_tier = sub.groupby("tier", dropna=False)["n"].sum()
        get = _counter(per_tier)
        unknown = get("O") + get(None)
        town_rows.append(
            {
                vocab.label("town", lang): town,
                w["firms"]: firms,
                w["target_firms"]: int(  # firms that still exist: a closed one is no target
                    sub.loc[sub["industry"].isin(targets) & ~sub["tier"].isin(vocab.CLOSED_TIERS), "n"].sum()
                ),
                "V": get("V"),
                w["abc"]: get("A") + get("B") + get("C"),
                w["unknown"]: unknown,
                w["unknown_share"]: unknown / firms if firms else 0.0,
                "_f3": get("F3"),
            }
        )
    town_col = vocab.label("town", lang)
    # ties by name: the same order whatever order the database grouped the towns in
    towns = pd.DataFrame(town_rows).sort_values(
        [w["target_firms"], town_col], ascending=[False, True], kind="stable"
    )
    towns = pd.concat([towns[towns[town_col] != blank], towns[towns[town_col] == blank]], ignore_index=True)

    white = towns[
        (towns["V"] == 0) & (towns[w["target_firms"]] >= min_firms) & (towns[town_col] != blank)
    ].copy()
    reasons = [_why(r, w, lang) for r in white.to_dict("records")]
    white[w["reason"]] = [r[0] for r in reasons]
    white[w["action"]] = [r[1] for r in reasons]
    white = white[
        [town_col, w["target_firms"], w["abc"], w["unknown"], w["unknown_share"], w["reason"], w["action"]]
    ]

    beach = towns[(towns["V"] > 0) & (towns[town_col] != blank)].sort_values(
        "V", ascending=False, kind="stable"
    )
    beach = beach[[town_col, "V", w["target_firms"], w["abc"]]].copy()
    beach[w["action"]] = (
        "ask its customers for referrals to the town's A/B/C firms"
        if lang == "en"
        else "请本镇老客户转介绍，带动同镇 A/B/C 客户"
    )
    return Market(
        industries,
        towns.drop(columns="_f3"),
        white.reset_index(drop=True),
        beach.reset_index(drop=True),
        targets,
    )


def _counter(per_tier):
    """A tier → firms lookup over a grouped Series whose index may hold NaN for blank."""

    def get(tier: str | None) -> int:
        if tier is None:
            return int(per_tier[per_tier.index.isna()].sum())
        return int(per_tier.get(tier, 0))

    return get


def _why(row: dict, w: dict[str, str], lang: str) -> tuple[str, str]:
    """Likely reason a dense town has no customer, and what to do about it."""
    firms = row[w["firms"]] or 1
    en = lang == "en"
    if row[w["unknown_share"]] >= UNKNOWN_SHARE:
        return (
            (
                f"data incomplete: {percent_text(row[w['unknown_share']], 0)} of its firms have an unknown tier",
                "classify them by phone, O and blank first",
            )
            if en
            else (
                f"数据不全：{percent_text(row[w['unknown_share']], 0)} 的企业情况不明（O 或空白）",
                "电话摸底，先给 O 类和空白分类",
            )
        )
    if row["_f3"] / firms >= MISMATCH_SHARE:
        return (
            (
                f"industry mismatch: {percent_text(row['_f3'] / firms, 0)} of its firms are F3",
                "check fit before investing time",
            )
            if en
            else (
                f"行业不匹配：{percent_text(row['_f3'] / firms, 0)} 的企业为 F3",
                "先核实是否适合，再投入时间",
            )
        )
    return (
        (
            f"untouched: {row[w['abc']]} firms in A/B/C and no customer yet",
            "visit the A firms, invite the C firms to a seminar",
        )
        if en
        else (f"尚未开发：A/B/C 共 {row[w['abc']]} 家，还没有成交客户", "上门拜访 A 类，邀请 C 类参加研讨会")
    )
