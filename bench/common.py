"""Shared helpers of the benchmarks: data loading from ../shared/data, BCubed, peak memory, timing; the
runtime settings of the command (storylens.runtime)."""
from __future__ import annotations

import gzip
import json
import os
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from storylens.runtime import tune_for_batch

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYLENS_DATA", ROOT.parent / "shared" / "data"))

# what is timed in-process runs with the runtime settings `storylens` sets at start (the collector's
# thresholds): the benchmark measures what the command does; peers timed in the same process get them too
tune_for_batch()


def load(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        sys.exit(f"benchmark data {path} not found (see ../shared/data/README.md)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bcubed(gold: list, pred: list) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 over items (Bagga & Baldwin 1998)."""
    by_gold, by_pred = defaultdict(list), defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, pred)):
        by_gold[g].append(i)
        by_pred[p].append(i)
    pair = Counter(zip(gold, pred))
    P = sum(pair[(g, p)] / len(by_pred[p]) for g, p in zip(gold, pred)) / len(gold)
    R = sum(pair[(g, p)] / len(by_gold[g]) for g, p in zip(gold, pred)) / len(gold)
    return P, R, (2 * P * R / (P + R) if P + R else 0.0)


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB. VmHWM belongs to this program alone;
    ru_maxrss survives exec, so a child started by a big benchmark would report its parent's peak."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_children_mb() -> float:
    """Peak resident memory of the largest finished child process (analysis workers), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children (the analysis workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def machine_ticks() -> tuple[int, int]:
    """(steal, total) clock ticks of all CPUs so far (/proc/stat): the share of time the host gave this
    virtual machine's CPUs to others, which slows every wall-clock figure alike."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return (fields[7] if len(fields) > 7 else 0), sum(fields)
    except OSError:
        return 0, 0


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


def free_port() -> int:
    """A free TCP port on 127.0.0.1 for a server the benchmark starts."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for_server(base: str, seconds: float = 60) -> None:
    """Until `base`/healthz answers (a server just started), at most `seconds`."""
    import urllib.request
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server answered at {base} within {seconds:.0f} s")

