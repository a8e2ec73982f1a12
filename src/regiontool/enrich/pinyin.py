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
def _table() -> tuple[tuple[str, str, str], ...]:
    """The file's lines: (reading, the characters whose first reading it is, the others having it)."""
    data = resources.files("regiontool.data").joinpath("pinyin.tsv.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return tuple(tuple(line.split("\t")) for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _first() -> dict[str, str]:
    """Each character's first reading (长 → zhang): all sound_alike compares."""
    return {char: reading for reading, firsts, _others in _table() for char in firsts}


def first_reading(char: str) -> str | None:
    """The character's commonest reading without tone (长 → zhang); None for a non-Han one."""
    return _first().get(char)


def readings(char: str) -> frozenset[str]:
    """All the character's readings without tones (长 → {zhang, chang}); none for a non-Han one.
    Looked up in the table's 425 lines when asked, never built for every character."""
    return frozenset(reading for reading, firsts, others in _table() if char in firsts or char in others)


def sound_alike(a: str, b: str) -> bool:
    """Whether two texts of Han characters read the same, character by character, each by its
    commonest reading (付海 and 附海: fu hai). A character without a known reading matches
    only itself."""
    if len(a) != len(b):
        return False
    first = _first()
    return all(
        x == y or (first.get(x) is not None and first.get(x) == first.get(y))
        for x, y in zip(a, b, strict=True)
    )
