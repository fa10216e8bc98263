"""How the storylens process runs: settings of the Python runtime for a batch job.

The cleaner and the analysis allocate many small objects (a Block per line, a Span per removed line,
the parser's tokens); with Python's default collector thresholds (a collection every 700 new objects)
a quarter of the cleaning time went to the cycle collector scanning objects that are all still in use.
Collecting every 10,000 new objects keeps memory bounded (cycles are still found) at a fraction of
the cost. The command line sets it at start; benchmarks that time a stage in-process set it too, so
they measure what the command does.
"""
from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 20, 20)     # young objects before a collection; collections before an older one


def tune_for_batch() -> None:
    """Set the collector thresholds for a batch job (idempotent)."""
    gc.set_threshold(*GC_THRESHOLDS)
