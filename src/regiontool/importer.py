"""read → layout → records → key fields → store, with the accounting that proves nothing was lost.

`prepare_import` does everything that needs no workspace (so a bad file fails before the
workspace is even opened); `import_contacts` writes it in one transaction.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import operator
import os
import sqlite3
import threading
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import orjson
from pydantic import BaseModel

from . import normalize, vocab
from .duplicates import split_apart
from .editing import SET_SOURCE
from .errors import DataError, LayoutError, UsageError
from .forked import Forked, SharedRange, can_fork, missing
from .io.layout import Layout, detect_layout
from .io.read import DEFAULT_MAX_SIZE, PendingBook, RawBook, read_book
from .problems import Problem
from .records import (
    FIELD_SOURCES,
    Firm,
    ProblemLog,
    Records,
    SheetRows,
    address_fallback_columns,
    contact_records,
    firm_fields,
    firms_of,
    place_names,
    sheet_rows,
    stored_credit_code,
)
from .reimport import (
    ORIGINAL_COLUMN,
    export_edits_over_hand_set,
    export_row_edits,
    keep_original_cells,
    keep_unedited_fields,
    merged_extra,
    shown_key,
    take_contact_edits,
    take_export_edits,
    unmatched_unnamed,
)
from .store import (
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_DATA,
    CONTACT_INSERT,
    READ_AS,
    Workspace,
    bulk,
    company_columns,
)
from .store.schema import COMPANY_REAL_COLUMNS
from .vocab.basis import MANAGER_FROM_OPTION, MANAGER_FROM_OPTION_BLANK, basis_en, from_column

Progress = Callable[[str], None]


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a file is imported. An import makes millions
    of cells and records that all live until it ends, and every full collection walks all of
    them again: a second of a 100,000-row import, measured. Reference counting still frees
    whatever is dropped; what an import makes holds no reference cycles worth waiting for."""
    if not gc.isenabled():  # nested, or the caller paused it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Change(BaseModel):
    company: str
    contact: str = ""
    field: str
    old: str | None = None
    new: str | None = None


class FileResult(BaseModel):
    """What every import of a file reports: where the table was and how its rows were read."""

    file: str
    kind: str
    sheet: str
    header_row: int
    header_rows: int = 1  # 2: a group header row above header_row
    mapping: list[tuple[str, str | None]]
    rows_read: int = 0
    blank_rows: int = 0
    rejected: int = 0
    problems: int = 0
    problem_counts: dict[str, int] = {}
    dry_run: bool = False
    nothing_changed: bool = False
    other_sheets: list[str] = []  # other sheets that read as a table: not imported
    hidden_sheets: list[str] = []  # those of other_sheets hidden in the workbook
    # a file whose content (and sheet) was imported before (Workspace.earlier_import): it changes no
    # stored value nor brings back what was removed since; `kept_since` counts what it would have
    imported_before: dict | None = None  # {id, file_name, imported_at} of that import
    kept_since: int = 0
    # the columns of regiontool's own resource table (its key fields, 推断依据, 企业编号, the source
    # columns): read against the workspace, never kept as original columns
    export_columns: list[str] = []
    # [the tier column taken by its values, the first tier column passed over] (io.layout._tier_by_values)
    tier_by_values: list[str] = []

    def imported_before_line(self, lang: str = "zh") -> str:
        """The line saying the file was imported before (which import, when): it changed nothing."""
        if not self.imported_before:
            return ""
        return self._before_line("imported_before", lang)

    def _before_line(self, key: str, lang: str) -> str:
        """vocab.IMPORT_LINES[key] filled with the earlier import's id, file and time."""
        from . import vocab

        before = self.imported_before
        return vocab.fill(
            vocab.IMPORT_LINES[key][lang == "en"],
            id=before["id"],
            file=before["file_name"],
            when=before["imported_at"][:16].replace("T", " "),
        )

    def kept_since_clause(self, lang: str = "zh") -> str:
        """The end of the accounting line of a file imported before: the rows whose stored value
        changed since (a later import, `set`, `--replace`), kept as they are."""
        from . import vocab

        if not self.kept_since:
            return ""
        table = self.kind if self.kind in ("orders", "payments") else "contacts"
        return vocab.fill(vocab.IMPORT_LINES[f"kept_since_{table}"][lang == "en"], n=self.kept_since)

    def seen_accounting(self) -> dict:
        """imported_before (the id of that import, or None) and kept_since, for --json."""
        return {
            "imported_before": self.imported_before["id"] if self.imported_before else None,
            "kept_since": self.kept_since,
        }

    @classmethod
    def of_table(cls, book: RawBook, layout: Layout, **fields):
        """A result headed with where the table was found in the file."""
        return cls(
            file=book.path.name,
            sheet=layout.sheet.name,
            header_row=layout.header_row + 1,
            header_rows=layout.header_rows,
            mapping=[(c.header, c.field) for c in layout.columns if not c.export],
            other_sheets=layout.other_sheets,
            hidden_sheets=layout.hidden_sheets,
            export_columns=[c.header for c in layout.columns if c.export],
            tier_by_values=list(layout.tier_by_values or ()),
            **fields,
        )


def record_import(ws: Workspace, book: RawBook, layout: Layout, kind: str, rows: bytes) -> int:
    """The workspace's record of one imported file, with its original rows kept compressed."""
    return ws.add_import(
        path=str(book.path.resolve()),
        file_name=book.path.name,
        sha256=book.sha256,
        kind=kind,
        sheet=layout.sheet.name,
        header_row=layout.header_row + 1,
        headers=layout.kept_headers,
        mapping=layout.mapping,
        rows=rows,
        read_as=_read_as(book),
    )


def _read_as(book: RawBook) -> dict | None:
    """How a text file was read — its encoding and delimiter, detected or forced — or None (a workbook)."""
    if book.encoding is None and book.delimiter is None:
        return None
    return {"encoding": book.encoding, "delimiter": book.delimiter}


def earlier_import(ws: Workspace, book: RawBook, layout: Layout, table: str) -> dict | None:
    """The import that had this file before, read the same way (Workspace.earlier_import): the same
    bytes, sheet and reading (header row, column mapping, encoding, delimiter) as this file's latest
    import, or, for a file never imported, as any import's (a copy of an old export). A file imported
    before changes nothing (README: imported before); read another way, or a new version, it is new."""
    mapping = orjson.loads(orjson.dumps(layout.mapping))  # as the import keeps it (JSON)
    reading = {"header_row": layout.header_row + 1, "mapping": mapping, READ_AS: _read_as(book)}
    return ws.earlier_import(
        book.sha256, layout.sheet.name, table, path=str(book.path.resolve()), reading=reading
    )


def nothing_to_keep(sha256: str, seen_files: set[str], problems: list, export: bool = False) -> bool:
    """Whether an import that changed no data writes nothing at all. A file seen before writes
    nothing, and so does a resource table regiontool exported (`export`: its problems are those
    of the files it came from, listed already); a new one whose every row was rejected keeps its
    import record and problems, so `regiontool problems` can list the rows."""
    return sha256 in seen_files or export or not problems


class ImportResult(FileResult):
    companies: int = 0
    companies_new: int = 0
    companies_updated: int = 0
    companies_unchanged: int = 0
    contacts: int = 0
    contacts_new: int = 0
    contacts_updated: int = 0
    merged: int = 0
    key_fields: dict[str, int] = {}  # firms of this file with a town, county, industry, size, tier
    # later address columns read where the first is blank (records.address_fallback_columns)
    address_fallback: list[str] = []
    changes: list[Change] = []
    changes_total: int = 0
    companies_left_out: int = 0  # firms an earlier version of the sheet had and this one has not (kept)
    contacts_left_out: int = 0
    owner: str | None = None  # --manager, for new firms the sheet names no 区域经理 for
    owned: int = 0  # new firms given to the owner
    kept_by_others: dict[str, int] = {}  # with --manager: the file's firms other managers own, kept so
    # without --manager on a workspace with managers: new firms no manager owns (say so, they are in
    # nobody's --manager view)
    unowned_new: int = 0

    def summary_line(self, lang: str = "zh") -> str:
        """The accounting line: rows read = companies + merged + rejected."""
        from . import vocab

        i = 1 if lang == "en" else 0
        line = vocab.fill(
            vocab.IMPORT_LINES["contacts"][i],
            rows=self.rows_read,
            companies=self.companies,
            new=self.companies_new,
            updated=self.companies_updated,
            unchanged=self.companies_unchanged,
            contacts=self.contacts,
            merged=self.merged,
            rejected=self.rejected,
            problems=self.problems,
        )
        if self.blank_rows:
            line += vocab.fill(vocab.IMPORT_LINES["blank_rows"][i], n=self.blank_rows)
        line += self.kept_since_clause(lang)
        if self.contacts_left_out:
            line += vocab.fill(
                vocab.IMPORT_LINES["left_out"][i],
                companies=self.companies_left_out,
                contacts=self.contacts_left_out,
            )
        return line

    def key_fields_line(self, lang: str = "zh") -> str:
        """How many firms got each key field, e.g. 镇街 2,917 (96%)."""
        from . import vocab
        from .io.write import percent_text

        n = max(self.companies, 1)
        parts = [
            f"{vocab.label(k, lang)} {v:,} ({percent_text(v / n, 0)})" for k, v in self.key_fields.items()
        ]
        return ("key fields: " if lang == "en" else "关键字段：") + ", ".join(parts)

    def accounting(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "blank_rows": self.blank_rows,
            "companies": self.companies,
            "companies_new": self.companies_new,
            "companies_updated": self.companies_updated,
            "companies_unchanged": self.companies_unchanged,
            "contacts": self.contacts,
            "merged": self.merged,
            "rejected": self.rejected,
            "problems": self.problems,
            "companies_not_in_file": self.companies_left_out,
            "contacts_not_in_file": self.contacts_left_out,
            "assigned_to_manager": self.owned,
            "kept_by_other_managers": sum(self.kept_by_others.values()),
            "new_without_manager": self.unowned_new,
            **{f"with_{k}": v for k, v in self.key_fields.items()},
            **self.seen_accounting(),
        }


def import_accounting(summary: dict, table: str) -> list[int | None]:
    """rows, new, updated, unchanged, merged, rejected of an import's stored summary (`status`):
    the numbers of its accounting line, which add up to the rows (merged: contacts only;
    unchanged worked out for an import recorded before it was kept)."""
    unit = "companies" if table == "contacts" else table
    new, updated = summary.get(f"{unit}_new"), summary.get(f"{unit}_updated")
    unchanged = summary.get(f"{unit}_unchanged")
    if unchanged is None and None not in (summary.get(unit), new, updated):
        unchanged = summary[unit] - new - updated
    merged = summary.get("merged") if table == "contacts" else None
    return [summary.get("rows_read"), new, updated, unchanged, merged, summary.get("rejected")]


@dataclass
class PreparedImport:
    book: RawBook
    layout: Layout
    records: Records
    # the firms grouped by company_stem with records.places; maybe still worked out by another process
    stems: NameStems | Forked | None = None
    staged: Staged | None = None  # the contacts' rows, written by a second process
    staged_companies: Staged | None = None  # the firms', by a third (a first import's store copies them)
    cells: object = None  # the file's cells, held until this is let go (prepare_import)

    def name_stems(self) -> NameStems | None:
        """The stems, waited for where the store needs them: the process working them out goes on
        while this one takes in the firm fields (0.3 s at 100,000 rows)."""
        if isinstance(self.stems, Forked):
            self.stems = self.stems.result()
        return self.stems

    def drop_stems(self) -> None:
        """The stems are not wanted (other places): their process is stopped."""
        if isinstance(self.stems, Forked):
            self.stems.cancel()
        self.stems = None


class Staged:
    """A table's rows, in the order the store inserts them, written to a scratch SQLite file by
    another process while this one stores what comes before them. A first import into a SQLite
    workspace then copies them with one INSERT … SELECT (Workspace.copy_staged): at 100,000
    rows the contacts in 0.15 s instead of 0.6 s, measured. `write(file)` runs in the child;
    where no second process can run, or it fails or declines (a falsy result), `result()` is
    None and the store inserts the rows itself."""

    def __init__(self, table: str, write: Callable[[str], object]):
        bulk.sweep_scratch()
        parent = os.getpid()
        file = bulk.scratch_file(table)
        # The job must not hold self: a cycle would keep the records until a collection runs.
        try:
            self._file, self._job = file, Forked(lambda: os.getpid() != parent and write(file))
        except BaseException:  # Ctrl-C during the fork (the child is gone already): no file left
            bulk.remove(file)
            raise
        self._done = weakref.finalize(self, _discard_staged, self._job, file)

    def result(self) -> tuple[str, object] | None:
        """(the file, what `write` returned), or None."""
        value = self._job.result()
        return (self._file, value) if value else None

    def path(self) -> str | None:
        found = self.result()
        return found[0] if found else None

    def close(self) -> None:
        """Stop the writer if it still runs and remove the file (once the store is done with it)."""
        self._done()


def _staged(table: str, write: Callable[[str], object]) -> Staged | None:
    try:
        return Staged(table, write)
    except OSError:  # no scratch file to be had (temp directory full or read-only): insert as before
        return None


def _discard_staged(job: Forked, file: str) -> None:
    job.cancel()
    bulk.remove(file)


# The staged table: the firm's position among the records' firms, then the contact's columns.
_STAGED_CONTACT = ("firm", "contact_key", *CONTACT_DATA)


def _write_staged_contacts(file: str, records: Records, arrow: bool = True) -> bool:
    """`arrow`: this process may use polars (bulk.fork_safe in the parent before the fork)."""
    if arrow and len(records.contacts[CONTACT_DATA[0]]) >= bulk.MIN_ROWS and bulk.available():
        frame = bulk.arrow_frame({k: records.contacts[k] for k in CONTACT_DATA})
        if frame is not None:  # the rows through Arrow, as executemany below would store them
            import polars as pl

            firms, rows, keys = [], [], []
            for i, firm in enumerate(records.firms.values()):
                firms += repeat(i, len(firm.contacts))
                keys += firm.contacts
                rows += firm.contacts.values()
            frame = frame[pl.Series(rows, dtype=pl.Int64)]
            frame.insert_column(0, pl.Series("contact_key", keys, dtype=pl.String))
            frame.insert_column(0, pl.Series("firm", firms, dtype=pl.Int64))
            bulk.write_scratch(file, "contacts", frame)
            return True
    columns = [records.contacts[k] for k in CONTACT_DATA]
    rows = (  # made one at a time as they are written: a million contacts need no list of rows
        (i, ckey, *[c[n] for c in columns])
        for i, firm in enumerate(records.firms.values())
        for ckey, n in firm.contacts.items()
    )
    db = sqlite3.connect(file, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"CREATE TABLE contacts ({', '.join(_STAGED_CONTACT)})")
        db.execute("BEGIN")
        db.executemany(f"INSERT INTO contacts VALUES ({', '.join('?' * len(_STAGED_CONTACT))})", rows)
        db.execute("COMMIT")
    finally:
        db.close()
    return True


def _write_staged_companies(
    file: str, records: Records, columns: dict[str, list] | None = None
) -> tuple[str, ...] | None:
    """Every firm as Workspace.insert_companies would insert it for a first import, with its
    position `pos` for the id; returns the columns written (None: Arrow declines, insert them).
    `columns`: firm fields not yet merged into the firms (Records.add_firm_fields would), as
    field → the firms' values."""
    firms = records.firms.values()
    names, keys = [f.name for f in firms], [f.key for f in firms]
    columns = company_columns([f.fields for f in firms], names, keys, overrides=columns)
    frame = bulk.arrow_frame({"pos": range(len(firms)), **columns}, COMPANY_REAL_COLUMNS)
    if frame is None:
        return None
    bulk.write_scratch(file, "companies", frame)
    return tuple(columns)


@gc_paused()
def prepare_import(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    industry_rules: str | Path | None = None,
    known_counties: list[str] = (),
    aliases: dict[str, tuple] | None = None,
    book: RawBook | PendingBook | None = None,
    stage: bool = True,
    progress: Progress | None = None,
    kind_given: bool = True,
) -> PreparedImport:
    """Read, normalise and enrich a contact file; no workspace needed.

    `known_counties` are the counties already in the workspace: they help settle a
    township name that exists in several counties; `aliases` its merged firms' names
    (Workspace.company_aliases: records.firms_of). `stage` has a second process write the
    contacts' (and firms') rows for a SQLite workspace to copy (Staged); a PostgreSQL workspace
    has no use for them. `kind_given`: the user asked for contacts (--kind contacts), so a sheet
    of orders is refused naming that option; else it was read as contacts by its looks.
    """
    from .enrich.industry import IndustryRules

    step = progress or (lambda _stage: None)
    rules = IndustryRules.load(industry_rules)  # a bad rules file fails before any reading
    step("read")
    warm = _warm_up(path)
    book = _read(path, book, encoding=encoding, delimiter=delimiter, max_size=max_size)
    warm.join()  # before any fork: the child inherits what was loaded
    layout = detect_layout(book, sheet=sheet, header_row=header_row, mapping=mapping)
    _refuse_orders_table(book, layout, kind_given)
    step("normalise")
    rows = sheet_rows(book, layout)
    firms = firms_of(rows, aliases)
    # Firm fields, towns and sizes in a second process (see forked.py) while this one works the
    # contacts; then both work out the industries, shared out a chunk at a time (SharedRange),
    # so the two sides end together and the machine's two cores are both at work.
    parallel = len(firms) >= PARALLEL_MIN_FIRMS
    share = SharedRange(len(firms), INDUSTRY_CHUNK)
    staging = stage and parallel and can_fork()
    firm_side = staged = stems = None
    try:
        firm_side = Forked(lambda: _firm_side(rows, firms, rules, list(known_counties), share), fork=parallel)
        records = contact_records(rows, firms)
        # The contacts' rows are final now: another process writes them (Staged) and a third
        # works out the duplicate check's name stems, while this one works out the industries
        # and takes in the firm fields (the second core was idle then, and busy at the store).
        if staging:
            staged = _staged(
                "contacts", functools.partial(_write_staged_contacts, records=records, arrow=bulk.fork_safe())
            )
        places = records.places
        stems = Forked(lambda: name_stems(firms, places), fork=parallel)
        industries = _IndustryWork.of_rows(rows, firms, rules)
        done = industries.take_all(share, front=False)
        step("key fields")
        columns, problems, key_problems, done_there = firm_side.result()
    except BaseException:
        for job in (firm_side, stems):
            if isinstance(job, Forked):  # (a collected job's cancel does nothing)
                job.cancel()
        if staged is not None:
            staged.close()
        raise
    finally:
        share.close()
    # (A child that died after taking a chunk left it undone: its work was run here again, and
    # the chunk is worked out now.)
    done += [(gap, industries.of(gap)) for gap in missing(len(firms), [r for r, _ in done] + done_there)]
    for taken, found in done:
        _add_industries(columns, found, taken.start)
    # The records hold what the store needs now (the original rows are packed). The cells are
    # let go here only for a big file, so that the store runs without them (a million contacts:
    # the largest process stays under 4 GB); below that they go with the prepared import, after
    # the store (for the CLI, whose process ends with os._exit: never), as freeing them here
    # is 0.1 s of the parent's time at 100,000 rows. Either way before the next fork, whose
    # child would share their pages (freeing them after it copied each page, 0.3 s).
    cells = ([raw.rows for raw in book.sheets], rows)
    rows = firm_side = None  # (the job's closure holds the rows too)
    for raw in book.sheets:
        raw.rows = []
    held = cells if records.rows_read <= HOLD_CELLS_MAX_ROWS else None
    del cells
    # Another process writes the firms' rows while this one merges their fields, checks for
    # duplicates and records the import; a first import then copies them, and the contacts'
    # rows written meanwhile. It starts as soon as the firm fields are in, from their columns
    # as they came (0.1 s sooner than from the merged firms), unless an exported table's columns
    # fill fields after the merge (fill_from_export, tier_from_status).
    writes_companies = staging and len(firms) >= bulk.MIN_ROWS and bulk.fork_safe() and bulk.available()
    staged_companies = None
    after_merge = bool(records.exported or records.closed)
    try:
        if writes_companies and not after_merge:
            staged_companies = _staged(
                "companies", functools.partial(_write_staged_companies, records=records, columns=columns)
            )
        records.add_firm_fields(columns, problems, key_problems)
        records.fill_from_export()
        records.tier_from_status()
        del columns, industries
        if writes_companies and after_merge:
            staged_companies = _staged(
                "companies", functools.partial(_write_staged_companies, records=records)
            )
    except BaseException:
        stems.cancel()
        raise
    prepared = PreparedImport(book, layout, records, stems, staged, staged_companies, held)
    # The stems' process is stopped if the import is dropped before its store asks for them.
    weakref.finalize(prepared, stems.cancel)
    return prepared


# Up to this many rows, the cells are freed with the prepared import, not before the store.
HOLD_CELLS_MAX_ROWS = 200_000

# Firms per chunk of the industries shared out between the two sides (SharedRange): about
# 20 ms of work, so the side that ends first waits no longer than that for the other.
INDUSTRY_CHUNK = 1000


class _IndustryWork:
    """The industries of chunks of the firms (enrich.infer_industry_columns), from their first
    industry and scope values; each side of the import takes chunks until none is left.

    The key-field child has those values as columns already; this process works out a chunk's
    from its firms' rows when it takes the chunk (a full pass over both columns cost it 0.3 s
    before its first chunk, while the child took most of them meanwhile)."""

    def __init__(self, keys: list[str], rules, headers: dict[str, str], industry=None, scope=None):
        self.keys, self.rules, self.headers = keys, rules, headers
        self.industry, self.scope = industry, scope
        self._rows: SheetRows | None = None
        self._firms: list[Firm] = []

    @classmethod
    def of_rows(cls, rows: SheetRows, firms: dict[str, Firm], rules) -> _IndustryWork:
        """Work whose first values come from the firms' rows (each firm's contacts: its rows in order)."""
        work = cls(list(firms), rules, rows.layout.field_headers)
        work._rows, work._firms = rows, list(firms.values())
        return work

    def of(self, taken: range) -> list[tuple[str | None, str]]:
        from .enrich import infer_industry_columns

        at = slice(taken.start, taken.stop)
        if self._rows is None:
            industry, scope = self.industry[at], self.scope[at]
        else:
            firms = self._firms[at]
            # The industry column is matched in simplified form.
            industry = self._rows.first_values_of(firms, "industry", simplified=True)
            scope = self._rows.first_values_of(firms, "scope")
        return infer_industry_columns(self.keys[at], industry, scope, self.rules, self.headers)

    def take_all(
        self, share: SharedRange, *, front: bool, into: dict[str, list] | None = None
    ) -> list[tuple[range, list]]:
        """Chunks taken until none is left, with their industries; `into`: key-field columns each
        chunk's industries go into as soon as they are found (_add_industries), so that this
        side has nothing left to do once the last chunk is taken."""
        done = []
        while (taken := share.take(front=front)) is not None:
            found = self.of(taken)
            if into is not None:
                _add_industries(into, found, taken.start)
            done.append((taken, found))
        return done


def _add_industries(columns: dict[str, list], industries: list[tuple[str | None, str]], start: int) -> None:
    """The industries of the firms from the start-th on into the key fields' columns, and each
    basis into the basis JSON where enrich_firms puts it (town, county, industry, size): spliced
    into the text before "size", which only a key can be (a quote inside a value is escaped)."""
    dumps = orjson.dumps
    industry_of, basis_of = columns["industry"], columns["basis"]
    if not 0 <= start <= len(basis_of) - len(industries):
        raise ValueError(f"{len(industries)} industries from firm {start} of {len(basis_of)}")
    for n, (industry, basis) in enumerate(industries, start):
        industry_of[n] = industry or None
        entry = '"industry":' + dumps(basis).decode()
        text = basis_of[n]
        if text is None:
            basis_of[n] = "{" + entry + "}"
            continue
        at = text.find('"size":')
        basis_of[n] = text[:at] + entry + "," + text[at:] if at >= 0 else text[:-1] + "," + entry + "}"


def _firm_side(
    rows: SheetRows, firms: dict[str, Firm], rules, known_counties: list[str], share: SharedRange
) -> tuple[dict[str, list], list[Problem], list[Problem], list[range]]:
    """firm_fields, then the key fields they give, then the industries of the chunks of `share`
    this side takes (from the front): every field this side sets as a column of the firms'
    values (in the firms' order), the firm fields' problems, the key fields' problems (for
    Records.add_firm_fields) and the chunks whose industries are in. Lists of texts and
    numbers: cheap to send from the child."""
    found = firm_fields(rows, firms)
    keys = list(firms)
    columns = found.columns(keys)
    none = [None] * len(keys)
    industries = _IndustryWork(
        keys, rules, rows.layout.field_headers, columns.get("industry", none), columns.get("scope", none)
    )
    key_problems = _key_fields(rows, firms, columns, rules, known_counties)
    done = industries.take_all(share, front=True, into=columns)
    return columns, found.problems, key_problems, [taken for taken, _ in done]


def _warm_up(path: str | Path | None = None) -> _WarmUp:
    """Load what every contact import needs, whatever the file holds (the gazetteer of
    townships), on a thread while the file is parsed: calamine lets the GIL go, so this
    costs no time, and the key-field child no longer loads it on its own clock. For a big
    file (bulk.WARM_BYTES), the bulk loader's polars and ADBC driver too (store/bulk.py), which the processes
    forked later then share. Each is loaded once per process."""

    def gazetteer() -> None:
        from .enrich.town import Gazetteer

        with contextlib.suppress(Exception):  # if it fails here, it fails again where it is used
            _parse_started()
            Gazetteer.load()

    def bulk_loader() -> None:
        _parse_started()
        bulk.available()

    big = path is not None and _file_size(path) >= bulk.WARM_BYTES
    for name, work, wanted in (("gazetteer", gazetteer, True), ("bulk", bulk_loader, big)):
        if wanted and name not in _warming:
            _warming[name] = threading.Thread(target=work, name=f"regiontool-warm-up-{name}", daemon=True)
            _warming[name].start()
    return _WarmUp()


_warming: dict[str, threading.Thread] = {}


def _parse_started() -> None:
    """Wait until the file's parse lets the GIL go (io.read.PARSING): loaded before it, the
    warm-up slowed the zip checks it ran beside (0.45 s instead of 0.3 s at 100,000 rows)."""
    from .io.read import PARSING

    PARSING.wait(timeout=_WARM_WAIT)


_WARM_WAIT = 5.0  # seconds: a read that never gets there (an error raised elsewhere) holds nothing up long


class _WarmUp:
    def join(self) -> None:
        """Wait for every load started (before a fork: the child inherits what was loaded)."""
        for thread in list(_warming.values()):
            thread.join()


def _file_size(path: str | Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):  # missing or unreadable: the read says so
        return 0


def _read(path: str | Path, book: RawBook | PendingBook | None, **options) -> RawBook:
    """The file's RawBook: `book` when it is read already (or being read), else read now."""
    if isinstance(book, PendingBook):
        return book.result()
    return book or read_book(path, **options)


def prepare_file(
    path: str | Path,
    *,
    book: RawBook | PendingBook | None = None,
    kind: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    industry_rules: str | Path | None = None,
    known_counties: list[str] = (),
    aliases: dict[str, tuple] | None = None,
    stage: bool = True,
    progress: Progress | None = None,
):
    """A contact or orders file, prepared; `kind` None decides by the file's headers.

    The raw cells are let go once the file is prepared (what the store needs is in the
    records, and the original rows are packed; prepare_import lets a contact file's go
    sooner): a command importing a million contacts and two million order lines holds one
    file's cells at a time, not both."""
    prepared = _prepare_file(
        path,
        book=book,
        kind=kind,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
        encoding=encoding,
        delimiter=delimiter,
        max_size=max_size,
        industry_rules=industry_rules,
        known_counties=known_counties,
        aliases=aliases,
        stage=stage,
        progress=progress,
    )
    for raw in prepared.book.sheets:
        raw.rows = []
    return prepared


def _prepare_file(
    path: str | Path,
    *,
    book: RawBook | PendingBook | None,
    kind: str | None,
    sheet: str | None,
    header_row: int | None,
    mapping: dict[str, str] | None,
    encoding: str | None,
    delimiter: str | None,
    max_size: int,
    industry_rules: str | Path | None,
    known_counties: list[str],
    aliases: dict[str, tuple] | None,
    stage: bool,
    progress: Progress | None,
):
    from .io.layout import KINDS, detect_kind
    from .orders import prepare_orders

    if kind not in (None, *KINDS):
        raise UsageError(
            f"unknown --kind '{kind}'",
            "use contacts, orders or payments",
            zh=f"不认识的 --kind “{kind}”，请用 contacts、orders 或 payments",
        )
    if kind == "contacts":  # checked before reading: a bad rules file fails first
        return prepare_import(
            path,
            sheet=sheet,
            header_row=header_row,
            mapping=mapping,
            encoding=encoding,
            delimiter=delimiter,
            max_size=max_size,
            industry_rules=industry_rules,
            known_counties=known_counties,
            aliases=aliases,
            book=book,
            stage=stage,
            progress=progress,
        )
    step = progress or (lambda _stage: None)
    step("read")
    if kind is None:
        # Most files are contact lists: load for them while this one is parsed.
        _warm_up(path)
    book = _read(path, book, encoding=encoding, delimiter=delimiter, max_size=max_size)
    detected = kind or detect_kind(book, sheet, mapping)
    if detected == "payments":
        from .payments import prepare_payments

        step("normalise")
        return prepare_payments(path, sheet=sheet, header_row=header_row, mapping=mapping, book=book)
    if detected == "orders":
        return prepare_orders(
            path, sheet=sheet, header_row=header_row, mapping=mapping, book=book, progress=step
        )
    return prepare_import(
        path,
        sheet=sheet,
        header_row=header_row,
        mapping=mapping,
        industry_rules=industry_rules,
        known_counties=known_counties,
        aliases=aliases,
        book=book,
        stage=stage,
        progress=lambda name: None if name == "read" else step(name),
        kind_given=False,
    )


@gc_paused()
def import_files(
    ws: Workspace,
    paths: list[Path],
    *,
    dry_run: bool = False,
    progress: Callable[[str, str], None] | None = None,
    books: dict[Path, RawBook | PendingBook] | None = None,
    keep: list | None = None,
    replace: bool = False,
    owner: str | None = None,
    replace_period: bool = False,
    aside: list | None = None,
    **options,
) -> list:
    """Import several files as one transaction: all of them are stored, or (a bad file, a
    failure) none. A file that is no table to import but a budget (费用预算, `regiontool budget`'s
    input) or the tool's own plan, list or problems table saved again (io.layout: own_plan, own_table)
    is skipped beside others, put in `aside` as (path, why) for the caller to note, and
    refused in one line alone (io.read.not_an_input_error). Each file is prepared and stored in turn and then let go, so one file's
    cells and records are in memory at a time (a million contacts with two million order
    lines: 3.1 GB peak, measured). `books` holds files read already, or being read (a
    PendingBook); `options` are prepare_file's; `progress(stage, file name)`.

    `keep`, when given, receives the last file's prepared data instead of it being freed:
    for a caller whose process ends right after (the CLI), freeing a big file's records
    object by object is wasted time (0.15 s at 100,000 contacts).

    `replace`: an orders or payments file's new version removes the lines its earlier imports brought
    that it no longer has (import_orders, import_payments); it changes nothing for contact lists.
    `replace_period`: so do the lines of files imported before it dated within its dates.

    `owner`: the manager whose list this is (--manager, its name as the workspace holds it:
    known_manager): the new firms a contact sheet names no 区域经理 for are theirs, so on a shared
    workspace they do not land unowned."""
    step = progress or (lambda _stage, _name: None)
    books = dict(books or {})
    if owner and owner.strip():  # 孫志強 is the 孙志强 the workspace knows: one manager, as --manager reads
        owner = ws.known_manager(owner)
    options.setdefault("aliases", ws.company_aliases())  # merged firms: their names land on the kept

    skipped: list = []

    def prepare(path):
        try:
            return prepare_file(
                path,
                book=books.pop(path, None),
                stage=ws.db.dialect == "sqlite",  # only SQLite copies staged contacts
                progress=lambda stage: step(stage, Path(path).name),
                **options,
            )
        except LayoutError as exc:  # no contact table: a budget is said to be one; the tool's own table
            why = getattr(exc, "why", "") or ("budget" if _is_budget(path) else "")
            if not why:
                raise
            skipped.append((path, why))
            if len(skipped) == len(paths) or aside is None:
                from .io.read import not_an_input_error

                raise not_an_input_error(Path(skipped[0][0]), skipped[0][1]) from exc
            return None

    # The first file is read before the transaction begins: a one-file import holds the
    # writers' lock only while it stores (on a shared server, other managers' edits wait less).
    prepared = prepare(paths[0]) if paths else None
    results = []
    with ws.dry_transaction() if dry_run else ws.transaction():
        for n, path in enumerate(paths, start=1):
            if prepared is None and n > 1:
                prepared = prepare(path)
            if prepared is None:  # a budget, skipped
                continue
            step("store", Path(path).name)
            results.append(
                run_file_import(
                    ws, prepared, dry_run=dry_run, replace=replace, owner=owner, replace_period=replace_period
                )
            )
            if results[-1].rows_read and results[-1].rejected == results[-1].rows_read:
                raise every_row_rejected(results[-1], _problems_of(prepared))
            ws.remember_input(path)  # even when nothing changed: never overwritten
            if keep is not None and n == len(paths):
                keep.append(prepared)
            prepared = None
        if options.get("industry_rules") and paths:
            ws.remember_input(options["industry_rules"])  # the user's rules file too
    if aside is not None:
        aside.extend(skipped)
    return results


def _without_manager(ids: dict[str, int], firms: dict) -> list[int]:
    """The ids of the new firms (name key → id) whose 区域经理 cell is blank: named by no one, as a
    sheet without the column (review r73 F6)."""
    return [
        i
        for k, i in ids.items()
        if (f := firms.get(k)) is None or not (f.fields.get("manager") or "").strip()
    ]


def _is_budget(path) -> bool:
    """Whether a file without a contact table is a budget (pnl.is_budget), read again to say so."""
    from .pnl import is_budget

    try:
        return is_budget(read_book(Path(path)))
    except Exception:  # unreadable as a budget: the contact table's error stands
        return False


def _problems_of(prepared) -> list[Problem]:
    records = getattr(prepared, "records", None)
    return records.problems if records is not None else prepared.problems


def every_row_rejected(result: FileResult, problems: list[Problem]) -> DataError:
    """The error of a file whose every row was rejected: it imports nothing and the command fails
    (exit 1, the workspace unchanged), so the line says why — the problems counted, and the first
    rejected row's own message."""
    reasons = sorted(result.problem_counts.items(), key=lambda t: -t[1])
    rejecting = [p for p in problems if p.code in vocab.REJECTING_PROBLEMS and p.row] or problems[:1]
    first = rejecting[0] if rejecting else None

    def line(lang: str) -> str:
        counts = ", ".join(f"{Problem(code=c).title(lang)} {n:,}" for c, n in reasons)
        if lang == "en":
            row = f"; row {first.row}: {first.message('en')}" if first else ""
            return vocab.fill(
                "{file}: {n:,} {n:row|rows} read, {n:it was|all were} rejected, nothing imported ({counts}{row})",
                file=result.file,
                n=result.rows_read,
                counts=counts,
                row=row,
            )
        row = f"；第 {first.row} 行：{first.message('zh')}" if first else ""
        return f"{result.file}：{result.rows_read:,} 行全部拒收，没有导入任何内容（{counts}{row}）"

    return DataError(line("en"), zh=line("zh"))


def run_file_import(
    ws: Workspace,
    prepared,
    *,
    dry_run: bool = False,
    replace: bool = False,
    owner: str | None = None,
    replace_period: bool = False,
):
    """Store a prepared contact, orders or payments file: ImportResult, OrdersImportResult or
    PaymentsImportResult (`replace`, `replace_period`: orders and payments files only, see
    import_orders; `owner`: --manager)."""
    from .orders import PreparedOrders, run_orders_import

    if isinstance(prepared, PreparedOrders):
        return run_orders_import(
            ws, prepared, dry_run=dry_run, replace=replace, replace_period=replace_period, owner=owner
        )
    from .payments import PreparedPayments, import_payments

    if isinstance(prepared, PreparedPayments):
        return import_payments(
            ws, prepared, dry_run=dry_run, replace=replace, replace_period=replace_period, owner=owner
        )
    return run_import(ws, prepared, dry_run=dry_run, owner=owner)


_CONTACT_SIGNS = ("address", "contact", "phone", "tier", "key_contact", "manager", "town")
_ORDER_WORDS = ("订单", "金额", "日期", "数量", "单价", "order", "amount", "date")


def _refuse_orders_table(book: RawBook, layout: Layout, kind_given: bool = True) -> None:
    """A sheet of orders (客户名称, 订单日期, 金额 …) must not become contacts: with --kind contacts
    given, take it away; read as contacts by its looks, give --kind orders."""
    fields = {c.field for c in layout.columns}
    if fields & set(_CONTACT_SIGNS):
        return
    keys = [normalize.header_key(c.header) for c in layout.columns if not c.field]
    if any(word in k for k in keys for word in _ORDER_WORDS):
        hint, hint_zh = (
            (
                "import it without --kind contacts (or with --kind orders)",
                "请去掉 --kind contacts（或改用 --kind orders）导入",
            )
            if kind_given
            else ("import it with --kind orders", "请加 --kind orders 导入")
        )
        raise LayoutError(
            f"{book.path.name}: sheet '{layout.sheet.name}' looks like an orders table, not contacts "
            f"(headers: {vocab.listed(layout.headers[:8], 'en')})",
            f"{hint}: orders have their own import",
            zh=f"{book.path.name}：工作表“{layout.sheet.name}”看起来是订单表，不是联系人表"
            f"（表头：{'、'.join(layout.headers[:8])}）；{hint_zh}，订单有自己的导入方式",
        )


# Key-field inference runs in a second process (see forked.py) while the contacts are
# worked, and a third writes the contacts' rows for the store, for sheets with at least this
# many firms; below it a fork costs more than it saves.
PARALLEL_MIN_FIRMS = 5000


def _key_fields(
    rows: SheetRows, firms: dict[str, Firm], columns: dict[str, list], rules, known_counties: list[str]
) -> list[Problem]:
    """Town, county, industry and size with their basis (a JSON text) as `columns` of the
    firms' values (in the firms' order); returns the problems of the towns not found. (The
    basis as one bytes blob, split in the parent, was 0.05 s quicker and cost 150 MB more at
    the peak of a 100,000-row import, measured: not kept.)"""
    from .enrich import enrich_columns

    layout = rows.layout
    headers = layout.field_headers
    found = enrich_columns(
        {"key": list(firms), **columns},
        columns=headers,
        rules=rules,
        known_counties=known_counties,
        revenue_header=headers.get("revenue", ""),
        industry_firms=0,  # by chunks after (see _firm_side)
    )
    problems = ProblemLog(rows.problems.file, rows.problems.sheet, layout)
    dumps = orjson.dumps
    for key in ("town", "county", "industry", "size", "employees_n", "revenue_n"):
        columns[key] = [v or None for v in getattr(found, key)]
    columns["basis"] = [dumps(basis).decode() if basis else None for basis in found.basis]
    addresses = columns.get("address") or [None] * len(firms)
    for firm, status, basis, address in zip(
        firms.values(), found.town_status, found.basis, addresses, strict=True
    ):
        if status == "none":
            why = basis.get("town")
            zh, en = vocab.problem_text("town-not-found", name=firm.name, why=why or vocab.NO_TOWN_IN_ADDRESS)
            problems.add("town-not-found", firm.first_row, "address", address or "", zh, en)
        elif status == "ambiguous":
            zh, en = vocab.problem_text("town-ambiguous", name=firm.name, why=basis.get("town") or "")
            problems.add("town-ambiguous", firm.first_row, "address", address or "", zh, en)
        elif status == "elsewhere":  # 慈溪市天元镇: the county written has no such township
            why = basis.get("town") or ""
            zh, en = vocab.problem_text("town-elsewhere", name=firm.name, why=(why, basis_en(why)))
            problems.add("town-elsewhere", firm.first_row, "address", address or "", zh, en)
        elif status == "sound-alike":  # 慈溪市付海镇: read as 附海镇, the county's township of that sound
            why = basis.get("town") or ""
            zh, en = vocab.problem_text("town-sound-alike", name=firm.name, why=(why, basis_en(why)))
            problems.add("town-sound-alike", firm.first_row, "address", address or "", zh, en)
    return problems.items


@dataclass
class NameStems:
    """The firms grouped by company_stem for the duplicate check, worked out beside the contacts
    (the grouping was 0.1 s of the store's time at 60,000 firms): the stems of two or more firms
    with their positions among the firms, and the stems of one firm alone with its position
    (lists, not a dict of 60,000 entries: a tenth of the pickle to send). `towns`: the firms whose
    name has a township after its region (慈溪市周巷华峰电器厂), by their stem without it (华峰电器), when
    no firm of the file has that stem: a stored firm of it is their possible duplicate."""

    shared: dict[str, list[int]]
    alone: list[str]
    alone_at: list[int]
    towns: dict[str, list[int]] = field(default_factory=dict)


def name_stems(firms: dict[str, Firm], places: list[str]) -> NameStems:
    groups: dict[str, list[int]] = {}
    own: dict[int, str] = {}  # a firm naming a township → its stem
    towns: dict[str, list[int]] = {}  # the stem without the township → those firms
    stems = normalize.company_stems
    for n, key in enumerate(firms):
        stem, without = stems(key, places)
        if stem in groups:
            groups[stem].append(n)
        else:
            groups[stem] = [n]
        if without is not None and without != stem:
            own[n] = stem
            towns.setdefault(without, []).append(n)
    # 慈溪市周巷华峰电器厂 is listed with 慈溪市华峰电器厂: its stem's group joins the one its stem without the
    # township is (not 周巷农贸市场 with 浒山农贸市场: no firm's own stem is 农贸市场)
    into: dict[str, str] = {}

    def final(stem: str) -> str:
        while stem in into:
            stem = into[stem]
        return stem

    joined: dict[str, str] = {}  # a stem → the township whose firms joined it: never two (review r82 F3)
    for without, at in towns.items():
        if without not in groups:
            continue
        for n in at:
            stem, target = final(own[n]), final(without)
            town = own[n].removesuffix(without)  # 周巷 of 周巷华峰电器
            if stem != target and joined.setdefault(target, town) == town:
                groups[target] = sorted(groups[target] + groups.pop(stem))
                into[stem] = target
    shared = {stem: at for stem, at in groups.items() if len(at) > 1}
    alone = [(stem, at[0]) for stem, at in groups.items() if len(at) == 1]
    left = {without: at for without, at in towns.items() if without not in groups}
    return NameStems(shared, [stem for stem, _n in alone], [n for _stem, n in alone], left)


def flag_possible_duplicates(
    firms: dict[str, Firm],
    log: ProblemLog,
    places: list[str],
    existing: list[tuple[str, str]],
    stems: NameStems | None = None,
    listed: list[list[str]] = (),
    apart: set[frozenset[str]] = frozenset(),
) -> None:
    """Names that differ only by region prefix or legal suffix are listed, never merged.

    `places` are bare place names seen in addresses (宁波, 慈溪) to strip as prefixes;
    `existing` are (key, name) of firms already in the workspace; `stems`, when given, are
    the firms' name_stems with these places, worked out beforehand. A group is listed at its
    first firm, in the firms' order, with the stored firms that share its stem after it; not
    when another file's problem (`listed`: its names) lists them all already: one pair, one problem.
    A pair the file's credit codes list (in `log` already) stays in a group by its first firm only.
    `apart`: pairs of keys the manager decided are two firms (`regiontool apart`): a group is listed
    as its parts that hold no such pair (duplicates.split_apart).
    """
    own = [p.value.split(" ~ ") for p in log.items if p.code == "possible-duplicate"]  # by credit code
    listed = [*listed, *own]
    listed_keys = [set(normalize.text_keys(names)) for names in listed]
    own_keys = [normalize.text_keys(names) for names in own]
    stems = stems if stems is not None else name_stems(firms, places)
    listed = list(firms.values())
    groups = {
        stem: (at[0], [(listed[n].key, listed[n].name) for n in at]) for stem, at in stems.shared.items()
    }
    existing = [(key, name) for key, name in existing if key not in firms]
    alone = dict(zip(stems.alone, stems.alone_at, strict=True)) if existing else {}
    for key, name in existing:
        stem, without = normalize.company_stems(key, places)
        if stem not in groups and stem not in alone and stem not in stems.towns and without is not None:
            stem = without  # 慈溪市周巷华峰电器厂 stored, 慈溪市华峰电器厂 here: by its stem without the township
        if stem in groups:
            groups[stem][1].append((key, name))
        elif stem in alone:
            firm = listed[alone[stem]]
            groups[stem] = (alone[stem], [(firm.key, firm.name), (key, name)])
        elif stem in stems.towns and stem != without:  # 慈溪市华峰电器厂 stored, 慈溪市周巷华峰电器厂 here
            at = stems.towns[stem]
            groups[stem] = (at[0], [*((listed[n].key, listed[n].name) for n in at), (key, name)])
        # (stored firms only: listed by the import that brought them)
    for stem, (_n, members) in sorted(groups.items(), key=lambda item: item[1][0]):
        if len(stem) < 2 or any({k for k, _ in members} <= keys for keys in listed_keys):
            continue
        for pair in own_keys:  # a pair this file's codes list already: once, by its first firm
            if set(pair) <= {k for k, _ in members}:
                members = [(k, n) for k, n in members if k not in pair[1:]]
        for part in split_apart([k for k, _ in members], apart):  # a pair kept apart: never together
            group = [members[n] for n in part]
            if len(group) < 2 or group[0][0] not in firms:  # (stored firms only: listed by their import)
                continue
            if len(group) < len(members) and any({k for k, _ in group} <= keys for keys in listed_keys):
                continue
            names = [n for _, n in group]
            firm = firms[group[0][0]]
            others = [n for n in names if n != firm.name]
            others = ("、".join(others), ", ".join(others))
            zh, en = vocab.problem_text("possible-duplicate", name=firm.name, others=others)
            log.add("possible-duplicate", firm.first_row, "company", " ~ ".join(names), zh, en)


def flag_renamed(
    ws: Workspace, records: Records, log: ProblemLog, listed: list[list[str]], apart: set[frozenset[str]]
) -> None:
    """A firm of this list whose 统一社会信用代码 (records.credit_codes) a stored firm of another name
    has — in the original columns of an earlier list's contacts — is listed with it as a possible
    duplicate (same-credit-code: renamed since?), never merged; not a pair another file lists already
    (`listed`), nor one the manager keeps apart. Only read when this list has codes."""
    if not records.credit_codes:
        return
    firms, mine = records.firms, {}
    for key, code in records.credit_codes.items():
        mine.setdefault(code, key)  # two names of this file with one code: listed by the file's check
    found: dict[str, dict[str, str]] = {}  # this file's firm key → stored key → name
    for key, name, extra in ws.extras_like(h.lower() for h in vocab.CREDIT_CODE_HEADERS):
        ours = mine.get(stored_credit_code(orjson.loads(extra))) if key not in firms else None
        if ours and frozenset((ours, key)) not in apart:
            found.setdefault(ours, {}).setdefault(key, name)
    listed_keys = [set(normalize.text_keys(names)) for names in listed]
    label = (records.credit_code_header, records.credit_code_header)
    for key, others in found.items():
        if any({key, *others} <= keys for keys in listed_keys):
            continue
        firm = firms[key]
        names = ("、".join(others.values()), ", ".join(others.values()))
        zh, en = vocab.problem_text(
            "same-credit-code", name=firm.name, others=names, field=label, v=records.credit_codes[key]
        )
        log.add(
            "possible-duplicate", firm.first_row, "company", " ~ ".join([firm.name, *others.values()]), zh, en
        )


_CONTACT_ROW = operator.itemgetter(*CONTACT_DATA)


def import_contacts(
    ws: Workspace,
    prepared: PreparedImport,
    *,
    dry_run: bool = False,
    max_changes: int = 200,
    owner: str | None = None,
) -> ImportResult:
    """Write a prepared import in one transaction (rolled back with dry_run); `owner`: see
    import_files."""
    book, layout, records = prepared.book, prepared.layout, prepared.records
    firms = records.firms
    accepted = records.rows_read - records.rejected
    fields = [f.fields for f in firms.values()]
    result = ImportResult.of_table(
        book,
        layout,
        kind=book.kind,
        rows_read=records.rows_read,
        blank_rows=records.blank_rows,
        rejected=records.rejected,
        dry_run=dry_run,
        companies=len(firms),
        merged=accepted - len(firms),
        contacts=sum(len(f.contacts) for f in firms.values()),
        key_fields={k: sum(map(bool, map(dict.get, fields, repeat(k)))) for k in KEY_FIELDS_COUNTED},
        address_fallback=[c.header for c in address_fallback_columns(layout)],
    )
    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        aliases = ws.company_aliases()
        if aliases and not aliases.keys().isdisjoint(firms):  # would bring a merged firm back
            raise ValueError("prepared without the workspace's merged names: prepare_import(aliases=…)")
        existing = ws.companies_by_key(firms)
        log = ProblemLog(result.file, result.sheet, layout, records.problems)
        stored = [(k, n) for _, n, k in ws.all_company_names() if k not in firms]
        places = list(dict.fromkeys(records.places + place_names(ws.sample_addresses())))
        if places == records.places:  # the stems were computed with records.places
            stems = prepared.name_stems()
        else:
            stems = None
            prepared.drop_stems()
        listed = ws.listed_groups("possible-duplicate", result.file, result.sheet)
        apart = ws.apart_pairs()
        flag_renamed(ws, records, log, listed, apart)
        flag_possible_duplicates(firms, log, places, stored, stems, listed, apart)
        seen_files = set(ws.import_shas().values())
        import_id = record_import(ws, book, layout, book.kind, records.raw_rows)
        changes: list[Change] = []
        history: list[tuple] = []

        deferred = ws.defer_indexes() if not existing else []
        first_import = not existing and ws.db.dialect == "sqlite"
        # A first import: every firm and contact is new, and other processes wrote their rows
        # (Staged). The contacts are copied first, their writer being done sooner; their firms'
        # ids are known already (the next ids, in the firms' order) and the keys are checked at
        # commit.
        staged = prepared.staged.path() if prepared.staged and first_import else None
        if staged:
            ws.defer_foreign_keys()
            ws.copy_staged(
                staged,
                "contacts",
                CONTACT_INSERT,
                f"? + firm, contact_key, ?, ?, ?, {', '.join(CONTACT_DATA)}",
                (ws.next_company_id(), import_id, result.file, result.sheet),
            )
            # All the contacts are in: their index is built while the firms' writer finishes.
            deferred = ws.restore_indexes(deferred, "contacts")
        staged_companies = (
            prepared.staged_companies.result() if prepared.staged_companies and first_import else None
        )
        if staged_companies:
            new_firms = list(firms)
            ids = ws.copy_staged_companies(*staged_companies, new_firms, import_id)
        else:
            new_firms = [f.company_row() for k, f in firms.items() if k not in existing]
            ids = ws.insert_companies(new_firms, import_id) if new_firms else {}
        result.companies_new = len(new_firms)
        # New firms the sheet names no manager for: no 区域经理 column, or a blank cell in it.
        unnamed = _without_manager(ids, firms) if layout.columns_of("manager") else list(ids.values())
        if owner and owner.strip() and unnamed:
            result.owner = owner.strip()
            why = MANAGER_FROM_OPTION_BLANK if layout.columns_of("manager") else MANAGER_FROM_OPTION
            result.owned = ws.set_owner(unnamed, result.owner, why)
        elif unnamed and not (owner and owner.strip()) and ws.has_managers():
            result.unowned_new = len(unnamed)  # a team's workspace: in nobody's --manager view (said)
        if owner and owner.strip() and existing:  # known firms the sheet names no manager for (said)
            named = layout.columns_of("manager")
            blank = [
                c
                for k, c in existing.items()
                if not named or not ((f := firms.get(k)) and f.fields.get("manager"))
            ]
            owners = Counter((c.get("manager") or "").strip() for c in blank)
            result.kept_by_others = {m: n for m, n in owners.items() if m and m != owner.strip()}
        hand_set = (
            ws.fields_last_set_by(SET_SOURCE, (c["id"] for c in existing.values())) if existing else set()
        )
        row_edits: dict[int, set[str] | None] = {}
        edit_problems: list = []  # an export's rows edited to different values (take_export_edits)
        stored_contacts = None  # the known firms' contacts, read once (no contact is written before)
        if records.exported and existing:
            stored_contacts = ws.contacts_of(o["id"] for o in existing.values())
            row_edits = export_row_edits(ws, records, layout, existing, stored_contacts)
            keep_unedited_fields(records, existing, row_edits)
            edits_from = len(log.items)
            taken = take_export_edits(records, existing, log)
            edit_problems = log.items[edits_from:]
            hand_set -= export_edits_over_hand_set(ws, existing, taken, hand_set)
        company_updates = _company_updates(
            firms, existing, ids, result, import_id, history, changes, hand_set, log, records.tier_from_closed
        )
        ws.update_fields("companies", company_updates)
        if existing:  # known firms: their fields as stored now, a blank cell having erased none
            result.key_fields = ws.filled_counts([ids[k] for k in firms], KEY_FIELDS_COUNTED)

        # Contacts of new firms go straight in; those of known firms are compared first.
        head = (import_id, result.file, result.sheet)
        new_contacts: list[tuple] = []
        known: list[tuple[Firm, int, str, int]] = []
        if not staged:
            contacts = records.contacts
            by_row = list(zip(*(contacts[k] for k in CONTACT_DATA), strict=True))  # one tuple per sheet row
            for key, firm in firms.items():
                cid = ids[key]
                if key in existing:
                    known.extend((firm, cid, ckey, n) for ckey, n in firm.contacts.items())
                    continue
                new_contacts.extend((cid, ckey, *head, *by_row[n]) for ckey, n in firm.contacts.items())
        pointer_updates = 0
        contact_updates: list[tuple[int, str, object]] = []
        moves: list[tuple[int, int, int]] = []  # (old import, old row, new row) of contacts now pointed here
        gained: set[str] = set()  # known firms with a new contact
        matched: set[int] = set()  # stored contacts this file has again
        # The workspace's contacts as they stand before this file changes them: those of an
        # earlier version of it that it no longer has are reported after (_report_left_out).
        earlier = ws.contacts_with_source(import_id) if existing or stored else []
        if known:
            import_shas = ws.import_shas()
            if stored_contacts is None:
                stored_contacts = ws.contacts_of(existing[k]["id"] for k in firms if k in existing)
            unnamed = unmatched_unnamed(
                stored_contacts, {ids[k]: firm for k, firm in firms.items() if k in existing}
            )
            for firm, cid, ckey, n in known:
                contact = records.contact(n)
                old = stored_contacts.get((cid, ckey))
                if old is None and not contact["name"] and unnamed.get(cid):
                    # a row without a name, edited since (its phone corrected, its tier): the
                    # same contact as the firm's next such stored row, not a new one
                    old = unnamed[cid].pop(0)
                    contact_updates.append((old["id"], "contact_key", ckey))
                if old is None:
                    new_contacts.append((cid, ckey, *head, *_CONTACT_ROW(contact)))
                    gained.add(firm.name)
                    continue
                matched.add(old["id"])
                changed = False
                if records.exported:
                    edited = row_edits.get(n)
                    if edited is not None:  # a column holding what the export wrote is no edit
                        for col in CONTACT_COLUMNS[1:]:
                            if not {col, *FIELD_SOURCES.get(col, ())} & edited:
                                contact[col] = None
                    take_contact_edits(records, n, contact, old)
                for col in CONTACT_COLUMNS:
                    value = contact.get(col)
                    if value not in (None, "") and value != old[col]:
                        contact_updates.append((old["id"], col, value))
                        history.append((cid, old["id"], col, old[col], value, result.file, import_id))
                        changes.append(
                            Change(
                                company=firm.name,
                                contact=contact["name"] or shown_key(ckey),
                                field=col,
                                old=old[col],
                                new=value,
                            )
                        )
                        changed = True
                extra, kept_columns = merged_extra(old["extra"], contact["extra"])
                for header, was, value in kept_columns:
                    history.append(
                        (cid, old["id"], ORIGINAL_COLUMN + header, was, value, result.file, import_id)
                    )
                    changes.append(
                        Change(
                            company=firm.name,
                            contact=contact["name"] or shown_key(ckey),
                            field=ORIGINAL_COLUMN + header,
                            old=was,
                            new=value,
                        )
                    )
                    changed = True
                if extra is not None:
                    contact_updates.append((old["id"], "extra", extra))
                result.contacts_updated += changed
                # an exported resource table's row leaves its contact traced to its source unless
                # it changed it or one of its original cells was edited (行业 typed over: the
                # next export writes the cell as edited, from this import's copy of the row)
                moved = (changed or not records.exported or bool(row_edits.get(n))) and (
                    import_shas.get(old["import_id"]) != book.sha256
                    or old["source_row"] != contact["source_row"]
                    or old["source_sheet"] != result.sheet
                )
                if changed or moved:  # point at this import's copy of the row
                    pointer_updates += 1
                    moves.append((old["import_id"], old["source_row"], contact["source_row"]))
                    contact_updates += [
                        (old["id"], "import_id", import_id),
                        (old["id"], "source_file", result.file),
                        (old["id"], "source_sheet", result.sheet),
                        (old["id"], "source_row", contact["source_row"]),
                    ]
        keep_original_cells(ws, import_id, records.raw_rows, layout.kept_headers, moves)
        # A known firm is updated when any of its fields or its contacts changed (a new phone, a
        # kept original column, a contact added), so the line's 更新 and 未变 agree with the changes.
        result.companies_updated = len({c.company for c in changes} | gained)
        result.companies_unchanged = result.companies - result.companies_new - result.companies_updated
        result.contacts_new = result.contacts if staged else len(new_contacts)
        ws.insert_contacts(new_contacts)
        ws.restore_indexes(deferred)
        ws.update_fields("contacts", contact_updates)
        ws.add_history(history)
        ws.relink_orders()  # orders waiting for these companies are linked now
        ws.relink_payments()
        if earlier:
            _report_left_out(earlier, matched, {ids[k] for k in firms}, log, result)

        problems = log.items
        result.problems = len(problems)
        result.problem_counts = dict(Counter(p.code for p in problems))
        result.changes = changes[:max_changes]
        result.changes_total = len(changes)
        if not (new_firms or new_contacts or company_updates or pointer_updates):
            result.nothing_changed = True
            own = (
                edit_problems + [p for p in problems if p.code == "kept-by-hand"]
                if layout.export_fields
                else []
            )
            if own and book.sha256 not in seen_files:
                # an export that changed nothing but whose rows disagree, or whose values a hand's
                # set kept out: those are its own problems (the rest are its source files', listed
                # already), kept so that none is lost
                problems = own
                result.problems = len(problems)
                result.problem_counts = dict(Counter(p.code for p in problems))
            elif not dry_run and nothing_to_keep(
                book.sha256, seen_files, problems, bool(layout.export_fields)
            ):
                raise _NothingToDo(result)
        ws.replace_problems(result.file, result.sheet, import_id, problems)
        ws.set_import_summary(import_id, result.accounting())
        from .orders import recheck_not_v

        recheck_not_v(ws)  # tiers changed, orders waiting for these firms linked: tier-not-v again
    return result


# The key fields the import's line counts the firms of the file with (ImportResult.key_fields).
KEY_FIELDS_COUNTED = ("town", "county", "industry", "size", "tier")


# A file that has this share of an earlier file's (and sheet's) contacts again is taken for a new
# version of it (as one of the same name and sheet is): the rest of them are no longer in it. So is an
# orders or payments file of an earlier import of the same name from another folder or sheet (a file
# moved, a sheet renamed).
NEW_VERSION_SHARE = 0.8
# From the same folder and sheet, an orders or payments file is a version of an earlier import of its
# name when it has this share of that import's lines again, or this share of its own lines are that
# import's: a file shrunk on purpose (4 of 10 kept: all its lines the old one's) is; another month's
# file saved under that name is not, though it repeats a line posted late (1 of 30 either way).
SAME_FILE_SHARE = 0.5


def version_source(result: FileResult) -> tuple[str, str]:
    """The (file name, sheet) of the stored rows that came from an earlier version of the file
    `result` reads: the same file name and sheet. A contact list is also a new version of another
    that it has NEW_VERSION_SHARE of again (_report_left_out); an orders or payments file must also
    share enough lines with the earlier import (SAME_FILE_SHARE either way from the same folder and
    sheet, NEW_VERSION_SHARE of its lines from another; see orders.lines_not_in_file), so `import
    --replace` never removes the lines of another file."""
    return result.file, result.sheet


def _report_left_out(
    earlier: list[dict], matched: set[int], in_file: set[int], log: ProblemLog, result: ImportResult
) -> None:
    """Firms and contacts an earlier version of this sheet held and this one does not: kept (a
    deleted row erases nothing), counted and reported, so that the manager can mark a firm that
    is gone (F2) or put its row back. `earlier`: the stored contacts with their source file and
    sheet; `matched`: those this file has again; `in_file`: the ids of this file's firms."""
    by_source: dict[tuple[str, str], list[dict]] = {}
    for c in earlier:
        by_source.setdefault((c["source_file"], c["source_sheet"]), []).append(c)
    left: list[dict] = []
    for source, contacts in by_source.items():
        again = sum(c["id"] in matched for c in contacts)
        if source == version_source(result) or again >= NEW_VERSION_SHARE * len(contacts):
            left += [c for c in contacts if c["id"] not in matched]
    gone: dict[int, dict] = {}
    for c in left:
        if c["company_id"] not in in_file:
            gone.setdefault(c["company_id"], c)
            continue
        who = c["name"] or c["phone"] or ""
        zh, en = vocab.problem_text(
            "contact-not-in-file", name=c["company"], contact=who, file=c["source_file"], row=c["source_row"]
        )
        log.add("contact-not-in-file", c["source_row"], "contact", who, zh, en)
    for c in gone.values():
        zh, en = vocab.problem_text(
            "firm-not-in-file",
            name=c["company"],
            id=c["company_id"],
            file=c["source_file"],
            row=c["source_row"],
        )
        log.add("firm-not-in-file", c["source_row"], "company", c["company"], zh, en)
    result.companies_left_out, result.contacts_left_out = len(gone), len(left)


# The key fields a column of your own gives and an import may otherwise infer (_company_updates).
_COLUMN_KEPT = ("town", "county", "industry", "size")


def _company_updates(
    firms: dict[str, Firm],
    existing: dict[str, dict],
    ids: dict[str, int],
    result: ImportResult,
    import_id: int,
    history: list[tuple],
    changes: list[Change],
    hand_set: set[tuple[int, str]] = frozenset(),
    log: ProblemLog | None = None,
    tier_from_closed: set[str] = frozenset(),
) -> list[tuple[int, str, object]]:
    """Field changes of firms already stored: non-blank new values win and are logged, except
    over a value set by hand (`hand_set`: (company id, field)), which is kept and the file's
    value reported. An F2 a registry status gave (`tier_from_closed`: firm keys) changes no tier
    the firm already has, from any source: it is for a firm with no tier of its own. A key field a
    column gave (its reason 列“行业”, 列“镇街” …) is kept, with its reason, over what this file
    infers (a name keyword, an address, figures): only a column of this file replaces it."""
    updates: list[tuple[int, str, object]] = []
    town_kept_rows: set[int] = set()  # firms whose held town this file, finding none, left as it is
    for key, firm in firms.items():
        old = existing.get(key)
        if old is None:
            continue
        ids[key] = old["id"]
        changed = False
        kept: set[str] = set()
        first = len(changes)
        # Parsed only for a firm whose stored basis names a column (most firms': none).
        old_reasons = orjson.loads(old["basis"]) if old["basis"] and "列“" in old["basis"] else None
        new_reasons = None
        # A stored town this file does not replace (a column's, or one set by hand), where
        # the file finds another or none: the county goes with that town, not this file's address.
        held_town = None
        town_elsewhere = old["town"] and firm.fields.get("town") != old["town"]
        if town_elsewhere and (old["id"], "town") in hand_set:
            held_town = old["town"]
        elif town_elsewhere and old_reasons is not None and from_column(old_reasons, "town"):
            new_reasons = orjson.loads(firm.fields["basis"]) if firm.fields.get("basis") else {}
            if not from_column(new_reasons, "town"):
                held_town = old["town"]
        county_reason = None  # the county's, where it is read from the held town
        for col in COMPANY_COLUMNS:
            if col in ("tier_raw", "basis", "employees_n", "revenue_n"):
                continue
            new_value = firm.fields.get(col)
            old_value = old[col]
            if col == "tier":  # compared as shown: the code, or the text of an unknown code
                old_value = old["tier"] or old["tier_raw"]
                new_value = new_value or firm.fields.get("tier_raw")
            if new_value in (None, ""):
                if col == "town" and held_town is not None:
                    # This file found no town (its address names a county, or none): the held
                    # town keeps its reason, and no problem says the 镇街 is left blank.
                    kept.add(col)
                    town_kept_rows.add(firm.first_row)
                continue
            if col == "county" and held_town is not None:
                if new_reasons is None:
                    new_reasons = orjson.loads(firm.fields["basis"]) if firm.fields.get("basis") else {}
                if not from_column(new_reasons, "county"):
                    # A blank county is filled only where the held town is in the county found,
                    # or from the address where the gazetteer does not know the town (the address's
                    # county is then the only evidence, its reason the address's).
                    known = _town_known(held_town)
                    if old_value or (known and not _town_in_county(held_town, new_value)):
                        kept.add(col)  # and its reason
                        if log is not None and new_value != old_value and (old["id"], col) in hand_set:
                            _report_kept(log, firm, col, old_value, new_value)
                        continue
                    if known:
                        from .enrich import county_from_town

                        county_reason = county_from_town(held_town, new_value)
            elif old_reasons is not None and col in _COLUMN_KEPT and from_column(old_reasons, col):
                if new_reasons is None:
                    new_reasons = orjson.loads(firm.fields["basis"]) if firm.fields.get("basis") else {}
                if not from_column(new_reasons, col):
                    kept.add(col)  # and its reason, also where the guess is the same value
                    continue
            if new_value == old_value:
                continue
            if col == "tier" and old_value and key in tier_from_closed:
                kept.add(col)  # nor its reason
                continue
            if (old["id"], col) in hand_set:
                kept.add(col)
                if log is not None:
                    _report_kept(log, firm, col, old_value, new_value)
                continue
            if firm.merged_name and old_value not in (None, "") and not _own_value(firm, col):
                kept.add(col)
                if log is not None:
                    _report_merged(log, firm, col, old_value, new_value)
                continue
            if col == "tier":
                updates += [
                    (old["id"], "tier", firm.fields.get("tier")),
                    (old["id"], "tier_raw", firm.fields.get("tier_raw")),
                ]
            else:
                updates.append((old["id"], col, new_value))
            history.append((old["id"], None, col, old_value, new_value, result.file, import_id))
            changes.append(Change(company=firm.name, field=col, old=old_value, new=new_value))
            changed = True
        if changed:
            updates += [
                (old["id"], c, firm.fields[c])
                for c in ("employees_n", "revenue_n")
                if firm.fields.get(c) is not None and firm.fields[c] != old[c]
            ]
        new_basis = firm.fields.get("basis")
        if changed and old["basis"]:
            # A value this import changed loses the old value's reason (an F2 from 登记状态 replaced
            # by the sheet's 客户分类, an address from 通信地址 by 地址), where the file gives none.
            new_basis = _without_reasons(old["basis"], new_basis, {c.field for c in changes[first:]})
        if county_reason is not None and any(c.field == "county" for c in changes[first:]):
            new_basis = orjson.dumps({**orjson.loads(new_basis or "{}"), "county": county_reason}).decode()
        if new_basis and new_basis != old["basis"] and (changed or not old["basis"]):
            updates.append((old["id"], "basis", _merged_basis(old["basis"], new_basis, kept)))
    if town_kept_rows and log is not None:
        log.items[:] = [p for p in log.items if not (p.code in _TOWN_LEFT_BLANK and p.row in town_kept_rows)]
    return updates


# The problems saying the 镇街 is left blank (dropped for a firm whose stored town is held).
_TOWN_LEFT_BLANK = frozenset({"town-not-found", "town-ambiguous", "town-elsewhere"})


def _town_known(town: str) -> bool:
    """Whether the gazetteer has this township in any county."""
    from .enrich.town import Gazetteer

    return bool(Gazetteer.load().towns.get(town))


def _town_in_county(town: str, county: str) -> bool:
    """Whether the gazetteer has this township in this county (full or short name)."""
    from .enrich.town import Gazetteer

    gaz = Gazetteer.load()
    return any(county in (gaz.counties[i].name, gaz.counties[i].short) for i in gaz.towns.get(town, ()))


def _without_reasons(old: str, new: str | None, fields: set[str]) -> str:
    """The new basis, with a null for each changed field the old one had a reason for and it has
    not (_merged_basis drops those)."""
    reasons = orjson.loads(new) if new else {}
    stale = (fields & orjson.loads(old).keys()) - reasons.keys()
    return orjson.dumps({**reasons, **dict.fromkeys(stale)}).decode() if stale else (new or "")


def _report_kept(log: ProblemLog, firm: Firm, col: str, kept: object, offered: object) -> None:
    f = vocab.FIELD_BY_KEY[col]
    option = col.replace("_", "-")
    zh, en = vocab.problem_text(
        "kept-by-hand", name=firm.name, field=(f.zh, f.en), kept=kept, v=offered, option=option
    )
    log.add("kept-by-hand", firm.first_row, col, f"{kept} / {offered}", zh, en)


# The sheet's fields a firm field is read or inferred from (Firm.own_fields), where not itself.
_READ_FROM = {
    "town": ("address", "town", "county"),
    "county": ("address", "town", "county"),
    "address_from": ("address",),
    "size": ("size", "employees", "revenue"),
    "industry": ("industry", "scope", "company"),
}


def _own_value(firm: Firm, col: str) -> bool:
    """Whether the firm's own rows give `col` (a value only a merged name's rows give fills a
    blank, changes none: regiontool merge never overwrites the kept firm's values)."""
    own = firm.own_fields
    return own is not None and not own.isdisjoint(_READ_FROM.get(col, (col,)))


def _report_merged(log: ProblemLog, firm: Firm, col: str, kept: object, offered: object) -> None:
    """A value of a merged firm's rows that differs from the firm's own: a conflicting value, the
    firm's kept (regiontool merge never overwrites the kept firm's values)."""
    f = vocab.FIELD_BY_KEY[col]
    name = f"{firm.name}（{firm.merged_name}）"
    zh, en = vocab.problem_text("conflicting-value", name=name, field=(f.zh, f.en), old=kept, v=offered)
    log.add("conflicting-value", firm.first_row, col, f"{kept} / {offered}", zh, en)


def _merged_basis(old: str | None, new: str, kept: set[str] = frozenset()) -> str:
    """Keep the reasons of fields this import did not decide (a blank never erases) and of
    fields whose value set by hand it kept."""
    merged = orjson.loads(old) if old else {}
    merged.update((k, v) for k, v in orjson.loads(new).items() if k not in kept)
    return orjson.dumps({k: v for k, v in merged.items() if v is not None}).decode()


class _NothingToDo(Exception):
    """Raised inside the transaction to roll back an import that would change nothing."""

    def __init__(self, result: ImportResult):
        self.result = result


def _stored_problems(ws: Workspace, sha256: str, result: ImportResult) -> None:
    """An import that changed nothing writes nothing, its problems neither: it announces the
    problems stored for its content (the latest import of it), which `regiontool problems`
    lists, and not those it would have added (kept-by-hand after a `set`: the hand's value
    stands, and the file brings nothing new)."""
    previous = ws.last_import_of(sha256)
    counts = ws.import_problem_counts(previous) if previous is not None else {}
    result.problem_counts = counts
    result.problems = sum(counts.values())


@gc_paused()
def run_import(
    ws: Workspace, prepared: PreparedImport, *, dry_run: bool = False, owner: str | None = None
) -> ImportResult:
    """import_contacts, treating an import that changes nothing as a success that writes nothing.

    A list whose content (and sheet) was imported before changes nothing either: what a later list,
    an edited export or `regiontool set` changed since stays. It is read as a dry run, to account
    for its rows, and the firms it would have changed are counted (kept_since)."""
    book = prepared.book
    before = earlier_import(ws, book, prepared.layout, "contacts")
    try:
        if before:
            result = import_contacts(ws, prepared, dry_run=True, owner=owner)
            result.imported_before, result.dry_run = before, dry_run
            result.kept_since = result.companies_new + result.companies_updated
            result.companies_unchanged = result.companies
            result.companies_new = result.companies_updated = result.contacts_new = 0
            result.contacts_updated = result.changes_total = result.owned = 0
            result.changes, result.nothing_changed = [], True
            _stored_problems(ws, book.sha256, result)
            return result
        return import_contacts(ws, prepared, dry_run=dry_run, owner=owner)
    except _NothingToDo as done:
        _stored_problems(ws, prepared.book.sha256, done.result)
        return done.result
    finally:
        for staged in (prepared.staged, prepared.staged_companies):
            if staged is not None:  # its file may stay attached until the transaction ends:
                staged.close()  # removing it now is safe where it was made (fork: POSIX)
