"""A throwaway PostgreSQL server for tests and benchmarks (standard library only).

    from pgserver import PostgresServer

    ok, reason = PostgresServer.available()      # (False, "why") when it cannot run here
    with PostgresServer() as pg:                 # initdb + pg_ctl start: about a second
        pg.create_database("t1")
        pg.url("t1")             # postgresql+psycopg://postgres@/t1?host=/tmp/regiontool-pg-…/socket
        pg.url("t1", driver=None)  # postgresql://postgres@/t1?host=…  (libpq, psql, psycopg.connect)
        pg.psql("SELECT 1", "t1")
        pg.drop_database("t1")
    # stopped (pg_ctl stop -m immediate) and its directory removed

The server lives in a fresh temporary directory (data directory, log file `server.log`,
socket directory), listens on a unix socket only (listen_addresses=''; no TCP port to clash
with), trusts every local connection as the `postgres` role and runs with fsync,
synchronous_commit and full_page_writes off: fast, and nothing in it is meant to survive.

Both URL forms name the same database: `postgresql+psycopg://` is the SQLAlchemy URL for
psycopg 3 (SQLAlchemy reads a bare `postgresql://` as psycopg2); the plain `postgresql://`
form is a libpq connection URI that psql, `psycopg.connect()` and
`--db postgresql://...` accept.

Binaries: `initdb`, `pg_ctl` and `postgres` from PATH when all three are there, else from
the highest version of /usr/lib/postgresql/*/bin (Debian's layout); `psql` from the same
directory, else PATH. initdb and pg_ctl refuse to run as root, so as root (CI, containers)
they run as the `postgres` system user through `runuser -u postgres --` (or `su`), with
the temporary directory given to that user; no user is ever created: without one the
server is reported unavailable.

The server is stopped by `stop()` / leaving the `with`, at interpreter exit (atexit), and,
should the process be killed outright, by a small watchdog process that notices the
parent's end (its stdin pipe closes) and runs the same stop.

No pytest here, so a benchmark can load this file by path:

    spec = importlib.util.spec_from_file_location("pgserver", ROOT / "tests" / "pgserver.py")
    pgserver = importlib.util.module_from_spec(spec); spec.loader.exec_module(pgserver)
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

BINARIES = ("initdb", "pg_ctl", "postgres")

# What the watchdog runs: wait for EOF on stdin (the parent has exited, however it exited),
# then stop the server and remove its directory if stop() has not done so already.
_WATCHDOG = r"""
import os, shutil, subprocess, sys
stop_cmd, base = sys.argv[1:-1], sys.argv[-1]
sys.stdin.buffer.read()
if os.path.isdir(base):
    subprocess.run(stop_cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60, cwd=base)
    shutil.rmtree(base, ignore_errors=True)
"""


def _version_key(path: str) -> tuple[int, ...]:
    """/usr/lib/postgresql/9.6/bin -> (9, 6); highest version sorts last."""
    name = Path(path).parent.name
    return tuple(int(p) for p in re.findall(r"\d+", name)) or (-1,)


def _clean_env() -> dict[str, str]:
    """The environment without PG* variables (PGPORT, PGDATA, PGHOST … would redirect us)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be run here; the message says why."""


class PostgresServer:
    """One throwaway PostgreSQL server on a unix socket; a context manager."""

    #: where Debian/Ubuntu install the server binaries (one directory per major version)
    SEARCH_GLOBS: tuple[str, ...] = ("/usr/lib/postgresql/*/bin",)
    #: the system user that runs the server when we are root
    RUN_AS = "postgres"
    #: the database role every URL connects as (initdb -U)
    SUPERUSER = "postgres"

    def __init__(self) -> None:
        self.base: Path | None = None  # the temporary directory
        self.datadir: Path | None = None
        self.socketdir: Path | None = None
        self.logfile: Path | None = None
        self.bindir: Path | None = None
        self.version: tuple[int, ...] = ()
        self.startup_seconds: float | None = None
        self._bins: dict[str, str] = {}
        self.psql_bin: str | None = None
        self._runas: list[str] = []  # prefix that runs a command as RUN_AS (empty when not root)
        self._watchdog: subprocess.Popen | None = None

    # ------------------------------------------------------------------ discovery

    @classmethod
    def find_binaries(cls) -> dict[str, str] | None:
        """Paths of initdb, pg_ctl and postgres: all from PATH, else all from one search dir."""
        on_path = {name: shutil.which(name) for name in BINARIES}
        if all(on_path.values()):
            return on_path  # type: ignore[return-value]
        dirs = sorted((d for g in cls.SEARCH_GLOBS for d in glob.glob(g)), key=_version_key, reverse=True)
        for d in dirs:
            found = {name: os.path.join(d, name) for name in BINARIES}
            if all(os.access(p, os.X_OK) for p in found.values()):
                return found
        return None

    @classmethod
    def find_psql(cls, bins: dict[str, str]) -> str | None:
        """psql beside initdb (same version), else on PATH."""
        beside = os.path.join(os.path.dirname(os.path.realpath(bins["initdb"])), "psql")
        return beside if os.access(beside, os.X_OK) else shutil.which("psql")

    @classmethod
    def _runas_prefix(cls) -> list[str]:
        """How to run a command as RUN_AS: [] when not root; raises PostgresUnavailable."""
        if os.geteuid() != 0:
            return []
        try:
            pwd.getpwnam(cls.RUN_AS)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root, and initdb refuses root, but there is no {cls.RUN_AS!r} "
                "system user to run the server as"
            ) from None
        runuser = shutil.which("runuser") or next(
            (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None
        )
        if runuser:
            return [runuser, "-u", cls.RUN_AS, "--"]
        su = shutil.which("su") or ("/bin/su" if os.access("/bin/su", os.X_OK) else None)
        if su:
            return [su, cls.RUN_AS, "-s", "/bin/sh", "-c"]  # the command follows as one string
        raise PostgresUnavailable(f"running as root, and neither runuser nor su to become {cls.RUN_AS!r}")

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """(True, "PostgreSQL 15 in /usr/lib/…/bin") or (False, the reason it cannot run)."""
        bins = cls.find_binaries()
        if bins is None:
            where = ", ".join(cls.SEARCH_GLOBS)
            return False, f"PostgreSQL server binaries (initdb, pg_ctl, postgres) not on PATH nor in {where}"
        if cls.find_psql(bins) is None:
            return False, "psql (the PostgreSQL client) not found"
        try:
            cls._runas_prefix()
        except PostgresUnavailable as e:
            return False, str(e)
        return True, f"PostgreSQL in {os.path.dirname(os.path.realpath(bins['initdb']))}"

    # ------------------------------------------------------------------ running things

    def _wrap(self, cmd: list[str]) -> list[str]:
        """cmd as run by RUN_AS when we are root."""
        if not self._runas:
            return cmd
        if self._runas[-1] == "-c":  # su: one shell string
            return [*self._runas, shlex.join(cmd)]
        return [*self._runas, *cmd]

    def _run(self, cmd: list[str], *, as_server: bool = False, timeout: float = 120) -> str:
        """Run cmd (as the server's user when as_server); its stdout, or RuntimeError with its output."""
        full = self._wrap(cmd) if as_server else cmd
        p = subprocess.run(
            full,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=_clean_env(),
            cwd=self.base,  # a directory the server's user can enter
            timeout=timeout,
        )
        if p.returncode != 0:
            raise RuntimeError(
                f"{shlex.join(cmd)} failed ({p.returncode}):\n{p.stdout}{p.stderr}{self._log_tail()}"
            )
        return p.stdout

    def _log_tail(self, lines: int = 20) -> str:
        if self.logfile and self.logfile.exists():
            tail = self.logfile.read_text(errors="replace").splitlines()[-lines:]
            return "\n--- server.log ---\n" + "\n".join(tail)
        return ""

    @staticmethod
    def _parent_dir() -> str:
        """Where to make the temporary directory: the usual one, unless the server's user could
        not reach it (root's private TMPDIR) or the socket path would be too long (107 bytes)."""
        tmp = tempfile.gettempdir()
        reachable = all(
            os.stat(p).st_mode & 0o001 for p in [tmp, *map(str, Path(tmp).parents)] if os.path.exists(p)
        )
        if (os.geteuid() == 0 and not reachable) or len(tmp) > 60:
            return "/tmp"
        return tmp

    # ------------------------------------------------------------------ life cycle

    def start(self) -> PostgresServer:
        """initdb into a fresh temporary directory, then pg_ctl start -w. Raises
        PostgresUnavailable when PostgreSQL cannot run here, RuntimeError (with the server
        log) when it fails to start."""
        if self.base is not None:
            raise RuntimeError("already started")
        bins = self.find_binaries()
        if bins is None:
            raise PostgresUnavailable(self.available()[1])
        self._bins = bins
        self.psql_bin = self.find_psql(bins)
        if self.psql_bin is None:
            raise PostgresUnavailable("psql (the PostgreSQL client) not found")
        self._runas = self._runas_prefix()
        self.bindir = Path(os.path.realpath(bins["initdb"])).parent
        out = subprocess.run([bins["pg_ctl"], "--version"], capture_output=True, text=True).stdout
        m = re.search(r"(\d+)(?:\.(\d+))?", out)
        self.version = tuple(int(g) for g in m.groups() if g) if m else ()

        t0 = time.perf_counter()
        self.base = Path(tempfile.mkdtemp(prefix="regiontool-pg-", dir=self._parent_dir()))
        self.datadir = self.base / "data"
        self.socketdir = self.base / "socket"
        self.logfile = self.base / "server.log"
        self.socketdir.mkdir()
        self.logfile.touch()
        os.chmod(self.base, 0o755)
        if self._runas:
            u = pwd.getpwnam(self.RUN_AS)
            for p in (self.base, self.socketdir, self.logfile):
                os.chown(p, u.pw_uid, u.pw_gid)
        atexit.register(self.stop)
        try:
            self._start_watchdog()
            self._run(
                [
                    bins["initdb"],
                    "-D",
                    str(self.datadir),
                    "--auth=trust",
                    "-U",
                    self.SUPERUSER,
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                as_server=True,
            )
            opts = (
                f"-k {shlex.quote(str(self.socketdir))} -c listen_addresses='' "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            self._run(
                [
                    bins["pg_ctl"],
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.logfile),
                    "-o",
                    opts,
                ],
                as_server=True,
            )
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - t0
        return self

    def _stop_cmd(self) -> list[str]:
        return self._wrap(
            [self._bins["pg_ctl"], "stop", "-m", "immediate", "-w", "-t", "30", "-D", str(self.datadir)]
        )

    def _start_watchdog(self) -> None:
        """A process that stops the server when this one ends without calling stop() (SIGKILL …)."""
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, *self._stop_cmd(), str(self.base)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_clean_env(),
            start_new_session=True,  # a Ctrl-C for the tests is not one for the watchdog
        )

    def stop(self) -> None:
        """pg_ctl stop -m immediate, then remove the temporary directory. Safe to call twice."""
        base, self.base = self.base, None
        atexit.unregister(self.stop)
        if base is None:
            return
        try:
            if self.datadir and (self.datadir / "postmaster.pid").exists():
                p = subprocess.run(
                    self._stop_cmd(),
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    env=_clean_env(),
                    cwd=base,
                    timeout=60,
                )
                pidfile = self.datadir / "postmaster.pid"
                if p.returncode != 0 and pidfile.exists():  # pg_ctl failed: SIGQUIT = immediate shutdown
                    with contextlib.suppress(OSError, ValueError, IndexError):
                        os.kill(int(pidfile.read_text().split()[0]), signal.SIGQUIT)
        finally:
            shutil.rmtree(base, ignore_errors=True)
            if self._watchdog is not None:
                self._watchdog.stdin.close()  # type: ignore[union-attr]
                try:
                    self._watchdog.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self._watchdog.kill()
                self._watchdog = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ databases

    def url(self, dbname: str = "postgres", *, driver: str | None = "psycopg") -> str:
        """postgresql+psycopg://postgres@/DBNAME?host=SOCKETDIR (SQLAlchemy, psycopg 3);
        driver=None gives the plain postgresql://postgres@/DBNAME?host=SOCKETDIR (libpq URI)."""
        if self.socketdir is None or self.base is None:
            raise RuntimeError("the server is not running")
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return f"{scheme}://{self.SUPERUSER}@/{quote(dbname, safe='')}?host={quote(str(self.socketdir))}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        """Run sql through psql over the socket; its output unaligned, tuples only ('|' between fields)."""
        if self.socketdir is None or self.base is None:
            raise RuntimeError("the server is not running")
        return self._run(
            [
                self.psql_bin,  # type: ignore[list-item]
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.socketdir),
                "-U",
                self.SUPERUSER,
                "-d",
                dbname,
                "-c",
                sql,
            ]
        )

    @staticmethod
    def _ident(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def create_database(self, name: str | None = None) -> str:
        """CREATE DATABASE name (a unique test_… name when None); returns the name."""
        name = name or f"test_{uuid.uuid4().hex[:16]}"
        self.psql(f"CREATE DATABASE {self._ident(name)}")
        return name

    def drop_database(self, name: str) -> None:
        """DROP DATABASE IF EXISTS, closing its connections first (WITH (FORCE), PostgreSQL 13+)."""
        force = " WITH (FORCE)" if self.version >= (13,) else ""
        self.psql(f"DROP DATABASE IF EXISTS {self._ident(name)}{force}")
