"""Articles have identity and history: the same input run again adds nothing; two files that only share
a name are two articles, in one run or two; an article saved again with other text is a new version
(the old text kept), grouped again, and its story no longer cites what it no longer says."""
import json
import shutil

from storylens.config import Settings
from storylens.pipeline import analyze_paths, analyze_records
from storylens.store import Store

from ..conftest import EXAMPLE

PARKS = ("A council in Springfield approved a new budget for its parks on Monday, the mayor said.\n"
         "The vote was seven to two, and the new budget takes effect in July, council members said.\n")
FERRY = ("The harbour ferry to Kelso Island will stop running for repairs in March, the port authority said.\n"
         "Islanders asked for a temporary boat service, and the authority said it would consider one.\n")


def _ids(store: Store) -> list[str]:
    return sorted(store.article_ids())


def test_two_files_of_one_name_in_two_folders_stay_two_articles_over_runs(tmp_path):
    for folder, text in (("north", PARKS), ("south", FERRY)):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "report.txt").write_text(text)
    store = Store(tmp_path / "s.db")
    for _ in range(3):   # the same folder three times: still two articles (ids do not change per process)
        analyze_paths([tmp_path / "in"], store, Settings())
    first = _ids(store)
    assert len(first) == 2 and "report" in first
    # one folder alone in a later run: its file is the one it was, not the other folder's article
    rep = analyze_paths([tmp_path / "in" / "south"], store, Settings())
    assert _ids(store) == first and rep.unchanged == 1 and rep.changed == 0
    texts = {a.id: a.raw_text for a in store.load_articles()}
    assert sorted(texts.values()) == sorted([PARKS, FERRY])


def test_an_edited_file_is_a_new_version_and_its_story_stops_citing_the_old_text(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(EXAMPLE, src)
    store = Store(tmp_path / "s.db")
    analyze_paths([src], store, Settings())
    edited = next(src.glob("001_*.txt"))
    old_text = edited.read_text(encoding="utf-8")
    aid = edited.name.split(".")[0]
    old_story = store.story_of_article(aid)
    edited.write_text(PARKS, encoding="utf-8")
    rep = analyze_paths([src], store, Settings())
    assert rep.changed == 1 and rep.unchanged == 4 and rep.stories_analysed >= 1
    history = store.article_history(aid)
    assert [h["raw_text"] for h in history] == [old_text]
    assert store.load_articles([aid])[0].raw_text == PARKS
    # every citation of every story quotes text its article holds now
    now = {a.id: a.clean_text for a in store.load_articles()}
    for sid in {store.story_of_article(i) for i in now}:
        a = store.story_view(sid).analysis
        assert a is not None
        for sent in a.summary.sentences:
            for c in sent.citations:
                assert c.sentence in now[c.article_id], (sid, c)
    assert store.story_of_article(aid) != old_story or store.story_view(old_story).analysis.sources.articles == 1
    assert store.db.execute("SELECT count(*) FROM stories WHERE needs_analysis=1").fetchone()[0] == 0


def test_one_id_twice_in_one_input_keeps_the_first_and_says_so(tmp_path):
    store = Store(tmp_path / "s.db")
    rep = analyze_records([{"id": "same", "text": PARKS}, {"id": "same", "text": FERRY}], store, Settings())
    assert rep.new == 1 and store.load_articles(["same"])[0].raw_text == PARKS
    assert any("same id" in i.reason for i in rep.issues)


def test_a_record_with_an_existing_id_and_other_text_replaces_it_as_a_new_version(tmp_path):
    store = Store(tmp_path / "s.db")
    analyze_records([{"id": "r1", "text": PARKS}], store, Settings())
    rep = analyze_records([{"id": "r1", "text": FERRY}], store, Settings())
    assert rep.changed == 1 and rep.stories_analysed == 1
    story = store.story_view(store.story_of_article("r1"))
    assert "ferry" in story.analysis.summary.text.lower() and "parks" not in story.analysis.summary.text.lower()
    assert [h["raw_text"] for h in store.article_history("r1")] == [PARKS]


def test_a_killed_run_is_marked_interrupted_by_the_next(tmp_path):
    store = Store(tmp_path / "s.db")
    store.start_run(["killed"])          # a run that never finished (its process died)
    analyze_records([{"id": "r1", "text": PARKS}], store, Settings())
    status = dict(store.db.execute("SELECT inputs_json, status FROM runs").fetchall())
    assert status[json.dumps(["killed"])] == "interrupted" and status[json.dumps(["api"])] == "done"
