-- storylens schema, version 1
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, inputs_json TEXT, issues_json TEXT,
  status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY, origin TEXT, url TEXT, source TEXT, published_given TEXT, title_given TEXT,
  language_given TEXT, raw_text TEXT NOT NULL, html TEXT, clean_text TEXT NOT NULL,
  title TEXT, outlet TEXT, published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0,
  meta_json TEXT NOT NULL, extra_json TEXT NOT NULL, content_hash TEXT NOT NULL, run_id INTEGER, added_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS removed_spans (
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, start INTEGER, end INTEGER,
  text TEXT, reason TEXT, kind TEXT
);
CREATE INDEX IF NOT EXISTS removed_article ON removed_spans(article_id);
CREATE TABLE IF NOT EXISTS stories (
  id TEXT PRIMARY KEY, headline TEXT, summary TEXT, first_date TEXT, last_date TEXT,
  n_articles INTEGER NOT NULL DEFAULT 0, n_sources INTEGER NOT NULL DEFAULT 0, n_outlets INTEGER NOT NULL DEFAULT 0,
  analysis_json TEXT, needs_analysis INTEGER NOT NULL DEFAULT 1, created_at TEXT, updated_at TEXT
);
CREATE INDEX IF NOT EXISTS stories_last ON stories(last_date);
CREATE INDEX IF NOT EXISTS stories_size ON stories(n_articles);
CREATE INDEX IF NOT EXISTS stories_pending ON stories(needs_analysis);
CREATE TABLE IF NOT EXISTS story_articles (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, story_id TEXT NOT NULL,
  similarity REAL, reason TEXT, nearest TEXT, shared_json TEXT
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE TABLE IF NOT EXISTS copy_groups (
  id INTEGER PRIMARY KEY, story_id TEXT, kind TEXT, original TEXT, evidence TEXT, members_json TEXT
);
CREATE INDEX IF NOT EXISTS copy_groups_story ON copy_groups(story_id);
CREATE TABLE IF NOT EXISTS story_updates (
  story_id TEXT NOT NULL, run_id INTEGER, at TEXT, added_json TEXT, new_outlets_json TEXT
);
CREATE INDEX IF NOT EXISTS story_updates_story ON story_updates(story_id);
CREATE TABLE IF NOT EXISTS entities (
  story_id TEXT NOT NULL, key TEXT NOT NULL, name TEXT, type TEXT, role TEXT, mentions INTEGER,
  PRIMARY KEY (story_id, key)
);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
CREATE TABLE IF NOT EXISTS repeat_lines (line INTEGER NOT NULL, article_id TEXT NOT NULL, outlet TEXT);
CREATE INDEX IF NOT EXISTS repeat_lines_line ON repeat_lines(line);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, title, clean_text, outlet);
CREATE VIRTUAL TABLE IF NOT EXISTS stories_fts USING fts5(story_id UNINDEXED, headline, summary, entities);
