"""A payment deleted from a payments file: kept and reported on the next import of the file (the same
name and sheet), removed with `import --replace` so that receivables owe it again — through the CLI on
generated workbooks, as tests/test_cli_orders_replace.py does for order lines."""

from __future__ import annotations

import json

from conftest import connect, dump, write_orders, write_xlsx

FIRM = "慈溪市华峰电器有限公司"
HEADERS = ["客户名称", "回款日期", "回款金额"]
ORDER = [FIRM, "2026-03-05", "ERP", 1, 28_000, "A1"]
P1 = [FIRM, "2026-04-01", 10_000]
P2 = [FIRM, "2026-05-01", 3_000]


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _payments(path, rows):
    return write_orders(path, rows, headers=HEADERS)


def _owed(cli) -> float:
    """What the firm owes on 2026-11-20 as `regiontool receivables` gives it."""
    result = cli("receivables", "--as-of", "2026-11-20", "--table", "receivables", "-f", "json")
    assert result.exit_code == 0, result.output
    return next(r["应收余额"] for r in json.loads(result.stdout)["receivables"] if r["客户"] == FIRM)


def _problems(cli, *codes: str) -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] in codes]


def _duplicated(cli, tmp_path):
    """The contacts, an order of 28,000, then p.xlsx with P1 exported twice: 5,000 owed, not 15,000."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    assert cli("import", write_orders(tmp_path / "o.xlsx", [ORDER])).exit_code == 0
    acc = _json(cli("import", _payments(tmp_path / "p.xlsx", [P1, P1, P2]), "--json"))
    assert (acc["payments"], acc["payments_not_in_file"], acc["payments_removed"]) == (3, 0, 0)
    assert _owed(cli) == 5_000


def test_a_payment_deleted_from_the_file_is_kept_and_said_until_imported_with_replace(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    fixed = _payments(tmp_path / "p.xlsx", [P1, P2])  # the manager deleted row 3

    kept = cli("import", fixed)
    assert kept.exit_code == 0, kept.output
    assert (
        "此前导入的这一文件中另有 1 笔回款不在这一版中（已保留，仍计入已回款；确认已删除请加 --replace 重新导入）"
        in kept.stdout
    )
    assert _owed(cli) == 5_000  # nothing lost without --replace
    assert "没有新增或改动：这一版的数据都已在工作区中（此前版本的部分行不在其中，见下行）" in kept.stdout
    assert "没有变化" not in kept.stdout  # the workspace holds a payment the file has not
    [said] = _problems(cli, "payment-not-in-file")
    assert (said["row"], said["value"]) == (3, FIRM)
    assert "payment 2026-04-01 · ¥10,000.00 was on row 3 of p.xlsx" in said["message"]
    again = _json(cli("import", fixed, "--json", "--lang", "en"))  # the same version again: said again
    assert (again["payments_not_in_file"], again["payments_removed"]) == (1, 0)
    en = cli("import", fixed, "--lang", "en")
    assert (
        "; 1 payment of an earlier version of this file is not in it (kept, still counted as collected"
        in (en.stdout)
    )

    before = dump(db)
    dry = cli("import", fixed, "--replace", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "将删除此前导入的这一文件中不在这一版的 1 笔回款" in dry.stdout
    assert f"将删除 {FIRM}：2026-04-01 · ¥10,000.00（原第 3 行）" in dry.stdout
    assert dump(db) == before  # a dry run changes nothing
    acc = _json(cli("import", fixed, "--replace", "--dry-run", "--json"))
    assert (acc["payments_not_in_file"], acc["payments_removed"], acc["dry_run"]) == (1, 1, True)
    assert dump(db) == before
    assert _owed(cli) == 5_000

    done = cli("import", fixed, "--replace")
    assert done.exit_code == 0, done.output
    assert "删除了此前导入的这一文件中不在这一版的 1 笔回款（已记入企业的变更历史）" in done.stdout
    assert f"  删除 {FIRM}：2026-04-01 · ¥10,000.00（原第 3 行）" in done.stdout
    assert _owed(cli) == 15_000  # the double export no longer pays 10,000 of the order
    assert connect(db).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2
    assert _problems(cli, "payment-not-in-file") == []
    history = cli("history", FIRM, "-f", "json")
    assert history.exit_code == 0, history.output
    removed = [h for h in json.loads(history.stdout) if h["字段"] == "删除回款（原第 3 行）"]
    assert [(h["原值"], h["来源"]) for h in removed] == [("2026-04-01 · ¥10,000.00", "p.xlsx")]
    en_history = json.loads(cli("history", FIRM, "-f", "json", "--lang", "en").stdout)
    assert "payment removed (was row 3)" in [h["field"] for h in en_history]

    after = _json(cli("import", fixed, "--replace", "--json"))  # nothing left to remove
    assert (after["payments_not_in_file"], after["payments_removed"]) == (0, 0)
    assert _owed(cli) == 15_000


def test_a_corrected_amount_leaves_the_old_payment_behind_until_replace(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    corrected = _payments(tmp_path / "p.xlsx", [P1, P1, [FIRM, "2026-05-01", 3_500]])
    acc = _json(cli("import", corrected, "--json"))
    assert (acc["payments_new"], acc["payments_not_in_file"]) == (1, 1)  # 3,000 and 3,500 both count
    assert _owed(cli) == 1_500
    [said] = _problems(cli, "payment-not-in-file")
    assert "2026-05-01 · ¥3,000.00 was on row 4" in said["message"]
    acc = _json(cli("import", corrected, "--replace", "--json"))
    assert acc["payments_removed"] == 1
    assert _owed(cli) == 4_500


def test_the_same_payments_file_imported_again_has_nothing_not_in_it(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    for args in ((), ("--replace",)):
        acc = _json(cli("import", tmp_path / "p.xlsx", "--json", *args))
        assert (acc["payments_not_in_file"], acc["payments_removed"]) == (0, 0)
    assert _owed(cli) == 5_000  # both lines of the double export are still in the file
    assert _problems(cli, "payment-not-in-file") == []


def test_a_payments_file_of_another_name_is_never_a_new_version(cli, db, tmp_path):
    _duplicated(cli, tmp_path)
    p3 = [FIRM, "2026-06-01", 1_000]
    other = _payments(tmp_path / "p_june.xlsx", [P2, p3])  # shares P2 with p.xlsx, lacks both P1
    acc = _json(cli("import", other, "--replace", "--json"))
    assert (acc["payments_new"], acc["payments_not_in_file"], acc["payments_removed"]) == (1, 0, 0)
    assert _owed(cli) == 4_000
    assert _problems(cli, "payment-not-in-file") == []


def test_replace_names_only_the_contact_lists_it_leaves_alone(cli, db, tmp_path):
    contacts = write_xlsx(tmp_path / "contacts.xlsx")
    payments = _payments(tmp_path / "p.xlsx", [P1, P2])
    result = cli("import", contacts, payments, "--replace")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "--replace" in line]
    assert notes == [
        "提示：--replace 只删除订单和回款文件中已删去的行；contacts.xlsx 是联系人名单，照常导入（联系人从不删除）"
    ]
    assert cli("import", payments, "--replace").stderr == ""  # a payments file is not left alone
    en = cli("import", contacts, "--replace", "--lang", "en")
    assert (
        "note: --replace removes only the lines deleted from an orders or payments file; contacts.xlsx is a "
        "contact list and was imported as usual (contacts are never removed)" in en.stderr
    )


def test_a_payment_exported_twice_is_a_problem_at_its_first_import(cli, db, tmp_path):
    """Two rows of the same payment (customer, day, amount) are both counted, as the file says,
    and named in one duplicate-payment problem pointing to --replace; a payment of the same
    amount another day is no repeat."""
    _duplicated(cli, tmp_path)
    [said] = _problems(cli, "duplicate-payment")
    assert (said["row"], said["value"]) == (3, FIRM)
    assert said["message"] == (
        f"{FIRM}: payment 2026-04-01 · ¥10,000.00 appears 2 times in this file (rows 2, 3): each row is "
        "counted as a payment; check whether it is a double export (delete the extra rows from the file, "
        "then import it again with --replace)"
    )
    zh = cli("problems", "--format", "json")
    assert "回款 2026-04-01 · ¥10,000.00 在本文件出现 2 次（第 2、3 行）" in zh.stdout
    assert cli("import", _payments(tmp_path / "p.xlsx", [P1, P2]), "--replace").exit_code == 0
    assert _problems(cli, "duplicate-payment") == []  # gone with the row
