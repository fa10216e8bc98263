-- storylens schema, version 6: an article saved again with other text keeps its earlier text here
CREATE TABLE IF NOT EXISTS article_versions (
  article_id TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT, raw_text TEXT NOT NULL, html TEXT,
  clean_text TEXT NOT NULL, title TEXT, content_hash TEXT NOT NULL, run_id INTEGER, added_at TEXT,
  replaced_at TEXT NOT NULL, replaced_by_run INTEGER,
  PRIMARY KEY (article_id, version)
);
-- the article page reads the removed spans of the part of a long text it shows
CREATE INDEX IF NOT EXISTS removed_article_start ON removed_spans(article_id, start);
