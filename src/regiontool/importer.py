"""read → layout → normalise → store, with the accounting that proves nothing was lost.

`prepare_import` does everything that needs no workspace (so a bad file fails before
the workspace is even opened); `apply_import` writes it in one transaction.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from pydantic import BaseModel

from . import normalize, vocab
from .errors import LayoutError
from .io.layout import Layout, column_letter, detect_layout
from .io.read import DEFAULT_MAX_SIZE, RawBook, read_book
from .problems import Problem
from .store import COMPANY_COLUMNS, CONTACT_COLUMNS, Workspace

Progress = Callable[[str], None]

# Company fields whose disagreement between rows of one firm is worth a problem.
CONFLICT_FIELDS = ("tier", "manager", "town", "county", "industry", "size")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:省|市|县|区)")


class Change(BaseModel):
    company: str
    contact: str = ""
    field: str
    old: str | None = None
    new: str | None = None


class ImportResult(BaseModel):
    file: str
    kind: str
    sheet: str
    header_row: int
    mapping: list[tuple[str, str | None]]
    rows_read: int = 0
    blank_rows: int = 0
    companies: int = 0
    companies_new: int = 0
    companies_updated: int = 0
    companies_unchanged: int = 0
    contacts: int = 0
    contacts_new: int = 0
    contacts_updated: int = 0
    merged: int = 0
    rejected: int = 0
    problems: int = 0
    problem_counts: dict[str, int] = {}
    changes: list[Change] = []
    changes_total: int = 0
    dry_run: bool = False
    nothing_changed: bool = False

    def summary_line(self, lang: str = "zh") -> str:
        """The accounting line: rows read = companies + merged + rejected."""
        if lang == "en":
            line = (
                f"{self.rows_read:,} rows read → {self.companies:,} companies ({self.companies_new:,} new, "
                f"{self.companies_updated:,} updated, {self.companies_unchanged:,} unchanged), "
                f"{self.contacts:,} contacts, {self.merged:,} rows merged into companies already seen, "
                f"{self.rejected:,} rejected; {self.problems:,} problems"
            )
            if self.blank_rows:
                line += f" ({self.blank_rows:,} blank rows skipped)"
            return line
        line = (
            f"读取 {self.rows_read:,} 行 → {self.companies:,} 家企业（新增 {self.companies_new:,}，"
            f"更新 {self.companies_updated:,}，未变 {self.companies_unchanged:,}），"
            f"{self.contacts:,} 个联系人，{self.merged:,} 行并入已有企业，拒收 {self.rejected:,} 行；"
            f"问题 {self.problems:,} 条"
        )
        if self.blank_rows:
            line += f"（跳过空行 {self.blank_rows:,}）"
        return line

    def accounting(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "blank_rows": self.blank_rows,
            "companies": self.companies,
            "companies_new": self.companies_new,
            "companies_updated": self.companies_updated,
            "contacts": self.contacts,
            "merged": self.merged,
            "rejected": self.rejected,
            "problems": self.problems,
        }


@dataclass
class _Company:
    key: str
    name: str
    first_row: int
    fields: dict[str, str | None] = field(default_factory=dict)
    contacts: dict[str, dict] = field(default_factory=dict)


@dataclass
class PreparedImport:
    book: RawBook
    layout: Layout
    companies: dict[str, _Company]
    rows_read: int
    blank_rows: int
    rejected: int
    problems: list[Problem]
    places: list[str]


def prepare_import(
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    industry_rules: str | Path | None = None,
    known_counties: list[str] = (),
    progress: Progress | None = None,
) -> PreparedImport:
    """Read, normalise and enrich a contact file; no workspace needed.

    `known_counties` are the counties already in the workspace: they help settle a
    township name that exists in several counties.
    """
    from .enrich.industry import IndustryRules

    step = progress or (lambda _stage: None)
    rules = IndustryRules.load(industry_rules)  # a bad rules file fails before any reading
    step("read")
    book = read_book(path, encoding=encoding, max_size=max_size)
    layout = detect_layout(book, sheet=sheet, header_row=header_row, mapping=mapping)
    step("normalise")
    prepared = _normalise(book, layout)
    step("key fields")
    _enrich(prepared, rules, list(known_counties))
    return prepared


def _enrich(prepared: PreparedImport, rules, known_counties: list[str]) -> None:
    """Add town, county, industry and size with their basis to every firm."""
    from .enrich import FirmInput, enrich_firms

    layout = prepared.layout
    headers = {c.field: c.header for c in reversed(layout.columns) if c.field}
    firms = [
        FirmInput(
            key=k,
            address=c.fields.get("address"),
            town=c.fields.get("town"),
            county=c.fields.get("county"),
            industry=c.fields.get("industry"),
            size=c.fields.get("size"),
            employees=c.fields.get("employees"),
            revenue=c.fields.get("revenue"),
            scope=c.fields.get("scope"),
        )
        for k, c in prepared.companies.items()
    ]
    found = enrich_firms(
        firms,
        columns=headers,
        rules=rules,
        known_counties=known_counties,
        revenue_header=headers.get("revenue", ""),
    )
    problems = _Problems(prepared.book.path.name, layout.sheet.name, layout, [])
    for key, company in prepared.companies.items():
        kf = found[key]
        for name in ("town", "county", "industry", "size"):
            value = getattr(kf, name)
            company.fields[name] = value if value else None
        company.fields["basis"] = orjson.dumps(kf.basis).decode() if kf.basis else None
        address = company.fields.get("address")
        if kf.town_status == "none":
            problems.add(
                "town-not-found",
                company.first_row,
                "address",
                address or "",
                f"{company.name}：{kf.basis.get('town', '地址中没有乡镇')}，镇街留空",
                f"{company.name}: no township in the address; town left blank",
            )
        elif kf.town_status == "ambiguous":
            problems.add(
                "town-ambiguous",
                company.first_row,
                "address",
                address or "",
                f"{company.name}：{kf.basis.get('town', '')}，镇街留空（在地址中写明区县可解决）",
                f"{company.name}: the township name exists in several counties; town left blank "
                "(write the county in the address)",
            )
    prepared.problems.extend(problems.items)


def _is_blank_row(row: list) -> bool:
    for c in row:
        if c is None or c == "" or (isinstance(c, str) and not c.strip()):
            continue
        return False
    return True


def _fold_column(values: tuple) -> list[str]:
    """fold(cell_text(v)) for a column, computed once per distinct value."""
    cache: dict[object, str] = {}
    out = []
    append = out.append
    for v in values:
        r = cache.get(v)
        if r is None:
            r = cache[v] = normalize.fold(normalize.cell_text(v))
        append(r)
    return out


def _simplified_column(values: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(values))
    table = dict(zip(distinct, normalize.to_simplified_many(distinct), strict=True))
    return [table[v] for v in values]


class _Problems:
    """Collects problems of one sheet with the file/sheet filled in."""

    def __init__(self, file_name: str, sheet_name: str, layout: Layout, initial: list[Problem]):
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


def _data_rows(sheet, layout: Layout) -> tuple[list[list], list[int], int]:
    width = len(layout.columns)
    rows, excel_rows, blank = [], [], 0
    all_rows = sheet.rows
    for i in range(layout.header_row + 1, len(all_rows)):
        row = all_rows[i]
        if len(row) != width:
            row = list(row[:width]) + [None] * (width - len(row))
        if _is_blank_row(row):
            blank += 1
            continue
        rows.append(row)
        excel_rows.append(i + 1)
    return rows, excel_rows, blank


def _normalise(book: RawBook, layout: Layout) -> PreparedImport:
    import orjson

    sheet = layout.sheet
    file_name, sheet_name = book.path.name, sheet.name
    problems = _Problems(file_name, sheet_name, layout, layout.problems)
    rows, excel_rows, blank = _data_rows(sheet, layout)
    if not rows:
        raise LayoutError(
            f"{file_name}: sheet '{sheet_name}' has headers (row {layout.header_row + 1}) but no data rows",
            "check that you exported the right sheet",
        )
    n_rows = len(rows)
    columns = list(zip(*rows, strict=True))
    empty = [""] * n_rows

    def column(key: str) -> list[str]:
        idx = layout.columns_of(key)
        return _fold_column(columns[idx[0]]) if idx else empty

    names = column("company")
    name_keys = normalize.text_keys(names)
    accepted = [n for n in range(n_rows) if name_keys[n]]
    for n in range(n_rows):
        if not name_keys[n]:
            shown = " | ".join(normalize.cell_text(c) for c in rows[n] if c not in (None, ""))
            problems.add(
                "no-company",
                excel_rows[n],
                "company",
                shown[:200],
                "该行没有企业名称，已拒收（补上企业名称后重新导入）",
                "row has no company name: rejected (add the name and import again)",
            )

    # Company fields, column by column: the first non-blank value of a firm wins.
    values: dict[str, list] = {}
    for key in ("town", "county", "industry", "manager"):
        values[key] = _simplified_column(column(key))  # matched in simplified form
    for key in ("address", "employees", "revenue", "capital", "scope"):
        values[key] = column(key)
    tier_text = column("tier")
    values["tier"] = _coded(
        tier_text, normalize.normalize_tier, accepted, excel_rows, problems, "invalid-tier", "tier"
    )
    size_text = column("size")
    sizes = _coded(
        size_text, normalize.normalize_size, accepted, excel_rows, problems, "invalid-size", "size"
    )
    values["size"] = [s or t or None for s, t in zip(sizes, size_text, strict=True)]

    companies: dict[str, _Company] = {}
    for n in accepted:
        key = name_keys[n]
        if key not in companies:
            companies[key] = _Company(key, names[n], excel_rows[n])
    for key, col in values.items():
        _first_values(key, col, accepted, name_keys, companies, excel_rows, problems)
    # The tier text kept for a firm is that of the row its tier came from.
    for n in accepted:
        fields = companies[name_keys[n]].fields
        text = tier_text[n]
        if text and "tier_raw" not in fields and values["tier"][n] == fields.get("tier"):
            fields["tier_raw"] = text

    # Contacts: one per accepted row.
    contact_names = column("contact")
    contact_keys = normalize.text_keys(contact_names)
    titles, notes = column("title"), column("note")
    kc_text = column("key_contact")
    key_contact = _coded(
        kc_text,
        normalize.normalize_yes_no,
        accepted,
        excel_rows,
        problems,
        "invalid-key-contact",
        "key_contact",
    )
    phones = _phones(columns, layout.columns_of("phone"), n_rows, excel_rows, problems)
    dumps = orjson.dumps
    for n in accepted:
        company = companies[name_keys[n]]
        raw = dumps(rows[n], default=normalize.cell_text).decode()
        phone = phones[n]
        ckey = contact_keys[n] or (
            phone.split("; ")[0] if phone else "row:" + hashlib.sha1(raw.encode()).hexdigest()[:16]
        )
        # A second row for the same person stays its own contact (nothing is lost); the
        # occurrence number keeps its key stable when the same file is imported again.
        base, k = ckey, 1
        while ckey in company.contacts:
            k += 1
            ckey = f"{base}#{k}"
        company.contacts[ckey] = {
            "name": contact_names[n] or None,
            "title": titles[n] or None,
            "phone": phone,
            "key_contact": key_contact[n],
            "key_contact_raw": kc_text[n] or None,
            "note": notes[n] or None,
            "source_file": file_name,
            "source_sheet": sheet_name,
            "source_row": excel_rows[n],
            "raw": raw,
        }

    places = place_names(values["address"])
    return PreparedImport(
        book, layout, companies, n_rows, blank, n_rows - len(accepted), problems.items, places
    )


_INVALID_MESSAGES = {
    "invalid-tier": (
        "客户分类“{v}”不是 " + " ".join(vocab.TIER_ORDER) + " 之一：原文保留，分析时按空白计",
        "tier '{v}' is not one of " + " ".join(vocab.TIER_ORDER) + ": text kept, counted as blank",
    ),
    "invalid-size": (
        "规模“{v}”无法识别（应为 大型/中型/小型/微型）：原文保留",
        "size '{v}' is not large/medium/small/micro: text kept",
    ),
    "invalid-key-contact": (
        "是否关键联系人“{v}”无法识别（应为 是/否）：原文保留，按空白计",
        "key contact '{v}' is not yes/no: text kept, counted as blank",
    ),
}


def _coded(
    texts: list[str],
    parse,
    accepted: list[int],
    excel_rows: list[int],
    problems: _Problems,
    code: str,
    field_key: str,
) -> list[str | None]:
    """Parse a coded column once per distinct text; report each row whose text is not understood."""
    parsed = {t: parse(t) for t in dict.fromkeys(texts)}
    zh, en = _INVALID_MESSAGES[code]
    for n in accepted:
        if parsed[texts[n]][1] == "invalid":
            v = texts[n]
            problems.add(code, excel_rows[n], field_key, v, zh.format(v=v), en.format(v=v))
    return [parsed[t][0] for t in texts]


def _phones(
    columns: list[tuple],
    phone_cols: list[int],
    n_rows: int,
    excel_rows: list[int],
    problems: _Problems,
) -> list[str | None]:
    """All phone columns of a row, normalised and joined with '; '; unparsed text kept and reported."""
    per_row: list[list[str]] = [[] for _ in range(n_rows)]
    for j in phone_cols:
        cache: dict[object, tuple[list[str], bool]] = {}
        for n, value in enumerate(columns[j]):
            if value is None or value == "":
                continue
            found = cache.get(value)
            if found is None:
                found = cache[value] = normalize.normalize_phone(value)
            numbers, ok = found
            per_row[n].extend(numbers)
            if not ok:
                text = normalize.fold(normalize.cell_text(value))
                per_row[n].append(text)
                problems.add(
                    "invalid-phone",
                    excel_rows[n],
                    column_letter(j),
                    text,
                    f"电话“{text}”无法识别：原文保留",
                    f"phone '{text}' not understood: text kept",
                )
    return ["; ".join(dict.fromkeys(p)) if p else None for p in per_row]


def _first_values(
    key: str,
    col: list,
    accepted: list[int],
    name_keys: list[str],
    companies: dict[str, _Company],
    excel_rows: list[int],
    problems: _Problems,
) -> None:
    """First non-blank value of each firm wins; a later different one is reported, not taken."""
    conflicts = key in CONFLICT_FIELDS
    reported: set[str] = set()
    for n in accepted:
        v = col[n]
        if v is None or v == "":
            continue
        company = companies[name_keys[n]]
        fields = company.fields
        old = fields.get(key)
        if old is None:
            fields[key] = v
        elif conflicts and old != v and company.key not in reported:
            reported.add(company.key)
            f = vocab.FIELD_BY_KEY[key]
            problems.add(
                "conflicting-value",
                excel_rows[n],
                key,
                f"{old} / {v}",
                f"{company.name} 的{f.zh}前后不一致（“{old}”与“{v}”）：保留“{old}”",
                f"{company.name}: {f.en} differs between rows ('{old}' vs '{v}'); kept '{old}'",
            )


def place_names(addresses: list[str], limit: int = 30) -> list[str]:
    """The most common province/city/county names written in addresses (宁波, 慈溪)."""
    counts = Counter(m.group(1) for a in addresses[:20000] if a for m in _PLACE.finditer(a))
    return [p for p, _ in counts.most_common(limit)]


def _letter(layout: Layout, key: str) -> str:
    idx = layout.columns_of(key)
    return column_letter(idx[0]) if idx else ""


def _flag_possible_duplicates(
    companies: dict[str, _Company],
    problems: list[Problem],
    file_name: str,
    sheet_name: str,
    layout: Layout,
    places: list[str],
    existing: list[tuple[str, str]],
) -> None:
    """Names that differ only by region prefix or legal suffix are listed, never merged.

    `places` are bare place names seen in the addresses (宁波, 慈溪) to strip as prefixes;
    `existing` are (key, name) of firms already in the workspace.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, company in companies.items():
        groups.setdefault(normalize.company_stem(key, places), []).append((key, company.name))
    for key, name in existing:
        if key not in companies:
            groups.setdefault(normalize.company_stem(key, places), []).append((key, name))
    col = _letter(layout, "company")
    for stem, members in groups.items():
        if len(members) < 2 or len(stem) < 2:
            continue
        names = [n for _, n in members]
        for key, _name in members:
            if key in companies:
                others = [n for n in names if n != companies[key].name]
                problems.append(
                    Problem(
                        code="possible-duplicate",
                        file=file_name,
                        sheet=sheet_name,
                        row=companies[key].first_row,
                        column=col,
                        value=" ~ ".join(names),
                        message_zh=f"“{companies[key].name}”与“{'、'.join(others)}”名称相近，可能是同一企业：未合并，请核对",
                        message_en=f"'{companies[key].name}' resembles '{', '.join(others)}': "
                        "maybe one firm; not merged, please check",
                    )
                )
                break


def import_contacts(
    ws: Workspace, prepared: PreparedImport, *, dry_run: bool = False, max_changes: int = 200
) -> ImportResult:
    """Write a prepared import in one transaction (rolled back with dry_run)."""
    book, layout = prepared.book, prepared.layout
    result = ImportResult(
        file=book.path.name,
        kind=book.kind,
        sheet=layout.sheet.name,
        header_row=layout.header_row + 1,
        mapping=[(c.header, c.field) for c in layout.columns],
        rows_read=prepared.rows_read,
        blank_rows=prepared.blank_rows,
        rejected=prepared.rejected,
        dry_run=dry_run,
    )
    companies = prepared.companies
    result.companies = len(companies)
    accepted = prepared.rows_read - prepared.rejected
    result.merged = accepted - len(companies)
    result.contacts = sum(len(c.contacts) for c in companies.values())

    context = ws.dry_transaction() if dry_run else ws.transaction()
    with context:
        existing = ws.companies_by_key(companies)
        problems = list(prepared.problems)
        stored = [(k, n) for _, n, k in ws.all_company_names() if k not in companies]
        places = list(dict.fromkeys(prepared.places + place_names(ws.sample_addresses())))
        _flag_possible_duplicates(
            companies, problems, result.file, result.sheet, layout, places, stored
        )
        import_id = ws.add_import(
            path=str(book.path.resolve()),
            file_name=book.path.name,
            sha256=book.sha256,
            kind=book.kind,
            sheet=layout.sheet.name,
            header_row=layout.header_row + 1,
            headers=layout.headers,
            mapping=layout.mapping,
        )
        changes: list[Change] = []
        history: list[tuple] = []
        new_rows = [
            dict(c.fields, name=c.name, name_key=c.key)
            for k, c in companies.items()
            if k not in existing
        ]
        ids = ws.insert_companies(new_rows, import_id) if new_rows else {}
        result.companies_new = len(new_rows)
        company_updates: list[tuple[int, str, object]] = []
        for key, company in companies.items():
            old = existing.get(key)
            if old is None:
                continue
            ids[key] = old["id"]
            changed = False
            for col in COMPANY_COLUMNS:
                if col in ("tier_raw", "basis"):
                    continue
                new_value = company.fields.get(col)
                if col == "tier":
                    old_shown = old["tier"] or old["tier_raw"]
                    new_shown = new_value or company.fields.get("tier_raw")
                    if new_shown and new_shown != old_shown:
                        company_updates += [
                            (old["id"], "tier", new_value),
                            (old["id"], "tier_raw", company.fields.get("tier_raw")),
                        ]
                        history.append(
                            (old["id"], None, "tier", old_shown, new_shown, result.file, import_id)
                        )
                        changes.append(
                            Change(company=company.name, field="tier", old=old_shown, new=new_shown)
                        )
                        changed = True
                    continue
                if new_value not in (None, "") and new_value != old[col]:
                    company_updates.append((old["id"], col, new_value))
                    history.append(
                        (old["id"], None, col, old[col], new_value, result.file, import_id)
                    )
                    changes.append(
                        Change(company=company.name, field=col, old=old[col], new=new_value)
                    )
                    changed = True
            new_basis = company.fields.get("basis")
            if new_basis and new_basis != old["basis"] and (changed or not old["basis"]):
                company_updates.append((old["id"], "basis", _merged_basis(old["basis"], new_basis)))
            if changed:
                result.companies_updated += 1
        result.companies_unchanged = (
            result.companies - result.companies_new - result.companies_updated
        )
        ws.update_fields("companies", company_updates)

        stored_contacts = ws.contacts_of(existing[k]["id"] for k in companies if k in existing)
        new_contacts: list[dict] = []
        contact_updates: list[tuple[int, str, object]] = []
        pointer_updates = 0
        for key, company in companies.items():
            cid = ids[key]
            for ckey, contact in company.contacts.items():
                old = stored_contacts.get((cid, ckey))
                if old is None:
                    new_contacts.append(
                        dict(contact, company_id=cid, contact_key=ckey, import_id=import_id)
                    )
                    continue
                changed = False
                for col in CONTACT_COLUMNS:
                    value = contact.get(col)
                    if value not in (None, "") and value != old[col]:
                        contact_updates.append((old["id"], col, value))
                        history.append(
                            (cid, old["id"], col, old[col], value, result.file, import_id)
                        )
                        changes.append(
                            Change(
                                company=company.name,
                                contact=contact["name"] or ckey,
                                field=col,
                                old=old[col],
                                new=value,
                            )
                        )
                        changed = True
                if changed:
                    result.contacts_updated += 1
                if changed or old["raw"] != contact["raw"]:
                    pointer_updates += 1
                    for col in ("import_id", "source_file", "source_sheet", "source_row", "raw"):
                        value = import_id if col == "import_id" else contact[col]
                        contact_updates.append((old["id"], col, value))
        result.contacts_new = len(new_contacts)
        ws.insert_contacts(new_contacts)
        ws.update_fields("contacts", contact_updates)
        ws.add_history(history)

        result.problems = len(problems)
        result.problem_counts = dict(Counter(p.code for p in problems))
        result.changes = changes[:max_changes]
        result.changes_total = len(changes)
        something = new_rows or new_contacts or company_updates or pointer_updates
        if not something:
            result.nothing_changed = True
            if not dry_run:
                raise _NothingToDo(result)
        ws.replace_problems(result.file, import_id, problems)
        ws.set_import_summary(import_id, result.accounting())
    return result


def _merged_basis(old: str | None, new: str) -> str:
    """Keep the reasons of fields this import did not decide (a blank never erases)."""
    merged = orjson.loads(old) if old else {}
    merged.update(orjson.loads(new))
    return orjson.dumps(merged).decode()


class _NothingToDo(Exception):
    """Raised inside the transaction to roll back an import that would change nothing."""

    def __init__(self, result: ImportResult):
        self.result = result


def run_import(ws: Workspace, prepared: PreparedImport, *, dry_run: bool = False) -> ImportResult:
    """import_contacts, treating an import that changes nothing as a success that writes nothing."""
    try:
        return import_contacts(ws, prepared, dry_run=dry_run)
    except _NothingToDo as done:
        return done.result
