"""Which stored line an order line is (review r83 F2): 订单编号 + 产品 on another date — a split delivery
(分批发货) or a return (销售退货) in another month's file — is a new line beside the old one, both counting;
the same date, or a date a new version of the same file corrected, is the line itself — through the CLI
on generated workbooks."""

from __future__ import annotations

import datetime as dt
import json

from conftest import connect, dump, imported, write_orders, write_sheet

FIRM, OTHER = "慈溪市华峰电器有限公司", "宁波晨光电子厂"


def _line(no: str, day: tuple[int, int], amount: float, firm: str = FIRM, product: str = "开关") -> list:
    return [firm, dt.date(2026, *day), product, 1, amount, no]


JAN = _line("SO100", (1, 20), 1000)  # January's sale
FEB = _line("SO100", (2, 15), 1500)  # the rest of the order, delivered in February


def _months(db) -> dict[str, float]:
    con = connect(db)
    try:
        sql = "SELECT substr(order_date, 1, 7), SUM(amount) FROM orders GROUP BY 1 ORDER BY 1"
        return {m: round(s, 2) for m, s in con.execute(sql).fetchall()}
    finally:
        con.close()


def _import(cli, path, *args: str) -> dict:
    result = cli("import", str(path), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] == code]


def test_a_split_delivery_in_next_months_file_is_a_line_beside_januarys(cli, db, tmp_path):
    jan = write_orders(tmp_path / "订单_2026-01.xlsx", [JAN, _line("SO101", (1, 21), 300, OTHER)])
    feb = write_orders(tmp_path / "订单_2026-02.xlsx", [FEB, _line("SO201", (2, 21), 700, OTHER)])
    imported(cli, jan)
    imported(cli, feb)
    assert _months(db) == {"2026-01": 1300, "2026-02": 2200}
    assert _problems(cli, "conflicting-line") == [] and _problems(cli, "order-not-in-file") == []
    before = dump(db)
    for path in (jan, feb, jan):  # either file again changes nothing
        imported(cli, path)
        assert _months(db) == {"2026-01": 1300, "2026-02": 2200}
    assert {k: v for k, v in dump(db).items() if k != "imports"} == {
        k: v for k, v in before.items() if k != "imports"
    }


def test_a_return_under_the_original_order_number_in_a_later_file_counts_beside_the_sale(cli, db, tmp_path):
    imported(cli, write_orders(tmp_path / "订单_2026-01.xlsx", [JAN]))
    ret = write_orders(tmp_path / "退货_2026-02.xlsx", [_line("SO100", (2, 5), -200)])
    imported(cli, ret)
    imported(cli, ret)
    assert _months(db) == {"2026-01": 1000, "2026-02": -200}


def test_a_rolling_export_keeps_januarys_line_of_an_order_delivered_again_in_february(cli, db, tmp_path):
    path = tmp_path / "订单明细.xlsx"
    imported(cli, write_orders(path, [JAN, _line("SO101", (1, 21), 300, OTHER), FEB]))
    write_orders(path, [FEB, _line("SO300", (3, 5), 700, OTHER)])  # Feb+Mar: January left the window
    assert _import(cli, path)["orders_updated"] == 0
    assert _problems(cli, "order-not-in-file") == []
    assert _months(db) == {"2026-01": 1300, "2026-02": 1500, "2026-03": 700}
    acc = _import(cli, path, "--replace")
    assert acc["orders_removed"] == 0
    assert _months(db) == {"2026-01": 1300, "2026-02": 1500, "2026-03": 700}


def test_a_line_deleted_from_a_rolling_export_is_the_one_named_and_removed(cli, db, tmp_path):
    path = tmp_path / "订单明细.xlsx"
    deleted = _line("SO202", (2, 20), 80, OTHER)
    imported(cli, write_orders(path, [JAN, _line("SO101", (1, 21), 300, OTHER), FEB, deleted]))
    write_orders(path, [FEB, _line("SO300", (3, 5), 700, OTHER)])  # Feb+Mar, SO202 deleted in the ERP
    imported(cli, path)
    (listed,) = _problems(cli, "order-not-in-file")
    assert "SO202" in listed["message"] and "2026-02-20" in listed["message"]
    result = cli("import", str(path), "--replace")
    assert result.exit_code == 0, result.output
    assert (
        "SO202" in result.output and "2026-02-15" not in result.output and "2026-01-20" not in result.output
    )
    assert _months(db) == {"2026-01": 1300, "2026-02": 1500, "2026-03": 700}


def test_a_rolling_export_with_februarys_line_deleted_and_a_march_delivery_keeps_january(cli, db, tmp_path):
    path = tmp_path / "订单明细.xlsx"
    imported(cli, write_orders(path, [JAN, _line("SO101", (1, 21), 300, OTHER), FEB]))
    # Feb+Mar: February's SO100 line deleted in the ERP, the order delivered again in March
    write_orders(path, [_line("SO201", (2, 10), 50, OTHER), _line("SO100", (3, 3), 400)])
    result = cli("import", str(path), "--replace")
    assert result.exit_code == 0, result.output
    assert "2026-01-20" not in result.output  # no line shared with Jan+Feb: another file (r83 F1)
    assert _months(db) == {"2026-01": 1300, "2026-02": 1550, "2026-03": 400}


def test_a_corrected_amount_in_a_new_version_of_the_file_is_changed_in_place(cli, db, tmp_path):
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人"], [[FIRM, "张三"]]))
    path = tmp_path / "订单.xlsx"
    other = _line("SO101", (1, 25), 300, OTHER)
    imported(cli, write_orders(path, [JAN, other]))
    write_orders(path, [JAN[:4] + [1100, "SO100"], other])
    assert _import(cli, path)["orders_updated"] == 1
    assert _months(db) == {"2026-01": 1400}
    result = cli("history", "华峰", "-f", "json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert entry["字段"] == "订单行有改动（第 2 行）"
    assert (entry["原值"], entry["新值"]) == (
        "SO100 · 开关 · 2026-01-20 · ¥1,000.00",
        "SO100 · 开关 · 2026-01-20 · ¥1,100.00",
    )


def test_a_corrected_date_in_a_new_version_of_the_file_is_still_one_line(cli, db, tmp_path):
    path = tmp_path / "订单.xlsx"
    first, last = _line("SO099", (1, 5), 10, OTHER), _line("SO101", (1, 25), 300, OTHER)
    imported(cli, write_orders(path, [first, JAN, last]))
    write_orders(path, [first, _line("SO100", (1, 22), 1000), last])
    assert _import(cli, path)["orders_updated"] == 1
    con = connect(db)
    try:
        rows = con.execute("SELECT order_date FROM orders WHERE order_no = 'SO100'").fetchall()
    finally:
        con.close()
    assert [r[0] for r in rows] == ["2026-01-22"]
    assert _problems(cli, "order-not-in-file") == []
