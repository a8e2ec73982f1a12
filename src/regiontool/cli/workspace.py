"""Commands that look after the workspace file itself: backup, restore, check."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import DbOption, LangOption, _check_lang, _format_value, app, handle_errors


@app.command()
@handle_errors
def backup(
    file: Annotated[
        Path, typer.Argument(help="The backup file to write, e.g. 备份-0301.db.", show_default=False)
    ],
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Copy the workspace to FILE (a consistent snapshot, even while an import runs).

    Example:  regiontool backup 备份-0301.db
    """
    from ..maintenance import backup as run

    lang = _check_lang(lang)
    target = run(file, db)
    size = target.stat().st_size / 1024**2
    print(f"{target}: {size:,.1f} MB" if lang == "en" else f"已备份到 {target}（{size:,.1f} MB）")


@app.command()
@handle_errors
def restore(
    file: Annotated[
        Path, typer.Argument(help="A backup written by `regiontool backup`.", show_default=False)
    ],
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Replace the workspace by a backup; the current workspace is copied aside first.

    Example:  regiontool restore 备份-0301.db
    """
    from ..maintenance import restore as run

    lang = _check_lang(lang)
    r = run(file, db)
    en = lang == "en"
    counts = f"{r.counts.get('companies', 0):,} companies, {r.counts.get('contacts', 0):,} contacts"
    if not en:
        counts = f"{r.counts.get('companies', 0):,} 家企业，{r.counts.get('contacts', 0):,} 个联系人"
    print(f"{r.workspace} ← {r.restored_from}: {counts}")
    if r.previous_copy:
        print(
            f"the workspace as it was: {r.previous_copy}"
            if en
            else f"恢复前的工作区已保存为 {r.previous_copy}"
        )


@app.command()
@handle_errors
def check(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", callback=_format_value)
    ] = "table",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Verify the workspace: SQLite integrity, foreign keys, schema version and row counts (exit 1 if damaged).

    Example:  regiontool check --db 备份-0301.db
    """
    from ..maintenance import check as run

    lang = _check_lang(lang)
    _table_or_json(fmt)
    r = run(db)
    if fmt == "json":
        payload = {
            "workspace": str(r.path),
            "ok": r.ok,
            "schema_version": r.schema_version,
            "problems": r.problems,
            "counts": r.counts,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        from ..vocab import table_label

        en = lang == "en"
        version = r.schema_version if r.schema_version is not None else "?"
        print(f"{r.path}: schema {version}" if en else f"{r.path}：结构版本 {version}")
        width = _label_width(r.counts, lang)
        for name, n in r.counts.items():
            print(f"  {_pad(table_label(name, lang), width)} {n:>10,}")
        if r.ok:
            print("ok: integrity and foreign keys checked" if en else "完好：已检查完整性与外键")
    if not r.ok:
        from ..store.db import damaged, newer_schema

        if r.newer and len(r.problems) == 1:  # sound, only newer: restoring a backup would lose its data
            raise newer_schema(r.path, r.schema_version)
        raise damaged(r.path, r.problems, r.problems_zh)


def _table_or_json(fmt: str) -> None:
    """check and db copy print a table or JSON: any other --format is refused before anything runs."""
    if fmt not in ("table", "json"):
        from ..errors import UsageError

        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table or json",
            zh=f"未知的 --format '{fmt}'：请用 table 或 json",
        )


def _label_width(tables, lang: str) -> int:
    """The terminal columns the widest of these tables' labels takes (at least 12): every count
    then starts in one column."""
    from rich.cells import cell_len

    from ..vocab import table_label

    return max([12, *(cell_len(table_label(t, lang)) for t in tables)])


def _pad(text: str, width: int) -> str:
    """text left-aligned in width terminal columns (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


db_app = typer.Typer(
    help="A shared PostgreSQL workspace: create its schema, move a manager's file into it.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("migrate")
@handle_errors
def db_migrate(db: DbOption = None, lang: LangOption = "zh") -> None:
    """Create the workspace schema on an empty database, or bring an older one up to date.

    Example:  regiontool db migrate --db postgresql://sales@dbhost/crm
    """
    from ..maintenance import migrate

    lang = _check_lang(lang)
    r = migrate(db)
    en = lang == "en"
    state = ("created" if en else "已创建") if r.created else ("up to date" if en else "已是最新")
    print(
        f"{r.workspace}: schema {r.schema_version}, {state}"
        if en
        else f"{r.workspace}：结构版本 {r.schema_version}，{state}"
    )
    rows = sum(r.tables.values())
    print(f"{len(r.tables)} tables, {rows:,} rows" if en else f"{len(r.tables)} 张表，共 {rows:,} 行")


@db_app.command("copy")
@handle_errors
def db_copy(
    source: Annotated[
        str, typer.Option("--from", help="The workspace to copy: a file or a URL.", show_default=False)
    ],
    target: Annotated[
        str, typer.Option("--to", help="An empty workspace to fill: a URL or a new file.", show_default=False)
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", callback=_format_value)
    ] = "table",
    lang: LangOption = "zh",
) -> None:
    """Copy a whole workspace into an empty one, every table counted on both sides.

    Example:  regiontool db copy --from regiontool.db --to postgresql://sales@dbhost/crm
    """
    from ..maintenance import copy
    from . import _progress

    lang = _check_lang(lang)
    _table_or_json(fmt)
    from ..vocab import fill, table_label

    with _progress() as bar:
        task = bar.add_task("copying" if lang == "en" else "复制中", total=None)
        r = copy(
            source,
            target,
            progress=lambda table, n: bar.update(task, advance=n, description=table_label(table, lang)),
        )
    if fmt == "json":
        payload = {
            "from": r.source,
            "to": r.target,
            "tables": {t: {"source": a, "copied": b} for t, (a, b) in r.counts.items()},
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    en = lang == "en"
    print(f"{r.source} → {r.target}")
    width = _label_width(r.counts, lang)
    if en:
        print(f"  {_pad('table', width)} {'source':>10} {'copied':>10}")
    else:
        print(f"  {_pad('表', width)} {'源':>9} {'已复制':>7}")  # a Chinese character takes two columns
    for table, (a, b) in r.counts.items():
        print(f"  {_pad(table_label(table, lang), width)} {a:>10,} {b:>10,}")
    total = sum(a for a, _ in r.counts.values())
    print(
        fill("{n:,} {n:row|rows} copied, counts equal", n=total)
        if en
        else f"共 {total:,} 行全部复制，两边行数一致"
    )
