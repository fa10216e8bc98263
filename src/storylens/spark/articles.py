"""Ingest and clean on Spark: the project's own per-file and per-article functions inside mapInPandas,
and the corpus evidence cleaning uses (a line repeated across an outlet's pages) from a counting pass.

1. ingest: one task per input file (`ingest_file`), an article or an issue per row, in input order (`seq`);
2. ids settled as in one run: a file named like an earlier file of this run or of the store takes a
   suffix from its path; an id met twice keeps its first article (the other is listed); an article whose
   content the store holds already is left out (unchanged);
3. counting pass: every article's lines (their keys), with the lines of earlier runs (the store's, kept
   as a Parquet table by kept_lines.py; only those the batch's verdicts depend on are grouped);
   grouped by line, the verdict RepeatMemory would give ("repeated across 12 articles of Outlet") for
   each (outlet, chunk) whose articles carry the line;
4. cleaning: `clean_article` on each article with the verdicts on its own lines.

One process registers the lines of `clean_chunk` articles at a time and cleans each chunk with the
evidence so far; step 3 gives each chunk's articles the verdicts of that evidence (the chunk a line
became shared in, and each holder's share of shared lines as of each chunk), so both engines clean alike.
"""
from __future__ import annotations

import pickle
from typing import Callable, Iterator

from ..clean import (SAMPLE, FixedVerdicts, clean_article, line_keys, otherwise_different, outlet_hint,
                     prepare_page, repeat_reason, split_blocks)
from ..config import Settings
from ..ingest import file_article_id, ingest_file
from ..model import Article, Issue
from ..store import content_hash

BATCH = 256      # rows per Arrow batch a task hands back
SEQ_FILE = 1 << 32   # seq = file number x SEQ_FILE + position in the file
STORED_BEFORE = 1 << 62   # the store's rows come first: seq = their position in the store - STORED_BEFORE

INGESTED = "seq long, kind string, id string, origin string, id_basis string, hash string, payload binary"
PREPARED = "seq long, id string, hint string, keys array<long>, payload binary"
VERDICT = "key long, outlet string, chunk long, reason string"
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
    """mapInPandas over lines, many per batch, each with its first holders (seq, outlet, chunk, and the
    sorted chunks from which each of that article's lines is shared), its holders counted per (outlet,
    chunk), and the (outlet, chunk) pairs whose articles are cleaned with it: the verdict for each pair
    as RepeatMemory gives it after registering chunks up to that one (clean.repeat_reason)."""
    from bisect import bisect_right

    def run(frames):
        import pandas as pd
        for pdf in frames:
            rows = []
            for key, holders, counts, needs in zip(pdf["key"], pdf["holders"], pdf["counts"], pdf["needs"]):
                holders = sorted(holders, key=lambda h: h["seq"])
                for need in needs:
                    outlet, chunk = need["outlet"], need["chunk"]
                    # what one process knows once chunks up to `chunk` are registered
                    count: dict[str, int] = {}
                    for c in counts:
                        if c["chunk"] <= chunk:
                            count[c["outlet"]] = count.get(c["outlet"], 0) + int(c["n"])
                    known = [h for h in holders if h["chunk"] <= chunk]

                    def shares(o, known=known, chunk=chunk):
                        of = [h for h in known if o is None or h["outlet"] == o][:SAMPLE]
                        return [bisect_right(list(h["shared_from"]), chunk) / h["n_lines"] for h in of]

                    reason = repeat_reason(outlet, count, min_articles, lambda o: otherwise_different(shares(o)))
                    if reason:
                        rows.append({"key": int(key), "outlet": outlet, "chunk": int(chunk), "reason": reason})
            yield pd.DataFrame(rows, columns=["key", "outlet", "chunk", "reason"])
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


def ingest_and_clean(spark, files: list[str], stored_of: Callable[[list[str]], list[tuple]], stored_lines,
                     settings: Settings):
    """(cleaned articles, issues rows, line rows to save, counts) for the input files.

    `stored_of(ids)`: (id, origin, content hash) of the store's articles among `ids` (asked for the run's
    ids alone: bounded by the batch); `stored_lines`: a DataFrame of the store's line rows, earlier runs'
    corpus evidence (kept_lines.LINES: pos, key, id, hint)."""
    from pyspark.sql import Window, functions as F

    from .session import default_parallelism
    parallel = default_parallelism(spark)
    paths = spark.createDataFrame(list(enumerate(files)), "file_no int, path string").repartition(
        max(1, min(len(files), 4 * parallel)))
    ingested = paths.mapInPandas(ingest_files(settings), INGESTED).persist()
    issues = [pickle.loads(r["payload"]) for r in ingested.where("kind = 'issue'").orderBy("seq").select("payload").toLocalIterator()]

    def known(rows):
        """The store's (id, origin, hash) of the ids of `rows`."""
        ids = sorted({r["id"] for r in rows.select("id").distinct().toLocalIterator()})
        return spark.createDataFrame(stored_of(ids), "stored_id string, stored_origin string, stored_hash string")

    by_id = Window.partitionBy("id").orderBy("seq")
    arts = (ingested.where("kind = 'article'")
            .withColumn("first_origin", F.first("origin").over(by_id))
            .join(known(ingested.where("kind = 'article'")).select("stored_id", "stored_origin"), F.col("id") == F.col("stored_id"),
                  "left").drop("stored_id")
            .mapInPandas(rename_files, INGESTED))
    # one id twice: the first is kept, the other listed
    arts = arts.withColumn("rank", F.row_number().over(by_id)).withColumn("first_origin", F.first("origin").over(by_id)) \
        .persist()    # (read three times below: the issues, the counts, the articles to clean)
    for r in arts.where("rank > 1").orderBy("seq").select("id", "origin", "first_origin").toLocalIterator():
        issues.append(Issue(r["origin"] or r["id"], f"same id {r['id']!r} as {r['first_origin'] or 'an earlier record'}: that one is kept"))
    arts = arts.where("rank = 1")
    arts = arts.join(known(arts).select("stored_id", "stored_hash"), F.col("id") == F.col("stored_id"), "left")
    n_read = ingested.where("kind = 'article'").count()
    counts = arts.agg(F.sum(F.when(F.col("stored_hash") == F.col("hash"), 1).otherwise(0)).alias("unchanged"),
                      F.sum(F.when(F.col("stored_hash").isNotNull() & (F.col("stored_hash") != F.col("hash")), 1)
                            .otherwise(0)).alias("changed")).first()
    todo = arts.where(F.col("stored_hash").isNull() | (F.col("stored_hash") != F.col("hash"))).select("seq", "id", "payload")

    prepared = _chunked(todo.mapInPandas(prepare, PREPARED), settings.clean_chunk).persist()
    mine = _own_lines(prepared, stored_lines).localCheckpoint()
    verdicts = _verdicts(prepared, mine, stored_lines, settings.repeat_min_articles)
    own = (prepared.select("id", "hint", "chunk", F.explode("keys").alias("key")).distinct()
           .join(verdicts, ["key", "hint", "chunk"])
           .groupBy("id").agg(F.collect_list(F.struct("key", "reason")).alias("verdicts")))
    cleaned = prepared.join(own, "id", "left").mapInPandas(clean(settings), CLEANED)
    # the rows the store keeps as corpus evidence: each article's distinct lines, in input order
    new_lines = mine.groupBy("id", "key").agg(F.min("seq").alias("seq"), F.first("hint").alias("hint"))
    return cleaned, issues, new_lines, {"read": n_read, "unchanged": int(counts["unchanged"] or 0),
                                        "changed": int(counts["changed"] or 0)}


def _chunked(prepared, chunk_size: int):
    """The articles to clean numbered in input order and cut into chunks as one process cleans them
    (`clean_chunk` articles each): a count per input file, then a rank within each file."""
    from pyspark.sql import Window, functions as F
    with_file = prepared.withColumn("file_no", F.shiftright("seq", 32))
    per_file = sorted((int(r["file_no"]), int(r["n"])) for r in with_file.groupBy("file_no").agg(F.count("*").alias("n")).collect())
    start, offsets = 0, []
    for file_no, n in per_file:
        offsets.append((file_no, start))
        start += n
    offsets_df = prepared.sparkSession.createDataFrame(offsets or [(0, 0)], "file_no long, offset long")
    rank = F.row_number().over(Window.partitionBy("file_no").orderBy("seq"))
    return (with_file.join(F.broadcast(offsets_df), "file_no")
            .withColumn("chunk", F.floor((F.col("offset") + rank - 1) / chunk_size).cast("long"))
            .drop("file_no", "offset"))


def _own_lines(prepared, stored_lines):
    """This run's lines, an article's line as often as it holds it; an article whose lines the store
    holds already (an earlier version) is not counted again (as RepeatMemory.add)."""
    from pyspark.sql import functions as F
    return (prepared.join(stored_lines.select("id"), "id", "left_anti")
            .select("id", "hint", "seq", "chunk", F.explode("keys").alias("key")))


def _verdicts(prepared, own, stored_lines, min_articles: int):
    """The counting pass: (key, hint, chunk, reason) for every line repeated enough by the chunk that
    cleans it. A line's holders in registration order (the store's rows first, chunk -1); from the chunk
    where its `min_articles`-th holder arrives it is shared; an article's share of shared lines at a
    chunk is read from the sorted chunks its lines became shared in.

    Only some lines bear on this run's verdicts: the lines of every article that holds a line of this
    run (its share of shared lines), each with all its holders. The store's other rows are dropped as the
    table is scanned (semi-joins), before any grouping or sort: the scans grow with the store, the
    grouping with what the batch touches."""
    from pyspark.sql import Window, functions as F
    earlier = stored_lines.select("key", "id", "hint", (F.col("pos") - STORED_BEFORE).alias("seq"),
                                  F.lit(-1).cast("long").alias("chunk"))
    every = earlier.unionByName(own.select("key", "id", "hint", "seq", "chunk"))
    touched = prepared.select(F.explode("keys").alias("key")).distinct()
    holding = every.join(touched, "key", "left_semi").select("id").distinct()
    # (checkpointed, as the holders below: read several times, and a plan sent whole to a Spark Connect
    # server must stay under protobuf's nesting limit)
    lines = every.join(every.join(holding, "id", "left_semi").select("key").distinct(), "key", "left_semi").localCheckpoint()
    holders = lines.groupBy("key", "id").agg(F.min("seq").alias("seq"), F.first("hint").alias("outlet"),
                                             F.min("chunk").alias("chunk"))
    in_line = Window.partitionBy("key").orderBy("seq")
    in_outlet = Window.partitionBy("key", "outlet").orderBy("seq")
    holders = (holders.withColumn("rank", F.row_number().over(in_line)).withColumn("rank_of", F.row_number().over(in_outlet))
               .localCheckpoint())
    shared_from = holders.where(F.col("rank") == min_articles).select("key", F.col("chunk").alias("from_chunk"))
    needs = (prepared.select("hint", "chunk", F.explode("keys").alias("key")).distinct()
             .join(shared_from, "key").where(F.col("chunk") >= F.col("from_chunk"))
             .groupBy("key").agg(F.collect_list(F.struct(F.col("hint").alias("outlet"), "chunk")).alias("needs")))
    needed = holders.join(needs.select("key"), "key", "left_semi")
    # the holders whose shares are read (a line's first SAMPLE, and its first SAMPLE of each outlet)
    picked = needed.where((F.col("rank") <= SAMPLE) | (F.col("rank_of") <= SAMPLE))
    articles = (lines.join(picked.select("id").distinct(), "id", "left_semi").join(shared_from, "key", "left").groupBy("id")
                .agg(F.count("*").alias("n_lines"), F.sort_array(F.collect_list("from_chunk")).alias("shared_from")))
    sample = (picked.join(articles, "id")
              .groupBy("key").agg(F.collect_list(F.struct("seq", "outlet", "chunk", "shared_from", "n_lines")).alias("holders")))
    counts = (needed.groupBy("key", "outlet", "chunk").agg(F.count("*").alias("n"))
              .groupBy("key").agg(F.collect_list(F.struct("outlet", "chunk", "n")).alias("counts")))
    verdicts = sample.join(counts, "key").join(needs, "key").mapInPandas(line_verdicts(min_articles), VERDICT)
    return verdicts.withColumnRenamed("outlet", "hint")
