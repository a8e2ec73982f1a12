"""Outputs are safe: no formula from data, long cells cut with a note, inputs never
overwritten, files appear whole or not at all."""

from __future__ import annotations

import csv
import hashlib
import operator
import re
import zipfile
from pathlib import Path

import make_bad_inputs as bad
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli_bad_input import assert_one_error_line

from conftest import write_xlsx
from regiontool.store.db import is_url
from regiontool.vocab import NOTE_PREFIX

INJECTED = [
    '=HYPERLINK("http://evil.example","点我")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=2+2",
]


@pytest.fixture
def injected(cli, db: Path) -> Path:
    result = cli("import", bad.BAD / "formula_injection.csv", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def _sheet_xml(path: Path) -> str:
    """The worksheets and shared strings of a workbook (charts hold formulas of their own)."""
    with zipfile.ZipFile(path) as zf:
        return "".join(
            zf.read(n).decode("utf-8")
            for n in zf.namelist()
            if n.startswith("xl/worksheets/sheet") or n == "xl/sharedStrings.xml"
        )


def test_xlsx_export_holds_formula_like_text_as_text(cli, injected: Path, tmp_path: Path):
    import python_calamine as pc

    out = tmp_path / "资源表.xlsx"
    assert cli("export", out, catch_exceptions=False).exit_code == 0

    assert not re.search(r"<f[ >]", _sheet_xml(out))  # no formula cell anywhere
    rows = pc.CalamineWorkbook.from_path(out).get_sheet_by_index(0).to_python()
    cells = {c for row in rows for c in row if isinstance(c, str)}
    for text in INJECTED:
        assert text in cells, text


def test_csv_export_neutralises_formula_like_text(cli, injected: Path, tmp_path: Path):
    out = tmp_path / "资源表.csv"
    assert cli("export", out, catch_exceptions=False).exit_code == 0

    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    for text in INJECTED:
        assert "'" + text in cells, text


# Texts near the guard: formula characters, quotes before them, negative numbers and near misses.
_near_guard = st.builds(
    operator.add,
    st.sampled_from(["", "'", "''", "=", "+", "-", "@", "\t", "\r", "'-", "'=", "--", "-."]),
    st.one_of(st.text("0123456789.,%eE+- '=@", max_size=8), st.text(max_size=8)),
)


@given(st.one_of(_near_guard, st.text(max_size=12)))
def test_the_csv_guard_reads_back_as_written_and_leaves_no_formula(text):
    """Review r17 #5: the ' written before a formula character is the one reading drops, so any
    text comes back as it was; what is left unguarded starting with - is a plain negative number
    (-300, -0.5, -1,234.50, -5%), which Excel and LibreOffice read as the number."""
    from regiontool.io.write import csv_text, csv_unguard

    guarded = csv_text(text)
    assert csv_unguard(guarded) == text
    assert guarded[:1] not in ("=", "+", "@", "\t", "\r")
    if guarded.startswith("-"):
        assert guarded.isascii() and float(guarded.replace(",", "").removesuffix("%")) <= 0


def test_a_csv_export_read_back_loses_its_guard_and_keeps_negative_numbers(cli, tmp_path: Path):
    """Review r17 #5: -300 is written as a number, not '-300; a phone +86 … keeps its guard in the
    CSV, and importing the CSV export drops the guard: no ' in the data, no invalid-phone problem."""
    source = tmp_path / "客户.csv"
    source.write_text(
        "企业名称,手机,余额,备注\n慈溪市甲电器有限公司,+86 138 0000 1111,-300,=1+1\n"
        '慈溪市乙五金厂,13912345678,"-1,234.50",-待回访-\n',
        encoding="utf-8",
    )
    assert cli("import", source, catch_exceptions=False).exit_code == 0
    first = tmp_path / "资源表.csv"
    assert cli("export", first, catch_exceptions=False).exit_code == 0

    def columns(path: Path) -> dict[str, list[str]]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header, *rows = csv.reader(fh)
        return {h: [r[header.index(h)] for r in rows] for h in ("手机", "余额", "备注")}

    written = columns(first)
    assert written == {
        "手机": ["'+86 138 0000 1111", "13912345678"],
        "余额": ["-300", "-1,234.50"],
        "备注": ["'=1+1", "'-待回访-"],
    }
    fresh = tmp_path / "fresh.db"
    assert cli("import", first, "--db", fresh, catch_exceptions=False).exit_code == 0
    again = tmp_path / "again.csv"
    assert cli("export", again, "--db", fresh, catch_exceptions=False).exit_code == 0
    assert columns(again) == written
    problems = cli("problems", "--db", fresh, "-f", "csv", "--code", "invalid-phone", catch_exceptions=False)
    assert problems.stdout.strip().count("\n") == 0, problems.stdout


def test_an_ordinary_csv_keeps_a_leading_apostrophe_as_typed(cli, tmp_path: Path):
    """Review r20 #7a: only the resource table's own CSV (its 企业编号/来源文件/来源工作表/来源行 in
    the first row) loses the guard its export put; a CSV the user wrote keeps '=SUM and '- as typed."""
    import json

    source = tmp_path / "客户.csv"
    source.write_text(
        "企业名称,手机,备注\n慈溪市甲电器有限公司,13800001111,'=SUM 是公式\n慈溪市乙五金厂,13912345678,'- 表示无\n",
        encoding="utf-8",
    )
    assert cli("import", source, catch_exceptions=False).exit_code == 0
    out = tmp_path / "out.json"
    assert cli("export", out, catch_exceptions=False).exit_code == 0
    notes = [r["备注"] for r in json.loads(out.read_text(encoding="utf-8"))["resources"]]
    assert notes == ["'=SUM 是公式", "'- 表示无"]
    exported = tmp_path / "资源表.csv"
    assert cli("export", exported, catch_exceptions=False).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert cli("import", exported, "--db", fresh, catch_exceptions=False).exit_code == 0
    again = tmp_path / "again.json"
    assert cli("export", again, "--db", fresh, catch_exceptions=False).exit_code == 0
    assert [r["备注"] for r in json.loads(again.read_text(encoding="utf-8"))["resources"]] == notes


def test_csv_to_stdout_neutralises_data_and_headers(cli, db: Path, tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("企业名称,=来源\n=1+1公司,@网站\n", encoding="utf-8")
    assert cli("import", path, catch_exceptions=False).exit_code == 0
    listed = cli("list", "-f", "csv", catch_exceptions=False).stdout
    assert "'=1+1公司" in listed and "\n=" not in listed
    pivot = cli("pivot", "--by", "=来源", "-f", "csv", catch_exceptions=False)
    assert pivot.exit_code == 0, pivot.output
    first = next(csv.reader(pivot.stdout.splitlines()))
    assert first[0] == "'=来源"
    assert "'@网站" in pivot.stdout


def test_pivot_workbook_labels_are_text(cli, db: Path, tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("企业名称,区域经理\n甲公司,=1+1\n乙公司,@王\n", encoding="utf-8")
    assert cli("import", path, catch_exceptions=False).exit_code == 0
    out = tmp_path / "p.xlsx"
    assert cli("pivot", "--by", "manager", "--out", out, catch_exceptions=False).exit_code == 0
    xml = _sheet_xml(out)
    assert not re.search(r"<f[ >]", xml)
    assert "=1+1" in xml


def test_a_cell_over_excels_limit_is_cut_in_xlsx_with_a_problem_noted(cli, db: Path, tmp_path: Path):
    import python_calamine as pc

    assert cli("import", bad.BAD / "long_cell.xlsx", catch_exceptions=False).exit_code == 0
    out = tmp_path / "资源表.xlsx"
    result = cli("export", out, "--lang", "en", catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "1 cell over Excel's 32,767 characters was cut" in result.stderr
    wb = pc.CalamineWorkbook.from_path(out)
    rows = wb.get_sheet_by_index(0).to_python()
    note = rows[0].index("备注")
    assert [len(r[note]) for r in rows[1:]] == [32_767, 3]
    assert rows[1][note].startswith(bad.LONG_NOTE[:100]) and rows[1][note].endswith("…")
    problems = wb.get_sheet_by_index(1).to_python()
    cut = [p for p in problems[1:] if p[0] == "cell-truncated"]
    assert [(p[2], p[3], int(p[4]), p[5]) for p in cut] == [("long_cell.xlsx", "客户联系表", 2, "备注")]

    # In Chinese (the default) the note is Chinese too, after its prefix.
    result = cli("export", tmp_path / "资源表2.xlsx", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.startswith(NOTE_PREFIX["zh"])
        and "1 个单元格超过 Excel 的 32,767 字上限" in result.stderr
    )
    assert "cells over" not in result.stderr

    # CSV has no limit: the whole text.
    csv_out = tmp_path / "资源表.csv"
    assert cli("export", csv_out, catch_exceptions=False).exit_code == 0
    with csv_out.open(encoding="utf-8-sig", newline="") as fh:
        assert bad.LONG_NOTE in {c for row in csv.reader(fh) for c in row}


# --- an output path equal to an input, or to the workspace, is refused -----------------

WRITERS = [
    ["export", "{out}"],
    ["problems", "--out", "{out}"],
    ["pivot", "--by", "tier", "--out", "{out}"],
    ["tiers", "--out", "{out}"],
    ["market", "--out", "{out}"],
    ["list", "--out", "{out}"],
    ["score", "--out", "{out}"],
]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
@pytest.mark.parametrize("target", ["good.xlsx", "in.csv", "./sub/../good.xlsx", "link.xlsx"])
def test_an_input_file_is_never_overwritten(cli, db: Path, tmp_path: Path, command, target):
    (tmp_path / "good.xlsx").write_bytes(bad.good_xlsx())
    (tmp_path / "in.csv").write_text("企业名称,联系人\n余姚新光电器厂,吴刚\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").hardlink_to(tmp_path / "good.xlsx")
    assert cli("import", tmp_path / "good.xlsx", tmp_path / "in.csv", catch_exceptions=False).exit_code == 0
    before = _digests(tmp_path)

    out = str(tmp_path / target)
    result = cli(*[a.format(out=out) for a in command], "--lang", "en", catch_exceptions=False)

    line = assert_one_error_line(result, 2, [], "en")
    assert "is an input file" in line or "a CSV file holds one table" in line  # market writes 4 tables
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("command", WRITERS[:3], ids=lambda c: c[0])
def test_an_input_file_is_refused_in_chinese_by_default(cli, db: Path, tmp_path: Path, command):
    good = tmp_path / "good.xlsx"
    good.write_bytes(bad.good_xlsx())
    assert cli("import", good, catch_exceptions=False).exit_code == 0
    before = _digests(tmp_path)

    result = cli(*[a.format(out=str(good)) for a in command], catch_exceptions=False)

    assert_one_error_line(result, 2, [str(good), "是输入文件，不能覆盖它", "请换一个输出文件名"])
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: c[0])
def test_the_workspace_is_never_an_output(cli, db: Path, tmp_path: Path, command):
    (tmp_path / "good.xlsx").write_bytes(bad.good_xlsx())
    assert cli("import", tmp_path / "good.xlsx", catch_exceptions=False).exit_code == 0
    before = _digests(tmp_path)

    result = cli(*[a.format(out=str(db)) for a in command], catch_exceptions=False)

    assert_one_error_line(result, 2, [])
    assert _digests(tmp_path) == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    cli, injected: Path, tmp_path: Path, monkeypatch
):
    from regiontool.io import zipstream

    out = tmp_path / "资源表.xlsx"
    out.write_bytes(b"the previous export")

    def fail(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipstream.ZipWriter, "close", fail)
    result = cli("export", out, catch_exceptions=False)

    assert_one_error_line(result, 1, [f"无法写入 {out}：系统报错：disk full（原有的文件未改动）"])
    result = cli("export", out, "--lang", "en", catch_exceptions=False)
    assert_one_error_line(result, 1, [f"cannot write {out}: the system says: disk full"], "en")
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "ws.db") == ["资源表.xlsx"]


@pytest.mark.parametrize("name", ["a/b", "[x]", "问题?"])
def test_a_sheet_name_excel_refuses_is_one_line(cli, db: Path, tmp_path: Path, name: str):
    (tmp_path / "good.xlsx").write_bytes(bad.good_xlsx())
    assert cli("import", tmp_path / "good.xlsx", catch_exceptions=False).exit_code == 0
    before = _digests(tmp_path)

    result = cli(
        "pivot", "--by", "tier", "--out", tmp_path / "p.xlsx", "--sheet", name, catch_exceptions=False
    )

    assert_one_error_line(result, 2, ["无法写入 p.xlsx", "Excel 不接受工作表名", name])
    result = cli(
        "pivot",
        "--by",
        "tier",
        "--out",
        tmp_path / "p.xlsx",
        "--sheet",
        name,
        "--lang",
        "en",
        catch_exceptions=False,
    )
    assert_one_error_line(result, 2, ["cannot write p.xlsx", name], "en")
    assert _digests(tmp_path) == before


# --- a file given to any reading command is an input too -------------------------------
# budget, target set --file, plan --calendar and done read files the user typed by hand (a
# filled-in plan too): no command's output overwrites them, as none overwrites an import's file.


def _contacts(cli, folder: Path) -> None:
    assert cli("import", write_xlsx(folder / "c.xlsx"), catch_exceptions=False).exit_code == 0


def _budget_file(cli, folder: Path) -> tuple[Path, list]:
    import xlsxwriter

    path = folder / "bud.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    sheet = wb.add_worksheet("费用预算")
    sheet.write_row(0, 0, ["项目", "1月", "2月"])
    sheet.write_row(1, 0, ["人员工资", 10000, 10000])
    wb.close()
    return path, ["budget", path, "--year", "2027"]


def _targets_file(cli, folder: Path) -> tuple[Path, list]:
    import xlsxwriter

    path = folder / "tg.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    sheet = wb.add_worksheet("目标")
    sheet.write_row(0, 0, ["期间", "目标"])
    sheet.write_row(1, 0, ["2028", 5000000])
    wb.close()
    return path, ["target", "set", "--file", path]


def _calendar_file(cli, folder: Path) -> tuple[Path, list]:
    path = folder / "cal.csv"
    path.write_text("2026-10-10,休\n", encoding="utf-8")
    return path, ["plan", "--today", "2026-10-01", "--calendar", path, "-f", "json"]


def _done_file(cli, folder: Path) -> tuple[Path, list]:
    import openpyxl

    path = folder / "p.xlsx"
    result = cli(
        "plan", "--today", "2026-10-01", "--manager", "王海波", "--out", path, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    wb[wb.sheetnames[1]]["I6"] = "完成：要报价"  # the manager's own words
    wb.save(path)
    return path, ["done", path]


READERS = {"budget": _budget_file, "target": _targets_file, "calendar": _calendar_file, "done": _done_file}
OUTPUTS = [
    ["pivot", "--by", "tier", "--out", "{out}"],
    ["plan", "--today", "2026-10-01", "--out", "{out}"],
    ["export", "{out}"],
    ["backup", "{out}"],
]


def _read_by(cli, folder: Path, reader: str) -> Path:
    _contacts(cli, folder)
    path, command = READERS[reader](cli, folder)
    result = cli(*command, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
@pytest.mark.parametrize("reader", READERS)
def test_a_file_any_command_read_is_never_overwritten(cli, db: Path, tmp_path: Path, reader, command):
    if command[0] == "backup" and is_url(str(db)):
        pytest.skip("a server workspace has no backup file")
    path = _read_by(cli, tmp_path, reader)
    before = _digests(tmp_path)

    result = cli(*[a.format(out=str(path)) for a in command], catch_exceptions=False)

    assert_one_error_line(result, 2, [path.name, "是输入文件，不能覆盖它", "请换一个输出文件名"])
    assert _digests(tmp_path) == before


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("form", ["./{name}", "sub/../{name}", "link"])
def test_a_read_file_is_refused_by_any_name(cli, db: Path, tmp_path: Path, monkeypatch, reader, form):
    path = _read_by(cli, tmp_path, reader)
    (tmp_path / "sub").mkdir()
    (tmp_path / f"link{path.suffix}").symlink_to(path)
    before = _digests(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = f"link{path.suffix}" if form == "link" else form.format(name=path.name)

    result = cli("pivot", "--by", "tier", "--out", out, "--lang", "en", catch_exceptions=False)

    assert_one_error_line(result, 2, ["is an input file"], "en")
    assert _digests(tmp_path) == before


# --- pivot --sheet: names Excel or regiontool cannot keep are refused before writing -----


def _pivot_sheet(cli, out: Path, name: str, *more: str):
    return cli("pivot", "--by", "tier", "--out", out, "--sheet", name, *more, catch_exceptions=False)


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
@pytest.mark.parametrize("name", ["_regiontool", "_RegionTool"])
def test_the_hidden_settings_sheets_name_is_refused(cli, db: Path, tmp_path: Path, name, existing):
    _contacts(cli, tmp_path)
    out = tmp_path / "p.xlsx"
    if existing:
        assert _pivot_sheet(cli, out, "Tier").exit_code == 0
    before = _digests(tmp_path)

    assert_one_error_line(
        _pivot_sheet(cli, out, name), 2, ["无法写入 p.xlsx", name, "留给 regiontool 自己用"]
    )
    line = assert_one_error_line(_pivot_sheet(cli, out, name, "--lang", "en"), 2, [name], "en")
    assert "regiontool's own" in line
    assert _digests(tmp_path) == before


def test_a_sheet_name_over_excels_31_characters_is_refused(cli, db: Path, tmp_path: Path):
    _contacts(cli, tmp_path)
    out = tmp_path / "p.xlsx"
    long = "这是一个非常非常长的工作表名称超过三十一个字符的限制了吧对吧是的"  # 32
    before = _digests(tmp_path)

    assert_one_error_line(_pivot_sheet(cli, out, long), 2, [long, "有 32 个字符", "最多允许 31 个"])
    assert _digests(tmp_path) == before
    assert _pivot_sheet(cli, out, long[:31]).exit_code == 0  # 31 is written as asked
    assert _sheet_names(out) == [long[:31], "_regiontool"]


def test_a_sheet_name_differing_only_in_case_replaces_that_sheet(cli, db: Path, tmp_path: Path):
    _contacts(cli, tmp_path)
    out = tmp_path / "p.xlsx"
    assert _pivot_sheet(cli, out, "Tier").exit_code == 0

    result = cli("pivot", "--by", "town", "--out", out, "--sheet", "tier", catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert _sheet_names(out) == ["tier", "_regiontool"]  # Excel's names ignore case: replaced


def test_a_sheet_into_a_folder_says_it_is_a_folder(cli, db: Path, tmp_path: Path):
    _contacts(cli, tmp_path)
    (tmp_path / "d.xlsx").mkdir()

    assert_one_error_line(_pivot_sheet(cli, tmp_path / "d.xlsx", "x"), 2, ["d.xlsx 是文件夹"])


def _sheet_names(path: Path) -> list[str]:
    import openpyxl

    return openpyxl.load_workbook(path).sheetnames


@pytest.mark.parametrize(
    "writer, command",
    [
        ("_write_form_sheet", ["plan", "--today", "2026-10-01", "--out", "{out}"]),
        ("_write_pivot_sheet", ["report", "--out", "{out}"]),
        ("_write_pivot_sheet", ["tiers", "--out", "{out}"]),
    ],
    ids=["plan", "report", "tiers"],
)
def test_an_xlsxwriter_refusal_is_one_line_from_any_writer(
    cli, db: Path, tmp_path: Path, monkeypatch, writer, command
):
    import xlsxwriter

    from regiontool.io import write

    _contacts(cli, tmp_path)
    before = _digests(tmp_path)

    def refuse(*args, **kwargs):
        raise xlsxwriter.exceptions.DuplicateWorksheetName(
            "Sheetname 'x', with case ignored, is already in use."
        )

    monkeypatch.setattr(write, writer, refuse)
    result = cli(*[a.format(out=tmp_path / "o.xlsx") for a in command], catch_exceptions=False)

    assert_one_error_line(result, 2, ["无法写入 o.xlsx", "already in use"])
    assert _digests(tmp_path) == before
