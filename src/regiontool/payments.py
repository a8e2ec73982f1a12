"""Payments (回款明细) → the workspace, the way orders arrive: dates and amounts as offices write
them, each payment linked to a company by its normalised name, unlinked ones kept and listed.

A payment's identity is a digest of its content (customer, date, amount, product, order
number) with its position among equal lines of the file: re-importing adds nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import vocab
from .importer import nothing_to_keep
from .io.layout import Layout, detect_layout
from .io.read import DEFAULT_MAX_SIZE, RawBook, read_book
from .io.write import whole_text
from .orders import (
    DatedLinesResult,
    changed_history,
    dated_view,
    holds_others,
    line_text,
    not_in_file,
    read_dated_amounts,
    recheck_conflicts,
    record_version,
    report_overlaps,
    report_repeated,
    report_unlinked,
    stored_problems,
)
from .problems import Problem
from .records import ProblemLog, pack_rows
from .store import Workspace


@dataclass(slots=True)
class PaymentLine:
    payment_key: str
    customer: str
    customer_key: str
    pay_date: str  # ISO
    amount: float
    product: str | None
    order_no: str | None
    source_row: int


@dataclass
class PreparedPayments:
    book: RawBook
    layout: Layout
    lines: list[PaymentLine]
    rows_read: int
    blank_rows: int
    rejected: int
    problems: list[Problem]
    raw_rows: bytes


class PaymentsImportResult(DatedLinesResult):
    kind: str = "payments"
    payments: int = 0
    payments_new: int = 0
    payments_updated: int = 0
    payments_unchanged: int = 0
    amount: float = 0.0

    def _counts_line(self, lang: str) -> str:
        return vocab.fill(
            vocab.IMPORT_LINES["payments"][1 if lang == "en" else 0],
            rows=self.rows_read,
            payments=self.payments,
            amount=whole_text(self.amount),
            new=self.payments_new,
            updated=self.payments_updated,
            unchanged=self.payments_unchanged,
            rejected=self.rejected,
            linked=self.linked,
            customers_linked=self.customers_linked,
            unlinked=self.unlinked,
            customers_unlinked=self.customers_unlinked,
            problems=self.problems,
        )

    def accounting(self) -> dict:
        keys = (
            "rows_read",
            "blank_rows",
            "payments",
            "payments_new",
            "payments_updated",
            "payments_unchanged",
            "rejected",
            "amount",
            "linked",
            "unlinked",
            "customers_linked",
            "customers_unlinked",
            "problems",
        )
        return {k: getattr(self, k) for k in keys} | self.gone_accounting()


def prepare_payments(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    book: RawBook | None = None,
) -> PreparedPayments:
    """Read and clean a payments file; rows with no customer, date or amount are rejected."""
    book = book or read_book(path, encoding=encoding, max_size=max_size)
    layout = detect_layout(book, sheet=sheet, header_row=header_row, mapping=mapping, kind="payments")
    return build_payments(book, layout)


def build_payments(book: RawBook, layout: Layout) -> PreparedPayments:
    t = read_dated_amounts(
        book, layout, "pay_date", ("回款日期", "payment date", "回款金额", "payment amount"), "payment"
    )
    products, numbers = t.texts(layout, "product"), t.texts(layout, "order_no")
    lines: list[PaymentLine] = []
    seen: Counter = Counter()
    for n, day, amount in t.accepted:
        base = payment_base(t.keys[n], day.isoformat(), amount, products[n], numbers[n])
        seen[base] += 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        lines.append(
            PaymentLine(
                key, t.names[n], t.keys[n], day.isoformat(), amount, products[n], numbers[n], t.excel_rows[n]
            )
        )
    _report_repeats(lines, t.log)
    return PreparedPayments(
        book,
        layout,
        lines,
        len(t.rows),
        t.blank,
        len(t.rows) - len(lines),
        t.log.items,
        pack_rows(t.rows, t.excel_rows),
    )


def payment_base(customer_key: str, day: str, amount: float, product, order_no) -> str:
    """A payment's key before its position in the file: a digest of the line."""
    content = f"{customer_key}|{day}|{amount!r}|{product or ''}|{order_no or ''}"
    return "pay:" + hashlib.sha1(content.encode()).hexdigest()[:20]


def _report_repeats(lines: list[PaymentLine], log: ProblemLog) -> None:
    """The same payment (customer, day, amount, product, order no) on several rows of one file
    (`duplicate-payment`): each row stays a payment, as the file says, but a double export would
    count as collected twice and hide what is owed, so the rows are named."""
    groups: dict[str, list[PaymentLine]] = {}
    for line in lines:
        groups.setdefault(line.payment_key.split("#", 1)[0], []).append(line)
    for same in groups.values():
        if len(same) > 1:
            first = same[0]
            text = line_text(first.order_no, first.product, first.pay_date, first.amount)
            report_repeated("duplicate-payment", same, text, log)


class _NothingToDo(Exception):
    def __init__(self, result: PaymentsImportResult):
        self.result = result


def import_payments(
    ws: Workspace,
    prepared: PreparedPayments,
    *,
    dry_run: bool = False,
    replace: bool = False,
    replace_period: bool = False,
    owner: str | None = None,
) -> PaymentsImportResult:
    """Write prepared payments in one transaction (rolled back with dry_run); an import that
    changes nothing writes nothing and is a success.

    The payments an earlier import of the same file (name and sheet) brought that this version has
    not are kept and reported (`payment-not-in-file`); with `replace` they are removed, each removal
    written to its company's history — as orders.import_orders does with order lines, and with
    `replace_period` so are the payments of files imported before it within its dates it has not;
    with `owner` (--manager) none of another manager's firms (orders.spare_others)."""
    try:
        return _import(ws, prepared, dry_run, replace, replace_period, owner)
    except _NothingToDo as done:
        return done.result


def _import(
    ws: Workspace,
    prepared: PreparedPayments,
    dry_run: bool,
    replace: bool,
    replace_period: bool = False,
    owner: str | None = None,
) -> PaymentsImportResult:
    book, layout, lines = prepared.book, prepared.layout, prepared.lines
    result = PaymentsImportResult.of_table(
        book,
        layout,
        rows_read=prepared.rows_read,
        blank_rows=prepared.blank_rows,
        rejected=prepared.rejected,
        payments=len(lines),
        amount=sum(line.amount for line in lines),
        dry_run=dry_run,
    )
    with ws.dry_transaction() if dry_run else ws.transaction():
        links = ws.company_ids_by_key(line.customer_key for line in lines)
        stored = ws.payments_by_key(line.payment_key for line in lines)
        seen_files = set(ws.import_shas().values())
        keys = [line.payment_key for line in lines]
        view = [dated_view(line) for line in lines]
        gone, held, import_id, others, replace = record_version(
            ws, result, book, layout, prepared.raw_rows, keys, stored, view, replace, replace_period, owner
        )
        tail = (import_id, result.file, result.sheet)
        new, updates, changed = [], [], []
        for line in lines:
            cid = links.get(line.customer_key)
            old = stored.get(line.payment_key)
            data = (line.customer, line.pay_date, line.amount, line.product, line.order_no)
            if old is None:
                new.append(
                    (
                        line.payment_key,
                        cid,
                        line.customer,
                        line.customer_key,
                        *data[1:],
                        *tail,
                        line.source_row,
                    )
                )
            elif tuple(old[1:6]) != data:
                updates.append(
                    (cid, line.customer, line.customer_key, *data[1:], *tail, line.source_row, old[0])
                )
                changed.append((cid, line.source_row, old[1], (old[5], old[4], old[2], old[3]), line))
        if result.imported_before:
            result.kept_since = len(new) + len(updates)
            new, updates = [], []
        ws.insert_payments(new)
        ws.update_payments(updates)
        if updates:
            ws.add_history(changed_history(result, import_id, changed))
        result.payments_new, result.payments_updated = len(new), len(updates)
        result.payments_unchanged = result.payments - len(new) - len(updates)

        log = ProblemLog(result.file, result.sheet, layout, prepared.problems)
        _linked, unlinked = result.count_links(lines, links)
        report_unlinked(ws, unlinked, log, "unlinked-payment")
        not_in_file(ws, gone, held, result, log, import_id, replace)
        if not result.period:
            report_overlaps(log, result, view, others)
        result.problems = len(log.items)
        result.problem_counts = dict(Counter(p.code for p in log.items))
        if not (new or updates or result.removed or result.held):
            result.nothing_changed = True
            if (
                not dry_run
                and nothing_to_keep(book.sha256, seen_files, log.items)
                and not holds_others(stored, result)
            ):
                raise _NothingToDo(result)
        ws.replace_problems(result.file, result.sheet, import_id, stored_problems(result, log.items))
        recheck_conflicts(ws, result.kind, import_id)  # those naming a payment removed or changed
        ws.set_import_summary(import_id, result.accounting())
    return result
