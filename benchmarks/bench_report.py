"""`regiontool report` on a 100,000-contact workspace with 200,000 order lines, beside the sum
of the individual commands that write the same sections.

    python benchmarks/bench_report.py [--rows 100000] [--orders 200000]

The workspace is the real import of the seeded 100,000-row example workbook (cached in
benchmarks/out/ by bench_import.py's helper); the order lines are added by SQL for its
companies (the point here is the report, not the orders import). Target: report ≤ 15 s on
a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import contacts_file  # noqa: E402
from common import git_state  # noqa: E402

AS_OF = dt.date(2026, 11, 20)


def add_orders(db: Path, n: int, seed: int = 5) -> None:
    from regiontool.store import ORDER_INSERT, Workspace

    rng = random.Random(seed)
    with Workspace.open(db) as ws:
        companies = ws.db.raw.execute("SELECT id, name, name_key FROM companies").fetchall()
        buyers = rng.sample(companies, max(1, len(companies) // 6))
        start = AS_OF.toordinal() - 3 * 365
        with ws.transaction():
            ws.db.raw.execute(
                "INSERT INTO imports (path, file_name, sha256, kind, headers, mapping, imported_at, summary)"
                " VALUES ('synthetic', 'orders.xlsx', '', 'orders:xlsx', '[]', '{}', '', '{}')"
            )
            import_id = ws.db.raw.execute("SELECT MAX(id) FROM imports").fetchone()[0]
            rows = []
            for k in range(n):
                cid, name, key = rng.choice(buyers)
                day = dt.date.fromordinal(start + int(rng.random() ** 0.6 * 3 * 365))
                rows.append(
                    (
                        f"row:{k}",
                        cid,
                        name,
                        key,
                        day.isoformat(),
                        round(rng.lognormvariate(9, 1), -1),
                        "ERP",
                        1,
                    )
                    + (f"SO{k}", import_id, "orders.xlsx", "订单明细", k + 2)
                )
            columns = [c for c in ORDER_INSERT if c != "paid"]  # the synthetic lines carry no paid amount
            ws.db.raw.executemany(
                f"INSERT INTO orders ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--orders", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=20261125)
    args = ap.parse_args(argv)
    exe = str(Path(sys.executable).with_name("regiontool"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {git_state()}")
    src, how = contacts_file(args.rows, args.seed)
    print(f"contacts: {src.name} ({how})")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "ws.db"
        env_db = ["--db", str(db)]
        t = timed([exe, "import", str(src), *env_db], work)
        add_orders(db, args.orders)
        from regiontool.store import Workspace

        with Workspace.open(db) as ws:
            counts = ws.counts()
        print(
            f"workspace: {counts['companies']:,} companies, {counts['contacts']:,} contacts, "
            f"{counts['orders']:,} order lines (import {t:.1f} s)"
        )
        day = ["--as-of", AS_OF.isoformat()]
        report = min(timed([exe, "report", *day, "--out", "report.xlsx", *env_db], work) for _ in range(2))
        parts = {
            "pivot --standard --out": [exe, "pivot", "--standard", "--out", "pivots.xlsx", *env_db],
            "tiers --out": [exe, "tiers", "--out", "tiers.xlsx", *env_db],
            "market --out": [exe, "market", "--out", "market.xlsx", *env_db],
            "rfm --out": [exe, "rfm", *day, "--out", "rfm.xlsx", *env_db],
            "plan --week --out": [
                exe,
                "plan",
                "--week",
                "--today",
                AS_OF.isoformat(),
                "--out",
                "plan.xlsx",
                *env_db,
            ],
            "export 资源表.xlsx": [exe, "export", "资源表.xlsx", *env_db],
        }
        times = {name: timed(cmd, work) for name, cmd in parts.items()}
        size = (work / "report.xlsx").stat().st_size / 1e6
        print()
        print(f"{'what':46} {'seconds':>8}")
        print(f"{'regiontool report (one workbook, ' + f'{size:.0f} MB)':46} {report:8.2f}")
        for name, secs in times.items():
            print(f"{'  ' + name:46} {secs:8.2f}")
        total = sum(times.values())
        print(f"{'  sum of the six commands (six files)':46} {total:8.2f}")
        print(f"ratio sum / report: {total / report:.2f}×")
        print(f"target report ≤ 15 s: {'met' if report <= 15 else 'missed'} ({report:.2f} s)")


if __name__ == "__main__":
    main()
