"""Raw sheets → a mapped table: which sheet, which row holds the headers, which column is what.

Contact sheets arrive with title rows, merged banners, notes sheets in front and
headers in three spellings; this module finds the table the way a person would.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from .. import normalize, vocab
from ..errors import LayoutError, OwnOutputError, UsageError
from ..problems import Problem
from ..problems import messages as _messages
from .read import (
    DELIMITERS,
    LIKELY_ENCODINGS,
    RawBook,
    RawSheet,
    delimiter_option,
    header_kind,
    is_own_report,
    looks_garbled,
    not_an_input_error,
    unsplit_delimiter,
)

HEADER_SCAN_ROWS = 30


@dataclass
class Column:
    index: int
    header: str  # unique, as shown in the export
    field: str | None = None
    how: str = ""  # alias, --map, or ""
    # A column the resource table itself adds (vocab.export_columns): its key (town, basis,
    # source_row …). Never kept as an original column; a key field's value is checked against the
    # workspace (records.export_values).
    export: str | None = None


@dataclass
class Layout:
    sheet: RawSheet
    header_row: int  # 0-based index into sheet.rows of the (last) header row: data follow it
    columns: list[Column]
    problems: list[Problem] = field(default_factory=list)
    header_rows: int = 1  # 2: a merged group header (联系方式) over its columns (手机 | 座机)
    # Other sheets of the workbook that also read as a table (a second year, an orders sheet),
    # when the sheet was chosen by its looks: not imported, so the import says so.
    other_sheets: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)  # those of other_sheets and sheet that are hidden
    # (the tier column taken by its values, the first tier column passed over): _tier_by_values
    tier_by_values: tuple[str, str] | None = None

    def columns_of(self, key: str) -> list[int]:
        return [c.index for c in self.columns if c.field == key]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def kept(self) -> list[int]:
        """The columns kept as the original cells: all but those the resource table adds."""
        return [c.index for c in self.columns if not c.export]

    @property
    def kept_headers(self) -> list[str]:
        return [c.header for c in self.columns if not c.export]

    @property
    def export_fields(self) -> dict[str, int]:
        """Key field → its column, of an exported resource table's key-field columns."""
        return {c.export: c.index for c in self.columns if c.export in vocab.FIELD_BY_KEY}

    @property
    def mapping(self) -> dict[str, str]:
        return {c.header: c.field for c in self.columns if c.field}

    @property
    def field_headers(self) -> dict[str, str]:
        """field → the header of its first column (for the basis texts: 列“行业”)."""
        return {c.field: c.header for c in reversed(self.columns) if c.field}


KINDS = ("contacts", "orders", "payments")


def _fields(kind: str) -> dict[str, vocab.Field]:
    if kind == "payments":
        return vocab.PAYMENT_FIELD_BY_KEY
    return vocab.ORDER_FIELD_BY_KEY if kind == "orders" else vocab.FIELD_BY_KEY


@lru_cache(maxsize=3)
def _alias_table(kind: str = "contacts") -> dict[str, str]:
    table: dict[str, str] = {}
    for f in _fields(kind).values():
        for alias in (f.key, f.zh, f.en, *f.aliases):
            for k in normalize.header_key_variants(alias):
                table.setdefault(k, f.key)
    return table


@lru_cache(maxsize=3)
def _ending_table(kind: str = "contacts") -> dict[str, str]:
    """Aliases a header may end with: Chinese, two characters or more."""
    return {a: k for a, k in _alias_table(kind).items() if len(a) >= 2 and not a.isascii()}


@lru_cache(maxsize=1)
def _secondary_aliases() -> tuple[str, ...]:
    return tuple(normalize.header_key(a) for a in sorted(vocab.SECONDARY_ALIASES))


def field_of_header(header: str, kind: str = "contacts") -> str | None:
    """The field a header names, by alias: exact first, then by its longest ending (客户联系人 → contact)."""
    return _header_match(header, kind)[0]


def _header_match(header: str, kind: str = "contacts") -> tuple[str | None, int]:
    """(field, characters before the alias): 0 for an exact alias, 2 for 客户|联系人.

    The endings are looked up, not scanned: a sheet's first rows are tried as headers,
    cell by cell, and a scan of every alias per cell cost half a second on a big sheet."""
    table = _alias_table(kind)
    variants = normalize.header_key_variants(header)
    for k in variants:
        if k in table:
            return table[k], 0
    for k in variants:  # 联系人数: a count of contacts (联系人 + 数), no field (人数 is a staff count)
        for count in vocab.COUNT_HEADER_ENDINGS:
            named = table.get(k[: -len(count)]) if len(k) > len(count) and k.endswith(count) else None
            if named is not None and named not in _FIGURE_FIELDS:
                return None, 0
    endings = _ending_table(kind)
    best: tuple[int, str, int] | None = None
    for k in variants:
        for start in range(1, len(k) - 1):  # longest proper ending first
            key = endings.get(k[start:])
            if key is not None and key not in _FIGURE_FIELDS and _PERIOD_BEFORE.search(k[:start]):
                break  # 年销售, 2025年销售: a figure of a period, not the 销售 (manager) of a firm
            if key == "tier" and any(q in k[:start] for q in _NOT_TIER):
                break  # 信用等级, 产品类别: another grading, no tier
            if key is not None:
                if best is None or len(k) - start > best[0]:
                    best = (len(k) - start, key, start)
                break
    return (best[1], best[2]) if best else (None, 0)


_NOT_TIER = tuple(normalize.header_key(q) for q in vocab.NOT_TIER_QUALIFIERS)


# Before an alias, a period or a number makes the header a figure (年销售, 2025年销售, 月度联系人数):
# it names a text field only when the field holds figures itself.
_PERIOD_BEFORE = re.compile(r"[0-9年月季周日度]$|[0-9]")
_FIGURE_FIELDS = frozenset({"employees", "revenue", "amount", "quantity", "paid", "owed"})


def parse_field_name(name: str, kind: str = "contacts") -> str:
    """A field given by the user (--map, --by): key, Chinese or English label, or alias."""
    name = name.strip()
    if name in _fields(kind):
        return name
    found = field_of_header(name, kind)
    if found is None:
        known = ", ".join(_fields(kind))
        raise UsageError(
            f"unknown field '{name}'",
            f"known fields: {known}",
            zh=f"没有“{name}”这个字段，可用的字段：{known}",
        )
    return found


# A header that ends with an alias after this many characters or more reads as a value
# (慈溪市星辰电子有限公司, 慈溪市坎墩街道), not as a label (客户联系人, 企业详细地址 … 4 is the most).
VALUE_PREFIX = 5
_DIGITS = re.compile(r"\d{5,}")  # a phone or an ID in a cell: a value, never a label


def _mapped_keys(mapping: dict[str, str] | None, kind: str) -> dict[str, str]:
    """--map's headers as header keys → their field ("" for a column it ignores): they are
    labels of the header row wherever they are found."""
    out: dict[str, str] = {}
    for header, target in (mapping or {}).items():
        field = "" if target in ("", "-", "ignore", "忽略") else parse_field_name(target, kind)
        out[normalize.header_key(header)] = field
    return out


def _cell_field(text: str, kind: str, mapped: dict[str, str]) -> str | None:
    """The field a header-row cell names: by --map first, then by alias ("" for a label
    --map names without a field)."""
    if mapped:
        key = normalize.header_key(text)
        if key in mapped:
            return mapped[key]
    return field_of_header(text, kind)


def _header_score(
    row: list, kind: str = "contacts", mapped: dict[str, str] | None = None
) -> tuple[int, bool]:
    """(fields named, whether the company is one of them) of a row read as headers, less one
    for each cell that reads as a value (a number, a phone, a long name ending like an
    alias), since header rows hold labels only."""
    fields = set()
    values = 0
    for cell in row:
        if cell is None:
            continue
        if not isinstance(cell, str):
            values += 1
            continue
        text = cell.strip()
        if not text:
            continue
        if mapped:
            key = normalize.header_key(text)
            if key in mapped:
                fields.add(mapped[key] or f"--map:{key}")
                continue
        if len(text) > 40 or _DIGITS.search(text):
            values += 1
            continue
        key, prefix = _header_match(text, kind)
        if key and prefix >= VALUE_PREFIX:
            values += 1
        elif key:
            fields.add(key)
    return max(len(fields) - values, 0), "company" in fields


def _best_header_row(
    sheet: RawSheet, kind: str = "contacts", mapped: dict[str, str] | None = None
) -> tuple[int, int]:
    """(row index, score) of the row that most looks like a header; score 0 if none. The
    first of equal rows wins: a data row below never beats the header row above it. A row over
    sub-headers (单据信息 | 客户 | 金额 above 单据号 | 单据日期 | 含税单价 | 价税合计, 客户 merged down)
    is scored as the two read as one (_sub_headers), as detect_layout reads them."""
    best_row, best_score = 0, 0
    for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        n, has_company = _header_score(row, kind, mapped)
        sub = _sub_headers(sheet.rows, i, kind, mapped or {}) if n or has_company else None
        if sub is not None:
            n, has_company = max((n, has_company), _header_score(_joined(row, sub), kind, mapped))
        score = n * 2 + (3 if has_company else 0) if n >= 2 or has_company else 0
        if score > best_score:
            best_row, best_score = i, score
    return best_row, best_score


def choose_sheet(
    book: RawBook, sheet: str | None = None, kind: str = "contacts", mapped: dict[str, str] | None = None
) -> RawSheet:
    """The sheet named or numbered by --sheet, else the one that looks most like a table of `kind`: a
    visible one when one looks like a table at all, as the user sees only those in Excel or WPS (an
    old list kept in a hidden sheet is never imported in its place). When some sheet names what the
    kind needs (_needs: the company; for orders also the date and the amount), only those compete: an
    ERP's visible 客户汇总 beside its hidden 订单明细 leaves the detail to be read (the import says it is
    hidden)."""
    sheets = book.sheets
    if not sheets:
        raise LayoutError(
            f"{book.path.name}: the workbook has no sheets", zh=f"{book.path.name}：工作簿里没有工作表"
        )
    if sheet is not None:
        for s in sheets:
            if s.name == sheet:
                return s
        if sheet.isdigit() and 1 <= int(sheet) <= len(sheets):
            return sheets[int(sheet) - 1]
        names = ", ".join(f"{i + 1}:{s.name}" for i, s in enumerate(sheets))
        raise UsageError(
            f"{book.path.name}: no sheet '{sheet}'",
            f"sheets are {names}",
            zh=f"{book.path.name}：没有工作表“{sheet}”，现有的工作表："
            + "、".join(f"{i + 1}:{s.name}" for i, s in enumerate(sheets)),
        )
    scored = [(_best_header_row(s, kind, mapped)[1], -i, s) for i, s in enumerate(sheets)]
    # a list, plan or problems table pasted beside the user's sheet is no candidate (one alone is refused)
    scored = [t for t in scored if not _own_table(t[2], kind, mapped)] or scored
    whole = [t for t in scored if t[0] > 0 and _needs(kind) <= _header_fields(t[2], kind, mapped)]
    shown = [t for t in whole or scored if not t[2].hidden and t[0] > 0]
    return max(shown or whole or scored, key=lambda t: (t[0], t[1]))[2]


def _own_table(sheet: RawSheet, kind: str, mapped: dict[str, str] | None = None) -> bool:
    """Whether a sheet's header row is the tool's own list, plan or problems table (_refuse_own_output)."""
    hdr, score = _best_header_row(sheet, kind, mapped)
    return score > 0 and hdr < len(sheet.rows) and _own_header(sheet.rows[hdr]) is not None


def _needs(kind: str) -> set[str]:
    """The fields without which a sheet is no table of `kind`."""
    return set({"orders": vocab.ORDER_REQUIRED, "payments": vocab.PAYMENT_REQUIRED}.get(kind, ("company",)))


def _header_fields(sheet: RawSheet, kind: str, mapped: dict[str, str] | None) -> set[str]:
    """The fields the cells of a sheet's best header row name (with its sub-headers, _sub_headers)."""
    hdr = _best_header_row(sheet, kind, mapped)[0]
    if hdr >= len(sheet.rows):
        return set()
    row = sheet.rows[hdr]
    sub = _sub_headers(sheet.rows, hdr, kind, mapped or {})
    cells = _joined(row, sub) if sub is not None else row
    return {_cell_field(c.strip(), kind, mapped or {}) for c in cells if isinstance(c, str) and c.strip()}


def _sub_headers(rows: list[list], hdr: int, kind: str, mapped: dict[str, str]) -> list | None:
    """The row under the header row when it names the columns of a merged group header
    (联系方式 over 手机 | 座机), else None. It must name at least one field, hold nothing but
    short texts, and leave blank the columns the header row names as fields: a merged cell
    (企业名称 over two rows) is blank below, where a data row would hold a company name."""
    if hdr + 1 >= len(rows):
        return None
    top, below = rows[hdr], rows[hdr + 1]

    def at(row: list, j: int):
        return row[j] if j < len(row) else None

    named = False
    for j, cell in enumerate(below):
        if normalize.is_blank(cell):
            continue
        if not isinstance(cell, str) or len(cell.strip()) > 20:
            return None
        field = _cell_field(cell.strip(), kind, mapped)
        above = at(top, j)
        if not normalize.is_blank(above):
            above_field = _cell_field(normalize.cell_text(above).strip(), kind, mapped)
            group_start = normalize.is_blank(at(top, j + 1)) and not normalize.is_blank(at(below, j + 1))
            if above_field and not group_start:
                return None  # under a column already named: a data row (宏达电器有限公司 under 企业名称)
        named = named or field is not None
    return below if named else None


def _joined(top: list, sub: list) -> list:
    """Two header rows as one: each column named by its lower cell where it has one."""
    return [s if not normalize.is_blank(s) else h for h, s in itertools.zip_longest(top, sub, fillvalue=None)]


def _delimiter_in(headers) -> str | None:
    """The first delimiter a CSV's headers hold, as --delimiter takes it typed (a tab: tab)."""
    text = "".join(str(h) for h in headers)
    found = next((d for d in DELIMITERS if d in text), None)
    return "tab" if found == "\t" else found


def detect_layout(
    book: RawBook,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[str, str] | None = None,
    kind: str = "contacts",
) -> Layout:
    """Find sheet, header row and column fields; --map entries override aliases."""
    mapped = _mapped_keys(mapping, kind)
    chosen = choose_sheet(book, sheet, kind, mapped)
    if not any(not normalize.is_blank_row(r) for r in chosen.rows):
        if book.kind == "csv":  # (only a BOM, or blank lines): one "sheet", no other to choose
            raise LayoutError(
                f"{book.path.name}: the file holds no table (it is empty)",
                "export the table again and retry",
                zh=f"{book.path.name}：文件里没有表格（是空的），请重新导出表格后再试",
            )
        raise LayoutError(
            f"{book.path.name}: sheet '{chosen.name}' is empty",
            "choose another sheet with --sheet",
            zh=f"{book.path.name}：工作表“{chosen.name}”是空的，请用 --sheet 选另一张工作表",
        )
    if header_row is not None:
        if not 1 <= header_row <= len(chosen.rows):
            raise UsageError(
                f"--header-row {header_row} is outside the sheet (1–{len(chosen.rows)})",
                zh=f"--header-row {header_row} 超出了工作表的范围（1–{len(chosen.rows)}）",
            )
        hdr = header_row - 1
    else:
        hdr, score = _best_header_row(chosen, kind, mapped)
        if score == 0:
            hdr = next(i for i, r in enumerate(chosen.rows) if not normalize.is_blank_row(r))
    top = hdr
    header_cells = chosen.rows[hdr]
    _refuse_own_output(book, header_cells)
    sub = _sub_headers(chosen.rows, hdr, kind, mapped)
    if sub is not None:  # two header rows: a column is named by its lower cell where it has one
        header_cells = _joined(header_cells, sub)
        hdr += 1
    width = max((len(r) for r in chosen.rows), default=0)
    # Trim empty columns on the right that no row uses.
    while width and all(len(r) < width or r[width - 1] in (None, "") for r in chosen.rows):
        width -= 1
    problems: list[Problem] = []
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for j in range(width):
        raw = header_cells[j] if j < len(header_cells) else None
        # Shown as written (年产值（万元） keeps its brackets in the export); matched folded.
        text = " ".join(normalize.cell_text(raw).split())
        letter = column_letter(j)
        if not text:
            text = f"列{letter}"
            problems.append(
                Problem(
                    code="blank-header",
                    file=book.path.name,
                    sheet=chosen.name,
                    row=hdr + 1,
                    column=letter,
                    **_messages("blank-header", column=letter, v=text),
                )
            )
        if text in seen:
            n = 2
            while f"{text} ({n})" in seen:
                n += 1
            new = f"{text} ({n})"
            problems.append(
                Problem(
                    code="duplicate-header",
                    file=book.path.name,
                    sheet=chosen.name,
                    row=hdr + 1,
                    column=letter,
                    value=text,
                    **_messages("duplicate-header", column=letter, v=text, new=new),
                )
            )
            text = new
        seen[text] = 1
        columns.append(Column(j, text))
    if kind == "contacts":
        _mark_export_columns(columns, mapping or {})
    hidden = getattr(chosen, "hidden_columns", frozenset())
    _assign_fields(columns, mapping or {}, kind, hidden)
    tier = _tier_by_values(columns, chosen.rows[hdr + 1 :], hidden) if kind == "contacts" else None
    for c in columns:  # the export's company or contact column, when the sheet has no other
        if c.export in ("company", "contact") and not any(o.field == c.export for o in columns):
            c.field, c.how = c.export, "alias"
    layout = Layout(chosen, hdr, columns, problems, header_rows=1 if sub is None else 2, tier_by_values=tier)
    if not layout.columns_of("company"):
        listed = vocab.listed(c.header for c in columns[:20])
        seen_headers = vocab.listed((c.header for c in columns[:20]), "en") or "(none)"
        example = columns[0].header if columns else "表头"
        hint = f"name it with --map, e.g. --map '{example}=company'"
        hint_zh = f"请用 --map 指明，例如 --map '{example}=company'"
        if book.encoding and looks_garbled(seen_headers):  # a text file read with a wrong guess
            others = [e for e in LIKELY_ENCODINGS if e != normalize_encoding(book.encoding)]
            hint = (
                f"the headers look garbled: the file is probably not {book.encoding} text; "
                f"pass --encoding {others[0]} (or {', '.join(others[1:])})"
            )
            hint_zh = (
                f"表头像是乱码：文件多半不是 {book.encoding} 编码，"
                f"请加 --encoding {others[0]}（或 {'、'.join(others[1:])}）"
            )
        elif book.kind == "csv" and (split := _delimiter_in(c.header for c in columns)):
            # a CSV split on the wrong delimiter: its headers hold the right one
            hint = f"if '{split}' separates the columns, pass --delimiter '{split}'; else {hint}"
            hint_zh = f"如果各列是用“{split}”分隔的，请加 --delimiter '{split}'；否则{hint_zh}"
        raise LayoutError(
            f"{book.path.name}: no company-name column found in sheet '{chosen.name}' "
            f"(row {hdr + 1} headers: {seen_headers})",
            hint,
            zh=f"{book.path.name}：工作表“{chosen.name}”里找不到企业名称列"
            f"（第 {hdr + 1} 行表头：{listed or '无'}）；{hint_zh}",
        )
    if header_row is None:
        named = [j for j, cell in enumerate(header_cells) if not normalize.is_blank(cell)]
        _refuse_data_above(book, layout, top, named, kind)
    if sheet is None:
        layout.other_sheets = other_tables(book, chosen, kind)
        shown = {*layout.other_sheets, chosen.name}  # the chosen sheet too: the import says it was hidden
        layout.hidden_sheets = [s.name for s in book.sheets if s.hidden and s.name in shown]
    if kind in ("orders", "payments"):
        required = vocab.ORDER_REQUIRED if kind == "orders" else vocab.PAYMENT_REQUIRED
        missing = [_fields(kind)[k].zh for k in required if not layout.columns_of(k)]
        if missing:
            listed = vocab.listed(c.header for c in columns[:20])
            others = [s.name for s in book.sheets if s is not chosen] if sheet is None else []
            names = "、".join(f"{i + 1}:{s.name}" for i, s in enumerate(book.sheets))
            raise LayoutError(
                f"{book.path.name}: sheet '{chosen.name}' has no {vocab.listed(missing, 'en')} column for {kind} "
                f"(row {hdr + 1} headers: {vocab.listed((c.header for c in columns[:20]), 'en')})",
                (
                    f"if the lines are in another sheet, choose it with --sheet (sheets: {names}); else "
                    if others
                    else ""
                )
                + "name them with --map, e.g. --map '下单时间=order_date' --map '价款=amount'",
                zh=f"{book.path.name}：工作表“{chosen.name}”作为{vocab.IMPORT_KINDS[kind][0]}表缺少{'、'.join(missing)}列"
                f"（第 {hdr + 1} 行表头：{listed}）；"
                + (f"若数据在另一张工作表，请用 --sheet 指明（工作表：{names}）；否则" if others else "")
                + "请用 --map 指明，例如 --map '下单时间=order_date' --map '价款=amount'",
            )
    return layout


def _refuse_own_output(book: RawBook, header_cells: list) -> None:
    """Refuse a table whose header row is the tool's own plan, list or problems table: a CSV the
    user saved again as .xlsx, .ods or UTF-16 text (a CSV is known before reading, io.read.text_kind;
    a workbook by its hidden sheet, io.read.own_kind) — read as contacts it rewrote every listed firm."""
    kind = _own_header(header_cells)
    if kind:
        why = f"own_{kind}"
        error = not_an_input_error(book.path, why)
        raise OwnOutputError(error.message, error.hint, zh=error.zh, why=why)


def _own_header(header_cells: list) -> str | None:
    """What own table a header row opens as (io.read.header_kind), None for the resource table whatever
    its original columns (a list's, when the manager built the sheet from one): the README's
    edit-and-reimport workflow imports it back."""
    texts = [" ".join(normalize.cell_text(c).split()) for c in header_cells]
    return None if vocab.export_columns(texts) else header_kind(header_cells)


# A sheet reads as a table of its own when its header names the company and another field.
TABLE_SCORE = 7


def other_tables(book: RawBook, chosen: RawSheet, kind: str = "contacts") -> list[str]:
    """The names of the other sheets that read as a contacts, orders or payments table with
    data under its header (2026年 beside 2025年, 订单 beside 客户) and have what a table of the file's
    `kind` needs (_needs: an ERP's 客户汇总 without a date is no orders sheet to suggest --sheet with).
    None in a report regiontool wrote (its 资源表 is what it imports; 镇街密度, 空白市场 … are its own
    analyses, no list)."""
    if is_own_report(book.path):
        return []
    names = []
    for s in book.sheets:
        if s is chosen or _own_table(s, "contacts") or not _needs(kind) <= _header_fields(s, kind, None):
            continue  # the tool's own table pasted beside, or one --sheet would refuse: not to be imported
        for other in KINDS:
            row, score = _best_header_row(s, other)
            if score >= TABLE_SCORE and any(
                not normalize.is_blank_row(r) for r in itertools.islice(s.rows, row + 1, None)
            ):
                names.append(s.name)
                break
    return names


def _refuse_data_above(book: RawBook, layout: Layout, top: int, named: list[int], kind: str) -> None:
    """Refuse a header row found below rows that read as data: they would be lost unseen.

    A row above the header reads as data when its company cell holds what is no header
    (a name, not 客户名称) and it fills half the named columns or more, two at least; a
    title, a note or a legend row does not."""
    company = layout.columns_of("company")[0]
    need = max(2, (len(named) + 1) // 2)
    found = []
    for i, row in enumerate(layout.sheet.rows[:top]):
        cell = row[company] if company < len(row) else None
        if normalize.is_blank(cell):
            continue
        text = normalize.cell_text(cell).strip()
        if ":" in text or "：" in text:
            continue  # a note (制表人：王海波), never a company's name
        key, prefix = _header_match(text, kind)
        if key and prefix < VALUE_PREFIX:
            continue  # a header word (a legend row above the table)
        if sum(1 for j in named if j < len(row) and not normalize.is_blank(row[j])) >= need:
            found.append(i + 1)
    if found:
        rows = ", ".join(map(str, found[:10])) + (" …" if len(found) > 10 else "")
        first = found[0]
        header = next(
            (i for i in range(first - 1, 0, -1) if not normalize.is_blank_row(layout.sheet.rows[i - 1])), None
        )
        wrong = (
            unsplit_delimiter(layout.sheet.rows[: top + 1], book.delimiter) if book.kind == "csv" else None
        )
        if wrong:
            # the header is one cell the delimiter read leaves whole: no --header-row can help
            option = delimiter_option(wrong)
            raise LayoutError(
                f"{book.path.name}: sheet '{layout.sheet.name}': rows {rows} above the header row "
                f"{top + 1} look like data: the file seems split on the wrong delimiter",
                f"import it with {option}",
                zh=f"{book.path.name}：工作表“{layout.sheet.name}”中表头行（第 {top + 1} 行）上方的第 {rows} 行"
                f"看起来是数据：文件的分隔符可能认错了；请用 {option} 导入",
            )
        raise LayoutError(
            f"{book.path.name}: sheet '{layout.sheet.name}': rows {rows} above the header row "
            f"{top + 1} look like data, and would be left out",
            f"give the header row with --header-row {header}, and name its columns with --map"
            if header
            else f"check the sheet; --header-row {top + 1} imports it leaving those rows out",
            zh=f"{book.path.name}：工作表“{layout.sheet.name}”中表头行（第 {top + 1} 行）上方的第 {rows} 行"
            "看起来是数据，会被漏掉；"
            + (
                f"请用 --header-row {header} 指定表头行，并用 --map 指明各列"
                if header
                else f"请检查这张表；用 --header-row {top + 1} 导入会略去这些行"
            ),
        )


def detect_kind(book: RawBook, sheet: str | None = None, mapping: dict[str, str] | None = None) -> str:
    """'orders' or 'payments' when the file's best sheet reads better as one of them than as contacts.
    The headers --map names count as they do for the layout; a --map to a field a kind has not
    (单据号=order_no for contacts) rules that kind out."""
    scores, mapped = {}, {}
    for kind in KINDS:
        try:
            mapped[kind] = _mapped_keys(mapping, kind)
        except UsageError:
            scores[kind] = -1
            continue
        try:
            chosen = choose_sheet(book, sheet, kind, mapped[kind])
        except LayoutError:
            return "contacts"  # let detect_layout report the problem
        scores[kind] = _best_header_row(chosen, kind, mapped[kind])[1]
    if max(scores.values()) < 0:
        return "contacts"  # no kind has all the fields --map names: detect_layout says which
    best = "orders" if scores["orders"] > scores["contacts"] else "contacts"
    if scores["payments"] > scores["contacts"] and scores["payments"] >= scores["orders"]:
        chosen = choose_sheet(book, sheet, "payments", mapped["payments"])
        row = chosen.rows[_best_header_row(chosen, "payments", mapped["payments"])[0]]
        keys = [normalize.header_key(normalize.cell_text(c)) for c in row]
        if any(word in k for k in keys for word in vocab.PAYMENT_WORDS):
            return "payments"
    return best


def _assign_fields(
    columns: list[Column], mapping: dict[str, str], kind: str = "contacts", hidden: Collection[int] = ()
) -> None:
    by_header = {normalize.header_key(k): v for k, v in mapping.items()}
    forced: set[str] = set()
    for c in columns:
        target = mapping.get(c.header, by_header.get(normalize.header_key(c.header)))
        if target is None:
            continue
        if target in ("", "-", "ignore", "忽略"):
            c.how = "--map"
            continue
        c.field, c.how = parse_field_name(target, kind), "--map"
        forced.add(c.field)
    unmatched = (
        set(mapping)
        - {c.header for c in columns if c.how}
        - {k for k in mapping if normalize.header_key(k) in {normalize.header_key(c.header) for c in columns}}
    )
    if unmatched:
        raise UsageError(
            f"--map names headers not in the sheet: {', '.join(sorted(unmatched))}",
            "headers are: " + ", ".join(c.header for c in columns),
            zh=f"--map 里的表头在工作表中不存在：{'、'.join(sorted(unmatched))}；"
            "现有表头：" + "、".join(c.header for c in columns),
        )
    taken = set(forced)
    # A field that a visible column names takes no hidden one (a hidden 客户名称 of short names beside
    # the 企业名称 the user sees): the user reads the sheet as shown.
    shown = {field_of_header(c.header, kind) for c in columns if c.index not in hidden} if hidden else set()
    secondary = _secondary_aliases()
    # A secondary alias (销售经理, 客户销售经理) names its field only where no other column does: a
    # customer's 销售经理 left of our 区域经理 is not the manager (review r106 F5, r109 F2).
    ordered = sorted(columns, key=lambda c: normalize.header_key(c.header).endswith(secondary))
    for c in ordered:
        if c.how or c.export:
            continue
        key = field_of_header(c.header, kind)
        if key is None:
            continue
        if key in taken and not _fields(kind)[key].multi:
            continue
        if c.index in hidden and key in shown and not _fields(kind)[key].multi:
            continue
        c.field, c.how = key, "alias"
        taken.add(key)
    if kind == "orders" and "amount" not in forced:
        _prefer_paid_amount(columns)


def _tier_by_values(
    columns: list[Column], rows: list[list], hidden: Collection[int] = ()
) -> tuple[str, str] | None:
    """Of several columns a contact sheet's tier aliases name, the one headed by the tier's own name
    (客户分类, vocab.TIER_OWN_HEADERS) unless its rows are essentially not tier codes (终端客户/经销商),
    when another whose rows read as tiers (a CRM's 客户等级 of A/B/C) is taken; with no own-named
    column, the first. By rows: one typo (大客户) among a real 客户分类 does not hand it to a 类别 of A/B.
    Returns (the header taken, the own-named one's) when that one is passed over."""
    first = next((c for c in columns if c.field == "tier"), None)
    if first is None or first.how != "alias":
        return None  # none, or --map chose it
    others = [
        c
        for c in columns
        if c.field is None
        and not c.how
        and not c.export
        and (c.index not in hidden or first.index in hidden)
        and field_of_header(c.header) == "tier"
    ]
    own_keys = {normalize.header_key(h) for h in vocab.TIER_OWN_HEADERS}
    own = next((c for c in [first, *others] if own_keys & set(normalize.header_key_variants(c.header))), None)
    if own is None:
        return None

    shares: dict[int, float] = {}

    def share(c: Column) -> float:
        if c.index in shares:
            return shares[c.index]
        counts = Counter(r[c.index] for r in rows if c.index < len(r))  # each distinct value read once
        texts = Counter()
        for v, n in counts.items():
            if not normalize.is_blank(v) and (t := normalize.cell_text(v).strip()):
                texts[t] += n
        ok = sum(n for t, n in texts.items() if normalize.normalize_tier(t)[1] == "ok")
        shares[c.index] = ok / texts.total() if texts else 0.0
        return shares[c.index]

    taken = own
    if share(own) < vocab.TIER_OWN_MIN_SHARE:
        best = max((c for c in [first, *others] if c is not own), key=share, default=None)
        if best is not None and share(best) >= vocab.TIER_OTHER_MIN_SHARE:
            taken = best
    if taken is not first:
        first.field, first.how = None, ""
        taken.field, taken.how = "tier", "alias"
    return (taken.header, own.header) if taken is not own else None


def _prefer_paid_amount(columns: list[Column]) -> None:
    """An orders sheet's amount is the first column, but a shop's 实付金额 (what the buyer paid,
    vocab.PAID_AMOUNT_HEADERS) wins over another amount column before it (商品金额, the list price)."""
    paid = {normalize.header_key(h) for h in vocab.PAID_AMOUNT_HEADERS}
    preferred = next(
        (
            c
            for c in columns
            if not c.how
            and not c.export
            and paid & set(normalize.header_key_variants(c.header))
            and field_of_header(c.header, "orders") == "amount"
        ),
        None,
    )
    if preferred is None:
        return
    for c in columns:
        if c.field == "amount" and c.how == "alias":
            c.field, c.how = None, ""
    preferred.field, preferred.how = "amount", "alias"


def _mark_export_columns(columns: list[Column], mapping: dict[str, str]) -> None:
    """Mark the columns that regiontool's own resource table adds (its key fields, 推断依据, 企业编号
    and the source columns), when the sheet is one: a column --map names stays the user's."""
    named = {normalize.header_key(k) for k in mapping}
    for j, key in vocab.export_columns([c.header for c in columns]).items():
        c = columns[j]
        if c.header not in mapping and normalize.header_key(c.header) not in named:
            c.export = key


def normalize_encoding(name: str) -> str:
    """An encoding's name as LIKELY_ENCODINGS spells it (utf-8-sig → utf-8, gbk → gb18030)."""
    import codecs

    found = codecs.lookup(name).name
    return {
        "utf-8-sig": "utf-8",
        "gbk": "gb18030",
        "gb2312": "gb18030",
        "utf-16-le": "utf-16",
        "utf-16-be": "utf-16",
        "cp950": "big5",
    }.get(found, found)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column name a user sees in Excel."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
