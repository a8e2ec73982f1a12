"""Build src/regiontool/data/gazetteer.tsv.gz from the location dictionary shipped in jionlp.

jionlp (Apache-2.0, https://github.com/dongrixinyu/JioNLP) ships
`dictionary/china_location.zip`: China's province / city / county / township / village
tree with the statistical division codes of the National Bureau of Statistics
(统计用区划代码和城乡划分代码). We keep four levels (no villages) so the package stays small.

Usage: python tools/build_gazetteer.py path/to/jionlp-1.5.31-py2.py3-none-any.whl
(download the wheel once with `pip download --no-deps jionlp==1.5.31`).
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "regiontool" / "data" / "gazetteer.tsv.gz"


def read_location_text(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as whl:
        inner = whl.read("jionlp/dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as zf:
        return zf.read("china_location.txt").decode("utf-8")


def build(text: str) -> list[str]:
    """One line per county: province, city, county, code, short name, towns joined by '|'."""
    out: list[str] = []
    province = city = None
    county: list | None = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if not parts[0]:
            continue
        if depth == 0:
            province = parts[0]
        elif depth == 1:
            city = parts[0]
        elif depth == 2:
            if county:
                out.append(_line(county))
            code = parts[1] if len(parts) > 1 else ""
            alias = parts[2] if len(parts) > 2 else parts[0]
            county = [province, city, parts[0], code, alias, []]
        elif depth == 3 and county is not None:
            county[5].append(parts[0])
    if county:
        out.append(_line(county))
    return out


def _line(c: list) -> str:
    return "\t".join([*c[:5], "|".join(c[5])])


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    lines = build(read_location_text(Path(argv[0])))
    header = "# province\tcity\tcounty\tcode\tshort\ttowns (jionlp 1.5.31 china_location, NBS division codes)"
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(header + "\n" + "\n".join(lines) + "\n")
    towns = sum(line.count("|") + 1 for line in lines)
    print(f"{OUT}: {len(lines):,} counties, {towns:,} townships, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
