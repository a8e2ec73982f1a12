"""Purchase behaviour from orders: `regiontool sales`."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import vocab
from ..errors import UsageError
from . import (
    AllOption,
    DbOption,
    FormatOption,
    LangOption,
    ManagerOption,
    OutOption,
    _check_lang,
    app,
    handle_errors,
    line_console,
    open_workspace,
    parse_day,
)

BY_CHOICES = ("month", "product", "town", "industry", "segment", "customers")


@app.command()
@handle_errors
def sales(
    year: Annotated[int | None, typer.Option(help="The year to show (default: the as-of year).")] = None,
    by: Annotated[
        list[str],
        typer.Option(
            "--by",
            "-b",
            help="Only these views: month, product, town, industry, segment, customers (repeatable).",
        ),
    ] = [],  # noqa: B006
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day counted (default today); last year is cut alike.")
    ] = None,
    top_share: Annotated[
        float, typer.Option(help="The top share of customers (percent) whose sales are summed.")
    ] = 20.0,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Purchase behaviour from the orders: sales by month beside last year (seasonality), by
    product, town, industry and RFM segment against last year's same period, and the top
    customers' contribution (top 20% share, ABC classes, the Pareto ranking).

    Example:  regiontool sales --year 2026 --as-of 2026-11-20 --out sales.xlsx
    """
    import datetime as dt

    from .. import sales as lib
    from ..analysis.targets import check_year

    lang = _check_lang(lang)
    unknown = [b for b in by if b not in BY_CHOICES]
    if unknown:
        raise UsageError(
            f"--by '{unknown[0]}'",
            "use " + ", ".join(BY_CHOICES),
            zh=f"不认识的 --by “{unknown[0]}”：请用 " + "、".join(BY_CHOICES),
        )
    if fmt not in ("table", "csv", "json"):
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table, csv or json",
            zh=f"不认识的 --format “{fmt}”：请用 table、csv 或 json",
        )
    views = tuple(dict.fromkeys(by)) or lib.VIEWS
    day = parse_day(as_of, "--as-of") or dt.date.today()
    if year is not None:
        check_year(year)
    with open_workspace(db, manager, everyone) as ws:
        result = lib.purchase_behaviour(ws, year, day, lang, top_share / 100, views)
        inputs = [*ws.input_paths(), str(ws.path)]
    frames = lib.table_frames(result, views)  # keyed alike in every --lang: -f json, --out x.json
    if fmt == "csv" or (out is not None and out.suffix.lower() == ".csv"):
        frames = [lib.view_table(result, lang, views)]
    from ..render import print_document, write_frames

    head = {
        "year": result.period.year,
        "period": [result.period.start, result.period.end],
        "last_year_period": [result.period.last_start, result.period.last_end],
        "top_share": top_share / 100,
        "top_customers": result.concentration.top_n,
        "top_customers_sales_share": result.concentration.top_amount_share,
        "notes": result.notes,
    }
    if out is not None:
        if out.suffix.lower() == ".xlsx":
            from ..io.write import check_output_path, write_pivot_workbook

            check_output_path(out, inputs)
            write_pivot_workbook(
                out,
                lib.sales_sheets(result, lang, views),
                {"value_axis": vocab.label("unit_yuan", lang), "lang": lang},
            )
        else:  # .json: the document -f json prints; .csv: the one view asked for
            write_frames(out, frames, inputs, head=head, choose="--by")
        print(out)
        return
    if fmt != "table":
        print_document(frames, fmt, head=head, choose="--by")
        return
    _print_tables(result, lib.sales_tables(result, lang, views), views, lang)


def _print_tables(result, tables, views, lang: str) -> None:
    from .. import sales as lib
    from ..io.write import percent_text, whole_text
    from ..render import ends_in_total, print_frame, terminal_cut

    en = lang == "en"
    console = line_console(markup=False)
    for line in result.notes:
        console.print(line)
    ranking = lib.table_names(lang)["customers"]
    for name, frame in tables:
        shown = frame.copy()
        percent = set(lib.percent_columns(shown))
        for col in shown.columns[1:]:
            if col in percent:
                shown[col] = [
                    (
                        ""
                        if v is None or v != v
                        else percent_text(v, 1, sign=True)
                        if "同比" in str(col) or "growth" in str(col)
                        else percent_text(v)
                    )
                    for v in shown[col]
                ]
            elif str(shown[col].dtype).startswith("float"):
                shown[col] = ["" if v != v else whole_text(v) for v in shown[col]]
        if name == ranking and len(views) > 1 and len(shown) > 20:
            shown = shown.head(20)
            name = (
                f"{name}: first 20 of {len(frame):,} (all: --by customers)"
                if en
                else f"{name}：前 20 名，共 {len(frame):,} 家（全部：--by customers）"
            )
        else:
            shown, name = terminal_cut(shown, name, lang, total=ends_in_total(shown))
        print_frame(shown, "table", title=name)
    if result.segment_error and "segment" in views:
        console.print(("no segments: " if en else "无法分群：") + result.segment_error.text(lang))
