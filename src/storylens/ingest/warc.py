"""WARC archives: each HTML response record becomes an article (HTML kept for clean/), via warcio.

A truncated or corrupt record ends the file with an Issue; records before it are kept.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..config import Settings
from ..model import Article, Issue
from .bounded import BoundedInput
from .decode import decode_bytes


def read_warc(path: Path, settings: Settings) -> Iterator[Article | Issue]:
    n = 0
    try:
        with BoundedInput(path) as fh:
            head = fh.read(64)
    except (OSError, EOFError) as exc:
        yield Issue(str(path), f"not a readable WARC file: {str(exc)[:200]}")
        return
    if not head.lstrip().startswith(b"WARC/"):
        # warcio would read such a file (a decompression bomb, say) as one endless header line
        yield Issue(str(path), "not a WARC file: it does not begin with a WARC record header")
        return
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                n += 1
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                origin = f"{path}#{n} {url}"
                if "html" not in ctype.lower():
                    continue
                body = record.content_stream().read(settings.max_file_bytes + 1)
                if len(body) > settings.max_file_bytes:
                    yield Issue(origin, "response body over the size limit")
                    continue
                if getattr(record.raw_stream, "limit", 0):
                    yield Issue(origin, f"WARC record truncated ({record.raw_stream.limit} of {record.length} "
                                        "declared bytes missing); skipped")
                    continue
                html, note = decode_bytes(body)
                if html is None or not html.strip():
                    yield Issue(origin, note or "empty response body")
                    continue
                crawl = record.rec_headers.get_header("WARC-Date")
                aid = hashlib.sha1(url.encode()).hexdigest()[:16] if url else f"{path.stem}-{n}"
                yield Article(id=aid, html=html, url=url or None, origin=origin,
                              extra={"crawled": crawl} if crawl else {})
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield Issue(str(path), f"WARC ends in a broken or truncated record after {n} responses ({str(exc)[:200]})")
    except Exception as exc:  # zlib errors and other decoder failures inside warcio
        yield Issue(str(path), f"WARC could not be read past record {n}: {type(exc).__name__}: {str(exc)[:200]}")
