"""Backup, restore and check of the workspace, and moving it between databases (the
commands in cli/workspace.py).

Backups use SQLite's online backup, so a copy taken while an import runs is the state
before or after it, never half of it. A restore checks the file first and keeps a copy
of the current workspace; `check` runs SQLite's integrity and foreign-key checks. A
PostgreSQL workspace is backed up by its server (pg_dump); `migrate` creates its schema
and `copy` moves a manager's file into it, counting every table on both sides.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .errors import FileReadError, OutputError, UsageError, WorkspaceError
from .store import SCHEMA_VERSION, Workspace, default_path, default_target, is_url
from .store.db import cannot_write, damage, read_only_error

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class CheckReport:
    path: Path
    schema_version: int | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    problems_zh: list[str] = field(default_factory=list)  # the same problems, in Chinese

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def newer(self) -> bool:
        """Written by a newer regiontool: to upgrade, not to restore."""
        return self.schema_version is not None and self.schema_version > SCHEMA_VERSION

    def add(self, en: str, zh: str) -> None:
        self.problems.append(en)
        self.problems_zh.append(zh)

    def listed(self, lang: str = "zh") -> list[str]:
        """The problems in the output's language."""
        return self.problems_zh if lang == "zh" else self.problems


def check(db: str | Path | None = None) -> CheckReport:
    """Integrity, foreign keys, schema version and row counts of a workspace; changes nothing.
    A server checks its own pages and keys, so there only the version and counts are read."""
    target = db or default_target()
    if not is_url(str(target)):
        path = Path(target)
        if not path.is_file():
            raise WorkspaceError(
                f"no workspace at {path}", "pass --db PATH", zh=f"{path} 没有工作区：请用 --db 指定工作区文件"
            )
        with path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                report = CheckReport(path, None)
                report.add(
                    "not an SQLite database (the file header is wrong)", "不是 SQLite 数据库（文件头不对）"
                )
                return report
    ws = Workspace.open_as_is(target)
    report = CheckReport(ws.path, None)
    try:
        report.schema_version = ws.stored_schema_version()
        if report.schema_version is None:
            if ws.shared:
                report.add(
                    "a database, but not a regiontool workspace (run `regiontool db migrate`)",
                    "是数据库，但不是 regiontool 工作区（请运行 `regiontool db migrate`）",
                )
            else:
                report.add(
                    "an SQLite database, but not a regiontool workspace (no schema version)",
                    "是 SQLite 数据库，但不是 regiontool 工作区（没有结构版本）",
                )
            return report
        if report.schema_version > SCHEMA_VERSION:
            report.add(
                f"schema {report.schema_version} is newer than this regiontool ({SCHEMA_VERSION}): upgrade it",
                f"结构版本 {report.schema_version} 比本 regiontool 的（{SCHEMA_VERSION}）新：请升级 regiontool",
            )
        for en, zh in ws.integrity_problems():
            report.add(en, zh)
        if not report.problems:
            report.counts = ws.table_counts()
    except sqlite3.DatabaseError as exc:
        report.add(*(damage(exc) or (f"the database is damaged ({exc})", f"数据库已损坏（{exc}）")))
    finally:
        ws.close()
    return report


def _refuse_server(db, what: str, what_zh: str) -> None:
    if is_url(str(db or default_target())):
        raise UsageError(
            f"a PostgreSQL workspace cannot {what} here: its server keeps it",
            "use pg_dump / pg_restore, or `regiontool db copy` into a file",
            zh=f"PostgreSQL 工作区不能在这里{what_zh}，它由数据库服务器保管："
            "请用 pg_dump / pg_restore，或用 `regiontool db copy` 复制到文件",
        )


def backup(target: str | Path, db: str | Path | None = None) -> Path:
    """Copy the workspace to target (temporary file, then renamed); returns the target path.
    A file given to the workspace to read (an import's, a budget …) is never the target."""
    from .io.write import atomic_path, cannot_write_file, check_output_path

    _refuse_server(db, "be backed up", "备份")
    target = Path(target)
    ws = Workspace.open(db)
    try:
        _refuse_same_file(target, ws.path, "back up the workspace onto itself", "把工作区备份到它自己上")
        try:
            is_dir = target.is_dir()
        except OSError as exc:  # a name too long for the system
            raise cannot_write_file(target, exc) from exc
        if is_dir:
            raise OutputError(
                f"{target} is a folder",
                "name the backup file, e.g. backup.db",
                zh=f"{target} 是一个文件夹：请写备份文件名，例如 backup.db",
            )
        check_output_path(target, ws.input_paths())
        with atomic_path(target) as tmp:
            tmp.unlink()  # the backup creates its own file
            ws.copy_sound(tmp)  # a damaged workspace is refused, the copy removed
    finally:
        ws.close()
    return target


@dataclass
class RestoreResult:
    restored_from: Path
    workspace: Path
    previous_copy: Path | None
    counts: dict[str, int]


def restore(source: str | Path, db: str | Path | None = None) -> RestoreResult:
    """Replace the workspace by a backup, after checking the backup and copying the current one aside."""
    _refuse_server(db, "be restored", "恢复")
    source = Path(source)
    workspace = Path(db) if db else default_path()
    if not source.is_file():  # a missing input is bad data (exit 1), as for import
        raise FileReadError(
            f"{source}: no such file",
            "name a backup written by `regiontool backup`",
            zh=f"{source}：没有这个文件：请写由 `regiontool backup` 生成的备份文件",
        )
    _refuse_same_file(source, workspace, "restore the workspace from itself", "用工作区自己来恢复它")
    report = check(source)
    if not report.ok:
        raise WorkspaceError(
            f"{source} cannot be restored: {report.problems[0]}; nothing changed",
            "name a backup written by `regiontool backup`",
            zh=f"{source} 无法恢复：{report.problems_zh[0]}；未作任何更改："
            "请写由 `regiontool backup` 生成的备份文件",
        )
    if failure := read_only_error(workspace):  # chmod 444: refused as every write is, root too
        raise failure
    previous = None
    if workspace.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        previous = workspace.with_name(f"{workspace.name}.before-restore-{stamp}.bak")
        current = Workspace.open_as_is(workspace)
        try:
            current.copy_to(previous)
        except sqlite3.DatabaseError as exc:
            current.close()
            previous.unlink(missing_ok=True)
            if failure := cannot_write(exc, workspace):  # a read-only folder, a full disk: not damage
                raise failure from exc
            # A damaged workspace cannot be copied page by page: keep its bytes instead.
            previous.write_bytes(workspace.read_bytes())
        else:
            current.close()
    elif not workspace.parent.exists():
        raise OutputError(f"folder {workspace.parent} does not exist", zh=f"文件夹 {workspace.parent} 不存在")
    src = Workspace.open_as_is(source)
    try:
        src.copy_to(workspace)  # one write transaction on the workspace: all pages or none
    except sqlite3.OperationalError as exc:
        if failure := cannot_write(exc, workspace):
            raise failure from exc
        raise
    finally:
        src.close()
    return RestoreResult(source, workspace, previous, report.counts)


def _refuse_same_file(a: Path, b: Path, what: str, what_zh: str) -> None:
    try:
        same = a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        same = False
    if same:
        raise UsageError(
            f"{a} is the workspace itself: cannot {what}",
            "choose another file",
            zh=f"{a} 就是工作区本身，不能{what_zh}：请换一个文件",
        )


@dataclass
class MigrateResult:
    workspace: str
    schema_version: int
    created: bool
    tables: dict[str, int]


def migrate(db: str | Path | None = None) -> MigrateResult:
    """Create the schema on an empty database (a new team server), or bring an older workspace
    up to date; running it again changes nothing."""
    target = db or default_target()
    existed = Workspace.exists(target)
    ws = Workspace.open(target, create=True)
    try:
        return MigrateResult(str(ws.path), ws.stored_schema_version() or 0, not existed, ws.table_counts())
    finally:
        ws.close()


@dataclass
class CopyResult:
    source: str
    target: str
    counts: dict[str, tuple[int, int]]  # table → (rows in the source, rows in the copy)


def copy(source: str | Path, target: str | Path, progress=None) -> CopyResult:
    """Copy a whole workspace into an empty one (a manager's file into the team's PostgreSQL, or
    back into a file), ids and all, in one transaction on the target; the counts of every table
    are compared, and a difference undoes the copy."""
    if str(source) == str(target):
        raise UsageError(
            "--from and --to name the same workspace",
            "copy into another database",
            zh="--from 和 --to 是同一个工作区：请复制到另一个数据库",
        )
    if not is_url(str(source)) and not Path(source).is_file():  # a missing input: exit 1, as for import
        raise FileReadError(
            f"--from {source}: no such workspace",
            "name a regiontool.db file or a postgresql:// URL",
            zh=f"--from {source}：没有这个工作区：请写 regiontool.db 文件或 postgresql:// 地址",
        )
    src = Workspace.open(source)
    try:
        dest = Workspace.open(target, create=True)
        try:
            if not dest.is_empty() or dest.table_counts().get("imports"):
                # a team's workspace: only the first manager can move a file in; ids, names and
                # histories of two workspaces do not merge safely, so the others import their files
                raise UsageError(
                    f"{dest.path} already holds a workspace with data; nothing copied",
                    "db copy only fills an empty database (regiontool db migrate creates one): on a team's "
                    "workspace the first manager copies their file in, the others import their own contact, "
                    "orders and payments files into it with `regiontool import --manager NAME` (what `set` "
                    "changed, activities logged with `done`, the history and targets of their file do not "
                    "come along)",
                    zh=f"{dest.path} 已有一个含数据的工作区，未复制任何数据：db copy 只复制到空数据库"
                    "（可用 regiontool db migrate 创建）——团队工作区由第一位经理复制自己的文件进去，其他经理用"
                    " regiontool import --manager 姓名 把自己的联系表、订单和回款文件导入进去"
                    "（自己文件里用 set 改过的值、done 记下的活动、变更历史和目标不会随之带过去）",
                )
            counts = src.copy_rows_to(dest, progress)
        except BaseException:
            dest.discard()
            raise
        dest.close()
    finally:
        src.close()
    return CopyResult(str(src.path), str(dest.path), counts)
