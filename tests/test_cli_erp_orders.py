"""Orders as ERP and shop systems export them (用友 U8, 金蝶 K3, 管家婆, 电商后台): returns written
unsigned under a 单据类型, refunded orders, subtotal rows with dates, two-row merged headers and
the systems' own column names. Through the CLI on workbooks the tests write (review r37)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import connect, write_orders, write_xlsx
from regiontool import normalize, vocab
from regiontool.orders import line_kind

FIRM = "慈溪市华峰电器有限公司"  # in conftest's contact rows


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _lines(db, file: str) -> list[tuple]:
    sql = "SELECT source_row, customer, amount FROM orders WHERE source_file = ? ORDER BY source_row"
    return [tuple(r) for r in connect(db).execute(sql, (file,)).fetchall()]


def test_a_return_written_unsigned_under_its_type_counts_negative_and_is_no_order(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["单据类型", "单据编号", "日期", "购货单位", "产品名称", "金额"]
    rows = [
        ["销售订单", "SO1", "2026-11-03", FIRM, "K3 WISE", "1,200.00"],
        ["销售订单", "SO2", "2026-11-05", FIRM, "实施服务", "3,500.00"],
        ["销售退货", "TH1", "2026-11-12", FIRM, "K3 WISE", "600.00"],  # K3: the return unsigned
        ["销售退货单", "TH2", "2026-11-13", FIRM, "K3 WISE", "-100"],  # signed already: as it is
        ["红字销售发票", "TH3", "2026-11-14", FIRM, "K3 WISE", "50"],
    ]
    orders = write_orders(tmp_path / "k3.xlsx", rows, headers=headers)
    result = cli("import", orders)
    assert result.exit_code == 0, result.output
    assert f"{vocab.PROBLEMS['return-line'][0]} 2" in result.output  # the user sees the flip
    assert [a for _r, _c, a in _lines(db, "k3.xlsx")] == [1200, 3500, -600, -100, -50]
    rfm = _json(cli("rfm", "--as-of", "2026-11-27", "-f", "json"))
    mine = next(r for r in rfm["customers"] if r["企业名称"] == FIRM)
    assert (mine["最近下单"], mine["下单次数"], mine["累计金额"]) == ("2026-11-05", 2, 3950)
    problems = [p for p in _json(cli("problems", "-f", "json")) if p["文件"] == "k3.xlsx"]
    assert [p["行"] for p in problems if p["代码"] == "return-line"] == [4, 6]
    en = _json(cli("problems", "-f", "json", "--lang", "en"))
    assert any("a return: the amount 600.00 is counted as −600.00" in p["message"] for p in en)


def test_a_refunded_shop_order_counts_at_zero_and_a_pending_refund_stays_a_sale(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单号", "下单时间", "买家公司", "商品名称", "购买数量", "实付金额", "订单状态"]
    rows = [
        ["E1", "2026-11-03 14:22:01", FIRM, "商品0", 1, 800, "交易成功"],
        ["E2", "2026/11/04 09:01", FIRM, "商品0", 1, 900, "已退款"],
        ["E3", "2026-11-06 10:00:00", FIRM, "商品0", 1, 700, "退款中"],
        ["E4", "2026-11-07 10:00:00", FIRM, "商品0", 1, 600, "部分退款"],
    ]
    acc = _json(cli("import", write_orders(tmp_path / "shop.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"], acc["linked"]) == (4, 0, 4)
    assert [a for _r, _c, a in _lines(db, "shop.xlsx")] == [800, 0, 700, 600]
    problems = [p for p in _json(cli("problems", "-f", "json")) if p["文件"] == "shop.xlsx"]
    assert [(p["代码"], p["行"]) for p in problems if p["代码"] != "tier-not-v"] == [("refunded-order", 3)]


_STATUSES = [
    *((s, "return-line") for s in vocab.RETURN_STATUSES),
    *((s, "refunded-order") for s in vocab.REFUNDED_STATUSES),
    *((s, "closed-order") for s in vocab.CLOSED_STATUSES),
]
_SPACES = st.text(alphabet=" \t　", max_size=2)


@given(st.sampled_from(_STATUSES), _SPACES, _SPACES, st.booleans())
def test_a_status_as_the_whole_cell_says_what_it_is(status, before, after, upper):
    """销售退货单, 已退款, 交易关闭 …, whatever the spacing, width or case around them."""
    text, kind = status
    assert line_kind(before + (text.upper() if upper else text) + after) == kind


_AROUND = st.text(
    alphabet="销售订单据发票类型红蓝已未不无申请取消失败中ABCxyz 0-（），/", min_size=1, max_size=6
)


@given(st.sampled_from(_STATUSES), _AROUND, st.booleans())
def test_a_cell_saying_more_than_a_status_is_the_sale_it_is_listed_as(status, more, first):
    """Reviews r40-r42: word rules made sales negative or zero (未退款, 不支持退货, 交易成功，退款申请
    已取消). A cell that is not one status as a whole is a sale; a status beside other words too."""
    text, _kind = status
    combined = more + text if first else text + more
    if line_kind(combined) is not None:  # the words added folded away (spaces, brackets) or made another
        assert normalize.text_key(combined) in {normalize.text_key(s) for s, _k in _STATUSES}


def test_the_statuses_reviews_found_misread_are_sales():
    sales = ["未退款", "无退货", "退款失败", "退货被驳回", "退款关闭", "退货已取消", "拒绝退款", "不支持退货"]
    sales += ["退款失败，交易成功", "交易成功，退款申请已取消", "已完成，退货申请已取消", "未发生退款"]
    sales += [
        "退款：否",
        "退货：无",
        "已完成，无需退货",
        "退款中",
        "部分退款",
        "已关闭",
        "订单关闭",
        "普通销售",
    ]
    assert [line_kind(t) for t in sales] == [None] * len(sales)
    assert [line_kind(t) for t in ("销售退货单", "退货", "红字", "Return", "credit note")] == [
        "return-line"
    ] * 5
    assert [line_kind(t) for t in ("已退款", "退款成功", "Refunded")] == ["refunded-order"] * 3
    assert [line_kind(t) for t in ("交易关闭", "交易取消", "已取消", "已作废", "Cancelled")] == [
        "closed-order"
    ] * 5


def test_subtotal_rows_are_rejected_as_such_even_with_a_date(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单编号", "订单日期", "客户名称", "产品", "金额", "备注"]
    rows = [
        ["A1", "2026-11-03", FIRM, "U8", 1000, ""],
        ["A2", "2026-11-04", FIRM, "U8", 2000, ""],
        [None, "2026-11-04", FIRM, "小计", 3000, ""],  # 小计 under 产品, the group's date
        [None, "小计", FIRM, None, 3000, ""],  # under 日期: no bad date
        [None, "2026-11-04", FIRM, None, 3000, "小计"],  # under 备注
        ["", "2026-11-04", f"{FIRM}（小计）", None, 3000, ""],  # the name, then (小计)
        ["", "2026-11-04", f"{FIRM} 合计", None, 3000, ""],
        [None, None, f"{FIRM} 小计", None, 3000, None],  # U8: no date
    ]
    acc = _json(cli("import", write_orders(tmp_path / "sub.xlsx", rows, headers=headers), "--json"))
    assert (acc["rows_read"], acc["orders"], acc["rejected"], acc["unlinked"]) == (8, 2, 6, 0)
    assert [a for _r, _c, a in _lines(db, "sub.xlsx")] == [1000, 2000]
    problems = [p for p in _json(cli("problems", "-f", "json")) if p["文件"] == "sub.xlsx"]
    rejected = [p for p in problems if p["行"] > 3]
    assert [p["代码"] for p in rejected] == ["no-company"] * 6  # no bad-date, no unlinked-order
    assert all("是小计或合计行，不是订单" in p["说明"] for p in rejected)
    assert not any("regiontool link" in p["说明"] for p in problems)


def _two_row_header_orders(path: Path, top: list, sub: list, rows: list) -> Path:
    """An orders workbook under a title, with a merged group header over sub-headers; a top cell
    with None under it is merged down over both rows (客户), one followed by None is merged across."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("销售明细表")
    ws.write_string(0, 0, "销售明细表")
    for j, (head, low) in enumerate(zip(top, sub, strict=True)):
        if head and low is None:
            ws.merge_range(2, j, 3, j, head)
        elif head:
            span = next((k for k in range(j + 1, len(top)) if top[k] is not None), len(top)) - 1
            ws.merge_range(2, j, 2, span, head) if span > j else ws.write_string(2, j, head)
        if low is not None:
            ws.write_string(3, j, low)
    for i, row in enumerate(rows, start=4):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    wb.close()
    return path


U8_TOP = ["单据信息", None, "客户", "存货", None, "金额", None, "备注"]
U8_SUB = ["单据号", "单据日期", None, "存货名称", "数量", "含税单价", "价税合计", None]


def _u8_rows(extra: float = 0) -> list[list]:
    return [
        [f"XS{i}", f"2026-11-{i + 3:02d}", FIRM, "U8标准版", 1, "", 1000 + i + extra * (i == 1), ""]
        for i in range(4)
    ]


def test_a_two_row_merged_header_is_read_as_orders_without_kind_and_with_map(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    u8 = _two_row_header_orders(tmp_path / "u8.xlsx", U8_TOP, U8_SUB, _u8_rows())
    acc = _json(cli("import", u8, "--json", "--dry-run"))
    assert (acc["orders"], acc["linked"]) == (4, 4)
    mapped = cli("import", u8, "--map", "单据号=order_no", "--map", "客户=company")
    assert mapped.exit_code == 0, mapped.output
    assert "表头在第 3–4 行" in mapped.output
    assert "单据号 → 订单编号" in mapped.output and "客户 → 企业名称" in mapped.output
    assert len(_lines(db, "u8.xlsx")) == 4


def test_u8_column_names_give_the_order_number_so_a_corrected_line_updates(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    path = tmp_path / "u8.xlsx"
    cli("import", _two_row_header_orders(path, U8_TOP, U8_SUB, _u8_rows()))
    again = _json(cli("import", _two_row_header_orders(path, U8_TOP, U8_SUB, _u8_rows(500)), "--json"))
    assert (again["orders_new"], again["orders_updated"], again["orders_not_in_file"]) == (0, 1, 0)
    products = connect(db).execute("SELECT DISTINCT product, order_no FROM orders WHERE order_no = 'XS1'")
    assert products.fetchall() == [("U8标准版", "XS1")]


def test_a_guanjiapo_html_export_with_its_own_names_and_returns(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    lines = "".join(
        f"<tr><td>{t}</td><td>XS-{i}</td><td>2026-11-0{i + 3}</td><td>{FIRM}</td><td>辉煌版</td><td>1</td>"
        f"<td>{a:.2f}</td></tr>"
        for i, (t, a) in enumerate([("销售单", 1000), ("销售退货单", 300), ("销售单", 500)])
    )
    html = (
        '<html><head><meta charset="utf-8"></head><body><table>'
        '<tr><td colspan="7">销售单据明细</td></tr>'
        '<tr><td rowspan="2">单据类型</td><td colspan="2">单据</td><td rowspan="2">往来单位</td>'
        '<td colspan="3">商品</td></tr>'
        "<tr><td>单据编号</td><td>录单日期</td><td>商品名称</td><td>数量</td><td>金额</td></tr>"
        f"{lines}<tr><td>合计</td><td></td><td></td><td></td><td></td><td>3</td><td>1800.00</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "gjp.xls"
    path.write_text(html, encoding="utf-8")
    acc = _json(cli("import", path, "--json"))
    assert (acc["orders"], acc["rejected"], acc["linked"]) == (3, 1, 3)
    assert sum(a for _r, _c, a in _lines(db, "gjp.xls")) == 1200


def test_a_sheet_read_as_contacts_by_its_looks_is_refused_naming_kind_orders_not_a_kind_not_given(
    cli, tmp_path
):
    path = write_xlsx(tmp_path / "x.xlsx", ["企业名称", "行业", "金额"], [[FIRM, "电器", 100]], title=None)
    result = cli("import", path)
    assert result.exit_code == 1
    assert "--kind orders" in result.output and "--kind contacts" not in result.output
    forced = cli("import", path, "--kind", "contacts")
    assert "请去掉 --kind contacts" in forced.output


def _problems(cli, file: str) -> list[dict]:
    return [
        p for p in _json(cli("problems", "-f", "json")) if p["文件"] == file and p["代码"] != "tier-not-v"
    ]


def test_a_state_that_denies_a_return_and_a_note_that_begins_with_a_total_word_leave_a_sale(
    cli, db, tmp_path
):
    """review r40 #1, #2: 未退款, 退款失败 … are sales; 合计3箱 in 备注, Total 2000 as a product are no
    subtotal; 小计 alone under 产品 is one, filed under 产品's column."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单编号", "客户名称", "订单日期", "产品", "金额", "订单状态", "备注"]
    rows = [
        ["A1", FIRM, "2026-10-01", "电机", 1000, "未退款", ""],
        ["A2", FIRM, "2026-10-02", "电机", 2000, "退款失败，交易成功", ""],
        ["A3", FIRM, "2026-10-03", "电机", 3000, "退货被驳回", ""],
        ["A4", FIRM, "2026-10-04", "电机", 4000, "交易成功", "合计3箱"],
        ["A5", FIRM, "2026-10-05", "Total 2000", 5000, "交易成功", "共计2单一起发"],
        ["A6", FIRM, "2026-10-06", "电机", 6000, "已签收", "小计：含运费"],
        [None, FIRM, "2026-10-06", "小计", 21000, "", ""],
    ]
    acc = _json(cli("import", write_orders(tmp_path / "o.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (6, 1)
    assert [a for _r, _c, a in _lines(db, "o.xlsx")] == [1000, 2000, 3000, 4000, 5000, 6000]
    assert [(p["代码"], p["行"], p["列"], p["值"]) for p in _problems(cli, "o.xlsx")] == [
        ("no-company", 8, "D", "小计")
    ]


def test_a_payment_whose_note_begins_with_a_total_word_is_a_payment(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "回款日期", "回款金额", "备注"]
    rows = [[FIRM, "2026-10-01", 1000, "合计两张承兑"], [FIRM, "2026-10-02", 2000, "共计3笔货款一次付清"]]
    acc = _json(cli("import", write_xlsx(tmp_path / "pay.xlsx", headers, rows, title=None), "--json"))
    assert (acc["payments"], acc["rejected"]) == (2, 0)
    total = connect(db).execute("SELECT SUM(amount) FROM payments").fetchone()[0]
    assert total == 3000


def test_every_line_type_column_is_read_so_a_return_beside_a_sales_business_type_counts_negative(
    cli, db, tmp_path
):
    """review r40 #3: U8/T+ give 业务类型 普通销售 beside 单据类型 销售退货单, in either order."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    for name, headers in (
        ("u8a.xlsx", ["单据号", "单据日期", "业务类型", "单据类型", "往来单位", "价税合计"]),
        ("u8b.xlsx", ["单据号", "单据日期", "单据类型", "业务类型", "往来单位", "价税合计"]),
    ):
        kinds = [("普通销售", "销售出库单"), ("普通销售", "销售退货单")]
        if headers[2] == "单据类型":
            kinds = [(b, a) for a, b in kinds]
        rows = [
            [f"XS-{name}", "2026-10-01", *kinds[0], FIRM, 5000],
            [f"XT-{name}", "2026-10-05", *kinds[1], FIRM, 1000],
        ]
        result = cli("import", write_orders(tmp_path / name, rows, headers=headers))
        assert result.exit_code == 0, result.output
        assert "业务类型 → 类型/状态" in result.output and "单据类型 → 类型/状态" in result.output
        assert [a for _r, _c, a in _lines(db, name)] == [5000, -1000]
        column = "CD"[headers.index("单据类型") - 2]
        assert [(p["代码"], p["列"]) for p in _problems(cli, name)] == [("return-line", column)]


def test_a_customer_whose_only_order_was_refunded_is_not_asked_to_become_v(cli, db, tmp_path):
    """review r40 #5: a refunded order is counted at 0 and is no order, so no tier-not-v."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0  # FIRM is tier A
    headers = ["订单编号", "客户名称", "订单日期", "金额", "订单状态"]
    rows = [
        ["R1", FIRM, "2026-10-01", 1000, "已退款"],
        ["R2", "慈溪市永光五金工具有限公司", "2026-10-02", 2000, "交易成功"],
    ]
    assert cli("import", write_orders(tmp_path / "r.xlsx", rows, headers=headers)).exit_code == 0
    stale = [p["值"] for p in _json(cli("problems", "-f", "json")) if p["代码"] == "tier-not-v"]
    assert stale == ["慈溪市永光五金工具有限公司"]  # tier F1, a real order: still asked


def test_a_shop_export_counts_what_was_paid_and_a_closed_order_at_zero(cli, db, tmp_path):
    """review r40 #6: 实付金额 over 商品金额 (the list price) before it; 交易关闭 at 0, listed."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单编号", "买家公司", "下单时间", "商品名称", "商品金额", "运费", "实付金额", "订单状态"]
    rows = [
        ["T1", FIRM, "2026-10-01 12:34:56", "电机", 2000, 0, 1800, "交易成功"],
        ["T2", FIRM, "2026-10-03 09:00:00", "扳手", 3000, 0, 3000, "交易关闭"],
    ]
    result = cli("import", write_orders(tmp_path / "shop.xlsx", rows, headers=headers))
    assert result.exit_code == 0, result.output
    assert "实付金额 → 金额" in result.output
    assert [a for _r, _c, a in _lines(db, "shop.xlsx")] == [1800, 0]
    assert [(p["代码"], p["行"], p["列"]) for p in _problems(cli, "shop.xlsx")] == [("closed-order", 3, "H")]
    en = _json(cli("problems", "-f", "json", "--lang", "en"))
    assert any("closed or cancelled" in p["message"] and "counted as 0" in p["message"] for p in en)


def test_lines_review_r42_found_dropped_or_misread_count_as_sales(cli, db, tmp_path):
    """Review r42: a product of the TOTAL brand, a note starting 小计：/合计（…） under 备注1, 备注（客服）,
    摘要 or 买家留言, a status that cancels a refund request, and a B2B ledger's 实付款 (paid so far)
    beside its 金额: every line counts as the sale it is, at its 金额."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单编号", "日期", "客户名称", "产品", "金额", "实付款", "订单状态", "备注1", "摘要"]
    rows = [
        ["A1", "2026-11-03", FIRM, "TOTAL（道达尔）快驰5W-40 4L", 1000, 1000, "已完成", "", ""],
        ["A2", "2026-11-04", FIRM, "Total(道达尔) 机油 1L", 2000, 0, "交易成功，退款申请已取消", "", ""],
        ["A3", "2026-11-05", FIRM, "轴承", 3000, 1500, "已完成，退货申请已取消", "小计：含运费", ""],
        ["A4", "2026-11-06", FIRM, "阀门", 4000, "", "不支持退货", "", "合计（3箱）一起发"],
        ["A5", "2026-11-07", FIRM, "小计（3单）", 9000, "", "", "", ""],  # a real subtotal: rejected
    ]
    acc = _json(cli("import", write_orders(tmp_path / "r42.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (4, 1)
    assert [a for _r, _c, a in _lines(db, "r42.xlsx")] == [1000, 2000, 3000, 4000]
