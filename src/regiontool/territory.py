"""Territory commands' library functions (issue: tiers, market …): workspace in, plain data out."""

from __future__ import annotations

from . import vocab
from .analysis.tiers import Funnel, build_funnels, funnel_frame, verdict_frame
from .errors import DataError, UsageError
from .io.write import PivotSheet
from .store import Workspace

FUNNEL_GROUPS = ("manager", "town")

__all__ = ["FUNNEL_GROUPS", "funnel_frame", "funnel_sheet", "tier_funnels", "verdict_frame"]


def tier_funnels(ws: Workspace, by: str | None = None) -> list[Funnel]:
    """One funnel for the territory, or one per manager / town (companies counted by tier)."""
    if by is not None and by not in FUNNEL_GROUPS:
        raise UsageError(f"--by '{by}'", "use manager or town")
    if ws.is_empty():
        raise DataError("the workspace is empty", "run `regiontool import FILE` first")
    groups = ws.group_counts([by, "tier"] if by else ["tier"], [], "companies")
    return build_funnels(groups, by)


def funnel_sheet(funnels: list[Funnel], by: str | None, lang: str = "zh") -> PivotSheet:
    """The funnel as a workbook sheet: counts per tier (and group), a bar chart, the verdicts below."""
    frame = funnel_frame(funnels, lang)
    keep = [
        c
        for c in frame.columns
        if not str(c).endswith(" %") and c not in ("含义", "行动", "meaning", "action")
    ]
    counts = frame[keep].copy()
    if len(funnels) > 1:  # a 总计 column, as in a pivot (the writer bolds it and leaves it out of the chart)
        counts[vocab.label("total", lang)] = counts.iloc[:, 1:].sum(axis=1)
    kinds = ["data"] * (len(counts) - 1) + ["total"]
    verdicts = verdict_frame(funnels, by, lang)
    notes = [" · ".join(str(v) for v in row) for row in verdicts.to_numpy(dtype=object).tolist()]
    title = ("tier funnel" if lang == "en" else "客户分级漏斗") + (f" · {by}" if by and lang == "en" else "")
    if by and lang != "en":
        title += " · 按" + {"manager": "区域经理", "town": "镇街"}[by]
    return PivotSheet(
        name="tiers" if lang == "en" else "客户分级",
        title=title,
        frame=counts,
        kinds=kinds,
        label_columns=1,
        number_format="#,##0",
        notes=notes,
        spec={"sheet": "tiers", "kind": "tiers", "by": by},
    )
