"""`regiontool pivot` end to end: SQL counting, filters, outputs, and its bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from conftest import dump, write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "区域经理", "客户分类", "是否关键联系人", "来源"]
ROWS = [
    ["华峰电器有限公司", "慈溪市长河镇垫桥村1号", "张伟", "王海波", "A", "是", "展会"],
    ["华峰电器有限公司", "慈溪市长河镇垫桥村1号", "李娜", "王海波", "A", "否", "展会"],
    ["宏达五金厂", "慈溪市长河镇环城北路5号", "赵敏", "王海波", "B", "否", "名录"],
    ["金鑫塑料有限公司", "慈溪市周巷镇兴业路2号", "钱强", "沈晓东", "V", "", "名录"],
    ["永光模具厂", "慈溪经济开发区新兴大道1号", "周杰", "沈晓东", "", "", ""],
]


@pytest.fixture
def workspace(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    return path


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_town_by_tier_counts_companies(cli, workspace):
    rows = _json(cli("pivot", "--by", "town", "--by", "tier", "-f", "json"))
    assert rows == [
        {"镇街": "长河镇", "A": 1, "B": 1, "V": 0, "(空白)": 0, "总计": 2},
        {"镇街": "周巷镇", "A": 0, "B": 0, "V": 1, "(空白)": 0, "总计": 1},
        {"镇街": "(空白)", "A": 0, "B": 0, "V": 0, "(空白)": 1, "总计": 1},
        {"镇街": "总计", "A": 1, "B": 1, "V": 1, "(空白)": 1, "总计": 4},
    ]


def test_key_contact_counts_contacts_and_title_says_so(cli, workspace):
    result = cli("pivot", "--by", "是否关键联系人", "--by", "客户分类")
    assert result.exit_code == 0
    assert "联系人数 · 是否关键联系人 × 客户分类" in result.stdout
    rows = _json(cli("pivot", "--by", "key_contact", "-f", "json", "--lang", "en"))
    assert rows == [
        {"key contact": "yes", "contacts": 1},
        {"key contact": "no", "contacts": 2},
        {"key contact": "(blank)", "contacts": 2},
        {"key contact": "Total", "contacts": 5},
    ]
    as_companies = _json(cli("pivot", "--by", "key_contact", "--count", "companies", "-f", "json"))
    assert [r["企业数"] for r in as_companies] == [1, 1, 2, 4]  # a firm with any key contact counts as 是


def test_where_filters_including_blank_and_not_equal(cli, workspace):
    rows = _json(cli("pivot", "--by", "town", "--where", "tier=A,B", "-f", "json"))
    assert rows[-1]["企业数"] == 2
    rows = _json(cli("pivot", "--by", "tier", "--where", "tier!=A", "-f", "json"))
    assert rows[-1]["企业数"] == 3  # B, V and the blank one
    rows = _json(cli("pivot", "--by", "tier", "--where", "tier=(空白)", "-f", "json"))
    assert rows == [{"客户分类": "(空白)", "企业数": 1}, {"客户分类": "总计", "企业数": 1}]


def test_original_column_and_csv_grid(cli, workspace):
    result = cli("pivot", "--by", "来源", "--by", "tier", "-f", "csv")
    assert result.exit_code == 0
    grid = list(csv.reader(io.StringIO(result.stdout)))
    assert grid[0] == ["来源", "A", "B", "V", "(空白)", "总计"]
    assert grid[-1] == ["总计", "2", "1", "1", "1", "5"]


def test_where_matching_nothing_is_an_empty_table(cli, workspace):
    result = cli("pivot", "--by", "town", "--where", "tier=E")
    assert result.exit_code == 0 and "没有符合筛选条件的记录" in result.stdout


def test_standard_workbook_and_sheet_append(cli, workspace, tmp_path):
    out = tmp_path / "pivots.xlsx"
    assert cli("pivot", "--standard", "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:4] == [
        "镇街×客户分类",
        "行业×客户分类",
        "是否关键联系人×客户分类",
        "区域经理×客户分类",
    ]
    ws = wb["镇街×客户分类"]
    assert ws["A1"].value == "企业数 · 镇街 × 客户分类" and ws.freeze_panes == "B4"
    assert ws["A3"].value == "镇街" and ws["A3"].font.b
    total_row = [c.value for c in ws[7]]
    assert total_row[0] == "总计" and total_row[-1] == 4 and ws["A7"].font.b
    assert ws.conditional_formatting and ws._charts
    assert cli("pivot", "--by", "tier", "--out", out, "--sheet", "分类").exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames[:5] == [
        "镇街×客户分类",
        "行业×客户分类",
        "是否关键联系人×客户分类",
        "区域经理×客户分类",
        "分类",
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["market"],
        ["tiers"],
        ["score"],
        ["rfm", "--as-of", "2026-11-20"],
        ["sales", "--as-of", "2026-11-20"],
        ["receivables", "--as-of", "2026-11-20"],
    ],
)
def test_sheet_append_to_another_commands_workbook_is_one_line(cli, workspace, tmp_path, command):
    # Their workbooks carry a spec the pivot command cannot recompute (a kind, or no sheet name):
    # a one-line usage error, the file untouched, not a traceback.
    from conftest import write_orders

    orders = write_orders(
        tmp_path / "o.xlsx",
        [
            ["华峰电器有限公司", dt.date(2026, 3, 1), "ERP", 50_000, "A1", 30_000],
            ["金鑫塑料有限公司", dt.date(2026, 9, 1), "ERP", 20_000, "A2", 0],
        ],
        headers=["客户名称", "订单日期", "产品", "金额", "订单编号", "已回款"],
    )
    assert cli("import", orders).exit_code == 0
    out = tmp_path / "other.xlsx"
    made = cli(*command, "--out", out)
    assert made.exit_code == 0, made.output
    before = out.read_bytes()
    result = cli("pivot", "--by", "town", "--out", out, "--sheet", "新")
    assert result.exit_code == 2, result.output
    assert f"错误：{out} 不是 regiontool pivot 写的透视表工作簿" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert out.read_bytes() == before


def test_pct_workbook_has_counts_beside(cli, workspace, tmp_path):
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--pct", "row", "--out", out).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[3]]
    assert header[:6] == ["镇街", "A", "B", "V", "(空白)", "总计"] and header[7:9] == ["镇街", "A"]
    assert ws["B4"].number_format == "0.0%" and ws["B4"].value == pytest.approx(0.5)


def _chart_xml(path, n: int = 1) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/charts/chart{n}.xml").decode()


@pytest.mark.parametrize("pct, axis, full", [("row", "占本行合计的比例", True)])
def test_pct_chart_draws_the_shares_on_a_percent_axis(cli, workspace, tmp_path, pct, axis, full):
    # The chart stacks the share columns (B:E of the left grid), not the counts beside them, so a
    # bar is not solid to a 100% the counts never meant; row shares fill each bar to 100%. (Column
    # shares: one bar per column, test_a_pct_col_chart_draws_one_full_bar_per_column_split_by_the_rows.)
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--pct", pct, "--out", out).exit_code == 0
    xml = _chart_xml(out)
    refs = re.findall(r"<c:val><c:numRef><c:f>[^!]*!\$(\w+)\$4:", xml)
    assert refs == ["B", "C", "D", "E"]  # A, B, V, (空白) shares; the 总计 column and counts left out
    assert 'formatCode="0%"' in xml and axis in xml and "数量" not in xml
    assert ('<c:max val="1"/>' in xml) is full
    out = tmp_path / "n.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--out", out).exit_code == 0
    xml = _chart_xml(out)
    assert "企业数" in xml and 'formatCode="0%"' not in xml and "<c:max " not in xml


def test_sum_of_employees(cli, tmp_path):
    headers = ["企业名称", "员工人数"]
    path = write_xlsx(
        tmp_path / "e.xlsx",
        headers=headers,
        rows=[["甲厂", 400], ["乙厂", 50], ["丙厂", None]],
        title=None,
        notes_sheet=False,
    )
    cli("import", path)
    rows = _json(cli("pivot", "--by", "size", "--values", "sum:员工人数", "-f", "json"))
    assert rows == [
        {"规模": "中型", "员工人数合计": 400.0},
        {"规模": "小型", "员工人数合计": 50.0},
        {"规模": "(空白)", "员工人数合计": 0.0},
        {"规模": "总计", "员工人数合计": 450.0},
    ]


def test_a_bound_is_left_out_of_a_sum_or_mean_and_the_output_says_how_many(cli, tmp_path):
    # 1000人以上 is no figure (not 1000), 50人以下 none either (not 24.5): left out, and counted in a note
    headers = ["企业名称", "员工人数", "年产值(万元)"]
    rows = [
        ["甲厂", 1200, 50000],
        ["乙厂", "1000人以上", 60000],
        ["丙厂", "50人以下", None],
        ["丁厂", "50人以下", None],
        ["戊厂", 30, "5000万以上"],
    ]
    cli("import", write_xlsx(tmp_path / "b.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False))
    result = cli("pivot", "--by", "size", "--values", "mean:员工人数", "-f", "json")
    rows = _json(result)
    assert rows[0] == {"规模": "大型", "员工人数平均": 1200.0} and rows[-1]["员工人数平均"] == 615.0
    assert result.stderr == "提示：未计入平均：3 家企业的员工人数只写了界限（如“1000人以上”），不是确切数字\n"
    result = cli("pivot", "--by", "size", "--values", "sum:员工人数", "--lang", "en")
    assert result.exit_code == 0 and "1,230" in result.stdout and "1,030" not in result.stdout
    assert (
        "left out of the sum: 3 companies whose employees figure is only a bound (such as 1000人以上)"
        in result.stdout
    )
    rows = _json(cli("pivot", "--by", "size", "--values", "sum:年产值", "-f", "json"))
    assert rows[-1]["年产值合计"] == 110000.0
    out = tmp_path / "m.xlsx"
    assert cli("pivot", "--by", "town", "--values", "mean:员工人数", "--out", out).exit_code == 0
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "未计入平均：3 家企业的员工人数只写了界限（如“1000人以上”），不是确切数字" in cells
    # without a bound there is no note
    result = cli("pivot", "--by", "size", "--values", "mean:员工人数", "--where", "size=小型", "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_original_column_of_words_is_not_added_up(cli, tmp_path):
    # 来源 holds words: refused (it would add up as 0), and the hint offers only 件数, which holds
    # numbers; a word among the numbers (约10) is left out of the sum and the mean, not read as 0.
    headers = ["企业名称", "来源", "件数"]
    rows = [["甲厂", "展会", 4], ["乙厂", "名录", "约10"], ["丙厂", "网络", 2]]
    cli("import", write_xlsx(tmp_path / "w.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False))
    result = cli("pivot", "--by", "tier", "--values", "sum:来源", "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "cannot add up '来源': it holds no numbers" in result.output
    assert (
        "an original column with numbers: 件数" in result.output and "来源" not in result.output.split("—")[1]
    )
    assert len(result.output.strip().splitlines()) == 1
    result = cli("pivot", "--by", "tier", "--values", "sum:来源")
    assert result.output == (
        "错误：“来源”不能相加（这一列没有数字）：可相加的字段有 员工人数 (employees)、年产值 (revenue)，"
        "以及含数字的原始列：件数\n"
    )
    rows = _json(cli("pivot", "--by", "tier", "--values", "mean:件数", "-f", "json"))
    assert rows[-1] == {"客户分类": "总计", "件数平均": 3.0}
    rows = _json(cli("pivot", "--by", "tier", "--values", "sum:件数", "-f", "json"))
    assert rows[-1] == {"客户分类": "总计", "件数合计": 6.0}


def test_an_original_column_counts_only_whole_numbers_and_says_what_it_left_out(cli, tmp_path):
    # 1000人以上 is not 1000, 3-5 not 3, 约10 not 0; 1,200 is 1200 (SQLite's CAST read 1).
    headers = ["企业名称", "样品件数"]
    rows = [
        ["甲厂", 100],
        ["乙厂", "1,200"],
        ["丙厂", "1000人以上"],
        ["丁厂", "3-5"],
        ["戊厂", " 7 "],
        ["己厂", None],
    ]
    cli("import", write_xlsx(tmp_path / "n.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False))
    result = cli("pivot", "--by", "tier", "--values", "sum:样品件数", "-f", "json")
    assert _json(result)[-1] == {"客户分类": "总计", "样品件数合计": 1307.0}
    assert result.stderr == "提示：未计入合计：2 家企业的“样品件数”不是一个确切数字（如“1000人以上”）\n"
    result = cli("pivot", "--by", "tier", "--values", "mean:样品件数", "--lang", "en")
    assert result.exit_code == 0 and "435.7" in result.stdout
    assert (
        "left out of the mean: 2 companies whose '样品件数' is not a plain number (such as 1000人以上)"
        in (result.stdout)
    )
    out = tmp_path / "n_out.xlsx"
    assert (
        cli(
            "pivot", "--by", "tier", "--values", "sum:样品件数", "--count", "contacts", "--out", out
        ).exit_code
        == 0
    )
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "未计入合计：2 个联系人的“样品件数”不是一个确切数字（如“1000人以上”）" in cells


@pytest.mark.parametrize(
    "args, words",
    [
        (["--by", "tow"], ["unknown field", "town"]),
        (["--by", "town", "--pct", "rows"], ["--pct"]),
        (["--by", "town", "--values", "sum:联系人"], ["cannot add up"]),
        (["--by", "town", "--where", "tier"], ["--where"]),
        (
            ["--by", "town", "--by", "tier", "--where", "tier=F"],
            ["unknown tier 'F'", "A B C D E F1 F2 F3 O V"],
        ),
        (["--by", "town", "--where", "tier!=A,大客户"], ["unknown tier '大客户'", "(空白)"]),
        (["--by", "town", "--where", "size=巨型"], ["unknown size '巨型'", "大型 中型 小型 微型"]),
        (["--by", "tier", "--where", "是否关键联系人=maybe"], ["'maybe'", "是 否"]),
        (["--standard", "--by", "town"], ["--standard"]),
        ([], ["--by"]),
    ],
)
def test_bad_usage_exit_2(cli, workspace, args, words):
    result = cli("pivot", *args, "--lang", "en")
    assert result.exit_code == 2, result.output
    for w in words:
        assert w in result.output
    assert "Traceback" not in result.output


def test_where_tier_takes_the_importers_spellings(cli, workspace):
    # f1 / Ｆ１ / 我方用户 read as the importer reads them; `list` refuses an unknown tier like pivot.
    rows = _json(cli("pivot", "--by", "tier", "--where", "tier=a,Ｖ,空白", "-f", "json"))
    assert rows == [
        {"客户分类": "A", "企业数": 1},
        {"客户分类": "V", "企业数": 1},
        {"客户分类": "(空白)", "企业数": 1},
        {"客户分类": "总计", "企业数": 3},
    ]
    rows = _json(cli("pivot", "--by", "tier", "--where", "tier=我方用户", "-f", "json"))
    assert rows[0] == {"客户分类": "V", "企业数": 1}
    result = cli("list", "--where", "tier=Z", "--lang", "en")
    assert result.exit_code == 2 and "unknown tier 'Z'" in result.output and "F3" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_coded_values_are_translated_with_lang_en(cli, tmp_path):
    # 是/否 and the size bands are stored in Chinese; --lang en prints them as `list --lang en` does.
    headers = ["企业名称", "联系人", "是否关键联系人", "员工人数", "年产值(万元)"]
    rows = [
        ["甲厂", "张三", "是", 2000, 50000],
        ["乙厂", "李四", "否", 30, 500],
        ["乙厂", "王五", "", 30, 500],
    ]
    path = write_xlsx(tmp_path / "k.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    rows = _json(cli("pivot", "--by", "是否关键联系人", "--by", "size", "-f", "json", "--lang", "en"))
    assert [r["key contact"] for r in rows] == ["yes", "no", "(blank)", "Total"]
    assert list(rows[0]) == ["key contact", "large", "small", "Total"]
    zh = _json(cli("pivot", "--by", "key_contact", "-f", "json"))
    assert [r["是否关键联系人"] for r in zh] == ["是", "否", "(空白)", "总计"]


def test_industries_are_named_in_english_from_the_taxonomy_with_lang_en(cli, tmp_path):
    from regiontool.enrich.industry import IndustryRules

    english = {i.label: i.en for i in IndustryRules.load().industries}
    path = write_xlsx(
        tmp_path / "i.xlsx",
        headers=["企业名称", "联系人"],
        rows=[["宁波甲电器有限公司", "张三"], ["宁波乙五金厂", "李四"], ["宁波丙贸易商行", "王五"]],
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    zh = [r["行业"] for r in _json(cli("pivot", "--by", "industry", "-f", "json"))][:-1]
    en = [r["industry"] for r in _json(cli("pivot", "--by", "industry", "-f", "json", "--lang", "en"))][:-1]
    assert en == [english[label] for label in zh] and all(label not in en for label in zh)
    out = tmp_path / "e.csv"
    assert cli("export", out, "--lang", "en").exit_code == 0
    exported = {row["industry"] for row in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())}
    assert exported == set(en)


def test_no_workspace(cli):
    result = cli("pivot", "--by", "town")
    assert result.exit_code == 1 and "regiontool import" in result.output


def test_several_tables_do_not_fit_one_csv(cli, workspace, tmp_path):
    result = cli("pivot", "--standard", "--out", tmp_path / "s.csv")
    assert result.exit_code == 2 and "一个 CSV 文件只能放一张表，这里有 4 张" in result.output
    result = cli("pivot", "--standard", "--out", tmp_path / "s.csv", "--lang", "en")
    assert result.exit_code == 2 and "a CSV file holds one table, not 4" in result.output
    assert not (tmp_path / "s.csv").exists()


def test_standard_on_stdout_is_one_document_as_out_writes_it(cli, workspace, tmp_path):
    # review r7 #1: -f json printed four arrays one after the other, -f csv four tables glued
    printed = cli("pivot", "--standard", "-f", "json")
    assert printed.exit_code == 0, printed.output
    assert cli("pivot", "--standard", "--out", tmp_path / "s.json").exit_code == 0
    document = json.loads(printed.stdout)
    assert document == json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    # review r7 #2: keyed 镇街×客户分类 … in zh, town×tier … in en
    keys = ["town_by_tier", "industry_by_tier", "key_contact_by_tier", "manager_by_tier"]
    assert list(document) == keys
    assert list(json.loads(cli("pivot", "--standard", "-f", "json", "--lang", "en").stdout)) == keys
    for lang in ("zh", "en"):
        on_stdout = cli("pivot", "--standard", "-f", "csv", "--lang", lang)
        to_file = cli("pivot", "--standard", "--out", tmp_path / "s.csv", "--lang", lang)
        assert on_stdout.exit_code == to_file.exit_code == 2
        assert on_stdout.stdout == "" and on_stdout.stderr == to_file.stderr
    assert not (tmp_path / "s.csv").exists()


def test_where_size_and_key_contact_take_the_importers_spellings(cli, workspace):
    by_code = _json(cli("pivot", "--by", "tier", "--where", "是否关键联系人=是", "-f", "json"))
    assert _json(cli("pivot", "--by", "tier", "--where", "key_contact=yes,√", "-f", "json")) == by_code
    assert list(by_code[-1].values())[-1] > 0  # the total: some rows match


def test_market_and_sales_name_industries_in_english_too(cli, tmp_path):
    from regiontool.enrich.industry import IndustryRules

    english = {i.en for i in IndustryRules.load().industries}
    examples = Path(__file__).parent.parent / "examples"
    assert cli("import", examples / "contacts.xlsx", examples / "orders.xlsx").exit_code == 0
    market = _json(cli("market", "--table", "industries", "-f", "json", "--lang", "en"))["industries"]
    assert market and all(row["industry"] in english | {"(blank)"} for row in market)
    sales = _json(cli("sales", "--as-of", "2026-11-20", "--by", "industry", "-f", "json", "--lang", "en"))
    named = {r["industry"] for r in sales["industry"]}
    assert named & english and not any(re.search(r"[\u4e00-\u9fff]", n) for n in named)


_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
_EN_SENTENCE = re.compile(r"\b[a-z]+(?: [a-z]+){2,}\b")  # three English words in a row


def _field_words() -> list[str]:
    from regiontool import vocab
    from regiontool.analysis.pivot import PIVOT_FIELDS

    return [vocab.label(k) for k in PIVOT_FIELDS] + [
        "员工人数",
        "年产值",
        "大型 中型 小型 微型",
        "(空白)",
        "空白",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["pivot", "--by", "tow"],
        ["pivot"],
        ["pivot", "--by", "town", "--pct", "rows"],
        ["pivot", "--by", "town", "--sort", "size"],
        ["pivot", "--by", "town", "--top", "0"],
        ["pivot", "--by", "town", "--by", "镇街"],
        ["pivot", "--by", "town", "--values", "sum:联系人"],
        ["pivot", "--by", "town", "--values", "max:员工人数"],
        ["pivot", "--by", "town", "--values", "mean:员工人数", "--pct", "row"],
        ["pivot", "--by", "town", "--where", "tier"],
        ["pivot", "--by", "town", "--where", "size=巨型"],
        ["pivot", "--by", "town", "--count", "firms"],
        ["pivot", "--by", "a", "--by", "b", "--by", "c", "--by", "d"],
        ["pivot", "--standard", "--by", "town"],
        ["pivot", "--standard", "--out", "s.csv"],
        ["pivot", "--by", "town", "--out", "p.txt"],
        ["tiers", "--by", "industry"],
        ["market", "--table", "nope"],
        ["market", "--min-share", "-1"],
        ["market", "--target-industries", "火箭"],
        ["market", "--table", "competitors"],
        ["list", "--sort", "bogus"],
        ["list", "--limit", "0"],
        ["explain", " "],
        ["explain", "不存在的公司"],
        ["explain", "有限公司"],
    ],
)
def test_analysis_errors_are_one_line_in_the_commands_language(cli, workspace, tmp_path, args):
    # 错误： and a Chinese line by default (no English sentence), error: and English with --lang en,
    # where the only Chinese is what the command was given and the data's own values
    args = [str(tmp_path / a) if a.endswith((".csv", ".txt")) else a for a in args]
    zh, en = cli(*args), cli(*args, "--lang", "en")
    assert zh.exit_code == en.exit_code and zh.exit_code in (1, 2), zh.output
    line = zh.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith("错误：") and _CJK.search(line[3:]), line
    assert not _EN_SENTENCE.search(line.replace(str(tmp_path), "")), line
    line = en.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith("error: "), line
    text = line
    given = [part for a in args for part in re.split(r"[=:]", a)]  # 巨型 of size=巨型, 联系人 of sum:联系人
    examples = [
        "慈溪市华峰电器厂",
        "华峰",
        "、",
        "竞争对手",
    ]  # the hints' examples and headers; 、 joins names
    data = [*given, *_field_words(), *HEADERS, *(r[0] for r in ROWS), *examples]
    data += ["电子电器", "五金机械", "塑料", "模具"]  # the industries here
    for word in sorted(data, key=len, reverse=True):
        text = text.replace(word, " ")
    assert not _CJK.search(text), line


def test_a_pct_col_chart_draws_one_full_bar_per_column_split_by_the_rows(tmp_path, cli):
    """Review r14 #6: with --pct col each tier's shares add up to 100 % over the towns; a bar per
    town stacking 11 tiers' shares added unrelated numbers (up to an axis of 120 %)."""
    write_xlsx(tmp_path / "c.xlsx")
    assert cli("import", tmp_path / "c.xlsx").exit_code == 0
    out = tmp_path / "p.xlsx"
    r = cli("pivot", "--by", "town", "--by", "tier", "--pct", "col", "--out", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).worksheets[0]
    (chart,) = ws._charts
    header = [c.value for c in ws[3]]
    column = [row[0].value for row in ws.iter_rows(min_row=4)]
    towns = column[: column.index("总计")]  # (notes may follow the table)
    last_tier = header.index("总计") - 1  # 0-based: the value columns B … before 总计
    letter = openpyxl.utils.get_column_letter
    assert [s.tx.strRef.f.split("!")[1] for s in chart.series] == [f"$A${4 + i}" for i in range(len(towns))]
    for i, series in enumerate(chart.series):  # a town's shares of each tier, across the tiers
        assert series.val.numRef.f.split("!")[1] == f"$B${4 + i}:${letter(last_tier + 1)}${4 + i}"
        assert series.cat.strRef.f.split("!")[1] == f"$B$3:${letter(last_tier + 1)}$3"  # the tiers
    xml = _chart_xml(out)
    assert '<c:grouping val="stacked"/>' in xml and '<c:max val="1"/>' in xml  # each bar is 100 %
    assert 'formatCode="0%"' in xml and "占本列合计的比例" in xml
    out = tmp_path / "row.xlsx"  # --pct row: a bar per town, split by the tiers, as before
    assert cli("pivot", "--by", "town", "--by", "tier", "--pct", "row", "--out", out).exit_code == 0
    (chart,) = openpyxl.load_workbook(out).worksheets[0]._charts
    assert chart.series[0].tx.strRef.f.split("!")[1] == "$B$3"


def test_a_second_values_is_refused_not_dropped(cli, workspace, db):
    """Review r92 F3: --values twice showed the last one only; now it is refused (exit 2), nothing
    written, and one --values still works."""
    before = dump(db)
    result = cli("pivot", "--by", "size", "--values", "sum:员工人数", "--values", "mean:年产值")
    assert result.exit_code == 2 and "--values 给了 2 次" in result.stderr
    assert "Traceback" not in result.output and dump(db) == before
    standard = cli("pivot", "--standard", "--values", "sum:员工人数")  # its four pivots count (review r93)
    assert standard.exit_code == 2 and "请去掉 --values" in standard.stderr
    one = cli("pivot", "--by", "size", "--values", "sum:员工人数", "-f", "csv")
    assert one.exit_code == 0 and "员工人数" in one.stdout.splitlines()[0]


def test_firms_with_an_unknown_tier_are_counted_blank_and_the_pivot_and_funnel_say_so(cli, tmp_path):
    """Review r92 F2: A+ and 大客户 are counted under (空白), and a line under the table says how many
    and which texts, in the terminal, beside CSV (stderr) and in the workbook; a filter that keeps
    no blank tier has no such line."""
    rows = [
        ["甲电器有限公司", "慈溪市长河镇1号", "张伟", "王海波", "A+", "是", ""],
        ["乙五金厂", "慈溪市长河镇2号", "李娜", "王海波", "大客户", "否", ""],
        ["丙塑料有限公司", "慈溪市周巷镇3号", "赵敏", "沈晓东", "A+", "", ""],
        ["丁模具厂", "慈溪市周巷镇4号", "钱强", "沈晓东", "B", "", ""],
        ["戊机械厂", "慈溪市周巷镇5号", "周杰", "沈晓东", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    line = "（空白）含 3 家企业写了无法识别的客户分类（A+ 2、大客户 1），按空白计"
    shown = cli("pivot", "--by", "town", "--by", "tier")
    assert shown.exit_code == 0 and line in shown.stdout.replace("\n", ""), shown.stdout
    as_csv = cli("pivot", "--by", "tier", "-f", "csv")
    assert line in as_csv.stderr and line not in as_csv.stdout
    assert "(空白),4" in as_csv.stdout  # three unknown and one blank tier: counted blank, as before
    assert line not in cli("pivot", "--by", "tier", "--where", "tier=B").output
    assert "2 家企业" in cli("pivot", "--by", "tier", "--where", "town=长河镇").stdout.replace("\n", "")
    funnel = cli("tiers")
    assert funnel.exit_code == 0 and line in funnel.stdout.replace("\n", "")
    en = cli("tiers", "-f", "csv", "--lang", "en")
    assert "(blank) includes 3 companies whose tier names no code (A+ 2, 大客户 1)" in en.stderr
    out = tmp_path / "t.xlsx"
    assert cli("tiers", "--out", out).exit_code == 0
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and line in c for c in cells)
