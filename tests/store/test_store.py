import sqlite3

import pytest

from storylens import pipeline
from storylens.config import Settings
from storylens.errors import StoreError
from storylens.store import Store

from ..conftest import EXAMPLE


def test_rerun_adds_nothing_and_kill_midway_is_completed_by_the_next_run(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    s = Settings()
    # a run that dies after saving articles, before clustering
    store = Store(db)
    monkeypatch.setattr(pipeline, "cluster", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        pipeline.analyze_paths([EXAMPLE], store, s)
    store.close()
    ro = Store(db, readonly=True)
    assert ro.counts()["articles"] == 5 and ro.counts()["stories"] == 0
    ro.close()
    monkeypatch.undo()
    store = Store(db)
    rep = pipeline.analyze_paths([EXAMPLE], store, s)
    assert rep.unchanged == 5 and rep.new == 0 and rep.stories_analysed == 2
    c = store.counts()
    assert c == {"articles": 5, "stories": 2, "pending": 0}
    rep2 = pipeline.analyze_paths([EXAMPLE], store, s)
    assert rep2.new == 0 and rep2.stories_analysed == 0 and store.counts() == c
    n_spans = store.db.execute("SELECT count(*) FROM removed_spans").fetchone()[0]
    assert n_spans == store.db.execute("SELECT count(DISTINCT article_id || start) FROM removed_spans").fetchone()[0]


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(bad)
    with pytest.raises(StoreError):
        Store(tmp_path / "missing.db", readonly=True)


def test_schema_version_and_fts(tmp_path):
    store = Store(tmp_path / "v.db")
    assert store.load_state("schema_version") == "1"
    Store(tmp_path / "v.db").close()   # migrating twice is harmless
    assert sqlite3.connect(tmp_path / "v.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
