"""Anchor dates for a story's articles, so relative dates ("on Friday", "in late March") resolve.

An article's anchor is its publication date when known. Otherwise storylens looks for the same
report told with a weekday in one article and a calendar date in another ("reported on Friday" /
"reported on June 26"): when the calendar date has its year (stated, or from its own article's known
date, or the one year next to the story's known dates in which June 26 was a Friday), the weekday's
article was written in the week after that day (an inferred anchor). No year is ever picked by the
weekday alone. Articles still without an anchor borrow the story's latest date, marked uncertain; without
one they have none (date unknown). A 'not before' bound is shown with its article, never used as a date.
Every anchor says what it rests on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..text.temporal import MONTHS, WEEKDAYS, find_date_mentions, parse_iso
from .context import StoryContext
from .readings import derived_kind

ALIGN_SIMILARITY = 0.25
# a calendar day by name ('June 26', '26 June'), not a time of day, 'yesterday' or 'that day'
_NAMED_DAY = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")

# a sentence with a weekday or a calendar day has one of these words (any case)
_DAY_WORDS = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|(?:mon|tues|wednes|thurs|fri|satur|sun)day)")


@dataclass(slots=True)
class Anchor:
    date: dt.date
    basis: str
    certain: bool
    bound: bool = True    # the article was written on or after it; False: another article's date, no bound


def _known_dates(ctx: StoryContext) -> list[dt.date]:
    out = []
    for a in ctx.everyone or ctx.articles:
        fs = a.meta.get("published")
        d = parse_iso(fs.value) if fs and not fs.inferred else None
        if d:
            out.append(d)
    return out


NEAR_KNOWN_DAYS = 45   # a calendar date without a year is placed only this close to one of the story's known dates
AFTER_BOUND_DAYS = 730  # ... or within this many days after the latest date the story's texts tell as past


def _story_bound(ctx: StoryContext) -> dt.date | None:
    """The latest 'not before' bound of the story's articles (each from a dated past event its text tells)."""
    lows = []
    for a in ctx.everyone or ctx.articles:
        rng = a.meta.get("published_range")
        if rng is not None and isinstance(rng.value, dict) and (d := parse_iso(rng.value.get("not_before"))):
            lows.append(d)
    return max(lows) if lows else None


def _days_near(month: int, day: int, ref: dt.date, before: int, after: int) -> list[dt.date]:
    """The dates (month, day) of the years around `ref` that lie from `before` days before it to `after` days after."""
    out = []
    for year in range(ref.year - 1, ref.year + 3):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if -before <= (d - ref).days <= after:
            out.append(d)
    return out


def _weekday_day(month: int, day: int, weekday: int, known: list[dt.date], bound: dt.date | None) -> tuple[dt.date, str] | None:
    """The one date (month, day) falling on `weekday` within NEAR_KNOWN_DAYS of a known date of the story,
    or else within AFTER_BOUND_DAYS after its 'not before' bound (a weekday and a day of the month meet
    every 5 to 11 years, so at most one fits); with the reason. None when none or more than one fits:
    a weekday alone never picks a year."""
    fits = {d for k in known for d in _days_near(month, day, k, NEAR_KNOWN_DAYS, NEAR_KNOWN_DAYS) if d.weekday() == weekday}
    if fits:
        return (fits.pop(), "the one such day near the story's known dates") if len(fits) == 1 else None
    if bound is None:
        return None
    near = _days_near(month, day, bound, NEAR_KNOWN_DAYS, NEAR_KNOWN_DAYS)
    if near:
        # the day falls next to a date the story tells: that is its year, and the weekday must agree
        return (near[0], f"the day next to {bound:%-d %b %Y}, a date the story's texts tell as done") if near[0].weekday() == weekday else None
    fits = {d for d in _days_near(month, day, bound, 0, AFTER_BOUND_DAYS) if d.weekday() == weekday}
    if len(fits) != 1:
        return None
    d = fits.pop()
    return d, f"the one such day in the two years after {bound:%-d %b %Y}, the latest date the story's texts tell as past"


@dataclass(slots=True)
class _Shape:
    phrase: str
    start: int
    date: str


# the weekdays and calendar days each article's sentences name, kept with its readings (analyze/readings.py)
DAY_SHAPES = derived_kind("day shapes", "dating.py", "../text/temporal.py")


def _day_shapes(texts: list[str]) -> list[list]:
    """[sentence, names a weekday, phrase, start, date as read against any anchor] of each day one
    article's sentences name: a weekday ('on Tuesday') or a calendar day ('March 22')."""
    out = []
    for pos, text in enumerate(texts):
        if not _DAY_WORDS.search(text):
            continue   # (no weekday and no month: none of those shapes, spared the scan)
        for m in find_date_mentions(text, dt.date(2000, 1, 3)):   # any anchor: we only want the shapes
            low = m.phrase.lower()
            if any(w in low for w in WEEKDAYS) and m.granularity == "day":
                out.append([pos, True, m.phrase, m.start, m.date])
            elif m.granularity == "day" and not any(w in low for w in WEEKDAYS) and _NAMED_DAY.search(m.phrase):
                out.append([pos, False, m.phrase, m.start, m.date])
    return out


def story_anchors(ctx: StoryContext) -> dict[str, Anchor]:
    anchors: dict[str, Anchor] = {}
    for a in ctx.articles:
        fs = a.meta.get("published")
        if fs and not fs.inferred and parse_iso(fs.value):
            anchors[a.id] = Anchor(parse_iso(fs.value), f"publication date ({fs.source})", True)
    known = _known_dates(ctx)
    bound = _story_bound(ctx)
    # weekday in one article = calendar date in another, on the same report
    weekday_mentions, calendar_mentions = [], []
    for a, start, end in ctx.spans():
        texts = [ctx.sentences[i].text for i in range(start, end)]
        for pos, weekday, phrase, at, date in ctx.readings.kept(a.id, DAY_SHAPES, "\x1f".join(texts), lambda: _day_shapes(texts)):
            (weekday_mentions if weekday else calendar_mentions).append((start + pos, _Shape(phrase, at, date)))
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
                placed = _weekday_day(d0.month, d0.day, wd, known, bound)
                if placed is None:
                    continue     # no year without evidence: the weekday alone fixes none
                day = placed[0]
                anchors.setdefault(ca, Anchor(day, f"its '{cm.phrase}' is the day {wa} calls '{wm.phrase}': "
                                                   f"{day:%A %-d %b %Y}, {placed[1]}; published on or after it", False))
            anchors[wa] = Anchor(day, f"'{wm.phrase}' = '{cm.phrase}' in {ca} ({day:%A %-d %b %Y}); "
                                      f"published within the week after (between {day:%-d %b %Y} and "
                                      f"{day + dt.timedelta(days=6):%-d %b %Y})", False)
            break
    # an article that names days with their weekday, placed next to a date the story states: written on or after the last
    for day, phrase, aid in _days_by_weekday(ctx):
        if aid not in anchors or (not anchors[aid].certain and anchors[aid].basis.startswith("the last day") and day > anchors[aid].date):
            anchors[aid] = Anchor(day, f"the last day its text names with its weekday ('{phrase}'), in the one year that puts "
                                       f"it within {NEAR_KNOWN_DAYS} days of {bound:%-d %b %Y}, a date the story's texts state as done; "
                                       "published on or after it", False)
    dated = [x.date for x in anchors.values()]
    latest = max(dated) if dated else None
    # (an article's 'not before' bound is no anchor: a story that tells of 1955 is not dated 1956)
    for a in ctx.articles:
        if a.id in anchors:
            continue
        if latest:
            known_latest = any(x.certain and x.date == latest for x in anchors.values())
            anchors[a.id] = Anchor(latest, "no date of its own: the story's latest " + ("known date" if known_latest else "date (inferred)"),
                                   False, bound=False)
    return anchors


def story_dates(ctx: StoryContext, anchors: dict[str, Anchor]) -> tuple[str | None, str | None, bool, str]:
    """(first, last, inferred, basis): the span of the articles' known publication dates; without any,
    of their inferred dates (weekday = calendar date, a 'not before' bound), marked inferred; without
    those either, unknown (None, None)."""
    known = sorted({d.isoformat() for d in _known_dates(ctx)})
    if known:
        n = len(known)
        return known[0], known[-1], False, f"publication dates of its articles ({n} date{'s' if n > 1 else ''})"
    inferred = sorted({(x.date.isoformat(), x.basis) for x in anchors.values() if not x.basis.startswith("no date of its own: the story's latest")})
    if inferred:
        return inferred[0][0], inferred[-1][0], True, "inferred: " + "; ".join(dict.fromkeys(b for _, b in inferred))
    return None, None, False, "no article of the story has a date: its date is unknown"


def _days_by_weekday(ctx: StoryContext) -> list[tuple[dt.date, str, str]]:
    """Days the story's texts name with their weekday ('Saturday, March 22'), each placed in the one year
    within NEAR_KNOWN_DAYS of the story's 'not before' bound in which it falls on that weekday: the texts'
    own calendar agreeing with the dates they state. (day, phrase, article id), sorted."""
    bound = _story_bound(ctx)
    if bound is None:
        return []
    out = set()
    for s in ctx.sentences:
        for m in _WEEKDAY_DATE.finditer(s.text):
            try:
                month = MONTHS[m.group("month").lower().rstrip(".")]
                day, wd = int(m.group("day")), WEEKDAYS[m.group("weekday").lower()]
            except (KeyError, ValueError):
                continue
            fits = [d for d in _days_near(month, day, bound, NEAR_KNOWN_DAYS, NEAR_KNOWN_DAYS) if d.weekday() == wd]
            if len(fits) == 1:
                out.add((fits[0], m.group(0), s.article_id))
    return sorted(out)


_WEEKDAY_DATE = re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                           r"Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>[0-3]?\d)\b(?![,]?\s*\d{4})")
