"""Build src/regiontool/data/pinyin.tsv.gz from the character readings shipped in pypinyin.

pypinyin (MIT, https://github.com/mozillazg/python-pinyin) ships `pinyin_dict.json`: every
Han character's readings with tones. The town reader needs only which characters sound
alike (an address typed through a pinyin input method writes 付海镇 for 附海镇), so we keep
the readings without tones, one line per reading: the characters whose first (commonest)
reading it is, a tab, the characters that also have it; the package needs no runtime
dependency for it.

Usage: python tools/build_pinyin.py path/to/pypinyin-0.55.0-py2.py3-none-any.whl
(download the wheel once with `pip download --no-deps pypinyin==0.55.0`).
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "regiontool" / "data" / "pinyin.tsv.gz"


def toneless(reading: str) -> str:
    """zhǎng → zhang, lǜ → lv (ü kept apart from u: 吕 and 卢 do not sound alike)."""
    text = unicodedata.normalize("NFD", reading.strip())
    text = text.replace("u\u0308", "v")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def build(readings: dict[str, str]) -> list[str]:
    """One line per toneless reading: the reading, the characters whose first reading it is,
    the characters that have it as another reading (tab-separated)."""
    first: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    for code, text in sorted(readings.items(), key=lambda kv: int(kv[0])):
        char = chr(int(code))
        found = list(dict.fromkeys(toneless(r) for r in text.split(",") if r.strip()))
        for n, reading in enumerate(found):
            (first if n == 0 else other).setdefault(reading, []).append(char)
    return [
        f"{reading}\t{''.join(first.get(reading, []))}\t{''.join(other.get(reading, []))}"
        for reading in sorted({*first, *other})
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    wheel = Path(argv[0])
    with zipfile.ZipFile(wheel) as whl:
        readings = json.loads(whl.read("pypinyin/pinyin_dict.json"))
    lines = build(readings)
    header = f"# reading\tfirst-reading characters\tother characters (toneless, {wheel.name}, pinyin_dict.json)"
    OUT.write_bytes(gzip.compress(("\n".join([header, *lines]) + "\n").encode("utf-8"), mtime=0))
    print(f"{OUT}: {len(lines)} readings of {len(readings)} characters, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
