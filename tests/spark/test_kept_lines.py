"""The store's line keys (the corpus evidence cleaning counts) kept as a Parquet table (spark/kept_lines.py):
the table holds every row of the store once, whichever engine saved it, after a stopped run too."""
import json
import shutil

import pytest

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="the Spark engine's extra is not installed (./setup.sh installs it)")
if not shutil.which("java"):
    pytest.skip("no Java here: the Spark engine needs openjdk-17-jre-headless (./setup.sh installs it)",
                allow_module_level=True)


def _rows(table) -> list[tuple]:
    return sorted((r["pos"], r["key"], r["id"], r["hint"]) for r in table.collect())


def _stored(store) -> list[tuple]:
    return sorted(store.repeat_rows_since(0))


def _started(spark, tmp_path):
    """A store of two line rows, its table written and marked."""
    from storylens.spark.kept_lines import KeptLines
    from storylens.store import Store
    store = Store(tmp_path / "s.db")
    kept = KeptLines(spark, store, tmp_path / "index")
    store.save_repeat_rows([(1, "a", "x"), (2, "b", "y")])
    kept.table()
    return store, kept


def test_the_table_takes_the_rows_saved_since_by_either_engine_once(spark, tmp_path):
    from storylens.spark.kept_lines import KeptLines
    from storylens.store import Store
    store = Store(tmp_path / "s.db")
    kept = KeptLines(spark, store, tmp_path / "s.db.index")
    assert kept.table().count() == 0                       # an empty store: an empty table, nothing written
    store.save_repeat_rows([(11, "a", "gazette"), (12, "a", "gazette"), (11, "b", None)])
    assert _rows(kept.table()) == _stored(store) and kept.position() == 3
    # a later run (of one process, say) saves more: they are added, the earlier rows not again
    store.save_repeat_rows([(11, "c", "gazette"), (-5, "c", "gazette")])
    assert _rows(kept.table()) == _stored(store) and len(_stored(store)) == 5
    assert (tmp_path / "s.db.index" / "lines" / "since=3").is_dir()
    # nothing new: the same rows, no partition written
    before = sorted(p.name for p in (tmp_path / "s.db.index" / "lines").iterdir())
    assert _rows(kept.table()) == _stored(store)
    assert sorted(p.name for p in (tmp_path / "s.db.index" / "lines").iterdir()) == before
    store.close()


def test_a_run_stopped_before_it_marked_the_table_leaves_no_row_twice(spark, tmp_path):
    from storylens.spark.kept_lines import STATE
    store, kept = _started(spark, tmp_path)
    store.save_repeat_rows([(3, "b", "x")])
    mark = store.load_state(STATE)
    kept.table()                                           # the new partition written and marked...
    store.save_state(STATE, mark)                          # ...but, as if stopped first, the mark not saved
    store.save_repeat_rows([(4, "c", "x")])
    assert _rows(kept.table()) == _stored(store)           # partition since=2 written again, whole
    assert [r[0] for r in _rows(kept.table())] == [1, 2, 3, 4]
    store.close()


def test_a_table_ahead_of_the_store_or_kept_elsewhere_is_written_again_whole(spark, tmp_path):
    from storylens.spark.kept_lines import STATE, KeptLines
    store, kept = _started(spark, tmp_path)
    # the mark says the table goes further than the store (another database at this path)
    store.save_state(STATE, json.dumps({"folder": str((tmp_path / "index").resolve()), "pos": 9}).encode())
    assert _rows(kept.table()) == _stored(store) and kept.position() == 2
    # the same store with its tables in another folder: that folder's table is written from the start
    other = KeptLines(spark, store, tmp_path / "elsewhere")
    assert other.position() is None
    assert _rows(other.table()) == _stored(store)
    assert kept.position() is None                         # (the store's mark now names the other folder)
    store.close()


def test_a_table_of_many_runs_is_copied_into_one_partition_and_goes_on_from_there(spark, tmp_path, monkeypatch):
    from storylens.spark import kept_lines
    monkeypatch.setattr(kept_lines, "COMPACT_AT", 2)
    store, kept = _started(spark, tmp_path)                 # rows 1-2: one partition
    store.save_repeat_rows([(3, "c", "x")])
    kept.table()                                            # since=2: two partitions
    store.save_repeat_rows([(4, "d", None), (5, "d", None)])
    assert _rows(kept.table()) == _stored(store)            # since=3: three, so copied into one
    folder = tmp_path / "index"
    assert sorted(p.name for p in folder.iterdir()) == ["lines-5"]
    assert [p.name for p in (folder / "lines-5").iterdir() if p.is_dir()] == ["since=0"]
    store.save_repeat_rows([(6, "e", "x")])
    assert _rows(kept.table()) == _stored(store)            # and the next run's rows are added to it
    assert sorted(p.name for p in (folder / "lines-5").iterdir() if p.is_dir()) == ["since=0", "since=5"]
    # a table found ahead of the store is written whole again, in the plain folder, the compacted one gone
    store.save_state(kept_lines.STATE, store.load_state(kept_lines.STATE).replace(b'"pos": 6', b'"pos": 60'))
    assert _rows(kept.table()) == _stored(store)
    assert sorted(p.name for p in folder.iterdir()) == ["lines"]
    store.close()
