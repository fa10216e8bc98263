"""Publication dates from evidence only: the input, a dateline, the HTML metadata, a date in the web
address, a byline's time stamp. When none holds, the article's date is unknown; it may still carry a
stated range with its basis ("not before 2020-06-26: the latest date its text tells as past; not after
2020-08-31: the crawl"). Never the latest year mentioned, never a date in the future of the crawl.

A dateline is a short line that is only a date (and maybe weekday, time and zone).
"""
from __future__ import annotations

import datetime as dt
import re

from ..text.temporal import direction, find_date_mentions, parse_iso, PATTERNS

_DATELINE_REST = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published|last modified)\s*:?\s*)?"
    r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?,?\s*(?:on\s+)?)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?P<date>.+?)"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|\s*UTC|\s*GMT)?)?\s*$",
    re.IGNORECASE,
)


def parse_dateline(line: str) -> str | None:
    """ISO date if the whole line is a date (with optional weekday, time, zone), else None."""
    if len(line) > 80 or not re.search(r"\d{4}", line):
        return None
    m = _DATELINE_REST.match(line.strip())
    if not m:
        return None
    core = m.group("date").strip(" ,|-")
    mentions = find_date_mentions(core)
    if len(mentions) != 1 or mentions[0].granularity != "day":
        return None
    men = mentions[0]
    # the date must be (nearly) all of the core: no other words around it
    leftover = (core[:men.start] + core[men.end:]).strip(" ,.|-")
    if leftover and not re.fullmatch(r"(?i)(on|the)?\s*", leftover):
        return None
    time_m = re.search(r"(\d{1,2})[:.](\d{2})", line[m.end("date"):] if m.end("date") < len(line) else "")
    if time_m:
        return f"{men.date}T{int(time_m.group(1)):02d}:{time_m.group(2)}"
    return men.date


def not_in_future(iso: str | None, crawled: dt.date) -> bool:
    d = parse_iso(iso)
    return d is not None and d <= crawled + dt.timedelta(days=1)


# a date in a web address's path: /2019/11/19/, /2019-11-19, /20191119/, _2019_11_19 (day), /2019/11/ (month)
_URL_DAY = re.compile(r"(?<![\d])((?:19|20)\d\d)([/_-])([01]?\d)\2([0-3]?\d)(?![\d])")
_URL_COMPACT = re.compile(r"(?<=[/_-])((?:19|20)\d\d)([01]\d)([0-3]\d)(?=[/_.-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/(?!\d)")


def url_date(url: str | None) -> tuple[str, str] | None:
    """(ISO date or month, granularity) that a web address's path states, or None."""
    if not url or "://" not in url:
        return None
    path = url.split("://", 1)[1].partition("/")[2].partition("?")[0]
    path = "/" + path
    for rx in (_URL_DAY, _URL_COMPACT):
        m = rx.search(path)
        if m:
            y, mo, d = (int(m.group(1)), int(m.group(3)), int(m.group(4))) if rx is _URL_DAY else map(int, m.groups())
            try:
                return dt.date(y, mo, d).isoformat(), "day"
            except ValueError:
                continue
    m = _URL_MONTH.search(path)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}", "month"
    return None


def byline_date(line: str) -> str | None:
    """The full date a byline or time-stamp line carries ('By Ann Lee, Updated 10:31 AM ET, Mon November
    18, 2019'), or None."""
    days = [m for m in find_date_mentions(line) if m.granularity == "day"]
    return days[0].date if len(days) == 1 else None


def leading_date(text: str) -> str | None:
    """The full date that opens a text ('March 22, 2014 Armed men ...', 'Tuesday, 7 June 2016 - ...'):
    where a scraper glued the page's date line to the first paragraph."""
    first = text.lstrip()[:60]
    days = [m for m in find_date_mentions(first) if m.granularity == "day"]
    if not days or days[0].start > 0 and not re.fullmatch(r"(?i)\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\W*)?",
                                                          first[:days[0].start]):
        return None
    return days[0].date


_SELF_DATED_FINE = {"iso", "numeric", "day_month_year", "month_day_year", "month_year", "part_month_year"}


def not_before(text: str) -> tuple[str, str] | None:
    """(ISO date, phrase): the latest day or month the text states with its year and does not tell as
    ahead ('was signed on 26 June 2020', a caption's 'on March 17, 2014'). An article is written after
    what it tells as done or shows; dates told ahead ('will open in November 2006', 'is set for 9 May
    2031', 'by 2025') and bare years bound nothing."""
    best = None
    for name, pat in PATTERNS:
        if name not in _SELF_DATED_FINE:
            continue
        for m in pat.finditer(text):
            found = find_date_mentions(m.group(0))
            if not found or found[0].granularity not in ("day", "month", "part-of-month"):
                continue
            if direction(m) > 0:
                continue     # told ahead
            d = found[0].date if found[0].granularity == "day" else found[0].date + "-01"
            if best is None or d > best[0]:
                best = (d, m.group(0).strip())
    return best
