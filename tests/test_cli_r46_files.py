"""Review r46: regiontool on a real manager's disk — Excel's owner lock files and the tool's own
pivot workbooks in a glob, an unreadable input, a read-only or linked --out target, and a workspace
folder moved or copied with its files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import write_xlsx

pytestmark = pytest.mark.sqlite_only  # files on disk beside a workspace file


def _as_a_user(monkeypatch) -> None:
    """Root writes any file whatever its mode: make os.access answer as a normal user's would,
    by the file's mode bits (the review ran its commands without CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return
    access = os.access

    def by_mode(path, mode, *a, **k):
        if mode & os.W_OK and os.path.exists(path):
            return bool(os.stat(path).st_mode & stat.S_IWUSR) and access(path, mode, *a, **k)
        if mode & os.R_OK and os.path.exists(path):
            return bool(os.stat(path).st_mode & stat.S_IRUSR) and access(path, mode, *a, **k)
        return access(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", by_mode)


@pytest.fixture
def imported(tmp_path: Path, cli) -> Path:
    src = write_xlsx(tmp_path / "c.xlsx")
    r = cli("import", src)
    assert r.exit_code == 0, r.output
    return tmp_path


# --- item 5: an existing read-only --out target -------------------------------------------------


@pytest.mark.parametrize("args", [["export", "OUT"], ["list", "--out", "OUT"], ["report", "--out", "OUT"]])
def test_a_read_only_output_file_is_refused_in_one_line_and_kept(imported: Path, cli, monkeypatch, args):
    target = imported / "资源表.xlsx"
    target.write_bytes(b"the manager's protected file")
    target.chmod(0o444)
    _as_a_user(monkeypatch)
    argv = [str(target) if a == "OUT" else a for a in args]
    r = cli(*argv)
    assert_one_error_line(r, 1, [f"无法写入 {target}", "只读", "原有的文件未改动"])
    r = cli(*argv, "--lang", "en")
    assert_one_error_line(r, 1, [f"cannot write {target}: the file is read-only"], lang="en")
    assert target.read_bytes() == b"the manager's protected file"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in imported.iterdir() if p.name.startswith(".")) == []


# --- item 6: --out through a link ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["export", "OUT"], ["list", "--out", "OUT"], ["backup", "OUT"]])
def test_an_output_through_a_link_writes_the_file_it_points_to(imported: Path, cli, args):
    shared = imported / "共享盘"
    shared.mkdir()
    suffix = ".db" if args[0] == "backup" else ".xlsx"
    real = shared / f"资源表{suffix}"
    real.write_bytes(b"stale")
    link = imported / f"资源表{suffix}"
    link.symlink_to(Path("共享盘") / real.name)
    r = cli(*[str(link) if a == "OUT" else a for a in args])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_bytes() != b"stale" and real.stat().st_size > 1000
    assert [p.name for p in shared.iterdir()] == [real.name]  # no temporary file left beside it


# --- item 7: an unreadable input ----------------------------------------------------------------


def _unreadable(path: Path, monkeypatch) -> None:
    """chmod 000, and as root (who reads any file) the refusal a normal user gets."""
    path.chmod(0)
    _as_a_user(monkeypatch)
    if os.geteuid() == 0:
        read_bytes = Path.read_bytes

        def refuse(self):
            if self.resolve() == path.resolve():
                raise PermissionError(13, "Permission denied", str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)


@pytest.mark.parametrize("args", [["import", "IN"], ["import", "OTHER", "IN"], ["done", "IN"]])
def test_an_unreadable_input_is_the_tools_one_line_exit_1(tmp_path: Path, cli, monkeypatch, args):
    src = write_xlsx(tmp_path / "客户联系表.xlsx")
    other = write_xlsx(tmp_path / "other.xlsx")
    if args[0] == "done":
        assert cli("import", other).exit_code == 0
    _unreadable(src, monkeypatch)
    argv = [str(src) if a == "IN" else str(other) if a == "OTHER" else a for a in args]
    r = cli(*argv)
    line = assert_one_error_line(r, 1, [f"没有读取 {src} 的权限"])
    assert "--help" not in line and "readable" not in line.replace(str(tmp_path), "")
    r = cli(*argv, "--lang", "en")
    line = assert_one_error_line(r, 1, [f"{src}: no permission to read it"], lang="en")
    assert "--help" not in line and "readable" not in line.replace(str(tmp_path), "")
    assert not (tmp_path / "ws.db").exists() or args[0] == "done"
