"""Reading a filled-in plan back (`regiontool done`): cells in, activity rows out, no I/O.

The manager writes 完成 / 未完成 / 改期 (or done / missed / rescheduled, √, ×, 延期 …) in
完成情况, optionally followed by a note ("完成：要报价"); anything else is a free-text note.
Each daily sheet's title carries its ISO date and each block's header row names the
columns, so rows the manager inserted, moved or deleted are still read right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .. import vocab

_SEPARATORS = " \t\n:：,，、;；-—–.。!！()（）了"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SHEET_NAME_DATE = re.compile(r"^\s*(\d{1,2})-(\d{1,2})(?!\d)")
# Spellings sorted longest first, so 未完成 wins over 完成 and "not done" over "no".
_SPELLINGS = sorted(vocab.STATUS_SPELLINGS, key=len, reverse=True)


def parse_status(text: object) -> tuple[str, str]:
    """(status, note): status is done / missed / rescheduled / note, or blank for an empty cell."""
    original = _text(text)  # 1.0 from a number cell reads as 1
    raw = unicodedata.normalize("NFKC", original).strip()
    if not raw:
        return "blank", ""
    low = raw.lower()
    if low in vocab.STATUS_WHOLE_CELL:
        return vocab.STATUS_WHOLE_CELL[low], ""
    for spelling in _SPELLINGS:
        if not low.startswith(spelling):
            continue
        rest = raw[len(spelling) :]
        if spelling.isascii() and spelling[-1].isalnum() and rest[:1].isalnum():
            continue  # "no" is not the start of "nothing"
        return vocab.STATUS_SPELLINGS[spelling], rest.lstrip(_SEPARATORS).strip()
    return "note", original  # free text as written (full-width punctuation kept)


@dataclass
class ReadRow:
    sheet: str
    row: int  # Excel row number
    day: date | None
    company_id: int | None
    company: str  # the name written in 相关
    category: str  # key of vocab.PLAN_CATEGORIES, or the text as written
    task: str
    status: str  # done / missed / rescheduled / note / blank
    note: str
    problem: str = ""  # why the row cannot be logged: a key of vocab.PLAN_PROBLEMS
    detail: str = ""

    @property
    def activity_key(self) -> str:
        """One activity per company per planned day: reading a plan twice logs nothing twice."""
        return f"plan:{self.day.isoformat() if self.day else ''}:{self.company_id}"


@dataclass
class ReadBack:
    rows: list[ReadRow] = field(default_factory=list)
    sheets_read: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status and not r.problem)

    @property
    def unknown(self) -> list[ReadRow]:
        return [r for r in self.rows if r.problem]


def _labels(key: str) -> set[str]:
    zh, en = vocab.PLAN_COLUMNS[key]
    return {zh, en.lower()}


_HEADER_KEYS = ("category", "task", "related", "outcome", "company_id")
_CATEGORY_BY_LABEL = {label.lower(): key for key, pair in vocab.PLAN_CATEGORIES.items() for label in pair}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _title_dates(rows: list[list]) -> list[date | None]:
    """The ISO dates in a sheet's title rows, in order; None for one that is no real date."""
    out: list[date | None] = []
    for row in rows[:3]:
        for cell in row[:3]:
            for m in _ISO_DATE.finditer(_text(cell)):
                try:
                    out.append(date(int(m[1]), int(m[2]), int(m[3])))
                except ValueError:
                    out.append(None)
    return out


def _sheet_date(rows: list[list]) -> date | None:
    dates = _title_dates(rows)
    return dates[0] if dates else None


def _name_date(name: str, known: list[date]) -> date | None:
    """The date of a sheet named '10-08 周四' (the plan names its daily sheets so), its year the one
    that puts it nearest the workbook's other dates (a plan across New Year included)."""
    m = _SHEET_NAME_DATE.match(unicodedata.normalize("NFKC", name))
    if not m or not known:
        return None
    candidates = []
    for year in {y + k for y in (d.year for d in known) for k in (-1, 0, 1)}:
        try:
            candidates.append(date(year, int(m[1]), int(m[2])))
        except ValueError:
            continue
    return min(candidates, key=lambda c: (min(abs((c - k).days) for k in known), c), default=None)


def read_sheets(sheets: list[tuple[str, list[list]]]) -> ReadBack:
    """Daily to-do sheets (name, rows of cells) → every plan row found, with its outcome parsed.

    A sheet without a 完成情况 header row is not a to-do sheet and is skipped. A sheet whose
    title lost its date is dated by its name (10-08 周四) and the workbook's other dates.
    """
    out = ReadBack()
    known = [d for _name, rows in sheets for d in _title_dates(rows) if d is not None]
    for name, rows in sheets:
        day = _sheet_date(rows) or _name_date(name, known)
        cols: dict[str, int] | None = None
        seen_header = False
        for i, row in enumerate(rows, start=1):
            cells = [_text(v) for v in row]
            lowered = [c.lower() for c in cells]
            found = {
                k: next((j for j, c in enumerate(lowered) if c in _labels(k)), None) for k in _HEADER_KEYS
            }
            if found["outcome"] is not None and found["company_id"] is not None:
                cols = {k: j for k, j in found.items() if j is not None}
                seen_header = True
                continue
            if cols is None:
                continue

            def cell(key: str, cells=cells, cols=cols) -> str:
                j = cols.get(key)
                return cells[j] if j is not None and j < len(cells) else ""

            related, outcome, cid_text = cell("related"), cell("outcome"), cell("company_id")
            if not (related or outcome or cid_text):
                continue
            status, note = parse_status(outcome)
            label = cell("category")
            company = related.split("\n")[0].strip()
            cid = int(cid_text) if cid_text.isdigit() else None
            problem = "no-date" if day is None else "" if cid is not None else "no-company-id"
            if status == "blank":  # nothing to log: never listed as a problem
                problem = ""
            out.rows.append(
                ReadRow(
                    name,
                    i,
                    day,
                    cid,
                    company,
                    _CATEGORY_BY_LABEL.get(label.lower(), label),
                    cell("task"),
                    status,
                    note,
                    problem,
                    cid_text if problem == "no-company-id" else "",
                )
            )
        out.sheets_read += seen_header
    return out
