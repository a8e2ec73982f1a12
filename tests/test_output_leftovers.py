"""A write that fails leaves nothing behind: not xlsxwriter's XML parts in the temporary folder
(TMPDIR), not a temporary file beside the output."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from conftest import write_orders, write_xlsx

pytestmark = pytest.mark.sqlite_only  # the writers are the same whatever the workspace

NAMES = ["慈溪市华峰电器有限公司", "宁波宏达五金厂"]

# The commands whose workbook xlsxwriter writes (charts, forms), in whole or in part.
XLSXWRITER = [
    ["tiers", "--out"],
    ["pivot", "--standard", "--out"],
    ["report", "--as-of", "2026-11-20", "--out"],
    ["plan", "--start", "2026-11-30", "--out"],
]


@pytest.fixture
def workspace(tmp_path: Path, cli) -> Path:
    write_xlsx(tmp_path / "c.xlsx")
    orders = [
        [NAMES[0], dt.date(2026, 10, 10), "ERP", 1, 200_000, "A1"],
        [NAMES[1], dt.date(2026, 11, 2), "服务", 1, 50_000, "A2"],
    ]
    write_orders(tmp_path / "o.xlsx", orders)
    r = cli("import", tmp_path / "c.xlsx", tmp_path / "o.xlsx")
    assert r.exit_code == 0, r.output
    out = tmp_path / "out"
    out.mkdir()
    return out


@pytest.mark.parametrize("args", XLSXWRITER, ids=lambda a: "-".join(a[:2]))
def test_a_full_disk_while_xlsxwriter_packs_leaves_nothing_in_tmpdir(
    args, workspace: Path, cli, monkeypatch, tmp_path: Path
):
    """The disk fills up while the workbook's parts go into its zip: one line, exit 1, and neither
    the temporary folder nor the output's folder keeps a file (xlsxwriter's XML parts were ~1 MB
    of files in TMPDIR each time)."""
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    target = workspace / "结果.xlsx"
    r = cli(*args, target)
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert os.listdir(temp) == []
    assert os.listdir(workspace) == []
