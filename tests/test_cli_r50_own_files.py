"""Review r50 D2, D5–D9: the tool's own outputs and a budget in `import *.xlsx`, the report's name
kept writable, schema 7's relative paths of a workspace upgraded before or after a move, and a
read-only --out target when run as root."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import write_orders

pytestmark = pytest.mark.sqlite_only  # files on disk beside a workspace file


def _sheets(path: Path) -> list[tuple[str, str | None]]:
    """(name, state) of each sheet in the workbook part, as Excel and LibreOffice read them."""
    import re

    with zipfile.ZipFile(path) as z:
        part = z.read("xl/workbook.xml").decode()
    return [
        (m.group(1), (re.search(r'state="(\w+)"', m.group(0)) or [None, None])[1])
        for m in re.finditer(r'<sheet name="([^"]*)"[^>]*>', part)
    ]


# --- D2: plan, list, problems --out workbooks are skipped in a glob and refused alone ---------------

OWN_OUTPUTS = [
    (["plan", "--out", "OUT"], "下周计划.xlsx", "这是 regiontool plan 写的计划，不是客户名单"),
    (["plan", "--month", "--out", "OUT"], "月计划.xlsx", "这是 regiontool plan 写的计划，不是客户名单"),
    (
        ["list", "--out", "OUT"],
        "客户清单.xlsx",
        "这是 regiontool 的输出（list、problems … --out），不是客户名单",
    ),
    (
        ["problems", "--out", "OUT"],
        "问题.xlsx",
        "这是 regiontool 的输出（list、problems … --out），不是客户名单",
    ),
]


@pytest.mark.parametrize("args,name,what", OWN_OUTPUTS, ids=["week", "month", "list", "problems"])
def test_the_tools_own_outputs_are_skipped_in_a_glob_and_refused_alone(folder: Path, cli, args, name, what):
    out = folder / name
    assert cli(*[str(out) if a == "OUT" else a for a in args]).exit_code == 0
    assert _sheets(out)[-1] == ("_regiontool", "hidden")  # LibreOffice and Excel do not show it
    assert all(state is None for _, state in _sheets(out)[:1])
    before = cli("status").stdout
    r = cli("import", folder / "客户联系表.xlsx", out)
    assert r.exit_code == 0, r.output
    assert f"提示：跳过 {out}：{what}" in r.stderr
    assert cli("status").stdout == before  # no junk firms
    r = cli("import", out)
    line = assert_one_error_line(r, 1, [f"{out} 是 regiontool"])
    assert "--map" not in line.replace(str(out), "")
    r = cli("import", out, "--lang", "en")
    line = assert_one_error_line(r, 1, [f"{out} is a", "not a contact list"], lang="en")
    assert "--map" not in line and "客户" not in line.replace(str(out), "")
    assert cli("status").stdout == before


def test_a_marked_plan_is_still_read_back_by_done(folder: Path, cli):
    plan = folder / "下周计划.xlsx"
    assert cli("plan", "--out", plan).exit_code == 0
    wb = openpyxl.load_workbook(plan)
    day = next(ws for ws in wb.worksheets if ws.sheet_state == "visible" and "周" in ws.title[5:])
    header = next(i for i, row in enumerate(day.iter_rows(values_only=True), start=1) if "完成情况" in row)
    col = [c.value for c in day[header]].index("完成情况") + 1
    day.cell(header + 1, col, "已完成")
    wb.save(plan)
    r = cli("done", plan)
    assert r.exit_code == 0, r.output
    assert "完成 1" in r.stdout


def test_the_exported_resource_table_stays_importable(folder: Path, cli):
    out = folder / "资源表.xlsx"
    assert cli("export", out).exit_code == 0
    assert "_regiontool" not in [n for n, _ in _sheets(out)]
    r = cli("import", folder / "客户联系表.xlsx", out)
    assert r.exit_code == 0, r.output
    assert "跳过" not in r.stderr


# --- D7: the report in a glob; report --out over a report an import read ---------------------------


def test_the_report_is_skipped_in_a_glob_imported_alone_and_replaced_by_report_out(folder: Path, cli):
    report = folder / "区域报告.xlsx"
    assert cli("report", "--out", report).exit_code == 0
    assert _sheets(report)[-1] == ("_regiontool", "hidden")
    r = cli("import", folder / "客户联系表.xlsx", report)
    assert r.exit_code == 0, r.output
    assert f"提示：跳过 {report}：这是 regiontool 的区域报告" in r.stderr
    r = cli("import", report)  # alone: its 资源表, as ever
    assert r.exit_code == 0, r.output
    r = cli("report", "--out", report)
    assert r.exit_code == 0, r.output


def test_a_report_written_before_the_marker_and_imported_is_replaced(folder: Path, cli):
    """A workspace that recorded an unmarked report (an older version's) as an input."""
    report = folder / "区域报告.xlsx"
    assert cli("report", "--out", report).exit_code == 0
    wb = openpyxl.load_workbook(report)
    del wb["_regiontool"]
    wb.save(report)
    r = cli("import", folder / "客户联系表.xlsx", report)
    assert r.exit_code == 0, r.output
    assert f"跳过 {report}" in r.stderr  # its sheets say what it is
    r = cli("import", report)
    assert r.exit_code == 0, r.output  # now an input of the workspace
    r = cli("report", "--out", report)
    assert r.exit_code == 0, r.output
    other = folder / "客户联系表.xlsx"  # a real input stays refused
    assert_one_error_line(cli("report", "--out", other), 2, [f"{other} 是输入文件，不能覆盖它"])


# --- D8: a budget workbook in a glob ------------------------------------------------------------


def _budget(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "费用预算"
    ws.append(["月份", "项目", "预算", "实际"])
    for m in (1, 2, 3):
        ws.append([f"{m}月", "区域广告", 5000, 4800])
        ws.append([f"{m}月", "人员工资", 20000, 20000])
    wb.save(path)
    return path


def test_a_budget_is_skipped_in_a_glob_and_refused_alone_naming_budget(folder: Path, cli):
    budget = _budget(folder / "budget.xlsx")
    orders = write_orders(
        folder / "订单.xlsx", [["慈溪市测试电器有限公司", dt.date(2026, 3, 2), "ERP", 1, 900]]
    )
    before = cli("status").stdout
    r = cli("import", budget, orders)  # the budget first, the file read before the transaction
    assert r.exit_code == 0, r.output
    assert (
        f"提示：跳过 {budget}：这是费用预算，不是客户名单（用 regiontool budget {budget} 读入）" in r.stderr
    )
    assert "订单.xlsx" in r.stdout
    r = cli("import", budget)
    line = assert_one_error_line(
        r, 1, [f"{budget} 是费用预算，不是客户名单：请用 regiontool budget {budget} 读入"]
    )
    assert "--map" not in line
    r = cli("import", budget, "--lang", "en")
    line = assert_one_error_line(r, 1, [f"read it with regiontool budget {budget}"], lang="en")
    assert "--map" not in line
    assert "1 家企业" in cli("status").stdout.replace(before, "") or cli("status").stdout != before
    assert cli("budget", budget).exit_code == 0  # still the budget's own input


# --- D5, D6: schema 7's relative paths of a schema-6 workspace ---------------------------------


def _orders(path: Path, n: int) -> Path:
    rows = [
        [f"慈溪市测试{i}电器有限公司", dt.date(2026, 10, i + 1), "ERP", 1, 1000 + i, f"SO{i:04d}"]
        for i in range(n)
    ]
    return write_orders(path, rows)


def _as_schema_6(db: Path) -> None:
    """The workspace as schema 6 left it: no relative path of any file read."""
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE imports DROP COLUMN rel_path")
        conn.execute("DELETE FROM meta WHERE key LIKE 'input-rel:%'")
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")


def _made(tmp_path: Path, cli) -> Path:
    folder = tmp_path / "旧电脑" / "销售 2026"
    folder.mkdir(parents=True)
    db = folder / "regiontool.db"
    assert cli("import", _orders(folder / "订单明细.xlsx", 10), "--db", db).exit_code == 0
    assert cli("budget", _budget(folder / "budget.xlsx"), "--db", db).exit_code == 0
    _as_schema_6(db)
    return folder


def test_an_upgrade_in_place_gives_every_input_its_relative_path(tmp_path: Path, cli):
    folder = _made(tmp_path, cli)
    assert cli("status", "--db", folder / "regiontool.db").exit_code == 0  # upgraded where it was made
    new = tmp_path / "新电脑" / folder.name
    new.parent.mkdir()
    shutil.move(folder, new)
    budget = new / "budget.xlsx"
    before = budget.read_bytes()
    r = cli("export", budget, "--db", new / "regiontool.db")
    assert_one_error_line(r, 2, [f"{budget} 是输入文件，不能覆盖它"])
    assert budget.read_bytes() == before


def test_a_workspace_moved_before_its_upgrade_finds_its_files_in_its_new_folder(tmp_path: Path, cli):
    folder = _made(tmp_path, cli)
    new = tmp_path / "新电脑" / "销售"
    new.parent.mkdir()
    shutil.move(folder, new)
    db = new / "regiontool.db"
    assert cli("status", "--db", db).exit_code == 0  # upgraded after the move
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT rel_path FROM imports").fetchall() == [("订单明细.xlsx",)]
        rel = {k for (k,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'input-rel:%'")}
    assert rel == {"input-rel:订单明细.xlsx", "input-rel:budget.xlsx"}
    r = cli("import", _orders(new / "订单明细.xlsx", 6), "--replace", "--db", db)
    assert r.exit_code == 0, r.output
    assert "删除了此前导入的这一文件中不在这一版的 4 条订单行" in r.stdout
    budget = new / "budget.xlsx"
    assert_one_error_line(cli("export", budget, "--db", db), 2, [f"{budget} 是输入文件，不能覆盖它"])


def test_a_file_outside_the_folder_of_a_workspace_upgraded_in_place_gets_no_guessed_path(tmp_path: Path, cli):
    folder = tmp_path / "工作区"
    folder.mkdir()
    db = folder / "regiontool.db"
    elsewhere = tmp_path / "下载"
    elsewhere.mkdir()
    assert cli("import", _orders(elsewhere / "订单明细.xlsx", 3), "--db", db).exit_code == 0
    assert cli("import", _orders(folder / "本地订单.xlsx", 2), "--db", db).exit_code == 0
    _as_schema_6(db)
    assert cli("status", "--db", db).exit_code == 0
    with sqlite3.connect(db) as conn:
        got = conn.execute("SELECT rel_path FROM imports ORDER BY id").fetchall()
    assert got == [(None,), ("本地订单.xlsx",)]


# --- D9: a read-only target as root -------------------------------------------------------------


@pytest.mark.parametrize("args", [["export", "OUT"], ["list", "--out", "OUT"]])
def test_a_read_only_target_is_refused_by_its_mode_even_when_access_says_yes(
    folder: Path, cli, monkeypatch, args
):
    target = folder / "共享资源表.xlsx"
    target.write_bytes(b"the manager's protected file")
    target.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda *a, **k: True)  # as for root, whatever the mode
    r = cli(*[str(target) if a == "OUT" else a for a in args])
    assert_one_error_line(r, 1, [f"无法写入 {target}", "只读"])
    assert target.read_bytes() == b"the manager's protected file"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
