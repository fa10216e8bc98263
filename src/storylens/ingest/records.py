"""JSON lines, JSON and CSV: one article per record.

A record has `id` and `text` (or `html`) and/or `title`; optional `url`, `source`, `published`,
`language`. Unknown fields are kept in `Article.extra` and written back untouched by the batch commands.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Iterator

from ..config import Settings
from ..model import Article, Issue
from .decode import decode_bytes

KNOWN = ("id", "text", "html", "title", "url", "source", "published", "language")


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return None


def article_from_record(rec, origin: str, settings: Settings) -> Article | Issue:
    """One input record -> Article, or an Issue saying why it cannot be one."""
    if not isinstance(rec, dict):
        return Issue(origin, f"record is a JSON {type(rec).__name__}, not an object")
    text, html, title = _as_text(rec.get("text")), _as_text(rec.get("html")), _as_text(rec.get("title"))
    if not ((text and text.strip()) or (html and html.strip()) or (title and title.strip())):
        return Issue(origin, "record has no non-empty text, html or title")
    for name, value in (("text", text), ("html", html)):
        if value and len(value) > settings.max_file_bytes:
            return Issue(origin, f"{name} of {len(value) / 1e6:.1f} MB is over the "
                                 f"{settings.max_file_bytes / 1e6:.0f} MB limit for one article")
    rid = _as_text(rec.get("id"))
    if not rid:
        rid = hashlib.sha1(((title or "") + (text or html or "")).encode("utf-8", "replace")).hexdigest()[:16]
    return Article(
        id=rid, raw_text=text or "", html=html if not text else None, title=title,
        url=_as_text(rec.get("url")), source=_as_text(rec.get("source")),
        published=_as_text(rec.get("published")), language=_as_text(rec.get("language")),
        origin=origin, extra={k: v for k, v in rec.items() if k not in KNOWN},
    )


def _open_text(path: Path):
    raw = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")
    return raw


def json_lines(path: Path) -> Iterator[tuple[str, object] | Issue]:
    """The one JSON-lines reader (`analyze` and the batch commands alike): (origin, record) for each
    line that is JSON, an Issue for one that is not (or was repaired to be read), gzip or not."""
    with _open_text(Path(path)) as fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                origin = f"{path}:{n}"
                text, note = decode_bytes(line)
                if text is None:
                    yield Issue(origin, note or "undecodable line")
                    continue
                try:
                    rec = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield Issue(origin, f"broken JSON line ({exc.msg} at column {exc.colno})")
                    continue
                if note:
                    yield Issue(origin, note, action="repaired")
                yield origin, rec
        except (OSError, EOFError) as exc:
            yield Issue(str(path), f"file ends early ({exc}); records before it were read")


def read_jsonl(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    for item in json_lines(path):
        yield item if isinstance(item, Issue) else article_from_record(item[1], item[0], settings)


def read_json(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    with _open_text(path) as fh:
        data = fh.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        yield Issue(str(path), f"JSON file over {settings.max_file_bytes / 1e6:.0f} MB: use JSON lines for big inputs")
        return
    text, note = decode_bytes(data)
    if text is None:
        yield Issue(str(path), note or "undecodable")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        # many ".json" files are really JSON lines
        yield from read_jsonl(path, settings)
        return
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        doc = doc["articles"]
    items = doc if isinstance(doc, list) else [doc]
    for n, rec in enumerate(items):
        yield article_from_record(rec, f"{path}[{n}]", settings)


def read_csv(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    with _open_text(path) as fh:
        data = fh.read()
    text, note = decode_bytes(data)
    if text is None:
        yield Issue(str(path), note or "undecodable")
        return
    if note:
        yield Issue(str(path), note, action="repaired")
    csv.field_size_limit(settings.max_file_bytes)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        for n, row in enumerate(reader, 2):
            yield article_from_record({k: v for k, v in row.items() if k is not None}, f"{path}:{n}", settings)
    except csv.Error as exc:
        yield Issue(str(path), f"broken CSV: {exc}")
