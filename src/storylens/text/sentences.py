"""Split clean text into sentences with character offsets (rule-based, fast, no model).

Paragraph breaks always end a sentence. Inside a paragraph a sentence ends at . ! ? (and a closing
quote) followed by space and an upper-case letter, a digit or a quote, unless the word before is a
known abbreviation (U.S., Gen., Mr.) or a single initial, or what follows is a wire dateline's agency
tag ("MENASHA, Wis. (AP) — ...": one sentence; "in Menasha, Wis. Police said ..." is two).

A photo caption left inside article text ("Police Chief Tim Styka, right, speaks ...", "In this May 3,
2015 photo, ...") is a sentence too, but it describes a picture the reader cannot see: `is_caption`
tells, so a summary or a headline does not lead with one.
"""
from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep",
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "min", "max", "approx", "dept", "est", "fig", "u.s", "u.k",
    "u.n", "e.g", "i.e", "a.m", "p.m", "ft", "mt", "pres", "rev", "hon", "msgr",
}
# a wire dateline opening a text: the place (and date) in capitalised words, the agency in brackets, a
# dash ("MENASHA, Wis. (AP) —", "NEW YORK, May 18 (UPI) --"); its agency tag does not end a sentence
AGENCIES = r"AP|Reuters|AFP|UPI|dpa|Xinhua|Bloomberg"
_TAG = rf" ?\((?P<wire>{AGENCIES})\)\s*(?:—|–|--?)\s*"
_PLACE = r"(?:[A-Z][\w.'’-]*|\d{1,4}),?"
WIRE_DATELINE = re.compile(rf"^{_PLACE}(?: {_PLACE}){{0,5}}{_TAG}")
# any dateline opening a lead, for display: a wire dateline, a place in capitals before a dash
# ("WASHINGTON — ", "WASHINGTON—"), or a place with its outlet's tag ("Tokyo (CNN)", "LONDON (Reuters) -")
LEAD_DATELINE = re.compile(
    rf"^(?:{_PLACE}(?: {_PLACE}){{0,5}}{_TAG}"
    # a place (and date) in capitals before a dash: "WASHINGTON — ", "ALLENTOWN, Pa. - ", "MONDAY, July 2 (HealthDay News) -- "
    r"|[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z0-9][A-Za-z0-9.'’-]*){0,4}\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--|(?<=\S)\s-\s)\s*"
    r"|[A-Z][\w.'’-]+(?:[ ,]+[A-Z][\w.'’-]+){0,3}\s*\((?:CNN|AP|AFP|Reuters|UPI|dpa|Xinhua|Bloomberg|BBC|NBC|CBS|ABC|Fox|CNBC|WSJ)[^)]{0,20}\)\s*(?:—|–|--?|:)?\s*"
    # an outlet's tag alone, or a dash the scraper left of a dateline: "(CNN) -- ", "(WTNH) — ", "— "
    r"|\((?:[A-Z][A-Za-z]{1,12}(?: News)?)\)\s*(?:—|–|--?)\s*|\((?:CNN|AP|AFP|Reuters|UPI|BBC|CNBC)\)\s*(?=[A-Z\"“])|[—–]\s*"
    # a place in title case before a long dash, then a sentence: "Flint — Sixteen months after ..."
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2},?(?: [A-Z][a-z]{1,3}\.)? —\s*(?=[A-Z]))")
_AGENCY_TAG = re.compile(rf"\s*{_TAG}")
_CAPTION = re.compile(
    r"^\s*(?i:(?:file\s*[-–—]\s*)?in (?:this|these) (?:[^.,]|, \d{4}\b|\. ){0,60}?\b(?:photos?|images?|pictures?|frame grab|video(?: image)?)"
    r"(?: (?:provided|released|taken|made available|distributed|obtained)\b[^,]{0,60})?,"
    r"|(?:file|ap|afp|reuters|getty images?) photo\b)"
    r"|\b[A-Z][\w.'’-]+,? \(?(?:left|right|centre|center|second from (?:left|right)|far (?:left|right)|foreground|background|top|bottom)\)?,? "
    r"(?:[a-z]+s|is|are|was|were|poses?|posed|looks?|walks?|speaks?|stands?|sits?|waves?|holds?|listens?|arrives?|leaves?|attends?)\b"
    r"|\((?:AP|AFP|Reuters|Getty Images?|EPA)[^)]{0,40}(?:Photo|Images?)[^)]{0,40}\)"
    r"|\b(?:Photo|Image|Picture) (?:by|credit|courtesy)\b"
    # a picture's credit, a person and an outlet: "(Victoria Walker/The Washington Post)", "| John Shinkle/POLITICO"
    r"|(?:\(|\| ?)[A-Z][a-z]+(?: [A-Z][a-z.'’-]+){1,3}/(?:The )?[A-Z][\w&.'’-]+")
_BOUNDARY = re.compile(r"""([.!?…]+["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-ÖØ-Þ])""")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _ends_with_abbreviation(text: str) -> bool:
    m = re.search(r"(\S+)\.$", text)
    if not m:
        return False
    word = m.group(1).lower().lstrip("(\"'“")
    if word in ABBREVIATIONS:
        return True
    # single initials ("J.") and dotted acronyms ("U.S.") rarely end a sentence before a capital
    return bool(re.fullmatch(r"[a-z]|([a-z]\.)+[a-z]", word))


def split_sentences(text: str, min_chars: int = 2) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of `text`."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in _PARAGRAPH.split(text) + [""]:
        idx = text.find(para, pos) if para else -1
        if idx < 0:
            continue
        start = idx
        end_para = idx + len(para)
        pos = end_para
        cursor = start
        for m in _BOUNDARY.finditer(text, start, end_para):
            candidate_end = m.end(1)
            if m.group(1) == "." and (_ends_with_abbreviation(text[cursor:m.start(1) + 1])
                                      or _AGENCY_TAG.match(text, m.end(1))):
                continue
            _push(text, cursor, candidate_end, spans, min_chars)
            cursor = m.end(2)
        _push(text, cursor, end_para, spans, min_chars)
    return spans


def _push(text: str, start: int, end: int, spans: list, min_chars: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= min_chars and any(c.isalnum() for c in text[start:end]):
        spans.append((start, end))


def sentence_texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def is_caption(sentence: str) -> bool:
    """A photo caption or credit left in the text: "In this May 3, 2015 photo, ...", "Chief Tim Styka,
    right, speaks ...", "(AP Photo/Morry Gash)"."""
    return bool(_CAPTION.search(sentence))
