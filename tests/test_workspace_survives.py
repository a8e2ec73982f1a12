"""The workspace survives a killed import and two imports at once (real processes).

Each import is one SQLite transaction (rollback journal): a process killed mid-way
leaves a hot journal that the next open rolls back, so the file holds the state from
before the import. Two imports at once: the second waits on the lock (busy timeout)
and then runs.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import make_bad_inputs as bad
import pytest

from conftest import connect

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def big_csv(path: Path, n: int, prefix: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "地址", "联系人", "电话", "客户分类"])
        for i in range(n):
            w.writerow(
                [f"{prefix}{i:06d}电器厂", f"慈溪市长河镇垫桥村{i % 300}号", f"联系人{i}", "", "ABCDV"[i % 5]]
            )
    return path


def run(db: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, REGIONTOOL_DB=str(db), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-c", "from regiontool.cli import main; main()", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def state(db: Path) -> tuple[str, dict[str, int]]:
    with connect(db) as conn:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("companies", "contacts", "imports", "problems")
        }
    return ok, counts


@pytest.fixture
def first(tmp_path: Path) -> Path:
    db = tmp_path / "ws.db"
    good = tmp_path / "good.xlsx"
    good.write_bytes(bad.good_xlsx())
    proc = run(db, "import", str(good))
    assert proc.wait(120) == 0, proc.stderr.read()
    return db


def test_sigkill_in_the_middle_of_an_import_leaves_the_old_state(first: Path, tmp_path: Path):
    db = first
    _, old = state(db)
    source = big_csv(tmp_path / "big.csv", 50_000, "慈溪市宏")
    journal = Path(str(db) + "-journal")

    proc = run(db, "import", str(source))
    # The rollback journal exists only while the import's write transaction is open.
    while not journal.exists() and proc.poll() is None:
        time.sleep(0.001)
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)

    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    assert journal.exists()  # a hot journal: the transaction never committed
    ok, after = state(db)  # opening rolls the journal back
    assert ok == "ok"
    assert after == old

    # The workspace works afterwards: `check` is clean and an import completes.
    proc = run(db, "check")
    assert proc.wait(60) == 0, proc.stderr.read()
    proc = run(db, "import", str(big_csv(tmp_path / "small.csv", 10, "宁波市丙")))
    assert proc.wait(120) == 0, proc.stderr.read()
    assert state(db)[1]["companies"] == old["companies"] + 10


def test_two_imports_at_once_both_complete(first: Path, tmp_path: Path):
    db = first
    _, old = state(db)
    a = big_csv(tmp_path / "a.csv", 20_000, "余姚市甲")
    b = big_csv(tmp_path / "b.csv", 20_000, "余姚市乙")

    procs = [run(db, "import", str(a)), run(db, "import", str(b))]
    results = [(p.wait(300), p.stderr.read()) for p in procs]

    assert [code for code, _ in results] == [0, 0], results
    ok, after = state(db)
    assert ok == "ok"
    assert after["companies"] == old["companies"] + 40_000
    assert after["imports"] == old["imports"] + 2


def test_two_first_imports_into_no_workspace_both_complete(tmp_path: Path):
    db = tmp_path / "new.db"
    a = big_csv(tmp_path / "a.csv", 3_000, "余姚市甲")
    b = big_csv(tmp_path / "b.csv", 3_000, "余姚市乙")

    procs = [run(db, "import", str(a)), run(db, "import", str(b))]
    results = [(p.wait(300), p.stderr.read()) for p in procs]

    assert [code for code, _ in results] == [0, 0], results
    ok, after = state(db)
    assert ok == "ok" and after["companies"] == 6_000 and after["imports"] == 2
