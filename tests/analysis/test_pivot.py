"""Pivot grids: hand-counted tables, blanks, filters, nesting, and totals that always add up."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiontool.analysis.pivot import (
    Filter,
    PivotRequest,
    build_pivot,
    counting_unit,
    parse_field,
    parse_where,
)
from regiontool.errors import UsageError

# (town, tier, records): as the workspace's GROUP BY returns them, plus sum and valued count.
GROUPS = [
    ("长河镇", "A", 2, 0, 0),
    ("长河镇", None, 1, 0, 0),
    ("周巷镇", "V", 3, 0, 0),
    ("周巷镇", "A", 1, 0, 0),
    (None, "B", 1, 0, 0),
]


def _grid(p):
    return p.frame.to_numpy(dtype=object).tolist()


def test_two_way_hand_counted():
    p = build_pivot(GROUPS, PivotRequest(by=["town", "tier"]), "companies")
    assert list(p.frame.columns) == ["镇街", "A", "B", "V", "(空白)", "总计"]
    assert _grid(p) == [
        ["周巷镇", 1, 0, 3, 0, 4],
        ["长河镇", 2, 0, 0, 1, 3],
        ["(空白)", 0, 1, 0, 0, 1],
        ["总计", 3, 1, 3, 1, 8],
    ]
    assert p.kinds == ["data", "data", "data", "total"]
    assert p.records == 8 and p.title == "企业数 · 镇街 × 客户分类"


def test_one_way_and_english_labels():
    groups = [("A", 3, 0, 0), (None, 2, 0, 0), ("F1", 1, 0, 0)]
    p = build_pivot(groups, PivotRequest(by=["tier"]), "companies", lang="en")
    assert _grid(p) == [["A", 3], ["F1", 1], ["(blank)", 2], ["Total", 6]]
    assert list(p.frame.columns) == ["tier", "companies"]


def test_nested_rows_have_subtotals():
    groups = [
        ("长河镇", "电子电器", "A", 2, 0, 0),
        ("长河镇", "五金机械", "A", 1, 0, 0),
        ("长河镇", "电子电器", "B", 1, 0, 0),
        ("周巷镇", None, "A", 1, 0, 0),
    ]
    p = build_pivot(groups, PivotRequest(by=["town", "industry", "tier"]), "companies")
    assert _grid(p) == [
        ["长河镇", "电子电器", 2, 1, 3],
        ["长河镇", "五金机械", 1, 0, 1],
        ["长河镇 汇总", "", 3, 1, 4],
        ["周巷镇", "(空白)", 1, 0, 1],
        ["周巷镇 汇总", "", 1, 0, 1],
        ["总计", "", 4, 1, 5],
    ]
    assert p.kinds == ["data", "data", "subtotal", "data", "subtotal", "total"]


def test_fixed_orders_for_tier_key_contact_and_size():
    groups = [
        ("否", "小型", 1, 0, 0),
        ("是", "大型", 1, 0, 0),
        (None, "微型", 1, 0, 0),
        ("是", None, 1, 0, 0),
    ]
    p = build_pivot(groups, PivotRequest(by=["key_contact", "size"]), "contacts")
    assert [r[0] for r in _grid(p)] == ["是", "否", "(空白)", "总计"]
    assert list(p.frame.columns)[1:] == ["大型", "小型", "微型", "(空白)", "总计"]


def test_top_folds_the_rest_into_other_before_blank():
    groups = [
        ("甲镇", "A", 5, 0, 0),
        ("乙镇", "A", 4, 0, 0),
        ("丙镇", "A", 3, 0, 0),
        ("丁镇", "A", 2, 0, 0),
        (None, "A", 1, 0, 0),
    ]
    p = build_pivot(groups, PivotRequest(by=["town", "tier"], top=2), "companies")
    assert [r[0] for r in _grid(p)] == ["甲镇", "乙镇", "其余 2 项", "(空白)", "总计"]
    assert _grid(p)[2][-1] == 5 and _grid(p)[-1][-1] == 15


def test_top_fold_is_not_named_like_the_industry_other():
    # 其他 is an industry of its own (the unclassified); the --top fold must not take its name.
    groups = [("电子电器", 9, 0, 0), ("其他", 5, 0, 0), ("五金机械", 3, 0, 0), ("塑料", 2, 0, 0)]
    p = build_pivot(groups, PivotRequest(by=["industry"], top=2), "companies")
    assert [r[0] for r in _grid(p)] == ["电子电器", "其他", "其余 2 项", "总计"]
    en = build_pivot(groups, PivotRequest(by=["industry"], top=2), "companies", "en")
    assert [r[0] for r in _grid(en)][2] == "the other 2"


def test_sort_by_name():
    groups = [("b", 1, 0, 0), ("a", 5, 0, 0)]
    p = build_pivot(groups, PivotRequest(by=["town"], sort="name"), "companies")
    assert [r[0] for r in _grid(p)] == ["a", "b", "总计"]


def test_row_shares_and_counts_beside():
    p = build_pivot(GROUPS, PivotRequest(by=["town", "tier"], pct="row"), "companies")
    first = _grid(p)[0]
    assert first[0] == "周巷镇" and first[1] == pytest.approx(0.25) and first[-1] == pytest.approx(1.0)
    assert p.counts.iloc[0].tolist() == ["周巷镇", 1, 0, 3, 0, 4]


def test_column_and_total_shares():
    col = build_pivot(GROUPS, PivotRequest(by=["town", "tier"], pct="col"), "companies")
    assert [r[1] for r in _grid(col)] == pytest.approx([1 / 3, 2 / 3, 0, 1.0])
    tot = build_pivot(GROUPS, PivotRequest(by=["town", "tier"], pct="total"), "companies")
    assert _grid(tot)[-1][-1] == pytest.approx(1.0) and _grid(tot)[0][-1] == pytest.approx(0.5)


def test_mean_margins_come_from_the_records_not_the_means():
    groups = [("大型", 1, 1000.0, 1), ("小型", 3, 300.0, 3)]
    p = build_pivot(groups, PivotRequest(by=["size"], values="mean:employees"), "companies")
    assert _grid(p)[-1][1] == pytest.approx(1300 / 4)  # not (1000 + 100) / 2
    with pytest.raises(UsageError):
        build_pivot(groups, PivotRequest(by=["size"], values="mean:employees", pct="row"), "companies")


def test_empty_result_is_a_table_with_zero_total():
    p = build_pivot([], PivotRequest(by=["town", "tier"]), "companies")
    assert p.empty and _grid(p) == [["总计", 0]]


def test_units():
    assert counting_unit(["town", "tier"], "auto") == "companies"
    assert counting_unit(["key_contact", "tier"], "auto") == "contacts"
    assert counting_unit(["col:来源"], "auto") == "contacts"
    assert counting_unit(["town"], "contacts") == "contacts"


def test_field_names_in_both_languages_and_original_columns():
    assert parse_field("镇街", []) == "town" and parse_field("town", []) == "town"
    assert parse_field("客户分类", []) == "tier" and parse_field("是否关键联系人", []) == "key_contact"
    assert parse_field("来源", ["来源"]) == "col:来源"
    with pytest.raises(UsageError) as err:
        parse_field("tow", ["来源"])
    assert "town" in str(err.value) and "来源" in str(err.value)


def test_where_parsing():
    f = parse_where("tier=a,Ｂ,(空白)", [])
    assert (f.field, f.negate, f.values) == ("tier", False, ["A", "B", ""])
    g = parse_where("镇街!=长河镇", [])
    assert (g.field, g.negate, g.values) == ("town", True, ["长河镇"])
    with pytest.raises(UsageError):
        parse_where("tier", [])


# --- the invariant: cells add up to the margins, the grand total is the record count --

values = st.one_of(st.none(), st.sampled_from(["A", "B", "V", "长河镇", "周巷镇", "x"]))
records = st.lists(st.tuples(values, values, values), max_size=60)


def _group(rows, dims):
    out: dict = {}
    for r in rows:
        out[r[:dims]] = out.get(r[:dims], 0) + 1
    return [(*k, n, 0.0, 0) for k, n in out.items()]


@settings(max_examples=150, deadline=None)
@given(records, st.integers(1, 3), st.sampled_from([None, 1, 2]))
def test_cells_add_up_to_margins_and_records(rows, dims, top):
    by = ["town", "industry", "manager"][:dims]
    p = build_pivot(_group(rows, dims), PivotRequest(by=by, top=top), "companies")
    grid = p.frame.iloc[:, p.label_columns :].to_numpy(dtype=float)
    kinds = p.kinds
    assert p.records == len(rows)
    assert grid[kinds.index("total"), -1] == len(rows)
    data = [i for i, k in enumerate(kinds) if k == "data"]
    if dims > 1:
        for i in range(len(kinds)):  # each row's cells add up to its total column
            assert math.isclose(grid[i, :-1].sum(), grid[i, -1])
        assert math.isclose(grid[data, :-1].sum(), len(rows))
        for j in range(grid.shape[1]):  # column totals are the sums of the data rows
            assert math.isclose(grid[data, j].sum(), grid[kinds.index("total"), j])
    else:
        assert math.isclose(grid[data, 0].sum(), len(rows))


@settings(max_examples=100, deadline=None)
@given(records, st.sampled_from(["A", "长河镇", "x"]), st.booleans())
def test_filtered_total_equals_filtered_records(rows, value, negate):
    kept = [r for r in rows if (r[0] == value) != negate]
    p = build_pivot(
        _group(kept, 2),
        PivotRequest(by=["town", "tier"], where=[Filter("town", negate, [value])]),
        "companies",
    )
    assert p.records == len(kept)
