"""The county written in an address, through the CLI (review r28 #1, #3, #4, #6): it is never
overruled by a same-named township of another county, never lost because of what follows it,
and a township's own 工业路 / 工业区 is in the township."""

from __future__ import annotations

import csv
import io
import json

from conftest import connect, write_xlsx

HEADERS = ["企业名称", "地址", "联系人"]
ROWS = [
    ["慈溪市天元塑业有限公司", "浙江省宁波市慈溪市天元镇", "张伟"],  # 天元镇: only 旌阳区 (四川) has one
    ["慈溪市泗门电器厂", "慈溪市泗门镇工业区", "赵敏"],  # 泗门镇 is 余姚市's
    ["宁波长河模具厂", "镇海区长河镇", "钱强"],  # 长河镇 is 慈溪市's
    ["慈溪市付海塑胶厂", "慈溪市付海镇东海村", "周杰"],  # 附海镇 typed by its sound; 东海村 no county
    ["慈溪市开发区电机厂", "慈溪经济开发区新兴产业集群区", "吴芳"],
    ["慈溪市宏泰机械有限公司", "慈溪浒山工业路", "郑军"],
    ["慈溪市周巷电子厂", "慈溪周巷工业区", "王杰"],
    ["慈溪市白沙包装材料厂", "慈溪市白沙街道华联路", "孙丽"],
    ["余姚县凤山农机厂", "余姚县凤山镇", "李娜"],
    ["慈溪市龙山电器厂", "慈溪市龙山镇", "陈刚"],  # the workspace's own county, for the dominant
    ["慈溪市坎墩五金厂", "慈溪市坎墩街道", "刘洋"],
]


def _import(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output


def test_the_written_county_wins(cli, db, tmp_path):
    _import(cli, tmp_path)
    rows = {r[0]: r[1:3] for r in connect(db).execute("SELECT name, town, county FROM companies")}
    assert rows["慈溪市天元塑业有限公司"] == (None, "慈溪市")
    assert rows["慈溪市泗门电器厂"] == (None, "慈溪市")
    assert rows["宁波长河模具厂"] == (None, "镇海区")
    assert rows["慈溪市付海塑胶厂"] == ("附海镇", "慈溪市")
    assert rows["慈溪市开发区电机厂"] == (None, "慈溪市")
    assert rows["慈溪市宏泰机械有限公司"] == ("浒山街道", "慈溪市")
    assert rows["慈溪市周巷电子厂"] == ("周巷镇", "慈溪市")
    assert rows["慈溪市白沙包装材料厂"] == (None, "慈溪市")
    assert rows["余姚县凤山农机厂"] == ("凤山街道", "余姚市")
    counties = json.loads(cli("pivot", "--by", "county", "-f", "json").stdout)
    assert {r["区县"] for r in counties} == {"慈溪市", "余姚市", "镇海区", "总计"}  # no 旌阳区


def test_a_contradicting_address_is_reported_naming_both(cli, tmp_path):
    _import(cli, tmp_path)
    problems = list(csv.DictReader(io.StringIO(cli("problems", "-f", "csv", "--lang", "en").stdout)))
    elsewhere = {p["value"]: p for p in problems if p["code"] == "town-elsewhere"}
    assert set(elsewhere) == {
        "浙江省宁波市慈溪市天元镇",
        "慈溪市泗门镇工业区",
        "镇海区长河镇",
        "慈溪市白沙街道华联路",
    }
    text = next(
        v
        for k, v in elsewhere["镇海区长河镇"].items()
        if k not in ("code", "value") and "长河镇" in (v or "")
    )
    assert "镇海区" in text and "慈溪市" in text and "not in it" in text
    zh = cli("problems", "-f", "csv").stdout
    assert "地址写明慈溪市，但天元镇不在慈溪市（在旌阳区）" in zh
    assert "地址未写明区县" not in zh


def test_explain_gives_the_reason_in_both_languages(cli, tmp_path):
    _import(cli, tmp_path)
    zh = cli("explain", "慈溪市泗门电器厂").stdout
    assert "地址写明慈溪市，但泗门镇不在慈溪市（在余姚市，同属宁波市）" in zh
    en = cli("explain", "慈溪市泗门电器厂", "--lang", "en").stdout
    assert "the address names 慈溪市, but 泗门镇 is not in it: it is in 余姚市, of the same city 宁波市" in en
    en = cli("explain", "慈溪市付海塑胶厂", "--lang", "en").stdout
    assert "address → 附海镇 (慈溪市, county written in the address; 付海镇 sounds like 附海镇" in en
    zh = cli("explain", "慈溪市付海塑胶厂").stdout
    assert "付海镇 音同 附海镇" in zh


def test_a_township_typed_by_its_sound_is_filled_and_listed(cli, tmp_path):
    _import(cli, tmp_path)
    problems = json.loads(cli("problems", "-f", "json", "--lang", "en").stdout)
    typed = [p for p in problems if p["code"] == "town-sound-alike"]
    assert [p["value"] for p in typed] == ["慈溪市付海镇东海村"]
    assert "sounds like 附海镇" in json.dumps(typed, ensure_ascii=False)
    assert "check the address" in json.dumps(typed, ensure_ascii=False)
    zh = cli("problems", "-f", "csv").stdout
    assert "付海镇 音同 附海镇），按此填写镇街（请核对地址）" in zh


ZONE_ROWS = [
    ["宁波梅墟电器厂", "宁波高新区梅墟街道", "张伟"],
    ["宁波聚贤模具厂", "宁波市高新区聚贤街道", "赵敏"],
    ["杭州长河电子厂", "杭州高新区长河街道", "钱强"],
    ["宁波港东贸易公司", "宁波保税区港东大道8号", "周杰"],  # 保税区 is not 衡阳综合保税区
]


def test_a_development_zone_is_not_the_written_county(cli, db, tmp_path):
    """Review r30 #1: 高新区 read as the written county lost firms of 宁波高新区 town and county."""
    path = write_xlsx(tmp_path / "z.xlsx", headers=HEADERS, rows=ZONE_ROWS, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    rows = {r[0]: r[1:3] for r in connect(db).execute("SELECT name, town, county FROM companies")}
    assert rows == {
        "宁波梅墟电器厂": ("梅墟街道", "鄞州区"),
        "宁波聚贤模具厂": ("聚贤街道", "鄞州区"),
        "杭州长河电子厂": ("长河街道", "滨江区"),
        "宁波港东贸易公司": (None, None),
    }
    problems = list(csv.DictReader(io.StringIO(cli("problems", "-f", "csv", "--lang", "en").stdout)))
    assert [p["code"] for p in problems if p["code"].startswith("town")] == ["town-not-found"]


def test_a_longer_township_of_another_county_is_reported_not_shortened(cli, db, tmp_path):
    """淮安区西顺河镇 is 洪泽区's 西顺河镇, not 淮安区's 顺河镇 (review r49 D1): town blank, town-elsewhere."""
    rows = [
        ["淮安顺河机械有限公司", "淮安区西顺河镇工业园8号", "张伟"],
        ["徐州黄山机械有限公司", "云龙区大黄山街道8号", "赵敏"],
        ["龙泉八都机械有限公司", "浙江省丽水市龙泉市廿八都镇8号", "钱强"],
        ["慈溪桥头机械有限公司", "浙江省宁波市慈溪市石桥头镇8号", "周杰"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "乡镇不在地址所写的区县 4" in result.stdout
    towns = {r[0]: r[1:3] for r in connect(db).execute("SELECT name, town, county FROM companies")}
    assert towns == {
        "淮安顺河机械有限公司": (None, "淮安区"),
        "徐州黄山机械有限公司": (None, "云龙区"),
        "龙泉八都机械有限公司": (None, "龙泉市"),
        "慈溪桥头机械有限公司": (None, "慈溪市"),
    }
    problems = list(csv.DictReader(io.StringIO(cli("problems", "-f", "csv", "--lang", "en").stdout)))
    assert sorted(p["value"] for p in problems if p["code"] == "town-elsewhere") == sorted(r[1] for r in rows)
