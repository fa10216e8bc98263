"""Word tokens and stop words for the languages storylens detects."""
from __future__ import annotations

import functools
from collections import Counter
import re

import wordfreq

WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

STOPWORDS = {
    "en": set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say told according would may might
must shall""".split()),
    "de": set("der die das und ist nicht ein eine einer eines dem den des mit von zu auf für sich im in auch es als wie an werden wurde hat sind war bei nach aus oder dass sie er".split()),
    "fr": set("le la les et est un une des du de en pour que qui dans sur au aux avec par pas ce cette il elle ils sont été être ont ne se plus son sa ses".split()),
    "es": set("el la los las y es un una de del en que por con para no se su sus al lo como más pero fue son ha han este esta".split()),
    "it": set("il lo la gli le e è un una di del della in che per con non si su al dei come più ma sono ha questo questa".split()),
    "pt": set("o a os as e é um uma de do da em que por com para não se seu sua ao como mais mas foi são tem este esta".split()),
    "nl": set("de het een en is van in op te dat die voor met niet zijn er aan als ook bij door maar om dan wordt".split()),
    "ru": set("и в не на что с по как это он она они из за к от для у о же но так то был была были все".split()),
}
ENGLISH_STOPWORDS = STOPWORDS["en"]


_NOT_PLURAL = frozenset("news series species means politics economics physics always perhaps whereas".split())


@functools.lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """A light English plural stripper ('bounties' -> 'bounty', 'troops' -> 'troop', 'launches' ->
    'launch', 'taxes' -> 'tax', 'avalanches' -> 'avalanche'): lower-case words in, so both forms of a
    word count as one. Whether '-es' or only '-s' comes off is what general usage knows as a word."""
    if word in _NOT_PLURAL:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zzes")):
        short, long_ = word[:-2], word[:-1]
        return short if wordfreq.zipf_frequency(short, "en") >= wordfreq.zipf_frequency(long_, "en") else long_
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(text)


def content_words(text: str, stop: set[str] = ENGLISH_STOPWORDS) -> list[str]:
    return [w for w in (t.lower() for t in WORD.findall(text)) if w not in stop and not w.isdigit() and len(w) > 1]


LANGUAGE_SAMPLE = 6000


def detect_language(text: str) -> tuple[str | None, float]:
    """The language whose stop words cover most tokens of `text` (share of tokens), or None. Reads the
    first LANGUAGE_SAMPLE characters (a thousand words tell the language as well as the whole text)."""
    toks = WORD.findall(text[:LANGUAGE_SAMPLE].lower())
    if len(toks) < 5:
        return None, 0.0
    counts = Counter(toks)
    best, share = None, 0.0
    for lang, stop in STOPWORDS.items():
        s = sum(counts[t] for t in stop.intersection(counts)) / len(toks)
        if s > share:
            best, share = lang, s
    return (best, share) if share >= 0.08 else (None, share)
