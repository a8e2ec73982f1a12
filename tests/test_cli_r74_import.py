"""Import after review r74: the tier column by the field's own name (客户分类) read by rows, and other
gradings (信用等级, 产品类别 …) no tier at all; the tool's own outputs beside a user's sheet; managers'
names folded."""

from __future__ import annotations

from conftest import connect, explained, imported, write_sheet

ADDRESS = "浙江省慈溪市坎墩街道工业路1号"
TIERS = ["A", "B", "C", "D", "E", "V", "F1", "A", "B", "C", "大客户"]


def _firm(i: int) -> str:
    return f"慈溪市华{i:02d}电器有限公司"


def _tiers(cli, n: int) -> dict[str, str]:
    return {_firm(i): explained(cli, _firm(i))["tier"][0] for i in range(n)}


def test_a_credit_rating_column_is_no_tier(cli, tmp_path):
    rows = [
        [_firm(i), ADDRESS, f"张{i}", f"138123456{i:02d}", TIERS[i % 11], "ABC"[i % 3]] for i in range(22)
    ]
    path = write_sheet(
        tmp_path, "crm.xlsx", ["企业名称", "地址", "联系人", "电话", "客户分类", "信用等级"], rows
    )
    result = imported(cli, path)
    assert "信用等级 →" not in result.stdout
    assert _tiers(cli, 22)[_firm(5)] == "V"


def test_other_gradings_name_no_tier(cli, tmp_path):
    from regiontool.io.layout import field_of_header

    for header in ("信用等级", "信用级别", "联系人级别", "产品类别", "纳税人类别", "客户信用等级"):
        assert field_of_header(header) != "tier", header
    for header in ("客户等级", "客户类别", "类别", "等级", "客戶分類", "Customer Tier"):
        assert field_of_header(header) == "tier", header


def test_the_own_named_tier_column_is_kept_over_a_cleaner_grading_despite_a_typo(cli, tmp_path):
    rows = [
        [_firm(i), ADDRESS, f"张{i}", f"138123456{i:02d}", TIERS[i % 11], "ABC"[i % 3]] for i in range(22)
    ]
    path = write_sheet(
        tmp_path, "crm.xlsx", ["企业名称", "地址", "联系人", "电话", "客户分类", "客户等级"], rows
    )
    result = imported(cli, path)
    assert "按取值" not in result.stdout
    tiers = _tiers(cli, 22)
    assert (tiers[_firm(3)], tiers[_firm(5)], tiers[_firm(6)]) == ("D", "V", "F1")


def test_a_category_column_before_the_own_named_tier_column_is_passed_over(cli, tmp_path):
    order = ["A", "B", "C", "D", "E", "V", "F1", "O"]
    rows = [[_firm(i), "A" if i % 3 else "B", f"张{i}", f"138123456{i:02d}", order[i % 8]] for i in range(16)]
    path = write_sheet(tmp_path, "tie.xlsx", ["企业名称", "类别", "联系人", "电话", "客户分类"], rows)
    result = imported(cli, path)
    assert "原样保留：类别" in result.stdout
    assert _tiers(cli, 16) == {_firm(i): order[i % 8] for i in range(16)}


LIST_OPENING = ["企业编号", "企业名称", "镇街", "行业", "规模", "客户分类", "区域经理", "联系人数"]


def _contact_sheet_beside_a_list(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户联系表"
    sheet.append(["企业名称", "地址", "联系人", "电话", "客户分类"])
    for i in range(5):
        sheet.append([_firm(i), ADDRESS, f"张{i}", f"1381234567{i}", "A"])
    pasted = book.create_sheet("上周清单")
    pasted.append(LIST_OPENING)
    for i in range(3):
        pasted.append([i + 1, _firm(i), "坎墩街道", "电子电器", "小型", "A", "王海波", 1])
    path = tmp_path / "two.xlsx"
    book.save(path)
    return path


def test_a_pasted_list_sheet_beside_the_contact_sheet_is_passed_over(cli, tmp_path):
    result = imported(cli, _contact_sheet_beside_a_list(tmp_path))
    assert "客户联系表" in result.stdout and "上周清单" not in result.stdout
    assert "5 家企业" in result.stdout


def test_a_pasted_list_sheet_does_not_make_the_file_skipped_beside_others(cli, tmp_path):
    other = write_sheet(tmp_path, "b.xlsx", ["企业名称", "地址"], [[_firm(9), ADDRESS]])
    result = imported(cli, _contact_sheet_beside_a_list(tmp_path), other)
    assert "跳过" not in result.output
    assert explained(cli, _firm(4))["tier"][0] == "A"


def test_the_resource_table_is_imported_back_when_its_original_columns_open_like_a_list(cli, tmp_path):
    import openpyxl

    headers = ["编号", "企业名称", "镇街", "行业", "规模", "客户分类", "区域经理", "备注", "联系人", "电话"]
    rows = [
        [i + 1, _firm(i), "坎墩街道", "电子电器", "小型", "A", "王海波", 1, "张三", f"1381234567{i}"]
        for i in range(2)
    ]
    imported(cli, write_sheet(tmp_path, "mine.xlsx", headers, rows))
    out = tmp_path / "资源表.xlsx"
    assert cli("export", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book["资源表"]
    assert [c.value for c in sheet[1][:8]] == ["编号", *LIST_OPENING[1:7], "备注"]
    sheet["A1"], sheet["H1"] = LIST_OPENING[0], LIST_OPENING[-1]  # as the manager's list-made sheet had them
    own_id = next(c for c in sheet[1][8:] if c.value == LIST_OPENING[0])
    own_id.value = f"{LIST_OPENING[0]}（整理）"  # as export names its column beside an original 企业编号
    sheet.cell(2, 6).value = "V"  # an edit
    book.save(out)
    result = imported(cli, out)
    assert "资源表自带的列" in result.stdout and "问题 0 条" in result.stdout
    assert explained(cli, _firm(0))["tier"][0] == "V"


def _managers(db) -> dict[str, int]:
    con = connect(db)
    try:
        rows = con.execute("SELECT manager, COUNT(*) FROM companies GROUP BY manager").fetchall()
    finally:
        con.close()
    return {m: n for m, n in rows if m}


def test_a_manager_cell_with_a_space_inside_is_the_same_manager(cli, db, tmp_path):
    rows = [
        [_firm(0), ADDRESS, "张三", "13812345670", "孫志強"],
        [_firm(1), ADDRESS, "李四", "13812345671", "孙 志强"],
    ]
    imported(
        cli, write_sheet(tmp_path, "trad.xlsx", ["企业名称", "地址", "联系人", "电话", "区域经理"], rows)
    )
    assert _managers(db) == {"孙志强": 2}


def test_a_manager_option_with_a_space_inside_is_the_same_manager_in_import_and_plan(cli, db, tmp_path):
    first = write_sheet(tmp_path, "a.xlsx", ["企业名称", "地址"], [[_firm(0), ADDRESS], [_firm(1), ADDRESS]])
    imported(cli, first, "--manager", "孫 志強")
    cell = [[_firm(2), ADDRESS, "孙志强"]]
    imported(cli, write_sheet(tmp_path, "b.xlsx", ["企业名称", "地址", "区域经理"], cell))
    assert _managers(db) == {"孙志强": 3}
    for typed in ("孫志強", "孙 志强"):
        result = cli("plan", "--week", "--manager", typed, "--out", tmp_path / "p.xlsx")
        assert result.exit_code == 0, result.output


def test_blank_manager_cells_say_which_known_firms_keep_another_manager(cli, tmp_path):
    import json

    headers = ["企业名称", "地址", "联系人", "电话", "区域经理"]
    zhang = [[_firm(i), ADDRESS, f"张{i}", f"1381234567{i}", "张经理"] for i in range(3)]
    imported(cli, write_sheet(tmp_path, "zhang.xlsx", headers, zhang))
    rows = [[_firm(i), ADDRESS, f"李{i}", f"1391234567{i}", None] for i in (0, 1, 7, 8)]
    li = write_sheet(tmp_path, "li.xlsx", headers, rows)
    result = cli("import", li, "--manager", "李海", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kept_by_other_managers"] == 2
    assert explained(cli, _firm(0))["manager"][0] == "张经理"
