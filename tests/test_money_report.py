"""money_report: the money views as workbook sheets (receivables, tracking, P&L)."""

from __future__ import annotations

import openpyxl
from openpyxl.utils import range_boundaries
from test_cli_money import _setup


def test_every_list_of_customers_in_the_receivables_workbook_has_filter_buttons(tmp_path, cli):
    _setup(tmp_path, cli)
    for lang, names in (
        ("zh", ("催款清单", "应收账款", "回款计划", "应收账款·产品")),
        ("en", ("Chase list", "Receivables", "Collections by month", "Receivables by product")),
    ):
        out = tmp_path / f"r_{lang}.xlsx"
        result = cli("receivables", "--as-of", "2026-11-20", "--out", out, "--lang", lang)
        assert result.exit_code == 0, result.output
        wb = openpyxl.load_workbook(out)
        for name in names:
            ws = wb[name]
            assert ws.auto_filter.ref, (lang, name)
            _c0, top, _c1, bottom = range_boundaries(ws.auto_filter.ref)
            assert top == 3  # the header row under the title
            below = [ws.cell(row=r, column=1).value for r in range(bottom + 1, ws.max_row + 1)]
            # a total row stays out of the filter, so that filtering never hides or sorts it
            assert ws.cell(row=bottom, column=1).value not in ("合计", "total"), (lang, name)
            assert all(v is None or isinstance(v, str) for v in below)
