"""A big sheet parsed in two halves gives exactly the rows and merges of the whole sheet's parse."""

from __future__ import annotations

import contextlib
import io
import struct
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool.errors import FileReadError
from regiontool.io import halves, read
from regiontool.io.read import read_book
from regiontool.io.zipcheck import check_zip

CELL = st.one_of(
    st.none(),
    st.just(""),
    st.text(alphabet="甲乙丙丁企业有限公司 ab=+-@12\n", max_size=8),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


def _xlsx(
    grid: list[list], merges: list[tuple[int, int, int, int]] = (), top: int = 0, left: int = 0
) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    wb.add_worksheet("说明").write(0, 0, "填表说明")
    ws = wb.add_worksheet("客户 & 联系")
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(top + r, left + c, value)
    for r0, c0, r1, c1 in merges:
        ws.merge_range(r0, c0, r1, c1, "合并")
    wb.close()
    return buf.getvalue()


def _whole_and_halves(data: bytes) -> tuple[list, halves.Halves | None]:
    import python_calamine as pc

    parts: dict[str, bytes] = {}
    check_zip("t.xlsx", data, 1 << 30, parts)
    name = "客户 & 联系"
    part = halves.sheet_parts(parts)[name]
    sheet = pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name)
    whole = (sheet.to_python(skip_empty_area=False), read._merges(sheet))
    return whole, halves.open_in_halves(parts, part, name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    grid=st.lists(st.lists(CELL, min_size=0, max_size=6), min_size=2, max_size=30),
    top=st.integers(0, 3),
    left=st.integers(0, 2),
)
def test_halves_give_the_whole_sheets_rows(grid, top, left):
    whole, split = _whole_and_halves(_xlsx(grid, top=top, left=left))
    if split is None:  # a half without any cell (blank rows at the cut): the whole parse is used
        return
    assert split.rows == whole[0]
    assert split.merges == whole[1]
    assert len({len(r) for r in split.rows}) == 1


def test_blank_rows_around_the_cut_and_a_wider_second_half_are_kept():
    grid = [["甲", 1]] * 10 + [[None]] * 7 + [[None, None, None, "宽"]] * 9
    whole, split = _whole_and_halves(_xlsx(grid, merges=[(3, 0, 5, 1), (20, 2, 22, 4)], top=2))
    assert split is not None
    assert split.rows == whole[0]
    assert split.merges == whole[1] == [(3, 0, 5, 1), (20, 2, 22, 4)]


def test_second_half_starting_right_of_column_a_is_put_back_in_place():
    grid = [["名", "址"]] * 6 + [[None, None, "x", 2.5]] * 6
    whole, split = _whole_and_halves(_xlsx(grid, left=1))
    assert split is not None and split.rows == whole[0]


@pytest.mark.parametrize("temporary_file", ["works", "refused"])
def test_halves_are_read_from_a_temporary_file_or_else_from_memory(monkeypatch, temporary_file):
    """Each half goes to calamine through an unnamed temporary file; with no temporary file to
    be had (a full or read-only folder) it goes from memory, and the rows are the same."""
    opened = []
    real = halves.tempfile.TemporaryFile

    def temporary(*args, **kwargs):
        if temporary_file == "refused":
            raise OSError(28, "No space left on device")
        opened.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(halves.tempfile, "TemporaryFile", temporary)
    grid = [["甲", 1, "长河镇"]] * 12 + [["乙", 2.5, None]] * 12
    whole, split = _whole_and_halves(_xlsx(grid))
    assert split is not None and split.rows == whole[0]
    assert len(opened) == (2 if temporary_file == "works" and sys.platform == "linux" else 0)


def _sheet(rows: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    return (
        f'<?xml version="1.0"?><{p}worksheet xmlns="x"><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'
    ).encode()


def test_cut_is_refused_where_the_sheet_is_written_otherwise():
    numbered = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 9))
    assert halves.cut(_sheet(numbered)) is not None
    first, second = halves.cut(_sheet(numbered))
    assert b"".join(first).count(b"<row") + b"".join(second).count(b"<row") == 8
    assert b"".join(second).startswith(b"<?xml") and b"".join(second).endswith(b"</worksheet>")
    assert halves.cut(_sheet(numbered.replace("<", "<x:").replace("<x:/", "</x:"), "x")) is None
    unnumbered = "".join(f"<row ><c><v>{i}</v></c></row>" for i in range(1, 9))
    assert halves.cut(_sheet(unnumbered)) is None
    assert halves.cut(_sheet("")) is None


def _replace_part(data: bytes, part: str, xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, xml if info.filename == part else src.read(info))
    return buf.getvalue()


def test_rows_out_of_order_are_parsed_whole():
    data = _xlsx([["a"]])
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>v{r}</t></is></c></row>' for r in (5, 6, 7, 1, 2, 3)
    )
    data = _replace_part(
        data,
        "xl/worksheets/sheet2.xml",
        _sheet(rows).replace(
            b'xmlns="x"', b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ),
    )
    whole, split = _whole_and_halves(data)
    assert split is None
    assert [r[0] for r in whole[0]] == ["v1", "v2", "v3", "", "v5", "v6", "v7"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_read_book_parses_a_big_sheet_in_halves(tmp_path: Path, monkeypatch):
    grid = [[f"企业{i}", i, None if i % 7 else "备注", f"地址{i % 13}"] for i in range(400)]
    path = _write(
        tmp_path / "c.xlsx", _xlsx([["企业名称", "序号", "备注", "地址"], *grid], merges=[(50, 2, 60, 2)])
    )
    whole = read_book(path)
    calls = []
    real = halves.open_in_halves
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    monkeypatch.setattr(halves, "open_in_halves", lambda *a: calls.append(a) or real(*a))
    split = read_book(path)
    assert calls and calls[0][2] == "客户 & 联系"
    assert [(s.name, s.rows, s.merges) for s in split.sheets] == [
        (s.name, s.rows, s.merges) for s in whole.sheets
    ]


@pytest.mark.parametrize("cores", [False, True])
def test_one_core_or_a_small_sheet_parses_whole(tmp_path: Path, monkeypatch, cores: bool):
    path = _write(tmp_path / "c.xlsx", _xlsx([["企业名称"], *[[f"企业{i}"] for i in range(50)]]))
    monkeypatch.setattr(halves, "two_cores", lambda: cores)
    monkeypatch.setattr(halves, "open_in_halves", lambda *a: pytest.fail("parsed in halves"))
    if cores:  # two cores, but a sheet under the size worth it
        assert read_book(path).sheets[1].rows[1] == ["企业0"]
    else:
        monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 10)
        assert read_book(path).sheets[1].rows[1] == ["企业0"]


def _rezip(data: bytes, method: int = zipfile.ZIP_DEFLATED, edit=lambda name, part: part) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as out:
        for info in src.infolist():
            out.writestr(info.filename, edit(info.filename, src.read(info)))
    return buf.getvalue()


def _big_contacts(tmp_path: Path, data: bytes | None = None) -> Path:
    grid = [["企业名称", "地址"], *[[f"企业{i}", f"地址{i}"] for i in range(200)]]
    return _write(tmp_path / "c.xlsx", data if data is not None else _xlsx(grid))


def _sheets(path: Path) -> list:
    return [(s.name, s.rows, s.merges) for s in read_book(path).sheets]


def test_two_sheets_reading_one_part_are_parsed_whole(tmp_path: Path, monkeypatch):
    # Both sheets of workbook.xml point at the big sheet's part: the second must not get the first
    # half only.
    rels = "xl/_rels/workbook.xml.rels"
    data = _rezip(
        _xlsx([["企业名称"], *[[f"企业{i}"] for i in range(200)]]),
        edit=lambda n, p: p.replace(b"worksheets/sheet1.xml", b"worksheets/sheet2.xml") if n == rels else p,
    )
    path = _big_contacts(tmp_path, data)
    whole = _sheets(path)
    assert len(whole[0][1]) == len(whole[1][1]) == 201
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    assert _sheets(path) == whole


def test_a_workbook_calamine_refuses_is_refused_in_halves_too(tmp_path: Path, monkeypatch):
    # LZMA-compressed parts: calamine cannot read them; rebuilt as stored workbooks it could.
    path = _big_contacts(
        tmp_path, _rezip(_xlsx([["企业名称"], *[[f"企业{i}"] for i in range(200)]]), zipfile.ZIP_LZMA)
    )
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    monkeypatch.setattr(halves, "open_in_halves", lambda *a: pytest.fail("parsed in halves"))
    with pytest.raises(FileReadError, match="corrupt or cannot be read"):
        read_book(path)


def _renamed(data: bytes, old: bytes, new: bytes, flag: bool) -> bytes:
    """The zip with entry name `old` patched to `new` (same length) in both headers, its UTF-8
    flag cleared unless `flag`."""
    out = bytearray(data.replace(old, new))
    for sig, name_at, flag_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        at = out.find(sig)
        while at >= 0:
            if out[at + name_at : at + name_at + len(new)] == new and not flag:
                (bits,) = struct.unpack_from("<H", out, at + flag_at)
                struct.pack_into("<H", out, at + flag_at, bits & ~0x800)
            at = out.find(sig, at + 4)
    return bytes(out)


def test_part_names_zipfile_reads_otherwise_than_calamine_are_parsed_whole(tmp_path: Path, monkeypatch):
    data = _xlsx([["企业名称"], *[[f"企业{i}"] for i in range(200)]])
    # 说明's part named in UTF-8 without the flag (zipfile: cp437), or with a NUL (zipfile: cut there)
    utf8 = "xl/worksheets/明.xml".encode()  # as long as xl/worksheets/sheet1.xml minus 4 bytes
    for new in (b"xl/worksheets/s" + utf8[-7:] + b"1.xml", b"xl/worksheets/sheet\x00.xml"):
        new = new.ljust(len(b"xl/worksheets/sheet1.xml"), b"_")[: len(b"xl/worksheets/sheet1.xml")]
        patched = _renamed(data, b"xl/worksheets/sheet1.xml", new, flag=False)
        assert not halves._rebuilt_as_read(patched)
    assert halves._rebuilt_as_read(data)
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    path = _big_contacts(
        tmp_path, _renamed(data, b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheet\x00.xml", False)
    )
    monkeypatch.setattr(halves, "open_in_halves", lambda *a: pytest.fail("parsed in halves"))
    with contextlib.suppress(FileReadError):  # calamine may refuse the name itself: then as without halves
        read_book(path)


def test_the_halves_are_opened_only_once_the_checks_passed(monkeypatch):
    """The zip's checks run while the halves are packed: calamine opens no half before they passed,
    and what they raise reaches the caller, the halves' files closed."""
    data = _xlsx([["企业名称", "地址"], *[[f"企业{i}", f"地址{i}"] for i in range(300)]])
    parts: dict[str, bytes] = {}
    check_zip("t.xlsx", data, 1 << 30, parts)
    name = "客户 & 联系"
    part = halves.sheet_parts(parts)[name]
    events: list[str] = []
    opened, packed = halves._opened, halves._packed
    files: list = []
    monkeypatch.setattr(halves, "_opened", lambda p: events.append("open") or opened(p))
    monkeypatch.setattr(halves, "_packed", lambda *a: files.append(packed(*a)) or files[-1])
    split = halves.open_in_halves(parts, part, name, lambda: events.append("passed"))
    assert split is not None and events == ["passed", "open", "open"]

    def refused():
        raise FileReadError("t.xlsx: refused", zh="t.xlsx：拒绝")

    files.clear()
    with pytest.raises(FileReadError, match="refused"):
        halves.open_in_halves(parts, part, name, refused)
    assert len(files) == 2 and all(getattr(f, "closed", True) for f in files)


def test_a_big_sheet_refused_by_the_checks_aside_is_never_parsed(tmp_path: Path, monkeypatch):
    from regiontool import forked
    from regiontool.io import zipcheck

    if not forked.can_fork():
        pytest.skip("no second process here")
    grid = [[f"企业{i}", i] for i in range(400)]
    path = _write(tmp_path / "c.xlsx", _xlsx([["企业名称", "序号"], *grid]))
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    monkeypatch.setattr(zipcheck, "ASIDE_MIN_BYTES", 0)
    monkeypatch.setattr(zipcheck, "CELLS_PER_MB", 0)  # every sheet over the limit
    monkeypatch.setattr(halves, "_opened", lambda p: pytest.fail("a half was opened"))
    with pytest.raises(FileReadError, match="over the limit"):
        read_book(path)


def test_a_read_stopped_while_the_halves_are_packed_leaves_no_checking_child(tmp_path: Path, monkeypatch):
    from regiontool import forked
    from regiontool.io import zipcheck

    if not forked.can_fork():
        pytest.skip("no second process here")
    made: list = []

    class Recorded(forked.Forked):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    path = _write(tmp_path / "c.xlsx", _xlsx([["企业名称", "序号"], *[[f"企业{i}", i] for i in range(400)]]))
    monkeypatch.setattr(forked, "Forked", Recorded)
    monkeypatch.setattr(halves, "MIN_SHEET_BYTES", 1000)
    monkeypatch.setattr(zipcheck, "ASIDE_MIN_BYTES", 0)

    packed = halves._packed

    def stopped(*a):
        if threading.current_thread().name == "regiontool-read-half":
            return packed(*a)  # (the second half packs; the read's own thread is stopped)
        raise KeyboardInterrupt

    monkeypatch.setattr(halves, "_packed", stopped)
    with pytest.raises(KeyboardInterrupt):
        read_book(path)
    assert len(made) == 1 and made[0]._pid is None  # the checks' child stopped and reaped


def test_the_workbook_parts_are_read_with_dtds_refused():
    """sheet_parts runs while the zip's checks may still run in their child (review r86 F2): a
    workbook.xml declaring entities is not expanded, the sheets are simply not found (and the checks
    refuse the file)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    book = f'<workbook {ns} {rel}><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>'
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    parts = {
        "xl/workbook.xml": book.encode(),
        "xl/_rels/workbook.xml.rels": rels.encode(),
        "xl/worksheets/sheet1.xml": b"<worksheet/>",
    }
    assert halves.sheet_parts(parts) == {"a": "xl/worksheets/sheet1.xml"}
    laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    parts["xl/workbook.xml"] = (laughs + book.replace('name="a"', 'name="&b;"')).encode()
    assert halves.sheet_parts(parts) == {}
