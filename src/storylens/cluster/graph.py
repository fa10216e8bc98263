"""Average-link clustering over a sparse similarity graph (the default clusterer).

1. Each article gets a term vector (features.py). Candidate neighbours come from a sparse product
   of the new articles' vectors with all articles' vectors, with very common terms left out of the
   product (an inverted index in matrix form): cost grows near-linearly with the corpus, no all-pairs step.
2. Edges keep the `neighbours` most similar candidates per article, discounted by the time gap.
3. Average-link agglomeration on that graph: the two groups with the highest mean pairwise similarity
   merge while it stays above `story_threshold`. Existing stories enter as fixed groups (never merged
   with each other), so a new batch joins or starts stories and old story ids stay stable.
4. The earlier stories a new batch reaches most (up to `reopen_share` x the batch's size in articles)
   are reopened: their articles take part as free nodes again, so two stories of an earlier batch can
   still come together when later articles link them, as they would have in one run. Each regrouped
   story takes the id of the earlier story it holds most articles of, so ids stay stable.
"""
from __future__ import annotations

import heapq
from collections import Counter
from typing import Sequence

import numpy as np
from scipy import sparse

from ..config import Settings
from ..model import Article, ClusterResult, Story
from ..text.temporal import parse_iso
from .features import article_terms, term_id, weigh
from .online import StoryIndex, StoryState, _date_of, _explain, _join, _leave, _story_id

NEIGHBOURS = 50
HEADLINE_NEIGHBOURS = 100   # headline-only articles keep more: feed stories have dozens of outlets each
COMMON_SHARE = 0.05   # terms in more than this share of articles (and in more than COMMON_MIN, or
COMMON_MIN = 50       # HEADLINE_COMMON_MIN for headline-only rows) leave the similarity: they say little
HEADLINE_COMMON_MIN = 500   # and would make the sparse product cost quadratic at scale
DENSE_FLOOR = 0.3     # dense cosine below this counts as no similarity (unrelated headlines sit near 0.2)
SHORT_TERMS = 15      # an article with fewer terms than this is headline-only for grouping


def _matrix(vectors: list[dict[int, float]], columns: dict[int, int]) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for vec in vectors:
        for t, w in vec.items():
            c = columns.get(t)
            if c is not None:
                indices.append(c)
                data.append(w)
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32),
                              np.array(indptr, dtype=np.int64)), shape=(len(vectors), len(columns)))


def _time_discount(d1, d2, window: float) -> float:
    if d1 is None or d2 is None:
        return 1.0
    gap = abs((d1 - d2).days)
    return 1.0 if gap <= window else max(0.5, 1.0 - (gap - window) / (8 * window))


def is_headline_only(article: Article) -> bool:
    """Too few words to group by words alone (a feed's title): such articles also use dense vectors."""
    return len(article_terms(article)) < SHORT_TERMS


class _Dense:
    """Dense vectors of the headline-only nodes, stacked: row `pos[node]` (-1: the node has none)."""

    def __init__(self, vectors: list):
        self.pos = np.full(len(vectors), -1, dtype=np.int64)
        rows = [k for k, v in enumerate(vectors) if v is not None]
        self.pos[rows] = np.arange(len(rows))
        self.matrix = np.vstack([vectors[k] for k in rows]).astype(np.float32) if rows else np.zeros((0, 1), np.float32)

    def has(self, i: int) -> bool:
        return self.pos[i] >= 0


def _blend_dense(vals: np.ndarray, cols: np.ndarray, dense: _Dense, i: int, weight: float) -> np.ndarray:
    """Term similarity blended with dense-vector similarity for the candidates that have vectors
    (headline-only articles); cosines under DENSE_FLOOR count as zero."""
    out = vals.astype(np.float64)
    p = dense.pos[cols]
    m = p >= 0
    if m.any():
        cos = dense.matrix[p[m]] @ dense.matrix[dense.pos[i]]
        out[m] = (1 - weight) * out[m] + weight * np.maximum(0.0, (cos - DENSE_FLOOR) / (1 - DENSE_FLOOR))
    return out


def cluster_graph(articles: Sequence[Article], index: StoryIndex, settings: Settings) -> ClusterResult:
    new = [a for a in articles if a.id not in index.story_of]
    raw = {}
    for a in new:
        counts = article_terms(a)
        raw[a.id] = counts
        for term in counts:
            tid = term_id(term)
            index.df[tid] = index.df.get(tid, 0) + 1
            index.names.setdefault(tid, term.lstrip("@"))
        index.n_docs += 1
    for a in new:
        index.vectors[a.id] = weigh(raw[a.id], index.df, index.n_docs)
        index.dates[a.id] = _date_of(a)
        if len(raw[a.id]) < SHORT_TERMS and a.vector is not None:
            index.dense[a.id] = a.vector
    if not new:
        return ClusterResult([], [], {a.id: index.story_of.get(a.id) for a in articles}, set())
    new_ids = [a.id for a in new]
    reopened: dict[str, str] = {}
    if index.stories and settings.reopen_share > 0:
        # which earlier stories does this batch reach? those are reopened and grouped again with it
        probe, probe_ids = _edges(new_ids, index, settings)
        reopened = _reopen(index, probe, probe_ids, len(new_ids), int(settings.reopen_share * len(new_ids)))
        del probe, probe_ids
    free = new_ids + list(reopened)     # nodes that may group anew
    edges, all_ids = _edges(free, index, settings)
    return _agglomerate(articles, free, reopened, index, all_ids[len(free):], edges, settings)


def _edges(free: list[str], index: StoryIndex, settings: Settings) -> tuple[dict[tuple[int, int], float], list[str]]:
    """Candidate edges of the free articles (to all articles), and the node order they refer to:
    free articles first, then the articles of the stories that stay as they are."""
    taken = set(free)
    all_ids = free + [i for i in index.story_of if i not in taken]
    vectors = [index.vectors[i] for i in all_ids]
    dates = [parse_iso(index.dates.get(i)) for i in all_ids]
    edges: dict[tuple[int, int], float] = {}
    floor = min(settings.story_threshold, settings.headline_threshold) * 0.5
    # headline-only articles: few words overlap, so meaning (dense vectors) counts too, and they keep
    # more neighbours (feed stories are big)
    short_ids = {i for i in all_ids if len(index.vectors.get(i, {})) < SHORT_TERMS}
    dense = _Dense([index.dense.get(i) if i in short_ids else None for i in all_ids])
    dw = settings.headline_dense_weight
    # full articles and headline-only ones are compared with their own cap on common terms
    for rows, low in (([k for k in range(len(free)) if free[k] not in short_ids], COMMON_MIN),
                      ([k for k in range(len(free)) if free[k] in short_ids], HEADLINE_COMMON_MIN)):
        if rows:
            _neighbours(rows, vectors, index, max(low, COMMON_SHARE * index.n_docs), edges, floor, dense, dw,
                        short_ids, all_ids, dates, settings)
    return edges, all_ids


def _reopen(index: StoryIndex, edges: dict[tuple[int, int], float], all_ids: list[str], n_new: int,
            budget: int) -> dict[str, str]:
    """Take the articles of the earlier stories the new articles reach most (summed edge weight) out
    of them, up to `budget` articles: {article id: the story it was in}."""
    reach: dict[str, float] = {}
    for (i, j), v in edges.items():
        if i < n_new <= j:
            sid = index.story_of[all_ids[j]]
            reach[sid] = reach.get(sid, 0.0) + v
    out: dict[str, str] = {}
    for sid in sorted(reach, key=lambda s: (-reach[s], s)):
        members = list(index.stories[sid].members)
        if len(out) + len(members) > budget:
            continue
        for aid in members:
            out[aid] = sid
            _leave(index, sid, aid)
    return out


def _neighbours(rows: list[int], vectors: list[dict[int, float]], index: StoryIndex, cap: float,
                edges: dict[tuple[int, int], float], floor: float, dense: _Dense, dw: float, short_ids: set[str],
                all_ids: list[str], dates: list, settings: Settings) -> None:
    """Candidate edges of the given new articles (row numbers): sparse product of their term vectors
    with all articles', terms in more than `cap` articles left out, top neighbours kept."""
    columns: dict[int, int] = {}
    for t, df in index.df.items():
        if df <= cap:
            columns[t] = len(columns)
    X = _matrix(vectors, columns)
    for start in range(0, len(rows), 2000):
        chunk = rows[start:start + 2000]
        S = (X[chunk] @ X.T).tocsr()
        for r in range(S.shape[0]):
            i = chunk[r]
            row = S.getrow(r)
            cols, vals = row.indices, row.data
            if dw > 0 and dense.has(i):
                vals = _blend_dense(vals, cols, dense, i, dw)
            keep = vals >= floor
            cols, vals = cols[keep], vals[keep]
            k = HEADLINE_NEIGHBOURS if all_ids[i] in short_ids else NEIGHBOURS
            if len(cols) > k + 1:
                top = np.argpartition(-vals, k)[:k + 1]
                cols, vals = cols[top], vals[top]
            for j, v in zip(cols.tolist(), vals.tolist()):
                if j == i:
                    continue
                v *= _time_discount(dates[i], dates[j], settings.time_window_days)
                key = (i, j) if i < j else (j, i)
                if v > edges.get(key, 0.0):
                    edges[key] = v


def _agglomerate(articles: Sequence[Article], free: list[str], reopened: dict[str, str], index: StoryIndex,
                 old_ids: list[str], edges: dict[tuple[int, int], float], settings: Settings) -> ClusterResult:
    """Average-link merging over the candidate graph; existing stories are fixed groups."""
    # nodes: free articles 0..n-1 (new and reopened); existing stories as fixed groups
    n_new = len(free)
    group_of_old: dict[int, int] = {}
    story_nodes: dict[str, int] = {}
    for k, aid in enumerate(old_ids):
        sid = index.story_of[aid]
        if sid not in story_nodes:
            story_nodes[sid] = n_new + len(story_nodes)
        group_of_old[n_new + k] = story_nodes[sid]
    n_nodes = n_new + len(story_nodes)
    size = [1] * n_new + [len(index.stories[sid].members) for sid in story_nodes]
    fixed = [False] * n_new + [True] * len(story_nodes)
    nb: list[dict[int, float]] = [dict() for _ in range(n_nodes)]
    while edges:   # emptied as it is read: its keys' memory goes to nb instead of adding to the peak
        (i, j), v = edges.popitem()
        a = group_of_old.get(i, i)
        b = group_of_old.get(j, j)
        if a == b or (fixed[a] and fixed[b]):
            continue
        nb[a][b] = nb[a].get(b, 0.0) + v
        nb[b][a] = nb[b].get(a, 0.0) + v
    members = {k: [k] for k in range(n_nodes)}
    alive = [True] * n_nodes
    # headline-only articles (few terms) overlap less: groups made mostly of them use headline_threshold
    short = [1 if len(index.vectors.get(i, {})) < SHORT_TERMS else 0 for i in free] + \
        [sum(1 for m in index.stories[sid].members if len(index.vectors.get(m, {})) < SHORT_TERMS) for sid in story_nodes]

    def bar(a: int, b: int) -> float:
        if 2 * short[a] > size[a] and 2 * short[b] > size[b]:
            return settings.headline_threshold
        return settings.story_threshold

    heap = []
    for a in range(n_nodes):
        for b, s in nb[a].items():
            if a < b and s / (size[a] * size[b]) >= bar(a, b):
                heap.append((-s / (size[a] * size[b]), a, b))
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        cur = nb[a].get(b, 0.0) / (size[a] * size[b])
        if abs(cur + neg) > 1e-9 or cur < bar(a, b):
            continue
        if fixed[a] and fixed[b]:
            continue
        keep, gone = (a, b) if (fixed[a] or (not fixed[b] and size[a] >= size[b])) else (b, a)
        for k, s in nb[gone].items():
            if k == keep:
                continue
            nb[keep][k] = nb[keep].get(k, 0.0) + s
            nb[k][keep] = nb[k].get(keep, 0.0) + s
            del nb[k][gone]
        nb[keep].pop(gone, None)
        nb[gone] = {}
        size[keep] += size[gone]
        short[keep] += short[gone]
        members[keep] += members.pop(gone)
        alive[gone] = False
        for k, s in nb[keep].items():
            if fixed[k] and fixed[keep]:
                continue
            avg = s / (size[keep] * size[k])
            if avg >= bar(keep, k):
                heapq.heappush(heap, (-avg, keep, k))
    # write groups back into the index
    node_story = {node: sid for sid, node in story_nodes.items()}
    order = {i: (index.dates.get(i) or "9999", i) for i in free}
    groups = {node: sorted((free[k] for k in group if k < n_new), key=order.__getitem__)
              for node, group in members.items() if alive[node]}
    groups = {node: ms for node, ms in groups.items() if ms}
    before: dict[str, set[str]] = {}
    for aid, sid in reopened.items():
        before.setdefault(sid, set()).add(aid)
    # ids: a fixed story keeps its own; a regrouped story takes the id of the earlier story it holds most
    # articles of (largest claims first, each id once); the rest are new stories
    sid_of = {node: node_story[node] for node in groups if node in node_story}
    claims = sorted((-n, sid, node) for node, ms in groups.items() if node not in sid_of
                    for sid, n in Counter(reopened[i] for i in ms if i in reopened).items())
    used = set(sid_of.values())
    for _, sid, node in claims:
        if node not in sid_of and sid not in used and sid not in index.stories:
            sid_of[node] = sid
            used.add(sid)
    touched: set[str] = set()
    for node, ms in groups.items():
        sid = sid_of.get(node)
        if sid is None:
            sid = _story_id(ms[0])
            while sid in index.stories or sid in used:
                sid = _story_id(sid + ms[0])
            used.add(sid)
        if sid not in index.stories:
            index.stories[sid] = StoryState(sid)
        for aid in ms:
            _join(index, sid, aid)
        if set(index.stories[sid].members) != before.get(sid):
            touched.add(sid)
    # reopened stories whose articles all went elsewhere are gone: say where most of them went
    merged = {sid: Counter(index.story_of[a] for a in aids).most_common(1)[0][0]
              for sid, aids in before.items() if sid not in index.stories}
    stories = [Story(sid, list(index.stories[sid].members), _explain(index, sid)) for sid in sorted(touched)]
    return ClusterResult(stories, [], {a.id: index.story_of[a.id] for a in articles if a.id in index.story_of},
                         touched, merged)
