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
from ..model import Article, FieldSource, Span
from . import html as html_extract
from .blocks import Block, classify_blocks, split_blocks
from .metadata import find_metadata
from .outlets import host_of, outlet_from_host
from .pages import not_article_reason
from .repeats import SAMPLE, RepeatMemory, line_key, otherwise_different, repeat_reason
from ..text.temporal import parse_iso

__all__ = ["clean_articles", "clean_article", "RepeatMemory", "FixedVerdicts", "SAMPLE", "line_key", "line_keys",
           "outlet_hint", "otherwise_different", "prepare_page", "repeat_reason", "split_blocks"]


def prepare_page(article: Article) -> None:
    """HTML articles get their visible text as raw_text (kept as the original the user gave)."""
    if article.html and not article.raw_text:
        article.raw_text = html_extract.visible_text(article.html)


def outlet_hint(article: Article) -> str | None:
    """The outlet a page's lines are counted under: the given source, else the name its host makes."""
    if article.source:
        return article.source
    host = host_of(article.url)
    return outlet_from_host(host) if host else None


def line_keys(article: Article) -> list[int]:
    """The keys of a page's lines as the corpus evidence counts them (lines of 8 or more characters of
    words; a line as often as the page holds it)."""
    return [line_key(b.key) for b in split_blocks(article.raw_text) if len(b.key) >= 8]


class FixedVerdicts:
    """Verdicts on a page's repeated lines made elsewhere ({line key: reason}: the Spark engine's
    counting pass), answering as RepeatMemory.reason does."""

    def __init__(self, reasons: dict[int, str]):
        self.reasons = reasons

    def reason(self, norm_text: str, outlet: str | None) -> str | None:
        return self.reasons.get(line_key(norm_text)) if self.reasons and len(norm_text) >= 8 else None


def _crawled(article: Article) -> dt.date:
    return parse_iso(article.extra.get("crawled")) or dt.date.today()


def clean_article(article: Article, settings: Settings, repeats: RepeatMemory | None = None,
                  lines: list[Block] | None = None) -> Article:
    """Fill clean_text, removed and meta of one article (in place; returns it). `lines`: the raw
    text's blocks if already split (clean_articles splits once for the corpus evidence)."""
    prepare_page(article)
    hint = outlet_hint(article)
    reason_fn = (lambda n: repeats.reason(n, hint)) if repeats is not None else None
    html_meta: dict = {}
    if article.html:
        extracted, html_meta = html_extract.extract(article.html, article.url)
        if extracted:
            kept, blocks = _html_blocks(article.raw_text, extracted, settings, hint, reason_fn,
                                        article.title or html_meta.get("title"))
        else:
            blocks = classify_blocks(article.raw_text, settings, hint, article.language, reason_fn, article.title, blocks=lines, url=article.url)
            kept = [b for b in blocks if b.verdict in ("body", "heading")]
            html_meta["fallback"] = "trafilatura found no main text; plain-text rules used"
    else:
        blocks = classify_blocks(article.raw_text, settings, hint, article.language, reason_fn, article.title, blocks=lines, url=article.url)
        kept = [b for b in blocks if b.verdict in ("body", "heading")]
    article.clean_text = "".join(("" if not n else " " if b.wrapped else "\n\n") + b.text for n, b in enumerate(kept))
    article.removed = [Span(b.start, b.end, b.text, b.reason, "metadata" if b.verdict == "metadata" else "chrome")
                       for b in blocks if b.verdict in ("chrome", "metadata")]
    if not article.clean_text and article.title:
        article.clean_text = ""  # headline-only record: the title is its text
    article.meta = find_metadata(article, blocks, article.clean_text, _crawled(article), html_meta)
    if "fallback" in html_meta:
        article.meta["extraction"] = FieldSource(html_meta["fallback"], "HTML cleaning")
    if (why := not_article_reason(article)):
        article.meta["not_article"] = FieldSource(why, "page check: listed apart, not grouped into a story")
    return article


def _html_blocks(page_text: str, extracted: str, settings: Settings, hint, reason_fn,
                 title: str | None = None) -> tuple[list[Block], list[Block]]:
    """(kept, page blocks) for an HTML page. The article text is what trafilatura extracted, less the
    lines the chrome rules still catch in it (counters, pitches, datelines, the title). The page's
    visible lines are the original the user sees: each is marked kept if it is part of that text,
    with the rule's reason if a rule removed it, else as outside the main content."""
    ex_blocks = classify_blocks(extracted, settings, hint, None, reason_fn, title, structural=False)
    kept = [b for b in ex_blocks if b.verdict in ("body", "heading")]
    kept_exact = {b.key for b in kept}
    kept_joined = " " + " ".join(kept_exact) + " "
    dropped = {}
    for b in ex_blocks:
        if b.verdict in ("chrome", "metadata"):
            dropped.setdefault(b.key, b)
    page_blocks = split_blocks(page_text)
    seen = set()
    for b in page_blocks:
        n = b.key
        ex = dropped.get(n)
        if ex is not None:
            b.verdict, b.reason, b.meta = ex.verdict, ex.reason, ex.meta
            seen.add(n)
        elif n and (n in kept_exact or (b.words >= 4 and f" {n} " in kept_joined)):
            b.verdict, b.reason = "body", "article text (HTML extraction)"
        else:
            b.verdict, b.reason = "chrome", "outside the main content (HTML structure, trafilatura)"
    # lines the rules removed from the extracted text that are not lines of the page as such
    end = len(page_text)
    page_blocks += [Block(end, end, b.text, b.words, b.verdict, b.reason + " (as extracted)", b.meta, b.key)
                    for n, b in dropped.items() if n not in seen]
    return kept, page_blocks


def _register(batch: list[Article], repeats: RepeatMemory) -> tuple[list, list[list[Block]]]:
    """Register each article's lines as corpus evidence: (rows to save, each article's blocks)."""
    rows, split = [], []
    for a in batch:
        prepare_page(a)
        blocks = split_blocks(a.raw_text)
        split.append(blocks)
        rows.extend(repeats.add(a.id, outlet_hint(a), [b.key for b in blocks]))
    return rows, split


def clean_articles(articles: Iterable[Article], settings: Settings, repeats: RepeatMemory | None = None,
                   on_repeat_rows=None) -> Iterator[Article]:
    """Clean articles in chunks: each chunk's lines are registered as corpus evidence first, so a line
    repeated across the chunk (or across earlier runs, via `repeats`) is recognised as chrome."""
    repeats = repeats if repeats is not None else RepeatMemory(settings.repeat_min_articles)
    batch: list[Article] = []

    def flush():
        rows, split = _register(batch, repeats)
        if on_repeat_rows and rows:
            on_repeat_rows(rows)
        for a, lines in zip(batch, split):
            yield clean_article(a, settings, repeats, lines)
        batch.clear()

    for a in articles:
        batch.append(a)
        if len(batch) >= settings.clean_chunk:
            yield from flush()
    if batch:
        yield from flush()
