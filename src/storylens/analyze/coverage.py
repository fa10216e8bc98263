"""How outlets covered a story: a facts x outlets table (which source carries which summary-worthy
fact), what only one source has, and what a source omits that most others carry. Copies are one
source: a copy group is one column."""
from __future__ import annotations

import numpy as np

from ..model import (Coverage, CoverageColumn, CoverageFact, Entity, ExclusiveEntity, Omission,
                     SingleSourceFact)
from .context import StoryContext
from .summary import stands_alone


def coverage(ctx: StoryContext, scores: np.ndarray, entities: list[Entity], threshold: float = 0.35,
             max_facts: int = 12) -> Coverage:
    # facts: the best-scoring eligible sentences, not redundant with one another
    facts: list[int] = []
    for i in np.argsort(-scores):
        if not ctx.shown_ok(i) or not stands_alone(ctx.sentences[i].text, ctx.sentences[i].article_id in ctx.headline_only):
            continue
        if facts and max(ctx.sim[i, j] for j in facts) >= 0.4:
            continue
        facts.append(int(i))
        if len(facts) >= max_facts:
            break
    sources: dict[str, list[str]] = {}
    for a in ctx.articles:
        sources.setdefault(ctx.source_of[a.id], []).append(a.id)
    columns = []
    for key, members in sources.items():
        labels = sorted({ctx.outlet_label(ctx.by_id[m]) for m in members})
        columns.append(CoverageColumn(key, members, labels, copies=len(members) > 1))
    art_index: dict[str, list[int]] = {}
    for j, s in enumerate(ctx.sentences):
        art_index.setdefault(s.article_id, []).append(j)
    rows = []
    for i in facts:
        carried = {}
        for col in columns:
            best = 0.0
            for aid in col.articles:
                idx = art_index.get(aid, [])
                if idx:
                    best = max(best, float(ctx.sim[i, idx].max()))
            carried[col.source] = best >= threshold
        rows.append(CoverageFact(ctx.sentences[i].text, ctx.sentences[i].article_id,
                                 carried_by=[k for k, v in carried.items() if v]))
    n = len(columns)
    only_one = [SingleSourceFact(r.fact, r.carried_by[0]) for r in rows if len(r.carried_by) == 1 and n > 1]
    omits = []
    for col in columns:
        missing = [r.fact for r in rows if col.source not in r.carried_by and len(r.carried_by) >= max(2, 0.6 * n)]
        if missing:
            omits.append(Omission(col.source, col.outlets, missing))
    exclusive_entities = [
        ExclusiveEntity(e.name, e.type, ctx.source_of[e.articles[0]], mentions=e.mentions)
        for e in entities if len({ctx.source_of[a] for a in e.articles}) == 1 and n > 1 and e.type != "group"
    ][:30]
    return Coverage(columns, rows, only_one, omits, exclusive_entities)
