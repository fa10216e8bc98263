"""The story index as the store keeps it between runs: everything a later run reads comes back."""
import base64
import json
import zlib

import numpy as np
import pytest

from storylens.cluster import StoryIndex, cluster


@pytest.fixture(scope="module")
def index(example_articles, settings):
    idx = StoryIndex()
    cluster(list(example_articles.values()), idx, settings)
    idx.languages["x-ru"] = "ru"
    # a headline-only article's dense vector (kept as float16)
    rng = np.random.default_rng(0)
    v = rng.normal(size=384).astype(np.float32)
    idx.dense[next(iter(idx.vectors))] = v / np.linalg.norm(v)
    return idx


def _same(a: StoryIndex, b: StoryIndex, exact_vectors: bool = True) -> None:
    assert a.df == b.df and a.n_docs == b.n_docs and a.names == b.names
    assert a.dates == b.dates and a.languages == b.languages and a.story_of == b.story_of
    assert set(a.vectors) == set(b.vectors)
    for aid, vec in a.vectors.items():
        assert vec.ids.tolist() == b.vectors[aid].ids.tolist()
        if exact_vectors:
            assert vec.vals.tolist() == b.vectors[aid].vals.tolist()
        else:
            np.testing.assert_allclose(vec.vals, b.vectors[aid].vals, atol=1e-5)
    assert set(a.stories) == set(b.stories)
    for sid, st in a.stories.items():
        other = b.stories[sid]
        assert (st.members, st.first, st.last) == (other.members, other.first, other.last)
        assert set(st.centroid) == set(other.centroid)
        np.testing.assert_allclose([st.centroid[t] for t in st.centroid], [other.centroid[t] for t in st.centroid],
                                   rtol=1e-6 if exact_vectors else 0, atol=0 if exact_vectors else 1e-4)
    assert set(a.dense) == set(b.dense)
    for aid, v in a.dense.items():
        np.testing.assert_allclose(v, b.dense[aid], atol=1e-3)


def test_the_saved_index_comes_back_whole(index):
    restored = StoryIndex.from_bytes(index.to_bytes())
    _same(index, restored)
    assert len(index.stories) == 2 and len(index.vectors) == 5


def test_an_index_saved_by_an_earlier_version_still_loads(index):
    # the JSON form storylens wrote before the array form: a database from then keeps working
    doc = {
        "df": {str(k): v for k, v in index.df.items()}, "n_docs": index.n_docs,
        "names": {str(k): v for k, v in index.names.items()}, "dates": index.dates,
        "vectors": {a: {str(k): round(v, 5) for k, v in vec.items()} for a, vec in index.vectors.items()},
        "stories": {s.id: {"members": s.members, "first": s.first, "last": s.last} for s in index.stories.values()},
        "dense": {a: base64.b64encode(np.asarray(v, np.float16).tobytes()).decode() for a, v in index.dense.items()},
        "languages": index.languages,
    }
    old = StoryIndex.from_bytes(zlib.compress(json.dumps(doc).encode()))
    _same(index, old, exact_vectors=False)
    # and it is saved in the new form from then on, with nothing lost
    _same(old, StoryIndex.from_bytes(old.to_bytes()))


def test_an_empty_index_round_trips():
    restored = StoryIndex.from_bytes(StoryIndex().to_bytes())
    assert restored.n_docs == 0 and not restored.vectors and not restored.stories and not restored.dense
