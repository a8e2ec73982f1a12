"""The pivot command's library function: workspace counts in, Pivot out, and its sheet form."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from pathlib import Path

from . import vocab
from .analysis.pivot import (
    Filter,
    Pivot,
    PivotRequest,
    build_pivot,
    counting_unit,
    field_label,
    parse_field,
    parse_measure,
    parse_where,
    standard_requests,
)
from .errors import DataError, UsageError
from .io.write import PivotSheet
from .store import Workspace
from .vocab.sheets import fit_sheet_name

__all__ = ["make_request", "pivot", "pivot_sheet", "request_from_spec", "saved_requests", "standard_requests"]


def make_request(
    ws: Workspace,
    by: list[str],
    *,
    count: str = "auto",
    values: str = "count",
    pct: str | None = None,
    where: list[str] = (),
    top: int | None = None,
    sort: str = "total",
    top_cols: int | None = None,
) -> PivotRequest:
    """Parse the user's words (镇街, town, 来源 …) into a request against this workspace."""
    headers = ws.original_headers()
    if not by:
        raise UsageError(
            "give at least one --by field",
            "e.g. --by town --by tier, or --standard",
            zh="至少要给一个 --by 字段：例如 --by town --by tier，或用 --standard",
        )
    if pct not in (None, "row", "col", "total"):
        raise UsageError(
            f"--pct '{pct}'", "use row, col or total", zh=f"--pct '{pct}' 无效：请用 row、col 或 total"
        )
    if sort not in ("total", "name"):
        raise UsageError(
            f"--sort '{sort}'", "use total or name", zh=f"--sort '{sort}' 无效：请用 total 或 name"
        )
    if top is not None and top < 1:
        raise UsageError("--top must be at least 1", zh="--top 至少为 1")
    if top_cols is not None and top_cols < 1:
        raise UsageError("--top-cols must be at least 1", zh="--top-cols 至少为 1")
    if top_cols is not None and len(by) < 2:
        raise UsageError(
            "--top-cols folds the columns: give a second --by for them",
            "e.g. --by tier --by town --top-cols 10",
            zh="--top-cols 合并的是列：请再给一个 --by 作为列，例如 --by tier --by town --top-cols 10",
        )
    fields = [parse_field(b, headers) for b in by]
    if len(set(fields)) != len(fields):
        raise UsageError(
            "the same field is given twice in --by", zh="--by 里同一个字段给了两次：每个字段只给一次"
        )
    return PivotRequest(
        by=fields,
        count=count,
        values=parse_measure(values, headers, ws.numeric_columns() if values != "count" else None),
        pct=pct,
        where=where_filters(ws, where, headers),
        top=top,
        sort=sort,
        top_cols=top_cols,
    )


def where_filters(ws: Workspace, where: Sequence[str], headers: list[str] | None = None) -> list[Filter]:
    """The --where filters read against the workspace: its original columns, its industries and its
    towns, counties and managers (each asked once, only when a filter on it needs them)."""
    headers = ws.original_headers() if headers is None else headers
    industries = functools.cache(lambda: workspace_industries(ws))
    values = functools.cache(
        lambda key: {row[0] for row in ws.group_counts([key], [], "companies") if row[0]}
    )
    return [parse_where(w, headers, industries, values) for w in where]


def workspace_industries(ws: Workspace) -> set[str]:
    """The industries of the workspace's firms (under --manager, of that manager's)."""
    return {row[0] for row in ws.group_counts(["industry"], [], "companies") if row[0]}


def pivot(ws: Workspace, request: PivotRequest, lang: str = "zh") -> Pivot:
    """Count in the database (GROUP BY), lay out in Python."""
    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    unit = counting_unit(request.by, request.count)
    filters = [(f.field, f.negate, f.values) for f in request.where]
    leave_out = _bounds(ws, request.measure)
    groups = ws.group_counts(request.by, filters, unit, request.measure, leave_out)
    result = build_pivot(groups, request, unit, lang)
    if "tier" in request.by and (note := unknown_tier_note(ws, filters, unit, lang)):
        result.notes.append(note)
    return result


def unknown_tier_note(ws: Workspace, filters: list, unit: str, lang: str = "zh") -> str | None:
    """A line saying how many of the records counted under (空白) by 客户分类 wrote a tier that names
    no code (A+, 大客户), the commonest first; None when none did (review r92 F2)."""
    found = ws.unknown_tiers(filters, unit)
    if not found:
        return None
    sep = ", " if lang == "en" else "、"
    shown = sep.join(f"{text} {n:,}" for text, n in found[:3]) + (sep + "…" if len(found) > 3 else "")
    zh, en = vocab.WORDS["unknown_tiers_blank"]
    return vocab.fill(
        en if lang == "en" else zh,
        n=sum(n for _, n in found),
        unit=vocab.label(f"records_{unit}", lang),
        shown=shown,
    )


def _bounds(ws: Workspace, measure: str | None) -> list[str]:
    """The texts of 员工人数 or 年产值 that are a bound (1000人以上, 50人以下), not a figure: a sum
    or mean leaves them out (the size stays 规模不定 for such a bound, for the same reason)."""
    if measure not in ("employees", "revenue"):
        return []
    from .enrich.size import parse_employees, parse_revenue

    parse = parse_employees if measure == "employees" else parse_revenue
    return [t for t in ws.figure_texts(measure) if (fig := parse(t)) is not None and fig.bound]


def pivot_sheet(p: Pivot, name: str, lang: str = "zh") -> PivotSheet:
    number_format = "0.0%" if p.request.pct else ("#,##0.0" if p.request.aggregate == "mean" else "#,##0")
    note = ""
    if p.empty:
        note = "no records match the filters" if lang == "en" else "没有符合筛选条件的记录"
    return PivotSheet(
        name=name,
        title=p.title,
        frame=p.frame,
        kinds=p.kinds,
        label_columns=p.label_columns,
        number_format=number_format,
        counts=p.counts,
        counts_title=vocab.label(f"unit_{p.unit}", lang),
        chart=len(p.request.by) == 2 or len(p.request.by) == 1,
        # a --pct chart draws the shares shown, in bars of 100%: a row's shares (--pct row), or a
        # column's, one bar per column (--pct col); shares of the total stack to the row's share
        value_axis=_value_axis(p, lang),
        full_bars=p.request.pct == "row",
        bars_by_column=p.request.pct == "col",
        empty_note=note,
        spec=request_spec(p.request, name, p.lang),
        notes=list(p.notes),
    )


def _value_axis(p: Pivot, lang: str) -> str | None:
    """The chart's value-axis title: the share drawn, or the unit counted (else the workbook's)."""
    if p.request.pct:
        return vocab.label(f"share_{p.request.pct}", lang)
    if p.request.aggregate == "count":
        return vocab.label(f"unit_{p.unit}", lang)
    return None


def request_spec(request: PivotRequest, sheet: str, lang: str = "zh") -> dict:
    return {"sheet": sheet, "lang": lang, **dataclasses.asdict(request)}


def request_from_spec(spec: dict) -> tuple[str, PivotRequest, str | None]:
    """A sheet's saved pivot request and the language it was written in (None for a workbook written
    before it was kept); ValueError for a spec no `pivot --out` wrote (a market, tiers, rfm, sales or
    receivables sheet has a kind, or no sheet name, or other fields)."""
    fields = {f.name for f in dataclasses.fields(PivotRequest)}
    if not isinstance(spec, dict) or "kind" in spec or "sheet" not in spec or "by" not in spec:
        raise ValueError(f"not a pivot spec: {spec!r}")
    spec = dict(spec)
    sheet = spec.pop("sheet")
    lang = spec.pop("lang", None)
    if lang not in (None, *vocab.LANGS):
        raise ValueError(f"not a pivot spec's language: {lang!r}")
    if not set(spec) <= fields:
        raise ValueError(f"not a pivot spec: {sorted(set(spec) - fields)}")
    spec["where"] = [Filter(**f) for f in spec.get("where", [])]
    return sheet, PivotRequest(**spec), lang


def saved_requests(path: Path) -> list[tuple[str, PivotRequest, str | None]]:
    """The pivots a workbook written by `regiontool pivot --out` holds, by sheet name, with the
    language each was written in.

    Any other workbook (another command's, or not regiontool's) is a UsageError: appending a
    sheet to it would mean recomputing tables the pivot command cannot make."""
    import json

    import python_calamine as pc

    from .io.write import SPEC_SHEET

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
        specs = json.loads(book.get_sheet_by_name(SPEC_SHEET).to_python()[0][0])
        if not isinstance(specs, list) or not specs:
            raise ValueError("no pivots")
        saved = [request_from_spec(spec) for spec in specs]
        return [(name, req, lang or _title_lang(book, name)) for name, req, lang in saved]
    except Exception as exc:
        raise UsageError(
            f"{path} is not a pivot workbook written by regiontool",
            "choose a new --out file, or leave out --sheet to replace it",
            zh=f"{path} 不是 regiontool pivot 写的透视表工作簿：请换一个新的 --out 文件，或去掉 --sheet 整个替换它",
        ) from exc


def _title_lang(book, sheet: str) -> str | None:
    """The language a sheet of a workbook written before its spec kept it was written in, by its title
    (企业数 · 镇街 × 客户分类, companies · town × tier): English if it opens with a Latin letter."""
    try:
        title = str(book.get_sheet_by_name(sheet).to_python(nrows=1)[0][0])
    except Exception:  # noqa: BLE001 — no title to go by: the command's language
        return None
    return "en" if re.match(r"\s*[A-Za-z]", title) else "zh"  # (companies · …, not 企业数 · …; a filter's
    # Chinese values may follow either: review r110 F7)


def json_key(request: PivotRequest) -> str:
    """A pivot's key in a JSON document of several (`--standard -f json`): its fields' keys, the
    same in every --lang (town_by_tier); an original column by its header."""
    return "_by_".join(f.removeprefix("col:") for f in request.by)


def default_sheet_name(request: PivotRequest, lang: str) -> str:
    name = vocab.crossing([field_label(f, lang) for f in request.by], lang)
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    name = fit_sheet_name(name)
    # Excel refuses a quote at either end (as it refuses the characters above): replaced the same way.
    return re.sub(r"^'|'$", "_", name)
