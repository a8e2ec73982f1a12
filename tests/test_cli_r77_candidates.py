"""Review r77 F3, through the CLI on workbooks the tests write: an unlinked order name whose only
similar firm is of another place is told so (余姚 against 慈溪), not told that candidates tie."""

from __future__ import annotations

import csv
import datetime as dt

from conftest import imported, write_orders, write_sheet


def _said(cli, code: str, lang: str = "zh") -> dict[str, str]:
    result = cli("problems", "--code", code, "-f", "csv", "--lang", lang)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    value, message = ("值", "说明") if lang == "zh" else ("value", "message")
    return {p[value]: p[message] for p in rows}


def _workspace(cli, tmp_path) -> None:
    rows = [["余姚市宏信五金工具厂", "张三", "13812345601", "V"]]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "联系人", "手机", "客户分类"], rows))


def test_the_only_candidate_of_another_place_is_said_to_be_elsewhere_not_tied(cli, tmp_path):
    _workspace(cli, tmp_path)
    orders = [["宏信五金工具厂(慈溪)", dt.date(2026, 10, 5), "阀门", 1, 1000, "D1"]]
    imported(cli, write_orders(tmp_path / "o.xlsx", orders))
    said = _said(cli, "unlinked-order")["宏信五金工具厂(慈溪)"]
    assert "不分高下" not in said
    assert "相近的有 余姚市宏信五金工具厂（100），但它在余姚，而“宏信五金工具厂(慈溪)”写的是慈溪" in said
    assert said.endswith('regiontool link "宏信五金工具厂(慈溪)" "企业名称"')  # still no ready link
    en = _said(cli, "unlinked-order", "en")["宏信五金工具厂(慈溪)"]
    assert "but that one is in 余姚" in en and "equally close" not in en


def test_a_payment_from_a_name_of_another_place_says_so_too(cli, tmp_path):
    _workspace(cli, tmp_path)
    payments = [["宏信五金工具厂(慈溪)", "2026-10-09", 800]]
    imported(cli, write_sheet(tmp_path, "p.xlsx", ["客户名称", "回款日期", "回款金额"], payments))
    said = _said(cli, "unlinked-payment")["宏信五金工具厂(慈溪)"]
    assert "但它在余姚" in said and "不分高下" not in said
