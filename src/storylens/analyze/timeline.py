"""Timeline: dated statements of a story, each with its date's phrase and what it was resolved
against, merged across outlets when they report the same happening on the same date."""
from __future__ import annotations

from ..text.temporal import describe, find_date_mentions
from .context import StoryContext
from .dating import Anchor

MERGE_SIMILARITY = 0.2


def build_timeline(ctx: StoryContext, anchors: dict[str, Anchor], limit: int = 60) -> list[dict]:
    raw = []
    for idx, s in enumerate(ctx.sentences):
        anchor = anchors.get(s.article_id)
        for m in find_date_mentions(s.text, anchor.date if anchor else None):
            if len(s.text.split()) < 5:
                continue
            raw.append({
                "idx": idx, "date": m.date, "granularity": m.granularity, "part": m.part,
                "phrase": m.phrase, "relative": m.relative,
                "anchor": m.anchor, "anchor_basis": anchor.basis if (m.relative and anchor) else None,
                "uncertain": bool(m.relative and anchor and not anchor.certain),
                "article_id": s.article_id, "text": s.text,
            })
    entries: list[dict] = []
    for r in raw:
        target = None
        for e in entries:
            if e["date"] == r["date"] and e["granularity"] == r["granularity"] and \
                    max(ctx.sim[r["idx"], j] for j in e["_idx"]) >= MERGE_SIMILARITY:
                target = e
                break
        src = {"article_id": r["article_id"], "phrase": r["phrase"], "sentence": r["text"],
               "resolved_against": r["anchor"], "anchor_basis": r["anchor_basis"]}
        if target:
            if r["article_id"] not in [x["article_id"] for x in target["sources"]]:
                target["sources"].append(src)
            target["_idx"].append(r["idx"])
            target["uncertain"] = target["uncertain"] and r["uncertain"]
            continue
        entries.append({"date": r["date"], "granularity": r["granularity"], "part": r["part"],
                        "label": describe(r["date"], r["granularity"], r["part"]),
                        "what": r["text"], "sources": [src], "uncertain": r["uncertain"], "_idx": [r["idx"]]})
    for e in entries:
        e["independent_sources"] = ctx.independent([s["article_id"] for s in e["sources"]])
        del e["_idx"]
    entries.sort(key=lambda e: (e["date"], {"year": 0, "month": 1, "part-of-month": 2, "week": 3, "day": 4}[e["granularity"]]))
    return entries[:limit] if len(entries) > limit else entries
