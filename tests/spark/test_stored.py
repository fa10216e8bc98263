"""The story index's articles kept as Parquet tables between runs (spark/stored.py): the tables follow the
store's saved index or are known to be behind it, and an article's new version replaces its earlier row."""
import shutil

import numpy as np
import pytest

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)


def _index(vectors: dict[str, dict[int, float]], dates: dict[str, str | None]):
    """A story index of one story per article."""
    from storylens.cluster import StoryIndex, TermVector
    from storylens.cluster.index import StoryState, join
    index = StoryIndex()
    for i, v in vectors.items():
        index.vectors[i] = TermVector(v)
        index.dates[i] = dates.get(i)
        index.stories["st-" + i] = StoryState("st-" + i)
        join(index, "st-" + i, i)
    return index


def test_the_tables_follow_the_store_until_another_run_saves_its_index(spark, tmp_path):
    from storylens.config import Settings
    from storylens.spark.stored import KeptIndex
    from storylens.store import Store
    store = Store(tmp_path / "s.db")
    kept = KeptIndex(spark, store, tmp_path / "s.db.index", Settings())
    assert not kept.current()                      # nothing written yet
    store.save_clustering([], b"", {}, 1, {})
    kept.write(_index({"a": {1: 0.5, 2: 0.5}}, {"a": "2024-03-01"}), ["a"], 1, whole=True)
    assert not kept.current()                      # written, but not yet marked as following the store
    kept.mark(1)
    assert kept.current()
    # a run of one process saves the index again: the tables no longer say what it holds
    store.save_clustering([], b"", {}, 2, {})
    assert not kept.current()
    # the same tables under other settings (another block of days) are not taken for current either
    kept.mark(2)
    assert kept.current()
    assert not KeptIndex(spark, store, tmp_path / "s.db.index", Settings(time_window_days=30)).current()
    store.close()


def test_a_new_version_s_row_replaces_the_earlier_one_and_the_batch_is_left_out(spark, tmp_path):
    from storylens.config import Settings
    from storylens.spark.stored import KeptIndex
    kept = KeptIndex(spark, None, tmp_path / "index", Settings())
    first = _index({"a": {1: 0.6, 2: 0.8}, "b": {3: 1.0}, "c": {4: 1.0}}, {"a": "2024-03-01", "b": None, "c": "2024-05-20"})
    kept.write(first, ["a", "b", "c"], 1, whole=True)
    later = _index({"a": {7: 1.0}, "d": {8: 1.0}}, {"a": "2024-03-02", "d": "2024-03-02"})
    kept.write(later, ["a", "d"], 2, whole=False, replaced=["a"])
    rows = {r["id"]: r for r in kept.stored([]).collect()}
    assert sorted(rows) == ["a", "b", "c", "d"]
    assert list(rows["a"]["ids"]) == [7] and rows["a"]["run"] == 2 and rows["a"]["date"] == "2024-03-02"
    assert rows["b"]["day"] is None and rows["b"]["block"] == -1
    assert rows["c"]["block"] == int(rows["c"]["day"] // 7) and rows["c"]["block"] != rows["a"]["block"]
    assert np.allclose(list(rows["a"]["vals"]), [1.0])
    assert sorted(r["id"] for r in kept.stored(["b", "d"]).collect()) == ["a", "c"]
    # written whole again: only what is written now
    kept.write(later, ["d"], 3, whole=True)
    assert [r["id"] for r in kept.stored([]).collect()] == ["d"]


def test_the_tables_of_a_store_another_engine_made_are_written_from_its_saved_index(spark, tmp_path):
    from storylens.config import Settings
    from storylens.spark.stored import KeptIndex, keep_saved_index
    from storylens.store import Store
    store = Store(tmp_path / "one.db")
    folder = tmp_path / "one.db.index"
    assert keep_saved_index(spark, store, folder, Settings()) == 0       # no index saved yet: nothing written
    assert not folder.exists()
    index = _index({"a": {1: 1.0}, "b": {2: 0.5, 3: 0.5}}, {"a": "2024-01-09", "b": None})
    store.save_clustering([], index.to_bytes(), {}, 4, {})
    assert keep_saved_index(spark, store, folder, Settings()) == 2
    kept = KeptIndex(spark, store, folder, Settings())
    assert kept.current()
    assert sorted((r["id"], r["run"]) for r in kept.stored([]).collect()) == [("a", 4), ("b", 4)]
    store.close()
