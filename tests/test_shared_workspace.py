"""A team's workspace: --manager/--all scopes, writers that lose no update, db migrate and db copy.

The scope tests run on SQLite and PostgreSQL (the `db` fixture); the concurrency and copy
tests need the throwaway PostgreSQL server (tests/pgserver.py) and skip without it.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import connect, dump, write_xlsx
from regiontool.cli import app
from regiontool.store import Workspace
from regiontool.store.db import _to_format_style, is_url

HEADERS = ["企业名称", "地址", "联系人", "区域经理", "客户分类"]
ROWS = [
    ["慈溪市华峰电器有限公司", "慈溪市长河镇1号", "张伟", "王海波", "A"],
    ["宁波宏达五金厂", "慈溪市周巷镇2号", "赵敏", "王海波", "B"],
    ["金鑫塑料制品有限公司", "慈溪市新浦镇3号", "钱强", "沈晓东", "C"],
    ["慈溪市永光五金工具有限公司", "慈溪市观海卫镇4号", "周杰", "沈晓东", "A"],
    ["宁波晨丰电子厂", "慈溪市坎墩街道5号", "孙丽", "沈晓东", "D"],
]


def run(db, *args: str, **env: str):
    """The CLI on db, without the suite's REGIONTOOL_ALL: these tests are about scopes."""
    return CliRunner().invoke(
        app, [*map(str, args)], env={"REGIONTOOL_DB": str(db), "COLUMNS": "200", "REGIONTOOL_ALL": "", **env}
    )


@pytest.fixture
def team(db, tmp_path: Path):
    path = write_xlsx(tmp_path / "team.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert run(db, "import", path).exit_code == 0
    return db


def _tier_counts(result) -> dict[str, int]:
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return {r["tier"]: r["companies"] for r in rows if r["tier"] not in (None, "Total")}


def test_manager_sees_only_their_customers(team):
    mine = _tier_counts(
        run(team, "pivot", "--by", "tier", "-f", "json", "--lang", "en", "--manager", "王海波")
    )
    assert mine == {"A": 1, "B": 1}
    everyone = _tier_counts(run(team, "pivot", "--by", "tier", "-f", "json", "--lang", "en", "--all"))
    assert everyone == {"A": 2, "B": 1, "C": 1, "D": 1}


def test_env_manager_and_all(team):
    result = run(team, "list", "-f", "json", "--lang", "en", REGIONTOOL_MANAGER="沈晓东")
    assert result.exit_code == 0, result.output
    assert sorted(r["company"] for r in json.loads(result.stdout)) == sorted(r[0] for r in ROWS[2:])
    everyone = run(team, "list", "-f", "json", "--lang", "en", "--all")
    assert len(json.loads(everyone.stdout)) == len(ROWS)


def test_scope_reaches_plans(team):
    result = run(
        team, "plan", "--week", "--manager", "沈晓东", "-f", "json", "--lang", "en", "--today", "2026-11-25"
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and {i["manager"] for i in items} == {"沈晓东"}


def test_shared_workspace_asks_whose_customers(team):
    result = run(team, "pivot", "--by", "tier")
    if is_url(str(team)):
        assert result.exit_code == 2
        assert "--manager" in result.stderr and "--all" in result.stderr
    else:  # one manager's own file shows everything
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args, zh, en",
    [
        (["--manager", "王海波", "--all"], "不能同时使用", "contradict"),
        (
            ["--manager", "不存在"],
            "没有区域经理“不存在”的客户：现有经理：沈晓东、王海波",
            "no customers of manager",
        ),
    ],
)
def test_bad_scopes_are_usage_errors(team, args, zh, en):
    result = run(team, "pivot", "--by", "tier", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：") and zh in result.stderr and "Traceback" not in result.output
    result = run(team, "pivot", "--by", "tier", *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and en in result.stderr


def test_placeholders_for_psycopg():
    assert (
        _to_format_style("SELECT ? WHERE a LIKE '%x?' AND b = ?")
        == "SELECT %s WHERE a LIKE '%%x?' AND b = %s"
    )
    assert _to_format_style("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_db_url_is_told_apart_from_a_file():
    assert (
        is_url("postgresql://u@h/db")
        and is_url("postgresql+psycopg://u@/db?host=/tmp")
        and is_url("postgres://h/d")
    )
    assert not is_url("regiontool.db") and not is_url("postgresql.db") and not is_url(Path("x"))


# --- PostgreSQL only -----------------------------------------------------------------


@pytest.fixture
def pg_team(pg_url, tmp_path: Path):
    path = write_xlsx(tmp_path / "team.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert run(pg_url, "import", path).exit_code == 0
    return pg_url


def test_two_writers_lose_no_update(pg_team):
    """Two managers set tiers on the same firms at once, many times: every change is applied in
    some order and each history line's `old` is the value the previous change left."""
    names = [r[0] for r in ROWS]
    errors: list[BaseException] = []

    def writer(tiers: list[str]) -> None:
        from regiontool.editing import set_fields

        try:
            for i in range(12):
                ws = Workspace.open(pg_team)
                try:
                    set_fields(ws, names[i % len(names)], {"tier": tiers[i % len(tiers)]})
                finally:
                    ws.close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in (["A", "B"], ["C", "D", "E"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    con = connect(pg_team)
    try:
        for cid, tier in con.execute("SELECT id, tier FROM companies").fetchall():
            history = con.execute(
                "SELECT old, new FROM history WHERE company_id = ? AND field = 'tier' ORDER BY id", (cid,)
            ).fetchall()
            assert history, cid
            for (_, new), (old, _) in zip(history, history[1:], strict=False):
                assert old == new  # each change saw the one before it: none was lost
            assert history[-1][1] == tier
    finally:
        con.close()


def test_copy_file_to_server_and_back_loses_nothing(tmp_path: Path, pg_url):
    src = tmp_path / "mine.db"
    path = write_xlsx(tmp_path / "team.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert run(src, "import", path).exit_code == 0
    assert run(src, "set", "宏达五金", "--tier", "A").exit_code == 0

    result = run(src, "db", "copy", "--from", src, "--to", pg_url, "-f", "json")
    assert result.exit_code == 0, result.output
    tables = json.loads(result.stdout)["tables"]
    assert tables["companies"] == {"source": 5, "copied": 5} and tables["history"]["copied"] >= 1
    assert all(t["source"] == t["copied"] for t in tables.values())

    back = tmp_path / "back.db"
    assert run(src, "db", "copy", "--from", pg_url, "--to", back).exit_code == 0
    assert dump(back) == dump(src)
    # new rows on the server get fresh ids after the copied ones
    assert run(pg_url, "set", "华峰电器", "--tier", "B").exit_code == 0


def test_copy_into_a_workspace_with_data_is_refused_and_changes_nothing(tmp_path: Path, pg_team):
    src = tmp_path / "mine.db"
    path = write_xlsx(tmp_path / "team.xlsx", headers=HEADERS, rows=ROWS[:2], title=None, notes_sheet=False)
    assert run(src, "import", path).exit_code == 0
    before = dump(pg_team)
    result = run(src, "db", "copy", "--from", src, "--to", pg_team, "--lang", "en")
    assert result.exit_code == 2 and "already holds" in result.stderr
    result = run(src, "db", "copy", "--from", src, "--to", pg_team)
    assert result.exit_code == 2 and "已有一个含数据的工作区，未复制任何数据" in result.stderr
    assert dump(pg_team) == before


def test_migrate_creates_the_schema_once(pg_url):
    first = run(pg_url, "db", "migrate", "--lang", "en")
    assert first.exit_code == 0 and "created" in first.stdout
    again = run(pg_url, "db", "migrate", "--lang", "en")
    assert again.exit_code == 0 and "up to date" in again.stdout
    assert run(pg_url, "status").exit_code == 0


def test_server_workspace_is_not_backed_up_as_a_file(pg_team, tmp_path: Path):
    result = run(pg_team, "backup", tmp_path / "b.db")
    assert result.exit_code == 2 and "pg_dump" in result.stderr
    assert not (tmp_path / "b.db").exists()


def test_a_server_that_stops_answering_is_one_line(team, monkeypatch):
    import psycopg

    def lost(self, *args, **kwargs):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Workspace, "group_counts", lost)
    result = run(team, "pivot", "--by", "tier", "--all", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "stopped answering" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    result = run(team, "pivot", "--by", "tier", "--all")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("错误：数据库服务器没有响应") and "没有做任何更改" in result.stderr


def test_check_on_a_server_reports_schema_and_counts(pg_team):
    result = run(pg_team, "check", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["schema_version"] >= 5
    assert report["counts"]["companies"] == len(ROWS)


def test_a_schema_5_server_workspace_is_brought_up_to_date(pg_url):
    """A server workspace made by a release at schema 5 (companies' key unique by a constraint)
    opens at the current schema: the constraint becomes the companies_name_key index, still
    refusing a second company with the same key; nothing else changes."""
    from regiontool.store import SCHEMA_VERSION, Workspace
    from regiontool.store.db import Database

    assert run(pg_url, "db", "migrate").exit_code == 0
    con = Database.postgresql(pg_url)
    try:
        con.execute("DROP INDEX companies_name_key")
        con.execute("ALTER TABLE companies ADD CONSTRAINT companies_name_key_key UNIQUE (name_key)")
        con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
        con.execute("INSERT INTO companies (name, name_key) VALUES ('甲公司', '甲公司')")
    finally:
        con.close()
    Workspace.open(pg_url).close()
    con = Database.postgresql(pg_url)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION
        )
        constraints = con.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'companies'::regclass AND contype = 'u'"
        ).fetchall()
        assert constraints == []
        assert con.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'companies_name_key'"
        ).fetchone()
        assert con.execute("SELECT name FROM companies").fetchall() == [("甲公司",)]
        import psycopg

        with pytest.raises(psycopg.errors.UniqueViolation):
            con.execute("INSERT INTO companies (name, name_key) VALUES ('甲公司', '甲公司')")
    finally:
        con.close()


# A regiontool process whose connection the server drops in the middle of a command: before
# `target` runs, another connection terminates this one's backend (pg_terminate_backend, waiting
# for it to end). A real process, not CliRunner: pytest's own logging handlers would hide what
# Python's logging prints on stderr when nothing is configured (the pool's traceback).
_DROPPED = """
import sys
import psycopg
from regiontool.cli import app
from regiontool.store import Workspace
from regiontool.store.db import Database

url, target, *args = sys.argv[1:]
cls = Workspace if target == "group_counts" else Database
original = getattr(cls, target)

def dropped(self, *a, **k):
    db = self.db if isinstance(self, Workspace) else self
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", (db.raw.info.backend_pid,))
    return original(self, *a, **k)

setattr(cls, target, dropped)
app(args, prog_name="regiontool")
"""


@pytest.mark.parametrize("target, args", [("group_counts", ["pivot", "--by", "tier"]), ("commit", ["set"])])
def test_a_dropped_connection_is_one_line_without_the_pools_traceback(pg_team, tmp_path: Path, target, args):
    """The server drops the connection (a restart, a terminated backend) while a command reads, or
    as an import commits: one line on stderr, exit 1, no SQLAlchemy pool traceback before it
    (review r38 #1), and the import left nothing."""
    import os
    import subprocess
    import sys

    if target == "commit":
        rows = [["宁波新来电器厂", "慈溪市长河镇9号", "李雷", "王海波", "B"]]
        args = ["import", str(write_xlsx(tmp_path / "new.xlsx", headers=HEADERS, rows=rows, title=None))]
    before = dump(pg_team)
    env = {**os.environ, "REGIONTOOL_DB": pg_team, "REGIONTOOL_ALL": "1", "COLUMNS": "200"}
    p = subprocess.run(
        [sys.executable, "-c", _DROPPED, pg_team, target, *args], capture_output=True, text=True, env=env
    )
    assert p.returncode == 1, p.stderr
    assert p.stderr.startswith("错误：数据库服务器没有响应"), p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert "Traceback" not in p.stderr
    assert dump(pg_team) == before


def test_a_login_the_server_refuses_names_the_url_not_the_server(pg_server):
    """A database or user the server does not know is the --db URL's fault, not a server that did
    not answer (review r38 #4); a server not reached still says so. One line, exit 1."""
    from urllib.parse import quote

    socket = quote(str(pg_server.socketdir))
    for url, said in (
        (f"postgresql://postgres@/nosuchdb?host={socket}", 'database "nosuchdb" does not exist'),
        (f"postgresql://nobody:secret@/postgres?host={socket}", 'role "nobody" does not exist'),
    ):
        for lang, words in (
            ("zh", "拒绝登录：--db 地址中的用户名、密码或数据库名不对"),
            ("en", "refused the login"),
        ):
            result = run(url, "status", "--lang", lang)
            assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
            assert words in result.stderr and said in result.stderr, result.stderr
            assert "没有响应" not in result.stderr and "stopped answering" not in result.stderr
            assert "secret" not in result.stderr
    result = run(f"postgresql://postgres@/postgres?host={socket}/nowhere", "status")
    assert result.exit_code == 1 and result.stderr.startswith("错误：无法连接"), result.stderr
    assert "数据库服务器是否在运行" in result.stderr and "拒绝登录" not in result.stderr


@pytest.mark.parametrize(
    "said",
    [
        'connection failed: connection to server on socket "/s/.s.PGSQL.5432" failed: FATAL:  password '
        'authentication failed for user "sales"',
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied',
        'connection failed: connection to server at "db" failed: FATAL:  no pg_hba.conf entry for host "1.2.3.4"',
        'connection failed: connection to server at "db" failed: 致命错误:  用户 "sales" Password 认证失败',
    ],
)
def test_login_refusals_are_told_from_a_server_not_reached(said):
    from regiontool.store.db import cannot_connect

    error = cannot_connect("postgresql://sales:***@db/crm", Exception(said))
    assert "拒绝登录" in error.text("zh") and "wrong" in error.text("en")
    assert "connection to server" not in error.text("zh")  # the server's own words only
    reached_not = cannot_connect("postgresql://db/crm", Exception("connection failed: Connection refused"))
    assert "无法连接" in reached_not.text("zh") and "拒绝登录" not in reached_not.text("zh")


def test_orders_on_ties_do_not_follow_the_databases_row_order(team):
    """What a command lists in a tie comes in the same order on SQLite and PostgreSQL, however the
    database stores the rows (PostgreSQL moves an updated row to the end; review r38 #2): the
    opportunities `score` ranks come by id, the lines a target split shares equally by name."""
    from regiontool.targets import _known_values

    con = connect(team)
    try:
        con.execute("UPDATE companies SET deal_level = '3', closing = '3'")
        con.execute("UPDATE companies SET closing = '3' WHERE id = (SELECT MIN(id) FROM companies)")
    finally:
        con.close()
    with Workspace.open(str(team)) as ws:
        ids = [r[0] for r in ws.opportunity_rows([])]
        assert ids == sorted(ids) and len(ids) == len(ROWS)
        assert _known_values(ws, "manager") == ["沈晓东", "王海波"]
        towns = ws.group_counts(["town"], [], "companies")

    class Reversed:  # the same groups in the other order
        def group_counts(self, *args):
            return towns[::-1]

    assert _known_values(Reversed(), "town") == _known_values(
        type("Same", (), {"group_counts": lambda *a: towns})(), "town"
    )
