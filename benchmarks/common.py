"""Helpers every benchmark script here shares: which version of src/ it measured, best-of timing."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git_state(root: Path = ROOT) -> str | None:
    """'commit abc1234 (clean)' or '… + uncommitted x.py, y.py'; None outside a git checkout."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return None
    changed = [line[3:].removeprefix("src/regiontool/") for line in dirty if line.strip()]
    return f"commit {head}" + (f" + uncommitted {', '.join(changed)}" if changed else " (clean)")


def best(fn, repeat: int = 3) -> float:
    """The least wall time of `repeat` runs of fn (the others carry the machine's noise)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
