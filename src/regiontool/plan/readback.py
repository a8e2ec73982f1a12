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
from datetime import date, datetime

from .. import vocab

_SEPARATORS = " \t\n:：,，、;；-—–.。!！()（）了\ufe0f"  # \ufe0f: the emoji form of ✔️
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SHEET_NAME_DATE = re.compile(r"^\s*(\d{1,2})-(\d{1,2})(?!\d)")
# Spellings sorted longest first, so 未完成 wins over 完成 and "not done" over "no".
_SPELLINGS = sorted(vocab.STATUS_SPELLINGS, key=len, reverse=True)
# A date as a manager writes it: 12/8, 12-8, 12.8, 12月8日 (12月8号), with a year before it or
# not (2027.1.8, 2026-12-08, 2026年12月8日). A dot date is no decimal or amount (1.5万, 2.5%).
_MONTH_DAY = r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d|\.\d|%|万|千|元)"
# A cell that opens with a date (2026-12-08, 12/8, 1.6, 12月8日, 12月8号) names the day the work moves to.
_LEADING_DATE = re.compile(rf"^(?:\d{{4}}\s*[-/.年]\s*)?{_MONTH_DAY}\s*[日号]?")
# A date anywhere in a 改期 note (到12/8, 12月8日再去, 2026-12-09, 2027.1.8): the day the work moves to.
_ANY_DATE = re.compile(rf"(?<![\d.])(?:(\d{{4}})\s*[-/.年]\s*)?{_MONTH_DAY}")
# Where a clause ends: a cancellation counts there only (vocab.STATUS_PHRASES_CLAUSE_END).
_CLAUSE_END = r"(?:了|啦|掉了?)?(?=\s*(?:$|[,，;；。.!！?？、:：)）]))"


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A CJK phrase anywhere; an ASCII one as whole words; a cancellation where its clause ends."""
    body = re.escape(phrase)
    if phrase.isascii():
        body = rf"(?<![a-z0-9]){body}(?![a-z0-9])"
    if phrase in vocab.STATUS_PHRASES_CLAUSE_END:
        body += _CLAUSE_END
    return re.compile(body)


_PHRASES = [
    (_phrase_pattern(p), status)
    for status in ("rescheduled", "missed")  # a text that names both (没人接，改期) moves the work
    for p, s in vocab.STATUS_PHRASES.items()
    if s == status
]
_LOOKALIKES = [_phrase_pattern(w) for w in vocab.STATUS_LOOKALIKES]


def _lookalike_spans(low: str) -> list[tuple[int, int]]:
    """Where the text holds a longer word that only looks like a status (不在意, 没接触, 是否)."""
    return [m.span() for pattern in _LOOKALIKES for m in pattern.finditer(low)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _phrase_status(low: str, spans: list[tuple[int, int]], pos: int = 0) -> str | None:
    """missed or rescheduled when the text from pos on says so as a phrase of its own (not inside
    a longer word that only looks like one: 不在意, 没接触, 开关机柜), else None."""
    for pattern, status in _PHRASES:
        if any(not _inside(*m.span(), spans) for m in pattern.finditer(low, pos)):
            return status
    return None


def _starts_with_word(low: str, spelling: str) -> bool:
    """Whether the cell opens with this status word: an ASCII word must end at a separator or the
    end, so "nothing" is no "no", "No answer" no "no" and "N/A" no "n"."""
    if not low.startswith(spelling):
        return False
    after = low[len(spelling) : len(spelling) + 1]
    return not (spelling.isascii() and spelling[-1].isalnum() and after and after not in _SEPARATORS)


def _rest_as_written(original: str, spelling: str) -> str:
    """What follows the status word in the cell as the manager wrote it (full-width commas kept):
    the shortest opening of the original whose NFKC lower case is the spelling is the word."""
    for k in range(1, len(original) + 1):
        if unicodedata.normalize("NFKC", original[:k]).lower() == spelling:
            return original[k:]
    return original[len(spelling) :]  # not reached: the spelling was found in the normalised text


def parse_status(text: object) -> tuple[str, str]:
    """(status, note): status is done / missed / rescheduled / note, or blank for an empty cell.

    The word that opens the cell decides (完成：要报价 is done, note 要报价), unless it is a done
    word whose note says the customer was not reached (已去，不在 is missed). Otherwise a date
    that opens it (12月8日再去, 1.6再打) or a date cell means rescheduled, and a phrase anywhere
    that says the customer was not reached (电话没人接, 客户不在) missed or rescheduled, the whole
    text kept as the note. Anything else is a free-text note. Notes are kept as written. A word or
    phrase inside a longer word that only looks like one (vocab.STATUS_LOOKALIKES: 不在意, 没接触,
    是否) counts for nothing."""
    status, note, _overruled = read_status(text)
    return status, note


def read_status(text: object) -> tuple[str, str, bool]:
    """parse_status's (status, note), and whether a done word opened the cell but the rest of it
    said the customer was not reached (已去，不在): read as missed, which `done` points out."""
    if isinstance(text, date):  # a date cell: the day the work moves to
        return "rescheduled", (text.date() if isinstance(text, datetime) else text).isoformat(), False
    original = _text(text).strip()  # 1.0 from a number cell reads as 1
    raw = unicodedata.normalize("NFKC", original).strip()
    if not raw:
        return "blank", "", False
    low = raw.lower()
    if low in vocab.STATUS_WHOLE_CELL:
        return vocab.STATUS_WHOLE_CELL[low], "", False
    spans = _lookalike_spans(low)
    opening = max(
        ((m.end(), s) for p, s in _PHRASES if (m := p.match(low)) and not _inside(*m.span(), spans)),
        default=(0, ""),
    )
    for spelling in _SPELLINGS:
        if (
            _starts_with_word(low, spelling)
            and not _inside(0, len(spelling), spans)
            and len(spelling) >= opening[0]
        ):
            status = vocab.STATUS_SPELLINGS[spelling]
            rest = _rest_as_written(original, spelling).lstrip(_SEPARATORS).strip()
            if status == "done":  # 已去，不在 / 已联系，没人接: went, but did not reach them
                said = _phrase_status(low, spans, len(spelling))
                return said or status, rest, said is not None
            return status, rest, False
    m = _LEADING_DATE.match(low)
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31:
        return "rescheduled", original, False
    # free text as written (full-width punctuation kept)
    return _phrase_status(low, spans) or "note", original, False


def moved_to(note: str | None, day: date) -> date | None:
    """The day a rescheduled row's note names (its first real date: 到12/8, 12月8日再去, a date
    cell's 2026-12-09), or None. A date written without its year takes the year that puts it
    nearest the day the work was planned for (12/8 on a plan of 12-03, 1/5 on one of 12-28)."""
    text = note if isinstance(note, str) else ""  # None, or NaN from a frame
    for m in _ANY_DATE.finditer(unicodedata.normalize("NFKC", text)):
        month, dom = int(m[2]), int(m[3])
        years = [int(m[1])] if m[1] else [day.year - 1, day.year, day.year + 1]
        candidates = []
        for year in years:
            try:
                candidates.append(date(year, month, dom))
            except ValueError:
                continue
        if candidates:
            return min(candidates, key=lambda c: (abs((c - day).days), c))
    return None


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
    remark: str = ""  # how a doubtful cell was read, for the user to check: a key of vocab.DONE_REMARKS
    cell: str = ""  # with a remark: the cell as written

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


def _next_year(typed: date, first: date, day: date) -> date | None:
    """The date a date cell meant when it is plainly the typed day in the wrong year: before the
    plan's first day, and the same month and day a year later nearer the row's day (a spreadsheet
    gives 1/5 typed on a plan of 12-28 the current year); else None, the cell as it is."""
    if typed >= first:
        return None
    try:
        later = typed.replace(year=typed.year + 1)
    except ValueError:  # 29 February
        return None
    return later if later >= first and abs((later - day).days) < abs((typed - day).days) else None


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
            status, note, overruled = read_status(outcome)
            remark = "done_overruled" if overruled else ""
            j = cols["outcome"]
            typed = row[j] if j < len(row) else None
            if isinstance(typed, date) and day is not None:
                typed = typed.date() if isinstance(typed, datetime) else typed
                meant = _next_year(typed, min(known, default=day), day)
                if meant is not None:  # 1/5 typed in December: the spreadsheet filled in this year
                    note, remark, outcome = meant.isoformat(), "year_fixed", typed.isoformat()
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
                    remark,
                    outcome if remark else "",
                )
            )
        out.sheets_read += seen_header
    return out
