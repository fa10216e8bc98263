"""A run with many stories does its copy checks and analyses in worker processes: the stories, copies and
analyses are the ones a run in one process makes."""
import datetime
import json
import random
import sqlite3

from storylens.config import Settings
from storylens.pipeline import MIN_POOL_JOBS, analyze_paths
from storylens.store import Store

SYLLABLES = ["ka", "lo", "mi", "ru", "te", "va", "zo", "pe", "shi", "dan", "bor", "qui", "nel", "fa", "gu", "hox"]
VERBS = ["floods", "reopens", "closes", "wins", "loses", "expands", "sells", "buys", "delays", "cancels"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def _records() -> list[dict]:
    """Headlines on many unrelated matters (made-up names), some carried word for word by a second outlet."""
    rng = random.Random(5)
    recs = []
    for k in range(MIN_POOL_JOBS + 12):
        title = f"{_word(rng)} {rng.choice(VERBS)} {_word(rng)} {_word(rng)} as {_word(rng)} and {_word(rng)} watch"
        day = (datetime.date(2010, 1, 1) + datetime.timedelta(days=45 * k)).isoformat()   # months apart
        recs.append({"id": f"h{k}", "title": title, "source": "North Ledger", "published": day})
        if k % 7 == 0:
            recs.append({"id": f"h{k}-copy", "title": title, "source": "South Courier", "published": day})
    return recs


def _dump(path) -> tuple:
    con = sqlite3.connect(path)
    return tuple(list(con.execute(q)) for q in (
        "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2",
        "SELECT * FROM copy_groups ORDER BY 1, 2",
        "SELECT story_id, analysis_json FROM story_analysis ORDER BY 1"))


def test_worker_processes_give_what_one_process_gives(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    for name, workers in (("one", 1), ("pool", 2)):
        analyze_paths([str(src)], Store(tmp_path / f"{name}.db"), Settings(workers=workers))
    one, pool = _dump(tmp_path / "one.db"), _dump(tmp_path / "pool.db")
    assert len({s for s, _ in one[0]}) >= MIN_POOL_JOBS     # enough stories for the workers to be used
    assert one[1]                                            # the copies were found
    assert one == pool


def test_worker_processes_share_the_cores_out():
    """Two workers on this machine's cores each use their share of them (numpy's, scipy's and torch's
    thread pools), and so does this process while they run; its own limits come back after."""
    import os

    import torch
    from threadpoolctl import threadpool_info

    from storylens.pipeline import WorkerPool

    def limits(infos):
        return {i["filepath"]: i["num_threads"] for i in infos}

    share = max(1, (os.cpu_count() or 1) // 2)
    before = limits(threadpool_info())
    pool = WorkerPool(Settings(workers=2))
    pool.warm()
    try:
        in_worker = limits(pool.pool.apply(threadpool_info))
        assert any("openblas" in p for p in in_worker) and set(in_worker.values()) == {share}
        assert pool.pool.apply(torch.get_num_threads) == share
        assert set(limits(threadpool_info()).values()) == {share}
    finally:
        pool.close()
    assert limits(threadpool_info()) == before
