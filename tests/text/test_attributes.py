"""The attribute rules applied by table give what spaCy's attribute_ruler gives, token by token
(sentences of my own with the rules' rarer cases: contractions, 'gonna', 'let's', expletive 'there')."""
from storylens.text.nlp import load_nlp, parse

SENTENCES = [
    "The harbour master said that the ferry wasn't late, and we ain't gonna wait for it.",
    "“Let's go,” she said, “y'all know there's nothin' left to see here.”",
    "There were three boats in the bay when the storm, which had been forecast, came in.",
    "He didn't say whether the council would've voted if the mayor hadn't resigned.",
    "Those who'd been told to leave gotta come back; c'mon, it is not over yet!",
    "  Whitespace\tand  line\n\nbreaks stay   spaces, 2,500 tonnes and $3.2m included.",
]


def test_the_table_gives_what_the_attribute_ruler_gives():
    nlp = load_nlp()
    whole = [nlp(s) for s in SENTENCES]
    fast = list(parse(nlp, SENTENCES))
    for a, b in zip(whole, fast):
        assert [(t.text, t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.text, t.pos_, str(t.morph), t.lemma_) for t in b]
    assert any(t.pos_ == "AUX" for t in fast[0]) and any(t.lemma_ == "not" for t in fast[0])


def test_a_rule_the_table_cannot_apply_is_refused_not_ignored():
    import pytest
    from storylens.text.attributes import AttributeTable

    class Ruler:    # the three things AttributeTable reads of an attribute_ruler
        patterns = [{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}, "index": 0}]
        attrs, indices = [{}], [0]
    with pytest.raises(ValueError):
        AttributeTable(Ruler())
