"""The resource table (资源表) and problem list as plain tables, ready for any writer."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import vocab
from .io.write import KEY_COLUMNS
from .problems import Problem
from .problems import messages as _messages
from .records import unpack_rows
from .store import Workspace

if TYPE_CHECKING:
    import pandas as pd


def resource_table(ws: Workspace, lang: str = "zh") -> pd.DataFrame:
    """One row per contact: the original columns, then the key fields, then traceability.

    Built column by column: the original cells of each import are aligned to its contacts
    by sheet row in one reindex, not row by row.
    """
    import pandas as pd

    imports = [imp for imp in ws.imports() if vocab.import_table(imp["kind"]) == "contacts"]
    original: list[str] = list(dict.fromkeys(h for imp in imports for h in imp["headers"]))
    # English headers are the fields' keys (key_contact, company_id); an import knows them again
    key_labels = vocab.export_headers(original, lang)

    firm_cols = [
        "company_id",
        "name",
        "address",
        "manager",
        "town",
        "county",
        "industry",
        "size",
        "tier",
        "tier_raw",
        *(f"basis_{k}" for k in BASIS_ORDER),
    ]
    firms = pd.DataFrame(ws.resource_companies(BASIS_ORDER), columns=firm_cols, dtype=object).set_index(
        "company_id", drop=False
    )
    contact_cols = [
        "company_id",
        "contact",
        "phone",
        "key_contact",
        "key_contact_raw",
        "source_file",
        "source_sheet",
        "source_row",
        "import_id",
    ]
    contacts = pd.DataFrame(ws.resource_contacts(), columns=contact_cols, dtype=object)
    contacts = contacts.sort_values(["import_id", "source_row"], kind="stable", ignore_index=True)
    # Each company's fields repeated onto its contacts in one vectorised lookup, not a SQL join.
    facts = firms.reindex(contacts["company_id"].to_numpy()).reset_index(drop=True)
    for c in contact_cols[1:]:
        facts[c] = contacts[c]
    n = len(facts)
    parts = []
    for imp in imports:
        mask = (facts["import_id"] == imp["id"]).to_numpy()
        if not mask.any():
            continue
        packed = ws.import_rows(imp["id"])
        excel_rows, rows = unpack_rows(packed) if packed else ([], [])
        width = max(map(len, rows), default=0)  # rows given kept cells are longer (keep_original_cells)
        rows = [r if len(r) == width else [*r, *[None] * (width - len(r))] for r in rows]
        block = pd.DataFrame(rows, index=excel_rows, dtype=object) if rows else pd.DataFrame()
        block.columns = imp["headers"][: block.shape[1]]
        aligned = block.reindex(facts.loc[mask, "source_row"].astype(int).to_numpy())
        aligned.index = facts.index[mask]
        parts.append(aligned)
    orig = (
        pd.concat(parts).reindex(index=facts.index, columns=original)
        if parts
        else pd.DataFrame(index=facts.index, columns=original)
    )

    size, key_contact, industry = facts["size"], facts["key_contact"], facts["industry"]
    if lang == "en":  # each distinct value translated once
        size, key_contact, industry = (
            s.map({v: vocab.value_label(f, v, "en") for v in s.dropna().unique()}, na_action="ignore")
            for f, s in (("size", size), ("key_contact", key_contact), ("industry", industry))
        )
    # Each firm's reasons are formatted once, then spread onto its contacts.
    firm_basis = pd.Series(basis_texts(firms[[f"basis_{k}" for k in BASIS_ORDER]].to_numpy().tolist(), lang))
    basis = facts["company_id"].map(pd.Series(firm_basis.to_numpy(), index=firms.index))
    keys = pd.DataFrame(
        {
            0: facts["name"],
            1: facts["address"],
            2: facts["contact"],
            3: facts["phone"],
            4: facts["manager"],
            5: facts["town"],
            6: facts["county"],
            7: industry,
            8: size,
            9: facts["tier"].where(facts["tier"].notna(), facts["tier_raw"]),
            10: key_contact.where(key_contact.notna(), facts["key_contact_raw"]),
            11: basis,
            12: facts["company_id"],
            13: facts["source_file"],
            14: facts["source_sheet"],
            15: facts["source_row"],
        },
        index=facts.index,
    )
    keys.columns = key_labels
    out = pd.concat([orig.astype(object), keys.astype(object)], axis=1)
    out.index = range(n)
    # The firm's name, printed on every page of a table wider than one: the original column(s) read
    # as the name, else the key field.
    names = [h for imp in imports for h, f in imp["mapping"].items() if f == "company" and h in original]
    out.attrs[KEY_COLUMNS] = list(dict.fromkeys(names)) or [key_labels[0]]
    return out


# The fields whose reasons 推断依据 gives: an address only where it came from a later address column
# (列“通信地址”), a tier only where the sheet's 客户分类 did not give it (列“登记状态”：注销, set by hand).
BASIS_ORDER = ("address", "town", "county", "industry", "size", "tier")


def basis_texts(reasons: list[list[str | None]], lang: str = "zh") -> list[str | None]:
    """Each firm's reasons (in BASIS_ORDER) as one cell: 镇街：地址 → 长河镇（慈溪市…）；行业：名称关键词“电器”."""
    labels = [_basis_labels(lang)[k] for k in BASIS_ORDER]
    sep = "; " if lang == "en" else "；"
    if lang == "en":  # each distinct reason rewritten once
        from .vocab.basis import basis_en

        english = {r: basis_en(r) for r in {r for row in reasons for r in row if r}}
        reasons = [[english.get(r) if r else r for r in row] for row in reasons]
    return [sep.join([lab + r for lab, r in zip(labels, row, strict=True) if r]) or None for row in reasons]


@lru_cache(maxsize=2)
def _basis_labels(lang: str) -> dict[str, str]:
    colon = ": " if lang == "en" else "："
    return {k: vocab.label(k, lang) + colon for k in BASIS_ORDER}


PROBLEM_COLUMNS = (
    "problem_code",
    "problem_title",
    "problem_file",
    "problem_sheet",
    "problem_row",
    "problem_column",
    "problem_value",
    "problem_message",
)


def problem_table(ws: Workspace, lang: str = "zh", extra: list[Problem] = ()) -> pd.DataFrame:
    """The stored problems (and `extra` ones found on the way out), one per row, in the user's language."""
    import pandas as pd

    rows = []
    stored = [
        Problem(
            code=p["code"],
            file=p["file"] or "",
            sheet=p["sheet"] or "",
            row=p["row"],
            column=p["col"] or "",
            value=p["value"] or "",
            message_zh=p["message_zh"] or "",
            message_en=p["message_en"] or "",
        )
        for p in ws.problems()
    ]
    for problem in [*stored, *extra]:
        rows.append(
            [
                problem.code,
                problem.title(lang),
                problem.file,
                problem.sheet,
                problem.row,
                problem.column,
                problem.value,
                problem.message(lang),
            ]
        )
    return pd.DataFrame(rows, columns=[vocab.label(k, lang) for k in PROBLEM_COLUMNS], dtype=object)


def long_cells(table: pd.DataFrame, lang: str = "zh") -> list[Problem]:
    """Cells of the resource table over Excel's 32,767-character limit, which an .xlsx cuts.

    Each is a `cell-truncated` problem at the source file, sheet and row of its contact
    (the last three columns of the table); the CSV and JSON exports keep the whole text.
    """
    from .io.write import EXCEL_CELL_LIMIT

    found = []
    trace = table.iloc[:, -3:].to_numpy(dtype=object).tolist()
    for col in table.columns:
        series = table[col]
        if series.dtype != object:
            continue
        lengths = series.map(lambda v: len(v) if isinstance(v, str) else 0)
        for i in lengths.index[lengths > EXCEL_CELL_LIMIT]:
            file, sheet, row = trace[i]
            n = int(lengths[i])
            found.append(
                Problem(
                    code="cell-truncated",
                    file=str(file or ""),
                    sheet=str(sheet or ""),
                    row=int(row) if row is not None else None,
                    column=str(col),
                    value=series[i][:50] + "…",
                    **_messages("cell-truncated", column=col, n=n, limit=EXCEL_CELL_LIMIT),
                )
            )
    return found


def write_export(
    ws: Workspace, out: Path, lang: str = "zh", table: bool = False
) -> tuple[int, list[Problem]]:
    """Write the resource table (and, in an .xlsx, the problem sheet) to out; with `table` the
    资源表 becomes an Excel Table (Insert → PivotTable in one click; costs a second pass over
    the file, ~1.5 s at 100,000 rows), otherwise it has filter buttons.

    Returns the rows written and the cells an .xlsx had to cut (also listed in its 问题
    sheet). The length check runs only when the writer reported a cut, so the common
    export pays nothing for it.
    """
    from .render import write_frames

    resource = resource_table(ws, lang)
    # a JSON document's keys are the same in every --lang (the records' keys follow --lang)
    json = out.suffix.lower() == ".json"
    frames = [("resources" if json else vocab.label("sheet_resource", lang), resource)]
    if out.suffix.lower() != ".csv":  # a CSV holds the resource table; problems: `regiontool problems`
        frames.append(("problems" if json else vocab.label("sheet_problems", lang), problem_table(ws, lang)))
    inputs = [*ws.input_paths(), str(ws.path)]
    tables = {frames[0][0]: "Resources"} if table else {}
    cut: list[Problem] = []
    if write_frames(out, frames, inputs, tables=tables, importable=True):
        cut = long_cells(resource, lang)
        frames[1] = (frames[1][0], problem_table(ws, lang, cut))
        write_frames(out, frames, inputs, tables=tables, importable=True)
    return len(resource), cut
