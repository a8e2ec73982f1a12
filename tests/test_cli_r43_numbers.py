"""Numbers in every office form (review r43): an unreadable 已回款/未回款 cell, a formula cell
without a saved result, a blank 实际 in pnl, units and Excel dates in budget and target files,
half-fen rounding, the 1904 date system, the size reason and pivot sums."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import connect, write_orders, write_xlsx

NAME = "宁波宏达五金厂"  # a firm of conftest's contact sheet


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--format", "json")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.output) if p["代码"] == code]


@pytest.mark.parametrize("column", ["已回款", "未回款"])
def test_an_unreadable_paid_or_owed_cell_rejects_the_line_never_reads_as_0(cli, tmp_path, column):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [
        [NAME, dt.date(2026, 1, 5), 10_000, "0.5w"],
        [NAME, dt.date(2026, 1, 6), 10_000, "已付清"],
        [NAME, dt.date(2026, 1, 7), 10_000, "5,000.00元"],
        [NAME, dt.date(2026, 1, 8), 10_000, None],  # blank: nothing paid / nothing owed
    ]
    path = write_orders(tmp_path / "o.xlsx", rows, headers=["客户名称", "订单日期", "金额", column])
    result = cli("import", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rejected"] == 2
    bad = _problems(cli, "bad-amount")
    assert [(p["行"], p["列"], p["值"]) for p in bad] == [(2, "D", "0.5w"), (3, "D", "已付清")]
    assert bad[0]["说明"] == f"{NAME}：{column}“0.5w”无法识别，整行拒收"
    data = json.loads(cli("receivables", "--as-of", "2026-03-01", "-f", "json", "--lang", "en").output)
    owed = {"已回款": 5_000 + 10_000, "未回款": 5_000}[column]
    assert [(x["customer"], x["billed"], x["owed"]) for x in data["receivables"][:-1]] == [
        (NAME, 20_000, owed)
    ]


def _openpyxl_orders(path, rows, headers):
    """An orders workbook as openpyxl writes it: its formulas have no saved result."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单明细"
    for row in [headers, *rows]:
        ws.append(row)
    wb.save(path)
    return path


def test_a_formula_without_a_saved_result_is_said_to_be_one_not_blank(cli, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    headers = ["客户名称", "订单日期", "数量", "单价", "金额", "已回款"]
    rows = [
        [NAME, dt.datetime(2026, 3, 5), 3, 100, "=C2*D2", 0],
        [NAME, "=DATE(2026,3,5)", 3, 100, 300, 0],
        [NAME, dt.datetime(2026, 3, 5), 3, 100, 300, "=E4"],
        [NAME, dt.datetime(2026, 3, 6), 3, 100, 300, None],  # blank: still blank, and 0 paid
    ]
    result = cli("import", _openpyxl_orders(tmp_path / "o.xlsx", rows, headers), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rejected"] == 3
    said = {p["行"]: (p["列"], p["说明"]) for p in _problems(cli, "bad-amount") + _problems(cli, "bad-date")}
    fix = "是公式，文件中没有保存结果，整行拒收：请在 Excel/WPS 中打开并保存后再导入"
    assert said == {
        2: ("E", f"{NAME}：金额{fix}"),
        3: ("B", f"{NAME}：日期{fix}"),
        4: ("F", f"{NAME}：已回款{fix}"),
    }
    only = _openpyxl_orders(tmp_path / "only.xlsx", rows[:1], headers)
    result = cli("import", only, "--lang", "en")
    assert result.exit_code == 1 and "the amount is a formula saved without its result" in result.output
    assert "open the file in Excel or WPS, save it and import it again" in result.output


def _xlsx(path, rows):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value)
    wb.close()
    return path


@pytest.mark.parametrize("february", [0, None])
def test_pnl_takes_the_plan_of_a_past_month_whose_actual_is_blank_not_0(cli, tmp_path, february):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [["月份", "项目", "预算", "实际"], ["2027-01", "人员工资", 50_000, 48_000]]
    rows += [["2027-02", "人员工资", 50_000, february], ["2027-04", "人员工资", 50_000, None]]
    assert cli("budget", _xlsx(tmp_path / "b.xlsx", rows), "--year", "2027").exit_code == 0
    result = cli("pnl", "--year", "2027", "--as-of", "2027-03-10", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    line = next(x for x in data["pnl"] if x["项目"] == "费用·人员工资")
    expected = 48_000 + (0 if february == 0 else 50_000) + 50_000
    assert (line["计划"], line["实际"], line["预期全年"]) == (150_000, 48_000, expected)
    said = "2027-02 人员工资 ¥50,000 没有实际数（空白，不是 0），预期全年按计划计"
    assert (said in data["notes"]) is (february is None)
    en = json.loads(
        cli("pnl", "--year", "2027", "--as-of", "2027-03-10", "-f", "json", "--lang", "en").output
    )
    assert any("no actual figure (blank, not 0) for 2027-02 人员工资" in n for n in en["notes"]) is (
        february is None
    )


def _sheet(path, rows):
    """A workbook whose date cells are real dates shown as Excel shows a typed 2027-03 (2027年3月)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws, month = wb.add_worksheet(), wb.add_format({"num_format": 'yyyy"年"m"月"'})
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(i, j, dt.datetime(value.year, value.month, value.day), month)
            elif value is not None:
                ws.write(i, j, value)
    wb.close()
    return path


def test_budget_reads_a_unit_in_its_headers_and_a_month_excel_made_a_date(cli, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [["月份", "项目", "预算（万元）", "实际（万元）"], [dt.date(2027, 1, 1), "人员工资", 5, 4.8]]
    rows += [["2027-02", "人员工资", "5", "¥30,000"]]  # a cell naming its own unit is read in it
    result = cli("budget", _sheet(tmp_path / "b.xlsx", rows), "--year", "2027")
    assert result.exit_code == 0, result.output
    data = json.loads(cli("pnl", "--year", "2027", "--as-of", "2027-03-10", "-f", "json").output)
    months = {x["月份"]: x for x in data["month"]}
    assert (months["2027-01"]["费用计划"], months["2027-01"]["费用实际"]) == (50_000, 48_000)
    assert (months["2027-02"]["费用计划"], months["2027-02"]["费用实际"]) == (50_000, 30_000)


def test_target_file_reads_a_unit_in_its_header_and_a_period_excel_made_a_date(cli, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [["期间", "目标（万元）"], [dt.date(2027, 3, 1), 30], ["2027Q2", "1.5"]]
    result = cli("target", "set", "--file", _sheet(tmp_path / "t.xlsx", rows))
    assert result.exit_code == 0, result.output
    assert cli("target", "show", "2027-03").output.startswith("2027-03: ¥300,000")
    assert cli("target", "show", "2027Q2").output.startswith("2027Q2: ¥15,000")


@given(st.integers(min_value=-(10**12), max_value=10**12), st.booleans())
@example(2675, False)
@example(1234565, True)
def test_an_amount_with_a_half_fen_rounds_half_away_from_zero_as_excel_shows_it(thousandths, as_text):
    from decimal import ROUND_HALF_UP, Decimal

    from regiontool.normalize import read_amount

    written = Decimal(thousandths).scaleb(-3)
    shown = float(written.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    cell = f"{written:,}" if as_text else float(written)
    assert read_amount(cell) == (shown, None)


def test_half_fen_cells_give_the_fen_excel_shows(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    cells = ["2.675", "0.125", "1.005", "1,234.565", 2.675]
    rows = [[NAME, dt.date(2026, 3, 5 + i), cell] for i, cell in enumerate(cells)]
    path = write_orders(tmp_path / "o.xlsx", rows, headers=["客户名称", "订单日期", "金额"])
    assert cli("import", path).exit_code == 0
    con = connect(db)
    amounts = [a for (a,) in con.execute("SELECT amount FROM orders ORDER BY order_date").fetchall()]
    con.close()
    assert amounts == [2.68, 0.13, 1.01, 1234.57, 2.68]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_pivot_sums_of_figures_carry_no_float_noise(cli, tmp_path, fmt):
    headers = ["企业名称", "地址", "年产值（万元）"]
    rows = [
        ["宁波甲电器有限公司", "浙江省宁波市慈溪市浒山街道1号", "1,999.99"],
        ["宁波乙电器有限公司", "浙江省宁波市慈溪市浒山街道2号", "5,000.11"],
        ["宁波丙电器有限公司", "浙江省宁波市慈溪市浒山街道3号", "2.2"],
    ]  # summed in any order as floats: 7002.299999999999
    assert cli("import", write_xlsx(tmp_path / "c.xlsx", headers, rows)).exit_code == 0
    result = cli("pivot", "--by", "county", "--values", "sum:年产值", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert result.output.splitlines()[1:] == ["慈溪市,7002.3", "总计,7002.3"]
    else:
        assert [r["年产值合计"] for r in json.loads(result.output)] == [7002.3, 7002.3]


def test_a_bare_serial_in_a_1904_workbook_is_read_in_its_date_system(cli, db, tmp_path):
    import xlsxwriter

    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    path = tmp_path / "mac.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"date_1904": True})
    ws, day = wb.add_worksheet("订单明细"), wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["订单编号", "订单日期", "客户名称", "金额"])
    ws.write_row(1, 0, ["Z1", None, NAME, 1000])
    ws.write_datetime(1, 1, dt.datetime(2026, 3, 5), day)  # a date cell
    ws.write_row(2, 0, ["Z2", 44625, NAME, 1000])  # a bare serial: 2026-03-06 counted from 1904
    ws.write_row(3, 0, ["Z3", 20260307, NAME, 1000])  # yyyymmdd as a number: no serial
    wb.close()
    assert cli("import", path).exit_code == 0
    con = connect(db)
    days = con.execute("SELECT order_no, order_date FROM orders ORDER BY order_no").fetchall()
    con.close()
    assert days == [("Z1", "2026-03-05"), ("Z2", "2026-03-06"), ("Z3", "2026-03-07")]
