"""Activities: what `regiontool done` read back from a plan, and what the planner needs."""

from __future__ import annotations

from collections.abc import Iterable

from .common import now
from .sql import still_a_prospect


class ActivitiesSQL:
    # --- activities (plans read back) ------------------------------------------------

    def planning_companies(self, manager: str | None = None, owing: Iterable[int] = ()) -> list[tuple]:
        """Companies a plan may hold, in plan.planner.COMPANY_COLUMNS order: all but F2/F3, which
        only the money they owe (`owing`: company ids of the chase list) brings back."""
        owing = {int(i) for i in owing}
        sql = (
            f"SELECT c.id, c.name, c.tier, c.tier_raw, c.manager, {self.town_sql()}, c.deal_level, c.closing,"
            f" c.value_level, c.attractiveness, c.advantage, {still_a_prospect('c.tier')} FROM companies c WHERE 1 = 1"
        )
        if manager is None:
            rows = self.db.execute(sql + " ORDER BY id").fetchall()
        else:
            names = self.manager_spellings(manager)
            where = f" AND TRIM(manager) IN ({', '.join('?' * len(names))}) ORDER BY id"
            rows = self.db.execute(sql + where, names).fetchall()
        return [r[:-1] for r in rows if r[-1] or r[0] in owing]

    def manager_counts(self) -> dict[str | None, int]:
        """Companies per manager (None: no manager)."""
        sql = "SELECT NULLIF(TRIM(manager), ''), COUNT(*) FROM companies GROUP BY 1"
        return dict(self.db.execute(sql).fetchall())

    def known_manager(self, name: str) -> str:
        """A manager's name as this workspace holds it: cleaned as the import cleans a 区域经理 cell
        (width, spaces, traditional → simplified: 孫志強 is 孙志强), and the stored spelling of the
        manager whose name folds alike (孙 志强, 孫志強 for 孙志强), so one person is one manager."""
        from .. import normalize

        clean = normalize.manager_name(name)
        counts = self.manager_counts()
        alike = [m for m in self.manager_spellings(clean) if m in counts]
        return alike[0] if alike else clean

    def manager_spellings(self, name: str) -> list[str]:
        """Every stored 区域经理 that folds as `name` does (the name itself first): a workspace made
        before the import folded the cells may hold 孙 志强 beside 孙志强, and a manager's scope
        (Workspace.scope, plan) takes the firms of all of them (review r76 F9)."""
        from .. import normalize

        key = normalize.text_key(normalize.manager_name(name))
        known = sorted(
            m for m in self.manager_counts() if m and normalize.text_key(normalize.manager_name(m)) == key
        )
        return [name, *(m for m in known if m != name)]

    def activity_rows(self) -> list[tuple]:
        """(company_id, day, status, note) of every logged activity, oldest first."""
        sql = (
            "SELECT company_id, day, status, note FROM activities WHERE company_id IS NOT NULL"
            " ORDER BY day, id"
        )
        return self.db.execute(sql).fetchall()

    def last_contact_days(self, statuses: Iterable[str]) -> dict[int, str]:
        """company_id → ISO day of its latest activity with one of these statuses."""
        statuses = list(statuses)
        sql = (
            "SELECT company_id, MAX(day) FROM activities WHERE company_id IS NOT NULL"
            f" AND status IN ({', '.join('?' * len(statuses))}) GROUP BY company_id"
        )
        return dict(self.db.execute(sql, statuses).fetchall())

    def company_names(self, ids: Iterable[int]) -> dict[int, str]:
        """id → name of the companies that exist among ids."""
        ids = list(set(ids))
        self._temp_ids(ids)
        sql = "SELECT c.id, c.name FROM companies c JOIN _ids i ON i.id = c.id"
        return dict(self.db.execute(sql).fetchall())

    def activity_outcomes(self, keys: list[str]) -> dict[str, tuple[str, str | None]]:
        """activity_key → (status, note) of the activities already logged among keys."""
        out: dict[str, tuple[str, str | None]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            sql = (
                "SELECT activity_key, status, note FROM activities"
                f" WHERE activity_key IN ({', '.join('?' * len(chunk))})"
            )
            out.update({k: (status, note) for k, status, note in self.db.execute(sql, chunk).fetchall()})
        return out

    def activity_sources(self, keys: list[str]) -> dict[str, str | None]:
        """activity_key → the file (source) that logged it, among keys."""
        out: dict[str, str | None] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            sql = f"SELECT activity_key, source FROM activities WHERE activity_key IN ({', '.join('?' * len(chunk))})"
            out.update(dict(self.db.execute(sql, chunk).fetchall()))
        return out

    def correct_activities(self, rows: list[tuple]) -> None:
        """rows: (status, note, category, task, source, activity_key): a later reading's outcome wins."""
        stamp = now()
        self.db.executemany(
            "UPDATE activities SET status = ?, note = ?, category = ?, task = ?, source = ?, logged_at = ?"
            " WHERE activity_key = ?",
            [(*row[:5], stamp, row[5]) for row in rows],
        )

    def add_activities(self, rows: list[tuple]) -> list[bool]:
        """rows: (activity_key, company_id, day, category, task, status, note, source); insert, nothing
        on a known activity_key. Returns, per row, whether it was new (a plan read twice logs nothing twice)."""
        stamp = now()
        new = []
        for row in rows:
            cur = self.db.execute(
                "INSERT INTO activities (activity_key, company_id, day, category, task, status,"
                " note, source, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (activity_key) DO NOTHING",
                (*row, stamp),
            )
            new.append(cur.rowcount == 1)
        return new
