-- storylens schema, version 11: what a later run reads instead of making again.
-- - `copy_keys`: each checked article's word hash (NULL: too short to count as a copy) and the MinHash
--   signature of its 5-shingles (NULL: no text to shingle), removed with a changed article's old text;
--   `copy_pairs`: the copy pairs found between two texts (by their word hashes, a < b), whichever story
--   they were found in; `version`: the code and thresholds that made them (dedup/). A story a later run
--   touches checks its new texts only.
-- - `sentence_vectors.spans`: the sentences' spans kept with their vectors (not split again).
CREATE TABLE IF NOT EXISTS copy_keys (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  exact TEXT,
  signature BLOB
);
CREATE TABLE IF NOT EXISTS copy_pairs (
  version TEXT NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  kind TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (version, a, b)
) WITHOUT ROWID;
ALTER TABLE sentence_vectors ADD COLUMN spans BLOB;
