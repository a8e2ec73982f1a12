"""Input reading after review r72: 汇总 as a side column's value (开票方式, 结算方式) is no total row; a
phone column's number format restores only a landline's lost 0; the lost-zero hint names real area codes
only; a hidden detail sheet behind a visible summary; credit-code placeholders; a code pair listed once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from conftest import imported, soffice_convert, write_orders, write_sheet

_SOFFICE = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")

FIRM = "宁波汇总科技有限公司"
ADDRESS = "浙江省慈溪市观海卫镇工业路1号"


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _sales(cli) -> dict[str, float]:
    result = cli("sales", "--by", "customers", "-f", "csv")
    assert result.exit_code == 0, result.output
    return {r["客户"]: float(r["金额"]) for r in csv.DictReader(io.StringIO(result.stdout))}


def test_汇总_under_开票方式_or_结算方式_is_a_line_not_a_total_row(cli, tmp_path):
    """Review r72 F9: 开票方式 = 汇总 (consolidated invoicing) dropped the line as a total row; a 汇总
    row (blank customer, or 汇总 in a first column that is no field) stays a total row."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    headers = ["客户名称", "订单日期", "产品", "金额", "开票方式"]
    day = dt.date(2026, 10, 1)
    rows = [[FIRM, day, "A", 1000, "单独"], [FIRM, day, "A", 2000, "汇总"], [FIRM, day, "B", 3000, "匯總"]]
    rows += [[None, None, "汇总", 6000, None], [None, day, None, 6000, "汇总"]]
    result = imported(cli, write_orders(tmp_path / "o.xlsx", rows, headers))
    assert "订单 3 条" in result.stdout and "拒收 2 行" in result.stdout, result.stdout
    assert _sales(cli) == {FIRM: 6000}
    headers = ["客户名称", "回款日期", "回款金额", "结算方式"]
    rows = [[FIRM, day, 1000, "汇总"], [FIRM, day, 500, "单笔"]]
    result = imported(cli, write_orders(tmp_path / "p.xlsx", rows, headers))
    assert "拒收 0 行" in result.stdout, result.stdout
    headers = ["", "客户名称", "订单日期", "金额"]
    rows = [["", FIRM, day, 1000], ["汇总", FIRM, day, 1000]]  # a table's 汇总行 carrying its customer
    result = imported(cli, write_orders(tmp_path / "t.xlsx", rows, headers))
    assert "订单 1 条" in result.stdout and "拒收 1 行" in result.stdout, result.stdout
    assert [p["值"] for p in _problems(cli) if p["文件"] == "t.xlsx" and p["代码"] == "no-company"] == [
        "汇总"
    ]


def _exported(cli, path) -> list[dict]:
    assert cli("export", str(path)).exit_code == 0
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


PHONES = [  # (the number, its format, what the cleaned phone is)
    (13812345678, "0000-00000000", "13812345678"),
    (63012345, "0000-00000000", "63012345"),
    (13812345679, "0###-########", "13812345679"),
    (63012346, "0###-########", "63012346"),
    (13812345670, '"0"0', "13812345670"),
    (57463012345, "0000-00000000", "0574-63012345"),
    (57463012346, '"0"0', "0574-63012346"),
    (2163012345, "0###-########", "021-63012345"),
    (13812345671, "000000000000", "13812345671"),
]


@pytest.mark.parametrize(
    "kind", ["xlsx", pytest.param("xls", marks=_SOFFICE), pytest.param("ods", marks=_SOFFICE)]
)
def test_a_phone_format_gives_back_only_a_landlines_lost_zero(cli, tmp_path, kind):
    """Review r72 F1: through 0000-00000000, 0###-######## or "0"0 a mobile became 0138-12345678 and a
    local number 0000-63012345 (taken as a phone); the format's text is read only where it gives back
    the 0 a landline lost (57463012345 shown 0574-63012345)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "电话"])
    for i, (number, fmt, _) in enumerate(PHONES):
        ws.append([f"宁波格式{i}电器有限公司", ADDRESS, f"人{i}", number])
        ws.cell(i + 2, 4).number_format = fmt
    wb.save(tmp_path / "p.xlsx")
    if kind != "xlsx":
        soffice_convert(tmp_path / "p.xlsx", kind, tmp_path / kind)
    imported(cli, tmp_path / kind / f"p.{kind}" if kind != "xlsx" else tmp_path / "p.xlsx")
    assert [p for p in _problems(cli) if p["代码"] == "invalid-phone"] == []
    assert [r["电话（整理）"] for r in _exported(cli, tmp_path / "e.csv")] == [p for _, _, p in PHONES]


def test_the_lost_zero_hint_names_only_a_real_area_code(cli, tmp_path):
    """Review r72 F7: 123456789 was hinted as 012-3456789 (012 is no area code)."""
    numbers = [123456789, 1163012345, 57463012345, 1063012345]
    rows = [[f"宁波号码{i}电器有限公司", ADDRESS, f"人{i}", n] for i, n in enumerate(numbers)]
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址", "联系人", "电话"], rows))
    hints = {p["值"]: p["说明"] for p in _problems(cli) if p["代码"] == "invalid-phone"}
    assert set(hints) == {str(n) for n in numbers}
    assert [("若是座机" in hints[str(n)]) for n in numbers] == [False, False, True, True]
    assert "0574-63012345" in hints["57463012345"] and "010-63012345" in hints["1063012345"]


def _summary_and_detail(path, detail_headers):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "客户汇总"
    for row in (["客户名称", "金额", "订单数"], [FIRM, 3000, 3], ["合计", 3000, 3]):
        ws.append(row)
    detail = wb.create_sheet("订单明细")
    detail.append(detail_headers)
    for i in range(3):
        detail.append([FIRM, dt.date(2026, 10, 1 + i), "A", 1000][: len(detail_headers)])
    detail.sheet_state = "hidden"
    wb.save(path)
    return path


def test_a_hidden_detail_sheet_is_read_behind_a_visible_summary(cli, tmp_path):
    """Review r72 F8: a visible 客户汇总 (no order date) was chosen over the hidden 订单明细 and the
    import refused with --map advice; the sheet that has what orders need is read, said to be hidden."""
    imported(cli, write_sheet(tmp_path, "c.xlsx", ["企业名称", "地址"], [[FIRM, ADDRESS]]))
    result = imported(
        cli, _summary_and_detail(tmp_path / "vh.xlsx", ["客户名称", "订单日期", "产品", "金额"])
    )
    assert "工作表“订单明细” · 表头在第 1 行（隐藏的工作表）" in result.stdout, result.stdout
    assert "订单 3 条" in result.stdout and _sales(cli) == {FIRM: 3000}
    result = cli(
        "import",
        _summary_and_detail(tmp_path / "vn.xlsx", ["客户名称", "日子", "产品", "金额"]),
        "--kind",
        "orders",
    )
    assert result.exit_code == 1, result.output
    assert "--sheet" in result.output and "2:订单明细" in result.output, result.output


CODED = ["企业名称", "地址", "统一社会信用代码"]


def test_a_placeholder_or_a_cut_code_is_no_credit_code(cli, tmp_path):
    """Review r72 F2: firms whose 统一社会信用代码 said 无 (or 0, 暂无, N/A, a code cut short) were listed as
    one firm; such a cell is no code: no possible duplicate, no two-credit-codes."""
    says = [
        "无",
        "无",
        "0",
        "0",
        "暂无",
        "暂无",
        "N/A",
        "N/A",
        "9133028212345",
        "9133028212345",
        "不详",
        "不详",
    ]
    rows = [[f"宁波{chr(0x7532 + i)}乙{i}机电有限公司", ADDRESS, v] for i, v in enumerate(says)]
    rows += [["宁波丙丁机电有限公司", ADDRESS, "无"], ["宁波丙丁机电有限公司", ADDRESS, "91330282MA2AB1234X"]]
    rows += [
        ["宁波戊己机电有限公司", ADDRESS, "330282000012345"],
        ["宁波庚辛机电有限公司", ADDRESS, "330282000012345"],
    ]
    imported(cli, write_sheet(tmp_path, "c.xlsx", CODED, rows))
    found = [
        (p["代码"], p["值"])
        for p in _problems(cli)
        if p["代码"] in ("possible-duplicate", "two-credit-codes")
    ]
    assert found == [
        ("possible-duplicate", "宁波戊己机电有限公司 ~ 宁波庚辛机电有限公司")
    ]  # an old 注册号 is a code


def test_a_pair_listed_by_its_credit_code_is_not_listed_again_in_the_name_group(cli, tmp_path):
    """Review r72 F6: the code pair 慈溪华峰 ~ 华峰电器（宁波） came again inside the name group."""
    code = "91330282MA2AB1234X"
    names = [
        "慈溪华峰电器有限公司",
        "华峰电器（宁波）有限公司",
        "宁波华峰电器有限公司",
        "余姚市华峰电器有限公司",
    ]
    rows = [[n, ADDRESS, c] for n, c in zip(names, [code, code, None, None], strict=True)]
    imported(cli, write_sheet(tmp_path, "d.xlsx", CODED, rows))
    listed = [p["值"] for p in _problems(cli) if p["代码"] == "possible-duplicate"]
    assert listed == [
        "慈溪华峰电器有限公司 ~ 华峰电器(宁波)有限公司",
        "慈溪华峰电器有限公司 ~ 宁波华峰电器有限公司 ~ 余姚市华峰电器有限公司",
    ]
