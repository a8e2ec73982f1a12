"""Two townships of one name in two counties are two towns (review r35 #1): 新桥镇 of 象山县
(宁波) and 新桥镇 of 路桥区 (台州), 150 km apart, are shown, counted and planned apart, each
with its county, while a name found in one county stays bare; a filter takes the bare name (both)
or the labelled one (that one)."""

from __future__ import annotations

import csv
import io
import json

from conftest import connect, write_xlsx

HEADERS = ["企业名称", "地址", "联系人", "手机", "区域经理", "客户分类"]
XS, LQ = "新桥镇（象山县）", "新桥镇（路桥区）"


def _rows() -> list[list[str]]:
    rows = []
    for i in range(3):
        rows.append(
            [
                f"象山新桥{i}机械有限公司",
                f"浙江省宁波市象山县新桥镇工业路{i + 1}号",
                f"张{i}",
                f"1380000000{i}",
                "王海波",
                "A",
            ]
        )
        rows.append(
            [
                f"路桥新桥{i}机械有限公司",
                f"浙江省台州市路桥区新桥镇工业路{i + 1}号",
                f"李{i}",
                f"1390000000{i}",
                "王海波",
                "A",
            ]
        )
    for i in range(2):
        rows.append(
            [
                f"石浦{i}机械有限公司",
                f"浙江省宁波市象山县石浦镇工业路{i + 1}号",
                f"赵{i}",
                f"1370000000{i}",
                "王海波",
                "A",
            ]
        )
    return rows


def _import(cli, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=_rows(), title=None, notes_sheet=False)
    result = cli("import", path)
    assert result.exit_code == 0, result.output


def _towns(cli, *args: str) -> dict[str, int]:
    result = cli("pivot", "--by", "town", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return {r["镇街"]: r["企业数"] for r in json.loads(result.stdout)}


def test_pivot_counts_each_township_with_its_county(cli, db, tmp_path):
    _import(cli, tmp_path)
    stored = {r[0] for r in connect(db).execute("SELECT town || '/' || county FROM companies")}
    assert stored == {"新桥镇/象山县", "新桥镇/路桥区", "石浦镇/象山县"}  # the data keeps the bare name
    assert _towns(cli) == {XS: 3, LQ: 3, "石浦镇": 2, "总计": 8}  # 石浦镇: one county, bare
    result = cli("pivot", "--by", "county", "--by", "town", "-f", "json")
    rows = {r["区县"]: r for r in json.loads(result.stdout)}
    assert (rows["象山县"][XS], rows["象山县"][LQ], rows["路桥区"][LQ], rows["路桥区"][XS]) == (3, 0, 3, 0)


def test_a_filter_takes_the_bare_name_or_the_labelled_one(cli, tmp_path):
    _import(cli, tmp_path)
    assert _towns(cli, "--where", "town=新桥镇") == {XS: 3, LQ: 3, "总计": 6}
    assert _towns(cli, "--where", f"town={LQ}") == {LQ: 3, "总计": 3}
    assert _towns(cli, "--where", "town=新桥镇(象山县)") == {XS: 3, "总计": 3}  # ASCII brackets
    assert _towns(cli, "--where", f"town!={XS}") == {LQ: 3, "石浦镇": 2, "总计": 5}
    assert _towns(cli, "--where", "town!=新桥镇") == {"石浦镇": 2, "总计": 2}
    listed = cli("list", "--where", f"town={XS}", "-f", "csv")
    assert listed.exit_code == 0, listed.output
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert sorted(r["企业名称"] for r in rows) == [f"象山新桥{i}机械有限公司" for i in range(3)]
    assert {r["镇街"] for r in rows} == {XS}


def test_market_shows_two_towns(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("market", "-f", "json")
    assert result.exit_code == 0, result.output
    towns = {r["镇街"]: r["企业数"] for r in json.loads(result.stdout)["towns"]}
    assert towns == {XS: 3, LQ: 3, "石浦镇": 2}


def test_a_plan_day_never_joins_the_two_townships(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("plan", "--start", "2026-11-30", "--week", "-f", "csv")
    assert result.exit_code == 0, result.output
    visits = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["类别"] == "拜访"]
    assert len(visits) == 8
    days: dict[str, set[str]] = {}
    for r in visits:
        days.setdefault(r["日期"], set()).add(r["镇街"])
        county = "象山" if r["企业名称"].startswith(("象山", "石浦")) else "路桥"
        assert r["镇街"] in ({XS, "石浦镇"} if county == "象山" else {LQ}), r
    for towns in days.values():  # a day in 象山县 or in 路桥区, never both (150 km apart)
        assert not ({XS, "石浦镇"} & towns and LQ in towns), days


def test_set_takes_the_labelled_town(cli, db, tmp_path):
    _import(cli, tmp_path)
    result = cli("set", "石浦0机械有限公司", "--town", LQ)
    assert result.exit_code == 0, result.output
    row = (
        connect(db).execute("SELECT town, county FROM companies WHERE name = '石浦0机械有限公司'").fetchone()
    )
    assert tuple(row) == ("新桥镇", "路桥区")
    assert _towns(cli)[LQ] == 4
    result = cli("set", "石浦1机械有限公司", "--town", "新桥镇(路桥区)", "--county", "象山县")
    assert result.exit_code == 2
    assert "指的不是同一个区县" in result.output and "Traceback" not in result.output
