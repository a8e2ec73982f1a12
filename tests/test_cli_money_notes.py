"""The notes of receivables and rfm: money as the workbook shows it (whole yuan, half up), the
unlinked payments of the as-of window only, and English counts in the number they take."""

from __future__ import annotations

import datetime as dt
import json

import xlsxwriter

from conftest import write_orders, write_xlsx

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂", "金鑫塑料制品有限公司"]


def _json(cli, *args):
    r = cli(*args, "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _receivables(tmp_path, cli):
    """Linked orders and payments; an unlinked customer's payment in the window (5,000.5) and two
    after 2026-11-20 (one of another unlinked customer); one linked payment after 2026-11-20."""
    write_xlsx(tmp_path / "c.xlsx")
    orders = [
        [NAMES[0], dt.date(2026, 10, 10), "ERP", 1, 200_000, "A1"],
        [NAMES[1], dt.date(2026, 11, 2), "服务", 1, 50_000, "A2"],
    ]
    write_orders(tmp_path / "o.xlsx", orders)
    wb = xlsxwriter.Workbook(str(tmp_path / "p.xlsx"))
    ws = wb.add_worksheet("回款")
    rows = [
        ("客户名称", "回款日期", "回款金额"),
        (NAMES[0], "2026-10-20", 150_000),
        ("无名公司", "2026-01-05", 5_000.5),  # unlinked, in the window
        ("无名公司", "2026-12-03", 1_000),  # unlinked, after --as-of 2026-11-20
        ("另一家无名公司", "2026-12-04", 2_000),  # unlinked, after
        (NAMES[1], "2026-12-01", 15_000),  # linked, after
    ]
    for i, row in enumerate(rows):
        ws.write_row(i, 0, row)
    wb.close()
    r = cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx", tmp_path / "p.xlsx")
    assert r.exit_code == 0, r.output


def test_the_unlinked_payments_note_counts_the_payments_up_to_the_as_of_day(tmp_path, cli):
    _receivables(tmp_path, cli)
    zh = cli("receivables", "--as-of", "2026-11-20")
    assert zh.exit_code == 0, zh.output
    assert "1 笔回款（¥5,001，1 个客户）未关联企业，未计入：见 regiontool problems" in zh.output
    notes = _json(cli, "receivables", "--as-of", "2026-11-20")["notes"]
    assert (
        "1 payment (¥5,001) of 1 customer is not linked to a company and was left out: "
        "see regiontool problems" in notes
    )
    assert "1 payment (¥15,000) dated after 2026-11-20 was left out" in notes
    # all three unlinked payments are dated by 2027-01-31
    later = _json(cli, "receivables", "--as-of", "2027-01-31")["notes"]
    assert (
        "3 payments (¥8,001) of 2 customers are not linked to a company and were left out: "
        "see regiontool problems" in later
    )
    # before the first of them: no line at all
    early = _json(cli, "receivables", "--as-of", "2026-01-04")["notes"]
    assert not any("not linked" in line for line in early)


def test_receivables_notes_in_english_take_the_number_of_their_count(tmp_path, cli):
    _receivables(tmp_path, cli)
    more = [
        ["杭州未知贸易有限公司", dt.date(2026, 9, 1), "ERP", 1, 8_000, "U1"],
        ["宁波未知贸易有限公司", dt.date(2026, 9, 2), "ERP", 1, 2_000, "U2"],
        [NAMES[0], dt.date(2026, 12, 5), "ERP", 1, 7_000, "C1"],
    ]
    r = cli("import", write_orders(tmp_path / "o2.xlsx", more))
    assert r.exit_code == 0, r.output
    notes = _json(cli, "receivables", "--as-of", "2026-11-20")["notes"]
    assert (
        "2 order lines (¥10,000) of 2 customers are not linked to a company and were left out: "
        "see regiontool problems" in notes
    )
    assert "1 order line (¥7,000) dated after 2026-11-20 was left out" in notes
    one = _json(cli, "receivables", "--as-of", "2026-09-01")["notes"]
    assert (
        "1 order line (¥8,000) of 1 customer is not linked to a company and was left out: "
        "see regiontool problems" in one
    )
    assert "3 order lines (¥257,000) dated after 2026-09-01 were left out" in one


def test_receivables_say_which_settled_customers_the_table_and_its_total_leave_out(tmp_path, cli):
    """review r33 LOW-2: the 合计 is of the customers owing or in credit; those settled in full are
    counted in a note, with their sales, in the terminal, the JSON and the 应收账款 sheet."""
    import openpyxl

    _receivables(tmp_path, cli)
    settled = [
        [NAMES[2], dt.date(2026, 9, 1), "ERP", 1, 30_000, "S1"],
        [NAMES[2], dt.date(2026, 9, 9), "服务", 1, 4_500, "S2"],
    ]
    wb = xlsxwriter.Workbook(str(tmp_path / "p2.xlsx"))
    sheet = wb.add_worksheet("回款")
    for i, row in enumerate([("客户名称", "回款日期", "回款金额"), (NAMES[2], "2026-10-01", 34_500)]):
        sheet.write_row(i, 0, row)
    wb.close()
    r = cli("import", write_orders(tmp_path / "o3.xlsx", settled), tmp_path / "p2.xlsx")
    assert r.exit_code == 0, r.output
    data = _json(cli, "receivables", "--as-of", "2026-11-20")
    total = data["receivables"][-1]
    assert total["billed"] == 250_000  # 华峰 and 宏达 only
    assert (
        "1 customer settled in full (¥34,500 of sales, all collected) is not listed in the receivables"
        in (" ".join(data["notes"]))
    )
    zh = cli("receivables", "--as-of", "2026-11-20")
    assert "1 个客户已结清（销售额 ¥34,500，已全部回款），未列入应收账款表，也不在其合计中" in zh.output
    out = tmp_path / "r.xlsx"
    assert cli("receivables", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    cells = [c for row in openpyxl.load_workbook(out)["应收账款"].values for c in row if isinstance(c, str)]
    assert any("1 个客户已结清" in c for c in cells)


def _rfm(tmp_path, cli):
    """华峰 1,000 and 宏达 2,001 in 2026 (the volume split is their median, 1,500.5); 金鑫 an order in
    2024 and a refund of 1,000.5 in 2026: only a refund in a window from 2026-01-01."""
    cli("import", write_xlsx(tmp_path / "contacts.xlsx"))
    rows = [
        [NAMES[0], "2026-03-01", "ERP", 1, 1_000, "O1"],
        [NAMES[1], "2026-04-01", "ERP", 1, 2_001, "O2"],
        [NAMES[2], "2024-01-10", "ERP", 1, 10_000, "O3"],
        [NAMES[2], "2026-05-01", "ERP", 1, -1_000.5, "R1"],
    ]
    r = cli("import", write_orders(tmp_path / "orders.xlsx", rows))
    assert r.exit_code == 0, r.output


def test_rfm_shows_money_in_its_notes_and_the_volume_split_exactly(tmp_path, cli):
    _rfm(tmp_path, cli)
    zh = cli("rfm", "--as-of", "2026-11-20", "--since", "2026-01-01")
    assert zh.exit_code == 0, zh.output
    assert "1 个客户在此期间只有退款（-1,001 元），没有订单可评分，未计入" in zh.output
    volume = next(line for line in zh.output.splitlines() if "规模分界" in line)
    assert "1,500.5" in volume, volume  # the split that decides (review r18 #1), not 1,501 or 1,500
    en = _json(cli, "rfm", "--as-of", "2026-11-20", "--since", "2026-01-01")
    assert (
        "1 customer with only refunds in the window (-1,001 yuan) has no order to score and was left out"
        in en["notes"]
    )
    assert en["notes"][0] == "2 customers, orders from 2026-01-01 up to 2026-11-20"
    assert en["volume_split"] == 1500.5  # in the JSON too, as the README lists it
    assert (
        _json(cli, "rfm", "--as-of", "2026-03-31", "--since", "2026-01-01")["notes"][0]
        == "1 customer, orders from 2026-01-01 up to 2026-03-31"
    )
