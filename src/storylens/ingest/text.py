"""Plain-text and HTML files: one article per file, id from the file name."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..config import Settings
from ..model import Article, Issue
from .bounded import read_capped
from .decode import decode_bytes
from .sniff import looks_binary


def _read_limited(path: Path, settings: Settings) -> tuple[bytes | None, Issue | None]:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        return None, Issue(str(path), f"{size / 1e6:.1f} MB is over the {settings.max_file_bytes / 1e6:.0f} MB "
                                      "limit for one article (setting max_file_bytes)")
    data, problem = read_capped(path, settings.max_file_bytes)   # a .gz is expanded only up to the limit
    if data is None:
        return None, Issue(str(path), problem)
    if looks_binary(data[:4096]):
        return None, Issue(str(path), "binary file (not text)")
    return data, None


def _decoded(path: Path, settings: Settings) -> tuple[str | None, list[Issue]]:
    data, issue = _read_limited(path, settings)
    if issue:
        return None, [issue]
    text, note = decode_bytes(data)
    if text is None:
        return None, [Issue(str(path), note or "undecodable")]
    issues = [Issue(str(path), note, action="repaired")] if note else []
    if not text.strip():
        return None, issues + [Issue(str(path), "no text (only white space)")]
    return text, issues


def read_text_file(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    text, issues = _decoded(path, settings)
    yield from issues
    if text is not None:
        yield Article(id=path.name.split(".")[0], raw_text=text, origin=str(path), id_basis="file name")


def read_html_file(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    text, issues = _decoded(path, settings)
    yield from issues
    if text is not None:
        yield Article(id=path.name.split(".")[0], html=text, origin=str(path), id_basis="file name")
