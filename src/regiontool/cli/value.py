"""Customer value from orders: `regiontool rfm`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .. import normalize, vocab
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


def parse_bins(text: str | None, option: str) -> list[float] | None:
    """--r-bins 30,90,180,365 → the cut points as written (RfmOptions checks there are four,
    increasing); --m-bins, in yuan, is read as `target set` reads money (1万, ¥50,000 …)."""
    if not text:
        return None
    try:
        if option == "--m-bins":
            values = [normalize.parse_amount(v) for v in text.replace("，", ",").split(",")]
            if None in values:
                raise ValueError
            return values
        return [float(v.strip().replace("_", "")) for v in text.replace("，", ",").split(",")]
    except ValueError:
        example = vocab.RFM_BIN_EXAMPLES[option.lstrip("-").replace("-", "_")]
        raise UsageError(
            f"{option} '{text}' is not a list of numbers",
            f"for example {option} {example}",
            zh=f"{option} '{text}' 不是一串数字：例如 {option} {example}",
        ) from None


@app.command()
@handle_errors
def rfm(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date to measure recency from (default today).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only orders on or after this date.")] = None,
    r_bins: Annotated[
        str | None, typer.Option(help="Recency cut points in days, e.g. 30,90,180,365 (default quintiles).")
    ] = None,
    f_bins: Annotated[str | None, typer.Option(help="Frequency cut points in orders, e.g. 1,2,4,8.")] = None,
    m_bins: Annotated[
        str | None,
        typer.Option(
            help="Monetary cut points in yuan, e.g. 10000,50000,100000,500000 or 1万,5万,10万,50万."
        ),
    ] = None,
    volume_split: Annotated[
        float | None,
        typer.Option(help="Monetary (yuan) from which a customer is large (default the median)."),
    ] = None,
    loyalty_split: Annotated[
        float | None,
        typer.Option(
            help="Loyalty (orders × regularity) from which a customer is loyal (default the median)."
        ),
    ] = None,
    churn_k: Annotated[
        float, typer.Option(help="Warn when the silence exceeds k × the customer's median interval.")
    ] = 2.0,
    churn_days: Annotated[
        int, typer.Option(help="Silence (days) that warns for a customer with one order.")
    ] = 365,
    fmt: FormatOption = "table",
    out: OutOption = None,
    manager: ManagerOption = None,
    everyone: AllOption = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Customer value from orders: RFM scores and segments, volume × loyalty, churn warnings.

    Scores 1–5 come from quintiles (equal values always score alike) or from your cut
    points; the cut points used are always printed. With --out rfm.xlsx: segments with a
    chart, the quadrants, the churn list and every customer.

    Example:  regiontool rfm --as-of 2026-11-20 --r-bins 30,90,180,365 --out rfm.xlsx
    """
    import datetime as dt

    from .. import value as value_mod
    from ..analysis.rfm import RfmOptions

    lang = _check_lang(lang)
    if churn_k <= 0 or churn_days <= 0:
        raise UsageError(
            "--churn-k and --churn-days must be positive", zh="--churn-k 和 --churn-days 必须大于 0"
        )
    options = RfmOptions(
        r_bins=parse_bins(r_bins, "--r-bins"),
        f_bins=parse_bins(f_bins, "--f-bins"),
        m_bins=parse_bins(m_bins, "--m-bins"),
        volume_split=volume_split,
        loyalty_split=loyalty_split,
        churn_k=churn_k,
        churn_days=churn_days,
    )
    day = parse_day(as_of, "--as-of") or dt.date.today()
    start = parse_day(since, "--since")
    with open_workspace(db, manager, everyone) as ws:
        result = value_mod.customer_value(ws, day, start, options)
        inputs = [*ws.input_paths(), str(ws.path)]
    if out is not None:
        from ..io.write import atomic_path, check_output_path
        from ..render import write_frames

        suffix = out.suffix.lower()
        if suffix == ".xlsx":
            from ..io.write import write_pivot_workbook

            check_output_path(out, inputs)
            write_pivot_workbook(
                out,
                value_mod.rfm_sheets(result, lang),
                {"value_axis": vocab.label("unit_customers", lang), "lang": lang},
            )
        elif suffix == ".json":  # the very payload of -f json
            check_output_path(out, inputs)
            with atomic_path(out) as tmp:
                tmp.write_text(_json_text(value_mod.rfm_json(result, lang)), encoding="utf-8")
        else:
            write_frames(
                out,
                [(vocab.sheet_name("rfm_customers", lang), value_mod.customer_table(result, lang))],
                inputs,
            )
        print(out)
        return
    from ..render import print_frame

    if fmt == "json":
        sys.stdout.write(_json_text(value_mod.rfm_json(result, lang)))
        return
    if fmt == "csv":
        print_frame(value_mod.customer_table(result, lang), "csv")
        return
    if fmt != "table":
        raise UsageError(
            f"unknown --format '{fmt}'",
            "use table, csv or json",
            zh=f"--format '{fmt}' 无效：请用 table、csv 或 json",
        )
    _print_summary(result, lang)


def _json_text(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"


def _print_summary(result, lang: str) -> None:

    from .. import value as value_mod
    from ..io.write import percent_text, whole_text
    from ..render import print_frame

    en = lang == "en"
    console = line_console()
    for line in value_mod.notes(result, lang):
        console.print(line)
    print_frame(value_mod.cut_points_table(result, lang), title="cut points" if en else "分界点")
    seg = value_mod.segment_table(result, lang)
    for c in seg.columns[[2, 4]]:
        seg[c] = [percent_text(v) for v in seg[c]]
    seg[seg.columns[3]] = [whole_text(v) for v in seg[seg.columns[3]]]
    print_frame(seg, title="RFM segments" if en else "RFM 客户分群")
    quad = value_mod.quadrant_table(result, lang)
    for c in quad.columns[[2, 4]]:
        quad[c] = [percent_text(v) for v in quad[c]]
    quad[quad.columns[3]] = [whole_text(v) for v in quad[quad.columns[3]]]
    print_frame(quad, title="volume × loyalty" if en else "规模 × 忠诚度")
    churn = value_mod.churn_table(result, lang)
    shown = churn.head(20)
    title = vocab.fill(vocab.WORDS["churn_title"][en], n=len(churn), shown=len(shown))
    if len(churn):
        print_frame(shown.drop(columns=shown.columns[[1, 3]]), title=title)
    else:
        console.print("no churn warnings" if en else "没有流失预警")
    console.print(
        "per customer: --out rfm.xlsx, or --format csv"
        if en
        else "每个客户的明细：--out rfm.xlsx 或 --format csv",
        style="dim",
    )
