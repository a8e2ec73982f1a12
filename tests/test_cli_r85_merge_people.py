"""Review r85: a person both merged firms list is counted by `merge` (and --dry-run); since review r87
both rows stay contacts (李娜 and 李娜@其名: folding them lost what differed), a later list of either
name finds its own row, namesakes with other phones are not counted
(store.merging.move_contacts, editing.merge_companies)."""

from __future__ import annotations

import json

from conftest import imported, write_sheet
from conftest import ok as _ok
from conftest import query as _rows

HEADERS = ["企业名称", "地址", "联系人", "职务", "手机", "客户分类"]
KEPT, OTHER = "宁波华峰电器有限公司", "慈溪市华峰电器厂"
ADDRESS = "浙江省宁波市慈溪市长河镇垫桥村118号"
KEPT_ROWS = [
    [KEPT, ADDRESS, "张伟", None, "13812345678", "V"],
    [KEPT, ADDRESS, "李娜", None, "13987654321", "V"],
]
OTHER_ROWS = [
    [OTHER, ADDRESS, "李娜", "采购经理", "13987654321", None],
    [OTHER, ADDRESS, "王强", None, "13700000001", None],
    [OTHER, ADDRESS, "赵敏", None, "13700000002", None],
]


def _names(db) -> list[str]:
    return sorted(n for (n,) in _rows(db, "SELECT name FROM contacts"))


def _merge(cli, db, tmp_path, *args):
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, [*KEPT_ROWS, *OTHER_ROWS]))
    return _ok(cli, "merge", OTHER, KEPT, *args)


def test_a_person_on_both_firms_is_counted_and_kept_twice(cli, db, tmp_path):
    """The repro: 李娜 (13987654321) on both firms: both rows stay (the kept firm's untouched, the
    other's as 李娜@其名, its title with it), and the summary says one person is on both."""
    result = _merge(cli, db, tmp_path)
    assert _names(db) == ["张伟", "李娜", "李娜", "王强", "赵敏"]
    held = _rows(db, "SELECT contact_key, title FROM contacts WHERE name = '李娜' ORDER BY id")
    assert [(k.split("@")[0], t) for k, t in held] == [("李娜", None), ("李娜", "采购经理")]
    assert "联系人 3 位" in result.output and "其中 1 位两家都列有" in result.output


def test_dry_run_says_the_same_people_and_writes_nothing(cli, db, tmp_path):
    result = _merge(cli, db, tmp_path, "--dry-run", "--lang", "en")
    assert "1 of them listed by both firms" in result.output, result.output
    assert len(_names(db)) == 5


def test_list_and_pivot_count_the_contacts_kept(cli, db, tmp_path):
    _merge(cli, db, tmp_path)
    listed = json.loads(_ok(cli, "list", "-f", "json").stdout)
    assert [r["联系人数"] for r in listed] == [5]
    pivot = json.loads(_ok(cli, "pivot", "--by", "tier", "--count", "contacts", "-f", "json").stdout)
    assert [r["联系人数"] for r in pivot] == [5, 5]


def test_reimport_of_the_merged_firms_list_finds_its_own_contact(cli, db, tmp_path):
    """The merged name's list again (李娜's title edited): it lands on that name's 李娜 only (the kept
    firm's untouched), and no third 李娜 comes; the kept firm's list again changes nothing."""
    _merge(cli, db, tmp_path)
    (tmp_path / "again").mkdir()
    rows = [[*OTHER_ROWS[0][:3], "采购总监", *OTHER_ROWS[0][4:]], *OTHER_ROWS[1:]]
    imported(cli, write_sheet(tmp_path / "again", "other.xlsx", HEADERS, rows))
    assert _names(db) == ["张伟", "李娜", "李娜", "王强", "赵敏"]
    assert _rows(db, "SELECT title FROM contacts WHERE name = '李娜' ORDER BY id") == [(None,), ("采购总监",)]
    imported(cli, write_sheet(tmp_path / "again", "kept.xlsx", HEADERS, KEPT_ROWS))
    assert _rows(db, "SELECT title FROM contacts WHERE name = '李娜' ORDER BY id") == [(None,), ("采购总监",)]


def test_namesakes_with_other_phones_are_not_counted(cli, db, tmp_path):
    """Two 李娜 with different phones are two people; 张伟 without a phone is counted as on both."""
    other = [[OTHER, ADDRESS, "李娜", None, "13900000000", None], [OTHER, ADDRESS, "张伟", None, None, None]]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, [*KEPT_ROWS, *other]))
    result = _ok(cli, "merge", OTHER, KEPT)
    assert _names(db) == ["张伟", "张伟", "李娜", "李娜"], result.output
    assert "其中 1 位两家都列有" in result.output, result.output


def test_a_chain_of_merges_keeps_the_first_names_list_on_its_own_contacts(cli, db, tmp_path):
    """A into B, then B into C, 李娜 on all three: three 李娜, and A's list found again on its own."""
    third = "宁波华峰集团有限公司"
    rows = [*KEPT_ROWS, *OTHER_ROWS, [third, ADDRESS, "李娜", None, "13987654321", None]]
    imported(cli, write_sheet(tmp_path, "contacts.xlsx", HEADERS, rows))
    _ok(cli, "merge", OTHER, KEPT)
    _ok(cli, "merge", KEPT, third)
    (tmp_path / "again").mkdir()
    imported(cli, write_sheet(tmp_path / "again", "other.xlsx", HEADERS, OTHER_ROWS))
    assert _names(db) == ["张伟", "李娜", "李娜", "李娜", "王强", "赵敏"]
    assert _rows(db, "SELECT title FROM contacts WHERE name = '李娜' ORDER BY id") == [
        (None,),
        ("采购经理",),
        (None,),
    ]
