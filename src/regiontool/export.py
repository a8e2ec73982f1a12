"""The resource table (资源表) and problem list as plain tables, ready for any writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from . import vocab
from .problems import Problem
from .store import Workspace

if TYPE_CHECKING:
    import pandas as pd


def _value_label(field: str, value: str | None, lang: str) -> str | None:
    if value is None or lang != "en":
        return value
    if field == "key_contact" and value in vocab.YES_NO_LABELS:
        return vocab.YES_NO_LABELS[value][1]
    if field == "size":
        return vocab.SIZE_LABELS.get(value, value)
    return value


def resource_table(ws: Workspace, lang: str = "zh") -> pd.DataFrame:
    """One row per contact: the original columns, then the key fields, then traceability."""
    import pandas as pd

    imports = ws.imports()
    original: list[str] = []
    positions: dict[int, list[int]] = {}
    index: dict[str, int] = {}
    for imp in imports:
        pos = []
        for h in imp["headers"]:
            if h not in index:
                index[h] = len(original)
                original.append(h)
            pos.append(index[h])
        positions[imp["id"]] = pos
    clean = vocab.WORDS["clean_suffix"][1 if lang == "en" else 0]
    key_labels = [vocab.label(f, lang) for f in vocab.EXPORT_FIELDS]
    key_labels = [f"{lab}{clean}" if lab in index else lab for lab in key_labels]
    trace_labels = [vocab.label(f, lang) for f in vocab.TRACE_FIELDS]
    trace_labels = [f"{lab}{clean}" if lab in index else lab for lab in trace_labels]

    n_orig = len(original)
    originals: dict[int, dict[int, list]] = {}
    rows = []
    for (
        cid,
        name,
        address,
        town,
        county,
        industry,
        size,
        tier,
        tier_raw,
        manager,
        basis,
        contact,
        phone,
        key_contact,
        key_contact_raw,
        source_file,
        source_sheet,
        source_row,
        import_id,
    ) in ws.resource_rows():
        row: list = [None] * n_orig
        if import_id not in originals:
            originals[import_id] = ws.import_rows(import_id)
        cells = originals[import_id].get(source_row)
        if cells:
            for p, v in zip(positions.get(import_id, ()), cells, strict=False):
                row[p] = v
        row += [
            name,
            address,
            contact,
            phone,
            manager,
            town,
            county,
            industry,
            _value_label("size", size, lang),
            tier or tier_raw,
            _value_label("key_contact", key_contact, lang) or key_contact_raw,
            basis_text(basis, lang),
            cid,
            source_file,
            source_sheet,
            source_row,
        ]
        rows.append(row)
    return pd.DataFrame(rows, columns=[*original, *key_labels, *trace_labels], dtype=object)


BASIS_ORDER = ("town", "county", "industry", "size")


def basis_text(basis: str | None, lang: str = "zh") -> str | None:
    """The stored reasons as one cell: 镇街：地址 → 长河镇（慈溪市…）；行业：名称关键词“电器”."""
    if not basis:
        return None
    reasons = orjson.loads(basis)
    sep = "; " if lang == "en" else "；"
    colon = ": " if lang == "en" else "："
    return sep.join(f"{vocab.label(k, lang)}{colon}{reasons[k]}" for k in BASIS_ORDER if reasons.get(k))


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


def problem_table(ws: Workspace, lang: str = "zh") -> pd.DataFrame:
    """The stored problems, one per row, labelled in the user's language."""
    import pandas as pd

    rows = []
    for p in ws.problems():
        problem = Problem(
            code=p["code"],
            file=p["file"] or "",
            sheet=p["sheet"] or "",
            row=p["row"],
            column=p["col"] or "",
            value=p["value"] or "",
            message_zh=p["message_zh"] or "",
            message_en=p["message_en"] or "",
        )
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
