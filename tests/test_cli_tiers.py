"""`regiontool tiers` through the CLI on a generated workbook."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

from conftest import write_xlsx

HEADERS = ["企业名称", "区域经理", "客户分类"]


def _workspace(cli, tmp_path):
    rows = [[f"甲{i}厂", "王海波", tier] for i, tier in enumerate("AAAAABBBBCCCCDDDDDDV")]
    rows += [[f"乙{i}厂", "沈晓东", tier] for i, tier in enumerate("ACCCCCCCCDDDDDDDDB")]
    path = write_xlsx(tmp_path / "t.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def test_tiers_json_counts_and_verdict(cli, tmp_path):
    _workspace(cli, tmp_path)
    data = json.loads(cli("tiers", "-f", "json").stdout)
    counts = {r["客户分类"]: r["企业数"] for r in data["tiers"]}
    assert counts["A"] == 6 and counts["C"] == 12 and counts["V"] == 1 and counts["总计"] == 38
    assert data["health"][0]["漏斗健康度"] in ("一般", "良性循环", "停滞")


def test_tiers_by_manager_gives_one_verdict_each(cli, tmp_path):
    _workspace(cli, tmp_path)
    data = json.loads(cli("tiers", "--by", "manager", "-f", "json", "--lang", "en").stdout)
    health = {r["manager"]: r["funnel health"] for r in data["health"]}
    assert health == {"王海波": "virtuous circle", "沈晓东": "stuck"}


def test_tiers_of_one_manager_names_the_manager_not_the_territory(cli, tmp_path):
    _workspace(cli, tmp_path)
    data = json.loads(cli("tiers", "--manager", "沈晓东", "-f", "json").stdout)
    assert [r["企业数"] for r in data["tiers"] if r["客户分类"] == "总计"] == [18]
    assert [(r["范围"], r["漏斗健康度"]) for r in data["health"]] == [("沈晓东", "停滞")]
    everyone = json.loads(cli("tiers", "--all", "-f", "json", "--lang", "en").stdout)
    assert [r["scope"] for r in everyone["health"]] == ["territory"]


@pytest.mark.parametrize("by", [["--by", "manager"], ["--by", "town"], []])
def test_tiers_workbook_holds_the_table_the_terminal_and_csv_show(cli, tmp_path, by):
    # one table everywhere: counts of each group and 总计, then the shares; the verdicts are a sheet
    _workspace(cli, tmp_path)
    csv_rows = list(csv.reader(io.StringIO(cli("tiers", *by, "-f", "csv").stdout)))
    csv_rows = csv_rows[: [r[0] for r in csv_rows].index("总计") + 1]  # header … 总计 (then the health table)
    out = tmp_path / "tiers.xlsx"
    assert cli("tiers", *by, "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["客户分级", "漏斗健康度"]
    ws = wb["客户分级"]
    assert ws._charts
    grid = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=2 + len(csv_rows))]
    assert grid[0] == csv_rows[0]
    for got, want in zip(grid[1:], csv_rows[1:], strict=True):
        assert got[0] == want[0]
        assert [round(float(v), 6) if isinstance(v, int | float) else v for v in got[1:]] == [
            round(float(v), 6) if re.fullmatch(r"[\d.]+", v) else v for v in want[1:]
        ]
    assert ws.max_row == 2 + len(csv_rows)  # nothing loose under the table
    health = json.loads(cli("tiers", *by, "-f", "json").stdout)["health"]
    rows = [[c.value for c in row] for row in wb["漏斗健康度"].iter_rows(min_row=3)]
    assert rows == [list(health[0]), *(list(r.values()) for r in health)]
    if by == ["--by", "manager"]:
        # a row per manager and 总计: the companies in each tier and their 总计, then the shares
        tiers = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V", "(空白)"]
        assert csv_rows[0] == ["区域经理", *tiers, "总计", *(f"{t} %" for t in tiers)]
        assert [(r[0], r[12]) for r in csv_rows[1:]] == [("王海波", "20"), ("沈晓东", "18"), ("总计", "38")]
        for j in range(1, 13):  # each tier's 总计 is the managers' sum
            assert float(csv_rows[-1][j]) == sum(float(r[j]) for r in csv_rows[1:-1])
        assert [r[:2] for r in rows[1:]] == [["王海波", "良性循环"], ["沈晓东", "停滞"]]
        assert ws.max_column == len(csv_rows[0])  # 24 columns, whatever the number of managers


def test_tiers_bad_by(cli, tmp_path):
    _workspace(cli, tmp_path)
    result = cli("tiers", "--by", "industry", "--lang", "en")
    assert result.exit_code == 2 and "manager or town" in result.output
    result = cli("tiers", "--by", "industry")
    assert result.output == "错误：--by 'industry' 无效：请用 manager 或 town\n"


def test_market_on_a_generated_workspace(cli, tmp_path):
    headers = ["企业名称", "地址", "客户分类"]
    rows = [[f"长河{i}电器有限公司", f"慈溪市长河镇工业路{i}号", "C"] for i in range(25)]
    rows += [[f"周巷{i}电器有限公司", f"慈溪市周巷镇工业路{i}号", "V" if i == 0 else "A"] for i in range(25)]
    path = write_xlsx(tmp_path / "m.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    data = json.loads(cli("market", "-f", "json").stdout)
    assert [r["镇街"] for r in data["white_space"]] == ["长河镇"]
    assert [r["镇街"] for r in data["beachheads"]] == ["周巷镇"]
    out = tmp_path / "market.xlsx"
    assert cli("market", "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:4] == ["行业", "镇街密度", "空白市场", "标杆镇"] and wb["行业"]._charts
    bad = cli("market", "--target-industries", "火箭", "--lang", "en")
    assert bad.exit_code == 2 and "unknown industry 火箭" in bad.output
    bad = cli("market", "--target-industries", "火箭")
    assert bad.exit_code == 2 and bad.output.startswith("错误：没有这个行业：火箭：这里的行业有 电子电器")


def test_market_on_stdout_is_one_document_as_out_writes_it(cli, tmp_path):
    # review r7 #1: market -f csv printed its eight tables glued into one stream
    path = write_xlsx(tmp_path / "c.xlsx")
    assert cli("import", path).exit_code == 0
    for lang in ("zh", "en"):
        on_stdout = cli("market", "-f", "csv", "--lang", lang)
        to_file = cli("market", "--out", tmp_path / "m.csv", "--lang", lang)
        assert on_stdout.exit_code == to_file.exit_code == 2
        assert on_stdout.stdout == "" and on_stdout.stderr == to_file.stderr
        assert "--table" in on_stdout.stderr
        printed = cli("market", "-f", "json", "--lang", lang)
        assert cli("market", "--out", tmp_path / "m.json", "--lang", lang).exit_code == 0
        assert json.loads(printed.stdout) == json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
        # review r7 #2: the keys were 行业/镇街密度/空白市场 in zh, industries/towns/white space in en
        assert list(json.loads(printed.stdout))[:4] == ["industries", "towns", "white_space", "beachheads"]
        one = json.loads(cli("market", "--table", "white_space", "-f", "json", "--lang", lang).stdout)
        assert list(one) == ["white_space"]
        one = cli("market", "--table", "towns", "-f", "csv", "--lang", lang)
        assert one.exit_code == 0
        assert cli("market", "--table", "towns", "--out", tmp_path / "t.csv", "--lang", lang).exit_code == 0
        assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines() == one.stdout.splitlines()
        # one table for a script: every row as wide as the header
        assert len({len(row) for row in csv.reader(io.StringIO(one.stdout))}) == 1
    assert not (tmp_path / "m.csv").exists()


@pytest.mark.parametrize("by", [["--by", "town"], []])
def test_tiers_csv_on_stdout_is_one_table_the_funnel(cli, tmp_path, by):
    _workspace(cli, tmp_path)
    rows = list(csv.reader(io.StringIO(cli("tiers", *by, "-f", "csv").stdout)))
    assert rows[-1][0] == "总计" and len({len(r) for r in rows}) == 1  # no second table below
    out = tmp_path / "t.csv"
    assert cli("tiers", *by, "--out", out).exit_code == 0
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))) == rows


@pytest.mark.parametrize("by", [["--by", "manager"], []])
def test_tiers_table_health_gives_the_verdicts_as_csv_and_alone_in_every_form(cli, tmp_path, by):
    _workspace(cli, tmp_path)
    rows = list(csv.DictReader(io.StringIO(cli("tiers", *by, "--table", "health", "-f", "csv").stdout)))
    assert rows and all(r["漏斗健康度"] and r["原因"] for r in rows)
    assert len(rows) == (2 if by else 1)
    out = tmp_path / "h.csv"
    assert cli("tiers", *by, "--table", "health", "--out", out).exit_code == 0
    assert list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))) == rows
    assert json.loads(cli("tiers", *by, "--table", "health", "-f", "json").stdout) == rows  # the one table
    book = tmp_path / "h.xlsx"
    assert cli("tiers", *by, "--table", "tiers", "--out", book).exit_code == 0
    assert (
        openpyxl.load_workbook(book).sheetnames[:1] == ["客户分级"]
        and "漏斗健康度" not in openpyxl.load_workbook(book).sheetnames
    )
    bad = cli("tiers", "--table", "verdicts")
    assert bad.exit_code == 2 and "tiers, health" in bad.output


def test_the_terminals_shares_round_half_up_as_the_workbook_shows_them(cli, tmp_path):
    """1 firm of 16 is 6.25 %: the workbook's 0.0% shows 6.3 % (Excel rounds half up), and so does
    the terminal ('{:.1%}' gave the even 6.2 %); 15 of 16 is 93.75 % → 93.8 % in both."""
    rows = [[f"甲{i}厂", "王海波", "A" if i == 0 else "B"] for i in range(16)]
    path = write_xlsx(tmp_path / "t.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    table = cli("tiers").stdout
    a_row = next(line for line in table.splitlines() if line.startswith("│ A "))
    b_row = next(line for line in table.splitlines() if line.startswith("│ B "))
    assert "6.3%" in a_row and "6.2%" not in a_row and "93.8%" in b_row
    out = tmp_path / "tiers.xlsx"
    assert cli("tiers", "--out", out).exit_code == 0
    a_cells = next(r for r in openpyxl.load_workbook(out).worksheets[0].iter_rows() if r[0].value == "A")
    assert a_cells[2].value == 0.0625 and a_cells[2].number_format == "0.0%"
