"""The manager's decisions on possible duplicates in SQL: one firm merged into another (`merge`),
two names kept apart (`apart`), and what later imports read of them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .common import now

_SUFFIX = re.compile(r"#\d+$")
# The tables whose rows belong to a firm by company_id and follow it when it is merged.
_FOLLOWING = ("orders", "payments", "activities", "history", "name_links", "company_aliases")
# The source of a history row that moved with a merged firm starts with this and the firm's name
# (its `set` rows stay readable on the kept firm, and are no hand edit of the kept firm's).
MERGED_FROM = "并入前·"


def merged_source(name: str, source: str | None) -> str:
    """The source a merged firm's history row shows on the kept firm: whose it was, then its own."""
    return f"{MERGED_FROM}{name}：{source or ''}"


# The meta row keeping the highest id of a firm a merge deleted: ids are never given twice.
ID_HIGH = "company-id-high"
# A merged firm's contacts live on the kept firm in a namespace of its name: 张伟@<its name key>, so
# that neither the kept firm's own rows nor the merged name's ever take the other's keys.
ORIGIN = "@"


def origin_key(key: str, name_key: str) -> str:
    """A merged name's contact `key` (as numbered in that name's own rows) on the firm it went into;
    a key from an earlier merge in a chain (holding ORIGIN already) stays as it is."""
    return key if ORIGIN in key else f"{key}{ORIGIN}{name_key}"


def same_person(kept: dict, other: dict) -> bool:
    """Whether two firms' contacts are one person: the same name (their keys' base, the folded
    name) and a phone in common, or the same name where one has no phone. Namesakes without a
    name (keyed by phone or row) are never matched."""
    if not kept["name"] or not other["name"] or _base(kept["contact_key"]) != _base(other["contact_key"]):
        return False
    mine, theirs = (set(filter(None, (c["phone"] or "").split("; "))) for c in (kept, other))
    return not mine or not theirs or not mine.isdisjoint(theirs)


def _base(key: str) -> str:
    return _SUFFIX.sub("", key.split(ORIGIN)[0])


def free_key(key: str, taken: set[str]) -> str:
    """`key`, or the next #k of its base a firm does not hold yet (as the import numbers a
    person's second row: 张伟, 张伟#2)."""
    if key not in taken:
        return key
    base, k = _SUFFIX.sub("", key), 2
    while f"{base}#{k}" in taken:
        k += 1
    return f"{base}#{k}"


class MergingSQL:
    # --- merged firms and pairs kept apart ------------------------------------------

    def company_aliases(self) -> dict[str, tuple[str, str, int | None, dict]]:
        """A merged firm's name key → (name key, name) of the firm it lives on as now, and the merged
        firm's own id and key fields at the merge (what an export written before it shows): what an
        import resolves its names through (few rows: read whole)."""
        sql = (
            "SELECT a.name_key, c.name_key, c.name, a.old_id, a.old_fields FROM company_aliases a"
            " JOIN companies c ON c.id = a.company_id"
        )
        return {
            k: (kept, name, old, json.loads(fields) if fields else {})
            for k, kept, name, old, fields in self.db.execute(sql)
        }

    def alias_of(self, name_key: str) -> tuple[str, str, str] | None:
        """(merged name, the name of the firm it was merged into, when) of a merged firm's key."""
        sql = (
            "SELECT a.name, c.name, a.merged_at FROM company_aliases a JOIN companies c"
            " ON c.id = a.company_id WHERE a.name_key = ?"
        )
        row = self.db.execute(sql, (name_key,)).fetchone()
        return tuple(row) if row else None

    def alias_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """A merged firm's name key → the id of the firm it lives on as, for these keys."""
        keys = set(keys)
        if not keys:
            return {}
        self._temp_keys(keys)
        sql = "SELECT a.name_key, a.company_id FROM company_aliases a JOIN _keys k ON k.key = a.name_key"
        return {k: int(cid) for k, cid in self.db.execute(sql)}

    def move_contacts(self, other_id: int, kept_id: int, other_key: str) -> tuple[int, int]:
        """The other firm's contacts become the kept firm's, each keyed in its name's namespace
        (origin_key: 张伟 → 张伟@other), where a later file writing that name finds it and the kept
        firm's own rows never do. A person both firms list (same_person) stays two contacts too:
        folding them lost the values that differ and let either firm's list overwrite the other's
        (review r87). Returns how many moved and how many of them the kept firm lists too."""
        sql = "SELECT id, contact_key, name, phone FROM contacts WHERE company_id = ? ORDER BY id"
        cols = ("id", "contact_key", "name", "phone")
        kept_rows = [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql, (kept_id,))]
        taken = {c["contact_key"] for c in kept_rows}
        moves, same = [], 0
        for row in (dict(zip(cols, r, strict=True)) for r in self.db.execute(sql, (other_id,)).fetchall()):
            match = next((c for c in kept_rows if same_person(c, row)), None)
            if match is not None:
                kept_rows.remove(match)  # (one person: one row of each firm)
                same += 1
            key = free_key(
                origin_key(row["contact_key"], other_key), taken
            )  # (taken only by a hand-made key)
            taken.add(key)
            moves.append((kept_id, key, row["id"]))
        self.db.executemany("UPDATE contacts SET company_id = ?, contact_key = ? WHERE id = ?", moves)
        return len(moves), same

    def repoint_company(self, other_id: int, kept_id: int, other_name: str) -> dict[str, int]:
        """Every row of the other firm in _FOLLOWING points at the kept firm; rows per table. A name
        link both firms hold keeps the kept firm's. Its history rows are marked as its own
        (merged_source): the kept firm's hand-set rule reads only the kept firm's."""
        rows = self.db.execute(
            "SELECT id, source FROM history WHERE company_id = ? AND source IS NOT NULL", (other_id,)
        ).fetchall()
        marked = [(merged_source(other_name, s), i) for i, s in rows if not s.startswith(MERGED_FROM)]
        self.db.executemany("UPDATE history SET source = ? WHERE id = ?", marked)
        self.db.execute(
            "UPDATE history SET source = ? WHERE company_id = ? AND source IS NULL",
            (merged_source(other_name, None), other_id),
        )
        self.db.execute(
            "DELETE FROM name_links WHERE company_id = ? AND name_key IN"
            " (SELECT name_key FROM name_links WHERE company_id = ?)",
            (other_id, kept_id),
        )
        moved = {}
        for table in _FOLLOWING:
            cur = self.db.execute(
                f"UPDATE {table} SET company_id = ? WHERE company_id = ?", (kept_id, other_id)
            )
            moved[table] = max(cur.rowcount, 0)
        return moved

    def firm_amounts(self, company_id: int) -> tuple[float, float]:
        """The yuan of a firm's order lines and payments (what a merge moves to the kept firm)."""
        return tuple(
            float(
                self.db.execute(
                    f"SELECT SUM(amount) FROM {t} WHERE company_id = ?", (company_id,)
                ).fetchone()[0]
                or 0
            )
            for t in ("orders", "payments")
        )

    def add_alias(self, name_key: str, company_id: int, name: str, old_id: int, old_fields: dict) -> None:
        """The merged firm's key lives on as the kept firm's: as an alias (imports of contacts, with
        its own id and key fields then) and as a name link (orders and payments written with that name)."""
        stamp = now()
        fields = json.dumps(old_fields, ensure_ascii=False)
        self.db.execute(
            "INSERT INTO company_aliases (name_key, company_id, name, merged_at, old_id, old_fields)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name_key) DO UPDATE SET company_id = excluded.company_id,"
            " name = excluded.name, merged_at = excluded.merged_at, old_id = excluded.old_id,"
            " old_fields = excluded.old_fields",
            (name_key, company_id, name, stamp, old_id, fields),
        )
        self.db.execute(
            "INSERT INTO name_links VALUES (?, ?, ?) ON CONFLICT(name_key) DO UPDATE SET"
            " company_id = excluded.company_id, linked_at = excluded.linked_at",
            (name_key, company_id, stamp),
        )

    def delete_company(self, company_id: int) -> None:
        """Delete a merged firm; its id stays taken (next_company_id reads ID_HIGH)."""
        high = self.db.execute("SELECT value FROM meta WHERE key = ?", (ID_HIGH,)).fetchone()
        if high is None or int(high[0]) < company_id:
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (ID_HIGH, str(company_id)),
            )
        self.db.execute("DELETE FROM companies WHERE id = ?", (company_id,))

    def apart_pairs(self) -> set[frozenset[str]]:
        """The pairs of name keys the manager decided are two firms."""
        return {frozenset(p) for p in self.db.execute("SELECT key_a, key_b FROM apart_pairs")}

    def add_apart(self, key_a: str, key_b: str) -> bool:
        """Record two names as two firms; False when they were already."""
        a, b = sorted((key_a, key_b))
        if self.db.execute("SELECT 1 FROM apart_pairs WHERE key_a = ? AND key_b = ?", (a, b)).fetchone():
            return False
        self.db.execute("INSERT INTO apart_pairs VALUES (?, ?, ?)", (a, b, now()))
        return True

    def repoint_apart(self, other_key: str, kept_key: str) -> None:
        """The pairs a merged firm was kept apart in hold the firm it was merged into instead (the same
        firm: two firms apart from the one are apart from the other)."""
        rows = self.db.execute(
            "SELECT key_a, key_b, decided_at FROM apart_pairs WHERE key_a = ? OR key_b = ?",
            (other_key, other_key),
        ).fetchall()
        self.db.execute("DELETE FROM apart_pairs WHERE key_a = ? OR key_b = ?", (other_key, other_key))
        for a, b, decided in rows:
            pair = sorted({kept_key if k == other_key else k for k in (a, b)})
            if len(pair) == 2:
                self.db.execute(
                    "INSERT INTO apart_pairs VALUES (?, ?, ?) ON CONFLICT (key_a, key_b) DO NOTHING",
                    (*pair, decided),
                )

    def problems_of_code(self, code: str) -> list[dict]:
        """Every stored problem of `code`, as dicts (the few possible duplicates a decision redoes)."""
        cols = ("id", "import_id", "file", "sheet", "row", "col", "value")
        sql = f"SELECT {', '.join(cols)} FROM problems WHERE code = ? ORDER BY id"
        return [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql, (code,))]

    def add_problems(self, code: str, rows: Iterable[tuple]) -> None:
        """rows: (import_id, file, sheet, row, col, value, message_zh, message_en)."""
        self.db.load(
            "problems",
            ((i, code, *rest) for i, *rest in rows),
            ("import_id", "code", "file", "sheet", "row", "col", "value", "message_zh", "message_en"),
        )

    def set_problem_value(self, problem_id: int, value: str, zh: str, en: str) -> None:
        self.db.execute(
            "UPDATE problems SET value = ?, message_zh = ?, message_en = ? WHERE id = ?",
            (value, zh, en, problem_id),
        )

    def problem_imports(self, ids: list[int]) -> set[int | None]:
        """The imports these stored problems belong to."""
        self._temp_ids(ids)
        return {
            i
            for (i,) in self.db.execute(
                "SELECT DISTINCT import_id FROM problems WHERE id IN (SELECT id FROM _ids)"
            )
        }
