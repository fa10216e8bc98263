"""Ingest and clean on Spark: the project's own per-file and per-article functions inside mapInPandas,
and the corpus evidence cleaning uses (a line repeated across an outlet's pages) from a counting pass.

1. ingest: one task per input file (`ingest_file`), an article or an issue per row, in input order (`seq`);
2. ids settled as in one run: a file named like an earlier file of this run or of the store takes a
   suffix from its path; an id met twice keeps its first article (the other is listed); an article whose
   content the store holds already is left out (unchanged);
3. counting pass: every article's lines (their keys), with the lines of earlier runs from the store;
   grouped by line, the verdict RepeatMemory would give ("repeated across 12 articles of Outlet") for
   each outlet that carries the line;
4. cleaning: `clean_article` on each article with the verdicts on its own lines.

Step 3 counts the lines of the whole run before any article is cleaned; one process registers them
in chunks of 2,000 articles, so on runs of more than 2,000 articles its first articles are cleaned
with less evidence (the same stories, within the agreement the tests check).
"""
from __future__ import annotations

import pickle
from typing import Iterator

from ..clean import (FixedVerdicts, clean_article, line_keys, otherwise_different, outlet_hint, prepare_page,
                     repeat_reason, split_blocks)
from ..config import Settings
from ..ingest import file_article_id, ingest_file
from ..model import Article, Issue
from ..store import content_hash

BATCH = 256      # rows per Arrow batch a task hands back
SEQ_FILE = 1 << 32   # seq = file number x SEQ_FILE + position in the file

INGESTED = "seq long, kind string, id string, origin string, id_basis string, hash string, payload binary"
PREPARED = "seq long, id string, hint string, keys array<long>, payload binary"
VERDICT = "key long, outlet string, reason string"
CLEANED = ("seq long, id string, day string, not_article string, origin string, url string, outlet string, "
           "title string, published string, language string, clean_text string, payload binary")


def _frames(rows: list[dict], columns: list[str]):
    import pandas as pd
    return pd.DataFrame(rows, columns=columns)


def ingest_files(settings: Settings):
    """mapInPandas function over (file_no, path) rows: every article and issue of each file."""
    columns = [c.split()[0] for c in INGESTED.split(", ")]

    def run(frames):
        for pdf in frames:
            for file_no, path in zip(pdf["file_no"], pdf["path"]):
                rows = []
                from pathlib import Path
                for n, item in enumerate(ingest_file(Path(path), settings)):
                    if isinstance(item, Issue):
                        rows.append({"seq": int(file_no) * SEQ_FILE + n, "kind": "issue", "id": None, "origin": item.path,
                                     "id_basis": None, "hash": None, "payload": pickle.dumps(item)})
                    else:
                        rows.append({"seq": int(file_no) * SEQ_FILE + n, "kind": "article", "id": item.id,
                                     "origin": item.origin, "id_basis": item.id_basis, "hash": content_hash(item),
                                     "payload": pickle.dumps(item)})
                    if len(rows) >= BATCH:
                        yield _frames(rows, columns)
                        rows = []
                if rows:
                    yield _frames(rows, columns)
    return run


def rename_files(frames) -> Iterator:
    """mapInPandas over articles with `first_origin` (of their id in this run) and `stored_origin`
    (of their id in the store): a file named like an earlier one takes a suffix from its path."""
    import os
    for pdf in frames:
        new_ids = []
        for aid, origin, basis, first, stored in zip(pdf["id"], pdf["origin"], pdf["id_basis"], pdf["first_origin"],
                                                      pdf["stored_origin"]):
            if basis == "file name" and isinstance(first, str) and first != origin:
                aid = file_article_id(aid, origin)
            elif basis == "file name" and isinstance(stored, str) and os.path.realpath(stored) != os.path.realpath(origin):
                aid = file_article_id(aid, origin)
            new_ids.append(aid)
        pdf = pdf.drop(columns=["first_origin", "stored_origin"])
        pdf["id"] = new_ids
        yield pdf


def prepare(frames) -> Iterator:
    """mapInPandas over the articles to clean: the page's visible text made once, the outlet hint, and
    the keys of its lines (what the counting pass counts)."""
    columns = [c.split()[0] for c in PREPARED.split(", ")]
    for pdf in frames:
        rows = []
        for seq, aid, payload in zip(pdf["seq"], pdf["id"], pdf["payload"]):
            a: Article = pickle.loads(payload)
            a.id = aid
            prepare_page(a)
            rows.append({"seq": int(seq), "id": aid, "hint": outlet_hint(a) or "", "keys": line_keys(a),
                         "payload": pickle.dumps(a)})
        yield _frames(rows, columns)


def line_verdicts(min_articles: int):
    """mapInPandas over lines with their holders (seq, outlet, share of that article's lines that are
    shared), many lines per batch: the verdict for each outlet carrying a line (clean.repeat_reason, as
    RepeatMemory gives it)."""
    def run(frames):
        import pandas as pd
        for pdf in frames:
            rows = []
            for key, holders in zip(pdf["key"], pdf["holders"]):
                holders = sorted(holders, key=lambda h: h["seq"])
                shares: dict[str | None, list[float]] = {None: [h["share"] for h in holders]}
                for h in holders:
                    shares.setdefault(h["outlet"], []).append(h["share"])
                count = {o: len(v) for o, v in shares.items() if o is not None}
                for outlet in count:
                    reason = repeat_reason(outlet, count, min_articles, lambda o: otherwise_different(shares[o]))
                    if reason:
                        rows.append({"key": int(key), "outlet": outlet, "reason": reason})
            yield pd.DataFrame(rows, columns=["key", "outlet", "reason"])
    return run


def clean(settings: Settings):
    """mapInPandas over prepared articles with their line verdicts: `clean_article`, and the plain
    columns of the articles table."""
    columns = [c.split()[0] for c in CLEANED.split(", ")]

    def run(frames):
        for pdf in frames:
            rows = []
            for seq, payload, verdicts in zip(pdf["seq"], pdf["payload"], pdf["verdicts"]):
                a: Article = pickle.loads(payload)
                reasons = {int(v["key"]): v["reason"] for v in verdicts} if verdicts is not None else {}
                clean_article(a, settings, FixedVerdicts(reasons), split_blocks(a.raw_text))
                pub = a.field("published")
                rows.append({"seq": int(seq), "id": a.id, "day": str(pub)[:10] if pub else "unknown",
                             "not_article": a.field("not_article"), "origin": a.origin, "url": a.url,
                             "outlet": a.outlet, "title": a.field("title"), "published": str(pub) if pub else None,
                             "language": a.language, "clean_text": a.clean_text, "payload": pickle.dumps(a)})
            yield _frames(rows, columns)
    return run


def ingest_and_clean(spark, files: list[str], stored: list[tuple], stored_lines: list[tuple], settings: Settings):
    """(cleaned articles, issues rows, line rows to save, counts) for the input files.

    `stored`: (id, origin, content hash) of the store's articles; `stored_lines`: the store's
    (line key, article id, outlet) rows, earlier runs' corpus evidence."""
    from pyspark.sql import Window, functions as F

    parallel = spark.sparkContext.defaultParallelism
    paths = spark.createDataFrame(list(enumerate(files)), "file_no int, path string").repartition(
        max(1, min(len(files), 4 * parallel)))
    ingested = paths.mapInPandas(ingest_files(settings), INGESTED).persist()
    issues = [pickle.loads(r["payload"]) for r in ingested.where("kind = 'issue'").orderBy("seq").select("payload").toLocalIterator()]

    known = spark.createDataFrame(stored, "stored_id string, stored_origin string, stored_hash string")
    by_id = Window.partitionBy("id").orderBy("seq")
    arts = (ingested.where("kind = 'article'")
            .withColumn("first_origin", F.first("origin").over(by_id))
            .join(known.select("stored_id", "stored_origin"), F.col("id") == F.col("stored_id"), "left").drop("stored_id")
            .mapInPandas(rename_files, INGESTED))
    # one id twice: the first is kept, the other listed
    arts = arts.withColumn("rank", F.row_number().over(by_id)).withColumn("first_origin", F.first("origin").over(by_id)) \
        .persist()    # (read three times below: the issues, the counts, the articles to clean)
    for r in arts.where("rank > 1").orderBy("seq").select("id", "origin", "first_origin").toLocalIterator():
        issues.append(Issue(r["origin"] or r["id"], f"same id {r['id']!r} as {r['first_origin'] or 'an earlier record'}: that one is kept"))
    arts = arts.where("rank = 1").join(known.select("stored_id", "stored_hash"), F.col("id") == F.col("stored_id"), "left")
    n_read = ingested.where("kind = 'article'").count()
    counts = arts.agg(F.sum(F.when(F.col("stored_hash") == F.col("hash"), 1).otherwise(0)).alias("unchanged"),
                      F.sum(F.when(F.col("stored_hash").isNotNull() & (F.col("stored_hash") != F.col("hash")), 1)
                            .otherwise(0)).alias("changed")).first()
    todo = arts.where(F.col("stored_hash").isNull() | (F.col("stored_hash") != F.col("hash"))).select("seq", "id", "payload")

    prepared = todo.mapInPandas(prepare, PREPARED).persist()
    # the counting pass: this run's lines (an article's line as often as it holds it) after the stored
    # ones; an article whose lines the store holds already (an earlier version) is not counted again
    earlier = spark.createDataFrame([(k, a, o, n - len(stored_lines)) for n, (k, a, o) in enumerate(stored_lines)],
                                    "key long, id string, hint string, seq long")
    mine = prepared.join(earlier.select("id").distinct(), "id", "left_anti") \
        .select("id", "hint", "seq", F.explode("keys").alias("key"))
    lines = earlier.select("key", "id", "hint", "seq").unionByName(mine.select("key", "id", "hint", "seq"))
    holders = lines.groupBy("key", "id").agg(F.min("seq").alias("seq"), F.first("hint").alias("outlet"))
    n_holders = holders.groupBy("key").agg(F.count("*").alias("n"))
    share = (lines.join(n_holders, "key").groupBy("id")
             .agg(F.avg(F.when(F.col("n") >= settings.repeat_min_articles, 1.0).otherwise(0.0)).alias("share")))
    shared = n_holders.where(F.col("n") >= settings.repeat_min_articles).select("key")
    verdicts = (holders.join(shared, "key").join(share, "id").groupBy("key")
                .agg(F.collect_list(F.struct("seq", "outlet", "share")).alias("holders"))
                .mapInPandas(line_verdicts(settings.repeat_min_articles), VERDICT))
    verdicts = verdicts.select(F.col("key").alias("vkey"), "outlet", "reason")
    own = (mine.select("id", "hint", "key").distinct()
           .join(verdicts, (F.col("key") == F.col("vkey")) & (F.col("hint") == F.col("outlet")))
           .groupBy("id").agg(F.collect_list(F.struct("key", "reason")).alias("verdicts")))
    cleaned = prepared.join(own, "id", "left").mapInPandas(clean(settings), CLEANED)
    # the rows the store keeps as corpus evidence: each article's distinct lines, in input order
    new_lines = mine.groupBy("id", "key").agg(F.min("seq").alias("seq"), F.first("hint").alias("hint"))
    return cleaned, issues, new_lines, {"read": n_read, "unchanged": int(counts["unchanged"] or 0),
                                        "changed": int(counts["changed"] or 0)}
