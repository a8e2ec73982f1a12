"""One connection to the workspace database: a SQLite file, or a shared PostgreSQL server.

SQLAlchemy makes the connection (its URL parsing, dialects and drivers: the standard
library's sqlite3, psycopg 3 for PostgreSQL) and describes the schema (tables.py). The
store's queries are written once in the SQL both databases share, with `?` placeholders,
and run on the driver's own cursor: a million-row aggregate or a 100,000-row executemany
pays no per-row cost on top of the driver. The few expressions the two databases spell
differently (JSON access, a number from text, date arithmetic) are methods of `Database`,
so no other module needs to know which database it is talking to.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

from ..errors import UsageError, WorkspaceError

# Where PostgreSQL keeps the workspace tables: one schema, so a manager's temporary views
# (Workspace.scope) can shadow them by name.
PG_SCHEMA = "public"
# The key of the transaction-level advisory lock every PostgreSQL write transaction takes:
# writers queue like SQLite's BEGIN IMMEDIATE, readers never wait (MVCC), so two managers
# importing and setting tiers at once lose no update.
_WRITE_LOCK = 0x7265_6769  # "regi"
# How long a PostgreSQL writer waits for another before it reports the workspace busy.
PG_LOCK_TIMEOUT = "120s"
# How long a command waits for another process's lock on a SQLite file (seconds), likewise.
SQLITE_WAIT = 30


def is_url(target: object) -> bool:
    """Whether --db names a server database (postgresql://…) rather than a file."""
    return isinstance(target, str) and re.match(r"^postgres(ql)?(\+\w+)?://", target) is not None


def display_name(target: str) -> str:
    """A URL without its password, for messages."""
    from urllib.parse import unquote

    from sqlalchemy.engine import make_url

    try:
        return unquote(make_url(target).render_as_string(hide_password=True))
    except Exception:  # noqa: BLE001 - a message must never fail
        return "the database URL"


def postgres_url(target: str):
    """A SQLAlchemy URL for psycopg 3, whatever driver the user wrote (postgres://, +psycopg2 …)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise UsageError(
            f"--db {target!r} is not a database URL",
            "write postgresql://user@host/db",
            zh=f"--db {target!r} 不是数据库地址：请写成 postgresql://user@host/db",
        ) from exc
    if not url.database:
        raise UsageError(
            f"--db {display_name(target)} names no database",
            "write postgresql://user@host/db",
            zh=f"--db {display_name(target)} 没有写数据库名：请写成 postgresql://user@host/db",
        )
    return url.set(drivername="postgresql+psycopg")


@functools.lru_cache(maxsize=2048)
def _to_format_style(sql: str) -> str:
    """`?` placeholders → psycopg's `%s` (and a literal `%` → `%%`), quoted text left alone."""
    out, quoted = [], False
    for ch in sql:
        if ch == "'":
            quoted = not quoted
        if ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)


# A text that is one number, as Database.to_number reads it (PostgreSQL takes the same pattern).
WHOLE_NUMBER = re.compile(r"[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,2})?")  # (no 1e400)
# What both databases strip around such a text: Python's strip() and PostgreSQL's TRIM differ (tab,
# line break, no-break and full-width spaces: review r111 F4).
NUMBER_PADDING = " \t\n\r\x0b\x0c\u00a0\u3000"
WHOLE_NUMBER_FUNCTION = "regiontool_number"


def whole_number(value: object) -> float | int | None:
    """SQLite's Database.to_number: a number as it is, a text only when it is a whole number."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = (value.decode(errors="replace") if isinstance(value, bytes) else str(value)).strip(NUMBER_PADDING)
    text = text.replace(",", "")
    return float(text) if WHOLE_NUMBER.fullmatch(text) else None


class Database:
    """A DB-API connection in autocommit mode, with explicit transactions (begin/commit)."""

    def __init__(self, raw, dialect: str, label: str, engine=None):
        self.raw = raw
        self.dialect = dialect
        self.label = label  # the file path or the URL without password, for messages
        self._engine = engine
        self.errors: tuple[type[BaseException], ...]
        if dialect == "sqlite":
            self.errors = (sqlite3.Error,)
        else:
            import psycopg

            self.errors = (psycopg.Error,)

    # --- connecting ----------------------------------------------------------------

    @classmethod
    def sqlite(cls, path: Path, *, mode: str | None = None, as_is: bool = False) -> Database:
        """A SQLite file; mode 'ro' or 'rw' opens an existing file only. as_is reads nothing
        before the caller does (a damaged file is reported by the check that follows)."""
        if mode:
            raw = sqlite3.connect(
                path.resolve().as_uri() + f"?mode={mode}", uri=True, isolation_level=None, timeout=SQLITE_WAIT
            )
        else:
            raw = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_WAIT)
        raw.create_function(WHOLE_NUMBER_FUNCTION, 1, whole_number, deterministic=True)
        if not as_is:
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute("PRAGMA cache_size = -65536")  # 64 MB: index pages of big imports stay in memory
        return cls(raw, "sqlite", str(path))

    @classmethod
    def postgresql(cls, target: str) -> Database:
        """A PostgreSQL database through SQLAlchemy's psycopg dialect (no pool: one CLI run, one
        connection)."""
        from sqlalchemy import create_engine
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.pool import NullPool

        url = postgres_url(target)
        label = display_name(target)
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise WorkspaceError(
                "PostgreSQL needs psycopg",
                "pip install 'psycopg[binary]'",
                zh="连接 PostgreSQL 需要 psycopg：请运行 pip install 'psycopg[binary]'",
            ) from exc
        _quiet_pool()
        # No rollback when the connection is given back: it is closed right after (NullPool), which
        # ends any transaction on the server, and a rollback on a connection the server dropped
        # would only fail again, inside the pool, after the command's own one-line error.
        engine = create_engine(url, poolclass=NullPool, pool_reset_on_return=None)
        try:
            proxy = engine.raw_connection()
        except (SQLAlchemyError, psycopg.Error) as exc:  # the pool lets the driver's error through
            raise cannot_connect(label, getattr(exc, "orig", None) or exc) from exc
        raw = proxy.driver_connection
        raw.autocommit = True
        _floats_for_numeric(raw)
        db = cls(raw, "postgresql", label, engine)
        db._proxy = proxy
        return db

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.dialect == "sqlite":
            self.raw.close()
        else:
            self._proxy.close()
            self._engine.dispose()

    def reopen_read_only(self) -> Database:
        """A second connection to the same database, for reads beside this one (together())."""
        if self.dialect == "sqlite":
            return Database.sqlite(Path(self.label), mode="ro")
        return Database.postgresql(self._engine.url.render_as_string(hide_password=False))

    # --- running SQL ---------------------------------------------------------------

    def execute(self, sql: str, params: Sequence = ()):
        """Run one statement; returns the driver's cursor (fetchone, fetchall, iteration, rowcount)."""
        if self.dialect == "sqlite":
            return self.raw.execute(sql, params)
        cur = self.raw.cursor()
        cur.execute(_to_format_style(sql), tuple(params))
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence]):
        if self.dialect == "sqlite":
            return self.raw.executemany(sql, rows)
        cur = self.raw.cursor()
        cur.executemany(_to_format_style(sql), [tuple(r) for r in rows])
        return cur

    def load(self, table: str, rows: Iterable[Sequence], columns: Sequence[str] = ()) -> None:
        """Bulk insert: executemany on SQLite, COPY on PostgreSQL (tens of times faster there)."""
        cols = f" ({', '.join(columns)})" if columns else ""
        if self.dialect == "sqlite":
            rows = iter(rows)
            first = next(rows, None)
            if first is not None:
                marks = ", ".join("?" * len(first))
                self.raw.executemany(f"INSERT INTO {table}{cols} VALUES ({marks})", chain((first,), rows))
            return
        with self.raw.cursor() as cur, cur.copy(f"COPY {table}{cols} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def run_script(self, script: str) -> None:
        for stmt in script.strip().split(";"):
            if stmt.strip():
                self.execute(stmt)

    def begin(self, write: bool = True) -> None:
        """Start a transaction. A writer waits for any other writer first (SQLite: BEGIN
        IMMEDIATE; PostgreSQL: an advisory lock held until COMMIT)."""
        if self.dialect == "sqlite":
            self.raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            return
        self.execute("BEGIN")
        if write:
            self.execute(f"SET LOCAL lock_timeout = '{PG_LOCK_TIMEOUT}'")
            self.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))

    def begin_read(self) -> None:
        """Start a read-only transaction whose reads all see one state of the database."""
        if self.dialect == "sqlite":
            self.raw.execute("BEGIN")
        else:
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")  # (not READ ONLY: scratch TEMP tables)

    def is_busy(self, exc: BaseException) -> bool:
        """Whether exc says another writer held the database too long (not a failed statement)."""
        if self.dialect == "sqlite":
            return is_locked(exc)
        import psycopg

        return isinstance(exc, (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled))

    def cannot_write(self, exc: BaseException) -> WorkspaceError | None:
        """The one line for exc when it says the workspace file cannot be written (see cannot_write)."""
        return cannot_write(exc, Path(self.label)) if self.dialect == "sqlite" else None

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    def tables(self) -> set[str]:
        if self.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            return {r[0] for r in self.execute(sql)}
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = ?"
        return {r[0] for r in self.execute(sql, (PG_SCHEMA,))}

    @property
    def schema(self) -> str:
        """The schema that holds the tables, for names a temporary view must not shadow."""
        return "main" if self.dialect == "sqlite" else PG_SCHEMA

    @property
    def temp_schema(self) -> str:
        return "temp" if self.dialect == "sqlite" else "pg_temp"

    # --- the expressions the two databases spell differently ------------------------

    def json_text(self, column: str, key: str) -> str:
        """The text of `key` in a JSON object stored as text in `column`."""
        if self.dialect == "sqlite":
            path = '$."' + key.replace('"', '\\"') + '"'
            return f"json_extract({column}, {quote(path)})"
        return f"(CAST({column} AS jsonb) ->> {quote(key)})"

    def to_number(self, expr: str) -> str:
        """The number a cell holds, or NULL: a number, or a text that is one whole number,
        thousands separators allowed ('1,200'). A text that only starts with one ('1000人以上',
        '3-5', '12万') is NULL on both databases: SQLite's CAST would read its leading digits."""
        if self.dialect == "sqlite":
            return f"{WHOLE_NUMBER_FUNCTION}({expr})"
        padding = " || ".join(f"CHR({ord(c)})" for c in NUMBER_PADDING)
        text = f"REPLACE(BTRIM(CAST({expr} AS TEXT), {padding}), ',', '')"
        return f"(CASE WHEN {text} ~ '^{WHOLE_NUMBER.pattern}$' THEN CAST({text} AS DOUBLE PRECISION) END)"

    def days_between(self, earlier: str, later: str) -> str:
        """Whole days from one ISO date (text) to another."""
        if self.dialect == "sqlite":
            return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"

    def add_days(self, iso_date: str, days: int) -> str:
        """An ISO date (text) `days` later, as ISO text."""
        if self.dialect == "sqlite":
            return f"date({iso_date}, '{int(days):+d} days')"
        return f"to_char(CAST({iso_date} AS date) + {int(days)}, 'YYYY-MM-DD')"


# SQLite's primary result codes (and texts) of a file it cannot write: CANTOPEN (its -journal
# cannot be created beside the file: a read-only folder), READONLY, IOERR and FULL.
_CANNOT_WRITE_CODES = (14, 8, 10, 13)
_CANNOT_WRITE_TEXTS = (
    "unable to open database file",
    "attempt to write a readonly database",
    "disk I/O error",
    "database or disk is full",
)


def cannot_write(exc: BaseException, path: Path) -> WorkspaceError | None:
    """The one line, naming the cause, for a SQLite error that says the workspace file cannot be
    written or created (its folder or the file is read-only, the disk is full or failing); None for
    any other error. The caller has rolled back: nothing was changed."""
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code not in _CANNOT_WRITE_CODES and not text.startswith(_CANNOT_WRITE_TEXTS):
        return None
    folder = path.parent
    fix, fix_zh = "", ""
    if code == 13 or text.startswith(_CANNOT_WRITE_TEXTS[3]):
        why, why_zh = "the disk is full", "磁盘已满"
        temp = _other_temp_folder(folder)
        if temp:  # SQLite's temporary tables and sorts go there (TMPDIR): it may be the full one
            why += f" (the workspace's, or that of the temporary folder {temp})"
            why_zh += f"（工作区所在的磁盘，或临时文件夹 {temp} 所在的磁盘）"
    elif folder.is_dir() and not os.access(folder, os.W_OK):
        why = f"its folder {folder} is read-only (SQLite writes a -journal file there)"
        why_zh = f"所在的文件夹 {folder} 是只读的（SQLite 要在里面写 -journal 文件）"
        fix, fix_zh = (
            "; make the folder writable or move the workspace",
            "；请让文件夹可写，或把工作区移到可写的文件夹",
        )
    elif is_read_only(path):
        why, why_zh = "the file is read-only", "文件是只读的"
        fix, fix_zh = "; make it writable", "；请让它可写"
    elif code == 10 or text.startswith(_CANNOT_WRITE_TEXTS[2]):
        why, why_zh = "the disk failed to read or write", "磁盘读写出错"
    else:
        why, why_zh = f"SQLite says: {text}", "无法打开或创建它旁边的文件"
    return WorkspaceError(
        f"cannot write {path}: {why}",
        f"nothing was changed{fix}",
        zh=f"无法写入 {path}：{why_zh}，没有做任何更改{fix_zh}",
    )


def is_read_only(path: Path) -> bool:
    """Whether an existing workspace file is not to be written: os.access says so, or its mode
    bits give no one the write bit (chmod 444) — os.access is always true for root, and SQLite then
    writes it, as io.write.atomic_path refuses an output by its mode bits too."""
    try:
        return path.is_file() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222)
    except OSError:
        return False


def read_only_error(path: Path) -> WorkspaceError | None:
    """The one line refusing to write a read-only workspace file (is_read_only), as cannot_write
    says it when SQLite refuses; None for a file that may be written."""
    if not is_read_only(path):
        return None
    return WorkspaceError(
        f"cannot write {path}: the file is read-only",
        "nothing was changed; make it writable",
        zh=f"无法写入 {path}：文件是只读的，没有做任何更改；请让它可写",
    )


def _other_temp_folder(folder: Path) -> str | None:
    """The temporary folder SQLite and regiontool write scratch files to (TMPDIR), when it is on
    another file system than folder; None when they share one (or either cannot be read)."""
    import tempfile

    temp = tempfile.gettempdir()
    try:
        return temp if os.stat(temp).st_dev != os.stat(folder if str(folder) else ".").st_dev else None
    except OSError:
        return None


# What PostgreSQL (or libpq) says when the server answered but refused the login: the user, the
# password or the database name of the URL is wrong (English server messages, and a server whose
# lc_messages is Chinese). Anything else at connect time is a server not reached.
_LOGIN_REFUSED = re.compile(
    r"authentication failed|no password supplied|password retrieved from file|"
    r'(database|role) ".*" does not exist|is not permitted to log in|'
    r'permission denied for database|no pg_hba\.conf entry|pg_hba\.conf 记录|认证失败|" 不存在',
    re.IGNORECASE,
)


def cannot_connect(label: str, exc: BaseException) -> WorkspaceError:
    """The one line for a connection that could not be made: a login the server refused (the
    URL's user, password or database name is wrong) or a server not reached (not running, a wrong
    host or port)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if _LOGIN_REFUSED.search(text):
        # the server's own words, without libpq's "connection to server on socket … failed:"
        said = re.split(r"failed: (?:FATAL|致命错误)?[:：]?\s*", text)[-1]
        return WorkspaceError(
            f"{label} refused the login: the user, password or database name in the --db URL is wrong"
            f" ({said})",
            "correct --db (or REGIONTOOL_DB); nothing was changed",
            zh=f"{label} 拒绝登录：--db 地址中的用户名、密码或数据库名不对（{said}）；"
            "请改正 --db（或 REGIONTOOL_DB），没有做任何更改",
        )
    return WorkspaceError(
        f"cannot connect to {label} ({text})",
        "check the URL and that the database server is running; nothing was changed",
        zh=f"无法连接 {label}（{text}）：请检查地址，以及数据库服务器是否在运行；没有做任何更改",
    )


def _quiet_pool() -> None:
    """SQLAlchemy's pool logs a failure to reset or close a connection (a connection the server
    dropped) with its traceback; unconfigured, Python's logging prints that on stderr, before the
    command's one line. A NullHandler keeps it off stderr; an application that configures logging
    still receives it."""
    import logging

    pool = logging.getLogger("sqlalchemy.pool")
    if not any(isinstance(h, logging.NullHandler) for h in pool.handlers):
        pool.addHandler(logging.NullHandler())


def busy(path: object, exc: BaseException) -> WorkspaceError:
    """Another regiontool held the workspace longer than a command waits (SQLite_WAIT, or
    PG_LOCK_TIMEOUT on a server): busy, not damaged and not someone else's file."""
    return WorkspaceError(
        f"{path} is busy ({exc})",
        "another regiontool may be running; retry",
        zh=f"{path} 正忙（{exc}）：可能有另一个 regiontool 在运行，请稍后重试",
    )


def is_locked(exc: BaseException) -> bool:
    """Whether a SQLite error says another connection holds the file (waited SQLITE_WAIT for it)."""
    return isinstance(exc, sqlite3.OperationalError) and (
        ((getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF) in (5, 6) or "locked" in str(exc)
    )


def damage(exc: BaseException | None) -> tuple[str, str] | None:
    """(English, Chinese) words for a SQLite error, or one it came from, that says the file is
    damaged (SQLITE_CORRUPT: a malformed page, met at any read); None for any other error."""
    seen = set()
    while exc is not None and id(exc) not in seen:  # "during handling of …": the first cause counts
        seen.add(id(exc))
        if isinstance(exc, sqlite3.DatabaseError) and (
            ((getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF) == 11 or "malformed" in str(exc)
        ):
            return f"the database is damaged ({exc})", f"数据库已损坏（{exc}）"
        exc = exc.__cause__ or exc.__context__
    return None


def damaged(path: object, problems: Sequence[str], problems_zh: Sequence[str]) -> WorkspaceError:
    """The one line for a damaged workspace: `check`'s, and any command's that meets a bad page."""
    return WorkspaceError(
        f"{path} is damaged: {'; '.join(problems[:3])}",
        "restore a backup with `regiontool restore FILE`",
        zh=f"{path} 已损坏：{'；'.join(problems_zh[:3])}：请用 `regiontool restore 文件` 恢复备份",
    )


def damaged_by(exc: BaseException, path: object) -> WorkspaceError | None:
    """damaged() for a SQLite error that says the file is damaged; None for any other error."""
    words = damage(exc)
    return damaged(path, [words[0]], [words[1]]) if words else None


def newer_schema(path: object, version: int) -> WorkspaceError:
    """A workspace written by a newer regiontool: upgrade, never restore (that would lose its data)."""
    return WorkspaceError(
        f"{path} was written by a newer regiontool (schema {version})",
        "upgrade regiontool (pip install -U regiontool)",
        zh=f"{path} 由更新版本的 regiontool 写入（结构版本 {version}）：请升级 regiontool（pip install -U regiontool）",
    )


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _floats_for_numeric(raw) -> None:
    """SUM over integers is NUMERIC in PostgreSQL: read it as float, like SQLite's REAL."""
    from psycopg.types.numeric import FloatLoader

    raw.adapters.register_loader("numeric", FloatLoader)
