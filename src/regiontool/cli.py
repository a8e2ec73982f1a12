"""The command line: options → one library call → rendering. No logic a test would need.

Heavy modules (pandas, calamine, the writers) are imported inside the commands so
that `regiontool --help` starts in a fraction of a second.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import RegiontoolError, UsageError

app = typer.Typer(
    name="regiontool",
    help=(
        "Turn a regional sales manager's customer contact sheet (客户联系表) into a clean "
        "resource table, pivots and territory analyses.\n\n"
        "Example:  regiontool import examples/contacts.xlsx && regiontool export 资源表.xlsx"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", envvar="REGIONTOOL_DB", help="Workspace file (default ./regiontool.db).", show_default=False
    ),
]
LangOption = Annotated[
    str, typer.Option("--lang", envvar="REGIONTOOL_LANG", help="Labels: zh (default) or en.")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json (to stdout).")]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to FILE instead: .xlsx, .csv or .json by its extension."),
]


def _err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _progress():
    """A progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=_err_console(),
        transient=True,
    )


def handle_errors(func):
    """Map library errors to one line on stderr and an exit code (1 bad data, 2 bad usage)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RegiontoolError as exc:
            _err_console().print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err_console().print("interrupted; nothing was written")
            raise typer.Exit(130) from None

    return wrapper


def _check_lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise UsageError(f"unknown --lang '{lang}'", "use zh or en")
    return lang


def _parse_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise UsageError(f"--map '{item}' is not HEADER=FIELD", "for example --map 单位=company")
        mapping[header.strip()] = field.strip()
    return mapping


@app.command("import")
@handle_errors
def import_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="Contact files: .xlsx .xlsm .xls .ods .csv .tsv .txt", show_default=False),
    ],
    sheet: Annotated[
        str | None,
        typer.Option(help="Sheet name or number (default: the one that looks like a contact table)."),
    ] = None,
    header_row: Annotated[
        int | None, typer.Option(help="Row number of the headers (default: found automatically).")
    ] = None,
    map_: Annotated[
        list[str], typer.Option("--map", help="Name a column: HEADER=FIELD, e.g. 单位=company. Repeatable.")
    ] = [],  # noqa: B006
    encoding: Annotated[
        str | None, typer.Option(help="Force the text encoding of CSV files (utf-8, gb18030, utf-16).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Do everything but write; show what would change.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the accounting as JSON.")] = False,
    max_size: Annotated[
        int, typer.Option(help="Refuse workbooks whose parts inflate beyond this many MB.")
    ] = 2048,
    industry_rules: Annotated[
        Path | None,
        typer.Option(help="Your own industry rules (TOML, the shape of the packaged industries.toml)."),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Read contact files into the workspace and add the key fields.

    Example:  regiontool import examples/contacts.xlsx --map 单位=company
    """
    from . import importer
    from .store import Workspace

    lang = _check_lang(lang)
    mapping = _parse_map(map_)
    prepared = []
    known_counties = _workspace_counties(db)
    stages = ("read", "normalise", "key fields", "store")
    with _progress() as bar:
        task = bar.add_task("", total=len(files) * len(stages))

        def step(stage: str, name: str) -> None:
            bar.update(task, description=f"{stage} {name}", advance=1 if stage != stages[0] else 0)

        for f in files:
            prepared.append(
                importer.prepare_import(
                    f,
                    sheet=sheet,
                    header_row=header_row,
                    mapping=mapping,
                    encoding=encoding,
                    max_size=max_size * 1024 * 1024,
                    industry_rules=industry_rules,
                    known_counties=known_counties,
                    progress=lambda stage, f=f: step(stage, f.name),
                )
            )
            bar.advance(task)
        ws = Workspace.open(db, create=True)
        results = []
        try:
            for p in prepared:
                step("store", p.book.path.name)
                results.append(importer.run_import(ws, p, dry_run=dry_run))
        except BaseException:
            ws.discard()
            raise
        if ws.created and (dry_run or all(r.nothing_changed for r in results)):
            ws.discard()
        else:
            ws.close()
    if as_json:
        payload = [dict(r.accounting(), file=r.file, dry_run=r.dry_run) for r in results]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False) + "\n")
        return
    for r in results:
        _print_import(r, lang)


def _workspace_counties(db: Path | None) -> list[str]:
    """Counties already in the workspace, most common first (empty when there is none)."""
    from .store import Workspace, default_path

    if not (db or default_path()).exists():
        return []
    with Workspace.open(db) as ws:
        counts = ws.county_counts()
    return sorted(counts, key=counts.get, reverse=True)


def _print_import(r, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from . import vocab

    console = Console(highlight=False)
    en = lang == "en"
    head = (
        f"{r.file} · sheet '{r.sheet}' · headers on row {r.header_row}"
        if en
        else f"{r.file} · 工作表“{r.sheet}” · 表头在第 {r.header_row} 行"
    )
    console.print(head, style="bold")
    pairs = [f"{h} → {vocab.label(f, lang)}" for h, f in r.mapping if f]
    kept = [h for h, f in r.mapping if not f]
    grid = Table.grid(padding=(0, 3))
    per_row = 3
    for _ in range(per_row):
        grid.add_column()
    for i in range(0, len(pairs), per_row):
        grid.add_row(*pairs[i : i + per_row])
    console.print(grid)
    if kept:
        console.print(("kept as they are: " if en else "原样保留：") + "、".join(kept), style="dim")
    if r.dry_run:
        console.print(
            "[bold yellow]dry run: nothing written[/]" if en else "[bold yellow]试运行：未写入任何内容[/]"
        )
    if r.nothing_changed:
        console.print(
            "nothing changed: this data is already in the workspace"
            if en
            else "没有变化：这些数据已在工作区中"
        )
    console.print(r.summary_line(lang))
    console.print(r.key_fields_line(lang))
    if r.problem_counts:
        from .problems import Problem

        parts = [
            f"{Problem(code=c).title(lang)} {n:,}"
            for c, n in sorted(r.problem_counts.items(), key=lambda t: -t[1])
        ]
        console.print(
            ("problems: " if en else "问题：")
            + ", ".join(parts)
            + (" — see `regiontool problems`" if en else "（详见 regiontool problems）")
        )
    if r.changes and (r.dry_run or r.changes_total <= 20):
        console.print(("changes:" if en else "变更：") + f" {r.changes_total:,}")
        for c in r.changes[:20]:
            who = f"{c.company} / {c.contact}" if c.contact else c.company
            console.print(f"  {who}: {vocab.label(c.field, lang)} {c.old or '∅'} → {c.new}")
    elif r.changes_total:
        console.print(
            f"{r.changes_total:,} field changes logged in history"
            if en
            else f"{r.changes_total:,} 处字段变更已记入历史"
        )


@app.command()
@handle_errors
def export(
    out: Annotated[
        Path, typer.Argument(help="OUT.xlsx (资源表 + 问题 sheets), OUT.csv or OUT.json.", show_default=False)
    ],
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Write the resource table (资源表): original columns, key fields and where each row came from.

    Example:  regiontool export 资源表.xlsx
    """
    from . import vocab
    from .export import problem_table, resource_table
    from .render import write_frames
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws, _err_console().status(f"writing {out.name}…"):
        frames = [
            (vocab.label("sheet_resource", lang), resource_table(ws, lang)),
            (vocab.label("sheet_problems", lang), problem_table(ws, lang)),
        ]
        inputs = [*ws.input_paths(), str(ws.path)]
        if out.suffix.lower() == ".csv":  # a CSV holds the resource table; problems: `regiontool problems`
            frames = frames[:1]
        # 资源表 as an Excel Table: Insert → PivotTable works on it in one click.
        write_frames(out, frames, inputs, tables={frames[0][0]: "Resources"})
    n = len(frames[0][1])
    print(f"{out}: {n:,} rows" if lang == "en" else f"{out}：{n:,} 行")


@app.command()
@handle_errors
def problems(
    code: Annotated[str | None, typer.Option(help="Only this problem code, e.g. invalid-tier.")] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """List the problems found in imported data, with file, sheet and row.

    Example:  regiontool problems --code invalid-tier --format csv
    """
    from . import vocab
    from .export import problem_table
    from .render import print_frame, write_frames
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        df = problem_table(ws, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    if code:
        if code not in vocab.PROBLEMS:
            raise UsageError(f"unknown problem code '{code}'", "codes: " + ", ".join(vocab.PROBLEMS))
        df = df[df[vocab.label("problem_code", lang)] == code]
    if out:
        write_frames(out, [(vocab.label("sheet_problems", lang), df)], inputs)
        print(f"{out}: {len(df):,} problems")
        return
    print_frame(df, fmt, title=f"{len(df):,} problems" if lang == "en" else f"问题 {len(df):,} 条")


@app.command()
@handle_errors
def status(fmt: FormatOption = "table", db: DbOption = None, lang: LangOption = "zh") -> None:
    """Show what the workspace holds: companies, contacts, imports and problems.

    Example:  regiontool status --format json
    """
    import pandas as pd

    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        counts = ws.counts()
        imports = ws.imports()
    if fmt == "json":
        sys.stdout.write(
            json.dumps(
                {
                    "workspace": str(ws.path),
                    **counts,
                    "files": [
                        {k: i[k] for k in ("file_name", "sheet", "imported_at", "summary")} for i in imports
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    from .render import print_frame

    en = lang == "en"
    df = pd.DataFrame(
        [
            [
                i["file_name"],
                i["sheet"],
                i["imported_at"],
                i["summary"].get("rows_read"),
                i["summary"].get("companies_new"),
                i["summary"].get("companies_updated"),
                i["summary"].get("rejected"),
            ]
            for i in imports
        ],
        columns=(
            ["file", "sheet", "imported", "rows", "new", "updated", "rejected"]
            if en
            else ["文件", "工作表", "导入时间", "行数", "新增企业", "更新企业", "拒收"]
        ),
    )
    print_frame(
        df,
        fmt,
        title=(
            f"{ws.path}: {counts['companies']:,} companies, {counts['contacts']:,} contacts, "
            f"{counts['problems']:,} problems"
        )
        if en
        else (
            f"{ws.path}：{counts['companies']:,} 家企业，{counts['contacts']:,} 个联系人，"
            f"{counts['problems']:,} 条问题"
        ),
    )


@app.command()
@handle_errors
def explain(
    name: Annotated[str, typer.Argument(help="The company name, or part of it.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Show one company's key fields with the reason for each value, its contacts and history.

    Example:  regiontool explain 华峰电器
    """
    from rich.console import Console
    from rich.table import Table

    from . import vocab
    from .explain import explain_company
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        ex = explain_company(ws, name)
    if fmt == "json":
        sys.stdout.write(ex.model_dump_json(indent=2) + "\n")
        return
    if fmt != "table":
        raise UsageError(f"unknown --format '{fmt}'", "use table or json")
    en = lang == "en"
    console = Console(highlight=False)
    console.print(f"[bold]{ex.name}[/]  ({'company_id' if en else '企业编号'} {ex.company_id})")
    table = Table(show_edge=False, header_style="bold")
    for title in ("field", "value", "basis") if en else ("字段", "值", "依据"):
        table.add_column(title, overflow="fold")
    for f in ex.fields:
        table.add_row(vocab.label(f.field, lang), f.value or "", f.basis)
    console.print(table)
    contacts = Table(
        title="contacts" if en else "联系人", title_justify="left", show_edge=False, header_style="bold"
    )
    for key in ("name", "title", "phone", "key_contact"):
        contacts.add_column(vocab.label("contact" if key == "name" else key, lang))
    contacts.add_column("source" if en else "来源")
    for c in ex.contacts:
        kc = c["key_contact"] or c["key_contact_raw"] or ""
        contacts.add_row(
            c["name"] or "",
            c["title"] or "",
            c["phone"] or "",
            kc,
            f"{c['source_file']} {c['source_sheet']}!{c['source_row']}",
        )
    console.print(contacts)
    if ex.history:
        console.print("history:" if en else "变更历史：")
        for h in ex.history:
            console.print(
                f"  {h['changed_at'][:16]} {vocab.label(h['field'], lang)} {h['old'] or '∅'} → {h['new']} ({h['source']})"
            )
    if ex.others:
        console.print(("also matching: " if en else "其他匹配：") + "、".join(ex.others), style="dim")


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
        str, typer.Option(help="count, sum:COLUMN or mean:COLUMN (e.g. sum:员工人数).")
    ] = "count",
    pct: Annotated[str | None, typer.Option(help="Show shares of the row, col or total.")] = None,
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    top: Annotated[int | None, typer.Option(help="Keep the N largest rows, fold the rest into 其他.")] = None,
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
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Pivot tables the way Excel makes them, with blanks and totals that always add up.

    Example:  regiontool pivot --by town --by tier --where tier=A,B,C --out pivots.xlsx
    """
    from . import pivots as lib
    from .store import Workspace

    lang = _check_lang(lang)
    if standard and by:
        raise UsageError("--standard makes its own four pivots; leave out --by")
    with Workspace.open(db) as ws:
        if standard:
            requests = [(lib.default_sheet_name(r, lang), r) for r in lib.standard_requests()]
        else:
            req = lib.make_request(
                ws, by, count=count, values=values, pct=pct, where=where, top=top, sort=sort
            )
            requests = [(sheet or lib.default_sheet_name(req, lang), req)]
        results = [(name, lib.pivot(ws, r, lang)) for name, r in requests]
        inputs = [*ws.input_paths(), str(ws.path)]
        if out is not None and out.suffix.lower() == ".xlsx" and sheet and out.exists():
            results = _merge_pivot_workbook(ws, out, results, lang)
    if out is not None:
        _write_pivots(out, results, inputs, lang)
        return
    for _name, p in results:
        _print_pivot(p, fmt, lang)


def _merge_pivot_workbook(ws, out: Path, results: list, lang: str) -> list:
    """Recompute the pivots an existing pivot workbook holds, replacing the one named again."""
    import json

    import python_calamine as pc

    from . import pivots as lib
    from .io.write import SPEC_SHEET

    try:
        book = pc.CalamineWorkbook.from_path(str(out))
        specs = json.loads(book.get_sheet_by_name(SPEC_SHEET).to_python()[0][0])
    except Exception as exc:
        raise UsageError(
            f"{out} is not a pivot workbook written by regiontool",
            "choose a new --out file, or leave out --sheet to replace it",
        ) from exc
    new_names = {name for name, _p in results}
    kept = []
    for spec in specs:
        name, req = lib.request_from_spec(spec)
        if name not in new_names:
            kept.append((name, lib.pivot(ws, req, lang)))
    return kept + results


def _write_pivots(out: Path, results: list, inputs: list[str], lang: str) -> None:
    from . import pivots as lib
    from .io.write import check_output_path, write_pivot_workbook
    from .render import write_frames

    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        check_output_path(out, inputs)
        labels = {
            "value_axis": results[0][1].unit and ("records" if lang == "en" else "数量"),
            "category_axis": "",
        }
        write_pivot_workbook(out, [lib.pivot_sheet(p, name, lang) for name, p in results], labels)
    else:
        write_frames(out, [(name, p.frame) for name, p in results], inputs)
    names = ", ".join(name for name, _ in results)
    print(f"{out}: {names}" if lang == "en" else f"{out}：{names}")


def _print_pivot(p, fmt: str, lang: str) -> None:
    from .render import print_frame

    if fmt == "table":
        from rich.table import Table

        from .render import wide_console

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
                    cells.append(f"{v:.1%}")
                elif p.request.aggregate == "mean":
                    cells.append(f"{v:,.1f}")
                else:
                    cells.append(f"{v:,.0f}")
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
        return
    print_frame(p.frame, fmt)


@app.command()
@handle_errors
def tiers(
    by: Annotated[
        str | None, typer.Option("--by", help="One funnel per manager or per town, side by side.")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The tier funnel: companies per tier, the action each calls for, and the funnel's health.

    Example:  regiontool tiers --by manager --out tiers.xlsx
    """
    from . import territory
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        funnels = territory.tier_funnels(ws, by)
        inputs = [*ws.input_paths(), str(ws.path)]
    frame = territory.funnel_frame(funnels, lang)
    verdicts = territory.verdict_frame(funnels, by, lang)
    if out is not None:
        from .io.write import check_output_path, write_pivot_workbook
        from .render import write_frames

        if out.suffix.lower() == ".xlsx":
            check_output_path(out, inputs)
            write_pivot_workbook(
                out,
                [territory.funnel_sheet(funnels, by, lang)],
                {"value_axis": "companies" if lang == "en" else "企业数"},
            )
        elif out.suffix.lower() == ".csv":  # one table per CSV: the funnel (the verdicts are in json/xlsx)
            write_frames(out, [("tiers", frame)], inputs)
        else:
            write_frames(out, [("tiers", frame), ("health", verdicts)], inputs)
        print(out)
        return
    if fmt == "json":
        from .render import to_json_records

        payload = {"tiers": to_json_records(frame), "health": to_json_records(verdicts)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    from .render import print_frame

    shown = frame.copy()
    if fmt == "table":
        for col in shown.columns:
            if str(col).endswith(" %"):
                shown[col] = shown[col].map(lambda v: f"{v:.1%}")
    print_frame(shown, fmt, title="tier funnel" if lang == "en" else "客户分级漏斗", bold_last=True)
    print_frame(verdicts, fmt)


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
        str | None, typer.Option(help="Only one table: industries, towns, white-space or beachheads.")
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The market: industry shares and penetration, town density, white-space towns and beachheads.

    Example:  regiontool market --out market.xlsx
    """
    from . import territory
    from .store import Workspace

    lang = _check_lang(lang)
    names = ("industries", "towns", "white-space", "beachheads")
    if table is not None and table not in names:
        raise UsageError(f"--table '{table}'", "use " + ", ".join(names))
    targets = (
        [t.strip() for t in target_industries.replace("，", ",").split(",") if t.strip()]
        if target_industries
        else None
    )
    with Workspace.open(db) as ws:
        m = territory.market(ws, lang, min_share, targets, min_firms)
        inputs = [*ws.input_paths(), str(ws.path)]
    tables = territory.market_tables(m, lang)
    if table is not None:
        tables = [tables[names.index(table)]]
    if out is not None:
        from .io.write import check_output_path, write_pivot_workbook
        from .render import write_frames

        if out.suffix.lower() == ".xlsx":
            check_output_path(out, inputs)
            sheets = [s for s in territory.market_sheets(m, lang) if s.name in {n for n, _ in tables}]
            write_pivot_workbook(out, sheets, {"value_axis": "firms" if lang == "en" else "企业数"})
        else:
            write_frames(out, tables, inputs)
        print(out)
        return
    if fmt == "json":
        from .render import to_json_records

        sys.stdout.write(
            json.dumps({n: to_json_records(f) for n, f in tables}, ensure_ascii=False, indent=2) + "\n"
        )
        return
    from .render import print_frame

    for name, frame in tables:
        shown = frame.copy()
        if fmt == "table":
            for col in shown.columns:
                if any(w in str(col) for w in ("占比", "share", "渗透", "penetration")):
                    shown[col] = shown[col].map(lambda v: f"{v:.1%}")
        if fmt == "table" and not len(shown):
            print(f"{name}: " + ("none" if lang == "en" else "无"))
            continue
        print_frame(shown, fmt, title=name if fmt == "table" else None)


@app.command("list")
@handle_errors
def list_cmd(
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    sort: Annotated[
        str, typer.Option(help="tier, town, industry, size, manager, name or contacts.")
    ] = "tier",
    limit: Annotated[int | None, typer.Option(help="At most N companies.")] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Companies with their key fields: the manager's working list.

    Example:  regiontool list --where tier=A --where town=长河镇 --sort industry
    """
    from . import territory
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        frame = territory.company_list(ws, where, sort, limit, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    if out is not None:
        from .render import write_frames

        write_frames(out, [("list" if lang == "en" else "客户清单", frame)], inputs)
        print(out)
        return
    from .render import print_frame

    title = f"{len(frame):,} companies" if lang == "en" else f"{len(frame):,} 家企业"
    print_frame(frame, fmt, title=title if fmt == "table" else None)


@app.command()
@handle_errors
def score(
    where: Annotated[list[str], typer.Option(help="Filter: FIELD=A,B or FIELD!=A (repeatable).")] = [],  # noqa: B006
    fmt: FormatOption = "table",
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Opportunity energy: order size level + closing level → score and grade A–D, best first.

    Example:  regiontool score --where manager=王海波
    """
    from . import territory
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        frame, grades = territory.opportunities(ws, where, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    if out is not None:
        from .render import write_frames

        if out.suffix.lower() == ".xlsx":
            from .io.write import check_output_path, write_pivot_workbook

            check_output_path(out, inputs)
            write_pivot_workbook(
                out,
                territory.score_sheets(frame, grades, lang),
                {"value_axis": "companies" if lang == "en" else "企业数"},
            )
        else:
            tables = [("energy" if lang == "en" else "能量", frame)]
            if out.suffix.lower() != ".csv":
                tables.append(("grades" if lang == "en" else "能级分布", grades))
            write_frames(out, tables, inputs)
        print(out)
        return
    from .render import print_frame, to_json_records

    if fmt == "json":
        payload = {"opportunities": to_json_records(frame), "grades": to_json_records(grades)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if not len(frame) and fmt == "table":
        print(
            "no company has an order size or closing level yet: add the columns (订单规模等级, 成交时间等级) "
            "or use `regiontool set NAME --deal-level 重要 --closing 本月内`"
            if lang != "en"
            else "no company has an energy level yet: import 订单规模等级/成交时间等级 columns or use "
            "`regiontool set NAME --deal-level 重要 --closing 本月内`"
        )
        return
    print_frame(
        frame, fmt, title=("opportunity energy" if lang == "en" else "机会能量") if fmt == "table" else None
    )
    if fmt == "table":
        print_frame(grades, fmt)


@app.command("set")
@handle_errors
def set_cmd(
    name: Annotated[
        str, typer.Argument(help="The company (full name, or a part that names one).", show_default=False)
    ],
    tier: Annotated[str | None, typer.Option(help="A B C D E F1 F2 F3 O V (or its Chinese meaning).")] = None,
    manager: Annotated[str | None, typer.Option(help="Owner (区域经理).")] = None,
    town: Annotated[str | None, typer.Option(help="Township (镇街).")] = None,
    county: Annotated[str | None, typer.Option(help="County (区县).")] = None,
    industry: Annotated[str | None, typer.Option(help="Industry (行业).")] = None,
    size: Annotated[str | None, typer.Option(help="大型 中型 小型 微型.")] = None,
    deal_level: Annotated[
        str | None,
        typer.Option("--size-level", "--deal-level", help="Order size level: 超额 重要 部分 微小."),
    ] = None,
    closing: Annotated[str | None, typer.Option(help="Closing level: 本月内 考核期内 更长期 有意向.")] = None,
    value_level: Annotated[str | None, typer.Option(help="Category value: 一级 二级 三级 四级.")] = None,
    attractiveness: Annotated[
        str | None, typer.Option(help="Customer attractiveness: 高 or 低 (or 1–5).")
    ] = None,
    advantage: Annotated[str | None, typer.Option(help="Our advantage with them: 高 or 低 (or 1–5).")] = None,
    note: Annotated[str | None, typer.Option(help="A dated remark kept in the history.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes, write nothing.")] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Change one company's key fields by hand; every change goes into its history.

    Example:  regiontool set 华峰电器 --tier A --note "约了下周上门"
    """
    from . import vocab
    from .editing import set_fields
    from .store import Workspace

    lang = _check_lang(lang)
    values = {
        "tier": tier,
        "manager": manager,
        "town": town,
        "county": county,
        "industry": industry,
        "size": size,
        "deal_level": deal_level,
        "closing": closing,
        "value_level": value_level,
        "attractiveness": attractiveness,
        "advantage": advantage,
    }
    with Workspace.open(db) as ws:
        company, changes = set_fields(ws, name, values, note, dry_run=dry_run)
    if not changes:
        print(f"{company}: nothing changed" if lang == "en" else f"{company}：没有变化")
        return
    if dry_run:
        print("dry run: nothing written" if lang == "en" else "试运行：未写入")
    for c in changes:
        label = vocab.label(c.field, lang) if c.field != "note" else ("note" if lang == "en" else "备注")
        print(f"{company}: {label} {c.old or '∅'} → {c.new}")


@app.command()
@handle_errors
def history(
    name: Annotated[
        str, typer.Argument(help="The company (full name, or a part that names one).", show_default=False)
    ],
    fmt: FormatOption = "table",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """The changes of one company's fields: when, what, from which import or by hand.

    Example:  regiontool history 华峰电器
    """
    import pandas as pd

    from . import vocab
    from .editing import company_history
    from .render import print_frame
    from .store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        company, rows = company_history(ws, name)
    en = lang == "en"
    df = pd.DataFrame(
        [
            [
                h["changed_at"][:16].replace("T", " "),
                vocab.label(h["field"], lang) if h["field"] != "note" else ("note" if en else "备注"),
                h["old"],
                h["new"],
                h["source"],
            ]
            for h in rows
        ],
        columns=["when", "field", "old", "new", "source"] if en else ["时间", "字段", "原值", "新值", "来源"],
    )
    print_frame(df, fmt, title=(f"{company}: {len(df)} changes" if en else f"{company}：{len(df)} 处变更"))


def main() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    # A short-lived process that builds millions of acyclic objects (cells, rows, keys):
    # the cyclic collector only rescans them as the heap grows. Reference counting still
    # frees everything; only cycles wait for the process to end.
    gc.disable()
    app()


if __name__ == "__main__":
    main()
