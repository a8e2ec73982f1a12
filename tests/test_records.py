"""records.py: a second reader of a firm field (SheetRows.first_values) takes what firm_fields takes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_xlsx
from regiontool import normalize
from regiontool.io.layout import detect_layout
from regiontool.io.read import read_book
from regiontool.records import firm_fields, firms_of, sheet_rows

HEADERS = ["企业名称", "行業", "经营范围", "联系人"]
ROWS = [
    ["宏达电器厂", "", "电器制造", "张三"],
    ["宏达电器厂", "機械", "", "李四"],  # the first non-blank industry, in traditional script
    ["宏达电器厂", "电子", "五金加工", "王五"],  # a later, different one: firm_fields reports it
    ["", "纺织", "纺织", "赵六"],  # no company: rejected, counts for nothing
    ["华峰五金", None, None, "钱七"],
    ["华峰五金", " ", "  ", "孙八"],
]


def test_first_values_are_firm_fields_values(tmp_path):
    book = read_book(write_xlsx(tmp_path / "c.xlsx", HEADERS, ROWS))
    rows = sheet_rows(book, detect_layout(book))
    firms = firms_of(rows)
    found = firm_fields(rows, firms)
    assert found.problems  # the conflicting industry is firm_fields' to report
    for key, simplified in (("industry", True), ("scope", False)):
        expected = [found.values[key].get(k) for k in firms]
        assert rows.first_values(list(firms), key, simplified=simplified) == expected
    assert rows.first_values(list(firms), "industry", simplified=True) == ["机械", None]
    assert rows.first_values(["华峰五金"], "scope") == [None]  # only the firms asked for
    assert rows.first_values(list(firms), "size") == [None, None]  # no such column


def test_first_values_of_some_firms_read_from_their_rows_are_first_values(tmp_path):
    """SheetRows.first_values_of (a firm's own rows, for a chunk of firms) gives first_values."""
    from regiontool.records import contact_records

    rows_in = [*ROWS, ["华峰五金", "Plastics & Rubber", "注塑", "周九"], ["申达", 12, "  ", "吴十"]]
    book = read_book(write_xlsx(tmp_path / "c.xlsx", HEADERS, rows_in))
    rows = sheet_rows(book, detect_layout(book))
    firms = firms_of(rows)
    contact_records(rows, firms)  # each firm's contacts are its rows
    for key, simplified in (("industry", True), ("industry", False), ("scope", False), ("size", False)):
        expected = rows.first_values(list(firms), key, simplified=simplified)
        assert rows.first_values_of(list(firms.values()), key, simplified=simplified) == expected
        assert rows.first_values_of(list(firms.values())[1:], key, simplified) == expected[1:]
    assert rows.first_values_of(list(firms.values()), "industry", simplified=True) == ["机械", "塑料", "12"]


# --- headcount and revenue cells that are no figure ------------------------------------------

FIGURE_HEADERS = ["企业名称", "员工人数", "年产值（万元）", "联系人"]
FIGURE_ROWS = [
    ["甲电器厂", "n/a", "未知", "张三"],  # both say nothing (normalize.says_nothing): blank, no problem
    ["甲电器厂", "350人", "2600", "李四"],  # …so this row's readable ones are
    ["乙五金厂", "2020年", "@SUM(1,1)", "王五"],
    ["丙塑料厂", "1.2万", "1.2亿", "赵六"],
    ["丁模具厂", "二十人", "", "钱七"],
    ["", "=2*3", "x", "孙八"],  # rejected row: its cells are not reported again
]


def _records(tmp_path, headers, rows):
    from regiontool.records import build_records

    book = read_book(write_xlsx(tmp_path / "c.xlsx", headers, rows))
    return build_records(book, detect_layout(book))


def test_unreadable_figures_are_reported_and_never_a_firms_figure(tmp_path):
    rec = _records(tmp_path, FIGURE_HEADERS, FIGURE_ROWS)
    bad = sorted((p.row, p.column, p.value) for p in rec.problems if p.code == "invalid-figure")
    # title row 1, blank row 2, headers row 3: data rows 4-9
    assert bad == [(6, "B", "2020年"), (6, "C", "@SUM(1,1)")]
    assert all("不是一个数" in p.message_zh for p in rec.problems if p.code == "invalid-figure")
    fields = {f.name: (f.fields.get("employees"), f.fields.get("revenue")) for f in rec.firms.values()}
    assert fields == {
        "甲电器厂": ("350人", "2600"),
        "乙五金厂": (None, None),
        "丙塑料厂": ("1.2万", "1.2亿"),
        "丁模具厂": ("二十人", None),
    }


# --- company names that are no name ----------------------------------------------------------

PLACEHOLDERS = ["/", "无", "N/A", "#N/A", "？？？", "不详", "12345", "不 詳", "——", "NULL", "-"]
REAL = ["无锡华峰电器有限公司", "N/A科技有限公司", "3M中国有限公司", "360安全科技", "不详五金厂", "A"]


def test_placeholder_names_are_rejected_with_their_reason_and_real_names_kept(tmp_path):
    rows = [[name, "", "", f"人{i}"] for i, name in enumerate(PLACEHOLDERS + REAL)]
    rec = _records(tmp_path, FIGURE_HEADERS, rows)
    assert sorted(f.name for f in rec.firms.values()) == sorted(REAL)
    assert rec.rejected == len(PLACEHOLDERS)
    assert rec.rows_read == len(rec.firms) + rec.rejected  # every row once, nothing merged here
    rejected = [p for p in rec.problems if p.code == "no-company"]
    assert [p.row for p in rejected] == list(range(4, 4 + len(PLACEHOLDERS)))
    assert "企业名称“N/A”不是企业名称" in rejected[2].message_zh
    assert "'#N/A' is no company name" in rejected[3].message_en
    assert "没有企业名称" in rejected[-1].message_zh  # "-" folds to nothing: a blank name


@given(
    st.text(alphabet="0123456789０１２３!?？！/\\#*-—_.,，。()（）【】@&%$¥ ", min_size=1, max_size=8),
    st.sampled_from(PLACEHOLDERS + ["", "  "]),
    st.sampled_from(["宏达", "华峰", "Acme", "金鑫"]),
    st.sampled_from(["电器厂", "有限公司", "", " Co"]),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_property_a_name_with_a_word_is_a_name_and_symbols_alone_are_none(
    tmp_path, junk, filler, word, suffix
):
    names = [junk, f"{filler}{word}{junk}{suffix}", f"{junk}{word}{filler}"]
    rec = _records(tmp_path, FIGURE_HEADERS, [[n, "", "", "张三"] for n in names])
    kept = {f.name for f in rec.firms.values()}
    assert normalize.fold(junk) not in kept
    assert len(kept) >= 1 and all(any(w in k for w in ("宏达", "华峰", "Acme", "金鑫")) for k in kept)
    assert rec.rejected == 1 and rec.rows_read == rec.rejected + sum(
        len(f.contacts) for f in rec.firms.values()
    )


# --- phone cells with a fax number ----------------------------------------------------------


def test_a_fax_beside_a_phone_is_no_problem_and_not_a_number_to_call(tmp_path):
    headers = ["企业名称", "联系人", "电话"]
    rows = [
        ["甲电器厂", "王一", "电话0574-63012346 传真0574-63012345"],
        ["乙五金厂", "李二", "传真：0574-63012347"],
        ["丙塑料厂", "张三", "传真 找前台"],
    ]
    book = read_book(write_xlsx(tmp_path / "c.xlsx", headers, rows))
    from regiontool.records import build_records

    rec = build_records(book, detect_layout(book))
    phones = dict(zip(rec.contacts["name"], rec.contacts["phone"], strict=True))
    assert phones["王一"] == "0574-63012346"
    assert phones["李二"] is None  # a fax alone: understood, nothing to call
    bad = [(p.value, p.row) for p in rec.problems if p.code == "invalid-phone"]
    assert bad == [("传真 找前台", 6)]  # title row 1, blank row 2, headers row 3


# --- cells merged down over a firm's rows ---------------------------------------------------


def _merged_down_xlsx(path):
    """企业名称, 地址 and 客户分类 merged down over each firm's contacts, as people lay them out."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "地址", "联系人", "电话", "客户分类"])
    ws.append(["慈溪市金达电器有限公司", "慈溪市浒山街道", "甲", "13800000001", "A"])
    ws.append([None, None, "乙", "13800000002", None])
    ws.append([None, None, "丙", "13800000003", None])
    ws.append(["慈溪市银河五金厂", "慈溪市白沙路街道", "丁", "13800000004", "B"])
    ws.append([None, None, "戊", "13800000005", None])
    for cells in ("A2:A4", "B2:B4", "E2:E4", "A5:A6", "B5:B6", "E5:E6"):
        ws.merge_cells(cells)
    ws.merge_cells("C7:D7")  # an area one row high holds one value: nothing to fill
    ws["C7"] = "备注：以上为2026年客户"
    wb.save(path)
    return path


def test_cells_merged_down_are_read_in_every_row_they_cover(tmp_path):
    from regiontool.records import build_records

    book = read_book(_merged_down_xlsx(tmp_path / "m.xlsx"))
    rec = build_records(book, detect_layout(book))
    assert [(f.name, sorted(f.contacts)) for f in rec.firms.values()] == [
        ("慈溪市金达电器有限公司", ["丙", "乙", "甲"]),
        ("慈溪市银河五金厂", ["丁", "戊"]),
    ]
    assert rec.rows_read == 6 and rec.rejected == 1  # the note row has no company
    assert [p.row for p in rec.problems if p.code == "no-company"] == [7]
    assert {f.fields.get("tier") for f in rec.firms.values()} == {"A", "B"}
    assert not [p for p in rec.problems if p.code == "conflicting-value"]


def test_a_blank_row_under_a_merged_name_stays_a_blank_row(tmp_path):
    import openpyxl

    from regiontool.records import build_records

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "电话"])
    ws.append(["慈溪市金达电器有限公司", "甲", "13800000001"])
    ws.append([None, None, None])  # left empty inside the merged name
    ws.append([None, "乙", "13800000002"])
    ws.merge_cells("A2:A4")
    wb.save(tmp_path / "b.xlsx")
    book = read_book(tmp_path / "b.xlsx")
    rec = build_records(book, detect_layout(book))
    (firm,) = rec.firms.values()
    assert sorted(firm.contacts) == ["乙", "甲"]  # no nameless contact from the empty row
    assert (rec.rows_read, rec.blank_rows, rec.rejected) == (2, 1, 0)


def test_a_group_heading_merged_across_the_row_is_rejected_as_a_heading(tmp_path):
    import openpyxl

    from regiontool.records import build_records

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "联系人", "电话", "地址"])
    ws.append(["观海卫镇"])
    ws.merge_cells("A2:D2")
    ws.append(["慈溪市金达电器有限公司", "甲", "13800000001", "观海卫镇工业园"])
    ws.append(["周巷镇"])
    ws.merge_cells("A4:C4")  # three of four columns: still a heading
    ws.append(["慈溪市银河五金厂", "乙", "13800000002", "周巷镇"])
    ws.append(["慈溪市星辰电子厂"])
    ws.merge_cells("A6:B6")  # half the table is enough as well …
    ws.append(["慈溪市月亮灯具厂", "丙"])  # … but a firm with a contact is a firm
    wb.save(tmp_path / "h.xlsx")
    book = read_book(tmp_path / "h.xlsx")
    rec = build_records(book, detect_layout(book))
    assert [f.name for f in rec.firms.values()] == [
        "慈溪市金达电器有限公司",
        "慈溪市银河五金厂",
        "慈溪市月亮灯具厂",
    ]
    headings = [p for p in rec.problems if "分组标题" in p.message_zh]
    assert [p.row for p in headings] == [2, 4, 6]
    assert rec.rows_read == len(rec.firms) + rec.rejected


# --- total rows ------------------------------------------------------------------------------


def test_total_rows_are_rejected_with_their_reason_and_names_like_them_kept(tmp_path):
    headers = ["序号", "企业名称", "联系人", "人数"]
    rows = [
        [1, "慈溪市甲电器厂", "张三", 10],
        [2, "总计划五金厂", "李四", 20],  # a name that starts like 总计
        [3, "Totalink Co", "王五", 5],
        [4, "Total Solutions Co. Ltd.", "Ann", 5],  # a word, then a name: a firm
        [None, "小计", None, 35],
        [None, "合 计：", None, 35],
        ["合计", "3家", None, 35],  # the first cell says so; the company cell holds a count
        ["总计（全部）", None, None, 35],
        [None, "Grand Total", None, 35],
    ]
    rec = _records(tmp_path, headers, rows)
    assert [f.name for f in rec.firms.values()] == [
        "慈溪市甲电器厂",
        "总计划五金厂",
        "Totalink Co",
        "Total Solutions Co. Ltd.",
    ]
    assert rec.rows_read == len(rec.firms) + rec.rejected == 9
    rejected = [p for p in rec.problems if p.code == "no-company"]
    assert [p.row for p in rejected] == [8, 9, 10, 11, 12]  # title row 1, blank row 2, headers row 3
    assert [p.message_zh.split("”")[0].lstrip("“") for p in rejected] == [  # as folded: ： → :
        "小计",
        "合 计:",
        "合计",
        "总计（全部）",
        "Grand Total",
    ]
    assert all("合计行" in p.message_zh and "total row" in p.message_en for p in rejected)


def test_a_note_under_the_table_is_rejected_as_a_note_not_as_a_nameless_contact(tmp_path):
    headers = ["企业名称", "联系人", "电话"]
    rows = [
        ["慈溪市甲电器厂", "张三", "13812345678"],
        ["制表人：王五", None, None],
        [None, "备注：以上数据截至11月", None],
        [None, "李四", "13912345678"],  # a contact without its firm: no company name, as before
        ["说明书印刷厂", "赵六", None],  # a firm whose name starts like a note word is a firm
    ]
    rec = _records(tmp_path, headers, rows)
    assert [f.name for f in rec.firms.values()] == ["慈溪市甲电器厂", "说明书印刷厂"]
    rejected = {p.row: p.message_zh for p in rec.problems if p.code == "no-company"}
    assert set(rejected) == {5, 6, 7}  # title row 1, blank row 2, headers row 3
    assert rejected[5].startswith("“制表人：王五”是表格下方的说明") and "说明" in rejected[6]
    assert "没有企业名称" in rejected[7]


_CELL = st.one_of(
    st.text(alphabet="ＡａB１2华華 \t\x1f公司-", max_size=8),
    st.integers(-3, 3),
    st.floats(allow_nan=False, min_value=-3, max_value=3),
    st.booleans(),
    st.none(),
)


@given(st.lists(_CELL, max_size=60), st.booleans())
def test_a_column_folds_as_each_cell_alone(cells, texts_only):
    """Whichever way a column is folded (joined as one text when every cell is a text and most
    differ, per distinct value otherwise, by type where a boolean is in it), each cell comes out
    as fold(cell_text(cell))."""
    from regiontool.records import _fold_column

    column = tuple(normalize.cell_text(c) for c in cells) if texts_only else tuple(cells)
    assert _fold_column(column) == [normalize.fold(normalize.cell_text(c)) for c in column]


def test_a_column_of_booleans_and_numbers_folds_each_by_its_type(tmp_path):
    """TRUE, 1 and 1.0 are one member of a set: each cell still gets its own text, whichever came
    first, and a firm's first value is the same read from the column or from its rows."""
    from regiontool.records import _fold_column, contact_records

    assert _fold_column((True, 1, 1.0, False, 0, 0.0, "1")) == ["TRUE", "1", "1", "FALSE", "0", "0", "1"]
    assert _fold_column((1, True)) == ["1", "TRUE"]
    rows_in = [["甲厂", True, "", "张三"], ["乙厂", 1, "", "李四"], ["丙厂", 1.0, "", "王五"]]
    book = read_book(write_xlsx(tmp_path / "c.xlsx", HEADERS, rows_in))
    rows = sheet_rows(book, detect_layout(book))
    firms = firms_of(rows)
    contact_records(rows, firms)
    expected = rows.first_values(list(firms), "industry", simplified=True)
    assert expected == ["TRUE", "1", "1"]
    assert rows.first_values_of(list(firms.values()), "industry", simplified=True) == expected
