import pytest

from storylens.text.tokens import stem


@pytest.mark.parametrize("plural, singular", [
    ("bounties", "bounty"), ("troops", "troop"), ("launches", "launch"), ("speeches", "speech"),
    ("taxes", "tax"), ("crashes", "crash"), ("addresses", "address"), ("avalanches", "avalanche"),
    ("niches", "niche"),
])
def test_plural_and_singular_stem_alike(plural, singular):
    assert stem(plural) == stem(singular)


@pytest.mark.parametrize("word", ["news", "series", "species", "analysis", "bus", "glass"])
def test_words_that_only_look_plural_stay_whole(word):
    assert stem(word) == word
    assert stem("news") != stem("new")
