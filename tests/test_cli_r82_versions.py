"""Versions of an orders or payments file (review r82): a file the manager shrank on purpose lists (and
--replace removes) exactly the deleted lines, however many; a rolling export lists nothing of the
months it left behind; a line --replace kept because another file held it is that file's line, listed
once that file's next version lacks it — through the CLI on generated workbooks."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import gone_counts, imported_json, problems_coded, table_count, write_orders

FIRM = "慈溪市华峰电器有限公司"
ORDERS = ["客户名称", "订单日期", "产品", "数量", "金额", "订单编号"]
PAYMENTS = ["客户名称", "回款日期", "回款金额"]


def _line(kind: str, month: int, i: int) -> list:
    """Line i of a month: order SO{m}-{i} or a payment, dated the (i + 1)th, 1,000 + i yuan."""
    day = dt.date(2026, month, i + 1)
    if kind == "orders":
        return [FIRM, day, "ERP", 1, 1000 + i, f"SO{month}-{i}"]
    return [FIRM, day, 1000 + i]


def _save(path, kind: str, lines):
    rows = [_line(kind, m, i) for m, i in lines]
    return write_orders(path, rows, headers=ORDERS if kind == "orders" else PAYMENTS)


def _month(month: int, n: int = 10) -> list[tuple[int, int]]:
    return [(month, i) for i in range(n)]


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_file_shrunk_by_more_than_half_lists_and_replace_removes_the_deleted_lines(cli, db, tmp_path, kind):
    path = tmp_path / "订单明细.xlsx"
    imported_json(cli, _save(path, kind, _month(1)))
    _save(path, kind, _month(1, 4))  # the manager deleted six cancelled lines (the last six)
    assert gone_counts(imported_json(cli, path), kind) == (6, 0)
    assert len(problems_coded(cli, f"{kind[:-1]}-not-in-file")) == 6
    done = cli("import", path, "--replace")
    assert done.exit_code == 0, done.output
    assert "没有变化" not in done.stdout
    assert table_count(db, kind) == 4
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []
    _save(path, kind, [(1, 3)])  # then all but one, the last: still the same file
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (3, 3)
    assert table_count(db, kind) == 1


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_rolling_export_lists_nothing_of_the_month_it_left_behind(cli, db, tmp_path, kind):
    path = tmp_path / "滚动.xlsx"
    imported_json(cli, _save(path, kind, _month(1) + _month(2)))
    rolled = imported_json(cli, _save(path, kind, _month(2) + _month(3)))
    assert gone_counts(rolled, kind) == (0, 0)  # January left the export's window: it was not deleted
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []
    assert gone_counts(imported_json(cli, path, "--replace"), kind) == (0, 0)
    assert table_count(db, kind) == 30  # January's sales stay
    # a line deleted within the export's dates is still a deleted line
    assert gone_counts(
        imported_json(cli, _save(path, kind, _month(2) + _month(3, 9)), "--replace"), kind
    ) == (1, 1)
    # an older window saved over it (Jan+Feb again) leaves March alone
    assert gone_counts(imported_json(cli, _save(path, kind, _month(1) + _month(2)), "--replace"), kind) == (
        0,
        0,
    )
    assert table_count(db, kind) == 29


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_line_kept_because_another_file_held_it_goes_with_that_files_next_version(cli, db, tmp_path, kind):
    main, extra = tmp_path / "订单明细.xlsx", tmp_path / "附件.xlsx"
    imported_json(cli, _save(main, kind, _month(1)))
    imported_json(cli, _save(extra, kind, [(1, 4)]))  # adds nothing: it holds line 4 again
    kept = imported_json(cli, _save(main, kind, [(1, i) for i in range(10) if i != 4]), "--replace")
    assert (kept[f"{kind}_held_elsewhere"], kept[f"{kind}_removed"]) == (1, 0)  # 附件.xlsx still has it
    assert table_count(db, kind) == 10
    fixed = imported_json(cli, _save(extra, kind, [(1, 20)]))  # 附件.xlsx corrected: line 4 is in no file now
    assert gone_counts(fixed, kind) == (1, 0)
    [said] = problems_coded(cli, f"{kind[:-1]}-not-in-file")
    assert said["file"] == "附件.xlsx"
    assert gone_counts(imported_json(cli, extra, "--replace"), kind) == (1, 1)
    assert table_count(db, kind) == 10  # line 4 gone, line 20 added
    assert problems_coded(cli, f"{kind[:-1]}-not-in-file") == []
