"""Commands that analyse the workspace: pivots, tiers, market, energy, lists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import vocab
from ..errors import DataError, UsageError
from . import (
    AllOption,
    DbOption,
    FormatOption,
    LangOption,
    ManagerOption,
    OutOption,
    _check_lang,
    _check_table,
    _err_console,
    app,
    handle_errors,
    open_workspace,
)


@app.command()
@handle_errors
def pivot(
    by: Annotated[
        list[str], typer.Option("--by", "-b", help="Field for rows, then columns (repeat up to 3 times).")
    ] = [],  # noqa: B006
    count: Annotated[
        str, typer.Option(help="Count companies or contacts (default: by the fields).")
    ] = "auto",
    values: Annotated[
        list[str], typer.Option(help="count, sum:COLUMN or mean:COLUMN (e.g. sum:员工人数); one per pivot.")
    ] = ["count"],  # noqa: B006  (a list: a second one is refused, not silently dropped)
    pct: Annotated[str | None, typer.Option(help="Show shares of the row, col or total.")] = None,
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    top: Annotated[
        int | None, typer.Option(help="Keep the N largest rows, fold the rest into one row (其余 N 项).")
    ] = None,
    top_cols: Annotated[
        int | None,
        typer.Option(help="Keep the N largest columns, fold the rest into one column (其余 N 项)."),
    ] = None,
    sort: Annotated[str, typer.Option(help="Order of rows without a fixed order: total or name.")] = "total",
    standard: Annotated[
        bool,
        typer.Option(
            "--standard", help="The method's four pivots: town, industry, key contact, manager × tier."
        ),
    ] = False,
    sheet: Annotated[
        str | None, typer.Option(help="Sheet name in --out; an existing pivot workbook gains or replaces it.")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Pivot tables the way Excel makes them, with blanks and totals that always add up.

    Example:  regiontool pivot --by town --by tier --where tier=A,B,C --out pivots.xlsx
    """
    from .. import pivots as lib
    from ..io.write import check_output_path, check_sheet_name

    lang = _check_lang(lang)
    if sheet is not None and out is not None and out.suffix.lower() == ".xlsx":
        check_sheet_name(out, sheet)  # over 31 characters, or _regiontool: refused before anything
    if standard and (by or values != ["count"]):
        option = "--by" if by else "--values"
        raise UsageError(
            f"--standard makes its own four pivots; leave out {option}",
            zh=f"--standard 自己生成四张标准透视表：请去掉 {option}",
        )
    if len(values) > 1:  # review r92 F3: click would keep the last one without a word
        raise UsageError(
            f"--values was given {len(values)} times ({', '.join(values)}); a pivot shows one",
            "run one pivot per value, each with its --sheet in the same --out workbook",
            zh=f"--values 给了 {len(values)} 次（{'、'.join(values)}）：一张透视表只显示一种值；"
            "请每种值运行一次，用 --sheet 写进同一个 --out 工作簿",
        )
    values = values[0] if values else "count"
    with open_workspace(db, manager, everyone) as ws:
        if standard:
            requests = [(lib.default_sheet_name(r, lang), r) for r in lib.standard_requests()]
        else:
            req = lib.make_request(
                ws,
                by,
                count=count,
                values=values,
                pct=pct,
                where=where,
                top=top,
                sort=sort,
                top_cols=top_cols,
            )
            requests = [(sheet or lib.default_sheet_name(req, lang), req)]
        results = [(name, lib.pivot(ws, r, lang)) for name, r in requests]
        inputs = [*ws.input_paths(), str(ws.path)]
        if out is not None and out.suffix.lower() == ".xlsx" and sheet and out.exists():
            check_output_path(out, inputs)  # a folder or an input file is said as such, before reading it
            results = _merge_pivot_workbook(ws, out, results, lang)
    if out is not None:
        _write_pivots(out, results, inputs, lang)
        return
    if fmt != "table":  # one document on stdout, as --out x.csv|x.json writes
        from ..render import print_document

        print_document([(lib.json_key(p.request), p.frame) for _name, p in results], fmt, choose="--by")
        _note_pivots(results, lang)
        return
    for _name, p in results:
        _print_pivot(p, lang)


def _merge_pivot_workbook(ws, out: Path, results: list, lang: str) -> list:
    """Recompute the pivots an existing pivot workbook holds, each in the language it was written in,
    replacing the one named again; the terminal says the others were recomputed."""
    from .. import pivots as lib

    new_names = {name.casefold() for name, _p in results}  # Excel's sheet names ignore case
    kept = []
    for name, req, written in lib.saved_requests(out):
        if name.casefold() not in new_names:
            kept.append((name, lib.pivot(ws, req, written or lang)))
    if kept:
        names = vocab.listed([name for name, _p in kept], lang)
        line = vocab.fill(vocab.WORDS["pivots_recomputed"][lang == "en"], n=len(kept), names=names)
        _err_console().print(line, markup=False, soft_wrap=True)
    return kept + results


def _write_pivots(out: Path, results: list, inputs: list[str], lang: str) -> None:
    from .. import pivots as lib
    from ..io.write import check_output_path, write_pivot_workbook
    from ..render import write_frames

    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        check_output_path(out, inputs)
        labels = {
            "value_axis": results[0][1].unit and vocab.label("unit_records", lang),
            "category_axis": "",
            "lang": lang,
        }
        write_pivot_workbook(out, [lib.pivot_sheet(p, name, p.lang) for name, p in results], labels)
    else:
        frames = [(lib.json_key(p.request), p.frame) for _name, p in results]  # keys in every --lang
        write_frames(out, frames, inputs, choose="--by")
        _note_pivots(results, lang)  # a CSV or JSON file has no place for them
    from ..render import terminal_text  # the workbook's sheet names are data: never a raw ESC

    names = ", ".join(name for name, _ in results)
    print(terminal_text(f"{out}: {names}" if lang == "en" else f"{out}：{names}"))


def _print_pivot(p, lang: str) -> None:
    """One pivot as a terminal table, its notes under it."""
    from rich.table import Table

    from ..io.write import percent_text, whole_text
    from ..render import wide_console

    share = bool(p.request.pct)
    rows = []
    for row in p.frame.to_numpy(dtype=object).tolist():
        cells = []
        for j, v in enumerate(row):
            if j < p.label_columns:
                cells.append(str(v))
            elif v is None or v != v:
                cells.append("")
            elif share:
                cells.append(percent_text(v))
            elif p.request.aggregate == "mean":
                cells.append(f"{v:,.1f}")
            else:
                cells.append(whole_text(v))
        rows.append(cells)
    console = wide_console([str(c) for c in p.frame.columns], rows)
    table = Table(title=p.title, title_justify="left", header_style="bold")
    last = len(p.frame.columns) - 1
    for j, col in enumerate(p.frame.columns):
        total_col = j == last and j > p.label_columns
        table.add_column(
            str(col),
            justify="left" if j < p.label_columns else "right",
            style="bold" if total_col else None,
            no_wrap=True,
        )
    for cells, kind in zip(rows, p.kinds, strict=True):
        table.add_row(*cells, style="bold" if kind != "data" else None, end_section=kind == "subtotal")
    console.print(table)
    if p.empty:
        console.print("no records match the filters" if lang == "en" else "没有符合筛选条件的记录")
    for line in p.notes:
        console.print(line, markup=False, highlight=False)


def _note_pivots(results: list, lang: str) -> None:
    """A pivot's notes (records left out of a sum or mean) on stderr, beside CSV or JSON output."""
    _note_stderr([line for _name, p in results for line in p.notes], lang)


def _note_stderr(lines: list[str], lang: str) -> None:
    for line in lines:
        print(vocab.NOTE_PREFIX[lang] + line, file=sys.stderr)


@app.command()
@handle_errors
def tiers(
    by: Annotated[
        str | None, typer.Option("--by", help="One funnel per manager or per town, side by side.")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Only one table: tiers or health (a CSV holds the tiers without it).")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The tier funnel: companies per tier, the action each calls for, and the funnel's health.

    Example:  regiontool tiers --by manager --out tiers.xlsx
    """
    from .. import territory

    lang = _check_lang(lang)
    names = ("tiers", "health")
    _check_table(table, names)
    with open_workspace(db, manager, everyone) as ws:
        funnels = territory.tier_funnels(ws, by)
        note = territory.unknown_tiers_note(ws, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    frame = territory.funnel_frame(funnels, lang, by)
    verdicts = territory.verdict_frame(funnels, by, lang)
    frames = [(n, f) for n, f in zip(names, (frame, verdicts), strict=True) if table in (None, n)]
    if out is not None:
        from ..io.write import check_output_path, write_pivot_workbook
        from ..render import write_frames

        if out.suffix.lower() == ".xlsx":
            check_output_path(out, inputs)
            sheets = territory.tier_sheets(funnels, by, lang, note)
            write_pivot_workbook(
                out,
                [s for n, s in zip(names, sheets, strict=True) if table in (None, n)],
                {"value_axis": vocab.label("unit_companies", lang), "lang": lang},
            )
        else:  # one table per CSV: the funnel unless --table health; json: both
            write_frames(out, frames[:1] if out.suffix.lower() == ".csv" else frames, inputs)
            _note_stderr([note] if note and table != "health" else [], lang)
        print(out)
        return
    if fmt == "json":  # what --out tiers.json writes
        from ..render import print_document

        print_document(frames, fmt)
        _note_stderr([note] if note and table != "health" else [], lang)
        return
    from ..io.write import percent_text
    from ..render import print_frame, terminal_cut, terminal_text

    if fmt == "csv":  # stdout holds one CSV table, as --out x.csv does
        frames = frames[:1]
    for n, shown in frames:
        if n == "tiers":
            shown = shown.copy()
            if fmt == "table":
                for col in shown.columns:
                    if str(col).endswith(" %"):
                        shown[col] = shown[col].map(percent_text)
            title = "tier funnel" if lang == "en" else "客户分级漏斗"
            if fmt == "table":  # (one row per town or manager)
                shown, title = terminal_cut(shown, title, lang, total=True)
            print_frame(shown, fmt, title=title, bold_last=True)
            if note and fmt == "table":
                print(terminal_text(note))
            _note_stderr([note] if note and fmt != "table" else [], lang)
        else:
            print_frame(shown, fmt)


@app.command()
@handle_errors
def market(
    min_share: Annotated[float, typer.Option(help="Industries above this % of the firms are targets.")] = 1.0,
    target_industries: Annotated[
        str | None, typer.Option(help="Targets by name instead, e.g. 电子电器,五金机械.")
    ] = None,
    min_firms: Annotated[
        int, typer.Option(help="Target-industry firms that make a town dense (white space).")
    ] = 20,
    table: Annotated[
        str | None,
        typer.Option(
            help="Only one table: industries, towns, white-space, beachheads, competitors, "
            "competitors-by-town, competitors-by-industry or replacement."
        ),
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The market: industry shares and penetration, town density, white-space towns and beachheads;
    competitors' shares among the firms using a product (E, F1) and the E firms to replace.

    Example:  regiontool market --out market.xlsx
    """
    from .. import territory

    lang = _check_lang(lang)
    names = (
        "industries",
        "towns",
        "white-space",
        "beachheads",
        "competitors",
        "competitors-by-town",
        "competitors-by-industry",
        "replacement",
    )
    table = table and table.replace("_", "-")  # white_space, its JSON key, is white-space too
    _check_table(table, names)
    targets = (
        [t.strip() for t in target_industries.replace("，", ",").split(",") if t.strip()]
        if target_industries
        else None
    )
    with open_workspace(db, manager, everyone) as ws:
        m = territory.market(ws, lang, min_share, targets, min_firms)
        inputs = [*ws.input_paths(), str(ws.path)]
    tables = territory.market_tables(m, lang)
    keys = [n.replace("-", "_") for n in names[: len(tables)]]  # a table's JSON key in every --lang
    note = territory.competitor_note(m.competitors, lang)
    if table is not None:
        if names.index(table) >= len(tables):
            why = territory.competitor_note(m.competitors, "en")  # the line in each language
            zh_why = territory.competitor_note(m.competitors, "zh")
            raise DataError(why or f"no table {table}", zh=zh_why or f"没有 {table} 这张表")
        keys = [keys[names.index(table)]]
        tables = [tables[names.index(table)]]
    if out is not None:
        from ..io.write import check_output_path, write_pivot_workbook
        from ..render import write_frames

        if out.suffix.lower() == ".xlsx":
            check_output_path(out, inputs)
            sheets = [s for s in territory.market_sheets(m, lang) if s.name in {n for n, _ in tables}]
            write_pivot_workbook(
                out, sheets, {"value_axis": vocab.label("unit_companies", lang), "lang": lang}
            )
        else:
            frames = [(key, frame) for key, (_name, frame) in zip(keys, tables, strict=True)]
            write_frames(out, frames, inputs, keyed=True, choose="--table")
        print(out)
        return
    if fmt != "table":  # one document, what --out x.json|x.csv writes
        from ..render import print_document

        frames = [(key, frame) for key, (_name, frame) in zip(keys, tables, strict=True)]
        print_document(frames, fmt, keyed=True, choose="--table")
        return
    from ..io.write import percent_text
    from ..render import ends_in_total, print_frame, terminal_cut

    replacement = len(tables) > 1 and len(tables) == len(names)  # the whole view: the E list shortened
    for i, (name, frame) in enumerate(tables):
        shown = frame.copy()
        if fmt == "table":
            for col in territory.share_columns(shown):
                shown[col] = shown[col].map(lambda v: "" if v is None or v != v else percent_text(v))
        if fmt == "table" and not len(shown):
            print(f"{name}: " + ("none" if lang == "en" else "无"))
            continue
        if fmt == "table" and replacement and i == len(tables) - 1 and len(shown) > 20:
            name = (
                f"{name}: {len(shown):,} firms (first 20; all: --table replacement)"
                if lang == "en"
                else f"{name}：共 {len(shown):,} 家（前 20 家；全部：--table replacement）"
            )
            shown = shown.head(20)
        elif fmt == "table":
            shown, name = terminal_cut(shown, name, lang, ends_in_total(shown))
        print_frame(shown, fmt, title=name if fmt == "table" else None)
    if fmt == "table" and table is None and note:
        print(note)


@app.command("list")
@handle_errors
def list_cmd(
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    sort: Annotated[
        str, typer.Option(help="tier, town, industry, size, manager, name, contacts or energy.")
    ] = "tier",
    limit: Annotated[
        int | None, typer.Option(help="At most N companies (the terminal shows the first 20 without it).")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Companies with their key fields: the manager's working list.

    Example:  regiontool list --where tier=A --where town=长河镇 --sort industry
    """
    from .. import territory

    lang = _check_lang(lang)
    with open_workspace(db, manager, everyone) as ws:
        frame = territory.company_list(ws, where, sort, limit, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    if out is not None:
        from ..render import write_frames

        write_frames(out, [(vocab.sheet_name("companies", lang), frame)], inputs)
        print(out)
        return
    from ..render import print_frame, terminal_rows

    title = f"{len(frame):,} companies" if lang == "en" else f"{len(frame):,} 家企业"
    if limit is None:  # --limit N: the N asked for, in a terminal too
        frame, title = terminal_rows(frame, fmt, title, vocab.WORDS["list_first"], lang)
    print_frame(frame, fmt, title=title if fmt == "table" else None)


@app.command()
@handle_errors
def score(
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    table: Annotated[
        str | None,
        typer.Option(
            help="Only one table: opportunities or grades (a CSV holds the opportunities without it)."
        ),
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Opportunity energy: order size level + closing level → score and grade A–D, best first.

    Example:  regiontool score --where manager=王海波
    """
    from .. import territory

    lang = _check_lang(lang)
    names = ("opportunities", "grades")
    _check_table(table, names)
    with open_workspace(db, manager, everyone) as ws:
        frame, grades = territory.opportunities(ws, where, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
        unfiltered = len(territory.opportunities(ws, [], lang)[0]) if where and not len(frame) else 0
        dropped = ws.dropped_with_levels() if not len(frame) and not unfiltered else 0
    hint = "" if len(frame) else territory.no_energy_hint(where, unfiltered, lang, dropped)
    frames = [(n, f) for n, f in zip(names, (frame, grades), strict=True) if table in (None, n)]
    csv_frames = frames[:1]  # a CSV holds one table: the scored list unless --table names the grades
    if out is not None:
        from ..render import write_frames

        if out.suffix.lower() == ".xlsx":
            from ..io.write import check_output_path, write_pivot_workbook

            check_output_path(out, inputs)
            sheets = territory.score_sheets(frame, grades, lang, hint)
            write_pivot_workbook(
                out,
                [s for n, s in zip(names, sheets, strict=True) if table in (None, n)],
                {"value_axis": vocab.label("unit_companies", lang), "lang": lang},
            )
        else:  # .json: what -f json prints; .csv: what -f csv prints
            write_frames(out, csv_frames if out.suffix.lower() == ".csv" else frames, inputs)
        print(out)
        return
    from ..render import print_document, print_frame, terminal_rows

    if fmt == "json":  # what --out x.json writes
        print_document(frames, fmt)
        return
    if fmt == "table" and not len(frame) and table != "grades":
        print(hint)
        return
    if fmt != "table":  # -f csv (or a format refused there)
        print_frame(csv_frames[0][1], fmt)
        return
    if table in (None, "opportunities"):
        title = "opportunity energy" if lang == "en" else "机会能量"
        frame, title = terminal_rows(frame, fmt, title, vocab.WORDS["score_first"], lang)
        print_frame(frame, fmt, title=title)
    if table in (None, "grades"):
        print_frame(grades, fmt)
