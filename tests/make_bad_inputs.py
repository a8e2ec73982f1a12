"""Write the corpus of hostile and broken inputs into tests/data/bad/ (issue 10).

    python tests/make_bad_inputs.py            # rewrite tests/data/bad/
    python tests/make_bad_inputs.py OUT_DIR    # anywhere else

Every file is small and committed; the big ones (a zip bomb that inflates to 3 GB,
a sheet of a million styled empty rows) are written by `write_big(name, folder)` at
test time. tests/test_bad_corpus.py runs each through `regiontool import`.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
BAD = HERE / "data" / "bad"

HEADER = ["企业名称", "地址", "联系人", "电话", "客户分类"]
ROWS = [
    ["慈溪市华峰电器有限公司", "浙江省宁波市慈溪市长河镇垫桥村118号", "张伟", "13812345678", "A"],
    ["宁波宏达五金厂", "周巷镇环城北路5号", "赵敏", "13700000001", "V"],
    ["慈溪市永光五金工具有限公司", "观海卫镇", "周杰", "13500000003", "F1"],
]


def _csv_text(header=HEADER, rows=ROWS, newline: str = "\n", quoting: int = csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline, quoting=quoting).writerows([header, *rows])
    return buf.getvalue()


# --- a minimal xlsx written part by part: exact control over the XML ------------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="客户联系表" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def _col(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(ref: str, value) -> str:
    """A cell: str → inline string, number → number, ('f', formula, cached) → formula, ('e', '#N/A')."""
    if isinstance(value, tuple) and value[0] == "f":
        _, formula, cached = value
        kind = ' t="str"' if isinstance(cached, str) else ""
        return f'<c r="{ref}"{kind}><f>{_esc(formula)}</f><v>{_esc(str(cached))}</v></c>'
    if isinstance(value, tuple) and value[0] == "e":
        return f'<c r="{ref}" t="e"><v>{value[1]}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_esc(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows_xml(rows: list[list], first: int = 1) -> str:
    out = []
    for i, row in enumerate(rows, start=first):
        cells = "".join(cell(f"{_col(j)}{i}", v) for j, v in enumerate(row) if v is not None)
        out.append(f'<row r="{i}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, dimension: str = "A1", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


def raw_xlsx(sheet: str, shared_strings: str | None = None) -> bytes:
    sst = shared_strings or f'<sst xmlns="{_NS}" count="0" uniqueCount="0"/>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (
            ("[Content_Types].xml", _CT),
            ("_rels/.rels", _RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", sst),
        ):
            zf.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def good_xlsx() -> bytes:
    return raw_xlsx(sheet_xml(rows_xml([HEADER, *ROWS]), f"A1:E{len(ROWS) + 1}"))


# --- the cases: file name → bytes ------------------------------------------------------


def zero_bytes() -> bytes:
    return b""


def empty_workbook() -> bytes:
    return raw_xlsx(sheet_xml(""))


def headers_only() -> bytes:
    return raw_xlsx(sheet_xml(rows_xml([HEADER])))


def title_rows_only() -> bytes:
    return raw_xlsx(sheet_xml(rows_xml([["2026年客户联系表"], ["制表：王海波"], [None], ["（内部资料）"]])))


def encrypted() -> bytes:
    """A real password-protected workbook (password 'secret'): an OLE/CFB container."""
    import msoffcrypto.format.ooxml as ooxml

    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(good_xlsx())).encrypt("secret", out)
    return out.getvalue()


def truncated() -> bytes:
    data = good_xlsx()
    return data[: len(data) * 2 // 3]


def corrupt_zip() -> bytes:
    """The sheet part's compressed bytes damaged: the zip directory is intact, the CRC is not."""
    data = bytearray(good_xlsx())
    at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
    for k in range(at, at + 16):
        data[k] ^= 0x5A
    return bytes(data)


def xls_named_xlsx() -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("客户联系表")
    for i, row in enumerate([HEADER, *ROWS]):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_named_xlsx() -> bytes:
    return _csv_text().encode("gb18030")


def html_named_xls() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in [HEADER, *ROWS])
    return f'<html><meta charset="utf-8"><body><table border="1">{cells}</table></body></html>'.encode()


def lying_sizes() -> bytes:
    """A part that declares 1 KB but inflates to 16 MB (sizes patched in both headers)."""
    body = b"<row/>" * (16 * 1024 * 1024 // 6)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in (("[Content_Types].xml", _CT), ("xl/workbook.xml", _WORKBOOK)):
            zf.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 0, 0, 0)), part, zipfile.ZIP_DEFLATED)
        zf.writestr(
            zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 3, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED
        )
    data = bytearray(buf.getvalue())
    real = len(body).to_bytes(4, "little")
    fake = (1024).to_bytes(4, "little")
    count = 0
    start = 0
    while (at := data.find(real, start)) != -1:
        data[at : at + 4] = fake
        start, count = at + 4, count + 1
    assert count == 2, count  # local header and central directory
    return bytes(data)


_LOL = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def billion_laughs() -> bytes:
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?>{_LOL}<sst xmlns="{_NS}" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    )
    body = rows_xml([HEADER]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return raw_xlsx(sheet_xml(body, "A1:E2"), sst)


def xxe() -> bytes:
    prolog = '<!DOCTYPE ws [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = rows_xml([HEADER]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return raw_xlsx(sheet_xml(body, "A1:E2", prolog))


def million_columns_declared() -> bytes:
    """The sheet says it spans A1:XFD1048576 (a million rows and 16,384 columns); it holds 4 rows."""
    return raw_xlsx(sheet_xml(rows_xml([HEADER, *ROWS]), "A1:XFD1048576"))


def stray_far_cell() -> bytes:
    """One cell at XFD1048576: the reader would allocate 17 billion cells."""
    far = '<row r="1048576">' + cell("XFD1048576", "x") + "</row>"
    return raw_xlsx(sheet_xml(rows_xml([HEADER, *ROWS]) + far, "A1:XFD1048576"))


def million_empty_rows_ods() -> bytes:
    """An OpenDocument sheet whose rows repeat a million times (empty), then one more firm."""
    t = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

    def row(values):
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{_esc(v)}</text:p></table:table-cell>'
            for v in values
        )
        return f"<table:table-row>{cells}</table:table-row>"

    body = (
        "".join(row(r) for r in [HEADER, *ROWS]) + '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        + row(["余姚新光电器厂", "", "吴刚", "13900000009", "B"])
        + '<table:table-row table:number-rows-repeated="48571">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{t}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="客户联系表">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype", (2026, 3, 1, 0, 0, 0)),
            "application/vnd.oasis.opendocument.spreadsheet",
            zipfile.ZIP_STORED,
        )
        zf.writestr(zipfile.ZipInfo("content.xml", (2026, 3, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("META-INF/manifest.xml", (2026, 3, 1, 0, 0, 0)), _MANIFEST)
    return buf.getvalue()


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def csv_nul_bytes() -> bytes:
    return _csv_text().replace("张伟", "张\x00伟").replace("周杰", "周杰\x00\x00").encode()


def csv_mixed_line_endings() -> bytes:
    text = _csv_text(newline="\n")
    lines = text.split("\n")
    return (lines[0] + "\r\n" + lines[1] + "\r" + lines[2] + "\n" + lines[3] + "\r\n").encode()


def csv_unbalanced_quote() -> bytes:
    return _csv_text().replace("周巷镇环城北路5号", '"周巷镇环城北路5号').encode()


def csv_big5() -> bytes:
    """Traditional Chinese saved as Big5 (Taiwan, Hong Kong): read as Big5."""
    header = ["企業名稱", "地址", "聯繫人", "電話", "客戶分類"]
    rows = [["寧波宏達五金廠", "周巷鎮環城北路5號", "趙敏", "13700000001", "V"]] + [
        ["慈溪市華峰電器有限公司", "慈溪市長河鎮墊橋村118號", "張偉", "13812345678", "A"]
    ]
    return _csv_text(header, rows).encode("big5")


def csv_shift_jis() -> bytes:
    """Japanese Shift-JIS: neither UTF-8 nor Chinese; decoding as GB18030 gives mojibake."""
    return "会社名,住所,担当者\n株式会社山田製作所,東京都大田区蒲田,山田太郎\n".encode("shift_jis")


def csv_mojibake() -> bytes:
    """UTF-8 text once decoded as GBK and saved again as UTF-8: 浼佷笟鍚嶇О …"""
    return _csv_text().encode("utf-8").decode("gbk", errors="replace").encode("utf-8")


def odd_headers() -> bytes:
    """Duplicate (电话 twice), blank (D), number (E: 2026) and date (G: a date-formatted serial) headers."""
    hdr = (
        cell("A1", "企业名称")
        + cell("B1", "电话")
        + cell("C1", "电话")
        + cell("E1", 2026)
        + cell("F1", "地址")
        + '<c r="G1" s="1"><v>46082</v></c>'
    )
    body = rows_xml([[r[0], r[3], "0574-63012345", "无表头的列", 150, r[1], "x"] for r in ROWS], first=2)
    return _with_date_style(raw_xlsx(sheet_xml(f'<row r="1">{hdr}</row>' + body, "A1:G4")))


def _with_date_style(data: bytes) -> bytes:
    """Add a styles part whose style 1 is a date format, so G1 reads as a date."""
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_NS}">'
        '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/>'
        '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    rels = _WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>',
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            text = rels if info.filename == "xl/_rels/workbook.xml.rels" else src.read(info)
            zf.writestr(info, text, zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("xl/styles.xml", (2026, 3, 1, 0, 0, 0)), styles, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


LONG_NOTE = "很长的备注" * 8000  # 40,000 characters, over Excel's 32,767


def long_cell() -> bytes:
    header = [*HEADER, "备注"]
    rows = [[*ROWS[0], LONG_NOTE], [*ROWS[1], "短备注"]]
    return raw_xlsx(sheet_xml(rows_xml([header, *rows]), "A1:F3"))


def formulas_and_errors() -> bytes:
    """Formulas with cached values (the values are used), error cells (#N/A, #DIV/0!) read as blank."""
    header = [*HEADER, "员工人数"]
    rows = [
        [("f", 'CONCATENATE("宁波","宏达五金厂")', "宁波宏达五金厂"), *ROWS[1][1:], ("f", "100+20", 120)],
        [("e", "#N/A"), "新浦镇", "孙丽", "13600000002", "C", 30],
        [*ROWS[0], ("e", "#DIV/0!")],
    ]
    return raw_xlsx(sheet_xml(rows_xml([header, *rows]), "A1:F4"))


def formula_injection_csv() -> bytes:
    """Text that a spreadsheet would run as a formula, with and without a tab/CR in front."""
    rows = [
        ['=HYPERLINK("http://evil.example","点我")', "长河镇", "张伟", "13812345678", "A"],
        ["宁波宏达五金厂", "+cmd|' /C calc'!A0", "赵敏", "13700000001", "V"],
        ["慈溪市永光五金工具有限公司", "-2+3", "@SUM(A1)", "13500000003", "F1"],
        ["余姚新光电器厂", "\t=1+1", "\r=2+2", "13900000009", "B"],
    ]
    return _csv_text(HEADER, rows, quoting=csv.QUOTE_ALL).encode()  # quoted: a bare \r ends a row


CASES: dict[str, Callable[[], bytes]] = {
    "zero_bytes.xlsx": zero_bytes,
    "empty_workbook.xlsx": empty_workbook,
    "headers_only.xlsx": headers_only,
    "title_rows_only.xlsx": title_rows_only,
    "encrypted.xlsx": encrypted,
    "truncated.xlsx": truncated,
    "corrupt_zip.xlsx": corrupt_zip,
    "xls_named_xlsx.xlsx": xls_named_xlsx,
    "csv_named_xlsx.xlsx": csv_named_xlsx,
    "html_named_xls.xls": html_named_xls,
    "lying_sizes.xlsx": lying_sizes,
    "billion_laughs.xlsx": billion_laughs,
    "xxe.xlsx": xxe,
    "million_columns_declared.xlsx": million_columns_declared,
    "stray_far_cell.xlsx": stray_far_cell,
    "million_empty_rows.ods": million_empty_rows_ods,
    "csv_nul_bytes.csv": csv_nul_bytes,
    "csv_mixed_line_endings.csv": csv_mixed_line_endings,
    "csv_unbalanced_quote.csv": csv_unbalanced_quote,
    "csv_big5.csv": csv_big5,
    "csv_shift_jis.csv": csv_shift_jis,
    "csv_mojibake.csv": csv_mojibake,
    "odd_headers.xlsx": odd_headers,
    "long_cell.xlsx": long_cell,
    "formulas_and_errors.xlsx": formulas_and_errors,
    "formula_injection.csv": formula_injection_csv,
}


# --- big files: written at test time, never committed ---------------------------------


def zip_bomb(path: Path, parts: int = 12, part_mb: int = 256) -> Path:
    """A .xlsx of a few MB whose parts declare (and would inflate to) parts × part_mb MB."""
    size = part_mb * 1024 * 1024
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"\0" * (1024 * 1024)
    body = b"".join(comp.compress(block) for _ in range(part_mb)) + comp.flush()
    crc = 0
    for _ in range(part_mb):
        crc = zlib.crc32(block, crc)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        for k in range(parts):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{k + 1}.xml", (2026, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size, info.compress_size, info.CRC = size, len(body), crc
            # Write the precompressed stream as it is: header, then the raw deflate bytes.
            zf.fp.seek(zf.start_dir)
            info.header_offset = zf.start_dir
            info.flag_bits = 0
            zf.fp.write(info.FileHeader(zip64=False))
            zf.fp.write(body)
            zf.start_dir = zf.fp.tell()
            zf.filelist.append(info)
            zf.NameToInfo[info.filename] = info
            zf._didModify = True
    return path


def million_empty_rows_xlsx(path: Path, rows: int = 1_048_000) -> Path:
    """Four rows of data, then a million formatted empty rows (what 'format whole sheet' leaves)."""
    body = rows_xml([HEADER, *ROWS]) + "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>' for r in range(6, rows + 6)
    )
    path.write_bytes(raw_xlsx(sheet_xml(body, f"A1:E{rows + 5}")))
    return path


def write_all(folder: Path = BAD) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in CASES.items():
        path = folder / name
        if name == "encrypted.xlsx" and path.exists():
            continue  # encryption salts at random: keep the committed file unless it is missing
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else BAD):
        print(f"{p.stat().st_size:>9,}  {p}")
