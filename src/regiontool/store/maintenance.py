"""Backup, restore and integrity checks of a workspace, and copying one into another."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import vocab
from ..errors import WorkspaceError
from .common import default_target
from .db import Database, damage, damaged, is_url
from .schema import metadata

if TYPE_CHECKING:
    from . import Workspace

# SQLite's result codes of a file the system would not let it write, as the errno that says why
# (io.write.atomic_path words it): FULL, IOERR, READONLY, CANTOPEN.
_SYSTEM_ERRNO = {13: errno.ENOSPC, 10: errno.EIO, 8: errno.EROFS, 14: errno.EACCES}

# Rows per batch when copying a table between databases.
_COPY_BATCH = 20_000


class MaintenanceSQL:
    # --- maintenance (backup, restore, check, copy) ---

    @classmethod
    def open_as_is(cls, target: str | Path | None = None) -> Workspace:
        """Open a workspace as it is: never created, never migrated (a journal left by a killed
        process is rolled back, as on any open)."""
        target = default_target() if target is None else target
        if is_url(str(target)):
            db = Database.postgresql(str(target))
            return cls(db, db.label, created=False)
        path = Path(target)
        if not path.is_file():
            raise WorkspaceError(
                f"no workspace at {path}", "pass --db PATH", zh=f"{path} 没有工作区：请用 --db 指定工作区文件"
            )
        try:
            db = Database.sqlite(path, mode="rw", as_is=True)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"{path} cannot be opened ({exc})", zh=f"{path} 无法打开（{exc}）") from exc
        return cls(db, path, created=False)

    def stored_schema_version(self) -> int | None:
        """The schema version the database says it has; None when it is no regiontool workspace."""
        if "meta" not in self.db.tables():
            return None
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else None

    def integrity_problems(self, limit: int = 20) -> list[tuple[str, str]]:
        """What SQLite's integrity_check and foreign_key_check find, each as (English, Chinese)
        (empty when the file is sound; SQLite's own words stay as it writes them). A PostgreSQL
        server checks its pages and foreign keys itself, on every write."""
        if self.db.dialect != "sqlite":
            return []
        found = [
            (r[0], f"SQLite 完整性检查：{r[0]}")
            for r in self.db.execute(f"PRAGMA integrity_check({int(limit)})")
            if r[0] != "ok"
        ]
        for table, rowid, parent, _fk in self.db.execute("PRAGMA foreign_key_check"):
            found.append(
                (
                    f"{table} row {rowid}: refers to a missing {parent} row",
                    f"{vocab.table_label(table)}表第 {rowid} 行：引用的{vocab.table_label(parent)}记录不存在",
                )
            )
            if len(found) >= limit:
                break
        return found

    def table_counts(self) -> dict[str, int]:
        """Rows of every table, by name."""
        names = sorted(self.db.tables())
        return {n: int(self.db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}

    def copy_to(self, target: str | Path) -> None:
        """Copy the whole workspace into the file target (SQLite online backup: a consistent
        snapshot even while another process writes; target's old content is replaced)."""
        dest = sqlite3.connect(target, timeout=30)
        try:
            self.db.raw.backup(dest)
        except sqlite3.OperationalError as exc:  # the disk is full or failing: the system's refusal
            code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
            if code not in _SYSTEM_ERRNO:
                raise
            dest.close()
            Path(f"{target}-journal").unlink(missing_ok=True)
            raise OSError(_SYSTEM_ERRNO[code], str(exc), str(target)) from exc
        finally:
            dest.close()

    def copy_sound(self, target: str | Path) -> None:
        """copy_to, then SQLite's quick_check of the copy: a damaged workspace (a bad page, copied
        as it is by the online backup) is refused with check's line, never left as a "backup"
        that restore would refuse later."""
        self.copy_to(target)
        con = sqlite3.connect(target)
        try:
            found = [r[0] for r in con.execute("PRAGMA quick_check(3)") if r[0] != "ok"]
            problems = [(f, f"SQLite 完整性检查：{f}") for f in found]
        except sqlite3.DatabaseError as exc:
            words = damage(exc)
            if words is None:
                raise
            problems = [words]
        finally:
            con.close()
        if problems:
            raise damaged(self.path, [en for en, _ in problems], [zh for _, zh in problems])

    def copy_rows_to(self, other: Workspace, progress: Callable[[str, int], None] | None = None) -> dict:
        """Copy every row of every table into `other` (an empty workspace of the same schema, any
        database), in one transaction there; returns {table: (rows here, rows there)}.

        Ids are kept, so the rows still point at each other; PostgreSQL's id sequences are then
        moved past the copied ids."""
        counts: dict[str, tuple[int, int]] = {}
        with other.transaction():
            for table in metadata().sorted_tables:
                if table.name == "meta":
                    continue
                cols = [c.name for c in table.columns]
                select = f"SELECT {', '.join(_name(c) for c in cols)} FROM {table.name} ORDER BY 1"
                cur = self.db.execute(select)
                while batch := cur.fetchmany(_COPY_BATCH):
                    other.db.load(table.name, batch, [_name(c) for c in cols])
                    if progress:
                        progress(table.name, len(batch))
                if other.db.dialect == "postgresql" and "id" in cols:
                    other.db.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                        f" COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
            # meta: the schema version is the other's own; the rest (input paths) is copied.
            kept = self.db.execute("SELECT key, value FROM meta WHERE key <> 'schema_version'").fetchall()
            other.db.load("meta", kept, [_name("key"), _name("value")])
            for table in metadata().sorted_tables:
                if table.name == "meta":
                    continue
                mine = int(self.db.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0])
                theirs = int(other.db.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0])
                counts[table.name] = (mine, theirs)
            if any(a != b for a, b in counts.values()):
                raise WorkspaceError(
                    "the copy's row counts differ from the source; nothing was copied",
                    zh="复制后的行数与源工作区不一致，未复制任何数据",
                )
        return counts


def _name(column: str) -> str:
    """A column name quoted where a database reserves the word."""
    return f'"{column}"' if column in ("old", "new", "row", "key", "value") else column
