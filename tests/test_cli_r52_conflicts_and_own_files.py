"""Review r52, through the CLI on files the tests write: a conflicting-line whose old line --replace
removed names the other file's line that still conflicts, as a fresh import of the same stored lines
does (D1, orders and payments); a plan saved again as .ods or .xls is still the tool's (D2); a user's
sheet named _regiontool without the tool's marker is no mark (D4); a plan written before plans were
marked is known by its sheets (D3); a workspace file with no write bit is refused as root (D6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_bad_input import assert_one_error_line

from conftest import write_orders, write_xlsx

CHENYOU, JIAGUANG = "慈溪市晨友机电厂", "宁波嘉光电机厂"


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _conflicts(cli) -> list[dict]:
    out = json.loads(_ok(cli("problems", "--format", "json", "--lang", "en")).stdout)
    return [p for p in out if p["code"] == "conflicting-line"]


# --- D1: a conflict is derived again from the stored lines --------------------------------------


def _sequence(cli, tmp_path, kind: str) -> list[dict]:
    """C (a line of ¥10,000), C corrected (¥11,000; the ¥10,000 kept), D another name (¥12,000 the
    same day: a conflict with C's ¥10,000), then C --replace (the ¥10,000 goes); and the conflicts
    of a fresh import of C and D into another workspace."""
    if kind == "orders":
        headers, names = ["客户名称", "订单日期", "产品", "金额"], ("订单C.xlsx", "订单D.xlsx")

        def line(amount):
            return [CHENYOU, "2026-11-10", "ERP标准版", amount]

        other = [JIAGUANG, "2026-11-10", "年度维护", 3000]
    else:
        headers, names = ["客户名称", "回款日期", "回款金额"], ("回款P.xlsx", "回款Q.xlsx")

        def line(amount):
            return [CHENYOU, "2026-11-10", amount]

        other = [JIAGUANG, "2026-11-10", 3000]
    c, d = tmp_path / names[0], tmp_path / names[1]
    write_orders(c, [line(10000), other], headers=headers)
    _ok(cli("import", c))
    write_orders(c, [line(11000), other], headers=headers)
    _ok(cli("import", c))
    write_orders(d, [line(12000), other], headers=headers)
    _ok(cli("import", d))
    assert len(_conflicts(cli)) == 1
    _ok(cli("import", c, "--replace"))
    return _conflicts(cli)


def test_an_orders_conflict_names_the_line_that_still_conflicts(cli, db, tmp_path):
    [said] = _sequence(cli, tmp_path, "orders")
    assert (said["file"], said["row"]) == ("订单D.xlsx", 2)
    assert "¥12,000.00" in said["message"] and "on row 2 of 订单C.xlsx" in said["message"]
    assert "¥11,000.00" in said["message"] and "¥10,000.00" not in said["message"]


def test_a_payments_conflict_names_the_payment_that_still_conflicts(cli, db, tmp_path):
    [said] = _sequence(cli, tmp_path, "payments")
    assert (said["file"], said["row"]) == ("回款Q.xlsx", 2)
    assert "¥11,000.00" in said["message"] and "on row 2 of 回款P.xlsx" in said["message"]
    assert "¥10,000.00" not in said["message"]
    zh = json.loads(_ok(cli("problems", "--format", "json")).stdout)
    assert any("¥11,000.00" in str(p) and "两笔都计入已回款" in str(p) for p in zh)


# --- D2: a plan saved again as .ods or .xls keeps its mark ----------------------------------------


def _saved_as(source: Path, target: Path) -> Path:
    """Every sheet of `source` (the hidden _regiontool one too) in an .ods or .xls, as LibreOffice's
    "Keep current format" writes them."""
    import pandas as pd
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(source))
    sheets = {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}
    if target.suffix == ".ods":
        with pd.ExcelWriter(target, engine="odf") as out:
            for name, rows in sheets.items():
                pd.DataFrame(rows).to_excel(out, sheet_name=name, header=False, index=False)
        return target
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v not in ("", None):
                    ws.write(i, j, v if isinstance(v, (int, float)) else str(v))
    book.save(str(target))
    return target


@pytest.mark.sqlite_only
@pytest.mark.parametrize("suffix", [".ods", ".xls"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_saved_again_as_ods_or_xls_is_skipped_and_refused(cli, db, tmp_path, suffix, lang):
    contacts = write_xlsx(tmp_path / "客户联系表.xlsx")
    _ok(cli("import", contacts))
    plan = tmp_path / "计划.xlsx"
    _ok(cli("plan", "--out", plan, "--lang", lang))
    saved = _saved_as(plan, tmp_path / f"计划{suffix}")
    before = cli("status").stdout
    r = _ok(cli("import", contacts, saved))
    assert f"提示：跳过 {saved}：这是 regiontool plan 写的计划" in r.stderr
    assert cli("status").stdout == before  # no junk firms from the plan's sheets
    assert_one_error_line(cli("import", saved), 1, [f"{saved} 是 regiontool"])
    assert cli("status").stdout == before


# --- D4: a user's sheet named _regiontool is no mark -----------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("hidden", [False, True])
def test_a_users_sheet_named_like_the_mark_is_imported(cli, db, tmp_path, hidden):
    import openpyxl

    book = write_xlsx(tmp_path / "客户.xlsx")
    wb = openpyxl.load_workbook(book)
    notes = wb.create_sheet("_regiontool")
    notes["A1"] = "我的备注"
    notes.sheet_state = "hidden" if hidden else "visible"
    wb.save(book)
    r = _ok(cli("import", book))
    assert "regiontool" not in r.stderr
    assert json.loads(_ok(cli("status", "--format", "json")).stdout)["companies"] > 0


# --- D6: a workspace file with no write bit is refused by its mode bits too ----------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_read_only_workspace_is_refused_by_its_mode_even_when_access_says_yes(
    cli, db, tmp_path, monkeypatch, lang
):
    import os
    import stat

    contacts = write_xlsx(tmp_path / "客户联系表.xlsx")
    _ok(cli("import", contacts))
    before = _ok(cli("status")).stdout
    db.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda *a, **k: True)  # as for root, whatever the mode
    data = db.read_bytes()
    words = [f"无法写入 {db}", "只读"] if lang == "zh" else [f"cannot write {db}", "read-only"]
    firm = json.loads(_ok(cli("list", "-f", "json")).stdout)[0]["企业名称"]
    assert_one_error_line(cli("set", firm, "--tier", "A", "--lang", lang), 1, words, lang=lang)
    orders = write_orders(tmp_path / "订单.xlsx", [[firm, "2026-11-10", "ERP标准版", 1000]])
    assert_one_error_line(cli("import", orders, "--lang", lang), 1, words, lang=lang)
    backup = tmp_path / "备份.db"
    _ok(cli("backup", backup))
    assert_one_error_line(cli("restore", backup, "--lang", lang), 1, words, lang=lang)  # review r53 D3
    assert db.read_bytes() == data and stat.S_IMODE(db.stat().st_mode) == 0o444
    assert _ok(cli("status")).stdout == before  # reading it still works


# --- D3: a plan written before plans were marked is known by its sheets ---------------------------


def _unmarked(plan: Path) -> Path:
    """The plan as the version before the marker wrote it: the same sheets without _regiontool."""
    import openpyxl

    wb = openpyxl.load_workbook(plan)
    del wb["_regiontool"]
    wb.save(plan)
    return plan


@pytest.mark.sqlite_only
@pytest.mark.parametrize("month", [False, True], ids=["week", "month"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_of_the_previous_version_is_skipped_and_refused(cli, db, tmp_path, month, lang):
    contacts = write_xlsx(tmp_path / "客户联系表.xlsx")
    _ok(cli("import", contacts))
    plan = tmp_path / "上周计划.xlsx"
    _ok(cli("plan", *(["--month"] if month else []), "--out", plan, "--lang", lang))
    _unmarked(plan)
    before = cli("status").stdout
    r = _ok(cli("import", contacts, plan))
    assert f"提示：跳过 {plan}：这是 regiontool plan 写的计划" in r.stderr
    assert cli("status").stdout == before  # no junk firms from the plan's sheets
    assert_one_error_line(
        cli("import", plan, "--lang", "en"), 1, [f"{plan} is a plan regiontool plan wrote"], lang="en"
    )
    assert cli("status").stdout == before
    assert _ok(cli("done", plan)).exit_code == 0  # still read back


@pytest.mark.sqlite_only
def test_a_users_contact_list_with_a_sheet_named_week_plan_is_imported(cli, db, tmp_path):
    book = write_xlsx(tmp_path / "客户.xlsx", sheet="周计划", notes_sheet=False)
    r = _ok(cli("import", book))
    assert "跳过" not in r.stderr
    assert json.loads(_ok(cli("status", "--format", "json")).stdout)["companies"] > 0


@pytest.mark.sqlite_only
def test_a_users_week_plan_sheet_beside_a_shown_remarks_sheet_is_imported(cli, db, tmp_path):
    """Review r53 D1: 周计划 first, a 计划备注 the user shows and day-named sheets are the user's
    workbook; only a hidden 计划备注 (every plan wrote one) makes an unmarked plan."""
    import openpyxl

    book = write_xlsx(tmp_path / "客户.xlsx", sheet="周计划", notes_sheet=False)
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("11-23 周一").append(["拜访记录"])
    wb.create_sheet("计划备注").append(["本周重点"])
    wb.save(book)
    r = _ok(cli("import", book))
    assert "跳过" not in r.stderr
    assert json.loads(_ok(cli("status", "--format", "json")).stdout)["companies"] > 0
    wb["计划备注"].sheet_state = "hidden"  # as plan wrote it: an older version's plan
    wb.save(tmp_path / "旧计划.xlsx")
    r = cli("import", tmp_path / "旧计划.xlsx")
    assert_one_error_line(r, 1, ["regiontool plan"])
