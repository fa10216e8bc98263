"""Reading an input with bounded work: a compressed file is read through a counter, so a gzip bomb
(a small file that expands a thousandfold) is stopped and listed instead of filling memory, and a line
or a file longer than the limit is skipped and listed, never read whole.

`max_bytes` is the setting max_file_bytes (one article); a stream of records may be longer in all, but
not more than BOMB_RATIO times its compressed size past BOMB_FLOOR bytes.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO, Iterator

BOMB_RATIO = 100            # text compresses 3-10x; a bomb a thousandfold
BOMB_FLOOR = 64_000_000     # below this much expanded text no ratio is judged (small files compress well)
GZIP_MAGIC = b"\x1f\x8b"


class Bomb(Exception):
    """The input expands far more than text does."""


class _Counted(io.RawIOBase):
    """The compressed bytes as they are read, counted."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.raw.read(len(buf))
        self.count += len(data)
        buf[:len(data)] = data
        return len(data)


class BoundedInput:
    """A file's bytes, decompressed when gzip, with the expansion watched (`read`, `readline`)."""

    def __init__(self, path: Path):
        self.raw = open(path, "rb")
        gz = self.raw.read(2) == GZIP_MAGIC
        self.raw.seek(0)
        self.counted = _Counted(self.raw) if gz else None
        self.stream = gzip.GzipFile(fileobj=io.BufferedReader(self.counted)) if gz else self.raw
        self.out = 0

    def _check(self, data: bytes) -> bytes:
        self.out += len(data)
        if self.counted is not None and self.out > BOMB_FLOOR and self.out > BOMB_RATIO * max(1, self.counted.count):
            raise Bomb(f"expands over {BOMB_RATIO} times its compressed size (past {self.out / 1e6:.0f} MB): "
                       "a decompression bomb, not read further")
        return data

    def read(self, n: int) -> bytes:
        return self._check(self.stream.read(n))

    def readline(self, limit: int) -> bytes:
        return self._check(self.stream.readline(limit))

    def close(self) -> None:
        self.stream.close()
        self.raw.close()

    def __enter__(self) -> "BoundedInput":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_capped(path: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    """(the whole input, None), or (None, why not): over `max_bytes` once expanded, a bomb, broken gzip."""
    try:
        with BoundedInput(path) as fh:
            data = fh.read(max_bytes + 1)
    except Bomb as exc:
        return None, str(exc)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return None, f"broken gzip: {str(exc)[:200]}"
    if len(data) > max_bytes:
        return None, (f"over the {max_bytes / 1e6:.0f} MB limit for one input once decompressed "
                      "(setting max_file_bytes); skipped")
    return data, None


def capped_lines(fh: BoundedInput, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; a line over `max_bytes` is given as None (and read past in
    pieces, never whole)."""
    n = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield n, None
            continue
        yield n, line
