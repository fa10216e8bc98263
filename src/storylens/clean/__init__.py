"""Clean: separate article text from site chrome and find the article's metadata.

Entry point: `clean_articles(articles, settings, repeats)`. Plain text goes through the line rules
(blocks.py); HTML through trafilatura (html.py) and then the same rules. Nothing is thrown away:
every removed line is kept as a Span with its reason, metadata lines as kind="metadata".
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Iterator

from ..config import Settings
from ..model import Article, Span
from ..text.tokens import WORD
from . import html as html_extract
from .blocks import Block, classify_blocks, split_blocks
from .metadata import find_metadata
from .outlets import host_of, outlet_from_host
from .repeats import RepeatMemory
from ..text.temporal import parse_iso

__all__ = ["clean_articles", "clean_article", "RepeatMemory"]
CHUNK = 2000


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _prepare(article: Article) -> None:
    """HTML articles get their visible text as raw_text (kept as the original the user gave)."""
    if article.html and not article.raw_text:
        article.raw_text = html_extract.visible_text(article.html)


def _outlet_hint(article: Article) -> str | None:
    if article.source:
        return article.source
    host = host_of(article.url)
    return outlet_from_host(host) if host else None


def _crawled(article: Article) -> dt.date:
    return parse_iso(article.extra.get("crawled")) or dt.date.today()


def clean_article(article: Article, settings: Settings, repeats: RepeatMemory | None = None) -> Article:
    """Fill clean_text, removed and meta of one article (in place; returns it)."""
    _prepare(article)
    hint = _outlet_hint(article)
    reason_fn = (lambda n: repeats.reason(n, hint)) if repeats is not None else None
    html_meta: dict = {}
    if article.html:
        extracted, html_meta = html_extract.extract(article.html, article.url)
        if extracted:
            blocks = _html_blocks(article.raw_text, extracted, settings, hint, reason_fn)
        else:
            blocks = classify_blocks(article.raw_text, settings, hint, article.language, reason_fn, article.title)
            html_meta["fallback"] = "trafilatura found no main text; plain-text rules used"
    else:
        blocks = classify_blocks(article.raw_text, settings, hint, article.language, reason_fn, article.title)
    kept = [b for b in blocks if b.verdict in ("body", "heading")]
    article.clean_text = "\n\n".join(b.text for b in kept)
    article.removed = [Span(b.start, b.end, b.text, b.reason, "metadata" if b.verdict == "metadata" else "chrome")
                       for b in blocks if b.verdict in ("chrome", "metadata")]
    if not article.clean_text and article.title:
        article.clean_text = ""  # headline-only record: the title is its text
    article.meta = find_metadata(article, blocks, article.clean_text, _crawled(article), html_meta)
    if "fallback" in html_meta:
        from ..model import FieldSource
        article.meta["extraction"] = FieldSource(html_meta["fallback"], "HTML cleaning")
    return article


def _html_blocks(page_text: str, extracted: str, settings: Settings, hint, reason_fn) -> list[Block]:
    """Blocks over the page's visible text: lines trafilatura kept go through the line rules
    (for leftover counters, datelines, pitches); the rest are removed as outside the main content."""
    ex_blocks = classify_blocks(extracted, settings, hint, None, reason_fn, structural=False)
    verdict = {}
    for b in ex_blocks:
        verdict.setdefault(_norm(b.text), b)
    page_blocks = split_blocks(page_text)
    out = []
    matched = set()
    for b in page_blocks:
        n = _norm(b.text)
        ex = verdict.get(n)
        if ex is not None and n not in matched:
            matched.add(n)
            b.verdict, b.reason, b.meta = ex.verdict, ex.reason, ex.meta
        else:
            b.verdict, b.reason = "chrome", "outside the main content (HTML structure, trafilatura)"
        out.append(b)
    # extracted lines that do not appear verbatim in the page text (whitespace/joins differ): append them
    missing = [b for b in ex_blocks if _norm(b.text) not in matched and b.verdict in ("body", "heading")]
    if missing:
        offset = len(page_text)
        for b in missing:
            out.append(Block(offset, offset, b.text, b.words, b.verdict, b.reason + " (as extracted)", b.meta))
    return out


def _register(batch: list[Article], repeats: RepeatMemory) -> list:
    rows = []
    for a in batch:
        _prepare(a)
        lines = [_norm(b.text) for b in split_blocks(a.raw_text)]
        rows.extend(repeats.add(a.id, _outlet_hint(a), lines))
    return rows


def clean_articles(articles: Iterable[Article], settings: Settings, repeats: RepeatMemory | None = None,
                   on_repeat_rows=None) -> Iterator[Article]:
    """Clean articles in chunks: each chunk's lines are registered as corpus evidence first, so a line
    repeated across the chunk (or across earlier runs, via `repeats`) is recognised as chrome."""
    repeats = repeats if repeats is not None else RepeatMemory(settings.repeat_min_articles)
    batch: list[Article] = []

    def flush():
        rows = _register(batch, repeats)
        if on_repeat_rows and rows:
            on_repeat_rows(rows)
        for a in batch:
            yield clean_article(a, settings, repeats)
        batch.clear()

    for a in articles:
        batch.append(a)
        if len(batch) >= CHUNK:
            yield from flush()
    if batch:
        yield from flush()
