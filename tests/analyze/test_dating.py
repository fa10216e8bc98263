"""Story dates and anchors rest on evidence (issue 30). Texts written for these tests."""
from storylens import embed
from storylens.analyze.context import StoryContext
from storylens.analyze.dating import story_anchors, story_dates
from storylens.clean import clean_articles
from storylens.model import Article


def _story(texts, settings):
    arts = list(clean_articles([Article(id=k, raw_text=t) for k, t in texts.items()], settings))
    ctx = StoryContext.build(embed.embed_articles(arts, embed.load(settings)), [])
    anchors = story_anchors(ctx)
    return anchors, story_dates(ctx, anchors)


def test_a_weekday_alone_picks_no_year(settings):
    # the calendar date has no year, nothing in the story dates it, and the only past date told is years
    # before: no year is chosen for 'March 21' by the weekday (the defect was 'the first year in which ...')
    texts = {
        "a": "Lawmakers in the region voted on Thursday to approve a treaty joining the peninsula to the federation, "
             "officials said. The vote followed a referendum held on 16 March 2009 in the peninsula.",
        "b": "The federation's parliament approved the treaty on March 21, joining the peninsula to the federation, "
             "the speaker said after the vote.",
    }
    anchors, (first, last, inferred, basis) = _story(texts, settings)
    assert all("Thursday" not in x.basis for x in anchors.values())
    assert first is None or first == "2009-03-16"     # at most the bound the text gives, never a later year
    assert not first or inferred


def test_a_story_without_any_evidence_has_no_date(settings):
    texts = {"a": "The council approved the budget on Tuesday after a long debate, the mayor said.",
             "b": "After a long debate the council approved the budget, the mayor told reporters."}
    anchors, (first, last, inferred, basis) = _story(texts, settings)
    assert (first, last) == (None, None) and "unknown" in basis
    assert anchors == {}


def test_days_named_with_their_weekday_next_to_a_stated_date_date_the_story(settings):
    texts = {
        "a": "Protesters marched through the capital on 17 March 2014, the organisers said. "
             "The crowd returned on Wednesday, March 19, and again the next day.",
        "b": "The protesters marched through the capital again, the organisers said, and the police "
             "watched from side streets as the crowd grew.",
    }
    anchors, (first, last, inferred, basis) = _story(texts, settings)
    assert (first, last, inferred) == ("2014-03-19", "2014-03-19", True)
    assert "Wednesday, March 19" in basis and "17 Mar 2014" in basis


def test_a_month_told_against_a_borrowed_date_is_not_pushed_past_it():
    import datetime as dt
    from storylens.analyze.dating import Anchor
    from storylens.analyze.timeline import sentence_dates
    text = "In February, the two ferry companies signed a merger deal."
    borrowed = Anchor(dt.date(2020, 11, 16), "no date of its own: the story's latest known date", False, bound=False)
    assert [m.date for m in sentence_dates(text, borrowed)] == ["2020-02"]
    bound = Anchor(dt.date(2020, 11, 16), "not before a date its text tells as past", False)
    assert [m.date for m in sentence_dates(text, bound)] == ["2021-02"]   # written some time after: may be next year's


def test_sentences_spared_the_weekday_scan_have_no_weekday_or_calendar_day():
    """story_anchors scans only sentences with a weekday or month word: every weekday or calendar day the
    date scan finds is in such a sentence (a shape it missed would lose a weekday anchor)."""
    import datetime as dt

    from storylens.analyze.dating import _DAY_WORDS, _NAMED_DAY
    from storylens.text.temporal import WEEKDAYS, find_date_mentions
    sentences = ["The council met on Tuesday night.", "Talks resume Sept. 4, officials said.",
                 "It opened on the 4th of July.", "Ballots were counted on 12 Dec in the hall.",
                 "By SATURDAY the river had crested.", "The plant closed on Aug 30.",
                 "Nothing happened that week.", "The vote was in 2019.", "Officials may meet again."]
    for s in sentences:
        shapes = [m for m in find_date_mentions(s, dt.date(2000, 1, 3)) if m.granularity == "day" and (
            any(w in m.phrase.lower() for w in WEEKDAYS) or _NAMED_DAY.search(m.phrase))]
        if shapes:
            assert _DAY_WORDS.search(s), s
    assert not _DAY_WORDS.search("Nothing happened that week.")
    assert sum(bool(_DAY_WORDS.search(s)) for s in sentences) == 7
