"""A seeded, labelled set for the key-field inference (town, industry, size).

Everything is GENERATED from the packaged gazetteer and industry rules, and each label is
computed here from what the generated text says, independently of regiontool.enrich:

- township addresses: a county (anywhere in China, with a bias towards a few "home"
  counties), one of its townships, and a random address form (province/city/county
  prefixes present or absent, county short names, traditional characters, spaces,
  full-width digits, a road starting with 镇/乡 right after the town). The label is the
  (town, county), or "ambiguous" when the county cannot be told: the township name
  exists in several counties that all fit what the address writes, and no dominant
  county is passed (with the home county as dominant, the home county is the answer);
- zone addresses: development zones, industrial parks, farms … (the gazetteer's own
  non-township entries plus 经济开发区 / 新区 / 工业园区 forms): the label is NO town;
- company names: a brand + ONE keyword of industries.toml + a legal suffix; the label is
  the industry listing that keyword;
- figure pairs (employees, revenue) written in varied forms; the label is the SME band
  of the domain rule (大型 ≥1000 people and ≥40000万元; 中型 ≥300 and ≥2000万; 小型 ≥20
  and ≥300万; 微型 otherwise; the highest band whose thresholds BOTH figures meet).

Used by tests/enrich/test_*.py (accuracy targets) and benchmarks/bench_enrich.py.
"""

from __future__ import annotations

import gzip
import random
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SEED = 20261125
TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
# (city, county): the workspace's "home" counties, drawn more often than the rest.
HOME = (("宁波市", "慈溪市"), ("宁波市", "余姚市"), ("宁波市", "鄞州区"))
HOME_SHARE = 0.35

# Characters for brands, villages and roads: none is part of a township suffix, a zone
# word or an industry keyword.
_CHARS = "华峰宏达永光金鑫恒瑞盛泰荣昌隆兴旺福春秋明德信诚安康丰裕嘉禾鹏程云海凯祥宁静晨"
_ROAD_ENDS = ("路", "大道", "街", "弄", "巷")
_ZONE_WORDS = (
    "经济开发区",
    "经济技术开发区",
    "高新技术产业开发区",
    "高新区",
    "工业园区",
    "工业区",
    "产业园",
    "新区",
    "物流园区",
    "保税区",
)
_LEGAL = ("有限公司", "股份有限公司", "有限责任公司", "公司", "厂", "集团有限公司")
_PLACES = ("", "", "", "宁波", "慈溪市", "浙江", "余姚", "杭州")
BANDS = (("大型", 1000, 40000), ("中型", 300, 2000), ("小型", 20, 300))
SMALLEST = "微型"
_FULL_WIDTH = str.maketrans("0123456789 ", "０１２３４５６７８９　")


@dataclass(frozen=True)
class County:
    province: str
    city: str
    name: str
    short: str
    towns: tuple[str, ...]  # township names (镇/乡/街道/苏木)
    zones: tuple[str, ...]  # other township-level entries: zones, farms …

    @property
    def city_short(self) -> str:
        for suffix in ("自治州", "地区", "市", "盟"):
            if self.city.endswith(suffix) and len(self.city) - len(suffix) >= 2:
                return self.city[: -len(suffix)]
        return self.city


@dataclass(frozen=True)
class AddressCase:
    address: str
    kind: str  # township | zone
    form: str  # how the address was written (prefix form + variants)
    town: str | None  # expected town (None: no town expected)
    county: str | None  # expected county name when status is ok
    status: str  # ok | ambiguous | none
    dominant: str | None = None  # county name to pass as the dominant county
    true_town: str | None = None  # the township the generator used (also for ambiguous)
    true_county: str | None = None


@dataclass(frozen=True)
class NameCase:
    name: str
    word: str
    industry: str


@dataclass(frozen=True)
class SizeCase:
    employees: str
    revenue: str
    people: int
    revenue_wan: float
    band: str


@dataclass
class LabelledSet:
    addresses: list[AddressCase] = field(default_factory=list)
    names: list[NameCase] = field(default_factory=list)
    sizes: list[SizeCase] = field(default_factory=list)

    @property
    def township(self) -> list[AddressCase]:
        return [c for c in self.addresses if c.kind == "township"]

    @property
    def zones(self) -> list[AddressCase]:
        return [c for c in self.addresses if c.kind == "zone"]


# --- sources --------------------------------------------------------------------------


def is_township(name: str) -> bool:
    return name.endswith(TOWN_SUFFIXES)


@lru_cache(maxsize=1)
def counties() -> tuple[County, ...]:
    """The packaged gazetteer, read here on its own (not through regiontool.enrich)."""
    data = resources.files("regiontool.data").joinpath("gazetteer.tsv.gz").read_bytes()
    out = []
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        province, city, name, _code, short, towns = line.split("\t")
        if name == "市直辖行政区划":  # the towns of a city without counties (东莞市): the city is theirs
            name, short = city, ""
        names = towns.split("|") if towns else []
        out.append(
            County(
                province,
                city,
                name,
                short,
                tuple(t for t in names if is_township(t)),
                tuple(t for t in names if not is_township(t)),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def town_index() -> dict[str, tuple[int, ...]]:
    """Township name → indexes of the counties that have it."""
    index: dict[str, list[int]] = {}
    for i, c in enumerate(counties()):
        for t in c.towns:
            index.setdefault(t, []).append(i)
    return {t: tuple(v) for t, v in index.items()}


@lru_cache(maxsize=1)
def bare_heads() -> frozenset[str]:
    """First two characters of every township's bare name (长河镇 → 长河)."""
    heads = set()
    for t in town_index():
        for s in TOWN_SUFFIXES:
            if t.endswith(s) and len(t) - len(s) >= 2:
                heads.add(t[:2])
    return frozenset(heads)


def home_indexes() -> list[int]:
    return [i for i, c in enumerate(counties()) if (c.city, c.name) in HOME]


@lru_cache(maxsize=1)
def industry_words() -> dict[str, str]:
    """Keyword → industry label, from the packaged industries.toml (words listed once)."""
    text = resources.files("regiontool.data").joinpath("industries.toml").read_text(encoding="utf-8")
    seen: dict[str, list[str]] = {}
    for item in tomllib.loads(text)["industry"]:
        for w in item.get("name_words", []):
            seen.setdefault(w, []).append(item["label"])
    return {w: labels[0] for w, labels in seen.items() if len(set(labels)) == 1}


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def expected_band(people: float, revenue_wan: float) -> str:
    for band, min_people, min_revenue in BANDS:
        if people >= min_people and revenue_wan >= min_revenue:
            return band
    return SMALLEST


# --- addresses ------------------------------------------------------------------------

# Prefix forms: which parts of the county's location are written before the township.
PREFIX_FORMS = (
    ("full", 3),  # 浙江省宁波市慈溪市
    ("city-county", 3),  # 宁波市慈溪市
    ("county", 3),  # 慈溪市
    ("county-short", 2),  # 慈溪
    ("city-short-county-short", 1),  # 宁波慈溪
    ("province-county", 1),  # 浙江省慈溪市
    ("none", 4),  # 长河镇…
)


def _word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(n))


def _plain_word(rng: random.Random) -> str:
    """Two characters that do not begin the bare name of any township (for zone addresses)."""
    word = _word(rng)
    while word in bare_heads():
        word = _word(rng)
    return word


def _prefix(rng: random.Random, c: County, form: str) -> tuple[list[str], dict[str, str]]:
    """The prefix parts for a form, and what they state (for the label)."""
    city = [] if c.city in (c.province, "市辖区", "县", "省直辖县级行政区划") else [c.city]
    city_short = [] if not city or len(c.city_short) < 2 else [c.city_short]
    short = c.short if len(c.short) >= 2 and c.short != c.name else None
    if form == "full":
        return [c.province, *city, c.name], {"province": c.province, "city": c.city, "county": c.name}
    if form == "city-county" and city:
        return [*city, c.name], {"city": c.city, "county": c.name}
    if form == "county-short" and short:
        return [short], {"short": short}
    if form == "city-short-county-short" and city_short and short:
        return [*city_short, short], {"city": c.city, "short": short}
    if form == "province-county":
        return [c.province, c.name], {"province": c.province, "county": c.name}
    if form == "none":
        return [], {}
    return [c.name], {"county": c.name}  # "county", and the fallback of the forms above


def _fits(c: County, stated: dict[str, str]) -> bool:
    return (
        stated.get("province", c.province) == c.province
        and stated.get("city", c.city) == c.city
        and stated.get("county", c.name) == c.name
        and stated.get("short", c.short) == c.short
    )


def _tail(rng: random.Random, town: str) -> tuple[str, str]:
    n = rng.randint(1, 999)
    r = rng.random()
    if r < 0.15 and town.endswith(("镇", "乡")):
        # A road named after the town, right after it: 长河镇镇东路18号.
        return f"{town[-1]}{rng.choice('东西南北中')}路{n}号", "road-after-town"
    if r < 0.45:
        return f"{_word(rng)}村{n}号", "village"
    if r < 0.55:
        return f"{_word(rng)}工业区{_word(rng)}路{n}号", "zone-in-town"
    return f"{_word(rng)}{rng.choice(_ROAD_ENDS)}{n}号", "road"


def _variants(rng: random.Random, parts: list[str], tail: str) -> tuple[str, list[str]]:
    """Join the parts, maybe with spaces, full-width digits or traditional characters."""
    tags = []
    sep = ""
    if rng.random() < 0.2:
        sep = rng.choice((" ", "  ", "\u3000"))
        tags.append("spaces")
    text = sep.join([*parts, tail])
    if rng.random() < 0.2:
        text = text.translate(_FULL_WIDTH)
        tags.append("full-width")
    if rng.random() < 0.15:
        text = to_traditional(text)
        tags.append("traditional")
    return text, tags


def township_case(
    rng: random.Random, county_idx: int, town: str, *, form: str, with_dominant: bool
) -> AddressCase:
    cs = counties()
    c = cs[county_idx]
    parts, stated = _prefix(rng, c, form)
    tail, tail_form = _tail(rng, town)
    text, tags = _variants(rng, [*parts, town], tail)
    fitting = [i for i in town_index()[town] if _fits(cs[i], stated)]
    assert county_idx in fitting
    dominant = c.name if with_dominant else None
    if len(fitting) == 1:
        status, exp_town, exp_county = "ok", town, c.name
    elif with_dominant:
        status, exp_town, exp_county = "ok", town, c.name  # the dominant county is c itself
    else:
        status, exp_town, exp_county = "ambiguous", None, None
    return AddressCase(
        address=text,
        kind="township",
        form="+".join([form, tail_form, *tags]),
        town=exp_town,
        county=exp_county,
        status=status,
        dominant=dominant,
        true_town=town,
        true_county=c.name,
    )


def _clean_zone(name: str) -> bool:
    """A gazetteer zone usable as 'no township here': it names no 镇/乡/街道/苏木 itself."""
    return len(name) >= 3 and not any(s in name for s in TOWN_SUFFIXES)


def zone_case(rng: random.Random, county_idx: int, *, form: str) -> AddressCase:
    c = counties()[county_idx]
    parts, _stated = _prefix(rng, c, form)
    zones = [z for z in c.zones if _clean_zone(z)]
    r = rng.random()
    if zones and r < 0.5:
        zone, zone_form = rng.choice(zones), "gazetteer-zone"
    elif r < 0.8:
        short = c.short if len(c.short) >= 2 else c.name
        zone, zone_form = f"{short}{rng.choice(_ZONE_WORDS)}", "county-zone"
    else:
        # A park named by a word that is not the bare name of any township.
        zone, zone_form = f"{_plain_word(rng)}{rng.choice(_ZONE_WORDS)}", "named-zone"
    # The road is not named after a township either: the address holds no township at all.
    tail = f"{_plain_word(rng)}{rng.choice(_ROAD_ENDS)}{rng.randint(1, 999)}号"
    text, tags = _variants(rng, [*parts, zone], tail)
    return AddressCase(
        address=text,
        kind="zone",
        form="+".join([form, zone_form, *tags]),
        town=None,
        county=None,
        status="none",
        dominant=c.name if (c.city, c.name) in HOME else None,
        true_county=c.name,
    )


def _pick_county(rng: random.Random, homes: list[int], pool: list[int]) -> int:
    return rng.choice(homes) if rng.random() < HOME_SHARE else rng.choice(pool)


def _pick_form(rng: random.Random) -> str:
    names = [f for f, _w in PREFIX_FORMS]
    return rng.choices(names, weights=[w for _f, w in PREFIX_FORMS])[0]


def address_cases(
    rng: random.Random, n_township: int, n_zone: int, *, fixed: bool = True
) -> list[AddressCase]:
    cs = counties()
    homes = home_indexes()
    with_towns = [i for i, c in enumerate(cs) if c.towns]
    with_zones = [i for i, c in enumerate(cs) if any(_clean_zone(z) for z in c.zones)]
    out: list[AddressCase] = []
    if fixed:
        out.extend(_fixed_cases())
    for _ in range(n_township):
        i = _pick_county(rng, homes, with_towns)
        town = rng.choice(cs[i].towns)
        home = i in homes
        out.append(
            township_case(rng, i, town, form=_pick_form(rng), with_dominant=home and rng.random() < 0.5)
        )
    for _ in range(n_zone):
        i = _pick_county(rng, homes, with_zones)
        out.append(zone_case(rng, i, form=_pick_form(rng)))
    return out


def _fixed_cases() -> list[AddressCase]:
    """The issue's own examples, always in the set."""
    ok = [
        "浙江省宁波市慈溪市长河镇垫桥村118号",
        "慈溪长河镇垫桥村118号",
        "长河镇垫桥村",
        "長河鎮垫桥村",
        "长河镇镇东路18号",
        "慈溪 长河镇 垫桥村 １１８号",
    ]
    cases = [
        AddressCase(a, "township", "fixed", "长河镇", "慈溪市", "ok", None, "长河镇", "慈溪市") for a in ok
    ]
    cases.append(
        AddressCase(
            "慈溪市周巷镇环城北路5号", "township", "fixed", "周巷镇", "慈溪市", "ok", None, "周巷镇", "慈溪市"
        )
    )
    cases.append(
        AddressCase(
            "周巷镇环城北路5号", "township", "fixed", None, None, "ambiguous", None, "周巷镇", "慈溪市"
        )
    )
    cases.append(
        AddressCase(
            "周巷镇环城北路5号", "township", "fixed", "周巷镇", "慈溪市", "ok", "慈溪市", "周巷镇", "慈溪市"
        )
    )
    for a in ("慈溪经济开发区北二环东路1号", "杭州湾新区滨海二路1号", "宏兴工业园区纬三路8号"):
        cases.append(AddressCase(a, "zone", "fixed", None, None, "none", None, None, "慈溪市"))
    return cases


# --- names and figures ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _sorted_words() -> tuple[str, ...]:
    return tuple(sorted(industry_words()))


@lru_cache(maxsize=1)
def _keyword_pattern() -> re.Pattern:
    """At each position, the longest industry keyword starting there (overlaps included)."""
    words = sorted(industry_words(), key=len, reverse=True)
    return re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")


def _keyword_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in _keyword_pattern().finditer(text)]


def name_case(rng: random.Random, word: str | None = None) -> NameCase:
    words = industry_words()
    word = word or rng.choice(_sorted_words())
    while True:
        brand = rng.choice(_PLACES) + _word(rng, rng.choice((2, 2, 3)))
        suffix = rng.choice(_LEGAL)
        name = brand + word + suffix
        # Exactly one keyword: every keyword found lies inside `word` (the longest one
        # starting at each position is enough), and the legal suffix holds none.
        spans = _keyword_spans(name)
        if all(s >= len(brand) and e <= len(brand) + len(word) for s, e, _w in spans):
            break
    if rng.random() < 0.1:
        name = to_traditional(name)
    return NameCase(name, word, words[word])


def _revenue_text(rng: random.Random, wan: float) -> tuple[str, str]:
    forms = ["bare", "万", "万元", "元"]
    if wan == int(wan) and int(wan) % 100 == 0:
        forms.append("亿")
    form = rng.choice(forms)
    if form == "bare":
        text = f"{wan:.12g}"
    elif form in ("万", "万元"):
        text = f"{wan:.12g}{form}"
    elif form == "亿":
        text = f"{wan / 10000:.12g}亿"
    else:
        yuan = round(wan * 10000)
        text = f"{yuan:,}元" if rng.random() < 0.7 else f"{yuan}元"
    if rng.random() < 0.1:
        text = text.translate(_FULL_WIDTH)
    return text, form


def _employees_text(rng: random.Random, people: int) -> str:
    text = rng.choice((f"{people}", f"{people}人", f"{people} 人", f"员工{people}人"))
    return text.translate(_FULL_WIDTH) if rng.random() < 0.1 else text


# Value ranges per band index (0 大型 … 3 微型), plus threshold edges.
_PEOPLE = ((1000, 20000), (300, 999), (20, 299), (1, 19))
_REVENUE = ((40000, 500000), (2000, 39999), (300, 1999), (1, 299))


def size_case(rng: random.Random) -> SizeCase:
    def pick(ranges, edges):
        if rng.random() < 0.25:
            return rng.choice(edges)
        low, high = ranges[rng.randrange(4)]
        return rng.randint(low, high)

    people = pick(_PEOPLE, (1000, 999, 300, 299, 20, 19))
    wan = float(pick(_REVENUE, (40000, 39999, 2000, 1999, 300, 299)))
    if rng.random() < 0.2 and wan < 40000:
        wan = round(wan + rng.choice((0.5, 0.25, 0.8)), 2)  # 2600.5万
    revenue, _form = _revenue_text(rng, wan)
    return SizeCase(_employees_text(rng, people), revenue, people, wan, expected_band(people, wan))


# --- the set --------------------------------------------------------------------------


def labelled_set(
    seed: int = SEED, *, n_township: int = 2000, n_zone: int = 500, n_names: int = 1200, n_sizes: int = 1200
) -> LabelledSet:
    rng = random.Random(seed)
    out = LabelledSet()
    out.addresses = address_cases(rng, n_township, n_zone)
    words = _sorted_words()
    # Every keyword at least once, then random ones.
    out.names = [name_case(rng, w) for w in words]
    out.names += [name_case(rng) for _ in range(max(0, n_names - len(words)))]
    out.sizes = [size_case(rng) for _ in range(n_sizes)]
    return out


@lru_cache(maxsize=2)
def default_set(seed: int = SEED) -> LabelledSet:
    """The labelled set the tests and the benchmark measure (built once per process)."""
    return labelled_set(seed)


if __name__ == "__main__":  # a peek at the set
    s = labelled_set()
    for case in s.addresses[:12] + s.zones[:5]:
        print(case.status, case.town, case.county, case.dominant, "|", case.address, "|", case.form)
    for case in s.names[:5]:
        print(case.industry, "|", case.name)
    for case in s.sizes[:5]:
        print(case.band, "|", case.employees, "|", case.revenue)
