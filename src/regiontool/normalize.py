"""Text keys, phones, tier codes and yes/no: the cleaning every other module relies on.

Display text keeps what the user typed (only width-folded and trimmed); keys are
for matching and also fold traditional characters, case and spacing.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

from . import vocab

_SPACES = re.compile(r"\s+")
# A trailing unit in brackets, e.g. 年产值（万元） or Revenue (10k CNY).
_TRAILING_UNIT = re.compile(r"\([^()]*\)$")
_HEADER_PUNCT = re.compile(r"[\s\-_/\\.,:;，。：；、*#·'\"“”‘’<>《》【】\[\]?？!！]+")
_KEY_PUNCT = re.compile(r"[\s\-_.,:;，。：；、·'\"“”‘’]+")
_KEY_PUNCT_NOT_SEP = re.compile(r"(?:[^\S\x1f]|[\-_.,:;，。：；、·'\"“”‘’])+")
# Invisible format characters (category Cf) that pages copied from 企查查/天眼查 (anti-scraping), a
# UTF-8-BOM CSV's first cell and word processors leave in cells: zero-width space and joiners, word
# joiner, BOM, soft hyphen, bidi marks, tags. NFKC keeps them and they are no whitespace, so a name
# holding one would be another firm and 是 or 138… unreadable: every cleaning drops them.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\U000e0001\U000e0020-\U000e007f]"
)


def visible(text: str) -> str:
    """The text without its invisible format characters (_INVISIBLE); the same object when it has none."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def nfkc(text: str) -> str:
    """NFKC of the text without its invisible format characters: the width-folding every cleaning uses."""
    return unicodedata.normalize("NFKC", visible(text))


def _t2s():
    return _opencc("t2s")


def is_blank(cell: object) -> bool:
    """An empty cell, or one holding only spaces: what a user sees as blank."""
    return cell is None or (type(cell) is str and (not cell or cell.isspace()))


def is_blank_row(row: list) -> bool:
    for c in row:
        if c is None or (type(c) is str and (not c or c.isspace())):  # is_blank, inlined: a hot loop
            continue
        return False
    return True


def cell_text(value: object) -> str:
    """A cell as text: integral floats without '.0', dates as ISO, None as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def same_cell(a: object, b: object) -> bool:
    """Whether two cells hold the same thing, either read back as text (a CSV of an export:
    0.25 for the number 0.25, '2026-12-01 09:15:00' for that date-time, which a kept original
    column stores as ISO text '2026-12-01T09:15:00'); blank and None are the same. A text an xlsx
    export cut at Excel's 32,767 characters is the same as the whole text (io.write.is_excel_cut)."""
    from .io.write import is_excel_cut

    return _cell_key(a) == _cell_key(b) or is_excel_cut(a, b) or is_excel_cut(b, a)


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def _cell_key(value: object) -> str:
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        value = _dt.datetime.fromisoformat(value)
    return cell_text(value)


def fold(text: str) -> str:
    """Width-fold (NFKC), trim and collapse whitespace: what we show as a cleaned value."""
    if not text:
        return ""
    return " ".join(nfkc(text).split())


def manager_name(text: str) -> str:
    """A 区域经理 as the workspace stores it, from a cell or a --manager: folded, simplified (孫志強),
    and without the spaces inside a Chinese name (孙 志强 → 孙志强: one person, one manager); a space
    between two Latin letters or digits stays (Tom Lee)."""
    return _NAME_INNER_SPACE.sub("", fold(to_simplified(text)))


_NAME_INNER_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


# Many values are cleaned at once by joining them with a separator no cell contains,
# so NFKC, OpenCC and the regexes run once in C over the whole column.
_SEP = "\x1f"
_SPACE_RUN = re.compile(r"[^\S\x1f]+")
# Only a separator with a space beside it: matching every separator was 3x slower.
_SPACE_AT_SEP = re.compile(r" \x1f ?|\x1f ")


def _joinable(texts: list[str]) -> str | None:
    blob = _SEP.join(texts)
    return blob if blob.count(_SEP) == len(texts) - 1 else None


def _nfkc_joined(blob: str) -> str:
    """NFKC of texts joined by _SEP, normalising only the texts that need it: the quick check
    runs a hundred times faster than the normalisation, and most cells pass it. (_SEP is a
    starter that composes with nothing, so the texts normalise independently.) Invisible format
    characters are dropped first (visible)."""
    blob = visible(blob)
    if unicodedata.is_normalized("NFKC", blob):
        return blob
    normal, is_normal = unicodedata.normalize, unicodedata.is_normalized
    return _SEP.join([t if is_normal("NFKC", t) else normal("NFKC", t) for t in blob.split(_SEP)])


def fold_many(texts: list[str]) -> list[str]:
    """fold() of each text, computed in a few passes over the joined column."""
    if not texts:
        return []
    blob = _joinable(texts)
    if blob is None:
        return [fold(t) for t in texts]
    return fold_joined(blob)


def fold_joined(blob: str) -> list[str]:
    """fold_many of texts joined by _SEP (joined_texts)."""
    blob = _SPACE_RUN.sub(" ", _nfkc_joined(blob))
    return _SPACE_AT_SEP.sub(_SEP, blob).strip(" ").split(_SEP)


def joined_texts(values: Sequence[object]) -> str | None:
    """The values joined by _SEP when every one is a text without _SEP, else None. str.join
    reads the cells without touching their reference counts: in a forked child, a column
    read so costs no copy-on-write page faults (a set() of it copies ~16,000 pages)."""
    try:
        blob = _SEP.join(values)  # type: ignore[arg-type]  (a TypeError says: not all text)
    except TypeError:
        return None
    return blob if blob.count(_SEP) == len(values) - 1 else None


def mostly_distinct(values: Sequence[object], sample: int = 2000) -> bool:
    """Whether most values are different (names, addresses), judged on the first `sample`:
    then the whole column is worked in one pass over its joined text, which is quicker than
    finding its distinct values first; a column of few values (tiers, towns, a long scope
    text repeated) is worked per distinct value."""
    head = values[:sample]
    return len(set(head)) * 2 > len(head)


# Characters t2s would respell that stay as they are (乾 is no 干 in 宁波乾丰): vocab.KEY_KEPT_HANZI.
_KEPT = re.compile("([" + "".join(vocab.KEY_KEPT_HANZI) + "])")


def _holds_kept(text: str) -> bool:
    # str's own search per character: 20x quicker than _KEPT over a joined column (not a short one).
    return any(ch in text for ch in vocab.KEY_KEPT_HANZI)


def _t2s_keeping(text: str) -> str:
    """OpenCC t2s of the text, the characters of vocab.KEY_KEPT_HANZI kept where they are written in
    simplified text: a name (a _SEP piece of a joined text, else a line) holding one is converted whole when
    any other of its characters is traditional (寧波乾燥設備 → 宁波干燥设备), else the pieces between
    them are (宁波乾丰 stays). One call when the text holds none, the common case."""
    convert = _t2s().convert
    if not _holds_kept(text):
        return convert(text)
    sep = _SEP if _SEP in text else "\n"  # what joins the names (to_simplified_many: lines)
    out, done = [], 0
    for kept in _KEPT.finditer(text):
        if kept.start() < done:  # in the name just done
            continue
        start = text.rfind(sep, 0, kept.start()) + 1
        end = text.find(sep, kept.end())
        end = len(text) if end < 0 else end
        out += [convert(text[done:start]) if start > done else "", _name_keeping(text[start:end])]
        done = end
    out.append(convert(text[done:]) if done < len(text) else "")
    return "".join(out)


def _name_keeping(name: str) -> str:
    """One name holding a kept character, t2s: whole when it is traditional text (another character
    changes, none is simplified-only: 寧波乾燥設備); else only the pieces between the kept characters,
    so a simplified name with a stray traditional character (宁波乾丰電器) stays 宁波乾丰 (review r75 F3)."""
    convert = _t2s().convert
    pieces = _KEPT.split(name)
    simplified = [convert(t) if t else t for t in pieces[::2]]
    if simplified == pieces[::2]:
        return name
    rest = "".join(pieces[::2])
    if not any(map(_simplified_only, rest)):  # traditional text: 乾 → 干 too, phrases (乾燥) as OpenCC has
        return convert(name)
    pieces[::2] = simplified
    return "".join(pieces)


@cache
def _simplified_only(ch: str) -> bool:
    """Whether a character is written in simplified text only: OpenCC respells it for every traditional
    standard (宁 丰 电), not one keeping it (峰 in Taiwan, 台 in Hong Kong); one at a time, no phrases."""
    return all(_opencc(config).convert(ch) != ch for config in vocab.TRADITIONAL_STANDARDS)


@cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _t2s_keeping(text) if text else text


def to_simplified_many(texts: Iterable[str]) -> list[str]:
    """Convert many short texts in one OpenCC call (about 4x faster than one call each)."""
    items = list(texts)
    if not items:
        return []
    if any("\n" in t for t in items):
        return [to_simplified(t) for t in items]
    out = _t2s_keeping("\n".join(items)).split("\n")
    return out if len(out) == len(items) else [to_simplified(t) for t in items]


def header_key(header: str) -> str:
    """Normalise a header for alias lookup: 企業名稱 (全稱) → 企业名称全称, 'Company Name' → companyname."""
    text = to_simplified(nfkc(header)).lower().strip()
    return _HEADER_PUNCT.sub("", text)


def header_key_variants(header: str) -> list[str]:
    """The header key, then the key without a trailing bracketed unit (年产值（万元） → 年产值)."""
    text = to_simplified(nfkc(header)).lower().strip()
    keys = [_HEADER_PUNCT.sub("", text)]
    stripped = _TRAILING_UNIT.sub("", _SPACES.sub("", text))
    if stripped != _SPACES.sub("", text):
        keys.append(_HEADER_PUNCT.sub("", stripped))
    return [k for k in keys if k]


def header_field(header: str, lookup: dict[str, str]) -> str | None:
    """The field `lookup` (header_key → field) gives a header, a trailing unit allowed: 预算（万元） is the
    预算 column, its bare numbers scaled by header_unit, as orders read 金额（万元）."""
    return next((lookup[k] for k in header_key_variants(header) if k in lookup), None)


def key_of_folded(folded: str) -> str:
    """Matching key of an already folded and simplified text."""
    key = _KEY_PUNCT.sub("", folded.lower())
    # Removing a space can leave a combining mark next to a letter: recompose.
    return key if key.isascii() else unicodedata.normalize("NFKC", key)


def text_key(text: str) -> str:
    """Matching key: width, traditional characters, case, spacing and light punctuation folded."""
    return key_of_folded(to_simplified(fold(text)))


def keys_of_folded_many(folded: list[str]) -> list[str]:
    """key_of_folded(to_simplified(t)) for many folded texts at once."""
    if not folded:
        return []
    blob = _joinable(folded)
    if blob is None:
        return [key_of_folded(to_simplified(t)) for t in folded]
    blob = _KEY_PUNCT_NOT_SEP.sub("", _t2s_keeping(blob).lower())
    out = _nfkc_joined(blob).split(_SEP)
    return out if len(out) == len(folded) else [key_of_folded(to_simplified(t)) for t in folded]


def respelled_keys(texts: Iterable[str]) -> list[str]:
    """text_key of each text as made before schema 8, t2s respelling the characters of
    vocab.KEY_KEPT_HANZI too (乾 → 干): the schema 8 migration knows the keys it made by them."""
    return [key_of_folded(_t2s().convert(fold(t))) for t in texts]


def text_keys(texts: Iterable[str]) -> list[str]:
    """text_key for many values, converting each distinct value once."""
    items = list(texts)
    distinct = list(set(items))
    table = dict(zip(distinct, keys_of_folded_many(fold_many(distinct)), strict=True))
    return list(map(table.__getitem__, items))


def folded_keys(folded: list[str]) -> list[str]:
    """text_keys of texts already folded (fold is idempotent): each distinct one keyed once, or,
    when most are distinct, all of them in one pass."""
    if mostly_distinct(folded):
        return keys_of_folded_many(folded)
    distinct = list(set(folded))
    table = dict(zip(distinct, keys_of_folded_many(distinct), strict=True))
    return list(map(table.__getitem__, folded))


# --- company names ------------------------------------------------------------------

_LEGAL_SUFFIX = re.compile("(" + "|".join(map(re.escape, vocab.FIRM_SUFFIXES)) + ")$")
_PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)


def company_stem(key: str, places: Iterable[str] = (), kept: bool = False) -> str:
    """The distinctive core of a company key: region prefix and legal suffix removed (a township of its
    county after the prefix written bare: 周巷镇华峰电器 is 周巷华峰电器).

    Used only to *suggest* possible duplicates (宁波华峰电器有限公司 ~ 慈溪市华峰电器厂),
    never to merge. `places` adds bare place names to strip (e.g. the workspace's cities). `kept`:
    乾 於 … stay as written (乾丰电器, not 干丰电器), to tell two firms of one stem apart."""
    return company_stems(key, places, kept)[0]


def company_stems(key: str, places: Iterable[str] = (), kept: bool = False) -> tuple[str, str | None]:
    """company_stem, and the stem without the township of its county the key names after its region
    (慈溪市周巷(镇)华峰电器厂 → 华峰电器), None when it names none: to list the firm with one whose own stem
    that is (慈溪市华峰电器厂), never with another firm named by its town alone (周巷农贸市场 and
    浒山农贸市场 are two markets)."""
    places = tuple(places)
    words, pos = _leading_places(key, places)
    stripped = key[pos:]
    town = _township_prefix(stripped, tuple(words))
    if not town:
        return _kept_as_t2s(_legal_stem(stripped, key), kept), None
    named, rest = stripped[:town], stripped[town:]
    bare = _TOWN_ENDING.sub("", named)
    stem = _legal_stem((bare if len(bare) >= 2 else named) + rest, key)
    without = _legal_stem(rest, key)
    # a trade name and a trade left (华峰电器); less (五金, or 慈溪市周巷镇有限公司: none) is a firm named by
    # its town: 慈溪市周巷五金厂 is no more 慈溪市五金厂 than 慈溪市龙山五金厂 is
    named_by_town = without == key or len(without) < TOWN_FREE_STEM_MIN
    return _kept_as_t2s(stem, kept), None if named_by_town else _kept_as_t2s(without, kept)


TOWN_FREE_STEM_MIN = 4


def _kept_as_t2s(stem: str, kept: bool) -> str:
    # 宁波乾丰 and 宁波干丰 are two firms (vocab.KEY_KEPT_HANZI) but one stem: listed, not merged.
    return stem.translate(_KEPT_AS_T2S) if not kept and _KEPT.search(stem) else stem


def _legal_stem(stripped: str, key: str) -> str:
    """A key's rest after its places, without brackets that name no branch and without legal suffixes;
    the key itself when that leaves under two characters or only a suffix."""
    if "(" in stripped:  # 华峰电器(慈溪)有限公司, 华峰电器(集团)有限公司; not (慈溪分公司): a firm of its own
        stripped = _PARENTHESES.sub(_unless_branch, stripped)
    stem = stripped if len(stripped) >= 2 else key
    while True:
        shorter = _LEGAL_SUFFIX.sub("", stem)
        if shorter == stem or len(shorter) < 2:
            break
        stem = shorter
    if not stem or stem in vocab.FIRM_SUFFIXES:  # 宁波华联超市有限公司 is no 有限公司 of all firms
        stem = key
    return stem


_TOWN_ENDING = re.compile("(?:镇|乡|街道|街道办事处)$")


def _township_prefix(rest: str, words: tuple[str, ...]) -> int:
    """The length of the township name (周巷镇 or 周巷) `rest` begins with, leaving two characters or
    more: a township of the county the key's leading places name (慈溪市周巷; not 宁波龙山, a city's, nor
    余姚市长河: 长河 is 慈溪's), 0 when none."""
    towns, longest = _county_towns(words) if words else (frozenset(), 0)
    for n in range(min(longest, len(rest) - 2), 1, -1):
        if rest[:n] in towns:
            return n
    return 0


@lru_cache(maxsize=256)
def _county_towns(words: tuple[str, ...]) -> tuple[frozenset[str], int]:
    """The townships (full and bare names) of the counties named: a name of the gazetteer (慈溪市) or a
    bare one no more than three counties share (慈溪; not 江北, a county of two cities)."""
    from .enrich.town import Gazetteer

    g = Gazetteer.load()
    counties: set[int] = set()
    for word in words:
        found = g.county_names.get(word, set()) | g.county_shorts.get(_bare_place(word), set())
        if 0 < len(found) <= 3:
            counties |= found
    towns = {name for i in counties for base, full in g.bases.get(i, {}).items() for name in (base, full)}
    return frozenset(towns), max(map(len, towns), default=0)


def name_forms(key: str, places: Iterable[str] = ()) -> set[str]:
    """The keys a person writes for the firm of this key, exactly: the key; without its leading places
    (each as written or bare, 慈溪市 or 慈溪); without its legal suffix; both (慈溪佳腾电子, 佳腾电子 for
    慈溪市佳腾电子有限公司). Only the key when under two characters are left (宁波有限公司). done's 相关
    check: exact forms, so a firm of the same stem elsewhere (慈溪华峰 for 宁波华峰) or a part (电器) is none."""
    words, pos = _leading_places(key, places)
    bodies = [key[pos:]]
    while (shorter := _LEGAL_SUFFIX.sub("", bodies[-1])) != bodies[-1]:
        bodies.append(shorter)
    if len(bodies[-1]) < 2:
        return {key}
    heads = {""}  # the leading places from the i-th on, each as written or bare
    for i in range(len(words)):
        heads |= {"".join(p) for p in itertools.product(*({w, _bare_place(w)} for w in words[i:]))}
    return {key} | {h + b for h in heads for b in bodies}


_KEPT_AS_T2S = str.maketrans(vocab.KEY_KEPT_HANZI)
_PARENTHESES = re.compile(r"\([^()]{1,10}\)")
_BRANCH = re.compile("|".join(vocab.BRANCH_WORDS))


def _unless_branch(bracket: re.Match) -> str:
    return bracket.group() if _BRANCH.search(bracket.group()) else ""


def name_regions(key: str, places: Iterable[str] = ()) -> set[str]:
    """The places a company key names, as bare words: its leading region names (慈溪市华峰 → 慈溪) and
    a bracketed place (华峰电器(宁波)有限公司 → 宁波). To rank the firms of one stem (orders' candidates):
    the one of the name's own place first."""
    places = tuple(places)
    found, pos = _leading_places(key, places)
    words = set(found)
    for bracket in _PARENTHESES.findall(key[pos:]):
        word = bracket.strip("()")
        if word in _region_names() or _bare_place(word) in {*places, *_PROVINCES}:
            words.add(word)
    return {_bare_place(w) for w in words}


def _bare_place(word: str) -> str:
    """慈溪市 → 慈溪, 浙江省 → 浙江 (a name of two characters or more left)."""
    bare = re.sub("(?:省|市|县|区)$", "", word)
    return bare if len(bare) >= 2 else word


@cache
def _region_names() -> frozenset[str]:
    """The full names of every province, city and county (浙江省, 宁波市, 慈溪市, 江北区), as keys."""
    from .enrich.town import Gazetteer

    counties = Gazetteer.load().counties
    names = {n for c in counties for n in (c.province, c.city, c.name)}
    return frozenset(names | set(to_simplified_many(sorted(names))))


def strip_legal_suffix(key: str) -> str:
    """One legal suffix off a company key (有限公司, 厂 …), keeping at least two characters."""
    shorter = _LEGAL_SUFFIX.sub("", key)
    return shorter if len(shorter) >= 2 else key


_REGION = re.compile(r"\(?([\u4e00-\u9fff]{2,6}?(?:省|自治区|特别行政区|市|自治州|地区|盟|县|区|旗))\)?")


def _leading_places(key: str, places: Iterable[str]) -> tuple[list[str], int]:
    """The region names a key begins with (as written, brackets off) and where its rest starts: a name
    with its 省/市/区 … that the gazetteer holds (浙江省, (慈溪市), 内蒙古自治区 — not 华联超市, 智慧园区),
    or a bare province or one of `places` (浙江, 宁波, (慈溪)): bare, only the places of the workspace's
    area (area_places), not every county's (东方, 海兴, 红旗 begin names of firms)."""
    known, words, pos = _known_places(tuple(places)), [], 0
    while pos < len(key):
        m = _REGION.match(key, pos)
        if m and m.group(1) in _region_names():
            words.append(m.group(1))
            pos = m.end()
            continue
        start = pos + 1 if key[pos] == "(" else pos
        n = next(
            (n for n in range(min(known[1], len(key) - start), 1, -1) if key[start : start + n] in known[0]),
            0,
        )
        end = start + n + (key[start + n : start + n + 1] in ("省", "市", "县", "区"))  # 杭州湾新 + 区
        if not n or start > pos and not key.startswith(")", end):  # (慈溪) closed, or no place
            break
        words.append(key[start:end])
        pos = end + (start > pos)
    return words, pos


@lru_cache(maxsize=16)
def _known_places(places: tuple[str, ...]) -> tuple[frozenset[str], int]:
    """The bare places to strip (`places` and the provinces), built once per `places`, and the longest."""
    names = frozenset(p for p in (*places, *_PROVINCES) if len(p) >= 2)
    return names, max(map(len, names))


def area_places(keys: Iterable[str]) -> list[str]:
    """The bare cities and counties of the area the keys' region prefixes name (余姚市华峰 → 宁波, 慈溪, 余姚
    …: 余姚市's city and its counties), for company_stem's `places` where no address tells the workspace's
    places (a contact list without 地址): 宁波华峰 and 华峰电器(慈溪) meet 余姚市华峰 (review r76 F6)."""
    words: set[str] = set()
    for key in set(keys):
        words.update(_leading_places(key, ())[0])
    return list(_area(frozenset(words)))


@lru_cache(maxsize=64)
def _area(words: frozenset[str]) -> tuple[str, ...]:
    from .enrich.town import Gazetteer, _city_short

    g = Gazetteer.load()
    cities = set()
    for word in words:
        counties = g.county_names.get(word, set())
        if len(counties) == 1:  # 江北区 is 宁波's and 重庆's: no one area
            cities |= {g.counties[i].city for i in counties}
        elif word in g.city_names and word.endswith(("市", "州", "地区", "盟")):
            cities |= {g.counties[i].city for i in g.city_names[word]}
    out = dict.fromkeys(_city_short(c) for c in sorted(cities))
    for i, c in enumerate(g.counties):
        if c.city in cities and i not in g.zone_counties and len(c.short) >= 2:
            out.setdefault(c.short)
    return tuple(out)


def places_apart(these: set[str], those: set[str]) -> bool:
    """Two sets of bare places (name_regions) that name different places: none is the other or lies in it
    (慈溪 and 余姚 are apart; 慈溪 and 宁波, where 慈溪 lies, are not). Empty: nothing said, not apart."""
    if not these or not those:
        return False
    return not any(a == b or a in _parents(b) or b in _parents(a) for a in these for b in those)


@lru_cache(maxsize=1024)
def _parents(word: str) -> frozenset[str]:
    """The bare city and province a bare county (慈溪 → 宁波, 浙江) or city (宁波 → 浙江) lies in."""
    from .enrich.town import Gazetteer, _city_short

    g = Gazetteer.load()
    counties = g.county_shorts.get(word, set()) | g.county_names.get(word, set())
    out = {_city_short(g.counties[i].city) for i in counties}  # 江北: 宁波's or 重庆's
    for i in counties or g.city_names.get(word, set()):
        out.add(next((p for p in _PROVINCES if g.counties[i].province.startswith(p)), g.counties[i].province))
    return frozenset(out - {word})


# A matching key with no letter in it (12345, ？？？, /, ——): digits and punctuation only.
_NO_LETTER = re.compile(r"^(?:[^\w\n]|[\d_])+$", re.M)


def placeholder_keys(keys: Iterable[str]) -> set[str]:
    """The company keys that stand for no name: vocab.PLACEHOLDER_NAMES and keys without a
    letter, found among the distinct keys by one set intersection and one regex pass."""
    distinct = set(keys)
    found = distinct & vocab.PLACEHOLDER_NAMES
    found.update(_NO_LETTER.findall("\n".join(distinct)))  # keys hold no whitespace
    return found


# --- phones -------------------------------------------------------------------------

# The area codes of China's landlines: 010 (Beijing), 02X, and four digits 03XX to 09XX (no 011, 012,
# 0000, 0021 …): one rule for reading a phone and for the lost-zero hint.
_AREA = r"0(?:10|2\d|[3-9]\d\d)"
_AREA_CODE = re.compile(_AREA + "-")
_PLAIN_NUMBER = re.compile(rf"1[3-9]\d{{9}}|{_AREA}-[2-9]\d{{6,7}}|[2-9]\d{{6,7}}", re.ASCII)
_DROP_IN_MOBILE = str.maketrans("", "", " -()（）.—–")
_PHONE_SPLIT = re.compile(r"[/,;，；、|]+|\s{2,}|或|及|和")
_PLAIN_LIST = re.compile(
    rf"(?:{_PLAIN_NUMBER.pattern})(?:\s*[/,;，；、|]+\s*(?:{_PLAIN_NUMBER.pattern}))+", re.ASCII
)
_PHONE_NOISE = re.compile(r"[\s\-()（）.—–]+")
_PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1[3-9]\d{9}|0?[1-9]\d{6,10}$)")
_EXTENSION = re.compile(
    r"\s*(?:" + "|".join(map(re.escape, vocab.PHONE_EXTENSION_WORDS)) + r")\s*(\d{1,5})$", re.IGNORECASE
)
# 手机13812345678 电话0574-…, 13812345678（微信同号）: the words become a separator.
_PHONE_LABEL = re.compile(
    r"[(（]?(?:" + "|".join(map(re.escape, vocab.PHONE_LABELS)) + r")[)）]?\s*[:：]?", re.IGNORECASE
)
# A fax number, its word before it (传真：0574-…) or after it in brackets (…（传真）); not
# after another word and a slash (电话/传真：0574-…, one number for both: a phone).
_FAX_WORDS = "|".join(map(re.escape, vocab.FAX_LABELS))
# One number: no inner spaces but after the area code, so a number beside it stays a phone.
_FAX_DIGITS = r"(?:\+?86[\s-]?)?(?:[(（]?0\d{2,3}[)）]?[\s-]?)?\d[\d-]*\d"
_FAX_NUMBER = re.compile(
    rf"(?<![/／、&和及])(?:{_FAX_WORDS})\s*(?:号码)?\s*[:：]?\s*{_FAX_DIGITS}|{_FAX_DIGITS}\s*[(（](?:{_FAX_WORDS})[)）]",
    re.IGNORECASE,
)
_FAX_WORD = re.compile(rf"(?:{_FAX_WORDS})\s*[:：]?", re.IGNORECASE)
# 0574-63012345-803: a landline with its extension after a second dash; and the form this module
# gives any number with an extension (63012345-12, 13812345678-1, 400-800-1234-5, 95555-1), read
# back as it was written. A local number starts with 1-9: 05746301-2345 stays 0574-63012345.
_NUMBER_EXT = re.compile(
    r"^(\(?0\d{2,3}\)?[-\s]?\d{7,8}|(?:1[3-9]\d{9}|[48]00-\d{3}-\d{4}|[1-9]\d{4,7})(?=-))[-\s]+(\d{1,5})$"
)


def normalize_phone(value: object) -> tuple[list[str], bool]:
    """Phone numbers in a cell → (['13812345678', '0574-63012345'], ok).

    Handles full-width digits, +86, spaces and dashes inside numbers, several numbers
    in one cell, and numeric cells. ok is False when some text is left unexplained.
    """
    if type(value) is str and _PLAIN_NUMBER.fullmatch(value):  # the common case, typed cleanly
        return [value], True
    text = nfkc(cell_text(value)).strip()
    if not text:
        return [], True
    if _PLAIN_NUMBER.fullmatch(text):
        return [text], True
    if _PLAIN_LIST.fullmatch(text):  # several clean numbers: 13812345678/0574-63012345
        return list(dict.fromkeys(_PLAIN_NUMBER.findall(text))), True
    return _parse_phones(text)


def normalize_phones(values: list) -> list[tuple[list[str], bool]]:
    """normalize_phone of many cells: one NFKC pass over all of them, then per cell only the
    checks its text needs."""
    texts = [v if type(v) is str else cell_text(v) for v in values]
    blob = _joinable(texts)
    if blob is None:
        return [normalize_phone(v) for v in values]
    plain, plain_list, find_plain = _PLAIN_NUMBER.fullmatch, _PLAIN_LIST.fullmatch, _PLAIN_NUMBER.findall
    out: list[tuple[list[str], bool]] = []
    for text in _nfkc_joined(blob).split(_SEP):
        text = text.strip()
        if not text:
            out.append(([], True))
        elif plain(text):
            out.append(([text], True))
        elif plain_list(text):
            out.append((list(dict.fromkeys(find_plain(text))), True))
        else:
            out.append(_parse_phones(text))
    return out


# One number in the forms sheets mostly hold besides the clean ones (138 1234 5678,
# +86 13812345678, (0574)63012345, 0574 63012345, 0574-63012345-803, 0574-63012345转803):
# read by one match, as _parse_all_phones reads them (a property test holds the two equal).
# At 100,000 rows the full parser took a second for these cells.
_LIGHT_PHONE = re.compile(
    r"(?:\+86 ?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})"
    rf"|(?:\(({_AREA})\)|({_AREA})[ -]?)([2-9]\d{{6,7}})(?:[-转](\d{{1,5}}))?",
    re.ASCII,
)


def _parse_phones(text: str) -> tuple[list[str], bool]:
    """normalize_phone for text that is not one or more clean numbers (NFKC'd, stripped)."""
    m = _LIGHT_PHONE.fullmatch(text)
    if m is None:
        return _parse_all_phones(text)
    if m[1]:
        return [m[1] + m[2] + m[3]], True
    number = f"{m[4] or m[5]}-{m[6]}"
    return [f"{number}-{m[7]}" if m[7] else number], True


def unread_phone_text(value: object) -> str:
    """The text of a phone cell normalize_phone reads only in part that gave no number (the pieces
    between its separators, joined by '; '), or the whole cell folded when it gave none: what is
    kept beside the numbers. Reading numbers-then-this again gives the same, so an export of a
    partly read cell imports back unchanged (13812345678; 57463012345 stays so, not the number twice)."""
    unread: list[str] = []
    numbers, _ok = _parse_all_phones(nfkc(cell_text(value)).strip(), unread)
    return "; ".join(fold(t) for t in unread) if numbers and unread else fold(cell_text(value))


def lost_zero_landline(text: str) -> str | None:
    """The landline an unread phone text of bare digits is once given back its leading 0 (57463012345
    → 0574-63012345: typed into a General cell, kept as the number): a suggestion for the user, never
    taken for the number, as the sheet shows the digits without it. None for any other text."""
    if (
        not (text.isascii() and text.isdigit() and 9 <= len(text) <= 11)
        or text[0] == "0"
        or _MOBILE.match(text)
    ):
        return None
    found = _split_digits("0" + text)  # a landline only with a real area code (_AREA_CODE)
    return found[0] if len(found) == 1 and found[0][0] == "0" else None


def _parse_all_phones(text: str, unread: list[str] | None = None) -> tuple[list[str], bool]:
    """The full parser: labels, faxes, several numbers, extensions, +86 before an area code. The
    pieces that give no number are added to `unread` when given."""
    text, faxes = _FAX_NUMBER.subn("/", text)
    text, labels = _PHONE_LABEL.subn("/", text)
    if faxes or labels:  # 电话/传真：…: the fax word left beside a phone word
        text, more = _FAX_WORD.subn("/", text)
        labels += more
    if not _PHONE_SPLIT.search(text):  # one mobile written with spaces, dashes or +86
        d = text.translate(_DROP_IN_MOBILE)
        if d.startswith("+86"):
            d = d[3:]
        elif d.startswith("0086"):
            d = d[4:]
        elif d.startswith("86") and len(d) == 13:
            d = d[2:]
        if len(d) == 11 and d[0] == "1" and d.isdigit() and d.isascii() and d[1] in "3456789":
            return [d], True
    numbers: list[str] = []
    ok = True
    for piece in _PHONE_SPLIT.split(text):
        piece = whole = piece.strip()
        if not piece:
            continue
        ext = ""
        m = _EXTENSION.search(piece) or _NUMBER_EXT.match(piece)
        if m and m.re is _NUMBER_EXT:
            ext, piece = m.group(2), m.group(1)
        elif m:
            ext, piece = m.group(1), piece[: m.start()]
        digits = _PHONE_NOISE.sub("", piece)
        if digits.startswith("+"):
            digits = digits[1:] if digits[1:3] == "86" else digits
        national = _PHONE_PREFIX.sub("", digits)
        if (
            national != digits
            and national[:1] != "0"
            and 9 <= len(national) <= 11
            and not _MOBILE.match(national)
            and national[:3] not in vocab.PHONE_SERVICE_PREFIXES
        ):
            national = "0" + national  # +86 574 63012345: the area code without its 0
        digits = national
        found = _split_digits(digits) if digits.isdigit() and digits.isascii() else []
        if not found:
            ok = False
            if unread is not None:
                unread.append(whole)
            continue
        if ext:
            found[-1] += f"-{ext}"
        numbers.extend(found)
    # 微信 alone names no number; a fax alone is understood, and leaves no number to call.
    return list(dict.fromkeys(numbers)), ok and bool(numbers or faxes or not labels)


_MOBILE = re.compile(r"1[3-9]\d{9}")


def _split_digits(d: str) -> list[str]:
    out: list[str] = []
    while d:
        if _MOBILE.match(d) and (len(d) == 11 or len(d) >= 18):
            out.append(d[:11])
            d = d[11:]
        elif d.startswith("0") and len(d) >= 10:
            area = 3 if d[1] in "12" else 4
            rest = d[area:]
            local = 8 if len(rest) >= 8 and len(rest) != 7 else len(rest)
            if local not in (7, 8) or not _AREA_CODE.match(d[:area] + "-"):
                return []
            out.append(f"{d[:area]}-{rest[:local]}")
            d = rest[local:]
        elif d[:3] in vocab.PHONE_SERVICE_PREFIXES and len(d) >= 10:  # 400-800-1234
            out.append(f"{d[:3]}-{d[3:6]}-{d[6:10]}")
            d = d[10:]
        elif len(d) in (7, 8) or len(d) in (5, 6) and not out:
            out.append(d)
            d = ""
        else:
            return []
    return out


# --- tier, yes/no, size -------------------------------------------------------------

_CODE_NOISE = re.compile(r"[\s\-_.·:：()（）、,，;；/|]+")
_TIER_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, vocab.TIER_SUFFIXES)) + ")$")
_SIGNED = re.compile(r"\s*[-+−]\s*\d")  # -1, +1: a number, no yes or no


def _code_text(value: object) -> str:
    return _CODE_NOISE.sub("", to_simplified(nfkc(cell_text(value)))).lower()


@cache
def _spellings(kind: str) -> dict[str, str]:
    """Every accepted spelling of a coded field, normalised like the cells it is compared with."""
    if kind == "tier":
        pairs = {**{code: code for code in vocab.TIERS}, **vocab.TIER_SYNONYMS}
        # a code written with its own description, as a drop-down lists them (A-可以上门拜访,
        # V（我方用户）, 可以上门拜访(A), A类：可以上门拜访): never with another tier's words
        for words, code in vocab.TIER_SYNONYMS.items():
            for joined in (
                f"{code}{words}",
                f"{words}{code}",
                *(f"{code}{s}{words}" for s in vocab.TIER_SUFFIXES),
            ):
                pairs[joined] = code
    elif kind == "yes_no":
        pairs = {
            **dict.fromkeys(vocab.YES_SPELLINGS, vocab.YES),
            **dict.fromkeys(vocab.NO_SPELLINGS, vocab.NO),
        }
    else:
        pairs = vocab.SIZE_SYNONYMS
    return {_code_text(k): v for k, v in pairs.items()}


_COMMENT_OPEN = "".join(pair[0] for pair in vocab.YES_NO_COMMENT_BRACKETS)
_COMMENT_MARK_CHARS = (
    _COMMENT_OPEN + "".join(vocab.YES_NO_COMMENT_DASHES) + "".join(vocab.YES_NO_COMMENT_SEPARATORS)
)
_COMMENT_MARKS = re.compile("[" + re.escape(_COMMENT_MARK_CHARS) + "]")
_COMMENT_BRACKETS = re.compile("[" + re.escape("".join(vocab.YES_NO_COMMENT_BRACKETS)) + "]")
_A_WORD = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=8192)
def _coded(kind: str, text: str) -> tuple[str | None, str]:
    simple = _code_text(text)
    if not simple:
        return None, "blank"
    if kind == "tier":
        simple = _TIER_SUFFIX.sub("", simple) or simple
    elif kind == "yes_no" and _SIGNED.match(nfkc(text)):
        return None, "invalid"
    found = _spellings(kind).get(simple)
    if not found and kind == "yes_no":
        return _yes_no_with_comment(text)
    return (found, "ok") if found else (None, "invalid")


def _yes_no_with_comment(text: str) -> tuple[str | None, str]:
    """是（决策人）, 是-决策人, Y [boss], 是，老板, 是 老板 → the yes or no before the comment (the
    text up to the first bracket, dash, comma or space after which it is one: 非 关键，财务 → 否;
    vocab.YES_NO_COMMENT_…)."""
    marks = list(_COMMENT_MARKS.finditer(text))
    if not marks or not marks[0].start():
        return None, "invalid"
    spellings = _spellings("yes_no")
    at = next((m.start() for m in marks if _code_text(text[: m.start()]) in spellings), None)
    if at is None:
        return None, "invalid"
    found, comment = spellings[_code_text(text[:at])], _COMMENT_BRACKETS.sub(" ", text[at:])
    if not _A_WORD.search(comment):
        return None, "invalid"
    # The comment, read as a cell of its own, does not say the opposite (是（否）, 是，否，老板, y-n, boss).
    said = normalize_yes_no(comment.lstrip(_COMMENT_MARK_CHARS))[0]
    return (found, "ok") if said in (None, found) else (None, "invalid")


def normalize_tier(value: object) -> tuple[str | None, str]:
    """'ｆ１', 'F 1', '我方用户' → ('F1'|'V', 'ok'); '' → (None, 'blank'); 'A+' → (None, 'invalid')."""
    return _coded("tier", cell_text(value))


def normalize_yes_no(value: object) -> tuple[str | None, str]:
    """'是的', 'Y', '√', '1' → '是'; '不是', '×', '0' → '否'; '' → blank; '待定' → invalid."""
    return _coded("yes_no", cell_text(value))


def normalize_size(value: object) -> tuple[str | None, str]:
    """'大型企业', '中', 'small', 'S(小型)' → a band of vocab.SIZE_ORDER; '小微企业' (vocab.SIZE_SPAN_WORDS:
    more than one band) → (None, 'span')."""
    text = cell_text(value)
    if _code_text(text) in _size_spans():
        return None, "span"
    return _coded("size", text)


@cache
def _size_spans() -> frozenset[str]:
    return frozenset(map(_code_text, vocab.SIZE_SPAN_WORDS))


def registry_status(value: object) -> str | None:
    """What a registry status cell (登记状态) says: "closed" (注销, 吊销，未注销, 清算中 …:
    vocab.REGISTRY_CLOSED_STATUSES), "live" (存续, 在业, 存续（在营、开业、在册）…:
    vocab.REGISTRY_LIVE_STATUSES), else None. The whole cell is the status, a bracketed detail after
    it aside; a sentence that merely holds such a word (未停业, 去年关闭了一条生产线) says neither."""
    key = text_key(cell_text(value))
    if not key:
        return None
    return _registry_statuses().get(_STATUS_DETAIL.sub("", key) or key)


def registry_closed(value: object) -> bool:
    """Whether a registry status cell says the enterprise is closed (registry_status)."""
    return registry_status(value) == "closed"


# A bracketed detail after a status (注销(2019-05-01), 存续(在营开业在册)), on a matching key.
_STATUS_DETAIL = re.compile(r"[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]$")


@cache
def _registry_statuses() -> dict[str, str]:
    return {
        **{text_key(s): "live" for s in vocab.REGISTRY_LIVE_STATUSES},
        **{text_key(s): "closed" for s in vocab.REGISTRY_CLOSED_STATUSES},
    }


# --- order dates and amounts -----------------------------------------------------------

_EXCEL_EPOCH = _dt.date(1899, 12, 30)
# Serial numbers read as dates only between 1950 and 2100: a bare 2026 is a year, not 1905-07-18.
_SERIAL_RANGE = (18_264, 73_416)
_YMD = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?"
)
_YYYYMMDD = re.compile(r"(\d{4})(\d{2})(\d{2})")


# Days from the 1900 date system's day 0 to the 1904 system's (Mac Excel): serial 0 is 1904-01-01.
_DAYS_1904 = 1462


def _excel_serial(number: float, date1904: bool = False) -> _dt.date | None:
    whole = int(number)
    if 19000101 <= whole <= 21001231 and number == whole:  # 20260305 typed as a number
        return _ymd(whole // 10000, whole // 100 % 100, whole % 100)
    if date1904:
        number, whole = number + _DAYS_1904, whole + _DAYS_1904
    if _SERIAL_RANGE[0] <= number < _SERIAL_RANGE[1]:  # a date cell read as its serial number
        return _EXCEL_EPOCH + _dt.timedelta(days=whole)
    return None


def _ymd(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value: object, date1904: bool = False) -> _dt.date | None:
    """A date as offices write it: date cells, Excel serials, 2026/3/5, 2026-03-05, 2026年3月5日,
    2026.03.05, 20260305 (a time after it is ignored). None when it is not one; day-first and
    month-first forms like 3/5/2026 are ambiguous and refused. `date1904`: the workbook counts its
    serials from 1904-01-01 (Mac Excel's 1904 date system), so 44624 is 2026-03-05."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, int | float):
        # NaN, ±inf and an int too big for a float are no date
        number = float(value) if isinstance(value, float) or abs(value) < 10**300 else math.inf
        return _excel_serial(number, date1904) if math.isfinite(number) else None
    text = fold(str(value))
    if not text:
        return None
    m = _YMD.fullmatch(text)
    if m:
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    m = _YYYYMMDD.fullmatch(text)
    if m:
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    try:
        return _excel_serial(float(text), date1904) if re.fullmatch(r"\d{1,5}(?:\.\d+)?", text) else None
    except ValueError:
        return None


def month_cell(value: object) -> str | None:
    """A date cell on the 1st of a month as that month, YYYY-MM: Excel turns 2027-03 or 2027-3 typed
    in a 月份/期间 cell into the date 2027-03-01 (shown 2027年3月 or Mar-27). None for any other value."""
    if isinstance(value, _dt.date) and value.day == 1:
        return f"{value.year}-{value.month:02d}"
    return None


def excel_round(value: float, digits: int = 0) -> float:
    """A figure rounded as Excel rounds it (ROUND, and the #,##0 a workbook shows): half away from
    zero on its first 15 significant digits — 46,200.5 → 46,201 where Python's round() and
    '{:,.0f}' give the even 46,200, and 2.675 → 2.68 where round(2.675, 2) gives 2.67 (the float
    is 2.67499…). The one rounding of amounts: a cell read (read_amount), the terminal, CSV and JSON
    (render), so they show the workbook's figures. NaN and infinities come back as they are."""
    if value != value or math.isinf(value):
        return value
    near, scale = round(value, digits), 10.0**digits
    if abs(value) * scale >= 1e15:  # past 15 significant digits there is no half to round (r111 F5)
        return near + 0.0
    # far from a half (by more than the 15-digit cut and float error can move it): round() agrees
    if abs(value - near) * scale < 0.5 - abs(value) * scale * 1e-14 - 1e-9:
        return near + 0.0
    exact = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return float(exact) + 0.0  # + 0.0: -0.4 rounds to 0, not -0


def _words(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CURRENCY_BEFORE = re.compile(f"^(?:{_words(vocab.CURRENCY_BEFORE)})", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(f"(?:{_words(vocab.CURRENCY_AFTER)})$", re.IGNORECASE)
_AMOUNT = re.compile(rf"(\d+(?:,\d{{3}})*(?:\.\d+)?|\.\d+)({_words(vocab.AMOUNT_UNIT_WORDS)})?")
# The minus signs as '-' and the traditional unit characters (1.5萬) as the simplified ones: one pass.
_AMOUNT_CHARS = str.maketrans({**dict.fromkeys(vocab.MINUS_SIGNS, "-"), **vocab.TRADITIONAL_UNIT_CHARS})
_UNIT_CHARS = str.maketrans(vocab.TRADITIONAL_UNIT_CHARS)


def simplified_units(text: str) -> str:
    """The text with the traditional unit characters of amounts and figures (萬, 億, 兩) as the
    simplified ones: 金額（萬元） → 金額（万元）, 1.2億 → 1.2亿. A str.translate, cheap enough per cell."""
    return text.translate(_UNIT_CHARS)


def read_amount(value: object, unit: float = 1.0) -> tuple[float | None, float | None]:
    """(yuan, the unit the cell names itself or None) from 12,000 · ¥12,000.50 · 12000元 · 1.2万元 ·
    500.00 CNY; negatives as -300, −300, ¥-300, -¥300, (300), (¥300) or 300- (the trailing minus of
    SAP and many ERPs); one sign at most. `unit` (a header that says 金额(万元)) scales bare
    numbers only: a cell with a currency mark (¥, RMB, CNY, 人民币) or a unit word (元, 万) names
    its own unit (¥: 1, 万: 10,000), and is read in it. (None, None) when it is not an amount."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        ok = value == value and abs(value) < 1e15
        return (excel_round(float(value) * unit, 2) if ok else None), None
    text = fold(str(value)).replace(" ", "").translate(_AMOUNT_CHARS)
    signs, negative, marked = 0, False, False
    while text:
        if len(text) > 2 and text[0] == "(" and text[-1] == ")":
            signs, negative, text = signs + 1, True, text[1:-1]
        elif text[0] in "+-":
            signs, negative, text = signs + 1, text[0] == "-", text[1:]
        elif text[-1] == "-":
            signs, negative, text = signs + 1, True, text[:-1]
        elif m := _CURRENCY_BEFORE.match(text) or _CURRENCY_AFTER.search(text):
            marked, text = True, text[: m.start()] + text[m.end() :]
        else:
            break
    m = _AMOUNT.fullmatch(text)
    if not m or signs > 1:
        return None, None
    own = vocab.AMOUNT_UNIT_WORDS[m[2]] if m[2] else 1.0 if marked else None
    number = float(m[1].replace(",", ""))
    if number >= 1e15:  # as for a number cell: no amount is that big
        return None, None
    return excel_round((-number if negative else number) * (own or unit), 2), own


def parse_amount(value: object, unit: float = 1.0) -> float | None:
    """The yuan of read_amount: None when the cell is not an amount."""
    return read_amount(value, unit)[0]


_CURRENCY_WORDS = re.compile(_words({*vocab.CURRENCY_BEFORE, *vocab.CURRENCY_AFTER}))


def says_nothing(value: object, words: frozenset[str] = frozenset()) -> bool:
    """Whether a text cell stands for no value, as a blank one does: one of vocab.PLACEHOLDER_NAMES
    (无, N/A, 不详 …) or of `words`, compared as matching keys, or nothing but dashes, slashes and
    other punctuation, with at most a currency mark (/, —, －, --, and ¥ -, the accounting format's
    zero pasted as text). A figure (0.5w) or a word (已付清) says something."""
    if type(value) is not str:
        return False
    key = text_key(value)
    if key in vocab.PLACEHOLDER_NAMES or key in words:
        return True
    return not any(c.isalnum() for c in _CURRENCY_WORDS.sub("", key))


# 单位：万元 / 金额单位:万元 / 单位 万元 inside a header's brackets or in a title row: the label before a unit.
_UNIT_LABEL = re.compile(r"^(?:(?:金[额額]|人民[币幣])?[单單]位|人民[币幣])\s*[:：]?\s*")
_TITLE_UNIT = re.compile(r"[单單]位\s*[:：]?\s*(百万元|千元|万元|亿元|万|元)")


def named_unit(header: str) -> float | None:
    """The multiplier a header's bracketed unit names — 金额(万元), 金額(萬元), 金额（单位：万元）,
    金额(金额单位:万元) → 10,000 — or None when the header names no unit (then a title's unit may apply)."""
    from .vocab import AMOUNT_UNITS

    m = re.search(r"[(（]\s*([^()（）]+?)\s*[)）]\s*$", fold(header))
    return AMOUNT_UNITS.get(_UNIT_LABEL.sub("", simplified_units(m[1]))) if m else None


def header_unit(header: str) -> float:
    """The multiplier a header's bracketed unit names (named_unit); none → 1. The one reading of a
    money header's unit: orders, payments, targets and the budget."""
    return named_unit(header) or 1.0


def title_unit(rows: list[list]) -> tuple[float, str, int] | None:
    """(multiplier, the title's text, its row index) of the first title row above a header that names a unit of
    money — 2026年订单明细（金额单位：万元）, （单位：万元） — the common way a Chinese sheet says its
    amounts are in 万元; None when none does. Applies to money columns whose header names no unit."""
    from .vocab import AMOUNT_UNITS

    for i, row in enumerate(rows):
        for cell in row:
            text = cell_text(cell).strip()
            if text and (m := _TITLE_UNIT.search(simplified_units(fold(text)))):
                return float(AMOUNT_UNITS[m[1]]), text, i
    return None
