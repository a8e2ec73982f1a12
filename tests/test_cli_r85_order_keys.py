"""An order's stored lines are found by their order number and product columns, never by their keys'
text or order (review r85): a product named like another's line (插座 / 插座#2) keeps its own line,
and a PostgreSQL database whose collation is not C finds a split delivery again — through the CLI on
generated workbooks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from conftest import connect, imported, write_orders
from regiontool.cli import app

FIRM, OTHER, THIRD = "慈溪市华峰电器有限公司", "宁波晨光电子厂", "余姚市明达塑料制品有限公司"


def _line(no: str, day: tuple[int, int], product: str, amount: float, firm: str = FIRM) -> list:
    return [firm, dt.date(2026, *day), product, 1, amount, no]


def _lines(db) -> list[tuple]:
    con = connect(db)
    try:
        sql = "SELECT order_no, product, order_date, amount FROM orders ORDER BY 1, 2, 3, 4"
        return [(no, p, d, round(a, 2)) for no, p, d, a in con.execute(sql).fetchall()]
    finally:
        con.close()


def _import(cli, path) -> dict:
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_product_named_like_another_products_second_line_keeps_its_own_line(cli, db, tmp_path):
    jan = write_orders(
        tmp_path / "订单_2026-01.xlsx",
        [_line("SO1", (1, 10), "插座#2", 500), _line("SO2", (1, 12), "灯具", 100, OTHER)],
    )
    (tmp_path / "q").mkdir()
    q1 = [_line("SO1", (1, 10), "插座", 1000), _line("SO1", (1, 10), "插座#2", 500)]
    q1 = write_orders(tmp_path / "q" / "订单_Q1.xlsx", [*q1, _line("SO2", (1, 12), "灯具", 100, OTHER)])
    imported(cli, jan)
    acc = _import(cli, q1)
    assert (acc["orders_new"], acc["orders_updated"], acc["orders_unchanged"]) == (1, 0, 2)
    want = [
        ("SO1", "插座", "2026-01-10", 1000),
        ("SO1", "插座#2", "2026-01-10", 500),
        ("SO2", "灯具", "2026-01-12", 100),
    ]
    assert _lines(db) == want
    acc = _import(cli, q1)
    assert (acc["orders_new"], acc["orders_updated"], acc["orders_unchanged"], acc["kept_since"]) == (
        0,
        0,
        3,
        0,
    )
    assert _lines(db) == want


def test_a_products_second_line_beside_a_stored_line_of_the_product_named_so(cli, db, tmp_path):
    imported(cli, write_orders(tmp_path / "a.xlsx", [_line("SO1", (1, 10), "插座#2", 500)]))
    b = write_orders(
        tmp_path / "b.xlsx", [_line("SO1", (1, 10), "插座", 1000), _line("SO1", (1, 12), "插座", 300)]
    )
    for _ in range(2):
        imported(cli, b)
        assert _lines(db) == [
            ("SO1", "插座", "2026-01-10", 1000),
            ("SO1", "插座", "2026-01-12", 300),
            ("SO1", "插座#2", "2026-01-10", 500),
        ]


def test_one_file_with_a_products_two_lines_and_the_product_named_its_second(cli, db, tmp_path):
    rows = [_line("SO1", (1, 10), "插座", 1000), _line("SO1", (1, 11), "插座", 300)]
    path = write_orders(tmp_path / "订单.xlsx", [*rows, _line("SO1", (1, 10), "插座#2", 500)])
    acc = _import(cli, path)
    assert acc["orders_new"] == 3
    want = [
        ("SO1", "插座", "2026-01-10", 1000),
        ("SO1", "插座", "2026-01-11", 300),
        ("SO1", "插座#2", "2026-01-10", 500),
    ]
    assert _lines(db) == want
    acc = _import(cli, path)
    assert (acc["orders_new"], acc["orders_updated"]) == (0, 0)
    write_orders(path, [rows[0], rows[1][:4] + [350, "SO1"], _line("SO1", (1, 10), "插座#2", 500)])
    acc = _import(cli, path)
    assert (acc["orders_new"], acc["orders_updated"]) == (0, 1)
    assert _lines(db)[1] == ("SO1", "插座", "2026-01-11", 350)


def _r85_files(tmp_path):
    """review r85's repro: a split delivery and a return of SO1 in February's file, then February
    corrected (the return -200 → -250)."""
    jan = write_orders(tmp_path / "订单_2026-01.xlsx", [_line("SO1", (1, 20), "开关", 1000)])
    feb = [_line("SO1", (2, 15), "开关", 1500), _line("SO1", (2, 20), "开关", -200)]
    feb.append(_line("SO3", (2, 5), "开关", 100, THIRD))
    (tmp_path / "v2").mkdir()
    v2 = write_orders(tmp_path / "v2" / "订单_2026-02.xlsx", [feb[0], feb[1][:4] + [-250, "SO1"], feb[2]])
    return jan, write_orders(tmp_path / "订单_2026-02.xlsx", feb), v2


@pytest.mark.postgresql
def test_a_split_delivery_is_found_again_on_a_server_whose_collation_is_not_c(pg_server, tmp_path):
    name = "r85_icu"
    try:
        pg_server.psql(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.utf8'"
            " LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN'"
        )
    except RuntimeError as e:  # no ICU in this server
        pytest.skip(f"no ICU collation here: {e}")
    try:
        order = pg_server.psql("SELECT 'no:SO1|开关@2026-02-15' > 'no:SO1|开关#'", name).strip()
        assert order == "f"  # the collation this test is about: '@' before '#'
        db = pg_server.url(name)
        runner = CliRunner()

        def cli(*args):
            return runner.invoke(app, [*map(str, args)], env={"REGIONTOOL_DB": db, "REGIONTOOL_ALL": "1"})

        jan, feb, v2 = _r85_files(tmp_path)
        imported(cli, jan)
        imported(cli, feb)
        acc = _import(cli, feb)
        assert (acc["orders_new"], acc["orders_updated"], acc["kept_since"]) == (0, 0, 0)
        result = cli("import", str(v2), "--json")
        assert result.exit_code == 0 and result.exception is None, result.output
        assert json.loads(result.stdout)["orders_updated"] == 1
        assert sum(line[3] for line in _lines(db)) == 1000 + 1500 - 250 + 100
    finally:
        pg_server.drop_database(name)
