"""Is a cleaned page an article at all? An error page, a paywall or consent wall, a web archive's
notice, an advert, or a page whose text is (nearly) all site chrome is not news: it is kept in the
database with the reason, counted and listed apart, never grouped into a story.

`not_article_reason(article)` looks at what cleaning kept, in a fixed order, and names the first
rule that decides (or None). The rules are about what a page is, not about its topic:
 1. nothing left: every line was site chrome (the removed lines' reasons are quoted);
 2. an error page: little text saying the page is not there ("404", "page not found", "no longer
    available"), or a web host's placeholder (a domain being mapped, parked or for sale);
 3. a wall: little text asking to subscribe, sign in or accept cookies before reading;
 4. no prose: what is kept (a short text) holds no sentence that reads as article prose; or nearly
    all chrome: a few words kept among many removed, with no two sentences of prose;
 5. an advert or promotion: most of its few sentences call to action or address the reader, or a few
    words kept among lines removed as pitches and calls to action.
A headline-only record (a title, no page text) is an article: it was given as one.
"""
from __future__ import annotations

import re

from ..model import Article
from ..text.prose import not_prose
from .lexicon import ARCHIVE_REASON
from ..text.sentences import sentence_texts

SHORT_PAGE_WORDS = 150     # rules 2, 3 and 5 judge pages with at most this many words of kept text
FEW_WORDS = 30             # rule 4: this few words kept ...
CHROME_RATIO = 10          # ... among at least this many times as many removed
PROMO_SHARE = 0.7          # rule 5: this share of the sentences is not prose,
PITCH_LINES = 3            # or this many lines removed as pitches around a few kept words
# what no article is made of (a heading, a fragment or a question may be an article's, when short)
FURNITURE = ("a photo", "a byline", "a time stamp", "a call to action", "addresses the reader", "a list of links",
             "an interface label", "wiki", "a site's description")
PITCH_REASONS = ("pitch", "call to action", "subscription", "newsletter", "addresses the reader", "donation")

ERROR_PAGE = re.compile(
    r"\berror:? 404\b|\b404\b.{0,12}\b(?:error|not found|page)\b|\bpage (?:was )?not found\b|\b(?:page|article|story|content) (?:you (?:are|were|'re) looking for|you requested|"
    r"requested) (?:is|was|could|cannot|can't|does|no longer)\b|\bno longer (?:be )?available\b|\bhas been (?:removed|deleted|taken down)\b"
    r"|\bcould not be found\b|\baccess (?:denied|forbidden)\b|\b403 forbidden\b|\binternal server error\b|\bsomething went wrong\b"
    r"|\bthis (?:page|content) (?:is|isn['’]t) (?:not )?available\b"
    # a web host's placeholder where a site should be: a domain being set up, parked or for sale
    r"|\b(?:custom )?domain mapping\b|\bthis domain (?:name )?(?:may be |is )?(?:for sale|parked|expired)\b|\bparked (?:free|domain)\b"
    r"|\bsite (?:is )?(?:under construction|coming soon)\b", re.IGNORECASE)
WALL = re.compile(
    r"\b(?:subscribe|sign in|log in|register|sign up)\b.{0,40}\b(?:to (?:continue|read|keep reading|access)|for (?:full|unlimited) access)\b"
    r"|\byou['’]?(?:ve| have) (?:reached|used) (?:your|the|all)\b.{0,30}\b(?:limit|free|articles)\b|\bfree articles? (?:left|remaining)\b"
    r"|\bto continue reading\b|\b(?:please )?(?:enable|allow|accept) cookies\b|\bwe value your privacy\b|\bconsent to (?:the use of )?cookies\b"
    r"|\bare you a robot\b|\bverify (?:that )?you(?: are|['’]re) (?:a )?human\b|\bunusual traffic\b|\bthis content is (?:only )?for subscribers\b",
    re.IGNORECASE)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def not_article_reason(article: Article) -> str | None:
    """Why this cleaned page is not an article (rules above), or None when it reads as one."""
    raw = article.raw_text.strip()
    if not raw:
        return None                                   # a headline-only record, or an empty one
    kept = article.clean_text.strip()
    if not kept and article.title:
        return None                                   # a given title is its text
    chrome = [s for s in article.removed if s.kind == "chrome"]
    n_kept = _words(kept)
    title = article.field("title") or article.title or ""
    if n_kept <= SHORT_PAGE_WORDS:
        # what the page says about itself: its kept text, and with (almost) none kept, the whole page
        # (a web archive's notice about its crawls talks of broken links and '404's: not the page's own words)
        own = "\n".join(s.text for s in chrome if s.reason != ARCHIVE_REASON)[:4000]
        head = f"{title}\n{kept}" + (f"\n{own}" if n_kept < FEW_WORDS else "")
        if (m := ERROR_PAGE.search(head)):
            return f"an error page ('{m.group(0)}', {n_kept} words of article text)"
        if (m := WALL.search(head)):
            return f"a paywall, sign-in or consent wall ('{m.group(0)}', {n_kept} words of article text)"
    if not kept:
        reasons = list(dict.fromkeys(s.reason for s in chrome)) or ["no text"]
        more = f" and {len(reasons) - 3} more" if len(reasons) > 3 else ""
        return f"no article text: every line was site chrome ({', '.join(reasons[:3])}{more})"
    if n_kept > SHORT_PAGE_WORDS:
        return None                                   # the rules below judge short texts only
    sentences = sentence_texts(kept)
    reasons = [not_prose(s) for s in sentences]       # each sentence judged once
    prose = [s for s, r in zip(sentences, reasons) if r is None]
    n_removed = sum(_words(s.text) for s in chrome)
    pitches = [s for s in chrome if any(w in s.reason for w in PITCH_REASONS)]
    if n_kept <= FEW_WORDS and len(prose) < 2 and len(pitches) >= PITCH_LINES:
        return (f"an advert or promotion ({n_kept} words kept; {len(pitches)} lines removed as pitches or calls to action, "
                f"e.g. '{pitches[0].text[:60]}')")
    if not prose and n_kept <= SHORT_PAGE_WORDS and all(r.startswith(FURNITURE) for r in reasons):
        why = sorted(set(reasons))
        return f"no sentence of article prose in its {n_kept} words of text ({', '.join(why[:3])})"
    if n_kept <= FEW_WORDS and n_removed >= CHROME_RATIO * n_kept and len(prose) < 2:
        return f"nearly all site chrome ({n_kept} words kept among {n_removed} removed, no two sentences of prose)"
    pitched = [r for r in reasons if r and any(k in r for k in PITCH_REASONS)]
    if n_kept <= SHORT_PAGE_WORDS and len(sentences) >= 2 and len(pitched) / len(sentences) >= PROMO_SHARE:
        return f"an advert or promotion ({len(pitched)} of {len(sentences)} sentences call to action or address the reader)"
    return None
