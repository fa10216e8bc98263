-- What the language model read in each article (names, attributed statements), kept so that a story
-- analysed again after a batch reads only its new articles with the model (analyze/readings.py).
-- `version`: the model's version and a hash of the code that reads; a reading of another version is made again.
CREATE TABLE IF NOT EXISTS article_readings (
  article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  readings_json TEXT NOT NULL
);
