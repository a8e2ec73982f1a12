"""A target line for a manager written as a contact sheet may write him (孙 志强, 孫志強) is the line of
the manager the firms have (孙志强, normalize.manager_name), as --manager reads him everywhere else;
the line is echoed as stored."""

from __future__ import annotations

import json

from conftest import connect, imported, write_sheet


def test_a_manager_line_takes_the_stored_spelling_of_the_name(cli, tmp_path):
    rows = [
        ["宁波华峰电器有限公司", "张三", "13812345601", "孙志强"],
        ["慈溪宏信五金工具厂", "李四", "13812345602", "王海波"],
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "手机", "区域经理"], rows))
    assert cli("target", "set", "2027", "100000").exit_code == 0
    for spelling, amount in (("孙 志强", "50000"), ("孫志強", "40000"), ("孫 志 強", "30000")):
        result = cli("target", "set", "2027", amount, "--manager", spelling)
        assert result.exit_code == 0, result.output
        assert result.output == f"2027 区域经理 孙志强：¥{int(amount):,}\n"
    shown = cli("target", "show", "2027", "--by", "manager", "-f", "json", "--lang", "en")
    lines = {
        x["manager"]: x["target"] for x in json.loads(shown.output)["manager"] if x["manager"] != "total"
    }
    assert lines == {"孙志强": 30000, "王海波": 70000}  # one line, set three times, never a second one


def test_a_targets_file_names_the_manager_in_any_of_those_spellings(cli, tmp_path):
    rows = [
        ["宁波华峰电器有限公司", "张三", "13812345601", "孙志强"],
        ["慈溪宏信五金工具厂", "李四", "13812345602", "王海波"],
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "手机", "区域经理"], rows))
    assert cli("target", "set", "2027", "100000").exit_code == 0
    targets = write_sheet(tmp_path, "t.xlsx", ["期间", "区域经理", "目标"], [["2027", "孫 志強", 60000]])
    result = cli("target", "set", "--file", str(targets))
    assert result.exit_code == 0, result.output
    shown = cli("target", "show", "2027", "--by", "manager", "-f", "json", "--lang", "en")
    lines = {
        x["manager"]: x["target"] for x in json.loads(shown.output)["manager"] if x["manager"] != "total"
    }
    assert lines == {"孙志强": 60000, "王海波": 40000}


def test_a_targets_file_setting_one_line_twice_is_refused_naming_both_rows(cli, db, tmp_path):
    """Review r82 F5: 孫 志強 and 孙志强 are one manager's line: two rows of it were 已保存目标 2 条, one kept."""
    rows = [["宁波华峰电器有限公司", "张三", "13812345601", "孙志强"]]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "手机", "区域经理"], rows))
    assert cli("target", "set", "2027Q1", "1000000").exit_code == 0
    lines = [["2027Q1", "孫 志強", 500000], ["2027Q1", "孙志强", 300000]]
    result = cli(
        "target", "set", "--file", str(write_sheet(tmp_path, "t.xlsx", ["期间", "区域经理", "目标"], lines))
    )
    assert result.exit_code == 1
    assert (
        result.output
        == "错误：t.xlsx 第 2 行和第 3 行都是 2027Q1 孙志强 的目标：请只留一行（或合计成一行）\n"
    )
    with connect(db) as conn:  # nothing stored: the target alone, no line
        assert conn.execute("SELECT period, dim, amount FROM targets").fetchall() == [
            ("2027Q1", "", 1000000.0)
        ]
