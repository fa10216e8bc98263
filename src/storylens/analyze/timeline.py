"""Timeline: dated statements of a story, each with its date's phrase and what it was resolved
against, merged across outlets when they report the same happening on the same date."""
from __future__ import annotations

import re

from ..model import TimelineEntry, TimelineSource
from ..text.temporal import GRANULARITY_ORDER, describe, find_date_mentions
from .context import StoryContext
from .dating import Anchor
from .readings import derived_kind

MERGE_SIMILARITY = 0.2
# the dates an article's sentences tell, kept with its readings (analyze/readings.py)
DATED = derived_kind("dated", "timeline.py", "../text/temporal.py")


GRAIN = GRANULARITY_ORDER
# a year closing a name ("the Vienna Convention on Diplomatic Relations of 1961", "the Civil Rights Act
# of 1964") dates the treaty or law, not something that happened in the story
_NAME_OF = re.compile(r"\b(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
                      r"[A-Z][\w’'-]+ of \d{4}$")


def sentence_dates(text: str, anchor: Anchor | None, last_day: str | None = None):
    """Date mentions of one sentence, as the timeline takes them. A day or month without a year takes
    the year the same sentence states ('in 2001 ... on 11 September'); weekdays and relative phrases
    always take the article's own date; 'that day' is the day told last (`last_day`, from the sentences
    before). A year closing a name (a law, a treaty) is no event."""
    # a date that only bounds when the article was written lets a month fall up to 200 days after it; the
    # story's latest date, borrowed by an article with none of its own, does not ('In February' told before
    # a November date is that year's February, not the next)
    found = find_date_mentions(text, anchor.date if anchor else None,
                               ahead=7 if (anchor and (anchor.certain or not anchor.bound)) else 200, own_year=True,
                               last_day=last_day if (anchor and anchor.certain) else None)
    if anchor is not None and not anchor.certain:
        # against a date that only bounds when the article was written, "last week" or "on Tuesday"
        # cannot be placed; months and years can (they take the anchor's year)
        found = [m for m in found if not (m.relative and m.granularity in ("week", "day")
                                          and not re.search(r"\d", m.phrase)) or m.phrase in anchor.basis]
    return [m for m in found if not (m.granularity == "year" and _NAME_OF.search(text[max(0, m.start - 40):m.start] + m.phrase))]


def _finest(found):
    """A vague year-level phrase ('this year') is left off the timeline when the sentence dates itself
    more finely in that year (the sentence would be listed twice)."""
    finer = {m.date[:4] for m in found if GRAIN[m.granularity] > 0}
    return [m for m in found if not (m.relative and m.granularity == "year" and m.date[:4] in finer)]



def _dated_sentences(ctx: StoryContext, a, start: int, end: int, anchor: Anchor | None) -> list[dict]:
    """The dates each sentence of one article tells (its shown sentences of five words or more), against
    its anchor: [{pos: sentence in the article, date, granularity, ...}]."""
    out = []
    last_day = None     # the day its text told last ('the same day' refers to it)
    for idx in range(start, end):
        s = ctx.sentences[idx]
        if len(s.text.split()) < 5 or not ctx.shown_ok(idx):
            continue
        found = sentence_dates(s.text, anchor, last_day)
        days = [m.date for m in found if m.granularity == "day"]
        if days:
            last_day = days[-1]
        for m in _finest(found):
            out.append({
                "pos": idx - start, "date": m.date, "granularity": m.granularity, "part": m.part,
                "phrase": m.phrase, "relative": m.relative, "value": m.value,
                "anchor": m.anchor, "anchor_basis": anchor.basis if (m.relative and anchor) else None,
                "uncertain": bool(m.relative and anchor and not anchor.certain),
            })
    return out


def build_timeline(ctx: StoryContext, anchors: dict[str, Anchor], limit: int = 80) -> list[TimelineEntry]:
    raw = []
    for a, start, end in ctx.spans():
        anchor = anchors.get(a.id)
        # kept with the article's readings: the same sentences, shown the same, against the same anchor
        key = "\x1f".join([repr((anchor.date.isoformat(), anchor.basis, anchor.certain, anchor.bound) if anchor else None)] +
                          [("" if ctx.shown_ok(i) else "-") + ctx.sentences[i].text for i in range(start, end)])
        for r in ctx.readings.kept(a.id, DATED, key, lambda: _dated_sentences(ctx, a, start, end, anchor)):
            idx = start + r["pos"]
            raw.append(dict(r, idx=idx, article_id=a.id, text=ctx.sentences[idx].text))
    entries: list[TimelineEntry] = []
    merged_into: dict[int, list[int]] = {}   # entry -> the sentences it stands for
    for r in raw:
        target = None
        for e in entries:
            if e.date == r["date"] and e.granularity == r["granularity"] and \
                    max(ctx.sim[r["idx"], j] for j in merged_into[id(e)]) >= MERGE_SIMILARITY:
                target = e
                break
        src = TimelineSource(r["article_id"], r["phrase"], r["text"], resolved_against=r["anchor"],
                             anchor_basis=r["anchor_basis"])
        if target:
            if r["article_id"] not in [x.article_id for x in target.sources]:
                target.sources.append(src)
            merged_into[id(target)].append(r["idx"])
            target.uncertain = target.uncertain and r["uncertain"]
            continue
        entries.append(TimelineEntry(r["date"], r["granularity"], describe(r["date"], r["granularity"], r["part"], r["value"]),
                                     r["text"], part=r["part"], sources=[src], uncertain=r["uncertain"], value=r["value"]))
        merged_into[id(entries[-1])] = [r["idx"]]
    for e in entries:
        e.independent_sources = ctx.independent([s.article_id for s in e.sources])
    entries.sort(key=lambda e: (e.date, GRAIN[e.granularity]))
    if len(entries) > limit:   # keep the best-supported entries, still in date order
        keep = set(map(id, sorted(entries, key=lambda e: -len(e.sources))[:limit]))
        entries = [e for e in entries if id(e) in keep]
    return entries
