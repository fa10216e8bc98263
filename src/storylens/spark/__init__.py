"""The Spark engine: the main job's stages on an Apache Spark cluster (local[N] or spark://host:port).

The order, as pipeline.py's for one process:
1-2. ingest and clean on the executors (articles.py: the project's own per-file and per-article
     functions in mapInPandas; the lines repeated across an outlet's pages from a counting pass, which
     reads earlier runs' lines from a Parquet table kept beside the index tables, kept_lines.py);
     the cleaned articles are exported into the SQLite store (the driver writes it, in input order);
3-4. grouping: pipeline.group_and_analyse over the store; a first run's grouping on Spark
     (grouping.first_run_result: copies, candidate edges, groups, average-link and ids as Spark steps),
     a later run's on the driver (the same code as one process) over the stories the batch reaches
     (partial_index.py: loaded from the story index's Parquet tables as the candidate edges reach them,
     whole only where grouping reads them), its candidate edges and translations against every stored
     article found on the executors, which read the stored articles from those tables (stored.py,
     translations.py); the copies of each touched story on the executors; the
     run's rows appended to the tables before the store commits the run with the vocabulary and the
     mark (the tables are the index: no saved blob is left);
5-6. the analysis of each story on the executors (models loaded once per Python worker), saved into
     the store by the driver;
and, with `out`, Parquet tables of the run (tables.py).

On a Spark Connect server (sc://) the same steps run through DataFrames only: the per-story jobs as rows
of pickled jobs (`_run_frames`), the candidate edges by the self-join (no broadcast variables); a later
run's grouping is one process's, on the driver.

Not yet distributed (issue 34, next steps): the per-story jobs, read from Parquet rather than sent from
the driver.
"""
from __future__ import annotations

import logging
import pickle
import time
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings
from ..ingest import iter_files
from ..model import Issue
from ..pipeline import Progress, RunReport, group_and_analyse, no_progress, save_cleaned
from ..store import Store

log = logging.getLogger(__name__)

ENGINES = ("single", "spark")


def analyze_paths(paths: Iterable[str], store: Store, settings: Settings, master: str = "local[2]",
                  out: str | Path | None = None, progress: Progress = no_progress,
                  spark_conf: dict[str, str] | None = None) -> RunReport:
    """The main job over files and folders on Spark; the store gets what a single-process run gives it,
    and the story index's articles are kept as Parquet tables for the next run (stored.py).
    `spark_conf`: more Spark settings for the session."""
    from .articles import ingest_and_clean
    from .kept_lines import KeptLines
    from .session import describe, spark_session
    from .stored import index_folder
    paths = [str(p) for p in paths]
    report = RunReport()
    spark = spark_session(master, conf=spark_conf)
    try:
        with store.writing(on_wait=log.warning):
            store.close_interrupted_runs()
            report.run_id = store.start_run(paths)
            t0 = time.perf_counter()
            describe(spark, "ingest+clean")   # (each stage's Spark jobs carry its name: the benchmark's shuffle bytes)
            files = []
            for f in iter_files(paths):
                (report.issues.append(f) if isinstance(f, Issue) else files.append(str(f)))
            earlier_lines = KeptLines(spark, store, index_folder(store.path, out)).table()
            cleaned, issues, new_lines, counts = ingest_and_clean(spark, files, store.article_hashes, earlier_lines, settings)
            report.issues += issues
            report.read, report.unchanged, report.changed = counts["read"], counts["unchanged"], counts["changed"]
            cleaned = cleaned.persist()
            save_cleaned((pickle.loads(r["payload"]) for r in cleaned.orderBy("seq").select("payload").toLocalIterator()),
                         store, report, progress)
            _export_lines(new_lines, store)
            if out:
                from .tables import write_articles
                write_articles(cleaned, Path(out), report.run_id)
            report.add_time("ingest+clean", t0)
            grouping = _SparkGrouping(cleaned, store, settings, out)
            group_and_analyse(store, settings, report, progress, SparkWorkers(spark, settings), grouping)
            cleaned.unpersist()
            if out:
                from .tables import write_story_tables
                describe(spark, "tables")
                write_story_tables(spark, store, Path(out))
        return report
    finally:
        spark.stop()


class _SparkGrouping:
    """pipeline.group_and_analyse's grouping on Spark, with the story index kept as Parquet tables
    (stored.py). A first run (the store holds no story yet and the articles to group are this run's):
    grouping.first_run_result. A run against stored stories (or over articles of an interrupted earlier
    run): one process's cluster() on the driver, over the stories the batch reaches (partial_index.py:
    loaded from the tables as its candidate edges reach them, most by their members alone), its
    candidate edges and translations against every stored article (the steps that grow with the store)
    found on the executors (stored.py, translations.py). The driver holds the whole index when the
    store's is a saved blob (a run of one process made it: the tables are written whole from it), and
    when the tables were kept elsewhere or under other settings (read whole, saved as a blob while they
    are written again).
    `kept_index(index, run)`, before the store saves the run: the tables take the run's rows, and the
    store is given the vocabulary and the mark to commit with its stories. On a Spark Connect server,
    which has no broadcast variables, the driver groups as one process does, with a saved blob."""

    def __init__(self, cleaned, store: Store, settings: Settings, out: str | Path | None):
        from .stored import index_folder
        self.cleaned, self.store, self.settings = cleaned, store, settings
        self.folder = index_folder(store.path, out)
        self.batch: list[str] = []
        self.kept = None         # stored.KeptIndex the edges read (None: a Connect session, or a first run)

    @property
    def connect(self) -> bool:
        from .session import is_connect
        return is_connect(self.cleaned.sparkSession)

    def load_index(self, ids: list[str], articles):
        from ..pipeline import saved_index
        from .partial_index import PartialIndex
        from .stored import VOCABULARY, KeptIndex, whole_index
        self.batch = list(ids)
        if self.connect or self.store.load_state("cluster_index") or not self.store.load_state("cluster_index_run"):
            return saved_index(self.store)
        kept = KeptIndex(self.cleaned.sparkSession, self.store, self.folder, self.settings)
        vocab = self.store.load_state(VOCABULARY)
        if not kept.current() or not vocab:
            # kept elsewhere, or under another block of days: read whole, to be written whole here; the
            # blob stands for the index meanwhile (a run stopped while the tables are rewritten loses nothing)
            index = whole_index(self.store)
            self.store.save_state("cluster_index", index.to_bytes())
            return index
        kept.tidy()                             # (tables a compaction left behind)
        index = PartialIndex(kept, vocab)
        index.load_stories_of(self.batch, whole=True)   # (a new version leaves the story its article was in)
        return index

    def __call__(self, articles, index, earlier):
        from ..cluster import cluster
        from .grouping import first_run_result
        from .session import describe
        from .partial_index import PartialIndex
        from .stored import KeptIndex
        from .translations import translation_finder
        spark = self.cleaned.sparkSession
        describe(spark, "cluster")
        batch = [a.id for a in articles]
        if index.stories or index.vectors:
            if self.connect:
                return None
            kept = getattr(index, "kept", None) or KeptIndex(spark, self.store, self.folder, self.settings)
            if not kept.current():
                log.info("the index tables at %s are behind the store: written again from its index", self.folder)
                kept.write(index, list(index.story_of), 0, whole=True)
            self.kept = kept
            partial = isinstance(index, PartialIndex)
            return cluster(articles, index, self.settings, earlier, find_edges=kept.edges(batch),
                           find_translations=translation_finder(kept, batch) if partial else None)
        rows = self.cleaned.where("not_article IS NULL").select("id", "seq", "payload")
        ids = {r["id"] for r in rows.select("id").collect()}
        if ids != set(batch):
            return None
        # (a Connect session has no broadcast variables: its candidate edges come from the self-join)
        return first_run_result(rows, articles, index, self.settings, earlier, blocked=not self.connect)

    def kept_index(self, index, run: int) -> tuple[bytes | None, dict[str, bytes]]:
        """What the store saves of the index after run `run`: on a Connect session the blob; else nothing
        (the blob goes), the tables having taken the run's rows first: appended for a partial index, else
        written whole; and the vocabulary and the mark, for the store's transaction."""
        from .partial_index import PartialIndex
        from .session import describe
        from .stored import STATE, VOCABULARY, KeptIndex, vocabulary
        if self.connect:
            return index.to_bytes(), {}
        spark = self.cleaned.sparkSession
        describe(spark, "index tables")
        kept = self.kept or KeptIndex(spark, self.store, self.folder, self.settings)
        if not isinstance(index, PartialIndex):
            return None, kept.write_whole(index, run)
        rows, next_seq = index.rows()
        light = sum(1 for s in index.stories.loaded if index.is_light(s))
        log.info("the driver held %d of the %d stored stories, those the batch reached: %d by their members alone, "
                 "%d whole (%d articles' vectors, with the batch's)",
                 len(index.stories.loaded), index.n_stored, light, len(index.stories.loaded) - light, len(index.vectors))
        replaced = sorted(self.store.stories_of(self.batch))      # the batch's articles that were placed before
        mark = kept.append_run(index, [i for i in self.batch if i in index.story_of], run, replaced, rows)
        return None, {VOCABULARY: vocabulary(index, index.languages_now(), next_seq, index.stories_now()), STATE: mark}


def _export_lines(new_lines, store: Store) -> None:
    """The run's lines (each article's distinct line keys), the corpus evidence the next run loads."""
    rows = []
    for r in new_lines.orderBy("seq", "key").toLocalIterator():
        rows.append((int(r["key"]), r["id"], r["hint"]))
        if len(rows) >= 50_000:
            store.save_repeat_rows(rows)
            rows = []
    if rows:
        store.save_repeat_rows(rows)


STAGE_OF = {"_worker_copies": "copies", "_worker_analyse": "analyse"}
JOBS_PER_TASK = 16   # stories per Spark task, at most (a task's results travel to the driver together)


class SparkWorkers:
    """pipeline.group_and_analyse's per-story jobs (copies, analysis) run as Spark tasks: the same worker
    functions as one machine's processes, the model and embedder loaded once per Python worker; results
    come back in the jobs' order, BATCH jobs at a time."""

    BATCH = 512

    def __init__(self, spark, settings: Settings):
        self.spark, self.settings = spark, settings
        self.parallel: int | None = None

    def map(self, fn, jobs: Iterable[tuple], n_jobs: int, chunksize: int = 4) -> Iterator:
        batch: list[tuple] = []
        for job in jobs:
            batch.append(job)
            if len(batch) >= self.BATCH:
                yield from self._run(fn, batch)
                batch = []
        if batch:
            yield from self._run(fn, batch)

    def _run(self, fn, batch: list[tuple]) -> Iterator:
        """The batch's results in order, a partition at a time (a story's results, with the sentence
        vectors of its articles, can be megabytes: collecting a whole batch at once overran the driver)."""
        from .session import default_parallelism, describe, is_connect
        describe(self.spark, STAGE_OF.get(fn.__name__, fn.__name__))
        task = _Task(fn, self.settings)
        if self.parallel is None:
            self.parallel = default_parallelism(self.spark)
        parts = max(1, min(len(batch), max(4 * self.parallel, len(batch) // JOBS_PER_TASK)))
        if is_connect(self.spark):
            return _run_frames(self.spark, task, batch, parts)
        return self.spark.sparkContext.parallelize(batch, parts).map(task).toLocalIterator(prefetchPartitions=True)

    def warm(self) -> None:
        pass   # (the executors load their models with their first task)

    def close(self) -> None:
        pass


def _run_frames(spark, task: "_Task", batch: list[tuple], parts: int) -> Iterator:
    """The batch's results in order through DataFrames (a Spark Connect session has no RDDs): the jobs
    pickled into a column, `task` run on them by mapInPandas, the results read back in the jobs' order."""
    import pandas as pd
    jobs = spark.createDataFrame([(n, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)) for n, job in enumerate(batch)],
                                 "n long, job binary").repartition(parts)

    def run(frames):
        for pdf in frames:
            for n, job in zip(pdf["n"].tolist(), pdf["job"].tolist()):   # (a result per frame: some are megabytes)
                yield pd.DataFrame({"n": [n], "result": [pickle.dumps(task(pickle.loads(job)), protocol=pickle.HIGHEST_PROTOCOL)]})
    for r in jobs.mapInPandas(run, "n long, result binary").orderBy("n").toLocalIterator():
        yield pickle.loads(r["result"])


class _Task:
    """One per-story job on an executor: the worker state (models) made once per Python worker."""

    def __init__(self, fn, settings: Settings):
        self.fn, self.settings = fn, settings

    def __call__(self, job: tuple):
        from ..pipeline import worker_ready
        worker_ready(self.settings)
        return self.fn(job)
