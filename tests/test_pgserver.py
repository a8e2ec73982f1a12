"""The throwaway PostgreSQL server of tests/pgserver.py and the pg_server / pg_url fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pgserver import PostgresServer, PostgresUnavailable, _clean_env

HERE = Path(__file__).resolve().parent


def plain(url: str) -> str:
    """postgresql+psycopg://… -> postgresql://… (the libpq URI psql takes)."""
    assert url.startswith("postgresql+psycopg://"), url
    return "postgresql://" + url.removeprefix("postgresql+psycopg://")


def psql(server: PostgresServer, url: str, sql: str) -> subprocess.CompletedProcess:
    """psql, as a subprocess of its own, on the database the URL names."""
    return subprocess.run(
        [server.psql_bin, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", plain(url), "-c", sql],
        capture_output=True,
        text=True,
        env=_clean_env(),
    )


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (an exited postmaster waits a moment for init to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def wait_gone(pid: int, base: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while (alive(pid) or base.exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), f"postmaster {pid} still running"
    assert not base.exists(), f"{base} not removed"


@pytest.fixture
def second_pg_url(pg_server: PostgresServer):
    """Another database, made and dropped the way pg_url makes and drops its own."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def test_server_starts(pg_server: PostgresServer):
    out = pg_server.psql("SHOW fsync; SHOW listen_addresses; SHOW server_encoding; SELECT current_user")
    assert out.split() == ["off", "UTF8", "postgres"]  # listen_addresses is '' (no TCP)
    assert list(pg_server.socketdir.glob(".s.PGSQL.*"))
    assert pg_server.logfile.exists()
    sock = pg_server.socketdir
    assert pg_server.url("d1") == f"postgresql+psycopg://postgres@/d1?host={sock}"
    assert pg_server.url("d1", driver=None) == f"postgresql://postgres@/d1?host={sock}"


def test_pg_url_databases_are_separate(pg_server: PostgresServer, pg_url: str, second_pg_url: str):
    assert pg_url != second_pg_url
    made = psql(pg_server, pg_url, "CREATE TABLE only_here (x int); INSERT INTO only_here VALUES (1)")
    assert made.returncode == 0, made.stderr
    here = psql(pg_server, pg_url, "SELECT count(*) FROM only_here")
    assert (here.returncode, here.stdout.strip()) == (0, "1"), here.stderr
    there = psql(pg_server, second_pg_url, "SELECT to_regclass('only_here') IS NULL")
    assert (there.returncode, there.stdout.strip()) == (0, "t"), there.stderr
    missing = psql(pg_server, second_pg_url, "SELECT * FROM only_here")
    assert missing.returncode != 0 and "only_here" in missing.stderr


def test_pg_url_databases_are_dropped(pg_server: PostgresServer, pg_url: str):
    """Only this test's database is left of those pg_url made (the earlier tests' were dropped)."""
    names = pg_server.psql("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'").split()
    assert [f"postgresql+psycopg://postgres@/{n}?host={pg_server.socketdir}" for n in names] == [pg_url]


def test_available_says_why_without_binaries(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(PostgresServer, "SEARCH_GLOBS", (str(tmp_path / "postgresql" / "*" / "bin"),))
    ok, reason = PostgresServer.available()
    assert not ok
    assert "initdb" in reason and "not on PATH" in reason
    with pytest.raises(PostgresUnavailable, match="initdb"):
        PostgresServer().start()


def test_binaries_from_the_highest_version(monkeypatch, tmp_path: Path):
    for version in ("9.6", "15", "10"):
        bindir = tmp_path / "postgresql" / version / "bin"
        bindir.mkdir(parents=True)
        for name in ("initdb", "pg_ctl", "postgres", "psql"):
            (bindir / name).write_text("#!/bin/sh\n")
            (bindir / name).chmod(0o755)
    (tmp_path / "postgresql" / "16" / "bin").mkdir(parents=True)  # no binaries in it: passed over
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(PostgresServer, "SEARCH_GLOBS", (str(tmp_path / "postgresql" / "*" / "bin"),))
    bins = PostgresServer.find_binaries()
    assert bins == {
        n: str(tmp_path / "postgresql" / "15" / "bin" / n) for n in ("initdb", "pg_ctl", "postgres")
    }
    assert PostgresServer.find_psql(bins) == str(tmp_path / "postgresql" / "15" / "bin" / "psql")


@pytest.mark.skipif(os.geteuid() != 0, reason="the system user matters only when running as root")
def test_available_as_root_needs_the_system_user(monkeypatch):
    if PostgresServer.find_binaries() is None:
        pytest.skip("PostgreSQL is not installed")
    monkeypatch.setattr(PostgresServer, "RUN_AS", "no-such-user-regiontool")
    ok, reason = PostgresServer.available()
    assert not ok and "no-such-user-regiontool" in reason and "root" in reason


def test_stop_leaves_no_server_behind(pg_server: PostgresServer):
    """(pg_server only to skip when PostgreSQL is missing.) A server of its own, stopped."""
    with PostgresServer() as server:
        base = server.base
        pid = int((server.datadir / "postmaster.pid").read_text().split()[0])
        assert alive(pid)
        assert server.psql("SELECT 1").strip() == "1"
    assert server.base is None
    wait_gone(pid, base)
    server.stop()  # twice is harmless


def test_killed_process_leaves_no_server_behind(pg_server: PostgresServer):
    """A process that starts a server and is then SIGKILLed (no atexit): the watchdog stops it."""
    script = textwrap.dedent(
        """
        import os, signal, sys
        sys.path.insert(0, sys.argv[1])
        from pgserver import PostgresServer
        server = PostgresServer().start()
        pid = (server.datadir / "postmaster.pid").read_text().split()[0]
        print(server.base, pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    p = subprocess.run([sys.executable, "-c", script, str(HERE)], capture_output=True, text=True, timeout=120)
    assert p.returncode == -9, p.stderr
    base, pid = p.stdout.split()
    wait_gone(int(pid), Path(base))
