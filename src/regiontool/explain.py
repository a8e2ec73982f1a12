"""`explain`: one company's key fields with the reason for each, its contacts and history."""

from __future__ import annotations

import orjson
from pydantic import BaseModel

from . import normalize
from .errors import DataError
from .store import Workspace

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


def explain_company(ws: Workspace, text: str) -> CompanyExplanation:
    """The best match for text (exact name first, then names containing it)."""
    found = ws.find_companies(text.strip(), normalize.text_key(text))
    if not found:
        raise DataError(f"no company matches '{text}'", "try part of the name, e.g. 华峰")
    company = found[0]
    reasons = orjson.loads(company["basis"]) if company.get("basis") else {}
    fields = []
    for key in EXPLAINED_FIELDS:
        value = company.get(key)
        if key == "tier":
            value = company["tier"] or company["tier_raw"]
            basis = (
                "列“客户分类”" if company["tier"] else ("列“客户分类”（无法识别，按空白计）" if value else "")
            )
        else:
            basis = reasons.get(key, "来自源表" if value else "")
        fields.append(FieldReason(field=key, value=value, basis=basis))
    return CompanyExplanation(
        company_id=company["id"],
        name=company["name"],
        fields=fields,
        contacts=ws.contacts_of_company(company["id"]),
        history=ws.history(company["id"]),
        orders=ws.company_order_summary(company["id"]),
        others=[c["name"] for c in found[1:]],
    )
