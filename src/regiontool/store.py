"""The workspace: the only module that speaks SQL.

A SQLite file by default. Every write happens inside `Workspace.transaction()`, so a
failed command leaves the file as it was. The schema carries a version number and
`_migrate` brings older files up to date.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from . import vocab
from .errors import WorkspaceError

SCHEMA_VERSION = 5
DEFAULT_DB = "regiontool.db"

# Company columns a user's file may fill, in storage order (besides name/name_key).
COMPANY_COLUMNS = (
    "address",
    "town",
    "county",
    "industry",
    "size",
    "tier",
    "tier_raw",
    "manager",
    "employees",
    "revenue",
    "capital",
    "scope",
    "basis",
    "employees_n",
    "revenue_n",
    "deal_level",
    "closing",
    "value_level",
    "attractiveness",
    "advantage",
    "competitor",
)
CONTACT_COLUMNS = ("name", "title", "phone", "key_contact", "key_contact_raw", "note")
# A contact's data as import produces it, and the insert order (fixed part first).
CONTACT_DATA = (*CONTACT_COLUMNS, "source_row", "extra")
ORDER_INSERT = (
    "order_key",
    "company_id",
    "customer",
    "customer_key",
    "order_date",
    "amount",
    "product",
    "quantity",
    "order_no",
    "import_id",
    "source_file",
    "source_sheet",
    "source_row",
    "paid",
)
CONTACT_INSERT = ("company_id", "contact_key", "import_id", "source_file", "source_sheet", *CONTACT_DATA)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT,
    sheet TEXT, header_row INTEGER, headers TEXT NOT NULL, mapping TEXT NOT NULL,
    imported_at TEXT NOT NULL, summary TEXT NOT NULL,
    rows BLOB  -- the original data rows, zlib-compressed JSON, for a faithful export
);
CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
    address TEXT, town TEXT, county TEXT, industry TEXT, size TEXT, tier TEXT, tier_raw TEXT,
    manager TEXT, employees TEXT, revenue TEXT, capital TEXT, scope TEXT, basis TEXT,
    employees_n REAL, revenue_n REAL,  -- figures read from employees/revenue (people, 万元)
    deal_level TEXT, closing TEXT,  -- opportunity energy levels (订单规模等级, 成交时间等级)
    value_level TEXT, attractiveness TEXT, advantage TEXT,  -- category value (客户类别价值)
    import_id INTEGER REFERENCES imports(id), updated_at TEXT
);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    contact_key TEXT NOT NULL,
    name TEXT, title TEXT, phone TEXT, key_contact TEXT, key_contact_raw TEXT, note TEXT,
    import_id INTEGER REFERENCES imports(id), source_file TEXT, source_sheet TEXT,
    source_row INTEGER,
    extra TEXT,  -- the row's columns that map to no field, as JSON {header: value}
    UNIQUE (company_id, contact_key)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    company_id INTEGER, contact_id INTEGER, field TEXT NOT NULL,
    old TEXT, new TEXT, source TEXT, import_id INTEGER, changed_at TEXT NOT NULL
);
CREATE TABLE problems (
    id INTEGER PRIMARY KEY, import_id INTEGER, code TEXT NOT NULL,
    file TEXT, sheet TEXT, row INTEGER, col TEXT, value TEXT, message_zh TEXT, message_en TEXT
);
CREATE INDEX history_company ON history(company_id);
-- Covering indexes: pivots scan these instead of the wide tables.
CREATE INDEX companies_keys ON companies(tier, town, county, industry, size, manager);
CREATE INDEX contacts_keys ON contacts(company_id, key_contact);
CREATE INDEX problems_file ON problems(file);
"""

# Schema 2: orders (value analysis) and activities (plans read back).
_SCHEMA_V2 = """
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    order_key TEXT NOT NULL UNIQUE,  -- order number, or a digest of the row: re-imports add nothing twice
    company_id INTEGER REFERENCES companies(id),  -- NULL while the customer is unlinked
    customer TEXT NOT NULL, customer_key TEXT NOT NULL,
    order_date TEXT NOT NULL,  -- ISO date
    amount REAL NOT NULL,  -- yuan
    product TEXT, quantity REAL, order_no TEXT,
    import_id INTEGER REFERENCES imports(id), source_file TEXT, source_sheet TEXT, source_row INTEGER
);
-- Covering: rfm groups a million lines by customer without touching the table.
CREATE INDEX orders_company ON orders(company_id, order_date, amount, order_no);
CREATE INDEX orders_customer ON orders(customer_key);
CREATE TABLE name_links (  -- `regiontool link`: an order's customer name the user tied to a company
    name_key TEXT PRIMARY KEY, company_id INTEGER NOT NULL REFERENCES companies(id), linked_at TEXT NOT NULL
);
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    activity_key TEXT NOT NULL UNIQUE,  -- plan and row identity: reading a plan twice logs nothing twice
    company_id INTEGER REFERENCES companies(id),
    day TEXT NOT NULL,  -- ISO date the activity was planned for / happened on
    category TEXT, task TEXT,
    status TEXT NOT NULL,  -- done / missed / rescheduled / note
    note TEXT, source TEXT, logged_at TEXT NOT NULL
);
CREATE INDEX activities_company ON activities(company_id, day);
"""

# Schema 3: the product a firm uses now (现用软件 / 竞争对手), for the competitor view.
_SCHEMA_V3 = """
ALTER TABLE companies ADD COLUMN competitor TEXT;
"""

# Schema 4: money. Period targets and their per-line overrides, payments (回款) linked to
# companies like orders, paid amounts on order lines, and the expense budget by month.
_SCHEMA_V4 = """
CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,  -- 2027, 2027Q1 or 2027-03
    dim TEXT NOT NULL DEFAULT '',  -- '' for the period's total, else month/manager/product/town/industry
    dim_value TEXT NOT NULL DEFAULT '',
    amount REAL NOT NULL,  -- yuan
    source TEXT, set_at TEXT NOT NULL,
    UNIQUE (period, dim, dim_value)
);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    payment_key TEXT NOT NULL UNIQUE,  -- a digest of the row: re-imports add nothing twice
    company_id INTEGER REFERENCES companies(id),  -- NULL while the customer is unlinked
    customer TEXT NOT NULL, customer_key TEXT NOT NULL,
    pay_date TEXT NOT NULL,  -- ISO date
    amount REAL NOT NULL,  -- yuan
    product TEXT, order_no TEXT,
    import_id INTEGER REFERENCES imports(id), source_file TEXT, source_sheet TEXT, source_row INTEGER
);
CREATE INDEX payments_company ON payments(company_id, pay_date, amount);
CREATE INDEX payments_customer ON payments(customer_key);
ALTER TABLE orders ADD COLUMN paid REAL;  -- 已回款 on the order line itself, when the file has it
CREATE TABLE budget (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL,  -- YYYY-MM
    item TEXT NOT NULL,  -- 区域广告, 人员工资, 业务往来 …
    plan REAL, actual REAL,  -- yuan
    source TEXT, set_at TEXT NOT NULL,
    UNIQUE (month, item)
);
"""

# Schema 5: a covering index for `sales`: each view scans a date range of this index,
# not the wide table (a million lines: 2.6 s → 1.0 s per view).
_SCHEMA_V5 = """
CREATE INDEX IF NOT EXISTS orders_sales ON orders(order_date, company_id, customer_key, amount, product);
"""

# Schema version → the script that brings the previous version to it (1 is the base schema).
_MIGRATIONS = {1: _SCHEMA, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4, 5: _SCHEMA_V5}
assert max(_MIGRATIONS) == SCHEMA_VERSION


# Company fields a pivot can group by, straight from the companies table.
PIVOT_COMPANY_FIELDS = ("town", "county", "industry", "size", "tier", "manager", "competitor")


def _quote(text: str) -> str:
    """A SQL string literal (for JSON paths built from header names)."""
    return "'" + text.replace("'", "''") + "'"


def _rank(column: str, values: tuple[str, ...]) -> str:
    cases = " ".join(f"WHEN {_quote(v)} THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {cases} ELSE {len(values)} END"


def _points(column: str, levels: dict[str, float]) -> str:
    cases = " ".join(f"WHEN {_quote(k)} THEN {v}" for k, v in levels.items())
    return f"(CASE {column} {cases} ELSE 0 END)"


# `regiontool list --sort KEY`: fixed orders for tier and size, blanks last, then the name.
_LIST_ORDERS = {
    "tier": f"{_rank('c.tier', vocab.TIER_ORDER)}, c.name",
    "size": f"{_rank('c.size', vocab.SIZE_ORDER)}, c.name",
    "town": "c.town IS NULL, c.town, c.name",
    "industry": "c.industry IS NULL, c.industry, c.name",
    "manager": "c.manager IS NULL, c.manager, c.name",
    "name": "c.name",
    "contacts": "8 DESC, c.name",
    "energy": f"{_points('c.deal_level', vocab.DEAL_LEVELS)} + {_points('c.closing', vocab.CLOSING_LEVELS)} DESC, c.name",
}
LIST_SORTS = tuple(_LIST_ORDERS)


class _FieldSQL:
    """SQL expressions for pivot/list fields, with the joins and parameters they need."""

    def __init__(self, unit: str):
        self.unit = unit
        self.joins: list[str] = []
        self.params: list = []
        self._exprs: dict[str, str] = {}

    def expr(self, field: str) -> str:
        if field in self._exprs:
            return self._exprs[field]
        if field in PIVOT_COMPANY_FIELDS:
            e = f"c.{field}"
        elif field == "key_contact" and self.unit == "contacts":
            e = "k.key_contact"
        elif field == "key_contact":  # a company: 是 if any contact is key, else 否 if any is not
            self.joins.append(
                "LEFT JOIN (SELECT company_id, CASE WHEN MAX(key_contact = '是') THEN '是'"
                " WHEN MAX(key_contact = '否') THEN '否' END AS kc FROM contacts GROUP BY company_id)"
                " kk ON kk.company_id = c.id"
            )
            e = "kk.kc"
        elif field.startswith("col:"):
            path = _quote('$."' + field[4:].replace('"', '\\"') + '"')
            if self.unit == "contacts":
                e = f"json_extract(k.extra, {path})"
            else:  # a company takes the first value among its contacts
                e = (
                    f"(SELECT json_extract(x.extra, {path}) FROM contacts x WHERE x.company_id = c.id"
                    f" AND json_extract(x.extra, {path}) IS NOT NULL ORDER BY x.id LIMIT 1)"
                )
        else:
            raise ValueError(field)
        self._exprs[field] = e
        return e

    def where(self, filters: list[tuple[str, bool, list[str]]]) -> list[str]:
        out = []
        for field, negate, values in filters:
            text = f"NULLIF(CAST({self.expr(field)} AS TEXT), '')"
            real = [v for v in values if v != ""]
            self.params.extend(real)
            in_real = f"{text} IN ({', '.join('?' * len(real))})" if real else "0"
            match = f"({in_real} OR {text} IS NULL)" if "" in values else f"COALESCE({in_real}, 0)"
            out.append(f"NOT {match}" if negate else match)
        return out


def default_path() -> Path:
    return Path(os.environ.get("REGIONTOOL_DB") or DEFAULT_DB)


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Workspace:
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

    # --- orders ---------------------------------------------------------------------

    def company_ids_by_key(self, keys: Iterable[str]) -> dict[str, int]:
        """name_key → company id, by the companies' own keys and by names the user linked."""
        keys = list(dict.fromkeys(keys))
        self._temp_keys(keys)
        out = dict(
            self.conn.execute(
                "SELECT l.name_key, l.company_id FROM name_links l JOIN temp._keys k ON k.key = l.name_key"
            )
        )
        sql = "SELECT c.name_key, c.id FROM companies c JOIN temp._keys k ON k.key = c.name_key"
        out.update(self.conn.execute(sql))
        return out

    def orders_by_key(self, keys: Iterable[str]) -> dict[str, tuple]:
        """order_key → (id, customer, order_date, amount, product, quantity, order_no, paid) of stored orders."""
        if self.conn.execute("SELECT 1 FROM orders LIMIT 1").fetchone() is None:
            return {}
        self._temp_keys(list(keys))
        sql = (
            "SELECT o.order_key, o.id, o.customer, o.order_date, o.amount, o.product, o.quantity, o.order_no,"
            " o.paid FROM orders o JOIN temp._keys k ON k.key = o.order_key"
        )
        return {r[0]: r[1:] for r in self.conn.execute(sql)}

    def insert_orders(self, rows: list[tuple]) -> None:
        """rows in ORDER_INSERT order."""
        sql = f"INSERT INTO orders ({', '.join(ORDER_INSERT)}) VALUES ({', '.join('?' * len(ORDER_INSERT))})"
        self.conn.executemany(sql, rows)

    def update_orders(self, rows: list[tuple]) -> None:
        """rows: (company_id, customer, customer_key, order_date, amount, product, quantity, import_id,
        source_file, source_sheet, source_row, paid, id); a None paid keeps the stored one."""
        self.conn.executemany(
            "UPDATE orders SET company_id = ?, customer = ?, customer_key = ?, order_date = ?, amount = ?,"
            " product = ?, quantity = ?, import_id = ?, source_file = ?, source_sheet = ?, source_row = ?,"
            " paid = COALESCE(?, paid) WHERE id = ?",
            rows,
        )

    def link_name(self, name_key: str, company_id: int) -> int:
        """Tie a customer name to a company; returns the orders it links."""
        self.conn.execute(
            "INSERT INTO name_links VALUES (?, ?, ?) ON CONFLICT(name_key) DO UPDATE SET"
            " company_id = excluded.company_id, linked_at = excluded.linked_at",
            (name_key, company_id, now()),
        )
        cur = self.conn.execute(
            "UPDATE orders SET company_id = ? WHERE customer_key = ? AND company_id IS NOT ?",
            (company_id, name_key, company_id),
        )
        self._drop_linked_order_problems()
        self.conn.execute(
            "UPDATE payments SET company_id = ? WHERE customer_key = ? AND company_id IS NOT ?",
            (company_id, name_key, company_id),
        )
        self.relink_payments()  # drops the problems of the payments it linked
        return cur.rowcount

    def company_order_summary(self, company_id: int) -> dict:
        """One company's orders at a glance: lines, orders, amount, first and last date."""
        row = self.conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT CASE WHEN amount > 0 THEN COALESCE(order_no, order_date) END),"
            " SUM(amount), MIN(order_date), MAX(order_date) FROM orders WHERE company_id = ?",
            (company_id,),
        ).fetchone()
        if not row[0]:
            return {}
        return dict(zip(("lines", "orders", "amount", "first", "last"), row, strict=True))

    def has_orders_of(self, customer_key: str) -> bool:
        sql = "SELECT 1 FROM orders WHERE customer_key = ? UNION ALL SELECT 1 FROM payments WHERE customer_key = ? LIMIT 1"
        return self.conn.execute(sql, (customer_key, customer_key)).fetchone() is not None

    def relink_orders(self) -> int:
        """Link orders whose customer has since been imported as a company (or linked by hand)."""
        cur = self.conn.execute(
            "UPDATE orders SET company_id = COALESCE("
            "(SELECT l.company_id FROM name_links l WHERE l.name_key = orders.customer_key),"
            "(SELECT c.id FROM companies c WHERE c.name_key = orders.customer_key))"
            " WHERE company_id IS NULL"
        )
        if cur.rowcount:
            self._drop_linked_order_problems()
        return max(cur.rowcount, 0)

    def _drop_linked_order_problems(self) -> None:
        self.conn.execute(
            "DELETE FROM problems WHERE code = 'unlinked-order' AND EXISTS (SELECT 1 FROM orders o"
            " WHERE o.source_file = problems.file AND o.source_row = problems.row AND o.company_id IS NOT NULL)"
        )

    def unlinked_customers(self) -> list[tuple[str, str, int, float]]:
        """(customer, customer_key, orders, amount) of orders not linked to a company."""
        sql = (
            "SELECT MIN(customer), customer_key, COUNT(*), SUM(amount) FROM orders WHERE company_id IS NULL"
            " GROUP BY customer_key ORDER BY 4 DESC"
        )
        return self.conn.execute(sql).fetchall()

    def tiers_of(self, company_ids: Iterable[int]) -> dict[int, str | None]:
        ids = list(set(company_ids))
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp._ids")
        self.conn.executemany("INSERT OR IGNORE INTO temp._ids VALUES (?)", ((i,) for i in ids))
        sql = "SELECT c.id, COALESCE(c.tier, c.tier_raw) FROM companies c JOIN temp._ids i ON i.id = c.id"
        return dict(self.conn.execute(sql))

    def order_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0])

    def customer_orders(self, until: str, since: str | None = None) -> tuple[list[tuple], int]:
        """Per linked customer: (company_id, name, tier, manager, town, first, last, orders, amount),
        with orders counted as distinct order numbers (or days, for lines without one) and only
        lines of positive amount counting as orders; and the number of lines after `until`.
        The database does the grouping: a million lines stay in SQLite."""
        window = "o.order_date <= ?" + (" AND o.order_date >= ?" if since else "")
        args = [until, *([since] if since else [])]
        sql = (
            "SELECT c.id, c.name, COALESCE(c.tier, c.tier_raw), c.manager, c.town, s.first, s.last, s.n, s.amount"
            " FROM (SELECT o.company_id, MIN(o.order_date) AS first, MAX(o.order_date) AS last,"
            " COUNT(DISTINCT CASE WHEN o.amount > 0 THEN COALESCE(o.order_no, o.order_date) END) AS n,"
            " SUM(o.amount) AS amount FROM orders o"
            f" WHERE o.company_id IS NOT NULL AND {window} GROUP BY o.company_id) s"
            " JOIN companies c ON c.id = s.company_id ORDER BY c.id"
        )
        rows = self.conn.execute(sql, args).fetchall()
        future = self.conn.execute(
            "SELECT COUNT(*) FROM orders WHERE company_id IS NOT NULL AND order_date > ?", (until,)
        ).fetchone()[0]
        return rows, int(future)

    def together(self, first, second):
        """Run two read-only calls at once: `second(ws)` on its own read-only connection in a
        thread (SQLite releases the GIL while it works), `first(self)` here. Two cores share
        the big scans of rfm and export."""
        from concurrent.futures import ThreadPoolExecutor

        def beside():
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
            try:
                conn.execute("PRAGMA cache_size = -65536")
                return second(Workspace(conn, self.path, created=False))
            finally:
                conn.close()

        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(beside)
            return first(self), pending.result()

    def order_stats(self, until: str, since: str | None = None) -> tuple[list[tuple], int, list[tuple]]:
        """customer_orders() and order_days() at once (see together())."""
        (rows, future), days = self.together(
            lambda ws: ws.customer_orders(until, since), lambda ws: ws.order_days(until, since)
        )
        return rows, future, days

    def order_days(self, until: str, since: str | None = None) -> list[tuple[int, str]]:
        """(company_id, ISO date) of each distinct day a linked customer ordered, sorted."""
        window = "order_date <= ?" + (" AND order_date >= ?" if since else "")
        args = [until, *([since] if since else [])]
        sql = (
            "SELECT company_id, order_date FROM orders"
            f" WHERE company_id IS NOT NULL AND amount > 0 AND {window} GROUP BY company_id, order_date"
        )
        return self.conn.execute(sql, args).fetchall()

    # --- purchase behaviour (regiontool sales): grouped in SQLite -----------------------

    _PURCHASE_DIMS = {
        "month": "substr(o.order_date, 1, 7)",
        "product": "NULLIF(TRIM(o.product), '')",
        "town": "CASE WHEN o.company_id IS NULL THEN char(1) ELSE c.town END",  # char(1): unlinked
        "industry": "CASE WHEN o.company_id IS NULL THEN char(1) ELSE c.industry END",
    }
    # A customer: its company, or for unlinked lines its normalised name.
    _CUSTOMER = "COALESCE(o.company_id, o.customer_key)"  # an id (integer) never equals a key (text)

    def purchase_groups(self, dim: str, start: str, split: str, cut: str, end: str) -> list[tuple]:
        """Order lines dated start..end (ISO, inclusive) grouped by period (0 before split, 1 from
        it) and dim (month, product, town, industry; char(1) for an unlinked customer's town or
        industry): (period, value, amount, amount dated up to cut, customers, order lines)."""
        sql = (
            f"SELECT o.order_date >= ?, {self._PURCHASE_DIMS[dim]}, SUM(o.amount),"
            " SUM(CASE WHEN o.order_date <= ? THEN o.amount ELSE 0 END),"
            f" COUNT(DISTINCT {self._CUSTOMER}), COUNT(*) FROM orders o"
            + (" LEFT JOIN companies c ON c.id = o.company_id" if dim in ("town", "industry") else "")
            + " WHERE o.order_date >= ? AND o.order_date <= ? GROUP BY 1, 2"
        )
        return self.conn.execute(sql, (split, cut, start, end)).fetchall()

    def purchase_customers(self, start: str, end: str) -> list[tuple]:
        """Per customer with order lines dated start..end: (company_id or None, name, town, industry,
        amount, order lines); an unlinked customer is its normalised name, shown as first written."""
        sql = (
            "SELECT s.company_id, COALESCE(c.name, s.name), c.town, c.industry, s.amount, s.lines FROM"
            " (SELECT o.company_id, MIN(o.customer) AS name, SUM(o.amount) AS amount, COUNT(*) AS lines"
            f" FROM orders o WHERE o.order_date >= ? AND o.order_date <= ? GROUP BY {self._CUSTOMER}) s"
            " LEFT JOIN companies c ON c.id = s.company_id"
        )
        return self.conn.execute(sql, (start, end)).fetchall()

    def order_span(self) -> tuple[str | None, str | None]:
        """The first and last order dates (ISO), or (None, None) without orders."""
        return tuple(self.conn.execute("SELECT MIN(order_date), MAX(order_date) FROM orders").fetchone())

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

    # --- activities (plans read back) ------------------------------------------------

    def planning_companies(self, manager: str | None = None) -> list[tuple]:
        """Companies a plan may hold (all but F2/F3), in plan.planner.COMPANY_COLUMNS order."""
        sql = (
            "SELECT id, name, tier, tier_raw, manager, town, deal_level, closing, value_level,"
            " attractiveness, advantage FROM companies WHERE (tier IS NULL OR tier NOT IN ('F2', 'F3'))"
        )
        if manager is None:
            return self.conn.execute(sql + " ORDER BY id").fetchall()
        return self.conn.execute(sql + " AND manager = ? ORDER BY id", (manager,)).fetchall()

    def manager_counts(self) -> dict[str | None, int]:
        """Companies per manager (None: no manager)."""
        sql = "SELECT NULLIF(TRIM(manager), ''), COUNT(*) FROM companies GROUP BY 1"
        return dict(self.conn.execute(sql).fetchall())

    def activity_rows(self) -> list[tuple]:
        """(company_id, day, status) of every logged activity, oldest first."""
        sql = "SELECT company_id, day, status FROM activities WHERE company_id IS NOT NULL ORDER BY day, id"
        return self.conn.execute(sql).fetchall()

    def last_contact_days(self, statuses: Iterable[str]) -> dict[int, str]:
        """company_id → ISO day of its latest activity with one of these statuses."""
        statuses = list(statuses)
        sql = (
            "SELECT company_id, MAX(day) FROM activities WHERE company_id IS NOT NULL"
            f" AND status IN ({', '.join('?' * len(statuses))}) GROUP BY company_id"
        )
        return dict(self.conn.execute(sql, statuses).fetchall())

    def company_names(self, ids: Iterable[int]) -> dict[int, str]:
        """id → name of the companies that exist among ids."""
        ids = list(set(ids))
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp._ids")
        self.conn.executemany("INSERT OR IGNORE INTO temp._ids VALUES (?)", ((i,) for i in ids))
        sql = "SELECT c.id, c.name FROM companies c JOIN temp._ids i ON i.id = c.id"
        return dict(self.conn.execute(sql).fetchall())

    def add_activities(self, rows: list[tuple]) -> list[bool]:
        """rows: (activity_key, company_id, day, category, task, status, note, source); INSERT OR IGNORE
        on activity_key. Returns, per row, whether it was new (a plan read twice logs nothing twice)."""
        stamp = now()
        new = []
        for row in rows:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO activities (activity_key, company_id, day, category, task, status,"
                " note, source, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row, stamp),
            )
            new.append(cur.rowcount == 1)
        return new

    # --- maintenance (backup, restore, check) ---

    @classmethod
    def open_as_is(cls, path: str | Path | None = None) -> Workspace:
        """Open a workspace file as it is: never created, never migrated (a journal left by a
        killed process is rolled back, as on any open)."""
        path = Path(path) if path else default_path()
        if not path.is_file():
            raise WorkspaceError(f"no workspace at {path}", "pass --db PATH")
        try:
            conn = sqlite3.connect(
                path.resolve().as_uri() + "?mode=rw", uri=True, isolation_level=None, timeout=30
            )
        except sqlite3.Error as exc:
            raise WorkspaceError(f"{path} cannot be opened ({exc})") from exc
        return cls(conn, path, created=False)

    def stored_schema_version(self) -> int | None:
        """The schema version the file says it has; None when it is no regiontool workspace."""
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else None

    def integrity_problems(self, limit: int = 20) -> list[str]:
        """What PRAGMA integrity_check and foreign_key_check find (empty when the file is sound)."""
        found = [r[0] for r in self.conn.execute(f"PRAGMA integrity_check({int(limit)})") if r[0] != "ok"]
        for table, rowid, parent, _fk in self.conn.execute("PRAGMA foreign_key_check"):
            found.append(f"{table} row {rowid}: refers to a missing {parent} row")
            if len(found) >= limit:
                break
        return found

    def table_counts(self) -> dict[str, int]:
        """Rows of every table, by name."""
        names = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: int(self.conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}

    def copy_to(self, target: str | Path) -> None:
        """Copy the whole workspace into the file target (SQLite online backup: a consistent
        snapshot even while another process writes; target's old content is replaced)."""
        dest = sqlite3.connect(target, timeout=30)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    # --- targets, payments, budgets ---

    def set_target(self, period: str, dim: str, dim_value: str, amount: float, source: str) -> None:
        """A period's target ('' dim) or one line of its split, replacing what was there."""
        self.conn.execute(
            "INSERT INTO targets (period, dim, dim_value, amount, source, set_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(period, dim, dim_value) DO UPDATE SET amount = excluded.amount,"
            " source = excluded.source, set_at = excluded.set_at",
            (period, dim, dim_value, amount, source, now()),
        )

    def remove_targets(self, period: str, dim: str | None = None) -> int:
        """Delete a period's targets (all, or the overrides of one dimension); returns the rows."""
        if dim is None:
            return self.conn.execute("DELETE FROM targets WHERE period = ?", (period,)).rowcount
        sql = "DELETE FROM targets WHERE period = ? AND dim = ?"
        return self.conn.execute(sql, (period, dim)).rowcount

    def targets(self) -> list[tuple[str, str, str, float]]:
        """(period, dim, dim_value, amount) of every stored target line."""
        sql = "SELECT period, dim, dim_value, amount FROM targets ORDER BY period, dim, dim_value"
        return self.conn.execute(sql).fetchall()

    _SALES_DIMS = {
        "month": "substr(o.order_date, 1, 7)",
        "product": "NULLIF(o.product, '')",
        "manager": "NULLIF(TRIM(c.manager), '')",
        "town": "c.town",
        "industry": "c.industry",
        "company_id": "o.company_id",
    }

    def sales_by(self, dims: Sequence[str], since: str, until: str) -> list[tuple]:
        """(*dim values, amount) of order lines dated since..until (ISO, inclusive), grouped by dims
        (month, product, manager, town, industry, company_id); unlinked lines have no manager/town."""
        exprs = [self._SALES_DIMS[d] for d in dims]
        group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(exprs)))}" if exprs else ""
        sql = (
            f"SELECT {', '.join([*exprs, 'SUM(o.amount)'])} FROM orders o"
            " LEFT JOIN companies c ON c.id = o.company_id"
            f" WHERE o.order_date >= ? AND o.order_date <= ?{group}"
        )
        return self.conn.execute(sql, (since, until)).fetchall()

    def pipeline_companies(self) -> list[tuple]:
        """(id, manager, town, industry, deal_level, closing) of open opportunities: firms other than
        V with both energy levels set."""
        sql = (
            "SELECT id, NULLIF(TRIM(manager), ''), town, industry, deal_level, closing FROM companies"
            " WHERE deal_level IS NOT NULL AND closing IS NOT NULL AND COALESCE(tier, '') != 'V'"
        )
        return self.conn.execute(sql).fetchall()

    def payment_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0])

    def has_collections(self) -> bool:
        """Whether receivables can be judged: payments imported, or paid amounts on the orders."""
        if self.conn.execute("SELECT 1 FROM payments LIMIT 1").fetchone():
            return True
        return self.conn.execute("SELECT 1 FROM orders WHERE paid IS NOT NULL LIMIT 1").fetchone() is not None

    def payments_by_key(self, keys: Iterable[str]) -> dict[str, tuple]:
        """payment_key → (id, customer, pay_date, amount, product, order_no) of stored payments."""
        if self.conn.execute("SELECT 1 FROM payments LIMIT 1").fetchone() is None:
            return {}
        self._temp_keys(list(keys))
        sql = (
            "SELECT p.payment_key, p.id, p.customer, p.pay_date, p.amount, p.product, p.order_no"
            " FROM payments p JOIN temp._keys k ON k.key = p.payment_key"
        )
        return {r[0]: r[1:] for r in self.conn.execute(sql)}

    def insert_payments(self, rows: list[tuple]) -> None:
        """rows: (payment_key, company_id, customer, customer_key, pay_date, amount, product, order_no,
        import_id, source_file, source_sheet, source_row)."""
        self.conn.executemany(
            "INSERT INTO payments (payment_key, company_id, customer, customer_key, pay_date, amount, product,"
            " order_no, import_id, source_file, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def update_payments(self, rows: list[tuple]) -> None:
        """rows: (company_id, customer, customer_key, pay_date, amount, product, order_no, import_id,
        source_file, source_sheet, source_row, id)."""
        self.conn.executemany(
            "UPDATE payments SET company_id = ?, customer = ?, customer_key = ?, pay_date = ?, amount = ?,"
            " product = ?, order_no = ?, import_id = ?, source_file = ?, source_sheet = ?, source_row = ?"
            " WHERE id = ?",
            rows,
        )

    def relink_payments(self) -> int:
        """Link payments whose customer has since been imported as a company (or linked by hand)."""
        cur = self.conn.execute(
            "UPDATE payments SET company_id = COALESCE("
            "(SELECT l.company_id FROM name_links l WHERE l.name_key = payments.customer_key),"
            "(SELECT c.id FROM companies c WHERE c.name_key = payments.customer_key))"
            " WHERE company_id IS NULL"
        )
        self.conn.execute(
            "DELETE FROM problems WHERE code = 'unlinked-payment' AND EXISTS (SELECT 1 FROM payments p"
            " WHERE p.source_file = problems.file AND p.source_row = problems.row AND p.company_id IS NOT NULL)"
        )
        return max(cur.rowcount, 0)

    def unlinked_payments(self) -> list[tuple[str, str, int, float]]:
        """(customer, customer_key, payments, amount) of payments not linked to a company."""
        sql = (
            "SELECT MIN(customer), customer_key, COUNT(*), SUM(amount) FROM payments WHERE company_id IS NULL"
            " GROUP BY customer_key ORDER BY 4 DESC"
        )
        return self.conn.execute(sql).fetchall()

    def receivable_lines(self, until: str) -> tuple[list[tuple], list[tuple]]:
        """Linked order lines (company_id, order_date, amount, paid, product) and payments
        (company_id, pay_date, amount) dated up to `until`, oldest first."""
        orders = self.conn.execute(
            "SELECT company_id, order_date, amount, paid, product FROM orders"
            " WHERE company_id IS NOT NULL AND order_date <= ? ORDER BY company_id, order_date, id",
            (until,),
        ).fetchall()
        payments = self.conn.execute(
            "SELECT company_id, pay_date, amount FROM payments"
            " WHERE company_id IS NOT NULL AND pay_date <= ? ORDER BY company_id, pay_date, id",
            (until,),
        ).fetchall()
        return orders, payments

    def company_rows(self, ids: Iterable[int]) -> dict[int, tuple]:
        """id → (name, tier, manager, town) of these companies."""
        ids = list(set(ids))
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp._ids")
        self.conn.executemany("INSERT OR IGNORE INTO temp._ids VALUES (?)", ((i,) for i in ids))
        sql = (
            "SELECT c.id, c.name, COALESCE(c.tier, c.tier_raw), NULLIF(TRIM(c.manager), ''), c.town"
            " FROM companies c JOIN temp._ids i ON i.id = c.id"
        )
        return {r[0]: r[1:] for r in self.conn.execute(sql)}

    def set_budget(self, rows: list[tuple[str, str, float | None, float | None]], source: str) -> None:
        """(month YYYY-MM, item, plan, actual) rows; a blank figure keeps the stored one."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO budget (month, item, plan, actual, source, set_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(month, item) DO UPDATE SET plan = COALESCE(excluded.plan, plan),"
            " actual = COALESCE(excluded.actual, actual), source = excluded.source, set_at = excluded.set_at",
            ((*r, source, stamp) for r in rows),
        )

    def budget_rows(self, year: int) -> list[tuple[str, str, float | None, float | None]]:
        """(month, item, plan, actual) of a year's budget, in the order the items were first stored."""
        sql = "SELECT month, item, plan, actual FROM budget WHERE month LIKE ? ORDER BY id"
        return self.conn.execute(sql, (f"{year}-%",)).fetchall()

    def first_deal_sizes(self) -> list[float]:
        """Each linked customer's sales in the 30 days from its first order: a typical first deal."""
        sql = (
            "SELECT SUM(o.amount) FROM orders o JOIN (SELECT company_id, MIN(order_date) AS f FROM orders"
            " WHERE company_id IS NOT NULL GROUP BY company_id) m ON m.company_id = o.company_id"
            " WHERE o.order_date <= date(m.f, '+30 days') GROUP BY o.company_id"
        )
        return [float(r[0]) for r in self.conn.execute(sql) if r[0] and r[0] > 0]
