"""The story's headline: the title of its most central article (titles given or found on the page),
or, when no article has a title, that article's lead sentence, marked as generated.

A title is used only when it reads as one (text/prose.py: not a caption, credit, call to action or
all-capitals label). A lead sentence as a headline: the first that reads as one (a sentence of a few
words at least, some of them in lower case, article prose), without the dateline before it
("MENASHA, Wis. (AP) — ", "WASHINGTON — ", "Tokyo (CNN)"), and cut at
HEADLINE_WORDS words with "…" when it runs on (a scraped title glued to its standfirst). A lead sentence
that stands alone is preferred, from any of the story's articles, to one that
asks the reader or points back ("But ...", "She ..."); an item of a numbered list is none. What is shown
is always the article's own words, in order."""
from __future__ import annotations

import re

import numpy as np

from ..model import Headline
from ..text.prose import IN_PITCH, LINK_GLYPHS, not_prose, not_prose_in_order
from ..text.sentences import LEAD_DATELINE
from .context import StoryContext

HEADLINE_WORDS = 30
LEAD_SENTENCES = 5    # a lead sentence is looked for among an article's first few
# an item of a numbered or bulleted list ("1) ...", "2. ...", "• ..."): a point of the article, not its news
_LIST_ITEM = re.compile(rf"^\(?\d{{1,2}}[.)]\s|^[•{LINK_GLYPHS}\-–—*]\s*")
# a sentence that points back to one before it: a connective, a pronoun ("She ...", "This was ...")
_POINTS_BACK = re.compile(r"^(?:but|and|or|so|yet|still|also|however|furthermore|moreover|meanwhile|instead|nevertheless|besides|"
                          r"thus|therefore|in addition|as a result|in fact|indeed|again|then)\b|^(?:he|she|it|they|his|her|its|their|him|them)\b"
                          r"|^(?:this|that|these|those)(?:['’]s\b| (?:is|was|are|were|has|had|have|will|would|could|can|may|might|means|meant|makes|made)\b)",
                          re.IGNORECASE)


def _stands_alone(text: str) -> bool:
    return len(text.split()) >= 6 and not text.rstrip("\"'”’) ").endswith("?") and not _POINTS_BACK.match(text) \
        and text.count("“") == text.count("”") and text.count('"') % 2 == 0


FIRST_PROSE = 20      # failing that, the first sentence that reads as prose among the first 20


def lead_headline(sentences: list[str], alone: bool = False) -> str | None:
    """The first of `sentences` that reads as a headline, without its dateline, cut if it runs on.
    `alone`: only a sentence that stands on its own (no "But ...", "However, ..." or "She ..." pointing
    back, no question, no half quotation)."""
    around = not_prose_in_order(sentences[:LEAD_SENTENCES + 1])
    for text, why in zip(sentences[:LEAD_SENTENCES], around):
        text = LEAD_DATELINE.sub("", text.strip(), count=1)
        words = text.split()
        if why == IN_PITCH or len(words) < 5 or sum(w[0].islower() for w in words) < 3 or not_prose(text) \
                or not_prose(text, headline=True) or _LIST_ITEM.match(text) or alone and not _stands_alone(text):
            continue     # a fragment, a byline or time stamp ("Associated Press Tue Feb 19, 2013"), a caption
        return " ".join(words[:HEADLINE_WORDS]) + " …" if len(words) > HEADLINE_WORDS else text
    return None


def choose_headline(ctx: StoryContext, centrality_by_article: dict[str, float]) -> Headline:
    ranked = sorted(ctx.articles, key=lambda a: -centrality_by_article.get(a.id, 0.0))
    for a in ranked:
        title = a.field("title")
        if title and len(title.split()) >= 3 and not not_prose(title, headline=True):
            return Headline(title, a.id, f"title of article {a.id}", generated=False)
    for alone in (True, False):     # a lead sentence that stands alone, from any article, before one that does not
        for a in ranked:
            text = lead_headline([s.text for s in a.sentences], alone)
            if text:
                return Headline(text, a.id,
                                f"generated: no article has a title; lead sentence of {a.id}", generated=True)
    for a in ranked:
        texts = [s.text for s in a.sentences[:FIRST_PROSE + 1]]
        first = next((t for t, why in zip(texts[:FIRST_PROSE], not_prose_in_order(texts))
                      if not why and not not_prose(t, headline=True)), None)
        if first:
            return Headline(first, a.id, f"generated: no article has a title; first prose sentence of {a.id}",
                            generated=True)
    if any(a.sentences for a in ctx.articles):
        return Headline("(no headline: no sentence of its articles reads as article prose)", None,
                        "generated: every sentence is a caption, label, pitch or fragment", generated=True)
    if any(a.removed for a in ctx.articles):
        return Headline("(no article text: the page held only site chrome)", None,
                        "generated: every line of the page was removed as site chrome", generated=True)
    return Headline("(untitled story)", None, "generated: no text", generated=True)


def article_centrality(ctx: StoryContext, sent_centrality: np.ndarray) -> dict[str, float]:
    out: dict[str, list[float]] = {}
    for s, c in zip(ctx.sentences, sent_centrality):
        out.setdefault(s.article_id, []).append(float(c))
    return {a: float(np.mean(sorted(v, reverse=True)[:10])) for a, v in out.items()}
