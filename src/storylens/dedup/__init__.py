"""Deduplicate: which articles are copies of one another, so copies count as one source.

- exact: same normalised clean text (for a headline-only item: the same headline of 6+ words);
- near-duplicate / partial reprint: MinHash LSH (datasketch) over word 5-shingles, candidates verified
  with the true Jaccard (near-duplicate) or containment of the shorter in the longer (partial reprint);
- paraphrase: sentence-level alignment of embeddings (paraphrase.py), run within stories;
- translation: sentences of two languages carrying the same names and numbers in order (translation.py);
- outside originals: a reprint marker ("Source: X") or first-party phrases of another outlet
  ("did not respond to The Daily Beast") show the article carries another outlet's reporting.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from typing import Sequence


from ..config import Settings
from ..model import Article, CopyGroup
from ..text.tokens import WORD
from .minhash import NUM_PERM, lsh_index, signature
from .paraphrase import find_paraphrases
from .translation import find_translations, fold, translation_pairs

__all__ = ["KnownPairs", "find_copies", "find_paraphrases", "find_translations", "fold", "lsh_index", "outside_originals",
           "signature", "translation_pairs"]
HEADLINE_MIN_WORDS = 6   # a headline this long, word for word the same in two feeds of one story, is one source


def _shingles(text: str, k: int = 5) -> set[int]:
    """Word k-shingles of a text, as 32-bit hashes."""
    toks = [t.lower() for t in WORD.findall(text)]
    if len(toks) < k:
        return {zlib.crc32(" ".join(toks).encode())} if toks else set()
    # crc32: the same hash in every run (Python's hash() changes per process), fast, 32 bits
    return {zlib.crc32(" ".join(toks[i:i + k]).encode()) for i in range(len(toks) - k + 1)}


class KnownPairs:
    """Pairs of articles already known to be copies (or already checked): the members of each group
    count as known pairs without being listed pair by pair (a group of 8,000 reprints would be 32
    million pairs), and single pairs are kept as they are. `pair in known` for a frozenset of two ids."""

    def __init__(self, groups: Sequence[CopyGroup] = (), pairs=()):
        self.group_of: dict[str, int] = {}
        for n, g in enumerate(groups):
            for m in g.members:
                self.group_of.setdefault(m, n)
        self.pairs = set(pairs)

    def __contains__(self, pair) -> bool:
        if pair in self.pairs:
            return True
        a, b = tuple(pair) if len(pair) == 2 else (None, None)
        return a is not None and self.group_of.get(a, -1) == self.group_of.get(b, -2)

    def add(self, pair: frozenset) -> None:
        self.pairs.add(pair)


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
        words = WORD.findall(text.lower())
        # a text is a copy when its 20+ words are the same; a headline-only item when its whole headline
        # is (one wire headline carried by many feeds of one story), unless it is a few words ('Business
        # Highlights', 'Market update') that many outlets use for their own pieces
        if len(words) < (HEADLINE_MIN_WORDS if not a.clean_text else 20):
            continue
        h = hashlib.sha1((" ".join(words) + ("" if a.clean_text else "\x00headline")).encode()).hexdigest()
        if h in exact:
            groups.union(exact[h], a.id)
            kind[frozenset((exact[h], a.id))] = ("exact", 1.0)
        else:
            exact[h] = a.id
    # 64 bands of 2 rows: candidates down to a low Jaccard similarity, because a short article reprinted
    # inside one three times its length has Jaccard ~0.3 (found with probability ~0.998) though its
    # containment is 1. Candidates are verified on the true shingle sets, so a loose index costs only time.
    shingles = {aid: _shingles(by_id[aid].clean_text) for aid in exact.values() if by_id[aid].clean_text}
    shingles = {aid: sh for aid, sh in shingles.items() if sh}
    if len(shingles) > 1:
        lsh = lsh_index(NUM_PERM, bands=(64, 2))
        hashes = {aid: signature(sh) for aid, sh in shingles.items()}
        for aid, mh in hashes.items():
            lsh.insert(aid, mh)
        for aid, sh in shingles.items():
            for other in sorted(lsh.query(hashes[aid])):   # the query answers in no fixed order
                if other == aid or frozenset((other, aid)) in kind:
                    continue
                osh = shingles[other]
                inter = len(sh & osh)
                jac = inter / max(1, len(sh | osh))
                contain = inter / max(1, min(len(sh), len(osh)))
                if jac >= settings.near_duplicate_jaccard:
                    groups.union(other, aid)
                    kind[frozenset((other, aid))] = ("near-duplicate", jac)
                elif contain >= settings.reprint_containment:
                    groups.union(other, aid)
                    kind[frozenset((other, aid))] = ("partial reprint", contain)
    members: dict[str, list[str]] = {}
    paired = {i for k in kind for i in k}
    for a in articles:
        if a.id in groups.parent or a.id in paired:
            members.setdefault(groups.find(a.id), []).append(a.id)
    out = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        arts = [by_id[i] for i in ids]
        orig = _earliest(arts)
        in_group = set(ids)
        pair_kinds = [v for k, v in kind.items() if k <= in_group]
        label = "exact" if all(k == "exact" for k, _ in pair_kinds) else max(pair_kinds, key=lambda kv: kv[1])[0]
        detail = ", ".join(f"{k} {s:.2f}" for k, s in pair_kinds[:4])
        if all(not a.clean_text for a in arts):
            why = "the same headline word for word; original = earliest"
        else:
            why = f"shared 5-word shingles ({detail}); original = earliest"
        out.append(CopyGroup(sorted(ids), label, orig.id, why))
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
