"""The forms built from a plan: overview, daily to-do blocks, month grid, quarter targets."""

from __future__ import annotations

from datetime import date

import pandas as pd

from regiontool.analysis.market import build_market
from regiontool.plan import PlanData
from regiontool.plan.forms import (
    DAY_COLUMNS,
    day_blocks,
    month_grid,
    overview_frame,
    plan_table,
    targets_frame,
    workbook_sheets,
)
from regiontool.plan.planner import COMPANY_COLUMNS, PlanOptions, attach_reach, plan
from regiontool.plan.workdays import WorkCalendar


def _data(period, start, end, lang="zh", market=None):
    rows = [
        [i, f"企业{i}", t, t, m, town, None, None, None, None, None]
        for i, (t, m, town) in enumerate(
            [
                ("A", "王海波", "长河镇"),
                ("A", "王海波", "长河镇"),
                ("C", "王海波", "周巷镇"),
                ("A", "沈晓东", "新浦镇"),
                ("O", "沈晓东", None),
            ]
        )
    ]
    companies = pd.DataFrame(rows, columns=list(COMPANY_COLUMNS))
    cal = WorkCalendar()
    days = cal.days(start, end)
    items = plan(companies, [d.day for d in days if d.workday], PlanOptions(lang=lang))
    return PlanData(
        period, start, end, days, items, ["沈晓东", "王海波"], lang, cal.warnings(lang), [], market
    )


def test_overview_has_days_off_and_a_row_per_manager_and_workday():
    data = _data("week", date(2026, 10, 5), date(2026, 10, 11))
    ov = overview_frame(data)
    assert len(ov) == 4 + 3 * 2  # 4 days off, 3 workdays × 2 managers
    off = ov[ov["日期"] == "2026-10-05"].iloc[0]
    assert off["说明"] == "休 · 国庆节"
    wang = ov[(ov["日期"] == "2026-10-08") & (ov["区域经理"] == "王海波")].iloc[0]
    assert wang["拜访"] == 2 and wang["电话"] == 1 and wang["镇街安排"] == "长河镇"
    assert ov[ov["日期"] == "2026-10-10"]["说明"].iloc[0].startswith("调休上班")


def test_day_blocks_have_the_method_columns():
    data = _data("week", date(2026, 10, 5), date(2026, 10, 11))
    blocks = day_blocks(data, date(2026, 10, 8))
    assert [m for m, _h, _f in blocks] == ["沈晓东", "王海波"]
    _m, heading, frame = blocks[1]
    assert list(frame.columns) == [
        "类别",
        "开始",
        "结束",
        "工作内容",
        "相关",
        "联系人",
        "联系电话",
        "备注",
        "完成情况",
        "企业编号",
    ]
    assert len(DAY_COLUMNS) == 10
    assert "拜访 2" in heading and frame["完成情况"].eq("").all()
    assert frame["相关"].iloc[0] == "企业0\n长河镇 · A"
    en = day_blocks(_data("week", date(2026, 10, 5), date(2026, 10, 11), "en"), date(2026, 10, 8))
    assert list(en[0][2].columns)[-2:] == ["outcome", "company_id"]


def test_day_blocks_say_whom_to_ask_for_and_where_to_go():
    data = _data("week", date(2026, 10, 5), date(2026, 10, 11))
    data.items = attach_reach(
        data.items,
        {0: [{"name": "谢桂芳", "title": "行政", "phone": "18629047728; 0574-58752037"}]},
        {0: "慈溪市长河镇工业路1号", 2: "周巷镇环城路2号"},
    )
    [wang] = [f for m, _h, f in day_blocks(data, date(2026, 10, 8)) if m == "王海波"]
    visit = wang[wang["企业编号"] == 0].iloc[0]
    assert visit["相关"] == "企业0\n长河镇 · A\n慈溪市长河镇工业路1号"
    assert visit["联系人"] == "谢桂芳\n行政" and visit["联系电话"] == "18629047728\n0574-58752037"
    call = wang[wang["企业编号"] == 2].iloc[0]
    assert call["相关"] == "企业2\n周巷镇 · C"  # a call needs no address
    assert call["联系人"] == "" and call["联系电话"] == ""
    flat = plan_table(data)
    assert flat.loc[flat["企业编号"] == 0, "地址"].iloc[0] == "慈溪市长河镇工业路1号"


def test_month_grid_runs_monday_to_sunday_and_names_the_holidays():
    data = _data("month", date(2026, 10, 1), date(2026, 10, 31))
    grid, shaded, events = month_grid(data)
    assert list(grid.columns) == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert len(grid) == 5  # 28 Sep … 1 Nov
    assert grid.iloc[0, 3].startswith("10/1") and "国庆节" in grid.iloc[0, 3]
    assert (0, 0) in shaded  # 28 September lies outside the month
    assert "调休上班" in grid.iloc[1, 5]  # Saturday 10 October
    assert events[0] == "10/1–10/7 休 · 国庆节"
    assert any("工作日" in e for e in events)


def test_quarter_targets_per_month_with_white_space():
    groups = [
        ("长河镇", "电子电器", "C", 30),
        ("周巷镇", "电子电器", "V", 3),
        ("周巷镇", "电子电器", "A", 20),
    ]
    market = build_market(groups)
    data = _data("quarter", date(2027, 1, 1), date(2027, 3, 31), market=market)
    t = targets_frame(data)
    assert t["月份"].tolist() == ["2027-01", "2027-02", "2027-03"]
    assert t["工作日"].tolist()[0] == 20  # January 2027 by rule: 元旦 off
    assert "A→V 推进签约：3 家" in t["分类推进目标"].iloc[0]
    assert t["开发空白镇街"].iloc[0] == "长河镇（30）" and t["开发空白镇街"].iloc[1] == ""
    assert t["目标行业"].iloc[0] == "电子电器"
    names = [s.name for s in workbook_sheets(data)]
    assert names[:2] == ["季度目标", "计划总览"] and len(names) == 2 + data.items["date"].nunique() + 1
    assert names[-1] == "计划备注"  # hidden: the remarks as planned, for done


def test_flat_table_columns_in_english():
    data = _data("week", date(2026, 10, 5), date(2026, 10, 11), "en")
    table = plan_table(data)
    assert list(table.columns) == [
        "date",
        "start",
        "end",
        "category",
        "company",
        "company_id",
        "town",
        "tier",
        "task",
        "reason",
        "manager",
        "contact",
        "title",
        "phone",
        "address",
    ]
    assert table["date"].iloc[0] == "2026-10-08" and table["category"].iloc[0] in {
        "visit",
        "call to find out",
    }


def test_english_forms_name_the_holidays_in_english():
    data = _data("month", date(2026, 10, 1), date(2026, 10, 31), "en")
    ov = overview_frame(data)
    assert ov[ov["date"] == "2026-10-05"]["note"].iloc[0] == "off · National Day"
    assert ov[ov["date"] == "2026-10-10"]["note"].iloc[0] == "make-up workday · National Day"
    grid, _shaded, events = month_grid(data)
    assert "National Day" in grid.iloc[0, 3] and events[0] == "10/1–10/7 off · National Day"
    assert not any("国庆" in str(v) for v in [*ov.to_numpy().ravel(), *grid.to_numpy().ravel(), *events])


def test_overview_counts_stay_whole_numbers_beside_the_days_off():
    ov = overview_frame(_data("month", date(2026, 10, 1), date(2026, 10, 31)))
    counts = [v for v in [*ov["拜访"], *ov["电话"]] if v is not None]
    assert counts and all(type(v) is int for v in counts)  # 3, not 3.0
    assert ov.loc[ov["日期"] == "2026-10-04", "拜访"].iloc[0] is None  # a day off stays blank
