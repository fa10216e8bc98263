"""The story index kept as Parquet tables between runs, read by the executors (a batch's candidate edges
against every stored article) and, for the stories a batch reaches, by the driver (partial_index.py).

Under the index folder (`<out>/index` with --out, else `<database>.index` beside the store):
  articles/  id, run, date, day (its day number; null when undated), ids and vals (the term vector,
             fixed once made), dense (a headline-only article's sentence vector, as the saved index
             rounds it), language, partitioned by block (day // the time window; -1 when undated). Each
             run appends the articles it placed; an article's latest row is its current version.
  stories/   id, run, seq, members (in order; null: the story is gone as of that run), first, last: each run
             appends the stories it loaded or made; a story's latest row is what it is. `seq` orders the
             stories as the saved index's dict does (a story keeps its place; a new one goes last).
  replaced/  id, run: an article whose new version run `run` indexed; its rows of earlier runs are stale.
The store keeps the rest, in the transaction that saves the run's stories: the vocabulary (document
frequencies, term names, language counts: state `cluster_vocabulary`) and the mark (state `spark_index`:
the folder, the runs whose rows count, the run it follows). A Spark run writes its rows first, then the
store commits: rows of a run that never committed are not among the mark's runs and are never read.
A Spark run leaves no saved blob (`cluster_index`); while it is gone the tables are the index, and one
process reads them whole (`whole_index`). A blob saved since (a run of one process) is the index again,
and the next Spark run writes the tables whole from it; so does a run that finds the tables kept in
another folder or under another block of days, having first saved what it read of them as the blob.

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
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ..config import Settings
from ..errors import StorylensError

__all__ = ["KeptIndex", "index_folder", "keep_saved_index", "whole_index"]

ARTICLES = ("id string, run long, date string, day double, ids array<int>, vals array<float>, "
            "dense array<float>, language string, block long")
STORIES = "id string, run long, seq long, members array<string>, first string, last string"
EDGES = "i string, j string, w double, k int"
STATE = "spark_index"
VOCABULARY = "cluster_vocabulary"
COMPACT_AT = 64     # runs whose rows count before the tables are copied, their current rows only, into one


def index_folder(store_path: str, out: str | Path | None) -> Path:
    """Where a store's index tables are kept: under the Parquet output when there is one, else beside it."""
    return Path(out) / "index" if out else Path(str(store_path) + ".index")


def keep_saved_index(spark, store, folder: Path, settings: Settings) -> int:
    """What a Spark run leaves, made from the store's saved index (for a store another engine made, ahead
    of its first incremental run on Spark): the tables written whole, the vocabulary and the mark saved,
    the blob gone. Returns how many articles they hold (0 when the store has no index yet: nothing written)."""
    from ..cluster import StoryIndex
    blob, run = store.load_state("cluster_index"), store.load_state("cluster_index_run")
    if not blob or not run:
        return 0
    index = StoryIndex.from_bytes(blob)
    kept = KeptIndex(spark, store, folder, settings)
    state = kept.write_whole(index, int(_text(run)))
    store.save_states({**state, "cluster_index": None})
    return len(index.story_of)


def vocabulary(index, languages: Counter, next_seq: int, n_stories: int) -> bytes:
    """The store's part of a Spark run's index: the per-term parts, with the language counts (translations
    are looked for only in a corpus of two languages or more), the next story's `seq`, the story count."""
    return index.vocabulary_bytes({"languages": dict(sorted(languages.items())), "next_seq": next_seq,
                                   "stories": n_stories})


class KeptIndex:
    """The index tables of one store at `folder`, read and written through the session `spark`."""

    def __init__(self, spark, store, folder: Path, settings: Settings):
        self.spark, self.store, self.folder, self.settings = spark, store, Path(folder).resolve(), settings
        self.block = max(1.0, settings.time_window_days)
        mark = json.loads(store.load_state(STATE) or b"{}") if store is not None else {}
        # the runs whose rows count (None: every row, for tables no store marks)
        self.runs: list[int] | None = (list(mark.get("runs") or []) if mark.get("folder") == str(self.folder) else []) \
            if store is not None else None
        # where the tables are: the folder, or the compacted copy the mark names in it
        self.tables = self.folder / mark["dir"] if mark.get("folder") == str(self.folder) and mark.get("dir") else self.folder
        self._stories_now = None
        self._short_now = None

    def current(self) -> bool:
        """Whether the tables hold what the store's index holds (written by the run that saved it last)."""
        got, saved = self.store.load_state(STATE), self.store.load_state("cluster_index_run")
        if not got or not saved:
            return False
        mark = json.loads(got)
        return (mark.get("folder") == str(self.folder) and mark.get("block") == self.block and "runs" in mark
                and str(mark.get("run")) == _text(saved) and (self.tables / "articles").is_dir()
                and (self.tables / "stories").is_dir())

    def write(self, index, ids: list[str], run: int, whole: bool, replaced: list[str] = (),
              stories: list[tuple] | None = None) -> None:
        """The rows of `ids` (articles of `index`), as run `run`'s: the tables rewritten with them alone
        (`whole`), or appended to; `replaced`, articles whose earlier rows are stale from now on; `stories`,
        story rows (id, seq, members or None, first, last): with `whole` and none given, every story of
        `index` in its order."""
        import numpy as np
        import pandas as pd

        from ..cluster import day_of
        rows = []
        for i in ids:
            v, date = index.vectors[i], index.dates.get(i)
            day = day_of(date)
            dense = index.dense.get(i)
            rows.append((i, run, date, day, np.asarray(v.ids, np.int32), np.asarray(v.vals, np.float32),
                         # (as the saved index keeps it: the next run reads what one process would)
                         None if dense is None else np.asarray(dense, np.float32).astype(np.float16).astype(np.float32),
                         index.languages.get(i), -1 if day is None else int(math.floor(day / self.block))))
        mode = "overwrite" if whole else "append"
        if whole:
            self.tables = self.folder
            if self.runs is not None:
                self.runs = [run]
        names = [c.split()[0] for c in ARTICLES.split(", ")]
        frame = pd.DataFrame(rows, columns=names) if rows else pd.DataFrame({c: [] for c in names})
        if rows or whole:
            (self.spark.createDataFrame(frame, ARTICLES).write.mode(mode).partitionBy("block")
             .parquet(str(self.tables / "articles")))
        if replaced or whole:
            (self.spark.createDataFrame([(i, run) for i in replaced], "id string, run long")
             .write.mode(mode).parquet(str(self.tables / "replaced")))
        if stories is None and whole:
            stories = [(sid, k, list(st.members), st.first, st.last) for k, sid in enumerate(index.stories)
                       for st in (index.stories[sid],)]
        if stories or whole:
            (self.spark.createDataFrame([(sid, run, seq, members, first, last) for sid, seq, members, first, last in stories or ()],
                                        STORIES).write.mode(mode).parquet(str(self.tables / "stories")))
        self._forget_now()

    def append_run(self, index, ids: list[str], run: int, replaced: list[str], stories: list[tuple],
                   compact_at: int = COMPACT_AT) -> bytes:
        """Run `run`'s rows appended (`write`); returns the mark for the store to commit with the run. Once
        more than `compact_at` runs' rows count, the tables are first copied, their current rows only, into
        a new folder (`compact-<run>`) the mark names: a run stopped before the store commits leaves the
        mark on the tables as they were, and the copy unread (removed by the next run, `tidy`)."""
        self.write(index, ids, run, False, replaced, stories)
        runs = list(self.runs or []) + [run]
        if len(runs) <= compact_at:
            return self.mark_state(run, runs)
        self._compact(run, runs)
        return self.mark_state(run, [run])

    def _compact(self, run: int, runs: list[int]) -> None:
        """The current rows of the tables (`runs` counting), as run `run`'s, written into `compact-<run>`, on
        the executors: each story's latest row (gone ones left out), each article's current row; no
        replaced ones."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        self.runs = runs
        self._forget_now()
        new = self.folder / f"compact-{run}"
        stories, _ = self._now()
        (stories.withColumn("run", F.lit(run).cast("long")).select(*[c.split()[0] for c in STORIES.split(", ")])
         .write.mode("overwrite").parquet(str(new / "stories")))
        latest = Window.partitionBy("id").orderBy(F.desc("run"))
        articles = self.stored([]).withColumn("_n", F.row_number().over(latest)).where("_n = 1")
        (articles.withColumn("run", F.lit(run).cast("long")).select(*[c.split()[0] for c in ARTICLES.split(", ")])
         .write.mode("overwrite").partitionBy("block").parquet(str(new / "articles")))
        self.spark.createDataFrame([], "id string, run long").write.mode("overwrite").parquet(str(new / "replaced"))
        self._forget_now()
        self.tables, self.runs = new, [run]

    def tidy(self) -> None:
        """Remove the tables of this folder the mark does not name (left by a compaction: the ones it
        copied, or a copy whose run never committed)."""
        import shutil
        stale = [p for p in self.folder.glob("compact-*") if p != self.tables]
        if self.tables != self.folder:
            stale += [self.folder / n for n in ("articles", "stories", "replaced")]
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)     # (a local folder; elsewhere it stays, unread)

    def _forget_now(self) -> None:
        if self._stories_now is not None:
            for frame in self._stories_now:
                frame.unpersist()
            self._stories_now = None
        if self._short_now is not None:
            self._short_now.unpersist()
            self._short_now = None

    def write_whole(self, index, run: int) -> dict[str, bytes]:
        """The tables written whole from a whole index, as run `run`'s; returns the store's state to commit."""
        self.write(index, list(index.story_of), run, whole=True)
        self.runs = [run]
        return {VOCABULARY: vocabulary(index, Counter(index.languages.values()), len(index.stories), len(index.stories)),
                STATE: self.mark_state(run, [run])}

    def mark_state(self, run: int, runs: list[int]) -> bytes:
        """The mark: the tables follow the store's index as run `run` left it; `runs`: whose rows count."""
        mark = {"folder": str(self.folder), "block": self.block, "run": run, "runs": runs}
        if self.tables != self.folder:
            mark["dir"] = self.tables.name
        return json.dumps(mark).encode()

    def mark(self, run: int) -> None:
        """Record that the tables, written whole as run `run`'s, follow the store's index as it saved it."""
        self.store.save_state(STATE, self.mark_state(run, [run]))
        self.runs = [run]

    def _rows(self, name: str, schema: str):
        from pyspark.sql import functions as F
        rows = self.spark.read.schema(schema).parquet(str(self.tables / name))
        return rows if self.runs is None else rows.where(F.col("run").isin(self.runs))

    def _latest(self, name: str, schema: str):
        """Each id's latest row among the runs that count."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        latest = Window.partitionBy("id").orderBy(F.desc("run"))
        return self._rows(name, schema).withColumn("_n", F.row_number().over(latest)).where("_n = 1").drop("_n")

    def stored(self, batch: list[str]):
        """The stored articles' rows (stale versions and the articles `batch` left out)."""
        from pyspark.sql import functions as F
        rows = self._rows("articles", ARTICLES)
        gone = self._rows("replaced", "id string, run long").alias("r")
        rows = rows.alias("a").join(F.broadcast(gone), (F.col("a.id") == F.col("r.id")) & (F.col("a.run") < F.col("r.run")),
                                    "left_anti")
        if batch:
            taken = self.spark.createDataFrame([(i,) for i in batch], "id string")
            rows = rows.join(F.broadcast(taken), "id", "left_anti")
        return rows

    # --- what the driver reads, bounded by the stories a batch reaches (partial_index.py) ---------------
    def _ids(self, ids, name: str = "id"):
        import pandas as pd
        return self.spark.createDataFrame(pd.DataFrame({name: list(ids)}, dtype=object), f"{name} string")   # (through Arrow)

    def _now(self):
        """The stories' current rows (gone ones left out) and their members exploded (story, article):
        read once per run, kept until the tables take the run's rows."""
        from pyspark.sql import functions as F
        if self._stories_now is None:
            now = (self._latest("stories", STORIES).where(F.col("members").isNotNull())
                   .select("id", "seq", "members", "first", "last").persist())
            self._stories_now = (now, now.select(F.col("id").alias("story"), F.explode("members").alias("article")).persist())
        return self._stories_now

    def stories_holding(self, ids: list[str] | None, counts: bool = False) -> list:
        """The current rows (id, seq, members, first, last) of the stories that hold any of `ids` (None:
        of every story); `counts`: with `short`, how many of a story's members are headline-only (counted
        here on the executors: the driver need not read their vectors to know)."""
        from pyspark.sql import functions as F
        if ids is not None and not ids:
            return []
        now, members = self._now()
        if ids is not None:
            held = members.join(F.broadcast(self._ids(ids, "article")), "article").select(F.col("story").alias("id")).distinct()
            now = now.join(held, "id")
        if counts:
            now = now.join(self._short(), "id", "left").fillna(0, ["short"])
        return now.collect()

    def _short(self):
        """Each current story's count of headline-only members (id, short): counted once per run, on the
        executors, when a load first asks for it."""
        from pyspark.sql import functions as F

        from ..cluster import SHORT_TERMS
        if self._short_now is None:
            _, members = self._now()
            terms = (self._rows("articles", ARTICLES).groupBy("id")
                     .agg(F.max_by(F.size("ids"), "run").alias("n")).withColumnRenamed("id", "article"))
            self._short_now = (members.join(terms, "article").groupBy(F.col("story").alias("id"))
                               .agg(F.sum(F.when(F.col("n") < SHORT_TERMS, 1).otherwise(0)).alias("short")).persist())
        return self._short_now

    def existing_stories(self, sids: list[str]) -> set[str]:
        """Which of these story ids the tables hold (and are not gone)."""
        if not sids:
            return set()
        from pyspark.sql import functions as F
        now, _ = self._now()
        return {r["id"] for r in now.join(F.broadcast(self._ids(sids)), "id").select("id").collect()}

    def article_rows(self, ids: list[str]):
        """The current rows (id, date, ids, vals, dense, language) of these articles, as a pandas frame
        (through Arrow: a batch may reach stories of hundreds of thousands of articles)."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        latest = Window.partitionBy("id").orderBy(F.desc("run"))
        return (self._rows("articles", ARTICLES).join(F.broadcast(self._ids(ids)), "id")
                .withColumn("_n", F.row_number().over(latest)).where("_n = 1")
                .select("id", "date", "ids", "vals", "dense", "language").toPandas())

    def edges(self, batch: list[str]):
        """A `find_edges` for cluster_graph: the free articles' candidate edges against the whole index,
        the stored articles read from the tables on the executors. `batch`: this run's articles (their
        vectors come from the driver's index, whichever were stored before)."""
        batch_ids = set(batch)

        def find_edges(free, index, settings):
            import numpy as np

            from ..cluster import Edges
            taken = set(free)
            placed = [i for i in index.story_of if i not in taken and i in batch_ids]     # the batch's articles in stories
            # and articles of reopened stories that are not free either (copies): no nodes of this graph
            out = [i for i in index.vectors if i not in index.story_of and i not in taken and i not in batch_ids]
            side = _side(index, list(free), placed)
            rows = [(r["i"], r["j"], r["w"]) for r in self._edges(side, settings, batch + out).toLocalIterator()]
            if hasattr(index, "load_stories_of"):
                # an index of the stories a batch reaches (partial_index.py): these edges reach these too
                index.load_stories_of(sorted({b for a, b, _ in rows if b not in taken} | {a for a, _, _ in rows if a not in taken}))
            all_ids = list(free) + [i for i in index.story_of if i not in taken]
            pos = {a: k for k, a in enumerate(all_ids)}
            i, j, w = [], [], []
            for a, b, v in rows:
                i.append(pos[a])
                j.append(pos[b])
                w.append(v)
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


def _latest_rows(folder: Path, name: str, columns: list[str], runs: list[int]):
    """Each id's latest row among `runs`, read whole without Spark (pyarrow), as a pandas frame."""
    import pyarrow.parquet as pq
    frame = pq.read_table(folder / name, columns=columns).to_pandas()
    frame = frame[frame["run"].isin(runs)]
    return frame.sort_values("run", kind="stable").drop_duplicates("id", keep="last")


def take_articles(index, rows) -> None:
    """Articles' rows of the tables (id, date, ids, vals, dense, language) into `index`, in their order."""
    import numpy as np

    from ..cluster import TermVector
    for r in rows:
        index.vectors[r.id] = TermVector.of(np.asarray(r.ids, np.int32), np.asarray(r.vals, np.float32))
        index.dates[r.id] = r.date
        if r.dense is not None:
            index.dense[r.id] = np.asarray(r.dense, np.float32)
        if r.language is not None:
            index.languages[r.id] = r.language


def whole_index(store):
    """The whole story index a Spark run kept as tables (no Spark needed: pyarrow reads them), as the saved
    blob would hold it: one process groups against it, or a Spark run of a corpus of several languages."""
    from ..cluster import StoryIndex
    got, run, vocab = store.load_state(STATE), store.load_state("cluster_index_run"), store.load_state(VOCABULARY)
    mark = json.loads(got) if got else {}
    folder = Path(mark.get("folder", "?")) / mark.get("dir", "")
    if not run or str(mark.get("run")) != _text(run) or "runs" not in mark or not vocab:
        raise StorylensError(f"the story index of {store.path} was kept by a Spark run in tables that do not follow the "
                             f"store (at {folder}, run {mark.get('run')}; the store's index is run {_text(run or b'?')})")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise StorylensError(f"the story index of {store.path} is kept in Parquet tables at {folder} by a Spark run: "
                             "reading them needs the spark extra (./setup.sh installs it)") from None
    if not (folder / "stories").is_dir() or not (folder / "articles").is_dir():
        raise StorylensError(f"the story index of {store.path} is kept in Parquet tables at {folder}, which are not there")
    index = StoryIndex()
    index.take_vocabulary(vocab)
    stories = _latest_rows(folder, "stories", ["id", "run", "seq", "members", "first", "last"], mark["runs"])
    stories = stories[stories["members"].notna()].sort_values("seq", kind="stable")
    rows = _latest_rows(folder, "articles", ["id", "run", "date", "ids", "vals", "dense", "language"], mark["runs"])
    by_id = {r.id: r for r in rows.itertuples(index=False)}
    take_articles(index, (by_id[a] for members in stories["members"] for a in members))
    for r in stories.itertuples(index=False):
        st = index.restored_story(r.id, list(r.members), r.first, r.last)
        index.stories[r.id] = st
        for a in st.members:
            index.story_of[a] = r.id
    return index
