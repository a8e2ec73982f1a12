"""`regiontool explain NAME`: which company a name means, as `set` and `history` decide it."""

from __future__ import annotations

import json

import pytest

from conftest import write_xlsx

HEADERS = ["企业名称", "地址", "联系人"]
ROWS = [
    ["慈溪市华峰电器厂", "慈溪市长河镇垫桥村1号", "张伟"],
    ["宁波华峰电器有限公司", "慈溪市周巷镇兴业路2号", "李娜"],
    ["宁波宏达五金厂", "慈溪市周巷镇环城北路5号", "赵敏"],
]


@pytest.fixture
def workspace(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def _name(cli, text):
    result = cli("explain", text, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["name"]


def test_exact_normalised_name_or_the_only_one_containing_it(cli, workspace):
    assert _name(cli, "慈溪市華峰電器廠 ") == "慈溪市华峰电器厂"  # traditional, trailing space
    assert _name(cli, "宏达") == "宁波宏达五金厂"  # the only firm containing it


@pytest.mark.parametrize("text", ["华峰电器", "电器"])
def test_a_name_fitting_several_companies_is_refused_listing_them(cli, workspace, text):
    result = cli("explain", text, "--lang", "en")
    assert result.exit_code == 2
    line = result.output.strip()
    assert len(line.splitlines()) == 1 and "matches 2 companies" in line
    assert "慈溪市华峰电器厂" in line and "宁波华峰电器有限公司" in line
    line = cli("explain", text).output.strip()
    assert line.startswith(f"错误：“{text}”匹配到 2 家企业：") and line.endswith("：请给出完整名称")
    assert "慈溪市华峰电器厂" in line and "宁波华峰电器有限公司" in line


@pytest.mark.parametrize("text", ["", "  "])
def test_an_empty_name_is_a_usage_error(cli, workspace, text):
    result = cli("explain", text, "--lang", "en")
    assert result.exit_code == 2 and "give a company name" in result.output
    result = cli("explain", text)
    assert result.exit_code == 2 and "请给出企业名称" in result.output


def test_no_match_is_a_data_error(cli, workspace):
    result = cli("explain", "不存在的公司", "--lang", "en")
    assert result.exit_code == 1 and "no company matches" in result.output
    result = cli("explain", "不存在的公司")
    assert result.output == "错误：没有与“不存在的公司”匹配的企业：试试名称的一部分\n"


def test_no_match_names_the_companies_closest_to_the_name_typed(cli, workspace):
    # review r7 #3: the hint was always 例如 华峰, whatever was typed, and 华峰 fits two companies
    result = cli("explain", "宁波宏大五金厂")
    assert result.exit_code == 1
    assert result.output == "错误：没有与“宁波宏大五金厂”匹配的企业：相近的有 宁波宏达五金厂\n"
    result = cli("explain", "宁波宏大五金厂", "--lang", "en")
    assert result.output == "error: no company matches '宁波宏大五金厂' — close names: 宁波宏达五金厂\n"
    # set changes nothing and says so; history and explain only read, so they do not
    assert "未作任何更改：相近的有 宁波宏达五金厂" in cli("set", "宁波宏大五金厂", "--tier", "A").output
    history = cli("history", "宁波宏大五金厂")
    assert history.exit_code == 1 and "未作任何更改" not in history.output
    assert "相近的有 宁波宏达五金厂" in history.output
    assert "nothing was changed" not in cli("history", "宁波宏大五金厂", "--lang", "en").output


def test_lang_en_gives_values_and_reasons_in_english(cli, workspace):
    en = cli("explain", "宁波宏达五金厂", "--lang", "en")
    assert en.exit_code == 0, en.output
    zh = cli("explain", "宁波宏达五金厂")
    assert "名称关键词" in zh.output and "地址 →" in zh.output and "来自源表" in zh.output
    for words in ("名称关键词", "地址 →", "来自源表", "由镇街推得", "五金机械"):
        assert words not in en.output, words
    assert "name keyword" in en.output and "address → 周巷镇" in en.output and "hardware" in en.output


def test_json_with_lang_en_gives_values_reasons_and_history_in_english(cli, workspace):
    # -f json --lang en as the terminal view: the coded values and their reasons, and the levels
    # of the history; the keys stay as they are and -f json in Chinese keeps the stored words.
    assert cli("set", "宁波宏达五金厂", "--size", "小型", "--deal-level", "重要").exit_code == 0
    zh = json.loads(cli("explain", "宁波宏达五金厂", "-f", "json").stdout)
    en = json.loads(cli("explain", "宁波宏达五金厂", "-f", "json", "--lang", "en").stdout)
    assert set(en) == set(zh)
    zh_fields = {f["field"]: (f["value"], f["basis"]) for f in zh["fields"]}
    en_fields = {f["field"]: (f["value"], f["basis"]) for f in en["fields"]}
    assert zh_fields["industry"][0] == "五金机械" and en_fields["industry"][0] == "hardware & machinery"
    assert zh_fields["size"] == ("小型", "手工设置（regiontool set）")
    assert en_fields["size"] == ("small", "set by hand (regiontool set)")
    assert zh_fields["town"][1].startswith("地址 →") and en_fields["town"][1].startswith("address → 周巷镇")
    assert [(h["field"], h["new"]) for h in en["history"]] == [("size", "small"), ("deal_level", "major")]
    text = json.dumps(en, ensure_ascii=False)
    for words in ("五金机械", "小型", "重要", "手工设置", "来自源表", "地址 →"):
        assert words not in text, words
    table = cli("explain", "宁波宏达五金厂", "--lang", "en").stdout
    assert "∅ → major" in table and "重要" not in table


def test_a_key_contact_written_with_a_comment_shows_it(cli, tmp_path):
    """是（决策人） reads as yes; explain shows the comment beside it, as the export keeps it."""
    rows = [
        ["慈溪市华峰电器厂", "慈溪市长河镇", "张伟", "是（决策人）"],
        ["慈溪市华峰电器厂", "慈溪市长河镇", "李娜", "否"],
        ["慈溪市华峰电器厂", "慈溪市长河镇", "赵敏", "Y"],
    ]
    path = write_xlsx(
        tmp_path / "k.xlsx", headers=[*HEADERS, "是否关键联系人"], rows=rows, title=None, notes_sheet=False
    )
    assert cli("import", path).exit_code == 0
    lines = {line.split()[0]: line for line in cli("explain", "华峰").stdout.splitlines() if line.strip()}
    assert "决策人" in lines["张伟"] and "是" in lines["张伟"]
    assert "（" not in lines["李娜"]  # a plain 否 is shown as is
    en = {
        line.split()[0]: line
        for line in cli("explain", "华峰", "--lang", "en").stdout.splitlines()
        if line.strip()
    }
    assert "yes (" in en["张伟"] and "决策人" in en["张伟"]
    assert "(" not in en["赵敏"] and "yes" in en["赵敏"]  # a plain spelling needs no echo
