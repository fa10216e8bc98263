"""The story index kept between runs: each story's members, centroid (the sum of its articles' term
vectors), first and last dates; the articles' term vectors, dates, languages and headline vectors;
document frequencies. `join`, `leave` and `explain` keep it
consistent as articles move, and say why each article sits in its story. Saved to the store as arrays.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import math
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..model import Article, Membership
from ..text.temporal import parse_iso
from .features import SHORT_TERMS, TermVector, packed_vectors, term_matrix, unpacked_vectors

INDEX_MAGIC = b"storylens-index/2\n"   # the saved index's array form (older ones are JSON)
VOCAB_MAGIC = b"storylens-vocabulary/1\n"


@dataclass
class StoryState:
    id: str
    centroid: dict[int, float] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None


class StoryIndex:
    """Document frequencies, story centroids and the articles' vectors; saved to and loaded from the store."""

    def __init__(self):
        self.df: dict[int, int] = {}
        self.n_docs = 0
        self.stories: dict[str, StoryState] = {}
        self.vectors: dict[str, TermVector] = {}   # article vectors (for reassignment and explanations)
        self.dates: dict[str, str | None] = {}
        self.names: dict[int, str] = {}                 # term id -> readable term, for explanations
        self.story_of: dict[str, str] = {}
        self.dense: dict[str, object] = {}              # dense vectors of headline-only articles
        self.languages: dict[str, str] = {}             # article -> language, where known (for translations)

    # --- persistence -------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The index in its saved form: numeric parts as arrays (an .npz, no pickle), the rest as JSON,
        compressed. Saving and loading cost a few array copies, not a Python object per term weight,
        so a store of a long stream is written again after each batch in about a second."""
        articles = list(self.vectors)
        vecs = [self.vectors[a] for a in articles]
        dense_ids = list(self.dense)
        meta = {
            "n_docs": self.n_docs, "articles": articles, "dates": self.dates, "languages": self.languages,
            "names": list(self.names.values()), "dense": dense_ids,
            "stories": {s.id: {"members": s.members, "first": s.first, "last": s.last} for s in self.stories.values()},
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            "df_ids": np.fromiter(self.df.keys(), dtype=np.int64, count=len(self.df)),
            "df_n": np.fromiter(self.df.values(), dtype=np.int64, count=len(self.df)),
            "name_ids": np.fromiter(self.names.keys(), dtype=np.int64, count=len(self.names)),
            **dict(zip(("vec_len", "vec_ids", "vec_vals"), packed_vectors(vecs))),
            # dense vectors of headline-only articles (float16): later batches compare with them too
            "dense": (np.vstack([np.asarray(self.dense[a], np.float32) for a in dense_ids]).astype(np.float16)
                      if dense_ids else np.zeros((0, 0), np.float16)),
        }
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return INDEX_MAGIC + zlib.compress(buf.getvalue(), 1)

    @classmethod
    def from_bytes(cls, blob: bytes) -> "StoryIndex":
        if not blob.startswith(INDEX_MAGIC):
            return cls._from_json(blob)
        with np.load(io.BytesIO(zlib.decompress(blob[len(INDEX_MAGIC):])), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(arrays["meta"].tobytes())
        idx = cls()
        idx.df = dict(zip(arrays["df_ids"].tolist(), arrays["df_n"].tolist()))
        idx.n_docs = meta["n_docs"]
        idx.names = dict(zip(arrays["name_ids"].tolist(), meta["names"]))
        idx.dates = meta["dates"]
        idx.languages = meta["languages"]
        idx.vectors = dict(zip(meta["articles"], unpacked_vectors(arrays["vec_len"], arrays["vec_ids"], arrays["vec_vals"])))
        idx.dense = {a: row.astype(np.float32) for a, row in zip(meta["dense"], arrays["dense"])}
        idx._restore_stories(meta["stories"])
        return idx

    @classmethod
    def _from_json(cls, blob: bytes) -> "StoryIndex":
        """An index saved by storylens before the array form (zlib-compressed JSON)."""
        doc = json.loads(zlib.decompress(blob))
        idx = cls()
        idx.df = {int(k): v for k, v in doc["df"].items()}
        idx.n_docs = doc["n_docs"]
        idx.names = {int(k): v for k, v in doc["names"].items()}
        idx.dates = doc["dates"]
        idx.vectors = {a: TermVector({int(k): v for k, v in vec.items()}) for a, vec in doc["vectors"].items()}
        idx.dense = {a: np.frombuffer(base64.b64decode(v), np.float16).astype(np.float32)
                     for a, v in doc.get("dense", {}).items()}
        idx.languages = doc.get("languages", {})
        idx._restore_stories(doc["stories"])
        return idx

    def _restore_stories(self, stories: dict[str, dict]) -> None:
        """Stories and their centroids (sums of the members' vectors), from the saved members."""
        for sid, s in stories.items():
            st = self.restored_story(sid, s["members"], s["first"], s["last"])
            for a in st.members:
                self.story_of[a] = sid
            self.stories[sid] = st

    def restored_story(self, sid: str, members: list[str], first: str | None, last: str | None) -> StoryState:
        """A saved story as the index holds it: its centroid summed from its members' vectors."""
        st = StoryState(sid, members=list(members), first=first, last=last)
        vecs = [self.vectors[a] for a in st.members if a in self.vectors]
        if len(vecs) == 1:
            st.centroid = dict(vecs[0].items())
        elif vecs:
            terms, at = np.unique(np.concatenate([v.ids for v in vecs]), return_inverse=True)
            sums = np.bincount(at, weights=np.concatenate([v.vals for v in vecs]).astype(np.float64))
            st.centroid = {t: w for t, w in zip(terms.tolist(), sums.tolist()) if abs(w) >= 1e-9}
        return st

    # --- what grouping reads next ---------------------------------------------------------------
    def hold(self, stories=(), articles=()) -> None:
        """Make sure the index holds these stories whole (centroids; their members' vectors and dates) and
        these articles' vectors and dates: grouping says so before it reads them. An index loaded whole
        holds everything already; one that holds some stories by their members alone (the Spark engine's
        partial_index.py) loads them here."""

    def language_counts(self) -> Counter:
        """How many articles of the corpus are in each language (where known)."""
        return Counter(self.languages.values())

    def headline_members(self, sid: str) -> int:
        """How many of the story's members are headline-only (a term vector of fewer than SHORT_TERMS terms)."""
        return sum(1 for m in self.stories[sid].members if len(self.vectors.get(m, ())) < SHORT_TERMS)

    # --- the vocabulary alone: what an index kept as tables (the Spark engine) keeps beside them ---------
    def vocabulary_bytes(self, extra: dict) -> bytes:
        """The document frequencies, their count and the terms' names, with `extra` (JSON): the part of the
        index that is per term, not per article or story (stories and articles kept elsewhere)."""
        arrays = {
            "meta": np.frombuffer(json.dumps({"n_docs": self.n_docs, "names": list(self.names.values()),
                                              "extra": extra}).encode(), dtype=np.uint8),
            "df_ids": np.fromiter(self.df.keys(), dtype=np.int64, count=len(self.df)),
            "df_n": np.fromiter(self.df.values(), dtype=np.int64, count=len(self.df)),
            "name_ids": np.fromiter(self.names.keys(), dtype=np.int64, count=len(self.names)),
        }
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return VOCAB_MAGIC + zlib.compress(buf.getvalue(), 1)

    def take_vocabulary(self, blob: bytes) -> dict:
        """Set the document frequencies, their count and the names from `vocabulary_bytes`; returns its `extra`."""
        if not blob.startswith(VOCAB_MAGIC):
            raise ValueError("not a saved vocabulary")
        with np.load(io.BytesIO(zlib.decompress(blob[len(VOCAB_MAGIC):])), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(arrays["meta"].tobytes())
        self.df = dict(zip(arrays["df_ids"].tolist(), arrays["df_n"].tolist()))
        self.n_docs = meta["n_docs"]
        self.names = dict(zip(arrays["name_ids"].tolist(), meta["names"]))
        return meta["extra"]


def _add(target: dict[int, float], vec: dict[int, float], sign: float) -> None:
    for k, v in vec.items():
        nv = target.get(k, 0.0) + sign * v
        if abs(nv) < 1e-9:
            target.pop(k, None)
        else:
            target[k] = nv


def story_id(first_article: str) -> str:
    return "st-" + hashlib.blake2b(first_article.encode(), digest_size=4).hexdigest()


def date_of(a: Article) -> str | None:
    """The article's publication day (not an inferred one), as a UTC day when the time has a zone:
    two feeds stamping one moment in New York and in London put it on the same day."""
    fs = a.meta.get("published")
    value = str(fs.value) if fs and not fs.inferred else a.published
    return utc_day(value) if value else None


def utc_day(value: str) -> str:
    """'2014-03-10T23:30:00-05:00' -> '2014-03-11'; a date, or a time without a zone, as written."""
    if len(value) > 10:
        try:
            t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value[:10]
        if t.tzinfo is not None:
            return t.astimezone(dt.timezone.utc).date().isoformat()
    return value[:10]


def join(index: StoryIndex, sid: str, aid: str | list[str]) -> None:
    """The article (or articles) join the story; its centroid and dates follow."""
    index.hold(stories=[sid])
    st = index.stories[sid]
    for aid in [aid] if isinstance(aid, str) else aid:
        st.members.append(aid)
        _add(st.centroid, index.vectors[aid], 1.0)
        index.story_of[aid] = sid
        d = index.dates.get(aid)
        if d:
            st.first = min(st.first or d, d)
            st.last = max(st.last or d, d)


def leave(index: StoryIndex, sid: str, aid: str | list[str]) -> None:
    """The article (or articles) leave the story; a story left empty is gone."""
    st = index.stories[sid]
    leaving = [aid] if isinstance(aid, str) else list(dict.fromkeys(aid))   # in order: the same sums every run
    gone, members = set(leaving), set(st.members)
    if not gone <= members:
        raise ValueError(f"not in story {sid}: {sorted(gone - members)[:3]}")
    if gone == members:
        for a in st.members:
            index.story_of.pop(a, None)
        del index.stories[sid]
        return
    index.hold(stories=[sid])
    st.members = [m for m in st.members if m not in gone]
    for aid in leaving:
        _add(st.centroid, index.vectors[aid], -1.0)
        index.story_of.pop(aid, None)
    dates = [index.dates.get(m) for m in st.members if index.dates.get(m)]
    st.first, st.last = (min(dates), max(dates)) if dates else (None, None)


def forget(index: StoryIndex, ids: list[str]) -> None:
    """These articles leave the index (a new version of each is grouped again as a new article): out
    of their stories, their vectors and dates gone. The document frequencies keep counting their
    earlier words once (the weights of the corpus's words move by one article in thousands)."""
    for aid in ids:
        sid = index.story_of.get(aid)
        if sid is not None:
            leave(index, sid, aid)
        for table in (index.vectors, index.dates, index.dense, index.languages):
            table.pop(aid, None)


def nearest_member(index: StoryIndex, members: list[str]) -> list[tuple[str | None, float]]:
    """Each member's most similar other member (term-vector dot product), as a sparse product in chunks."""
    M = term_matrix([index.vectors.get(aid) or TermVector({}) for aid in members])
    out: list[tuple[str | None, float]] = []
    for start in range(0, len(members), 1000):
        S = (M[start:start + 1000] @ M.T).tocsr()
        for r in range(S.shape[0]):
            lo, hi = S.indptr[r], S.indptr[r + 1]   # (the row's entries in their stored order, as getrow gives them)
            keep = S.indices[lo:hi] != start + r
            idx, vals = S.indices[lo:hi][keep], S.data[lo:hi][keep]
            if len(idx):
                best = int(np.argmax(vals))
                out.append((members[idx[best]], float(vals[best])))
            else:
                out.append((None, 0.0))
    return out


def _days_outside(date: str | None, first: str | None, last: str | None) -> int | None:
    """How many days `date` lies before `first` or after `last` (0 within; None when a date is unknown)."""
    d, a, b = parse_iso(date), parse_iso(first), parse_iso(last)
    if d is None or a is None or b is None:
        return None
    return max((a - d).days, (d - b).days, 0)


def explain(index: StoryIndex, sid: str) -> list[Membership]:
    """Why each article is in its story: similarity to the rest of the story (its centroid without the
    article), the terms they share most, the closest other article, and the time gap."""
    index.hold(stories=[sid])
    st = index.stories[sid]
    if len(st.members) == 1:
        return [Membership(st.members[0], 1.0, [], None, "only article of this story so far")]
    c = st.centroid
    c2 = sum(v * v for v in c.values())
    nearest = nearest_member(index, st.members)
    # every member's weights against the centroid at once (sums in each vector's order, as a loop would)
    vecs = [index.vectors.get(aid) or TermVector({}) for aid in st.members]
    lengths = np.fromiter((len(v) for v in vecs), dtype=np.int64, count=len(vecs))
    ids = np.concatenate([v.ids for v in vecs]).astype(np.int64)
    vals = np.concatenate([v.vals for v in vecs]).astype(np.float64)
    row = np.repeat(np.arange(len(vecs)), lengths)
    cids = np.fromiter(c.keys(), dtype=np.int64, count=len(c))
    cvals = np.fromiter(c.values(), dtype=np.float64, count=len(c))
    order = np.argsort(cids)
    cids, cvals = cids[order], cvals[order]
    pos = np.minimum(np.searchsorted(cids, ids), max(len(cids) - 1, 0))
    cw = np.where(cids[pos] == ids, cvals[pos], 0.0) if len(cids) else np.zeros(len(ids))
    cv = np.bincount(row, vals * cw, minlength=len(vecs))
    v2 = np.bincount(row, vals * vals, minlength=len(vecs))
    # the terms each shares most with the rest of the story: by weight x the rest's weight, then term id
    rest = cw - vals
    keep = np.nonzero(rest > 1e-9)[0]
    top = keep[np.lexsort((-ids[keep], -(vals[keep] * rest[keep]), row[keep]))]
    starts = np.searchsorted(row[top], np.arange(len(vecs)))
    ends = np.searchsorted(row[top], np.arange(len(vecs)), "right")
    out = []
    for n, (aid, (near, near_sim)) in enumerate(zip(st.members, nearest)):
        # the rest of the story = centroid - vec: its norm and dot product follow without copying it
        rnorm = math.sqrt(max(c2 - 2 * cv[n] + v2[n], 0.0)) or 1.0
        sim = float((cv[n] - v2[n]) / rnorm)
        names = [index.names.get(k, "?") for k in ids[top[starts[n]:min(ends[n], starts[n] + 6)]].tolist()]
        gap = _days_outside(index.dates.get(aid), st.first, st.last)
        gap_txt = f"; {gap} days from the story's other dates" if gap else ""
        out.append(Membership(aid, round(sim, 3), names, near,
                              f"similarity {sim:.2f} to the rest of the story; shares {', '.join(names[:4])}; "
                              f"closest to {near} ({near_sim:.2f}){gap_txt}"))
    return out


def day_of(date: str | None) -> float | None:
    """The day number of an index date (as `day_numbers` counts it), None when there is none."""
    d = parse_iso(date) if date else None
    return float(d.toordinal()) if d is not None else None


def day_numbers(dates: list) -> np.ndarray:
    """Day numbers of the nodes' dates (NaN where a node has none), for vectorised time gaps."""
    return np.array([d.toordinal() if d is not None else np.nan for d in dates], dtype=np.float64)


def time_discount(d1: float, d2: np.ndarray, window: float, other_day: float | np.ndarray = 1.0) -> np.ndarray:
    """1 within `window` days, falling to 0.5 at 3 windows apart and 0.25 from 4 windows (four weeks, by
    default) on; 1 when either date is unknown. An event is one happening: a month apart, alike words
    alone (the same market report, the same recurring headline) count a quarter; developing stories
    are linked across weeks as storylines (shared rare names), not grouped as one event.
    `other_day` (one value, or one per candidate): a further share kept by pairs of different days
    (two headlines: a feed's title reports its day's news)."""
    gap = np.abs(d2 - d1)
    out = np.where(gap <= window, 1.0, np.maximum(0.25, 1.0 - (gap - window) / (4 * window)))
    out = np.where(gap >= 1, out * other_day, out)
    return np.where(np.isnan(gap), 1.0, out)
