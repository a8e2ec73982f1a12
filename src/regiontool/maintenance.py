"""Backup, restore and check of the workspace, and moving it between databases (the
commands in cli/workspace.py).

Backups use SQLite's online backup, so a copy taken while an import runs is the state
before or after it, never half of it. A restore checks the file first and keeps a copy
of the current workspace; `check` runs SQLite's integrity and foreign-key checks. A
PostgreSQL workspace is backed up by its server (pg_dump); `migrate` creates its schema
and `copy` moves a manager's file into it, counting every table on both sides.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import OutputError, UsageError, WorkspaceError
from .store import SCHEMA_VERSION, Workspace, default_path, default_target, is_url

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class CheckReport:
    path: Path
    schema_version: int | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: str | Path | None = None) -> CheckReport:
    """Integrity, foreign keys, schema version and row counts of a workspace; changes nothing.
    A server checks its own pages and keys, so there only the version and counts are read."""
    target = db or default_target()
    if not is_url(str(target)):
        path = Path(target)
        if not path.is_file():
            raise WorkspaceError(f"no workspace at {path}", "pass --db PATH")
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                return CheckReport(path, None, ["not an SQLite database (the file header is wrong)"])
    ws = Workspace.open_as_is(target)
    report = CheckReport(ws.path, None)
    try:
        report.schema_version = ws.stored_schema_version()
        if report.schema_version is None:
            report.problems.append(
                "a database, but not a regiontool workspace (run `regiontool db migrate`)"
                if ws.shared
                else "an SQLite database, but not a regiontool workspace (no schema version)"
            )
            return report
        if report.schema_version > SCHEMA_VERSION:
            report.problems.append(
                f"schema {report.schema_version} is newer than this regiontool ({SCHEMA_VERSION}): upgrade it"
            )
        report.problems += ws.integrity_problems()
        if not report.problems:
            report.counts = ws.table_counts()
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"the database is damaged ({exc})")
    finally:
        ws.close()
    return report


def _refuse_server(db, what: str) -> None:
    if is_url(str(db or default_target())):
        raise UsageError(
            f"a PostgreSQL workspace cannot {what} here: its server keeps it",
            "use pg_dump / pg_restore, or `regiontool db copy` into a file",
        )


def backup(target: str | Path, db: str | Path | None = None) -> Path:
    """Copy the workspace to target (temporary file, then renamed); returns the target path."""
    from .io.write import atomic_path

    _refuse_server(db, "be backed up")
    target = Path(target)
    ws = Workspace.open(db)
    try:
        _refuse_same_file(target, ws.path, "back up the workspace onto itself")
        if target.is_dir():
            raise OutputError(f"{target} is a folder", "name the backup file, e.g. backup.db")
        with atomic_path(target) as tmp:
            tmp.unlink()  # the backup creates its own file
            ws.copy_to(tmp)
    finally:
        ws.close()
    return target


@dataclass
class RestoreResult:
    restored_from: Path
    workspace: Path
    previous_copy: Path | None
    counts: dict[str, int]


def restore(source: str | Path, db: str | Path | None = None) -> RestoreResult:
    """Replace the workspace by a backup, after checking the backup and copying the current one aside."""
    _refuse_server(db, "be restored")
    source = Path(source)
    workspace = Path(db) if db else default_path()
    if not source.is_file():
        raise UsageError(f"{source}: no such file", "name a backup written by `regiontool backup`")
    _refuse_same_file(source, workspace, "restore the workspace from itself")
    report = check(source)
    if not report.ok:
        raise WorkspaceError(
            f"{source} cannot be restored: {report.problems[0]}; nothing changed",
            "name a backup written by `regiontool backup`",
        )
    previous = None
    if workspace.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        previous = workspace.with_name(f"{workspace.name}.before-restore-{stamp}.bak")
        current = Workspace.open_as_is(workspace)
        try:
            current.copy_to(previous)
        except sqlite3.DatabaseError:
            current.close()
            previous.unlink(missing_ok=True)
            # A damaged workspace cannot be copied page by page: keep its bytes instead.
            previous.write_bytes(workspace.read_bytes())
        else:
            current.close()
    elif not workspace.parent.exists():
        raise OutputError(f"folder {workspace.parent} does not exist")
    src = Workspace.open_as_is(source)
    try:
        src.copy_to(workspace)  # one write transaction on the workspace: all pages or none
    finally:
        src.close()
    return RestoreResult(source, workspace, previous, report.counts)


def _refuse_same_file(a: Path, b: Path, what: str) -> None:
    try:
        same = a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        same = False
    if same:
        raise UsageError(f"{a} is the workspace itself: cannot {what}", "choose another file")


@dataclass
class MigrateResult:
    workspace: str
    schema_version: int
    created: bool
    tables: dict[str, int]


def migrate(db: str | Path | None = None) -> MigrateResult:
    """Create the schema on an empty database (a new team server), or bring an older workspace
    up to date; running it again changes nothing."""
    target = db or default_target()
    existed = Workspace.exists(target)
    ws = Workspace.open(target, create=True)
    try:
        return MigrateResult(str(ws.path), ws.stored_schema_version() or 0, not existed, ws.table_counts())
    finally:
        ws.close()


@dataclass
class CopyResult:
    source: str
    target: str
    counts: dict[str, tuple[int, int]]  # table → (rows in the source, rows in the copy)


def copy(source: str | Path, target: str | Path, progress=None) -> CopyResult:
    """Copy a whole workspace into an empty one (a manager's file into the team's PostgreSQL, or
    back into a file), ids and all, in one transaction on the target; the counts of every table
    are compared, and a difference undoes the copy."""
    if str(source) == str(target):
        raise UsageError("--from and --to name the same workspace", "copy into another database")
    if not is_url(str(source)) and not Path(source).is_file():
        raise UsageError(
            f"--from {source}: no such workspace", "name a regiontool.db file or a postgresql:// URL"
        )
    src = Workspace.open(source)
    try:
        dest = Workspace.open(target, create=True)
        try:
            if not dest.is_empty() or dest.table_counts().get("imports"):
                raise UsageError(
                    f"{dest.path} already holds a workspace with data; nothing copied",
                    "copy into an empty database (regiontool db migrate creates one)",
                )
            counts = src.copy_rows_to(dest, progress)
        except BaseException:
            dest.discard()
            raise
        dest.close()
    finally:
        src.close()
    return CopyResult(str(src.path), str(dest.path), counts)
