"""Copies as one node: near-identical articles of the same days are grouped before the neighbour search.

A wire story reprinted by forty outlets would otherwise fill each article's short list of nearest
neighbours with its own reprints, and the other outlets' reporting of the event falls off the list:
the story breaks into pieces. Near-identical articles (term-vector cosine at least `min_similarity`,
dated within `window_days` of each other, or both undated) are found with MinHash LSH over their
term sets (dedup's MinHash set-up; candidates verified with the true cosine), and only the first of each group
takes part in the grouping: the group is one source, and its copies join the story it joins.
Headlines and short briefs (fewer than `min_terms` terms) read alike without being copies ('Stocks
fall on China data'), so they are copies only when their words are the same: one headline carried by
twenty feeds is one node, and the rest of its story stays on each article's neighbour list. A
headline reports its day's news, so its copies are of the same day (see `headline_day_discount`).
"""
from __future__ import annotations

import numpy as np

from ..dedup import lsh_index, signature
from .features import TermVector

NUM_PERM = 32
UNDATED = -1.0       # the window of articles without a date
SAME = 0.999         # short texts (a headline, a brief) are copies only with the very same words
LSH_THRESHOLD = 0.5   # Jaccard of the term sets at which LSH proposes a pair; the cosine decides


def cosine(a: TermVector, b: TermVector) -> float:
    """Dot product of two L2-normalised term vectors."""
    _, ia, ib = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    return float(a.vals[ia] @ b.vals[ib])


def is_copy(a: TermVector, b: TermVector, day_a: float, day_b: float, min_similarity: float, window_days: float,
            min_terms: int = 1, short_window_days: float | None = None) -> bool:
    """Whether two articles are near-identical copies: cosine at least `min_similarity` (the very same
    words when either has fewer than `min_terms` terms), dated within `window_days` of each other
    (`short_window_days` for short texts, None: the same) or both undated."""
    if np.isnan(day_a) != np.isnan(day_b):
        return False
    short = len(a) < min_terms or len(b) < min_terms
    window = window_days if not short or short_window_days is None else short_window_days
    if abs(day_a - day_b) > window:       # both undated: NaN, never over
        return False
    return cosine(a, b) >= (SAME if short else min_similarity)


def copy_groups(ids: list[str], vectors: list[TermVector], days: np.ndarray, min_similarity: float,
                window_days: float, min_terms: int = 1, short_window_days: float | None = None) -> dict[str, str]:
    """{copy id: id of the first article of its group} for the near-identical articles among `ids`
    (in order: the first of a group is the one that stays). Articles not listed are no one's copy.
    Short texts are copies only within `short_window_days` (0: of the same day; None: `window_days`)."""
    if min_similarity <= 0 or len(ids) < 2:
        return {}
    # one index per window of days (and one for undated articles): a copy is dated within `window_days`
    # of its first, so only this window's and the two next to it are asked, and the candidates a query
    # returns stay as many as one window holds, not as many as the whole corpus (near-linear at scale)
    indexes: dict[float, MinHashLSH] = {}
    first: dict[str, str] = {}
    for k, (aid, vec) in enumerate(zip(ids, vectors)):
        m = signature(vec.ids.tolist(), NUM_PERM)   # term ids are already 31-bit hashes
        slot = _slot(days[k], window_days)
        near = (slot,) if slot == UNDATED else (slot - 1, slot, slot + 1)
        # the earliest leader it copies (an LSH query answers in no fixed order)
        for j in sorted(int(o) for s in near if s in indexes for o in indexes[s].query(m)):
            if is_copy(vec, vectors[j], days[k], days[j], min_similarity, window_days, min_terms, short_window_days):
                first[aid] = ids[j]
                break
        if aid not in first:      # only group leaders are indexed: a copy is found through its leader
            if slot not in indexes:
                indexes[slot] = lsh_index(NUM_PERM, threshold=LSH_THRESHOLD)
            indexes[slot].insert(str(k), m)
    return first


def _slot(day: float, window_days: float) -> float:
    """The window of days an article falls in (UNDATED when it has no date: undated articles are
    copies of undated ones)."""
    return UNDATED if np.isnan(day) else float(day // max(window_days, 1.0))
