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
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .. import vocab

if TYPE_CHECKING:
    from collections.abc import Callable

    from .workdays import WorkCalendar

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
# A number in Chinese numerals (九, 十二, 三十一, 两): _number reads it.
_CN_NUMBER = rf"[{''.join((*vocab.CHINESE_DIGITS, *vocab.CHINESE_UNITS))}]{{1,4}}"
# A month and day in Chinese numerals (十二月九日, 十二月九号, 12月九号, 十二月底): written in Arabic
# ones (12月9日, 12月底) before the dates above and below are looked for.
_CHINESE_MONTH_DAY = re.compile(
    rf"({_CN_NUMBER}|\d{{1,2}})\s*月\s*(?:({_CN_NUMBER}|\d{{1,2}})\s*(?=[日号])|(?=[底末]))"
)


def _words(words) -> str:
    """A regex alternation of the words, longest first (大后天 before 后天, 下月底 before 下月)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A day named relative to the plan row's day (vocab.RELATIVE_DAYS, NEXT_WEEK_WORDS, THIS_WEEK_WORDS,
# DAYS_AFTER_WORDS, WEEK_UNITS, MONTH_WORDS): 今天, 明天, 下周一, 下星期三, 周五, 下周, 3天后, 三天以后, 一周后,
# 两个星期以后, 月底, 12月底, 下个月.
_WEEKDAY = f"[{''.join(vocab.WEEKDAY_NUMBERS)}]"
_RELATIVE_DATE = re.compile(
    rf"(?P<next_week>{_words(vocab.NEXT_WEEK_WORDS)})(?P<next_weekday>{_WEEKDAY})?"
    rf"|(?:{_words(vocab.THIS_WEEK_WORDS)})(?P<weekday>{_WEEKDAY})"
    rf"|(?P<days>{_words(vocab.RELATIVE_DAYS)})"
    rf"|(?<![\d.])(?P<count>\d{{1,3}}|{_CN_NUMBER})\s*天\s*(?:{_words(vocab.DAYS_AFTER_WORDS)})"
    rf"|(?<![\d.])(?P<weeks>\d{{1,2}}|{_CN_NUMBER})\s*个?\s*(?:{_words(vocab.WEEK_UNITS)})"
    rf"\s*(?:{_words(vocab.DAYS_AFTER_WORDS)})"
    rf"|(?:(?<![\d.])(?P<of_month>\d{{1,2}})\s*)?(?P<month>{_words(vocab.MONTH_WORDS)})"
)
_DATE_LOOKALIKES = [re.compile(re.escape(w)) for w in vocab.DATE_LOOKALIKES]
# A festival the work waits for (vocab.HOLIDAY_AFTER_WORDS): 春节后, 年以后, 节后, after the Spring Festival.
_HOLIDAY_AFTER = re.compile(
    r"(?<![\d一二两三四五六七八九十几半每今明去前后当本这那上下同新旧学财季环细章关调情双多])"
    rf"(?P<zh>{_words(vocab.HOLIDAY_AFTER_WORDS)})\s*(?:{_words(vocab.HOLIDAY_BREAK_WORDS)})?"
    rf"\s*(?:{_words(vocab.DAYS_AFTER_WORDS)})"
    rf"|(?P<past>{_words(vocab.HOLIDAY_PAST_WORDS)})(?![路街巷底末初内前号点月日])"  # (过完五一路口, 过了年底)
    rf"|\bafter\s+(?:the\s+)?(?P<en>{_words(vocab.HOLIDAY_AFTER_WORDS_EN)})\b"
)
# What follows a day and makes it a deadline (月底前, 12.30之前, 十二月三十号以前), or only looks so (12.8前后).
_DEADLINE = re.compile(rf"\s*[日号]?\s*(?:{_words(vocab.DEADLINE_WORDS)})")
_DEADLINE_LOOKALIKE = re.compile(rf"\s*[日号]?\s*(?:{_words(vocab.DEADLINE_LOOKALIKES)})")
# What follows a day that can be past and says it is (12.1已付款, 周三刚发样品), within the day's clause.
_PAST_WORD = re.compile(_words(vocab.PAST_WORDS))
_PAST_LOOKALIKES = [re.compile(re.escape(w)) for w in vocab.PAST_LOOKALIKES]
_CLAUSE_BREAK = re.compile(r"[,，;；。.!！?？、:：\n]")
# Where a clause ends: a cancellation counts there only (vocab.STATUS_PHRASES_CLAUSE_END).
_CLAUSE_END = r"(?:了|啦|掉了?)?(?=\s*(?:$|[,，;；。.!！?？、:：()（）]))"
# A status word ending in one (取消, 已取消, cancelled) opens the cell only where its clause ends too.
_CLAUSE_END_WORDS = tuple(vocab.STATUS_PHRASES_CLAUSE_END)


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
# After a done word (完成，改天再聊): the phrases but for vocab.STATUS_PHRASES_NOT_AFTER_DONE.
_PHRASES_AFTER_DONE = [
    (_phrase_pattern(p), status)
    for status in ("rescheduled", "missed")
    for p, s in vocab.STATUS_PHRASES.items()
    if s == status and p not in vocab.STATUS_PHRASES_NOT_AFTER_DONE
]
_LOOKALIKES = [_phrase_pattern(w) for w in vocab.STATUS_LOOKALIKES]
# 未完成的订单 after a done word: a completion phrase before 的 and a noun (vocab.STATUS_PHRASES_OF_A_THING).
_OF_A_THING = re.compile(
    rf"(?:{_words(vocab.STATUS_PHRASES_OF_A_THING)})的(?![话\s,，;；。.!！?？、:：)）]|$)"
)


def _lookalike_spans(low: str) -> list[tuple[int, int]]:
    """Where the text holds a longer word that only looks like a status (不在意, 没接触, 是否)."""
    return [m.span() for pattern in _LOOKALIKES for m in pattern.finditer(low)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _phrase_status(low: str, spans: list[tuple[int, int]], pos: int = 0, phrases=_PHRASES) -> str | None:
    """missed or rescheduled when the text from pos on says so as a phrase of its own (not inside
    a longer word that only looks like one: 不在意, 没接触, 开关机柜), else None."""
    for pattern, status in phrases:
        if any(not _inside(*m.span(), spans) for m in pattern.finditer(low, pos)):
            return status
    return None


def _starts_with_word(low: str, spelling: str) -> bool:
    """Whether the cell opens with this status word: an ASCII word must end at a separator or the
    end, so "nothing" is no "no", "No answer" no "no" and "N/A" no "n"; a cancellation (取消, 已取消,
    cancelled) must end its clause, so 取消了和对手的合同 is no 取消 (vocab.STATUS_PHRASES_CLAUSE_END)."""
    if not low.startswith(spelling):
        return False
    if spelling.endswith(_CLAUSE_END_WORDS):
        return re.match(_CLAUSE_END, low[len(spelling) :]) is not None
    after = low[len(spelling) : len(spelling) + 1]
    return not (spelling.isascii() and spelling[-1].isalnum() and after and after not in _SEPARATORS)


def _rest_as_written(original: str, spelling: str) -> str:
    """What follows the status word in the cell as the manager wrote it (full-width commas kept):
    the shortest opening of the original whose NFKC lower case is the spelling is the word."""
    for k in range(1, len(original) + 1):
        if unicodedata.normalize("NFKC", original[:k]).lower() == spelling:
            return original[k:]
    return original[len(spelling) :]  # not reached: the spelling was found in the normalised text


# A day the work is moved to by name (改期到12月3日, 延期至下周一, 改到周五; a 改期 row's note 到12月3日…): of
# several days, that one.
_MOVED_TO = re.compile(r"(?:(?:改期|延期|推迟|顺延|改到|挪到|移到)\s*(?:到|至)?|^\s*(?:到|至))\s*$")
_OPENING_BRACKETS = "(（"
# What joins a manager's words to the plan's 备注 (计划文本；急): the separators but for brackets and 了.
_JOINERS = "".join(c for c in _SEPARATORS if c not in "()（）了")


def _note_after(rest: str) -> str:
    """The note after a status word, as written: the separators before it dropped, but an opening
    bracket kept with its note — 完成（已报价，王总 13800001111） is 已报价，王总 13800001111, the pair
    dropped; a bracket left open (完成（见备注) keeps it."""
    note = rest.lstrip("".join(c for c in _SEPARATORS if c not in _OPENING_BRACKETS)).strip()
    if note[:1] in _OPENING_BRACKETS and note[-1:] in ")）":
        inner = note[1:-1]
        if not any(c in inner for c in "()（）"):  # one pair around the whole note
            return inner.strip()
    return note


def parse_status(text: object) -> tuple[str, str]:
    """(status, note): status is done / missed / rescheduled / note, or blank for an empty cell.

    The word that opens the cell decides (完成：要报价 is done, note 要报价), unless it is a done
    word whose note says the customer was not reached (已去，不在 is missed). Otherwise a date
    that opens it (12月8日再去, 1.6再打, 十二月九号, or a day named from the row's day: 下周一再去,
    明天再打, 3天后, 一周后, 月底) or a date cell means rescheduled, unless it is a deadline
    (月底前回款, 12.30之前), tells what happened (12.1已付款, 周三已发样品) or is the row's own day
    (今天): then the rest decides, as below. A phrase anywhere that says the customer was not reached
    or the work moved (电话没人接, 客户不在, 改天再去) means missed or rescheduled, the whole text kept
    as the note. Anything else is a free-text note. Notes are kept as written. A word or
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
            written = _rest_as_written(original, spelling)
            # 未完成的原因是客户没空: the word opens a phrase, kept whole
            rest = original if written.startswith("的") else _note_after(written)
            if status == "done":  # 已去，不在 / 已联系，没人接: went, but did not reach them
                # (not 完成：未完成的订单下周补: after a done word, that phrase describes a thing)
                things = [m.span() for m in _OF_A_THING.finditer(low, len(spelling))]
                said = _phrase_status(low, spans + things, len(spelling), _PHRASES_AFTER_DONE)
                return said or status, rest, said is not None
            if status == "missed" and _moves_on(low, spans, len(spelling)):  # 没去，改期到12月10号
                return "rescheduled", original, False
            return status, rest, False
    plain = _arabic(low)
    m = _LEADING_DATE.match(plain)
    if m and 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31 and not _aside(plain, m.end(), past=True):
        return "rescheduled", original, False
    # 明天再去, 下周一再打, 3天后再联系; not 今天 (the visit's day), 月底前回款 or 周三已发样品
    if any(m.start() == 0 and not _names_the_visit_day(m) for m in _relative_dates(plain)):
        return "rescheduled", original, False
    # free text as written (full-width punctuation kept); 电话没人接，下周四再打 moves the work
    status = _phrase_status(low, spans) or "note"
    if status == "missed" and _moves_on(low, spans):
        status = "rescheduled"
    return status, original, False


_AGAIN_AFTER = re.compile(rf"\s*[日号]?\s*(?:{_words(vocab.AGAIN_WORDS)})")
# English: the words of a next try, up to four words before them, after the day (12/10 call him again)
# or before it (call him again on 12/10).
# A word of the window: letters, an apostrophe (we'll), a dot (mr.), or a name in Chinese (call 王总 back).
_EN_WORD = r"[a-z'.\u4e00-\u9fff]+"
_EN_AGAIN_AFTER = re.compile(rf"\s+((?:{_EN_WORD}\s+){{0,4}}?)({_words(vocab.AGAIN_WORDS_EN)})\b")
_EN_AGAIN_BEFORE_DAY = re.compile(
    rf"(?<![a-z'.\u4e00-\u9fff])((?:{_EN_WORD}\s+){{0,4}})({_words(vocab.AGAIN_WORDS_EN)})\s*(?:on\s+|at\s+)?$"
)


def _again(text: str, start: int, end: int) -> bool:
    """Whether the day at text[start:end] is the next try's: 再 right after it (12月10日再打), or in
    English the words of a next try after it (12/10 call again, 12/10 again) or before it (call him
    again on 12/10, missed: again on 12/10) — words that say what happened (no answer again, called
    again, did it again) make none (_next_try)."""
    if _AGAIN_AFTER.match(text, end):
        return True
    after = _EN_AGAIN_AFTER.match(text, end)
    if after and _next_try(after.group(1).split(), after.group(2)):
        return True
    before = _EN_AGAIN_BEFORE_DAY.search(text, 0, start)
    return before is not None and _next_try(before.group(1).split(), before.group(2))


def _next_try(words: list[str], again: str) -> bool:
    """Whether the up to four words before an English again word make it the next try: a word of what
    is to come (we'll, will be called again: vocab.AGAIN_FUTURE_EN), a contact verb (call the boss again,
    asked to call again: AGAIN_VERBS_EN), its -ing with nothing said to have happened (calling again,
    not tried calling again: an -ed word or AGAIN_PAST_EN); no word at all before again (again on
    12/10); call back, retry and follow up need no verb. Else it says what happened (no answer again,
    called again, did it again)."""
    if again not in ("again", "back"):  # call back, retry, follow up: the next try's own words
        return True
    if not words:
        return again == "again"
    if any(w in vocab.AGAIN_FUTURE_EN or w.endswith("'ll") for w in words):
        return True
    if any(w in vocab.AGAIN_VERBS_EN for w in words):
        return True
    happened = any(w.endswith("ed") or w in vocab.AGAIN_PAST_EN for w in words)
    return not happened and any(w.endswith("ing") and _base(w) in vocab.AGAIN_VERBS_EN for w in words)


def _base(ing: str) -> str:
    """calling → call, visiting → visit, coming → come (for vocab.AGAIN_VERBS_EN)."""
    stem = ing[:-3]
    return stem if stem in vocab.AGAIN_VERBS_EN else stem + "e"


def _moves_on(low: str, spans: list[tuple[int, int]], pos: int = 0) -> bool:
    """Whether a text that says the customer was not reached goes on, from pos, to move the work:
    a reschedule phrase (没去，改期到12月10号, 未完成，延期) or a day the work is done again on (电话没人接，
    下周四再打; 没联系上，12.10再打; 未完成，年后再联系) — not a deadline (没人接，月底前回款) nor the row's own day."""
    if any(
        not _inside(*m.span(), spans)
        for pattern, status in _PHRASES
        if status == "rescheduled"
        for m in pattern.finditer(low, pos)
    ):
        return True
    plain = _arabic(low[pos:])
    days = [m.span() for m in _ANY_DATE.finditer(plain) if not _aside(plain, m.end(), past=True)]
    days += [m.span() for m in _relative_dates(plain) if not _names_the_visit_day(m)]
    days += [m.span() for m in _festivals(plain) if not _aside(plain, m.end(), past=True)]
    return any(_again(plain, start, end) for start, end in days)  # (春节后客户倒闭了 moves nothing: r113 F3)


def _number(text: str) -> int:
    """12, or a number in Chinese numerals: 九 9, 十二 12, 二十 20, 三十一 31, 两 2, 一百零五 105."""
    if text.isascii() and text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in vocab.CHINESE_UNITS:
            total += (1 if digit is None else digit) * vocab.CHINESE_UNITS[ch]
            digit = None
        else:
            digit = vocab.CHINESE_DIGITS[ch] + (0 if digit is None else digit * 10)
    return total + (digit or 0)


def _arabic(text: str) -> str:
    """The text with a month and day in Chinese numerals written in Arabic ones: 十二月九日 → 12月9日."""

    def arabic(m: re.Match) -> str:
        return f"{_number(m[1])}月{_number(m[2]) if m[2] else ''}"

    return _CHINESE_MONTH_DAY.sub(arabic, text)


def _aside(text: str, end: int, past: bool) -> bool:
    """Whether the day that ends at `end` in the text is a deadline (月底前回款, 12.30之前, 周五以内:
    vocab.DEADLINE_WORDS) or, when it can be past (past: a written date, 周三, 今天), tells what
    happened that day (12.1已付款, 周三刚发样品: vocab.PAST_WORDS): no day the work moves to."""
    after = text[end:]
    if _DEADLINE.match(after) and not _DEADLINE_LOOKALIKE.match(after):
        return True
    if not past:
        return False
    clause = _CLAUSE_BREAK.split(after, maxsplit=1)[0]
    spans = [m.span() for pattern in _PAST_LOOKALIKES for m in pattern.finditer(clause)]
    for m in _PAST_WORD.finditer(clause):
        between = clause[: m.start()]
        if len(between) > vocab.PAST_WITHIN or any(w in between for w in vocab.AGAIN_WORDS):
            return False
        if not _inside(*m.span(), spans):
            return True
    return False


def _names_the_visit_day(m: re.Match) -> bool:
    """Whether a _RELATIVE_DATE match is 今天 / 今日: the visit's day itself."""
    return bool(m["days"]) and vocab.RELATIVE_DAYS[m["days"]] == 0


def _relative_dates(text: str):
    """The day words in the text (_RELATIVE_DATE) that name a day the work can move to: not those
    inside a longer word that names no day (vocab.DATE_LOOKALIKES: 下周期, 周五金厂, 底薪), nor a
    deadline or what happened then (_aside: 月底前, 周三已发样品; only 周三 / 本周三 and 今天 can be past,
    明天 or 下周一 never)."""
    spans = [m.span() for pattern in _DATE_LOOKALIKES for m in pattern.finditer(text)]
    for m in _RELATIVE_DATE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue
        if not _aside(text, m.end(), past=bool(m["weekday"]) or _names_the_visit_day(m)):
            yield m


def _festivals(text: str):
    """The _HOLIDAY_AFTER matches of the text that name a festival with days off: not the 节 of 感恩节
    or 母亲节 (vocab.NON_HOLIDAY_FESTIVALS)."""
    for m in _HOLIDAY_AFTER.finditer(text):
        if m["zh"] == "节" and any(text.endswith(f, 0, m.start() + 1) for f in vocab.NON_HOLIDAY_FESTIVALS):
            continue
        yield m


def _after_holiday(m: re.Match, day: date, calendar: WorkCalendar | None) -> date | None:
    """The first working day after the festival a _HOLIDAY_AFTER match names, the next one from the
    row's day on (its days off on the calendar, China's by default; 元宵, with none, the 15th of the
    first lunar month); None when the calendar has none within a year."""
    from lunardate import LunarDate

    from .workdays import WorkCalendar

    calendar = calendar or WorkCalendar()
    if m["en"]:
        festival = vocab.HOLIDAY_AFTER_WORDS_EN[m["en"]]
    else:
        festival = vocab.HOLIDAY_AFTER_WORDS[m["zh"]] if m["zh"] else vocab.HOLIDAY_PAST_WORDS[m["past"]]
    try:
        if festival == "元宵":
            lantern = next(
                d
                for d in (LunarDate(y, 1, 15).to_solar_date() for y in (day.year - 1, day.year, day.year + 1))
                if d >= day
            )
            return next(d for d in calendar.workdays(lantern + timedelta(1), lantern + timedelta(30)))
        off = None
        for n in range(370):
            info = calendar.info(day + timedelta(n))
            if off is None:
                if not info.workday and info.name and festival in (None, info.name):
                    off = info.day  # the festival's first day off
            elif info.workday:
                return info.day
    except (ValueError, StopIteration):  # a year beyond the lunar tables (1900–2099); no working day
        return None
    return None


def _nearest(candidates: list[date], day: date) -> date | None:
    """The candidate nearest the day (the earlier one of two as near), or None."""
    return min(candidates, key=lambda c: (abs((c - day).days), c), default=None)


def _month_workdays(year: int, month: int, calendar: WorkCalendar | None) -> tuple[date, date]:
    """The first and last working day of the month on China's working calendar (its first and last
    day for a year the calendar cannot reckon, or a month without a working day)."""
    from .workdays import WorkCalendar

    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    try:
        days = (calendar or WorkCalendar()).workdays(first, last)
    except ValueError:  # a year beyond the lunar tables (1900–2099)
        days = []
    return (days[0], days[-1]) if days else (first, last)


def _relative_day(m: re.Match, day: date, calendar: WorkCalendar | None) -> date | None:
    """The day a _RELATIVE_DATE match names, counted from the plan row's day."""
    if m["next_week"]:  # 下周三: that day of next week; 下周: next week's Monday
        monday = day + timedelta(days=7 - day.weekday())
        return monday + timedelta(days=vocab.WEEKDAY_NUMBERS[m["next_weekday"]] if m["next_weekday"] else 0)
    if m["weekday"]:  # 周五, 本周五: the next Friday after the day
        return day + timedelta(days=(vocab.WEEKDAY_NUMBERS[m["weekday"]] - day.weekday() - 1) % 7 + 1)
    if m["days"]:
        return day + timedelta(days=vocab.RELATIVE_DAYS[m["days"]])
    if m["count"] or m["weeks"]:  # 3天后; 一周后: 7 days a week
        n = _number(m["count"]) if m["count"] else 7 * _number(m["weeks"])
        try:
            return day + timedelta(days=n) if n else None
        except OverflowError:  # past the year 9999
            return None
    kind = vocab.MONTH_WORDS[m["month"]]
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if kind == "end" and m["of_month"]:  # 12月底: that month's, in the year nearest the day
        month = int(m["of_month"])
        if not 1 <= month <= 12:
            return None
        ends = [_month_workdays(y, month, calendar)[1] for y in (day.year - 1, day.year, day.year + 1)]
        return _nearest(ends, day)
    if kind == "end":  # 月底: this month's last working day, next month's from it on
        end = _month_workdays(day.year, day.month, calendar)[1]
        return end if end > day else _month_workdays(following.year, following.month, calendar)[1]
    first, last = _month_workdays(following.year, following.month, calendar)
    return first if kind == "next_start" else last


# The outcome words a joined part may begin with (未完成：老板不在), after vocab.NOTE_JOINED_MARK.
_WORDS = "|".join(sorted((z for z, _ in vocab.ACTIVITY_STATUS.values()), key=len, reverse=True))
_WORDED = re.compile(rf"(?:{_WORDS})：")


def own_note(note: str | None) -> str:
    """The logged row's own part of a day's note, without the other rows' parts `done` joined after it
    (each begins with vocab.NOTE_JOINED_MARK): the day a 改期 moves to comes from its own cell only,
    not from a date in another row's note, and all of what the manager typed in it is its own, ；未完成：
    and all (review r89 F1)."""
    text = note if isinstance(note, str) else ""
    at = text.find(vocab.NOTE_JOINED_MARK)
    return text[:at].removesuffix(vocab.NOTE_JOIN) if at >= 0 else text


def part_text(part: str) -> str:
    """A part of a day's joined note without its mark and the outcome words it begins with: the word
    it was joined with and any the manager wrote (改期：未完成：老板不在 is 老板不在, as the row read on its
    own gives it: review r90 F1)."""
    part = part.removeprefix(vocab.NOTE_JOINED_MARK)
    while m := _WORDED.match(part):
        part = part[m.end() :]
    return part


def moved_to(note: str | None, day: date, calendar: WorkCalendar | None = None) -> date | None:
    """The day a rescheduled row's note names (its first date: 到12/8, 12月8日再去, 十二月九号, a date
    cell's 2026-12-09, or a day named from the row's day: 明天, 下周一, 周五, 下周, 3天后, 一周后, 月底,
    下个月, 春节后 / 年后 / 节后: the first working day after the festival's days off), or None. A date written without its year takes the year that puts it nearest the day the
    work was planned for (12/8 on a plan of 12-03, 1/5 on one of 12-28). 月底 and 下个月 are working days
    on the calendar (China's by default). A deadline (月底前回款, 12.30之前) or what happened on a day
    (12.1已付款, 周三已发样品) names no day the work moves to; nor does the row's own day (今天) when the
    note names another (今天没空，明天再去)."""
    text = _arabic(unicodedata.normalize("NFKC", note if isinstance(note, str) else ""))  # or NaN
    found = []
    for m in _ANY_DATE.finditer(text):
        if _aside(text, m.end(), past=True):
            continue
        month, dom = int(m[2]), int(m[3])
        years = [int(m[1])] if m[1] else [day.year - 1, day.year, day.year + 1]
        candidates = []
        for year in years:
            try:
                candidates.append(date(year, month, dom))
            except ValueError:
                continue
        if candidates:
            found.append((m.start(), m.end(), _nearest(candidates, day)))
    for m in _relative_dates(text):
        if (named := _relative_day(m, day, calendar)) is not None:
            found.append((m.start(), m.end(), named))
    if all(named == day for _s, _e, named in found):  # a festival waited for (春节后), when the note
        # names no other day: 年后 1/5 is 1/5
        for m in _festivals(text.lower()):
            if not _aside(text, m.end(), past=True) and (named := _after_holiday(m, day, calendar)):
                found.append((m.start(), m.end(), named))
    found.sort()
    days = [named for _start, _end, named in found]
    # Of several days, the one the work is moved to (改期到12月3日) first, else the next try's (12.1付款了，
    # 12.10再打; paid 12/1, call again 12/10), else the first that is not the row's own day.
    low = text.lower()
    for preferred in (
        [named for start, _end, named in found if named != day and _MOVED_TO.search(low, 0, start)],
        [named for start, end, named in found if named != day and _again(low, start, end)],
    ):
        if preferred:
            return preferred[0]
    return next((named for named in days if named != day), days[0] if days else None)


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
    likely_id: int | None = None  # no company id: the id its 相关 most likely means, for the hint
    same_day: ReadRow | None = None  # another row for the firm and day, logged instead of this one
    other_plan: str = ""  # another plan file that logged the firm and day first (remark other_plan)
    kept: str = ""  # what that file logged, as written
    key: str = ""  # a merged firm's row logged before the merge: the key it was logged under

    @property
    def activity_key(self) -> str:
        """One activity per company per planned day: reading a plan twice logs nothing twice."""
        return self.key or f"plan:{self.day.isoformat() if self.day else ''}:{self.company_id}"


@dataclass
class ReadBack:
    rows: list[ReadRow] = field(default_factory=list)
    sheets_read: int = 0
    # daily sheets not read (no 完成情况 column) or read by name (no 企业编号 column): (sheet, key of
    # vocab.PLAN_SHEET_PROBLEMS, rows, header as written)
    sheet_problems: list[tuple[str, str, int, tuple[str, ...]]] = field(default_factory=list)

    @property
    def skipped(self) -> list[tuple[str, str, int, tuple[str, ...]]]:
        return [p for p in self.sheet_problems if p[1] in vocab.PLAN_SHEETS_UNREAD]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status and not r.problem)

    @property
    def unknown(self) -> list[ReadRow]:
        return [r for r in self.rows if r.problem]


_HEADER_ASIDE = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]|[*※＊]")


def _header_key(cell: str) -> str:
    """A header as compared: NFKC, lower case, without spaces or a bracketed or starred aside
    (完成 情况, 完成情况（必填）, *企业编号 are 完成情况 and 企业编号)."""
    text = _HEADER_ASIDE.sub("", unicodedata.normalize("NFKC", cell)).lower()
    return "".join(text.split())


def _labels(key: str) -> set[str]:
    zh, en = vocab.PLAN_COLUMNS[key]
    return {_header_key(w) for w in (zh, en, *vocab.PLAN_HEADER_ALIASES.get(key, ()))}


_HEADER_KEYS = ("category", "task", "related", "outcome", "company_id", "remark", "date", "company")
_LABELS = {k: _labels(k) for k in _HEADER_KEYS}
_CATEGORY_BY_LABEL = {label.lower(): key for key, pair in vocab.PLAN_CATEGORIES.items() for label in pair}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_header(row: list) -> bool:
    """Whether a row is a header naming plan columns (日期 / 完成情况 / 企业编号 …): no title row."""
    return sum(any(_header_key(_text(c)) in labels for c in row) for labels in _LABELS.values()) >= 2


def _title_dates(rows: list[list]) -> list[date | None]:
    """The ISO dates in a sheet's title rows (above its first header row: a CSV plan's 日期 cells are
    no title), in order; None for one that is no real date."""
    out: list[date | None] = []
    for row in rows[:3]:
        if _is_header(row):
            break
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


_ROW_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# 11月30日, 11/30, 11-30 (Excel's m月d日 display): no year, the plan's is taken (not 11.30: a number)
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?")


def _row_date(value: object) -> date | None | bool | tuple[int, int]:
    """A row's own 日期 cell (the CSV plan's first column): a date cell, 2026-12-03, 2026/12/3 (as a
    spreadsheet re-saves it), 2026年12月3日; (month, day) for 11月30日, 11/30 (its year the plan's,
    read_sheets); False for an empty cell (the sheet's date then), None for text that is no date."""
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return False
    m = _ROW_DATE.fullmatch(text.split(" ")[0]) or _ROW_DATE.fullmatch(text)
    if not m and (md := _MONTH_DAY.fullmatch(text)):
        return int(md[1]), int(md[2])
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _name_date(name: str, known: list[date]) -> date | None:
    """The date of a sheet named '10-08 周四' (the plan names its daily sheets so), its year the one
    that puts it nearest the workbook's other dates (a plan across New Year included)."""
    m = _SHEET_NAME_DATE.match(unicodedata.normalize("NFKC", name))
    return _nearest_year(int(m[1]), int(m[2]), known) if m else None


def _nearest_year(month: int, day: int, known: list[date]) -> date | None:
    """The month and day in the year that puts it nearest the plan's dates (None without them)."""
    if not known:
        return None
    candidates = []
    for year in {y + k for y in (d.year for d in known) for k in (-1, 0, 1)}:
        try:
            candidates.append(date(year, month, day))
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


_ONE_DECIMAL = re.compile(r"(\d{1,2})\.([1-3])")


def _past_day(typed: object, note: str, day: date) -> tuple[str, str]:
    """(note, remark) of a 改期 whose day is before the row's own: a number cell 12.1 is 12.10 typed
    (a spreadsheet drops the 0) when 12-01 is past and 12-10 not, read so (remark decimal_fixed);
    another past day moves nothing and is pointed out (date_past). Else the note, no remark."""
    named = moved_to(note, day)
    if named is None or named >= day:
        return note, ""
    if isinstance(typed, float) and (m := _ONE_DECIMAL.fullmatch(_text(typed))):
        meant = moved_to(f"{m[1]}.{m[2]}0", day)
        if meant is not None and meant >= day:
            return meant.isoformat(), "decimal_fixed"
    return note, "date_past"


def planned_remarks(sheets: list[tuple[str, list[list]]]) -> dict[tuple[date, int], str] | None:
    """(day, company id) → the 备注 the plan wrote on that row, from the plan's hidden sheet (forms.
    remarks_sheet: a header 日期 / 企业编号 / 备注 and nothing else, a line for every row the plan wrote);
    None for a plan without one (written before it had one)."""
    want = [{_header_key(w) for w in vocab.PLAN_COLUMNS[k]} for k in ("date", "company_id", "remark")]
    out: dict[tuple[date, int], str] = {}
    for _name, rows in sheets:
        found = False
        for row in rows:
            cells = [_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if not found:
                found = len(cells) == 3 and all(_header_key(c) in w for c, w in zip(cells, want, strict=True))
                continue
            day = row[0] if row else None
            day = day.date() if isinstance(day, datetime) else day
            if not isinstance(day, date):
                m = _ISO_DATE.fullmatch(_text(day))
                day = date(int(m[1]), int(m[2]), int(m[3])) if m else None
            cid = cells[1] if len(cells) > 1 else ""
            if day is not None and cid.isdigit():
                out[(day, int(cid))] = cells[2] if len(cells) > 2 else ""
        if found:
            return out
    return None


def _plan_wrote(planned: dict[tuple[date, int], str] | None, day: date | None, cid: int | None, cell: str):
    """The 备注 the plan wrote on a row: its firm's on its day (on another day of the plan when the row
    was moved there and still holds that remark), "" on a row the plan did not write (a visit added by hand), None when it cannot be known (a plan without its hidden sheet). For a row
    whose firm is not known (no 企业编号, a name matching no company) the longest of that day's
    remarks found in the cell, if any."""
    if planned is None:
        return None
    if cid is not None and (day, cid) in planned:
        return planned[(day, cid)]
    if cid is not None:  # moved to another day's sheet (cut and paste): its remark of any day of the plan
        return max((t for (_d, c), t in planned.items() if c == cid and t and t in cell), key=len, default="")
    return max((t for (d, _c), t in planned.items() if d == day and t and t in cell), key=len, default="")


def _written_remark(cell: str, planned: str | None) -> str:
    """What the manager wrote in 备注, as written (trimmed of whitespace): the cell without the plan's
    own text where it was kept (added to: the punctuation next to it goes too, never a bracket or a 了
    of the manager's); nothing when the plan's remark is not known (a plan without its hidden sheet)
    or unchanged; all of it on a row the plan did not write (planned "")."""
    if planned is None or cell == planned:
        return ""
    if planned and planned in cell:  # added to: the plan's text and the punctuation joining it go
        parts = cell.split(planned)
        parts = [p.lstrip(_JOINERS) if k else p for k, p in enumerate(parts)]  # after the plan's text
        parts = [p.rstrip(_JOINERS) if k < len(parts) - 1 else p for k, p in enumerate(parts)]  # before
        return vocab.NOTE_JOIN.join(p.strip() for p in parts if p.strip())
    return cell.strip()  # written over: kept as written, brackets and a closing 了 with it


def read_sheets(
    sheets: list[tuple[str, list[list]]], named: Callable[[list[str]], dict[str, int]] | None = None
) -> ReadBack:
    """Daily to-do sheets (name, rows of cells) → every plan row found, with its outcome parsed.

    A header row names 完成情况 (or a retyped one: 完成情况（必填）, 执行情况 — vocab.PLAN_HEADER_ALIASES)
    and 企业编号 or 相关; without 企业编号 a row's firm is the name on the first line of 相关 (the sheet
    is noted), its id the one `named` (names → ids of the companies so named) gives, if any. A daily
    form's header (类别 and 相关) without a 完成情况 column is noted with its row count, not read; a sheet
    with neither is no to-do sheet. A sheet whose title lost its date is dated by its name (10-08 周四)
    and the workbook's other dates.
    """
    out = ReadBack()
    known = [d for _name, rows in sheets for d in _title_dates(rows) if d is not None]
    pending: list[
        tuple[str, int, date | None, dict[str, str], object]
    ] = []  # rows, their firms not yet named
    for name, rows in sheets:
        title, of_name = _sheet_date(rows), _name_date(name, known)
        before = len(pending)
        _read_sheet(name, rows, title or of_name, out, pending)
        if title and of_name and title != of_name and len(pending) > before:  # a copy renamed (12-05 周六)
            out.sheet_problems.append((name, "name-date", 0, (of_name.isoformat(), title.isoformat())))
    # a row without 企业编号 (added by hand, or its column deleted) with something written: its firm by
    # name first, so that what the plan wrote in its 备注 is told from what the manager wrote
    names = {
        _company(got): None
        for _n, _i, _d, got, _t in pending
        if not got.get("company_id", "").isdigit() and (got.get("outcome") or got.get("remark"))
    }
    names.pop("", None)
    ids = named(list(names)) if named and names else {}
    planned = planned_remarks(sheets)
    if any(isinstance(p[2], tuple) for p in pending):  # 11月30日: the year of the plan's other dates
        dated = known + [p[2] for p in pending if isinstance(p[2], date)] or [date.today()]
        pending = [
            (*p[:2], _nearest_year(*p[2], dated), *p[3:]) if isinstance(p[2], tuple) else p for p in pending
        ]
    out.rows = [_read_row(*p, ids, planned, known) for p in pending]
    return out


def _take(
    name: str, i: int, day: date | None, row: list, cells: list[str], cols: dict[str, int], pending
) -> None:
    """A row under a header (cols): pending when something is written in it."""
    got = {k: cells[j] if j < len(cells) else "" for k, j in cols.items()}
    if not (got.get("related") or got.get("company") or got.get("outcome") or got.get("company_id")):
        return
    j = cols["outcome"]
    on = day
    if "date" in cols:  # a row's own 日期 (the CSV plan, a column added): it, else the title's
        own = _row_date(row[cols["date"]] if cols["date"] < len(row) else None)
        on = day if own is False else own
    pending.append((name, i, on, got, row[j] if j < len(row) else None))


def _read_sheet(name: str, rows: list[list], day: date | None, out: ReadBack, pending: list) -> None:
    """One sheet's rows under each header found (read_sheets). Filled rows above the first header (a
    visit typed under the title, a block whose header row was deleted) are read with that header's
    columns; on a sheet with no header at all (its header row deleted) with the plan's own columns
    (forms.DAY_COLUMNS) when their 企业编号 cells hold ids — noted — else named as not read."""
    unread_blocks: list[list] = []
    cols: dict[str, int] | None = None
    seen_header = by_name = any_header = False
    unread: list | None = None  # a form header without 完成情况: [rows under it, its header, 相关's column]
    orphans: list[tuple[int, list, list[str]]] = []  # filled rows before any header
    for i, row in enumerate(rows, start=1):
        cells = [_text(v) for v in row]
        keys = [_header_key(c) for c in cells]
        found = {k: next((j for j, c in enumerate(keys) if c in _LABELS[k]), None) for k in _HEADER_KEYS}
        any_header = any_header or sum(j is not None for j in found.values()) >= 2
        if found["outcome"] is not None and any(
            found[k] is not None for k in ("company_id", "related", "company")
        ):
            cols = {k: j for k, j in found.items() if j is not None}
            seen_header, unread = True, None
            by_name = by_name or found["company_id"] is None
            for k, orphan, orphan_cells in orphans:  # above it: read with its columns
                _take(name, k, day, orphan, orphan_cells, cols, pending)
            orphans = []
            continue
        if found["category"] is not None and found["related"] is not None:  # the form, 完成情况 lost
            cols, unread = None, [0, tuple(c for c in cells if c), found["related"]]
            unread_blocks.append(unread)
            continue
        if unread is not None:
            unread[0] += bool(unread[2] < len(cells) and cells[unread[2]])  # a row names its firm
            continue
        if cols is None:
            if any(cells[1:]):  # more than a title or a block's heading in its first cell
                orphans.append((i, row, cells))
            continue
        _take(name, i, day, row, cells, cols, pending)
    if orphans and not any_header:
        _headerless(name, day, orphans, out, pending)
    elif orphans and unread_blocks:  # above a form header without 完成情况: not read either
        unread_blocks[0][0] += len(orphans)
    out.sheets_read += seen_header
    if by_name:
        out.sheet_problems.append((name, "no-company-id", 0, ()))
    if unread_blocks:
        n = sum(block[0] for block in unread_blocks)
        out.sheet_problems.append((name, "no-outcome", n, unread_blocks[0][1]))


def _headerless(name: str, day: date | None, orphans: list, out: ReadBack, pending: list) -> None:
    """A sheet without a header row: read with the plan's own columns when it is a daily sheet (dated)
    whose 企业编号 column holds ids, noted; a daily sheet otherwise is named with its rows, not read."""
    from .forms import DAY_COLUMNS

    cols = {k: j for j, k in enumerate(DAY_COLUMNS) if k in _HEADER_KEYS}
    j = cols["company_id"]
    ids = [c[j] for _i, _r, c in orphans if j < len(c) and c[j]]
    if day is None:
        return  # no daily sheet: a sheet of the user's own
    if ids and all(x.isdigit() for x in ids):
        before = len(pending)
        for i, row, cells in orphans:
            _take(name, i, day, row, cells, cols, pending)
        out.sheets_read += 1
        out.sheet_problems.append((name, "no-header-read", len(pending) - before, ()))
    elif _SHEET_NAME_DATE.match(unicodedata.normalize("NFKC", name)):
        out.sheet_problems.append((name, "no-header", len(orphans), tuple(str(i) for i, _r, _c in orphans)))


def _company(got: dict[str, str]) -> str:
    """The firm a row names: 相关's first line (a daily sheet), else 企业名称 (the CSV plan)."""
    return (got.get("related") or got.get("company", "")).split("\n")[0].strip()


def _read_row(
    name: str,
    i: int,
    day: date | None,
    got: dict[str, str],
    typed: object,
    ids: dict[str, int],
    planned: dict[tuple[date, int], str] | None,
    known: list[date],
) -> ReadRow:
    """One row read: its outcome, the manager's 备注 with it, its firm (by id, else by name)."""
    outcome, cid_text, company = got.get("outcome", ""), got.get("company_id", ""), _company(got)
    status, note, overruled = read_status(outcome)
    remark = "done_overruled" if overruled else ""
    cid = int(cid_text) if cid_text.isdigit() else ids.get(company)
    cell = got.get("remark", "")
    written = _written_remark(cell, _plan_wrote(planned, day, cid, cell))
    if written and status == "blank":  # only 备注 written: a note, listed with the hint
        status, note = "note", written
    elif written and written != note:  # 完成 with 备注 客户答应月底前付5万: the note holds both
        note = vocab.NOTE_JOIN.join(x for x in (note, written) if x)
    if isinstance(typed, date) and day is not None:
        typed = typed.date() if isinstance(typed, datetime) else typed
        meant = _next_year(typed, min(known, default=day), day)
        if meant is not None:  # 1/5 typed in December: the spreadsheet filled in this year
            note, remark, outcome = meant.isoformat(), "year_fixed", typed.isoformat()
    if status == "rescheduled" and day is not None and not remark:
        note, remark = _past_day(typed, note, day)
    label = got.get("category", "")
    problem = "no-date" if day is None else "" if cid is not None else "no-company-id"
    if day is None and got.get("date"):  # a 日期 cell that is no date
        problem = "bad-date"
    elif day is None and "date" in got:  # a row of the CSV plan with its 日期 left empty: no title to date it
        problem = "empty-date"
    if status == "blank":  # nothing to log: never listed as a problem
        problem = ""
    return ReadRow(
        name,
        i,
        day,
        cid,
        company,
        _CATEGORY_BY_LABEL.get(label.lower(), label),
        got.get("task", ""),
        status,
        note,
        problem,
        cid_text if problem == "no-company-id" else got["date"] if problem == "bad-date" else "",
        remark,
        outcome if remark else "",
    )
