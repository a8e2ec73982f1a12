"""Versions of an orders or payments file (review r83 F1): this month's export saved over last month's,
repeating one line the ERP posted late, is another file — none of last month's lines it lacks is listed
or removed by --replace; a file shrunk on purpose to a few of its lines still is a version — through the
CLI on generated workbooks."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import gone_counts, imported_json, problems_coded, table_count, write_orders

FIRM = "慈溪市华峰电器有限公司"
ORDERS = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"]
PAYMENTS = ["客户名称", "回款日期", "回款金额"]


def _save(path, kind: str, lines: list[tuple[int, int]]):
    """Line (m, i): order SO{m}-{i} or a payment, dated the (i + 1)th of month m, 1,000 + i yuan."""
    rows = []
    for m, i in lines:
        day = dt.date(2026, m, i + 1)
        rows.append(
            [FIRM, day, "ERP", 1, 1000 + i, f"SO{m}-{i}"] if kind == "orders" else [FIRM, day, 1000 + i]
        )
    return write_orders(path, rows, headers=ORDERS if kind == "orders" else PAYMENTS)


def _month(month: int, n: int) -> list[tuple[int, int]]:
    return [(month, i) for i in range(n)]


@pytest.mark.parametrize("kind", ["orders", "payments"])
@pytest.mark.parametrize("late", [9, 17])  # mid-month, and January's last date
def test_next_months_file_repeating_one_late_line_deletes_nothing_of_last_month(
    cli, db, tmp_path, kind, late
):
    path = tmp_path / "订单明细.xlsx"
    imported_json(cli, _save(path, kind, _month(1, 18)))
    _save(path, kind, [(1, late)] + _month(2, 17))  # February's export, with one January line posted late
    assert gone_counts(imported_json(cli, path), kind) == (0, 0)
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (0, 0)
    assert table_count(db, kind) == 18 + 17  # every January line stays


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_file_shrunk_to_a_few_of_its_lines_plus_new_ones_is_still_a_version(cli, db, tmp_path, kind):
    path = tmp_path / "订单明细.xlsx"
    imported_json(cli, _save(path, kind, _month(1, 10)))
    # 4 of its 10 lines kept, 2 added: under half of the old lines, but most of this file's own
    _save(path, kind, _month(1, 4) + [(1, 20), (1, 21)])
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (6, 6)
    assert table_count(db, kind) == 6
