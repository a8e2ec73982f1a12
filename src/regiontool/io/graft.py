"""Put big sheets written by the table writer (io/xlsx.py) into a workbook xlsxwriter made (charts and all).

xlsxwriter writes the small formatted sheets with native charts but needs ~30 s for a
100,000-row table; the column-wise table writer needs ~1.5 s but has no charts. A
report needs both in one file, so each is written by the writer that is good at it and
the big sheets' XML replaces placeholder sheets of the xlsxwriter package:

* styles: the table book's cell formats come first (its huge sheets keep their indices);
  the xlsxwriter book's formats follow, and its small sheets are renumbered;
* each grafted sheet keeps the table writer's print set-up (landscape, as many pages wide as its
  columns need; the repeated header row and key columns are a defined name xlsxwriter wrote for
  the placeholder) and fit to pages, loses the table book's tab selection, and can become an
  Excel Table;
* the big parts are streamed chunk by chunk, never held whole.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .xlsx import table_xml
from .zipstream import ZipWriter

_SECTIONS = ("numFmts", "fonts", "fills", "borders", "cellXfs")
_ITEMS = {
    "numFmts": re.compile(r"<numFmt\b[^>]*/>"),
    "fonts": re.compile(r"<font/>|<font>.*?</font>", re.S),
    "fills": re.compile(r"<fill/>|<fill>.*?</fill>", re.S),
    "borders": re.compile(r"<border/>|<border\b[^/]*?>.*?</border>|<border\b[^>]*/>", re.S),
    "cellXfs": re.compile(r"<xf\b[^>]*/>|<xf\b[^>]*[^/]>.*?</xf>", re.S),
}
_CELL_STYLE = re.compile(r'(<c r="[A-Z]+[0-9]+" s=")(\d+)(")')
_ROW_STYLE = re.compile(r'(<row [^>]*?\bs=")(\d+)(")')
_COL_STYLE = re.compile(r'(<col [^>]*?\bstyle=")(\d+)(")')
_TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"


@dataclass
class Graft:
    target_sheet: int  # 1-based number of the placeholder sheet in the xlsxwriter book
    source_sheet: int  # 1-based number of the sheet in the table book
    table: str | None = None  # make the sheet an Excel Table with this name
    n_rows: int = 0  # data rows, header excluded


def _section(xml: str, name: str) -> list[str]:
    m = re.search(rf"<{name}\b[^>]*?(?:/>|>(.*?)</{name}>)", xml, re.S)
    return _ITEMS[name].findall(m.group(1) or "") if m else []


def _set_section(xml: str, name: str, items: list[str]) -> str:
    block = f'<{name} count="{len(items)}">{"".join(items)}</{name}>' if items else ""
    pattern = re.compile(rf"<{name}\b[^>]*?(?:/>|>.*?</{name}>)", re.S)
    if pattern.search(xml):
        return pattern.sub(lambda _m: block, xml, count=1)
    return xml.replace("<fonts", block + "<fonts", 1)  # numFmts come first


def merge_styles(table: str, small: str) -> tuple[str, int]:
    """The merged styles.xml (the table book's formats first) and the offset of the small book's xfs."""
    r = {n: _section(table, n) for n in _SECTIONS}
    s = {n: _section(small, n) for n in _SECTIONS}
    table_ids = [int(x) for x in re.findall(r'numFmtId="(\d+)"', "".join(r["numFmts"]))]
    fmt_shift = max([163, *table_ids]) - 163

    def shift_fmt(m: re.Match) -> str:
        n = int(m.group(1))
        return f'numFmtId="{n + fmt_shift if n >= 164 else n}"'

    def shift(attr: str, by: int):
        return lambda m: f'{attr}="{int(m.group(1)) + by}"'

    small_xfs = []
    for xf in s["cellXfs"]:
        xf = re.sub(r'numFmtId="(\d+)"', shift_fmt, xf)
        xf = re.sub(r'fontId="(\d+)"', shift("fontId", len(r["fonts"])), xf)
        xf = re.sub(r'fillId="(\d+)"', shift("fillId", len(r["fills"])), xf)
        xf = re.sub(r'borderId="(\d+)"', shift("borderId", len(r["borders"])), xf)
        small_xfs.append(xf)
    merged = {
        "numFmts": r["numFmts"] + [re.sub(r'numFmtId="(\d+)"', shift_fmt, f) for f in s["numFmts"]],
        "fonts": r["fonts"] + s["fonts"],
        "fills": r["fills"] + s["fills"],
        "borders": r["borders"] + s["borders"],
        "cellXfs": r["cellXfs"] + small_xfs,
    }
    out = small
    for name in _SECTIONS:
        out = _set_section(out, name, merged[name])
    return out, len(r["cellXfs"])


def renumber_styles(sheet_xml: str, offset: int) -> str:
    """A small sheet's style indices moved past the table book's formats."""
    bump = lambda m: f"{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}"  # noqa: E731
    if offset == 0:
        return sheet_xml
    sheet_xml = _CELL_STYLE.sub(bump, sheet_xml)
    sheet_xml = _ROW_STYLE.sub(bump, sheet_xml)
    return _COL_STYLE.sub(bump, sheet_xml)


def _stream_sheet(src: zipfile.ZipFile, part: str, dst: ZipWriter, name: str, graft: Graft, chunk=1 << 22):
    """Copy a table-book sheet part with a new head (no tab selection) and tail (its Table).

    Edits are made on bytes: a chunk boundary may fall inside a multi-byte character."""
    head_done = False
    tail = b""
    keep = 4096
    with src.open(part) as fin, dst.open(name, zip64=src.getinfo(part).file_size > 3 * 2**30) as write:
        while block := fin.read(chunk):
            data = tail + block
            if not head_done:
                data = data.replace(b' tabSelected="1"', b"", 1)
                head_done = True
            write(data[:-keep])
            tail = data[-keep:]
        if graft.table:
            tail = re.sub(rb"<autoFilter\b[^>]*/>", b"", tail, count=1)
            tail = tail.replace(
                b"</worksheet>",
                f'<tableParts count="1"><tablePart r:id="rIdGraft{graft.target_sheet}"/></tableParts>'
                "</worksheet>".encode(),
            )
        write(tail)


def graft_sheets(
    small: Path, table: Path, out: Path, grafts: list[Graft], headers: dict[int, list[str]]
) -> None:
    """Write `out`: the xlsxwriter book `small` with its placeholder sheets replaced by the table
    book's sheets. `headers` gives each tabled graft's column names (target sheet → names)."""
    with zipfile.ZipFile(small) as a, zipfile.ZipFile(table) as b, open(out, "wb") as raw:
        dst = ZipWriter(raw)
        styles, offset = merge_styles(
            b.read("xl/styles.xml").decode("utf-8"), a.read("xl/styles.xml").decode("utf-8")
        )
        by_target = {g.target_sheet: g for g in grafts}
        tabled = [g for g in grafts if g.table]
        overrides = "".join(
            f'<Override PartName="/xl/tables/graft{i}.xml" ContentType="{_TABLE_TYPE}"/>'
            for i in range(1, len(tabled) + 1)
        )
        types = a.read("[Content_Types].xml").decode("utf-8")
        dst.writestr("[Content_Types].xml", types.replace("</Types>", overrides + "</Types>"))
        for info in a.infolist():
            name = info.filename
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
            if name == "[Content_Types].xml":
                continue
            if name == "xl/styles.xml":
                dst.writestr(name, styles)
            elif m and int(m.group(1)) in by_target:
                graft = by_target[int(m.group(1))]
                _stream_sheet(b, f"xl/worksheets/sheet{graft.source_sheet}.xml", dst, name, graft)
            elif m:
                dst.writestr(name, renumber_styles(a.read(name).decode("utf-8"), offset))
            else:
                dst.writestr(name, a.read(name))
        for table_id, graft in enumerate(tabled, start=1):
            n = graft.target_sheet
            rels = f"xl/worksheets/_rels/sheet{n}.xml.rels"
            if rels in a.namelist():
                raise ValueError(f"placeholder sheet {n} has relationships; it must be empty")
            dst.writestr(
                f"xl/tables/graft{table_id}.xml",
                table_xml(graft.table, headers[n], graft.n_rows, 1000 + table_id),
            )
            rel = (
                f'<Relationship Id="rIdGraft{n}" Type="{_TABLE_REL}" Target="../tables/graft{table_id}.xml"/>'
            )
            dst.writestr(
                rels,
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>',
            )
        dst.close()
