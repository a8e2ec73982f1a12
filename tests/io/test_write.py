"""io/write.py: the formatted sheets' writer (pivot and report grids, plan forms)."""

from __future__ import annotations

import openpyxl
import pandas as pd

from regiontool.io.write import PivotSheet, write_pivot_workbook


def _grid(counts: list[int]) -> PivotSheet:
    frame = pd.DataFrame({"等级": ["A", "B", "C"], "企业数": counts})
    return PivotSheet(
        name="能级分布",
        title="能级分布",
        frame=frame,
        kinds=["data"] * 3,
        label_columns=1,
        number_format="#,##0",
        total_column=False,
    )


def test_a_chart_is_drawn_only_where_there_is_a_bar_to_draw(tmp_path):
    out = tmp_path / "g.xlsx"
    write_pivot_workbook(out, [_grid([0, 0, 0])], {})
    assert not openpyxl.load_workbook(out)["能级分布"]._charts  # all zeros: no empty chart
    write_pivot_workbook(out, [_grid([0, 2, 0])], {})
    assert len(openpyxl.load_workbook(out)["能级分布"]._charts) == 1
