"""Words of work plans: actions by tier, plan columns, statuses, weekdays."""

from __future__ import annotations

from dataclasses import dataclass

from . import WORDS
from .sheets import SHEETS

# --- work plans (plan, done) --------------------------------------------------------
# What the plan does with each tier (DOMAIN.md §2, issue 8): the category of the work,
# whether it takes a visit or a call, its goal in words and how long a customer of the
# tier waits after a contact before it is planned again. F2/F3 are never planned.


@dataclass(frozen=True)
class PlanAction:
    category: str  # key of PLAN_CATEGORIES
    mode: str  # "visit" or "call"
    interval_days: int  # a contacted customer waits this long before the next plan
    goal_zh: str
    goal_en: str

    def goal(self, lang: str = "zh") -> str:
        return self.goal_en if lang == "en" else self.goal_zh


PLAN_CATEGORIES: dict[str, tuple[str, str]] = {
    "winback": ("挽回", "win-back"),
    "chase": ("催款", "collection"),
    "visit": ("拜访", "visit"),
    "replace": ("替换拜访", "replacement visit"),
    "revisit": ("回访", "revisit"),
    "follow": ("跟进", "follow-up"),
    "demo": ("演示邀约", "demo invitation"),
    "call": ("电话了解", "call to find out"),
    "classify": ("电话分类", "classify by phone"),
    "touch": ("低频联系", "keep in touch"),
    "watch": ("观察", "watch"),
}

NO_TIER = ""  # key of PLAN_ACTIONS for a blank (or unreadable) tier
PLAN_ACTIONS: dict[str, PlanAction] = {
    "A": PlanAction(
        "visit",
        "visit",
        14,
        "上门拜访：确认需求和决策人，推进方案与报价",
        "on-site visit: confirm needs and the decision maker, move to a proposal",
    ),
    "E": PlanAction(
        "replace",
        "visit",
        30,
        "上门拜访：了解对手产品的问题，争取替换",
        "on-site visit: learn what fails with the competitor's product, win the replacement",
    ),
    "V": PlanAction(
        "revisit",
        "visit",
        30,
        "回访：服务与满意度，争取转介绍和增购",
        "revisit: service and satisfaction, ask for referrals and upsell",
    ),
    "B": PlanAction(
        "follow",
        "call",
        30,
        "电话跟进：了解规划进度，在规划前保持联系",
        "follow-up call: where their plan stands, stay close before it starts",
    ),
    "C": PlanAction("demo", "call", 21, "电话邀约：产品演示或研讨会", "call: invite to a demo or seminar"),
    "O": PlanAction(
        "call", "call", 30, "电话了解情况，确定客户分类", "call to find out their situation and set the tier"
    ),
    NO_TIER: PlanAction("classify", "call", 60, "电话联系，给客户分类", "call and classify the customer"),
    "D": PlanAction(
        "touch",
        "call",
        90,
        "低频联系：问候，留意需求变化",
        "low-frequency contact: keep in touch, watch for a change",
    ),
    "F1": PlanAction(
        "watch", "call", 180, "观察：了解对手产品的使用情况", "watch: how their competitor product is doing"
    ),
}
WINBACK_ACTION = PlanAction(
    "winback",
    "visit",
    14,
    "挽回拜访：了解流失原因，恢复合作",
    "win-back visit: learn why they went quiet, restore the business",
)
# 催款 (issue 12): overdue receivables; the task names the amount. Over 60 days a visit, else a call.
CHASE_VISIT = PlanAction("chase", "visit", 14, "上门催收应收款", "visit to collect what is owed")
CHASE_CALL = PlanAction("chase", "call", 7, "电话催收应收款", "call to collect what is owed")
CHASE_VISIT_DAYS = 60

# A plan's working day (planner.timetable): visits from its start (each with the travel after it),
# then the calls; nothing over lunch and nothing past its end. Work that does not fit waits for
# the next working day (planner.day_capacity).
WORKDAY_HOURS = ("09:00", "18:00")
LUNCH_HOURS = ("12:00", "13:30")
VISIT_MINUTES, TRAVEL_MINUTES, CALL_MINUTES = 75, 15, 10

# The notes a plan prints on stderr (and the report under its plan sheet): (zh, en) templates, filled
# by vocab.fill (the English count words as '{n:company|companies}').
PLAN_NOTES: dict[str, tuple[str, str]] = {
    "day_full": (
        "一个工作日（{start}–{end}）排不下 {want_visits} 个拜访和 {want_calls} 个电话：最多 {visits} 个拜访，"
        "之后最多 {calls} 个电话（拜访少的日子电话可多些），其余顺延到以后的工作日",
        "{want_visits} {want_visits:visit|visits} and {want_calls} {want_calls:call|calls} do not fit in a "
        "working day ({start}–{end}): at most {visits} {visits:visit|visits}, then {calls} "
        "{calls:call|calls} (more on a day with fewer visits); the rest wait for later working days",
    ),
    "no_manager": (
        "{n:,} 家企业没有区域经理，未排入计划（regiontool set 企业 --manager 姓名）",
        "{n:,} {n:company has|companies have} no manager and {n:is|are} not planned "
        "(regiontool set NAME --manager …)",
    ),
    "no_workdays": (
        "这段时间没有工作日{why}，没有安排工作",
        "no working day in this period{why}: nothing is planned",
    ),
    "nothing_due": (
        "没有可安排的客户：F2/F3 以外的客户在这段时间都不到联系间隔",
        "nothing to plan: no customer outside F2/F3 is due in this period",
    ),
    "calls_left": (
        "拜访占去了打电话的时间：本计划排了 {planned:,} 个电话（要求 {asked:,} 个），"
        "{left:,} 家该打电话的企业没有排上，留给以后的计划",
        "visits took the time for calls: this plan holds {planned:,} {planned:call|calls} of the {asked:,} "
        "asked, and {left:,} {left:company|companies} due for a call {left:is|are} not planned (a later plan "
        "takes {left:it|them})",
    ),
    "towns_left": (
        "{n:,} 家该拜访的企业没有排上：有的日子拜访没排满，但一天的拜访只在一两个镇街（没有镇街的企业一天一家），"
        "它们在别的镇街，留给以后的计划",
        "{n:,} {n:company|companies} due for a visit {n:is|are} not planned although a day has a free "
        "visit: a day's visits stay in one or two towns (and one stop without a town), and "
        "{n:its town|theirs} is another (a later plan takes {n:it|them})",
    ),
    # a deal closing 本月内 (CLOSING_NOW) the plan's working days of its month could not hold: one
    # due for a visit (more visits, or a call instead) …
    "month_missed": (
        "{n:,} 家本月内成交的企业在本月最后一个工作日 {day} 前排不下：{names}（可加排拜访，或先打电话）",
        "{n:,} {n:company|companies} closing this month did not fit before the month's last working day "
        "{day}: {names} (add visits, or call first)",
    ),
    # … and one due for a call, which is a call already: more calls a day
    "month_missed_calls": (
        "{n:,} 家本月内成交、该打电话的企业在本月最后一个工作日 {day} 前排不下：{names}"
        "（可多排电话：--calls-per-day）",
        "{n:,} {n:company|companies} closing this month and due for a call did not fit before the month's "
        "last working day {day}: {names} (plan more calls a day: --calls-per-day)",
    ),
    "calls_left_hint": (
        "；每天不超过 {visits} 个拜访时，{calls} 个电话都排得下",
        "; with at most {visits} {visits:visit|visits} a day, {calls:the|all} {calls} "
        "{calls:call fits|calls fit}",
    ),
    "calendar_fallback": (
        "{year} 年的放假安排不在日历数据中（数据只有 {since}–{until} 年）：按周末、法定节日及其补假推算，没有调休"
        "上班日；已公布的请用 --calendar FILE（日期,休/班）写上",
        "the {year} holiday schedule is not in the calendar data (it covers {since}–{until}): weekends, "
        "rule-based public holidays and their substitute days off are used, without make-up workdays; "
        "once announced, give it with --calendar FILE (date,off/work)",
    ),
    "calendar_fallback_partial": (
        "{year} 年的放假安排不在日历数据中（数据只有 {since}–{until} 年）：--calendar 文件写了其中 {n} 天，"
        "其余日子仍按周末、法定节日及其补假推算，没有调休上班日；文件里没写的放假、调休上班日请补上",
        "the {year} holiday schedule is not in the calendar data (it covers {since}–{until}): the "
        "--calendar file gives {n} {n:day|days} of it, and the other days are still weekends, rule-based "
        "public holidays and their substitute days off, without make-up workdays; add the days it "
        "lacks to the file",
    ),
    "moved_off": (
        "{n:,} 家企业改期到的日子不是工作日，排在其后的工作日：{firms}",
        "{n:,} {n:company was|companies were} rescheduled to a day that is not a working day and {n:is|are} "
        "planned on a later working day: {firms}",
    ),
    "moved_later": (
        "{n:,} 家企业改期到本计划最后一个工作日之后，这次不排，留给以后的计划：{firms}",
        "{n:,} {n:company was|companies were} rescheduled to a day after this plan's last working day and "
        "{n:is|are} not planned now (a later plan takes {n:it|them}): {firms}",
    ),
    "moved_no_workdays": (
        "{n:,} 家企业改期了，但这段时间没有工作日，这次不排，留给以后的计划（括号里是改到的日子）：{firms}",
        "{n:,} {n:company was|companies were} rescheduled, but this period has no working day: {n:it is|they "
        "are} not planned now (a later plan takes {n:it|them}; in brackets the day {n:it was|they were} "
        "moved to): {firms}",
    ),
}


def plan_note(key: str, lang: str = "zh", **values) -> str:
    """A plan note (PLAN_NOTES) in the language, filled in."""
    from . import fill

    return fill(PLAN_NOTES[key][1 if lang == "en" else 0], **values)


def holiday_name(name: str, lang: str = "zh") -> str:
    """A holiday's name (zh, as the calendar gives it) in the language; a --calendar note as written."""
    for zh, en in HOLIDAY_NAMES.values():
        if name in (zh, en):
            return en if lang == "en" else zh
    return name


# 完成情况: what the manager writes back, longest spelling matched first (after NFKC, lower case).
# The word that opens the cell decides; an ASCII word must stand whole ("No answer" is not "no").
ACTIVITY_STATUS: dict[str, tuple[str, str]] = {
    "done": ("完成", "done"),
    "missed": ("未完成", "missed"),
    "rescheduled": ("改期", "rescheduled"),
    "note": ("备注", "note"),
}
STATUS_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(
        (
            "完成",
            "已完成",
            "已经完成",
            "已经拜访",
            "已经联系",
            "完毕",
            "已办",
            "已拜访",
            "拜访了",
            "已回访",
            "回访了",
            "已走访",
            "已上门",
            "上门了",
            "已联系",
            "联系了",
            "已联系上",
            "联系上了",
            "已电联",
            "电联了",
            "已电话",
            "已打电话",
            "打过电话",
            "已致电",
            "已沟通",
            "沟通了",
            "已见面",
            "见面了",
            "已见到",
            "已去",
            "done",
            "ok",
            "yes",
            "y",
            "√",
            "✓",
            "✔",
            "✅",
            "☑",
            "是",
        ),
        "done",
    ),
    **dict.fromkeys(
        (
            "未完成",
            "没完成",
            "没有完成",
            "未能完成",
            "未办",
            "没办",
            "未去",
            "没去",
            "没有去",
            "未联系",
            "没联系",
            "没有联系",
            "未拜访",
            "没拜访",
            "没有拜访",
            "取消",
            "已取消",
            "missed",
            "not done",
            "cancelled",
            "canceled",
            "no",
            "n",
            "×",
            "✗",
            "x",
            "否",
        ),
        "missed",
    ),
    **dict.fromkeys(
        (
            "改期",
            "已改期",
            "延期",
            "已延期",
            "推迟",
            "已推迟",
            "另约",
            "顺延",
            "改天",
            "改日",
            "改到",
            "rescheduled",
            "postponed",
            "moved",
        ),
        "rescheduled",
    ),
}
# Text that says why the customer was not reached or the work moved (电话没人接, 客户不在, 关机,
# 部分完成, No answer): found anywhere in a cell that does not open with a status word, or opening
# it with more than a status word says ("No answer" is not "no"), it decides, and the whole text
# is kept as the note. English phrases match whole words only.
STATUS_PHRASES: dict[str, str] = {
    **dict.fromkeys(
        ("改期", "延期", "推迟", "另约", "顺延", "改天", "改日", "改到", "rescheduled", "postponed"),
        "rescheduled",
    ),
    **dict.fromkeys(
        (
            "未完成",
            "没完成",
            "没有完成",
            "部分完成",
            "未全部完成",
            "完成不了",
            "不能完成",
            "无法完成",
            "没法完成",
            "没人接",
            "没接",
            "号码错误",
            "号码有误",
            "错号",
            "无人接",
            "未接通",
            "没接通",
            "打不通",
            "没打通",
            "未打通",
            "联系不上",
            "没联系上",
            "未联系上",
            "没见到",
            "未见到",
            "关机",
            "停机",
            "空号",
            "拒接",
            "占线",
            "不在",
            "取消",
            "no answer",
            "not reached",
            "unreachable",
            "partly done",
            "partially done",
            "not in",
            "cancelled",
            "canceled",
            "switched off",
            "voicemail",
        ),
        "missed",
    ),
}
# Some other day after a done word is the next talk, not this visit moved (完成，改天再聊 stays done);
# without one it moves the work (客户忙，改天再去).
STATUS_PHRASES_NOT_AFTER_DONE = frozenset({"改天", "改日"})
# After a done word, a completion phrase before 的 and a noun describes a thing, not the visit
# (完成：未完成的订单下周补 is done): there it counts for nothing. Without a done word it still says the
# visit was missed (没完成的原因是客户没空); 的话 (if …) and a 的 ending the clause (没完成的。) are no noun.
STATUS_PHRASES_OF_A_THING = frozenset(p for p, s in STATUS_PHRASES.items() if s == "missed" and "完成" in p)
# A cancellation says the visit or call was called off only where it ends its clause (取消 / 客户取消了 /
# meeting cancelled): with an object after it (取消了和对手的合同) the customer cancelled something else.
STATUS_PHRASES_CLAUSE_END = frozenset({"取消", "cancelled", "canceled"})
# Longer words that hold a status word or phrase but say something else: a word or phrase inside one
# of them counts for nothing (不在意 is no 不在, 没接触 no 没接, 开关机柜 no 关机, 是否 no 是).
STATUS_LOOKALIKES: tuple[str, ...] = (
    "不在意",
    "不在乎",
    "不在于",
    "不在考虑",
    "不在话下",
    "不在少数",
    "不在此列",
    "不在范围",
    "不在计划",
    "不在预算",
    "没接触",
    "开关机",
    "关机柜",
    "是否",
    "是不是",
    "否则",
    "改天换地",
    "no answer needed",
    "not in a hurry",
)
# Days a note names relative to the day of the plan row (下周一再去 on a Thursday's visit: the next
# Monday), read by plan.readback.moved_to next to the written dates (12.9, 十二月九日). Opening a cell
# they reschedule it, as a written date does (明天再去, 下周一再打).
# Days after the visit: 明天 is the next day. 今天 is the visit's day itself: it moves nothing, so a cell
# it opens is read by the rest of it (今天客户不在 is missed), and a 改期 note takes the first other day
# it names (今天没空，明天再去: the next day).
RELATIVE_DAYS: dict[str, int] = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
# A weekday's character after 周 / 星期 / 礼拜 (Monday 0; 日 and 天 are Sunday).
WEEKDAY_NUMBERS: dict[str, int] = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# Before a weekday: that day of next week (下周三); alone: next week's Monday (下周).
NEXT_WEEK_WORDS: tuple[str, ...] = ("下周", "下星期", "下礼拜", "下个星期", "下个礼拜")
# Before a weekday: the next such weekday after the visit (周五, 本周五, 这周五).
THIS_WEEK_WORDS: tuple[str, ...] = (
    "周",
    "星期",
    "礼拜",
    "本周",
    "这周",
    "本星期",
    "这星期",
    "这个星期",
    "本礼拜",
    "这礼拜",
    "这个礼拜",
)
# After a number of days (3天后, 三天以后) or weeks (一周后, 两个星期以后): that many days or weeks after the visit.
DAYS_AFTER_WORDS: tuple[str, ...] = ("后", "以后", "之后")
WEEK_UNITS: tuple[str, ...] = ("周", "星期", "礼拜")
# A month's working days: end, the last working day of the visit's month (the next month's when the
# visit is on or after it; 12月底 of December); next_start, the first working day of next month;
# next_end, its last.
MONTH_WORDS: dict[str, str] = {
    "月底": "end",
    "月末": "end",
    "下个月": "next_start",
    "下月": "next_start",
    "下月初": "next_start",
    "下个月初": "next_start",
    "下月底": "next_end",
    "下个月底": "next_end",
    "下月末": "next_end",
    "下个月末": "next_end",
}
# A festival a rescheduled visit waits for (改期到春节后, 年后再联系, 节后, 国庆以后): the first working day
# after its days off, the next ones from the visit's day (None: whichever festival comes next); 元宵
# (正月十五, no day off) the first working day after it. Before DAYS_AFTER_WORDS; 年 and 节 alone only
# where no number or word makes them a year's or a section's (一年后, 明年后, 环节后).
HOLIDAY_AFTER_WORDS: dict[str, str | None] = {
    "春节": "春节",
    "过年": "春节",
    "过完年": "春节",
    "年": "春节",
    "节": None,
    "假期": None,
    "长假": None,
    "放假": None,
    "元旦": "元旦",
    "清明": "清明节",
    "清明节": "清明节",
    "五一": "劳动节",
    "劳动节": "劳动节",
    "端午": "端午节",
    "端午节": "端午节",
    "中秋": "中秋节",
    "中秋节": "中秋节",
    "国庆": "国庆节",
    "国庆节": "国庆节",
    "十一": "国庆节",
    "元宵": "元宵",
    "元宵节": "元宵",
    "正月十五": "元宵",
}
# Festivals with no days off, whose 节 is no festival waited for (感恩节过后, 母亲节后: r113 F6).
NON_HOLIDAY_FESTIVALS: tuple[str, ...] = (
    *("感恩节", "圣诞节", "母亲节", "父亲节", "情人节", "万圣节", "复活节", "儿童节", "教师节", "妇女节"),
    *("重阳节", "七夕节", "腊八节", "青年节", "建军节", "护士节", "光棍节", "购物节", "艺术节", "音乐节"),
)
# Between a festival and 后: its days off (国庆放假后, 春节假期后, 国庆长假后 are 国庆's, not the next festival's).
HOLIDAY_BREAK_WORDS: tuple[str, ...] = ("节假日", "假日", "放假", "假期", "长假", "黄金周", "过")
# … and those that say it is over without 后 (过完年再去).
HOLIDAY_PAST_WORDS: dict[str, str] = {
    "过完年": "春节",
    "过了年": "春节",
    **{
        f"{past}{name}": festival
        for name, festival in (
            ("春节", "春节"),
            ("元旦", "元旦"),
            ("五一", "劳动节"),
            ("国庆", "国庆节"),
            ("国庆节", "国庆节"),
            ("中秋", "中秋节"),
            ("端午", "端午节"),
            ("清明", "清明节"),
        )
        for past in ("过完", "过了")
    },
}
# The same in English notes (after the Spring Festival, after CNY, after the holiday).
HOLIDAY_AFTER_WORDS_EN: dict[str, str | None] = {
    "spring festival": "春节",
    "chinese new year": "春节",
    "lunar new year": "春节",
    "cny": "春节",
    "new year": "元旦",  # (New Year's Day: the Chinese one is named so)
    "new year's day": "元旦",
    "new year's": "元旦",
    "new year holiday": "元旦",
    "new year holidays": "元旦",
    "holiday": None,
    "holidays": None,
    "national day": "国庆节",
    "golden week": "国庆节",
    "may day": "劳动节",
    "labour day": "劳动节",
    "labor day": "劳动节",
    "dragon boat festival": "端午节",
    "mid-autumn festival": "中秋节",
    "lantern festival": "元宵",
}
# Longer words that hold a day word but name no day: 下周期 is no 下周, 周五金厂 no 周五, 底薪 no 月底,
# 两周一次 (a frequency) no 周一.
DATE_LOOKALIKES: tuple[str, ...] = ("周期", "周末", "周年", "周岁", "五金", "底薪", "周一次")
# After a day (月底前回款, 12.30之前, 周五以前报价, 下周一以内, 3天内回复): a deadline, not the day the work
# moves to. It neither makes the row 改期 by opening the cell nor is the day moved_to reads; the rest of
# the cell decides, as for any cell that does not open with a status word or a day (月底前回款 is a note).
DEADLINE_WORDS: tuple[str, ...] = ("前", "之前", "以前", "内", "之内", "以内", "为止", "截止", "截至")
# Words after a day that only start like a deadline word: 12.8前后 is about 12.8, 明天前往 goes tomorrow.
DEADLINE_LOOKALIKES: tuple[str, ...] = ("前后", "前往", "前去", "前来", "内容", "内部")
# In the clause after a day that can be past (a written date, 周三/本周三, 今天), at most PAST_WITHIN
# characters on: what already happened then (12.1已付款, 周三已发样品, 12月1日客户已经付款), not the day the
# work moves to. Like a deadline it neither reschedules nor is moved_to's day. A day that is always to come
# (明天, 下周一, 3天后, 月底) is never past. AGAIN_WORDS before the past word keep the day the work's (周五再看
# 已发的样品), and PAST_LOOKALIKES are arrangements for that day, or no past (12.8已约好, 周五刚好有空, 而已).
PAST_WORDS: tuple[str, ...] = ("已", "已经", "早已", "刚", "刚刚", "刚才")
PAST_WITHIN = 6
AGAIN_WORDS: tuple[str, ...] = ("再",)
# English says it the other way round, before the day (missed: call again 12/10, call him again on 12/10)
# or after it (12/10 call again, 12/10 again): after a miss, the day the work moves to (plan.readback._next_try).
AGAIN_WORDS_EN: tuple[str, ...] = (
    "again",
    "back",
    "call back",
    "callback",
    "retry",
    "follow up",
    "follow-up",
)
# Before again: a contact verb makes it the next try (call him again, calling again, asked to call again),
# and so does a word of what is to come (will be called again, we'll …); anything else says what happened
# (no answer again, did it again, called again, told him again).
AGAIN_VERBS_EN: tuple[str, ...] = (
    *("call", "try", "visit", "phone", "ring", "contact", "come", "go", "see", "meet", "check", "chase"),
    *("email", "text", "message", "remind", "follow"),
)
AGAIN_PAST_EN: tuple[str, ...] = ("had", "did", "was", "were", "told", "said", "spoke", "came", "went", "got")
AGAIN_FUTURE_EN: tuple[str, ...] = ("will", "shall", "should", "must", "need", "needs", "please", "plan")
PAST_LOOKALIKES: tuple[str, ...] = (
    "已约",
    "已经约",
    "已预约",
    "已经预约",
    "已安排",
    "已经安排",
    "刚好",
    "刚刚好",
    "而已",
)
# Chinese numerals' digits, in dates and day counts (十二月九日, 三天后, 两天后) and in figures
# (enrich/size: 三千万, 二十人).
CHINESE_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_UNITS: dict[str, int] = {"十": 10, "百": 100}
# A whole cell the user typed as a number or a boolean (Excel's 1 / TRUE): only as the whole
# cell, so "1号再去" stays a note.
STATUS_WHOLE_CELL: dict[str, str] = {"1": "done", "true": "done", "0": "missed", "false": "missed"}
# Only a done row says the customer was reached: its day becomes the last contact. A free-text
# note logs the text but moves nothing, and `done` lists it (write 完成：… when they were reached).
CONTACT_STATUSES = frozenset({"done"})
MISSED_STATUSES = frozenset({"missed", "rescheduled"})  # planned first next time

# Rows of a plan read back that cannot be logged.
PLAN_PROBLEMS: dict[str, tuple[str, str]] = {
    "no-date": ("工作表标题中没有日期", "no date in the sheet title"),
    "bad-date": ("“日期”无法识别", "the date cannot be read"),
    "empty-date": ("日期为空：请填上这一天", "the date (日期) is empty: fill in the day"),
    "no-company-id": ("没有企业编号", "no company id"),
    "unknown-company": ("工作区中没有这个企业编号", "no company with this id in the workspace"),
    "name-mismatch": ("企业编号对应的是另一家企业", "the company id belongs to another company"),
}

# What to do about a row without 企业编号 whose 相关 is no company's exact name: (zh, en) templates;
# {column} and {related} are the plan's column labels (PLAN_COLUMNS), {name} the 相关 as a shell word.
NO_COMPANY_ID_HINTS: dict[str, tuple[str, str]] = {
    "likely": (  # the name fits one company (explain.likely_id)
        "在“{column}”列填 {id}（regiontool explain {name} 可查），再运行 regiontool done",
        "put {id} in the {column} column (regiontool explain {name} shows it) and run regiontool done again",
    ),
    "named": (
        "在“{column}”列填企业编号（regiontool explain {name} 可查），再运行 regiontool done",
        "put the company's id in the {column} column (regiontool explain {name} finds it) and run "
        "regiontool done again",
    ),
    "unnamed": (
        "在“{column}”列填企业编号，或在“{related}”列第一行写企业全称，再运行 regiontool done",
        "put the company's id in the {column} column, or its full name on the first line of {related}, "
        "and run regiontool done again",
    ),
}


def plan_problem(key: str, lang: str = "zh", detail: str = "", name: str = "", likely_id=None) -> str:
    """Why a plan row cannot be logged (PLAN_PROBLEMS) and, without 企业编号, what to do: `name` is
    the row's 相关 as a shell word, `likely_id` the id it most likely means."""
    i = 1 if lang == "en" else 0
    text = PLAN_PROBLEMS[key][i] + (f" ({detail})" if detail else "")
    if key != "no-company-id":
        return text
    hint = "likely" if name and likely_id is not None else "named" if name else "unnamed"
    columns = {k: PLAN_COLUMNS[k][i] for k in ("company_id", "related")}
    filled = NO_COMPANY_ID_HINTS[hint][i].format(
        column=columns["company_id"], related=columns["related"], id=likely_id, name=name
    )
    return text + (": " if i else "：") + filled


# How `done` read a doubtful 完成情况, for the user to check (stderr notes): (zh, en) templates.
DONE_REMARKS: dict[str, tuple[str, str]] = {
    "where": ("{sheet} 第 {row} 行 {company}", "{sheet} row {row} {company}"),
    "done_overruled": (
        "{where}：“{cell}”以完成开头，但后面说{said}，记为{status}；如果联系上了，请换个说法写“完成：…”，"
        "再运行 regiontool done",
        "{where}: “{cell}” opens with a done word but goes on to say {said}, so it is logged as {status}; "
        "if they were reached, reword it as “done: …” and run regiontool done again",
    ),
    "same_day": (  # {said}: where the row logged is, {status} its outcome, {status_here} this row's
        "{where}：同一天同一企业另有一行（{said}，{status}）；每家企业每天记一条，取更确定的结果，记为{status}，"
        "本行（{status_here}）不另记",
        "{where}: another row for this company on the same day ({said}, {status}); one activity is logged "
        "per company and day, the more final outcome: {status}, not this row's ({status_here})",
    ),
    "same_day_joined": (  # as same_day; {cell}: this row's note, joined into the row logged
        "{where}：同一天同一企业另有一行（{said}，{status}）；每家企业每天记一条，取更确定的结果，记为{status}，"
        "本行的“{cell}”一并记入",
        "{where}: another row for this company on the same day ({said}, {status}); one activity is logged "
        "per company and day, the more final outcome: {status}, with this row's “{cell}” in its note",
    ),
    "other_plan": (  # {source}: the plan file that logged the firm and day first, {kept} its outcome
        "{where}：这家企业这一天已由 {source} 记为“{kept}”，本行的“{cell}”未记录（每家企业每天记一条，先读的计划为准）；"
        "如果本行才对，请在 {source} 里改好后再运行 regiontool done {source}",
        "{where}: {source} already logged “{kept}” for this company on this day, so this row's “{cell}” is not "
        "logged (one activity per company and day: the plan read first stands); if this row is right, change "
        "it in {source} and run regiontool done {source} again",
    ),
    "erased": (  # {cell}: the outcome an earlier reading logged
        "{where}：完成情况是空的，但之前已记为“{cell}”，仍然保留；如要改，请写上新的结果（如“未完成”）后再运行 "
        "regiontool done",
        "{where}: the outcome is blank, but “{cell}” was logged before and stays; to change it, write the "
        "new outcome (e.g. “missed”) and run regiontool done again",
    ),
    "decimal_fixed": (  # {cell}: the number as stored, {date} the day read
        "{where}：数字 {cell} 早于本行的日期，按 {date} 改期（输入 12.10 这样的日期时，表格软件存成了数字 12.1）",
        "{where}: the number {cell} is before the row's day and is read as {date} (a spreadsheet stores a "
        "typed 12.10 as the number 12.1)",
    ),
    "date_past": (
        "{where}：“{cell}”的日期早于本行的日期（{day}），没有按它改期，下次计划优先安排；请写明改到哪天后再运行 "
        "regiontool done",
        "{where}: the date in “{cell}” is before the row's day ({day}), so nothing is moved to it and the "
        "firm comes first in the next plan; write the day it moves to and run regiontool done again",
    ),
    "year_fixed": (
        "{where}：日期 {cell} 早于本计划，按下一年的 {date} 改期（输入“月/日”时表格软件填上了当年）",
        "{where}: the date {cell} is before this plan and is read as {date}, a year later (a spreadsheet "
        "gives a month/day typed in the current year)",
    ),
}


# done_overruled's {said}: what the rest of the cell said, by the status it was logged as (its {status}:
# ACTIVITY_STATUS). 完成，不在 is missed; 完成，改期到12/8 is rescheduled.
# Between the note of 完成情况 and what the manager wrote in 备注, logged as one note.
NOTE_JOIN = "；"
# Before each note `done` joins into a day's one record from another row of the firm and day (a row added
# by hand, a firm merged since the plan): what sets it apart from the manager's own text, which may hold
# ；未完成：… too (review r89 F1). The 改期 day is read from the text before it only.
NOTE_JOINED_MARK = "〔同日另一行〕"
# Which outcome of two rows for one firm and day `done` logs: the more final one (a visit done beats the
# call planned the same day and left 未完成).
OUTCOME_RANK: dict[str, int] = {"done": 3, "rescheduled": 2, "missed": 1, "note": 0}
DONE_OVERRULED_SAID: dict[str, tuple[str, str]] = {
    "missed": ("没联系上", "the customer was not reached"),
    "rescheduled": ("改期", "the work was moved"),
}


def done_remark(key: str, lang: str = "zh", **values) -> str:
    """A `done` remark (DONE_REMARKS) in the language, filled in."""
    return DONE_REMARKS[key][1 if lang == "en" else 0].format(**values)


# --calendar FILE: 休 (day off) or 班 (working day) per date.
CALENDAR_OFF = frozenset({"休", "休息", "假", "放假", "节假日", "off", "holiday", "rest", "0"})
CALENDAR_ON = frozenset({"班", "上班", "补班", "调休上班", "工作日", "work", "workday", "on", "1"})

HOLIDAY_NAMES: dict[str, tuple[str, str]] = {
    "New Year's Day": ("元旦", "New Year's Day"),
    "Spring Festival": ("春节", "Spring Festival"),
    "Tomb-sweeping Day": ("清明节", "Tomb-sweeping Day"),
    "Labour Day": ("劳动节", "Labour Day"),
    "Dragon Boat Festival": ("端午节", "Dragon Boat Festival"),
    "National Day": ("国庆节", "National Day"),
    "Mid-autumn Festival": ("中秋节", "Mid-autumn Festival"),
    "Anti-Fascist 70th Day": ("抗战胜利70周年纪念日", "Anti-Fascist 70th Day"),
}
WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("周一", "Mon"),
    ("周二", "Tue"),
    ("周三", "Wed"),
    ("周四", "Thu"),
    ("周五", "Fri"),
    ("周六", "Sat"),
    ("周日", "Sun"),
)

# Column labels of the plan tables (CSV/JSON keys in English are the issue's).
PLAN_COLUMNS: dict[str, tuple[str, str]] = {
    "date": ("日期", "date"),
    "start": ("开始", "start"),
    "end": ("结束", "end"),
    "category": ("类别", "category"),
    "company": ("企业名称", "company"),
    "company_id": ("企业编号", "company_id"),
    "town": ("镇街", "town"),
    "tier": ("客户分类", "tier"),
    "task": ("工作内容", "task"),
    "reason": ("理由", "reason"),
    "manager": ("区域经理", "manager"),
    "contact": ("联系人", "contact"),
    "title": ("职务", "title"),
    "phone": ("联系电话", "phone"),
    "address": ("地址", "address"),
    # the daily form (地区经理日工作待办单)
    "related": ("相关", "related"),
    "remark": ("备注", "remark"),
    "outcome": ("完成情况", "outcome"),
    "weekday": ("星期", "weekday"),
    "visits": ("拜访", "visits"),
    "calls": ("电话", "calls"),
    "towns": ("镇街安排", "towns"),
    "key_customers": ("重点客户", "key customers"),
    "day_note": ("说明", "note"),
}
# Headers a manager retypes on the daily form, read as the plan's own (PLAN_COLUMNS): compared with
# spaces and a bracketed or starred aside dropped (完成 情况, 完成情况（必填）, *企业编号), lower case.
PLAN_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "outcome": (
        "执行情况",
        "完成状态",
        "完成结果",
        "执行结果",
        "完成进度",
        "跟进情况",
        "跟进结果",
        "落实情况",
        "办理情况",
        "结果",
        "状态",
        "status",
        "result",
    ),
    "company_id": ("编号", "客户编号", "公司编号", "企业id", "客户id", "id", "company id"),
}
# How the plan's flat table (plan --out plan.csv) opens: no contact list does, so `import` knows the CSV
# for the plan it is (io.read.text_kind) and skips it, as the plan workbook by its hidden sheet.
PLAN_TABLE_OPENING = ("date", "start", "end", "category", "company", "company_id")
# A daily sheet `done` could not read, or read otherwise than by its ids: (zh, en) templates; those not read
# (PLAN_SHEETS_UNREAD) end `done`'s line with sheets_unread and are warnings on stderr, the others notes.
PLAN_SHEET_PROBLEMS: dict[str, tuple[str, str]] = {
    "no-outcome": (
        "表头里没有“完成情况”列，本表 {n} 行未读取（表头：{header}）；把该列表头改回“完成情况”后再运行 "
        "regiontool done",
        "no outcome column in the header, so its {n} {n:row was|rows were} not read (header: {header}); "
        "name that column “outcome” again and run regiontool done again",
    ),
    "no-header-read": (  # {n}: the rows read
        "没有表头行（类别 … 完成情况、企业编号）：按计划原有的列读取了 {n} 行",
        "no header row (category … outcome, company_id): {n} {n:row was|rows were} read by the plan's own columns",
    ),
    "no-header": (  # {header}: the rows' numbers
        "没有表头行（类别 … 完成情况、企业编号），第 {header} 行未读取；把表头行补回后再运行 regiontool done",
        "no header row (category … outcome, company_id), so rows {header} were not read; put the header row "
        "back and run regiontool done again",
    ),
    "name-date": (  # a daily sheet copied and renamed for another day, its title left as it was
        "工作表名是 {dates[0]}，标题中的日期却是 {dates[1]}：按标题记为 {dates[1]}；如果是 {dates[0]} 的工作，"
        "请把标题中的日期改成 {dates[0]} 后再运行 regiontool done",
        "the sheet's name says {dates[0]} but its title {dates[1]}: logged on {dates[1]}, the title's day; if the "
        "work was on {dates[0]}, change the title's date to {dates[0]} and run regiontool done again",
    ),
    "no-company-id": (
        "没有“企业编号”列：按“相关”第一行的企业名称对应",
        "no company_id column: rows are matched by the company name on the first line of related",
    ),
}
PLAN_SHEETS_UNREAD = ("no-outcome", "no-header")
# What the operating system or a download adds to a copy's name (计划 (1).xlsx, 计划 - 副本.xlsx,
# plan copy.xlsx): `done` reads such a copy as the plan it copies (plan.same_plan_file).
COPY_WORDS = ("副本", "copy")

PLAN_WORDS: dict[str, tuple[str, str]] = {
    "sheet_week": SHEETS["plan_week"],
    "sheet_day": SHEETS["plan_day"],
    "sheet_month": SHEETS["plan_month"],
    "sheet_targets": SHEETS["plan_targets"],
    "sheet_overview": SHEETS["plan_overview"],
    "sheet_remarks": SHEETS["plan_remarks"],
    "title_remarks": (
        "计划写入的备注：regiontool done 据此认出经理在“备注”列写的内容，请勿修改",
        "The remarks as planned: regiontool done tells from them what the manager wrote under remark; "
        "do not edit",
    ),
    "title_overview": ("工作计划总览", "Plan overview"),
    "month": ("月份", "month"),
    "workdays": ("工作日", "workdays"),
    "tier_moves": ("分类推进目标", "tier moves to aim for"),
    "target_industries": ("目标行业", "target industries"),
    "white_space": ("开发空白镇街", "white-space towns to open"),
    "title_day": ("地区经理日工作待办单", "Area manager's daily to-do"),
    "title_week": ("周工作计划", "Week plan"),
    "title_month": ("地区经理行事月历", "Area manager's month calendar"),
    "title_targets": ("季度目标（按月）", "Quarter targets by month"),
    "off": ("休", "off"),
    "makeup": ("调休上班", "make-up workday"),
    "no_manager": ("(未分配)", "(unassigned)"),
    "events": ("本月大事", "This month"),
    "winback_events": ("挽回拜访：{names}", "win-back visits: {names}"),  # a line of 本月大事
    "move_firms": ("{move}：{n} 家", "{move}: {n} {n:firm|firms}"),  # a tier move of the quarter targets
    "times": ("{name}（{n} 次）", "{name} ({n} {n:visit|visits})"),  # a firm planned more than once
    "corrected": ("更正", "corrected"),  # a later reading of a plan row changed its outcome
    # the end of `done`'s summary line when a daily sheet lost its 完成情况 column (listed on stderr)
    "sheets_unread": ("；{n} 张日工作待办单未读取", "; {n} daily {n:sheet|sheets} not read"),
    # `done`: filled rows another plan file logged first with another outcome (remark other_plan)
    "clashed": ("，冲突未记录 {n}", ", not logged (another plan's) {n}"),
    # `done` lists free-text notes: logged, but the last contact stays; the hint follows the table
    "notes_not_contact": ("备注（不算联系）", "notes (not a contact)"),
    "notes_hint": (
        "客户已联系上的，请写“完成：…”后再运行 regiontool done",
        "where the customer was reached, write “done: …” and run regiontool done again",
    ),
    "closing_now": ("本月内成交，月底前安排", "closing this month: planned before the month ends"),
    # … and one the month's working days could not hold (plan note month_missed)
    "closing_missed": ("本月内成交，但月底前已排满", "closing this month, but the month's days were full"),
    # a plan line's reason: a reschedule to a day that is no working day (元旦, a Sunday) …
    "moved_off_day": ("（非工作日，顺延到 {day}）", " (no working day: moved to {day})"),
    # … and one whose day already held as many firms rescheduled to it as the day holds
    # a firm planned a second time in one plan (a month plan): why, instead of its contact history
    "again": (
        "本计划 {day} 已安排一次，间隔 {n} 天再次联系",
        "also planned on {day}: again after its {n}-day interval",
    ),
    "moved_full": (
        "{named} 已排满（改期到当天的企业多于当天可安排的），顺延到 {day}",
        "{named} was full (more firms rescheduled to it than the day holds): moved to {day}",
    ),
}
CLOSING_NOW = "本月内"  # the closing level (vocab.CLOSING_LEVELS) planned before its month ends
# Quarter targets: the tier move each category aims for, in words.
PLAN_MOVES: dict[str, tuple[str, str]] = {
    "winback": ("流失→恢复合作", "churned → buying again"),
    "chase": ("应收→回款", "owed → collected"),
    "visit": ("A→V 推进签约", "A → V: close"),
    "replace": ("E→A/V 替换对手", "E → A/V: replace the competitor"),
    "revisit": ("V 转介绍、增购", "V: referrals and upsell"),
    "follow": ("B→A 规划提前", "B → A: bring the plan forward"),
    "demo": ("C→B/A 演示后推进", "C → B/A: after the demo"),
    "call": ("O→分类", "O → a tier"),
    "classify": ("空白→分类", "blank → a tier"),
    "touch": ("D→C 激发兴趣", "D → C: spark interest"),
    "watch": ("F1 观察", "F1: watch"),
}
# History lines `regiontool done` writes (shown by `regiontool history`).
WORDS.update({"activity": ("联系记录", "activity"), "last_contact": ("上次联系", "last contact")})
