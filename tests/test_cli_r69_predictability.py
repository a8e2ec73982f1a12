"""Review r69: the command line is predictable — a slip in an option gives one line and exit 2."""

from __future__ import annotations

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
