"""Printed pages (review r14): a chart never cut where two pages meet, the key column on every page of
a sheet printed over pages side by side."""

from __future__ import annotations

import re
import zipfile

import openpyxl

from conftest import HEADERS, write_xlsx

CIXI = (
    "周巷镇 观海卫镇 长河镇 宗汉街道 新浦镇 坎墩街道 逍林镇 胜山镇 横河镇 浒山街道 龙山镇 附海镇 白沙路街道"
)
YUYAO = "泗门镇 朗霞街道 临山镇 黄家埠镇 马渚镇 陆埠镇 小曹娥镇 丈亭镇 牟山镇 梁弄镇"
TOWNS = [f"慈溪市{t}" for t in CIXI.split()] + [f"余姚市{t}" for t in YUYAO.split()]
TIERS = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V"]
EMU_PER_POINT = 12_700


def _many_towns(tmp_path, cli, extra_columns: int = 0):
    """23 towns × 10 tiers, one firm each: a town × tier grid whose chart goes below it."""
    headers = HEADERS + [f"附加信息{k}" for k in range(extra_columns)]
    rows = []
    for i, town in enumerate(TOWNS):
        for k, tier in enumerate(TIERS):
            n = i * len(TIERS) + k + 1
            row = [n, f"测试{n}号电器有限公司", f"{town}工业路{n}号", f"联系人{n}", f"1380000{n:04d}"]
            row += ["王海波", tier, "是", None]
            rows.append(row + ["一段相当长的补充说明文字，占满一列"] * extra_columns)
    write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows)
    r = cli("import", tmp_path / "c.xlsx")
    assert r.exit_code == 0, r.output


def _column_points(width: float) -> float:
    return (int(width * 7 + 0.5) + 5) * 0.75


def test_a_chart_below_a_long_grid_starts_a_page_and_fits_on_it(tmp_path, cli):
    _many_towns(tmp_path, cli)
    out = tmp_path / "p.xlsx"
    r = cli("pivot", "--by", "town", "--by", "tier", "--out", out)
    assert r.exit_code == 0, r.output
    r = cli("pivot", "--by", "town", "--by", "tier", "--pct", "col", "--out", out, "--sheet", "pct")
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    for name in ("镇街×客户分类", "pct"):
        ws = wb[name]
        (chart,) = ws._charts
        anchor = chart.anchor._from.row  # 0-based
        assert anchor > 23  # below the grid of 23 towns
        assert ws.page_setup.fitToHeight == 0  # the grid and the chart: more than one page
        # The page ends before the chart: the grid's last page (with room for a few rows only)
        # does not hold its top while the next holds its bottom under the repeated header.
        assert [b.id for b in ws.row_breaks.brk] == [anchor], name
        widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: ws.max_column]]
        pages = ws.page_setup.fitToWidth or 1
        scale = min(1.0, pages * 741 / max(sum(map(_column_points, widths)), 720 * 0.75))
        start, end = chart.anchor._from, chart.anchor.to  # rows of 15 points below the grid
        chart_points = (end.row - start.row) * 15 + (end.rowOff - start.rowOff) / EMU_PER_POINT
        assert chart_points + 15 <= 487 / scale, (chart_points, scale)  # under the header, on one page


def test_a_short_charted_grid_prints_on_one_page_without_a_break(tmp_path, cli):
    write_xlsx(tmp_path / "c.xlsx")
    assert cli("import", tmp_path / "c.xlsx").exit_code == 0
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--out", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["镇街×客户分类"]
    assert len(ws._charts) == 1 and ws.page_setup.fitToHeight in (None, 1) and not ws.row_breaks.brk


def test_pages_side_by_side_repeat_the_key_column(tmp_path, cli):
    _many_towns(tmp_path, cli, extra_columns=8)
    out = tmp_path / "p.xlsx"
    r = cli("pivot", "--by", "town", "--by", "tier", "--pct", "col", "--out", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.page_setup.fitToWidth == 2  # shares beside counts
    assert ws.print_title_cols == "$A:$A" and ws.print_title_rows == "$3:$3"
    # the title (A1) would print cut at column A's width on the pages to the right: every page
    # has it whole in its page header, and the print area starts under it (the chart inside)
    assert ws.oddHeader.center.text == ws["A1"].value
    top, bottom = ws.print_area.split("!")[1].replace("$", "").split(":")
    # (a hidden row the chart reads, past the notes, prints nowhere)
    shown = max(r for r in range(1, ws.max_row + 1) if not ws.row_dimensions[r].hidden)
    assert top == "A2" and int(bottom.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= shown - 1
    chart = ws._charts[0].anchor
    assert chart._from.row >= 2 and chart.to.row <= int(bottom.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    out = tmp_path / "narrow.xlsx"
    assert cli("pivot", "--by", "town", "--by", "tier", "--out", out).exit_code == 0
    narrow = openpyxl.load_workbook(out).worksheets[0]
    assert narrow.print_title_cols is None and not narrow.print_area  # one page wide: A1 prints

    out = tmp_path / "资源表.xlsx"  # 序号 first, then 企業名稱: the firm's name on every page
    assert cli("export", out).exit_code == 0
    ws = openpyxl.load_workbook(out, read_only=False)["资源表"]
    assert (ws.page_setup.fitToWidth or 1) > 1
    assert ws.print_title_cols == "$B:$B" and ws.print_title_rows == "$1:$1"
    assert ws["B1"].value == "企業名稱"


def test_nothing_under_a_wide_grid_lies_in_the_repeated_column(tmp_path, cli):
    """Review r54: LibreOffice prints a repeated print-title column with whatever lies over it, so a
    chart or note under the grid starting in column A printed a sliver of itself on every page to
    the right (one page holding nothing else)."""
    _many_towns(tmp_path, cli)
    out = tmp_path / "p.xlsx"
    for by, pct in ((("tier", "town"), "row"), (("town", "tier"), "col")):
        args = [a for b in by for a in ("--by", b)]
        r = cli("pivot", *args, "--pct", pct, "--out", out, "--sheet", pct)
        assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    for name in ("row", "col"):
        ws = wb[name]
        assert ws.print_title_cols == "$A:$A" and ws.page_setup.fitToWidth > 1, name
        total = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "总计")
        (chart,) = ws._charts
        assert chart.anchor._from.row >= total, name  # below the grid
        assert chart.anchor._from.col >= 1 and chart.anchor._from.colOff > 0, name  # clear of column A
        below = [
            (r, ws.cell(r, 1).value)
            for r in range(total + 1, ws.max_row + 1)
            if ws.cell(r, 1).value is not None and not ws.row_dimensions[r].hidden
        ]
        assert below == [], (name, below)
        notes = [m for m in ws.merged_cells.ranges if m.min_row > total]
        assert notes and all(m.min_col >= 2 for m in notes), (name, notes)
        assert any("图表" in str(ws.cell(m.min_row, m.min_col).value) for m in notes), name
    out = tmp_path / "narrow.xlsx"  # one page wide: no repeated column, the chart from column A
    assert cli("pivot", "--by", "town", "--by", "tier", "--out", out).exit_code == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.print_title_cols is None and ws._charts[0].anchor._from.col == 0


def test_the_report_repeats_the_key_column_and_has_one_page_setup_per_sheet(tmp_path, cli):
    _many_towns(tmp_path, cli, extra_columns=8)
    out = tmp_path / "report.xlsx"
    r = cli("report", "--out", out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    ws = wb["资源表"]
    assert ws.print_title_cols == "$B:$B" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.fitToWidth > 1
    with zipfile.ZipFile(out) as z:  # the grafted sheets: one sheetPr and one pageSetup, as the schema says
        for part in z.namelist():
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", part):
                xml = z.read(part).decode()
                assert xml.count("<sheetPr") <= 1 and xml.count("<pageSetup ") <= 1, part


def _wide(text: str) -> int:
    from regiontool.io.write import display_width

    return display_width(text)


def test_a_one_line_note_sheet_prints_whole_on_a_landscape_page(tmp_path, cli):
    write_xlsx(tmp_path / "c.xlsx")  # no 订单规模等级 / 成交时间等级: score has nothing to list
    assert cli("import", tmp_path / "c.xlsx").exit_code == 0
    for lang in ("zh", "en"):
        out = tmp_path / f"score_{lang}.xlsx"
        r = cli("score", "--out", out, "--lang", lang)
        assert r.exit_code == 0, r.output
        for ws in openpyxl.load_workbook(out).worksheets:
            if ws.sheet_state != "visible":
                continue
            note = ws["A3"]
            assert "regiontool set" in note.value or ws.title != ws.parent.sheetnames[0]
            assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
            width = ws.column_dimensions["A"].width
            # Whole in print: as wide as the text, or wrapped in a row tall enough for its lines.
            lines = -(-_wide(note.value) // int(width - 1))
            assert lines == 1 or (note.alignment.wrap_text and ws.row_dimensions[3].height >= 16 * lines)
            assert width < 131  # a column that prints at full size on the page (130 as stored)


def test_a_note_under_a_grid_wraps_within_the_printed_columns(tmp_path, cli):
    from test_cli_chart_print import _setup

    _setup(tmp_path, cli)
    out = tmp_path / "pnl.xlsx"
    r = cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "--lang", "en", "--out", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["Expected P&L"]
    notes = [c for c in ws["A"] if isinstance(c.value, str) and "expected profit" in c.value]
    assert notes, [c.value for c in ws["A"]]
    for note in notes:
        (span,) = [m for m in ws.merged_cells.ranges if note.coordinate in m]
        assert span.min_col == 1 and span.max_col == ws.max_column  # the grid's columns, A:D
        width = sum(ws.column_dimensions[chr(64 + j)].width for j in range(1, span.max_col + 1))
        lines = -(-_wide(note.value) // int(width - 1))
        assert lines > 1 and note.alignment.wrap_text
        assert ws.row_dimensions[note.row].height >= 16 * lines
