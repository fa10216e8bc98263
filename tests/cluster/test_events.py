"""Two events of one kind in one group split into two stories of one storyline; one event stays whole,
also when a wire story's reprints make up half of it."""
import numpy as np

from storylens import pipeline
from storylens.cluster import StoryIndex, cluster
from storylens.cluster.events import NO_DATES, split_group
from storylens.cluster.features import TermVector
from storylens.config import Settings
from storylens.model import Article
from storylens.store import Store

KIND = ("A powerful earthquake shook the region, collapsing buildings; rescue teams dug through rubble for "
        "survivors as aftershocks rattled the area and seismologists measured the magnitude.")
# each outlet tells its own part of the event: they share a name or two, not their sentences
IRAN = ["Villages near Ahar in Iran were flattened, the Red Crescent said.",
        "Hospitals in Tabriz treated hundreds of injured villagers overnight, Iranian state television reported.",
        "The mayor of Varzaqan said most homes near Ahar had mud-brick walls that gave way.",
        "Families from Varzaqan slept in Red Crescent tents on the road to Tabriz.",
        "Iran's president flew to Tabriz and promised to rebuild every home in Ahar and Varzaqan."]
CHILE = ["Homes in Vina del Mar collapsed and ONEMI, Chile's emergency office, opened shelters.",
         "In Valparaiso the port closed while engineers checked the cranes, the harbour master said.",
         "President Bachelet visited Quilpue, where ONEMI counted hundreds of damaged homes.",
         "Power failed across Valparaiso and Vina del Mar; the utility sent crews from Santiago.",
         "Chile's navy ruled out a tsunami, and residents of Quilpue returned to their streets."]
WIRE = ("TEHRAN (Wire) - A magnitude 6.4 earthquake struck Iran's Tabriz province on Saturday, killing dozens "
        "in villages near Ahar and Varzaqan. The Red Crescent said its teams pulled survivors from collapsed "
        "mud-brick homes through the night. State television showed rescuers digging by hand. The governor "
        "said the toll could rise as teams reach remote villages. Tehran sent tents, blankets and water.")


def _records(*events):
    return [{"id": f"{tag}{k}", "text": KIND + " " + line}
            for tag, lines in events for k, line in enumerate(lines)]


def _articles(records):
    return [Article(id=r["id"], raw_text=r["text"], clean_text=r["text"]) for r in records]


def test_two_earthquakes_in_one_group_become_two_linked_stories():
    records = _records(("ir", IRAN), ("cl", CHILE))
    whole = cluster(_articles(records), StoryIndex(), Settings(event_split_ratio=0))
    assert len(set(whole.assignment.values())) == 1 and whole.links == []   # the kind words alone hold them together
    result = cluster(_articles(records), StoryIndex(), Settings())
    by = result.assignment
    assert len({by[f"ir{k}"] for k in range(5)}) == len({by[f"cl{k}"] for k in range(5)}) == 1
    assert by["ir0"] != by["cl0"]
    assert [set(pair) for pair in result.links] == [{by["ir0"], by["cl0"]}]


def test_one_earthquake_told_ten_ways_stays_one_story():
    records = _records(("ir", IRAN + [line.replace("Iran", "northwest Iran") for line in IRAN]))
    result = cluster(_articles(records), StoryIndex(), Settings())
    assert len(set(result.assignment.values())) == 1 and result.links == []


def test_a_wire_story_and_its_reprints_do_not_read_as_a_second_event():
    # six outlets' own reports and six lightly edited reprints of one wire story, all about one quake:
    # the reprints are alike among themselves, but they are one voice, not another event
    sentences = WIRE.split(". ")
    reprints = [{"id": f"wire{k}", "text": ". ".join(s for j, s in enumerate(sentences) if j != k % len(sentences))}
                for k in range(6)]
    own = _records(("ir", IRAN + [IRAN[0].replace("Iran", "northwest Iran")]))
    result = cluster(_articles(own + reprints), StoryIndex(), Settings())
    assert len(set(result.assignment.values())) == 1 and result.links == []


def test_a_half_smaller_than_event_min_articles_does_not_split():
    records = _records(("ir", IRAN), ("cl", CHILE))
    result = cluster(_articles(records), StoryIndex(), Settings(event_min_articles=6))
    assert len(set(result.assignment.values())) == 1


def test_the_other_event_is_shown_first_among_related_stories(tmp_path):
    store = Store(tmp_path / "q.db")
    result = pipeline.analyze_records(_records(("ir", IRAN), ("cl", CHILE)), store, Settings())
    iran, chile = result.assignment["ir0"], result.assignment["cl0"]
    assert iran != chile
    related = store.story_view(iran).related
    assert related[0].id == chile and related[0].storyline and "same kind" in related[0].reason
    assert store.story_view(chile).related[0].id == iran


SHOOTING_KIND = ("A suspended employee opened fire at the Kraft Foods bakery in northeast Philadelphia, killing two "
                 "co-workers and wounding a third before police arrived.")
SCENE = ["Night shift workers hid on the packaging floor as shots rang out, a union steward on Roosevelt Boulevard said.",
         "Police said the gunwoman walked the packaging floor for twenty minutes while the night shift barricaded doors.",
         "Ambulances took the wounded night shift worker from Roosevelt Boulevard to Temple University Hospital.",
         "Neighbours on Roosevelt Boulevard heard sirens and saw the night shift running across the parking lot.",
         "Temple University Hospital said the worker wounded on the packaging floor was listed as stable."]
COURT = ["Prosecutors charged Yvonne Hiller with two counts of murder and attempted murder on Friday.",
         "A judge denied bail for Hiller at her arraignment, and her public defender entered no plea.",
         "The district attorney said Hiller had been escorted out after a dispute minutes before returning armed.",
         "Hiller's lawyer asked the court for a psychiatric evaluation before the preliminary hearing.",
         "The arraignment judge scheduled a preliminary hearing and ordered Hiller held without bail."]


def _dated(records, day):
    return [Article(id=r["id"], raw_text=r["text"], clean_text=r["text"], published=day) for r in records]


def test_two_angles_on_one_happening_dated_the_same_days_stay_one_story():
    scene = [{"id": f"s{k}", "text": SHOOTING_KIND + " " + line} for k, line in enumerate(SCENE)]
    court = [{"id": f"c{k}", "text": SHOOTING_KIND + " " + line} for k, line in enumerate(COURT)]
    # by words alone the scene and the court reports read as two events of one kind
    apart = cluster(_articles(scene + court), StoryIndex(), Settings()).assignment
    assert apart["s0"] != apart["c0"]
    # published the same days, they are two angles on one happening
    same = cluster(_dated(scene, "2010-09-09") + _dated(court, "2010-09-10"), StoryIndex(), Settings())
    assert len(set(same.assignment.values())) == 1 and same.links == []
    # a year apart, two happenings
    year = cluster(_dated(scene, "2010-09-09") + _dated(court, "2011-09-10"), StoryIndex(), Settings()).assignment
    assert year["s0"] != year["c0"]


def _two_halves_moderately_apart():
    """Twelve term vectors in two halves of six: each has six words of its own half's vocabulary and six
    from a vocabulary both halves use, so the halves are about 0.4 times as alike as each half within."""
    rng = np.random.default_rng(0)
    vectors = []
    for half in (1, 2):
        for _ in range(6):
            ids = [1000 * half + t for t in rng.choice(24, 6, replace=False)] + list(rng.choice(30, 6, replace=False))
            vectors.append(TermVector({int(t): 1.0 for t in ids}))
    return vectors


def test_a_group_with_no_dates_needs_a_wider_gap_to_split():
    vectors = _two_halves_moderately_apart()
    a_year_apart = np.array([0.0] * 6 + [400.0] * 6)
    assert len(split_group(vectors, 0.5, 4, a_year_apart)) == 2     # dated apart: two events
    assert len(split_group(vectors, 0.5, 4, np.full(12, np.nan))) == 1   # no dates: words alone not enough
    assert len(split_group(vectors, 0.5, 4, None)) == 1
    assert len(split_group(vectors, 0.5 / NO_DATES, 4, np.full(12, np.nan))) == 2   # unless further apart
