"""Targets, payments and the expense budget."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .common import now
from .db import quote
from .orders import UNLINKED
from .schema import PAYMENT_INSERT
from .sql import still_a_prospect


class MoneySQL:
    # --- targets, payments, budgets ---

    def set_target(self, period: str, dim: str, dim_value: str, amount: float, source: str) -> None:
        """A period's target ('' dim) or one line of its split, replacing what was there."""
        self.db.execute(
            "INSERT INTO targets (period, dim, dim_value, amount, source, set_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(period, dim, dim_value) DO UPDATE SET amount = excluded.amount,"
            " source = excluded.source, set_at = excluded.set_at",
            (period, dim, dim_value, amount, source, now()),
        )

    def remove_targets(self, period: str, dim: str | None = None) -> int:
        """Delete a period's targets (all, or the overrides of one dimension); returns the rows."""
        if dim is None:
            return self.db.execute("DELETE FROM targets WHERE period = ?", (period,)).rowcount
        sql = "DELETE FROM targets WHERE period = ? AND dim = ?"
        return self.db.execute(sql, (period, dim)).rowcount

    def targets(self) -> list[tuple[str, str, str, float]]:
        """(period, dim, dim_value, amount) of every stored target line."""
        sql = "SELECT period, dim, dim_value, amount FROM targets ORDER BY period, dim, dim_value"
        return self.db.execute(sql).fetchall()

    # An unlinked customer's lines have no manager, town or industry: UNLINKED, apart from the firms
    # whose field is blank, as `sales` keeps them (review r68 F1).
    _SALES_DIMS = {
        "month": "substr(o.order_date, 1, 7)",
        "product": "NULLIF(o.product, '')",
        "manager": f"CASE WHEN o.company_id IS NULL THEN {quote(UNLINKED)} ELSE NULLIF(TRIM(c.manager), '') END",
        "town": f"CASE WHEN o.company_id IS NULL THEN {quote(UNLINKED)} ELSE {{town}} END",
        "industry": f"CASE WHEN o.company_id IS NULL THEN {quote(UNLINKED)} ELSE c.industry END",
        "company_id": "o.company_id",
    }

    def sales_by(self, dims: Sequence[str], since: str, until: str) -> list[tuple]:
        """(*dim values, amount) of order lines dated since..until (ISO, inclusive), grouped by dims
        (month, product, manager, town, industry, company_id); UNLINKED the manager, town and industry
        of unlinked lines."""
        exprs = [self._SALES_DIMS[d].replace("{town}", self.town_sql()) for d in dims]
        group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(exprs)))}" if exprs else ""
        sql = (
            f"SELECT {', '.join([*exprs, 'SUM(o.amount)'])} FROM orders o"
            " LEFT JOIN companies c ON c.id = o.company_id"
            f" WHERE o.order_date >= ? AND o.order_date <= ?{group}"
        )
        return self.db.execute(sql, (since, until)).fetchall()

    def pipeline_companies(self) -> list[tuple]:
        """(id, manager, town, industry, deal_level, closing) of open opportunities: firms with both
        energy levels set, neither customers already (V) nor dropped (F2 closed, F3 not a fit)."""
        sql = (
            f"SELECT c.id, NULLIF(TRIM(c.manager), ''), {self.town_sql()}, c.industry, c.deal_level, c.closing"
            " FROM companies c WHERE deal_level IS NOT NULL AND closing IS NOT NULL AND COALESCE(tier, '') != 'V'"
            f" AND {still_a_prospect('tier')}"
        )
        return self.db.execute(sql).fetchall()

    def payment_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0])

    def has_collections(self) -> bool:
        """Whether receivables can be judged: payments imported, or paid amounts on the orders."""
        if self.db.execute("SELECT 1 FROM payments LIMIT 1").fetchone():
            return True
        return self.db.execute("SELECT 1 FROM orders WHERE paid IS NOT NULL LIMIT 1").fetchone() is not None

    def payments_by_key(self, keys: Iterable[str]) -> dict[str, tuple]:
        """payment_key → (id, customer, pay_date, amount, product, order_no, source_file, source_sheet) of
        stored payments."""
        if self.db.execute("SELECT 1 FROM payments LIMIT 1").fetchone() is None:
            return {}
        self._temp_keys(list(keys))
        sql = (
            "SELECT p.payment_key, p.id, p.customer, p.pay_date, p.amount, p.product, p.order_no,"
            " p.source_file, p.source_sheet FROM payments p JOIN _keys k ON k.key = p.payment_key"
        )
        return {r[0]: r[1:] for r in self.db.execute(sql)}

    def insert_payments(self, rows: list[tuple]) -> None:
        """rows in PAYMENT_INSERT order."""
        self.db.load("payments", rows, PAYMENT_INSERT)

    def update_payments(self, rows: list[tuple]) -> None:
        """rows: (company_id, customer, customer_key, pay_date, amount, product, order_no, import_id,
        source_file, source_sheet, source_row, id)."""
        self.db.executemany(
            "UPDATE payments SET company_id = ?, customer = ?, customer_key = ?, pay_date = ?, amount = ?,"
            " product = ?, order_no = ?, import_id = ?, source_file = ?, source_sheet = ?, source_row = ?"
            " WHERE id = ?",
            rows,
        )

    def relink_payments(self) -> int:
        """Link payments whose customer has since been imported as a company (or linked by hand)."""
        cur = self.db.execute(
            "UPDATE payments SET company_id = COALESCE("
            "(SELECT l.company_id FROM name_links l WHERE l.name_key = payments.customer_key),"
            "(SELECT c.id FROM companies c WHERE c.name_key = payments.customer_key))"
            " WHERE company_id IS NULL"
        )
        self.drop_linked_problems("payments")  # every file's, not only the one each line is stored with
        return max(cur.rowcount, 0)

    def unlinked_payments(self, until: str) -> tuple[int, float, int]:
        """(payments, amount, customers) of the payments not linked to a company dated up to
        `until` (ISO, inclusive), as unlinked_orders counts order lines."""
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), COUNT(DISTINCT customer_key) FROM payments"
            " WHERE company_id IS NULL AND pay_date <= ?",
            (until,),
        ).fetchone()
        return int(row[0]), float(row[1]), int(row[2])

    def unlinked_orders(self, until: str, since: str | None = None) -> tuple[int, float, int]:
        """(order lines, amount, customers) of the order lines not linked to a company dated
        since..until (ISO, inclusive; from the first without since)."""
        window = "order_date <= ?" + (" AND order_date >= ?" if since else "")
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), COUNT(DISTINCT customer_key) FROM orders"
            f" WHERE company_id IS NULL AND {window}",
            (until, *([since] if since else [])),
        ).fetchone()
        return int(row[0]), float(row[1]), int(row[2])

    def linked_after(self, until: str) -> tuple[int, float, int, float]:
        """(order lines, amount, payments, amount) linked to a company and dated after `until`: what
        receivable_lines leaves out."""
        orders = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM orders WHERE company_id IS NOT NULL AND order_date > ?",
            (until,),
        ).fetchone()
        payments = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM payments WHERE company_id IS NOT NULL AND pay_date > ?",
            (until,),
        ).fetchone()
        return int(orders[0]), float(orders[1]), int(payments[0]), float(payments[1])

    def receivable_lines(self, until: str) -> tuple[list[tuple], list[tuple]]:
        """Linked order lines (company_id, order_date, amount, paid, product) and payments
        (company_id, pay_date, amount) dated up to `until`, oldest first."""
        orders = self.db.execute(
            "SELECT company_id, order_date, amount, paid, product FROM orders"
            " WHERE company_id IS NOT NULL AND order_date <= ? ORDER BY company_id, order_date, id",
            (until,),
        ).fetchall()
        payments = self.db.execute(
            "SELECT company_id, pay_date, amount FROM payments"
            " WHERE company_id IS NOT NULL AND pay_date <= ? ORDER BY company_id, pay_date, id",
            (until,),
        ).fetchall()
        return orders, payments

    def company_rows(self, ids: Iterable[int]) -> dict[int, tuple]:
        """id → (name, tier, manager, town) of these companies."""
        ids = list(set(ids))
        self._temp_ids(ids)
        sql = (
            f"SELECT c.id, c.name, COALESCE(c.tier, c.tier_raw), NULLIF(TRIM(c.manager), ''), {self.town_sql()}"
            " FROM companies c JOIN _ids i ON i.id = c.id"
        )
        return {r[0]: r[1:] for r in self.db.execute(sql)}

    def set_budget(self, rows: list[tuple[str, str, float | None, float | None]], source: str) -> list[tuple]:
        """(month YYYY-MM, item, plan, actual) rows: the budget of each year they cover, replacing what
        was stored for it — an item left out of a corrected file, or renamed, no longer counts, and a
        blank figure is blank (review r68 F7). Returns the (month, item) lines removed."""
        years = sorted({r[0][:4] for r in rows})
        marks = ", ".join("?" * len(years))
        sql = f"SELECT month, item FROM budget WHERE substr(month, 1, 4) IN ({marks}) ORDER BY id"
        new = {(r[0], r[1]) for r in rows}
        removed = [tuple(r) for r in self.db.execute(sql, years).fetchall() if (r[0], r[1]) not in new]
        self.db.execute(f"DELETE FROM budget WHERE substr(month, 1, 4) IN ({marks})", years)
        stamp = now()
        self.db.executemany(
            "INSERT INTO budget (month, item, plan, actual, source, set_at) VALUES (?, ?, ?, ?, ?, ?)",
            ((*r, source, stamp) for r in rows),
        )
        return removed

    def budget_rows(self, year: int) -> list[tuple[str, str, float | None, float | None]]:
        """(month, item, plan, actual) of a year's budget, in the order the items were first stored."""
        sql = "SELECT month, item, plan, actual FROM budget WHERE month LIKE ? ORDER BY id"
        return self.db.execute(sql, (f"{year}-%",)).fetchall()

    def first_deal_sizes(self) -> list[float]:
        """Each linked customer's sales, net of refunds, in the 30 days from its first purchase: a
        typical first deal. A refund or a 0-yuan line before that purchase (goods bought before
        the orders on file) neither starts the window nor counts in it."""
        sql = (
            "SELECT SUM(o.amount) FROM orders o JOIN (SELECT company_id, MIN(order_date) AS f FROM orders"
            " WHERE company_id IS NOT NULL AND amount > 0 GROUP BY company_id) m ON m.company_id = o.company_id"
            f" WHERE o.order_date >= m.f AND o.order_date <= {self.db.add_days('m.f', 30)} GROUP BY o.company_id"
        )
        return [float(r[0]) for r in self.db.execute(sql) if r[0] and r[0] > 0]
