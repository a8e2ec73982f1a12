"""The workspace: the only package that speaks SQL.

A SQLite file by default, or a PostgreSQL database shared by a sales team
(`--db postgresql://…`): db.py makes the connection and holds the few expressions the two
spell differently; every query here is written once. Every write happens inside
`Workspace.transaction()`, so a failed command leaves the database as it was. The schema
carries a version number (schema.py). The SQL of each subject lives in its own module
(orders.py, activities.py, money.py, maintenance.py) as a part of the one `Workspace` class.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from pathlib import Path

from .. import vocab
from ..errors import UsageError, WorkspaceError
from ..forked import interrupts_held
from . import bulk
from .activities import ActivitiesSQL
from .common import DEFAULT_DB, default_path, default_target, now
from .db import (
    Database,
    busy,
    cannot_write,
    damaged_by,
    is_locked,
    is_url,
    newer_schema,
    quote,
    read_only_error,
)
from .maintenance import MaintenanceSQL
from .merging import MergingSQL
from .money import MoneySQL
from .orders import OrdersSQL
from .problems import ProblemsSQL
from .schema import (
    _MIGRATIONS,
    _SCHEMA,
    _SCHEMA_V2,
    _SCHEMA_V3,
    _SCHEMA_V4,
    _SCHEMA_V5,
    _SCHEMA_V6,
    _SERVER_MIGRATIONS,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_DATA,
    CONTACT_INSERT,
    ORDER_INSERT,
    SCHEMA_VERSION,
    create_statements,
    metadata,
)
from .sql import (
    _LIST_ORDERS,
    LIST_SORTS,
    PIVOT_COMPANY_FIELDS,
    TOWNS_IN_SEVERAL_COUNTIES,
    _FieldSQL,
    _rank,
    still_a_prospect,
    town_label,
)

__all__ = [
    "COMPANY_COLUMNS",
    "CONTACT_COLUMNS",
    "CONTACT_DATA",
    "CONTACT_INSERT",
    "DEFAULT_DB",
    "LIST_SORTS",
    "ORDER_INSERT",
    "PIVOT_COMPANY_FIELDS",
    "SCHEMA_VERSION",
    "Workspace",
    "_SCHEMA",
    "_SCHEMA_V2",
    "_SCHEMA_V3",
    "_SCHEMA_V4",
    "_SCHEMA_V5",
    "_SCHEMA_V6",
    "default_path",
    "default_target",
    "is_url",
    "now",
]

# Tables a manager's scope narrows to their own customers (Workspace.scope), and how.
_SCOPED = {
    "companies": "SELECT * FROM {s}.companies WHERE {mine}",
    "contacts": "SELECT * FROM {s}.contacts WHERE company_id IN (SELECT id FROM {s}.companies WHERE {mine})",
    "orders": "SELECT * FROM {s}.orders WHERE company_id IN (SELECT id FROM {s}.companies WHERE {mine})",
    "payments": "SELECT * FROM {s}.payments WHERE company_id IN (SELECT id FROM {s}.companies WHERE {mine})",
    "activities": "SELECT * FROM {s}.activities WHERE company_id IN (SELECT id FROM {s}.companies WHERE {mine})",
}


def company_columns(
    rows: list[dict],
    names: list[str] | None = None,
    keys: list[str] | None = None,
    overrides: dict[str, list] | None = None,
) -> dict[str, list]:
    """New companies' rows column by column: name, name_key and the columns some of them fill.
    Columns that no company of the file fills are left to their default (NULL): binding a value
    costs as much as storing it, and most sheets fill few of the optional fields. `names` and
    `keys`, when given, are the name and name_key columns, and `rows` the firms' fields as they
    are (no copy of each firm's dict with its name added: 0.1 s at 60,000 firms). `overrides`:
    columns (field → one value per row) that stand for the rows' own values of those fields."""
    if names is None:
        names, keys = list(map(dict.get, rows, repeat("name"))), list(map(dict.get, rows, repeat("name_key")))
    overrides = overrides or {}
    filled = set(chain.from_iterable(rows)) | overrides.keys()  # the keys any row holds, found in C
    columns = {"name": names, "name_key": keys}
    for c in COMPANY_COLUMNS:
        if c in filled:
            values = overrides[c] if c in overrides else list(map(dict.get, rows, repeat(c)))
            if values.count(None) < len(values):
                columns[c] = values
    return columns


class Workspace(OrdersSQL, ActivitiesSQL, MoneySQL, MaintenanceSQL, ProblemsSQL, MergingSQL):
    """A connection to one workspace: a SQLite file or a PostgreSQL database."""

    # Write transactions this process committed (a migration on opening aside): a Ctrl-C that
    # comes after an import's COMMIT must not be told "nothing written" (cli.handle_errors).
    commits = 0
    # The workspaces this process brought up to the current schema (migrations commit on their
    # own): a Ctrl-C later in the command must say the file was upgraded though no data changed.
    upgrades: list[tuple[str, str | None]] = []  # (workspace, its copy from before)
    backups: list[str] = []  # the copies made before a migration (one interrupted: the file unchanged)

    def __init__(self, db: Database, path: Path | str, created: bool):
        self.db = db
        self.path = path  # the file, or the URL without its password
        self.created = created
        self.manager: str | None = None  # set by scope()
        self._depth = 0  # open transaction levels: 1 for BEGIN, more for savepoints inside it
        self._attached: list[str] = []  # staged files (copy_staged), let go when the transaction ends
        self._scratch: list[str] = []  # staged files to delete then
        self._towns_shared: list[str] | None = None  # town names of several counties (town_sql)

    @property
    def shared(self) -> bool:
        """A server database a team shares (PostgreSQL), rather than one manager's file."""
        return self.db.dialect != "sqlite"

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path | None = None, *, create: bool = False) -> Workspace:
        """Open a workspace; with create=False a missing file is an error, not a new file.
        target is a file path or a postgresql:// URL (default: REGIONTOOL_DB, ./regiontool.db)."""
        target = default_target() if target is None else target
        if is_url(str(target)):
            return cls._open_server(str(target), create=create)
        path = Path(target)
        exists = path.exists()
        if not exists and not create:
            raise WorkspaceError(
                f"no workspace at {path}",
                "run `regiontool import FILE` first, or pass --db PATH",
                zh=f"{path} 没有工作区：请先运行 `regiontool import 文件`，或用 --db 指定工作区文件",
            )
        if not exists and not path.parent.exists():
            raise WorkspaceError(f"folder {path.parent} does not exist", zh=f"文件夹 {path.parent} 不存在")
        if path.is_dir():
            raise UsageError(
                f"--db {path} is a folder",
                "name the workspace file, e.g. regiontool.db",
                zh=f"--db {path} 是一个文件夹：请写工作区文件名，例如 regiontool.db",
            )
        try:
            ws = cls(Database.sqlite(path), path, created=not exists)
            ws._migrate()
        except sqlite3.DatabaseError as exc:  # busy, damaged or unwritable is no reason to call it foreign
            raise (
                cannot_write(exc, path)
                or (busy(path, exc) if is_locked(exc) else None)
                or damaged_by(exc, path)
                or WorkspaceError(
                    f"{path} is not a regiontool workspace ({exc})",
                    zh=f"{path} 不是 regiontool 工作区（{exc}）",
                )
            ) from exc
        return ws

    @classmethod
    def exists(cls, target: str | Path | None = None) -> bool:
        """Whether there is a workspace there already (a file, or the schema on a server)."""
        target = default_target() if target is None else target
        if not is_url(str(target)):
            return Path(target).is_file()
        db = Database.postgresql(str(target))
        try:
            return "meta" in db.tables()
        finally:
            db.close()

    @classmethod
    def _open_server(cls, url: str, *, create: bool) -> Workspace:
        """A PostgreSQL workspace. An empty database gets the schema on the first import (or
        `regiontool db migrate`); reading commands on it say so instead."""
        db = Database.postgresql(url)
        ws = cls(db, db.label, created=False)
        try:
            ws.created = "meta" not in db.tables()
            if ws.created and not create:
                raise WorkspaceError(
                    f"no workspace at {db.label} yet",
                    "run `regiontool import FILE` first (or `regiontool db migrate` for an empty schema)",
                    zh=f"{db.label} 上还没有工作区：请先运行 `regiontool import 文件`"
                    "（或用 `regiontool db migrate` 建好空的表结构）",
                )
            ws._migrate()
        except BaseException:
            db.close()
            raise
        return ws

    def close(self) -> None:
        self.db.close()

    def discard(self) -> None:
        """Close, and remove what this session created (a failed first import) if it is still
        empty: the file, or on a server the tables. Another process may have imported into it
        meanwhile, so the check runs under the writers' lock and an import elsewhere finishes first."""
        empty = False
        if self.created:
            try:
                if self.shared:
                    self.db.begin()
                else:
                    self.db.raw.execute("BEGIN EXCLUSIVE")
                empty = self.db.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
                if empty and self.shared:
                    self.db.execute(
                        f"DROP TABLE {', '.join(t.name for t in metadata().sorted_tables)} CASCADE"
                    )
                    self.db.commit()
                else:
                    self.db.rollback()
            except self.db.errors:
                with contextlib.suppress(*self.db.errors):
                    self.db.rollback()
                empty = False
        self.close()
        if empty and not self.shared:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        """Create a new workspace's schema, or bring an older file up to date (after a backup copy).

        Every step re-reads the state inside its own transaction: two processes opening one new
        or old workspace at once must not both create or migrate it. Its commits are not the
        command's writes (Workspace.commits)."""
        commits = Workspace.commits
        try:
            self._migrate_steps()
        finally:
            Workspace.commits = commits

    def _migrate_steps(self) -> None:
        if "meta" not in self.db.tables():
            with self.transaction():
                if "meta" not in self.db.tables():
                    for stmt in create_statements(self.db.dialect):
                        self.db.execute(stmt)
                    self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        version = self._version()
        if version > SCHEMA_VERSION:
            raise newer_schema(self.path, version)
        if version < SCHEMA_VERSION:
            if self.shared and version < min(_SERVER_MIGRATIONS) - 1:  # made before server workspaces
                raise WorkspaceError(
                    f"{self.path} has schema {version}, older than any server workspace",
                    zh=f"{self.path} 的结构版本 {version} 比任何服务器工作区都旧",
                )
            try:
                self._upgrade(version)
            except (WorkspaceError, *self.db.errors) as exc:  # a read-only folder or file, a full disk …
                failure = exc if isinstance(exc, WorkspaceError) else self.db.cannot_write(exc)
                if failure is None:
                    raise
                raise WorkspaceError(
                    f"{self.path} has schema {version}, which this regiontool upgrades to {SCHEMA_VERSION} "
                    f"on opening it: {failure.message}",
                    failure.hint
                    or "copy it to a folder you can write to, or use the regiontool that made it",
                    zh=f"{self.path} 是结构版本 {version} 的工作区，本版 regiontool 打开时要把它升级到 "
                    f"{SCHEMA_VERSION}：{failure.zh or failure.message}",
                ) from exc

    def _upgrade(self, version: int) -> None:
        """Bring a workspace of an older schema up to date, step by step (a backup copy of a file first)."""
        backup = None if self.shared else self._backup_before_migration(version)
        scripts = _SERVER_MIGRATIONS if self.shared else _MIGRATIONS
        for target, script in scripts.items():
            if version >= target:
                continue
            with self._foreign_keys_off(), self.transaction():
                if self._version() < target:  # not done meanwhile by another process
                    broken = self._broken_references()
                    self.db.run_script(script)
                    if target == 7 and not self.shared:  # where the workspace is: its imports' folder
                        self._fill_relative_paths()
                    if target == 8:  # keys made again where t2s no longer respells (乾 is no 干)
                        from .rekey import fold_managers, rekey_kept_hanzi

                        rekey_kept_hanzi(self)
                        fold_managers(self)
                    if self._broken_references() > broken:
                        raise WorkspaceError(
                            f"{self.path}: a schema migration left rows pointing at nothing; not migrated",
                            zh=f"{self.path}：结构升级后有记录指向不存在的数据，未作升级",
                        )
                    self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),))
                    Workspace.upgrades.append((str(self.path), backup and str(backup)))

    def _fill_relative_paths(self) -> None:
        """Schema 7's relative paths of the files read before it — the imports' rel_path and an
        input-rel: row beside each input: one (a budget, a targets file, a plan --calendar, a plan
        read by done) — only where they are sure: a stored path inside the workspace file's folder.
        A workspace moved or copied to another PC before this upgrade stored its files under an old
        folder: when none is inside its folder, and an old folder that is gone (the one over every
        stored path, or one above it) holds files that are now under the workspace's folder at the
        same relative place, the paths are taken relative to that old folder. Else none is kept (the
        absolute path still names the file)."""
        here = Path(self.path).resolve().parent
        imports = self.db.execute("SELECT id, path FROM imports WHERE rel_path IS NULL").fetchall()
        inputs = [
            r[0][len(INPUT_KEY) :]
            for r in self.db.execute(
                f"SELECT key FROM meta WHERE SUBSTR(key, 1, {len(INPUT_KEY)}) = ?", (INPUT_KEY,)
            )
        ]
        stored = [p for _, p in imports if p] + inputs
        old = _old_folder(stored, here)

        def rel(path: str | None) -> str | None:
            return _inside(path, here) or (_inside(path, old) if old else None)

        for i, path in imports:
            self.db.execute("UPDATE imports SET rel_path = ? WHERE id = ?", (rel(path), i))
        for path in inputs:
            if (r := rel(path)) is not None:
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    (INPUT_REL_KEY + r, now()),
                )

    @contextmanager
    def _foreign_keys_off(self) -> Iterator[None]:
        """SQLite: foreign keys off for a migration step (set outside its transaction), as its
        procedure for rebuilding a table asks: dropping the old table must not touch the rows
        that point at it. _broken_references counts them before and after the step."""
        if self.db.dialect != "sqlite":
            yield
            return
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")

    def _broken_references(self) -> int:
        """SQLite: rows whose foreign key points at nothing (an old file may hold some already)."""
        if self.db.dialect != "sqlite":
            return 0
        return len(self.db.execute("PRAGMA foreign_key_check").fetchall())

    def _version(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None or not str(row[0]).isdigit():
            raise WorkspaceError(
                f"{self.path} is a database, but not a regiontool workspace",
                zh=f"{self.path} 是数据库，但不是 regiontool 工作区",
            )
        return int(row[0])

    def _backup_before_migration(self, version: int) -> Path:
        """A copy of the file as it was, next to it, before any migration touches it."""
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        self.copy_to(target)
        Workspace.backups.append(str(target))
        return target

    def transaction(self):
        """BEGIN (waiting for any other writer) … COMMIT, or ROLLBACK on any error. Inside
        another transaction it is a SAVEPOINT: its error undoes its own part only, and the
        outer transaction decides for all (an import of several files is one transaction)."""
        return self._transaction(keep=True)

    def dry_transaction(self):
        """Like transaction(), but always rolled back: for --dry-run."""
        return self._transaction(keep=False)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One view of the workspace for a command that reads it many times (report, export): an import
        committed meanwhile shows in none of its reads, or in all (review r111 F3). A read transaction:
        SQLite's deferred BEGIN (WAL: the snapshot of its first read), PostgreSQL's REPEATABLE READ;
        inside a transaction, that one."""
        if self._depth:
            yield
            return
        self.db.begin_read()
        self._depth = 1
        try:
            yield
        finally:
            self._depth = 0
            self._towns_shared = None
            with contextlib.suppress(*self.db.errors):
                self.db.rollback()  # it wrote nothing

    @contextmanager
    def _transaction(self, keep: bool) -> Iterator[None]:
        if self._depth:
            with self._savepoint(keep):
                yield
            return
        if keep and not self.shared and (failure := read_only_error(Path(self.db.label))):
            raise failure  # root writes a chmod 444 file: refused by its mode bits, as SQLite refuses others
        try:
            self.db.begin()
        except self.db.errors as exc:
            if self.shared:
                self.db.rollback()
            raise self.db.cannot_write(exc) or self._busy(exc) from exc
        self._depth = 1
        self._towns_shared = None  # a write may change the towns
        try:
            try:
                yield
            except BaseException:
                with contextlib.suppress(*self.db.errors):  # a failing disk may refuse it too
                    self.db.rollback()
                raise
            try:
                if keep:
                    with interrupts_held():  # a Ctrl-C during the COMMIT comes after its count
                        self.db.commit()
                        Workspace.commits += 1
                else:
                    self.db.rollback()
            except self.db.errors:
                with contextlib.suppress(*self.db.errors):  # SQLite may have rolled back already
                    self.db.rollback()
                raise
        except self.db.errors as exc:
            failure = self._busy(exc) if self.db.is_busy(exc) else self.db.cannot_write(exc)
            if failure is None:
                raise
            raise failure from exc
        finally:
            self._depth = 0
            self._towns_shared = None
            try:
                while self._attached:  # a file read in a transaction is detached only after it
                    with contextlib.suppress(*self.db.errors):
                        self.db.execute(f"DETACH DATABASE {self._attached.pop()}")
            finally:  # a Ctrl-C during a DETACH still removes the scratch files
                while self._scratch:
                    bulk.remove(self._scratch.pop())

    def _busy(self, exc: BaseException) -> WorkspaceError:
        """Another writer held the workspace too long."""
        return busy(self.path, exc)

    @contextmanager
    def _savepoint(self, keep: bool) -> Iterator[None]:
        name = f"sp{self._depth}"
        self.db.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            # SQLite may have rolled the whole transaction back already (a full disk: SQLITE_FULL),
            # and the savepoint with it: the error that did it is the one to report.
            with contextlib.suppress(*self.db.errors):
                self.db.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.db.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            if not keep:
                self.db.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.db.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    def scope(self, manager: str | None) -> Workspace:
        """From now on this connection sees only `manager`'s customers (their contacts, orders,
        payments and activities): temporary views named like the tables shadow them, so every
        query of every analysis is narrowed in one place. None sees everything."""
        self.manager = manager
        if manager is None:
            return self
        mine = f"TRIM(manager) IN ({', '.join(map(quote, self.manager_spellings(manager.strip())))})"
        for table, select in _SCOPED.items():
            self.db.execute(f"DROP VIEW IF EXISTS {self.db.temp_schema}.{table}")
            self.db.execute(f"CREATE TEMP VIEW {table} AS " + select.format(s=self.db.schema, mine=mine))
        return self

    @contextmanager
    def territory(self):
        """The whole territory for a moment, under a manager's scope: what is measured on everyone's
        customers (RFM's cut points and splits, value.customer_value) is the same whoever looks."""
        manager = self.manager
        if manager is None:
            yield self
            return
        for table in _SCOPED:
            self.db.execute(f"DROP VIEW IF EXISTS {self.db.temp_schema}.{table}")
        self.manager = None
        try:
            yield self
        finally:
            self.scope(manager)

    def for_manager(self, manager: str | None, everyone: bool = False) -> Workspace:
        """Narrow this connection to one manager's customers (--manager), or to none (--all).

        A shared server workspace holds every manager's customers: there, a reading command
        must say whose it wants, so nobody plans a colleague's customers by accident. A
        manager's own file shows everything unless asked."""
        if manager is not None and not manager.strip():
            manager = None
        if manager and everyone:
            raise UsageError(
                "--manager and --all contradict each other",
                "choose one",
                zh="--manager 和 --all 不能同时使用：请二选一",
            )
        if manager:
            # 孫志強, 孙 志强: the 孙志强 held here, as the import reads them
            typed, manager = manager, self.known_manager(manager)
            counts = self.manager_counts()
            if manager not in counts:
                known = sorted(k for k in counts if k)[:10]
                raise UsageError(
                    f"no customers of manager '{typed}' here",
                    f"managers: {vocab.listed(known, 'en') or 'none'}",
                    zh=f"这里没有区域经理“{typed}”的客户：现有经理：{vocab.listed(known) or '无'}",
                )
        elif self.shared and not everyone:
            raise UsageError(
                f"{self.path} is shared by a team: say whose customers to show",
                "pass --manager NAME (or set REGIONTOOL_MANAGER), or --all",
                zh=f"{self.path} 是团队共用的工作区：请说明要看谁的客户——"
                "用 --manager 姓名（或设置 REGIONTOOL_MANAGER），或用 --all",
            )
        return self.scope(manager or None)

    def together(self, first, second):
        """Run two read-only calls at once: `second(ws)` on its own connection in a thread (the
        database works while the GIL is free), `first(self)` here. Two cores share the big
        scans of rfm and export."""
        from concurrent.futures import ThreadPoolExecutor

        if self._depth:  # in a transaction or a snapshot: another connection would not see its state
            return first(self), second(self)

        def beside():
            db = self.db.reopen_read_only()
            try:
                return second(type(self)(db, self.path, created=False).scope(self.manager))
            finally:
                db.close()

        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(beside)
            return first(self), pending.result()

    # --- companies and contacts ---------------------------------------------------

    def town_sql(self, alias: str = "c") -> str:
        """The town of `alias` (a companies row) as the analyses show, group and plan it: a township
        name the workspace holds in several counties comes with its county, 新桥镇（象山县）, so two
        townships of one name are two towns (sql.town_label). Asked once per transaction."""
        if self._towns_shared is None:
            sql = TOWNS_IN_SEVERAL_COUNTIES.format(s=self.db.schema)
            self._towns_shared = sorted(r[0] for r in self.db.execute(sql))
        return town_label(alias, self._towns_shared)

    def towns_in_several_counties(self) -> dict[str, list[str]]:
        """{township name: its counties, sorted} for each name the workspace holds in several
        counties: the names town_sql shows with their county, 新桥镇（象山县）."""
        sql = (
            "SELECT town, county FROM {s}.companies WHERE NULLIF(town, '') IS NOT NULL"
            " AND NULLIF(county, '') IS NOT NULL AND town IN ({shared}) GROUP BY town, county"
        )
        out: dict[str, list[str]] = {}
        self.town_sql()
        if self._towns_shared:
            shared = ", ".join("?" * len(self._towns_shared))
            for town, county in self.db.execute(
                sql.format(s=self.db.schema, shared=shared), self._towns_shared
            ):
                out.setdefault(town, []).append(county)
        return {t: sorted(c) for t, c in out.items()}

    def shown_town(self, text: str) -> tuple[str, str] | None:
        """(township, county) when `text` is a town label this workspace shows, 新桥镇（象山县） or
        新桥镇(象山县): a name it holds in several counties, with one of them. None for any other
        text, bracketed or not (a stored 滨海开发区(杭州湾新区) is a town of its own)."""
        town, county = vocab.split_town(text)
        if county is None:
            return None
        return (town, county) if county in self.towns_in_several_counties().get(town, ()) else None

    def companies_by_key(self, keys: Iterable[str]) -> dict[str, dict]:
        """Stored companies whose name_key is in keys, as dicts."""
        keys = list(dict.fromkeys(keys))
        cols = ("id", "name", "name_key", *COMPANY_COLUMNS)
        out: dict[str, dict] = {}
        if self.db.execute("SELECT 1 FROM companies LIMIT 1").fetchone() is None:
            return out
        self._temp_keys(keys)
        sql = (
            f"SELECT {', '.join('c.' + c for c in cols)} FROM companies c JOIN _keys k ON k.key = c.name_key"
        )
        for row in self.db.execute(sql):
            out[row[2]] = dict(zip(cols, row, strict=True))
        return out

    def _temp_keys(self, keys: Iterable[str]) -> None:
        """Fill the temporary table _keys (joined by the lookups below) with these keys."""
        self._temp_fill("_keys", "key TEXT PRIMARY KEY", dict.fromkeys(keys))

    def filled_counts(self, ids: list[int], fields: Iterable[str]) -> dict[str, int]:
        """How many of the companies `ids` have each of `fields` filled (not NULL, not blank)."""
        fields = [f for f in fields if f in COMPANY_COLUMNS]
        self._temp_ids(ids)
        sums = ", ".join(f"SUM(CASE WHEN c.{f} IS NULL OR c.{f} = '' THEN 0 ELSE 1 END)" for f in fields)
        row = self.db.execute(f"SELECT {sums} FROM companies c JOIN _ids i ON i.id = c.id").fetchone()
        return {f: int(v or 0) for f, v in zip(fields, row, strict=True)}

    def _temp_ids(self, ids: Iterable[int]) -> None:
        self._temp_fill("_ids", "id INTEGER PRIMARY KEY", set(ids))

    def _temp_fill(self, table: str, column: str, values: Iterable) -> None:
        self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({column})")
        self.db.execute(f"DELETE FROM {table}")
        self.db.load(table, ((v,) for v in values))

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM companies LIMIT 1").fetchone() is None

    def defer_indexes(self, tables: tuple[str, ...] = ("companies", "contacts")) -> list[tuple[str, str]]:
        """Before a first load into empty tables of a SQLite file, drop their secondary indexes
        (returned as (table, SQL) for restore_indexes): one sort after the load costs a fifth of
        keeping them up to date row by row. Call inside the transaction, so a failure restores them."""
        if self.db.dialect != "sqlite" or any(
            self.db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables
        ):
            return []
        marks = ", ".join("?" * len(tables))
        sql = (
            "SELECT name, tbl_name, sql FROM sqlite_master"
            f" WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})"
        )
        found = self.db.execute(sql, tables).fetchall()
        for name, _, _ in found:
            self.db.execute(f'DROP INDEX "{name}"')
        return [(table, ddl) for _, table, ddl in found]

    def restore_indexes(
        self, deferred: list[tuple[str, str]], table: str | None = None
    ) -> list[tuple[str, str]]:
        """Build the deferred indexes of `table` (None: all of them) once its rows are in; returns
        the others."""
        for on, statement in deferred:
            if table in (None, on):
                self.db.execute(statement)
        return [(on, statement) for on, statement in deferred if table not in (None, on)]

    def sample_addresses(self, limit: int = 20000) -> list[str]:
        sql = "SELECT address FROM companies WHERE address IS NOT NULL LIMIT ?"
        return [r[0] for r in self.db.execute(sql, (limit,))]

    def all_company_names(self) -> list[tuple[int, str, str]]:
        return self.db.execute("SELECT id, name, name_key FROM companies").fetchall()

    def extras_like(self, texts: Iterable[str]) -> list[tuple[str, str, str]]:
        """(name key, name, extra JSON) of the stored contacts whose original columns (extra) hold one
        of these texts (lower case): those that may have a given column, read only when asked."""
        texts = list(texts)
        where = " OR ".join(["LOWER(t.extra) LIKE ?"] * len(texts))
        sql = (
            "SELECT c.name_key, c.name, t.extra FROM contacts t JOIN companies c ON c.id = t.company_id"
            f" WHERE t.extra IS NOT NULL AND ({where})"
        )
        return self.db.execute(sql, [f"%{t}%" for t in texts]).fetchall()

    def set_owner(self, ids: list[int], manager: str, reason: str) -> int:
        """Give these companies to a manager where they have none (a list imported with --manager
        whose sheet names no 区域经理), with the reason explain shows; one owned already keeps its
        owner. Returns how many. Only these companies are read (joined to their ids in a temporary
        table: no bound variable per id), not every unowned firm of the workspace."""
        self._temp_ids(ids)
        sql = "SELECT c.id, c.basis FROM companies c JOIN _ids i ON i.id = c.id WHERE c.manager IS NULL"
        updates = []
        for i, basis in self.db.execute(sql).fetchall():
            reasons = json.loads(basis) if basis else {}
            reasons["manager"] = reason
            updates.append((manager, json.dumps(reasons, ensure_ascii=False, separators=(",", ":")), i))
        self.db.executemany(
            "UPDATE companies SET manager = ?, basis = ? WHERE id = ? AND manager IS NULL", updates
        )
        return len(updates)

    def has_managers(self) -> bool:
        """Whether any company has a manager: a workspace a team shares, or one manager's file that
        names them (an import without --manager then says its new firms are nobody's)."""
        sql = "SELECT 1 FROM companies WHERE NULLIF(TRIM(manager), '') IS NOT NULL LIMIT 1"
        return self.db.execute(sql).fetchone() is not None

    def insert_companies(self, rows: list[dict], import_id: int | None) -> dict[str, int]:
        """Insert new companies with ids assigned here (no read-back); returns name_key → id."""
        first = self.next_company_id()
        numbers = range(first, first + len(rows))
        # Column by column, the tuples made by zip: no Python call per company.
        columns = {"id": numbers, **company_columns(rows)}
        keys = columns["name_key"]
        stamps = {"import_id": import_id, "updated_at": now()}
        if not self._bulk_load("companies", columns, stamps):
            self.db.load(
                "companies",
                zip(*columns.values(), *map(repeat, stamps.values()), strict=False),
                (*columns, *stamps),
            )
        return dict(zip(keys, numbers, strict=True))

    def next_company_id(self) -> int:
        """The id the next new company gets (insert_companies numbers them from it, in order): above
        every id ever given, a merged firm's too (merging.ID_HIGH), so that a plan or export written
        before a merge never names a new firm by that id."""
        from .merging import ID_HIGH

        sql = (
            "SELECT COALESCE(MAX(v), 0) + 1 FROM (SELECT MAX(id) AS v FROM companies"
            " UNION ALL SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?) ids"
        )
        return int(self.db.execute(sql, (ID_HIGH,)).fetchone()[0])

    def defer_foreign_keys(self) -> None:
        """Check foreign keys at this transaction's commit, not row by row, so that rows may be
        loaded before the rows they point to (SQLite; the setting ends with the transaction)."""
        if self.db.dialect == "sqlite" and self._depth:
            self.db.execute("PRAGMA defer_foreign_keys = ON")

    def copy_staged_companies(
        self, path: str, columns: Sequence[str], keys: Sequence[str], import_id: int | None
    ) -> dict[str, int]:
        """insert_companies of rows another process wrote (importer.Staged): the table
        `companies` of the SQLite file `path` with a position `pos` and these columns."""
        first = self.next_company_id()
        self.copy_staged(
            path,
            "companies",
            ("id", *columns, "import_id", "updated_at"),
            f"? + pos, {', '.join(columns)}, ?, ?",
            (first, import_id, now()),
        )
        return dict(zip(keys, range(first, first + len(keys)), strict=True))

    def _bulk_load(self, table: str, columns: dict[str, Sequence], constants: dict[str, object]) -> bool:
        """Insert the columns (and the same constants in every row) through Arrow and a scratch
        file (store/bulk.py) when that is quicker; False when the caller must insert them."""
        n = len(next(iter(columns.values())))
        if self.db.dialect != "sqlite" or not self._depth or n < bulk.MIN_ROWS or not bulk.available():
            return False
        declared = self.db.execute(f"PRAGMA table_info({table})").fetchall()
        frame = bulk.arrow_frame(columns, frozenset(r[1] for r in declared if bulk.real_affinity(r[2])))
        if frame is None:
            return False
        file = bulk.scratch_file(table)
        try:
            bulk.write_scratch(file, table, frame)
        except Exception:  # noqa: BLE001 — the scratch file could not be written: insert as before
            bulk.remove(file)
            return False
        del frame
        select = ", ".join([*columns, *("?" * len(constants))])
        self.copy_staged(file, table, (*columns, *constants), select, tuple(constants.values()), remove=True)
        return True

    def update_fields(self, table: str, changes: list[tuple[int, str, object]]) -> None:
        """Apply (id, column, value) changes to companies or contacts."""
        allowed = {
            "companies": COMPANY_COLUMNS,
            "contacts": (
                *CONTACT_COLUMNS,
                "contact_key",
                "import_id",
                "source_file",
                "source_sheet",
                "source_row",
                "extra",
            ),
        }[table]
        by_col: dict[str, list] = {}
        for rid, col, value in changes:
            if col not in allowed:
                raise ValueError(col)
            by_col.setdefault(col, []).append((value, rid))
        for col, params in by_col.items():
            self.db.executemany(f"UPDATE {table} SET {col} = ? WHERE id = ?", params)
        if table == "companies" and changes:
            stamp = now()
            self.db.executemany(
                "UPDATE companies SET updated_at = ? WHERE id = ?",
                ((stamp, rid) for rid in {c[0] for c in changes}),
            )

    def contacts_with_source(self, besides_import: int) -> list[dict]:
        """Every stored contact but those of import `besides_import`, with its company's name and the
        file, sheet and row it was last imported from."""
        sql = (
            "SELECT c.id, c.company_id, co.name AS company, c.name, c.phone, c.source_file, c.source_sheet,"
            " c.source_row FROM contacts c JOIN companies co ON co.id = c.company_id"
            " WHERE c.import_id IS NULL OR c.import_id <> ? ORDER BY c.source_row, c.id"
        )
        cols = ("id", "company_id", "company", "name", "phone", "source_file", "source_sheet", "source_row")
        return [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql, (besides_import,))]

    def contacts_of(self, company_ids: Iterable[int]) -> dict[tuple[int, str], dict]:
        """Stored contacts of these companies keyed by (company_id, contact_key)."""
        ids = list(set(company_ids))
        cols = (
            "id",
            "company_id",
            "contact_key",
            *CONTACT_COLUMNS,
            "import_id",
            "source_sheet",
            "source_row",
            "extra",
        )
        self._temp_ids(ids)
        sql = f"SELECT {', '.join('c.' + c for c in cols)} FROM contacts c JOIN _ids i ON i.id = c.company_id"
        return {(r[1], r[2]): dict(zip(cols, r, strict=True)) for r in self.db.execute(sql)}

    def insert_contacts(self, rows: list[tuple]) -> None:
        """rows are tuples in CONTACT_INSERT order."""
        self.db.load("contacts", rows, CONTACT_INSERT)

    def copy_staged(
        self,
        path: str,
        table: str,
        columns: Sequence[str],
        select: str,
        params: Sequence,
        remove: bool = False,
    ) -> None:
        """INSERT INTO `table` (columns) SELECT `select` FROM the table of that name in the SQLite
        file `path`, in its rows' order: rows another process prepared are copied by the
        database, with no Python call per value (at 100,000 contacts a third of the time of
        inserting them from here). Inside a transaction; SQLite workspaces only. `remove`: the
        file is deleted once the transaction has let it go."""
        if self.db.dialect != "sqlite" or not self._depth:
            raise ValueError("copy_staged needs a SQLite workspace and an open transaction")
        alias = f"staged{len(self._attached)}"
        self.db.execute(f"ATTACH DATABASE ? AS {alias}", (path,))
        self._attached.append(alias)
        if remove:
            self._scratch.append(path)
        self.db.execute(
            f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {select} FROM {alias}.{table} ORDER BY rowid",
            params,
        )

    # --- imports, history, problems -------------------------------------------------

    def add_import(
        self,
        *,
        path: str,
        file_name: str,
        sha256: str,
        kind: str,
        sheet: str,
        header_row: int,
        headers: list[str],
        mapping: dict[str, str],
        rows: bytes = b"",
        read_as: dict | None = None,
    ) -> int:
        """Record an import; `read_as`: how a text file was read (encoding, delimiter), kept in its
        summary (READ_AS)."""
        cur = self.db.execute(
            "INSERT INTO imports (path, file_name, sha256, kind, sheet, header_row, headers, mapping,"
            " imported_at, summary, rows, rel_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                path,
                file_name,
                sha256,
                kind,
                sheet,
                header_row,
                json.dumps(headers, ensure_ascii=False),
                json.dumps(mapping, ensure_ascii=False),
                now(),
                json.dumps({READ_AS: read_as} if read_as else {}, ensure_ascii=False),
                rows,
                self.relative_path(path),
            ),
        )
        return int(cur.fetchone()[0])

    def relative_path(self, path: str | Path | None) -> str | None:
        """A file's path relative to the workspace file's folder ('a.xlsx', '销售/a.xlsx', '../a.xlsx'),
        kept beside its absolute path: the folder moved, renamed or copied to another PC with its
        workspace still names the same files. None for a server workspace, or where there is no
        such path (another drive)."""
        if path is None or self.shared:
            return None
        try:
            return Path(os.path.relpath(Path(path).resolve(), Path(self.path).resolve().parent)).as_posix()
        except (ValueError, OSError):
            return None

    def _here(self, rel: str) -> str:
        """A path relative_path gave, where it is now: under the workspace file's folder."""
        return str((Path(self.path).resolve().parent / rel).resolve())

    def set_import_summary(self, import_id: int, summary: dict) -> None:
        """Set an import's accounting; how its file was read (READ_AS, add_import) stays."""
        row = self.db.execute("SELECT summary FROM imports WHERE id = ?", (import_id,)).fetchone()
        read_as = json.loads(row[0] or "{}").get(READ_AS) if row else None
        if read_as is not None:
            summary = {**summary, READ_AS: read_as}
        self.db.execute(
            "UPDATE imports SET summary = ? WHERE id = ?",
            (json.dumps(summary, ensure_ascii=False), import_id),
        )

    def imports(self) -> list[dict]:
        cols = (
            "id",
            "path",
            "file_name",
            "sha256",
            "kind",
            "sheet",
            "header_row",
            "headers",
            "mapping",
            "imported_at",
            "summary",
        )
        out = []
        for row in self.db.execute(f"SELECT {', '.join(cols)} FROM imports ORDER BY id"):
            d = dict(zip(cols, row, strict=True))
            for k in ("headers", "mapping", "summary"):
                d[k] = json.loads(d[k])
            out.append(d)
        return out

    def import_shas(self) -> dict[int, str]:
        return dict(self.db.execute("SELECT id, sha256 FROM imports"))

    def import_rows(self, import_id: int) -> bytes | None:
        """The packed original cells of an import's data rows, inflated (records.unpack_rows)."""
        from isal import isal_zlib

        blob = self.db.execute("SELECT rows FROM imports WHERE id = ?", (import_id,)).fetchone()
        return isal_zlib.decompress(blob[0]) if blob and blob[0] else None

    def import_headers(self, import_id: int) -> list[str]:
        row = self.db.execute("SELECT headers FROM imports WHERE id = ?", (import_id,)).fetchone()
        return json.loads(row[0]) if row else []

    def import_mapping(self, import_id: int) -> dict[str, str]:
        """Header → field, of the columns the import read as a field."""
        row = self.db.execute("SELECT mapping FROM imports WHERE id = ?", (import_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def set_import_rows(
        self, import_id: int, rows: bytes, headers: list[str], mapping: dict[str, str] | None = None
    ) -> None:
        """Replace an import's kept rows (packed, records.pack_rows) and headers (and `mapping`, when
        given): the original cells a re-import kept where its file's were blank
        (reimport.keep_original_cells)."""
        self.db.execute(
            "UPDATE imports SET rows = ?, headers = ? WHERE id = ?",
            (rows, json.dumps(headers, ensure_ascii=False), import_id),
        )
        if mapping is not None:
            self.db.execute(
                "UPDATE imports SET mapping = ? WHERE id = ?",
                (json.dumps(mapping, ensure_ascii=False), import_id),
            )

    def add_history(self, rows: list[tuple]) -> None:
        """rows: (company_id, contact_id, field, old, new, source, import_id)."""
        stamp = now()
        cols = ("company_id", "contact_id", "field", "old", "new", "source", "import_id", "changed_at")
        self.db.load("history", (tuple(r) + (stamp,) for r in rows), cols)

    def fields_last_set_by(self, source: str, company_ids: Iterable[int]) -> set[tuple[int, str]]:
        """(company id, field) of the company fields among these companies whose latest change
        came from `source`. The rows a merged firm's history left on the firm are not its changes
        (merging.MERGED_FROM)."""
        wanted = set(company_ids)
        if not wanted:
            return set()
        self._temp_ids(wanted)  # only these companies' history is read (the index history_company)
        sql = (
            "SELECT h.company_id, h.field FROM history h JOIN ("
            "SELECT MAX(h2.id) AS id FROM history h2 JOIN _ids i ON i.id = h2.company_id"
            " WHERE h2.contact_id IS NULL AND (h2.source IS NULL OR substr(h2.source, 1, ?) <> ?)"
            " GROUP BY h2.company_id, h2.field"
            ") last ON last.id = h.id WHERE h.source = ?"
        )
        from .merging import MERGED_FROM

        args = (len(MERGED_FROM), MERGED_FROM, source)
        return {(c, f) for c, f in self.db.execute(sql, args)}

    def history(self, company_id: int | None = None) -> list[dict]:
        cols = ("company_id", "contact_id", "field", "old", "new", "source", "import_id", "changed_at")
        sql = f"SELECT {', '.join(cols)} FROM history"
        args: tuple = ()
        if company_id is not None:
            sql += " WHERE company_id = ?"
            args = (company_id,)
        return [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql + " ORDER BY id", args)]

    def replace_problems(self, file_name: str, sheet: str | None, import_id: int, problems: list) -> None:
        """A sheet's problems are those of its latest import: importing a workbook's 订单 sheet
        leaves the problems of its 客户 sheet, imported before, as they are."""
        self.db.execute(
            "DELETE FROM problems WHERE file = ? AND (sheet = ? OR sheet IS NULL)", (file_name, sheet)
        )
        self.db.load(
            "problems",
            (
                (import_id, p.code, p.file, p.sheet, p.row, p.column, p.value, p.message_zh, p.message_en)
                for p in problems
            ),
            ("import_id", "code", "file", "sheet", "row", "col", "value", "message_zh", "message_en"),
        )

    def import_problem_counts(self, import_id: int) -> dict[str, int]:
        """How many stored problems of each code an import has (those `problems` lists)."""
        sql = "SELECT code, COUNT(*) FROM problems WHERE import_id = ? GROUP BY code"
        return {code: int(n) for code, n in self.db.execute(sql, (import_id,))}

    def earlier_import(
        self, sha256: str, sheet: str, table: str, *, path: str | None = None, reading: dict | None = None
    ) -> dict | None:
        """The import that had this file before — the same content (sha256), sheet, table (contacts,
        orders, payments: vocab.import_table) and reading (`reading`: header_row, mapping, read_as;
        another --map, --header-row, --encoding or --delimiter is a new import) — as {id, file_name,
        imported_at, first_id, first_file} (first_id, first_file: the first import of that content and
        its file name), or None.

        Of a file imported before (`path`, by its absolute path or its path relative to the workspace:
        _import_path) only its latest import counts: a file whose last import had other bytes is a new
        version, even when its bytes are an older import's again. A path never imported is "imported
        before" when any import had its content and reading (a copy of an old export)."""
        here, rel = (path, self.relative_path(path)) if path else (None, None)
        rows = self.db.execute(
            "SELECT id, file_name, imported_at, kind, sha256, header_row, mapping, summary, path, rel_path"
            " FROM imports WHERE sheet = ? AND (sha256 = ? OR path = ? OR rel_path = ?) ORDER BY id DESC",
            (sheet, sha256, here, rel),
        ).fetchall()
        rows = [r for r in rows if vocab.import_table(r[3]) == table]
        same = [r for r in rows if r[4] == sha256]
        if not same:
            return None
        mine = [r for r in rows if here is not None and (r[8] == here or (rel is not None and r[9] == rel))]
        candidates = mine[:1] if mine else same
        found = next((r for r in candidates if r[4] == sha256 and _read_alike(r, reading)), None)
        if found is None:
            return None
        return {
            "id": int(found[0]),
            "file_name": found[1],
            "imported_at": str(found[2]),
            "first_id": int(same[-1][0]),
            "first_file": same[-1][1],
        }

    def last_import_of(self, sha256: str) -> int | None:
        """The latest recorded import of a file with this content."""
        row = self.db.execute("SELECT MAX(id) FROM imports WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    # --- reading for export and analyses --------------------------------------------

    def resource_companies(self, reasons: tuple[str, ...]) -> list[tuple]:
        """Company columns of the resource table (export.resource_table spreads them onto contacts);
        the reasons of the fields `reasons` names (export.BASIS_ORDER) come last, read out of the JSON
        by the database (a JSON parse per firm in Python cost 0.4 s at 60,000 firms)."""
        reasons = ", ".join(self.db.json_text("basis", k) for k in reasons)
        sql = f"SELECT id, name, address, manager, town, county, industry, size, tier, tier_raw, {reasons} FROM companies"
        return self.db.execute(sql).fetchall()

    def resource_contacts(self) -> list[tuple]:
        sql = (
            "SELECT company_id, name, phone, key_contact, key_contact_raw, source_file, source_sheet,"
            " source_row, import_id FROM contacts"
        )
        return self.db.execute(sql).fetchall()

    def counts(self) -> dict[str, int]:
        one = lambda sql: int(self.db.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "companies": one("SELECT COUNT(*) FROM companies"),
            "contacts": one("SELECT COUNT(*) FROM contacts"),
            "imports": len(self.scope_imports()) if self.manager else one("SELECT COUNT(*) FROM imports"),
            "problems": self.problem_count(),  # those `problems` lists (a manager's: problems())
            "history": one("SELECT COUNT(*) FROM history"),
            "orders": one("SELECT COUNT(*) FROM orders"),
            "orders_unlinked": one("SELECT COUNT(*) FROM orders WHERE company_id IS NULL"),
        }

    def opportunity_rows(self, filters: list[tuple[str, bool, list[str]]]) -> list[tuple]:
        """(id, name, tier, manager, town, deal_level, closing, value_level, attractiveness, advantage)
        of companies with any energy or value level set, but those dropped (F2 closed, F3 not a fit):
        they have no opportunity left to score."""
        q = _FieldSQL("companies", self.db, self.town_sql())
        where = [
            "COALESCE(c.deal_level, c.closing, c.value_level, c.attractiveness, c.advantage) IS NOT NULL",
            still_a_prospect("c.tier"),
            *q.where(filters),
        ]
        sql = (
            f"SELECT c.id, c.name, COALESCE(c.tier, c.tier_raw), c.manager, {self.town_sql()}, c.deal_level,"
            " c.closing, c.value_level, c.attractiveness, c.advantage"
            f" FROM companies c {' '.join(q.joins)} WHERE {' AND '.join(where)} ORDER BY c.id"
        )
        return self.db.execute(sql, q.params).fetchall()

    def dropped_with_levels(self) -> int:
        """Companies with an energy or value level that opportunity_rows leaves out (F2/F3)."""
        sql = (
            "SELECT COUNT(*) FROM companies WHERE COALESCE(deal_level, closing, value_level, attractiveness,"
            f" advantage) IS NOT NULL AND NOT {still_a_prospect('tier')}"
        )
        return int(self.db.execute(sql).fetchone()[0])

    def replacement_chances(self) -> list[tuple]:
        """Tier E firms (a competitor's product, used badly): (id, name, town, industry, size,
        competitor, manager, contact, phone, contacts), the contact a key one when there is one;
        biggest first, then by town and name."""
        best = (
            "FROM contacts x WHERE x.company_id = c.id"
            " ORDER BY CASE x.key_contact WHEN '是' THEN 0 ELSE 1 END, x.phone IS NULL, x.id LIMIT 1"
        )
        sql = (
            f"SELECT c.id, c.name, {self.town_sql()}, c.industry, c.size, c.competitor, c.manager,"
            f" (SELECT x.name {best}), (SELECT x.phone {best}),"
            " (SELECT COUNT(*) FROM contacts x WHERE x.company_id = c.id)"
            f" FROM companies c WHERE c.tier = 'E'"
            f" ORDER BY {_rank('c.size', vocab.SIZE_ORDER)}, c.town IS NULL, c.town, c.county IS NULL, c.county, c.name"
        )
        return self.db.execute(sql).fetchall()

    def county_counts(self) -> dict[str, int]:
        sql = "SELECT county, COUNT(*) FROM companies WHERE county IS NOT NULL GROUP BY county"
        return dict(self.db.execute(sql).fetchall())

    def find_companies(self, text: str, key: str, limit: int = 20) -> list[dict]:
        """Companies whose name contains text (or whose key contains key), best matches first."""
        cols = ("id", "name", "name_key", *COMPANY_COLUMNS)
        sql = (
            f"SELECT {', '.join(cols)} FROM companies WHERE name_key = ? OR name LIKE ? OR name_key LIKE ?"
            " ORDER BY name_key = ? DESC, length(name) LIMIT ?"
        )
        like_name, like_key = f"%{text}%", f"%{key}%"
        rows = self.db.execute(sql, (key, like_name, like_key, key, limit)).fetchall()
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def contacts_of_company(self, company_id: int) -> list[dict]:
        cols = ("id", *CONTACT_COLUMNS, "source_file", "source_sheet", "source_row")
        sql = f"SELECT {', '.join(cols)} FROM contacts WHERE company_id = ? ORDER BY source_row, id"
        return [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql, (company_id,))]

    # --- grouped counts for pivots: the database does the counting -------------------

    def original_headers(self) -> list[str]:
        """Headers of the imported columns that map to no field (queryable in contacts.extra). A
        header another import read as a field (客户分类: the tier's) is an original column only where
        a contact holds a value of it: a workspace updated before keep_original_cells kept the mapping
        has it in an import's headers only (review r94 F4), while a column a --map left unread in one
        file (类型 as written) is still the file's own (review r95 F2)."""
        seen: dict[str, None] = {}
        fields: set[str] = set()
        for kind, headers, mapping in self.db.execute(
            "SELECT kind, headers, mapping FROM imports ORDER BY id"
        ):
            if vocab.import_table(kind) != "contacts":
                continue
            mapped = json.loads(mapping)
            fields.update(mapped)
            for h in json.loads(headers):
                if h not in mapped:
                    seen.setdefault(h, None)
        return [h for h in seen if h not in fields or self._extra_holds(h)]

    def _extra_holds(self, header: str) -> bool:
        """Whether any contact keeps a value of this original column (contacts.extra)."""
        sql = f"SELECT 1 FROM contacts WHERE {self.db.json_text('extra', header)} IS NOT NULL LIMIT 1"
        return self.db.execute(sql).fetchone() is not None

    def numeric_columns(self) -> list[str]:
        """The original columns (original_headers) that hold at least one number: the ones a
        pivot can add up. One scan of the contacts."""
        headers = self.original_headers()
        if not headers:
            return []
        checks = [
            f"MAX(CASE WHEN {_number(self.db, self.db.json_text('k.extra', h))} IS NOT NULL THEN 1 END)"
            for h in headers
        ]
        row = self.db.execute(f"SELECT {', '.join(checks)} FROM contacts k").fetchone()
        return [h for h, hit in zip(headers, row or (), strict=False) if hit]

    def figure_texts(self, field: str) -> list[str]:
        """The distinct texts of employees or revenue that were read as a figure."""
        if field not in ("employees", "revenue"):
            raise ValueError(field)
        sql = f"SELECT DISTINCT c.{field} FROM companies c WHERE c.{field}_n IS NOT NULL AND c.{field} IS NOT NULL"
        return [r[0] for r in self.db.execute(sql)]

    def group_counts(
        self,
        dims: list[str],
        filters: list[tuple[str, bool, list[str]]],
        unit: str,
        measure: str | None = None,
        leave_out: Sequence[str] = (),
    ) -> list[tuple]:
        """Rows of (*dim values, records, sum of measure, records with a measure, records left out
        [, for an original column: one of the texts left out]).

        dims and filter fields are company field keys, 'key_contact', or 'col:HEADER' for an
        unmapped original column; unit is 'companies' or 'contacts'. A filter is
        (field, negate, values) where '' in values stands for blank. leave_out: texts of the
        measure's own column (employees, revenue) whose figure is not used (a bound such as
        1000人以上); the records holding one are counted in the records left out, as are those
        of an original column whose text is no whole number.
        """
        q = _FieldSQL(unit, self.db, self.town_sql() if "town" in dims or _names_town(filters) else "c.town")
        select = [f"NULLIF(CAST({q.expr(d)} AS TEXT), '')" for d in dims]
        where = q.where(filters)
        m = "CAST(NULL AS DOUBLE PRECISION)"
        left = "0"
        params: list = []  # the select's, before the filters'
        if measure:
            m = {"employees": "c.employees_n", "revenue": "c.revenue_n"}.get(measure)
            if m is None and measure.startswith("col:"):
                cell = q.expr(measure)
                m = _number(self.db, cell)
                # a text that is no whole number ('约10', '1000人以上'): counted, and one shown
                words = f"NULLIF(TRIM(CAST({cell} AS TEXT)), '') IS NOT NULL AND {m} IS NULL"
                left = f"SUM(CASE WHEN {words} THEN 1 ELSE 0 END), MIN(CASE WHEN {words} THEN CAST({cell} AS TEXT) END)"
            if m is None:
                raise ValueError(measure)
            if leave_out and measure in ("employees", "revenue"):
                held = f"c.{measure} IN ({', '.join('?' * len(leave_out))})"
                m = f"(CASE WHEN {held} THEN NULL ELSE {m} END)"
                left = f"SUM(CASE WHEN {held} THEN 1 ELSE 0 END)"
                params = [*leave_out] * 3  # in SUM(m), COUNT(m) and the count left out
        sql = (
            f"SELECT {', '.join([*select, 'COUNT(*)', f'SUM({m})', f'COUNT({m})', left])} {q.from_clause()}"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + (f" GROUP BY {', '.join(str(i + 1) for i in range(len(dims)))}" if dims else "")
        )
        return self.db.execute(sql, [*params, *q.params]).fetchall()

    def unknown_tiers(self, filters: list[tuple[str, bool, list[str]]], unit: str) -> list[tuple[str, int]]:
        """(tier as written, records) of the records the filters keep whose 客户分类 names no code (A+,
        大客户): analyses count them blank, and say so. Most first."""
        q = _FieldSQL(unit, self.db, self.town_sql() if _names_town(filters) else "c.town")
        where = [*q.where(filters), "c.tier IS NULL", "NULLIF(TRIM(c.tier_raw), '') IS NOT NULL"]
        sql = (
            f"SELECT TRIM(c.tier_raw), COUNT(*) {q.from_clause()} WHERE {' AND '.join(where)}"
            " GROUP BY TRIM(c.tier_raw) ORDER BY 2 DESC, 1"
        )
        return [(t, int(n)) for t, n in self.db.execute(sql, q.params).fetchall()]

    def list_companies(
        self, filters: list[tuple[str, bool, list[str]]], sort: str, limit: int | None
    ) -> list[tuple]:
        """Companies with their key fields, contacts and key-contact flag, filtered and ordered."""
        order = _LIST_ORDERS[sort]
        q = _FieldSQL("companies", self.db, self.town_sql())
        kc = q.expr("key_contact")
        where = q.where(filters)
        sql = (
            f"SELECT c.id, c.name, {q.town}, c.industry, c.size, COALESCE(c.tier, c.tier_raw), c.manager,"
            f" (SELECT COUNT(*) FROM contacts x WHERE x.company_id = c.id), {kc}"
            f" FROM companies c {' '.join(q.joins)}"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY {order}"
            + (" LIMIT ?" if limit else "")
        )
        return self.db.execute(sql, [*q.params, *([limit] if limit else [])]).fetchall()

    def input_paths(self) -> list[str]:
        """Every file ever given to the workspace to read: those of the recorded imports, and those
        remember_input kept (an import that changed nothing, an --industry-rules file, a budget,
        a targets file, a plan --calendar, a plan read back by done). No output overwrites them.

        Each by its absolute path and by its path relative to the workspace, where that is now (the
        folder moved or copied with its workspace); and every imported file's content as well
        (io.write.SameContent: a file holding the bytes of one imported is that file, wherever)."""
        from ..io.write import SameContent

        sql = (
            "SELECT path, rel_path FROM imports UNION"
            f" SELECT SUBSTR(key, {len(INPUT_KEY) + 1}), NULL FROM meta WHERE SUBSTR(key, 1, {len(INPUT_KEY)}) = ?"
            f" UNION SELECT NULL, SUBSTR(key, {len(INPUT_REL_KEY) + 1}) FROM meta"
            f" WHERE SUBSTR(key, 1, {len(INPUT_REL_KEY)}) = ?"
        )
        paths: dict[str, None] = {}
        for path, rel in self.db.execute(sql, (INPUT_KEY, INPUT_REL_KEY)):
            if path is not None:
                paths[path] = None
            if rel is not None and not self.shared:
                paths[self._here(rel)] = None
        contents = [SameContent(r[0]) for r in self.db.execute("SELECT DISTINCT sha256 FROM imports")]
        return [*paths, *contents]

    def remember_input(self, path: str | Path) -> None:
        """Keep the path of a file the user gave a command to read (a meta row, the path resolved:
        ./, ../ and links name one file; another with its path relative to the workspace), for
        input_paths: a budget or a filled-in plan is typed by hand and must never be overwritten by
        an --out, nor an import's file that changed nothing."""
        rel = self.relative_path(path)
        path = str(Path(path).resolve())
        for key in (INPUT_KEY + path, *([INPUT_REL_KEY + rel] if rel is not None else [])):
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (key, now())
            )


def _inside(path: str | None, folder: Path) -> str | None:
    """A stored absolute path relative to folder, when it lies inside it ('a.xlsx', '销售/a.xlsx')."""
    if not path:
        return None
    try:
        rel = Path(os.path.relpath(path, folder))
    except ValueError:  # another drive
        return None
    return None if rel.is_absolute() or rel.parts[:1] == ("..",) else rel.as_posix()


def _old_folder(stored: list[str], here: Path) -> Path | None:
    """The folder a workspace moved before its upgrade to schema 7 was in, judged by its files
    (Workspace._fill_relative_paths): None when a stored path is inside its folder `here` (it did not
    move), else the gone folder over every stored path (or one above it, also gone) under which the
    most of them are found again at the same relative place under `here` — at least one."""
    paths = [p for p in stored if p and Path(p).is_absolute()]
    if not paths or any(_inside(p, here) for p in paths):
        return None
    try:
        folder = Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
    except ValueError:  # several drives
        return None
    best, found = None, 0
    while not folder.exists() and folder != folder.parent:
        n = sum((here / r).is_file() for p in paths if (r := _inside(p, folder)))
        if n > found:
            best, found = folder, n
        folder = folder.parent
    return best


def _names_town(filters: list[tuple[str, bool, list[str]]]) -> bool:
    return any(f[0] == "town" for f in filters)


def _number(db: Database, expr: str) -> str:
    """A number read from an original column's cell, NULL where it holds no whole number
    (words such as '购买名单' would add up as 0, and '1000人以上' as 1000)."""
    return db.to_number(expr)


# The meta rows keeping the paths of files given to a command to read (Workspace.remember_input).
INPUT_KEY = "input:"
INPUT_REL_KEY = "input-rel:"  # the same, relative to the workspace file's folder (relative_path)
# In an import's summary: how a text file was read (its encoding and delimiter, detected or forced),
# part of what earlier_import compares; kept when the summary is set (set_import_summary)
READ_AS = "read_as"


def _read_alike(row: tuple, reading: dict | None) -> bool:
    """Whether an import (a row of earlier_import: …, header_row, mapping, summary at 5, 6, 7) read its
    file as `reading` does (header_row, mapping, read_as). An import that kept no read_as (made before
    it was kept) is taken as read alike in that."""
    if reading is None:
        return True
    if row[5] != reading.get("header_row") or json.loads(row[6] or "{}") != reading.get("mapping", {}):
        return False
    kept = json.loads(row[7] or "{}").get(READ_AS)
    return kept is None or kept == reading.get(READ_AS)
