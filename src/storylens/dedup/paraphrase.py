"""Paraphrased copies: most sentences of one article have a close counterpart, in the same order, in
another. Works on sentence vectors, so reworded copies ("rewards" for "bounties") align. The vectors are
English; copies in another language are translation.py's.

`paraphrase_similarity`: how close two sentences must be to align; `paraphrase_share`: the share of
the shorter article's sentences that must align. Raising either finds fewer, surer copies.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..config import Settings
from ..model import Article, CopyGroup


def aligned_share(a: np.ndarray, b: np.ndarray, threshold: float) -> tuple[float, float]:
    """(share of a's sentences with a counterpart in b, share of those in increasing order)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    sims = a @ b.T
    best = sims.argmax(axis=1)
    ok = sims[np.arange(len(a)), best] >= threshold
    share = float(ok.mean())
    order = best[ok]
    monotone = float((np.diff(order) >= 0).mean()) if len(order) > 1 else 1.0
    return share, monotone


def find_paraphrases(articles: Sequence[Article], settings: Settings, known=frozenset()) -> list[CopyGroup]:
    """Paraphrased copies among `articles` (pairs not in `known`, a set of frozensets or KnownPairs)."""
    out = []
    arts = [a for a in articles if a.sentence_vectors is not None and len(a.sentences) >= 3]
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            if frozenset((a.id, b.id)) in known:
                continue
            short, long_ = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
            share, monotone = aligned_share(short.sentence_vectors, long_.sentence_vectors, settings.paraphrase_similarity)
            if share >= settings.paraphrase_share and monotone >= 0.7:
                orig = min((a, b), key=lambda x: (x.date or "9999", x.id))
                out.append(CopyGroup(sorted([a.id, b.id]), "paraphrase", orig.id,
                                     f"{share:.0%} of {short.id}'s sentences align with {long_.id}'s, in order"))
    return out
