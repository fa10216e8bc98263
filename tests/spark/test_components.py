"""Connected groups in DataFrames (large-star / small-star) give scipy's groups, on graphs built to be
hard for it: a long chain (the largest diameter), a star, two groups joined by one edge, random sparse
graphs, repeated and reversed edges."""
import random
import shutil

import pytest

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)


def _groups(pairs):
    """Partition of the nodes that have edges, by scipy."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components
    nodes = sorted({x for p in pairs for x in p})
    pos = {x: k for k, x in enumerate(nodes)}
    m = sparse.coo_matrix((np.ones(len(pairs)), ([pos[a] for a, _ in pairs], [pos[b] for _, b in pairs])),
                          shape=(len(nodes), len(nodes)))
    _, label = connected_components(m, directed=False)
    out = {}
    for x, lab in zip(nodes, label):
        out.setdefault(lab, set()).add(x)
    return sorted(map(sorted, out.values()))


def test_large_star_small_star_finds_scipys_groups(spark):
    from storylens.spark.components import connected_components
    rng = random.Random(3)
    chain = [(k, k + 1) for k in range(1000, 1400)]                  # diameter 400
    rng.shuffle(chain)
    star = [(5000, 5000 + k) for k in range(1, 300)]
    bridge = [(7000 + k, 7000 + k + 1) for k in range(20)] + [(7100 + k, 7100 + k + 1) for k in range(20)] + [(7020, 7100)]
    sparse_random = [(rng.randrange(10_000, 12_000), rng.randrange(10_000, 12_000)) for _ in range(1500)]
    reversed_and_repeated = [(b, a) for a, b in chain[:50]] + chain[:50] + [(20_000, 20_000), (20_001, 20_000)]
    pairs = chain + star + bridge + sparse_random + reversed_and_repeated
    df = spark.createDataFrame(pairs, "u long, v long")
    got = {}
    for r in connected_components(df).collect():
        got.setdefault(r["component"], set()).add(r["node"])
    assert all(comp == min(ms) for comp, ms in got.items())     # a group is named by its smallest node
    assert sorted(map(sorted, got.values())) == _groups([p for p in pairs if p[0] != p[1]] + [(20_000, 20_001)])
