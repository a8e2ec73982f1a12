"""Which Han characters sound alike, from data/pinyin.tsv.gz (pypinyin's table, tones aside).

Addresses are typed through pinyin input methods, so a township's name is mistyped as
another character of the same sound (付海镇 for 附海镇, 观海为 for 观海卫) far more often
than as any other slip. Two characters sound alike when their first (commonest) readings
are the same: a rare reading (横 huang, 於 wu, 汤 shang) would make 横店 黄店 and 汤溪 上溪,
which nobody types one for the other. Built from pypinyin's table (see the SOURCE file);
loaded only when an address names a township the gazetteer does not have.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _readings() -> tuple[dict[str, str], dict[str, str]]:
    """Each character's first reading, and all its readings joined by commas (长 → "zhang",
    "zhang,chang"): sets only for the few characters compared (building 42,000 sets took
    0.15 s, the joined texts 0.015 s)."""
    data = resources.files("regiontool.data").joinpath("pinyin.tsv.gz").read_bytes()
    first: dict[str, str] = {}
    found: dict[str, str] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        reading, firsts, others = line.split("\t")
        for char in firsts:
            first[char] = reading
        for char in firsts + others:
            known = found.get(char)
            found[char] = reading if known is None else f"{known},{reading}"
    return first, found


def first_reading(char: str) -> str | None:
    """The character's commonest reading without tone (长 → zhang); None for a non-Han one."""
    return _readings()[0].get(char)


def readings(char: str) -> frozenset[str]:
    """All the character's readings without tones (长 → {zhang, chang}); none for a non-Han one."""
    known = _readings()[1].get(char)
    return frozenset(known.split(",")) if known else frozenset()


def sound_alike(a: str, b: str) -> bool:
    """Whether two texts of Han characters read the same, character by character, each by its
    commonest reading (付海 and 附海: fu hai). A character without a known reading matches
    only itself."""
    if len(a) != len(b):
        return False
    first = _readings()[0]
    return all(
        x == y or (first.get(x) is not None and first.get(x) == first.get(y))
        for x, y in zip(a, b, strict=True)
    )
