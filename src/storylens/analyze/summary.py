"""Extractive multi-document summary under a word budget, every sentence citing every article that
states the same fact.

Sentences are scored by centrality (TF-IDF cosine to the story centroid, copies weighted as one
source), support (how many independent sources state it) and position (leads carry the news); chosen
greedily with a redundancy penalty (MMR), and ordered by where the story first tells each fact (the
earliest article stating it, by date, and its place there), so the lead fact leads and it reads in
sequence. Sentences are copied verbatim from clean text; nothing is rewritten.
"""
from __future__ import annotations

import re

import numpy as np

from ..model import Citation, Summary, SummarySentence
from ..text.sentences import is_caption
from .context import StoryContext

REDUNDANCY = 0.4          # a sentence this similar to one already chosen is left out
# a sentence that cannot stand alone: it opens on a conjunction or a pronoun that points back, on
# punctuation other than a quotation mark (a list dash, a bracket), or on a word in lower case: the
# rest of a sentence the scraper cut, or a garbled copy ("the New York Times He reported ..."); a
# name that starts in lower case ("iPhone", "eBay") has a capital inside and is fine
_DANGLING = re.compile(r"^(but|and|or|so|he|she|it|they|this|that|these|those|his|her|its|their)\b", re.IGNORECASE)
_OPENS_BADLY = re.compile(r"^(?:(?![“\"‘'])\W|[a-z]+\b(?![-'’]?[A-Z]))")


def stands_alone(text: str, headline: bool = False) -> bool:
    """Can this sentence stand in a summary on its own? Quotes are welcome when they are whole.
    `headline`: the sentence is a headline-only article's title (a few words are enough)."""
    text = text.strip()
    n = len(text.split())
    if n < (4 if headline else 6) or n > 70:
        return False
    if text.count("“") != text.count("”") or text.count('"') % 2:
        return False   # half a quotation: the rest is in another sentence
    if is_caption(text):
        return False   # describes a photo the reader cannot see
    return not (_DANGLING.search(text) or _OPENS_BADLY.search(text) or text.endswith("?"))


def sentence_scores(ctx: StoryContext) -> tuple[np.ndarray, np.ndarray]:
    """(centrality, final score) per sentence of the story (made once per story context)."""
    if ctx.scores is None:
        ctx.scores = _sentence_scores(ctx)
    return ctx.scores


def _sentence_scores(ctx: StoryContext) -> tuple[np.ndarray, np.ndarray]:
    n = len(ctx.sentences)
    if n == 0:
        return np.zeros(0), np.zeros(0)
    # copies count once: weight each sentence by 1 / (articles in its source group)
    group_size: dict[str, int] = {}
    for a in ctx.articles:
        k = ctx.source_of[a.id]
        group_size[k] = group_size.get(k, 0) + 1
    weights = np.array([1.0 / group_size[ctx.source_of[s.article_id]] for s in ctx.sentences])
    central = ctx.space.centrality(weights)
    support = support_counts(ctx)
    pos = np.array([s.index for s in ctx.sentences], dtype=float)
    position = 1.0 / (1.0 + 0.15 * pos)
    n_sources = max(1, ctx.n_analysed_sources)
    score = central * (0.6 + 0.4 * position) * (1.0 + 1.0 * (support - 1) / n_sources)
    return central, score


def support_counts(ctx: StoryContext, threshold: float = 0.35) -> np.ndarray:
    """For each sentence, the number of independent sources with a sentence stating the same."""
    out = np.ones(len(ctx.sentences))
    if ctx.sim is None or not len(ctx.sentences):
        return out
    # which sources have a sentence at or above the threshold, per sentence (its own source always)
    keys: dict[str, int] = {}
    src = np.array([keys.setdefault(ctx.source_of[s.article_id], len(keys)) for s in ctx.sentences])
    of_source = np.zeros((len(src), len(keys)), dtype=np.float32)
    of_source[np.arange(len(src)), src] = 1.0
    stated = (ctx.sim >= threshold).astype(np.float32) @ of_source > 0
    stated[np.arange(len(src)), src] = True
    return stated.sum(axis=1).astype(float)


def citations(ctx: StoryContext, i: int, threshold: float) -> list[Citation]:
    """The articles stating sentence i's fact: its own article, and each other article's closest
    sentence when it is similar enough."""
    s = ctx.sentences[i]
    cited = [Citation(s.article_id, s.text, similarity=1.0, verbatim=True)]
    best: dict[str, tuple[float, int]] = {}
    for j in np.nonzero(ctx.sim[i] >= threshold)[0]:
        other = ctx.sentences[j]
        if other.article_id == s.article_id:
            continue
        if ctx.sim[i, j] > best.get(other.article_id, (0.0, -1))[0]:
            best[other.article_id] = (float(ctx.sim[i, j]), int(j))
    for aid, (score, j) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        cited.append(Citation(aid, ctx.sentences[j].text, similarity=round(score, 3),
                              verbatim=ctx.sentences[j].text == s.text))
    return cited


def summarize_story(ctx: StoryContext, max_words: int, cite_threshold: float = 0.35) -> tuple[Summary, np.ndarray]:
    central, score = sentence_scores(ctx)
    order = np.argsort(-score)
    chosen: list[int] = []
    words = 0
    for i in order:
        text = ctx.sentences[i].text
        if not ctx.shown_ok(i) or not stands_alone(text, ctx.sentences[i].article_id in ctx.headline_only):
            continue
        n = len(text.split())
        if words + n > max_words:
            continue
        if chosen and ctx.sim is not None and max(ctx.sim[i, j] for j in chosen) >= REDUNDANCY:
            continue
        chosen.append(int(i))
        words += n
        if words >= max_words - 5:
            break
    if not chosen:  # nothing eligible fits: take the best prose sentence that fits at all
        for i in order:
            if ctx.shown_ok(i) and len(ctx.sentences[i].text.split()) <= max_words:
                chosen = [int(i)]
                break
    rank = {a.id: r for r, a in enumerate(ctx.articles)}

    def told(i: int) -> tuple[int, int]:
        """Where the story first tells this fact: the earliest article (and place in it) stating it,
        so the lead fact leads even when the sentence chosen for it comes from a later article."""
        same = [i] + ([int(j) for j in np.nonzero(ctx.sim[i] >= cite_threshold)[0]] if ctx.sim is not None else [])
        return min((rank[ctx.sentences[j].article_id], ctx.sentences[j].index) for j in same)
    chosen.sort(key=told)
    sentences = []
    for i in chosen:
        cites = citations(ctx, i, cite_threshold)
        ids = [c.article_id for c in cites]
        sentences.append(SummarySentence(ctx.sentences[i].text, ctx.sentences[i].article_id, sources=ids,
                                         citations=cites, independent_sources=ctx.independent(ids),
                                         score=round(float(score[i]), 4)))
    return Summary(" ".join(s.text for s in sentences), sentences,
                   words=sum(len(s.text.split()) for s in sentences), max_words=max_words), central
