"""A first run's grouping as Spark steps (`first_run_result`: what `analyze --engine spark` groups a
first run with; an incremental run's candidate edges are stored.py's).

What one process does in cluster/graph.py, step by step (`first_run_stories` runs them in order):

1. term vectors: each article's terms (`article_terms`, in its own order) exploded; document
   frequencies by a group-by on the term; each article's weights (`weigh`) from its terms joined with
   their frequencies;
2. copies: MinHash band rows joined on (band, values) under the window-of-days rule, pairs verified with
   `is_copy`, leaders replayed in input order within each connected group of verified pairs; the copies'
   terms leave the document frequencies;
3. candidate edges, two ways: `blocked_edges` (the index broadcast, each task running the one-process
   code on a share of the rows; only top edges are shuffled) or `candidate_edges`, an inverted-index
   self-join on the terms under each row type's cap plus the locally rare common terms on (term, block of
   days), blended, time-discounted, top neighbours by a window (nothing on the driver, but every per-term
   pair row shuffled: docs/scale.md measures it);
4. groups: connected groups of the strong edges (components.py), then per group the one-process
   average-link, event split and story ids, copies joining their leader's story; a group with more pairs
   than one task should hold is first merged in rounds of DataFrame steps (linkage.py).

The tests compare each step with one process on the same articles.
"""
from __future__ import annotations

import logging
import math

from ..cluster import (COMMON_MAX, COMMON_MIN, COMMON_SHARE, COPY_MIN_TERMS, DENSE_FLOOR, FLOOR_SHARE, HEADLINE_COMMON_MIN,
                       HEADLINE_NEIGHBOURS, LSH_THRESHOLD, NEIGHBOURS, NUM_PERM, SHORT_TERMS, TermVector, article_terms,
                       average_link, date_of, is_copy, packed_vectors, split_group, story_id, term_id, weigh)
from ..config import Settings
from ..text.temporal import parse_iso

TERMS = "id string, pos int, term string, tid int, count double"
DAYS = "id string, day double, date string"
VECTORS = "id string, ids array<int>, vals array<float>"

ROUNDS_OVER = 2_000_000     # pairs: a connected group holding more is merged in rounds on Spark first (linkage.py)

log = logging.getLogger(__name__)

__all__ = ["article_days", "blocked_edges", "candidate_edges", "copy_leaders", "first_run_result", "first_run_stories", "groups", "index_parts",
           "nodes_of", "term_rows", "vectors"]


def _day(article) -> float:
    d = parse_iso(date_of(article))
    return float(d.toordinal()) if d is not None else math.nan


def term_rows(frames):
    """mapInPandas over (id, payload: a pickled cleaned Article): one row per term of each article
    (its position in the article's own order, the term, its id, its raw weight)."""
    import pickle

    import pandas as pd
    for pdf in frames:
        rows = []
        for aid, payload in zip(pdf["id"], pdf["payload"]):
            a = pickle.loads(payload)
            for pos, (term, count) in enumerate(article_terms(a).items()):
                rows.append((aid, pos, term, term_id(term), float(count)))
        yield pd.DataFrame(rows, columns=["id", "pos", "term", "tid", "count"])


def article_days(frames):
    """mapInPandas over (id, payload): each article's publication day number (NaN: unknown), as
    grouping reads it (`date_of`: an inferred date does not count)."""
    import pickle

    import pandas as pd
    for pdf in frames:
        arts = [pickle.loads(p) for p in pdf["payload"]]
        yield pd.DataFrame({"id": pdf["id"], "day": [_day(a) for a in arts], "date": [date_of(a) for a in arts]})


def nodes_of(days, vecs):
    """(id, day, date, short): an article is headline-only for grouping when its vector has fewer than
    SHORT_TERMS terms (graph.is_headline_only)."""
    from pyspark.sql import functions as F
    day = F.when(F.col("day").isNull(), F.lit(float("nan"))).otherwise(F.col("day")).alias("day")   # (Arrow: NaN -> null)
    return days.select("id", day, "date").join(vecs.select("id", (F.size("ids") < SHORT_TERMS).alias("short")), "id")


def vectors(terms, n_docs: int):
    """(id, ids, vals): each article's weighted term vector (`weigh`, with the corpus's document
    frequencies from a group-by), from `term_rows`."""
    from pyspark.sql import functions as F
    df = terms.groupBy("tid").agg(F.count("*").alias("df"))

    def weigh_groups(pdf):
        import numpy as np
        import pandas as pd
        pdf = pdf.sort_values("pos")
        vec = weigh(dict(zip(pdf["term"], pdf["count"])), dict(zip(pdf["tid"].tolist(), pdf["df"].tolist())), n_docs)
        return pd.DataFrame({"id": [pdf["id"].iloc[0]], "ids": [np.asarray(vec.ids)], "vals": [np.asarray(vec.vals)]})

    return terms.join(df, "tid").groupBy("id").applyInPandas(weigh_groups, VECTORS), df


def _cap(low: int, n):
    """graph._cap as a column expression (n: a column or a number)."""
    from pyspark.sql import functions as F
    return F.greatest(F.lit(float(low)), F.least(F.lit(float(COMMON_MAX)), F.lit(COMMON_SHARE) * n))


def candidate_edges(vecs, nodes, df, n_docs: int, settings: Settings, dense=None):
    """(i, j, w), i < j: the candidate edges of all `nodes` (id, day, short) with their term vectors
    `vecs` (id, ids, vals), the document frequencies `df` (tid, df) of `n_docs` articles, and the dense
    vectors (id, vector) of headline-only articles."""
    from pyspark.sql import Window, functions as F
    post = (vecs.select("id", F.arrays_zip("ids", "vals").alias("tv"))
            .select("id", F.explode("tv").alias("tv"))
            .select("id", F.col("tv.ids").alias("tid"), F.col("tv.vals").cast("double").alias("val"))
            .join(df, "tid").join(nodes, "id"))
    floor = min(settings.story_threshold, settings.headline_threshold) * FLOOR_SHARE
    block = max(1.0, settings.time_window_days)
    parts = []
    for short, low in ((False, COMMON_MIN), (True, HEADLINE_COMMON_MIN)):
        cap = max(low, min(COMMON_MAX, COMMON_SHARE * n_docs))
        rows = post.where(F.col("short") == short)
        # the global product over the terms under the cap
        under = post.where(F.col("df") <= cap).select(F.col("id").alias("j"), "tid", F.col("val").alias("vj"))
        parts.append(rows.where(F.col("df") <= cap).select(F.col("id").alias("i"), "tid", F.col("val").alias("vi"))
                     .join(under, "tid").select("i", "j", (F.col("vi") * F.col("vj")).alias("s")))
        if settings.local_terms:
            parts.append(_local_product(post, rows, cap, low, block))
    pairs = parts[0]
    for p in parts[1:]:
        pairs = pairs.unionByName(p)
    pairs = pairs.where(F.col("i") != F.col("j")).groupBy("i", "j").agg(F.sum("s").alias("s"))
    ni = nodes.select(F.col("id").alias("i"), F.col("day").alias("di"), F.col("short").alias("si"))
    nj = nodes.select(F.col("id").alias("j"), F.col("day").alias("dj"), F.col("short").alias("sj"))
    pairs = pairs.join(ni, "i").join(nj, "j")
    dw = settings.headline_dense_weight
    if dense is not None and dw > 0:
        # headline-only pairs: meaning counts too (graph._blend_dense)
        vi = dense.select(F.col("id").alias("i"), F.col("vector").alias("ui"))
        vj = dense.select(F.col("id").alias("j"), F.col("vector").alias("uj"))
        pairs = pairs.join(vi, "i", "left").join(vj, "j", "left")
        cos = F.aggregate(F.zip_with("ui", "uj", lambda x, y: x * y), F.lit(0.0).cast("double"), lambda acc, x: acc + x)
        blend = (1 - dw) * F.col("s") + dw * F.greatest(F.lit(0.0), (cos - DENSE_FLOOR) / (1 - DENSE_FLOOR))
        has = F.col("si") & F.col("sj") & F.col("ui").isNotNull() & F.col("uj").isNotNull()
        pairs = pairs.withColumn("s", F.when(has, blend).otherwise(F.col("s"))).drop("ui", "uj")
    # the time discount (index.time_discount): 1 within the window, falling to a quarter; a headline's
    # other-day headlines keep `headline_day_discount` of it
    window = settings.time_window_days
    gap = F.abs(F.col("dj") - F.col("di"))
    disc = F.when(gap <= window, F.lit(1.0)).otherwise(F.greatest(F.lit(0.25), 1.0 - (gap - window) / (4 * window)))
    other = F.when(F.col("si") & F.col("sj"), F.lit(settings.headline_day_discount)).otherwise(F.lit(1.0))
    disc = F.when(gap >= 1, disc * other).otherwise(disc)
    disc = F.when(F.isnan("di") | F.isnan("dj"), F.lit(1.0)).otherwise(disc)
    pairs = pairs.withColumn("w", F.col("s") * disc).where(F.col("w") >= floor)
    top = F.row_number().over(Window.partitionBy("i").orderBy(F.col("w").desc(), F.col("j")))
    kept = pairs.withColumn("r", top).where(F.col("r") <= F.when(F.col("si"), F.lit(HEADLINE_NEIGHBOURS)).otherwise(F.lit(NEIGHBOURS)))
    both = kept.select(F.least("i", "j").alias("i"), F.greatest("i", "j").alias("j"), "w")
    return both.groupBy("i", "j").agg(F.max("w").alias("w"))


def _local_product(post, rows, cap: float, low: int, block: float):
    """The corpus-common terms (df over `cap`) that are rare among the dated articles of a row's
    neighbourhood (its block of days and the blocks on either side): their products, joined on
    (term, block) (local_terms.py)."""
    from pyspark.sql import functions as F
    dated = post.where(~F.isnan("day")).withColumn("b", F.floor(F.col("day") / block).cast("long"))
    sizes = dated.select("id", "b").distinct().groupBy("b").agg(F.count("*").alias("n"))
    near_n = (sizes.select(F.explode(F.array(F.col("b") - 1, F.col("b"), F.col("b") + 1)).alias("b"), "n")
              .groupBy("b").agg(F.sum("n").alias("near")))
    common = dated.where(F.col("df") > cap)
    block_df = common.groupBy("tid", "b").agg(F.count("*").alias("k"))
    local_df = (block_df.select("tid", F.explode(F.array(F.col("b") - 1, F.col("b"), F.col("b") + 1)).alias("b"), "k")
                .groupBy("tid", "b").agg(F.sum("k").alias("local_df")))
    rare = local_df.join(near_n, "b").where(F.col("local_df") <= _cap(low, F.col("near"))).select("tid", "b")
    mine = (rows.where(~F.isnan("day")).where(F.col("df") > cap)
            .withColumn("b", F.floor(F.col("day") / block).cast("long"))
            .join(rare, ["tid", "b"]).select(F.col("id").alias("i"), "tid", "b", F.col("val").alias("vi")))
    theirs = (common.select(F.col("id").alias("j"), "tid", F.col("val").alias("vj"),
                            F.explode(F.array(F.col("b") - 1, F.col("b"), F.col("b") + 1)).alias("b")))
    return mine.join(theirs, ["tid", "b"]).select("i", "j", (F.col("vi") * F.col("vj")).alias("s"))


GROUPED = "id string, story string, group_first string, linked string"


def groups(vecs, nodes, edges, settings: Settings, copies=None, rounds_over: int | None = ROUNDS_OVER):
    """(id, story): the stories of a run's articles when no story exists yet (and no copies are set
    apart): the strong edges' connected groups (large-star/small-star, components.py), then in each
    group, as one task over its nodes and pairs, the average-link merging (graph.average_link); then in
    each final group, as one task over its articles, the event split of a new group of full articles
    (events.split_group) and the story id of its first article (graph._agglomerate).
    A group holding more than `rounds_over` pairs is first merged in rounds of DataFrame steps
    (linkage.py) until its pairs fit in one task, which finishes the merging (None: never; nor on a
    Connect session, whose plans a loop of rounds cannot cut).
    `copies` (id, leader, date): articles set apart as copies, which join their leader's story."""
    from pyspark.sql import functions as F

    from .components import connected_components
    from .session import is_connect
    least = min(settings.story_threshold, settings.headline_threshold)
    numbered = nodes.withColumn("n", F.monotonically_increasing_id()).localCheckpoint()   # (the numbers stay put)
    num = numbered.select("id", "n")
    e = (edges.join(num.select(F.col("id").alias("i"), F.col("n").alias("ni")), "i")
         .join(num.select(F.col("id").alias("j"), F.col("n").alias("nj")), "j")).localCheckpoint()
    comp = connected_components(e.where(F.col("w") >= least).select(F.col("ni").alias("u"), F.col("nj").alias("v")))
    if log.isEnabledFor(logging.INFO):
        # the largest group is the largest average-link task (docs/scale.md: what grows faster than
        # linearly); counted only when asked (bench/spark.py), a job of its own
        comp = comp.localCheckpoint()
        largest = comp.groupBy("component").count().agg(F.max("count")).first()[0]
        log.info("connected groups of strong edges: the largest holds %d articles", largest or 1)
    placed = numbered.join(comp.withColumnRenamed("node", "n"), "n", "left") \
        .withColumn("component", F.coalesce("component", "n"))
    where = placed.select("n", "component")
    # each pair inside a group, once (a < b), between nodes: articles at first
    inside = (e.join(where.select(F.col("n").alias("ni"), F.col("component").alias("ci")), "ni")
              .join(where.select(F.col("n").alias("nj"), F.col("component").alias("cj")), "nj")
              .where(F.col("ci") == F.col("cj"))
              .select(F.least("ni", "nj").alias("a"), F.greatest("ni", "nj").alias("b"), F.col("w").cast("double").alias("w"),
                      F.col("ci").alias("component")))
    placed = placed.withColumn("node", F.col("n"))
    if rounds_over is not None and not is_connect(e.sparkSession):    # (session.fresh: not on Connect)
        inside = inside.localCheckpoint()
        big = inside.groupBy("component").count().where(F.col("count") > rounds_over).select("component").localCheckpoint()
        if not big.isEmpty():
            from .linkage import linkage_rounds
            pairs = inside.join(big, "component", "left_semi")
            members = placed.join(big, "component", "left_semi").select(
                F.col("n").alias("node"), F.lit(1).cast("long").alias("size"), F.col("short").cast("long").alias("short"))
            labels, left, _, rounds = linkage_rounds(pairs, members, (settings.story_threshold, settings.headline_threshold),
                                                     rounds_over)
            log.info("average-link rounds on Spark over the groups of more than %d pairs: %d rounds", rounds_over, rounds)
            inside = inside.join(big, "component", "left_anti").unionByName(left)
            placed = placed.drop("node").join(labels, "n", "left").withColumn("node", F.coalesce("node", "n"))
    # the merging, one task per group, holds its nodes and their pairs only: each node's size and headline
    # count, and its pairs on the row of its lower end (a node is an article, or a group the rounds made)
    sizes = placed.groupBy("component", "node").agg(F.count("*").alias("size"),
                                                    F.sum(F.col("short").cast("long")).alias("short"))
    out = inside.groupBy(F.col("a").alias("node")).agg(F.collect_list(F.struct(F.col("b").alias("j"), "w")).alias("out"))
    final = sizes.join(out, "node", "left").groupBy("component").applyInPandas(_linkage_task(settings), LINKED)
    # then each final group's articles, as one task: the event split and the story ids
    rows = placed.join(final, "node").join(vecs, "id")
    if copies is None:
        rows = rows.withColumn("copies", F.lit(None).cast("array<struct<id:string,date:string>>"))
    else:
        rows = rows.join(copies.groupBy("leader").agg(F.collect_list(F.struct("id", "date")).alias("copies"))
                         .withColumnRenamed("leader", "id"), "id", "left")
    rows = rows.select("final", "id", "day", "date", "short", "ids", "vals", "copies")
    return rows.groupBy("final").applyInPandas(_story_task(settings), GROUPED)


LINKED = "node long, final long"


def _linkage_task(settings: Settings):
    """One group's average-link merging over its nodes: (node, final), `final` the node that names the
    node's final group (the one each merge keeps, as graph.average_link reports them)."""
    def run(pdf):
        import numpy as np
        import pandas as pd

        # numbered in node order: ties go to the lowest node, as in the rounds
        order = np.argsort(pdf["node"].to_numpy(dtype=np.int64), kind="stable")
        pdf = pdf.iloc[order]
        names = pdf["node"].to_numpy(dtype=np.int64)
        a, b, w = [], [], []
        for name, out in zip(names, pdf["out"]):
            for edge in (out if out is not None else ()):
                a.append(name)
                b.append(edge["j"])
                w.append(edge["w"])
        root = np.arange(len(names))
        if a:
            a, b = np.searchsorted(names, a), np.searchsorted(names, b)
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            merges = average_link(lo.astype(np.int32), hi.astype(np.int32), np.asarray(w, dtype=np.float64),
                                  pdf["size"].to_numpy(dtype=np.float64), pdf["short"].to_numpy(dtype=np.float64),
                                  np.zeros(len(names), dtype=bool), (settings.story_threshold, settings.headline_threshold))
            for keep, gone in merges:
                root[gone] = keep
            for k in range(len(root)):        # (a kept node may itself be merged later: follow to the last)
                r = root[k]
                while root[r] != r:
                    r = root[r]
                root[k] = r
        return pd.DataFrame({"node": names, "final": names[root]})
    return run


def _story_task(settings: Settings):
    """One final group's articles: the event split of a new group of full articles (events.split_group)
    and the story id of each part's first article, copies joining their leader's story (graph._agglomerate)."""
    def run(pdf):
        import numpy as np
        import pandas as pd

        ids = pdf["id"].tolist()
        short = pdf["short"].to_numpy(dtype=bool)
        days = pdf["day"].to_numpy(dtype=np.float64)
        dates = [d if isinstance(d, str) else "9999" for d in pdf["date"]]
        group = sorted(range(len(ids)), key=lambda k: (dates[k], ids[k]))
        parts = [group]
        if len(group) >= 2 * settings.event_min_articles and 2 * int(short[group].sum()) <= len(group):
            vecs = [TermVector.of(np.asarray(pdf["ids"].iloc[k], dtype=np.int32), np.asarray(pdf["vals"].iloc[k], dtype=np.float32))
                    for k in group]
            split = split_group(vecs, settings.event_split_ratio, settings.event_min_articles, days[group])
            parts = [[group[k] for k in p] for p in split]
        out_rows = []
        first_part = None
        for p in parts:
            story = [(dates[k], ids[k]) for k in p]
            for k in p:
                story += [(c["date"] if isinstance(c["date"], str) else "9999", c["id"]) for c in (pdf["copies"].iloc[k] if pdf["copies"].iloc[k] is not None else ())]
            story.sort()
            sid = story_id(story[0][1])
            # the later halves of a split group stay linked to the first (two events, one storyline)
            out_rows += [(aid, sid, story[0][1], first_part) for _, aid in story]
            first_part = first_part or sid
        return pd.DataFrame(out_rows, columns=["id", "story", "group_first", "linked"])
    return run


COPIED = "id string, leader string"


def copy_leaders(vecs, nodes, order, settings: Settings):
    """(id, leader) for every article that is a copy (cluster/copies.py's `copy_groups` over the run's
    articles in input order `order` (id, seq)): MinHash signatures per article, band x window-of-days
    keys, candidate pairs from a self-join on them, verified with `is_copy`; then, in each connected
    group of verified pairs, in input order, an article copies the earliest article it matches that is
    no one's copy (the one-process rule: only such leaders are in its index)."""
    from pyspark.sql import functions as F

    from ..dedup import lsh_index
    from .components import connected_components
    if settings.copy_similarity <= 0:
        return vecs.sparkSession.createDataFrame([], COPIED)
    probe = lsh_index(NUM_PERM, threshold=LSH_THRESHOLD)
    bands, rows = probe.b, probe.r
    window = settings.time_window_days
    arts = (vecs.where(F.size("ids") > 0).join(nodes.select("id", "day"), "id").join(order, "id")   # (no terms: no copy)
            .withColumn("slot", F.when(F.isnan("day"), F.lit(-1.0)).otherwise(F.floor(F.col("day") / max(window, 1.0)).cast("double")))
            .persist())

    def band_rows(frames):
        import pandas as pd

        from ..dedup import signature
        for pdf in frames:
            out = []
            for seq, slot, ids in zip(pdf["seq"], pdf["slot"], pdf["ids"]):
                h = signature([int(t) for t in ids], NUM_PERM).hashvalues
                out += [(int(seq), float(slot), b, [int(x) for x in h[b * rows:(b + 1) * rows]]) for b in range(bands)]
            yield pd.DataFrame(out, columns=["seq", "slot", "band", "key"])

    keyed = arts.select("seq", "slot", "ids").mapInPandas(band_rows, "seq long, slot double, band int, key array<long>")
    later = keyed.select(F.col("seq").alias("k"), F.col("slot").alias("sk"), "band", "key")
    earlier = keyed.select(F.col("seq").alias("j"), F.col("slot").alias("sj"), "band", "key")
    near = F.when(F.col("sk") == -1.0, F.col("sj") == -1.0).otherwise(F.abs(F.col("sj") - F.col("sk")) <= 1)
    pairs = later.join(earlier, ["band", "key"]).where((F.col("j") < F.col("k")) & near).select("j", "k").distinct()
    side = arts.select("seq", "ids", "vals", "day")
    pairs = (pairs.join(side.select(F.col("seq").alias("j"), F.col("ids").alias("ij"), F.col("vals").alias("vj"), F.col("day").alias("dj")), "j")
             .join(side.select(F.col("seq").alias("k"), F.col("ids").alias("ik"), F.col("vals").alias("vk"), F.col("day").alias("dk")), "k"))
    verified = pairs.mapInPandas(_verify(settings), "j long, k long").persist()
    comp = connected_components(verified.select(F.col("j").alias("u"), F.col("k").alias("v")))
    edges = verified.join(comp.select(F.col("node").alias("k"), "component"), "k")
    led = edges.groupBy("component").applyInPandas(_leaders, "seq long, leader long")
    ids = arts.select("seq", "id")
    return (led.join(ids, "seq").join(ids.select(F.col("seq").alias("leader"), F.col("id").alias("leader_id")), "leader")
            .select("id", F.col("leader_id").alias("leader")))


def _verify(settings: Settings):
    """mapInPandas over candidate pairs (j earlier than k) with both vectors and days: those that are copies."""
    def run(frames):
        import numpy as np
        import pandas as pd

        short_window = 0.0 if settings.headline_day_discount < 1 else None
        for pdf in frames:
            keep = []
            for j, k, ij, vj, dj, ik, vk, dk in zip(pdf["j"], pdf["k"], pdf["ij"], pdf["vj"], pdf["dj"], pdf["ik"], pdf["vk"], pdf["dk"]):
                a = TermVector.of(np.asarray(ik, dtype=np.int32), np.asarray(vk, dtype=np.float32))
                b = TermVector.of(np.asarray(ij, dtype=np.int32), np.asarray(vj, dtype=np.float32))
                if is_copy(a, b, float(dk), float(dj), settings.copy_similarity, settings.time_window_days,
                           COPY_MIN_TERMS, short_window):
                    keep.append((int(j), int(k)))
            yield pd.DataFrame(keep, columns=["j", "k"])
    return run


def _leaders(pdf):
    """One connected group of verified copy pairs (j earlier than k): replayed in input order, each article
    takes the earliest leader it matches; one that matches none is a leader."""
    import pandas as pd
    matches: dict[int, list[int]] = {}
    for j, k in zip(pdf["j"].tolist(), pdf["k"].tolist()):
        matches.setdefault(k, []).append(j)
    leader_of: dict[int, int] = {}
    for k in sorted(matches):
        for j in sorted(matches[k]):
            if j not in leader_of:         # j is a leader (no one's copy)
                leader_of[k] = j
                break
    return pd.DataFrame(sorted(leader_of.items()), columns=["seq", "leader"])


def first_run_stories(rows, settings: Settings, dense=None, blocked: bool = True, translate=None):
    """(id, story) for a first run's articles (`rows`: id, seq, payload): term vectors, copies set apart
    (their terms out of the document frequencies, as one process does), candidate edges among the rest,
    groups, each copy in its leader's story. Returns (stories, vectors, document frequencies, copies).
    `blocked`: candidate edges by `blocked_edges` (the index broadcast: the driver gathers the articles'
    term vectors once; only edges are shuffled), else by the self-join `candidate_edges` (nothing on the
    driver; every per-term pair row shuffled). `translate({first: [copies]}) -> {original: [translations]}`:
    the translations among the articles (found on the driver, which holds the articles: dedup/translation.py
    compares them sentence by sentence), set apart with the copies."""
    from pyspark.sql import functions as F

    from .session import cut, default_parallelism, keep
    terms = keep(rows.mapInPandas(term_rows, TERMS))
    n_docs = rows.count()
    vecs, df = vectors(terms, n_docs)
    # an article without a single term (an empty page) has an empty vector: a story of its own
    vecs = keep(rows.select("id").join(vecs, "id", "left").select(
        "id", F.coalesce("ids", F.array().cast("array<int>")).alias("ids"),
        F.coalesce("vals", F.array().cast("array<float>")).alias("vals")))
    nodes = keep(nodes_of(rows.mapInPandas(article_days, DAYS), vecs))
    copies = keep(copy_leaders(vecs, nodes, rows.select("id", "seq"), settings))
    if translate is not None:
        found: dict[str, list[str]] = {}
        for r in copies.collect():      # (the copies only: a pair of ids each)
            found.setdefault(r["leader"], []).append(r["id"])
        extra = [(i, lead) for lead, ids in translate(found).items() for i in ids]
        if extra:
            copies = keep(copies.unionByName(rows.sparkSession.createDataFrame(extra, COPIED)))
    n_copies = copies.count()
    gone = terms.join(copies.select("id"), "id").groupBy("tid").agg(F.count("*").alias("gone"))
    df_after = cut(df.join(gone, "tid", "left")
                   .select("tid", (F.col("df") - F.coalesce(F.col("gone"), F.lit(0))).alias("df")).where("df > 0"))
    free = cut(nodes.join(copies.select("id"), "id", "left_anti"))
    if blocked:
        order = free.join(rows.select("id", "seq"), "id").join(vecs, "id").orderBy("seq")
        got = order.select("id", "date", "short", "ids", "vals").collect()
        short = {r["id"] for r in got if r["short"]}
        parts = {"df": {int(r["tid"]): int(r["df"]) for r in df_after.collect()}, "n_docs": n_docs - n_copies,
                 "free": [r["id"] for r in got], "stored": [], "dates": {r["id"]: r["date"] for r in got},
                 "vectors": _packed([(r["id"], r["ids"], r["vals"]) for r in got]),
                 "dense": {r["id"]: list(r["vector"]) for r in dense.collect() if r["id"] in short} if dense is not None else {}}
        edges = blocked_edges(rows.sparkSession, parts, settings, 4 * default_parallelism(rows.sparkSession))
    else:
        edges = candidate_edges(vecs, free, df_after, n_docs - n_copies, settings, dense)
    stories = groups(vecs, free, keep(edges), settings, copies.join(nodes.select("id", "date"), "id"))
    return stories, vecs, df, copies


def first_run_result(rows, articles, index, settings: Settings, earlier=None, blocked: bool = True):
    """What one process's `cluster(articles, index, settings, earlier)` returns on a first run (an empty
    `index`), with the global steps on Spark: `rows` (id, seq, payload) are the same articles on the
    executors, `articles` as the driver loaded them from the store. The driver indexes the articles (the
    store's index needs their vectors), finds the translations among them, and writes the stories Spark
    made into the index; copies, candidate edges, groups, average-link, event splits and ids run on Spark."""
    from ..cluster import first_run_translations, index_articles, settle_first_run
    index_articles(index, articles)
    rows = rows.localCheckpoint()    # (the cleaning's lineage is long: each grouping step would plan it again)
    spark = rows.sparkSession
    dense = spark.createDataFrame([(i, [float(x) for x in v]) for i, v in index.dense.items()], "id string, vector array<double>")
    stories, _, _, copies = first_run_stories(
        rows, settings, dense, blocked, lambda found: first_run_translations(found, articles, index, settings, earlier))
    story_of: dict[str, str] = {}
    links: set[tuple[str, str]] = set()
    for r in stories.toLocalIterator():
        story_of[r["id"]] = r["story"]
        if r["linked"]:
            links.add((r["linked"], r["story"]))
    copied = {r["id"] for r in copies.select("id").collect()}
    return settle_first_run(articles, index, copied, story_of, sorted(links))


def blocked_edges(spark, index_parts: dict, settings: Settings, tasks: int):
    """(i, j, w), i < j: the candidate edges of every article, computed by `tasks` Spark tasks each taking a
    share of the rows and running the one-process code (`cluster.edge_parts`) against the whole index,
    broadcast: only each row's top neighbours leave a task, never the per-term pair rows a self-join
    shuffles. `index_parts`: df, n_docs, vectors (`_packed`), dates {id: date}, dense {id: vector},
    `free` (the articles to group, in input order) and `stored` (the index's other articles, in the
    index's order: the node order one process uses)."""
    import pickle
    sc = spark.sparkContext
    shared = sc.broadcast(pickle.dumps(index_parts, protocol=pickle.HIGHEST_PROTOCOL))
    n = len(index_parts["free"])
    per = max(1, -(-n // tasks))

    def task(frames):
        import numpy as np
        import pandas as pd

        from ..cluster import StoryIndex, edge_parts, unpacked_vectors
        got = pickle.loads(shared.value)
        index = StoryIndex()
        index.df, index.n_docs = got["df"], got["n_docs"]
        packed = got["vectors"]
        index.vectors = dict(zip(packed["ids"], unpacked_vectors(packed["lengths"], packed["terms"], packed["weights"])))
        index.dates, index.dense = got["dates"], {i: np.asarray(v, dtype=np.float32) for i, v in got["dense"].items()}
        index.story_of = dict.fromkeys(got["stored"], "")    # (edge_parts reads only its order)
        for pdf in frames:
            for p in pdf["id"].tolist():
                pieces, all_ids = edge_parts(got["free"], index, settings, range(p * per, min(n, (p + 1) * per)))
                names = np.asarray(all_ids, dtype=object)
                for i, j, w in pieces:
                    a, b = names[i], names[j]
                    swap = a > b                                      # (each pair once: i < j by id)
                    yield pd.DataFrame({"i": np.where(swap, b, a), "j": np.where(swap, a, b), "w": w.astype(np.float64)})

    from pyspark.sql import functions as F
    edges = spark.range(tasks).repartition(tasks).mapInPandas(task, "i string, j string, w double")
    return edges.groupBy("i", "j").agg(F.max("w").alias("w"))


def _packed(vectors) -> dict:
    """Term vectors [(id, term ids, weights)] as the ids and cluster.packed_vectors' flat arrays (a compact
    broadcast)."""
    import numpy as np
    lengths, terms, weights = packed_vectors([TermVector.of(np.asarray(a, dtype=np.int32), np.asarray(b, dtype=np.float32))
                                              for _, a, b in vectors])
    return {"ids": [v[0] for v in vectors], "lengths": lengths, "terms": terms, "weights": weights}


def index_parts(index, free: list[str]) -> dict:
    """What `blocked_edges` broadcasts of a StoryIndex for the candidate edges of the `free` articles."""
    taken = set(free)
    stored = [i for i in index.story_of if i not in taken]
    all_ids = free + stored
    return {"df": index.df, "n_docs": index.n_docs, "free": list(free), "stored": stored,
            "dates": {i: index.dates.get(i) for i in all_ids},
            "vectors": _packed([(i, index.vectors[i].ids, index.vectors[i].vals) for i in all_ids]),
            "dense": {i: index.dense[i] for i in all_ids if i in index.dense}}
