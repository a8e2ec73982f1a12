"""Benchmark `regiontool import` / `regiontool export` against bare parsers and a naive pandas script.

    python benchmarks/bench_import.py                  # N = 100,000 rows
    python benchmarks/bench_import.py 10000            # any N
    python benchmarks/bench_import.py 100000 --rev HEAD --profile   # committed code, plus cProfile
    python benchmarks/bench_import.py 100000 --profile-only --profile-sort tottime
    python benchmarks/bench_import.py 100000 --rounds 4   # parse, import, naive side by side

The contact workbook comes from examples/make_examples.py (`write_contacts_xlsx`,
seeded) and is cached under benchmarks/out/ (git-ignored); the cache name carries N,
the seed and a hash of the generator, so an edited generator makes a fresh file.
Every figure is the best of 3 runs (1 run for N >= 500,000; override with --repeat).
regiontool itself is run from a byte-compiled copy of src/regiontool taken at start
(or of `--rev REV`), so edits made to src/ during a run do not mix into its figures.
See benchmarks/README.md for what each line measures and the targets.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(EXAMPLES))

import make_examples  # noqa: E402  (examples/ is not a package)
from common import git_state  # noqa: E402

SHEET = getattr(make_examples, "SHEET_NAME", "客户联系表")
SEED = getattr(make_examples, "DEFAULT_SEED", 20261125)

# Targets from the issue.
IMPORT_VS_PARSE_MAX = 2.0  # regiontool import ÷ bare calamine parse
NAIVE_VS_IMPORT_MIN = 4.0  # naive pandas script ÷ regiontool import
EXPORT_MAX_S = 5.0  # regiontool export at 100,000 rows
EXPORT_TARGET_N = 100_000


# --- helpers --------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (subprocess runs)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


class Timing(NamedTuple):
    wall: float  # best wall-clock seconds of the runs
    cpu: float  # least CPU seconds of the runs (less sensitive to a busy machine)
    result: object  # what the last run returned


def best_of(fn: Callable[[], object], repeats: int, before: Callable[[], None] | None = None) -> Timing:
    """Run fn `repeats` times; `before` runs untimed before each run."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeats):
        if before:
            before()
        c0, t0 = cpu_seconds(), time.perf_counter()
        result = fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, cpu_seconds() - c0)
    return Timing(wall, cpu, result)


def rm_db(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def snapshot_src(into: Path, rev: str | None = None) -> str:
    """Copy src/regiontool (working tree, or git revision `rev`) to `into`; put it first on the path.

    src/ may be edited while a long run is going; every step of one run then measures the
    same code, here and in the `regiontool` subprocesses. Returns a label for the report.
    """
    if rev:
        tar = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src/regiontool"],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
            try:
                tf.extractall(into / "_archive", filter="data")
            except TypeError:  # Python without extraction filters (< 3.10.12 / 3.11.4)
                tf.extractall(into / "_archive")  # noqa: S202 (our own git archive)
        (into / "_archive" / "src" / "regiontool").rename(into / "regiontool")
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True, check=True
        ).stdout.strip()
        label = f"commit {head} (git archive of {rev})"
    else:
        src = ROOT / "src" / "regiontool"
        shutil.copytree(src, into / "regiontool", ignore=shutil.ignore_patterns("__pycache__"))
        label = f"working tree: {source_state()}"
    sys.path.insert(0, str(into))
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(into), os.environ.get("PYTHONPATH")) if p)
    # Byte-compile it, as an installed package would be (PYTHONDONTWRITEBYTECODE=1 would
    # otherwise make every `regiontool` subprocess compile the package from source).
    compileall.compile_dir(into / "regiontool", quiet=1)
    digest = hashlib.sha1()
    for f in sorted((into / "regiontool").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            digest.update(f.relative_to(into).as_posix().encode() + b"\0" + f.read_bytes())
    return f"{label} · snapshot sha1 {digest.hexdigest()[:10]}"


def source_state() -> str:
    return git_state(ROOT) or "not a git checkout"


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "regiontool"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("regiontool")
    return [found] if found else [sys.executable, "-m", "regiontool.cli"]


def sub_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REGIONTOOL_DB", None)
    env["REGIONTOOL_LANG"] = "zh"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=sub_env())
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return proc.stdout


def contacts_file(n: int, seed: int) -> tuple[Path, str]:
    """The cached workbook for (n, seed, generator version); generated if missing."""
    gen_hash = hashlib.sha1(Path(make_examples.__file__).read_bytes()).hexdigest()[:8]
    target = OUT / f"contacts_{n}_s{seed}_g{gen_hash}.xlsx"
    if target.exists():
        return target, "cached"
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="regiontool-gen-") as tmp:
        made = Path(tmp) / target.name
        make_examples.write_contacts_xlsx(made, n, seed)
        partial = target.with_suffix(".part")
        shutil.copyfile(made, partial)
        os.replace(partial, target)
    for stale in OUT.glob(f"contacts_{n}_s{seed}_g*.xlsx"):  # made by an older generator
        if stale != target:
            stale.unlink(missing_ok=True)
    return target, f"generated in {time.perf_counter() - t0:.1f} s"


# --- (a) (b) bare parsers ---------------------------------------------------------------


def parse_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    return len(rows)


def parse_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    return len(rows)


# --- (c) regiontool import ---------------------------------------------------------------


def import_subprocess(path: Path, db: Path) -> dict:
    return json.loads(run([*cli(), "import", str(path), "--db", str(db), "--json"]))


def import_in_process(path: Path, db: Path, stages: dict[str, float]) -> object:
    from regiontool import importer
    from regiontool.importer import prepare_import, run_import
    from regiontool.store import Workspace

    # As `regiontool import` runs them (import_files): the collector paused across both steps,
    # not switched on between them (a full collection of the records there).
    paused = getattr(importer, "gc_paused", contextlib.nullcontext)()
    marks: list[tuple[str, float]] = []  # prepare_import reports "read", "normalise", …
    with paused:
        t0 = time.perf_counter()
        prepared = prepare_import(path, progress=lambda stage: marks.append((stage, time.perf_counter())))
        t1 = time.perf_counter()
        ws = Workspace.open(db, create=True)
        try:
            result = run_import(ws, prepared)
        finally:
            ws.close()
        del prepared  # freed here, as in import_files, not after the clock stops
        t2 = time.perf_counter()
    if not stages or t2 - t0 < stages["total"]:
        stages.clear()
        stages["total"] = t2 - t0
        ends = [t for _, t in marks[1:]] + [t1]
        for (stage, start), end in zip(marks, ends, strict=True):
            stages[stage] = stages.get(stage, 0.0) + end - start
        stages["store"] = t2 - t1  # Workspace.open + run_import (one transaction) + close
    return result


STAGE_LABELS = {
    "read": "read (read_book + detect_layout)",
    "normalise": "normalise (rows → companies, contacts, problems)",
    "store": "store (Workspace.open + run_import + close)",
}


def warm_up_regiontool() -> None:
    """Import the modules and load OpenCC's tables once, so in-process timings exclude start-up."""
    from regiontool import importer, normalize  # noqa: F401
    from regiontool.io import layout, read  # noqa: F401

    normalize.to_simplified("漢")
    import pydantic  # noqa: F401
    import python_calamine  # noqa: F401


# --- (d) naive pandas ------------------------------------------------------------------


def _col(df, wanted: str, fallback_index: int) -> str:
    """A column of the generated sheet by header (falls back to its position)."""
    return wanted if wanted in df.columns else df.columns[fallback_index]


def naive_pandas(path: Path, db: Path) -> tuple[int, int]:
    """What a typical one-off script does; returns (contact rows stored, companies stored)."""
    import opencc
    import pandas as pd

    from regiontool import vocab

    cc = opencc.OpenCC("t2s")
    tier_map = {code: code for code in vocab.TIER_ORDER}
    tier_map.update({k.upper(): v for k, v in vocab.TIER_SYNONYMS.items()})
    non_digit = re.compile(r"\D+")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas 3 announces its future default engine
        df = pd.read_excel(path, sheet_name=SHEET, header=2)  # default engine
    df = df.dropna(how="all")
    c_name, c_addr = _col(df, "企業名稱", 1), _col(df, "地址", 2)
    c_contact, c_mobile, c_phone = _col(df, "聯繫人", 3), _col(df, "手机", 5), _col(df, "电话", 6)
    c_tier = _col(df, "客户分类", 8)

    def clean(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return unicodedata.normalize("NFKC", str(value)).strip()

    def digits(value) -> str:
        return non_digit.sub("", clean(value))

    names, tiers, phones, contacts = [], [], [], []
    for _, row in df.iterrows():
        names.append(cc.convert(clean(row[c_name])))
        tiers.append(tier_map.get(clean(row[c_tier]).upper()))
        phones.append("; ".join(p for p in (digits(row[c_mobile]), digits(row[c_phone])) if p))
        contacts.append(clean(row[c_contact]))
    df["company"] = names
    df["tier"] = tiers
    df["phones"] = phones
    df["contact"] = contacts
    df["address"] = df[c_addr].apply(clean)
    df = df[df["company"] != ""]

    companies = df.groupby("company", sort=False).agg(
        address=("address", "first"), tier=("tier", "first"), contacts=("contact", "count")
    )
    out = df.astype(str)  # mixed object columns (ints, floats, text) as text for SQLite
    con = sqlite3.connect(db)
    try:
        companies.to_sql("companies", con, if_exists="replace")
        out.to_sql("contacts", con, if_exists="replace", index=False)
        con.commit()
    finally:
        con.close()
    return len(df), len(companies)


def naive_script(path: Path, db: Path) -> None:
    """The naive script run as a script (`python naive.py FILE`), as `regiontool import` is:
    both pay for starting Python and loading their libraries, where the in-process figure lets
    the naive one reuse this process's pandas and OpenCC, loaded once before round 1."""
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--naive-run", str(path), str(db)],
        check=True,
        capture_output=True,
        env=sub_env(),
    )


# --- (e) export --------------------------------------------------------------------------


def export_subprocess(db: Path, out: Path) -> str:
    return run([*cli(), "export", str(out), "--db", str(db)]).strip()


def export_in_process(db: Path, out: Path, stages: dict[str, float]) -> None:
    from regiontool import vocab
    from regiontool.export import problem_table, resource_table
    from regiontool.render import write_frames
    from regiontool.store import Workspace

    t0 = time.perf_counter()
    with Workspace.open(db) as ws:
        resource = resource_table(ws)
        t1 = time.perf_counter()
        problems = problem_table(ws)
        t2 = time.perf_counter()
        frames = [
            (vocab.label("sheet_resource", "zh"), resource),
            (vocab.label("sheet_problems", "zh"), problems),
        ]
        write_frames(out, frames, [*ws.input_paths(), str(ws.path)])
    t3 = time.perf_counter()
    if not stages or t3 - t0 < stages["total"]:
        stages.update(total=t3 - t0, resource_table=t1 - t0, problem_table=t2 - t1, write_frames=t3 - t2)


def load_resource_table(db: Path):
    from regiontool.export import resource_table
    from regiontool.store import Workspace

    with Workspace.open(db) as ws:
        return resource_table(ws)


def rustpy_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("rustpy_xlsxwriter") is not None


def rustpy_write(df, out: Path) -> None:
    """The Rust writer regiontool used until its own column-wise writer (io/xlsx.py)."""
    import rustpy_xlsxwriter as rx

    rx.FastExcel(str(out)).freeze(row=1).sheet("资源表", df).save()


def pandas_to_excel(df, out: Path) -> None:
    df.to_excel(out, sheet_name="资源表", index=False, engine="xlsxwriter")


def xlsxwriter_rows(df, out: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(out),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    ws = wb.add_worksheet("资源表")
    ws.write_row(0, 0, [str(c) for c in df.columns], wb.add_format({"bold": True}))
    for i, row in enumerate(df.itertuples(index=False, name=None), start=1):
        ws.write_row(i, 0, row)
    wb.close()


# --- report ------------------------------------------------------------------------------


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for dist in (
        "python-calamine",
        "openpyxl",
        "pandas",
        "polars",
        "isal",
        "xlsxwriter",
        "rustpy-xlsxwriter",
        "opencc",
    ):
        try:
            parts.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            parts.append(f"{dist} -")
    return ", ".join(parts)


def pandas_reader_engine() -> str:
    try:
        from pandas.io.excel._util import get_default_engine

        return get_default_engine("xlsx", mode="reader")
    except Exception:  # private helper; only for the label
        return "pandas default"


def profile_import(path: Path, db: Path, top: int, sort: str = "cumulative") -> None:
    stages: dict[str, float] = {}
    rm_db(db)
    prof = cProfile.Profile()
    prof.enable()
    import_in_process(path, db, stages)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(sort).print_stats(top)
    print(f"\ncProfile of the in-process import (prepare_import + run_import), top {top} by {sort} time:")
    print(buf.getvalue().rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="contact rows (default 100000)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure (default 3; 1 for N >= 500k)")
    ap.add_argument("--profile", action="store_true", help="also cProfile one in-process import")
    ap.add_argument("--profile-top", type=int, default=25)
    ap.add_argument("--profile-sort", default="cumulative", help="pstats sort key (cumulative, tottime, …)")
    ap.add_argument(
        "--profile-only", action="store_true", help="skip the timings: warm up once, then profile"
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=0,
        help="instead: this many rounds of (calamine parse, regiontool import, naive script) run in turn, "
        "and the two target ratios of each round (a drifting machine then weighs on all three alike)",
    )
    ap.add_argument(
        "--floor",
        action="store_true",
        help="with --rounds: also time floor_import.py (the least work any faithful import does) each round",
    )
    ap.add_argument(
        "--no-snapshot",
        action="store_true",
        help="run the installed regiontool as is (default: a copy of src/ taken at start)",
    )
    ap.add_argument(
        "--rev",
        default=None,
        help="benchmark this git revision of src/regiontool (e.g. HEAD) instead of the working tree",
    )
    ap.add_argument("--naive-run", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.naive_run:  # the naive script alone, run by naive_script as a program of its own
        naive_pandas(Path(args.naive_run[0]), Path(args.naive_run[1]))
        return 0
    with tempfile.TemporaryDirectory(prefix="regiontool-src-") as snap:
        code = "installed, " + source_state() if args.no_snapshot else snapshot_src(Path(snap), args.rev)
        return bench(args, code)


def rounds(path: Path, count: int, floor: bool = False) -> int:
    """The targets' three figures taken side by side, round after round: on a VM whose speed
    drifts by 1.5× within minutes, best-of-3 figures taken minutes apart can meet or miss a
    ratio by the spell alone. With `floor`, floor_import.py too (the least work of any faithful
    import, as a program of its own) and its ratio to the parse."""
    extra = f"{'floor s':>10}{'floor ÷ parse':>15}" if floor else ""
    print(
        f"\n  {'round':<8}{'parse s':>10}{'import s':>10}{'naive s':>10}{'import ÷ parse':>16}{'naive ÷ import':>16}"
        f"{'script s':>10}{'script ÷ import':>17}" + extra
    )
    ratios = []
    with tempfile.TemporaryDirectory(prefix="regiontool-bench-") as tmp_name:
        db, db_naive, db_floor = (Path(tmp_name) / n for n in ("r.db", "naive.db", "floor.db"))
        for i in range(1, count + 1):
            parse = best_of(lambda: parse_calamine(path), 1).wall
            rm_db(db)
            imp = best_of(lambda: import_subprocess(path, db), 1).wall
            rm_db(db_naive)
            naive = best_of(lambda: naive_pandas(path, db_naive), 1).wall
            rm_db(db_naive)
            script = best_of(lambda: naive_script(path, db_naive), 1).wall
            ratios.append((imp / parse, naive / imp, script / imp))
            line = (
                f"  {i:<8}{parse:>10.3f}{imp:>10.3f}{naive:>10.3f}{imp / parse:>15.2f}×{naive / imp:>15.2f}×"
                f"{script:>10.3f}{script / imp:>16.2f}×"
            )
            if floor:
                rm_db(db_floor)
                least = best_of(lambda: floor_subprocess(path, db_floor), 1).wall
                ratios[-1] += (least / parse,)
                line += f"{least:>10.3f}{least / parse:>14.2f}×"
            print(line, flush=True)
    med = [statistics.median(r[k] for r in ratios) for k in range(len(ratios[0]))]
    tail = f"{'':>10}{med[3]:>14.2f}×" if floor else ""
    print(
        f"  {'median':<38}{med[0]:>15.2f}×{med[1]:>15.2f}×{'':>10}{med[2]:>16.2f}×{tail}"
        "   (targets ≤ 2×, ≥ 4×)"
    )
    return 0


def floor_subprocess(path: Path, db: Path) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "floor_import.py"), str(path), str(db), SHEET],
        check=True,
        capture_output=True,
        env=sub_env(),
    )


def bench(args: argparse.Namespace, code: str) -> int:
    n = args.n
    repeats = args.repeat or (1 if n >= 500_000 else 3)

    print(f"regiontool benchmark · N = {n:,} rows · best of {repeats}")
    print(
        f"CPUs: {os.cpu_count()} · Python {platform.python_version()} ({platform.python_implementation()}) "
        f"· {platform.platform(terse=True)} · {platform.machine()}"
    )
    print(f"packages: {versions()}")
    print(f"regiontool: {code}")
    path, how = contacts_file(n, args.seed)
    print(f"input: {path.relative_to(ROOT)} ({path.stat().st_size / 1024**2:.1f} MB, {how})")
    sys.stdout.flush()
    if args.rounds:
        return rounds(path, args.rounds, floor=args.floor)
    if args.profile_only:
        warm_up_regiontool()
        with tempfile.TemporaryDirectory(prefix="regiontool-bench-") as tmp_name:
            import_in_process(path, Path(tmp_name) / "warm.db", {})  # one-time loads, untimed
            profile_import(path, Path(tmp_name) / "profile.db", args.profile_top, args.profile_sort)
        return 0

    def line(label: str, t: Timing | float | None, nrows: int | None = n) -> None:
        wall, cpu = (t.wall, t.cpu) if isinstance(t, Timing) else (t, None)
        rate = f"{nrows / wall:>12,.0f}" if wall and nrows else " " * 12
        shown = f"{wall:>9.3f}" if wall is not None else f"{'-':>9}"
        cpu_shown = f"{cpu:>9.3f}" if cpu is not None else " " * 9
        print(f"  {label:<60}{shown}{cpu_shown}{rate}", flush=True)

    with tempfile.TemporaryDirectory(prefix="regiontool-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"\n  {'step':<60}{'wall s':>9}{'cpu s':>9}{'rows/s':>12}")

        # (a) (b) bare parsers
        cal = best_of(lambda: parse_calamine(path), repeats)
        line("(a) calamine parse of the sheet (to_python)", cal)
        opx = best_of(lambda: parse_openpyxl(path), repeats)
        line("(b) openpyxl read-only parse of the sheet", opx)
        sheet_rows = cal.result
        if sheet_rows != opx.result:
            print(f"  note: calamine saw {sheet_rows:,} sheet rows, openpyxl {opx.result:,}")

        # (c) start-up, subprocess import, in-process import
        line(
            "    CLI start-up alone (regiontool --help)",
            best_of(lambda: run([*cli(), "--help"]), repeats),
            None,
        )
        db = tmp / "ws.db"
        imp = best_of(lambda: import_subprocess(path, db), repeats, lambda: rm_db(db))
        summary = imp.result
        line("(c) regiontool import FILE --db --json (subprocess)", imp)
        warm_up_regiontool()
        db_in = tmp / "ws_in.db"
        stages: dict[str, float] = {}
        imp_in = best_of(lambda: import_in_process(path, db_in, stages), repeats, lambda: rm_db(db_in))
        line("(c) prepare_import + run_import (in-process)", imp_in)
        for stage, seconds in stages.items():
            if stage != "total":
                line(f"      {STAGE_LABELS.get(stage, stage)}", seconds)

        # (d) naive pandas
        db_naive = tmp / "naive.db"
        naive = best_of(lambda: naive_pandas(path, db_naive), repeats, lambda: rm_db(db_naive))
        naive_rows, naive_companies = naive.result
        line(f"(d) naive pandas (read_excel[{pandas_reader_engine()}] + iterrows + to_sql)", naive)
        script = best_of(lambda: naive_script(path, db_naive), repeats, lambda: rm_db(db_naive))
        line("    the same, run as a script (subprocess, as the import is)", script)

        # (e) export, on the workspace written by the subprocess import
        out = tmp / "资源表.xlsx"
        exp = best_of(lambda: export_subprocess(db, out), repeats, lambda: out.unlink(missing_ok=True))
        exported = int(re.sub(r"\D", "", exp.result.rsplit("：", 1)[-1].rsplit(":", 1)[-1]) or 0)
        line("(e) regiontool export out.xlsx (subprocess)", exp, exported)
        ex_stages: dict[str, float] = {}
        exp_in = best_of(lambda: export_in_process(db, tmp / "in.xlsx", ex_stages), repeats)
        line("(e) export in-process", exp_in, exported)
        line("      resource_table (SQLite → DataFrame)", ex_stages["resource_table"], exported)
        line("      problem_table", ex_stages["problem_table"], None)
        line(
            "      write_frames (polars XML + ISA-L deflate, both sheets)",
            ex_stages["write_frames"],
            exported,
        )
        df = load_resource_table(db)
        rust = None
        if rustpy_available():
            rust = best_of(lambda: rustpy_write(df, tmp / "rx.xlsx"), repeats)
            line("(e) rustpy-xlsxwriter (Rust, the writer before), resource table", rust, len(df))
        pdx = best_of(lambda: pandas_to_excel(df, tmp / "pd.xlsx"), repeats)
        line("(e) pandas DataFrame.to_excel (xlsxwriter), resource table", pdx, len(df))
        xw = best_of(lambda: xlsxwriter_rows(df, tmp / "xw.xlsx"), repeats)
        line("(e) Python xlsxwriter write_row, constant_memory", xw, len(df))

        print(
            f"\n  sheet rows incl. title/note/header: {sheet_rows:,}; "
            f"regiontool: {summary['rows_read']:,} rows read, {summary['companies']:,} companies, "
            f"{summary['rejected']:,} rejected, {summary['problems']:,} problems; "
            f"naive: {naive_rows:,} rows, {naive_companies:,} companies; "
            f"export: {exported:,} rows × {df.shape[1]} columns"
        )
        if summary["rows_read"] != getattr(imp_in.result, "rows_read", None):
            print("  warning: subprocess and in-process imports read different row counts")

        r_parse, r_naive = imp.wall / cal.wall, naive.wall / imp.wall
        print("\nratios (wall; by CPU time in brackets)")
        print(
            f"  import ÷ calamine parse       {r_parse:6.2f}×  ({imp.cpu / cal.cpu:.2f}×; "
            f"in-process {imp_in.wall / cal.wall:.2f}×)   target ≤ {IMPORT_VS_PARSE_MAX:g}×"
        )
        print(
            f"  naive pandas ÷ import         {r_naive:6.2f}×  ({naive.cpu / imp.cpu:.2f}×; "
            f"vs in-process {naive.wall / imp_in.wall:.2f}×)   target ≥ {NAIVE_VS_IMPORT_MIN:g}×"
        )
        print(f"  naive script ÷ import         {script.wall / imp.wall:6.2f}×  (both run as programs)")
        print(f"  openpyxl ÷ calamine parse     {opx.wall / cal.wall:6.2f}×  ({opx.cpu / cal.cpu:.2f}×)")
        print(
            f"  pandas to_excel ÷ export      {pdx.wall / exp.wall:6.2f}×  ({pdx.cpu / exp.cpu:.2f}×); "
            f"xlsxwriter rows ÷ export {xw.wall / exp.wall:.2f}× ({xw.cpu / exp.cpu:.2f}×)"
        )
        if rust is not None:
            print(f"  rustpy-xlsxwriter ÷ write_frames {rust.wall / ex_stages['write_frames']:6.2f}×")

        print("\nverdict")

        def verdict(ok: bool, what: str) -> None:
            print(f"  {'met   ' if ok else 'MISSED'}  {what}")

        verdict(
            r_parse <= IMPORT_VS_PARSE_MAX,
            f"import ≤ {IMPORT_VS_PARSE_MAX:g}× bare calamine parse: {r_parse:.2f}× "
            f"({imp.wall:.2f} s vs {cal.wall:.2f} s)",
        )
        verdict(
            r_naive >= NAIVE_VS_IMPORT_MIN,
            f"import ≥ {NAIVE_VS_IMPORT_MIN:g}× faster than naive pandas: {r_naive:.2f}× "
            f"({naive.wall:.2f} s vs {imp.wall:.2f} s; run as a script: {script.wall / imp.wall:.2f}×)",
        )
        if n == EXPORT_TARGET_N:
            verdict(exp.wall <= EXPORT_MAX_S, f"export ≤ {EXPORT_MAX_S:g} s at {n:,} rows: {exp.wall:.2f} s")
        else:
            print(
                f"  n/a     export ≤ {EXPORT_MAX_S:g} s is defined at {EXPORT_TARGET_N:,} rows; "
                f"here {exp.wall:.2f} s at {n:,} rows"
            )

        if args.profile:
            profile_import(path, tmp / "profile.db", args.profile_top, args.profile_sort)
    return 0


if __name__ == "__main__":
    sys.exit(main())
