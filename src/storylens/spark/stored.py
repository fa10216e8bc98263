"""The story index's articles kept as Parquet tables between runs, and a batch's candidate edges against
them found on the executors: the one step of an incremental run whose cost grows with the store.

Under the index folder (`<out>/index` with --out, else `<database>.index` beside the store):
  articles/  id, run, date, day (its day number; null when undated), ids and vals (the term vector,
             fixed once made), dense (a headline-only article's sentence vector), partitioned by block
             (day // the time window; -1 when undated). Each run appends the articles it placed.
  replaced/  id, run: an article whose new version run `run` indexed; its rows of earlier runs are stale.
The store records which run the tables follow (state `spark_index`, next to `cluster_index_run`, the run
that saved the index); tables behind the store (a run of one process since, or a run stopped between the
store's commit and the tables) are written again whole from the index the driver loaded.

The edges (`KeptIndex.edges`): what is bounded by the batch (the free articles, the batch's articles
already placed, the document frequencies) is broadcast; the stored articles are read by the executors,
never by the driver. Three kinds of task run the one-process code (cluster.edge_parts) on a part of the
nodes: the batch alone, each Parquet split of stored articles against the batch (terms that are rare
in the whole corpus), and each block of days the batch touches with the stored articles of the blocks
around it (terms rare only among those weeks' articles: local_terms.py counts them over the whole
neighbourhood, which that task holds). A pair's weight in a task is its weight or less (a task without
the neighbourhood leaves the local terms out), so a row's top neighbours in each task, merged by the
highest weight per pair and cut to the top again, are one process's: ties at a row's last place aside.
"""
from __future__ import annotations

import json
import math
import pickle
from dataclasses import replace
from pathlib import Path

from ..config import Settings

__all__ = ["KeptIndex", "index_folder", "keep_saved_index"]

ARTICLES = ("id string, run long, date string, day double, ids array<int>, vals array<float>, "
            "dense array<float>, block long")
EDGES = "i string, j string, w double, k int"
STATE = "spark_index"


def index_folder(store_path: str, out: str | Path | None) -> Path:
    """Where a store's index tables are kept: under the Parquet output when there is one, else beside it."""
    return Path(out) / "index" if out else Path(str(store_path) + ".index")


def keep_saved_index(spark, store, folder: Path, settings: Settings) -> int:
    """The tables written whole from the store's saved index and marked as following it: what a Spark run
    leaves after it (for a store another engine made, ahead of its first incremental run on Spark).
    Returns how many articles they hold (0 when the store has no index yet: nothing written)."""
    from ..cluster import StoryIndex
    blob, run = store.load_state("cluster_index"), store.load_state("cluster_index_run")
    if not blob or not run:
        return 0
    index = StoryIndex.from_bytes(blob)
    kept = KeptIndex(spark, store, folder, settings)
    kept.write(index, list(index.story_of), int(_text(run)), whole=True)
    kept.mark(int(_text(run)))
    return len(index.story_of)


class KeptIndex:
    """The index tables of one store at `folder`, read and written through the session `spark`."""

    def __init__(self, spark, store, folder: Path, settings: Settings):
        self.spark, self.store, self.folder, self.settings = spark, store, Path(folder).resolve(), settings
        self.block = max(1.0, settings.time_window_days)

    def current(self) -> bool:
        """Whether the tables hold what the store's saved index holds (written after its last save)."""
        got, saved = self.store.load_state(STATE), self.store.load_state("cluster_index_run")
        if not got or not saved:
            return False
        mark = json.loads(got)
        return (mark.get("folder") == str(self.folder) and mark.get("block") == self.block
                and str(mark.get("run")) == _text(saved) and (self.folder / "articles").is_dir())

    def write(self, index, ids: list[str], run: int, whole: bool, replaced: list[str] = ()) -> None:
        """The rows of `ids` (articles of `index`), as run `run`'s: the tables rewritten with them alone
        (`whole`), or appended to; `replaced`, articles whose earlier rows are stale from now on."""
        import numpy as np
        import pandas as pd

        from ..cluster import day_of
        rows = []
        for i in ids:
            v, date = index.vectors[i], index.dates.get(i)
            day = day_of(date)
            dense = index.dense.get(i)
            rows.append((i, run, date, day, np.asarray(v.ids, np.int32), np.asarray(v.vals, np.float32),
                         None if dense is None else np.asarray(dense, np.float32),
                         -1 if day is None else int(math.floor(day / self.block))))
        mode = "overwrite" if whole else "append"
        names = [c.split()[0] for c in ARTICLES.split(", ")]
        frame = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame({c: [] for c in names})
        if rows or whole:
            (self.spark.createDataFrame(frame, ARTICLES).write.mode(mode).partitionBy("block")
             .parquet(str(self.folder / "articles")))
        if replaced or whole:
            (self.spark.createDataFrame([(i, run) for i in replaced], "id string, run long")
             .write.mode(mode).parquet(str(self.folder / "replaced")))

    def mark(self, run: int) -> None:
        """Record that the tables follow the store's index as run `run` saved it."""
        self.store.save_state(STATE, json.dumps({"folder": str(self.folder), "block": self.block, "run": run}).encode())

    def stored(self, batch: list[str]):
        """The stored articles' rows (stale versions and the articles `batch` left out)."""
        from pyspark.sql import functions as F
        rows = self.spark.read.schema(ARTICLES).parquet(str(self.folder / "articles"))
        gone = self.spark.read.schema("id string, run long").parquet(str(self.folder / "replaced")).alias("r")
        rows = rows.alias("a").join(F.broadcast(gone), (F.col("a.id") == F.col("r.id")) & (F.col("a.run") < F.col("r.run")),
                                    "left_anti")
        if batch:
            taken = self.spark.createDataFrame([(i,) for i in batch], "id string")
            rows = rows.join(F.broadcast(taken), "id", "left_anti")
        return rows

    def edges(self, batch: list[str]):
        """A `find_edges` for cluster_graph: the free articles' candidate edges against the whole index,
        the stored articles read from the tables on the executors. `batch`: this run's articles (their
        vectors come from the driver's index, whichever were stored before)."""
        batch_ids = set(batch)

        def find_edges(free, index, settings):
            import numpy as np

            from ..cluster import Edges
            taken = set(free)
            all_ids = list(free) + [i for i in index.story_of if i not in taken]
            placed = [i for i in all_ids[len(free):] if i in batch_ids]     # the batch's articles in stories
            # and articles of reopened stories that are not free either (copies): no nodes of this graph
            out = [i for i in index.vectors if i not in index.story_of and i not in taken and i not in batch_ids]
            side = _side(index, list(free), placed)
            pos = {a: k for k, a in enumerate(all_ids)}
            i, j, w = [], [], []
            for r in self._edges(side, settings, batch + out).toLocalIterator():
                i.append(pos[r["i"]])
                j.append(pos[r["j"]])
                w.append(r["w"])
            piece = (np.asarray(i, dtype=np.int32), np.asarray(j, dtype=np.int32), np.asarray(w, dtype=np.float32))
            return Edges.from_parts([piece] if i else [], len(all_ids)), all_ids
        return find_edges

    def _edges(self, side: dict, settings: Settings, batch: list[str]):
        """(i, j, w), i < j: the merged edges of the three kinds of task."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        shared = self.spark.sparkContext.broadcast(pickle.dumps(side, protocol=pickle.HIGHEST_PROTOCOL))
        block = self.block
        global_only = replace(settings, local_terms=False)

        def alone(frames):
            for _ in frames:
                yield _task_edges(pickle.loads(shared.value), None, global_only, None)

        def split(frames):
            import pandas as pd
            got = [f for f in frames if len(f)]
            if got:
                yield _task_edges(pickle.loads(shared.value), pd.concat(got, ignore_index=True), global_only, None)

        def around(key, pdf):
            real = pdf[pdf["id"].notna()]
            return _task_edges(pickle.loads(shared.value), real, settings, (int(key[0]), block))

        stored = self.stored(batch)
        found = [self.spark.range(1).mapInPandas(alone, EDGES), stored.mapInPandas(split, EDGES)]
        blocks = sorted({int(math.floor(d / block)) for d in side["days"].values() if d is not None})
        if settings.local_terms and blocks:
            keys = self.spark.createDataFrame([(b,) for b in blocks], "key long")
            near = (stored.where("block >= 0").withColumn("key", F.explode(F.array(F.col("block") - 1, "block", F.col("block") + 1)))
                    .join(F.broadcast(keys), "key"))
            empty = keys.select("key", *[F.lit(None).cast(t).alias(c) for c, t in
                                         (x.split(" ", 1) for x in ARTICLES.split(", "))])
            found.append(near.unionByName(empty).groupBy("key").applyInPandas(around, EDGES))
        edges = found[0]
        for more in found[1:]:
            edges = edges.unionByName(more)
        best = edges.groupBy("i", "j").agg(F.max("w").alias("w"), F.max("k").alias("k"))
        top = best.withColumn("r", F.row_number().over(Window.partitionBy("i").orderBy(F.desc("w"), "j"))).where("r <= k")
        return (top.select(F.least("i", "j").alias("i"), F.greatest("i", "j").alias("j"), "w")
                .groupBy("i", "j").agg(F.max("w").alias("w")))


def _side(index, free: list[str], placed: list[str]) -> dict:
    """What every task needs of the driver's index: the document frequencies, and the free and `placed`
    articles (the batch's, already in stories) with their vectors, dates and days (all bounded by the batch)."""
    from ..cluster import day_of
    ids = free + placed
    return {"df": index.df, "n_docs": index.n_docs, "free": free, "placed": placed,
            "vectors": {i: (index.vectors[i].ids, index.vectors[i].vals) for i in ids},
            "dates": {i: index.dates.get(i) for i in ids}, "days": {i: day_of(index.dates.get(i)) for i in free},
            "dense": {i: index.dense[i] for i in ids if i in index.dense}}


def _task_edges(side: dict, stored, settings: Settings, around: tuple[int, float] | None):
    """One task's directed edges (i: a free article, j, w, k: how many neighbours i keeps): the one-process
    code over the batch's nodes and the `stored` rows (pandas, or None). `around` (block, days): only the
    free articles of that block of days, with the local terms (`stored` holds its neighbourhood)."""
    import numpy as np
    import pandas as pd

    from ..cluster import HEADLINE_NEIGHBOURS, NEIGHBOURS, SHORT_TERMS, StoryIndex, TermVector, edge_parts
    index = StoryIndex()
    index.df, index.n_docs = side["df"], side["n_docs"]
    free = side["free"]
    for i, (ids, vals) in side["vectors"].items():
        index.vectors[i] = TermVector.of(np.asarray(ids, np.int32), np.asarray(vals, np.float32))
    index.dates = dict(side["dates"])
    index.dense = {i: np.asarray(v, np.float32) for i, v in side["dense"].items()}
    order = list(side["placed"])
    if stored is not None and len(stored):
        for r in stored.itertuples(index=False):
            index.vectors[r.id] = TermVector.of(np.asarray(r.ids, np.int32), np.asarray(r.vals, np.float32))
            index.dates[r.id] = r.date
            if r.dense is not None:
                index.dense[r.id] = np.asarray(r.dense, np.float32)
            order.append(r.id)
    index.story_of = dict.fromkeys(order, "")      # (edge_parts reads only its order)
    rows = range(len(free))
    if around is not None:
        key, block = around
        rows = [k for k, i in enumerate(free) if (d := side["days"][i]) is not None and math.floor(d / block) == key]
    out = {"i": [], "j": [], "w": [], "k": []}
    if rows:
        pieces, all_ids = edge_parts(free, index, settings, rows)
        names = np.asarray(all_ids, dtype=object)
        # how many neighbours each free article keeps (its rows come first in the node order)
        keeps = np.array([HEADLINE_NEIGHBOURS if len(index.vectors[i]) < SHORT_TERMS else NEIGHBOURS for i in free], dtype=np.int32)
        for a, b, w in pieces:
            out["i"].append(names[a])
            out["j"].append(names[b])
            out["w"].append(w.astype(np.float64))
            out["k"].append(keeps[a])
    if not out["i"]:
        return pd.DataFrame({"i": pd.Series([], dtype=object), "j": pd.Series([], dtype=object),
                             "w": pd.Series([], dtype=np.float64), "k": pd.Series([], dtype=np.int32)})
    return pd.DataFrame({c: np.concatenate(v) for c, v in out.items()})


def _text(value) -> str:
    return value.decode() if isinstance(value, (bytes, bytearray)) else str(value)
