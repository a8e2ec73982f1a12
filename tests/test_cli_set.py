"""`regiontool set` and `regiontool history`: hand edits, logged, with clear refusals."""

from __future__ import annotations

import json

import pytest

from conftest import connect, dump, write_xlsx

HEADERS = ["企业名称", "地址", "客户分类"]
ROWS = [["慈溪市华峰电器有限公司", "慈溪市长河镇1号", "C"], ["宁波华峰塑料有限公司", "慈溪市周巷镇2号", "D"]]


@pytest.fixture
def workspace(cli, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0


def test_set_changes_fields_and_logs_them(cli, db, workspace):
    result = cli("set", "华峰电器", "--tier", "a", "--industry", "模具", "--note", "约了下周上门")
    assert result.exit_code == 0, result.output
    assert "慈溪市华峰电器有限公司：客户分类 C → A" in result.stdout
    con = connect(db)
    tier, industry, basis = con.execute(
        "SELECT tier, industry, basis FROM companies WHERE name LIKE '%电器%'"
    ).fetchone()
    assert (tier, industry) == ("A", "模具") and "手工设置" in json.loads(basis)["industry"]
    rows = json.loads(cli("history", "慈溪市华峰电器有限公司", "-f", "json").stdout)
    assert [(r["字段"], r["原值"], r["新值"]) for r in rows] == [
        ("客户分类", "C", "A"),
        ("行业", "电子电器", "模具"),
        ("备注", None, "约了下周上门"),
    ]
    assert all(r["来源"] == "regiontool set" for r in rows)
    rows = json.loads(cli("history", "慈溪市华峰电器有限公司", "-f", "json", "--lang", "en").stdout)
    assert [(r["field"], r["old"], r["new"]) for r in rows] == [  # the coded values in English too
        ("tier", "C", "A"),
        ("industry", "electrical appliances & instruments", "moulds & dies"),
        ("note", None, "约了下周上门"),
    ]


def test_set_refuses_ambiguous_unknown_and_bad_values_without_changing_anything(cli, db, workspace):
    before = dump(db)
    ambiguous = cli("set", "华峰", "--tier", "A", "--lang", "en")
    assert ambiguous.exit_code == 2 and "matches 2 companies" in ambiguous.output
    missing = cli("set", "不存在的公司", "--tier", "A", "--lang", "en")
    assert missing.exit_code == 1 and "no company matches" in missing.output
    bad = cli("set", "华峰电器", "--tier", "X", "--lang", "en")
    assert bad.exit_code == 2 and "not a tier" in bad.output
    ambiguous = cli("set", "华峰", "--tier", "A")
    assert ambiguous.exit_code == 2 and "“华峰”匹配到 2 家企业" in ambiguous.stderr
    missing = cli("set", "不存在的公司", "--tier", "A")
    assert missing.exit_code == 1 and "没有与“不存在的公司”匹配的企业，未作任何更改" in missing.stderr
    bad = cli("set", "华峰电器", "--tier", "X")
    assert bad.exit_code == 2 and "--tier 'X' 不是客户分类" in bad.stderr
    dry = cli("set", "华峰电器", "--tier", "B", "--dry-run")
    assert dry.exit_code == 0 and "试运行" in dry.stdout
    dry = cli("set", "华峰电器", "--tier", "B", "--dry-run", "--lang", "en")
    assert dry.stdout.splitlines() == ["dry run: nothing written", "慈溪市华峰电器有限公司: tier C → B"]
    assert dump(db) == before


def test_setting_the_same_value_changes_nothing(cli, workspace):
    result = cli("set", "华峰电器", "--tier", "C")
    assert result.exit_code == 0 and "没有变化" in result.stdout


def test_list_filters_sorts_and_limits(cli, workspace):
    rows = json.loads(cli("list", "-f", "json", "--lang", "en").stdout)
    assert [r["tier"] for r in rows] == ["C", "D"]  # tier order
    assert (
        rows[0]["company"] == "慈溪市华峰电器有限公司"
        and rows[0]["town"] == "长河镇"
        and rows[0]["contacts"] == 1
    )
    only = json.loads(cli("list", "--where", "tier=D", "-f", "json").stdout)
    assert [r["企业名称"] for r in only] == ["宁波华峰塑料有限公司"]
    by_name = json.loads(cli("list", "--sort", "name", "--limit", "1", "-f", "json").stdout)
    assert len(by_name) == 1
    bad = cli("list", "--sort", "bogus", "--lang", "en")
    assert bad.exit_code == 2 and "use tier" in bad.output
    bad = cli("list", "--sort", "bogus")
    assert bad.exit_code == 2 and "--sort 'bogus' 无效：请用 tier" in bad.output


def test_energy_from_set_levels_scores_grades_and_sorts(cli, workspace):
    assert cli("score").stdout.startswith("还没有企业填写订单规模等级")  # says what to do, exit 0
    hint = cli("score", "--lang", "en").stdout
    assert hint.startswith("no company has an energy level")
    assert "--deal-level major --closing 'this month'" in hint  # the English values the hint's set takes
    assert "重要" not in hint and "本月内" not in hint
    assert cli("set", "华峰电器", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    assert cli("set", "华峰塑料", "--deal-level", "微小", "--closing", "有意向").exit_code == 0
    data = json.loads(cli("score", "-f", "json", "--lang", "en").stdout)
    scored = [(r["company"], r["energy"], r["grade"]) for r in data["opportunities"]]
    assert scored == [("慈溪市华峰电器有限公司", 9.0, "A"), ("宁波华峰塑料有限公司", 4.0, "C")]
    table = cli("score", "--lang", "en").stdout  # the headers are words, as the JSON keys
    assert "deal level" in table and "value level" in table and "_level" not in table
    levels = [(r["deal level"], r["closing"]) for r in data["opportunities"]]
    assert levels == [("major", "this month"), ("minor", "interested")]  # English names, not 重要/本月内
    assert {r["grade"]: r["companies"] for r in data["grades"]} == {
        "A": 1,
        "B": 0,
        "C": 1,
        "D": 0,
        "(blank)": 0,
    }
    first = json.loads(cli("list", "--sort", "energy", "--limit", "1", "-f", "json").stdout)
    assert first[0]["企业名称"] == "慈溪市华峰电器有限公司"
    bad = cli("set", "华峰电器", "--closing", "明年")
    assert bad.exit_code == 2 and "本月内" in bad.output


def test_list_by_energy_puts_unscored_firms_last_and_shows_the_energy(cli, tmp_path):
    # 乙厂 has only an order size level (重要 4.1, no closing level): no score, so it comes after
    # 丙厂's 4.0 (微小 2.1 + 有意向 1.9), as `score` leaves its 能量 blank; the list shows the energy.
    headers = ["企业名称", "订单规模", "预计成交"]
    rows = [["甲厂", "超额", "考核期内"], ["乙厂", "重要", ""], ["丙厂", "微小", "有意向"], ["丁厂", "", ""]]
    path = write_xlsx(tmp_path / "e.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    listed = json.loads(cli("list", "--sort", "energy", "-f", "json").stdout)
    assert [(r["企业名称"], r["能量"]) for r in listed] == [
        ("甲厂", 9.0),
        ("丙厂", 4.0),
        ("丁厂", None),
        ("乙厂", None),
    ]
    top = json.loads(cli("list", "--sort", "energy", "--limit", "2", "-f", "json", "--lang", "en").stdout)
    assert [(r["company"], r["energy"]) for r in top] == [("甲厂", 9.0), ("丙厂", 4.0)]
    assert "能量" not in json.loads(cli("list", "-f", "json").stdout)[0]  # only when sorting by it


def test_company_id_is_an_integer_in_list_and_score(cli, workspace, tmp_path):
    # 企业编号 is a number in every JSON (as in rfm and plan), and a plain number cell in the
    # list's workbook, not text; the terminal table prints it without a thousands separator.
    import openpyxl

    assert cli("set", "华峰电器", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    listed = json.loads(cli("list", "-f", "json").stdout)
    assert all(type(r["企业编号"]) is int for r in listed)
    scored = json.loads(cli("score", "-f", "json").stdout)["opportunities"]
    assert [type(r["企业编号"]) for r in scored] == [int]
    out = tmp_path / "list.xlsx"
    assert cli("list", "--out", out).exit_code == 0
    cell = openpyxl.load_workbook(out).active["A2"]
    assert isinstance(cell.value, int) and cell.number_format == "General"


def test_score_out_json_is_what_format_json_prints(cli, workspace, tmp_path):
    assert cli("set", "华峰电器", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    for lang in ("zh", "en"):
        printed = json.loads(cli("score", "-f", "json", "--lang", lang).stdout)
        out = tmp_path / f"score_{lang}.json"
        assert cli("score", "--out", out, "--lang", lang).exit_code == 0
        written = json.loads(out.read_text(encoding="utf-8"))
        assert written == printed and list(written) == ["opportunities", "grades"]


def test_score_table_names_the_one_table_a_csv_holds(cli, workspace, tmp_path):
    """A CSV holds one table: the scored list, or the grades with --table grades (never glued or
    dropped unsaid); --table picks one in every format."""
    import openpyxl

    assert cli("set", "华峰电器", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    printed = cli("score", "-f", "csv", "--table", "grades", "--lang", "en")
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.splitlines() == ["grade,companies", "A,1", "B,0", "C,0", "D,0", "(blank),0"]
    out = tmp_path / "g.csv"
    assert cli("score", "--out", out, "--table", "grades", "--lang", "en").exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines() == printed.stdout.splitlines()
    scored = cli("score", "-f", "csv").stdout.splitlines()
    assert scored[0].startswith("企业编号,企业名称") and len(scored) == 2
    assert cli("score", "-f", "csv", "--table", "opportunities").stdout.splitlines() == scored
    grades = json.loads(cli("score", "-f", "json", "--table", "grades").stdout)
    assert grades[0] == {"能级": "A", "企业数": 1}  # one table: a list of records
    book = tmp_path / "g.xlsx"
    assert cli("score", "--out", book, "--table", "grades").exit_code == 0
    assert "机会能量" not in openpyxl.load_workbook(book).sheetnames[:-1] == ["能级分布"]
    table = cli("score", "--table", "grades").stdout
    assert "能级" in table and "机会能量" not in table
    bad = cli("score", "--table", "funnel", "-f", "csv")
    assert bad.exit_code == 2 and "opportunities, grades" in bad.stderr


def test_a_score_workbook_without_energy_levels_says_what_to_do_and_draws_no_chart(cli, workspace, tmp_path):
    import openpyxl

    for lang, args in (("zh", ()), ("en", ()), ("zh", ("--where", "tier=C"))):
        if args:  # a filter that leaves none of the scored firms: the terminal's other line
            assert cli("set", "华峰塑料", "--deal-level", "微小", "--closing", "有意向").exit_code == 0
        printed = cli("score", *args, "--lang", lang).stdout.strip()
        out = tmp_path / f"score_{lang}{len(args)}.xlsx"
        assert cli("score", *args, "--out", out, "--lang", lang).exit_code == 0
        wb = openpyxl.load_workbook(out)
        for ws in wb.worksheets:
            if ws.sheet_state == "hidden":
                continue
            texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
            assert texts[1:] == [printed], (lang, ws.title)  # under the title: the terminal's line
            assert not ws._charts, (lang, ws.title)
    assert "--where tier=C" in printed and "1" in printed


def test_energy_levels_come_from_source_columns(cli, db, tmp_path):
    headers = ["企业名称", "订单规模", "预计成交"]
    path = write_xlsx(
        tmp_path / "e.xlsx",
        headers=headers,
        rows=[["甲厂", "超额", "考核期内"], ["乙厂", "部分", ""]],
        title=None,
        notes_sheet=False,
    )
    assert cli("import", path).exit_code == 0
    data = json.loads(cli("score", "-f", "json").stdout)
    assert [(r["企业名称"], r["能量"], r["能级"]) for r in data["opportunities"]] == [
        ("甲厂", 9.0, "A"),
        ("乙厂", None, None),
    ]


def test_value_levels_order_the_score_list(cli, tmp_path):
    headers = ["企业名称", "订单规模", "成交时间", "客户吸引力", "我方优势"]
    rows = [
        ["甲厂", "重要", "本月内", "低", "高"],
        ["乙厂", "部分", "更长期", "高", "低"],
        ["丙厂", "超额", "本月内", "高", "高"],
    ]
    path = write_xlsx(tmp_path / "v.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    assert cli("import", path).exit_code == 0
    data = json.loads(cli("score", "-f", "json", "--lang", "en").stdout)["opportunities"]
    assert [(r["company"], r["value level"], r["attention"]) for r in data] == [
        ("丙厂", "level 1", 1),
        ("乙厂", "level 2", 2),
        ("甲厂", "level 3", 3),
    ]
    zh = json.loads(cli("score", "-f", "json").stdout)["opportunities"]
    assert [(r["订单规模等级"], r["客户价值等级"]) for r in zh][0] == ("超额", "一级")


def test_score_workbook_and_size_level_option(cli, workspace, tmp_path):
    import openpyxl

    assert (
        cli(
            "set", "华峰电器", "--size-level", "超额", "--closing", "考核期内", "--value-level", "一级"
        ).exit_code
        == 0
    )
    out = tmp_path / "score.xlsx"
    assert cli("score", "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["机会能量", "能级分布"] and wb["能级分布"]._charts
    row = [c.value for c in wb["机会能量"][4]]
    assert (
        row[1] == "慈溪市华峰电器有限公司"
        and row[7] == 9.0
        and row[8] == "A"
        and row[9] == "一级"
        and row[10] == 1
    )


def test_an_import_keeps_what_was_set_by_hand(cli, db, workspace, tmp_path):
    assert cli("set", "华峰电器", "--tier", "V", "--town", "周巷镇").exit_code == 0
    before = dump(db)
    assert cli("import", tmp_path / "s.xlsx").exit_code == 0  # the workspace fixture's file
    assert dump(db) == before  # the same file again changes nothing, hand edits included

    rows = [
        ["慈溪市华峰电器有限公司", "慈溪市长河镇1号", "B"],
        ["宁波华峰塑料有限公司", "慈溪市周巷镇2号", "A"],
    ]
    updated = write_xlsx(tmp_path / "s2.xlsx", headers=HEADERS, rows=rows, title=None, notes_sheet=False)
    result = cli("import", updated, "--json")
    assert result.exit_code == 0, result.output
    con = connect(db)
    got = con.execute("SELECT name, tier, town, basis FROM companies ORDER BY id").fetchall()
    assert [(n, t, w) for n, t, w, _b in got] == [
        ("慈溪市华峰电器有限公司", "V", "周巷镇"),  # set by hand: kept over the file
        ("宁波华峰塑料有限公司", "A", "周巷镇"),  # not touched by hand: the file's new tier
    ]
    assert "手工设置" in json.loads(got[0][3])["town"]  # the reason stays the hand's
    kept = con.execute("SELECT value FROM problems WHERE code = 'kept-by-hand' ORDER BY value").fetchall()
    assert kept == [("V / B",), ("周巷镇 / 长河镇",)]
    sources = [
        r["source"] for r in json.loads(cli("history", "华峰电器", "-f", "json", "--lang", "en").stdout)
    ]
    assert sources == ["regiontool set", "regiontool set"]  # the import logged no change over them

    assert cli("set", "华峰电器", "--tier", "B").exit_code == 0  # the hand can take the file's value
    assert con.execute("SELECT tier FROM companies WHERE id = 1").fetchone() == ("B",)


def test_set_town_takes_its_county_from_the_gazetteer_and_explain_gives_the_reasons(cli, db, workspace):
    """Review r1 #7: after set, explain's reasons say 手工设置 (the tier's too); --town brings
    its county along with that reason; a town the gazetteer lacks is refused naming close ones
    (exit 2, nothing changed) unless --force."""
    assert cli("set", "华峰电器", "--tier", "A").exit_code == 0
    result = cli("set", "华峰电器", "--town", "瓜沥镇")  # 瓜沥镇 is in 萧山区, not 慈溪市
    assert result.exit_code == 0 and "区县 慈溪市 → 萧山区" in result.stdout
    fields = {
        f["field"]: f for f in json.loads(cli("explain", "华峰电器", "--format", "json").stdout)["fields"]
    }
    assert fields["tier"]["basis"] == "手工设置（regiontool set）"
    assert fields["town"]["basis"] == "手工设置（regiontool set）"
    assert (fields["county"]["value"], fields["county"]["basis"]) == (
        "萧山区",
        "由镇街推得（瓜沥镇 → 萧山区）",
    )

    before = dump(db)
    unknown = cli("set", "华峰电器", "--town", "观海卫", "--lang", "en")
    assert unknown.exit_code == 2 and "not a township in the gazetteer" in unknown.output
    assert "观海卫镇" in unknown.output and len(unknown.output.strip().splitlines()) == 1
    unknown = cli("set", "华峰电器", "--town", "观海卫")
    assert unknown.exit_code == 2 and "不是地名库中的镇街" in unknown.stderr and "--force" in unknown.stderr
    assert "观海卫镇" in unknown.stderr and len(unknown.output.strip().splitlines()) == 1
    wrong = cli("set", "华峰电器", "--town", "长河镇", "--county", "萧山区")
    assert wrong.exit_code == 2 and "慈溪市" in wrong.output
    assert dump(db) == before

    kept = cli("set", "华峰电器", "--town", "新村开发片", "--force")
    assert kept.exit_code == 0
    fields = {
        f["field"]: f for f in json.loads(cli("explain", "华峰电器", "--format", "json").stdout)["fields"]
    }
    assert fields["town"]["value"] == "新村开发片" and fields["county"]["value"] == "萧山区"
    assert "新村开发片 不在地名库中" in fields["county"]["basis"]


def test_set_and_link_errors_in_both_languages(cli, db, workspace):
    from test_cli_workspace import assert_in_language

    names = ["慈溪市华峰电器有限公司", "宁波华峰塑料有限公司", "、"]
    cases = [
        (["set", "华峰", "--tier", "A"], 2, ["华峰", *names]),
        (["set", "不存在的公司", "--tier", "A"], 1, ["不存在的公司"]),
        (["set", "华峰电器", "--tier", "X"], 2, []),
        (["set", "华峰电器", "--size", "巨型"], 2, ["巨型", "大型 中型 小型 微型"]),
        (["set", "华峰电器", "--closing", "明年"], 2, ["明年", "本月内 考核期内 更长期 有意向"]),
        (["set", "华峰电器", "--value-level", "五级"], 2, ["五级", "一级 二级 三级 四级"]),
        (["set", "华峰电器", "--attractiveness", "中"], 2, ["中", "高", "低"]),
        (["set", "华峰电器"], 2, ["约了下周演示"]),
        (["set", "华峰电器", "--town", "长河镇", "--county", "萧山区"], 2, ["长河镇", "萧山区", "慈溪市"]),
        (["link", " ", "华峰电器"], 2, []),
        (["link", "没有这个客户", "华峰电器"], 1, ["没有这个客户"]),
    ]
    before = dump(db)
    for args, code, data in cases:
        zh = assert_in_language(cli(*args), "zh", code, data)
        en = assert_in_language(cli(*args, "--lang", "en"), "en", code, data)
        assert zh[3:] != en[7:]
    # a town the gazetteer does not have: the close names it offers are data too
    en = cli("set", "华峰电器", "--town", "观海卫", "--lang", "en")
    close = en.stderr.split("close: ", 1)[1].split(" —", 1)[0]
    assert_in_language(en, "en", 2, ["观海卫", close, "镇/乡/街道"])
    assert_in_language(cli("set", "华峰电器", "--town", "观海卫"), "zh", 2, ["观海卫", close])
    assert dump(db) == before


def test_lang_en_shows_the_coded_values_in_english_and_stores_them_in_chinese(cli, db, workspace, tmp_path):
    # list (terminal, CSV, JSON, workbook), set --dry-run and history print the industry, size and
    # levels in English with --lang en, as pivot and export do; what is stored stays Chinese.
    import openpyxl

    assert (
        cli("set", "华峰电器", "--size", "小型", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    )
    rows = {r["company"]: r for r in json.loads(cli("list", "-f", "json", "--lang", "en").stdout)}
    first = rows["慈溪市华峰电器有限公司"]
    assert (first["industry"], first["size"]) == ("electrical appliances & instruments", "small")
    csv_out = cli("list", "-f", "csv", "--lang", "en").stdout
    table = cli("list", "--lang", "en").stdout
    assert cli("list", "--out", tmp_path / "l.xlsx", "--lang", "en").exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "l.xlsx").active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    for text in (csv_out, table, cells):
        assert "electrical appliances & instruments" in text and "电子电器" not in text and "小型" not in text
    assert json.loads(cli("list", "-f", "json").stdout)[0]["行业"] == "电子电器"  # zh as stored
    dry = cli("set", "华峰电器", "--industry", "模具", "--dry-run", "--lang", "en")
    assert dry.stdout.splitlines()[1] == (
        "慈溪市华峰电器有限公司: industry electrical appliances & instruments → moulds & dies"
    )
    history = cli("history", "华峰电器", "-f", "json", "--lang", "en").stdout
    levels = [(r["field"], r["new"]) for r in json.loads(history)]
    assert ("deal level", "major") in levels and ("closing", "this month") in levels, levels
    assert "重要" not in history and "本月内" not in history and "小型" not in history
    con = connect(db)
    stored = con.execute(
        "SELECT industry, size, deal_level FROM companies WHERE name LIKE '%电器%'"
    ).fetchone()
    assert tuple(stored) == ("电子电器", "小型", "重要")
    assert "重要" in cli("history", "华峰电器").stdout


def test_score_where_that_leaves_no_scored_firm_names_the_filter(cli, workspace):
    # review r7 #8: score --where manager=… said no company had an energy level at all
    assert cli("set", "华峰电器", "--deal-level", "重要", "--closing", "本月内").exit_code == 0
    result = cli("score", "--where", "town=周巷镇")  # 华峰电器 is in 长河镇
    assert result.exit_code == 0
    assert result.stdout == "筛选 --where town=周巷镇 之后没有企业有能量等级（不加筛选有 1 家）\n"
    result = cli("score", "--where", "town=周巷镇", "--lang", "en")
    assert (
        result.stdout == "no company left by --where town=周巷镇 has an energy level (1 without the filter)\n"
    )
    assert "慈溪市华峰电器有限公司" in cli("score", "--where", "town=长河镇").stdout
