"""Commands that change one company by hand, and its history."""

from __future__ import annotations

from typing import Annotated

import typer

from . import DbOption, FormatOption, LangOption, _check_lang, app, handle_errors, line_console


@app.command("set")
@handle_errors
def set_cmd(
    name: Annotated[
        str, typer.Argument(help="The company (full name, or a part that names one).", show_default=False)
    ],
    tier: Annotated[str | None, typer.Option(help="A B C D E F1 F2 F3 O V (or its Chinese meaning).")] = None,
    manager: Annotated[str | None, typer.Option(help="Owner (区域经理).")] = None,
    town: Annotated[
        str | None, typer.Option(help="Township (镇街) of the gazetteer; its county (区县) follows it.")
    ] = None,
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
    competitor: Annotated[str | None, typer.Option(help="The software they use now (现用软件).")] = None,
    note: Annotated[str | None, typer.Option(help="A dated remark kept in the history.")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Keep a --town the gazetteer does not have (or not in --county) as written."
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changes, write nothing.")] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Change one company's key fields by hand; every change goes into its history.

    Example:  regiontool set 慈溪市华峰电器厂 --tier A --note "约了下周上门"
    """
    from .. import vocab
    from ..editing import set_fields
    from ..store import Workspace

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
        "competitor": competitor,
    }
    with Workspace.open(db) as ws:
        company, changes = set_fields(ws, name, values, note, dry_run=dry_run, force=force)
    console = line_console(
        markup=False, emoji=False
    )  # data text: controls shown, never raw; no :emoji: codes
    if not changes:
        console.print(f"{company}: nothing changed" if lang == "en" else f"{company}：没有变化")
        return
    if dry_run:
        console.print("dry run: nothing written" if lang == "en" else "试运行：未写入")
    for c in changes:
        label = vocab.label(c.field, lang) if c.field != "note" else ("note" if lang == "en" else "备注")
        old, new = (vocab.value_label(c.field, v, lang) if v else v for v in (c.old, c.new))
        console.print(f"{company}{': ' if lang == 'en' else '：'}{label} {old or '∅'} → {new}")


@app.command()
@handle_errors
def link(
    customer: Annotated[
        str, typer.Argument(help="The customer name as the orders file writes it.", show_default=False)
    ],
    company: Annotated[
        str,
        typer.Argument(help="The company it is (full name, or a part that names one).", show_default=False),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be linked, write nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Link even a name that is a company's own, its orders linked to it."),
    ] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Link an orders customer name to a company, after checking a candidate `problems` offered.

    Orders are never linked on a resemblance alone; this is how you confirm one (--dry-run first
    shows what it would link).

    Example:  regiontool link "宁波晨光电子厂" "宁波晨丰电子厂" --dry-run
    """
    from .. import vocab
    from ..editing import link_customer
    from ..store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        name, n = link_customer(ws, customer, company, dry_run=dry_run, force=force)
    prefix = ("dry run: " if lang == "en" else "试运行：") if dry_run else ""
    text = vocab.IMPORT_LINES["linked"][1 if lang == "en" else 0]
    line_console(markup=False, emoji=False).print(
        prefix + vocab.fill(text, customer=customer, name=name, n=n)
    )


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

    Example:  regiontool history 慈溪市华峰电器厂
    """
    import pandas as pd

    from .. import vocab
    from ..editing import company_history
    from ..explain import history_in_lang
    from ..render import print_frame
    from ..store import Workspace

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
            for h in (history_in_lang(h, lang) for h in rows)  # coded values in --lang
        ],
        columns=["when", "field", "old", "new", "source"] if en else ["时间", "字段", "原值", "新值", "来源"],
    )
    print_frame(df, fmt, title=(f"{company}: {len(df)} changes" if en else f"{company}：{len(df)} 处变更"))


@app.command()
@handle_errors
def merge(
    other: Annotated[
        str,
        typer.Argument(
            help="The firm to merge away (full name, or a part that names one).", show_default=False
        ),
    ],
    kept: Annotated[
        str, typer.Argument(help="The firm it is, which stays (full name, or a part).", show_default=False)
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would move, write nothing.")] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Merge a possible duplicate into the firm it is: its contacts, orders, payments and activities
    move there, blank fields are filled from it, and later files writing its name land there.

    Example:  regiontool merge 慈溪市华峰电器厂 宁波华峰电器有限公司 --dry-run
    """
    from .. import vocab
    from ..editing import merge_companies
    from ..store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        done = merge_companies(ws, other, kept, dry_run=dry_run)
    en = lang == "en"
    prefix = ("dry run: " if en else "试运行：") if dry_run else ""
    labels = [vocab.label(f, lang) for f in done.filled]
    filled = (", ".join(labels) or "none") if en else ("、".join(labels) or "无")
    text = vocab.IMPORT_LINES["merged"][1 if en else 0]
    values = done.model_dump(include={"contacts", "orders", "payments", "activities"})
    line = vocab.fill(text, other=done.other, kept=done.kept, filled=filled, **values)
    if done.same_people:
        line += vocab.fill(vocab.IMPORT_LINES["merged-same-people"][1 if en else 0], n=done.same_people)
    if done.was_apart:
        line += vocab.fill(
            vocab.IMPORT_LINES["merged-was-apart"][1 if en else 0], other=done.other, kept=done.kept
        )
    lines = [prefix + line]
    for field, theirs, mine in done.dropped:
        text = vocab.IMPORT_LINES["merged-not-taken"][1 if en else 0]
        lines.append(vocab.fill(text, field=vocab.label(field, lang), other=theirs, kept=mine))
    orders, payments = done.moved_amounts
    if done.managers and (done.orders or done.payments):  # lines move (none: no line, review r88 F1, r89 F4)
        text = vocab.IMPORT_LINES["merged-manager-moves"][1 if en else 0]
        old, new = done.managers
        from ..normalize import excel_round  # half away from zero, as every yuan figure (review r88 F2)

        orders, payments = excel_round(orders), excel_round(payments)
        lines.append(vocab.fill(text, other=done.other, orders=orders, payments=payments, old=old, new=new))
    console = line_console(markup=False, emoji=False)
    for text in lines:
        console.print(text)


@app.command()
@handle_errors
def apart(
    first: Annotated[str, typer.Argument(help="One firm a possible duplicate names.", show_default=False)],
    second: Annotated[str, typer.Argument(help="The other firm it names.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the decision, write nothing.")] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Record that two names listed as possible duplicates are two different firms: the pair is
    never listed again.

    Example:  regiontool apart 宁波东方模具有限责任公司 慈溪东方模具有限公司
    """
    from .. import vocab
    from ..editing import keep_apart
    from ..store import Workspace

    lang = _check_lang(lang)
    with Workspace.open(db) as ws:
        a, b, new = keep_apart(ws, first, second, dry_run=dry_run)
    en = lang == "en"
    prefix = ("dry run: " if en else "试运行：") if dry_run else ""
    text = vocab.IMPORT_LINES["kept-apart" if new else "kept-apart-before"][1 if en else 0]
    line_console(markup=False, emoji=False).print(prefix + vocab.fill(text, a=a, b=b))
