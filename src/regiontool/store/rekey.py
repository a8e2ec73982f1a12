"""Schema 8: the keys made before OpenCC t2s kept the characters of vocab.KEY_KEPT_HANZI (宁波乾丰 was
keyed 宁波干丰) made again from the stored text, as an import makes them now. Else re-importing 宁波乾丰
would add a second firm (the old one not in the file), and an orders file its lines twice.

Only rows whose text holds such a character are read, with the lines or contacts that shared their
old key (the position suffix #2 of a line repeated within a file is given again in the file's
order). A row whose stored key is not the old keying of its text (edited since), or whose new key
another row holds, keeps its key and is counted (meta kept_hanzi_left); none should be. A line linked
by the old key only (宁波干丰's, linked to 宁波乾丰) is unlinked, counted (meta kept_hanzi_unlinked), and
linked again as any unlinked line: to its own name's firm, now or when it is imported; one left
unlinked is listed (unlinked-order, unlinked-payment) as its import would list it now."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import normalize, vocab

if TYPE_CHECKING:
    from . import Workspace

_SUFFIX = re.compile(r"#(\d+)$")


def _holding(column: str) -> str:
    """SQL: the column's text holds a kept character."""
    return "(" + " OR ".join(f"{column} LIKE '%{ch}%'" for ch in vocab.KEY_KEPT_HANZI) + ")"


def _new_key(text: str) -> str:
    return normalize.folded_keys([text])[0]


def _old_key(text: str) -> str:
    return normalize.respelled_keys([text])[0]


def _place(key: str, base: str) -> int | None:
    """The occurrence number of `key` made from `base` (1 for the base itself), else None."""
    if key == base:
        return 1
    m = _SUFFIX.search(key)
    return int(m[1]) if m and key[: m.start()] == base else None


def rekey_kept_hanzi(ws: Workspace) -> int:
    """Re-key companies, contacts, order and payment lines and name links; how many rows were left."""
    firms: set[int] = set()  # the firms re-keyed
    left = _companies(ws, firms) + _contacts(ws)
    moved: dict[str, set[str]] = {}  # an old customer key → the keys its customers have now
    left += _lines(ws, "orders", moved) + _lines(ws, "payments", moved)
    _links(ws, moved)
    unlinked = {table: _unlink(ws, table, moved, firms) for table in _LINES}
    ws.relink_orders()  # as when a firm is imported: to the firm of the line's own name, if any
    ws.relink_payments()
    for table, ids in unlinked.items():
        _report_unlinked(ws, table, ids)
    unlinked = sum(map(len, unlinked.values()))
    for key, count in (("kept_hanzi_left", left), ("kept_hanzi_unlinked", unlinked)):
        if count:
            ws.db.execute("DELETE FROM meta WHERE key = ?", (key,))
            ws.db.execute("INSERT INTO meta VALUES (?, ?)", (key, str(count)))
    return left


def _companies(ws: Workspace, firms: set[int]) -> int:
    left = 0
    rows = ws.db.execute(f"SELECT id, name, name_key FROM companies WHERE {_holding('name')}").fetchall()
    for cid, name, key in rows:
        new = _new_key(name)
        if new == key:
            continue
        taken = ws.db.execute("SELECT 1 FROM companies WHERE name_key = ?", (new,)).fetchone()
        if _old_key(name) != key or taken:
            left += 1
            continue
        ws.db.execute("UPDATE companies SET name_key = ? WHERE id = ?", (new, cid))
        firms.add(cid)
    return left


def _contacts(ws: Workspace) -> int:
    """A contact's key is its name's (records.contact_records), #2 for the firm's second of that name."""
    rows = ws.db.execute(f"SELECT DISTINCT company_id FROM contacts WHERE {_holding('name')}").fetchall()
    left = 0
    for (cid,) in rows:
        contacts = ws.db.execute(
            "SELECT id, contact_key, name FROM contacts WHERE company_id = ?", (cid,)
        ).fetchall()
        members = [(i, key, (_old_key(name), _new_key(name)) if name else None) for i, key, name in contacts]
        stored = {key for _i, key, _b in members}
        updates, stuck = _regroup(members, lambda keys, stored=stored: keys & stored)
        left += len(stuck)
        _apply(ws, "contacts", "contact_key", updates)
    return left


def _regroup(members: list[tuple], existing: Callable[[set[str]], set[str]]) -> tuple[list, set[int]]:
    """Members (id, stored key, (old base, new base) or None) of one key space: the ones whose key
    changes, as (id, new key), and the ids of those left. A group is the members whose key is an
    old base or its #n; its new keys are numbered in their old order. `existing`: which of some keys
    are stored."""
    stale = {b[0] for _i, _k, b in members if b and b[0] != b[1]}
    groups: dict[str, list[tuple[int, tuple]]] = {}
    for member in members:
        for old in {member[1], _SUFFIX.sub("", member[1])} & stale:
            if (place := _place(member[1], old)) is not None:
                groups.setdefault(old, []).append((place, member))
    proposed: list[tuple[list, set[int]]] = []
    # a stored key that is not the old keying of its row (edited since): left
    stuck = {i for i, key, b in members if b and b[0] != b[1] and _place(key, b[0]) is None}
    for old, group in groups.items():
        ids = {m[0] for _p, m in group}
        if any(m[2] is None or m[2][0] != old for _p, m in group):  # not keyed the old way: left
            stuck |= ids
            continue
        seen: Counter = Counter()
        keys = []
        for _p, (i, key, bases) in sorted(group, key=lambda g: g[0]):
            seen[bases[1]] += 1
            keys.append((i, key, bases[1] if seen[bases[1]] == 1 else f"{bases[1]}#{seen[bases[1]]}"))
        proposed.append((keys, ids))
    mine = {key for keys, _ids in proposed for _i, key, _n in keys}
    taken = existing({new for keys, _ids in proposed for _i, key, new in keys if new != key}) - mine
    updates = []
    for keys, ids in proposed:
        if any(new in taken for _i, _k, new in keys):  # another row has it: left
            stuck |= ids
        else:
            updates += [(i, new) for i, key, new in keys if new != key]
    return updates, stuck


def _apply(ws: Workspace, table: str, column: str, updates: list[tuple[int, str]]) -> None:
    """Set the new keys in two steps: a key may pass from one row of a group to another."""
    for i, _key in updates:
        ws.db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (f"\x1frekey{i}", i))
    for i, key in updates:
        ws.db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (key, i))


_LINES = {  # table → its key column, and the columns its key is made from after the customer's key
    "orders": ("order_key", "order_date, amount, product, quantity, order_no"),
    "payments": ("payment_key", "pay_date, amount, product, order_no"),
}


def _base_of(table: str) -> Callable[..., str]:
    """The importer's own key of a line before its position (orders.order_base, payments.payment_base)
    as (customer key, product keying, the line's columns) → key."""
    if table == "orders":
        from ..orders import order_base

        return lambda ck, key, day, amount, product, quantity, no: order_base(
            ck, day, amount, product, quantity, no, key=key
        )
    from ..payments import payment_base

    return lambda ck, _key, day, amount, product, no: payment_base(ck, day, amount, product, no)


def _old_text_key(text: str) -> str:
    return normalize.respelled_keys([text])[0]


def _lines(ws: Workspace, table: str, moved: dict[str, set[str]]) -> int:
    """Order or payment lines of a customer or product holding a kept character: their customer_key
    and line key (a digest of the customer's key, or the order number with the product's key)."""
    column, rest = _LINES[table]
    base = _base_of(table)
    cols = f"id, {column}, customer, customer_key, {rest}"
    stale = ws.db.execute(
        f"SELECT {cols} FROM {table} WHERE {_holding('customer')} OR {_holding('product')}"
    ).fetchall()
    if not stale:
        return 0

    def bases(row) -> tuple[str, str] | None:
        _i, _key, customer, ck, *data = row
        if _old_key(customer) != ck:
            return None
        return base(ck, _old_text_key, *data), base(_new_key(customer), normalize.text_key, *data)

    rows = {r[0]: (r, bases(r)) for r in stale}
    olds = {b[0] for _r, b in rows.values() if b}
    ws._temp_keys(olds)
    siblings = ws.db.execute(f"SELECT {cols} FROM {table} t JOIN _keys k ON k.key = t.{column}").fetchall()
    siblings += [
        r
        for r in ws.db.execute(f"SELECT {cols} FROM {table} WHERE {column} LIKE '%#%'")
        if _SUFFIX.sub("", r[1]) in olds
    ]
    for r in siblings:
        if r[0] not in rows:
            rows[r[0]] = (r, bases(r))

    def existing(keys: set[str]) -> set[str]:
        ws._temp_keys(keys)
        return {
            r[0]
            for r in ws.db.execute(f"SELECT t.{column} FROM {table} t JOIN _keys k ON k.key = t.{column}")
        }

    updates, stuck = _regroup([(i, r[1], b) for i, (r, b) in rows.items()], existing)
    _apply(ws, table, column, updates)
    left = len(stuck | {r[0] for r in stale if rows[r[0]][1] is None})
    for r in stale:
        new = _new_key(r[2])
        if rows[r[0]][1] is None or r[0] in stuck or new == r[3]:
            continue
        ws.db.execute(f"UPDATE {table} SET customer_key = ? WHERE id = ?", (new, r[0]))
        moved.setdefault(r[3], set()).add(new)
    return left


def _links(ws: Workspace, moved: dict[str, set[str]]) -> None:
    """A customer name the user linked to a firm (name_links) stays linked under its new key; the old
    key's link goes when no line has it any more (another firm's name may be keyed so later)."""
    for old, news in moved.items():
        link = ws.db.execute(
            "SELECT company_id, linked_at FROM name_links WHERE name_key = ?", (old,)
        ).fetchone()
        if link is None:
            continue
        for new in sorted(news):
            if not ws.db.execute("SELECT 1 FROM name_links WHERE name_key = ?", (new,)).fetchone():
                ws.db.execute("INSERT INTO name_links VALUES (?, ?, ?)", (new, *link))
        still = any(
            ws.db.execute(f"SELECT 1 FROM {t} WHERE customer_key = ? LIMIT 1", (old,)).fetchone()
            for t in _LINES
        )
        if not still:
            ws.db.execute("DELETE FROM name_links WHERE name_key = ?", (old,))


def _unlink(ws: Workspace, table: str, moved: dict[str, set[str]], firms: set[int]) -> list[int]:
    """Unlink the lines linked by their old key only: a line of a re-keyed firm, or re-keyed itself,
    whose customer key is now neither its firm's key nor a name linked to it (宁波干丰's line was
    linked to 宁波乾丰 while both were keyed 宁波干丰). Then linked as any unlinked line; their ids."""
    keys = {k for news in moved.values() for k in news}
    if not keys and not firms:
        return []
    ws._temp_keys(keys)
    ws._temp_ids(firms)
    where = (
        f" WHERE company_id IS NOT NULL"
        f" AND (customer_key IN (SELECT key FROM _keys) OR company_id IN (SELECT id FROM _ids))"
        f" AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = {table}.company_id"
        f" AND c.name_key = {table}.customer_key)"
        f" AND NOT EXISTS (SELECT 1 FROM name_links l WHERE l.company_id = {table}.company_id"
        f" AND l.name_key = {table}.customer_key)"
    )
    ids = [i for (i,) in ws.db.execute(f"SELECT id FROM {table}{where}")]
    ws._temp_ids(ids)
    ws.db.execute(f"UPDATE {table} SET company_id = NULL WHERE id IN (SELECT id FROM _ids)")
    return ids


def _report_unlinked(ws: Workspace, table: str, ids: list[int]) -> None:
    """An unlinked-order (unlinked-payment) problem for each line _unlink left unlinked, as its import
    would list it now (review r75 F1): under the latest import of its file and sheet, at its row, the
    import's summary counting it; else `status`'s 未关联 would point to `problems` listing nothing."""
    from ..io.layout import column_letter
    from ..orders import unlinked_texts

    if not ids:
        return
    code = "unlinked-order" if table == "orders" else "unlinked-payment"
    ws._temp_ids(ids)
    lines = ws.db.execute(
        f"SELECT import_id, source_file, source_sheet, source_row, customer, customer_key FROM {table}"
        " WHERE company_id IS NULL AND id IN (SELECT id FROM _ids) ORDER BY id"
    ).fetchall()
    imports = {(i["file_name"], i["sheet"]): i for i in ws.imports()}  # the latest of each
    rows = []
    for line, (zh, en) in zip(lines, unlinked_texts(ws, [(r[5], r[4]) for r in lines], code), strict=True):
        import_id, file, sheet, row, customer, _key = line
        record = imports.get((file, sheet)) or {}
        headers, mapping = record.get("headers") or [], record.get("mapping") or {}
        col = next(
            (column_letter(n) for n, h in enumerate(headers) if mapping.get(h) == "company"), "company"
        )
        rows.append((record.get("id", import_id), code, file, sheet, row, col, customer, zh, en))
    cols = ("import_id", "code", "file", "sheet", "row", "col", "value", "message_zh", "message_en")
    ws.db.load("problems", rows, cols)
    for import_id in {r[0] for r in rows if r[0] is not None}:
        ws.recount_import_problems(import_id)


def fold_managers(ws: Workspace) -> None:
    """Schema 8 too: the 区域经理 names an older import stored as written (孙 志强, 孫志強) folded as
    an import reads them now (normalize.manager_name), else the firms under another spelling drop
    out of that manager's --manager views (review r76 F9). A target line split by manager follows
    its name; two spellings' lines of one period become one, their amounts added."""
    stored = ws.db.execute("SELECT DISTINCT manager FROM companies WHERE manager IS NOT NULL").fetchall()
    for (name,) in stored:
        if (new := normalize.manager_name(name) or None) != name:
            ws.db.execute("UPDATE companies SET manager = ? WHERE manager = ?", (new, name))
    lines = ws.db.execute(
        "SELECT id, period, dim_value, amount FROM targets WHERE dim = 'manager' ORDER BY id"
    )
    kept: dict[tuple[str, str], tuple[int, float]] = {}
    changed = []
    for i, period, value, amount in lines.fetchall():
        new = normalize.manager_name(value)
        if (period, new) in kept:
            first, total = kept[period, new]
            kept[period, new] = (first, total + amount)
            ws.db.execute("DELETE FROM targets WHERE id = ?", (i,))
            changed.append(first)
        else:
            kept[period, new] = (i, amount)
            if new != value:
                changed.append(i)
    for (_period, new), (i, amount) in kept.items():
        if i in changed:
            ws.db.execute("UPDATE targets SET dim_value = ?, amount = ? WHERE id = ?", (new, amount, i))
