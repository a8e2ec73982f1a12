"""`regiontool sales`: purchase behaviour on a small hand-computed case."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from test_competitors import HEADERS, _rows

from conftest import write_orders, write_xlsx

D = dt.date


def _orders():
    # 甲 and 乙 sit in 长河镇 (电子电器), 丁 in 周巷镇 (五金机械); 宁波某某公司 is in no contact sheet.
    return [
        ["慈溪市甲电器有限公司", D(2025, 1, 10), "ERP", 1, 100, "A1"],
        ["慈溪市甲电器有限公司", D(2025, 3, 31), "ERP", 1, 50, "A2"],  # last day of last year's same period
        ["慈溪市甲电器有限公司", D(2025, 6, 1), "维护", 1, 30, "A3"],  # last year, after the same period
        ["慈溪市甲电器有限公司", D(2026, 1, 5), "ERP", 1, 200, "A4"],
        ["慈溪市甲电器有限公司", D(2026, 3, 31), "维护", 1, 40, "A5"],  # on the as-of day: counted
        ["慈溪市甲电器有限公司", D(2026, 4, 1), "ERP", 1, 999, "A6"],  # after the as-of day: left out
        ["慈溪市乙电器有限公司", D(2026, 2, 10), "实施", 1, 60, "B1"],
        ["慈溪市丁五金有限公司", D(2026, 2, 20), "ERP", 1, 100, "D1"],
        ["慈溪市丁五金有限公司", D(2025, 2, 1), "实施", 1, 20, "D2"],
        ["宁波某某公司", D(2026, 3, 1), "ERP", 1, 100, "X1"],
        ["慈溪市丙五金有限公司", D(2026, 1, 15), "维护", 1, -10, "C1"],  # a refund only: net negative
    ]


@pytest.fixture
def workspace(cli, tmp_path):
    contacts = write_xlsx(tmp_path / "c.xlsx", HEADERS, _rows(), title=None)
    orders = write_orders(tmp_path / "o.xlsx", _orders())
    result = cli("import", contacts, orders)
    assert result.exit_code == 0, result.output
    return tmp_path


def _json(cli, *args):
    result = cli("sales", "--year", "2026", "--as-of", "2026-03-31", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_months_beside_last_year_and_its_same_period(cli, workspace):
    data = _json(cli)
    assert data["period"] == ["2026-01-01", "2026-03-31"]
    assert data["last_year_period"] == ["2025-01-01", "2025-03-31"]
    months = {r["月份"]: r for r in data["month"]}
    assert [months[m]["2026年"] for m in ("1月", "2月", "3月")] == [190, 160, 140]
    assert months["4月"]["2026年"] is None
    assert [months[m]["2025年"] for m in ("1月", "2月", "3月", "6月")] == [100, 20, 50, 30]
    assert months["6月"]["去年同期"] is None
    assert months["1月"]["同比"] == pytest.approx(0.9) and months["2月"]["同比"] == pytest.approx(7.0)
    total = months["总计"]
    assert (total["2026年"], total["2025年"], total["去年同期"]) == (490, 200, 170)
    assert total["同比"] == pytest.approx(490 / 170 - 1)


def test_by_product_and_town_with_unlinked_customers_apart(cli, workspace):
    data = _json(cli)
    products = {r["产品"]: r for r in data["product"]}
    assert [r["产品"] for r in data["product"]] == ["ERP", "实施", "维护", "总计"]
    assert (products["ERP"]["金额"], products["ERP"]["客户数"], products["ERP"]["去年同期"]) == (400, 3, 150)
    assert products["维护"]["金额"] == 30 and products["维护"]["同比"] is None  # nothing last year to compare
    # 丙 only refunded (−10): in the amount, no buyer (review r68 F8)
    assert products["总计"]["客户数"] == 4 and products["总计"]["金额"] == 490
    assert products["ERP"]["占比"] == pytest.approx(400 / 490)
    towns = {r["镇街"]: r for r in data["town"]}
    assert (towns["长河镇"]["金额"], towns["长河镇"]["去年同期"]) == (290, 150)
    assert (towns["周巷镇"]["金额"], towns["周巷镇"]["去年同期"]) == (100, 20)
    assert towns["(未关联客户)"]["金额"] == 100
    assert [r["镇街"] for r in data["town"]][-2:] == ["(未关联客户)", "总计"]
    segments = {r["RFM分群"]: r for r in data["segment"]}
    assert segments["(未关联客户)"]["金额"] == 100 and segments["总计"]["金额"] == 490


def test_top_customers_and_abc(cli, workspace):
    data = _json(cli)
    # Positive customers 甲 240, 丁 100, 宁波某某 100, 乙 60 (500); 丙 (−10) is not ranked, but its
    # refund is in the period's sales, 490, of which every share is (review r18 #3).
    assert data["top_customers"] == 1 and data["top_customers_sales_share"] == pytest.approx(240 / 490)
    ranking = data["customers"]
    assert [r["客户"] for r in ranking] == [
        "慈溪市甲电器有限公司",
        "慈溪市丁五金有限公司",
        "宁波某某公司",
        "慈溪市乙电器有限公司",
    ]
    assert [r["ABC分类"] for r in ranking] == ["A", "A", "A", "B"]
    assert [r["累计占比"] for r in ranking] == pytest.approx([240 / 490, 340 / 490, 440 / 490, 500 / 490])
    abc = {r["ABC分类"]: r for r in data["abc"]}
    assert (abc["A"]["客户数"], abc["B"]["客户数"], abc["C"]["客户数"]) == (3, 1, 0)
    assert abc["A"]["金额占比"] == pytest.approx(440 / 490)
    assert (abc["净额不为正(未排名)"]["客户数"], abc["净额不为正(未排名)"]["金额"]) == (1, -10)
    assert any("未参与排名" in n for n in data["notes"])
    assert _json(cli, "--top-share", "50")["top_customers_sales_share"] == pytest.approx(340 / 490)


def test_the_abc_table_and_the_headline_use_the_total_of_every_view(cli, workspace):
    # review r18 #3: the customers whose net is not positive are counted in the totals (README), so
    # the ABC table's 总计 is every view's, and the headline's share is of it.
    result = cli("sales", "--year", "2026", "--as-of", "2026-03-31", "--by", "product", "--by", "customers")
    assert result.exit_code == 0, result.output
    totals = [line for line in result.output.splitlines() if "总计" in line]
    assert len(totals) == 2 and all("490" in line and "500" not in line for line in totals), totals
    # 5 customers in the ABC table (丙, who only refunded, not ranked); 4 buyers in the views (review r68 F8)
    assert [len(re.findall(r"│\s+[45]\s+│", line)) for line in totals] == [1, 1], totals
    assert "前 20% 的客户（4 家中的 1 家）贡献了 49.0% 的销售额" in result.output  # 240 / 490, not 48.0%
    data = _json(cli, "--by", "product", "--by", "town", "--by", "customers")
    for view in ("product", "town"):
        total = data[view][-1]
        assert (total["金额"], total["客户数"]) == (data["abc"][-1]["金额"], data["abc"][-1]["客户数"] - 1)


def test_a_period_whose_net_sales_are_not_positive_has_no_shares(cli, tmp_path):
    contacts = write_xlsx(tmp_path / "c.xlsx", HEADERS, _rows(), title=None)
    orders = [
        ["慈溪市甲电器有限公司", D(2026, 1, 5), "ERP", 1, 100, "A1"],
        ["慈溪市丁五金有限公司", D(2026, 2, 5), "ERP", 1, -300, "R1"],  # refunds a sale of 2025
    ]
    assert cli("import", contacts, write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    result = cli("sales", "--year", "2026", "--as-of", "2026-03-31", "--by", "customers", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["top_customers_sales_share"] is None
    assert data["customers"][0]["占比"] is None and data["customers"][0]["ABC分类"] is None
    assert (data["abc"][-1]["金额"], data["abc"][-1]["金额占比"]) == (-200, None)
    assert "本期净销售额不为正（-200 元）：不计销售占比和 ABC 分类" in data["notes"]
    assert cli("sales", "--year", "2026", "--as-of", "2026-03-31", "--by", "customers").exit_code == 0


def test_no_view_prints_shares_of_a_net_total_not_positive(cli, tmp_path):
    """Review r20 #8 (7c): the note says a period whose net is not positive has no shares; the
    product, town, industry and segment views printed 25% and 75% of -200 all the same."""
    contacts = write_xlsx(tmp_path / "c.xlsx", HEADERS, _rows(), title=None)
    orders = [
        ["慈溪市甲电器有限公司", D(2026, 1, 5), "ERP", 1, 100, "A1"],
        ["慈溪市丁五金有限公司", D(2026, 2, 5), "ERP", 1, -300, "R1"],
        ["慈溪市丁五金有限公司", D(2025, 2, 5), "实施", 1, 500, "S1"],
    ]
    assert cli("import", contacts, write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0
    data = _json(cli)
    for view in ("product", "town", "industry", "segment"):
        shares = [row["占比"] for row in data[view]]
        assert len(shares) >= 2 and shares == [None] * len(shares), (view, data[view])
        assert data[view][-1]["金额"] == -200
    result = cli("sales", "--year", "2026", "--as-of", "2026-03-31", "--by", "town")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    share = [c.strip() for c in re.split("[┃│]", next(x for x in lines if x.startswith("┃")))].index("占比")
    towns = [[c.strip() for c in re.split("[┃│]", x)] for x in lines if x.startswith("│")]
    assert len(towns) == 3 and [row[share] for row in towns] == ["", "", ""], result.stdout


def test_a_full_past_year_compares_whole_years(cli, workspace):
    result = cli("sales", "--year", "2025", "--as-of", "2026-03-31", "--by", "month", "-f", "json")
    data = json.loads(result.output)
    months = data["month"]
    assert "去年同期" not in months[0]
    assert months[-1]["2025年"] == 200 and months[-1]["2024年"] == 0 and months[-1]["同比"] is None


def test_leap_day_is_compared_with_the_28th(cli, tmp_path):
    contacts = write_xlsx(tmp_path / "c.xlsx", HEADERS, _rows(), title=None)
    orders = [
        ["慈溪市甲电器有限公司", D(2023, 2, 28), "ERP", 1, 10, "L1"],
        ["慈溪市甲电器有限公司", D(2023, 3, 1), "ERP", 1, 99, "L2"],
        ["慈溪市甲电器有限公司", D(2024, 2, 29), "ERP", 1, 30, "L3"],
    ]
    cli("import", contacts, write_orders(tmp_path / "o.xlsx", orders))
    result = cli("sales", "--year", "2024", "--as-of", "2024-02-29", "--by", "product", "-f", "json")
    data = json.loads(result.output)
    assert data["last_year_period"] == ["2023-01-01", "2023-02-28"]
    assert data["product"][0]["去年同期"] == 10 and data["product"][0]["同比"] == pytest.approx(2.0)


def test_one_view_as_csv_and_in_english(cli, workspace):
    result = cli("sales", "--as-of", "2026-03-31", "--by", "product", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == 'product,amount,share,customers,order lines,"last year, same period",growth'
    assert lines[1].startswith("ERP,400")


def test_customers_view_as_csv_is_the_ranking_of_every_customer(cli, workspace):
    # The README's `sales --by customers --format csv`: the Pareto ranking, not an error.
    result = cli("sales", "--as-of", "2026-03-31", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split(",")[:2] == ["排名", "客户"]
    ranked = [line.split(",")[1] for line in lines[1:]]
    # 240, 100, 100 (a linked customer before an unlinked one), 60; the refund-only 丙 is left out
    assert ranked == ["慈溪市甲电器有限公司", "慈溪市丁五金有限公司", "宁波某某公司", "慈溪市乙电器有限公司"]
    out = workspace / "cust.csv"
    result = cli("sales", "--as-of", "2026-03-31", "--by", "customers", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("1,慈溪市甲电器有限公司,")
    result = cli("sales", "--as-of", "2026-03-31", "--by", "month", "--by", "product", "-f", "csv")
    assert result.exit_code == 2 and "--by" in result.output


def test_terminal_summary(cli, workspace):
    result = cli("sales", "--as-of", "2026-03-31")
    assert result.exit_code == 0, result.output
    for word in (
        "月度销售",
        "产品销售",
        "镇街销售",
        "行业销售",
        "分群销售",
        "客户贡献",
        "客户排名",
        "前 20% 的客户",
    ):
        assert word in result.output, word
    assert "+90.0%" in result.output


def test_workbook_with_native_charts(cli, workspace):
    import openpyxl

    out = workspace / "sales.xlsx"
    result = cli("sales", "--as-of", "2026-03-31", "--out", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:7] == [
        "月度销售",
        "产品销售",
        "镇街销售",
        "行业销售",
        "分群销售",
        "客户贡献",
        "客户排名",
    ]
    month = wb["月度销售"]
    assert month.cell(4, 2).value == 190 and month.cell(4, 5).number_format == "0.0%"
    chart = month._charts[0]
    assert chart.tagname == "lineChart" and len(chart.series) == 2
    assert len(wb["产品销售"]._charts) == 1 and not wb["客户排名"]._charts
    ranking = wb["客户排名"]
    header = [c.value for c in ranking[3]]
    first = [c.value for c in ranking[4]]
    # the rank and the company id are numbers Excel sorts as numbers, not text
    assert first[header.index("排名")] == 1 and isinstance(first[header.index("企业编号")], int)


def test_usage_and_data_errors_change_nothing(cli, workspace):
    assert cli("sales", "--by", "week").exit_code == 2
    assert cli("sales", "--year", "2030", "--as-of", "2026-03-31").exit_code == 2
    assert cli("sales", "--as-of", "2026-03-31", "--out", workspace / "x.csv").exit_code == 2
    assert not (workspace / "x.csv").exists()
    result = cli("sales", "--year", "2020", "--as-of", "2026-03-31")
    assert result.exit_code == 1 and "2025-01-10" in result.output


def test_without_orders_says_what_to_import(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "c.xlsx", HEADERS, _rows(), title=None))
    result = cli("sales")
    assert result.exit_code == 1 and "orders" in result.output


def test_csv_in_the_terminal_writes_whole_amounts_without_a_decimal_point(cli, workspace):
    import csv

    out = cli("sales", "--by", "customers", "--format", "csv", "--as-of", "2026-11-20")
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(out.stdout.splitlines()))
    cells = [c for r in rows[1:] for c in r]
    assert any(c.isdigit() and int(c) >= 1000 for c in cells)  # amounts are there
    assert not any(c.endswith(".0") for c in cells)


def test_a_year_without_orders_names_the_years_to_try(cli, workspace):
    r = cli("sales", "--as-of", "2026-03-31", "--year", "2010", "--lang", "en")
    assert r.exit_code == 1
    assert r.output.rstrip().endswith("try --year 2025–2026"), r.output
    r = cli("sales", "--as-of", "2026-03-31", "--year", "2010")
    assert r.exit_code == 1 and r.output.startswith("错误：2010-01-01 至 2010-12-31 没有订单")
    assert r.output.rstrip().endswith("试试 --year 2025–2026"), r.output


def test_out_json_is_the_document_format_json_prints(cli, workspace):
    args = ("sales", "--year", "2026", "--as-of", "2026-03-31", "--by", "month", "--by", "product")
    printed = json.loads(cli(*args, "-f", "json").output)
    out = workspace / "s.json"
    assert cli(*args, "--out", out).exit_code == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document == printed and document["period"] == ["2026-01-01", "2026-03-31"]


def test_json_keys_are_the_same_in_every_lang(cli, workspace):
    # review r7 #2: 月度销售 in zh, sales by month in en, beside the English year/period/notes
    args = ("sales", "--year", "2026", "--as-of", "2026-03-31", "-f", "json")
    zh, en = (json.loads(cli(*args, "--lang", lang).stdout) for lang in ("zh", "en"))
    assert list(zh) == list(en)
    assert list(zh)[-7:] == ["month", "product", "town", "industry", "segment", "abc", "customers"]


def test_sales_errors_are_in_the_command_language(cli, workspace):
    cases = [
        ("sales", "--by", "colour"),
        ("sales", "--top-share", "0"),
        ("sales", "--year", "2030", "--as-of", "2026-01-01"),
        ("sales", "--year", "1990", "--as-of", "2026-03-31"),
        ("sales", "--year", "2026", "--as-of", "2026-03-31", "-f", "csv", "--by", "month", "--by", "product"),
        ("sales", "-f", "xml"),
    ]
    english = re.compile(r"\b(the|is|not|no|of|an|and|or|must|use|give|than|more|has|for|with)\b", re.I)
    cjk = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
    for args in cases:
        zh, en = cli(*args), cli(*args, "--lang", "en")
        assert zh.exit_code == en.exit_code and zh.exit_code in (1, 2), (args, zh.output)
        assert zh.output.startswith("错误：") and cjk.search(zh.output[3:]), zh.output
        assert not english.search(re.sub(r"--[\w-]+", "", zh.output)), zh.output  # options as typed
        assert en.output.startswith("error: ") and not cjk.search(en.output), en.output


def test_the_unlinked_note_counts_the_lines_of_the_period_and_its_year_before(cli, workspace):
    # 宁波某某公司's one line is dated 2026-03-01: 2026 (against 2025) holds it, 2025 (against 2024)
    # does not, and its tables have no (未关联客户) row, so no note says otherwise.
    def notes(year):
        r = cli("sales", "--year", year, "--as-of", "2026-03-31", "-f", "json", "--lang", "en")
        assert r.exit_code == 0, r.output
        return json.loads(r.output)["notes"]

    assert any(line.startswith("1 order line is not linked") for line in notes("2026"))
    assert not any("not linked" in line for line in notes("2025"))
