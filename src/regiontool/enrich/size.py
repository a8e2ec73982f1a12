"""Enterprise size band (规模) from employees and revenue, by China's SME rule for industry.

中小企业划型标准规定 (工信部联企业〔2011〕300号), industrial enterprises:
大型 ≥1000 people and revenue ≥40,000万元; 中型 ≥300 and ≥2,000万; 小型 ≥20 and ≥300万;
微型 below that. A firm is in the highest band whose thresholds it meets on every
figure given; with one figure missing the band comes from the other and is marked as
an estimate. Ranges (100-499人) that straddle a threshold use their midpoint, also
marked as an estimate. A bound (300人以上, 100人以下) says nothing of where in it the firm
is: it gives a band only when every value it allows gives the same one (with the other
figure), else the band stays unknown.

A figure is read only when the whole cell is one: digits with 万/千/百 (亿/千万/百万/元 for
revenue), thousands separators, full-width digits, Chinese numerals (二十人, 三千万), a
range, a bound, 约 …. Text with digits in it (2020年, =2*3, @SUM(1,1)) is no figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import vocab
from ..io.write import whole_text
from ..normalize import nfkc, simplified_units

# (band, min employees, min revenue in 万元), highest first.
BANDS = (("大型", 1000, 40000), ("中型", 300, 2000), ("小型", 20, 300))
SMALLEST = "微型"

_UNIT = {"亿": 10000.0, "千万": 1000.0, "百万": 100.0, "万": 1.0, "千": 0.1, "元": 0.0001}
_PEOPLE_UNIT = {"万": 10000.0, "千": 1000.0, "百": 100.0}

# Chinese numerals: a run holding a digit or 十 (a bare 万 after digits is a unit, not a number).
_CN_RUN = re.compile(
    r"[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
)
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")

_NUM = r"\d+(?:\.\d+)?|\.\d+"
_SEP = r"(?:-|~|～|至|到|—|–|－)"


def _alternatives(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


_ABOUT = _alternatives(vocab.FIGURE_ABOUT_WORDS)
_BELOW = _alternatives(vocab.FIGURE_BELOW_WORDS)
_ABOVE = _alternatives(vocab.FIGURE_ABOVE_WORDS)
_SOME_MORE = _alternatives(vocab.FIGURE_SOME_MORE_WORDS)
# 近百人, 千余人: a bare 百/千/万 (no numeral before or after it) is one of it, 一百 ….
_NUMERAL = "\\d.零〇一二两三四五六七八九十百千万亿"
_BARE_UNIT = re.compile(
    "(?<![{n}])(?:(?<={after})(?={unit}(?![{n}元]))|(?={unit}{more}))".format(
        n=_NUMERAL,
        after=_alternatives(vocab.FIGURE_BARE_UNIT_AFTER),
        unit=_alternatives(vocab.FIGURE_BARE_UNITS),
        more=_SOME_MORE,
    )
)


def _figure_pattern(lead: str, units: str, noun: str) -> re.Pattern:
    """The whole cell as a figure: `lead` words, a number with its unit and noun, an optional
    second number (a range) or a bound word before or after ("and some" after), then nouns."""
    number = rf"({_NUM})({units})?(?:{noun})?"
    return re.compile(
        rf"(?:{lead}|{_ABOUT})*({_BELOW}|{_ABOVE})?{number}"
        rf"(?:{_SEP}{number})?({_BELOW}|{_ABOVE}|{_SOME_MORE})?(?:{noun}|{_ABOUT})*"
    )


def _step(number: str) -> float:
    """The unit of a written number's last non-zero digit: 200 → 100, 250 → 10, 1.2 → 0.1."""
    if "." in number:
        return 10.0 ** -len(number.split(".")[1])
    digits = number.lstrip("0") or "0"
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) if digits != "0" else 1.0


_PEOPLE = _figure_pattern(r"员工|职工|从业人员|人数|在职|在册|:", r"万|千|百", r"人|名|个人|位|人员")
_REVENUE = _figure_pattern(
    r"年产值|产值|营业收入|营收|销售额|年销售额|人民币|rmb|¥|:",
    r"亿元|亿|千万元|千万|百万元|百万|万元|万|千元|千|元",
    r"人民币|rmb|/年|每年",
)


@dataclass(frozen=True)
class Figure:
    low: float
    high: float
    text: str  # how it was read, for the explanation
    bound: bool = False  # 300人以上 / 100人以下: any value from low to high, none more likely

    @property
    def mid(self) -> float:
        """The figure as one number (for sums and means): a bound's end for 以上."""
        return self.low if math.isinf(self.high) else (self.low + self.high) / 2


def _cn_int(run: str) -> int | None:
    """二十 → 20, 一百零五 → 105, 三千万 → 30,000,000; None for what is not a well-formed
    numeral (二〇二〇 is a year, 三百五 is spoken shorthand)."""
    total = section = 0
    digit: int | None = None
    for ch in run:
        if ch == "零":
            continue
        if ch in vocab.CHINESE_DIGITS:  # (零 is skipped above)
            if digit is not None:
                return None
            digit = vocab.CHINESE_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        else:
            section += digit or 0
            digit = None
            if not section and not total:
                return None
            total = (total + section) * _CN_BIG[ch] if ch == "亿" else total + section * _CN_BIG[ch]
            section = 0
    if digit is not None:
        if len(run) > 1 and run[-2] in "百千万亿":  # 三百五, 一万二: spoken shorthand, not read
            return None
        section += digit
    return total + section


def _arabic(match: re.Match) -> str:
    run = match.group()
    n = _cn_int(run)
    if n is None:
        return run
    for unit, size in (("亿", 10**8), ("万", 10**4)):  # 三千万 → 3000万: the unit word stays
        if run.endswith(unit):
            return f"{n / size:g}{unit}"
    return str(n)


def _clean(text: str) -> str:
    t = simplified_units(nfkc(text).lower())  # 1.2億 as 1.2亿
    t = _THOUSANDS.sub("", "".join(t.split()))
    if _BARE_UNIT.search(t):
        t = _BARE_UNIT.sub("一", t)
    return _CN_RUN.sub(_arabic, t) if _CN_RUN.search(t) else t


def _people(number: str, unit: str | None) -> float:
    return float(number) * _PEOPLE_UNIT[unit] if unit else float(number)


@lru_cache(maxsize=65536)
def parse_employees(text: str) -> Figure | None:
    """'350', '1,200人', '1.2万', '二十人', '100-499人', '约300人', '300人以上', '50人以下' → a
    figure in people; None when the cell is not one (2020年, =2*3, n/a)."""
    if text and text.isdigit() and text.isascii():  # the common case: a plain count
        v = float(text)
        return Figure(v, v, f"{v:g}人")
    m = _PEOPLE.fullmatch(_clean(text or ""))
    if not m:
        return None
    before, a, ua, b, ub, after = m.groups()
    low = _people(a, ua)
    if b is not None:
        if before or after:
            return None
        low, high = sorted((low, _people(b, ub)))
        return Figure(low, high, f"{low:g}-{high:g}人")
    if before and after:
        return None
    if after in vocab.FIGURE_SOME_MORE_WORDS:  # 200多人: 200-299
        high = low + max(_people(str(_step(a)), ua) - 1, 0)
        return Figure(low, high, f"{low:g}-{high:g}人" if high > low else f"{low:g}人")
    return _bounded(low, before or after, f"{low:g}人", people=True)


def _bounded(v: float, word: str | None, shown: str, people: bool = False) -> Figure:
    """A figure v with its bound word: 以下 → [0, v) (v itself for 以内), 以上 → [v, ∞)."""
    if not word:
        return Figure(v, v, shown)
    if re.fullmatch(_BELOW, word):
        high = v if word in vocab.FIGURE_BELOW_INCLUSIVE or not people else max(v - 1, 0)
        return Figure(0, high, f"<{shown}", bound=True)
    return Figure(v, math.inf, f"≥{shown}", bound=True)


def revenue_unit_of_header(header: str) -> float | None:
    """The unit a header declares, in 万元: 年产值（万元） → 1, 营业收入(元) → 0.0001."""
    h = simplified_units(nfkc(header or ""))  # 年產值（萬元） as 年产值（万元）
    for unit in ("亿元", "千万", "百万", "万元", "万", "千元", "元"):
        if unit in h:
            return _UNIT[unit.rstrip("元") or "元"]
    # English headers (Revenue, Turnover): Revenue (10k CNY), Turnover (RMB million), (CNY).
    words = re.findall(r"[a-z0-9]+", h.lower())
    for word, unit in (("10k", 1.0), ("million", 100.0), ("mn", 100.0), ("k", 0.1)):
        if word in words:
            return unit
    if {"cny", "rmb", "yuan"} & set(words):
        return 0.0001
    return None


@lru_cache(maxsize=65536)
def parse_revenue(text: str, header_unit: float | None = None) -> Figure | None:
    """Revenue in 万元: '2600', '1.2亿', '500万', '3,000,000元', '约3000', '三千万',
    '1000-2000万', '5000万以上'; None when the cell is not one (@SUM(1,1), 未知)."""
    if text and text.isdigit() and text.isascii():  # the common case: a plain number
        values, units, word = [float(text)], [None], None
        short = 0.0
    else:
        m = _REVENUE.fullmatch(_clean(text or ""))
        if not m:
            return None
        before, a, ua, b, ub, after = m.groups()
        if (b is not None and (before or after)) or (before and after):
            return None
        values = [float(a)] if b is None else [float(a), float(b)]
        units = [ua] if b is None else [ua or ub, ub or ua]  # 1000-2000万: the unit of both
        word = before or after
        short = 0.0
        if word in vocab.FIGURE_SOME_MORE_WORDS:  # 1亿多: from 1亿 up to, not including, 2亿
            values, units, word, short = [float(a), float(a) + _step(a)], [ua, ua], None, 0.0001
    scaled = []
    for v, u in zip(values, units, strict=True):
        unit = _UNIT[u.rstrip("元") or "元"] if u else None
        if unit is None:
            unit = header_unit if header_unit is not None else (0.0001 if max(values) >= 1e6 else 1.0)
        scaled.append(v * unit)
    low, high = min(scaled), max(scaled) - short  # short: one yuan, in 万元
    if word:
        return _bounded(low, word, f"{_wan(low)}万")
    return Figure(low, high, f"{_wan(low)}万" if low == high else f"{_wan(low)}-{_wan(high)}万")


def _wan(value: float) -> str:
    """An amount in 万元 as a reason shows it: 6,000 and 12, and with its decimals as read, up to 4
    (0.3万 is 3,000 yuan; 1,999.99万 is below the 2,000万 of 中型, which a whole 万 rounded up to
    would contradict the band it explains)."""
    if value == int(value):
        return whole_text(value)
    return f"{value:,.4f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=65536)
def _band(value: float, index: int) -> str:
    for band, *thresholds in BANDS:
        if value >= thresholds[index]:
            return band
    return SMALLEST


_ORDER = {b: i for i, b in enumerate([b for b, *_ in BANDS] + [SMALLEST])}  # 0 = 大型


def _ranks(fig: Figure, index: int) -> tuple[int, int, bool]:
    """The bands one figure allows, as ranks of _ORDER (0 = 大型): (best, worst), and whether
    it is an estimate (a range across a threshold, read at its midpoint)."""
    best, worst = _ORDER[_band(fig.high, index)], _ORDER[_band(fig.low, index)]
    if best == worst or fig.bound:
        return best, worst, False
    mid = _ORDER[_band(fig.mid, index)]
    return mid, mid, True


def size_band(employees: Figure | None, revenue: Figure | None) -> tuple[str | None, str]:
    """(band, basis). Both figures: the lower of the two bands (every threshold must be met);
    no band, with the reason, when a bound leaves more than one possible."""
    if employees is None and revenue is None:
        return None, ""
    parts = []
    if employees is not None:
        parts.append(f"员工 {employees.text}")
    if revenue is not None:
        parts.append(f"营收 {revenue.text}")
    estimate = employees is None or revenue is None
    best = worst = 0  # the firm's band is the lower of its figures' bands: the larger rank
    for fig, index in ((employees, 0), (revenue, 1)):
        if fig is not None:
            b, w, approx = _ranks(fig, index)
            best, worst = max(best, b), max(worst, w)
            estimate = estimate or approx
    bands = list(_ORDER)
    if best != worst:
        undecided = vocab.SIZE_UNDECIDED.format(low=bands[worst], high=bands[best])
        return None, " + ".join(parts) + f" → {undecided}"
    basis = " + ".join(parts) + f" → {bands[best]}" + ("（估计）" if estimate else "")
    return bands[best], basis
