"""A line of 0 yuan is neither a purchase nor a refund (review r18 #2; store.orders.ZERO): `rfm` and
`sales` agree that it buys nothing — no last order, no order line, no buyer — and both say so in
their notes, where rfm called it a refund and sales counted it as a purchase."""

from __future__ import annotations

import datetime as dt
import json

from conftest import write_orders, write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "手机", "区域经理"]
D = dt.date
ZERO_FIRM, BUYER, REFUNDER = "慈溪市丁四模具有限公司", "慈溪市甲一电器有限公司", "慈溪市丙三塑料有限公司"


def _workspace(cli, tmp_path):
    contacts = [
        [n, "浙江省慈溪市长河镇4号", "张四", "13800000004", "王海波"] for n in (ZERO_FIRM, BUYER, REFUNDER)
    ]
    orders = [
        [ZERO_FIRM, D(2025, 1, 1), "ERP", 1, 1_000, "SO5"],
        [ZERO_FIRM, D(2026, 9, 1), "ERP", 1, 0, "SO6"],  # a free line: no purchase, no refund
        [BUYER, D(2026, 3, 10), "ERP", 1, 20_000, "SO2"],
        [BUYER, D(2026, 6, 10), "ERP", 1, 5_000, "SO3"],
        [REFUNDER, D(2025, 12, 1), "ERP", 1, 800, "SO7"],
        [REFUNDER, D(2026, 5, 1), "ERP", 1, -300, "RF2"],  # a refund: in 2026 only this
    ]
    result = cli(
        "import",
        write_xlsx(tmp_path / "c.xlsx", HEADERS, contacts, title=None),
        write_orders(tmp_path / "o.xlsx", orders),
    )
    assert result.exit_code == 0, result.output


def _json(cli, *args):
    result = cli(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_rfm_and_sales_agree_a_zero_line_is_no_purchase(cli, tmp_path):
    _workspace(cli, tmp_path)
    rfm = _json(cli, "rfm", "--as-of", "2026-11-20")
    zero = next(c for c in rfm["customers"] if c["企业名称"] == ZERO_FIRM)
    assert (zero["最近下单"], zero["下单次数"], zero["累计金额"]) == ("2025-01-01", 1, 1000)
    assert "1 条 0 元的订单行既不是购买也不是退款，不算下单，未计入" in rfm["notes"]

    # 2026: the zero line is the firm's only line. rfm has nothing to score and calls it no refund;
    # sales counts it nowhere: the same buyer, and one refund, in both.
    rfm_2026 = _json(cli, "rfm", "--as-of", "2026-11-20", "--since", "2026-01-01")
    assert {c["企业名称"] for c in rfm_2026["customers"]} == {BUYER}
    assert any("1 个客户在此期间只有退款（-300 元）" in n for n in rfm_2026["notes"])  # 丙三, not 丁四
    sales = _json(cli, "sales", "--year", "2026", "--as-of", "2026-11-20")
    assert [c["客户"] for c in sales["customers"]] == [BUYER]
    product = {r["产品"]: r for r in sales["product"]}
    # 甲一's 2 purchases; 丙三's refund is in the amount, no order line nor buyer, as in rfm (review r68 F8)
    assert (product["总计"]["客户数"], product["总计"]["订单行数"]) == (1, 2)
    town = {r["镇街"]: r for r in sales["town"]}
    assert (town["长河镇"]["客户数"], town["长河镇"]["订单行数"]) == (1, 2)
    assert "1 条退款行（负数）计入金额，不计入客户数和订单行数" in sales["notes"]
    assert "1 个客户净销售额不为正（退款），未参与排名" in sales["notes"]  # 丙三 alone
    assert "1 条 0 元的订单行既不是购买也不是退款，未计入客户数和订单行数" in sales["notes"]

    english = _json(cli, "sales", "--year", "2026", "--as-of", "2026-11-20", "--lang", "en")
    assert "1 order line of 0 yuan is neither a purchase nor a refund" in " ".join(english["notes"])
