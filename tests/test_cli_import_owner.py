"""`regiontool import FILE --manager NAME` (or REGIONTOOL_MANAGER): a manager's own list without a
区域经理 column gives its new firms to that manager, so on a shared workspace they are theirs to
plan (review r38 #3); firms owned already keep their owner, and a sheet naming managers wins."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import connect, write_xlsx
from regiontool.cli import app
from regiontool.store.db import is_url

HEADERS = ["企业名称", "地址", "联系人"]


def _owners(db) -> dict[str, str | None]:
    return dict(connect(db).execute("SELECT name, manager FROM companies"))


def test_a_list_without_a_manager_column_is_the_importing_managers(cli, db, tmp_path):
    first = write_xlsx(
        tmp_path / "team.xlsx",
        headers=[*HEADERS, "区域经理"],
        rows=[["慈溪市甲电器厂", "慈溪市附海镇", "周杰", "王海波"]],
        title=None,
        notes_sheet=False,
    )
    assert cli("import", first).exit_code == 0
    mine = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市甲电器厂", "慈溪市附海镇", "李四"], ["慈溪市乙五金厂", "慈溪市长河镇", "赵敏"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    result = cli("import", mine, "--manager", "赵六")
    assert result.exit_code == 0, result.output
    assert "新增的 1 家企业归 赵六" in result.stdout
    assert _owners(db) == {"慈溪市甲电器厂": "王海波", "慈溪市乙五金厂": "赵六"}  # 王海波's stays his
    plan = cli("pivot", "--by", "tier", "--manager", "赵六", "-f", "json")
    assert plan.exit_code == 0, plan.output
    assert json.loads(plan.stdout)[-1]["企业数"] == 1


def test_the_environment_names_the_manager_and_json_counts_them(db, tmp_path):
    mine = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市乙五金厂", "慈溪市长河镇", "赵敏"], ["慈溪市丙塑料厂", "慈溪市周巷镇", "钱七"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    env = {"REGIONTOOL_DB": str(db), "REGIONTOOL_MANAGER": "赵六", "COLUMNS": "200"}
    if is_url(str(db)):
        env["REGIONTOOL_ALL"] = "1"
    result = CliRunner().invoke(app, ["import", str(mine), "--json", "--lang", "en"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["assigned_to_manager"] == 2
    assert set(_owners(db).values()) == {"赵六"}


def test_a_sheet_with_a_manager_column_keeps_its_own_owners(cli, db, tmp_path):
    path = write_xlsx(
        tmp_path / "team.xlsx",
        headers=[*HEADERS, "区域经理"],
        rows=[
            ["慈溪市甲电器厂", "慈溪市附海镇", "周杰", "王海波"],
            ["慈溪市乙五金厂", "慈溪市长河镇", "赵敏", ""],
        ],
        title=None,
        notes_sheet=False,
    )
    result = cli("import", path, "--manager", "赵六", "--lang", "en")
    assert result.exit_code == 0, result.output
    # a blank 区域经理 cell names no owner: the firm is the importing manager's (review r73 F6)
    assert "1 new company given to 赵六" in result.stdout
    assert _owners(db) == {"慈溪市甲电器厂": "王海波", "慈溪市乙五金厂": "赵六"}


def test_a_dry_run_gives_nobody_anything(cli, db, tmp_path):
    path = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市乙五金厂", "慈溪市长河镇", "赵敏"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    again = write_xlsx(
        tmp_path / "mine2.xlsx",
        rows=[["慈溪市丙塑料厂", "慈溪市周巷镇", "钱七"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    result = cli("import", again, "--manager", "赵六", "--dry-run")
    assert result.exit_code == 0, result.output
    assert _owners(db) == {"慈溪市乙五金厂": None}


def test_explain_says_the_manager_came_from_the_option(cli, tmp_path):
    path = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市乙五金厂", "慈溪市长河镇", "赵敏"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path, "--manager", "赵六").exit_code == 0
    zh = json.loads(cli("explain", "乙五金", "-f", "json").stdout)
    manager = next(f for f in zh["fields"] if f["field"] == "manager")
    assert (manager["value"], manager["basis"]) == ("赵六", "导入时按 --manager 指定（文件没有区域经理列）")
    en = json.loads(cli("explain", "乙五金", "-f", "json", "--lang", "en").stdout)
    manager = next(f for f in en["fields"] if f["field"] == "manager")
    assert manager["basis"] == "given by import --manager (the file has no manager column)"


def test_explain_says_the_managers_cell_was_blank_when_the_file_has_the_column(cli, tmp_path):
    path = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[
            ["慈溪市乙五金厂", "慈溪市长河镇", "赵敏", ""],
            ["慈溪市丙电器厂", "慈溪市附海镇", "周杰", "王海波"],
        ],
        headers=[*HEADERS, "区域经理"],
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path, "--manager", "赵六").exit_code == 0
    zh = json.loads(cli("explain", "乙五金", "-f", "json").stdout)
    manager = next(f for f in zh["fields"] if f["field"] == "manager")
    assert (manager["value"], manager["basis"]) == (
        "赵六",
        "导入时按 --manager 指定（文件中该企业的区域经理为空）",
    )
    en = json.loads(cli("explain", "乙五金", "-f", "json", "--lang", "en").stdout)
    manager = next(f for f in en["fields"] if f["field"] == "manager")
    assert manager["basis"] == "given by import --manager (its manager cell in the file is blank)"


def test_set_owner_reads_only_the_imports_new_firms(cli, db, tmp_path, monkeypatch):
    """The owner is given by the new firms' ids, not by reading every unowned firm of the
    workspace (a 30,000-firm workspace without owners read whole for a list of 50)."""
    from regiontool.store import Workspace
    from regiontool.store.db import Database

    others = [[f"慈溪市{i}号五金厂", "慈溪市长河镇", "赵敏"] for i in range(5)]
    path = write_xlsx(tmp_path / "all.xlsx", rows=others, headers=HEADERS, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0  # five firms nobody owns
    read: list[tuple] = []
    given: list[list[int]] = []
    owning = [False]
    execute, set_owner = Database.execute, Workspace.set_owner

    def spy_execute(self, sql, params=()):
        cur = execute(self, sql, params)
        if not owning[0] or not sql.lstrip().upper().startswith("SELECT"):
            return cur
        rows = cur.fetchall()
        read.extend(rows)
        return _Rows(rows)

    def spy_set_owner(self, ids, *args):
        given.append(list(ids))
        owning[0] = True
        try:
            return set_owner(self, ids, *args)
        finally:
            owning[0] = False

    monkeypatch.setattr(Database, "execute", spy_execute)
    monkeypatch.setattr(Workspace, "set_owner", spy_set_owner)
    mine = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市丙塑料厂", "慈溪市周巷镇", "钱七"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    result = cli("import", mine, "--manager", "赵六")
    assert result.exit_code == 0, result.output
    assert len(given) == 1 and read and {r[0] for r in read} <= set(given[0])
    assert _owners(db)["慈溪市丙塑料厂"] == "赵六" and list(_owners(db).values()).count(None) == 5


class _Rows(list):
    """Rows already fetched, served as a cursor serves them."""

    def fetchall(self):
        return list(self)

    def fetchone(self):
        return self[0] if self else None


def test_set_owner_takes_more_ids_than_sqlite_binds_at_once(cli, db, tmp_path):
    from regiontool.store import Workspace

    path = write_xlsx(
        tmp_path / "mine.xlsx",
        rows=[["慈溪市丙塑料厂", "慈溪市周巷镇", "钱七"]],
        headers=HEADERS,
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    ws = Workspace.open(str(db))
    try:
        with ws.transaction():
            assert ws.set_owner(list(range(1, 40_001)), "赵六", "test") == 1  # past 32,766 bound variables
    finally:
        ws.close()
    assert _owners(db) == {"慈溪市丙塑料厂": "赵六"}
