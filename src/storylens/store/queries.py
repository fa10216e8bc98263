"""Read queries of the store, used as Store methods: story lists with filters and full-text search,
story, article and entity views, export. Highlights in snippets use \x02 and \x03 as markers, so the
page can escape the text first and mark the hits after."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..model import (ArticleStory, ArticleView, CopyGroup, EntityClaim, EntityStory, EntityView, FieldSource, MemberRow,
                     RelatedStory, Span, StoryAnalysis, StoryUpdate, StoryView)

HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def fts_query(q: str) -> str | None:
    """A user's words as a safe FTS5 query: every word quoted, all required."""
    words = re.findall(r"\w+", q or "")
    return " ".join(f'"{w}"' for w in words[:20]) or None


def counts(self) -> dict:
    one = lambda sql: self.db.execute(sql).fetchone()[0]
    return {"articles": one("SELECT count(*) FROM articles"), "stories": one(f"SELECT count(*) FROM stories s WHERE {NEWS}"),
            "pending": one("SELECT count(*) FROM stories WHERE needs_analysis=1"),
            "undated": one(f"SELECT count(*) FROM stories s WHERE first_date IS NULL AND last_date IS NULL AND {NEWS}"),
            "not_articles": one("SELECT count(*) FROM articles WHERE not_article IS NOT NULL")}


# a story of news: one with an article among its members (a database from before schema 7 may hold
# one-page stories of a page since recognised as no article)
NEWS = ("EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id=sa.article_id "
        "WHERE sa.story_id=s.id AND a.not_article IS NULL)")


def not_articles(self, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """Pages kept but not grouped, because they are no article (error pages, walls, adverts, all
    chrome): id, title, outlet, origin, web address and the reason; and how many there are."""
    total = self.db.execute("SELECT count(*) FROM articles WHERE not_article IS NOT NULL").fetchone()[0]
    rows = self.db.execute("SELECT id, title, outlet, origin, url, not_article AS reason FROM articles "
                           "WHERE not_article IS NOT NULL ORDER BY id LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    return [dict(r) for r in rows], total


def list_stories(self, q: str | None = None, limit: int = 20, offset: int = 0, date_from: str | None = None,
                 date_to: str | None = None, outlet: str | None = None, entity: str | None = None,
                 order: str = "newest") -> tuple[list[dict], int]:
    where, args = ["s.headline IS NOT NULL", NEWS], []
    fq = None
    ids: dict[str, _Hit] = {}
    if q:
        fq = fts_query(q)
        if not fq:
            return [], 0
        ids = _search_hits(self, fq)
        if not ids:
            return [], 0
        where.append("s.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(list(ids)))
    if date_from:
        where.append("coalesce(s.last_date, '') >= ?")
        args.append(date_from)
    if date_to:
        where.append("coalesce(s.first_date, '9999') <= ?")
        args.append(date_to + "~")
    if outlet:
        where.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id=sa.article_id "
                     "WHERE a.outlet = ? COLLATE NOCASE)")
        args.append(outlet)
    if entity:
        where.append("s.id IN (SELECT story_id FROM entities WHERE key = ? OR name = ? COLLATE NOCASE)")
        args += [entity.lower(), entity]
    order_sql = {"newest": "coalesce(s.last_date, '') DESC, s.n_articles DESC, s.id",
                 "biggest": "s.n_articles DESC, coalesce(s.last_date, '') DESC, s.id"}.get(order, "s.id")
    sql_where = " AND ".join(where)
    columns = ("s.id, s.headline, s.summary, s.first_date, s.last_date, s.date_inferred, s.n_articles, s.n_sources, s.n_outlets, "
               "s.outlets_json")
    if q:
        # a search matches a bounded set: count and order it in one pass, then read the page's rows
        found = self.db.execute(f"SELECT s.id, coalesce(s.last_date, ''), s.n_articles FROM stories s WHERE {sql_where}",
                                args).fetchall()
        total = len(found)
        if order == "biggest":
            found.sort(key=lambda r: (-r[2], _desc(r[1]), r[0]))
        else:
            found.sort(key=lambda r: (_desc(r[1]), -r[2], r[0]))
        page_ids = [r[0] for r in found[offset:offset + limit]]
        by_id = {r["id"]: r for r in self.db.execute(f"SELECT {columns} FROM stories s WHERE s.id IN (SELECT value FROM json_each(?))",
                                                     (json.dumps(page_ids),))}
        rows = [by_id[i] for i in page_ids if i in by_id]
    else:
        total = self.db.execute(f"SELECT count(*) FROM stories s WHERE {sql_where}", args).fetchone()[0]
        rows = self.db.execute(f"SELECT {columns} FROM stories s WHERE {sql_where} ORDER BY {order_sql} LIMIT ? OFFSET ?",
                               args + [limit, offset]).fetchall()
    items = []
    for r in rows:
        d = dict(r)
        d["outlets"] = json.loads(d.pop("outlets_json") or "[]")
        if r["id"] in ids:
            d["snippet"] = _snippet(self, fq, ids[r["id"]])
        items.append(d)
    return items, total


SEARCH_ARTICLES = 500    # article (and story) hits looked at per search: the most recently added ones


def _desc(text: str) -> tuple:
    """Sort key putting larger strings first (for ISO dates, newest first)."""
    return tuple(-ord(c) for c in text)


@dataclass
class _Hit:
    rank: float = 0.0                 # summed bm25 (lower is better)
    story_rowid: int | None = None    # the story's own headline/summary matched
    article_rowid: int | None = None  # its best-ranked matching article
    article_rank: float = 0.0


def _search_hits(self, fq: str) -> dict[str, _Hit]:
    """Story id -> what matched in it: the story's own text and its articles. Article hits are the
    SEARCH_ARTICLES most recently added matching articles (FTS5 walks them in rowid order and stops),
    so a common word costs no more than a rare one."""
    hits: dict[str, _Hit] = {}
    story_ranks = dict(self.db.execute("SELECT rowid, bm25(stories_fts) FROM stories_fts WHERE stories_fts MATCH ? "
                                       "ORDER BY rowid DESC LIMIT ?", (fq, SEARCH_ARTICLES)).fetchall())
    if story_ranks:
        for rowid, sid in self.db.execute("SELECT rowid, id FROM stories WHERE rowid IN (SELECT value FROM json_each(?))",
                                          (json.dumps(list(story_ranks)),)):
            h = hits.setdefault(sid, _Hit())
            h.rank += story_ranks[rowid]
            h.story_rowid = rowid
    ranks = dict(self.db.execute("SELECT rowid, bm25(articles_fts) FROM articles_fts WHERE articles_fts MATCH ? "
                                 "ORDER BY rowid DESC LIMIT ?", (fq, SEARCH_ARTICLES)).fetchall())
    if ranks:
        for rowid, sid in self.db.execute(
                "SELECT article_rowid, story_id FROM story_articles WHERE article_rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(list(ranks)),)):
            h = hits.setdefault(sid, _Hit())
            h.rank += ranks[rowid]
            if h.article_rowid is None or ranks[rowid] < h.article_rank:
                h.article_rowid, h.article_rank = rowid, ranks[rowid]
    return hits


def _snippet(self, fq: str, hit: _Hit) -> str | None:
    """The hit in context, for one listed story: a passage of its best matching article (a sentence
    reads better than the story's entity list), else its own headline, summary or entities."""
    for table, rowid in (("articles_fts", hit.article_rowid), ("stories_fts", hit.story_rowid)):
        if rowid is None:
            continue
        r = self.db.execute(f"SELECT snippet({table}, -1, ?, ?, '…', 16) FROM {table} WHERE {table} MATCH ? AND rowid = ?",
                            (HIT_OPEN, HIT_CLOSE, fq, rowid)).fetchone()
        if r:
            return r[0]
    return None


def story_view(self, story_id: str) -> StoryView | None:
    r = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
    if r is None:
        return None
    a = self.db.execute("SELECT analysis_json FROM story_analysis WHERE story_id=?", (story_id,)).fetchone()
    members = [MemberRow(m["article_id"], m["similarity"], m["reason"], m["nearest"], m["title"], m["outlet"],
                         m["published"], m["published_inferred"], json.loads(m["shared_json"] or "[]"))
               for m in self.db.execute(
                   "SELECT sa.article_id, sa.similarity, sa.reason, sa.nearest, sa.shared_json, a.title, a.outlet, "
                   "a.published, a.published_inferred FROM story_articles sa JOIN articles a ON a.id=sa.article_id "
                   "WHERE sa.story_id=? ORDER BY coalesce(a.published,'9999'), a.id", (story_id,))]
    copy_groups = [CopyGroup(json.loads(g["members_json"]), g["kind"], g["original"], g["evidence"])
                   for g in self.db.execute("SELECT * FROM copy_groups WHERE story_id=?", (story_id,))]
    updates = [StoryUpdate(u["at"], u["run_id"], json.loads(u["added_json"]), json.loads(u["new_outlets_json"]))
               for u in self.db.execute("SELECT * FROM story_updates WHERE story_id=? ORDER BY at", (story_id,))]
    return StoryView(**{k: r[k] for k in r.keys()},
                     analysis=StoryAnalysis.from_dict(json.loads(a[0])) if a else None,
                     members=members, copy_groups=copy_groups, updates=updates,
                     related=related_stories(self, story_id))


RELATED_KEYS = 10          # the story's rarest named entities looked at for related stories
RELATED_MAX_STORIES = 500  # an entity in more stories than this ("US", "police") relates nothing


def related_stories(self, story_id: str, limit: int = 5) -> list[RelatedStory]:
    """The other events of this story's storyline (story_links), then stories sharing at least two of
    its distinctive named entities, rarest first: each shared entity counts 1 / (stories it appears
    in), so sharing a rare name outweighs a common one."""
    rows = self.db.execute(
        "WITH mine AS (SELECT key FROM entities WHERE story_id = ? AND type IN ('person', 'organisation', 'place')), "
        "df AS (SELECT m.key, (SELECT count(*) FROM entities e WHERE e.key = m.key) AS n FROM mine m), "
        "pick AS (SELECT key, n FROM df WHERE n BETWEEN 2 AND ? ORDER BY n LIMIT ?) "
        "SELECT e2.story_id, s.headline, count(*) AS shared, sum(1.0 / p.n) AS weight, group_concat(e2.name, ', ') AS names "
        "FROM pick p JOIN entities e2 ON e2.key = p.key AND e2.story_id != ? JOIN stories s ON s.id = e2.story_id "
        "GROUP BY e2.story_id HAVING shared >= 2 ORDER BY weight DESC LIMIT ?",
        (story_id, RELATED_MAX_STORIES, RELATED_KEYS, story_id, limit)).fetchall()
    # first the other events of its storyline (one group until it split), then stories sharing names
    out = [RelatedStory(r["other_id"], r["headline"], storyline=True, reason=r["reason"])
           for r in self.db.execute("SELECT l.other_id, l.reason, s.headline FROM story_links l JOIN stories s "
                                    "ON s.id = l.other_id WHERE l.story_id = ? ORDER BY l.other_id", (story_id,))]
    seen = {r.id for r in out}
    out += [RelatedStory(r["story_id"], r["headline"], shared=r["shared"], names=r["names"].split(", ")[:6])
            for r in rows if r["story_id"] not in seen]
    return out[:max(limit, len(seen))]


def article_view(self, article_id: str, spans: tuple[int, int] | None = None) -> ArticleView | None:
    """The article; `spans`: only the removed spans overlapping these offsets (a page showing part of a
    long text), else all of them."""
    r = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
    if r is None:
        return None
    row = {k: r[k] for k in r.keys() if k not in ("meta_json", "extra_json", "html")}
    removed = removed_spans(self, article_id, *(spans if spans is not None else (0, 1 << 62)))
    n_removed = self.db.execute("SELECT count(*) FROM removed_spans WHERE article_id=?", (article_id,)).fetchone()[0]
    s = self.db.execute("SELECT sa.story_id, s.headline, sa.similarity, sa.reason, sa.nearest FROM story_articles sa "
                        "LEFT JOIN stories s ON s.id = sa.story_id WHERE sa.article_id=?", (article_id,)).fetchone()
    meta = {k: FieldSource(**v) for k, v in json.loads(r["meta_json"]).items()}
    rng = meta.get("published_range")
    if rng is not None and isinstance(rng.value, dict) and not row.get("published"):
        row["published_range"] = {"not_before": rng.value.get("not_before"), "not_after": rng.value.get("not_after"),
                                  "basis": rng.source}
    return ArticleView(**row, meta=meta, extra=json.loads(r["extra_json"]), removed=removed, n_removed=n_removed,
                       story=ArticleStory(**dict(s)) if s else None)


def removed_spans(self, article_id: str, a: int = 0, b: int = 1 << 62) -> list[Span]:
    """The article's removed spans overlapping offsets [a, b), in order."""
    return [Span(**dict(s)) for s in self.db.execute(
        "SELECT start, end, text, reason, kind FROM removed_spans WHERE article_id=? AND start < ? AND end > ? "
        "ORDER BY start", (article_id, b, a))]


def entity_view(self, key: str) -> EntityView | None:
    rows = self.db.execute(
        "SELECT e.story_id, e.name, e.type, e.role, e.mentions, s.headline, s.last_date, sa.analysis_json FROM entities e "
        "JOIN stories s ON s.id = e.story_id LEFT JOIN story_analysis sa ON sa.story_id = s.id WHERE e.key = ? ORDER BY coalesce(s.last_date,'') DESC", (key.lower(),)).fetchall()
    if not rows:
        return None
    stories, claims = [], []
    for r in rows:
        stories.append(EntityStory(r["story_id"], r["headline"], r["role"], r["mentions"], r["last_date"]))
        if not r["analysis_json"]:
            continue
        for c in StoryAnalysis.from_dict(json.loads(r["analysis_json"])).claims:
            if c.speaker_key == key.lower():
                claims.append(EntityClaim(r["story_id"], c))
    reg = self.db.execute("SELECT name, type FROM entity_registry WHERE key = ?", (key.lower(),)).fetchone()
    aliases = [n for (n,) in self.db.execute("SELECT name FROM entity_names WHERE key = ? ORDER BY name", (key.lower(),))]
    name, etype = (reg["name"], reg["type"]) if reg else (rows[0]["name"], rows[0]["type"])
    return EntityView(key.lower(), name, etype, stories, claims, aliases)


def search_articles(self, q: str, limit: int = 20) -> list[dict]:
    fq = fts_query(q)
    if not fq:
        return []
    # best-ranked among the most recent hits (bounded, see _search_hits); snippets for those only
    top = [r[0] for r in self.db.execute(
        "SELECT rowid FROM (SELECT rowid, bm25(articles_fts) AS rank FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT ?", (fq, SEARCH_ARTICLES, limit))]
    out = []
    for rowid in top:
        r = self.db.execute("SELECT article_id, title, outlet, snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet "
                            "FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?", (HIT_OPEN, HIT_CLOSE, fq, rowid)).fetchone()
        if r:
            out.append(dict(r))
    return out


def export(self, story_ids: list[str] | None = None) -> dict:
    """Stories (their analyses typed) and their articles; `json_ready` turns it into plain data."""
    ids = story_ids or [r[0] for r in self.db.execute(f"SELECT id FROM stories s WHERE {NEWS} ORDER BY coalesce(last_date,'') DESC, id")]
    stories = [story_view(self, i) for i in ids]
    pages, _ = not_articles(self, limit=1 << 30) if not story_ids else ([], 0)
    art_ids = sorted({m.article_id for s in stories if s for m in s.members} | {p["id"] for p in pages})
    articles = [article_view(self, a) for a in art_ids]
    return {"format": "storylens/1", "stories": [s for s in stories if s], "articles": [a for a in articles if a],
            "not_articles": pages}


def json_ready(export: dict) -> dict:
    """An export as plain JSON data."""
    return dict(export, stories=[s.to_dict() for s in export["stories"]],
                articles=[a.to_dict() for a in export["articles"]])


def story_of_article(self, article_id: str) -> str | None:
    r = self.db.execute("SELECT story_id FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
    return r[0] if r else None


def outlet_names(self, limit: int = 200) -> list[str]:
    """Outlets by how many articles they have, most first (the story list's filter)."""
    return [r[0] for r in self.db.execute(
        "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC LIMIT ?", (limit,))]
