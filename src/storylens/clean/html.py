"""HTML pages: the main text and metadata through trafilatura (htmldate inside it for the date);
when trafilatura finds nothing, the page's visible text goes through the plain-text rules instead.
The page's visible text is kept as the original, so what extraction dropped can be shown as removed."""
from __future__ import annotations

import logging
import re

import trafilatura
from lxml import html as lxml_html

log = logging.getLogger(__name__)
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article",
               "header", "footer", "nav", "aside", "blockquote", "pre", "figcaption", "dd", "dt", "td", "th", "title"}


def visible_text(html: str) -> str:
    """The page's visible text, one block per line (what a simple scraper would save)."""
    try:
        root = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _BLOCK_TAGS:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag.lower() in _BLOCK_TAGS:
            parts.append("\n")

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", ln).strip() for ln in "".join(parts).split("\n"))
    return "\n\n".join(ln for ln in lines if ln)


def extract(html: str, url: str | None = None) -> tuple[str | None, dict]:
    """(main text or None, metadata dict with title, author, date, sitename, hostname)."""
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        log.info("trafilatura failed on %s: %s", url, exc)
        return None, {}
    if doc is None:
        return None, {}
    d = doc if isinstance(doc, dict) else doc.as_dict()
    meta = {k: d.get(k) for k in ("title", "author", "date", "sitename", "hostname") if d.get(k)}
    text = d.get("text") or ""
    return (text if text.strip() else None), meta
