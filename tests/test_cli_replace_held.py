"""`import --replace` and the lines other files hold (review r16 #2, #4, #5), through the CLI on
generated workbooks: a line a new version of a file no longer has, but another imported file still
holds, is kept and said to be held; a removed line names its row in the latest earlier version; a
removal of an unlinked customer's line does not claim to be in a company's history."""

from __future__ import annotations

import json

from conftest import write_orders, write_xlsx

FIRM = "慈溪市华峰电器有限公司"
A1 = [FIRM, "2026-03-05", "ERP", 1, 28_000, "A1"]
A2 = [FIRM, "2026-04-05", "服务", 1, 2_000, "A2"]
B1 = [FIRM, "2026-05-05", "ERP", 1, 9_000, "B1"]
B2 = [FIRM, "2026-06-05", "服务", 1, 1_000, "B2"]
C1 = [FIRM, "2026-07-05", "MES", 1, 500, None]  # no order number: known by its content
X9 = [FIRM, "2026-08-05", "ERP", 1, 100, "X9"]
PAY_HEADERS = ["客户名称", "回款日期", "回款金额"]


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sales(cli) -> float:
    result = cli("sales", "--year", "2026", "--as-of", "2026-11-20", "--by", "customers", "-f", "json")
    assert result.exit_code == 0, result.output
    return next(c["金额"] for c in json.loads(result.stdout)["customers"] if c["客户"] == FIRM)


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] == code]


def test_a_line_another_imported_file_still_holds_is_kept_by_replace(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    orders = tmp_path / "orders.xlsx"
    assert cli("import", write_orders(orders, [A1, A2, B1, B2, C1])).exit_code == 0
    acc = _json(cli("import", write_orders(tmp_path / "x.xlsx", [A1, C1, X9]), "--json"))
    assert (acc["orders_new"], acc["orders_unchanged"]) == (1, 2)  # A1 and C1 already there
    assert _sales(cli) == 40_600
    write_orders(orders, [A2, B1, B2])  # the new version drops A1 and C1, which x.xlsx still has

    acc = _json(cli("import", orders, "--json"))
    assert (acc["orders_not_in_file"], acc["orders_held_elsewhere"]) == (0, 2)
    said = _problems(cli, "order-not-in-file")
    assert [p["row"] for p in said] == [2, 6]
    assert "kept because x.xlsx still holds it" in said[0]["message"]
    assert "--replace" in said[0]["message"] and "import the file again" not in said[0]["message"]
    zh = cli("problems", "--format", "json")
    assert zh.exit_code == 0, zh.output
    assert sum("x.xlsx 中仍有这一行，因此保留" in str(p) for p in json.loads(zh.stdout)) == 2

    dry = cli("import", orders, "--replace", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "将删除" not in dry.stdout
    assert (
        f"  保留 {FIRM}：A1 · ERP · 2026-03-05 · ¥28,000.00（原第 2 行）：x.xlsx 中仍有这一行" in dry.stdout
    )
    done = cli("import", orders, "--replace", "--lang", "en")
    assert done.exit_code == 0, done.output
    assert "removed" not in done.stdout
    assert f"  kept {FIRM}: MES · 2026-07-05 · ¥500.00 (was row 6): x.xlsx still holds it" in done.stdout
    assert _sales(cli) == 40_600  # nothing lost, whatever the order of the imports
    assert _problems(cli, "order-not-in-file") == []
    again = _json(cli("import", orders, "--replace", "--json"))  # the lines are x.xlsx's now
    assert (again["orders_not_in_file"], again["orders_held_elsewhere"]) == (0, 0)

    # x.xlsx's next version drops A1: no other file holds it, so --replace removes it
    acc = _json(cli("import", write_orders(tmp_path / "x.xlsx", [C1, X9]), "--replace", "--json"))
    assert (acc["orders_removed"], acc["orders_held_elsewhere"]) == (1, 0)
    assert _sales(cli) == 12_600


def test_a_payment_another_imported_file_still_holds_is_kept_by_replace(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    assert cli("import", write_orders(tmp_path / "o.xlsx", [A1])).exit_code == 0
    pays = [[FIRM, f"2026-0{m}-01", 1_000 * m] for m in range(3, 8)]  # 3,000 … 7,000: 25,000
    paid = tmp_path / "回款.xlsx"
    assert cli("import", write_orders(paid, pays, headers=PAY_HEADERS)).exit_code == 0
    assert cli("import", write_orders(tmp_path / "other.xlsx", pays[:1], headers=PAY_HEADERS)).exit_code == 0
    write_orders(paid, pays[1:], headers=PAY_HEADERS)
    acc = _json(cli("import", paid, "--replace", "--json"))
    result = cli("receivables", "--as-of", "2026-11-20", "--table", "receivables", "-f", "json")
    owed = next(r["应收余额"] for r in json.loads(result.stdout)["receivables"] if r["客户"] == FIRM)
    assert owed == 3_000  # 28,000 - 25,000: other.xlsx still says 3,000 was paid
    assert (acc["payments_removed"], acc["payments_held_elsewhere"]) == (0, 1)


def test_a_removed_line_names_its_row_in_the_latest_earlier_version(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    orders = tmp_path / "orders.xlsx"
    assert cli("import", write_orders(orders, [A1, A2, B1, B2, C1])).exit_code == 0  # C1 on row 6
    assert cli("import", write_orders(orders, [A1, B1, B2, C1]), "--replace").exit_code == 0  # row 5
    write_orders(orders, [A1, B1, B2])
    dry = cli("import", orders, "--replace", "--dry-run")
    assert f"将删除 {FIRM}：MES · 2026-07-05 · ¥500.00（原第 5 行）" in dry.stdout
    kept = cli("import", orders)
    assert kept.exit_code == 0, kept.output
    assert [p["row"] for p in _problems(cli, "order-not-in-file")] == [5]
    assert cli("import", orders, "--replace").exit_code == 0
    history = json.loads(cli("history", FIRM, "-f", "json").stdout)
    assert [h["字段"] for h in history if h["原值"] == "MES · 2026-07-05 · ¥500.00"] == [
        "删除订单行（原第 5 行）"
    ]


def test_a_removal_of_an_unlinked_customers_line_is_not_said_to_be_in_a_history(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    unknown = ["宁波未知贸易公司", "2026-03-05", "ERP", 1, 4_000, "U1"]
    orders = tmp_path / "orders.xlsx"
    assert cli("import", write_orders(orders, [A1, A2, B1, unknown])).exit_code == 0
    done = cli("import", write_orders(orders, [A1, B1]), "--replace")
    assert done.exit_code == 0, done.output
    assert (
        "删除了此前导入的这一文件中不在这一版的 2 条订单行（已记入企业的变更历史；其中 1 条的客户未关联企业，"
        "不在任何企业的变更历史中）" in done.stdout
    )
    assert cli("import", write_orders(orders, [A1, B1, unknown])).exit_code == 0
    done = cli("import", write_orders(orders, [A1, B1]), "--replace", "--lang", "en")
    assert "removed (customers linked to no company: in no company's history)" in done.stdout
    assert "logged" not in done.stdout
