"""Amount cells through `regiontool import`: a cell's own unit under a 金额(万元) header, negative
amounts as accounting systems print them, blank cells, and an order number repeated with its
product (review r11 items 1, 3, 5 and 14)."""

from __future__ import annotations

import json

from conftest import connect, write_orders, write_xlsx

WAN_HEADERS = ["客户名称", "订单日期", "产品", "数量", "金额（万元）", "订单编号"]
PAY_HEADERS = ["客户名称", "收款日期", "实收金额"]


def _problems(cli, code: str, lang: str = "zh") -> list[dict]:
    result = cli("problems", "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    key = "code" if lang == "en" else "代码"
    return [p for p in json.loads(result.output) if p[key] == code]


def test_a_cell_naming_its_currency_under_a_wan_header_is_not_scaled_and_is_said(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    rows = [
        ["宁波宏达五金厂", "2026-03-05", "ERP标准版", 1, 1.5, "W01"],  # bare: 1.5 万元
        ["宁波宏达五金厂", "2026-03-06", "ERP标准版", 1, "2", "W02"],  # bare text: 2 万元
        ["宁波宏达五金厂", "2026-03-07", "ERP标准版", 1, "¥3,000", "W03"],
        ["宁波宏达五金厂", "2026-03-08", "ERP标准版", 1, "RMB 1,000.00", "W04"],
        ["宁波宏达五金厂", "2026-03-09", "ERP标准版", 1, "500.00 CNY", "W05"],
        ["宁波宏达五金厂", "2026-03-10", "ERP标准版", 1, "0.5万元", "W06"],  # the header's own unit
    ]
    result = cli("import", write_orders(tmp_path / "wan.xlsx", rows, headers=WAN_HEADERS))
    assert result.exit_code == 0, result.output
    amounts = connect(db).execute("SELECT order_no, amount FROM orders ORDER BY order_no").fetchall()
    assert amounts == [
        ("W01", 15_000.0),
        ("W02", 20_000.0),
        ("W03", 3_000.0),
        ("W04", 1_000.0),
        ("W05", 500.0),
        ("W06", 5_000.0),
    ]
    said = _problems(cli, "own-unit")
    assert [(p["行"], p["值"]) for p in said] == [(4, "¥3,000"), (5, "RMB 1,000.00"), (6, "500.00 CNY")]
    assert "按 3,000.00 元计入" in said[0]["说明"] and "30,000,000.00" in said[0]["说明"]
    en = _problems(cli, "own-unit", "en")[0]["message"]
    assert "counted as 3,000.00 yuan" in en and "金额（万元）" in en


def test_negative_payments_as_erps_print_them_are_read(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    rows = [
        ["宁波宏达五金厂", "2026-03-05", "¥10,000.00"],
        ["宁波宏达五金厂", "2026-03-06", "-￥2,000.00"],
        ["宁波宏达五金厂", "2026-03-07", "500-"],
        ["宁波宏达五金厂", "2026-03-08", "\u2212300"],
        ["宁波宏达五金厂", "2026-03-09", "-¥100"],
    ]
    path = write_orders(tmp_path / "pay.xlsx", rows, headers=PAY_HEADERS)
    result = cli("import", path, "--kind", "payments", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rejected"] == 0
    total = connect(db).execute("SELECT SUM(amount) FROM payments").fetchone()[0]
    assert total == 10_000 - 2_000 - 500 - 300 - 100


def test_a_blank_amount_is_said_to_be_blank(cli, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    rows = [
        ["宁波宏达五金厂", "2026-03-05", "ERP标准版", 1, 100, "SO1"],
        ["宁波宏达五金厂", "2026-03-06", "ERP标准版", 1, None, "SO2"],
        ["宁波宏达五金厂", None, "ERP标准版", 1, 100, "SO3"],
    ]
    assert cli("import", write_orders(tmp_path / "o.xlsx", rows)).exit_code == 0
    assert [p["说明"] for p in _problems(cli, "bad-amount")] == ["宁波宏达五金厂：金额为空，整行拒收"]
    assert [p["说明"] for p in _problems(cli, "bad-date")] == ["宁波宏达五金厂：日期为空，整行拒收"]
    assert [p["message"] for p in _problems(cli, "bad-amount", "en")] == [
        "宁波宏达五金厂: the amount is blank; row rejected"
    ]


def test_an_order_number_repeated_with_its_product_is_kept_and_named(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    rows = [
        ["宁波宏达五金厂", "2025-03-05", "ERP标准版", 1, 20_000, "SO05"],
        ["宁波宏达五金厂", "2025-03-05", "实施服务", 1, 5_000, "SO05"],  # another product: a second line
        ["宁波宏达五金厂", "2025-03-06", "年度维护", 1, 1_000, "SO06"],
        ["宁波宏达五金厂", "2025-03-05", "ERP标准版", 1, 21_000, "SO05"],
    ]
    result = cli("import", write_orders(tmp_path / "o.xlsx", rows), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["orders"] == 4  # nothing dropped: the file may mean both
    said = _problems(cli, "duplicate-order")
    assert [(p["行"], p["值"]) for p in said] == [(5, "SO05")]
    assert "第 2、5 行" in said[0]["说明"] and "¥20,000.00 / ¥21,000.00" in said[0]["说明"]
    assert "ERP标准版" in said[0]["说明"]
    again = cli("import", write_orders(tmp_path / "o.xlsx", rows), "--json")
    assert json.loads(again.output)["orders_new"] == 0
    assert connect(db).execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 4


def _orders_workspace(cli, tmp_path) -> None:
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    rows = [
        ["宁波宏达五金厂", "2026-03-05", "ERP标准版", 1, 20_000, "SO1"],
        ["慈溪市华峰电器有限公司", "2026-04-05", "ERP标准版", 1, 35_000, "SO2"],
    ]
    assert cli("import", write_orders(tmp_path / "o.xlsx", rows)).exit_code == 0


def test_a_negative_target_is_refused_as_negative_not_as_an_option(cli, tmp_path):
    _orders_workspace(cli, tmp_path)
    for amount in ("-100", "-1万"):
        result = cli("target", "set", "2026", amount)
        assert result.exit_code == 2
        assert result.output.strip() == f"错误：目标金额不能为负数（“{amount}”）：请写 3,000,000 或 300万"
    en = cli("target", "set", "2026", "-100", "--manager", "李明", "--lang", "en")
    assert en.exit_code == 2 and "a target cannot be negative ('-100')" in en.output
    typo = cli("target", "set", "2026", "100000", "--mangaer", "李明")
    assert typo.exit_code == 2 and "没有选项 --mangaer" in typo.output and "--manager" in typo.output
    assert cli("target", "set", "2026", "3万").exit_code == 0


def test_the_top_share_message_says_zero_is_refused(cli, tmp_path):
    _orders_workspace(cli, tmp_path)
    for share in ("0", "100"):
        result = cli("sales", "--top-share", share)
        assert result.exit_code == 2 and "--top-share 要大于 0、小于 100" in result.output
    en = cli("sales", "--top-share", "0", "--lang", "en")
    assert "more than 0 and less than 100" in en.output


def test_rfm_money_cut_points_read_money_as_target_set_does(cli, tmp_path):
    _orders_workspace(cli, tmp_path)
    args = ("rfm", "--as-of", "2026-11-20", "-f", "json")
    plain = cli(*args, "--m-bins", "10000,20000,30000,40000")
    wan = cli(*args, "--m-bins", "1万,2万,3万,4万")
    assert wan.exit_code == 0, wan.output
    assert json.loads(wan.output)["cut_points"]["m"] == [10_000, 20_000, 30_000, 40_000]
    assert wan.output == plain.output
    bad = cli(*args, "--m-bins", "1万,x,3万,4万")
    assert bad.exit_code == 2 and "--m-bins" in bad.output
