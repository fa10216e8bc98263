-- storylens schema, version 10: each article's sentence vectors (embed/), kept so that a story a later
-- run touches embeds only its new articles. `embedder`: the model's name; `sentences_key`: a hash of the
-- sentences embedded (a changed text, or another sentence splitter, embeds again); `vectors`: float32,
-- one row of `dim` per sentence. A changed article's row is removed with its old text.
CREATE TABLE IF NOT EXISTS sentence_vectors (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  embedder TEXT NOT NULL,
  sentences_key TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vectors BLOB NOT NULL
);
