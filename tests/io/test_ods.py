""".ods sheets: the merged areas and zero-padded numbers calamine leaves out, read from content.xml
(io/ods.py), placed in the rows as calamine reads them whatever the repeated rows and cells."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool.io import ods
from regiontool.io.read import read_book

_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)


def ods_bytes(tables: list[tuple[str, str]], automatic: str = "", named: str = "") -> bytes:
    """An .ods holding `tables` (name, the XML of its rows), written as LibreOffice writes one; with
    the `automatic` styles of content.xml and the `named` styles of styles.xml."""
    body = "".join(f"<table:table table:name={quoteattr(name)}>{rows}</table:table>" for name, rows in tables)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES} office:version="1.2">'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NAMESPACES} office:version="1.2">'
        f"<office:styles>{named}</office:styles></office:document-styles>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("styles.xml", styles)
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


# --- a column formatted 000000: text throughout, as in an .xlsx (review r30 #4) ---------------


def _number_style(name: str, digits: int, decimals: int = 0, grouping: bool = False) -> str:
    group = ' number:grouping="true"' if grouping else ""
    return (
        f'<number:number-style style:name="{name}"><number:number number:decimal-places="{decimals}" '
        f'number:min-decimal-places="{decimals}" number:min-integer-digits="{digits}"{group}/>'
        "</number:number-style>"
    )


def _cell_style(name: str, data: str | None = None, parent: str | None = None) -> str:
    return (
        f'<style:style style:name="{name}" style:family="table-cell"'
        + (f' style:parent-style-name="{parent}"' if parent else "")
        + (f' style:data-style-name="{data}"' if data else "")
        + "/>"
    )


def test_every_whole_number_of_an_all_zeros_format_is_its_text_padded_or_not(tmp_path):
    """315300 through 000000 shows 315300 and 12 through 000 shows 012: both are the text shown, as
    an .xlsx reads them (review r30 #4: the .ods kept a number where no leading zero showed). A
    style named in styles.xml, or inherited from a parent style, counts; 0.000, #,##0 and a cell
    without such a style stay numbers, and a fraction keeps its value."""
    named = _number_style("N6", 6) + _number_style("N3", 3) + _cell_style("Zip", "N6")
    automatic = (
        _number_style("N9", 3, decimals=3)
        + _number_style("N8", 4, grouping=True)
        + _cell_style("ce1", parent="Zip")
        + _cell_style("ce2", "N3")
        + _cell_style("ce3", "N9")
        + _cell_style("ce4", "N8")
    )

    def number(value, shown: str, style: str | None) -> str:
        named_style = f' table:style-name="{style}"' if style else ""
        return (
            f'<table:table-cell{named_style} office:value-type="float" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    rows = [
        [number(315300, "315300", "ce1"), number(12, "012", "ce2"), number(7, "7.000", "ce3")],
        [number(10010, "010010", "ce1"), number(123, "123", "ce2"), number(1234, "1,234", "ce4")],
        [number(1.5, "000002", "ce1"), number(123, "123", None), number(-5, "-005", "ce2")],
    ]
    xml = "".join(
        '<table:table-row table:number-rows-repeated="1">' + "".join(r) + "</table:table-row>" for r in rows
    )
    path = tmp_path / "zips.ods"
    path.write_bytes(ods_bytes([("客户", xml)], automatic, named))
    assert read_book(path).sheets[0].rows == [
        ["315300", "012", 7],
        ["010010", "123", 1234],
        [1.5, 123, "-005"],
    ]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_an_ods_libreoffice_saves_reads_as_the_xlsx_it_was_saved_from(tmp_path):
    """The same sheet as .xlsx and as LibreOffice's .ods: 邮编 through 000000 and 工号 through 000
    are text in every row of both; 0000-0000 (a phone format giving back no landline's 0) and 0.000 stay
    numbers in both."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户联系表"
    ws.append(["企业名称", "邮编", "工号", "分机", "小数"])
    values = [(10010, 1, 12345678, 1.5), (315300, 12, 1234567, 2), (5, 123, 1, 0.25), (0, 7, 87654321, 3)]
    for i, row in enumerate(values):
        ws.append([f"慈溪市第{i}电器有限公司", *row])
        for col, fmt in zip(range(2, 6), ["000000", "000", "0000-0000", "0.000"], strict=True):
            ws.cell(i + 2, col).number_format = fmt
    wb.save(tmp_path / "same.xlsx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "same.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    xlsx, ods = (read_book(tmp_path / f"same.{kind}").sheets[0].rows for kind in ("xlsx", "ods"))
    assert [row[1:3] for row in ods[1:]] == [
        ["010010", "001"],
        ["315300", "012"],
        ["000005", "123"],
        ["000000", "007"],
    ]
    assert ods == xlsx


@given(st.text(alphabet="&;ltgquoapsm<>\"'x#38甲"))
def test_attribute_text_reads_entities_as_saxutils_does(text):
    """ods._text stands in for xml.sax.saxutils.unescape (which loads urllib, http and email)."""
    from xml.sax.saxutils import unescape

    assert ods._text(text.encode()) == unescape(text, {"&quot;": '"', "&apos;": "'"})
