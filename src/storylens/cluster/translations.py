"""Translations in grouping: a translation of an article is a copy of it and joins its original's
story, whatever words it shares with other articles of its own language. Candidates are found by
words compared in Latin letters ('Столтенберг' ~ 'Stoltenberg'); each pair is checked sentence by
sentence by dedup's translation check.
"""
from __future__ import annotations

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


def spellings_of(vectors: list[TermVector], names: dict[int, str]) -> dict[str, int]:
    """The spellings (see `_spelling`) of these vectors' terms, each a column: {spelling: column}."""
    spellings: dict[str, int] = {}
    if vectors:
        for tid in np.unique(np.concatenate([v.ids for v in vectors])).tolist():
            sp = _spelling(names.get(tid))
            if sp:
                spellings.setdefault(sp, len(spellings))
    return spellings


def spelled_columns(spellings: dict[str, int], names: dict[int, str], tids) -> dict[int, int]:
    """{term id: its spelling's column}, for the terms `tids` whose spelling is one of `spellings`."""
    out = {}
    for tid in tids:
        col = spellings.get(_spelling(names.get(tid)) or "")
        if col is not None:
            out[tid] = col
    return out


def spelled_matrix(vectors: list[TermVector], columns: dict[int, int], width: int | None = None) -> sparse.csr_matrix:
    """The vectors over the spelling columns `columns` ({term id: column}; `width` columns in all), other
    terms left out; two words of one spelling in an article count in one column."""
    terms = np.fromiter(columns.keys(), dtype=np.int32, count=len(columns))
    cols = np.fromiter(columns.values(), dtype=np.int32, count=len(columns))
    order = np.argsort(terms)
    X = term_matrix(vectors, terms[order], cols[order])
    if width is not None:
        X = sparse.csr_matrix((X.data, X.indices, X.indptr), shape=(X.shape[0], max(width, 1)))
    X.sum_duplicates()
    return X


def _spelled_matrix(vectors: list[TermVector], names: dict[int, str], rows: list[int]) -> sparse.csr_matrix:
    """The vectors over the spellings of the terms of `rows`, other terms left out."""
    spellings = spellings_of([vectors[k] for k in rows], names)
    tids = np.unique(np.concatenate([v.ids for v in vectors])).tolist() if vectors else []
    return spelled_matrix(vectors, spelled_columns(spellings, names, tids))


def top_translations(S: sparse.csr_matrix, lang_rows, lang_cols) -> list[list[tuple[int, float]]]:
    """Each row's TRANSLATION_CANDIDATES most similar columns of another language (`S`: the rows'
    spelled products with the candidates), as (column, similarity), best first (ties: the lower column)."""
    out = []
    for r in range(S.shape[0]):
        cols, vals = S.indices[S.indptr[r]:S.indptr[r + 1]], S.data[S.indptr[r]:S.indptr[r + 1]]
        order = np.argsort(cols, kind="stable")
        cols, vals = cols[order], vals[order]
        ok = lang_cols[cols] != lang_rows[r]
        cols, vals = cols[ok], vals[ok]
        top = np.argsort(-vals, kind="stable")[:TRANSLATION_CANDIDATES]
        out.append(list(zip(cols[top].tolist(), vals[top].tolist())))
    return out


TranslationFinder = Callable[[dict[str, Article], StoryIndex, str, "Callable | None", float, set[str]],
                             tuple[list[tuple[str, str]], set[str]]]


def add_translations(copies: dict[str, list[str]], new: list[Article], index: StoryIndex,
                      earlier: Callable[[list[str]], list[Article]] | None,
                      reopened: dict[str, str], window: float, find: TranslationFinder | None = None) -> None:
    """A translation of an article is a copy of it (dedup/translation.py): it joins its original's story,
    whatever words it shares with other articles in its own language. Only when the corpus holds more
    than one language: candidate pairs (`translation_candidates`, or `find`: the same found elsewhere, the
    Spark engine's executors) are checked sentence by sentence. A translation of an earlier run whose
    original is new leaves its story (recorded in `reopened`, as if the batch had reopened it) and joins
    the original's."""
    index.languages.update((a.id, a.field("language")) for a in new if a.field("language"))
    langs = index.language_counts()
    if len(langs) < 2:
        return
    main = langs.most_common(1)[0][0]
    by_id = {a.id: a for a in new}
    wanted, late = (find or translation_candidates)(by_id, index, main, earlier, window, set(reopened))
    if not wanted:
        return
    old = sorted({j for pair in wanted for j in pair if j not in by_id})
    if old:
        by_id.update((a.id, a) for a in earlier(old))
    pairs = [(by_id[i], by_id[j]) for i, j in wanted if i in by_id and j in by_id]
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


def translation_candidates(new: dict[str, Article], index: StoryIndex, main: str,
                           earlier: Callable[[list[str]], list[Article]] | None,
                           window: float, regrouped: set[str] = frozenset()) -> tuple[list[tuple[str, str]], set[str]]:
    """The pairs to check, and the earlier articles of them that may be translations of new ones. Each new
    article outside the `main` language takes as candidates the few articles of other languages (new,
    or of earlier runs when `earlier` can load them) whose words it shares most, compared by their first
    letters in Latin script ('Столтенберг', 'Afganistán'); so does each earlier one grouped again
    (`regrouped_pairs`). The other way round too (the translation came first): an article of an earlier
    run outside the main language, with no article of the main language in its story, dated within
    `window` days of this batch (or among the last undated ones), takes as candidates the few new
    articles in the main language it shares most words with."""
    # headlines and briefs are too short to tell a translation (it takes several aligned sentences)
    ids = [i for i, lang in index.languages.items()
           if len(index.vectors.get(i, ())) >= SHORT_TERMS and (i in new or earlier is not None)]
    rows = [k for k, i in enumerate(ids) if i in new and index.languages[i] != main]
    waiting = waiting_translations(ids, new, index, main, window) if earlier is not None else []
    mains = [k for k, i in enumerate(ids) if i in new and index.languages[i] == main] if waiting else []
    # new articles outside the main language: candidates among all others; earlier ones outside it:
    # candidates among the new articles in the main language
    wanted = [(i, j) for i, j, _ in candidate_pairs([ids[k] for k in rows], ids, index)]
    wanted += regrouped_pairs(new, regrouped, index, main, earlier)
    wanted += [(i, j) for i, j, _ in candidate_pairs([ids[k] for k in waiting], [ids[k] for k in mains], index)]
    return wanted, {ids[k] for k in waiting}


def regrouped_pairs(new: dict[str, Article], regrouped: set[str], index: StoryIndex, main: str,
                    earlier: Callable[[list[str]], list[Article]] | None) -> list[tuple[str, str]]:
    """Each earlier article outside the main language grouped again (reopened) with its few most similar
    articles of another language among those grouped in this run (new or reopened, in id order): a
    translation is in its original's story, so when that story is reopened both are grouped again, and it
    finds its original again rather than stand alone by its words."""
    if earlier is None or not regrouped:
        return []
    grouped = sorted(i for i in index.languages if (i in new or i in regrouped) and len(index.vectors.get(i, ())) >= SHORT_TERMS)
    again = [i for i in grouped if i in regrouped and index.languages[i] != main]
    return [(i, j) for i, j, _ in candidate_pairs(again, grouped, index)]


def candidate_pairs(these: list[str], among: list[str], index: StoryIndex) -> list[tuple[str, str, float]]:
    """Each of `these` articles with its TRANSLATION_CANDIDATES most similar of `among` in another language,
    by their spelled words: (article, candidate, similarity), best first (ties: the earlier in `among`)."""
    if not these or not among:
        return []
    X = _spelled_matrix([index.vectors[i] for i in these + among], index.names, list(range(len(these))))
    lang = np.array([index.languages[i] for i in these + among], dtype=object)
    tops = top_translations((X[:len(these)] @ X[len(these):].T).tocsr(), lang[:len(these)], lang[len(these):])
    return [(i, among[j], v) for i, top in zip(these, tops) for j, v in top]


def waiting_translations(ids: list[str], new: dict[str, Article], index: StoryIndex, main: str,
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
