"""What every analysis of one story needs, computed once: its articles in reading order, their
sentences, sentence similarities, and which articles are copies of one another (one source)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..model import Article, CopyGroup, Sentence
from ..text.similarity import SentenceSpace, hybrid

MAX_ARTICLES = 60          # bigger stories are analysed over their most central articles
MAX_SENTENCES_PER_ARTICLE = 60


@dataclass
class StoryContext:
    articles: list[Article]
    copy_groups: list[CopyGroup]
    sentences: list[Sentence] = field(default_factory=list)
    space: SentenceSpace | None = None
    sim: np.ndarray | None = None
    source_of: dict[str, str] = field(default_factory=dict)   # article id -> independent source key
    by_id: dict[str, Article] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: list[Article], copy_groups: list[CopyGroup]) -> "StoryContext":
        arts = sorted(articles, key=lambda a: (a.date or "9999", a.id))
        if len(arts) > MAX_ARTICLES:
            arts = arts[:MAX_ARTICLES]
        ctx = cls(arts, copy_groups)
        ctx.by_id = {a.id: a for a in arts}
        for a in arts:
            ctx.source_of[a.id] = a.id
        for g in copy_groups:
            inside = [m for m in g.members if m in ctx.by_id]
            key = g.original if g.original in ctx.by_id else (inside[0] if inside else None)
            for m in inside:
                if g.kind in ("exact", "near-duplicate", "partial reprint", "paraphrase") and key:
                    ctx.source_of[m] = ctx.source_of.get(key, key)
        for a in arts:
            sents = a.sentences[:MAX_SENTENCES_PER_ARTICLE]
            ctx.sentences.extend(sents)
        ctx.space = SentenceSpace([s.text for s in ctx.sentences])
        dense = None
        if all(a.sentence_vectors is not None for a in arts) and ctx.sentences:
            V = np.vstack([a.sentence_vectors[:MAX_SENTENCES_PER_ARTICLE] for a in arts])
            if len(V) == len(ctx.sentences):
                dense = V @ V.T
        ctx.sim = hybrid(ctx.space.matrix(), dense)
        return ctx

    def independent(self, article_ids) -> int:
        return len({self.source_of.get(a, a) for a in article_ids})

    def outlet_label(self, article: Article) -> str:
        return article.outlet or f"unknown outlet ({article.id})"
