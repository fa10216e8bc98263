"""The entity registry: one key for each person, organisation and place across stories and runs.

A story's analysis names its entities with keys of its own (their normalised names). Before it is saved,
`entity_keys` maps each to the key the database already gives that entity, looked up by its names:
- the same key, or a name of several words met before under a key, for an entity of the same family
  (a person, or anything else: an organisation and a place of one name are one, a person and a place not);
- a person named by one word only ('Jeffs') takes the one registered person known by that word, or
  the one of several who is in DOMINANT times more stories than any other ('Obama'); an organisation
  named by that one word likewise (the model's label for a lone surname is often wrong);
- a name meeting several registered entities takes the one most of its names point to, none on a tie;
- otherwise the entity is new: its own key, or its key with its type when another family holds that key
  ('houston (person)' beside the city).
`register` records the story's entities (in the saving transaction): their names, and the fullest name
to show. Methods of `Store`.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone

from ..model import Entity


def _family(etype: str) -> str:
    return "person" if etype == "person" else "other"


def _names(e: Entity) -> set[str]:
    """The names an entity may be found by elsewhere: its key and name, its aliases of several words (a
    person's surname alone could be a relative's)."""
    names = {e.key.lower(), e.name.lower()}
    names |= {a.lower() for a in e.aliases if len(a.split()) > 1 or e.type != "person"}
    return {n for n in names if n}


def entity_keys(self, entities: list[Entity]) -> dict[str, tuple[str, str]]:
    """The story's entity key -> (the registry's key for that entity, its type); new ones keep theirs."""
    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for e in entities:
        fam = _family(e.type)
        found = _known_key(self, e, fam)
        if found is None or found[0] in taken:
            key = e.key
            row = self.db.execute("SELECT type FROM entity_registry WHERE key = ?", (key,)).fetchone()
            if (row and _family(row[0]) != fam) or key in taken:
                key = f"{e.key} ({e.type})"
            found = (key, e.type)
        taken.add(found[0])
        out[e.key] = found
    return out


DOMINANT = 3   # a surname alone is the registered person who bears it in this many times more stories than any other


def _known_key(self, e: Entity, fam: str) -> tuple[str, str] | None:
    row = self.db.execute("SELECT type FROM entity_registry WHERE key = ?", (e.key,)).fetchone()
    if row and _family(row[0]) == fam:
        return e.key, e.type
    one_word = len(e.name.split()) == 1
    if one_word and fam == "person":
        person = _bearer(self, e.name.lower())
        return (person, "person") if person else None
    if one_word and e.type in ("organisation", "group") and not row and not self.db.execute(
            "SELECT 1 FROM entity_names WHERE family = 'other' AND name = ?", (e.name.lower(),)).fetchone():
        person = _bearer(self, e.name.lower(), DOMINANT)
        if person is not None:   # 'Obama' the model took for an organisation, in a story that never names him in full
            return person, "person"
    names = sorted(_names(e))
    votes: Counter = Counter()
    for chunk in range(0, len(names), 200):
        part = names[chunk:chunk + 200]
        q = ",".join("?" * len(part))
        for (k,) in self.db.execute(f"SELECT key FROM entity_names WHERE family = ? AND name IN ({q})", (fam, *part)):
            votes[k] += 1
    if not votes:
        return None
    best = votes.most_common(2)
    return (best[0][0], e.type) if len(best) == 1 or best[0][1] > best[1][1] else None


def _bearer(self, word: str, at_least: int = 1) -> str | None:
    """The registered person a surname alone names: the only one known by it, or the one in DOMINANT times
    more stories than any other ('Obama': Barack Obama, not Michelle Obama)."""
    keys = [k for (k, name) in self.db.execute(
        "SELECT s.key, r.name FROM entity_surnames s JOIN entity_registry r ON r.key = s.key WHERE s.word = ?", (word,))
            if len(name.split()) > 1]   # a person registered by one word only names nobody further
    stories = sorted(((self.db.execute("SELECT count(*) FROM entities WHERE key = ?", (k,)).fetchone()[0], k) for k in keys),
                     reverse=True) + [(0, None)]
    if not keys or stories[0][0] < at_least:
        return None
    return stories[0][1] if len(keys) == 1 or stories[0][0] >= DOMINANT * max(1, stories[1][0]) else None


def register(self, entities: list[Entity]) -> None:
    """Record the story's entities (keys already the registry's) and their names; inside a transaction."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for e in entities:
        row = self.db.execute("SELECT name FROM entity_registry WHERE key = ?", (e.key,)).fetchone()
        if row is None:
            self.db.execute("INSERT INTO entity_registry(key, name, type, updated_at) VALUES(?,?,?,?)",
                            (e.key, e.name, e.type, now))
        elif len(e.name.split()) > len(row[0].split()):   # the fullest name met is the one shown
            self.db.execute("UPDATE entity_registry SET name = ?, updated_at = ? WHERE key = ?", (e.name, now, e.key))
        self.db.executemany("INSERT OR IGNORE INTO entity_names(name, key, family) VALUES(?,?,?)",
                            [(n, e.key, _family(e.type)) for n in _names(e) | {a.lower() for a in e.aliases}])
        if e.type == "person":
            self.db.executemany("INSERT OR IGNORE INTO entity_surnames(word, key) VALUES(?,?)",
                                [(w, e.key) for w in {n.split()[-1] for n in {e.name.lower(), *(a.lower() for a in e.aliases)} if n.split()}])


def relink_lone_names(self, story_ids: list[str]) -> int:
    """After a run's analyses: a story that named a person by one word only ('Obama'), saved before the
    run registered whom that word names, takes that person's key now (and a one-word 'organisation' the
    model made of a well-known surname likewise). Returns how many entities changed."""
    changed = 0
    for sid in story_ids:
        rows = self.db.execute("SELECT key, name, type FROM entities WHERE story_id = ?", (sid,)).fetchall()
        mapping = {}
        for key, name, etype in rows:
            if len(name.split()) != 1 or etype not in ("person", "organisation", "group"):
                continue
            if etype != "person" and self.db.execute(
                    "SELECT 1 FROM entity_names WHERE family = 'other' AND name = ? AND key != ?", (name.lower(), key)).fetchone():
                continue
            target = _bearer(self, name.lower(), 1 if etype == "person" else DOMINANT)
            if target and target != key:
                mapping[key] = target
        if mapping:
            with self.tx():
                _rekey_story(self, sid, mapping)
            changed += len(mapping)
    return changed


def _rekey_story(self, sid: str, mapping: dict[str, str]) -> None:
    row = self.db.execute("SELECT analysis_json FROM story_analysis WHERE story_id = ?", (sid,)).fetchone()
    if row is None:
        return
    a = json.loads(row[0])
    by_key = {e["key"]: e for e in a.get("entities", [])}
    for old, new in mapping.items():
        e = by_key.pop(old, None)
        if e is None:
            continue
        if new in by_key:   # the story names him in full too: one entity
            t = by_key[new]
            t["mentions"] += e["mentions"]
            t["articles"] = sorted(set(t["articles"]) | set(e["articles"]))
            t["aliases"] = sorted(set(t["aliases"]) | set(e["aliases"]))
        else:
            e["key"], e["type"] = new, "person"
            by_key[new] = e
    a["entities"] = sorted(by_key.values(), key=lambda e: (-len(e["articles"]), -e["mentions"], e["name"]))
    for c in a.get("claims", []):
        c["speaker_key"] = mapping.get(c["speaker_key"], c["speaker_key"])
    self.db.execute("UPDATE story_analysis SET analysis_json = ? WHERE story_id = ?", (json.dumps(a, ensure_ascii=False), sid))
    self.db.execute("DELETE FROM entities WHERE story_id = ?", (sid,))
    self.db.executemany("INSERT OR REPLACE INTO entities(story_id, key, name, type, role, mentions) VALUES(?,?,?,?,?,?)",
                        [(sid, e["key"], e["name"], e["type"], e.get("role", "subject"), e["mentions"]) for e in a["entities"]])
    self.db.executemany("INSERT OR IGNORE INTO entity_names(name, key, family) VALUES(?,?,?)",
                        [(alias.lower(), new, "person") for new in set(mapping.values()) if new in by_key
                         for alias in by_key[new]["aliases"]])
