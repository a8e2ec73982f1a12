"""The least work any faithful import of a contact sheet does, timed as a program of its own.

    python benchmarks/floor_import.py FILE.xlsx WORKSPACE.db [SHEET]

It parses the sheet with python-calamine (one process, as the bare parse of bench_import.py),
folds the company names into keys (NFKC and OpenCC over the joined column, as regiontool does),
packs the rows as they were (orjson + ISA-L deflate), and writes one row per firm and per
contact into a new SQLite file in one transaction. Nothing else: no other field cleaned, no
key field inferred, no problem listed, no check of the file. `bench_import.py --rounds N
--floor` runs it beside the bare parse and `regiontool import`: the floor ÷ parse ratio says how
much of the ≤ 2× budget is left for the work regiontool does beyond it.
"""

from __future__ import annotations

import sqlite3
import sys
import time
import unicodedata


def main(path: str, db_path: str, sheet: str = "客户联系表") -> None:
    t0 = time.perf_counter()
    import opencc
    import orjson
    from isal import isal_zlib
    from python_calamine import CalamineWorkbook

    t1 = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python()
    t2 = time.perf_counter()
    header = next(
        i for i, r in enumerate(rows[:50]) if any(str(c).strip() in ("企業名稱", "企业名称") for c in r)
    )
    col = next(j for j, c in enumerate(rows[header]) if str(c).strip() in ("企業名稱", "企业名称"))
    rows = rows[header + 1 :]
    names = [r[col] if isinstance(r[col], str) else "" for r in rows]
    joined = unicodedata.normalize("NFKC", "\n".join(n.replace("\n", " ") for n in names))
    folded = opencc.OpenCC("t2s").convert(" ".join(joined.split(" "))).casefold()
    keys = [k.strip() for k in folded.split("\n")]
    packed = isal_zlib.compress(orjson.dumps(rows, default=str), 1)
    firms: dict[str, int] = {}
    for k in keys:
        if k:
            firms.setdefault(k, len(firms) + 1)
    t3 = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, name_key TEXT UNIQUE)")
    db.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, company_id INT, cells BLOB, source_row INT)")
    db.execute("CREATE TABLE imports (id INTEGER PRIMARY KEY, rows BLOB)")
    first: dict[str, int] = {}
    for n, k in enumerate(keys):
        first.setdefault(k, n)
    with db:
        db.executemany(
            "INSERT INTO companies VALUES (?, ?, ?)", [(i, names[first[k]], k) for k, i in firms.items()]
        )
        db.executemany(
            "INSERT INTO contacts (company_id, source_row) VALUES (?, ?)",
            [(firms[k], header + 2 + n) for n, k in enumerate(keys) if k],
        )
        db.execute("INSERT INTO imports (rows) VALUES (?)", (packed,))
    db.close()
    t4 = time.perf_counter()
    print(
        f"imports {t1 - t0:.2f} s, parse {t2 - t1:.2f} s, keys and packing {t3 - t2:.2f} s, store {t4 - t3:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
