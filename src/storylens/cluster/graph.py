"""Average-link clustering over a sparse similarity graph (the default clusterer).

1. Each article gets a term vector (features.py). Candidate neighbours come from a sparse product
   of the new articles' vectors with all articles' vectors, with very common terms left out of the
   product (an inverted index in matrix form): cost grows near-linearly with the corpus, no all-pairs step.
2. Edges keep the `neighbours` most similar candidates per article, discounted by the time gap.
3. Average-link agglomeration on that graph: the two groups with the highest mean pairwise similarity
   merge while it stays above `story_threshold`. Existing stories enter as fixed groups (never merged
   with each other), so a new batch joins or starts stories and old story ids stay stable.
   A new group of full articles that holds two events of one kind splits in two (events.py); the
   halves are linked as one storyline.
4. The earlier stories a new batch reaches most (up to `reopen_share` x the batch's size in articles)
   are reopened: their articles take part as free nodes again, so two stories of an earlier batch can
   still come together when later articles link them, as they would have in one run. Each regrouped
   story takes the id of the earlier story it holds most articles of, so ids stay stable.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..config import Settings
from ..model import Article, ClusterResult, Story
from ..text.temporal import parse_iso
from .copies import copy_groups, is_copy
from .events import split_group
from .local_terms import LocalTerms
from .features import SHORT_TERMS, TermVector, article_terms, n_terms, term_id, term_matrix, weigh
from .index import StoryIndex, StoryState, date_of, day_numbers, explain, join, leave, story_id, time_discount
from .translations import TranslationFinder, add_translations

NEIGHBOURS = 50
HEADLINE_NEIGHBOURS = 100   # headline-only articles keep more: feed stories have dozens of outlets each
COMMON_SHARE = 0.05   # terms in more than this share of articles (and in more than COMMON_MIN, or
COMMON_MIN = 50       # HEADLINE_COMMON_MIN for headline-only rows) leave the similarity: they say little
HEADLINE_COMMON_MIN = 500   # and would make the sparse product cost quadratic at scale
COMMON_MAX = 1000     # and terms in more than this many articles never count: a term shared by thousands
                      # says little about one event, and each article's candidates stay bounded as the corpus grows
DENSE_FLOOR = 0.3     # dense cosine below this counts as no similarity (unrelated headlines sit near 0.2)
COPY_MIN_TERMS = 40   # copies are told by `copy_similarity` only between articles with at least this many terms:
                      # short templated briefs ('a magnitude 5.2 quake struck ...') read alike without being
                      # copies, so shorter texts are copies only with the very same words
FLOOR_SHARE = 0.5     # edges weaker than this share of the lower threshold are left out of the graph


def is_headline_only(article: Article) -> bool:
    """Too few words to group by words alone (a feed's title): such articles also use dense vectors."""
    return n_terms(article) < SHORT_TERMS


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
        # (in float64: a float32 product's last bit depends on how many rows BLAS is given, and the Spark
        # engine's tasks hold different sets of candidates: their edges must weigh what one process's do)
        cos = dense.matrix[p[m]].astype(np.float64) @ dense.matrix[dense.pos[i]].astype(np.float64)
        out[m] = (1 - weight) * out[m] + weight * np.maximum(0.0, (cos - DENSE_FLOOR) / (1 - DENSE_FLOOR))
    return out


def cluster_graph(articles: Sequence[Article], index: StoryIndex, settings: Settings,
                  earlier: Callable[[list[str]], list[Article]] | None = None,
                  find_edges: "EdgeFinder | None" = None, find_translations: TranslationFinder | None = None) -> ClusterResult:
    """`find_edges(free, index, settings) -> (Edges, node ids)`: the candidate edges of the free articles
    against the whole index (`find_edges` below, or the same computed elsewhere: the Spark engine's
    executors), the step whose cost grows with the stored articles; `find_translations`, likewise, the
    candidate translations (translations.translation_candidates)."""
    find_edges = find_edges or _edges
    new = [a for a in articles if a.id not in index.story_of]
    index_articles(index, new)
    if not new:
        return ClusterResult([], [], {a.id: index.story_of.get(a.id) for a in articles}, set())
    new_ids = [a.id for a in new]
    reopened: dict[str, str] = {}
    nearest: dict[str, list[str]] = {}
    if index.stories:
        # the new articles' nearest earlier ones: which earlier stories does this batch reach? those are
        # reopened and grouped again with it; and which earlier articles might a new one copy?
        probe, probe_ids = find_edges(new_ids, index, settings)
        if settings.reopen_share > 0:
            reopened = _reopen(index, probe, probe_ids, len(new_ids), int(settings.reopen_share * len(new_ids)))
        nearest = _nearest_earlier(probe, probe_ids, len(new_ids), index)
        del probe, probe_ids
        index.hold(articles=[*reopened, *(j for cs in nearest.values() for j in cs)])   # (what is compared next)
    # near-identical articles of the same days are one node: only the first of each group is grouped,
    # and a copy of an article of a story that stays as it is joins that story (as it would in one run);
    # earlier articles come first, as in one run, so a reprint of a reopened article is its copy
    copies = _copies(list(reopened) + new_ids, nearest, index, settings)
    add_translations(copies, new, index, earlier, reopened, settings.time_window_days, find_translations)   # may reopen more
    free = new_ids + list(reopened)     # nodes that may group anew
    # and a new copy does not count in how common a term is: forty reprints of one story do not make
    # its words common (left out of the similarity) or weigh them down
    copied = {c for cs in copies.values() for c in cs}
    for a in new:
        if a.id in copied:
            _count_terms(index, a, -1)
    free = [i for i in free if i not in copied]
    edges, all_ids = find_edges(free, index, settings)
    return _agglomerate(articles, free, reopened, index, all_ids[len(free):], edges, settings, copies)


def first_run_translations(copies: dict[str, list[str]], articles: Sequence[Article], index: StoryIndex,
                           settings: Settings, earlier: Callable[[list[str]], list[Article]] | None = None) -> dict[str, list[str]]:
    """For a first run grouped elsewhere (the Spark engine): given the copies found ({first: its copies})
    and the index `index_articles` made of `articles`, the translations cluster_graph adds to them
    ({original: its new translations}; the index learns the articles' languages as it does)."""
    got = {k: list(v) for k, v in copies.items()}
    add_translations(got, list(articles), index, earlier, {}, settings.time_window_days)
    known = {i for v in copies.values() for i in v}
    return {k: extra for k, v in got.items() if (extra := [i for i in v if i not in known])}


def settle_first_run(articles: Sequence[Article], index: StoryIndex, copied: set[str], story_of: dict[str, str],
                     links: list[tuple[str, str]]) -> ClusterResult:
    """A first run's stories decided elsewhere (the Spark engine: `story_of`, every article -> its story
    id; `copied`, the copies and translations set apart; `links`, the halves of split groups) written into
    the index `index_articles` made of `articles`, as cluster_graph writes its own: the copies out of the
    document frequencies, each story's members in date order, centroids and dates; the same result."""
    for a in articles:
        if a.id in copied:
            _count_terms(index, a, -1)
    members: dict[str, list[str]] = {}
    for aid, sid in story_of.items():
        members.setdefault(sid, []).append(aid)
    for sid, ms in members.items():
        index.stories[sid] = StoryState(sid)
        join(index, sid, sorted(ms, key=lambda i: (index.dates.get(i) or "9999", i)))
    stories = [Story(sid, list(index.stories[sid].members), explain(index, sid)) for sid in sorted(members)]
    return ClusterResult(stories, [], {a.id: index.story_of[a.id] for a in articles if a.id in index.story_of},
                         set(members), {}, sorted(links))


def index_articles(index: StoryIndex, new: Sequence[Article]) -> None:
    """Count the new articles into the document frequencies, then give each its term vector, its day
    and (headline-only ones) its dense vector: what grouping reads of an article."""
    for a in new:
        _count_terms(index, a, 1)
    for a in new:
        index.vectors[a.id] = weigh(article_terms(a), index.df, index.n_docs)
        index.dates[a.id] = date_of(a)
        if len(index.vectors[a.id]) < SHORT_TERMS and a.vector is not None:
            index.dense[a.id] = a.vector


def _count_terms(index: StoryIndex, article: Article, sign: int) -> None:
    """Count the article in (+1) or out (-1) of the document frequencies."""
    for term in article_terms(article):
        tid = term_id(term)
        index.df[tid] = index.df.get(tid, 0) + sign
        if sign > 0:
            index.names.setdefault(tid, term.lstrip("@"))
    index.n_docs += sign


COPY_CANDIDATES = 10   # a new article's nearest earlier articles checked as what it may copy


def _nearest_earlier(probe: "Edges", ids: list[str], n_new: int, index: StoryIndex) -> dict[str, list[str]]:
    """{new article: its COPY_CANDIDATES most similar articles of the stories that stay as they are},
    from the batch's candidate edges (a copy shares nearly all its words: it is among the first)."""
    m = (probe.i < n_new) & (probe.j >= n_new)
    i, j, w = probe.i[m], probe.j[m], probe.w[m]
    order = np.lexsort((-w, i))
    out: dict[str, list[str]] = {}
    for a, b in zip(i[order].tolist(), j[order].tolist()):
        got = out.setdefault(ids[a], [])
        if len(got) < COPY_CANDIDATES and ids[b] in index.story_of:
            got.append(ids[b])
    return out


def _copies(free: list[str], nearest: dict[str, list[str]], index: StoryIndex,
            settings: Settings) -> dict[str, list[str]]:
    """{first article: its copies among `free`}. A new article that copies an article of a story that
    stays as it is (one of its `nearest` earlier articles) has that one as its first, and joins its story;
    the rest are grouped among themselves with MinHash LSH (copies.py). Earlier articles are not
    grouped again: their groups are settled, and the cost of a run stays in its own articles."""
    short_window = 0.0 if settings.headline_day_discount < 1 else None
    copy_of: dict[str, str] = {}
    if settings.copy_similarity > 0 and nearest:
        known = list({i: None for aid, cs in nearest.items() for i in (aid, *cs)})
        day = dict(zip(known, day_numbers([parse_iso(index.dates.get(i)) for i in known]).tolist()))
        for aid, candidates in nearest.items():
            for j in candidates:
                if is_copy(index.vectors[aid], index.vectors[j], day[aid], day[j], settings.copy_similarity,
                           settings.time_window_days, COPY_MIN_TERMS, short_window):
                    copy_of[aid] = j
                    break
    rest = [i for i in free if i not in copy_of]
    copy_of.update(copy_groups(rest, [index.vectors[i] for i in rest], day_numbers([parse_iso(index.dates.get(i)) for i in rest]),
                               settings.copy_similarity, settings.time_window_days, COPY_MIN_TERMS, short_window))
    out: dict[str, list[str]] = {}
    for aid in free:
        if aid in copy_of:
            out.setdefault(copy_of[aid], []).append(aid)
    return out


class Edges:
    """Candidate similarity edges as parallel arrays: node `i` < node `j`, weight `w`, one per pair."""

    def __init__(self, i: np.ndarray, j: np.ndarray, w: np.ndarray):
        self.i, self.j, self.w = i, j, w

    @classmethod
    def from_parts(cls, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_nodes: int) -> "Edges":
        """Join the per-article pieces; a pair found from both ends keeps its higher weight."""
        if not parts:
            e = np.zeros(0, np.int64)
            return cls(e, e, np.zeros(0, np.float32))
        a = np.concatenate([p[0] for p in parts])
        b = np.concatenate([p[1] for p in parts])
        w = np.concatenate([p[2] for p in parts]).astype(np.float32)
        parts.clear()
        i, j, w, starts = _per_pair(np.minimum(a, b), np.maximum(a, b), w, n_nodes)
        return cls(i, j, np.maximum.reduceat(w, starts) if len(starts) else w)

    def __len__(self) -> int:
        return len(self.w)

    def release(self) -> None:
        """Let the arrays go (the edges are most of the memory) once they are summed into node pairs."""
        self.i = self.j = np.zeros(0, np.int32)
        self.w = np.zeros(0, np.float32)


EdgeFinder = Callable[[list[str], StoryIndex, Settings], tuple[Edges, list[str]]]


def _edges(free: list[str], index: StoryIndex, settings: Settings) -> tuple[Edges, list[str]]:
    """Candidate edges of the free articles (to all articles), and the node order they refer to:
    free articles first, then the articles of the stories that stay as they are."""
    parts, all_ids = edge_parts(free, index, settings)
    return Edges.from_parts(parts, len(all_ids)), all_ids


def edge_parts(free: list[str], index: StoryIndex, settings: Settings, only: Sequence[int] | None = None
               ) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], list[str]]:
    """The pieces `_edges` joins, (node, neighbour, weight) arrays, and the node order (free articles
    first). `only`: the positions in `free` to find the neighbours of (None: all). A row's neighbours
    depend on it and the whole index only, so the rows can be shared out (the Spark engine's tasks)."""
    taken = set(free)
    all_ids = free + [i for i in index.story_of if i not in taken]
    vectors = [index.vectors[i] for i in all_ids]
    days = day_numbers([parse_iso(index.dates.get(i)) for i in all_ids])
    floor = min(settings.story_threshold, settings.headline_threshold) * FLOOR_SHARE
    # headline-only articles: few words overlap, so meaning (dense vectors) counts too, and they keep
    # more neighbours (feed stories are big)
    short = np.array([len(v) < SHORT_TERMS for v in vectors], dtype=bool)
    dense = _Dense([index.dense.get(i) if short[k] else None for k, i in enumerate(all_ids)])
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    wanted = range(len(free)) if only is None else only
    # full articles and headline-only ones are compared with their own cap on common terms
    for rows, low in (([k for k in wanted if not short[k]], COMMON_MIN),
                      ([k for k in wanted if short[k]], HEADLINE_COMMON_MIN)):
        if rows:
            parts += _neighbours(rows, vectors, index, low, floor, dense, short, days, settings)
    return parts, all_ids


def _reopen(index: StoryIndex, edges: Edges, all_ids: list[str], n_new: int, budget: int) -> dict[str, str]:
    """Take the articles of the earlier stories the new articles reach most (summed edge weight) out
    of them, up to `budget` articles: {article id: the story it was in}."""
    reach: dict[str, float] = {}
    m = (edges.i < n_new) & (edges.j >= n_new)
    for j, v in zip(edges.j[m].tolist(), edges.w[m].tolist()):
        sid = index.story_of[all_ids[j]]
        reach[sid] = reach.get(sid, 0.0) + v
    out: dict[str, str] = {}
    for sid in sorted(reach, key=lambda s: (-reach[s], s)):
        members = list(index.stories[sid].members)
        if len(out) + len(members) > budget:
            continue
        out.update((aid, sid) for aid in members)
        leave(index, sid, members)
    return out


def _cap(low: int, n: int) -> float:
    """How many of `n` articles a term may be found in and still count (COMMON_SHARE, COMMON_MIN, COMMON_MAX)."""
    return max(low, min(COMMON_MAX, COMMON_SHARE * n))


def _neighbours(rows: list[int], vectors: list[TermVector], index: StoryIndex, low: int, floor: float,
                dense: _Dense, short: np.ndarray, days: np.ndarray,
                settings: Settings) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Candidate edges of the given new articles (row numbers): sparse product of their term vectors
    with all articles', terms too common (`_cap`) left out unless they are rare among the articles of
    the same weeks, top neighbours kept, discounted by the time gap. One (rows, columns, weights) piece
    per chunk of articles."""
    cap = _cap(low, index.n_docs)
    columns = np.array(sorted(t for t, df in index.df.items() if df <= cap), dtype=np.int32)
    X = term_matrix(vectors, columns)
    # the terms left out, where they are rare among the articles of the same weeks (local_terms.py)
    common = np.array(sorted(t for t, df in index.df.items() if df > cap and settings.local_terms), dtype=np.int32)
    local = LocalTerms(lambda nodes: term_matrix([vectors[k] for k in nodes], common), days,
                       max(1.0, settings.time_window_days))
    parts = []
    for block, near in local.blocks(rows):
        weeks = None if near is None else local.near_block(near, _cap(low, len(near)))
        for start in range(0, len(block), 2000):
            chunk = block[start:start + 2000]
            S = X[chunk] @ X.T
            extra = weeks.product(chunk, len(vectors)) if weeks is not None else None
            S = (S + extra if extra is not None else S).tocsr()
            parts += _top_neighbours(chunk, S, dense, short, days, floor, settings)
    return parts


def _top_neighbours(chunk: list[int], S: sparse.csr_matrix, dense: _Dense, short: np.ndarray, days: np.ndarray,
                    floor: float, settings: Settings) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The `chunk` rows' strongest candidates in their similarity rows `S`, time-discounted, as one piece."""
    dw = settings.headline_dense_weight
    src, dst, wts = [], [], []
    for r, i in enumerate(chunk):
        lo, hi = S.indptr[r], S.indptr[r + 1]
        cols, vals = S.indices[lo:hi], S.data[lo:hi]
        if dw > 0 and dense.has(i):
            vals = _blend_dense(vals, cols, dense, i, dw)
        # weeks apart need more evidence: neighbours are ranked by the time-discounted similarity,
        # so a near-identical article of another month does not take the place of this week's coverage
        # and a headline reports its day's news: another day's headline on the same subject is most
        # often the next development (linked as a storyline), not the same happening
        other_day = np.where(short[cols], settings.headline_day_discount, 1.0) if short[i] else 1.0
        vals = vals * time_discount(days[i], days[cols], settings.time_window_days, other_day)
        keep = (vals >= floor) & (cols != i)
        cols, vals = cols[keep], vals[keep]
        k = HEADLINE_NEIGHBOURS if short[i] else NEIGHBOURS
        if len(cols) > k:
            top = np.argpartition(-vals, k - 1)[:k]
            cols, vals = cols[top], vals[top]
        if len(cols):
            src.append(len(cols))
            dst.append(cols)
            wts.append(vals)
        else:
            src.append(0)
    # one compact piece per chunk (int32 nodes, float32 weights): the edges are most of the memory
    if not dst:
        return []
    return [(np.repeat(np.array(chunk, dtype=np.int32), src), np.concatenate(dst).astype(np.int32),
             np.concatenate(wts).astype(np.float32))]


def average_link(a: np.ndarray, b: np.ndarray, w: np.ndarray, size: np.ndarray, short: np.ndarray,
                  fixed: np.ndarray, thresholds: tuple[float, float]) -> list[tuple[int, int]]:
    """Average-link merging over node pairs (a < b) with summed similarity `w`: groups merge while the
    mean similarity between them (sum / (size x size)) reaches the bar, `thresholds[1]` when both groups
    are mostly headline-only (`short` counts those) and `thresholds[0]` otherwise. Fixed nodes (existing
    stories) never merge with each other. Returns the merges as (kept node, merged node), in order.

    Done in rounds, each merging every pair of groups that are each other's best neighbour (reciprocal
    nearest neighbours): for average linkage that is the same grouping as merging the single best pair
    at a time, and each round is a few array operations over the whole graph."""
    size, short, fixed = size.astype(np.float64), short.astype(np.float64), fixed.copy()
    parent = np.arange(len(size), dtype=np.int32)
    merges: list[tuple[int, int]] = []
    story_th, headline_th = thresholds
    while len(a):
        avg = w / (size[a] * size[b])
        headline = (2 * short[a] > size[a]) & (2 * short[b] > size[b])
        ok = avg >= np.where(headline, headline_th, story_th)
        del headline
        if not ok.any():
            break
        # each pair that reaches its bar, from both ends
        src, dst, avg = np.r_[a[ok], b[ok]], np.r_[b[ok], a[ok]], np.r_[avg[ok], avg[ok]]
        del ok
        order = np.lexsort((dst, -avg, src))       # each node's best neighbour first (ties: lowest id)
        src, dst = src[order], dst[order]
        head = np.r_[True, src[1:] != src[:-1]]
        best = np.full(len(size), -1, dtype=np.int32)
        best[src[head]] = dst[head]
        x = src[head]
        y = best[x]
        pair = (best[y] == x) & (x < y)
        x, y = x[pair], y[pair]
        swap = ~fixed[x] & (fixed[y] | (size[y] > size[x]))
        keep, gone = np.where(swap, y, x), np.where(swap, x, y)
        size[keep] += size[gone]
        short[keep] += short[gone]
        fixed[keep] |= fixed[gone]
        parent[gone] = keep
        merges += zip(keep.tolist(), gone.tolist())
        # the merged groups' pairs, summed into pairs of the new groups
        a, b = parent[a], parent[b]
        parent[gone] = gone
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        m = (lo != hi) & ~(fixed[lo] & fixed[hi])
        a, b, w, starts = _per_pair(lo[m], hi[m], w[m], len(size))
        del lo, hi, m
        if not len(starts):
            break
        w = np.add.reduceat(w, starts)
    return merges


def _node_pairs(edges: Edges, node_of: np.ndarray, fixed: np.ndarray, n_nodes: int,
                least: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Article edges summed into node pairs (a < b; an existing story is one node; two existing
    stories never pair): a, b, summed weight, and whether any one edge of the pair reaches `least`."""
    a, b = node_of[edges.i], node_of[edges.j]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    del a, b
    m = (lo != hi) & ~(fixed[lo] & fixed[hi])
    a, b, w, starts = _per_pair(lo[m], hi[m], edges.w[m].astype(np.float64), n_nodes)
    del lo, hi, m
    if not len(starts):
        return a, b, w, np.zeros(0, bool)
    return a, b, np.add.reduceat(w, starts), np.maximum.reduceat(w, starts) >= least


def _per_pair(lo: np.ndarray, hi: np.ndarray, w: np.ndarray, n_nodes: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights grouped by node pair (lo < hi): each pair once (sorted), the weights in pair order,
    and where each pair's run starts in them (for np.add / np.maximum.reduceat)."""
    key = lo.astype(np.int64) * n_nodes + hi
    order = np.argsort(key, kind="stable")
    key, w = key[order], w[order]
    del order
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    key = key[starts]
    return (key // n_nodes).astype(np.int32), (key % n_nodes).astype(np.int32), w, starts


def _agglomerate(articles: Sequence[Article], free: list[str], reopened: dict[str, str], index: StoryIndex,
                 old_ids: list[str], edges: Edges, settings: Settings,
                 copies: dict[str, list[str]]) -> ClusterResult:
    """Average-link merging over the candidate graph; existing stories are fixed groups; each grouped
    article's `copies` join its story."""
    # nodes: free articles 0..n-1 (new and reopened); existing stories as fixed groups
    n_new = len(free)
    story_nodes: dict[str, int] = {}
    node_of = np.arange(n_new + len(old_ids), dtype=np.int32)
    for k, aid in enumerate(old_ids):
        sid = index.story_of[aid]
        if sid not in story_nodes:
            story_nodes[sid] = n_new + len(story_nodes)
        node_of[n_new + k] = story_nodes[sid]
    n_nodes = n_new + len(story_nodes)
    size = [1] * n_new + [len(index.stories[sid].members) for sid in story_nodes]
    fixed = [False] * n_new + [True] * len(story_nodes)
    # headline-only articles (few terms) overlap less: groups made mostly of them use headline_threshold
    short = [1 if len(index.vectors.get(i, ())) < SHORT_TERMS else 0 for i in free] + \
        [index.headline_members(sid) for sid in story_nodes]

    # a mean at or above the bar needs at least one edge at or above it, so groups only ever form
    # inside the components of the strong edges: edges between components can never count and are dropped
    least = min(settings.story_threshold, settings.headline_threshold)
    fixed_arr = np.array(fixed, dtype=bool)
    a, b, w, strong = _node_pairs(edges, node_of, fixed_arr, n_nodes, least)
    edges.release()
    _, comp = connected_components(sparse.coo_matrix((np.ones(int(strong.sum())), (a[strong], b[strong])),
                                                     shape=(n_nodes, n_nodes)), directed=False)
    inside = comp[a] == comp[b]
    merges = average_link(a[inside], b[inside], w[inside], np.array(size), np.array(short), fixed_arr,
                           (settings.story_threshold, settings.headline_threshold))
    members = {k: [k] for k in range(n_nodes)}
    alive = [True] * n_nodes
    for keep, gone in merges:
        members[keep] += members.pop(gone)
        alive[gone] = False
    # write groups back into the index
    node_story = {node: sid for sid, node in story_nodes.items()}
    def _order(i: str) -> tuple[str, str]:
        return index.dates.get(i) or "9999", i
    groups = {node: sorted((free[k] for k in group if k < n_new), key=_order)
              for node, group in members.items() if alive[node]}
    groups = {node: ms for node, ms in groups.items() if ms}
    # a new group of full articles may hold two events of one kind: look again with its own term weights
    extra, split_from = n_nodes, {}
    for node in [nd for nd in groups if nd < n_new]:
        ms = groups[node]
        if len(ms) < 2 * settings.event_min_articles or 2 * sum(short[k] for k in members[node]) > len(ms):
            continue     # too small to hold two events, or mostly headline-only (as average-link tells)
        parts = split_group([index.vectors[i] for i in ms], settings.event_split_ratio, settings.event_min_articles,
                            day_numbers([parse_iso(index.dates.get(i)) for i in ms]))
        if len(parts) > 1:
            groups[node] = [ms[k] for k in parts[0]]
            for part in parts[1:]:
                groups[extra] = [ms[k] for k in part]
                split_from[extra] = node
                extra += 1
    if copies:
        groups = {node: sorted(ms + [c for m in ms for c in copies.get(m, ())], key=_order)
                  for node, ms in groups.items()}
    # the stories that stay and take articles (or copies) are read whole from here on
    index.hold(stories=sorted({node_story[node] for node in groups if node in node_story} |
                              {index.story_of[lead] for lead in set(copies) & set(old_ids)}))
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
    for lead in set(copies) & set(old_ids):
        sid = index.story_of[lead]
        join(index, sid, copies[lead])
        touched.add(sid)
    story_of_node: dict[int, str] = {}
    for node, ms in groups.items():
        sid = sid_of.get(node)
        if sid is None:
            sid = story_id(ms[0])
            while sid in index.stories or sid in used:
                sid = story_id(sid + ms[0])
            used.add(sid)
        story_of_node[node] = sid
        if sid not in index.stories:
            index.stories[sid] = StoryState(sid)
        join(index, sid, ms)
        if set(index.stories[sid].members) != before.get(sid):
            touched.add(sid)
    # reopened stories whose articles all went elsewhere are gone: say where most of them went
    merged = {sid: Counter(index.story_of[a] for a in aids).most_common(1)[0][0]
              for sid, aids in before.items() if sid not in index.stories}
    stories = [Story(sid, list(index.stories[sid].members), explain(index, sid)) for sid in sorted(touched)]
    # the halves of a split group are two events of one storyline: they stay linked
    links = sorted((story_of_node[node], story_of_node[part]) for part, node in split_from.items())
    return ClusterResult(stories, [], {a.id: index.story_of[a.id] for a in articles if a.id in index.story_of},
                         touched, merged, links)
