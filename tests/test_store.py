import sqlite3

import pytest

from conftest import schema_5_file
from regiontool import store
from regiontool.errors import WorkspaceError


def _tables(path):
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_workspace_has_current_schema(tmp_path):
    ws = store.Workspace.open(tmp_path / "w.db", create=True)
    ws.close()
    assert {"companies", "contacts", "orders", "activities"} <= _tables(tmp_path / "w.db")


def test_schema_1_is_migrated_with_a_backup_first(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(store._SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO companies (name, name_key) VALUES ('甲公司', '甲公司')")
    conn.commit()
    conn.close()

    with store.Workspace.open(path) as ws:
        assert ws.counts()["companies"] == 1
    assert "orders" in _tables(path)
    backup = tmp_path / "old.db.schema1.bak"
    assert backup.exists()
    assert "orders" not in _tables(backup)
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT name FROM companies").fetchall() == [("甲公司",)]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    store.Workspace.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError, match="newer regiontool"):
        store.Workspace.open(path)


def test_discard_keeps_a_new_workspace_someone_else_imported_into(tmp_path):
    path = tmp_path / "w.db"
    mine = store.Workspace.open(path, create=True)
    other = store.Workspace.open(path)
    with other.transaction():
        other.add_import(
            path="x.xlsx",
            file_name="x.xlsx",
            sha256="0",
            kind="xlsx",
            sheet="s",
            header_row=1,
            headers=[],
            mapping={},
        )
    other.close()
    mine.discard()
    assert path.exists()
    fresh = store.Workspace.open(tmp_path / "empty.db", create=True)
    fresh.discard()
    assert not (tmp_path / "empty.db").exists()


def test_every_schema_script_ends_its_last_statement(tmp_path):
    """Scripts are run one after another: a missing final ';' would glue two statements."""
    for name in dir(store):
        if name.startswith("_SCHEMA"):
            assert getattr(store, name).strip().endswith(";"), name


def test_schema_4_gets_the_sales_index(tmp_path):
    path = tmp_path / "v4.db"
    store.Workspace.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX orders_sales")
        conn.execute("ALTER TABLE imports DROP COLUMN rel_path")  # schema 7's
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    store.Workspace.open(path).close()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "orders_sales" in names
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(store.SCHEMA_VERSION),
        )
    assert (tmp_path / "v4.db.schema4.bak").exists()


def _shape(path) -> dict:
    """Every table's columns (name, type affinity, not null, primary key) and every index's columns."""
    affinity = {
        "TEXT": "TEXT",
        "INTEGER": "INTEGER",
        "REAL": "REAL",
        "DOUBLE": "REAL",
        "FLOAT": "REAL",
        "BLOB": "BLOB",
    }
    with sqlite3.connect(path) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        shape = {}
        for t in tables:
            cols = [
                (name, affinity[typ.upper()], bool(notnull) or bool(pk), bool(pk))
                for _cid, name, typ, notnull, _default, pk in conn.execute(f"PRAGMA table_info({t})")
            ]
            indexes = {}
            for _seq, name, unique, _origin, _partial in conn.execute(f"PRAGMA index_list({t})"):
                key = name if not name.startswith("sqlite_autoindex") else f"unique:{t}"
                columns = tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
                indexes.setdefault(key, set()).add((columns, bool(unique)))
            shape[t] = (sorted(cols), indexes)
        return shape


def test_a_new_workspace_has_the_same_shape_as_a_migrated_one(tmp_path):
    """A new workspace comes from the SQLAlchemy metadata, an old file from the migration
    scripts: both must end with the same tables, columns and indexes."""
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(store._SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.commit()
    conn.close()
    store.Workspace.open(old).close()
    new = tmp_path / "new.db"
    store.Workspace.open(new, create=True).close()
    assert _shape(new) == _shape(old)


def test_the_packaged_sqlite_ddl_is_what_the_tables_compile_to():
    """schema-sqlite.json is a build of tables.py; rewrite it with `python -m regiontool.store.tables`."""
    from regiontool.store import tables
    from regiontool.store.schema import create_statements

    assert create_statements("sqlite") == tables.create_statements("sqlite")


def test_postgresql_ddl_keeps_amounts_double_and_ids_serial():
    from regiontool.store.schema import create_statements

    ddl = "\n".join(create_statements("postgresql"))
    assert "amount DOUBLE PRECISION NOT NULL" in ddl and "REAL" not in ddl
    assert "id SERIAL NOT NULL" in ddl and "rows BYTEA" in ddl


def test_a_full_disk_is_one_workspace_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "w.db"
    with store.Workspace.open(path, create=True) as ws:
        before = ws.db.execute("SELECT * FROM meta ORDER BY key").fetchall()
        pages = ws.db.execute("PRAGMA page_count").fetchone()[0]
        ws.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own 'database or disk is full'
        rows = ((f"k{i}", "x" * 500) for i in range(1000))
        with pytest.raises(WorkspaceError) as failed, ws.transaction():
            ws.db.executemany("INSERT INTO meta VALUES (?, ?)", rows)
        assert ws.db.execute("SELECT * FROM meta ORDER BY key").fetchall() == before
    assert failed.value.text("zh") == f"无法写入 {path}：磁盘已满，没有做任何更改"
    assert failed.value.text("en") == f"cannot write {path}: the disk is full — nothing was changed"
    assert isinstance(failed.value.__cause__, sqlite3.OperationalError)


def test_schema_5_companies_get_their_key_index_and_keep_every_row(tmp_path):
    """Schema 6 rebuilds the companies table without its UNIQUE constraint (so that a first load
    can drop the key's index and sort it once after): every row, every column and every row
    pointing at a company stay as they were, and a second company with the same key is still
    refused."""
    path = tmp_path / "v5.db"
    schema_5_file(path)
    with sqlite3.connect(path) as conn:
        before = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("companies", "contacts")
        }
        columns = [r[1] for r in conn.execute("PRAGMA table_info(companies)")]
    store.Workspace.open(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            str(store.SCHEMA_VERSION),
        )
        assert [r[1] for r in conn.execute("PRAGMA table_info(companies)")] == columns
        for table, rows in before.items():
            assert conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() == rows
        assert conn.execute("SELECT company_id FROM orders").fetchall() == [(2,)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {r[1]: r[2] for r in conn.execute("PRAGMA index_list(companies)")}
        assert indexes == {"companies_name_key": 1, "companies_keys": 0}
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO companies (name, name_key) VALUES ('甲公司', '甲公司')")
    assert (tmp_path / "v5.db.schema5.bak").exists()
    new = tmp_path / "new.db"
    store.Workspace.open(new, create=True).close()
    assert _shape(new) == _shape(path)


def test_a_first_import_puts_the_key_index_back(tmp_path):
    """A first load into empty tables drops the companies' key index and builds it after the rows
    are in: it is there, unique, once the import is done."""
    from typer.testing import CliRunner

    from conftest import write_xlsx
    from regiontool.cli import app

    path = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["import", str(write_xlsx(tmp_path / "c.xlsx")), "--db", str(path)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM companies").fetchone()[0] > 0
        indexes = {r[1]: r[2] for r in conn.execute("PRAGMA index_list(companies)")}
        assert indexes.get("companies_name_key") == 1
        name, key = conn.execute("SELECT name, name_key FROM companies LIMIT 1").fetchone()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO companies (name, name_key) VALUES (?, ?)", (name, key))
