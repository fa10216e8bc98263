"""Translations in grouping: a translation of an article is a copy of it and joins its original's
story, whatever words it shares with other articles of its own language. Candidates are found by
words compared in Latin letters ('Столтенберг' ~ 'Stoltenberg'); each pair is checked sentence by
sentence by dedup's translation check.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable

import numpy as np
from scipy import sparse

from ..dedup import fold, translation_pairs
from ..model import Article
from ..text.temporal import parse_iso
from .features import SHORT_TERMS, TermVector, term_matrix
from .index import StoryIndex, day_numbers, leave

TRANSLATION_CANDIDATES = 5
WAITING_UNDATED = 500   # undated earlier articles outside the main language looked at for a new original
SPELLING = 5    # translation candidates share words by their first letters in Latin script


def _spelling(term: str | None) -> str | None:
    """A one-word term's first SPELLING letters, accents off and in Latin script ('столтенберг' ->
    'stolt', 'afganistán' -> 'afgan'): a name spelled in two languages, inflected or not, mostly keeps them."""
    if not term or " " in term:
        return None
    spelled = term if term.isascii() else fold(term)
    return spelled[:SPELLING] if len(spelled) >= 3 else None


def _spelled_matrix(vectors: list[TermVector], names: dict[int, str], rows: list[int]) -> sparse.csr_matrix:
    """The vectors over the spellings (see `_spelling`) of the terms of `rows`, other terms left out."""
    spellings: dict[str, int] = {}
    for tid in np.unique(np.concatenate([vectors[k].ids for k in rows])).tolist():
        sp = _spelling(names.get(tid))
        if sp:
            spellings.setdefault(sp, len(spellings))
    terms, column_of = [], []
    for tid in np.unique(np.concatenate([v.ids for v in vectors])).tolist():
        col = spellings.get(_spelling(names.get(tid)) or "")
        if col is not None:
            terms.append(tid)
            column_of.append(col)
    X = term_matrix(vectors, np.array(terms, dtype=np.int32), np.array(column_of, dtype=np.int32))
    X.sum_duplicates()     # two words of one spelling in an article count in one column
    return X


def add_translations(copies: dict[str, list[str]], new: list[Article], index: StoryIndex,
                      earlier: Callable[[list[str]], list[Article]] | None,
                      reopened: dict[str, str], window: float) -> None:
    """A translation of an article is a copy of it (dedup/translation.py): it joins its original's story,
    whatever words it shares with other articles in its own language. Only when the corpus holds more
    than one language: each new article outside its main language takes as candidates the few articles
    of other languages (new, or of earlier runs when `earlier` can load them) whose words it shares
    most, compared by their first letters in Latin script ('Столтенберг', 'Afganistán'); each candidate
    pair is checked sentence by sentence. The other way round too (the translation came first): an
    article of an earlier run outside the main language, with no article of the main language in its
    story, dated within `window` days of this batch (or among the last undated ones), takes as
    candidates the few new articles in the main language it shares most words with; when one is its
    original, it leaves its story (recorded in `reopened`, as if the batch had reopened it) and joins
    the original's."""
    index.languages.update((a.id, a.field("language")) for a in new if a.field("language"))
    langs = Counter(index.languages.values())
    if len(langs) < 2:
        return
    main = langs.most_common(1)[0][0]
    by_id = {a.id: a for a in new}
    # headlines and briefs are too short to tell a translation (it takes several aligned sentences)
    ids = [i for i, lang in index.languages.items()
           if len(index.vectors.get(i, ())) >= SHORT_TERMS and (i in by_id or earlier is not None)]
    rows = [k for k, i in enumerate(ids) if i in by_id and index.languages[i] != main]
    waiting = _waiting_translations(ids, by_id, index, main, window) if earlier is not None else []
    mains = [k for k, i in enumerate(ids) if i in by_id and index.languages[i] == main] if waiting else []
    if not rows and not (waiting and mains):
        return
    if not rows:
        # only the looking-back pass: its few candidates and the new main-language articles, not the corpus
        ids = [ids[k] for k in waiting + mains]
        waiting, mains = list(range(len(waiting))), list(range(len(waiting), len(ids)))
    vectors = [index.vectors[i] for i in ids]
    X = _spelled_matrix(vectors, index.names, rows + waiting)
    codes = {lang: n for n, lang in enumerate(langs)}
    lang = np.array([codes[index.languages[i]] for i in ids])
    wanted: list[tuple[str, str]] = []
    # new articles outside the main language: candidates among all others; earlier ones outside it:
    # candidates among the new articles in the main language
    for these, among in ((rows, None), (waiting, np.array(mains, dtype=np.int64))):
        if not these or (among is not None and not len(among)):
            continue
        S = (X[these] @ (X if among is None else X[among]).T).tocsr()
        for r, k in enumerate(these):
            cols, vals = S.indices[S.indptr[r]:S.indptr[r + 1]], S.data[S.indptr[r]:S.indptr[r + 1]]
            if among is not None:
                cols = among[cols]
            ok = lang[cols] != lang[k]
            cols, vals = cols[ok], vals[ok]
            top = np.argsort(-vals, kind="stable")[:TRANSLATION_CANDIDATES]
            wanted += [(ids[k], ids[j]) for j in cols[top].tolist()]
    del X
    old = sorted({j for pair in wanted for j in pair if j not in by_id})
    if old:
        by_id.update((a.id, a) for a in earlier(old))
    pairs = [(by_id[i], by_id[j]) for i, j in wanted if i in by_id and j in by_id]
    late = {ids[k] for k in waiting}
    root = {c: first for first, cs in copies.items() for c in cs}
    for orig, tr in translation_pairs(pairs):
        if orig in late or tr in late:
            # a translation of an earlier run, its original new: the original leads the group (its words
            # are the corpus's language); the translation leaves its story (which of the two is the
            # original, the story's copy group says, by date)
            tr, orig = (orig, tr) if orig in late else (tr, orig)
            if tr in root or tr not in index.story_of:
                continue
            reopened[tr] = index.story_of[tr]
            leave(index, index.story_of[tr], tr)
        elif tr in index.story_of:
            # an article of an earlier run leads (its story stays); else the original does
            orig, tr = tr, orig
        o = root.get(orig, orig)
        if tr in root or o == tr or tr in index.story_of:
            continue
        moved = [tr] + copies.pop(tr, [])
        copies.setdefault(o, []).extend(moved)
        root.update((c, o) for c in moved)


def _waiting_translations(ids: list[str], new: dict[str, Article], index: StoryIndex, main: str,
                          window: float) -> list[int]:
    """Positions in `ids` of earlier articles outside the main language whose story holds no article in
    the main language (none is their original yet): those dated within `window` days of the new
    articles, and the WAITING_UNDATED last added of the undated ones (the cost stays bounded)."""
    days = day_numbers([parse_iso(index.dates.get(i)) for i in new])
    days = days[~np.isnan(days)]
    lo, hi = (days.min() - window, days.max() + window) if len(days) else (np.inf, -np.inf)
    dated, undated = [], []
    for k, i in enumerate(ids):
        if index.languages[i] == main or i in new:
            continue
        sid = index.story_of.get(i)
        if sid is None:
            continue
        if any(index.languages.get(m) == main for m in index.stories[sid].members):
            continue
        d = parse_iso(index.dates.get(i))
        if d is None:
            undated.append(k)
        elif lo <= d.toordinal() <= hi:
            dated.append(k)
    return dated + undated[-WAITING_UNDATED:]
