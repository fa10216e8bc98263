import numpy as np
import pytest

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


QUAKE_X = ("A magnitude 6.1 earthquake struck Tabriz province on Saturday, killing 300 people and destroying hundreds "
           "of homes in the region, officials in Tabriz said. ")
QUAKE_Y = ("Red Crescent rescue teams pulled survivors from rubble in Ahar and Varzaqan villages overnight, where "
           "hospitals overflowed with injured farmers and children. ")
FOOTBALL = ("The football final in Madrid ended with a late goal by the visiting striker, and fans celebrated all "
            "night in the plaza near the stadium. ")


def _two_batches(settings):
    index = StoryIndex()
    r1 = cluster([_art("a", QUAKE_X * 2), _art("b", QUAKE_Y * 2), _art("f", FOOTBALL * 2)], index, settings)
    index = StoryIndex.from_bytes(index.to_bytes())
    r2 = cluster([_art("c", QUAKE_X + QUAKE_Y), _art("d", QUAKE_X + QUAKE_Y + "More aid arrived on Sunday.")], index, settings)
    return r1, r2, index


def test_a_later_batch_that_links_two_earlier_stories_merges_them_and_says_so():
    r1, r2, index = _two_batches(Settings())
    a, b, f = (r1.assignment[k] for k in "abf")
    assert len({a, b, f}) == 3            # alone, the two halves of the quake story share too little
    assert r2.assignment["c"] == r2.assignment["d"] == a
    assert r2.merged == {b: a}            # b's story went into a's, which keeps its id
    assert set(index.stories[a].members) == {"a", "b", "c", "d"} and b not in index.stories
    assert index.stories[f].members == ["f"] and f not in r2.touched


def test_without_reopening_earlier_stories_only_grow():
    r1, r2, index = _two_batches(Settings(reopen_share=0))
    assert r2.merged == {} and r1.assignment["b"] in index.stories


def test_time_discount_keeps_a_week_whole_and_weighs_a_month_apart_a_quarter():
    from storylens.cluster import time_discount
    gaps = np.array([0.0, 7.0, 14.0, 21.0, 28.0, 90.0, np.nan])
    got = time_discount(0.0, gaps, 7.0)
    assert got.tolist() == [1.0, 1.0, 0.75, 0.5, 0.25, 0.25, 1.0]   # NaN: a date unknown, no discount
    assert time_discount(100.0, np.array([72.0, 128.0]), 7.0).tolist() == [0.25, 0.25]   # either side
    # pairs of different days (two headlines) keep a further share; the same day or no date, all of it
    assert time_discount(0.0, np.array([0.0, 1.0, 28.0, np.nan]), 7.0, 0.25).tolist() == [1.0, 0.25, 0.0625, 1.0]


MONDAY = ["Titanfall review roundup: what the critics say",
          "Titanfall reviews are in and critics are impressed",
          "Critics praise Titanfall in early reviews",
          "Titanfall review: lives up to the hype"]
WEDNESDAY = ["Titanfall launches as Microsoft hopes for Xbox One sales boost",
             "Microsoft hopes Titanfall launch lifts Xbox One sales",
             "Can Titanfall lift Xbox One sales for Microsoft?",
             "Xbox One sales hopes ride on Titanfall launch"]


def _headline(i, title, day):
    return Article(id=i, title=title, published=f"2014-03-{day:02d}T12:00:00+00:00")


def test_headlines_of_different_days_count_a_quarter_of_their_similarity():
    """Two days' headlines on one subject (reviews on Monday, the launch on Wednesday): alike in words
    (the rare name) and meaning, their similarity counts a quarter across days, so at a bar between the
    two they are two events; with days not counted (discount 1) the same bar makes them one."""
    from storylens.pipeline import _embed_headlines
    arts = _embed_headlines([_headline(f"m{k}", t, 10) for k, t in enumerate(MONDAY)] +
                            [_headline(f"w{k}", t, 12) for k, t in enumerate(WEDNESDAY)], Settings())
    bar = Settings(headline_threshold=0.2)
    split = cluster(arts, StoryIndex(), bar).assignment
    assert len({split[f"m{k}"] for k in range(4)}) == 1 and len({split[f"w{k}"] for k in range(4)}) == 1
    assert split["m0"] != split["w0"]
    together = cluster(arts, StoryIndex(), bar.with_overrides(headline_day_discount=1.0)).assignment
    assert len(set(together.values())) == 1


def test_publication_days_are_utc_days_so_one_moment_is_one_day_in_every_zone():
    from storylens.cluster import date_of
    new_york = Article(id="a", title="Titanfall launches", published="2014-03-10T23:30:00-05:00")
    london = Article(id="b", title="Titanfall launches", published="2014-03-11T04:30:00+00:00")
    assert date_of(new_york) == date_of(london) == "2014-03-11"
    assert date_of(Article(id="c", title="x", published="2014-03-10")) == "2014-03-10"        # a day as given
    assert date_of(Article(id="d", title="x", published="2014-03-10T23:30")) == "2014-03-10"  # no zone: as written


RECALL = ("The automaker ordered a recall over the faulty ignition switch, and dealers will replace the steering "
          "column parts and check the airbags, the company said of the defect. ")


def _dated(i, text, day):
    a = _art(i, text)
    a.published = day.isoformat()
    return a


def _filler(seed, n=4):
    """Words no other article of the test uses (letters drawn at random), so the filler links nothing."""
    rng = np.random.default_rng(seed)
    return " ".join("".join(rng.choice(list("bcdfghklmnprstvz"), 3)) + "".join(rng.choice(list("aeiou"), 2))
                    for _ in range(n)) + ". "


def test_words_common_over_a_year_but_rare_in_their_weeks_still_link_that_weeks_articles():
    """A year of recall news makes 'recall', 'ignition', 'airbags' common in the corpus (in more articles
    than the cap on common terms), so the corpus-wide product leaves them out; among the articles of one
    week they are rare, and two of that week's articles that share them are one story. The articles of
    other months that use the same words stay out of it."""
    import datetime as dt
    from storylens.cluster import graph
    start = dt.date(2020, 6, 1)
    week = [_dated("a", _filler(1) + RECALL, start), _dated("b", RECALL + _filler(2), start + dt.timedelta(days=1))]
    # 60 other months' recall articles, one every 6 days from a month on: the words are common in the corpus
    others = [_dated(f"o{k}", _filler(100 + k) + RECALL + _filler(200 + k), start + dt.timedelta(days=30 + 6 * k))
              for k in range(60)]
    index = StoryIndex()
    result = cluster(week + others, index, Settings())
    assert index.df[graph.term_id("recall")] > max(graph.COMMON_MIN, graph.COMMON_SHARE * index.n_docs)  # common in the corpus
    story = result.assignment["a"]
    assert result.assignment["b"] == story
    assert all(result.assignment[o.id] != story for o in others)
    # the same when the week's second article comes in a later run: the earlier articles are its neighbourhood
    later = StoryIndex()
    cluster([week[0]] + others, later, Settings())
    assert cluster([week[1]], StoryIndex.from_bytes(later.to_bytes()), Settings()).assignment["b"] == later.story_of["a"]



def _reprint(article, aid, published):
    paras = [p for p in article.clean_text.split("\n") if p.strip()]
    text = "\n".join(paras[:-1])      # an outlet's reprint: the last paragraph left out
    return Article(id=aid, raw_text=text, clean_text=text, published=published)


@pytest.mark.parametrize("reopen_share", [10.0, 0.0])   # the original's story regrouped with the batch, or fixed
def test_a_reprint_in_a_later_run_is_a_copy_of_the_earlier_article_and_joins_its_story(example_articles, reopen_share):
    s = Settings().with_overrides(reopen_share=reopen_share)
    first = [a for k, a in sorted(example_articles.items()) if k != "003"]
    index = StoryIndex()
    cluster(first, index, s)
    index = StoryIndex.from_bytes(index.to_bytes())
    original = example_articles["000"]
    day = index.dates[original.id]
    n_docs = index.n_docs
    later = cluster([_reprint(original, "r1", day), _reprint(original, "r2", day),
                     _reprint(original, "late", "2021-03-01")], index, s)
    assert later.assignment["r1"] == later.assignment["r2"] == index.story_of[original.id]
    # copies are one voice: they do not count as more articles in how rare a word is
    # (the one dated months later is no copy: it counts)
    assert index.n_docs == n_docs + 1
