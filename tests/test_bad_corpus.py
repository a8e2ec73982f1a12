"""The corpus of hostile and broken inputs (tests/data/bad/, written by make_bad_inputs.py)
through `regiontool import`.

A refused file: one error line (`错误：…`, `error: …` with --lang en) naming what is wrong, exit 1 or 2, no traceback, no
file left behind, and the workspace byte-for-byte unchanged. A readable file (a .xlsx
that is really .xls, CSV or HTML; NUL bytes; mixed line endings …): imported, with what
it holds checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import make_bad_inputs as bad
import pytest
from test_cli_bad_input import assert_one_error_line, workspace_files

from conftest import connect

CORPUS = bad.BAD

# file → (exit code, texts the error line must contain with --lang en)
REFUSED: dict[str, tuple[int, list[str]]] = {
    "zero_bytes.xlsx": (1, ["zero_bytes.xlsx", "empty"]),
    "empty_workbook.xlsx": (1, ["empty_workbook.xlsx", "is empty", "--sheet"]),
    "headers_only.xlsx": (1, ["headers_only.xlsx", "no data rows"]),
    "title_rows_only.xlsx": (1, ["title_rows_only.xlsx", "no company-name column", "--map"]),
    "encrypted.xlsx": (1, ["encrypted.xlsx", "the file is encrypted", "save it without a password"]),
    "truncated.xlsx": (1, ["truncated.xlsx", "corrupt or truncated"]),
    "corrupt_zip.xlsx": (1, ["corrupt_zip.xlsx", "corrupt", "xl/worksheets/sheet1.xml"]),
    "lying_sizes.xlsx": (1, ["lying_sizes.xlsx", "corrupt", "CRC"]),
    "billion_laughs.xlsx": (1, ["billion_laughs.xlsx", "xl/sharedStrings.xml", "entities", "unsafe"]),
    "xxe.xlsx": (1, ["xxe.xlsx", "entities", "unsafe"]),
    "stray_far_cell.xlsx": (1, ["1,048,576 rows × 16,384 columns", "limit", "--max-size"]),
    "csv_unbalanced_quote.csv": (1, ["csv_unbalanced_quote.csv", "quote", "line 3", "not closed"]),
    "csv_shift_jis.csv": (1, ["csv_shift_jis.csv", "garbled", "--encoding"]),
    "csv_mojibake.csv": (1, ["csv_mojibake.csv", "garbled", "浼佷笟"]),
}
# file → texts the Chinese error line (the default) must contain
REFUSED_ZH: dict[str, list[str]] = {
    "zero_bytes.xlsx": ["zero_bytes.xlsx", "文件是空的"],
    "empty_workbook.xlsx": ["empty_workbook.xlsx", "是空的", "--sheet"],
    "headers_only.xlsx": ["headers_only.xlsx", "没有数据行"],
    "title_rows_only.xlsx": ["title_rows_only.xlsx", "找不到企业名称列", "--map"],
    "encrypted.xlsx": ["encrypted.xlsx", "密码保护", "取消密码"],
    "truncated.xlsx": ["truncated.xlsx", "损坏或不完整"],
    "corrupt_zip.xlsx": ["corrupt_zip.xlsx", "损坏", "xl/worksheets/sheet1.xml"],
    "lying_sizes.xlsx": ["lying_sizes.xlsx", "损坏", "校验值不符"],
    "billion_laughs.xlsx": ["billion_laughs.xlsx", "xl/sharedStrings.xml", "XML 实体", "安全"],
    "xxe.xlsx": ["xxe.xlsx", "XML 实体", "安全"],
    "stray_far_cell.xlsx": ["1,048,576 行 × 16,384 列", "上限", "--max-size"],
    "csv_unbalanced_quote.csv": ["csv_unbalanced_quote.csv", "引号", "第 3 行", "没有闭合"],
    "csv_shift_jis.csv": ["csv_shift_jis.csv", "乱码", "--encoding"],
    "csv_mojibake.csv": ["csv_mojibake.csv", "乱码", "浼佷笟"],
}
READ = [
    "xls_named_xlsx.xlsx",
    "csv_named_xlsx.xlsx",
    "html_named_xls.xls",
    "million_columns_declared.xlsx",
    "million_empty_rows.ods",
    "csv_nul_bytes.csv",
    "csv_mixed_line_endings.csv",
    "csv_big5.csv",
    "odd_headers.xlsx",
    "long_cell.xlsx",
    "formulas_and_errors.xlsx",
    "formula_injection.csv",
]


def test_the_corpus_is_complete():
    # Every case of the script is committed and named in this test, and nothing else is there.
    assert set(bad.CASES) == {p.name for p in CORPUS.iterdir()}
    assert set(bad.CASES) == set(REFUSED) | set(READ)
    assert set(REFUSED_ZH) == set(REFUSED)


def _filled_workspace(cli, tmp_path: Path, db) -> dict[str, str]:
    good = tmp_path / "good.xlsx"
    good.write_bytes(bad.good_xlsx())
    assert cli("import", good, catch_exceptions=False).exit_code == 0
    return workspace_files(db)


def _listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_one_line_and_nothing_changed(name: str, cli, db: Path, tmp_path: Path):
    exit_code, needles = REFUSED[name]
    before = _filled_workspace(cli, tmp_path, db)
    files = _listing(tmp_path)

    result = cli("import", CORPUS / name, "--lang", "en", catch_exceptions=False)

    assert_one_error_line(result, exit_code, needles, "en")
    assert workspace_files(db) == before
    assert _listing(tmp_path) == files


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_without_creating_a_workspace(name: str, cli, db: Path):
    result = cli("import", CORPUS / name, catch_exceptions=False)
    assert_one_error_line(result, REFUSED[name][0], REFUSED_ZH[name])
    assert workspace_files(db) == {}


def _import_json(cli, path: Path) -> dict:
    result = cli("import", path, "--json", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    out = json.loads(result.stdout)
    assert out["rows_read"] == out["companies"] + out["merged"] + out["rejected"]
    return out


def _rows(db: Path, sql: str) -> list[tuple]:
    with connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.parametrize(
    "name",
    ["xls_named_xlsx.xlsx", "csv_named_xlsx.xlsx", "html_named_xls.xls", "million_columns_declared.xlsx"],
)
def test_whatever_the_extension_the_file_is_read_as_what_it_is(name: str, cli, db: Path):
    out = _import_json(cli, CORPUS / name)
    assert out["companies"] == 3
    names = {r[0] for r in _rows(db, "SELECT name FROM companies")}
    assert names == {r[0] for r in bad.ROWS}


def test_a_million_repeated_empty_rows_are_counted_as_blank(cli, db: Path):
    out = _import_json(cli, CORPUS / "million_empty_rows.ods")
    assert (out["rows_read"], out["companies"], out["blank_rows"]) == (4, 4, 1_000_000)
    assert _rows(db, "SELECT source_row FROM contacts ORDER BY source_row")[-1] == (1_000_005,)


def test_nul_bytes_are_dropped(cli, db: Path):
    _import_json(cli, CORPUS / "csv_nul_bytes.csv")
    assert sorted(r[0] for r in _rows(db, "SELECT name FROM contacts")) == sorted(["张伟", "赵敏", "周杰"])


def test_mixed_line_endings_split_rows_as_written(cli, db: Path):
    out = _import_json(cli, CORPUS / "csv_mixed_line_endings.csv")
    assert (out["rows_read"], out["companies"]) == (3, 3)


def test_big5_text_is_read_as_big5(cli, db: Path):
    out = _import_json(cli, CORPUS / "csv_big5.csv")
    assert out["companies"] == 2
    assert {r[0] for r in _rows(db, "SELECT name FROM companies")} == {
        "寧波宏達五金廠",
        "慈溪市華峰電器有限公司",
    }
    assert {r[0] for r in _rows(db, "SELECT town FROM companies")} == {"周巷镇", "长河镇"}


def test_duplicate_blank_number_and_date_headers(cli, db: Path):
    _import_json(cli, CORPUS / "odd_headers.xlsx")
    (headers,) = _rows(db, "SELECT headers FROM imports")[0]
    assert json.loads(headers) == ["企业名称", "电话", "电话 (2)", "列D", "2026", "地址", "2026-03-01"]
    codes = sorted(r[0] for r in _rows(db, "SELECT code FROM problems WHERE code LIKE '%header'"))
    assert codes == ["blank-header", "duplicate-header"]
    # Both phone columns are read into the contact.
    phones = {r[0] for r in _rows(db, "SELECT phone FROM contacts")}
    assert "13812345678; 0574-63012345" in phones


def test_formulas_give_their_cached_values_and_error_cells_read_as_blank(cli, db: Path):
    out = _import_json(cli, CORPUS / "formulas_and_errors.xlsx")
    assert (out["rows_read"], out["companies"], out["rejected"]) == (3, 2, 1)
    assert _rows(db, "SELECT employees FROM companies WHERE name = '宁波宏达五金厂'") == [("120",)]
    # The #N/A company name: the row is rejected and listed, not imported as "#N/A".
    rejected = _rows(db, "SELECT row, value FROM problems WHERE code = 'no-company'")
    assert rejected == [(3, "新浦镇 | 孙丽 | 13600000002 | C | 30")]
    # #DIV/0! in 员工人数 is a blank, not a number.
    assert _rows(db, "SELECT employees FROM companies WHERE name = '慈溪市华峰电器有限公司'") == [(None,)]


def test_a_zip_bomb_is_refused_before_inflating(cli, db: Path, tmp_path: Path):
    bomb = bad.zip_bomb(tmp_path / "炸弹.xlsx")
    assert bomb.stat().st_size < 5 * 1024 * 1024
    result = cli("import", bomb, catch_exceptions=False)
    assert_one_error_line(result, 1, ["炸弹.xlsx", "3,072 MB", "超过 2,048 MB 的上限", "--max-size"])
    result = cli("import", bomb, "--lang", "en", catch_exceptions=False)
    assert_one_error_line(result, 1, ["炸弹.xlsx", "3,072 MB", "2,048 MB limit", "--max-size"], "en")
    assert workspace_files(db) == {}


def test_a_million_styled_empty_rows_are_skipped(cli, db: Path, tmp_path: Path):
    path = bad.million_empty_rows_xlsx(tmp_path / "formatted.xlsx")
    out = _import_json(cli, path)
    assert (out["rows_read"], out["companies"], out["blank_rows"]) == (3, 3, 0)


def test_markup_like_text_is_shown_as_text(cli, db: Path, tmp_path: Path):
    # Names and headers such as "[/]" must not be taken for console markup (rich raised).
    path = tmp_path / "方括号.csv"
    path.write_text(
        "企业名称,联系人,区域经理,[bold]备注\n[/]宁波公司,[red]张三,[/]王,[/x]\n", encoding="utf-8"
    )
    assert cli("import", path, catch_exceptions=False).exit_code == 0
    for args in (["list"], ["explain", "宁波公司"], ["pivot", "--by", "manager"], ["problems"]):
        result = cli(*args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    assert "[/]宁波公司" in cli("list", catch_exceptions=False).stdout
    bad_csv = tmp_path / "无名.csv"
    bad_csv.write_text("[/]x,[bold]y\n1,2\n", encoding="utf-8")
    line = assert_one_error_line(cli("import", bad_csv, catch_exceptions=False), 1, [])
    assert "[/]x、[bold]y" in line
