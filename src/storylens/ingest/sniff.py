"""Decide an input file's format from its extension and, when that is missing or unknown, its bytes."""
from __future__ import annotations

import gzip
from pathlib import Path

BY_EXTENSION = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    ".warc": "warc", ".rss": "feed", ".atom": "feed", ".xml": None,
}


def _head(path: Path, n: int = 4096) -> bytes:
    with open(path, "rb") as fh:
        head = fh.read(n)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                return fh.read(n)
        except (OSError, EOFError):
            return b""
    return head


def sniff_bytes(head: bytes) -> str | None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if h.startswith(b"warc/"):
        return "warc"
    if h.startswith(b"<?xml") or h.startswith(b"<rss") or h.startswith(b"<feed") or h.startswith(b"<rdf"):
        return "feed" if (b"<rss" in h or b"<feed" in h or b"<rdf" in h) else "html"
    if h.startswith(b"<!doctype html") or h.startswith(b"<html") or b"<body" in h[:2000]:
        return "html"
    if h.startswith(b"["):
        return "json"
    if h.startswith(b"{"):
        first = h.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") else "json"
    return None


def sniff_format(path: Path) -> tuple[str | None, str | None]:
    """(format, None) or (None, reason)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    if size == 0:
        return None, "empty file"
    suffixes = [s.lower() for s in path.suffixes]
    ext = suffixes[-1] if suffixes else ""
    if ext == ".gz" and len(suffixes) >= 2:
        ext = suffixes[-2]
        if ext in (".jsonl", ".json", ".csv", ".txt", ".html"):
            return BY_EXTENSION[ext], None
    if ext == ".warc":
        return "warc", None
    try:
        head = _head(path)
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    fmt = BY_EXTENSION.get(ext)
    if fmt in ("txt", "jsonl", "json", "csv", "html", "feed"):
        return fmt, None
    sniffed = sniff_bytes(head)
    if sniffed:
        return sniffed, None
    if looks_binary(head):
        return None, "binary file (not text, HTML, JSON, CSV, WARC or a feed)"
    return "txt", None


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: not a text file in any encoding we read."""
    if not head:
        return False
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):   # UTF-16 text (with its byte-order mark): NULs are expected
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05
