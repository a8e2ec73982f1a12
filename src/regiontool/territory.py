"""Territory commands' library functions (issue: tiers, market …): workspace in, plain data out."""

from __future__ import annotations

from collections.abc import Sequence

from . import vocab
from .analysis.market import MIN_FIRMS, MIN_SHARE, Market, build_market
from .analysis.tiers import Funnel, build_funnels, funnel_frame, verdict_frame
from .errors import DataError, UsageError
from .io.write import PivotSheet
from .store import Workspace

FUNNEL_GROUPS = ("manager", "town")


def tier_funnels(ws: Workspace, by: str | None = None) -> list[Funnel]:
    """One funnel for the territory, or one per manager / town (companies counted by tier)."""
    if by is not None and by not in FUNNEL_GROUPS:
        raise UsageError(f"--by '{by}'", "use manager or town", zh=f"--by '{by}' 无效：请用 manager 或 town")
    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    groups = ws.group_counts([by, "tier"] if by else ["tier"], [], "companies")
    return build_funnels(groups, by, scope=ws.manager)


def unknown_tiers_note(ws: Workspace, lang: str = "zh") -> str | None:
    """The funnel's (空白) row holds the firms whose tier names no code: how many, in one line."""
    from .pivots import unknown_tier_note

    return unknown_tier_note(ws, [], "companies", lang)


def funnel_sheet(
    funnels: list[Funnel],
    by: str | None,
    lang: str = "zh",
    *,
    verdicts_below: bool = True,
    note: str | None = None,
) -> PivotSheet:
    """The funnel as a workbook sheet: the table the terminal shows (funnel_frame), with a bar
    chart of the counts; verdicts_below: the verdicts as lines under it (the report's one
    funnel), else they are health_sheet's; `note` (unknown_tiers_note) under it first."""
    frame = funnel_frame(funnels, lang, by)
    title = "tier funnel" if lang == "en" else "客户分级漏斗"
    if by:
        title += f" · by {vocab.label(by, lang)}" if lang == "en" else f" · 按{vocab.label(by, lang)}"
    notes = [note] if note else []
    if verdicts_below:
        verdicts = verdict_frame(funnels, by, lang)
        notes += [" · ".join(str(v) for v in row) for row in verdicts.to_numpy(dtype=object).tolist()]
    return PivotSheet(
        name=vocab.sheet_name("tiers", lang),
        title=title,
        frame=frame,
        kinds=["data"] * (len(frame) - 1) + ["total"],
        label_columns=1,
        number_format="#,##0",
        column_formats={str(c): "0.0%" for c in frame.columns if str(c).endswith(" %")},
        # One bar per group, a segment per tier (not 总计, not the shares); one funnel: its counts.
        chart_columns=len(vocab.TIER_ORDER) + 1 if by else 1,
        total_column=False,
        colour_scale=False,  # counts beside shares: one scale would blank the shares
        notes=notes,
        spec={"sheet": "tiers", "kind": "tiers", "by": by},
    )


def health_sheet(funnels: list[Funnel], by: str | None, lang: str = "zh") -> PivotSheet:
    """The funnels' health verdicts as a sheet: one row per manager or town (or the territory)."""
    frame = verdict_frame(funnels, by, lang)
    name = vocab.sheet_name("health", lang)
    return PivotSheet(
        name=name,
        title="funnel health" if lang == "en" else "漏斗健康度",
        frame=frame,
        kinds=["data"] * len(frame),
        label_columns=len(frame.columns),
        number_format="#,##0",
        chart=False,
        total_column=False,
        colour_scale=False,
        spec={"sheet": "health", "kind": "tiers", "by": by},
    )


def tier_sheets(
    funnels: list[Funnel], by: str | None, lang: str = "zh", note: str | None = None
) -> list[PivotSheet]:
    """`tiers --out x.xlsx`: the funnel table and the health table, as the terminal shows them."""
    return [funnel_sheet(funnels, by, lang, verdicts_below=False, note=note), health_sheet(funnels, by, lang)]


def market(
    ws: Workspace,
    lang: str = "zh",
    min_share: float = MIN_SHARE,
    targets: list[str] | None = None,
    min_firms: int = MIN_FIRMS,
) -> Market:
    """Industry shares, town density, white space and beachheads of the workspace."""
    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    if min_share < 0 or min_firms < 1:
        raise UsageError(
            "--min-share must be ≥ 0 and --min-firms ≥ 1", zh="--min-share 须 ≥ 0，--min-firms 须 ≥ 1"
        )
    if targets is not None:  # industries of firms here, by label or English name
        from .analysis.pivot import resolve_industries, unknown_industries
        from .pivots import workspace_industries

        known = workspace_industries(ws)
        named, unknown = resolve_industries(targets, known)
        unknown += [text for text, code in named if code not in known]
        if unknown:
            raise unknown_industries(None, unknown, known)
        targets = list(dict.fromkeys(code for _text, code in named))
    groups = ws.group_counts(["town", "industry", "tier"], [], "companies")
    m = build_market(groups, lang, min_share, targets, min_firms)
    m.competitors = competitors(ws, lang)
    return m


def competitors(ws: Workspace, lang: str = "zh"):
    """Competitors' shares among the E and F1 firms, by town and industry, and the E firms."""
    from .analysis.competitors import build_competitors

    groups = ws.group_counts(["town", "industry", "tier", "competitor"], [], "companies")
    return build_competitors(groups, ws.replacement_chances(), lang)


def competitor_tables(view, lang: str = "zh") -> list[tuple[str, object]]:
    """The competitor tables (none when no firm uses a product and none has one recorded)."""
    if view is None or view.empty:
        return []
    return [
        (vocab.sheet_name("competitors", lang), view.overall),
        (vocab.sheet_name("competitors_town", lang), view.by_town),
        (vocab.sheet_name("competitors_industry", lang), view.by_industry),
        (vocab.sheet_name("replacement", lang), view.chances),
    ]


def competitor_note(view, lang: str = "zh") -> str | None:
    """What to import when the competitor view has nothing, or its products are not recorded."""
    en = lang == "en"
    if view is None or view.empty:
        return (
            "no firm of tier E or F1 and no current software recorded: add a column 现用软件 "
            "(or 竞争对手) to the contact sheet and import it again"
            if en
            else "没有 E/F1 类企业，也没有记录现用软件：在联系表中加一列“现用软件”（或“竞争对手”）后重新导入"
        )
    if not view.recorded:
        return (
            "no current software recorded: add a column 现用软件 and import again, "
            "or regiontool set NAME --competitor 用友U8"
            if en
            else "尚未记录现用软件：在联系表中加一列“现用软件”后重新导入，或 regiontool set 企业 --competitor 用友U8"
        )
    return None


def competitor_sheets(view, lang: str = "zh") -> list[PivotSheet]:
    """The competitor tables as sheets: users per competitor (E beside F1), share grids, the E list."""
    from .analysis.competitors import words

    tables = competitor_tables(view, lang)
    if not tables:
        return []
    w = words(lang)
    en = lang == "en"
    (n0, overall), (n1, town), (n2, industry), (n3, chances) = tables
    note = competitor_note(view, lang)
    share_formats = {str(c): "0.0%" for c in town.columns[1:-1]}
    grid_kw = dict(
        label_columns=1,
        number_format="0.0%",
        colour_scale=False,
        value_axis="share of E+F1 firms" if en else "占 E+F1 企业比例",
    )
    sheets = [
        PivotSheet(
            name=n0,
            title="competitors among the firms using a product (E, F1)"
            if en
            else "竞争对手（使用产品的 E、F1 企业）",
            frame=overall,
            kinds=["data"] * (len(overall) - 1) + ["total"],
            label_columns=1,
            number_format="#,##0",
            column_formats={w["share"]: "0.0%", w["weak"]: "0.0%"},
            chart=len(overall) > 1,
            chart_series=[2, 3],  # E beside F1: where a competitor is weak
            value_axis="firms" if en else "企业数",
            total_column=False,
            colour_scale=False,
            notes=[note] if note else [],
            spec={"sheet": n0, "kind": "competitors"},
        ),
        PivotSheet(
            name=n1,
            title="competitor shares by town (E+F1 firms)" if en else "各镇街竞品占比（E+F1 企业）",
            frame=town,
            kinds=view.town_kinds,
            column_formats={**share_formats, w["users"]: "#,##0"},
            chart=len(town) > 1,
            empty_note="" if len(town) else ("no E or F1 firms" if en else "没有 E/F1 企业"),
            spec={"sheet": n1, "kind": "competitors"},
            **grid_kw,
        ),
        PivotSheet(
            name=n2,
            title="competitor shares by industry (E+F1 firms)" if en else "各行业竞品占比（E+F1 企业）",
            frame=industry,
            kinds=view.industry_kinds,
            column_formats={**{str(c): "0.0%" for c in industry.columns[1:-1]}, w["users"]: "#,##0"},
            chart=len(industry) > 1,
            empty_note="" if len(industry) else ("no E or F1 firms" if en else "没有 E/F1 企业"),
            spec={"sheet": n2, "kind": "competitors"},
            **grid_kw,
        ),
        PivotSheet(
            name=n3,
            title="replacement chances: tier E firms (a competitor's product, used badly)"
            if en
            else "替换机会：E 类企业（使用对手产品情况不好）",
            frame=chances,
            kinds=["data"] * len(chances),
            label_columns=2,
            number_format="0",
            chart=False,
            total_column=False,
            colour_scale=False,
            autofilter=True,
            empty_note="" if len(chances) else ("no firm of tier E" if en else "没有 E 类企业"),
            spec={"sheet": n3, "kind": "competitors"},
        ),
    ]
    return sheets


def share_columns(frame) -> list:
    """The market tables' columns that hold shares (占比, 渗透率 …): shown as percentages."""
    if frame.attrs.get("share_grid"):  # a competitor grid: every column between label and users
        return list(frame.columns[1:-1])
    return [c for c in frame.columns if any(w in str(c) for w in ("占比", "share", "渗透", "penetration"))]


def market_tables(m: Market, lang: str = "zh") -> list[tuple[str, object]]:
    return [
        (vocab.sheet_name("industries", lang), m.industries),
        (vocab.sheet_name("towns", lang), m.towns),
        (vocab.sheet_name("white_space", lang), m.white_space),
        (vocab.sheet_name("beachheads", lang), m.beachheads),
        *competitor_tables(m.competitors, lang),
    ]


def market_sheets(m: Market, lang: str = "zh") -> list[PivotSheet]:
    """The four tables as workbook sheets; the industry sheet charts its firm counts."""
    sheets = []
    for i, (name, frame) in enumerate(market_tables(m, lang)[:4]):
        formats = {str(c): "0.0%" for c in share_columns(frame)}
        sheets.append(
            PivotSheet(
                name=name,
                title=name,
                frame=frame,
                kinds=["data"] * len(frame),
                label_columns=1,
                number_format="#,##0",
                column_formats=formats,
                chart=i == 0 and len(frame) > 0,
                chart_columns=1,
                total_column=False,
                colour_scale=False,
                empty_note="" if len(frame) else ("none" if lang == "en" else "无"),
                spec={"sheet": name, "kind": "market"},
            )
        )
    return sheets + competitor_sheets(m.competitors, lang)


def company_list(
    ws: Workspace, where: list[str] = (), sort: str = "tier", limit: int | None = None, lang: str = "zh"
):
    """The manager's working view: one row per company with its key fields."""
    import pandas as pd

    from .pivots import where_filters
    from .store import LIST_SORTS

    if sort not in LIST_SORTS:
        raise UsageError(
            f"--sort '{sort}'",
            "use " + ", ".join(LIST_SORTS),
            zh=f"--sort '{sort}' 无效：请用 {', '.join(LIST_SORTS)}",
        )
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1", zh="--limit 至少为 1")
    filters = [(f.field, f.negate, f.values) for f in where_filters(ws, where)]
    en = lang == "en"
    columns = [
        vocab.label(k, lang) for k in ("company_id", "company", "town", "industry", "size", "tier", "manager")
    ]
    columns += [vocab.WORDS["unit_contacts"][en], vocab.WORDS["unit_key_contact"][en]]
    if sort == "energy":
        rows = _by_energy(ws, filters, limit)
        columns.append(vocab.label("energy", lang))
    else:
        rows = ws.list_companies(filters, sort, limit)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    if en:  # the coded values as pivot and export print them (电子电器 → …, 小型 → small, 是 → yes)
        for column, field in ((3, "industry"), (4, "size"), (8, "key_contact")):
            frame[columns[column]] = frame[columns[column]].map(
                lambda v, field=field: vocab.value_label(field, v, lang), na_action="ignore"
            )
    return frame


def _by_energy(ws: Workspace, filters: list[tuple], limit: int | None) -> list[tuple]:
    """The listed companies, each with its energy as `score` computes it, highest first; a firm
    without both levels has no score and comes last (by name, as the list's rows come)."""
    from .analysis.energy import energy

    scores = {
        cid: energy(deal, close)[0] for cid, _n, _t, _m, _w, deal, close, *_ in ws.opportunity_rows(filters)
    }
    rows = [(*row, scores.get(row[0])) for row in ws.list_companies(filters, "name", None)]
    rows.sort(key=lambda r: (r[-1] is None, -(r[-1] or 0.0)))  # stable: names stay in order
    return rows[:limit] if limit else rows


def opportunities(ws: Workspace, where: list[str] = (), lang: str = "zh"):
    """Companies with an energy level, scored and graded, best first; and the count per grade."""
    from .analysis.energy import grade_counts, score_frame
    from .pivots import where_filters

    if ws.is_empty():
        raise DataError(
            "the workspace is empty",
            "run `regiontool import FILE` first",
            zh="工作区是空的：请先运行 `regiontool import 文件`",
        )
    filters = where_filters(ws, where)
    frame = score_frame(ws.opportunity_rows([(f.field, f.negate, f.values) for f in filters]), lang)
    return frame, grade_counts(frame, lang)


def no_energy_hint(where: Sequence[str], unfiltered: int, lang: str = "zh", dropped: int = 0) -> str:
    """What to do when no firm is scored: fill in the levels, or (`unfiltered` firms are scored
    without the --where filters) the filter left none, or (`dropped`) the firms with levels are
    all marked F2/F3, which have no opportunity to score."""
    if unfiltered:
        filters = " ".join(f"--where {w}" for w in where)
        return vocab.label("no_energy_filtered", lang).format(filters=filters, n=f"{unfiltered:,}")
    if dropped:
        return vocab.fill(vocab.label("no_energy_dropped", lang), n=dropped, **vocab.dropped_tier_words(lang))
    return vocab.label("no_energy", lang)


def score_sheets(frame, grades, lang: str = "zh", hint: str = "") -> list[PivotSheet]:
    """The scored list (no chart) and the grade distribution (a bar chart) as workbook sheets; with
    no firm scored, each says in one line what to do (`hint`, the terminal's line), with no chart."""
    en = lang == "en"
    empty = "" if len(frame) else (hint or no_energy_hint((), 0, lang))
    return [
        PivotSheet(
            name=vocab.sheet_name("energy", lang),
            title="opportunity energy" if en else "机会能量（按关注顺序）",
            frame=frame,
            kinds=["data"] * len(frame),
            label_columns=2,
            number_format="0.0",
            column_formats={str(frame.columns[-1]): "0"},
            chart=False,
            total_column=False,
            colour_scale=False,
            empty_note=empty,
            spec={"sheet": "energy", "kind": "score"},
        ),
        PivotSheet(
            name=vocab.sheet_name("grades", lang),
            title="energy grades" if en else "能级分布",
            frame=grades,
            kinds=["data"] * len(grades),
            label_columns=1,
            number_format="#,##0",
            chart=True,
            total_column=False,
            colour_scale=False,
            empty_note=empty,  # grades of no firm: all 0, an empty chart
            spec={"sheet": "grades", "kind": "score"},
        ),
    ]
