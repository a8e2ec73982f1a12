"""Review r52, through the CLI on files the tests write: a conflicting-line whose old line --replace
removed names the other file's line that still conflicts, as a fresh import of the same stored lines
does (D1, orders and payments)."""

from __future__ import annotations

import json

from conftest import write_orders

CHENYOU, JIAGUANG = "慈溪市晨友机电厂", "宁波嘉光电机厂"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _conflicts(cli) -> list[dict]:
    out = json.loads(_ok(cli("problems", "--format", "json", "--lang", "en")).stdout)
    return [p for p in out if p["code"] == "conflicting-line"]


# --- D1: a conflict is derived again from the stored lines --------------------------------------


def _sequence(cli, tmp_path, kind: str) -> list[dict]:
    """C (a line of ¥10,000), C corrected (¥11,000; the ¥10,000 kept), D another name (¥12,000 the
    same day: a conflict with C's ¥10,000), then C --replace (the ¥10,000 goes); and the conflicts
    of a fresh import of C and D into another workspace."""
    if kind == "orders":
        headers, names = ["客户名称", "订单日期", "产品", "金额"], ("订单C.xlsx", "订单D.xlsx")

        def line(amount):
            return [CHENYOU, "2026-11-10", "ERP标准版", amount]

        other = [JIAGUANG, "2026-11-10", "年度维护", 3000]
    else:
        headers, names = ["客户名称", "回款日期", "回款金额"], ("回款P.xlsx", "回款Q.xlsx")

        def line(amount):
            return [CHENYOU, "2026-11-10", amount]

        other = [JIAGUANG, "2026-11-10", 3000]
    c, d = tmp_path / names[0], tmp_path / names[1]
    write_orders(c, [line(10000), other], headers=headers)
    _ok(cli("import", c))
    write_orders(c, [line(11000), other], headers=headers)
    _ok(cli("import", c))
    write_orders(d, [line(12000), other], headers=headers)
    _ok(cli("import", d))
    assert len(_conflicts(cli)) == 1
    _ok(cli("import", c, "--replace"))
    return _conflicts(cli)


def test_an_orders_conflict_names_the_line_that_still_conflicts(cli, db, tmp_path):
    [said] = _sequence(cli, tmp_path, "orders")
    assert (said["file"], said["row"]) == ("订单D.xlsx", 2)
    assert "¥12,000.00" in said["message"] and "on row 2 of 订单C.xlsx" in said["message"]
    assert "¥11,000.00" in said["message"] and "¥10,000.00" not in said["message"]


def test_a_payments_conflict_names_the_payment_that_still_conflicts(cli, db, tmp_path):
    [said] = _sequence(cli, tmp_path, "payments")
    assert (said["file"], said["row"]) == ("回款Q.xlsx", 2)
    assert "¥11,000.00" in said["message"] and "on row 2 of 回款P.xlsx" in said["message"]
    assert "¥10,000.00" not in said["message"]
    zh = json.loads(_ok(cli("problems", "--format", "json")).stdout)
    assert any("¥11,000.00" in str(p) and "两笔都计入已回款" in str(p) for p in zh)
