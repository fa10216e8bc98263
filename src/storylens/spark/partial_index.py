"""The story index of the stories a batch reaches: what a Spark run's driver holds of an index kept as
tables (stored.py), instead of the whole of it.

An incremental run reads few of the stored stories: the ones its articles were in (a new version leaves
its story), the ones its candidate edges reach (found on the executors against every stored article:
reopened, or fixed groups of the average-link), and the ones a copy joins. `PartialIndex` starts with
the vocabulary (document frequencies, names) and loads those stories as the edges reach them
(`load_stories_of`). One process's grouping (cluster_graph) then runs on it unchanged: it holds the
stories in the saved index's order (`seq`), so the graph's nodes come in the order one process gives
them, and `in index.stories` also answers for the stories it did not load (a new story's id must be new
to all of them).

Most reached stories are read by their members alone: the average-link needs of a fixed story only its
size and how many of its members are headline-only (counted on the executors), and reopening ranks
stories by the edges' weights. A story is read whole (its members' vectors, dates and headline vectors,
its centroid summed) when grouping says it reads it (`hold`): the batch's own earlier stories (a new
version leaves its story), the stories that take articles or copies, and the articles compared (the
reopened ones, a new article's nearest earlier ones, which it may copy). So the driver's share of the
store is bounded by what the batch changes, not by how many stories its weak edges touch.

`rows()` gives what the tables take after the run: every story it changed or made (a story that kept
its place keeps its `seq`; one made, or made again after it emptied, goes last, as in a dict), and a
row saying a loaded story is gone. Translations are looked for across the stored articles on the
executors (spark/translations.py); the stories of the candidates found are loaded like the others.
"""
from __future__ import annotations

from collections import Counter

from ..cluster import StoryIndex, StoryState, story_id
from .stored import take_articles

__all__ = ["PartialIndex"]


class _Stories(dict):
    """The stories loaded (or made) so far. `sid in stories` also answers for the ones not loaded: a
    loaded story that is gone is gone; another is looked up in the tables (`exists(ids) -> set`)."""

    def __init__(self, exists, any_stored: bool):
        super().__init__()
        self.exists, self.any_stored = exists, any_stored
        self.loaded: set[str] = set()
        self.known: dict[str, bool] = {}

    def __contains__(self, sid) -> bool:
        if dict.__contains__(self, sid):
            return True
        if sid in self.loaded:
            return False
        if sid not in self.known:
            self.learn([sid])
        return self.known[sid]

    def learn(self, sids) -> None:
        """Ask the tables at once which of these ids are stories (the ids a batch's new stories may take)."""
        ask = [s for s in dict.fromkeys(sids) if s not in self.known and s not in self.loaded and not dict.__contains__(self, s)]
        if ask:
            found = self.exists(ask)
            self.known.update((s, s in found) for s in ask)

    def __bool__(self) -> bool:
        return self.any_stored or dict.__len__(self) > 0


class PartialIndex(StoryIndex):
    """A StoryIndex holding the vocabulary and the stories loaded from `kept` (a stored.KeptIndex): most by
    their members alone (`light`: the members' count of headline-only articles known, their vectors not
    loaded), whole when grouping says it reads them (`hold`)."""

    def __init__(self, kept, vocabulary: bytes):
        super().__init__()
        extra = self.take_vocabulary(vocabulary)
        self.kept = kept
        self.languages_stored = Counter(extra["languages"])
        self.next_seq, self.n_stored = int(extra["next_seq"]), int(extra["stories"])
        self.stories = _Stories(kept.existing_stories, self.n_stored > 0)
        self.seq: dict[str, int] = {}
        self.loaded: dict[str, object] = {}             # story -> the StoryState loaded (a new one: made again)
        self.loaded_as: dict[str, tuple] = {}           # story -> (members, first, last) as loaded
        self.light: dict[str, int] = {}                 # story loaded by its members alone -> its headline-only count
        self.languages_loaded: Counter = Counter()
        self.asked: set[str] = set()                    # articles whose story has been looked up

    def load_stories_of(self, ids, whole: bool = False) -> int:
        """Load the stories that hold these articles (those not looked up yet), by their members (`whole`:
        with their members' vectors); the index then holds its stories in the saved order. Returns how
        many stories were loaded."""
        ask = [i for i in dict.fromkeys(ids) if i not in self.asked]
        self.asked.update(ask)
        rows = [r for r in self.kept.stories_holding(ask, counts=not whole) if r["id"] not in self.stories.loaded]
        # the ids the batch's new stories may take (a story's id is its first article's): asked at once
        self.stories.learn(story_id(a) for a in ask + [a for r in rows for a in r["members"]])
        return self._take(rows, whole)

    def hold(self, stories=(), articles=()) -> None:
        """The loaded stories among `stories` made whole (their members' rows read, centroids summed), and
        `articles`' rows read: what grouping reads next (the rest stay by their members alone)."""
        whole = [s for s in dict.fromkeys(stories) if self.is_light(s)]
        members = [a for s in whole for a in dict.__getitem__(self.stories, s).members]
        self._take_articles([a for a in dict.fromkeys([*members, *articles]) if a not in self.vectors])
        for sid in whole:
            st = dict.__getitem__(self.stories, sid)
            st.centroid = self.restored_story(sid, st.members, st.first, st.last).centroid
            del self.light[sid]

    def headline_members(self, sid: str) -> int:
        return self.light[sid] if self.is_light(sid) else super().headline_members(sid)

    def is_light(self, sid: str) -> bool:
        """Whether the story is held by its members alone (loaded so, not made whole, not made again since)."""
        return sid in self.light and dict.get(self.stories, sid) is self.loaded[sid]

    def _take_articles(self, ids: list[str]) -> None:
        got = list(self.kept.article_rows(ids).itertuples(index=False)) if ids else []
        take_articles(self, got)
        self.languages_loaded.update(r.language for r in got if r.language is not None)

    def _take(self, rows, whole: bool) -> int:
        if not rows:
            return 0
        members = [a for r in rows for a in r["members"]]
        self.asked.update(members)
        if whole:
            self._take_articles([a for a in members if a not in self.vectors])
        for r in rows:
            if whole:
                st = self.restored_story(r["id"], list(r["members"]), r["first"], r["last"])
            else:
                st = StoryState(r["id"], members=list(r["members"]), first=r["first"], last=r["last"])
                self.light[r["id"]] = int(r["short"])
            dict.__setitem__(self.stories, r["id"], st)
            self.stories.loaded.add(r["id"])
            self.loaded[r["id"]], self.seq[r["id"]] = st, int(r["seq"])
            self.loaded_as[r["id"]] = (tuple(st.members), st.first, st.last)
        # the saved order: stories by seq (made ones last, as made), their members in order
        order = sorted(dict.keys(self.stories), key=lambda s: self.seq.get(s, float("inf")))
        held = [(s, dict.__getitem__(self.stories, s)) for s in order]
        dict.clear(self.stories)
        dict.update(self.stories, held)
        self.story_of = {a: s for s, st in held for a in st.members}
        return len(rows)

    def rows(self) -> tuple[list[tuple], int]:
        """The story rows (id, seq, members or None, first, last) the run leaves (a loaded story that did
        not change has its row already), and the next seq."""
        out, seq = [], self.next_seq
        for sid, st in dict.items(self.stories):
            if self.loaded.get(sid) is st:
                if (tuple(st.members), st.first, st.last) != self.loaded_as[sid]:
                    out.append((sid, self.seq[sid], list(st.members), st.first, st.last))
            else:
                out.append((sid, seq, list(st.members), st.first, st.last))
                seq += 1
        out += [(sid, self.seq[sid], None, None, None) for sid in sorted(self.stories.loaded)
                if not dict.__contains__(self.stories, sid)]
        return out, seq

    def language_counts(self) -> Counter:
        return self.languages_now()

    def languages_now(self) -> Counter:
        """The corpus's language counts after the run (the loaded articles' counted again as they are now)."""
        return self.languages_stored - self.languages_loaded + Counter(self.languages.values())

    def stories_now(self) -> int:
        return self.n_stored - len(self.stories.loaded) + dict.__len__(self.stories)

    def to_bytes(self) -> bytes:
        raise TypeError("a partial index is saved as table rows (rows()), never as a whole blob")
