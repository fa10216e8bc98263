from storylens import embed
from storylens.config import Settings
from storylens.dedup import find_copies, find_paraphrases, outside_originals
from storylens.model import Article, FieldSource

WIRE = ("Rescue teams searched collapsed buildings through the night after the earthquake struck the coastal "
        "town on Tuesday morning. Officials said at least forty people had died and hundreds were injured. "
        "The regional governor asked the national government for tents, water and medical teams. Roads into "
        "the town were blocked by landslides, and helicopters carried the wounded to the provincial capital. ")
OTHER = ("The city council approved a new budget for public libraries on Monday, adding evening hours at six "
         "branches and hiring twelve librarians. Council members debated the plan for three hours before the vote. ")

# a spinner's copies of WIRE: words swapped for synonyms, sentences kept in order
REWORDED = ("Rescue teams searched collapsed buildings through the night after the quake struck the coastal town "
            "on Tuesday morning. Authorities said at least forty people had been killed and hundreds were hurt. "
            "The regional governor asked the national government for tents, water and medical crews. Roads into "
            "the town were cut by landslides, and helicopters flew the injured to the provincial capital. ")
REWORDED_AGAIN = ("Rescuers combed through fallen buildings all night after the earthquake hit the seaside town "
                  "early on Tuesday. Officials said no fewer than forty people had died and hundreds were wounded. "
                  "The provincial governor asked the central government for tents, water and medical teams. Roads to "
                  "the town were blocked by mudslides, and helicopters took the wounded to the regional capital. ")


def _art(i, text, date=None):
    a = Article(id=i, raw_text=text, clean_text=text)
    if date:
        a.meta["published"] = FieldSource(date, "test")
    return a


def test_exact_and_near_duplicates_are_one_group_with_the_earliest_as_original():
    s = Settings()
    arts = [_art("b", WIRE, "2024-03-02"), _art("a", WIRE, "2024-03-01"),
            _art("c", WIRE.replace("forty", "forty-two"), "2024-03-03"), _art("d", OTHER)]
    groups = find_copies(arts, s)
    assert len(groups) == 1
    g = groups[0]
    assert g.members == ["a", "b", "c"] and g.original == "a"
    assert "near-duplicate" in g.evidence


def test_partial_reprint_is_found_and_unrelated_articles_are_not():
    s = Settings()
    longer = WIRE + "Separately, the port reopened after repairs to the main pier. " * 3
    groups = find_copies([_art("full", longer), _art("part", WIRE), _art("x", OTHER)], s)
    kinds = {tuple(g.members): g.kind for g in groups}
    assert ("full", "part") in kinds and kinds[("full", "part")] in ("partial reprint", "near-duplicate")
    assert all("x" not in g.members for g in groups)


def test_headlines_alone_are_not_called_copies():
    s = Settings()
    head = "Earthquake kills forty in coastal town"
    assert find_copies([_art("h1", head), _art("h2", head)], s) == []


def test_reworded_copy_aligns_sentence_by_sentence_but_a_different_report_does_not():
    s = Settings()
    model = embed.load(s)
    arts = list(embed.embed_articles([_art("orig", WIRE, "2024-03-01"), _art("copy", REWORDED, "2024-03-02"),
                                      _art("other", OTHER * 2)], model))
    groups = find_paraphrases(arts, s)
    assert [(g.members, g.kind, g.original) for g in groups] == [(["copy", "orig"], "paraphrase", "orig")]


def test_outside_original_from_a_reprint_marker_and_from_another_outlets_first_person(example_articles):
    g3 = outside_originals(example_articles["003"])
    assert g3 is not None and g3.kind == "reprint" and g3.original == "sputniknews.com"
    g2 = outside_originals(example_articles["002"])
    assert g2 is not None and g2.original == "The Daily Beast"
    assert outside_originals(example_articles["004"]) is None


def _headline(i, title, date):
    a = Article(id=i, title=title, clean_text="")
    a.meta["published"] = FieldSource(date, "test")
    return a


def test_one_wire_headline_in_three_feeds_is_one_source_and_short_generic_titles_are_not_copies():
    s = Settings()
    wire = "Libyan navy attacks ship carrying oil from rebel port; PM sacked"
    arts = [_headline("feed2", wire, "2014-03-11T10:30"), _headline("feed1", wire, "2014-03-11T10:00"),
            _headline("feed3", wire.upper(), "2014-03-11T11:00"),
            _headline("own", "Libya's parliament sacks prime minister Zeidan after oil tanker escapes", "2014-03-11"),
            _headline("gen1", "Business Highlights", "2014-03-11"), _headline("gen2", "Business Highlights", "2014-03-11")]
    groups = find_copies(arts, s)
    assert [(g.members, g.original, g.kind) for g in groups] == [(["feed1", "feed2", "feed3"], "feed1", "exact")]
    assert "same headline" in groups[0].evidence


def test_a_copy_groups_evidence_is_the_same_in_every_run():
    # the LSH index answers a query in the order of a set of strings, which changes with each process's
    # hash seed: the evidence listed for a group must not
    import subprocess
    import sys
    code = ("from tests.dedup.test_copies import _art, WIRE\n"
            "from storylens.config import Settings\nfrom storylens.dedup import find_copies\n"
            "words = WIRE.split()\n"
            "arts = [_art(f'v{i}', ' '.join('changed' if k == 8 * i else w for k, w in enumerate(words))) for i in range(8)]\n"
            "print([(g.members, g.evidence) for g in find_copies(arts, Settings())])\n")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in range(6)}
    assert len(runs) == 1 and "near-duplicate" in runs.pop()


def test_a_later_run_keeps_the_paraphrases_found_before_and_aligns_its_new_articles(tmp_path, monkeypatch):
    # paraphrases are looked for pairwise among a bounded number of a story's articles (3 here, 60 in
    # use): a later run must not lose a pair found before because other articles now fill the bound,
    # and must align its own new articles
    from storylens import pipeline
    from storylens.store import Store
    monkeypatch.setattr(pipeline, "ALIGNED_ARTICLES", 3)
    store, s = Store(tmp_path / "s.db"), Settings()

    def groups():
        return sorted((r[0], r[1]) for r in store.db.execute("SELECT kind, members_json FROM copy_groups"))
    pipeline.analyze_records([{"id": "orig", "text": WIRE, "published": "2024-03-01"},
                              {"id": "copy", "text": REWORDED, "published": "2024-03-02"}], store, s)
    assert groups() == [("paraphrase", '["copy", "orig"]')]
    near = WIRE.replace("Roads into the town were blocked by landslides", "Landslides blocked the roads into the town")
    rep = pipeline.analyze_records([{"id": "near", "text": near, "published": "2024-03-03"},
                                    {"id": "copy2", "text": REWORDED_AGAIN, "published": "2024-03-03"}], store, s)
    assert len(rep.story_ids) == 1 and len(store.story_members(rep.story_ids[0])) == 4
    assert groups() == [("near-duplicate", '["near", "orig"]'), ("paraphrase", '["copy", "orig"]'),
                        ("paraphrase", '["copy2", "orig"]')]


def _variants() -> list[Article]:
    """Reworded and partial copies of two invented wire texts, and pieces of their own."""
    sentences = WIRE.split(". ")
    arts = [_art("w0", WIRE, "2024-03-01"), _art("w1", WIRE, "2024-03-02"), _art("r0", REWORDED, "2024-03-02"),
            _art("r1", REWORDED_AGAIN, "2024-03-03"), _art("o0", OTHER, "2024-03-01"),
            _art("p0", ". ".join(sentences[:3]) + ". The mayor thanked the volunteers.", "2024-03-04"),
            _art("long", OTHER + WIRE + OTHER.replace("libraries", "parks"), "2024-03-05"),
            _art("short", "Too short to count.", "2024-03-02")]
    for n in range(6):
        arts.append(_art(f"v{n}", WIRE.replace("forty", f"{40 + n}").replace("Tuesday", ["Monday", "Tuesday"][n % 2]),
                         f"2024-03-0{n % 5 + 2}"))
    return arts


def test_a_later_check_reads_only_new_texts_and_gives_the_groups_of_checking_every_pair(monkeypatch):
    """Keys and copy pairs kept from the checks of two earlier stories: a later check of the merged story
    with two new articles makes keys for the new ones only, verifies only pairs with a new text, and
    gives the groups (members, kind, original, evidence) of a check of every pair."""
    import storylens.dedup as dedup
    from storylens.dedup import EarlierChecks, check_copies
    s = Settings()
    arts = _variants()
    new = {"v4", "p0"}
    earlier = [a for a in arts if a.id not in new]
    story_of = {a.id: ("s2" if a.id in ("o0", "r1") else "s1") for a in earlier}
    keys, pairs = {}, {}
    for sid in ("s1", "s2"):
        chk = check_copies([a for a in earlier if story_of[a.id] == sid], s)
        keys.update(chk.keys)
        pairs.update(chk.pairs)
    assert set(keys) == set(story_of) and pairs
    shingled: list[str] = []
    real = dedup._shingles
    monkeypatch.setattr(dedup, "_shingles", lambda text, k=5: shingled.append(text) or real(text, k))
    later = check_copies(arts, s, EarlierChecks(keys, story_of, pairs))
    assert set(later.keys) == new                        # keys made for the new articles only
    assert {a.clean_text for a in arts if a.id in new} <= set(shingled)
    stories_of: dict[str, set] = {}
    for i, k in keys.items():
        stories_of.setdefault(k.exact, set()).add(story_of[i])
    # verified now: only pairs of texts never checked in one story (a new text, or texts of two stories)
    assert later.pairs and all(not (stories_of.get(a, set()) & stories_of.get(b, set())) for a, b in later.pairs)
    assert any(not stories_of.get(a) or not stories_of.get(b) for a, b in later.pairs)
    monkeypatch.setattr(dedup, "_shingles", real)
    full = check_copies(arts, s)
    assert [(g.members, g.kind, g.original, g.evidence) for g in later.groups] == \
           [(g.members, g.kind, g.original, g.evidence) for g in full.groups]
    assert any({"v4", "w0", "w1"} <= set(g.members) for g in full.groups)   # the new variant joins the wire group
    assert len(later.pairs) < len(full.pairs) / 2   # most pairs were known
    # with nothing kept, the later check is the full one
    assert check_copies(arts, s, EarlierChecks({}, {}, {})).groups == full.groups


def test_band_candidates_are_the_pairs_an_lsh_index_with_the_same_bands_proposes():
    import numpy as np
    from storylens.dedup import BANDS, ROWS, band_candidates, lsh_index, signature
    from storylens.dedup import copy_keys
    arts = [a for a in _variants() if copy_keys(a).signature is not None]
    sigs = np.vstack([np.frombuffer(copy_keys(a).signature, dtype=np.uint32) for a in arts])
    lsh = lsh_index(bands=(BANDS, ROWS))
    mh = {}
    for a in arts:
        mh[a.id] = signature(dedup_shingles(a.clean_text))
        lsh.insert(a.id, mh[a.id])
    expected = {tuple(sorted((arts.index(next(b for b in arts if b.id == o)), n)))
                for n, a in enumerate(arts) for o in lsh.query(mh[a.id]) if o != a.id}
    assert band_candidates(sigs, list(range(len(arts)))) == expected
    assert expected and band_candidates(sigs, [0]) == {p for p in expected if 0 in p}


def dedup_shingles(text):
    from storylens.dedup import _shingles
    return _shingles(text)


def test_a_later_run_checks_the_new_articles_copies_and_keeps_the_groups_a_full_check_gives(tmp_path, monkeypatch):
    """Through the main job: the next day's run makes copy keys for its new articles only, and the
    story's shingle groups are those of checking every pair of its articles."""
    import storylens.dedup as dedup
    from storylens.pipeline import analyze_records
    from storylens.store import Store
    s = Settings(workers=1)
    arts = _variants()
    recs = [{"id": a.id, "text": a.clean_text, "published": a.date, "source": f"outlet-{a.id}"} for a in arts]
    store = Store(tmp_path / "s.db")
    analyze_records([r for r in recs if r["id"] not in ("v4", "p0")], store, s)
    made: list[str] = []
    real = dedup._keyed
    monkeypatch.setattr(dedup, "_keyed", lambda a: made.append(a.id) or real(a))
    rep = analyze_records([r for r in recs if r["id"] in ("v4", "p0")], store, s)
    assert rep.new == 2 and made and set(made) <= {"v4", "p0"}
    sid = store.stories_of(["v4"])["v4"]
    members = store.load_articles(store.story_members(sid))
    assert len(members) > 5
    shingle_kinds = ("exact", "near-duplicate", "partial reprint")
    stored = sorted((g.members, g.kind, g.original, g.evidence) for g in store.copy_groups_of(sid) if g.kind in shingle_kinds)
    full = sorted((g.members, g.kind, g.original, g.evidence) for g in find_copies(
        sorted(members, key=lambda a: store.story_members(sid).index(a.id)), s))
    assert stored and stored == full
