"""The one MinHash set-up of storylens (datasketch): signatures of sets of 32-bit hashes (text
shingles, term ids) with permutations drawn once per size and a fixed seed, so the same input gives
the same copies in every run and process; and the LSH index that finds candidate pairs. Story copy
groups (dedup) and the wire copies grouped before clustering (cluster/copies.py) both use it.

`num_perm`: more permutations estimate Jaccard more closely and cost more; 128 for the copy groups of
a story, 32 where only candidates are wanted (a true similarity then decides).
"""
from __future__ import annotations

import functools
from typing import Iterable

from datasketch import MinHash, MinHashLSH

SEED = 7
NUM_PERM = 128


def signature(hashes: Iterable[int], num_perm: int = NUM_PERM) -> MinHash:
    """MinHash of a set of integer hashes: they serve as the hash values (no sha1 each)."""
    like = _template(num_perm)
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=int, permutations=like.permutations, scheme=like.scheme)
    m.update_batch(list(hashes))
    return m


def lsh_index(num_perm: int = NUM_PERM, threshold: float | None = None,
              bands: tuple[int, int] | None = None) -> MinHashLSH:
    """An LSH index for signatures of `num_perm`: proposing pairs above Jaccard `threshold`, or with
    `bands` (bands, rows) given outright."""
    if bands is not None:
        return MinHashLSH(num_perm=num_perm, params=bands)
    return MinHashLSH(threshold=threshold if threshold is not None else 0.5, num_perm=num_perm)


@functools.lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    # drawing the permutations was most of the cost of a signature: once per size
    return MinHash(num_perm=num_perm, seed=SEED, hashfunc=int)
