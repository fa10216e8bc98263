"""Translated copies: an article in one language whose sentences, in order, carry the same names and
numbers as another article's in another language ('NATO-Sprecherin Oana Lungescu sagte, Stoltenberg
habe am Freitag mit Christopher Miller ...' for 'NATO spokeswoman Oana Lungescu said Stoltenberg held
talks with Christopher Miller on Friday ...').

The sentence vectors storylens ships are English-only, so they cannot align two languages; what a
translation keeps are its anchors: names (capitalised words that are no language's stop word, accents
folded, other scripts spelled in Latin letters by anyascii, spelled nearly alike: 'Afganistán' ~
'Afghanistan', 'Столтенберг' ~ 'Stoltenberg') and numbers ('12,000' = '12.000'). Two
sentences align when at least two anchors and half of the smaller sentence's anchors match; two
articles are translations of one another when their languages differ and, one to one and in order, at
least MIN_ALIGNED sentences align, TRANSLATION_SHARE of the shorter one's anchored sentences and
LONGER_SHARE of the longer one's. Independent coverage of one event shares names too, but seldom
sentence after sentence through both articles: bench/translations.py counts how often English reports
of one event (ECB+, Multi-News) that are not copies pass these bars.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from ..model import Article, CopyGroup
from ..text.sentences import sentence_texts
from ..text.tokens import STOPWORDS

TRANSLATION_SHARE = 0.6   # share of the shorter article's anchored sentences that must align, in order
LONGER_SHARE = 0.5        # and of the longer one's (a translation renders the whole article)
MIN_ALIGNED = 5           # and at least this many of them: short reports of one event name the same people
                          # in the same order without being translations
MIN_ANCHORS = 2           # a sentence with fewer anchors says too little to align on
NAME_LIKENESS = 85        # rapidfuzz ratio for two spellings of one name (5+ letters each)
MAX_SENTENCES = 80

# one country, spelled as an abbreviation the way each language does
_ALIASES = {"usa": "us", "eeuu": "us", "eua": "us", "ue": "eu", "onu": "un", "otan": "nato",
            "сша": "us", "ес": "eu", "оон": "un"}
_ANY_STOP = frozenset().union(*STOPWORDS.values())
_TOKEN = re.compile(r"\d[\d.,\u00a0\u202f' ]*\d|\d|[^\W\d_][\w’'.]*", re.UNICODE)


def fold(word: str) -> str:
    """Lower case, accents off, other scripts spelled in Latin letters ('Столтенберг' -> 'stoltenberg')."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    return folded if folded.isascii() else re.sub(r"[^a-z0-9]", "", anyascii(folded).lower())


def anchors(sentence: str) -> frozenset[str]:
    """Names and numbers of a sentence, language-neutral: '#12000' for '12,000' or '12.000';
    'stoltenberg', 'nato', 'us' for 'Stoltenberg', 'NATO-Sprecherin', 'U.S.'."""
    out = set()
    for tok in _TOKEN.findall(sentence):
        if tok[0].isdigit():
            digits = re.sub(r"\D", "", tok)
            if len(digits) >= 2:
                out.add("#" + digits)
            continue
        for part in re.split(r"[-’'.]", tok) if not re.fullmatch(r"(?:[A-Z]\.){2,}", tok) else [tok.replace(".", "")]:
            if len(part) >= 2 and part[0].isupper() and (len(part) >= 3 or part.isupper()):
                low = part.lower()
                if low not in _ANY_STOP:
                    out.add(_ALIASES.get(low, fold(part)))
    return frozenset(out)


@lru_cache(maxsize=200_000)
def _same_name(a: str, b: str) -> bool:
    """One name in two spellings: 'afghanistan' ~ 'afganistan' (nearly the same letters), 'syria' ~
    'syrien', 'russia' ~ 'russland' (the same stem of 4+ letters, 5+ when both are long)."""
    if a == b:
        return True
    if a.startswith("#") or b.startswith("#") or min(len(a), len(b)) < 5:
        return False
    stem = 4 if min(len(a), len(b)) <= 6 else 5
    return a[:stem] == b[:stem] or ratio(a, b) >= NAME_LIKENESS


def _matches(small: frozenset[str], big: frozenset[str]) -> set[str]:
    """The anchors of `small` that `big` carries too (the same, or a name spelled nearly alike)."""
    hits = set(small & big)
    for x in small - big:
        if any(_same_name(x, y) for y in big - small):
            hits.add(x)
    return hits


def anchored(article: Article) -> list[frozenset[str]]:
    """The anchors of each of the article's sentences that has at least MIN_ANCHORS (its sentences once
    split, else split from its clean text: the grouping stage comes before that)."""
    sents = [s.text for s in article.sentences] if article.sentences else sentence_texts(article.clean_text)
    return [x for x in map(anchors, sents[:MAX_SENTENCES]) if len(x) >= MIN_ANCHORS]


def translated_share(a: list[frozenset[str]], b: list[frozenset[str]]) -> tuple[float, int]:
    """(share of a's anchored sentences that align with one of b's, in order and one to one; how many).

    A name in most sentences of the two ('Afghanistan' in a story about Afghanistan) says little about
    which sentence translates which: each anchor weighs log(1 + n / sentences carrying it), and two
    sentences align when the anchors they share carry half the weight of the lighter one's."""
    if not a or not b:
        return 0.0, 0
    count: dict[str, int] = {}
    for s in a + b:
        for x in s:
            count[x] = count.get(x, 0) + 1
    n = len(a) + len(b)
    weight = {x: math.log(1 + n / c) for x, c in count.items()}

    def aligned(sa: frozenset[str], sb: frozenset[str]) -> bool:
        small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
        hits = _matches(small, big)
        if len(hits) < MIN_ANCHORS:
            return False
        lighter = min(sum(weight[x] for x in sa), sum(weight[x] for x in sb))
        return sum(weight[x] for x in hits) >= 0.5 * lighter

    last, hits = -1, 0
    for sa in a:
        # the next aligning sentence of b after the last one matched: a translation keeps the order
        for j in range(last + 1, len(b)):
            if aligned(sa, b[j]):
                last, hits = j, hits + 1
                break
    return hits / len(a), hits


def aligns(a: list[frozenset[str]], b: list[frozenset[str]]) -> tuple[bool, int]:
    """Whether two articles' anchored sentences (see `anchored`) pass the bars of a translation, and how
    many sentences align."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_ALIGNED or len(short) < LONGER_SHARE * len(long_):
        return False, 0     # too few sentences to reach the bars, however they align (the alignment is the cost)
    share, hits = translated_share(short, long_)
    return share >= TRANSLATION_SHARE and hits >= MIN_ALIGNED and hits >= LONGER_SHARE * len(long_), hits


def language_of(article: Article) -> str | None:
    return article.field("language")


def _translations(pairs: Iterable[tuple[Article, Article]]) -> Iterator[tuple[Article, Article, str]]:
    """(original, translation, evidence) for each pair of articles in two known, different languages
    that passes the bars; the original is the earlier dated (else the first by id)."""
    cache: dict[str, list[frozenset[str]]] = {}
    for a, b in pairs:
        if not language_of(a) or not language_of(b) or language_of(a) == language_of(b):
            continue
        for x in (a, b):
            if x.id not in cache:
                cache[x.id] = anchored(x)
        ok, hits = aligns(cache[a.id], cache[b.id])
        if ok:
            orig = min((a, b), key=lambda x: (x.date or "9999", x.id))
            copy = b if orig is a else a
            yield orig, copy, (f"{copy.id} ({language_of(copy)}) renders {orig.id} ({language_of(orig)}): "
                               f"{hits} sentences carry the same names and numbers, in the same order "
                               f"(of {len(cache[copy.id])} and {len(cache[orig.id])} with names or numbers)")


def find_translations(articles: Sequence[Article], known=frozenset()) -> list[CopyGroup]:
    """Translation pairs among a story's `articles`, as copy groups."""
    arts = [a for a in articles if language_of(a) and a.sentences]
    if len({language_of(a) for a in arts}) < 2:
        return []
    pairs = ((a, b) for i, a in enumerate(arts) for b in arts[i + 1:] if frozenset((a.id, b.id)) not in known)
    return [CopyGroup(sorted([orig.id, copy.id]), "translation", orig.id, why) for orig, copy, why in _translations(pairs)]


def translation_pairs(candidates: Sequence[tuple[Article, Article]]) -> list[tuple[str, str]]:
    """(original, translation) for each candidate pair that passes the bars; the grouping stage proposes
    the candidates."""
    return [(orig.id, copy.id) for orig, copy, _ in _translations(candidates)]
