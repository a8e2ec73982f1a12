"""Numbers in every office form (review r43): an unreadable 已回款/未回款 cell, a formula cell
without a saved result, a blank 实际 in pnl, units and Excel dates in budget and target files,
half-fen rounding, the 1904 date system, the size reason and pivot sums."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import write_orders, write_xlsx

NAME = "宁波宏达五金厂"  # a firm of conftest's contact sheet


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--format", "json")
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.output) if p["代码"] == code]


@pytest.mark.parametrize("column", ["已回款", "未回款"])
def test_an_unreadable_paid_or_owed_cell_rejects_the_line_never_reads_as_0(cli, tmp_path, column):
    assert cli("import", write_xlsx(tmp_path / "c.xlsx")).exit_code == 0
    rows = [
        [NAME, dt.date(2026, 1, 5), 10_000, "0.5w"],
        [NAME, dt.date(2026, 1, 6), 10_000, "已付清"],
        [NAME, dt.date(2026, 1, 7), 10_000, "5,000.00元"],
        [NAME, dt.date(2026, 1, 8), 10_000, None],  # blank: nothing paid / nothing owed
    ]
    path = write_orders(tmp_path / "o.xlsx", rows, headers=["客户名称", "订单日期", "金额", column])
    result = cli("import", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rejected"] == 2
    bad = _problems(cli, "bad-amount")
    assert [(p["行"], p["列"], p["值"]) for p in bad] == [(2, "D", "0.5w"), (3, "D", "已付清")]
    assert bad[0]["说明"] == f"{NAME}：{column}“0.5w”无法识别，整行拒收"
    data = json.loads(cli("receivables", "--as-of", "2026-03-01", "-f", "json", "--lang", "en").output)
    owed = {"已回款": 5_000 + 10_000, "未回款": 5_000}[column]
    assert [(x["customer"], x["billed"], x["owed"]) for x in data["receivables"][:-1]] == [
        (NAME, 20_000, owed)
    ]
