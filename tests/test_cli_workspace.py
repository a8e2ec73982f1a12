"""`regiontool backup`, `restore` and `check`."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line, workspace_files

from conftest import schema_5_file, write_xlsx
from regiontool.vocab import ERROR_PREFIX

# Backups, restores and checks of the workspace *file* (a server is checked in test_shared_workspace).
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def filled(cli, db: Path, tmp_path: Path) -> Path:
    result = cli("import", write_xlsx(tmp_path / "contacts.xlsx"), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM companies"))


def _check_json(cli, *args) -> tuple[int, dict]:
    result = cli("check", "-f", "json", *args, catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_backup_is_a_sound_copy(cli, filled: Path, tmp_path: Path):
    target = tmp_path / "备份.db"
    result = cli("backup", target, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _names(target) == _names(filled) and len(_names(target)) == 4
    code, report = _check_json(cli, "--db", target)
    assert code == 0 and report["ok"] and report["counts"]["contacts"] == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".备份")] == []  # no temp left


def test_backup_refuses_the_workspace_itself_and_a_missing_folder(cli, filled: Path, tmp_path: Path):
    before = workspace_files(filled)
    assert_one_error_line(cli("backup", filled, catch_exceptions=False), 2, ["就是工作区本身"])
    en = cli("backup", filled, "--lang", "en", catch_exceptions=False)
    assert en.exit_code == 2 and en.stderr.startswith("error: ") and "workspace itself" in en.stderr
    assert_one_error_line(cli("backup", tmp_path / "nosuch" / "b.db", catch_exceptions=False), 2, ["nosuch"])
    assert workspace_files(filled) == before


def test_restore_brings_back_the_backup_and_keeps_the_current_state(cli, filled: Path, tmp_path: Path):
    backup = tmp_path / "b.db"
    assert cli("backup", backup, catch_exceptions=False).exit_code == 0
    more = tmp_path / "more.csv"
    more.write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    assert cli("import", more, catch_exceptions=False).exit_code == 0
    assert "余姚新光电器厂" in _names(filled)

    result = cli("restore", backup, catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "余姚新光电器厂" not in _names(filled)
    (previous,) = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert "余姚新光电器厂" in _names(previous)
    assert str(previous) in result.stdout
    assert _check_json(cli)[0] == 0


def _not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "联系表.csv"
    path.write_text("企业名称\n甲\n", encoding="utf-8")
    return path


def _other_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    return path


def _truncated_workspace(tmp_path: Path, db: Path) -> Path:
    path = tmp_path / "half.db"
    path.write_bytes(db.read_bytes()[:6000])
    return path


@pytest.mark.parametrize(
    "make, zh, en",
    [
        (lambda tmp, db: _not_sqlite(tmp), "不是 SQLite 数据库", "not an SQLite database"),
        (lambda tmp, db: _other_sqlite(tmp), "不是 regiontool 工作区", "not a regiontool workspace"),
        (_truncated_workspace, "损坏", "damaged"),
    ],
    ids=["csv", "other-sqlite", "truncated"],
)
def test_restore_refuses_what_is_not_a_sound_workspace(cli, filled: Path, tmp_path: Path, make, zh, en):
    source = make(tmp_path, filled)
    before = workspace_files(filled)
    listing = sorted(p.name for p in tmp_path.iterdir())

    result = cli("restore", source, catch_exceptions=False)
    in_english = cli("restore", source, "--lang", "en", catch_exceptions=False)

    assert_one_error_line(result, 1, [str(source.name), zh, "未作任何更改"])
    assert in_english.exit_code == 1 and in_english.stderr.startswith("error: ")
    assert all(w in in_english.stderr for w in (str(source.name), en, "nothing changed"))
    assert workspace_files(filled) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def _damage_page(workspace: Path, table: str | None = "contacts") -> None:
    """Bad pages inside the file: the root page of `table` (None: of every table and index but the
    schema version's, so the workspace still opens) gets a leaf header with nonsense counts."""
    with sqlite3.connect(workspace) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE rootpage > 0 AND (name = ? OR ? IS NULL AND tbl_name <> 'meta')",
            (table, table),
        ).fetchall()
    data = bytearray(workspace.read_bytes())
    for (root,) in roots:
        start = (root - 1) * page
        data[start : start + 12] = b"\x0d\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00"
    workspace.write_bytes(bytes(data))


def test_check_finds_a_damaged_page(cli, filled: Path):
    _damage_page(filled)

    result = cli("check", catch_exceptions=False)
    in_english = cli("check", "--lang", "en", catch_exceptions=False)

    assert result.exit_code == 1 and in_english.exit_code == 1
    assert "已损坏" in result.stderr and "regiontool restore" in result.stderr
    assert "damaged" in in_english.stderr and "regiontool restore" in in_english.stderr
    assert "Traceback" not in result.output + in_english.output


def test_a_damaged_page_gives_every_command_the_line_check_gives(cli, filled: Path, tmp_path: Path):
    """A bad page met after the workspace is opened, by any command: check's one line (restore a
    backup), exit 1, never a traceback; backup refuses to write a copy of it."""
    more = tmp_path / "more.csv"
    more.write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    _damage_page(filled, None)
    before = workspace_files(filled)
    check_line = cli("check", catch_exceptions=False).stderr.strip()
    check_en = cli("check", "--lang", "en", catch_exceptions=False).stderr.strip()
    assert "已损坏" in check_line and "regiontool restore" in check_line
    commands = [
        ["status"],
        ["list"],
        ["export", tmp_path / "x.xlsx"],
        ["report", "--out", tmp_path / "r.xlsx"],
        ["explain", "宏达"],
        ["set", "宏达", "--tier", "B"],
        ["import", more],
        ["backup", tmp_path / "b.db"],
    ]
    for args in commands:
        line = assert_one_error_line(cli(*args, catch_exceptions=False), 1, ["已损坏"])
        assert line == check_line, args
        en = cli(*args, "--lang", "en", catch_exceptions=False)
        assert en.exit_code == 1 and en.stderr.strip() == check_en, args
    assert workspace_files(filled) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.xlsx", "more.csv", filled.name]  # no copy


def test_a_locked_workspace_is_busy_not_foreign(cli, filled: Path, monkeypatch):
    """Another process holding the file when a command opens it: the busy line, exit 1, not "not a
    regiontool workspace" (which might make the user start a new one)."""
    import regiontool.store.db

    monkeypatch.setattr(regiontool.store.db, "SQLITE_WAIT", 0.2)
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["status"], ["set", "宏达", "--tier", "B"]):
            line = assert_one_error_line(cli(*args, catch_exceptions=False), 1, ["正忙", "请稍后重试"])
            assert "不是" not in line
        en = cli("status", "--lang", "en", catch_exceptions=False)
        assert en.exit_code == 1 and " is busy " in en.stderr and "not a regiontool" not in en.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_check_finds_a_contact_without_its_company(cli, filled: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE contacts SET company_id = 999 WHERE id = 1")
    code, report = _check_json(cli)
    assert code == 1
    assert report["problems"] == ["contacts row 1: refers to a missing companies row"]
    result = cli("check", catch_exceptions=False)
    assert result.exit_code == 1 and result.stderr.startswith("错误：")
    assert "联系人表第 1 行：引用的企业记录不存在" in result.stderr


def test_check_reports_a_newer_schema(cli, filled: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    code, report = _check_json(cli)
    assert code == 1 and report["schema_version"] == 99
    assert "newer" in report["problems"][0]
    # the line every other command gives: upgrade, never "damaged, restore a backup" (losing its data)
    result = cli("check", catch_exceptions=False)
    line = result.stderr.strip()
    assert result.exit_code == 1 and "更新版本的 regiontool" in line and "请升级" in line
    assert "损坏" not in line and "restore" not in line
    assert line == cli("list", catch_exceptions=False).stderr.strip()
    en = cli("check", "--lang", "en", catch_exceptions=False)
    assert en.exit_code == 1 and "newer regiontool" in en.stderr and "restore" not in en.stderr


def test_check_changes_nothing(cli, filled: Path):
    before = workspace_files(filled)
    code, report = _check_json(cli)
    assert code == 0 and report["schema_version"] >= 2
    assert report["counts"]["companies"] == 4 and report["problems"] == []
    assert workspace_files(filled) == before


@pytest.mark.parametrize("fmt", ["csv", "xml"])
def test_check_refuses_a_format_it_does_not_print(cli, filled: Path, fmt: str):
    result = cli("check", "-f", fmt, catch_exceptions=False)
    assert_one_error_line(result, 2, [f"未知的 --format '{fmt}'", "table 或 json"])
    result = cli("check", "-f", fmt, "--lang", "en", catch_exceptions=False)
    assert_one_error_line(result, 2, [f"unknown --format '{fmt}' — use table or json"], lang="en")


def test_check_without_a_workspace(cli, db: Path):
    assert_one_error_line(cli("check", catch_exceptions=False), 1, ["没有工作区", "--db"])
    en = cli("check", "--lang", "en", catch_exceptions=False)
    assert en.exit_code == 1 and en.stderr.startswith("error: no workspace at ")
    assert workspace_files(db) == {}


def test_a_workspace_from_a_newer_regiontool_is_refused_and_left_alone(cli, filled: Path, tmp_path: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = workspace_files(filled)
    more = tmp_path / "more.csv"
    more.write_text("企业名称\n余姚新光电器厂\n", encoding="utf-8")
    for args in (["import", more], ["list"], ["export", tmp_path / "x.xlsx"]):
        assert_one_error_line(cli(*args, catch_exceptions=False), 1, ["更新版本的 regiontool", "请升级"])
    en = cli("list", "--lang", "en", catch_exceptions=False)
    assert en.exit_code == 1 and "newer regiontool" in en.stderr and "upgrade" in en.stderr
    assert workspace_files(filled) == before
    assert not (tmp_path / "x.xlsx").exists()


def test_check_lists_the_tables_in_the_command_language(cli, filled: Path):
    zh = cli("check", catch_exceptions=False)
    en = cli("check", "--lang", "en", catch_exceptions=False)
    assert zh.exit_code == 0 and en.exit_code == 0
    assert f"{filled}：结构版本 " in zh.stdout and "完好" in zh.stdout
    rows = {line.split()[0]: line.split()[1] for line in zh.stdout.splitlines()[1:-1]}
    assert rows["企业"] == "4" and rows["联系人"] == "5" and rows["导入文件"] == "1"
    assert not re.search(r"[A-Za-z]", zh.stdout.replace(str(filled), ""))  # no table named in English
    assert f"{filled}: schema " in en.stdout and re.search(r"^  companies +4$", en.stdout, re.M)
    assert not _CJK.search(en.stdout.replace(str(filled), ""))


# --- every error line in its language --------------------------------------------------------

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_SENTENCE = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")  # three English words in a row


def assert_in_language(result, lang: str, exit_code: int, data=()) -> str:
    """The command failed with one error line in `lang`: a Chinese line holds Chinese and no
    English sentence (commands in backquotes aside), an English one no Chinese but the data's
    own values (`data`: names, paths, the accepted values a hint lists)."""
    assert result.exit_code == exit_code, result.output
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in result.output, result.stderr
    assert line.startswith(ERROR_PREFIX[lang]), line
    body = line
    for value in sorted(map(str, data), key=len, reverse=True):
        body = body.replace(value, "")
    if lang == "zh":
        assert _CJK.search(body.removeprefix(ERROR_PREFIX["zh"])), line
        assert not _SENTENCE.search(re.sub(r"`[^`]*`", "", body)), line
    else:
        assert not _CJK.search(body), line
    return line


def test_workspace_errors_in_both_languages(cli, filled: Path, tmp_path: Path):
    backup = tmp_path / "b.db"
    assert cli("backup", backup, catch_exceptions=False).exit_code == 0
    cases = [
        (["check", "--db", tmp_path / "none.db"], 1, []),
        (["list", "--db", tmp_path / "none.db"], 1, []),
        (["import", _not_sqlite(tmp_path), "--db", tmp_path / "nosuch" / "w.db"], 1, ["联系表.csv"]),
        (["list", "--db", tmp_path], 2, []),
        (["list", "--db", "postgresql://sales@dbhost"], 2, []),
        (["list", "--manager", "王海波", "--all"], 2, []),
        (["list", "--manager", "不存在"], 2, ["不存在", "王海波", "沈晓东", "、"]),
        (["backup", filled], 2, []),
        (["backup", tmp_path], 2, []),
        (["restore", tmp_path / "none.db"], 1, []),  # a missing input is bad data, as for import
        (["restore", _not_sqlite(tmp_path)], 1, ["联系表.csv"]),
        (["restore", _other_sqlite(tmp_path)], 1, []),
        (["restore", backup, "--db", tmp_path / "nosuch" / "w.db"], 2, []),
        (["db", "copy", "--from", filled, "--to", filled], 2, []),
        (["db", "copy", "--from", tmp_path / "none.db", "--to", tmp_path / "c.db"], 1, []),
        (["db", "copy", "--from", filled, "--to", tmp_path / "c.db", "-f", "xml"], 2, []),
    ]
    before = workspace_files(filled)
    for args, code, data in cases:
        data = [*data, tmp_path]  # paths are the user's own words
        zh = assert_in_language(cli(*args, catch_exceptions=False), "zh", code, data)
        en = assert_in_language(cli(*args, "--lang", "en", catch_exceptions=False), "en", code, data)
        assert zh.removeprefix(ERROR_PREFIX["zh"]) != en.removeprefix(ERROR_PREFIX["en"])
    assert workspace_files(filled) == before


@contextmanager
def read_only_folder(folder: Path):
    """The folder made read-only for real: chmod for a user; for root, whom modes do not stop,
    the immutable attribute (chattr +i), skipped where it cannot be set."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", folder], capture_output=True).returncode:
        pytest.skip("running as root where chattr +i is not available: no folder can be read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", folder], check=True)


def test_a_read_only_folder_is_named_by_every_writing_command(cli, filled: Path, tmp_path: Path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    folder = tmp_path / "只读"
    folder.mkdir()
    ws = folder / "ws.db"
    shutil.copy(filled, ws)
    plan = tmp_path / "plan.xlsx"
    assert cli("plan", "--db", ws, "--out", plan, catch_exceptions=False).exit_code == 0
    more = tmp_path / "more.csv"
    more.write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    backup = tmp_path / "b.db"
    assert cli("backup", backup, catch_exceptions=False).exit_code == 0
    writing = [
        ["import", more],
        ["import", examples / "orders.xlsx"],
        ["set", "宏达", "--tier", "B"],
        ["target", "set", "2027Q1", "3000000"],
        ["done", plan],
        ["budget", examples / "budget.xlsx", "--year", "2027"],
        ["restore", backup],
    ]
    before = workspace_files(ws)
    with read_only_folder(folder):
        for args in [*([*a, "--db", ws] for a in writing), ["import", more, "--db", folder / "new.db"]]:
            data = [folder, *(a for a in args if isinstance(a, Path))]
            zh = assert_in_language(cli(*args, catch_exceptions=False), "zh", 1, data)
            assert f"所在的文件夹 {folder} 是只读的" in zh and "没有做任何更改" in zh, args
            en = assert_in_language(cli(*args, "--lang", "en", catch_exceptions=False), "en", 1, data)
            assert f"its folder {folder} is read-only" in en and "nothing was changed" in en, args
        assert sorted(p.name for p in folder.iterdir()) == ["ws.db"]
    assert workspace_files(ws) == before


def test_an_older_workspace_in_a_read_only_folder_says_the_upgrade_needs_to_write(cli, tmp_path: Path):
    """Review r21 #4: opening a schema-5 workspace upgrades it (schema 6), which writes; in a
    read-only folder even `list` failed, with a line about writing and not a word of the upgrade."""

    folder = tmp_path / "只读"
    folder.mkdir()
    ws = folder / "old.db"
    schema_5_file(ws)
    before = workspace_files(ws)
    with read_only_folder(folder):
        zh = assert_in_language(cli("list", "--db", ws, catch_exceptions=False), "zh", 1, [folder])
        assert "结构版本 5" in zh and "升级" in zh and f"所在的文件夹 {folder} 是只读的" in zh
        en = assert_in_language(
            cli("list", "--db", ws, "--lang", "en", catch_exceptions=False), "en", 1, [folder]
        )
        assert "schema 5" in en and "upgrades" in en and f"its folder {folder} is read-only" in en
        assert sorted(p.name for p in folder.iterdir()) == ["old.db"]
    assert workspace_files(ws) == before
