"""Hostile data through the outputs and readers (review r80): merged and blank budget items, format
characters and controls on the terminal, an HTML .xls with a control character, odd --sheet names."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter


def _budget_rows(cli) -> list[str]:
    out = cli("pnl", "--year", "2026", "--table", "pnl", "-f", "csv").output
    return [line for line in out.splitlines() if line.startswith("费用")]


def test_budget_reads_an_item_merged_down_over_its_months(folder: Path, cli):
    tmp_path = folder
    path = tmp_path / "bm.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("费用预算")
    for c, h in enumerate(["项目", "月份", "预算", "实际"]):
        ws.write(0, c, h)
    ws.merge_range(1, 0, 3, 0, "区域广告")
    for i, m in enumerate(["2026-01", "2026-02", "2026-03"]):
        ws.write(1 + i, 1, m)
        ws.write(1 + i, 2, 1000)
        ws.write(1 + i, 3, 900)
    ws.write_row(4, 0, ["合计", "", 3000, 2700])
    wb.close()
    r = cli("budget", path, "--year", "2026")
    assert r.exit_code == 0, r.output
    assert "3 行" in r.output and "2026-03" in r.output, r.output
    assert "费用·区域广告,3000,2700,2700" in _budget_rows(cli)


def test_budget_refuses_amounts_with_no_item_naming_the_row(folder: Path, cli):
    tmp_path = folder
    path = tmp_path / "b.csv"
    path.write_text(
        "月份,项目,预算,实际\n2026-01,房租,2000,2000\n2026-01,,5000,4800\n2026-02, ,3000,2000\n"
        ",合计,10000,8800\n",
        encoding="utf-8",
    )
    r = cli("budget", path, "--year", "2026")
    assert r.exit_code == 1, r.output
    assert "第 3 行" in r.output and "没有项目" in r.output, r.output
    assert "Traceback" not in r.output
    assert not any("房租" in x for x in _budget_rows(cli))  # nothing stored


RLO = "\u202e"


def test_a_direction_override_from_a_note_is_shown_escaped(folder: Path, cli):
    r = cli("set", "慈溪市华峰电器有限公司", "--note", f"备注{RLO}exe.txt")
    assert r.exit_code == 0, r.output
    assert RLO not in r.output and "备注\\u202eexe.txt" in r.output, r.output
    r = cli("history", "慈溪市华峰电器有限公司")
    assert r.exit_code == 0, r.output
    assert RLO not in r.output and "\\u202e" in r.output, r.output


def test_a_direction_override_in_a_header_or_a_file_name_is_shown_escaped(tmp_path: Path, cli):
    path = tmp_path / f"rlo{RLO}vsc.csv"
    path.write_text(
        f"企业名称,地址,联系人,手机,{RLO}exe.txt\n甲电器厂,宁波 慈溪市 龙山镇 1号,张三,13800001112,d\n",
        encoding="utf-8-sig",
    )
    r = cli("import", path)
    assert r.exit_code == 0, r.output
    assert RLO not in r.output and "\\u202eexe.txt" in r.output and "rlo\\u202evsc.csv" in r.output, r.output
    r = cli("status")
    assert r.exit_code == 0, r.output
    assert RLO not in r.output and "rlo\\u202evsc.csv" in r.output, r.output


def test_pivot_refuses_a_sheet_name_with_a_control_character_or_history(folder: Path, cli):
    out = folder / "pv.xlsx"
    assert cli("pivot", "--by", "town", "--all", "--out", out, "--sheet", "ok").exit_code == 0
    before = out.read_bytes()
    for name in ("es\x1bc", "tab\there", "History", "history"):
        r = cli("pivot", "--by", "town", "--all", "--out", out, "--sheet", name)
        assert r.exit_code == 2, (name, r.output)
        assert "Excel 不接受工作表名" in r.output and "\x1b" not in r.output, r.output
        assert out.read_bytes() == before  # nothing written, the good workbook kept


def test_an_html_xls_with_a_control_character_is_read_as_html(tmp_path: Path, cli):
    path = tmp_path / "h1.xls"
    path.write_text(
        "<html><body><table><tr><th>企业名称</th><th>地址</th><th>联系人</th><th>手机</th><th>备注</th></tr>"
        "<tr><td>乙电器厂</td><td>宁波 慈溪市 龙山镇 2号</td><td>李四</td><td>13800001113</td>"
        "<td>备注\x1b[31m红</td></tr></table></body></html>",
        encoding="utf-8",
    )
    r = cli("import", path)
    assert r.exit_code == 0, r.output
    assert "1 家企业" in r.output, r.output
    garbage = tmp_path / "g.xls"
    garbage.write_bytes(b"PK\x01\x02garbage\x00\x01\x02" * 20)
    r = cli("import", garbage)
    assert r.exit_code == 1 and "不是有效的 .xls 工作簿" in r.output, r.output


def test_csv_on_a_terminal_shows_controls_and_piped_stays_exact(tmp_path: Path, db, cli):
    from typer.testing import CliRunner

    from regiontool.cli import app

    path = tmp_path / "c.csv"
    path.write_text(
        "企业名称,地址,联系人,手机\n控制\x07\x1b[31m红电器厂,宁波 慈溪市 龙山镇 1号,张三,13800001112\n",
        encoding="utf-8",
    )
    assert cli("import", path).exit_code == 0
    piped = cli("list", "--all", "-f", "csv")
    assert piped.exit_code == 0 and "\x1b[31m红" in piped.stdout, piped.output  # scripts get the bytes
    env = {"REGIONTOOL_DB": str(db), "COLUMNS": "200", "TTY_COMPATIBLE": "1", "REGIONTOOL_ALL": "1"}
    r = CliRunner().invoke(app, ["list", "--all", "-f", "csv"], env=env)
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "控制␇␛[31m红" in r.stdout, r.stdout
