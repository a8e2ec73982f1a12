"""`regiontool report`: one workbook with every section, checked structurally and in LibreOffice."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from conftest import write_orders, write_xlsx
from regiontool.store.db import is_url

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def full(cli, tmp_path):
    assert cli("import", EXAMPLES / "contacts.xlsx", EXAMPLES / "orders.xlsx").exit_code == 0
    return tmp_path


def _series_cells(wb, ref: str) -> list:
    sheet, cells = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return [
        ws.cell(row=r, column=c).value
        for r in range(min_row, max_row + 1)
        for c in range(min_col, max_col + 1)
    ]


def test_every_section_with_charts_that_point_at_data(cli, full):
    out = full / "report.xlsx"
    result = cli("report", "--as-of", "2026-11-20", "--out", out)
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    names = wb.sheetnames
    for expected in (
        "概览",
        "镇街×客户分类",
        "行业×客户分类",
        "是否关键联系人×客户分类",
        "区域经理×客户分类",
        "客户分级",
        "行业",
        "镇街密度",
        "空白市场",
        "标杆镇",
        "RFM分群",
        "规模×忠诚",
        "流失预警",
        "下周计划",
        "资源表",
        "问题",
    ):
        assert expected in names, expected
    charts = [(ws.title, c) for ws in wb.worksheets for c in ws._charts]
    assert {t for t, _ in charts} >= {"镇街×客户分类", "客户分级", "行业", "RFM分群"}
    for title, chart in charts:
        for series in chart.series:
            values = _series_cells(wb, series.val.numRef.f)
            assert any(isinstance(v, int | float) and v for v in values), (title, series.val.numRef.f)
            categories = _series_cells(wb, (series.cat.strRef or series.cat.numRef).f)
            assert all(c not in (None, "") for c in categories), title
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    # The plan is carried on the road: whom to visit and their phone on one printed sheet.
    assert (wb["下周计划"].page_setup.fitToWidth or 1) == 1  # 1 is the default, left out of the file
    # … and its long texts wrap, so that one page wide is not shrunk to unreadable type
    from regiontool.io.write import PRINT_WIDTH_PER_PAGE
    from regiontool.report import PLAN_COLUMN_WIDTH

    plan = wb["下周计划"]
    widths = [d.width for d in plan.column_dimensions.values() if d.width]
    assert max(widths) <= PLAN_COLUMN_WIDTH + 1 and sum(widths) <= PRINT_WIDTH_PER_PAGE  # +0.71 padding
    first = wb["概览"]["A1"].value
    assert "2026-11-20" in first
    resource = wb["资源表"]
    assert "Resources" in resource.tables
    assert resource.max_row == 1 + 4945


def test_formula_like_text_stays_text_in_the_resource_sheet(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    out = tmp_path / "r.xlsx"
    assert cli("report", "--out", out).exit_code == 0
    ws = load_workbook(out)["资源表"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x")' in texts and "@张经理 跟进" in texts
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_without_orders_the_value_section_says_what_to_run(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    out = tmp_path / "r.xlsx"
    result = cli("report", "--out", out)
    assert result.exit_code == 0
    assert "regiontool import orders.xlsx" in result.output
    # every section that needs orders says so in the same words, and stderr says it once
    assert result.stderr.count("尚未导入订单") == 1, result.stderr
    wb = load_workbook(out)
    assert wb["客户价值"]["A3"].value.startswith("尚未导入订单")
    assert wb["客户价值"]["A3"].value == wb["购买行为"]["A3"].value
    assert not wb["客户价值"]._charts


def test_default_name_in_the_current_folder_and_english(cli, tmp_path, monkeypatch):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    cli(
        "import", write_orders(tmp_path / "o.xlsx", [["宁波宏达五金厂", "2026-07-01", "ERP", 1, 9000, "SO1"]])
    )
    monkeypatch.chdir(tmp_path)
    result = cli("report", "--as-of", "2026-11-20", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("report-20261120.xlsx")
    wb = load_workbook(tmp_path / "report-20261120.xlsx")
    assert {"Overview", "Segments", "Next week", "Resources", "Problems"} <= set(wb.sheetnames)


@pytest.mark.parametrize("args", [("--out", "r.csv"), ("--as-of", "someday")])
def test_bad_usage(cli, tmp_path, args, monkeypatch):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    monkeypatch.chdir(tmp_path)
    result = cli("report", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not list(tmp_path.glob("r.csv")) and not list(tmp_path.glob("report-*"))


def test_empty_workspace_is_a_data_error(cli, db):
    from regiontool.store import Workspace

    Workspace.open(db, create=True).close()
    assert cli("report").exit_code == 1


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice not installed"
)
def test_libreoffice_opens_it_and_shows_no_hash_cells(cli, full, db):
    # The other tests here check the report from both databases; LibreOffice renders it once.
    if is_url(str(db)):
        pytest.skip("rendered from the SQLite workspace only (about 3 minutes of LibreOffice)")
    out = full / "report.xlsx"
    assert cli("report", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(full), str(out)],
        check=True,
        capture_output=True,
        timeout=600,
        env={"HOME": str(full), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    text = subprocess.run(
        ["pdftotext", str(full / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    for title in ("概览", "客户分级漏斗", "RFM 客户分群", "流失预警", "下周计划"):
        assert title in text, title
    assert not re.search(r"#{3,}", text)


def test_the_report_announces_exactly_its_stages(cli, db, tmp_path):
    import datetime as dt

    from regiontool.report import REPORT_STAGES, build_report
    from regiontool.store import Workspace

    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    seen = []
    with Workspace.open(db) as ws:
        build_report(ws, dt.date(2026, 11, 20), progress=seen.append)
    assert tuple(seen) == REPORT_STAGES


def test_english_next_week_gives_the_churn_reason_in_english(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    orders = [["宁波宏达五金厂", f"2026-0{m}-01", "ERP", 1, 9000, f"SO{m}"] for m in (1, 2, 3)]
    cli("import", write_orders(tmp_path / "o.xlsx", orders))
    out = tmp_path / "r.xlsx"
    result = cli("report", "--as-of", "2026-11-20", "--lang", "en", "--out", out)
    assert result.exit_code == 0, result.output
    cells = [str(v) for row in load_workbook(out)["Next week"].iter_rows(values_only=True) for v in row if v]
    assert any("churn warning: " in c and "days without an order" in c for c in cells)
    assert not any("未下单" in c for c in cells)


def test_the_notes_on_sections_left_out_are_in_the_reports_language(cli, tmp_path):
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    zh = cli("report", "--out", tmp_path / "zh.xlsx")
    en = cli("report", "--out", tmp_path / "en.xlsx", "--lang", "en")
    assert zh.exit_code == 0 and en.exit_code == 0
    zh_notes = [line for line in zh.stderr.splitlines() if line.strip()]
    en_notes = [line for line in en.stderr.splitlines() if line.strip()]
    assert zh_notes and all(line.startswith("提示：") for line in zh_notes)  # no orders, no targets …
    assert en_notes and all(line.startswith("note: ") for line in en_notes)
    assert not any(re.search(r"[\u4e00-\u9fff]", line) for line in en_notes)


def test_a_report_narrowed_to_a_manager_sets_no_territory_target_against_their_sales(cli, full):
    assert cli("target", "set", "2026Q4", "3,000,000").exit_code == 0
    whole, mine = full / "whole.xlsx", full / "mine.xlsx"
    assert cli("report", "--as-of", "2026-11-20", "--out", whole).exit_code == 0
    result = cli("report", "--as-of", "2026-11-20", "--out", mine, "--manager", "王海波")
    assert result.exit_code == 0, result.output

    def tracking(path) -> str:  # every 目标跟踪 sheet's cells as one text
        wb = load_workbook(path)
        sheets = [wb[n] for n in wb.sheetnames if n.startswith("目标跟踪")]
        return " ".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row)

    texts = {"whole": tracking(whole), "mine": tracking(mine)}
    assert "3,000,000" in texts["whole"] or "3000000" in texts["whole"]
    assert "3,000,000" not in texts["mine"] and "3000000" not in texts["mine"]
    assert "不随 --manager 缩小" in texts["mine"] and "王海波" in texts["mine"]
    assert "不随 --manager 缩小" in result.stderr


def test_a_report_narrowed_to_a_manager_says_its_note_once_and_whole(cli, full):
    for lang, end in (("zh", "列出每位经理的目标"), ("en", "lists each manager's target")):
        result = cli(
            "report",
            "--as-of",
            "2026-11-20",
            "--out",
            full / f"{lang}.xlsx",
            "--manager",
            "王海波",
            "--lang",
            lang,
        )
        assert result.exit_code == 0, result.output
        text = " ".join(result.stderr.split())  # the console wraps long lines
        marker = "不随 --manager 缩小" if lang == "zh" else "not narrowed by --manager"
        assert text.count(marker) == 1
        assert end in text


def test_the_reports_dates_are_date_cells(cli, full):
    import datetime as dt

    out = full / "report.xlsx"
    assert cli("report", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    wb = load_workbook(out)
    for name, column in (("流失预警", "最近下单"), ("下周计划", "日期")):
        ws = wb[name]
        header = [c.value for c in ws[3]]
        j = header.index(column) + 1
        cells = []
        for r in range(4, ws.max_row + 1):  # the table, down to the notes under it
            if ws.cell(row=r, column=1).value is None:
                break
            cells.append(ws.cell(row=r, column=j))
        assert cells, name
        assert all(isinstance(c.value, dt.datetime) and c.number_format == "yyyy-mm-dd" for c in cells), name


def test_report_errors_are_one_line_in_the_commands_language(cli, db, tmp_path, monkeypatch):
    from test_cli_plan import _one_line_in

    from regiontool.store import Workspace

    monkeypatch.chdir(tmp_path)
    Workspace.open(db, create=True).close()
    for args in (("report",), ("plan",)):  # an empty workspace
        zh = _one_line_in(cli(*args), "zh", 1)
        assert zh == "错误：工作区是空的：请先运行 `regiontool import 文件`"
        _one_line_in(cli(*args, "--lang", "en"), "en", 1)
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    zh = _one_line_in(cli("report", "--out", "r.csv"), "zh", 2)
    assert zh == "错误：报告是 .xlsx 工作簿，不能写成“.csv”"
    en = _one_line_in(cli("report", "--out", "r.csv", "--lang", "en"), "en", 2)
    assert en == "error: a report is an .xlsx workbook, not '.csv'"


def test_the_sheet_names_take_one_style_in_each_language(cli, full):
    # review r9 #8: tiers, white space, top customers beside Overview and Chase list; Volume x loyalty
    # beside town×tier; 目标跟踪-月份 and Target tracking-month beside 竞品·镇街 and competitors by town.
    from test_vocab_sheets import check_style

    assert cli("import", EXAMPLES / "payments.xlsx").exit_code == 0
    assert cli("target", "set", "2026Q4", "3000000").exit_code == 0
    names = {}
    for lang in ("zh", "en"):
        out = full / f"report_{lang}.xlsx"
        assert cli("report", "--as-of", "2026-11-20", "--out", out, "--lang", lang).exit_code == 0
        names[lang] = [n for n in load_workbook(out, read_only=True).sheetnames if not n.startswith("_")]
        for name in names[lang]:
            check_style(name, lang)
    assert {"竞品·镇街", "目标跟踪·月份", "目标跟踪·区域经理", "预期损益·月份"} <= set(names["zh"])
    assert names["en"][:6] == [
        "Overview",
        "Town × tier",
        "Industry × tier",
        "Key contact × tier",
        "Manager × tier",
        "Tiers",
    ]
    for name in (
        "White space",
        "Competitors by town",
        "Volume × loyalty",
        "Sales by month",
        "Top customers",
        "Target tracking by month",
        "Chase list",
        "Expected P&L by month",
        "Next week",
    ):
        assert name in names["en"], name
    assert len(names["zh"]) == len(names["en"])


def test_every_commands_workbook_names_its_sheets_in_the_same_style(cli, full):
    from test_vocab_sheets import check_style

    assert cli("import", EXAMPLES / "payments.xlsx").exit_code == 0
    assert cli("target", "set", "2026Q4", "3000000").exit_code == 0
    commands = {
        "pivot": ["pivot", "--standard"],
        "tiers": ["tiers", "--by", "manager"],
        "market": ["market"],
        "score": ["score"],
        "sales": ["sales", "--as-of", "2026-11-20"],
        "rfm": ["rfm", "--as-of", "2026-11-20"],
        "target": ["target", "show", "2026Q4"],
        "track": ["track", "--period", "2026Q4", "--as-of", "2026-11-20"],
        "receivables": ["receivables", "--as-of", "2026-11-20"],
        "list": ["list"],
    }
    seen = {}
    for lang in ("zh", "en"):
        for name, args in commands.items():
            out = full / f"{name}_{lang}.xlsx"
            result = cli(*args, "--out", out, "--lang", lang)
            assert result.exit_code == 0, (name, result.output)
            sheets = [n for n in load_workbook(out, read_only=True).sheetnames if not n.startswith("_")]
            for sheet in sheets:
                check_style(sheet, lang)
            seen[name, lang] = sheets
    assert seen["target", "zh"] == ["目标分解·月份", "目标分解·区域经理", "目标分解·产品"]
    assert seen["target", "en"] == [
        "Target split by month",
        "Target split by manager",
        "Target split by product",
    ]
    assert seen["tiers", "en"] == ["Tiers", "Funnel health"] and seen["list", "en"] == ["Company list"]
    assert seen["score", "en"] == ["Opportunity energy", "Energy grades"]
    assert seen["receivables", "en"][-1] == "Receivables by product"


def test_a_report_made_before_the_years_first_order_shows_last_year_and_takes_year(cli, tmp_path):
    """In early January the as-of year has no orders yet: the sales sheets show last year in full,
    labelled, as `sales` does; `report --year` picks another year, and the hint left when no year
    near --as-of has orders names an option `report` has."""
    cli("import", write_xlsx(tmp_path / "c.xlsx"))
    orders = [
        ["宁波宏达五金厂", f"{y}-0{m}-15", "ERP", 1, 1000 * m, f"SO{y}{m}"]
        for y in (2025, 2026)
        for m in (3, 6)
    ]
    assert cli("import", write_orders(tmp_path / "o.xlsx", orders)).exit_code == 0

    r = cli("report", "--as-of", "2027-01-08", "--out", tmp_path / "r.xlsx")
    assert r.exit_code == 0, r.output
    assert "没有订单" not in r.output and "试试 --year" not in r.output
    sheet = load_workbook(tmp_path / "r.xlsx")["月度销售"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert cells[0] == "月度销售：2026年与2025年（2027-01-08）"
    assert "2027-01-01 至 2027-01-08 还没有订单：显示上一年 2026 全年" in cells

    r = cli("report", "--as-of", "2027-01-08", "--year", "2025", "--out", tmp_path / "r2.xlsx")
    assert r.exit_code == 0, r.output
    assert (
        load_workbook(tmp_path / "r2.xlsx")["月度销售"]["A1"].value
        == "月度销售：2025年与2024年（2027-01-08）"
    )
    assert (
        cli("report", "--as-of", "2027-01-08", "--year", "2030", "--out", tmp_path / "r3.xlsx").exit_code == 2
    )
    assert not (tmp_path / "r3.xlsx").exists()

    r = cli("report", "--as-of", "2028-03-01", "--out", tmp_path / "r4.xlsx")  # neither 2028 nor 2027
    hint = re.search(r"试试 (--year) (\d{4})", r.output)
    assert r.exit_code == 0 and hint, r.output
    r = cli("report", "--as-of", "2028-03-01", *hint.groups(), "--out", tmp_path / "r5.xlsx")
    assert r.exit_code == 0, r.output

    en = cli("sales", "--as-of", "2027-01-08", "--by", "month", "-f", "json", "--lang", "en")
    assert en.exit_code == 0, en.output
    data = json.loads(en.stdout)
    assert data["year"] == 2026 and data["period"] == ["2026-01-01", "2026-12-31"]
    assert data["notes"][0] == "no orders yet from 2027-01-01 to 2027-01-08: showing last year, 2026, in full"
