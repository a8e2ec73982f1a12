"""Tier funnel verdicts: each threshold on small hand-made funnels."""

from __future__ import annotations

from regiontool.analysis.tiers import SPARSE_BELOW, build_funnels, funnel_frame, judge, verdict_frame


def test_sparse_when_few_prospects():
    verdict, zh, en = judge({"A": 2, "C": 3, "V": 40, None: 100})
    assert verdict == "sparse" and "5" in zh and f"under {SPARSE_BELOW}" in en


def test_no_pipeline_without_c_or_d():
    assert judge({"A": 20, "B": 15, "V": 5})[0] == "no_pipeline"


def test_virtuous_many_a_fed_by_b_c_d():
    verdict, zh, _ = judge({"A": 30, "B": 30, "C": 40, "D": 30})
    assert verdict == "virtuous" and "30" in zh


def test_stuck_many_c_d_few_a():
    verdict, _, en = judge({"A": 5, "B": 20, "C": 60, "D": 60})
    assert verdict == "stuck" and "not moving" in en


def test_mixed_otherwise():
    assert judge({"A": 12, "B": 40, "C": 30, "D": 30, "E": 8})[0] == "mixed"


def test_one_funnel_per_group_largest_first_blank_last():
    groups = [("王", "A", 5), ("王", "C", 10), ("李", "A", 30), ("李", "D", 40), (None, "A", 1)]
    funnels = build_funnels(groups, "manager")
    assert [f.group for f in funnels] == ["李", "王", None]
    assert [f.total for f in funnels] == [70, 15, 1]
    frame = funnel_frame(funnels, by="manager")
    # a row per group and 总计: the companies in each tier and their 总计, then each tier's share
    tiers = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V", "(空白)"]
    assert list(frame.columns) == ["区域经理", *tiers, "总计", *(f"{t} %" for t in tiers)]
    assert frame["区域经理"].tolist() == ["李", "王", "(空白)", "总计"]
    assert frame["总计"].tolist() == [70, 15, 1, 86]
    assert frame[tiers].sum(axis=1).tolist() == frame["总计"].tolist()
    shares = frame[[f"{t} %" for t in tiers]].sum(axis=1).tolist()
    assert all(abs(x - 1) < 1e-9 for x in shares)
    assert frame.iloc[-1][tiers].tolist() == frame.iloc[:-1][tiers].sum().tolist()
    verdicts = verdict_frame(funnels, "manager")
    assert verdicts.iloc[2, 0] == "(空白)" and verdicts.columns[0] == "区域经理"


def test_single_funnel_has_meaning_and_action():
    frame = funnel_frame(build_funnels([("A", 3), (None, 2)], None), lang="en")
    a = frame.iloc[0].to_dict()
    assert a["tier"] == "A" and a["companies"] == 3 and a["action"] == "visit"
    blank = frame.iloc[-2].to_dict()
    assert blank["tier"] == "(blank)" and blank["companies"] == 2 and blank["action"] == "classify"
