"""A year of monthly files in one workspace (review r79): this month's 订单明细.xlsx or 回款.xlsx saved
over last month's and imported again with --replace keeps the earlier months; a rolling two-month
export lists (and removes) none of the months it left behind (review r82 F4); a firm
ordering every month under a tier other than V is one problem, not one per file; a firm renamed in a
later list with its credit code is a possible duplicate of the stored firm — through the CLI on
generated workbooks."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import (
    connect,
    gone_counts,
    imported_json,
    problems_coded,
    table_count,
    write_orders,
    write_sheet,
    write_xlsx,
)

FIRM = "慈溪市华峰电器有限公司"
ORDERS = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"]
PAYMENTS = ["客户名称", "回款日期", "回款金额"]


def _lines(kind: str, months) -> list[list]:
    """Four lines a month: orders SO{m}{i} or payments, 1,000 × (i + 1) each."""
    if kind == "orders":
        return [
            [FIRM, dt.date(2026, m, 5 + i), "ERP", 1, 1000 * (i + 1), f"SO{m}{i}"]
            for m in months
            for i in range(4)
        ]
    return [[FIRM, dt.date(2026, m, 5 + i), 1000 * (i + 1)] for m in months for i in range(4)]


def _save(path, kind: str, months):
    return write_orders(path, _lines(kind, months), headers=ORDERS if kind == "orders" else PAYMENTS)


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_this_months_file_saved_over_last_months_imported_twice_keeps_last_month(cli, db, tmp_path, kind):
    path = tmp_path / ("订单明细.xlsx" if kind == "orders" else "回款.xlsx")
    imported_json(cli, _save(path, kind, [1]), "--replace")
    february = imported_json(cli, _save(path, kind, [2]), "--replace")
    assert gone_counts(february, kind) == (0, 0)  # another month's file: not a version of January's
    again = imported_json(cli, path)  # the same bytes again
    assert gone_counts(again, kind) == (0, 0)
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (0, 0)
    assert table_count(db, kind) == 8  # January's four lines are still there
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_rolling_export_lists_none_of_the_months_it_left_behind(cli, db, tmp_path, kind):
    path = tmp_path / ("订单明细.xlsx" if kind == "orders" else "回款.xlsx")
    imported_json(cli, _save(path, kind, [1, 2]))
    second = imported_json(cli, _save(path, kind, [2, 3]))
    assert gone_counts(second, kind) == (0, 0)  # January left the export's window (review r82 F4)
    third = imported_json(cli, _save(path, kind, [3, 4]))
    assert gone_counts(third, kind) == (0, 0)  # and February: neither was deleted
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []
    assert gone_counts(imported_json(cli, path), kind) == (0, 0)  # the same bytes again: the same answer
    assert gone_counts(imported_json(cli, path, "--replace", "--dry-run"), kind) == (0, 0)
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (0, 0)
    assert table_count(db, kind) == 16  # every month stays


def test_a_firm_ordering_every_month_outside_tier_v_is_one_problem(cli, db, tmp_path):
    assert cli("import", write_xlsx(tmp_path / "contacts.xlsx")).exit_code == 0
    for m in (1, 2, 3):
        acc = imported_json(cli, _save(tmp_path / f"订单_2026{m:02}.xlsx", "orders", [m]))
        assert acc["not_v"] == 1
    [one] = problems_coded(cli, "tier-not-v")
    assert (one["file"], one["row"]) == ("订单_202603.xlsx", 2)  # at its latest file's first line
    con = connect(db)
    try:
        rows = con.execute("SELECT file_name, summary FROM imports WHERE kind LIKE 'orders:%' ORDER BY id")
        counts = [(f, json.loads(s)["not_v"], json.loads(s)["problems"]) for f, s in rows.fetchall()]
    finally:
        con.close()
    assert [c[1:] for c in counts] == [(0, 0), (0, 0), (1, 1)]  # the summaries count what problems lists


def _list(tmp_path, file: str, name: str):
    headers = ["企业名称", "地址", "联系人", "统一社会信用代码"]
    return write_sheet(
        tmp_path, file, headers, [[name, "慈溪市龙山镇工业路1号", "王五", "91330282MA2B1C3D4E"]]
    )


def test_a_firm_renamed_in_a_later_list_with_its_credit_code_is_a_possible_duplicate(cli, tmp_path):
    imported_json(cli, _list(tmp_path, "list1.xlsx", FIRM))
    renamed = "慈溪市华峰智能电器有限公司"
    acc = imported_json(cli, _list(tmp_path, "list2.xlsx", renamed))
    assert acc["companies_new"] == 1  # never merged
    [one] = problems_coded(cli, "possible-duplicate")
    assert (one["file"], one["row"], one["value"]) == ("list2.xlsx", 2, f"{renamed} ~ {FIRM}")
    assert "have the same 统一社会信用代码 (91330282MA2B1C3D4E): maybe one firm (renamed?)" in one["message"]
    imported_json(cli, tmp_path / "list2.xlsx")  # the same list again: still one
    assert len(problems_coded(cli, "possible-duplicate")) == 1
    assert cli("apart", renamed, FIRM).exit_code == 0  # two firms after all: never listed again
    imported_json(cli, _list(tmp_path, "list3.xlsx", renamed))
    assert problems_coded(cli, "possible-duplicate") == []
