"""Key fields through the CLI: inferred on import, explained, exported with their basis."""

from __future__ import annotations

import json

import openpyxl

from conftest import connect, write_xlsx
from regiontool.store import Workspace

HEADERS = ["企业名称", "地址", "联系人", "员工人数", "年产值（万元）", "经营范围"]
ROWS = [
    ["慈溪市华峰电器有限公司", "浙江省宁波市慈溪市长河镇垫桥村118号", "张伟", "350", "2600", None],
    ["宁波宏达五金工具厂", "慈溪周巷镇环城北路5号", "赵敏", "100-499人", None, None],
    ["金鑫科技有限公司", "慈溪经济开发区新兴大道1号", "钱强", None, None, "电子元器件制造"],
    ["永光塑料制品厂", "長河鎮镇东路１８号", "周杰", "15", "5000", None],
]


def _import(cli, tmp_path, rows=ROWS, headers=HEADERS, *extra):
    path = write_xlsx(tmp_path / "c.xlsx", headers=headers, rows=rows, title=None, notes_sheet=False)
    result = cli("import", path, *extra)
    assert result.exit_code == 0, result.output
    return path


def test_key_fields_are_inferred_with_basis(cli, db, tmp_path):
    _import(cli, tmp_path)
    con = connect(db)
    rows = {
        r[0]: r[1:] for r in con.execute("SELECT name, town, county, industry, size, basis FROM companies")
    }
    assert rows["慈溪市华峰电器有限公司"][:4] == ("长河镇", "慈溪市", "电子电器", "中型")
    assert rows["宁波宏达五金工具厂"][:4] == ("周巷镇", "慈溪市", "五金机械", "小型")
    # A development zone is not a township: no town rather than a wrong one; the county the
    # address starts with (慈溪经济开发区) is kept (review r28 #3).
    assert rows["金鑫科技有限公司"][:3] == (None, "慈溪市", "电子行业")
    assert rows["永光塑料制品厂"][:4] == ("长河镇", "慈溪市", "塑料", "微型")
    basis = json.loads(rows["慈溪市华峰电器有限公司"][4])
    assert "长河镇" in basis["town"] and "电器" in basis["industry"]
    assert basis["size"] == "员工 350人 + 营收 2,600万 → 中型"
    problems = con.execute("SELECT code, value FROM problems").fetchall()
    assert problems == [("town-not-found", "慈溪经济开发区新兴大道1号")]


def test_shops_are_trade_and_small_appliances_electrical(cli, db, tmp_path):
    """Review r28 #5, #5b: trade shops were counted as makers, 小家电 firms had no industry."""
    rows = [
        ["慈溪市东方五金经营部", "慈溪市周巷镇1号", "张伟", "3", "50", None],
        ["慈溪市华联电器商行", "慈溪市浒山街道2号", "赵敏", "4", "80", None],
        ["慈溪市永盛汽车电器有限公司", "慈溪市观海卫镇3号", "钱强", "150", "6000", None],
        ["慈溪市周巷杰达取暖器厂", "慈溪市周巷镇4号", "周杰", "70", "1200", None],
        ["慈溪市立信饮水机厂", "慈溪市附海镇5号", "王芳", "42", "560", None],
    ]
    _import(cli, tmp_path, rows)
    industries = dict(connect(db).execute("SELECT name, industry FROM companies"))
    assert industries == {
        "慈溪市东方五金经营部": "贸易",
        "慈溪市华联电器商行": "贸易",
        "慈溪市永盛汽车电器有限公司": "汽配",
        "慈溪市周巷杰达取暖器厂": "电子电器",
        "慈溪市立信饮水机厂": "电子电器",
    }
    explained = cli("explain", "东方五金经营部")
    assert explained.exit_code == 0
    assert "名称关键词“经营部”" in explained.stdout and "五金" in explained.stdout
    pivot = cli("pivot", "--by", "industry", "-f", "csv", "--lang", "en")
    assert pivot.exit_code == 0 and "trading,2" in pivot.stdout.replace('"', "")


def test_approximate_headcounts_give_the_band_and_no_problem(cli, db, tmp_path):
    """Review r28 #7: 200多人 was open-ended, 近百人 and 二百来人 unread (中型 from revenue alone)."""
    rows = [
        ["慈溪市天元塑业有限公司", "慈溪市周巷镇1号", "张伟", "200多人", "5000", None],
        ["慈溪市雅达汽车配件有限公司", "慈溪市附海镇2号", "赵敏", "近百人", "3千万", None],
        ["慈溪市宏达电器有限公司", "慈溪市长河镇3号", "钱强", "二百来人", "3000", None],
    ]
    _import(cli, tmp_path, rows)
    con = connect(db)
    sizes = dict(con.execute("SELECT name, size FROM companies"))
    assert set(sizes.values()) == {"小型"}, sizes
    assert not con.execute("SELECT * FROM problems WHERE code = 'invalid-figure'").fetchall()
    shown = cli("explain", "天元塑业", "--lang", "en").stdout
    assert "staff 200-299" in shown and "small" in shown


def test_user_columns_win_over_inference(cli, db, tmp_path):
    headers = [*HEADERS, "行业", "镇街", "规模"]
    rows = [[*ROWS[0], "模具", "观海卫", "大型"]]
    _import(cli, tmp_path, rows, headers)
    town, industry, size, basis = (
        connect(db).execute("SELECT town, industry, size, basis FROM companies").fetchone()
    )
    assert (town, industry, size) == ("观海卫镇", "模具", "大型")
    assert json.loads(basis)["industry"] == "列“行业”"


def test_custom_industry_rules(cli, db, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[industry]]\nlabel = "家电"\nname_words = ["电器"]\n', encoding="utf-8")
    _import(cli, tmp_path, ROWS, HEADERS, "--industry-rules", rules)
    industries = dict(connect(db).execute("SELECT name, industry FROM companies"))
    assert industries["慈溪市华峰电器有限公司"] == "家电"
    assert industries["宁波宏达五金工具厂"] is None


def test_bad_industry_rules_is_a_usage_error_and_writes_nothing(cli, db, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("this is not toml = = =", encoding="utf-8")
    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    result = cli("import", path, "--industry-rules", rules)
    assert result.exit_code == 2 and "不是有效的 TOML" in result.output
    result = cli("import", path, "--industry-rules", rules, "--lang", "en")
    assert result.exit_code == 2 and "not valid TOML" in result.output
    assert not Workspace.exists(db)


BAD_RULES = [  # (file text or None for a missing file, the Chinese line's words, the English line's)
    (None, "找不到行业规则文件", "not found"),
    ('label = "家电"\n', "没有 [[industry]] 表", "no [[industry]] tables"),
    ('[[industry]]\nname_words = ["电器"]\n', "第 1 个行业没有 label", "industry #1 has no label"),
    ('[[industry]]\nlabel = "家电"\nname_words = "电器"\n', "必须是列表", "must be lists"),
    ('[[industry]]\nlabel = "家电"\nname_words = [1]\n', "不是文字的关键词", "non-text keywords"),
    ('[[industry]]\nlabel = "家电"\nname_words = [" "]\n', "空的关键词", "an empty keyword"),
]


def test_each_bad_rules_file_is_one_line_in_the_commands_language(cli, db, tmp_path):
    import re

    path = write_xlsx(tmp_path / "c.xlsx", headers=HEADERS, rows=ROWS, title=None, notes_sheet=False)
    for i, (text, zh, en) in enumerate(BAD_RULES):
        rules = tmp_path / f"rules{i}.toml"
        if text is not None:
            rules.write_text(text, encoding="utf-8")
        result = cli("import", path, "--industry-rules", rules)
        assert result.exit_code == 2 and result.stderr.startswith("错误：") and zh in result.stderr, (
            result.stderr
        )
        assert not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}", result.stderr), result.stderr
        result = cli("import", path, "--industry-rules", rules, "--lang", "en")
        assert result.exit_code == 2 and result.stderr.startswith("error: ") and en in result.stderr
        assert not re.search(r"[\u4e00-\u9fff]", result.stderr.replace("家电", "")), result.stderr
    assert not Workspace.exists(db)


def test_explain_shows_fields_reasons_and_contacts(cli, tmp_path):
    _import(cli, tmp_path)
    result = cli("explain", "华峰")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "慈溪市华峰电器有限公司" in out and "长河镇" in out and "名称关键词“电器”" in out
    assert "张伟" in out and "c.xlsx" in out
    data = json.loads(cli("explain", "华峰", "--format", "json").stdout)
    fields = {f["field"]: f for f in data["fields"]}
    assert fields["size"]["value"] == "中型" and "350" in fields["size"]["basis"]
    missing = cli("explain", "不存在的公司")
    assert missing.exit_code == 1 and "没有与“不存在的公司”匹配的企业" in missing.output


def test_export_has_key_fields_and_basis(cli, tmp_path):
    _import(cli, tmp_path)
    out = tmp_path / "out.xlsx"
    assert cli("export", out).exit_code == 0
    ws = openpyxl.load_workbook(out)["资源表"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    first = rows[0]
    assert (first["镇街"], first["区县"], first["行业"], first["规模"]) == (
        "长河镇",
        "慈溪市",
        "电子电器",
        "中型",
    )
    assert first["推断依据"].startswith("镇街：地址 → 长河镇")
