"""Corpus evidence for chrome: a line that recurs across different articles of one outlet (or of many
outlets) is site furniture, not news. Kept incrementally: the store saves what was seen, the next run
loads it and adds new articles.

Copies of one wire story share their paragraphs too; those are not chrome. So a line counts only when
the articles carrying it are otherwise different (most of their other lines are not shared).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache

SAMPLE = 20   # a line's first this-many holders tell whether they are otherwise different articles


@lru_cache(maxsize=1 << 15)
def line_key(norm_text: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm_text.encode(), digest_size=8).digest(), "big", signed=True)


class RepeatMemory:
    """Which normalised lines were seen in which articles of which outlets.

    `min_articles`: a line in this many different articles of one outlet is chrome; across outlets it
    needs twice as many. Raise it if real article sentences get removed as repeated.
    """

    def __init__(self, min_articles: int = 3):
        self.min_articles = min_articles
        self.seen: dict[int, dict[str, str]] = defaultdict(dict)   # line -> {article_id: outlet}
        # lines in more than one article: how many articles of each outlet carry it, and the first
        # SAMPLE of them (all outlets, and per outlet), so a line in thousands of articles is judged in
        # constant time (most lines are in one article and need none of this)
        self._shared: dict[int, _Holders] = {}
        self.lines_of: dict[str, list[int]] = {}
        self._version = 0                                          # bumps whenever lines are added
        self._shares: dict[str, tuple[int, float]] = {}            # article -> (version, shared share)

    def add(self, article_id: str, outlet: str | None, norm_lines: list[str]) -> list[tuple[int, str, str]]:
        """Register an article's lines; returns the new rows (line key, article id, outlet) to save."""
        keys = [line_key(n) for n in norm_lines if len(n) >= 8]
        rows = []
        if article_id in self.lines_of:
            return rows
        self.lines_of[article_id] = keys
        self._version += 1
        for k in keys:
            if article_id not in self.seen[k]:
                self._hold(k, article_id, outlet or "")
                rows.append((k, article_id, outlet or ""))
        return rows

    def load(self, rows) -> None:
        self._version += 1
        for k, article_id, outlet in rows:
            if article_id not in self.seen[k]:
                self._hold(k, article_id, outlet)
            self.lines_of.setdefault(article_id, []).append(k)

    def _hold(self, k: int, article_id: str, outlet: str) -> None:
        holders = self.seen[k]
        holders[article_id] = outlet
        if len(holders) == 2:
            self._shared[k] = _Holders(holders)
        elif len(holders) > 2:
            self._shared[k].add(article_id, outlet)

    def _holders(self, k: int) -> "_Holders":
        return self._shared.get(k) or _Holders(self.seen[k])

    def _otherwise_different(self, articles: list[str]) -> bool:
        return otherwise_different([s for s in map(self._shared_share, articles[:SAMPLE]) if s is not None])

    def _shared_share(self, article: str) -> float | None:
        """Share of the article's lines that are also in enough other articles (cached per version)."""
        hit = self._shares.get(article)
        if hit is not None and hit[0] == self._version:
            return hit[1]
        keys = self.lines_of.get(article, [])
        share = sum(1 for k in keys if len(self.seen.get(k, ())) >= self.min_articles) / len(keys) if keys else None
        self._shares[article] = (self._version, share)
        return share

    def reason(self, norm_text: str, outlet: str | None) -> str | None:
        if len(norm_text) < 8:
            return None
        k = line_key(norm_text)
        holders = self.seen.get(k)
        if not holders or len(holders) < self.min_articles:
            return None
        h = self._holders(k)
        return repeat_reason(outlet, h.count, self.min_articles,
                             lambda o: self._otherwise_different(h.sample_of[o] if o is not None else h.sample))


def otherwise_different(shares: list[float]) -> bool:
    """Whether the articles carrying a line are otherwise different: the median share of their lines that
    are shared (of the first SAMPLE holders) is under a half (copies of one story share most of theirs)."""
    got = sorted(shares[:SAMPLE])
    return bool(got) and got[len(got) // 2] < 0.5


def repeat_reason(outlet: str | None, count: dict[str, int], min_articles: int, different) -> str | None:
    """The verdict on one line from its holders: `count` of articles per outlet, `different(outlet)` (None:
    all outlets) whether those holders are otherwise different articles. Shared by RepeatMemory and the
    Spark engine's counting pass, so both say the same thing."""
    if outlet:
        same = count.get(outlet, 0)
        if same >= min_articles and different(outlet):
            return f"repeated across {same} articles of {outlet}"
    n = sum(count.values())
    if n >= 2 * min_articles and different(None):
        return f"repeated across {n} articles of {len(count)} outlet(s)"
    return None


class _Holders:
    """The articles carrying one line, summed up: count per outlet, and the first SAMPLE articles
    (of all outlets, and of each outlet)."""

    __slots__ = ("count", "sample", "sample_of")

    def __init__(self, holders: dict[str, str]):
        self.count: dict[str, int] = {}
        self.sample: list[str] = []
        self.sample_of: dict[str, list[str]] = {}
        for article_id, outlet in holders.items():
            self.add(article_id, outlet)

    def add(self, article_id: str, outlet: str) -> None:
        self.count[outlet] = self.count.get(outlet, 0) + 1
        if len(self.sample) < SAMPLE:
            self.sample.append(article_id)
        of = self.sample_of.setdefault(outlet, [])
        if len(of) < SAMPLE:
            of.append(article_id)
