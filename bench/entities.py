"""People, organisations and places across articles, on ../shared/data/ecbplus-entities-dev.jsonl.gz (ECB+ dev:
772 articles of 43 topics with their named mentions chained across documents; see the data README).

storylens: every article through `storylens analyze` as a user would run it ({id, text} records, no titles,
no dates). A gold mention is found when an entity of its article's story has the mention (without a
possessive 's) as an alias (case-insensitive; else the same last word, one name holding the other's words); among several such entities,
one that lists the mention's article comes first. Scored within each topic and pooled over mentions:
- B3 all: B-cubed F1 of the entity keys against the gold entities, mentions not found as singletons;
- B3 found: the same over found mentions only;
- pairs: precision, recall and F1 of found mention pairs in different articles of a topic (same key?);
- type: accuracy of the entity's type against the gold tag family (person; organisation-like for
  HUMAN_PART_ORG/GPE/FAC/MET, where a group counts as an organisation; place for LOC_*), per family too.
Peers in the same run, on the same mentions: spaCy's NER (en_core_web_sm) with the exact string across a
topic's articles; and the same with surname, acronym, title and company-suffix rules.
Usage: .venv/bin/python bench/entities.py [--keep DIR]
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bcubed, load  # noqa: E402

FAMILY = {"HUMAN_PART_PER": "person", "HUMAN_PART_ORG": "organisation", "HUMAN_PART_GPE": "organisation",
          "HUMAN_PART_FAC": "organisation", "HUMAN_PART_MET": "organisation", "LOC_GEO": "place", "LOC_FAC": "place",
          "LOC_OTHER": "place"}
SHOWN_TYPE = {"person": "person", "organisation": "organisation", "group": "organisation", "place": "place"}
SPACY_TYPE = {"PERSON": "person", "ORG": "organisation", "NORP": "organisation", "GPE": "place", "LOC": "place",
              "FAC": "place"}


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def find(mention: str, entities: list[dict], article_id: str) -> dict | None:
    """The entity (dict with key, type, aliases, articles) that has `mention` as an alias, by the README's rule."""
    mention = re.sub(r"['’]s?$", "", mention.strip())   # "Microsoft's" names Microsoft
    low = mention.lower()
    exact = [e for e in entities if low in e["_names"]]
    if not exact:
        mw = _words(mention)
        if not mw:
            return None
        for e in entities:
            for alias in e["_names"]:
                aw = _words(alias)
                if aw and aw[-1] == mw[-1] and (set(aw) <= set(mw) or set(mw) <= set(aw)):
                    exact.append(e)
                    break
    if not exact:
        return None
    return max(exact, key=lambda e: (article_id in e["articles"], e.get("mentions", 0)))


def score(rows: list[dict], entities_of: dict[str, list[dict]]) -> dict:
    """`entities_of[article_id]`: the entities the system offers for that article's mentions."""
    by_topic = defaultdict(list)
    for r in rows:
        for m in r["mentions"]:
            e = find(m["text"], entities_of.get(r["id"], []), r["id"])
            by_topic[r["topic"]].append((r["id"], m, e))
    n = sum(len(v) for v in by_topic.values())
    acc = defaultdict(float)
    fam_ok, fam_n = defaultdict(int), defaultdict(int)
    pairs = [0, 0, 0]   # both same, predicted same, gold same (found mentions, different articles)
    for topic, items in by_topic.items():
        gold = [m["entity"] for _, m, _ in items]
        pred_all = [e["key"] if e else f"\0{i}" for i, (_, _, e) in enumerate(items)]
        p, r_, f = bcubed(gold, pred_all)
        acc["all_P"] += p * len(items)
        acc["all_R"] += r_ * len(items)
        acc["all_F"] += f * len(items)
        found = [(a, m, e) for a, m, e in items if e]
        acc["found"] += len(found)
        if found:
            p, r_, f = bcubed([m["entity"] for _, m, _ in found], [e["key"] for _, _, e in found])
            acc["found_F"] += f * len(found)
        for i in range(len(found)):
            for j in range(i + 1, len(found)):
                if found[i][0] == found[j][0]:
                    continue
                g = found[i][1]["entity"] == found[j][1]["entity"]
                s = found[i][2]["key"] == found[j][2]["key"]
                pairs[0] += g and s
                pairs[1] += s
                pairs[2] += g
        for _, m, e in found:
            fam = FAMILY.get(m["type"], "place")
            fam_n[fam] += 1
            fam_ok[fam] += SHOWN_TYPE.get(e["type"]) == fam
    pp = pairs[0] / pairs[1] if pairs[1] else 0.0
    pr = pairs[0] / pairs[2] if pairs[2] else 0.0
    return {"all_P": acc["all_P"] / n, "all_R": acc["all_R"] / n, "all_F": acc["all_F"] / n,
            "recall": acc["found"] / n, "found_F": acc["found_F"] / max(1, acc["found"]),
            "pair_P": pp, "pair_R": pr, "pair_F": 2 * pp * pr / (pp + pr) if pp + pr else 0.0,
            "type": sum(fam_ok.values()) / max(1, sum(fam_n.values())),
            "type_by": {k: (fam_ok[k], fam_n[k]) for k in sorted(fam_n)}, "n": n}


def per_type(rows, entities_of) -> dict[str, float]:
    """B3 F1 (all mentions) of each gold family alone."""
    out = {}
    for fam in ("person", "organisation", "place"):
        sub = [dict(r, mentions=[m for m in r["mentions"] if FAMILY.get(m["type"]) == fam]) for r in rows]
        out[fam] = score(sub, entities_of)["all_F"]
    return out


def line(name: str, s: dict, types: dict[str, float], sec: float) -> None:
    tb = "  ".join(f"{k} {ok}/{n}" for k, (ok, n) in s["type_by"].items())
    print(f"{name:38s} B3 all F1 {s['all_F']:.3f} (P {s['all_P']:.3f} R {s['all_R']:.3f})  recall {s['recall']:.3f}  "
          f"B3 found F1 {s['found_F']:.3f}  pairs P {s['pair_P']:.3f} R {s['pair_R']:.3f} F1 {s['pair_F']:.3f}  "
          f"type {s['type']:.3f} ({tb})  {sec:5.1f} s")
    print(f"{'':38s} B3 all F1 by type: " + "  ".join(f"{k} {v:.3f}" for k, v in types.items()))


def _with_names(e: dict) -> dict:
    e["_names"] = {a.lower() for a in e.get("aliases", [])} | {e["name"].lower()}
    return e


def storylens_run(rows: list[dict], keep: Path | None) -> tuple[dict, float]:
    exe = ROOT / ".venv" / "bin" / "storylens"
    with tempfile.TemporaryDirectory() as d:
        d = keep or Path(d)
        src, db = d / "ecb.jsonl", d / "ecb.db"
        db.unlink(missing_ok=True)
        with open(src, "w") as fh:
            for r in rows:
                fh.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        t0 = time.perf_counter()
        subprocess.run([str(exe), "analyze", str(src), "--db", str(db), "-q"], check=True, capture_output=True)
        sec = time.perf_counter() - t0
        con = sqlite3.connect(db)
        story_of = dict(con.execute("SELECT article_id, story_id FROM story_articles"))
        ents = {sid: [_with_names(e) for e in json.loads(js).get("entities", [])]
                for sid, js in con.execute("SELECT story_id, analysis_json FROM story_analysis")}
        con.close()
    return {r["id"]: ents.get(story_of.get(r["id"]), []) for r in rows}, sec


TITLE = re.compile(r"^(?:the\s+)?(?:(?:president|prime minister|minister|secretary|sen\.?|senator|rep\.?|gov\.?|governor|"
                   r"mr\.?|mrs\.?|ms\.?|dr\.?|gen\.?|general|chief|judge|justice|mayor|king|queen|prince|pope|"
                   r"chairman|director|ceo|coach|officer|captain|sheriff|attorney general|actor|actress|singer)\s+)+",
                   re.IGNORECASE)
SUFFIX = re.compile(r"[\s,]+(?:inc|corp|corporation|co|company|ltd|plc|ag|sa|llc|group)\.?$", re.IGNORECASE)


def _norm(s: str) -> str:
    s = re.sub(r"['’]s$", "", s.strip())
    s = TITLE.sub("", s)
    s = SUFFIX.sub("", s)
    return " ".join(_words(s))


def spacy_run(rows: list[dict], nlp, rules: bool) -> dict:
    """Names from spaCy's NER in each article; keys are the exact string across a topic's articles, or with
    `rules` the normalised name, a surname the one full name of the topic ending with it, an acronym the
    name whose initials it is."""
    docs = {r["id"]: [(e.text, SPACY_TYPE[e.label_]) for e in doc.ents if e.label_ in SPACY_TYPE]
            for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=32))}
    topic_names = defaultdict(list)
    for r in rows:
        topic_names[r["topic"]] += [(t, ty) for t, ty in docs[r["id"]]]
    out = {}
    for r in rows:
        key_of = {}
        names = topic_names[r["topic"]]
        if rules:
            full = defaultdict(set)
            for t, ty in names:
                w = _norm(t).split()
                if ty == "person" and len(w) > 1:
                    full[w[-1]].add(" ".join(w))
            initials = {}
            for t, _ in names:
                w = [x for x in _norm(t).split() if x not in ("of", "and", "the", "for")]
                if len(w) > 1:
                    initials.setdefault("".join(x[0] for x in w), _norm(t))
        ents = {}
        for t, ty in docs[r["id"]]:
            k = t.lower()
            if rules:
                k = _norm(t)
                w = k.split()
                if len(w) == 1 and len(full.get(w[0], ())) == 1:
                    k = next(iter(full[w[0]]))
                elif len(w) == 1 and k in initials and t.isupper():
                    k = initials[k]
            e = ents.setdefault(k, {"key": f"{r['topic']}:{k}", "name": t, "type": ty, "aliases": set(), "articles": [r["id"]]})
            e["aliases"].add(t)
        for e in ents.values():
            e["_names"] = {a.lower() for a in e["aliases"]}
        out[r["id"]] = list(ents.values())
    return out


def stage_share(n_clusters: int = 60) -> None:
    """What entity work costs inside story analysis: Multi-News dev clusters ({id, text} records) cleaned,
    embedded and analysed in-process; the analysis timed whole, the entity stage (model reading and
    resolution) and the resolution alone (the same story again with its readings kept)."""
    import storylens.analyze as an
    from storylens import embed
    from storylens.analyze.readings import Readings
    from storylens.clean import clean_articles
    from storylens.config import Settings
    from storylens.ingest.records import article_from_record
    from storylens.model import Issue
    from storylens.text.nlp import load_nlp
    s = Settings()
    nlp, embedder = load_nlp(), embed.load(s)
    spent = {"entities": 0.0, "resolution": 0.0}
    real = an.find_entities

    def timed(ctx, nlp_, readings=None):
        t = time.perf_counter()
        out = real(ctx, nlp_, readings)
        spent["entities"] += time.perf_counter() - t
        t = time.perf_counter()
        real(ctx, nlp_, readings)      # read already: resolution only
        spent["resolution"] += time.perf_counter() - t
        return out

    an.find_entities = timed
    total = 0.0
    for c in load("multinews-dev.jsonl.gz")[:n_clusters]:
        arts = [article_from_record({"id": d["doc_id"], "text": d["text"]}, "bench", s) for d in c["documents"]]
        arts = embed.embed_articles(list(clean_articles([a for a in arts if not isinstance(a, Issue)], s)), embedder)
        t, resolved_before = time.perf_counter(), spent["resolution"]
        an.analyze_story(arts, [], nlp, s, Readings())
        total += time.perf_counter() - t - (spent["resolution"] - resolved_before)   # not the measuring pass
    an.find_entities = real
    ent = spent["entities"]
    print(f"entity work in story analysis ({n_clusters} Multi-News dev stories, in-process, no readings kept): "
          f"resolution {spent['resolution']:.2f} s of {total:.1f} s ({spent['resolution'] / total:.1%}; target <= 10%); "
          f"with the NER model's reading of the names (one pass, shared with the claims) {ent:.1f} s ({ent / total:.1%})")


def main() -> None:
    rows = load("ecbplus-entities-dev.jsonl.gz")
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    print(f"{len(rows)} articles, {len(set(r['topic'] for r in rows))} topics, "
          f"{sum(len(r['mentions']) for r in rows)} named gold mentions")
    ents, sec = storylens_run(rows, keep)
    results = {"storylens": score(rows, ents)}
    line("storylens (analyze)", results["storylens"], per_type(rows, ents), sec)
    from storylens.text.nlp import load_nlp
    nlp = load_nlp()
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        for name, rules in (("spaCy NER, exact string per topic", False), ("spaCy NER + surname/acronym/title/suffix", True)):
            t0 = time.perf_counter()
            out = spacy_run(rows, nlp, rules)
            s = score(rows, out)
            results[name] = s
            line(name, s, per_type(rows, out), time.perf_counter() - t0)
    for peer in list(results)[1:]:
        print(f"ratio storylens/{peer}: B3 all F1 {results['storylens']['all_F'] / results[peer]['all_F']:.3f}  "
              f"type {results['storylens']['type'] / results[peer]['type']:.3f}")


if __name__ == "__main__":
    main()
    stage_share()
