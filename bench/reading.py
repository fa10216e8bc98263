"""What a reader is shown is article text: ../shared/data/boilerplate-dev.jsonl.gz (real news pages with
a human-checked article body) through `storylens analyze`, as a user runs it on what a scraper saved.

Every sentence a story shows as its text (the headline; summary and long-summary sentences; timeline
entries; the sentences of claims and of disagreements; the facts of the coverage table) must lie inside
the gold article body of one of the story's articles: its lower-case word tokens (\\w+) a contiguous run
of the body's. A headline may instead be the page's own title (`<title>`, `og:title` or `<h1>` of its
HTML, tokens contiguous inside one of them, so a title with the site name cut counts).
Prints the share per kind, the total over the kinds the issue counts (headline, summaries, timeline,
claims), and every failure; pages listed apart as not articles are counted too.

Peer in the same run: the same command fed trafilatura's extraction of each page's text (the plain text
wrapped as paragraphs), what a user would otherwise do before storylens.
Usage: .venv/bin/python bench/reading.py [--limit N] [--quiet]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, load  # noqa: E402

from cleaning import as_paragraph_html, trafilatura_html  # noqa: E402

COUNTED = ("headline", "summary", "long summary", "timeline", "claims")
KINDS = COUNTED + ("coverage",)
TITLE_TAGS = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in (
    r"<title[^>]*>(.*?)</title>",
    r"<meta[^>]+property=[\"']og:title[\"'][^>]*content=[\"']([^\"']*)[\"']",
    r"<meta[^>]+content=[\"']([^\"']*)[\"'][^>]*property=[\"']og:title[\"']",
    r"<h1[^>]*>(.*?)</h1>")]


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def inside(needle: list[str], hay: list[str]) -> bool:
    """Whether `needle` is a contiguous run of `hay` (both token lists)."""
    if not needle:
        return True
    n = len(needle)
    first = needle[0]
    return any(hay[i:i + n] == needle for i, t in enumerate(hay) if t == first)


def page_titles(html: str) -> list[list[str]]:
    import html as htmlmod
    out = []
    for rx in TITLE_TAGS:
        for m in rx.finditer(html or ""):
            out.append(tokens(htmlmod.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))))
    return [t for t in out if t]


def shown(story: dict) -> list[tuple[str, str, list[str]]]:
    """(kind, text, article ids it may come from) for every sentence the story shows as its text."""
    a = story["analysis"]
    members = [m["article_id"] for m in story["members"]]
    out = [("headline", a["headline"]["text"], members)]
    for kind, key in (("summary", "summary"), ("long summary", "long_summary")):
        out += [(kind, s["text"], members) for s in (a.get(key) or {}).get("sentences", [])]
    out += [("timeline", e["what"], members) for e in a.get("timeline", [])]
    out += [("claims", c["sentence"], members) for c in a.get("claims", [])]
    for d in a.get("disagreements", []):
        out += [("claims", d[side]["sentence"], members) for side in ("affirms", "negates")]
    out += [("coverage", f["fact"], members) for f in (a.get("coverage") or {}).get("facts", [])]
    return out


def analyze(records: list[dict], work: Path, name: str) -> tuple[dict, float]:
    src = work / f"{name}.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db, out = work / f"{name}.db", work / f"{name}.json"
    t0 = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/storylens"), "analyze", str(src), "--db", str(db), "--json", str(out), "-q"],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8")), time.perf_counter() - t0


def judge(export: dict, gold: dict[str, list[str]], titles: dict[str, list[list[str]]]):
    """Per kind (ok, total), the failures, the stories listed and the pages listed apart."""
    per = {k: [0, 0] for k in KINDS}
    failures = []
    listed, apart = 0, export.get("not_articles", [])
    for st in export["stories"]:
        if not st.get("analysis"):
            continue
        listed += 1
        for kind, text, members in shown(st):
            toks = tokens(text)
            ok = any(inside(toks, gold.get(m, [])) for m in members)
            if not ok and kind == "headline":
                ok = any(inside(toks, t) for m in members for t in titles.get(m, []))
            per[kind][0] += ok
            per[kind][1] += 1
            if not ok:
                failures.append((kind, st["id"], text))
    return per, failures, listed, apart


def report(name: str, per: dict, failures: list, listed: int, apart: int, sec: float, pages: int, quiet: bool) -> float:
    ok = sum(per[k][0] for k in COUNTED)
    total = sum(per[k][1] for k in COUNTED)
    share = ok / total if total else 0.0
    print(f"{name}: {pages} pages -> {listed} stories listed, {len(apart)} pages listed apart as not articles; {sec:.1f} s")
    for p in apart:
        print(f"    not an article: {p['id'][:16]} {p['reason'][:140]}")
    for k in KINDS:
        o, n = per[k]
        note = "  (not in the total)" if k not in COUNTED else ""
        print(f"  {k:13s} {o:5d} / {n:5d} = {o / n if n else 0:.3f} article text{note}")
    print(f"  {'total':13s} {ok:5d} / {total:5d} = {share:.3f} article text")
    if not quiet:
        for kind, sid, text in failures:
            print(f"    not article text [{kind}] {sid}: {text[:150]!r}")
    return share


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--quiet", action="store_true", help="figures only, no list of failures")
    args = ap.parse_args()
    rows = load("boilerplate-dev.jsonl.gz")
    if args.limit:
        rows = rows[: args.limit]
    gold = {r["id"]: tokens(r["gold_text"]) for r in rows}
    titles = {r["id"]: page_titles(r["html"]) for r in rows}
    extracted = trafilatura_html([as_paragraph_html(r["page_text"]) for r in rows])
    runs = [("storylens on the scraped page text", [{"id": r["id"], "url": r["url"], "text": r["page_text"]} for r in rows]),
            ("peer: trafilatura's extraction of the page text, then storylens",
             [{"id": r["id"], "url": r["url"], "text": t} for r, t in zip(rows, extracted)])]
    shares = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, records) in enumerate(runs):
            export, sec = analyze(records, Path(tmp), f"run{n}")
            per, failures, listed, apart = judge(export, gold, titles)
            shares[name] = (report(name, per, failures, listed, apart, sec, len(rows), args.quiet),
                            per["headline"][0] / max(1, per["headline"][1]))
    (s, sh), (p, ph) = shares.values()
    print(f"ratio storylens/peer: shown sentences that are article text {s / p if p else 0:.3f}, headlines {sh / ph if ph else 0:.3f}")


if __name__ == "__main__":
    main()
