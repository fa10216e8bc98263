"""How outlets covered a story: a facts x outlets table (which source carries which summary-worthy
fact), what only one source has, and what a source omits that most others carry. Copies are one
source: a copy group is one column."""
from __future__ import annotations

import numpy as np

from .context import StoryContext
from .summary import _eligible


def coverage(ctx: StoryContext, scores: np.ndarray, entities: list[dict], threshold: float = 0.35,
             max_facts: int = 12) -> dict:
    # facts: the best-scoring eligible sentences, not redundant with one another
    facts: list[int] = []
    for i in np.argsort(-scores):
        if not _eligible(ctx.sentences[i].text):
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
        columns.append({"source": key, "articles": members, "outlets": labels,
                        "copies": len(members) > 1})
    art_index: dict[str, list[int]] = {}
    for j, s in enumerate(ctx.sentences):
        art_index.setdefault(s.article_id, []).append(j)
    rows = []
    for i in facts:
        carried = {}
        for col in columns:
            best = 0.0
            for aid in col["articles"]:
                idx = art_index.get(aid, [])
                if idx:
                    best = max(best, float(ctx.sim[i, idx].max()))
            carried[col["source"]] = best >= threshold
        rows.append({"fact": ctx.sentences[i].text, "article_id": ctx.sentences[i].article_id,
                     "carried_by": [k for k, v in carried.items() if v]})
    n = len(columns)
    only_one = [{"fact": r["fact"], "source": r["carried_by"][0]} for r in rows if len(r["carried_by"]) == 1 and n > 1]
    omits = []
    for col in columns:
        missing = [r["fact"] for r in rows if col["source"] not in r["carried_by"] and len(r["carried_by"]) >= max(2, 0.6 * n)]
        if missing:
            omits.append({"source": col["source"], "outlets": col["outlets"], "facts": missing})
    exclusive_entities = [
        {"name": e["name"], "type": e["type"], "source": ctx.source_of[e["articles"][0]], "mentions": e["mentions"]}
        for e in entities if len({ctx.source_of[a] for a in e["articles"]}) == 1 and n > 1 and e["type"] != "group"
    ][:30]
    return {"columns": columns, "facts": rows, "only_one_source": only_one, "omits": omits,
            "exclusive_entities": exclusive_entities}
