"""The tier funnel (客户集群分类) and its health verdict (DOMAIN.md §2, §6).

A healthy funnel has many A customers (close to an order) fed from behind by B, C and
D; many C/D that never reach A is stuck; no C/D at all leaves nothing for later; a
funnel with few prospects at all is the worst. The thresholds are named below so that
a reason can always be given in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocab
from ..io.write import percent_text

if TYPE_CHECKING:
    import pandas as pd

PIPELINE = ("A", "B", "C", "D", "E")  # prospects still in play (V is won, F dropped, O unknown)
SPARSE_BELOW = 10  # fewer prospects than this in A–E: sparse
VIRTUOUS_A_SHARE = 0.15  # A is at least this share of the prospects …
STUCK_CD_SHARE = 0.60  # … C+D at least this share with A under STUCK_A_SHARE: stuck
STUCK_A_SHARE = 0.10

VERDICTS = {
    "sparse": ("稀疏", "sparse"),
    "no_pipeline": ("后继无人", "no pipeline"),
    "virtuous": ("良性循环", "virtuous circle"),
    "stuck": ("停滞", "stuck"),
    "mixed": ("一般", "mixed"),
}


@dataclass
class Funnel:
    group: str | None  # manager or town; None for the whole territory
    counts: dict[str | None, int]  # tier code (None = blank) → companies
    verdict: str
    reason_zh: str
    reason_en: str
    scope: str | None = None  # the manager whose firms these are (--manager); None: everyone's

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def reason(self, lang: str) -> str:
        return self.reason_en if lang == "en" else self.reason_zh

    def verdict_label(self, lang: str) -> str:
        zh, en = VERDICTS[self.verdict]
        return en if lang == "en" else zh


def judge(counts: dict[str | None, int]) -> tuple[str, str, str]:
    """(verdict, reason in Chinese, reason in English) for one funnel's tier counts."""
    a = counts.get("A", 0)
    cd = counts.get("C", 0) + counts.get("D", 0)
    feed = counts.get("B", 0) + cd
    pipeline = sum(counts.get(t, 0) for t in PIPELINE)
    if pipeline < SPARSE_BELOW:
        return (
            "sparse",
            f"A–E 只有 {pipeline} 家在跟进（少于 {SPARSE_BELOW} 家）：先补充名单、给空白和 O 类分类",
            vocab.fill(
                "only {n} {n:prospect|prospects} in A–E (under {below}): add names and classify blank and O",
                n=pipeline,
                below=SPARSE_BELOW,
            ),
        )
    a_share, cd_share = a / pipeline, cd / pipeline
    if cd == 0:
        return (
            "no_pipeline",
            f"没有 C/D 类客户：A {a} 家、B {counts.get('B', 0)} 家之后没有后续来源",
            f"no C/D customers: nothing behind A ({a}) and B ({counts.get('B', 0)}) for later",
        )
    if a_share >= VIRTUOUS_A_SHARE and feed >= a:
        return (
            "virtuous",
            f"A 类 {a} 家（占跟进中的 {percent_text(a_share, 0)}），后面有 B/C/D {feed} 家持续补充",
            f"{a} A customers ({percent_text(a_share, 0)} of prospects) fed by {feed} in B/C/D",
        )
    if cd_share >= STUCK_CD_SHARE and a_share < STUCK_A_SHARE:
        return (
            "stuck",
            f"C/D 类 {cd} 家（占 {percent_text(cd_share, 0)}），A 类只有 {a} 家（{percent_text(a_share, 0)}）：客户没有向 A 推进",
            f"{cd} in C/D ({percent_text(cd_share, 0)}) but only {a} in A ({percent_text(a_share, 0)}): customers are not moving to A",
        )
    return (
        "mixed",
        f"A 类占跟进中的 {percent_text(a_share, 0)}，C/D 占 {percent_text(cd_share, 0)}：继续把 B/C 推向 A",
        f"A is {percent_text(a_share, 0)} of prospects, C/D {percent_text(cd_share, 0)}: keep moving B and C towards A",
    )


def build_funnels(groups: list[tuple], by: str | None, scope: str | None = None) -> list[Funnel]:
    """Grouped counts ((group,) tier, companies, …) → one funnel per group, largest first.

    scope: the manager the counts are narrowed to, which names the funnel's verdict."""
    per: dict[str | None, dict[str | None, int]] = {}
    for row in groups:
        group, tier, n = (None, row[0], row[1]) if by is None else (row[0], row[1], row[2])
        per.setdefault(group, {})
        per[group][tier] = per[group].get(tier, 0) + n
    order = sorted(per, key=lambda g: (g is None, -sum(per[g].values()), str(g)))
    return [Funnel(g, per[g], *judge(per[g]), scope=scope) for g in order]


def funnel_frame(funnels: list[Funnel], lang: str = "zh", by: str | None = None) -> pd.DataFrame:
    """One funnel: a row per tier (A … V, blank, total) with its companies, share, meaning and
    action. By manager or town: a row per group and a 总计 row, with the group's
    companies in each tier and their 总计, then each tier's share of the group (a funnel read
    across; twenty towns stay twenty rows). The terminal, CSV, JSON and the workbook all show
    this table."""
    import pandas as pd

    codes: list[str | None] = [*vocab.TIER_ORDER, None]
    blank, total = vocab.label("blank", lang), vocab.label("total", lang)
    if by is not None or len(funnels) > 1:
        return pd.DataFrame(_group_rows(funnels, codes, by, lang))
    f = funnels[0] if funnels else Funnel(None, {}, "", "", "")
    rows = []
    for code in [*codes, "__total__"]:
        n = f.total if code == "__total__" else f.counts.get(code, 0)
        info = vocab.TIERS.get(code or "", {})
        rows.append(
            {
                vocab.label("tier", lang): total if code == "__total__" else code or blank,
                "companies" if lang == "en" else "企业数": n,
                "companies %" if lang == "en" else "企业数 %": n / f.total if f.total else 0.0,
                "meaning" if lang == "en" else "含义": info.get("en" if lang == "en" else "zh", ""),
                "action" if lang == "en" else "行动": info.get(
                    "action_en" if lang == "en" else "action_zh",
                    "" if code == "__total__" else ("classify" if lang == "en" else "分类"),
                ),
            }
        )
    return pd.DataFrame(rows)


def _group_rows(funnels: list[Funnel], codes: list[str | None], by: str | None, lang: str) -> list[dict]:
    blank, total = vocab.label("blank", lang), vocab.label("total", lang)
    group_col = vocab.label(by, lang) if by else ("group" if lang == "en" else "分组")
    names = [code or blank for code in codes]
    summed: dict[str | None, int] = {}
    for f in funnels:
        for code, n in f.counts.items():
            summed[code] = summed.get(code, 0) + n
    lines = [(f.group if f.group is not None else blank, f.counts, f.total) for f in funnels]
    lines.append((total, summed, sum(summed.values())))
    rows = []
    for group, counts, whole in lines:
        row: dict[str, object] = {group_col: str(group)}
        row.update({name: counts.get(code, 0) for name, code in zip(names, codes, strict=True)})
        row[total] = whole
        row.update(
            {
                f"{name} %": counts.get(code, 0) / whole if whole else 0.0
                for name, code in zip(names, codes, strict=True)
            }
        )
        rows.append(row)
    return rows


def verdict_frame(funnels: list[Funnel], by: str | None, lang: str = "zh") -> pd.DataFrame:
    import pandas as pd

    blank = vocab.label("blank", lang)
    group_col = vocab.label(by, lang) if by else ("scope" if lang == "en" else "范围")
    whole = "territory" if lang == "en" else "全区域"
    return pd.DataFrame(
        [
            {
                group_col: (f.group if f.group is not None else (blank if by else f.scope or whole)),
                ("funnel health" if lang == "en" else "漏斗健康度"): f.verdict_label(lang),
                ("reason" if lang == "en" else "原因"): f.reason(lang),
            }
            for f in funnels
        ]
    )
