"""Summary benchmark on ../shared/data/multinews-dev.jsonl.gz (clusters with human summaries): ROUGE-1/2/L F1
x100 (rouge-score, stemming on), each summary cut to the reference's length in words and again at 250 words,
for storylens (the function behind `storylens summarize`) and, in the same run, the first article's lead,
LexRank and TextRank from sumy (sentences split by pysbd, since sumy's own tokenizer needs NLTK data no
package ships). Also prints, for storylens, the share of summary sentences found verbatim in a cited
article and the mean number of independent sources cited per sentence, and seconds per cluster.
Usage: .venv/bin/python bench/summarization.py [--limit N]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load  # noqa: E402

from storylens.config import Settings  # noqa: E402
from storylens.ingest.records import article_from_record  # noqa: E402
from storylens.pipeline import summarize_records  # noqa: E402


def cut(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


class PysbdTokenizer:
    """The two methods sumy asks of a tokenizer, from pysbd (sentences) and a regex (words)."""

    def __init__(self):
        import pysbd
        self._seg = pysbd.Segmenter(language="en", clean=False)

    def to_sentences(self, text):
        return [s.strip() for s in self._seg.segment(text) if s.strip()]

    def to_words(self, sentence):
        return re.findall(r"\w+", sentence)


def sumy_summary(kind: str, docs: list[str], words: int, tokenizer) -> str:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words
    parser = PlaintextParser.from_string("\n\n".join(docs), tokenizer)
    summ = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    n_sent = len(parser.document.sentences)
    ranked = summ(parser.document, n_sent)   # all sentences, in document order, best first is not kept...
    # sumy returns the top-k in document order; ask for growing k until the budget is filled
    k, out = 1, []
    while k <= n_sent:
        out = [str(s) for s in summ(parser.document, k)]
        if sum(len(s.split()) for s in out) >= words:
            break
        k = k * 2 if k < 8 else k + 4
    return " ".join(out) if out else " ".join(str(s) for s in ranked)


def lead(docs: list[str], words: int, tokenizer) -> str:
    return cut(" ".join(tokenizer.to_sentences(docs[0])), words)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    from rouge_score import rouge_scorer
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    clusters = load("multinews-dev.jsonl.gz")
    if args.limit:
        clusters = clusters[: args.limit]
    tok = PysbdTokenizer()
    settings = Settings()
    methods = ["storylens", "first article's lead", "LexRank (sumy)", "TextRank (sumy)"]
    totals = {(m, b): [0.0, 0.0, 0.0] for m in methods for b in ("ref", "250")}
    seconds = {m: 0.0 for m in methods}
    verbatim = sents = 0
    sources = 0
    # load models once, outside the timing
    list(summarize_records([({"id": "w"}, article_from_record({"id": "w", "text": "Warm up. The model loads once here."}, "w", settings))], settings, 20))
    for c in clusters:
        docs = [d["text"] for d in c["documents"]]
        ref = c["summary"]
        budgets = {"ref": len(ref.split()), "250": 250}
        for b, n in budgets.items():
            outs = {}
            t0 = time.perf_counter()
            pairs = [(rec, article_from_record(rec, "bench", settings)) for rec in
                     ({"id": d["doc_id"], "text": d["text"]} for d in c["documents"])]
            res = next(summarize_records(pairs, settings, n))
            seconds["storylens"] += time.perf_counter() - t0
            outs["storylens"] = res["summary"]
            if b == "ref":
                texts = {d["doc_id"]: re.sub(r"\s+", " ", d["text"]) for d in c["documents"]}
                for s in res["sentences"]:
                    sents += 1
                    sources += s["independent_sources"]
                    verbatim += any(re.sub(r"\s+", " ", s["text"]) in texts.get(x, "") for x in s["sources"])
            t0 = time.perf_counter()
            outs["first article's lead"] = lead(docs, n, tok)
            seconds["first article's lead"] += time.perf_counter() - t0
            for m, kind in (("LexRank (sumy)", "lexrank"), ("TextRank (sumy)", "textrank")):
                t0 = time.perf_counter()
                outs[m] = sumy_summary(kind, docs, n, tok)
                seconds[m] += time.perf_counter() - t0
            for m in methods:
                sc = scorer.score(ref, cut(outs[m], n))
                t = totals[(m, b)]
                t[0] += sc["rouge1"].fmeasure
                t[1] += sc["rouge2"].fmeasure
                t[2] += sc["rougeL"].fmeasure
    n = len(clusters)
    print(f"{n} clusters; ROUGE-1 / ROUGE-2 / ROUGE-L F1 x100 (rouge-score, stemming), summaries cut to the budget")
    for b, label in (("ref", "reference length"), ("250", "250 words")):
        print(f"-- budget: {label}")
        base = max(totals[(m, b)][1] for m in methods if m != "storylens")
        for m in methods:
            r1, r2, rl = (100 * x / n for x in totals[(m, b)])
            print(f"   {m:24s} {r1:5.1f} / {r2:5.1f} / {rl:5.1f}   {seconds[m] / (2 * n):6.3f} s per cluster")
        print(f"   ratio storylens / best peer ROUGE-2: {totals[('storylens', b)][1] / base:.3f}")
    print(f"storylens: {verbatim}/{sents} summary sentences verbatim in a cited article ({verbatim / max(1, sents):.1%}); "
          f"mean independent sources cited per sentence {sources / max(1, sents):.2f}")


if __name__ == "__main__":
    main()
