"""A filled-in plan read back by `regiontool done` (review r73): a 相关 shortened the usual way still
names its firm, a place name alone names none."""

from __future__ import annotations

import openpyxl

from conftest import connect, fill_plan_row, plan_columns, write_xlsx

HEADERS = ["企业名称", "地址", "区域经理", "客户分类"]
FIRMS = [
    ("慈溪市佳腾电子有限公司", "慈溪市龙山镇龙山大道1号"),
    ("宁波市宏信日用品股份有限公司", "宁波市江北区长兴路2号"),
    ("慈溪市飞达五金有限公司", "慈溪市周巷镇环城路3号"),
    ("宁波新合机电有限公司", "宁波市鄞州区天童路4号"),
    ("慈溪市恒通日用品有限公司", "慈溪市浒山街道5号"),
    ("宁波顺联机械有限公司", "宁波市北仑区6号"),
    ("宁波华达贸易有限公司", "宁波市海曙区7号"),
]


def _plan(cli, tmp_path, name="plan.xlsx"):
    rows = [[n, a, "王海波", "A"] for n, a in FIRMS]
    rows += [[f"周巷{i}五金厂", f"慈溪市周巷镇环城路{i}号", "王海波", "C"] for i in range(8)]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    out = tmp_path / name
    assert cli("plan", "--start", "2026-11-30", "--manager", "王海波", "--out", out).exit_code == 0
    return out


def _rewrite(path, related: dict[str, str], outcome: str = "完成") -> None:
    """Write `outcome` on each named firm's planned row (any daily sheet), its 相关 made the text given."""
    wb = openpyxl.load_workbook(path)
    found = set()
    for ws in wb.worksheets[1:]:
        try:
            top, cols = plan_columns(ws)
        except AssertionError:
            continue
        for r in range(top + 1, ws.max_row + 1):
            cell = ws.cell(r, cols["相关"])
            name = str(cell.value or "").split("\n")[0]
            if name in related and name not in found:
                found.add(name)
                cell.value, ws.cell(r, cols["完成情况"]).value = related[name], outcome
    assert found == set(related), set(related) - found
    wb.save(path)


def test_a_related_cell_without_its_place_or_legal_suffix_names_the_firm(cli, db, tmp_path):
    out = _plan(cli, tmp_path)
    _rewrite(
        out,
        {
            "慈溪市佳腾电子有限公司": "慈溪佳腾电子",
            "宁波市宏信日用品股份有限公司": "宁波宏信日用品",
            "慈溪市飞达五金有限公司": "飞达五金有限公司",
        },
    )
    result = cli("done", out)
    assert result.exit_code == 0, result.output
    assert "完成 3" in result.stdout and "无法识别 0" in result.stdout, result.stdout


def test_a_place_or_legal_word_alone_names_no_firm(cli, db, tmp_path):
    out = _plan(cli, tmp_path)
    _rewrite(
        out,
        {
            "宁波新合机电有限公司": "宁波",
            "慈溪市恒通日用品有限公司": "慈溪市",
            "宁波顺联机械有限公司": "有限公司",
            "宁波华达贸易有限公司": "宁波有限公司",
        },
    )
    result = cli("done", out)
    assert result.exit_code == 1, result.output
    assert "填写的 4 行都无法记录" in result.stderr, result.stderr


def test_a_row_another_plan_kept_out_is_counted_apart_and_a_copy_corrects_its_plan(cli, db, tmp_path):
    week = _plan(cli, tmp_path, "计划.xlsx")
    month = tmp_path / "月计划.xlsx"
    assert (
        cli("plan", "--month", "--start", "2026-11-30", "--manager", "王海波", "--out", month).exit_code == 0
    )
    cid = fill_plan_row(week, "未完成")
    fill_plan_row(month, "完成", cid)
    assert cli("done", week).exit_code == 0
    result = cli("done", month)
    assert result.exit_code == 0, result.output
    assert "完成 0，" in result.stdout and "冲突未记录 1；" in result.stdout, result.stdout
    assert '"clashed": 1' in cli("done", month, "-f", "json").stdout
    assert "not logged (another plan's) 1;" in cli("done", month, "--lang", "en").stdout
    copy = tmp_path / "计划 (1).xlsx"  # the week plan saved again from WeChat, corrected
    copy.write_bytes(week.read_bytes())
    fill_plan_row(copy, "完成：补上了，已报价", cid)
    again = cli("done", copy)
    assert again.exit_code == 0, again.output
    assert "更正 1 条" in again.stdout and "冲突" not in again.stdout, again.stdout


def test_a_csv_row_without_a_date_is_named_so_and_a_month_day_date_is_read(cli, db, tmp_path):
    import csv

    _plan(cli, tmp_path)
    out = tmp_path / "plan.csv"
    assert cli("plan", "--start", "2026-11-30", "--manager", "王海波", "--out", out).exit_code == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    rows[0].append("完成情况")
    for r in rows[1:]:
        r.append("")
    first, second, third = rows[1], rows[2], rows[3]
    first[0], first[-1] = "12月1日", "完成"  # Excel's m月d日 display, moved to Tuesday
    second[0], second[-1] = "12/2", "完成"
    added = [""] * len(rows[0])  # a visit added at the bottom, its 日期 left empty
    for label in ("企业名称", "企业编号"):
        added[rows[0].index(label)] = third[rows[0].index(label)]
    added[-1] = "完成：顺路拜访"
    rows.append(added)
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    result = cli("done", filled)
    assert result.exit_code == 0, result.output
    assert "新记录 2 条" in result.stdout and "无法识别 1" in result.stdout, result.stdout
    assert "日期为空：请填上这一天" in result.stdout and "工作表标题" not in result.stdout
    con = connect(db)
    try:
        days = {str(d)[:10] for (d,) in con.execute("SELECT day FROM activities").fetchall()}
    finally:
        con.close()
    assert days == {"2026-12-01", "2026-12-02"}
