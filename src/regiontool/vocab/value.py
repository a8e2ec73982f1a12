"""Words of orders and customer value: order columns, RFM segments, quadrants, win-back actions."""

from __future__ import annotations

from . import Field

# --- orders and customer value (RFM, volume × loyalty, churn) -----------------------

# Columns of an orders table (订单明细). "company" is the customer's name, so the
# required-column check and --map work as for contacts.
# An online shop's amount of what the buyer paid for the line: taken as the orders' amount over
# another amount column of the sheet (商品金额, the list price, before it); else the first one is.
PAID_AMOUNT_HEADERS = ("实付金额", "买家实付", "买家实付金额")
# Words that make a column one of notes wherever they stand in its header (备注1, 买家留言, 摘要):
# a subtotal there is the total word alone (records.line_total_rows).
NOTE_HEADER_WORDS = ("备注", "说明", "摘要", "留言", "附言", "remark", "memo", "comment")
ORDER_FIELDS: tuple[Field, ...] = (
    Field(
        "company",
        "客户名称",
        "company",
        "order",
        (
            "客户名称",
            "客户",
            "客户全称",
            "购买方",
            "购货单位",
            "购方名称",
            "往来单位",  # 管家婆, 畅捷通 T+
            "买家公司",  # 电商后台
            "买家名称",
            "单位名称",
            "企业名称",
            "公司名称",
            "customer",
            "customername",
            "client",
            "buyer",
            "company",
            "companyname",
        ),
    ),
    Field(
        "order_date",
        "订单日期",
        "order date",
        "order",
        (
            "订单日期",
            "日期",
            "下单日期",
            "签约日期",
            "成交日期",
            "合同日期",
            "销售日期",
            "开票日期",
            "单据日期",
            "发货日期",
            "下单时间",  # 电商后台: a date-time
            "录单日期",  # 管家婆
            "date",
            "orderdate",
            "invoicedate",
            "saledate",
        ),
    ),
    Field(
        "amount",
        "金额",
        "amount",
        "order",
        (
            "金额",
            "订单金额",
            "合同金额",
            "销售金额",
            "销售额",
            "成交金额",
            "含税金额",
            "价税合计",
            "总金额",
            "总价",
            *PAID_AMOUNT_HEADERS,
            "amount",
            "total",
            "value",
            "salesamount",
            "revenue",
        ),
    ),
    Field(
        "product",
        "产品",
        "product",
        "order",
        ("产品", "产品名称", "商品", "商品名称", "品名", "货品", "存货名称", "存货", "product", "item"),
    ),
    Field("quantity", "数量", "quantity", "order", ("数量", "订购数量", "销售数量", "qty", "quantity")),
    Field(
        "order_no",
        "订单编号",
        "order number",
        "order",
        (
            "订单编号",
            "订单号",
            "单号",
            "单据编号",
            "单据号",  # 用友 U8
            "合同编号",
            "合同号",
            "orderno",
            "orderid",
            "ordernumber",
            "invoiceno",
        ),
    ),
    # Paid / owed amounts on an orders table (an alternative to a payments file).
    Field(
        "paid",
        "已回款",
        "paid",
        "order",
        (
            "已回款",
            "已回款金额",
            "回款金额",
            "已收款",
            "已收金额",
            "实收金额",
            "已付金额",
            "paid",
            "amountpaid",
        ),
    ),
    # The line's kind (单据类型 销售订单 / 销售退货) or its order's state (订单状态 交易成功 / 已退款):
    # a return written with a positive amount is counted negative, a refunded or closed order at 0
    # (RETURN_WORDS, REFUNDED_WORDS, CLOSED_WORDS); the column is kept as it is too. Every such column
    # is read (U8 and T+ give 业务类型 普通销售 beside 单据类型 销售退货单, a shop 订单类型 beside
    # 订单状态): a line is what the first of them that says more than a sale says.
    Field(
        "line_type",
        "类型/状态",
        "type/status",
        "order",
        (
            "单据类型",
            "业务类型",
            "销售类型",
            "订单类型",
            "单据状态",
            "订单状态",
            "交易状态",
            "ordertype",
            "orderstatus",
        ),
        multi=True,
    ),
    Field(
        "owed",
        "未回款",
        "owed",
        "order",
        (
            "未回款",
            "未回款金额",
            "欠款",
            "欠款金额",
            "应收余额",
            "未收金额",
            "应收未收",
            "owed",
            "balance",
            "outstanding",
        ),
    ),
)
ORDER_FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in ORDER_FIELDS}
# What a line-type cell (单据类型, 业务类型, 订单状态, 交易状态) says of a line with a positive amount,
# when the whole cell is one of these statuses (compared by text_key: width, case, spaces and light
# punctuation folded). ERP and shop exports write a fixed set of them; a cell saying anything else
# (交易成功，退款申请已取消, 已退款未退货, 不支持退货) is read as the sale it is listed as, never
# parsed word by word: two reviews of word rules found sales made negative or zero by negations
# and compounds (review r40, r41, r42).
# A return (K3, 管家婆 and U8 export returns unsigned): counted negative (`return-line`).
RETURN_STATUSES = (
    "退货",
    "退货单",
    "销售退货",
    "销售退货单",
    "退货入库",
    "退货入库单",
    "销售退货入库单",
    "已退货",
    "退货完成",
    "退货成功",
    "退款",
    "退款单",
    "销售退款",
    "红字",
    "红字发票",
    "红字销售发票",
    "红字专用发票",
    "红字增值税发票",
    "红字出库单",
    "红字销售出库单",
    "红冲",
    "销售红冲",
    "冲销",
    "return",
    "returns",
    "salesreturn",
    "returned",
    "refund",
    "creditnote",
)
# An order refunded whole (an online shop's 订单状态): counted at 0 yuan, neither a sale nor a
# return, since the file holds no sale of it to take back (`refunded-order`). With the compound
# statuses shop systems and the ERPs behind them write whole: a refund with the goods kept or sent
# back (已退款未退货, 已退款已退货, 退货退款成功). Not the bare after-sale types 仅退款, 仅退款不退货, 退货退款
# (Taobao's and Pinduoduo's): they name the request, not how it ended, which may be 退款关闭. A refund
# still pending or in part (退款中, 部分退款), refused or closed (退款关闭, 退款失败, 卖家拒绝退款) is no
# refund: the line stays a sale.
REFUNDED_STATUSES = (
    "已退款",
    "退款成功",
    "全额退款",
    "已全额退款",
    "退款完成",
    "已退货退款",
    "退货退款成功",
    "已退款未退货",
    "已退款已退货",
    "refunded",
)
# An order closed or cancelled before it was paid, or a voided document: counted at 0 yuan
# (`closed-order`). Not a bare 关闭: an ERP closes a sales order it has delivered in full (用友 U8).
CLOSED_STATUSES = (
    "交易关闭",
    "交易被淘宝关闭",  # Taobao's TRADE_CLOSED_BY_TAOBAO
    "交易取消",
    "订单取消",
    "已取消",
    "作废",
    "已作废",
    "cancelled",
    "canceled",
    "tradeclosed",
)
ORDER_REQUIRED = ("company", "order_date", "amount")
# Headers with a unit in brackets, e.g. 金额(万元): the amount is multiplied by it.
AMOUNT_UNITS: dict[str, float] = {
    "元": 1,
    "万元": 10_000,
    "万": 10_000,
    "千元": 1_000,
    "百万元": 1_000_000,
    "亿元": 1e8,
}
# What marks an amount cell as money in yuan: before the number (¥3,000, RMB 3,000, 人民币3000)
# or after it (3,000 CNY). A cell so marked, or with a unit word (3000元, 1.2万), names its own
# unit: the header's unit (金额(万元)) scales bare numbers only.
CURRENCY_BEFORE = ("人民币", "rmb", "cny", "¥")  # ￥ folds to ¥
CURRENCY_AFTER = ("人民币", "rmb", "cny")
# A 已回款 cell that says nothing was paid (compared as matching keys), read as a blank cell, 0: besides
# what stands for no value in any cell (PLACEHOLDER_NAMES: 无, N/A …; only dashes, slashes, ¥ -).
# Under 未回款 these are no 0 (nothing owed): such a cell there is no amount.
NOTHING_PAID_WORDS = frozenset({"未付", "未付款", "未收", "未收款", "未回款", "没付", "没有付款", "尚未付款"})
# Unit words written after the number of an amount, and what they multiply by.
AMOUNT_UNIT_WORDS: dict[str, float] = {
    "元": 1,
    "千": 1_000,
    "千元": 1_000,
    "万": 10_000,
    "万元": 10_000,
    "百万元": 1_000_000,
    "亿": 1e8,
    "亿元": 1e8,
}
# Traditional spellings of the unit characters of amounts and figures, read as the simplified ones in a
# header's unit (金額（萬元）) and in a cell (1.5萬, 1.2億, 兩千萬) by one str.translate: no OpenCC per
# cell. 千, 百 and 元 are written alike in both.
TRADITIONAL_UNIT_CHARS: dict[str, str] = {"萬": "万", "億": "亿", "兩": "两"}
# Signs other than '-' that write a minus in an amount: the minus sign U+2212 (Word, typeset
# reports), the figure and en dashes, the small hyphen-minus. Full-width － folds to '-'.
MINUS_SIGNS = "\u2212\u2012\u2013\ufe63"

# RFM segments (DOMAIN.md §6) on the R × FM grid; FM is the mean of F and M rounded half up.
RFM_SEGMENTS: dict[str, dict[str, str]] = {
    "champions": {
        "zh": "冠军客户",
        "en": "Champions",
        "action_zh": "重点维护，邀请转介绍",
        "action_en": "reward, ask for referrals",
    },
    "loyal": {
        "zh": "忠诚客户",
        "en": "Loyal",
        "action_zh": "增购、升级推荐",
        "action_en": "upsell, offer upgrades",
    },
    "potential_loyalist": {
        "zh": "潜在忠诚客户",
        "en": "Potential loyalist",
        "action_zh": "培养关系，推荐配套产品",
        "action_en": "nurture, recommend related products",
    },
    "recent": {
        "zh": "新客户",
        "en": "Recent",
        "action_zh": "做好实施与培训，建立关系",
        "action_en": "onboard well, build the relationship",
    },
    "promising": {
        "zh": "有潜力客户",
        "en": "Promising",
        "action_zh": "回访了解需求",
        "action_en": "revisit to learn their needs",
    },
    "need_attention": {
        "zh": "需要关注",
        "en": "Need attention",
        "action_zh": "限时方案，重新激活",
        "action_en": "time-limited offer to re-activate",
    },
    "about_to_sleep": {
        "zh": "即将沉睡",
        "en": "About to sleep",
        "action_zh": "电话回访，分享新功能",
        "action_en": "call, share what is new",
    },
    "at_risk": {
        "zh": "有流失风险",
        "en": "At risk",
        "action_zh": "上门拜访，了解原因",
        "action_en": "visit, find out why",
    },
    "cant_lose": {
        "zh": "不能失去",
        "en": "Can't lose",
        "action_zh": "经理亲自挽回",
        "action_en": "win back in person",
    },
    "hibernating": {
        "zh": "沉睡客户",
        "en": "Hibernating",
        "action_zh": "低成本唤醒",
        "action_en": "low-cost reminder",
    },
    "lost": {
        "zh": "已流失",
        "en": "Lost",
        "action_zh": "了解原因后放手",
        "action_en": "learn why, then let go",
    },
}
# (R score, FM score) → segment, for every cell of the 5 × 5 grid.
RFM_GRID: dict[tuple[int, int], str] = {
    **{
        (5, fm): s
        for fm, s in (
            (1, "recent"),
            (2, "potential_loyalist"),
            (3, "potential_loyalist"),
            (4, "champions"),
            (5, "champions"),
        )
    },
    **{
        (4, fm): s
        for fm, s in (
            (1, "promising"),
            (2, "potential_loyalist"),
            (3, "potential_loyalist"),
            (4, "loyal"),
            (5, "loyal"),
        )
    },
    **{
        (3, fm): s
        for fm, s in (
            (1, "about_to_sleep"),
            (2, "about_to_sleep"),
            (3, "need_attention"),
            (4, "loyal"),
            (5, "loyal"),
        )
    },
    **{
        (2, fm): s
        for fm, s in (
            (1, "hibernating"),
            (2, "hibernating"),
            (3, "at_risk"),
            (4, "at_risk"),
            (5, "cant_lose"),
        )
    },
    **{
        (1, fm): s
        for fm, s in ((1, "lost"), (2, "hibernating"), (3, "at_risk"), (4, "at_risk"), (5, "cant_lose"))
    },
}
# Value groups by R + F + M (3–15): at least the first number → that group.
VALUE_GROUPS: tuple[tuple[int, str], ...] = ((12, "high"), (8, "medium"), (0, "low"))
VALUE_GROUP_LABELS: dict[str, tuple[str, str]] = {
    "high": ("高价值", "high"),
    "medium": ("中价值", "medium"),
    "low": ("低价值", "low"),
}
# Volume × loyalty (DOMAIN.md §6): (large volume?, loyal?) → quadrant.
QUADRANTS: dict[tuple[bool, bool], dict[str, str]] = {
    (True, True): {
        "key": "treasure",
        "zh": "大而忠诚：珍宝客户",
        "en": "large & loyal: the treasure",
        "action_zh": "全力保护",
        "action_en": "protect",
    },
    (True, False): {
        "key": "dangerous",
        "zh": "大而不忠诚：最危险",
        "en": "large & disloyal: most dangerous",
        "action_zh": "密切关注，加强关系",
        "action_en": "watch closely, deepen the relationship",
    },
    (False, True): {
        "key": "stars",
        "zh": "小而忠诚：明日之星",
        "en": "small & loyal: tomorrow's stars",
        "action_zh": "培养成长",
        "action_en": "nurture",
    },
    (False, False): {
        "key": "let_go",
        "zh": "小而不忠诚：可放弃",
        "en": "small & disloyal: let go",
        "action_zh": "低成本维护或放弃",
        "action_en": "low-cost service or let go",
    },
}
# Win-back actions of churn-warned customers. Their recency score is low by definition, so
# the effort follows what is at stake, not R + F + M: a visit for the segments worth one
# and for the top third of the list by value at risk; the cheapest touch only for sleeping
# or lost customers in its lower half; a call for the rest.
WIN_BACK_VISIT_SEGMENTS = frozenset({"champions", "loyal", "at_risk", "cant_lose"})
WIN_BACK_LIGHT_SEGMENTS = frozenset({"hibernating", "lost"})
WIN_BACK: dict[str, tuple[str, str]] = {
    "high": (
        "挽回：经理上门拜访，了解停购原因，给出方案",
        "win back: visit in person, learn why, offer a plan",
    ),
    "medium": ("挽回：电话回访，了解原因，邀请参加活动", "win back: call, learn why, invite to an event"),
    "low": ("挽回：发送新品/优惠信息，电话问候", "win back: send news and offers, a courtesy call"),
}

# The cut-point table of `rfm`: what each row measures, and where its cut points came from.
RFM_CUT_NAMES: dict[str, tuple[str, str]] = {
    "r": ("R 距今天数", "R recency days"),
    "f": ("F 下单次数", "F orders"),
    "m": ("M 累计金额", "M monetary"),
    "volume": ("规模分界（元）", "volume split (yuan)"),
    "loyalty": ("忠诚分界", "loyalty split"),
}
RFM_CUT_SOURCES: dict[str, tuple[str, str]] = {
    "quintiles": ("五分位", "quintiles"),
    "given": ("指定", "given"),
    "all equal": ("全部相同：均为3分", "all equal: all score 3"),
    "median": ("中位数", "median"),
}
# The example of each --*-bins option of `rfm` (four increasing cut points: scores 1–5).
RFM_BIN_EXAMPLES: dict[str, str] = {
    "r_bins": "30,90,180,365",
    "f_bins": "1,2,4,8",
    "m_bins": "10000,50000,100000,500000",
}
# Said beside the loyalty split: a customer with one order is not loyal, at any split.
RFM_LOYALTY_RULE: tuple[str, str] = ("；只下过一次单的不算忠诚", "; one order is never loyal")
# Why a customer is warned (churn): its silence against its own rhythm, or against the
# territory's limit when it ordered once; (zh, en) templates.
CHURN_REASONS: dict[str, tuple[str, str]] = {
    "rhythm": (
        "已 {days} 天未下单，超过其平常间隔 {interval:.0f} 天的 {k:g} 倍",
        "{days} days without an order, over {k:g} × its usual interval of {interval:.0f} days",
    ),
    "once": (
        "只下过一次单，已 {days} 天未再下单（阈值 {limit:.0f} 天）",
        "one order only, {days} days ago (limit {limit:.0f} days)",
    ),
}
# The notes above the `rfm` figures: (zh, en) vocab.fill templates (money as io.write.whole_text
# shows it; the English count words as '{n:customer|customers}').
RFM_NOTES: dict[str, tuple[str, str]] = {
    "customers": (
        "{n:,} 个客户，订单{since}截至 {as_of}",
        "{n:,} {n:customer|customers}, orders {since}up to {as_of}",
    ),
    "since": ("自 {since} ", "from {since} "),
    "future": (
        "{n:,} 条订单日期晚于 {as_of}，未计入",
        "{n:,} {n:order line|order lines} dated after {as_of} {n:was|were} left out",
    ),
    "refund_only": (
        "{n:,} 个客户在此期间只有退款（{amount} 元），没有订单可评分，未计入",
        "{n:,} {n:customer|customers} with only refunds in the window ({amount} yuan) {n:has|have} no "
        "order to score and {n:was|were} left out",
    ),
    # store.orders.ZERO: the rule of what an order line is
    "zero": (
        "{n:,} 条 0 元的订单行既不是购买也不是退款，不算下单，未计入",
        "{n:,} {n:order line|order lines} of 0 yuan {n:is|are} neither a purchase nor a refund: no order, "
        "left out",
    ),
    "churn_dropped": (
        "{n:,} 个久未下单的客户已标为 F2（{f2}）或 F3（{f3}），不列入流失预警",
        "{n:,} {n:customer|customers} silent for long {n:is|are} marked F2 ({f2}) or F3 ({f3}) and "
        "{n:is|are} not in the churn warnings",
    ),
    # analysis.rfm: silent long, but refunds match or exceed purchases (net ≤ 0): no value at risk
    "churn_net_refund": (
        "{n:,} 个久未下单的客户退款不少于购买（净额不为正），没有可挽回的金额，不列入流失预警",
        "{n:,} {n:customer|customers} silent for long {n:has|have} refunds as large as {n:its|their} "
        "purchases (net not positive): nothing to win back, not in the churn warnings",
    ),
    "unlinked": (
        "{n:,} 条订单（{amount} 元，{customers:,} 个客户）未关联企业，未计入：见 regiontool problems",
        "{n:,} {n:order line|order lines} ({amount} yuan, {customers:,} {customers:customer|customers}) "
        "{n:is|are} not linked to a company and {n:was|were} left out: see regiontool problems",
    ),
}
