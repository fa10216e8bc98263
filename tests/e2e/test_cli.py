"""The real CLI, as a subprocess, on the example corpus and on bad inputs."""
import json
import os
import re
import sqlite3
import subprocess

from ..conftest import EXAMPLE, EXE

ENV = dict(os.environ, NO_COLOR="1")


def run(*args, timeout=600):
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=timeout, env=ENV)


def test_analyze_groups_the_example_and_writes_db_report_json(analyzed_db):
    con = sqlite3.connect(analyzed_db["db"])
    groups = {}
    for aid, sid in con.execute("SELECT article_id, story_id FROM story_articles"):
        groups.setdefault(sid, set()).add(aid[:3])
    assert sorted(map(sorted, groups.values())) == [["000", "001", "002", "003"], ["004"]]
    assert "2 stories from 5 articles" in analyzed_db["stdout"]
    assert str(analyzed_db["report"]) in analyzed_db["stdout"].replace("\n", "")
    html = analyzed_db["report"].read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.split("</head>")[0]
    # removed chrome is shown, marked as removed, on the article view
    assert re.search(r'class="line removed chrome"[^>]*>Show Comments', html)
    assert 'data-testid="summary"' in html and 'class="cite"' in html
    # the story list counts in words a reader reads: the NATO story is one article, one source
    assert ">1 article</span>" in html and ">1 independent source</span>" in html and ">1 articles<" not in html
    export = json.loads(analyzed_db["json"].read_text(encoding="utf-8"))
    assert len(export["stories"]) == 2 and len(export["articles"]) == 5


def test_the_example_names_each_entity_by_one_key_across_its_stories(analyzed_db):
    """Trump, Esper, Stoltenberg, Goffin, Unit 29155 and the GRU: one key each in the whole database, the
    GRU one entity with the Main Intelligence Directorate that the text spells it out as, every entity of a
    story kept (no cap), and the registry knowing each key."""
    con = sqlite3.connect(analyzed_db["db"])
    keys = {}
    for (js,) in con.execute("SELECT analysis_json FROM story_analysis"):
        for e in json.loads(js)["entities"]:
            for alias in e["aliases"]:
                keys.setdefault(alias, set()).add(e["key"])
    for name in ("Donald Trump", "Mark Esper", "Jens Stoltenberg", "Philippe Goffin", "Unit 29155", "GRU"):
        assert len(keys.get(name, ())) == 1, (name, keys.get(name))
    assert keys["GRU"] == keys["Main Intelligence Directorate"]
    assert len(con.execute("SELECT DISTINCT story_id FROM entities WHERE key = 'donald trump'").fetchall()) == 2
    stored = {k for (k,) in con.execute("SELECT key FROM entities")}
    assert stored <= {k for (k,) in con.execute("SELECT key FROM entity_registry")}
    n_listed = sum(len(json.loads(js)["entities"]) for (js,) in con.execute("SELECT analysis_json FROM story_analysis"))
    assert n_listed == con.execute("SELECT count(*) FROM entities").fetchone()[0]


def test_stories_and_show_print_the_story(analyzed_db):
    p = run("stories", "--db", analyzed_db["db"])
    assert p.returncode == 0 and "US intelligence: Russia offered bounties" in p.stdout
    sid = re.search(r"(st-[0-9a-f]{8})\s+│\s+US intelligence", p.stdout).group(1)
    show = run("show", sid, "--db", analyzed_db["db"])
    assert show.returncode == 0
    for part in ("Summary", "Timeline", "Who said what", "Outlets", "denies"):
        assert part in show.stdout
    # outside originals are outlets, named in full (not cut like an article label)
    assert "reprint of sputniknews.com" in show.stdout and "reporting of The Daily Beast" in show.stdout
    missing = run("show", "st-nothere", "--db", analyzed_db["db"])
    assert missing.returncode == 2 and "no story" in missing.stderr and "Traceback" not in missing.stderr


def test_bad_folder_is_processed_with_reasons_and_strict_fails(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for f in EXAMPLE.glob("00[01]*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (folder / "latin.txt").write_bytes(("Le président a déclaré lundi à Genève que les négociations reprendraient. " * 4).encode("latin-1"))
    (folder / "feed.jsonl").write_text('{"id": "r1", "text": "Officials met in Vienna on Monday to discuss arms control and a new treaty."}\n{"id": "r2", "te', encoding="utf-8")
    (folder / "embed.txt").write_text("Tweet with a location\n\nMedia playback is unsupported on your device\n", encoding="utf-8")
    with open(folder / "big.txt", "wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\n")
    db = tmp_path / "m.db"
    p = run("analyze", folder, "--db", db)
    assert p.returncode == 0, p.stderr
    for name, why in (("empty.txt", "empty file"), ("image.png", "binary"), ("latin.txt", "decoded as"),
                      ("feed.jsonl:2", "broken JSON"), ("big.txt", "limit"), ("embed.txt", "no article text")):
        assert name in p.stderr and why in p.stderr, (name, p.stderr)
    con = sqlite3.connect(db)
    ids = {r[0] for r in con.execute("SELECT id FROM articles")}
    assert {"latin", "r1", "embed"} <= ids and len(ids) == 5   # the chrome-only page is kept, with its warning
    # ... with the reason, listed apart: in no story, and the report's section of pages that were not articles
    (why,) = con.execute("SELECT not_article FROM articles WHERE id = 'embed'").fetchone()
    assert why.startswith("no article text") and "embedded player notice" in why
    assert con.execute("SELECT count(*) FROM story_articles WHERE article_id = 'embed'").fetchone() == (0,)
    html = db.with_suffix(".html").read_text(encoding="utf-8")
    assert "1 page was not articles" in html and 'id="article-embed"' in html
    assert "page(s) were not articles" in p.stderr
    strict = run("analyze", folder, "--db", tmp_path / "m2.db", "--strict", "--quiet")
    assert strict.returncode == 1


def _records():
    return [{"id": f.name[:3], "text": f.read_text(encoding="utf-8")} for f in sorted(EXAMPLE.glob("0*.txt"))]


def test_batch_contract_clean_cluster_summarize(tmp_path):
    recs = _records() + [{"id": "h1", "html": "<html><body><article><h1>T</h1><p>" + "Text of a page about talks. " * 10 + "</p></article></body></html>", "extra": 7}]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    assert run("clean", "--input", inp, "--output", tmp_path / "c.jsonl").returncode == 0
    cleaned = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [c["id"] for c in cleaned] == [r["id"] for r in recs]
    assert cleaned[-1]["extra"] == 7 and "Text of a page" in cleaned[-1]["clean_text"]
    assert cleaned[3]["source"] == "sputniknews.com" and cleaned[4]["title"].startswith("NATO, acting")
    assert any(r["reason"] for r in cleaned[0]["removed"])

    assert run("cluster", "--input", inp, "--output", tmp_path / "k.jsonl").returncode == 0
    labelled = [json.loads(x) for x in (tmp_path / "k.jsonl").read_text(encoding="utf-8").splitlines()]
    sid = {r["id"]: r["story_id"] for r in labelled}
    assert sid["000"] == sid["001"] == sid["002"] == sid["003"] != sid["004"]

    story = [dict(r, story_id="A" if r["id"] != "004" else "B") for r in _records()]
    sin = tmp_path / "s.jsonl"
    sin.write_text("".join(json.dumps(r) + "\n" for r in story), encoding="utf-8")
    p = run("summarize", "--input", sin, "--max-words", "60")
    assert p.returncode == 0, p.stderr
    out = [json.loads(x) for x in p.stdout.splitlines()]
    assert {o["story_id"] for o in out} == {"A", "B"}
    texts = {r["id"]: re.sub(r"\s+", " ", r["text"]) for r in story}
    for o in out:
        assert len(o["summary"].split()) <= 60 and o["sentences"]
        for s in o["sentences"]:
            assert any(re.sub(r"\s+", " ", s["text"]) in texts[x] for x in s["sources"])


def test_a_wire_headline_in_three_feeds_counts_once_and_says_which_is_the_original(tmp_path):
    feed = tmp_path / "feed.jsonl"
    wire = "Libyan navy attacks ship carrying oil from rebel port; PM sacked"
    rows = [{"id": f"h{k}", "title": wire, "source": src, "published": f"2014-03-11T1{k}:00:00+00:00"}
            for k, src in enumerate(["Reuters", "Yahoo News", "Business Standard"])]
    rows.append({"id": "h9", "title": "Libya's parliament sacks prime minister Zeidan after oil tanker escapes",
                 "source": "BBC News", "published": "2014-03-11T15:00:00+00:00"})
    feed.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp_path / "f.db"
    assert run("analyze", feed, "--db", db, "--report", tmp_path / "f.html").returncode == 0
    (sid,) = {r[0] for r in sqlite3.connect(db).execute("SELECT story_id FROM story_articles")}
    show = run("show", sid, "--db", db).stdout
    assert "4 articles · 2 independent sources" in show
    assert "original of h1, h2 (exact)" in show and "exact of h0" in show
