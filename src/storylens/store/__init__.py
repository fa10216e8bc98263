"""Store: the SQLite file that is storylens's spine. Explicit schema with numbered, idempotent
migrations; WAL mode; every write in a transaction; FTS5 for search. No other module runs SQL.

A run writes in three committed steps (articles; clustering + index; each story's analysis), so a
killed run leaves a readable database and the next run picks up where it stopped: articles already
stored are skipped, unclustered articles are clustered, stories marked `needs_analysis` are analysed.

One writer at a time: every writer (a CLI run, the server's POST, a migration) holds an exclusive
lock on the file `<database>.write-lock` (flock, released by the system when a process dies); a second
writer waits for it. Readers never wait (WAL).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import sqlite3
import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import StoreError
from ..model import Article, CopyGroup, FieldSource, Span, Story, StoryAnalysis
from .queries import HIT_CLOSE, HIT_OPEN, json_ready

__all__ = ["Store", "StoreError", "content_hash", "json_ready", "write_lock", "HIT_OPEN", "HIT_CLOSE"]

SCHEMA_VERSION = 11
log = logging.getLogger(__name__)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def content_hash(article: Article) -> str:
    h = hashlib.sha1()
    for part in (article.raw_text, article.html or "", article.title or "", article.url or "",
                 article.source or "", article.published or ""):
        h.update(part.encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()


_HELD: dict[str, list] = {}   # database -> [its thread lock (re-entrant), how deep this process holds it]
_HELD_GUARD = threading.Lock()


@contextmanager
def write_lock(db_path: str | Path, on_wait=None) -> Iterator[None]:
    """Hold the database's writer lock (across processes and threads; re-entrant in one thread) for the
    block. `on_wait(message)` is called once when another writer holds it, before waiting."""
    key = str(Path(db_path).resolve())
    with _HELD_GUARD:
        held = _HELD.setdefault(key, [threading.RLock(), 0, None])
    with held[0]:
        if held[1] == 0:
            fh = open(key + ".write-lock", "a")
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    on_wait(f"another storylens process is writing to {db_path}; waiting for it to finish")
                fcntl.flock(fh, fcntl.LOCK_EX)
            held[2] = fh
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
            if held[1] == 0:
                fcntl.flock(held[2], fcntl.LOCK_UN)
                held[2].close()
                held[2] = None


EVENT_SPLIT = "another event of the same kind (one group until their own words set them apart)"


class Store:
    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        self._depth = 0   # open transactions (savepoints inside the outermost)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"database {self.path} does not exist (run `storylens analyze` first)")
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                _check_writable(Path(self.path))
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                # autocommit: transactions are begun and ended by tx() alone (savepoints nest inside)
                self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=60, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys=ON")
            if not readonly:
                self.db.execute("PRAGMA busy_timeout=60000")
                self._use_wal()
                self.db.execute("PRAGMA synchronous=NORMAL")
                if self._stored_version() < SCHEMA_VERSION:
                    # two processes opening a new database: one migrates, the other waits and finds it done
                    # (a database already up to date takes no lock: a server starts while a run writes)
                    with write_lock(self.path, on_wait=log.warning):
                        self._migrate()
            else:
                self._check_version()
        except sqlite3.OperationalError as exc:
            raise StoreError(_plain(self.path, exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable storylens database: {exc}") from exc

    def _use_wal(self) -> None:
        """Switch a new database to WAL. SQLite answers 'locked' at once, without waiting, when another
        connection reads the file at that moment (two runs opening one new database), so the switch is made
        under the writer lock and retried for up to a minute."""
        if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return
        with write_lock(self.path, on_wait=log.warning):
            deadline = time.monotonic() + 60
            while True:
                try:
                    self.db.execute("PRAGMA journal_mode=WAL")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)

    def writing(self, on_wait=None):
        """This database's writer lock, for a whole run of writes (see `write_lock`)."""
        return write_lock(self.path, on_wait)

    # --- schema ------------------------------------------------------------------------------
    def _check_version(self) -> int:
        try:
            v = self.db.execute("SELECT value FROM state WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            raise StoreError(f"{self.path} is not a storylens database (no schema)") from None
        version = int(v[0]) if v else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {version}, newer than this storylens ({SCHEMA_VERSION})")
        return version

    def _stored_version(self) -> int:
        try:
            return int(self.db.execute("SELECT value FROM state WHERE key='schema_version'").fetchone()[0])
        except (sqlite3.OperationalError, TypeError):
            return 0

    def _migrate(self) -> None:
        current = self._stored_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {current}, newer than this storylens ({SCHEMA_VERSION})")
        files = sorted((f for f in resources.files(__package__).joinpath("migrations").iterdir()
                        if f.name.endswith(".sql")), key=lambda p: p.name)
        # tables are rebuilt by some migrations: foreign keys off meanwhile (SQLite's procedure), checked after
        self.db.execute("PRAGMA foreign_keys=OFF")
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_history(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        try:
            for f in files:
                number = int(f.name.split("_", 1)[0])
                if number <= current:
                    continue
                # each migration and its version in one transaction: statement by statement (executescript
                # would commit first), so a killed or failed migration leaves the schema as it was
                with self.tx():
                    for statement in _statements(f.read_text(encoding="utf-8")):
                        self.db.execute(statement)
                    if self.db.execute("PRAGMA foreign_key_check").fetchone():
                        raise StoreError(f"migration {f.name} left dangling references in {self.path}")
                    self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES('schema_version', ?)", (str(number),))
                    self.db.execute("INSERT OR REPLACE INTO schema_history(version, name, applied_at) VALUES(?,?,?)",
                                    (number, f.name, _now()))
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is written, or nothing is. Nested, it is a savepoint: an
        inner block that fails is undone alone, and nothing is written before the outermost ends."""
        depth = self._depth
        self.db.execute(f"SAVEPOINT sp{depth}" if depth else "BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            self._depth = depth
            if depth:
                self.db.execute(f"ROLLBACK TO sp{depth}")
                self.db.execute(f"RELEASE sp{depth}")
            elif self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        else:
            self._depth = depth
            self.db.execute(f"RELEASE sp{depth}" if depth else "COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- runs --------------------------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        with self.tx():
            cur = self.db.execute("INSERT INTO runs(started, inputs_json) VALUES(?, ?)", (_now(), json.dumps(inputs)))
            return cur.lastrowid

    def close_interrupted_runs(self) -> int:
        """Runs left 'running' by a process that died are marked 'interrupted' (call holding the write lock)."""
        with self.tx():
            return self.db.execute("UPDATE runs SET status='interrupted' WHERE status='running'").rowcount

    def finish_run(self, run_id: int, issues: list[dict], status: str = "done") -> None:
        with self.tx():
            self.db.execute("UPDATE runs SET finished=?, issues_json=?, status=? WHERE id=?",
                            (_now(), json.dumps(issues), status, run_id))

    # --- articles ----------------------------------------------------------------------------
    def _rows_for(self, sql: str, ids: Iterable[str], *params) -> Iterator[sqlite3.Row]:
        """Rows of `sql`, whose `{ids}` stands for a list of ids, over the ids 500 at a time (SQLite
        bounds the number of parameters); `params` come before the ids."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            yield from self.db.execute(sql.format(ids=",".join("?" * len(chunk))), [*params, *chunk])

    def known_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._rows_for("SELECT id, content_hash FROM articles WHERE id IN ({ids})", ids)}

    def origins_of(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self._rows_for("SELECT id, origin FROM articles WHERE id IN ({ids})", ids)}

    def article_history(self, article_id: str) -> list[dict]:
        """The article's earlier texts, oldest first (each replaced when the same id came with other text)."""
        return [dict(r) for r in self.db.execute(
            "SELECT version, origin, raw_text, clean_text, title, content_hash, added_at, replaced_at, replaced_by_run "
            "FROM article_versions WHERE article_id=? ORDER BY version", (article_id,))]

    def _keep_earlier_version(self, a: Article, run_id: int) -> None:
        """`a` replaces a stored article of its id with other text: the stored text goes to the history,
        and the article leaves its story (grouped again in this run), whose analysis is then redone."""
        old = self.db.execute("SELECT * FROM articles WHERE id=?", (a.id,)).fetchone()
        if old is None or old["content_hash"] == content_hash(a):
            return
        n = self.db.execute("SELECT coalesce(max(version), 0) + 1 FROM article_versions WHERE article_id=?", (a.id,)).fetchone()[0]
        self.db.execute(
            "INSERT INTO article_versions(article_id, version, origin, raw_text, html, clean_text, title, content_hash, "
            "run_id, added_at, replaced_at, replaced_by_run) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, n, old["origin"], old["raw_text"], old["html"], old["clean_text"], old["title"], old["content_hash"],
             old["run_id"], old["added_at"], _now(), run_id))
        story = self.db.execute("SELECT story_id FROM story_articles WHERE article_id=?", (a.id,)).fetchone()
        if story:
            self.db.execute("DELETE FROM story_articles WHERE article_id=?", (a.id,))
            self.db.execute("UPDATE stories SET needs_analysis=1, updated_at=? WHERE id=?", (_now(), story[0]))

    def save_articles(self, articles: list[Article], run_id: int) -> None:
        with self.tx():
            for a in articles:
                self._keep_earlier_version(a, run_id)
                self.db.execute("DELETE FROM removed_spans WHERE article_id=?", (a.id,))
                self.db.execute("DELETE FROM article_readings WHERE article_id=?", (a.id,))
                self.db.execute("DELETE FROM sentence_vectors WHERE article_id=?", (a.id,))
                self.db.execute("DELETE FROM copy_keys WHERE article_id=?", (a.id,))
                pub = a.meta.get("published")
                self.db.execute(
                    """INSERT INTO articles(id, origin, url, source, published_given, title_given, language_given,
                         raw_text, html, clean_text, title, outlet, published, published_inferred, meta_json,
                         extra_json, content_hash, run_id, added_at, not_article)
                       VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                       ON CONFLICT(id) DO UPDATE SET origin=excluded.origin, url=excluded.url, source=excluded.source,
                         published_given=excluded.published_given, title_given=excluded.title_given,
                         language_given=excluded.language_given, raw_text=excluded.raw_text, html=excluded.html,
                         clean_text=excluded.clean_text, title=excluded.title, outlet=excluded.outlet,
                         published=excluded.published, published_inferred=excluded.published_inferred,
                         meta_json=excluded.meta_json, extra_json=excluded.extra_json,
                         content_hash=excluded.content_hash, run_id=excluded.run_id, not_article=excluded.not_article""",
                    (a.id, a.origin, a.url, a.source, a.published, a.title, a.language, a.raw_text, a.html,
                     a.clean_text, a.field("title"), a.outlet, str(pub.value) if pub else None,
                     int(bool(pub and pub.inferred)), _meta_json(a.meta), json.dumps(a.extra, ensure_ascii=False),
                     content_hash(a), run_id, _now(), a.field("not_article")))
                self.db.executemany(
                    "INSERT INTO removed_spans(article_id, start, end, text, reason, kind) VALUES(?,?,?,?,?,?)",
                    [(a.id, s.start, s.end, s.text, s.reason, s.kind) for s in a.removed])
                # the full-text row shares the article's rowid (schema 2): replaced by a rowid lookup
                rowid = self.db.execute("SELECT rowid FROM articles WHERE id=?", (a.id,)).fetchone()[0]
                self.db.execute("DELETE FROM articles_fts WHERE rowid=?", (rowid,))
                self.db.execute("INSERT INTO articles_fts(rowid, article_id, title, clean_text, outlet) VALUES(?,?,?,?,?)",
                                (rowid, a.id, a.field("title") or "", a.clean_text, a.outlet or ""))

    def load_articles(self, ids: Iterable[str] | None = None, text_only: bool = False) -> list[Article]:
        """The stored articles (all, by id; or these). `text_only`: without the page they came from (raw
        text and HTML, often most of their size), as the copy checks and the analysis read them."""
        cols = _ARTICLE_COLUMNS if text_only else "*"
        if ids is None:
            rows = self.db.execute(f"SELECT {cols} FROM articles ORDER BY id").fetchall()
        else:
            rows = list(self._rows_for(f"SELECT {cols} FROM articles WHERE id IN ({{ids}})", ids))
        spans: dict[str, list[Span]] = {}
        for s in self._rows_for("SELECT * FROM removed_spans WHERE article_id IN ({ids}) ORDER BY start", [r["id"] for r in rows]):
            spans.setdefault(s["article_id"], []).append(Span(s["start"], s["end"], s["text"], s["reason"], s["kind"]))
        return [_article(r, spans.get(r["id"], [])) for r in rows]

    def article_hashes(self, ids: Iterable[str]) -> list[tuple[str, str | None, str]]:
        """(id, origin, content hash) of the stored articles among `ids`: what a run compares its input with."""
        return [tuple(r) for r in self._rows_for("SELECT id, origin, content_hash FROM articles WHERE id IN ({ids})", ids)]

    def story_tables(self) -> dict[str, list[dict]]:
        """The stories as plain rows, for an export to other tools (the Spark engine's Parquet tables):
        stories, memberships, copies, analyses and what the model read in each article."""
        q = lambda sql: [dict(r) for r in self.db.execute(sql)]
        return {
            "stories": q("SELECT id AS story_id, headline, summary, first_date, last_date, n_articles, n_sources, "
                         "n_outlets, outlets_json, created_at, updated_at FROM stories ORDER BY id"),
            "memberships": q("SELECT story_id, article_id, similarity, reason, nearest, shared_json FROM story_articles "
                             "ORDER BY story_id, article_id"),
            "copies": q("SELECT story_id, kind, original, evidence, members_json FROM copy_groups ORDER BY story_id, id"),
            "analyses": q("SELECT story_id, analysis_json FROM story_analysis ORDER BY story_id"),
            "readings": q("SELECT article_id, version, readings_json FROM article_readings ORDER BY article_id"),
        }

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles")]

    def unclustered_ids(self) -> list[str]:
        """Articles in no story yet; a page that is not an article is never grouped."""
        return [r[0] for r in self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id=a.id "
            "WHERE s.article_id IS NULL AND a.not_article IS NULL")]

    # --- corpus evidence and cluster index ---------------------------------------------------
    def save_repeat_rows(self, rows: list[tuple]) -> None:
        with self.tx():
            self.db.executemany("INSERT INTO repeat_lines(line, article_id, outlet) VALUES(?,?,?)", rows)

    def load_repeat_rows(self) -> Iterator[tuple]:
        yield from self.db.execute("SELECT line, article_id, outlet FROM repeat_lines")

    def repeat_rows_since(self, after: int = 0) -> Iterator[tuple]:
        """(position, line, article id, outlet) of the rows saved after position `after`, in the order saved
        (the rows are only ever appended)."""
        for r in self.db.execute("SELECT rowid, line, article_id, outlet FROM repeat_lines WHERE rowid > ? ORDER BY rowid",
                                 (after,)):
            yield tuple(r)

    def last_repeat_row(self) -> int:
        """The position of the last row saved (0 when none)."""
        return int(self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM repeat_lines").fetchone()[0])

    def save_state(self, key: str, value: bytes) -> None:
        with self.tx():
            self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES(?, ?)", (key, value))

    def save_states(self, items: dict[str, bytes | None]) -> None:
        """Several state values in one transaction (None: the key removed)."""
        with self.tx():
            for key, value in sorted(items.items()):
                if value is None:
                    self.db.execute("DELETE FROM state WHERE key=?", (key,))
                else:
                    self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES(?, ?)", (key, value))

    def load_state(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def save_clustering(self, stories: list[Story], index_blob: bytes | None, copy_groups: dict[str, list[CopyGroup]],
                        run_id: int, outlets_of: dict[str, str | None], merged: dict[str, str] | None = None,
                        links: list[tuple[str, str]] = (), state: dict[str, bytes] | None = None) -> None:
        """Memberships, story rows (marked for analysis), updates, aliases of merged stories, links between
        the events of one storyline and the index, in one transaction. `index_blob` None: the index is kept
        elsewhere (the Spark engine's tables; `state` says where), and no saved blob stands for it any more."""
        with self.tx():
            for st in stories:
                before = {r[0] for r in self.db.execute("SELECT article_id FROM story_articles WHERE story_id=?", (st.id,))}
                old_outlets = {r[0] for r in self.db.execute(
                    "SELECT a.outlet FROM story_articles s JOIN articles a ON a.id=s.article_id WHERE s.story_id=?", (st.id,))}
                for m in st.memberships:
                    self.db.execute(
                        """INSERT INTO story_articles(article_id, story_id, similarity, reason, nearest, shared_json, article_rowid)
                           VALUES(?,?,?,?,?,?,(SELECT rowid FROM articles WHERE id=?))
                           ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, article_rowid=excluded.article_rowid,
                           similarity=excluded.similarity, reason=excluded.reason, nearest=excluded.nearest,
                           shared_json=excluded.shared_json""",
                        (m.article_id, st.id, m.similarity, m.reason, m.nearest, json.dumps(m.shared), m.article_id))
                added = sorted(set(st.article_ids) - before)
                new_outlets = sorted({o for a in added if (o := outlets_of.get(a))} - old_outlets)
                exists = self.db.execute("SELECT 1 FROM stories WHERE id=?", (st.id,)).fetchone()
                if not exists:
                    self.db.execute("INSERT INTO stories(id, created_at, updated_at, needs_analysis) VALUES(?,?,?,1)",
                                    (st.id, _now(), _now()))
                else:
                    self.db.execute("UPDATE stories SET needs_analysis=1, updated_at=? WHERE id=?", (_now(), st.id))
                if added:
                    self.db.execute("INSERT INTO story_updates(story_id, run_id, at, added_json, new_outlets_json) VALUES(?,?,?,?,?)",
                                    (st.id, run_id, _now(), json.dumps(added), json.dumps(new_outlets)))
                self.db.execute("DELETE FROM copy_groups WHERE story_id=?", (st.id,))
                for g in copy_groups.get(st.id, []):
                    self.db.execute("INSERT INTO copy_groups(story_id, kind, original, evidence, members_json) VALUES(?,?,?,?,?)",
                                    (st.id, g.kind, g.original, g.evidence, json.dumps(g.members)))
            for old, new in (merged or {}).items():
                self.db.execute("UPDATE story_aliases SET story_id=? WHERE story_id=?", (new, old))
                self.db.execute("INSERT OR REPLACE INTO story_aliases(old_id, story_id, run_id, at) VALUES(?,?,?,?)",
                                (old, new, run_id, _now()))
            # a story that comes back under an id once merged away is no longer an alias
            self.db.executemany("DELETE FROM story_aliases WHERE old_id=?", [(st.id,) for st in stories])
            self.db.executemany("INSERT OR IGNORE INTO story_links(story_id, other_id, reason, run_id) VALUES(?,?,?,?)",
                                [(x, y, EVENT_SPLIT, run_id) for a, b in links for x, y in ((a, b), (b, a))])
            # stories emptied by articles that moved
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)")
            self.db.execute("DELETE FROM story_links WHERE story_id NOT IN (SELECT id FROM stories) "
                            "OR other_id NOT IN (SELECT id FROM stories)")
            self.db.execute("DELETE FROM stories_fts WHERE rowid NOT IN (SELECT rowid FROM stories)")
            self.db.execute("DELETE FROM story_analysis WHERE story_id NOT IN (SELECT id FROM stories)")
            self.db.execute("DELETE FROM entities WHERE story_id NOT IN (SELECT id FROM stories)")
            if index_blob is None:
                self.db.execute("DELETE FROM state WHERE key='cluster_index'")
            else:
                self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES('cluster_index', ?)", (index_blob,))
            self.db.execute("INSERT OR REPLACE INTO state(key, value) VALUES('cluster_index_run', ?)", (str(run_id),))
            self.db.executemany("INSERT OR REPLACE INTO state(key, value) VALUES(?, ?)", sorted((state or {}).items()))

    def story_alias(self, story_id: str) -> str | None:
        """The story a merged story's id now leads to, or None."""
        r = self.db.execute("SELECT story_id FROM story_aliases WHERE old_id=?", (story_id,)).fetchone()
        return r[0] if r else None

    def story_members(self, story_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article_id FROM story_articles WHERE story_id=? ORDER BY article_id", (story_id,))]

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The story each of these articles is in (articles in none are left out)."""
        return {r[0]: r[1] for r in self._rows_for("SELECT article_id, story_id FROM story_articles WHERE article_id IN ({ids})", ids)}

    def copy_groups_of(self, story_id: str) -> list[CopyGroup]:
        return [CopyGroup(json.loads(r["members_json"]), r["kind"], r["original"], r["evidence"])
                for r in self.db.execute("SELECT * FROM copy_groups WHERE story_id=?", (story_id,))]

    def pending_stories(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE needs_analysis=1 ORDER BY id")]

    def load_readings(self, ids: Iterable[str], version: str) -> dict[str, dict]:
        """What the model read in these articles in earlier runs (analyze/readings.py), of this version."""
        return {r[0]: json.loads(r[1]) for r in self._rows_for(
            "SELECT article_id, readings_json FROM article_readings WHERE version=? AND article_id IN ({ids})", ids, version)}

    def load_vectors(self, ids: Iterable[str], embedder: str) -> dict[str, tuple[str, bytes, int, bytes | None]]:
        """The sentence vectors kept for these articles by this embedder: id -> (sentences key, float32 bytes,
        dim, the sentences' spans as int32 pairs)."""
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in self._rows_for(
            "SELECT article_id, sentences_key, vectors, dim, spans FROM sentence_vectors WHERE embedder=? "
            "AND article_id IN ({ids})", ids, embedder)}

    def save_vectors(self, vectors: dict[str, tuple[str, bytes, int, bytes]], embedder: str) -> None:
        """Sentence vectors made in this run (id -> (sentences key, float32 bytes, dim, spans)), kept for the next."""
        if vectors:
            with self.tx():
                self.db.executemany(
                    "INSERT OR REPLACE INTO sentence_vectors(article_id, embedder, sentences_key, dim, vectors, spans) "
                    "SELECT ?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM articles WHERE id=?)",
                    [(i, embedder, k, d, b, sp, i) for i, (k, b, d, sp) in vectors.items()])

    def load_copy_keys(self, ids: Iterable[str], version: str) -> dict[str, tuple[str | None, bytes | None]]:
        """The copy checks' keys kept for these articles (dedup.CopyKeys' fields), of this version."""
        return {r[0]: (r[1], r[2]) for r in self._rows_for(
            "SELECT article_id, exact, signature FROM copy_keys WHERE version=? AND article_id IN ({ids})", ids, version)}

    def load_copy_pairs(self, hashes: Iterable[str], version: str) -> dict[frozenset, tuple[str, float]]:
        """The copy pairs found before between any two of these texts (by word hash): pair -> (kind, score)."""
        hashes = set(hashes)
        return {frozenset((r[0], r[1])): (r[2], r[3]) for r in self._rows_for(
            "SELECT a, b, kind, score FROM copy_pairs WHERE version=? AND a IN ({ids})", sorted(hashes), version)
            if r[1] in hashes}

    def save_copy_checks(self, keys: dict[str, tuple[str | None, bytes | None]], pairs: dict[frozenset, tuple[str, float]],
                         version: str) -> None:
        """Keys made and copy pairs found by this run's copy checks, kept for the next run's."""
        if not keys and not pairs:
            return
        with self.tx():
            self.db.executemany("INSERT OR REPLACE INTO copy_keys(article_id, version, exact, signature) "
                                "SELECT ?,?,?,? WHERE EXISTS (SELECT 1 FROM articles WHERE id=?)",
                                [(i, version, e, s, i) for i, (e, s) in keys.items()])
            self.db.executemany("INSERT OR REPLACE INTO copy_pairs(version, a, b, kind, score) VALUES(?,?,?,?,?)",
                                [(version, *sorted(p), k, sc) for p, (k, sc) in pairs.items()])

    def save_analysis(self, story_id: str, analysis: StoryAnalysis, readings: dict[str, dict] | None = None,
                      readings_version: str = "") -> None:
        """A story's analysis, and what the model read in its articles (kept for the next run), in one
        transaction."""
        with self.tx():
            if not self.db.execute("SELECT 1 FROM stories WHERE id=?", (story_id,)).fetchone():
                return   # merged away or emptied since it was read: nothing to attach this analysis to
            self.db.executemany("INSERT OR REPLACE INTO article_readings(article_id, version, readings_json) VALUES(?,?,?)",
                                [(a, readings_version, json.dumps(r, ensure_ascii=False)) for a, r in (readings or {}).items()])
            a = analysis
            self.db.execute(
                """UPDATE stories SET headline=?, summary=?, first_date=?, last_date=?, date_inferred=?, n_articles=?, n_sources=?,
                   n_outlets=?, needs_analysis=0, updated_at=? WHERE id=?""",
                (a.headline.text, a.summary.text, a.first_date, a.last_date, int(a.date_inferred), a.sources.articles, a.sources.independent,
                 a.sources.outlets, _now(), story_id))
            self.db.execute("INSERT OR REPLACE INTO story_analysis(story_id, analysis_json) VALUES(?,?)",
                            (story_id, json.dumps(a.to_dict(), ensure_ascii=False)))
            outlets = list(dict.fromkeys(o.outlet for o in a.outlets if o.outlet))[:8]
            self.db.execute("UPDATE stories SET outlets_json=? WHERE id=?", (json.dumps(outlets, ensure_ascii=False), story_id))
            rowid = self.db.execute("SELECT rowid FROM stories WHERE id=?", (story_id,)).fetchone()[0]
            self.db.execute("DELETE FROM stories_fts WHERE rowid=?", (rowid,))
            self.db.execute("INSERT INTO stories_fts(rowid, story_id, headline, summary, entities) VALUES(?,?,?,?,?)",
                            (rowid, story_id, a.headline.text, a.summary.text, " ".join(e.name for e in a.entities)))
            self.register(a.entities)
            self.db.execute("DELETE FROM entities WHERE story_id=?", (story_id,))
            self.db.executemany("INSERT OR REPLACE INTO entities(story_id, key, name, type, role, mentions) VALUES(?,?,?,?,?,?)",
                                [(story_id, e.key, e.name, e.type, e.role, e.mentions) for e in a.entities])

    # --- reading (CLI, report, web) ----------------------------------------------------------
    from .registry import entity_keys, register, relink_lone_names  # noqa: E402
    from .queries import (article_view, counts, entity_view, export, list_stories, not_articles,  # noqa: E402
                          outlet_names, related_stories, removed_spans, search_articles, story_of_article,
                          story_view)


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (a trigger's BEGIN ... END stays whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip().strip(";").strip():
                yield buf
            buf = ""
    if buf.strip():
        yield buf


def _check_writable(path: Path) -> None:
    """A read-only database or folder, said in one line before SQLite says it less plainly."""
    import os
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"{path} is read-only: storylens needs to write to it (use `serve` or `show` to read it, "
                         f"or copy it somewhere writable)")
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not os.access(folder, os.W_OK):
        raise StoreError(f"the folder of {path} is read-only: SQLite keeps its journal next to the database")


def _plain(path: str, exc: sqlite3.OperationalError) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program for over a minute ({text}); try again when it is done"
    if "readonly" in text or "read-only" in text:
        return f"{path} cannot be written ({text}): check its permissions and its folder's"
    return f"{path} is not a usable storylens database: {text}"


def _meta_json(meta: dict[str, FieldSource]) -> str:
    return json.dumps({k: {"value": v.value, "source": v.source, "inferred": v.inferred} for k, v in meta.items()},
                      ensure_ascii=False)


_ARTICLE_COLUMNS = ("id, url, source, published_given, title_given, language_given, origin, extra_json, clean_text, "
                    "meta_json, '' AS raw_text, NULL AS html")


def _article(r: sqlite3.Row, spans: list[Span]) -> Article:
    meta = {k: FieldSource(v["value"], v["source"], v["inferred"]) for k, v in json.loads(r["meta_json"]).items()}
    return Article(id=r["id"], raw_text=r["raw_text"], html=r["html"], title=r["title_given"], url=r["url"],
                   source=r["source"], published=r["published_given"], language=r["language_given"],
                   origin=r["origin"] or "", extra=json.loads(r["extra_json"]), clean_text=r["clean_text"],
                   removed=spans, meta=meta)
