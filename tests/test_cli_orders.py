"""`regiontool import` of orders files and `regiontool link`, through the CLI on generated workbooks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import connect, contact_rows, dump, write_orders, write_xlsx
from regiontool import vocab
from regiontool.store import Workspace


def order_rows() -> list[list]:
    """Seven lines: every date and amount form, a traditional spelling, a stranger, bad cells."""
    return [
        ["慈溪市华峰电器有限公司", dt.date(2026, 3, 5), "ERP标准版", 10, 28000, "SO1"],
        ["慈溪市華峰電器有限公司", "2026/6/5", "实施服务", 5, "¥9,000", "SO2"],
        ["宁波宏达五金厂", "2026年7月1日", "ERP专业版", 3, "1.5万元", "SO3"],
        ["宁波宏达五金厂", "2026.08.01", "年度维护", 1, "2250元", None],
        ["宁波宏達五金", 46204, "二次开发", 2, 4000, "SO5"],  # serial date; a name that only resembles
        ["从未见过贸易公司", "2026-09-09", "ERP标准版", 1, 2800, "SO6"],
        ["慈溪市华峰电器有限公司", "下个月", "ERP标准版", 1, 2800, "SO7"],
        ["宁波宏达五金厂", "2026-10-01", "ERP标准版", 1, "面议", "SO8"],
    ]


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _setup(cli, tmp_path) -> Path:
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    return write_orders(tmp_path / "orders.xlsx", order_rows())


def test_orders_are_recognised_cleaned_linked_and_accounted(cli, db, tmp_path):
    orders = _setup(cli, tmp_path)
    acc = _json(cli("import", orders, "--json"))
    assert acc["rows_read"] == 8
    assert acc["orders"] + acc["rejected"] == acc["rows_read"]
    assert (acc["orders"], acc["rejected"], acc["orders_new"]) == (6, 2, 6)
    assert (acc["linked"], acc["customers_linked"]) == (4, 2)
    assert (acc["unlinked"], acc["customers_unlinked"]) == (2, 2)
    con = connect(db)
    rows = con.execute(
        "SELECT customer, order_date, amount, company_id IS NOT NULL FROM orders ORDER BY source_row"
    ).fetchall()
    assert rows == [
        ("慈溪市华峰电器有限公司", "2026-03-05", 28000.0, 1),
        ("慈溪市華峰電器有限公司", "2026-06-05", 9000.0, 1),
        ("宁波宏达五金厂", "2026-07-01", 15000.0, 1),
        ("宁波宏达五金厂", "2026-08-01", 2250.0, 1),
        ("宁波宏達五金", "2026-07-01", 4000.0, 0),
        ("从未见过贸易公司", "2026-09-09", 2800.0, 0),
    ]


def test_rejected_and_unlinked_rows_are_listed_with_reasons(cli, tmp_path):
    orders = _setup(cli, tmp_path)
    cli("import", orders)
    problems = _json(cli("problems", "--format", "json"))
    mine = {
        (p.get("代码") or p.get("code"), p.get("行") or p.get("row")): p
        for p in problems
        if "orders" in str(p)
    }
    assert {k for k in mine} >= {
        ("bad-date", 8),
        ("bad-amount", 9),
        ("unlinked-order", 6),
        ("unlinked-order", 7),
    }
    resembling = json.dumps(mine[("unlinked-order", 6)], ensure_ascii=False)
    assert "宁波宏达五金厂" in resembling and "regiontool link" in resembling  # a candidate, not a link
    stranger = json.dumps(mine[("unlinked-order", 7)], ensure_ascii=False)
    assert "相近" not in stranger


def test_placeholder_customer_names_are_rejected_with_their_reason(cli, db, tmp_path):
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = [
        ["不详", "2026-03-05", "ERP标准版", 1, 2800, "SO1"],
        ["N/A", "2026-03-06", "ERP标准版", 1, 2800, "SO2"],
        ["12345", "2026-03-07", "ERP标准版", 1, 2800, "SO3"],
        [None, "2026-03-08", "ERP标准版", 1, 2800, "SO4"],
        ["宁波宏达五金厂", "2026-03-09", "ERP标准版", 1, 2800, "SO5"],
    ]
    acc = _json(cli("import", write_orders(tmp_path / "orders.xlsx", rows), "--json"))
    assert (acc["rows_read"], acc["orders"], acc["rejected"]) == (5, 1, 4)
    assert connect(db).execute("SELECT customer FROM orders").fetchall() == [("宁波宏达五金厂",)]
    problems = [p for p in _json(cli("problems", "--format", "json")) if p["文件"] == "orders.xlsx"]
    messages = [p["说明"] for p in problems if p["代码"] == "no-company"]
    assert messages[:3] == [
        f"客户名称“{v}”不是企业名称，整行拒收（填上真实的客户名称后重新导入）"
        for v in ("不详", "N/A", "12345")
    ]
    assert messages[3] == "没有客户名称，整行拒收"


def test_total_rows_of_an_orders_sheet_are_rejected_as_totals(cli, db, tmp_path):
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = [
        ["宁波宏达五金厂", "2026-03-09", "ERP标准版", 1, 2800, "SO1"],
        ["宁波宏达五金厂", "2026-03-10", "实施服务", 1, 1200, "SO2"],
        ["合计", None, None, 2, 4000, None],
        ["小计（3月）", None, None, 2, 4000, None],
    ]
    acc = _json(cli("import", write_orders(tmp_path / "orders.xlsx", rows), "--json"))
    assert (acc["rows_read"], acc["orders"], acc["rejected"]) == (4, 2, 2)
    assert connect(db).execute("SELECT SUM(amount) FROM orders").fetchone()[0] == 4000
    problems = [p for p in _json(cli("problems", "--format", "json")) if p["文件"] == "orders.xlsx"]
    assert [p["说明"] for p in problems] == [
        vocab.problem_text("subtotal-row", v="合计", what=("订单", "an order"))[0],
        # as folded for matching
        vocab.problem_text("subtotal-row", v="小计(3月)", what=("订单", "an order"))[0],
    ]


def test_reimporting_the_same_orders_adds_nothing(cli, db, tmp_path):
    orders = _setup(cli, tmp_path)
    cli("import", orders)
    again = _json(cli("import", orders, "--json"))
    assert (again["orders_new"], again["orders_unchanged"]) == (0, 6)
    assert connect(db).execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 6


def test_two_identical_lines_stay_two_and_an_updated_amount_updates(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    same = ["宁波宏达五金厂", "2026-07-01", "年度维护", 1, 2250, None]
    first = write_orders(
        tmp_path / "o.xlsx", [same, same, ["宁波宏达五金厂", "2026-07-02", "x", 1, 10, "SO9"]]
    )
    assert _json(cli("import", first, "--json"))["orders_new"] == 3
    changed = write_orders(
        tmp_path / "o2.xlsx", [same, same, ["宁波宏达五金厂", "2026-07-02", "x", 1, 99, "SO9"]]
    )
    acc = _json(cli("import", changed, "--json"))
    assert (acc["orders_new"], acc["orders_updated"], acc["orders_unchanged"]) == (0, 1, 2)
    assert connect(db).execute("SELECT amount FROM orders WHERE order_no = 'SO9'").fetchone() == (99.0,)


def test_orders_before_their_companies_are_linked_when_contacts_arrive(cli, db, tmp_path):
    orders = write_orders(tmp_path / "orders.xlsx", order_rows())
    acc = _json(cli("import", orders, "--json"))
    assert acc["linked"] == 0 and acc["unlinked"] == 6
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    con = connect(db)
    assert con.execute("SELECT COUNT(*) FROM orders WHERE company_id IS NOT NULL").fetchone() == (4,)
    left = con.execute("SELECT COUNT(*) FROM problems WHERE code = 'unlinked-order'").fetchone()
    assert left == (2,)


def test_link_confirms_a_candidate(cli, db, tmp_path):
    orders = _setup(cli, tmp_path)
    cli("import", orders)
    result = cli("link", "宁波宏達五金", "宁波宏达五金厂")
    assert result.exit_code == 0 and "1" in result.output
    con = connect(db)
    assert con.execute("SELECT COUNT(*) FROM orders WHERE company_id IS NULL").fetchone() == (1,)
    assert con.execute("SELECT COUNT(*) FROM problems WHERE code = 'unlinked-order'").fetchone() == (1,)
    # a later file with that spelling links by itself
    later = write_orders(tmp_path / "later.xlsx", [["宁波宏達五金", "2026-11-01", "x", 1, 100, "SO99"]])
    assert _json(cli("import", later, "--json"))["linked"] == 1


def test_link_refuses_unknown_names(cli, db, tmp_path):
    orders = _setup(cli, tmp_path)
    cli("import", orders)
    before = dump(db)
    result = cli("link", "没有这个客户", "宁波宏达五金厂", "--lang", "en")
    assert result.exit_code == 1 and "no orders" in result.output
    result = cli("link", "没有这个客户", "宁波宏达五金厂")
    assert result.exit_code == 1 and "没有客户名称为“没有这个客户”的订单" in result.stderr
    result = cli("link", "宁波宏達五金", "没有这家企业")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert dump(db) == before


def test_customers_with_orders_but_not_tier_v_are_reported(cli, tmp_path):
    orders = _setup(cli, tmp_path)  # 华峰 has tier A in the contact sheet; 宏达 is 我方用户 (V)
    result = cli("import", orders)
    assert result.exit_code == 0
    assert "1 家企业有订单但分类不是 V" in result.output
    problems = _json(cli("problems", "--format", "json", "--lang", "en"))
    stale = [p for p in problems if p["code"] == "tier-not-v"]
    assert len(stale) == 1 and "慈溪市华峰电器有限公司" in stale[0]["message"]


def test_tier_not_v_is_checked_again_when_a_tier_or_a_link_changes(cli, tmp_path):
    """review r33 MED-1: `set --tier`, `link` and a contacts import re-check tier-not-v, so the
    import line, `problems` and `status` (its count and the orders file's summary) agree."""
    orders = _setup(cli, tmp_path)  # 华峰 is A, 宏达 V, 永光 F1 (no orders)
    cli("import", orders)

    def stale() -> list[str]:
        problems = _json(cli("problems", "--format", "json", "--lang", "en"))
        status = _json(cli("status", "--format", "json"))
        assert status["problems"] == len(problems)
        (summary,) = [f["summary"] for f in status["files"] if f["file_name"] == "orders.xlsx"]
        found = sorted(p["message"] for p in problems if p["code"] == "tier-not-v")
        assert summary["not_v"] == len(found)
        assert summary["problems"] == sum(p["file"] == "orders.xlsx" for p in problems)
        again = cli("import", orders)  # changes nothing: says what is stored
        assert again.exit_code == 0 and "没有变化" in again.output
        said = f"{len(found)} 家企业有订单但分类不是 V" in again.output
        assert said == bool(found) and (("有订单但分类不是V" in again.output) == bool(found))
        return found

    assert len(stale()) == 1 and "慈溪市华峰电器有限公司" in stale()[0]
    assert cli("set", "慈溪市华峰电器有限公司", "--tier", "V").exit_code == 0
    assert stale() == []
    assert cli("set", "宁波宏达五金厂", "--tier", "D").exit_code == 0
    assert len(found := stale()) == 1 and "宁波宏达五金厂" in found[0] and "tier is D" in found[0]
    # a name linked to a firm that is not V: the message names the firm, as `set` takes it
    assert cli("link", "宁波宏達五金", "慈溪市永光五金工具有限公司").exit_code == 0
    found = stale()
    assert len(found) == 2 and any('set "慈溪市永光五金工具有限公司" --tier V' in m for m in found)
    # a contact sheet that makes 永光 C
    rows = contact_rows()
    rows[6][6] = "C"
    assert cli("import", write_xlsx(tmp_path / "contacts_v2.xlsx", rows=rows)).exit_code == 0
    found = stale()
    assert len(found) == 2 and any("永光五金工具有限公司 has orders but its tier is C" in m for m in found)


def test_amount_unit_in_the_header_and_title_rows(cli, db, tmp_path):
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    headers = ["客户", "日期", "金额（万元）"]
    path = write_orders(
        tmp_path / "wan.xlsx", [["宁波宏达五金厂", "2026-01-05", 1.2]], headers, title="2026年订单"
    )
    assert _json(cli("import", path, "--json"))["orders"] == 1
    assert connect(db).execute("SELECT amount FROM orders").fetchone() == (12000.0,)


def test_kind_orders_without_a_date_column_says_what_is_missing(cli, db, tmp_path):
    path = write_orders(tmp_path / "bad.xlsx", [["宁波宏达五金厂", 1200]], ["客户名称", "金额"])
    result = cli("import", path, "--kind", "orders")
    assert result.exit_code == 1
    assert "订单日期" in result.output and "--map" in result.output
    assert "Traceback" not in result.output
    assert not Workspace.exists(db)
    result = cli("import", path, "--kind", "invoices")
    assert result.exit_code == 2


def test_the_example_orders_import_with_nothing_lost(cli, db):
    examples = Path(__file__).resolve().parents[1] / "examples"
    assert cli("import", examples / "contacts.xlsx").exit_code == 0
    acc = _json(cli("import", examples / "orders.xlsx", "--json"))
    assert acc["rows_read"] == acc["orders"] + acc["rejected"]
    assert acc["linked"] + acc["unlinked"] == acc["orders"]
    assert acc["linked"] > 0.95 * acc["orders"]


def test_orders_columns_stay_out_of_the_resource_table_and_pivots(cli, tmp_path):
    from openpyxl import load_workbook

    cli("import", _setup(cli, tmp_path))
    out = tmp_path / "res.xlsx"
    assert cli("export", out).exit_code == 0
    headers = [c.value for c in next(load_workbook(out, read_only=True)["资源表"].iter_rows(max_row=1))]
    assert "订单日期" not in headers and "金额" not in headers
    result = cli("pivot", "--by", "订单编号")
    assert result.exit_code == 2


def test_explain_shows_a_companys_orders(cli, tmp_path):
    cli("import", _setup(cli, tmp_path))
    result = cli("explain", "宁波宏达五金厂")
    assert result.exit_code == 0, result.output
    assert "订单：2 笔（2 行），累计 ¥17,250，2026-07-01 至 2026-08-01" in result.output
    payload = json.loads(cli("explain", "宁波宏达五金厂", "--format", "json").output)
    assert payload["orders"]["amount"] == 17250


def test_an_orders_sheet_without_rows_is_refused_in_the_command_language(cli, tmp_path):
    path = write_orders(tmp_path / "orders.xlsx", [])
    r = cli("import", path)
    assert (
        r.exit_code == 1
        and r.output == "错误：orders.xlsx：工作表“订单明细”有表头（第 1 行），但没有订单行\n"
    )
    r = cli("import", path, "--lang", "en")
    assert r.exit_code == 1 and r.output.startswith(
        "error: orders.xlsx: sheet '订单明细' has headers (row 1)"
    )
    assert r.output.rstrip().endswith("but no order rows")
