"""The main job, in order: ingest -> clean -> (store articles) -> cluster -> copies -> (store
clustering) -> embed -> analyse touched stories -> (store each analysis). The only module that
knows the order. Also the batch commands (clean, cluster, summarize) over JSON lines, which run the
same stage functions.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from . import embed
from .analyze import analysed_articles, analyze_story, link_entities, readings, summarize_articles
from .clean import RepeatMemory, clean_articles
from .cluster import StoryIndex, article_terms, cluster, forget, is_headline_only
from .config import Settings
from .dedup import (CopyCheck, CopyKeys, EarlierChecks, KnownPairs, check_copies, copy_keys_version, find_paraphrases,
                    find_translations, outside_originals)
from .ingest import article_from_record, file_article_id, ingest_paths, json_lines
from .model import Article, CopyGroup, Issue
from .store import Store, content_hash

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int | None], None]
SAVE_CHUNK = 500


@dataclass
class RunReport:
    run_id: int | None = None
    issues: list[Issue] = field(default_factory=list)
    read: int = 0
    new: int = 0            # articles stored in this run (first seen, or a new version of one stored)
    changed: int = 0        # of those, new versions: the same id with other text (the old text is kept)
    unchanged: int = 0
    stories_touched: int = 0
    stories_analysed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    story_ids: list[str] = field(default_factory=list)
    assignment: dict[str, str] = field(default_factory=dict)
    article_of: dict[str, str] = field(default_factory=dict)   # input (origin) -> the id its article has

    def add_time(self, stage: str, t0: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0


def no_progress(stage: str, done: int, total: int | None) -> None:
    pass


ALIGNED_ARTICLES = 60   # paraphrases and translations are looked for among 60 of a story's articles (pairwise)
ALIGNED_KINDS = ("paraphrase", "translation")


def story_copies(articles: list[Article], settings: Settings, aligned: list[Article] | None = None,
                 earlier: list[CopyGroup] = (), settled: set[frozenset] = frozenset(),
                 checks: EarlierChecks | None = None) -> CopyCheck:
    """All copy relations inside one story: shingles, paraphrase alignment, translations, outside originals
    (the groups, with the copy keys and pairs to keep). The pairwise checks read `aligned` (default: the
    first ALIGNED_ARTICLES; they need sentence vectors); a later run passes the paraphrase and translation
    groups found before (`earlier`, kept), the pairs checked before (`settled`, not checked again) and
    what the shingle checks kept (`checks`: only new texts are checked), so a story's copies do not change
    with which of its articles a batch happens to align."""
    check = check_copies(articles, settings, checks)
    groups = list(check.groups)
    known = KnownPairs(groups)   # pairs within a copy group: known without listing them (8,000 reprints)
    kept = [g for g in earlier if frozenset(g.members) not in known]
    for pair in [frozenset(g.members) for g in kept] + list(settled):
        known.add(pair)
    aligned = articles[:ALIGNED_ARTICLES] if aligned is None else aligned
    groups += kept + find_paraphrases(aligned, settings, known) + find_translations(aligned, known)
    groups += [g for a in articles if (g := outside_originals(a))]
    return CopyCheck(groups, check.keys, check.pairs)


def _earlier_copies(members: list[Article], before: dict[str, str], store: Store) -> tuple[list[Article], list[CopyGroup], set[frozenset]]:
    """For a story a later run touches: the articles to align (its new articles first, then the
    others in its order, ALIGNED_ARTICLES in all), the paraphrase and translation groups found when
    their articles were last in one story together (kept), and the pairs of the aligned articles that
    were in one story before (checked then)."""
    aligned = ([a for a in members if a.id not in before] + [a for a in members if a.id in before])[:ALIGNED_ARTICLES]
    ids = {a.id for a in members}
    earlier = [g for sid in sorted({before[a.id] for a in members if a.id in before}) for g in store.copy_groups_of(sid)
               if g.kind in ALIGNED_KINDS and all(m in ids and before.get(m) == sid for m in g.members)]
    settled = {frozenset((a.id, b.id)) for i, a in enumerate(aligned) for b in aligned[i + 1:]
               if a.id in before and before.get(a.id) == before.get(b.id)}
    return aligned, earlier, settled


def _earlier_checks(earlier_ids: list[str], before: dict[str, str], store: Store, version: str) -> EarlierChecks:
    """What the shingle checks of earlier runs kept for a story's earlier articles: their keys, the story
    each was in (and checked in) before this run, and the copy pairs found between their texts."""
    keys = {i: CopyKeys(*k) for i, k in store.load_copy_keys([i for i in earlier_ids if i in before], version).items()}
    pairs = store.load_copy_pairs({k.exact for k in keys.values() if k.signature is not None}, version)
    return EarlierChecks(keys, {i: before[i] for i in keys}, pairs)


def analyze_paths(paths: Iterable[str], store: Store, settings: Settings, progress: Progress = no_progress) -> RunReport:
    """The main job over files and folders."""
    paths = [str(p) for p in paths]
    report = RunReport()
    return _run(_articles_read(ingest_paths(paths, settings), report), store, settings, report, progress, paths)


def analyze_records(records: list[dict], store: Store, settings: Settings, origin: str = "api") -> RunReport:
    """The main job over input records (the HTTP API's POST): same stages, same store."""
    report = RunReport()
    items = (article_from_record(rec, f"{origin}[{n}]", settings) for n, rec in enumerate(records))
    return _run(_articles_read(items, report), store, settings, report, no_progress, [origin])


def _articles_read(items: Iterable[Article | Issue], report: RunReport) -> Iterator[Article]:
    """The articles among `items`, counted in `report`; the issues go to its list."""
    for item in items:
        if isinstance(item, Issue):
            report.issues.append(item)
        else:
            report.read += 1
            yield item


def _run(articles: Iterator[Article], store: Store, settings: Settings, report: RunReport, progress: Progress,
         inputs: list[str]) -> RunReport:
    # one writer at a time: a second run (or the server's POST) waits here for the first to finish
    with store.writing(on_wait=log.warning):
        store.close_interrupted_runs()   # holding the lock, no other run is alive: 'running' ones were killed
        report.run_id = store.start_run(inputs)
        return _run_locked(articles, store, settings, report, progress)


def _run_locked(articles: Iterator[Article], store: Store, settings: Settings, report: RunReport,
                progress: Progress) -> RunReport:
    workers = WorkerPool(settings)
    try:
        return _stages(articles, store, settings, report, progress, workers)
    finally:
        workers.close()


def _stages(articles: Iterator[Article], store: Store, settings: Settings, report: RunReport,
            progress: Progress, workers: "WorkerPool") -> RunReport:
    repeats = RepeatMemory(settings.repeat_min_articles)
    repeats.load(store.load_repeat_rows())

    # 1-2. ingest and clean new or changed articles, saved in chunks (each chunk one transaction)
    t0 = time.perf_counter()

    def only_changed() -> Iterator[Article]:
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= SAVE_CHUNK:
                yield from _changed(batch)
                batch = []
        yield from _changed(batch)

    seen: dict[str, str] = {}
    def _changed(batch: list[Article]) -> Iterator[Article]:
        # a file whose name an earlier run's other file already has is another article, not a new version
        named = [a for a in batch if a.id_basis == "file name"]
        taken = store.origins_of(a.id for a in named)
        for a in named:
            if a.id in taken and os.path.realpath(taken[a.id] or "") != os.path.realpath(a.origin):
                a.id = file_article_id(a.id, a.origin)
        known = store.known_hashes(a.id for a in batch)
        for a in batch:
            if a.id in seen:   # one id twice in this run's input: the first is kept, the other listed
                report.issues.append(Issue(a.origin or a.id, f"same id {a.id!r} as {seen[a.id]}: that one is kept"))
                continue
            seen[a.id] = a.origin or "an earlier record"
            report.article_of[a.origin] = a.id
            if known.get(a.id) == content_hash(a):
                report.unchanged += 1
            else:
                report.changed += a.id in known
                yield a

    save_cleaned(clean_articles(only_changed(), settings, repeats, on_repeat_rows=store.save_repeat_rows),
                 store, report, progress)
    report.add_time("ingest+clean", t0)
    return group_and_analyse(store, settings, report, progress, workers)


def save_cleaned(articles: Iterable[Article], store: Store, report: RunReport, progress: Progress) -> None:
    """Cleaned articles into the store as they come, SAVE_CHUNK per transaction; a page that is not an
    article is listed (kept, not grouped)."""
    pending: list[Article] = []
    for a in articles:
        if (why := a.field("not_article")):
            report.issues.append(Issue(a.origin or a.id, f"not an article: {why}", action="kept"))
        pending.append(a)
        report.new += 1
        if len(pending) >= SAVE_CHUNK:
            store.save_articles(pending, report.run_id)
            pending = []
            progress("clean", report.new, None)
    if pending:
        store.save_articles(pending, report.run_id)
    progress("clean", report.new, report.new)


def saved_index(store: Store) -> StoryIndex:
    """The story index the store's last grouping left: its saved blob, or, after a Spark run, the tables
    that run kept it in (read whole here: one process groups against all of it); empty before any."""
    blob = store.load_state("cluster_index")
    if blob:
        return StoryIndex.from_bytes(blob)
    if store.load_state("cluster_index_run"):
        from .spark.stored import whole_index
        return whole_index(store)
    return StoryIndex()


def group_and_analyse(store: Store, settings: Settings, report: RunReport, progress: Progress, workers,
                      grouping=None) -> RunReport:
    """Steps 3-6 over what the store holds: group every article not yet in a story, find the copies in
    each touched story, analyse every story marked for analysis, and finish the run. `workers` runs the
    per-story jobs (`.map(fn, jobs, n_jobs)`, in order): this machine's processes, or a Spark cluster's.
    `grouping`: another engine's grouping: `grouping(articles, index, earlier) -> ClusterResult | None`
    gives what `cluster` gives (None: it does not take this run; `cluster` groups here);
    `.load_index(ids, articles)` gives the index to group the run's articles against (all of it, or what
    they may reach), and `.kept_index(index, run) -> (blob or None, state)` what the store saves of it."""
    # 3-4. cluster everything not yet in a story (also articles of an earlier, interrupted run)
    t0 = time.perf_counter()
    todo = store.unclustered_ids()
    if todo:
        if len(todo) >= EARLY_POOL_ARTICLES:
            workers.warm()   # the worker processes load their models while this one groups
        articles_ = _embed_headlines(store.load_articles(todo), settings)
        index = grouping.load_index(todo, articles_) if grouping is not None else saved_index(store)
        # a new version of an article is grouped again: it leaves the story it was in (its old text
        # is history now; that story is analysed again without it, or with its new text)
        forget(index, [i for i in todo if i in index.story_of])
        result = grouping(articles_, index, store.load_articles) if grouping is not None else None
        if result is None:
            result = cluster(articles_, index, settings, earlier=store.load_articles)
        report.add_time("cluster", t0)
        t0 = time.perf_counter()
        copies: dict[str, list[CopyGroup]] = {}
        outlets_of = {a.id: a.outlet for a in articles_}
        by_id = {a.id: a for a in articles_}
        # the story each earlier article was in before this run (copy checks made then are not made again)
        before = store.stories_of({i for st in result.stories for i in st.article_ids if i not in by_id})
        keys_version = copy_keys_version(settings)

        def copy_jobs() -> Iterator[tuple]:
            for st in result.stories:
                missing = [i for i in st.article_ids if i not in by_id]
                loaded = {a.id: a for a in store.load_articles(missing, text_only=True)} if missing else {}
                members = [_to_read(by_id.get(i) or loaded[i]) for i in st.article_ids]
                aligned, earlier, settled = _earlier_copies(members, before, store)
                kept = _kept_vectors(aligned if len(members) > 1 else [], store, settings)
                yield (st.id, members, aligned, earlier, settled, _earlier_checks(missing, before, store, keys_version),
                       kept)
        made: dict[str, tuple] = {}
        keys: dict[str, tuple] = {}
        pairs: dict[frozenset, tuple] = {}
        for n, (sid, check, vectors) in enumerate(workers.map(_worker_copies, copy_jobs(), len(result.stories))):
            copies[sid] = check.groups
            made.update(vectors)
            keys.update((i, (k.exact, k.signature)) for i, k in check.keys.items())
            pairs.update(check.pairs)
            if len(made) >= SAVE_CHUNK or len(keys) + len(pairs) >= 20 * SAVE_CHUNK:
                store.save_vectors(made, settings.embedder)
                store.save_copy_checks(keys, pairs, keys_version)
                made, keys, pairs = {}, {}, {}
            if n % 200 == 0:
                progress("copies", n, len(result.stories))
        store.save_vectors(made, settings.embedder)
        store.save_copy_checks(keys, pairs, keys_version)
        blob, state = grouping.kept_index(index, report.run_id) if grouping is not None else (index.to_bytes(), {})
        store.save_clustering(result.stories, blob, copies, report.run_id, outlets_of, result.merged,
                              result.links, state)
        report.stories_touched = len(result.stories)
        report.story_ids = [st.id for st in result.stories]
        report.assignment = dict(result.assignment)
        report.add_time("copies", t0)
        del articles_, by_id, result   # (the analysis loads each story's articles again, one story at a time)

    # 5-6. analyse every story marked for analysis (each saved in its own transaction, with what the
    # model read in its articles and the sentence vectors made: a story analysed again in a later run
    # reads and embeds only its new articles)
    t0 = time.perf_counter()
    todo_stories = store.pending_stories()
    version = readings.version()
    for n, (sid, analysis, read, vectors) in enumerate(_analyse_all(todo_stories, store, version, workers, settings)):
        analysis = link_entities(analysis, store.entity_keys(analysis.entities))   # one key per entity across stories
        store.save_analysis(sid, analysis, read, version)
        store.save_vectors(vectors, settings.embedder)
        report.stories_analysed += 1
        progress("analyse", n + 1, len(todo_stories))
    store.relink_lone_names(todo_stories)   # a surname alone saved before the run registered whom it names
    report.add_time("analyse", t0)
    store.finish_run(report.run_id, [{"path": i.path, "reason": i.reason, "action": i.action} for i in report.issues])
    return report


_WORKER: tuple | None = None


def _worker_init(settings: Settings, threads: int | None = None) -> None:
    """Load the models (their loaders keep them: read once per process). `threads`: how many threads this
    process's numerical libraries may use, set once they are loaded (a pool of processes that each spread
    over every core spends its time switching and spinning: a day's batch into 20,000 stored took 50 s
    with two workers of two threads each on two cores, 40 s with one thread each)."""
    global _WORKER
    from .text.nlp import load_nlp
    _WORKER = (load_nlp(), embed.load(settings), settings)
    if threads:
        _limit_threads(threads)


def _limit_threads(threads: int):
    """Limit the BLAS and OpenMP pools this process has loaded (numpy's, scipy's, torch's) to `threads`
    each; returns what puts the earlier limits back."""
    from threadpoolctl import threadpool_limits
    torch = sys.modules.get("torch")
    before = torch.get_num_threads() if torch else None
    if torch:
        torch.set_num_threads(threads)
    limits = threadpool_limits(limits=threads)

    def restore() -> None:
        limits.restore_original_limits()
        if torch:
            torch.set_num_threads(before)
    return restore


def worker_ready(settings: Settings) -> None:
    """Load the per-story jobs' models in this process, once (another engine's worker process calls it)."""
    if _WORKER is None:
        _worker_init(settings)


def _worker_analyse(job: tuple) -> tuple[str, dict, dict, dict]:
    """(story id, analysis, what the model newly read in its articles, the sentence vectors it made)."""
    sid, members, groups, known, with_vectors, kept = job
    nlp, embedder, settings = _WORKER
    with_vectors = set(with_vectors)
    _with_kept_vectors([a for a in members if a.id in with_vectors], kept)
    read = readings.Readings(known)
    made = _embedded([a for a in members if a.id in with_vectors and a.sentence_vectors is None], embedder)
    for a in members:
        embed.split_only(a)   # (the others are counted, not read: their sentences without vectors)
    analysis = analyze_story(members, groups, nlp, settings, read)
    return sid, analysis, read.new(), made


def _embedded(articles: list[Article], embedder) -> dict[str, tuple]:
    """Embed the articles (in place); their vectors to be kept, by id."""
    return {a.id: embed.kept_vectors(a) for a in embed.embed_articles(articles, embedder)}


def _kept_vectors(articles: list[Article], store: Store, settings: Settings) -> dict[str, tuple]:
    """The sentence vectors an earlier run made for these articles (a worker gives them to the articles
    whose text they still fit: `_with_kept_vectors`)."""
    return store.load_vectors([a.id for a in articles if a.sentence_vectors is None], settings.embedder)


def _with_kept_vectors(articles: list[Article], kept: dict[str, tuple]) -> None:
    for a in articles:
        if a.id in kept and a.sentence_vectors is None:
            embed.with_kept_vectors(a, *kept[a.id])


def _to_read(a: Article) -> Article:
    """The article as the copy checks and the analysis read it: its clean text, not the page it came from
    (raw text and HTML, often most of its size, are not sent to a worker)."""
    a.raw_text, a.html = "", None
    return a


class WorkerPool:
    """A run's worker processes (model and embedder loaded in each), started when a stage first has
    MIN_POOL_JOBS jobs or more and kept for the next stage; fewer jobs run in this process."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.n = settings.workers or (os.cpu_count() or 1)
        self.pool = None

    def map(self, fn, jobs: Iterable[tuple], n_jobs: int, chunksize: int = 4) -> Iterator:
        if self.n <= 1 or n_jobs < MIN_POOL_JOBS:
            _worker_init(self.settings)
            return map(fn, jobs)
        self.warm()
        return self.pool.imap(fn, jobs, chunksize=chunksize)

    def warm(self) -> None:
        """Start the worker processes now (they load their models in the background)."""
        if self.n > 1 and self.pool is None:
            import multiprocessing as mp
            threads = max(1, (os.cpu_count() or 1) // self.n)   # the cores shared out among the workers
            self.pool = mp.get_context("spawn").Pool(self.n, initializer=_worker_init, initargs=(self.settings, threads))
            # (this process groups and saves meanwhile: it takes its share, not every core)
            self.restore_threads = _limit_threads(threads)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            self.restore_threads()


MIN_POOL_JOBS = 40
EARLY_POOL_ARTICLES = 4 * MIN_POOL_JOBS   # a run grouping this many articles starts its workers before grouping


def _worker_copies(job: tuple) -> tuple[str, CopyCheck, dict[str, tuple]]:
    """(story id, its copy groups with the keys and pairs to keep, the sentence vectors made by article id)."""
    sid, members, aligned, earlier, settled, checks, kept = job
    _, embedder, settings = _WORKER
    _with_kept_vectors(aligned, kept)
    if len(members) < 2:
        return sid, story_copies(members, settings, aligned, earlier, settled, checks), {}
    # sentence vectors for the paraphrase check, which reads the aligned articles only (those kept from an
    # earlier run came with the job)
    made = _embedded([a for a in aligned if a.sentence_vectors is None], embedder)
    return sid, story_copies(members, settings, aligned, earlier, settled, checks), made


def _analyse_all(story_ids: list[str], store: Store, version: str, workers: WorkerPool,
                 settings: Settings) -> Iterator[tuple[str, dict, dict, dict]]:
    """(story id, analysis, new readings, new sentence vectors) for each story; in worker processes when
    there are many stories. Only the main process touches the database: it hands each job the readings
    stored and the sentence vectors kept for the articles the analysis reads with them."""
    if not story_ids:
        return

    def jobs() -> Iterator[tuple]:
        for sid in story_ids:
            articles = store.load_articles(store.story_members(sid), text_only=True)
            read = analysed_articles(articles)
            yield (sid, articles, store.copy_groups_of(sid), store.load_readings([a.id for a in read], version),
                   [a.id for a in read], _kept_vectors(read, store, settings))
    yield from workers.map(_worker_analyse, jobs(), len(story_ids))


# --- batch commands over JSON lines ---------------------------------------------------------

def read_records(path: str | Path, settings: Settings) -> tuple[list[tuple[dict, Article | Issue]], list[Issue]]:
    """(record, article-or-issue) for each JSON line, and issues for lines that are not JSON."""
    out, broken = [], []
    for item in json_lines(Path(path), settings.max_file_bytes):
        if isinstance(item, Issue):
            broken.append(item)
        else:
            origin, rec = item
            out.append((rec, article_from_record(rec, origin, settings)))
    return out, broken


def _write_jsonl(records: Iterable[dict], out: TextIO) -> None:
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")


def _articles(pairs) -> list[Article]:
    return [a for _, a in pairs if isinstance(a, Article)]


def clean_records(pairs, settings: Settings) -> Iterator[dict]:
    cleaned = {id(a): a for a in clean_articles(_articles(pairs), settings)}
    for rec, a in pairs:
        if isinstance(a, Issue):
            yield dict(rec, clean_text="", error=a.reason) if isinstance(rec, dict) else {"clean_text": "", "error": a.reason}
            continue
        a = cleaned[id(a)]
        out = dict(rec)
        out["clean_text"] = a.clean_text
        out["removed"] = [{"text": s.text, "reason": s.reason, "kind": s.kind, "start": s.start, "end": s.end}
                          for s in a.removed]
        out["metadata"] = {k: {"value": v.value, "source": v.source, "inferred": v.inferred} for k, v in a.meta.items()}
        for key, field_name in (("title", "title"), ("outlet", "source"), ("published", "published")):
            if key in a.meta and not rec.get(field_name):
                out[field_name] = a.meta[key].value
        yield out


def _embed_headlines(articles: list[Article], settings: Settings) -> list[Article]:
    """Dense vectors for headline-only articles before grouping (they need meaning, not just words);
    one short sentence each, so this is cheap. Full articles are embedded later, for analysis."""
    if settings.headline_dense_weight > 0:
        short = [a for a in articles if a.vector is None and is_headline_only(a)]
        if short:
            list(embed.embed_articles(short, embed.load(settings)))
    return articles


def _for_grouping(articles: Iterable[Article], settings: Settings) -> Iterator[Article]:
    """Cleaned articles reduced to what grouping reads (terms, date, title, headline vectors): texts
    and removed spans are dropped as each article passes, so a big input needs little memory."""
    for a in articles:
        article_terms(a)
        if not is_headline_only(a):
            a.clean_text = ""
        a.raw_text, a.html, a.removed = "", None, []
        yield a


def cluster_records(pairs, settings: Settings) -> Iterator[dict]:
    arts = list(_for_grouping(clean_articles(_articles(pairs), settings), settings))
    arts = _embed_headlines(arts, settings)
    index = StoryIndex()
    # ids may repeat in an input: cluster by position
    for n, a in enumerate(arts):
        a.id = f"{n}\x1f{a.id}"
    # a page that is no article (an error page, a wall, nothing but chrome) is grouped with nothing
    pages = [a for a in arts if a.field("not_article")]
    cluster([a for a in arts if not a.field("not_article")], index, settings)
    by_obj = {id(a): index.story_of.get(a.id) for a in arts}
    for n, a in enumerate(pages):
        by_obj[id(a)] = f"not-article-{n + 1}"
    n_single = 0
    for rec, a in pairs:
        if isinstance(a, Issue):
            n_single += 1
            yield dict(rec, story_id=f"invalid-{n_single}", error=a.reason)
        else:
            why = a.field("not_article")
            yield dict(rec, story_id=by_obj[id(a)], **({"not_article": why} if why else {}))


def summarize_records(pairs, settings: Settings, max_words: int) -> Iterator[dict]:
    arts = [a for a in clean_articles(_articles(pairs), settings)]
    embedder = embed.load(settings)
    arts = list(embed.embed_articles(arts, embedder))
    story_of = {id(a): rec.get("story_id") for rec, a in pairs if isinstance(a, Article)}
    groups: dict[object, list[Article]] = {}
    for a in arts:
        groups.setdefault(story_of.get(id(a)), []).append(a)
    for sid, members in groups.items():
        headline, summary = summarize_articles(members, story_copies(members, settings).groups, max_words, settings)
        out = {"headline": headline.text, "headline_source": headline.source, "summary": summary.text,
               "sentences": [{"text": s.text, "sources": s.sources, "independent_sources": s.independent_sources}
                             for s in summary.sentences]}
        if sid is not None:
            out = {"story_id": sid, **out}
        yield out
