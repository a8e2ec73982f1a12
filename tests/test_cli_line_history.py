"""An order line or a payment a new version of its file changes (an amount corrected, a date moved) is
written to its firm's history, as a line --replace removes is (review r79 F3)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from conftest import imported, write_orders, write_sheet


def _history(cli, lang: str = "zh") -> list[dict]:
    result = cli("history", "华峰", "-f", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_corrected_order_line_is_in_its_firms_history(cli, tmp_path):
    imported(
        cli,
        write_sheet(
            tmp_path, "c.xlsx", ["企业名称", "联系人", "客户分类"], [["慈溪市华峰电器厂", "张三", "V"]]
        ),
    )
    first = [
        ["慈溪市华峰电器厂", dt.date(2026, 3, 5), "ERP", 1, 1000, "SO1"],
        ["慈溪市华峰电器厂", dt.date(2026, 3, 6), "MES", 1, 500, "SO2"],
    ]
    path = write_orders(tmp_path / "订单.xlsx", first)
    imported(cli, path)
    assert _history(cli) == []
    second = [first[0][:4] + [1200, "SO1"], first[1]]  # SO1's amount corrected; SO2 as it was
    shutil.copy(write_orders(tmp_path / "new.xlsx", second), path)
    imported(cli, path)
    (entry,) = _history(cli)
    assert entry["字段"] == "订单行有改动（第 2 行）" and entry["来源"] == "订单.xlsx"
    assert (entry["原值"], entry["新值"]) == (
        "SO1 · ERP · 2026-03-05 · ¥1,000.00",
        "SO1 · ERP · 2026-03-05 · ¥1,200.00",
    )
    assert _history(cli, "en")[0]["field"] == "order line changed (row 2)"
    imported(cli, path)  # the same file again: nothing changed, nothing more in the history
    assert len(_history(cli)) == 1
