"""Review r87: `merge` keeps both firms' rows of a person both list as two contacts (李娜 and
李娜@其名), as before r85's folding, which lost the merged row's other phone and title (F1), let the
merged name's later rows overwrite the kept firm's own values (F2), hid what it filled from the
export (F3) and gave a phone to the wrong namesake (F8); the summary still counts such people
(store.merging.move_contacts, editing.merge_companies)."""

from __future__ import annotations

import openpyxl

from conftest import connect, imported, write_sheet

HEADERS = ["企业名称", "地址", "联系人", "职务", "手机", "客户分类"]
KEPT, OTHER = "宁波华峰电器有限公司", "慈溪市华峰电器厂"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"


def _rows(db, sql: str) -> list:
    con = connect(db)
    try:
        return sorted(tuple(r) for r in con.execute(sql))
    finally:
        con.close()


def _merged(cli, tmp_path, rows):
    imported(cli, write_sheet(tmp_path, "both.xlsx", HEADERS, rows))
    result = cli("merge", OTHER, KEPT)
    assert result.exit_code == 0, result.output
    return result


def test_the_merged_rows_other_phone_and_title_are_kept(cli, db, tmp_path):
    """F1: 李娜 with a second phone and another title on the merged firm: nothing of it is lost,
    and the summary still says one person is on both firms."""
    result = _merged(
        cli,
        tmp_path,
        [
            [KEPT, ADDRESS, "李娜", "经理", "13987654321", "V"],
            [OTHER, ADDRESS, "李娜", "采购经理", "13987654321; 13911112222", None],
        ],
    )
    assert _rows(db, "SELECT title, phone FROM contacts") == [
        ("经理", "13987654321"),
        ("采购经理", "13987654321; 13911112222"),
    ]
    assert "其中 1 位两家都列有" in result.output, result.output


def test_a_later_list_of_both_firms_overwrites_nothing(cli, db, tmp_path):
    """F2: the next version of the list (both firms, one unrelated cell edited) leaves the kept
    firm's 刘洋 with both its phones, and the merged firm's 劉洋 as written."""
    rows = [
        [KEPT, ADDRESS, "张伟", "总经理", "13812345678", "V"],
        [KEPT, ADDRESS, "刘洋", None, "13500000001; 13500000002", "V"],
        [OTHER, ADDRESS, "劉洋", "财务", "13500000002", None],
    ]
    _merged(cli, tmp_path, rows)
    (tmp_path / "next").mkdir()
    rows[0][3] = "董事长"
    imported(cli, write_sheet(tmp_path / "next", "both.xlsx", HEADERS, rows))
    assert _rows(db, "SELECT name, title, phone FROM contacts WHERE name LIKE '%洋'") == [
        ("刘洋", None, "13500000001; 13500000002"),
        ("劉洋", "财务", "13500000002"),
    ]


def test_the_export_after_the_merge_shows_every_stored_value(cli, db, tmp_path):
    """F3: what list/explain show of the merged firm's 劉洋 (职务 财务) is in the export too."""
    _merged(
        cli,
        tmp_path,
        [
            [KEPT, ADDRESS, "刘洋", None, "13500000001; 13500000002", "V"],
            [OTHER, ADDRESS, "劉洋", "财务", "13500000002", None],
        ],
    )
    out = tmp_path / "post.xlsx"
    result = cli("export", str(out))
    assert result.exit_code == 0, result.output
    cells = [c for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "财务" in cells


def test_a_phone_goes_to_no_other_namesake(cli, db, tmp_path):
    """F8: the kept firm's receptionist 李娜 (no phone) does not take the merged buyer's phone."""
    _merged(
        cli,
        tmp_path,
        [
            [KEPT, ADDRESS, "李娜", "前台", None, "V"],
            [KEPT, ADDRESS, "李娜", "采购", "13987654321", "V"],
            [OTHER, ADDRESS, "李娜", "采购经理", "13987654321", None],
        ],
    )
    assert ("前台", None) in _rows(db, "SELECT title, phone FROM contacts")
    assert len(_rows(db, "SELECT id FROM contacts")) == 3
