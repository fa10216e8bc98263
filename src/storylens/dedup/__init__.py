"""Deduplicate: which articles are copies of one another, so copies count as one source.

- exact: same normalised clean text;
- near-duplicate / partial reprint: MinHash LSH (datasketch) over word 5-shingles, candidates verified
  with the true Jaccard (near-duplicate) or containment of the shorter in the longer (partial reprint);
- paraphrase: sentence-level alignment of embeddings (paraphrase.py), run within stories;
- outside originals: a reprint marker ("Source: X") or first-party phrases of another outlet
  ("did not respond to The Daily Beast") show the article carries another outlet's reporting.
"""
from __future__ import annotations

import hashlib
import re
from typing import Sequence

from datasketch import MinHash, MinHashLSH

from ..config import Settings
from ..model import Article, CopyGroup
from ..text.tokens import WORD
from .paraphrase import find_paraphrases

__all__ = ["find_copies", "find_paraphrases", "outside_originals"]
NUM_PERM = 64


def _shingles(text: str, k: int = 5) -> set[int]:
    toks = [t.lower() for t in WORD.findall(text)]
    if len(toks) < k:
        return {hash(" ".join(toks))} if toks else set()
    return {hash(" ".join(toks[i:i + k])) for i in range(len(toks) - k + 1)}


def _minhash(sh: set[int]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([s.to_bytes(8, "big", signed=True) for s in sh])
    return m


class _Groups:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, a: str) -> str:
        while self.parent.get(a, a) != a:
            self.parent[a] = self.parent.get(self.parent[a], self.parent[a])
            a = self.parent[a]
        return a

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _earliest(members: list[Article]) -> Article:
    return min(members, key=lambda a: ((a.date or "9999"), a.id))


def find_copies(articles: Sequence[Article], settings: Settings) -> list[CopyGroup]:
    """Copy groups among `articles` (exact, near-duplicate, partial reprint)."""
    by_id = {a.id: a for a in articles}
    groups = _Groups()
    kind: dict[frozenset, tuple[str, float]] = {}
    exact: dict[str, str] = {}
    for a in articles:
        text = a.clean_text or a.display_title
        if len(WORD.findall(text)) < 20:
            continue  # headlines alone are too short to call copies
        h = hashlib.sha1(" ".join(WORD.findall(text.lower())).encode()).hexdigest()
        if h in exact:
            groups.union(exact[h], a.id)
            kind[frozenset((exact[h], a.id))] = ("exact", 1.0)
        else:
            exact[h] = a.id
    # 16 bands of 4 rows: pairs above Jaccard ~0.5 collide with probability > 0.6, above 0.7 > 0.99.
    # Explicit bands spare datasketch its per-index parameter search.
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(16, 4))
    shingles: dict[str, set[int]] = {}
    for aid in exact.values():
        a = by_id[aid]
        sh = _shingles(a.clean_text or a.display_title)
        shingles[aid] = sh
        mh = _minhash(sh)
        for other in lsh.query(mh):
            inter = len(sh & shingles[other])
            jac = inter / max(1, len(sh | shingles[other]))
            contain = inter / max(1, min(len(sh), len(shingles[other])))
            if jac >= settings.near_duplicate_jaccard:
                groups.union(other, aid)
                kind[frozenset((other, aid))] = ("near-duplicate", jac)
            elif contain >= 0.7:
                groups.union(other, aid)
                kind[frozenset((other, aid))] = ("partial reprint", contain)
        lsh.insert(aid, mh)
    members: dict[str, list[str]] = {}
    for a in articles:
        if a.id in groups.parent or any(a.id in k for k in kind):
            members.setdefault(groups.find(a.id), []).append(a.id)
    out = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        arts = [by_id[i] for i in ids]
        orig = _earliest(arts)
        pair_kinds = [v for k, v in kind.items() if k <= set(ids)]
        label = "exact" if all(k == "exact" for k, _ in pair_kinds) else max(pair_kinds, key=lambda kv: kv[1])[0]
        detail = ", ".join(f"{k} {s:.2f}" for k, s in pair_kinds[:4])
        out.append(CopyGroup(sorted(ids), label, orig.id, f"shared 5-word shingles ({detail}); original = earliest"))
    return out


_FIRST_PARTY = re.compile(
    r"\b(?:did not|didn't|has not|have not|declined to)\s+(?:immediately\s+)?(?:respond|reply|comment|return)\w*"
    r"(?:\s+(?:to\s+)?(?:a\s+)?(?:request|requests|message|messages|inquiry|email)s?(?:\s+for\s+comment)?)?"
    r"\s+(?:to|from)\s+(?P<outlet>(?:The\s+)?[A-Z][\w]*(?: [A-Z][\w]*){0,3})")


def outside_originals(article: Article) -> CopyGroup | None:
    """An article carrying another outlet's reporting: a reprint marker, or that outlet's first-party
    phrasing ('did not immediately comment to The Daily Beast') while the article's outlet differs."""
    reprint = article.meta.get("reprint_of")
    if reprint:
        return CopyGroup([article.id], "reprint", reprint.value, f"{reprint.source}")
    m = _FIRST_PARTY.search(article.clean_text)
    if m:
        outlet = m.group("outlet").strip()
        own = (article.outlet or "").lower()
        if outlet.lower() not in own and not own.endswith(outlet.lower().replace("the ", "")):
            return CopyGroup([article.id], "carries another outlet's reporting", outlet,
                             f"first-party phrase of {outlet}: '{m.group(0)}'")
    return None
