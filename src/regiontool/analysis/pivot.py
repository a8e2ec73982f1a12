"""Pivot tables with Excel's layout and none of its traps.

Blanks are a category of their own, totals are computed from the same records as the
cells (so the grand total always equals the number of records counted), and the order
of tiers, key contact and size follows the method, not the alphabet.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import vocab
from ..errors import UsageError
from ..io.layout import field_of_header
from ..normalize import excel_round

if TYPE_CHECKING:
    import pandas as pd

# Fields a pivot can use besides the original columns, and the level they belong to.
PIVOT_FIELDS = {
    "town": "company",
    "county": "company",
    "industry": "company",
    "size": "company",
    "tier": "company",
    "manager": "company",
    "competitor": "company",
    "key_contact": "contact",
}
NUMERIC_FIELDS = ("employees", "revenue")
# Decimals a sum or mean of values keeps: 年产值 is read in 万元 to the yuan (0.0001万), and no float
# noise of the sum (171001.09000000003) reaches CSV or JSON.
VALUE_DIGITS = 4
STANDARD = (("town", "tier"), ("industry", "tier"), ("key_contact", "tier"), ("manager", "tier"))
FIXED_ORDER = {"tier": vocab.TIER_ORDER, "key_contact": (vocab.YES, vocab.NO), "size": vocab.SIZE_ORDER}
BLANK = None
OTHER = "\x00other"  # sorts apart from every real value


@dataclass
class Filter:
    field: str
    negate: bool
    values: list[str]  # "" stands for blank

    def text(self, lang: str) -> str:
        shown = ",".join(v or vocab.label("blank", lang) for v in self.values)
        return f"{field_label(self.field, lang)}{'!=' if self.negate else '='}{shown}"


@dataclass
class PivotRequest:
    by: list[str]
    count: str = "auto"  # auto, companies, contacts
    values: str = "count"  # count, sum:FIELD, mean:FIELD
    pct: str | None = None  # row, col, total
    where: list[Filter] = field(default_factory=list)
    top: int | None = None
    sort: str = "total"  # total or name
    top_cols: int | None = None  # --top-cols: the columns' fold, as --top folds the rows

    @property
    def measure(self) -> str | None:
        return None if self.values == "count" else self.values.split(":", 1)[1]

    @property
    def aggregate(self) -> str:
        return self.values.split(":", 1)[0]


@dataclass
class Pivot:
    title: str
    unit: str
    request: PivotRequest
    frame: pd.DataFrame  # the grid as shown: label columns, value columns, total column
    kinds: list[str]  # per row: data, subtotal, total
    counts: pd.DataFrame | None  # the count grid beside a --pct grid
    records: int  # records counted (the grand total of counts)
    label_columns: int  # how many leading columns hold labels
    notes: list[str] = field(default_factory=list)  # lines under the grid (records left out …)
    lang: str = "zh"  # the language of its labels (a workbook's sheets keep theirs: pivot --sheet)

    @property
    def empty(self) -> bool:
        return self.records == 0


def field_label(key: str, lang: str = "zh") -> str:
    return key[4:] if key.startswith("col:") else vocab.label(key, lang)


def parse_field(name: str, original_headers: list[str]) -> str:
    """A --by field: key field by key, Chinese or English name, else an original column header."""
    name = name.strip()
    if name in PIVOT_FIELDS:
        return name
    if name in original_headers:
        return f"col:{name}"
    key = field_of_header(name)
    if key in PIVOT_FIELDS:
        return key
    choices = [*PIVOT_FIELDS, *(vocab.label(k) for k in PIVOT_FIELDS), *original_headers]
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.4)
    hint = f"did you mean '{close[0]}'? " if close else ""
    fields = ", ".join(f"{k} ({vocab.label(k)})" for k in PIVOT_FIELDS)
    extra = f"; original columns: {', '.join(original_headers)}" if original_headers else ""
    zh_hint = f"是不是“{close[0]}”？" if close else ""
    zh_fields = "、".join(f"{k}（{vocab.label(k)}）" for k in PIVOT_FIELDS)
    zh_extra = f"；原始列：{'、'.join(original_headers)}" if original_headers else ""
    raise UsageError(
        f"unknown field '{name}'",
        f"{hint}fields: {fields}{extra}",
        zh=f"没有字段“{name}”：{zh_hint}可用的字段有 {zh_fields}{zh_extra}",
    )


def parse_measure(values: str, original_headers: list[str], numeric_headers: list[str] | None = None) -> str:
    """--values count | sum:COL | mean:COL → count | sum:employees | mean:col:HEADER.

    numeric_headers: the original columns holding numbers (all of them when not given); an
    original column of words (来源: 网络, 展会 …) cannot be added up."""
    if values == "count":
        return values
    agg, sep, col = values.partition(":")
    if agg not in ("sum", "mean") or not sep or not col.strip():
        raise UsageError(
            f"--values '{values}' is not count, sum:COLUMN or mean:COLUMN",
            "e.g. --values sum:员工人数",
            zh=f"--values '{values}' 无效：应为 count、sum:列名 或 mean:列名，例如 --values sum:员工人数",
        )
    col = col.strip()
    numeric = original_headers if numeric_headers is None else numeric_headers
    if col in numeric:
        return f"{agg}:col:{col}"
    key = None if col in original_headers else field_of_header(col) or col
    if key not in NUMERIC_FIELDS:
        raise UsageError(
            f"cannot add up '{col}'" + (": it holds no numbers" if col in original_headers else ""),
            "numeric fields: 员工人数 (employees), 年产值 (revenue)"
            + (f", or an original column with numbers: {', '.join(numeric)}" if numeric else ""),
            zh=f"“{col}”不能相加"
            + ("（这一列没有数字）" if col in original_headers else "")
            + "：可相加的字段有 员工人数 (employees)、年产值 (revenue)"
            + (f"，以及含数字的原始列：{'、'.join(numeric)}" if numeric else ""),
        )
    return f"{agg}:{key}"


def parse_where(
    text: str,
    original_headers: list[str],
    industries: Callable[[], Collection[str]] = tuple,
    field_values: Callable[[str], Collection[str]] | None = None,
) -> Filter:
    """tier=A,B · town!=长河镇 · tier=(空白) · industry=hardware & machinery.

    industries: the workspace's industries (asked only for an industry filter); an industry is
    one of them or of the taxonomy, by its label or its English name (resolve_industries).
    field_values: the workspace's values of a field of _NAMED_FIELDS (town, county, manager), asked only
    for such a filter: a value none has is refused naming the nearest (named_values)."""
    negate = "!=" in text
    name, sep, values = text.partition("!=" if negate else "=")
    if not sep or not name.strip():
        raise UsageError(
            f"--where '{text}' is not FIELD=VALUES or FIELD!=VALUES",
            "e.g. --where tier=A,B",
            zh=f"--where '{text}' 无效：应为 字段=值 或 字段!=值，例如 --where tier=A,B",
        )
    key = parse_field(name, original_headers)
    blanks = {vocab.WORDS["blank"][0], vocab.WORDS["blank"][1], "空白", "blank", ""}
    items = [v.strip() for v in values.replace("，", ",").split(",")]
    parsed = ["" if v in blanks else v for v in items]
    coded = _CODED_FIELDS.get(key)
    if coded is not None:  # stored as codes (A, 小型, 是) or blank: another spelling would match nothing
        parse, allowed = coded()
        codes = {v: parse(v)[0] for v in parsed if v}
        unknown = [v for v, code in codes.items() if code is None]
        if unknown:
            raise UsageError(
                f"--where: unknown {vocab.label(key, 'en')} '{unknown[0]}'",
                "use " + " ".join(allowed) + ", or " + " / ".join(vocab.WORDS["blank"]) + " for none",
                zh=f"--where：没有这个{vocab.label(key)}“{unknown[0]}”：请用 "
                + " ".join(allowed)
                + "，空白用 "
                + " / ".join(vocab.WORDS["blank"]),
            )
        parsed = [codes.get(v, "") for v in parsed]
    elif key == "industry":
        known = industries()
        named, unknown = resolve_industries([v for v in parsed if v], known)
        if unknown:
            raise unknown_industries("--where", unknown, known)
        parsed = [code for _text, code in named] + [v for v in parsed if not v]
    elif key in _NAMED_FIELDS and field_values is not None:
        parsed = named_values(key, parsed, field_values(key))
    return Filter(key, negate, list(dict.fromkeys(parsed)))


def _known(text: str, known: Collection[str], key: str) -> bool:
    if not text or text in known:
        return True
    town, county = vocab.split_town(text) if key == "town" else (text, None)
    return county is not None and f"{town}（{county}）" in known


# Fields stored as the cleaned name (长河镇, 王海波): a slip (长河, 王海) would match nothing, silently.
_NAMED_FIELDS = ("town", "county", "manager")


def named_values(key: str, parsed: list[str], known: Collection[str]) -> list[str]:
    """The --where values of a named field as stored: as typed, or cleaned as the import cleans a
    cell (width, spaces, traditional → simplified); one no firm here has is refused (exit 2)
    naming the nearest ones (those holding it or held by it first, then the similar)."""
    from .. import normalize

    if key == "town":  # 新桥镇 takes each 新桥镇（象山县） shown with its county; 新桥镇(象山县) is that one
        known = {*known, *(vocab.split_town(k)[0] for k in known)}
    out = []
    for v in parsed:
        clean = v if _known(v, known, key) else normalize.fold(normalize.to_simplified(v))
        if clean is not v and key == "manager":
            clean = normalize.manager_name(v)  # 孙 志强 is 孙志强, as the import reads the cell
        if clean and not _known(clean, known, key):
            names = sorted(known)
            near = [k for k in names if clean in k or k in clean]
            near = list(dict.fromkeys(near + difflib.get_close_matches(clean, names, n=5, cutoff=0.4)))[:5]
            shown = near or names[:10]
            zh_near = f"（相近的有：{'、'.join(shown)}）" if near else f"：这里有 {'、'.join(shown) or '无'}"
            raise UsageError(
                f"--where: no {vocab.label(key, 'en')} '{v}' here",
                ("nearest: " if near else "here: ") + (", ".join(shown) or "none"),
                zh=f"--where：没有这个{vocab.label(key)}“{v}”{zh_near}",
            )
        out.append(clean)
    return out


def resolve_industries(pieces: list[str], known: Collection[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Industries named on the command line, split at its commas → ([(the name, its stored label)],
    [the names unknown]). A name is an industry of `known` or of the packaged taxonomy, by its label
    or its English name as --lang en prints it (vocab.industry_of); an English name holding a comma
    (paper, packaging & printing) comes in pieces and is joined again."""
    named, unknown = [], []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            text = ", ".join(pieces[i:j])
            code = text if text in known else vocab.industry_of(text)
            if code is not None:
                named.append((text, code))
                i = j
                break
        else:
            unknown.append(pieces[i])
            i += 1
    return named, unknown


def unknown_industries(option: str | None, unknown: list[str], known: Collection[str]) -> UsageError:
    """The one line refusing industries no firm here has and the taxonomy does not know, listing
    the workspace's industries in each language (English names apart by '; ': some hold a comma)."""
    names = sorted(known)
    english = "; ".join(sorted(vocab.value_label("industry", k, "en") for k in names)) or "none"
    chinese = "、".join(names) or "无"
    several = len(unknown) > 1
    return UsageError(
        vocab.fill(
            "{head}unknown {n:industry|industries} {names}",
            head=f"{option}: " if option else "",
            n=len(unknown),
            names=", ".join(unknown),
        ),
        f"industries here: {english}",
        zh=f"{option + '：' if option else ''}没有{'这些' if several else '这个'}行业：{'、'.join(unknown)}"
        f"：这里的行业有 {chinese}",
    )


def _coded(parse_name: str, allowed: tuple[str, ...]):
    def load():
        from .. import normalize

        return getattr(normalize, parse_name), allowed

    return load


# Fields stored as codes: each --where value is read the way the import reads the cells.
_CODED_FIELDS = {
    "tier": _coded("normalize_tier", vocab.TIER_ORDER),
    "size": _coded("normalize_size", vocab.SIZE_ORDER),
    "key_contact": _coded("normalize_yes_no", tuple(zh for zh, _en in vocab.YES_NO_LABELS.values())),
}


def counting_unit(by: list[str], count: str) -> str:
    if count in ("companies", "contacts"):
        return count
    if count != "auto":
        raise UsageError(
            f"--count '{count}'",
            "use companies or contacts",
            zh=f"--count '{count}' 无效：请用 companies 或 contacts",
        )
    contact_level = any(PIVOT_FIELDS.get(f) == "contact" or f.startswith("col:") for f in by)
    return "contacts" if contact_level else "companies"


def _order(field: str, totals: dict, sort: str) -> list:
    """Values of a field in display order: fixed orders, else by total or name; the --top fold then
    blank last."""
    values = [v for v in totals if v not in (BLANK, OTHER)]
    fixed = FIXED_ORDER.get(field)
    if fixed:
        rank = {v: i for i, v in enumerate(fixed)}
        values.sort(key=lambda v: (rank.get(v, len(rank)), str(v)))
    elif sort == "name":
        values.sort(key=str)
    else:
        values.sort(key=lambda v: (-totals[v], str(v)))
    return values + [v for v in (OTHER, BLANK) if v in totals]


def _fold(cells: dict[tuple, list[float]], at: int, field: str, top: int, rest: dict[str, int]) -> dict:
    """The cells with the values of key position `at` past the `top` first (largest, or in the
    field's fixed order) folded into OTHER, (空白) kept apart; rest[field] = how many were folded."""
    totals: dict = {}
    for key, acc in cells.items():
        totals[key[at]] = totals.get(key[at], 0) + acc[0]
    keep = set(_order(field, {k: v for k, v in totals.items() if k is not BLANK}, "total")[:top])
    rest[field] = len({k for k in totals if k not in keep and k is not BLANK})
    folded: dict[tuple, list[float]] = {}
    for key, acc in cells.items():
        v = key[at] if key[at] in keep or key[at] is BLANK else OTHER
        dest = folded.setdefault((*key[:at], v, *key[at + 1 :]), [0, 0.0, 0])
        for i in range(3):
            dest[i] += acc[i]
    return folded


def build_pivot(groups: list[tuple], request: PivotRequest, unit: str, lang: str = "zh") -> Pivot:
    """Grouped counts from the workspace → the pivot grid with totals (and shares)."""
    import pandas as pd

    dims = len(request.by)
    if not 1 <= dims <= 3:
        raise UsageError(
            "give one to three --by fields",
            "e.g. --by town --by tier",
            zh="请给一到三个 --by 字段：例如 --by town --by tier",
        )
    agg = request.aggregate
    rest: dict[str, int] = {}  # values folded by --top (the rows' field) and --top-cols (the columns')
    if request.pct and agg == "mean":
        raise UsageError("--pct cannot be used with mean values", zh="--pct 不能和平均值（mean:列名）一起用")
    # cell → [records, sum, valued]
    cells: dict[tuple, list[float]] = {}
    for row in groups:
        key = tuple(row[:dims])
        acc = cells.setdefault(key, [0, 0.0, 0])
        acc[0] += row[dims]
        acc[1] += row[dims + 1] or 0.0
        acc[2] += row[dims + 2] or 0
    row_dims = dims - 1 if dims > 1 else 1
    outer = request.by[0]
    if request.top:
        cells = _fold(cells, 0, outer, request.top, rest)
    if request.top_cols and dims > 1:
        cells = _fold(cells, dims - 1, request.by[-1], request.top_cols, rest)

    def value(acc: list[float]) -> float:
        if agg == "count":
            return acc[0]
        if agg == "sum":
            return excel_round(acc[1], VALUE_DIGITS)
        return excel_round(acc[1] / acc[2], VALUE_DIGITS) if acc[2] else float("nan")

    def add(target: dict, key, acc) -> None:
        dest = target.setdefault(key, [0, 0.0, 0])
        for i in range(3):
            dest[i] += acc[i]

    col_field = request.by[-1] if dims > 1 else None
    row_keys: dict[tuple, list[float]] = {}
    col_totals: dict = {}
    grand = [0, 0.0, 0]
    for key, acc in cells.items():
        add(row_keys, key[:row_dims], acc)
        if col_field:
            add(col_totals, key[-1], acc)
        for i in range(3):
            grand[i] += acc[i]
    columns = _order(col_field, {k: v[0] for k, v in col_totals.items()}, request.sort) if col_field else []

    def label(v, field: str) -> str:
        if v is BLANK:
            return vocab.label("blank", lang)
        if v == OTHER:
            return vocab.label("top_rest", lang).format(n=rest[field])
        return vocab.value_label(field, str(v), lang)

    total_label = vocab.label("total", lang)
    value_header = _value_header(request, unit, lang)
    header = [field_label(f, lang) for f in request.by[:row_dims]]
    header += [label(c, col_field) for c in columns] + [total_label] if col_field else [value_header]
    rows: list[list] = []
    kinds: list[str] = []
    count_rows: list[list] = []

    def emit(labels: list[str], accs_by_col: dict, row_acc: list[float], kind: str) -> None:
        if col_field:
            vals = [
                value(accs_by_col[c]) if c in accs_by_col else (0 if agg != "mean" else None) for c in columns
            ]
            counts = [accs_by_col[c][0] if c in accs_by_col else 0 for c in columns]
            rows.append(labels + vals + [value(row_acc)])
            count_rows.append(labels + counts + [row_acc[0]])
        else:
            rows.append(labels + [value(row_acc)])
            count_rows.append(labels + [row_acc[0]])
        kinds.append(kind)

    outer_totals = {}
    for key, acc in row_keys.items():
        outer_totals.setdefault(key[0], 0)
        outer_totals[key[0]] += acc[0]
    by_row: dict[tuple, dict] = {}
    for key, acc in cells.items():
        by_row.setdefault(key[:row_dims], {})
        if col_field:
            by_row[key[:row_dims]][key[-1]] = acc
    for v0 in _order(outer, outer_totals, request.sort):
        if row_dims == 1:
            emit([label(v0, outer)], by_row.get((v0,), {}), row_keys[(v0,)], "data")
            continue
        inner = {k[1]: a[0] for k, a in row_keys.items() if k[0] == v0}
        sub_cols: dict = {}
        sub_acc = [0, 0.0, 0]
        for v1 in _order(request.by[1], inner, request.sort):
            emit(
                [label(v0, outer), label(v1, request.by[1])],
                by_row.get((v0, v1), {}),
                row_keys[(v0, v1)],
                "data",
            )
            for c, a in by_row.get((v0, v1), {}).items():
                add(sub_cols, c, a)
            for i in range(3):
                sub_acc[i] += row_keys[(v0, v1)][i]
        subtotal = f"{label(v0, outer)} {'Total' if lang == 'en' else '汇总'}"
        emit([subtotal, ""], sub_cols, sub_acc, "subtotal")
    emit([total_label] + [""] * (row_dims - 1), col_totals, grand, "total")

    frame = pd.DataFrame(rows, columns=header)
    counts = pd.DataFrame(count_rows, columns=header)
    if request.pct:
        frame = _shares(frame, counts, kinds, row_dims, request.pct)
    # records whose figure is a bound (1000人以上), or whose original cell is no whole number
    # (约10): counted, but not in a sum or mean
    left_out = sum(row[dims + 3] or 0 for row in groups if len(row) > dims + 3)
    example = min((row[dims + 4] for row in groups if len(row) > dims + 4 and row[dims + 4]), default=None)
    return Pivot(
        title=_title(request, unit, lang),
        unit=unit,
        request=request,
        frame=frame,
        kinds=kinds,
        counts=counts if request.pct else None,
        records=int(grand[0]),
        label_columns=row_dims,
        notes=[_left_out_note(request, unit, int(left_out), example, lang)] if left_out else [],
        lang=lang,
    )


def _left_out_note(request: PivotRequest, unit: str, n: int, example: str | None, lang: str) -> str:
    zh, en = vocab.WORDS["words_left_out" if example else "bounds_left_out"]
    example = example or vocab.BOUND_EXAMPLES.get(request.measure, "")
    return vocab.fill(
        en if lang == "en" else zh,
        n=n,
        unit=vocab.label(f"records_{unit}", lang),
        field=field_label(request.measure, lang),
        example=example,
        agg=vocab.label(f"agg_{request.aggregate}", lang),
    )


def _shares(
    frame: pd.DataFrame, counts: pd.DataFrame, kinds: list[str], label_cols: int, pct: str
) -> pd.DataFrame:
    values = frame.iloc[:, label_cols:].astype(float)
    if pct == "row":
        shares = values.div(values.iloc[:, -1].where(values.iloc[:, -1] != 0), axis=0)
    elif pct == "col":
        total_row = values.iloc[kinds.index("total")]
        shares = values.div(total_row.where(total_row != 0), axis=1)
    elif pct == "total":
        grand = values.iloc[kinds.index("total"), -1]
        shares = values / grand if grand else values * float("nan")
    else:
        raise UsageError(
            f"--pct '{pct}'", "use row, col or total", zh=f"--pct '{pct}' 无效：请用 row、col 或 total"
        )
    import pandas as pd

    return pd.concat([frame.iloc[:, :label_cols], shares.fillna(0.0)], axis=1)


def _value_header(request: PivotRequest, unit: str, lang: str) -> str:
    if request.aggregate == "count":
        return vocab.label(f"unit_{unit}", lang)
    name = field_label(request.measure, lang)
    if lang == "en":
        return f"{'sum' if request.aggregate == 'sum' else 'mean'} of {name}"
    return f"{name}{'合计' if request.aggregate == 'sum' else '平均'}"


def _title(request: PivotRequest, unit: str, lang: str) -> str:
    what = _value_header(request, unit, lang)
    if request.aggregate != "count":
        what += (
            f" ({vocab.label(f'unit_{unit}', lang)})"
            if lang == "en"
            else f"（{vocab.label(f'unit_{unit}', lang)}）"
        )
    fields = " × ".join(field_label(f, lang) for f in request.by)
    parts = [what, fields]
    if request.pct:
        parts.append(
            {"row": "行占比", "col": "列占比", "total": "总占比"}[request.pct]
            if lang != "en"
            else f"share of {request.pct}"
        )
    if request.where:
        joined = "; ".join(f.text(lang) for f in request.where)
        parts.append(f"where {joined}" if lang == "en" else f"筛选：{joined}")
    return " · ".join(parts)


def standard_requests() -> list[PivotRequest]:
    """The four pivots of the method: town, industry, key contact and manager × tier."""
    return [PivotRequest(by=list(pair)) for pair in STANDARD]
