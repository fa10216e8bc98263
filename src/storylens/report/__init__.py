"""Report: one self-contained HTML file (inline CSS, no script, no network; a story list and a page
per story and per article through #anchors) and a JSON export of the same data, read through the store."""
from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter, deque
from pathlib import Path
from typing import Iterable

import jinja2

from ..model import ArticleView
from ..store import Store, json_ready
from ..text.lines import text_lines

TEMPLATES = Path(__file__).parent / "templates"


def environment(extra_paths: list[Path] | None = None, strict: bool = False) -> jinja2.Environment:
    """The jinja2 environment shared with the web app: autoescape on for every template. `strict`: a
    missing field fails the page (the test suite) instead of leaving it blank (a reader's page)."""
    loader = jinja2.FileSystemLoader([str(p) for p in (extra_paths or [])] + [str(TEMPLATES)])
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined if strict else jinja2.ChainableUndefined)


def short_label(article_id: str) -> str:
    """A short name for citations: '000' for '000_d3aa78e8f22ee53a', else the first 10 characters."""
    head = article_id.split("_", 1)[0]
    return head if 0 < len(head) <= 8 and head != article_id else article_id[:10]


def short_labels(article_ids: Iterable[str]) -> dict[str, str]:
    """Short names for citations that tell the given articles apart: `short_label` where it is unique
    among them, else the id itself when short (16 characters or less), else the shortest start of it
    (10 characters at least) that no other id shares."""
    ids = list(dict.fromkeys(article_ids))
    labels = {i: short_label(i) for i in ids}
    seen = Counter(labels.values())
    clashing = sorted(i for i in ids if seen[labels[i]] > 1)
    # in sorted order, the id sharing the longest start with an id is its neighbour: one pass, not all pairs
    shared = [len(os.path.commonprefix(pair)) for pair in zip(clashing, clashing[1:])]
    for k, i in enumerate(clashing):
        need = 1 + max(shared[k - 1] if k else 0, shared[k] if k < len(shared) else 0)
        labels[i] = i if len(i) <= 16 else i[:max(10, need)]
    return labels


def article_lines(d: ArticleView) -> list[dict]:
    """The text as received, line by line, each line marked when a removed span covers it: the earliest
    span (by start) that covers the line's start, else the first that begins inside the line. One sweep
    over lines and spans together, so a text of 400,000 lines costs no more than reading it."""
    spans = sorted(d.removed, key=lambda s: s.start)
    active: deque = deque()   # spans begun at or before the line, in start order
    nxt = 0
    out = []
    for start, end, line in text_lines(d.raw_text or ""):
        while nxt < len(spans) and spans[nxt].start <= start:
            active.append(spans[nxt])
            nxt += 1
        while active and active[0].end <= start:
            active.popleft()
        hit = next((s for s in active if s.end > start), None)
        if hit is None and nxt < len(spans) and spans[nxt].start < end:
            hit = spans[nxt]
        out.append({"text": line, "removed": hit is not None, "reason": hit.reason if hit else None,
                    "kind": hit.kind if hit else None})
    return out


def _anchor_link(kind: str, ident: str) -> str:
    return f"#{kind}-{ident}" if kind in ("story", "article") else ""


def write_html(store: Store, path: str | Path, story_ids: list[str] | None = None, strict: bool = False) -> Path:
    data = store.export(story_ids)
    stories = [s for s in data["stories"] if s.analysis is not None]
    labels = short_labels(a.id for a in data["articles"])
    html = environment(strict=strict).get_template("report.html").render(
        stories=stories, articles=data["articles"], labels=labels, link=_anchor_link, article_lines=article_lines,
        counts=store.counts(), generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def write_json(store: Store, path: str | Path, story_ids: list[str] | None = None) -> Path:
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(json_ready(store.export(story_ids)), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path
