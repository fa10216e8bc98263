"""Read queries of the store, used as Store methods: story lists with filters and full-text search,
story, article and entity views, export. Highlights in snippets use \x02 and \x03 as markers, so the
page can escape the text first and mark the hits after."""
from __future__ import annotations

import json
import re

HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def fts_query(q: str) -> str | None:
    """A user's words as a safe FTS5 query: every word quoted, all required."""
    words = re.findall(r"\w+", q or "")
    return " ".join(f'"{w}"' for w in words[:20]) or None


def counts(self) -> dict:
    one = lambda sql: self.db.execute(sql).fetchone()[0]
    return {"articles": one("SELECT count(*) FROM articles"), "stories": one("SELECT count(*) FROM stories"),
            "pending": one("SELECT count(*) FROM stories WHERE needs_analysis=1")}


def list_stories(self, q: str | None = None, limit: int = 20, offset: int = 0, date_from: str | None = None,
                 date_to: str | None = None, outlet: str | None = None, entity: str | None = None,
                 order: str = "newest") -> tuple[list[dict], int]:
    where, args = ["s.headline IS NOT NULL"], []
    snippets: dict[str, str] = {}
    if q:
        fq = fts_query(q)
        if not fq:
            return [], 0
        ids: dict[str, float] = {}
        for r in self.db.execute("SELECT story_id, bm25(stories_fts) AS rank, snippet(stories_fts, -1, ?, ?, '…', 16) AS snip "
                                 "FROM stories_fts WHERE stories_fts MATCH ? ORDER BY rank LIMIT 2000",
                                 (HIT_OPEN, HIT_CLOSE, fq)):
            ids[r["story_id"]] = ids.get(r["story_id"], 0) + r["rank"]
            snippets.setdefault(r["story_id"], r["snip"])
        for r in self.db.execute(
                "SELECT sa.story_id, bm25(articles_fts) AS rank, snippet(articles_fts, -1, ?, ?, '…', 16) AS snip "
                "FROM articles_fts JOIN story_articles sa ON sa.article_id = articles_fts.article_id "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT 2000", (HIT_OPEN, HIT_CLOSE, fq)):
            ids[r["story_id"]] = ids.get(r["story_id"], 0) + r["rank"]
            snippets.setdefault(r["story_id"], r["snip"])
        if not ids:
            return [], 0
        where.append(f"s.id IN ({','.join('?' * len(ids))})")
        args += list(ids)
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
    total = self.db.execute(f"SELECT count(*) FROM stories s WHERE {sql_where}", args).fetchone()[0]
    rows = self.db.execute(
        f"SELECT s.id, s.headline, s.summary, s.first_date, s.last_date, s.n_articles, s.n_sources, s.n_outlets "
        f"FROM stories s WHERE {sql_where} ORDER BY {order_sql} LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
    items = []
    for r in rows:
        d = dict(r)
        outlets = [x[0] for x in self.db.execute(
            "SELECT DISTINCT a.outlet FROM story_articles sa JOIN articles a ON a.id=sa.article_id "
            "WHERE sa.story_id=? AND a.outlet IS NOT NULL LIMIT 8", (r["id"],))]
        d["outlets"] = outlets
        if r["id"] in snippets:
            d["snippet"] = snippets[r["id"]]
        items.append(d)
    return items, total


def story_view(self, story_id: str) -> dict | None:
    r = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
    if r is None:
        return None
    d = {k: r[k] for k in r.keys() if k != "analysis_json"}
    d["analysis"] = json.loads(r["analysis_json"]) if r["analysis_json"] else None
    d["members"] = [dict(m) | {"shared": json.loads(m["shared_json"] or "[]")} for m in self.db.execute(
        "SELECT sa.article_id, sa.similarity, sa.reason, sa.nearest, sa.shared_json, a.title, a.outlet, a.published, "
        "a.published_inferred FROM story_articles sa JOIN articles a ON a.id=sa.article_id WHERE sa.story_id=? "
        "ORDER BY coalesce(a.published,'9999'), a.id", (story_id,))]
    for m in d["members"]:
        m.pop("shared_json", None)
    d["copy_groups"] = [{"kind": g["kind"], "original": g["original"], "evidence": g["evidence"],
                         "members": json.loads(g["members_json"])}
                        for g in self.db.execute("SELECT * FROM copy_groups WHERE story_id=?", (story_id,))]
    d["updates"] = [{"at": u["at"], "run_id": u["run_id"], "added": json.loads(u["added_json"]),
                     "new_outlets": json.loads(u["new_outlets_json"])}
                    for u in self.db.execute("SELECT * FROM story_updates WHERE story_id=? ORDER BY at", (story_id,))]
    d["related"] = related_stories(self, story_id)
    return d


def related_stories(self, story_id: str, limit: int = 5) -> list[dict]:
    """Stories sharing the most named entities (people, organisations) with this one."""
    rows = self.db.execute(
        "SELECT e2.story_id, count(*) AS shared, group_concat(e2.name, ', ') AS names FROM entities e1 "
        "JOIN entities e2 ON e1.key = e2.key AND e2.story_id != e1.story_id "
        "WHERE e1.story_id = ? AND e1.type IN ('person', 'organisation', 'place') "
        "GROUP BY e2.story_id HAVING shared >= 2 ORDER BY shared DESC LIMIT ?", (story_id, limit)).fetchall()
    out = []
    for r in rows:
        h = self.db.execute("SELECT headline FROM stories WHERE id=?", (r["story_id"],)).fetchone()
        out.append({"id": r["story_id"], "headline": h[0] if h else None, "shared": r["shared"],
                    "names": r["names"].split(", ")[:6]})
    return out


def article_view(self, article_id: str) -> dict | None:
    r = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
    if r is None:
        return None
    d = {k: r[k] for k in r.keys() if k not in ("meta_json", "extra_json", "html")}
    d["meta"] = json.loads(r["meta_json"])
    d["extra"] = json.loads(r["extra_json"])
    d["removed"] = [dict(s) for s in self.db.execute(
        "SELECT start, end, text, reason, kind FROM removed_spans WHERE article_id=? ORDER BY start", (article_id,))]
    s = self.db.execute("SELECT * FROM story_articles WHERE article_id=?", (article_id,)).fetchone()
    d["story"] = dict(s) if s else None
    if s:
        h = self.db.execute("SELECT headline FROM stories WHERE id=?", (s["story_id"],)).fetchone()
        d["story"]["headline"] = h[0] if h else None
    return d


def entity_view(self, key: str) -> dict | None:
    rows = self.db.execute(
        "SELECT e.story_id, e.name, e.type, e.role, e.mentions, s.headline, s.last_date, s.analysis_json FROM entities e "
        "JOIN stories s ON s.id = e.story_id WHERE e.key = ? ORDER BY coalesce(s.last_date,'') DESC", (key.lower(),)).fetchall()
    if not rows:
        return None
    stories, claims = [], []
    for r in rows:
        stories.append({"id": r["story_id"], "headline": r["headline"], "role": r["role"], "mentions": r["mentions"],
                        "last_date": r["last_date"]})
        analysis = json.loads(r["analysis_json"] or "{}")
        for c in analysis.get("claims", []):
            if c.get("speaker_key") == key.lower():
                claims.append(dict(c, story_id=r["story_id"]))
    return {"key": key.lower(), "name": rows[0]["name"], "type": rows[0]["type"], "stories": stories, "claims": claims}


def search_articles(self, q: str, limit: int = 20) -> list[dict]:
    fq = fts_query(q)
    if not fq:
        return []
    return [dict(r) for r in self.db.execute(
        "SELECT article_id, title, outlet, snippet(articles_fts, -1, ?, ?, '…', 16) AS snippet FROM articles_fts "
        "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?", (HIT_OPEN, HIT_CLOSE, fq, limit))]


def export(self, story_ids: list[str] | None = None) -> dict:
    ids = story_ids or [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY coalesce(last_date,'') DESC, id")]
    stories = [story_view(self, i) for i in ids]
    art_ids = sorted({m["article_id"] for s in stories if s for m in s["members"]})
    articles = [article_view(self, a) for a in art_ids]
    return {"format": "storylens/1", "stories": [s for s in stories if s], "articles": [a for a in articles if a]}
