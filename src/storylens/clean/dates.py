"""Publication dates: from a dateline line, from given metadata, or inferred from the text.

A dateline is a short line that is only a date (and maybe weekday, time and zone). An inferred date
is never a guess presented as fact: it is marked inferred and says what it rests on. No date may lie
in the future of the crawl (the WARC date, or now).
"""
from __future__ import annotations

import datetime as dt
import re

from ..text.temporal import find_date_mentions, parse_iso

_DATELINE_REST = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published)\s*:?\s*)?"
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


def infer_from_content(text: str, crawled: dt.date) -> tuple[str, str] | None:
    """(date, explanation) from the latest date the text itself states with a year, as a lower bound."""
    best = None
    for men in find_date_mentions(text):
        d = parse_iso(men.date)
        if d is None or d > crawled:
            continue
        if best is None or men.date > best.date:
            best = men
    if best is None:
        return None
    return best.date, f"not before the latest date the text mentions ('{best.phrase}')"
