"""`regiontool import` on bad input: one short error line, exit 1 (data) or 2 (usage), no traceback,
and the workspace is neither created nor touched.

Every case runs twice: against no workspace (it must not appear) and against a workspace
filled by a good import first (its files must stay byte-for-byte the same).
"""

from __future__ import annotations

import hashlib
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import dump, write_xlsx
from regiontool.store.db import is_url
from regiontool.vocab import ERROR_PREFIX

# A case builds its input in a folder and returns (command-line arguments after `import`,
# expected exit code, texts the error line must contain).
Case = Callable[[Path], tuple[list, int, list[str]]]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _good(tmp: Path) -> Path:
    return write_xlsx(tmp / "good.xlsx")


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return make


def missing_file(tmp: Path):
    return [tmp / "nosuch.xlsx"], 1, ["nosuch.xlsx", "no such file"]


def a_folder(tmp: Path):
    (tmp / "folder.xlsx").mkdir()
    return [tmp / "folder.xlsx"], 1, ["folder"]


def unsupported_extension(tmp: Path):
    path = _bytes("合同.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")(tmp)
    return [path], 2, ["合同.pdf", ".pdf", ".xlsx"]


def zero_bytes(tmp: Path):
    return [_bytes("空.xlsx", b"")(tmp)], 1, ["空.xlsx", "empty"]


def whitespace_only(tmp: Path):
    return [_bytes("空白.csv", b" \r\n\t\n  \n")(tmp)], 1, ["空白.csv", "empty"]


def encrypted_xlsx(tmp: Path):
    # An encrypted OOXML file is an OLE compound file holding an EncryptedPackage stream.
    data = OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1536
    return [_bytes("加密.xlsx", data)(tmp)], 1, ["加密.xlsx", "encrypted", "without a password"]


def truncated_xlsx(tmp: Path):
    data = _good(tmp).read_bytes()
    return [_bytes("半截.xlsx", data[: len(data) // 2])(tmp)], 1, ["半截.xlsx"]


def random_bytes_xlsx(tmp: Path):
    data = random.Random(20260301).randbytes(8192)
    return [_bytes("乱码.xlsx", data)(tmp)], 1, ["乱码.xlsx"]


def zip_but_not_a_workbook(tmp: Path):
    path = tmp / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    return [path], 1, ["压缩包.xlsx", "zip"]


def inflates_beyond_max_size(tmp: Path):
    path = tmp / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    return [path, "--max-size", "1"], 1, ["炸弹.xlsx", "--max-size"]


def empty_workbook(tmp: Path):
    import xlsxwriter

    path = tmp / "空表.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sheet1")
    wb.close()
    return [path], 1, ["空表.xlsx", "Sheet1", "empty"]


def headers_only(tmp: Path):
    path = write_xlsx(tmp / "只有表头.xlsx", rows=[], title=None, notes_sheet=False)
    return [path], 1, ["只有表头.xlsx", "no data rows"]


def title_only(tmp: Path):
    import xlsxwriter

    path = tmp / "只有标题.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("客户").write_string(0, 0, "2026年客户联系表")
    wb.close()
    return [path], 1, ["只有标题.xlsx", "no company-name column", "--map"]


def no_company_column(tmp: Path):
    path = tmp / "订单.csv"
    path.write_text("订单号,金额,日期\nA001,1200,2026-03-01\nA002,800,2026-03-02\n", encoding="utf-8")
    return ([path], 1, ["订单.csv", "no company-name column", "订单号、金额、日期", "--map '订单号=company'"])


def header_row_999(tmp: Path):
    return [_good(tmp), "--header-row", "999"], 2, ["--header-row 999", "outside the sheet"]


def header_row_0(tmp: Path):
    return [_good(tmp), "--header-row", "0"], 2, ["--header-row 0", "outside the sheet"]


def unknown_sheet(tmp: Path):
    return [_good(tmp), "--sheet", "nosuch"], 2, ["no sheet 'nosuch'", "1:填表说明, 2:客户联系表"]


def unknown_encoding_csv(tmp: Path):
    path = tmp / "联系表.csv"
    path.write_text("企业名称,联系人\n宁波宏达五金厂,赵敏\n", encoding="utf-8")
    return [path, "--encoding", "nosuch"], 2, ["unknown encoding 'nosuch'"]


def wrong_encoding(tmp: Path):
    path = tmp / "联系表.csv"
    path.write_bytes("企业名称,联系人\n宁波宏达五金厂,赵敏\n".encode("gb18030"))
    return [path, "--encoding", "utf-8"], 1, ["联系表.csv", "not valid utf-8 text", "--encoding"]


def map_without_equals(tmp: Path):
    return [_good(tmp), "--map", "单位"], 2, ["--map '单位'", "HEADER=FIELD", "单位=company"]


def map_header_not_in_sheet(tmp: Path):
    return [_good(tmp), "--map", "单位=company"], 2, ["--map names headers not in the sheet: 单位"]


def map_unknown_field(tmp: Path):
    return [_good(tmp), "--map", "企業名稱=boss"], 2, ["unknown field 'boss'"]


def second_file_bad(tmp: Path):
    # A good file followed by a bad one: nothing of the good one may be written either.
    good = write_xlsx(
        tmp / "good2.xlsx", rows=[[1, "余姚新光电器厂", "", "吴刚", "13900000009"] + [None] * 4]
    )
    return [good, tmp / "nosuch.csv"], 1, ["nosuch.csv", "no such file"]


CASES: list[Case] = [
    missing_file,
    a_folder,
    unsupported_extension,
    zero_bytes,
    whitespace_only,
    encrypted_xlsx,
    truncated_xlsx,
    random_bytes_xlsx,
    zip_but_not_a_workbook,
    inflates_beyond_max_size,
    empty_workbook,
    headers_only,
    title_only,
    no_company_column,
    header_row_999,
    header_row_0,
    unknown_sheet,
    unknown_encoding_csv,
    wrong_encoding,
    map_without_equals,
    map_header_not_in_sheet,
    map_unknown_field,
    second_file_bad,
]


def workspace_files(db: Path | str) -> dict[str, str]:
    """sha256 of the workspace file and any journal/WAL files beside it; on a server, of every
    table's rows (ordered), so "nothing changed" means the same thing on both databases."""
    if is_url(str(db)):
        return {t: hashlib.sha256(repr(rows).encode()).hexdigest() for t, rows in dump(db).items()}
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(db.parent.iterdir())
        if p.name.startswith(db.name)
    }


def assert_one_error_line(result, exit_code: int, needles: list[str]) -> str:
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(ERROR_PREFIX["zh"])  # Chinese by default
    assert len(line) <= 300, line
    for needle in needles:
        assert needle in line
    return line


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_without_workspace(case: Case, cli, db: Path, tmp_path: Path):
    args, exit_code, needles = case(tmp_path)
    assert workspace_files(db) == {}

    result = cli("import", *args, catch_exceptions=False)

    assert_one_error_line(result, exit_code, needles)
    assert workspace_files(db) == {}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_leaves_existing_workspace_unchanged(case: Case, cli, db: Path, tmp_path: Path):
    first = tmp_path / "first"
    first.mkdir()
    ok = cli("import", _good(first), catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    before = workspace_files(db)
    assert before

    args, exit_code, needles = case(tmp_path)
    result = cli("import", *args, catch_exceptions=False)

    assert_one_error_line(result, exit_code, needles)
    assert workspace_files(db) == before


def test_dry_run_of_a_good_file_creates_no_workspace(cli, db: Path, tmp_path: Path):
    # The control for the cases above: a good file does create it, a dry run does not.
    result = cli("import", _good(tmp_path), "--dry-run", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert workspace_files(db) == {}

    result = cli("import", _good(tmp_path), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert workspace_files(db)


def test_unknown_encoding_is_refused_for_a_workbook_too(cli, db: Path, tmp_path: Path):
    result = cli("import", _good(tmp_path), "--encoding", "nosuch", catch_exceptions=False)
    assert_one_error_line(result, 2, ["unknown encoding 'nosuch'"])
    assert workspace_files(db) == {}


def test_random_bytes_named_xlsx_say_the_workbook_is_damaged(cli, tmp_path: Path):
    args, _, _ = random_bytes_xlsx(tmp_path)
    line = assert_one_error_line(cli("import", *args, catch_exceptions=False), 1, [])
    assert "not a valid .xlsx workbook" in line
    assert "--encoding" not in line


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_ascii_garbage_named_as_a_workbook_is_damaged_not_text(cli, tmp_path: Path, suffix: str):
    path = tmp_path / f"g{suffix}"
    path.write_bytes(b"\x00\x01garbage" * 100)  # decodes as text, but no export holds NULs
    line = assert_one_error_line(cli("import", path, catch_exceptions=False), 1, [])
    assert f"not a valid {suffix} workbook" in line and len(line) < 200


@pytest.mark.parametrize(
    "args, says",
    [
        (["receivables", "--terms", "abc"], "Invalid value for '--terms'"),
        (["pivot", "--bogus"], "No such option: --bogus"),
        (["import"], "Missing argument"),
        (["nosuchcommand"], "No such command"),
    ],
)
def test_a_bad_option_is_one_line_with_exit_2(cli, db: Path, args: list[str], says: str):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.output
    assert "--help" in lines[0]  # where to look next


def test_bare_regiontool_still_shows_the_help(cli):
    result = cli()
    assert "Usage" in result.output and "import" in result.output


def test_an_error_is_the_first_line_of_the_output(cli, tmp_path: Path):
    result = cli("import", tmp_path / "missing.xlsx")  # the progress bar ran before it failed
    assert result.exit_code == 1 and result.output.startswith(ERROR_PREFIX["zh"]), repr(result.output)


def test_the_error_line_is_in_the_language_of_the_command(cli, tmp_path: Path):
    zh = cli("import", tmp_path / "missing.xlsx")
    en = cli("import", tmp_path / "missing.xlsx", "--lang", "en")
    assert zh.exit_code == en.exit_code == 1
    assert zh.stderr.startswith(ERROR_PREFIX["zh"]) and "missing.xlsx" in zh.stderr
    assert en.stderr.startswith(ERROR_PREFIX["en"]) and "missing.xlsx" in en.stderr
    assert ERROR_PREFIX["zh"] != ERROR_PREFIX["en"]
