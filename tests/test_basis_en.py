"""The key fields' reasons in English (vocab/basis.py): every form the import writes."""

from __future__ import annotations

import csv

import pytest

from conftest import write_xlsx
from regiontool.vocab.basis import basis_en


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("地址 → 龙山镇（慈溪市，全国唯一）", "address → 龙山镇 (慈溪市, the only one of its name)"),
        (
            "地址 → 龙山镇（慈溪市，同名镇，按工作区主要区县）",
            "address → 龙山镇 (慈溪市, same name elsewhere: the workspace's main county)",
        ),
        ("由镇街推得（龙山镇 → 慈溪市）", "from the town (龙山镇 → 慈溪市)"),
        (
            "新城镇 在多个区县都有（甲县、乙县…），地址未写明区县",
            "新城镇 exists in several counties (甲县, 乙县…); the address names none",
        ),
        ("地址只写到区县（慈溪市），没有乡镇", "the address names only the county (慈溪市), no township"),
        ("地址中没有可识别的乡镇/街道", "no township found in the address"),
        (
            "地址写明区县（慈溪市），其后没有可识别的乡镇",
            "the address names the county (慈溪市), but no township after it",
        ),
        (
            "地址写明慈溪市，但天元镇不在慈溪市（在旌阳区）",
            "the address names 慈溪市, but 天元镇 is not in it: it is in 旌阳区",
        ),
        (
            "地址写明慈溪市，但白沙街道不在慈溪市（在蓬江区、江城区、江北区、美兰区…）",
            "the address names 慈溪市, but 白沙街道 is not in it: it is in 蓬江区, 江城区, 江北区, 美兰区…",
        ),
        (
            "地址写明镇海区，但长河镇不在镇海区（在慈溪市，同属宁波市）",
            "the address names 镇海区, but 长河镇 is not in it: it is in 慈溪市, of the same city 宁波市",
        ),
        (
            "地址 → 凤山街道（余姚市，地址写明区县，凤山镇 即 凤山街道）",
            "address → 凤山街道 (余姚市, county written in the address; 凤山镇 is 凤山街道)",
        ),
        ("列“镇街”：长河 → 长河镇", "column '镇街': 长河 → 长河镇"),
        ("列“镇街”（地名库中没有此乡镇，原样保留）", "column '镇街' (not in the gazetteer: kept as written)"),
        ("列“规模”", "column '规模'"),
        ("名称关键词“电器”", "name keyword '电器'"),
        (
            "名称关键词“电器”；另含 “五金”(五金机械)，按最靠后的关键词",
            "name keyword '电器'; also '五金' (hardware & machinery): the last keyword wins",
        ),
        (
            "名称关键词“电器”；另含 “光电”(电子电器)、“五金”(五金机械)，按最靠后的关键词",
            "name keyword '电器'; also '光电' (electrical appliances & instruments), '五金' (hardware"
            " & machinery): the last keyword wins",
        ),
        ("经营范围关键词“塑料”", "business-scope keyword '塑料'"),
        ("名称与经营范围中没有行业关键词", "no industry keyword in the name or the business scope"),
        ("员工 100-499人 + 营收 6,000万 → 小型（估计）", "staff 100-499 + revenue ¥60M → small (estimate)"),
        ("员工 5人 + 营收 120万 → 微型", "staff 5 + revenue ¥1.2M → micro"),
        ("营收 ≥5,000万 → 中型（估计）", "revenue ≥¥50M → medium (estimate)"),
        ("营收 1,000-2,000万 → 中型（估计）", "revenue ¥10M-¥20M → medium (estimate)"),
        ("营收 5万 → 微型（估计）", "revenue ¥50,000 → micro (estimate)"),
        ("员工 <50人 → 规模不定（微型至小型）", "staff <50 → size undecided (micro to small)"),
        ("手工设置（regiontool set）", "set by hand (regiontool set)"),
        ("一句不认识的话", "一句不认识的话"),  # an unknown form is printed as stored
    ],
)
def test_each_reason_form_reads_in_english(zh, en):
    assert basis_en(zh) == en


def test_the_english_export_has_no_chinese_reason_words(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "员工人数", "年产值(万元)"]
    rows = [
        ["慈溪市华峰电器有限公司", "慈溪市龙山镇工业园", "张三", 120, 3000],
        ["宁波宏达五金厂", "宁波市某路1号", "李四", "", ""],
        ["某某商行", "", "王五", "<50", ""],
    ]
    assert cli("import", write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows)).exit_code == 0
    out = tmp_path / "e.csv"
    assert cli("export", out, "--lang", "en").exit_code == 0
    basis = [r["basis"] for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())]
    assert all(basis)
    for words in ("地址", "推得", "关键词", "员工", "营收", "估计", "列“", "型", "人", "万"):
        assert not any(words in b for b in basis), words
