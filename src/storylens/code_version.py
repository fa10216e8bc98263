"""Which code made a kept piece of work: a hash of the source files that make it, so work kept in the
store (readings, per-article work, copy keys, sentence spans) is made again when that code changes."""
from __future__ import annotations

import hashlib
from pathlib import Path


def code_hash(anchor: str, *files: str) -> str:
    """A hash of the code in `files` (paths relative to the folder of the module file `anchor`)."""
    here = Path(anchor).parent
    return hashlib.blake2b(b"".join((here / f).read_bytes() for f in files), digest_size=6).hexdigest()
