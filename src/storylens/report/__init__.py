"""Report: one self-contained HTML file (inline CSS, no script, no network; a story list and a page
per story and per article through #anchors) and a JSON export of the same data, read through the store."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from ..model import ArticleView, Span
from ..store import Store, json_ready
from ..text.lines import text_lines
from ..text.sentences import split_sentences

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


def source_labels(members) -> dict[str, dict]:
    """How a story's citations name its articles: the outlet ("unknown outlet" when none is known), told
    apart by the article's short id when the story holds several of one outlet, and the article's title.
    `members`: the story's MemberRows. {article id: {"label": ..., "title": ...}}."""
    members = list(members)
    short = short_labels(m.article_id for m in members)
    per_outlet = Counter(m.outlet or "" for m in members)
    out = {}
    for m in members:
        name = m.outlet or "unknown outlet"
        label = f"{name} · {short[m.article_id]}" if per_outlet[m.outlet or ""] > 1 or not m.outlet else name
        out[m.article_id] = {"label": label, "title": m.title}
    return out


def sentence_key(text: str) -> str:
    """A short key naming one sentence of an article (its anchor on the article's page)."""
    return hashlib.blake2b(text.strip().encode("utf-8"), digest_size=5).hexdigest()


def paragraph_sentences(paragraph: str) -> list[dict]:
    """A paragraph's sentences as the analysis split them, each with its key (so a citation can open the
    article at the cited sentence)."""
    spans = split_sentences(paragraph)
    if not spans:
        return [{"text": paragraph, "key": None}]
    out, pos = [], 0
    for a, b in spans:
        if a > pos:
            out.append({"text": paragraph[pos:a], "key": None})
        out.append({"text": paragraph[a:b], "key": sentence_key(paragraph[a:b])})
        pos = b
    if pos < len(paragraph):
        out.append({"text": paragraph[pos:], "key": None})
    return out


LINES_PER_PART = 2000        # the web page shows a long article's text in parts of this many lines
PARAGRAPHS_PER_PART = 500


@dataclass(slots=True)
class ArticleWindow:
    """What an article page shows of its text: clean paragraphs and the lines as received (each marked
    when removed, with its reason), for part `part` of `parts` (a 400,000-line text is not one page)."""
    paragraphs: list[str]
    lines: list[dict]
    part: int = 1
    parts: int = 1
    first_line: int = 0      # the physical lines of the text as received shown: [first_line, last_line)
    last_line: int = 0


def article_window(d: ArticleView, part: int = 1, lines_per_part: int | None = LINES_PER_PART,
                   paragraphs_per_part: int = PARAGRAPHS_PER_PART, removed_in=None) -> ArticleWindow:
    """Part `part` of the article's text (a part past the end: the last; lines_per_part None: all of it,
    as the report shows it). `removed_in(a, b)`: the removed spans between two offsets, when the page
    reads only those of the part it shows (default: the article's own `removed`)."""
    raw = d.raw_text or ""
    paragraphs = d.clean_text.split("\n\n")
    if lines_per_part is None:
        return ArticleWindow(paragraphs, article_lines(d))
    n_lines = raw.count("\n") + 1
    parts = max(1, -(-n_lines // lines_per_part), -(-len(paragraphs) // paragraphs_per_part))
    part = min(max(1, part), parts)
    first = (part - 1) * lines_per_part
    a = _line_offset(raw, first)
    b = _line_offset(raw, first + lines_per_part, a, lines_per_part)
    spans = removed_in(a, b) if removed_in is not None else None
    return ArticleWindow(paragraphs[(part - 1) * paragraphs_per_part: part * paragraphs_per_part],
                         article_lines(d, a, b, spans), part, parts, first, min(first + lines_per_part, n_lines))


def _line_offset(raw: str, line: int, start: int = 0, ahead: int | None = None) -> int:
    """Where physical line `line` begins (len(raw) past the end); from `start`, `ahead` lines on."""
    pos, todo = start, line if ahead is None else ahead
    for _ in range(todo):
        pos = raw.find("\n", pos)
        if pos < 0:
            return len(raw)
        pos += 1
    return pos


def article_lines(d: ArticleView, a: int = 0, b: int | None = None, spans: list[Span] | None = None) -> list[dict]:
    """The text as received (between offsets a and b), line by line, each line marked when a removed
    span covers it: the earliest span (by start) that covers the line's start, else the first that
    begins inside the line. One sweep over lines and spans together, so a text of 400,000 lines costs
    no more than reading it."""
    raw = d.raw_text or ""
    b = len(raw) if b is None else b
    spans = sorted((s for s in (d.removed if spans is None else spans) if s.end > a and s.start < b),
                   key=lambda s: s.start)
    active: deque = deque()   # spans begun at or before the line, in start order
    nxt = 0
    out = []
    for start, end, line in text_lines(raw[a:b]):
        start, end = start + a, end + a
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


def _anchor_sentence(article_id: str, key: str | None) -> str:
    """The element id of one sentence in the report (every article is on the one page)."""
    return f"article-{article_id}-s-{key}"


def _anchor_cite(article_id: str, sentence: str) -> str:
    return "#" + _anchor_sentence(article_id, sentence_key(sentence))


def write_html(store: Store, path: str | Path, story_ids: list[str] | None = None, strict: bool = False) -> Path:
    data = store.export(story_ids)
    stories = [s for s in data["stories"] if s.analysis is not None]
    labels = {s.id: source_labels(s.members) for s in stories}
    env = environment(strict=strict)
    # the shared macros (imported without the page's context) call these
    env.globals.update(cite_link=_anchor_cite, sentence_id=_anchor_sentence, paragraph_sentences=paragraph_sentences)
    html = env.get_template("report.html").render(
        stories=stories, articles=data["articles"], not_articles=data["not_articles"], labels=labels, link=_anchor_link,
        article_window=article_window,
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
