"""The typed story analysis: it survives the store's JSON unchanged, analyses stored by earlier versions
(untyped dicts, format 1) still load, and a page asking for a field the data lacks fails in strict mode."""
import json

import jinja2
import pytest

from storylens.model import (ANALYSIS_FORMAT, Citation, Headline, StoryAnalysis, Summary, SummarySentence,
                             TimelineEntry, TimelineSource)
from storylens.report import environment

FORMAT_1 = {   # the shape earlier versions stored: no format, no long summary, no 'analysed' count
    "headline": {"text": "Flood closes the river road", "article_id": "a1", "source": "title of article a1",
                 "generated": False},
    "summary": {"text": "The river road was closed on Monday.", "words": 7, "max_words": 120,
                "sentences": [{"text": "The river road was closed on Monday.", "article_id": "a1", "sources": ["a1", "b2"],
                               "citations": [{"article_id": "a1", "sentence": "The river road was closed on Monday.",
                                              "similarity": 1.0, "verbatim": True}],
                               "independent_sources": 2, "score": 0.5}]},
    "timeline": [{"date": "2021-03-01", "granularity": "day", "part": None, "label": "1 March 2021",
                  "what": "The river road was closed on Monday.", "uncertain": False, "independent_sources": 1,
                  "sources": [{"article_id": "a1", "phrase": "on Monday", "sentence": "The river road was closed on Monday.",
                               "resolved_against": "2021-03-02", "anchor_basis": "dateline"}]}],
    "claims": [], "disagreements": [], "entities": [{"key": "river road", "name": "River Road", "type": "place",
                                                     "mentions": 2, "articles": ["a1"], "aliases": [], "role": "place"}],
    "outlets": [{"article_id": "a1", "outlet": "Valley News", "published": "2021-03-02"}],
    "coverage": {"columns": [], "facts": [], "only_one_source": [], "omits": [], "exclusive_entities": []},
    "sources": {"articles": 2, "independent": 2, "outlets": 2},
    "first_date": "2021-03-01", "last_date": "2021-03-02",
    "retired_field": "kept by an old version",
}


def test_an_analysis_survives_the_stores_json_unchanged():
    a = StoryAnalysis(Headline("A headline", "a1", "title of article a1"),
                      summary=Summary("One.", [SummarySentence("One.", "a1", ["a1"], [Citation("a1", "One.", verbatim=True)], 1)]),
                      timeline=[TimelineEntry("2021-03", "month", "March 2021", "One.",
                                              sources=[TimelineSource("a1", "in March", "One.")])])
    back = StoryAnalysis.from_dict(json.loads(json.dumps(a.to_dict())))
    assert back == a and back.summary.sentences[0].citations[0].verbatim is True
    assert back.to_dict()["format"] == ANALYSIS_FORMAT


def test_an_analysis_stored_by_an_earlier_version_loads_typed():
    a = StoryAnalysis.from_dict(FORMAT_1)
    assert a.format == ANALYSIS_FORMAT
    assert a.summary.sentences[0].citations[0].article_id == "a1"
    assert a.timeline[0].sources[0].anchor_basis == "dateline"
    assert a.entities[0].role == "place" and a.outlets[0].outlet == "Valley News"
    assert a.sources.analysed == 2          # format 1 read every article of the story
    assert a.long_summary.sentences == []   # not kept then: empty, not missing
    assert not hasattr(a, "retired_field")


def test_the_store_reads_an_analysis_of_format_1_as_types(tmp_path):
    from storylens.model import Article
    from storylens.store import Store
    store = Store(tmp_path / "s.db")
    store.save_articles([Article(id="a1", raw_text="x", clean_text="The river road was closed on Monday.")],
                        store.start_run(["test"]))
    with store.tx():
        store.db.execute("INSERT INTO stories(id, created_at, updated_at, needs_analysis) VALUES('st-1', '', '', 0)")
        store.db.execute("INSERT INTO story_analysis(story_id, analysis_json) VALUES('st-1', ?)", (json.dumps(FORMAT_1),))
    view = store.story_view("st-1")
    assert isinstance(view.analysis, StoryAnalysis) and view.analysis.headline.text == "Flood closes the river road"


def test_strict_pages_fail_on_a_missing_field_and_reader_pages_leave_it_blank():
    page = "<h1>{{ a.headline.txt }}</h1>"     # a misspelt field
    a = StoryAnalysis.from_dict(FORMAT_1)
    with pytest.raises(jinja2.UndefinedError):
        environment(strict=True).from_string(page).render(a=a)
    assert environment().from_string(page).render(a=a) == "<h1></h1>"


def test_plain_data_is_what_asdict_makes(analyzed_db):
    """The analysis and story records written as JSON are the data dataclasses.asdict makes (the faster
    `plain` skips asdict's deep copy of leaves, nothing else)."""
    from dataclasses import asdict

    from storylens.store import Store
    store = Store(analyzed_db["db"], readonly=True)
    views = [store.story_view(r[0]) for r in store.db.execute("SELECT id FROM stories")]
    assert views and all(v.analysis is not None for v in views)
    assert any(v.analysis.claims and v.analysis.timeline and v.analysis.entities for v in views)
    for v in views:
        assert v.analysis.to_dict() == asdict(v.analysis)
        assert v.to_dict() == asdict(v)
