"""The competitor view (issue 12): which products the territory's firms use, and where.

Tiers E (uses a competitor's product badly) and F1 (uses one well) are the firms that
use a product; a competitor's share is its firms among them, overall, by town and by
industry. A competitor whose users are mostly E is weak on the ground: its E firms are
replacement chances, listed for a visit. Pure: grouped counts in, frames out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocab

if TYPE_CHECKING:
    import pandas as pd

USER_TIERS = ("E", "F1")  # firms that use a product (a competitor's)
TOP_COMPETITORS = 8  # columns of the town/industry grids; the rest fold into 其他


@dataclass
class CompetitorView:
    overall: pd.DataFrame  # one row per competitor, then (空白) and 总计
    by_town: pd.DataFrame  # town × competitor shares among E+F1 firms, users last
    by_industry: pd.DataFrame
    chances: pd.DataFrame  # the E firms: replacement chances
    town_kinds: list[str]  # data / total per row of by_town
    industry_kinds: list[str]
    recorded: int  # firms with a competitor recorded (any tier)
    users: int  # E + F1 firms

    @property
    def empty(self) -> bool:
        return not self.recorded and not self.users


def words(lang: str) -> dict[str, str]:
    words = {k: v[1 if lang == "en" else 0] for k, v in vocab.COMPETITOR_WORDS.items()}
    words["phone"] = vocab.label("phone", lang)
    return words


def build_competitors(
    groups: list[tuple], chances: list[tuple], lang: str = "zh", top: int = TOP_COMPETITORS
) -> CompetitorView:
    """groups: (town, industry, tier, competitor, firms, …) company counts; chances: the E firms as
    (id, name, town, industry, size, competitor, manager, contact, phone, contacts)."""
    import pandas as pd

    w = words(lang)
    blank, total, other = (vocab.label(k, lang) for k in ("blank", "total", "other"))
    df = pd.DataFrame(
        [(t, i, tier, c, n) for t, i, tier, c, n, *_ in groups],
        columns=["town", "industry", "tier", "competitor", "n"],
    )
    df["n"] = df["n"].astype("int64")
    users = df[df["tier"].isin(USER_TIERS)]
    recorded = int(df.loc[df["competitor"].notna(), "n"].sum())

    # Overall: named competitors by their users (then other-tier firms, then name), blank last.
    per = {}
    for comp, sub in df.groupby("competitor", dropna=False, sort=False):
        key = None if pd.isna(comp) else comp
        e = int(sub.loc[sub["tier"] == "E", "n"].sum())
        f1 = int(sub.loc[sub["tier"] == "F1", "n"].sum())
        rest = int(sub.loc[~sub["tier"].isin(USER_TIERS), "n"].sum())
        if key is None and not (e or f1):
            continue  # firms with neither a product nor a user tier are not in this view
        per[key] = (e, f1, rest if key is not None else 0)
    named = sorted((k for k in per if k is not None), key=lambda k: (-sum(per[k][:2]), -per[k][2], k))
    n_users = int(users["n"].sum())
    rows = []
    for key in [*named, *([None] if None in per else [])]:
        e, f1, rest = per[key]
        rows.append(_overall_row(blank if key is None else key, e, f1, rest, n_users, w, lang))
    te, tf1 = (sum(per[k][i] for k in per) for i in (0, 1))
    rows.append(_overall_row(total, te, tf1, sum(per[k][2] for k in per), n_users, w, lang))
    overall = pd.DataFrame(rows)

    # The grids: the top competitors by users, the rest in 其他, blank last; shares of the row.
    ranked = [k for k in named if per[k][0] + per[k][1]]
    shown = ranked[:top]
    folded = set(ranked[top:])

    def column(comp) -> str:
        if comp is None or pd.isna(comp):
            return blank
        return other if comp in folded else comp

    columns = [*shown, *([other] if folded else []), *([blank] if users["competitor"].isna().any() else [])]
    by_town, town_kinds = _grid(users, "town", columns, column, w, lang)
    by_industry, industry_kinds = _grid(users, "industry", columns, column, w, lang)

    chance_columns = [
        vocab.label(k, lang)
        for k in ("company_id", "company", "town", "industry", "size", "competitor", "manager")
    ] + [w["contact"], w["phone"], w["contacts"]]
    chance_frame = pd.DataFrame(list(chances), columns=chance_columns, dtype=object)
    chance_frame[chance_columns[-1]] = chance_frame[chance_columns[-1]].astype("int64")
    if lang == "en":  # sizes and industries in English, as in the other tables
        for key, col in (("industry", chance_columns[3]), ("size", chance_columns[4])):
            chance_frame[col] = chance_frame[col].map(
                lambda v, key=key: vocab.value_label(key, v, lang), na_action="ignore"
            )
    return CompetitorView(
        overall, by_town, by_industry, chance_frame, town_kinds, industry_kinds, recorded, n_users
    )


def _overall_row(name, e: int, f1: int, rest: int, n_users: int, w: dict, lang: str) -> dict:
    return {
        vocab.label("competitor", lang): name,
        w["users"]: e + f1,
        w["share"]: (e + f1) / n_users if n_users else 0.0,
        w["e"]: e,
        w["f1"]: f1,
        w["weak"]: e / (e + f1) if e + f1 else None,
        w["others"]: rest,
    }


def _grid(users, dim: str, columns: list[str], column, w: dict, lang: str):
    """dim × competitor shares among the E+F1 firms of each row, the users count last; a 总计 row."""
    import pandas as pd

    blank, total = vocab.label("blank", lang), vocab.label("total", lang)
    if not len(users):
        return pd.DataFrame(columns=[vocab.label(dim, lang), *columns, w["users"]]), []
    missing = "\x00blank"  # a blank row value, kept apart from every real one and sorted last
    frame = users.assign(col=[column(c) for c in users["competitor"]], row=users[dim].fillna(missing))
    grid = frame.pivot_table(index="row", columns="col", values="n", aggfunc="sum", fill_value=0)
    grid = grid.reindex(columns=columns, fill_value=0)
    n = grid.sum(axis=1)
    order = sorted(grid.index, key=lambda r: (r == missing, -int(n[r]), str(r)))
    grid, n = grid.loc[order], n.loc[order]
    grand = grid.sum(axis=0)
    shares = grid.div(n.where(n > 0, 1), axis=0).astype(float)
    shares.loc[total] = (grand / grand.sum() if grand.sum() else grand * 0.0).astype(float)
    shares[w["users"]] = [*n.astype("int64").tolist(), int(grand.sum())]
    shares.index = [
        blank if r == missing else total if r == total else vocab.value_label(dim, r, lang)
        for r in shares.index
    ]  # --lang en: industries by their English names, as in the market's industries table
    shares.index.name = vocab.label(dim, lang)
    shares.columns.name = None
    out = shares.reset_index()
    out.attrs["share_grid"] = True
    return out, ["data"] * (len(out) - 1) + ["total"]
