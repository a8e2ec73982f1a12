"""Possible duplicates the name stem finds besides region prefixes and Chinese legal suffixes (review r71
F8), through the CLI: English legal suffixes."""

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
