"""records.py: a second reader of a firm field (SheetRows.first_values) takes what firm_fields takes."""

from __future__ import annotations

from conftest import write_xlsx
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
