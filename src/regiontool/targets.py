"""Targets (销售预测与分解) from the workspace: set, split (市场、产品贡献规划表) and tracked.

The rule of the split is in analysis/targets.py; this module gathers its inputs (last
year's sales, the pipeline, the lines set by hand), labels the result and tracks a period:
actual against target per month, manager and product, growth on last year, a forecast.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field, replace

import pandas as pd

from . import normalize, vocab
from .analysis import targets as T
from .analysis.energy import energy, level
from .errors import DataError, UsageError
from .io.write import percent_text, whole_text
from .store import Workspace
from .store.orders import UNLINKED

DIMS = tuple(vocab.TARGET_DIMS)


def w(key: str, lang: str) -> str:
    zh, en = vocab.MONEY_WORDS[key]
    return en if lang == "en" else zh


def parse_period(text: str) -> T.Period:
    try:
        return T.parse_period(text)
    except ValueError:
        raise UsageError(
            f"'{text}' is not a period",
            "write 2027, 2027Q1 or 2027-03",
            zh=f"“{text}”不是期间：请写 2027、2027Q1 或 2027-03",
        ) from None


def parse_money(text: str | float) -> float:
    value = normalize.parse_amount(text)
    if value is not None and value < 0:
        raise UsageError(
            f"a target cannot be negative ('{text}')",
            "write 3,000,000 or 300万",
            zh=f"目标金额不能为负数（“{text}”）：请写 3,000,000 或 300万",
        )
    if value is None:
        raise UsageError(
            f"'{text}' is not an amount",
            "write 3,000,000 or 300万",
            zh=f"“{text}”不是金额：请写 3,000,000 或 300万",
        )
    return value


# Splits whose lines are company fields: a line must name a value some company has, or it
# could never be reached by sales or pipeline (a typo would silently take its share).
KNOWN_VALUE_DIMS = ("manager", "town", "industry")


def _known_values(ws: Workspace, dim: str) -> list[str]:
    """The values of a company field the workspace holds, most companies first."""
    rows = sorted(ws.group_counts([dim], [], "companies"), key=lambda r: (-r[1], str(r[0])))
    return [str(r[0]).strip() for r in rows if r[0] is not None and str(r[0]).strip()]


def _line_value(ws: Workspace, dim: str, value: str) -> str:
    """The stored spelling of a split line's value (a manager, town or industry a company has)."""
    import difflib

    text = normalize.fold(value)
    if dim not in KNOWN_VALUE_DIMS:
        return text
    candidates = [text, normalize.to_simplified(text)]
    if dim == "manager":  # 孙 志强, 孫志強: the 孙志强 the firms have (normalize.manager_name)
        candidates.append(normalize.manager_name(text))
    # a town as stored first (滨海开发区(杭州湾新区)); else 新桥镇(象山县), folded from 新桥镇（象山县）, as shown
    if dim == "town":
        town, county = vocab.split_town(candidates[1])
        candidates += [vocab.town_in_county(town, county)] if county else []
    known = _known_values(ws, dim)
    for candidate in candidates:
        if candidate in known:
            return candidate
    zh_word, word = vocab.TARGET_DIMS[dim]
    close = difflib.get_close_matches(text, known, n=3, cutoff=0.5)
    listed = ", ".join(known[:8]) + ("…" if len(known) > 8 else "")
    if close:
        hint, zh_hint = "did you mean " + ", ".join(close), "是不是：" + "、".join(close)
    elif known:
        hint, zh_hint = f"{word}s: " + listed, f"已有的{zh_word}：" + listed
    else:
        hint, zh_hint = f"no company has a {word} yet", f"还没有企业填写{zh_word}"
    raise UsageError(
        f"no company has {word} '{text}': its line would never be used",
        hint,
        zh=f"没有企业的{zh_word}是“{text}”，这一行永远用不上——{zh_hint}",
    )


def split_problem(key: str, total: float | None, overrides: dict[str, dict]) -> tuple[str, str] | None:
    """Why a period's stored lines cannot all be used, in English and Chinese (None when they can):
    split lines without the period's target, or the lines of one split set by hand adding up to
    more than it."""
    if not overrides:
        return None
    if total is None:
        return (
            f"{key} has no target, so a line of its split would never be used",
            f"{key} 还没有目标，它的分解行永远用不上",
        )
    for dim, lines in overrides.items():
        fixed = sum(int(round(a)) for a in lines.values())
        if fixed > int(round(total)):
            zh_word, word = vocab.TARGET_DIMS[dim]
            return (
                f"the {word} lines of {key} set by hand add up to ¥{fixed:,}, "
                f"more than its target ¥{int(round(total)):,}",
                f"{key} 手工指定的{zh_word}分解行合计 ¥{fixed:,}，超过它的目标 ¥{int(round(total)):,}",
            )
    return None


def _sub_targets(stored: dict[str, dict], key: str) -> dict[str, float]:
    """The targets stored for the periods within a year or quarter, each month counted once: a
    year's quarters and the months of its quarters without a target; a quarter's months."""
    p = T.parse_period(key)
    if p.kind == "month":
        return {}

    def total(k: str) -> float | None:
        return stored.get(k, {}).get("total")

    quarters = [f"{key}Q{q}" for q in range(1, 5)] if p.kind == "year" else []
    out = {q: total(q) for q in quarters if total(q) is not None}
    for m in p.months:
        quarter = T.period_containing(T.parse_period(m).start, "quarter").key
        if total(m) is not None and quarter not in out:
            out[m] = total(m)
    return out


def nesting_problem(stored: dict[str, dict], year: int) -> tuple[str, str] | None:
    """Why the targets of a year do not nest, in English and Chinese (None when they do): the
    quarter and month targets within the year, or the month targets within a quarter, adding up to
    more than its target."""
    for key in [str(year), *(f"{year}Q{q}" for q in range(1, 5))]:
        total = stored.get(key, {}).get("total")
        inner = _sub_targets(stored, key)
        if total is None or not inner:
            continue
        within = int(round(sum(inner.values())))
        if within > int(round(total)):
            return (
                f"the targets within {key} ({', '.join(sorted(inner))}) add up to ¥{within:,}, "
                f"more than its target ¥{int(round(total)):,}",
                f"{key} 之内的目标（{'、'.join(sorted(inner))}）合计 ¥{within:,}，超过它的目标 ¥{int(round(total)):,}",
            )
    return None


NESTING_HINT = (
    "a period's target covers the quarters and months within it",
    "一个期间的目标要包含其中各季度、各月的目标",
)


def _nesting_error(problem: tuple[str, str], cls=DataError):
    return cls(problem[0], NESTING_HINT[0], zh=f"{problem[1]}——{NESTING_HINT[1]}")


def set_target(
    ws: Workspace, period: str, amount, dim: str | None = None, value: str | None = None
) -> tuple[T.Period, str | None]:
    """Store a period's target, or (dim, value) one line of its split set by hand; returns the period
    and the line's value as stored (孙志强 for 孫 志強), None for the target itself. A line is refused
    when it could never be used: the period has no target yet, no company has the manager, town or
    industry named, or the split's lines set by hand would exceed the target; so is a target below
    the lines already set by hand, and a target that does not nest: a quarter's and month's targets
    may not add up to more than their year's or quarter's."""
    p = parse_period(period)
    if dim is not None and dim not in DIMS:
        raise UsageError(
            f"unknown split '{dim}'",
            "use " + ", ".join(DIMS),
            zh=f"没有“{dim}”这种分解：请用 " + "、".join(DIMS),
        )
    money = parse_money(amount)
    if dim == "month":
        value = parse_period(value or "").key
        if value not in p.months:
            raise UsageError(f"month {value} is not in {p.key}", zh=f"{value} 不在 {p.key} 之内")
    elif dim is not None:
        lines = _stored(ws).get(p.key, {}).get("overrides", {}).get(dim, {})
        folded = normalize.fold(value or "")  # a line stored already may always be changed (or set to 0)
        value = folded if folded and folded in lines else _line_value(ws, dim, value or "")
        if not value:
            raise UsageError(f"--{dim} needs a value", zh=f"--{dim} 后面要写一个值")
    with ws.transaction():
        entry = _stored(ws).get(p.key, {"total": None, "overrides": {}})
        total, overrides = entry["total"], {d: dict(v) for d, v in entry["overrides"].items()}
        if dim:
            overrides.setdefault(dim, {})[value] = money
        else:
            total = money
        problem = split_problem(p.key, total, overrides)
        if problem:
            hint, zh_hint = (
                (
                    f"set the target first: regiontool target set {p.key} AMOUNT",
                    f"先设目标：regiontool target set {p.key} 金额",
                )
                if total is None
                else (
                    "lower the lines set by hand, or raise the target first",
                    "请调低手工指定的行，或先提高目标",
                )
                if dim
                else (
                    "lower those lines first, or keep a target that covers them",
                    "请先调低这些行，或保留能覆盖它们的目标",
                )
            )
            raise UsageError(problem[0], hint, zh=f"{problem[1]}——{zh_hint}")
        if not dim:
            stored = {**_stored(ws), p.key: {"total": total, "overrides": overrides}}
            problem = nesting_problem(stored, p.start.year)
            if problem:
                raise _nesting_error(problem, UsageError)
        ws.set_target(p.key, dim or "", value if dim else "", money, "set")
    return p, value if dim else None


def load_targets_file(ws: Workspace, path) -> tuple[int, str | None]:
    """A targets file: period and amount columns, optionally a manager/product/town/industry/month
    column naming the line of the split; one transaction. Returns the lines stored and the title row
    whose unit (（单位：万元）) the amounts were read in, if one was."""
    from .io.read import read_book

    book = read_book(path)
    sheet = book.sheets[0] if book.sheets else None
    aliases = {
        "period": ("期间", "期", "时期", "目标期间", "period"),
        "amount": ("目标", "金额", "目标金额", "销售目标", "amount", "target"),
        **{d: (vocab.TARGET_DIMS[d][0], d) for d in DIMS},
    }
    aliases["manager"] += ("业务员", "负责人")
    lookup = {normalize.header_key(a): k for k, names in aliases.items() for a in names}
    h = 0
    for h, row in enumerate((sheet.rows if sheet else [])[:20]):  # noqa: B007
        cols = {normalize.header_field(normalize.cell_text(c), lookup): j for j, c in enumerate(row)}
        if "period" in cols and "amount" in cols:
            break
    else:
        raise DataError(
            f"{path.name}: no header row with 期间 and 目标 columns",
            "e.g. 期间 | 区域经理 | 目标",
            zh=f"{path.name}：找不到含“期间”和“目标”两列的表头——例如 期间 | 区域经理 | 目标",
        )
    # 目标（万元） as orders' 金额（万元）; a bare 目标 under a title （单位：万元） takes the title's unit
    unit = normalize.named_unit(normalize.cell_text(sheet.rows[h][cols["amount"]]))
    titled = normalize.title_unit(sheet.rows[:h]) if unit is None else None
    unit = titled[0] if titled else unit or 1.0
    stored, touched = 0, set()
    seen: dict[tuple[str, str, str], int] = {}  # (period, split, line) → the row that set it
    with ws.transaction():
        for i, row in enumerate(sheet.rows[h + 1 :], start=h + 2):

            def cell(k: str, row: list = row) -> str:
                if k not in cols or cols[k] >= len(row):
                    return ""  # a month typed in Excel is a date: 2027-03-01 is 2027-03
                return normalize.month_cell(row[cols[k]]) or normalize.cell_text(row[cols[k]]).strip()

            if not cell("period") and not cell("amount"):
                continue
            try:
                p = T.parse_period(cell("period"))
            except ValueError:
                raise DataError(
                    f"{path.name} row {i}: '{cell('period')}' is not a period",
                    zh=f"{path.name} 第 {i} 行：“{cell('period')}”不是期间（请写 2027、2027Q1 或 2027-03）",
                ) from None
            amount = normalize.parse_amount(cell("amount"), unit)  # 目标（万元）: as orders' 金额（万元）
            if amount is None:
                raise DataError(
                    f"{path.name} row {i}: '{cell('amount')}' is not an amount",
                    zh=f"{path.name} 第 {i} 行：“{cell('amount')}”不是金额",
                )
            dims = [d for d in DIMS if cell(d)]
            if len(dims) > 1:
                raise DataError(
                    f"{path.name} row {i}: one line names one split (found {', '.join(dims)})",
                    zh=f"{path.name} 第 {i} 行：一行只能写一种分解（这里有 {'、'.join(dims)}）",
                )
            dim = dims[0] if dims else ""
            value = cell(dim) if dim else ""
            if dim == "month":
                try:
                    value = parse_period(value).key
                except UsageError as exc:
                    raise _row_error(path, i, exc) from None
                if value not in p.months:
                    raise DataError(
                        f"{path.name} row {i}: month {value} is not in {p.key}",
                        zh=f"{path.name} 第 {i} 行：{value} 不在 {p.key} 之内",
                    )
            elif dim:
                try:
                    value = _line_value(ws, dim, value)
                except UsageError as exc:
                    raise _row_error(path, i, exc) from None
            if (first := seen.setdefault((p.key, dim, value), i)) != i:  # 孫 志強 and 孙志强: one line twice
                what = f"{p.key} {value}".strip() if value else p.key
                raise DataError(
                    f"{path.name} rows {first} and {i} both set {what}",
                    "keep one of them (or add them up in one row)",
                    zh=f"{path.name} 第 {first} 行和第 {i} 行都是 {what} 的目标：请只留一行（或合计成一行）",
                )
            ws.set_target(p.key, dim, value, amount, path.name)
            touched.add(p.key)
            stored += 1
        stored_now = _stored(ws)
        for key in sorted(touched):
            problem = split_problem(
                key, stored_now[key]["total"], stored_now[key]["overrides"]
            ) or nesting_problem(stored_now, int(key[:4]))
            if problem:
                raise DataError(
                    f"{path.name}: {problem[0]}",
                    "nothing was stored; correct the file",
                    zh=f"{path.name}：{problem[1]}——未保存任何内容，请改正文件",
                )
        ws.remember_input(path)  # typed by hand: no --out may overwrite it
    return stored, titled[1] if titled else None


def _row_error(path, row: int, exc: UsageError) -> DataError:
    """A usage error about a value of a targets file, as the file's row's data error."""
    return DataError(
        f"{path.name} row {row}: {exc.message}", exc.hint, zh=f"{path.name} 第 {row} 行：{exc.text('zh')}"
    )


def _stored(ws: Workspace) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for period, dim, value, amount in ws.targets():
        entry = out.setdefault(period, {"total": None, "overrides": {}})
        if dim == "":
            entry["total"] = amount
        else:
            entry["overrides"].setdefault(dim, {})[value or None] = amount
    return out


def typical_deal(ws: Workspace) -> float:
    sizes = ws.first_deal_sizes()
    return statistics.median(sizes) if sizes else 0.0


def pipeline_by(ws: Workspace, dim: str) -> dict[str | None, float]:
    """Energy-weighted pipeline per manager/town/industry (empty for other splits)."""
    col = {"manager": 1, "town": 2, "industry": 3}.get(dim)
    if col is None:
        return {}
    deal = typical_deal(ws)
    out: dict[str | None, float] = {}
    for row in ws.pipeline_companies():
        _score, grade = energy(row[4], row[5])
        v = T.pipeline_value(deal, grade, level(row[5], vocab.CLOSING_LEVELS))
        if v:
            out[row[col]] = out.get(row[col], 0.0) + v
    return out


def _last_year(ws: Workspace, p: T.Period, dim: str) -> dict[str | None, float]:
    ly = p.last_year()
    rows = ws.sales_by([dim], ly.start.isoformat(), ly.end.isoformat())
    if dim == "month":
        return {T._shift_key(m, 1): a for m, a in rows}
    return {v: a for v, a in rows if v != UNLINKED}  # no line of a split: no target share


def _existing_lines(ws: Workspace, dim: str) -> list[str]:
    """The lines a split shares equally when none has a weight: the managers, towns or industries
    companies have (most companies first), or the products ordered (most sales first)."""
    if dim in KNOWN_VALUE_DIMS:
        return _known_values(ws, dim)
    rows = sorted(ws.sales_by([dim], "0000-01-01", "9999-12-31"), key=lambda r: (-(r[1] or 0), str(r[0])))
    return [str(r[0]) for r in rows if r[0] is not None and str(r[0]).strip()]


@dataclass
class Split:
    period: T.Period
    dim: str
    total: int
    lines: list[T.SplitLine]
    # period key → the lines its own target plans: what the quarter and month targets within it
    # leave (the period's own key), and each of those targets' own part (pnl crosses them by month)
    parts: dict[str, list[T.SplitLine]] = field(default_factory=dict)


def split(ws: Workspace, period: T.Period | str, dim: str) -> Split:
    """A period's target split by month, manager, product, town or industry — the one split that
    target show, track, pnl and the report all use. The targets set for quarters and months within
    the period keep their amounts (their own splits, nested); the period's target shares only what
    they leave: by month among the months they do not cover, by the other splits among its lines,
    where a line set by hand gets what it needs beyond what the targets within plan for it."""
    p = parse_period(period) if isinstance(period, str) else period
    if dim not in DIMS:
        raise UsageError(
            f"unknown split '{dim}'",
            "use " + ", ".join(DIMS),
            zh=f"没有“{dim}”这种分解：请用 " + "、".join(DIMS),
        )
    return _nested_split(ws, _stored(ws), p, dim)


def _nested_split(ws: Workspace, stored: dict[str, dict], p: T.Period, dim: str) -> Split:
    entry = stored.get(p.key)
    if not entry or entry["total"] is None:
        raise DataError(
            f"no target for {p.key}",
            f"set one: regiontool target set {p.key} 3,000,000",
            zh=f"{p.key} 没有目标——设置：regiontool target set {p.key} 3,000,000",
        )
    total = int(round(entry["total"]))
    subs = [_nested_split(ws, stored, T.parse_period(k), dim) for k in sorted(_sub_targets(stored, p.key))]
    left = total - sum(s.total for s in subs)
    if left < 0:
        raise _nesting_error(
            nesting_problem(stored, p.start.year)
            or (f"the targets within {p.key} exceed it", f"{p.key} 之内的目标超过了它的目标")
        )
    overrides = entry["overrides"].get(dim, {})
    last_year = _last_year(ws, p, dim)
    hint = f"change them: regiontool target set {p.key} AMOUNT --{dim} …"
    zh_hint = f"请修改：regiontool target set {p.key} 金额 --{dim} …"

    def too_much(fixed: int, exc: ValueError) -> DataError:  # the lines set by hand exceed what is shared
        return DataError(
            f"{p.key}: {exc}",
            hint,
            zh=f"{p.key}：手工指定的行合计 ¥{fixed:,}，超过可分的 ¥{left:,}——{zh_hint}",
        )

    if dim == "month":
        covered = {m for s in subs for m in s.period.months}
        own = [m for m in p.months if m not in covered]
        _first, last = ws.order_span()  # a month still running or without sales: see T.month_weights
        weights = T.month_weights(
            p.months, last_year, dt.date.fromisoformat(str(last)[:10]) if last else None
        )
        hand = {m: a for m, a in overrides.items() if m in own}
        try:
            mine = T.split(
                left,
                {m: a for m, a in last_year.items() if m in own},
                None,
                hand,
                order=own,
                weights={m: weights[m] for m in own},
            )
        except ValueError as exc:
            raise too_much(sum(int(round(a)) for a in hand.values()), exc) from None
        by_month = {x.value: x for x in mine}
        rest = sum(x.amount for x in mine if not x.value)  # what no month takes (every one set)
        for s in subs:
            for x in s.lines:
                if not x.value:
                    rest += x.amount
                    continue
                within = x.within or s.period.key
                by_month[x.value] = replace(
                    x, basis="within", within=within, last_year=last_year.get(x.value, 0.0)
                )
        lines = [by_month[m] for m in p.months]
        if rest:
            lines.append(T.SplitLine("", rest, 0.0, 0.0, 0.0, False, "rest"))
    else:
        inner: dict[str | None, int] = {}
        sources: dict[str | None, list[str]] = {}
        for s in subs:
            for x in s.lines:
                inner[x.value] = inner.get(x.value, 0) + x.amount
                if x.amount:
                    sources.setdefault(x.value, []).append(s.period.key)
        zh_word, word = vocab.TARGET_DIMS[dim]
        for v, a in overrides.items():
            if inner.get(v, 0) > int(round(a)):
                keys = " / ".join(sources.get(v, []))
                raise DataError(
                    f"{p.key}: its {word} line {v} set by hand (¥{int(round(a)):,}) is less than the "
                    f"targets within it plan for {v} (¥{inner[v]:,})",
                    f"raise it to ¥{inner[v]:,} or more, or set {v}'s lines of those targets: regiontool "
                    f"target set {keys} AMOUNT --{dim} {v}",
                    zh=f"{p.key}：手工指定的{zh_word} {v} 为 ¥{int(round(a)):,}，少于其中各期目标给 {v} 的"
                    f" ¥{inner[v]:,}——请调到 ¥{inner[v]:,} 以上，或在这些期间指定 {v} 的行："
                    f"regiontool target set {keys} 金额 --{dim} {v}",
                )
        needs = {v: int(round(a)) - inner.get(v, 0) for v, a in overrides.items()}
        if sum(needs.values()) > left:
            raise DataError(
                f"{p.key}: its {word} lines set by hand need ¥{sum(needs.values()):,} beyond what the "
                f"targets within it plan, more than the ¥{left:,} they leave",
                hint,
                zh=f"{p.key}：手工指定的{zh_word}行在其中各期目标之外还需要 ¥{sum(needs.values()):,}，"
                f"超过剩下的 ¥{left:,}——{zh_hint}",
            )
        pipeline = pipeline_by(ws, dim)
        try:
            mine = T.split(left, last_year, pipeline, needs, existing=_existing_lines(ws, dim))
        except ValueError as exc:
            raise too_much(sum(needs.values()), exc) from None
        lines = []
        for x in mine:
            line = replace(x, amount=x.amount + inner.pop(x.value, 0))  # a line set by hand: its amount
            if not x.fixed and x.value in sources and not x.amount:  # all from the targets within
                line.basis, line.within = "within", ", ".join(sources[x.value])
            lines.append(line)
        for v, amount in inner.items():
            lines.append(
                T.SplitLine(
                    v,
                    amount,
                    0.0,
                    last_year.get(v, 0.0),
                    pipeline.get(v, 0.0),
                    False,
                    "within",
                    ", ".join(sources.get(v, [])) or None,
                )
            )
    parts = {p.key: mine}
    for s in subs:
        parts.update(s.parts)
    return Split(p, dim, total, lines, parts)


def shared_town_lines(ws: Workspace, s: Split, lang: str = "zh") -> list[str]:
    """Why a town line set by hand matches no firm any more: it names a township bare (新桥镇),
    accepted while one county had it, and the workspace now holds that name in several counties,
    each its own line, 新桥镇（象山县）. Its amount is not shared among them (it was meant for one):
    each such line is named with the labels to use instead."""
    if s.dim != "town":
        return []
    shared = ws.towns_in_several_counties()
    out = []
    for x in s.lines:
        if x.fixed and x.amount and x.value in shared:
            counties = shared[x.value]
            labels = [vocab.town_in_county(x.value, c) for c in counties]
            out.append(
                w("town_line_shared", lang).format(
                    period=s.period.key,
                    town=x.value,
                    amount=whole_text(x.amount),
                    counties=(", " if lang == "en" else "、").join(counties),
                    labels=(", " if lang == "en" else "、").join(labels),
                    first=labels[0],
                )
            )
    return out


def split_table(s: Split, lang: str = "zh") -> pd.DataFrame:
    """The 市场、产品贡献规划表 of one split: line, target, share, last year, pipeline, basis."""
    en = lang == "en"
    blank = vocab.label("blank", lang)
    rows = []
    for x in s.lines:
        basis = w("override" if x.basis == "fixed" else f"basis_{x.basis}", lang).format(periods=x.within)
        rows.append(
            (
                x.value or blank,
                x.amount,
                x.amount / s.total if s.total else 0.0,
                x.last_year,
                x.pipeline,
                basis,
            )
        )
    rows.append(
        (
            w("total", lang),
            sum(x.amount for x in s.lines),
            1.0,
            sum(x.last_year for x in s.lines),
            sum(x.pipeline for x in s.lines),
            "",
        )
    )
    cols = [
        vocab.TARGET_DIMS[s.dim][1 if en else 0],
        *(w(k, lang) for k in ("target", "share", "last_year", "pipeline", "basis")),
    ]
    return pd.DataFrame(rows, columns=cols)


# --- tracking ---------------------------------------------------------------------------


@dataclass
class Track:
    period: T.Period
    as_of: dt.date
    target: int
    actual: float
    expected: float  # target due by as_of, from the month split
    last_year: float  # same dates last year
    run_rate: float
    forecast: float  # run rate + pipeline
    pipeline: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    behind: list[str] = field(default_factory=list)


def _year_back(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def default_period(ws: Workspace, as_of: dt.date) -> T.Period:
    stored = _stored(ws)
    for kind in ("quarter", "month", "year"):
        p = T.period_containing(as_of, kind)
        if stored.get(p.key, {}).get("total") is not None:
            return p
    periods = sorted(k for k, v in stored.items() if v["total"] is not None)
    quarter = T.period_containing(as_of, "quarter").key  # the hint names a period covering as_of
    if periods:
        raise vocab.money_error(
            DataError, "no_target_stored_for_day", day=as_of, periods=", ".join(periods), period=quarter
        )
    raise vocab.money_error(DataError, "no_target_for_day", day=as_of, period=quarter)


def track(ws: Workspace, period: T.Period | None, as_of: dt.date, lang: str = "zh") -> Track:
    p = period or default_period(ws, as_of)
    months = split(ws, p, "month")
    until = min(as_of, p.end)
    if as_of < p.start:
        until = p.start - dt.timedelta(days=1)
    ly_start, ly_until = _year_back(p.start), _year_back(until)
    month_expected = {}
    for x in months.lines:
        if not x.value:
            continue
        mp = T.parse_period(x.value)
        month_expected[x.value] = x.amount * T.elapsed_share(mp, as_of)
    expected = sum(month_expected.values())
    frac = expected / months.total if months.total else 0.0

    def actual_by(dim: str) -> dict:
        return (
            {v: a for v, a in ws.sales_by([dim], p.start.isoformat(), until.isoformat())}
            if until >= p.start
            else {}
        )

    def ly_by(dim: str) -> dict:
        rows = ws.sales_by([dim], ly_start.isoformat(), ly_until.isoformat()) if until >= p.start else []
        return {(T._shift_key(v, 1) if dim == "month" else v): a for v, a in rows}

    actual = sum(actual_by("month").values())
    last_year = sum(ly_by("month").values())
    pipe = sum(pipeline_by(ws, "manager").values())
    run, fc = T.forecast(actual, p, as_of, pipe)
    result = Track(p, as_of, months.total, actual, expected, last_year, run, fc, pipe)
    for dim in ("month", "manager", "product"):
        s = months if dim == "month" else split(ws, p, dim)
        act, ly = actual_by(dim), ly_by(dim)
        rows = []
        for x in s.lines:
            exp = month_expected.get(x.value, 0.0) if dim == "month" else x.amount * frac
            rows.append((x.value, x.amount, act.get(x.value or None, 0.0), exp, ly.get(x.value or None, 0.0)))
        known = {x.value or None for x in s.lines}
        # values with sales this year or last but no line of the split (未关联客户, a product new since)
        extra = [v for v in dict.fromkeys([*act, *ly]) if v not in known]
        rows += [(v, 0, act.get(v, 0.0), 0.0, ly.get(v, 0.0)) for v in extra]
        result.tables[dim] = _track_table(rows, dim, lang)
        result.behind += _behind(rows, dim, lang)
    return result


def _track_table(rows: list[tuple], dim: str, lang: str) -> pd.DataFrame:
    """One row per month, manager or product, then the period's 合计 (bold in the workbook); unlinked
    customers' orders a row of their own, as in `sales`, with no target."""
    blank = vocab.label("blank", lang)
    unlinked = vocab.SALES_WORDS["unlinked"][1 if lang == "en" else 0]
    out = []
    if rows:
        sums = [sum(r[k] for r in rows) for k in range(1, 5)]
        rows = [*rows, (w("total", lang), *sums)]
    for value, target, actual, expected, ly in rows:
        out.append(
            (
                unlinked if value == UNLINKED else value or blank,
                target,
                actual,
                actual / target if target else None,
                expected,
                actual - expected,
                ly,
                actual / ly - 1 if ly else None,
            )
        )
    cols = [
        vocab.TARGET_DIMS[dim][1 if lang == "en" else 0],
        *(w(k, lang) for k in ("target", "actual", "achieved", "expected", "gap", "last_year", "growth")),
    ]
    return pd.DataFrame(out, columns=cols)


def _behind(rows: list[tuple], dim: str, lang: str, limit: int = 5) -> list[str]:
    """Who and what is behind, in words: lines short of what is due by now, the largest gap first."""
    en = lang == "en"
    late = sorted((r for r in rows if r[3] > 0 and r[2] < r[3] * 0.95), key=lambda r: r[2] - r[3])[:limit]
    word = vocab.TARGET_DIMS[dim][1 if en else 0]
    out = []
    for value, target, actual, expected, _ly in late:
        name = value or vocab.label("blank", lang)
        if en:
            out.append(
                f"{word} {name}: ¥{whole_text(expected - actual)} behind — {percent_text(actual / target, 0)} of the target done, "
                f"{percent_text(expected / target, 0)} due by now"
            )
        else:
            out.append(
                f"{word} {name}：落后 ¥{whole_text(expected - actual)}——完成目标的 {percent_text(actual / target, 0)}，按进度应完成 {percent_text(expected / target, 0)}"
            )
    return out


def summary_lines(t: Track, lang: str = "zh") -> list[str]:
    en = lang == "en"
    growth = percent_text(t.actual / t.last_year - 1, 1, sign=True) if t.last_year else "—"
    if en:
        lines = [
            f"{t.period.key} as of {t.as_of}: target ¥{whole_text(t.target)}, actual ¥{whole_text(t.actual)} "
            f"({percent_text(t.actual / t.target)}), due by now ¥{whole_text(t.expected)}; last year same dates ¥{whole_text(t.last_year)} ({growth})",
            f"forecast at period end: ¥{whole_text(t.forecast)} ({percent_text(t.forecast / t.target, 0)} of the target) = run rate "
            f"¥{whole_text(t.run_rate)} + pipeline weighted by energy grade ¥{whole_text(t.pipeline)}",
        ]
    else:
        lines = [
            f"{t.period.key}（截至 {t.as_of}）：目标 ¥{whole_text(t.target)}，实际 ¥{whole_text(t.actual)}（{percent_text(t.actual / t.target)}），"
            f"按进度应完成 ¥{whole_text(t.expected)}；去年同期 ¥{whole_text(t.last_year)}（{growth}）",
            f"期末预测 ¥{whole_text(t.forecast)}（目标的 {percent_text(t.forecast / t.target, 0)}）= 按当前速度 ¥{whole_text(t.run_rate)}"
            f" + 按能级加权的商机 ¥{whole_text(t.pipeline)}",
        ]
    if not t.behind:
        lines.append("nobody is behind" if en else "没有落后的人和产品")
    return lines
