"""Backup, restore and integrity checks of a workspace file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from .common import default_path

if TYPE_CHECKING:
    from . import Workspace


class MaintenanceSQL:
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
