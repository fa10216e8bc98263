"""The plain data that flows through storylens.

An `Article` is the one document object: ingest fills the raw fields, clean adds clean text,
removed spans and metadata (each with where it came from), embed adds sentences and vectors.
A `Story` groups articles; its `analysis` is filled by the analyze stage.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Issue:
    """An input that was skipped, repaired, or kept with nothing to read, and why. The run goes on."""
    path: str
    reason: str
    action: str = "skipped"  # skipped | repaired | kept (no article text: only site chrome)


@dataclass(slots=True)
class Span:
    """A piece of the original text removed from the article body, kept with its reason."""
    start: int
    end: int
    text: str
    reason: str
    kind: str = "chrome"  # chrome | metadata


@dataclass(slots=True)
class FieldSource:
    """A metadata value and where it came from (rule, line, tag), so a reader can check it."""
    value: Any
    source: str
    inferred: bool = False


@dataclass(slots=True)
class Sentence:
    article_id: str
    index: int
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Article:
    id: str
    raw_text: str = ""
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None         # outlet as given by the input
    published: str | None = None      # ISO date/time as given by the input
    language: str | None = None
    origin: str = ""                  # file path (and record number) it was read from
    extra: dict = field(default_factory=dict)   # unknown input fields, passed through untouched
    # filled by clean
    clean_text: str = ""
    removed: list[Span] = field(default_factory=list)
    meta: dict[str, FieldSource] = field(default_factory=dict)  # title, outlet, published, byline, wire, language
    # filled by embed
    sentences: list[Sentence] = field(default_factory=list)
    vector: Any = None                # numpy array, unit length
    sentence_vectors: Any = None      # numpy matrix, one row per sentence
    # filled by cluster (cached: grouping and the headline check both need them)
    terms: Any = None                 # TermCounts (cluster/features.py)

    def field(self, name: str) -> Any:
        fs = self.meta.get(name)
        return fs.value if fs else None

    @property
    def display_title(self) -> str:
        return self.field("title") or self.title or ""

    @property
    def outlet(self) -> str | None:
        return self.field("outlet")

    @property
    def date(self) -> str | None:
        return self.field("published")


@dataclass(slots=True)
class CopyGroup:
    """Articles that are copies of one another (or of an outside original): one source, not many."""
    members: list[str]
    kind: str                 # exact | near-duplicate | partial reprint | paraphrase | reprint-marker
    original: str | None      # article id, or an outside outlet such as "sputniknews.com"
    evidence: str


@dataclass(slots=True)
class Membership:
    """Why an article sits in its story."""
    article_id: str
    similarity: float
    shared: list[str]
    nearest: str | None
    reason: str


@dataclass(slots=True)
class Story:
    id: str
    article_ids: list[str]
    memberships: list[Membership] = field(default_factory=list)
    analysis: dict = field(default_factory=dict)


@dataclass(slots=True)
class ClusterResult:
    stories: list[Story]
    copy_groups: list[CopyGroup]
    assignment: dict[str, str]   # article id -> story id
    touched: set[str]            # story ids whose articles changed in this run
    merged: dict[str, str] = field(default_factory=dict)   # story id gone -> story that took its articles
    links: list[tuple[str, str]] = field(default_factory=list)  # stories split from one group: two events, one storyline
