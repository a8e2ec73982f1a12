"""An import stopped by the user (Ctrl-C, SIGTERM) says truthfully what was written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import dump, schema_5_file, write_xlsx
from regiontool.store.db import is_url
from regiontool.vocab import STOPPED_LINES


def _companies(db: Path) -> int:
    return len(dump(db).get("companies", []))


def test_a_ctrl_c_after_the_commit_does_not_say_nothing_was_written(
    cli, db: Path, tmp_path: Path, monkeypatch
):
    """The COMMIT is done, the summary not yet printed: exit 130 with a line saying the import was
    saved, never 已中断，未写入任何内容 (the data is there)."""
    from regiontool.cli import data

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(data, "_print_import", interrupted)
    result = cli("import", write_xlsx(tmp_path / "good.xlsx"))
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted_saved"][0]
    assert "未写入" not in result.stderr and "已保存" in result.stderr
    assert _companies(db) == 4
    result = cli("import", write_xlsx(tmp_path / "other.xlsx"), "--lang", "en")
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted_saved"][1]


def test_a_ctrl_c_at_the_commit_itself_still_says_nothing_was_written(
    cli, db: Path, tmp_path: Path, monkeypatch
):
    """Before the COMMIT went through nothing was saved, and the line says so (the count of commits
    is not raised by a commit that did not happen)."""
    assert cli("import", write_xlsx(tmp_path / "good.xlsx")).exit_code == 0
    before = dump(db)
    from regiontool.store.db import Database

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Database, "commit", interrupted)
    more = tmp_path / "more.csv"
    more.write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    result = cli("import", more)
    assert result.exit_code == 130 and result.stderr.strip() == STOPPED_LINES["interrupted"][0]
    monkeypatch.undo()
    assert dump(db) == before


def test_a_full_temporary_folder_is_one_line_and_changes_nothing(cli, db: Path, tmp_path: Path, monkeypatch):
    """SQLite's temporary tables (TMPDIR) filling up in the middle of an import: SQLite rolls the
    whole transaction back, savepoints too; the line says the disk is full and nothing changed,
    exit 1, not a "no such savepoint" traceback."""
    if is_url(str(db)):
        pytest.skip("SQLite's temporary files")
    assert cli("import", write_xlsx(tmp_path / "good.xlsx")).exit_code == 0
    before = dump(db)
    big = tmp_path / "big.csv"
    big.write_text(
        "企业名称,联系人\n" + "".join(f"慈溪市第{i:05d}号电器有限公司,王{i}\n" for i in range(3000)), "utf-8"
    )
    from regiontool.store.db import Database

    opened = Database.sqlite

    def small_temp(*args, **kwargs):  # the temporary database holds three pages: a full TMPDIR
        database = opened(*args, **kwargs)
        database.raw.execute("PRAGMA temp.max_page_count = 3")
        return database

    monkeypatch.setattr(Database, "sqlite", small_temp)
    result = cli("import", big, catch_exceptions=False)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "磁盘已满" in line and "没有做任何更改" in line and "savepoint" not in line
    monkeypatch.undo()
    assert dump(db) == before


def _session(sid: int) -> list[int]:
    """The processes still alive in session sid (the command and the helpers it forked)."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigterm_in_the_middle_of_an_import_stops_it_as_ctrl_c_does(tmp_path: Path):
    """kill / timeout during an import: the one line, exit 143, the workspace as it was, no
    journal beside it, no scratch file in TMPDIR, no helper process left running."""
    from test_workspace_survives import big_csv, state

    db = tmp_path / "ws.db"
    env = dict(os.environ, REGIONTOOL_DB=str(db), TMPDIR=str(tmp_path / "tmp"), PYTHONUNBUFFERED="1")
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, "-c", "from regiontool.cli import main; main()", "import"]
    first = subprocess.run([*command, str(write_xlsx(tmp_path / "good.xlsx"))], env=env, capture_output=True)
    assert first.returncode == 0, first.stderr
    before = state(db)
    journal = Path(f"{db}-journal")
    proc = subprocess.Popen(
        [*command, str(big_csv(tmp_path / "big.csv", 50_000, "慈溪市宏"))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    while not journal.exists() and proc.poll() is None:  # the import's transaction is open
        time.sleep(0.001)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)

    assert proc.returncode == 143, err
    assert err.strip() == STOPPED_LINES["interrupted"][0] and out == ""
    deadline = time.monotonic() + 10
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session(proc.pid) == []
    assert os.listdir(tmp_path / "tmp") == []
    assert not journal.exists()
    assert state(db) == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ctrl_c_after_an_upgrade_on_opening_says_the_file_was_upgraded(tmp_path: Path, monkeypatch, lang):
    """A schema-5 file is upgraded (after a copy) when a command opens it; that commit is not the
    command's. A Ctrl-C afterwards must not say nothing was written: the data is as it was, but
    the file's layout is not, and the line names the copy."""
    from typer.testing import CliRunner

    from regiontool import store
    from regiontool.cli import app

    path = tmp_path / "v5.db"
    schema_5_file(path)

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.Workspace, "counts", interrupted)
    result = CliRunner().invoke(app, ["status", "--db", str(path), "--lang", lang])
    assert result.exit_code == 130
    backup = tmp_path / "v5.db.schema5.bak"
    zh, en = STOPPED_LINES["interrupted_upgraded"]
    line = (en if lang == "en" else zh).format(path=path, backup=backup)
    assert result.stderr.strip() == line and backup.exists()
    assert str(backup) in line and STOPPED_LINES["interrupted"][0] not in result.stderr
    # the next command on the (now current) file: a Ctrl-C there wrote nothing at all
    result = CliRunner().invoke(app, ["status", "--db", str(path), "--lang", lang])
    assert result.exit_code == 130
    assert result.stderr.strip() == STOPPED_LINES["interrupted"][1 if lang == "en" else 0]


def test_a_ctrl_c_during_the_upgrade_names_the_copy_made_before_it(tmp_path: Path, monkeypatch):
    """Stopped while the migration ran: rolled back, the file as it was (schema 5), and the line
    says nothing was written but names the copy already made beside it (review r31 #3)."""
    import sqlite3

    from typer.testing import CliRunner

    from regiontool.cli import app
    from regiontool.store.db import Database

    path = tmp_path / "v5.db"
    schema_5_file(path)

    def interrupted(self, script):
        raise KeyboardInterrupt

    monkeypatch.setattr(Database, "run_script", interrupted)
    result = CliRunner().invoke(app, ["status", "--db", str(path)])
    backup = tmp_path / "v5.db.schema5.bak"
    assert result.exit_code == 130 and backup.exists()
    assert result.stderr.strip() == STOPPED_LINES["interrupted_backup"][0].format(backup=backup)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)
