"""What the language model read in each article, kept between runs.

Reading names (NER) and statements (a parse of each attribution sentence) is most of a story's
analysis, and each depends on one article's text alone. A story that a day's batch touches is
analysed again, but most of its articles were read before: their readings are kept (in the database,
table `article_readings`) and the model reads only what is new. Each reading is stored with a hash of
the very text it was made from, so a changed article, title or sentence is read again, never reused.

Other per-article work the analysis repeats for every article of a touched story (which sentences read
as prose, the dates each sentence tells against its article's date) is kept the same way, as kinds of
its own (`derived_kind`): each carries a hash of the code that makes it, so a change to that code makes
it again without reading names again.
"""
from __future__ import annotations

import functools
import hashlib

from ..code_version import code_hash
from ..text.nlp import model_version

# the code that reads: a stored reading made by other code (or another model) is not reused
READERS = ("entities.py", "claims.py", "readings.py")


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Which readings may be reused: the NER model's version and a hash of the code that reads (so a
    change to the name or statement patterns reads every article again, with nothing to remember)."""
    return f"{model_version()}/{_code_hash(READERS)}"


def _code_hash(files) -> str:
    """A hash of the code in `files` (paths relative to this package)."""
    return code_hash(__file__, *files)


_DERIVED: set[str] = set()


def derived_kind(name: str, *files: str) -> str:
    """The kind under which work made by the code in `files` (paths relative to this package) is kept:
    `name` and a hash of that code. Kept work of that name made by other code is dropped when read."""
    kind = f"{name}/{_code_hash(files)}"
    _DERIVED.add(kind)
    return kind


class Readings:
    """Article id -> kind ('names', 'statements', a derived kind) -> {hash of the text read: what was read in it}: the
    stored readings and those made in this analysis (`changed`)."""

    def __init__(self, known: dict[str, dict] | None = None):
        self.by_article: dict[str, dict] = {a: {k: dict(v) for k, v in kinds.items() if "/" not in k or k in _DERIVED}
                                            for a, kinds in (known or {}).items()}
        self.changed: set[str] = set()
        self._index: dict[tuple[str, str], object] | None = None   # (kind, text key) -> reading, any article

    def get(self, article_id: str, kind: str, text: str):
        """What was read in exactly this text of the article, or None when it was not read. The same text
        read in another article (a wire copy, a sentence reprinted word for word) is the same reading: the
        model reads a text alone, so it is taken from there (and kept for this article too)."""
        key = text_key(text)
        found = self.by_article.get(article_id, {}).get(kind, {}).get(key)
        if found is None:
            found = self._by_text().get((kind, key))
            if found is not None:
                self.put(article_id, kind, text, found)
        return found

    def kept(self, article_id: str, kind: str, text: str, make):
        """What `make()` gives for this text of the article: kept from before, or made now and kept."""
        found = self.get(article_id, kind, text)
        if found is None:
            found = make()
            self.put(article_id, kind, text, found)
        return found

    def put(self, article_id: str, kind: str, text: str, value) -> None:
        key = text_key(text)
        if kind in _DERIVED:   # one per article: the work for its text now (an older one is dropped)
            self.by_article.setdefault(article_id, {})[kind] = {key: value}
        else:
            self.by_article.setdefault(article_id, {}).setdefault(kind, {})[key] = value
        self._by_text()[(kind, key)] = value
        self.changed.add(article_id)

    def _by_text(self) -> dict[tuple[str, str], object]:
        if self._index is None:
            self._index = {(kind, key): v for kinds in self.by_article.values()
                           for kind, read in kinds.items() for key, v in read.items()}
        return self._index

    def new(self) -> dict[str, dict]:
        """The articles whose readings were made or extended in this analysis, to be stored."""
        return {a: self.by_article[a] for a in sorted(self.changed)}
