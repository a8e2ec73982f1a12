"""The reasons behind the key fields (推断依据) in English.

The reasons are stored as the Chinese sentences the import writes (enrich/, editing.py);
`basis_en` rewrites each known form for `--lang en`, leaving the names in it (towns,
counties, keywords, headers, figures) as they were written. A form not listed here is
printed as stored.
"""

from __future__ import annotations

import re

# Reasons `explain` gives for a field the import wrote no reason for.
FROM_SOURCE = "来自源表"  # taken from the sheet as it was
TIER_FROM_COLUMN = "列“客户分类”"
TIER_NOT_UNDERSTOOD = "列“客户分类”（无法识别，按空白计）"
# A level column's text that names no level (invalid-level): kept, and no score comes of it.
LEVEL_NOT_UNDERSTOOD = "来自源表（无法识别，不计分）"
# A value taken from a key-field column of regiontool's own resource table, re-imported: edited
# there (it differed from the workspace's), or filling what the file's other columns left blank.
FROM_EXPORT_COLUMN = "资源表的列“{h}”"
# A new firm given to the manager who imported a list without a 区域经理 column (import --manager),
# or whose 区域经理 cell in the list is blank.
MANAGER_FROM_OPTION = "导入时按 --manager 指定（文件没有区域经理列）"
MANAGER_FROM_OPTION_BLANK = "导入时按 --manager 指定（文件中该企业的区域经理为空）"
# The start of a county's reason where it follows its town (enrich.county_from_town).
COUNTY_FROM_TOWN = "由镇街推得"


def from_address(reason: str | None) -> bool:
    """Whether a town's reason says it was inferred from the address (地址 → 龙山镇（…）, or none
    found there), not read from a column or set by hand."""
    return bool(reason) and (reason.startswith("地址") or reason.endswith("地址未写明区县"))


def from_column(reasons: dict, field: str) -> bool:
    """Whether a key field's reason (in a basis: field → reason) says a column gave it: your own
    column (列“行业”, 列“所属行业”：C29 → 塑料, 列“镇街”) or an exported table's (资源表的列“镇街”), not
    a name keyword, an address or figures. A county found from such a town (由镇街推得) is the town's."""
    reason = reasons.get(field)
    if field == "county" and reason and reason.startswith(COUNTY_FROM_TOWN):
        reason = reasons.get("town")
    return bool(reason) and reason.startswith(("列“", FROM_EXPORT_COLUMN.split("{")[0]))


# (Chinese form, English form), tried in order; a reason is one form, or a size reason whose
# parts are joined by " + ".
_FORMS: tuple[tuple[str, str], ...] = (
    (
        r"地址 → (?P<t>.+?)（(?P<c>[^，（）]+)，地址写明区县，(?P<w>.+?) 即 (?P=t)）",
        "address → {t} ({c}, county written in the address; {w} is {t})",
    ),
    (
        r"地址 → (?P<t>.+?)（(?P<c>[^，（）]+)，主要区县的镇名，(?P<w>.+?) 即 (?P=t)）",
        "address → {t} ({c}, a town of the main county; {w} is {t})",
    ),
    (
        r"地址 → (?P<t>.+?)（(?P<c>[^，（）]+)，(?P<how>[^，]+)，(?P<w>.+?) 音同 (?P=t)）",
        "address → {t} ({c}, {how}; {w} sounds like {t}: read as a typo)",
    ),
    (r"地址 → (?P<t>.+?)（(?P<c>[^，（）]+)，(?P<why>.+)）", "address → {t} ({c}, {why})"),
    (
        r"地址写明(?P<c>[^，]+)，但(?P<t>.+?)不在(?P=c)（在(?P<p>.+?)，同属(?P<city>[^，（）]+)）",
        "the address names {c}, but {t} is not in it: it is in {p}, of the same city {city}",
    ),
    (
        r"地址写明(?P<c>[^，]+)，但(?P<t>.+?)不在(?P=c)（在(?P<p>.+?)）",
        "the address names {c}, but {t} is not in it: it is in {p}",
    ),
    (r"由镇街推得（(?P<t>.+?) → (?P<c>.+)）", "from the town ({t} → {c})"),
    (
        r"(?P<t>.+?) 在多个区县都有（(?P<p>.+?)…），地址未写明区县",
        "{t} exists in several counties ({p}…); the address names none",
    ),
    (r"地址只写到区县（(?P<c>.+)），没有乡镇", "the address names only the county ({c}), no township"),
    (
        r"地址写明区县（(?P<c>.+)），其后没有可识别的乡镇",
        "the address names the county ({c}), but no township after it",
    ),
    (r"地址中没有可识别的乡镇/街道", "no township found in the address"),
    (r"资源表的列“(?P<h>.+)”", "resource table column '{h}'"),
    (r"列“(?P<h>.+?)”：(?P<v>.+?) → (?P<f>.+)", "column '{h}': {v} → {f}"),
    (r"列“(?P<h>.+?)”：(?P<v>.+)", "column '{h}': {v}"),  # a registry status: 列“登记状态”：注销
    (
        r"列“(?P<h>.+?)”（地名库中没有此乡镇，原样保留）",
        "column '{h}' (not in the gazetteer: kept as written)",
    ),
    (r"列“(?P<h>.+?)”（无法识别，按空白计）", "column '{h}' (not understood: counted as blank)"),
    (r"列“(?P<h>.+)”", "column '{h}'"),
    (
        r"名称关键词“(?P<w>.+?)”；另含 (?P<o>.+)，按最靠后的关键词",
        "name keyword '{w}'; also {o}: the last keyword wins",
    ),
    (r"名称关键词“(?P<w>.+)”", "name keyword '{w}'"),
    (r"经营范围关键词“(?P<w>.+)”", "business-scope keyword '{w}'"),
    (r"名称与经营范围中没有行业关键词", "no industry keyword in the name or the business scope"),
    (r"手工设置（regiontool set）", "set by hand (regiontool set)"),
    (r"手工关联（regiontool link）", "linked by hand (regiontool link)"),  # a link's history source
    (r"未随镇街更新（(?P<t>.+) 不在地名库中）", "not updated with the town ({t} is not in the gazetteer)"),
    (r"来自源表（无法识别，不计分）", "from the source sheet (not understood: not scored)"),
    (r"来自源表", "from the source sheet"),
    (
        r"导入时按 --manager 指定（文件没有区域经理列）",
        "given by import --manager (the file has no manager column)",
    ),
    (
        r"导入时按 --manager 指定（文件中该企业的区域经理为空）",
        "given by import --manager (its manager cell in the file is blank)",
    ),
)
_COMPILED = tuple((re.compile(zh), en) for zh, en in _FORMS)

# Words inside a reason: the town reasons' whys, the size reason's parts and bands.
_WORDS: dict[str, str] = {
    "全国唯一": "the only one of its name",
    "地址写明区县": "county written in the address",
    "地址写明城市": "city written in the address",
    "地址写明省份": "the only one in the province written in the address",
    "主要区县": "the workspace's main county",
    "同名镇，按工作区主要区县": "same name elsewhere: the workspace's main county",
    "地址写了区县，镇名未带“镇/乡/街道”": "county written, town without 镇/乡/街道",
    "主要区县的镇名，未带“镇/乡/街道”": "a town of the main county, without 镇/乡/街道",
    "员工 ": "staff ",
    "营收 ": "revenue ",
    "（估计）": " (estimate)",
    "大型": "large",
    "中型": "medium",
    "小型": "small",
    "微型": "micro",
}
_SIZE = re.compile(r"^(?:员工|营收) ")
# A size reason's figures as the import reads them (enrich/size.py, Figure.text): people with 人,
# revenue in 万元 with 万, maybe a range (a-b) or a bound (<, ≥). In English they are the tool's
# own words, so they are rebuilt: staff 100-499, revenue ¥60M (a 万 is 10,000 yuan).
_NUMBER = r"[\d.,]+(?:e[+-]?\d+)?"
_FIGURE = re.compile(
    rf"(?P<part>员工|营收) (?P<bound>[<≥]?)(?P<low>{_NUMBER})(?:-(?P<high>{_NUMBER}))?(?P<unit>人|万)"
)
SIZE_PARTS_EN = {"员工": "staff {figure}", "营收": "revenue {figure}"}


def _yuan(wan: str) -> str:
    """A revenue the import wrote in 万元 ('6,000') as yuan: ¥60M, ¥0.5M, ¥50,000."""
    yuan = float(wan.replace(",", "")) * 10_000
    return f"¥{yuan / 1e6:,.6g}M" if yuan >= 100_000 else f"¥{yuan:,.0f}"


def _figure_en(m: re.Match) -> str:
    shown = (lambda v: v) if m["unit"] == "人" else _yuan
    figure = m["bound"] + shown(m["low"]) + (f"-{shown(m['high'])}" if m["high"] else "")
    return SIZE_PARTS_EN[m["part"]].format(figure=figure)


_UNDECIDED = re.compile(r"规模不定（(?P<low>.+?)至(?P<high>.+?)）")
_WORD = re.compile("|".join(map(re.escape, sorted(_WORDS, key=len, reverse=True))))


def basis_en(text: str) -> str:
    """One stored reason in English (names inside it as written); unknown forms unchanged."""
    if _SIZE.match(text):
        text = _UNDECIDED.sub(lambda m: f"size undecided ({m['low']} to {m['high']})", text)
        text = _FIGURE.sub(_figure_en, text)
        return _WORD.sub(lambda m: _WORDS[m.group()], text)
    for pattern, english in _COMPILED:
        m = pattern.fullmatch(text)
        if m:
            values = {k: _WORD.sub(lambda w: _WORDS[w.group()], v) for k, v in m.groupdict().items()}
            if "o" in values:  # the other keywords' industries: “光电”(电子电器) → '光电' (electrical …)
                values["o"] = _OTHER_KEYWORD.sub(_other_keyword_en, m["o"]).replace("、", ", ")
            if "p" in values:  # the counties a township name is in: 慈溪市、余姚市 → 慈溪市, 余姚市
                values["p"] = values["p"].replace("、", ", ")
            return english.format(**values)
    return text


_OTHER_KEYWORD = re.compile(r"“(?P<w>[^”]+)”\((?P<label>[^()]+)\)")


def _other_keyword_en(m: re.Match) -> str:
    from . import value_label

    return f"'{m['w']}' ({value_label('industry', m['label'], 'en')})"
