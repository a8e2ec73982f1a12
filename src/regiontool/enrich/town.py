"""Township (镇/乡/街道) and county from an address, for any county in China.

The national gazetteer (data/gazetteer.tsv.gz, see its SOURCE file) lists 43,000
township-level names under 3,192 counties. An address is scanned for township
suffixes (镇, 乡, 街道, 苏木); the text ending at each suffix is looked up in the
gazetteer, so the cost is a few dictionary lookups per address, never a loop over all
towns. A name found in several counties is settled by the county or city written in
the address, else by the workspace's dominant county; if neither settles it, the town
stays blank and the address is reported. A county (or city) the address starts with is
never overruled: a township it does not have (慈溪市天元镇, 镇海区长河镇) is not moved to
the county that has one; the town stays blank, the county is the one written, and the
reason names both. Zones that are not townships (开发区, 新区, 农场 …) are never returned;
a township's own 工业区 or 工业路 (慈溪周巷工业区) is in the township. A development zone the
gazetteer lists as a county (高新区, 经开区, 保税区 of some cities) is never the county an
address starts with (宁波高新区梅墟街道 is 鄞州区's), nor one of another city (宁波保税区);
written in full (呼和浩特经济技术开发区新店子镇) it names its city, whose one county with the
township settles it. A township of the gazetteer named with a zone word (开发区龙泉街道, 朝阳's)
is not read in a city that lacks it (昆明经济开发区龙泉街道 is 昆明's 龙泉街道).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .. import normalize, vocab

TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")
_COUNTY_SUFFIXES = "市县区旗"
# Words that, right after a township's bare name, make it a zone or farm named after the
# township, not the township: 安平经济开发区, 北联林场, 罗子沟农场. A township's own 工业区,
# 工业园区 or 工业路 (慈溪周巷工业区, 慈溪浒山工业路) is in the township: 工业 alone is not one.
_ZONE_WORDS = (
    "经济",
    "高新",
    "技术",
    "开发",
    "工业开发",
    "工业新区",
    "产业",
    "新区",
    "新城",
    "保税",
    "物流",
    "农场",
    "林场",
    "牧场",
    "渔场",
    "茶场",
    "垦殖",
    "良种",
    "原种",
    "农垦",
    "林业",
    "管委",
    "管理",
    "监狱",
    "风景",
    "旅游",
    "度假",
)


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
    status: str  # ok, ambiguous, none, elsewhere (a township the written county does not have),
    # sound-alike (a name the gazetteer lacks read as the county's township it sounds like)


def _is_township(name: str) -> bool:
    return name.endswith(TOWN_SUFFIXES)


def _city_short(city: str) -> str:
    for suffix in ("自治州", "地区", "市", "盟"):
        if city.endswith(suffix) and len(city) - len(suffix) >= 2:
            return city[: -len(suffix)]
    return city


def with_parent_places(places: list[str], most: int = 3) -> list[str]:
    """Places (慈溪) and the cities above them (宁波): a firm of a 慈溪 sheet may be written
    宁波华峰电器 with no 市. A short name shared by more than `most` counties adds nothing."""
    g = Gazetteer.load()
    out = dict.fromkeys(places)
    for place in places:
        counties = g.county_shorts.get(place, set()) | g.county_names.get(place, set())
        if 0 < len(counties) <= most:
            for i in counties:
                out.setdefault(_city_short(g.counties[i].city))
    return [p for p in out if len(p) >= 2]


class Gazetteer:
    """Lookup tables built once from the packaged gazetteer."""

    def __init__(self, rows: list[tuple[str, str, str, str, str, list[str]]]):
        self.counties: list[County] = []
        self.towns: dict[str, list[int]] = {}
        self.bases: dict[int, dict[str, str]] = {}
        self.county_names: dict[str, set[int]] = {}
        self.county_shorts: dict[str, set[int]] = {}
        self.city_names: dict[str, set[int]] = {}
        self.zones: dict[int, tuple[str, ...]] = {}  # the county's other entries (zones, farms)
        self.spelling: dict[tuple[str, int], str] = {}  # (simplified, county) → gazetteer name
        # Development zones listed among a city's counties (NBS codes xx71-xx79, 成都高新技术
        # 产业开发区): never the county an address starts with, and no match in another city.
        self.zone_counties: frozenset[int] = frozenset(
            i
            for i, (_p, _c, name, code, _s, _t) in enumerate(rows)
            if code[4:5] == "7" or any(w in name for w in vocab.ZONE_COUNTY_WORDS)
        )
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
            zones = [t for t in towns if not _is_township(t)]
            self.zones[i] = tuple(
                {z[len(p) :] for z in zones for p in (name, short, city) if p and z.startswith(p)}
                | set(zones)
            )
            for town in towns:
                if not _is_township(town):
                    continue
                self.towns.setdefault(town, []).append(i)
                base = _strip_suffix(town)
                if len(base) >= 2:
                    bases.setdefault(base, town)
        # Addresses are read in simplified form (OpenCC t2s), which respells some names of
        # the gazetteer (乾潭镇 → 干潭镇, 濛江乡 → 蒙江乡, 乾县 → 干县): index those too.
        for table in (self.towns, self.county_names, self.county_shorts, self.city_names):
            names = list(table)
            for name, simple in zip(names, normalize.to_simplified_many(names), strict=True):
                if simple == name:
                    continue
                if table is self.towns:
                    for i in table[name]:
                        self.spelling[(simple, i)] = name
                        if len(_strip_suffix(simple)) >= 2:
                            self.bases.setdefault(i, {}).setdefault(_strip_suffix(simple), name)
                    table[simple] = [*table.get(simple, []), *table[name]]
                else:
                    table[simple] = table.get(simple, set()) | table[name]
        # Full names of those zones (呼和浩特经济技术开发区): written so, they name their city.
        self.zone_names = frozenset(n for n, c in self.county_names.items() if c & self.zone_counties)
        # Lengths of the township names by their last three characters (长河镇 → 3, 4 if
        # some X长河镇 exists), two-character names apart: a few lookups per suffix found.
        ends: dict[str, set[int]] = {}
        for town in self.towns:
            ends.setdefault(town[-3:], set()).add(len(town))
        self.town_ends = {k: sorted(v, reverse=True) for k, v in ends.items()}
        # word → (counties, cities) it names, for every county name (慈溪市), county short
        # name (慈溪, 乌兰浩特) and city name; and the lengths of those words by their first
        # two characters, longest first: one lookup rules most positions of an address out.
        self.place_words: dict[str, tuple[set[int], set[int]]] = {}
        self.zone_words: dict[str, set[int]] = {}  # word → the zones among its counties
        heads: dict[str, set[int]] = {}
        for word in {*self.county_names, *self.county_shorts, *self.city_names}:
            if len(word) >= 2:
                counties = self.county_names.get(word, set()) | self.county_shorts.get(word, set())
                self.place_words[word] = (counties, self.city_names.get(word, set()))
                if counties & self.zone_counties:
                    self.zone_words[word] = counties & self.zone_counties
                heads.setdefault(word[:2], set()).add(len(word))
        self.place_heads = {k: sorted(v, reverse=True) for k, v in heads.items()}
        # Province names an address may start with (浙江省, 浙江, 广西壮族自治区, 广西): read
        # before the place names, never as a county (河南省 is not 河南县) or city (吉林省).
        self.province_names: dict[str, str] = {}  # 浙江省, 浙江 → 浙江省
        for province in {c.province for c in self.counties}:
            self.province_names[province] = province
            if province.endswith(("省", "市")):
                self.province_names[province[:-1]] = province
            elif province.endswith(("自治区", "特别行政区")):
                short = province[:3] if province.startswith("内蒙古") else province[:2]
                self.province_names[short] = province
        self.provinces = sorted(self.province_names, key=len, reverse=True)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        data = resources.files("regiontool.data").joinpath("gazetteer.tsv.gz").read_bytes()
        rows = []
        for line in gzip.decompress(data).decode("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            province, city, name, code, short, towns = line.split("\t")
            if name == _NO_COUNTY:  # a city of towns without counties (东莞市, 中山市): the city is theirs
                name, short = city, ""  # (no short name: 中山 of 中山路 is no county written: review r97 F0)
            rows.append((province, city, name, code, short, towns.split("|") if towns else []))
        return cls(rows)

    def county_index(self, name: str) -> int | None:
        """A county given by full or short name (慈溪市, 慈溪), if it names one county."""
        found = self.county_names.get(name) or self.county_shorts.get(name) or set()
        return next(iter(found)) if len(found) == 1 else None


# The gazetteer's county of the towns of a city that has none (东莞市, 中山市, 儋州市, 嘉峪关市): review r96 F5.
_NO_COUNTY = "市直辖行政区划"


def _strip_suffix(town: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if town.endswith(suffix):
            return town[: -len(suffix)]
    return town


Place = tuple[int, int, set[int], set[int]]  # start, end, counties, cities


def _places(gaz: Gazetteer, text: str, stop: int) -> list[Place]:
    """County and city names written in the text and starting before `stop`.

    Full names (慈溪市), short names (慈溪, 乌兰浩特) and city names, read left to right,
    longest first: a name inside or across one already read is not a mention (平城区 is
    not 城区; 慈溪市中馆驿镇 is not 市中; 五通桥西坝镇 is not 桥西). A development zone is
    one after a place only if it is in that place's city or written in full (宁波保税区 is
    not 衡阳综合保税区; 宁波高新区 is none of the 高新区 of other cities). A province the text
    starts with is no part of a name (广东|阳江 is not 东阳, 江西|吉安 not 西吉).
    """
    words, heads, zone_words = gaz.place_words, gaz.place_heads, gaz.zone_words
    found: list[Place] = []
    read_to = 0
    begin, province_end, province = _province_span(gaz, text)
    municipality = bool(province) and province.endswith("市")  # 北京市: the province is the city
    for s in range(min(stop, len(text) - 1)):
        if s < read_to:
            continue
        for n in heads.get(text[s : s + 2], ()):
            word = text[s : s + n]
            hit = words.get(word) if len(word) == n else None  # 宁波慈溪 ends with 慈溪, not 慈溪市
            if hit and begin < s < province_end < s + n:
                continue  # across a province and the name after it (江西|吉安 is not 西吉县)
            if hit and begin <= s and s + n <= province_end and n < province_end - begin and not municipality:
                continue  # inside the province written in full (吉林省 is no 吉林市: review r112 F5); 吉林
                # alone may be either, and 北京 is both
            if hit:
                zones = zone_words.get(word)
                if zones and found:  # after a place: only a zone of its city (宁波保税区: none)
                    cities = {gaz.counties[i].city for _s, _e, c, t in found for i in c | t}
                    counties = gaz.counties
                    drop = {i for i in zones if counties[i].city not in cities and counties[i].name != word}
                    hit = (hit[0] - drop, hit[1])
                found.append((s, s + n, *hit))
                read_to = s + n
                break
    return found


def _head(gaz: Gazetteer, text: str, written: list[Place], stop: int) -> tuple[str, int, set[int]]:
    """The county (else city) an address starts with, and the counties it may be.

    The place names read one after another from the start, after a province (浙江省宁波市
    慈溪市…, 宁波镇海…, 慈溪…), ending by `stop`; the first county among them, narrowed by
    the city before it. A name further on (慈溪市付海镇东海村: not 东海县; 工业园, a road) is
    not the address's county. Returns the name, where it ends and the counties; ("", 0,
    set()) when the address starts with no place name.
    """
    pos = 2 if text.startswith("中国") else 0
    province = next((len(p) for p in gaz.provinces if text.startswith(p, pos)), 0)
    if not any(s == pos and end - s > province for s, end, _c, _t in written):
        pos += province  # 河南省郑州市: the province; 河南县: the county
    chain: list[tuple[str, int, set[int], set[int]]] = []
    for s, end, counties, cities in written:
        if s < pos:
            continue  # inside the province (吉林省: not 吉林市)
        if s > pos or end > stop:
            break
        if text[end - 1] not in _COUNTY_SUFFIXES and _road_after(text, end, written):
            break  # 上海市余姚路, 长寿路: a short name before 路 is a road's (r108 F4), in its own city too
            # (上海市宝山路 is in 静安区: r114 F1, F2)
        chain.append((text[s:end], end, counties, cities))
        pos = end
    city: tuple[str, int, set[int]] = ("", 0, set())
    begin, province_end, province = _province_span(gaz, text)
    if any(s == begin and e > province_end for s, e, _c, _t in written):
        province = None  # 海南区… (乌海's), 河南县…: a place named so, not the province
    for n, (word, end, all_counties, cities) in enumerate(chain):
        if province and all_counties:
            # the province written: its counties of the name (北京市朝阳区: 北京's); a name no county of it
            # bears is another province's place (内蒙古江岸苏木 is not 武汉's 江岸区: r108 F4, F5; 四川乐山市中区
            # is no 中区 of elsewhere: its 市 is 乐山's)
            all_counties = {i for i in all_counties if gaz.counties[i].province == province}
        if cities and all(_county_less(gaz, i) for i in cities):
            # A city without counties (东莞, 中山): its own county; a county's short name after
            # it is another city's (东莞市松山湖 is not 赤峰's 松山区).
            if n + 1 < len(chain) and chain[n + 1][3] == cities and len(chain[n + 1][0]) > len(word):
                continue  # 东莞东莞市: the full name next (东莞市东莞大道 keeps 东莞市)
            return word, end, cities
        counties = all_counties - gaz.zone_counties  # 宁波高新区: a zone is not the county
        # 朝阳 names a city and counties: before a county's name (朝阳双塔区) it is the city; so is a city's
        # short name that names its own county too (长沙, 通化: 长沙五一大道 is no 长沙县, r114 F7)
        own_county = cities and word[-1:] not in _COUNTY_SUFFIXES and counties <= cities and city[2] != cities
        if (
            counties
            and not own_county
            and not (cities and any(c - gaz.zone_counties for _w, _e, c, _t in chain[n + 1 :]))
        ):
            return word, end, (counties & city[2]) or counties
        if cities:
            city = (word, end, cities)
    return city


def _province_span(gaz: Gazetteer, text: str) -> tuple[int, int, str | None]:
    """Where the province the address starts with (浙江省…, 浙江…, 中国浙江…) begins and ends,
    and its full name; (begin, begin, None) when it starts with none (海南州, 吉林市: a short name
    before 州 or 市 is a prefecture's or city's, r108 F2)."""
    begin = 2 if text.startswith("中国") else 0
    written = next((p for p in gaz.provinces if text.startswith(p, begin)), "")
    after = text[begin + len(written) : begin + len(written) + 1]
    if (
        written
        and written != gaz.province_names[written]
        and (after == "州" or (after == "市" and written + "市" in gaz.city_names))
    ):
        written = ""  # 海南州 (青海), 吉林市: a prefecture or a city named like the province
    return begin, begin + len(written), gaz.province_names.get(written)


def _road_after(text: str, end: int, written: list[Place]) -> bool:
    """Whether a name ending at `end` is a road's, a building's or an estate's (余姚路, 慈溪花园): a
    road word follows that begins no place written (台州路桥区, 张家口桥西 are places)."""
    return (
        text.startswith(_ROAD_NAMES, end)
        and not text.startswith("街道", end)
        and not any(s == end for s, _e, _c, _t in written)
    )


# Words after a place's short name that make it a road's, building's or estate's name (not 村 or 桥:
# 桥西区, a village named after its county is in it).
_ROAD_NAMES = (
    "路",
    "大道",
    "街",
    "巷",
    "弄",
    "号",
    "大厦",
    "广场",
    "花园",
    "小区",
)  # (深圳市慈溪花园: r114 F3)


def _city_has(gaz: Gazetteer, head: str, town: str, scope: set[int]) -> bool:
    """Whether the place word `head` names a city (too) that has the township and holds the county
    read from it (安阳: 安阳市 holds 安阳县; not 长春朝阳: 辽宁's 朝阳市 holds no 长春 朝阳区, r114 F5)."""
    cities = gaz.place_words.get(head, (set(), set()))[1]
    return bool(cities & set(gaz.towns[town])) and scope <= cities


def _county_less(gaz: Gazetteer, county: int) -> bool:
    """Whether the county is a city without counties (东莞, 中山, 儋州, 嘉峪关): its own county."""
    return gaz.counties[county].name == gaz.counties[county].city


def _mentions(written: list[Place], stop: int) -> tuple[set[int], set[int]]:
    """Counties and cities written before position `stop`."""
    counties: set[int] = set()
    cities: set[int] = set()
    for _s, end, c, t in written:
        if end <= stop:
            counties |= c
            cities |= t
    return counties, cities


def _zone_cities(gaz: Gazetteer, text: str, written: list[Place]) -> list[Place]:
    """The city of each development zone written by its full name (呼和浩特经济技术开发区), as
    a place naming that city's counties: a township the zone lacks is settled by its city."""
    out: list[Place] = []
    for s, e, counties, _cities in written:
        if text[s:e] not in gaz.zone_names:
            continue
        for i in counties & gaz.zone_counties & gaz.county_names[text[s:e]]:
            out.append((s, e, set(), gaz.city_names.get(gaz.counties[i].city, set())))
    return out


def _zone_named(name: str) -> bool:
    """Whether a name holds a development-zone word (开发区, 高新区, 经开区, 保税区 …)."""
    return any(w in name for w in vocab.ZONE_COUNTY_WORDS)


def _in_scope(gaz: Gazetteer, written: list[Place], start: int, town: str) -> bool | None:
    """Whether a county or city written before `start` has the township (None: none written)."""
    counties, cities = _mentions(written, start)
    scope = counties | cities
    return bool(scope.intersection(gaz.towns[town])) if scope else None


def _candidates(
    gaz: Gazetteer, text: str, written: list[Place], province: tuple[int, int] = (0, 0)
) -> list[tuple[int, str]]:
    """(start, town) for each gazetteer township whose name ends at a suffix in the text.

    At each suffix the longest name wins, except a name that starts inside a written
    county or city name (镇江市镇江新区: not 江市镇; 铁东长甸街道: not 东长甸街道). A
    two-character name (堡镇, 口镇) counts only at the start or right after a place name.
    A name that no county or city written before it has gives way to a shorter one ending
    there, or to one it overlaps further on, that the place written has, only where what it
    has more is a development-zone word: 昆明经济开发区龙泉街道 is 昆明's 龙泉街道, not 朝阳's
    开发区龙泉街道; 保山经济开发区镇安镇 is 保山's 镇安镇, not 浠水县's 经济开发区镇. Any other
    head keeps the longer name (淮安区西顺河镇 is 洪泽区's 西顺河镇, said to be elsewhere, never
    淮安区's 顺河镇; 慈溪市石桥头镇 is not 桥头镇). Nor does a name start inside the province
    the address starts with (`province`: where it begins and ends; 山西张村镇 is not 西张村镇).
    """
    towns, town_ends = gaz.towns, gaz.town_ends
    found: list[tuple[int, str]] = []
    for suffix in TOWN_SUFFIXES:
        i = text.find(suffix)
        while i != -1:
            end = i + len(suffix)
            lengths = [*town_ends.get(text[max(0, end - 3) : end], ()), 2]
            longest: tuple[int, str] | None = None
            for n in lengths:
                s = end - n
                word = text[s:end]
                if s < 0 or word not in towns or any(a < s < b for a, b, _c, _t in written):
                    continue
                if province[0] < s < province[1]:
                    continue  # 山西|张村镇 is not 西张村镇
                if n == 2 and s != 0 and all(b != s for _a, b, _c, _t in written):
                    continue
                if longest is None:
                    longest = (s, word)
                    if not written or _in_scope(gaz, written, s, word) is not False:
                        break  # the longest name ending here
                elif _zone_named(longest[1][: len(longest[1]) - n]) and _in_scope(gaz, written, s, word):
                    longest = (s, word)  # a shorter one the place written has, after a zone word
                    break
            if longest is not None:
                found.append(longest)
            i = text.find(suffix, i + 1)
    found.sort(key=lambda f: (f[0], -len(f[1])))  # 青山镇街道 before 青山镇
    if len(found) > 1:
        found = [
            (s, town)
            for s, town in found
            if not any(
                s < s2 < s + len(town) and _zone_named(town[: s2 - s]) and _in_scope(gaz, written, s2, t2)
                for s2, t2 in found
            )
            or _in_scope(gaz, written, s, town) is not False
        ]
    return found


def _found(gaz: Gazetteer, town: str, chosen: int, why: str) -> TownMatch:
    county = gaz.counties[chosen]
    town = gaz.spelling.get((town, chosen), town)
    return TownMatch(town, county.name, f"地址 → {town}（{county.name}，{why}）", "ok")


def resolve_address(
    gaz: Gazetteer, address: str, dominant: int | None = None, simplified: str | None = None
) -> TownMatch:
    """The township of one address (already folded), with the reason."""
    text = (simplified if simplified is not None else normalize.to_simplified(address)).replace(" ", "")
    if not text:
        return TownMatch(None, None, "", "none")
    last = max(text.rfind(suffix) for suffix in TOWN_SUFFIXES)
    written = _places(gaz, text, last if last > 0 else len(text))
    scoped = [*written, *_zone_cities(gaz, text, written)] if written else written
    begin, province_end, province = _province_span(gaz, text)
    candidates = _candidates(gaz, text, scoped, (begin, province_end))
    if any(s == begin and e > province_end for s, e, _c, _t in written) or any(
        s == begin and s + len(town) > province_end for s, town in candidates
    ):
        province = None  # 河南县…, 湖南镇…: a place named so, not the province
    # A township of a county written before it wins (嘉定区嘉定镇街道 is not 信丰县's
    # 嘉定镇; 平南镇隆镇 is 平南 + 镇隆镇) …
    read = [(start, town, *_mentions(scoped, start)) for start, town in candidates]
    for _start, town, counties, _cities in read if written else ():
        options = gaz.towns[town]
        in_county = [i for i in options if i in counties]
        if len(in_county) == 1:
            return _found(gaz, town, in_county[0], "地址写明区县")
    # … else the first one settled by its city, by being the only one in China, or by the
    # dominant county; a name starting inside one already read is skipped (新坝镇镇北路 is
    # not 坝镇镇). A township the county (or city) the address starts with does not have is
    # not taken from elsewhere (慈溪市天元镇 is not 旌阳区's): that county's township of the
    # same bare name (余姚县凤山镇 → 凤山街道), else none.
    ambiguous: list[str] = []
    elsewhere: TownMatch | None = None
    read_to = 0
    for start, town, counties, cities in read:
        if start < read_to:
            continue
        read_to = start + len(town)
        head, end, scope = _head(gaz, text, written, start) if written else ("", 0, set())
        # A short name is the address's place only right before the township (慈溪天元镇, or
        # 余姚县凤山镇: the 县 of before 1985); 杭州湾新区庵东镇 does not name 杭州.
        between = text[end:start]
        named = (
            head[-1:] in _COUNTY_SUFFIXES
            or between == ""
            or (len(between) == 1 and between in _COUNTY_SUFFIXES)
        )
        if head and named and not scope & set(gaz.towns[town]) and not _city_has(gaz, head, town, scope):
            # a real township of another county (兰溪市横店镇: 东阳市's) is said so, never read as a
            # sound-alike of the written county's (黄店镇); 安阳 names a city too, whose 内黄县 has
            # 豆公镇 (河南安阳豆公镇: review r112 F1)
            renamed = _same_base(gaz, town, scope)
            if renamed is not None:
                return renamed
            elsewhere = elsewhere or _elsewhere(gaz, town, head, scope)
            continue
        if province and all(gaz.counties[i].province != province for i in gaz.towns[town]):
            # a township the province written does not have (福建省观海卫镇): said so, as for a county
            elsewhere = elsewhere or _elsewhere(gaz, town, text[begin:province_end], set())
            continue
        chosen, why = _choose(gaz, gaz.towns[town], counties, cities, dominant, province)
        if chosen is None:
            ambiguous.append(town)
            continue
        return _found(gaz, town, chosen, why)
    if elsewhere is not None:
        return elsewhere
    if ambiguous:
        places = "、".join(gaz.counties[i].name for i in gaz.towns[ambiguous[0]][:4])
        return TownMatch(
            None, None, f"{ambiguous[0]} 在多个区县都有（{places}…），地址未写明区县", "ambiguous"
        )
    # No suffix: a county written in the address followed by a township's bare name
    # (慈溪长河垫桥村 → 长河镇), or the dominant county's township at the very start; not
    # a zone or farm named after the township (安平经济开发区, 东平林场).
    if 0 < last < len(text):
        written = _places(gaz, text, len(text))
    counties, cities = _mentions(written, len(text))
    if province:  # 重庆开州长沙路口: not 湖南's 长沙县 (review r112 F4)
        counties = {i for i in counties if gaz.counties[i].province == province}
    own = {i for i in cities if _county_less(gaz, i)}  # 东莞虎门: the city is the county
    head, head_end, scope = _head(gaz, text, written, len(text))
    main = dominant is not None and province in (None, gaz.counties[dominant].province)
    scopes = [(c, True) for c in counties | own] + ([(dominant, False)] if main else [])
    for county_idx, mentioned in scopes:
        bases = gaz.bases.get(county_idx, {})
        county = gaz.counties[county_idx]
        names = (county.name, county.short, _city_short(county.city) if county_idx in own else "")
        starts = [0] if not mentioned else _ends_of(text, names)
        for s in starts:
            short = county.short
            if (
                short
                and text.startswith(short, s)
                and text.startswith(_ROAD_WORDS, s + len(short))
                and not any(bases.get(text[s : s + k]) for k in (len(short) + 1, len(short) + 2))
            ):
                continue  # a road named after the county (麻栗坡县麻栗坡大道): no town's; 金川区金川路 is
                # 金川路街道 (r114 F6)
            for n in (4, 3, 2):
                town = bases.get(text[s : s + n])
                if text.startswith(_ROAD_WORDS, s + n) and not text.startswith(_TOWN_WORDS, s + n):
                    # 江阴市新桥路, 陈埭大厦: a road or building named after the town, which is no
                    # shorter town's either (寿县安丰塘路 is not 安丰镇); 长河东路: 长河 is read
                    if town:
                        break
                    continue
                if town and not _zone_at(gaz, county_idx, text, s, s + n):
                    # an old 镇 now a 街道 (慈溪市坎墩镇 → 坎墩街道) says so, as _same_base does
                    written = next(
                        (text[s : s + n] + x for x in TOWN_SUFFIXES if text.startswith(x, s + n)), None
                    )
                    if written is None and _district_of_county_less(gaz, county_idx, text[s + n :]):
                        written = text[s : s + n] + "区"
                    if written:
                        why = f"{'地址写明区县' if mentioned else '主要区县的镇名'}，{written} 即 {town}"
                    elif mentioned:
                        why = "地址写了区县，镇名未带“镇/乡/街道”"
                    else:
                        why = "主要区县的镇名，未带“镇/乡/街道”"
                    return TownMatch(town, county.name, f"地址 → {town}（{county.name}，{why}）", "ok")
    # A township name the gazetteer lacks, sounding like one of the written county's (慈溪市付海镇:
    # 附海镇, typed through a pinyin input method), or of the dominant county at the start.
    if head:
        after = head_end  # 慈溪付海镇; 余姚县凤山镇: after the 县 of 余姚
        if head[-1:] not in _COUNTY_SUFFIXES and text[after : after + 1] in _COUNTY_SUFFIXES:
            after += 1
        typed = _sound_alike(
            gaz, text, after, scope, "地址写明区县" if gaz.place_words[head][0] else "地址写明城市"
        )
        if typed is not None:
            return typed
    elif not head and main:
        typed = _sound_alike(gaz, text, 0, {dominant}, "主要区县")
        if typed is not None:
            return typed
    # The county is the one the address starts with, whatever follows it (慈溪市付海镇东海村,
    # 慈溪经济开发区: not also 东海县 or 经济开发区, a zone the gazetteer lists as a county).
    # With none, a county written further on, not a village or street named after one (付海镇
    # 东海村 is not in 东海县); a zone only by its full name (长春高新技术产业开发区…), never by
    # a word of many (保税区, 高新区).
    if not head:
        zones, names = gaz.zone_counties, gaz.counties
        spans = [
            (
                e,
                {
                    i
                    for i in c
                    if (i not in zones or names[i].name == text[s:e])
                    and province in (None, names[i].province)  # 内蒙古江岸苏木: not 武汉's 江岸区
                },
            )
            for s, e, c, _t in written
            if not text.startswith(_STREET_WORDS, e) or text.startswith("街道", e)
        ]
        counties = set().union(*(c for _e, c in spans))
    named = (scope if gaz.place_words[head][0] else set()) if head else counties
    if len(named) == 1:
        county = gaz.counties[next(iter(named))]
        rest = text[text.find(head) + len(head) :] if head else text[max(e for e, c in spans if c) :]
        if head[-1:] not in _COUNTY_SUFFIXES and rest[:1] and rest[:1] in _COUNTY_SUFFIXES:
            rest = rest[1:]  # 余姚县: the 县 of 余姚
        if _HAS_WORDS.search(rest):
            return TownMatch(
                None, county.name, f"地址写明区县（{county.name}），其后没有可识别的乡镇", "none"
            )
        return TownMatch(None, county.name, f"地址只写到区县（{county.name}），没有乡镇", "none")
    return TownMatch(None, None, "地址中没有可识别的乡镇/街道", "none")


_HAS_WORDS = re.compile(r"[\u4e00-\u9fff]")
# Words after a place name that make it a village's, street's or building's name (东海村,
# 慈溪路, 余姚大厦), not the county's.
# Words after a township's bare name that make it a road's or building's name (新桥路, 陈埭大厦):
# a village, estate or square named after the township (长河村, 长河花园) is most often in it, and is
# read so.
_ROAD_WORDS = ("路", "大道", "街", "巷", "弄", "大厦")
_TOWN_WORDS = (*TOWN_SUFFIXES, "街办")  # 韦曲街办, 洪家楼街道: the town, not a 街
_STREET_WORDS = ("村", "社区", "小区", "路", "大道", "街", "巷", "弄", "桥", "号", "大厦", "广场", "花园")


def _sound_alike(gaz: Gazetteer, text: str, start: int, scope: set[int], how: str) -> TownMatch | None:
    """The township of the scope whose name sounds like the one written at `start` (付海镇 →
    附海镇, 长和镇 → 长河镇, 观海为镇 → 观海卫镇), when exactly one does and the name written is
    none of the scope's. `how` says what the scope is: the county or city the address names,
    or the workspace's dominant county."""
    from .pinyin import sound_alike

    for n in (2, 3, 4):
        suffix = next((x for x in TOWN_SUFFIXES if text.startswith(x, start + n)), None)
        if suffix is None:
            continue
        bare = text[start : start + n]
        if not _HAN_ONLY.fullmatch(bare) or any(bare in gaz.bases.get(i, {}) for i in scope):
            return None
        found = {
            (i, town)
            for i in scope
            for base, town in gaz.bases.get(i, {}).items()
            if len(base) == n and sound_alike(base, bare)
        }
        if len(found) != 1:
            return None
        i, town = found.pop()
        county = gaz.counties[i].name
        return TownMatch(
            town, county, f"地址 → {town}（{county}，{how}，{bare + suffix} 音同 {town}）", "sound-alike"
        )
    return None


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _same_base(gaz: Gazetteer, town: str, scope: set[int]) -> TownMatch | None:
    """The written county's township of the same bare name (余姚县凤山镇 → 凤山街道, the 镇
    now a 街道), if one county of the scope has one."""
    base = _strip_suffix(town)
    found = [(i, gaz.bases[i][base]) for i in scope if base in gaz.bases.get(i, {})]
    if len(found) != 1:
        return None
    i, name = found[0]
    county = gaz.counties[i].name
    return TownMatch(name, county, f"地址 → {name}（{county}，地址写明区县，{town} 即 {name}）", "ok")


def _elsewhere(gaz: Gazetteer, town: str, head: str, scope: set[int]) -> TownMatch:
    """A township the written county (or city) does not have: the town stays blank, the county
    is the one written (when the words name one), and the reason names both."""
    county = gaz.counties[next(iter(scope))] if len(scope) == 1 else None
    options = gaz.towns[town]
    cities = {gaz.counties[i].city for i in scope}
    near = [i for i in options if gaz.counties[i].city in cities]
    if near:
        where = "、".join(gaz.counties[i].name for i in near[:4])
        where += f"，同属{gaz.counties[near[0]].city}"
    else:
        where = "、".join(gaz.counties[i].name for i in options[:4]) + ("…" if len(options) > 4 else "")
    written = county.name if county and head in gaz.place_words and gaz.place_words[head][0] else head
    return TownMatch(
        None,
        county.name if county and written == county.name else None,
        f"地址写明{written}，但{town}不在{written}（在{where}）",
        "elsewhere",
    )


def _zone_at(gaz: Gazetteer, county_idx: int, text: str, start: int, end: int) -> bool:
    """Whether a township's bare name at text[start:end] begins a zone, farm or county name.

    The county's own short name is not read as its seat township either (阜新阜新康程高新区:
    the second 阜新 repeats the county, it is not 阜新镇).
    """
    rest = text[end:]
    if _district_of_county_less(gaz, county_idx, rest):
        return False  # 东莞市东城区: the city has no districts, its 东城街道 is meant
    if rest[:1] and rest[:1] in _COUNTY_SUFFIXES or rest.startswith(_ZONE_WORDS):
        return True
    if text[start:end] == gaz.counties[county_idx].short:
        return True
    return any(text.startswith(z, start) for z in gaz.zones.get(county_idx, ()) if len(z) >= 3)


def _district_of_county_less(gaz: Gazetteer, county_idx: int, rest: str) -> bool:
    """Whether a township's bare name is followed by 区 in a city without districts (东莞市东城区,
    中山市石岐区: the old names of their 街道)."""
    return rest.startswith("区") and not rest.startswith(_ZONE_WORDS) and _county_less(gaz, county_idx)


def _ends_of(text: str, names: tuple[str, ...]) -> list[int]:
    out = []
    for name in names:
        p = text.find(name)
        if p != -1 and len(name) >= 2:
            out.append(p + len(name))
    return out


def _choose(
    gaz: Gazetteer,
    options: list[int],
    counties: set[int],
    cities: set[int],
    dominant: int | None,
    province: str | None = None,
) -> tuple[int | None, str]:
    if len(options) == 1:
        return options[0], "全国唯一"
    in_county = [i for i in options if i in counties]
    if len(in_county) == 1:
        return in_county[0], "地址写明区县"
    in_city = [i for i in options if i in cities]
    if len(in_city) == 1:
        return in_city[0], "地址写明城市"
    in_province = [i for i in options if gaz.counties[i].province == province]
    if len(in_province) == 1:
        return in_province[0], "地址写明省份"
    if dominant is not None and dominant in options and province in (None, gaz.counties[dominant].province):
        return dominant, "同名镇，按工作区主要区县"  # (浙江省长安镇 is none of 东莞's)
    return None, ""


_HOUSE_NUMBERS = re.compile(r"[0-9]+")


def resolve_addresses(addresses: list[str], known_counties: list[str] = ()) -> dict[str, TownMatch]:
    """Resolve each distinct address; a second pass settles shared names by the dominant county.

    Addresses that differ only in their numbers (长河镇垫桥村118号 / 120号) are resolved
    once: no place name contains a digit. `known_counties` are county names already in
    the workspace (they count towards the dominant county, so a small second file follows
    the first one's county).
    """
    gaz = Gazetteer.load()
    distinct = [a for a in dict.fromkeys(addresses) if a]
    simplified = normalize.to_simplified_many(distinct)
    shapes = {a: _HOUSE_NUMBERS.sub("#", t) for a, t in zip(distinct, simplified, strict=True)}
    first = {shape: resolve_address(gaz, shape, None, shape) for shape in dict.fromkeys(shapes.values())}
    counts = Counter(m.county for m in first.values() if m.status == "ok" and m.county)
    counts.update(c for c in known_counties if c)
    dominant = None
    for name, _n in counts.most_common():
        dominant = gaz.county_index(name)
        if dominant is not None:
            break
    if dominant is not None:
        # Only two things change with a dominant county: an ambiguous name can be settled, and
        # an address may start with one of its townships' bare names (长河垫桥村).
        bases = gaz.bases.get(dominant, {})

        def may_change(shape: str, m: TownMatch) -> bool:
            return m.status == "ambiguous" or (
                m.status == "none" and (not m.county or any(shape[:n] in bases for n in (2, 3, 4)))
            )

        first = {
            shape: (resolve_address(gaz, shape, dominant, shape) if may_change(shape, m) else m)
            for shape, m in first.items()
        }
    return {a: first[shape] for a, shape in shapes.items()}
