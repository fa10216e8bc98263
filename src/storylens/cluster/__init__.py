"""Cluster: articles -> stories, incrementally, with an explanation for every membership.

`cluster(articles, index, settings, earlier)` adds articles to a persistent `StoryIndex` (saved in the store) and
returns what changed. Methods are chosen by name (settings.clusterer) from CLUSTERERS.
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..config import Settings
from ..errors import ConfigError
from ..model import Article, ClusterResult
from .copies import LSH_THRESHOLD, NUM_PERM, is_copy
from .events import split_group
from .features import SHORT_TERMS, TermVector, article_terms, packed_vectors, term_id, term_matrix, unpacked_vectors, weigh
from .graph import (COMMON_MAX, COMMON_MIN, COMMON_SHARE, COPY_MIN_TERMS, DENSE_FLOOR, FLOOR_SHARE, HEADLINE_COMMON_MIN,
                    HEADLINE_NEIGHBOURS, NEIGHBOURS, EdgeFinder, Edges, average_link, cluster_graph, edge_parts, first_run_translations,
                    index_articles, is_headline_only, settle_first_run)
from .translations import (TRANSLATION_CANDIDATES, WAITING_UNDATED, TranslationFinder, candidate_pairs, regrouped_pairs,
                           spelled_columns, spelled_matrix, spellings_of, top_translations)
from .index import StoryIndex, StoryState, date_of, day_of, forget, story_id, time_discount

CLUSTERERS = {"tfidf-graph": cluster_graph}

__all__ = ["cluster", "StoryIndex", "StoryState", "CLUSTERERS", "COMMON_MIN", "COMMON_SHARE", "DENSE_FLOOR", "TermVector",
           "article_terms", "date_of", "forget", "is_headline_only", "term_matrix", "time_discount",
           # what the Spark engine's grouping (spark/grouping.py) runs of the same method
           "COMMON_MAX", "COPY_MIN_TERMS", "FLOOR_SHARE", "HEADLINE_COMMON_MIN", "HEADLINE_NEIGHBOURS", "LSH_THRESHOLD",
           "NEIGHBOURS", "NUM_PERM", "EdgeFinder", "Edges", "SHORT_TERMS", "average_link", "edge_parts", "index_articles", "is_copy", "split_group", "story_id", "term_id", "weigh",
           "first_run_translations", "settle_first_run",
           # and of the translations' search (spark/translations.py)
           "TRANSLATION_CANDIDATES", "WAITING_UNDATED", "TranslationFinder", "candidate_pairs", "regrouped_pairs", "spelled_columns",
           "spelled_matrix", "spellings_of", "top_translations", "packed_vectors", "unpacked_vectors", "day_of"]


def cluster(articles: Sequence[Article], index: StoryIndex, settings: Settings,
            earlier: Callable[[list[str]], list[Article]] | None = None,
            find_edges: EdgeFinder | None = None, find_translations: TranslationFinder | None = None) -> ClusterResult:
    """Group `articles` into the stories of `index`. `earlier` loads articles of earlier runs by id (the
    store's articles), for the few checks that need more than the index keeps (translations).
    `find_edges`, `find_translations`: the candidate edges and translations computed elsewhere
    (graph.cluster_graph; the Spark engine)."""
    try:
        method = CLUSTERERS[settings.clusterer]
    except KeyError:
        raise ConfigError(f"unknown clusterer {settings.clusterer!r}; choose one of {', '.join(CLUSTERERS)}") from None
    return method(articles, index, settings, earlier, find_edges, find_translations)
