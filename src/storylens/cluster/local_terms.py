"""Terms common in the whole corpus but rare among the articles of the same weeks.

The candidate product (graph.py) leaves out terms found in more than a capped number of articles:
a term shared by thousands says little about one event, and keeping it would make the product
cost grow with the square of the corpus. Over a long stream (months of news) that rule drops the
very words that tell this week's events apart: 'recall' or 'China' turn up in thousands of articles
over a year, yet in a few dozen of one week's. So commonness is judged twice: in the whole corpus
(the global product) and among the dated articles near each article in time, whose counts stay
bounded however long the stream runs. A term common in the corpus but rare in its weeks adds to
the similarity of two articles dated near each other; the two products use disjoint terms, so
their sum is the similarity over both sets of terms.

Undated articles take part in the global product only: they belong to no weeks.
"""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
from scipy import sparse


class LocalTerms:
    """The corpus-common terms of the dated nodes, sorted by day, to be multiplied per block of days.
    `matrix_of(nodes)` gives those nodes' common terms as rows; `block` days make one block; a block's
    articles are compared with the dated nodes from one block before to one block after."""

    def __init__(self, matrix_of: Callable[[list[int]], sparse.csr_matrix], days: np.ndarray, block: float):
        dated = np.flatnonzero(~np.isnan(days))
        self.order = dated[np.argsort(days[dated], kind="stable")]      # dated nodes, by day
        self.sorted_days = days[self.order]
        self.pos = np.full(len(days), -1, dtype=np.int64)                 # node -> its row in `matrix`
        self.pos[self.order] = np.arange(len(self.order))
        self.matrix = matrix_of(self.order.tolist())                       # undated nodes never take part
        self.days = days
        self.block = block

    def blocks(self, rows: list[int]) -> Iterator[tuple[list[int], np.ndarray | None]]:
        """The rows grouped by block of days, each with the nodes of its neighbourhood (None for the
        undated rows, which have none)."""
        rows_arr = np.asarray(rows, dtype=np.int64)
        d = self.days[rows_arr]
        undated = np.isnan(d)
        if undated.any():
            yield rows_arr[undated].tolist(), None
        if (~undated).any():
            key = np.floor(d[~undated] / self.block)
            dated_rows = rows_arr[~undated]
            for b in np.unique(key):
                lo = np.searchsorted(self.sorted_days, (b - 1) * self.block, side="left")
                hi = np.searchsorted(self.sorted_days, (b + 2) * self.block, side="left")
                yield dated_rows[key == b].tolist(), self.order[lo:hi]

    def near_block(self, near: np.ndarray, cap: float) -> "_Near | None":
        """The `near` nodes' common terms that are found in at most `cap` of them (None when there are none)."""
        if not len(near) or not self.matrix.shape[1]:
            return None
        Xn = self.matrix[self.pos[near]]
        local_df = np.bincount(Xn.indices, minlength=self.matrix.shape[1])
        rare = (local_df > 0) & (local_df <= cap)
        if not rare.any():
            return None
        return _Near(self.matrix, self.pos, near, (Xn @ sparse.diags(rare.astype(np.float32))).T.tocsr())


class _Near:
    """One block's neighbourhood: its nodes and their locally rare terms (terms x nodes)."""

    def __init__(self, matrix: sparse.csr_matrix, pos: np.ndarray, near: np.ndarray, terms_by_node: sparse.csr_matrix):
        self.matrix, self.pos, self.near, self.T = matrix, pos, near, terms_by_node

    def product(self, chunk: list[int], n_nodes: int) -> sparse.csr_matrix | None:
        """Similarity of the `chunk` rows to the neighbourhood over its locally rare terms, as a
        (chunk x all nodes) matrix; None when they share none."""
        S = (self.matrix[self.pos[chunk]] @ self.T).tocsr()
        S.eliminate_zeros()
        if not S.nnz:
            return None
        return sparse.csr_matrix((S.data, self.near[S.indices].astype(np.int32), S.indptr), shape=(len(chunk), n_nodes))
