"""The domain's words in one place: fields, tier codes, yes/no spellings, size bands, labels.

Every Chinese or English label the tool prints or writes comes from here, so a
renamed field or a new alias is a one-line change.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from .sheets import SHEET_NAME_MAX, SHEETS, crossing, sheet_name  # noqa: F401  (vocab.sheet_name …)

LANGS = ("zh", "en")
ERROR_PREFIX = {"zh": "错误：", "en": "error: "}  # before the one line of a failed command
NOTE_PREFIX = {"zh": "提示：", "en": "note: "}  # stderr lines that inform
WARNING_PREFIX = {"zh": "注意：", "en": "warning: "}  # stderr lines that ask for a look
LIST_SEPARATOR = {"zh": "、", "en": ", "}  # between the names of a list in a line (vocab.listed)
# The command line's own refusals (click's), in Chinese: {name} the option, argument or command.
OPTION_ERRORS_ZH = {
    "no_such_option": "没有选项 {name}",
    "similar": "（相近的有：{names}）",
    "missing_argument": "缺少参数 {name}",
    "missing_option": "缺少选项 {name}",
    "needs_value": "选项 {name} 后面要写一个值",
    "bad_value": "{name} 的值无效（{why}）",
    "no_such_command": "没有命令“{name}”",
    "missing_command": "缺少命令",
    "extra_arguments": "多余的参数：{args}",
    "takes_no_value": "选项 {name} 后面不能写值",
    "see_help": "——请看 '{command} --help'",
}
# Why a typed value is not one the option takes, by the kind of value it wants (in {why} of
# bad_value above); a kind not listed keeps click's own words.
VALUE_ERRORS_ZH = {
    "integer": "“{value}”不是整数",
    "number": "“{value}”不是数字",
    "date": "“{value}”不是日期，请写成 2026-03-05",
    "choice": "“{value}”不是可选的值：{expected}",
}
# The line of a command the user stopped before it wrote anything: (zh, en).
STOPPED_LINES = {
    "aborted": ("已中止，未写入任何内容", "aborted; nothing was written"),
    "interrupted": ("已中断，未写入任何内容", "interrupted; nothing was written"),
    # a Ctrl-C that came after the command's writes were committed (its summary not printed)
    "interrupted_saved": (
        "已中断，但中断前已保存到工作区：用 `regiontool status` 查看",
        "interrupted, but what it wrote was saved before: see `regiontool status`",
    ),
    # a Ctrl-C after the workspace was upgraded to this release's schema on opening, before any
    # write of the command: the data is as it was, the file's layout is not
    "interrupted_upgraded": (
        "已中断，数据未改动；但工作区 {path} 已升级为本版的结构（升级前的副本：{backup}）",
        "interrupted; no data was changed, but the workspace {path} was upgraded to this release's"
        " schema (its copy from before: {backup})",
    ),
    # a Ctrl-C while the upgrade ran (rolled back): the workspace is as it was, a copy was made
    "interrupted_backup": (
        "已中断，未写入任何内容；升级结构前已在旁边做了副本：{backup}",
        "interrupted; nothing was written, but a copy was made before the schema upgrade: {backup}",
    ),
    "interrupted_upgraded_server": (
        "已中断，数据未改动；但工作区 {path} 已升级为本版的结构",
        "interrupted; no data was changed, but the workspace {path} was upgraded to this release's schema",
    ),
}

# Why an output file could not be written, by the system's errno name (io.write.cannot_write_file):
# (zh, en); {folder} is the output's folder. An errno not listed gives the system's own words.
CANNOT_WRITE_WHY = {
    "EROFS": (
        "所在的文件夹 {folder} 是只读的，请写到别的文件夹",
        "its folder {folder} is read-only; write it to another folder",
    ),
    "EACCES": (
        "没有在文件夹 {folder} 中写文件的权限，请写到别的文件夹",
        "no permission to write in the folder {folder}; write it to another folder",
    ),
    "ENOSPC": ("磁盘已满", "the disk is full"),
    "ENAMETOOLONG": ("文件名太长，请换一个短一些的名字", "the file name is too long; choose a shorter name"),
    "EIO": ("磁盘读写出错", "the disk failed to read or write"),
    "ENOENT": (
        "文件夹 {folder} 中不能创建文件，请写到别的文件夹",
        "no file can be created in the folder {folder}; write it to another folder",
    ),
}
CANNOT_WRITE_WHY["EPERM"] = CANNOT_WRITE_WHY["EACCES"]
CANNOT_WRITE_WHY["EDQUOT"] = CANNOT_WRITE_WHY["ENOSPC"]
CANNOT_WRITE_OTHER = ("系统报错：{error}", "the system says: {error}")
# Files a glob picks up that are no table to import (io.read.set_aside): the note that skips one
# beside others, and the error when it is all there is. {name}: the file; {of}: the workbook it
# belongs to (or NOT_INPUT_SOME_WORKBOOK's words when none is beside it).
NOT_INPUT = {
    "owner_file": {
        "note": (
            "跳过 {name}：这是 Excel/WPS 打开{of}时留下的锁定文件，不是表格",
            "skipped {name}: the lock file Excel/WPS keeps while {of} is open, not a spreadsheet",
        ),
        "error": (
            "{name} 是 Excel/WPS 打开{of}时留下的锁定文件，不是表格：请导入表格本身，不要传入它"
            "（关闭 Excel/WPS 后它会自动消失）",
            "{name} is the lock file Excel/WPS keeps while {of} is open, not a spreadsheet — import the "
            "workbook itself, not this file (it goes when Excel/WPS closes the workbook)",
        ),
    },
    "own_pivot": {  # {what}: OWN_ANALYSES, by the workbook's kind (io.read.analysis_kind)
        "note": ("跳过 {name}：这是 {what}，不是客户名单", "skipped {name}: {what}, not a contact list"),
        "error": (
            "{name} 是 {what}，不是客户名单：请导入原始的客户联系表或订单表（或 regiontool export 写出的资源表）",
            "{name} is {what}, not a contact list — import the original contact or orders sheet (or the "
            "resource table regiontool export writes)",
        ),
    },
    "own_plan": {
        "note": (
            "跳过 {name}：这是 regiontool plan 写的计划，不是客户名单（完成情况用 regiontool done {name} 读回）",
            "skipped {name}: a plan regiontool plan wrote, not a contact list (read what was done with "
            "regiontool done {name})",
        ),
        "error": (
            "{name} 是 regiontool plan 写的计划，不是客户名单：填好完成情况后用 regiontool done {name} 读回",
            "{name} is a plan regiontool plan wrote, not a contact list — fill in what was done and read "
            "it back with regiontool done {name}",
        ),
    },
    "own_table": {
        "note": (
            "跳过 {name}：这是 regiontool 的输出（list、problems … --out），不是客户名单",
            "skipped {name}: a regiontool output (list, problems … --out), not a contact list",
        ),
        "error": (
            "{name} 是 regiontool 的输出（list、problems … --out），不是客户名单：请导入原始的客户联系表或订单表"
            "（或 regiontool export 写出的资源表）",
            "{name} is a regiontool output (list, problems … --out), not a contact list — import the "
            "original contact or orders sheet (or the resource table regiontool export writes)",
        ),
    },
    "own_report": {  # alone, the report is imported (its 资源表 sheet): no error
        "note": (
            "跳过 {name}：这是 regiontool 的区域报告（单独导入时读它的资源表）",
            "skipped {name}: a regiontool report (imported alone, its resource table is read)",
        )
    },
    "budget": {
        "note": (
            "跳过 {name}：这是费用预算，不是客户名单（用 regiontool budget {name} 读入）",
            "skipped {name}: a budget (费用预算), not a contact list (read it with regiontool budget {name})",
        ),
        "error": (
            "{name} 是费用预算，不是客户名单：请用 regiontool budget {name} 读入",
            "{name} is a budget (费用预算), not a contact list — read it with regiontool budget {name}",
        ),
    },
}
# What an analysis workbook regiontool wrote (pivot, tiers, market … --out) is, by the kind its hidden
# settings sheet names (io.read.analysis_kind): NOT_INPUT own_pivot's {what}. "": one whose sheets name
# no kind (written before they did).
OWN_ANALYSES = {
    "pivot": ("regiontool pivot 写的透视表", "a pivot workbook regiontool pivot wrote"),
    "tiers": ("regiontool tiers 写的客户分类漏斗", "a tier funnel regiontool tiers wrote"),
    "market": ("regiontool market 写的市场分析", "a market view regiontool market wrote"),
    "competitors": ("regiontool market 写的竞争对手分析", "a competitor view regiontool market wrote"),
    "score": ("regiontool score 写的机会能量评分", "opportunity scores regiontool score wrote"),
    "rfm": ("regiontool rfm 写的客户价值分析", "a customer value analysis regiontool rfm wrote"),
    "sales": ("regiontool sales 写的销售分析", "a sales view regiontool sales wrote"),
    "target": ("regiontool target show 写的目标分解", "a target split regiontool target show wrote"),
    "track": ("regiontool track 写的目标跟踪", "a target-tracking workbook regiontool track wrote"),
    "receivables": (
        "regiontool receivables 写的应收账款分析",
        "a receivables workbook regiontool receivables wrote",
    ),
    "pnl": ("regiontool pnl 写的预期损益", "an expected P&L regiontool pnl wrote"),
    "": (
        "regiontool 的分析表（pivot、tiers、market … --out）",
        "a regiontool analysis workbook (pivot, tiers, market … --out)",
    ),
}
NOT_INPUT_SOME_WORKBOOK = ("表格", "a workbook")
CANNOT_WRITE_READ_ONLY_FILE = (  # an existing output file set read-only (chmod 444, Windows' 只读)
    "这个文件是只读的，请取消它的只读属性，或换一个输出文件名",
    "the file is read-only; clear its read-only attribute or choose another output name",
)
CANNOT_WRITE_LINE = ("无法写入 {name}：{why}（{kept}）", "cannot write {name}: {why} ({kept})")
CANNOT_WRITE_KEPT = {  # what is left: the old file as it was, or nothing written
    "kept": ("原有的文件未改动", "the existing file is unchanged"),
    "none": ("没有写入任何文件", "nothing was written"),
}


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


# Aliases that name their field only where no other column of the sheet does (io.layout), written
# alone or at the end of a header (客户销售经理): a customer's 销售经理 beside our 区域经理.
SECONDARY_ALIASES = frozenset({"销售经理", "业务经理", "地区经理", "片区经理"})

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
            "商号",
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
            "所在地",
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
            "销售经理",
            "业务经理",
            "地区经理",
            "片区经理",
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
            "客户级别",
            "等级",
            "级别",
            "类别",
            "集群分类",
            "客户类型",
            "tier",
            "category",
            "class",
            "customertier",
        ),
    ),
    # A registry export's (企查查, 天眼查, 爱企查) state of the enterprise: 存续, 在业, 注销, 吊销 …; one
    # that says it is closed (REGISTRY_CLOSED_STATUSES) gives a firm without a tier of its own F2.
    # Not 经营状况, which a manager's sheet fills with sentences (良好，去年关闭了一条生产线).
    Field(
        "status",
        "登记状态",
        "registry status",
        "company",
        ("登记状态", "经营状态", "企业状态", "登记状况", "registrationstatus", "companystatus"),
    ),
    Field(
        "key_contact",
        "是否关键联系人",
        "key contact",
        "contact",
        (
            "是否关键联系人",
            "关键联系人",
            "是否关键联络人",
            "关键联络人",
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
        "deal level",
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
        "value level",
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
# The levels above in English (the Chinese names are what is stored and typed).
LEVEL_LABELS: dict[str, str] = {
    "超额": "above quota",
    "重要": "major",
    "部分": "partial",
    "微小": "minor",
    "本月内": "this month",
    "考核期内": "this period",
    "更长期": "later",
    "有意向": "interested",
    "一级": "level 1",
    "二级": "level 2",
    "三级": "level 3",
    "四级": "level 4",
}
HIGH_WORDS = frozenset({"高", "强", "大", "好", "优", "是", "high", "h", "yes", "strong"})
LOW_WORDS = frozenset({"低", "弱", "小", "差", "劣", "否", "low", "l", "no", "weak"})
# 客户吸引力 / 我方优势 as a score of 1–5, whole or not (4, 4.5, "4.0"), may carry its unit: 5分.
# From SCORE_HIGH up it is high. The invalid-level problem names the scale so (LEVEL_CHOICES).
SCORE_UNITS: tuple[str, ...] = ("分",)
SCORE_RANGE = (1, 5)
SCORE_HIGH = 3
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
# Where a firm with an energy score but no value level ranks (score, plan): after the attention
# orders 1–3 and before the last group, 4 (三级 B and below, 四级: DOMAIN §6's "last"), so rating
# a few weak firms never puts them ahead of an unrated 本月内 deal. A firm with neither: after all.
ENERGY_ONLY_RANK = 3.5
UNRANKED = 9
# What each level column may hold, as the invalid-level problem names it: (zh, en).
_HIGH_LOW = ("高/低 或 1–5 分", "high/low or a score 1–5")
LEVEL_CHOICES: dict[str, tuple[str, str]] = {
    key: (" ".join(levels), ", ".join(LEVEL_LABELS[k] for k in levels))
    for key, levels in (
        ("deal_level", DEAL_LEVELS),
        ("closing", CLOSING_LEVELS),
        ("value_level", VALUE_LEVELS),
    )
} | {"attractiveness": _HIGH_LOW, "advantage": _HIGH_LOW}

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


def export_headers(original: Iterable[str], lang: str = "zh") -> list[str]:
    """The headers the resource table gives its key fields and trace columns (EXPORT_FIELDS, then
    TRACE_FIELDS), after the `original` ones: the label (in English the key, which --map, pivot --by
    and a script use), with WORDS' clean_suffix as often as it takes to be a header no original
    column has (行业（整理） where the sheet had 行业, 行业（整理）（整理） where it had both)."""
    taken = set(original)
    clean = WORDS["clean_suffix"][lang == "en"]
    keys = (*EXPORT_FIELDS, *TRACE_FIELDS)
    out = []
    for lab in list(keys) if lang == "en" else [label(k, lang) for k in keys]:
        while lab in taken:
            lab += clean
        out.append(lab)
    return out


# The trace columns that, right after 推断依据 (basis) and in this order, make a sheet the
# resource table regiontool wrote (export_columns).
EXPORT_MARKS = ("company_id", "source_file", "source_sheet", "source_row")


def export_columns(headers: list[str]) -> dict[int, str]:
    """Column index → key (of EXPORT_FIELDS or TRACE_FIELDS) of the columns that the resource
    table itself adds (export_headers), when `headers` are its own, in Chinese or English; {}
    otherwise. Its mark is its trace block: 推断依据 then all four EXPORT_MARKS, side by side, with
    at least one key-field column right before them. The key-field columns are the ones just
    before 推断依据, in EXPORT_FIELDS' order (a column deleted from the export is skipped): a
    user's own 行业（整理） among the original columns, left of them, stays the user's."""
    for lang in ("zh", "en"):
        clean = WORDS["clean_suffix"][lang == "en"]

        def names(h: str, key: str, clean=clean, lang=lang) -> bool:
            while h.endswith(clean) and len(h) > len(clean):
                h = h[: -len(clean)]
            return h == (key if lang == "en" else label(key, lang))

        for j in reversed(range(len(headers))):
            block = ("basis", *EXPORT_MARKS)
            if j + len(block) > len(headers) or not all(
                names(headers[j + i], key) for i, key in enumerate(block)
            ):
                continue
            found = {j + i: key for i, key in enumerate(block)}
            p = j - 1
            for key in reversed(EXPORT_FIELDS):
                if p >= 0 and names(headers[p], key):
                    found[p] = key
                    p -= 1
            if p < j - 1:
                return found
    return {}


@dataclass(frozen=True)
class GoneWords:
    """The words of a line (an order line, a payment) that a new version of its file no longer has."""

    field: str  # history.field of a line `import --replace` removed: this prefix, then its row
    label: tuple[str, str]  # that field as label() prints it (zh, en); {row}: the row in the earlier version
    problem: str  # the problem of a line kept (PROBLEMS, PROBLEM_MESSAGES)
    held: str  # its message when another imported file still holds the line (PROBLEM_MESSAGES)
    changed: str  # history.field of a line a new version changed (its amount, date …): prefix, then its row
    changed_label: tuple[str, str]  # as label() prints it; {row}: the row in this version


# By kind of file (the kinds of store.orders.LINE_TABLES); the history's source names the file.
# IMPORT_LINES holds each kind's clauses: {kind}_not_in_file, {kind}_removed, {kind}_to_remove.
GONE_WORDS: dict[str, GoneWords] = {
    "orders": GoneWords(
        "order_removed:",
        ("删除订单行（原第 {row} 行）", "order line removed (was row {row})"),
        "order-not-in-file",
        "order-not-in-file-held",
        "order_changed:",
        ("订单行有改动（第 {row} 行）", "order line changed (row {row})"),
    ),
    "payments": GoneWords(
        "payment_removed:",
        ("删除回款（原第 {row} 行）", "payment removed (was row {row})"),
        "payment-not-in-file",
        "payment-not-in-file-held",
        "payment_changed:",
        ("回款有改动（第 {row} 行）", "payment changed (row {row})"),
    ),
}


def label(key: str, lang: str = "zh") -> str:
    """The printed name of a field, trace column or other vocabulary key; 'col:HEADER' (an
    original column kept as it is) prints as its header."""
    if key.startswith("col:"):
        return key[4:]
    for gone in GONE_WORDS.values():
        if key.startswith(gone.field):
            return gone.label[lang == "en"].format(row=key[len(gone.field) :])
        if key.startswith(gone.changed):
            return gone.changed_label[lang == "en"].format(row=key[len(gone.changed) :])
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

# 移出计划 (DOMAIN §2): closed (F2) or not a fit (F3). Such a firm is no prospect: not planned,
# no open opportunity (pipeline, target split, forecast, score), no churn warning.
DROPPED_TIERS = frozenset({"F2", "F3"})
# Of those, the firms that no longer exist (注销/倒闭): not counted among a town's target firms.
CLOSED_TIERS = frozenset({"F2"})


def dropped_tier_words(lang: str = "zh") -> dict[str, str]:
    """{f2}, {f3} of the notes about dropped firms: the tiers' own descriptions (TIERS)."""
    key = "en" if lang == "en" else "zh"
    return {"f2": TIERS["F2"][key], "f3": TIERS["F3"][key]}


# The values of a registry status (登记状态) that say the enterprise is closed: the firm is F2
# (注销/倒闭) unless it has a tier of its own. A status is the whole cell, a short value of the
# registries' own vocabulary (compared as matching keys: 吊销,未注销 and 吊销，未注销 are one),
# with at most a bracketed detail after it (注销（2019-05-01）); a sentence holding such a word
# (疫情期间停业三个月, 未停业, 资金清算完毕) is no status and says nothing.
REGISTRY_CLOSED_STATUSES: tuple[str, ...] = (
    "注销",
    "已注销",
    "注销中",
    "拟注销",
    "吊销",
    "已吊销",
    "吊销，未注销",
    "吊销，已注销",
    "撤销",
    "已撤销",
    "责令关闭",
    "清算",
    "清算中",
    "停业",
    "已停业",
    "歇业",
    "已歇业",
    "破产",
)
# The values that say it is trading (迁出: moved to another registry, alive there): a firm with a
# row of one of these is not closed, though another row of its name says so (a firm deregistered in
# 2005 and one registered in 2019 under the same name, merged into one).
REGISTRY_LIVE_STATUSES: tuple[str, ...] = ("存续", "在业", "在营", "开业", "在册", "正常", "迁入", "迁出")
REGISTRY_CLOSED_TIER = "F2"

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

# Tier cells written with a suffix: A类, E类客户, B级 (compared after normalisation).
TIER_SUFFIXES: tuple[str, ...] = ("类客户", "级客户", "类", "级")

# --- places (镇街, 区县) -------------------------------------------------------------

# Words in the name of a gazetteer entry listed among a city's counties that make it a
# development zone, not a county (成都高新技术产业开发区; the others have NBS codes xx71-xx79):
# its words (高新区, 经开区, 保税区) are never the county an address starts with, and one named
# in another city is no match (宁波保税区 is not 衡阳综合保税区). A township named with one
# (开发区龙泉街道, 经济开发区镇) gives way to the township of the city written after the zone word.
ZONE_COUNTY_WORDS: tuple[str, ...] = (
    "开发区",
    "高新区",
    "经开区",
    "高新技术",
    "高技术",
    "保税区",
    "产业园",
    "工业园",
    "示范区",
)

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
# (No ASCII x: in a column of ticks it is as often a mark made as a cross; such a cell is reported.)
NO_SPELLINGS = frozenset(
    {"否", "不是", "n", "no", "false", "0", "×", "✗", "✘", "非关键", "不", "f", "非关键人", "非决策人"}
)
YES_NO_LABELS = {YES: ("是", "yes"), NO: ("否", "no")}
# A yes or no followed by a comment in brackets, after a dash or after a comma or a space (是（决策人）,
# 是(老板), 是-决策人, 否——一般, Y [boss], 是，老板, 是 老板, 是,决策人) reads as that yes or no; the cell
# keeps the comment as written. The comment must hold a word (是-1, 1-2 and 是 1 are not read) and
# must not say the opposite (是（否）, y-n, 是，否).
YES_NO_COMMENT_BRACKETS: tuple[str, ...] = ("()", "（）", "[]", "【】", "〔〕", "〖〗", "<>", "《》", "「」")
YES_NO_COMMENT_DASHES: tuple[str, ...] = ("-", "‐", "‑", "‒", "–", "—", "―", "－", "−")
YES_NO_COMMENT_SEPARATORS: tuple[str, ...] = (*",，、;；:：", " ", "\u3000", "\t", "\xa0")

# --- phones -------------------------------------------------------------------------

# Words written beside a number in a phone cell, dropped before it is read (手机13812345678,
# 13812345678（微信同号）, Tel: 0574-63012345); compared case-insensitively.
PHONE_LABELS: tuple[str, ...] = (
    "微信同号",
    "同微信",
    "微信",
    "手机号码",
    "手机号",
    "手机",
    "移动电话",
    "联系电话",
    "电话",
    "座机",
    "固话",
    "办公室",
    "tel",
    "mobile",
    "mob",
    "phone",
)
# Words that mark a number as a fax (传真0574-63012345, 0574-63012345（传真）): not a number
# to call, so it is left out of the contact's phones (the cell itself is kept as written).
# Written after a phone word (电话/传真 0574-…) they mean the same number is both: a phone.
FAX_LABELS: tuple[str, ...] = ("传真号码", "传真号", "传真", "fax")
# Words that put an extension after a number: 63012345转12, 0574-63012345 ext 12.
PHONE_EXTENSION_WORDS: tuple[str, ...] = ("转", "分机", "ext.", "ext", "x")
# Nationwide service numbers (400-800-1234), written with ten digits.
PHONE_SERVICE_PREFIXES: tuple[str, ...] = ("400", "800")

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
    # Registry exports (企查查, 天眼查) write a size code before the band.
    "L(大型)": "大型",
    "M(中型)": "中型",
    "S(小型)": "小型",
    "XS(微型)": "微型",
}

# The address columns that name the firm's own site (注册地址, 通信地址, 经营地址 …): where the first address
# column of a row is blank, the first of these after it that is filled gives the address (records.
# address_fallback_columns). Not a ship-to or storage place (送货地址, 收货地址, 仓库地址, 发货地址): such
# a column may be in another town or city, and stays a column kept as it is.
OWN_ADDRESS_HEADERS: tuple[str, ...] = (
    "地址",
    "企业地址",
    "公司地址",
    "详细地址",
    "注册地址",
    "住所",
    "经营地址",
    "实际经营地址",
    "经营场所",
    "办公地址",
    "通信地址",
    "通讯地址",
    "联系地址",
    "所在地",
    "生产地址",
    "工厂地址",
    "厂址",
)
# Size words that name more than one band (小微 is 小型 or 微型): no band of their own and no
# problem; the size comes from the firm's figures (员工人数, 年产值), if any.
SIZE_SPAN_WORDS: tuple[str, ...] = ("小微", "小微企业", "小微型企业", "中小企业", "中小型企业", "中小微企业")
# The size basis when a bound (300人以上, 100人以下) leaves more than one band possible.
SIZE_UNDECIDED = "规模不定（{low}至{high}）"

# Words around a figure of 员工人数 or 营收 (enrich/size.py). About, read as the figure itself:
# 约300人, 近百人, 二百来人, 300人左右.
FIGURE_ABOUT_WORDS: tuple[str, ...] = (
    "约",
    "大约",
    "大概",
    "近",
    "将近",
    "共",
    "共计",
    "合计",
    "总计",
    "左右",
    "来",
)
# A bound below (50人以下: 0-49 people); the inclusive ones keep the figure (100人以内: 0-100).
FIGURE_BELOW_WORDS: tuple[str, ...] = (
    "不足",
    "不到",
    "少于",
    "小于",
    "低于",
    "<",
    "≤",
    "<=",
    "以下",
    "以内",
    "及以下",
)
FIGURE_BELOW_INCLUSIVE: tuple[str, ...] = ("以内", "≤", "<=", "及以下")
# A bound above (300人以上, 1000+): any value from the figure up.
FIGURE_ABOVE_WORDS: tuple[str, ...] = (
    "超过",
    "多于",
    "大于",
    "高于",
    "至少",
    "不少于",
    ">",
    "≥",
    ">=",
    "以上",
    "及以上",
    "+",
)
# "And some" after a figure: 200多人, 三十余人, 1亿多 run up to the next unit of the figure's last
# non-zero digit (200-299, 30-39, 1亿-2亿), not open-ended.
FIGURE_SOME_MORE_WORDS: tuple[str, ...] = ("多", "余")
# A bare 百, 千 or 万 right after 约/近 (大约, 将近) or before an "and some" word is one of it:
# 近百人 (about 100), 千余人 (1000-1999); a 万 alone stays no figure.
FIGURE_BARE_UNITS: tuple[str, ...] = ("百", "千", "万")
FIGURE_BARE_UNIT_AFTER: tuple[str, ...] = ("约", "近")


def value_label(field: str, value: str, lang: str = "zh") -> str:
    """A stored coded value as printed in lang: a size band (大型 → large), 是/否 (→ yes/no),
    an industry of the packaged taxonomy (电子电器 → its `en` in industries.toml); any other
    value as it is."""
    if lang != "en":
        return value
    if field == "industry":
        return _industry_names().get(value, value)
    if field == "size":
        return SIZE_LABELS.get(value, value)
    if field == "key_contact":
        return YES_NO_LABELS.get(value, (value, value))[1]
    if field in ("deal_level", "closing", "value_level"):
        return LEVEL_LABELS.get(value, value)
    return value


@functools.lru_cache(maxsize=1)
def _industry_names() -> dict[str, str]:
    """label → English name of the packaged taxonomy (data/industries.toml, their one home)."""
    from ..enrich.industry import IndustryRules

    return {ind.label: ind.en for ind in IndustryRules.load().industries if ind.en}


def industry_of(text: str) -> str | None:
    """The packaged taxonomy's industry a text names: its label (电子电器) or its English name as
    value_label prints it (electrical appliances & instruments, any case, spaces folded); else None."""
    names = _industry_names()
    if text in names:
        return text
    return _industry_by_english().get(" ".join(text.split()).casefold())


@functools.lru_cache(maxsize=1)
def _industry_by_english() -> dict[str, str]:
    return {" ".join(en.split()).casefold(): label for label, en in _industry_names().items()}


# The catch-all industry (the taxonomy's last row, 其他): the unclassified remainder, so never a
# target industry of the market view by its share.
CATCH_ALL_INDUSTRIES = frozenset({"其他", "其它", "其他行业", "其它行业"})


# A bound as the notes show one, per figure field (pivot --values: a bound is left out).
BOUND_EXAMPLES = {"employees": "1000人以上", "revenue": "5000万以上"}

# --- other words the tool prints ----------------------------------------------------

WORDS: dict[str, tuple[str, str]] = {
    "blank": ("(空白)", "(blank)"),
    "total": ("总计", "Total"),
    "other": ("其他", "Other"),
    # market: the industries table's target column names the rule that chose the targets
    "market_target_share": ("目标行业(>{share}%)", "target (>{share}%)"),
    "market_target_chosen": ("目标行业(指定)", "target (chosen)"),
    "energy": ("能量", "energy"),  # an opportunity's energy score (score, list --sort energy)
    # the row a pivot's --top folds the remaining values into (not 其他: an industry has that name)
    "top_rest": ("其余 {n} 项", "the other {n}"),
    # a workbook chart past its readable size (io/write.py): the grid holds every row and column
    "chart_segments_folded": (
        "图表中每条只分出前 {shown} {unit}，其余 {rest:,} {unit}合为一段“{other}”，每条的总长不变",
        "each bar of the chart shows the first {shown} {what} as segments; the other {rest:,} are one"
        " segment, “{other}”, so each bar keeps its whole length",
    ),
    "chart_bars_cut": (
        "图表只画前 {shown} {unit}（共 {n:,} {unit}），其余的只在表中",
        "the chart draws the first {shown} {what} (of {n:,}); the others are in the table only",
    ),
    "chart_rows": ("行", "rows"),
    "chart_columns": ("列", "columns"),
    # pivot --values sum|mean of 员工人数/年产值: a bound (1000人以上) is no figure and is left out
    "bounds_left_out": (
        "未计入{agg}：{n:,} {unit}的{field}只写了界限（如“{example}”），不是确切数字",
        "left out of the {agg}: {n:,} {n:{unit}} whose {field} figure is only a bound (such as {example}),"
        " not a number",
    ),
    # pivot --values sum|mean of an original column: a text that is no whole number (约10, 3-5)
    "words_left_out": (
        "未计入{agg}：{n:,} {unit}的“{field}”不是一个确切数字（如“{example}”）",
        "left out of the {agg}: {n:,} {n:{unit}} whose '{field}' is not a plain number (such as {example})",
    ),
    # pivot --sheet: the workbook's other sheets are made again from the workspace as it is now
    "pivots_recomputed": (
        "工作簿里另外 {n:,} 张透视表按工作区的当前数据重新计算（各用原来的语言）：{names}",
        "the workbook's other {n:,} {n:pivot was|pivots were} recomputed from the workspace as it is now "
        "(each in the language it was written in): {names}",
    ),
    # pivot or tiers by 客户分类: the records whose tier names no code, counted blank (review r92 F2)
    "unknown_tiers_blank": (
        "（空白）含 {n:,} {unit}写了无法识别的客户分类（{shown}），按空白计：见 regiontool problems --code invalid-tier",
        "(blank) includes {n:,} {n:{unit}} whose tier names no code ({shown}), counted as blank:"
        " see regiontool problems --code invalid-tier",
    ),
    # report --manager's 概览: its problems (and the 问题 sheet's) and imports are the manager's only
    "scoped_overview": (
        "{manager} 的范围：问题只列 {manager} 的企业所在的行和提供这些企业数据的文件中的问题，导入只列这些文件",
        "{manager}'s scope: problems only of {manager}'s companies' rows and of the files that supplied "
        "them, imports only of those files",
    ),
    # the problems command's title, and its line after --out
    "problems_title": ("问题 {n:,} 条", "{n:,} {n:problem|problems}"),
    "problems_written": ("{out}：问题 {n:,} 条", "{out}: {n:,} {n:problem|problems}"),
    # rfm's churn warnings table in the terminal: the first {shown} of {n}
    "churn_title": (
        "流失预警：{n:,} 个客户（前 {shown} 个）",
        "churn warnings: {n:,} {n:customer|customers} (first {shown})",
    ),
    # list in the terminal: the first {shown} of {n} companies, and how to get them all
    "list_first": (
        "共 {n:,} 家企业（前 {shown} 家；全部：--out 客户清单.xlsx、--format csv 或 --limit {n}）",
        "{n:,} companies (first {shown}; all: --out list.xlsx, --format csv or --limit {n})",
    ),
    # score and problems in the terminal, as list: the first {shown} of {n}, and how to get them all
    "score_first": (
        "机会能量：共 {n:,} 家企业（前 {shown} 家；全部：--out 机会能量.xlsx 或 --format csv）",
        "opportunity energy: {n:,} {n:company|companies}"
        " (first {shown}; all: --out energy.xlsx or --format csv)",
    ),
    "problems_first": (
        "问题 {n:,} 条（前 {shown} 条；全部：--out 问题.xlsx 或 --format csv；一类：--code 代码）",
        "{n:,} {n:problem|problems}"
        " (first {shown}; all: --out problems.xlsx or --format csv; one kind: --code CODE)",
    ),
    # any other long table in the terminal (render.terminal_cut): its first rows, then its 合计
    "rows_first": (
        "{title}：共 {n:,} 行（前 {shown} 行{total}；全部：--out 文件.xlsx）",
        "{title}: {n:,} {n:row|rows} (first {shown}{total}; all: --out FILE.xlsx)",
    ),
    "rows_first_total": ("和合计", " and the total"),
    "rows_first_blank": ("、(空白)", ", (blank)"),
    "agg_sum": ("合计", "sum"),
    "agg_mean": ("平均", "mean"),
    "records_companies": ("家企业", "company|companies"),  # English: one|many, for vocab.fill
    "records_contacts": ("个联系人", "contact|contacts"),
    "sheet_resource": SHEETS["resources"],
    "sheet_problems": SHEETS["problems"],
    "problem_code": ("代码", "code"),
    "problem_title": ("问题类型", "problem"),
    "problem_file": ("文件", "file"),
    "problem_sheet": ("工作表", "sheet"),
    "problem_row": ("行", "row"),
    "problem_column": ("列", "column"),
    "problem_value": ("值", "value"),
    "problem_message": ("说明", "message"),
    "clean_suffix": ("（整理）", " (clean)"),
    "tier_raw": ("客户分类（原文）", "tier (as written)"),
    "key_contact_raw": ("是否关键联系人（原文）", "key contact (as written)"),
    "unit_companies": ("企业数", "companies"),
    "unit_contacts": ("联系人数", "contacts"),
    "unit_key_contact": ("有关键联系人", "key contact"),
    "unit_customers": ("客户数", "customers"),
    "unit_records": ("数量", "records"),
    "unit_yuan": ("元", "yuan"),
    "no_energy": (
        "还没有企业填写订单规模等级或成交时间等级：在表中加入“订单规模等级”“成交时间等级”两列导入，"
        "或用 `regiontool set 名称 --deal-level 重要 --closing 本月内`",
        "no company has an energy level yet: import 订单规模等级/成交时间等级 columns or use "
        "`regiontool set NAME --deal-level major --closing 'this month'`",
    ),
    # no firm scored, but {n} with levels are marked F2/F3 (store.dropped_with_levels)
    "no_energy_dropped": (
        "填了能量等级的 {n:,} 家企业都已标为 F2（{f2}）或 F3（{f3}），没有商机可评分",
        "the {n:,} {n:company|companies} with energy levels {n:is|are} all marked F2 ({f2}) or F3 ({f3}):"
        " no opportunity to score",
    ),
    # score --where … that leaves none of the scored firms: {filters} as typed, {n} the firms scored without it
    "no_energy_filtered": (
        "筛选 {filters} 之后没有企业有能量等级（不加筛选有 {n} 家）",
        "no company left by {filters} has an energy level ({n} without the filter)",
    ),
    # the value axis of a --pct pivot's chart
    "share_row": ("占本行合计的比例", "share of the row total"),
    "share_col": ("占本列合计的比例", "share of the column total"),
    "share_total": ("占总计的比例", "share of the grand total"),
    # rfm: per-customer columns, then summaries
    "last_order": ("最近下单", "last order"),
    "first_order": ("首次下单", "first order"),
    "recency_days": ("距今天数", "recency (days)"),
    "frequency": ("下单次数", "frequency"),
    "monetary": ("累计金额", "monetary"),
    "r": ("R分", "r"),
    "f": ("F分", "f"),
    "m": ("M分", "m"),
    "segment": ("RFM分群", "segment"),
    "value_group": ("价值分组", "value group"),
    "quadrant": ("规模×忠诚", "quadrant"),
    "churn_warning": ("流失预警", "churn warning"),
    "loyalty": ("忠诚度", "loyalty"),
    "median_interval": ("下单间隔中位(天)", "median interval (days)"),
    "value_at_risk": ("风险金额(年)", "value at risk (year)"),
    "action": ("建议行动", "action"),
    "customers": ("客户数", "customers"),
    "customer_share": ("客户占比", "customer share"),
    "value_share": ("金额占比", "value share"),
    "sheet_rfm_customers": SHEETS["rfm_customers"],
    "sheet_rfm_segments": SHEETS["rfm_segments"],
    "sheet_quadrants": SHEETS["rfm_quadrants"],
    "sheet_churn": SHEETS["rfm_churn"],
    "dimension": ("维度", "dimension"),
    "cut_points": ("分界点", "cut points"),
    "cut_source": ("来源", "source"),
    "reason": ("原因", "reason"),
    # import: another sheet of the workbook that reads as a table, left alone
    "other_sheet": (
        "另有工作表“{sheet}”也像一张表，未导入（导入它：regiontool import {file} --sheet {arg}）",
        "sheet '{sheet}' also looks like a table and was not imported "
        "(to import it: regiontool import {file} --sheet {arg})",
    ),
    # after an invalid-phone message: the digits read as a landline once given back the 0 a number
    # cell dropped (0574-63012345 typed in a General cell keeps 57463012345)
    "phone_lost_zero": (
        "（若是座机，可能是 {guess}：单元格按数字保存，去掉了开头的 0）",
        " (if a landline, perhaps {guess}: the cell kept it as a number and dropped its leading 0)",
    ),
    # … one hidden in the workbook: the user does not see it, so the import names it hidden
    "other_hidden_sheet": (
        "另有隐藏的工作表“{sheet}”也像一张表，未导入（导入它：regiontool import {file} --sheet {arg}）",
        "hidden sheet '{sheet}' also looks like a table and was not imported "
        "(to import it: regiontool import {file} --sheet {arg})",
    ),
}

# The report's own words (overview rows, section names, missing-data lines).
REPORT_WORDS: dict[str, tuple[str, str]] = {
    "overview": SHEETS["overview"],
    "plan": SHEETS["next_week"],
    "measure": ("指标", "measure"),
    "count": ("数量", "count"),
    "share": ("占比", "share"),
    "companies": ("企业", "companies"),
    "contacts": ("联系人", "contacts"),
    "orders": ("订单", "order lines"),
    "unlinked": ("  其中未关联企业", "  of which not linked to a company"),
    "imports": ("导入文件", "files imported"),
    "blank_tier": ("客户分类空白或无法识别", "tier blank or unreadable"),
    "no_town": ("镇街未知", "town unknown"),
    "no_industry": ("行业未知", "industry unknown"),
    "problems": ("问题（regiontool problems）", "problems (regiontool problems)"),
    "no_plan": ("无法生成计划：", "no plan: "),
    "value": ("客户价值", "customer value"),
}

# What a file was imported as (imports.kind is "xlsx", "orders:xlsx", "payments:csv" …).
# import --delimiter: a CSV's delimiter by the spellings a shell lets one type (a tab is hard to type).
CSV_DELIMITERS: dict[str, str] = {",": ",", ";": ";", "|": "|", "\t": "\t", "tab": "\t", "\\t": "\t"}

IMPORT_KINDS: dict[str, tuple[str, str]] = {
    "contacts": ("联系人", "contacts"),
    "orders": ("订单", "orders"),
    "payments": ("回款", "payments"),
}

# The workspace's tables, as `check` and `db copy` list them (English: the table's own name).
TABLES: dict[str, tuple[str, str]] = {
    "meta": ("工作区信息", "meta"),
    "imports": ("导入文件", "imports"),
    "companies": ("企业", "companies"),
    "contacts": ("联系人", "contacts"),
    "history": ("变更记录", "history"),
    "problems": ("问题", "problems"),
    "orders": ("订单", "orders"),
    "name_links": ("客户名关联", "name_links"),
    "activities": ("跟进记录", "activities"),
    "targets": ("目标", "targets"),
    "payments": ("回款", "payments"),
    "budget": ("预算", "budget"),
    "company_aliases": ("已并入的企业", "company_aliases"),
    "apart_pairs": ("记为不同的企业", "apart_pairs"),
}


def table_label(name: str, lang: str = "zh") -> str:
    """A workspace table's name in the output's language (an unknown table: its own name)."""
    zh, en = TABLES.get(name, (name, name))
    return en if lang == "en" else zh


# `regiontool status`: one row per import, its accounting in the columns that add up —
# rows = new + updated + unchanged + merged (contacts only) + rejected, as on the import's line.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("文件", "file"),
    ("工作表", "sheet"),
    ("导入时间", "imported"),
    ("类型", "kind"),
    ("行数", "rows"),
    ("新增", "new"),
    ("更新", "updated"),
    ("未变", "unchanged"),
    ("并入", "merged"),
    ("拒收", "rejected"),
)


# The line an import ends with (vocab.fill fields; the English count words as
# '{companies:company|companies}'): rows read = companies + merged + rejected for a contact list.
IMPORT_LINES: dict[str, tuple[str, str]] = {
    "contacts": (
        "读取 {rows:,} 行 → {companies:,} 家企业（新增 {new:,}，更新 {updated:,}，未变 {unchanged:,}），"
        "{contacts:,} 个联系人，{merged:,} 行并入已有企业，拒收 {rejected:,} 行；问题 {problems:,} 条",
        "{rows:,} {rows:row|rows} read → {companies:,} {companies:company|companies} ({new:,} new, "
        "{updated:,} updated, {unchanged:,} unchanged), {contacts:,} {contacts:contact|contacts}, {merged:,} "
        "{merged:row|rows} merged into companies already seen, {rejected:,} rejected; {problems:,} "
        "{problems:problem|problems}",
    ),
    "blank_rows": ("（跳过空行 {n:,}）", " ({n:,} blank {n:row|rows} skipped)"),
    # import --manager NAME of a sheet that names no manager for its new firms (no 区域经理 column, or
    # blank cells in it)
    "owned": (
        "新增的 {n:,} 家企业归 {owner}（文件没有写它们的区域经理，按 --manager）",
        "{n:,} new {n:company|companies} given to {owner} (the file names no manager for them; --manager)",
    ),
    # an import with --manager: the file's firms another manager owns already, which keep their owner
    # (and so are in that manager's views, not this one's); {managers}: 张经理, or 张经理 20、王经理 10
    "kept_by_others": (
        "其中 {n:,} 家企业归 {managers}，保持不变（已有区域经理的企业不改归 --manager）",
        "{n:,} of its {n:company belongs|companies belong} to {managers} and {n:keeps|keep} that owner "
        "(--manager gives no firm owned already)",
    ),
    # an import without --manager on a workspace where firms have managers: its new firms without one
    # are in nobody's --manager view (pivot, plan, report)
    "unowned_new": (
        "新增的 {n:,} 家企业没有区域经理，不在任何人的 --manager 视图（pivot、plan、report）中："
        "若是你的名单，导入时请加 --manager 姓名（已导入的用 regiontool set 企业名称 --manager 姓名 指定）",
        "{n:,} new {n:company has|companies have} no manager and {n:is|are} in nobody's --manager view "
        "(pivot, plan, report): if the list is yours, import it with --manager NAME (once imported: "
        "regiontool set COMPANY --manager NAME)",
    ),
    # the columns of regiontool's own resource table, re-imported (reimport.take_export_edits)
    # a later address column read where the first is blank (records.address_fallback_columns)
    "address_fallback": ("{header} → 地址（{first}空白时）", "{header} → address (where {first} is blank)"),
    # of several tier columns, the one whose values read as tiers (io.layout._tier_by_values)
    "tier_by_values": (
        "{header} → 客户分类（按取值：{first}的值不是客户分类）",
        "{header} → tier (by its values: {first} holds no tiers)",
    ),
    "export_columns": (
        "资源表自带的列（与工作区核对，改动过的才采用，不作为原有列保留）：{columns}",
        "the resource table's own columns (checked against the workspace, taken where edited, not kept "
        "as original columns): {columns}",
    ),
    "left_out": (
        "；此前导入的同一名单中有 {companies:,} 家企业、{contacts:,} 个联系人不在此文件中（已保留，见 regiontool problems）",
        "; {companies:,} {companies:company|companies} and {contacts:,} {contacts:contact|contacts} of an "
        "earlier version of this list are not in it (kept; see regiontool problems)",
    ),
    "orders": (
        "读取 {rows:,} 行 → 订单 {orders:,} 条（新增 {new:,}，更新 {updated:,}，已有 {unchanged:,}），拒收 {rejected:,} 行；"
        "关联 {customers_linked:,} 家企业（{linked:,} 条），未关联 {customers_unlinked:,} 个客户（{unlinked:,} 条）；"
        "问题 {problems:,} 条",
        "{rows:,} {rows:row|rows} read → {orders:,} {orders:order|orders} ({new:,} new, {updated:,} updated, "
        "{unchanged:,} already there), {rejected:,} rejected; {linked:,} linked to {customers_linked:,} "
        "{customers_linked:company|companies}, {unlinked:,} unlinked ({customers_unlinked:,} "
        "{customers_unlinked:customer|customers}); {problems:,} {problems:problem|problems}",
    ),
    "payments": (
        "读取 {rows:,} 行 → 回款 {payments:,} 笔 ¥{amount}（新增 {new:,}，更新 {updated:,}，已有 {unchanged:,}），"
        "拒收 {rejected:,} 行；关联 {customers_linked:,} 家企业（{linked:,} 笔），"
        "未关联 {customers_unlinked:,} 个客户（{unlinked:,} 笔）；问题 {problems:,} 条",
        "{rows:,} {rows:row|rows} read → {payments:,} {payments:payment|payments} of ¥{amount} ({new:,} new, "
        "{updated:,} updated, {unchanged:,} already there), {rejected:,} rejected; {linked:,} linked to "
        "{customers_linked:,} {customers_linked:company|companies}, {unlinked:,} unlinked "
        "({customers_unlinked:,} {customers_unlinked:customer|customers}); {problems:,} "
        "{problems:problem|problems}",
    ),
    # an orders import: the lines an earlier import of the same file (name and sheet) brought that
    # this version has not — kept, removed with --replace, or to be removed (--replace --dry-run)
    "orders_not_in_file": (
        "；此前导入的这一文件中另有 {n:,} 条订单行不在这一版中（已保留，仍计入销售；确认已删除请加 --replace 重新导入）",
        "; {n:,} {n:order line|order lines} of an earlier version of this file {n:is|are} not in it (kept, "
        "still counted in sales; if deleted, import it again with --replace)",
    ),
    "orders_removed": (
        "；删除了此前导入的这一文件中不在这一版的 {n:,} 条订单行",
        "; {n:,} {n:order line|order lines} of an earlier version of this file not in this one {n:was|were} "
        "removed",
    ),
    "orders_to_remove": (
        "；将删除此前导入的这一文件中不在这一版的 {n:,} 条订单行",
        "; {n:,} {n:order line|order lines} of an earlier version of this file not in this one would be removed",
    ),
    # a payments import: the same for the payments of an earlier import of the same file
    "payments_not_in_file": (
        "；此前导入的这一文件中另有 {n:,} 笔回款不在这一版中（已保留，仍计入已回款；确认已删除请加 --replace 重新导入）",
        "; {n:,} {n:payment|payments} of an earlier version of this file {n:is|are} not in it (kept, "
        "still counted as collected; if deleted, import it again with --replace)",
    ),
    "payments_removed": (
        "；删除了此前导入的这一文件中不在这一版的 {n:,} 笔回款",
        "; {n:,} {n:payment|payments} of an earlier version of this file not in this one {n:was|were} "
        "removed",
    ),
    # import --replace-period: the lines of files imported before it within its dates that it has not
    # (orders.overlapping_lines), with those of its own earlier versions, removed (or to be)
    "orders_period_removed": (
        "；删除了本文件日期范围（{first} 至 {last}）内此前导入、本文件没有的 {n:,} 条订单行",
        "; {n:,} {n:order line|order lines} imported before, dated within this file's dates ({first} to "
        "{last}) and not in it, {n:was|were} removed",
    ),
    "orders_period_to_remove": (
        "；将删除本文件日期范围（{first} 至 {last}）内此前导入、本文件没有的 {n:,} 条订单行",
        "; {n:,} {n:order line|order lines} imported before, dated within this file's dates ({first} to "
        "{last}) and not in it, would be removed",
    ),
    "payments_period_removed": (
        "；删除了本文件日期范围（{first} 至 {last}）内此前导入、本文件没有的 {n:,} 笔回款",
        "; {n:,} {n:payment|payments} imported before, dated within this file's dates ({first} to {last}) "
        "and not in it, {n:was|were} removed",
    ),
    "payments_period_to_remove": (
        "；将删除本文件日期范围（{first} 至 {last}）内此前导入、本文件没有的 {n:,} 笔回款",
        "; {n:,} {n:payment|payments} imported before, dated within this file's dates ({first} to {last}) "
        "and not in it, would be removed",
    ),
    # with --manager: the lines --replace / --replace-period would have removed that are of firms
    # another manager owns, left alone (orders.spare_others); {managers}: 张经理 180
    "orders_spared": (
        "；另有 {n:,} 条订单行属于其他经理的企业（{managers}），未删除：--manager {owner} 只删除自己企业的行",
        "; {n:,} {n:order line|order lines} of other managers' companies ({managers}) left alone: "
        "--manager {owner} removes only lines of its own companies",
    ),
    "payments_spared": (
        "；另有 {n:,} 笔回款属于其他经理的企业（{managers}），未删除：--manager {owner} 只删除自己企业的回款",
        "; {n:,} {n:payment|payments} of other managers' companies ({managers}) left alone: "
        "--manager {owner} removes only payments of its own companies",
    ),
    # with --manager: those of customers linked to none or of firms without a manager, left alone too
    # (orders.spare_others: a colleague's import may have brought them)
    "orders_spared_unowned": (
        "；另有 {n:,} 条未关联客户或无区域经理企业的订单行未删除：不带 --manager 再导入可删除",
        "; {n:,} {n:order line|order lines} of customers linked to no company or of companies without "
        "a manager left alone: import again without --manager to remove them",
    ),
    "payments_spared_unowned": (
        "；另有 {n:,} 笔未关联客户或无区域经理企业的回款未删除：不带 --manager 再导入可删除",
        "; {n:,} {n:payment|payments} of customers linked to no company or of companies without "
        "a manager left alone: import again without --manager to remove them",
    ),
    "period_none": (
        "；本文件日期范围（{first} 至 {last}）内没有它以外的行要删除",
        "; nothing else within this file's dates ({first} to {last}) to remove",
    ),
    # after {kind}_removed: where the removals are logged — in the history of each line's company;
    # a line of a customer linked to no company is in no company's history (`history` cannot show it)
    "removed_logged": ("（已记入企业的变更历史）", " (logged in the companies' history)"),
    "removed_some_unlogged": (
        "（已记入企业的变更历史；其中 {n:,} 条的客户未关联企业，不在任何企业的变更历史中）",
        " (logged in the companies' history, but for {n:,} of customers linked to no company: in no "
        "company's history)",
    ),
    "removed_unlogged": (
        "（客户未关联企业，不在任何企业的变更历史中）",
        " (customers linked to no company: in no company's history)",
    ),
    "payments_to_remove": (
        "；将删除此前导入的这一文件中不在这一版的 {n:,} 笔回款",
        "; {n:,} {n:payment|payments} of an earlier version of this file not in this one would be removed",
    ),
    # under the orders or payments line: one line removed (or to be) by --replace, its row in the
    # earlier version
    "line_removed": (
        "  删除 {customer}：{line}（原第 {row} 行）",
        "  removed {customer}: {line} (was row {row})",
    ),
    "line_to_remove": (
        "  将删除 {customer}：{line}（原第 {row} 行）",
        "  to remove {customer}: {line} (was row {row})",
    ),
    # under it: a line not in this version that another imported file still holds — kept
    "line_held": (
        "  保留 {customer}：{line}（原第 {row} 行）：{other} 中仍有这一行",
        "  kept {customer}: {line} (was row {row}): {other} still holds it",
    ),
    # a file whose content (and sheet) was imported before: it changes nothing (a later file's
    # correction, a value set by hand, a line removed by --replace stay); the rows whose stored
    # value changed since are counted at the end of the accounting line (kept_since_*)
    "imported_before": (
        "此文件已导入过（导入记录 #{id}，{when}，{file}；内容相同）：不再以它新增或改动任何数据",
        "this file was imported before (import #{id}, {when}, {file}; the same content): it adds or "
        "changes nothing",
    ),
    # the same, when --replace or --replace-period removes lines it has not (listed below)
    "imported_before_removes": (
        "此文件已导入过（导入记录 #{id}，{when}，{file}；内容相同）：不再以它新增或改动任何行，"
        "只删除它没有的行（见下）",
        "this file was imported before (import #{id}, {when}, {file}; the same content): it adds or "
        "changes nothing, it only removes the lines it has not (below)",
    ),
    "kept_since_orders": (
        "；其中 {n:,} 条订单行此后已被其他导入更改或被 --replace 删除，保持现状",
        "; {n:,} {n:order line|order lines} of it {n:was|were} changed since by another import or removed "
        "by --replace, and stay so",
    ),
    "kept_since_payments": (
        "；其中 {n:,} 笔回款此后已被其他导入更改或被 --replace 删除，保持现状",
        "; {n:,} {n:payment|payments} of it {n:was|were} changed since by another import or removed by "
        "--replace, and stay so",
    ),
    "kept_since_contacts": (
        "；其中 {n:,} 家企业此后已被其他导入或 regiontool set 更改，保持现状",
        "; {n:,} {n:company|companies} of it {n:was|were} changed since by another import or regiontool "
        "set, and stay so",
    ),
    # an import that wrote nothing: every row already stored; or so, with rows of an earlier
    # version missing from this one (kept, said on the line under it)
    "unchanged": ("没有变化：这些数据已在工作区中", "nothing changed: this data is already in the workspace"),
    "unchanged_missing": (
        "没有新增或改动：这一版的数据都已在工作区中（此前版本的部分行不在其中，见下行）",
        "nothing new or changed: this version's data is all in the workspace (some rows of an earlier "
        "version are not in it: see below)",
    ),
    "more_lines": ("  ……另有 {n:,} 条", "  … {n:,} more"),
    # import --replace with contact lists: their firms and contacts are never removed
    "replace_contacts": (
        "--replace 只删除订单和回款文件中已删去的行；{files} 是联系人名单，照常导入（联系人从不删除）",
        "--replace removes only the lines deleted from an orders or payments file; {files} {n:is a contact "
        "list|are contact lists} and {n:was|were} imported as usual (contacts are never removed)",
    ),
    # an orders import: linked firms whose tier is not V
    "not_v": (
        "{n:,} 家企业有订单但分类不是 V：分类表需要更新",
        "{n:,} {n:company has|companies have} orders but a tier other than V: the tier table is out of date",
    ),
    # regiontool status: the title over the imports
    "status": (
        "{path}：{companies:,} 家企业，{contacts:,} 个联系人，{orders:,} 条订单（未关联 {unlinked:,}），{problems:,} 条问题",
        "{path}: {companies:,} {companies:company|companies}, {contacts:,} {contacts:contact|contacts}, "
        "{orders:,} {orders:order|orders} ({unlinked:,} unlinked), {problems:,} {problems:problem|problems}",
    ),
    # regiontool export: the file written, and the cells cut at Excel's limit
    "exported": ("{out}：{n:,} 行", "{out}: {n:,} {n:row|rows}"),
    "export_cut": (
        "{n:,} 个单元格超过 Excel 的 32,767 字上限，已截断（见“问题”工作表）",
        "{n:,} {n:cell|cells} over Excel's 32,767 characters {n:was|were} cut (listed in the problems sheet)",
    ),
    # regiontool link CUSTOMER COMPANY
    "linked": (
        "“{customer}” → {name}：关联订单 {n:,} 条",
        "'{customer}' → {name}: {n:,} {n:order line|order lines} linked",
    ),
    # regiontool merge OTHER KEPT
    "merged": (
        "{other} 并入 {kept}：联系人 {contacts:,} 位、订单行 {orders:,} 条、回款 {payments:,} 笔、"
        "活动 {activities:,} 条移到 {kept}；补填字段：{filled}",
        "{other} merged into {kept}: {contacts:,} {contacts:contact|contacts}, {orders:,} order "
        "{orders:line|lines}, {payments:,} {payments:payment|payments}, {activities:,} "
        "{activities:activity|activities} moved; blank fields filled: {filled}",
    ),
    # … and how many of them the kept firm lists too (same name, a phone in common or none on one
    # side): both rows kept (folding them lost what differs), for the manager to check
    "merged-same-people": (
        "；其中 {n:,} 位两家都列有（同名，电话相同或一方没有），两条都保留，请核对",
        "; {n:,} of them listed by both firms (same name, a phone in common or none on one side), "
        "both rows kept: check them",
    ),
    # … when the pair had been recorded as two firms (`apart`): that record goes with the merge
    "merged-was-apart": (
        "；{other} 与 {kept} 曾记为两家不同的企业，此记录随合并撤销",
        "; {other} and {kept} had been recorded as two firms: that record is undone",
    ),
    # one line per value of the other firm the kept firm's own value wins over
    "merged-not-taken": (
        "  {field} {other} 不采用（保留 {kept}）",
        "  {field} {other} not taken ({kept} kept)",
    ),
    # the other firm had another manager: its lines now count for the kept firm's
    "merged-manager-moves": (
        "  {other} 的订单 ¥{orders:,.0f}、回款 ¥{payments:,.0f} 从 {old} 名下移到 {new} 名下",
        "  {other}'s orders of ¥{orders:,.0f} and payments of ¥{payments:,.0f} move from {old} to {new}",
    ),
    # regiontool apart A B
    "kept-apart": (
        "{a} 与 {b} 记为两家不同的企业：此后不再列为疑似重复",
        "{a} and {b} recorded as two firms: no longer listed as possible duplicates",
    ),
    "kept-apart-before": (
        "{a} 与 {b} 早已记为两家不同的企业",
        "{a} and {b} were recorded as two firms already",
    ),
}


def import_table(kind: str) -> str:
    """contacts, orders or payments: what an import of this `imports.kind` holds."""
    head = str(kind).split(":", 1)[0]
    return head if ":" in str(kind) and head in IMPORT_KINDS else "contacts"


# Problem codes, the way frictionless names validation errors.
PROBLEMS: dict[str, tuple[str, str]] = {
    "no-company": ("缺少企业名称", "no company name"),
    "possible-duplicate": ("疑似重复企业", "possible duplicate company"),
    "invalid-tier": ("无法识别的客户分类", "unknown tier"),
    "invalid-key-contact": ("无法识别的关键联系人", "unknown key-contact value"),
    "invalid-level": ("无法识别的等级", "unknown level"),
    "invalid-phone": ("无法识别的电话", "unrecognised phone"),
    "invalid-size": ("无法识别的规模", "unknown size"),
    "conflicting-value": ("同一企业取值不一致", "conflicting values for one company"),
    "two-credit-codes": ("同名企业信用代码不同", "one name, two credit codes"),
    "kept-by-hand": ("保留手工设置的值", "value set by hand kept"),
    "merged-row-edit": ("并入前导出的行上的改动未采用", "edit on a row exported before a merge not taken"),
    "duplicate-header": ("重复表头", "duplicate header"),
    "town-not-found": ("地址中找不到乡镇", "no township in the address"),
    "town-ambiguous": ("同名乡镇无法确定", "township name in several counties"),
    "town-elsewhere": ("乡镇不在地址所写的区县", "township not in the address's county"),
    "town-sound-alike": ("乡镇名按同音字读取", "township read as the name it sounds like"),
    "blank-header": ("空表头", "blank header"),
    "cell-truncated": ("单元格超长已截断", "cell cut at Excel's limit"),
    "unlinked-order": ("订单未关联到企业", "order not linked to a company"),
    "bad-date": ("无法识别的日期", "unrecognised date"),
    "bad-amount": ("无法识别的金额", "unrecognised amount"),
    "own-unit": ("金额自带单位，未按表头换算", "amount names its own unit: header's unit not applied"),
    "title-unit": ("金额按标题所写单位换算", "amounts scaled by the unit the title names"),
    "return-line": ("退货行按负数计入", "return counted as negative"),
    "refunded-order": ("已退款订单按 0 元计入", "refunded order counted at 0"),
    "closed-order": ("已关闭订单按 0 元计入", "closed order counted at 0"),
    "duplicate-order": ("同一订单号和产品出现多次", "order number and product repeated"),
    "duplicate-payment": ("同一笔回款出现多次", "payment repeated"),
    "duplicate-line": ("无订单号的同一订单行出现多次", "order line without number repeated"),
    "tier-not-v": ("有订单但分类不是V", "has orders but tier is not V"),
    "invalid-figure": ("无法识别的人数或产值", "unreadable headcount or revenue"),
    "unlinked-payment": ("回款未关联到企业", "payment not linked to a company"),
    "firm-not-in-file": ("企业不在新版文件中（已保留）", "company no longer in the file (kept)"),
    "contact-not-in-file": ("联系人不在新版文件中（已保留）", "contact no longer in the file (kept)"),
    "order-not-in-file": ("订单行不在新版文件中（已保留）", "order line no longer in the file (kept)"),
    "payment-not-in-file": ("回款不在新版文件中（已保留）", "payment no longer in the file (kept)"),
    "conflicting-line": (
        "与另一文件的同日行不一致（两行都计入）",
        "differs from another file's line (both counted)",
    ),
}

# conflicting-line: what differs between a line and the other file's line it seems to correct
CONFLICT_WHAT: dict[str, tuple[str, str]] = {
    "amount": ("金额", "amount"),
    "product": ("产品", "product"),
    "customer": ("客户", "customer"),
}

# The problems that reject their row: an import whose every row has one fails, naming them.
REJECTING_PROBLEMS = frozenset({"no-company", "bad-date", "bad-amount"})

# What a problem says of its row, in Chinese and English: {v} the value, {field} the column's
# field, {name} the company; the other names are the problem's own (see problem_text).
PROBLEM_MESSAGES: dict[str, tuple[str, str]] = {
    "no-company": (
        "该行没有企业名称，已拒收（补上企业名称后重新导入）",
        "row has no company name: rejected (add the name and import again)",
    ),
    "invalid-tier": (
        "客户分类“{v}”不是 " + " ".join(TIER_ORDER) + " 之一：原文保留，分析时按空白计",
        "tier '{v}' is not one of " + " ".join(TIER_ORDER) + ": text kept, counted as blank",
    ),
    "invalid-level": (
        "{field}“{v}”无法识别（应为 {choices}）：原文保留，不计分",
        "{field} '{v}' is not one of {choices}: text kept, not scored",
    ),
    "invalid-size": (
        "规模“{v}”无法识别（应为 大型/中型/小型/微型）：原文保留",
        "size '{v}' is not large/medium/small/micro: text kept",
    ),
    "invalid-key-contact": (
        "是否关键联系人“{v}”无法识别（应为 是/否）：原文保留，按空白计",
        "key contact '{v}' is not yes/no: text kept, counted as blank",
    ),
    "invalid-figure": (
        "{field}“{v}”不是一个数（如 350、1.2万、50-100人、300人以上）：不用于判断规模，原表中保留",
        "{field} '{v}' is not a number (such as 350, 1.2万, 50-100人, 300人以上): not used for the size,"
        " kept in the original columns",
    ),
    "placeholder-company": (
        "企业名称“{v}”不是企业名称，该行已拒收（填上真实的企业名称后重新导入）",
        "company name '{v}' is no company name: row rejected (fill in the real name and import again)",
    ),
    "heading-row": (
        "“{v}”是跨列合并的分组标题行，不是联系人：该行已拒收（无需处理）",
        "'{v}' is a group heading merged across the columns, not a contact: row rejected (nothing to do)",
    ),
    "note-row": (
        "“{v}”是表格下方的说明，不是联系人：该行已拒收（无需处理）",
        "'{v}' is a note under the table, not a contact: row rejected (nothing to do)",
    ),
    "total-row": (
        "“{v}”是合计行，不是企业：该行已拒收（无需处理）",
        "'{v}' is a total row, not a company: row rejected (nothing to do)",
    ),
    # a subtotal or total row of orders or payments: a cell says 小计, or the name ends so
    "subtotal-row": (
        "“{v}”是小计或合计行，不是{what}：该行已拒收（无需处理）",
        "'{v}' is a subtotal or total row, not {what}: row rejected (nothing to do)",
    ),
    "invalid-phone": ("电话“{v}”无法识别：原文保留", "phone '{v}' not understood: text kept"),
    "merged-row-edit": (
        "{other} 已并入 {name}：本行导出于并入前，其{field}“{v}”未采用；请在 {name} 的行上修改",
        "{other} was merged into {name}: this row, exported before the merge, has {field} '{v}', not"
        " taken; make the edit on {name}'s rows",
    ),
    "conflicting-value": (
        "{name} 的{field}前后不一致（“{old}”与“{v}”）：保留“{old}”",
        "{name}: {field} differs between rows ('{old}' vs '{v}'); kept '{old}'",
    ),
    "town-not-found": ("{name}：{why}，镇街留空", "{name}: no township in the address; town left blank"),
    "town-elsewhere": (
        "{name}：{why}，镇街留空，区县按地址（请核对地址）",
        "{name}: {why}; town left blank, county as written (check the address)",
    ),
    "town-sound-alike": (
        "{name}：{why}，按此填写镇街（请核对地址）",
        "{name}: {why}; town filled in so (check the address)",
    ),
    "town-ambiguous": (
        "{name}：{why}，镇街留空（在地址中写明区县可解决）",
        "{name}: the township name exists in several counties; town left blank (write the county in the address)",
    ),
    "firm-not-in-file": (
        "{name}（企业编号 {id}）在此前导入的 {file} 第 {row} 行，这次的文件中没有：已保留；"
        "如已不再合作，可设为 F2（regiontool set {name} --tier F2）",
        "{name} (id {id}) was on row {row} of {file} when last imported and is not in this file: kept; "
        "if it is gone, mark it F2 (regiontool set {name} --tier F2)",
    ),
    "contact-not-in-file": (
        "{name} 的联系人“{contact}”在此前导入的 {file} 第 {row} 行，这次的文件中没有：已保留",
        "{name}: contact '{contact}' was on row {row} of {file} when last imported and is not in this file: kept",
    ),
    "possible-duplicate": (
        "“{name}”与“{others}”名称相近，可能是同一企业：未合并，请核对（同一企业用 regiontool merge 并入，"
        "不同企业用 regiontool apart 记下）",
        "'{name}' resembles '{others}': maybe one firm; not merged, please check (one firm: regiontool "
        "merge; two firms: regiontool apart)",
    ),
    "same-credit-code": (
        "“{name}”与“{others}”的{field}相同（{v}），可能是同一企业（改过名？）：未合并，请核对"
        "（同一企业用 regiontool merge 并入，不同企业用 regiontool apart 记下）",
        "'{name}' and '{others}' have the same {field} ({v}): maybe one firm (renamed?); not merged, please"
        " check (one firm: regiontool merge; two firms: regiontool apart)",
    ),
    "two-credit-codes": (
        "{name} 的几行{field}不同（“{old}”与“{v}”）：可能是同名的两家企业，已按名称合并为一家，"
        "请把其中一家的名称写完整（如加上所在地）后重新导入",
        "{name}: rows differ in {field} ('{old}' vs '{v}'): maybe two firms of one name, merged by the name; "
        "write one of the names in full (with its place, say) and import again",
    ),
    "kept-by-hand": (
        "{name} 的{field}是手工设置的“{kept}”，文件中为“{v}”：保留手工值"
        "（要改用文件值：regiontool set {name} --{option} {v}）",
        "{name}: {field} was set by hand to '{kept}', the file says '{v}'; kept '{kept}' "
        "(to take the file's: regiontool set {name} --{option} {v})",
    ),
    "blank-header": ("第{column}列没有表头，命名为“{v}”", "column {column} has no header; named '{v}'"),
    "duplicate-header": (
        "表头“{v}”重复，第{column}列改名为“{new}”",
        "header '{v}' repeats; column {column} renamed '{new}'",
    ),
    "cell-truncated": (
        "“{column}”有 {n:,} 字，超过 Excel 单元格上限 {limit:,}：xlsx 中截断，CSV/JSON 中完整",
        "'{column}' holds {n:,} characters, over Excel's {limit:,}: cut in the xlsx, whole in CSV/JSON",
    ),
    # order and payment rows
    "no-customer": ("没有客户名称，整行拒收", "no customer name; row rejected"),
    "placeholder-customer": (
        "客户名称“{v}”不是企业名称，整行拒收（填上真实的客户名称后重新导入）",
        "customer name '{v}' is no company name; row rejected (fill in the real name and import again)",
    ),
    "bad-date": (
        "{name}：{what}“{v}”无法识别，整行拒收（写成 2026-03-05）",
        "{name}: cannot read the {what} '{v}'; row rejected (write 2026-03-05)",
    ),
    "bad-amount": (
        "{name}：{what}“{v}”无法识别，整行拒收",
        "{name}: cannot read the {what} '{v}'; row rejected",
    ),
    "blank-date": ("{name}：{what}为空，整行拒收", "{name}: the {what} is blank; row rejected"),
    "blank-amount": ("{name}：{what}为空，整行拒收", "{name}: the {what} is blank; row rejected"),
    "formula-no-result": (
        "{name}：{what}是公式，文件中没有保存结果，整行拒收：请在 Excel/WPS 中打开并保存后再导入",
        "{name}: the {what} is a formula saved without its result; row rejected: open the file in"
        " Excel or WPS, save it and import it again",
    ),
    "return-line": (
        "{name}：{field}为“{v}”，是退货：金额 {amount:,.2f} 按 −{amount:,.2f} 元计入（冲减销售，不算一次下单）",
        "{name}: the {field} is '{v}', a return: the amount {amount:,.2f} is counted as −{amount:,.2f} yuan"
        " (it lowers sales and is no order)",
    ),
    "refunded-order": (
        "{name}：{field}为“{v}”，订单已全额退款：金额 {amount:,.2f} 按 0 元计入（不计入销售，不算一次下单）",
        "{name}: the {field} is '{v}', the order was refunded whole: the amount {amount:,.2f} is counted as 0"
        " (no sale and no order)",
    ),
    "closed-order": (
        "{name}：{field}为“{v}”，订单已关闭或取消（未付款或已全额退款）：金额 {amount:,.2f} 按 0 元计入"
        "（不计入销售，不算一次下单）",
        "{name}: the {field} is '{v}', the order was closed or cancelled (unpaid, or refunded whole):"
        " the amount {amount:,.2f} is counted as 0 (no sale and no order)",
    ),
    "title-unit": (
        "{what}列“{header}”没有写单位：按标题“{title}”所写的单位换算（每个数 × {factor:,.0f}）",
        "the {what} column '{header}' names no unit: its numbers are scaled by the unit the title "
        "'{title}' names (× {factor:,.0f})",
    ),
    "own-unit": (
        "{name}：{what}“{v}”写明了单位，按 {yuan:,.2f} 元计入，没有按表头“{header}”换算"
        "（若应为 {bare:,.2f} 元，请去掉单位后重新导入）",
        "{name}: the {what} '{v}' names its unit: counted as {yuan:,.2f} yuan, not scaled by the header "
        "'{header}' (if it should be {bare:,.2f} yuan, remove the unit and import again)",
    ),
    "duplicate-order": (
        "{name}：订单 {no}{product}在本文件出现 {n} 次（第 {rows} 行，金额 {amounts}）："
        "每行都计为一条订单行，请核对是否重复导出或是更正（多余的行从文件中删去后，加 --replace 重新导入此文件）",
        "{name}: order {no}{product} appears {n} times in this file (rows {rows}, amounts {amounts}): "
        "each row is counted as an order line; check whether it is a double export or a correction "
        "(delete the extra rows from the file, then import it again with --replace)",
    ),
    "duplicate-line": (
        "{name}：无订单号的订单行 {line} 在本文件出现 {n} 次（第 {rows} 行）：每行都计为一条订单行，请核对是否重复导出"
        "（多余的行从文件中删去后，加 --replace 重新导入此文件）",
        "{name}: the order line {line}, without order number, appears {n} times in this file (rows {rows}): "
        "each row is counted as an order line; check whether it is a double export (delete the extra rows "
        "from the file, then import it again with --replace)",
    ),
    "duplicate-payment": (
        "{name}：回款 {line} 在本文件出现 {n} 次（第 {rows} 行）：每行都计为一笔回款，请核对是否重复导出"
        "（多余的行从文件中删去后，加 --replace 重新导入此文件）",
        "{name}: payment {line} appears {n} times in this file (rows {rows}): each row is counted as a "
        "payment; check whether it is a double export (delete the extra rows from the file, then import it "
        "again with --replace)",
    ),
    "order-not-in-file": (
        "{name}：订单行 {line} 在此前导入的 {file} 第 {row} 行，这一版文件中没有：已保留，仍计入销售；"
        "确认已删除请加 --replace 重新导入此文件",
        "{name}: order line {line} was on row {row} of {file} when last imported and is not in this version: "
        "kept, still counted in sales; if it was deleted, import the file again with --replace",
    ),
    "payment-not-in-file": (
        "{name}：回款 {line} 在此前导入的 {file} 第 {row} 行，这一版文件中没有：已保留，仍计入已回款；"
        "确认已删除请加 --replace 重新导入此文件",
        "{name}: payment {line} was on row {row} of {file} when last imported and is not in this version: "
        "kept, still counted as collected; if it was deleted, import the file again with --replace",
    ),
    # conflicting-line: a line of this file and a line of another file imported before ({other}, its
    # row {other_row}) of the same date that look like one line corrected; both are counted
    "conflicting-orders": (
        "{name}：订单行 {line} 与 {other} 第 {other_row} 行的 {other_name} {other_line} 同一天，{what}不同，"
        "两行都计入销售；若本文件是更正后的导出，运行 regiontool import {file} --replace-period"
        "（先加 --dry-run 查看）删除本文件日期范围内它没有的旧行",
        "{name}: order line {line} has the date of {other_name}'s {other_line} on row {other_row} of {other} "
        "but another {what}; both are counted in sales. If this file is the corrected export, run "
        "regiontool import {file} --replace-period (--dry-run first) to remove the older lines within its "
        "dates that it has not",
    ),
    "conflicting-payments": (
        "{name}：回款 {line} 与 {other} 第 {other_row} 行的 {other_name} {other_line} 同一天，{what}不同，"
        "两笔都计入已回款；若本文件是更正后的导出，运行 regiontool import {file} --replace-period"
        "（先加 --dry-run 查看）删除本文件日期范围内它没有的旧回款",
        "{name}: payment {line} has the date of {other_name}'s {other_line} on row {other_row} of {other} "
        "but another {what}; both are counted as collected. If this file is the corrected export, run "
        "regiontool import {file} --replace-period (--dry-run first) to remove the older payments within "
        "its dates that it has not",
    ),
    # a line not in the new version that another imported file ({other}) still holds: --replace keeps it
    "order-not-in-file-held": (
        "{name}：订单行 {line} 在此前导入的 {file} 第 {row} 行，这一版文件中没有；{other} 中仍有这一行，"
        "因此保留，仍计入销售（--replace 也不删除）",
        "{name}: order line {line} was on row {row} of {file} when last imported and is not in this version; "
        "kept because {other} still holds it, still counted in sales (--replace keeps it too)",
    ),
    "payment-not-in-file-held": (
        "{name}：回款 {line} 在此前导入的 {file} 第 {row} 行，这一版文件中没有；{other} 中仍有这一行，"
        "因此保留，仍计入已回款（--replace 也不删除）",
        "{name}: payment {line} was on row {row} of {file} when last imported and is not in this version; "
        "kept because {other} still holds it, still counted as collected (--replace keeps it too)",
    ),
    "unlinked-order-similar": (
        '“{v}”未关联：工作区没有同名企业；相近的有 {similar}。确认后运行 regiontool link "{v}" "{best}"',
        "'{v}' not linked: no company of that name; similar: {similar}. If right, run "
        'regiontool link "{v}" "{best}"',
    ),
    "unlinked-order-tied": (
        "“{v}”未关联：工作区没有同名企业；相近的有 {similar}，不分高下，看不出是哪一家。确认后运行 "
        'regiontool link "{v}" "企业名称"',
        "'{v}' not linked: no company of that name; similar: {similar}, equally close, none more likely "
        'than the others. Run regiontool link "{v}" "<company>" with the right one',
    ),
    "unlinked-order-elsewhere": (
        "“{v}”未关联：工作区没有同名企业；相近的有 {similar}，但它在{there}，而“{v}”写的是{here}，"
        '可能是另一家。确认是同一家后运行 regiontool link "{v}" "企业名称"',
        "'{v}' not linked: no company of that name; similar: {similar}, but that one is in {there} and "
        "'{v}' names {here}: it may be another firm. If it is the same, run "
        'regiontool link "{v}" "<company>"',
    ),
    "unlinked-order": (
        "“{v}”未关联：工作区没有这家企业（先导入它的联系信息，或用 regiontool link 关联）",
        "'{v}' not linked: no such company in the workspace (import it, or use regiontool link)",
    ),
    "unlinked-payment-similar": (
        '回款“{v}”未关联：相近的有 {similar}。确认后运行 regiontool link "{v}" "{best}"',
        'payment from \'{v}\' not linked; similar: {similar}. If right, run regiontool link "{v}" "{best}"',
    ),
    "unlinked-payment-tied": (
        "回款“{v}”未关联：相近的有 {similar}，不分高下，看不出是哪一家。确认后运行 "
        'regiontool link "{v}" "企业名称"',
        "payment from '{v}' not linked; similar: {similar}, equally close, none more likely than the "
        'others. Run regiontool link "{v}" "<company>" with the right one',
    ),
    "unlinked-payment-elsewhere": (
        "回款“{v}”未关联：相近的有 {similar}，但它在{there}，而“{v}”写的是{here}，可能是另一家。"
        '确认是同一家后运行 regiontool link "{v}" "企业名称"',
        "payment from '{v}' not linked; similar: {similar}, but that one is in {there} and '{v}' names "
        '{here}: it may be another firm. If it is the same, run regiontool link "{v}" "<company>"',
    ),
    "unlinked-payment": (
        "回款“{v}”未关联：工作区没有这家企业（先导入它，或用 regiontool link 关联）",
        "payment from '{v}' not linked: no such company (import it, or use regiontool link)",
    ),
    "tier-not-v": (
        '{v} 有订单，但客户分类是 {tier} 而不是 V：分类表需要更新（regiontool set "{v}" --tier V）',
        "{v} has orders but its tier is {tier}, not V: the tier table is out of date "
        '(regiontool set "{v}" --tier V)',
    ),
}


# Words the messages put in for a value that is missing.
NO_TIER = ("空白", "blank")  # tier-not-v of a company with no tier
NO_TOWN_IN_ADDRESS = "地址中没有乡镇"  # town-not-found when the address names no township


# A header made of a field's name and one of these is a count of that thing, no field: 联系人数
# (联系人 + 数) counts contacts and is no 员工人数, though it ends in 人数 (io.layout). Not 数量:
# 商品数量, 存货数量 (商品 + 数量) are an orders sheet's quantity.
COUNT_HEADER_ENDINGS = ("数", "个数")

# A tier alias ending a header (…等级, …级别, …类别) after one of these words names another grading,
# no tier: a credit rating (信用等级), a tax status (纳税人类别), a product's or a contact's class
# (产品类别, 联系人级别) (io.layout._header_match).
NOT_TIER_QUALIFIERS = ("信用", "资信", "纳税", "税务", "产品", "商品", "存货", "货品", "联系人")

# The tier's own names (客户分类, traditional and English spellings fold to these): of several tier
# columns, one headed so is the tier unless its values are not tiers (io.layout._tier_by_values).
TIER_OWN_HEADERS = ("客户分类", "客户集群分类", "tier", "customer tier")
# ... its rows reading as tier codes below this share are not tiers; another tier column is then
# taken when this share of its rows read as tier codes.
TIER_OWN_MIN_SHARE = 0.3
TIER_OTHER_MIN_SHARE = 0.8


# A township name the workspace holds in more than one county (新桥镇 of 象山县 and of 路桥区) is
# two towns: the analyses show, group and plan each with its county, 新桥镇（象山县）; a name found
# in one county stays bare (store.sql.town_label). Filters take the bare name (all of them) or this.
TOWN_COUNTY_BRACKETS = ("（", "）")


def town_in_county(town: str, county: str) -> str:
    """新桥镇, 象山县 → 新桥镇（象山县）."""
    left, right = TOWN_COUNTY_BRACKETS
    return f"{town}{left}{county}{right}"


def split_town(text: str) -> tuple[str, str | None]:
    """新桥镇（象山县） or 新桥镇(象山县) → (新桥镇, 象山县); a bare name → (it, None)."""
    import re

    found = re.fullmatch(r"\s*([^（）()]+?)\s*[（(]\s*([^（）()]+?)\s*[)）]\s*", text)
    return (found[1], found[2]) if found else (text.strip(), None)


def problem_text(code: str, **values: object) -> tuple[str, str]:
    """A problem's message in Chinese and English from PROBLEM_MESSAGES; a value given as a
    (zh, en) pair is written in each language its own way (a field's label, a list's commas)."""
    zh, en = PROBLEM_MESSAGES[code]
    pairs = {k: v for k, v in values.items() if type(v) is tuple}
    return (
        zh.format(**{**values, **{k: v[0] for k, v in pairs.items()}}),
        en.format(**{**values, **{k: v[1] for k, v in pairs.items()}}),
    )


class _CountedFormatter(string.Formatter):
    """str.format, plus a field whose spec is 'one|many': the word that fits the count."""

    def format_field(self, value, format_spec):
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)


_COUNTED = _CountedFormatter()


def listed(items: Iterable[object], lang: str = "zh") -> str:
    """Names in a line as each language lists them: 序号、来源 in Chinese, 序号, 来源 in English
    (the names are data and stay as they are; the separator is the tool's own)."""
    return LIST_SEPARATOR["en" if lang == "en" else "zh"].join(map(str, items))


def fill(template: str, **values: object) -> str:
    """template.format(**values), where '{n:payment|payments}' is the word that fits the count n:
    the English notes say '{n:,} {n:payment|payments} {n:was|were} left out' and read '1 payment
    was left out', '2 payments were left out' (the one home of English singular and plural)."""
    return _COUNTED.format(template, **values)


# A row whose company cell or first cell starts with one of these (合计, 合 计：, 小计(3家)) is a
# sheet's total row, not a company: matched case-blind, spaces allowed between the characters (合 计, a
# print layout's 合　　计), on the text as typed (so the traditional forms too). 汇总 is what Chinese
# Excel and WPS write in the first column of a table's 汇总行 (its totals row).
# A budget row whose item ends so is an income or profit row of a P&L layout, no expense (pnl.load_budget).
BUDGET_NOT_EXPENSE_ENDINGS = (
    *(
        "收入",
        "销售额",
        "营业额",
        "营收",
        "利润",
        "毛利",
        "毛利润",
        "毛利额",
        "净利",
        "盈利",
        "利润总额",
        "结余",
    ),
    *("回款", "边际贡献"),
    *("率", "占比"),  # a ratio (销售毛利率, 费用率)
    *("数量", "人数", "台数", "件数", "户数"),  # a count (销售数量（台）, 期末人数)
)
# … the whole item, in English (Sales commission, Income tax: expenses)
BUDGET_NOT_EXPENSE_EN = frozenset(
    {
        *("income", "revenue", "revenues", "sales", "net sales", "sales revenue", "total revenue"),
        *("profit", "net profit", "gross profit", "operating profit", "net income", "gross margin"),
    }
)
BUDGET_NOT_EXPENSE_EN_ENDINGS = (
    *("income", "revenue", "revenues", "profit", "margin", "ebitda", "ebit", "profit before tax"),
    *("headcount", "units sold", "units", "volume", "quantity"),
)
# A detail row under a budget line, counted in it (其中：广告费).
BUDGET_DETAIL_WORDS = ("其中", "含：", "包括")
TOTAL_ROW_WORDS = (
    *("小计", "合计", "总计", "共计", "总合计", "累计", "汇总"),
    *("小計", "合計", "總計", "共計", "總合計", "累計", "匯總", "彙總"),
    *("subtotal", "grand total", "total"),
)
# What an ERP writes before a total word in a subtotal row's label (本月合计, 本年累计, 本日小计, 本页合计,
# 本期合计, 客户小计, 单据合计, 分类小计) or after it (合计金额): such a cell is a total row's as the bare word
# is (records.line_total_rows, outside the customer column). Only these: a product or note that goes on
# from a total word otherwise (累计器, 合计五金) is the line's own text.
TOTAL_QUALIFIERS = (
    *("本月", "本年", "本日", "本周", "本季", "本页", "本期", "客户", "单据", "分类"),
    *("本週", "本頁", "客戶", "單據", "分類"),
)
TOTAL_WORD_TAILS = ("金额", "金額")
# The total words that are also an ordinary value of a side column (开票方式, 结算方式, 备注 = 汇总:
# consolidated invoicing): alone in a cell, a total row's only where nothing else says the row is a
# line — in a first column headed by nothing or by TOTAL_LABEL_HEADERS (a table's 汇总行), or when the
# row's customer or date is blank, or the sheet has an order number and the row's is blank (a cell of
# those fields holding the word lacks its value) and the row holds no order number of its own (one no
# other row repeats); bracketed or before a colon too (【汇总】, 汇总（月结）). Under a field of
# TOTAL_LABEL_FIELDS (an order's 产品 = 汇总) also when the row's order number is blank or the sheet has
# none, if its customer has other lines that day (a subtotal sums lines); a payment's 产品 is a side
# column (a lump payment). A customer
# name ending in one (X汇总, Excel's 分类汇总 row X 汇总) is X's subtotal only when X is the customer of
# other lines of the sheet; else a customer's own name (门市散客汇总: an ERP's walk-in customers).
TOTAL_LABEL_ONLY_WORDS = ("汇总", "匯總", "彙總")
TOTAL_LABEL_FIELDS = ("product",)
TOTAL_LABEL_HEADERS = ("序号", "序", "行号", "no", "no.", "#")
# The brackets a total word is written in (【小计】, 〔合计〕, （小计）). At the start of a company cell
# (never another column's: a note 【累计】拜访3次 says nothing of the row), any total word in brackets
# then no name (【累计】, [Total]: 35) is a total row's.
TOTAL_WORD_BRACKETS = ("()", "（）", "[]", "【】", "〔〕", "〖〗", "「」")
# The words an ERP labels a customer's subtotal with, in brackets before the customer's name
# (【小计】宁波华峰电器有限公司, 〔合計〕…): such a company cell is a total row's whatever follows. Any other
# total word in brackets then a name is a name (〔累计〕数据科技有限公司, [Total] Lubricants Ningbo Co., Ltd.).
SUBTOTAL_LABEL_WORDS = ("小计", "合计", "总计", "小計", "合計", "總計")
# A customer name (in orders and payments) that ends in one of these is a subtotal row's
# (宁波华峰电器有限公司 小计, 宁波宏信五金工具厂（合计）), never a customer; one ending in a
# TOTAL_LABEL_ONLY_WORDS (Excel's 分类汇总 rows 宁波华峰电器有限公司 汇总) only when that customer has lines.
TOTAL_NAME_ENDINGS = ("小计", "合计", "总计", "共计", "汇总", "小計", "合計", "總計", "共計", "匯總", "彙總")
# What Excel's 分类汇总 (Data → Subtotal) writes after the group's value in the column grouped by (开关 汇总
# under 产品, 王海波 计数 under 区域经理; English Excel: 开关 Total, 王海波 Count), beside an empty
# customer: with that value on other rows of the column, a subtotal row (records._group_subtotals).
SUBTOTAL_GROUP_ENDINGS = (
    *TOTAL_NAME_ENDINGS,
    *("计数", "平均值", "最大值", "最小值", "計數", "平均數"),
    *("total", "count", "average", "max", "min"),
)
# What a subtotal row counts after its total word, a space or a colon and a number (小计 3 单,
# 合计 12 件, 小计：3单): such a cell under 产品 or 日期 is the subtotal's, not a product's name.
TOTAL_COUNT_UNITS = (
    "单",
    "笔",
    "件",
    "个",
    "箱",
    "台",
    "套",
    "条",
    "张",
    "份",
    "批",
    "次",
    "项",
    "行",
    "家",
    "户",
)
# Characters OpenCC t2s respells that are standard simplified characters (通用规范汉字表, 2013) and are
# written in firm and person names: 乾 (乾丰, 乾元: qián, not 干), 於 (the surname), 昇 and 陞 (kept for
# names), 氾 (the surname Fàn), 吒 (哪吒), 麴 (the surname Qū). A name keeps them in its matching key, so
# 宁波乾丰电器 and 宁波干丰电器 are two firms and an order of one never links to the other; the character
# t2s would make of each is beside it, for the possible-duplicate stem (normalize.company_stem: such a
# pair is listed, never merged). Not kept: 後 徵 夥 麽 菸 拚 捱 摺 榘 袷 醣 薹 峯 崑 傑 鈺 …, which in a name
# are the traditional or variant forms of what t2s makes of them (a name typed in traditional).
KEY_KEPT_HANZI = {"乾": "干", "於": "于", "昇": "升", "陞": "升", "氾": "泛", "吒": "咤", "麴": "曲"}
# A name holding one is converted whole only when it is traditional text: none of its other characters is
# simplified-only, i.e. respelled by OpenCC for each of these traditional standards (宁 丰 电; not 峰,
# which Taiwan keeps, nor 台, which Hong Kong keeps). 宁波乾丰電器 (one stray 電) keeps 乾.
TRADITIONAL_STANDARDS = ("s2t", "s2tw", "s2hk")

# Words of a bracket that names a branch (宁波华峰电器有限公司（慈溪分公司）): a firm of its own, with its own
# licence and orders, so the bracket stays in the name's stem (normalize.company_stem) and the branch is
# not listed as a possible duplicate of its parent, as a branch written without brackets is not.
BRANCH_WORDS = ("分公司", "分厂", "分店", "办事处", "营业部", "分部")

# Headers of a firm's 统一社会信用代码 (or its older 工商注册号), first the preferred: the column stays an
# original column, and checks the names (records.credit_code_problems): two codes under one name are two
# firms merged by their name (two-credit-codes), one code under two names one firm written two ways
# (listed as a possible duplicate). Compared as header keys.
CREDIT_CODE_HEADERS = ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "工商注册号", "注册号")

# The legal or trade suffixes a firm's name ends in (慈溪市华峰电器有限公司, 东方五金经营部): stripped to
# compare names (normalize.company_stem), and what makes a cell that begins with a total word a
# firm's name (合计(宁波)五金厂, 总计(慈溪)贸易有限公司), not a total row's.
FIRM_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "总公司",
    "分公司",
    "公司",
    "制品厂",
    "总厂",
    "分厂",
    "厂",
    "商行",
    "经营部",
    "工作室",
    "店",
    # English names, as keys (lower case, no spaces or dots): Co., Ltd. = Company Limited
    "companylimited",
    "colimited",
    "coltd",
    "limited",
    "ltd",
    "corporation",
    "corp",
    "incorporated",
    "inc",
    "company",
    "llc",
)

# How a note written under a table begins, before its colon (制表人：张三, 备注：…, 数据来源：…;
# 人/时间/日期 may follow the word): a row holding only such a text is a note, not a contact.
NOTE_ROW_WORDS = ("制表", "填表", "审核", "备注", "说明", "注", "数据来源", "来源", "更新", "打印", "note")

# 企业名称 cells that stand for "no name" (compared as matching keys: lower case, width and
# spacing folded); a name of only digits and punctuation (12345, ？？？, /) is none either.
# A company cell that says "the same as above" (folded): the firm of the row above.
DITTO_MARKS = frozenset({"同上", "同前", "同上一行", "同上。", "〃", '"', "''", "“", "”"})
PLACEHOLDER_NAMES = frozenset(
    {
        "空白",
        "无",
        "暂无",
        "没有",
        "空",
        "不详",
        "未知",
        "不明",
        "待定",
        "待补充",
        "未填",
        "无名称",
        "n/a",
        "na",
        "#n/a",
        "null",
        "none",
        "nil",
        "nan",
        "tbd",
        "unknown",
        "xx",
        "xxx",
    }
)


# The vocabulary of each subject has its own module; every name is read as vocab.NAME.
from .value import *  # noqa: E402, F403, I001
from .money import *  # noqa: E402, F403, I001
from .sales import *  # noqa: E402, F403, I001
from .plans import *  # noqa: E402, F403, I001
from .money import PAYMENT_FIELD_BY_KEY  # noqa: E402, I001
from .value import ORDER_FIELD_BY_KEY  # noqa: E402, I001
