-- Stories that an incremental run merged into another: the old id leads to the story that took its
-- articles, so links and saved ids keep working.
CREATE TABLE IF NOT EXISTS story_aliases (
  old_id TEXT PRIMARY KEY,
  story_id TEXT NOT NULL,
  run_id INTEGER,
  at TEXT
);
CREATE INDEX IF NOT EXISTS story_aliases_story ON story_aliases(story_id);
