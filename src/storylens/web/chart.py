"""A small SVG chart of a story's coverage over time by outlet, drawn on the server (no script, no CDN).
Text goes through the template's escaping; this module only computes positions."""
from __future__ import annotations

import datetime as dt

from ..model import OutletRow
from ..text.temporal import parse_iso


def coverage_points(outlets: list[OutletRow], width: int = 640, row: int = 22, left: int = 150) -> dict:
    """Rows (one per outlet) and dots (one per article) for the template to draw."""
    dated = [(o, parse_iso(o.anchor or o.published)) for o in outlets]
    days = [d for _, d in dated if d]
    lo, hi = (min(days), max(days)) if days else (None, None)
    span = max(1, (hi - lo).days) if days else 1
    names = []
    for o, _ in dated:
        name = o.outlet or f"unknown ({o.article_id[:8]})"
        if name not in names:
            names.append(name)
    dots = []
    for o, d in dated:
        name = o.outlet or f"unknown ({o.article_id[:8]})"
        y = 18 + names.index(name) * row
        if d is None:
            x, label = width - 20, "undated"
        else:
            x = left + 10 + (width - left - 50) * ((d - lo).days / span)
            label = d.isoformat()
        dots.append({"x": round(x, 1), "y": y, "article_id": o.article_id, "label": label,
                     "undated": d is None, "inferred": d is not None and not o.anchor_certain,
                     "basis": (o.anchor_basis or "") if d is not None and not o.anchor_certain else ""})
    ticks = []
    if days:
        for frac in (0, 0.5, 1):
            day = lo + dt.timedelta(days=round(span * frac))
            ticks.append({"x": round(left + 10 + (width - left - 50) * frac, 1), "label": day.isoformat()})
    return {"width": width, "height": 30 + len(names) * row, "rows": [{"name": n, "y": 18 + i * row} for i, n in enumerate(names)],
            "dots": dots, "ticks": ticks, "left": left}
