"""Two events in one group: a group of full articles that holds two happenings of the same kind splits.

Grouping on corpus-wide term weights puts two events of one kind together (two earthquakes in one
region, two fights of one boxer): what they share (the kind, the place, the famous name) is rare in the
whole corpus, so it outweighs what tells them apart. Inside the group those shared terms are common,
so the group is looked at again with local weights: each term weighed down by how many of the group's
articles carry it (a local idf), which leaves what differs (the other boxer, the date, the toll).
The group's best two-way cut (average link on the local weights) splits it when the two halves are
far apart (mean similarity between them under `ratio` x the mean within them) and each half has at
least `min_articles` articles; the halves keep a link to each other (same storyline).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage

from .features import TermVector

MAX_GROUP = 3000   # bigger groups are left as they are: the cut is quadratic in the group's size


def split_group(vectors: list[TermVector], ratio: float, min_articles: int) -> list[list[int]]:
    """Positions of `vectors` in one part (no split) or two parts (two events)."""
    n = len(vectors)
    whole = [list(range(n))]
    if ratio <= 0 or n < 2 * min_articles or n > MAX_GROUP:
        return whole
    terms, col = np.unique(np.concatenate([v.ids for v in vectors]), return_inverse=True)
    lengths = [len(v) for v in vectors]
    X = sparse.csr_matrix((np.concatenate([v.vals for v in vectors]).astype(np.float64), col,
                           np.r_[0, np.cumsum(lengths)]), shape=(n, len(terms)))
    local_df = np.bincount(col, minlength=len(terms))
    X = X @ sparse.diags(np.log((n + 1) / (local_df + 0.5)))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ X
    S = (X @ X.T).toarray()
    iu = np.triu_indices(n, 1)
    labels = fcluster(linkage(np.clip(1.0 - S[iu], 0.0, 2.0), "average"), 2, "maxclust")
    a, b = labels == 1, labels == 2
    if a.sum() < min_articles or b.sum() < min_articles:
        return whole

    def within(m: np.ndarray) -> float:
        k = int(m.sum())
        sub = S[np.ix_(m, m)]
        return (sub.sum() - np.trace(sub)) / (k * (k - 1))

    between = S[np.ix_(a, b)].mean()
    if between >= ratio * (within(a) + within(b)) / 2:
        return whole
    return [np.flatnonzero(a).tolist(), np.flatnonzero(b).tolist()]
