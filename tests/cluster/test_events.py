"""Two events of one kind in one group split into two stories of one storyline; one event stays whole."""
from storylens import pipeline
from storylens.cluster import StoryIndex, cluster
from storylens.config import Settings
from storylens.model import Article
from storylens.store import Store

KIND = ("A powerful earthquake shook the region, collapsing buildings; rescue teams dug through rubble for "
        "survivors as aftershocks rattled the area and seismologists measured the magnitude. ")
IRAN = ["Tabriz province in Iran: villages near Ahar and Varzaqan were flattened, the Red Crescent said.",
        "In Iran's Tabriz province the Red Crescent set up tents for families from Ahar and Varzaqan.",
        "Hospitals in Tabriz treated hundreds from Ahar and Varzaqan, Iranian state television reported."]
CHILE = ["Chile's Valparaiso region: homes in Vina del Mar and Quilpue collapsed, ONEMI said.",
         "In Chile, ONEMI opened shelters in Vina del Mar and Quilpue after the Valparaiso quake.",
         "President Bachelet visited Quilpue and Vina del Mar, where ONEMI counted the damaged homes."]


def _records(*events):
    return [{"id": f"{tag}{k}", "text": KIND + line} for tag, lines in events for k, line in enumerate(lines)]


def _articles(records):
    return [Article(id=r["id"], raw_text=r["text"], clean_text=r["text"]) for r in records]


def test_two_earthquakes_in_one_group_become_two_linked_stories():
    records = _records(("ir", IRAN), ("cl", CHILE))
    whole = cluster(_articles(records), StoryIndex(), Settings(event_split_ratio=0))
    assert len(set(whole.assignment.values())) == 1 and whole.links == []   # the kind words alone hold them together
    result = cluster(_articles(records), StoryIndex(), Settings())
    by = result.assignment
    assert by["ir0"] == by["ir1"] == by["ir2"] != by["cl0"] == by["cl1"] == by["cl2"]
    assert [set(pair) for pair in result.links] == [{by["ir0"], by["cl0"]}]


def test_one_earthquake_told_six_ways_stays_one_story():
    records = _records(("ir", IRAN + [line.replace("Iran", "northwest Iran") for line in IRAN]))
    result = cluster(_articles(records), StoryIndex(), Settings())
    assert len(set(result.assignment.values())) == 1 and result.links == []


def test_a_half_smaller_than_event_min_articles_does_not_split():
    records = _records(("ir", IRAN), ("cl", CHILE))
    result = cluster(_articles(records), StoryIndex(), Settings(event_min_articles=4))
    assert len(set(result.assignment.values())) == 1


def test_the_other_event_is_shown_first_among_related_stories(tmp_path):
    store = Store(tmp_path / "q.db")
    result = pipeline.analyze_records(_records(("ir", IRAN), ("cl", CHILE)), store, Settings())
    iran, chile = result.assignment["ir0"], result.assignment["cl0"]
    assert iran != chile
    related = store.story_view(iran)["related"]
    assert related[0]["id"] == chile and related[0]["storyline"] and "same kind" in related[0]["reason"]
    assert store.story_view(chile)["related"][0]["id"] == iran
