"""Market view: target industries, town density, white space with its reason, beachheads."""

from __future__ import annotations

from regiontool.analysis.market import build_market


def _groups(*blocks):
    """(town, industry, tier, n) blocks → the grouped rows the workspace returns."""
    return [(t, i, tier, n, 0.0, 0) for t, i, tier, n in blocks]


def test_dense_town_without_customers_is_white_space_one_v_makes_a_beachhead():
    groups = _groups(
        ("长河镇", "电子电器", "A", 10),
        ("长河镇", "电子电器", "C", 30),
        ("周巷镇", "电子电器", "C", 39),
        ("周巷镇", "电子电器", "V", 1),
    )
    m = build_market(groups)
    assert m.white_space["镇街"].tolist() == ["长河镇"]
    assert m.white_space.iloc[0]["可能原因"].startswith("尚未开发")
    assert m.beachheads["镇街"].tolist() == ["周巷镇"] and m.beachheads.iloc[0]["V"] == 1


def test_reasons_data_incomplete_and_mismatch():
    groups = _groups(
        ("甲镇", "五金机械", "O", 15),
        ("甲镇", "五金机械", None, 10),
        ("甲镇", "五金机械", "C", 15),
        ("乙镇", "五金机械", "F3", 10),
        ("乙镇", "五金机械", "D", 30),
    )
    m = build_market(groups, lang="en")
    reasons = dict(zip(m.white_space["town"], m.white_space["likely reason"], strict=True))
    assert reasons["甲镇"].startswith("data incomplete: 63%")  # 25 of 40, rounded half up as Excel
    assert reasons["乙镇"].startswith("industry mismatch: 25%")


def test_small_towns_are_not_white_space():
    m = build_market(_groups(("丙镇", "模具", "C", 19)))
    assert m.white_space.empty
    assert build_market(_groups(("丙镇", "模具", "C", 19)), min_firms=10).white_space["镇街"].tolist() == [
        "丙镇"
    ]


def test_target_industries_by_share_or_given():
    groups = _groups(("甲镇", "电子电器", "A", 990), ("甲镇", "化工", "A", 10), ("甲镇", None, "A", 5))
    m = build_market(groups)
    assert m.targets == ["电子电器"]  # 化工 is 0.995%: not above 1%
    table = m.industries
    assert table["行业"].tolist() == ["电子电器", "化工", "(空白)"]
    assert table["目标行业(>1%)"].tolist() == ["是", "", ""]
    assert build_market(groups, targets=["化工"]).targets == ["化工"]
    towns = build_market(groups, targets=["化工"]).towns
    assert towns.iloc[0]["目标行业企业"] == 10


def test_penetration_and_unknown_share():
    groups = _groups(("甲镇", "塑料", "V", 5), ("甲镇", "塑料", "O", 5), ("甲镇", "塑料", None, 10))
    m = build_market(groups)
    assert m.industries.iloc[0]["渗透率(V)"] == 0.25
    assert m.towns.iloc[0]["情况不明(O+空白)"] == 15 and m.towns.iloc[0]["不明占比"] == 0.75


def test_the_catch_all_industry_is_listed_last_and_never_a_target_by_share():
    # 其他 (unclassified) holds 30% of the firms, yet is no industry to plan for: not a target,
    # its firms not counted as target-industry firms of a town (so no white space from them).
    groups = _groups(
        ("甲镇", "其他", "C", 30),
        ("甲镇", "电子电器", "C", 20),
        ("乙镇", "电子电器", "C", 50),
        ("乙镇", None, "C", 1),
    )
    m = build_market(groups)
    assert m.targets == ["电子电器"]
    assert m.industries["行业"].tolist() == ["电子电器", "其他", "(空白)"]
    assert m.industries["目标行业(>1%)"].tolist() == ["是", "", ""]
    towns = dict(zip(m.towns["镇街"], m.towns["目标行业企业"], strict=True))
    assert towns == {"乙镇": 50, "甲镇": 20}
    assert m.white_space["镇街"].tolist() == ["乙镇", "甲镇"]
    assert build_market(groups, min_firms=21).white_space["镇街"].tolist() == ["乙镇"]
    assert build_market(groups, targets=["其他"]).targets == ["其他"]  # named by hand: as given


def test_the_target_column_names_its_rule():
    groups = _groups(("甲镇", "电子电器", "A", 96), ("甲镇", "塑料", "A", 4))
    assert "目标行业(>5%)" in build_market(groups, min_share=5).industries.columns
    assert "target (>2.5%)" in build_market(groups, lang="en", min_share=2.5).industries.columns
    chosen = build_market(groups, targets=["塑料"]).industries
    assert chosen["目标行业(指定)"].tolist() == ["", "是"]


def test_towns_tied_on_target_firms_are_in_name_order_whatever_order_the_database_grouped_them():
    """SQLite and PostgreSQL group in different orders: towns with as many target firms (and the
    white space and beachheads taken from them) come by name, so both list them alike (review r38 #2)."""
    blocks = [
        ("桥头镇", "电子电器", "C", 30),
        ("掌起镇", "电子电器", "C", 30),
        ("浒山街道", "电子电器", "V", 5),
        ("匡堰镇", "电子电器", "V", 5),
        ("横河镇", "电子电器", "C", 40),
    ]
    orders = [build_market(_groups(*b)) for b in (blocks, blocks[::-1], blocks[2:] + blocks[:2])]
    for m in orders:
        assert m.towns["镇街"].tolist() == ["横河镇", "掌起镇", "桥头镇", "匡堰镇", "浒山街道"]
        assert m.white_space["镇街"].tolist() == ["横河镇", "掌起镇", "桥头镇"]
        assert m.beachheads["镇街"].tolist() == ["匡堰镇", "浒山街道"]
