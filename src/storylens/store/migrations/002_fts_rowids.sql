-- storylens schema, version 2: faster at scale. Runs with foreign keys off (the articles table is rebuilt).
-- 1. A story's analysis lives in its own table, so the stories table stays compact for lists and search.
CREATE TABLE IF NOT EXISTS story_analysis (story_id TEXT PRIMARY KEY, analysis_json TEXT NOT NULL);
INSERT OR REPLACE INTO story_analysis(story_id, analysis_json)
  SELECT id, analysis_json FROM stories WHERE analysis_json IS NOT NULL;
ALTER TABLE stories DROP COLUMN analysis_json;
ALTER TABLE stories ADD COLUMN outlets_json TEXT;
UPDATE stories SET outlets_json = (
  SELECT json_group_array(o) FROM (SELECT DISTINCT json_extract(j.value, '$.outlet') AS o
    FROM story_analysis sa, json_each(sa.analysis_json, '$.outlets') j
    WHERE sa.story_id = stories.id AND o IS NOT NULL LIMIT 8));
-- Articles: small fields first, the long texts last, so reading an article's metadata does not walk
-- through its text's overflow pages. (Rowids are kept: the full-text rows below use them.)
CREATE TABLE articles_v2 (
  id TEXT PRIMARY KEY, origin TEXT, url TEXT, source TEXT, published_given TEXT, title_given TEXT,
  language_given TEXT, title TEXT, outlet TEXT, published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL, run_id INTEGER, added_at TEXT, meta_json TEXT NOT NULL, extra_json TEXT NOT NULL,
  clean_text TEXT NOT NULL, raw_text TEXT NOT NULL, html TEXT
);
INSERT INTO articles_v2(rowid, id, origin, url, source, published_given, title_given, language_given, title, outlet,
                        published, published_inferred, content_hash, run_id, added_at, meta_json, extra_json,
                        clean_text, raw_text, html)
  SELECT rowid, id, origin, url, source, published_given, title_given, language_given, title, outlet,
         published, published_inferred, content_hash, run_id, added_at, meta_json, extra_json, clean_text, raw_text, html
  FROM articles;
DROP TABLE articles;
ALTER TABLE articles_v2 RENAME TO articles;
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
-- 2. Each full-text row shares the rowid of its article or story: replacing one is a rowid lookup
--    instead of a scan of the whole index. Both indexes are rebuilt.
DELETE FROM articles_fts;
INSERT INTO articles_fts(rowid, article_id, title, clean_text, outlet)
  SELECT rowid, id, coalesce(title, ''), clean_text, coalesce(outlet, '') FROM articles;
DELETE FROM stories_fts;
INSERT INTO stories_fts(rowid, story_id, headline, summary, entities)
  SELECT s.rowid, s.id, coalesce(s.headline, ''), coalesce(s.summary, ''),
         coalesce((SELECT group_concat(e.name, ' ') FROM entities e WHERE e.story_id = s.id), '')
  FROM stories s WHERE s.id IN (SELECT story_id FROM story_analysis);
-- 3. Search maps article hits (FTS rowids) to stories through a small covering index.
ALTER TABLE story_articles ADD COLUMN article_rowid INTEGER;
UPDATE story_articles SET article_rowid = (SELECT rowid FROM articles WHERE articles.id = story_articles.article_id);
CREATE INDEX IF NOT EXISTS story_articles_rowid ON story_articles(article_rowid, story_id);
-- 4. Related stories join entities by key and read story and name: one covering index serves both.
CREATE INDEX IF NOT EXISTS entities_key_story ON entities(key, story_id, name);
DROP INDEX IF EXISTS entities_key;
DELETE FROM entities WHERE story_id NOT IN (SELECT id FROM stories);
