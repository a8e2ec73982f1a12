"""Key-field inference in a forked child gives what it gives in one process; forked.Forked falls
back to working in the parent whenever the child cannot deliver."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiontool import importer
from regiontool.errors import RegiontoolError, UsageError
from regiontool.forked import Forked, SharedRange, can_fork, missing
from regiontool.store import Workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork or a single CPU here")


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory) -> Path:
    sys.path.insert(0, str(EXAMPLES))
    try:
        import make_examples
    finally:
        sys.path.remove(str(EXAMPLES))
    path = tmp_path_factory.mktemp("parallel") / "contacts.xlsx"
    make_examples.write_contacts_xlsx(path, 3000, 7)
    return path


def _import(path: Path, db: Path, min_firms: int, monkeypatch, known: list[str] = ()) -> list:
    monkeypatch.setattr(importer, "PARALLEL_MIN_FIRMS", min_firms)
    prepared = importer.prepare_import(path, known_counties=known)
    ws = Workspace.open(db, create=True)
    try:
        result = importer.run_import(ws, prepared)
    finally:
        ws.close()
    return [result.accounting(), result.problem_counts, _tables(db)]


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    tables = {}
    for t in ("companies", "contacts", "problems"):
        cols = [c[1] for c in con.execute(f"PRAGMA table_info({t})") if c[1] != "updated_at"]  # a time stamp
        tables[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY id").fetchall()
    con.close()
    return tables


@needs_fork
def test_forked_and_serial_imports_store_the_same(example_xlsx, tmp_path, monkeypatch):
    copies = []
    copy = Workspace.copy_staged
    monkeypatch.setattr(Workspace, "copy_staged", lambda ws, *a: copies.append(a[0]) or copy(ws, *a))
    serial = _import(example_xlsx, tmp_path / "serial.db", 10**9, monkeypatch)
    assert copies == []
    forked = _import(example_xlsx, tmp_path / "forked.db", 0, monkeypatch)
    assert forked == serial
    assert len(copies) == 1 and not Path(copies[0]).exists()  # staged contacts, file removed after
    assert serial[0]["with_town"] > 0 and serial[1].get("town-not-found")
    known = ["余姚市", "慈溪市"]
    serial = _import(example_xlsx, tmp_path / "serial2.db", 10**9, monkeypatch, known)
    forked = _import(example_xlsx, tmp_path / "forked2.db", 0, monkeypatch, known)
    assert forked == serial


@needs_fork
def test_forked_work_runs_in_another_process():
    assert Forked(os.getpid).result() != os.getpid()
    assert Forked(os.getpid, fork=False).result() == os.getpid()


@needs_fork
def test_a_failing_child_is_replaced_by_the_parent():
    parent = os.getpid()

    def dies_in_child():
        if os.getpid() != parent:
            os._exit(3)
        return "computed here"

    assert Forked(dies_in_child).result() == "computed here"

    def fails():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):  # the error is the parent's own
        Forked(fails).result()


@needs_fork
def test_a_cancelled_child_leaves_no_process():
    import time

    job = Forked(lambda: time.sleep(30))
    pid = job._pid
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


# What the at-fork hook below does on the parent's next fork (os.register_at_fork cannot be undone:
# the hook does nothing unless a test arms it).
_AFTER_FORK: list = []


def _after_fork_in_parent() -> None:
    while _AFTER_FORK:
        _AFTER_FORK.pop()()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_parent=_after_fork_in_parent)


def _ctrl_c(thread: threading.Thread) -> None:
    """A Ctrl-C while the parent runs its at-fork hooks (where logging's _releaseLock took one and
    Python dropped the KeyboardInterrupt). The main thread takes it, or another thread (a progress
    bar's): its C handler has run when the wakeup fd is written, and the main thread handles the
    signal at its next bytecode, here in the hook."""
    if thread is threading.main_thread():
        signal.pthread_kill(thread.ident, signal.SIGINT)  # raised here unless SIGINT is blocked
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    previous = signal.set_wakeup_fd(write_end)
    try:
        signal.pthread_kill(thread.ident, signal.SIGINT)
        select.select([read_end], [], [], 60)
    finally:
        signal.set_wakeup_fd(previous)
        os.close(read_end)
        os.close(write_end)


@contextlib.contextmanager
def _ctrl_c_during_the_next_fork(taken_by: str, monkeypatch) -> Iterator[list[int]]:
    """Arms the hook; yields the pids forked meanwhile."""
    forks: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    # Ctrl-C handled as in a terminal, also where the suite runs as a background job (a shell's
    # `&` starts it with SIGINT ignored: no Ctrl-C could reach the command there).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    _AFTER_FORK.append(lambda: _ctrl_c(threading.main_thread() if taken_by == "main thread" else other))
    try:
        yield forks
    finally:
        _AFTER_FORK.clear()
        stop.set()
        other.join()
        signal.signal(signal.SIGINT, before)


@needs_fork
@pytest.mark.parametrize("taken_by", ["main thread", "another thread"])
def test_a_ctrl_c_during_a_fork_interrupts_the_parent_after_it_and_stops_the_child(taken_by, monkeypatch):
    import time

    with _ctrl_c_during_the_next_fork(taken_by, monkeypatch) as forks:
        with pytest.raises(KeyboardInterrupt):
            Forked(lambda: time.sleep(30))
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Forked put it back
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(forks[0], os.WNOHANG)


@needs_fork
def test_a_ctrl_c_while_a_table_is_being_staged_leaves_no_child_and_no_scratch_file(monkeypatch):
    import time

    def scratch() -> set[Path]:
        return set(Path(tempfile.gettempdir()).glob(f"regiontool-contacts-{os.getpid()}-*"))

    before = scratch()
    with _ctrl_c_during_the_next_fork("main thread", monkeypatch) as forks, pytest.raises(KeyboardInterrupt):
        importer._staged("contacts", lambda file: time.sleep(30))
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)
    assert scratch() == before


def test_the_collector_is_paused_during_an_import_and_back_after(example_xlsx, tmp_path, monkeypatch):
    import gc

    seen = []
    build = importer.contact_records
    monkeypatch.setattr(
        importer, "contact_records", lambda *a, **k: seen.append(gc.isenabled()) or build(*a, **k)
    )
    ws = Workspace.open(tmp_path / "w.db", create=True)
    try:
        importer.import_files(ws, [example_xlsx])
        assert seen == [False] and gc.isenabled()
        with pytest.raises(RegiontoolError):
            importer.import_files(ws, [example_xlsx, tmp_path / "missing.xlsx"])
        assert gc.isenabled()
        gc.disable()  # a caller's own pause is left as it was
        importer.import_files(ws, [example_xlsx])
        assert not gc.isenabled()
    finally:
        gc.enable()
        ws.close()


@needs_fork
def test_an_import_leaves_no_records_behind(example_xlsx, tmp_path, monkeypatch):
    """Freed when the import ends, by reference counting: no cycle holds a file's records (of a
    multi-file import, one file's records are in memory at a time)."""
    import gc

    from regiontool.records import Records

    monkeypatch.setattr(importer, "PARALLEL_MIN_FIRMS", 0)  # forks and staged contacts too
    ws = Workspace.open(tmp_path / "w.db", create=True)
    gc.disable()
    try:
        importer.import_files(ws, [example_xlsx])
        assert not [o for o in gc.get_objects() if isinstance(o, Records)]
    finally:
        gc.enable()
        ws.close()


@needs_fork
def test_scratch_files_of_killed_imports_are_swept(example_xlsx, tmp_path, monkeypatch):
    import subprocess
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f"regiontool-contacts-{gone.stdout.strip()}-abc.db"
    live = tmp_path / f"regiontool-contacts-{os.getpid()}-def.db"  # an import running now
    stale.write_bytes(b"")
    live.write_bytes(b"")
    monkeypatch.setattr(importer, "PARALLEL_MIN_FIRMS", 0)
    importer.prepare_import(example_xlsx)
    assert not stale.exists() and live.exists()
    assert [p.name for p in tmp_path.glob("regiontool-contacts-*")] == [live.name]  # its own is gone


@needs_fork
def test_no_scratch_file_to_be_had_means_the_store_inserts_the_contacts(example_xlsx, tmp_path, monkeypatch):
    import tempfile

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    serial = _import(example_xlsx, tmp_path / "serial.db", 10**9, monkeypatch)
    unstaged = _import(example_xlsx, tmp_path / "unstaged.db", 0, monkeypatch)
    assert unstaged == serial


def test_a_file_being_read_already_is_not_read_again(example_xlsx, tmp_path, monkeypatch):
    from regiontool.io.read import PendingBook

    pending = PendingBook(example_xlsx)
    pending.result()  # read before read_book is taken away below

    def no_second_read(*_a, **_k):
        raise AssertionError("read again")

    monkeypatch.setattr(importer, "read_book", no_second_read)
    ws = Workspace.open(tmp_path / "w.db", create=True)
    try:
        [result] = importer.import_files(ws, [example_xlsx], books={example_xlsx: pending})
        with pytest.raises(AssertionError, match="read again"):  # only the file it was given for
            importer.import_files(ws, [example_xlsx])
    finally:
        ws.close()
    assert result.rows_read > 0 and result.companies_new == result.companies


def test_a_pending_book_that_failed_fails_the_import_where_reading_would(tmp_path):
    from regiontool.io.read import PendingBook

    missing = tmp_path / "missing.xlsx"
    ws = Workspace.open(tmp_path / "w.db", create=True)
    try:
        with pytest.raises(RegiontoolError, match="no such file"):
            importer.import_files(ws, [missing], books={missing: PendingBook(missing)})
        with pytest.raises(UsageError, match="--kind"):  # a usage error still comes first
            importer.import_files(ws, [missing], books={missing: PendingBook(missing)}, kind="bogus")
    finally:
        ws.close()


def test_the_last_file_is_kept_when_asked_and_freed_otherwise(example_xlsx, tmp_path):
    import gc

    from regiontool.records import Records

    ws = Workspace.open(tmp_path / "w.db", create=True)
    kept: list = []
    gc.disable()
    try:
        importer.import_files(ws, [example_xlsx], dry_run=True)
        assert not [o for o in gc.get_objects() if isinstance(o, Records)]
        importer.import_files(ws, [example_xlsx], dry_run=True, keep=kept)
        assert [type(p).__name__ for p in kept] == ["PreparedImport"]
        assert [o for o in gc.get_objects() if isinstance(o, Records)] == [kept[0].records]
    finally:
        gc.enable()
        ws.close()


@needs_fork
def test_contacts_are_staged_for_a_sqlite_workspace_only(example_xlsx, db, monkeypatch):
    """A PostgreSQL workspace loads the contacts with COPY: a scratch copy would be wasted work."""
    monkeypatch.setattr(importer, "PARALLEL_MIN_FIRMS", 0)
    staged = []
    make = importer._staged
    monkeypatch.setattr(importer, "_staged", lambda table, write: staged.append(table) or make(table, write))
    ws = Workspace.open(db, create=True)
    try:
        [result] = importer.import_files(ws, [example_xlsx])
        sqlite = ws.db.dialect == "sqlite"
    finally:
        ws.close()
    assert result.contacts_new == result.contacts > 0
    assert staged == (["contacts"] if sqlite else [])  # the firms only past bulk.MIN_ROWS


@pytest.mark.parametrize(
    "split", ["child-takes-all", "parent-takes-all", "small-chunks", "child-loses-chunks"]
)
def test_industries_shared_out_between_the_processes_store_the_same(
    example_xlsx, tmp_path, monkeypatch, split
):
    """However the industries' chunks fall between the key-field child and this process (their
    basis is spliced into the child's JSON), and when the child loses chunks it took (it died:
    they are worked out here after), the stored import is that of a serial one."""
    whole = _import(example_xlsx, tmp_path / "whole.db", 10**9, monkeypatch)
    take_all = importer._IndustryWork.take_all

    def taking(self, share, *, front, into=None):
        if split == "child-takes-all" and not front:
            return []
        if split == "parent-takes-all" and front:
            return []
        if split == "child-loses-chunks" and front:  # taken, never worked out (the child died)
            while share.take(front=True) is not None:
                pass
            return []
        return take_all(self, share, front=front, into=into)

    monkeypatch.setattr(importer._IndustryWork, "take_all", taking)
    monkeypatch.setattr(importer, "INDUSTRY_CHUNK", 7 if split == "small-chunks" else 100)
    split_import = _import(example_xlsx, tmp_path / "split.db", 0 if can_fork() else 10**9, monkeypatch)
    assert split_import == whole
    assert whole[0]["with_industry"] > 0


def _take_all(share: SharedRange, *, front: bool) -> list[range]:
    taken = []
    while (r := share.take(front=front)) is not None:
        taken.append(r)
    return taken


@given(st.integers(0, 300), st.integers(1, 40), st.lists(st.booleans(), max_size=60))
def test_a_shared_range_hands_out_every_item_once(n, chunk, sides):
    share = SharedRange(n, chunk)
    try:
        taken = [r for front in sides if (r := share.take(front=front)) is not None]
        taken += _take_all(share, front=True)
    finally:
        share.close()
    items = [i for r in taken for i in r]
    assert sorted(items) == list(range(n))
    assert all(0 < len(r) <= chunk for r in taken)


@needs_fork
def test_a_shared_range_is_shared_with_a_forked_child():
    share = SharedRange(30_000, 3)
    try:
        child = Forked(lambda: _take_all(share, front=True))
        here = _take_all(share, front=False)
        there = child.result()
    finally:
        share.close()
    assert sorted(i for r in here + there for i in r) == list(range(30_000))


def test_missing_gives_the_parts_no_range_covers():
    assert missing(10, [range(5, 7), range(0, 3)]) == [range(3, 5), range(7, 10)]
    assert missing(4, [range(0, 2), range(1, 4)]) == []
    assert missing(3, []) == [range(0, 3)]


_BASIS_TEXT = st.text(alphabet=st.sampled_from('镇街"\\,:{}size 名称“”'), max_size=12)


@given(
    st.fixed_dictionaries({}, optional={"town": _BASIS_TEXT, "county": _BASIS_TEXT, "size": _BASIS_TEXT}),
    _BASIS_TEXT,
    st.sampled_from([None, "机械"]),
)
def test_an_industry_spliced_into_the_basis_is_where_enrich_puts_it(basis, industry_basis, industry):
    child = {k: basis[k] for k in ("town", "county", "size") if k in basis}  # enrich_firms' order
    ordered = {k: basis[k] for k in ("town", "county") if k in basis}
    ordered["industry"] = industry_basis
    ordered.update({"size": basis["size"]} if "size" in basis else {})
    columns = {"industry": [None], "basis": [orjson.dumps(child).decode() if child else None]}
    importer._add_industries(columns, [(industry, industry_basis)], 0)
    assert columns["basis"] == [orjson.dumps(ordered).decode()]
    assert columns["industry"] == [industry]


def test_the_arrow_bulk_load_stores_what_executemany_stores(example_xlsx, tmp_path, monkeypatch):
    from regiontool.store import bulk

    if not bulk.available():
        pytest.skip("no ADBC SQLite driver here")
    monkeypatch.setattr(bulk, "available", lambda: False)
    plain = _import(example_xlsx, tmp_path / "plain.db", 10**9, monkeypatch)
    monkeypatch.undo()
    loads = []
    write = bulk.write_scratch
    monkeypatch.setattr(bulk, "MIN_ROWS", 0)
    monkeypatch.setattr(
        bulk,
        "write_scratch",
        lambda file, table, frame: loads.append((file, table)) or write(file, table, frame),
    )
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # No second process: the companies through Arrow here, the contacts by executemany.
    assert _import(example_xlsx, tmp_path / "here.db", 10**9, monkeypatch) == plain
    assert [t for _, t in loads] == ["companies"]
    assert not list(tmp_path.glob("regiontool-*.db"))  # the scratch file is gone


# Run in a fresh interpreter: processes forked from this one (whose polars thread pool other
# tests started) write their rows without polars (bulk.fork_safe), as an import would.
_STAGED_IMPORT = """
import json, sys
from regiontool import importer
from regiontool.store import Workspace, bulk
bulk.MIN_ROWS = 0
importer.PARALLEL_MIN_FIRMS = 0
copies = []
copy = Workspace.copy_staged_companies
Workspace.copy_staged_companies = lambda ws, *a: copies.append(a[0]) or copy(ws, *a)
prepared = importer.prepare_import(sys.argv[1])
ws = Workspace.open(sys.argv[2], create=True)
try:
    importer.run_import(ws, prepared)
finally:
    ws.close()
print(json.dumps({"fork_safe": bulk.fork_safe(), "companies_copied": len(copies)}))
"""


@needs_fork
def test_firms_and_contacts_staged_through_arrow_store_what_executemany_stores(
    example_xlsx, tmp_path, monkeypatch
):
    import json
    import subprocess

    from regiontool.store import bulk

    if not bulk.available():
        pytest.skip("no ADBC SQLite driver here")
    monkeypatch.setattr(bulk, "available", lambda: False)
    plain = _import(example_xlsx, tmp_path / "plain.db", 10**9, monkeypatch)
    monkeypatch.undo()
    staged = tmp_path / "staged.db"
    env = dict(os.environ, TMPDIR=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-c", _STAGED_IMPORT, str(example_xlsx), str(staged)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    # Both tables were written by child processes and copied; polars' pool was never started here.
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"fork_safe": True, "companies_copied": 1}
    assert _tables(staged) == plain[2]
    assert not list(tmp_path.glob("regiontool-*.db"))  # every scratch file is gone


@needs_fork
def test_after_polars_ran_here_the_staging_processes_do_without_it(example_xlsx, tmp_path, monkeypatch):
    """Forked after this process started polars' thread pool, a child would hang on its first
    parallel step: the contacts are written by executemany and the firms inserted here, with
    the ids the staged contacts point to (keys checked at commit)."""
    from regiontool.store import bulk

    plain = _import(example_xlsx, tmp_path / "plain.db", 10**9, monkeypatch)
    monkeypatch.setattr(bulk, "fork_safe", lambda: False)
    monkeypatch.setattr(bulk, "MIN_ROWS", 0)
    staged = []
    make = importer._staged
    monkeypatch.setattr(importer, "_staged", lambda table, write: staged.append(table) or make(table, write))
    assert _import(example_xlsx, tmp_path / "unsafe.db", 0, monkeypatch) == plain
    assert staged == ["contacts"]


def test_fork_safe_tells_whether_polars_thread_pool_runs():
    import subprocess

    script = (
        "import polars as pl\n"
        "from regiontool.store import bulk\n"
        "before = bulk.fork_safe()\n"
        "df = pl.DataFrame({'a': list(range(200000)), 'b': ['x'] * 200000})\n"
        "df[pl.Series(list(range(0, 200000, 2)))]\n"
        "print(before, bulk.fork_safe())\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "False"]


def test_the_bulk_loader_is_warmed_up_for_a_big_file_even_after_a_small_one(tmp_path, monkeypatch):
    from regiontool.store import bulk

    loaded = []
    small, big = tmp_path / "small.csv", tmp_path / "big.xlsx"
    small.write_bytes(b"x" * 99)
    big.write_bytes(b"x" * 100)
    monkeypatch.setattr(bulk, "WARM_BYTES", 100)
    monkeypatch.setattr(importer, "_warming", {})
    monkeypatch.setattr(bulk, "available", lambda: loaded.append("bulk") or True)
    importer._warm_up(small).join()
    importer._warm_up(tmp_path / "missing.xlsx").join()
    assert loaded == [] and set(importer._warming) == {"gazetteer"}
    importer._warm_up(big).join()
    importer._warm_up(big).join()
    assert loaded == ["bulk"]  # once per process


def test_staged_contacts_through_arrow_are_the_rows_executemany_writes(example_xlsx, tmp_path, monkeypatch):
    from regiontool.store import bulk

    if not bulk.available():
        pytest.skip("no ADBC SQLite driver here")
    records = importer.prepare_import(example_xlsx, stage=False).records
    written = {}
    for name, minimum in (("arrow", 0), ("plain", 10**9)):
        monkeypatch.setattr(bulk, "MIN_ROWS", minimum)
        file = tmp_path / f"{name}.db"
        assert importer._write_staged_contacts(str(file), records)
        con = sqlite3.connect(file)
        cols = [c[1] for c in con.execute("PRAGMA table_info(contacts)")]
        typed = ", ".join(f"{c}, typeof({c})" for c in cols)
        written[name] = (cols, con.execute(f"SELECT {typed} FROM contacts ORDER BY rowid").fetchall())
        con.close()
    assert written["arrow"] == written["plain"]
    assert len(written["plain"][1]) == sum(len(f.contacts) for f in records.firms.values())


def test_the_warm_up_waits_for_the_parse_and_every_read_releases_it(example_xlsx, tmp_path, monkeypatch):
    """The warm-up loads while calamine parses (the GIL let go), not beside the zip checks;
    a read that never gets there (a CSV, a missing file) releases it all the same."""
    import threading

    import python_calamine

    from regiontool.io import read

    seen = []
    make = python_calamine.CalamineWorkbook.from_filelike
    monkeypatch.setattr(
        python_calamine.CalamineWorkbook,
        "from_filelike",
        staticmethod(lambda f: seen.append(read.PARSING.is_set()) or make(f)),
    )
    for path in (example_xlsx, tmp_path / "missing.xlsx", tmp_path / "a.csv"):
        if path.suffix == ".csv":
            path.write_text("企业名称,电话\n宁波华峰电器有限公司,13812345678\n", encoding="utf-8")
        monkeypatch.setattr(read, "PARSING", threading.Event())
        with contextlib.suppress(RegiontoolError):
            read.read_book(path)
        assert read.PARSING.is_set(), path.name
    assert seen == [True]  # set before calamine parsed the workbook
    monkeypatch.setattr(read, "PARSING", threading.Event())
    monkeypatch.setattr(importer, "_WARM_WAIT", 30.0)
    waiter = threading.Thread(target=importer._parse_started)
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # waits …
    read.PARSING.set()
    waiter.join(5)
    assert not waiter.is_alive()  # … until the parse starts


_NAME_PARTS = st.sampled_from(
    ["宁波", "慈溪市", "华峰", "华锋", "电器", "塑料", "有限公司", "厂", "(慈溪)", "五金"]
)
_NAMES = st.lists(st.lists(_NAME_PARTS, min_size=1, max_size=4).map("".join), max_size=12, unique=True)


@given(_NAMES, _NAMES)
def test_possible_duplicates_grouped_beforehand_are_those_grouped_one_by_one(names, stored):
    """The duplicate check's groups worked out in the stems child (name_stems) list the same
    problems, in the same order, as grouping every firm and then every stored firm by its stem."""
    from regiontool import normalize
    from regiontool.io.layout import Layout
    from regiontool.io.read import RawSheet
    from regiontool.records import Firm, ProblemLog

    places = ["宁波", "慈溪"]
    firms = {normalize.text_key(n): Firm(normalize.text_key(n), n, i + 2) for i, n in enumerate(names)}
    existing = [(normalize.text_key(n), n) for n in stored]
    expected: dict[str, list[tuple[str, str]]] = {}  # the oracle: firms, then stored firms, by stem
    for key, firm in firms.items():
        expected.setdefault(normalize.company_stem(key, places), []).append((key, firm.name))
    for key, name in existing:
        if key not in firms:
            expected.setdefault(normalize.company_stem(key, places), []).append((key, name))
    wanted = [
        (firms[members[0][0]].first_row, " ~ ".join(n for _k, n in members))
        for stem, members in expected.items()
        if len(members) > 1 and len(stem) > 1 and members[0][0] in firms
    ]
    layout = Layout(RawSheet("s", []), 0, [])
    for stems in (None, importer.name_stems(firms, places)):
        log = ProblemLog("f.xlsx", "s", layout)
        importer.flag_possible_duplicates(firms, log, places, existing, stems)
        assert [(p.row, p.value) for p in log.items] == wanted


@needs_fork
def test_the_stems_are_waited_for_by_the_store_and_stopped_when_not_wanted(
    example_xlsx, tmp_path, monkeypatch
):
    """The duplicate check's name stems are worked out by a child while the parent takes in the firm
    fields; the store waits for them. A prepared import dropped, or whose store needs stems of
    other places, stops that child."""
    monkeypatch.setattr(importer, "PARALLEL_MIN_FIRMS", 0)
    prepared = importer.prepare_import(example_xlsx)
    assert isinstance(prepared.stems, Forked) and prepared.stems.forked  # still being worked out
    stems = prepared.name_stems()
    assert isinstance(stems, importer.NameStems) and prepared.name_stems() is stems
    assert stems == importer.name_stems(prepared.records.firms, prepared.records.places)
    dropped = importer.prepare_import(example_xlsx)
    job = dropped.stems
    pid = job._pid
    dropped.drop_stems()
    assert dropped.stems is None and job._pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no child left behind
    left = importer.prepare_import(example_xlsx)
    pid = left.stems._pid
    del left  # never stored: the finalizer stops the child
    import gc

    gc.collect()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
