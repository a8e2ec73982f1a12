"""The current schema as SQLAlchemy tables: the one description both databases' DDL comes from."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import COMPANY_COLUMNS, CONTACT_COLUMNS

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
    sa.Column("rel_path", _text),  # relative to the workspace file's folder (schema 7)
)
sa.Table(
    "companies",
    METADATA,
    _id(),
    sa.Column("name", _text, nullable=False),
    sa.Column("name_key", _text, nullable=False),  # unique: companies_name_key below
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
sa.Table(  # schema 9: a firm merged into another (regiontool merge): its name key lands there
    "company_aliases",
    METADATA,
    sa.Column("name_key", _text, primary_key=True),
    _ref("company_id", "companies", nullable=False),
    sa.Column("name", _text),
    sa.Column("merged_at", _text, nullable=False),
    sa.Column("old_id", _int),  # the merged firm's own id (an export written before the merge)
    sa.Column("old_fields", _text),  # its key fields then (JSON): what such an export shows
)
sa.Table(  # schema 9: two names decided to be two firms (regiontool apart), keys ordered
    "apart_pairs",
    METADATA,
    sa.Column("key_a", _text, primary_key=True),
    sa.Column("key_b", _text, primary_key=True),
    sa.Column("decided_at", _text, nullable=False),
)

_t = METADATA.tables
# Covering indexes: pivots, rfm and sales scan these instead of the wide tables.
sa.Index("history_company", _t["history"].c.company_id)
# A company's key is unique through an index of its own, not a table constraint: SQLite can drop
# and rebuild it around a first load (Workspace.defer_indexes); 60,000 keys inserted one by one
# into a constraint's index took 0.2 s longer than one sort after the load.
sa.Index("companies_name_key", _t["companies"].c.name_key, unique=True)
sa.Index(
    "companies_keys",
    *(_t["companies"].c[c] for c in ("tier", "town", "county", "industry", "size", "manager")),
)
sa.Index("contacts_keys", _t["contacts"].c.company_id, _t["contacts"].c.key_contact)
sa.Index("problems_file", _t["problems"].c.file)
sa.Index("orders_company", *(_t["orders"].c[c] for c in ("company_id", "order_date", "amount", "order_no")))
sa.Index("orders_customer", _t["orders"].c.customer_key)
sa.Index("orders_no", _t["orders"].c.order_no)
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


if __name__ == "__main__":  # python -m regiontool.store.tables: rewrite the compiled SQLite DDL
    import json
    from pathlib import Path

    from .schema import SQLITE_DDL_FILE

    target = Path(__file__).resolve().parent.parent / "data" / SQLITE_DDL_FILE
    target.write_text(json.dumps(create_statements("sqlite"), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {target}")
