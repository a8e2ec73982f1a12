"""Enterprise size band (规模) from employees and revenue, by China's SME rule for industry.

中小企业划型标准规定 (工信部联企业〔2011〕300号), industrial enterprises:
大型 ≥1000 people and revenue ≥40,000万元; 中型 ≥300 and ≥2,000万; 小型 ≥20 and ≥300万;
微型 below that. A firm is in the highest band whose thresholds it meets on every
figure given; with one figure missing the band comes from the other and is marked as
an estimate. Ranges (100-499人) that straddle a threshold use their midpoint, also
marked as an estimate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# (band, min employees, min revenue in 万元), highest first.
BANDS = (("大型", 1000, 40000), ("中型", 300, 2000), ("小型", 20, 300))
SMALLEST = "微型"

_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(_NUMBER + r"\s*(?:-|~|～|至|到|—|–)\s*" + _NUMBER)
_ONE = re.compile(_NUMBER)
_UNIT = {"亿": 10000.0, "千万": 1000.0, "百万": 100.0, "万": 1.0, "千": 0.1, "元": 0.0001}


@dataclass(frozen=True)
class Figure:
    low: float
    high: float
    text: str  # how it was read, for the explanation

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


def parse_employees(text: str) -> Figure | None:
    """'350', '100-499人', '约300人', '300人以上', '50人以下' → a figure in people."""
    if text and text.isdigit() and text.isascii():  # the common case: a plain count
        v = float(text)
        return Figure(v, v, f"{v:g}人")
    t = unicodedata.normalize("NFKC", text or "").replace(",", "").strip()
    if not t:
        return None
    m = _RANGE.search(t)
    if m:
        low, high = sorted((float(m.group(1)), float(m.group(2))))
        return Figure(low, high, f"{low:g}-{high:g}人")
    m = _ONE.search(t)
    if not m:
        return None
    v = float(m.group(1))
    if re.search(r"以下|以内|不到|少于|<", t):
        return Figure(0, max(v - 1, 0), f"<{v:g}人")
    if re.search(r"以上|多于|超过|>|\+", t):
        return Figure(v, v, f"≥{v:g}人")
    return Figure(v, v, f"{v:g}人")


def revenue_unit_of_header(header: str) -> float | None:
    """The unit a header declares, in 万元: 年产值（万元） → 1, 营业收入(元) → 0.0001."""
    h = unicodedata.normalize("NFKC", header or "")
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


def parse_revenue(text: str, header_unit: float | None = None) -> Figure | None:
    """Revenue in 万元: '2600', '1.2亿', '500万', '3,000,000元', '约3000'."""
    if text and text.isdigit() and text.isascii():  # the common case: a plain number
        values, rest, unit = [float(text)], "", None
    else:
        t = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("，", "").strip()
        m = (_RANGE.search(t) or _ONE.search(t)) if t else None
        if not m:
            return None
        values, rest, unit = [float(g) for g in m.groups() if g is not None], t[m.end() :], None
    for word in ("亿", "千万", "百万", "万", "千", "元"):
        if rest.startswith(word):
            unit = _UNIT[word]
            break
    if unit is None:
        unit = header_unit if header_unit is not None else (0.0001 if max(values) >= 1e6 else 1.0)
    low, high = min(values) * unit, max(values) * unit
    return Figure(low, high, f"{low:,.0f}万" if low == high else f"{low:,.0f}-{high:,.0f}万")


@lru_cache(maxsize=65536)
def _band(value: float, index: int) -> str:
    for band, *thresholds in BANDS:
        if value >= thresholds[index]:
            return band
    return SMALLEST


def _band_of(fig: Figure, index: int) -> tuple[str, bool]:
    """Band of one figure, and whether it is an estimate (a range across a threshold)."""
    low, high = _band(fig.low, index), _band(fig.high, index)
    return (low, False) if low == high else (_band(fig.mid, index), True)


_ORDER = {b: i for i, b in enumerate([b for b, *_ in BANDS] + [SMALLEST])}


def size_band(employees: Figure | None, revenue: Figure | None) -> tuple[str | None, str]:
    """(band, basis). Both figures: the lower of the two bands (every threshold must be met)."""
    if employees is None and revenue is None:
        return None, ""
    parts = []
    if employees is not None:
        parts.append(f"员工 {employees.text}")
    if revenue is not None:
        parts.append(f"营收 {revenue.text}")
    bands = []
    estimate = employees is None or revenue is None
    for fig, index in ((employees, 0), (revenue, 1)):
        if fig is not None:
            band, approx = _band_of(fig, index)
            bands.append(band)
            estimate = estimate or approx
    band = max(bands, key=_ORDER.__getitem__)
    basis = " + ".join(parts) + f" → {band}" + ("（估计）" if estimate else "")
    return band, basis
