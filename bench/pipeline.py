"""End-to-end benchmark of the main job (`storylens analyze`, through the same pipeline function) on
a large input built from ../shared/data: every dev article pooled (ECB+ texts, Multi-News documents,
UCI headlines, the boilerplate pages' scraped text), then repeated with variations up to --n articles
(each repeat drops ~20% of the sentences, keeps the rest in order, and gets a new id and outlet: a
stream with reprints and rewrites, like a real feed). Prints articles/second end to end and per stage,
and peak memory; the peer is the same job's ingest+clean stage alone (the floor any pipeline pays).
Usage: .venv/bin/python bench/pipeline.py [--n 20000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load, peak_children_mb, peak_mb  # noqa: E402

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


def stream(n: int, seed: int = 7, new_events: bool = False) -> list[dict]:
    """The pooled dev articles, then varied copies (~20% of sentences dropped, new id and outlet).
    With `new_events`, each further pass over the pool is a new month of news rather than more copies
    of the same events: its names (capitalised words rare in English) get that pass's
    suffix ('Tabriz' -> 'Tabrizov') and its dates move 28 days on, so stories do not grow without
    bound as the stream grows; the number of stories grows with it, as in a real firehose."""
    rng = random.Random(seed)
    base = pooled()
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    args = ap.parse_args()
    recs = stream(args.n)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "stream.jsonl"
        src.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "_gold"}) + "\n" for r in recs),
                       encoding="utf-8")
        store = Store(Path(d) / "bench.db")
        t0 = time.perf_counter()
        rep = analyze_paths([str(src)], store, Settings())
        total = time.perf_counter() - t0
        c = store.counts()
    n = len(recs)
    print(f"input: {n} articles ({sum(1 for r in recs if not r.get('text'))} headline-only), "
          f"{c['stories']} stories, {len(rep.issues)} inputs skipped")
    workers = max(1, (Settings().workers or __import__("os").cpu_count() or 1))
    mem = peak_mb() + workers * peak_children_mb()
    print(f"end to end: {total:8.1f} s  {n / total:8.1f} articles/s  (target >= 12)")
    print(f"peak memory: main {peak_mb():.0f} MB + {workers} analysis workers x {peak_children_mb():.0f} MB = "
          f"{mem:.0f} MB at most (target <= 4096)")
    for stage, sec in rep.seconds.items():
        print(f"  stage {stage:14s} {sec:8.1f} s  {n / max(sec, 1e-9):9.1f} articles/s  {sec / total:6.1%} of the run")
    clean = rep.seconds.get("ingest+clean", 0)
    print(f"ratio end-to-end / ingest+clean alone (the floor): {total / max(clean, 1e-9):.2f}x")


if __name__ == "__main__":
    main()
