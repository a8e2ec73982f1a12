"""Review r66, through the CLI on workbooks the tests write (as WPS, Excel Mac and Excel 2010 save
them): invisible format characters in cells (F1), a phone cell read only in part (F5), the 汇总 total
row (F8), a hidden sheet (F6), a merged area over covered values (F4), a phone shown through a
padded format (F3)."""

from __future__ import annotations

import csv

from conftest import explained, imported, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "是否关键联系人", "员工人数"]


def _problems(cli) -> list[dict]:
    result = cli("problems", "-f", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(result.stdout.splitlines()))


def _exported(cli, path) -> list[dict]:
    assert cli("export", str(path)).exit_code == 0
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _phones(cli, path) -> dict[str, str]:
    """Each contact's cleaned phones (电话（整理）beside the file's own 电话 column)."""
    return {r["联系人"]: r["电话（整理）"] for r in _exported(cli, path)}


def test_invisible_characters_are_dropped_from_cleaned_values_and_keys(cli, tmp_path):
    zw = "\u200b"
    rows = [
        [
            "慈溪市甲电子有限公司",
            "浙江省宁波市慈溪市坎墩街道1号",
            f"张三{zw}",
            f"138{zw}0000\u00a00001",
            f"A{zw}",
            f"是{zw}",
            f"120{zw}",
        ],
        ["\ufeff慈溪市乙电器厂", f"浙江省宁波市慈溪市龙{zw}山镇2号", "李四", "13800000002", "B", "否", "300"],
        ["慈溪市乙电器厂\u2060", "浙江省宁波市慈溪市龙山镇2号", "王五", "13800000003", "B", "否", "300"],
        [
            "宁波永发五金有限公司\u200c\u00ad",
            "浙江省宁波市慈溪市周巷镇3号",
            "赵六",
            "1\u200d3800000004",
            "C",
            "否",
            "9",
        ],
    ]
    out = imported(cli, write_sheet(tmp_path, "zw.xlsx", HEADERS, rows)).output
    assert "3 家企业" in out and "1 行并入已有企业" in out
    assert _problems(cli) == []
    fields = explained(cli, "慈溪市甲电子有限公司")
    assert fields["tier"][0] == "A" and fields["employees"][0] == "120"
    assert explained(cli, "慈溪市乙电器厂")["town"][0] == "龙山镇"
    exported = _exported(cli, tmp_path / "zw.csv")
    first = exported[0]
    assert first["企业名称（整理）"] == "慈溪市甲电子有限公司"
    assert first["电话"] == "13800000001" and first["是否关键联系人（整理）"] == "是"
    assert first["联系人（整理）"] == "张三"
    assert first["客户分类"] == f"A{zw}"  # the original column as the file had it
    assert not any(zw in v or "\ufeff" in v for r in exported for k, v in r.items() if "整理" in k)


def test_a_phone_cell_read_in_part_keeps_only_its_unread_text_and_round_trips_unchanged(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "手机", "电话"]
    rows = [
        ["慈溪市星辰电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13812345678", 57463012345],
        ["慈溪市华峰电器厂", "浙江省宁波市慈溪市龙山镇2号", "李四", "13812345679; 57463012346", None],
    ]
    imported(cli, write_sheet(tmp_path, "t13.xlsx", headers, rows))
    expected = {"张三": "13812345678; 57463012345", "李四": "13812345679; 57463012346"}
    assert _phones(cli, tmp_path / "first.csv") == expected
    problems = {p["值"] for p in _problems(cli)}
    assert problems == {"57463012345", "57463012346"}
    history = cli("history", "慈溪市星辰电子有限公司", "-f", "json").stdout
    for i in range(3):
        out = tmp_path / f"rt{i}.xlsx"
        assert cli("export", str(out)).exit_code == 0
        result = imported(cli, out)
        assert "（新增 0，更新 0，未变 2）" in result.output, result.output
        assert cli("history", "慈溪市星辰电子有限公司", "-f", "json").stdout == history
    assert _phones(cli, tmp_path / "last.csv") == expected


def test_the_totals_row_chinese_excel_labels_汇总_is_no_firm(cli, tmp_path):
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    wb = Workbook()
    ws = wb.active
    ws.title = "客户联系表"
    ws.append(["企业名称", "地址", "联系人", "手机", "客户分类"])
    ws.append(["慈溪市甲电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13800000001", "A"])
    ws.append(["慈溪市乙电器厂", "浙江省宁波市慈溪市龙山镇2号", "李四", "13800000002", "B"])
    for label in ["汇总", "匯總", "汇总：", "合計"]:
        ws.append([label, None, 2, None, None])
    ws.add_table(Table(displayName="表1", ref="A1:E7", totalsRowCount=1))
    wb.save(tmp_path / "tot.xlsx")
    out = imported(cli, tmp_path / "tot.xlsx").output
    assert "2 家企业" in out and "拒收 4 行" in out, out
    assert [p["代码"] for p in _problems(cli)] == ["no-company"] * 4


def test_a_hidden_sheet_is_never_imported_in_place_of_a_visible_table(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "客户联系表"
    ws.append(["企业名称", "地址", "联系人", "手机", "客户分类"])
    ws.append(["慈溪市甲电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13800000001", "A"])
    ws.append(["慈溪市乙电器厂", "浙江省宁波市慈溪市龙山镇2号", "李四", "13800000002", "B"])
    for state in ("hidden", "veryHidden"):
        old = wb.create_sheet(f"旧名单{state}")
        old.sheet_state = state
        old.append(["企业名称", "地址", "联系人", "手机", "客户分类", "员工人数", "备注"])
        for i in range(6):
            old.append(
                [
                    f"慈溪市旧{i}五金厂",
                    "浙江省宁波市慈溪市周巷镇3号",
                    f"旧{i}",
                    f"1390000000{i}",
                    "D",
                    10,
                    "x",
                ]
            )
    wb.save(tmp_path / "hs.xlsx")
    out = imported(cli, tmp_path / "hs.xlsx").output
    assert "工作表“客户联系表”" in out and "2 家企业" in out, out
    assert "另有隐藏的工作表“旧名单hidden”也像一张表，未导入" in out
    assert "另有隐藏的工作表“旧名单veryHidden”也像一张表，未导入" in out
    # named by --sheet, a hidden sheet is imported
    out = imported(cli, tmp_path / "hs.xlsx", "--sheet", "旧名单hidden").output
    assert "6 家企业" in out, out


def test_a_merged_area_reads_its_first_value_over_what_its_covered_cells_still_hold(cli, tmp_path):
    """LibreOffice's "keep the contents of the hidden cells" leaves values under a merge: Excel shows
    the first cell over the whole area, and so the import reads it."""
    from openpyxl import Workbook
    from openpyxl.worksheet.cell_range import CellRange

    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "手机", "客户分类"])
    ws.append(["慈溪市金龙电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13800000001", "A"])
    ws.append(["慈溪市旧名称塑料厂", "浙江省宁波市慈溪市周巷镇9号", "李四", "13800000002", "D"])
    ws.append(["慈溪市银凤电器厂", "浙江省宁波市慈溪市龙山镇2号", "王五", "13800000003", "B"])
    for area in ("A2:A3", "B2:B3", "E2:E3"):
        ws.merged_cells.add(CellRange(area))  # the covered cells keep their values
    wb.save(tmp_path / "covered.xlsx")
    out = imported(cli, tmp_path / "covered.xlsx").output
    assert "2 家企业" in out and "1 行并入已有企业" in out, out
    exported = _exported(cli, tmp_path / "covered.csv")
    assert {r["联系人"]: r["企业名称"] for r in exported} == {
        "张三": "慈溪市金龙电子有限公司",
        "李四": "慈溪市金龙电子有限公司",
        "王五": "慈溪市银凤电器厂",
    }
    assert explained(cli, "慈溪市金龙电子有限公司")["tier"][0] == "A"
    assert [p for p in _problems(cli) if p["代码"] == "conflicting-value"] == []


def test_a_landline_shown_through_a_phone_format_is_read_as_shown(cli, tmp_path):
    """057463012345 typed into a cell Excel keeps as the number 57463012345, shown through
    0000-00000000, "0"0 or 0###-######## as the landline: read as shown, a phone to call."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "电话", "员工人数"])
    formats = ["0000-00000000", '"0"0', "0###-########", "000000000000", "0000\\-00000000"]
    for i, fmt in enumerate(formats):
        ws.append([f"慈溪市甲{i}电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", f"人{i}", 57463012345, 120])
        ws.cell(row=i + 2, column=4).number_format = fmt
        ws.cell(row=i + 2, column=5).number_format = '0"人"'  # a unit: the figure stays a number
    wb.save(tmp_path / "fmt.xlsx")
    imported(cli, tmp_path / "fmt.xlsx")
    assert _problems(cli) == []
    exported = _exported(cli, tmp_path / "fmt.csv")
    assert [r["电话（整理）"] for r in exported] == ["0574-63012345"] * len(formats)
    assert [r["电话"] for r in exported] == ["0574-63012345", "057463012345", "0574-63012345"] + [
        "057463012345",
        "0574-63012345",
    ]
    assert {r["员工人数"] for r in exported} == {"120"}


def test_a_landline_that_lost_its_0_in_a_number_cell_is_reported_with_the_number_it_may_be(cli, tmp_path):
    headers = ["企业名称", "地址", "联系人", "手机", "电话"]
    rows = [["慈溪市星辰电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13812345678", 57463012345]]
    imported(cli, write_sheet(tmp_path, "zero.xlsx", headers, rows))
    (problem,) = _problems(cli)
    assert problem["代码"] == "invalid-phone" and problem["值"] == "57463012345"
    assert "可能是 0574-63012345" in problem["说明"], problem
    result = cli("problems", "-f", "csv", "--lang", "en")
    assert "perhaps 0574-63012345" in result.stdout, result.stdout


def test_a_visible_name_column_wins_over_a_hidden_one(cli, tmp_path):
    """A hidden column of the names the firm once had (企业名称) beside the 客户名称 the user sees:
    the visible column names the firms, the hidden one is kept as it is."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["企业名称", "客户名称", "地址", "联系人", "手机"])
    ws.append(["慈溪市旧名甲厂", "慈溪市华峰电器厂", "浙江省宁波市慈溪市龙山镇2号", "李四", "13800000002"])
    ws.append(
        ["慈溪市旧名乙厂", "慈溪市星辰电子有限公司", "浙江省宁波市慈溪市坎墩街道1号", "张三", "13800000001"]
    )
    ws.column_dimensions["A"].hidden = True
    wb.save(tmp_path / "hc.xlsx")
    out = imported(cli, tmp_path / "hc.xlsx").output
    assert "客户名称 → 企业名称" in out and "原样保留：企业名称" in out, out
    assert {r["企业名称（整理）"] for r in _exported(cli, tmp_path / "hc.csv")} == {
        "慈溪市华峰电器厂",
        "慈溪市星辰电子有限公司",
    }
