"""Two events in one group: a group of full articles that holds two happenings of the same kind splits.

Grouping on corpus-wide term weights puts two events of one kind together (two earthquakes in one
region, two fights of one boxer): what they share (the kind, the place, the famous name) is rare in the
whole corpus, so it outweighs what tells them apart. Inside the group those shared terms are common,
so the group is looked at again with local weights: each term weighed down by how many of the group's
articles carry it (a local idf), which leaves what differs (the other boxer, the date, the toll).
The group's main two-way cut (average link on the local weights; an odd article or two that the tree
cuts off first joins the half it is closest to) splits it when the two halves are far apart (mean
similarity between them under `ratio` x the mean within them) and each half has at least
`min_articles` articles; the halves keep a link to each other (same storyline). Two happenings of one
kind are at different times: halves both dated, in the same days, are two angles on one happening (the
shooting and the suspect's arraignment) and stay together. A group with no dates at all has no such
check, and words alone cut one event by its angles (the scene, the charge) about as readily as two
events of one kind: there the halves must be further apart (NO_DATES x `ratio`) to split.

Rewrites of one text (a wire story and its lightly edited reprints, FAMILY) are one voice here: they
count once in the local weights and in the means, and are never cut apart. Otherwise ten reprints of
one report read as an event of their own (alike within, unlike the other outlets' articles) and one
event with a wire family splits in two.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

from .features import TermVector, term_matrix

MAX_GROUP = 3000   # bigger groups are left as they are: the cut is quadratic in the group's size
MAX_CUT = 6        # the cut looks this deep into the tree for two parts of `min_articles` each
FAMILY = 0.5       # articles this similar (cosine on the group's own term weights) are rewrites of one text
SAME_DAYS = 2      # halves whose median dates are this close are one event's coverage, not two events
NO_DATES = 0.6     # a group with no dates at all splits only when its halves are this much further apart


def split_group(vectors: list[TermVector], ratio: float, min_articles: int,
                days: np.ndarray | None = None) -> list[list[int]]:
    """Positions of `vectors` in one part (no split) or two parts (two events). `days`: each article's
    day number (NaN: undated); halves dated in the same days are one event and do not split, and a group
    with no dates (or no `days`) needs a wider gap."""
    n = len(vectors)
    whole = [list(range(n))]
    if ratio <= 0 or n < 2 * min_articles or n > MAX_GROUP:
        return whole
    X = term_matrix(vectors, dtype=np.float64)
    # rewrites of one text (a wire story and its edited reprints) are one voice: they count once in
    # how common a term is in the group, and are cut as one, or a family of reprints reads as an event
    family = _families(X, n)
    m = int(family.max()) + 1
    if m < 2 * min_articles:     # too few independent texts to tell two events apart
        return whole
    F = _local(X, sparse.csr_matrix((np.ones(n), (family, np.arange(n))), shape=(m, n)))   # one row per family
    S = (F @ F.T).toarray()
    parts = _two_parts(S, np.bincount(family, minlength=m), min_articles)
    if parts is None:
        return whole
    a, b = parts
    if a.sum() < 2 or b.sum() < 2:     # one text and its reprints are one voice, not an event of their own
        return whole

    def within(mask: np.ndarray) -> float:
        k = int(mask.sum())
        sub = S[np.ix_(mask, mask)]
        return (sub.sum() - np.trace(sub)) / (k * (k - 1))

    first, second = np.flatnonzero(a[family]), np.flatnonzero(b[family])
    undated = days is None or bool(np.isnan(days).all())
    if S[np.ix_(a, b)].mean() >= ratio * (NO_DATES if undated else 1.0) * (within(a) + within(b)) / 2:
        return whole
    if days is not None and _same_days(days[first], days[second]):
        return whole
    return [first.tolist(), second.tolist()]


def _same_days(a: np.ndarray, b: np.ndarray) -> bool:
    """Both halves dated, and in the same days (median dates at most SAME_DAYS apart): two angles on
    one happening (the shooting and the suspect's charge), not two happenings of one kind."""
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    return bool(len(a) and len(b) and abs(np.median(a) - np.median(b)) <= SAME_DAYS)


def _two_parts(S: np.ndarray, sizes: np.ndarray, min_articles: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The group's main two-way cut: the average-link tree cut into ever more clusters until two hold
    at least `min_articles` articles each; the smaller clusters (outliers) join the part they are
    closest to, so one odd article does not make the cut. None when no such cut exists."""
    m = len(S)
    Z = linkage(np.clip(1.0 - S[np.triu_indices(m, 1)], 0.0, 2.0), "average")
    for k in range(2, min(m, MAX_CUT) + 1):
        labels = fcluster(Z, k, "maxclust")
        weight = np.bincount(labels, weights=sizes)
        big = [c for c in np.unique(labels) if weight[c] >= min_articles]
        if len(big) < 2:
            continue
        if len(big) > 2:
            return None
        a, b = labels == big[0], labels == big[1]
        for c in np.unique(labels):
            if c not in big:
                rows = labels == c
                closer_a = S[np.ix_(rows, a)].mean() >= S[np.ix_(rows, b)].mean()
                a, b = (a | rows, b) if closer_a else (a, b | rows)
        return a, b
    return None


def _local(X: sparse.csr_matrix, P: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows of P @ X (articles summed into units), each term weighed down by how many units carry it
    (a local idf), L2-normalised."""
    carries = P @ X
    carries.data[:] = 1.0
    local_df = np.asarray(carries.sum(axis=0)).ravel()
    L = P @ (X @ sparse.diags(np.log((P.shape[0] + 1) / (local_df + 0.5))))
    norms = np.sqrt(np.asarray(L.multiply(L).sum(axis=1)).ravel())
    return sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ L


def _families(X: sparse.csr_matrix, n: int) -> np.ndarray:
    """Family number of each row: rows whose cosine on the group's own term weights (the words of the
    event every article shares do not count) is at least FAMILY, chained."""
    L = _local(X, sparse.identity(n, format="csr"))
    S = sparse.csr_matrix(L @ L.T)
    S.data = (S.data >= FAMILY).astype(np.float64)
    S.eliminate_zeros()
    return connected_components(S, directed=False)[1]
