"""What every analysis of one story needs, computed once: its articles in reading order, their
sentences, sentence similarities, and which articles are copies of one another (one source)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from ..model import Article, CopyGroup, Sentence
from ..text.prose import not_prose_in_order
from ..text.similarity import SentenceSpace, hybrid
from .readings import Readings, derived_kind

MAX_ARTICLES = 60          # bigger stories are analysed over this many articles (each outlet's first one, then by date)
MAX_SENTENCES_PER_ARTICLE = 60
# which of an article's sentences read as prose: kept with its readings (the same text gives the same answer)
PROSE = derived_kind("prose", "context.py", "../text/prose.py")


@dataclass
class StoryContext:
    articles: list[Article]
    copy_groups: list[CopyGroup]
    sentences: list[Sentence] = field(default_factory=list)
    space: SentenceSpace | None = None
    sim: np.ndarray | None = None
    source_of: dict[str, str] = field(default_factory=dict)   # article id -> independent source key
    by_id: dict[str, Article] = field(default_factory=dict)
    everyone: list[Article] = field(default_factory=list)      # all the story's articles (analysed or not)
    language: str | None = None                                # the language the story is read in
    other_languages: dict[str, int] = field(default_factory=dict)   # articles left unread for their language
    headline_only: set[str] = field(default_factory=set)        # articles whose only text is their title
    not_prose: list[str | None] = field(default_factory=list)  # per sentence: why it may not be shown (text/prose.py)
    readings: Readings = field(default_factory=Readings)       # per-article work kept between runs (readings.py)
    scores: tuple | None = None                                # (centrality, score) per sentence (summary.py)


    @classmethod
    def build(cls, articles: list[Article], copy_groups: list[CopyGroup], readings: Readings | None = None) -> "StoryContext":
        everyone = _in_order(articles)
        language = main_language(everyone)
        arts = analysed_articles(everyone)
        ctx = cls(arts, copy_groups, everyone=everyone, language=language)
        for a in everyone:
            if a.field("language") not in (None, language):
                ctx.other_languages[a.field("language")] = ctx.other_languages.get(a.field("language"), 0) + 1
        ctx.by_id = {a.id: a for a in arts}
        # which source each article is (copies are one), over the whole story: its counts cover everyone
        ids = {a.id for a in everyone}
        source_of = {a.id: a.id for a in everyone}
        for g in copy_groups:
            inside = [m for m in g.members if m in ids]
            key = g.original if g.original in ids else (inside[0] if inside else None)
            for m in inside:
                if g.kind in ("exact", "near-duplicate", "partial reprint", "paraphrase", "translation") and key:
                    source_of[m] = source_of.get(key, key)
        ctx.source_of = source_of
        for a in arts:
            sents = a.sentences[:MAX_SENTENCES_PER_ARTICLE]
            ctx.sentences.extend(sents)
        # what a reader may be shown: article prose only (a headline-only article's text is its title)
        ctx.headline_only = {a.id for a in arts if not a.clean_text.strip()}
        ctx.not_prose = []
        readings = ctx.readings = readings if readings is not None else Readings()
        for a in arts:   # (ctx.sentences are each article's in order: neighbours count, text/prose.py)
            texts = [s.text for s in a.sentences[:MAX_SENTENCES_PER_ARTICLE]]
            headline = a.id in ctx.headline_only
            ctx.not_prose += readings.kept(a.id, PROSE, ("headline\x1f" if headline else "\x1f") + "\x1f".join(texts),
                                           lambda: not_prose_in_order(texts, headline=headline))
        ctx.space = SentenceSpace([s.text for s in ctx.sentences])
        dense = None
        if all(a.sentence_vectors is not None for a in arts) and ctx.sentences:
            V = np.vstack([a.sentence_vectors[:MAX_SENTENCES_PER_ARTICLE] for a in arts])
            if len(V) == len(ctx.sentences):
                dense = V @ V.T
        ctx.sim = hybrid(ctx.space.matrix(), dense)
        return ctx

    def spans(self) -> Iterator[tuple[Article, int, int]]:
        """(article, start, end): where each analysed article's sentences are in `sentences`."""
        start = 0
        for a in self.articles:
            n = len(a.sentences[:MAX_SENTENCES_PER_ARTICLE])
            yield a, start, start + n
            start += n

    def shown_ok(self, i: int) -> bool:
        """Whether sentence i reads as article prose, so it may be shown as the story's text."""
        return self.not_prose[i] is None

    def independent(self, article_ids) -> int:
        return len({self.source_of.get(a, a) for a in article_ids})

    @property
    def n_analysed_sources(self) -> int:
        return self.independent(a.id for a in self.articles)

    def outlet_label(self, article: Article) -> str:
        return article.outlet or f"unknown outlet ({article.id})"


def _in_order(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date or "9999", a.id))


def analysed_articles(articles: list[Article]) -> list[Article]:
    """The articles a story's analysis reads (with their sentence vectors), in date order: those in its
    main language (a summary or a headline in two languages reads badly, and the NER model and the claim
    patterns are English; the others are counted, a translation is a copy, and listed, not read), and of
    a big story MAX_ARTICLES of them."""
    everyone = _in_order(articles)
    language = main_language(everyone)
    return _analysed([a for a in everyone if a.field("language") in (None, language)])


def main_language(articles: list[Article]) -> str | None:
    """The language most of the story's articles with text are in (English on a tie), or None."""
    count: dict[str, int] = {}
    for a in articles:
        if a.field("language") and (a.clean_text or a.display_title):
            count[a.field("language")] = count.get(a.field("language"), 0) + 1
    if not count:
        return None
    return max(count, key=lambda lang: (count[lang], lang == "en", lang))


def _analysed(everyone: list[Article]) -> list[Article]:
    """The articles a big story is analysed over, in date order: each outlet's first article (by date),
    then the rest by date, up to MAX_ARTICLES, so the analysis hears every outlet it can."""
    if len(everyone) <= MAX_ARTICLES:
        return everyone
    seen, first, rest = set(), [], []
    for a in everyone:
        key = a.outlet or a.id
        (rest if key in seen else first).append(a)
        seen.add(key)
    chosen = {a.id for a in (first + rest)[:MAX_ARTICLES]}
    return [a for a in everyone if a.id in chosen]
