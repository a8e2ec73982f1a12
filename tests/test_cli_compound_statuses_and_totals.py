"""Compound order statuses shop systems write whole (已退款未退货, 仅退款, 退货退款 …) are refunds, while
the statuses that deny one stay sales; a subtotal that counts its lines (小计 3 单, 合计 12 件) is no
order, a product that only begins with a total word (小计本, 合计五金) is; a firm whose name begins with
a total word (合计(宁波)五金厂) is a firm, not a total row. Through the CLI on workbooks the tests
write, with hypothesis over generated names and cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_cli_erp_orders import _json, _lines

from conftest import HEADERS, contact_rows, write_orders, write_xlsx
from regiontool import vocab
from regiontool.orders import line_kind
from regiontool.records import line_total_rows, total_rows

FIRM = "慈溪市华峰电器有限公司"  # in conftest's contact rows

REFUNDED = ["已退款未退货", "已退款已退货", "退款成功", "退货退款成功", "已退货退款"]
STILL_SALES = [
    "仅退款",  # an after-sale type, the request: not how it ended (review r48 D5)
    "仅退款不退货",
    "退货退款",
    "交易成功，退款申请已取消",
    "不支持退货",
    "退款：否",
    "未退款",
    "退款失败",
    "退款关闭",
    "退货被驳回",
]


def _problems(cli, file: str) -> list[dict]:
    return [p for p in _json(cli("problems", "-f", "json")) if p["文件"] == file]


def test_compound_refund_statuses_count_at_zero_and_denials_stay_sales(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单号", "下单时间", "买家公司", "商品名称", "实付金额", "订单状态"]
    statuses = REFUNDED + STILL_SALES + ["交易被淘宝关闭"]
    rows = [[f"E{i}", f"2026-11-{i + 1:02d}", FIRM, "商品", 100 * (i + 1), s] for i, s in enumerate(statuses)]
    acc = _json(cli("import", write_orders(tmp_path / "shop.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (len(statuses), 0)
    amounts = [a for _r, _c, a in _lines(db, "shop.xlsx")]
    sales = range(len(REFUNDED), len(REFUNDED) + len(STILL_SALES))
    assert amounts == [0] * len(REFUNDED) + [100 * (i + 1) for i in sales] + [0]
    codes = [(p["代码"], p["值"]) for p in _problems(cli, "shop.xlsx") if p["代码"] != "tier-not-v"]
    assert codes == [("refunded-order", s) for s in REFUNDED] + [("closed-order", "交易被淘宝关闭")]
    en = _json(cli("problems", "-f", "json", "--lang", "en"))
    assert any("refunded" in p["message"] and "已退款已退货" in p["message"] for p in en)


def test_an_after_sale_type_is_no_refund_beside_an_after_sale_that_closed(cli, db, tmp_path):
    """Review r48 D5: 仅退款 / 退货退款 name the request; with 售后状态 退款关闭 the line is the sale."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["订单编号", "买家公司", "下单时间", "商品名称", "实付金额", "订单状态", "售后状态"]
    rows = [
        [f"T{i}", FIRM, f"2026-10-0{i}", "开关", 3000, s, "退款关闭"]
        for i, s in enumerate(STILL_SALES[:3], 1)
    ]
    acc = _json(cli("import", write_orders(tmp_path / "t.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (3, 0)
    assert [a for _r, _c, a in _lines(db, "t.xlsx")] == [3000] * 3
    assert not [p for p in _problems(cli, "t.xlsx") if p["代码"] == "refunded-order"]


def test_the_statuses_that_deny_a_refund_are_no_status_of_the_lists():
    assert [line_kind(t) for t in STILL_SALES] == [None] * len(STILL_SALES)
    assert [line_kind(t) for t in REFUNDED] == ["refunded-order"] * len(REFUNDED)


def test_a_subtotal_counting_its_lines_is_no_order_and_a_product_beginning_with_a_total_word_is(
    cli, db, tmp_path
):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "产品", "金额", "备注"]
    products = ["小计本", "合计型号A", "合计五金", "合计3箱"]
    subtotals = ["小计 3 单", "合计 12 件", "小计：3单", "小计（3单）", "合计　1,200 件"]
    rows = [[FIRM, "2026-10-01", p, 1000, ""] for p in products]
    rows += [[FIRM, "2026-10-02", s, 9000, ""] for s in subtotals]
    rows += [[FIRM, "2026-10-03", "电机", 500, "合计 3 箱"]]  # under 备注: a note, the line stays
    acc = _json(cli("import", write_orders(tmp_path / "s.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"]) == (5, 5)
    assert [a for _r, _c, a in _lines(db, "s.xlsx")] == [1000] * 4 + [500]
    rejected = [(p["代码"], p["列"], p["值"]) for p in _problems(cli, "s.xlsx") if p["代码"] != "tier-not-v"]
    assert rejected == [("no-company", "C", s) for s in subtotals]


def test_a_firm_named_with_a_total_word_first_is_a_customer_and_a_total_row_is_not(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "产品", "金额"]
    names = ["总计(慈溪)贸易有限公司", "合计(宁波)五金厂"]
    totals = ["合计", "总计（慈溪）", "合计：", "合计：3家公司"]
    rows = [[n, "2026-10-01", "电机", 1000] for n in names] + [[t, "2026-10-02", None, 2000] for t in totals]
    acc = _json(cli("import", write_orders(tmp_path / "n.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"], acc["unlinked"]) == (2, 4, 2)
    assert [c for _r, c, _a in _lines(db, "n.xlsx")] == names
    problems = _problems(cli, "n.xlsx")
    assert [p["值"] for p in problems if p["代码"] == "no-company"] == [
        "合计",
        "总计(慈溪)",
        "合计:",
        "合计:3家公司",
    ]  # folded
    assert [p["值"] for p in problems if p["代码"] == "unlinked-order"] == names


def test_a_contact_sheet_keeps_a_firm_named_with_a_total_word_first(cli, tmp_path):
    rows = contact_rows() + [
        [7, "合计(宁波)五金厂", "周巷镇1号", "吴刚", "13400000004", "沈晓东", "B", "是", None],
        [None, "合计", None, None, None, None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows)
    acc = _json(cli("import", path, "--json"))
    assert acc["companies"] == 5
    result = cli("explain", "合计(宁波)五金厂")
    assert result.exit_code == 0, result.output
    assert "周巷镇" in result.output


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_WORD = st.sampled_from([w for w in vocab.TOTAL_ROW_WORDS if not w.isascii()])
_PLACE = st.sampled_from(["", "(慈溪)", "（宁波）", "(余姚)"])
_SEPARATOR = st.sampled_from(
    [":", "：", " ", "  ", "\u3000", "-", "－", "—", "·", " : ", "：(慈溪)", " (宁波)"]
)


@given(_WORD, _PLACE, st.text(_CJK, min_size=1, max_size=6), st.sampled_from(vocab.FIRM_SUFFIXES))
def test_any_firm_name_beginning_with_a_total_word_is_a_name(word, place, body, suffix):
    name = word + place + body + suffix
    assert total_rows([name], [], 0) == {}
    assert line_total_rows([name], [[name, "2026-10-01", 1000]], 0) == {}


@given(_WORD, _SEPARATOR, st.text(_CJK, min_size=1, max_size=6), st.sampled_from(vocab.FIRM_SUFFIXES))
def test_a_total_word_a_separator_and_a_firm_name_is_a_subtotal_row(word, sep, body, suffix):
    """小计：宁波华峰电器有限公司, 合计 五金厂, 小计-…: an ERP's subtotal of that customer (review r48 D1)."""
    cell = word + sep + body + suffix
    found = total_rows([cell], [], 0)
    assert list(found) == [0]
    assert list(line_total_rows([cell], [[cell, "2026-10-01", 1000]], 0)) == [0]


def test_a_subtotal_row_labelled_with_its_firm_is_no_order_nor_a_firm(cli, db, tmp_path):
    """Review r48 D1: the subtotal rows an ERP writes per customer, the total word, a separator and
    the customer's name, are rejected as total rows: never an order offered to link, never a firm."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "产品", "金额"]
    subtotals = [f"小计:{FIRM}", f"合计: {FIRM}", f"小计 {FIRM}", f"小计-{FIRM}", f"总计——{FIRM}"]
    rows = [[FIRM, "2026-10-01", "电机", 1000]] + [[s, "2026-10-01", None, 1000] for s in subtotals]
    acc = _json(cli("import", write_orders(tmp_path / "sub.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"], acc["unlinked"]) == (1, 5, 0)
    codes = [p["代码"] for p in _problems(cli, "sub.xlsx") if p["代码"] != "tier-not-v"]
    assert codes == ["no-company"] * 5
    rows = contact_rows() + [
        [7, "小计:慈溪东方电器有限公司", None, None, None, None, "B", None, None],
        [8, "合计 慈溪东方电器有限公司", None, None, None, None, None, None, None],
    ]
    acc = _json(cli("import", write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows), "--json"))
    assert (acc["companies"], acc["rejected"]) == (4, 3)  # contact_rows has a nameless row


@given(
    _WORD,
    st.sampled_from([" ", "  ", "\u3000", "：", " ："]),
    st.integers(1, 9999),
    st.sampled_from(["", " "]),
    st.sampled_from(vocab.TOTAL_COUNT_UNITS),
)
def test_a_total_word_a_count_and_its_unit_is_a_subtotal_under_a_product(word, sep, n, gap, unit):
    cell = f"{word}{sep}{n}{gap}{unit}"
    found = line_total_rows([FIRM], [[FIRM, "2026-10-01", cell, 1000]], 0)
    assert found == {0: (2, cell)}


@given(_WORD, st.text(_CJK, min_size=1, max_size=4))
def test_a_product_going_on_from_a_total_word_is_a_product(word, rest):
    cell = word + rest
    assert line_total_rows([FIRM], [[FIRM, "2026-10-01", cell, 1000]], 0) == {}


_BRACKETS = st.sampled_from(vocab.TOTAL_WORD_BRACKETS)
_PADDING = st.sampled_from(["", " ", "：", ":", " - "])


@given(
    st.sampled_from(vocab.SUBTOTAL_LABEL_WORDS),
    _BRACKETS,
    st.sampled_from(["", " "]),
    _PADDING,
    st.text(_CJK, min_size=1, max_size=12),
    st.sampled_from(vocab.FIRM_SUFFIXES),
)
def test_a_bracketed_total_word_then_a_firm_name_is_a_subtotal_row(word, brackets, gap, sep, body, suffix):
    """【小计】宁波华峰电器有限公司, [小计]…, 〔合计〕…, （小计）…, 〔合計〕…: an ERP's subtotal of that customer."""
    cell = f"{brackets[0]}{gap}{word}{gap}{brackets[1]}{sep}{body}{suffix}"
    assert list(total_rows([cell], [], 0)) == [0]
    assert list(line_total_rows([cell], [[cell, "2026-10-01", 1000]], 0)) == [0]


BRACKETED = [f"【小计】{FIRM}", f"[小计]{FIRM}", f"〔合计〕{FIRM}", f"（小计）{FIRM}", f"(合计) {FIRM}"]


def test_a_subtotal_row_with_its_word_in_brackets_is_no_order_nor_a_firm(cli, db, tmp_path):
    """A subtotal row an ERP writes 【小计】<firm> under the customer column is rejected as a total row,
    never an unlinked order that link would offer to the firm (counting its sales twice); 合计(宁波)五金厂
    and 总计(慈溪)贸易有限公司 stay names. In a contact sheet such a row is no firm."""
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "产品", "金额"]
    names = ["合计(宁波)五金厂", "总计(慈溪)贸易有限公司"]
    rows = [[FIRM, "2026-10-01", "电机", 1000]] + [[s, "2026-10-01", None, 1000] for s in BRACKETED]
    rows += [[n, "2026-10-01", "电机", 500] for n in names]
    acc = _json(cli("import", write_orders(tmp_path / "sub.xlsx", rows, headers=headers), "--json"))
    assert (acc["orders"], acc["rejected"], acc["unlinked"]) == (3, 5, 2)
    problems = [p for p in _problems(cli, "sub.xlsx") if p["代码"] != "tier-not-v"]
    assert [p["代码"] for p in problems if p["代码"] == "no-company"] == ["no-company"] * 5
    assert [p["值"] for p in problems if p["代码"] == "unlinked-order"] == names
    assert [c for _r, c, _a in _lines(db, "sub.xlsx")] == [FIRM, *names]
    rows = contact_rows() + [
        [
            7 + i,
            s.replace(FIRM, "慈溪东方电器有限公司"),
            "周巷镇1号",
            "吴刚",
            "13400000004",
            None,
            "B",
            None,
            None,
        ]
        for i, s in enumerate(BRACKETED)
    ]
    rows.append([20, "合计(宁波)五金厂", "周巷镇1号", "吴刚", "13400000004", "沈晓东", "B", "是", None])
    acc = _json(cli("import", write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows), "--json"))
    assert (acc["companies"], acc["rejected"]) == (5, 6)  # contact_rows has a nameless row
    listed = cli("list", "-f", "json")
    assert listed.exit_code == 0, listed.output
    assert "东方电器" not in listed.stdout and "合计(宁波)五金厂" in listed.stdout


_OTHER_TOTAL_WORDS = [w for w in vocab.TOTAL_ROW_WORDS if w not in vocab.SUBTOTAL_LABEL_WORDS]


@given(
    st.sampled_from(_OTHER_TOTAL_WORDS),
    _BRACKETS,
    st.sampled_from(["", " "]),
    st.text(_CJK, min_size=1, max_size=12),
    st.sampled_from(vocab.FIRM_SUFFIXES),
)
def test_another_total_word_in_brackets_then_a_name_is_a_name(word, brackets, gap, body, suffix):
    """Review r59 D2: only a subtotal label (小计, 合计, 总计) in brackets makes what follows an ERP's
    subtotal row; 〔累计〕数据科技有限公司, (TOTAL)润滑油宁波专卖店 are names, while the word in brackets with
    no name after it (【累计】, [Total]: 35) is still a total row."""
    name = f"{brackets[0]}{gap}{word}{gap}{brackets[1]}{body}{suffix}"
    assert total_rows([name], [], 0) == {}
    assert line_total_rows([name], [[name, "2026-10-01", 1000]], 0) == {}
    for total in (f"{brackets[0]}{word}{brackets[1]}", f"{brackets[0]}{word}{brackets[1]}: 35"):
        assert list(total_rows([total], [], 0)) == [0]


@given(st.sampled_from(vocab.TOTAL_ROW_WORDS), _BRACKETS, st.text(min_size=1, max_size=20))
def test_a_first_column_note_beginning_with_a_bracketed_total_word_leaves_the_firm(word, brackets, rest):
    """Review r59 D1: the first cell, a note beside the company cell, that begins with a total word in
    brackets (【累计】拜访3次，报价已发) says nothing of the row; a bare total word there still does."""
    note = f"{brackets[0]}{word}{brackets[1]}{rest}"
    assert total_rows([FIRM], [(note,), (FIRM,)], 1) == {}
    assert list(total_rows([FIRM], [("合计",), (FIRM,)], 1)) == [0]


def test_a_contact_sheet_keeps_firms_beside_bracketed_notes_and_bracketed_brand_names(cli, db, tmp_path):
    """Review r59 D1, D2: a note in the first column that begins with a bracketed total word, and a name
    that begins with a bracketed word other than a subtotal label, keep their firms; the customer
    [Total] Lubricants Ningbo Co., Ltd. in orders is linked to it, 【小计】<firm> stays a subtotal row."""
    headers = ["跟进记录", "企业名称", "地址", "联系人", "手机", "客户分类"]
    notes = ["【累计】拜访3次，报价已发", "（合计）两个厂区", "[Total] 3 visits", "电话联系"]
    names = ["慈溪市星辰电子有限公司", "[Total] Lubricants Ningbo Co., Ltd.", "(TOTAL)润滑油宁波专卖店"]
    names += ["〔累计〕数据科技有限公司", f"【小计】{FIRM}"]
    rows = [
        [notes[i % 4], n, "浙江省宁波市慈溪市龙山镇", f"张{i}", f"1380000{i:04d}", "C"]
        for i, n in enumerate(names)
    ]
    acc = _json(cli("import", write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows), "--json"))
    assert (acc["companies"], acc["rejected"]) == (4, 1)
    listed = cli("list", "-f", "json")
    assert all(n in listed.stdout for n in names[:4]) and FIRM not in listed.stdout
    rows = [[names[1], "2026-10-04", "润滑油", 400], [f"【小计】{names[1]}", "2026-10-04", None, 400]]
    orders = write_orders(tmp_path / "o.xlsx", rows, headers=["客户名称", "订单日期", "产品", "金额"])
    acc = _json(cli("import", orders, "--json"))
    assert (acc["orders"], acc["rejected"], acc["unlinked"]) == (1, 1, 0)
