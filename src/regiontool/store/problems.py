"""Problems: those of the imports that still supply the workspace (`regiontool problems`, status)."""

from __future__ import annotations

import json

_GROUP_CODE = "possible-duplicate"  # one group of names, listed by one file though several hold it


def _carried(rows: list[dict], gone: set[str]) -> list[int]:
    """The ids of the possible duplicates of superseded files (`gone`) that no current file lists
    (its names, or more): still listed, once. A group held by two files is listed by the first only
    (the second's import finds it listed, importer.flag_possible_duplicates); the first is superseded
    when the second is recorded, and its group must not go with it (review r72 F11)."""
    from .. import normalize

    def names(r: dict) -> frozenset[str]:
        return frozenset(normalize.text_keys((r["value"] or "").split(" ~ ")))

    groups = [r for r in rows if r["code"] == _GROUP_CODE and r["value"]]
    shown = [names(r) for r in groups if r["file"] not in gone]
    out: dict[frozenset[str], int] = {}
    for r in sorted(groups, key=lambda r: r["id"]):
        group = names(r)
        if r["file"] in gone and not any(group <= s for s in shown):
            out[group] = r["id"]  # the latest import's
    return list(out.values())


class ProblemsSQL:
    # --- problems ---------------------------------------------------------------------

    def superseded_files(self) -> set[str]:
        """Contact files whose problems a later import of another file superseded: an edited copy
        imported under a new name (contacts_v3.xlsx after contacts.xlsx) re-reads the same rows and
        finds their problems again. A file counts as superseded when a later contact import of
        another file exists and more than half of the contacts its latest import read now come from
        later files. (A later import of the same file name and sheet replaces its problems when it is stored.)
        Order and payment files are never superseded: their rows do not move between files."""
        from .. import vocab

        imports = self.db.execute("SELECT id, file_name, kind, summary FROM imports ORDER BY id").fetchall()
        contact_imports = [
            (int(i), name, json.loads(summary or "{}"))
            for i, name, kind, summary in imports
            if vocab.import_table(kind) == "contacts"
        ]
        owners: dict[str, set[int]] = {}
        for file, import_id in self.db.execute("SELECT DISTINCT file, import_id FROM problems"):
            if file is not None and import_id is not None:
                owners.setdefault(file, set()).add(int(import_id))
        # every manager's contacts, also under a manager's scope (its views shadow the table)
        sql = f"SELECT source_file, COUNT(*) FROM {self.db.schema}.contacts GROUP BY source_file"
        remaining = dict(self.db.execute(sql))
        out = set()
        for file, ids in owners.items():
            read = [s for i, name, s in contact_imports if i in ids and name == file]
            if not read:  # not a contact file
                continue
            later = any(i > max(ids) and name != file for i, name, _s in contact_imports)
            given = sum(int(s.get("contacts") or 0) for s in read)
            if later and given and 2 * int(remaining.get(file, 0)) < given:
                out.add(file)
        return out

    def problems(self, current: bool = True) -> list[dict]:
        """The stored problems, by file and row; current: without those of superseded files. Under a
        manager's scope (Workspace.scope) only theirs: of the files that supplied a row of their
        firms, but none at a row of another manager's firm (scope_rows) — a manager's report does
        not hand out a colleague's customers."""
        cols = ("code", "file", "sheet", "row", "col", "value", "message_zh", "message_en")
        sql = f"SELECT {', '.join(cols)}, id FROM problems ORDER BY file, row, id"
        gone = self.superseded_files() if current else set()
        rows = [dict(zip((*cols, "id"), r, strict=True)) for r in self.db.execute(sql)]
        carried = set(_carried(rows, gone)) if gone else set()
        rows = [r for r in rows if r["file"] not in gone or r["id"] in carried]
        if getattr(self, "manager", None) is not None:
            files, theirs = self.scope_rows()
            pairs = self._scope_groups([r for r in rows if r["file"] not in files])
            rows = [
                r
                for r in rows
                if (r["file"] in files or r["id"] in pairs)
                and (r["file"], r["sheet"], r["row"]) not in theirs
            ]
        for r in rows:
            del r["id"]
        return rows

    def _scope_groups(self, rows: list[dict]) -> set[int]:
        """The ids of the possible duplicates among `rows` that name a firm of the manager's scope: a
        group carried from a superseded file (its firms' rows now come from another) is theirs too
        (review r75 F5)."""
        from .. import normalize

        groups = {r["id"]: r["value"].split(" ~ ") for r in rows if r["code"] == _GROUP_CODE and r["value"]}
        if not groups:
            return set()
        keys = {i: set(normalize.text_keys(names)) for i, names in groups.items()}
        self._temp_keys(set().union(*keys.values()))
        sql = "SELECT name_key FROM companies WHERE name_key IN (SELECT key FROM _keys)"
        mine = {k for (k,) in self.db.execute(sql)}
        return {i for i, k in keys.items() if k & mine}

    def listed_groups(self, code: str, file: str, sheet: str | None) -> list[list[str]]:
        """The names (value A ~ B ~ C) of each current problem of `code` of another file and sheet
        than these, whose problems this import replaces: what another file already lists."""
        gone = self.superseded_files()
        sql = "SELECT file, value FROM problems WHERE code = ? AND NOT (file = ? AND (sheet = ? OR sheet IS NULL))"
        rows = self.db.execute(sql, (code, file, sheet)).fetchall()
        return [value.split(" ~ ") for f, value in rows if value and f not in gone]

    def scope_rows(self) -> tuple[set[str], set[tuple]]:
        """Under a manager's scope: the files that supplied a contact, order line or payment of their
        firms, and the rows (file, sheet, row) that supplied one of another manager's firms."""
        files: set[str] = set()
        theirs: set[tuple] = set()
        for table in ("contacts", "orders", "payments"):
            cols = "source_file, source_sheet, source_row"
            mine = set(self.db.execute(f"SELECT DISTINCT {cols} FROM {table}"))
            every = f"SELECT DISTINCT {cols} FROM {self.db.schema}.{table} WHERE company_id IS NOT NULL"
            theirs |= set(self.db.execute(every)) - mine
            files |= {f for f, _s, _r in mine}
        return files, theirs

    def scope_imports(self) -> list[dict]:
        """The imports a manager's overview accounts for: of the files that supplied a row of their
        firms (scope_rows); every import with no scope."""
        imports = self.imports()
        if getattr(self, "manager", None) is None:
            return imports
        files = self.scope_rows()[0]
        return [i for i in imports if i["file_name"] in files]

    def problem_count(self) -> int:
        """How many problems `regiontool problems` lists (superseded files' left out)."""
        if getattr(self, "manager", None) is not None:
            return len(self.problems())
        gone = sorted(self.superseded_files())
        sql = "SELECT COUNT(*) FROM problems"
        if not gone:
            return int(self.db.execute(sql).fetchone()[0])
        sql += f" WHERE file IS NULL OR file NOT IN ({', '.join('?' * len(gone))})"
        cols = "code, file, value, id"
        dups = self.db.execute(f"SELECT {cols} FROM problems WHERE code = ? ORDER BY id", (_GROUP_CODE,))
        groups = [dict(zip(("code", "file", "value", "id"), r, strict=True)) for r in dups]
        return int(self.db.execute(sql, gone).fetchone()[0]) + len(_carried(groups, set(gone)))

    def company_row_problems(self, code: str, company_id: int) -> list[tuple]:
        """(id, import_id, col, value) of the problems of `code` at the sheet rows a company's
        contacts were read from (a level cell of its own row: set_fields re-checks them)."""
        sql = (
            "SELECT DISTINCT p.id, p.import_id, p.col, p.value FROM problems p JOIN contacts c"
            " ON c.source_file = p.file AND c.source_sheet = p.sheet AND c.source_row = p.row"
            " WHERE p.code = ? AND c.company_id = ? ORDER BY p.id"
        )
        return self.db.execute(sql, (code, company_id)).fetchall()

    def conflict_problems(self, kind: str) -> list[tuple]:
        """(id, import_id, file, sheet, row, message_zh) of the stored conflicting-line problems of
        the imports of `kind` (orders, payments)."""
        sql = (
            "SELECT p.id, p.import_id, p.file, p.sheet, p.row, p.message_zh FROM problems p"
            " JOIN imports i ON i.id = p.import_id WHERE p.code = 'conflicting-line' AND i.kind LIKE ?"
            " ORDER BY p.id"
        )
        return self.db.execute(sql, (f"{kind}:%",)).fetchall()

    def recount_import_problems(self, import_id: int) -> None:
        """An import's summary counts its stored problems again (after some were dropped)."""
        row = self.db.execute("SELECT summary FROM imports WHERE id = ?", (import_id,)).fetchone()
        summary = json.loads(row[0] or "{}") if row else {}
        if summary:
            self.set_import_summary(
                import_id, summary | {"problems": sum(self.import_problem_counts(import_id).values())}
            )

    def set_problem_message(self, problem_id: int, zh: str, en: str) -> None:
        """A stored problem's message, said again (the line it names is another now)."""
        self.db.execute(
            "UPDATE problems SET message_zh = ?, message_en = ? WHERE id = ?", (zh, en, problem_id)
        )

    def delete_problems(self, ids: list[int]) -> None:
        if ids:
            self._temp_ids(ids)
            self.db.execute("DELETE FROM problems WHERE id IN (SELECT id FROM _ids)")

    def replace_code_problems(self, code: str, rows: list[tuple]) -> None:
        """Every stored problem of `code` replaced by `rows` (import_id, file, sheet, row, col, value,
        message_zh, message_en): a check made again on the whole workspace (orders.recheck_not_v)."""
        self.db.execute("DELETE FROM problems WHERE code = ?", (code,))
        self.db.load(
            "problems",
            ((i, code, *rest) for i, *rest in rows),
            ("import_id", "code", "file", "sheet", "row", "col", "value", "message_zh", "message_en"),
        )
