-- What the language model read in each article (names, attributed statements), kept so that a story
-- analysed again after a batch reads only its new articles with the model (analyze/readings.py).
-- `version` says which reading it is (storylens's and the model's); another version is read again.
CREATE TABLE IF NOT EXISTS article_readings (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  readings_json TEXT NOT NULL
);
