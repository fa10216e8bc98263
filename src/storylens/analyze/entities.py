"""Entities of a story: the people, organisations and places its articles name, one entity for each.

Names come from spaCy's NER, are normalised (text/names.py: titles, possessives, nicknames, company
suffixes, spacing, capitals) and resolved in this order:
1. a headline or sentence-opening word stuck to a name ('Comedian Ellen DeGeneres', 'Following Gigante')
   is dropped when the rest is a name the story uses and the word is one its text writes in lower case;
2. full names of people are one when their keys agree ('Warren S. Jeffs', 'Warren Jeffs') or one holds the
   other's words with the same surname ('Mark Felt', 'W. Mark Felt'; 'Fred'/'Frederick LaRue');
3. a surname or first name alone is the nearest full name before it in its article that ends (or starts)
   with it, else the nearest after it, else the story's most named full name with it: relatives who share
   a surname do not block the join ('Jeffs' -> Warren Jeffs where he was named last). A one-word name the
   model took for a place or organisation is that person too when its article named the person before it
   and it does not stand as a place ('in Houston');
4. organisations and places join by key, acronyms their expansions ('US Geological Survey (USGS)', 'USGS';
   or by initials), a short form the one longer name that ends with it ('Colts', 'Indianapolis Colts'),
   and a name the one longer name that adds a generic word ('Betty Ford', 'Betty Ford Center');
5. types by evidence: the model's labels over all mentions, 'in/at/near X' as a place, 'the X' as no
   person, facility words ('Center', 'Stadium') as a place; a full personal name is a person.
The displayed name is the fullest well-formed one; the key is its normalised form (store/ maps it to the
database's one key for the entity across stories). Each entity keeps its articles, aliases and role.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..model import Entity, StoryAnalysis
from ..text.names import TITLE, display_name, initials, is_acronym, name_key
from .context import StoryContext
from .readings import Readings

TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
         "NORP": "group", "EVENT": "event", "PRODUCT": "other", "LAW": "other"}
ALIASES = {
    "us": "United States", "u.s": "United States", "u.s.": "United States", "usa": "United States",
    "u.s.a.": "United States", "united states": "United States", "america": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "nyt": "The New York Times", "new york times": "The New York Times",
    "the new york times": "The New York Times", "the new york time": "The New York Times",
    "new york time": "The New York Times",
    "un": "United Nations", "u.n.": "United Nations", "united nations": "United Nations", "eu": "European Union",
}
TITLES = TITLE   # titles and ranks before a name, as text/names.py strips them
NUMBERED = re.compile(r"\b((?:Unit|Flight|Resolution|Article|Apollo|Operation|Route|Highway|Block|Team|Squadron|Brigade|Division|Regiment|Battalion|Camp|Cell)\s+\d{1,6})\b")
PERSON_TITLE = re.compile(r"^(?:president|mr\.?|mrs\.?|ms\.?|miss|dr\.?|sen\.?|senator|rep\.?|gov\.?|governor|mayor|"
                          r"prime minister|judge|pope|king|queen)\s+[A-Z]\w+$", re.IGNORECASE)   # 'President Obama' as an ORG
PERSON_MARK = "\0person"
SPEECH_AFTER = {"said", "says", "told", "tells", "added", "indicated", "stated", "explained", "noted", "announced",
                "insisted", "argued", "warned", "confirmed", "denied", "tweeted", "wrote", "recalled", "replied"}
PLACE_BEFORE = {"in", "at", "near", "outside", "inside", "across", "around", "into", "from", "towards", "toward"}
FACILITY = re.compile(r"\b(?:clinic|hospital|stadium|arena|theat(?:re|er)|church|cathedral|mosque|airport|park|"
                      r"street|avenue|road|bridge|hotel|prison|jail|mall|square|plaza|island|glacier|mountain|river|"
                      r"lake|valley|beach|canal|harbou?r|tower)$", re.IGNORECASE)
FACILITY_OR_BODY = re.compile(r"\b(?:center|centre)$", re.IGNORECASE)   # a rehab center, or a counterterrorism center
ORG_TAIL = re.compile(r"\b(?:police|department|council|party|ministry|office|agency|commission|committee|court|"
                      r"company|corp|inc|university|college|association|union|bank|fund|group|service|services|"
                      r"network|magazine|newspaper|times|post|journal|news|airlines?|board|authority|army|navy|"
                      r"force|forces|guard|team|club|institute|foundation|society|league|federation)$", re.IGNORECASE)
# the plural that ends a company's name, not a team's nickname ('Qatar Airways', 'Texas Instruments')
BUSINESS_PLURAL = re.compile(r"\b(?:airways|railways|lines|industries|holdings|technologies|systems|motors|partners|resources|"
                             r"studios|records|communications|instruments|networks|solutions|enterprises|properties|"
                             r"securities|investments|laboratories|labs|pharmaceuticals|foods|brands|stores|hotels|resorts|"
                             r"mills|energies|airlines|services|forces|times|news|games|pictures|entertainment)$", re.IGNORECASE)
GENERIC_TAIL = re.compile(r"^(?:(?:treatment|medical|recovery|rehab(?:ilitation)?|research|health|community|"
                          r"national|international|news)\s+)*(?:center|centre|clinic|hospital|institute|foundation|"
                          r"corporation|company|group|agency|park|stadium|island|province|county|district|region|"
                          r"prefecture|governorate|oblast|sea|ocean)$", re.IGNORECASE)   # not 'city': Kansas City is no Kansas


@dataclass
class NamedEntity:
    """An entity as the story's articles name it; `as_entity` is what is shown."""
    key: str
    name: str
    type: str
    mentions: int = 0
    articles: set = field(default_factory=set)
    aliases: set = field(default_factory=set)
    role: str = "subject"
    titles: set = field(default_factory=set)   # 'president', 'defence minister': how the articles title them
    placed: bool = False                        # some mention stands as a place ('in X')

    def as_entity(self) -> Entity:
        return Entity(self.key, self.name, self.type, mentions=self.mentions, articles=sorted(self.articles),
                      aliases=sorted(self.aliases), role=self.role)


@dataclass
class Mention:
    article: str
    pos: int            # where in the text read (title line first)
    surface: str
    label: str
    title: str = ""     # 'President' when the text titles the person so
    before: str = ""    # the word before it, lower case ('in', 'the')
    lead: bool = False  # opens a sentence or a line
    in_title: bool = False
    after: str = ""     # the word after it, lower case ('said')
    name: str = ""
    group: int = -1


def _canon(name: str) -> str:
    return ALIASES.get(name.lower(), ALIASES.get(name.lower().rstrip("."), name))


class EntityIndex:
    """Mentions -> entities; `lookup(phrase)` finds the entity a phrase names."""

    def __init__(self):
        self.entities: dict[str, NamedEntity] = {}
        self.alias_to_key: dict[str, str] = {}

    # ---- building ---------------------------------------------------------------------------
    @classmethod
    def build(cls, mentions: list[Mention], lower_words: set[str] | None = None) -> "EntityIndex":
        """The story's entities from its mentions in reading order (each article's in text order).
        `lower_words`: words the story's text writes in lower case (so 'Following' is no name)."""
        ms = [replace(m, group=-1) for m in mentions if TYPES.get(m.label)]   # the caller's mentions stay as given
        for m in ms:
            m.name = _canon(display_name(m.surface, m.label))
        ms = [m for m in ms if len(m.name) >= 2 and any(c.isalpha() for c in m.name) and m.name.lower() not in ("the", "a")]
        ms = _without_capitalised_words(ms, lower_words or set())
        _trim_stuck_words(ms, lower_words or set())
        ms = _without_pairings(ms)
        _whole_names(ms)
        _facility_short_forms(ms)
        groups = _Groups()
        _resolve_people(ms, groups)
        _resolve_others(ms, groups)
        index = cls()
        for members in groups.members().values():
            index._add_entity(members)
        return index

    def _add_entity(self, members: list[Mention]) -> None:
        etype = _type_of(members)
        person = etype == "person"
        names = Counter(m.name for m in members)
        name = max(names, key=lambda n: (_well_formed(n), min(len(n.split()), 4), names[n], n))
        key = name_key(name, person) or name.lower()
        if key in self.entities and self.entities[key].type != etype:   # a place and a person 'Houston'
            key = f"{key} ({etype})"
        if key in self.entities:
            e = self.entities[key]
            e.mentions += len(members)
            e.articles |= {m.article for m in members}
        else:
            e = NamedEntity(key, name, etype, mentions=len(members), articles={m.article for m in members})
        e.placed = e.placed or any(_as_place(m) for m in members)
        for m in members:
            surface = m.surface.strip()
            if "\n" not in surface and len(surface) <= 80:
                e.aliases.add(surface)
            e.aliases.add(m.name)
            if m.title and person:
                e.titles.add(re.sub(r"^the\s+", "", m.title.strip(), flags=re.IGNORECASE).lower())
        self.entities[key] = e
        for alias in e.aliases | {name}:
            self.alias_to_key.setdefault(alias.lower(), key)
            self.alias_to_key.setdefault(name_key(alias, person), key)

    # ---- reading (claims) ---------------------------------------------------------------------
    def lookup(self, phrase: str) -> NamedEntity | None:
        name = _canon(display_name(phrase))
        for k in (name.lower(), phrase.strip().lower(), name_key(name), name_key(name, True)):
            key = self.alias_to_key.get(k)
            if key and key in self.entities:
                return self.entities[key]
        # longest alias contained in the phrase
        best = None
        low = " " + phrase.lower() + " "
        for alias, key in self.alias_to_key.items():
            if len(alias) > 2 and f" {alias} " in low and key in self.entities:
                if best is None or len(alias) > len(best[0]):
                    best = (alias, key)
        return self.entities[best[1]] if best else None

    def titled(self, phrase: str) -> NamedEntity | None:
        """The one person the story gives this bare title ('the President' -> 'President Donald Trump'),
        or None when none or several carry it."""
        title = re.sub(r"^the\s+", "", phrase.strip(), flags=re.IGNORECASE).lower()
        if not title or not TITLES.match(title + " x"):
            return None
        found = {e.key for e in self.entities.values() if e.type == "person"
                 for t in e.titles if t == title or t.endswith(" " + title)}
        return self.entities[found.pop()] if len(found) == 1 else None


class _Groups:
    """Union-find over mention groups."""

    def __init__(self):
        self.parent: list[int] = []
        self.items: dict[int, list[Mention]] = defaultdict(list)

    def new(self, m: Mention) -> int:
        self.parent.append(len(self.parent))
        self.put(m, len(self.parent) - 1)
        return len(self.parent) - 1

    def put(self, m: Mention, g: int) -> None:
        m.group = g
        self.items[g].append(m)

    def find(self, g: int) -> int:
        while self.parent[g] != g:
            self.parent[g] = self.parent[self.parent[g]]
            g = self.parent[g]
        return g

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[b] = a

    def members(self) -> dict[int, list[Mention]]:
        out: dict[int, list[Mention]] = defaultdict(list)
        for g, ms in self.items.items():
            out[self.find(g)] += ms
        return out


def _words(name: str) -> list[str]:
    return name_key(name, True).split()


def _without_capitalised_words(ms: list[Mention], lower_words: set[str]) -> list[Mention]:
    """A one-word 'name' only ever met opening a sentence or in a headline, which the story also writes in
    lower case ('Plane', 'Police'), is a word, not a name."""
    where: dict[str, set] = defaultdict(set)
    for m in ms:
        if len(m.name.split()) == 1 and not is_acronym(m.name):
            where[m.name.lower()].add(m.lead or m.in_title)
    words = {w for w, places in where.items() if places == {True} and w in lower_words}
    return [m for m in ms if m.name.lower() not in words] if words else ms


def _without_pairings(ms: list[Mention]) -> list[Mention]:
    """Two names the model read as one: joined by a hyphen, each a name of the story on its own ('the Kuala
    Lumpur-Beijing flight', 'Israel-Gaza'), is a pairing (a route, a match), not an entity: left out; run
    across a comma into a person the story names ('southwest of Perth, Snidvongs said'): two names, cut at
    the comma."""
    alone = {name_key(m.name) for m in ms if "-" not in m.name and "," not in m.surface}
    people: set[str] = set()      # the story's people: full keys and surnames
    for m in ms:
        if m.label == "PERSON" and (key := name_key(m.name)):
            people.update((key, key.split()[-1]))
    out = []
    for m in ms:
        parts = [p.strip() for p in _PAIRED.split(m.name)]
        if len(parts) == 2 and all(p[:1].isupper() and name_key(p) in alone for p in parts):
            continue
        head, comma, tail = m.surface.partition(", ")
        tail = tail.strip()
        if comma and m.label != "PERSON" and name_key(tail) in people and head[:1].isupper():
            out.append(replace(m, surface=tail, pos=m.pos + len(head) + 2, label="PERSON", name=_canon(display_name(tail, "PERSON")),
                               title="", before=""))
            m.surface, m.name = head, _canon(display_name(head, m.label))
        out.append(m)
    return out


_PAIRED = re.compile(r"(?<=[a-z])-(?=[A-Z])")


def _whole_names(ms: list[Mention]) -> None:
    """A name the model cut short before the next word of a name the story writes whole ('KUALA' of a
    dateline's 'KUALA LUMPUR', where the story names Kuala Lumpur): the whole name, as the story writes it."""
    whole: dict[str, Mention] = {}
    for m in ms:
        if len(m.name.split()) > 1:
            whole.setdefault(name_key(m.name), m)
    for m in ms:
        if len(m.name.split()) == 1 and m.after and (w := whole.get(f"{name_key(m.name)} {m.after}")):
            m.name, m.label = w.name, w.label


def _trim_stuck_words(ms: list[Mention], lower_words: set[str]) -> None:
    """A headline in Title Case ('Kellerman Hires Odile Brack') gives the longest part of the name that the
    story's sentences use ('Odile Brack'), when they never use the whole; a sentence's first word stuck to a
    name ('Following Brack') is dropped when the story writes it in lower case and the rest is a name (or a
    surname) of the story."""
    in_text = Counter(name_key(m.name) for m in ms if not m.in_title)   # outside Title Case lines
    inside = Counter(name_key(m.name) for m in ms if not m.in_title and not m.lead)   # within a sentence
    known = Counter(name_key(m.name) for m in ms)
    people = Counter(name_key(m.name) for m in ms if m.label == "PERSON" and len(m.name.split()) > 1)
    people.update(k.split()[-1] for k in list(people))
    known.update(people)
    for m in ms:
        words = m.name.split()
        if len(words) < 2:
            continue
        if m.in_title and not in_text[name_key(m.name)]:
            parts = [" ".join(words[i:j]) for i in range(len(words)) for j in range(len(words), i, -1)
                     if (i, j) != (0, len(words)) and in_text[name_key(" ".join(words[i:j]))]]
            if parts:
                m.name = max(parts, key=lambda p: (len(p.split()), in_text[name_key(p)]))
                continue
        while len(words) > 1 and words[0].lower() in lower_words and not inside[name_key(m.name)] and \
                (people[name_key(" ".join(words[1:]))] or ((m.lead or m.label == "PERSON") and known[name_key(" ".join(words[1:]))])):
            words = words[1:]
            m.name = " ".join(words)


def _facility_short_forms(ms: list[Mention]) -> None:
    """'at Betty Ford' where the story names the 'Betty Ford Center': the place, not the person; so is a bare
    'Betty Ford' there that no title, 'said' or 'who' shows to be a person."""
    prefixes = set()
    for m in ms:
        w = name_key(m.name).split()
        for i in range(1, len(w)):
            if GENERIC_TAIL.match(" ".join(w[i:])):
                prefixes.add(" ".join(w[:i]))
                break
    personal = {name_key(m.name) for m in ms if m.title or m.after in SPEECH_AFTER or m.after == "who"}
    for m in ms:   # 'at Betty Ford'; 'Betty Ford' that nothing in the story shows to be a person
        if m.label == "PERSON" and name_key(m.name) in prefixes and (_as_place(m) or name_key(m.name) not in personal):
            m.label = "FAC"


def _compatible_first(a: str, b: str) -> bool:
    """'Fred'/'Frederick', 'W.'/'William', 'Mark'/'Mark': first names that may be the same person's."""
    a, b = a.strip("."), b.strip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


def _same_person(x: list[str], y: list[str]) -> bool:
    """Full names (word lists, same surname) of one person: one holds the other's words, or their first
    names agree ('Fred LaRue', 'Frederick C. LaRue')."""
    if set(x) <= set(y) or set(y) <= set(x):
        return True
    return _compatible_first(x[0], y[0])


def _join_misspelt(by_key: dict[str, int], groups: _Groups) -> None:
    """'Duncan Raite' and 'Duncan Robert Rait', 'Heidar Alishvandi' and 'Heydar Alishbandi': one person
    when the surnames differ by a letter or two (5 letters or more) and the first names agree or nearly."""
    keys = sorted(by_key, key=lambda k: -len(groups.items[by_key[k]]))
    for i, k in enumerate(keys):
        kw = k.split()
        for j in keys[:i]:
            jw = j.split()
            if kw[-1] == jw[-1] or min(len(kw[-1]), len(jw[-1])) < 5 or fuzz.ratio(kw[-1], jw[-1]) < 80:
                continue
            if _compatible_first(kw[0], jw[0]) or fuzz.ratio(kw[0], jw[0]) >= 80:
                groups.union(by_key[j], by_key[k])
                break


def _resolve_people(ms: list[Mention], groups: _Groups) -> None:
    full = [m for m in ms if m.label == "PERSON" and len(_words(m.name)) > 1 and not ORG_TAIL.search(m.name)
            and not FACILITY.search(m.name) and not FACILITY_OR_BODY.search(m.name)]   # 'Surrey Police', 'Betty Ford Center' taken for people
    # 2. full names: same key, then the same surname with compatible words
    by_key: dict[str, int] = {}
    for m in full:
        k = name_key(m.name, True)
        if k in by_key:
            groups.put(m, by_key[k])
        else:
            by_key[k] = groups.new(m)
    by_last: dict[str, list[str]] = defaultdict(list)
    for k in by_key:
        by_last[k.split()[-1]].append(k)
    for last, keys in by_last.items():
        keys.sort(key=lambda k: -len(groups.items[by_key[k]]))
        for i, k in enumerate(keys):
            # the best-named compatible full name before it in this order (most mentioned first)
            matches = [j for j in keys[:i] if _same_person(k.split(), j.split())]
            distinct = {groups.find(by_key[j]) for j in matches}
            if len(distinct) == 1:
                groups.union(distinct.pop(), by_key[k])
    _join_misspelt(by_key, groups)
    # 3. one word: the nearest full name of its article, else the story's most named one
    fulls_in: dict[str, list[Mention]] = defaultdict(list)
    for m in full:
        fulls_in[m.article].append(m)
    sizes = {g: len(v) for g, v in groups.members().items()}
    story_best: dict[tuple[int, str], int] = {}   # (surname -1 or first name 0, word) -> most named full name
    for m in full:
        g, w = groups.find(m.group), _words(m.name)
        for slot, word in ((-1, w[-1]), (0, w[0])):
            cur = story_best.get((slot, word))
            if cur is None or sizes[g] > sizes[cur]:
                story_best[(slot, word)] = g
    for m in ms:
        if m.group >= 0:
            continue
        w = _words(m.name)
        if len(w) != 1 or not (m.label == "PERSON" or _may_be_surname(m)):
            continue
        joined = by_key.get(f"{m.before} {w[0]}")   # 'Angus [Houston]': the model saw only the surname
        target = groups.find(joined) if joined is not None else _nearest_full(m, w[0], fulls_in.get(m.article, []), groups)
        if target is None and (m.label == "PERSON" or m.after in SPEECH_AFTER):   # 'Houston said' 
            target = story_best.get((-1, w[0]))
            target = story_best.get((0, w[0])) if target is None else target
        if target is not None:
            groups.put(m, target)


def _as_place(m: Mention) -> bool:
    """'in X', 'at the X': a place's position."""
    return m.before.split(" ")[0] in PLACE_BEFORE


def _with_article(m: Mention) -> bool:
    """'the X': no person's name."""
    return m.before.split(" ")[-1] == "the"


def _may_be_surname(m: Mention) -> bool:
    """A one-word name the model labelled otherwise may still be a person's surname, unless it stands as a
    place ('in Houston') or an organisation ('the Colts')."""
    return m.label in ("ORG", "GPE", "NORP", "LOC", "PRODUCT") and not _as_place(m) and not _with_article(m)


def _gender(title: str) -> str:
    t = title.strip().lower().rstrip(".")
    return "m" if t.endswith(" mr") or t == "mr" else "f" if t.split()[-1:] in (["mrs"], ["ms"], ["miss"]) else ""


def _nearest_full(m: Mention, word: str, fulls: list[Mention], groups: _Groups) -> int | None:
    """The full name a one-word name stands for in its article; 'Mr Jenkin' never a woman the article
    calls 'Miss Jenkin' or 'Mrs Jenkin' (nor the reverse)."""
    g = _gender(m.title) if m.title else ""
    if g:
        fulls = [f for f in fulls if _gender(f.title or "") in ("", g) and
                 all(_gender(x.title) in ("", g) for x in groups.items[f.group] if x.title)]
    before = [f for f in fulls if f.pos < m.pos]
    after = [f for f in fulls if f.pos > m.pos]
    for slot in (-1, 0):
        if slot == 0 and m.label != "PERSON":   # a first name alone: only where the model saw a person
            break
        for f in sorted(before, key=lambda f: -f.pos) + sorted(after, key=lambda f: f.pos):
            if _words(f.name)[slot] == word:
                return groups.find(f.group)
    return None


def _resolve_others(ms: list[Mention], groups: _Groups) -> None:
    # the same name of several words is one entity whatever the model labelled it ('Betty Ford Center' as a
    # person and as a place); one word may be a person and a place ('Houston'): kept apart (marked key)
    by_key: dict[str, int] = {name_key(m.name, True): groups.find(m.group) for m in ms
                              if m.group >= 0 and len(_words(m.name)) > 1}
    teams = _teams_of_places(ms)
    for m in sorted(ms, key=lambda m: m.label == "GPE"):   # teams before the places they are named after
        if m.group >= 0:
            continue
        team = teams.get(name_key(m.name)) if m.label == "GPE" and not _as_place(m) else None
        if team is not None and team in by_key:   # 'Indianapolis beat Kansas City': the Colts
            groups.put(m, by_key[team])
            continue
        if len(_words(m.name)) == 1 and m.label == "PERSON":
            k = name_key(m.name) + PERSON_MARK
        else:   # a name as written, else as a person's key ('Warren S. Jeffs' labelled otherwise)
            k = next((x for x in (name_key(m.name), name_key(m.name, True)) if x in by_key), name_key(m.name))
        if k in by_key:
            groups.put(m, by_key[k])
        else:
            by_key[k] = groups.new(m)
    for k, g in list(by_key.items()):   # 'SEACOM' the model once took for a person: the organisation
        plain = by_key.get(k.removesuffix(PERSON_MARK)) if k.endswith(PERSON_MARK) else None
        if plain is not None and (is_acronym(groups.items[g][0].name) or
                                  _family(groups.items[plain]) in ("organisation", "group")):
            groups.union(plain, g)
    person_groups = {groups.find(m.group) for m in ms if m.label == "PERSON" and len(_words(m.name)) > 1}
    names = {k.removesuffix(PERSON_MARK): v for k, v in by_key.items() if groups.find(v) not in person_groups}
    # 4a. acronyms: written out next to the name ('US Geological Survey (USGS)') or the initials of one name
    spelled = {}
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in ms:
        by_article[m.article].append(m)
    for arts in by_article.values():
        arts.sort(key=lambda m: m.pos)
        for m, nxt in zip(arts, arts[1:]):
            if nxt.before == "(" and is_acronym(nxt.name) and not is_acronym(m.name) and 0 < nxt.pos - (m.pos + len(m.surface)) <= 3:
                spelled[name_key(nxt.name)] = name_key(m.name)
    for k, g in list(names.items()):
        if len(k.split()) != 1:
            continue
        acr = k.upper()
        rep = next(m for m in groups.items[g]).name
        if not is_acronym(rep):
            continue
        target = spelled.get(k)
        if target is None:
            cands = {groups.find(v) for kk, v in names.items() if kk != k and len(kk.split()) > 1 and
                     any(initials(n).upper() == acr for m in groups.items[v] for n in (m.name, "The " + m.name))}
            target_g = cands.pop() if len(cands) == 1 else None
        else:
            target_g = groups.find(names[target]) if target in names else None
        if target_g is not None and target_g != groups.find(g):
            groups.union(target_g, g)
    _join_near_identical(names, groups)
    # 4b. a short form the one longer name ending with it; a name the one longer name adding a generic word
    keys = sorted(names, key=lambda k: -len(k.split()))
    for k in keys:
        kw = k.split()
        if not kw:
            continue
        generic = {groups.find(names[j]) for j in keys if len(j.split()) > len(kw) and j.split()[:len(kw)] == kw
                   and GENERIC_TAIL.match(" ".join(j.split()[len(kw):]))}
        for target in generic:     # 'Betty Ford', 'Betty Ford Center', 'Betty Ford Clinic': one place
            groups.union(target, names[k])
        if generic:
            continue
        longer = {groups.find(names[j]) for j in keys if len(j.split()) > len(kw) and (j.split()[-len(kw):] == kw or (
            len(kw) == 1 and j.split()[:2] == [kw[0], "of"]))}   # 'Colts': 'Indianapolis Colts'; 'the Academy': 'Academy of ...' 
        if len(longer) == 1:
            target = longer.pop()
            if _family(groups.items[names[k]]) != "place" or _family(groups.items[target]) == "place":
                groups.union(target, names[k])


def _teams_of_places(ms: list[Mention]) -> dict[str, str]:
    """Place key -> the key of the one team named after it in the story ('indianapolis' -> 'indianapolis
    colts'): a name that adds a plural nickname ('Colts', 'Red Sox') to a place the story names."""
    places = {name_key(m.name) for m in ms if m.label == "GPE"}
    found: dict[str, set] = defaultdict(set)
    for m in ms:
        words = m.name.split()
        if ORG_TAIL.search(m.name) or BUSINESS_PLURAL.search(m.name):
            continue     # 'Malaysia Airlines', 'Texas Instruments': a company named after a place, not a team
        for i in range(1, len(words)):
            head, rest = name_key(" ".join(words[:i])), words[i:]
            if head in places and all(w[:1].isupper() for w in rest) and re.search(r"(?:[^s]s|Sox)$", rest[-1]):
                found[head].add(name_key(m.name))
    return {p: teams.pop() for p, teams in found.items() if len(teams) == 1}


def _join_near_identical(names: dict[str, int], groups: _Groups) -> None:
    """'Central Election Commission' and 'Central Elections Commission': long names (three words or more)
    that differ by a letter or two are one."""
    long_ = [k for k in names if len(k.split()) >= 3]
    for i, k in enumerate(long_):
        for j in long_[:i]:
            if fuzz.ratio(k, j) >= 94:
                groups.union(names[j], names[k])


def _family(members: list[Mention]) -> str:
    return Counter(TYPES.get(m.label, "other") for m in members).most_common(1)[0][0]


def _type_of(members: list[Mention]) -> str:
    """Person, organisation, place or group by the evidence of all the entity's mentions."""
    votes: Counter = Counter()
    for m in members:
        t = TYPES.get(m.label, "other")
        votes[t] += 1
        if m.title and t != "person":   # 'President Obama', 'Mr. Klitschko'
            votes["person"] += 1.5
        if _as_place(m) and t != "person":
            votes["place"] += 0.5
    at = any(_as_place(m) for m in members)   # 'checked into the Kelso Center': the building
    fac = sum(bool(FACILITY.search(m.name) or (FACILITY_OR_BODY.search(m.name) and (m.label != "ORG" or at))) for m in members)
    if fac * 2 > len(members):
        return "place"
    if sum(bool(ORG_TAIL.search(m.name)) for m in members) * 2 > len(members):
        return "organisation"
    if any(m.label == "PERSON" and len(_words(m.name)) > 1 and not _with_article(m) for m in members):
        return "person"
    if votes["person"] and any(_with_article(m) for m in members):   # 'the Jaguars', 'the Tar Heels'
        votes["organisation"] += votes.pop("person")
    if votes.get("other") and len(votes) > 1:
        del votes["other"]
    best = max(votes, key=lambda t: (votes[t], t in ("person", "organisation", "place")))
    return "organisation" if best == "other" and any(m.label == "ORG" for m in members) else best


def _well_formed(name: str) -> bool:
    """A name to show: no line break, not all in capitals unless an acronym, starts with a capital."""
    return "\n" not in name and name[:1].isupper() and (not name.isupper() or is_acronym(name))


TITLE_BEFORE = re.compile(r"\b" + TITLES.pattern[1:] + r"$", re.IGNORECASE)   # a title just before a name
NER_CHARS = 4000      # the lead names who and where; later text adds little but costs much
NER_ARTICLES = 30


def find_entities(ctx: StoryContext, nlp, readings: Readings | None = None) -> EntityIndex:
    """The story's names, from its first NER_ARTICLES articles; an article read before (`readings`)
    is not read by the model again."""
    readings = readings if readings is not None else Readings()
    arts = ctx.articles[:NER_ARTICLES]
    texts = {a.id: (a.display_title + "\n" + a.clean_text[:NER_CHARS]).strip() for a in arts}
    unread = [a for a in arts if readings.get(a.id, "names", texts[a.id]) is None]
    distinct = list(dict.fromkeys(texts[a.id] for a in unread))   # copies word for word are read once
    # the NER component has a token-vector layer of its own: the shared one (for the tagger and parser) would
    # be computed for nothing (38% of the reading time on Multi-News)
    with nlp.select_pipes(enable=["ner"]):
        names = {text: _names_in(doc) for text, doc in zip(distinct, nlp.pipe(distinct, batch_size=16))}
    for a in unread:
        readings.put(a.id, "names", texts[a.id], names[texts[a.id]])
    lower_words = {w for t in texts.values() for w in re.findall(r"\b[a-z][a-z'-]+\b", t)}
    read = {a.id: _with_acronyms(texts[a.id], readings.get(a.id, "names", texts[a.id])) for a in arts}
    known = _StoryNames(read, lower_words)
    mentions = []
    for a in arts:
        heads = _headline_lines(texts[a.id])
        text = texts[a.id]
        for surface, label, title, pos, before, lead in read[a.id] + known.missed(text, read[a.id]):
            after = re.match(r"[\W_]{0,3}([A-Za-z]+)", text[pos + len(surface):pos + len(surface) + 24])
            mentions.append(Mention(a.id, pos, surface, label, title, before, bool(lead),
                                    any(s <= pos < e for s, e in heads), after.group(1).lower() if after else ""))
    return EntityIndex.build(mentions, lower_words)


ACRONYM_AFTER = re.compile(r"\s*\((?:the\s+)?([A-Z][A-Za-z]?[A-Z]{1,5})\)")


def _with_acronyms(text: str, found: list) -> list:
    """The names found, and the acronym a text gives in brackets right after one ('the Main Intelligence
    Directorate (GRU)'), which the model seldom reads as a name of its own."""
    extra = []
    for surface, label, _, pos, *_ in found:
        m = ACRONYM_AFTER.match(text, pos + len(surface))
        if m and label in ("ORG", "GPE", "FAC", "NORP", "LOC") and not any(p == m.start(1) for _, _, _, p, *_ in found):
            extra.append([m.group(1), label, "", m.start(1), "(", False])   # 'before' "(": in brackets after a name
    return found + extra if extra else found


class _StoryNames:
    """Names the model found somewhere in the story, to find where it missed them ('Hollings told reporters'
    after 'Bruce Hollings'): the full names of people and their surnames (not a word the story also writes
    in lower case), and organisations and places of several words or in capitals. Built once per story."""

    def __init__(self, read: dict[str, list], lower_words: set[str]):
        self.label_of: dict[str, Counter] = defaultdict(Counter)
        for names in read.values():
            for surface, label, *_ in names:
                name = surface.strip()
                if "\n" in name or not name[:1].isupper():
                    continue
                words = name.split()
                if label == "PERSON" and len(words) > 1:
                    self.label_of[name][label] += 1
                    if len(words[-1]) > 2 and words[-1].lower() not in lower_words and words[-1][0].isupper():
                        self.label_of[words[-1]][label] += 1
                elif label in ("ORG", "GPE", "LOC", "FAC") and (len(words) > 1 or (name.isupper() and len(name) > 2)):
                    self.label_of[name][label] += 1
        self.rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(self.label_of, key=len, reverse=True))) +
                             r")(?![\w-])") if self.label_of else None

    def missed(self, text: str, found: list) -> list[list]:
        """Mentions of the story's names in `text` that `found` (the model's, there) does not cover."""
        if self.rx is None:
            return []
        taken = [(pos, pos + len(surface)) for surface, _, _, pos, *_ in found]
        out = []
        for m in self.rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            label = self.label_of[m.group(1)].most_common(1)[0][0]
            out.append(_mention_fields(text, m.group(1), label, m.start()))
            taken.append((m.start(), m.end()))
        return out


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines written in Title Case ('Colts Beat Chiefs In Overtime'): their capitals say
    nothing about names."""
    out, start = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if w.lower() not in SMALL_WORDS]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "as", "is"}


def _names_in(doc) -> list[list]:
    """[surface, label, title, offset, word before, opens a sentence or line] of each name in one article,
    in order; the title ('President') only for a person the text titles ('President Donald Trump', inside
    the name or just before it)."""
    text = doc.text   # spaCy joins the tokens again on every read of doc.text
    out = [_mention_fields(text, ent.text, ent.label_, ent.start_char) for ent in doc.ents if ent.label_ in TYPES]
    out += [[m.group(1), "ORG", "", m.start(1), "", False] for m in NUMBERED.finditer(text)]
    return out


def _mention_fields(text: str, surface: str, label: str, start: int) -> list:
    """[surface, label, title, offset, word before, opens a sentence or line] of a name at `start`."""
    # a title inside a person's name, or just before any name ('President Obama' that the model took for an organisation)
    title = (TITLES.match(surface) if label == "PERSON" else PERSON_TITLE.match(surface)) or \
        TITLE_BEFORE.search(text, max(0, start - 60), start)
    prev = text[max(0, start - 40):start]
    word = re.search(r"([A-Za-z]+)\W*$", prev)
    if word and word.group(1).lower() == "the":   # 'at the X': the preposition before 'the' too
        word2 = re.search(r"([A-Za-z]+)\W*$", prev[:word.start()])
        return [surface, label, title.group(0) if title else "", start,
                ((word2.group(1).lower() + " ") if word2 else "") + "the", False]
    lead = not prev.strip() or bool(re.search(r"(?:[.!?:\n][\"'”’]?\s*|[\"“]\s*)$", prev))
    return [surface, label, title.group(0) if title else "", start,
            word.group(1).lower() if word and not re.search(r"[.!?:\n]\s*$", prev) else "", lead]


def entity_list(index: EntityIndex, speakers: set[str]) -> list[Entity]:
    out = []
    for e in index.entities.values():
        if e.key in speakers:
            e.role = "speaker"
            if e.type == "place" and not e.placed:   # a 'place' that speaks and is never a place: an organisation
                e.type = "organisation"
        elif e.type == "place":
            e.role = "place"
        out.append(e.as_entity())
    out.sort(key=lambda d: (-len(d.articles), -d.mentions, d.name))
    return out


def link_entities(analysis: StoryAnalysis, keys: dict[str, tuple[str, str]]) -> StoryAnalysis:
    """The analysis with its entity keys (and types) replaced by the database's (`keys`: story key ->
    (registry key, type)), in its entities and in the claims that name them as speakers."""
    for e in analysis.entities:
        e.key, e.type = keys.get(e.key, (e.key, e.type))
    for c in analysis.claims:
        c.speaker_key = keys.get(c.speaker_key, (c.speaker_key, ""))[0]
    return analysis
