"""One Settings object: defaults, then a TOML file, then STORYLENS_* environment variables,
then CLI flags. It is passed down explicitly; no stage reads the environment itself."""
from __future__ import annotations

import os
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
    cleaner: str = "rules"
    min_body_words: int = 12
    """Lines shorter than this need other evidence (sentence shape, neighbours) to be kept as body."""
    keep_patterns: tuple[str, ...] = ()
    """Regular expressions: a line matching one is always kept (per-outlet overrides: 'outlet::regex')."""
    remove_patterns: tuple[str, ...] = ()
    """Regular expressions: a line matching one is always removed ('outlet::regex' limits it to one outlet)."""
    repeat_min_articles: int = 3
    """A paragraph seen in this many articles of one outlet (or in 2x this many of any outlets) is chrome."""
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
    # cluster
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
    dense_weight: float = 0.0
    """Share of meaning (dense vectors) in the article-to-story similarity; the rest is weighted terms."""
    signature_terms: int = 8
    signature_overlap: int = 2
    """An article joins a story only if it carries at least `signature_overlap` of the story's
    `signature_terms` heaviest terms (its core: who, where, what). Guards against a big story
    swallowing an article that only shares the general topic (same country, same president)."""
    linkage: str = "centroid"
    """'centroid': similarity to the story's centroid; 'average': mean similarity to its articles
    (stricter for big stories)."""
    time_window_days: float = 7.0
    """Articles further apart in time than this need extra evidence: similarity is discounted beyond it
    (half at three windows apart, a quarter from four on)."""
    reopen_share: float = 10.0
    """When new articles arrive, the earlier stories they reach most are grouped again with them (so two
    stories can still merge once a new article links them), up to this many times the new articles'
    number. Higher: closer to regrouping everything, slower; 0: earlier stories only grow."""
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

    def with_overrides(self, **values) -> "Settings":
        known = {f.name for f in fields(self)}
        clean = {k: v for k, v in values.items() if v is not None}
        unknown = set(clean) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **clean)


def _coerce(name: str, raw, default):
    try:
        if isinstance(default, bool):
            return str(raw).lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, tuple):
            return tuple(raw) if isinstance(raw, (list, tuple)) else tuple(p for p in str(raw).split("\n") if p)
        return raw
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {raw!r} is not a valid {type(default).__name__}") from exc


def load_settings(config_file: str | Path | None = None, env: dict | None = None, **cli) -> Settings:
    """Defaults < config file (`storylens.toml` in the working folder if none given) < env < CLI flags."""
    base = Settings()
    values: dict = {}
    path = Path(config_file) if config_file else Path("storylens.toml")
    if config_file and not path.exists():
        raise ConfigError(f"config file {path} does not exist")
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        values.update(raw.get("storylens", raw))
    env = os.environ if env is None else env
    for f in fields(base):
        key = "STORYLENS_" + f.name.upper()
        if key in env:
            values[f.name] = env[key]
    values.update({k: v for k, v in cli.items() if v is not None})
    defaults = {f.name: getattr(base, f.name) for f in fields(base)}
    coerced = {}
    for k, v in values.items():
        if k not in defaults:
            raise ConfigError(f"unknown setting {k!r} (in {path if path.exists() else 'environment/flags'})")
        coerced[k] = _coerce(k, v, defaults[k]) if defaults[k] is not None else v
    return replace(base, **coerced)
