"""Average-link merging in rounds of DataFrame steps, for a connected group too large for one task.

One process's `average_link` (cluster/graph.py) merges, round after round, every pair of groups that are
each other's best neighbour (reciprocal nearest neighbours), then sums the merged groups' pairs into
pairs of the new groups. Here each round is the same three steps over a table of pairs:

    best:       each group's best neighbour among the pairs that reach their bar (a group-by: the
                highest mean, ties to the lowest node, as one process breaks them);
    reciprocal: the pairs that are each other's best (a join of that table with itself), merged, the
                larger group keeping its node;
    re-keyed:   the pairs' ends renamed to the groups they merged into and summed per new pair (a join
                with the merges, a group-by).

No step holds more than a node's pairs; the rounds stop when nothing reaches its bar, or when every
connected group's pairs fit in one task (`until`), where the one-process code finishes the merging
from the state the rounds reached (the same groups: it is the same algorithm, continued).
"""
from __future__ import annotations

import logging

MAX_ROUNDS = 1000

log = logging.getLogger(__name__)

__all__ = ["linkage_rounds"]


def linkage_rounds(pairs, nodes, thresholds: tuple[float, float], until: int = 0, max_rounds: int = MAX_ROUNDS):
    """Average-link rounds over `pairs` (a, b, w, component: node a < node b, summed similarity w, the
    connected group both are in) with `nodes` (node, size, short: articles, headline-only ones among
    them), every node of the pairs listed. `thresholds`: (story bar, headline bar), the headline bar for
    two groups mostly of headline-only articles. Runs until no pair reaches its bar, or until no
    component holds more than `until` pairs. Returns (labels, pairs, nodes, rounds): `labels` (n, node)
    the group each node of `nodes` is in now (named by the node of one of its members), and the pairs and
    nodes of the groups left, in the form they came in (no pairs when the rounds settled: most pairs
    never reach a bar, and once no pair does, none ever will)."""
    from pyspark.sql import functions as F

    from .session import fresh
    story_bar, headline_bar = thresholds
    labels = nodes.select(F.col("node").alias("n"), "node")
    rounds = 0
    while rounds < max_rounds:
        if until and _largest(pairs) <= until:
            break
        merged = _merges(pairs, nodes, story_bar, headline_bar)
        if merged is None:      # settled: no pair can ever merge now, and a task needs none of them
            pairs = pairs.limit(0)
            break
        rounds += 1
        gone = merged.select(F.col("gone").alias("node"), F.col("keep").alias("into"))
        labels = fresh(labels.join(gone, "node", "left").select("n", F.coalesce("into", "node").alias("node")))
        grown = merged.groupBy("keep").agg(F.sum("gone_size").alias("more"), F.sum("gone_short").alias("more_short"))
        nodes = fresh(nodes.join(gone, "node", "left_anti").join(grown.withColumnRenamed("keep", "node"), "node", "left")
                      .select("node", (F.col("size") + F.coalesce("more", F.lit(0))).alias("size"),
                              (F.col("short") + F.coalesce("more_short", F.lit(0))).alias("short")))
        pairs = fresh(_rekeyed(pairs, gone))
    else:
        raise RuntimeError(f"average-link did not settle in {max_rounds} rounds")
    return labels, pairs, nodes, rounds


def _largest(pairs) -> int:
    from pyspark.sql import functions as F
    return int(pairs.groupBy("component").count().agg(F.max("count")).first()[0] or 0)


def _merges(pairs, nodes, story_bar: float, headline_bar: float):
    """(keep, gone, gone_size, gone_short): this round's merges, each a pair of groups that are each
    other's best neighbour; the larger group keeps its node (ties: the lower node). None when no pair
    reaches its bar. (The steps read twice are checkpointed: the plan would compute them again.)"""
    from pyspark.sql import functions as F
    na = nodes.select(F.col("node").alias("a"), F.col("size").alias("sa"), F.col("short").alias("ha"))
    nb = nodes.select(F.col("node").alias("b"), F.col("size").alias("sb"), F.col("short").alias("hb"))
    avg = F.col("w") / (F.col("sa") * F.col("sb"))
    headline = (2 * F.col("ha") > F.col("sa")) & (2 * F.col("hb") > F.col("sb"))
    ok = pairs.join(na, "a").join(nb, "b") \
        .select("a", "b", avg.alias("avg"), F.when(headline, headline_bar).otherwise(story_bar).alias("bar")) \
        .where(F.col("avg") >= F.col("bar")).select("a", "b", "avg").localCheckpoint()
    if ok.isEmpty():
        return None
    both = ok.select(F.col("a").alias("src"), F.col("b").alias("dst"), "avg") \
        .unionByName(ok.select(F.col("b").alias("src"), F.col("a").alias("dst"), "avg"))
    # each group's best: the highest mean, ties to the lowest node (one process's lexsort order)
    best = both.groupBy("src").agg(F.min(F.struct((-F.col("avg")).alias("key"), "dst")).alias("m")) \
        .select("src", F.col("m.dst").alias("dst")).localCheckpoint()
    back = best.select(F.col("src").alias("dst"), F.col("dst").alias("src"))
    mutual = best.join(back, ["src", "dst"]).where(F.col("src") < F.col("dst")) \
        .select(F.col("src").alias("x"), F.col("dst").alias("y"))
    sized = mutual.join(nodes.select(F.col("node").alias("x"), F.col("size").alias("sx"), F.col("short").alias("hx")), "x") \
        .join(nodes.select(F.col("node").alias("y"), F.col("size").alias("sy"), F.col("short").alias("hy")), "y")
    swap = F.col("sy") > F.col("sx")
    return sized.select(F.when(swap, F.col("y")).otherwise(F.col("x")).alias("keep"),
                        F.when(swap, F.col("x")).otherwise(F.col("y")).alias("gone"),
                        F.when(swap, F.col("sx")).otherwise(F.col("sy")).alias("gone_size"),
                        F.when(swap, F.col("hx")).otherwise(F.col("hy")).alias("gone_short")).localCheckpoint()


def _rekeyed(pairs, gone):
    """The pairs with their ends renamed to the groups they merged into, summed per new pair; the pairs
    inside a merged group are gone."""
    from pyspark.sql import functions as F
    a = pairs.join(gone.withColumnRenamed("node", "a"), "a", "left").select(
        F.coalesce("into", "a").alias("a"), "b", "w", "component")
    ab = a.join(gone.withColumnRenamed("node", "b"), "b", "left").select(
        "a", F.coalesce("into", "b").alias("b"), "w", "component")
    return ab.where(F.col("a") != F.col("b")) \
        .groupBy(F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b"), "component") \
        .agg(F.sum("w").alias("w")).select("a", "b", "w", "component")
