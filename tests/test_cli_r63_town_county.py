"""Review r63, through the CLI on files the tests write: the county goes with a town a later file's
inference does not replace, and only where that file finds another town (D1); a town set by hand
holds its county so too (D2)."""

from __future__ import annotations

from conftest import explained, imported, write_sheet

NAME = "宁波恒通电器厂"


def _town_column_then_address(cli, tmp_path, address):
    headers = ["企业名称", "镇街", "联系人", "手机"]
    imported(cli, write_sheet(tmp_path, "c1.xlsx", headers, [[NAME, "桥头镇", "赵六", "13800000009"]]))
    assert not explained(cli, NAME)["county"][0]
    headers = ["企业名称", "地址", "联系人", "手机"]
    return imported(
        cli, write_sheet(tmp_path, "c2.xlsx", headers, [[NAME, address, "赵六", "13800000009"]])
    ).output


def test_an_address_naming_the_column_town_fills_its_county(cli, tmp_path):
    out = _town_column_then_address(cli, tmp_path, "浙江省宁波市慈溪市桥头镇工业路6号")
    assert "区县 ∅ → 慈溪市" in out
    fields = explained(cli, NAME)
    assert fields["town"] == ("桥头镇", "列“镇街”")
    assert fields["county"] == ("慈溪市", "由镇街推得（桥头镇 → 慈溪市）")
    listed = cli("list", "--where", "county=慈溪市")
    assert listed.exit_code == 0 and NAME in listed.output


def test_an_address_of_another_town_of_its_county_fills_the_county_from_the_column_town(cli, tmp_path):
    out = _town_column_then_address(cli, tmp_path, "浙江省宁波市慈溪市坎墩街道坎墩路1号")
    assert "区县 ∅ → 慈溪市" in out and "坎墩街道" not in out.replace("坎墩街道坎墩路1号", "")
    fields = explained(cli, NAME)
    assert fields["town"] == ("桥头镇", "列“镇街”")
    assert fields["county"] == ("慈溪市", "由镇街推得（桥头镇 → 慈溪市）")


def test_an_address_of_another_county_leaves_the_county_of_a_column_town_blank(cli, tmp_path):
    out = _town_column_then_address(cli, tmp_path, "浙江省宁波市余姚市泗门镇泗门路2号")
    assert "余姚市" not in out.replace("浙江省宁波市余姚市泗门镇泗门路2号", "")
    fields = explained(cli, NAME)
    assert fields["town"] == ("桥头镇", "列“镇街”") and not fields["county"][0]


def _hand_town_then_address(cli, tmp_path, address):
    headers = ["企业名称", "地址", "联系人", "手机"]
    first = [[NAME, "浙江省宁波市慈溪市桥头镇工业路6号", "赵六", "13800000009"]]
    imported(cli, write_sheet(tmp_path, "a1.xlsx", headers, first))
    r = cli("set", NAME, "--town", "观海卫镇")
    assert r.exit_code == 0, r.output
    assert explained(cli, NAME)["county"] == ("慈溪市", "由镇街推得（观海卫镇 → 慈溪市）")
    return imported(
        cli, write_sheet(tmp_path, "b1.xlsx", headers, [[NAME, address, "赵六", "13800000009"]])
    ).output


def test_an_address_of_another_county_leaves_the_county_of_a_town_set_by_hand(cli, tmp_path):
    out = _hand_town_then_address(cli, tmp_path, "宁波市余姚市泗门镇泗门路2号")
    assert "区县 慈溪市 → 余姚市" not in out
    fields = explained(cli, NAME)
    assert fields["town"] == ("观海卫镇", "手工设置（regiontool set）")
    assert fields["county"] == ("慈溪市", "由镇街推得（观海卫镇 → 慈溪市）")


def test_an_address_of_another_town_keeps_the_county_reason_of_a_town_set_by_hand(cli, tmp_path):
    _hand_town_then_address(cli, tmp_path, "宁波市慈溪市坎墩街道坎墩路1号")
    fields = explained(cli, NAME)
    assert fields["town"] == ("观海卫镇", "手工设置（regiontool set）")
    assert fields["county"] == ("慈溪市", "由镇街推得（观海卫镇 → 慈溪市）")
