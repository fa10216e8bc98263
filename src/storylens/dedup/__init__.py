"""Deduplicate: which articles are copies of one another, so copies count as one source.

- exact: same normalised clean text (for a headline-only item: the same headline of 6+ words);
- near-duplicate / partial reprint: MinHash signatures (datasketch) of word 5-shingles, candidates by LSH
  banding, verified with the true Jaccard (near-duplicate) or containment of the shorter in the longer
  (partial reprint); a later run keeps each article's keys and the pairs found, and checks new texts only;
- paraphrase: sentence-level alignment of embeddings (paraphrase.py), run within stories;
- translation: sentences of two languages carrying the same names and numbers in order (translation.py);
- outside originals: a reprint marker ("Source: X") or first-party phrases of another outlet
  ("did not respond to The Daily Beast") show the article carries another outlet's reporting.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..code_version import code_hash
from ..config import Settings
from ..model import Article, CopyGroup
from ..text.tokens import WORD
from .minhash import lsh_index, signature
from .paraphrase import find_paraphrases
from .translation import find_translations, fold, translation_pairs

__all__ = ["BANDS", "ROWS", "CopyCheck", "CopyKeys", "EarlierChecks", "KnownPairs", "band_candidates", "check_copies", "copy_keys",
           "copy_keys_version", "find_copies", "find_paraphrases", "find_translations", "fold", "lsh_index", "outside_originals",
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


BANDS, ROWS = 64, 2   # 64 bands of 2 rows of the 128-value signature (see find_copies)


@dataclass(slots=True)
class CopyKeys:
    """What the shingle checks need of one article's text, kept between runs: the hash of its words
    (None: too short to count as a copy) and the MinHash signature of its 5-shingles (NUM_PERM uint32
    values; None: no article text to shingle)."""
    exact: str | None
    signature: bytes | None


@dataclass
class EarlierChecks:
    """What the checks of earlier runs left for a story's earlier articles: their kept keys, the story
    each was checked in last (every pair of texts within one story was checked then), and the copy
    pairs found between texts (by the two texts' word hashes: a pair of texts gives the same answer in
    any story)."""
    keys: dict[str, CopyKeys]
    checked_in: dict[str, str]
    pairs: dict[frozenset, tuple[str, float]]


@dataclass
class CopyCheck:
    """find_copies' answer with what to keep for the next run: the keys made now (by article id) and
    the copy pairs between texts verified now."""
    groups: list[CopyGroup]
    keys: dict[str, CopyKeys]
    pairs: dict[frozenset, tuple[str, float]]


def copy_keys_version(settings: Settings) -> str:
    """Kept keys and pairs hold for this code and these thresholds only."""
    code = code_hash(__file__, "__init__.py", "minhash.py", "../text/tokens.py")
    return f"{code}/{settings.near_duplicate_jaccard}/{settings.reprint_containment}"


def copy_keys(a: Article) -> CopyKeys:
    """An article's keys: a text is a copy when its 20+ words are the same; a headline-only item when
    its whole headline is (one wire headline carried by many feeds of one story), unless it is a few
    words ('Business Highlights', 'Market update') that many outlets use for their own pieces."""
    return _keyed(a)[0]


def _keyed(a: Article) -> tuple[CopyKeys, set[int]]:
    """(the article's keys, its shingles: a check verifying its pairs uses them rather than make them again)."""
    text = a.clean_text or a.display_title
    words = WORD.findall(text.lower())
    if len(words) < (HEADLINE_MIN_WORDS if not a.clean_text else 20):
        return CopyKeys(None, None), set()
    exact = hashlib.sha1((" ".join(words) + ("" if a.clean_text else "\x00headline")).encode()).hexdigest()
    sh = _shingles(a.clean_text) if a.clean_text else set()
    sig = np.asarray(signature(sh).hashvalues, dtype=np.uint32).tobytes() if sh else None
    return CopyKeys(exact, sig), sh


def find_copies(articles: Sequence[Article], settings: Settings) -> list[CopyGroup]:
    """Copy groups among `articles` (exact, near-duplicate, partial reprint)."""
    return check_copies(articles, settings).groups


def check_copies(articles: Sequence[Article], settings: Settings, earlier: EarlierChecks | None = None) -> CopyCheck:
    """Copy groups among `articles` (exact, near-duplicate, partial reprint). With `earlier`, a later
    run's check of a story: pairs of texts checked in one story before are not checked again (their
    copy pairs come from `earlier.pairs`), so the work is that of the new texts; the groups are those
    of a check of every pair (the same pairs, the same groups)."""
    if len(articles) < 2:
        return CopyCheck([], {}, {})
    earlier = earlier or EarlierChecks({}, {}, {})
    made: dict[str, CopyKeys] = {}
    keys: dict[str, CopyKeys] = {}
    made_shingles: dict[str, set[int]] = {}   # by article id
    for a in articles:
        k = earlier.keys.get(a.id)
        if k is None:
            k, made_shingles[a.id] = _keyed(a)
            made[a.id] = k
        keys[a.id] = k
    by_id = {a.id: a for a in articles}
    groups = _Groups()
    kind: dict[frozenset, tuple[str, float]] = {}
    rep: dict[str, str] = {}                 # text hash -> its first article (the text's representative)
    checked: dict[str, set[str]] = {}        # text hash -> the stories it was checked in
    for a in articles:
        h = keys[a.id].exact
        if h is None:
            continue
        if h in rep:
            groups.union(rep[h], a.id)
            kind[frozenset((rep[h], a.id))] = ("exact", 1.0)
        else:
            rep[h] = a.id
            checked[h] = set()
        if a.id in earlier.keys and a.id in earlier.checked_in:
            checked[h].add(earlier.checked_in[a.id])
    # the texts that have shingles (signatures): 64 bands of 2 rows make candidates down to a low Jaccard
    # similarity, because a short article reprinted inside one three times its length has Jaccard ~0.3
    # (found with probability ~0.998) though its containment is 1. Candidates are verified on the true
    # shingle sets, so a loose index costs only time.
    units = [h for h, aid in rep.items() if keys[aid].signature is not None]
    found: dict[frozenset, tuple[str, float]] = {}
    if len(units) > 1:
        present = set(units)
        for pair, kv in earlier.pairs.items():   # copy pairs between texts found before
            if pair <= present:
                found[pair] = kv
        # the story whose texts are most of this one: pairs within it were all checked; every other text
        # is looked up against all (pairs of texts checked in one story before are skipped)
        count: dict[str, int] = {}
        for h in units:
            for s in checked[h]:
                count[s] = count.get(s, 0) + 1
        biggest = min(count, key=lambda s: (-count[s], s)) if count else None
        query = [i for i, h in enumerate(units) if biggest not in checked[h]]
        sigs = np.vstack([np.frombuffer(keys[rep[h]].signature, dtype=np.uint32) for h in units])
        shingles: dict[str, set[int]] = {}

        def shingles_of(h: str) -> set[int]:
            if h not in shingles:
                aid = rep[h]
                shingles[h] = made_shingles[aid] if aid in made_shingles else _shingles(by_id[aid].clean_text)
            return shingles[h]
        verified: dict[frozenset, tuple[str, float]] = {}
        for i, j in sorted(band_candidates(sigs, query)):
            hi, hj = units[i], units[j]
            pair = frozenset((hi, hj))
            if pair in found or checked[hi] & checked[hj]:
                continue   # a copy pair found before, or a pair checked in one story before (not copies)
            sh, osh = shingles_of(hi), shingles_of(hj)
            inter = len(sh & osh)
            jac = inter / max(1, len(sh | osh))
            contain = inter / max(1, min(len(sh), len(osh)))
            if jac >= settings.near_duplicate_jaccard:
                verified[pair] = ("near-duplicate", jac)
            elif contain >= settings.reprint_containment:
                verified[pair] = ("partial reprint", contain)
        found.update(verified)
        for pair, kv in found.items():
            hi, hj = sorted(pair)
            groups.union(rep[hi], rep[hj])
            kind[frozenset((rep[hi], rep[hj]))] = kv
    else:
        verified = {}
    return CopyCheck(_copy_groups(articles, groups, kind), made, verified)


def _copy_groups(articles: Sequence[Article], groups: _Groups, kind: dict[frozenset, tuple[str, float]]) -> list[CopyGroup]:
    by_id = {a.id: a for a in articles}
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
        # the strongest pairs first (the same words whichever order the pairs were found in)
        pair_kinds = sorted((v for k, v in kind.items() if k <= in_group), key=lambda kv: (-kv[1], kv[0]))
        label = pair_kinds[0][0]   # exact (1.0) before a near-duplicate or reprint pair
        detail = ", ".join(f"{k} {s:.2f}" for k, s in pair_kinds[:4])
        if all(not a.clean_text for a in arts):
            why = "the same headline word for word; original = earliest"
        else:
            why = f"shared 5-word shingles ({detail}); original = earliest"
        out.append(CopyGroup(sorted(ids), label, orig.id, why))
    return out


def band_candidates(sigs: np.ndarray, query: list[int]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of rows of `sigs` (signatures, NUM_PERM uint32 each) equal in all ROWS values
    of at least one of BANDS bands, where i or j is in `query`: the candidates of a MinHash LSH index
    with these bands, found by sorting each band's keys."""
    if not query:
        return set()
    s = sigs.reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    keys = (s[:, :, 0] << np.uint64(32)) | s[:, :, 1]
    q = np.asarray(query)
    out: set[tuple[int, int]] = set()
    for b in range(BANDS):
        col = keys[:, b]
        order = np.argsort(col, kind="stable")
        ordered = col[order]
        lo = np.searchsorted(ordered, col[q], "left")
        hi = np.searchsorted(ordered, col[q], "right")
        many = np.nonzero(hi - lo > 1)[0]
        for n in many.tolist():
            i = int(q[n])
            for j in order[lo[n]:hi[n]].tolist():
                if j != i:
                    out.add((i, j) if i < j else (j, i))
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
