"""The workspace: the only package that speaks SQL.

A SQLite file by default. Every write happens inside `Workspace.transaction()`, so a
failed command leaves the file as it was. The schema carries a version number and
`_migrate` brings older files up to date (schema.py). The SQL of each subject lives in
its own module (orders.py, activities.py, money.py, maintenance.py) as a part of the one
`Workspace` class.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .. import vocab
from ..errors import WorkspaceError
from .activities import ActivitiesSQL
from .common import DEFAULT_DB, default_path, now
from .maintenance import MaintenanceSQL
from .money import MoneySQL
from .orders import OrdersSQL
from .schema import (
    _MIGRATIONS,
    _SCHEMA,
    _SCHEMA_V2,
    _SCHEMA_V3,
    _SCHEMA_V4,
    _SCHEMA_V5,
    COMPANY_COLUMNS,
    CONTACT_COLUMNS,
    CONTACT_DATA,
    CONTACT_INSERT,
    ORDER_INSERT,
    SCHEMA_VERSION,
)
from .sql import _LIST_ORDERS, LIST_SORTS, PIVOT_COMPANY_FIELDS, _FieldSQL, _rank

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
    "default_path",
    "now",
]


class Workspace(OrdersSQL, ActivitiesSQL, MoneySQL, MaintenanceSQL):
    """A connection to one workspace file."""

    def __init__(self, conn: sqlite3.Connection, path: Path, created: bool):
        self.conn = conn
        self.path = path
        self.created = created

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = False) -> Workspace:
        """Open a workspace; with create=False a missing file is an error, not a new file."""
        path = Path(path) if path else default_path()
        exists = path.exists()
        if not exists and not create:
            raise WorkspaceError(
                f"no workspace at {path}", "run `regiontool import FILE` first, or pass --db PATH"
            )
        if not exists and not path.parent.exists():
            raise WorkspaceError(f"folder {path.parent} does not exist")
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: index pages of big imports stay in memory
            ws = cls(conn, path, created=not exists)
            ws._migrate()
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{path} is not a regiontool workspace ({exc})") from exc
        return ws

    def close(self) -> None:
        self.conn.close()

    def discard(self) -> None:
        """Close, and delete the file if this session created it (a failed first import) and it
        is still empty: another process may have imported into it meanwhile. The check runs
        under an exclusive lock, so an import in progress elsewhere finishes first."""
        empty = False
        if self.created:
            try:
                self.conn.execute("BEGIN EXCLUSIVE")
                empty = self.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                empty = False
        self.close()
        if empty:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        """Create a new file's schema, or bring an older one up to date (after a backup copy).

        Every step re-reads the state inside its own transaction: two processes opening one new
        or old file at once must not both create or migrate it."""
        if not self._tables():
            with self.transaction():
                if not self._tables():
                    self._run_script("".join(_MIGRATIONS.values()))
                    self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        if "meta" not in self._tables():
            raise WorkspaceError(f"{self.path} is a database, but not a regiontool workspace")
        version = self._version()
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"{self.path} was written by a newer regiontool (schema {version})",
                "upgrade regiontool (pip install -U regiontool)",
            )
        if version < SCHEMA_VERSION:
            self._backup_before_migration(version)
        for target, script in _MIGRATIONS.items():
            if version >= target:
                continue
            with self.transaction():
                if self._version() < target:  # not done meanwhile by another process
                    self._run_script(script)
                    self.conn.execute(
                        "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),)
                    )

    def _tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _version(self) -> int:
        return int(self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])

    def _run_script(self, script: str) -> None:
        for stmt in script.strip().split(";"):
            if stmt.strip():
                self.conn.execute(stmt)

    def _backup_before_migration(self, version: int) -> Path:
        """A copy of the file as it was, next to it, before any migration touches it."""
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        return target

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise WorkspaceError(
                f"{self.path} is busy ({exc})", "another regiontool may be running; retry"
            ) from exc
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def dry_transaction(self) -> Iterator[None]:
        """Like transaction(), but always rolled back: for --dry-run."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            self.conn.execute("ROLLBACK")

    def together(self, first, second):
        """Run two read-only calls at once: `second(ws)` on its own read-only connection in a
        thread (SQLite releases the GIL while it works), `first(self)` here. Two cores share
        the big scans of rfm and export."""
        from concurrent.futures import ThreadPoolExecutor

        def beside():
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
            try:
                conn.execute("PRAGMA cache_size = -65536")
                return second(type(self)(conn, self.path, created=False))
            finally:
                conn.close()

        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(beside)
            return first(self), pending.result()

    # --- companies and contacts ---------------------------------------------------

    def companies_by_key(self, keys: Iterable[str]) -> dict[str, dict]:
        """Stored companies whose name_key is in keys, as dicts."""
        keys = list(dict.fromkeys(keys))
        cols = ("id", "name", "name_key", *COMPANY_COLUMNS)
        out: dict[str, dict] = {}
        if self.conn.execute("SELECT 1 FROM companies LIMIT 1").fetchone() is None:
            return out
        self._temp_keys(keys)
        sql = f"SELECT {', '.join('c.' + c for c in cols)} FROM companies c JOIN temp._keys k ON k.key = c.name_key"
        for row in self.conn.execute(sql):
            out[row[2]] = dict(zip(cols, row, strict=True))
        return out

    def _temp_keys(self, keys: Sequence[str]) -> None:
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _keys (key TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp._keys")
        self.conn.executemany("INSERT OR IGNORE INTO temp._keys VALUES (?)", ((k,) for k in keys))

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM companies LIMIT 1").fetchone() is None

    def sample_addresses(self, limit: int = 20000) -> list[str]:
        sql = "SELECT address FROM companies WHERE address IS NOT NULL LIMIT ?"
        return [r[0] for r in self.conn.execute(sql, (limit,))]

    def all_company_names(self) -> list[tuple[int, str, str]]:
        return self.conn.execute("SELECT id, name, name_key FROM companies").fetchall()

    def insert_companies(self, rows: list[dict], import_id: int | None) -> dict[str, int]:
        """Insert new companies with ids assigned here (no read-back); returns name_key → id."""
        cols = ("id", "name", "name_key", *COMPANY_COLUMNS, "import_id", "updated_at")
        stamp = now()
        first = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM companies").fetchone()[0])
        ids = {r["name_key"]: first + i for i, r in enumerate(rows)}
        sql = f"INSERT INTO companies ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        self.conn.executemany(
            sql,
            (
                (ids[r["name_key"]], r["name"], r["name_key"], *map(r.get, COMPANY_COLUMNS), import_id, stamp)
                for r in rows
            ),
        )
        return ids

    def update_fields(self, table: str, changes: list[tuple[int, str, object]]) -> None:
        """Apply (id, column, value) changes to companies or contacts."""
        allowed = {
            "companies": COMPANY_COLUMNS,
            "contacts": (*CONTACT_COLUMNS, "import_id", "source_file", "source_sheet", "source_row", "extra"),
        }[table]
        by_col: dict[str, list] = {}
        for rid, col, value in changes:
            if col not in allowed:
                raise ValueError(col)
            by_col.setdefault(col, []).append((value, rid))
        for col, params in by_col.items():
            self.conn.executemany(f"UPDATE {table} SET {col} = ? WHERE id = ?", params)
        if table == "companies" and changes:
            stamp = now()
            self.conn.executemany(
                "UPDATE companies SET updated_at = ? WHERE id = ?",
                ((stamp, rid) for rid in {c[0] for c in changes}),
            )

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
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp._ids")
        self.conn.executemany("INSERT OR IGNORE INTO temp._ids VALUES (?)", ((i,) for i in ids))
        sql = f"SELECT {', '.join('c.' + c for c in cols)} FROM contacts c JOIN temp._ids i ON i.id = c.company_id"
        return {(r[1], r[2]): dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql)}

    def insert_contacts(self, rows: list[tuple]) -> None:
        """rows are tuples in CONTACT_INSERT order."""
        cols = ", ".join(CONTACT_INSERT)
        self.conn.executemany(
            f"INSERT INTO contacts ({cols}) VALUES ({', '.join('?' * len(CONTACT_INSERT))})", rows
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
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO imports (path, file_name, sha256, kind, sheet, header_row, headers, mapping,"
            " imported_at, summary, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?)",
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
                rows,
            ),
        )
        return int(cur.lastrowid)

    def set_import_summary(self, import_id: int, summary: dict) -> None:
        self.conn.execute(
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
        for row in self.conn.execute(f"SELECT {', '.join(cols)} FROM imports ORDER BY id"):
            d = dict(zip(cols, row, strict=True))
            for k in ("headers", "mapping", "summary"):
                d[k] = json.loads(d[k])
            out.append(d)
        return out

    def import_shas(self) -> dict[int, str]:
        return dict(self.conn.execute("SELECT id, sha256 FROM imports"))

    def import_rows(self, import_id: int) -> dict[int, list]:
        """The original cells of an import's data rows, by sheet row number."""
        import zlib

        import orjson

        blob = self.conn.execute("SELECT rows FROM imports WHERE id = ?", (import_id,)).fetchone()
        if not blob or not blob[0]:
            return {}
        data = orjson.loads(zlib.decompress(blob[0]))
        return dict(zip(data["excel_rows"], data["rows"], strict=True))

    def add_history(self, rows: list[tuple]) -> None:
        """rows: (company_id, contact_id, field, old, new, source, import_id)."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO history (company_id, contact_id, field, old, new, source, import_id, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (tuple(r) + (stamp,) for r in rows),
        )

    def history(self, company_id: int | None = None) -> list[dict]:
        cols = ("company_id", "contact_id", "field", "old", "new", "source", "import_id", "changed_at")
        sql = f"SELECT {', '.join(cols)} FROM history"
        args: tuple = ()
        if company_id is not None:
            sql += " WHERE company_id = ?"
            args = (company_id,)
        return [dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql + " ORDER BY id", args)]

    def replace_problems(self, file_name: str, import_id: int, problems: list) -> None:
        """A file's problems are those of its latest import."""
        self.conn.execute("DELETE FROM problems WHERE file = ?", (file_name,))
        self.conn.executemany(
            "INSERT INTO problems (import_id, code, file, sheet, row, col, value, message_zh, message_en)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (import_id, p.code, p.file, p.sheet, p.row, p.column, p.value, p.message_zh, p.message_en)
                for p in problems
            ),
        )

    def problems(self) -> list[dict]:
        cols = ("code", "file", "sheet", "row", "col", "value", "message_zh", "message_en")
        sql = f"SELECT {', '.join(cols)} FROM problems ORDER BY file, row, id"
        return [dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql)]

    # --- reading for export and analyses --------------------------------------------

    def resource_companies(self) -> list[tuple]:
        """Company columns of the resource table (export.resource_table spreads them onto contacts)."""
        sql = (
            "SELECT id, name, address, manager, town, county, industry, size, tier, tier_raw, basis"
            " FROM companies"
        )
        return self.conn.execute(sql).fetchall()

    def resource_contacts(self) -> list[tuple]:
        sql = (
            "SELECT company_id, name, phone, key_contact, key_contact_raw, source_file, source_sheet,"
            " source_row, import_id FROM contacts"
        )
        return self.conn.execute(sql).fetchall()

    def counts(self) -> dict[str, int]:
        one = lambda sql: int(self.conn.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "companies": one("SELECT COUNT(*) FROM companies"),
            "contacts": one("SELECT COUNT(*) FROM contacts"),
            "imports": one("SELECT COUNT(*) FROM imports"),
            "problems": one("SELECT COUNT(*) FROM problems"),
            "history": one("SELECT COUNT(*) FROM history"),
            "orders": one("SELECT COUNT(*) FROM orders"),
            "orders_unlinked": one("SELECT COUNT(*) FROM orders WHERE company_id IS NULL"),
        }

    def opportunity_rows(self, filters: list[tuple[str, bool, list[str]]]) -> list[tuple]:
        """(id, name, tier, manager, town, deal_level, closing, value_level, attractiveness, advantage)
        of companies with any energy or value level set."""
        q = _FieldSQL("companies")
        where = [
            "COALESCE(c.deal_level, c.closing, c.value_level, c.attractiveness, c.advantage) IS NOT NULL",
            *q.where(filters),
        ]
        sql = (
            "SELECT c.id, c.name, COALESCE(c.tier, c.tier_raw), c.manager, c.town, c.deal_level, c.closing,"
            " c.value_level, c.attractiveness, c.advantage"
            f" FROM companies c {' '.join(q.joins)} WHERE {' AND '.join(where)}"
        )
        return self.conn.execute(sql, q.params).fetchall()

    def replacement_chances(self) -> list[tuple]:
        """Tier E firms (a competitor's product, used badly): (id, name, town, industry, size,
        competitor, manager, contact, phone, contacts), the contact a key one when there is one;
        biggest first, then by town and name."""
        best = (
            "FROM contacts x WHERE x.company_id = c.id"
            " ORDER BY x.key_contact = '是' DESC, x.phone IS NULL, x.id LIMIT 1"
        )
        sql = (
            "SELECT c.id, c.name, c.town, c.industry, c.size, c.competitor, c.manager,"
            f" (SELECT x.name {best}), (SELECT x.phone {best}),"
            " (SELECT COUNT(*) FROM contacts x WHERE x.company_id = c.id)"
            f" FROM companies c WHERE c.tier = 'E'"
            f" ORDER BY {_rank('c.size', vocab.SIZE_ORDER)}, c.town IS NULL, c.town, c.name"
        )
        return self.conn.execute(sql).fetchall()

    def county_counts(self) -> dict[str, int]:
        sql = "SELECT county, COUNT(*) FROM companies WHERE county IS NOT NULL GROUP BY county"
        return dict(self.conn.execute(sql).fetchall())

    def find_companies(self, text: str, key: str, limit: int = 20) -> list[dict]:
        """Companies whose name contains text (or whose key contains key), best matches first."""
        cols = ("id", "name", "name_key", *COMPANY_COLUMNS)
        sql = (
            f"SELECT {', '.join(cols)} FROM companies WHERE name_key = ? OR name LIKE ? OR name_key LIKE ?"
            " ORDER BY name_key = ? DESC, length(name) LIMIT ?"
        )
        like_name, like_key = f"%{text}%", f"%{key}%"
        rows = self.conn.execute(sql, (key, like_name, like_key, key, limit)).fetchall()
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def contacts_of_company(self, company_id: int) -> list[dict]:
        cols = ("id", *CONTACT_COLUMNS, "source_file", "source_sheet", "source_row")
        sql = f"SELECT {', '.join(cols)} FROM contacts WHERE company_id = ? ORDER BY source_row, id"
        return [dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql, (company_id,))]

    # --- grouped counts for pivots: the database does the counting -------------------

    def original_headers(self) -> list[str]:
        """Headers of the imported columns that map to no field (queryable in contacts.extra)."""
        seen: dict[str, None] = {}
        sql = "SELECT headers, mapping FROM imports WHERE kind IS NULL OR kind NOT LIKE 'orders%' ORDER BY id"
        for headers, mapping in self.conn.execute(sql):
            mapped = json.loads(mapping)
            for h in json.loads(headers):
                if h not in mapped:
                    seen.setdefault(h, None)
        return list(seen)

    def group_counts(
        self,
        dims: list[str],
        filters: list[tuple[str, bool, list[str]]],
        unit: str,
        measure: str | None = None,
    ) -> list[tuple]:
        """Rows of (*dim values, records, sum of measure, records with a measure).

        dims and filter fields are company field keys, 'key_contact', or 'col:HEADER' for an
        unmapped original column; unit is 'companies' or 'contacts'. A filter is
        (field, negate, values) where '' in values stands for blank.
        """
        q = _FieldSQL(unit)
        select = [f"NULLIF(CAST({q.expr(d)} AS TEXT), '')" for d in dims]
        where = q.where(filters)
        m = "NULL"
        if measure:
            m = {"employees": "c.employees_n", "revenue": "c.revenue_n"}.get(measure)
            if m is None and measure.startswith("col:"):
                m = f"CAST({q.expr(measure)} AS REAL)"
            if m is None:
                raise ValueError(measure)
        base = (
            "FROM contacts k JOIN companies c ON c.id = k.company_id"
            if unit == "contacts"
            else "FROM companies c"
        )
        sql = (
            f"SELECT {', '.join([*select, 'COUNT(*)', f'SUM({m})', f'COUNT({m})'])} {base} {' '.join(q.joins)}"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + (f" GROUP BY {', '.join(str(i + 1) for i in range(len(dims)))}" if dims else "")
        )
        return self.conn.execute(sql, q.params).fetchall()

    def list_companies(
        self, filters: list[tuple[str, bool, list[str]]], sort: str, limit: int | None
    ) -> list[tuple]:
        """Companies with their key fields, contacts and key-contact flag, filtered and ordered."""
        order = _LIST_ORDERS[sort]
        q = _FieldSQL("companies")
        kc = q.expr("key_contact")
        where = q.where(filters)
        sql = (
            f"SELECT c.id, c.name, c.town, c.industry, c.size, COALESCE(c.tier, c.tier_raw), c.manager,"
            f" (SELECT COUNT(*) FROM contacts x WHERE x.company_id = c.id), {kc}"
            f" FROM companies c {' '.join(q.joins)}"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY {order}"
            + (" LIMIT ?" if limit else "")
        )
        return self.conn.execute(sql, [*q.params, *([limit] if limit else [])]).fetchall()

    def input_paths(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT path FROM imports")]
