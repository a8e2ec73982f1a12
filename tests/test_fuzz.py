"""Hypothesis feeds random bytes, random CSV and random cell values to the readers and
normalisers: the only exceptions allowed are RegiontoolError subclasses (a one-line message
in the CLI), and every data row is either imported or reported."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool import normalize
from regiontool.errors import RegiontoolError
from regiontool.io.layout import detect_layout
from regiontool.io.read import RawBook, RawSheet, read_book
from regiontool.records import build_records

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = [
    "企业名称",
    "公司名称",
    "地址",
    "联系人",
    "电话",
    "手机",
    "客户分类",
    "是否关键联系人",
    "员工人数",
    "备注",
    "",
]
# Text that looks like what contact sheets hold, plus anything at all.
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "A",
            "f1",
            "Ｆ１",
            "我方用户",
            "是",
            "×",
            "138 1234 5678",
            "#N/A",
            "=1+1",
            "慈溪市华峰电器厂",
        ]
    ),
    st.text(alphabet="企业有限公司电器五金厂镇村路号 ,\"'\n\r\t;|=+-@", max_size=20),
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),  # what the readers can produce (i64)
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
)


def _read(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        return read_book(path, max_size=64 * 1024 * 1024)


def _check_accounting(book: RawBook) -> None:
    """detect_layout + build_records: a RegiontoolError, or every row imported or reported."""
    try:
        layout = detect_layout(book)
        records = build_records(book, layout)
    except RegiontoolError:
        return
    data_rows = len(layout.sheet.rows) - layout.header_row - 1
    assert records.rows_read + records.blank_rows == data_rows
    contacts = sum(len(f.contacts) for f in records.firms.values())
    assert contacts + records.rejected == records.rows_read
    rejected_rows = [p.row for p in records.problems if p.code == "no-company"]
    assert len(rejected_rows) == records.rejected
    merged = records.rows_read - records.rejected - len(records.firms)
    assert merged >= 0


@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".xls", ".ods", ".csv", ".txt"]))
def test_random_bytes(data: bytes, suffix: str):
    try:
        book = _read(data, suffix)
    except RegiontoolError:
        return
    _check_accounting(book)


MAGIC = st.sampled_from(
    [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><table>"]
)


@FAST
@given(head=MAGIC, data=st.binary(max_size=2048))
def test_random_bytes_behind_a_format_signature(head: bytes, data: bytes):
    with contextlib.suppress(RegiontoolError):
        _read(head + data, ".xlsx")


@FAST
@given(data=st.binary(max_size=512), cut=st.integers(min_value=0, max_value=4000))
def test_damaged_real_workbooks(data: bytes, cut: int):
    import make_bad_inputs as bad

    good = bad.good_xlsx()
    cut = min(cut, len(good))
    try:
        book = _read(good[:cut] + data + good[cut + len(data) :], ".xlsx")
    except RegiontoolError:
        return
    _check_accounting(book)


@FAST
@given(
    rows=st.lists(st.lists(TEXT, min_size=1, max_size=6), max_size=25),
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_random_csv(rows, header, encoding, delimiter):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(
        [header, *rows]
    )
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        book = _read(data, ".csv")
    except RegiontoolError:
        return
    _check_accounting(book)


@FAST
@given(
    header=st.lists(st.one_of(st.sampled_from(HEADERS), CELL), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL, max_size=10), max_size=30),
    title=st.booleans(),
)
def test_random_cell_values(header, rows, title):
    sheet_rows = ([["客户联系表"]] if title else []) + [header, *rows]
    book = RawBook(Path("fuzz.xlsx"), "xlsx", [RawSheet("客户联系表", sheet_rows)])
    _check_accounting(book)


@pytest.mark.parametrize(
    "func",
    [
        normalize.normalize_phone,
        normalize.normalize_tier,
        normalize.normalize_yes_no,
        normalize.normalize_size,
        normalize.cell_text,
        normalize.parse_date,  # review r56 §3: float('inf') raised OverflowError
    ],
    ids=lambda f: f.__name__,
)
@FAST
@given(value=CELL)
def test_normalisers_take_any_cell(func, value):
    func(value)


@FAST
@given(texts=st.lists(TEXT, max_size=20))
def test_text_normalisers_agree_with_their_batch_forms(texts):
    folded = normalize.fold_many(texts)
    assert folded == [normalize.fold(t) for t in texts]
    keys = normalize.text_keys(texts)
    assert len(keys) == len(texts)
    for t in texts:
        normalize.header_key(t)
        normalize.company_stem(normalize.text_key(t), ["宁波", "慈溪"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(TEXT, min_size=3, max_size=3), min_size=1, max_size=15))
def test_a_whole_import_accounts_for_every_row(rows):
    from regiontool import importer
    from regiontool.store import Workspace

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["企业名称", "地址", "客户分类"], *rows])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        try:
            prepared = importer.prepare_import(path)
        except RegiontoolError:
            return
        with Workspace.open(Path(tmp) / "ws.db", create=True) as ws:
            r = importer.run_import(ws, prepared)
            assert r.rows_read == r.companies + r.merged + r.rejected
            assert ws.counts()["contacts"] == r.contacts == r.rows_read - r.rejected
            stored = ws.db.execute("SELECT COUNT(*) FROM problems WHERE code = 'no-company'").fetchone()[0]
            # Rejected rows are stored as problems, even when nothing at all was accepted.
            assert stored == r.rejected
            assert r.nothing_changed == (r.rejected == r.rows_read)


def test_float_specials_are_blank_text():
    assert normalize.cell_text(math.nan) == ""
    assert normalize.cell_text(math.inf) == "inf"
