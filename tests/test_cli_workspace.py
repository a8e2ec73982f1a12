"""`regiontool backup`, `restore` and `check`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line, workspace_files

from conftest import write_xlsx

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
    assert_one_error_line(cli("backup", filled, catch_exceptions=False), 2, ["workspace itself"])
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
    "make, needle",
    [
        (lambda tmp, db: _not_sqlite(tmp), "not an SQLite database"),
        (lambda tmp, db: _other_sqlite(tmp), "not a regiontool workspace"),
        (_truncated_workspace, "damaged"),
    ],
    ids=["csv", "other-sqlite", "truncated"],
)
def test_restore_refuses_what_is_not_a_sound_workspace(cli, filled: Path, tmp_path: Path, make, needle):
    source = make(tmp_path, filled)
    before = workspace_files(filled)
    listing = sorted(p.name for p in tmp_path.iterdir())

    result = cli("restore", source, catch_exceptions=False)

    assert_one_error_line(result, 1, [str(source.name), needle, "nothing changed"])
    assert workspace_files(filled) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_check_finds_a_damaged_page(cli, filled: Path):
    with sqlite3.connect(filled) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'contacts'").fetchone()
    data = bytearray(filled.read_bytes())
    start = (root - 1) * page
    data[start : start + 12] = (
        b"\x0d\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00"  # a leaf header with nonsense counts
    )
    filled.write_bytes(bytes(data))

    result = cli("check", catch_exceptions=False)

    assert result.exit_code == 1
    assert "damaged" in result.stderr and "regiontool restore" in result.stderr
    assert "Traceback" not in result.output


def test_check_finds_a_contact_without_its_company(cli, filled: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE contacts SET company_id = 999 WHERE id = 1")
    code, report = _check_json(cli)
    assert code == 1
    assert report["problems"] == ["contacts row 1: refers to a missing companies row"]


def test_check_reports_a_newer_schema(cli, filled: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    code, report = _check_json(cli)
    assert code == 1 and report["schema_version"] == 99
    assert "newer" in report["problems"][0]


def test_check_changes_nothing(cli, filled: Path):
    before = workspace_files(filled)
    code, report = _check_json(cli)
    assert code == 0 and report["schema_version"] >= 2
    assert report["counts"]["companies"] == 4 and report["problems"] == []
    assert workspace_files(filled) == before


def test_check_without_a_workspace(cli, db: Path):
    assert_one_error_line(cli("check", catch_exceptions=False), 1, ["no workspace"])
    assert workspace_files(db) == {}


def test_a_workspace_from_a_newer_regiontool_is_refused_and_left_alone(cli, filled: Path, tmp_path: Path):
    with sqlite3.connect(filled) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = workspace_files(filled)
    more = tmp_path / "more.csv"
    more.write_text("企业名称\n余姚新光电器厂\n", encoding="utf-8")
    for args in (["import", more], ["list"], ["export", tmp_path / "x.xlsx"]):
        assert_one_error_line(cli(*args, catch_exceptions=False), 1, ["newer regiontool", "upgrade"])
    assert workspace_files(filled) == before
    assert not (tmp_path / "x.xlsx").exists()
