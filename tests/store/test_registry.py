"""One key per entity across stories and runs: the registry gives a story's entities the keys the
database already knows them by (names invented for these tests)."""
import pytest

from storylens.model import Entity
from storylens.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "r.db")
    yield s
    s.close()


def save(store, story, *entities):
    """What the pipeline does with a story's entities: map them to registry keys, then record them."""
    keys = store.entity_keys(list(entities))
    out = [Entity(keys[e.key][0], e.name, keys[e.key][1], e.mentions, e.articles, e.aliases)
           for e in entities]
    with store.tx():
        store.register(out)
        store.db.executemany("INSERT OR REPLACE INTO entities(story_id, key, name, type, role, mentions) VALUES(?,?,?,?,?,?)",
                             [(story, e.key, e.name, e.type, "subject", 1) for e in out])
    return {e.name: e.key for e in out}


def person(key, name, *aliases):
    return Entity(key, name, "person", aliases=[name, *aliases])


def test_a_name_variant_in_a_later_story_takes_the_known_key(store):
    first = save(store, "s1", person("warren tessel", "Warren Tessel", "Warren T. Tessel", "Tessel"))
    later = save(store, "s2", person("warren a tessel", "Warren Abner Tessel", "Warren Tessel"))
    assert later["Warren Abner Tessel"] == first["Warren Tessel"]


def test_a_surname_alone_takes_the_one_person_known_by_it_and_not_one_of_relatives(store):
    key = save(store, "s1", person("warren tessel", "Warren Tessel"))["Warren Tessel"]
    assert save(store, "s2", person("tessel", "Tessel"))["Tessel"] == key
    save(store, "s3", person("rulon tessel", "Rulon Tessel"))
    assert save(store, "s4", person("tessel", "Tessel"))["Tessel"] not in (key, "rulon tessel")


def test_a_surname_alone_takes_the_far_better_known_bearer(store):
    for i in range(4):
        big = save(store, f"b{i}", person("anna brill", "Anna Brill"))["Anna Brill"]
    save(store, "m1", person("otto brill", "Otto Brill"))
    assert save(store, "x", person("brill", "Brill"))["Brill"] == big


def test_a_city_and_a_man_of_one_name_keep_two_keys(store):
    city = save(store, "s1", Entity("hollings", "Hollings", "place", aliases=["Hollings"]))["Hollings"]
    man = save(store, "s2", person("hollings", "Hollings"))["Hollings"]
    assert city == "hollings" and man != city
    assert save(store, "s3", person("hollings", "Hollings"))["Hollings"] == man   # and keeps it


def test_one_story_never_gives_two_entities_one_key(store):
    save(store, "s1", Entity("kelso", "Kelso", "organisation", aliases=["Kelso", "Kelso Group"]))
    keys = save(store, "s2", Entity("kelso", "Kelso", "organisation", aliases=["Kelso"]),
                Entity("kelso group", "Kelso Group", "organisation", aliases=["Kelso Group"]))
    assert len(set(keys.values())) == 2


def test_the_entity_page_lists_every_story_and_every_name(store):
    save(store, "s1", person("warren tessel", "Warren Tessel", "Warren T. Tessel"))
    save(store, "s2", person("warren tessel", "Warren Tessel"))
    for sid in ("s1", "s2"):
        store.db.execute("INSERT INTO stories(id, headline) VALUES(?, ?)", (sid, f"story {sid}"))
    view = store.entity_view("warren tessel")
    assert {s.id for s in view.stories} == {"s1", "s2"}
    assert "warren t. tessel" in view.aliases and view.name == "Warren Tessel"


def test_a_surname_saved_before_its_bearer_was_known_takes_his_key_after_the_run(store):
    import json
    lone = save(store, "s1", person("brill", "Brill"))["Brill"]
    store.db.execute("INSERT INTO stories(id) VALUES('s1')")
    store.db.execute("INSERT INTO story_analysis(story_id, analysis_json) VALUES('s1', ?)", (json.dumps(
        {"entities": [{"key": lone, "name": "Brill", "type": "person", "mentions": 2, "articles": ["a"], "aliases": ["Brill"]}],
         "claims": [{"speaker_key": lone, "speaker": "Brill", "stance": "asserts", "claim": "x", "sentence": "Brill said x."}]}),))
    full = save(store, "s2", person("anna brill", "Anna Brill"))["Anna Brill"]
    assert store.relink_lone_names(["s1"]) == 1
    a = json.loads(store.db.execute("SELECT analysis_json FROM story_analysis WHERE story_id='s1'").fetchone()[0])
    assert a["entities"][0]["key"] == full and a["claims"][0]["speaker_key"] == full
    assert [tuple(r) for r in store.db.execute("SELECT key, type FROM entities WHERE story_id='s1'")] == [(full, "person")]
    assert store.relink_lone_names(["s1"]) == 0
