"""A minimal zip writer for xlsx packages: small parts in one go, big parts streamed.

Python's zipfile deflates with zlib, which needs about 1 s per 180 MB of sheet XML at its
fastest level; ISA-L (the `isal` package) needs about 0.25 s for the same bytes at a
similar ratio and releases the GIL, so a sheet can be deflated while the next rows are
built. zipfile has no way to take bytes deflated elsewhere, hence these ~100 lines.
The entries follow APPNOTE 6.3: UTF-8 names, sizes patched into the local header after
the data (the target is a real file), Zip64 records only where a size or offset needs them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from isal import isal_zlib

_LIMIT = 0xFFFFFFFF
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip epoch: the same bytes for the same input
_UTF8 = 0x0800


@dataclass
class _Entry:
    name: bytes
    offset: int
    crc: int = 0
    size: int = 0
    compressed: int = 0
    zip64: bool = False


class ZipWriter:
    """Write a zip archive to an open, seekable binary file."""

    def __init__(self, fileobj: BinaryIO, level: int = 1):
        self._f = fileobj
        self._level = level
        self._entries: list[_Entry] = []

    def writestr(self, name: str, data: bytes | str) -> None:
        with self.open(name) as write:
            write(data.encode("utf-8") if isinstance(data, str) else data)

    @contextmanager
    def open(self, name: str, zip64: bool = False) -> Iterator:
        """Yield a write(bytes) function; the entry is finished when the block ends.

        `zip64` reserves room for 8-byte sizes in the local header: say so when the part
        may pass 4 GiB (the header is written before the size is known)."""
        entry = _Entry(name.encode("utf-8"), self._f.tell(), zip64=zip64)
        self._f.write(self._local_header(entry))
        deflate = isal_zlib.compressobj(self._level, isal_zlib.DEFLATED, -15)
        crc = size = compressed = 0

        def write(data: bytes | memoryview) -> None:
            nonlocal crc, size, compressed
            crc = zlib.crc32(data, crc)
            size += len(data)
            out = deflate.compress(data)
            compressed += len(out)
            self._f.write(out)

        yield write
        out = deflate.flush()
        self._f.write(out)
        entry.crc, entry.size, entry.compressed = crc, size, compressed + len(out)
        if not zip64 and (entry.size >= _LIMIT or entry.compressed >= _LIMIT):
            raise OverflowError(f"{name} passed 4 GiB without a Zip64 header")
        end = self._f.tell()
        self._f.seek(entry.offset)
        self._f.write(self._local_header(entry))
        self._f.seek(end)
        self._entries.append(entry)

    def _local_header(self, e: _Entry) -> bytes:
        if e.zip64:
            extra = struct.pack("<HHQQ", 1, 16, e.size, e.compressed)
            sizes = (_LIMIT, _LIMIT)
        else:
            extra, sizes = b"", (e.compressed, e.size)
        return (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                45 if e.zip64 else 20,
                _UTF8,
                8,
                0,
                _DOS_DATE,
                e.crc,
                *sizes,
                len(e.name),
                len(extra),
            )
            + e.name
            + extra
        )

    def close(self) -> None:
        start = self._f.tell()
        for e in self._entries:
            big = e.zip64 or e.size >= _LIMIT or e.compressed >= _LIMIT
            far = e.offset >= _LIMIT
            fields = ([e.size, e.compressed] if big else []) + ([e.offset] if far else [])
            extra = struct.pack(f"<HH{len(fields)}Q", 1, 8 * len(fields), *fields) if fields else b""
            needs64 = bool(fields)
            self._f.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    (3 << 8) | 45,
                    45 if needs64 else 20,
                    _UTF8,
                    8,
                    0,
                    _DOS_DATE,
                    e.crc,
                    _LIMIT if big else e.compressed,
                    _LIMIT if big else e.size,
                    len(e.name),
                    len(extra),
                    0,
                    0,
                    0,
                    0o100644 << 16,
                    _LIMIT if far else e.offset,
                )
                + e.name
                + extra
            )
        end = self._f.tell()
        size = end - start
        if start >= _LIMIT or size >= _LIMIT:
            self._f.write(
                struct.pack(
                    "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, *(len(self._entries),) * 2, size, start
                )
            )
            self._f.write(struct.pack("<IIQI", 0x07064B50, 0, end, 1))
        n = len(self._entries)
        self._f.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, min(size, _LIMIT), min(start, _LIMIT), 0)
        )
