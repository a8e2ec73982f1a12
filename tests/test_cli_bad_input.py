"""`regiontool import` on bad input: one short error line, exit 1 (data) or 2 (usage), no traceback,
and the workspace is neither created nor touched.

Every case runs twice: against no workspace (it must not appear) and against a workspace
filled by a good import first (its files must stay byte-for-byte the same).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import pytest
import typer

from conftest import HEADERS, dump, write_xlsx
from regiontool.store.db import is_url
from regiontool.vocab import ERROR_PREFIX, PROBLEMS

# A case builds its input in a folder and returns (command-line arguments after `import`,
# expected exit code, texts the English error line must contain, texts the Chinese one must).
Case = Callable[[Path], tuple[list, int, list[str], list[str]]]

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
    return [tmp / "nosuch.xlsx"], 1, ["nosuch.xlsx", "no such file"], ["nosuch.xlsx", "找不到文件"]


def a_folder(tmp: Path):
    (tmp / "folder.xlsx").mkdir()
    return [tmp / "folder.xlsx"], 1, ["folder"], ["folder.xlsx", "是文件夹"]


def unsupported_extension(tmp: Path):
    path = _bytes("合同.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")(tmp)
    return [path], 2, ["合同.pdf", ".pdf", ".xlsx"], ["合同.pdf", "不支持的文件类型“.pdf”", ".xlsx"]


def zero_bytes(tmp: Path):
    return [_bytes("空.xlsx", b"")(tmp)], 1, ["空.xlsx", "empty"], ["空.xlsx", "文件是空的"]


def whitespace_only(tmp: Path):
    return [_bytes("空白.csv", b" \r\n\t\n  \n")(tmp)], 1, ["空白.csv", "empty"], ["空白.csv", "文件是空的"]


def encrypted_xlsx(tmp: Path):
    # An encrypted OOXML file is an OLE compound file holding an EncryptedPackage stream.
    data = OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1536
    en = ["加密.xlsx", "encrypted", "without a password"]
    return [_bytes("加密.xlsx", data)(tmp)], 1, en, ["加密.xlsx", "密码保护", "取消密码"]


def truncated_xlsx(tmp: Path):
    data = _good(tmp).read_bytes()
    return [_bytes("半截.xlsx", data[: len(data) // 2])(tmp)], 1, ["半截.xlsx"], ["半截.xlsx", "损坏"]


def random_bytes_xlsx(tmp: Path):
    data = random.Random(20260301).randbytes(8192)
    return [_bytes("乱码.xlsx", data)(tmp)], 1, ["乱码.xlsx"], ["乱码.xlsx", "损坏"]


def zip_but_not_a_workbook(tmp: Path):
    path = tmp / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")
    return [path], 1, ["压缩包.xlsx", "zip"], ["压缩包.xlsx", "zip 压缩包", "不是 Excel"]


def inflates_beyond_max_size(tmp: Path):
    path = tmp / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    return [path, "--max-size", "1"], 1, ["炸弹.xlsx", "--max-size"], ["炸弹.xlsx", "上限", "--max-size"]


def empty_workbook(tmp: Path):
    import xlsxwriter

    path = tmp / "空表.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Sheet1")
    wb.close()
    return [path], 1, ["空表.xlsx", "Sheet1", "empty"], ["空表.xlsx", "工作表“Sheet1”是空的", "--sheet"]


def headers_only(tmp: Path):
    path = write_xlsx(tmp / "只有表头.xlsx", rows=[], title=None, notes_sheet=False)
    return [path], 1, ["只有表头.xlsx", "no data rows"], ["只有表头.xlsx", "没有数据行"]


def title_only(tmp: Path):
    import xlsxwriter

    path = tmp / "只有标题.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("客户").write_string(0, 0, "2026年客户联系表")
    wb.close()
    return (
        [path],
        1,
        ["只有标题.xlsx", "no company-name column", "--map"],
        ["只有标题.xlsx", "找不到企业名称列", "--map"],
    )


def no_company_column(tmp: Path):
    path = tmp / "订单.csv"
    path.write_text("订单号,金额,日期\nA001,1200,2026-03-01\nA002,800,2026-03-02\n", encoding="utf-8")
    en = ["订单.csv", "no company-name column", "订单号, 金额, 日期", "--map '订单号=company'"]
    return [path], 1, en, ["订单.csv", "找不到企业名称列", "订单号、金额、日期", "--map '订单号=company'"]


def header_row_999(tmp: Path):
    return (
        [_good(tmp), "--header-row", "999"],
        2,
        ["--header-row 999", "outside the sheet"],
        ["--header-row 999", "超出"],
    )


def header_row_0(tmp: Path):
    return (
        [_good(tmp), "--header-row", "0"],
        2,
        ["--header-row 0", "outside the sheet"],
        ["--header-row 0", "超出"],
    )


def unknown_sheet(tmp: Path):
    en = ["no sheet 'nosuch'", "1:填表说明, 2:客户联系表"]
    return [_good(tmp), "--sheet", "nosuch"], 2, en, ["没有工作表“nosuch”", "1:填表说明、2:客户联系表"]


def unknown_encoding_csv(tmp: Path):
    path = tmp / "联系表.csv"
    path.write_text("企业名称,联系人\n宁波宏达五金厂,赵敏\n", encoding="utf-8")
    return [path, "--encoding", "nosuch"], 2, ["unknown encoding 'nosuch'"], ["不认识的编码“nosuch”"]


def wrong_encoding(tmp: Path):
    path = tmp / "联系表.csv"
    path.write_bytes("企业名称,联系人\n宁波宏达五金厂,赵敏\n".encode("gb18030"))
    en = ["联系表.csv", "not valid utf-8 text", "--encoding"]
    return [path, "--encoding", "utf-8"], 1, en, ["联系表.csv", "不是有效的 utf-8 文本", "--encoding"]


def map_without_equals(tmp: Path):
    en = ["--map '单位'", "HEADER=FIELD", "单位=company"]
    return [_good(tmp), "--map", "单位"], 2, en, ["--map “单位”", "表头=字段", "--map 单位=company"]


def map_header_not_in_sheet(tmp: Path):
    en = ["--map names headers not in the sheet: 单位"]
    return [_good(tmp), "--map", "单位=company"], 2, en, ["--map 里的表头在工作表中不存在：单位", "企業名稱"]


def map_unknown_field(tmp: Path):
    return [_good(tmp), "--map", "企業名稱=boss"], 2, ["unknown field 'boss'"], ["没有“boss”这个字段"]


def second_file_bad(tmp: Path):
    # A good file followed by a bad one: nothing of the good one may be written either.
    good = write_xlsx(
        tmp / "good2.xlsx", rows=[[1, "余姚新光电器厂", "", "吴刚", "13900000009"] + [None] * 4]
    )
    return [good, tmp / "nosuch.csv"], 1, ["nosuch.csv", "no such file"], ["nosuch.csv", "找不到文件"]


def unknown_kind(tmp: Path):
    return (
        [_good(tmp), "--kind", "客户"],
        2,
        ["unknown --kind '客户'", "contacts"],
        ["--kind “客户”", "contacts"],
    )


def orders_named_contacts(tmp: Path):
    path = tmp / "订单表.csv"
    path.write_text("客户名称,订单日期,金额\n宁波宏达五金厂,2026-03-01,1200\n", encoding="utf-8")
    en = ["订单表.csv", "looks like an orders table", "客户名称, 订单日期, 金额", "--kind orders"]
    return [path, "--kind", "contacts"], 1, en, ["订单表.csv", "看起来是订单表", "--kind orders"]


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
    unknown_kind,
    orders_named_contacts,
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


def assert_one_error_line(
    result, exit_code: int, needles: list[str], lang: str = "zh", longest: int = 300
) -> str:
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(ERROR_PREFIX[lang])  # Chinese by default
    assert len(line) <= longest, line
    for needle in needles:
        assert needle in line
    return line


# What the test data itself holds in Chinese: an English line may quote it, nothing else.
DATA_WORDS = [*HEADERS, "2026年客户联系表", "填表说明", "客户联系表", "客户", "、"]


def assert_in_language(line: str, lang: str, data: list) -> None:
    """The zh line says what is wrong in Chinese (no English sentence outside the brackets that
    quote a library's own words); the en line holds no Chinese but the data's (files, headers):
    `data` is the command's arguments and the English line's needles, which quote the data."""
    text = line.removeprefix(ERROR_PREFIX[lang])
    paths = [p for p in data if isinstance(p, Path)]
    data = [str(a) for a in data] + [p.name for p in paths] + [p.stem for p in paths]
    for word in sorted(data + DATA_WORDS, key=len, reverse=True):
        text = text.replace(word, " ")
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", text), line
        bare = re.sub(r"（[^（）]*）", "", text)
        assert not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}", bare), line
    else:
        assert not re.search(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u301f“”]", text), line


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_without_workspace(case: Case, cli, db: Path, tmp_path: Path):
    args, exit_code, en, needles = case(tmp_path)
    assert workspace_files(db) == {}

    result = cli("import", *args, catch_exceptions=False)  # in Chinese, the default

    line = assert_one_error_line(result, exit_code, needles)
    assert_in_language(line, "zh", [*args, *en])
    assert workspace_files(db) == {}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_bad_input_leaves_existing_workspace_unchanged(case: Case, cli, db: Path, tmp_path: Path):
    first = tmp_path / "first"
    first.mkdir()
    ok = cli("import", _good(first), catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    before = workspace_files(db)
    assert before

    args, exit_code, needles, _ = case(tmp_path)
    result = cli("import", *args, "--lang", "en", catch_exceptions=False)

    line = assert_one_error_line(result, exit_code, needles, "en")
    assert_in_language(line, "en", [*args, *needles])
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
    assert_one_error_line(result, 2, ["不认识的编码“nosuch”", "utf-8、gb18030 或 utf-16"])
    result = cli("import", _good(tmp_path), "--encoding", "nosuch", "--lang", "en", catch_exceptions=False)
    assert_one_error_line(result, 2, ["unknown encoding 'nosuch'"], "en")
    assert workspace_files(db) == {}


def test_random_bytes_named_xlsx_say_the_workbook_is_damaged(cli, tmp_path: Path):
    args, _, _, _ = random_bytes_xlsx(tmp_path)
    line = assert_one_error_line(cli("import", *args, catch_exceptions=False), 1, [])
    assert "不是有效的 .xlsx 工作簿" in line
    assert "--encoding" not in line
    line = assert_one_error_line(cli("import", *args, "--lang", "en", catch_exceptions=False), 1, [], "en")
    assert "not a valid .xlsx workbook" in line


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_ascii_garbage_named_as_a_workbook_is_damaged_not_text(cli, tmp_path: Path, suffix: str):
    path = tmp_path / f"g{suffix}"
    path.write_bytes(b"\x00\x01garbage" * 100)  # decodes as text, but no export holds NULs
    line = assert_one_error_line(cli("import", path, catch_exceptions=False), 1, [])
    assert f"不是有效的 {suffix} 工作簿" in line and len(line) < 200
    line = assert_one_error_line(cli("import", path, "--lang", "en", catch_exceptions=False), 1, [], "en")
    assert f"not a valid {suffix} workbook" in line and len(line) < 200


@pytest.mark.parametrize(
    "args, says, says_zh",
    [
        (["receivables", "--terms", "abc"], "Invalid value for '--terms'", "'--terms' 的值无效"),
        (["pivot", "--bogus"], "No such option: --bogus", "没有选项 --bogus"),
        (["pivot", "--formt", "csv"], "No such option: --formt", "没有选项 --formt（相近的有：--format"),
        (["import"], "Missing argument", "缺少参数 'files'"),
        (["nosuchcommand"], "No such command", "没有命令“nosuchcommand”"),
        (["pivt"], "Did you mean 'pivot'", "没有命令“pivt”（相近的有：pivot）"),
        (["pivot", "--by"], "requires an argument", "选项 --by 后面要写一个值"),
        (["pivot", "--by", "town", "extra"], "unexpected extra argument", "多余的参数：extra"),
        (["list", "--limit", "abc"], "valid integer", "'--limit' 的值无效（“abc”不是整数）"),
        (["market", "--min-share", "x"], "valid number", "'--min-share' 的值无效（“x”不是数字）"),
        (["import", "--dry-run=3", "x.xlsx"], "does not take a value", "选项 --dry-run 后面不能写值"),
    ],
)
def test_a_bad_option_is_one_line_with_exit_2(cli, db: Path, args: list[str], says: str, says_zh: str):
    for lang, prefix, needle in (("en", "error: ", says), ("zh", ERROR_PREFIX["zh"], says_zh)):
        result = cli(*args[:1], *(["--lang", "en"] if lang == "en" else []), *args[1:])
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(prefix) and needle in lines[0], result.output
        assert "--help" in lines[0]  # where to look next
        if lang == "zh":  # click's English words stay out of the Chinese line
            assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", lines[0].split("——")[0]), lines[0]


def test_a_refused_command_line_speaks_its_last_valid_lang(cli, monkeypatch):
    # The --lang of a line click refuses is read before click parses it: the last zh or en
    # written wins (a bad one is skipped), else REGIONTOOL_LANG, else Chinese.
    for args, prefix in (
        (["--lang", "fr", "status", "--lang", "en"], "error: "),
        (["pivt", "--lang", "en", "--lang", "fr"], "error: "),
        (["pivt", "--lang=en", "--lang", "zh"], ERROR_PREFIX["zh"]),
        (["pivt", "--lang", "fr"], ERROR_PREFIX["zh"]),
    ):
        result = cli(*args)
        assert result.exit_code == 2 and result.output.startswith(prefix), (args, result.output)
    monkeypatch.setenv("REGIONTOOL_LANG", "en")
    assert cli("pivt").output.startswith("error: No such command 'pivt'")
    assert cli("pivt", "--lang", "zh").output.startswith(ERROR_PREFIX["zh"] + "没有命令")


class _Kind(str, enum.Enum):
    a = "a"
    b = "b"


def _value_app() -> typer.Typer:
    """An app of its own with the CLI's error mapping and options of a typed date and fixed
    choices: no regiontool option takes those today (dates are parsed by the tool itself)."""
    from regiontool.cli import _OneLineErrors

    app = typer.Typer(cls=_OneLineErrors)

    @app.command()
    def one(
        day: Annotated[dt.datetime | None, typer.Option()] = None,
        kind: Annotated[_Kind, typer.Option()] = _Kind.a,
        pick: Annotated[Literal["x", "y"], typer.Option()] = "x",
    ) -> None:
        pass

    @app.command()
    def two() -> None:
        pass

    return app


def test_a_bad_date_or_choice_value_is_explained_in_chinese():
    from typer.testing import CliRunner

    runner, app = CliRunner(), _value_app()
    for args, why in (
        (["one", "--day", "昨天"], "“昨天”不是日期，请写成 2026-03-05"),
        (["one", "--kind", "z"], "“z”不是可选的值：'a'、'b'"),
        (["one", "--pick", "z"], "“z”不是可选的值：'x'、'y'"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and f"的值无效（{why}）" in result.output, result.output


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


def test_the_clis_own_usage_errors_are_in_the_commands_language(cli, db: Path, tmp_path: Path):
    assert cli("import", _good(tmp_path), catch_exceptions=False).exit_code == 0
    cases = [
        (
            ["track", "--as-of", "昨天"],
            ["--as-of “昨天”不是日期", "2026-03-05"],
            ["--as-of '昨天' is not a date"],
        ),
        (
            ["problems", "--code", "nosuch"],
            ["不认识的问题代码“nosuch”", "invalid-tier"],
            ["unknown problem code 'nosuch'", "invalid-tier"],
        ),
        (
            ["explain", "华峰", "--format", "xml"],
            ["不认识的 --format “xml”", "table 或 json"],
            ["unknown --format 'xml'", "use table or json"],
        ),
    ]
    longest = len(", ".join(PROBLEMS)) + 100  # the line lists every problem code
    for args, zh, en in cases:
        line = assert_one_error_line(cli(*args, catch_exceptions=False), 2, zh, longest=longest)
        assert_in_language(line, "zh", args)
        line = assert_one_error_line(cli(*args, "--lang", "en", catch_exceptions=False), 2, en, "en", longest)
        assert_in_language(line, "en", args)
    result = cli("import", _good(tmp_path), "--lang", "fr", catch_exceptions=False)  # no language to speak
    assert_one_error_line(result, 2, ["不认识的 --lang “fr”", "zh 或 en"])


def test_an_interrupted_command_says_so_in_its_language(cli, db: Path, tmp_path: Path, monkeypatch):
    from regiontool import importer

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "import_files", interrupted)
    result = cli("import", _good(tmp_path))
    assert result.exit_code == 130 and result.stderr.strip() == "已中断，未写入任何内容"
    result = cli("import", _good(tmp_path), "--lang", "en")
    assert result.exit_code == 130 and result.stderr.strip() == "interrupted; nothing was written"
    assert workspace_files(db) == {}
