"""The Spark engine gives what one process gives: the real CLI with --engine spark, on Spark local mode
and on a standalone master and worker started here on 127.0.0.1, compared table by table with a
single-process run of the same input."""
import gzip
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import EXAMPLE, EXE, ROOT

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)

ENV = dict(os.environ, NO_COLOR="1")
DATA = ROOT.parent / "shared" / "data"
TABLES = {
    "articles": "SELECT id, origin, url, title, outlet, published, published_inferred, meta_json, extra_json, clean_text, "
                "content_hash, not_article FROM articles ORDER BY id",
    "removed": "SELECT article_id, start, end, text, reason, kind FROM removed_spans ORDER BY article_id, start, end, text",
    "memberships": "SELECT story_id, article_id, similarity, reason, nearest, shared_json FROM story_articles ORDER BY article_id",
    "stories": "SELECT id, headline, summary, first_date, last_date, n_articles, n_sources, n_outlets, outlets_json "
               "FROM stories ORDER BY id",
    "copies": "SELECT story_id, kind, original, evidence, members_json FROM copy_groups ORDER BY story_id, members_json, kind",
    "analyses": "SELECT story_id, analysis_json FROM story_analysis ORDER BY story_id",
    "readings": "SELECT article_id, version, readings_json FROM article_readings ORDER BY article_id",
    "repeat lines": "SELECT line, article_id, outlet FROM repeat_lines ORDER BY article_id, line",
    "entities": "SELECT story_id, key, name, type, role, mentions FROM entities ORDER BY story_id, key",
}


def analyze(*args, timeout=1200, env=None):
    p = subprocess.run([str(EXE), "analyze", *map(str, args)], capture_output=True, text=True, timeout=timeout,
                       env=env or ENV)
    assert p.returncode == 0, p.stderr[-3000:]
    return p


def dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        return {name: [tuple(r) for r in con.execute(sql)] for name, sql in TABLES.items()}
    finally:
        con.close()


def assert_same(spark_db: Path, single_db: Path) -> None:
    a, b = dump(spark_db), dump(single_db)
    for name in TABLES:
        assert a[name] == b[name], f"{name} differ: {len(a[name])} rows on Spark, {len(b[name])} in one process"


@pytest.fixture(scope="module")
def single_example(tmp_path_factory):
    db = tmp_path_factory.mktemp("single") / "ex.db"
    analyze(EXAMPLE, "--db", db, "-q")
    return db


@pytest.mark.parametrize("where", ["local", "connect"])
def test_a_spark_run_on_a_database_one_process_made_gives_what_one_process_gives(where, request, tmp_path):
    """Three of the example's articles through one process, then the other two through Spark: the Spark run
    finds no tables of its own, writes the story index's and the line keys' tables from the store first,
    and the database ends as two runs of one process leave it. Through a Spark Connect server too (its
    later run groups on the driver, with no index tables; the line keys' table is read all the same)."""
    pq = pytest.importorskip("pyarrow.parquet")
    master = "local[2]" if where == "local" else request.getfixturevalue("connect_server")
    files = sorted(EXAMPLE.iterdir())
    first, later = tmp_path / "first", tmp_path / "later"
    for folder, part in ((first, files[:3]), (later, files[3:])):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    one, mixed = tmp_path / "one.db", tmp_path / "mixed.db"
    for db in (one, mixed):
        analyze(first, "--db", db, "-q")
    analyze(later, "--db", one, "-q")
    analyze(later, "--db", mixed, "--engine", "spark", "--master", master, "-q")
    assert_same(mixed, one)
    con = sqlite3.connect(mixed)
    lines = sorted(tuple(r) for r in con.execute("SELECT line, article_id, outlet FROM repeat_lines"))
    placed = {r[0] for r in con.execute("SELECT article_id FROM story_articles")}
    con.close()
    # the tables the next Spark run reads: the line keys of the first run (the second's are added by the
    # run after it), the story index's articles of both runs
    kept_lines = pq.read_table(tmp_path / "mixed.db.index" / "lines").to_pylist()
    first_ids = {f.stem for f in files[:3]}
    assert sorted((r["key"], r["id"], r["hint"]) for r in kept_lines) == [r for r in lines if r[1] in first_ids]
    assert len(kept_lines) > 0
    if where == "local":
        kept = pq.read_table(tmp_path / "mixed.db.index" / "articles").to_pylist()
        assert {r["id"] for r in kept} == placed


def _parquet_tables_hold_the_first_run(out: Path) -> None:
    """The Parquet output of a first Spark run on the example, partitioned by day, and the story index's
    articles the next run's candidate edges read (stored.py)."""
    import pyarrow.parquet as pq
    articles = pq.read_table(out / "articles").to_pylist()
    assert sorted(r["id"][:3] for r in articles) == ["000", "001", "002", "003", "004"]
    assert all(r["run_id"] == 1 for r in articles)
    assert {p.name for p in (out / "stories").iterdir() if p.is_dir()} >= {"day=2020-11-16"}
    stories = pq.read_table(out / "stories").to_pylist()
    members = pq.read_table(out / "memberships").to_pylist()
    analyses = pq.read_table(out / "analyses").to_pylist()
    assert len(stories) == 2 and len(members) == 5 and len(analyses) == 2
    assert {json.loads(r["analysis_json"])["headline"]["text"] for r in analyses} == {r["headline"] for r in stories}
    kept = pq.read_table(out / "index" / "articles").to_pylist()
    assert sorted(r["id"] for r in kept) == sorted(r["id"] for r in articles)
    assert all(r["run"] == 1 and len(r["ids"]) == len(r["vals"]) > 0 for r in kept)


def test_runs_alternating_between_spark_and_one_process_give_what_one_process_gives(tmp_path):
    """Five runs on the example's folder, each through Spark (or one process) and through one process,
    the two databases compared table for table after each:
    1. the example (a first run on Spark: its index kept as tables, no blob saved), with the Parquet
       output (--out), then the same files again on Spark (nothing new: nothing analysed again);
    2. a new version of one article (it leaves its story: the driver loads that story and those the
       batch's edges reach, and the run's rows are appended);
    3. a Russian rendering of another (tests/dedup/data): two languages, its candidate translations
       found on the executors among the stored articles, and it joins its original's story;
    4. a new version of a third, with its tables kept elsewhere (another --out): the index read whole
       from where they were, kept as the blob while the tables are written whole here;
    5. a new version of a fourth through one process, which reads those tables whole."""
    files = sorted(EXAMPLE.iterdir())
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    one, mixed = tmp_path / "one.db", tmp_path / "mixed.db"
    spark = ("--engine", "spark", "--master", "local[2]")

    def edit(n: int) -> None:
        page = folder / files[n].name
        page.write_text(page.read_text() + f"\n\nUpdate {n}: this page was edited after it first ran, and says so here.\n")

    def state() -> dict:
        con = sqlite3.connect(mixed)
        got = dict(con.execute("SELECT key, value FROM state WHERE key IN ('cluster_index', 'spark_index')").fetchall())
        con.close()
        return got

    out = tmp_path / "tables"
    steps = [(lambda: None, (*spark, "--out", out)), (lambda: edit(1), (*spark, "--out", out)),
             (lambda: shutil.copy(ROOT / "tests" / "dedup" / "data" / "004_ru.txt", folder), (*spark, "--out", out)),
             (lambda: edit(2), (*spark, "--out", tmp_path / "elsewhere")), (lambda: edit(3), ())]
    runs = []
    for n, (change, engine) in enumerate(steps, 1):
        change()
        analyze(folder, "--db", one, "-q")
        p = analyze(folder, "--db", mixed, *engine)
        assert_same(mixed, one)
        if n == 1:
            assert "2 stories from 5 articles" in p.stdout
            _parquet_tables_hold_the_first_run(out)
            # a second run of the same files: every article unchanged, nothing analysed again, nothing lost
            p = analyze(folder, "--db", mixed, *engine)
            assert "0 new article(s), 5 unchanged, 0 story(ies) analysed" in p.stdout
            assert_same(mixed, one)
        got = state()
        if engine:
            # the Spark runs keep the index as tables only: each run's rows appended, or written whole elsewhere
            # (the run of unchanged files after the first counts a run of its own, and leaves no rows)
            mark = json.loads(got["spark_index"])
            runs = [mark["run"]] if n == 4 else runs + [mark["run"]]
            assert "cluster_index" not in got and mark["runs"] == runs and mark["run"] == n + (n > 1)
        else:
            assert got["cluster_index"]    # (one process saves its index whole again)
        if n >= 3:      # (and it stays there when later runs regroup its story)
            con = sqlite3.connect(mixed)
            story = dict(con.execute("SELECT article_id, story_id FROM story_articles"))
            kinds = con.execute("SELECT kind FROM copy_groups WHERE story_id = ?", (story["004_ru"],)).fetchall()
            con.close()
            assert story["004_ru"] == story[next(a for a in story if a.startswith("004_e"))] and kinds == [("translation",)]
        if n == 4:
            assert Path(json.loads(got["spark_index"])["folder"]) == (tmp_path / "elsewhere" / "index").resolve()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def standalone(tmp_path_factory):
    """A real Spark standalone master and one worker (2 cores) on 127.0.0.1, stopped after the tests."""
    import pyspark
    spark_class = Path(pyspark.__file__).parent / "bin" / "spark-class"
    port, ui = _free_port(), _free_port()
    logs = tmp_path_factory.mktemp("standalone")
    env = dict(ENV, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable, SPARK_WORKER_DIR=str(logs / "work"))
    master = subprocess.Popen([str(spark_class), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                               "--port", str(port), "--webui-port", str(ui)],
                              stdout=open(logs / "master.log", "w"), stderr=subprocess.STDOUT, env=env)
    url = f"spark://127.0.0.1:{port}"
    worker = subprocess.Popen([str(spark_class), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                               "--cores", "2", "--memory", "6g", "--webui-port", str(_free_port()), url],
                              stdout=open(logs / "worker.log", "w"), stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 120
        while True:   # the master lists the worker once it has registered
            try:
                state = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=5).read())
                if any(w.get("state") == "ALIVE" for w in state.get("workers", [])):
                    break
            except OSError:
                pass
            assert time.time() < deadline, (logs / "master.log").read_text()[-2000:] + (logs / "worker.log").read_text()[-2000:]
            assert master.poll() is None and worker.poll() is None, (logs / "master.log").read_text()[-2000:]
            time.sleep(1)
        yield url
    finally:
        _stop(worker, master)


def _stop(*procs) -> None:
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_standalone_cluster_gives_the_single_process_database(standalone, single_example, tmp_path):
    db = tmp_path / "ex.db"
    analyze(EXAMPLE, "--db", db, "--engine", "spark", "--master", standalone)
    assert_same(db, single_example)


@pytest.fixture(scope="module")
def connect_server(tmp_path_factory):
    """A real Spark Connect server (local[2]) on 127.0.0.1, its Python workers this environment's, stopped
    after the tests."""
    pytest.importorskip("grpc", reason="pyspark's connect extra is not installed (./setup.sh installs it)")
    import pyspark
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    port = _free_port()
    logs = tmp_path_factory.mktemp("connect")
    env = dict(ENV, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable, HF_HUB_OFFLINE="1")
    server = subprocess.Popen([str(submit), "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
                               "--master", "local[2]", "--driver-memory", "4g",
                               "--conf", f"spark.connect.grpc.binding.port={port}",
                               "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
                               "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                               "--conf", "spark.python.worker.reuse=true"],
                              stdout=open(logs / "server.log", "w"), stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 180
        while True:   # the server listens once its driver is up
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                pass
            assert time.time() < deadline and server.poll() is None, (logs / "server.log").read_text()[-3000:]
            time.sleep(1)
        yield f"sc://127.0.0.1:{port}"
    finally:
        _stop(server)


def test_spark_connect_server_gives_the_single_process_database(connect_server, single_example, tmp_path):
    """Through Spark Connect (no RDDs, no broadcast variables: the per-story jobs travel as DataFrame rows,
    candidate edges come from the self-join) the database is the one a single process makes."""
    pq = pytest.importorskip("pyarrow.parquet")
    db, out = tmp_path / "ex.db", tmp_path / "tables"    # (the server is on this machine: it writes the tables here)
    analyze(EXAMPLE, "--db", db, "--engine", "spark", "--master", connect_server, "--out", out)
    assert_same(db, single_example)
    assert len(pq.read_table(out / "analyses").to_pylist()) == 2


def _bcubed(a: dict[str, str], b: dict[str, str]) -> float:
    """BCubed F1 of grouping `a` against grouping `b` (article -> group), over the articles of both."""
    items = sorted(set(a) & set(b))
    ga, gb = {}, {}
    for i in items:
        ga.setdefault(a[i], set()).add(i)
        gb.setdefault(b[i], set()).add(i)
    p = sum(len(ga[a[i]] & gb[b[i]]) / len(ga[a[i]]) for i in items) / len(items)
    r = sum(len(ga[a[i]] & gb[b[i]]) / len(gb[b[i]]) for i in items) / len(items)
    return 2 * p * r / (p + r)


# footers of made-up outlets, written for this test: a line repeated across an outlet's pages is chrome
FOOTERS = {"northgazette": "Get the North Gazette evening digest delivered to your inbox every weekday.",
           "harbourwire": "Harbour Wire is supported by readers like you, so please consider donating today.",
           "valleyherald": "Follow the Valley Herald on every social network for more local reporting."}


@pytest.mark.skipif(not (DATA / "uci-headlines-dev.jsonl.gz").exists(), reason="../shared/data is not here")
def test_local_mode_on_two_thousand_articles_gives_the_same_stories_copies_and_analyses(tmp_path):
    """1,700 feed headlines and 300 full articles (two kinds of grouping, copies among the reprints) in two
    runs, cleaned in chunks of 450 articles. Some full articles are pages of three outlets that end in the
    outlet's footer; one process counts each chunk's lines before cleaning it, so a footer's verdict
    ("repeated across 8 articles of ...") grows from chunk to chunk: the Spark engine counts all lines
    at once and must give each chunk the evidence it had then."""
    import random
    with gzip.open(DATA / "uci-headlines-dev.jsonl.gz", "rt") as f:
        heads = [json.loads(line) for line, _ in zip(f, range(1700))]
    with gzip.open(DATA / "ecbplus-dev.jsonl.gz", "rt") as f:
        full = [json.loads(line) for line, _ in zip(f, range(300))]
    records = [{k: r[k] for k in ("id", "title", "url", "source", "published")} for r in heads]
    outlets = list(FOOTERS)
    for n, r in enumerate(full):
        rec = {"id": r["id"], "text": r["text"]}
        if n % 10 < len(outlets):     # 90 pages of the three outlets, spread over the input
            outlet = outlets[n % 10]
            rec = {"id": r["id"], "url": f"https://www.{outlet}.example/news/{n}", "text": r["text"] + "\n\n" + FOOTERS[outlet]}
        records.append(rec)
    random.Random(5).shuffle(records)
    # two runs: 1,500 articles (a first run, grouped on Spark), then 500 more against their stories (an
    # incremental run: reopened stories, copies of stored articles, the candidate edges on the executors)
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:1500]))
    later.write_text("".join(json.dumps(r) + "\n" for r in records[1500:]))
    one, spark = tmp_path / "one.db", tmp_path / "spark.db"
    env = dict(ENV, STORYLENS_CLEAN_CHUNK="450")
    for src in (first, later):
        analyze(src, "--db", one, "-q", env=env)
        analyze(src, "--db", spark, "--engine", "spark", "--master", "local[2]", "-q", env=env)
    a, b = dump(spark), dump(one)
    assert len(a["articles"]) == len(b["articles"]) == 2000
    # the chunks mattered: a footer's verdict counts the pages of its outlet seen up to the page's chunk
    verdicts = [r[4] for r in b["removed"] if r[3].strip() in FOOTERS.values() and r[4].startswith("repeated across")]
    assert len(verdicts) >= 60 and len(set(verdicts)) >= 6, verdicts
    story_a = {r[1]: r[0] for r in a["memberships"]}
    story_b = {r[1]: r[0] for r in b["memberships"]}
    assert _bcubed(story_a, story_b) >= 0.99
    for name in TABLES:
        assert a[name] == b[name], f"{name} differ"


def test_a_bad_master_or_setting_is_one_clear_line(tmp_path):
    for args, expected in ((("--master", "nonsense://x"), "is not a Spark master"),
                           (("--master", "sc://no host"), "is not a Spark Connect address"),
                           (("--master", "sc://127.0.0.1:1"), "cannot reach the Spark Connect server"),   # (nothing listens)
                           (("--spark-conf", "no-equals-sign"), "--spark-conf takes KEY=VALUE")):
        p = subprocess.run([str(EXE), "analyze", str(EXAMPLE), "--db", str(tmp_path / "x.db"), "--engine", "spark", *args],
                           capture_output=True, text=True, timeout=300, env=ENV)
        assert p.returncode != 0 and expected in p.stderr and "Traceback" not in p.stderr, p.stderr[-2000:]
        assert not (tmp_path / "x.db").exists() or not sqlite3.connect(tmp_path / "x.db").execute(
            "SELECT count(*) FROM articles").fetchone()[0]
