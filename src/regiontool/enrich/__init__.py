"""Key-field inference: town, county, industry and size for every firm, each with its basis.

Each inference runs once per distinct input (address, name, figure pair), never per row.
A value from the user's own column always wins over an inferred one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import normalize
from .industry import IndustryRules
from .size import parse_employees, parse_revenue, revenue_unit_of_header, size_band
from .town import Gazetteer, resolve_addresses


def county_from_town(town: str, county: str) -> str:
    """The reason of a county read from its township (an import's, or `regiontool set --town`'s)."""
    return f"由镇街推得（{town} → {county}）"


@dataclass(slots=True)
class FirmInput:
    """What enrichment reads of one firm (company-level fields after merging its rows)."""

    key: str
    address: str | None = None
    town: str | None = None  # from a town column
    county: str | None = None
    industry: str | None = None
    size: str | None = None
    employees: str | None = None
    revenue: str | None = None
    scope: str | None = None


@dataclass(slots=True)
class FirmKeyFields:
    town: str | None = None
    county: str | None = None
    industry: str | None = None
    size: str | None = None
    employees_n: float | None = None  # figures for sums and means (people, 万元)
    revenue_n: float | None = None
    basis: dict[str, str] = field(default_factory=dict)
    town_status: str = "ok"  # ok, none, ambiguous, no-address


def enrich_firms(
    firms: list[FirmInput],
    *,
    columns: dict[str, str],
    rules: IndustryRules | None = None,
    known_counties: list[str] = (),
    revenue_header: str = "",
    progress: Callable[[str], None] | None = None,
    industry_firms: int | None = None,
) -> dict[str, FirmKeyFields]:
    """Key fields for each firm. `columns` maps field → source header (for the basis text).
    `industry_firms` N: only the first N firms get their industry here, the others' is left
    to infer_industries (worked elsewhere); None: all of them."""
    rules = rules or IndustryRules.load()
    step = progress or (lambda _s: None)
    out = {f.key: FirmKeyFields() for f in firms}

    step("towns")
    gaz = Gazetteer.load()
    column_counties = [f.county for f in firms if f.county]
    addresses = [f.address for f in firms if f.address and not f.town]
    matches = resolve_addresses(addresses, [*known_counties, *column_counties])
    for f in firms:
        kf = out[f.key]
        if f.town:
            kf.town, kf.basis["town"] = _town_from_column(gaz, f.town, f.county, columns.get("town", "镇街"))
        elif f.address:
            m = matches[f.address]
            kf.town, kf.town_status = m.town, m.status
            kf.basis["town"] = m.basis
            if m.county and not f.county:
                kf.county = m.county
                kf.basis["county"] = county_from_town(m.town, m.county) if m.town else m.basis
        else:
            kf.town_status = "no-address"
        if f.county:
            kf.county = f.county
            kf.basis["county"] = f"列“{columns.get('county', '区县')}”"

    step("industries")
    with_industry = firms[:industry_firms] if industry_firms is not None else firms
    for f, (industry, basis) in zip(
        with_industry, infer_industries(with_industry, rules, columns), strict=True
    ):
        kf = out[f.key]
        kf.industry, kf.basis["industry"] = industry, basis

    step("sizes")
    unit = revenue_unit_of_header(revenue_header)
    # Each figure text is parsed once; most firms share their figures' texts with others.
    employees = {t: parse_employees(t) for t in {f.employees or "" for f in firms}}
    revenues = {t: parse_revenue(t, unit) for t in {f.revenue or "" for f in firms}}
    size_cache: dict[tuple, tuple] = {}
    for f in firms:
        kf = out[f.key]
        emp, rev = employees[f.employees or ""], revenues[f.revenue or ""]
        k = (id(emp), id(rev))  # one Figure object per distinct text: identity is enough
        if k not in size_cache:
            size_cache[k] = (*size_band(emp, rev), emp.mid if emp else None, rev.mid if rev else None)
        band, basis, kf.employees_n, kf.revenue_n = size_cache[k]
        if f.size:
            kf.size, kf.basis["size"] = f.size, f"列“{columns.get('size', '规模')}”"
            continue
        kf.size = band
        if basis:
            kf.basis["size"] = basis
    return out


def infer_industries(
    firms: list[FirmInput], rules: IndustryRules, columns: dict[str, str]
) -> list[tuple[str | None, str]]:
    """(industry, basis) of each firm: its industry column's value, else inferred from its
    name and scope. Reads only key, industry and scope of the inputs."""
    header = f"列“{columns.get('industry', '行业')}”"
    cache: dict[tuple[str, str], tuple[str | None, str]] = {}
    out = []
    for f in firms:
        if f.industry:
            out.append((f.industry, header))
            continue
        k = (f.key, f.scope or "")
        if k not in cache:
            m = rules.infer(f.key, f.scope or "")
            cache[k] = (m.industry, m.basis)
        out.append(cache[k])
    return out


def _town_from_column(gaz: Gazetteer, value: str, county: str | None, header: str) -> tuple[str, str]:
    text = normalize.to_simplified(value).replace(" ", "")
    if text in gaz.towns:
        return text, f"列“{header}”"
    county_idx = gaz.county_index(county) if county else None
    candidates = [
        i
        for i in ([county_idx] if county_idx is not None else range(len(gaz.counties)))
        if text in gaz.bases.get(i, {})
    ]
    if len(candidates) == 1:
        full = gaz.bases[candidates[0]][text]
        return full, f"列“{header}”：{value} → {full}"
    return value, f"列“{header}”（地名库中没有此乡镇，原样保留）"
