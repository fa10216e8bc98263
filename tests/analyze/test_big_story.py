"""A big story is read from MAX_ARTICLES of its articles, but it says how big it is: its article,
source and outlet counts and its dates cover every article, and the articles read hear every outlet."""
from storylens.analyze import analyze_story
from storylens.analyze.context import MAX_ARTICLES, StoryContext
from storylens.config import Settings
from storylens.model import Article, CopyGroup, FieldSource
from storylens.text.nlp import load_nlp


def _article(i, outlet, day):
    a = Article(id=f"a{i:03d}", title=f"Quake strikes Tabriz province, report {i} by {outlet}")
    a.meta["outlet"] = FieldSource(outlet, "test")
    a.meta["published"] = FieldSource(f"2012-08-{day:02d}", "test")
    return a


def _story():
    # one wire-heavy outlet files 70 early reports; four other outlets report later
    arts = [_article(i, "Wire", 11) for i in range(70)]
    arts += [_article(100 + k, outlet, 12 + k) for k, outlet in enumerate(["Tehran Times", "BBC", "Reuters", "AP"])]
    # two of the wire reports are copies of a third: one source
    return arts, [CopyGroup(["a000", "a001", "a002"], "exact", "a000", "same text")]


def test_a_big_story_is_read_from_every_outlet_and_counted_whole():
    arts, copies = _story()
    ctx = StoryContext.build(arts, copies)
    assert len(ctx.articles) == MAX_ARTICLES and len(ctx.everyone) == 74
    assert {a.outlet for a in ctx.articles} == {"Wire", "Tehran Times", "BBC", "Reuters", "AP"}
    assert ctx.independent(a.id for a in ctx.everyone) == 72


def test_the_analysis_counts_every_article_and_dates_the_story_by_all_of_them():
    arts, copies = _story()
    a = analyze_story(arts, copies, load_nlp(), Settings())
    assert a.sources.articles == 74 and a.sources.analysed == MAX_ARTICLES
    assert a.sources.independent == 72 and a.sources.outlets == 5
    assert a.first_date == "2012-08-11" and a.last_date == "2012-08-15"
