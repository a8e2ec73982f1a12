"""Review r69: the command line is predictable — a slip in an option gives one line and exit 2."""

from __future__ import annotations

import json

import pytest

# Every command taking a year, a date or a period, with a value outside the years the tool handles.
BAD_YEARS_AND_DATES = [
    ("pnl", "--year", "207"),
    ("pnl", "--year", "20277"),
    ("pnl", "--year", "1999"),
    ("pnl", "--year", "0"),
    ("pnl", "--as-of", "2207-01-01"),
    ("budget", "budget.xlsx", "--year", "207"),
    ("sales", "--year", "0"),
    ("sales", "--as-of", "2207-01-01"),
    ("track", "--as-of", "2207-01-01"),
    ("track", "--period", "2207Q1"),
    ("target", "show", "1999"),
    ("receivables", "--as-of", "1999-05-01"),
    ("report", "--as-of", "1999-05-01", "--out", "r.xlsx"),
    ("report", "--year", "207", "--out", "r.xlsx"),
    ("plan", "--as-of", "2207-01-01"),
    ("plan", "--start", "9999-12-27"),
    ("plan", "--start", "2099-12-28"),
    ("rfm", "--as-of", "2207-01-01"),
    ("rfm", "--since", "1200-01-01"),
]


@pytest.mark.parametrize("args", BAD_YEARS_AND_DATES, ids=" ".join)
def test_a_year_or_date_out_of_range_is_a_usage_error(cli, folder, monkeypatch, args):
    monkeypatch.chdir(folder)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, (ValueError, OverflowError)), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), result.output
    assert "2000" in lines[0] or "期间" in lines[0], result.output


def test_the_first_and_last_years_handled_work(cli, folder):
    assert cli("plan", "--start", "2098-12-28").exit_code == 0
    assert cli("plan", "--quarter", "--as-of", "2098-12-28").exit_code == 0
    result = cli("track", "--as-of", "2000-02-01")
    assert result.exit_code == 1 and "没有销售目标" in result.output, result.output


@pytest.mark.parametrize(
    ("command", "where", "said"),
    [
        (["list"], "town=长河", "没有这个镇街“长河”（相近的有：长河镇"),
        (["pivot", "--by", "tier"], "town=长河", "没有这个镇街“长河”（相近的有：长河镇"),
        (["list"], "manager=王海", "没有这个区域经理“王海”（相近的有：王海波）"),
        (["score"], "manager=不存在", "没有这个区域经理“不存在”：这里有 沈晓东、王海波"),
        (["list"], "town!=长河", "没有这个镇街“长河”"),
    ],
)
def test_where_a_town_or_manager_no_firm_has_is_refused_naming_the_nearest(cli, folder, command, where, said):
    result = cli(*command, "--where", where)
    assert result.exit_code == 2, result.output
    assert said in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_where_a_town_in_traditional_characters_is_the_stored_one(cli, folder):
    simplified = cli("list", "--where", "town=长河镇", "-f", "json")
    traditional = cli("list", "--where", "town=長河鎮", "-f", "json")
    assert simplified.exit_code == traditional.exit_code == 0, traditional.output
    assert traditional.stdout == simplified.stdout and "华峰" in simplified.stdout


@pytest.mark.parametrize(
    "args", [["track"], ["pnl"], ["receivables"], ["target", "show", "2026Q4"]], ids=" ".join
)
def test_a_bad_format_is_refused_before_the_data_is_missed(cli, folder, args):
    """No target, budget or payments here (exit 1 for those): the bad --format is exit 2 first (F5)."""
    result = cli(*args, "-f", "xml")
    assert result.exit_code == 2 and "--format 'xml'" in result.output, result.output


@pytest.mark.parametrize("args", [["pivot", "--by", "town"], ["list"], ["status"], ["check"]], ids=" ".join)
def test_a_format_in_capitals_is_the_format(cli, folder, args):
    """-f JSON is -f json, as --out X.JSON is a JSON file (F15)."""
    upper, lower = cli(*args, "-f", "JSON"), cli(*args, "-f", "json")
    assert upper.exit_code == lower.exit_code == 0, upper.output
    assert upper.stdout == lower.stdout


def test_regiontool_lang_in_capitals_and_a_bad_one_named_as_the_variable(cli, folder, monkeypatch):
    """REGIONTOOL_LANG=EN is en; a bad value names REGIONTOOL_LANG, not an option nobody typed (F7)."""
    monkeypatch.setenv("REGIONTOOL_LANG", "EN")
    assert "companies" in cli("status").output
    monkeypatch.setenv("REGIONTOOL_LANG", "fr")
    result = cli("status")
    assert result.exit_code == 2 and "REGIONTOOL_LANG “fr”" in result.output, result.output
    result = cli("status", "--lang", "fr")
    assert result.exit_code == 2 and "--lang “fr”" in result.output, result.output


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["pivot", "--by"], "regiontool pivot"),
        (["db", "copy", "--from", "a.db", "--to"], "regiontool db copy"),
    ],
)
def test_an_option_without_its_value_points_to_the_commands_own_help(cli, args, command):
    result = cli(*args)
    assert result.exit_code == 2 and f"请看 '{command} --help'" in result.output, result.output


@pytest.mark.parametrize(("fmt", "out"), [("csv", "c.json"), ("json", "c.xlsx"), ("json", "c.csv")])
def test_a_format_and_an_out_of_another_format_are_refused(cli, folder, monkeypatch, fmt, out):
    """-f csv --out c.json asks for two formats: exit 2, nothing written (F12)."""
    monkeypatch.chdir(folder)
    result = cli("pivot", "--by", "town", "-f", fmt, "--out", out)
    assert result.exit_code == 2 and "两种格式" in result.output, result.output
    assert not (folder / out).exists()
    assert cli("pivot", "--by", "town", "-f", fmt, "--out", f"c.{fmt.upper()}").exit_code == 0


@pytest.mark.parametrize(
    ("out", "said"), [(".xlsx", "没有文件名"), ("./", "没有文件名"), ("d.xlsx", "d.xlsx/结果.xlsx")]
)
def test_an_out_without_a_file_name_says_so(cli, folder, monkeypatch, out, said):
    """--out .xlsx named the extension used as the one to use; a folder suggested plan.xlsx (F13)."""
    monkeypatch.chdir(folder)
    (folder / "d.xlsx").mkdir()
    result = cli("pivot", "--by", "town", "--out", out)
    assert result.exit_code == 2 and said in result.output, result.output


def test_import_takes_f_json_as_every_other_command(cli, tmp_path):
    """import -f json is import --json; -f xml is refused before anything is read (F11)."""
    from conftest import write_xlsx

    src = write_xlsx(tmp_path / "c.xlsx")
    assert cli("import", src, "-f", "xml").exit_code == 2
    result = cli("import", src, "-f", "JSON")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["companies"] == 4
