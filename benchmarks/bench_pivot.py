"""Pivot speed on a big workspace: `regiontool pivot --by town --by tier` end to end vs pandas.

    python benchmarks/bench_pivot.py [--companies 400000] [--contacts 1000000]

Builds a synthetic workspace (the real schema, filled by SQL, not by import: the point
here is the pivot), then times the CLI as a user runs it (a fresh process, start-up
included), the library call alone, and pandas `pivot_table(margins=True)` on an
in-memory frame of the same data. Target: CLI ≤ 1.5 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import best

TOWNS = [f"第{i}镇" for i in range(1, 40)] + ["长河镇", "周巷镇", "新浦镇", "浒山街道", "古塘街道"]
TIERS = ["A", "B", "C", "D", "E", "F1", "F2", "F3", "O", "V", None]
TIER_WEIGHTS = [6, 10, 15, 20, 4, 3, 3, 5, 12, 5, 17]
INDUSTRIES = ["电子电器", "五金机械", "模具", "塑料", "汽配", "纸业包装印刷", "化工", "贸易", None]
MANAGERS = ["王海波", "沈晓东", "徐敏", "孙志强", "李娜", None]


def build(db: Path, companies: int, contacts: int, seed: int = 7) -> float:
    from regiontool.store import Workspace

    rng = random.Random(seed)
    t = time.perf_counter()
    ws = Workspace.open(db, create=True)
    con = ws.db.raw
    con.execute("PRAGMA synchronous = OFF")
    with ws.transaction():
        con.execute(
            "INSERT INTO imports (path, file_name, sha256, headers, mapping, imported_at, summary)"
            " VALUES ('synthetic', 'synthetic', '', '[]', '{}', '', '{}')"
        )
        con.executemany(
            "INSERT INTO companies (id, name, name_key, address, town, county, industry, size, tier, manager,"
            " scope, basis) VALUES (?, ?, ?, ?, ?, '慈溪市', ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    f"企业{i}有限公司",
                    f"企业{i}有限公司",
                    f"浙江省宁波市慈溪市{town}工业路{i % 999}号",
                    town,
                    rng.choice(INDUSTRIES),
                    rng.choice(["大型", "中型", "小型", "微型", None]),
                    rng.choices(TIERS, TIER_WEIGHTS)[0],
                    rng.choice(MANAGERS),
                    "电器配件、家用电器制造、加工",
                    '{"town": "地址 → 某镇（慈溪市，全国唯一）"}',
                )
                for i in range(1, companies + 1)
                for town in [rng.choice(TOWNS)]
            ),
        )
        con.executemany(
            "INSERT INTO contacts (company_id, contact_key, name, phone, key_contact, import_id, source_row)"
            " VALUES (?, ?, ?, ?, ?, 1, ?)",
            (
                (
                    rng.randint(1, companies),
                    f"c{j}",
                    f"联系人{j}",
                    f"138{j:08d}",
                    rng.choice(["是", "否", None]),
                    j,
                )
                for j in range(contacts)
            ),
        )
    ws.close()
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--companies", type=int, default=400_000)
    ap.add_argument("--contacts", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        f"{args.companies:,} companies, {args.contacts:,} contacts"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        print(
            f"build synthetic workspace: {build(db, args.companies, args.contacts):.1f} s "
            f"({db.stat().st_size / 1e6:,.0f} MB)"
        )
        exe = str(Path(sys.executable).with_name("regiontool"))
        cmd = [exe, "pivot", "--by", "town", "--by", "tier", "--db", str(db), "--format", "csv"]
        cli = best(lambda: subprocess.run(cmd, check=True, capture_output=True))
        contacts_cmd = [exe, "pivot", "--by", "key_contact", "--by", "tier", "--db", str(db), "-f", "csv"]
        cli_contacts = best(lambda: subprocess.run(contacts_cmd, check=True, capture_output=True))

        from regiontool import pivots
        from regiontool.store import Workspace

        with Workspace.open(db) as ws:
            req = pivots.make_request(ws, ["town", "tier"])
            lib = best(lambda: pivots.pivot(ws, req))
            grand = pivots.pivot(ws, req).records

        import pandas as pd

        t = time.perf_counter()
        frame = pd.read_sql_query("SELECT town, tier FROM companies", sqlite3.connect(db))
        load = time.perf_counter() - t
        naive = best(
            lambda: frame.pivot_table(
                index="town", columns="tier", aggfunc="size", margins=True, fill_value=0
            )
        )
        table = frame.pivot_table(index="town", columns="tier", aggfunc="size", margins=True, fill_value=0)
        print()
        print(f"{'what':55} {'seconds':>8}")
        print(f"{'regiontool pivot --by town --by tier (CLI, fresh process)':55} {cli:8.2f}")
        print(f"{'regiontool pivot --by key_contact --by tier (contacts)':55} {cli_contacts:8.2f}")
        print(f"{'  library call pivots.pivot() alone':55} {lib:8.2f}")
        print(f"{'pandas pivot_table(margins=True), frame in memory':55} {naive:8.2f}")
        print(f"{'  + loading that frame from SQLite first':55} {load + naive:8.2f}")
        print()
        print(
            f"grand total: regiontool {grand:,}; pandas margins {int(table.loc['All', 'All']):,} "
            f"(pandas drops the {grand - int(table.loc['All', 'All']):,} companies with a blank town or tier)"
        )
        verdict = "met" if cli <= 1.5 else "missed"
        print(f"target CLI ≤ 1.5 s: {verdict} ({cli:.2f} s)")


if __name__ == "__main__":
    main()
