"""One Settings object: defaults, then a TOML file, then STORYLENS_* environment variables,
then CLI flags. It is passed down explicitly; no stage reads the environment itself."""
from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError


@dataclass(slots=True, frozen=True)
class Settings:
    # ingest
    max_file_bytes: int = 20_000_000
    """Files larger than this are read only up to this size and marked repaired (truncated)."""
    # clean
    min_body_words: int = 12
    """Lines shorter than this need other evidence (sentence shape, neighbours) to be kept as body."""
    keep_patterns: tuple[str, ...] = ()
    """Regular expressions: a line matching one is always kept (per-outlet overrides: 'outlet::regex')."""
    remove_patterns: tuple[str, ...] = ()
    """Regular expressions: a line matching one is always removed ('outlet::regex' limits it to one outlet)."""
    repeat_min_articles: int = 3
    """A paragraph seen in this many articles of one outlet (or in 2x this many of any outlets) is chrome."""
    clean_chunk: int = 2000
    """Articles cleaned together: a chunk's lines are counted as corpus evidence (with those of the chunks
    and runs before it) before any of its articles is cleaned. Larger: more evidence for a run's first
    articles, more memory. The Spark engine gives each chunk the same evidence, so both engines agree."""
    # dedup
    near_duplicate_jaccard: float = 0.5
    """MinHash Jaccard above which two articles are near-duplicates; lower finds looser reprints."""
    reprint_containment: float = 0.7
    """Share of a shorter article's 5-word shingles found in a longer one that makes it a partial reprint."""
    paraphrase_similarity: float = 0.86
    paraphrase_share: float = 0.6
    """A copy by paraphrase needs this share of its sentences aligned (similarity above paraphrase_similarity)."""
    # embed
    embedder: str = "wordllama"
    """Sentence vectors: 'wordllama' (static embeddings, fast) or 'minilm' (all-MiniLM-L6-v2)."""
    # cluster: the grouping method and its options (one method today: 'tfidf-graph', cluster/graph.py)
    clusterer: str = "tfidf-graph"
    story_threshold: float = 0.13
    """How similar (mean term-vector cosine) two groups of articles must be to merge into one story (0..1).
    Raise it for tighter, smaller stories; lower it to merge more aggressively."""
    event_split_ratio: float = 0.5
    """A new story of full articles splits in two when its best two-way cut (weighing each word by how
    few of the story's own articles carry it) leaves halves whose mean similarity to each other is under
    this share of their mean similarity within: two events of one kind (two earthquakes); halves dated
    in the same days are one happening seen from two angles and stay together. 0: never split."""
    event_min_articles: int = 4
    """Each half of such a split needs at least this many articles, and the story at least twice this many
    independent texts (a wire story's reprints count once)."""
    copy_similarity: float = 0.9
    """Articles at least this similar (term-vector cosine), dated within `time_window_days`, are copies
    (wire reprints): they group as one article, so forty reprints do not crowd out the other outlets'
    reporting of the event. Headlines and short briefs are copies only with the very same words.
    0: every article groups on its own."""
    headline_threshold: float = 0.02
    """The same bar for headline-only inputs (feeds of titles), whose few words overlap less."""
    headline_dense_weight: float = 0.5
    """Share of meaning (dense vectors) in the similarity of two headline-only articles (0 = words only)."""
    headline_day_discount: float = 0.25
    """Share of their similarity two headline-only articles of different days keep (1: days do not count).
    A feed's title reports that day's news and holds few words: Tuesday's headline on the same subject
    as Monday's is most often the next development (a related story), not the same happening."""
    time_window_days: float = 7.0
    """Articles further apart in time than this need extra evidence: similarity is discounted beyond it
    (half at three windows apart, a quarter from four on)."""
    reopen_share: float = 10.0
    """When new articles arrive, the earlier stories they reach most are grouped again with them (so two
    stories can still merge once a new article links them), up to this many times the new articles'
    number. Higher: closer to regrouping everything, slower; 0: earlier stories only grow."""
    local_terms: bool = True
    """Words too common in the whole corpus to count ('recall' over a year of recall news) count again
    between articles of the same weeks when they are rare among those. Off only to measure what it adds."""
    # analyze
    max_words: int = 120
    """Word budget of a story's summary."""
    long_max_words: int = 300
    citation_similarity_tfidf: float = 0.35
    """How close (TF-IDF cosine of the story's sentences) another article's sentence must be to be cited
    as stating the same fact. Raise it for stricter citations, lower it to credit looser paraphrases."""
    workers: int = 0
    """Processes that analyse stories in parallel (0: one per core). Each loads the models once."""
    # web
    max_request_bytes: int = 5_000_000
    write_token: str | None = None
    # pages
    strict_templates: bool = False
    """A page whose template asks for a field the data lacks fails instead of leaving it blank (the test
    suite sets STORYLENS_STRICT_TEMPLATES=1, so a renamed field cannot blank a section unseen)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            problem = _problem(f.name, getattr(self, f.name))
            if problem:
                raise ConfigError(f"setting {f.name} = {getattr(self, f.name)!r}: {problem}")

    def with_overrides(self, **values) -> "Settings":
        known = {f.name for f in fields(self)}
        clean = {k: v for k, v in values.items() if v is not None}
        unknown = set(clean) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **clean)


_DEFAULTS = {f.name: f.default for f in fields(Settings)}
SHARE = (0.0, 1.0)
LIMITS: dict[str, tuple[float, float]] = {
    # what a setting may be: (lowest, highest), both allowed
    "max_file_bytes": (1, math.inf), "min_body_words": (0, math.inf), "repeat_min_articles": (2, math.inf), "clean_chunk": (1, math.inf),
    "near_duplicate_jaccard": SHARE, "reprint_containment": SHARE, "paraphrase_similarity": SHARE,
    "paraphrase_share": SHARE, "story_threshold": SHARE, "event_split_ratio": SHARE,
    "event_min_articles": (1, math.inf), "copy_similarity": SHARE, "headline_threshold": SHARE,
    "headline_dense_weight": SHARE, "headline_day_discount": SHARE, "time_window_days": (1 / 24, 3650),
    "reopen_share": (0, math.inf), "max_words": (5, 5000), "long_max_words": (5, 20000),
    "citation_similarity_tfidf": SHARE, "workers": (0, 256), "max_request_bytes": (1, math.inf),
}
_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _problem(name: str, value) -> str | None:
    """What is wrong with `value` for setting `name`, or None."""
    default = _DEFAULTS[name]
    if default is None:
        return None if value is None or isinstance(value, str) else "must be text"
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(default, int) and not isinstance(value, int)) or value != value:
            return f"must be {'a whole number' if isinstance(default, int) else 'a number'}"
        lo, hi = LIMITS.get(name, (-math.inf, math.inf))
        if not lo <= value <= hi:
            return f"must be between {lo:g} and {hi:g}" if hi < math.inf else f"must be at least {lo:g}"
        return None
    if isinstance(default, tuple):
        if not isinstance(value, tuple) or not all(isinstance(p, str) for p in value):
            return "must be a list of regular expressions"
        for p in value:
            try:
                re.compile(p.split("::", 1)[1] if "::" in p else p)
            except re.error as exc:
                return f"{p!r} is not a regular expression ({exc})"
        return None
    return None if isinstance(value, str) and value else "must be a non-empty name"


def _coerce(name: str, raw, default):
    """A value given as text (an environment variable) or TOML, as the setting's type; left as it is
    when it does not convert, so the check names what is wrong."""
    if not isinstance(raw, str):
        if isinstance(default, float) and isinstance(raw, int) and not isinstance(raw, bool):
            return float(raw)
        return tuple(raw) if isinstance(default, tuple) and isinstance(raw, list) else raw
    try:
        if isinstance(default, bool):
            return _BOOLS.get(raw.strip().lower(), raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        return raw
    if isinstance(default, tuple):
        return tuple(p for p in raw.split("\n") if p)
    return raw


def load_settings(config_file: str | Path | None = None, env: dict | None = None, **cli) -> Settings:
    """Defaults < config file (`storylens.toml` in the working folder if none given) < env < CLI flags."""
    base = Settings()
    values: dict = {}
    origin: dict[str, str] = {}
    path = Path(config_file) if config_file else Path("storylens.toml")
    if config_file and not path.exists():
        raise ConfigError(f"config file {path} does not exist")
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        from_file = raw.get("storylens", raw)
        values.update(from_file)
        origin.update({k: str(path) for k in from_file})
    env = os.environ if env is None else env
    for f in fields(base):
        key = "STORYLENS_" + f.name.upper()
        if key in env:
            values[f.name] = env[key]
            origin[f.name] = f"environment variable {key}"
    origin.update({k: f"flag --{k.replace('_', '-')}" for k, v in cli.items() if v is not None})
    values.update({k: v for k, v in cli.items() if v is not None})
    coerced = {}
    for k, v in values.items():
        if k not in _DEFAULTS:
            raise ConfigError(f"unknown setting {k!r} (in {origin.get(k, 'flags')})")
        coerced[k] = _coerce(k, v, _DEFAULTS[k]) if _DEFAULTS[k] is not None else v
        problem = _problem(k, coerced[k])
        if problem:
            raise ConfigError(f"setting {k} = {v!r} (from {origin[k]}): {problem}")
    return replace(base, **coerced)
