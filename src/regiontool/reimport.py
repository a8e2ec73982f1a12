"""An import over what the workspace already holds: a re-imported export's edited cells taken
as the manager's edits, and the original cells a blank never erases.

`importer.import_contacts` calls these inside its transaction; they read the workspace and
the records, and change only the records and the import's kept rows.
"""

from __future__ import annotations

import operator

import orjson

from . import normalize, vocab
from .io.layout import Layout, column_letter
from .records import (
    EXPORT_CONTACT_FIELDS,
    EXPORT_FIRM_FIELDS,
    FIELD_SOURCES,
    ROW_KEY_PREFIX,
    Firm,
    ProblemLog,
    Records,
    shown_value,
)
from .store import COMPANY_COLUMNS, Workspace

# history.field of a change to an original column kept as it is (原样保留): the header after it.
ORIGINAL_COLUMN = "col:"


def export_row_edits(
    ws: Workspace,
    records: Records,
    layout: Layout,
    existing: dict[str, dict],
    stored: dict[tuple[int, str], dict] | None = None,
) -> dict[int, set[str] | None]:
    """An exported resource table re-imported: per data row of a known contact, the fields of
    its original columns whose cell differs from the stored original cell the export wrote
    there (the row its 来源文件 and 来源行 name, where the workspace still traces the contact);
    None where that row cannot be told (every cell then counts as written in the file).
    `stored`: the known firms' contacts (Workspace.contacts_of), when the caller has them."""
    from isal import isal_zlib

    from .records import unpack_rows

    files, rows_at = records.exported.get("source_file"), records.exported.get("source_row")
    if files is None or rows_at is None:
        return {}
    if stored is None:
        stored = ws.contacts_of(o["id"] for o in existing.values())
    file_of = {imp["id"]: imp["file_name"] for imp in ws.imports()}
    excel_rows, cells = unpack_rows(isal_zlib.decompress(records.raw_rows))
    mine = dict(zip(excel_rows, cells, strict=True))
    kept = [c for c in layout.columns if not c.export]
    # The columns that give a field, and a row's cells in them (one call: most rows are compared
    # as a whole, their cells being the stored ones as they were written).
    fielded = [(i, c.header) for i, c in enumerate(kept) if c.field]
    cells_of = operator.itemgetter(*(i for i, _ in fielded), 0, 0)  # two more: always a tuple
    headers_of = [h for _, h in fielded]
    originals: dict[int, tuple[dict, list[str]]] = {}
    out: dict[int, set[str] | None] = {}
    for key, firm in records.firms.items():
        held = existing.get(key)
        if held is None:
            continue
        for ckey, n in firm.contacts.items():
            old = stored.get((held["id"], ckey))
            out[n] = None
            if (
                old is None
                or file_of.get(old["import_id"]) != files[n]
                or str(old["source_row"]) != rows_at[n]
            ):
                continue
            if old["import_id"] not in originals:
                packed = ws.import_rows(old["import_id"])
                at, rows = unpack_rows(packed) if packed else ([], [])
                originals[old["import_id"]] = (
                    dict(zip(at, rows, strict=True)),
                    ws.import_headers(old["import_id"]),
                )
            by_row, headers = originals[old["import_id"]]
            was = by_row.get(old["source_row"])
            row = mine.get(records.contacts["source_row"][n])
            if was is None or row is None:
                continue
            was_cell = dict(zip(headers, was, strict=False))  # (headers kept for other rows: more)
            if (
                fielded
                and len(row) == len(kept)
                and same_plain_cells(cells_of(row)[: len(fielded)], tuple(map(was_cell.get, headers_of)))
            ):
                out[n] = set()
                continue
            out[n] = {
                c.field
                for c, v in zip(kept, row, strict=True)
                if c.field and not normalize.same_cell(v, was_cell.get(c.header))
            }
    return out


# Cells whose equal values, of one type, are always the same cell (normalize.same_cell).
_PLAIN = {str, int, float}


def same_plain_cells(cells: tuple, olds: tuple) -> bool:
    """Whether two rows' cells are equal texts and numbers, pair by pair of one type: then each
    pair is the same cell (normalize.same_cell), told without comparing them one by one (an
    unedited export's row against its stored original in export_row_edits). False says nothing."""
    if cells != olds:
        return False
    kinds = tuple(map(type, cells))
    return kinds == tuple(map(type, olds)) and set(kinds) <= _PLAIN


def keep_unedited_fields(records: Records, existing: dict[str, dict], row_edits: dict) -> None:
    """A known firm's fields that no edited original column of its rows gives (export_row_edits)
    are left as the workspace holds them: an export imported again does not put back what its
    original columns still say after an edit was taken from its key-field columns."""
    dropped_for: dict[frozenset[str], set[str]] = {}  # the fields left, per set of edited fields
    for key, firm in records.firms.items():
        if key not in existing:
            continue
        edits = [row_edits.get(n) for n in firm.contacts.values()]
        if not edits or any(e is None for e in edits):
            continue
        edited = frozenset().union(*edits)
        dropped = dropped_for.get(edited)
        if dropped is None:
            dropped = dropped_for[edited] = {
                col
                for col in COMPANY_COLUMNS
                if col != "basis" and not {col, *FIELD_SOURCES.get(col, ())} & edited
            }
        for col in dropped:
            firm.fields[col] = None
        if firm.fields.get("basis"):
            basis = {k: v for k, v in orjson.loads(firm.fields["basis"]).items() if k not in dropped}
            firm.fields["basis"] = orjson.dumps(basis).decode() if basis else None


def take_export_edits(
    records: Records, existing: dict[str, dict], log: ProblemLog | None = None
) -> dict[str, dict[str, str]]:
    """An exported resource table re-imported: a key-field column's value that differs from what
    the workspace holds for a known firm is the manager's edit, and sets the field; where it is
    the same, the file's other columns are read as usual (an inferred town stays inferred, a
    corrected 手机 replaces the phone). Rows of one firm edited to different values: the first
    row's edit is taken and each other value is reported (conflicting-value, at its sheet row) in
    `log`. A row written with a merged firm's name is read as the firm's only where its 企业编号 is
    the firm's (an export written after `regiontool merge`); one of an export written before it
    shows the merged firm's values (its own id), no edit. Returns the edits taken: firm key → field
    → the value as shown (a tier's code)."""
    moved: list[tuple[Firm, dict]] = []  # firms whose address was edited, with what is stored
    taken: dict[str, dict[str, str]] = {}
    columns = log.layout.export_fields if log is not None else {}
    rows = records.contacts["source_row"]
    not_its = _rows_of_merged_firms(records, existing)
    if log is not None and not_its:
        _report_merged_row_edits(records, existing, not_its, log)
    for key, values in records.exported.items():
        if key not in EXPORT_FIRM_FIELDS:
            continue
        for name_key, firm in records.firms.items():
            old = existing.get(name_key)
            if old is None:
                continue
            held = shown_value(old, key)
            edits = [
                (values[n], n)
                for n in firm.contacts.values()
                if values[n] and values[n] != held and n not in not_its
            ]
            if not edits:
                continue
            if firm.own_fields is not None:  # an edit typed on a merged-in row is the firm's own
                firm.own_fields.add(key)
            edit = edits[0][0]
            records.set_from_export(firm, key, edit)
            fields = firm.fields
            taken.setdefault(name_key, {})[key] = (fields["tier"] or edit) if key == "tier" else edit
            if key == "address":
                moved.append((firm, old))
            if log is not None and len(edits) > 1:
                _report_other_edits(log, firm, key, edits, rows, columns)
    for firm, old in moved:
        _town_follows_address(firm, old)
    return taken


def _rows_of_merged_firms(records: Records, existing: dict[str, dict]) -> set[int]:
    """The rows written with a merged firm's name whose 企业编号 is not the firm's they live on as
    now (an export written before the merge, or a list of that name): what they show is no edit."""
    merged = records.merged_from
    if not merged:
        return set()
    ids = records.exported.get("company_id") or [""] * len(records.contacts["source_row"])
    firm_ids = {
        n: str(existing[k]["id"])
        for k, f in records.firms.items()
        if f.merged_name and k in existing
        for n in f.contacts.values()
    }
    return {n for n in merged if ids[n] != firm_ids.get(n)}


def _report_merged_row_edits(
    records: Records, existing: dict[str, dict], rows: set[int], log: ProblemLog
) -> None:
    """A key-field value on a row of an export written before a merge (its 企业编号 the merged
    firm's) that is neither what that firm held then nor the firm's now: the manager's edit, not
    taken (the row shows the merged firm), said so that it goes on the kept firm's rows."""
    ids = records.exported.get("company_id")
    if not ids:
        return
    columns = log.layout.export_fields
    for firm in records.firms.values():
        old = existing.get(firm.key)
        if old is None or not firm.merged_name:
            continue
        for n in firm.contacts.values():
            if n not in rows:
                continue
            other_id, then = records.merged_firms.get(records.merged_from[n], (None, {}))
            if ids[n] != str(other_id):
                continue
            for key in EXPORT_FIRM_FIELDS:
                v = records.exported.get(key, [None] * (n + 1))[n]
                held = shown_value(old, key)
                if not v or v == held or v == then.get(key):
                    continue
                f = vocab.FIELD_BY_KEY[key]
                zh, en = vocab.problem_text(
                    "merged-row-edit", name=firm.name, other=firm.merged_name, field=(f.zh, f.en), v=v
                )
                col = column_letter(columns[key]) if key in columns else key
                log.add("merged-row-edit", int(records.contacts["source_row"][n]), col, v, zh, en)


def _report_other_edits(
    log: ProblemLog, firm: Firm, key: str, edits: list[tuple[str, int]], rows: list, columns
) -> None:
    """take_export_edits: a firm's rows edited to different values in one key-field column; the
    first row's is taken, each other value is reported once, at the first sheet row holding it."""

    def shown(v: str) -> str:  # a tier compared as its code: b and B are one edit
        return (normalize.normalize_tier(v)[0] or v) if key == "tier" else v

    first = shown(edits[0][0])
    seen = {first}
    f = vocab.FIELD_BY_KEY[key]
    col = column_letter(columns[key]) if key in columns else key
    for v, n in edits[1:]:
        if shown(v) in seen:
            continue
        seen.add(shown(v))
        zh, en = vocab.problem_text(
            "conflicting-value", name=firm.name, field=(f.zh, f.en), old=edits[0][0], v=v
        )
        log.add("conflicting-value", int(rows[n]), col, f"{edits[0][0]} / {v}", zh, en)


def export_edits_over_hand_set(
    ws: Workspace, existing: dict[str, dict], taken: dict[str, dict[str, str]], hand_set: set
) -> set[tuple[int, str]]:
    """Of the fields set by hand (`hand_set`: (company id, field)), those an export's edit
    (take_export_edits: `taken`) replaces. The export's time is not at hand (a CSV has none; an
    xlsx's document properties, not read by calamine, are what the last program to save it
    wrote), so its value is judged by the field's history: a value the field
    never had is an edit made in an export written after the `set` (which showed the hand's
    value), and wins; a value it had before is what an export written before the `set` showed,
    stale, and the hand's value stays (reported as kept-by-hand). A tier is replaced only by a
    tier code: a text that is none (大客户) is what a stale export showed before the `set`,
    whose history may not hold it (sets before 2026-11-27 logged ∅ for it). A county that
    follows an edited town, its own column not edited, goes with the town."""
    lifted: set[tuple[int, str]] = set()
    for name_key, edits in taken.items():
        cid = existing[name_key]["id"]
        wanted = [k for k in edits if (cid, k) in hand_set]
        if not wanted:
            continue
        had: dict[str, set] = {}
        for h in ws.history(cid):
            if h["contact_id"] is None:
                had.setdefault(h["field"], set()).update((h["old"], h["new"]))
        lifted |= {
            (cid, k)
            for k in wanted
            if edits[k] not in had.get(k, ()) and (k != "tier" or normalize.normalize_tier(edits[k])[0])
        }
        if (cid, "town") in lifted and "county" not in edits:
            lifted.add((cid, "county"))
    return lifted & hand_set


def _town_follows_address(firm: Firm, old: dict) -> None:
    """An address edited in an export's key-field column: a town the workspace inferred from the
    old address (not read from a column, set by hand or edited in the export too) is inferred
    again from the new one, its county with it, each with its reason."""
    from .enrich import county_from_town
    from .enrich.town import resolve_addresses
    from .vocab.basis import FROM_EXPORT_COLUMN, from_address

    basis = orjson.loads(firm.fields["basis"]) if firm.fields.get("basis") else {}
    was = orjson.loads(old["basis"]).get("town") if old["basis"] else None
    if basis.get("town", "").startswith(FROM_EXPORT_COLUMN.split("{")[0]) or not (
        from_address(was) or not old["town"]
    ):
        return
    address = firm.fields["address"]
    m = resolve_addresses([address], [old["county"]] if old["county"] else [])[address]
    if not m.town:
        return
    firm.fields["town"], basis["town"] = m.town, m.basis
    if m.county:
        firm.fields["county"], basis["county"] = m.county, county_from_town(m.town, m.county)
    firm.fields["basis"] = orjson.dumps(basis).decode()


def take_contact_edits(records: Records, n: int, contact: dict, old: dict) -> None:
    """take_export_edits for a known contact: its phone or key-contact column edited in the export."""
    for key in EXPORT_CONTACT_FIELDS:
        values = records.exported.get(key)
        if values is None or not values[n]:
            continue
        held = (old["key_contact"] or old["key_contact_raw"]) if key == "key_contact" else old[key]
        if values[n] != held:
            contact[key] = values[n]
            if key == "key_contact":
                contact["key_contact"] = normalize.normalize_yes_no(values[n])[0]
                contact["key_contact_raw"] = values[n]


def shown_key(ckey: str) -> str:
    """A contact as a change names it: its phone; nothing for a row with neither name nor
    phone (its key is a digest no one could read)."""
    return "" if ckey.startswith(ROW_KEY_PREFIX) else ckey


def unmatched_unnamed(stored: dict[tuple[int, str], dict], firms: dict[int, Firm]) -> dict[int, list[dict]]:
    """Per known company, its stored contacts without a name that no row of this file matches
    as it is (by phone, or by content when there is no phone either), oldest first: the ones an
    edited row without a name stands for."""
    out: dict[int, list[dict]] = {}
    for (cid, ckey), contact in sorted(stored.items(), key=lambda item: item[1]["id"]):
        if not contact["name"] and ckey not in firms[cid].contacts:
            out.setdefault(cid, []).append(contact)
    return out


def merged_extra(old: str | None, new: str | None) -> tuple[str | None, list[tuple[str, str, str]]]:
    """A known contact's original columns kept as they are (contacts.extra), after a re-import:
    a blank cell keeps the stored value, a different one replaces it. Returns the merged JSON
    (None when it is the stored one) and the changes, (header, old text, new text)."""
    stored = orjson.loads(old) if old else {}
    offered = orjson.loads(new) if new else {}
    merged = dict(stored)
    changes = []
    for header, value in offered.items():
        # the same cell read back as text (a CSV of an export: 0.25 for the number 0.25) is no change
        if value in (None, "") or normalize.same_cell(value, stored.get(header)):
            continue
        merged[header] = value
        was = stored.get(header)
        changes.append(
            (header, None if was is None else normalize.cell_text(was), normalize.cell_text(value))
        )
    if merged == stored:
        return None, changes
    return orjson.dumps(merged).decode(), changes


def keep_original_cells(
    ws: Workspace, import_id: int, packed: bytes, headers: list[str], moves: list[tuple[int, int, int]]
) -> None:
    """A blank cell never erases a stored value, in the original columns either: the contacts
    this import points at its own rows (`moves`: old import, old row, new row) get, in the
    import's kept rows, the cells their previous row had where this file's are blank. A column
    the file no longer has is added to the import's headers for them, with the field it was read as
    (客户分类 is the tier's column, never an original column of that name: review r94 F4). The
    import's rows are rewritten only when a cell was kept."""
    from isal import isal_zlib

    from .records import pack_rows, unpack_rows

    if not moves:
        return
    excel_rows, rows = unpack_rows(isal_zlib.decompress(packed))
    at = {r: i for i, r in enumerate(excel_rows)}
    columns = list(headers)
    position = {h: j for j, h in reversed(list(enumerate(columns)))}  # the first column of a header
    by_import: dict[int, list[tuple[int, int]]] = {}
    for old_import, old_row, new_row in moves:
        if old_import is not None and old_import != import_id and new_row in at:
            by_import.setdefault(old_import, []).append((old_row, new_row))
    kept = False
    read_as: dict[str, str] = {}  # the added columns' fields, as their imports read them
    for old_import, pairs in by_import.items():
        stored = ws.import_rows(old_import)
        if not stored:
            continue
        old_excel_rows, old_rows = unpack_rows(stored)
        old_at = {r: i for i, r in enumerate(old_excel_rows)}
        old_headers = ws.import_headers(old_import)
        old_mapping = ws.import_mapping(old_import)
        shared = [(i, position[h]) for i, h in enumerate(old_headers) if h in position]
        gone = [(i, h) for i, h in enumerate(old_headers) if h not in position]
        for old_row, new_row in pairs:
            n = old_at.get(old_row)
            if n is None:
                continue
            before, row = old_rows[n], rows[at[new_row]]
            width, old_width = len(row), len(before)
            for i, j in shared:  # most cells are filled: one test each
                if (
                    j < width
                    and not normalize.is_blank(row[j])
                    or i >= old_width
                    or normalize.is_blank(before[i])
                ):
                    continue
                if j >= width:
                    row.extend([None] * (j + 1 - width))
                    width = len(row)
                row[j] = before[i]
                kept = True
            for i, header in gone:  # a column this file does not have
                if i >= old_width or normalize.is_blank(before[i]):
                    continue
                j = position.get(header)
                if j is None:
                    j = position[header] = len(columns)
                    columns.append(header)
                    if header in old_mapping:
                        read_as[header] = old_mapping[header]
                if j >= width:
                    row.extend([None] * (j + 1 - width))
                    width = len(row)
                row[j] = before[i]
                kept = True
    if kept:
        mapping = {**read_as, **ws.import_mapping(import_id)} if read_as else None
        ws.set_import_rows(import_id, pack_rows(rows, excel_rows), columns, mapping)
