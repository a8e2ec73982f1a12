"""An output the system will not let us write (a read-only folder, a full disk, a name too long) is
one line naming the user's file and why, exit 1, for every kind of writer: csv, json, the table
workbook, the pivot workbook, the report, the plan's forms and calendar, the backup. No temporary
file is left, and an existing file stays as it was."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import dump, write_orders, write_xlsx

pytestmark = pytest.mark.sqlite_only  # the writers are the same whatever the workspace

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂", "金鑫塑料制品有限公司"]

# (the command's arguments before --out or with the output in place of OUT, the output's suffix)
WRITERS = [
    (["list", "--out", "OUT"], ".csv"),
    (["list", "--out", "OUT"], ".xlsx"),
    (["pivot", "--by", "town", "--out", "OUT"], ".json"),
    (["tiers", "--out", "OUT"], ".xlsx"),
    (["rfm", "--as-of", "2026-11-20", "--out", "OUT"], ".json"),
    (["report", "--as-of", "2026-11-20", "--out", "OUT"], ".xlsx"),
    (["plan", "--start", "2026-11-30", "--out", "OUT"], ".xlsx"),
    (["plan", "--start", "2026-11-30", "--ics", "OUT"], ".ics"),
    (["export", "OUT"], ".xlsx"),
    (["export", "OUT"], ".csv"),
    (["backup", "OUT"], ".db"),
]


@pytest.fixture
def workspace(tmp_path: Path, cli) -> Path:
    write_xlsx(tmp_path / "c.xlsx")
    orders = [
        [NAMES[0], dt.date(2026, 10, 10), "ERP", 1, 200_000, "A1"],
        [NAMES[1], dt.date(2026, 11, 2), "服务", 1, 50_000, "A2"],
    ]
    write_orders(tmp_path / "o.xlsx", orders)
    r = cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx")
    assert r.exit_code == 0, r.output
    out = tmp_path / "out"
    out.mkdir()
    return out


def _args(args: list[str], target: Path) -> list[str]:
    return [str(target) if a == "OUT" else a for a in args]


def _ids(writer) -> str:
    return f"{writer[0][0]}{writer[1]}" + ("-ics" if "--ics" in writer[0] else "")


@pytest.mark.parametrize("writer", WRITERS, ids=_ids)
def test_a_read_only_folder_is_one_line_naming_the_file_exit_1(writer, workspace: Path, cli, monkeypatch):
    """As root a chmod does not stop a write: the folder's refusal is the system's EROFS, as a
    read-only share or USB stick gives it, at the temporary file's creation."""
    args, suffix = writer
    target = workspace / f"结果{suffix}"

    def refuse(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system", str(workspace / f".结果.abcdefgh{suffix}"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = cli(*_args(args, target))
    line = assert_one_error_line(r, 1, [f"无法写入 {target}", f"所在的文件夹 {workspace} 是只读的"])
    assert ".结果." not in line  # never the hidden temporary name
    assert os.listdir(workspace) == []

    r = cli(*_args(args, target), "--lang", "en")
    assert_one_error_line(r, 1, [f"cannot write {target}: its folder {workspace} is read-only"], lang="en")


@pytest.mark.parametrize("writer", WRITERS, ids=_ids)
def test_a_full_disk_at_the_rename_leaves_the_old_file_and_no_temporary_one(
    writer, workspace: Path, cli, monkeypatch
):
    args, suffix = writer
    target = workspace / f"old{suffix}"
    target.write_bytes(b"the old file")
    replace = os.replace

    def full(src, dst, *a, **k):
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full)
    r = cli(*_args(args, target), "--lang", "en")
    assert_one_error_line(
        r, 1, [f"cannot write {target}: the disk is full (the existing file is unchanged)"], lang="en"
    )
    assert target.read_bytes() == b"the old file"
    assert os.listdir(workspace) == [target.name]


@pytest.mark.parametrize("writer", WRITERS, ids=_ids)
def test_a_file_name_too_long_is_one_line(writer, workspace: Path, cli):
    args, suffix = writer
    target = workspace / ("名" * 100 + suffix)  # 300 bytes: over the system's 255
    r = cli(*_args(args, target))
    assert_one_error_line(r, 1, ["文件名太长"], longest=600)
    assert os.listdir(workspace) == []


@pytest.mark.parametrize("writer", WRITERS, ids=_ids)
def test_a_long_name_that_fits_is_written(writer, workspace: Path, cli):
    """A name near the 255-byte limit is written: its temporary name is not longer than it."""
    args, suffix = writer
    target = workspace / ("a" * (250 - len(suffix)) + suffix)
    r = cli(*_args(args, target))
    assert r.exit_code == 0, r.output
    assert os.listdir(workspace) == [target.name]


def test_plan_names_its_workbook_when_the_workbook_fails_beside_a_calendar(workspace: Path, cli, monkeypatch):
    """plan --out A --ics B: the calendar waits for the workbook; A's failure is A's line, not B's (r69 F1)."""
    ro, ok = workspace / "ro", workspace / "ok"
    ro.mkdir()
    ok.mkdir()
    real = tempfile.mkstemp

    def refuse_in_ro(*a, **k):
        if Path(k.get("dir", "")) == ro:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*a, **k)

    monkeypatch.setattr(tempfile, "mkstemp", refuse_in_ro)
    r = cli("plan", "--start", "2026-11-30", "--out", ro / "p.xlsx", "--ics", ok / "p.ics")
    line = assert_one_error_line(r, 1, [f"无法写入 {ro / 'p.xlsx'}", f"所在的文件夹 {ro} 是只读的"])
    assert "p.ics" not in line
    assert os.listdir(ok) == [] and os.listdir(ro) == []


@pytest.mark.parametrize(
    "args",
    [["plan", "--start", "2026-11-30", "--out"], ["report", "--as-of", "2026-11-20", "--out"]],
    ids=lambda a: a[0],
)
def test_a_failed_write_does_not_remember_the_calendar(args, workspace: Path, cli, db, monkeypatch):
    """--calendar F is an input (no later --out overwrites it) only once the command succeeded (r69 F2)."""
    days = workspace.parent / "days.csv"
    days.write_text("2026-11-24,休\n", encoding="utf-8")
    before = dump(db)

    def refuse(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    r = cli(*args, workspace / "结果.xlsx", "--calendar", days)
    assert r.exit_code == 1, r.output
    assert dump(db) == before
    monkeypatch.undo()
    assert cli(*args, workspace / "结果.xlsx", "--calendar", days).exit_code == 0
    assert dump(db) != before  # remembered once written
