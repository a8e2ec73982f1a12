"""Every sheet name the tool writes, in one place: key → (zh, en).

One style per language: English names are in sentence case (Tiers, White space, Top customers);
the fields of a crossing are joined by × (镇街×客户分类, Town × tier: `crossing`); a table split by
one dimension is 'X·Y' in Chinese and 'X by Y' in English (竞品·镇街, Competitors by town;
目标跟踪·月份, Target tracking by month: `sheet_name(key, lang, by=…)`). Every name fits Excel's 31
characters (tests/test_vocab_sheets.py checks them all in both languages).
"""

from __future__ import annotations

SHEET_NAME_MAX = 31  # Excel's limit, in UTF-16 code units: 𠀀 or an emoji counts two


def sheet_name_length(name: str) -> int:
    """A sheet name's length as Excel counts it (UTF-16 code units)."""
    return len(name) + sum(1 for ch in name if ord(ch) > 0xFFFF)


def fit_sheet_name(name: str) -> str:
    """The name cut to Excel's SHEET_NAME_MAX, never inside a character that takes two units."""
    if sheet_name_length(name) <= SHEET_NAME_MAX:
        return name
    used, end = 0, 0
    for ch in name:
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > SHEET_NAME_MAX:
            break
        end += 1
    return name[:end]


BY_SEPARATOR = {"zh": "·", "en": " by "}  # 竞品·镇街, Competitors by town
CROSS_SEPARATOR = {"zh": "×", "en": " × "}  # 镇街×客户分类, Town × tier

SHEETS: dict[str, tuple[str, str]] = {
    # report
    "overview": ("概览", "Overview"),
    "next_week": ("下周计划", "Next week"),
    # export, problems, report
    "resources": ("资源表", "Resources"),
    "problems": ("问题", "Problems"),
    # list
    "companies": ("客户清单", "Company list"),
    # tiers
    "tiers": ("客户分级", "Tiers"),
    "health": ("漏斗健康度", "Funnel health"),
    # market
    "industries": ("行业", "Industries"),
    "towns": ("镇街密度", "Town density"),
    "white_space": ("空白市场", "White space"),
    "beachheads": ("标杆镇", "Beachheads"),
    "competitors": ("竞争对手", "Competitors"),
    "competitors_town": ("竞品·镇街", "Competitors by town"),
    "competitors_industry": ("竞品·行业", "Competitors by industry"),
    "replacement": ("替换机会", "Replacement chances"),
    # score
    "energy": ("机会能量", "Opportunity energy"),
    "grades": ("能级分布", "Energy grades"),
    # rfm
    "rfm_segments": ("RFM分群", "Segments"),
    "rfm_quadrants": ("规模×忠诚", "Volume × loyalty"),
    "rfm_churn": ("流失预警", "Churn warning"),
    "rfm_customers": ("客户价值", "Customers"),
    # sales
    "sales_month": ("月度销售", "Sales by month"),
    "sales_product": ("产品销售", "Sales by product"),
    "sales_town": ("镇街销售", "Sales by town"),
    "sales_industry": ("行业销售", "Sales by industry"),
    "sales_segment": ("分群销售", "Sales by segment"),
    "sales_abc": ("客户贡献", "Top customers"),
    "sales_customers": ("客户排名", "Customer ranking"),
    # target show, track, receivables, pnl (split by a dimension: sheet_name(key, lang, by=…))
    "target_split": ("目标分解", "Target split"),
    "track": ("目标跟踪", "Target tracking"),
    "chase": ("催款清单", "Chase list"),
    "ageing": ("账龄", "Ageing"),
    "receivables": ("应收账款", "Receivables"),
    "collections": ("回款计划", "Collections by month"),
    "pnl": ("预期损益", "Expected P&L"),
    # plan
    "plan_week": ("周计划", "Week plan"),
    "plan_day": ("日工作待办单", "Daily to-do"),
    "plan_month": ("行事月历", "Month calendar"),
    "plan_targets": ("季度目标", "Quarter targets"),
    "plan_overview": ("计划总览", "Plan overview"),
    "plan_remarks": ("计划备注", "Plan remarks"),  # hidden: the 备注 as planned, for `done`
}


def _sentence(text: str) -> str:
    """'town × tier' → 'Town × tier': the first letter up, the rest as written."""
    return text[:1].upper() + text[1:]


def sheet_name(key: str, lang: str = "zh", by: str | None = None) -> str:
    """A sheet's name in `lang`; `by` (the dimension's label, 月份 / month) makes it 'X·Y' / 'X by Y'."""
    zh, en = SHEETS[key]
    name = en if lang == "en" else zh
    if by:
        name += BY_SEPARATOR["en" if lang == "en" else "zh"] + by
    return fit_sheet_name(name)


def crossing(labels: list[str], lang: str = "zh") -> str:
    """A pivot's sheet name from its fields' labels: 镇街×客户分类, Town × tier."""
    name = CROSS_SEPARATOR["en" if lang == "en" else "zh"].join(labels)
    return fit_sheet_name(_sentence(name) if lang == "en" else name)
