""".ods sheets: the merged areas and zero-padded numbers calamine leaves out, read from content.xml
(io/ods.py), placed in the rows as calamine reads them whatever the repeated rows and cells."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool.io.read import read_book

_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_bytes(tables: list[tuple[str, str]]) -> bytes:
    """An .ods holding `tables` (name, the XML of its rows), written as LibreOffice writes one."""
    body = "".join(f"<table:table table:name={quoteattr(name)}>{rows}</table:table>" for name, rows in tables)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
    return buf.getvalue()


def _spans(down: int, across: int) -> str:
    if (down, across) == (1, 1):
        return ""
    return f' table:number-rows-spanned="{down}" table:number-columns-spanned="{across}"'


_SPANS = st.sampled_from([(1, 1), (1, 1), (2, 1), (3, 1), (1, 2), (2, 2)])
_CELL = st.one_of(
    st.tuples(st.just("empty"), st.integers(1, 3)),
    st.tuples(st.just("covered"), st.just(1)),
    st.tuples(st.just("text"), st.sampled_from(["慈溪市甲电器厂", "007", "0574-63012345", "a&b"]), _SPANS),
    # a whole number, shown padded to `width` digits when width is more than its own
    st.tuples(st.just("number"), st.integers(-999, 99_999), st.integers(0, 7), _SPANS),
    st.tuples(st.just("fraction"), st.sampled_from([12.5, 0.25, -3.75]), _SPANS),
)
_ROW = st.one_of(
    st.tuples(st.just("blank"), st.integers(1, 4)),
    st.tuples(st.just("data"), st.lists(_CELL, min_size=1, max_size=6), st.integers(1, 2)),
)


def _table(rows: list) -> tuple[str, dict, list]:
    """The XML of `rows`, the cells a reader must give ((row, column) → value) and the merges."""
    xml, cells, merges = [], {}, []
    r = 0
    for row in rows:
        if row[0] == "blank":
            xml.append(
                f'<table:table-row table:number-rows-repeated="{row[1]}">'
                '<table:table-cell table:number-columns-repeated="3"/></table:table-row>'
            )
            r += row[1]
            continue
        _, items, repeat = row
        parts, placed, c = [], [], 0
        for item in items:
            kind = item[0]
            if kind == "empty":
                count = item[1]
                parts.append(
                    f'<table:table-cell table:number-columns-repeated="{count}"/>'
                    if count > 1
                    else "<table:table-cell/>"
                )
                c += count
                continue
            if kind == "covered":
                parts.append("<table:covered-table-cell/>")
                c += 1
                continue
            spans = item[-1]
            if kind == "text":
                value = shown = item[1]
                attrs = 'office:value-type="string"'
            else:
                value = item[1]
                attrs = f'office:value-type="float" office:value="{value}"'
                shown = str(value)
                if kind == "number" and item[2] > len(str(abs(value))):
                    shown = ("-" if value < 0 else "") + str(abs(value)).zfill(item[2])
                    value = shown
                elif kind == "fraction":
                    shown = str(round(value)).zfill(3)  # a 000 format shows the fraction rounded
            parts.append(
                f"<table:table-cell {attrs}{_spans(*spans)}>"
                f"<text:p>{escape(shown)}</text:p></table:table-cell>"
            )
            placed.append((c, value, spans))
            c += 1
        repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
        xml.append(f"<table:table-row{repeated}>" + "".join(parts) + "</table:table-row>")
        for k in range(repeat):
            for col, value, (down, across) in placed:
                cells[r + k, col] = value
                if (down, across) != (1, 1):
                    merges.append((r + k, col, r + k + down - 1, col + across - 1))
        r += repeat
    return "".join(xml), cells, merges


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(_ROW, max_size=4), second=st.lists(_ROW, min_size=1, max_size=10))
def test_merges_and_padded_numbers_are_placed_as_calamine_reads_the_cells(tmp_path_factory, first, second):
    """Review r26 #2 and #4: whatever the rows and cells repeated before them, each merged area and
    each whole number shown with leading zeros is found in the cell calamine reads it in, in its
    own sheet (the first sheet's name needs unescaping)."""
    tables = [("说明 & 备注", first), ("客户", second)]
    written = [_table(rows) for _, rows in tables]
    path = tmp_path_factory.mktemp("ods") / "t.ods"
    path.write_bytes(ods_bytes([(name, xml) for (name, _), (xml, _, _) in zip(tables, written, strict=True)]))
    book = read_book(path)
    assert [s.name for s in book.sheets] == [name for name, _ in tables]
    for sheet, (_, cells, merges) in zip(book.sheets, written, strict=True):
        assert sorted(sheet.merges) == sorted(merges)
        got = {(r, c): sheet.rows[r][c] for r, c in cells}
        assert got == cells
        assert all(type(got[k]) is type(v) for k, v in cells.items() if isinstance(v, str))


def _merged_contacts_ods(path: Path) -> Path:
    """企业名称, 地址 and 客户分类 merged down over a firm's two contacts, as LibreOffice writes it."""

    def cell(text: str, down: int = 1) -> str:
        return (
            f'<table:table-cell office:value-type="string"{_spans(down, 1)}>'
            f"<text:p>{escape(text)}</text:p></table:table-cell>"
        )

    covered = '<table:covered-table-cell table:number-columns-repeated="3"/>'
    rows = [
        cell("2026年客户联系表").replace(">", ' table:number-columns-spanned="5">', 1)
        + '<table:covered-table-cell table:number-columns-repeated="4"/>',
        "<table:table-cell/>",
        "".join(cell(h) for h in ["企业名称", "地址", "客户分类", "联系人", "手机"]),
        cell("慈溪市华峰电器有限公司", 2)
        + cell("慈溪市龙山镇镇东路1号", 2)
        + cell("A", 2)
        + cell("赵敏")
        + cell("13800000001"),
        covered + cell("钱强") + cell("13800000002"),
        cell("宁波宏达五金厂")
        + cell("慈溪市周巷镇环城北路5号")
        + cell("B")
        + cell("孙丽")
        + cell("13800000003"),
    ]
    xml = "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
    path.write_bytes(ods_bytes([("客户联系表", xml)]))
    return path


def test_contacts_under_a_merged_company_in_an_ods_are_imported(cli, tmp_path):
    """Review r26 #2: the contact under a company merged down over two rows belongs to that company
    (it was rejected as 缺少企业名称), with its merged 地址 and 客户分类."""
    result = cli("import", _merged_contacts_ods(tmp_path / "contacts.ods"), "--json")
    assert result.exit_code == 0, result.output
    acc = json.loads(result.stdout)
    assert (acc["rows_read"], acc["companies"], acc["merged"], acc["rejected"], acc["contacts"]) == (
        3,
        2,
        1,
        0,
        3,
    )
    out = tmp_path / "out.csv"
    assert cli("export", out).exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["联系人"], r["企业名称"], r["地址"], r["客户分类"]) for r in rows] == [
        ("赵敏", "慈溪市华峰电器有限公司", "慈溪市龙山镇镇东路1号", "A"),
        ("钱强", "慈溪市华峰电器有限公司", "慈溪市龙山镇镇东路1号", "A"),
        ("孙丽", "宁波宏达五金厂", "慈溪市周巷镇环城北路5号", "B"),
    ]
    assert cli("problems", "-f", "csv").stdout.strip().count("\n") == 0
