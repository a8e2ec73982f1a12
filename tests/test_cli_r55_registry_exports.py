"""Review r55, through the CLI on files the tests write: a purchased registry list (企查查, 天眼查, 爱企查).
Its 登记状态 注销/吊销 makes a firm without a tier of its own F2 (D1); its 所属行业, a GB/T 4754 division,
is the taxonomy's label (D2); its size codes S(小型), XS(微型) are read and 小微企业 leaves the size to
the figures (D3); a blank 注册地址 takes the 通信地址 (D4); its "-" placeholders say nothing (D5)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from conftest import write_xlsx

HEADERS = [
    "企业名称",
    "登记状态",
    "客户分类",
    "电话",
    "更多电话",
    "所属行业",
    "参保人数",
    "企业规模",
    "注册地址",
    "通信地址",
]
ROWS = [
    # name, status, tier, phone, more phones, industry, staff, size, address, mail address
    ["慈溪市甲电器有限公司", "存续", "", "0574-63000001", "-", "电气机械和器材制造业", "35", "S(小型)",
     "浙江省宁波市慈溪市周巷镇兴业北路1号", ""],
    ["慈溪市乙五金厂", "注销", "", "13800000002", "", "金属制品业", "3", "XS(微型)", "浙江省宁波市慈溪市长河镇", ""],
    ["宁波丙塑业有限公司", "吊销，未注销", "", "13800000003", "--", "C29 橡胶和塑料制品业", "-", "小微企业",
     "", "浙江省宁波市慈溪市观海卫镇鸣鹤村"],
    ["慈溪市丁汽配有限公司", "注销", "V", "13800000004", "暂无", "汽车制造业", "12", "小微企业",
     "浙江省慈溪市新浦镇", ""],
    ["慈溪市戊灯具厂", "在业", "", "—", "", "电子电器", "—", "", "浙江省慈溪市坎墩街道", ""],
    ["慈溪市己纸业有限公司", "开业", "", "13800000006", "", "某某新兴业态", "", "L(大型)", "-", "-"],
]  # fmt: skip


@pytest.fixture
def registry(tmp_path, cli):
    path = write_xlsx(tmp_path / "企查查导出.xlsx", HEADERS, ROWS, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    return result


def _fields(cli, name: str, lang: str = "zh") -> dict[str, tuple]:
    result = cli("explain", name, "-f", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    return {f["field"]: (f["value"], f["basis"]) for f in json.loads(result.stdout)["fields"]}


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- D1: 登记状态 -------------------------------------------------------------------------------


def test_closed_status_is_f2_with_its_reason(registry, cli):
    assert "登记状态 → 登记状态" in registry.stdout
    assert _fields(cli, "慈溪市乙五金厂")["tier"] == ("F2", "列“登记状态”：注销")
    tier, why = _fields(cli, "宁波丙塑业有限公司")["tier"]
    assert tier == "F2" and why.startswith("列“登记状态”：吊销")
    assert _fields(cli, "慈溪市乙五金厂", "en")["tier"] == ("F2", "column '登记状态': 注销")


def test_live_status_says_nothing_and_own_tier_wins(registry, cli):
    for name in ("慈溪市甲电器有限公司", "慈溪市戊灯具厂", "慈溪市己纸业有限公司"):
        assert _fields(cli, name)["tier"][0] is None
    assert _fields(cli, "慈溪市丁汽配有限公司")["tier"][0] == "V"  # the user's own tier column
    assert not [p for p in _problems(cli) if p["code"] == "invalid-tier"]


def test_closed_firms_left_out_of_the_plan(registry, cli, tmp_path):
    names = [r[0] for r in ROWS]
    for name in names:
        assert cli("set", name, "--manager", "王经理").exit_code == 0
    result = cli("plan", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "慈溪市甲电器有限公司" in result.stdout
    assert "慈溪市乙五金厂" not in result.stdout and "宁波丙塑业有限公司" not in result.stdout


def test_status_column_comes_back_in_the_export(registry, cli, tmp_path):
    out = tmp_path / "资源表.xlsx"
    assert cli("export", out).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    headers = [c.value for c in ws[1]]
    column = [row[headers.index("登记状态")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "吊销，未注销" in column and "注销" in column


# --- D2: 所属行业 -------------------------------------------------------------------------------


def test_gbt_division_is_the_taxonomy_label(registry, cli):
    assert _fields(cli, "慈溪市甲电器有限公司")["industry"] == (
        "电子电器",
        "列“所属行业”：电气机械和器材制造业 → 电子电器",
    )
    assert _fields(cli, "宁波丙塑业有限公司")["industry"][0] == "塑料"  # with its code C29
    assert _fields(cli, "慈溪市乙五金厂")["industry"][0] == "五金机械"
    assert _fields(cli, "慈溪市戊灯具厂")["industry"] == ("电子电器", "列“所属行业”")  # already a label
    assert _fields(cli, "慈溪市己纸业有限公司")["industry"] == ("某某新兴业态", "列“所属行业”")  # kept


# --- D3: registry size codes --------------------------------------------------------------------


def test_size_codes_read_and_span_falls_back_to_figures(registry, cli):
    assert _fields(cli, "慈溪市甲电器有限公司")["size"][0] == "小型"
    assert _fields(cli, "慈溪市乙五金厂")["size"][0] == "微型"
    assert _fields(cli, "慈溪市己纸业有限公司")["size"][0] == "大型"
    size, why = _fields(cli, "慈溪市丁汽配有限公司")["size"]  # 小微企业 and 12 people
    assert size == "微型" and why.startswith("员工 12人")
    assert _fields(cli, "宁波丙塑业有限公司")["size"][0] is None  # 小微企业, no figure
    assert not [p for p in _problems(cli) if p["code"] == "invalid-size"]
    # Covered: 甲 乙 丁 己 (丙 has no band, 戊 no size at all).
    assert "规模 4 (67%)" in registry.stdout


def test_unreadable_size_does_not_block_the_figures(tmp_path, cli):
    rows = [["慈溪市庚电器厂", "巨无霸", "35"], ["慈溪市辛电器厂", "巨无霸", ""]]
    path = write_xlsx(tmp_path / "规模.xlsx", ["企业名称", "企业规模", "员工人数"], rows, title=None)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "规模 1 (50%)" in result.stdout
    assert _fields(cli, "慈溪市庚电器厂")["size"][0] == "小型"
    assert _fields(cli, "慈溪市辛电器厂")["size"][0] is None
    assert len([p for p in _problems(cli) if p["code"] == "invalid-size"]) == 2


# --- D4: a later address column -----------------------------------------------------------------


def test_blank_first_address_takes_the_later_column(registry, cli):
    fields = _fields(cli, "宁波丙塑业有限公司")
    assert fields["address"] == ("浙江省宁波市慈溪市观海卫镇鸣鹤村", "列“通信地址”")
    assert fields["town"][0] == "观海卫镇" and fields["county"][0] == "慈溪市"
    assert _fields(cli, "慈溪市甲电器有限公司")["address"][1] == "来自源表"  # the first column's
    assert _fields(cli, "慈溪市己纸业有限公司")["address"][0] is None  # "-" in both


# --- D5: placeholders ---------------------------------------------------------------------------


def test_dash_placeholders_are_blank(registry, cli):
    fields = _fields(cli, "慈溪市甲电器有限公司")
    result = cli("explain", "慈溪市甲电器有限公司", "-f", "json")
    contacts = json.loads(result.stdout)["contacts"]
    assert [c["phone"] for c in contacts] == ["0574-63000001"]
    assert fields["size"][0] == "小型"
    problems = _problems(cli)
    assert not [p for p in problems if p["code"] in ("invalid-phone", "invalid-figure")], problems


# --- the parsers ----------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(
    st.sampled_from(["注销", "吊销", "註銷", "清算"]),
    st.text(max_size=6).map(lambda t: f"（{t}）" if t else ""),
)
def test_a_status_naming_a_closure_is_closed(word, detail):
    """The whole cell is the status, a bracketed detail aside (a sentence is none: review r60 D2,
    tests/test_cli_r60_registry_status.py)."""
    from regiontool.normalize import registry_closed

    assert registry_closed(word + detail) or any(c in detail for c in "()（）[]【】〔〕")


@given(st.sampled_from(["", "C38 ", "C38", "c-38 "]), st.text(max_size=4))
def test_a_division_with_or_without_code_is_its_label(code, noise):
    from regiontool.enrich.industry import IndustryRules

    rules = IndustryRules.load()
    assert rules.label_of_division(code + "电气机械和器材制造业") == "电子电器"
    assert rules.label_of_division(noise + "电子电器") in (None, *rules.labels)
