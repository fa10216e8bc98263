import sqlite3

import pytest

from storylens import pipeline
from storylens.config import Settings
from storylens.errors import StoreError
from storylens.store import SCHEMA_VERSION, Store

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
    assert c == {"articles": 5, "stories": 2, "pending": 0, "undated": 0, "not_articles": 0}
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
    assert store.load_state("schema_version") == str(SCHEMA_VERSION)
    Store(tmp_path / "v.db").close()   # migrating twice is harmless
    assert sqlite3.connect(tmp_path / "v.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _fts_hits(store: Store, word: str) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?", (word,))]


def _as_schema_1(new_db, old_db) -> None:
    """Write `old_db` as storylens schema 1 held the data of `new_db`: analyses inside the stories
    table, no article rowids on memberships, search rows numbered apart from their articles."""
    from importlib import resources
    sql = resources.files("storylens.store").joinpath("migrations/001_initial.sql").read_text()
    db = sqlite3.connect(old_db)
    db.executescript(sql)
    db.execute("INSERT INTO state(key, value) VALUES('schema_version', '1')")
    db.execute("ATTACH DATABASE ? AS n", (str(new_db),))
    db.executescript("""
        INSERT INTO articles(id, origin, url, source, published_given, title_given, language_given, raw_text, html,
                             clean_text, title, outlet, published, published_inferred, meta_json, extra_json,
                             content_hash, run_id, added_at)
          SELECT id, origin, url, source, published_given, title_given, language_given, raw_text, html,
                 clean_text, title, outlet, published, published_inferred, meta_json, extra_json,
                 content_hash, run_id, added_at FROM n.articles;
        INSERT INTO removed_spans SELECT * FROM n.removed_spans;
        INSERT INTO stories(id, headline, summary, first_date, last_date, n_articles, n_sources, n_outlets, analysis_json,
                            needs_analysis, created_at, updated_at)
          SELECT s.id, s.headline, s.summary, s.first_date, s.last_date, s.n_articles, s.n_sources, s.n_outlets,
                 a.analysis_json, s.needs_analysis, s.created_at, s.updated_at
          FROM n.stories s LEFT JOIN n.story_analysis a ON a.story_id = s.id;
        INSERT INTO story_articles SELECT article_id, story_id, similarity, reason, nearest, shared_json FROM n.story_articles;
        INSERT INTO entities SELECT * FROM n.entities;
        INSERT INTO articles_fts(rowid, article_id, title, clean_text, outlet)
          SELECT rowid + 1000, article_id, title, clean_text, outlet FROM n.articles_fts;
        INSERT INTO stories_fts(rowid, story_id, headline, summary, entities)
          SELECT rowid + 1000, story_id, headline, summary, entities FROM n.stories_fts;
    """)
    db.commit()
    db.close()


def test_saving_an_article_again_replaces_its_search_row_and_schema_1_is_migrated(tmp_path):
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    store = Store(new)
    pipeline.analyze_paths([EXAMPLE], store, Settings())
    arts = store.load_articles()
    one = next(a for a in arts if "29155" in a.clean_text)
    run = store.start_run(["again"])
    store.save_articles([one], run)
    store.save_articles([one], run)
    assert _fts_hits(store, '"29155"') == [one.id]
    hits_before, total_before = store.list_stories("Unit 29155")
    story_id = hits_before[0]["id"]
    store.close()

    _as_schema_1(new, old)
    store = Store(old)   # migrates 1 -> 2
    assert store.load_state("schema_version") == str(SCHEMA_VERSION)
    view = store.story_view(story_id)
    assert view.analysis.summary.sentences and one.id in {m.article_id for m in view.members}
    items, total = store.list_stories("Unit 29155")
    assert total == total_before and items[0]["id"] == story_id and "29155" in items[0]["snippet"]
    assert items[0]["outlets"] == hits_before[0]["outlets"] and "sputniknews.com" in items[0]["outlets"]
    store.save_articles([one], store.start_run(["after migration"]))   # search rows realigned: still one
    assert _fts_hits(store, '"29155"') == [one.id]
    assert store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(arts)


def test_a_merged_story_id_leads_to_the_story_that_took_its_articles(tmp_path):
    x = ("A magnitude 6.1 earthquake struck Tabriz province on Saturday, killing 300 people and destroying hundreds "
         "of homes in the region, officials in Tabriz said. ")
    y = ("Red Crescent rescue teams pulled survivors from rubble in Ahar and Varzaqan villages overnight, where "
         "hospitals overflowed with injured farmers and children. ")
    store, s = Store(tmp_path / "m.db"), Settings()
    r1 = pipeline.analyze_records([{"id": "a", "text": x * 2}, {"id": "b", "text": y * 2}], store, s)
    a, b = r1.assignment["a"], r1.assignment["b"]
    assert a != b
    r2 = pipeline.analyze_records([{"id": "c", "text": x + y}, {"id": "d", "text": x + y + "More aid came."}], store, s)
    assert set(r2.assignment.values()) == {a}
    assert store.story_alias(b) == a and store.story_alias(a) is None
    assert store.story_view(b) is None and sorted(store.story_members(a)) == ["a", "b", "c", "d"]
    assert store.counts()["stories"] == 1
