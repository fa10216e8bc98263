"""RSS and Atom files through feedparser: each entry is an article; its content (or summary) as HTML."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Iterator

import feedparser

from ..config import Settings
from ..model import Article, Issue


def read_feed(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    feed = feedparser.parse(path.read_bytes()[: settings.max_file_bytes])
    if feed.bozo and not feed.entries:
        yield Issue(str(path), f"not a readable feed ({feed.get('bozo_exception', 'parse error')})")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for n, entry in enumerate(feed.entries):
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "")
        title = entry.get("title")
        if not (content.strip() or (title or "").strip()):
            yield Issue(f"{path}#{n}", "feed entry has no title, content or summary")
            continue
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                published = time.strftime("%Y-%m-%dT%H:%M:%SZ", entry[key])
                break
        link = entry.get("link")
        # an item's identity: its guid or link; without either, its own words (two feeds' different items
        # stay two articles, the same item carried by two feeds is one)
        aid = entry.get("id") or link or f"{title or ''}\x00{content}"
        aid = hashlib.sha1(aid.encode("utf-8", "replace")).hexdigest()[:16]
        body = content if "<" in content else None
        yield Article(id=aid, raw_text="" if body else content, html=f"<html><body><article>{body}</article></body></html>" if body else None,
                      title=title, url=link, source=outlet, published=published, origin=f"{path}#{n}")
