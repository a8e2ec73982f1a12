"""Review r75, through the CLI on workbooks the tests write: firm identity. A simplified name holding 乾
with one stray traditional character stays 乾 (F3)."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl

from conftest import imported, write_orders, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类"]


def _contacts(tmp_path, names, name="contacts.xlsx"):
    rows = [
        [n, f"浙江省宁波市慈溪市坎墩街道{i}号", f"联系人{i}", f"138{i:08d}", "C"] for i, n in enumerate(names)
    ]
    return write_sheet(tmp_path, name, HEADERS, rows)


def _sales(cli) -> dict[str, float]:
    result = cli("sales", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {r["客户"]: float(r["金额"]) for r in csv.DictReader(result.stdout.splitlines())}


def test_a_simplified_name_with_one_traditional_character_keeps_its_kept_character(cli, tmp_path):
    """宁波乾丰電器 is simplified text (宁 丰 are simplified-only) with a stray 電: 宁波乾丰's order, not
    宁波干丰's; 寧波乾燥設備 is traditional text, so still 宁波干燥设备's (review r75 F3)."""
    firms = ["宁波乾丰电器有限公司", "宁波干丰电器有限公司", "宁波干燥设备有限公司"]
    imported(cli, _contacts(tmp_path, firms))
    orders = [
        ["宁波乾丰電器有限公司", dt.date(2026, 10, 5), "A", 1, 50000, None],
        ["宁波乾丰电器有限公司", dt.date(2026, 10, 6), "A", 1, 1000, None],
        ["寧波乾燥設備有限公司", dt.date(2026, 10, 7), "A", 1, 3000, None],
    ]
    out = imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    assert "关联 2 家企业" in out.stdout
    assert _sales(cli) == {"宁波乾丰电器有限公司": 51000, "宁波干燥设备有限公司": 3000}


MANAGED = ["公司名称", "地址", "联系人", "电话", "客户等级", "区域经理"]


def test_a_possible_duplicate_carried_from_a_superseded_file_is_the_managers_too(cli, tmp_path):
    """mv2.xlsx (an edited copy) supersedes mv1.xlsx, whose possible duplicate is carried: the team
    lists it, and so do problems --manager and report --manager of the firms' manager (review r75 F5)."""
    rows = [
        ["宁波华峰电器有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张一", "13800000001", "A", "孙志强"],
        ["慈溪市华峰电器厂", "浙江省宁波市慈溪市坎墩街道2号", "张二", "13800000002", "B", "孙志强"],
        ["宁波明达机械有限公司", "浙江省宁波市慈溪市坎墩街道3号", "张三", "13800000003", "C", "孙志强"],
        ["宁波恒通日用品有限公司", "浙江省宁波市余姚市阳明街道1号", "李一", "13900000001", "A", "沈晓东"],
        ["余姚市佳腾电子有限公司", "浙江省宁波市余姚市阳明街道2号", "李二", "13900000002", "B", "沈晓东"],
    ]
    imported(cli, write_sheet(tmp_path, "mv1.xlsx", MANAGED, rows))
    imported(
        cli, write_sheet(tmp_path, "mv2.xlsx", MANAGED, [*rows[:2], [*rows[2][:4], "B", "孙志强"], *rows[3:]])
    )

    def duplicates(*args: str) -> list[dict]:
        result = cli("problems", *args, "-f", "csv")
        assert result.exit_code == 0, result.output
        return [p for p in csv.DictReader(result.stdout.splitlines()) if p["代码"] == "possible-duplicate"]

    (team,) = duplicates("--all")
    assert duplicates("--manager", "孙志强") == [team]
    assert duplicates("--manager", "沈晓东") == []
    out = tmp_path / "r.xlsx"
    assert cli("report", "--manager", "孙志强", "--out", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["问题"]
    assert any(
        "possible-duplicate" in str(c.value) or "华峰" in str(c.value) for r in sheet.iter_rows() for c in r
    )


def _unlinked(cli) -> dict[str, str]:
    result = cli("problems", "--code", "unlinked-order", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {p["值"]: p["说明"] for p in csv.DictReader(result.stdout.splitlines())}


def test_candidates_equal_in_score_offer_no_ready_link_and_the_fuzzy_score_breaks_a_tie(cli, tmp_path):
    """宁波华峰: three firms at 80, none of its stem: listed, `link` left to fill in (F4). 宁波乾丰电器 is
    宁波乾丰电器有限公司 but for the suffix: offered ready, not tied with 宁波干丰 (F7)."""
    firms = ["宁波华峰塑胶有限公司", "宁波华峰电器有限公司", "宁波华峰电子有限公司"]
    imported(cli, _contacts(tmp_path, [*firms, "宁波乾丰电器有限公司", "宁波干丰电器有限公司"]))
    orders = [
        [n, dt.date(2026, 10, 5), "A", 1, 100, None] for n in ("宁波华峰", "宁波乾丰电器", "宁波干丰电器")
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    said = _unlinked(cli)
    assert said["宁波乾丰电器"].endswith('regiontool link "宁波乾丰电器" "宁波乾丰电器有限公司"')
    assert said["宁波干丰电器"].endswith('regiontool link "宁波干丰电器" "宁波干丰电器有限公司"')
    assert said["宁波华峰"].endswith('regiontool link "宁波华峰" "企业名称"')


def test_explain_of_no_firm_suggests_the_firm_of_its_stem_first(cli, tmp_path):
    """宁波干丰 or 寧波乾豐 (keyed 宁波干丰) is none of the firms; 宁波乾丰, of its stem, is suggested first,
    before names one character apart that win by name order (review r75 F9)."""
    imported(
        cli,
        _contacts(
            tmp_path,
            ["宁波乾丰电器有限公司", "宁波万丰电器有限公司", "宁波三丰电器有限公司", "宁波七丰电器有限公司"],
        ),
    )
    for name in ("宁波干丰电器有限公司", "寧波乾豐電器有限公司"):
        result = cli("explain", name)
        assert result.exit_code == 1, result.output
        assert "相近的有 宁波乾丰电器有限公司" in result.output, result.output
