"""The column-wise xlsx writer: what goes in comes back out, read by three other readers."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import python_calamine as pc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiontool.errors import OutputError
from regiontool.io import xlsx, zipstream
from regiontool.io.write import Sheet, write_xlsx

# Text as a sheet may hold it: any printable character, XML's markup characters, CJK,
# tabs, newlines and edge spaces; control characters are tested apart (they are dropped).
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"' \t\n=+-@客户"),
    max_size=30,
)
cell = st.one_of(
    st.none(),
    cell_text,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


def _read_back(path: Path, sheet: int = 0) -> list[list]:
    return pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet).to_python(skip_empty_area=False)


def _expected(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=25))
def test_cells_come_back_as_written(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    frame = pd.DataFrame(rows, columns=["名称", "a&b", "<c>"], dtype=object)
    assert write_xlsx(path, [Sheet("表", frame)]) == 0
    back = _read_back(path)
    assert back[0] == ["名称", "a&b", "<c>"]
    data = back[1:] + [[""] * 3] * (len(rows) - len(back[1:]))  # trailing empty rows are not stored
    for got, want in zip(data, rows, strict=True):
        assert [_as_float(v) for v in got] == [_expected(v) for v in want]


def _as_float(v):
    return float(v) if isinstance(v, int) and not isinstance(v, bool) else v


def test_typed_columns_dates_booleans_and_missing_values(tmp_path: Path):
    frame = pd.DataFrame(
        {
            "int": [1, 2, 3],
            "float": [1.5, float("nan"), float("inf")],
            "bool": [True, False, True],
            "when": pd.to_datetime(["2026-11-26", None, "2026-01-02"]),
            "mixed": ["文本", 42, dt.date(2026, 3, 4)],
            "stamp": [dt.datetime(2026, 11, 26, 9, 30), None, "x"],
        }
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("s", frame)])
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[2]] == [
        1,
        1.5,
        True,
        dt.datetime(2026, 11, 26),
        "文本",
        dt.datetime(2026, 11, 26, 9, 30),
    ]
    assert [c.value for c in ws[3]] == [2, None, False, None, 42, None]
    assert [c.value for c in ws[4]] == [3, None, True, dt.datetime(2026, 1, 2), dt.datetime(2026, 3, 4), "x"]
    assert ws["D2"].number_format == "yyyy-mm-dd" and ws["F2"].number_format == "yyyy-mm-dd hh:mm"


def test_formatting_frozen_header_filter_widths_wrap_and_number_formats(tmp_path: Path):
    long = "很长的经营范围" * 20
    frame = pd.DataFrame({"企业名称": ["慈溪市某某电器有限公司"], "经营范围": [long], "金额": [1234.5]})
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("资源表", frame, number_formats={"金额": "#,##0.00"})])
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C2"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert ws.column_dimensions["A"].width >= 2 * len("慈溪市某某电器有限公司")  # CJK counts double
    assert ws["B2"].alignment.wrap_text and ws.column_dimensions["B"].width <= 50
    assert ws["C2"].number_format == "#,##0.00"


def test_an_excel_table_instead_of_filter_buttons(tmp_path: Path):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("one", frame, table="Resources"), Sheet("two", frame)])
    wb = openpyxl.load_workbook(path)
    assert list(wb["one"].tables) == ["Resources"] and wb["one"].tables["Resources"].ref == "A1:B3"
    assert wb["one"].auto_filter.ref is None and wb["two"].auto_filter.ref == "A1:B3"
    with zipfile.ZipFile(path) as z:
        assert z.namelist()[0] == "[Content_Types].xml"  # file-type sniffers look there first
        assert z.testzip() is None


def test_control_characters_kept_long_text_cut_and_counted(tmp_path: Path):
    frame = pd.DataFrame({"a": ["ok\x00\x07bell", "x" * 40_000, " edge "]})
    path = tmp_path / "t.xlsx"
    assert write_xlsx(path, [Sheet("s", frame)]) == 1
    values = [r[0] for r in _read_back(path)[1:]]
    assert values[0] == "ok\x00\x07bell"  # written _x0000__x0007_ (ST_Xstring), read back exactly
    assert len(values[1]) == xlsx.EXCEL_CELL_LIMIT and values[1].endswith("…")
    assert values[2] == " edge "


def test_empty_frame_writes_the_header_only(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("s", pd.DataFrame(columns=["甲", "乙"]), table="T")])
    assert _read_back(path) == [["甲", "乙"]]


@pytest.mark.parametrize("name", ["a/b", "[x]", "问题?", "'q'", ""])
def test_a_sheet_name_excel_refuses(tmp_path: Path, name: str):
    with pytest.raises(OutputError, match="sheet name"):
        write_xlsx(tmp_path / "t.xlsx", [Sheet(name, pd.DataFrame({"a": [1]}))])
    assert not (tmp_path / "t.xlsx").exists()


def test_two_sheets_of_one_name_are_refused(tmp_path: Path):
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(OutputError, match="two sheets"):
        write_xlsx(tmp_path / "t.xlsx", [Sheet("表", frame), Sheet("表", frame)])


# --- the zip container ------------------------------------------------------------------


@pytest.mark.parametrize("zip64", [False, True])
def test_zip_entries_read_back_by_zipfile(zip64: bool):
    buf = io.BytesIO()
    zf = zipstream.ZipWriter(buf)
    zf.writestr("a.txt", "甲乙丙")
    with zf.open("big/part.xml", zip64=zip64) as write:
        for i in range(50):
            write(f"<row r='{i}'>{'数据' * i}</row>".encode())
    zf.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert z.testzip() is None
        assert z.read("a.txt").decode() == "甲乙丙"
        assert z.read("big/part.xml").decode().count("<row") == 50
        assert [i.file_size for i in z.infolist()][0] == len("甲乙丙".encode())


def test_zip64_central_directory_when_offsets_pass_4gib(monkeypatch):
    """Offsets over 4 GiB are simulated by lowering the limit the writer compares against."""
    monkeypatch.setattr(zipstream, "_LIMIT", 64)
    buf = io.BytesIO()
    zf = zipstream.ZipWriter(buf)
    for i in range(4):
        zf.writestr(f"part{i}.xml", "x" * 10)
    zf.close()
    data = buf.getvalue()
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data  # zip64 end records written


def test_a_row_with_wrapped_text_is_as_tall_as_its_text(tmp_path):
    import openpyxl
    import pandas as pd

    from regiontool.io.write import LINE_POINTS, PivotSheet, write_pivot_workbook

    reason = (
        "流失预警：已 653 天未下单，超过其平常间隔 13 天的 2 倍，风险价值 ¥362,800，经理上门拜访了解原因" * 2
    )
    frame = pd.DataFrame({"企业": ["甲电器厂", "乙电器厂"], "理由": [reason, "短"], "金额": [1.0, 2.0]})
    sheet = PivotSheet(
        name="流失预警",
        title="流失预警",
        frame=frame,
        kinds=["data", "data"],
        label_columns=2,
        number_format="#,##0",
        chart=False,
        total_column=False,
        colour_scale=False,
    )
    out = tmp_path / "p.xlsx"
    write_pivot_workbook(out, [sheet], {})
    ws = openpyxl.load_workbook(out)["流失预警"]
    heights = {r: ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)}
    long_row = next(r for r in heights if ws.cell(r, 2).value == reason)
    assert ws.cell(long_row, 2).alignment.wrap_text
    assert heights[long_row] >= 3 * LINE_POINTS  # the text wraps onto three lines or more
    assert heights[long_row + 1] in (None, 15)  # a short row keeps the default height


def test_the_table_writer_makes_a_wrapped_row_as_tall_as_its_text(tmp_path):
    from regiontool.io.write import LINE_POINTS

    basis = "镇街：地址 → 龙山镇（慈溪市，地址写明区县）；区县：由镇街推得（龙山镇 → 慈溪市）" * 2
    frame = pd.DataFrame(
        {"企业名称": ["甲电器厂", "乙电器厂", "丙电器厂"], "推断依据": [basis, "短", None], "行": [1, 2, 3]}
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("资源表", frame)])
    ws = openpyxl.load_workbook(path).active
    assert ws["B2"].alignment.wrap_text
    width = ws.column_dimensions["B"].width
    lines = -(-2 * len(basis) // (int(width) - 1))  # every character of it counts double or more
    assert ws.row_dimensions[2].height >= (lines - 1) * LINE_POINTS > LINE_POINTS
    assert ws.row_dimensions[3].height is None and ws.row_dimensions[4].height is None  # one line
    assert ws["A2"].alignment.vertical == "top"  # level with the first line of the wrapped text


@pytest.mark.parametrize("n", [1, 3])
def test_a_text_with_line_breaks_gets_a_line_each(tmp_path, n):
    from regiontool.io.write import LINE_POINTS

    text = "\n".join(["备注"] * n)
    frame = pd.DataFrame({"经营范围": [text + "很长的经营范围" * 20]})  # long: a wrapped column
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("资源表", frame)])
    ws = openpyxl.load_workbook(path).active
    assert ws.row_dimensions[2].height >= (n + 1) * LINE_POINTS


def test_whole_numbers_longer_than_general_shows_are_written_to_show_every_digit(tmp_path):
    frame = pd.DataFrame(
        {
            "注册号": [330282000012345, 5],
            "混合": [330282000012345.0, 3.5],
            "电话": [8613812345678, "无"],
            "大数": [1e17, 2.0],
        }
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [Sheet("资源表", frame)])
    ws = openpyxl.load_workbook(path).active
    assert [ws[c].number_format for c in ("A2", "B2", "C2")] == ["0", "0", "0"]  # not 3.30282E+14
    assert [ws[c].value for c in ("A2", "B2", "C2")] == [330282000012345, 330282000012345, 8613812345678]
    assert ws["A3"].number_format == ws["B3"].number_format == "General"  # 5 and 3.5 as before
    assert ws["D2"].number_format == "General"  # past 2**53: digits already lost, left alone
