-- storylens schema, version 9: one key per entity across stories and runs. The registry holds each
-- entity's key, the name shown and its type; entity_names every name (lower case) it was met under, so a
-- story analysed later gives the same person, organisation or place the same key and page. Existing
-- entities enter the registry under their keys; every story is analysed again at the next run, with the
-- new name resolution, and takes its keys from the registry.
CREATE TABLE IF NOT EXISTS entity_registry (
  key TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, updated_at TEXT
);
CREATE TABLE IF NOT EXISTS entity_names (
  name TEXT NOT NULL, key TEXT NOT NULL, family TEXT NOT NULL, PRIMARY KEY (name, key)
);
CREATE INDEX IF NOT EXISTS entity_names_key ON entity_names(key);
-- people by the word a story may name them with alone (surname, or a one-word name)
CREATE TABLE IF NOT EXISTS entity_surnames (word TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (word, key));
INSERT OR IGNORE INTO entity_registry(key, name, type)
  SELECT key, max(name), max(type) FROM entities GROUP BY key;
INSERT OR IGNORE INTO entity_names(name, key, family)
  SELECT DISTINCT lower(name), key, CASE WHEN type = 'person' THEN 'person' ELSE 'other' END FROM entities;
UPDATE stories SET needs_analysis = 1;
