"""`explain`: one company's key fields with the reason for each, its contacts and history."""

from __future__ import annotations

import orjson
from pydantic import BaseModel

from . import normalize, vocab
from .errors import DataError, RegiontoolError, UsageError
from .store import Workspace
from .vocab.basis import FROM_SOURCE, LEVEL_NOT_UNDERSTOOD, TIER_FROM_COLUMN, TIER_NOT_UNDERSTOOD

EXPLAINED_FIELDS = (
    "address",
    "town",
    "county",
    "industry",
    "size",
    "tier",
    "manager",
    "employees",
    "revenue",
    "scope",
)


class FieldReason(BaseModel):
    field: str
    value: str | None
    basis: str


class CompanyExplanation(BaseModel):
    company_id: int
    name: str
    fields: list[FieldReason]
    contacts: list[dict]
    history: list[dict]
    orders: dict = {}  # lines, orders, amount, first, last (empty without orders)
    others: list[str] = []  # further matches of the search text

    def in_lang(self, lang: str) -> CompanyExplanation:
        """The explanation as `--lang` prints it: in English the coded values (industry, size,
        key contact, levels) and the reasons, as the export writes them; names inside stay as
        written, and the stored data is untouched. Chinese: itself."""
        if lang != "en":
            return self
        from . import vocab
        from .vocab.basis import basis_en

        return self.model_copy(
            update={
                "fields": [
                    FieldReason(
                        field=f.field,
                        value=None if f.value is None else vocab.value_label(f.field, f.value, lang),
                        basis=basis_en(f.basis) if f.basis else f.basis,
                    )
                    for f in self.fields
                ],
                "contacts": [
                    {**c, "key_contact": vocab.value_label("key_contact", c["key_contact"], lang)}
                    if c.get("key_contact")
                    else c
                    for c in self.contacts
                ],
                "history": [history_in_lang(h, lang) for h in self.history],
            }
        )


def history_in_lang(change: dict, lang: str) -> dict:
    """One stored change (history row) as `--lang` prints it: its old and new coded values in
    English (重要 → major, 电子电器 → …) and a hand link's source; the field stays its key, a
    file named as the source stays as written."""
    if lang != "en":
        return change
    from . import vocab
    from .editing import MANUAL_LINK
    from .vocab.basis import basis_en

    out = dict(change)
    for key in ("old", "new"):
        if out.get(key):
            out[key] = vocab.value_label(change["field"], out[key], lang)
    if out.get("source") == MANUAL_LINK:
        out["source"] = basis_en(MANUAL_LINK)
    return out


SHOWN_CANDIDATES = 8  # names listed when a name fits several companies
SEARCH_LIMIT = 200  # matches counted before "more than"


HINT_SCORE = 60  # rapidfuzz ratio from which a name is offered when nothing contains the one typed


def find_one(ws: Workspace, text: str, changing: bool = False) -> tuple[dict, list[dict]]:
    """The company a name means — its exact normalised name, else the only one containing it — and
    the other companies containing it: explain, set, history and link alike. Several without an
    exact one: a usage error listing a few. None: a data error naming the closest names (`changing`:
    a command that would have changed something says nothing was)."""
    name = text.strip()
    if not name:
        raise UsageError(
            "give a company name",
            "for example: regiontool explain 慈溪市华峰电器厂",
            zh="请给出企业名称，例如：regiontool explain 慈溪市华峰电器厂",
        )
    key = normalize.text_key(name)
    found = ws.find_companies(name, key, limit=SEARCH_LIMIT + 1)
    if not found:
        raise _no_match(ws, name, key, changing)
    exact = [c for c in found if c["name_key"] == key]
    if exact:
        return exact[0], [c for c in found if c is not exact[0]]
    if len(found) > 1:
        many = f"more than {SEARCH_LIMIT}" if len(found) > SEARCH_LIMIT else f"{len(found)}"
        names = [c["name"] for c in found[:SHOWN_CANDIDATES]]
        more = "…" if len(found) > SHOWN_CANDIDATES else ""
        zh_many = f"超过 {SEARCH_LIMIT}" if len(found) > SEARCH_LIMIT else many
        raise UsageError(
            f"'{name}' matches {many} companies: {vocab.listed(names, 'en')}{more}",
            "give the full name",
            zh=f"“{name}”匹配到 {zh_many} 家企业：{vocab.listed(names)}{more}：请给出完整名称",
        )
    return found[0], []


def companies_named(ws: Workspace, names) -> dict[str, dict]:
    """name → the company whose exact normalised name it is (find_one's first choice), for each
    name that has one; many names in one query (a plan's rows typed by hand)."""
    keys = {n: normalize.text_key(n) for n in names if n and n.strip()}
    found = ws.companies_by_key(keys.values())
    return {n: found[k] for n, k in keys.items() if k in found}


def likely_id(ws: Workspace, name: str) -> int | None:
    """The id of the one company find_one finds for name, or None when it finds none or several:
    a hint to offer, not a match to act on."""
    try:
        return int(find_one(ws, name)[0]["id"])
    except RegiontoolError:
        return None


def _no_match(ws: Workspace, name: str, key: str, changing: bool) -> DataError:
    """No company contains the name: the names closest to it (rapidfuzz, as the orders' candidates),
    else a word on typing part of it."""
    from .orders import similar_companies
    from .records import place_names

    unchanged = ("; nothing was changed", "，未作任何更改") if changing else ("", "")
    merged = ws.alias_of(key)
    if merged:  # a firm `regiontool merge` merged into another: that one is it now
        _gone, kept, when = merged
        return DataError(
            f"'{name}' was merged into {kept} on {when[:10]}{unchanged[0]}",
            f"its contacts, orders and payments are {kept}'s: regiontool explain {kept}",
            zh=f"“{name}”已于 {when[:10]} 并入 {kept}{unchanged[1]}：其联系人、订单和回款都在 {kept} 名下"
            f"（regiontool explain {kept}）",
        )
    places = place_names(ws.sample_addresses())  # a firm of the name's stem first (宁波干丰 → 宁波乾丰)
    close = similar_companies({key: name}, ws.all_company_names(), cutoff=HINT_SCORE, places=places)
    close = close.get(key, [])
    names = [n for n, _score in close]
    return DataError(
        f"no company matches '{name}'{unchanged[0]}",
        f"close names: {', '.join(names)}" if names else "try part of the name",
        zh=f"没有与“{name}”匹配的企业{unchanged[1]}："
        + (f"相近的有 {'、'.join(names)}" if names else "试试名称的一部分"),
    )


def _levels(company: dict, reasons: dict) -> list[FieldReason]:
    """The opportunity and value levels the company has (订单规模等级 … 我方优势), each with its
    reason; a text that names no level says so (invalid-level: it scores nothing)."""
    from .analysis.energy import readable

    out = []
    for key in vocab.LEVEL_CHOICES:
        value = company.get(key)
        if value:
            known = readable(key, value)
            basis = reasons.get(key) or (FROM_SOURCE if known else LEVEL_NOT_UNDERSTOOD)
            out.append(FieldReason(field=key, value=value, basis=basis))
    return out


def explain_company(ws: Workspace, text: str) -> CompanyExplanation:
    """The company the text names (see find_one) with its reasons, contacts, history and orders."""
    company, others = find_one(ws, text)
    reasons = orjson.loads(company["basis"]) if company.get("basis") else {}
    fields = []
    for key in EXPLAINED_FIELDS:
        value = company.get(key)
        if key == "tier":
            value = company["tier"] or company["tier_raw"]
            basis = reasons.get("tier") or (  # set by hand: its reason says so
                TIER_FROM_COLUMN if company["tier"] else (TIER_NOT_UNDERSTOOD if value else "")
            )
        else:
            basis = reasons.get(key, FROM_SOURCE if value else "")
        fields.append(FieldReason(field=key, value=value, basis=basis))
    fields += _levels(company, reasons)
    return CompanyExplanation(
        company_id=company["id"],
        name=company["name"],
        fields=fields,
        contacts=ws.contacts_of_company(company["id"]),
        history=ws.history(company["id"]),
        orders=ws.company_order_summary(company["id"]),
        others=[c["name"] for c in others],
    )
