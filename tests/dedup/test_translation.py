"""Translated copies: a German rendering of the example's NATO article (tests/dedup/data/004_de.txt, a
full translation made by hand for this test) and a German report of the same meeting written on its own
(nato_de_own.txt), through the aligner and through the main job."""
import json
import shutil
import sqlite3
from pathlib import Path

from storylens import embed
from storylens.clean import clean_articles
from storylens.dedup.translation import anchors, find_translations
from storylens.ingest import ingest_paths

from ..conftest import EXAMPLE
from ..e2e.test_cli import run

DATA = Path(__file__).parent / "data"


def _german(settings):
    arts = [a for a in ingest_paths([DATA], settings) if hasattr(a, "raw_text")]
    model = embed.load(settings)
    return {a.id.split("_")[0] if a.id.startswith("004") else a.id[:4]: a
            for a in embed.embed_articles(list(clean_articles(arts, settings)), model)}


def test_anchors_are_the_same_in_two_languages():
    en = anchors("She noted that NATO has reduced its presence to under 12,000 troops, most of them non-U.S. forces.")
    de = anchors("Sie wies darauf hin, dass die NATO ihre Präsenz auf unter 12.000 Soldaten reduziert hat, meist keine US-Kräfte.")
    assert {"nato", "#12000", "us"} <= en & de
    # stop words of any language are not names, even capitalised at the start of a sentence
    assert not anchors("The Die Les") and "praesenz" not in de


def test_a_translation_is_a_copy_and_an_own_report_of_the_same_meeting_is_not(settings, embedded_articles):
    german = _german(settings)
    de, own = german["004"], german["nato"]
    assert de.field("language") == "de" and own.field("language") == "de"
    arts = list(embedded_articles.values()) + [de, own]
    groups = find_translations(arts)
    assert [(g.members, g.kind, g.original) for g in groups] == \
        [(sorted([de.id, embedded_articles["004"].id]), "translation", embedded_articles["004"].id)]
    assert "in the same order" in groups[0].evidence
    # the German report names Stoltenberg, Miller, Esper, Trump, Kabul, Katar too, but is no translation;
    # and the bounty articles, which share Afghanistan, NATO and the Taliban with it, are not either
    assert all(own.id not in g.members for g in groups)


def test_the_main_job_counts_a_translation_once_and_reads_the_story_in_its_language(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(EXAMPLE, src)
    shutil.copy(DATA / "004_de.txt", src)
    db, js = tmp_path / "t.db", tmp_path / "t.json"
    p = run("analyze", src, "--db", db, "--json", js, "--report", tmp_path / "t.html")
    assert p.returncode == 0, p.stderr
    con = sqlite3.connect(db)
    story = dict(con.execute("SELECT article_id, story_id FROM story_articles"))
    nato = story[next(a for a in story if a.startswith("004_e"))]
    # the translation joins its original's story (not a story of its own, whatever words it shares)
    assert story["004_de"] == nato
    kinds = [k for (k,) in con.execute("SELECT kind FROM copy_groups WHERE story_id = ?", (nato,))]
    assert kinds == ["translation"]
    export = json.loads(js.read_text(encoding="utf-8"))
    s = next(s for s in export["stories"] if s["id"] == nato)
    a = s["analysis"]
    assert a["sources"]["articles"] == 2 and a["sources"]["independent"] == 1
    assert a["language"] == "en" and a["sources"]["other_languages"] == {"de": 1}
    # an English headline and summary: nothing read from the German copy
    assert a["headline"]["text"] == "NATO, acting US Pentagon chief discuss Afghanistan"
    assert all(c["article_id"] != "004_de" for sent in a["summary"]["sentences"] for c in sent["citations"])
    show = run("show", nato, "--db", db)
    assert "1 in de not read" in show.stdout and "original of 004_de (translation)" in show.stdout
