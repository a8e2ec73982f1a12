"""Review r76, through the CLI on workbooks the tests write: on a contact list with no address column,
an unlinked order name's bare place (宁波, 慈溪, in brackets too) is a place as 余姚市 is, and no firm
of another place is offered ready to `link` (F6)."""

from __future__ import annotations

import csv
import datetime as dt

from conftest import imported, write_orders, write_sheet

FIRMS = ["宁波华峰电器有限公司", "慈溪华峰电器有限公司", "余姚市华峰电器有限公司"]


def _said(cli) -> dict[str, str]:
    result = cli("problems", "--code", "unlinked-order", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {p["值"]: p["说明"] for p in csv.DictReader(result.stdout.splitlines())}


def test_a_name_of_a_bare_place_is_offered_its_own_places_firm_never_another_places(cli, tmp_path):
    rows = [[n, f"张{i}", f"1381234560{i}", "V"] for i, n in enumerate(FIRMS)]  # no 地址 column
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "手机", "客户分类"], rows))
    names = ["华峰电器", "华峰电器(慈溪)", "宁波市华峰电器有限公司"]
    orders = [[n, dt.date(2026, 10, 5), "阀门", 1, 1000, f"D{i}"] for i, n in enumerate(names)]
    imported(cli, write_orders(tmp_path / "o.xlsx", orders))
    said = _said(cli)
    assert said["宁波市华峰电器有限公司"].endswith(
        'regiontool link "宁波市华峰电器有限公司" "宁波华峰电器有限公司"'
    )
    assert "相近的有 宁波华峰电器有限公司（100）" in said["宁波市华峰电器有限公司"]
    assert said["华峰电器(慈溪)"].endswith('regiontool link "华峰电器(慈溪)" "慈溪华峰电器有限公司"')
    assert all(f"{n}（100）" in said["华峰电器"] for n in FIRMS)  # one stem, no place: a tie
    assert said["华峰电器"].endswith('regiontool link "华峰电器" "企业名称"')
    assert not any('"余姚市华峰电器有限公司"' in text for text in said.values())
