"""Ingest: files and folders -> Article records and Issues (skipped/repaired inputs).

Each format is one module (text, records, html, warc, feeds); `sniff` decides the format from the
bytes when the extension does not say it. Nothing is cleaned here: HTML stays HTML for clean/.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings
from ..model import Article, Issue
from . import feeds, records, text, warc
from .records import article_from_record, json_lines, parse_json
from .sniff import sniff_format

__all__ = ["ingest_paths", "ingest_file", "iter_files", "article_from_record", "file_article_id", "json_lines", "parse_json", "READERS"]

READERS = {
    "txt": text.read_text_file,
    "html": text.read_html_file,
    "jsonl": records.read_jsonl,
    "json": records.read_json,
    "csv": records.read_csv,
    "warc": warc.read_warc,
    "feed": feeds.read_feed,
}


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Issue]:
    """Files under the given paths, sorted, hidden files and folders left out."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f
        elif path.is_file():
            yield path
        else:
            yield Issue(str(path), "no such file or folder")


def file_article_id(stem: str, origin: str) -> str:
    """The id of a file's article when another file of the same name came first (in this run or an
    earlier one): the name and a hash of the file's full path."""
    return f"{stem}-{hashlib.sha1(os.path.realpath(origin).encode('utf-8', 'replace')).hexdigest()[:8]}"


def ingest_paths(paths: Iterable[str | Path], settings: Settings) -> Iterator[Article | Issue]:
    """Every article found under `paths`, and an Issue for every input skipped or repaired."""
    seen_ids: dict[str, str] = {}
    for f in iter_files(paths):
        if isinstance(f, Issue):
            yield f
            continue
        for item in ingest_file(f, settings):
            if isinstance(item, Article):
                # two files with the same stem in different folders must not overwrite each other:
                # the second takes a suffix from its path, the same in every run and process
                first = seen_ids.setdefault(item.id, item.origin)
                if first != item.origin and item.id_basis == "file name":
                    item.id = file_article_id(item.id, item.origin)
            yield item


def ingest_file(f: Path, settings: Settings) -> Iterator[Article | Issue]:
    """The articles of one file (its format sniffed), and an Issue for each record skipped or repaired."""
    fmt, problem = sniff_format(f)
    if fmt is None:
        yield Issue(str(f), problem or "unknown format")
        return
    try:
        yield from READERS[fmt](f, settings)
    except OSError as exc:
        yield Issue(str(f), f"cannot read: {exc.strerror or exc}")
