"""Review r35 #2, #3, #4: outputs of a workspace with hundreds of values in one field — a pivot chart
keeps a readable number of bars and segments (the rest folded into 其余 N 项, so each bar keeps its
length, and a note on the sheet says so), --top-cols folds a pivot's columns in the terminal, and
`list` shows the first rows of a long list in the terminal, naming how to get them all."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from conftest import write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "区域经理", "客户分类", "来源"]
CHARS = "华峰宏达金鑫永光明远恒通瑞丰德兴"
TIERS = "ABCDE"


def _rows(channels: int) -> list[list[str]]:
    """Firm k has 1 + k % 3 contacts from channel k % channels: a field (来源) with `channels`
    values of different sizes, and five tiers."""
    rows = []
    for k in range(3 * channels):
        name = f"{CHARS[k % len(CHARS)]}{CHARS[k // len(CHARS) % len(CHARS)]}{k}号机械有限公司"
        for c in range(1 + k % 3):
            rows.append(
                [
                    name,
                    f"慈溪市长河镇垫桥村{k}号",
                    f"张{c}",
                    "王海波",
                    TIERS[k % 5],
                    f"渠道{k % channels:02d}",
                ]
            )
    return rows


@pytest.fixture
def channels(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=_rows(45), title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    return 45


def _chart(path):
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    (chart,) = ws._charts
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    return ws, chart, xml


def _cells(ws, ref: str) -> list:
    ref = ref.split("!")[1].replace("$", "")
    return [c.value for row in ws[ref] for c in row] if ":" in ref else [ws[ref].value]


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_chart_of_many_columns_stacks_ten_and_folds_the_rest_into_one_segment(cli, channels, tmp_path):
    out = tmp_path / "p.xlsx"
    result = cli("pivot", "--by", "tier", "--by", "来源", "--out", out)
    assert result.exit_code == 0, result.output
    ws, chart, xml = _chart(out)
    header = [c.value for c in ws[3]]
    header = header[: header.index("总计") + 1]
    assert len(header) == 1 + channels + 1  # the grid keeps every channel (and 总计)
    assert len(chart.series) == 11  # ten channels and 其余 35 项, not 45
    *kept, rest = chart.series
    assert [_cells(ws, s.tx.strRef.f)[0] for s in kept] == header[1:11]
    assert _cells(ws, rest.tx.strRef.f) == ["其余 35 项"]
    column = rest.val.numRef.f.split("!")[1].split("$")[1]
    # a hidden column, which the chart plots (Excel's "show data in hidden rows and columns": no
    # plotVisOnly element; LibreOffice draws it too)
    assert ws.column_dimensions[column].hidden and "plotVisOnly" not in xml
    for r, total in zip(range(4, 9), _cells(ws, rest.val.numRef.f), strict=True):  # A … E
        row = [c.value for c in ws[r]][: len(header)]
        assert total == sum(row[11:-1])  # the folded channels: each bar as long as its 总计
        assert sum(_cells(ws, s.val.numRef.f)[r - 4] for s in kept) + total == row[-1]
    assert "图表中每条只分出前 10 列，其余 35 列合为一段“其余 35 项”，每条的总长不变" in _texts(ws)

    out = tmp_path / "en.xlsx"
    assert cli("pivot", "--by", "tier", "--by", "来源", "--out", out, "--lang", "en").exit_code == 0
    ws, chart, _xml = _chart(out)
    assert _cells(ws, chart.series[-1].tx.strRef.f) == ["the other 35"]
    assert (
        "each bar of the chart shows the first 10 columns as segments; the other 35 are one segment,"
        " “the other 35”, so each bar keeps its whole length"
    ) in _texts(ws)


def test_a_pct_col_chart_of_many_rows_reaches_100_percent_with_the_rest_folded(cli, channels, tmp_path):
    out = tmp_path / "p.xlsx"
    result = cli("pivot", "--by", "来源", "--by", "tier", "--pct", "col", "--out", out)
    assert result.exit_code == 0, result.output
    ws, chart, xml = _chart(out)
    assert len(chart.series) == 11 and '<c:max val="1"/>' in xml
    rest = chart.series[-1]
    assert _cells(ws, rest.tx.strRef.f) == ["其余 35 项"]
    assert ws.row_dimensions[int(rest.val.numRef.f.split("$")[-1])].hidden
    bars = [_cells(ws, s.val.numRef.f) for s in chart.series]
    for tier in range(5):  # each tier's bar: the shares of all 45 channels, 100 %
        assert sum(bar[tier] for bar in bars) == pytest.approx(1.0)
    texts = _texts(ws)
    assert "图表中每条只分出前 10 行，其余 35 行合为一段“其余 35 项”，每条的总长不变" in texts
    # 45 rows: the chart of counts draws 40 bars, and says so
    out = tmp_path / "rows.xlsx"
    assert cli("pivot", "--by", "来源", "--by", "tier", "--out", out).exit_code == 0
    ws, chart, _xml = _chart(out)
    assert len(chart.series) == 5 and len(_cells(ws, chart.series[0].val.numRef.f)) == 40
    assert "图表只画前 40 行（共 45 行），其余的只在表中" in _texts(ws)


def test_a_chart_of_few_columns_folds_nothing_and_says_nothing(cli, channels, tmp_path):
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "tier", "--by", "来源", "--top-cols", "10", "--out", out).exit_code == 0
    ws, chart, xml = _chart(out)
    header = [c.value for c in ws[3]]
    header = header[: header.index("总计") + 1]
    assert header[11:] == ["其余 35 项", "总计"]  # --top-cols 10: the fold is the grid's own
    assert [_cells(ws, s.tx.strRef.f)[0] for s in chart.series] == header[1:12]
    assert '<c:plotVisOnly val="1"/>' in xml and not any(t.startswith("图表") for t in _texts(ws))


def test_top_cols_folds_the_columns_as_top_folds_the_rows(cli, channels):
    result = cli("pivot", "--by", "tier", "--by", "来源", "--top-cols", "3", "--top", "2", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [list(r)[1:] for r in rows[:1]] == [["渠道02", "渠道05", "渠道08", "其余 42 项", "总计"]]
    assert [r["客户分类"] for r in rows] == ["A", "B", "其余 3 项", "总计"]
    assert rows[-1]["总计"] == sum(1 + k % 3 for k in range(135))  # contacts: nothing lost
    for r in rows:
        assert sum(v for k, v in r.items() if k not in ("客户分类", "总计")) == r["总计"]
    en = json.loads(
        cli("pivot", "--by", "tier", "--by", "来源", "--top-cols", "3", "-f", "json", "--lang", "en").stdout
    )
    assert "the other 42" in en[0]


@pytest.mark.parametrize(
    "args", [["--by", "来源", "--top-cols", "3"], ["--by", "tier", "--by", "来源", "--top-cols", "0"]]
)
def test_top_cols_without_columns_or_below_one_is_bad_usage(cli, channels, args):
    result = cli("pivot", *args)
    assert result.exit_code == 2 and "--top-cols" in result.output
    assert "Traceback" not in result.output


def _table_rows(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("│")]


def test_list_shows_the_first_20_in_the_terminal_and_names_how_to_get_all(cli, db, channels, tmp_path):
    from typer.testing import CliRunner

    from regiontool.cli import app
    from regiontool.store.db import is_url

    env = {"REGIONTOOL_DB": str(db), "COLUMNS": "200", "TTY_COMPATIBLE": "1"}  # a terminal
    env.update({"REGIONTOOL_ALL": "1"} if is_url(str(db)) else {})

    def terminal(*args: str):
        return CliRunner().invoke(app, ["list", *args], env=env)

    firms = 3 * channels
    result = terminal()
    assert result.exit_code == 0, result.output
    assert len(_table_rows(result.stdout)) == 20
    assert (
        f"共 {firms} 家企业（前 20 家；全部：--out 客户清单.xlsx、--format csv 或 --limit {firms}）"
        in result.stdout
    )
    assert len(_table_rows(cli("list").stdout)) == firms  # a pipe or a file: every row (review r39 D5)
    en = terminal("--lang", "en")
    assert f"{firms} companies (first 20; all: --out list.xlsx, --format csv or --limit {firms})" in en.stdout
    assert len(list(csv.reader(io.StringIO(cli("list", "-f", "csv").stdout)))) == firms + 1  # all, a header
    assert len(json.loads(cli("list", "-f", "json").stdout)) == firms
    every = cli("list", "--limit", str(firms))
    assert len(_table_rows(every.stdout)) == firms and f"{firms} 家企业" in every.stdout
    out = tmp_path / "l.xlsx"
    assert cli("list", "--out", out).exit_code == 0
    assert openpyxl.load_workbook(out).worksheets[0].max_row == firms + 1


def test_a_short_list_is_shown_whole_without_a_note(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=_rows(5), title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    result = cli("list")
    assert (
        len(_table_rows(result.stdout)) == 15
        and "15 家企业" in result.stdout
        and "前 20" not in result.stdout
    )
