"""Story A of the example: what EXPECTED.md says a careful reader finds."""
import pytest

from storylens.analyze import analyze_story
from storylens.dedup import outside_originals
from storylens.text.nlp import load_nlp


@pytest.fixture(scope="module")
def story_a(embedded_articles, settings):
    arts = [embedded_articles[k] for k in ("000", "001", "002", "003")]
    copies = [g for a in arts if (g := outside_originals(a))]
    return analyze_story(arts, copies, load_nlp(), settings), {k: embedded_articles[k] for k in ("000", "001", "002", "003")}


def test_summary_sentences_are_verbatim_and_cited(story_a):
    a, arts = story_a
    by_id = {x.id: x for x in arts.values()}
    assert 0 < a.summary.words <= 120
    for s in a.summary.sentences:
        assert s.text in by_id[s.article_id].clean_text
        assert s.article_id in s.sources
    for chrome in ("Show Comments", "Your support", "Sourse"):
        assert chrome not in a.summary.text
    # every summary sentence reads as a sentence: 002's garbled "the New York Times He reported on June
    # 26 ..." opens in lower case; the same fact is stated cleanly by other outlets
    for s in a.summary.sentences:
        assert not s.text[0].islower(), s.text


def test_the_summary_tells_facts_in_the_order_the_story_first_tells_them(story_a):
    # each fact sits where the earliest article stating it (000 first) tells it, whichever article's
    # sentence was chosen to say it: the bounty finding leads, though the sentence chosen is 001's
    a, arts = story_a
    by_id = {x.id: x for x in arts.values()}
    order = [x.id for x in sorted(arts.values(), key=lambda x: x.id)]

    def first_told(s):
        return min((order.index(c.article_id), by_id[c.article_id].clean_text.find(c.sentence))
                   for c in s.citations)
    places = [first_told(s) for s in a.summary.sentences]
    assert places == sorted(places)
    assert "bounties" in a.summary.sentences[0].text


def test_a_summary_sentence_stands_on_its_own():
    from storylens.analyze.summary import stands_alone
    assert not stands_alone("the New York Times He reported on June 26 that Russia had covertly offered cash")
    assert not stands_alone("and the talks collapsed later that night in the capital")
    assert stands_alone("iPhone sales rose sharply in the last quarter, Apple said on Monday")
    assert stands_alone("The New York Times reported on June 26 that Russia had offered cash")
    assert not stands_alone("In this May 3, 2015 photo, authorities move the suspect to an ambulance after the shooting")
    assert not stands_alone("Police Chief Tim Styka, right, speaks during a press conference at the medical center")


def test_a_generated_headline_is_the_lead_sentence_without_dateline_or_caption(tmp_path):
    from storylens import pipeline
    from storylens.config import Settings
    from storylens.store import Store
    lead = ("MENASHA, Wis. (AP) — A gunman opened fire on a crowded footbridge on Sunday evening, killing three "
            "people before shooting himself, police said.")
    caption = "Police Chief Tim Styka, right, speaks during a press conference at Theda Clark Medical Center."
    text = caption + "\n\n" + lead + "\n\nThe town of Menasha was in shock, the police chief said on Monday."
    store = Store(tmp_path / "h.db")
    result = pipeline.analyze_records([{"id": "a", "text": text}], store, Settings())
    view = store.story_view(result.assignment["a"])
    assert view.headline == ("A gunman opened fire on a crowded footbridge on Sunday evening, killing three people "
                                "before shooting himself, police said.")


def test_a_run_on_lead_is_cut_as_a_headline_in_the_articles_own_words():
    from storylens.analyze.headline import HEADLINE_WORDS, lead_headline
    run_on = ("Holocaust Eichmann claimed he was a mere instrument, appeal reveals I was not a responsible leader, "
              "writes Nazi war criminal in personal petition now publicly released as his appeal for a pardon "
              "from the president of Israel was refused and he was hanged two days later.")
    headline = lead_headline([run_on])
    assert headline.endswith(" …") and run_on.startswith(headline[:-2])
    assert len(headline[:-2].split()) == HEADLINE_WORDS
    assert lead_headline(["MENASHA, Wis.", "Short one."]) is None    # nothing reads as a headline
    assert lead_headline(["Associated Press Tue Feb 19, 2013 7:44 PM", "Lawmakers passed the budget late on Tuesday."]) \
        == "Lawmakers passed the budget late on Tuesday."       # a byline and time stamp is not a headline


def test_a_lead_headline_stands_alone_and_is_no_list_item():
    from storylens.analyze.headline import lead_headline
    news = "The county board voted on Tuesday to close the old bridge after inspectors found cracked beams."
    # a question to open, a sentence pointing back, an item of a list: the sentence that stands alone leads
    assert lead_headline(["Why would a county close its only bridge?", news], alone=True) == news
    assert lead_headline(["But the repairs would cost far more than anyone expected.", news], alone=True) == news
    assert lead_headline(["1) As a plan, it was sound and carefully costed for the county.", news]) == news
    assert lead_headline(["However, the repairs would cost far more than anyone expected.", news], alone=True) == news
    study = "This study followed 300 drivers who used the old bridge every day for a year."
    assert lead_headline([study, news], alone=True) == study     # "This study" names what it points to
    # without one that stands alone, the lenient pass still finds a headline
    assert lead_headline(["But the repairs would cost far more than anyone expected."]) \
        == "But the repairs would cost far more than anyone expected."
    assert lead_headline(["But the repairs would cost far more than anyone expected."], alone=True) is None


def test_a_lead_headline_never_opens_with_a_dateline():
    from storylens.analyze.headline import lead_headline
    lead = "The county board voted to close the old bridge after inspectors found cracked beams."
    for dateline in ["VALLEY FALLS, Ohio - ", "VALLEY FALLS -- ", "(KVLY) -- ", "(CNN) ", "(Valley News) — ", "— ",
                     "TUESDAY, May 3 (Valley News) -- ", "Valley Falls — ", "Valley Falls (CNN) "]:
        assert lead_headline([dateline + lead]) == lead, dateline
    # a dash inside a sentence is no dateline
    inside = "The river — swollen by a week of rain — closed three roads in the county on Monday."
    assert lead_headline([inside]) == inside

def test_denials_with_speakers(story_a):
    a, _ = story_a
    denials = {c.speaker for c in a.claims if c.stance in ("denies", "disputes")}
    assert "Russia" in denials and "Taliban" in denials
    assert any("Trump" in d or "White House" in d for d in denials)


def test_disagreement_about_the_briefing(story_a):
    a, _ = story_a
    assert any("brief" in (d.affirms.sentence + d.negates.sentence) for d in a.disagreements)


def test_timeline_nyt_report_on_26_june_2020_from_two_articles(story_a):
    a, arts = story_a
    entry = next(e for e in a.timeline if e.date == "2020-06-26")
    srcs = {s.article_id[:3]: s.phrase for s in entry.sources}
    assert "001" in srcs and "002" in srcs and "Friday" in srcs["001"]
    late_march = [e for e in a.timeline if e.date == "2020-03" and e.part == "late"]
    assert late_march and late_march[0].sources[0].article_id.startswith("000")


def test_unit_29155_is_named_by_one_source(story_a):
    a, _ = story_a
    excl = {e.name: e.source[:3] for e in a.coverage.exclusive_entities}
    assert excl.get("Unit 29155") == "001"


def test_a_year_that_closes_a_name_is_not_a_timeline_entry(story_a):
    from storylens.analyze.timeline import sentence_dates as _mentions
    a, arts = story_a
    assert any("Relations of 1961" in art.clean_text for art in arts.values())   # the example has one
    assert not any(e.date == "1961" for e in a.timeline)
    assert [m.phrase for m in _mentions("It broke the Civil Rights Act of 1964, they said.", None)] == []
    assert [m.phrase for m in _mentions("US forces invaded Afghanistan in 2001 and toppled the Taliban.", None)] == ["in 2001"]
    assert [m.date for m in _mentions("The talks began in March of 2019 in Doha.", None)] == ["2019-03"]


def test_each_claim_names_who_made_it(story_a):
    a, _ = story_a

    def speakers(start: str) -> set[str]:
        return {c.speaker for c in a.claims for e in c.evidence if e.sentence.startswith(start)}
    # the speaker is the name the subject ends with, not an organisation named before it
    assert speakers("At a hearing last week in front of the Senate") == {"Biegun"}
    # the outlet's own sentences that only mention someone's words are not that person's claims
    assert speakers("These secret warnings contrast with what President Trump has said") == set()
    assert speakers("The discovery itself has not been denied by the US or the UK") <= {"Russia"}


def test_the_example_story_is_dated_through_friday_and_june_26_marked_inferred(story_a):
    a, _ = story_a
    assert (a.first_date, a.last_date, a.date_inferred) == ("2020-06-26", "2020-06-26", True)
    assert "Friday" in a.date_basis and "June 26" in a.date_basis
    row = next(o for o in a.outlets if o.article_id.startswith("001"))
    assert row.anchor == "2020-06-26" and not row.anchor_certain and "within the week after" in row.anchor_basis
    assert row.published is None     # its own publication date stays unknown: only the anchor is inferred


def test_who_denies_disputes_and_affirms_in_the_example(story_a):
    a, _ = story_a
    by = {}
    for c in a.claims:
        by.setdefault(c.speaker, set()).add(c.stance)
    def has(name, stance):
        return any(name in s and stance in st for s, st in by.items())
    assert has("Russia", "denies") and has("Taliban", "denies") and has("White House", "denies")
    assert has("Esper", "disputes") and has("Milley", "disputes")
    assert has("Goffin", "asserts")
    assert has("Trump", "denies")          # 'never came to my desk'
