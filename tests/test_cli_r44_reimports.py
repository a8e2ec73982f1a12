"""A manager's money files over months, imported again and again (review r44) — through the CLI on
generated workbooks: a file imported before changes nothing (F1); a contact list that links orders
clears the unlinked-order problems of every file, and `link` will not move a firm's own orders (F2);
a correction in an overlapping export of another name is said (conflicting-line) and
`import --replace-period` makes the export the truth for its dates (F3)."""

from __future__ import annotations

import itertools
import json
import shutil

import pytest

from conftest import connect, dump, write_orders, write_xlsx

A, B, C, D, N = (
    "富兴汽车部件厂",
    "宁波德达建材厂",
    "宁波市博强汽车部件厂",
    "慈溪市恒龙卫浴厂",
    "慈溪市新测精密机械厂",
)
# (customer, date, product, quantity, amount, order number), the reviewer's lines
L = {
    1: [A, "2027-01-10", "ERP标准版", 2, 10_000, "SO27001"],
    2: [B, "2027-01-20", "实施服务", 5, 5_000, "SO27002"],
    3: [C, "2027-02-05", "ERP标准版", 4, 20_000, "SO27003"],
    4: [A, "2027-02-15", "实施服务", 3, 3_000, "SO27004"],
    5: [D, "2027-03-03", "ERP标准版", 2, 8_000, "SO27005"],
    6: [N, "2027-03-20", "ERP标准版", 3, 12_000, "SO27006"],
    91: [D, "2027-03-12", "耗材", 1, 500, "SO27009"],
    92: [D, "2027-03-12", "耗材", 1, 500, "SO27010"],
    7: [B, "2027-04-08", "ERP标准版", 3, 15_000, "SO27007"],
    8: [C, "2027-04-22", "实施服务", 4, 4_000, "SO27008"],
}
FIX4 = {4: [A, "2027-02-15", "实施服务", 3, 3_300, "SO27004"]}  # the ERP corrected 3000 → 3300
FIX8 = FIX4 | {8: [D, "2027-04-22", "实施服务", 4, 4_000, "SO27008"]}  # and moved the line C → D
TRUE_SALES = {A: 13_300, B: 20_000, C: 20_000, D: 13_000, N: 12_000}  # ¥78,300, the reviewer's hand figures
PAY_HEADERS = ["客户名称", "回款日期", "回款金额", "订单编号"]
P = [[A, "2027-02-01", 10_000, "SO27001"], [B, "2027-02-20", 5_000, "SO27002"]]
P += [[C, "2027-03-10", 20_000, "SO27003"], [C, "2027-03-10", 2_000, "SO27008"]]
P2 = P[1:3] + [[C, "2027-03-10", 2_200, "SO27008"], [B, "2027-04-15", 15_000, "SO27007"]]


def _contacts(path, names=(A, B, C, D)):
    address = "浙江省宁波市慈溪市周巷镇工业路8号"
    rows = [
        [i, n, address, "张伟", f"1380000{i:04d}", "王海波", "V", "是", None] for i, n in enumerate(names, 1)
    ]
    return write_xlsx(path, rows=rows)


def _exports(tmp_path, numbered: bool = True) -> list:
    """The reviewer's three overlapping exports: Jan–Mar, Feb–Apr (4 corrected), Mar–Apr (8 moved)."""
    width = 6 if numbered else 5
    headers = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"][:width]
    files = []
    for name, keys, fix in (
        ("订单_2027Q1.xlsx", [1, 2, 3, 4, 91, 92, 5, 6], {}),
        ("订单_0201-0430.xlsx", [3, 4, 91, 92, 5, 6, 7, 8], FIX4),
        ("订单_0301-0430.xlsx", [91, 92, 5, 6, 7, 8], FIX8),
    ):
        rows = [fix.get(k, L[k])[:width] for k in keys]
        files.append(write_orders(tmp_path / name, rows, headers=headers))
    return files


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sales(cli) -> dict[str, float]:
    out = _json(cli("sales", "--year", "2027", "--as-of", "2027-04-30", "--by", "customers", "-f", "json"))
    return {c["客户"]: c["金额"] for c in out["customers"]}


def _problems(cli, *codes: str) -> list[dict]:
    return [p for p in _json(cli("problems", "--format", "json", "--lang", "en")) if p["code"] in codes]


# --- F1: a file imported before changes nothing ------------------------------------------------


def test_an_older_export_imported_again_keeps_the_later_correction_in_any_order(cli, db, tmp_path):
    assert cli("import", _contacts(tmp_path / "c.xlsx")).exit_code == 0
    files = _exports(tmp_path)
    for f in files:
        assert cli("import", f).exit_code == 0
    con = connect(db)
    assert con.execute("SELECT amount FROM orders WHERE order_no = 'SO27004'").fetchone()[0] == 3_300
    before, sales = dump(db), _sales(cli)
    assert sales[D] == 13_000 and sales[C] == 20_000  # 8 moved to D by the third file
    for order in itertools.permutations(files):  # the whole folder again, in any order
        out = cli("import", *order)
        assert out.exit_code == 0, out.output
        assert dump(db)["orders"] == before["orders"] and _sales(cli) == sales
    old = cli("import", files[0])
    assert old.exit_code == 0, old.output
    assert (
        "此文件已导入过（导入记录 #" in old.stdout
        and "订单_2027Q1.xlsx；内容相同）：不再以它新增或改动任何数据" in old.stdout
    )
    assert "读取 8 行 → 订单 8 条（新增 0，更新 0，已有 8）" in old.stdout  # every row accounted for
    assert "其中 1 条订单行此后已被其他导入更改或被 --replace 删除，保持现状" in old.stdout  # 3000 → 3300
    acc = _json(cli("import", files[0], "--json", "--lang", "en"))
    assert (acc["orders_new"], acc["orders_updated"], acc["orders_unchanged"]) == (0, 0, 8)
    assert acc["imported_before"] >= 2 and acc["kept_since"] == 1
    en = cli("import", files[0], "--lang", "en")
    assert "this file was imported before (import #" in en.stdout
    assert "; 1 order line of it was changed since by another import or removed by --replace" in en.stdout
    assert con.execute("SELECT amount FROM orders WHERE order_no = 'SO27004'").fetchone()[0] == 3_300
    con.close()


def test_a_file_saved_again_with_other_bytes_is_the_newest(cli, db, tmp_path):
    """The rule's other half: a file whose bytes differ (saved again, even unchanged) is taken as now."""
    assert cli("import", _contacts(tmp_path / "c.xlsx")).exit_code == 0
    q1, feb, _ = _exports(tmp_path)
    assert cli("import", q1, feb).exit_code == 0
    again = tmp_path / "again"
    again.mkdir()
    resaved = write_orders(again / q1.name, [L[k] for k in (1, 2, 3, 4, 91, 92, 5, 6)])
    resaved.write_bytes(resaved.read_bytes() + b"\0")  # other bytes, the same cells
    out = cli("import", resaved)
    assert out.exit_code == 0, out.output
    assert "已导入过" not in out.stdout and "更新 1" in out.stdout
    assert connect(db).execute("SELECT amount FROM orders WHERE order_no = 'SO27004'").fetchone()[0] == 3_000


def test_a_payments_file_imported_before_does_not_bring_back_what_replace_removed(cli, db, tmp_path):
    assert cli("import", _contacts(tmp_path / "c.xlsx")).exit_code == 0
    first = write_orders(tmp_path / "回款.xlsx", P, headers=PAY_HEADERS)
    keep = shutil.copy(first, tmp_path / "回款_备份.xlsx")
    assert cli("import", first).exit_code == 0
    fixed = write_orders(tmp_path / "回款.xlsx", P[:3], headers=PAY_HEADERS)  # the 2,000 deleted
    assert cli("import", fixed, "--replace").exit_code == 0
    assert connect(db).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 3
    out = cli("import", keep)  # the first version's bytes, under another name
    assert out.exit_code == 0, out.output
    assert (
        "此文件已导入过" in out.stdout
        and "其中 1 笔回款此后已被其他导入更改或被 --replace 删除" in out.stdout
    )
    assert connect(db).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 3


def test_a_contact_list_imported_before_keeps_a_later_list_and_set(cli, db, tmp_path):
    first = _contacts(tmp_path / "c1.xlsx", names=[A])
    rows = [[1, A, "浙江省宁波市慈溪市周巷镇工业路8号", "张伟", "13800000001", "王海波", "B", "是", None]]
    assert cli("import", first).exit_code == 0
    assert cli("import", write_xlsx(tmp_path / "c2.xlsx", rows=rows)).exit_code == 0
    assert cli("set", A, "--industry", "模具").exit_code == 0
    before = dump(db)
    out = cli("import", first)
    assert out.exit_code == 0, out.output
    assert "此文件已导入过（导入记录 #1，" in out.stdout
    assert "1 家企业（新增 0，更新 0，未变 1）" in out.stdout
    assert "其中 1 家企业此后已被其他导入或 regiontool set 更改，保持现状" in out.stdout
    assert dump(db) == before
    explained = cli("explain", A, "-f", "json")
    assert explained.exit_code == 0 and '"B"' in explained.stdout and "模具" in explained.stdout


# --- F2: linked orders lose every file's unlinked-order problem; link keeps a firm's own --------


@pytest.mark.parametrize("numbered", [True, False])
def test_a_contact_list_clears_the_unlinked_problems_of_every_file(cli, db, tmp_path, numbered):
    assert cli("import", _contacts(tmp_path / "c.xlsx")).exit_code == 0
    files = _exports(tmp_path, numbered)
    assert cli("import", *files).exit_code == 0
    assert {p["file"] for p in _problems(cli, "unlinked-order")} == {f.name for f in files}
    assert cli("import", _contacts(tmp_path / "n.xlsx", names=[N])).exit_code == 0
    assert _problems(cli, "unlinked-order") == []
    status = _json(cli("status", "--format", "json"))
    assert status["problems"] == len(_json(cli("problems", "--format", "json")))


def test_link_refuses_to_move_the_orders_of_a_firm_of_that_exact_name(cli, db, tmp_path):
    assert (
        cli("import", _contacts(tmp_path / "c.xlsx", names=[A, B, C, D, N, "慈溪市博通精密机械厂"])).exit_code
        == 0
    )
    assert cli("import", *_exports(tmp_path)[:2]).exit_code == 0
    before = dump(db)
    out = cli("link", N, "慈溪市博通精密机械厂")
    assert out.exit_code == 1 and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1
    assert f"“{N}”就是企业 {N}" in out.output and "请加 --force" in out.output
    assert dump(db) == before
    en = cli("link", A, B, "--dry-run", "--lang", "en")
    assert en.exit_code == 1 and f"'{A}' is the name of the company {A}" in en.output
    assert "add --force" in en.output
    forced = cli("link", N, "慈溪市博通精密机械厂", "--force")
    assert forced.exit_code == 0, forced.output
    sql = "SELECT c.name FROM orders o JOIN companies c ON c.id = o.company_id WHERE o.order_no = 'SO27006'"
    assert connect(db).execute(sql).fetchone()[0] == "慈溪市博通精密机械厂"


# --- F3: a correction in an overlapping export of another name ----------------------------------


@pytest.mark.parametrize("numbered", [True, False])
def test_corrections_in_overlapping_exports_are_said_and_replace_period_gives_the_true_figures(
    cli, db, tmp_path, numbered
):
    assert cli("import", _contacts(tmp_path / "c.xlsx", names=[A, B, C, D, N])).exit_code == 0
    files = _exports(tmp_path, numbered)
    assert cli("import", *files).exit_code == 0
    pays = [
        write_orders(tmp_path / n, r, headers=PAY_HEADERS)
        for n, r in (("回款_Q1.xlsx", P), ("回款_2.xlsx", P2))
    ]
    assert cli("import", *pays).exit_code == 0
    said = sorted(_problems(cli, "conflicting-line"), key=lambda p: (p["file"].startswith("回款"), p["file"]))
    if numbered:  # a number identifies the line: the corrections updated it, nothing to say of orders
        assert _sales(cli) == TRUE_SALES
        assert [p["file"] for p in said] == ["回款_2.xlsx"]
    else:
        assert sum(_sales(cli).values()) == 78_300 + 3_000 + 4_000  # both 3000 and 3300, C's 4000 too
        assert [(p["file"], p["row"]) for p in said] == [
            ("订单_0201-0430.xlsx", 3),
            ("订单_0301-0430.xlsx", 7),
            ("回款_2.xlsx", 4),
        ]
        assert (
            f"order line 实施服务 · 2027-02-15 · ¥3,300.00 has the date of {A}'s 实施服务 · 2027-02-15 · ¥3,000.00"
            in said[0]["message"]
        )
        assert "on row 5 of 订单_2027Q1.xlsx but another amount" in said[0]["message"]
        assert "regiontool import 订单_0201-0430.xlsx --replace-period" in said[0]["message"]
        assert (
            f"{C}'s 实施服务 · 2027-04-22 · ¥4,000.00 on row 9 of 订单_0201-0430.xlsx but another customer"
            in said[1]["message"]
        )
    assert (
        "SO27008 · 2027-03-10 · ¥2,000.00 on row 5 of 回款_Q1.xlsx but another amount" in said[-1]["message"]
    )

    before = dump(db)
    dry = cli("import", files[1], "--replace-period", "--dry-run")
    assert dry.exit_code == 0 and dump(db) == before
    if not numbered:
        assert (
            "将删除本文件日期范围（2027-02-05 至 2027-04-22）内此前导入、本文件没有的 1 条订单行"
            in dry.stdout
        )
        assert f"将删除 {A}：实施服务 · 2027-02-15 · ¥3,000.00 · 订单_2027Q1.xlsx（原第 5 行）" in dry.stdout

    done = cli("import", *files[1:], pays[1], "--replace-period")
    assert done.exit_code == 0, done.output
    assert _sales(cli) == TRUE_SALES  # ¥78,300
    assert _problems(cli, "conflicting-line") == []
    owed = _json(cli("receivables", "--as-of", "2027-04-30", "--table", "receivables", "-f", "json"))
    rows = {r["客户"]: r for r in owed["receivables"]}
    assert rows[A]["应收余额"] == 3_300
    assert (rows[C]["已回款"], rows[C]["预收(多付)"]) == (22_200, 2_200)
    history = _json(cli("history", C, "-f", "json"))
    assert any(h["原值"] == "SO27008 · 2027-03-10 · ¥2,000.00 · 回款_Q1.xlsx" for h in history)
    again = cli("import", *files, *pays)  # the folder again: nothing comes back
    assert again.exit_code == 0 and _sales(cli) == TRUE_SALES


def test_a_product_corrected_under_its_order_number_is_said(cli, db, tmp_path):
    assert cli("import", _contacts(tmp_path / "c.xlsx", names=[A, B, C, D, N])).exit_code == 0
    assert cli("import", _exports(tmp_path)[0]).exit_code == 0
    fixed = [[D, "2027-03-03", "ERP专业版", 2, 8_000, "SO27005"], L[7]]
    prod = write_orders(tmp_path / "prod.xlsx", fixed)
    assert cli("import", prod).exit_code == 0
    assert _sales(cli)[D] == 8_000 + 1_000 + 8_000  # both products counted
    [said] = _problems(cli, "conflicting-line")
    assert (said["file"], said["row"], said["value"]) == ("prod.xlsx", 2, "SO27005")
    assert (
        "SO27005 · ERP标准版 · 2027-03-03 · ¥8,000.00 on row 8 of 订单_2027Q1.xlsx but another product"
        in said["message"]
    )
    dry = cli(
        "import", prod, "--replace-period", "--dry-run", "--lang", "en"
    )  # a partial export: all of its dates go
    assert dry.exit_code == 0
    assert (
        "4 order lines imported before, dated within this file's dates (2027-03-03 to 2027-04-08)"
        in dry.stdout
    )
