"""Find temporal expressions in news text and resolve them to TimeML values against the article's date.

What it reads: explicit dates ("16 November 2020", "2008-03-01", "7/8/07"), months and days without a
year ("June 26", "in February", "late March"), weekdays ("on Friday", "Friday morning"), relative
phrases ("yesterday", "last week", "this weekend", "next month", "earlier this year", "two days ago"),
quarters ("the third quarter", "fourth-quarter", "Q1 2009"), halves ("the first half of 2009"),
seasons ("last spring"), years ("2009", "mid-2008", "fiscal 2010"), decades ("the 1990s", "the '80s")
and centuries ("the 19th century"). Every resolution keeps its granularity and the anchor it was
resolved against, so a reader can check it; `value` is the TimeML value (2008-03-01, 2008-03, 2008-W12,
2008-W12-WE, 2008-Q3, 2008-H1, 2008-SP, 2008, 199, 19).

How a date without a year is placed (the way the field does it, HeidelTime's news mode): against the
article's date, in the direction the sentence points. Future tense or a schedule ("will", "is due
to", "scheduled for", "next") looks ahead; a past verb ("said", "was", "-ed") looks back; with no cue,
the last such date before the anchor, unless the coming one is within a month (a payment date, a
fixture). A day or month named in a sentence that states its own year takes that year.
Rule-based on purpose: fast, explainable, and no model to ship.
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
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4, "last": 4}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}

_M = r"(?P<month>" + "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True)) + r")\.?"
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PART = r"(?P<part>early|mid|mid-|middle of|late|end of|the end of|beginning of|the beginning of|start of|the start of)\s*"
_WD = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TOD = r"(?:\s+(?P<tod>morning|afternoon|evening|night))?"
_NUM = r"(?P<num>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_MONTH_INITIALS = "".join(sorted({m[0] for m in MONTHS if m.isascii()}))


def _leads(initials: str) -> str:
    """A lookahead on the letters a match can start with: the regex engine then skips other
    positions quickly instead of trying the whole alternation at each word."""
    return "(?=[" + "".join(sorted(set(initials.lower()))) + "])"


# units after a number that make it a count, not a year ("2000 troops")
_COUNT_AFTER = r"(?!\s*(?:%|percent|per cent|people|troops|soldiers|passengers|workers|residents|jobs|cars|units|votes|feet|foot|"\
               r"metres|meters|miles|km|kilometres|kilometers|tons|tonnes|pounds|dollars|euros|yen|shares|homes|houses|"\
               r"acres|hectares|students|members|deaths|cases|victims|students|points|yards|runs|calories|words|pages))"

PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(p, re.IGNORECASE)) for name, p in [
    ("iso", _leads("12") + r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("numeric", _leads("0123456789") + r"(?<![\d/.])\b(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)\b(?![/\d])"),
    ("day_month_year", _leads("0123456789") + r"\b" + _D + r"\s+(?:of\s+)?" + _M + r",?\s+" + _Y + r"\b"),
    ("month_day_year", _leads(_MONTH_INITIALS) + r"\b" + _M + r"\s+" + _D + r",?\s+" + _Y + r"\b"),
    ("part_month_year", _leads("emlbst") + r"\b" + _PART + _M + r",?\s+(?:of\s+)?" + _Y + r"\b"),
    ("month_year", _leads(_MONTH_INITIALS + "isbo") + r"\b(?:in\s+|since\s+|by\s+|of\s+)?" + _M + r",?\s+(?:of\s+)?" + _Y + r"\b"),
    ("month_which_year", _leads(_MONTH_INITIALS) + r"\b" + _M + r"\s+(?:of\s+)?(?P<which>next|last|this) year\b"),
    ("weekday_date", _leads("mtwfs") + r"\b" + _WD + r",?\s+" + _M + r"\s+" + _D + r"\b(?![,]?\s*\d{4})"),
    ("month_day", _leads(_MONTH_INITIALS) + r"\b" + _M + r"\s+" + _D + r"\b(?![,]?\s*\d{4})(?!\s*(?:%|percent|million|billion|troops|people))"),
    ("day_month", _leads("0123456789") + r"\b" + _D + r"\s+(?:of\s+)?" + _M + r"\b(?![,]?\s+\d{4})"),
    ("part_month", _leads("emlbst") + r"\b" + _PART + _M + r"(?!\s*,?\s*\d)"),
    ("in_month", _leads("isbultef") + r"\b(?P<prep>in|since|by|until|last|this|next|early|earlier in|from|for)\s+" + _M + r"\b(?!\s*,?\s*\d)"),
    ("bare_month", _leads(_MONTH_INITIALS) + r"\b(?P<month>january|february|april|june|july|august|september|october|november|december)\b(?!\s*,?\s*\d)"),
    ("quarter", _leads("tflsq1234") + r"\b(?:(?P<rel>last|this|next|the)\s+)?(?:(?P<qord>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+quarter"
                r"|(?P<qnum>Q[1-4]))(?:\s+(?:of\s+)?(?:(?P<year>1[89]\d\d|20\d\d)|(?P<which>this|last|next) year|(?:fiscal\s+)?(?P<fy>(?:19|20)\d\d)))?\b"),
    ("rel_quarter", _leads("ltn") + r"\b(?P<rel>last|this|next)\s+quarter\b"),
    ("half", _leads("tfs") + r"\b(?:the\s+)?(?P<hord>first|second|1st|2nd)[\s-]+half\s+of\s+(?:(?P<year>1[89]\d\d|20\d\d)|(?P<which>this|last|next|the) year)\b"),
    ("season", _leads("tlnielsdbafw") + r"\b(?P<rel>this|last|next|the|in|early|late|during|by|this past|in the|during the|by the|early this|late this|later this|since)\s+"
               r"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(?P<year>1[89]\d\d|20\d\d))?(?!\s+of\s+(?!\d))(?!\s+(?:storm|olympics|games|wheat|collection|semester|term|session|break|camp|weather|solstice|months))"),
    ("season_year", _leads("sawf") + r"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>1[89]\d\d|20\d\d)\b"),
    ("decade", _leads("tlem'’123456789") + r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?:(?P<cent>1[89]|20)(?P<dec>\d)0s|(?:['’]|(?<=the )|(?<=0s and )|(?<=0s or )|(?<=0s to ))(?P<short>\d)0s)\b"),
    ("rel_decade", _leads("tl") + r"\b(?P<rel>the past|the last|this|the previous|the next|next|last)\s+decade\b"),
    ("century", _leads("t") + r"\bthe\s+(?:(?P<part>early|mid|late)[\s-]+)?(?P<cnum>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"),
    ("this_century", _leads("t") + r"\b(?P<rel>this|last|next) century\b"),
    ("weekday", _leads("oltsarwmfn") + r"\b(?:(?P<rel>on|last|this|next|this past|this coming|(?:said|told|announced|reported|added|tweeted|wrote))\s+)?" + _WD + _TOD + r"\b(?!\s*,?\s+\d)"),
    ("ago", _leads("0123456789aotfsenw") + r"\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("relative", _leads("ytlenmbt") + r"\b(?P<rel>yesterday|today|tonight|tomorrow|last night|this morning|this afternoon|this evening|"
                 r"last weekend|this weekend|next weekend|this past weekend|over the weekend|the weekend|"
                 r"last week|earlier this week|later this week|this week|next week|the past week|"
                 r"last month|earlier this month|later this month|this month|next month|"
                 r"last year|earlier this year|later this year|this year|next year|the previous year|the prior year|the beginning of the year|the start of the year|"
                 r"the end of the year|the end of this year|the end of the month|the end of this month|the end of next year)\b"),
    ("fiscal_year", _leads("f") + r"\b(?:fiscal|financial)(?:\s+year)?\s+(?P<year>(?:19|20)\d\d)\b"),
    ("part_year", _leads("emlbst") + r"\b(?P<part>early|mid|mid-|late|the end of|end of|the beginning of|beginning of|the start of|start of|the middle of|the spring of|the summer of|the fall of|the autumn of|the winter of)\s*" + _Y + r"\b"),
    ("year", _leads("isbufodelmat") + r"\b(?:in|since|by|until|from|of|during|early|late|mid-?|before|after|through|throughout|around|as of|to)\s+" + _Y + r"\b(?![-/]\d)"),
    ("bare_year", _leads("12") + r"(?<![$£€#\d.,/-])\b" + _Y + r"\b(?![-/.,]\d)(?!\s*(?:a\.m|p\.m|am\b|pm\b|GMT|UTC|hours|hrs))" + _COUNT_AFTER),
    ("time24", _leads("012") + r"(?<![\d:.])\b(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)\s*(?P<zone>UTC|GMT|Z|hrs|hours local time)\b"),
    ("time", _leads("0123456789") + r"(?<![\d:.])\b(?P<hour>[0-2]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?:(?P<ampm>[ap]\.?m\.?)(?=\W|$)|(?P<zone>UTC|GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|local time)\b)"),
]]

# a cheap test first: no digit, month, weekday, season or relative word means no date mention at all
_MAYBE = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
                    r"yesterday|today|tonight|tomorrow|last|this|next|earlier|later|ago|quarter|half|spring|summer|autumn|fall|winter|"
                    r"century|the end|the beginning|the start|fiscal|'\d0s|’\d0s|the past|over the|the same|that|the day)", re.IGNORECASE)

# expressions that carry their own year: the only ones resolved without an anchor
SELF_DATED = frozenset({"iso", "numeric", "day_month_year", "month_day_year", "part_month_year", "month_year", "year", "bare_year",
                        "part_year", "fiscal_year", "decade", "century", "season_year"})
# calendar names without a year: a sentence that states a year gives them that year
_CALENDAR_NAMES = frozenset({"month_day", "day_month", "part_month", "in_month", "bare_month", "weekday_date"})

GRANULARITY_ORDER = {"century": -3, "decade": -2, "year": 0, "half": 0.3, "quarter": 0.5, "season": 0.6, "month": 1,
                     "part-of-month": 2, "week": 3, "day": 4}


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    phrase: str
    date: str           # sortable ISO prefix of its start: YYYY, YYYY-MM, YYYY-MM-DD (a week: its Monday)
    granularity: str    # day | week | part-of-month | month | season | quarter | half | year | decade | century
    part: str | None    # early | mid | late (of a month, year, decade)
    relative: bool      # needed the anchor (no year, weekday, "last week")
    anchor: str | None  # the date it was resolved against
    value: str = ""     # the TimeML value: 2008-03-01, 2008-03, 2008-W12, 2008-W12-WE, 2008-Q3, 2008-H1, 2008-SP, 2008, 199, 19


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _part(p: str | None) -> str | None:
    if not p:
        return None
    p = p.lower().strip(" -")
    if p in ("early", "beginning of", "the beginning of", "start of", "the start of"):
        return "early"
    if p in ("late", "end of", "the end of"):
        return "late"
    return "mid"


# --- which way a sentence points -------------------------------------------------------------------
_FUTURE = re.compile(r"(?i)\b(?:will|won['’]t|shall|would|should|to be|to take place|(?:scheduled|set|due|expected|slated|planned|plans?|going|intends?|hopes?|aims?)\s+(?:to|for|on|in)|"
                     r"scheduled|upcoming|coming|next|as (?:soon|early) as|no later than|until|begins?|starts?|deadline|payable|"
                     r"is to|are to)\b|['’]ll\b")
_PAST = re.compile(r"\b(?:was|were|had|did|didn['’]t|ago|last|earlier|previously|since|said|told|announced|reported|"
                   r"[a-z]{2,}(?:ed|ought|ew|ung|ook|ote|ave|ame|old|ent|aid|ound|ept|oke|ose|ell|ave)\b)")
_PAST_LEAD = re.compile(r"(?i)^(?:last|this past|said|told|announced|reported|added|tweeted|wrote)\b")
# fixtures and sittings told in the present ('the Saints face the Seahawks on Saturday', 'the trial opens
# Monday'): only verbs of scheduled events, and not after a past or perfect auxiliary ('did not play Sunday')
_SCHEDULE = re.compile(r"(?i)\b(?:face|faces|host|hosts|play|plays|take on|takes on|kick off|kicks off|tip off|tips off|"
                       r"open|opens|resume|resumes|reconvene|reconvenes|go on trial|goes on trial|return to|returns to|meet|meets|"
                       r"begin|begins|start|starts)\b")
_PAST_AUX = re.compile(r"(?i)\b(?:did|didn['’]t|was|wasn['’]t|were|weren['’]t|had|has|have|been)\b")
_FUTURE_WORDS = re.compile(r"(?i)\b(?:scheduled|expected|planned|slated|intended|proposed|anticipated|projected|forecast|due)\b")


def direction(m: re.Match) -> int:
    """+1 when the clause around a date points ahead ('will meet on Friday', 'is scheduled for April
    7', 'next Friday', a fixture told in the present), -1 when it tells the past ('said Friday', 'was
    held in March'), 0 when it says neither."""
    if _PAST_LEAD.match(m.group(0).strip()):
        return -1
    text = m.string
    before = text[max(0, m.start() - 80):m.start()]
    clause = re.split(r"[.!?;\n]|,\s(?=[A-Z])", before)[-1]
    after = re.split(r"[.!?;,\n]", text[m.end():m.end() + 60])[0]
    around = clause + " " + after
    if _FUTURE.search(clause) or re.search(r"(?i)\b(?:will|won['’]t|is due|is scheduled|is expected|are expected|is set)\b", after):
        return 1
    verb = _SCHEDULE.search(clause)
    if verb and not _PAST_AUX.search(clause[:verb.start()] + " " + clause[verb.end():]):
        return 1
    if _PAST.search(_FUTURE_WORDS.sub(" ", around.lower())):
        return -1
    # nothing next to it: the sentence's tense, when it tells only the past
    start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
    sentence = text[start:min(ends) if ends else len(text)]
    if not _FUTURE.search(sentence) and _PAST.search(_FUTURE_WORDS.sub(" ", sentence.lower())):
        return -1
    return 0


def _pick(candidates: list[tuple[dt.date, object]], anchor: dt.date, way: int, ahead: int, soon: int = 31):
    """Of the candidate placements (start date, value) of a date without a year, the one nearest the
    anchor in the direction `way`: ahead (+1), back (-1, allowing `ahead` days of slack), or, with no
    cue (0), back unless the coming one is within `soon` days."""
    cands = sorted(candidates, key=lambda c: c[0])
    back = [c for c in cands if c[0] <= anchor + dt.timedelta(days=ahead)]
    fwd = [c for c in cands if c[0] >= anchor]
    if way > 0 and fwd:
        return fwd[0]
    if way == 0 and fwd and (fwd[0][0] - anchor).days <= soon:
        return fwd[0]
    return back[-1] if back else (fwd[0] if fwd else None)


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


_SPORT = re.compile(r"(?i)\b(?:scor\w*|points?|touchdowns?|goals?|game|games|yards?|quarterback|innings?|baskets?|field goal|"
                    r"free throws?|lead|led|trail\w*|half-?time|overtime|period|match|win|won|beat|defeat\w*|rebounds?|assists?|play(?:ed|s)?)\b")


def _mention(m: re.Match, date: str, gran: str, value: str, rel: bool, anchor: dt.date | None,
             part: str | None = None) -> DateMention:
    return DateMention(m.start(), m.end(), m.group(0).strip(), date, gran, part, rel, anchor.isoformat() if (rel and anchor) else None, value)


def _resolve(name: str, m: re.Match, anchor: dt.date | None, ahead: int = 7, year: int | None = None) -> DateMention | None:
    """One match as a DateMention, or None. `year`: the year the sentence states (for calendar names)."""
    g = m.groupdict()
    phrase = m.group(0)
    if g.get("month") and g["month"][0].islower() and not m.string.islower():
        return None     # 'march' in lower case is a walk, 'may' a verb
    if g.get("weekday") and g["weekday"][0].islower() and not m.string.islower():
        return None
    try:
        if name in ("iso", "day_month_year", "month_day_year", "numeric"):
            mo = int(g["mnum"]) if g.get("mnum") else _month(g["month"])
            y = int(g["year"])
            if y < 100:
                y += 2000 if y < 50 else 1900
            d = dt.date(y, mo, int(g["day"]))
            return _mention(m, d.isoformat(), "day", d.isoformat(), False, anchor)
        if name == "part_month_year":
            v = f"{int(g['year']):04d}-{_month(g['month']):02d}"
            return _mention(m, v, "part-of-month", v, False, anchor, _part(g["part"]))
        if name == "month_year":
            if g["month"].lower() == "may" and not re.match(r"(?i)(in|since|by|of)\s", phrase):
                return None
            v = f"{int(g['year']):04d}-{_month(g['month']):02d}"
            return _mention(m, v, "month", v, False, anchor)
        if name in ("year", "bare_year", "fiscal_year"):
            return _mention(m, g["year"], "year", g["year"], False, anchor)
        if name == "part_year":
            p = g["part"].lower()
            for season, (code, _) in SEASONS.items():
                if season in p:
                    return _mention(m, f"{g['year']}-{SEASONS[season][1]:02d}", "season", f"{g['year']}-{code}", False, anchor)
            return _mention(m, g["year"], "year", g["year"], False, anchor, _part(p))
        if name == "season_year":
            code, mo = SEASONS[g["season"].lower()]
            return _mention(m, f"{g['year']}-{mo:02d}", "season", f"{g['year']}-{code}", False, anchor)
        if name == "decade":
            if g.get("cent"):
                dec = f"{g['cent']}{g['dec']}"
            elif anchor is not None:
                short = int(g["short"])
                dec = f"{19 if short * 10 > anchor.year % 100 else 20}{short}"
            else:
                return None
            return _mention(m, f"{dec}0", "decade", dec, not g.get("cent"), anchor, _part(g.get("part")))
        if name == "century":
            n = int(g["cnum"])
            if not 1 <= n <= 21:
                return None
            return _mention(m, f"{n - 1:02d}00", "century", f"{n - 1:02d}", False, anchor, _part(g.get("part")))
        if anchor is None:
            return None
        way = direction(m)
        if name in _CALENDAR_NAMES:
            if name == "bare_month" and not re.search(r"(?i)\b(?:in|since|by|until|from|for|of|during|through|last|this|next|early|late|mid|before|after|on|between|and|or|to|as of)\s+$",
                                                    m.string[max(0, m.start() - 12):m.start()]):
                return None      # a month name alone ('June said', 'April Ryan') is a name
            month = _month(g["month"])
            if name in ("month_day", "day_month", "weekday_date"):
                mo_l = g["month"].lower()
                if mo_l in ("may", "mar") and name == "month_day" and not re.match(r"(?i)(may|mar)\s+\d", phrase):
                    return None
                if mo_l == "may" and name == "month_day" and m.start() > 0 and not re.search(
                        r"(?i)(on|in|since|by|until|from|,)\s+$", m.string[max(0, m.start() - 8):m.start()]):
                    return None
                day = int(g["day"])
                if not 1 <= day <= 31:
                    return None
                if year is not None:
                    d = dt.date(year, month, day)
                else:
                    cands = []
                    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                        try:
                            cands.append((dt.date(y, month, day), None))
                        except ValueError:
                            pass
                    if name == "weekday_date":   # the weekday names the year
                        wd = WEEKDAYS[g["weekday"].lower()]
                        fit = [c for c in cands if c[0].weekday() == wd]
                        cands = fit or cands
                    pick = _pick(cands, anchor, way, ahead)
                    if pick is None:
                        return None
                    d = pick[0]
                return _mention(m, d.isoformat(), "day", d.isoformat(), True, anchor)
            if name == "part_month" and g["month"].lower() == "may":
                return None
            if name == "in_month" and g["month"].lower() in ("may", "mar") and g["prep"].lower() not in ("in", "since", "until", "last", "earlier in", "next", "this"):
                return None
            prep = (g.get("prep") or "").lower()
            if year is None:
                cands = [(dt.date(y, month, 1), y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
                if prep == "last":
                    y = anchor.year if month < anchor.month else anchor.year - 1
                elif prep == "next":
                    y = anchor.year if month > anchor.month else anchor.year + 1
                elif prep == "this":
                    y = anchor.year
                elif prep == "since":
                    y = anchor.year if month <= anchor.month else anchor.year - 1
                else:
                    # a month counts as "at or before" the anchor while the anchor lies in it
                    pick = _pick([(anchor if (c[1] == anchor.year and month == anchor.month) else c[0], c[1]) for c in cands],
                                 anchor, way, ahead if ahead > 31 else 0, soon=20)
                    y = pick[1] if pick else anchor.year
            else:
                y = year
            v = f"{y:04d}-{month:02d}"
            if name == "part_month":
                return _mention(m, v, "part-of-month", v, True, anchor, _part(g["part"]))
            return _mention(m, v, "month", v, True, anchor)
        if name == "weekday":
            wd = WEEKDAYS[g["weekday"].lower()]
            rel = (g.get("rel") or "").lower()
            back = (anchor.weekday() - wd) % 7
            fwd = (wd - anchor.weekday()) % 7
            if rel in ("last", "this past") or way < 0:
                d = anchor - dt.timedelta(days=back or (7 if rel in ("last", "this past") else 0))
            elif rel in ("next", "this coming") or way > 0:
                d = anchor + dt.timedelta(days=fwd or (7 if rel == "next" else 0))   # 'on Monday' said on a Monday: that day
            else:
                d = anchor - dt.timedelta(days=back)
            return _mention(m, d.isoformat(), "day", d.isoformat(), True, anchor)
        if name == "ago":
            n = NUMBERS.get(g["num"].lower()) if not g["num"].isdigit() else int(g["num"])
            if not n:
                return None
            unit = g["unit"].lower()
            if unit == "day":
                d = anchor - dt.timedelta(days=n)
                return _mention(m, d.isoformat(), "day", d.isoformat(), True, anchor)
            if unit == "week":     # 'a week ago' is that day a week back
                d = anchor - dt.timedelta(days=7 * n)
                return _mention(m, d.isoformat(), "day", d.isoformat(), True, anchor)
            if unit == "month":
                y, mo = _add_months(anchor.year, anchor.month, -n)
                return _mention(m, f"{y:04d}-{mo:02d}", "month", f"{y:04d}-{mo:02d}", True, anchor)
            return _mention(m, f"{anchor.year - n:04d}", "year", f"{anchor.year - n:04d}", True, anchor)
        if name in ("quarter", "rel_quarter"):
            if name == "quarter" and not (g.get("year") or g.get("fy") or g.get("which")) and _SPORT.search(m.string):
                return None      # the fourth quarter of a game
            cur_q = (anchor.month - 1) // 3 + 1
            if name == "rel_quarter":
                k = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
                n = (anchor.year * 4 + cur_q - 1) + k
                y, q = n // 4, n % 4 + 1
            else:
                q = ORDINALS.get((g.get("qord") or "").lower()) or int(g["qnum"][1])
                if g.get("year") or g.get("fy"):
                    y = int(g.get("year") or g.get("fy"))
                elif g.get("which"):
                    y = anchor.year + {"last": -1, "this": 0, "next": 1}[g["which"].lower()]
                else:
                    rel = (g.get("rel") or "").lower()
                    if rel == "next":
                        y = anchor.year if q > cur_q else anchor.year + 1
                    elif rel == "last":
                        y = anchor.year if q < cur_q else anchor.year - 1
                    elif way > 0:
                        y = anchor.year if q >= cur_q else anchor.year + 1
                    else:       # told in the past or plainly: this year's, up to the coming quarter
                        y = anchor.year if q <= cur_q + 1 else anchor.year - 1
            return _mention(m, f"{y:04d}-{3 * q - 2:02d}", "quarter", f"{y:04d}-Q{q}", True, anchor)
        if name == "half":
            h = 1 if g["hord"].lower() in ("first", "1st") else 2
            if g.get("year"):
                y = int(g["year"])
            else:
                which = g["which"].lower()
                y = anchor.year + {"last": -1, "this": 0, "next": 1, "the": 0}[which]
            return _mention(m, f"{y:04d}-{1 if h == 1 else 7:02d}", "half", f"{y:04d}-H{h}", True, anchor)
        if name == "season":
            code, mo = SEASONS[g["season"].lower()]
            rel = g["rel"].lower()
            if g["season"].lower() == "fall" and rel in ("the", "by the", "in the", "during the") and not g.get("year") and \
                    re.match(r"\s+of\b", m.string[m.end():m.end() + 4]):
                return None     # the fall of a city
            if g.get("year"):
                y = int(g["year"])
            else:
                start_this = dt.date(anchor.year, mo, 1)
                if rel in ("last", "this past"):
                    y = anchor.year - 1 if start_this > anchor or (anchor - start_this).days < 92 else anchor.year
                elif rel == "next":
                    y = anchor.year + 1 if start_this <= anchor else anchor.year
                elif rel.startswith(("this", "early this", "late this", "later this")):
                    y = anchor.year if not (code == "WI" and anchor.month <= 2) else anchor.year - 1
                else:
                    pick = _pick([(dt.date(yy, mo, 1), yy) for yy in (anchor.year - 1, anchor.year, anchor.year + 1)],
                                 anchor, way, ahead, soon=92)
                    y = pick[1] if pick else anchor.year
            return _mention(m, f"{y:04d}-{mo:02d}", "season", f"{y:04d}-{code}", True, anchor)
        if name == "month_which_year":
            y = anchor.year + {"last": -1, "this": 0, "next": 1}[g["which"].lower()]
            v = f"{y:04d}-{_month(g['month']):02d}"
            return _mention(m, v, "month", v, True, anchor)
        if name == "rel_decade":
            rel = g["rel"].lower()
            k = -1 if rel in ("the past", "the last", "the previous", "last") else 1 if rel in ("the next", "next") else 0
            dec = f"{anchor.year // 10 + k:03d}"
            if rel in ("the past", "the last"):
                dec = f"{(anchor.year - 10) // 10 + (1 if anchor.year % 10 == 9 else 0):03d}"
            return _mention(m, f"{dec}0", "decade", dec, True, anchor)
        if name == "time24":
            return _mention(m, anchor.isoformat(), "day", anchor.isoformat(), True, anchor)
        if name == "this_century":
            c = anchor.year // 100 + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
            return _mention(m, f"{c:02d}00", "century", f"{c:02d}", True, anchor)
        if name == "time":
            if g.get("ampm") is None and g.get("zone") is None:
                return None
            if g.get("ampm") and int(g["hour"]) > 12 or int(g["hour"]) > 24:
                return None
            return _mention(m, anchor.isoformat(), "day", anchor.isoformat(), True, anchor)
        if name == "relative":
            rel = g["rel"].lower()
            day = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                   "this evening": 0, "tomorrow": 1}
            if rel in day:
                d = anchor + dt.timedelta(days=day[rel])
                return _mention(m, d.isoformat(), "day", d.isoformat(), True, anchor)
            if rel.endswith("weekend"):
                if rel in ("last weekend", "this past weekend") or (rel in ("over the weekend", "the weekend") and anchor.weekday() < 5 and way <= 0):
                    sat = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7 or 7)
                elif rel == "next weekend":
                    sat = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7 + (7 if anchor.weekday() >= 5 else 0))
                else:       # this weekend, or the weekend ahead: the one of the anchor's week
                    sat = _monday(anchor) + dt.timedelta(days=5)
                return _mention(m, _monday(sat).isoformat(), "week", _iso_week(sat) + "-WE", True, anchor)
            if rel.endswith("week"):
                k = {"last week": -1, "the past week": -1, "next week": 1}.get(rel, 0)
                d = _monday(anchor) + dt.timedelta(days=7 * k)
                return _mention(m, d.isoformat(), "week", _iso_week(d), True, anchor)
            if rel.endswith("month"):
                k = {"last month": -1, "next month": 1}.get(rel, 0)
                y, mo = _add_months(anchor.year, anchor.month, k)
                v = f"{y:04d}-{mo:02d}"
                return _mention(m, v, "month", v, True, anchor, "late" if "end" in rel else None)
            if rel.endswith("year"):
                k = {"last year": -1, "next year": 1, "the end of next year": 1, "the previous year": -1, "the prior year": -1}.get(rel, 0)
                v = f"{anchor.year + k:04d}"
                part = "late" if "end" in rel else "early" if ("beginning" in rel or "start" in rel) else None
                return _mention(m, v, "year", v, True, anchor, part)
    except (ValueError, KeyError, TypeError):
        return None
    return None


def find_date_mentions(text: str, anchor: dt.date | None = None, ahead: int = 7, own_year: bool = False,
                       last_day: str | None = None) -> list[DateMention]:
    """All temporal expressions in `text`, resolved against `anchor`. Without an anchor, only those
    carrying their own year. `ahead`: how many days after the anchor a date told in the past may still
    fall (7 for a publication date; more when the anchor only bounds when the article was written).
    `own_year`: a month or day without a year takes the year `text` (one sentence) states, when it
    states one ('in 2001 ... on 11 September'). `last_day`: the day the text before this sentence told
    last (ISO), for 'the same day' (default: the anchor's day)."""
    last_day = last_day or (anchor.isoformat() if anchor else None)
    if not _MAYBE.search(text):
        return []
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    deferred: list[tuple[str, re.Match]] = []
    for name, pat in PATTERNS:
        if anchor is None and name not in SELF_DATED:
            continue   # (would resolve to nothing: skip the scan)
        for m in pat.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            if own_year and name in _CALENDAR_NAMES:
                deferred.append((name, m))
                taken.append((m.start(), m.end()))
                continue
            men = _resolve(name, m, anchor, ahead)
            if men is not None:
                taken.append((m.start(), m.end()))
                found.append(men)
    if deferred:
        # a year stated before the name, as the time of what is told ('in 2001 ... on 11 September');
        # not a bound ('since 2003', 'by 2012') nor one told after it ('in March ... the highest since 1983')
        years = [f for f in found if f.granularity == "year" and not f.relative
                 and not re.search(r"(?i)\b(?:since|by|until|before|after|through|to)\b",
                                   re.split(r"[,;:.]", text[max(0, f.start - 60):f.start])[-1] + " " + f.phrase)]
        for name, m in deferred:
            before = {f.date[:4] for f in years if f.end <= m.start()}
            men = _resolve(name, m, anchor, ahead, year=int(before.pop()) if len(before) == 1 else None)
            if men is not None:
                found.append(men)
    found.sort(key=lambda d: d.start)
    # a time of day is on the day named next to it ('at 16:15 UTC, June 1st'), else the anchor's
    days = [f for f in found if f.granularity == "day" and not _TIME_PHRASE.search(f.phrase)]
    for f in found:
        if f.granularity == "day" and _TIME_PHRASE.search(f.phrase):
            near = [d for d in days if min(abs(d.start - f.end), abs(f.start - d.end)) <= 30]
            if near:
                f.date = f.value = min(near, key=lambda d: min(abs(d.start - f.end), abs(f.start - d.end))).date
    # 'the same day', 'that day', 'on the day': the day told last before it, here or in the sentences before
    if anchor is not None:
        for m in _THAT_DAY.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            told = [f for f in found if f.granularity == "day" and f.end <= m.start()]
            day = told[-1].date if told else last_day
            if day:
                found.append(DateMention(m.start(), m.end(), m.group(0), day, "day", None, True, anchor.isoformat(), day))
        found.sort(key=lambda d: d.start)
    return found


_THAT_DAY = re.compile(r"\b(?:(?:on|by|for|during|earlier|later|late|early)\s+)?(?:in\s+)?(?:the same day|that day|that same day|"
                       r"the day(?!\s+(?:after|before|of|when|that|he|she|they|we|I|it)\b)|that morning|that evening|that afternoon|that night)\b",
                       re.IGNORECASE)


_TIME_PHRASE = re.compile(r"\d[:.]?\d\d\s*(?:[ap]\.?m|UTC|GMT|Z\b|hrs|hours|[A-Z]{2,3}T\b|local)|\d\s*[ap]\.?m", re.IGNORECASE)


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


_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def describe(date: str, granularity: str, part: str | None = None, value: str | None = None) -> str:
    """A human form: '26 Jun 2020', 'late Mar 2020', 'Feb 2020', 'week of 9 Nov 2020', 'Q3 2008',
    'first half of 2009', 'spring 2008', '2001', 'the 1990s', 'the 20th century'."""
    d = parse_iso(date)
    if d is None:
        return date
    pre = f"{part} " if part else ""
    if granularity == "day":
        return d.strftime("%-d %b %Y")
    if granularity == "week":
        if value and value.endswith("-WE"):
            return "weekend of " + (d + dt.timedelta(days=5)).strftime("%-d %b %Y")
        return "week of " + d.strftime("%-d %b %Y")
    if granularity == "part-of-month":
        return f"{part or ''} {d.strftime('%b %Y')}".strip()
    if granularity == "month":
        return pre + d.strftime("%b %Y")
    if granularity == "quarter":
        return f"Q{(d.month - 1) // 3 + 1} {d.year}"
    if granularity == "half":
        return f"{'first' if d.month <= 6 else 'second'} half of {d.year}"
    if granularity == "season":
        code = (value or "")[-2:]
        return f"{_SEASON_NAMES.get(code, 'season')} {d.year}"
    if granularity == "decade":
        return f"the {pre}{d.year // 10 * 10}s"
    if granularity == "century":
        n = d.year // 100 + 1
        suffix = "th" if 11 <= n <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {pre}{n}{suffix} century"
    return pre + d.strftime("%Y")
