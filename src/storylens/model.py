"""The plain data that flows through storylens.

An `Article` is the one document object: ingest fills the raw fields, clean adds clean text,
removed spans and metadata (each with where it came from), embed adds sentences and vectors.
A `Story` groups articles; its `analysis` is filled by the analyze stage.
"""
from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(slots=True)
class Issue:
    """An input that was skipped, repaired, or kept with nothing to read, and why. The run goes on."""
    path: str
    reason: str
    action: str = "skipped"  # skipped | repaired | kept (not an article: kept and listed apart)


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
    id_basis: str = "given"           # given (a record's id) | file name | content | link: what the id stands for
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


# --- the story analysis: what a reader sees, typed -------------------------------------------------
# Built by analyze/, stored as JSON by store/ (with ANALYSIS_FORMAT), read back with `from_dict` by the
# report, the web app, the chart and `show`. A renamed field is an AttributeError, not a blank section.

ANALYSIS_FORMAT = 2
"""1: the untyped dict of earlier versions (no "format" key); 2: these dataclasses. Older analyses load:
fields they lack take their defaults."""


@dataclass(slots=True)
class Headline:
    text: str
    article_id: str | None = None
    source: str = ""            # 'title of article X', or how a generated one was made
    generated: bool = False


@dataclass(slots=True)
class Citation:
    """An article stating a summary sentence's fact: the sentence itself (verbatim) or a close one."""
    article_id: str
    sentence: str
    similarity: float = 1.0
    verbatim: bool = False


@dataclass(slots=True)
class SummarySentence:
    text: str
    article_id: str
    sources: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    independent_sources: int = 0
    score: float = 0.0


@dataclass(slots=True)
class Summary:
    text: str = ""
    sentences: list[SummarySentence] = field(default_factory=list)
    words: int = 0
    max_words: int = 0


@dataclass(slots=True)
class TimelineSource:
    """One article's sentence dating a timeline entry, and what a relative date was resolved against."""
    article_id: str
    phrase: str
    sentence: str
    resolved_against: str | None = None
    anchor_basis: str | None = None


@dataclass(slots=True)
class TimelineEntry:
    date: str
    granularity: str            # century | decade | year | half | quarter | season | month | part-of-month | week | day
    label: str
    what: str
    part: str | None = None
    sources: list[TimelineSource] = field(default_factory=list)
    uncertain: bool = False     # resolved against an inferred date
    independent_sources: int = 0
    value: str = ""             # the TimeML value (2008-03-01, 2008-W12, 2008-Q3, 199, ...)


@dataclass(slots=True)
class ClaimEvidence:
    article_id: str
    sentence: str
    verb: str = ""


@dataclass(slots=True)
class Claim:
    """What one speaker said (with one stance), across the articles that report it."""
    speaker: str
    speaker_key: str
    stance: str                 # asserts | hedges | denies | disputes | confirms | declines to comment
    claim: str
    sentence: str
    evidence: list[ClaimEvidence] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    independent_sources: int = 0
    polarity: int = 0


@dataclass(slots=True)
class ClaimSide:
    speaker: str
    stance: str
    sentence: str
    article_id: str


@dataclass(slots=True)
class Disagreement:
    affirms: ClaimSide
    negates: ClaimSide
    matter_similarity: float = 0.0


@dataclass(slots=True)
class Entity:
    """A person, organisation or place of the story, with the names the articles use for it."""
    key: str
    name: str
    type: str                   # person | organisation | place | group
    mentions: int = 0
    articles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str = "subject"       # subject | speaker | place


@dataclass(slots=True)
class OutletRow:
    """One article of the story as its outlet published it, and how its date was found."""
    article_id: str
    outlet: str | None = None
    outlet_source: str | None = None
    title: str | None = None
    published: str | None = None
    published_inferred: bool = False
    wire: str | None = None
    source_group: str | None = None
    published_range: dict | None = None   # without a known date: {not_before, not_after, basis}
    anchor: str | None = None
    anchor_basis: str | None = None
    anchor_certain: bool = False


@dataclass(slots=True)
class CoverageColumn:
    source: str                 # an independent source: an article, or the first of a copy group
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    copies: bool = False


@dataclass(slots=True)
class CoverageFact:
    fact: str
    article_id: str
    carried_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SingleSourceFact:
    fact: str
    source: str


@dataclass(slots=True)
class Omission:
    source: str
    outlets: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ExclusiveEntity:
    name: str
    type: str
    source: str
    mentions: int = 0


@dataclass(slots=True)
class Coverage:
    columns: list[CoverageColumn] = field(default_factory=list)
    facts: list[CoverageFact] = field(default_factory=list)
    only_one_source: list[SingleSourceFact] = field(default_factory=list)
    omits: list[Omission] = field(default_factory=list)
    exclusive_entities: list[ExclusiveEntity] = field(default_factory=list)


@dataclass(slots=True)
class SourceCounts:
    articles: int = 0
    analysed: int = 0           # a big story is read from some of its articles
    independent: int = 0
    outlets: int = 0
    other_languages: dict[str, int] = field(default_factory=dict)   # language -> articles not read


@dataclass(slots=True)
class StoryAnalysis:
    headline: Headline
    summary: Summary = field(default_factory=Summary)
    long_summary: Summary = field(default_factory=Summary)
    timeline: list[TimelineEntry] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    outlets: list[OutletRow] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    sources: SourceCounts = field(default_factory=SourceCounts)
    language: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    date_inferred: bool = False        # the story's dates are inferred (none of its articles has a known date)
    date_basis: str | None = None      # what the dates rest on ("publication dates of its articles", "inferred: ...")
    format: int = ANALYSIS_FORMAT

    def to_dict(self) -> dict:
        """Plain JSON-ready data (the store's JSON, the API's `analysis`)."""
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict) -> "StoryAnalysis":
        """Read a stored analysis of this format or an earlier one (missing fields take their defaults,
        fields no longer known are left out)."""
        analysis = build(cls, data)
        if data.get("format", 1) < 2 and "analysed" not in (data.get("sources") or {}):
            analysis.sources.analysed = analysis.sources.articles   # format 1 read every article
        analysis.format = ANALYSIS_FORMAT
        return analysis


# --- what the store gives the pages, the report, `show` and the API --------------------------------

@dataclass(slots=True)
class MemberRow:
    """An article of a story as the story page lists it, with why it is in the story."""
    article_id: str
    similarity: float | None = None
    reason: str | None = None
    nearest: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_inferred: int = 0
    shared: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryUpdate:
    at: str
    run_id: int | None = None
    added: list[str] = field(default_factory=list)
    new_outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RelatedStory:
    id: str
    headline: str | None = None
    storyline: bool = False     # the other event of a group that split in two
    reason: str | None = None
    shared: int = 0
    names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryView:
    """One story as stored: its row, its analysis (None until analysed), members, copies, updates, related."""
    id: str
    headline: str | None = None
    summary: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    date_inferred: int = 0
    n_articles: int | None = None
    n_sources: int | None = None
    n_outlets: int | None = None
    needs_analysis: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    outlets_json: str | None = None
    analysis: StoryAnalysis | None = None
    members: list[MemberRow] = field(default_factory=list)
    copy_groups: list[CopyGroup] = field(default_factory=list)
    updates: list[StoryUpdate] = field(default_factory=list)
    related: list[RelatedStory] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (the API's and the export's story)."""
        return plain(self)


@dataclass(slots=True)
class ArticleStory:
    """The story an article is in, and why."""
    story_id: str
    headline: str | None = None
    similarity: float | None = None
    reason: str | None = None
    nearest: str | None = None


@dataclass(slots=True)
class ArticleView:
    """One article as stored: what was given, what was found (each field with its source), the clean
    text and the text as received with every removed span and its reason."""
    id: str
    origin: str = ""
    url: str | None = None
    source: str | None = None
    published_given: str | None = None
    title_given: str | None = None
    language_given: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_inferred: int = 0
    published_range: dict | None = None   # without a known date: {not_before, not_after, basis}
    content_hash: str | None = None
    run_id: int | None = None
    added_at: str | None = None
    not_article: str | None = None   # why the page is no article (kept and listed apart), or None
    clean_text: str = ""
    raw_text: str = ""
    meta: dict[str, FieldSource] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    removed: list[Span] = field(default_factory=list)
    n_removed: int = 0          # all its removed spans (`removed` may hold only those of the part shown)
    story: ArticleStory | None = None

    def to_dict(self) -> dict:
        return plain(self)


@dataclass(slots=True)
class EntityStory:
    """A story an entity is in, and its part there."""
    id: str
    headline: str | None = None
    role: str = "subject"
    mentions: int = 0
    last_date: str | None = None


@dataclass(slots=True)
class EntityClaim:
    story_id: str
    claim: Claim


@dataclass(slots=True)
class EntityView:
    """One person, organisation or place across the stories: where it appears, what it said."""
    key: str
    name: str
    type: str
    stories: list[EntityStory] = field(default_factory=list)
    claims: list[EntityClaim] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)   # every name it was met under (lower case)

    def to_dict(self) -> dict:
        return plain(self)


def plain(obj):
    """`dataclasses.asdict` for these classes, without its deep copy of every leaf: the same data (a
    story's analysis is written at the end of each analysis; asdict took two thirds of that)."""
    kind = type(obj)
    if kind in _LEAVES:
        return obj
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(obj))
    if names is not None:
        return {n: plain(getattr(obj, n)) for n in names}
    if kind is list:
        return [plain(v) for v in obj]
    if kind is dict:
        return {plain(k): plain(v) for k, v in obj.items()}
    return _other(obj)


def _other(obj):
    """What asdict makes of anything else (tuples, other containers, other objects)."""
    import copy
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(plain(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((plain(k), plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)


_LEAVES = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def build(cls, data):
    """A dataclass of `cls` (nested dataclasses, lists, dicts and optionals included) from plain data;
    fields the data lacks take their defaults, keys the class does not know are left out."""
    return _builder(cls)(data)


@functools.cache
def _builder(cls):
    """A function building `cls` from a dict: the type hints are read once per class, not per value."""
    convert = {f.name: _converter(hint) for f, hint in zip(fields(cls), _hints(cls).values())}

    def make(data):
        return cls(**{k: (convert[k](v) if v is not None else None) for k, v in data.items() if k in convert})
    return make


def _hints(cls) -> dict:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def _converter(hint):
    """A function turning plain data into a value of `hint` (None stays None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [h for h in typing.get_args(hint) if h is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else _same
    if origin is list:
        item = _converter(typing.get_args(hint)[0])
        return _same if item is _same else (lambda v: [item(x) if x is not None else None for x in v])
    if origin is dict:
        item = _converter(typing.get_args(hint)[1])
        return _same if item is _same else (lambda v: {k: item(x) if x is not None else None for k, x in v.items()})
    if is_dataclass(hint):
        return lambda v: _builder(hint)(v)
    return _same


def _same(value):
    return value
