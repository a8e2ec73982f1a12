"""Schema 8 (store.rekey): a workspace made before t2s kept 乾 於 昇 … (review r71 F1) holds 宁波乾丰's
keys as 宁波干丰; opened now, its keys are made again, and the same files re-imported change nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import connect, imported, write_orders, write_sheet
from regiontool import normalize
from regiontool.store import SCHEMA_VERSION

FIRM, OLD_KEY = "宁波乾丰电器有限公司", "宁波干丰电器有限公司"
HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类"]
CONTACTS = [
    [FIRM, "浙江省宁波市慈溪市坎墩街道1号", "张乾", "13800000001", "A"],
    [FIRM, "浙江省宁波市慈溪市坎墩街道1号", "李四", "13800000002", "A"],
    ["宁波华峰电器有限公司", "浙江省宁波市慈溪市坎墩街道2号", "王五", "13800000003", "B"],
]
ORDERS = [
    [FIRM, dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"],
    [FIRM, dt.date(2026, 10, 6), "乾燥机", 1, 2000, "SO2"],  # the product's key is in the line's
    [FIRM, dt.date(2026, 10, 7), "ERP", 1, 3000, None],  # no number: a digest of the customer's key
    [FIRM, dt.date(2026, 10, 7), "ERP", 1, 3000, None],  # the same line again: #2
    ["乾丰电器", dt.date(2026, 10, 8), "ERP", 1, 500, None],  # linked by hand
    ["宁波华峰电器有限公司", dt.date(2026, 10, 9), "ERP", 1, 700, None],
]
PAY_HEADERS = ["客户名称", "回款日期", "回款金额"]


def _files(tmp_path, extra: bool = False):
    """The contacts, orders and payments files; `extra`: a new version with one more row in each."""
    more = ""
    contacts = CONTACTS + (
        [["宁波新华电器有限公司", "慈溪市3号", "赵六", "13800000004", "C"]] if extra else []
    )
    orders = ORDERS + ([["宁波华峰电器有限公司", dt.date(2026, 11, 1), "ERP", 1, 800, None]] if extra else [])
    payments = [[FIRM, "2026-10-20", 1000], [FIRM, "2026-10-21", 2000]]
    payments += [["宁波华峰电器有限公司", "2026-11-02", 700]] if extra else []
    return (
        write_sheet(tmp_path, f"contacts{more}.xlsx", HEADERS, contacts),
        write_orders(tmp_path / f"orders{more}.xlsx", orders),
        write_sheet(tmp_path, f"payments{more}.xlsx", PAY_HEADERS, payments),
    )


def _old_workspace(cli, db, tmp_path, monkeypatch) -> None:
    """The files imported by the keying of before r71 F1 (t2s respelling every character), a name
    linked by hand, and the workspace marked schema 7."""
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        for path in _files(tmp_path):
            imported(cli, path)
        assert cli("link", "乾丰电器", FIRM).exit_code == 0
    con = connect(db)
    try:
        assert con.execute("SELECT name_key FROM companies WHERE name = ?", (FIRM,)).fetchall() == [
            (OLD_KEY,)
        ]
        assert con.execute("SELECT name_key FROM name_links").fetchall() == [("干丰电器",)]
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()


def _rows(db) -> dict[str, list]:
    con = connect(db)
    try:
        return {
            "companies": con.execute("SELECT name, name_key FROM companies ORDER BY name").fetchall(),
            "contacts": con.execute("SELECT name, contact_key FROM contacts ORDER BY name").fetchall(),
            "orders": con.execute("SELECT customer_key, order_key FROM orders ORDER BY id").fetchall(),
            "payments": con.execute("SELECT customer_key, payment_key FROM payments ORDER BY id").fetchall(),
            "links": con.execute("SELECT name_key FROM name_links").fetchall(),
            "version": con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall(),
            "left": con.execute("SELECT value FROM meta WHERE key = 'kept_hanzi_left'").fetchall(),
        }
    finally:
        con.close()


def _check(cli) -> int:
    check = cli("check", "-f", "json")
    assert check.exit_code == 0, check.output
    return json.loads(check.stdout)["schema_version"]


def _codes(cli) -> set[str]:
    result = cli("problems", "-f", "json")
    assert result.exit_code == 0, result.output
    return {p["代码"] for p in json.loads(result.stdout)}


def test_a_schema_7_workspace_is_rekeyed_and_its_files_reimport_unchanged(cli, db, tmp_path, monkeypatch):
    _old_workspace(cli, db, tmp_path, monkeypatch)
    assert _check(cli) == 7  # as it is: check opens it unchanged
    assert cli("list").exit_code == 0  # any other command migrates it
    assert _check(cli) == SCHEMA_VERSION
    rows = _rows(db)
    assert rows["version"] == [(str(SCHEMA_VERSION),)] and rows["left"] == []
    assert (FIRM, FIRM) in rows["companies"] and ("张乾", "张乾") in rows["contacts"]
    assert rows["links"] == [("乾丰电器",)]
    assert {k for k, _ in rows["orders"]} == {FIRM, "乾丰电器", "宁波华峰电器有限公司"}
    assert {k for k, _ in rows["payments"]} == {FIRM}
    said = [
        (
            "2 家企业（新增 0，更新 0，未变 2）",
            "订单 6 条（新增 0，更新 0，已有 6）",
            "回款 2 笔 ¥3,000（新增 0，更新 0，已有 2）",
        ),
        (
            "3 家企业（新增 1，更新 0，未变 2）",
            "订单 7 条（新增 1，更新 0，已有 6）",
            "回款 3 笔 ¥3,700（新增 1，更新 0，已有 2）",
        ),
    ]
    for extra, lines in zip((False, True), said, strict=True):  # the same files again, then one row more
        for path, line in zip(_files(tmp_path, extra), lines, strict=True):
            out = cli("import", str(path))
            assert out.exit_code == 0, out.output
            assert line in out.stdout and ("未关联" not in out.stdout or "未关联 0 个客户" in out.stdout)
    after = _rows(db)
    assert [n for n, _ in after["companies"]] == sorted(
        [FIRM, "宁波华峰电器有限公司", "宁波新华电器有限公司"]
    )
    assert len(after["contacts"]) == 4
    assert (
        after["orders"][: len(rows["orders"])] == rows["orders"] and len(after["orders"]) == len(ORDERS) + 1
    )
    assert after["payments"][:2] == rows["payments"] and len(after["payments"]) == 3
    assert not _codes(cli) & {"firm-not-in-file", "order-not-in-file", "unlinked-order"}


def test_a_new_key_another_row_holds_is_left_and_counted(cli, db, tmp_path, monkeypatch):
    """Should never happen (no old key holds a kept character), but then the firm keeps its key."""
    _old_workspace(cli, db, tmp_path, monkeypatch)
    con = connect(db)
    try:
        con.execute("UPDATE companies SET name_key = ? WHERE name = '宁波华峰电器有限公司'", (FIRM,))
    finally:
        con.close()
    assert cli("list").exit_code == 0
    rows = _rows(db)
    assert (FIRM, OLD_KEY) in rows["companies"] and rows["left"] == [("1",)]


@pytest.mark.sqlite_only
def test_backup_restore_and_copy_of_a_schema_7_file_migrate(cli, db, tmp_path, monkeypatch):
    _old_workspace(cli, db, tmp_path, monkeypatch)
    old = tmp_path / "old.db"
    old.write_bytes(db.read_bytes())
    copy = tmp_path / "copy.db"
    result = cli("db", "copy", "--from", str(old), "--to", str(copy))
    assert result.exit_code == 0, result.output
    assert (FIRM, FIRM) in _rows(copy)["companies"]
    assert (FIRM, FIRM) in _rows(old)["companies"]  # opened to copy it: migrated, a backup beside it
    bak = tmp_path / "old.db.schema7.bak"
    assert _rows(bak)["version"] == [("7",)]
    saved = tmp_path / "saved.db"
    result = cli("backup", str(saved))  # of the schema 7 workspace
    assert result.exit_code == 0, result.output
    assert (FIRM, FIRM) in _rows(saved)["companies"] and _rows(saved)["version"] == [(str(SCHEMA_VERSION),)]
    result = cli("restore", str(bak))  # a copy from schema 7 put back: migrated on its next opening
    assert result.exit_code == 0, result.output
    assert cli("list").exit_code == 0
    assert (FIRM, FIRM) in _rows(db)["companies"] and _check(cli) == SCHEMA_VERSION


def test_a_line_repeated_under_both_spellings_is_numbered_again_in_the_files_order(
    cli, db, tmp_path, monkeypatch
):
    """宁波乾丰's line and 宁波干丰's equal one were one key and its #2; now each is its own (no #2)."""
    line = [dt.date(2026, 10, 7), "ERP", 1, 3000, None]
    rows = [[FIRM, *line], [OLD_KEY, *line]]
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        imported(cli, write_orders(tmp_path / "orders.xlsx", rows))
    con = connect(db)
    try:
        keys = [k for _c, k in con.execute("SELECT customer_key, order_key FROM orders ORDER BY id")]
        assert keys[1] == keys[0] + "#2"
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()
    assert cli("list").exit_code == 0
    after = _rows(db)["orders"]
    assert [c for c, _k in after] == [FIRM, OLD_KEY] and after[1][1] == keys[0]
    assert "#" not in after[0][1] and after[0][1] != keys[0]
    rows.append(["宁波华峰电器有限公司", *line])
    out = cli("import", str(write_orders(tmp_path / "orders.xlsx", rows)))
    assert out.exit_code == 0, out.output
    assert "订单 3 条（新增 1，更新 0，已有 2）" in out.stdout


def _sales(cli) -> dict[str, float]:
    result = cli("sales", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return {r["客户"]: float(r["金额"]) for r in rows}


def test_the_other_spellings_lines_leave_the_rekeyed_firm(cli, db, tmp_path, monkeypatch):
    """宁波干丰's line was linked to 宁波乾丰 (one key then): after the re-key it is unlinked, counted,
    and linked to 宁波干丰 when that firm is imported, as in a workspace made afresh (review r72 F4)."""
    old_contacts = write_sheet(tmp_path, "c.xlsx", HEADERS, CONTACTS[:1])
    orders = write_orders(
        tmp_path / "o.xlsx",
        [
            [FIRM, dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"],
            [OLD_KEY, dt.date(2026, 10, 6), "ERP", 1, 2000, "SO2"],
        ],
    )
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        imported(cli, old_contacts)
        imported(cli, orders)
    con = connect(db)
    try:
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()
    assert cli("list").exit_code == 0
    assert _sales(cli) == {FIRM: 1000, OLD_KEY: 2000}  # not 3000 for 乾丰: 宁波干丰's line waits for its firm
    con = connect(db)
    try:
        assert con.execute("SELECT customer, company_id FROM orders WHERE company_id IS NULL").fetchall() == [
            (OLD_KEY, None)
        ]
        assert con.execute("SELECT value FROM meta WHERE key = 'kept_hanzi_unlinked'").fetchall() == [("1",)]
    finally:
        con.close()
    assert _rows(db)["left"] == []
    both = write_sheet(tmp_path, "c2.xlsx", HEADERS, [CONTACTS[0], [OLD_KEY, *CONTACTS[0][1:]]])
    imported(cli, both)
    imported(cli, orders)
    assert _sales(cli) == {FIRM: 1000, OLD_KEY: 2000}


def test_a_traditional_name_keeps_its_key_as_it_was_made(cli, db, tmp_path, monkeypatch):
    """寧波乾燥設備 is traditional text: keyed whole (宁波干燥设备) before and now, so not re-keyed nor
    left, and its simplified spelling's orders link to it (review r72 F5)."""
    name = "寧波乾燥設備有限公司"
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, [[name, *CONTACTS[0][1:]]]))
    con = connect(db)
    try:
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()
    assert cli("list").exit_code == 0
    rows = _rows(db)
    assert rows["companies"] == [(name, "宁波干燥设备有限公司")] and rows["left"] == []
    orders = [["宁波干燥设备有限公司", dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"]]
    out = imported(cli, write_orders(tmp_path / "o.xlsx", orders))
    assert "关联 1 家企业" in out.stdout


def test_a_simplified_name_with_a_stray_traditional_character_is_rekeyed_to_its_kept_spelling(
    cli, db, tmp_path, monkeypatch
):
    """宁波乾丰電器's line was keyed 宁波干丰电器 (t2s whole); simplified text, it is 宁波乾丰's now, as
    an import makes it (review r75 F3), and its file re-imported adds nothing."""
    orders = write_orders(
        tmp_path / "o.xlsx", [["宁波乾丰電器有限公司", dt.date(2026, 10, 5), "ERP", 1, 500, None]]
    )
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, CONTACTS[:1]))
        imported(cli, orders)
    con = connect(db)
    try:
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()
    assert cli("list").exit_code == 0
    assert _rows(db)["orders"][0][0] == FIRM and _rows(db)["left"] == []
    assert _sales(cli) == {FIRM: 500}
    assert "订单 1 条（新增 0，更新 0，已有 1）" in imported(cli, orders).stdout


def test_a_line_the_migration_unlinks_is_listed_as_its_import_would_list_it(cli, db, tmp_path, monkeypatch):
    """宁波干丰's order and payment, unlinked from 宁波乾丰 by the re-key, are each an unlinked-order /
    unlinked-payment problem at their row with the ready `link`, so `status`'s 未关联 and `sales`'
    pointer to `regiontool problems` lead somewhere (review r75 F1)."""
    orders = [
        [FIRM, dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"],
        [OLD_KEY, dt.date(2026, 10, 6), "ERP", 1, 2000, "SO2"],
    ]
    payments = [[FIRM, "2026-10-20", 1000], [OLD_KEY, "2026-10-21", 2000]]
    with monkeypatch.context() as m:
        m.setattr(normalize, "_t2s_keeping", lambda text: normalize._t2s().convert(text))
        imported(cli, write_sheet(tmp_path, "c.xlsx", HEADERS, CONTACTS[:1]))
        imported(cli, write_orders(tmp_path / "o.xlsx", orders))
        imported(cli, write_sheet(tmp_path, "p.xlsx", PAY_HEADERS, payments))
    assert not _codes(cli) & {"unlinked-order", "unlinked-payment"}
    con = connect(db)
    try:
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    finally:
        con.close()
    assert cli("list").exit_code == 0
    result = cli("problems", "-f", "json")
    listed = [p for p in json.loads(result.stdout) if p["代码"] in ("unlinked-order", "unlinked-payment")]
    assert [(p["代码"], p["文件"], p["行"], p["值"]) for p in listed] == [
        ("unlinked-order", "o.xlsx", 3, OLD_KEY),
        ("unlinked-payment", "p.xlsx", 3, OLD_KEY),
    ]
    assert all(f'regiontool link "{OLD_KEY}" "{FIRM}"' in p["说明"] for p in listed)
    status = cli("status", "-f", "json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["problems"] == len(json.loads(result.stdout))


MANAGED = [  # 区域经理 as an older import stored it: one person under three spellings
    ["宁波星辰电子有限公司", "张三", "13812345601", "A", "孙 志强"],
    ["慈溪华峰电器有限公司", "李四", "13812345602", "B", "孙志强"],
    ["余姚明达五金有限公司", "王五", "13812345603", "B", "孫志強"],
    ["奉化东升机械有限公司", "赵六", "13812345604", "C", "王海波"],
]


def _managed(cli, db, tmp_path, version: str | None) -> None:
    """Firms of 孙志强 stored under the spellings an older import kept (the cells as written)."""
    headers = ["企业名称", "联系人", "手机", "客户分类", "区域经理"]
    imported(cli, write_sheet(tmp_path, "managed.xlsx", headers, MANAGED))
    assert cli("target", "set", "2026", "100000").exit_code == 0
    assert cli("target", "set", "2026", "30000", "--manager", "孙志强").exit_code == 0
    con = connect(db)
    try:
        for name, *_rest, manager in MANAGED:
            con.execute("UPDATE companies SET manager = ? WHERE name = ?", (manager, name))
        con.execute(
            "INSERT INTO targets (period, dim, dim_value, amount, set_at) VALUES (?, ?, ?, ?, ?)",
            ("2026", "manager", "孙 志强", 20000, "2026-10-01"),
        )
        if version:
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    finally:
        con.close()


def _listed(cli, manager: str) -> set[str]:
    result = cli("list", "--manager", manager, "-f", "csv")
    assert result.exit_code == 0, result.output
    return {r["企业名称"] for r in csv.DictReader(io.StringIO(result.stdout))}


SUNS = {r[0] for r in MANAGED if r[4] != "王海波"}


def test_a_schema_7_workspaces_manager_spellings_are_folded_into_one_manager(cli, db, tmp_path):
    """Review r76 F9: 孙 志强 and 孫志強 stored by an older import are 孙志强 after the upgrade: every
    firm of the person in list and plan --manager, one manager, the split targets' lines added."""
    _managed(cli, db, tmp_path, "7")
    assert _listed(cli, "孙志强") == SUNS
    assert _listed(cli, "孙 志强") == SUNS
    plan = cli("plan", "--manager", "孙志强", "-f", "csv")
    assert plan.exit_code == 0, plan.output
    assert all(n in plan.stdout for n in SUNS), plan.stdout
    con = connect(db)
    try:
        managers = con.execute("SELECT DISTINCT manager FROM companies ORDER BY 1").fetchall()
        targets = con.execute("SELECT dim_value, amount FROM targets WHERE dim = 'manager'").fetchall()
    finally:
        con.close()
    assert managers == [("孙志强",), ("王海波",)]
    assert targets == [("孙志强", 50000)]


def test_a_schema_8_workspace_holding_both_spellings_scopes_all_of_them(cli, db, tmp_path):
    """A workspace already at schema 8 that stored the spellings as written: --manager takes the
    firms under every spelling that folds alike (review r76 F9)."""
    _managed(cli, db, tmp_path, None)
    assert _listed(cli, "孙志强") == SUNS
    assert _listed(cli, "孫志強") == SUNS
    assert _listed(cli, "王海波") == {"奉化东升机械有限公司"}
    plan = cli("plan", "--manager", "孙 志强", "-f", "csv")
    assert plan.exit_code == 0, plan.output
    assert all(n in plan.stdout for n in SUNS), plan.stdout
