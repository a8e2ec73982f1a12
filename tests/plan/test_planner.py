"""The planner on hand-made frames: actions by tier, capacity, towns, intervals, churn, determinism."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from regiontool import vocab
from regiontool.plan.planner import (
    COMPANY_COLUMNS,
    REACH_COLUMNS,
    PlanOptions,
    attach_reach,
    day_capacity,
    pick_contact,
    plan,
    timetable,
)

WEEK = [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]  # the National Day week's workdays


def companies(rows):
    """rows: (id, tier, town[, manager[, deal, closing, value_level]])."""
    out = []
    for r in rows:
        cid, tier, town, *rest = r
        manager = rest[0] if rest else "王海波"
        deal, closing, level = (rest[1:] + [None, None, None])[:3]
        out.append([cid, f"企业{cid}", tier, tier, manager, town, deal, closing, level, None, None])
    return pd.DataFrame(out, columns=list(COMPANY_COLUMNS))


def test_actions_by_tier_and_f2_f3_never_planned():
    tiers = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V", None]
    items = plan(
        companies([(i, t, "长河镇") for i, t in enumerate(tiers)]), WEEK, PlanOptions(visits_per_day=5)
    )
    by_tier = {t: c for t, c in zip(items["tier"].fillna(""), items["category"], strict=True)}
    assert by_tier == {
        "A": "visit",
        "E": "replace",
        "V": "revisit",
        "B": "follow",
        "C": "demo",
        "O": "call",
        "": "classify",
        "D": "touch",
        "F1": "watch",
    }
    assert set(items.loc[items["tier"].isin(["A", "E", "V"]), "mode"]) == {"visit"}
    assert all(items["task"].str.len() > 4) and all(items["reason"].str.len() > 4)


def test_capacity_and_nobody_twice_in_a_week():
    rows = [(i, "A", "长河镇") for i in range(20)] + [(100 + i, "C", "长河镇") for i in range(50)]
    items = plan(companies(rows), WEEK, PlanOptions(visits_per_day=3, calls_per_day=10))
    per_day = items.groupby(["date", "mode"]).size().unstack()
    assert per_day["visit"].tolist() == [3, 3, 3] and per_day["call"].tolist() == [10, 10, 10]
    assert items["company_id"].is_unique


def test_a_day_of_visits_stays_in_one_or_two_towns():
    towns = ["长河镇", "周巷镇", "新浦镇", "庵东镇"]
    rows = [(i, "A", towns[i % 4]) for i in range(24)]
    items = plan(companies(rows), WEEK + [date(2026, 10, 12)], PlanOptions(visits_per_day=3))
    for _day, g in items.groupby("date"):
        assert g["town"].nunique() == 1  # six A firms per town: each day one town
    # the best-ranked firm (lowest id) is visited first, with two more from its town
    first = items[items["date"] == WEEK[0]]
    assert first["company_id"].tolist() == [0, 4, 8]


def test_two_towns_when_the_first_runs_out():
    rows = [(1, "A", "长河镇"), (2, "A", "周巷镇"), (3, "A", "周巷镇"), (4, "A", "新浦镇")]
    items = plan(companies(rows), WEEK[:1], PlanOptions(visits_per_day=3))
    assert items["company_id"].tolist() == [1, 2, 3]
    assert items["town"].nunique() == 2


def test_energy_and_value_come_before_tier_order():
    rows = [(1, "A", "长河镇"), (2, "A", "周巷镇", "王海波", "超额", "本月内", "一级"), (3, "E", "新浦镇")]
    items = plan(companies(rows), WEEK[:1], PlanOptions(visits_per_day=1))
    assert items["company_id"].tolist() == [2]
    assert "能级A" in items["reason"][0] and "关注顺序1" in items["reason"][0]


def test_recent_contact_waits_for_its_interval_and_missed_come_first():
    rows = [(1, "A", "长河镇"), (2, "A", "周巷镇"), (3, "A", "新浦镇")]
    activities = pd.DataFrame(
        [(1, "2026-10-01", "done"), (3, "2026-09-30", "done"), (3, "2026-10-02", "missed")],
        columns=["company_id", "day", "status"],
    )
    items = plan(companies(rows), WEEK, PlanOptions(visits_per_day=1), activities)
    assert items["company_id"].tolist() == [3, 2]  # 1 waits (A: 14 days), 3 was missed: first
    assert "10-02 未完成，优先安排" in items["reason"][0]
    later = plan(
        companies(rows), [date(2026, 10, 14), date(2026, 10, 15)], PlanOptions(visits_per_day=3), activities
    )
    assert later.loc[later["company_id"] == 1, "date"].tolist() == [date(2026, 10, 15)]  # 14 days after 10-01


def test_churn_frame_makes_win_back_visits_by_value_at_risk():
    rows = [(1, "A", "长河镇"), (2, "V", "周巷镇"), (3, "V", "新浦镇"), (4, "B", "长河镇")]
    churn = pd.DataFrame(
        [(2, 50_000.0, "90 天未下单"), (3, 120_000.0, "订单减少")],
        columns=["company_id", "value_at_risk", "reason"],
    )
    items = plan(companies(rows), WEEK[:1], PlanOptions(visits_per_day=2), churn=churn)
    visits = items[items["mode"] == "visit"]
    assert visits["company_id"].tolist() == [3, 2]
    assert set(visits["category"]) == {"winback"}
    assert "120,000" in visits["reason"].iloc[0] and "订单减少" in visits["reason"].iloc[0]


def test_one_plan_per_manager_with_its_own_capacity():
    rows = [(i, "A", "长河镇", "王海波") for i in range(5)] + [
        (10 + i, "A", "周巷镇", "沈晓东") for i in range(5)
    ]
    items = plan(companies(rows), WEEK[:1], PlanOptions(visits_per_day=2))
    assert items.groupby("manager").size().to_dict() == {"沈晓东": 2, "王海波": 2}
    assert set(items.loc[items["manager"] == "沈晓东", "town"]) == {"周巷镇"}


def test_deterministic_whatever_the_input_order():
    rows = [(i, "ABCDEOV"[i % 7], ["长河镇", "周巷镇", None][i % 3]) for i in range(200)]
    frame = companies(rows)
    days = [date(2026, 10, 12) + timedelta(days=n) for n in range(5)]
    a = plan(frame, days)
    b = plan(frame.sample(frac=1, random_state=7), days)
    pd.testing.assert_frame_equal(a, b)


def test_timetable_skips_lunch():
    slots = timetable(3, 2)
    assert slots[:3] == [("09:00", "10:15"), ("10:30", "11:45"), ("13:30", "14:45")]
    assert slots[3] == ("15:00", "15:10")


def test_english_tasks_and_reasons():
    items = plan(companies([(1, "A", "长河镇")]), WEEK[:1], PlanOptions(lang="en"))
    assert items["task"][0].startswith("on-site visit") and "tier A" in items["reason"][0]


def test_activities_from_the_plan_period_on_do_not_change_it():
    rows = [(1, "A", "长河镇"), (2, "A", "周巷镇")]
    before = plan(companies(rows), WEEK, PlanOptions(visits_per_day=1))
    later = pd.DataFrame(
        [(1, "2026-10-08", "done"), (2, "2026-10-20", "missed")], columns=["company_id", "day", "status"]
    )
    pd.testing.assert_frame_equal(before, plan(companies(rows), WEEK, PlanOptions(visits_per_day=1), later))


def test_a_days_routine_calls_mix_actions_and_ranked_ones_come_first():
    # 40 B, 40 C, 40 O and 40 unclassified firms, all due; one C firm ranked by energy and value.
    rows = [
        (i, t, "长河镇")
        for t, base in (("B", 0), ("C", 100), ("O", 200), (None, 300))
        for i in range(base, base + 40)
    ]
    rows.append((999, "C", "长河镇", "王海波", "重要", "本月内", "一级"))
    items = plan(companies(rows), WEEK, PlanOptions(visits_per_day=0, calls_per_day=10))
    first_day = items[items["date"] == WEEK[0]]
    assert first_day.iloc[0]["company_id"] == 999  # ranked by value and energy: before any routine call
    counts = first_day["category"].value_counts().to_dict()
    # turns of three B, two C, one O, one unclassified; the second turn fills the day with B
    assert counts == {"follow": 5, "demo": 3, "call": 1, "classify": 1}
    assert set(items["category"]) == {"follow", "demo", "call", "classify"}


def test_the_contact_to_ask_for_has_a_phone_the_key_one_first_then_a_key_one_without():
    first = {"id": 1, "name": "陈霞", "phone": None, "key_contact": "否", "source_row": 4}
    phoned = {"id": 2, "name": "邵亚军", "phone": "15352871836", "key_contact": None, "source_row": 5}
    key = {"id": 3, "name": "谢桂芳", "phone": None, "key_contact": "是", "source_row": 6}
    # a plan line must be callable: a colleague with a phone before a key contact without one
    assert pick_contact([first, phoned, key])["name"] == "邵亚军"
    assert pick_contact([first, phoned, {**key, "phone": "13838751213"}])["name"] == "谢桂芳"
    assert pick_contact([first, key])["name"] == "谢桂芳"  # nobody has a phone: the key contact
    assert pick_contact([phoned, first])["name"] == "邵亚军"
    assert pick_contact([{**first, "phone": "13838751213"}, phoned])["name"] == "陈霞"
    assert pick_contact([]) is None


def test_plan_lines_carry_contact_phone_and_address():
    items = plan(companies([(1, "A", "长河镇"), (2, "B", "长河镇"), (3, "C", "周巷镇")]), WEEK)
    assert items[list(REACH_COLUMNS)].isna().all().all()  # the planner itself reads no contacts
    contacts = {
        1: [
            {
                "id": 9,
                "name": "谢桂芳",
                "title": "行政",
                "phone": "18629047728; 0574-58752037",
                "key_contact": "是",
            }
        ],
        2: [{"id": 10, "name": " ", "title": None, "phone": "0574-63212867", "key_contact": None}],
    }
    filled = attach_reach(items, contacts, {1: "慈溪市长河镇工业路1号", 3: None})
    by_id = filled.set_index("company_id")
    assert by_id.loc[1, "contact"] == "谢桂芳" and by_id.loc[1, "title"] == "行政"
    assert by_id.loc[1, "phone"] == "18629047728; 0574-58752037"
    assert by_id.loc[1, "address"] == "慈溪市长河镇工业路1号"
    assert pd.isna(by_id.loc[2, "contact"]) and by_id.loc[2, "phone"] == "0574-63212867"
    assert by_id.loc[3, ["contact", "phone", "address"]].isna().all()  # a firm without contacts
    assert list(filled.columns) == list(items.columns) and len(filled) == len(items)


def test_scored_firms_come_right_after_chase_and_before_routine_firms_of_the_same_town():
    # 1 owes money in 长河镇, where 2 and 3 are routine A firms; 4 (周巷镇) has an energy score only
    # (no value level), 5 (新浦镇) is churn-warned: 催款, then the score, then churn, then routine.
    rows = [
        (1, "V", "长河镇"),
        (2, "A", "长河镇"),
        (3, "A", "长河镇"),
        (4, "A", "周巷镇", "王海波", "重要", "更长期"),
    ]
    rows.append((5, "V", "新浦镇"))
    chase = pd.DataFrame([(1, 9_000.0, 90)], columns=["company_id", "amount", "oldest_days"])
    churn = pd.DataFrame([(5, 80_000.0, "订单减少")], columns=["company_id", "value_at_risk", "reason"])
    items = plan(companies(rows), WEEK[:1], PlanOptions(visits_per_day=3), churn=churn, chase=chase)
    assert items["company_id"].tolist() == [1, 4, 2]  # the routine firm of a chosen town fills the day
    assert items["category"].tolist()[:2] == ["chase", "visit"]
    both = plan(companies(rows), WEEK, PlanOptions(visits_per_day=1), churn=churn, chase=chase)
    assert both["company_id"].tolist() == [1, 4, 5]


def test_attention_first_then_highest_energy_and_deterministic():
    rows = [
        (1, "A", "长河镇", "王海波", "微小", "有意向"),  # D 4.0, no value level
        (2, "A", "周巷镇", "王海波", "超额", "本月内"),  # A 10.0, no value level
        (3, "A", "新浦镇", "王海波", "重要", "考核期内", "三级"),  # A 8.0, attention 3
        (4, "A", "庵东镇"),
    ]
    items = plan(companies(rows), WEEK + [date(2026, 10, 12)], PlanOptions(visits_per_day=1))
    assert items["company_id"].tolist() == [3, 2, 1, 4]
    again = plan(companies(rows[::-1]), WEEK + [date(2026, 10, 12)], PlanOptions(visits_per_day=1))
    assert again.equals(items)


def test_a_deal_closing_this_month_is_planned_before_the_month_ends():
    # the week of 2026-11-30: only Monday is in November; three firms owe more urgent money
    week = [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]
    rows = [(i, "V", town) for i, town in ((1, "长河镇"), (2, "周巷镇"), (3, "新浦镇"))]
    rows += [(4, "A", "庵东镇", "王海波", "超额", "本月内"), (5, "B", "庵东镇", "王海波", "微小", "本月内")]
    chase = pd.DataFrame(
        [(i, 1_000.0 * i, 90) for i in (1, 2, 3)], columns=["company_id", "amount", "oldest_days"]
    )
    items = plan(companies(rows), week, PlanOptions(visits_per_day=1, calls_per_day=1), chase=chase)
    monday = items[items["date"] == week[0]]
    assert monday["company_id"].tolist() == [4, 5]
    assert "本月内成交，月底前安排" in monday["reason"].iloc[0]
    assert items.loc[items["mode"] == "visit", "company_id"].tolist() == [4, 3, 2, 1]  # then 催款, most owed
    assert items["company_id"].is_unique
    # a plan inside one month: 催款 first, the deal closing this month at the latest on its last day
    december = plan(companies(rows), week[1:], PlanOptions(visits_per_day=1, calls_per_day=1), chase=chase)
    assert december.loc[december["mode"] == "visit", "company_id"].tolist() == [3, 2, 4]


def test_a_day_holds_what_fits_in_the_working_day_and_the_rest_waits():
    rows = [(i, "A", "长河镇") for i in range(30)] + [(100 + i, "C", "长河镇") for i in range(300)]
    day_end = vocab.WORKDAY_HOURS[1]
    items = plan(companies(rows), WEEK, PlanOptions(visits_per_day=10, calls_per_day=60))
    assert items["end"].max() <= day_end and items["start"].min() >= vocab.WORKDAY_HOURS[0]
    assert items.groupby("date").size().tolist() == [5, 5, 5]  # five visits fill the day
    assert day_capacity(10, 60) == (5, 0) and day_capacity(3, 10) == (3, 10)
    calls = plan(companies(rows[30:]), WEEK, PlanOptions(visits_per_day=3, calls_per_day=100))
    per_day = calls.groupby("date").size().tolist()
    assert per_day == [day_capacity(0, 100)[1]] * 3 and calls["end"].max() <= day_end  # no visits: more calls
    assert calls["company_id"].is_unique  # the calls that did not fit wait for the next day
    with pytest.raises(ValueError):
        timetable(10, 0)


def test_a_month_reaches_every_firm_before_it_sees_one_again():
    # 20 A and 20 E firms in four towns, two churn-warned V firms and one owing money, all due:
    # 20 working days of 3 visits. Before, the ranked firms took both towns every 14 days and the
    # same low-id A firms every interval, and most E firms never came.
    towns = ["长河镇", "周巷镇", "新浦镇", "庵东镇"]
    rows = [(i, "A", towns[i % 4]) for i in range(20)] + [(100 + i, "E", towns[i % 4]) for i in range(20)]
    rows += [(200, "V", "长河镇"), (201, "V", "周巷镇"), (202, "V", "新浦镇")]
    churn = pd.DataFrame(
        [(200, 90_000.0, "订单减少"), (201, 50_000.0, "订单减少")],
        columns=["company_id", "value_at_risk", "reason"],
    )
    chase = pd.DataFrame([(202, 9_000.0, 90)], columns=["company_id", "amount", "oldest_days"])
    days = [date(2026, 11, 2) + timedelta(days=n) for n in range(28) if (n % 7) < 5]
    items = plan(companies(rows), days, PlanOptions(visits_per_day=3), churn=churn, chase=chase)
    visits = items[items["mode"] == "visit"]
    assert set(visits["company_id"]) == {r[0] for r in rows}  # every A, E and V firm
    assert set(visits.loc[visits["tier"] == "E", "category"]) == {"replace"}
    assert visits["company_id"].value_counts().max() <= 2  # nobody a third time while others wait
    seen_again = visits[visits["company_id"].duplicated()]
    assert not seen_again.empty and set(seen_again["tier"]) <= {"A", "E", "V"}
    # a repeat visit only fills a day in a town with no firm left waiting for its first one
    for _, again in seen_again.iterrows():
        firsts = visits[~visits["company_id"].duplicated()]
        waiting = firsts[(firsts["date"] > again["date"]) & (firsts["town"] == again["town"])]
        assert waiting.empty, (again["company_id"], again["date"])
    assert visits.iloc[:3]["company_id"].tolist()[0] == 202  # 催款 still comes first


def test_firms_without_a_town_do_not_use_up_the_days_towns():
    # two firms without a town owe money (ranked): before, each took one of the day's two towns and
    # the day had two visits; now one of them is the day's loose stop and a town fills the rest
    rows = [(1, "V", None), (2, "V", None), (3, "A", "长河镇"), (4, "A", "长河镇"), (5, "A", "周巷镇")]
    chase = pd.DataFrame(
        [(1, 5_000.0, 90), (2, 4_000.0, 90)], columns=["company_id", "amount", "oldest_days"]
    )
    items = plan(companies(rows), WEEK[:2], PlanOptions(visits_per_day=3), chase=chase)
    first = items[items["date"] == WEEK[0]]
    assert first["company_id"].tolist() == [1, 3, 4]
    assert items.loc[items["date"] == WEEK[1], "company_id"].tolist() == [2, 5]


def test_due_firms_the_towns_rule_leaves_out_of_a_day_with_a_free_visit_are_counted():
    # day 1: 长河镇 (2 firms) and 周巷镇 (1) fill three visits; day 2: 新浦镇 and 庵东镇 leave one free
    # visit, and 观海卫镇's firm waits for a later plan
    rows = [(1, "A", "长河镇"), (2, "A", "长河镇"), (3, "A", "周巷镇")]
    rows += [(4, "A", "新浦镇"), (5, "A", "庵东镇"), (6, "A", "观海卫镇")]
    items = plan(companies(rows), WEEK[:2], PlanOptions(visits_per_day=3))
    assert len(items) == 5 and 6 not in set(items["company_id"])
    assert items.attrs["towns_left"] == 1
    full = plan(companies(rows[:5]), WEEK[:2], PlanOptions(visits_per_day=3))
    assert full.attrs["towns_left"] == 0  # a free visit, but nobody due is left out


@pytest.mark.parametrize("history", ["none", "missed"])
def test_a_firm_planned_twice_in_a_month_says_why_the_second_time(history):
    """The second visit of a month plan follows the first: its reason says so, and drops the
    contact history the first one answered (尚无联系记录, a miss); the tier's reason stays."""
    month = [date(2026, 3, 2) + timedelta(days=i) for i in range(31)]
    month = [d for d in month if d.weekday() < 5]
    activities = None
    if history == "missed":
        activities = pd.DataFrame([(1, "2026-02-27", "missed")], columns=["company_id", "day", "status"])
    items = plan(companies([(1, "A", "长河镇")]), month, PlanOptions(), activities)
    first, second = items["reason"].tolist()[:2]
    days = items["date"].tolist()
    interval = vocab.PLAN_ACTIONS["A"].interval_days
    assert (days[1] - days[0]).days >= interval
    assert ("尚无联系记录" in first) == (history == "none") and ("未完成" in first) == (history == "missed")
    assert second.startswith(f"本计划 {days[0]:%m-%d} 已安排一次，间隔 {interval} 天再次联系；")
    assert "A类（可以上门拜访）" in second and "尚无联系记录" not in second and "未完成" not in second
    en = plan(companies([(1, "A", "长河镇")]), month, PlanOptions(lang="en"), activities)["reason"].tolist()
    assert en[1].startswith(
        f"also planned on {days[0]:%m-%d}: again after its {interval}-day interval; tier A"
    )
