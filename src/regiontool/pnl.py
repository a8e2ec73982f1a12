"""The expected P&L (预期损益表): income by product (plan from the targets, actual from the
orders) less the expenses of the budget file (区域广告, 人员工资, 业务往来 …), month by month.

Plan income per month and product is the targets' split by month and by product, the one `target
show` and `track` give (targets.split: a quarter's and a month's own targets keep their amounts, the
year shares what they leave), rounded so that months and products both add up exactly
(income_plan). Actual income counts
the orders up to the as-of day. The expected year takes the actual figures of the months
before the as-of month, the plan of the months after it, and for the as-of month: income, whose
orders carry dates, its actual so far plus the plan of its remaining days (pro rata by days, as
`track` counts what is due); an expense, whose budget figures are per month with no date, the
larger of its actual and its plan. So no line's expected year is below its actual to date, and
expected profit is expected income less expected expenses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import normalize, vocab
from .analysis import targets as T
from .errors import DataError
from .store import Workspace
from .targets import _nesting_error, _stored, _sub_targets, nesting_problem, split, w

_MONTH = re.compile(r"(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*月?")


def _month_of(text: str, year: int) -> str | None:
    t = normalize.fold(text).strip()
    m = _MONTH.fullmatch(re.sub(r"(计划|预算|实际|plan|budget|actual)", "", t, flags=re.I).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{int(m.group(1) or year)}-{int(m.group(2)):02d}"


def _budget_header(texts: list[str], year: int) -> tuple[dict[str, int], dict[int, str]] | None:
    """A budget table's header row: its fields' columns and its month columns (wide), else None."""
    lookup = {normalize.header_key(a): k for k, names in vocab.BUDGET_FIELDS.items() for a in names}
    fields = {normalize.header_field(t, lookup): j for j, t in enumerate(texts) if t}
    if "item" not in fields:
        return None
    wide = {j: _month_of(t, year) for j, t in enumerate(texts) if t and j != fields["item"]}
    wide = {j: m for j, m in wide.items() if m}
    if not ("month" in fields and ("plan" in fields or "actual" in fields)) and not wide:
        return None
    return fields, wide


def is_budget(book) -> bool:
    """Whether a file read (io.read.RawBook) holds the table `regiontool budget` reads (its first
    sheet, a header row in the first 20): `import` skips it in a glob, refuses it alone."""
    rows = book.sheets[0].rows if book.sheets else []
    year = dt.date.today().year
    return any(_budget_header([normalize.cell_text(c).strip() for c in row], year) for row in rows[:20])


class BudgetLoad(NamedTuple):
    lines: int  # the (month, item) lines stored
    first: str  # the first and last month (a month written with its year keeps it, whatever `year` says)
    last: str
    title: str | None  # a title row naming the unit the money columns without one were read in
    removed: list[tuple[str, str]] = []  # (month, item) lines of the years stored before, not in this file
    skipped: list[str] = []  # the income and profit rows' items, no expense (_not_an_expense)


def load_budget(ws: Workspace, path: Path, year: int) -> BudgetLoad:
    """Read a budget file — long (月份, 项目, 预算, 实际) or wide (项目, then 1月 … 12月, or 1月预算 /
    1月实际) — and store it in one transaction, as the budget of the years its months are in."""
    from .io.read import read_book, shown_rows

    book = read_book(path)
    rows = book.sheets[0].rows if book.sheets else []
    lines: dict[tuple[str, str], list] = {}
    skipped: list[str] = []  # income and profit rows (_not_an_expense)
    last_line = False  # the last row not detailing another was an expense line (not a total)
    titled = None
    for h, header in enumerate(rows[:20]):
        texts = [normalize.cell_text(c).strip() for c in header]
        if (found := _budget_header(texts, year)) is None:
            continue
        fields, wide = found
        # 预算（万元）: as orders' 金额（万元）; a bare 预算 under a title （单位：万元） takes the title's unit
        titled = normalize.title_unit(rows[:h])
        named = [normalize.named_unit(t) for t in texts]
        units = [u if u is not None else titled[0] if titled else 1.0 for u in named]
        columns = (fields["item"], fields.get("month"))  # 项目 区域广告 merged over its months
        shown = shown_rows(rows, book.sheets[0].merges, columns=columns, below=h)
        amounts = [fields[k] for k in ("plan", "actual") if k in fields and "month" in fields] or list(wide)
        for i, row in enumerate(shown[h + 1 :], start=h + 2):
            cell = lambda j, row=row: row[j] if j is not None and j < len(row) else None  # noqa: E731
            item = normalize.fold(normalize.cell_text(cell(fields["item"]))).strip()
            if _is_total(item) or not item and any(_is_total(normalize.cell_text(c)) for c in row):
                last_line = False
                continue
            if _detail(item) and last_line:
                skipped.append(item)  # 销售费用 / 其中：广告费: counted in the line above (r110 F4)
                continue
            if _detail(item):
                item = _DETAIL.sub("", item)  # 期间费用合计 / 其中：销售费用: the 其中 rows are the lines
            else:
                last_line = True
            if _not_an_expense(item):
                skipped.append(item)
                continue
            if not item:
                if any(cell(j) not in (None, "") and str(cell(j)).strip() for j in amounts):
                    raise DataError(
                        f"{path.name} row {i}: amounts with no item (项目)",
                        "write the expense item in that row, or delete the row",
                        zh=f"{path.name} 第 {i} 行：有金额但没有项目，请填写费用项目或删除该行（预算未保存）",
                    )
                continue
            if "month" in fields:
                raw = cell(fields["month"])
                month = normalize.month_cell(raw) or _month_of(normalize.cell_text(raw), year)
                if month is None:
                    raise DataError(
                        f"{path.name} row {i}: '{cell(fields['month'])}' is not a month",
                        zh=f"{path.name} 第 {i} 行：“{cell(fields['month'])}”不是月份（请写 3月 或 2027-03）",
                    )
                slot = lines.setdefault((month, item), [None, None])
                for k, pos in (("plan", 0), ("actual", 1)):
                    if k in fields and cell(fields[k]) not in (None, ""):
                        slot[pos] = _amount(cell(fields[k]), path, i, units[fields[k]])
            else:
                for j, month in wide.items():
                    if cell(j) in (None, ""):
                        continue
                    actual = re.search(r"实际|actual", texts[j], re.I) is not None
                    lines.setdefault((month, item), [None, None])[1 if actual else 0] = _amount(
                        cell(j), path, i, units[j]
                    )
        break
    else:
        raise DataError(
            f"{path.name}: no budget table found",
            "columns 月份 | 项目 | 预算 | 实际, or 项目 | 1月 | 2月 … (one row per expense item)",
            zh=f"{path.name}：找不到预算表——列应为 月份 | 项目 | 预算 | 实际，或 项目 | 1月 | 2月 …（每个费用项目一行）",
        )
    if not lines:
        raise DataError(f"{path.name}: the budget table has no rows", zh=f"{path.name}：预算表没有数据行")
    with ws.transaction():
        removed = ws.set_budget([(m, item, p, a) for (m, item), (p, a) in lines.items()], path.name)
        ws.remember_input(path)  # typed by hand: no --out may overwrite it
    months = sorted(m for m, _ in lines)
    used = titled is not None and any(u is None for u in named)
    return BudgetLoad(
        len(lines), months[0], months[-1], titled[1] if used else None, removed, list(dict.fromkeys(skipped))
    )


_TOTAL = re.compile(
    r"(?:" + "|".join(re.escape(w.replace(" ", "")) for w in vocab.TOTAL_ROW_WORDS) + r")(?:[:：(（\[【].*)?",
    re.I,
)


def _is_total(text: str) -> bool:
    """A budget sheet's total row (合计, 小计：, 总计(元), 费用合计, 二、期间费用合计, Total expenses …):
    its amounts add up the lines, never a line."""
    if _EN_TOTAL.search(text):
        return True
    text = _bare_item(re.sub(r"\s+", "", text))
    return _TOTAL.fullmatch(text) is not None or _NAMED_TOTAL.fullmatch(text) is not None


# 费用合计, 管理费用小计, 支出总计: a total row named by what it adds up
_NAMED_TOTAL = re.compile(r"[\u4e00-\u9fff]{1,8}(?:合计|小计|总计|合計|小計|總計)(?:[:：(（\[【].*)?")
# Total expenses, Total operating expenses, Subtotal (marketing), Expenses total
_EN_TOTAL = re.compile(r"^\s*(?:grand\s+|sub)?total\b|\b(?:sub)?total\s*(?:[:(].*)?$", re.I)
# A P&L row's numbering (一、二、 1. (一)) and the colon or bracketed unit after its name.
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)]|[(（][一二三四五六七八九十\d]+[)）])\s*"
)
_AFTER_NAME = re.compile(r"\s*(?:[:：]\s*$|[(（\[【][^)）\]】]*[)）\]】]\s*$)")
# A P&L row's sign before its name (加：营业外收入, 减：所得税).
_SIGN = re.compile(r"^\s*(?:加|减)\s*[:：]\s*")
_DETAIL = re.compile(r"^\s*(?:" + "|".join(map(re.escape, vocab.BUDGET_DETAIL_WORDS)) + r")\s*[:：]?\s*")


def _bare_item(item: str) -> str:
    """A budget row's item without its numbering, its sign, a trailing colon or a bracketed unit after it
    (四、净利润： → 净利润, 加：营业外收入 → 营业外收入, 利润（万元） → 利润)."""
    return _AFTER_NAME.sub("", _SIGN.sub("", _NUMBERING.sub("", item))).strip()


def _detail(item: str) -> bool:
    """Whether a budget row details the row above it (其中：广告费)."""
    return _DETAIL.match(item) is not None


def _not_an_expense(item: str) -> bool:
    """A row of a budget laid out as a P&L that is no expense line: income or profit (销售收入, 四、净利润：,
    Net profit, Operating income; the income plan is the targets', the profit what pnl works out), a
    ratio (销售毛利率, Gross margin %) or a count (销售数量（台）, Headcount)."""
    key = _bare_item(_DETAIL.sub("", item))
    if key.endswith(vocab.BUDGET_NOT_EXPENSE_ENDINGS):
        return True
    en = key.lower().rstrip(" %")
    if en.startswith(("cost", "costs")):  # Cost of sales
        return False
    return en in vocab.BUDGET_NOT_EXPENSE_EN or en.endswith(vocab.BUDGET_NOT_EXPENSE_EN_ENDINGS)


def _amount(value, path: Path, row: int, unit: float = 1.0) -> float:
    amount = normalize.parse_amount(value, unit)
    if amount is None:
        raise DataError(
            f"{path.name} row {row}: '{value}' is not an amount",
            zh=f"{path.name} 第 {row} 行：“{value}”不是金额",
        )
    return amount


def plan_periods(ws: Workspace, year: int) -> list[str]:
    """The targets the year's income plan comes from: the year's own, else those of its quarters and
    months (a month within a quarter that has one counted in it)."""
    stored = _stored(ws)
    problem = nesting_problem(stored, year)
    if problem:
        raise _nesting_error(problem)
    key = str(year)
    return [key] if stored.get(key, {}).get("total") is not None else sorted(_sub_targets(stored, key))


def income_plan(ws: Workspace, year: int) -> dict[tuple[str | None, str], int]:
    """(product, YYYY-MM) → planned income, from the targets' split by month and by product — the
    ones target show and track give (targets.split): the targets of quarters and months keep their
    amounts, and the year's (or a quarter's) target shares only what they leave. Each target's own
    part is crossed product × month so that both its months and its products add up exactly."""
    plan: dict[tuple[str | None, str], int] = {}
    for top in plan_periods(ws, year):
        by_month, by_product = split(ws, top, "month"), split(ws, top, "product")
        for part, lines in by_product.parts.items():
            months = {x.value: x.amount for x in by_month.parts[part] if x.value}
            products: dict[str | None, int] = {}
            for x in lines:  # a blank product and the unallocated rest: blank
                products[x.value or None] = products.get(x.value or None, 0) + x.amount
            planned = sum(months.values())  # less than the target when no month is left to take it
            if products and sum(products.values()) != planned:
                products = dict(
                    zip(products, T.largest_remainder(planned, list(products.values())), strict=True)
                )
            plan.update(T.split_grid(products, months))
    return plan


@dataclass
class Pnl:
    year: int
    as_of: dt.date
    months: list[str]
    income_plan: dict[tuple[str, str], float]  # (product, month)
    income_actual: dict[tuple[str, str], float]
    expenses: dict[tuple[str, str], list]  # (item, month) → [plan, actual]
    products: list[str]
    items: list[str]
    periods: list[str] = field(default_factory=list)  # the targets of the income plan (plan_periods)

    def unplanned_months(self) -> list[str]:
        """The year's months no target plans (a year with only 2026Q4's): their income plan is 0."""
        covered = {m for k in self.periods for m in T.parse_period(k).months}
        return [m for m in self.months if m not in covered] if self.periods else []


def pnl(ws: Workspace, year: int, as_of: dt.date, lang: str = "zh") -> Pnl:
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    budget = ws.budget_rows(year)
    blank = vocab.label("blank", lang)
    plan: dict[tuple[str, str], float] = {}
    for (product, month), amount in income_plan(ws, year).items():
        key = (product or blank, month)
        plan[key] = plan.get(key, 0) + amount
    if not plan and not budget:
        raise vocab.money_error(DataError, "no_target_nor_budget", year=year)
    planned: dict[str, float] = {}
    for (product, _m), amount in plan.items():
        planned[product] = planned.get(product, 0) + amount
    products = sorted(planned, key=lambda p: (-planned[p], p))
    until = min(as_of, dt.date(year, 12, 31)).isoformat()  # actual to date: no order after as_of
    actual = {(p or blank, m): a for m, p, a in ws.sales_by(["month", "product"], f"{year}-01-01", until)}
    products += sorted({p for p, _m in [*plan, *actual]} - set(products))
    expenses: dict[tuple[str, str], list] = {}
    items: list[str] = []
    for month, item, p, a in budget:
        expenses[(item, month)] = [p, a]
        if item not in items:
            items.append(item)
    return Pnl(year, as_of, months, plan, actual, expenses, products, items, plan_periods(ws, year))


def _expected(plan: float, actual: float | None, month: str, as_of: dt.date, dated: bool = True) -> float:
    """A month's expected figure: actual before the as-of month, plan after it. In it, a dated figure
    (income from orders) is the actual so far plus the plan of the days left (as_of itself counts as
    gone, as in track); a monthly one (a budget expense) the larger of actual and plan. A budget line
    whose 实际 is blank (None: not booked yet, unlike 0) has no actual figure: its plan counts."""
    current = f"{as_of.year}-{as_of.month:02d}"
    if actual is None:
        return plan
    if month < current:
        return actual
    if month > current:
        return plan
    if not dated:
        return max(actual, plan)
    return actual + plan * (1.0 - T.elapsed_share(T.parse_period(month), as_of))


def _expense(p: Pnl, item: str, month: str) -> tuple[float, float | None]:
    """(plan, actual) of a budget line; actual None where the line's 实际 is blank or there is no line
    (a month the budget does not cover books no expense: month_table leaves it blank)."""
    plan, actual = p.expenses.get((item, month)) or (None, None)
    return plan or 0.0, actual


def unbooked(p: Pnl) -> list[tuple[str, str, float]]:
    """(month, item, plan) of the budget lines before the as-of month whose 实际 is blank: no actual
    figure, so the expected year takes their plan (a 0 is an actual of 0 and counts as 0)."""
    current = f"{p.as_of.year}-{p.as_of.month:02d}"
    return sorted(
        (month, item, plan)
        for (item, month), (plan, actual) in p.expenses.items()
        if actual is None and plan and month < current
    )


def month_table(p: Pnl, lang: str = "zh") -> pd.DataFrame:
    """Rows = months: income, expenses and profit, plan and actual, and the expected figure."""
    rows = []
    for m in p.months:
        income = [(p.income_plan.get((x, m), 0.0), p.income_actual.get((x, m), 0.0)) for x in p.products]
        expenses = [_expense(p, i, m) for i in p.items]
        ip, ia = sum(a for a, _ in income), sum(b for _, b in income)
        ep = sum(a for a, _ in expenses)
        # a month whose every budget line's 实际 is blank has no expense actual: blank, not 0, and
        # no actual profit (income less nothing spent) — README: a blank 实际 is unlike a 0 (r68 F2)
        booked = any(b is not None for _, b in expenses)  # no budget lines (no budget): none booked
        ea = sum(b or 0.0 for _, b in expenses) if booked else math.nan
        expected = sum(_expected(a, b, m, p.as_of) for a, b in income) - sum(
            _expected(a, b, m, p.as_of, dated=False) for a, b in expenses
        )
        rows.append((m, ip, ia, ep, ea, ip - ep, ia - ea, expected))
    frame = pd.DataFrame(rows)
    total = [w("total", lang), *frame.iloc[:, 1:].sum().tolist()]  # NaN skipped
    if frame.iloc[:, 4].isna().all():  # no month booked an expense: no actual expenses, nor profit
        total[4] = math.nan
    total[6] = total[2] - total[4]  # the year's actual profit as item_table's: income less booked expenses
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame.columns = [
        w("month", lang),
        *(
            f"{w(a, lang)}{'' if lang != 'en' else ' '}{w(b, lang)}"
            for a in ("income", "expenses", "profit")
            for b in ("plan", "actual")
        ),
        w("expected_profit", lang),
    ]
    return frame


def item_table(p: Pnl, lang: str = "zh") -> pd.DataFrame:
    """Rows = income by product, expense items, profit: the year's plan, actual and expected."""
    rows, kinds = [], []

    def line(label, plan_of, actual_of, kind="data", dated=True):
        pl = sum(plan_of(m) for m in p.months)
        ac = sum(actual_of(m) or 0.0 for m in p.months)
        ex = sum(_expected(plan_of(m), actual_of(m), m, p.as_of, dated) for m in p.months)
        rows.append((label, pl, ac, ex))
        kinds.append(kind)
        return pl, ac, ex

    inc = [
        line(
            f"{w('income', lang)}·{x}",
            lambda m, x=x: p.income_plan.get((x, m), 0.0),
            lambda m, x=x: p.income_actual.get((x, m), 0.0),
        )
        for x in p.products
    ]
    ti = [sum(v[k] for v in inc) for k in range(3)]
    rows.append((w("income_total", lang), *ti))
    kinds.append("subtotal")
    exp = [
        line(
            f"{w('expenses', lang)}·{i}",
            lambda m, i=i: _expense(p, i, m)[0],
            lambda m, i=i: _expense(p, i, m)[1],
            dated=False,
        )
        for i in p.items
    ]
    te = [sum(v[k] for v in exp) for k in range(3)]
    if not p.items:  # no budget: no actual expenses, nor an actual profit (month_table's blanks too)
        te[1] = math.nan
    rows.append((w("expenses_total", lang), *te))
    kinds.append("subtotal")
    rows.append((w("profit", lang), *(a - b for a, b in zip(ti, te, strict=True))))
    kinds.append("total")
    frame = pd.DataFrame(
        rows, columns=[w("item", lang), w("plan", lang), f"{w('actual', lang)}", w("expected_year", lang)]
    )
    frame.attrs["kinds"] = kinds
    return frame
