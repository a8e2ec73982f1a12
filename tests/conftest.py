"""Fixtures that build real files (xlsx, csv …) and run the CLI on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pgserver import PostgresServer
from typer.testing import CliRunner

from regiontool.cli import app
from regiontool.store.db import is_url

HEADERS = ["序号", "企業名稱", "地址", "联系人", "手机", "区域经理", "客户分类", "是否关键联系人", "备注"]


def contact_rows() -> list[list]:
    """A small messy contact table: 6 data rows, 4 firms, one blank row, one nameless row."""
    return [
        [
            1,
            "慈溪市华峰电器有限公司",
            "浙江省宁波市慈溪市长河镇垫桥村118号",
            "张伟",
            "138 1234 5678",
            "王海波",
            "a",
            "是",
            None,
        ],
        [
            2,
            "慈溪市華峰電器有限公司 ",
            "慈溪长河镇垫桥村118号",
            "李娜",
            "13987654321",
            "王海波",
            None,
            "否",
            '=HYPERLINK("http://x")',
        ],
        [None] * 9,
        [
            3,
            "宁波宏达五金厂",
            "周巷镇环城北路5号",
            "赵敏",
            "+86 13700000001",
            "沈晓东",
            "我方用户",
            "√",
            "-待回访-",
        ],
        [4, "金鑫塑料制品有限公司", "", "钱强", "0574-63012345", "沈晓东", "大客户", "待定", "@张经理 跟进"],
        [5, None, "新浦镇", "孙丽", "13600000002", None, None, None, "展会扫码"],
        [6, "慈溪市永光五金工具有限公司", "观海卫镇", "周杰", "13500000003", "王海波", "F 1", "×", None],
    ]


def write_xlsx(
    path: Path,
    headers=HEADERS,
    rows=None,
    *,
    title: str | None = "2026年客户联系表",
    sheet: str = "客户联系表",
    notes_sheet: bool = True,
) -> Path:
    import xlsxwriter

    rows = contact_rows() if rows is None else rows
    wb = xlsxwriter.Workbook(str(path))
    if notes_sheet:
        wb.add_worksheet("填表说明").write(0, 0, "请按列填写，不要合并单元格")
    ws = wb.add_worksheet(sheet)
    r = 0
    if title:
        ws.merge_range(0, 0, 0, len(headers) - 1, title)
        r = 2
    for j, h in enumerate(headers):
        ws.write_string(r, j, h)
    for i, row in enumerate(rows, start=r + 1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write(i, j, v)
    wb.close()
    return path


ORDER_HEADERS = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"]


def write_sheet(tmp_path: Path, name: str, headers, rows) -> Path:
    """A bare sheet in tmp_path: the header row on row 1, no title, no notes sheet."""
    return write_xlsx(tmp_path / name, headers, rows, title=None, notes_sheet=False)


def imported(cli, path: Path, *args: str):
    """`regiontool import PATH …` through the test's cli, which must succeed."""
    result = cli("import", str(path), *args)
    assert result.exit_code == 0, result.output
    return result


def imported_json(cli, path: Path, *args: str) -> dict:
    """`regiontool import PATH --json …` through the test's cli, which must succeed: its accounting."""
    import json

    result = cli("import", str(path), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def gone_counts(acc: dict, kind: str) -> tuple[int, int]:
    """An orders or payments import's lines of an earlier version not in the file: (listed, removed)."""
    return acc[f"{kind}_not_in_file"], acc[f"{kind}_removed"]


def problems_coded(cli, code: str) -> list[dict]:
    """The problems of one code, as `problems -f json --lang en` lists them."""
    import json

    result = cli("problems", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] == code]


def table_count(db, table: str) -> int:
    """The rows of one workspace table."""
    con = connect(db)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def query(db, sql: str, params=()) -> list:
    """The rows a query of the workspace gives."""
    con = connect(db)
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


def ok(cli, *args):
    """A command run through the cli fixture that must succeed."""
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


def explained(cli, name: str) -> dict[str, tuple]:
    """A firm's key fields as `explain -f json` gives them: field → (value, basis)."""
    import json

    result = cli("explain", name, "-f", "json")
    assert result.exit_code == 0, result.output
    return {f["field"]: (f["value"], f["basis"]) for f in json.loads(result.stdout)["fields"]}


def plan_columns(ws) -> tuple[int, dict[str, int]]:
    """The header row of a plan's daily sheet and its columns by label."""
    for row in ws.iter_rows():
        labels = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "完成情况" in labels:
            return row[0].row, labels
    raise AssertionError("no header")


def fill_plan_row(path, outcome: str, cid: int | None = None) -> int:
    """Write the outcome on the 11-30 daily sheet's row for the firm (its first planned row when cid is
    None; a row added under the last when the sheet has none for it); the firm's id."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["11-30 周一"]
    top, cols = plan_columns(ws)
    rows = [r for r in range(top + 1, ws.max_row + 1) if isinstance(ws.cell(r, cols["企业编号"]).value, int)]
    mine = [r for r in rows if cid is None or ws.cell(r, cols["企业编号"]).value == cid]
    if mine:
        row = mine[0]
        cid = ws.cell(row, cols["企业编号"]).value
    else:
        row = ws.max_row + 1
        ws.cell(row, cols["类别"]).value, ws.cell(row, cols["企业编号"]).value = "拜访", cid
    ws.cell(row, cols["完成情况"]).value = outcome
    wb.save(path)
    return cid


def soffice_convert(src: Path, kind: str, outdir: Path) -> Path:
    """src converted by LibreOffice to `kind` (xls, ods) in outdir, as a user saving it again would."""
    import subprocess

    subprocess.run(
        ["soffice", "--headless", "--convert-to", kind, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(outdir.parent), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return outdir / f"{src.stem}.{kind}"


def write_orders(path: Path, rows, headers=ORDER_HEADERS, title: str | None = None) -> Path:
    """An orders workbook; date objects become real date cells (with a date format)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("订单明细")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    if title:
        ws.write_string(0, 0, title)
        r = 2
    for j, h in enumerate(headers):
        ws.write_string(r, j, h)
    for i, row in enumerate(rows, start=r + 1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(i, j, dt.datetime.combine(v, dt.time()), date_fmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            else:
                ws.write_number(i, j, v)
    wb.close()
    return path


@pytest.fixture
def contacts_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "contacts.xlsx")


@pytest.fixture
def folder(tmp_path: Path, cli) -> Path:
    """A folder holding a contact sheet (客户联系表.xlsx) imported into the workspace: files beside it."""
    src = write_xlsx(tmp_path / "客户联系表.xlsx")
    r = cli("import", src)
    assert r.exit_code == 0, r.output
    return tmp_path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db(request, tmp_path: Path):
    """The workspace every CLI test runs against, once per database: a SQLite file in tmp_path,
    then a fresh PostgreSQL database on the throwaway server (skipped, saying why, without
    PostgreSQL). Tests about the workspace *file* are marked sqlite_only."""
    if request.param == "sqlite":
        return tmp_path / "ws.db"
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the workspace file: SQLite only")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def cli(db: Path):
    """Run the CLI against a workspace in tmp_path; returns the click Result."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(
            app,
            [*map(str, args)],
            env={
                "REGIONTOOL_DB": str(db),
                "COLUMNS": "200",
                **({"REGIONTOOL_ALL": "1"} if is_url(str(db)) else {}),
            },
            catch_exceptions=kwargs.get("catch_exceptions", True),
        )

    return run


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server (unix socket only) for the session; skips, saying why,
    when PostgreSQL is not installed here. See tests/pgserver.py."""
    ok, reason = PostgresServer.available()
    if not ok:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A fresh, empty database of its own for this test, dropped after it; its SQLAlchemy URL
    postgresql+psycopg://postgres@/test_…?host=SOCKETDIR (pg_server.url(name, driver=None)
    gives the plain postgresql:// form)."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


def connect(db):
    """A connection to the test's workspace, SQLite file or PostgreSQL URL alike, for tests that
    look at the stored rows: .execute(sql, params) with ? placeholders, .close()."""
    from regiontool.store.db import Database

    return Database.postgresql(str(db)) if is_url(str(db)) else Database.sqlite(Path(db), mode="rw")


def dump(db) -> dict[str, list]:
    """Every row of every table, ordered: equal dumps mean nothing changed (SQLite or PostgreSQL)."""
    con = connect(db)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in sorted(con.tables())}
    finally:
        con.close()


def schema_5_file(path: Path) -> None:
    """A workspace file as release schema 5 left it: companies' key unique by table constraint."""
    import sqlite3

    from regiontool import store

    conn = sqlite3.connect(path)
    for script in (store._SCHEMA, store._SCHEMA_V2, store._SCHEMA_V3, store._SCHEMA_V4, store._SCHEMA_V5):
        conn.executescript(script)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    conn.execute(
        "INSERT INTO companies (id, name, name_key, town, tier, competitor) VALUES"
        " (1, '甲公司', '甲公司', '观海卫镇', 'A', '金蝶'), (2, '乙厂', '乙厂', NULL, 'V', NULL)"
    )
    conn.execute(
        "INSERT INTO contacts (company_id, contact_key, name) VALUES (1, '张三', '张三'), (2, '李四', '李四')"
    )
    conn.execute(
        "INSERT INTO orders (order_key, company_id, customer, customer_key, order_date, amount)"
        " VALUES ('o1', 2, '乙厂', '乙厂', '2026-01-05', 100.0)"
    )
    conn.commit()
    conn.close()
