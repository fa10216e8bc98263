"""What the model read in each article is kept between runs: a story analysed again reads only what is
new, and gives the analysis a fresh reading would."""
import json
import shutil

from storylens import embed
from storylens.analyze import analyze_story, readings
from storylens.analyze.readings import Readings
from storylens.dedup import outside_originals
from storylens.model import StoryAnalysis
from storylens.pipeline import analyze_paths
from storylens.store import Store
from storylens.text.nlp import load_nlp

from ..conftest import EXAMPLE


def test_kept_readings_give_the_same_analysis_and_nothing_is_read_again(embedded_articles, settings):
    arts = [embedded_articles[k] for k in ("000", "001", "002", "003")]
    copies = [g for a in arts if (g := outside_originals(a))]
    first = Readings()
    fresh = analyze_story(arts, copies, load_nlp(), settings, first)
    stored = json.loads(json.dumps(first.new()))   # as the database keeps them
    assert set(stored) == {a.id for a in arts}
    assert all(r["names"] and "statements" in r for r in stored.values())
    kept = Readings(stored)
    again = analyze_story(arts, copies, load_nlp(), settings, kept)
    assert again == fresh
    assert fresh.claims and fresh.entities
    assert kept.changed == set()   # the model read nothing again


def _analysis_read_fresh(store: Store, story_id: str, settings) -> StoryAnalysis:
    members = list(embed.embed_articles(store.load_articles(store.story_members(story_id)), embed.load(settings)))
    return analyze_story(members, store.copy_groups_of(story_id), load_nlp(), settings, Readings())


def test_a_later_run_reads_a_changed_article_again_and_agrees_with_a_fresh_reading(tmp_path, settings):
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(EXAMPLE.glob("00[012]_*.txt")):
        shutil.copy(f, src / f.name)
    store = Store(tmp_path / "s.db")
    analyze_paths([src], store, settings)
    assert store.db.execute("SELECT count(*) FROM article_readings").fetchone()[0] == 3
    ids = store.article_ids()
    assert len(store.load_readings(ids, readings.version())) == 3
    assert store.load_readings(ids, "0/another-model-1.0") == {}   # another model's readings are not reused
    # the next day: 003 arrives, and 001 is saved again with a statement it did not have
    shutil.copy(next(EXAMPLE.glob("003_*.txt")), src)
    changed = next(src.glob("001_*.txt"))
    lines = changed.read_text(encoding="utf-8").split("\n")
    lines.insert(1, "Senator Margaret Oduya denied that the briefing had taken place.")
    changed.write_text("\n".join(lines), encoding="utf-8")
    rep = analyze_paths([src], store, settings)
    assert rep.new == 2 and rep.stories_analysed == 1
    sid = rep.story_ids[0]
    stored = store.story_view(sid).analysis
    assert any(c.speaker == "Margaret Oduya" and c.stance == "denies" for c in stored.claims)
    fresh = StoryAnalysis.from_dict(json.loads(json.dumps(_analysis_read_fresh(store, sid, settings).to_dict())))
    assert stored == fresh


def test_a_later_run_embeds_only_its_new_articles_and_agrees_with_embedding_all_again(tmp_path, settings, monkeypatch):
    """Sentence vectors are kept with the articles: the next day's run embeds the new article only, and
    its analysis is the one a run that embeds every article again makes (the kept vectors removed)."""
    import dataclasses
    import sqlite3

    import storylens.pipeline as pipeline
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(EXAMPLE.glob("00[012]_*.txt")):
        shutil.copy(f, src / f.name)
    one = dataclasses.replace(settings, workers=1)
    store = Store(tmp_path / "kept.db")
    analyze_paths([src], store, one)
    first = set(store.article_ids())
    assert {r[0] for r in store.db.execute("SELECT article_id FROM sentence_vectors")} == first
    con = sqlite3.connect(tmp_path / "again.db")
    store.db.backup(con)
    con.execute("DELETE FROM sentence_vectors")
    con.commit()
    con.close()
    shutil.copy(next(EXAMPLE.glob("003_*.txt")), src)
    embedded: list[str] = []
    real = embed.embed_articles

    def counted(articles, embedder, *args, **kw):
        articles = list(articles)
        embedded.extend(a.id for a in articles)
        return real(articles, embedder, *args, **kw)
    monkeypatch.setattr(pipeline.embed, "embed_articles", counted)
    split: list[str] = []
    real_split = embed.article_sentences
    monkeypatch.setattr(embed, "article_sentences", lambda a: split.append(a.id) or real_split(a))
    rep = analyze_paths([src], store, one)
    assert rep.new == 1 and rep.stories_analysed == 1
    new = set(store.article_ids()) - first
    assert embedded and set(embedded) == new      # the earlier articles' vectors were not made again
    assert split and set(split) == new            # nor their sentences split again (their spans are kept)
    embedded.clear()
    again = Store(tmp_path / "again.db")
    analyze_paths([src], again, one)
    assert set(embedded) == set(again.article_ids())   # (the other run embeds every article)
    sid = rep.story_ids[0]
    assert store.story_view(sid).analysis == again.story_view(sid).analysis


def test_a_text_reprinted_word_for_word_is_read_once_with_the_same_result(embedded_articles, settings, monkeypatch):
    """A wire copy and a sentence reprinted in another article are the same text to the model: read once,
    the reading kept for each article, and the analysis the one each read alone gives."""
    from dataclasses import replace

    from storylens.analyze import claims, entities
    nlp = load_nlp()
    original = embedded_articles["000"]
    reprint = replace(original, id="reprint-of-000",
                      sentences=[replace(s, article_id="reprint-of-000") for s in original.sentences])
    parsed = []
    real_parse = claims.parse

    def counting_parse(model, texts, *a, **k):
        texts = list(texts)
        parsed.extend(texts)
        return real_parse(model, texts, *a, **k)
    monkeypatch.setattr(claims, "parse", counting_parse)
    read = Readings()
    named = []
    real_pipe = nlp.pipe

    def counting_pipe(texts, *a, **k):
        texts = list(texts)
        named.extend(texts)
        return real_pipe(texts, *a, **k)
    with monkeypatch.context() as m:
        m.setattr(nlp, "pipe", counting_pipe)
        ents = entities.find_entities(_ctx([original, reprint]), nlp, read)
    assert len(named) == 1    # the copy's text is the original's: read by the model once
    found = claims.find_claims(_ctx([original, reprint]), nlp, ents, read)
    assert parsed and len(parsed) == len(set(parsed))     # each sentence parsed once, not once per article
    assert read.by_article[original.id] == read.by_article[reprint.id]   # kept for both
    alone = Readings()
    claims.find_claims(_ctx([original]), nlp, entities.find_entities(_ctx([original]), nlp, alone), alone)
    assert read.by_article[reprint.id] == alone.by_article[original.id]
    assert {c["article_id"] for c in found} == {original.id, reprint.id}


def _ctx(arts):
    from storylens.analyze.context import StoryContext
    return StoryContext.build(arts, [])


def test_work_kept_under_a_derived_kind_is_made_once_per_text_and_dropped_when_its_code_changes():
    kind = readings.derived_kind("test shapes", "readings.py")
    calls = []

    def make(text):
        calls.append(text)
        return [len(text)]
    r = Readings()
    assert r.kept("a1", kind, "Two sentences. Here.", lambda: make("Two sentences. Here.")) == [20]
    assert r.kept("a1", kind, "Two sentences. Here.", lambda: make("again")) == [20]
    assert r.kept("a1", kind, "Other text now.", lambda: make("Other text now.")) == [15]
    assert calls == ["Two sentences. Here.", "Other text now."]
    stored = json.loads(json.dumps(r.new()))
    assert list(stored["a1"][kind].values()) == [[15]]   # one per article: the older text's work is gone
    # as stored by another version of the code that makes it: not reused, and not carried along
    older = {"a1": {"test shapes/0123456789ab": {readings.text_key("Other text now."): [99]}, **stored["a1"]}}
    again = Readings(older)
    assert "test shapes/0123456789ab" not in again.by_article["a1"]
    assert again.kept("a1", kind, "Other text now.", lambda: make("x")) == [15] and len(calls) == 2
