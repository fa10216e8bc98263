"""Find temporal expressions in text and resolve them against an anchor date.

Handles absolute dates ("16 November 2020", "June 26", "Oct. 7", "2001"), months and parts of
months ("in late March", "early April 2019", "in February"), weekdays ("on Friday", "said Monday"),
and relative phrases ("last week", "earlier this year", "yesterday"). Every resolution keeps its
granularity (day, part-of-month, month, week, year) and the anchor it was resolved against, so a reader
can check it. Rule-based on purpose: fast and explainable; dateparser is used for odd datelines only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # a few other languages for datelines
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5,
    "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_M = r"(?P<month>" + "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True)) + r")\.?"
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?P<part>early|mid|mid-|middle of|late|end of|beginning of|start of)\s*"
_WD = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_MONTH_INITIALS = "".join(sorted({m[0] for m in MONTHS if m.isascii()}))


def _leads(initials: str) -> str:
    """A lookahead on the letters a match can start with: the regex engine then skips other
    positions quickly instead of trying the whole month alternation at each word (3x faster)."""
    return "(?=[" + "".join(sorted(set(initials.lower()))) + "])"


PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(p, re.IGNORECASE)) for name, p in [
    ("iso", _leads("12") + r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("day_month_year", _leads("0123456789") + r"\b" + _D + r"\s+(?:of\s+)?" + _M + r",?\s+" + _Y + r"\b"),
    ("month_day_year", _leads(_MONTH_INITIALS) + r"\b" + _M + r"\s+" + _D + r",?\s+" + _Y + r"\b"),
    ("part_month_year", _leads("emlbs") + r"\b" + _PART + _M + r",?\s+(?:of\s+)?" + _Y + r"\b"),
    ("month_year", _leads(_MONTH_INITIALS + "isbo") + r"\b(?:in\s+|since\s+|by\s+|of\s+)?" + _M + r",?\s+(?:of\s+)?" + _Y + r"\b"),
    ("month_day", _leads(_MONTH_INITIALS) + r"\b" + _M + r"\s+" + _D + r"\b(?![,]?\s*\d{4})(?!\s*(?:%|percent|million|billion|troops|people))"),
    ("day_month", _leads("0123456789") + r"\b" + _D + r"\s+(?:of\s+)?" + _M + r"\b(?![,]?\s+\d{4})"),
    ("part_month", _leads("emlbs") + r"\b" + _PART + _M + r"(?!\s*,?\s*\d)"),
    ("in_month", _leads("isbulte") + r"\b(?P<prep>in|since|by|until|last|this|early|earlier in)\s+" + _M + r"\b(?!\s*,?\s*\d)"),
    ("weekday", _leads("oltsarwmf") + r"\b(?:on\s+|last\s+|this\s+|(?:said|told|announced|reported|added|tweeted|wrote)\s+)?" + _WD + r"\b(?!\s*,?\s+\d)"),
    ("relative", _leads("ytlen") + r"\b(?P<rel>yesterday|today|last week|earlier this week|this week|last month|earlier this month|this month|last year|earlier this year|this year|next week|next month|next year)\b"),
    ("year", _leads("isbufodelm") + r"\b(?:in|since|by|until|from|of|during|early|late|mid-?)\s+" + _Y + r"\b(?![-/]\d)"),
]]


# a cheap test first: no digit, month, weekday or relative word means no date mention at all
_MAYBE = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
                    r"yesterday|today|last|this|next|earlier)", re.IGNORECASE)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    phrase: str
    date: str           # ISO prefix: YYYY, YYYY-MM, YYYY-MM-DD; part-of-month as YYYY-MM with `part`
    granularity: str    # day | part-of-month | month | week | year
    part: str | None
    relative: bool      # needed the anchor (no year, weekday, "last week")
    anchor: str | None  # the date it was resolved against


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _part(p: str | None) -> str | None:
    if not p:
        return None
    p = p.lower().strip()
    return "early" if p in ("early", "beginning of", "start of") else "late" if p in ("late", "end of") else "mid"


def _year_for(month: int, day: int | None, anchor: dt.date, ahead: int = 7) -> int:
    """The year that puts (month, day) at or before the anchor (news speaks of the recent past),
    allowing `ahead` days after it (announced events; or an anchor that is only a lower bound)."""
    y = anchor.year
    try:
        cand = dt.date(y, month, day or 1)
    except ValueError:
        return y
    return y if cand <= anchor + dt.timedelta(days=ahead) else y - 1


# expressions that carry their own year: the only ones resolved without an anchor (see _resolve)
SELF_DATED = frozenset({"iso", "day_month_year", "month_day_year", "part_month_year", "month_year", "year"})


def find_date_mentions(text: str, anchor: dt.date | None = None, ahead: int = 7) -> list[DateMention]:
    """All temporal expressions in `text`. Without an anchor, only those carrying their own year.
    `ahead`: how many days after the anchor a date without a year may fall (7 for a publication
    date; more when the anchor is only a lower bound of when the article was written)."""
    if not _MAYBE.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for name, pat in PATTERNS:
        if anchor is None and name not in SELF_DATED:
            continue   # (would resolve to nothing: skip the scan)
        for m in pat.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            men = _resolve(name, m, anchor, ahead)
            if men is not None:
                taken.append((m.start(), m.end()))
                found.append(men)
    found.sort(key=lambda d: d.start)
    return found


_FUTURE = re.compile(r"(?i)\b(?:will|won['’]t|shall|(?:scheduled|set|due|expected|slated|planned|plans?|going)\s+(?:to|for|on)|"
                     r"scheduled|next\s+$)|['’]ll\b")
_PAST_LEAD = re.compile(r"(?i)^(?:last|said|told|announced|reported|added|tweeted|wrote)\b")
# fixtures and sittings told in the present ('the Saints face the Seahawks on Saturday', 'the trial opens
# Monday'): only verbs of scheduled events, and not after a past or perfect auxiliary ('did not play Sunday')
_SCHEDULE = re.compile(r"(?i)\b(?:face|faces|host|hosts|play|plays|take on|takes on|kick off|kicks off|tip off|tips off|"
                       r"open|opens|resume|resumes|reconvene|reconvenes|go on trial|goes on trial|return to|returns to)\b")
_PAST_AUX = re.compile(r"(?i)\b(?:did|didn['’]t|was|wasn['’]t|were|weren['’]t|had|has|have|been)\b")


def _looks_ahead(m: re.Match) -> bool:
    """A weekday news speaks of ahead: 'will meet on Friday', 'is scheduled for Thursday', 'next Friday'
    (the clause before it, back to the last punctuation, says so); otherwise the past one."""
    if _PAST_LEAD.match(m.group(0).strip()):
        return False
    before = m.string[max(0, m.start() - 60):m.start()]
    clause = re.split(r"[.!?;,\n]", before)[-1]
    if _FUTURE.search(clause):
        return True
    verb = _SCHEDULE.search(clause)
    return bool(verb) and not _PAST_AUX.search(clause[:verb.start()] + " " + clause[verb.end():])


def _resolve(name: str, m: re.Match, anchor: dt.date | None, ahead: int = 7) -> DateMention | None:
    g = m.groupdict()
    phrase = m.group(0).strip()
    a_iso = anchor.isoformat() if anchor else None
    try:
        if name == "iso":
            d = dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
            return DateMention(m.start(), m.end(), phrase, d.isoformat(), "day", None, False, None)
        if name in ("day_month_year", "month_day_year"):
            d = dt.date(int(g["year"]), _month(g["month"]), int(g["day"]))
            return DateMention(m.start(), m.end(), phrase, d.isoformat(), "day", None, False, None)
        if name == "part_month_year":
            return DateMention(m.start(), m.end(), phrase, f"{int(g['year']):04d}-{_month(g['month']):02d}",
                               "part-of-month", _part(g["part"]), False, None)
        if name == "month_year":
            if g["month"].lower() == "may" and not re.match(r"(?i)(in|since|by|of)\s", phrase):
                return None
            return DateMention(m.start(), m.end(), phrase, f"{int(g['year']):04d}-{_month(g['month']):02d}",
                               "month", None, False, None)
        if name == "year":
            return DateMention(m.start(), m.end(), phrase, g["year"], "year", None, False, None)
        if anchor is None:
            return None
        if name in ("month_day", "day_month"):
            if g["month"].lower() in ("may", "mar") and name == "month_day" and not re.match(r"(?i)(may|mar)\s+\d", phrase):
                return None
            month, day = _month(g["month"]), int(g["day"])
            if g["month"].lower() == "may" and name == "month_day" and m.start() > 0 and not re.search(r"(?i)(on|in|since|by|until|from)\s+$", m.string[max(0, m.start() - 8):m.start()]):
                return None
            d = dt.date(_year_for(month, day, anchor, ahead), month, day)
            return DateMention(m.start(), m.end(), phrase, d.isoformat(), "day", None, True, a_iso)
        if name == "part_month":
            month = _month(g["month"])
            if g["month"].lower() == "may":
                return None
            return DateMention(m.start(), m.end(), phrase, f"{_year_for(month, None, anchor, ahead):04d}-{month:02d}",
                               "part-of-month", _part(g["part"]), True, a_iso)
        if name == "in_month":
            month = _month(g["month"])
            if g["month"].lower() in ("may", "mar") and g["prep"].lower() not in ("in", "since", "until", "last", "earlier in"):
                return None
            year = _year_for(month, None, anchor, ahead)
            if g["prep"].lower() == "last" and year == anchor.year and month >= anchor.month:
                year -= 1
            return DateMention(m.start(), m.end(), phrase, f"{year:04d}-{month:02d}", "month", None, True, a_iso)
        if name == "weekday":
            wd = WEEKDAYS[g["weekday"].lower()]
            back = (anchor.weekday() - wd) % 7
            if phrase.lower().startswith("last ") and back == 0:
                back = 7
            d = anchor - dt.timedelta(days=back)
            if _looks_ahead(m):
                d = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
            return DateMention(m.start(), m.end(), phrase, d.isoformat(), "day", None, True, a_iso)
        if name == "relative":
            rel = g["rel"].lower()
            if rel == "yesterday":
                return DateMention(m.start(), m.end(), phrase, (anchor - dt.timedelta(days=1)).isoformat(), "day", None, True, a_iso)
            if rel == "today":
                return DateMention(m.start(), m.end(), phrase, anchor.isoformat(), "day", None, True, a_iso)
            if rel in ("last week",):
                d = anchor - dt.timedelta(days=7 + anchor.weekday())
                return DateMention(m.start(), m.end(), phrase, d.isoformat(), "week", None, True, a_iso)
            if rel in ("this week", "earlier this week"):
                d = anchor - dt.timedelta(days=anchor.weekday())
                return DateMention(m.start(), m.end(), phrase, d.isoformat(), "week", None, True, a_iso)
            if rel in ("next week",):
                d = anchor + dt.timedelta(days=7 - anchor.weekday())
                return DateMention(m.start(), m.end(), phrase, d.isoformat(), "week", None, True, a_iso)
            if rel == "last month":
                y, mo = (anchor.year, anchor.month - 1) if anchor.month > 1 else (anchor.year - 1, 12)
                return DateMention(m.start(), m.end(), phrase, f"{y:04d}-{mo:02d}", "month", None, True, a_iso)
            if rel in ("this month", "earlier this month"):
                return DateMention(m.start(), m.end(), phrase, f"{anchor.year:04d}-{anchor.month:02d}", "month", None, True, a_iso)
            if rel == "next month":
                y, mo = (anchor.year, anchor.month + 1) if anchor.month < 12 else (anchor.year + 1, 1)
                return DateMention(m.start(), m.end(), phrase, f"{y:04d}-{mo:02d}", "month", None, True, a_iso)
            if rel == "last year":
                return DateMention(m.start(), m.end(), phrase, f"{anchor.year - 1:04d}", "year", None, True, a_iso)
            if rel in ("this year", "earlier this year"):
                return DateMention(m.start(), m.end(), phrase, f"{anchor.year:04d}", "year", None, True, a_iso)
            if rel == "next year":
                return DateMention(m.start(), m.end(), phrase, f"{anchor.year + 1:04d}", "year", None, True, a_iso)
    except (ValueError, KeyError):
        return None
    return None


def parse_iso(value: str | None) -> dt.date | None:
    """The date part of an ISO-ish string ('2020-11-16T09:31:00-05:00', '2020-11', '2020'), or None."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def describe(date: str, granularity: str, part: str | None = None) -> str:
    """A human form: '26 Jun 2020', 'late Mar 2020', 'Feb 2020', 'week of 9 Nov 2020', '2001'."""
    d = parse_iso(date)
    if d is None:
        return date
    if granularity == "day":
        return d.strftime("%-d %b %Y")
    if granularity == "week":
        return "week of " + d.strftime("%-d %b %Y")
    if granularity == "part-of-month":
        return f"{part or ''} {d.strftime('%b %Y')}".strip()
    if granularity == "month":
        return d.strftime("%b %Y")
    return d.strftime("%Y")
