"""Words of targets, receivables and the P&L: payment and budget columns, ageing, money labels."""

from __future__ import annotations

from . import Field
from .sheets import SHEETS
from .value import ORDER_FIELD_BY_KEY

# --- targets, receivables, P&L ------------------------------------------------------


# Columns of a payments table (回款明细): customer, date, amount; product and order number when present.
PAYMENT_FIELDS: tuple[Field, ...] = (
    Field(
        "company",
        "客户名称",
        "company",
        "payment",
        ORDER_FIELD_BY_KEY["company"].aliases + ("付款单位", "付款方", "payer"),
    ),
    Field(
        "pay_date",
        "回款日期",
        "payment date",
        "payment",
        (
            "回款日期",
            "收款日期",
            "到账日期",
            "付款日期",
            "入账日期",
            "日期",
            "date",
            "paymentdate",
            "paydate",
        ),
    ),
    Field(
        "amount",
        "回款金额",
        "amount",
        "payment",
        (
            "回款金额",
            "收款金额",
            "到账金额",
            "实收金额",
            "付款金额",
            "回款",
            "金额",
            "amount",
            "paid",
            "payment",
        ),
    ),
    Field("product", "产品", "product", "payment", ORDER_FIELD_BY_KEY["product"].aliases),
    Field("order_no", "订单编号", "order number", "payment", ORDER_FIELD_BY_KEY["order_no"].aliases),
)
PAYMENT_FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in PAYMENT_FIELDS}
PAYMENT_REQUIRED = ("company", "pay_date", "amount")
# A header with one of these words makes a file payments rather than orders.
PAYMENT_WORDS = ("回款", "收款", "到账", "实收", "付款", "payment", "receipt")

# Columns of a budget file (费用预算): long (月份, 项目, 预算, 实际) or wide (项目, then one column a month).
BUDGET_FIELDS: dict[str, tuple[str, ...]] = {
    "month": ("月份", "月", "期间", "month", "period"),
    "item": ("项目", "费用项目", "费用", "科目", "费用科目", "item", "expense"),
    "plan": ("预算", "计划", "预算金额", "计划金额", "plan", "budget"),
    "actual": ("实际", "实际金额", "实际发生", "发生额", "actual"),
}

# What a target can be split by (市场、产品贡献规划表), with its label.
TARGET_DIMS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "manager": ("区域经理", "manager"),
    "product": ("产品", "product"),
    "town": ("镇街", "town"),
    "industry": ("行业", "industry"),
}

# Ageing buckets (days since the order) of what is still owed: upper bound → label.
AGE_BUCKETS: tuple[tuple[int | None, str, str], ...] = (
    (30, "≤30天", "<=30 days"),
    (60, "31–60天", "31-60 days"),
    (90, "61–90天", "61-90 days"),
    (None, ">90天", ">90 days"),
)

MONEY_WORDS: dict[str, tuple[str, str]] = {
    "period": ("期间", "period"),
    "target": ("目标", "target"),
    "share": ("占比", "share"),
    "basis": ("依据", "basis"),
    "last_year": ("去年同期", "last year"),
    "pipeline": ("商机加权", "pipeline"),
    "override": ("手工指定", "set by hand"),
    # the basis of a split line (analysis.targets.BASES; "fixed" is override)
    "basis_rest": ("未分配：各行均为手工指定", "not allocated: every line set by hand"),
    "basis_unshared": ("未分配：没有可分配的行", "not allocated: no line to share it among"),
    "basis_last_year": ("去年同期", "last year"),
    "basis_pipeline": ("去年同期 + 商机", "last year + pipeline"),
    "basis_prorated": (
        "去年同月未完：已有天数的销售折算为整月",
        "last year's month still running: its sales so far scaled to the whole month",
    ),
    "basis_average": ("去年同月无销售：按平均月份", "no sales in last year's month: an average month"),
    "basis_equal": ("去年无销售：平均分配", "no sales last year: equal shares"),
    "basis_none": ("去年无销售：不分配", "no sales last year: no share"),
    "basis_within": ("按 {periods} 的目标", "the target of {periods}"),
    "actual": ("实际", "actual"),
    "expected": ("应完成", "expected to date"),
    "achieved": ("完成率", "achieved"),
    "gap": ("差额", "gap"),
    "growth": ("同比增长", "growth"),
    "forecast": ("预测", "forecast"),
    "run_rate": ("按当前速度", "run rate"),
    "customer": ("客户", "customer"),
    "company_id": ("企业编号", "company_id"),
    "manager": ("区域经理", "manager"),
    "product": ("产品", "product"),
    "month": ("月份", "month"),
    "billed": ("销售额", "billed"),
    "collected": ("已回款", "collected"),
    "owed": ("应收余额", "owed"),
    "credit": ("预收(多付)", "credit"),
    "oldest_days": ("最长账龄(天)", "oldest (days)"),
    "plan_due": ("计划回款", "plan due"),
    "action": ("催款行动", "action"),
    "item": ("项目", "item"),
    "plan": ("计划", "plan"),
    "expected_year": ("预期全年", "expected (full year)"),
    "expected_profit": ("预期全年利润", "expected profit"),
    "income_total": ("收入合计", "total income"),
    "expenses_total": ("费用合计", "total expenses"),
    "income": ("收入", "income"),
    "expenses": ("费用", "expenses"),
    "profit": ("利润", "profit"),
    "total": ("合计", "total"),
    "sheet_targets": SHEETS["target_split"],
    "sheet_track": SHEETS["track"],
    "sheet_receivables": SHEETS["receivables"],
    "sheet_ageing": SHEETS["ageing"],
    "sheet_chase": SHEETS["chase"],
    "sheet_collections": SHEETS["collections"],
    "sheet_pnl": SHEETS["pnl"],
    "scoped_targets": (
        "目标和预期损益按整个区域计算，不随 --manager 缩小（否则是全区域的目标对一位经理的实际）："
        "看 {manager} 的目标请运行 regiontool track（不带 --manager），其“区域经理”表列出每位经理的目标",
        "targets and the expected P&L are the whole territory's and are not narrowed by --manager "
        "(that would set the territory's target against one manager's sales): for {manager}'s target "
        "run regiontool track without --manager; its manager table lists each manager's target",
    ),
    # what `budget` and `target set` print (str.format fields)
    "budget_stored": (
        "{file}：已保存费用预算 {n:,} 行（月份 × 项目），{first} 至 {last}",
        "{file}: {n:,} budget lines (month × item) stored, {first} – {last}",
    ),
    # vocab.fill fields
    "budget_skipped": (
        "没有读入 {n:,} 行收入、利润、比率或“其中”明细（{items}）：预算只记费用项目；收入计划来自 regiontool target，"
        "利润由 pnl 算出",
        "{n:,} income, profit, ratio or detail {n:row was|rows were} not read ({items}): the budget holds "
        "expense lines; the income plan comes from regiontool target and pnl works out the profit",
    ),
    "pnl_part_budget": (
        "{year} 年的费用预算只有 {covered}：{months}没有费用计划（按 0 计），预期利润偏高",
        "{year}'s budget covers {covered} only: months {months} have no expense plan (0), so the expected "
        "profit is high",
    ),
    "budget_removed": (
        "此前保存的这些年份的预算中有 {n:,} 行（月份 × 项目）不在此文件中，已删除（{items}）：以此文件为准",
        "{n:,} budget {n:line|lines} (month × item) stored before for these years {n:is|are} not in this file "
        "and {n:was|were} removed ({items}): the file is the budget",
    ),
    "budget_own_year": (
        "文件中的月份写明了年份（{first} 至 {last}），不是 {year}",
        "the file's months carry their own year ({first} – {last}), not {year}",
    ),
    # a town line set by hand under a bare name that several counties' townships now share
    # (target show; str.format fields)
    "town_line_shared": (
        "{period} 手工指定的镇街分解行“{town}”（¥{amount}）对不上任何企业：现在 {counties} 都有{town}，"
        "分解里是 {labels}——请改指定其中一个：regiontool target set {period} 金额 --town '{first}'，"
        "再把这一行设为 0：regiontool target set {period} 0 --town {town}",
        "{period}'s town line {town} set by hand (¥{amount}) matches no firm: {counties} each have a {town}, "
        "split as {labels}; name one of them: regiontool target set {period} AMOUNT --town '{first}', "
        "then set this line to 0: regiontool target set {period} 0 --town {town}",
    ),
    "targets_stored": ("{file}：已保存目标 {n:,} 条", "{file}: {n:,} target lines stored"),
    # a title row above the header naming the unit (2027年区域费用预算（单位：万元）): budget, target set FILE
    "title_unit": (
        "金额按标题“{title}”所写的单位计（表头没有写单位的金额列）",
        "amounts read in the unit the title '{title}' names (the money columns whose header names none)",
    ),
    # the notes of `receivables` (vocab.fill fields: money as io.write.whole_text shows it; the
    # English count words as '{n:payment|payments}')
    "recv_credit_returns": (
        "其中 ¥{amount} 来自退货/红冲超过购买（{n:,} 个客户）：是应退给客户或可抵下次货款的钱，不是客户预付的",
        "of the credit, ¥{amount} comes from returns and credit notes above the purchases ({n:,} "
        "{n:customer|customers}): owed back to the customer or set against its next order, not paid in advance",
    ),
    "recv_settled": (
        "{n:,} 个客户已结清（销售额 ¥{amount}，已全部回款），未列入应收账款表，也不在其合计中",
        "{n:,} {n:customer|customers} settled in full (¥{amount} of sales, all collected) {n:is|are} "
        "not listed in the receivables table nor in its total",
    ),
    "recv_unlinked_payments": (
        "{n:,} 笔回款（¥{amount}，{customers:,} 个客户）未关联企业，未计入：见 regiontool problems",
        "{n:,} {n:payment|payments} (¥{amount}) of {customers:,} {customers:customer|customers} "
        "{n:is|are} not linked to a company and {n:was|were} left out: see regiontool problems",
    ),
    "recv_unlinked_orders": (
        "{n:,} 条订单（¥{amount}，{customers:,} 个客户）未关联企业，未计入：见 regiontool problems",
        "{n:,} {n:order line|order lines} (¥{amount}) of {customers:,} {customers:customer|customers} "
        "{n:is|are} not linked to a company and {n:was|were} left out: see regiontool problems",
    ),
    "recv_orders_after": (
        "{n:,} 条订单（¥{amount}）日期晚于 {day}，未计入",
        "{n:,} {n:order line|order lines} (¥{amount}) dated after {day} {n:was|were} left out",
    ),
    "recv_payments_after": (
        "{n:,} 笔回款（¥{amount}）日期晚于 {day}，未计入",
        "{n:,} {n:payment|payments} (¥{amount}) dated after {day} {n:was|were} left out",
    ),
    "collections_empty": (
        "回款计划表为空：{first} 至 {last} 没有到期的订单，也没有回款",
        "collections by month is empty: nothing fell due and nothing was collected in {first} – {last}",
    ),
    "collections_try_months": ("——试试 --months {months}", " — try --months {months}"),
    "collections_latest": ("（最近一次在 {month}）", " (the latest month with any is {month})"),
    "pnl_no_target": (
        "{year} 年没有销售目标：收入计划为 0——设置：regiontool target set {year} 3,000,000",
        "no target set for {year}: the income plan is 0 — regiontool target set {year} 3,000,000",
    ),
    "pnl_part_target": (
        "{year} 年的收入计划只来自 {periods} 的销售目标：{months}没有收入计划（按 0 计）——"
        "全年目标：regiontool target set {year} 金额",
        "{year}'s income plan comes from the target of {periods} only: months {months} have no income plan"
        " (0) — a target for the year: regiontool target set {year} AMOUNT",
    ),
    "pnl_unbooked": (
        "{lines} 没有实际数（空白，不是 0），预期全年按计划计",
        "no actual figure (blank, not 0) for {lines}: the expected year takes the plan",
    ),
}
# Errors of the money views that the report shows in its sheets: key → (the Chinese line, the
# English message, the English hint); str.format fields.
MONEY_MESSAGES: dict[str, tuple[str, str, str]] = {
    "no_target_for_day": (
        "{day} 所在的季度、月份和年度都没有销售目标——设置：regiontool target set {period} 3,000,000",
        "no target for the period of {day}",
        "regiontool target set {period} 3,000,000",
    ),
    "no_target_stored_for_day": (
        "{day} 所在的季度、月份和年度都没有销售目标（已设目标的期间：{periods}）——"
        "设置：regiontool target set {period} 3,000,000",
        "no target for the period of {day}",
        # no "--period": `report` shares this line and has no such option (track --help names it)
        "targets stored: {periods}; set one: regiontool target set {period} 3,000,000",
    ),
    "no_target_nor_budget": (
        "{year} 年没有销售目标，也没有费用预算——regiontool target set {year} 3,000,000；"
        "regiontool budget 预算.xlsx --year {year}",
        "no targets and no budget for {year}",
        "regiontool target set {year} 3,000,000; regiontool budget budget.xlsx --year {year}",
    ),
    "no_orders": (
        "尚未导入订单——先运行 regiontool import orders.xlsx",
        "no orders imported",
        "run `regiontool import orders.xlsx` first",
    ),
    "no_payments": (
        "尚未导入回款，订单也没有已回款/未回款列——导入：regiontool import payments.xlsx（客户名称, 回款日期, 回款金额）",
        "no payments imported, and the orders have no paid/owed column",
        "import them: regiontool import payments.xlsx (客户名称, 回款日期, 回款金额)",
    ),
    "no_orders_in_year": (
        "{start} 至 {end} 没有订单——订单日期从 {first} 到 {last}：试试 --year {years}",
        "no orders between {start} and {end}",
        "the orders run from {first} to {last}: try --year {years}",
    ),
}


def money_error(cls, key: str, **values):
    """The error `key` of MONEY_MESSAGES (cls: DataError, UsageError …), with its Chinese line."""
    zh, message, hint = MONEY_MESSAGES[key]
    return cls(message.format(**values), hint.format(**values), zh=zh.format(**values))


# 催款 actions by the age of the oldest overdue amount (days): at least the number → action.
CHASE_ACTIONS: tuple[tuple[int, str, str], ...] = (
    (91, "经理上门催收，约定还款计划", "visit in person, agree a repayment plan"),
    (61, "上门对账催收", "visit, reconcile and collect"),
    (31, "电话提醒付款", "call to remind them to pay"),
)
