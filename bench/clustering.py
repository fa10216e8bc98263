"""Grouping benchmark: BCubed P/R/F1, stories found vs true, time, articles/s, peak memory, for
storylens (the function behind `storylens cluster`) and, in the same run, a TF-IDF + average-link
agglomerative baseline (threshold tuned on the same data) and, with --taranis, the Taranis AI story
clustering peer. Usage: .venv/bin/python bench/clustering.py [--sets ecbplus,multinews,uci,example]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Timer, bcubed, load, peak_mb  # noqa: E402

from storylens.config import Settings  # noqa: E402
from storylens.ingest.records import article_from_record  # noqa: E402
from storylens.pipeline import cluster_records  # noqa: E402


def datasets(names: list[str]) -> dict[str, tuple[list[dict], list[str]]]:
    out = {}
    if "ecbplus" in names:
        rows = load("ecbplus-dev.jsonl.gz")
        out["ecbplus (events)"] = ([{"id": r["id"], "text": r["text"], "url": r["url"] or None} for r in rows],
                                   [r["event"] for r in rows])
    if "multinews" in names:
        recs, gold = [], []
        for c in load("multinews-dev.jsonl.gz"):
            for d in c["documents"]:
                recs.append({"id": d["doc_id"], "text": d["text"]})
                gold.append(c["cluster_id"])
        out["multinews (pooled)"] = (recs, gold)
    if "uci" in names:
        rows = load("uci-headlines-dev.jsonl.gz")
        out["uci headlines"] = ([{"id": r["id"], "title": r["title"], "url": r["url"], "source": r["source"],
                                  "published": r["published"]} for r in rows], [r["story"] for r in rows])
    if "example" in names:
        files = sorted((ROOT / "examples/afghanistan-2020").glob("*.txt"))
        out["example corpus"] = ([{"id": f.name[:3], "text": f.read_text(encoding="utf-8")} for f in files],
                                 ["A" if f.name[:3] != "004" else "B" for f in files])
    return out


def run_storylens(recs: list[dict], settings: Settings) -> list[str]:
    pairs = [(r, article_from_record(r, "bench", settings)) for r in recs]
    return [o["story_id"] for o in cluster_records(pairs, settings)]


def tfidf_agglomerative(recs: list[dict], threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    texts = [((r.get("title") or "") + " " + (r.get("text") or "")) for r in recs]
    X = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=1 - threshold)
    return list(model.fit_predict(X.toarray()))


def tuned_baseline(recs, gold):
    best = None
    for th in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        pred = tfidf_agglomerative(recs, th)
        f = bcubed(gold, pred)[2]
        if best is None or f > best[0]:
            best = (f, th, pred)
    return best[1], best[2]


def report(name, method, gold, pred, seconds, n, extra=""):
    P, R, F = bcubed(gold, pred)
    print(f"{name:20s} {method:34s} P {P:.3f}  R {R:.3f}  F1 {F:.3f}  stories {len(set(pred)):5d} / {len(set(gold)):5d}"
          f"  {seconds:7.1f} s  {n / max(seconds, 1e-9):8.1f} art/s  peak {peak_mb():6.0f} MB {extra}")
    return F


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="example,ecbplus,multinews,uci")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    settings = Settings() if args.threshold is None else Settings(story_threshold=args.threshold)
    for name, (recs, gold) in datasets(args.sets.split(",")).items():
        with Timer() as t:
            pred = run_storylens(recs, settings)
        f_sl = report(name, "storylens", gold, pred, t.seconds, len(recs))
        if not args.no_baseline and len(recs) <= 5000:
            with Timer() as t:
                th, base = tuned_baseline(recs, gold)
            f_b = report(name, f"tfidf+average-link (th {th}, tuned)", gold, base, t.seconds / 9, len(recs),
                         "(time per threshold)")
            print(f"{name:20s} ratio storylens/baseline F1 {f_sl / max(f_b, 1e-9):.3f}")


if __name__ == "__main__":
    main()
