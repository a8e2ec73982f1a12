"""Review r64, through the CLI on files the tests write: a held town (a 镇街 column's, one set by
hand, one the gazetteer does not know) keeps its reason where a later address names a county but
no town, and so its value at the next import (D1); a blank county of a 镇街 the gazetteer does not
know is filled from a later address's county (D2); a hand's county kept over a later file's other
county is reported (kept-by-hand) beside a hand's town (Minor)."""

from __future__ import annotations

import csv

from conftest import explained, imported, write_sheet

NAME = "宁波乙五金厂"
NO_TOWN = "浙江省宁波市慈溪市经济开发区新兴大道9号"  # a county, no town
HEADERS = ["企业名称", "地址", "联系人", "手机"]


def _address(cli, tmp_path, name, address, firm=NAME):
    return imported(
        cli, write_sheet(tmp_path, name, HEADERS, [[firm, address, "李四", "13800000002"]])
    ).output


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(result.stdout.splitlines()))


def test_an_address_with_no_town_leaves_a_column_town_and_its_reason(cli, tmp_path):
    headers = ["企业名称", "镇街", "联系人", "手机"]
    imported(cli, write_sheet(tmp_path, "b1.xlsx", headers, [[NAME, "桥头镇", "李四", "13800000002"]]))
    out = _address(cli, tmp_path, "b6.xlsx", NO_TOWN)
    assert "区县 ∅ → 慈溪市" in out
    fields = explained(cli, NAME)
    assert fields["town"] == ("桥头镇", "列“镇街”")
    assert fields["county"] == ("慈溪市", "由镇街推得（桥头镇 → 慈溪市）")
    assert not any("镇街留空" in p["说明"] for p in _problems(cli))
    # The next file's address of another town does not replace the column's town.
    out = _address(cli, tmp_path, "b7.xlsx", "浙江省宁波市余姚市泗门镇光明路19号")
    assert "泗门镇" not in out.replace("泗门镇光明路19号", "")
    fields = explained(cli, NAME)
    assert fields["town"] == ("桥头镇", "列“镇街”")
    assert fields["county"] == ("慈溪市", "由镇街推得（桥头镇 → 慈溪市）")


def test_an_address_with_no_town_leaves_the_reason_of_a_town_set_by_hand(cli, tmp_path):
    _address(cli, tmp_path, "c1.xlsx", "浙江省宁波市慈溪市桥头镇一路3号")
    r = cli("set", NAME, "--town", "观海卫镇")
    assert r.exit_code == 0, r.output
    _address(cli, tmp_path, "c3.xlsx", NO_TOWN)
    assert explained(cli, NAME)["town"] == ("观海卫镇", "手工设置（regiontool set）")
    assert not any("镇街留空" in p["说明"] for p in _problems(cli))


def test_a_town_the_gazetteer_does_not_know_keeps_its_reason_and_takes_the_address_county(cli, tmp_path):
    name = "宁波辛电器有限公司"
    headers = ["企业名称", "镇街", "联系人", "手机"]
    rows = [[name, "滨海开发区(杭州湾新区)", "吴一", "13800000011"]]
    imported(cli, write_sheet(tmp_path, "f1.xlsx", headers, rows))
    column_reason = explained(cli, name)["town"][1]
    assert column_reason.startswith("列“镇街”") and not explained(cli, name)["county"][0]
    out = _address(cli, tmp_path, "f2.xlsx", "浙江省宁波市慈溪市滨海开发区兴慈一路1号", firm=name)
    assert f"{name}: 区县 ∅ → 慈溪市" in out
    fields = explained(cli, name)
    assert fields["town"] == ("滨海开发区(杭州湾新区)", column_reason)
    assert fields["county"][0] == "慈溪市" and fields["county"][1].startswith("地址写明区县（慈溪市）")
    listed = cli("list", "--where", "county=慈溪市")
    assert listed.exit_code == 0 and name in listed.output


def test_a_county_set_by_hand_beside_a_town_set_by_hand_is_reported_kept(cli, tmp_path):
    _address(cli, tmp_path, "c1.xlsx", "浙江省宁波市慈溪市桥头镇一路3号")
    for option, value in (("--town", "观海卫镇"), ("--county", "镇海区")):
        r = cli("set", NAME, option, value)
        assert r.exit_code == 0, r.output
    _address(cli, tmp_path, "c2.xlsx", "浙江省宁波市余姚市泗门镇二路3号")
    kept = {(p["列"], p["值"]) for p in _problems(cli) if p["代码"] == "kept-by-hand"}
    assert kept == {("town", "观海卫镇 / 泗门镇"), ("county", "镇海区 / 余姚市")}
    fields = explained(cli, NAME)
    assert fields["town"][0] == "观海卫镇" and fields["county"][0] == "镇海区"
