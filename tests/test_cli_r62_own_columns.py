"""Review r62, through the CLI on files the tests write: a key field your own column gave (行业,
所属行业, 镇街, 规模: its reason 列“…”) is not replaced by what a later file infers (a name keyword, an
address, figures); a later file's own column replaces it (D2)."""

from __future__ import annotations

import pytest

from conftest import explained, imported, write_sheet

NAME = "慈溪市寅卯贸易有限公司"


def test_a_name_keyword_does_not_replace_an_industry_column(cli, tmp_path):
    imported(
        cli,
        write_sheet(
            tmp_path,
            "own.xlsx",
            ["企业名称", "行业", "联系人", "电话"],
            [[NAME, "塑料", "丙", "13800000013"]],
        ),
    )
    phone = write_sheet(tmp_path, "phone.xlsx", ["企业名称", "联系人", "电话"], [[NAME, "丙", "13800000099"]])
    out = imported(cli, phone).output
    assert "行业 塑料 →" not in out and "变更： 1" in out and "13800000099" in out
    assert explained(cli, NAME)["industry"] == ("塑料", "列“行业”")


def test_a_name_keyword_does_not_replace_a_registry_industry(cli, tmp_path):
    headers = ["企业名称", "所属行业", "联系人", "电话"]
    imported(
        cli, write_sheet(tmp_path, "reg.xlsx", headers, [[NAME, "C29 橡胶和塑料制品业", "丙", "13800000013"]])
    )
    before = explained(cli, NAME)["industry"]
    assert before[0] == "塑料" and before[1].startswith("列“所属行业”")
    imported(
        cli,
        write_sheet(tmp_path, "phone.xlsx", ["企业名称", "联系人", "电话"], [[NAME, "丙", "13800000099"]]),
    )
    assert explained(cli, NAME)["industry"] == before


def test_a_later_industry_column_replaces_it(cli, tmp_path):
    headers = ["企业名称", "行业", "联系人", "电话"]
    imported(cli, write_sheet(tmp_path, "own.xlsx", headers, [[NAME, "塑料", "丙", "13800000013"]]))
    out = imported(
        cli, write_sheet(tmp_path, "own2.xlsx", headers, [[NAME, "五金机械", "丙", "13800000013"]])
    ).output
    assert "行业 塑料 → 五金机械" in out
    assert explained(cli, NAME)["industry"] == ("五金机械", "列“行业”")


@pytest.mark.parametrize("county", ["", "慈溪市"])
def test_an_address_does_not_replace_a_town_column(cli, tmp_path, county):
    headers = ["企业名称", "镇街", "区县", "联系人", "电话"]
    imported(cli, write_sheet(tmp_path, "own.xlsx", headers, [[NAME, "周巷镇", county, "丙", "13800000013"]]))
    before = explained(cli, NAME)
    assert before["town"] == ("周巷镇", "列“镇街”") and (before["county"][0] or "") == county
    headers = ["企业名称", "地址", "联系人", "电话"]
    address = "浙江省余姚市凤山街道1号"
    out = imported(
        cli, write_sheet(tmp_path, "addr.xlsx", headers, [[NAME, address, "丙", "13800000013"]])
    ).output
    shown = out.replace(address, "")  # the address itself changes
    assert "凤山街道" not in shown and "余姚市" not in shown
    after = explained(cli, NAME)
    assert after["town"] == before["town"] and after["county"] == before["county"]
    assert after["address"][0] == address


def test_an_address_still_replaces_an_inferred_town(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "电话"]
    imported(
        cli, write_sheet(tmp_path, "a.xlsx", headers, [[NAME, "浙江省慈溪市周巷镇1号", "丙", "13800000013"]])
    )
    imported(
        cli,
        write_sheet(tmp_path, "b.xlsx", headers, [[NAME, "浙江省余姚市凤山街道1号", "丙", "13800000013"]]),
    )
    fields = explained(cli, NAME)
    assert fields["town"][0] == "凤山街道" and fields["county"][0] == "余姚市"


def test_figures_do_not_replace_a_size_column(cli, tmp_path):
    imported(
        cli,
        write_sheet(
            tmp_path,
            "own.xlsx",
            ["企业名称", "规模", "联系人", "电话"],
            [[NAME, "小型", "丙", "13800000013"]],
        ),
    )
    assert explained(cli, NAME)["size"] == ("小型", "列“规模”")
    headers = ["企业名称", "员工人数", "营业收入（万元）", "联系人", "电话"]
    out = imported(
        cli, write_sheet(tmp_path, "fig.xlsx", headers, [[NAME, "900", "90000", "丙", "13800000013"]])
    )
    assert "规模 小型 →" not in out.output
    assert explained(cli, NAME)["size"] == ("小型", "列“规模”")


def test_a_same_guess_keeps_the_column_reason(cli, tmp_path):
    headers = ["企业名称", "地址", "行业", "联系人", "电话"]
    rows = [[NAME, "浙江省慈溪市周巷镇1号", "贸易", "丙", "13800000013"]]
    imported(cli, write_sheet(tmp_path, "own.xlsx", headers, rows))
    moved = [[NAME, "浙江省慈溪市周巷镇2号", "", "丙", "13800000013"]]
    out = imported(cli, write_sheet(tmp_path, "moved.xlsx", headers, moved)).output
    assert "周巷镇2号" in out
    assert explained(cli, NAME)["industry"] == ("贸易", "列“行业”")
