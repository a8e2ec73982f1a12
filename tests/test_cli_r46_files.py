"""Review r46: regiontool on a real manager's disk — Excel's owner lock files and the tool's own
pivot workbooks in a glob, an unreadable input, a read-only or linked --out target, and a workspace
folder moved or copied with its files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import write_orders, write_xlsx

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
def workspace_dir(tmp_path: Path, cli) -> Path:
    src = write_xlsx(tmp_path / "c.xlsx")
    r = cli("import", src)
    assert r.exit_code == 0, r.output
    return tmp_path


# --- item 5: an existing read-only --out target -------------------------------------------------


@pytest.mark.parametrize("args", [["export", "OUT"], ["list", "--out", "OUT"], ["report", "--out", "OUT"]])
def test_a_read_only_output_file_is_refused_in_one_line_and_kept(workspace_dir: Path, cli, monkeypatch, args):
    target = workspace_dir / "资源表.xlsx"
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
    assert sorted(p.name for p in workspace_dir.iterdir() if p.name.startswith(".")) == []


# --- item 6: --out through a link ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["export", "OUT"], ["list", "--out", "OUT"], ["backup", "OUT"]])
def test_an_output_through_a_link_writes_the_file_it_points_to(workspace_dir: Path, cli, args):
    shared = workspace_dir / "共享盘"
    shared.mkdir()
    suffix = ".db" if args[0] == "backup" else ".xlsx"
    real = shared / f"资源表{suffix}"
    real.write_bytes(b"stale")
    link = workspace_dir / f"资源表{suffix}"
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


# --- item 1: Excel's / WPS's owner lock file ~$<name> -------------------------------------------


def _owner_file(path: Path, user: str = "王海波") -> Path:
    """What Excel leaves beside a workbook it has open: 165 bytes, the user's name in UTF-16."""
    name = user.encode("utf-16-le")
    path.write_bytes(bytes([len(user), 0]) + b" " * 52 + name + b"\0" * (165 - 54 - len(name)))
    return path


def test_a_glob_with_an_owner_file_skips_it_with_a_note_and_imports_the_rest(tmp_path: Path, cli):
    src = write_xlsx(tmp_path / "客户 联系表（2026版）.xlsx")
    lock = _owner_file(tmp_path / "~$客户 联系表（2026版）.xlsx")
    r = cli("import", lock, src)
    assert r.exit_code == 0, r.output
    note = [line for line in r.stderr.splitlines() if "~$" in line]
    assert note == [f"提示：跳过 {lock}：这是 Excel/WPS 打开 {src.name} 时留下的锁定文件，不是表格"]
    assert "读取 " in r.stdout and "~$" not in r.stdout
    r = cli("import", lock, src, "--lang", "en", "--json")
    assert r.exit_code == 0, r.output
    assert f"note: skipped {lock}: the lock file Excel/WPS keeps while {src.name} is open" in r.stderr
    assert isinstance(json.loads(r.stdout), dict)  # the one file workspace_dir


def test_excels_owner_file_of_a_long_name_names_the_workbook(tmp_path: Path, cli):
    """Excel puts ~$ over a long name's first two characters."""
    src = write_xlsx(tmp_path / "Budget2026.xlsx")
    lock = _owner_file(tmp_path / "~$dget2026.xlsx", "Wang")
    r = cli("import", lock)
    assert_one_error_line(r, 1, [f"{lock} 是 Excel/WPS 打开 {src.name} 时留下的锁定文件", "不要传入它"])
    assert not (tmp_path / "ws.db").exists()


def test_a_lone_owner_file_is_one_line_saying_what_it_is(tmp_path: Path, cli):
    lock = _owner_file(tmp_path / "~$客户联系表.xlsx")
    r = cli("import", lock)
    line = assert_one_error_line(r, 1, [f"{lock} 是 Excel/WPS 打开表格时留下的锁定文件，不是表格"])
    assert "另存" not in line and "损坏" not in line
    r = cli("import", lock, "--lang", "en")
    line = assert_one_error_line(
        r, 1, [f"{lock} is the lock file Excel/WPS keeps while a workbook is open"], lang="en"
    )
    assert "corrupt" not in line
    assert not (tmp_path / "ws.db").exists()


def test_a_real_workbook_whose_name_starts_with_the_prefix_is_imported(tmp_path: Path, cli):
    src = write_xlsx(tmp_path / "~$客户联系表.xlsx")
    r = cli("import", src)
    assert r.exit_code == 0, r.output
    assert "跳过" not in r.stderr


# --- item 4: the tool's own pivot workbooks -----------------------------------------------------


@pytest.mark.parametrize(
    "writer,zh,en",
    [
        (["pivot", "--standard"], "regiontool pivot 写的透视表", "a pivot workbook regiontool pivot wrote"),
        (["tiers"], "regiontool tiers 写的客户分类漏斗", "a tier funnel regiontool tiers wrote"),  # r51 D6.3
    ],
)
def test_the_tools_own_pivot_workbook_is_skipped_in_a_glob_and_refused_alone(
    workspace_dir: Path, cli, writer, zh, en
):
    pivots = workspace_dir / "pivots.xlsx"
    assert cli(*writer, "--out", pivots).exit_code == 0
    before = cli("status").stdout
    r = cli("import", workspace_dir / "c.xlsx", pivots)
    assert r.exit_code == 0, r.output
    assert f"提示：跳过 {pivots}：这是 {zh}，不是客户名单" in r.stderr
    assert cli("status").stdout == before
    for args in ([], ["--map", "企业数 · 镇街 × 客户分类=company"]):
        r = cli("import", pivots, *args)
        line = assert_one_error_line(r, 1, [f"{pivots} 是 {zh}，不是客户名单"])
        assert "--map" not in line
    r = cli("import", pivots, "--lang", "en")
    line = assert_one_error_line(r, 1, [f"{pivots} is {en}, not a contact list"], lang="en")
    assert "--map" not in line
    assert cli("status").stdout == before


def test_the_report_workbook_still_imports_as_nothing_new(workspace_dir: Path, cli):
    report = workspace_dir / "区域报告.xlsx"
    assert cli("report", "--out", report).exit_code == 0
    r = cli("import", report)
    assert r.exit_code == 0, r.output
    assert "跳过" not in r.stderr


# --- items 2 and 3: the workspace folder moved or copied with its files --------------------------


def _folder(tmp_path: Path, cli, name: str = "销售 2026") -> Path:
    folder = tmp_path / "旧电脑" / name
    folder.mkdir(parents=True)
    write_xlsx(folder / "客户联系表.xlsx")
    r = cli("import", folder / "客户联系表.xlsx", "--db", folder / "regiontool.db")
    assert r.exit_code == 0, r.output
    return folder


def _moved(folder: Path, tmp_path: Path, copy: bool = False) -> Path:
    new = tmp_path / "新电脑" / folder.name
    new.parent.mkdir()
    (shutil.copytree if copy else shutil.move)(folder, new)
    return new


@pytest.mark.parametrize("args", [["export", "OUT"], ["backup", "OUT"], ["list", "--out", "OUT"]])
def test_after_the_folder_moved_its_imported_list_is_still_never_overwritten(tmp_path: Path, cli, args):
    new = _moved(_folder(tmp_path, cli), tmp_path)
    target = new / "客户联系表.xlsx"
    before = target.read_bytes()
    r = cli(*[str(target) if a == "OUT" else a for a in args], "--db", new / "regiontool.db")
    assert_one_error_line(r, 2, [f"{target} 是输入文件，不能覆盖它"])
    assert target.read_bytes() == before


def test_after_the_folder_moved_an_imported_file_edited_since_is_known_by_its_place(tmp_path: Path, cli):
    folder = _folder(tmp_path, cli)
    write_xlsx(folder / "客户联系表.xlsx", title="2026年客户联系表（改）")  # edited after the import
    new = _moved(folder, tmp_path, copy=True)
    target = new / "客户联系表.xlsx"
    before = target.read_bytes()
    r = cli("export", target, "--db", new / "regiontool.db", "--lang", "en")
    assert_one_error_line(r, 2, [f"{target} is an input file; refusing to overwrite it"], lang="en")
    assert target.read_bytes() == before


def test_a_copy_of_an_imported_file_anywhere_is_never_overwritten(tmp_path: Path, cli):
    folder = _folder(tmp_path, cli)
    elsewhere = tmp_path / "U盘"
    elsewhere.mkdir()
    copy = elsewhere / "客户联系表 - 副本.xlsx"
    shutil.copyfile(folder / "客户联系表.xlsx", copy)
    for args in (["export", copy], ["backup", copy]):
        r = cli(*args, "--db", folder / "regiontool.db")
        assert_one_error_line(r, 2, [f"{copy} 是输入文件，不能覆盖它"])
    assert copy.read_bytes() == (folder / "客户联系表.xlsx").read_bytes()
    other = elsewhere / "旧的资源表.xlsx"  # an output of another content is replaced, as before
    other.write_bytes(b"an old export")
    r = cli("export", other, "--db", folder / "regiontool.db")
    assert r.exit_code == 0, r.output


def _orders(path: Path, n: int) -> Path:
    rows = [
        [f"慈溪市测试{i}电器有限公司", dt.date(2026, 10, i + 1), "ERP", 1, 1000 + i, f"SO{i:04d}"]
        for i in range(n)
    ]
    return write_orders(path, rows)


@pytest.mark.parametrize("copy", [False, True], ids=["moved", "copied"])
def test_a_new_version_in_the_same_folder_after_a_move_is_one(tmp_path: Path, cli, copy):
    folder = tmp_path / "旧电脑" / "销售 2026"
    folder.mkdir(parents=True)
    db = folder / "regiontool.db"
    assert cli("import", _orders(folder / "订单明细.xlsx", 10), "--db", db).exit_code == 0
    new = _moved(folder, tmp_path, copy=copy)
    db = new / "regiontool.db"
    r = cli("import", _orders(new / "订单明细.xlsx", 6), "--db", db)
    assert r.exit_code == 0, r.output
    assert "不在这一版" in r.stdout + r.stderr  # the 4 deleted lines are said, and listed as problems
    r = cli("import", _orders(new / "订单明细.xlsx", 5), "--replace", "--db", db)
    assert r.exit_code == 0, r.output
    assert "删除了此前导入的这一文件中不在这一版的 5 条订单行" in r.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 5


def test_a_workspace_upgraded_in_place_knows_its_earlier_imports_after_a_move(tmp_path: Path, cli):
    folder = tmp_path / "旧电脑" / "销售 2026"
    folder.mkdir(parents=True)
    db = folder / "regiontool.db"
    assert cli("import", _orders(folder / "订单明细.xlsx", 10), "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:  # as schema 6 left it: no relative paths
        conn.execute("ALTER TABLE imports DROP COLUMN rel_path")
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    assert cli("status", "--db", db).exit_code == 0  # upgraded where it was made
    new = _moved(folder, tmp_path)
    db = new / "regiontool.db"
    r = cli("import", _orders(new / "订单明细.xlsx", 6), "--replace", "--db", db)
    assert r.exit_code == 0, r.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 6
        assert conn.execute("SELECT rel_path FROM imports ORDER BY id").fetchall()[0] == ("订单明细.xlsx",)
