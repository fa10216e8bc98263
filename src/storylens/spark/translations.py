"""A Spark run's candidate translations against the story index kept as tables (stored.py): the
one-process search (cluster/translations.py), with the stored articles read by the executors, so the
driver holds none of the corpus for it.

- New articles outside the main language: each takes its few most similar articles of other languages,
  by their spelled words. Among the batch, on the driver; among the stored articles, a task per Parquet
  split runs the one-process product of the batch's rows with the split's articles and keeps each row's
  top candidates; the driver merges them into each row's top (ties at a row's last place aside: one
  process breaks them by the order articles came into the index, here by run, then id).
- Earlier articles outside the main language whose story holds none in it, dated within the window of
  the batch (or the last undated ones), may be translations of the batch's new articles in the main
  language: the executors find them (a join of the stories' members with their languages); the driver
  loads those few and compares them with the batch as one process does.
- Earlier articles outside the main language grouped again (reopened) are compared with this run's
  grouped articles alone, on the driver, as one process does (`regrouped_pairs`).
The stories of the candidates are loaded (by their members) before their pairs are checked: a
translation joins its original's story, or leaves its own.
"""
from __future__ import annotations

import pickle

__all__ = ["translation_finder"]

PAIRS = "i string, j string, w double, run long"


def translation_finder(kept, batch: list[str]):
    """A `find_translations` for cluster_graph (translations.TranslationFinder) over `kept`'s tables and
    the driver's partial index; `batch`, this run's articles (left out of the stored ones)."""

    def find(new, index, main, earlier, window, regrouped=frozenset()):
        from ..cluster import SHORT_TERMS, candidate_pairs, regrouped_pairs
        ids = [i for i in index.languages if i in new and len(index.vectors.get(i, ())) >= SHORT_TERMS]
        rows = [i for i in ids if index.languages[i] != main]
        wanted = _rows_pass(kept, batch, rows, ids, index, earlier is not None)
        wanted += regrouped_pairs(new, regrouped, index, main, earlier)     # (among this run's: on the driver)
        late: list[str] = []
        mains = [i for i in ids if index.languages[i] == main]
        if earlier is not None and mains:
            late = _waiting(kept, batch, new, index, main, window)
            wanted += [(i, j) for i, j, _ in candidate_pairs(late, mains, index)]
        if hasattr(index, "load_stories_of"):
            index.load_stories_of([j for pair in wanted for j in pair if j not in new])
        return wanted, set(late)
    return find


def _rows_pass(kept, batch: list[str], rows: list[str], ids: list[str], index, stored: bool) -> list[tuple[str, str]]:
    """Each of `rows` (new, outside the main language) with its top candidates among the new `ids` and,
    with `stored`, the stored articles."""
    import numpy as np

    from ..cluster import TRANSLATION_CANDIDATES, candidate_pairs, spelled_columns, spelled_matrix, spellings_of
    if not rows:
        return []
    found: dict[str, list[tuple]] = {i: [] for i in rows}
    order = {j: k for k, j in enumerate(ids)}
    for i, j, v in candidate_pairs(rows, ids, index):
        found[i].append((-v, 1, order[j], j))
    if stored:
        spellings = spellings_of([index.vectors[i] for i in rows], index.names)
        columns = spelled_columns(spellings, index.names, index.names.keys())
        X = spelled_matrix([index.vectors[i] for i in rows], columns, len(spellings))
        side = {"rows": rows, "X": X, "languages": np.array([index.languages[i] for i in rows], dtype=object),
                "columns": columns, "width": len(spellings)}
        for r in _stored_pairs(kept, batch, side).toLocalIterator():
            found[r["i"]].append((-r["w"], 0, (r["run"], r["j"]), r["j"]))
    return [(i, c[-1]) for i in rows for c in sorted(found[i])[:TRANSLATION_CANDIDATES]]


def _stored_pairs(kept, batch: list[str], side: dict):
    """(i, j, w, run): each row's top candidates among each split of the stored articles."""
    from ..cluster import SHORT_TERMS
    shared = kept.spark.sparkContext.broadcast(pickle.dumps(side, protocol=pickle.HIGHEST_PROTOCOL))

    def task(frames):
        import numpy as np
        import pandas as pd

        from ..cluster import TermVector, spelled_matrix, top_translations
        got = pickle.loads(shared.value)
        for pdf in frames:
            pdf = pdf[pdf["language"].notna() & (pdf["ids"].map(len) >= SHORT_TERMS)]
            if not len(pdf):
                continue
            vectors = [TermVector.of(np.asarray(a, np.int32), np.asarray(b, np.float32)) for a, b in zip(pdf["ids"], pdf["vals"])]
            Y = spelled_matrix(vectors, got["columns"], got["width"])
            tops = top_translations((got["X"] @ Y.T).tocsr(), got["languages"], pdf["language"].to_numpy(dtype=object))
            ids, runs = pdf["id"].to_numpy(dtype=object), pdf["run"].to_numpy()
            out = [(got["rows"][r], ids[j], v, int(runs[j])) for r, top in enumerate(tops) for j, v in top]
            if out:
                yield pd.DataFrame(out, columns=["i", "j", "w", "run"])
    return kept.stored(batch).select("id", "run", "ids", "vals", "language").mapInPandas(task, PAIRS)


def _waiting(kept, batch: list[str], new, index, main: str, window: float) -> list[str]:
    """The earlier articles outside the main language that may be translations of new ones (as
    translations.waiting_translations chooses them), loaded into the index with their stories."""
    import numpy as np
    from pyspark.sql import functions as F

    from ..cluster import SHORT_TERMS, WAITING_UNDATED, day_of
    days = np.array([d for i in new if (d := day_of(index.dates.get(i))) is not None])
    lo, hi = (float(days.min() - window), float(days.max() + window)) if len(days) else (None, None)
    stored = kept.stored(batch)
    _, members = kept._now()
    # (articles the driver has taken out of their stories this run are in none: reopened, or replaced)
    out = [i for i in index.vectors if i not in index.story_of and i not in new]
    langs = stored.select(F.col("id").alias("article"), "language")
    with_main = (members.join(langs, "article").where(F.col("language") == main).select("story").distinct())
    when = F.col("day").isNull() if lo is None else (F.col("day").isNull() | F.col("day").between(lo, hi))
    found = (stored.where(F.col("language").isNotNull() & (F.col("language") != main) & (F.size("ids") >= SHORT_TERMS) & when)
             .join(members.withColumnRenamed("article", "id"), "id").join(with_main, "story", "left_anti"))
    if out:
        found = found.join(F.broadcast(kept._ids(out)), "id", "left_anti")
    got = sorted((r["run"], r["id"], r["day"] is None) for r in found.select("id", "run", "day").collect())
    late = [i for _, i, undated in got if not undated] + [i for _, i, undated in got if undated][-WAITING_UNDATED:]
    if late:
        index.load_stories_of(late)
        index.hold(articles=late)
    return late
