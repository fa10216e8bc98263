-- storylens schema, version 8: dates rest on evidence. A story says whether its dates are inferred; an
-- article's date that an earlier version inferred from the latest date its text mentions is no
-- evidence: it is dropped (the date becomes unknown) and its stories are dated again at the next run
ALTER TABLE stories ADD COLUMN date_inferred INTEGER NOT NULL DEFAULT 0;
UPDATE stories SET needs_analysis = 1
  WHERE id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE a.published_inferred = 1);
UPDATE articles SET meta_json = json_remove(meta_json, '$.published'), published = NULL, published_inferred = 0
  WHERE published_inferred = 1;
