"""已回款/未回款 cells as ledgers write them (review r48): a cell that stands for nothing (无, /, —,
N/A, ¥ - …) is blank, 0, and the sale stays; an empty saved result of a formula is a result."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import write_orders, write_xlsx
from regiontool import normalize, vocab

NAME = "宁波宏达五金厂"  # a firm of conftest's contact sheet
NOTHING = ["无", "/", "—", "——", "－", "--", "-", "N/A", " ¥ -   ", "¥-", "不详"]


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _receivables(cli) -> list[tuple]:
    data = _json(cli("receivables", "--as-of", "2026-03-01", "-f", "json", "--lang", "en"))
    return [(x["customer"], x["billed"], x["owed"]) for x in data["receivables"][:-1]]


@pytest.mark.parametrize("column", ["已回款", "未回款"])
def test_a_paid_or_owed_cell_that_stands_for_nothing_is_blank_and_keeps_the_sale(cli, tmp_path, column):
    """Review r48 D2: 无, /, —, N/A, the accounting format's ¥ - … are 0 (as a blank cell), not a
    rejected sale; 已付清 and 0.5w still reject their line."""
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [[NAME, dt.date(2026, 1, 1 + i), 1_000, v] for i, v in enumerate(NOTHING)]
    rows += [[NAME, dt.date(2026, 1, 20), 1_000, "已付清"], [NAME, dt.date(2026, 1, 21), 1_000, "0.5w"]]
    path = write_orders(tmp_path / "o.xlsx", rows, headers=["客户名称", "订单日期", "金额", column])
    acc = _json(cli("import", path, "--json"))
    assert (acc["orders"], acc["rejected"]) == (len(NOTHING), 2)
    bad = [p["值"] for p in _json(cli("problems", "-f", "json")) if p["代码"] == "bad-amount"]
    assert bad == ["已付清", "0.5w"]
    # nothing paid: all is owed; nothing owed: all is paid
    owed = 1_000 * len(NOTHING) if column == "已回款" else 0
    assert _receivables(cli) == ([(NAME, 1_000 * len(NOTHING), owed)] if owed else [])


def test_unpaid_words_are_nothing_paid_but_no_amount_owed(cli, tmp_path):
    """未付 under 已回款 is 0 paid; under 未回款 it would say the whole is owed, not 0: no amount there."""
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [[NAME, dt.date(2026, 1, 5), 1_000, "未付", "未付"], [NAME, dt.date(2026, 1, 6), 500, 0, ""]]
    paid = write_orders(tmp_path / "p.xlsx", rows, headers=["客户名称", "订单日期", "金额", "已回款", "备注"])
    assert _json(cli("import", paid, "--json"))["rejected"] == 0
    assert _receivables(cli) == [(NAME, 1_500, 1_500)]
    owed = write_orders(tmp_path / "w.xlsx", rows, headers=["客户名称", "订单日期", "金额", "未回款", "备注"])
    assert _json(cli("import", owed, "--json"))["rejected"] == 1


_PUNCT = st.text(st.sampled_from("-－—–/\\.·_~*#?？、 　"), min_size=1, max_size=6)


@given(st.sampled_from(["", "¥", "￥", "RMB", "人民币"]), _PUNCT, st.sampled_from(["", " "]))
def test_punctuation_with_at_most_a_currency_mark_says_nothing(mark, punct, gap):
    cell = mark + gap + punct
    if not cell.isspace():
        assert normalize.says_nothing(cell)


@given(st.text(min_size=1, max_size=8))
def test_a_cell_holding_a_figure_says_something(text):
    if any(c.isdigit() for c in normalize.text_key(text)):
        assert not normalize.says_nothing(text, vocab.NOTHING_PAID_WORDS)


def test_words_say_something_unless_they_stand_for_nothing():
    assert [
        normalize.says_nothing(v) for v in ["已付清", "0.5w", "paid", "RMB 0.5", "无", "n/a", "#N/A"]
    ] == [False, False, False, False, True, True, True]
    assert not normalize.says_nothing("未付") and normalize.says_nothing("未付", vocab.NOTHING_PAID_WORDS)


def _sheet_xml(path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def _rewrite_sheet(path, old: bytes, new: bytes, count: int = 0):
    """The workbook with its first sheet's XML changed (the pattern `old` replaced): what another
    writer would have written."""
    import re
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            parts[info.filename] = z.read(info)
    xml = parts["xl/worksheets/sheet1.xml"]
    assert re.search(old, xml)
    parts["xl/worksheets/sheet1.xml"] = re.sub(old, new, xml, count=count)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _formula_orders(path):
    """xlsxwriter orders whose 已回款 is =IF(F2="已收",E2,"") saved with its result: 3000 or ""
    (<v></v>, no t="str", as xlsxwriter 3.3 writes it)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("订单")
    ws.write_row(0, 0, ["订单编号", "客户名称", "订单日期", "产品", "金额", "收款状态", "已回款"])
    for r in range(1, 5):
        paid = r % 2 == 0
        ws.write_row(r, 0, [f"SO{r}", NAME, f"2026-01-0{r}", "开关", 3000, "已收" if paid else "未收"])
        ws.write_formula(r, 6, f'=IF(F{r + 1}="已收",E{r + 1},"")', None, 3000 if paid else "")
    wb.close()
    return path


def test_an_empty_saved_formula_result_is_a_result_a_formula_without_one_is_not(cli, tmp_path):
    """Review r48 D3: <v></v> (or <v/>) under a formula in a workbook that saves results is the result
    "": a blank 已回款, 0, the sale kept; only a formula without any <v> has no result saved."""
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    path = _formula_orders(tmp_path / "f.xlsx")
    assert _sheet_xml(path).count(b"</f><v></v></c>") == 2
    acc = _json(cli("import", path, "--json"))
    assert (acc["orders"], acc["rejected"]) == (4, 0)
    assert _receivables(cli) == [(NAME, 12_000, 6_000)]
    other = _rewrite_sheet(_formula_orders(tmp_path / "g.xlsx"), b"</f><v></v></c>", b"</f><v/></c>")
    assert _json(cli("import", other, "--json"))["rejected"] == 0
    # the same workbook with one formula's <v> taken out: that one has no result
    gone = _rewrite_sheet(_formula_orders(tmp_path / "h.xlsx"), b"</f><v></v></c>", b"</f></c>", 1)
    assert _json(cli("import", gone, "--json"))["rejected"] == 1
    said = [p["说明"] for p in _json(cli("problems", "-f", "json")) if p["代码"] == "bad-amount"]
    assert said == [
        f"{NAME}：已回款是公式，文件中没有保存结果，整行拒收：请在 Excel/WPS 中打开并保存后再导入"
    ]


@pytest.mark.parametrize("empty", [None, b"<v></v>"])
def test_openpyxl_formulas_stay_unsaved_however_it_writes_their_empty_value(cli, tmp_path, empty):
    """openpyxl saves no result: it writes <v /> (<v></v> with lxml) under every formula. In a workbook
    where no formula has a value, an empty one is no result."""
    import openpyxl

    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户名称", "订单日期", "金额", "已回款"])
    ws.append([NAME, dt.datetime(2026, 1, 5), 3000, "=C2"])
    ws.append([NAME, dt.datetime(2026, 1, 6), 3000, 0])
    wb.save(tmp_path / "o.xlsx")
    path = tmp_path / "o.xlsx"
    assert b"</f><v" in _sheet_xml(path)  # an empty value: <v /> (<v></v> with lxml)
    if empty:
        _rewrite_sheet(path, rb"</f><v\s*/>", b"</f>" + empty)
    assert _json(cli("import", path, "--json"))["rejected"] == 1
