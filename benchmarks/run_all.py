"""Every main command at 10k, 100k and 1m contacts, on SQLite and PostgreSQL, beside naive pandas.

    python benchmarks/run_all.py --sizes 10k,100k,1m
    python benchmarks/run_all.py --sizes 10k --backends sqlite --skip-naive
    python benchmarks/run_all.py --sizes 1m --skip-naive --out-json benchmarks/out/run_all_1m.json

For each size N it times `import` (contacts + orders in one command), `pivot --by town
--by tier`, `market`, `rfm`, `plan --week --out FILE.xlsx` and `report --out FILE.xlsx`,
each a fresh `regiontool` process, on a SQLite file and on a throwaway PostgreSQL server
(tests/pgserver.py), and takes each process's own peak RSS from os.wait4. Beside each it
runs a naive pandas script doing the same job (also a fresh process, also measured), on
the SQLite workspace of the same run. One table at the end; 1m contacts must stay under
4 GB of peak RSS per regiontool process.

Inputs: the contact workbook of examples/make_examples.py (`write_contacts_xlsx`, cached
in benchmarks/out/ by bench_import.py's `contacts_file`) and an orders CSV of 2N lines
for about a sixth of the generator's firms (V-tier firms first), cached beside it.
regiontool runs from a byte-compiled copy of src/regiontool taken at start (bench_import's
`snapshot_src`), so edits to src/ during a long run do not mix into its figures.
Progress goes to stderr; everything written goes under benchmarks/out/.
See benchmarks/README.md ("Scale: run_all.py") for what each naive baseline does.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import importlib.util
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "run_all"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "examples"))

import make_examples  # noqa: E402  (examples/ is not a package)
from bench_import import SEED, cli, contacts_file, naive_pandas, rm_db, snapshot_src  # noqa: E402
from bench_report import AS_OF  # noqa: E402
from bench_rfm import naive as naive_rfm  # noqa: E402

COMMANDS = ("import", "pivot", "market", "rfm", "plan", "report")
BACKENDS = ("sqlite", "postgresql")
LIMIT_MB = 4096  # 1m contacts: every regiontool process under 4 GB
LIMIT_N = 1_000_000
ORDERS_PER_CONTACT = 2
ORDERS_GEN = "2"  # bump when orders_file() changes what it writes (part of the cache name)
TIER_ORDER = ["A", "B", "C", "E", "F1", "F3", "O", "V", "D", "F2"]  # naive plan: visit A first


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


# --- inputs ----------------------------------------------------------------------------


def orders_file(n: int, seed: int) -> tuple[Path, str]:
    """An orders CSV (客户名称, 订单日期, 产品, 数量, 金额, 订单编号) of 2n lines, cached.

    Customers: the firms behind contact_rows(n, seed), V-tier first, then others, up to a
    sixth of them (as bench_report.add_orders); each line a random customer, a date in the
    three years to AS_OF and a lognormal amount (as bench_report), its own order number.
    """
    gen = hashlib.sha1(Path(make_examples.__file__).read_bytes() + ORDERS_GEN.encode()).hexdigest()[:8]
    target = OUT.parent / f"orders_{n}_s{seed}_g{gen}.csv"
    if target.exists():
        return target, "cached"
    t0 = time.perf_counter()
    _rows, firms = make_examples._build(n, seed)
    del _rows
    rng = random.Random(seed + 2)
    firms = [f for f in firms if f.twin_of is None]
    firms.sort(key=lambda f: f.tier != "V")  # stable: V-tier firms first
    buyers = [f.name for f in firms[: max(1, len(firms) // 6)]]
    start = AS_OF.toordinal() - 3 * 365
    part = target.with_suffix(".part")
    with open(part, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(make_examples.ORDER_HEADERS) + "\n")
        for k in range(ORDERS_PER_CONTACT * n):
            day = dt.date.fromordinal(start + int(rng.random() ** 0.6 * 3 * 365))
            product = make_examples.PRODUCTS[int(rng.random() * len(make_examples.PRODUCTS))]
            amount = round(rng.lognormvariate(9, 1), -1)
            fh.write(f"{rng.choice(buyers)},{day.isoformat()},{product},1,{amount:.0f},SO{k:08d}\n")
    os.replace(part, target)
    for stale in OUT.parent.glob(f"orders_{n}_s{seed}_g*.csv"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target, f"generated in {time.perf_counter() - t0:.1f} s"


# --- running one process ------------------------------------------------------------------


def _hwm_kib(pid: int | str = "self") -> int:
    """VmHWM (peak resident set, KiB) of one process's own address space; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measured(cmd: list[str], env: dict[str, str], log_to: Path) -> dict:
    """Run cmd; its wall seconds, CPU seconds, own peak RSS in MB and, on failure, its error.

    The peak: os.wait4's ru_maxrss is exact when it exceeds this process's own peak, but
    Linux carries the parent's high-water mark into the child at exec, so below that it
    only says "at most this"; then the child's VmHWM, polled every 20 ms from /proc, is
    the figure (it can miss growth in the child's last 20 ms).
    """
    floor = _hwm_kib()
    polled = 0
    with open(log_to, "wb") as fh:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=OUT)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            polled = max(polled, _hwm_kib(proc.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    exact = usage.ru_maxrss > floor
    out = {
        "s": round(wall, 3),
        "cpu": round(usage.ru_utime + usage.ru_stime, 3),
        "mb": round((usage.ru_maxrss if exact else polled) / 1024, 1),
        "rss_from": "wait4" if exact else "VmHWM polled",
        "load": round(os.getloadavg()[0], 2),
    }
    if proc.returncode != 0:
        text = log_to.read_text(errors="replace").strip().splitlines()
        out["error"] = (text[-1] if text else f"exit {proc.returncode}")[:300]
        out["log"] = str(log_to.relative_to(ROOT))
    return out


def best_of(runs: list[dict]) -> dict:
    """Least wall time of the runs, greatest peak RSS; the first error if any failed."""
    failed = [r for r in runs if "error" in r]
    if failed:
        return failed[0]
    best = min(runs, key=lambda r: r["s"])
    return {**best, "mb": max(r["mb"] for r in runs), "runs": [r["s"] for r in runs]}


def env_for(backend: str) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("REGIONTOOL_DB", "REGIONTOOL_MANAGER", "REGIONTOOL_ALL"):
        env.pop(var, None)
    env["REGIONTOOL_LANG"] = "zh"
    env["PYTHONIOENCODING"] = "utf-8"
    if backend == "postgresql":
        env["REGIONTOOL_ALL"] = "1"  # reading commands on a shared workspace need --all
    return env


def command_args(command: str, tag: str, contacts: Path, orders: Path) -> list[str]:
    day = AS_OF.isoformat()
    return {
        "import": ["import", str(contacts), str(orders), "--json"],
        "pivot": ["pivot", "--by", "town", "--by", "tier"],
        "market": ["market"],
        "rfm": ["rfm", "--as-of", day],
        "plan": ["plan", "--week", "--today", day, "--out", str(OUT / f"plan_{tag}.xlsx")],
        "report": ["report", "--as-of", day, "--out", str(OUT / f"report_{tag}.xlsx")],
    }[command]


# --- workspaces -------------------------------------------------------------------------


class Workspaces:
    """A fresh workspace per (size, backend): a SQLite file, or a database on one PG server."""

    def __init__(self, pg) -> None:
        self.pg = pg  # a started PostgresServer or None

    def fresh(self, backend: str, n: int) -> str:
        name = f"run_all_{label(n)}"
        if backend == "sqlite":
            db = OUT / f"{name}.db"
            rm_db(db)
            return str(db)
        self.pg.drop_database(name)
        self.pg.create_database(name)
        url = self.pg.url(name)
        subprocess.run(
            [*cli(), "db", "migrate", "--db", url], check=True, capture_output=True, env=env_for("")
        )
        return url


def start_postgres():
    """(server, None) or (None, why not)."""
    spec = importlib.util.spec_from_file_location("pgserver", ROOT / "tests" / "pgserver.py")
    pgserver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pgserver)
    ok, why = pgserver.PostgresServer.available()
    if not ok:
        return None, why
    try:
        return pgserver.PostgresServer().start(), None
    except Exception as exc:  # noqa: BLE001 - reported in the table's note instead
        return None, f"the throwaway server did not start: {str(exc).splitlines()[0]}"


# --- naive pandas baselines (each run in its own process by --naive STEP) -------------------


def _load(db: Path, sql: str):
    import pandas as pd

    con = sqlite3.connect(db)
    try:
        return pd.read_sql_query(sql, con)
    finally:
        con.close()


def naive_import(contacts: Path, orders: Path, db: Path) -> None:
    """bench_import's naive contacts script, then the orders: read_csv, clean, link by name, to_sql."""
    import unicodedata

    import pandas as pd

    rm_db(db)
    naive_pandas(contacts, db)
    df = pd.read_csv(orders, dtype=str)
    df["customer"] = df["客户名称"].map(lambda s: unicodedata.normalize("NFKC", str(s)).strip())
    df["order_date"] = pd.to_datetime(df["订单日期"], errors="coerce").dt.strftime("%Y-%m-%d")
    df["amount"] = pd.to_numeric(df["金额"].str.replace(r"[^\d.]", "", regex=True), errors="coerce")
    con = sqlite3.connect(db)
    try:
        firms = pd.read_sql_query("SELECT rowid AS company_id, company FROM companies", con)
        df = df.merge(firms, left_on="customer", right_on="company", how="left").drop(columns="company")
        df.to_sql("orders", con, if_exists="replace", index=False)
        con.commit()
    finally:
        con.close()


def naive_pivot(db: Path):
    """bench_pivot's baseline: load town and tier of every company, pivot_table with margins."""
    frame = _load(db, "SELECT town, tier FROM companies")
    return frame.pivot_table(index="town", columns="tier", aggfunc="size", margins=True, fill_value=0)


def naive_market(db: Path) -> dict:
    """Industry shares, firms per town, town × industry counts, users (V) per town."""
    df = _load(db, "SELECT industry, town, tier FROM companies")
    industries = df.groupby("industry").size().sort_values(ascending=False).to_frame("firms")
    industries["share"] = industries["firms"] / len(df)
    towns = df.groupby("town").agg(firms=("tier", "size"), users=("tier", lambda t: (t == "V").sum()))
    towns["penetration"] = towns["users"] / towns["firms"]
    return {
        "industries": industries,
        "towns": towns,
        "grid": df.groupby(["town", "industry"]).size().unstack(),
    }


def naive_plan(db: Path, out: Path | None = None, days: int = 5, visits: int = 3, calls: int = 10):
    """Load companies and their first phone, sort by tier, take the top N per manager per day."""
    import pandas as pd

    df = _load(
        db,
        "SELECT c.id, c.name, c.tier, c.town, c.manager, MIN(k.phone) AS phone"
        " FROM companies c LEFT JOIN contacts k ON k.company_id = c.id GROUP BY c.id",
    )
    df["rank"] = df["tier"].map({t: i for i, t in enumerate(TIER_ORDER)}).fillna(len(TIER_ORDER))
    df = df[df["tier"].isin(["A", "B", "C", "E", "F1", "F3"])].sort_values(["manager", "rank", "town", "id"])
    per_day = visits + calls
    top = df.groupby("manager", dropna=False).head(days * per_day).copy()
    top["n"] = top.groupby("manager", dropna=False).cumcount()
    top["day"] = top["n"] // per_day + 1
    top["task"] = (top["n"] % per_day < visits).map({True: "拜访", False: "电话"})
    plan = top[["manager", "day", "task", "name", "tier", "town", "phone"]]
    if out is not None:
        with pd.ExcelWriter(out, engine="xlsxwriter") as xw:
            plan.to_excel(xw, sheet_name="计划", index=False)
    return plan


def naive_report(db: Path, out: Path) -> None:
    """The naive steps in one process, then one to_excel per sheet (plus the resource table)."""
    import pandas as pd

    pivot = naive_pivot(db)
    market = naive_market(db)
    rfm = naive_rfm(db)
    plan = naive_plan(db)
    resource = _load(
        db,
        "SELECT c.name, c.address, c.town, c.industry, c.size, c.tier, c.manager, k.name AS contact,"
        " k.title, k.phone FROM contacts k JOIN companies c ON c.id = k.company_id ORDER BY k.id",
    )
    with pd.ExcelWriter(out, engine="xlsxwriter") as xw:
        pivot.to_excel(xw, sheet_name="镇×分类")
        market["industries"].to_excel(xw, sheet_name="行业")
        market["towns"].to_excel(xw, sheet_name="乡镇")
        rfm.to_excel(xw, sheet_name="RFM")
        plan.to_excel(xw, sheet_name="计划", index=False)
        resource.to_excel(xw, sheet_name="资源表", index=False)


def run_naive_step(step: str, db: Path, contacts: Path, orders: Path, out: Path) -> None:
    if step == "import":
        naive_import(contacts, orders, out)
    elif step == "pivot":
        naive_pivot(db)
    elif step == "market":
        naive_market(db)
    elif step == "rfm":
        naive_rfm(db)
    elif step == "plan":
        naive_plan(db, out)
    elif step == "report":
        naive_report(db, out)
    else:
        raise SystemExit(f"unknown naive step {step!r}")


def naive_cmd(step: str, n: int, db: Path, contacts: Path, orders: Path) -> list[str]:
    target = {"import": f"naive_{label(n)}.db", "plan": f"naive_plan_{label(n)}.xlsx"}.get(
        step, f"naive_report_{label(n)}.xlsx"
    )
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--naive",
        step,
        "--naive-db",
        str(db),
        "--naive-contacts",
        str(contacts),
        "--naive-orders",
        str(orders),
        "--naive-out",
        str(OUT / target),
    ]


# --- the run ----------------------------------------------------------------------------


def run_size(n: int, args, spaces: Workspaces, backends: list[str], results: dict) -> None:
    contacts, how = contacts_file(n, args.seed)
    log(f"N={label(n)}: contacts {contacts.name} ({how})")
    orders, how = orders_file(n, args.seed)
    log(f"N={label(n)}: orders {orders.name} ({how})")
    res = results.setdefault(label(n), {"n": n})
    sqlite_db = None
    for backend in backends:
        cells = res.setdefault(backend, {})
        runs: dict[str, list[dict]] = {c: [] for c in COMMANDS}
        for rep in range(args.repeat):
            db = spaces.fresh(backend, n)
            if backend == "sqlite":
                sqlite_db = Path(db)
            for command in COMMANDS:
                if command != "import" and runs["import"] and "error" in runs["import"][-1]:
                    runs[command].append({"s": None, "mb": None, "error": "not run: import failed"})
                    continue
                tag = f"{label(n)}_{backend}"
                cmd = [*cli(), *command_args(command, tag, contacts, orders), "--db", db]
                log(f"N={label(n)} {backend} {command} (run {rep + 1}/{args.repeat}) …")
                r = measured(cmd, env_for(backend), OUT / f"{command}_{tag}.log")
                runs[command].append(r)
                log(
                    f"N={label(n)} {backend} {command}: {r['s']:.2f} s, {r['mb']:,.0f} MB"
                    + (f"  FAILED: {r['error']}" if "error" in r else "")
                )
        for command in COMMANDS:
            cells[command] = best_of(runs[command])
        if backend == "sqlite":
            summary = OUT / f"import_{label(n)}_sqlite.log"
            with contextlib.suppress(OSError, ValueError):
                res["import_summary"] = json.loads(summary.read_text())
    if args.skip_naive or (args.skip_naive_from and n >= args.skip_naive_from):
        res["naive_note"] = "skipped (--skip-naive)"
        return
    if sqlite_db is None:
        res["naive_note"] = "skipped: the naive scripts read the SQLite workspace (add sqlite to --backends)"
        return
    cells = res.setdefault("naive", {})
    for command in COMMANDS:
        runs = []
        for rep in range(args.repeat):
            log(f"N={label(n)} naive {command} (run {rep + 1}/{args.repeat}) …")
            r = measured(
                naive_cmd(command, n, sqlite_db, contacts, orders),
                env_for("sqlite"),
                OUT / f"naive_{command}_{label(n)}.log",
            )
            runs.append(r)
            log(
                f"N={label(n)} naive {command}: {r['s']:.2f} s, {r['mb']:,.0f} MB"
                + (f"  FAILED: {r['error']}" if "error" in r else "")
            )
        cells[command] = best_of(runs)


def fmt_s(cell: dict | None) -> str:
    if not cell:
        return "–"
    if "error" in cell:
        return "FAILED" if cell.get("s") is not None else "not run"
    return f"{cell['s']:.2f} ({cell['cpu']:.2f})"


def fmt_mb(cell: dict | None) -> str:
    if not cell or cell.get("mb") is None or "error" in cell:
        return "–"
    return f"{cell['mb']:,.0f}"


def table(results: dict, backends: list[str], pg_note: str | None) -> list[str]:
    heads = ["N contacts", "command"]
    for b in backends:
        name = "SQLite" if b == "sqlite" else "PostgreSQL"
        heads += [f"{name} s", f"{name} peak MB"]
    heads += ["naive pandas s", "naive peak MB"]
    if "sqlite" in backends:
        heads.append("naive ÷ SQLite")
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(heads) - 2)) + "|"]
    for res in results.values():
        for command in COMMANDS:
            row = [f"{res['n']:,}", command]
            for b in backends:
                cell = res.get(b, {}).get(command)
                row += [fmt_s(cell), fmt_mb(cell)]
            naive = res.get("naive", {}).get(command)
            note = res.get("naive_note")
            row += [fmt_s(naive) if naive else ("skipped" if note else "–"), fmt_mb(naive)]
            if "sqlite" in backends:
                mine = res.get("sqlite", {}).get(command)
                ok = naive and mine and "error" not in naive and "error" not in mine
                row.append(f"{naive['s'] / mine['s']:.1f}×" if ok else "–")
            lines.append("| " + " | ".join(row) + " |")
    notes = []
    if pg_note:
        notes.append(f"PostgreSQL: {pg_note}")
    for size, res in results.items():
        if res.get("naive_note"):
            notes.append(f"naive at {size}: {res['naive_note']}")
        for b in [*backends, "naive"]:
            for command, cell in res.get(b, {}).items():
                if cell and "error" in cell and cell.get("s") is not None:
                    notes.append(f"{size} {b} {command} failed: {cell['error']} (log: {cell.get('log')})")
    return lines + [""] + notes


def verdict(results: dict, backends: list[str]) -> list[str]:
    out = []
    for res in results.values():
        peaks = [
            (res[b][c]["mb"], b, c)
            for b in backends
            for c in COMMANDS
            if c in res.get(b, {}) and "error" not in res[b][c] and res[b][c].get("mb") is not None
        ]
        if not peaks:
            continue
        mb, b, c = max(peaks)
        line = f"peak RSS at {res['n']:,} contacts: {mb:,.0f} MB ({c} on {b})"
        if res["n"] >= LIMIT_N:
            line += f" — {'met' if mb < LIMIT_MB else 'MISSED'}: under {LIMIT_MB / 1024:g} GB"
        out.append(line)
    return out


def machine(pg) -> dict:
    def sh(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"

    from importlib.metadata import version

    mem = sh(["free", "-g"]).splitlines()
    return {
        "date": dt.date.today().isoformat(),
        "nproc": sh(["nproc"]),
        "memory": mem[1] if len(mem) > 1 else "?",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pandas": version("pandas"),
        "postgresql": ".".join(map(str, pg.version)) if pg else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help="contact rows, e.g. 10k,100k,1m")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--skip-naive", action="store_true", help="no naive pandas baselines")
    ap.add_argument(
        "--skip-naive-from",
        type=parse_size,
        default=None,
        help="no naive baselines from this size on (e.g. 1m)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per figure (best wall time, max peak)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--rev", default=None, help="benchmark this git revision of src/regiontool")
    ap.add_argument("--out-json", type=Path, default=None, help="also save the figures as JSON")
    for hidden in ("--naive", "--naive-db", "--naive-contacts", "--naive-orders", "--naive-out"):
        ap.add_argument(hidden, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.naive:
        run_naive_step(
            args.naive,
            Path(args.naive_db),
            Path(args.naive_contacts),
            Path(args.naive_orders),
            Path(args.naive_out),
        )
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if unknown := set(backends) - set(BACKENDS):
        ap.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    OUT.mkdir(parents=True, exist_ok=True)
    pg, pg_note = None, None
    if "postgresql" in backends:
        pg, pg_note = start_postgres()
        if pg is None:
            backends.remove("postgresql")
            log(f"PostgreSQL missing: {pg_note}; SQLite only")
        else:
            log(f"PostgreSQL {'.'.join(map(str, pg.version))} on {pg.socketdir} ({pg.startup_seconds:.1f} s)")
    results: dict = {}
    info = machine(pg)
    try:
        with tempfile.TemporaryDirectory(prefix="regiontool-src-") as snap:
            code = snapshot_src(Path(snap), args.rev)
            info["regiontool"] = code
            log(f"regiontool: {code}")
            spaces = Workspaces(pg)
            for n in sizes:
                run_size(n, args, spaces, backends, results)
                if args.out_json:
                    save_json(args.out_json, info, backends, pg_note, results)
    finally:
        if pg is not None:
            pg.stop()

    print(
        f"regiontool scale benchmark · {info['date']} · {info['nproc']} vCPUs · kernel {info['kernel']} · "
        f"Python {info['python']} · pandas {info['pandas']} · PostgreSQL {info['postgresql'] or '-'}"
    )
    print(f"memory (free -g): {info['memory']}")
    print(f"regiontool: {info['regiontool']}")
    print(
        f"s: wall seconds of one fresh process, best of {args.repeat} (its CPU seconds in brackets; "
        "the PostgreSQL server's own CPU is not in them); peak MB: that process's own peak RSS "
        "(os.wait4 ru_maxrss, or its VmHWM polled when the harness's own peak would mask it)"
    )
    loads = [
        c["load"]
        for r in results.values()
        for b in r.values()
        if isinstance(b, dict)
        for c in b.values()
        if isinstance(c, dict) and "load" in c
    ]
    if loads:
        print(
            f"1-minute load average after each process: {min(loads):.1f}–{max(loads):.1f} on {info['nproc']} vCPUs"
        )
    print()
    print("\n".join(table(results, backends, pg_note)))
    print()
    print("\n".join(verdict(results, backends)))
    if args.out_json:
        save_json(args.out_json, info, backends, pg_note, results)
        print(f"figures saved to {args.out_json}")
    return 0


def save_json(path: Path, info: dict, backends: list[str], pg_note: str | None, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"machine": info, "backends": backends, "postgresql_note": pg_note, "results": results}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
