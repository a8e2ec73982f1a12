"""The domain's words in one place: fields, tier codes, yes/no spellings, size bands, labels.

Every Chinese or English label the tool prints or writes comes from here, so a
renamed field or a new alias is a one-line change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Field:
    key: str
    zh: str
    en: str
    level: str  # "company" or "contact": who the value belongs to
    aliases: tuple[str, ...] = field(default=())
    multi: bool = False  # several source columns may feed it (phones)

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


# Aliases are compared after header normalisation (NFKC, traditional → simplified,
# lower case, spaces and punctuation removed, a trailing "(单位)" dropped).
FIELDS: tuple[Field, ...] = (
    Field(
        "company",
        "企业名称",
        "company",
        "company",
        (
            "企业名称",
            "公司名称",
            "单位名称",
            "客户名称",
            "企业",
            "公司",
            "客户",
            "名称",
            "企业全称",
            "客户全称",
            "公司全称",
            "厂名",
            "厂家名称",
            "单位",
            "company",
            "companyname",
            "customer",
            "customername",
            "enterprise",
            "enterprisename",
            "firm",
            "name",
        ),
    ),
    Field(
        "address",
        "地址",
        "address",
        "company",
        (
            "地址",
            "企业地址",
            "公司地址",
            "详细地址",
            "注册地址",
            "经营地址",
            "通讯地址",
            "通信地址",
            "联系地址",
            "厂址",
            "address",
            "addr",
        ),
    ),
    Field(
        "contact",
        "联系人",
        "contact",
        "contact",
        (
            "联系人",
            "姓名",
            "联系人姓名",
            "联络人",
            "对接人",
            "contact",
            "contactperson",
            "contactname",
            "person",
        ),
    ),
    Field(
        "title", "职务", "title", "contact", ("职务", "职位", "岗位", "头衔", "title", "position", "jobtitle")
    ),
    Field(
        "phone",
        "电话",
        "phone",
        "contact",
        (
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "联系电话",
            "电话号码",
            "联系方式",
            "固话",
            "座机",
            "办公电话",
            "移动电话",
            "phone",
            "mobile",
            "tel",
            "telephone",
            "cellphone",
        ),
        multi=True,
    ),
    Field(
        "manager",
        "区域经理",
        "manager",
        "company",
        (
            "区域经理",
            "业务员",
            "负责人",
            "销售",
            "销售员",
            "客户经理",
            "跟进人",
            "归属人",
            "所属经理",
            "manager",
            "salesperson",
            "sales",
            "owner",
            "accountmanager",
        ),
    ),
    Field(
        "town",
        "镇街",
        "town",
        "company",
        (
            "镇街",
            "镇",
            "乡镇",
            "街道",
            "镇街道",
            "所在镇",
            "所属镇街",
            "乡镇街道",
            "片区",
            "town",
            "township",
        ),
    ),
    Field(
        "county",
        "区县",
        "county",
        "company",
        ("区县", "县", "县市区", "所属区县", "县区", "county", "district"),
    ),
    Field(
        "industry",
        "行业",
        "industry",
        "company",
        ("行业", "所属行业", "行业类别", "行业分类", "industry", "sector"),
    ),
    Field("size", "规模", "size", "company", ("规模", "企业规模", "规模类型", "size", "companysize")),
    Field(
        "tier",
        "客户分类",
        "tier",
        "company",
        (
            "客户分类",
            "客户集群分类",
            "分类",
            "客户类别",
            "客户等级",
            "类别",
            "集群分类",
            "客户类型",
            "tier",
            "category",
            "class",
            "customertier",
        ),
    ),
    Field(
        "key_contact",
        "是否关键联系人",
        "key_contact",
        "contact",
        (
            "是否关键联系人",
            "关键联系人",
            "关键人",
            "是否关键人",
            "是否决策人",
            "决策人",
            "keycontact",
            "iskeycontact",
            "decisionmaker",
        ),
    ),
    Field(
        "employees",
        "员工人数",
        "employees",
        "company",
        (
            "员工人数",
            "从业人数",
            "从业人员",
            "人数",
            "职工人数",
            "员工数",
            "人员规模",
            "employees",
            "staff",
            "headcount",
        ),
    ),
    Field(
        "revenue",
        "年产值",
        "revenue",
        "company",
        (
            "年产值",
            "营业收入",
            "产值",
            "年营业额",
            "销售额",
            "营收",
            "年销售额",
            "营业额",
            "revenue",
            "turnover",
            "sales revenue",
        ),
    ),
    Field(
        "capital", "注册资本", "capital", "company", ("注册资本", "注册资金", "capital", "registeredcapital")
    ),
    Field(
        "scope",
        "经营范围",
        "scope",
        "company",
        ("经营范围", "主营", "主营业务", "主营产品", "主要产品", "businessscope", "scope"),
    ),
    Field(
        "note", "备注", "note", "contact", ("备注", "说明", "remark", "remarks", "note", "notes", "comment")
    ),
    # Opportunity energy (具体客户的能量分析): how big the order, how soon it closes.
    Field(
        "deal_level",
        "订单规模等级",
        "deal_level",
        "company",
        ("订单规模等级", "订单规模", "订单等级", "金额等级", "单量等级", "订单大小", "deallevel", "dealsize"),
    ),
    Field(
        "closing",
        "成交时间等级",
        "closing",
        "company",
        (
            "成交时间等级",
            "成交时间",
            "预计成交",
            "成交可能性",
            "签单时间",
            "成交等级",
            "closing",
            "closingtime",
        ),
    ),
    # Category value (客户类别价值): the customer's attractiveness against our advantage.
    Field(
        "value_level",
        "客户价值等级",
        "value_level",
        "company",
        ("客户价值等级", "价值等级", "客户类别价值", "客户价值", "valuelevel"),
    ),
    Field(
        "attractiveness",
        "客户吸引力",
        "attractiveness",
        "company",
        ("客户吸引力", "吸引力", "客户吸引度", "attractiveness"),
    ),
    Field("advantage", "我方优势", "advantage", "company", ("我方优势", "竞争优势", "优势", "advantage")),
    # The product a firm uses now (tiers E and F1 use a competitor's): the competitor view.
    Field(
        "competitor",
        "现用软件",
        "competitor",
        "company",
        (
            "现用软件",
            "竞争对手",
            "竞品",
            "使用系统",
            "在用系统",
            "现用系统",
            "现用erp",
            "在用erp",
            "使用软件",
            "在用软件",
            "现有系统",
            "现用产品",
            "对手产品",
            "竞争产品",
            "competitor",
            "currentsoftware",
            "currentsystem",
            "currenterp",
        ),
    ),
)

# Energy points of each level, and the grades their sum falls into (DOMAIN.md §6).
DEAL_LEVELS: dict[str, float] = {"超额": 5.1, "重要": 4.1, "部分": 3.1, "微小": 2.1}
CLOSING_LEVELS: dict[str, float] = {"本月内": 4.9, "考核期内": 3.9, "更长期": 2.9, "有意向": 1.9}
ENERGY_GRADES: tuple[tuple[float, str], ...] = ((8.0, "A"), (6.0, "B"), (4.0, "C"), (0.0, "D"))

# Category value levels: (attractiveness high?, our advantage high?) → level.
VALUE_LEVELS: tuple[str, ...] = ("一级", "二级", "三级", "四级")
VALUE_MATRIX: dict[tuple[bool, bool], str] = {
    (True, True): "一级",
    (True, False): "二级",
    (False, True): "三级",
    (False, False): "四级",
}
HIGH_WORDS = frozenset({"高", "强", "大", "好", "优", "是", "high", "h", "yes", "strong"})
LOW_WORDS = frozenset({"低", "弱", "小", "差", "劣", "否", "low", "l", "no", "weak"})
# The manager's attention order (DOMAIN.md §6): (value level, energy grade) → 1 (first) … 4.
ATTENTION: dict[tuple[str, str | None], int] = {
    **{("一级", g): 1 for g in ("A", "B")},
    ("二级", "A"): 1,
    **{("二级", g): 2 for g in ("B", "C")},
    **{("一级", g): 2 for g in ("C", "D", None)},
    ("三级", "A"): 3,
    **{("二级", g): 3 for g in ("D", None)},
    **{("三级", g): 4 for g in ("B", "C", "D", None)},
    **{("四级", g): 4 for g in ("A", "B", "C", "D", None)},
}

FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
COMPANY_FIELDS = tuple(f.key for f in FIELDS if f.level == "company" and f.key != "company")
CONTACT_FIELDS = tuple(f.key for f in FIELDS if f.level == "contact")

# Columns the export adds after the original ones (issue order), then traceability.
EXPORT_FIELDS = (
    "company",
    "address",
    "contact",
    "phone",
    "manager",
    "town",
    "county",
    "industry",
    "size",
    "tier",
    "key_contact",
)
TRACE_FIELDS: dict[str, tuple[str, str]] = {
    "basis": ("推断依据", "basis"),
    "company_id": ("企业编号", "company_id"),
    "source_file": ("来源文件", "source_file"),
    "source_sheet": ("来源工作表", "source_sheet"),
    "source_row": ("来源行", "source_row"),
}


def label(key: str, lang: str = "zh") -> str:
    """The printed name of a field, trace column or other vocabulary key."""
    if key in FIELD_BY_KEY:
        return FIELD_BY_KEY[key].label(lang)
    if key in TRACE_FIELDS:
        zh, en = TRACE_FIELDS[key]
        return en if lang == "en" else zh
    if key in ORDER_FIELD_BY_KEY:
        return ORDER_FIELD_BY_KEY[key].label(lang)
    if key in PAYMENT_FIELD_BY_KEY:
        return PAYMENT_FIELD_BY_KEY[key].label(lang)
    if key in WORDS:
        zh, en = WORDS[key]
        return en if lang == "en" else zh
    return key


# --- tiers (客户集群分类) -----------------------------------------------------------

TIER_ORDER: tuple[str, ...] = ("A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V")

TIERS: dict[str, dict[str, str]] = {
    "A": {"zh": "可以上门拜访", "en": "can be visited now", "action_zh": "上门拜访", "action_en": "visit"},
    "B": {
        "zh": "近期不上，但有规划",
        "en": "not soon, but has a plan",
        "action_zh": "保持联系，规划前跟进",
        "action_en": "keep in touch, follow up before the plan",
    },
    "C": {
        "zh": "愿意对ERP进行了解",
        "en": "willing to learn about ERP",
        "action_zh": "演示、邀请参加研讨会",
        "action_en": "demo, invite to seminars",
    },
    "D": {
        "zh": "不了解/明确不上",
        "en": "does not know or will not buy",
        "action_zh": "低频联系",
        "action_en": "low-frequency contact",
    },
    "E": {
        "zh": "使用对手产品情况不好",
        "en": "uses a competitor badly",
        "action_zh": "上门拜访：替换机会",
        "action_en": "visit: replacement chance",
    },
    "F1": {
        "zh": "良好使用对手产品",
        "en": "uses a competitor well",
        "action_zh": "观察",
        "action_en": "watch",
    },
    "F2": {
        "zh": "注销/倒闭",
        "en": "deregistered or closed",
        "action_zh": "移出计划",
        "action_en": "drop from plans",
    },
    "F3": {
        "zh": "行业不匹配、不具规模",
        "en": "industry mismatch or too small",
        "action_zh": "移出计划",
        "action_en": "drop from plans",
    },
    "O": {
        "zh": "无法掌握情况",
        "en": "situation unknown",
        "action_zh": "电话了解",
        "action_en": "call to find out",
    },
    "V": {
        "zh": "我方用户",
        "en": "our customer",
        "action_zh": "回访、服务、转介绍、增购",
        "action_en": "revisit, service, referrals, upsell",
    },
}

# Spellings people write instead of the code (compared after normalisation).
TIER_SYNONYMS: dict[str, str] = {
    "可以上门拜访": "A",
    "可上门拜访": "A",
    "可拜访": "A",
    "近期不上但有规划": "B",
    "有规划": "B",
    "近期不上": "B",
    "愿意对erp进行了解": "C",
    "愿意了解": "C",
    "愿意了解erp": "C",
    "不了解": "D",
    "明确不上": "D",
    "不知道": "D",
    "不了解明确不上": "D",
    "使用对手产品情况不好": "E",
    "对手产品使用不好": "E",
    "良好使用对手产品": "F1",
    "对手产品使用良好": "F1",
    "注销": "F2",
    "倒闭": "F2",
    "注销倒闭": "F2",
    "已注销": "F2",
    "已倒闭": "F2",
    "行业不匹配": "F3",
    "不具规模": "F3",
    "行业不匹配不具规模": "F3",
    "无法掌握情况": "O",
    "情况不明": "O",
    "未知": "O",
    "我方用户": "V",
    "我方客户": "V",
    "已签约": "V",
    "老客户": "V",
    "已成交": "V",
}

# --- yes / no (是否关键联系人) -------------------------------------------------------

YES = "是"
NO = "否"
YES_SPELLINGS = frozenset(
    {
        "是",
        "是的",
        "y",
        "yes",
        "true",
        "1",
        "√",
        "✓",
        "✔",
        "关键",
        "关键人",
        "关键联系人",
        "对",
        "t",
        "是关键人",
        "决策人",
    }
)
NO_SPELLINGS = frozenset(
    {"否", "不是", "n", "no", "false", "0", "×", "✗", "✘", "x", "非关键", "不", "f", "非关键人", "非决策人"}
)
YES_NO_LABELS = {YES: ("是", "yes"), NO: ("否", "no")}

# --- size bands (中小企业划型标准规定, 2011) ------------------------------------------

SIZE_ORDER: tuple[str, ...] = ("大型", "中型", "小型", "微型")
SIZE_LABELS = {"大型": "large", "中型": "medium", "小型": "small", "微型": "micro"}
SIZE_SYNONYMS = {
    "大型": "大型",
    "大": "大型",
    "大型企业": "大型",
    "large": "大型",
    "中型": "中型",
    "中": "中型",
    "中型企业": "中型",
    "medium": "中型",
    "小型": "小型",
    "小": "小型",
    "小型企业": "小型",
    "small": "小型",
    "微型": "微型",
    "微": "微型",
    "微型企业": "微型",
    "micro": "微型",
}

# --- orders and customer value (RFM, volume × loyalty, churn) -----------------------

# Columns of an orders table (订单明细). "company" is the customer's name, so the
# required-column check and --map work as for contacts.
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
        "order_date",
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
        ("产品", "产品名称", "商品", "商品名称", "品名", "货品", "product", "item"),
    ),
    Field("quantity", "数量", "quantity", "order", ("数量", "订购数量", "销售数量", "qty", "quantity")),
    Field(
        "order_no",
        "订单编号",
        "order_no",
        "order",
        (
            "订单编号",
            "订单号",
            "单号",
            "单据编号",
            "合同编号",
            "合同号",
            "orderno",
            "orderid",
            "ordernumber",
            "invoiceno",
        ),
    ),
)
ORDER_FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in ORDER_FIELDS}
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
# Win-back actions of churn-warned customers, by value group.
WIN_BACK: dict[str, tuple[str, str]] = {
    "high": (
        "挽回：经理上门拜访，了解停购原因，给出方案",
        "win back: visit in person, learn why, offer a plan",
    ),
    "medium": ("挽回：电话回访，了解原因，邀请参加活动", "win back: call, learn why, invite to an event"),
    "low": ("挽回：发送新品/优惠信息，电话问候", "win back: send news and offers, a courtesy call"),
}

# --- targets, receivables, P&L ------------------------------------------------------

# Paid / owed amounts on an orders table (an alternative to a payments file).
ORDER_FIELDS = (
    *ORDER_FIELDS,
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
ORDER_FIELD_BY_KEY = {f.key: f for f in ORDER_FIELDS}

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
        "pay_date",
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
    Field("order_no", "订单编号", "order_no", "payment", ORDER_FIELD_BY_KEY["order_no"].aliases),
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
    "last_year": ("去年同期", "last_year"),
    "pipeline": ("商机加权", "pipeline"),
    "override": ("手工指定", "set by hand"),
    "actual": ("实际", "actual"),
    "expected": ("应完成", "expected_to_date"),
    "achieved": ("完成率", "achieved"),
    "gap": ("差额", "gap"),
    "growth": ("同比增长", "growth"),
    "forecast": ("预测", "forecast"),
    "run_rate": ("按当前速度", "run_rate"),
    "customer": ("客户", "customer"),
    "company_id": ("企业编号", "company_id"),
    "manager": ("区域经理", "manager"),
    "product": ("产品", "product"),
    "month": ("月份", "month"),
    "billed": ("销售额", "billed"),
    "collected": ("已回款", "collected"),
    "owed": ("应收余额", "owed"),
    "credit": ("预收(多付)", "credit"),
    "oldest_days": ("最长账龄(天)", "oldest_days"),
    "plan_due": ("计划回款", "plan_due"),
    "action": ("催款行动", "action"),
    "item": ("项目", "item"),
    "plan": ("计划", "plan"),
    "expected_year": ("预期全年", "expected_year"),
    "income": ("收入", "income"),
    "expenses": ("费用", "expenses"),
    "profit": ("利润", "profit"),
    "total": ("合计", "total"),
    "sheet_targets": ("目标分解", "Target split"),
    "sheet_track": ("目标跟踪", "Target tracking"),
    "sheet_receivables": ("应收账款", "Receivables"),
    "sheet_ageing": ("账龄", "Ageing"),
    "sheet_chase": ("催款清单", "Chase list"),
    "sheet_collections": ("回款计划", "Collections by month"),
    "sheet_pnl": ("预期损益", "Expected P&L"),
}
# 催款 actions by the age of the oldest overdue amount (days): at least the number → action.
CHASE_ACTIONS: tuple[tuple[int, str, str], ...] = (
    (91, "经理上门催收，约定还款计划", "visit in person, agree a repayment plan"),
    (61, "上门对账催收", "visit, reconcile and collect"),
    (31, "电话提醒付款", "call to remind them to pay"),
)

# --- competitors and purchase behaviour ---------------------------------------------

# The competitor view (market): the firms that use a product are tiers E and F1.
COMPETITOR_WORDS: dict[str, tuple[str, str]] = {
    "users": ("使用企业(E+F1)", "users (E+F1)"),
    "share": ("占比", "share"),
    "e": ("E 用得不好", "E (badly)"),
    "f1": ("F1 用得良好", "F1 (well)"),
    "weak": ("用得不好占比", "E share of its users"),
    "others": ("其他分类", "other tiers"),
    "contact": ("联系人", "contact"),
    "contacts": ("联系人数", "contacts"),
}
# Purchase behaviour (regiontool sales): columns and row labels.
SALES_WORDS: dict[str, tuple[str, str]] = {
    "month": ("月份", "month"),
    "amount": ("金额", "amount"),
    "share": ("占比", "share"),
    "customers": ("客户数", "customers"),
    "lines": ("订单行数", "order lines"),
    "same_period": ("去年同期", "last year, same period"),
    "growth": ("同比", "growth"),
    "unlinked": ("(未关联客户)", "(unlinked customers)"),
    "rank": ("排名", "rank"),
    "customer": ("客户", "customer"),
    "cum_share": ("累计占比", "cumulative share"),
    "abc": ("ABC分类", "ABC class"),
    "customer_share": ("客户占比", "customer share"),
    "amount_share": ("金额占比", "amount share"),
    "action": ("建议行动", "action"),
    "segment": ("RFM分群", "segment"),
}
# ABC classes of customers by cumulative share of sales (Pareto): A up to 80%, B up to 95%.
ABC_LIMITS: tuple[tuple[float, str], ...] = ((0.80, "A"), (0.95, "B"), (1.01, "C"))
ABC_ACTIONS: dict[str, tuple[str, str]] = {
    "A": ("重点客户：经理亲自维护，优先服务", "key customers: the manager's own care, served first"),
    "B": ("成长客户：定期回访，推荐增购", "growing customers: regular revisits, upsell"),
    "C": ("一般客户：低成本维护", "ordinary customers: low-cost service"),
}


# --- other words the tool prints ----------------------------------------------------

WORDS: dict[str, tuple[str, str]] = {
    "blank": ("(空白)", "(blank)"),
    "total": ("总计", "Total"),
    "other": ("其他", "Other"),
    "sheet_resource": ("资源表", "Resources"),
    "sheet_problems": ("问题", "Problems"),
    "problem_code": ("代码", "code"),
    "problem_title": ("问题类型", "problem"),
    "problem_file": ("文件", "file"),
    "problem_sheet": ("工作表", "sheet"),
    "problem_row": ("行", "row"),
    "problem_column": ("列", "column"),
    "problem_value": ("值", "value"),
    "problem_message": ("说明", "message"),
    "clean_suffix": ("（整理）", " (clean)"),
    "unit_companies": ("企业数", "companies"),
    "unit_contacts": ("联系人数", "contacts"),
    # rfm: per-customer columns, then summaries
    "last_order": ("最近下单", "last_order"),
    "first_order": ("首次下单", "first_order"),
    "recency_days": ("距今天数", "recency_days"),
    "frequency": ("下单次数", "frequency"),
    "monetary": ("累计金额", "monetary"),
    "r": ("R分", "r"),
    "f": ("F分", "f"),
    "m": ("M分", "m"),
    "segment": ("RFM分群", "segment"),
    "value_group": ("价值分组", "value_group"),
    "quadrant": ("规模×忠诚", "quadrant"),
    "churn_warning": ("流失预警", "churn_warning"),
    "loyalty": ("忠诚度", "loyalty"),
    "median_interval": ("下单间隔中位(天)", "median_interval_days"),
    "value_at_risk": ("风险金额(年)", "value_at_risk"),
    "action": ("建议行动", "action"),
    "customers": ("客户数", "customers"),
    "customer_share": ("客户占比", "customer_share"),
    "value_share": ("金额占比", "value_share"),
    "sheet_rfm_customers": ("客户价值", "Customers"),
    "sheet_rfm_segments": ("RFM分群", "Segments"),
    "sheet_quadrants": ("规模×忠诚", "Volume x loyalty"),
    "sheet_churn": ("流失预警", "Churn warning"),
    "dimension": ("维度", "dimension"),
    "cut_points": ("分界点", "cut points"),
}

# Problem codes, the way frictionless names validation errors.
PROBLEMS: dict[str, tuple[str, str]] = {
    "no-company": ("缺少企业名称", "no company name"),
    "possible-duplicate": ("疑似重复企业", "possible duplicate company"),
    "invalid-tier": ("无法识别的客户分类", "unknown tier"),
    "invalid-key-contact": ("无法识别的关键联系人", "unknown key-contact value"),
    "invalid-phone": ("无法识别的电话", "unrecognised phone"),
    "invalid-size": ("无法识别的规模", "unknown size"),
    "conflicting-value": ("同一企业取值不一致", "conflicting values for one company"),
    "duplicate-header": ("重复表头", "duplicate header"),
    "town-not-found": ("地址中找不到乡镇", "no township in the address"),
    "town-ambiguous": ("同名乡镇无法确定", "township name in several counties"),
    "blank-header": ("空表头", "blank header"),
    "cell-truncated": ("单元格超长已截断", "cell cut at Excel's limit"),
    "unlinked-order": ("订单未关联到企业", "order not linked to a company"),
    "bad-date": ("无法识别的日期", "unrecognised date"),
    "bad-amount": ("无法识别的金额", "unrecognised amount"),
    "tier-not-v": ("有订单但分类不是V", "has orders but tier is not V"),
    "future-order": ("订单日期晚于分析日期", "order after the as-of date"),
    "unlinked-payment": ("回款未关联到企业", "payment not linked to a company"),
}


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
NEVER_PLANNED = frozenset({"F2", "F3"})

# 完成情况: what the manager writes back, longest spelling matched first (after NFKC, lower case).
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
            "完毕",
            "已办",
            "已拜访",
            "已联系",
            "已去",
            "done",
            "ok",
            "yes",
            "y",
            "√",
            "✓",
            "✔",
            "是",
        ),
        "done",
    ),
    **dict.fromkeys(
        (
            "未完成",
            "没完成",
            "未办",
            "未去",
            "没去",
            "未联系",
            "没联系",
            "未拜访",
            "取消",
            "missed",
            "not done",
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
        ("改期", "延期", "推迟", "另约", "顺延", "rescheduled", "postponed", "moved"), "rescheduled"
    ),
}
CONTACT_STATUSES = frozenset({"done", "note"})  # the customer was reached: last contact moves
MISSED_STATUSES = frozenset({"missed", "rescheduled"})  # planned first next time

# Rows of a plan read back that cannot be logged.
PLAN_PROBLEMS: dict[str, tuple[str, str]] = {
    "no-date": ("工作表标题中没有日期", "no date in the sheet title"),
    "no-company-id": ("没有企业编号", "no company id"),
    "unknown-company": ("工作区中没有这个企业编号", "no company with this id in the workspace"),
    "name-mismatch": ("企业编号对应的是另一家企业", "the company id belongs to another company"),
}

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
PLAN_WORDS: dict[str, tuple[str, str]] = {
    "sheet_week": ("周计划", "week plan"),
    "sheet_day": ("日工作待办单", "daily to-do"),
    "sheet_month": ("行事月历", "month calendar"),
    "sheet_targets": ("季度目标", "quarter targets"),
    "sheet_overview": ("计划总览", "plan overview"),
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
}
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
