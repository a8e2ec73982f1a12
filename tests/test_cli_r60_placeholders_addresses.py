"""Review r60, through the CLI on files the tests write: a placeholder in an industry column (-, 无, 未知,
暂无, na) is no industry and hides no later row's (D4); a blank first address takes a later column
only where it names the firm's own site (通信地址, not 送货地址), and the summary says so (D5); a size
cell 未知/无 raises no problem, and the export's 推断依据 gives the reasons of a status F2 and of an
address from 通信地址 (D6)."""

from __future__ import annotations

import json

import openpyxl

from conftest import explained, imported, write_sheet


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_industry_placeholders_are_blank(tmp_path, cli):
    rows = [
        ["慈溪甲电器有限公司", "慈溪市龙山镇甲路1号", "甲", "13900000031", "-", "未知"],
        ["慈溪乙电器有限公司", "慈溪市龙山镇乙路2号", "乙", "13900000032", "未知", "无"],
        ["慈溪丙电器有限公司", "慈溪市龙山镇丙路3号", "丙", "13900000033", "暂无", "-"],
        ["慈溪丁电器有限公司", "慈溪市龙山镇丁路4号", "丁", "13900000034", "na", "小型"],
        ["慈溪戊科技有限公司", "慈溪市龙山镇戊路5号", "戊1", "13900000035", "无", ""],
        ["慈溪戊科技有限公司", "慈溪市龙山镇戊路5号", "戊2", "13900000036", "C29 橡胶和塑料制品业", ""],
    ]
    path = write_sheet(
        tmp_path, "客户联系表.xlsx", ["企业名称", "地址", "联系人", "手机", "所属行业", "规模"], rows
    )
    imported(cli, path)
    for name in ("慈溪甲电器有限公司", "慈溪乙电器有限公司", "慈溪丙电器有限公司", "慈溪丁电器有限公司"):
        assert explained(cli, name)["industry"][0] == "电子电器", name  # from the name
    assert explained(cli, "慈溪戊科技有限公司")["industry"][0] == "塑料"
    # 未知, 无 under 规模 say nothing: no problem.
    assert not [p for p in _problems(cli) if p["code"] == "invalid-size"]


def test_a_ship_to_address_is_no_fallback(tmp_path, cli):
    path = write_sheet(
        tmp_path,
        "客户联系表.xlsx",
        ["企业名称", "地址", "送货地址", "仓库地址", "联系人", "手机"],
        [
            ["宁波甲电器有限公司", "", "浙江省宁波市北仑区大榭街道仓库1号", "", "甲", "13900000021"],
            ["宁波乙电器有限公司", "-", "", "浙江省杭州市萧山区瓜沥镇物流园2号", "乙", "13900000022"],
        ],
    )
    result = imported(cli, path)
    assert "原样保留：送货地址、仓库地址" in result.output
    for name in ("宁波甲电器有限公司", "宁波乙电器有限公司"):
        fields = explained(cli, name)
        assert fields["address"][0] is None and fields["town"][0] is None, fields


def test_an_own_address_fallback_is_said_and_explained(tmp_path, cli):
    path = write_sheet(
        tmp_path,
        "企查查.xlsx",
        ["企业名称", "登记状态", "注册地址", "通信地址", "送货地址"],
        [
            ["宁波三号五金有限公司", "存续", "", "浙江省宁波市慈溪市观海卫镇三号路3号", ""],
            ["宁波四号机械有限公司", "注销", "-", "浙江省宁波市慈溪市附海镇四号路4号", ""],
        ],
    )
    result = imported(cli, path)
    assert "通信地址 → 地址（注册地址空白时）" in result.output
    assert "原样保留：送货地址" in result.output and "通信地址、" not in result.output
    assert explained(cli, "宁波三号五金有限公司")["town"][0] == "观海卫镇"
    english = imported(cli, path, "--lang", "en", "--dry-run")
    assert "通信地址 → address (where 注册地址 is blank)" in english.output
    assert cli("export", str(tmp_path / "rt.xlsx")).exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "rt.xlsx").worksheets[0]
    rows = list(ws.values)
    head = rows[0]
    why = {r[head.index("企业名称")]: r[head.index("推断依据")] for r in rows[1:]}
    assert "地址：列“通信地址”" in why["宁波三号五金有限公司"]
    assert "客户分类：列“登记状态”：注销" in why["宁波四号机械有限公司"]
    assert "客户分类" not in why["宁波三号五金有限公司"]


def test_a_later_address_takes_its_own_reason(tmp_path, cli):
    """An address from 通信地址 replaced by the next file's 地址 no longer says 列“通信地址”."""
    imported(
        cli,
        write_sheet(
            tmp_path,
            "企查查.xlsx",
            ["企业名称", "注册地址", "通信地址"],
            [["宁波三号五金有限公司", "", "浙江省宁波市慈溪市观海卫镇三号路3号"]],
        ),
    )
    assert explained(cli, "宁波三号五金有限公司")["address"][1] == "列“通信地址”"
    imported(
        cli,
        write_sheet(
            tmp_path,
            "客户联系表.xlsx",
            ["企业名称", "地址", "联系人"],
            [["宁波三号五金有限公司", "浙江省宁波市慈溪市观海卫镇三号路5号", "老三"]],
        ),
    )
    assert explained(cli, "宁波三号五金有限公司")["address"][1] != "列“通信地址”"
