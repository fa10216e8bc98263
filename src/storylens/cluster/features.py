"""Article features for grouping: weighted terms and names, hashed to stable integer ids.

Terms are content words of the title (counted twice) and the first `lead_words` words of the clean
text; names (capitalised phrases not at a sentence start) are added as extra features with a boost,
because two events of the same kind (two earthquakes) differ mostly in who and where.
"""
from __future__ import annotations

import functools
import math
import re
import zlib

import numpy as np
import wordfreq
from scipy import sparse

from ..model import Article
from ..text.tokens import ENGLISH_STOPWORDS, WORD, stem

NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’\-]+(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'’\-]+)*)")
_CAPS_STOP = {"The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "I", "But", "And", "This",
              "That", "Mr", "Mrs", "Ms", "Dr", "After", "Before", "As", "If", "When", "While", "According", "For",
              "His", "Her", "Its", "Their", "Our", "There", "Some", "Many", "More", "Most", "One", "Two", "Three"}
MONTHS_DAYS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@functools.lru_cache(maxsize=200_000)
def prior_idf(term: str) -> float:
    """How rare a term is in general language (wordfreq's Zipf scale, 0 = unseen, 8 = 'the'), as an
    idf prior: a small corpus cannot tell that 'bounty' is rarer than 'said', general usage can.
    Squared, so that rare words (names, 'bounty') outweigh the shared backdrop of a region's news
    ('Afghanistan', 'troops') when the corpus is too small to say so itself."""
    words = term.lstrip("@").split()
    zipf = sum(wordfreq.zipf_frequency(w, "en") for w in words) / max(1, len(words))
    return (max(0.3, 7.0 - zipf) if zipf > 0 else 6.0) ** 2.0


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) & 0x7FFFFFFF


def names_in(text: str) -> list[str]:
    out = []
    for m in NAME.finditer(text):
        parts = [p for p in m.group(1).split() if p not in _CAPS_STOP and p not in MONTHS_DAYS]
        if parts:
            out.append(" ".join(parts).lower())
    return out


def _word(token: str) -> str | None:
    lw = token.lower()
    for suffix in ("'s", "’s", "’", "'"):
        if lw.endswith(suffix):
            lw = lw[: -len(suffix)]
    if lw in ENGLISH_STOPWORDS or len(lw) < 3 or lw.isdigit():
        return None
    return stem(lw)


def article_terms(article: Article, lead_words: int = 300, name_boost: float = 1.0) -> dict[str, float]:
    """Raw term weights (before idf) of an article. News puts the event in the title and lead, so a
    word counts more the earlier it comes (2 in the title, 1.5 in the first 50 words, falling to 0.5
    by word 300). Multi-word names (people, places) are extra features: 'jens stoltenberg' is a
    stronger sign of the same event than 'stoltenberg' and 'jens' apart."""
    default = lead_words == 300 and name_boost == 1.0
    if default and article.terms is not None:
        return article.terms.as_dict()
    counts: dict[str, float] = {}
    title = article.display_title
    for t in WORD.findall(title):
        w = _word(t)
        if w:
            counts[w] = counts.get(w, 0.0) + 2.0
    body_tokens = WORD.findall(article.clean_text or "")[:lead_words]
    for pos, t in enumerate(body_tokens):
        w = _word(t)
        if w:
            weight = 1.5 if pos < 50 else max(0.5, 1.5 - (pos - 50) / 250)
            counts[w] = counts.get(w, 0.0) + weight
    lead_text = " ".join((article.clean_text or "").split()[:lead_words])
    for text, w in ((title, 2.0), (lead_text, 1.0)):
        for n in names_in(text):
            if " " in n:
                key = "@" + n
                counts[key] = counts.get(key, 0.0) + w * name_boost
    if default:
        article.terms = TermCounts(counts)
    return counts


def n_terms(article: Article) -> int:
    """How many distinct terms `article_terms` finds (cached with them)."""
    if article.terms is None:
        article_terms(article)
    return len(article.terms)


class TermCounts:
    """An article's raw term weights, kept compactly (one string, one float32 array: about a tenth of a
    dict's memory), so a big input's terms can all be held while its document frequencies are counted."""
    __slots__ = ("joined", "counts")

    def __init__(self, counts: dict[str, float]):
        self.joined = "\x1f".join(counts)
        self.counts = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))

    def __len__(self) -> int:
        return len(self.counts)

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.joined.split("\x1f"), self.counts.tolist())) if len(self.counts) else {}


class TermVector:
    """A weighted term vector (term ids and weights as arrays), read like a dict of {term id: weight}."""
    __slots__ = ("ids", "vals")

    def __init__(self, weights: dict[int, float]):
        self.ids = np.fromiter(weights.keys(), dtype=np.int32, count=len(weights))
        self.vals = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))

    @classmethod
    def of(cls, ids: np.ndarray, vals: np.ndarray) -> "TermVector":
        """A vector over these arrays (int32 term ids, float32 weights), as they are."""
        vec = cls.__new__(cls)
        vec.ids, vec.vals = ids, vals
        return vec

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, tid: int) -> bool:
        return bool((self.ids == tid).any())

    def items(self):
        return zip(self.ids.tolist(), self.vals.tolist())

    def keys(self) -> list[int]:
        return self.ids.tolist()

    def values(self) -> list[float]:
        return self.vals.tolist()


def packed_vectors(vectors: list[TermVector]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectors as three flat arrays (lengths, term ids, weights): the index's saved form and the Spark
    engine's broadcast; `unpacked_vectors` reverses it."""
    lengths = np.fromiter((len(v) for v in vectors), dtype=np.int64, count=len(vectors))
    ids = np.concatenate([v.ids for v in vectors]) if vectors else np.zeros(0, np.int32)
    vals = np.concatenate([v.vals for v in vectors]) if vectors else np.zeros(0, np.float32)
    return lengths, ids, vals


def unpacked_vectors(lengths: np.ndarray, ids: np.ndarray, vals: np.ndarray) -> list[TermVector]:
    bounds = np.cumsum(lengths)[:-1]
    return [TermVector.of(i, v) for i, v in zip(np.split(ids, bounds), np.split(vals, bounds))] if len(lengths) else []


def term_matrix(vectors: list[TermVector], columns: np.ndarray | None = None, column_of: np.ndarray | None = None,
                dtype=np.float32) -> sparse.csr_matrix:
    """The one sparse matrix of term vectors. Rows: the vectors; columns: the term ids in `columns`
    (sorted; every term of the vectors when None), other terms left out. With `column_of`, term
    `columns[k]` counts in column `column_of[k]` (several terms may share one)."""
    if columns is None:
        columns = np.unique(np.concatenate([v.ids for v in vectors])) if vectors else np.zeros(0, np.int32)
    width = int(column_of.max()) + 1 if column_of is not None and len(column_of) else len(columns)
    if not vectors or not len(columns):
        return sparse.csr_matrix((len(vectors), max(1, width)), dtype=dtype)
    lengths = np.fromiter((len(v) for v in vectors), dtype=np.int64, count=len(vectors))
    ids = np.concatenate([v.ids for v in vectors])
    vals = np.concatenate([v.vals for v in vectors]).astype(dtype, copy=False)
    pos = np.minimum(np.searchsorted(columns, ids), len(columns) - 1)
    ok = columns[pos] == ids
    rows = np.repeat(np.arange(len(vectors)), lengths)[ok]
    indptr = np.r_[0, np.cumsum(np.bincount(rows, minlength=len(vectors)))]
    cols = pos[ok] if column_of is None else column_of[pos[ok]]
    return sparse.csr_matrix((vals[ok], cols.astype(np.int32), indptr), shape=(len(vectors), width))


SHORT_TERMS = 15      # an article with fewer terms than this is headline-only for grouping

PRIOR_DOCS = 300.0
"""Until the corpus has about this many articles, general-language rarity weighs more than corpus idf."""


def weigh(counts: dict[str, float], df: dict[int, int], n_docs: int, top: int = 120) -> TermVector:
    """Sub-linear tf x idf, L2-normalised, pruned to the `top` heaviest terms. The idf blends the
    corpus's own document frequencies with the general-language prior, by corpus size."""
    vec = {}
    trust = n_docs / (n_docs + PRIOR_DOCS)
    for term, c in counts.items():
        tid = term_id(term)
        corpus_idf = math.log((n_docs + 1) / (df.get(tid, 0) + 1)) + 1.0
        idf = trust * corpus_idf + (1 - trust) * prior_idf(term)
        vec[tid] = (1.0 + math.log(c)) * idf if c >= 1 else c * idf
    if len(vec) > top:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:top])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return TermVector({k: v / norm for k, v in vec.items()})
