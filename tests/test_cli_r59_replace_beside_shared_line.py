"""Review r59 D3, through the CLI on files the tests write: a corrected file imported with --replace
removes its own earlier line also when it holds a line another file brought first (stored as that
file's), and leaves no conflicting-line against its own earlier version — the problems equal a fresh
import's of the final files (orders and payments)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import write_orders
from regiontool.cli import app

CHENYOU, JIAGUANG = "宁波晨友电子有限公司", "宁波嘉光五金厂"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _files(tmp_path, kind: str):
    """(A, B, write(path, amount)): a file of 晨友's line of that amount and two lines of 嘉光 that
    both files hold."""
    if kind == "orders":
        headers = ["客户名称", "订单日期", "产品", "金额"]
        shared = [[JIAGUANG, "2026-11-10", "年度维护", 3000], [JIAGUANG, "2026-11-12", "年度维护", 500]]

        def line(amount):
            return [CHENYOU, "2026-11-10", "ERP标准版", amount]

    else:
        headers = ["客户名称", "回款日期", "回款金额"]
        shared = [[JIAGUANG, "2026-11-10", 3000], [JIAGUANG, "2026-11-12", 500]]

        def line(amount):
            return [CHENYOU, "2026-11-10", amount]

    def write(path, amount):
        return write_orders(path, [line(amount), *shared], headers=headers)

    return tmp_path / f"{kind}A.xlsx", tmp_path / f"{kind}B.xlsx", write


def _sales(cli) -> float:
    args = ("sales", "--year", "2026", "--as-of", "2026-11-30", "--by", "customers", "-f", "json")
    out = json.loads(_ok(cli(*args)).stdout)["customers"]
    return next(c["金额"] for c in out if c["客户"] == CHENYOU)


def _problem_count(cli) -> int:
    status = _ok(cli("status", "--lang", "en")).stdout
    return int(re.search(r"([\d,]+)\s+problems?\b", status).group(1).replace(",", ""))


def _listed(cli) -> list[dict]:
    return json.loads(_ok(cli("problems", "--format", "json", "--lang", "en")).stdout)


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_replace_removes_the_files_own_line_beside_a_line_another_file_brought(cli, db, tmp_path, kind):
    a, b, write = _files(tmp_path, kind)
    _ok(cli("import", write(a, 10000)))
    _ok(cli("import", write(b, 12000)))
    write(b, 11500)
    dry = _ok(cli("import", b, "--replace", "--dry-run"))
    assert "¥12,000.00" in dry.stdout and "将删除" in dry.stdout
    acc = json.loads(_ok(cli("import", b, "--replace", "--json")).stdout)
    assert acc[f"{kind}_removed"] == 1
    assert acc[f"{kind}_held_elsewhere"] == 0
    messages = " ".join(p["message"] for p in _listed(cli))
    assert "¥12,000.00" not in messages
    if kind == "orders":
        assert _sales(cli) == 10000 + 11500  # A's line and B's corrected one, not B's ¥12,000


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_a_corrected_file_imported_without_replace_says_its_own_line_is_not_in_it(cli, db, tmp_path, kind):
    a, b, write = _files(tmp_path, kind)
    _ok(cli("import", write(a, 10000)))
    _ok(cli("import", write(b, 12000)))
    acc = json.loads(_ok(cli("import", write(b, 11500), "--json")).stdout)
    assert acc[f"{kind}_not_in_file"] == 1
    code = "order-not-in-file" if kind == "orders" else "payment-not-in-file"
    [gone] = [p for p in _listed(cli) if p["code"] == code]
    assert "¥12,000.00" in gone["message"]
    conflicts = [p for p in _listed(cli) if p["code"] == "conflicting-line"]
    assert [p["row"] for p in conflicts] == [2]  # against A's ¥10,000, never its own earlier version
    assert "¥10,000.00" in conflicts[0]["message"] and "¥12,000.00" not in conflicts[0]["message"]


@pytest.mark.parametrize("kind", ["orders", "payments"])
def test_replace_of_both_files_leaves_the_problems_of_a_fresh_import(cli, db, tmp_path, kind):
    a, b, write = _files(tmp_path, kind)
    _ok(cli("import", write(a, 10000)))
    _ok(cli("import", write(b, 12000)))
    _ok(cli("import", write(a, 11000), "--replace"))
    _ok(cli("import", write(b, 11500), "--replace"))
    conflicts = [p for p in _listed(cli) if p["code"] == "conflicting-line"]
    assert [(p["file"], p["row"]) for p in conflicts] == [(b.name, 2)]
    assert "¥11,000.00" in conflicts[0]["message"] and "¥12,000.00" not in conflicts[0]["message"]

    runner, fresh_db = CliRunner(), tmp_path / "fresh.db"
    for path in (a, b):
        _ok(runner.invoke(app, ["import", str(path), "--db", str(fresh_db)]))
    status = _ok(runner.invoke(app, ["status", "--lang", "en", "--db", str(fresh_db)])).stdout
    fresh = int(re.search(r"([\d,]+)\s+problems?\b", status).group(1).replace(",", ""))
    assert _problem_count(cli) == len(_listed(cli)) == fresh
