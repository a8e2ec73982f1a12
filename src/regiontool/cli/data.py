"""Commands that read files into the workspace and write it back out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from . import (
    AllOption,
    DbOption,
    FormatOption,
    LangOption,
    ManagerOption,
    OutOption,
    _check_lang,
    _err_console,
    _format_value,
    _parse_map,
    _progress,
    app,
    handle_errors,
    left_for_exit,
    line_console,
    open_workspace,
    shell_word,
)


@app.command("import")
@handle_errors
def import_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Contact or orders files: .xlsx .xlsm .xls .ods .csv .tsv .txt",
            show_default=False,
            readable=False,  # an unreadable file is the reader's one line (exit 1), not click's
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            help="contacts, orders or payments (default: decided by each file's headers).", show_default=False
        ),
    ] = None,
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
    delimiter: Annotated[
        str | None,
        typer.Option(
            help="Force the delimiter of CSV files: , ; | or tab, e.g. --delimiter ';' "
            "(default: the one that splits the rows into one column count).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Do everything but write; show what would change.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Orders and payments files: remove the order lines or payments an earlier version of "
            "the file (the same name, with half of its lines again from the same folder and sheet, or "
            "80% from another) brought that this version no longer has; each removal goes into the "
            "history. Contacts are never removed.",
        ),
    ] = False,
    replace_period: Annotated[
        bool,
        typer.Option(
            "--replace-period",
            help="Orders and payments files: the file is the truth for its dates (its first to last "
            "date): the lines of files imported before it dated within them that it has not are "
            "removed too (a corrected export of another name), each listed and in the history; "
            "--dry-run lists them. Implies --replace.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the accounting as JSON.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", hidden=True, callback=_format_value, help="json: as --json (as other commands)."
        ),
    ] = None,
    max_size: Annotated[
        int,
        typer.Option(
            help="Refuse workbooks whose parts inflate beyond this many MB, or whose sheets span "
            "more than this × 10,000 cells."
        ),
    ] = 2048,
    industry_rules: Annotated[
        Path | None,
        typer.Option(help="Your own industry rules (TOML, the shape of the packaged industries.toml)."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--manager",
            envvar="REGIONTOOL_MANAGER",
            help="Whose list this is (区域经理): the new firms of a contact sheet without a 区域经理 "
            "column are given to this manager; firms owned already keep their owner. With --replace or "
            "--replace-period no line of another manager's firm is removed.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Read contact files into the workspace and add the key fields; read orders files too.

    An orders table (客户名称, 订单日期, 金额; 产品, 数量, 订单编号 when present) is recognised by
    its headers, or named with --kind orders. Each order is linked to a company by its name.

    Example:  regiontool import examples/contacts.xlsx examples/orders.xlsx
    """
    from .. import vocab
    from ..io.read import pending_book, set_aside, set_aside_line

    lang = _check_lang(lang)
    if fmt not in (None, "table", "json"):
        raise UsageError(
            f"unknown --format '{fmt}'",
            "import prints table or json",
            zh=f"--format '{fmt}' 无效：请用 table 或 json",
        )
    as_json = as_json or fmt == "json"  # -f json as every other command takes it
    files, aside = set_aside(files)  # Excel's ~$ lock files, regiontool's own pivot workbooks
    for path, why in aside:
        _err_console().print(vocab.NOTE_PREFIX[lang] + set_aside_line(path, why, lang), markup=False)
    # The first file is parsed on a thread while the rest of regiontool loads.
    books = (
        {
            files[0]: pending_book(
                files[0], encoding=encoding, delimiter=delimiter, max_size=max_size * 1024 * 1024
            )
        }
        if files
        else {}
    )
    from .. import importer
    from ..store import Workspace

    mapping = _parse_map(map_)
    known_counties = _workspace_counties(db)
    stages = ("read", "normalise", "key fields", "store")
    with _progress() as bar:
        task = bar.add_task("", total=len(files) * (len(stages) - 1))

        def step(stage: str, name: str) -> None:
            bar.update(task, description=f"{stage} {name}", advance=1 if stage != stages[0] else 0)

        ws = Workspace.open(db, create=True)
        budgets: list = []  # budget workbooks skipped in the list
        try:
            results = importer.import_files(
                ws,
                files,
                aside=budgets,
                dry_run=dry_run,
                progress=step,
                books=books,
                keep=left_for_exit(),
                replace=replace,
                replace_period=replace_period,
                kind=kind,
                sheet=sheet,
                header_row=header_row,
                mapping=mapping,
                encoding=encoding,
                delimiter=delimiter,
                max_size=max_size * 1024 * 1024,
                industry_rules=industry_rules,
                known_counties=known_counties,
                owner=owner,
            )
        except BaseException:
            ws.discard()
            raise
        if ws.created and (dry_run or all(r.nothing_changed for r in results)):
            ws.discard()
        else:
            ws.close()
    for path, why in budgets:
        _err_console().print(vocab.NOTE_PREFIX[lang] + set_aside_line(Path(path), why, lang), markup=False)
    if replace or replace_period:
        _replace_left_alone(results, lang)
    if as_json:
        payload = [
            dict(r.accounting(), file=r.file, dry_run=r.dry_run, other_sheets=r.other_sheets) for r in results
        ]
        sys.stdout.write(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False) + "\n")
        return
    for r in results:
        _print_import(r, lang)


def _replace_left_alone(results: list, lang: str) -> None:
    """One note on stderr naming the files --replace did nothing to: contact lists."""
    from .. import vocab

    others = [r.file for r in results if r.kind not in ("orders", "payments")]
    if others:
        text = vocab.IMPORT_LINES["replace_contacts"][lang == "en"]
        files = ("、" if lang != "en" else ", ").join(others)
        _err_console().print(
            vocab.NOTE_PREFIX[lang] + vocab.fill(text, files=files, n=len(others)), markup=False
        )


def _workspace_counties(db: str | None) -> list[str]:
    """Counties already in the workspace, most common first (empty when there is none)."""
    from ..store import Workspace

    if not Workspace.exists(db):
        return []
    with Workspace.open(db) as ws:
        counts = ws.county_counts()
    return sorted(counts, key=counts.get, reverse=True)


SHOWN_GONE = 20  # order lines or payments removed by --replace listed under the line, the rest counted


MAPPING_LINE = 100  # columns of a line of the import's column mappings sent to a file or a pipe


def _packed(items: list[str], width: int, gap: str = "   ") -> list[str]:
    """Items run on in lines of at most `width` columns, none cut (a longer one stands alone)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + len(gap) + cell_len(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return lines


def _print_import(r, lang: str) -> None:
    from rich.table import Table

    from .. import vocab

    console = line_console(markup=False)  # file names and headers are data, not markup
    en = lang == "en"
    rows = f"{r.header_row - r.header_rows + 1}–{r.header_row}" if r.header_rows > 1 else f"{r.header_row}"
    head = (
        f"{r.file} · sheet '{r.sheet}' · headers on row {rows}"
        if en
        else f"{r.file} · 工作表“{r.sheet}” · 表头在第 {rows} 行"
    )
    if r.sheet in getattr(r, "hidden_sheets", ()):  # no visible sheet had the table (io.layout.choose_sheet)
        head += " (a hidden sheet)" if en else "（隐藏的工作表）"
    console.print(head, style="bold")
    # The tier column taken by its values over a first one says why (io.layout._tier_by_values).
    by_values = getattr(r, "tier_by_values", None) or []
    line = vocab.IMPORT_LINES["tier_by_values"][1 if en else 0]
    pairs = [
        line.format(header=h, first=by_values[1]) if by_values[:1] == [h] else f"{h} → {vocab.label(f, lang)}"
        for h, f in r.mapping
        if f
    ]
    # A later address column read where the first is blank is used, not only kept as it is.
    fallback = getattr(r, "address_fallback", None) or []
    first = next((h for h, f in r.mapping if f == "address"), "")
    line = vocab.IMPORT_LINES["address_fallback"][1 if en else 0]
    pairs += [line.format(header=h, first=first) for h in fallback]
    kept = [h for h, f in r.mapping if not f and h not in fallback]
    grid = Table.grid(padding=(0, 3))
    per_row = 3
    for _ in range(per_row):
        grid.add_column()
    for i in range(0, len(pairs), per_row):
        grid.add_row(*pairs[i : i + per_row])
    # Off a terminal (a file, a pipe) no mapping is cut or folded: the mappings run on in lines of
    # about MAPPING_LINE columns, each whole, with no padding (a grid as wide as its longest cells
    # left short mappings in 50–75 blanks).
    if console.is_terminal:
        console.print(grid)
    else:
        for text in _packed(pairs, MAPPING_LINE):
            console.print(text)
    if kept:
        console.print(("kept as they are: " if en else "原样保留：") + vocab.listed(kept, lang), style="dim")
    if getattr(r, "export_columns", None):
        line = vocab.IMPORT_LINES["export_columns"][1 if en else 0]
        console.print(line.format(columns=vocab.listed(r.export_columns, lang)), style="dim")
    if r.dry_run:
        console.print("dry run: nothing written" if en else "试运行：未写入任何内容", style="bold yellow")
    # a file whose every row is rejected fails instead (importer.every_row_rejected)
    if r.nothing_changed and not r.kept_since:
        # an earlier version's rows missing from this one (kept) are said on the summary line
        missing = getattr(r, "not_in_file", 0) or getattr(r, "contacts_left_out", 0)
        console.print(vocab.IMPORT_LINES["unchanged_missing" if missing else "unchanged"][1 if en else 0])
    if r.imported_before:  # the same content imported before: it changed nothing (kept_since on the line)
        console.print(r.imported_before_line(lang))
    console.print(r.summary_line(lang))
    if r.kind in ("orders", "payments"):
        gone = r.gone_lines(lang)
        for line in gone[:SHOWN_GONE]:
            console.print(line)
        if len(gone) > SHOWN_GONE:
            console.print(vocab.fill(vocab.IMPORT_LINES["more_lines"][en], n=len(gone) - SHOWN_GONE))
    if r.kind not in ("orders", "payments"):
        console.print(r.key_fields_line(lang))
        if getattr(r, "owned", 0):
            console.print(vocab.fill(vocab.IMPORT_LINES["owned"][en], n=r.owned, owner=r.owner))
        if getattr(r, "kept_by_others", None):
            theirs = r.kept_by_others
            who = (
                next(iter(theirs))
                if len(theirs) == 1
                else vocab.listed([f"{m} {n:,}" for m, n in theirs.items()], lang)
            )
            text = vocab.fill(vocab.IMPORT_LINES["kept_by_others"][en], n=sum(theirs.values()), managers=who)
            console.print(text)
        if getattr(r, "unowned_new", 0):
            text = vocab.fill(vocab.IMPORT_LINES["unowned_new"][en], n=r.unowned_new)
            _err_console().print(vocab.WARNING_PREFIX[lang] + text, markup=False)
    elif getattr(r, "not_v", 0):
        console.print(vocab.fill(vocab.IMPORT_LINES["not_v"][1 if en else 0], n=r.not_v))
    for other in r.other_sheets[:5]:
        text = vocab.WORDS["other_hidden_sheet" if other in r.hidden_sheets else "other_sheet"][
            1 if en else 0
        ]
        console.print(
            text.format(file=shell_word(r.file), sheet=other, arg=shell_word(other)), style="yellow"
        )
    if r.problem_counts:
        from ..problems import Problem

        parts = [
            f"{Problem(code=c).title(lang)} {n:,}"
            for c, n in sorted(r.problem_counts.items(), key=lambda t: -t[1])
        ]
        console.print(
            ("problems: " if en else "问题：")
            + ", ".join(parts)
            + (" — see `regiontool problems`" if en else "（详见 regiontool problems）")
        )
    if r.kind in ("orders", "payments"):
        return
    if r.changes and (r.dry_run or r.changes_total <= 20):
        console.print(("changes:" if en else "变更：") + f" {r.changes_total:,}")
        for c in r.changes[:20]:
            who = f"{c.company} / {c.contact}" if c.contact else c.company
            field = "contact" if c.contact and c.field == "name" else c.field  # a contact's name: 联系人
            console.print(f"  {who}: {vocab.label(field, lang)} {c.old or '∅'} → {c.new}")
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
    table: Annotated[
        bool, typer.Option("--table", help="Make 资源表 an Excel Table (Insert → PivotTable in one click).")
    ] = False,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Write the resource table (资源表): original columns, key fields and where each row came from.

    Example:  regiontool export 资源表.xlsx --table
    """
    from .. import vocab
    from ..export import write_export

    lang = _check_lang(lang)
    i = 1 if lang == "en" else 0
    writing = f"writing {out.name}…" if lang == "en" else f"正在写入 {out.name}…"
    with open_workspace(db, manager, everyone) as ws, _err_console().status(writing), ws.snapshot():
        n, cut = write_export(ws, out, lang, table=table)  # (its two sheets of one state)
    print(vocab.fill(vocab.IMPORT_LINES["exported"][i], out=out, n=n))
    if cut:
        text = vocab.fill(vocab.IMPORT_LINES["export_cut"][i], n=len(cut))
        _err_console().print(vocab.NOTE_PREFIX[lang] + text, markup=False)


@app.command()
@handle_errors
def problems(
    code: Annotated[str | None, typer.Option(help="Only this problem code, e.g. invalid-tier.")] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """List the problems found in imported data, with file, sheet and row (--manager: those of the
    manager's firms and files, as report --manager's 问题 sheet counts them).

    Example:  regiontool problems --manager 孙志强 --code invalid-tier
    """
    from .. import vocab
    from ..export import problem_table
    from ..render import print_frame, terminal_rows, write_frames

    lang = _check_lang(lang)
    with open_workspace(db, manager, everyone) as ws:
        df = problem_table(ws, lang)
        inputs = [*ws.input_paths(), str(ws.path)]
    if code:
        if code not in vocab.PROBLEMS:
            raise UsageError(
                f"unknown problem code '{code}'",
                "codes: " + ", ".join(vocab.PROBLEMS),
                zh=f"不认识的问题代码“{code}”，可用的代码：" + "、".join(vocab.PROBLEMS),
            )
        df = df[df[vocab.label("problem_code", lang)] == code]
    if out:
        write_frames(out, [(vocab.label("sheet_problems", lang), df)], inputs)
        print(vocab.fill(vocab.WORDS["problems_written"][lang == "en"], out=out, n=len(df)))
        return
    title = vocab.fill(vocab.WORDS["problems_title"][lang == "en"], n=len(df))
    df, title = terminal_rows(df, fmt, title, vocab.WORDS["problems_first"], lang)
    print_frame(df, fmt, title=title)


@app.command()
@handle_errors
def status(fmt: FormatOption = "table", db: DbOption = None, lang: LangOption = "zh") -> None:
    """Show what the workspace holds: companies, contacts, imports and problems.

    Example:  regiontool status --format json
    """
    import pandas as pd

    from ..importer import import_accounting
    from ..store import Workspace

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
    from .. import vocab
    from ..render import print_frame

    en = lang == "en"
    df = pd.DataFrame(
        [
            [
                i["file_name"],
                i["sheet"],
                i["imported_at"],
                vocab.IMPORT_KINDS[vocab.import_table(i["kind"])][1 if en else 0],
                *import_accounting(i["summary"], vocab.import_table(i["kind"])),
            ]
            for i in imports
        ],
        columns=[c[1 if en else 0] for c in vocab.STATUS_COLUMNS],
    )
    df = df.astype({c: "Int64" for c in df.columns[4:]})
    print_frame(
        df,
        fmt,
        title=vocab.fill(
            vocab.IMPORT_LINES["status"][1 if en else 0],
            path=ws.path,
            companies=counts["companies"],
            contacts=counts["contacts"],
            orders=counts["orders"],
            unlinked=counts["orders_unlinked"],
            problems=counts["problems"],
        ),
    )


@app.command()
@handle_errors
def explain(
    name: Annotated[str, typer.Argument(help="The company name, or part of it.", show_default=False)],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", callback=_format_value)
    ] = "table",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Show one company's key fields with the reason for each value, its contacts and history.

    Example:  regiontool explain 慈溪市华峰电器厂
    """
    from rich.table import Table

    from .. import vocab
    from ..explain import explain_company
    from ..store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        ex = explain_company(ws, name).in_lang(lang)  # the values and reasons in --lang
    if fmt == "json":
        sys.stdout.write(ex.model_dump_json(indent=2) + "\n")
        return
    if fmt != "table":
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table or json",
            zh=f"不认识的 --format “{fmt}”，请用 table 或 json",
        )
    en = lang == "en"
    console = line_console(markup=False)  # names and values are data, not markup
    console.print(ex.name, style="bold", end="")
    console.print(f"  ({'company_id' if en else '企业编号'} {ex.company_id})")
    table = Table(show_edge=False, header_style="bold")
    for title in ("field", "value", "basis") if en else ("字段", "值", "依据"):
        table.add_column(title, overflow="fold")
    for f in ex.fields:
        table.add_row(vocab.label(f.field, lang), f.value or "", f.basis or "")
    console.print(table)
    contacts = Table(
        title="contacts" if en else "联系人", title_justify="left", show_edge=False, header_style="bold"
    )
    for key in ("name", "title", "phone", "key_contact"):
        contacts.add_column(vocab.label("contact" if key == "name" else key, lang))
    contacts.add_column("source" if en else "来源")
    for c in ex.contacts:
        kc = c["key_contact"] or c["key_contact_raw"] or ""
        raw = (c["key_contact_raw"] or "").strip()
        plain = vocab.YES_SPELLINGS | vocab.NO_SPELLINGS
        if c["key_contact"] and raw and raw.lower() not in plain:  # 是（决策人）: the comment, as written
            kc = f"{kc} ({raw})" if en else f"{kc}（{raw}）"
        contacts.add_row(
            c["name"] or "",
            c["title"] or "",
            c["phone"] or "",
            kc,
            f"{c['source_file']} {c['source_sheet']}!{c['source_row']}",
        )
    console.print(contacts)
    if ex.orders:
        from ..io.write import whole_text

        o = ex.orders
        console.print(
            f"orders: {o['orders']:,} ({o['lines']:,} lines), ¥{whole_text(o['amount'])}, {o['first']} – {o['last']}"
            if en
            else f"订单：{o['orders']:,} 笔（{o['lines']:,} 行），累计 ¥{whole_text(o['amount'])}，{o['first']} 至 {o['last']}"
        )
    if ex.history:
        console.print("history:" if en else "变更历史：")
        for h in ex.history:
            console.print(
                f"  {h['changed_at'][:16]} {vocab.label(h['field'], lang)} {h['old'] or '∅'} → {h['new'] or '∅'} ({h['source']})"
            )
    if ex.others:
        console.print(
            ("also matching: " if en else "其他匹配：") + vocab.listed(ex.others, lang), style="dim"
        )
