"""The Spark engine against one process, in one run: the same streams as bench/clustering.py's scale
curve (bench/pipeline.py's stream with new events: every dev article, then varied copies that are new
months of news) through `analyze` in one process and through `analyze --engine spark --master local[2]`.
Prints, per size and engine: time per stage, articles/s, Spark's shuffle bytes per stage (from its event
log), peak memory, and the agreement of the two runs (BCubed F1 of the stories; copy groups and analyses
that are the same). Each run is its own process, so its memory is its own.
Then a day's batch (the stream's next --batch articles) through each engine, as a run of its own, into a
copy of the one-process run's database: an incremental run (on Spark, its candidate edges against the
stored articles, read from the story index's Parquet tables on the executors, and the earlier runs' line
keys for cleaning from theirs; the tables a Spark run would have left are written from the store first,
untimed, their time printed), compared from the same stored stories.
Usage: .venv/bin/python bench/spark.py [--sizes 50000,200000] [--master local[2]] [--batch 1000]
"""
from __future__ import annotations

import argparse
import json
import logging
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import bcubed  # noqa: E402

STAGES = ("ingest+clean", "cluster", "copies", "analyse")


def one(n: int, engine: str, master: str, d: Path, batch: int = 0) -> dict:
    """One run (in this process): the stream of n articles into a new database; then, with `batch`, the
    stream's next `batch` articles (a day's batch) into a copy of that database, as a run of its own."""
    from pipeline import _jsonl, stream
    from storylens.config import Settings
    from storylens.store import Store
    src = d / f"stream{n}.jsonl"
    if not src.exists():
        _jsonl(src, [{k: v for k, v in r.items() if k != "_gold"} for r in stream(n, new_events=True)])
    store = Store(d / f"{engine}{n}.db")
    settings = Settings()
    sampler = _TreeMemory()
    t0 = time.perf_counter()
    if engine == "spark":
        from storylens import spark
        noted = _Noted("storylens.spark.grouping")
        events = d / f"events{n}"
        events.mkdir(exist_ok=True)
        rep = spark.analyze_paths([str(src)], store, settings, master,
                                  spark_conf={"spark.eventLog.enabled": "true", "spark.eventLog.dir": events.as_uri(),
                                              "spark.eventLog.compress": "false"})
        shuffle = _shuffle_bytes(events)
        noted.stop()
    else:
        from storylens.pipeline import analyze_paths
        rep = analyze_paths([str(src)], store, settings)
        shuffle = {}
    seconds = time.perf_counter() - t0
    sampler.stop()
    store.close()
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    got = {"seconds": seconds, "stages": rep.seconds, "read": rep.read, "shuffle": shuffle,
           "main_mb": main_mb, "tree_mb": sampler.peak_mb, "notes": noted.lines if engine == "spark" else []}
    if batch:
        got["batch"] = days_batch(n, batch, engine, master, d)
    return got


def days_batch(n: int, batch: int, engine: str, master: str, d: Path) -> dict:
    """The stream's next `batch` articles into a copy of the one-process first run's database (each engine
    from the same stored stories): seconds, stages, stories analysed."""
    import shutil

    from pipeline import _jsonl, stream
    from storylens.config import Settings
    from storylens.store import Store
    src = d / f"batch{n}+{batch}.jsonl"
    if not src.exists():
        _jsonl(src, [{k: v for k, v in r.items() if k != "_gold"} for r in stream(n + batch, new_events=True)[n:]])
    db = d / f"{engine}{n}+{batch}.db"
    shutil.copyfile(d / f"single{n}.db", db)    # (both engines from the same stored stories: the agreement is the batch's)
    store = Store(db)
    tables = 0.0
    if engine == "spark":
        # the tables a Spark first run leaves (the story index's, stored.py; the line keys', kept_lines.py),
        # made before the clock starts: the stored stories are one process's, and a store the tables are
        # behind would have them written again whole in the timed run (their own figure, printed)
        from storylens.spark.kept_lines import KeptLines
        from storylens.spark.session import spark_session
        from storylens.spark.stored import index_folder, keep_saved_index
        session = spark_session(master)
        t1 = time.perf_counter()
        keep_saved_index(session, store, index_folder(str(db), None), Settings())
        KeptLines(session, store, index_folder(str(db), None)).table()
        tables = time.perf_counter() - t1
        session.stop()
    t0 = time.perf_counter()
    notes = []
    if engine == "spark":
        from storylens import spark
        noted = _Noted("storylens.spark")    # (how much of the index the driver held)
        rep = spark.analyze_paths([str(src)], store, Settings(), master)
        noted.stop()
        notes = noted.lines
    else:
        from storylens.pipeline import analyze_paths
        rep = analyze_paths([str(src)], store, Settings())
    seconds = time.perf_counter() - t0
    store.close()
    return {"seconds": seconds, "stages": rep.seconds, "analysed": rep.stories_analysed, "tables": tables, "notes": notes}


class _Noted(logging.Handler):
    """The INFO lines one logger writes during a run (the Spark grouping's largest group)."""

    def __init__(self, name: str):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.logger = logging.getLogger(name)
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record) -> None:
        self.lines.append(record.getMessage())

    def stop(self) -> None:
        self.logger.removeHandler(self)


class _TreeMemory:
    """The peak of the summed resident memory of this process and all its descendants (the JVM, Spark's
    Python workers, a pool's processes), sampled every half second from /proc."""

    def __init__(self):
        import threading
        self.peak_mb, self._done = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import os
        me = os.getpid()
        while not self._done.wait(0.5):
            parent: dict[int, int] = {}
            rss: dict[int, int] = {}
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                    parent[int(pid)], rss[int(pid)] = int(stat[1]), int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
                except (OSError, IndexError, ValueError):
                    continue
            tree, total = {me}, 0
            for _ in range(6):   # descendants, a few levels deep
                tree |= {p for p, pp in parent.items() if pp in tree}
            total = sum(rss.get(p, 0) for p in tree)
            self.peak_mb = max(self.peak_mb, total / 1e6)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _shuffle_bytes(events: Path) -> dict[str, int]:
    """Shuffle bytes written per storylens stage (the job description the engine sets), from the event log."""
    stage_of: dict[int, str] = {}
    out: dict[str, int] = {}
    for log in sorted(p for p in events.rglob("*") if p.is_file()):   # (event log v2: a folder of parts)
        for line in log.open(errors="replace"):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e["Event"] == "SparkListenerJobStart":
                what = (e.get("Properties") or {}).get("spark.job.description") or "other"
                for s in e["Stage IDs"]:
                    stage_of[s] = what
            elif e["Event"] == "SparkListenerTaskEnd":
                m = (e.get("Task Metrics") or {}).get("Shuffle Write Metrics") or {}
                what = stage_of.get(e["Stage ID"], "other")
                out[what] = out.get(what, 0) + int(m.get("Shuffle Bytes Written", 0))
    return out


def memberships(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return {a: s for a, s in con.execute("SELECT article_id, story_id FROM story_articles")}
    finally:
        con.close()


def same_rows(a: Path, b: Path, sql: str) -> tuple[int, int]:
    """(rows of `sql` in both databases alike, rows in the single-process one)."""
    rows = []
    for db in (a, b):
        con = sqlite3.connect(db)
        rows.append(set(con.execute(sql)))
        con.close()
    return len(rows[0] & rows[1]), len(rows[1])


def agreement(one_db: Path, spark_db: Path) -> tuple[float, tuple[int, int], tuple[int, int], tuple[int, int]]:
    """BCubed F1 of the Spark run's stories against one process's, and (same, all) stories, copy groups
    and analyses."""
    a, b = memberships(spark_db), memberships(one_db)
    ids = sorted(set(a) & set(b))
    _, _, f1 = bcubed([b[i] for i in ids], [a[i] for i in ids])
    return (f1, same_rows(spark_db, one_db, "SELECT story_id, group_concat(article_id) FROM "
                          "(SELECT * FROM story_articles ORDER BY article_id) GROUP BY story_id"),
            same_rows(spark_db, one_db, "SELECT story_id, kind, members_json FROM copy_groups"),
            same_rows(spark_db, one_db, "SELECT story_id, analysis_json FROM story_analysis"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="50000,200000")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--batch", type=int, default=1000, help="a day's batch into each size's stored articles (0: none)")
    ap.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="single", help=argparse.SUPPRESS)
    ap.add_argument("--dir", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.engine, args.master, Path(args.dir), args.batch)))
        return
    print(f"the scale curve's streams through one process and through Spark {args.master} on this machine "
          f"({__import__('os').cpu_count()} cores); each run its own process")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for n in [int(x) for x in args.sizes.split(",") if x]:
            got = {}
            for engine in ("single", "spark"):
                p = subprocess.run([sys.executable, __file__, "--one", str(n), "--engine", engine, "--master", args.master,
                                    "--dir", str(d), "--batch", str(args.batch)], capture_output=True, text=True)
                if p.returncode:
                    print(f"{n} articles, {engine}: failed: {p.stderr[-1500:]}")
                    break
                r = got[engine] = json.loads(p.stdout.strip().splitlines()[-1])
                stages = "  ".join(f"{s} {r['stages'].get(s, 0):.1f} s" for s in STAGES)
                print(f"{n:>7d} articles  {engine:6s} {r['seconds']:8.1f} s {n / r['seconds']:7.1f} articles/s   {stages}   "
                      f"peak: main {r['main_mb']:.0f} MB, all processes {r['tree_mb']:.0f} MB")
                for line in r.get("notes", []):
                    print(f"                          {line}")
                if r["shuffle"]:
                    print("                          shuffle written: " + "  ".join(
                        f"{k} {v / 1e6:.1f} MB" for k, v in sorted(r["shuffle"].items())))
            if len(got) < 2:
                continue
            f1, (same_st, all_st), (same_cp, all_cp), (same_an, all_an) = agreement(d / f"single{n}.db", d / f"spark{n}.db")
            print(f"{n:>7d} articles  agreement: stories BCubed F1 {f1:.4f} (target >= 0.99); the same stories "
                  f"{same_st}/{all_st}, copy groups {same_cp}/{all_cp}, analyses {same_an}/{all_an}")
            print(f"{n:>7d} articles  ratio Spark / one process: {got['spark']['seconds'] / got['single']['seconds']:.2f}x "
                  f"(target <= 2x); per stage: " + "  ".join(
                      f"{s} {got['spark']['stages'].get(s, 0) / max(1e-9, got['single']['stages'].get(s, 0)):.2f}x" for s in STAGES))
            if args.batch:
                _batch_lines(n, args.batch, got, d)


def _batch_lines(n: int, batch: int, got: dict, d: Path) -> None:
    """The day's batch into each engine's database: time per stage, the agreement of the two, the ratio."""
    for engine in ("single", "spark"):
        r = got[engine]["batch"]
        stages = "  ".join(f"{s} {r['stages'].get(s, 0):.1f} s" for s in STAGES)
        print(f"{n:>7d} + {batch} a day's batch  {engine:6s} {r['seconds']:7.1f} s   {stages}   {r['analysed']} stories analysed")
        if r.get("tables"):
            print(f"{'':>7s}   {'':>{len(str(batch))}s}                 (before it, untimed: the tables a Spark run leaves, "
                  f"written from the store in {r['tables']:.1f} s)")
        for line in r.get("notes", []):
            print(f"{'':>7s}   {'':>{len(str(batch))}s}                 {line}")
    f1, (same_st, all_st), _, (same_an, all_an) = agreement(d / f"single{n}+{batch}.db", d / f"spark{n}+{batch}.db")
    one_b, spark_b = got["single"]["batch"], got["spark"]["batch"]
    print(f"{n:>7d} + {batch} a day's batch  agreement: stories BCubed F1 {f1:.4f}; the same stories {same_st}/{all_st}, "
          f"analyses {same_an}/{all_an}; ratio Spark / one process: {spark_b['seconds'] / one_b['seconds']:.2f}x "
          f"(cluster {spark_b['stages'].get('cluster', 0) / max(1e-9, one_b['stages'].get('cluster', 0)):.2f}x)")


if __name__ == "__main__":
    main()
