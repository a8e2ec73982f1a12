"""Small helpers of the storage modules."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

DEFAULT_DB = "regiontool.db"


def default_path() -> Path:
    return Path(os.environ.get("REGIONTOOL_DB") or DEFAULT_DB)


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
