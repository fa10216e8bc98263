"""The Spark engine's Parquet output, for tools that read tables rather than the SQLite store.

Under the output folder, each table partitioned by day (an article's publication day, a story's first
day; "unknown" when there is none):
  articles/     one row per article version read (this run's are appended, with their run id)
  stories/      headline, summary, dates, counts          (the store's current state, rewritten)
  memberships/  story id, article id, similarity, evidence
  copies/       story id, kind, original, members (JSON)
  analyses/     story id, the whole analysis (JSON, as the API gives it)
  readings/     article id, what the model read in it (JSON)
"""
from __future__ import annotations

from pathlib import Path

ARTICLE_COLUMNS = ["id", "origin", "url", "outlet", "title", "published", "language", "not_article", "clean_text", "day"]


def write_articles(cleaned, out: Path, run_id: int) -> None:
    """This run's cleaned articles, appended to the articles table with the run's id."""
    from pyspark.sql import functions as F
    out.mkdir(parents=True, exist_ok=True)
    (cleaned.select(*ARTICLE_COLUMNS).withColumn("run_id", F.lit(run_id))
     .write.mode("append").partitionBy("day").parquet(str(out / "articles")))


def write_story_tables(spark, store, out: Path) -> None:
    """The store's stories, memberships, copies, analyses and readings, each table rewritten."""
    out.mkdir(parents=True, exist_ok=True)
    tables = store.story_tables()
    day_of_story = {r["story_id"]: _day(r["first_date"]) for r in tables["stories"]}
    for r in tables["stories"]:
        r["day"] = day_of_story[r["story_id"]]
    for name in ("memberships", "copies", "analyses"):
        for r in tables[name]:
            r["day"] = day_of_story.get(r["story_id"], "unknown")
    day_of_article = {r["article_id"]: r["day"] for r in tables["memberships"]}
    for r in tables["readings"]:
        r["day"] = day_of_article.get(r["article_id"], "unknown")
    for name, rows in tables.items():
        if rows:
            columns = [c.split()[0] for c in SCHEMAS[name].split(", ")]
            spark.createDataFrame([tuple(r[c] for c in columns) for r in rows], SCHEMAS[name]) \
                .write.mode("overwrite").partitionBy("day").parquet(str(out / name))


SCHEMAS = {
    "stories": "story_id string, headline string, summary string, first_date string, last_date string, n_articles long, "
               "n_sources long, n_outlets long, outlets_json string, created_at string, updated_at string, day string",
    "memberships": "story_id string, article_id string, similarity double, reason string, nearest string, "
                   "shared_json string, day string",
    "copies": "story_id string, kind string, original string, evidence string, members_json string, day string",
    "analyses": "story_id string, analysis_json string, day string",
    "readings": "article_id string, version string, readings_json string, day string",
}


def _day(date: str | None) -> str:
    return date[:10] if date else "unknown"
