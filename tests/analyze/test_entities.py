"""One person, one entity: names resolved within an article and across a story's articles. The resolver is
fed mentions as the NER reads them (names invented for these tests); the last tests run the real model."""
import pytest

from storylens import embed
from storylens.analyze.context import StoryContext
from storylens.analyze.entities import EntityIndex, Mention, find_entities
from storylens.model import Article
from storylens.text.nlp import load_nlp


def build(*mentions, lower_words=()):
    """Mentions as (article, position, surface, label[, word before[, opens a sentence[, in a Title Case line]]])."""
    ms = []
    for m in mentions:
        art, pos, surface, label, *rest = m
        before, lead, in_title = (list(rest) + ["", False, False][len(rest):])
        ms.append(Mention(art, pos, surface, label, "", before, lead, in_title))
    return EntityIndex.build(ms, set(lower_words))


def entity_of(index, alias):
    found = [e for e in index.entities.values() if alias in e.aliases]
    assert len(found) == 1, (alias, [(e.name, sorted(e.aliases)) for e in index.entities.values()])
    return found[0]


def test_five_names_of_one_officer_are_one_entity():
    idx = build(("a1", 0, "Air Chief Marshal Bruce Hollings", "PERSON"), ("a1", 80, "Hollings", "PERSON"),
                ("a2", 0, "ACM Hollings", "ORG"), ("a2", 40, "Bruce Hollings", "PERSON"), ("a2", 90, "Hollings", "GPE"),
                ("a3", 10, "Marshal Hollings", "PERSON"))
    e = entity_of(idx, "Bruce Hollings")
    assert {"Hollings", "Marshal Hollings", "Air Chief Marshal Bruce Hollings"} <= e.aliases
    assert e.type == "person" and e.name == "Bruce Hollings"
    assert [x for x in idx.entities.values() if x.type == "person"] == [e]


def test_a_surname_shared_by_relatives_joins_the_nearest_full_name_before_it():
    idx = build(("a1", 0, "Warren Tessel", "PERSON"), ("a1", 50, "Tessel", "PERSON"),
                ("a1", 100, "Rulon Tessel", "PERSON"), ("a1", 150, "Tessel", "PERSON"),
                ("a2", 0, "Warren T. Tessel", "PERSON"), ("a2", 30, "Tessel", "PERSON"), ("a2", 60, "Tessel", "PERSON"),
                ("a3", 0, "Tessel", "PERSON"))
    warren, rulon = entity_of(idx, "Warren Tessel"), entity_of(idx, "Rulon Tessel")
    assert warren is not rulon
    assert warren.mentions == 6 and rulon.mentions == 2     # a3's 'Tessel' goes to the most named Tessel
    assert "Warren T. Tessel" in warren.aliases


def test_a_first_name_alone_joins_the_full_name():
    idx = build(("a1", 0, "Marla Quinteros", "PERSON"), ("a1", 40, "Marla", "PERSON"))
    assert entity_of(idx, "Marla").name == "Marla Quinteros"


def test_a_city_and_a_man_of_one_name_stay_apart():
    idx = build(("a1", 0, "Bruce Hollings", "PERSON"), ("a1", 40, "Hollings", "PERSON"),
                ("a2", 0, "Hollings", "GPE", "in"), ("a2", 50, "Hollings", "GPE", "near"))
    person = entity_of(idx, "Bruce Hollings")
    places = [e for e in idx.entities.values() if e.type == "place"]
    assert len(places) == 1 and places[0] is not person and places[0].key != person.key
    assert person.mentions == 2 and places[0].mentions == 2


def test_company_suffixes_and_spacing_do_not_split_a_company():
    idx = build(("a1", 0, "Quillon Systems Inc.", "ORG"), ("a1", 40, "Quillon Systems", "ORG"),
                ("a2", 0, "Quillon Systems Corp", "ORG"), ("a3", 0, "Q - Telecom", "ORG"), ("a3", 30, "Q-Telecom", "ORG"))
    assert entity_of(idx, "Quillon Systems Inc.").mentions == 3
    assert entity_of(idx, "Q-Telecom").mentions == 2


def test_an_acronym_joins_its_expansion():
    idx = build(("a1", 0, "Federal Survey of Minerals", "ORG"), ("a1", 28, "FSM", "ORG"), ("a2", 10, "FSM", "ORG"),
                ("a3", 0, "Bureau of Land Survey", "ORG"), ("a3", 23, "BLSV", "ORG", "("), ("a4", 0, "BLSV", "ORG"),
                ("a5", 0, "Veldland", "GPE"), ("a5", 11, "KRV", "ORG", "s"))
    assert entity_of(idx, "Federal Survey of Minerals").mentions == 3
    assert entity_of(idx, "Bureau of Land Survey").mentions == 3    # written out in brackets, not its initials
    assert entity_of(idx, "KRV") is not entity_of(idx, "Veldland")  # "Veldland's KRV": no expansion


def test_a_team_short_form_joins_the_one_full_team_name():
    idx = build(("a1", 0, "Tarrow Falcons", "ORG"), ("a1", 30, "Falcons", "PERSON", "the"), ("a2", 5, "Falcons", "ORG"))
    e = entity_of(idx, "Tarrow Falcons")
    assert e.mentions == 3 and e.type == "organisation"


def test_a_place_named_after_a_person_is_the_place_where_it_stands_as_one():
    idx = build(("a1", 0, "Hilda Marr Center", "ORG"), ("a1", 40, "Hilda Marr", "PERSON", "at"),
                ("a2", 0, "Hilda Marr Clinic", "FAC"))
    e = entity_of(idx, "Hilda Marr Center")
    assert e.mentions == 3 and "Hilda Marr Clinic" in e.aliases


def test_types_follow_the_evidence():
    idx = build(("a1", 0, "the Kestrels", "PERSON", "the"), ("a1", 20, "Kestrels", "PERSON", "the"),
                ("a2", 0, "Dorran Stadium", "ORG"), ("a2", 30, "Dorran Stadium", "ORG", "at"),
                ("a3", 0, "Pellmore", "ORG", "in"), ("a3", 20, "Pellmore", "GPE", "in"), ("a3", 40, "Pellmore", "GPE"))
    assert entity_of(idx, "Kestrels").type == "organisation"
    assert entity_of(idx, "Dorran Stadium").type == "place"
    assert entity_of(idx, "Pellmore").type == "place"


def test_headline_and_sentence_words_stuck_to_a_name_are_dropped():
    idx = build(("a1", 0, "Kellerman Hires Odile Brack", "PERSON", "", True, True), ("a1", 60, "Odile Brack", "PERSON"),
                ("a2", 0, "Following Brack", "PERSON", "", True), ("a2", 40, "Odile Brack", "PERSON"),
                lower_words={"following", "hires"})
    e = entity_of(idx, "Odile Brack")
    assert e.mentions == 4 and e.name == "Odile Brack"
    assert all(" " not in x or x.startswith("Odile") or x in {"Kellerman Hires Odile Brack", "Following Brack"} for x in e.aliases)


def test_all_capitals_and_titles_are_not_shown():
    idx = build(("a1", 0, "PELLA VOSKUIJL", "PERSON"), ("a1", 30, "Mayor Pella Voskuijl", "PERSON"))
    assert entity_of(idx, "PELLA VOSKUIJL").name == "Pella Voskuijl"


@pytest.fixture(scope="module")
def story_names(settings):
    nlp, embedder = load_nlp(), embed.load(settings)

    def run(*texts: str) -> EntityIndex:
        arts = [Article(id=f"n{i}", clean_text=t, title=None) for i, t in enumerate(texts)]
        list(embed.embed_articles(arts, embedder))
        return find_entities(StoryContext.build(arts, []), nlp)
    return run


def test_the_model_read_story_gives_one_officer_and_one_company(story_names):
    idx = story_names(
        "Air Chief Marshal Bruce Hollings said the search would go on. Hollings told reporters in Perth that "
        "the Quillon Systems Inc. sonar was ready.",
        "The search chief, Bruce Hollings, said on Friday that Quillon Systems had delivered a second sonar. "
        "Hollings added that the weather was poor.")
    people = [e for e in idx.entities.values() if "Hollings" in e.name]
    assert len(people) == 1 and people[0].type == "person" and people[0].mentions >= 4
    assert idx.lookup("Air Chief Marshal Hollings") is people[0]
    companies = [e for e in idx.entities.values() if "Quillon" in e.name]
    assert len(companies) == 1 and companies[0].name == "Quillon Systems"


def test_mr_never_joins_a_woman_of_the_same_surname():
    ms = [Mention("a1", 0, "Katrin Ellory", "PERSON", "Miss "), Mention("a1", 40, "John Ellory", "PERSON"),
          Mention("a1", 90, "Katrin Ellory", "PERSON"), Mention("a1", 140, "Ellory", "PERSON", "Mr ")]
    idx = EntityIndex.build(ms, set())
    assert entity_of(idx, "John Ellory").mentions == 2 and entity_of(idx, "Katrin Ellory").mentions == 2


def test_names_the_model_missed_are_found_where_the_story_names_them():
    from storylens.analyze.entities import _StoryNames
    text = "Later, Hollings said the Quillon Systems sonar failed."
    read = {"a": [["Bruce Hollings", "PERSON", "", 0, "", True], ["Quillon Systems", "ORG", "", 30, "", False]]}
    found = {(s, label) for s, label, *_ in _StoryNames(read, {"later", "said"}).missed(text, [])}
    assert found == {("Hollings", "PERSON"), ("Quillon Systems", "ORG")}
    assert _StoryNames(read, {"hollings"}).missed(text, []) == [["Quillon Systems", "ORG", "", 25, "said the", False]]   # a surname the story writes in lower case is no name


def test_a_lone_surname_that_speaks_is_the_person_even_where_the_model_saw_a_city():
    ms = [Mention("a1", 0, "Bruce Hollings", "PERSON"), Mention("a2", 10, "Hollings", "GPE", after="said"),
          Mention("a3", 5, "Hollings", "GPE", before="in"), Mention("a4", 6, "Hollings", "GPE", before="bruce")]
    idx = EntityIndex.build(ms, set())
    assert entity_of(idx, "Bruce Hollings").mentions == 3      # and 'Bruce [Hollings]', half seen by the model
    assert [e.type for e in idx.entities.values() if e.mentions == 1] == ["place"]


def test_a_capitalised_word_opening_sentences_is_no_name():
    ms = [Mention("a1", 0, "Plane", "PERSON", lead=True), Mention("a2", 0, "Plane", "PERSON", lead=True),
          Mention("a2", 30, "Odile Brack", "PERSON")]
    assert [e.name for e in EntityIndex.build(ms, {"plane", "the"}).entities.values()] == ["Odile Brack"]
    assert len(EntityIndex.build(ms, {"the"}).entities) == 2   # never written in lower case: may be a name


def test_a_bare_name_of_a_center_is_the_center_unless_the_story_shows_a_person():
    center = [Mention("a1", 0, "Hilda Marr Center", "ORG"), Mention("a2", 10, "Hilda Marr", "PERSON")]
    assert len(EntityIndex.build(center, set()).entities) == 1
    person = center + [Mention("a3", 5, "Hilda Marr", "PERSON", after="said")]
    idx = EntityIndex.build(person, set())
    assert entity_of(idx, "Hilda Marr").type == "person" and entity_of(idx, "Hilda Marr").mentions == 2
    assert entity_of(idx, "Hilda Marr Center").mentions == 1


def test_a_city_that_plays_is_its_team_and_a_city_that_hosts_stays_a_city():
    ms = [Mention("a1", 0, "Tarrow Falcons", "ORG"), Mention("a1", 40, "Tarrow", "GPE", after="beat"),
          Mention("a2", 0, "Tarrow", "GPE", before="in"), Mention("a3", 0, "Russia Today", "ORG"),
          Mention("a3", 30, "Russia", "GPE", after="said")]
    idx = EntityIndex.build(ms, set())
    assert entity_of(idx, "Tarrow Falcons").mentions == 2
    assert [e.type for e in idx.entities.values() if e.name == "Tarrow"] == ["place"]
    assert entity_of(idx, "Russia") is not entity_of(idx, "Russia Today")   # no plural nickname: no team


def test_a_place_that_speaks_and_is_never_a_place_is_an_organisation():
    from storylens.analyze.entities import entity_list
    ms = [Mention("a1", 0, "Kelso Board", "GPE"), Mention("a2", 0, "Veldland", "GPE", before="in"),
          Mention("a2", 30, "Veldland", "GPE")]
    types = {e.name: e.type for e in entity_list(EntityIndex.build(ms, set()), {"kelso board", "veldland"})}
    assert types == {"Kelso Board": "organisation", "Veldland": "place"}


def test_the_names_read_are_those_of_the_whole_pipeline(settings):
    # find_entities runs the NER component alone (it has its own token vectors): the same names as the
    # whole pipeline reads
    text = ("Harbour master Idris Caldwell of the Port of Wexmouth said on Monday that the Marine Safety "
            "Agency had closed the north channel. Caldwell met officials from Norland Ferries in Dublin.")
    a = Article(id="n1", clean_text=text, title="Channel closed at Wexmouth")
    nlp = load_nlp()
    list(embed.embed_articles([a], embed.load(settings)))
    found = {alias for e in find_entities(StoryContext.build([a], []), nlp).entities.values() for alias in e.aliases}
    whole = {e.text for e in nlp(a.display_title + "\n" + text).ents if e.label_ in ("PERSON", "ORG", "GPE")}
    assert whole and all(any(w in alias or alias in w for alias in found) for w in whole)


def test_a_company_named_after_a_place_is_no_team_of_that_place():
    for company in ("Valdoria Airlines", "Valdoria Airways"):
        ms = [Mention("a1", 0, company, "ORG"), Mention("a1", 60, "Valdoria", "GPE", after="said"),
              Mention("a2", 40, "Valdoria", "GPE", after="said")]
        idx = EntityIndex.build(ms)
        assert entity_of(idx, "Valdoria") is not entity_of(idx, company)


def test_two_names_read_as_one_are_two_names():
    # a route between two places the story names on their own is no place of its own
    idx = build(("a1", 0, "Tarrow", "GPE"), ("a1", 20, "Port Ellis", "GPE"), ("a1", 40, "Port Ellis-Tarrow", "GPE"),
                ("a1", 80, "Tarrow", "GPE", "in"))
    assert not [e for e in idx.entities.values() if "-" in e.name]
    assert entity_of(idx, "Tarrow").mentions == 2
    # a place run across a comma into a person the story names: the place, and the person
    idx = build(("a1", 0, "Ines Varga", "PERSON"), ("a1", 60, "Port Ellis, Varga", "GPE"), ("a2", 0, "Port Ellis", "GPE", "in"))
    assert entity_of(idx, "Port Ellis").mentions == 2 and entity_of(idx, "Ines Varga").mentions == 2
    # a dateline's first word the model cut short: the whole name the story writes
    idx = build(("a1", 0, "Port Ellis", "GPE"))
    ms = [Mention("a1", 0, "Port Ellis", "GPE"), Mention("a2", 0, "PORT", "ORG", after="ellis")]
    idx = EntityIndex.build(ms)
    assert entity_of(idx, "PORT") is entity_of(idx, "Port Ellis")
