"""Connected groups of a graph held as a DataFrame of edges, with DataFrame operations only (graphframes'
jar comes from Maven, which storylens cannot count on reaching): the large-star / small-star method
(Kiveris et al., "Connected Components in MapReduce and Beyond", SoCC 2014). Each round is a few
group-bys and joins over the edges; the number of rounds grows with the logarithm of the largest group's
diameter, and no step gathers the graph in one place.

    large-star: every node links each larger neighbour to the smallest node of its neighbourhood;
    small-star: every node links its smaller neighbours (and itself) to the smallest of them.

Repeated until a round changes nothing, every group is a star around its smallest node.
"""
from __future__ import annotations

MAX_ROUNDS = 100


def connected_components(edges, max_rounds: int = MAX_ROUNDS):
    """DataFrame (node, component) for every node of `edges` (columns u, v; long node ids, either
    direction, repeats allowed): component is the smallest node id of its connected group. Nodes with no
    edge are not listed (each is its own group)."""
    from pyspark.sql import functions as F
    e = _canonical(edges.select(F.col("u").cast("long"), F.col("v").cast("long")))
    state = _signature(e)
    for _ in range(max_rounds):
        e = _small_star(_large_star(e)).localCheckpoint()    # (cut the lineage: rounds would pile up)
        new_state = _signature(e)
        if new_state == state:
            break
        state = new_state
    else:
        raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")
    both = e.select("u", "v").unionByName(e.select(F.col("v").alias("u"), F.col("u").alias("v")))
    return both.groupBy("u").agg(F.min("v").alias("m")) \
        .select(F.col("u").alias("node"), F.least("u", "m").alias("component"))


def _canonical(e):
    """Each undirected edge once, as (larger, smaller); no self-loops."""
    from pyspark.sql import functions as F
    return e.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).where("u != v").distinct()


def _large_star(e):
    from pyspark.sql import functions as F
    both = e.select("u", "v").unionByName(e.select(F.col("v").alias("u"), F.col("u").alias("v")))
    low = both.groupBy("u").agg(F.min("v").alias("m")).select("u", F.least("u", "m").alias("m"))
    return _canonical(both.where(F.col("v") > F.col("u")).join(low, "u").select(F.col("v").alias("u"), F.col("m").alias("v")))


def _small_star(e):
    from pyspark.sql import functions as F
    # e is canonical: (u, v) with v < u, i.e. each node's smaller neighbours
    low = e.groupBy("u").agg(F.min("v").alias("m"))
    linked = e.join(low, "u").select(F.col("v").alias("u"), F.col("m").alias("v"))
    return _canonical(linked.unionByName(low.select("u", F.col("m").alias("v"))))


def _signature(e) -> tuple[int, int]:
    """(edges, checksum of the edge set): a round that leaves both as they were changed nothing."""
    from pyspark.sql import functions as F
    r = e.agg(F.count("*").alias("n"), F.sum(F.xxhash64("u", "v").cast("decimal(38,0)")).alias("h")).first()
    return int(r["n"]), int(r["h"] or 0)
