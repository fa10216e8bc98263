"""Metadata of a cleaned article (title, outlet, wire, byline, publication date, language), each with
where it came from. Works on the classified blocks so it can cite the line that decided."""
from __future__ import annotations

import datetime as dt
import re

from ..model import Article, FieldSource
from ..text.sentences import WIRE_DATELINE
from ..text.temporal import parse_iso
from ..text.tokens import detect_language
from . import lexicon, outlets
from .blocks import Block
from .dates import byline_date, leading_date, not_before, not_in_future, parse_dateline, url_date


def _quote(text: str, n: int = 60) -> str:
    return "'" + (text if len(text) <= n else text[: n - 1] + "…") + "'"


def find_metadata(article: Article, blocks: list[Block], clean_text: str, crawled: dt.date,
                  html_meta: dict | None = None) -> dict[str, FieldSource]:
    meta: dict[str, FieldSource] = {}
    html_meta = html_meta or {}
    # title
    title_block = next((b for b in blocks if b.meta == "title"), None)
    if article.title:
        meta["title"] = FieldSource(article.title.strip(), "given in the input")
    elif html_meta.get("title"):
        title, cut = without_site_name(html_meta["title"], article.url, html_meta.get("sitename"))
        meta["title"] = FieldSource(title, "HTML metadata (trafilatura)" + (f", site name {_quote(cut)} cut" if cut else ""))
    elif title_block:
        repeats = sum(1 for b in blocks if b.meta == "title")
        where = f"line before the article, {title_block.reason.removeprefix('title (').rstrip(')')}"
        if repeats > 1:
            where += f", shown {repeats} times"
        title = _SECTION_LABEL.sub("", title_block.text, count=1)
        if len(title.split()) < 3:
            title = title_block.text
        meta["title"] = FieldSource(title, f"{where}: {_quote(title_block.text)}")
    # outlet, in order of trust
    host = outlets.host_of(article.url)
    marker = next((b for b in blocks if b.meta == "outlet"), None)
    if article.source:
        meta["outlet"] = FieldSource(article.source.strip(), "given in the input")
    elif marker:
        m = lexicon.REPRINT_MARKER.match(marker.text)
        name = m.group("outlet").strip() if m else marker.text
        meta["outlet"] = FieldSource(name, f"reprint marker {_quote(marker.text)}")
        meta["reprint_of"] = FieldSource(name, f"reprint marker {_quote(marker.text)}")
    elif host:
        meta["outlet"] = FieldSource(outlets.outlet_from_host(host), f"web address ({host})")
    elif html_meta.get("sitename"):
        meta["outlet"] = FieldSource(html_meta["sitename"], "HTML metadata (site name)")
    else:
        named = _self_named(blocks)
        if named:
            meta["outlet"] = named
    # wire agency
    wire_block = next((b for b in blocks if b.meta == "wire"), None)
    if wire_block:
        m = lexicon.WIRE_MARKER.match(wire_block.text)
        meta["wire"] = FieldSource(outlets.wire_name(m.group("wire")) if m else wire_block.text, f"line {_quote(wire_block.text)}")
    else:
        m = WIRE_DATELINE.match(clean_text[:300])
        if m:
            meta["wire"] = FieldSource(outlets.wire_name(m.group("wire")), f"dateline {_quote(m.group(0).strip())}")
    # byline
    by = next((b for b in blocks if b.meta == "byline"), None)
    if by:
        m = lexicon.BYLINE.match(by.text) or lexicon.HANDLE_BYLINE.match(by.text)
        meta["byline"] = FieldSource(m.group("name") if m else by.text, f"byline {_quote(by.text)}")
    elif html_meta.get("author"):
        meta["byline"] = FieldSource(html_meta["author"], "HTML metadata (author)")
    # publication date
    meta.update(_published(article, blocks, clean_text, crawled, html_meta))
    # language
    if article.language:
        meta["language"] = FieldSource(article.language, "given in the input")
    else:
        lang, share = detect_language(clean_text or article.raw_text)
        if lang:
            meta["language"] = FieldSource(lang, f"stop words ({share:.0%} of words)", inferred=True)
    return meta


_SECTION_LABEL = re.compile(r"^[^|]{2,25}?\s*\|\s*")   # "Business|Trump's ...", "Opinion | ...": the section before the title
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—-]|::|»|·)\s+")


def without_site_name(title: str, url: str | None, sitename: str | None = None) -> tuple[str, str | None]:
    """A page title without the site's name after (or before) a separator ("... - The New York Times",
    "VentureBeat | ..."): the part that is the site, told by the web address's host or the site name,
    is cut. (title, the part cut or None)."""
    parts = _TITLE_SEPARATOR.split(title.strip())
    if len(parts) < 2:
        return title.strip(), None
    host = (outlets.host_of(url) or "").lower()
    site_words = {w for w in re.findall(r"[a-z0-9]+", host) if w not in ("www", "com", "org", "net", "co", "uk")}
    site_words |= set(re.findall(r"[a-z0-9]+", (sitename or "").lower()))
    def is_site(part: str) -> bool:
        words = re.findall(r"[a-z0-9]+", part.lower())
        squashed = "".join(words)
        return bool(words) and len(words) <= 6 and (all(w in site_words for w in words if len(w) > 2)
                                                     or any(squashed == w or squashed in host.replace(".", "") for w in site_words))
    for i in (len(parts) - 1, 0):
        if is_site(parts[i]):
            rest = parts[:i] + parts[i + 1:]
            kept = " - ".join(rest) if len(rest) > 1 else rest[0]
            if len(kept.split()) >= 2:
                return kept, parts[i]
    return title.strip(), None


def _self_named(blocks: list[Block]) -> FieldSource | None:
    """A known outlet named in the page's own chrome ('notifications from The Independent')."""
    counts: dict[str, tuple[int, str]] = {}
    for b in blocks:
        if b.verdict != "chrome":
            continue
        for name in outlets.names_in(b.text):
            n, first = counts.get(name, (0, b.text))
            counts[name] = (n + 1, first)
    if not counts:
        return None
    name, (n, first) = max(counts.items(), key=lambda kv: kv[1][0])
    return FieldSource(name, f"named in the site's own chrome ({n}x, e.g. {_quote(first)})", inferred=True)


def _published(article: Article, blocks: list[Block], clean_text: str, crawled: dt.date, html_meta: dict) -> dict:
    """The publication date from evidence, in order of trust: the input (a feed's date too), a dateline
    line, the HTML metadata, a date in the web address, a byline's stamp. Without any, the date is
    unknown: `published_range` may then bound it (not before the latest date the text tells as past,
    not after the crawl), with its basis."""
    rejected = []
    crawl_known = bool(parse_iso(article.extra.get("crawled")))
    if article.published:
        if not_in_future(article.published, crawled):
            return {"published": FieldSource(article.published, "given in the input")}
        rejected.append(f"input date {article.published} lies in the future or is not a date")
    for b in blocks:
        if b.meta == "dateline":
            iso = parse_dateline(b.text)
            if not_in_future(iso, crawled):
                return {"published": FieldSource(iso, f"dateline {_quote(b.text)}")}
            rejected.append(f"dateline {_quote(b.text)} lies in the future")
    if html_meta.get("date"):
        if not_in_future(html_meta["date"], crawled):
            return {"published": FieldSource(html_meta["date"], "HTML metadata (htmldate)")}
        rejected.append(f"HTML date {html_meta['date']} lies in the future")
    in_url = url_date(article.url)
    if in_url and in_url[1] == "day":
        if not_in_future(in_url[0], crawled):
            return {"published": FieldSource(in_url[0], f"date in the web address ({_quote(article.url, 80)})")}
        rejected.append(f"the web address's date {in_url[0]} lies in the future")
    for b in blocks:
        if b.meta == "byline" and (iso := byline_date(b.text)):
            if not_in_future(iso, crawled):
                return {"published": FieldSource(iso, f"byline {_quote(b.text)}")}
    opening = next((b.text for b in blocks if b.words), "")
    if (iso := leading_date(opening)) and not_in_future(iso, crawled):
        return {"published": FieldSource(iso, f"the date that opens the text {_quote(opening, 40)}")}
    out: dict = {}
    low, high, basis = None, None, []
    if in_url:           # a month in the web address
        y, mo = map(int, in_url[0].split("-"))
        low = f"{in_url[0]}-01"
        high = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        basis.append(f"the web address names {in_url[0]}")
    # a picture's caption dates the picture: taken before the article (captions are cut from the text)
    captions = "\n".join(b.text for b in blocks if "caption" in b.reason)
    told = not_before(clean_text + ("\n" + captions if captions else ""))
    if told and not_in_future(told[0], crawled) and (low is None or told[0] > low) and (high is None or told[0] <= high):
        low = told[0]
        basis.append(f"not before {told[0]}: the latest date its text tells as past ({_quote(told[1])})")
    if crawl_known and (high is None or crawled.isoformat() < high):
        high = crawled.isoformat()
        basis.append(f"not after {high}: the crawl")
    if low or high:
        out["published_range"] = FieldSource({"not_before": low, "not_after": high}, "; ".join(basis), inferred=True)
    if rejected:
        out["date_rejected"] = FieldSource("; ".join(rejected), "date checks")
    return out
