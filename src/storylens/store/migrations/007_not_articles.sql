-- storylens schema, version 7: a page that is not an article (an error page, a paywall or consent wall, an
-- advert, a page of nothing but site chrome) keeps the reason; it is counted and listed apart, never grouped
ALTER TABLE articles ADD COLUMN not_article TEXT;
-- pages an earlier version saved with no article text left (every line site chrome) are such pages
UPDATE articles SET not_article = 'no article text: every line was site chrome'
  WHERE trim(clean_text) = '' AND title_given IS NULL AND trim(raw_text) <> '';
CREATE INDEX IF NOT EXISTS articles_not_article ON articles(not_article) WHERE not_article IS NOT NULL;
