"""The workspace schema: its version, the tables and indexes as they are now (`METADATA`, the
one description SQLAlchemy turns into each database's DDL), the scripts that brought older
SQLite files up to date (`_MIGRATIONS`), and the columns the importers fill.

A new workspace, SQLite or PostgreSQL, is created from METADATA; an older SQLite file is
migrated by the scripts in order. A test checks that both give the same tables, columns
and indexes.
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 5

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

# Schema version → the script that brings the previous version to it (1 is the base schema).
_MIGRATIONS = {1: _SCHEMA, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4, 5: _SCHEMA_V5}
assert max(_MIGRATIONS) == SCHEMA_VERSION


# --- the schema as it is now --------------------------------------------------------

METADATA = sa.MetaData()
_text, _int, _real = sa.Text, sa.Integer, sa.Double


def _id() -> sa.Column:
    return sa.Column("id", _int, primary_key=True)


def _ref(name: str, table: str, **kw) -> sa.Column:
    return sa.Column(name, _int, sa.ForeignKey(f"{table}.id"), **kw)


sa.Table("meta", METADATA, sa.Column("key", _text, primary_key=True), sa.Column("value", _text))
sa.Table(
    "imports",
    METADATA,
    _id(),
    *(sa.Column(c, _text, nullable=False) for c in ("path", "file_name", "sha256")),
    sa.Column("kind", _text),
    sa.Column("sheet", _text),
    sa.Column("header_row", _int),
    *(sa.Column(c, _text, nullable=False) for c in ("headers", "mapping", "imported_at", "summary")),
    sa.Column("rows", sa.LargeBinary),
)
sa.Table(
    "companies",
    METADATA,
    _id(),
    sa.Column("name", _text, nullable=False),
    sa.Column("name_key", _text, nullable=False, unique=True),
    *(sa.Column(c, _real if c.endswith("_n") else _text) for c in COMPANY_COLUMNS if c != "competitor"),
    _ref("import_id", "imports"),
    sa.Column("updated_at", _text),
    sa.Column("competitor", _text),
)
sa.Table(
    "contacts",
    METADATA,
    _id(),
    _ref("company_id", "companies", nullable=False),
    sa.Column("contact_key", _text, nullable=False),
    *(sa.Column(c, _text) for c in CONTACT_COLUMNS),
    _ref("import_id", "imports"),
    sa.Column("source_file", _text),
    sa.Column("source_sheet", _text),
    sa.Column("source_row", _int),
    sa.Column("extra", _text),
    sa.UniqueConstraint("company_id", "contact_key"),
)
sa.Table(
    "history",
    METADATA,
    _id(),
    sa.Column("company_id", _int),
    sa.Column("contact_id", _int),
    sa.Column("field", _text, nullable=False),
    *(sa.Column(c, _text) for c in ("old", "new", "source")),
    sa.Column("import_id", _int),
    sa.Column("changed_at", _text, nullable=False),
)
sa.Table(
    "problems",
    METADATA,
    _id(),
    sa.Column("import_id", _int),
    sa.Column("code", _text, nullable=False),
    sa.Column("file", _text),
    sa.Column("sheet", _text),
    sa.Column("row", _int),
    *(sa.Column(c, _text) for c in ("col", "value", "message_zh", "message_en")),
)
sa.Table(
    "orders",
    METADATA,
    _id(),
    sa.Column("order_key", _text, nullable=False, unique=True),
    _ref("company_id", "companies"),
    sa.Column("customer", _text, nullable=False),
    sa.Column("customer_key", _text, nullable=False),
    sa.Column("order_date", _text, nullable=False),
    sa.Column("amount", _real, nullable=False),
    sa.Column("product", _text),
    sa.Column("quantity", _real),
    sa.Column("order_no", _text),
    _ref("import_id", "imports"),
    sa.Column("source_file", _text),
    sa.Column("source_sheet", _text),
    sa.Column("source_row", _int),
    sa.Column("paid", _real),
)
sa.Table(
    "name_links",
    METADATA,
    sa.Column("name_key", _text, primary_key=True),
    _ref("company_id", "companies", nullable=False),
    sa.Column("linked_at", _text, nullable=False),
)
sa.Table(
    "activities",
    METADATA,
    _id(),
    sa.Column("activity_key", _text, nullable=False, unique=True),
    _ref("company_id", "companies"),
    sa.Column("day", _text, nullable=False),
    sa.Column("category", _text),
    sa.Column("task", _text),
    sa.Column("status", _text, nullable=False),
    *(sa.Column(c, _text) for c in ("note", "source")),
    sa.Column("logged_at", _text, nullable=False),
)
sa.Table(
    "targets",
    METADATA,
    _id(),
    sa.Column("period", _text, nullable=False),
    sa.Column("dim", _text, nullable=False, server_default=""),
    sa.Column("dim_value", _text, nullable=False, server_default=""),
    sa.Column("amount", _real, nullable=False),
    sa.Column("source", _text),
    sa.Column("set_at", _text, nullable=False),
    sa.UniqueConstraint("period", "dim", "dim_value"),
)
sa.Table(
    "payments",
    METADATA,
    _id(),
    sa.Column("payment_key", _text, nullable=False, unique=True),
    _ref("company_id", "companies"),
    sa.Column("customer", _text, nullable=False),
    sa.Column("customer_key", _text, nullable=False),
    sa.Column("pay_date", _text, nullable=False),
    sa.Column("amount", _real, nullable=False),
    sa.Column("product", _text),
    sa.Column("order_no", _text),
    _ref("import_id", "imports"),
    sa.Column("source_file", _text),
    sa.Column("source_sheet", _text),
    sa.Column("source_row", _int),
)
sa.Table(
    "budget",
    METADATA,
    _id(),
    sa.Column("month", _text, nullable=False),
    sa.Column("item", _text, nullable=False),
    sa.Column("plan", _real),
    sa.Column("actual", _real),
    sa.Column("source", _text),
    sa.Column("set_at", _text, nullable=False),
    sa.UniqueConstraint("month", "item"),
)

_t = METADATA.tables
# Covering indexes: pivots, rfm and sales scan these instead of the wide tables.
sa.Index("history_company", _t["history"].c.company_id)
sa.Index(
    "companies_keys",
    *(_t["companies"].c[c] for c in ("tier", "town", "county", "industry", "size", "manager")),
)
sa.Index("contacts_keys", _t["contacts"].c.company_id, _t["contacts"].c.key_contact)
sa.Index("problems_file", _t["problems"].c.file)
sa.Index("orders_company", *(_t["orders"].c[c] for c in ("company_id", "order_date", "amount", "order_no")))
sa.Index("orders_customer", _t["orders"].c.customer_key)
sa.Index("activities_company", _t["activities"].c.company_id, _t["activities"].c.day)
sa.Index("payments_company", *(_t["payments"].c[c] for c in ("company_id", "pay_date", "amount")))
sa.Index("payments_customer", _t["payments"].c.customer_key)
sa.Index(
    "orders_sales",
    *(_t["orders"].c[c] for c in ("order_date", "company_id", "customer_key", "amount", "product")),
)


def create_statements(dialect_name: str) -> list[str]:
    """The DDL of the current schema for one database ('sqlite' or 'postgresql'), in order."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect_name]
    out = [str(CreateTable(t).compile(dialect=dialect)) for t in METADATA.sorted_tables]
    for t in METADATA.sorted_tables:
        out += [
            str(CreateIndex(ix).compile(dialect=dialect)) for ix in sorted(t.indexes, key=lambda i: i.name)
        ]
    return out
