"""A mapped sheet → firms and contacts, worked column by column.

Every cleaning function runs once per distinct cell value and is mapped back onto the
rows in C (`map(cache.__getitem__, column)`), so 100,000 rows cost about as much as
their distinct values. A firm's field takes the first non-blank value among its rows;
a later, different value is reported, not silently taken.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections import Counter, deque
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat

import orjson
from isal import isal_zlib

from . import normalize, vocab
from .errors import LayoutError
from .io.layout import Layout, column_letter, field_of_header
from .io.read import RawBook
from .problems import Problem
from .store import CONTACT_DATA
from .store.merging import origin_key
from .vocab.basis import FROM_EXPORT_COLUMN

# Company fields whose disagreement between rows of one firm is worth a problem.
CONFLICT_FIELDS = ("tier", "manager", "town", "county", "industry", "size", "competitor")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:省|市|县|区)")


@dataclass(slots=True)
class Firm:
    key: str
    name: str
    first_row: int
    fields: dict[str, str | None] = field(default_factory=dict)
    contacts: dict[str, int] = field(default_factory=dict)  # contact key → data row index
    # The merged firm's name some of its rows are written with (firms_of), and the fields its own
    # rows give (contact_records; None: every row its own): a value only that name's rows give
    # fills the firm's blank, changes none (importer._company_updates).
    merged_name: str | None = None
    own_fields: set[str] | None = None

    def company_row(self) -> dict[str, object]:
        """The firm as the store inserts a new company (Workspace.insert_companies)."""
        return dict(self.fields, name=self.name, name_key=self.key)


@dataclass
class Records:
    firms: dict[str, Firm]
    contacts: dict[str, list]  # CONTACT_DATA columns, indexed like the data rows
    rows_read: int
    blank_rows: int
    rejected: int
    problems: list[Problem]
    raw_rows: bytes  # the original cells, zlib-compressed JSON, kept once per import
    places: list[str]  # province/city/county names most written in the addresses
    firm_problems_at: int = 0  # where the firm fields' problems go, to keep the sheet's order
    # An exported resource table's key-field columns (export_values): field → each data row's
    # value as stored, and field → the column's header (for the basis of a value taken from it).
    exported: dict[str, list] = field(default_factory=dict)
    export_headers: dict[str, str] = field(default_factory=dict)
    # Firms a registry status column says are closed (注销, 吊销 …): firm key → (the status, its reason).
    closed: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The firms tier_from_status made F2: a tier the workspace already holds wins over it.
    tier_from_closed: set[str] = field(default_factory=set)
    # Firm key → its first 统一社会信用代码 (credit_code_problems), and that column's header: a stored
    # firm of another name with the code is a possible duplicate (importer.flag_renamed).
    credit_codes: dict[str, str] = field(default_factory=dict)
    credit_code_header: str = ""
    # Rows written with a merged firm's name (SheetRows.merged_from): row → that name's key, and
    # that key → the merged firm's own id and key fields (what an export written before the merge shows).
    merged_from: dict[int, str] = field(default_factory=dict)
    merged_firms: dict[str, tuple[int | None, dict]] = field(default_factory=dict)

    def contact(self, n: int) -> dict:
        return {k: self.contacts[k][n] for k in CONTACT_DATA}

    def add_firm_fields(
        self, columns: dict[str, list], problems: list[Problem], last: list[Problem] = ()
    ) -> None:
        """Merge fields worked out beside the contacts (maybe in another process): field →
        one value per firm in the firms' order (a column pickles and unpickles in half the time
        of a dict per firm), each column set into the firms' dicts in C; `problems` go where the
        firm fields' problems belong in the sheet's order, `last` after every other."""
        dicts = [firm.fields for firm in self.firms.values()]
        for key, values in columns.items():
            if len(values) != len(dicts):
                raise ValueError(f"{key}: {len(values)} values for {len(dicts)} firms")
            deque(map(operator.setitem, dicts, repeat(key), values), maxlen=0)
        at = self.firm_problems_at
        self.problems[at:at] = problems
        self.problems.extend(last)

    def fill_from_export(self) -> None:
        """A firm field the file's own columns leave blank (no address to find the town in, a
        tier set by hand in the workspace the table was exported from) is taken from the
        exported key-field column, with that column as its basis. Whether a key-field value that
        differs from the workspace's is an edit is settled at the store (take_export_edits)."""
        for key in EXPORT_FIRM_FIELDS:
            values = self.exported.get(key)
            if values is None:
                continue
            for firm in self.firms.values():
                if firm.fields.get(key) or (key == "tier" and firm.fields.get("tier_raw")):
                    continue
                found = next((values[n] for n in firm.contacts.values() if values[n]), None)
                if found is not None:
                    self.set_from_export(firm, key, found)

    def set_from_export(self, firm: Firm, key: str, value: str) -> None:
        """The firm's field set to an exported key-field column's value, its basis that column."""
        fields = firm.fields
        if key == "tier":
            fields["tier"], fields["tier_raw"] = normalize.normalize_tier(value)[0], value
        else:
            fields[key] = value
        basis = orjson.loads(fields["basis"]) if fields.get("basis") else {}
        basis[key] = FROM_EXPORT_COLUMN.format(h=self.export_headers[key])
        if key == "town":  # the county follows the town, as `set --town` has it
            from .enrich import county_from_town
            from .enrich.town import Gazetteer

            gaz = Gazetteer.load()
            options = [gaz.counties[i].name for i in dict.fromkeys(gaz.towns.get(value, ()))]
            county = fields.get("county") if fields.get("county") in options else None
            if county or len(options) == 1:
                fields["county"] = county = county or options[0]
                basis["county"] = county_from_town(value, county)
        fields["basis"] = orjson.dumps(basis).decode()

    def tier_from_status(self) -> None:
        """A firm whose registry status says it is closed (登记状态 注销, 吊销 …) and that has no tier
        of its own (no tier cell, no exported 客户分类) is F2, its reason the status column's; over a
        firm the workspace holds with a tier, that tier wins (importer._company_updates)."""
        for key, (text, reason) in self.closed.items():
            fields = self.firms[key].fields
            if fields.get("tier") or fields.get("tier_raw"):
                continue
            fields["tier"], fields["tier_raw"] = vocab.REGISTRY_CLOSED_TIER, text
            self.tier_from_closed.add(key)
            basis = orjson.loads(fields["basis"]) if fields.get("basis") else {}
            basis["tier"] = reason
            fields["basis"] = orjson.dumps(basis).decode()


# The key fields of a firm an exported resource table's columns may give back, and of a contact.
EXPORT_FIRM_FIELDS = ("address", "manager", "town", "county", "industry", "size", "tier")
EXPORT_CONTACT_FIELDS = ("phone", "key_contact")
# The fields of the file's columns a firm or contact field is read or inferred from: where none
# of its columns holds an edit (a cell other than the stored original one the export wrote),
# a re-imported export leaves the field as the workspace holds it (reimport.export_row_edits).
FIELD_SOURCES: dict[str, tuple[str, ...]] = {
    "town": ("address", "town", "county"),
    "county": ("address", "town", "county"),
    "industry": ("company", "industry", "scope"),
    "size": ("size", "employees", "revenue"),
    "tier_raw": ("tier", "status"),
    "employees_n": ("employees",),
    "revenue_n": ("revenue",),
    "key_contact_raw": ("key_contact",),
}


def shown_value(firm: dict, key: str) -> object:
    """A stored firm's `key` as the export shows it: a tier's code, else the text of a tier no code
    was read from; any other field as stored."""
    return (firm["tier"] or firm["tier_raw"]) if key == "tier" else firm[key]


@dataclass
class FirmFields:
    """The company fields key-field inference reads, as firm_fields finds them."""

    values: dict[str, dict[str, object]]  # field → firm key → the firm's first value
    problems: list[Problem]

    def columns(self, keys: list[str]) -> dict[str, list]:
        """field → the firms' values in `keys`' order (None where a firm has none)."""
        return {key: list(map(first.get, keys)) for key, first in self.values.items()}


class ProblemLog:
    """Problems of one sheet, with file and sheet filled in."""

    def __init__(self, file_name: str, sheet_name: str, layout: Layout, initial: list[Problem] = ()):
        self.file, self.sheet, self.layout = file_name, sheet_name, layout
        self.items = list(initial)

    def add(self, code: str, row: int, field_or_col: str, value: str, zh: str, en: str) -> None:
        idx = self.layout.columns_of(field_or_col)
        col = column_letter(idx[0]) if idx else field_or_col
        self.items.append(
            Problem(
                code=code,
                file=self.file,
                sheet=self.sheet,
                row=row,
                column=col,
                value=value,
                message_zh=zh,
                message_en=en,
            )
        )


def data_rows(sheet, layout: Layout) -> tuple[list[list], list[int], int]:
    """The rows under the header, each as wide as the header, blank rows counted and left out.
    A cell merged down over several rows (企业名称 over a firm's contacts) is read in each of
    them, as the user sees it."""
    width = len(layout.columns)
    rows, excel_rows, blank = [], [], 0
    all_rows = sheet.rows
    filled = _merged_down(sheet, layout.header_row, width)
    for i in range(layout.header_row + 1, len(all_rows)):
        row = all_rows[i]
        if len(row) != width or (filled and i in filled):
            row = list(row[:width]) + [None] * (width - len(row))
            if i in filled and not normalize.is_blank_row(row):  # a blank row under a merged name stays blank
                for j, value in filled[i]:
                    row[j] = value
        if normalize.is_blank_row(row):
            blank += 1
            continue
        rows.append(row)
        excel_rows.append(i + 1)
    return rows, excel_rows, blank


def _merged_down(sheet, header_row: int, width: int) -> dict[int, list[tuple[int, object]]]:
    """Row index → (column, value) of the data cells a merged area covers below its first cell.

    An area that starts in the data and spans rows gives its first cell's value to the
    rows below it, in its first column: the value Excel shows there, also over a value the
    covered cell still holds (LibreOffice's "keep the contents of the hidden cells", some
    exporters), which no one sees. (A second column of an area spanning columns stays as it
    is: the value would stand for another field.)"""
    filled: dict[int, list[tuple[int, object]]] = {}
    rows = sheet.rows
    for r0, c0, r1, _c1 in getattr(sheet, "merges", ()):
        if r0 <= header_row or r1 <= r0 or c0 >= width or r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else None
        if top is None or (isinstance(top, str) and not top.strip()):
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            filled.setdefault(r, []).append((c0, top))
    return filled


def _fold_column(values: tuple) -> list[str]:
    """fold(cell_text(v)) of a column: a column of texts that mostly differ in one pass over its
    joined text, any other column per distinct value. A column holding a boolean is folded by
    type and value: TRUE, 1 and 1.0 are one member of a set, and two texts (TRUE, 1), whichever
    cell came first."""
    blob = normalize.joined_texts(values)
    if blob is not None:  # all text (most columns): no cell's type to look at
        if normalize.mostly_distinct(values):
            return normalize.fold_joined(blob)
        distinct = list(set(values))
        table = dict(zip(distinct, normalize.fold_many(distinct), strict=True))
        return list(map(table.__getitem__, values))
    if bool in set(map(type, values)):
        fold, cell_text = normalize.fold, normalize.cell_text
        typed = {(type(v), v) for v in values}
        table = {k: fold(k[1] if k[0] is str else cell_text(k[1])) for k in typed}
        return [table[type(v), v] for v in values]
    distinct = list(set(values))
    texts = [v if type(v) is str else normalize.cell_text(v) for v in distinct]
    table = dict(zip(distinct, normalize.fold_many(texts), strict=True))
    return list(map(table.__getitem__, values))


def _manager_names(values: list) -> list:
    """A 区域经理 column as stored (normalize.manager_name), each distinct value cleaned once."""
    table = {v: normalize.manager_name(v) if v else v for v in set(values)}
    return list(map(table.__getitem__, values))


def _simplified(values: list[str]) -> list[str]:
    distinct = list(set(values))
    table = dict(zip(distinct, normalize.to_simplified_many(distinct), strict=True))
    return list(map(table.__getitem__, values))


def place_names(addresses: list[str], limit: int = 30) -> list[str]:
    """The most common province/city/county names written in addresses (宁波, 慈溪), from a
    sample of them, and the cities above those counties (慈溪 → 宁波)."""
    from .enrich.town import with_parent_places

    counts = Counter(m.group(1) for a in addresses[:_PLACE_SAMPLE] if a for m in _PLACE.finditer(a))
    return with_parent_places([p for p, _ in counts.most_common(limit)])


_PLACE_SAMPLE = 20000


def _industry_labels(col: list[str]) -> list[str]:
    """An industry column with the packaged taxonomy's English names (an `export --lang en`) read
    as the industries they name (electrical appliances & instruments → 电子电器): what is stored
    is Chinese."""
    table = {v: vocab.industry_of(v) or v for v in set(col) if v and v.isascii()}
    return list(map(table.get, col, col)) if table else col


def export_values(rows: SheetRows) -> tuple[dict[str, list], dict[str, str]]:
    """An exported resource table's key-field columns: field → each row's value in the form the
    workspace stores it (a tier as its code, an English industry or size as the Chinese one,
    phones normalised), None where blank; and field → the column's header."""
    values: dict[str, list] = {}
    headers: dict[str, str] = {}
    by_index = {c.index: c.header for c in rows.layout.columns}
    for key, j in rows.layout.export_fields.items():
        if key not in EXPORT_FIRM_FIELDS and key not in EXPORT_CONTACT_FIELDS:
            continue
        col = _fold_column(rows.columns[j])
        if key in ("town", "county", "industry", "tier", "size", "key_contact", "manager"):
            col = _simplified(col)
        if key == "manager":
            col = _manager_names(col)
        distinct = [v for v in set(col) if v]
        if key == "phone":
            parsed = normalize.normalize_phones(distinct)
            table = {
                v: "; ".join(nums if ok else [*nums, normalize.unread_phone_text(v)]) or None
                for v, (nums, ok) in zip(distinct, parsed, strict=True)
            }
        else:
            parse = _EXPORT_PARSE.get(key)
            table = {v: (parse(v) if parse else None) or v for v in distinct}
        values[key] = list(map(table.get, col))
        headers[key] = by_index[j]
    for c in rows.layout.columns:  # where each row's original cells came from (export_edits)
        if c.export in EXPORT_TRACE or c.export == "company_id":  # (and the firm: take_export_edits)
            values[c.export] = [normalize.cell_text(v).strip() for v in rows.columns[c.index]]
    return values, headers


# The trace columns of an exported resource table that name the stored row its original cells
# were written from (the import's file, and the row in it).
EXPORT_TRACE = ("source_file", "source_row")


_EXPORT_PARSE = {
    "industry": vocab.industry_of,
    "size": lambda v: normalize.normalize_size(v)[0],
    "tier": lambda v: normalize.normalize_tier(v)[0],
    "key_contact": lambda v: normalize.normalize_yes_no(v)[0],
}


def _extra_columns(columns: list[tuple], layout: Layout, n_rows: int) -> list[str | None]:
    """Per row, the cells of columns mapped to no field, as JSON: pivots can group by them."""
    unmapped = [(c.header, columns[c.index]) for c in layout.columns if not c.field and not c.export]
    if not unmapped:
        return [None] * n_rows
    out: list[str | None] = []
    dumps = orjson.dumps
    for n in range(n_rows):
        cells = {h: col[n] for h, col in unmapped if col[n] is not None and col[n] != ""}
        out.append(dumps(cells, default=normalize.cell_text).decode() if cells else None)
    return out


def pack_rows(rows: list[list], excel_rows: list[int]) -> bytes:
    """An import's original cells, compressed once, for a faithful export (unpack_rows). A date
    or time cell is kept as {"$date": ISO text}, so the export gives it back as a date."""
    return isal_zlib.compress(  # ISA-L: the zlib format at a quarter of zlib's time
        orjson.dumps(
            {"excel_rows": excel_rows, "rows": rows},
            default=_packed_cell,
            option=orjson.OPT_PASSTHROUGH_DATETIME,
        ),
        1,
    )


_DATE_KEY = "$date"


def _packed_cell(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return {_DATE_KEY: value.isoformat()}
    return normalize.cell_text(value)


def unpack_rows(packed: bytes) -> tuple[list[int], list[list]]:
    """(sheet row numbers, original cells) of pack_rows' bytes (inflated), dates as dates."""
    data = orjson.loads(packed)
    rows = data["rows"]
    if b'{"' + _DATE_KEY.encode() + b'":' in packed:  # only then is a cell worth looking at
        for row in rows:
            for j, v in enumerate(row):
                if type(v) is dict and _DATE_KEY in v:
                    row[j] = _unpacked_date(v[_DATE_KEY])
    return data["excel_rows"], rows


def _unpacked_date(text: str) -> dt.datetime | dt.date | dt.time:
    if "T" in text:
        return dt.datetime.fromisoformat(text)
    return dt.time.fromisoformat(text) if ":" in text else dt.date.fromisoformat(text)


# The key of a contact row with neither name nor phone starts so (then a digest of the row).
ROW_KEY_PREFIX = "row:"


def _row_key(row: list) -> str:
    """Identity of a contact row with neither name nor phone: its content. An edited copy of
    the row has another key; the importer pairs such rows with the stored ones in order."""
    return ROW_KEY_PREFIX + hashlib.sha1(orjson.dumps(row, default=normalize.cell_text)).hexdigest()[:16]


@dataclass
class SheetRows:
    """A sheet's data rows by column, with each row's company key: where both halves of the
    work (firm_fields, contact_records) start, one of them maybe in a second process."""

    layout: Layout
    rows: list[list]
    excel_rows: list[int]
    blank: int
    columns: list[tuple]
    names: list[str]
    name_keys: list[str]
    accepted: list[int]  # rows with a company name
    problems: ProblemLog  # so far: the layout's, then the rows without a company name
    # Rows written with a merged firm's name (firms_of): row → that name's key; per such key the
    # merged firm's own id and key fields at the merge (Workspace.company_aliases).
    merged_from: dict[int, str] = field(default_factory=dict)
    merged_firms: dict[str, tuple[int | None, dict]] = field(default_factory=dict)

    def column(self, key: str) -> list[str]:
        idx = self.layout.columns_of(key)
        if not idx:
            return [""] * len(self.rows)
        col = _fold_column(self.columns[idx[0]])
        return _industry_labels(col) if key == "industry" else col

    def accepted_keys(self) -> list[str]:
        return [self.name_keys[n] for n in self.accepted]

    def first_values(self, firm_keys: list[str], key: str, simplified: bool = False) -> list[str | None]:
        """The first non-blank value of a field of each of these firms, as firm_fields takes it
        but without its problems: for a second reader of the field."""
        if not self.layout.columns_of(key):
            return [None] * len(firm_keys)
        col = _simplified(self.column(key)) if simplified else self.column(key)
        keys = self.name_keys
        first = {keys[n]: col[n] for n in reversed(self.accepted) if col[n]}
        return list(map(first.get, firm_keys))

    def first_values_of(self, firms: list[Firm], key: str, simplified: bool = False) -> list[str | None]:
        """first_values of these firms read from their own rows only (a firm's contacts are its
        rows, in order), each cell folded as column() folds it and a cell that says nothing (-, 无,
        未知: _said) blank, as firm_fields reads them: for a few firms of a big sheet, without a pass
        over the whole column."""
        idx = self.layout.columns_of(key)
        if not idx:
            return [None] * len(firms)
        col, fold, cell_text = self.columns[idx[0]], normalize.fold, normalize.cell_text
        said: dict[str, bool] = {}  # a short text → whether it says something, each tried once
        out: list[str | None] = []
        for firm in firms:
            first = None
            for n in firm.contacts.values():
                v = col[n]
                if v is not None and v != "" and (text := fold(v if type(v) is str else cell_text(v))):
                    if len(text) <= _PLACEHOLDER_MAX and not said.setdefault(
                        text, not normalize.says_nothing(text)
                    ):
                        continue
                    first = text
                    break
            out.append(first)
        if key == "industry":
            out = _industry_labels(out)
        if simplified:
            texts = list({t for t in out if t})
            table = dict(zip(texts, normalize.to_simplified_many(texts), strict=True))
            out = [table.get(t) for t in out]
        return out


def sheet_rows(book: RawBook, layout: Layout) -> SheetRows:
    sheet = layout.sheet
    problems = ProblemLog(book.path.name, sheet.name, layout, layout.problems)
    rows, excel_rows, blank = data_rows(sheet, layout)
    if not rows:
        raise LayoutError(
            f"{book.path.name}: sheet '{sheet.name}' has headers (row {layout.header_row + 1}) but no data rows",
            "check that you exported the right sheet",
            zh=f"{book.path.name}：工作表“{sheet.name}”有表头（第 {layout.header_row + 1} 行）但没有数据行，"
            "请确认导出的是正确的工作表",
        )
    idx = layout.columns_of("company")
    columns = list(zip(*rows, strict=True))
    names = _fold_column(columns[idx[0]]) if idx else [""] * len(rows)
    totals = total_rows(names, columns, idx[0] if idx else None, rows)
    notes = _note_rows(names, rows)
    headings = _heading_rows(sheet, excel_rows, rows, len(layout.columns))
    no_firm = totals.keys() | notes | headings  # rows that are no contact, whatever their name cell
    if not layout.export_fields:  # (an export's rows are sorted at will: no row means the one above)
        names = _ditto(names, no_firm)  # (never a 小计 row's label above it: review r109 F4)
    name_keys = written_keys = normalize.folded_keys(names)
    placeholders = normalize.placeholder_keys(name_keys) | _dittos(set(name_keys))  # none above
    if placeholders:  # rejected like a blank name, mapped in C
        name_keys = list(map(dict.fromkeys(placeholders, "").get, name_keys, name_keys))
    if no_firm:
        name_keys = [("" if n in no_firm else k) for n, k in enumerate(name_keys)]
    accepted = [n for n in range(len(rows)) if name_keys[n]]
    for n in range(len(rows)):
        if not name_keys[n]:
            filled = [normalize.cell_text(c) for c in rows[n] if c not in (None, "")]
            shown = " | ".join(filled)
            v = names[n]
            if n in totals:
                why, v = "total-row", totals[n]
            elif written_keys[n] in placeholders:
                why = "placeholder-company"
            elif n in headings:
                why, v = "heading-row", filled[0][:40]
            elif n in notes or (not v and len(filled) == 1 and _NOTE_ROW.match(filled[0])):
                why, v = "note-row", filled[0][:40]
            else:
                why = "no-company"
            zh, en = vocab.PROBLEM_MESSAGES[why]
            problems.add("no-company", excel_rows[n], "company", shown[:200], zh.format(v=v), en.format(v=v))
    return SheetRows(layout, rows, excel_rows, blank, columns, names, name_keys, accepted, problems)


def _dittos(distinct: set) -> set:
    """The values that are a ditto mark (vocab.DITTO_MARKS), written with spaces too (同 上)."""
    found = distinct & vocab.DITTO_MARKS
    spaced = (v for v in distinct if isinstance(v, str) and " " in v)  # (a C-speed test per value)
    return found | {v for v in spaced if "".join(v.split()) in vocab.DITTO_MARKS}


def _ditto(values: list, no_source: Collection[int] = ()) -> list:
    """A column with each ditto (同上, 〃: vocab.DITTO_MARKS) read as the value above it, as the manager
    meant (a company cell's: another contact of that firm; a 客户分类's or 区域经理's: the same as the
    row above). One without a value above (or under a row of `no_source`: a 小计 row) stays as written."""
    dittos = _dittos(set(values))
    if not dittos:  # (同 上 with a space too)
        return values
    out = list(values)
    for n in range(1, len(out)):
        if out[n] in dittos and out[n - 1] and out[n - 1] not in dittos and n - 1 not in no_source:
            out[n] = out[n - 1]
    return out


# A row holding one text only that begins like a note under a table (制表人：…, 备注：…).
_NOTE_ROW = re.compile(
    r"\s*(?:" + "|".join(map(re.escape, vocab.NOTE_ROW_WORDS)) + r")(?:人|时间|日期)?\s*[:：]", re.I
)


def _heading_rows(sheet, excel_rows: list[int], rows: list[list], width: int) -> set[int]:
    """The data rows that are a group's heading: one value merged across half the table or
    more in its own row (观海卫镇 over the firms below it), nothing else in the row."""
    wide = {
        r0 + 1
        for r0, c0, r1, c1 in getattr(sheet, "merges", ())
        if r0 == r1 and c1 > c0 and 2 * (min(c1, width - 1) - c0 + 1) >= width
    }
    if not wide:
        return set()
    return {n for n, r in enumerate(excel_rows) if r in wide and _one_value(rows[n])}


def _note_rows(names: list[str], rows: list[list]) -> set[int]:
    """The rows whose company cell is a note (制表人：王五) and which hold nothing else: found
    among the distinct names by one regex pass before any row is looked at."""
    texts = {v for v in set(names) if v and _NOTE_ROW.match(v)}
    if not texts:
        return set()
    return {n for n, v in enumerate(names) if v in texts and _one_value(rows[n])}


def _one_value(row: list) -> bool:
    return sum(c not in (None, "") for c in row) == 1


_PAD = r"[^\S\n]*"  # any run of whitespace but a newline (ASCII, full-width U+3000, NBSP)


def _total_word(word: str) -> str:
    """A total word as a pattern: 合计 also as 合 计 or padded to a print layout's width (合　　计, 合  计,
    non-breaking spaces too), grand total also as grandtotal; never across a line of the joined texts."""
    if word.isascii():
        return re.escape(word).replace(r"\ ", _PAD)
    return _PAD.join(map(re.escape, word))


# The opening and closing brackets a total word is written in (vocab.TOTAL_WORD_BRACKETS), as classes.
_OPEN = "[" + re.escape("".join(pair[0] for pair in vocab.TOTAL_WORD_BRACKETS)) + "]"
_CLOSE = "[" + re.escape("".join(pair[1] for pair in vocab.TOTAL_WORD_BRACKETS)) + "]"

# A total row's text, on a line of its own: the word, then nothing that continues it as a
# name (总计划五金厂, Totalink), then at most 30 characters (：, (3家), 全部); after an English
# word no letter at all (Total: 35, not Total Solutions Co. Ltd.).
_TOTAL_LINE = re.compile(
    r"\n[ \t]*((?:(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_ROW_WORDS if not w.isascii())
    + r")(?![\u4e00-\u9fffA-Za-z])[^\n]{0,30}|(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_ROW_WORDS if w.isascii())
    + r")[^A-Za-z\n]{0,30}))(?=\n)",
    re.I,
)

# A company cell's total word in brackets (vocab.TOTAL_WORD_BRACKETS): a subtotal label
# (vocab.SUBTOTAL_LABEL_WORDS) then anything — 【小计】 alone, or 【小计】宁波华峰电器有限公司, [小计]…,
# （合計）…, an ERP's subtotal of that customer, as 小计：… is; any other Chinese total word then what
# its bare form may be followed by (【累计】, 〔共计〕：3家, not 〔累计〕数据科技有限公司); an English one then
# no letter nor Chinese character ([Total]: 35, not [Total] Lubricants Ningbo Co., Ltd. nor (TOTAL)润滑油…).
_OTHER_WORDS = [w for w in vocab.TOTAL_ROW_WORDS if w not in vocab.SUBTOTAL_LABEL_WORDS]
_BRACKETED_TOTAL = re.compile(
    r"\n[ \t]*("
    + _OPEN
    + r"[ \t]*(?:(?:"
    + "|".join(_total_word(w) for w in vocab.SUBTOTAL_LABEL_WORDS)
    + r")[ \t]*"
    + _CLOSE
    + r"[^\n]*|(?:"
    + "|".join(_total_word(w) for w in _OTHER_WORDS if not w.isascii())
    + r")[ \t]*"
    + _CLOSE
    + r"(?![\u4e00-\u9fffA-Za-z])[^\n]{0,30}|(?:"
    + "|".join(_total_word(w) for w in _OTHER_WORDS if w.isascii())
    + r")[ \t]*"
    + _CLOSE
    + r"[^A-Za-z\u4e00-\u9fff\n]{0,30}))(?=\n)",
    re.I,
)


# A total word's text that goes on into a firm's name: straight on, or through a bracketed place, in
# Chinese characters only into a legal or trade suffix (总计(慈溪)贸易有限公司, 合计(宁波)五金厂) is a name,
# not a total row. A separator after the word (a colon, a space, a dash: 小计：宁波华峰电器有限公司, 合计 -
# 五金厂) makes it an ERP's per-customer subtotal row, and 合计：3家公司, 总计（慈溪） are totals too.
_FIRM_NAME_END = re.compile(
    r"^(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_ROW_WORDS if not w.isascii())
    + r")(?:[(（][\u4e00-\u9fff]{1,10}[)）])?[\u4e00-\u9fff]*[\u4e00-\u9fff](?:"
    + "|".join(map(re.escape, vocab.FIRM_SUFFIXES))
    + ")$"
)


# What a text holding a total word holds (its last character; both cases of "total"): a search for
# these rules most sheets out. 总 alone is in too many firm names (总厂, 总公司): 汇总's two characters.
_TOTAL_HINTS = sorted(
    {w[-1] for w in vocab.TOTAL_ROW_WORDS if not w.isascii() and w[-1] not in "总總"}
    | {w.replace(" ", "")[-2:] for w in vocab.TOTAL_ROW_WORDS if w[-1] in "总總"}
    | {"otal", "OTAL"}
)


def _total_texts(texts: list[str], company: bool) -> set[str]:
    """The texts among these (stripped) that are a total row's (合计, 小计：, Grand Total), not a
    firm's name that begins with the word (合计(宁波)五金厂); in a company cell (`company`) also a total
    word in brackets (【小计】宁波华峰电器有限公司). Substring searches (in C) rule out most sheets before
    any regex runs: every Chinese total word ends in 计 (計) or is 汇总 (匯總), every English one holds
    "total" (_TOTAL_HINTS)."""
    joined = "\n".join(["", *texts, ""])
    if not any(hint in joined for hint in _TOTAL_HINTS):
        return set()
    found = set(_TOTAL_LINE.findall(joined))
    if company:
        found.update(_BRACKETED_TOTAL.findall(joined))
    return {t for t in found if not _FIRM_NAME_END.match(t)}


def total_rows(
    names: list[str], columns: list[tuple], company: int | None, rows: list[list] | None = None
) -> dict[int, str]:
    """Row index → its text, of the total rows: the company cell (`names`, folded) or the
    first cell says so. A bracketed word says so in the company cell only: the first cell, when another
    column is the company's, may be a note that begins with one (【累计】拜访3次) beside a firm's name.
    With the `rows`, also a row without a name that holds a total word (总计 under 区域经理) or Excel's
    分类汇总 label (王海波 计数) and numbers only besides."""
    found: dict[int, str] = {}
    hits = _total_texts(names, True) if company is not None else set()
    if hits:
        found = {n: v for n, v in enumerate(names) if v in hits}
    if company != 0 and columns:
        first = columns[0]
        texts = {v.strip() for v in set(first) if type(v) is str and "\n" not in v}
        hits = _total_texts(list(texts), False) if texts else set()
        if hits:
            for n, v in enumerate(first):
                if type(v) is str and v.strip() in hits:
                    found.setdefault(n, v.strip())
    blank = (
        [n for n, v in enumerate(names) if not v and n not in found] if rows and company is not None else []
    )
    for j, column in enumerate(columns if blank else ()):
        if j == company:
            continue
        cells = {
            n: v.strip()
            for n in blank
            if type(v := column[n]) is str and "\n" not in v and v.strip() and n not in found
        }
        hits = _total_texts(list(set(cells.values())), False) if cells else set()
        found.update((n, t) for n, t in cells.items() if t in hits and _numbers_beside(rows[n], j))
        for n, t in _group_subtotals(
            j, column, None, names, rows, [n for n in cells if n not in found]
        ).items():
            found[n] = t
    return found


def _numbers_beside(row: list, j: int) -> bool:
    """Whether the row holds nothing but numbers (or blanks) besides its cell j: a subtotal row's sums."""
    return all(k == j or _blank(c) or type(c) in (int, float) for k, c in enumerate(row))


# A customer name that ends in a subtotal word, as ERP exports write a customer's subtotal
# (宁波华峰电器有限公司 小计, 宁波宏信五金工具厂（小计）, 宁波宏信五金工具厂合计：): no customer's name.
_NAME_THEN_TOTAL = re.compile(
    r"^[^\n]+?[ \t]*"
    + _OPEN
    + r"?[ \t]*(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_NAME_ENDINGS)
    + r")[ \t]*"
    + _CLOSE
    + r"?[ \t]*[:：]?[ \t]*$",
    re.M,
)


# A cell that holds a total word and nothing else (小计, 合 计：, 【小计】, Grand Total:, Total of 3
# orders), as a subtotal row writes under 备注. A note that only begins with one (合计3箱, 共计2单一起发,
# Total 2000, 小计：含运费) is a note, not a total.
_TOTAL_WORDS = "|".join(_total_word(w) for w in sorted(vocab.TOTAL_ROW_WORDS, key=len, reverse=True))
# The word as an ERP's label may write it: after a qualifier, before a tail (本月合计, 本年累计, 客户小计,
# 合计金额; vocab.TOTAL_QUALIFIERS, TOTAL_WORD_TAILS), which only these words make a label (累计器 is a product).
_QUALIFIED_WORD = (
    r"(?:(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_QUALIFIERS)
    + r")[ \t\u3000]*)?(?:"
    + _TOTAL_WORDS
    + r")(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_WORD_TAILS)
    + r")?"
)
# A label with a qualifier or a tail (本月合计, 【单据合计】, 合计金额), not the bare word: on a complete line with
# an order number of its own it is the line's note or product (备注 = 本月合计: billed in the month's invoice).
_QUALIFIED_LABEL = re.compile(
    _OPEN
    + r"?[ \t]*(?:(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_QUALIFIERS)
    + r")[ \t\u3000]*(?:"
    + _TOTAL_WORDS
    + r")|(?:"
    + _TOTAL_WORDS
    + r")(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_WORD_TAILS)
    + r"))",
    re.I,
)
_ONLY_TOTAL = re.compile(
    r"\n("
    + _OPEN
    + r"?[ \t]*"
    + _QUALIFIED_WORD
    + r"[ \t]*"
    + _CLOSE
    + r"?[ \t]*[:：]?(?:[ \t]*of[ \t][^\n]{1,30})?)(?=\n)",
    re.I,
)
# Under 产品, 日期 or any other column but a note's, also the word followed by a colon or an opening
# bracket and what it says of the total (小计（3单）, 合计：3笔, 总计（含税）), or by a space, a count and
# its unit (小计 3 单, 合计 12 件); a word followed by anything else (合计3箱, 小计本, Total 2000) is a
# product's name.
_TOTAL_COUNT = (
    r"(?<=[ \t\u3000])[ \t\u3000]*(?:\d[\d,，]*|[一二两三四五六七八九十百千]+)[ \t\u3000]*(?:"
    + "|".join(map(re.escape, vocab.TOTAL_COUNT_UNITS))
    + r")[ \t\u3000]*"
)
_TOTAL_CELL = re.compile(
    r"\n("
    + _OPEN
    + r"?[ \t]*"
    + _QUALIFIED_WORD
    + r"[ \t\u3000]*"
    + _CLOSE
    + r"?[ \t\u3000]*(?:[:：][^\n]{0,30}|"
    + _OPEN
    + r"[^\n"
    + _CLOSE[1:-1]
    + r"]{0,20}"
    + _CLOSE
    + r"[ \t]*|of[ \t][^\n]{1,30}|"
    + _TOTAL_COUNT
    + r")?)(?=\n)",
    re.I,
)


def _blank(value) -> bool:
    return value is None or (type(value) is str and not value.strip())


def line_total_rows(
    names: list[str],
    rows: list[list],
    company: int | None,
    notes: Collection[int] = (),
    labels: Collection[int] = (),
    needed: Collection[int] = (),
    keys: list[str] | None = None,
    own: Collection[int] = (),
    needed_under: dict[int, Collection[int]] | None = None,
) -> dict[int, tuple[int | None, str]]:
    """Row index → (column, text) of the total and subtotal rows of a sheet of dated lines (orders,
    payments); the column is None for the customer's. Those total_rows finds by the customer cell, a
    customer name ending in a total word (宁波华峰电器有限公司 小计), and a row with a text cell that is
    a total word (小计 under 产品, 备注 or 日期: a subtotal row carrying its group's date and customer):
    alone in a note column (`notes`, 备注), else alone or followed by a colon or an opening bracket
    (小计（3单）, 合计：3笔), also after a qualifier (本月合计, 客户小计: vocab.TOTAL_QUALIFIERS), invisible
    characters ignored. A note or product that only begins with one (合计3箱, Total 2000) leaves its
    line alone. 汇总 alone (vocab.TOTAL_LABEL_ONLY_WORDS; 【汇总】, 汇总（月结）: is_label_only), also a side
    column's value (开票方式 = 汇总), is a total row's only in the `labels` columns (a first column headed
    by nothing) or when a `needed` cell (customer, date; `needed_under` a column: 产品's also the order
    number) is blank and no `own` cell holds a number no other row repeats, or when it is a `needed` or
    `own` cell itself (日期 = 汇总, 订单号 = 汇总); under a `needed_under` column (an order's 产品) a 汇总 row
    is a line only by a number of its own (SO001 汇总 after SO001's lines is its subtotal). A qualified label
    (本月合计, 合计金额) is a line's note or product only on a complete row with a number of its own, or, beside
    an order's 产品, on a complete row with a product (an order's note copied to each of its lines). A name
    ending in 汇总 is a total row's only when the name before it is the customer (by its key in `keys`, the
    names' text_keys) of other lines. Each column is searched in C before any row is looked at."""
    found = {n: (None, v) for n, v in total_rows(names, [], company).items()}
    joined = "\n".join(names)
    if any(hint in joined for hint in _ENDING_HINTS):
        ending = set(_NAME_THEN_TOTAL.findall(joined))
        ending -= _lone_label_endings(ending, names, keys)
        for n, v in enumerate(names):
            if v in ending:
                found.setdefault(n, (None, v))
    width = max((len(r) for r in rows), default=0)
    # rows that may be Excel's 分类汇总 of a column: no customer, and no date or order number of their own
    # (a line that only lost its customer has them); few, so each column's search is short
    bare = [k for k in (*needed, *own) if k != company]
    unnamed = (
        [
            n
            for n, v in enumerate(names)
            if not v and all(k >= len(rows[n]) or _blank(rows[n][k]) for k in bare)
        ]
        if company is not None
        else []
    )
    numbers: dict[int, Counter] | None = None  # each `own` column's values, counted when first asked
    for j in range(width):
        if j == company:
            continue
        column = [r[j] if j < len(r) else None for r in rows]
        texts = {v.strip() for v in set(column) if type(v) is str and "\n" not in v}
        blob = "\n".join(["", *texts, ""])
        for n, text in _group_subtotals(j, column, texts, names, rows, unnamed).items():
            found.setdefault(n, (j, text))
        seen = normalize.visible(blob)  # 小计 with a zero-width space or a BOM (a web-copied sheet)
        if not any(hint in seen for hint in _TOTAL_HINTS):
            continue
        hits = set((_ONLY_TOTAL if j in notes else _TOTAL_CELL).findall(seen))
        if not hits:
            continue
        shown = {t: normalize.visible(t).strip() for t in texts} if seen is not blob else None
        lacking = j in labels or j in needed or j in own  # 日期 = 汇总: the row has no date of its own
        doubtful = set() if lacking else {t for t in hits if is_label_only(t)}
        qualified = set() if lacking else {t for t in hits - doubtful if _QUALIFIED_LABEL.match(t)}
        need = needed_under.get(j, needed) if needed_under else needed
        ordered = needed_under is not None and j in needed_under  # an order's 产品: a line has its own number
        products = [k for k in needed_under or () if k != j]  # (this column not an order's 产品)
        for n, v in enumerate(column):
            if type(v) is not str or "\n" in v:
                continue
            text = shown[v.strip()] if shown else v.strip()
            if text not in hits:
                continue
            if text in doubtful or text in qualified:
                row = rows[n]
                complete = not any(_blank(row[k]) if k < len(row) else True for k in need)
                if complete and text in doubtful and not ordered:
                    continue  # 备注 = 汇总 on a line with its customer and date: a line
                if (
                    complete
                    and text in qualified
                    and any(k < len(row) and not _blank(row[k]) for k in products)
                ):
                    continue  # 本月合计 in 备注, copied to each line of an order (its product there): a line's note
                if numbers is None:
                    numbers = {k: Counter(r[k] for r in rows if k < len(r)) for k in own}
                if (complete or text in doubtful) and any(
                    k < len(row) and not _blank(row[k]) and c[row[k]] == 1 for k, c in numbers.items()
                ):
                    continue  # its own order number, not an order's repeated: a line (its date blank)
            found.setdefault(n, (j, text))
    return found


def _group_subtotals(
    j: int, column, texts: set[str] | None, names: list[str], rows: list[list], among: list[int] | None = None
) -> dict[int, str]:
    """Row index → text of Excel's 分类汇总 rows grouped by column j (vocab.SUBTOTAL_GROUP_ENDINGS):
    开关 汇总 under 产品, 王海波 计数 under 区域经理, where 开关 is another row's value in the column,
    beside a blank customer and numbers only (the group's sums). `among`: the row indexes to look at
    (None: all; line_total_rows: those without customer, date or order number); `texts`: the
    column's stripped texts, made here when first needed (None)."""
    found: dict[int, str] = {}
    for n in range(len(column)) if among is None else among:
        v = column[n]
        if type(v) is not str or (names[n] or "").strip() or not (m := _HEAD_THEN_TOTAL.match(v.strip())):
            continue
        if texts is None:
            texts = {c.strip() for c in set(column) if type(c) is str}
        if m.group(1) in texts and _numbers_beside(rows[n], j):
            found[n] = v.strip()
    return found


def is_label_only(text: str) -> bool:
    """Whether a total row's text (line_total_rows) says 汇总 (vocab.TOTAL_LABEL_ONLY_WORDS), bare or in
    brackets, after a qualifier or before a colon (【汇总】, 汇总（月结）, 汇总：月底开): a side column's
    value on a line, not a total word that makes the row a total row's whatever else it holds. 汇总 then a
    count (汇总 3 单, 汇总（3笔）) counts the lines it sums: a total row's."""
    word = _WORD.search(text)
    return word is not None and _WHITE.sub("", word.group()) in _LABEL_ONLY and not _COUNTED.search(text)


def _lone_label_endings(ending: set[str], names: list[str], keys: list[str] | None) -> set[str]:
    """The names among `ending` that end in 汇总 (not 小计) after a name no other line is of: a customer's
    own name (门市散客汇总), not the subtotal of X's lines (X 汇总)."""
    heads = {v: m.group(1) for v in ending if (m := _NAME_THEN_LABEL.match(v))}
    if not heads:
        return set()
    keys = normalize.folded_keys(names) if keys is None else keys
    others = {k for v, k in zip(names, keys, strict=True) if v not in heads}
    head_keys = dict(zip(heads, normalize.folded_keys(list(heads.values())), strict=True))
    return {v for v, k in head_keys.items() if not k or k not in others}


_WHITE = re.compile(r"\s+")
_LABEL_ONLY = set(vocab.TOTAL_LABEL_ONLY_WORDS)
_WORD = re.compile(_TOTAL_WORDS, re.I)  # the first total word of a text
_COUNTED = re.compile(
    r"(?:\d[\d,，]*|[一二两三四五六七八九十百千]+)[ \t\u3000]*(?:"
    + "|".join(map(re.escape, vocab.TOTAL_COUNT_UNITS))
    + r")[ \t\u3000]*"
    + _CLOSE
    + r"?[ \t\u3000]*$"
)
# A group's subtotal label as Excel's 分类汇总 writes it: the group's value, then a total word (开关 汇总,
# 开关 小计, 开关 Total); the value in group 1.
_GROUP_ENDING = r"[ \t]*(?:" + "|".join(_total_word(w) for w in vocab.SUBTOTAL_GROUP_ENDINGS) + r")[ \t]*$"
_HEAD_THEN_TOTAL = re.compile(r"^(.+?)" + _GROUP_ENDING, re.I)
# A name ending in 汇总 (X汇总, X 汇总, X（汇总）), the name before it in group 1.
_NAME_THEN_LABEL = re.compile(
    r"^(.+?)[ \t]*"
    + _OPEN
    + r"?[ \t]*(?:"
    + "|".join(_total_word(w) for w in vocab.TOTAL_LABEL_ONLY_WORDS)
    + r")[ \t]*"
    + _CLOSE
    + r"?[ \t]*[:：]?[ \t]*$"
)
_ENDING_HINTS = {w[-1] for w in vocab.TOTAL_NAME_ENDINGS}  # 计 總 …: a search rules most sheets out


def firms_of(rows: SheetRows, aliases: dict[str, tuple] | None = None) -> dict[str, Firm]:
    """One firm per normalised name, in the order of their first rows.

    `aliases`: the workspace's merged firms (`regiontool merge`), a name key → (name key, name) of
    the firm it was merged into, its own id and key fields then: a row of a merged name is a row of that firm (its rows' keys
    changed in C, the firm named as the workspace names it), so a file holding both names gives one
    firm and a merged firm never comes back. The firm's own rows come first (its own values win over
    a merged name's, whatever the order of the rows); a value only a merged name's rows give fills
    a blank (Firm.own_fields), and its contacts keep their namespace (contact_records)."""
    if aliases:
        kept = {other: alias[0] for other, alias in aliases.items()}
        if not kept.keys().isdisjoint(rows.name_keys):
            own_keys = rows.name_keys
            rows.merged_from = {n: own_keys[n] for n in rows.accepted if own_keys[n] in kept}
            rows.merged_firms = {k: tuple(aliases[k][2:4]) for k in set(rows.merged_from.values())}
            merged = rows.merged_from
            rows.accepted = [n for n in rows.accepted if n not in merged] + list(merged)
            rows.name_keys = list(map(kept.get, rows.name_keys, rows.name_keys))
    firms: dict[str, Firm] = {}
    names, keys, excel_rows = rows.names, rows.name_keys, rows.excel_rows
    for n in rows.accepted:
        key = keys[n]
        if key not in firms:
            firms[key] = Firm(key, names[n], excel_rows[n])
    merged = rows.merged_from
    for n in merged:  # (the firm's own rows come first)
        firm = firms[keys[n]]
        if firm.merged_name is None:
            firm.merged_name = names[n]
    if aliases:
        named = {alias[0]: alias[1] for alias in aliases.values()}
        for key in named.keys() & firms.keys():
            if normalize.folded_keys([firms[key].name])[0] != key:  # first written with a merged name
                firms[key].name = named[key]
    return firms


def firm_fields(rows: SheetRows, firms: dict[str, Firm]) -> FirmFields:
    """Address, town, county, industry, size, employees, revenue and scope of every firm (what
    key-field inference reads), with their problems. Reads `firms`, changes nothing: the import
    runs it in a second process, beside contact_records."""
    layout = rows.layout
    problems = ProblemLog(rows.problems.file, rows.problems.sheet, layout)
    column = rows.column
    values: dict[str, list] = {}
    for key in ("town", "county", "industry"):
        values[key] = _simplified(_said(column(key)))  # matched in simplified form
    values["address"], address_from = _addresses(rows)
    if address_from is not None:
        values["address_from"] = address_from
    values["scope"] = _said(column("scope"))
    for key in ("employees", "revenue"):
        values[key] = _figures(_said(column(key)), key, rows.accepted, rows.excel_rows, problems)
    # A band, or none: a text no band is read from (reported, kept in the original column) leaves
    # the size to the figures, and is no size of the firm's.
    values["size"] = _coded(
        _said(column("size")),  # 未知, 无: no size and no problem
        normalize.normalize_size,
        rows.accepted,
        rows.excel_rows,
        problems,
        "invalid-size",
        "size",
    )
    return FirmFields(_merged(rows, firms, values, problems), problems.items)


# A cell that says nothing (normalize.says_nothing) is short: a longer text is not tried.
_PLACEHOLDER_MAX = 8


def _said(col: list[str]) -> list[str]:
    """A column with the cells that stand for no value (企查查's -, --, 暂无, 无: normalize.says_nothing)
    blank, each distinct text tried once; a placeholder is short, so a long text is not tried."""
    table = {v: "" for v in set(col) if v and len(v) <= _PLACEHOLDER_MAX and normalize.says_nothing(v)}
    return list(map(table.get, col, col)) if table else col


def _no_tier(col: list[str]) -> list[str]:
    """The tier column with the cells that say no tier (/, -, 无, 空白) blank, as normalize_tier reads
    them or _said would: such a cell neither sets nor erases a tier (review r101 F10). A word that is
    a tier (未知 is O) stays."""
    table = {
        v: ""
        for v in set(col)
        if v
        and len(v) <= _PLACEHOLDER_MAX
        and normalize.normalize_tier(v)[1] != "ok"
        and normalize.says_nothing(v)
        and "".join(v.split()) not in vocab.DITTO_MARKS  # a ditto with nothing above: reported
    }
    return list(map(table.get, col, col)) if table else col


def address_fallback_columns(layout: Layout) -> list:
    """The later address columns a row whose first address column is blank takes its address from:
    those that name the firm's own site (vocab.OWN_ADDRESS_HEADERS: 通信地址, 经营地址 …), never a
    ship-to or storage place (送货地址, 仓库地址) in another town."""
    if not layout.columns_of("address"):
        return []
    own = _own_address_keys()
    return [
        c
        for c in layout.columns
        if c.field is None
        and not c.how
        and not c.export
        and field_of_header(c.header) == "address"
        and not own.isdisjoint(normalize.header_key_variants(c.header))
    ]


@cache
def _own_address_keys() -> frozenset[str]:
    return frozenset(k for h in vocab.OWN_ADDRESS_HEADERS for k in normalize.header_key_variants(h))


def _addresses(rows: SheetRows) -> tuple[list[str], list[str | None] | None]:
    """Each row's address, and the header of the column it came from: the first address column,
    or where that is blank a later one (注册地址 blank, 通信地址 filled, as registry exports leave a
    个体户's); None for the headers when the sheet has one address column only."""
    address = _said(rows.column("address"))
    layout = rows.layout
    later = address_fallback_columns(layout)
    if not later:
        return address, None
    first = layout.field_headers["address"]
    source = [first if a else None for a in address]
    for c in later:
        blank = [n for n, a in enumerate(address) if not a]
        if not blank:
            break
        col = _said(_fold_column(rows.columns[c.index]))
        for n in blank:
            if col[n]:
                address[n], source[n] = col[n], c.header
    return address, source


def _merged(
    rows: SheetRows, firms: dict[str, Firm], values: dict[str, list], problems: ProblemLog
) -> dict[str, dict[str, object]]:
    """field → firm key → first value, for the fields the sheet has."""
    present = {c.field for c in rows.layout.columns if c.field}
    present.add("address_from")  # with the address: its column, where the first is blank
    keys = rows.accepted_keys()
    accepted_rows = [rows.excel_rows[n] for n in rows.accepted]
    return {
        key: _first_values(key, keys, [col[n] for n in rows.accepted], accepted_rows, firms, problems)
        for key, col in values.items()
        if key in present
    }


def _set_first_values(firms: dict[str, Firm], values: dict[str, dict[str, object]]) -> None:
    """Put _merged's field → firm key → first value into the firms' fields."""
    for key, first in values.items():
        for k, v in first.items():
            firms[k].fields[key] = v


def contact_records(rows: SheetRows, firms: dict[str, Firm]) -> Records:
    """Everything but firm_fields: the firms' other fields (tier, manager …) and the contacts."""
    layout, excel_rows, accepted, name_keys = rows.layout, rows.excel_rows, rows.accepted, rows.name_keys
    n_rows = len(rows.rows)
    problems = rows.problems
    firm_problems_at = len(problems.items)
    column = rows.column
    later: dict[str, list] = {}
    for key in (
        "manager",
        "competitor",
        "deal_level",
        "closing",
        "value_level",
        "attractiveness",
        "advantage",
    ):
        later[key] = _simplified(column(key))  # matched in simplified form
    managers = _ditto(later["manager"]) if not layout.export_fields else later["manager"]  # 同上
    managers = [("" if m and "".join(m.split()) in vocab.DITTO_MARKS else m) for m in managers]  # none above
    later["manager"] = _manager_names(_said(managers))  # 孙 志强 is 孙志强; /, 暂无: none
    for key in vocab.LEVEL_CHOICES:  # a level no rule reads keeps its text and is reported
        _unread_levels(key, later[key], accepted, excel_rows, problems)
    later["capital"] = column("capital")
    tier_text = _no_tier(_ditto(column("tier")) if not layout.export_fields else column("tier"))
    later["tier"] = _coded(
        tier_text, normalize.normalize_tier, accepted, excel_rows, problems, "invalid-tier", "tier"
    )
    _set_first_values(firms, _merged(rows, firms, later, problems))
    closed = _closed(rows)
    # The tier text kept for a firm is that of the row its tier came from.
    tiers = later["tier"]
    for n in reversed(accepted):
        text = tier_text[n]
        if text:
            fields = firms[name_keys[n]].fields
            if tiers[n] == fields.get("tier"):
                fields["tier_raw"] = text
    codes, code_header = credit_code_problems(rows, firms, problems)

    columns = rows.columns
    kc_text = column("key_contact")
    contacts = {
        "name": column("contact"),
        "title": column("title"),
        "phone": _phones(columns, layout.columns_of("phone"), n_rows, excel_rows, problems),
        "key_contact": _coded(
            kc_text,
            normalize.normalize_yes_no,
            accepted,
            excel_rows,
            problems,
            "invalid-key-contact",
            "key_contact",
        ),
        "key_contact_raw": kc_text,
        "note": column("note"),
        "source_row": excel_rows,
        "extra": _extra_columns(columns, layout, n_rows),
    }
    contact_keys = normalize.folded_keys(contacts["name"])
    phones = contacts["phone"]
    merged_from = rows.merged_from
    alias_spaces: dict[str, dict[str, int]] = {}
    for n in accepted:
        contacts_of_firm = firms[name_keys[n]].contacts
        ckey = contact_keys[n] or (phones[n].split("; ")[0] if phones[n] else _row_key(rows.rows[n]))
        alias = merged_from.get(n) if merged_from else None
        space = contacts_of_firm if alias is None else alias_spaces.setdefault(alias, {})
        # A second row for the same person stays its own contact (nothing is lost); the
        # occurrence number keeps its key stable when the same file is imported again.
        base, k = ckey, 1
        while ckey in space:
            k += 1
            ckey = f"{base}#{k}"
        if alias is not None:  # numbered within its name's rows, in its name's namespace (merge)
            space[ckey] = n
            ckey = origin_key(ckey, alias)
        contacts_of_firm[ckey] = n
    if merged_from:
        _own_fields(rows, firms)
    for key in ("name", "title", "key_contact_raw", "note"):
        contacts[key] = [v or None for v in contacts[key]]

    exported, export_headers = export_values(rows) if layout.export_fields else ({}, {})
    if "phone" in exported:  # a contact's cell the file's own columns leave blank
        contacts["phone"] = list(map(_or, contacts["phone"], exported["phone"]))
    if "key_contact" in exported:
        raw = list(map(_or, contacts["key_contact_raw"], exported["key_contact"]))
        contacts["key_contact"] = [
            code or (normalize.normalize_yes_no(text)[0] if text else None)
            for code, text in zip(contacts["key_contact"], raw, strict=True)
        ]
        contacts["key_contact_raw"] = raw
    address = layout.columns_of("address")
    sample = _fold_column(columns[address[0]][:_PLACE_SAMPLE]) if address else []
    kept = layout.kept
    cells = rows.rows if len(kept) == len(layout.columns) else [[r[j] for j in kept] for r in rows.rows]
    return Records(
        firms,
        contacts,
        n_rows,
        rows.blank,
        n_rows - len(accepted),
        problems.items,
        pack_rows(cells, excel_rows),
        # with no place written in the addresses (no 地址, or 周巷镇长安路1号), the area the names'
        # prefixes name (宁波华峰 → 宁波, 慈溪 …): 宁波市华峰 and 华峰 are still listed (review r101 F6)
        place_names(sample) or normalize.area_places(firms),
        firm_problems_at,
        exported,
        export_headers,
        closed,
        credit_codes=codes,
        credit_code_header=code_header,
        merged_from=merged_from,
        merged_firms=rows.merged_firms,
    )


def _own_fields(rows: SheetRows, firms: dict[str, Firm]) -> None:
    """Firm.own_fields of each firm some of whose rows a merged name writes: the sheet's fields its
    own rows give (read from those rows only: a few firms)."""
    merged = rows.merged_from
    mixed = {rows.name_keys[n] for n in merged}
    own = [
        Firm(k, "", 0, contacts={c: n for c, n in firms[k].contacts.items() if n not in merged})
        for k in mixed
    ]
    present = {c.field for c in rows.layout.columns if c.field}
    for f in own:
        firms[f.key].own_fields = set()
    for key in present:
        for f, v in zip(own, rows.first_values_of(own, key), strict=True):
            if v:
                firms[f.key].own_fields.add(key)


def _closed(rows: SheetRows) -> dict[str, tuple[str, str]]:
    """Firm key → (status, reason) of the firms a registry status cell says are closed (注销, 吊销，未注销
    …; the first such row of a firm) and none says is trading (存续, 在业: a live firm of the name of
    a deregistered one), each distinct status read once."""
    status = rows.column("status")
    said = {t: normalize.registry_status(t) for t in set(status) if t}
    if "closed" not in said.values():
        return {}
    header = rows.layout.field_headers["status"]
    out: dict[str, tuple[str, str]] = {}
    live: set[str] = set()
    keys = rows.name_keys
    for n in reversed(rows.accepted):
        what = said.get(status[n])
        if what == "closed":
            out[keys[n]] = (status[n], f"列“{header}”：{status[n]}")
        elif what == "live":
            live.add(keys[n])
    for key in live & out.keys():
        del out[key]
    return out


def _or(value, other):
    return value if value not in (None, "") else other


def build_records(book: RawBook, layout: Layout) -> Records:
    """Firms (merged by normalised name) and their contacts, with every problem noted, all in
    this process (the import splits the same steps over two)."""
    rows = sheet_rows(book, layout)
    firms = firms_of(rows)
    found = firm_fields(rows, firms)
    records = contact_records(rows, firms)
    records.add_firm_fields(found.columns(list(firms)), found.problems)
    records.fill_from_export()
    records.tier_from_status()
    return records


def _coded(
    texts: list[str],
    parse,
    accepted: list[int],
    excel_rows: list[int],
    problems: ProblemLog,
    code: str,
    field_key: str,
) -> list[str | None]:
    """Parse a coded column once per distinct text; report each row whose text is not understood."""
    parsed = {t: parse(t) for t in set(texts)}
    bad = {t for t, (_v, status) in parsed.items() if status == "invalid"}
    if bad:
        _report_rows(
            texts, bad, accepted, excel_rows, problems, code, field_key, *vocab.PROBLEM_MESSAGES[code]
        )
    return [parsed[t][0] for t in texts]


def _unread_levels(
    key: str, texts: list[str | None], accepted: list[int], excel_rows: list[int], problems: ProblemLog
) -> None:
    """A level column's cells that name no level (重要 for 订单规模等级 is one, 大单 is not): each row
    reported (invalid-level) with what the column may hold; the text is kept, and scores nothing,
    as `set` refuses it typed by hand."""
    from .analysis.energy import readable

    bad = {t for t in set(texts) if t and not readable(key, t)}
    if bad:
        field = (vocab.label(key), vocab.label(key, "en"))
        zh, en = vocab.problem_text("invalid-level", v="{v}", field=field, choices=vocab.LEVEL_CHOICES[key])
        _report_rows(texts, bad, accepted, excel_rows, problems, "invalid-level", key, zh, en)


def _report_rows(
    texts: list[str],
    bad: set[str] | dict[str, str],
    accepted: list[int],
    excel_rows: list[int],
    problems: ProblemLog,
    code: str,
    field_key: str,
    zh: str,
    en: str,
) -> None:
    """A problem for each accepted row whose text is among `bad`; zh and en take the text as {v}."""
    for n in accepted:
        v = texts[n]
        if v in bad:
            problems.add(code, excel_rows[n], field_key, v, zh.format(v=v), en.format(v=v))


def _figures(
    texts: list[str], key: str, accepted: list[int], excel_rows: list[int], problems: ProblemLog
) -> list[str]:
    """A headcount or revenue column with the cells that are no figure (n/a, 2020年, =2*3)
    reported and blanked, so that they never stand for a firm's figure. Each distinct text is
    parsed once (the parse is cached for key-field inference)."""
    from .enrich.size import parse_employees, parse_revenue

    parse = parse_employees if key == "employees" else parse_revenue
    bad = {t: "" for t in set(texts) if t and parse(t) is None}
    if not bad:
        return texts
    zh, en = vocab.PROBLEM_MESSAGES["invalid-figure"]
    f = vocab.FIELD_BY_KEY[key]
    zh, en = zh.format(field=f.zh, v="{v}"), en.format(field=f.en, v="{v}")  # the field now, the text per row
    _report_rows(texts, bad, accepted, excel_rows, problems, "invalid-figure", key, zh, en)
    return list(map(bad.get, texts, texts))


# Cells already holding one clean number need no parsing (found in one regex pass).
_CLEAN_PHONES = re.compile(f"^(?:{normalize._PLAIN_NUMBER.pattern})$", re.M | re.ASCII)


def _phones(
    columns: list[tuple], phone_cols: list[int], n_rows: int, excel_rows: list[int], problems: ProblemLog
) -> list[str | None]:
    """All phone columns of a row, normalised and joined with '; '; unparsed text kept and reported."""
    out: list[str | None] | None = None
    for j in phone_cols:
        col = columns[j]
        distinct = set(col)
        texts = [v for v in distinct if type(v) is str and "\n" not in v]
        cache = {v: (v, "") for v in _CLEAN_PHONES.findall("\n".join(texts))}
        cache[None] = cache[""] = (None, "")
        # 企查查's -, --, 暂无: no number, as a blank cell (normalize.says_nothing).
        cache.update(
            (v, (None, "")) for v in texts if v not in cache and len(v) <= 8 and normalize.says_nothing(v)
        )
        rest = [v for v in distinct if v not in cache]
        for v, (numbers, ok) in zip(rest, normalize.normalize_phones(rest), strict=True):
            text = "" if ok else normalize.unread_phone_text(v)  # kept beside the numbers
            cache[v] = ("; ".join([*numbers, text] if text else numbers) or None, text)
        if any(text for _joined, text in cache.values()):
            for n, v in enumerate(col):
                text = cache[v][1]
                if text:
                    zh, en = vocab.problem_text("invalid-phone", v=text)
                    if guess := normalize.lost_zero_landline(text):
                        hint = vocab.WORDS["phone_lost_zero"]
                        zh, en = zh + hint[0].format(guess=guess), en + hint[1].format(guess=guess)
                    problems.add("invalid-phone", excel_rows[n], column_letter(j), text, zh, en)
        joined = [cache[v][0] for v in col]
        out = joined if out is None else list(map(_joined_phones, out, joined))
    return out if out is not None else [None] * n_rows


def credit_code_problems(
    rows: SheetRows, firms: dict[str, Firm], problems: ProblemLog
) -> tuple[dict[str, str], str]:
    """A 统一社会信用代码 column (vocab.CREDIT_CODE_HEADERS; it stays an original column) checks the
    names, which alone make a firm: two codes under one name (two firms of one name, merged:
    two-credit-codes, at the later row), one code under two names (a firm renamed or written two ways:
    a possible duplicate, never merged). A placeholder (无, 0, 暂无, N/A) or a text not shaped like a
    code is no code: it pairs no firms. Returns each firm's first code and the column's header, for
    the stored firms' codes (a firm renamed since an earlier list: importer.flag_renamed)."""
    own = _credit_code_keys()
    found = [c for c in rows.layout.columns if not c.field and normalize.header_key(c.header) in own]
    if not found:
        return {}, ""
    column = min(found, key=lambda c: own[normalize.header_key(c.header)])
    codes = credit_codes(rows.columns[column.index])
    label = (column.header, column.header)
    first: dict[str, str] = {}  # firm key → its first code
    names: dict[str, dict[str, int]] = {}  # code → firm keys → first row
    for n in rows.accepted:
        code, key, row = codes[n], rows.name_keys[n], rows.excel_rows[n]
        if not code:
            continue
        names.setdefault(code, {}).setdefault(key, row)
        old = first.setdefault(key, code)
        if old != code:
            zh, en = vocab.problem_text(
                "two-credit-codes", name=firms[key].name, field=label, old=old, v=code
            )
            problems.add("two-credit-codes", row, column_letter(column.index), f"{old} / {code}", zh, en)
    for code, keys in names.items():
        if len(keys) > 1:
            listed = [firms[k].name for k in keys]
            others = ("、".join(listed[1:]), ", ".join(listed[1:]))
            zh, en = vocab.problem_text(
                "same-credit-code", name=listed[0], others=others, field=label, v=code
            )
            problems.add("possible-duplicate", min(keys.values()), "company", " ~ ".join(listed), zh, en)
    return first, column.header


def credit_codes(cells) -> list[str]:
    """Each cell's 统一社会信用代码 as compared (folded, upper case), "" where it holds none."""
    codes = [k.upper() for k in normalize.folded_keys(_fold_column(cells))]
    shaped = {k for k in set(codes) if _is_credit_code(k)}  # 无, 0, 暂无, 000…0, a code cut short: none
    return [k if k in shaped else "" for k in codes]


def stored_credit_code(extra: dict) -> str:
    """The 统一社会信用代码 of a stored contact's original columns (its extra), "" without one."""
    own = _credit_code_keys()
    found = [h for h in extra if normalize.header_key(h) in own]
    if not found:
        return ""
    return credit_codes((extra[min(found, key=lambda h: own[normalize.header_key(h)])],))[0]


# What a 统一社会信用代码 cell holds when it holds a code: 18 letters and digits, or an old 15-digit 注册号.
_CREDIT_CODE = re.compile(r"[0-9A-Z]{18}|\d{15}")


def _is_credit_code(key: str) -> bool:
    """Shaped like a code (a masked 91330282****** is not) and no placeholder: 000000000000000000,
    11111111111111111X — one character repeated, its check character aside."""
    return bool(_CREDIT_CODE.fullmatch(key)) and len(set(key[:17])) > 1


@cache
def _credit_code_keys() -> dict[str, int]:
    return {normalize.header_key(h): n for n, h in enumerate(vocab.CREDIT_CODE_HEADERS)}


def _joined_phones(first: str | None, second: str | None) -> str | None:
    """The numbers of two phone columns of one row, each once, in order."""
    if first is None or first == second:
        return second
    if not second:
        return first
    return "; ".join(dict.fromkeys(first.split("; ") + second.split("; ")))


def _first_values(
    key: str, keys: list[str], col: list, rows: list[int], firms: dict[str, Firm], problems: ProblemLog
) -> dict[str, object]:
    """First non-blank value of each firm wins; a later different one is reported, not taken."""
    first: dict[str, object] = {}
    for k, v in zip(reversed(keys), reversed(col), strict=True):
        if v is not None and v != "":
            first[k] = v
    if key not in CONFLICT_FIELDS:
        return first
    # A firm with two different values has one that differs from its first.
    conflicted = {k for k, v in zip(keys, col, strict=True) if v is not None and v != "" and v != first[k]}
    if not conflicted:
        return first
    f = vocab.FIELD_BY_KEY[key]
    for k, v, row in zip(keys, col, rows, strict=True):
        if k in conflicted and v is not None and v != "" and v != first[k]:
            conflicted.discard(k)
            name, old = firms[k].name, first[k]
            zh, en = vocab.problem_text("conflicting-value", name=name, field=(f.zh, f.en), old=old, v=v)
            problems.add("conflicting-value", row, key, f"{old} / {v}", zh, en)
    return first
