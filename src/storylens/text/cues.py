"""Fast tests for "does this line hold any of these phrases": a cue list written as a prefix tree.

A regular expression `a|b|c|...` over dozens of literal phrases tries every phrase at every position
of the line; Python's `re` has no multi-phrase search. Written as a prefix tree ("phot(?:o|ograph)")
it tries one branch per next character instead, which makes the cue checks the cleaner runs on every
line several times cheaper, for the same matches.
"""
from __future__ import annotations

import re
from typing import Iterable


def any_of(phrases: Iterable[str]) -> str:
    """A pattern matching where any of the literal `phrases` starts (leftmost; at one position the
    longest phrase that fits, as a longest-first alternation would)."""
    trie: dict = {}
    for p in phrases:
        if not p:
            raise ValueError("an empty cue would match everywhere")
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branch(trie)


def _branch(node: dict) -> str:
    alts = [re.escape(ch) + _branch(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:      # a phrase ends here: what follows is optional
        return (f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else body + "?")
    return body


def any_of_rx(phrases: Iterable[str], flags: int = 0) -> re.Pattern:
    return re.compile(any_of(phrases), flags)
