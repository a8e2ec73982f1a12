"""Possible duplicates the name stem finds besides region prefixes and Chinese legal suffixes (review r71
F8), through the CLI: English legal suffixes, and a township of the firm's county written after its region
(listed with the firm whose own stem is the name without it, never with another firm named by its town)."""

from __future__ import annotations

import csv

from conftest import imported, write_sheet


def _groups(cli) -> list[set[str]]:
    result = cli("problems", "--code", "possible-duplicate", "-f", "csv")
    assert result.exit_code == 0, result.output
    return [set(p["值"].split(" ~ ")) for p in csv.DictReader(result.stdout.splitlines())]


def test_english_legal_suffixes_are_listed_never_merged(cli, tmp_path):
    names = ["Ningbo Jinhui Co., Ltd.", "Ningbo Jinhui Company Limited", "Ningbo Jinhui Electric Co., Ltd."]
    rows = [[n, "浙江省宁波市慈溪市坎墩街道", f"张{i}", f"1381234560{i}"] for i, n in enumerate(names)]
    result = imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址", "联系人", "手机"], rows))
    assert "3 家企业" in result.output  # listed, not merged
    assert _groups(cli) == [{"Ningbo Jinhui Co., Ltd.", "Ningbo Jinhui Company Limited"}]


ADDRESS = "浙江省宁波市慈溪市坎墩街道"


def _sheet(tmp_path, name: str, names: list[str]):
    rows = [[n, ADDRESS, f"张{i}", f"1381234561{i}"] for i, n in enumerate(names)]
    return write_sheet(tmp_path, name, ["企业名称", "地址", "联系人", "手机"], rows)


def test_a_township_after_the_region_is_listed_with_the_firm_without_it(cli, tmp_path):
    names = [
        "慈溪市华峰电器厂",
        "慈溪市周巷镇华峰电器厂",
        "慈溪市周巷华峰电器有限公司",
        "慈溪市周巷农贸市场管理有限公司",
        "慈溪市浒山街道农贸市场管理有限公司",
        "余姚市长河金辉五金厂",  # 长河 is a town of 慈溪, not of 余姚
        "余姚市金辉五金厂",
    ]
    result = imported(cli, _sheet(tmp_path, "c.xlsx", names))
    assert "7 家企业" in result.output  # listed, never merged
    assert _groups(cli) == [{"慈溪市华峰电器厂", "慈溪市周巷镇华峰电器厂", "慈溪市周巷华峰电器有限公司"}]


def test_a_stored_firm_and_a_new_one_are_listed_whichever_names_the_township(cli, tmp_path):
    imported(
        cli,
        _sheet(
            tmp_path, "a.xlsx", ["慈溪市华峰电器厂", "慈溪市周巷金辉五金厂", "慈溪市周巷农贸市场管理有限公司"]
        ),
    )
    assert _groups(cli) == []
    imported(
        cli,
        _sheet(
            tmp_path,
            "b.xlsx",
            ["慈溪市周巷华峰电器厂", "慈溪市金辉五金有限公司", "慈溪市浒山农贸市场管理有限公司"],
        ),
    )
    assert sorted(map(sorted, _groups(cli))) == sorted(
        [
            sorted(["慈溪市周巷华峰电器厂", "慈溪市华峰电器厂"]),
            sorted(["慈溪市周巷金辉五金厂", "慈溪市金辉五金有限公司"]),
        ]
    )


def test_firms_named_by_their_towns_are_never_chained_into_one_group(cli, tmp_path):
    """Review r82 F3: 周巷五金 and 龙山五金 are not 五金 (a trade name and a trade must be left), two
    townships' firms never join one group, and a township is a county's (宁波龙山 is a brand or a city's)."""
    names = [
        "慈溪市周巷五金厂",
        "慈溪市周巷镇五金厂",
        "慈溪市五金厂",
        "慈溪市龙山五金有限公司",
        "慈溪龙山五金有限公司",
        "慈溪市周巷华峰电器厂",
        "慈溪市龙山华峰电器厂",
        "慈溪市华峰电器厂",
        "宁波龙山电器有限公司",
        "宁波电器有限公司",
    ]
    imported(cli, _sheet(tmp_path, "c.xlsx", names))
    assert sorted(map(sorted, _groups(cli))) == sorted(
        [
            sorted(["慈溪市周巷五金厂", "慈溪市周巷镇五金厂"]),  # one township, one trade: one firm maybe
            sorted(["慈溪市龙山五金有限公司", "慈溪龙山五金有限公司"]),
            sorted(["慈溪市周巷华峰电器厂", "慈溪市华峰电器厂"]),  # 龙山's 华峰 is not chained in
        ]
    )
