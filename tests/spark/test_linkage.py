"""Average-link in rounds of DataFrame steps (spark/linkage.py) gives one process's average_link groups:
run to the end, and stopped part way with one process finishing from the state the rounds reached."""
import random
import shutil

import pytest

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)

BARS = (0.12, 0.3)       # (story bar, headline bar)


@pytest.fixture(scope="module")
def graph():
    """Two connected groups of nodes 0..599: planted clusters of 5 to 40 nodes with dense strong pairs,
    weak pairs between clusters (some of which chain clusters together), a third of the nodes
    headline-only; weights drawn from a continuum, so no two means tie."""
    rng = random.Random(7)
    nodes, pairs, start = 600, {}, 0
    clusters = []
    while start < nodes:
        size = min(rng.randint(5, 40), nodes - start)
        clusters.append(range(start, start + size))
        start += size
    for c in clusters:
        for x in c:
            for y in c:
                if x < y and rng.random() < 0.5:
                    pairs[(x, y)] = rng.uniform(0.05, 0.6)
    for _ in range(3000):
        x, y = sorted(rng.sample(range(nodes), 2))
        pairs.setdefault((x, y), rng.uniform(0.0, 0.15))
    short = [rng.random() < 0.33 for _ in range(nodes)]
    component = [0 if x < 300 else 1 for x in range(nodes)]
    pairs = {(x, y): w for (x, y), w in pairs.items() if component[x] == component[y]}
    return pairs, short, component


def _partition(groups):
    return sorted(sorted(g) for g in groups)


def _one_process(pairs, sizes, shorts, members):
    """Groups of `members` (node -> its articles) after one process's average_link over `pairs`."""
    import numpy as np

    from storylens.cluster import average_link
    names = sorted(members)
    pos = {x: k for k, x in enumerate(names)}
    a = np.array([pos[x] for x, _ in pairs], dtype=np.int32)
    b = np.array([pos[y] for _, y in pairs], dtype=np.int32)
    w = np.array(list(pairs.values()), dtype=np.float64)
    groups = {k: list(members[x]) for k, x in enumerate(names)}
    for keep, gone in average_link(a, b, w, np.array([sizes[x] for x in names], dtype=np.float64),
                                   np.array([shorts[x] for x in names], dtype=np.float64),
                                   np.zeros(len(names), dtype=bool), BARS):
        groups[keep] += groups.pop(gone)
    return _partition(groups.values())


def _frames(spark, pairs, short, component):
    p = spark.createDataFrame([(x, y, w, component[x]) for (x, y), w in pairs.items()],
                              "a long, b long, w double, component long")
    n = spark.createDataFrame([(x, 1, int(s)) for x, s in enumerate(short)], "node long, size long, short long")
    return p, n


def test_rounds_on_spark_give_one_process_s_groups(spark, graph):
    from storylens.spark.linkage import linkage_rounds
    pairs, short, component = graph
    want = _one_process(pairs, [1] * len(short), [int(s) for s in short], {x: [x] for x in range(len(short))})
    assert 40 < len(want) < 500       # clusters formed, not everything one group nor nothing merged
    p, n = _frames(spark, pairs, short, component)
    labels, left, _, rounds = linkage_rounds(p, n, BARS)
    got = {}
    for r in labels.collect():
        got.setdefault(r["node"], []).append(r["n"])
    assert rounds > 2
    assert _partition(got.values()) == want
    assert all(node in ms for node, ms in got.items())      # a group is named by one of its nodes
    # settled: no pair reaches its bar, so none is handed on
    assert left.count() == 0


def test_rounds_stopped_part_way_are_finished_by_one_process(spark, graph):
    from storylens.spark.linkage import linkage_rounds
    pairs, short, component = graph
    want = _one_process(pairs, [1] * len(short), [int(s) for s in short], {x: [x] for x in range(len(short))})
    p, n = _frames(spark, pairs, short, component)
    most = max(sum(1 for (x, _) in pairs if component[x] == c) for c in (0, 1))
    labels, left, nodes, rounds = linkage_rounds(p, n, BARS, until=most // 3)
    assert rounds >= 1
    left = {(r["a"], r["b"]): r["w"] for r in left.collect()}
    assert max(sum(1 for (x, _) in left if component[x] == c) for c in (0, 1)) <= most // 3
    members = {}
    for r in labels.collect():
        members.setdefault(r["node"], []).append(r["n"])
    state = {r["node"]: (r["size"], r["short"]) for r in nodes.collect()}
    assert set(state) == set(members)
    assert all(state[x][0] == len(ms) for x, ms in members.items())
    got = _one_process(left, {x: s for x, (s, _) in state.items()}, {x: h for x, (_, h) in state.items()}, members)
    assert got == want
