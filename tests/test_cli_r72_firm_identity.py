"""Review r72, through the CLI on workbooks the tests write: firm identity. A traditional name holding
乾/於 meets its simplified spelling (F5); an unlinked name's candidates, its own place first (F10);
a possible duplicate two files hold listed once (F11)."""

from __future__ import annotations

import csv
import datetime as dt
import json

from conftest import imported, write_orders, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类"]


def _contacts(tmp_path, names, name="contacts.xlsx"):
    rows = [
        [n, f"浙江省宁波市慈溪市坎墩街道{i}号", f"联系人{i}", f"138{i:08d}", "C"] for i, n in enumerate(names)
    ]
    return write_sheet(tmp_path, name, HEADERS, rows)


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--code", code, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(result.stdout.splitlines()))


def test_a_traditional_name_holding_a_kept_character_meets_its_simplified_spelling(cli, tmp_path):
    """乾 is kept in simplified text only: 寧波乾燥設備 is traditional (寧, 設, 備), so 乾燥 → 干燥."""
    imported(
        cli, _contacts(tmp_path, ["寧波乾燥設備有限公司", "慈溪於氏電器有限公司", "宁波乾丰电器有限公司"])
    )
    orders = [
        ["宁波干燥设备有限公司", dt.date(2026, 10, 1), "A", 1, 1000, None],
        ["慈溪于氏电器有限公司", dt.date(2026, 10, 2), "A", 1, 2000, None],
        ["宁波乾丰电器有限公司", dt.date(2026, 10, 3), "A", 1, 3000, None],
    ]
    out = imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    assert "关联 3 家企业" in out.stdout
    assert _problems(cli, "unlinked-order") == []


HUAFENG = [
    "慈溪华峰电器有限公司",
    "华峰电器（宁波）有限公司",
    "宁波华峰电器有限公司",
    "余姚市华峰电器有限公司",
]


def test_the_firm_of_the_names_own_place_is_the_first_candidate(cli, tmp_path):
    """慈溪华峰电器厂: of four 华峰电器 firms, 慈溪's is listed first and offered to `link` (review r72 F10)."""
    imported(cli, _contacts(tmp_path, HUAFENG))
    imported(
        cli, write_orders(tmp_path / "o.xlsx", [["慈溪华峰电器厂", dt.date(2026, 10, 1), "A", 1, 1000, None]])
    )
    (problem,) = _problems(cli, "unlinked-order")
    assert "相近的有 慈溪华峰电器有限公司（100）、" in problem["说明"]
    assert problem["说明"].endswith('regiontool link "慈溪华峰电器厂" "慈溪华峰电器有限公司"')


def test_firms_of_one_stem_none_of_the_names_place_are_listed_without_a_ready_link(cli, tmp_path):
    """华峰电器厂 names no place: 宁波's and 余姚's 华峰电器 tie, so no one of them is offered to `link`."""
    imported(cli, _contacts(tmp_path, HUAFENG[2:]))
    imported(
        cli, write_orders(tmp_path / "o.xlsx", [["华峰电器厂", dt.date(2026, 10, 1), "A", 1, 1000, None]])
    )
    (problem,) = _problems(cli, "unlinked-order")
    assert (
        "宁波华峰电器有限公司（100）" in problem["说明"]
        and "余姚市华峰电器有限公司（100）" in problem["说明"]
    )
    assert problem["说明"].endswith('regiontool link "华峰电器厂" "企业名称"')


def _listed(cli) -> list[tuple[str, str]]:
    return [(p["文件"], p["值"]) for p in _problems(cli, "possible-duplicate")]


def test_a_possible_duplicate_two_files_hold_stays_listed_once(cli, tmp_path):
    """B.xlsx, a newer list holding A.xlsx's pair, supersedes A: the pair A listed (and B found listed)
    stays listed, once, also after either file is imported again with --replace (review r72 F11)."""
    pair = "宁波华峰电器有限公司 ~ 慈溪华峰电器有限公司"
    address = "浙江省慈溪市观海卫镇工业路1号"
    a, b = (
        write_sheet(tmp_path, name, ["企业名称", "地址"], [[n, address] for n in names])
        for name, names in (
            ("A.xlsx", ["宁波华峰电器有限公司", "慈溪华峰电器有限公司", "宁波甲有限公司"]),
            ("B.xlsx", ["慈溪华峰电器有限公司", "宁波华峰电器有限公司", "宁波乙有限公司"]),
        )
    )
    imported(cli, a)
    assert _listed(cli) == [("A.xlsx", pair)]
    for path, *options in ((b,), (b, "--replace"), (a, "--replace"), (b, "--replace")):
        result = cli("import", str(path), *options)
        assert result.exit_code == 0, result.output
        listed = _listed(cli)
        assert [v for _f, v in listed] == [pair] or [v for _f, v in listed] == [
            "慈溪华峰电器有限公司 ~ 宁波华峰电器有限公司"
        ]
        status = cli("status", "-f", "json")
        assert json.loads(status.stdout)["problems"] == 1
