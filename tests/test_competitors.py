"""The competitor view: the 现用软件 column, its schema migration, pivots and the market tables."""

from __future__ import annotations

import json
import sqlite3

from conftest import write_xlsx
from regiontool import store

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "是否关键联系人", "现用软件", "区域经理"]


def _rows():
    """Eight firms in two towns: E and F1 firms using 用友U8 / 金蝶K3, one E without a product."""
    return [
        ["慈溪市甲电器有限公司", "慈溪市长河镇一路1号", "张一", "13800000001", "E", "是", "用友U8", "王海波"],
        ["慈溪市甲电器有限公司", "慈溪市长河镇一路1号", "张二", "13800000011", "E", "否", "", "王海波"],
        [
            "慈溪市乙电器有限公司",
            "慈溪市长河镇一路2号",
            "李一",
            "13800000002",
            "F1",
            "否",
            "用友U8",
            "王海波",
        ],
        ["慈溪市丙五金有限公司", "慈溪市长河镇一路3号", "赵一", "13800000003", "E", "否", "金蝶K3", "沈晓东"],
        [
            "慈溪市丁五金有限公司",
            "慈溪市周巷镇二路4号",
            "钱一",
            "13800000004",
            "F1",
            "是",
            "金蝶K3",
            "沈晓东",
        ],
        [
            "慈溪市戊五金有限公司",
            "慈溪市周巷镇二路5号",
            "孙一",
            "13800000005",
            "F1",
            "是",
            "金蝶K3",
            "沈晓东",
        ],
        ["慈溪市己电器有限公司", "慈溪市周巷镇二路6号", "周一", "13800000006", "E", "否", "", "王海波"],
        ["慈溪市庚电器有限公司", "慈溪市周巷镇二路7号", "吴一", "13800000007", "D", "否", "用友U8", "王海波"],
        ["慈溪市辛电器有限公司", "慈溪市周巷镇二路8号", "郑一", "13800000008", "A", "否", "", "王海波"],
    ]


def _import(cli, tmp_path, headers=HEADERS, rows=None, *extra):
    path = write_xlsx(tmp_path / "c.xlsx", headers, _rows() if rows is None else rows, title=None)
    result = cli("import", path, *extra)
    assert result.exit_code == 0, result.output
    return result


def test_schema_2_gains_the_competitor_column_after_a_backup(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(store._SCHEMA + store._SCHEMA_V2)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    conn.execute("INSERT INTO companies (name, name_key, tier) VALUES ('甲公司', '甲公司', 'E')")
    conn.commit()
    conn.close()

    with store.Workspace.open(path) as ws:
        assert ws.stored_schema_version() == store.SCHEMA_VERSION
        assert ws.db.execute("SELECT name, competitor FROM companies").fetchall() == [("甲公司", None)]
    backup = tmp_path / "old.db.schema2.bak"
    with sqlite3.connect(backup) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(companies)")]
        assert "competitor" not in columns
        assert conn.execute("SELECT value FROM meta").fetchone() == ("2",)


def test_new_workspace_has_the_competitor_column(tmp_path):
    with store.Workspace.open(tmp_path / "new.db", create=True) as ws:
        columns = [r[1] for r in ws.db.execute("PRAGMA table_info(companies)")]
    assert "competitor" in columns


def test_column_recognised_and_pivoted_by_tier(cli, tmp_path):
    out = _import(cli, tmp_path).output
    assert "现用软件 → 现用软件" in out
    result = cli("pivot", "--by", "competitor", "--by", "tier", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = {r["现用软件"]: r for r in json.loads(result.output)}
    assert rows["用友U8"]["E"] == 1 and rows["用友U8"]["F1"] == 1 and rows["用友U8"]["D"] == 1
    assert rows["金蝶K3"]["E"] == 1 and rows["金蝶K3"]["F1"] == 2
    assert rows["(空白)"]["总计"] == 2  # 己 (E) and 辛 (A)
    assert rows["总计"]["总计"] == 8


def test_map_names_a_column_competitor(cli, tmp_path):
    headers = [*HEADERS[:6], "ERP情况", HEADERS[7]]
    _import(cli, tmp_path, headers, None, "--map", "ERP情况=competitor")
    result = cli("pivot", "--by", "现用软件", "-f", "json")
    counts = {r["现用软件"]: r["企业数"] for r in json.loads(result.output)}
    assert counts == {"金蝶K3": 3, "用友U8": 3, "(空白)": 2, "总计": 8}


def test_set_competitor_by_hand(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("set", "己电器", "--competitor", "鼎捷")
    assert result.exit_code == 0, result.output
    assert "现用软件 ∅ → 鼎捷" in result.output


def test_market_shows_shares_among_e_and_f1_and_the_e_firms(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("market", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    overall = {r["现用软件"]: r for r in data["competitors"]}
    # E+F1 firms: 甲 E 用友, 乙 F1 用友, 丙 E 金蝶, 丁 F1 金蝶, 戊 F1 金蝶, 己 E (none) = 6
    assert overall["金蝶K3"]["使用企业(E+F1)"] == 3 and overall["金蝶K3"]["占比"] == 0.5
    assert overall["用友U8"]["E 用得不好"] == 1 and overall["用友U8"]["用得不好占比"] == 0.5
    assert overall["用友U8"]["其他分类"] == 1  # 庚 (D) uses 用友U8 too
    assert overall["(空白)"]["使用企业(E+F1)"] == 1
    assert overall["总计"]["使用企业(E+F1)"] == 6 and overall["总计"]["占比"] == 1.0
    towns = {r["镇街"]: r for r in data["competitors_by_town"]}
    assert towns["长河镇"]["用友U8"] == 2 / 3 and towns["长河镇"]["金蝶K3"] == 1 / 3
    assert towns["周巷镇"]["金蝶K3"] == 2 / 3 and towns["周巷镇"]["(空白)"] == 1 / 3
    assert towns["总计"]["使用企业(E+F1)"] == 6
    industries = {r["行业"]: r for r in data["competitors_by_industry"]}
    assert industries["五金机械"]["金蝶K3"] == 1.0
    chances = data["replacement"]
    assert [c["企业名称"] for c in chances] == [
        "慈溪市己电器有限公司",
        "慈溪市丙五金有限公司",
        "慈溪市甲电器有限公司",
    ]
    assert chances[2]["联系人"] == "张一" and chances[2]["联系人数"] == 2  # the key contact first
    assert all(type(c["企业编号"]) is int for c in chances)  # an integer, as in rfm and plan


def test_market_competitor_table_alone_and_in_english(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("market", "--table", "replacement", "-f", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("company_id,company,town,industry,size,competitor")
    assert len(lines) == 4


def test_market_competitor_tables_name_industries_in_english_with_lang_en(cli, tmp_path):
    # as the industries table does: 五金机械 → hardware & machinery (industries.toml's en)
    _import(cli, tmp_path)
    data = json.loads(cli("market", "-f", "json", "--lang", "en").output)
    by_industry = [r["industry"] for r in data["competitors_by_industry"]]
    assert by_industry == ["hardware & machinery", "electrical appliances & instruments", "Total"]
    chances = [r["industry"] for r in data["replacement"]]
    assert chances == ["electrical appliances & instruments", "hardware & machinery"] + [
        "electrical appliances & instruments"
    ]
    zh = json.loads(cli("market", "-f", "json").output)
    assert [r["行业"] for r in zh["replacement"]] == ["电子电器", "五金机械", "电子电器"]


def test_market_without_competitor_data_says_what_to_import(cli, tmp_path):
    rows = [r[:4] + ["A", r[5], "", r[7]] for r in _rows()]
    _import(cli, tmp_path, HEADERS, rows)
    result = cli("market")
    assert result.exit_code == 0, result.output
    assert "现用软件" in result.output and "竞品·镇街" not in result.output
    result = cli("market", "--table", "competitors")
    assert result.exit_code == 1
    assert "现用软件" in result.output


def test_market_workbook_has_competitor_sheets_with_charts(cli, tmp_path):
    import openpyxl

    _import(cli, tmp_path)
    out = tmp_path / "m.xlsx"
    result = cli("market", "--out", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert {"竞争对手", "竞品·镇街", "竞品·行业", "替换机会"} <= set(wb.sheetnames)
    town = wb["竞品·镇街"]
    assert [c.value for c in town[3]] == ["镇街", "金蝶K3", "用友U8", "(空白)", "使用企业(E+F1)"]
    assert town.cell(4, 2).number_format == "0.0%"
    assert len(town._charts) == 1 and len(wb["竞争对手"]._charts) == 1
    assert wb["替换机会"].cell(4, 2).value == "慈溪市己电器有限公司"
