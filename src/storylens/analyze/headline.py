"""The story's headline: the title of its most central article (titles given or found on the page),
or, when no article has a title, that article's lead sentence, marked as generated."""
from __future__ import annotations

import numpy as np

from .context import StoryContext


def choose_headline(ctx: StoryContext, centrality_by_article: dict[str, float]) -> dict:
    ranked = sorted(ctx.articles, key=lambda a: -centrality_by_article.get(a.id, 0.0))
    for a in ranked:
        title = a.field("title")
        if title and len(title.split()) >= 3:
            return {"text": title, "article_id": a.id, "source": f"title of article {a.id}", "generated": False}
    for a in ranked:
        if a.sentences:
            return {"text": a.sentences[0].text, "article_id": a.id,
                    "source": f"generated: no article has a title; lead sentence of {a.id}", "generated": True}
    if any(a.removed for a in ctx.articles):
        return {"text": "(no article text: the page held only site chrome)", "article_id": None,
                "source": "generated: every line of the page was removed as site chrome", "generated": True}
    return {"text": "(untitled story)", "article_id": None, "source": "generated: no text", "generated": True}


def article_centrality(ctx: StoryContext, sent_centrality: np.ndarray) -> dict[str, float]:
    out: dict[str, list[float]] = {}
    for s, c in zip(ctx.sentences, sent_centrality):
        out.setdefault(s.article_id, []).append(float(c))
    return {a: float(np.mean(sorted(v, reverse=True)[:10])) for a, v in out.items()}
