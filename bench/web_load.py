"""Load check of the web app: `storylens serve` over a database of --articles synthetic articles in
--stories stories, hit on 127.0.0.1 only by 8 concurrent clients in a bounded loop; prints requests/s
and p50/p95 latency for the story page, the search page and the search API, and the error count.

The database is written through the store layer (Store.save_articles / save_clustering /
save_analysis), like a real run: article texts are sentences drawn from the Multi-News dev documents
(../shared/data), outlets and dates are random, and each story gets an analysis of realistic size
(summary of 5 cited sentences, 20 timeline entries, 15 claims, 40 entities, a 12x5 coverage table)
built from its own articles' sentences. The peer in the same run is GET /healthz (the server's floor).
Usage: .venv/bin/python bench/web_load.py [--articles 100000 --stories 20000 --requests 800]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, free_port, load  # noqa: E402

from storylens.model import Article, FieldSource, Membership, Span, Story, StoryAnalysis  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.text.sentences import sentence_texts  # noqa: E402

OUTLETS = [f"Outlet {i}" for i in range(60)]
ENTITY_NAMES = [f"Person {i}" for i in range(3000)] + [f"Org {i}" for i in range(1500)] + [f"Place {i}" for i in range(500)]


def build(db: Path, n_articles: int, n_stories: int, seed: int = 3) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    sents = [s for c in load("multinews-dev.jsonl.gz") for d in c["documents"] for s in sentence_texts(d["text"])
             if 8 <= len(s.split()) <= 40]
    words = sorted({w for s in sents[:5000] for w in s.split() if w.isalpha() and len(w) > 6})
    store = Store(db)
    run = store.start_run(["synthetic"])
    story_ids = [f"st-{i:08x}" for i in range(n_stories)]
    members: dict[str, list[str]] = {s: [] for s in story_ids}
    batch = []
    for i in range(n_articles):
        sid = story_ids[i % n_stories] if i < n_stories else rng.choice(story_ids)
        body = [rng.choice(sents) for _ in range(rng.randint(8, 20))]
        day = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        a = Article(id=f"a{i:07d}", raw_text="Share this\n\n" + "\n\n".join(body), origin="synthetic",
                    clean_text="\n\n".join(body), removed=[Span(0, 10, "Share this", "share buttons")],
                    meta={"title": FieldSource(body[0][:90], "synthetic"), "outlet": FieldSource(rng.choice(OUTLETS), "synthetic"),
                          "published": FieldSource(day, "synthetic")})
        batch.append(a)
        members[sid].append(a.id)
        if len(batch) == 2000:
            store.save_articles(batch, run)
            batch = []
    if batch:
        store.save_articles(batch, run)
    stories = [Story(sid, m, [Membership(a, 0.5, ["x"], None, "synthetic") for a in m]) for sid, m in members.items()]
    for k in range(0, len(stories), 2000):
        store.save_clustering(stories[k:k + 2000], b"{}", {}, run, {})
    for sid in story_ids:
        m = members[sid]
        pick = lambda n: [rng.choice(sents) for _ in range(n)]
        summ = [{"text": t, "article_id": m[0], "sources": m[:3], "citations": [{"article_id": x, "sentence": t, "similarity": 1.0, "verbatim": True} for x in m[:3]],
                 "independent_sources": min(3, len(m)), "score": 1.0} for t in pick(5)]
        analysis = {
            "headline": {"text": pick(1)[0][:100], "article_id": m[0], "source": "synthetic", "generated": False},
            "summary": {"text": " ".join(s["text"] for s in summ), "sentences": summ, "words": 120, "max_words": 120},
            "long_summary": {"text": "", "sentences": summ, "words": 120, "max_words": 300},
            "timeline": [{"date": f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "granularity": "day", "part": None,
                          "label": "some day", "what": t, "uncertain": False, "independent_sources": 1,
                          "sources": [{"article_id": m[0], "phrase": "on Monday", "sentence": t, "resolved_against": None, "anchor_basis": None}]}
                         for t in pick(20)],
            "claims": [{"speaker": rng.choice(ENTITY_NAMES), "speaker_key": "k", "stance": rng.choice(["asserts", "denies"]),
                        "claim": t, "sentence": t, "evidence": [], "articles": m[:2], "independent_sources": 1, "polarity": 1} for t in pick(15)],
            "disagreements": [],
            "entities": [{"key": e.lower(), "name": e, "type": "person", "mentions": 2, "articles": m[:2], "aliases": [e], "role": "subject"}
                         for e in rng.sample(ENTITY_NAMES, 40)],
            "outlets": [{"article_id": a, "outlet": rng.choice(OUTLETS), "outlet_source": "synthetic", "title": "t", "published": "2020-05-01",
                         "published_inferred": False, "wire": None, "source_group": a, "anchor": "2020-05-01", "anchor_basis": "synthetic",
                         "anchor_certain": True} for a in m],
            "coverage": {"columns": [{"source": a, "articles": [a], "outlets": ["x"], "copies": False} for a in m[:5]],
                         "facts": [{"fact": t, "article_id": m[0], "carried_by": m[:2]} for t in pick(12)],
                         "only_one_source": [], "omits": [], "exclusive_entities": []},
            "sources": {"articles": len(m), "independent": len(m)},
            "first_date": "2020-05-01", "last_date": f"2020-{rng.randint(5, 12):02d}-01",
        }
        store.save_analysis(sid, StoryAnalysis.from_dict(analysis))
    store.close()
    return story_ids, words


def load_test(port: int, paths: list[str], clients: int = 8, max_seconds: float = 120) -> dict:
    lat, errors = [], 0
    lock = threading.Lock()
    queue = list(paths)
    deadline = time.monotonic() + max_seconds

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                errors += 0 if ok else 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()
    return {"n": len(lat), "rps": len(lat) / wall, "p50": 1000 * statistics.median(lat),
            "p95": 1000 * lat[int(0.95 * (len(lat) - 1))], "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--stories", type=int, default=20_000)
    ap.add_argument("--requests", type=int, default=800)
    ap.add_argument("--db", type=Path, default=None, help="reuse (or keep) the synthetic database here")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "load.db"
    t0 = time.perf_counter()
    if db.exists():
        store = Store(db, readonly=True)
        story_ids = [r[0] for r in store.db.execute("SELECT id FROM stories")]
        words = [w for (w,) in store.db.execute("SELECT headline FROM stories LIMIT 3000")]
        words = sorted({x for h in words for x in h.split() if x.isalpha() and len(x) > 6})
    else:
        story_ids, words = build(db, args.articles, args.stories)
    print(f"database: {args.articles} articles, {args.stories} stories, built in {time.perf_counter() - t0:.0f} s "
          f"({db.stat().st_size / 1e6:.0f} MB)")
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv/bin/storylens"), "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    try:
        for _ in range(200):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.25)
        rng = random.Random(1)
        n = args.requests
        cases = {
            "healthz (floor)": ["/healthz"] * n,
            "story page": [f"/stories/{rng.choice(story_ids)}" for _ in range(n)],
            "search page": [f"/?q={quote(rng.choice(words))}" for _ in range(n)],
            "search API": [f"/api/v1/stories?q={quote(rng.choice(words))}" for _ in range(n)],
        }
        load_test(port, cases["story page"][:50])   # warm up caches
        print(f"{'endpoint':18s} {'requests':>8s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} errors   (8 clients, 127.0.0.1)")
        res = {}
        for name, paths in cases.items():
            r = load_test(port, paths)
            res[name] = r
            print(f"{name:18s} {r['n']:8d} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['errors']:6d}")
        print(f"targets: story page p95 < 100 ms ({res['story page']['p95']:.0f}), search p95 < 200 ms "
              f"({res['search page']['p95']:.0f}), no errors ({sum(r['errors'] for r in res.values())}); "
              f"story page p95 / floor p95 = {res['story page']['p95'] / res['healthz (floor)']['p95']:.1f}x")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
