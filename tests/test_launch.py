"""launch.py: the first file of `regiontool import` is read while the CLI loads, and that read is
the one the import takes (io.read.pending_book)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regiontool import launch
from regiontool.io import read


@pytest.fixture(autouse=True)
def _no_early_reads_left():
    yield
    read._EARLY.clear()


def test_the_import_takes_the_read_started_at_launch(contacts_xlsx: Path):
    launch.read_early(["import", "--db", "w.db", str(contacts_xlsx), "--dry-run"])
    assert len(read._EARLY) == 1
    early = read._EARLY[0][1]
    assert read.pending_book(contacts_xlsx, max_size=read.DEFAULT_MAX_SIZE) is early
    assert read._EARLY == []
    assert early.result().sheets  # the file, read


def test_a_read_with_other_options_is_not_taken(contacts_xlsx: Path):
    launch.read_early(["import", str(contacts_xlsx)])
    early = read._EARLY[0][1]
    other = read.pending_book(contacts_xlsx, encoding="gb18030")
    assert other is not early and read._EARLY == []
    assert other.result().sheets


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{file}", "--encoding", "gbk"],
        ["import", "--delimiter=;", "{file}"],
        ["import", "{file}", "--max-size", "10"],
        ["import", "{file}", "--help"],
        ["export", "{file}"],
        ["import", "missing.xlsx"],
        ["import", "--db", "{db}"],  # an option's value that is no spreadsheet
    ],
)
def test_nothing_is_read_early_where_it_would_not_be_the_import_s_read(args, contacts_xlsx: Path, tmp_path):
    db = tmp_path / "w.db"
    db.write_bytes(b"")
    launch.read_early([a.format(file=contacts_xlsx, db=db) for a in args])
    assert read._EARLY == []


def test_the_console_script_reads_the_file_once(contacts_xlsx: Path, tmp_path: Path):
    """Through launch.main, as the installed `regiontool` runs: one read of the file, the
    accounting as without the early read."""
    code = (
        "import atexit, sys\n"
        "from regiontool.io import read\n"
        "made = []\n"
        "class Counted(read.PendingBook):\n"
        "    def __init__(self, *a, **k):\n"
        "        made.append('regiontool.cli' in sys.modules)\n"
        "        super().__init__(*a, **k)\n"
        "read.PendingBook = Counted\n"
        "atexit.register(lambda: sys.stderr.write(f'READS {made}\\n'))\n"
        "sys.argv = ['regiontool', *sys.argv[1:]]\n"
        "from regiontool.launch import main\nmain()\n"
    )
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    args = ["import", str(contacts_xlsx), "--db", str(tmp_path / "w.db"), "--json"]
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "READS [False]" in run.stderr  # one read, started before the CLI was loaded
    from typer.testing import CliRunner

    from regiontool.cli import app

    again = CliRunner().invoke(app, [*args[:2], "--db", str(tmp_path / "v.db"), "--json"])
    assert again.exit_code == 0
    assert json.loads(run.stdout)["rows_read"] == json.loads(again.stdout)["rows_read"] > 0
