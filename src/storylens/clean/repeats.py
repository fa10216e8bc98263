"""Corpus evidence for chrome: a line that recurs across different articles of one outlet (or of many
outlets) is site furniture, not news. Kept incrementally: the store saves what was seen, the next run
loads it and adds new articles.

Copies of one wire story share their paragraphs too; those are not chrome. So a line counts only when
the articles carrying it are otherwise different (most of their other lines are not shared).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict


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
                self.seen[k][article_id] = outlet or ""
                rows.append((k, article_id, outlet or ""))
        return rows

    def load(self, rows) -> None:
        self._version += 1
        for k, article_id, outlet in rows:
            self.seen[k][article_id] = outlet
            self.lines_of.setdefault(article_id, []).append(k)

    def _otherwise_different(self, articles: list[str]) -> bool:
        shares = sorted(s for s in map(self._shared_share, articles[:20]) if s is not None)
        return bool(shares) and shares[len(shares) // 2] < 0.5

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
        holders = self.seen.get(line_key(norm_text))
        if not holders or len(holders) < self.min_articles:
            return None
        if outlet:
            same = [a for a, o in holders.items() if o == outlet]
            if len(same) >= self.min_articles and self._otherwise_different(same):
                return f"repeated across {len(same)} articles of {outlet}"
        outlets_n = len(set(holders.values()))
        if len(holders) >= 2 * self.min_articles and self._otherwise_different(list(holders)):
            return f"repeated across {len(holders)} articles of {outlets_n} outlet(s)"
        return None
