-- Stories that were one group until it split into two events of one kind (two earthquakes, two fights
-- of one boxer): each pair is one storyline, shown first among a story's related stories.
CREATE TABLE IF NOT EXISTS story_links (
  story_id TEXT NOT NULL,
  other_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  run_id INTEGER,
  PRIMARY KEY (story_id, other_id)
);
CREATE INDEX IF NOT EXISTS story_links_other ON story_links(other_id);
