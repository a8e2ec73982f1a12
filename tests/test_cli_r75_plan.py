"""A filled-in plan read back by `regiontool done` (review r75): a 相关 names its id's firm only by one of
that firm's own forms, never another firm's; a row blank in one plan file says nothing of another's."""

from __future__ import annotations

import openpyxl

from conftest import connect, plan_columns, write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
FIRMS = [
    ("宁波华峰电器有限公司", "宁波市鄞州区天童路1号"),
    ("慈溪华峰电器有限公司", "慈溪市浒山街道2号"),
    ("慈溪市华峰电器厂", "慈溪市周巷镇环城路3号"),
    ("宁波乾丰电器有限公司", "宁波市江北区长兴路4号"),
    ("宁波昇阳电子有限公司", "宁波市北仑区5号"),
    ("慈溪市佳腾电子有限公司", "慈溪市龙山镇龙山大道6号"),
    ("宁波市宏信日用品股份有限公司", "宁波市江北区长兴路7号"),
    ("慈溪市飞达五金有限公司", "慈溪市周巷镇环城路8号"),
    ("佳腾电子有限公司", "宁波市海曙区9号"),
]


def _plan(cli, tmp_path, name="plan.xlsx"):
    rows = [[n, a, "王海波", "A"] for n, a in FIRMS]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    out = tmp_path / name
    assert cli("plan", "--start", "2026-11-30", "--manager", "王海波", "--out", out).exit_code == 0
    return out


def _ids(db) -> dict[str, int]:
    con = connect(db)
    try:
        return {name: int(cid) for cid, name in con.execute("SELECT id, name FROM companies").fetchall()}
    finally:
        con.close()


def _add_rows(path, rows: list[tuple[str, int]]) -> None:
    """Visits added by hand under the last row of the 11-30 sheet: (相关, 企业编号), each 完成."""
    wb = openpyxl.load_workbook(path)
    ws = wb["11-30 周一"]
    _top, cols = plan_columns(ws)
    for text, cid in rows:
        r = ws.max_row + 1
        for label, value in (("类别", "拜访"), ("相关", text), ("完成情况", "完成"), ("企业编号", cid)):
            ws.cell(r, cols[label]).value = value
    wb.save(path)


def _logged(db) -> set[int]:
    con = connect(db)
    try:
        return {int(cid) for (cid,) in con.execute("SELECT company_id FROM activities").fetchall()}
    finally:
        con.close()


def test_another_firms_name_or_a_part_of_the_name_is_refused(cli, db, tmp_path):
    out = _plan(cli, tmp_path)
    ids = _ids(db)
    wrong = [
        ("慈溪华峰电器有限公司", ids["宁波华峰电器有限公司"]),
        ("宁波华峰电器有限公司", ids["慈溪华峰电器有限公司"]),
        ("宁波华峰电器有限公司", ids["慈溪市华峰电器厂"]),
        ("宁波电器厂", ids["宁波华峰电器有限公司"]),
        ("宁波干丰电器有限公司", ids["宁波乾丰电器有限公司"]),
        ("电子", ids["宁波昇阳电子有限公司"]),
        ("宁波", ids["宁波华峰电器有限公司"]),
        ("慈溪市", ids["慈溪市飞达五金有限公司"]),
        ("有限公司", ids["慈溪市佳腾电子有限公司"]),
        ("佳腾电子有限公司", ids["慈溪市佳腾电子有限公司"]),  # a form of it, but another firm's whole name
    ]
    _add_rows(out, wrong)
    result = cli("done", out)
    assert result.exit_code == 1, result.output
    assert f"填写的 {len(wrong)} 行都无法记录" in result.stderr, result.stderr
    assert not _logged(db)


def test_the_firms_own_shortenings_are_accepted(cli, db, tmp_path):
    out = _plan(cli, tmp_path)
    ids = _ids(db)
    right = [
        ("慈溪佳腾电子", ids["慈溪市佳腾电子有限公司"]),
        ("宁波宏信日用品", ids["宁波市宏信日用品股份有限公司"]),
        ("飞达五金有限公司", ids["慈溪市飞达五金有限公司"]),
        ("华峰电器（老板换人了）", ids["慈溪市华峰电器厂"]),
        ("宁波华峰电器 新地址：白沙路12号", ids["宁波华峰电器有限公司"]),
    ]
    _add_rows(out, right)
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "无法识别 0" in result.stdout, result.stdout
    assert _logged(db) == {cid for _t, cid in right}


def _fill_monday(path, outcome: str | None) -> int:
    """Write the outcome (None: clear it) on every planned row of the 11-30 sheet; how many rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb["11-30 周一"]
    top, cols = plan_columns(ws)
    rows = [r for r in range(top + 1, ws.max_row + 1) if isinstance(ws.cell(r, cols["企业编号"]).value, int)]
    for r in rows:
        ws.cell(r, cols["完成情况"]).value = outcome
    wb.save(path)
    return len(rows)


def test_rows_blank_in_one_plan_file_say_nothing_of_what_another_logged(cli, db, tmp_path):
    week = _plan(cli, tmp_path, "计划.xlsx")
    month = tmp_path / "月计划.xlsx"
    assert (
        cli("plan", "--month", "--start", "2026-11-30", "--manager", "王海波", "--out", month).exit_code == 0
    )
    assert _fill_monday(week, "完成") >= 2
    assert cli("done", week).exit_code == 0
    wb = openpyxl.load_workbook(month)  # the month's plan: one row of the same day filled, the rest blank
    ws = wb["11-30 周一"]
    top, cols = plan_columns(ws)
    ws.cell(top + 1, cols["完成情况"]).value = "完成"
    wb.save(month)
    result = cli("done", month)
    assert result.exit_code == 0, result.output
    assert "完成情况是空的" not in result.stderr, result.stderr
    _fill_monday(week, None)  # the week's own cells cleared: still pointed out, the outcome kept
    again = cli("done", week)
    assert again.exit_code == 0, again.output
    assert "完成情况是空的，但之前已记为“完成”" in again.stderr, again.stderr
