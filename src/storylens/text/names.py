"""Names as a reader compares them: 'Air Chief Marshal Angus Houston's' is Angus Houston, 'Intel Corp' is
Intel, 'T - Mobile' is T-Mobile, 'WINSTON BLACKMORE' is Winston Blackmore, 'Vincent "The Chin" Gigante' is
Vincent Gigante.

`display_name(surface, label)` is the name to show (titles, possessives, nicknames, company suffixes and
stray lines gone; capitals fixed), `name_key(name, label)` what two names must share to be one name
(lower case, no punctuation; a person's middle initials and Jr/Sr left out), `initials(name)` the acronym
a name would have. Pure functions over strings; the entity stage decides what joins what.
"""
from __future__ import annotations

import functools
import re

# ranks, offices and honorifics that stand before a name; 'former', 'acting' ... may precede them
_RANKS = (
    r"air chief marshal|acm|air marshal|field marshal|marshal|vice admiral|rear admiral|admiral|adm\.?|"
    r"lieutenant general|lt\.? gen\.?|major general|maj\.? gen\.?|brigadier general|brig\.? gen\.?|general|gen\.?|"
    r"lieutenant colonel|lt\.? col\.?|colonel|col\.?|major|maj\.?|captain|capt\.?|lieutenant|lt\.?|sergeant|sgt\.?|"
    r"corporal|cpl\.?|private|pvt\.?|commander|cmdr\.?|cdr\.?|"
    r"president|vice president|president-elect|prime minister|deputy prime minister|premier|chancellor|"
    r"(?:foreign |defen[cs]e |interior |finance |health |justice )?minister|secretary of state|"
    r"(?:defen[cs]e |state |health |treasury |homeland security |press )?secretary|secretary-general|secretary general|"
    r"attorney general|surgeon general|inspector general|sen\.?|senator|rep\.?|representative|congressman|"
    r"congresswoman|assemblyman|assemblywoman|councilman|councilwoman|gov\.?|governor|lt\.? gov\.?|mayor|"
    r"ambassador|envoy|special representative for \w+|"
    r"mr\.?|mrs\.?|ms\.?|miss|mx\.?|dr\.?|prof\.?|professor|sir|dame|lord|lady|rev\.?|reverend|father|sister|"
    r"rabbi|imam|sheikh|pope|cardinal|bishop|archbishop|king|queen|prince|princess|duke|duchess|emperor|"
    r"judge|justice|chief justice|magistrate|sheriff|deputy|detective|det\.?|officer|inspector|constable|"
    r"superintendent|police chief|chief|chairman|chairwoman|chair|director|spokesman|spokeswoman|spokesperson|"
    r"ceo|gm|general manager|owner|coach|head coach|assistant coach|manager|leader|comedian|actress|actor|singer|rapper|star|pitcher|quarterback|"
    r"first baseman|striker|goalkeeper|defendant|suspect|victim|dj")
TITLE = re.compile(
    r"^(?:the\s+)?(?:(?:former|acting|then|new|late|interim|deputy|vice|senior|retired|outgoing|incoming|"
    r"u\.?s\.?|us|american|russian|british|french|german|chinese|australian|belgian|nato|un)\s+)*(?:" + _RANKS + r")\s+",
    re.IGNORECASE)
SUFFIX = re.compile(r"(?:,?\s+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|plc|ag|sa|s\.a|nv|n\.v|"
                    r"llc|l\.l\.c|gmbh|lp|llp|pty|bhd))\.?$", re.IGNORECASE)
GENERATION = re.compile(r",?\s+(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)
NICKNAME = re.compile(r"\s+(?:[\"“'‘][^\"”'’]{1,30}[\"”'’]|\([^()]{1,30}\))(?=\s)")
AGE_OR_DEGREE = re.compile(r",\s*(?:\d{1,3}|md|m\.d|phd|ph\.d|esq|mba|m\.b\.a)\.?$", re.IGNORECASE)
PLACE_WORDS = {"mt": "mount", "mt.": "mount", "ft": "fort", "ft.": "fort", "centre": "center", "theatre": "theater",
               "harbour": "harbor", "defence": "defense", "organisation": "organization"}
SMALL = {"of", "and", "the", "for", "de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "del", "y", "&"}


def _words(s: str) -> list[str]:
    return re.findall(r"[\w&]+(?:['’.-][\w&]+)*\.?", s)


def _fix_caps(name: str) -> str:
    """'WINSTON BLACKMORE' -> 'Winston Blackmore'; an acronym ('NATO', 'USGS') and mixed case stay."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    if len(name.split()) == 1 and len(letters) <= 5:
        return name
    return " ".join(w if len(w) <= 3 and w.lower() not in SMALL and "." not in w else
                    (w.lower() if w.lower() in SMALL else w[:1] + w[1:].lower()) for w in name.split())


@functools.lru_cache(maxsize=65536)
def display_name(surface: str, label: str = "") -> str:
    """The name a mention gives, as it should be shown: its last line (a headline run into the first line
    of the text is not the name), spacing around hyphens closed, no leading 'the', no title or rank, no
    possessive, no quoted or bracketed nickname, no age or degree after a comma, no company suffix for an
    organisation, capitals fixed."""
    t = surface.strip().splitlines()[-1] if surface.strip() else ""
    t = re.sub(r"\s*([-–/])\s*", r"\1", t) if re.search(r"\w\s+-\s+\w", t) else t
    t = re.sub(r"(?<=[a-z])\.(?=[A-Z][a-z])", ". ", t)   # 'Gov.Sarah Palin'
    t = re.sub(r"\s+", " ", t).strip(" ,;:\"“”'‘’()[]")
    if label in ("PERSON", "person"):   # "Obama’s Jobs Speech Prompted": the person is before the possessive
        t = re.split(r"(?<=\w)['’]s\b", t)[0]
    t = re.sub(r"(?:['’]s|s['’])$", lambda m: "s" if m.group(0).startswith("s") else "", t)
    t = re.sub(r"['’]$", "", t)
    prev = None
    while prev != t:
        prev = t
        t = TITLE.sub("", t)
        t = re.sub(r"^the\s+", "", t, flags=re.IGNORECASE)
    t = NICKNAME.sub("", " " + t + " ").strip()
    t = re.sub(r"\s*\([^()]*$", "", t)   # 'Australian Maritime Safety Authority (Amsa': no bracket left open
    if label in ("GPE", "LOC", "FAC", "place") and "," in t:   # 'Huntsville, Texas', 'Perth, Snidvongs': the first place
        t = t.split(",")[0]
    t = AGE_OR_DEGREE.sub("", t)
    if label in ("ORG", "organisation") and len(t.split()) > 1:
        t = SUFFIX.sub("", t)
    t = _fix_caps(t).strip(" .,;:") if not re.search(r"\b[A-Z]\.$", t) else t.strip(" ,;:")
    return t


@functools.lru_cache(maxsize=65536)
def name_key(name: str, person: bool = False) -> str:
    """What two names must share to be the same name: lower case, words only ('U.S.' -> 'us', 'T-Mobile'
    -> 't mobile'), 'Mt'/'Mount'; for a person also without middle initials and Jr/Sr ('Warren S. Jeffs'
    and 'Warren Jeffs')."""
    if person:
        name = GENERATION.sub("", name)
    words = [w.lower() for w in _words(name)]
    words = [PLACE_WORDS.get(w, w) for w in words]
    if person and len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w.strip(".")) > 1] + [words[-1]]
    return " ".join(" ".join(re.sub(r"[^\w&]+", " ", w.replace(".", "")).split()) for w in words if re.sub(r"[^\w&]+", "", w))


def initials(name: str) -> str:
    """'US Geological Survey' -> 'USGS', 'National Security Council' -> 'NSC' (small words left out)."""
    out = ""
    for w in _words(name):
        if w.lower() in SMALL:
            continue
        if w.isupper() and len(w.strip(".")) <= 3:
            out += w.replace(".", "")
        elif w[:1].isupper():
            out += w[0]
    return out


def is_acronym(name: str) -> bool:
    """'USGS', 'U.N.', 'SEACOM': one word of capitals (dots allowed), at most 6 letters."""
    w = name.replace(".", "")
    return 2 <= len(w) <= 6 and w.isalpha() and w.isupper() and " " not in name
