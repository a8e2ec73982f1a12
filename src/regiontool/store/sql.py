"""SQL expressions shared by pivots and lists: field columns, fixed sort orders, filters."""

from __future__ import annotations

from collections.abc import Iterable

from .. import normalize, vocab
from .db import Database, quote

# Company fields a pivot can group by, straight from the companies table.
PIVOT_COMPANY_FIELDS = ("town", "county", "industry", "size", "tier", "manager", "competitor")


def still_a_prospect(column: str) -> str:
    """A condition on a tier column: the firm is not dropped (vocab.DROPPED_TIERS, F2/F3)."""
    dropped = ", ".join(quote(t) for t in sorted(vocab.DROPPED_TIERS))
    return f"({column} IS NULL OR {column} NOT IN ({dropped}))"


# The township names found in more than one county of the workspace (all of it, whatever a
# manager's scope): each such township is shown with its county (town_label).
TOWNS_IN_SEVERAL_COUNTIES = (
    "SELECT town FROM {s}.companies WHERE NULLIF(town, '') IS NOT NULL AND NULLIF(county, '') IS NOT NULL"
    " GROUP BY town HAVING COUNT(DISTINCT county) > 1"
)


def town_label(alias: str, several: Iterable[str]) -> str:
    """The town as every analysis shows, groups and plans it: its name, or for a name of
    `several` (TOWNS_IN_SEVERAL_COUNTIES) the name with its county, 新桥镇（象山县）
    (vocab.town_in_county). Plain `alias.town` when no name is shared."""
    names = ", ".join(quote(t) for t in several)
    if not names:
        return f"{alias}.town"
    left, right = (quote(b) for b in vocab.TOWN_COUNTY_BRACKETS)
    return (
        f"(CASE WHEN {alias}.town IN ({names}) AND NULLIF({alias}.county, '') IS NOT NULL"
        f" THEN {alias}.town || {left} || {alias}.county || {right} ELSE {alias}.town END)"
    )


def _town_matches(shown: str, values: list[str]) -> list[tuple[str, list[str]]]:
    """What a town filter's values match: the text stored, as typed (a bare 新桥镇 takes every
    township of that name; 滨海开发区(杭州湾新区) the town stored so), and the town as shown
    (`shown`, town_label), where 新桥镇(象山县) typed with ASCII brackets is the label 新桥镇（象山县）:
    only a name shown with its county takes it, so a label is matched only where the workspace makes it."""
    stored, labels = [], []
    for v in values:
        stored += [v, normalize.fold(v)]
        town, county = vocab.split_town(v)
        labels += [v, *([vocab.town_in_county(town, county)] if county else [])]
    return [("NULLIF(c.town, '')", list(dict.fromkeys(stored))), (shown, list(dict.fromkeys(labels)))]


def _rank(column: str, values: tuple[str, ...]) -> str:
    cases = " ".join(f"WHEN {quote(v)} THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {cases} ELSE {len(values)} END"


def _points(column: str, levels: dict[str, float]) -> str:
    cases = " ".join(f"WHEN {quote(k)} THEN {v}" for k, v in levels.items())
    return f"(CASE {column} {cases} ELSE 0 END)"


# `regiontool list --sort KEY`: fixed orders for tier and size, blanks last, then the name.
_LIST_ORDERS = {
    "tier": f"{_rank('c.tier', vocab.TIER_ORDER)}, c.name",
    "size": f"{_rank('c.size', vocab.SIZE_ORDER)}, c.name",
    "town": "c.town IS NULL, c.town, c.county IS NULL, c.county, c.name",
    "industry": "c.industry IS NULL, c.industry, c.name",
    "manager": "c.manager IS NULL, c.manager, c.name",
    "name": "c.name",
    "contacts": "8 DESC, c.name",
    "energy": f"{_points('c.deal_level', vocab.DEAL_LEVELS)} + {_points('c.closing', vocab.CLOSING_LEVELS)} DESC, c.name",
}
LIST_SORTS = tuple(_LIST_ORDERS)


class _FieldSQL:
    """SQL expressions for pivot/list fields, with the joins and parameters they need."""

    def __init__(self, unit: str, db: Database, town: str = "c.town"):
        self.unit = unit
        self.db = db
        self.town = town  # the town as shown (town_label)
        self.joins: list[str] = []
        self.params: list = []
        self._exprs: dict[str, str] = {}

    def expr(self, field: str) -> str:
        if field in self._exprs:
            return self._exprs[field]
        if field == "town":
            e = self.town
        elif field in PIVOT_COMPANY_FIELDS:
            e = f"c.{field}"
        elif field == "key_contact" and self.unit == "contacts":
            e = "k.key_contact"
        elif field == "key_contact":  # a company: 是 if any contact is key, else 否 if any is not
            self.joins.append(
                "LEFT JOIN (SELECT company_id, CASE WHEN MAX(CASE key_contact WHEN '是' THEN 1 ELSE 0 END) = 1"
                " THEN '是' WHEN MAX(CASE key_contact WHEN '否' THEN 1 ELSE 0 END) = 1 THEN '否' END AS kc"
                " FROM contacts GROUP BY company_id)"
                " kk ON kk.company_id = c.id"
            )
            e = "kk.kc"
        elif field.startswith("col:"):
            if self.unit == "contacts":
                e = self.db.json_text("k.extra", field[4:])
            else:  # a company takes the first value among its contacts
                value = self.db.json_text("x.extra", field[4:])
                e = (
                    f"(SELECT {value} FROM contacts x WHERE x.company_id = c.id"
                    f" AND {value} IS NOT NULL ORDER BY x.id LIMIT 1)"
                )
        else:
            raise ValueError(field)
        self._exprs[field] = e
        return e

    def from_clause(self) -> str:
        """FROM the unit's rows (a contact joined to its company), with the joins the expressions asked
        for so far: call it after expr and where."""
        base = (
            "FROM contacts k JOIN companies c ON c.id = k.company_id"
            if self.unit == "contacts"
            else "FROM companies c"
        )
        return " ".join([base, *self.joins])

    def where(self, filters: list[tuple[str, bool, list[str]]]) -> list[str]:
        out = []
        for field, negate, values in filters:
            text = f"NULLIF(CAST({self.expr(field)} AS TEXT), '')"
            real = [v for v in values if v != ""]
            named = _town_matches(text, real) if field == "town" else [(text, real)]
            for _, these in named:
                self.params.extend(these)
            in_real = (
                "(" + " OR ".join(f"{e} IN ({', '.join('?' * len(these))})" for e, these in named) + ")"
                if real
                else "1 = 0"
            )
            match = f"({in_real} OR {text} IS NULL)" if "" in values else f"COALESCE({in_real}, 1 = 0)"
            out.append(f"NOT {match}" if negate else match)
        return out
