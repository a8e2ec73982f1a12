"""Receivables (帐款回收规划表) from the workspace: who owes what and since when, month by month
plan against collected, and the chase list that feeds the work plan as 催款.

The allocation and ageing rule is in analysis/receivables.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import vocab
from .analysis import receivables as R
from .errors import DataError, UsageError
from .io.write import whole_text
from .store import Workspace
from .targets import w


@dataclass
class Receivables:
    as_of: dt.date
    terms: int
    accounts: dict[int, R.Account]
    companies: dict[int, tuple]  # id → (name, tier, manager, town)
    months: dict[tuple[int, str], list[float]]
    unlinked: tuple[int, float, int]  # payments not linked, up to as_of: (payments, amount, customers)
    unlinked_orders: tuple[int, float, int] = (0, 0.0, 0)  # up to as_of: (lines, amount, customers)
    after: tuple[int, float, int, float] = (0, 0.0, 0, 0.0)  # linked, after as_of: (orders, ¥, payments, ¥)


def receivables(ws: Workspace, as_of: dt.date, terms: int = 30) -> Receivables:
    if terms < 0:
        raise UsageError("--terms must be 0 or more days", zh="--terms 要写 0 或更多天")
    if not ws.order_count():
        raise vocab.money_error(DataError, "no_orders")
    if not ws.has_collections():
        raise vocab.money_error(DataError, "no_payments")
    orders, payments = ws.receivable_lines(as_of.isoformat())
    acc = R.accounts(orders, payments)
    return Receivables(
        as_of,
        terms,
        acc,
        ws.company_rows(acc),
        R.collections_by_month(orders, payments, terms),
        ws.unlinked_payments(as_of.isoformat()),
        ws.unlinked_orders(as_of.isoformat()),
        ws.linked_after(as_of.isoformat()),
    )


def _who(r: Receivables, cid: int) -> tuple[str, str | None]:
    name, _tier, manager, _town = r.companies.get(cid, (str(cid), None, None, None))
    return name, manager


def ageing_table(r: Receivables, lang: str = "zh") -> pd.DataFrame:
    """Per customer owing or in credit: owed, the four age buckets, oldest, credit; most owed first."""
    rows = []
    for cid, a in r.accounts.items():
        if a.owed <= 0 and a.credit <= 0:
            continue
        name, manager = _who(r, cid)
        rows.append(
            (
                name,
                cid,
                manager,
                a.billed,
                a.collected,
                a.owed,
                *a.buckets(r.as_of),
                a.oldest(r.as_of),
                a.credit,
            )
        )
    rows.sort(key=lambda t: (-t[5], t[1]))
    en = lang == "en"
    buckets = [b[2] if en else b[1] for b in vocab.AGE_BUCKETS]
    cols = [w(k, lang) for k in ("customer", "company_id", "manager", "billed", "collected", "owed")]
    cols += buckets + [w("oldest_days", lang), w("credit", lang)]
    frame = pd.DataFrame(rows, columns=cols)
    total = [w("total", lang), None, None, *frame[cols[3:10]].sum().tolist(), None, frame[cols[-1]].sum()]
    return pd.concat([frame, pd.DataFrame([total], columns=cols)], ignore_index=True) if rows else frame


def product_table(r: Receivables, lang: str = "zh") -> pd.DataFrame:
    """Per customer and product: what is still owed."""
    rows = []
    for cid, a in r.accounts.items():
        name, _m = _who(r, cid)
        for product, owed in a.by_product().items():
            rows.append((name, cid, product or vocab.label("blank", lang), owed))
    rows.sort(key=lambda t: (-t[3], t[1]))
    return pd.DataFrame(rows, columns=[w(k, lang) for k in ("customer", "company_id", "product", "owed")])


def _month_keys(as_of: dt.date, months: int) -> list[str]:
    """The last `months` months up to as_of's, oldest first (YYYY-MM)."""
    keys, y, m = [], as_of.year, as_of.month
    for _ in range(months):
        keys.insert(0, f"{y}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return keys


def month_table(r: Receivables, lang: str = "zh", months: int = 6) -> pd.DataFrame:
    """The 应收账款规划表: per customer, the last `months` months' planned and collected amounts."""
    keys = _month_keys(r.as_of, months)
    by_cid: dict[int, dict[str, list[float]]] = {}
    for (cid, month), pair in r.months.items():
        if month in keys:
            by_cid.setdefault(cid, {})[month] = pair
    rows = []
    for cid, cells in by_cid.items():
        name, _m = _who(r, cid)
        row = [name, cid]
        for k in keys:
            plan, got = cells.get(k, (0.0, 0.0))
            row += [plan, got]
        rows.append(row)
    rows.sort(key=lambda t: (-sum(t[2::2]), t[1]))
    cols = [w("customer", lang), w("company_id", lang)]
    for k in keys:
        cols += [f"{k} {w('plan_due', lang)}", f"{k} {w('collected', lang)}"]
    return pd.DataFrame(rows, columns=cols)


def chase_rows(r: Receivables) -> list[tuple[int, float, int, float]]:
    """(company_id, overdue, oldest days, owed) of customers with money overdue past the terms."""
    out = []
    for cid, a in r.accounts.items():
        overdue = a.overdue(r.as_of, r.terms)
        if overdue > 0.5:
            out.append((cid, overdue, a.oldest(r.as_of), a.owed))
    return sorted(out, key=lambda t: (-t[1], t[0]))


def chase_action(days: int, lang: str = "zh") -> str:
    for floor, zh, en in vocab.CHASE_ACTIONS:
        if days >= floor:
            return en if lang == "en" else zh
    return vocab.CHASE_ACTIONS[-1][2 if lang == "en" else 1]


def chase_table(r: Receivables, lang: str = "zh") -> pd.DataFrame:
    rows = []
    for cid, overdue, oldest, owed in chase_rows(r):
        name, manager = _who(r, cid)
        rows.append((name, cid, manager, owed, overdue, oldest, chase_action(oldest, lang)))
    overdue_word = "overdue" if lang == "en" else f"逾期(>{r.terms}天)"
    cols = [w(k, lang) for k in ("customer", "company_id", "manager", "owed")]
    return pd.DataFrame(rows, columns=[*cols, overdue_word, w("oldest_days", lang), w("action", lang)])


def chase_for_plan(r: Receivables) -> pd.DataFrame:
    """What a work plan needs: company_id, amount (overdue), owed, oldest_days."""
    rows = chase_rows(r)
    return pd.DataFrame(
        [(cid, overdue, owed, oldest) for cid, overdue, oldest, owed in rows],
        columns=["company_id", "amount", "owed", "oldest_days"],
    )


def plan_chase(ws: Workspace, as_of: dt.date) -> pd.DataFrame | None:
    """Chase list for a work plan, or None when the workspace cannot judge receivables."""
    if not ws.order_count() or not ws.has_collections():
        return None
    return chase_for_plan(receivables(ws, as_of))


def collections_note(r: Receivables, lang: str = "zh", months: int = 6) -> str | None:
    """Why month_table is empty (None when it is not): nothing fell due and nothing was collected
    in its months, and the --months that reaches the latest month with either, when one does."""
    keys = _month_keys(r.as_of, months)
    if any(month in keys for _cid, month in r.months):
        return None
    i = 1 if lang == "en" else 0
    line = vocab.MONEY_WORDS["collections_empty"][i].format(first=keys[0], last=keys[-1])
    earlier = max((month for _cid, month in r.months if month < keys[0]), default=None)
    if earlier is None:
        return line
    need = (r.as_of.year - int(earlier[:4])) * 12 + r.as_of.month - int(earlier[5:7]) + 1
    key = "collections_try_months" if need <= MAX_MONTHS else "collections_latest"
    return line + vocab.MONEY_WORDS[key][i].format(months=need, month=earlier)


MAX_MONTHS = 24  # the most months of plan vs collected `receivables --months` shows


def settled_note(r: Receivables, lang: str = "zh") -> str | None:
    """The customers ageing_table leaves out, settled in full (nothing owed, no credit), with their
    sales: its 合计 is of the others only (None when there are none)."""
    settled = [a for a in r.accounts.values() if a.owed <= 0 and a.credit <= 0]
    if not settled:
        return None
    amount = sum(a.billed for a in settled)
    return vocab.fill(
        vocab.MONEY_WORDS["recv_settled"][lang == "en"], n=len(settled), amount=whole_text(amount)
    )


def notes(r: Receivables, lang: str = "zh", months: int = 6) -> list[str]:
    """The lines above the tables: the totals, then what the figures leave out (the customers settled
    in full, payments and orders not linked to a company, lines dated after as_of) and why the month
    table is empty, if it is."""
    en = lang == "en"
    owed = sum(a.owed for a in r.accounts.values())
    credit = sum(a.credit for a in r.accounts.values())
    overdue = sum(a.overdue(r.as_of, r.terms) for a in r.accounts.values())
    lines = [
        f"as of {r.as_of}: owed ¥{whole_text(owed)}, of which overdue (> {r.terms} days) ¥{whole_text(overdue)}; credit ¥{whole_text(credit)}"
        if en
        else f"截至 {r.as_of}：应收余额 ¥{whole_text(owed)}，其中逾期（>{r.terms} 天）¥{whole_text(overdue)}；预收（多付）¥{whole_text(credit)}"
    ]
    i = 1 if en else 0
    # a credit beyond what the customer paid is its returns' (credit notes above its purchases): money
    # owed back to it, not paid in advance (review r68 F3)
    returned = [a.credit - a.collected for a in r.accounts.values() if a.credit - a.collected > 0.005]
    if returned:
        lines.append(
            vocab.fill(
                vocab.MONEY_WORDS["recv_credit_returns"][i], n=len(returned), amount=whole_text(sum(returned))
            )
        )
    if settled := settled_note(r, lang):
        lines.append(settled)
    for key, (n, amount, customers) in (
        ("recv_unlinked_payments", r.unlinked),
        ("recv_unlinked_orders", r.unlinked_orders),
    ):
        if n:
            lines.append(
                vocab.fill(vocab.MONEY_WORDS[key][i], n=n, amount=whole_text(amount), customers=customers)
            )
    orders_after, orders_amount, payments_after, payments_amount = r.after
    for key, n, amount in (
        ("recv_orders_after", orders_after, orders_amount),
        ("recv_payments_after", payments_after, payments_amount),
    ):
        if n:
            lines.append(vocab.fill(vocab.MONEY_WORDS[key][i], n=n, amount=whole_text(amount), day=r.as_of))
    empty = collections_note(r, lang, months)
    if empty:
        lines.append(empty)
    return lines
