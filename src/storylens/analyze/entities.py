"""Entities of a story: people, organisations, places (spaCy NER), merged under canonical names
("Trump", "President Donald Trump" -> Donald Trump; "NSC" -> National Security Council; "U.S." ->
United States), with the articles that mention them and their role (speaker, subject, place)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Entity
from .context import StoryContext
from .readings import Readings

TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
         "NORP": "group", "EVENT": "event", "PRODUCT": "other", "LAW": "other"}
TITLES = re.compile(
    r"^(?:the\s+)?(?:(?:former|acting|new|late|then|u\.?s\.?|us|russian|british|belgian|deputy|vice|chief|senior)\s+)*"
    r"(?:president|prime minister|minister|defen[cs]e secretary|defen[cs]e minister|secretary of state|secretary|"
    r"secretary-general|secretary general|general|gen\.|sen\.|senator|rep\.|representative|gov\.|governor|mr\.?|"
    r"mrs\.?|ms\.?|dr\.?|chancellor|spokeswoman|spokesman|special representative for \w+|leader|chairman|director|"
    r"ambassador|judge|justice|king|queen|prince|pope|officer|colonel|col\.|lt\.|sgt\.|admiral|adm\.|commander|"
    r"foreign minister|mayor|envoy|russian leader)\s+", re.IGNORECASE)
ALIASES = {
    "us": "United States", "u.s": "United States", "u.s.": "United States", "usa": "United States",
    "united states": "United States", "america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "nyt": "The New York Times", "new york times": "The New York Times",
    "the new york times": "The New York Times", "the new york time": "The New York Times",
    "un": "United Nations", "u.n.": "United Nations", "eu": "European Union",
}
NUMBERED = re.compile(r"\b((?:Unit|Flight|Resolution|Article|Apollo|Operation|Route|Highway|Block|Team|Squadron|Brigade|Division|Regiment|Battalion|Camp|Cell)\s+\d{1,6})\b")


@dataclass
class NamedEntity:
    """An entity as the story's articles are read (merged as names come); `as_entity` is what is shown."""
    key: str
    name: str
    type: str
    mentions: int = 0
    articles: set = field(default_factory=set)
    aliases: set = field(default_factory=set)
    role: str = "subject"
    titles: set = field(default_factory=set)   # 'president', 'defence minister': how the articles title them

    def as_entity(self) -> Entity:
        return Entity(self.key, self.name, self.type, mentions=self.mentions, articles=sorted(self.articles),
                      aliases=sorted(self.aliases), role=self.role)


def _clean(text: str) -> str:
    t = re.sub(r"['’]s$", "", text.strip())
    t = TITLES.sub("", t)
    t = re.sub(r"^the\s+", "", t, flags=re.IGNORECASE)
    return t.strip(" .,;:\"“”'")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper() and w.lower() not in ("of", "and", "the", "for"))


class EntityIndex:
    """Mentions -> canonical entities; `lookup(phrase)` finds the entity a phrase names."""

    def __init__(self):
        self.entities: dict[str, NamedEntity] = {}
        self.alias_to_key: dict[str, str] = {}

    def add(self, surface: str, label: str, article_id: str) -> None:
        etype = TYPES.get(label)
        if not etype:
            return
        name = _clean(surface)
        if len(name) < 2 or not any(c.isalpha() for c in name):
            return
        canon = ALIASES.get(name.lower(), name)
        key = self.alias_to_key.get(canon.lower()) or self.alias_to_key.get(name.lower())
        if key is None:
            key = canon.lower()
            self.entities[key] = NamedEntity(key, canon, etype)
        e = self.entities[key]
        e.mentions += 1
        e.articles.add(article_id)
        e.aliases.add(surface.strip())
        self.alias_to_key[name.lower()] = key
        self.alias_to_key[canon.lower()] = key

    def merge_variants(self) -> None:
        """Surname -> full name for people; acronym -> expansion for organisations."""
        people = [e for e in self.entities.values() if e.type == "person"]
        by_last: dict[str, list[NamedEntity]] = {}
        for e in people:
            by_last.setdefault(e.name.split()[-1].lower(), []).append(e)
        for last, group in by_last.items():
            full = [e for e in group if len(e.name.split()) > 1]
            if len({e.name.lower() for e in full}) == 1 or (full and len(full) >= 1 and len({e.name.split()[0] for e in full}) == 1):
                target = max(full or group, key=lambda e: (len(e.name.split()), e.mentions))
                for e in group:
                    if e is not target:
                        self._merge(e, target)
        orgs = [e for e in self.entities.values() if e.type in ("organisation", "place", "group")]
        for short in [e for e in orgs if e.name.isupper() and 2 <= len(e.name) <= 6]:
            for long_ in orgs:
                if long_ is not short and long_.key in self.entities and _initials(long_.name) == short.name:
                    self._merge(short, long_)
                    break
            for long_ in orgs:   # "Main Intelligence Directorate (GRU)"
                if long_ is not short and long_.key in self.entities and short.key in self.entities and \
                        f"({short.name})" in " ".join(long_.aliases):
                    self._merge(short, long_)
                    break

    def _merge(self, src: NamedEntity, dst: NamedEntity) -> None:
        if src.key not in self.entities or src is dst:
            return
        dst.mentions += src.mentions
        dst.articles |= src.articles
        dst.aliases |= src.aliases | {src.name}
        dst.titles |= src.titles
        for alias, key in list(self.alias_to_key.items()):
            if key == src.key:
                self.alias_to_key[alias] = dst.key
        del self.entities[src.key]

    def lookup(self, phrase: str) -> NamedEntity | None:
        name = _clean(phrase)
        key = self.alias_to_key.get(ALIASES.get(name.lower(), name).lower()) or self.alias_to_key.get(name.lower())
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

    def note_title(self, surface: str, title: str) -> None:
        key = self.alias_to_key.get(_clean(surface).lower())
        if key in self.entities:
            self.entities[key].titles.add(re.sub(r"^the\s+", "", title.strip(), flags=re.IGNORECASE).lower())


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
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        for a, doc in zip(unread, nlp.pipe([texts[a.id] for a in unread], batch_size=16)):
            readings.put(a.id, "names", texts[a.id], _names_in(doc))
    index = EntityIndex()
    for a in arts:
        for surface, label, title in readings.get(a.id, "names", texts[a.id]):
            index.add(surface, label, a.id)
            if title:
                index.note_title(surface, title)
    index.merge_variants()
    return index


def _names_in(doc) -> list[list[str]]:
    """[surface, label, title] of each name in one article, in order; the title ('President') only for
    a person the text titles ('President Donald Trump', inside the name or just before it)."""
    text = doc.text   # spaCy joins the tokens again on every read of doc.text
    out = []
    for ent in (e for e in doc.ents if e.label_ in TYPES):   # dates, numbers: not names
        title = TITLES.match(ent.text) or TITLE_BEFORE.search(text, max(0, ent.start_char - 60), ent.start_char)
        out.append([ent.text, ent.label_, title.group(0) if ent.label_ == "PERSON" and title else ""])
    out += [[m.group(1), "ORG", ""] for m in NUMBERED.finditer(text)]
    return out


def entity_list(index: EntityIndex, speakers: set[str]) -> list[Entity]:
    out = []
    for e in index.entities.values():
        if e.key in speakers:
            e.role = "speaker"
        elif e.type == "place":
            e.role = "place"
        out.append(e.as_entity())
    out.sort(key=lambda d: (-len(d.articles), -d.mentions, d.name))
    return out
