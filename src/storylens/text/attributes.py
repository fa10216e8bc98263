"""The English pipeline's attribute rules (tag -> part of speech, morphology, some lemmas), applied by
table lookup: the same rules as spaCy's `attribute_ruler` component, which runs a Matcher and merges a
one-token span per match, a third of the parse time on short sentences. `tests/text/test_attributes.py`
checks the two agree token by token."""
from __future__ import annotations

import itertools
import re
from collections import defaultdict

from spacy.tokens._retokenize import set_token_attrs

_VALUE = {"TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
          "IS_SPACE": lambda t: t.is_space}     # what the rules look at; a rule on anything else is refused


def _choices(cond) -> list | None:
    """The values a plain or {'IN': [...]} condition accepts; None for any other kind."""
    if isinstance(cond, (str, bool)):
        return [cond]
    if isinstance(cond, dict) and set(cond) == {"IN"}:
        return list(cond["IN"])
    return None


OPERATORS = {"IN", "NOT_IN", "REGEX"}


def _matches(token, conds: dict) -> bool:
    for key, cond in conds.items():
        value = _VALUE[key](token)
        if isinstance(cond, dict):
            if "IN" in cond and value not in cond["IN"] or "NOT_IN" in cond and value in cond["NOT_IN"] or \
                    "REGEX" in cond and not re.search(cond["REGEX"], value):
                return False
        elif value != cond:
            return False
    return True


def _first_test(conds: dict):
    """A quick test of one of a rule's first-token conditions (most tokens fail it), as (key, test)."""
    for key, cond in conds.items():
        choices = _choices(cond)
        if choices is not None:
            allowed = set(choices)
            return key, allowed.__contains__
    for key, cond in conds.items():
        if isinstance(cond, dict) and "REGEX" in cond:
            rx = re.compile(cond["REGEX"])
            return key, lambda v, rx=rx: rx.search(v) is not None
    return next(iter(conds)), lambda v: True


class AttributeTable:
    """The rules of an `attribute_ruler` (its patterns, and its attributes as it keeps them: by symbol),
    applied in its order (a later rule overrides an earlier one)."""

    def __init__(self, ruler):
        self.tables: dict[tuple, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
        self.general: list[tuple] = []     # (rule number, token conditions, index, attrs): longer or regex rules
        for number, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                one = pattern[0] if len(pattern) == 1 else None
                if one is not None and all(k in _VALUE for k in one) and all(_choices(c) is not None for c in one.values()):
                    keys = tuple(sorted(one))
                    for values in itertools.product(*(_choices(one[k]) for k in keys)):
                        self.tables[keys][values].append((number, ruler.attrs[number]))
                else:
                    if not all(k in _VALUE and (not isinstance(c, dict) or set(c) <= OPERATORS)
                               for tok in pattern for k, c in tok.items()):
                        raise ValueError(f"an attribute rule this table cannot apply: {pattern}")
                    self.general.append((number, pattern, ruler.indices[number], ruler.attrs[number],
                                         *_first_test(pattern[0])))
        self.tables = {k: dict(v) for k, v in self.tables.items()}

    def __call__(self, doc):
        hits: dict[int, list] = defaultdict(list)
        size = len(doc)
        for token in doc:
            v = {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}
            for keys, table in self.tables.items():
                found = table.get(tuple(v[k] for k in keys))
                if found:
                    hits[token.i] += found
            start = token.i
            for number, pattern, index, attrs, key, test in self.general:
                n = len(pattern)
                if test(v[key]) and start + n <= size and all(_matches(doc[start + j], pattern[j]) for j in range(n)):
                    hits[start + (index if index >= 0 else n + index)].append((number, attrs))
        for i, found in hits.items():
            for _, attrs in sorted(found, key=lambda h: h[0]):
                set_token_attrs(doc[i], attrs)
        return doc
