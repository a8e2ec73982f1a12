"""Orders (订单明细) → the workspace: dates and amounts as offices write them, each order linked
to a company by its normalised name, nothing dropped and nothing counted twice.

`prepare_orders` needs no workspace; `import_orders` writes in one transaction. An order's
identity is its order number (with product and position for multi-line orders) or, without
one, a digest of its content: re-importing a file adds nothing, an updated file updates.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from . import normalize, vocab
from .errors import LayoutError
from .importer import FileResult, earlier_import, nothing_to_keep, record_import, version_source
from .io.layout import Layout, column_letter, detect_layout
from .io.read import DEFAULT_MAX_SIZE, RawBook, read_book
from .problems import Problem
from .records import ProblemLog, data_rows, is_label_only, line_total_rows, pack_rows, place_names
from .store import Workspace

Progress = Callable[[str], None]
CANDIDATE_SCORE = 80  # rapidfuzz ratio from which a company is offered as a candidate


@dataclass(slots=True)
class OrderLine:
    order_key: str
    customer: str
    customer_key: str
    order_date: str  # ISO
    amount: float
    product: str | None
    quantity: float | None
    order_no: str | None
    source_row: int
    paid: float | None = None  # 已回款 when the file has a paid or owed column


@dataclass
class PreparedOrders:
    book: RawBook
    layout: Layout
    lines: list[OrderLine]
    rows_read: int
    blank_rows: int
    rejected: int
    problems: list[Problem]
    raw_rows: bytes


class GoneLine(BaseModel):
    """A line (an order line, a payment) an earlier version of the file had and this one has not."""

    customer: str
    row: int  # its row in the latest earlier version that held it
    text: str  # order no · product · date · amount (line_text)
    other: str = ""  # the other imported file that still holds it (then it is kept)


class DatedLinesResult(FileResult):
    """An import of a file of dated lines — orders or payments, its `kind` (store.orders.LINE_TABLES,
    vocab.GONE_WORDS) — linked to companies by customer name, with the lines an earlier version of
    this file (lines_not_in_file) brought that this version has not: kept and reported, or removed
    (to be removed under dry_run) with replace. In --json: {kind}_not_in_file, {kind}_removed."""

    linked: int = 0  # lines linked to a company
    unlinked: int = 0
    customers_linked: int = 0
    customers_unlinked: int = 0
    not_in_file: int = 0
    removed: int = 0
    removed_unlinked: int = 0  # of them, lines of customers linked to no company: in no history
    held_elsewhere: int = 0  # lines not in this version that another imported file still holds: kept
    gone: list[GoneLine] = []
    held: list[GoneLine] = []  # with replace: those lines, `other` the file that holds each
    period: tuple[str, str] | None = None  # --replace-period: the file's first and last date
    # with --manager, lines --replace or --replace-period would remove that are of firms another
    # manager owns: left alone (spare_others), manager → lines
    spared: dict[str, int] = {}
    # with --manager, those of customers linked to none or of firms without a manager: left alone too
    # (whose they are the workspace cannot tell), so an import without --manager removes them
    spared_unowned: int = 0
    owner: str | None = None  # --manager

    def summary_line(self, lang: str = "zh") -> str:
        """The accounting line: rows read = lines + rejected; then the lines not in this version."""
        return (
            self._counts_line(lang)
            + self.kept_since_clause(lang)
            + self.gone_clause(lang)
            + self.spared_clause(lang)
        )

    def imported_before_line(self, lang: str = "zh") -> str:
        """As for any file imported before, but one whose --replace or --replace-period removes
        lines says so: it adds or changes nothing, yet does not leave everything as it was."""
        if not (self.imported_before and self.removed):
            return super().imported_before_line(lang)
        return self._before_line("imported_before_removes", lang)

    def spared_clause(self, lang: str = "zh") -> str:
        """The lines a removal under --manager left alone: of other managers' firms, by manager; of
        customers linked to none and of firms without a manager."""
        en = lang == "en"
        out = ""
        if self.spared:
            who = vocab.listed([f"{m} {n:,}" for m, n in sorted(self.spared.items())], lang)
            n = sum(self.spared.values())
            out = vocab.fill(
                vocab.IMPORT_LINES[f"{self.kind}_spared"][en], n=n, managers=who, owner=self.owner
            )
        if self.spared_unowned:
            line = vocab.IMPORT_LINES[f"{self.kind}_spared_unowned"][en]
            out += vocab.fill(line, n=self.spared_unowned, owner=self.owner)
        return out

    def _counts_line(self, lang: str) -> str:
        raise NotImplementedError

    def count_links(self, lines: list, links: dict[str, int]) -> tuple[list, list]:
        """The lines linked to a company (`links`: customer key → company id) and the others, counted."""
        linked = [line for line in lines if line.customer_key in links]
        unlinked = [line for line in lines if line.customer_key not in links]
        self.linked, self.unlinked = len(linked), len(unlinked)
        self.customers_linked = len({links[line.customer_key] for line in linked})
        self.customers_unlinked = len({line.customer_key for line in unlinked})
        return linked, unlinked

    def gone_clause(self, lang: str = "zh") -> str:
        """The end of the accounting line: the lines not in this version, kept or removed."""
        i = 1 if lang == "en" else 0
        if self.period and not self.removed:
            return vocab.fill(vocab.IMPORT_LINES["period_none"][i], first=self.period[0], last=self.period[1])
        if self.removed and self.dry_run:
            kind = f"{self.kind}_period_to_remove" if self.period else f"{self.kind}_to_remove"
            return vocab.fill(
                vocab.IMPORT_LINES[kind][i],
                n=self.removed,
                first=self.period and self.period[0],
                last=self.period and self.period[1],
            )
        if self.removed:
            kind = f"{self.kind}_period_removed" if self.period else f"{self.kind}_removed"
            removed = vocab.fill(
                vocab.IMPORT_LINES[kind][i],
                n=self.removed,
                first=self.period and self.period[0],
                last=self.period and self.period[1],
            )
            logged = "removed_logged"
            if self.removed_unlinked:
                logged = (
                    "removed_unlogged" if self.removed_unlinked == self.removed else "removed_some_unlogged"
                )
            return removed + vocab.fill(vocab.IMPORT_LINES[logged][i], n=self.removed_unlinked)
        if self.not_in_file:
            return vocab.fill(vocab.IMPORT_LINES[f"{self.kind}_not_in_file"][i], n=self.not_in_file)
        return ""

    def gone_lines(self, lang: str = "zh") -> list[str]:
        """One line per line removed (to be removed under dry_run), then one per line replace kept
        because another imported file still holds it."""
        text = vocab.IMPORT_LINES["line_to_remove" if self.dry_run else "line_removed"][lang == "en"]
        out = [
            vocab.fill(text, customer=g.customer, line=g.text, row=g.row) for g in self.gone if self.removed
        ]
        held = vocab.IMPORT_LINES["line_held"][lang == "en"]
        return out + [
            vocab.fill(held, customer=g.customer, line=g.text, row=g.row, other=g.other) for g in self.held
        ]

    def gone_accounting(self) -> dict[str, int]:
        return {
            f"{self.kind}_not_in_file": self.not_in_file,
            f"{self.kind}_removed": self.removed,
            f"{self.kind}_held_elsewhere": self.held_elsewhere,
            f"{self.kind}_of_other_managers_kept": sum(self.spared.values()),
            f"{self.kind}_unowned_kept": self.spared_unowned,
            **self.seen_accounting(),
        }


class OrdersImportResult(DatedLinesResult):
    kind: str = "orders"
    orders: int = 0
    orders_new: int = 0
    orders_updated: int = 0
    orders_unchanged: int = 0
    not_v: int = 0  # linked companies with orders whose tier is not V

    def _counts_line(self, lang: str) -> str:
        return vocab.fill(
            vocab.IMPORT_LINES["orders"][1 if lang == "en" else 0],
            rows=self.rows_read,
            orders=self.orders,
            new=self.orders_new,
            updated=self.orders_updated,
            unchanged=self.orders_unchanged,
            rejected=self.rejected,
            linked=self.linked,
            customers_linked=self.customers_linked,
            unlinked=self.unlinked,
            customers_unlinked=self.customers_unlinked,
            problems=self.problems,
        )

    def accounting(self) -> dict[str, int]:
        keys = (
            "rows_read",
            "blank_rows",
            "orders",
            "orders_new",
            "orders_updated",
            "orders_unchanged",
            "rejected",
            "linked",
            "unlinked",
            "customers_linked",
            "customers_unlinked",
            "not_v",
            "problems",
        )
        return {k: getattr(self, k) for k in keys} | self.gone_accounting()


def prepare_orders(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    book: RawBook | None = None,
    progress: Progress | None = None,
) -> PreparedOrders:
    """Read and clean an orders file; rows with no customer, date or amount are rejected."""
    step = progress or (lambda _stage: None)
    step("read")
    book = book or read_book(path, encoding=encoding, max_size=max_size)
    layout = detect_layout(book, sheet=sheet, header_row=header_row, mapping=mapping, kind="orders")
    step("normalise")
    return build_orders(book, layout)


@dataclass
class DatedAmounts:
    """A sheet of dated amounts (orders, payments) read and checked row by row."""

    rows: list[list]
    excel_rows: list[int]
    blank: int
    log: ProblemLog
    names: list[str]  # the customer as written (folded)
    keys: list[str]  # the customer's normalised name
    accepted: list[tuple[int, date, float]]  # (data row index, date, amount) of the rows kept

    def cells(self, layout: Layout, key: str) -> list:
        idx = layout.columns_of(key)
        return [r[idx[0]] for r in self.rows] if idx else [None] * len(self.rows)

    def texts(self, layout: Layout, key: str) -> list[str | None]:
        return [normalize.fold(normalize.cell_text(v)) or None for v in self.cells(layout, key)]


_ROWS_ZH = {"order": "订单", "payment": "回款"}  # rows_word of read_dated_amounts, in Chinese


def read_dated_amounts(
    book: RawBook,
    layout: Layout,
    date_field: str,
    what: tuple[str, str, str, str],
    rows_word: str,
    product_totals: bool = False,
) -> DatedAmounts:
    """Every data row with a customer, a readable date and a readable amount; the others are
    rejected with a problem. `what` names the date and the amount in messages (zh date, en
    date, zh amount, en amount); `rows_word` names the rows in the no-data error. `product_totals`
    (orders): 产品 = 汇总 may label a subtotal row; a payment's 产品 is a side column (a lump payment)."""
    rows, excel_rows, blank = data_rows(layout.sheet, layout)
    if not rows:
        raise LayoutError(
            f"{book.path.name}: sheet '{layout.sheet.name}' has headers (row {layout.header_row + 1}) "
            f"but no {rows_word} rows",
            zh=f"{book.path.name}：工作表“{layout.sheet.name}”有表头（第 {layout.header_row + 1} 行），"
            f"但没有{_ROWS_ZH.get(rows_word, '数据')}行",
        )
    log = ProblemLog(book.path.name, layout.sheet.name, layout, layout.problems)
    table = DatedAmounts(rows, excel_rows, blank, log, [], [], [])
    table.names = [normalize.fold(normalize.cell_text(v)) for v in table.cells(layout, "company")]
    table.keys = normalize.folded_keys(table.names)
    header = next(c.header for c in layout.columns if c.field == "amount")
    unit, titled = money_unit(layout, header)
    date_zh, date_en, amount_zh, amount_en = what
    if titled:  # 2026年订单明细（金额单位：万元） over a bare 金额: applied, and said
        zh, en = vocab.problem_text(
            "title-unit", header=header, title=titled[1], factor=titled[0], what=(amount_zh, amount_en)
        )
        log.add("title-unit", titled[2] + 1, "amount", titled[1], zh, en)
    names = table.names
    placeholders = normalize.placeholder_keys(table.keys)  # 不详, N/A, 12345 …: no customer either
    company = layout.columns_of("company")
    notes = [c.index for c in layout.columns if _is_note_header(c.header)]
    numbers = layout.columns_of("order_no")
    labels = _label_columns(layout, bool(numbers) or not product_totals)
    # What a line has and a 汇总 row may lack: its customer and date; under an order's 产品 also its order
    # number (an ERP's 产品 = 汇总 subtotal row repeats the customer and date), never under 开票方式/结算方式/
    # 备注, where 汇总 is a line's value and many lines of an order carry no number.
    needed = company + layout.columns_of(date_field)
    products = (
        [c.index for c in layout.columns if c.field in vocab.TOTAL_LABEL_FIELDS] if product_totals else []
    )
    totals = line_total_rows(
        names,
        rows,
        company[0] if company else None,
        notes,
        labels,
        needed,
        table.keys,
        own=numbers,
        needed_under={j: needed + numbers for j in products} if numbers else None,
    )  # 合计, 小计
    dates, amounts = table.cells(layout, date_field), table.cells(layout, "amount")
    for n in _lone_day_lines(totals, products, table.keys, dates, book.date1904):
        del totals[n]
    what_rows = (_ROWS_ZH.get(rows_word, "数据"), f"{'an' if rows_word[0] in 'aeiou' else 'a'} {rows_word}")
    for n, (date_cell, amount_cell) in enumerate(zip(dates, amounts, strict=True)):
        row = excel_rows[n]
        if n in totals:  # the column the total word is in: the customer's, 产品's, 备注's …
            j, text = totals[n]
            zh, en = vocab.problem_text("subtotal-row", v=text, what=what_rows)
            log.add("no-company", row, "company" if j is None else column_letter(j), text, zh, en)
            continue
        if not table.keys[n] or table.keys[n] in placeholders:
            why = "placeholder-customer" if table.keys[n] else "no-customer"
            zh, en = vocab.PROBLEM_MESSAGES[why]
            log.add("no-company", row, "company", names[n], zh.format(v=names[n]), en.format(v=names[n]))
            continue
        day = normalize.parse_date(date_cell, book.date1904)
        if day is None:
            text = normalize.cell_text(date_cell)
            why = "bad-date" if text.strip() else _blank_why(layout, row, date_field, "blank-date")
            zh, en = vocab.problem_text(why, name=names[n], what=(date_zh, date_en), v=text)
            log.add("bad-date", row, date_field, text, zh, en)
            continue
        amount, own = normalize.read_amount(amount_cell, unit)
        if amount is None:
            text = normalize.cell_text(amount_cell)
            why = "bad-amount" if text.strip() else _blank_why(layout, row, "amount", "blank-amount")
            zh, en = vocab.problem_text(why, name=names[n], what=(amount_zh, amount_en), v=text)
            log.add("bad-amount", row, "amount", text, zh, en)
            continue
        if own is not None and unit != 1 and own != unit:  # ¥3,000 under 金额(万元): as the cell says, said
            text = normalize.cell_text(amount_cell)
            bare = amount / own * unit
            zh, en = vocab.problem_text(
                "own-unit",
                name=names[n],
                what=(amount_zh, amount_en),
                v=text,
                header=header,
                yuan=amount,
                bare=bare,
            )
            log.add("own-unit", row, "amount", text, zh, en)
        table.accepted.append((n, day, amount))
    return table


def money_unit(layout: Layout, header: str) -> tuple[float, tuple[float, str, int] | None]:
    """The unit a money column's numbers are in: its header's (金额（万元）), else a title row's above the
    header (2026年订单明细（金额单位：万元）, then also returned to be said), else yuan."""
    own = normalize.named_unit(header)
    if own is not None:
        return own, None
    titled = normalize.title_unit(layout.sheet.rows[: max(layout.header_row - layout.header_rows + 1, 0)])
    return (titled[0], titled) if titled else (1.0, None)


def _blank_why(layout: Layout, excel_row: int, field: str, blank: str) -> str:
    """Why a cell that reads blank is no date or amount: a formula the file keeps without its result
    (formula-no-result: open and save it in Excel or WPS), else `blank`."""
    idx = layout.columns_of(field)
    return "formula-no-result" if idx and (excel_row - 1, idx[0]) in layout.sheet.unsaved else blank


def build_orders(book: RawBook, layout: Layout) -> PreparedOrders:
    t = read_dated_amounts(book, layout, "order_date", ("日期", "date", "金额", "amount"), "order", True)
    products, numbers = t.texts(layout, "product"), t.texts(layout, "order_no")
    quantities = [normalize.parse_amount(v) for v in t.cells(layout, "quantity")]
    paid_cells, owed_cells = _money_column(layout, t, "paid"), _money_column(layout, t, "owed")
    kinds = _line_kinds(layout, t.rows)
    lines: list[OrderLine] = []
    seen: Counter = Counter()
    for n, day, amount in t.accepted:
        if _unread_money(t, layout, {"paid": paid_cells, "owed": owed_cells}, n):
            continue
        found = kinds.get(n) if amount > 0 else None
        if found:  # a return written unsigned (销售退货), a refunded (已退款) or closed order (交易关闭)
            code, j, header, text = found
            zh, en = vocab.problem_text(code, name=t.names[n], field=(header, header), v=text, amount=amount)
            t.log.add(code, t.excel_rows[n], column_letter(j), text, zh, en)
            amount = -amount if code == "return-line" else 0.0
        lines.append(
            OrderLine(
                _order_key(seen, t.keys[n], day.isoformat(), amount, products[n], quantities[n], numbers[n]),
                t.names[n],
                t.keys[n],
                day.isoformat(),
                amount,
                products[n],
                quantities[n],
                numbers[n],
                t.excel_rows[n],
                _paid(amount, paid_cells, owed_cells, n),
            )
        )
    _report_repeats(lines, t.log)
    return PreparedOrders(
        book,
        layout,
        lines,
        len(t.rows),
        t.blank,
        len(t.rows) - len(lines),
        t.log.items,
        pack_rows(t.rows, t.excel_rows),
    )


def _lone_day_lines(
    totals: dict[int, tuple[int | None, str]],
    products: list[int],
    keys: list[str],
    dates: list,
    date1904: bool,
) -> list[int]:
    """The rows among `totals` that 产品 = 汇总 alone made total rows but are their customer's only line
    that day: a subtotal sums lines, so such a row is a line (an ERP's consolidated-product order). Dates
    are read only of the customers of such rows."""
    rows = [n for n, (j, text) in totals.items() if j in products and keys[n] and is_label_only(text)]
    if not rows:
        return []
    wanted = {keys[n] for n in rows}
    ours = [n for n, k in enumerate(keys) if k in wanted]
    days = {n: normalize.parse_date(dates[n], date1904) for n in ours}
    lines = Counter((keys[n], days[n]) for n in ours if n not in totals)
    return [n for n in rows if days[n] is not None and not lines[keys[n], days[n]]]


def _label_columns(layout: Layout, numbered: bool) -> set[int]:
    """The columns where 汇总 alone labels a total row whatever else the row holds (records.line_total_rows):
    a first column that is no field and is headed by nothing or by 序号 (where Excel's 汇总行 writes it),
    and 产品 when the sheet has no order number (`numbered`) that would show a line of its own. Judged by
    header, not position: a first column 开票方式 or 结算方式 holds 汇总 as a line's value."""
    fields = () if numbered else vocab.TOTAL_LABEL_FIELDS
    labels = {c.index for c in layout.columns if c.field in fields}
    first = next((c for c in layout.columns if c.index == 0), None)
    words = {normalize.header_key(w) for w in vocab.TOTAL_LABEL_HEADERS}
    blank = any(p.code == "blank-header" and p.column == "A" for p in layout.problems)
    if first is not None and first.field is None and (blank or normalize.header_key(first.header) in words):
        labels.add(0)
    return labels


def _is_note_header(header: str) -> bool:
    """备注, 备注1, 备注（客服）, 订单备注, 说明, 摘要, 买家留言, Remarks: a column of notes (a header
    holding one of the note field's aliases or vocab.NOTE_HEADER_WORDS)."""
    key = normalize.header_key(header)
    words = (*vocab.FIELD_BY_KEY["note"].aliases, *vocab.NOTE_HEADER_WORDS)
    return any(normalize.header_key(a) in key for a in words)


# Each status of vocab's lists by its key, with what it makes of a line (line_kind).
_STATUS_KINDS: dict[str, str] = {
    normalize.text_key(status): code
    for code, statuses in (
        ("return-line", vocab.RETURN_STATUSES),
        ("refunded-order", vocab.REFUNDED_STATUSES),
        ("closed-order", vocab.CLOSED_STATUSES),
    )
    for status in statuses
}


def _line_kinds(layout: Layout, rows: list[list]) -> dict[int, tuple[str, int, str, str]]:
    """Row index → (line_kind's code, column, its header, the cell's text) of the lines a line-type
    column makes more than a sale. Every line-type column is read, in the sheet's order (业务类型
    普通销售 beside 单据类型 销售退货单), and the first that says more than a sale decides; each
    distinct text is read once."""
    found: dict[int, tuple[str, int, str, str]] = {}
    for column in (c for c in layout.columns if c.field == "line_type"):
        texts = [normalize.fold(normalize.cell_text(r[column.index])) or None for r in rows]
        kind_of = {v: line_kind(v) for v in set(texts) if v}
        for n, text in enumerate(texts):
            code = kind_of.get(text)
            if code and n not in found:
                found[n] = (code, column.index, column.header, text)
    return found


def line_kind(text: str | None) -> str | None:
    """What a line-type cell (单据类型, 订单状态) makes of a line with a positive amount: a return
    (`return-line`: 销售退货, 退款单, 红字), counted negative; an order refunded whole
    (`refunded-order`: 已退款, 退款成功) or closed unpaid (`closed-order`: 交易关闭, 已取消), counted at
    0; else None, a sale. Only a cell that is one of vocab's statuses as a whole says more than a
    sale: 交易成功，退款申请已取消, 不支持退货 or 已退款未退货 are the sales they are listed as."""
    if not text:
        return None
    return _STATUS_KINDS.get(normalize.text_key(text))


def _report_repeats(lines: list[OrderLine], log: ProblemLog) -> None:
    """An order number with the same product on several lines of one file (`duplicate-order`):
    each line stays an order line, as the file says, but a double export or a corrected line
    exported beside the old one would count twice, so the rows are named."""
    groups: dict[tuple[str, str], list[OrderLine]] = {}
    for line in lines:
        if line.order_no:
            groups.setdefault((line.order_no, normalize.text_key(line.product or "")), []).append(line)
        else:  # no order number: the same line (customer, day, amount, product, quantity) again
            groups.setdefault((line.order_key.split("#", 1)[0], ""), []).append(line)
    for same in groups.values():
        if len(same) < 2:
            continue
        first = same[0]
        if not first.order_no:  # the same line without order number again
            report_repeated(
                "duplicate-line", same, line_text(None, first.product, first.order_date, first.amount), log
            )
            continue
        product = (f"（{first.product}）", f" ({first.product})") if first.product else ("", "")
        zh, en = vocab.problem_text(
            "duplicate-order",
            name=first.customer,
            no=first.order_no,
            product=product,
            n=len(same),
            rows=("、".join(str(x.source_row) for x in same), ", ".join(str(x.source_row) for x in same)),
            amounts=(
                " / ".join(f"¥{x.amount:,.2f}" for x in same),
                " / ".join(f"¥{x.amount:,.2f}" for x in same),
            ),
        )
        log.add("duplicate-order", same[1].source_row, "order_no", first.order_no, zh, en)


def report_repeated(code: str, same: list, line: str, log: ProblemLog) -> None:
    """One line (`line`: line_text) on several rows of one file (`same`, order or payment lines):
    a `duplicate-line` or `duplicate-payment` problem naming the rows, at the second."""
    first = same[0]
    rows = [str(x.source_row) for x in same]
    zh, en = vocab.problem_text(
        code,
        name=first.customer,
        line=line,
        n=len(same),
        rows=(vocab.listed(rows, "zh"), vocab.listed(rows, "en")),
    )
    log.add(code, same[1].source_row, "company", first.customer, zh, en)


def _money_column(layout: Layout, t: DatedAmounts, key: str) -> list[float | None] | None:
    """A paid/owed column's amounts (blank is 0, and so is a cell that stands for nothing: 无, /, —,
    N/A, ¥ -, under 已回款 also 未付 — normalize.says_nothing; None where the cell holds something that
    is no amount: 已付清, 0.5w, a formula without its result), or None when the file has no such column."""
    idx = layout.columns_of(key)
    if not idx:
        return None
    j, unsaved = idx[0], layout.sheet.unsaved
    unit, _titled = money_unit(layout, layout.columns[j].header)
    words = vocab.NOTHING_PAID_WORDS if key == "paid" else frozenset()
    amounts = [
        None
        if (row - 1, j) in unsaved
        else 0.0
        if normalize.is_blank(r[j])
        else normalize.parse_amount(r[j], unit)
        for r, row in zip(t.rows, t.excel_rows, strict=True)
    ]
    for n, a in enumerate(amounts):  # few cells: those no amount
        if (
            a is None
            and (t.excel_rows[n] - 1, j) not in unsaved
            and normalize.says_nothing(t.rows[n][j], words)
        ):
            amounts[n] = 0.0
    return amounts


def _unread_money(t: DatedAmounts, layout: Layout, columns: dict[str, list | None], n: int) -> bool:
    """Whether row n's 已回款/未回款 cell is no amount: then the row is rejected as bad-amount under
    that column, as an unreadable 金额 is (never read as 0: it would settle or open a debt)."""
    for key, amounts in columns.items():
        if amounts is not None and amounts[n] is None:
            j = layout.columns_of(key)[0]
            header, text = layout.columns[j].header, normalize.cell_text(t.rows[n][j])
            why = "bad-amount" if text.strip() else _blank_why(layout, t.excel_rows[n], key, "bad-amount")
            zh, en = vocab.problem_text(why, name=t.names[n], what=(header, header), v=text)
            t.log.add("bad-amount", t.excel_rows[n], key, text, zh, en)
            return True
    return False


def _paid(amount: float, paid: list | None, owed: list | None, n: int) -> float | None:
    """What was paid on the line: the paid column, else amount − owed; None without either column."""
    if paid is not None:
        return paid[n]
    if owed is not None:
        return amount - owed[n]
    return None


def _order_key(seen: Counter, customer_key, day, amount, product, quantity, order_no) -> str:
    """The order number (with product and position), else a digest of the line; a line that
    repeats within the file gets its position, so two equal orders on one day stay two."""
    base = order_base(customer_key, day, amount, product, quantity, order_no)
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


def order_base(customer_key, day, amount, product, quantity, order_no, key=normalize.text_key) -> str:
    """An order line's key before its position in the file (_order_key); `key` keys the product
    (the schema 8 migration recomputes stored keys, with the keying of before it too)."""
    if order_no:
        return f"no:{order_no}|{key(product or '')}"
    content = f"{customer_key}|{day}|{amount!r}|{product or ''}|{quantity!r}"
    return "row:" + hashlib.sha1(content.encode()).hexdigest()[:20]


def place_lines(ws: Workspace, lines: list[OrderLine], source: tuple[str, str]) -> dict[str, tuple]:
    """Give each line the key of the stored line it is; returns the stored lines of those keys (key →
    (id, customer, order_date, amount, product, quantity, order_no, paid, source_file, source_sheet)).

    订单编号 + 产品 is no line's identity on its own (review r83 F2): a split delivery (分批发货) or a
    return (销售退货) posts the same order and product on another date, in another month's file. Among
    the stored lines of the same base — found by their order number and product columns, never by
    their keys' text, which a product named 插座#2 or a server's collation makes another's (review
    r85) — the one of the same date is this line (a correction in place); failing it, one this file
    (`source`: name, sheet) brought that no line of it has by date and dated within its dates, in the
    line's month (a date corrected); else the line is a new one beside them, keyed base@date (#n while
    a stored line or another line of the file has that key), which a re-import finds again by its
    columns. Without stored lines of its base a line keeps its key by position, as every key stored
    before this rule, unless a stored line of another base or another line of the file has it."""
    rows = ws.orders_by_key({line.order_key for line in lines})
    numbered = [line for line in lines if line.order_no]
    found = ws.orders_of_numbers({line.order_no for line in numbered}) if numbered else []
    products = {line.product or "" for line in numbered} | {r[6] or "" for r in found}
    product_keys = {p: normalize.text_key(p) for p in products}
    bases = {
        id(line): order_base(
            None, None, None, line.product, None, line.order_no, key=product_keys.__getitem__
        )
        for line in numbered
    }
    groups: dict[str, list[OrderLine]] = {}
    for line in numbered:
        groups.setdefault(bases[id(line)], []).append(line)
    taken, olds = set(rows), {}
    for key, row_no, *row in found:
        rows[key] = row
        taken.add(key)
        base = order_base(None, None, None, row[4], None, row[6], key=product_keys.__getitem__)
        if base in groups:
            olds.setdefault(base, []).append(
                (key, row[2], tuple(row[-2:]) == tuple(source), row_no or 0, row[0])
            )
    days = [line.order_date for line in lines]
    first, last = (min(days), max(days)) if days else ("", "")
    used = {line.order_key for line in lines if not line.order_no}
    keep, pending = [], []  # lines of a base with no stored line; lines beside their base's stored ones
    for base, here in groups.items():
        stored = olds.get(base)
        if not stored:
            keep += here
        elif len(stored) == len(here) == 1 and stored[0][:2] == (here[0].order_key, here[0].order_date):
            used.add(here[0].order_key)  # the line as stored: the common case, kept quick
        else:
            stored.sort(key=lambda o: (not o[2], o[3], o[4]))  # this file's first, by row
            placed = _placed(stored, here, first, last)
            used.update(placed.values())
            for n, line in enumerate(here):
                if n in placed:
                    line.order_key = placed[n]
                else:
                    pending.append(line)
    keep.sort(key=lambda line: line.order_key != bases[id(line)])  # 插座#2's own key before 插座's 2nd
    for line in keep:
        if line.order_key in taken or line.order_key in used:
            pending.append(line)
        else:
            used.add(line.order_key)
    for line in pending:
        key, k = f"{bases[id(line)]}@{line.order_date}", 1
        while key in taken or key in used:
            key, k = f"{bases[id(line)]}@{line.order_date}#{k + 1}", k + 1
        used.add(key)
        line.order_key = key
    return {line.order_key: tuple(rows[line.order_key]) for line in lines if line.order_key in rows}


def _placed(stored: list[tuple], here: list[OrderLine], first: str, last: str) -> dict[int, str]:
    """Which of `stored` (key, date, of this file, …) each of `here` (lines of one base) is, by
    position: the same date first; then a line of this file dated within first..last, in the line's
    month (a date corrected; a rolling export's line of another month is another delivery)."""
    placed: dict[int, str] = {}
    for n, line in enumerate(here):
        fits = (o[0] for o in stored if o[1] == line.order_date and o[0] not in placed.values())
        if (key := next(fits, None)) is not None:
            placed[n] = key
    for n, line in enumerate(here if len(placed) < len(here) else []):
        month = line.order_date[:7]
        fits = (o[0] for o in stored if o[2] and first <= o[1] <= last and o[1][:7] == month)
        if n not in placed and (key := next((k for k in fits if k not in placed.values()), None)) is not None:
            placed[n] = key
    return placed


def import_orders(
    ws: Workspace,
    prepared: PreparedOrders,
    *,
    dry_run: bool = False,
    replace: bool = False,
    replace_period: bool = False,
    owner: str | None = None,
) -> OrdersImportResult:
    """Write prepared orders in one transaction (rolled back with dry_run). `replace_period`: the
    file is the truth for its dates — the lines of files imported before it dated within its first..
    last date that it has not are removed too (overlapping_lines), as `replace` removes its own.
    `owner` (--manager): neither removal touches a line of a firm another manager owns (spare_others).

    The lines an earlier import of the same file (name and sheet: importer.version_source) brought
    that this version has not are kept and reported (`order-not-in-file`), a deleted row erasing
    nothing; with `replace` they are removed, each removal written to its company's history."""
    book, layout, lines = prepared.book, prepared.layout, prepared.lines
    result = OrdersImportResult.of_table(
        book,
        layout,
        rows_read=prepared.rows_read,
        blank_rows=prepared.blank_rows,
        rejected=prepared.rejected,
        orders=len(lines),
        dry_run=dry_run,
    )
    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        links = ws.company_ids_by_key(line.customer_key for line in lines)
        stored = place_lines(ws, lines, version_source(result))
        seen_files = set(ws.import_shas().values())
        keys = [line.order_key for line in lines]
        view = [dated_view(line) for line in lines]
        gone, held, import_id, others, replace = record_version(
            ws, result, book, layout, prepared.raw_rows, keys, stored, view, replace, replace_period, owner
        )
        tail = (import_id, result.file, result.sheet)
        new, updates, changed = [], [], []
        for line in lines:
            cid = links.get(line.customer_key)
            old = stored.get(line.order_key)
            data = (line.customer, line.order_date, line.amount, line.product, line.quantity, line.order_no)
            if old is None:
                new.append(
                    (line.order_key, cid, line.customer, line.customer_key, line.order_date, line.amount)
                    + (line.product, line.quantity, line.order_no, *tail, line.source_row, line.paid)
                )
            elif tuple(old[1:7]) != data or (line.paid is not None and old[7] != line.paid):
                updates.append(
                    (cid, line.customer, line.customer_key, line.order_date, line.amount, line.product)
                    + (line.quantity, *tail, line.source_row, line.paid, old[0])
                )
                changed.append((cid, line.source_row, old[1], (old[6], old[4], old[2], old[3]), line))
        if result.imported_before:
            result.kept_since = len(new) + len(updates)
            new, updates = [], []
        ws.insert_orders(new)
        ws.update_orders(updates)
        if updates:
            ws.add_history(changed_history(result, import_id, changed))
        result.orders_new, result.orders_updated = len(new), len(updates)
        result.orders_unchanged = result.orders - len(new) - len(updates)

        log = ProblemLog(result.file, result.sheet, layout, prepared.problems)
        _linked, unlinked = result.count_links(lines, links)
        report_unlinked(ws, unlinked, log)
        not_in_file(ws, gone, held, result, log, import_id, replace)
        if not result.period:
            report_overlaps(log, result, view, others)
        ws.replace_problems(result.file, result.sheet, import_id, stored_problems(result, log.items))
        recheck_conflicts(ws, result.kind, import_id)  # those naming a line removed or changed
        not_v = recheck_not_v(ws).get((result.file, result.sheet), [])  # every file's, this one's too
        result.not_v = len(not_v)

        problems = log.items + not_v
        result.problems = len(problems)
        result.problem_counts = dict(Counter(p.code for p in problems))
        if not (new or updates or result.removed or result.held):
            result.nothing_changed = True
            if (
                not dry_run
                and nothing_to_keep(book.sha256, seen_files, problems)
                and not holds_others(stored, result)
            ):
                raise _NothingToDo(result)
        ws.set_import_summary(import_id, result.accounting())
    return result


def record_version(
    ws: Workspace,
    result: DatedLinesResult,
    book: RawBook,
    layout: Layout,
    raw_rows: bytes,
    keys: list[str],
    stored: dict[str, tuple],
    view: list[tuple],
    replace: bool,
    replace_period: bool,
    owner: str | None = None,
) -> tuple[list, list, int, list, bool]:
    """Record an orders or payments import and place it among the file's versions: the lines of an
    earlier version of this very file it lacks (gone, or held by another file), whether its content
    was imported before (then it changes nothing stored: what a later file corrected, or --replace
    removed, since then stays; README: imported before), and the other files' lines within its
    dates that it lacks. Those of its own earlier version are order-not-in-file's and --replace's,
    never conflicting-line; with --replace-period the file is the truth for its dates, so the
    others go too. With `owner` (--manager) neither removes a line but of the manager's own firms
    (spare_others): on a workspace a team shares, one manager's file is not the truth for a
    colleague's customers, nor for lines whose firm has no manager or is not linked yet. Returns (gone, held, import id, others, replace)."""
    gone, held = lines_not_in_file(ws, result, book.path, keys, stored, [v[3] for v in view])
    result.imported_before = earlier_import(ws, book, layout, result.kind)
    import_id = record_import(ws, book, layout, f"{result.kind}:{book.kind}", raw_rows)
    others = overlapping_lines(ws, result, view, import_id)
    known = {g[0] for g in gone} | {h[0][0] for h in held}
    others = [o for o in others if o[0] not in known]
    if replace_period and view:
        result.period = (min(v[3] for v in view), max(v[3] for v in view))
        gone, replace = gone + [o[:9] for o in others], True
    if replace and owner and owner.strip():
        gone = spare_others(ws, result, gone, owner.strip())
    return gone, held, import_id, others, replace


def spare_others(ws: Workspace, result: DatedLinesResult, gone: list[tuple], owner: str) -> list[tuple]:
    """The lines of `gone` (each with its company id second) that `owner` may remove: of their own
    firms only. Those of other managers' firms stay, counted by manager in result.spared; those linked
    to none or of a firm without a manager stay too (a colleague's import may have brought them: the
    import records no manager), counted in result.spared_unowned."""
    owners = ws.owners_of(g[1] for g in gone if g[1] is not None)
    whose = [owners.get(g[1]) if g[1] is not None else None for g in gone]
    result.owner = owner
    result.spared = dict(Counter(w for w in whose if w is not None and w != owner))
    result.spared_unowned = sum(w is None for w in whose)
    return [g for g, w in zip(gone, whose, strict=True) if w == owner]


def stored_problems(result: DatedLinesResult, problems: list) -> list:
    """The problems an orders or payments import keeps for `regiontool problems`: its own, but none for
    a copy under another name of a file imported before (result.imported_before, the same sheet): it
    brought nothing, its problems are those of the file that first brought its content, listed under
    it, so each is listed once (as with a copied contact sheet, which writes nothing) — also when the
    copy is imported again."""
    before = result.imported_before
    return [] if before and before["first_file"] != result.file else problems


def holds_others(stored: dict[str, tuple], result: DatedLinesResult) -> bool:
    """Whether this file has lines stored from another file (`stored`: key → a tuple ending with
    source file and sheet). A new file that adds nothing keeps its import record then: it is how
    `import --replace` of that other file knows the lines are still held (lines_not_in_file)."""
    return any(old[-2:] != (result.file, result.sheet) for old in stored.values())


def changed_history(result: DatedLinesResult, import_id: int, changed: list[tuple]) -> list[tuple]:
    """History rows of the lines a new version of a file changed (review r79 F3): (company id, row,
    customer as it was, (order no, product, day, amount) as they were, the line now) → one row per line
    whose text or customer differs (a 已回款 changed alone is none), the file as the source."""
    field = vocab.GONE_WORDS[result.kind].changed
    rows = []
    for cid, row, customer, (order_no, product, day, amount), line in changed:
        was = line_text(order_no, product, day, amount)
        now = line_text(line.order_no, line.product, dated_view(line)[3], line.amount)
        if customer != line.customer:
            was, now = f"{customer} · {was}", f"{line.customer} · {now}"
        if was != now:
            rows.append((cid, None, f"{field}{row}", was, now, result.file, import_id))
    return rows


def line_text(order_no: str | None, product: str | None, day: str, amount: float) -> str:
    """An order line or a payment in a history entry or a message, the same in every language:
    A1 · ERP · 2026-03-05 · ¥28,000.00."""
    return " · ".join(x for x in (order_no, product, day, f"¥{amount:,.2f}") if x)


def lines_not_in_file(
    ws: Workspace,
    result: DatedLinesResult,
    path: Path,
    keys: list[str],
    stored: dict[str, tuple],
    days: list[str],
) -> tuple[list[tuple], list[tuple]]:
    """The stored lines of `result.kind` that an earlier version of its file brought and this
    version has not, as ws.lines_not_in gives them. Each earlier import of the same file name is
    weighed on its own, never pooled: a version of this one when, from the same folder and sheet,
    this one has SAME_FILE_SHARE of the lines it held or SAME_FILE_SHARE of this one's lines are
    among them (a file shrunk on purpose, a rolling export; another month's file saved under that
    name repeating a line posted late is not: review r83 F1), or from another folder or sheet, this
    one has NEW_VERSION_SHARE of them — its lines those it held, stored as its own or as another
    import's. A line of it dated before this version's first date, when this version reaches past
    its last date (an export window moved on), or after this version's last date, when this version
    begins before it (moved back), left the window: it was not deleted. An import that stored no line of its own
    (ws.imports_adding_nothing) held its stored lines for another file whose --replace kept them on
    its account: this file, from its folder and sheet, lacking them, they are in no file (review
    r82 F8). `path`: this file; `keys`: the lines of this version, `days` their dates; `stored`:
    those already stored (key → a tuple ending with source file and sheet).

    Returns (gone, held), each line as (id, company_id, customer, date, amount, product, order_no,
    row), the row its latest earlier version had it on: `gone` the lines no imported file holds any
    more; `held` those another imported file (not a version of this one) still holds — kept, never
    removed — each with (import id, file name, sheet, row, file as shown: its name, or its path when
    it has this file's name) of that file's latest import."""
    from .importer import NEW_VERSION_SHARE

    name, sheet = version_source(result)
    found = sum(1 for old in stored.values() if old[-2] == name)
    this_file = str(Path(path).resolve())  # also where an import of it is relative to the workspace
    earlier = ws.lines_not_in(result.kind, name, keys, found, here=this_file)
    if not earlier:
        return [], []
    imports = ws.line_imports(result.kind, here=this_file)
    # each earlier import of this name → [(path, sheet), lines stored as its own, of them here]; one
    # that brought nothing new (the same file again, a shorter one) has none stored as its own
    own: dict[int, list] = {i: [(p, s), 0, 0] for i, p, f, s in imports if f == name}
    for *_, import_id, line_path, line_sheet, kept in earlier:
        counts = own.setdefault(import_id, [(line_path, line_sheet), 0, 0])
        counts[1] += 1
        counts[2] += kept
    here = (this_file, sheet)
    held_by = _ImportedLines(ws, result.kind)
    this = set(keys)
    missing = {row[8]: row[9] for row in earlier if not row[12]}  # key → its import: not in this file
    day_of = {row[8]: row[3] for row in earlier} | dict(zip(keys, days, strict=True))
    span = (min(days), max(days)) if days else None
    holding = ws.imports_adding_nothing(result.kind, name)
    lost_keys: set[str] = set()
    versions: set[int] = set()
    for i, (source, total, kept) in own.items():
        same = source == here
        if same and i in holding and total > kept:
            versions.add(i)  # its lines were another file's, kept on its account: this one lacks them
            lost_keys.update(k for k, j in missing.items() if j == i)
            continue
        most = len(stored) - kept  # at most so many more of its lines are here, stored as another's
        if not _enough(kept + most, total + most, same, len(this)) or (not total and not most):
            continue
        if total and _enough(kept, total, same, len(this)) and all(j == i for j in missing.values()):
            held = {row[8] for row in earlier if row[9] == i}  # no need to read it
        else:
            # the lines it held that another import brought first (or last changed) are stored as
            # that import's: read again from its original cells (none kept: its own stored lines only)
            held = set(held_by.rows(i, name, source[1])) or {row[8] for row in earlier if row[9] == i}
            if not (held and _enough(sum(k in this for k in held), len(held), same, len(this))):
                continue
        versions.add(i)
        its = [day_of[k] for k in held if k in day_of]
        lost_keys.update(k for k in held if k in missing and not _left_window(day_of[k], span, its))
    lost = [row for row in earlier if row[8] in lost_keys]
    if not lost:
        return [], []
    # the row of each line in the latest earlier version that held it (a later one than its own import)
    latest_row = {}
    versions_new_first = [i for i, *_ in reversed(imports) if i in versions]
    for row in lost:
        for i in versions_new_first:
            if i <= row[9]:
                break
            if (at := held_by.rows(i, name, own[i][0][1]).get(row[8])) is not None:
                latest_row[row[0]] = at
                break
    # the other files: the latest import of each file and sheet that is not a version of this one
    latest: dict[tuple[str, str], tuple[int, str, str]] = {}
    for i, p, f, s in imports:
        latest[(p, s)] = (i, f, s)
    others = []
    for source, (i, f, s) in sorted(latest.items(), key=lambda item: -item[1][0]):
        if source == here or (f == name and i in versions):
            continue
        if f == name:  # a version whose lines later ones all brought again: most of its lines are here
            held = held_by.rows(i, f, s)
            if held and sum(k in this for k in held) >= NEW_VERSION_SHARE * len(held):
                continue
        others.append((i, source[0] if f == name else f, f, s))
    gone, held_lines = [], []
    for row in lost:
        line = (*row[:7], latest_row.get(row[0], row[7]))
        holder = next(
            ((i, f, s, at, shown) for i, shown, f, s in others if (at := held_by.rows(i, f, s).get(row[8]))),
            None,
        )
        if holder:
            held_lines.append((line, *holder))
        else:
            gone.append(line)
    return gone, held_lines


def _enough(here: int, of: int, same: bool, lines: int) -> bool:
    """Whether a file of `lines` lines that has `here` of the `of` lines an earlier import held is a
    version of it: from the same folder and sheet when `here` is SAME_FILE_SHARE of either (one line
    posted late, repeated in next month's file, is neither), from another NEW_VERSION_SHARE of `of`
    (README: a new version of a file)."""
    from .importer import NEW_VERSION_SHARE, SAME_FILE_SHARE

    if not same:
        return here >= NEW_VERSION_SHARE * of
    return here >= 1 and here >= SAME_FILE_SHARE * min(of, lines)


def _left_window(day: str, span: tuple[str, str] | None, its: list[str]) -> bool:
    """Whether a line dated `day` of an earlier version (its lines' dates `its`) that this version
    (first and last date `span`) has not left an export's window rather than being deleted: it is
    dated before this version's first date and this version reaches past the earlier one's last
    date (Jan+Feb, then Feb+Mar), or after its last date and this version begins before the earlier
    one (an older window saved over a newer one)."""
    if span is None or not its:
        return False
    first, last = span
    return (day < first and last > max(its)) or (day > last and first < min(its))


def overlapping_lines(
    ws: Workspace, result: DatedLinesResult, lines: list[tuple], import_id: int
) -> list[tuple]:
    """The stored lines of `result.kind` that files imported before this one brought, dated within
    this file's first..last date, that this file has not (`lines`: its lines as dated_view gives
    them) and no file first imported since still holds — what `import --replace-period` removes, this file
    being the truth for its dates. "Before": before the first import of this content, so importing
    an older export again never takes away what a later one brought. Each as (id, company_id,
    customer, date, amount, product, order_no, row, file, key, customer_key)."""
    if not lines:
        return []
    keys = {line[0] for line in lines}
    days = [line[3] for line in lines]
    before = result.imported_before
    cutoff = before["first_id"] if before else import_id
    stored = [
        (*r[:8], r[10], r[8], r[11])
        for r in ws.lines_dated(result.kind, min(days), max(days))
        if r[8] not in keys and r[9] is not None and r[9] < cutoff
    ]
    since = [(i, f, s) for i, f, s in ws.first_imports_since(result.kind, cutoff) if i != import_id]
    if stored and since:
        held_by = _ImportedLines(ws, result.kind)
        stored = [r for r in stored if not any(r[9] in held_by.rows(i, f, s) for i, f, s in since)]
    return stored


def dated_view(line) -> tuple:
    """An order line or a payment as (key, customer, customer_key, date, amount, product, order_no, row)."""
    if hasattr(line, "order_key"):
        return (line.order_key, line.customer, line.customer_key, line.order_date, line.amount) + (
            line.product,
            line.order_no,
            line.source_row,
        )
    return (line.payment_key, line.customer, line.customer_key, line.pay_date, line.amount) + (
        line.product,
        line.order_no,
        line.source_row,
    )


def _differs(kind: str, line: tuple, old: tuple) -> str | None:
    """What makes `old` (a stored line of another file, not in this one, of the same date) the line
    `line` corrects: 'amount', 'product' or 'customer' (vocab.CONFLICT_WHAT); None if it is not one."""
    _key, _customer, ckey, _day, amount, product, order_no, _row = line
    same_product = normalize.text_key(product or "") == normalize.text_key(old[5] or "")
    same_no = (order_no or None) == (old[6] or None)
    if kind == "payments":
        return "amount" if same_no and ckey == old[10] and same_product and amount != old[4] else None
    if order_no:  # identity is number + product: the same number with another product
        return "product" if same_no and not same_product else None
    if old[6] or not same_product:
        return None
    if ckey == old[10]:
        return "amount" if amount != old[4] else None
    return "customer" if amount == old[4] and product else None


def report_overlaps(
    log: ProblemLog, result: DatedLinesResult, lines: list[tuple], others: list[tuple]
) -> None:
    """A `conflicting-line` problem for each line of this file that looks like a correction of a
    line another file brought (`others`, overlapping_lines): the same date and customer (and product
    or order number) with another amount or product, or the same line under another customer. Both
    are counted until `import --replace-period` (the message says so) removes the other."""
    by_day: dict[str, list[tuple]] = {}
    for old in others:
        by_day.setdefault(old[3], []).append(old)
    used: set[int] = set()
    for line in lines:
        for old in by_day.get(line[3], ()):
            what = old[0] not in used and _differs(result.kind, line, old)
            if not what:
                continue
            used.add(old[0])
            zh, en = _conflict_text(result.kind, result.file, line, old, what)
            column = "order_no" if line[6] and log.layout.columns_of("order_no") else "company"
            log.add("conflicting-line", line[7], column, line[6] or line[1], zh, en)
            break


def _conflict_text(kind: str, file: str, line: tuple, old: tuple, what: str) -> tuple[str, str]:
    """The conflicting-line message (zh, en) of `line` (dated_view) of `file` against `old`
    (overlapping_lines), differing in `what` (_differs)."""
    return vocab.problem_text(
        f"conflicting-{kind}",
        name=line[1],
        line=line_text(line[6], line[5], line[3], line[4]),
        other=old[8],
        other_row=old[7],
        other_name=old[2],
        other_line=line_text(old[6], old[5], old[3], old[4]),
        what=vocab.CONFLICT_WHAT[what],
        file=file,
    )


def recheck_conflicts(ws: Workspace, kind: str, import_id: int) -> None:
    """The `conflicting-line` problems of `kind` (any file's) derived again from the stored lines:
    each is kept where the stored lines, as they are now, give its message again; where the old
    line it names was removed (--replace, --replace-period) or changed but its own line still
    conflicts with another file's line of that day, it names that line, as a fresh import of the
    stored lines would; else it goes (its own line is no longer that file's row, or nothing
    conflicts). A pair of lines is named once, as after a fresh import: where two problems name the
    same two lines (a corrected file imported with --replace raises the pair against a line whose own
    problem, re-worded, now names it), the latest is kept — that of `import_id` when it is one. The
    summaries of the imports that lose some count what `problems` lists, but that of `import_id`,
    the import being written, which stores its own."""
    stored = ws.conflict_problems(kind)
    if not stored:
        return
    drop, touched = [], set()
    pairs: dict[frozenset, tuple[int, int]] = {}  # the two lines' ids → (id, import) of the latest problem
    for pid, owner, file, sheet, row, message in stored:
        holds, again, pair = False, None, None
        for r in ws.lines_at(kind, file, sheet, row):
            line = (r[8], r[2], r[11], r[3], r[4], r[5], r[6], r[7])
            olds = [(*o[:8], o[10], o[8], o[11]) for o in ws.lines_dated(kind, r[3], r[3]) if o[0] != r[0]]
            for old in olds:
                what = _differs(kind, line, old)
                if not what:
                    continue
                text = _conflict_text(kind, file, line, old, what)
                if text[0] == message:
                    holds, pair = True, frozenset((r[0], old[0]))
                    break
                if again is None and old[8] != file:  # never against the file's own earlier version
                    again, again_pair = text, frozenset((r[0], old[0]))
            if holds:
                break
        if not holds and again is None:
            drop.append(pid)
            touched.add(owner)
            continue
        if not holds:
            ws.set_problem_message(pid, *again)
            pair = again_pair
        if pair in pairs:  # ids ascend: this one is the later
            earlier, earlier_owner = pairs[pair]
            drop.append(earlier)
            touched.add(earlier_owner)
        pairs[pair] = (pid, owner)
    ws.delete_problems(drop)
    for i in touched - {import_id, None}:
        ws.recount_import_problems(i)


class _ImportedLines:
    """The lines each earlier import of an orders or payments file held — key → its row — read
    again, on demand and once, from the original cells the workspace keeps of it (the import's
    packed rows, headers and mapping): the workspace stores a line once, with the last file that
    brought or changed it, so which other files still hold it is known from their rows."""

    def __init__(self, ws: Workspace, kind: str):
        self.ws, self.kind = ws, kind
        self.read: dict[int, dict[str, int]] = {}

    def rows(self, import_id: int, name: str, sheet: str) -> dict[str, int]:
        if import_id not in self.read:
            self.read[import_id] = self._read(import_id, name, sheet)
        return self.read[import_id]

    def _read(self, import_id: int, name: str, sheet: str) -> dict[str, int]:
        from .io.layout import Column
        from .io.read import RawSheet
        from .records import unpack_rows

        headers, mapping, packed = self.ws.import_table(import_id)
        if not packed:
            return {}
        excel_rows, rows = unpack_rows(packed)
        if not rows:
            return {}
        table = RawSheet(sheet, [list(headers), *rows])
        layout = Layout(table, 0, [Column(i, h, mapping.get(h)) for i, h in enumerate(headers)])
        book = RawBook(Path(name), "", [table])
        if self.kind == "payments":
            from .payments import build_payments

            lines = [(line.payment_key, line.source_row) for line in build_payments(book, layout).lines]
        else:
            read = build_orders(book, layout).lines
            place_lines(self.ws, read, (name, sheet))  # keyed as the stored lines they are (review r83 F2)
            lines = [(line.order_key, line.source_row) for line in read]
        return {key: excel_rows[row - 2] for key, row in lines}  # row 1 of `table` is the header


def not_in_file(
    ws: Workspace,
    gone: list[tuple],
    held: list[tuple],
    result: DatedLinesResult,
    log: ProblemLog,
    import_id: int,
    replace: bool,
) -> None:
    """The stored lines of an earlier version of the file that this one has not (`gone`, `held`,
    from lines_not_in_file): removed with `replace` (each in its company's history, the row in the
    field, the file as the source), else kept with one problem each (order-not-in-file,
    payment-not-in-file: vocab.GONE_WORDS). A line another imported file still holds (`held`) is
    never removed: with `replace` it becomes that file's line (its source and row) and is listed as
    kept, else its problem names that file."""
    words = vocab.GONE_WORDS[result.kind]
    result.not_in_file, result.held_elsewhere = len(gone), len(held)
    result.gone = [  # a line of another file (--replace-period: overlapping_lines) names that file
        GoneLine(customer=g[2], row=g[7], text=" · ".join((line_text(g[6], g[5], g[3], g[4]), *g[8:])))
        for g in gone
    ]
    kept = [
        GoneLine(customer=g[2], row=g[7], text=line_text(g[6], g[5], g[3], g[4]), other=other)
        for g, *_, other in held
    ]
    if replace:
        result.held = kept
        ws.move_lines(result.kind, [(i, f, s, at, g[0]) for g, i, f, s, at, _ in held])
    if replace and gone:
        ws.delete_lines(result.kind, [g[0] for g in gone])
        ws.add_history(
            [
                (g[1], None, f"{words.field}{x.row}", x.text, None, result.file, import_id)
                for g, x in zip(gone, result.gone, strict=True)
            ]
        )
        result.removed = len(gone)
        result.removed_unlinked = sum(1 for g in gone if g[1] is None)
    if replace:
        return
    for g, x in zip(gone, result.gone, strict=True):
        _report_gone(log, words.problem, g, x, file=result.file)
    for g, x in zip([h[0] for h in held], kept, strict=True):
        _report_gone(log, words.held, g, x, file=result.file, other=x.other, code=words.problem)


def _report_gone(log: ProblemLog, message: str, g: tuple, x: GoneLine, code: str = "", **values) -> None:
    zh, en = vocab.problem_text(message, name=x.customer, line=x.text, row=x.row, **values)
    if g[6] and log.layout.columns_of("order_no"):
        log.add(code or message, x.row, "order_no", g[6], zh, en)
    else:  # a line without order number: named by its customer
        log.add(code or message, x.row, "company", x.customer, zh, en)


def report_unlinked(ws: Workspace, unlinked: list, log: ProblemLog, code: str = "unlinked-order") -> None:
    """One problem per unlinked order line or payment (`code`), naming the companies it
    resembles (never linked)."""
    texts = unlinked_texts(ws, [(line.customer_key, line.customer) for line in unlinked], code)
    for line, (zh, en) in zip(unlinked, texts, strict=True):
        log.add(code, line.source_row, "company", line.customer, zh, en)


def unlinked_texts(ws: Workspace, names: list[tuple[str, str]], code: str) -> list[tuple[str, str]]:
    """The (zh, en) message of the `code` problem of each unlinked (customer key, customer as written):
    the companies it resembles, a ready `link` to the first unless they tie. Also the schema 8
    migration's (store.rekey), for the lines it unlinks."""
    if not names:
        return []
    places = place_names(ws.sample_addresses())
    candidates = similar_companies(dict(names), ws.all_company_names(), places=places)
    out = []
    for key, customer in names:
        found = candidates.get(key, [])
        if found:
            similar = (
                "、".join(f"{n}（{s:.0f}）" for n, s in found),
                ", ".join(f"{n} ({s:.0f})" for n, s in found),
            )
            # no `link` ready for one of a tie, nor for a firm of another place (said as such: review r77 F3)
            how = "tied" if found.tied else "elsewhere" if found.elsewhere else "similar"
            here, there = found.elsewhere or ("", "")
            out.append(
                vocab.problem_text(
                    f"{code}-{how}", v=customer, similar=similar, best=found[0][0], here=here, there=there
                )
            )
        else:
            out.append(vocab.problem_text(code, v=customer))
    return out


class Candidates(list):
    """(company name, score) best first; `tied`: the first two are equal in place, rank and fuzzy score
    (ordered by name only); `elsewhere`: the first is of another place than the name's own (the two
    places' bare names, each joined by 、). In either case none is offered to `link` ready to run."""

    tied = False
    elsewhere: tuple[str, str] | None = None


def similar_companies(
    names: dict[str, str],
    companies: list[tuple[int, str, str]],
    limit: int = 3,
    cutoff: float = CANDIDATE_SCORE,
    places: list[str] | None = None,
) -> dict[str, Candidates]:
    """customer key → up to `limit` (company name, score) whose keys resemble it (rapidfuzz) with a
    score of at least `cutoff`. With `places` (the workspace's, records.place_names), a company of the
    same normalize.company_stem scores 100 too, as the contacts' possible duplicates are found
    (慈溪华峰电器厂, 华峰电器（宁波）有限公司 ~ 宁波华峰电器有限公司, whose keys score under `cutoff`);
    of those, the ones of a place the name has (慈溪华峰电器厂 → 慈溪华峰电器有限公司, not 余姚市华峰…)
    come first, then the rest by the name's own score. The first is offered ready to `link` only when no
    other ties it and its place is not another than the name's (`tied`)."""
    from rapidfuzz import fuzz, process

    if not companies:
        return {}
    keys = [k for _, _, k in companies]
    stems = [normalize.strip_legal_suffix(k) for k in keys]
    same_stem: dict[str, list[int]] = {}
    if places is not None:  # and those of the names' area: 宁波, 慈溪 with no address (review r76 F6)
        places = list(dict.fromkeys([*places, *normalize.area_places([*keys, *names])]))
        for i, k in enumerate(keys):
            same_stem.setdefault(normalize.company_stem(k, places), []).append(i)
    out: dict[str, Candidates] = {}
    for key in names:
        fuzzy: dict[int, float] = {}
        for choices, query in ((keys, key), (stems, normalize.strip_legal_suffix(key))):
            for _, score, i in process.extract(
                query, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff
            ):
                fuzzy[i] = max(fuzzy.get(i, 0.0), score)
        stemmed = same_stem.get(normalize.company_stem(key, places), []) if same_stem else []
        own = normalize.name_regions(key, places or ())
        rank = {i: (False, fuzzy.get(i, 0.0)) for i in fuzzy}
        for i in stemmed:  # the name's stem: 100, first those of its place
            rank[i] = (bool(own & normalize.name_regions(keys[i], places or ())), 100.0)
        # its place, its rank, then the fuzzy score breaking a tie: for a firm of the name's stem, of the
        # stems as written (华峰电器厂's 宁波 and 余姚 firms tie; 乾丰电器 is nearer 乾丰 than 干丰)
        near = {i: fuzzy.get(i, 0.0) for i in rank}
        own_stem = normalize.company_stem(key, places or (), kept=True)
        for i in stemmed:
            near[i] = fuzz.ratio(own_stem, normalize.company_stem(keys[i], places or (), kept=True))
        score = {i: (not rank[i][0], -rank[i][1], -near[i]) for i in rank}
        order = sorted(rank, key=lambda i: (*score[i], -fuzzy.get(i, 0.0), companies[i][1]))
        best = Candidates((companies[i][1], rank[i][1]) for i in order[:limit])
        if best:  # the first two equal but for their names: none to offer ready (review r75 F4, F7)
            best.tied = len(order) > 1 and score[order[0]] == score[order[1]]
            # nor a firm of another place than the name's own (慈溪 or 宁波 named, 余姚市's: review r76 F6)
            theirs = normalize.name_regions(keys[order[0]], places or ())
            if normalize.places_apart(own, theirs):
                best.elsewhere = ("、".join(sorted(own)), "、".join(sorted(theirs)))
            out[key] = best
    return out


def recheck_not_v(ws: Workspace) -> dict[tuple[str, str], list[Problem]]:
    """Companies with orders but a tier other than V (`tier-not-v`: the tier table is out of date),
    found again in every orders file from the tiers and links as they are now. Whatever changes a
    tier or a link (an orders or contacts import, `set --tier`, `link`) calls it in its transaction,
    so that a fixed tier loses its problem and a new one is listed: `problems`, `status` and the
    import line agree. One problem per company — the tier is the firm's, not a line's: a firm
    ordering every month is one problem, not one per monthly file — at its first line in the file
    imported last of those holding its lines, kept with that file's latest import, whose summary
    counts them (`not_v`). Returns them by (file, sheet)."""
    imports = {
        (i["file_name"], i["sheet"]): i for i in ws.imports() if vocab.import_table(i["kind"]) == "orders"
    }

    def order(file: str, sheet: str, row: int | None) -> tuple[int, int]:  # latest file, then first row
        return -(imports.get((file, sheet)) or {}).get("id", 0), row or 0

    first: dict[int, tuple] = {}
    for file, sheet, row, customer, cid, name, tier in ws.not_v_lines():
        if cid not in first or order(file, sheet, row) < order(*first[cid][:3]):
            first[cid] = (file, sheet, row, customer, name, tier)
    found: dict[tuple[str, str], list[Problem]] = {}
    for file, sheet, row, customer, name, tier in sorted(first.values(), key=lambda t: (*t[:2], t[2] or 0)):
        record = imports.get((file, sheet)) or {}
        headers, mapping = record.get("headers") or [], record.get("mapping") or {}
        col = next(
            (column_letter(n) for n, h in enumerate(headers) if mapping.get(h) == "company"), "company"
        )
        # the firm's own name, which `set` takes: the line's may be a name `link` tied to it
        zh, en = vocab.problem_text("tier-not-v", v=name, tier=(tier, tier) if tier else vocab.NO_TIER)
        found.setdefault((file, sheet), []).append(
            Problem(
                code="tier-not-v",
                file=file,
                sheet=sheet,
                row=row,
                column=col,
                value=customer,
                message_zh=zh,
                message_en=en,
            )
        )
    rows = [
        ((imports.get((p.file, p.sheet)) or {}).get("id"), p.file, p.sheet, p.row, p.column, p.value)
        + (p.message_zh, p.message_en)
        for items in found.values()
        for p in items
    ]
    ws.replace_code_problems("tier-not-v", rows)
    for key, record in imports.items():  # each file's latest summary counts what `problems` lists
        summary = record.get("summary") or {}
        if not summary:  # the import being written: it stores its own
            continue
        counts = {
            "not_v": len(found.get(key, ())),
            "problems": sum(ws.import_problem_counts(record["id"]).values()),
        }
        if any(summary.get(k) != v for k, v in counts.items()):
            ws.set_import_summary(record["id"], summary | counts)
    return found


class _NothingToDo(Exception):
    def __init__(self, result: OrdersImportResult):
        self.result = result


def run_orders_import(
    ws: Workspace,
    prepared: PreparedOrders,
    *,
    dry_run: bool = False,
    replace: bool = False,
    replace_period: bool = False,
    owner: str | None = None,
) -> OrdersImportResult:
    """import_orders, treating an import that changes nothing as a success that writes nothing."""
    try:
        return import_orders(
            ws, prepared, dry_run=dry_run, replace=replace, replace_period=replace_period, owner=owner
        )
    except _NothingToDo as done:
        return done.result
