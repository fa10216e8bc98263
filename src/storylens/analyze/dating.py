"""Anchor dates for a story's articles, so relative dates ("on Friday", "in late March") resolve.

An article's anchor is its publication date when known. Otherwise storylens looks for the same
report told with a weekday in one article and a calendar date in another ("reported on Friday" /
"reported on June 26"): the calendar date fixes the weekday's day, and the weekday fixes the year
(the first year, not before the latest year the story's articles mention, in which June 26 was a
Friday). Articles still without an anchor borrow the story's latest known date, marked uncertain.
Every anchor says what it rests on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..text.temporal import WEEKDAYS, find_date_mentions, parse_iso
from .context import StoryContext

ALIGN_SIMILARITY = 0.25


@dataclass(slots=True)
class Anchor:
    date: dt.date
    basis: str
    certain: bool


def _lower_bound(ctx: StoryContext) -> int | None:
    years = []
    for a in ctx.articles:
        fs = a.meta.get("published")
        d = parse_iso(fs.value) if fs else None
        if d:
            years.append(d.year)
    return max(years) if years else None


def _weekday_day(month: int, day: int, weekday: int, lower: int, upper: int) -> dt.date | None:
    for year in range(lower, upper + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday:
            return d
    return None


def story_anchors(ctx: StoryContext, today: dt.date | None = None) -> dict[str, Anchor]:
    today = today or dt.date.today()
    anchors: dict[str, Anchor] = {}
    for a in ctx.articles:
        fs = a.meta.get("published")
        if fs and not fs.inferred and parse_iso(fs.value):
            anchors[a.id] = Anchor(parse_iso(fs.value), f"publication date ({fs.source})", True)
    lower = _lower_bound(ctx)
    # weekday in one article = calendar date in another, on the same report
    weekday_mentions, calendar_mentions = [], []
    for idx, s in enumerate(ctx.sentences):
        for m in find_date_mentions(s.text, dt.date(2000, 1, 3)):   # any anchor: we only want the shapes
            low = m.phrase.lower()
            if any(w in low for w in WEEKDAYS) and m.granularity == "day":
                weekday_mentions.append((idx, m))
            elif m.granularity == "day" and not any(w in low for w in WEEKDAYS):
                calendar_mentions.append((idx, m))
    for wi, wm in weekday_mentions:
        wa = ctx.sentences[wi].article_id
        if wa in anchors:
            continue
        wd = next(WEEKDAYS[w] for w in WEEKDAYS if w in wm.phrase.lower())
        for ci, cm in calendar_mentions:
            ca = ctx.sentences[ci].article_id
            if ca == wa or ctx.sim[wi, ci] < ALIGN_SIMILARITY:
                continue
            exact = find_date_mentions(ctx.sentences[ci].text)   # does it carry its own year?
            own = next((e for e in exact if e.start == cm.start and e.granularity == "day"), None)
            d0 = parse_iso(cm.date)
            if own:
                day = parse_iso(own.date)
                if day.weekday() != wd:
                    continue
            elif ca in anchors:
                day = find_date_mentions(ctx.sentences[ci].text, anchors[ca].date)
                day = next((parse_iso(e.date) for e in day if e.start == cm.start), None)
                if day is None or day.weekday() != wd:
                    continue
            else:
                if lower is None:
                    continue
                day = _weekday_day(d0.month, d0.day, wd, lower, today.year)
                if day is None:
                    continue
                anchors.setdefault(ca, Anchor(day, f"its '{cm.phrase}' is the day {wa} calls "
                                                   f"'{wm.phrase}': {day:%-d %b %Y} was a {day:%A}, the first such "
                                                   f"year not before {lower} (latest year the story mentions)", False))
            anchors[wa] = Anchor(day, f"'{wm.phrase}' = '{cm.phrase}' in {ca} ({day:%A %-d %b %Y}); "
                                      "published within the week after", False)
            break
    known = [x.date for x in anchors.values()]
    if known:
        latest = max(known)
        for a in ctx.articles:
            if a.id not in anchors:
                anchors[a.id] = Anchor(latest, f"no date of its own: the story's latest known date", False)
    return anchors
