"""End-to-end benchmark of the main job (`storylens analyze`, through the same pipeline function) on
a large input built from ../shared/data: every dev article pooled (ECB+ texts, Multi-News documents,
UCI headlines, the boilerplate pages' scraped text), then repeated with variations up to --n articles
(each repeat drops ~20% of the sentences, keeps the rest in order, and gets a new id and outlet: a
stream with reprints and rewrites, like a real feed). Prints articles/second end to end and per stage,
and peak memory; the peer is the same job's ingest+clean stage alone (the floor any pipeline pays).
Then a day's batch: the stream's next --add articles analysed into the same database, with the
readings and sentence vectors of earlier runs kept (what `analyze` does) and, in the same run, into a
copy of the database without them (every touched story read and embedded whole again); prints both
times, their ratio, and whether the two give the same analyses.
Then a full-text stream (--full articles): the Multi-News and ECB+ texts alone with their variations (no
headlines, no scraped pages), the case of a newsroom's feed of whole articles; same lines.
With --big N, last, the same stream to N stored articles and the same day's batch into it (the issue's
100,000). Peak memory is the process's peak so far: each line holds for the runs printed before it.
Usage: .venv/bin/python bench/pipeline.py [--n 20000] [--add 1000] [--full 3000] [--big 100000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cpu_seconds, load, machine_ticks, peak_children_mb, peak_mb  # noqa: E402

from storylens.cluster.features import ENGLISH_STOPWORDS  # noqa: E402
from storylens.config import Settings  # noqa: E402
from storylens.pipeline import analyze_paths  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.text.sentences import sentence_texts  # noqa: E402

OUTLETS = ["Daily Planet", "Morning Herald", "Evening Post", "Wire Service", "City Times", "Global Report"]


def pooled() -> list[dict]:
    """Every dev article, each with its true story in `_gold` (benchmarks strip it before grouping)."""
    recs = [{"id": r["id"], "text": r["text"], "_gold": f"ecb:{r['event']}"} for r in load("ecbplus-dev.jsonl.gz")]
    for c in load("multinews-dev.jsonl.gz"):
        recs += [{"id": d["doc_id"], "text": d["text"], "_gold": f"mn:{c['cluster_id']}"} for d in c["documents"]]
    recs += [{"id": r["id"], "title": r["title"], "source": r["source"], "published": r["published"],
              "_gold": f"uci:{r['story']}"} for r in load("uci-headlines-dev.jsonl.gz")]
    recs += [{"id": r["id"][:16], "text": r["page_text"], "url": r["url"], "_gold": f"page:{r['id']}"}
             for r in load("boilerplate-dev.jsonl.gz")]
    return recs


def stream(n: int, seed: int = 7, new_events: bool = False, full_text: bool = False) -> list[dict]:
    """The pooled dev articles, then varied copies (~20% of sentences dropped, new id and outlet).
    With `new_events`, each further pass over the pool is a new month of news rather than more copies
    of the same events: its names (capitalised words rare in English) get that pass's
    suffix ('Tabriz' -> 'Tabrizov') and its dates move 28 days on, so stories do not grow without
    bound as the stream grows; the number of stories grows with it, as in a real firehose."""
    rng = random.Random(seed)
    base = pooled()
    if full_text:     # whole articles only: Multi-News and ECB+
        base = [r for r in base if r["_gold"].startswith(("mn:", "ecb:"))]
    out = list(base)
    k = 0
    while len(out) < n:
        r = base[k % len(base)]
        epoch = 1 + k // len(base)
        k += 1
        v = dict(r, id=f"{r['id']}~v{k}", source=rng.choice(OUTLETS))
        if r.get("text"):
            sents = sentence_texts(r["text"])
            keep = [s for s in sents if rng.random() > 0.2] or sents[:1]
            v["text"] = "\n\n".join(keep)
        if new_events:
            v["_gold"] = f"{r['_gold']}@{epoch}"
            for key in ("text", "title"):
                if v.get(key):
                    v[key] = _rename(v[key], epoch)
            if v.get("published"):
                d = dt.date.fromisoformat(v["published"][:10]) + dt.timedelta(days=28 * epoch)
                v["published"] = d.isoformat() + v["published"][10:]
        out.append(v)
    return out[:n]


_SYLLABLES = ["ak", "en", "ir", "ov", "ul", "et", "is", "an", "or", "ud"]
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")


def _rename(text: str, epoch: int) -> str:
    """Capitalised words that are rare in English (names: wordfreq Zipf < 3) get the pass's suffix."""
    from wordfreq import zipf_frequency
    suffix = "".join(_SYLLABLES[int(d)] for d in str(epoch))

    def sub(m: re.Match) -> str:
        w = m.group(0)
        if w not in _RARE:
            _RARE[w] = w.lower() not in ENGLISH_STOPWORDS and zipf_frequency(w.lower(), "en") < 3.0
        return w + suffix if _RARE[w] else w
    return _NAME.sub(sub, text)


_RARE: dict[str, bool] = {}


def _jsonl(path: Path, recs: list[dict]) -> str:
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "_gold"}) + "\n" for r in recs),
                    encoding="utf-8")
    return str(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--add", type=int, default=1000, help="a day's batch after the main run (0: none)")
    ap.add_argument("--full", type=int, default=3000, help="articles of the full-text stream (0: none)")
    ap.add_argument("--big", type=int, default=0,
                    help="also a day's batch into this many stored articles of the same stream (100000: ~25 min)")
    args = ap.parse_args()
    recs = stream(args.n + args.add)
    recs, batch = recs[:args.n], recs[args.n:]
    first_batch = None
    if args.n:
        with tempfile.TemporaryDirectory() as d:
            print("mixed stream (two thirds headline-only):")
            store = run_stream(recs, Path(d), target=100)
            first_batch = days_batch(store, Path(d), batch) if batch else None
    if args.full:
        with tempfile.TemporaryDirectory() as d:
            print("full-text stream (Multi-News and ECB+ articles with their variations, no headlines):")
            run_stream(stream(args.full, full_text=True), Path(d), target=25)
    if args.big and args.add:
        # the same day's batch as above (the stream's records after its first --n, under new ids): a slice
        # further on would be another part of the pool (all headlines, say), not the same kind of day
        first = args.n or 20000
        again = [dict(r, id=f"{r['id']}~day") for r in stream(first + args.add)[first:]]
        with tempfile.TemporaryDirectory() as d:
            print(f"the same stream to {args.big} stored articles, then the same day's batch (new ids):")
            store = run_stream(stream(args.big), Path(d), target=100)
            big_batch = days_batch(store, Path(d), again)
            if first_batch:
                print(f"a day's batch into {args.big} stored / into {first} stored: {big_batch / first_batch:.2f}x "
                      f"(target <= 1.5x; into {first}: target <= 45 s)")


def run_stream(recs: list[dict], d: Path, target: float) -> Store:
    """One run of the main job on the records; prints its lines and returns the store."""
    store = Store(d / "bench.db")
    src = _jsonl(d / "stream.jsonl", recs)
    cpu0, (steal0, ticks0) = cpu_seconds(), machine_ticks()
    t0 = time.perf_counter()
    rep = analyze_paths([src], store, Settings())
    total = time.perf_counter() - t0
    cpu, (steal, ticks) = cpu_seconds() - cpu0, machine_ticks()
    c = store.counts()
    n = len(recs)
    print(f"input: {n} articles ({sum(1 for r in recs if not r.get('text'))} headline-only), "
          f"{c['stories']} stories, {len(rep.issues)} inputs listed (skipped, repaired, or kept with no article text)")
    workers = max(1, (Settings().workers or __import__("os").cpu_count() or 1))
    mem = peak_mb() + workers * peak_children_mb()
    print(f"end to end: {total:8.1f} s  {n / total:8.1f} articles/s  (target >= {target:g})")
    print(f"cpu: {cpu:.1f} s in all processes ({n / max(cpu, 1e-9):.1f} articles per CPU-second); the host took "
          f"{(steal - steal0) / max(ticks - ticks0, 1):.1%} of this machine's CPU time meanwhile (steal: wall-clock "
          f"figures are that much slower)")
    print(f"peak memory: main {peak_mb():.0f} MB + {workers} analysis workers x {peak_children_mb():.0f} MB = "
          f"{mem:.0f} MB at most (target <= 4096)")
    for stage, sec in rep.seconds.items():
        print(f"  stage {stage:14s} {sec:8.1f} s  {n / max(sec, 1e-9):9.1f} articles/s  {sec / total:6.1%} of the run")
    clean = rep.seconds.get("ingest+clean", 0)
    print(f"ratio end-to-end / ingest+clean alone (the floor): {total / max(clean, 1e-9):.2f}x")
    return store


def days_batch(store: Store, d: Path, batch: list[dict]) -> float:
    """The next articles into the database as a later run, with and without the readings, vectors and copy
    keys kept; prints its line and returns the seconds with them kept."""
    src = _jsonl(d / "batch.jsonl", batch)
    unread = sqlite3.connect(d / "unread.db")
    store.db.backup(unread)
    unread.execute("DELETE FROM article_readings")
    unread.execute("DELETE FROM sentence_vectors")
    unread.execute("DELETE FROM copy_keys")
    unread.execute("DELETE FROM copy_pairs")
    unread.commit()
    unread.close()
    out = {}
    for name, db in (("kept", store), ("unread", Store(d / "unread.db"))):
        t0 = time.perf_counter()
        rep = analyze_paths([src], db, Settings())
        out[name] = (time.perf_counter() - t0, rep, {r[0]: r[1] for r in db.db.execute(
            "SELECT story_id, analysis_json FROM story_analysis WHERE story_id IN (SELECT value FROM json_each(?))",
            (json.dumps(rep.story_ids),))})
    (t_kept, rep, kept), (t_unread, rep_u, unread_) = out["kept"], out["unread"]
    same = sum(1 for k, v in kept.items() if unread_.get(k) == v)
    stored = store.counts()["articles"] - len(batch)
    print(f"a day's batch: {len(batch)} new into {stored} stored: {t_kept:.1f} s "
          f"({', '.join(f'{k} {v:.1f} s' for k, v in rep.seconds.items())}), {rep.stories_analysed} stories analysed; "
          f"without the kept readings, vectors and copy keys (each touched story read, embedded and copy-checked whole again): {t_unread:.1f} s, analyse "
          f"{rep_u.seconds.get('analyse', 0):.1f} s; ratio {t_kept / t_unread:.2f} (analyse "
          f"{rep.seconds.get('analyse', 0) / max(rep_u.seconds.get('analyse', 0), 1e-9):.2f}); "
          f"the same analyses: {same} of {len(kept)} stories")
    return t_kept


if __name__ == "__main__":
    main()
