"""Review r101 (issue #3 audited bullet by bullet): region-prefix duplicates listed without addresses
(F6); a tier or manager cell that says nothing (/, -, 暂无, 空白) neither sets nor erases one (F10, F11,
F13); a ditto (同上, 〃) in the company column is the firm of the row above (F12)."""

from __future__ import annotations

import json

import pytest

from conftest import imported, imported_json, write_sheet


def _problems(cli, code: str) -> list[dict]:
    r = cli("problems", "--code", code, "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout) if r.stdout.strip() else []


def _firms(cli) -> dict[str, dict]:
    r = cli("list", "-f", "json", "--lang", "en")
    assert r.exit_code == 0, r.output
    return {f["company"]: f for f in json.loads(r.stdout)}


@pytest.mark.parametrize(
    ("headers", "address"),
    [(["企业名称", "联系人"], None), (["企业名称", "地址", "联系人"], "周巷镇长安路{n}号")],
)
def test_region_prefixed_names_are_listed_without_places_in_the_addresses(cli, tmp_path, headers, address):
    names = ["宁波华峰电器有限公司", "宁波市华峰电器有限公司", "慈溪市华峰电器厂", "华峰电器有限公司"]
    rows = [[name, *([address.format(n=n)] if address else []), f"联系人{n}"] for n, name in enumerate(names)]
    assert imported_json(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))["companies"] == 4
    [listed] = _problems(cli, "possible-duplicate")
    assert set(listed["value"].split(" ~ ")) == set(names)


def test_a_tier_or_manager_cell_that_says_nothing_neither_sets_nor_erases_one(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "区域经理", "客户分类"]
    first = [
        ["慈溪市甲电器有限公司", "慈溪市长河镇1号", "张三", "王经理", "B"],
        ["慈溪市乙电器有限公司", "慈溪市长河镇2号", "李四", "王经理", "A"],
    ]
    imported(cli, write_sheet(tmp_path, "a.xlsx", headers, first))
    update = [
        ["慈溪市甲电器有限公司", "慈溪市长河镇1号", "张三", "/", "/"],
        ["慈溪市乙电器有限公司", "慈溪市长河镇2号", "李四", "暂无", "-"],
        ["慈溪市丙电器有限公司", "慈溪市长河镇3号", "赵六", "无", "空白"],
    ]
    result = imported(cli, write_sheet(tmp_path, "b.xlsx", headers, update), "--manager", "李经理")
    assert "→ /" not in result.output and "→ -" not in result.output
    firms = _firms(cli)
    assert (firms["慈溪市甲电器有限公司"]["tier"], firms["慈溪市甲电器有限公司"]["manager"]) == (
        "B",
        "王经理",
    )
    assert (firms["慈溪市乙电器有限公司"]["tier"], firms["慈溪市乙电器有限公司"]["manager"]) == (
        "A",
        "王经理",
    )
    # the new firm whose manager cell says 无 is one without: --manager gives it one
    assert not firms["慈溪市丙电器有限公司"]["tier"] and firms["慈溪市丙电器有限公司"]["manager"] == "李经理"
    assert _problems(cli, "invalid-tier") == []


def test_a_ditto_in_the_company_column_is_the_firm_above(cli, tmp_path):
    headers = ["企业名称", "联系人", "电话"]
    rows = [
        ["慈溪市甲电器有限公司", "张三", "13812345678"],
        ["同上", "李四", "13812345679"],
        ["〃", "王五", "13812345670"],
        ["慈溪市乙电器有限公司", "赵六", "13812345671"],
        ["同 上", "钱七", "13812345672"],  # (review r106 F11: with a space)
    ]
    counts = imported_json(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    assert (counts["companies"], counts["contacts"], counts["merged"], counts["rejected"]) == (2, 5, 3, 0)
    firms = _firms(cli)
    assert "同上" not in firms and firms["慈溪市甲电器有限公司"]["contacts"] == 3


def test_a_ditto_with_no_firm_above_is_rejected_with_its_reason(cli, tmp_path):
    rows = [["同上", "李四"], ["慈溪市甲电器有限公司", "张三"]]
    counts = imported_json(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人"], rows))
    assert (counts["companies"], counts["rejected"]) == (1, 1)
    [rejected] = _problems(cli, "no-company")
    assert "同上" in rejected["message"]


@pytest.mark.parametrize(
    ("company", "manager", "key"),
    [
        ("企业名称", "销售经理", "是否關鍵聯絡人"),
        ("公司名称", "业务经理", "关键联络人"),
        ("单位名称", "地区经理", "是否关键联系人"),
    ],
)
def test_more_header_spellings_are_recognised(cli, tmp_path, company, manager, key):
    """Review r101 F4, F14 (公司名/企业名/单位名 taken back: orders files headed so read as contacts, r109 F1)."""
    rows = [["慈溪市甲电器有限公司", "王经理", "是"]]
    result = imported(cli, write_sheet(tmp_path, "c.xlsx", [company, manager, key], rows))
    assert f"{company} → 企业名称" in result.output and f"{manager} → 区域经理" in result.output
    firm = _firms(cli)["慈溪市甲电器有限公司"]
    assert firm["manager"] == "王经理" and firm["key contact"]


def test_a_contacts_name_change_is_labelled_as_the_contact(cli, tmp_path):
    """Review r101 F16: not the raw key name."""
    for folder, row in (("a", ["宁波华峰电器有限公司", "张三"]), ("b", ["寧波華峰電器有限公司", "張三"])):
        (tmp_path / folder).mkdir()
        result = imported(cli, write_sheet(tmp_path / folder, "n.xlsx", ["企业名称", "联系人"], [row]))
    assert "/ 張三: 联系人 张三 → 張三" in result.output and ": name " not in result.output


def test_a_secondary_header_never_beats_the_fields_own(cli, tmp_path):
    """Review r106 F5, F6: a customer's 销售经理 left of our 区域经理 is not the manager; a 客户名 of
    people beside 企业名称 is no company column."""
    headers = ["销售经理", "客户名", "企业名称", "区域经理"]
    rows = [
        ["钱开单", "张先生", "慈溪市甲电器有限公司", "孙志强"],
        ["钱开单", "李女士", "慈溪市乙电器有限公司", "孙志强"],
    ]
    result = imported(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    assert "企业名称 → 企业名称" in result.output and "区域经理 → 区域经理" in result.output
    firms = _firms(cli)
    assert set(firms) == {"慈溪市甲电器有限公司", "慈溪市乙电器有限公司"}
    assert {f["manager"] for f in firms.values()} == {"孙志强"}


def test_a_ditto_in_the_tier_or_manager_column_is_the_row_above(cli, tmp_path):
    """Review r106 F9: not dropped; with nothing above, the tier is reported as before."""
    headers = ["企业名称", "联系人", "客户分类", "区域经理"]
    rows = [
        ["慈溪市甲电器有限公司", "张三", "B", "王五"],
        ["慈溪市乙电器有限公司", "李四", "同上", "同上"],
        ["慈溪市丙电器有限公司", "赵六", "", ""],
        ["慈溪市丁电器有限公司", "钱七", "同上", "同上"],
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", headers, rows))
    firms = _firms(cli)
    assert (firms["慈溪市乙电器有限公司"]["tier"], firms["慈溪市乙电器有限公司"]["manager"]) == ("B", "王五")
    assert not firms["慈溪市丁电器有限公司"]["manager"]
    assert [p["value"] for p in _problems(cli, "invalid-tier")] == ["同上"]


def test_an_export_sorted_and_imported_back_reads_no_ditto(cli, tmp_path):
    """Review r106 F4: an export's rows are sorted at will; its 同上 cells (kept from the source) name
    no firm above, and the import changes nothing."""
    import openpyxl

    rows = [
        ["慈溪市甲电器有限公司", "张三", "B"],
        ["同上", "李四", ""],
        ["慈溪市乙电器有限公司", "赵六", "A"],
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "客户分类"], rows))
    out = tmp_path / "e.xlsx"
    assert cli("export", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    for i, row in enumerate(reversed(data), start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j).value = v
    wb.save(out)
    before = _firms(cli)
    again = imported_json(cli, out)
    assert again["companies_updated"] == 0 and _firms(cli) == before


def test_a_header_ending_in_a_secondary_spelling_is_secondary_too(cli, tmp_path):
    """Review r109 F2: 客户销售经理 left of our 区域经理 is not the manager."""
    headers = ["企业名称", "客户销售经理", "区域经理"]
    imported(cli, write_sheet(tmp_path, "c.xlsx", headers, [["慈溪市甲电器有限公司", "钱开单", "孙志强"]]))
    assert _firms(cli)["慈溪市甲电器有限公司"]["manager"] == "孙志强"


def test_an_orders_file_headed_with_a_short_company_word_is_no_contact_list(cli, tmp_path):
    """Review r109 F1: 单位名 + 销售额 + 销售经理 + 联系人 were read as 20 contacts of one firm."""
    headers = ["单位名", "订单日期", "销售额", "销售经理", "联系人"]
    rows = [["慈溪市甲电器有限公司", "2026-03-01", 1000 + i, "钱开单", "张三"] for i in range(5)]
    r = cli("import", write_sheet(tmp_path, "o.xlsx", headers, rows))
    assert "5 个联系人" not in r.output and "年产值" not in r.output


def test_a_ditto_under_a_subtotal_row_is_not_the_subtotal(cli, tmp_path):
    """Review r109 F4: rejected as a placeholder to fix, not as a total row (无需处理)."""
    rows = [["慈溪市甲电器有限公司", "张三"], ["小计", ""], ["同上", "李四"]]
    counts = imported_json(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人"], rows))
    assert counts["rejected"] == 2
    messages = [p["message"] for p in _problems(cli, "no-company")]
    assert any("company name '同上' is no company name" in m for m in messages)
    assert not any("同上" in m and "nothing to do" in m for m in messages)


@pytest.mark.parametrize("mark", ["〃", "“"])
def test_a_ditto_tier_with_nothing_above_is_reported(cli, tmp_path, mark):
    """Review r109 F7."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "客户分类"], [["慈溪市甲电器有限公司", mark]]))
    assert [p["value"] for p in _problems(cli, "invalid-tier")] == [mark]
