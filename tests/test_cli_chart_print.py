"""Charts in printed workbooks: kept whole on one page (below the grid when beside it would need a
second page), and their category labels at the low end of the value axis, never over a negative bar."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import xlsxwriter

from conftest import write_orders, write_xlsx

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂", "金鑫塑料制品有限公司"]


def _setup(tmp_path, cli):
    write_xlsx(tmp_path / "c.xlsx")
    orders = [
        [NAMES[0], dt.date(2025, 3, 5), "ERP标准版", 1, 42_000, "A1"],
        [NAMES[1], dt.date(2025, 6, 5), "实施服务", 1, 13_000, "A2"],
        [NAMES[0], dt.date(2026, 3, 5), "ERP标准版", 1, 67_000, "B1"],
        [NAMES[2], dt.date(2026, 5, 5), "实施服务", 1, 12_000, "B2"],
    ]
    write_orders(tmp_path / "o.xlsx", orders)
    budget = tmp_path / "b.xlsx"
    wb = xlsxwriter.Workbook(str(budget))
    ws = wb.add_worksheet("预算")
    ws.write_row(0, 0, ["项目", *[f"{m}月" for m in range(1, 13)]])
    ws.write_row(1, 0, ["人员工资", *[7_500] * 12])  # months without sales: a negative profit
    wb.close()
    assert cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx").exit_code == 0
    assert cli("budget", budget, "--year", "2026").exit_code == 0
    assert cli("target", "set", "2026", "200,000").exit_code == 0


def _charts(path) -> list[tuple[str, tuple[int, int], str, str]]:
    """(sheet xml, chart's top-left (col, row), the sheet's page set-up, the chart's xml) per chart.
    Fit to pages: fitToPage="1", with fitToWidth/fitToHeight written only when not 1 (0: any number)."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for sheet in sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rels not in names:
                continue
            drawing = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', z.read(rels).decode())
            if not drawing:
                continue
            xml = z.read(f"xl/drawings/{drawing[1]}").decode()
            anchor = re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", xml)
            chart_rels = z.read(f"xl/drawings/_rels/{drawing[1]}.rels").decode()
            chart = re.search(r'Target="\.\./charts/(chart\d+\.xml)"', chart_rels)[1]
            text = z.read(sheet).decode()
            setup = re.search(r"<pageSetUpPr[^>]*>", text)[0] + re.search(r"<pageSetup[^>]*>", text)[0]
            out.append(
                (sheet, (int(anchor[1]), int(anchor[2])), setup, z.read(f"xl/charts/{chart}").decode())
            )
    return out


def test_a_chart_beside_a_grid_too_wide_for_one_page_goes_below_it_on_one_page(tmp_path, cli):
    _setup(tmp_path, cli)
    out = tmp_path / "pnl.xlsx"
    assert cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    ((_sheet, (col, row), setup, _xml),) = _charts(out)  # 按月计划与实际: 12 months and 合计 from row 3
    assert (col, row) == (0, 2 + 1 + 13 + 1), (col, row)  # under the grid, not beside it
    assert 'fitToPage="1"' in setup and "fitToWidth" not in setup
    assert "fitToHeight" not in setup  # 1 page tall: the chart is not cut where two pages meet
    out = tmp_path / "sales.xlsx"
    r = cli("sales", "--as-of", "2026-11-20", "--by", "product", "--lang", "en", "--out", out)
    assert r.exit_code == 0, r.output
    ((_sheet, (col, row), setup, _xml),) = _charts(out)
    assert col == 0 and row > 3 and 'fitToPage="1"' in setup and "fitToHeight" not in setup


def test_a_narrow_grid_keeps_its_chart_beside_it(tmp_path, cli):
    _setup(tmp_path, cli)
    payments = tmp_path / "p.xlsx"
    wb = xlsxwriter.Workbook(str(payments))
    ws = wb.add_worksheet("回款")
    ws.write_row(0, 0, ["客户名称", "回款日期", "回款金额"])
    ws.write_row(1, 0, [NAMES[0], "2026-04-01", 30_000])
    wb.close()
    assert cli("import", payments).exit_code == 0
    out = tmp_path / "rec.xlsx"  # 账龄: two columns, and the chart beside them, both at full size
    r = cli("receivables", "--as-of", "2026-11-20", "--out", out)
    assert r.exit_code == 0, r.output
    ((_sheet, (col, row), _page, _xml),) = _charts(out)
    assert col > 0 and row == 2


def test_a_grid_the_chart_beside_it_would_shrink_gets_the_chart_below(tmp_path, cli):
    """Review r14 #5: a chart beside sales' monthly grid shrank the page to fit one page wide, and the
    grid's type with it (about 55 %); below the grid both print at full size."""
    _setup(tmp_path, cli)
    out = tmp_path / "sales.xlsx"
    r = cli("sales", "--as-of", "2026-11-20", "--by", "month", "--out", out)
    assert r.exit_code == 0, r.output
    ((_sheet, (col, row), setup, _xml),) = _charts(out)
    assert col == 0 and row > 3 + 12  # under the 12 months


def test_category_labels_sit_at_the_low_end_not_over_negative_bars(tmp_path, cli):
    _setup(tmp_path, cli)
    out = tmp_path / "pnl.xlsx"
    assert cli("pnl", "--year", "2026", "--as-of", "2026-11-20", "--out", out).exit_code == 0
    ((_sheet, _anchor, _page, xml),) = _charts(out)
    category_axis = re.search(r"<c:catAx>.*?</c:catAx>", xml, re.S)[0]
    assert '<c:tickLblPos val="low"/>' in category_axis
