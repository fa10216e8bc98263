"""JSON lines, JSON and CSV: one article per record.

A record has `id` and `text` (or `html`) and/or `title`; optional `url`, `source`, `published`,
`language`. Unknown fields are kept in `Article.extra` and written back untouched by the batch commands.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Iterator

from ..config import Settings
from ..model import Article, Issue
from .bounded import Bomb, BoundedInput, capped_lines, read_capped
from .decode import decode_bytes

KNOWN = ("id", "text", "html", "title", "url", "source", "published", "language")
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}")
"""An article id: a letter or digit, then letters, digits and . _ : @ + - (at most 128 characters)."""


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
    rid, extra = _as_text(rec.get("id")), {k: v for k, v in rec.items() if k not in KNOWN}
    rid = rid.strip() if rid else ""
    basis = "given"
    if not rid:
        rid = hashlib.sha1(((title or "") + (text or html or "")).encode("utf-8", "replace")).hexdigest()[:16]
        basis = "content"
    elif not SAFE_ID.fullmatch(rid):
        # ids name pages (/articles/<id>) and files: other characters ('/', '..', spaces, controls) are
        # replaced, the id keeps a hash of the given one (two ids never become one), and the given id is kept
        extra["given_id"] = rid
        slug = re.sub(r"[^A-Za-z0-9._:@+-]+", "-", rid).strip("-._")[:80] or "id"
        rid = f"{slug}-{hashlib.sha1(rid.encode('utf-8', 'replace')).hexdigest()[:8]}"
    return Article(
        id=rid, raw_text=text or "", html=html if not text else None, title=title,
        url=_as_text(rec.get("url")), source=_as_text(rec.get("source")),
        published=_as_text(rec.get("published")), language=_as_text(rec.get("language")),
        origin=origin, extra=extra, id_basis=basis,
    )


MAX_DEPTH = 60   # a real article record is two or three levels deep


def parse_json(text: str) -> tuple[object, str | None]:
    """(value, None) or (None, why not): broken JSON, or nested too deep to be an article record (a
    hundred thousand '[' would exhaust the parser's stack)."""
    depth = _depth(text) if text.count("[") + text.count("{") > MAX_DEPTH else 0
    if depth > MAX_DEPTH:
        return None, f"JSON nested {depth} levels deep (at most {MAX_DEPTH}): not an article record"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"broken JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    except RecursionError:
        return None, "JSON nested too deep to read"


def _depth(text: str) -> int:
    """How deep brackets nest, strings left out (a cheap pass before the parser)."""
    depth = deepest = 0
    quoted = escaped = False
    for ch in text:
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def json_lines(path: Path, max_bytes: int = 20_000_000) -> Iterator[tuple[str, object] | Issue]:
    """The one JSON-lines reader (`analyze` and the batch commands alike): (origin, record) for each
    line that is JSON, an Issue for one that is not (or was repaired to be read), gzip or not."""
    with BoundedInput(Path(path)) as fh:
        try:
            for n, line in capped_lines(fh, max_bytes):
                origin = f"{path}:{n}"
                if line is None:
                    yield Issue(origin, "line over the size limit for one record (setting max_file_bytes); skipped")
                    continue
                if not line.strip():
                    continue
                text, note = decode_bytes(line)
                if text is None:
                    yield Issue(origin, note or "undecodable line")
                    continue
                rec, problem = parse_json(text)
                if problem:
                    yield Issue(origin, problem)
                    continue
                if note:
                    yield Issue(origin, note, action="repaired")
                yield origin, rec
        except Bomb as exc:
            yield Issue(str(path), f"{exc}; records before it were read")
        except (OSError, EOFError) as exc:
            yield Issue(str(path), f"file ends early ({str(exc)[:200]}); records before it were read")


def read_jsonl(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    for item in json_lines(path, settings.max_file_bytes):
        yield item if isinstance(item, Issue) else article_from_record(item[1], item[0], settings)


def read_json(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    data, problem = read_capped(path, settings.max_file_bytes)
    if data is None:
        yield Issue(str(path), f"{problem} (use JSON lines for big inputs)")
        return
    text, note = decode_bytes(data)
    if text is None:
        yield Issue(str(path), note or "undecodable")
        return
    doc, problem = parse_json(text)
    if problem and "nested" in problem:
        yield Issue(str(path), problem)
        return
    if problem:
        # many ".json" files are really JSON lines
        yield from read_jsonl(path, settings)
        return
    if isinstance(doc, dict) and isinstance(doc.get("articles"), list):
        doc = doc["articles"]
    items = doc if isinstance(doc, list) else [doc]
    for n, rec in enumerate(items):
        yield article_from_record(rec, f"{path}[{n}]", settings)


def read_csv(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    data, problem = read_capped(path, settings.max_file_bytes)
    if data is None:
        yield Issue(str(path), problem)
        return
    text, note = decode_bytes(data)
    if text is None:
        yield Issue(str(path), note or "undecodable")
        return
    if note:
        yield Issue(str(path), note, action="repaired")
    csv.field_size_limit(settings.max_file_bytes)
    yield from _csv_records(path, text.splitlines(keepends=True), settings)


def _csv_records(path: Path, lines: list[str], settings: Settings) -> Iterator[Article | Issue]:
    """Rows as records, strictly quoted: a row whose quote never closes would swallow every row after
    it; it is listed and reading goes on at the next line."""
    if not lines:
        return
    header = next(csv.reader(lines[:1]))
    start = 1
    while start < len(lines):
        rows = csv.reader(lines[start:], strict=True)
        at = start
        try:
            for row in rows:
                if row:
                    yield article_from_record(dict(zip(header, row)), f"{path}:{at + 1}", settings)
                at = start + rows.line_num
            return
        except csv.Error as exc:
            yield Issue(f"{path}:{at + 1}", f"broken CSV row ({exc}): a quote that never closes; skipped")
            start = at + 1
