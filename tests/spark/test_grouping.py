"""Grouping's global steps as DataFrame joins (spark/grouping.py) give what one process's sparse products
give (cluster/graph.py): the same term vectors, the same candidate edges (ties in a row's top neighbours
aside), and, with no copies set apart, the same stories with the same ids. On 900 feed headlines (dated,
with dense vectors) and 300 full articles (undated), read from ../shared/data."""
import gzip
import json
import logging
import pickle
import shutil
from dataclasses import replace

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)

DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    from storylens.clean import clean_articles
    from storylens.config import Settings
    from storylens.ingest import ingest_file
    from storylens.pipeline import _embed_headlines
    if not (DATA / "uci-headlines-dev.jsonl.gz").exists():
        pytest.skip("../shared/data is not here")
    src = tmp_path_factory.mktemp("grouping") / "input.jsonl"
    with gzip.open(DATA / "uci-headlines-dev.jsonl.gz", "rt") as f:
        heads = [json.loads(line) for line, _ in zip(f, range(900))]
    with gzip.open(DATA / "ecbplus-dev.jsonl.gz", "rt") as f:
        full = [json.loads(line) for line, _ in zip(f, range(300))]
    src.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "url", "source", "published")}) + "\n" for r in heads)
                   + "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in full))
    settings = Settings()
    return _embed_headlines(list(clean_articles(ingest_file(src, settings), settings)), settings), settings


def test_candidate_edges_and_groups_are_one_process_s(spark, articles, caplog):
    from storylens.cluster import StoryIndex, index_articles
    from storylens.cluster.graph import _edges, cluster_graph
    from storylens.spark import grouping
    arts, settings = articles
    # one process: the index cluster_graph builds, and its candidate edges
    index = StoryIndex()
    index_articles(index, arts)
    ids = [a.id for a in arts]
    edges, order = _edges(ids, index, settings)
    one = {tuple(sorted((order[i], order[j]))): w for i, j, w in zip(edges.i.tolist(), edges.j.tolist(), edges.w.tolist())}
    assert len(one) > 10_000

    # Spark
    rows = spark.createDataFrame([(a.id, pickle.dumps(a)) for a in arts], "id string, payload binary").repartition(6)
    terms = rows.mapInPandas(grouping.term_rows, grouping.TERMS).persist()
    vecs, df = grouping.vectors(terms, len(arts))
    vecs = vecs.persist()
    nodes = grouping.nodes_of(rows.mapInPandas(grouping.article_days, grouping.DAYS), vecs).persist()
    dense = spark.createDataFrame([(i, [float(x) for x in v]) for i, v in index.dense.items()], "id string, vector array<double>")
    got_vecs = {r["id"]: dict(zip(r["ids"], r["vals"])) for r in vecs.collect()}
    for a in arts:
        want = dict(index.vectors[a.id].items())
        assert set(got_vecs.get(a.id, {})) == set(want), a.id
        assert all(abs(got_vecs[a.id][t] - w) < 1e-6 for t, w in want.items())
    cand = grouping.candidate_edges(vecs, nodes, df, len(arts), settings, dense).persist()
    got = {(r["i"], r["j"]): r["w"] for r in cand.collect()}
    # a row's top neighbours may break a tie in weight either way: at most a few pairs differ
    assert len(set(one) ^ set(got)) <= 0.001 * len(one), len(set(one) ^ set(got))
    assert max(abs(one[k] - got[k]) for k in set(one) & set(got)) < 1e-5
    # the blocked product: the index broadcast, each task running the one-process code on its share of
    # the rows: every pair the same
    parts = grouping.index_parts(index, ids)
    blocked = {(r["i"], r["j"]): r["w"] for r in grouping.blocked_edges(spark, parts, settings, 5).collect()}
    assert set(blocked) == set(one)
    assert max(abs(one[k] - blocked[k]) for k in one) < 1e-6

    # the stories of a first run with no copies set apart: the same groups, the same ids
    plain = replace(settings, copy_similarity=0.0)
    fresh = StoryIndex()
    cluster_graph(arts, fresh, plain)
    stories = {r["id"]: r["story"] for r in grouping.groups(vecs, nodes, cand, plain).collect()}
    grouped = [i for i in ids if i in stories]
    assert len(grouped) >= len(ids) - 1           # (an article without a single term has no vector)
    same = sum(stories[i] == fresh.story_of[i] for i in grouped)
    assert same >= 0.99 * len(grouped), same
    assert len({fresh.story_of[i] for i in grouped}) > 50
    # a group with more pairs than one task should hold is merged in rounds on Spark first, then
    # finished in its task: the same stories
    with caplog.at_level(logging.INFO, logger="storylens.spark.grouping"):
        rounds = {r["id"]: r["story"] for r in grouping.groups(vecs, nodes, cand, plain, rounds_over=1000).collect()}
    assert any("average-link rounds on Spark" in m and " 0 rounds" not in m for m in caplog.messages), caplog.messages
    same = sum(rounds.get(i) == fresh.story_of[i] for i in grouped)
    assert same >= 0.99 * len(grouped), same


def test_a_first_run_s_stories_with_copies_set_apart_are_one_process_s(spark, articles):
    """Copies by MinHash bands joined on (band, key) and verified, their leaders replayed in input order,
    then edges and groups over the rest: the stories and ids of cluster_graph on the same articles, with
    reprints among them (each of 40 articles again under another id, a few words changed)."""
    import copy

    from storylens.cluster import StoryIndex
    from storylens.cluster.graph import cluster_graph
    from storylens.spark import grouping
    arts, settings = articles
    full = [a for a in arts if a.clean_text and len(a.clean_text) > 800][:40]
    reprints = []
    for n, a in enumerate(full):
        b = copy.deepcopy(a)
        b.id = f"{a.id}-reprint"
        b.clean_text = a.clean_text.replace(" the ", " a ", 2) + " Reprinted with permission."
        b.terms = None      # (the terms are cached on the article)
        reprints.append(b)
    every = arts + reprints
    one = StoryIndex()
    cluster_graph(every, one, settings)
    rows = spark.createDataFrame([(a.id, n, pickle.dumps(a)) for n, a in enumerate(every)],
                                 "id string, seq long, payload binary").repartition(6)
    dense = spark.createDataFrame([(a.id, [float(x) for x in a.vector]) for a in every if a.vector is not None],
                                  "id string, vector array<double>")
    stories, _, _, copies = grouping.first_run_stories(rows, settings, dense)       # (edges by the blocked product)
    leaders = {r["id"]: r["leader"] for r in copies.collect()}
    assert sum(1 for b in reprints if leaders.get(b.id) == b.id.removesuffix("-reprint")) >= 30, leaders
    got = {r["id"]: r["story"] for r in stories.collect()}
    grouped = [a.id for a in every if a.id in got]
    assert len(grouped) >= len(every) - 1
    same = sum(got[i] == one.story_of[i] for i in grouped)
    assert same >= 0.99 * len(grouped), same
    assert all(got[b.id] == got[b.id.removesuffix("-reprint")] for b in reprints if b.id in leaders)


def test_a_first_run_grouped_on_spark_is_what_cluster_returns_and_the_index_it_keeps(spark, articles):
    """first_run_result (the engine's grouping of a first run): the ClusterResult and the StoryIndex that
    one process's cluster() gives on the same articles (the next run starts from that index)."""
    from storylens.cluster import StoryIndex, cluster
    from storylens.spark import grouping
    arts, settings = articles
    one = StoryIndex()
    want = cluster(arts, one, settings)
    rows = spark.createDataFrame([(a.id, n, pickle.dumps(a)) for n, a in enumerate(arts)],
                                 "id string, seq long, payload binary").repartition(4)
    idx = StoryIndex()
    got = grouping.first_run_result(rows, arts, idx, settings)
    assert got.assignment == want.assignment
    assert [(s.id, s.article_ids) for s in got.stories] == [(s.id, s.article_ids) for s in want.stories]
    assert [s.memberships for s in got.stories] == [s.memberships for s in want.stories]
    assert got.links == want.links and got.touched == want.touched
    assert idx.df == one.df and idx.n_docs == one.n_docs and idx.story_of == one.story_of
    assert all(idx.stories[sid].centroid == st.centroid and (idx.stories[sid].first, idx.stories[sid].last) == (st.first, st.last)
               for sid, st in one.stories.items())


def test_a_run_against_stored_stories_finds_its_edges_from_the_index_tables_as_one_process_does(spark, articles, tmp_path):
    """An incremental run (a third of the articles into the stories of the other two thirds), the stored
    articles read from the index tables on the executors (stored.KeptIndex): the candidate edges are one
    process's, pair for pair, but where a row's last places tie; and cluster() with them returns what it
    returns alone, reopened stories, copies of stored articles and the index it keeps included."""
    import copy

    import numpy as np

    from storylens.cluster import StoryIndex, cluster
    from storylens.cluster.graph import _edges
    from storylens.spark.stored import KeptIndex
    arts, settings = articles
    first, later = [a for n, a in enumerate(arts) if n % 3], [a for n, a in enumerate(arts) if not n % 3]
    one = StoryIndex()
    cluster(first, one, settings)
    one = StoryIndex.from_bytes(one.to_bytes())    # (as the next run reads it: headline vectors kept as float16)
    other = copy.deepcopy(one)
    kept = KeptIndex(spark, None, tmp_path / "index", settings)
    kept.write(one, list(one.story_of), 1, whole=True)
    find = kept.edges([a.id for a in later])
    calls = []

    def spark_edges(free, index, s):
        got, ids = find(free, index, s)
        want, want_ids = _edges(free, index, s)
        assert ids == want_ids
        mine = dict(zip(zip(got.i.tolist(), got.j.tolist()), got.w.tolist()))
        theirs = dict(zip(zip(want.i.tolist(), want.j.tolist()), want.w.tolist()))
        same = [p for p in mine.keys() & theirs.keys()]
        bad = [(p, mine[p], theirs[p], ids[p[0]], ids[p[1]]) for p in same if mine[p] != theirs[p]]
        assert not bad, (len(bad), len(same), bad[:10])
        calls.append((len(got), len(mine.keys() ^ theirs.keys())))
        return got, ids

    want = cluster(later, one, settings)
    got = cluster(later, other, settings, find_edges=spark_edges)
    assert len(calls) == 2 and min(n for n, _ in calls) > 0   # the probe of the new articles, then the free articles' edges
    assert sum(d for _, d in calls) <= 0.001 * sum(n for n, _ in calls), calls
    assert got.assignment == want.assignment
    assert [(s.id, s.article_ids, s.memberships) for s in got.stories] == [(s.id, s.article_ids, s.memberships) for s in want.stories]
    assert got.touched == want.touched and got.links == want.links
    assert other.story_of == one.story_of and other.df == one.df
    # the batch reached stored stories: some of its articles joined stories of the first run
    assert any(want.assignment[a.id] in {one.story_of[b.id] for b in first} for a in later)


def _same_index(a, b) -> None:
    """Two story indexes hold the same: stories in the same order, members, dates, centroids, vectors."""
    import numpy as np
    assert list(a.story_of.items()) == list(b.story_of.items())
    assert list(a.stories) == list(b.stories)
    for sid, st in a.stories.items():
        other = b.stories[sid]
        assert (st.members, st.first, st.last) == (other.members, other.first, other.last), sid
        assert st.centroid.keys() == other.centroid.keys() and np.allclose(list(st.centroid.values()),
                                                                            [other.centroid[k] for k in st.centroid]), sid
    assert a.df == b.df and a.n_docs == b.n_docs and a.names == b.names
    assert a.vectors.keys() == b.vectors.keys() and a.dates == b.dates and a.languages == b.languages
    for i, v in a.vectors.items():
        assert np.array_equal(v.ids, b.vectors[i].ids) and np.array_equal(v.vals, b.vectors[i].vals), i
    assert a.dense.keys() == b.dense.keys() and all(np.array_equal(v, b.dense[i]) for i, v in a.dense.items())


def test_a_run_holding_only_the_stories_its_batch_reaches_gives_what_one_process_gives(spark, articles, tmp_path):
    """The story index kept as tables (stored.py), and a later run whose driver loads only the stories its
    candidate edges reach (partial_index.py): cluster() gives what one process gives over the whole index,
    and the tables with the run's rows read back (whole_index) as the index one process saves. Rows of a
    run the store never committed are not read."""
    from storylens.cluster import StoryIndex, cluster
    from storylens.spark.partial_index import PartialIndex
    from storylens.spark.stored import STATE, STORIES, VOCABULARY, KeptIndex, vocabulary, whole_index
    from storylens.store import Store
    arts, settings = articles
    first, later = [a for n, a in enumerate(arts) if n % 3], [a for n, a in enumerate(arts) if not n % 3]
    one = StoryIndex()
    cluster(first, one, settings)
    one = StoryIndex.from_bytes(one.to_bytes())
    store = Store(tmp_path / "s.db")
    folder = tmp_path / "s.db.index"
    store.save_clustering([], None, {}, 1, {}, state=KeptIndex(spark, store, folder, settings).write_whole(one, 1))
    _same_index(whole_index(store), one)

    full = StoryIndex.from_bytes(one.to_bytes())
    want = cluster(later, full, settings)
    kept = KeptIndex(spark, store, folder, settings)
    part = PartialIndex(kept, store.load_state(VOCABULARY))
    batch = [a.id for a in later]
    assert part.load_stories_of(batch) == 0 and part.stories and not dict.__len__(part.stories)   # (none placed yet)
    find, reached = kept.edges(batch), set()

    def recording(free, index, s):
        found, ids = find(free, index, s)
        reached.update(ids[k] for k in set(found.i.tolist()) | set(found.j.tolist()) if ids[k] in one.story_of)
        return found, ids
    got = cluster(later, part, settings, find_edges=recording)
    assert got.assignment == want.assignment
    assert [(s.id, s.article_ids, s.memberships) for s in got.stories] == [(s.id, s.article_ids, s.memberships) for s in want.stories]
    assert got.touched == want.touched and got.links == want.links and got.merged == want.merged
    # it loaded the stories the candidate edges reached, and no other; most by their members alone: the
    # vectors read are those of the stories it changed and of the articles it compared, fewer than all
    assert part.stories.loaded == {one.story_of[i] for i in reached} and reached
    light = {s for s in part.stories.loaded if part.is_light(s)}
    whole = part.stories.loaded - light - {s for s in part.stories.loaded if s not in part.stories}
    assert light and whole, (len(light), len(whole))
    assert all(part.light[s] == one.headline_members(s) for s in light)
    assert {i for s in whole for i in one.stories[s].members} <= set(part.vectors)
    assert set(part.vectors) < {i for s in part.stories.loaded for i in one.stories[s].members} | set(batch)

    # a run whose store never commits: its rows are written (and, past `compact_at` runs, the tables copied
    # with them), but the mark is the one before: they are not read, and the next run removes the copy
    rows, next_seq = part.rows()
    placed = [i for i in batch if i in part.story_of]
    kept.append_run(part, placed, 3, [], [(s, q, None, None, None) for s, q, *_ in rows], compact_at=1)
    assert (folder / "compact-3").is_dir()
    _same_index(whole_index(store), one)
    kept = KeptIndex(spark, store, folder, settings)
    assert kept.current() and kept.tables == folder.resolve()
    kept.tidy()
    assert sorted(p.name for p in folder.iterdir()) == ["articles", "replaced", "stories"]
    # the run that commits, its tables compacted: the current rows only, in the folder the mark names
    store.save_clustering([], None, {}, 4, {}, state={
        VOCABULARY: vocabulary(part, part.languages_now(), next_seq, part.stories_now()),
        STATE: kept.append_run(part, placed, 4, [], rows, compact_at=1)})
    _same_index(whole_index(store), StoryIndex.from_bytes(full.to_bytes()))
    kept = KeptIndex(spark, store, folder, settings)
    assert kept.current() and kept.tables == folder.resolve() / "compact-4"
    kept.tidy()
    assert [p.name for p in folder.iterdir()] == ["compact-4"]
    _same_index(whole_index(store), StoryIndex.from_bytes(full.to_bytes()))
    assert kept._rows("stories", STORIES).count() == len(full.stories)     # (a row per story, gone ones left out)
    store.close()


@pytest.mark.parametrize("order", ["original-first", "translation-first", "regrouped"])
def test_translations_looked_for_on_the_executors_are_those_one_process_finds(spark, tmp_path, order):
    """A later run over the index tables finds its candidate translations on the executors (spark/
    translations.py), holding only the stories its batch reaches: the same pairs as one process over the
    whole index, and the same stories. Original first: a German and a Russian rendering (tests/dedup/data)
    of a stored English article; translation first: the Russian rendering is stored, its original new;
    regrouped: the rendering is stored with its original, and a new version of another article reopens
    their story (the rendering is grouped again, and finds its original again)."""
    from storylens.clean import clean_articles
    from storylens.cluster import StoryIndex, cluster, forget
    from storylens.cluster import translations as one_process
    from storylens.config import Settings
    from storylens.ingest import ingest_paths
    from storylens.spark.partial_index import PartialIndex
    from storylens.spark.stored import VOCABULARY, KeptIndex
    from storylens.spark.translations import translation_finder
    from storylens.store import Store

    from ..conftest import EXAMPLE
    RENDERINGS = ROOT / "tests" / "dedup" / "data"
    settings = Settings()
    edited = tmp_path / "edited"
    edited.mkdir()
    page = sorted(EXAMPLE.glob("001_*"))[0]
    (edited / page.name).write_text(page.read_text() + "\n\nUpdate: this page was edited after it first ran.\n")
    arts = list(clean_articles([a for a in ingest_paths([EXAMPLE, RENDERINGS / "004_de.txt", RENDERINGS / "004_ru.txt"], settings)
                                if hasattr(a, "raw_text")], settings))
    rendering = {a.id for a in arts if a.id in ("004_de", "004_ru")}
    assert len(rendering) == 2 and {a.field("language") for a in arts} >= {"en", "de", "ru"}
    original = next(a.id for a in arts if a.id.startswith("004_e"))
    if order == "regrouped":
        first = [a for a in arts if a.id != "004_de"]
        later = list(clean_articles([a for a in ingest_paths([edited], settings) if hasattr(a, "raw_text")], settings))
        assert [a.id for a in later] == [page.stem]
    else:
        later_ids = {original} if order == "translation-first" else rendering
        first = [a for a in arts if a.id not in later_ids and (a.id != "004_de" or order == "original-first")]
        later = [a for a in arts if a.id in later_ids]
    by_id = {a.id: a for a in arts}

    def earlier(ids):
        return [by_id[i] for i in ids]
    one = StoryIndex()
    cluster(first, one, settings, earlier)
    store = Store(tmp_path / "s.db")
    folder = tmp_path / "s.db.index"
    store.save_clustering([], None, {}, 1, {}, state=KeptIndex(spark, store, folder, settings).write_whole(one, 1))
    batch = [a.id for a in later]

    found = {}

    def recording(name, find):
        def run(*args):
            found[name] = find(*args)
            return found[name]
        return run
    whole = StoryIndex.from_bytes(one.to_bytes())
    forget(whole, [i for i in batch if i in whole.story_of])    # (a new version leaves its story, as the pipeline does)
    want = cluster(later, whole, settings, earlier, find_translations=recording("one", one_process.translation_candidates))
    kept = KeptIndex(spark, store, folder, settings)
    part = PartialIndex(kept, store.load_state(VOCABULARY))
    part.load_stories_of(batch, whole=True)
    forget(part, [i for i in batch if i in part.story_of])
    got = cluster(later, part, settings, earlier, find_edges=kept.edges(batch),
                  find_translations=recording("spark", translation_finder(kept, batch)))
    assert found["spark"] == found["one"] and found["one"][0]
    assert found["one"][1] == ({"004_ru"} if order == "translation-first" else set())
    if order == "regrouped":
        assert "004_ru" in {i for i, _ in found["one"][0]}     # (it was reopened, and looked for again)
    assert got.assignment == want.assignment
    assert [(s.id, s.article_ids, s.memberships) for s in got.stories] == [(s.id, s.article_ids, s.memberships) for s in want.stories]
    assert got.touched == want.touched and got.merged == want.merged
    # each rendering is in its original's story
    story = {i: part.story_of.get(i) for i in by_id}
    assert story["004_ru"] == story[original] and (order != "original-first" or story["004_de"] == story[original])
    store.close()
