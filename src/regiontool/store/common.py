"""Small helpers of the storage modules."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

DEFAULT_DB = "regiontool.db"


def default_target() -> str:
    """--db when it is not given: REGIONTOOL_DB (a file or a postgresql:// URL), else ./regiontool.db."""
    return os.environ.get("REGIONTOOL_DB") or DEFAULT_DB


def default_path() -> Path:
    return Path(default_target())


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
