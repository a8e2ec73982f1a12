"""Key-field inference: town, county, industry and size for every firm, each with its basis.

Each inference runs once per distinct input (address, name, figure pair), never per row.
A value from the user's own column always wins over an inferred one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import normalize, vocab
from ..vocab.basis import COUNTY_FROM_TOWN
from .industry import IndustryRules
from .size import parse_employees, parse_revenue, revenue_unit_of_header, size_band
from .town import Gazetteer, resolve_addresses


def county_from_town(town: str, county: str) -> str:
    """The reason of a county read from its township (an import's, or `regiontool set --town`'s)."""
    return f"{COUNTY_FROM_TOWN}（{town} → {county}）"


@dataclass(slots=True)
class FirmInput:
    """What enrichment reads of one firm (company-level fields after merging its rows)."""

    key: str
    address: str | None = None
    address_from: str | None = None  # the header of a later address column the address came from
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
    town_status: str = "ok"  # ok, none, ambiguous, elsewhere, sound-alike, no-address


@dataclass
class KeyFieldColumns:
    """The key fields of many firms as columns, in the firms' order (what the import stores)."""

    town: list[str | None]
    county: list[str | None]
    industry: list[str | None]
    size: list[str | None]
    employees_n: list[float | None]
    revenue_n: list[float | None]
    basis: list[dict[str, str]]  # field → why, in the order town, county, industry, size
    town_status: list[str]  # ok, none, ambiguous, elsewhere, sound-alike, no-address


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
    inputs = {f: [getattr(firm, f) for firm in firms] for f in FirmInput.__slots__}
    found = enrich_columns(
        inputs,
        columns=columns,
        rules=rules,
        known_counties=known_counties,
        revenue_header=revenue_header,
        progress=progress,
        industry_firms=industry_firms,
    )
    return {
        key: FirmKeyFields(*values)
        for key, *values in zip(
            inputs["key"],
            found.town,
            found.county,
            found.industry,
            found.size,
            found.employees_n,
            found.revenue_n,
            found.basis,
            found.town_status,
            strict=True,
        )
    }


def enrich_columns(
    firms: dict[str, list],
    *,
    columns: dict[str, str],
    rules: IndustryRules | None = None,
    known_counties: list[str] = (),
    revenue_header: str = "",
    progress: Callable[[str], None] | None = None,
    industry_firms: int | None = None,
) -> KeyFieldColumns:
    """enrich_firms on firms given as columns (FirmInput's fields → one value per firm; a
    missing field is blank for all): one pass per firm and no object per firm, which is what
    a 100,000-row import can afford."""
    rules = rules or IndustryRules.load()
    step = progress or (lambda _s: None)
    keys = firms["key"]
    n = len(keys)
    blank = [None] * n
    address, town_col, county_col, size_col, employees, revenue = (
        firms.get(f) or blank for f in ("address", "town", "county", "size", "employees", "revenue")
    )
    # The header of the column each address came from (records._addresses): a reason where it is
    # not the first address column's.
    first_address = columns.get("address")
    address_reasons = [
        f"列“{h}”" if h and h != first_address else None for h in firms.get("address_from") or blank
    ]

    step("towns")
    gaz = Gazetteer.load()
    column_counties = [c for c in county_col if c]
    addresses = [a for a, t in zip(address, town_col, strict=True) if a and not t]
    matches = resolve_addresses(addresses, [*known_counties, *column_counties])

    step("industries")
    with_industry = n if industry_firms is None else len(range(n)[:industry_firms])
    industries = infer_industry_columns(
        keys[:with_industry],
        (firms.get("industry") or blank)[:with_industry],
        (firms.get("scope") or blank)[:with_industry],
        rules,
        columns,
    )
    industries += [(None, None)] * (n - with_industry)

    step("sizes")
    unit = revenue_unit_of_header(revenue_header)
    # Each figure text is parsed once; most firms share their figures' texts with others.
    emp_of = {t: parse_employees(t) for t in {e or "" for e in employees}}
    rev_of = {t: parse_revenue(t, unit) for t in {r or "" for r in revenue}}
    size_cache: dict[tuple, tuple] = {}
    town_header = columns.get("town", "镇街")
    county_basis = f"列“{columns.get('county', '区县')}”"
    size_basis = f"列“{columns.get('size', '规模')}”"
    out = KeyFieldColumns([], [], [], [], [], [], [], [])
    for a, a_why, t, c, s, e, r, (industry, industry_basis) in zip(
        address, address_reasons, town_col, county_col, size_col, employees, revenue, industries, strict=True
    ):
        basis: dict[str, str] = {"address": a_why} if a_why else {}
        town = county = None
        status = "ok"
        labelled = labelled_town(gaz, t, c) if t else None
        if labelled:  # 新桥镇（象山县）, as list --out writes a township found in several counties
            town, county = labelled
            basis["town"] = f"列“{town_header}”：{t} → {town}"
            basis["county"] = county_from_town(town, county)
        elif t:
            town, basis["town"] = _town_from_column(gaz, t, c, town_header)
        elif a:
            m = matches[a]
            town, status = m.town, m.status
            basis["town"] = m.basis
            if m.county and not c:
                county = m.county
                basis["county"] = county_from_town(m.town, m.county) if m.town else m.basis
        else:
            status = "no-address"
        if c:
            county = c
            basis["county"] = county_basis
        if industry_basis is not None:
            basis["industry"] = industry_basis
        emp, rev = emp_of[e or ""], rev_of[r or ""]
        k = (id(emp), id(rev))  # one Figure object per distinct text: identity is enough
        if k not in size_cache:
            size_cache[k] = (*size_band(emp, rev), emp.mid if emp else None, rev.mid if rev else None)
        band, why, employees_n, revenue_n = size_cache[k]
        if s:
            band, why = s, size_basis
        if why:
            basis["size"] = why
        out.town.append(town)
        out.county.append(county)
        out.industry.append(industry)
        out.size.append(band)
        out.employees_n.append(employees_n)
        out.revenue_n.append(revenue_n)
        out.basis.append(basis)
        out.town_status.append(status)
    return out


def infer_industries(
    firms: list[FirmInput], rules: IndustryRules, columns: dict[str, str]
) -> list[tuple[str | None, str]]:
    """(industry, basis) of each firm: its industry column's value, else inferred from its
    name and scope. Reads only key, industry and scope of the inputs."""
    return infer_industry_columns(
        [f.key for f in firms], [f.industry for f in firms], [f.scope for f in firms], rules, columns
    )


def infer_industry_columns(
    keys: list[str],
    industries: list[str | None],
    scopes: list[str | None],
    rules: IndustryRules,
    columns: dict[str, str],
) -> list[tuple[str | None, str]]:
    """infer_industries on the firms' keys, industry column values and scopes as columns."""
    header = f"列“{columns.get('industry', '行业')}”"
    cache: dict[tuple[str, str], tuple[str | None, str]] = {}
    given: dict[str, tuple[str, str]] = {}  # an industry cell's text → (industry, basis)
    out = []
    for key, industry, scope in zip(keys, industries, scopes, strict=True):
        if industry:
            if industry not in given:
                # A national-standard division (所属行业 电气机械和器材制造业) is the taxonomy's label
                # whose gbt names it; a label, or any other text, stays as written.
                label = rules.label_of_division(industry)
                given[industry] = (label, f"{header}：{industry} → {label}") if label else (industry, header)
            out.append(given[industry])
            continue
        k = (key, scope or "")
        if k not in cache:
            m = rules.infer(key, scope or "")
            cache[k] = (m.industry, m.basis)
        out.append(cache[k])
    return out


def labelled_town(gaz: Gazetteer, value: str, county: str | None) -> tuple[str, str] | None:
    """(township, county) of a town cell holding a township with its county, 新桥镇（象山县） or
    新桥镇(象山县) (the analyses' label of a name found in several counties), when the place-name
    data has that township in that county and a county column, if any, names the same one; else None
    (滨海开发区(杭州湾新区) is a town of its own)."""
    town, named = vocab.split_town(normalize.to_simplified(value))
    i = gaz.county_index(named) if named else None
    if i is None or i not in gaz.towns.get(town.replace(" ", ""), ()):
        return None
    if county and gaz.county_index(county) != i:
        return None
    return town.replace(" ", ""), gaz.counties[i].name


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
