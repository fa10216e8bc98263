"""Copies group as one article: sixty reprints of one wire story neither crowd out nor dilute the other
outlets' reporting of the event; near-identical articles far apart in time are not copies; short texts
(headlines) are copies only with the very same words."""
import numpy as np

from storylens.cluster.copies import copy_groups
from storylens.cluster.features import TermVector
from storylens.config import Settings
from storylens.ingest.records import article_from_record
from storylens.pipeline import cluster_records
from tests.conftest import EXAMPLE


def _stories(records, settings):
    pairs = [(r, article_from_record(r, "test", settings)) for r in records]
    return {o["id"]: o["story_id"] for o in cluster_records(pairs, settings)}


def test_sixty_reprints_of_one_article_leave_the_story_whole():
    texts = {f.name[:3]: f.read_text(encoding="utf-8") for f in sorted(EXAMPLE.glob("*.txt"))}
    records = [{"id": k, "text": t} for k, t in texts.items()]
    records += [{"id": f"r{k}", "text": texts["000"] + f"\n\nReprinted with permission by Outlet {k}."}
                for k in range(60)]
    by = _stories(records, Settings())
    assert by["000"] == by["001"] == by["002"] == by["003"] != by["004"]
    assert all(by[f"r{k}"] == by["000"] for k in range(60))
    # each reprint on its own: the story's words look common (in 61 articles) and the story falls apart
    apart = _stories(records, Settings(copy_similarity=0))
    assert len({apart["000"], apart["001"], apart["002"], apart["003"]}) > 1


def _vec(words, drop=()):
    return TermVector({1000 + k: 1.0 for k in range(words) if k not in drop})


def _normalised(v):
    v.vals = (v.vals / np.linalg.norm(v.vals)).astype(np.float32)
    return v


def test_copies_need_near_identical_terms_the_same_days_and_an_article_s_length():
    ids = ["a", "b", "c", "d", "e", "f", "g", "h"]
    vectors = [_normalised(_vec(60)), _normalised(_vec(60, drop={3})),        # b copies a (one term less)
               _normalised(_vec(60, drop=set(range(30)))),                    # c shares half: not a copy
               _normalised(_vec(60)),                                         # d: a's text, 40 days later
               _normalised(_vec(6)), _normalised(_vec(6)),                    # e, f: one headline in two feeds
               _normalised(_vec(6, drop={5})),                                # g: a headline one word shorter
               _normalised(_vec(6))]                                          # h: e's headline, 40 days later
    days = np.array([0.0, 1.0, 0.0, 40.0, 0.0, 0.0, 0.0, 40.0])
    found = copy_groups(ids, vectors, days, min_similarity=0.9, window_days=7, min_terms=15)
    assert found == {"b": "a", "f": "e"}   # g is 0.91 alike to e: a long text's copy, not a headline's
    assert copy_groups(ids, vectors, days, min_similarity=0, window_days=7) == {}


def test_a_headline_s_copies_are_of_its_day_when_days_count_for_headlines():
    ids = ["a", "b", "e", "f"]
    vectors = [_normalised(_vec(60)), _normalised(_vec(60)),     # a, b: one article, a day apart
               _normalised(_vec(6)), _normalised(_vec(6))]       # e, f: one headline, a day apart
    days = np.array([0.0, 1.0, 0.0, 1.0])
    assert copy_groups(ids, vectors, days, 0.9, 7, min_terms=15, short_window_days=0) == {"b": "a"}
    assert copy_groups(ids, vectors, days, 0.9, 7, min_terms=15) == {"b": "a", "f": "e"}


def test_an_article_that_copies_two_leaders_joins_the_earliest_in_every_run():
    # a and b are not copies of each other (cosine 0.87); c is close to both (0.94 each). The LSH index
    # answers in the order of a set of strings, which changes with each process's hash seed: c's first
    # must not
    import subprocess
    import sys
    code = ("import numpy as np\nfrom tests.cluster.test_copies import _vec, _normalised\n"
            "from storylens.cluster.copies import copy_groups\n"
            "vs = [_normalised(_vec(60)), _normalised(_vec(68, drop=set(range(8)))), _normalised(_vec(68))]\n"
            "print(copy_groups(['a', 'b', 'c'], vs, np.zeros(3), 0.9, 7, min_terms=15))\n")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout.strip() for seed in range(8)}
    assert runs == {"{'c': 'a'}"}
