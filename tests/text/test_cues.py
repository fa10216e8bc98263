"""any_of: a prefix-tree pattern finds the same phrases, at the same places, as the plain alternation."""
import re

import pytest
from hypothesis import given, strategies as st

from storylens.text.cues import any_of, any_of_rx

PHRASES = ["photo", "photos", "photo credit", "image", "images:", "file", "file photo", "/", "©", "in this", "a.b"]


def plain(phrases):
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


@given(st.text(alphabet="photisemagcrdfl /©:.ab", max_size=40))
def test_same_matches_as_the_longest_first_alternation(text):
    assert [m.span() for m in any_of_rx(PHRASES).finditer(text)] == [m.span() for m in plain(PHRASES).finditer(text)]


@given(st.lists(st.text(alphabet="ab.|(", min_size=1, max_size=4), min_size=1, max_size=8), st.text(alphabet="ab.|( ", max_size=30))
def test_any_phrase_list_with_special_characters(phrases, text):
    assert [m.span() for m in any_of_rx(phrases).finditer(text)] == [m.span() for m in plain(phrases).finditer(text)]


def test_a_line_without_any_phrase_does_not_match():
    rx = any_of_rx(PHRASES)
    assert rx.search("the minister said on tuesday") is None
    assert rx.search("a picture by the file photo desk").group(0) == "file photo"


def test_an_empty_phrase_is_refused():
    with pytest.raises(ValueError):
        any_of(["photo", ""])
