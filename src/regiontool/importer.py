"""read → layout → normalise → store, with the accounting that proves nothing was lost.

`prepare_import` does everything that needs no workspace (so a bad file fails before
the workspace is even opened); `apply_import` writes it in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    progress: Progress | None = None,
) -> PreparedImport:
    """Read and normalise a contact file; no workspace needed."""
    step = progress or (lambda _stage: None)
    step("read")
    book = read_book(path, encoding=encoding, max_size=max_size)
    layout = detect_layout(book, sheet=sheet, header_row=header_row, mapping=mapping)
    step("normalise")
    return _normalise(book, layout)


def _is_blank_row(row: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _raw_value(v: object) -> object:
    if v is None or isinstance(v, (str, int, bool)):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if isinstance(v, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        return normalize.cell_text(v)
    return str(v)


def _normalise(book: RawBook, layout: Layout) -> PreparedImport:
    sheet = layout.sheet
    file_name, sheet_name = book.path.name, sheet.name
    width = len(layout.columns)
    problems = list(layout.problems)

    data: list[tuple[int, list]] = []  # (excel row, cells padded to width)
    blank = 0
    for i in range(layout.header_row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        if _is_blank_row(row[:width]):
            blank += 1
            continue
        cells = (
            list(row[:width]) + [None] * (width - len(row))
            if len(row) < width
            else list(row[:width])
        )
        data.append((i + 1, cells))
    if not data:
        raise LayoutError(
            f"{file_name}: sheet '{sheet_name}' has headers (row {layout.header_row + 1}) but no data rows",
            "check that you exported the right sheet",
        )

    def column(key: str) -> list[str]:
        idx = layout.columns_of(key)
        if not idx:
            return [""] * len(data)
        j = idx[0]
        return [normalize.fold(normalize.cell_text(cells[j])) for _, cells in data]

    names = column("company")
    name_keys = normalize.text_keys(names)
    # Categorical company fields are matched in simplified form.
    simplified: dict[str, list[str]] = {}
    for key in ("town", "county", "industry", "manager"):
        values = column(key)
        distinct = list(dict.fromkeys(values))
        table = dict(zip(distinct, normalize.to_simplified_many(distinct), strict=True))
        simplified[key] = [table[v] for v in values]
    plain = {
        key: column(key)
        for key in (
            "address",
            "employees",
            "revenue",
            "capital",
            "scope",
            "contact",
            "title",
            "note",
        )
    }
    tiers = column("tier")
    sizes = column("size")
    key_contacts = column("key_contact")
    phone_cols = layout.columns_of("phone")
    contact_keys = normalize.text_keys(plain["contact"])

    tier_col = _letter(layout, "tier")
    companies: dict[str, _Company] = {}
    rejected = 0
    phone_cache: dict[object, tuple[list[str], bool]] = {}
    conflicts_seen: set[tuple[str, str]] = set()

    for n, (excel_row, cells) in enumerate(data):
        key = name_keys[n]
        if not key:
            rejected += 1
            shown = " | ".join(normalize.cell_text(c) for c in cells if c not in (None, ""))
            problems.append(
                Problem(
                    code="no-company",
                    file=file_name,
                    sheet=sheet_name,
                    row=excel_row,
                    column=_letter(layout, "company"),
                    value=shown[:200],
                    message_zh="该行没有企业名称，已拒收（补上企业名称后重新导入）",
                    message_en="row has no company name: rejected (add the name and import again)",
                )
            )
            continue
        tier_text = tiers[n]
        tier_code, tier_status = normalize.normalize_tier(tier_text)
        if tier_status == "invalid":
            problems.append(
                Problem(
                    code="invalid-tier",
                    file=file_name,
                    sheet=sheet_name,
                    row=excel_row,
                    column=tier_col,
                    value=tier_text,
                    message_zh=f"客户分类“{tier_text}”不是 {' '.join(vocab.TIER_ORDER)} 之一：原文保留，分析时按空白计",
                    message_en=f"tier '{tier_text}' is not one of {' '.join(vocab.TIER_ORDER)}: "
                    "text kept, counted as blank",
                )
            )
        size, size_status = normalize.normalize_size(sizes[n])
        if size_status == "invalid":
            problems.append(
                Problem(
                    code="invalid-size",
                    file=file_name,
                    sheet=sheet_name,
                    row=excel_row,
                    column=_letter(layout, "size"),
                    value=sizes[n],
                    message_zh=f"规模“{sizes[n]}”无法识别（应为 大型/中型/小型/微型）：原文保留",
                    message_en=f"size '{sizes[n]}' is not large/medium/small/micro: text kept",
                )
            )
            size = sizes[n]
        row_fields: dict[str, str | None] = {
            "address": plain["address"][n],
            "town": simplified["town"][n],
            "county": simplified["county"][n],
            "industry": simplified["industry"][n],
            "size": size,
            "tier": tier_code,
            "tier_raw": tier_text if tier_text else None,
            "manager": simplified["manager"][n],
            "employees": plain["employees"][n],
            "revenue": plain["revenue"][n],
            "capital": plain["capital"][n],
            "scope": plain["scope"][n],
        }
        company = companies.get(key)
        if company is None:
            company = companies[key] = _Company(key, names[n], excel_row)
        _merge_company_fields(
            company, row_fields, excel_row, file_name, sheet_name, layout, problems, conflicts_seen
        )

        phones: list[str] = []
        for j in phone_cols:
            value = cells[j]
            if value in (None, ""):
                continue
            if value not in phone_cache:
                phone_cache[value] = normalize.normalize_phone(value)
            found, ok = phone_cache[value]
            phones.extend(found)
            if not ok:
                text = normalize.fold(normalize.cell_text(value))
                phones.append(text)
                problems.append(
                    Problem(
                        code="invalid-phone",
                        file=file_name,
                        sheet=sheet_name,
                        row=excel_row,
                        column=column_letter(j),
                        value=text,
                        message_zh=f"电话“{text}”无法识别：原文保留",
                        message_en=f"phone '{text}' not understood: text kept",
                    )
                )
        kc_text = key_contacts[n]
        kc, kc_status = normalize.normalize_yes_no(kc_text)
        if kc_status == "invalid":
            problems.append(
                Problem(
                    code="invalid-key-contact",
                    file=file_name,
                    sheet=sheet_name,
                    row=excel_row,
                    column=_letter(layout, "key_contact"),
                    value=kc_text,
                    message_zh=f"是否关键联系人“{kc_text}”无法识别（应为 是/否）：原文保留，按空白计",
                    message_en=f"key contact '{kc_text}' is not yes/no: text kept, counted as blank",
                )
            )
        raw = json.dumps([_raw_value(c) for c in cells], ensure_ascii=False)
        ckey = contact_keys[n] or (
            phones[0] if phones else "row:" + hashlib.sha1(raw.encode()).hexdigest()[:16]
        )
        contact = {
            "name": plain["contact"][n] or None,
            "title": plain["title"][n] or None,
            "phone": "; ".join(dict.fromkeys(phones)) or None,
            "key_contact": kc,
            "key_contact_raw": kc_text or None,
            "note": plain["note"][n] or None,
            "source_file": file_name,
            "source_sheet": sheet_name,
            "source_row": excel_row,
            "raw": raw,
        }
        # A second row for the same person is kept as its own contact (nothing is lost);
        # the occurrence number keeps its key stable when the same file is imported again.
        base, k = ckey, 1
        while ckey in company.contacts:
            k += 1
            ckey = f"{base}#{k}"
        company.contacts[ckey] = contact

    place_counts = Counter(
        m.group(1) for a in plain["address"][:20000] if a for m in _PLACE.finditer(a)
    )
    places = [p for p, _ in place_counts.most_common(30)]
    return PreparedImport(book, layout, companies, len(data), blank, rejected, problems, places)


def place_names(addresses: list[str], limit: int = 30) -> list[str]:
    """The most common province/city/county names written in addresses (宁波, 慈溪)."""
    counts = Counter(m.group(1) for a in addresses[:20000] if a for m in _PLACE.finditer(a))
    return [p for p, _ in counts.most_common(limit)]


def _letter(layout: Layout, key: str) -> str:
    idx = layout.columns_of(key)
    return column_letter(idx[0]) if idx else ""


def _merge_company_fields(
    company: _Company,
    row_fields: dict,
    excel_row: int,
    file_name: str,
    sheet_name: str,
    layout: Layout,
    problems: list[Problem],
    conflicts_seen: set[tuple[str, str]],
) -> None:
    """First non-blank value wins; a later different one is reported, not silently taken."""
    stored = company.fields
    for k, v in row_fields.items():
        if v in (None, ""):
            continue
        if k == "tier_raw":
            if stored.get("tier") is None and (
                row_fields["tier"] or stored.get("tier_raw") is None
            ):
                stored["tier_raw"] = v
            continue
        old = stored.get(k)
        if old in (None, ""):
            stored[k] = v
        elif old != v and k in CONFLICT_FIELDS and (company.key, k) not in conflicts_seen:
            conflicts_seen.add((company.key, k))
            label_zh, label_en = vocab.FIELD_BY_KEY[k].zh, vocab.FIELD_BY_KEY[k].en
            problems.append(
                Problem(
                    code="conflicting-value",
                    file=file_name,
                    sheet=sheet_name,
                    row=excel_row,
                    column=_letter(layout, k),
                    value=f"{old} / {v}",
                    message_zh=f"{company.name} 的{label_zh}前后不一致（“{old}”与“{v}”）：保留“{old}”",
                    message_en=f"{company.name}: {label_en} differs between rows ('{old}' vs '{v}'); kept '{old}'",
                )
            )


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
                if col == "tier_raw":
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
