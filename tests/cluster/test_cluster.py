from storylens.cluster import StoryIndex, cluster
from storylens.config import Settings
from storylens.model import Article


def test_example_story_a_and_event_b(example_articles, settings):
    result = cluster(list(example_articles.values()), StoryIndex(), settings)
    by = {k: result.assignment[a.id] for k, a in example_articles.items()}
    assert by["000"] == by["001"] == by["002"] == by["003"]
    assert by["004"] != by["000"]
    story_a = next(s for s in result.stories if s.id == by["000"])
    assert all(m.reason for m in story_a.memberships)
    assert len(story_a.memberships) == 4


def _art(i, text, date=None):
    a = Article(id=i, raw_text=text, clean_text=text)
    return a


QUAKE = "A magnitude {m} earthquake struck {place} on {day}, killing {n} people and destroying hundreds of homes, officials in {place} said."


def test_incremental_batches_keep_story_ids_and_index_survives_a_save():
    s = Settings()
    first = [_art(f"q{i}", QUAKE.format(m=6.1, place="Tabriz province", day="Saturday", n=300 + i)) for i in range(3)]
    other = [_art(f"f{i}", "The football final in Madrid ended with a late goal by the visiting striker, fans celebrated all night in the plaza. " * 2) for i in range(2)]
    index = StoryIndex()
    r1 = cluster(first + other, index, s)
    quake_story = r1.assignment["q0"]
    assert r1.assignment["q1"] == r1.assignment["q2"] == quake_story != r1.assignment["f0"]
    restored = StoryIndex.from_bytes(index.to_bytes())
    more = [_art("q9", QUAKE.format(m=6.1, place="Tabriz province", day="Sunday", n=310))]
    r2 = cluster(more, restored, s)
    assert r2.assignment["q9"] == quake_story
    assert r2.touched == {quake_story}
    assert set(restored.stories[quake_story].members) == {"q0", "q1", "q2", "q9"}


def test_singletons_stay_visible():
    s = Settings()
    arts = [_art("x", "Completely unrelated text about gardening tomatoes in the summer heat with water. " * 3),
            _art("y", "A chess tournament in Oslo drew grandmasters from twelve countries this weekend. " * 3)]
    r = cluster(arts, StoryIndex(), s)
    assert len(r.stories) == 2 and all(len(st.article_ids) == 1 for st in r.stories)
