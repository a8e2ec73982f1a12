"""Township (镇/乡/街道) and county from an address, for any county in China.

The national gazetteer (data/gazetteer.tsv.gz, see its SOURCE file) lists 43,000
township-level names under 3,192 counties. An address is scanned for township
suffixes (镇, 乡, 街道, 苏木); the text ending at each suffix is looked up in the
gazetteer, so the cost is a few dictionary lookups per address, never a loop over all
towns. A name found in several counties is settled by the county or city written in
the address, else by the workspace's dominant county; if neither settles it, the town
stays blank and the address is reported. Zones that are not townships (工业区, 开发区,
新区, 农场 …) are never returned.
"""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .. import normalize

TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
_COUNTY_SUFFIXES = "市县区旗"
_MAX_NAME = 9  # longest township name we look for, in characters


@dataclass(frozen=True)
class County:
    province: str
    city: str
    name: str
    code: str
    short: str

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class TownMatch:
    town: str | None
    county: str | None  # county name, e.g. 慈溪市
    basis: str  # human-readable reason
    status: str  # ok, ambiguous, none


def _is_township(name: str) -> bool:
    return name.endswith(TOWN_SUFFIXES)


def _city_short(city: str) -> str:
    for suffix in ("自治州", "地区", "市", "盟"):
        if city.endswith(suffix) and len(city) - len(suffix) >= 2:
            return city[: -len(suffix)]
    return city


class Gazetteer:
    """Lookup tables built once from the packaged gazetteer."""

    def __init__(self, rows: list[tuple[str, str, str, str, str, list[str]]]):
        self.counties: list[County] = []
        self.towns: dict[str, list[int]] = {}
        self.bases: dict[int, dict[str, str]] = {}
        self.county_names: dict[str, set[int]] = {}
        self.county_shorts: dict[str, set[int]] = {}
        self.city_names: dict[str, set[int]] = {}
        for province, city, name, code, short, towns in rows:
            i = len(self.counties)
            self.counties.append(County(province, city, name, code, short))
            self.county_names.setdefault(name, set()).add(i)
            if len(short) >= 2:
                self.county_shorts.setdefault(short, set()).add(i)
            for city_name in {city, _city_short(city)}:
                if len(city_name) >= 2 and city_name not in ("市辖区", "县", "省直辖县级行政区划"):
                    self.city_names.setdefault(city_name, set()).add(i)
            bases = self.bases.setdefault(i, {})
            for town in towns:
                if not _is_township(town):
                    continue
                self.towns.setdefault(town, []).append(i)
                base = _strip_suffix(town)
                if len(base) >= 2:
                    bases.setdefault(base, town)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        data = resources.files("regiontool.data").joinpath("gazetteer.tsv.gz").read_bytes()
        rows = []
        for line in gzip.decompress(data).decode("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            province, city, name, code, short, towns = line.split("\t")
            rows.append((province, city, name, code, short, towns.split("|") if towns else []))
        return cls(rows)

    def county_index(self, name: str) -> int | None:
        """A county given by full or short name (慈溪市, 慈溪), if it names one county."""
        found = self.county_names.get(name) or self.county_shorts.get(name) or set()
        return next(iter(found)) if len(found) == 1 else None


def _strip_suffix(town: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if town.endswith(suffix):
            return town[: -len(suffix)]
    return town


def _mentions(gaz: Gazetteer, text: str, stop: int) -> tuple[set[int], set[int]]:
    """Counties and cities written in text[:stop], by full name (慈溪市) or short name (慈溪)."""
    counties: set[int] = set()
    cities: set[int] = set()
    head = text[:stop]
    for p, ch in enumerate(head):
        if ch in _COUNTY_SUFFIXES or ch in "州盟":
            for s in range(max(0, p - 7), p - 1):
                word = head[s : p + 1]
                counties |= gaz.county_names.get(word, set())
                cities |= gaz.city_names.get(word, set())
    for n in (2, 3):
        for s in range(0, len(head) - n + 1):
            word = head[s : s + n]
            counties |= gaz.county_shorts.get(word, set())
            cities |= gaz.city_names.get(word, set())
    return counties, cities


def _candidates(gaz: Gazetteer, text: str) -> list[tuple[int, str]]:
    """(start, town) for each gazetteer township whose name ends at a suffix in the text."""
    found: list[tuple[int, str]] = []
    for suffix in TOWN_SUFFIXES:
        start = text.find(suffix)
        while start != -1:
            end = start + len(suffix)
            best = None
            for s in range(max(0, end - _MAX_NAME), end - len(suffix) - 1):
                word = text[s:end]
                if word in gaz.towns:
                    best = (s, word)
                    break  # the longest name ending here
            if best:
                found.append(best)
            start = text.find(suffix, start + 1)
    found.sort()
    return found


def resolve_address(
    gaz: Gazetteer, address: str, dominant: int | None = None, simplified: str | None = None
) -> TownMatch:
    """The township of one address (already folded), with the reason."""
    text = (simplified if simplified is not None else normalize.to_simplified(address)).replace(" ", "")
    if not text:
        return TownMatch(None, None, "", "none")
    candidates = _candidates(gaz, text)
    ambiguous: list[str] = []
    for start, town in candidates:
        options = gaz.towns[town]
        if len(options) == 1:
            chosen, why = options[0], "全国唯一"
        else:
            counties, cities = _mentions(gaz, text, start)
            chosen, why = _choose(gaz, options, counties, cities, dominant)
        if chosen is None:
            ambiguous.append(town)
            continue
        county = gaz.counties[chosen]
        return TownMatch(town, county.name, f"地址 → {town}（{county.name}，{why}）", "ok")
    if ambiguous:
        places = "、".join(gaz.counties[i].name for i in gaz.towns[ambiguous[0]][:4])
        return TownMatch(
            None, None, f"{ambiguous[0]} 在多个区县都有（{places}…），地址未写明区县", "ambiguous"
        )
    # No suffix: a county written in the address followed by a township's bare name
    # (慈溪长河垫桥村 → 长河镇), or the dominant county's township at the very start.
    counties, _ = _mentions(gaz, text, len(text))
    scopes = [(c, True) for c in counties] + ([(dominant, False)] if dominant is not None else [])
    for county_idx, mentioned in scopes:
        bases = gaz.bases.get(county_idx, {})
        county = gaz.counties[county_idx]
        starts = [0] if not mentioned else _ends_of(text, (county.name, county.short))
        for s in starts:
            for n in (4, 3, 2):
                town = bases.get(text[s : s + n])
                if town:
                    why = (
                        "地址写了区县，镇名未带“镇/乡/街道”"
                        if mentioned
                        else "主要区县的镇名，未带“镇/乡/街道”"
                    )
                    return TownMatch(town, county.name, f"地址 → {town}（{county.name}，{why}）", "ok")
    if counties and len(counties) == 1:
        county = gaz.counties[next(iter(counties))]
        return TownMatch(None, county.name, f"地址只写到区县（{county.name}），没有乡镇", "none")
    return TownMatch(None, None, "地址中没有可识别的乡镇/街道", "none")


def _ends_of(text: str, names: tuple[str, ...]) -> list[int]:
    out = []
    for name in names:
        p = text.find(name)
        if p != -1 and len(name) >= 2:
            out.append(p + len(name))
    return out


def _choose(
    gaz: Gazetteer, options: list[int], counties: set[int], cities: set[int], dominant: int | None
) -> tuple[int | None, str]:
    if len(options) == 1:
        return options[0], "全国唯一"
    in_county = [i for i in options if i in counties]
    if len(in_county) == 1:
        return in_county[0], "地址写明区县"
    in_city = [i for i in options if i in cities]
    if len(in_city) == 1:
        return in_city[0], "地址写明城市"
    if dominant is not None and dominant in options:
        return dominant, "同名镇，按工作区主要区县"
    return None, ""


def resolve_addresses(addresses: list[str], known_counties: list[str] = ()) -> dict[str, TownMatch]:
    """Resolve each distinct address; a second pass settles shared names by the dominant county.

    `known_counties` are county names already in the workspace (they count towards the
    dominant county, so a small second file follows the first one's county).
    """
    gaz = Gazetteer.load()
    distinct = [a for a in dict.fromkeys(addresses) if a]
    simple = dict(zip(distinct, normalize.to_simplified_many(distinct), strict=True))
    first = {a: resolve_address(gaz, a, None, simple[a]) for a in distinct}
    counts = Counter(m.county for m in first.values() if m.status == "ok" and m.county)
    counts.update(c for c in known_counties if c)
    dominant = None
    for name, _n in counts.most_common():
        dominant = gaz.county_index(name)
        if dominant is not None:
            break
    if dominant is None:
        return first
    return {a: (resolve_address(gaz, a, dominant) if m.status != "ok" else m) for a, m in first.items()}
