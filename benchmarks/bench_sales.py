"""Purchase behaviour on a million order lines: `regiontool sales` end to end vs a naive pandas script.

    python benchmarks/bench_sales.py [--orders 1000000] [--customers 20000]

Builds the synthetic workspace of bench_rfm.py (the real schema, filled by SQL; products,
towns and industries added), then times the CLI as a user runs it (a fresh process,
start-up included) beside the usual recipe — every line into pandas, then one groupby per
view — and checks that both give the same month and product totals.
Target: CLI ≤ 5 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_rfm import AS_OF  # noqa: E402
from common import best, git_state  # noqa: E402

PRODUCTS = ("ERP标准版", "ERP专业版", "实施服务", "二次开发", "年度维护")
INDUSTRIES = ("电子电器", "五金机械", "塑料", "模具", "汽配", "化工")


def build(db: Path, orders: int, customers: int, seed: int = 11) -> float:
    """Companies and order lines written straight into a new workspace (the import is not timed)."""
    import datetime as dt
    import random
    import time

    from regiontool.store import Workspace

    rng = random.Random(seed)
    t = time.perf_counter()
    ws = Workspace.open(db, create=True)
    con = ws.db.raw
    con.execute("PRAGMA synchronous = OFF")
    start = AS_OF.toordinal() - 3 * 365
    with ws.transaction():
        con.executemany(
            "INSERT INTO companies (id, name, name_key, tier, manager, town) VALUES (?, ?, ?, 'V', ?, ?)",
            (
                (i, f"客户{i}有限公司", f"客户{i}有限公司", f"经理{i % 7}", f"第{i % 40}镇")
                for i in range(1, customers + 1)
            ),
        )
        weights = [rng.paretovariate(1.2) for _ in range(customers)]
        ids = rng.choices(range(1, customers + 1), weights, k=orders)
        con.executemany(
            "INSERT INTO orders (order_key, company_id, customer, customer_key, order_date, amount, order_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    f"row:{n}",
                    cid,
                    f"客户{cid}有限公司",
                    f"客户{cid}有限公司",
                    dt.date.fromordinal(start + int(rng.random() ** 0.7 * 3 * 365)).isoformat(),
                    round(rng.lognormvariate(9, 1), -1),
                    f"SO{n}" if n % 3 else None,
                )
                for n, cid in enumerate(ids)
            ),
        )
    con.execute("ANALYZE")
    ws.close()
    return time.perf_counter() - t


def spread(db: Path) -> None:
    """Products on the lines and industries on the companies, by id (deterministic)."""
    con = sqlite3.connect(db)
    con.create_function("pick_product", 1, lambda i: PRODUCTS[i % len(PRODUCTS)])
    con.create_function("pick_industry", 1, lambda i: INDUSTRIES[i % len(INDUSTRIES)])
    con.execute("UPDATE orders SET product = pick_product(id)")
    con.execute("UPDATE companies SET industry = pick_industry(id)")
    con.commit()
    con.close()


def naive(db: Path) -> dict:
    """Every line into pandas, then a groupby per view (month, product, town, industry, customer)."""
    import pandas as pd

    con = sqlite3.connect(db)
    df = pd.read_sql_query(
        "SELECT o.order_date, o.amount, o.product, o.company_id, c.town, c.industry"
        " FROM orders o LEFT JOIN companies c ON c.id = o.company_id",
        con,
    )
    df["order_date"] = pd.to_datetime(df["order_date"])
    this = df[(df["order_date"] >= f"{AS_OF.year}-01-01") & (df["order_date"] <= str(AS_OF))]
    last = df[df["order_date"].dt.year == AS_OF.year - 1]
    out = {
        "month": this.groupby(this["order_date"].dt.month)["amount"].sum(),
        "month_last": last.groupby(last["order_date"].dt.month)["amount"].sum(),
        "product": this.groupby("product")["amount"].sum(),
        "town": this.groupby("town")["amount"].sum(),
        "industry": this.groupby("industry")["amount"].sum(),
    }
    per = this.groupby("company_id")["amount"].sum().sort_values(ascending=False)
    out["top20"] = per.head(-(-len(per) // 5)).sum() / per.sum()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=20_000)
    args = ap.parse_args(argv)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {git_state()}; "
        f"{args.orders:,} order lines, {args.customers:,} customers"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "orders.db"
        built = build(db, args.orders, args.customers)
        spread(db)
        print(f"build synthetic workspace: {built:.1f} s ({db.stat().st_size / 1e6:,.0f} MB)")
        exe = str(Path(sys.executable).with_name("regiontool"))
        base = [exe, "sales", "--as-of", AS_OF.isoformat(), "--db", str(db)]
        cli_json = best(
            lambda: subprocess.run([*base, "--format", "json"], check=True, capture_output=True), 2
        )
        cli_month = best(
            lambda: subprocess.run([*base, "--by", "month", "-f", "csv"], check=True, capture_output=True), 2
        )
        out = Path(tmp) / "sales.xlsx"
        cli_xlsx = best(
            lambda: subprocess.run([*base, "--out", str(out)], check=True, capture_output=True), 1
        )
        naive_time = best(lambda: naive(db), 2)

        import json

        mine = json.loads(subprocess.run([*base, "--format", "json"], check=True, capture_output=True).stdout)
        theirs = naive(db)
        months = {i + 1: r["2026年"] for i, r in enumerate(mine["月度销售"][:12]) if r["2026年"] is not None}
        same_months = all(abs(months[m] - theirs["month"].get(m, 0)) < 0.5 for m in months)
        products = {r["产品"]: r["金额"] for r in mine["产品销售"][:-1]}
        same_products = all(abs(products[p] - v) < 0.5 for p, v in theirs["product"].items())
        same_top = abs(mine["top_customers_sales_share"] - theirs["top20"]) < 1e-9

        print()
        print(f"{'what':58} {'seconds':>8}")
        print(f"{'regiontool sales --format json (every view, CLI)':58} {cli_json:8.2f}")
        print(f"{'regiontool sales --by month -f csv':58} {cli_month:8.2f}")
        print(f"{'regiontool sales --out sales.xlsx (7 sheets, charts)':58} {cli_xlsx:8.2f}")
        print(f"{'naive pandas: load all lines, groupby per view':58} {naive_time:8.2f}")
        print(f"ratio naive / regiontool CLI (json): {naive_time / cli_json:.1f}×")
        print(f"months, products and top-20% share agree: {same_months and same_products and same_top}")
        verdict = "met" if cli_json <= 5 else "missed"
        print(f"target CLI ≤ 5 s: {verdict} ({cli_json:.2f} s)")


if __name__ == "__main__":
    main()
