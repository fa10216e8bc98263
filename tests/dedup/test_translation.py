"""Translated copies: German and Russian renderings of the example's NATO article (tests/dedup/data/
004_de.txt and 004_ru.txt, full translations made by hand for these tests) and a German report of the
same meeting written on its own (nato_de_own.txt), through the aligner and through the main job."""
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

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
    return {a.id if a.id.startswith("004") else a.id[:4]: a
            for a in embed.embed_articles(list(clean_articles(arts, settings)), model)}


def test_anchors_are_the_same_in_two_languages():
    en = anchors("She noted that NATO has reduced its presence to under 12,000 troops, most of them non-U.S. forces.")
    de = anchors("Sie wies darauf hin, dass die NATO ihre Präsenz auf unter 12.000 Soldaten reduziert hat, meist keine US-Kräfte.")
    assert {"nato", "#12000", "us"} <= en & de
    # stop words of any language are not names, even capitalised at the start of a sentence
    assert not anchors("The Die Les") and "praesenz" not in de
    # names in another script are read in Latin letters: 'НАТО', 'Столтенберг', 'США'
    ru = anchors("Пресс-секретарь НАТО сообщила, что Столтенберг сократил присутствие до 12 000 военных США.")
    assert {"nato", "stoltenberg", "#12000", "us"} <= ru


def test_a_translation_is_a_copy_and_an_own_report_of_the_same_meeting_is_not(settings, embedded_articles):
    german = _german(settings)
    de, ru, own = german["004_de"], german["004_ru"], german["nato"]
    assert (de.field("language"), ru.field("language"), own.field("language")) == ("de", "ru", "de")
    arts = list(embedded_articles.values()) + [de, ru, own]
    groups = find_translations(arts)
    en = embedded_articles["004"].id
    assert sorted((g.members, g.kind, g.original) for g in groups) == \
        sorted([(sorted([de.id, en]), "translation", en), (sorted([ru.id, en]), "translation", en)])
    assert all("in the same order" in g.evidence for g in groups)
    # the German report names Stoltenberg, Miller, Esper, Trump, Kabul, Katar too, but is no translation;
    # and the bounty articles, which share Afghanistan, NATO and the Taliban with it, are not either
    assert all(own.id not in g.members for g in groups)


@pytest.mark.parametrize("lang", ["de", "ru"])
def test_the_main_job_counts_a_translation_once_and_reads_the_story_in_its_language(tmp_path, lang):
    # the Russian one shares no word with the English articles as written: it is found by its names
    # spelled in Latin letters (on the code before, it made a story of its own)
    src = tmp_path / "in"
    shutil.copytree(EXAMPLE, src)
    shutil.copy(DATA / f"004_{lang}.txt", src)
    db, js = tmp_path / "t.db", tmp_path / "t.json"
    p = run("analyze", src, "--db", db, "--json", js, "--report", tmp_path / "t.html")
    assert p.returncode == 0, p.stderr
    con = sqlite3.connect(db)
    story = dict(con.execute("SELECT article_id, story_id FROM story_articles"))
    nato = story[next(a for a in story if a.startswith("004_e"))]
    # the translation joins its original's story (not a story of its own, whatever words it shares)
    assert story[f"004_{lang}"] == nato
    kinds = [k for (k,) in con.execute("SELECT kind FROM copy_groups WHERE story_id = ?", (nato,))]
    assert kinds == ["translation"]
    export = json.loads(js.read_text(encoding="utf-8"))
    s = next(s for s in export["stories"] if s["id"] == nato)
    a = s["analysis"]
    assert a["sources"]["articles"] == 2 and a["sources"]["independent"] == 1
    assert a["language"] == "en" and a["sources"]["other_languages"] == {lang: 1}
    # an English headline and summary: nothing read from the translation
    assert a["headline"]["text"] == "NATO, acting US Pentagon chief discuss Afghanistan"
    assert all(c["article_id"] != f"004_{lang}" for sent in a["summary"]["sentences"] for c in sent["citations"])
    show = run("show", nato, "--db", db)
    assert f"1 in {lang} not read" in show.stdout and f"original of 004_{lang} (translation)" in show.stdout


def _two_runs(tmp_path, translation_first: bool):
    """The example and the Russian rendering of 004 in two `analyze` runs, in the given order: the
    story of each article after both, the database, and the rendering's story after the first run."""
    ru = tmp_path / "ru"
    ru.mkdir()
    shutil.copy(DATA / "004_ru.txt", ru)
    db = tmp_path / "t.db"
    runs = [ru, EXAMPLE] if translation_first else [EXAMPLE, ru]
    assert run("analyze", runs[0], "--db", db).returncode == 0
    con = sqlite3.connect(db)
    alone = dict(con.execute("SELECT article_id, story_id FROM story_articles")).get("004_ru")
    con.close()
    p = run("analyze", runs[1], "--db", db)
    assert p.returncode == 0, p.stderr
    con = sqlite3.connect(db)
    return dict(con.execute("SELECT article_id, story_id FROM story_articles")), con, alone


@pytest.mark.parametrize("translation_first", [False, True], ids=["original-first", "translation-first"])
def test_a_translation_and_its_original_in_two_runs_end_in_one_story(tmp_path, translation_first):
    # original first: the rendering is found from the original's stored text, not only within one run;
    # translation first: the rendering made a story of its own, and when the original comes it leaves
    # that story for the original's (on the code before, it stayed alone)
    story, con, alone = _two_runs(tmp_path, translation_first)
    original = next(a for a in story if a.startswith("004_e"))
    assert story["004_ru"] == story[original] != story["000_d3aa78e8f22ee53a"]
    assert con.execute("SELECT kind, original FROM copy_groups WHERE story_id = ?", (story[original],)).fetchall() == \
        [("translation", original)]
    assert con.execute("SELECT COUNT(*) FROM story_articles WHERE story_id = ?", (story[original],)).fetchone()[0] == 2
    if translation_first:
        # the story keeps the id the translation's story had (ids stay stable)
        assert story[original] == alone


def test_a_translation_stays_with_its_original_when_a_later_run_regroups_their_story(tmp_path):
    # the example, then the Russian rendering of 004 (it joins its original), then a new version of another
    # article whose edges reopen that story: the rendering is grouped again with the story's articles and
    # must find its original again (on the code before, it made a story of its own, by its Russian words)
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE, folder)
    db = tmp_path / "t.db"
    assert run("analyze", folder, "--db", db, "-q").returncode == 0
    shutil.copy(DATA / "004_ru.txt", folder)
    for step in range(3):
        if step:
            page = sorted(folder.glob(f"00{step}_*"))[0]
            page.write_text(page.read_text() + f"\n\nUpdate {step}: this page was edited after it first ran.\n")
        p = run("analyze", folder, "--db", db, "-q")
        assert p.returncode == 0, p.stderr
        con = sqlite3.connect(db)
        story = dict(con.execute("SELECT article_id, story_id FROM story_articles"))
        kinds = con.execute("SELECT kind FROM copy_groups WHERE story_id = ?", (story["004_ru"],)).fetchall()
        con.close()
        assert story["004_ru"] == story[next(a for a in story if a.startswith("004_e"))] and kinds == [("translation",)], step
