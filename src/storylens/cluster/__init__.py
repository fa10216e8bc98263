"""Cluster: articles -> stories, incrementally, with an explanation for every membership.

`cluster(articles, index, settings, earlier)` adds articles to a persistent `StoryIndex` (saved in the store) and
returns what changed. Methods are chosen by name (settings.clusterer) from CLUSTERERS.
"""
from __future__ import annotations

from typing import Callable, Sequence

from ..config import Settings
from ..errors import ConfigError
from ..model import Article, ClusterResult
from .graph import cluster_graph, is_headline_only
from .online import StoryIndex, cluster_online

CLUSTERERS = {"tfidf-graph": cluster_graph, "tfidf-online": cluster_online}

__all__ = ["cluster", "StoryIndex", "CLUSTERERS", "is_headline_only"]


def cluster(articles: Sequence[Article], index: StoryIndex, settings: Settings,
            earlier: Callable[[list[str]], list[Article]] | None = None) -> ClusterResult:
    """Group `articles` into the stories of `index`. `earlier` loads articles of earlier runs by id (the
    store's articles), for the few checks that need more than the index keeps (translations)."""
    try:
        method = CLUSTERERS[settings.clusterer]
    except KeyError:
        raise ConfigError(f"unknown clusterer {settings.clusterer!r}; choose one of {', '.join(CLUSTERERS)}") from None
    return method(articles, index, settings, earlier)
