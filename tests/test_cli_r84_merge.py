"""Review r84 on `regiontool merge`: the merged-in contacts' keys against the kept firm's later rows,
the merged name's rows filling only blanks, edits in an export written after the merge, and the
check table's alignment (store.merging, records.contact_records, reimport, cli.workspace)."""

from __future__ import annotations

from conftest import imported, write_sheet
from conftest import ok as _ok
from conftest import query as _rows

HEADERS = ["企业名称", "地址", "联系人", "手机", "客户分类", "区域经理"]
KEPT, OTHER = "宁波华峰电器有限公司", "慈溪市华峰电器厂"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"
THIRD = ["宁波宏达五金厂", "周巷镇环城北路5号", "赵敏", "13700000002", "B", "沈晓东"]
T1 = [
    [KEPT, ADDRESS, "张伟", "13812345678", "V", "王海波"],
    [KEPT, ADDRESS, "李娜", "13987654321", "V", "王海波"],
    [OTHER, ADDRESS, "张伟", "13812345679", None, "沈晓东"],
    [OTHER, ADDRESS, "王强", "13700000001", None, "沈晓东"],
    THIRD,
]


def _sheet(tmp_path, folder: str, rows, headers=HEADERS):
    (tmp_path / folder).mkdir(exist_ok=True)
    return write_sheet(tmp_path / folder, f"{folder}.xlsx", headers, rows)


def _phones(db) -> list[str]:
    return sorted(p for (p,) in _rows(db, "SELECT phone FROM contacts"))


def _kept(db, col: str):
    return _rows(db, f"SELECT {col} FROM companies WHERE name = ?", (KEPT,))[0][0]


def _merged(cli, db, tmp_path):
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, T1))
    _ok(cli, "merge", OTHER, KEPT)


def test_kept_list_second_namesake_is_a_new_contact(cli, db, tmp_path):
    """N2: the kept firm's own list with a second 张伟 adds a contact; the merged-in 张伟 keeps its
    phone, and the other's list then changes nothing."""
    _merged(cli, db, tmp_path)
    k2 = [T1[0], [KEPT, ADDRESS, "张伟", "13800001111", "V", "王海波"], T1[1]]
    phones = ["13700000001", "13700000002", "13800001111", "13812345678", "13812345679", "13987654321"]
    for folder, rows in (("k_2zw", k2), ("other_only", T1[2:4]), ("both", [*k2, *T1[2:4]])):
        result = imported(cli, _sheet(tmp_path, folder, rows))
        assert _phones(db) == phones, result.output


def test_a_name_new_on_both_lists_is_two_contacts(cli, db, tmp_path):
    """N6: 孙丽 added to both firms' lists after the merge: two contacts, whatever the order."""
    _merged(cli, db, tmp_path)
    imported(cli, _sheet(tmp_path, "k", [*T1[:2], [KEPT, ADDRESS, "孙丽", "13811110000", "V", "王海波"]]))
    imported(cli, _sheet(tmp_path, "o", [*T1[2:4], [OTHER, ADDRESS, "孙丽", "13700000009", None, "沈晓东"]]))
    phones = _rows(db, "SELECT phone FROM contacts WHERE name = '孙丽' ORDER BY phone")
    assert phones == [("13700000009",), ("13811110000",)]


def test_merged_rows_only_fill_blanks_of_the_kept_firm(cli, db, tmp_path):
    """N5: a list holding both names whose kept rows leave 客户分类/区域经理/地址 blank: the merged
    name's values change none of the stored ones, each a conflicting value."""
    _merged(cli, db, tmp_path)
    other = "浙江省宁波市慈溪市坎墩街道兴业路8号"
    rows = [
        [KEPT, None, "张伟", "13812345678", None, None],
        [OTHER, other, "张伟", "13812345679", "B", "沈晓东"],
    ]
    for folder, listed in (("both", rows), ("rev", rows[::-1])):
        result = imported(cli, _sheet(tmp_path, folder, listed))
        assert (_kept(db, "tier"), _kept(db, "manager")) == ("V", "王海波"), result.output
        assert _kept(db, "address") == ADDRESS and _kept(db, "town") == "长河镇", result.output
    problems = cli("problems", "-f", "csv").output
    assert "沈晓东" in problems and OTHER in problems


def test_edit_on_a_merged_in_row_of_a_later_export_is_taken(cli, db, tmp_path):
    """N4: in an export written after the merge, the tier typed on a merged-in contact's row sets
    the kept firm's tier."""
    import openpyxl

    _merged(cli, db, tmp_path)
    export = tmp_path / "post.xlsx"
    _ok(cli, "export", str(export))
    book = openpyxl.load_workbook(export)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows(max_row=5) if any(c.value == "客户分类（整理）" for c in r))
    col = next(c.column for c in header if c.value == "客户分类（整理）")
    row = next(
        r[0].row for r in sheet.iter_rows(min_row=header[0].row + 1) if any(c.value == "王强" for c in r)
    )
    sheet.cell(row, col).value = "A"
    book.save(export)
    result = imported(cli, export)
    assert _kept(db, "tier") == "A", result.output


def test_edit_on_a_merged_row_of_an_earlier_export_is_said(cli, db, tmp_path):
    """N1: in an export written before the merge, a manager typed on the merged firm's row: not
    taken (the row shows the merged firm), and a problem names the row, the firm and the value."""
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, T1))
    export = tmp_path / "pre.xlsx"
    _ok(cli, "export", str(export))
    _ok(cli, "merge", OTHER, KEPT)
    _set_cell(export, "王强", "区域经理（整理）", "李明")
    result = imported(cli, export)
    assert _kept(db, "manager") == "王海波", result.output
    listed = cli("problems", "-f", "csv").output
    said = [ln for ln in listed.splitlines() if "merged-row-edit" in ln]
    assert len(said) == 1 and "李明" in said[0] and OTHER in said[0] and KEPT in said[0], listed


def _set_cell(path, contact: str, header_text: str, value: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows(max_row=5) if any(c.value == header_text for c in r))
    col = next(c.column for c in header if c.value == header_text)
    row = next(
        r[0].row for r in sheet.iter_rows(min_row=header[0].row + 1) if any(c.value == contact for c in r)
    )
    sheet.cell(row, col).value = value
    book.save(path)


def test_check_aligns_every_table_count(cli, db, tmp_path):
    """N3: `check` pads the table labels by display width: every count starts in one column."""
    from rich.cells import cell_len

    _merged(cli, db, tmp_path)
    out = _ok(cli, "check").output
    lines = [
        ln for ln in out.splitlines() if ln.strip().startswith(("跟进记录", "记为不同的企业", "已并入的企业"))
    ]
    assert len(lines) == 3, out
    ends = {cell_len(ln.rstrip()) - len(ln.rstrip().split()[-1]) for ln in lines}
    assert len(ends) == 1, out
