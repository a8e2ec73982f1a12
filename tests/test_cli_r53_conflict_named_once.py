"""Review r53 D2, through the CLI on files the tests write: C, then D (a conflict with C's line), then
C corrected with --replace — the pair of lines is listed once, as after a fresh import, and `status`
counts the problems `problems` lists (orders and payments)."""

from __future__ import annotations

import json
import re

import pytest
from test_cli_r52_conflicts_and_own_files import CHENYOU, JIAGUANG, _conflicts, _ok

from conftest import write_orders


def _problem_count(cli) -> int:
    status = _ok(cli("status", "--lang", "en")).stdout
    return int(re.search(r"([\d,]+)\s+problems?\b", status).group(1).replace(",", ""))


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_corrected_file_imported_with_replace_lists_its_conflict_once(cli, db, tmp_path, kind):
    if kind == "orders":
        headers, (c, d) = (
            ["客户名称", "订单日期", "产品", "金额"],
            (tmp_path / "订单C.xlsx", tmp_path / "订单D.xlsx"),
        )
        line = lambda amount: [CHENYOU, "2026-11-10", "ERP标准版", amount]  # noqa: E731
        other = [JIAGUANG, "2026-11-10", "年度维护", 3000]
    else:
        headers, (c, d) = (
            ["客户名称", "回款日期", "回款金额"],
            (tmp_path / "回款P.xlsx", tmp_path / "回款Q.xlsx"),
        )
        line = lambda amount: [CHENYOU, "2026-11-10", amount]  # noqa: E731
        other = [JIAGUANG, "2026-11-10", 3000]
    write_orders(c, [line(10000), other], headers=headers)
    _ok(cli("import", c))
    write_orders(d, [line(12000), other], headers=headers)
    _ok(cli("import", d))
    fresh = _problem_count(cli)
    assert len(_conflicts(cli)) == 1
    write_orders(c, [line(11000), other], headers=headers)
    _ok(cli("import", c, "--replace"))
    [conflict] = _conflicts(cli)
    assert "¥11,000.00" in conflict["message"] and "¥12,000.00" in conflict["message"]
    assert "¥10,000.00" not in conflict["message"]
    assert _problem_count(cli) == fresh
    listed = json.loads(_ok(cli("problems", "--format", "json")).stdout)
    assert len(listed) == fresh
