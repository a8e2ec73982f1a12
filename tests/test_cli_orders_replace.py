"""An order line deleted from an orders file: kept and reported on the next import of the file (the
same name and sheet), removed with `import --replace` — through the CLI on generated workbooks."""

from __future__ import annotations

import json

from conftest import connect, dump, write_orders, write_xlsx

FIRM = "慈溪市华峰电器有限公司"
A1 = [FIRM, "2026-03-05", "ERP", 1, 28_000, "A1"]
A2 = [FIRM, "2026-04-05", "服务", 1, 2_000, "A2"]


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sales(cli) -> float:
    """The firm's sales of 2026 as `regiontool sales --by customers` gives them."""
    result = cli("sales", "--year", "2026", "--as-of", "2026-11-20", "--by", "customers", "-f", "json")
    assert result.exit_code == 0, result.output
    return next(c["金额"] for c in json.loads(result.stdout)["customers"] if c["客户"] == FIRM)


def _problems(cli, *codes: str) -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] in codes]


def _duplicated(cli, tmp_path):
    """The contacts, then o.xlsx with A1 exported twice: 58,000 in sales."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    acc = _json(cli("import", write_orders(tmp_path / "o.xlsx", [A1, A1, A2]), "--json"))
    assert (acc["orders"], acc["orders_not_in_file"]) == (3, 0)
    assert [p["row"] for p in _problems(cli, "duplicate-order")] == [3]
    assert _sales(cli) == 58_000


def test_a_line_deleted_from_the_file_is_kept_and_said_until_imported_with_replace(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    fixed = write_orders(tmp_path / "o.xlsx", [A1, A2])  # the manager deleted row 3

    kept = cli("import", fixed)
    assert kept.exit_code == 0, kept.output
    assert (
        "此前导入的这一文件中另有 1 条订单行不在这一版中（已保留，仍计入销售；确认已删除请加 --replace 重新导入）"
        in kept.stdout
    )
    assert _sales(cli) == 58_000  # nothing lost without --replace
    [said] = _problems(cli, "order-not-in-file", "duplicate-order")
    assert (said["code"], said["row"], said["value"]) == ("order-not-in-file", 3, "A1")
    assert "A1 · ERP · 2026-03-05 · ¥28,000.00 was on row 3 of o.xlsx" in said["message"]
    again = cli("import", fixed, "--json", "--lang", "en")  # the same version again: said again
    assert (_json(again)["orders_not_in_file"], _json(again)["orders_removed"]) == (1, 0)
    en = cli("import", fixed, "--lang", "en")
    assert "; 1 order line of an earlier version of this file is not in it (kept" in en.stdout

    before = dump(db)
    dry = cli("import", fixed, "--replace", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "将删除此前导入的这一文件中不在这一版的 1 条订单行" in dry.stdout
    assert f"将删除 {FIRM}：A1 · ERP · 2026-03-05 · ¥28,000.00（原第 3 行）" in dry.stdout
    assert dump(db) == before  # a dry run changes nothing
    acc = _json(cli("import", fixed, "--replace", "--dry-run", "--json"))
    assert (acc["orders_not_in_file"], acc["orders_removed"], acc["dry_run"]) == (1, 1, True)
    assert dump(db) == before

    done = cli("import", fixed, "--replace")
    assert done.exit_code == 0, done.output
    assert "删除了此前导入的这一文件中不在这一版的 1 条订单行（已记入企业的变更历史）" in done.stdout
    assert _sales(cli) == 30_000
    assert connect(db).execute("SELECT COUNT(*) FROM orders WHERE order_no = 'A1'").fetchone()[0] == 1
    assert _problems(cli, "order-not-in-file", "duplicate-order") == []
    history = cli("history", FIRM, "-f", "json")
    assert history.exit_code == 0, history.output
    removed = [h for h in json.loads(history.stdout) if h["字段"] == "删除订单行（原第 3 行）"]
    assert [(h["原值"], h["来源"]) for h in removed] == [("A1 · ERP · 2026-03-05 · ¥28,000.00", "o.xlsx")]
    en_history = json.loads(cli("history", FIRM, "-f", "json", "--lang", "en").stdout)
    assert "order line removed (was row 3)" in [h["field"] for h in en_history]

    after = _json(cli("import", fixed, "--replace", "--json"))  # nothing left to remove
    assert (after["orders_not_in_file"], after["orders_removed"]) == (0, 0)
    assert _sales(cli) == 30_000


def test_the_same_file_imported_again_has_nothing_not_in_it(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    for args in ((), ("--replace",)):
        acc = _json(cli("import", tmp_path / "o.xlsx", "--json", *args))
        assert (acc["orders_not_in_file"], acc["orders_removed"]) == (0, 0)
    assert _sales(cli) == 58_000  # both lines of the double export are still in the file
    assert _problems(cli, "order-not-in-file") == []


def test_an_orders_file_of_another_name_is_never_a_new_version(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    b1 = [FIRM, "2026-05-05", "培训", 1, 5_000, "B1"]
    other = write_orders(tmp_path / "o_may.xlsx", [A2, b1])  # shares A2 with o.xlsx, lacks both A1
    acc = _json(cli("import", other, "--replace", "--json"))
    assert (acc["orders_new"], acc["orders_not_in_file"], acc["orders_removed"]) == (1, 0, 0)
    assert _sales(cli) == 63_000
    assert _problems(cli, "order-not-in-file") == []


def test_replace_with_a_contacts_file_says_once_that_contacts_are_never_removed(cli, db, tmp_path):
    contacts = write_xlsx(tmp_path / "contacts.xlsx")
    assert cli("import", contacts).exit_code == 0
    before = connect(db).execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    result = cli("import", contacts, write_orders(tmp_path / "o.xlsx", [A1, A2]), "--replace")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "--replace" in line]
    assert notes == [
        "提示：--replace 只删除订单和回款文件中已删去的行；contacts.xlsx 是联系人名单，照常导入（联系人从不删除）"
    ]
    en = cli("import", contacts, "--replace", "--lang", "en")
    assert (
        "note: --replace removes only the lines deleted from an orders or payments file; contacts.xlsx is a"
        in (en.stderr)
    )
    assert connect(db).execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == before


B1 = [FIRM, "2026-05-05", "ERP", 1, 9_000, "B1"]
B2 = [FIRM, "2026-06-05", "服务", 1, 1_000, "B2"]


def test_a_file_of_the_same_name_holding_other_lines_is_another_file(cli, db, tmp_path):
    """Two salespeople's orders.xlsx in two folders, imported in one command with --replace, and
    next month's export saved over this month's (the same path, other lines): neither is a new
    version of the other, so nothing is reported missing and nothing is removed."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    (tmp_path / "王").mkdir()
    (tmp_path / "李").mkdir()
    wang = write_orders(tmp_path / "王" / "orders.xlsx", [A1, A2])
    li = write_orders(tmp_path / "李" / "orders.xlsx", [B1])
    both = cli("import", wang, li, "--replace", "--json")
    assert both.exit_code == 0, both.output
    assert [(r["orders_not_in_file"], r["orders_removed"]) for r in json.loads(both.stdout)] == [
        (0, 0),
        (0, 0),
    ]
    assert _sales(cli) == 39_000
    month = write_orders(tmp_path / "王" / "orders.xlsx", [B2])  # November's export over October's
    acc = _json(cli("import", month, "--replace", "--json"))
    assert (acc["orders_not_in_file"], acc["orders_removed"]) == (0, 0)
    assert _sales(cli) == 40_000 and _problems(cli, "order-not-in-file") == []


def test_a_file_moved_to_another_folder_with_most_of_its_lines_is_a_new_version(cli, db, tmp_path):
    """The same orders.xlsx, saved in another folder without one of its five lines: four of five
    again (≥ 80 %) makes it a new version of the first, whose missing line --replace removes."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    lines = [A1, A2, B1, B2, [FIRM, "2026-07-05", "ERP", 1, 500, "C1"]]
    assert cli("import", write_orders(tmp_path / "orders.xlsx", lines)).exit_code == 0
    (tmp_path / "新").mkdir()
    moved = write_orders(tmp_path / "新" / "orders.xlsx", lines[:4])
    acc = _json(cli("import", moved, "--replace", "--json"))
    assert (acc["orders_not_in_file"], acc["orders_removed"]) == (1, 1)
    assert _sales(cli) == 40_000


def test_a_line_without_order_number_exported_twice_is_a_problem(cli, db, tmp_path):
    """Two rows of the same line without order number (customer, day, amount, product, quantity):
    both counted, as the file says, and named in one duplicate-line problem; the same amount on
    another day is no repeat."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    line = [FIRM, "2026-03-05", "ERP", 1, 5_000, None]
    other_day = [FIRM, "2026-03-06", "ERP", 1, 5_000, None]
    assert cli("import", write_orders(tmp_path / "o.xlsx", [line, line, other_day])).exit_code == 0
    [said] = _problems(cli, "duplicate-line")
    assert (said["row"], said["value"]) == (3, FIRM)
    assert said["message"].startswith(
        f"{FIRM}: the order line ERP · 2026-03-05 · ¥5,000.00, without order number, appears 2 times "
        "in this file (rows 2, 3)"
    )
    assert _sales(cli) == 15_000
