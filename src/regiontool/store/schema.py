"""The workspace schema: its version, the tables and indexes as they are now (`metadata()`,
the one description SQLAlchemy turns into each database's DDL, in tables.py), the scripts
that brought older SQLite files up to date (`_MIGRATIONS`), and the columns the importers fill.

A new workspace, SQLite or PostgreSQL, is created from metadata(); an older SQLite file is
migrated by the scripts in order. A test checks that both give the same tables, columns
and indexes.
"""

from __future__ import annotations

SCHEMA_VERSION = 9

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
# Company columns of REAL affinity (as declared below): an integer stored there becomes a float.
COMPANY_REAL_COLUMNS = frozenset({"employees_n", "revenue_n"})
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
PAYMENT_INSERT = (
    "payment_key",
    "company_id",
    "customer",
    "customer_key",
    "pay_date",
    "amount",
    "product",
    "order_no",
    "import_id",
    "source_file",
    "source_sheet",
    "source_row",
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

# Schema 6: a company's key is unique through an index of its own (companies_name_key), which
# a first load drops and rebuilds with one sort (Workspace.defer_indexes), not through the
# table's UNIQUE constraint, whose index SQLite cannot drop. SQLite changes a constraint only by
# rebuilding the table (its twelve-step procedure; the runner turns foreign keys off around it
# and checks them before the commit).
_SCHEMA_V6 = """
CREATE TABLE companies_v6 (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, name_key TEXT NOT NULL,
    address TEXT, town TEXT, county TEXT, industry TEXT, size TEXT, tier TEXT, tier_raw TEXT,
    manager TEXT, employees TEXT, revenue TEXT, capital TEXT, scope TEXT, basis TEXT,
    employees_n REAL, revenue_n REAL,
    deal_level TEXT, closing TEXT,
    value_level TEXT, attractiveness TEXT, advantage TEXT,
    import_id INTEGER REFERENCES imports(id), updated_at TEXT,
    competitor TEXT
);
INSERT INTO companies_v6 (COLUMNS) SELECT COLUMNS FROM companies ORDER BY id;
DROP TABLE companies;
ALTER TABLE companies_v6 RENAME TO companies;
CREATE INDEX companies_keys ON companies(tier, town, county, industry, size, manager);
CREATE UNIQUE INDEX companies_name_key ON companies(name_key);
""".replace(
    "COLUMNS",
    "id, name, name_key, "
    + ", ".join(c for c in COMPANY_COLUMNS if c != "competitor")
    + ", import_id, updated_at, competitor",
)

# Schema 7: each import's path relative to the workspace file's folder as well (NULL on a server,
# or where there is no such path: another drive), so that the workspace folder moved or copied
# with its files still knows them — input protection (Workspace.input_paths) and a new version
# of a file saved in the same folder (orders.lines_not_in_file).
_SCHEMA_V7 = """
ALTER TABLE imports ADD COLUMN rel_path TEXT;
"""

# Schema 9: the manager's decisions on possible duplicates. `regiontool merge OTHER KEPT` deletes the
# other firm and keeps its name key here, so that a later file writing that name lands on the kept
# firm (never a new firm); `regiontool apart A B` records two names as two firms (keys ordered), so
# that no import lists the pair again. orders_no: an order's stored lines found by their number
# (orders.place_lines), never by their keys' text or collation order (review r85).
_SCHEMA_V9 = """
CREATE TABLE IF NOT EXISTS company_aliases (
    name_key TEXT PRIMARY KEY,  -- the merged firm's name key
    company_id INTEGER NOT NULL REFERENCES companies(id),  -- the firm it was merged into
    name TEXT,  -- the merged firm's name as it was stored
    merged_at TEXT NOT NULL,
    old_id INTEGER,  -- the merged firm's own id, as an export or plan written before the merge shows it
    old_fields TEXT  -- its key fields then (JSON): what an export written before the merge shows
);
CREATE TABLE IF NOT EXISTS apart_pairs (
    key_a TEXT NOT NULL, key_b TEXT NOT NULL,  -- two firms' name keys, key_a < key_b
    decided_at TEXT NOT NULL,
    PRIMARY KEY (key_a, key_b)
);
CREATE INDEX IF NOT EXISTS orders_no ON orders(order_no);
"""

# Schema version → the script that brings the previous version to it (1 is the base schema).
_MIGRATIONS = {
    1: _SCHEMA,
    2: _SCHEMA_V2,
    3: _SCHEMA_V3,
    4: _SCHEMA_V4,
    5: _SCHEMA_V5,
    6: _SCHEMA_V6,
    7: _SCHEMA_V7,
    8: "",  # data only: keys holding the characters t2s no longer respells (store.rekey)
    9: _SCHEMA_V9,
}
assert max(_MIGRATIONS) == SCHEMA_VERSION
# A server (PostgreSQL) workspace is created at the current schema; these bring one made by an
# earlier release up to date (schema version → its script; none before 5 exists).
_SERVER_MIGRATIONS = {
    6: """
ALTER TABLE companies DROP CONSTRAINT IF EXISTS companies_name_key_key;
CREATE UNIQUE INDEX IF NOT EXISTS companies_name_key ON companies (name_key);
""",
    7: """
ALTER TABLE imports ADD COLUMN IF NOT EXISTS rel_path TEXT;
""",
    8: "",  # as on SQLite
    9: _SCHEMA_V9,
}


def metadata():
    """The SQLAlchemy description of the current schema (imported on first use: SQLAlchemy
    costs ~0.4 s to import, and a command on an existing SQLite file never needs it)."""
    from .tables import METADATA

    return METADATA


# The SQLite DDL compiled from tables.py, kept beside the package so that creating a
# workspace file needs no SQLAlchemy (0.25 s to import). `python -m regiontool.store.tables`
# writes it; a test fails when it differs from what tables.py compiles to.
SQLITE_DDL_FILE = "schema-sqlite.json"


def create_statements(dialect_name: str) -> list[str]:
    """The DDL of the current schema for one database ('sqlite' or 'postgresql'), in order."""
    if dialect_name == "sqlite":
        import json
        from importlib import resources

        return json.loads(resources.files("regiontool.data").joinpath(SQLITE_DDL_FILE).read_text("utf-8"))
    from .tables import create_statements

    return create_statements(dialect_name)
