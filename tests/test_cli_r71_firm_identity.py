"""Review r71, through the CLI on workbooks the tests write: firm identity on name variants. Standard
simplified characters OpenCC respells (乾 → 干) kept in keys (F1)."""

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


def _firms(cli) -> list[str]:
    result = cli("list", "-f", "json")
    assert result.exit_code == 0, result.output
    return sorted(f["企业名称"] for f in json.loads(result.stdout))


def _problems(cli, code: str) -> list[dict]:
    result = cli("problems", "--code", code, "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(result.stdout.splitlines()))


KEPT_PAIRS = [
    ("宁波乾丰电器有限公司", "宁波干丰电器有限公司"),
    ("慈溪市於氏五金厂", "慈溪市于氏五金厂"),
    ("宁波昇阳机械有限公司", "宁波升阳机械有限公司"),
]


def test_standard_simplified_characters_opencc_respells_make_two_firms_listed_as_possible_duplicates(
    cli, tmp_path
):
    imported(cli, _contacts(tmp_path, [n for pair in KEPT_PAIRS for n in pair]))
    assert _firms(cli) == sorted(n for pair in KEPT_PAIRS for n in pair)
    listed = {frozenset(p["值"].split(" ~ ")) for p in _problems(cli, "possible-duplicate")}
    assert listed == {frozenset(pair) for pair in KEPT_PAIRS}


def test_an_order_of_the_respelled_name_is_not_linked_to_the_firm_but_offered(cli, tmp_path):
    imported(cli, _contacts(tmp_path, ["宁波乾丰电器有限公司", "宁波华峰电器有限公司"]))
    orders = [
        ["宁波干丰电器有限公司", dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"],
        ["寧波乾豐電器有限公司", dt.date(2026, 10, 6), "ERP", 1, 1000, "SO2"],  # traditional: 乾 → 干
        ["寧波華峰電器有限公司", dt.date(2026, 10, 7), "ERP", 1, 1000, "SO3"],
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    unlinked = _problems(cli, "unlinked-order")
    assert [p["值"] for p in unlinked] == ["宁波干丰电器有限公司", "寧波乾豐電器有限公司"]
    assert 'regiontool link "宁波干丰电器有限公司" "宁波乾丰电器有限公司"' in unlinked[0]["说明"]


def test_words_ending_in_a_region_suffix_inside_names_are_no_region(cli, tmp_path):
    names = [
        "宁波华联超市有限公司",
        "宁波三江超市有限公司",
        "慈溪市家家乐超市有限公司",
        "慈溪市浒山农贸市场管理有限公司",
        "慈溪市周巷农贸市场管理有限公司",
        "宁波红旗电器有限公司",
        "慈溪市电器有限公司",
        "宁波城市之光照明有限公司",
        "宁波之光照明有限公司",
        "宁波智慧园区运营有限公司",
        "宁波科创园区运营有限公司",
        # real region prefixes are still stripped: one firm three ways
        "浙江省宁波市江北区华峰电器有限公司",
        "慈溪市华峰电器厂",
        "华峰电器（慈溪市）有限公司",
    ]
    imported(cli, _contacts(tmp_path, names))
    listed = [set(p["值"].split(" ~ ")) for p in _problems(cli, "possible-duplicate")]
    assert listed == [{"浙江省宁波市江北区华峰电器有限公司", "慈溪市华峰电器厂", "华峰电器(慈溪市)有限公司"}]


def test_a_branch_in_brackets_is_not_listed_with_its_parent(cli, tmp_path):
    names = [
        "宁波恒达机械有限公司",
        "宁波恒达机械有限公司（慈溪分公司）",
        "宁波恒达机械有限公司（余姚办事处）",
        "宁波恒达机械（慈溪）有限公司",  # a region in brackets: the same firm, maybe
    ]
    imported(cli, _contacts(tmp_path, names))
    listed = [set(p["值"].split(" ~ ")) for p in _problems(cli, "possible-duplicate")]
    assert listed == [{"宁波恒达机械有限公司", "宁波恒达机械(慈溪)有限公司"}]


def test_an_order_of_a_possible_duplicate_variant_is_offered_the_firm(cli, tmp_path):
    firms = ["宁波华峰电器有限公司", "宁波金辉五金有限公司", "宁波恒达机械有限公司"]
    imported(cli, _contacts(tmp_path, firms))
    orders = [
        ["慈溪华峰电器厂", dt.date(2026, 10, 5), "ERP", 1, 1000, "SO1"],
        ["金辉五金（宁波）有限公司", dt.date(2026, 10, 6), "ERP", 1, 1000, "SO2"],
        ["从未见过贸易公司", dt.date(2026, 10, 7), "ERP", 1, 1000, "SO3"],
    ]
    imported(cli, write_orders(tmp_path / "orders.xlsx", orders))
    said = {p["值"]: p["说明"] for p in _problems(cli, "unlinked-order")}
    assert 'regiontool link "慈溪华峰电器厂" "宁波华峰电器有限公司"' in said["慈溪华峰电器厂"]
    assert 'regiontool link "金辉五金(宁波)有限公司" "宁波金辉五金有限公司"' in said["金辉五金(宁波)有限公司"]
    assert "没有这家企业" not in said["慈溪华峰电器厂"] + said["金辉五金(宁波)有限公司"]
    assert "没有这家企业" in said["从未见过贸易公司"]


def test_a_possible_duplicate_pair_is_listed_once_not_once_per_file(cli, tmp_path):
    a = _contacts(tmp_path, ["宁波华峰电器有限公司", "宁波恒达机械有限公司"], name="A.xlsx")
    imported(cli, a)
    imported(cli, _contacts(tmp_path, ["慈溪市华峰电器厂"], name="B.xlsx"))
    assert len(_problems(cli, "possible-duplicate")) == 1
    imported(cli, _contacts(tmp_path, ["宁波华峰电器有限公司", "宁波金辉五金有限公司"], name="A.xlsx"))
    listed = _problems(cli, "possible-duplicate")
    assert [(p["文件"], p["值"]) for p in listed] == [("B.xlsx", "慈溪市华峰电器厂 ~ 宁波华峰电器有限公司")]


def test_a_credit_code_column_tells_two_firms_of_one_name_and_one_firm_of_two_names(cli, tmp_path):
    headers = ["企业名称", "统一社会信用代码", "地址", "联系人", "手机", "员工人数"]
    rows = [
        ["宁波新锐电器有限公司", "91330282MA2AB1234X", "慈溪市龙山镇", "张三", "13800000001", 50],
        ["慈溪市华峰电器厂", "91330282ma2ab1234x", "慈溪市龙山镇", "李四", "13800000002", 50],
        [
            "华峰电器有限公司",
            "91330282MA2CD5678Y",
            "浙江省宁波市慈溪市周巷镇兴业路8号",
            "王五",
            "13800000003",
            50,
        ],
        ["华峰电器有限公司", "91310115MA1EF9012Z", "上海市浦东新区张江路100号", "赵六", "13800000004", 800],
    ]
    imported(cli, write_sheet(tmp_path, "a.xlsx", headers, rows))
    two = _problems(cli, "two-credit-codes")
    assert [(p["行"], p["列"], p["值"]) for p in two] == [
        ("5", "B", "91330282MA2CD5678Y / 91310115MA1EF9012Z")
    ]
    assert "同名的两家企业" in two[0]["说明"]
    same = _problems(cli, "possible-duplicate")
    by_code = [p for p in same if "统一社会信用代码相同" in p["说明"]]
    assert [p["值"] for p in by_code] == ["宁波新锐电器有限公司 ~ 慈溪市华峰电器厂"]
    assert len(same) == 2  # and 慈溪市华峰电器厂 ~ 华峰电器有限公司 by the name, as without the column
    exported = tmp_path / "e.csv"
    assert cli("export", str(exported)).exit_code == 0
    assert "91310115MA1EF9012Z" in exported.read_text(encoding="utf-8-sig")  # still an original column
