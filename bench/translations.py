"""Translated copies (dedup/translation.py): how often reports of one event that are NOT copies would
pass the translation bars, and whether a real translation does; storylens's rule against a plain one
(names and numbers shared, as a bag: half of the smaller article's) in the same run.

There is no labelled translation data here, so the false side is measured on English: every pair of
articles of one true event (ECB+, Multi-News) that storylens does not already call a copy (shingles,
paraphrase alignment) is independent reporting of one event, which is what a translation detector
must not take for a translation (the language check is left out, both articles being English). The
true side is the hand-made German and Russian translations of the example's 004 in tests/dedup/data/
(and a German report of the same meeting written on its own, which must not pass).
Usage: .venv/bin/python bench/translations.py
"""
from __future__ import annotations

import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clustering import datasets  # noqa: E402
from common import ROOT  # noqa: E402

from storylens import embed  # noqa: E402
from storylens.clean import clean_articles  # noqa: E402
from storylens.config import Settings  # noqa: E402
from storylens.dedup import find_copies, find_paraphrases  # noqa: E402
from storylens.dedup.translation import aligns, anchored  # noqa: E402
from storylens.ingest import ingest_paths  # noqa: E402
from storylens.ingest.records import article_from_record  # noqa: E402


def bag_rule(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    """The plain peer: half of the smaller article's names and numbers appear in the other."""
    x, y = (frozenset().union(*a) if a else frozenset()), (frozenset().union(*b) if b else frozenset())
    small, big = (x, y) if len(x) <= len(y) else (y, x)
    return len(small) >= 5 and len(small & big) >= 0.5 * len(small)


def main() -> None:
    s = Settings()
    model = embed.load(s)
    for name, (recs, gold) in datasets(["ecbplus", "multinews"]).items():
        arts = list(embed.embed_articles(list(clean_articles([article_from_record(r, "bench", s) for r in recs], s)), model))
        by = defaultdict(list)
        for a, g in zip(arts, gold):
            by[g].append(a)
        pairs = ours = bag = 0
        t = time.perf_counter()
        for members in by.values():
            copied = set()
            for grp in find_copies(members, s) + find_paraphrases(members, s):
                copied |= {frozenset(p) for p in itertools.combinations(grp.members, 2)}
            sents = {a.id: anchored(a) for a in members}
            for a, b in itertools.combinations(members, 2):
                if frozenset((a.id, b.id)) in copied:
                    continue
                pairs += 1
                ours += aligns(sents[a.id], sents[b.id])[0]
                bag += bag_rule(sents[a.id], sents[b.id])
        secs = time.perf_counter() - t
        print(f"{name:20s} independent same-event pairs {pairs:5d}: taken for translations: storylens {ours:4d} "
              f"({ours / max(pairs, 1):.2%}), names-as-a-bag rule {bag:4d} ({bag / max(pairs, 1):.2%}); "
              f"ratio storylens/bag {ours / max(bag, 1):.3f}  ({secs:.1f} s with the copy checks)")
    data = ROOT / "tests" / "dedup" / "data"
    ex = {a.id[:3]: a for a in clean_articles([a for a in ingest_paths([ROOT / "examples/afghanistan-2020"], s)
                                               if hasattr(a, "raw_text")], s)}
    de = {a.id: a for a in clean_articles([a for a in ingest_paths([data], s) if hasattr(a, "raw_text")], s)}
    what = {"004_de": "a full translation of 004 into German", "004_ru": "a full translation of 004 into Russian",
            "nato_de_own": "a German report of the same meeting, written on its own"}
    arts = {k: a for k, a in {**ex, **de}.items()}
    for a in embed.embed_articles(list(arts.values()), model):
        arts[a.id if a.id in de else a.id[:3]] = a
    sents = {k: anchored(a) for k, a in arts.items()}
    for k in de:
        found = [o for o in ex if aligns(sents[k], sents[o])[0]]
        bagged = [o for o in ex if bag_rule(sents[k], sents[o])]
        print(f"hand-made {k:12s}: storylens calls it a translation of {found or 'none'}; "
              f"names-as-a-bag rule of {bagged or 'none'}   ({what.get(k, '?')})")


if __name__ == "__main__":
    main()
