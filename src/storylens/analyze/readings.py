"""What the language model read in each article, kept between runs.

Reading names (NER) and statements (a parse of each attribution sentence) is most of a story's
analysis, and each depends on one article's text alone. A story that a day's batch touches is
analysed again, but most of its articles were read before: their readings are kept (in the database,
table `article_readings`) and the model reads only what is new. Each reading is stored with a hash of
the very text it was made from, so a changed article, title or sentence is read again, never reused.
"""
from __future__ import annotations

import hashlib

from ..text.nlp import model_version

# which reading a stored one is: bump when what is read, or how, changes (the model's version is added)
READING_VERSION = "1"


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def version() -> str:
    """Which readings may be reused: storylens's reading and the NER model's version."""
    return f"{READING_VERSION}/{model_version()}"


class Readings:
    """Article id -> kind ('names', 'statements') -> {hash of the text read: what was read in it}: the
    stored readings and those made in this analysis (`changed`)."""

    def __init__(self, known: dict[str, dict] | None = None):
        self.by_article: dict[str, dict] = {a: {k: dict(v) for k, v in kinds.items()} for a, kinds in (known or {}).items()}
        self.changed: set[str] = set()

    def get(self, article_id: str, kind: str, text: str):
        """What was read in exactly this text of the article, or None when it was not read."""
        return self.by_article.get(article_id, {}).get(kind, {}).get(text_key(text))

    def put(self, article_id: str, kind: str, text: str, value) -> None:
        self.by_article.setdefault(article_id, {}).setdefault(kind, {})[text_key(text)] = value
        self.changed.add(article_id)

    def new(self) -> dict[str, dict]:
        """The articles whose readings were made or extended in this analysis, to be stored."""
        return {a: self.by_article[a] for a in sorted(self.changed)}
