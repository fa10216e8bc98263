"""Analyse one story: headline, cited summary, timeline, claims, entities, outlets and coverage.

`analyze_story(articles, copy_groups, nlp, settings, readings)` returns a `model.StoryAnalysis` (stored as
JSON, shown by the report, the web app and `storylens show`). Each part is its own module; context.py
computes what they share once; readings.py keeps what the model read in each article between runs.
"""
from __future__ import annotations

from ..config import Settings
from ..model import Article, CopyGroup, Headline, OutletRow, SourceCounts, StoryAnalysis, Summary
from .claims import find_claims, group_claims
from .context import StoryContext, analysed_articles
from .coverage import coverage
from .dating import Anchor, story_anchors, story_dates
from .entities import EntityIndex, entity_list, find_entities, link_entities
from .headline import article_centrality, choose_headline
from .readings import Readings
from .summary import sentence_scores, summarize_story
from .timeline import build_timeline

__all__ = ["analysed_articles", "analyze_story", "link_entities", "summarize_articles"]


def summarize_articles(articles: list[Article], copy_groups: list[CopyGroup], max_words: int,
                       settings: Settings) -> tuple[Headline, Summary]:
    """Headline and cited summary only (the `storylens summarize` contract)."""
    ctx = StoryContext.build(articles, copy_groups)
    summary, central = summarize_story(ctx, max_words, settings.citation_similarity_tfidf)
    return choose_headline(ctx, article_centrality(ctx, central)), summary


def analyze_story(articles: list[Article], copy_groups: list[CopyGroup], nlp, settings: Settings,
                  readings: Readings | None = None) -> StoryAnalysis:
    """The story's analysis. `readings`: what the model read in its articles in earlier runs (filled in
    with what it reads now)."""
    ctx = StoryContext.build(articles, copy_groups, readings)
    summary, central = summarize_story(ctx, settings.max_words, settings.citation_similarity_tfidf)
    long_summary, _ = summarize_story(ctx, settings.long_max_words, settings.citation_similarity_tfidf)
    _, scores = sentence_scores(ctx)
    headline = choose_headline(ctx, article_centrality(ctx, central))
    anchors = story_anchors(ctx)
    timeline = build_timeline(ctx, anchors)
    # names and claims are read with an English model and English patterns: not in another language
    english = ctx.language in (None, "en")
    ents = find_entities(ctx, nlp, readings) if english else EntityIndex()
    claims = find_claims(ctx, nlp, ents, readings) if english else []
    claim_groups, disagreements = group_claims(ctx, claims)
    entities = entity_list(ents, {c["speaker_key"] for c in claims})
    outlets = [_outlet_row(ctx, a, anchors.get(a.id)) for a in ctx.articles]
    first_date, last_date, date_inferred, date_basis = story_dates(ctx, anchors)
    # counted over all its articles; a big story's summary and tables are made from `analysed` of them.
    # A page left with nothing but site chrome says nothing: it is no source
    sources = SourceCounts(articles=len(ctx.everyone), analysed=len(ctx.articles),
                           independent=ctx.independent(a.id for a in ctx.everyone if a.sentences or a.display_title),
                           outlets=len({a.outlet or a.id for a in ctx.everyone}),
                           other_languages=ctx.other_languages)
    return StoryAnalysis(
        headline=headline, summary=summary, long_summary=long_summary, timeline=timeline,
        claims=claim_groups, disagreements=disagreements, entities=entities, outlets=outlets,
        coverage=coverage(ctx, scores, entities, settings.citation_similarity_tfidf), sources=sources,
        language=ctx.language, first_date=first_date, last_date=last_date, date_inferred=date_inferred, date_basis=date_basis)


def _outlet_row(ctx: StoryContext, a: Article, anchor: Anchor | None) -> OutletRow:
    fs = a.meta.get("published")
    return OutletRow(
        a.id, outlet=a.outlet, outlet_source=a.meta["outlet"].source if "outlet" in a.meta else None,
        title=a.field("title"), published=fs.value if fs else None, published_inferred=bool(fs and fs.inferred),
        wire=a.field("wire"), source_group=ctx.source_of[a.id],
        anchor=anchor.date.isoformat() if anchor else None, anchor_basis=anchor.basis if anchor else None,
        anchor_certain=bool(anchor and anchor.certain), published_range=published_range(a))


def published_range(a: Article) -> dict | None:
    """An article's stated date range ({not_before, not_after, basis}) when its date is unknown."""
    rng = a.meta.get("published_range")
    if rng is None or not isinstance(rng.value, dict) or a.meta.get("published"):
        return None
    return {"not_before": rng.value.get("not_before"), "not_after": rng.value.get("not_after"), "basis": rng.source}
