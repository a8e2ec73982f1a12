"""What customers owe (帐款回收): payments set against order lines oldest first, and the age of
what is left. Pure.

Per customer, a refund or credit note (a negative order line) first takes back the latest sales
before it (what it usually reverses: goods returned), what is left the next sales after it, as
the collection plan counts it; everything received — payments, paid amounts written on order
lines beyond their own line, a credit note's rest beyond all sales — is one pool applied to the
oldest open lines first (FIFO). What remains open is aged by whole days from the order date to the
as-of date into ≤30, 31–60, 61–90 and >90 days (calendar days: month ends and 29 February
are ordinary days). A pool larger than everything owed is the customer's credit (预收),
never a negative age. A customer's billed amount (销售额) is its net sales, refunds deducted, so
its row adds up: billed − collected = owed − credit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

BUCKETS = (30, 60, 90)  # inclusive upper bounds; over the last is the fourth bucket


def bucket_of(days: int) -> int:
    """0: ≤30, 1: 31–60, 2: 61–90, 3: >90 (a line dated after as-of is 0 days old)."""
    for i, bound in enumerate(BUCKETS):
        if days <= bound:
            return i
    return len(BUCKETS)


@dataclass
class OpenLine:
    day: date
    product: str | None
    open: float  # still owed

    def age(self, as_of: date) -> int:
        return max((as_of - self.day).days, 0)


@dataclass
class Account:
    company_id: int
    billed: float = 0.0  # net sales: order lines less refunds, so billed − collected = owed − credit
    collected: float = 0.0  # payments and paid amounts
    credit: float = 0.0  # received beyond what is owed
    open_lines: list[OpenLine] = field(default_factory=list)

    @property
    def owed(self) -> float:
        return sum(x.open for x in self.open_lines)

    def buckets(self, as_of: date) -> list[float]:
        out = [0.0] * (len(BUCKETS) + 1)
        for x in self.open_lines:
            out[bucket_of(x.age(as_of))] += x.open
        return out

    def oldest(self, as_of: date) -> int:
        return max((x.age(as_of) for x in self.open_lines), default=0)

    def overdue(self, as_of: date, terms: int) -> float:
        return sum(x.open for x in self.open_lines if x.age(as_of) > terms)

    def by_product(self) -> dict[str | None, float]:
        out: dict[str | None, float] = defaultdict(float)
        for x in self.open_lines:
            out[x.product] += x.open
        return dict(out)


def _d(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _sales_first(line: tuple) -> tuple[date, bool]:
    """Order lines by day, a day's sales before its returns: a return takes back the sales of its
    own day too, whatever order the file lists them in (an ERP sorting TH… before XS…)."""
    return _d(line[1]), line[2] < 0


def accounts(orders: list[tuple], payments: list[tuple]) -> dict[int, Account]:
    """orders: (company_id, day, amount, paid or None, product); payments: (company_id, day, amount).
    Returns each customer's account with its open lines after FIFO, oldest first."""
    lines: dict[int, list[OpenLine]] = defaultdict(list)
    pool: dict[int, float] = defaultdict(float)
    credit: dict[int, float] = defaultdict(float)  # a credit note's rest, for the next sales
    acc: dict[int, Account] = {}
    for cid, day, amount, paid, product in sorted(orders, key=_sales_first):
        a = acc.setdefault(cid, Account(cid))
        paid = float(paid or 0.0)
        a.collected += paid
        a.billed += float(amount)
        pool[cid] += paid
        if amount > 0:
            take = min(credit[cid], float(amount))
            credit[cid] -= take
            lines[cid].append(OpenLine(_d(day), product, float(amount) - take))
        elif amount < 0:  # a refund or credit note: it takes back the latest sales before it
            left = -float(amount)
            for x in reversed(lines[cid]):
                take = min(left, x.open)
                x.open -= take
                left -= take
                if left <= 0:
                    break
            credit[cid] += left
    for cid, left in credit.items():  # beyond every sale: money the customer is owed back
        pool[cid] += left
    for cid, _day, amount in payments:
        a = acc.setdefault(cid, Account(cid))
        a.collected += float(amount)
        pool[cid] += float(amount)
    for cid, a in acc.items():
        money = pool[cid]
        items = sorted(lines[cid], key=lambda x: x.day)
        for x in items:
            if money <= 0:
                break
            take = min(money, x.open)
            x.open -= take
            money -= take
        a.open_lines = [x for x in items if x.open > 0.005]
        if money > 0.005:
            a.credit = money
        elif money < -0.005:  # more reversed than received: owed since the first line
            first = items[0].day if items else date.min
            a.open_lines.insert(0, OpenLine(first, None, -money))
    return acc


def month_of(day: date, plus_days: int = 0) -> str:
    from datetime import timedelta

    d = day + timedelta(days=plus_days)
    return f"{d.year}-{d.month:02d}"


def collections_by_month(
    orders: list[tuple], payments: list[tuple], terms: int
) -> dict[tuple[int, str], list[float]]:
    """(company_id, YYYY-MM) → [planned, collected]: an order line is planned for collection in the
    month it falls due (order date + terms), less the customer's refunds and credit notes — money it
    does not owe (review r68 F4): a credit note takes back the latest sales before it first (what it
    usually reverses), what is left the next sales after it. Payments count in their month, paid
    amounts written on an order line in the month the line fell due."""
    out: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    plans: dict[int, list[list]] = defaultdict(list)  # company → [due month, planned], by date
    credit: dict[int, float] = defaultdict(float)  # a credit note's rest, for the next sales
    for cid, day, amount, paid, _product in sorted(orders, key=_sales_first):
        due = month_of(_d(day), terms)
        if amount > 0:
            take = min(credit[cid], float(amount))
            credit[cid] -= take
            plans[cid].append([due, float(amount) - take])
        elif amount < 0:
            left = -float(amount)
            for item in reversed(plans[cid]):
                take = min(left, item[1])
                item[1] -= take
                left -= take
                if left <= 0:
                    break
            credit[cid] += left
        if paid:
            out[(cid, due)][1] += float(paid)
    for cid, items in plans.items():
        for due, planned in items:
            if planned > 0.005:
                out[(cid, due)][0] += planned
    for cid, day, amount in payments:
        out[(cid, month_of(_d(day)))][1] += float(amount)
    return dict(out)
