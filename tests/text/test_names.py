"""Names as a reader compares them: titles, ranks, suffixes, spacing, capitals and nicknames do not make a
second name (names invented for these tests)."""
import pytest
from hypothesis import given, strategies as st

from storylens.text.names import display_name, initials, is_acronym, name_key


@pytest.mark.parametrize("surface, label, shown", [
    ("Air Chief Marshal Bruce Hollings", "PERSON", "Bruce Hollings"),
    ("Gov. Marta Quell", "PERSON", "Marta Quell"),
    ("Rep.Dana Orrin", "PERSON", "Dana Orrin"),
    ("former Defence Minister Ivo Brandt", "PERSON", "Ivo Brandt"),
    ("Ivo Brandt's", "PERSON", "Ivo Brandt"),
    ("PELLA VOSKUIJL", "PERSON", "Pella Voskuijl"),
    ('Teodor "The Owl" Marchetti', "PERSON", "Teodor Marchetti"),
    ("Ansel (Ace) Dorne", "PERSON", "Ansel Dorne"),
    ("Nadia Crell, 54", "PERSON", "Nadia Crell"),
    ("Quillon Systems Inc.", "ORG", "Quillon Systems"),
    ("Hartwell Foods Corp", "ORG", "Hartwell Foods"),
    ("Brasswick Holdings plc", "ORG", "Brasswick Holdings"),
    ("Velder AG", "ORG", "Velder"),
    ("Q - Telecom", "ORG", "Q-Telecom"),
    ("Pellway Buys Store Chain for Cash\nPellway - Norr", "ORG", "Pellway-Norr"),
    ("the Pellmore Institute", "ORG", "Pellmore Institute"),
    ("NATO", "ORG", "NATO"),
    ("Dorrington, Vermont", "GPE", "Dorrington"),
    ("Australian Mining Safety Board (Amsb", "ORG", "Australian Mining Safety Board"),
    ("Brack’s Weekend Speech Prompted", "PERSON", "Brack"),
])
def test_display_name_drops_what_is_not_the_name(surface, label, shown):
    assert display_name(surface, label) == shown


def test_a_company_suffix_is_kept_for_a_person_and_a_one_word_name():
    assert display_name("Co", "ORG") == "Co"
    assert display_name("Ada Inc", "PERSON") == "Ada Inc"


@pytest.mark.parametrize("a, b", [
    ("Warren T. Hollis", "Warren Hollis"),
    ("Corbin Faye Jr.", "Corbin Faye"),
    ("Q-Telecom", "Q - Telecom"),
    ("U.S.", "US"),
    ("Mt Varrow", "Mount Varrow"),
    ("Kelso Centre", "Kelso Center"),
])
def test_variants_share_a_key(a, b):
    assert name_key(display_name(a), True) == name_key(display_name(b), True)


def test_different_people_keep_different_keys():
    assert name_key("Warren Hollis", True) != name_key("Rulon Hollis", True)
    assert name_key("Ann Lee", True) != name_key("Anne Lee", True)


def test_initials_and_acronyms():
    assert initials("Federal Survey of Minerals") == "FSM"
    assert initials("Office for the Protection of Rivers") == "OPR"
    assert is_acronym("FSM") and is_acronym("U.N.") and not is_acronym("Kelso") and not is_acronym("ABCDEFGH")


@given(st.text(max_size=120), st.sampled_from(["PERSON", "ORG", "GPE", ""]))
def test_any_text_gives_a_name_and_a_key_without_error(text, label):
    shown = display_name(text, label)
    assert isinstance(shown, str) and "\n" not in shown
    assert isinstance(name_key(shown, label == "PERSON"), str)
