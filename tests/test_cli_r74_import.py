"""Import after review r74: the tier column by the field's own name (客户分类) read by rows, and other
gradings (信用等级, 产品类别 …) no tier at all; the tool's own outputs beside a user's sheet; managers'
names folded."""

from __future__ import annotations

from conftest import explained, imported, write_sheet

ADDRESS = "浙江省慈溪市坎墩街道工业路1号"
TIERS = ["A", "B", "C", "D", "E", "V", "F1", "A", "B", "C", "大客户"]


def _firm(i: int) -> str:
    return f"慈溪市华{i:02d}电器有限公司"


def _tiers(cli, n: int) -> dict[str, str]:
    return {_firm(i): explained(cli, _firm(i))["tier"][0] for i in range(n)}


def test_a_credit_rating_column_is_no_tier(cli, tmp_path):
    rows = [
        [_firm(i), ADDRESS, f"张{i}", f"138123456{i:02d}", TIERS[i % 11], "ABC"[i % 3]] for i in range(22)
    ]
    path = write_sheet(
        tmp_path, "crm.xlsx", ["企业名称", "地址", "联系人", "电话", "客户分类", "信用等级"], rows
    )
    result = imported(cli, path)
    assert "信用等级 →" not in result.stdout
    assert _tiers(cli, 22)[_firm(5)] == "V"


def test_other_gradings_name_no_tier(cli, tmp_path):
    from regiontool.io.layout import field_of_header

    for header in ("信用等级", "信用级别", "联系人级别", "产品类别", "纳税人类别", "客户信用等级"):
        assert field_of_header(header) != "tier", header
    for header in ("客户等级", "客户类别", "类别", "等级", "客戶分類", "Customer Tier"):
        assert field_of_header(header) == "tier", header


def test_the_own_named_tier_column_is_kept_over_a_cleaner_grading_despite_a_typo(cli, tmp_path):
    rows = [
        [_firm(i), ADDRESS, f"张{i}", f"138123456{i:02d}", TIERS[i % 11], "ABC"[i % 3]] for i in range(22)
    ]
    path = write_sheet(
        tmp_path, "crm.xlsx", ["企业名称", "地址", "联系人", "电话", "客户分类", "客户等级"], rows
    )
    result = imported(cli, path)
    assert "按取值" not in result.stdout
    tiers = _tiers(cli, 22)
    assert (tiers[_firm(3)], tiers[_firm(5)], tiers[_firm(6)]) == ("D", "V", "F1")


def test_a_category_column_before_the_own_named_tier_column_is_passed_over(cli, tmp_path):
    order = ["A", "B", "C", "D", "E", "V", "F1", "O"]
    rows = [[_firm(i), "A" if i % 3 else "B", f"张{i}", f"138123456{i:02d}", order[i % 8]] for i in range(16)]
    path = write_sheet(tmp_path, "tie.xlsx", ["企业名称", "类别", "联系人", "电话", "客户分类"], rows)
    result = imported(cli, path)
    assert "原样保留：类别" in result.stdout
    assert _tiers(cli, 16) == {_firm(i): order[i % 8] for i in range(16)}
