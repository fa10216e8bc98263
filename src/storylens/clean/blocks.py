"""Decide, line by line, what of a scraped page is article text and what is site chrome.

Rules run in a fixed order and the first that decides names itself in the block's reason:
 1. user overrides (settings.keep_patterns / remove_patterns, optionally per outlet),
 2. metadata lines (reprint marker, wire, byline, dateline) kept aside as metadata,
 3. chrome phrases and shapes (lexicon: share/comment/login/cookie/donation/rating/credit lines,
    counters, run-together tag lists, language menus, text repeated within the page, a web archive's
    notice about its crawl with the paragraphs next to it that go on about the crawl),
 4. corpus evidence (a line repeated across articles of the same outlet or many outlets),
 5. lines that address the reader ("we", "your") next to chrome (pitches, banners),
 6. position: the article body is the densest run of prose lines; short lines before it are the
    page header, after it the footer, and headline-shaped lines inside it are related links.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Settings
from ..text.lines import text_lines
from ..text.tokens import STOPWORDS, WORD
from . import lexicon, outlets
from ..text.prose import LINK_GLYPHS, caption_reason
from .dates import parse_dateline

TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”]$")
ADDRESS = re.compile(r"\b(we|our|us|you|your|yours|we're|we’re|you're|you’re)\b", re.IGNORECASE)
PITCH_MAX_WORDS = 60
NEAR_CORE = 1   # prose lines this close to the main body still count as article text
QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
CAPTION_MAX_WORDS = 60     # a line this long at most may be judged a caption by its shape
CREDIT_REASONS = ("photo caption or credit", "copyright line")
STANDFIRST_REACH = 6       # a byline or date line follows a standfirst within this many lines
TITLE_TO_STANDFIRST = 15  # the first paragraph within this many lines after the title may be a standfirst (menus and ads between)


@dataclass(slots=True)
class Block:
    start: int
    end: int
    text: str
    words: int
    verdict: str = "short"    # body | heading | short | chrome | metadata
    reason: str = ""
    meta: str | None = None    # for metadata blocks: title | outlet | wire | byline | dateline
    key: str = ""              # lower-cased words joined by spaces: what "the same line" compares
    wrapped: bool = False      # the line goes on from the one before (a paragraph hard-wrapped over lines)


MEMO_MAX_CHARS = 400        # lines up to this long are judged once per process (menus recur across a site's pages)


MEMO_LINES = 1 << 15        # lines remembered per memo; a full memo starts again (a plain dict: no per-entry objects)
_WORDS: dict[str, tuple[int, str]] = {}
_RULES: dict[bool, dict[str, tuple[str, str, str | None] | None]] = {False: {}, True: {}}   # by `extracted`
_UNSEEN = object()


def _remember(memo: dict, line: str, value):
    """Keep `value` for `line` (lines up to MEMO_MAX_CHARS; a full memo starts again); returns it."""
    if len(line) <= MEMO_MAX_CHARS:
        if len(memo) >= MEMO_LINES:
            memo.clear()
        memo[line] = value
    return value


def _line_words(line: str) -> tuple[int, str]:
    hit = _WORDS.get(line)
    return hit if hit is not None else _remember(_WORDS, line, _words_of(line))


def _words_of(line: str) -> tuple[int, str]:
    toks = WORD.findall(line.lower())
    return len(toks), " ".join(toks)


def clear_line_memos() -> None:
    """Forget the lines judged so far (benchmarks time a cold start with it)."""
    _WORDS.clear()
    for memo in _RULES.values():
        memo.clear()


def split_blocks(text: str) -> list[Block]:
    blocks = []
    for start, end, line in text_lines(text):
        n, key = _line_words(line)
        blocks.append(Block(start, end, line, n, key=key))
    return blocks


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _override(block: Block, patterns: tuple[str, ...], outlet: str | None) -> str | None:
    for pat in patterns:
        scope, _, rx = pat.partition("::") if "::" in pat else ("", "", pat)
        if scope and (not outlet or scope.lower() not in outlet.lower()):
            continue
        try:
            if re.search(rx, block.text):
                return pat
        except re.error:
            continue
    return None


def _addressing(text: str) -> int:
    return len(ADDRESS.findall(QUOTED.sub(" ", text)))


def _is_prose(block: Block, stop: set[str]) -> bool:
    if block.words >= 20:
        return True
    if block.words < 8 or not TERMINAL.search(block.text):
        return False
    toks = [w.lower() for w in WORD.findall(block.text)]
    return sum(t in stop for t in toks) / max(1, len(toks)) >= 0.12 or block.words >= 12


def _title_case(text: str) -> bool:
    toks = [w for w in WORD.findall(text) if w[0].isalpha() and len(w) > 3]
    return bool(toks) and sum(w[0].isupper() for w in toks) / len(toks) >= 0.75


def first_pass(block: Block, settings: Settings, outlet: str | None, stop: set[str], counts: dict[str, int],
               extracted: bool = False) -> None:
    """Rules 1-3 for one line. `extracted`: the line comes from an HTML extractor's main text, where
    table rows (| cells |) and lines repeated in the article (recipes, stat lines) are content."""
    text = block.text
    if (pat := _override(block, settings.keep_patterns, outlet)):
        block.verdict, block.reason = "body", f"kept by your setting {pat!r}"
        return
    if (pat := _override(block, settings.remove_patterns, outlet)):
        block.verdict, block.reason = "chrome", f"removed by your setting {pat!r}"
        return
    memo = _RULES[extracted]
    found = memo.get(text, _UNSEEN)
    if found is _UNSEEN:
        found = _remember(memo, text, _line_rule(text, extracted))
    if found is not None:
        block.verdict, block.reason, block.meta = found
        return
    norm = block.key
    if counts.get(norm, 0) >= 2 and block.words <= 25 and not extracted:
        block.verdict, block.reason = "chrome", f"repeated {counts[norm]} times in the page"
        return
    block.verdict = "body" if _is_prose(block, stop) else "short"


def _line_rule(text: str, extracted: bool) -> tuple[str, str, str | None] | None:
    """Rules 2-3 for one line: what the line's own text tells (verdict, reason, meta), or None.
    Depends on the text alone, so a line a site repeats on every page is judged once."""
    words, key = _line_words(text)
    if words == 0:
        return "chrome", "no words (punctuation only)", None
    if words <= 6 and (m := lexicon.WIRE_MARKER.match(text)):
        return "metadata", f"wire agency line ({m.group('wire')})", "wire"
    if words <= 10 and (m := lexicon.REPRINT_MARKER.match(text)) and lexicon.PHOTO_AGENCY.match(m.group("outlet").strip()):
        return "chrome", "photo credit (a picture agency, no outlet)", None
    if words <= 10 and (m := lexicon.REPRINT_MARKER.match(text)) and lexicon.ISSUER.match(m.group("outlet").strip()) and \
            ":" not in text and not outlets.names_in(text):
        return "metadata", "press release issuer (a company, no outlet)", None
    if words <= 10 and (m := lexicon.REPRINT_MARKER.match(text)) and "." in m.group("outlet") or (
            words <= 8 and (m := lexicon.REPRINT_MARKER.match(text)) and text.lower().lstrip().startswith(("sourse", "source", "originally", "republished", "this article", "this story"))):
        return "metadata", "reprint marker naming the original outlet", "outlet"
    if words <= 12 and lexicon.BYLINE.match(text) and "minute read" not in text.lower():
        return "metadata", "byline", "byline"
    if words <= 6 and lexicon.HANDLE_BYLINE.match(text):
        return "metadata", "byline (a name and a social-media handle)", "byline"
    if words <= 4 and lexicon.PHOTO_AGENCY.match(text.strip(" ()[]")):
        return "chrome", "photo caption or credit", None
    if words <= 12 and parse_dateline(text) is not None:
        return "metadata", "dateline (publication date and time)", "dateline"
    if lexicon.COUNTER.match(text):
        return "chrome", "number without words (share counter or widget)", None
    if lexicon.LANGUAGE_CHOICE.match(text) and words <= 8:
        return "chrome", "language menu", None
    glued = len(lexicon.GLUED_WORDS.findall(text))
    if glued >= 3 and glued >= words / 4:
        return "chrome", "run-together tag or menu list", None
    if extracted and (text.startswith("|") or "://" in text):
        pass
    elif text.count("|") >= 2 or text.count("•") >= 2 or (text.count("/") >= 3 and words <= 12):
        if words <= 12 and not extracted and _credit_shaped(text):
            return "chrome", "photo caption or credit", None
        return "chrome", "menu (items separated by | • /)", None
    if lexicon.archive_notice(text, key):
        return "chrome", lexicon.ARCHIVE_REASON, None
    if words <= lexicon.LEGAL_MAX_WORDS and lexicon.legal_notice(text, key):
        return "chrome", lexicon.LEGAL_REASON, None
    if words <= lexicon.LEGAL_MAX_WORDS and lexicon.author_note(text, key):
        return "chrome", lexicon.AUTHOR_REASON, None
    if words <= CAPTION_MAX_WORDS and not extracted and (why := caption_reason(text, shape=False)):
        return "chrome", why + " (line)", None
    if words <= 25 or "://" in text or _addressing(text) >= 2:
        reason = lexicon.chrome_phrase(text, key.split())
        if reason:
            return "chrome", reason, None
    return None


_SEPARATED = re.compile(r"\s*[|/•]\s*")


def _credit_shaped(text: str) -> bool:
    """A picture's credit written with separators ("Ann Lee | Bloomberg | Getty Images", "(Image: © NASA/ESA)"):
    its last part is a picture agency, or it opens with the picture word."""
    last = _SEPARATED.split(text.strip(" ()[]."))[-1]
    return bool(lexicon.PHOTO_AGENCY.match(last) or _PICTURE_LABEL.match(text))


_PICTURE_LABEL = re.compile(r"^[(\[]?\s*(?:image|photo|picture|credit|foto|bild)s?\b", re.IGNORECASE)
ARTICLE_BEFORE_COMMENTS = 60    # prose words before the comments section that make it the article (comments come after it)


def _core(blocks: list[Block]) -> tuple[int, int]:
    """The densest run of prose: maximum-sum subarray of per-block scores. Readers' comments come after
    the article: when the page has a run of prose before the line that opens its discussion ("Top Rated
    Comments", "Leave a Reply"; a count of comments under a title opens none), that run is the article
    (a long discussion may hold more prose than the article it discusses)."""
    first = next((i for i, b in enumerate(blocks) if b.verdict == "chrome" and b.reason == lexicon.COMMENTS_REASON
                  and lexicon.DISCUSSION_START.match(b.key)), None)
    if first is not None:
        lo, hi, score = _densest(blocks[:first])
        if score >= ARTICLE_BEFORE_COMMENTS and sum(b.verdict == "body" for b in blocks[lo:hi + 1]) >= 3:
            return lo, hi
    return _densest(blocks)[:2]


def _densest(blocks: list[Block]) -> tuple[int, int, float]:
    best, best_span, cur, cur_start = 0.0, (0, -1), 0.0, 0
    for i, b in enumerate(blocks):
        if b.verdict == "body":
            s = b.words
        elif b.verdict == "chrome":
            # a picture's caption or credit sits between paragraphs of the body: it does not part them
            # (nor do the links of a related-links box set between them)
            s = -1000 if b.reason == lexicon.COMMENTS_REASON else -3 if "caption" in b.reason or b.reason == RELATED_LINK \
                else -(10 + b.words)
        elif b.verdict == "metadata":
            s = -1
        else:
            s = -2
        if cur <= 0:
            cur, cur_start = s, i
        else:
            cur += s
        if cur > best:
            best, best_span = cur, (cur_start, i)
    return best_span[0], best_span[1], best


def classify_blocks(text: str, settings: Settings, outlet: str | None = None, language: str | None = None,
                    repeated=None, given_title: str | None = None, structural: bool = True,
                    blocks: list[Block] | None = None, url: str | None = None) -> list[Block]:
    """Every line of `text` as a Block with a verdict and a reason.

    `repeated(norm_text) -> reason | None` gives corpus evidence (see repeats.py).
    `structural=False` skips the position rules (6.): for text an HTML extractor already cut out of
    the page, where short lines are subheadings rather than menus.
    `blocks`: split_blocks(text) if the caller already has it; `url`: the page's address (its words help
    tell the title line).
    """
    blocks = blocks if blocks is not None else split_blocks(text)
    stop = STOPWORDS.get(language or "en", STOPWORDS["en"])
    counts: dict[str, int] = {}
    for b in blocks:
        counts[b.key] = counts.get(b.key, 0) + 1
    for b in blocks:
        first_pass(b, settings, outlet, stop, counts, extracted=not structural)
        if repeated is not None and b.verdict in ("body", "short") and not b.reason.startswith("kept by"):
            reason = repeated(b.key)
            if reason:
                b.verdict, b.reason = "chrome", reason
    _extend_archive_notices(blocks)
    if structural:
        _join_wrapped(blocks, text, stop)
        _mark_second_copies(blocks)
        _mark_captions(blocks)
    # 5. reader-addressing lines next to chrome: pitches and banners written as prose
    #    (one pass, from lexicon chrome only: a how-to article written to "you" does not chain away;
    #    an extractor's main text has no page chrome around its lines, so it skips this rule)
    if structural:
        pitch = [i for i, b in enumerate(blocks) if b.verdict in ("body", "short") and not b.reason.startswith("kept by")
                 and b.words <= PITCH_MAX_WORDS
                 and any(blocks[j].verdict == "chrome" and blocks[j].reason in lexicon.PHRASE_REASONS
                         for j in (i - 1, i + 1) if 0 <= j < len(blocks))
                 and _addressing(b.text) >= 2]
        for i in pitch:
            blocks[i].verdict, blocks[i].reason = "chrome", "addresses the reader (we/you) next to site chrome: a pitch or banner"
    if not structural:
        _mark_title(blocks, given_title, 0, -1, stop)
        _mark_standfirst(blocks)
        for b in blocks:
            if b.verdict == "short":
                b.verdict, b.reason = "body", "kept by the HTML extraction"
            elif b.verdict == "body" and not b.reason:
                b.reason = "article text (HTML extraction)"
        return blocks
    _mark_teasers(blocks)
    _mark_summary_boxes(blocks, stop)
    _mark_closing_about(blocks)
    lo, hi = _core(blocks)
    _mark_title(blocks, given_title, lo, hi, stop, url)
    if _mark_related_links(blocks):
        lo, hi = _core(blocks)
    _mark_title_standfirst(blocks)
    _mark_standfirst(blocks)
    first_body = next((i for i, b in enumerate(blocks) if b.verdict == "body"), len(blocks))
    for i, b in enumerate(blocks):
        if b.verdict == "short":
            if i < lo:
                b.verdict, b.reason = "chrome", "page header (short line before the article body)"
            elif i > hi:
                b.verdict, b.reason = "chrome", "page footer (short line after the article body)"
            elif TERMINAL.search(b.text) and b.words >= 3:
                b.verdict, b.reason = "body", "short paragraph inside the article body"
            elif _title_case(b.text) and b.words <= 8:
                b.verdict, b.reason = "heading", "section heading inside the article body"
            elif b.words >= 5:
                b.verdict, b.reason = "chrome", "headline-shaped line between paragraphs (link to another article)"
            else:
                b.verdict, b.reason = "chrome", "fragment without a sentence (caption or label)"
        elif b.verdict == "body" and not b.reason:
            if lo <= i <= hi:
                b.reason = "article text"
            elif lo - NEAR_CORE <= i < lo or hi < i <= hi + NEAR_CORE:
                b.reason = "prose next to the main body"
            else:
                b.verdict, b.reason = "chrome", ("prose before the main body (teasers or a standfirst)" if i < lo
                                                 else "prose after the main body (comments, teasers, promotions)")
    return _cut_inline(blocks)


def _inline_cuts(text: str, first: bool) -> list[tuple[int, int, str]]:
    """Spans of furniture run into a paragraph's line (lexicon: a linked name's card, a credit glued
    before the first sentence), as (start, end, reason) within the line."""
    cuts = []
    if first and (m := lexicon.LEAD_CREDIT.match(text)):
        cuts.append((0, m.end("credit"), lexicon.LEAD_CREDIT_REASON))
    if " MORE " in text:
        cuts += [(m.start("card"), m.end("card"), lexicon.HOVER_CARD_REASON) for m in lexicon.HOVER_CARD.finditer(text)]
    return cuts


def _piece(b: Block, lo: int, hi: int, **fields) -> Block | None:
    part = b.text[lo:hi]
    text = part.strip()
    if not text:
        return None
    start = b.start + lo + len(part) - len(part.lstrip())
    n, key = _line_words(text)
    return Block(start, start + len(text), text, n, key=key, **fields)


def _cut_inline(blocks: list[Block]) -> list[Block]:
    """The article's lines with the furniture run into them cut out: a line becomes its kept pieces
    (joined again with a space) and the cut spans (chrome, with their reason)."""
    out: list[Block] = []
    first = True
    for b in blocks:
        cuts = _inline_cuts(b.text, first) if b.verdict == "body" else []
        first = first and b.verdict != "body"
        if not cuts:
            out.append(b)
            continue
        at, wrapped = 0, b.wrapped
        for lo, hi, reason in cuts:
            if (kept := _piece(b, at, lo, verdict="body", reason=b.reason, wrapped=wrapped)):
                out.append(kept)
                wrapped = True
            out.append(_piece(b, lo, hi, verdict="chrome", reason=reason))
            at = hi
        if (kept := _piece(b, at, len(b.text), verdict="body", reason=b.reason, wrapped=wrapped)):
            out.append(kept)
    return out


def _extend_archive_notices(blocks: list[Block]) -> None:
    """A web archive's notice about its crawl runs over several paragraphs (the seed list, the crawler,
    how to ask for the data): the lines next to a notice that keep talking about the crawl and its URLs
    are the notice too, up to the first line of other prose (the captured article)."""
    notices = [i for i, b in enumerate(blocks) if b.reason == lexicon.ARCHIVE_REASON]
    for i in notices:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(blocks) and blocks[j].verdict != "metadata":
                b = blocks[j]
                if lexicon.ARCHIVE_MORE.search(b.text):
                    if b.verdict != "chrome" and not b.reason.startswith("kept by"):
                        b.verdict, b.reason = "chrome", lexicon.ARCHIVE_REASON
                elif b.verdict == "body":
                    break
                j += step


_GOES_ON = re.compile(r"[,;:\-–]$")
_OPEN = re.compile(r"^[^\w\s]*[a-z]")
_SENTENCE_START = re.compile(r"^[\"'“‘(]?[A-Z0-9À-ÖØ-Þ]")
WRAP_COLUMN = 100         # a text wrapped at a column has no line longer than this
WRAP_MIN_WORDS = 8         # a line this long that stops mid-sentence is wrapped, whatever case the next starts in


def _join_wrapped(blocks: list[Block], text: str, stop: set[str]) -> None:
    """A paragraph hard-wrapped over lines (a blog's <br> breaks, a text file wrapped at 72 columns) is
    one paragraph: lines that stop mid-sentence and the lines that go on from them (the next starts in
    lower case, or this one ends on a comma, or is long and has no sentence end) are judged together,
    and kept together when the whole reads as prose."""
    wrapped_text = _hard_wrapped(blocks)
    i = 0
    while i < len(blocks):
        j = i
        while j + 1 < len(blocks) and _goes_on(blocks[j], blocks[j + 1], text, wrapped_text):
            j += 1
        if j > i:
            run = blocks[i:j + 1]
            joined = Block(run[0].start, run[-1].end, " ".join(b.text for b in run), sum(b.words for b in run))
            if _is_prose(joined, stop) and TERMINAL.search(joined.text) and _SENTENCE_START.match(joined.text):
                for k, b in enumerate(run):   # judged by position next, as any paragraph
                    b.verdict, b.reason, b.wrapped = "body", "", k > 0
        i = j + 1


def _hard_wrapped(blocks: list[Block]) -> bool:
    """Whether the text is wrapped at a column: most of its lines of some length are nearly as long as
    its longest line, which is at most WRAP_COLUMN characters (paragraphs one per line are not)."""
    long = [len(b.text) for b in blocks if b.words >= 5]
    if len(long) < 5:
        return False
    width = max(long)
    return width <= WRAP_COLUMN and sum(n >= 0.7 * width for n in long) >= 0.6 * len(long)


def _goes_on(b: Block, nxt: Block, text: str, wrapped_text: bool = False) -> bool:
    if b.verdict not in ("short", "body") or nxt.verdict not in ("short", "body") or b.reason.startswith("kept by") \
            or nxt.words < 2 or " " not in nxt.text:
        return False
    if TERMINAL.search(b.text):
        return False     # a sentence end: the next line is a paragraph of its own
    if _OPEN.match(nxt.text) or _GOES_ON.search(b.text):
        return True      # no sentence starts in lower case; a comma goes on (a scraper may put a blank line between)
    # a long line stopping mid-phrase (on a word in lower case) goes on into the next line when no blank line
    # parts them and the next is no longer than it (a text wrapped at a column; not a title or a subheading
    # before a paragraph, which is far longer)
    return wrapped_text and b.words >= WRAP_MIN_WORDS and nxt.words >= 3 and b.text[-1:].islower() and len(nxt.text) <= 1.4 * len(b.text) \
        and "\n" not in text[b.end:nxt.start].replace("\n", "", 1)


def _mark_captions(blocks: list[Block]) -> None:
    """A picture's caption stands just before its credit ("Name/Agency/Getty Images", "(Image: © ...)",
    "(AP Photo/Name)"): a short prose line right before a credit line is the caption, not article text
    (unless it is the page's only paragraph: a brief under its picture)."""
    if sum(b.verdict == "body" for b in blocks) <= 1:
        return
    for i in range(1, len(blocks)):
        credit, prev = blocks[i], blocks[i - 1]
        if credit.verdict == "chrome" and credit.words <= 8 and (credit.reason in CREDIT_REASONS or credit.reason.startswith("a photo")) \
                and prev.verdict in ("body", "short") and 4 <= prev.words <= CAPTION_MAX_WORDS and not prev.reason.startswith("kept by") \
                and not QUOTED.search(prev.text):
            prev.verdict, prev.reason = "chrome", "photo caption (the line before its credit)"


def _mark_title_standfirst(blocks: list[Block]) -> None:
    """A standfirst: the one paragraph between the title and the byline or date line ("title /
    standfirst / By ... / article", with maybe a picture or a banner before the byline). It sums the
    article up in other words: kept aside as metadata."""
    t = next((i for i, b in enumerate(blocks) if b.meta == "title"), None)
    if t is None:
        return
    for j in range(t + 1, min(len(blocks), t + 1 + TITLE_TO_STANDFIRST)):
        b = blocks[j]
        if b.verdict == "body":
            if b.words <= 50 and _byline_follows(blocks, j) and any(x.verdict == "body" for x in blocks[j + 2:]):
                b.verdict, b.meta, b.reason = "metadata", "standfirst", "standfirst (between the title and the byline or date)"
            return


def _byline_follows(blocks: list[Block], j: int) -> bool:
    """Whether a byline or date line comes after line j before the next paragraph of the article."""
    for x in blocks[j + 1:j + 1 + STANDFIRST_REACH]:
        if x.meta in ("byline", "dateline"):
            return True
        if x.verdict == "body" and x.words >= PARAGRAPH_WORDS:
            return False
    return False


PARAGRAPH_WORDS = 12       # a body line this long is a paragraph of the article (not a label or a name)
TEASER_REASON = "teaser of another article (its 'Read more' link follows)"


def _mark_teasers(blocks: list[Block]) -> None:
    """A paragraph followed by its "Read more" link is a teaser of another article (lists of them follow
    many articles: headline, date, teaser, "Read more"), and the date line just before it is that
    article's date, not this one's."""
    for i in range(len(blocks) - 1):
        b, link = blocks[i], blocks[i + 1]
        if b.verdict in ("body", "short") and b.words >= 8 and not b.reason.startswith("kept by") \
                and link.words <= 4 and link.key in lexicon.READ_MORE:
            b.verdict, b.reason = "chrome", TEASER_REASON
            if i and blocks[i - 1].meta == "dateline":
                blocks[i - 1].verdict, blocks[i - 1].meta, blocks[i - 1].reason = "chrome", None, "date of a teaser of another article"


def _mark_closing_about(blocks: list[Block]) -> None:
    """A press release or a channel's page closes with its publisher describing itself ("Acme is a leading
    provider of ..."), maybe over a few paragraphs about the same subject: when only such paragraphs
    follow it up to the page's footer (its next chrome line), they are boilerplate, not the news."""
    seen_body = False
    for i, b in enumerate(blocks):
        if b.verdict != "body" or b.reason.startswith("kept by"):
            continue
        m = lexicon.ABOUT_BOILERPLATE.match(b.text) if seen_body else None
        seen_body = True
        if not m:
            continue
        subject = (m.group("name") or m.group("channel")).split()[-1]
        run = [i]
        for j in range(i + 1, len(blocks)):
            if blocks[j].verdict == "chrome":
                break
            if blocks[j].verdict == "body":
                if not (subject in blocks[j].text.split()[:3] or lexicon.ABOUT_BOILERPLATE.match(blocks[j].text)):
                    run = []
                    break
                run.append(j)
        for j in run:
            blocks[j].verdict, blocks[j].reason = "chrome", lexicon.ABOUT_REASON
        if run:
            return


RELATED_ITEMS = 8          # links looked for under a related-links heading
RELATED_ITEM_WORDS = 20    # a link's headline is at most this long; a longer line is a paragraph
RELATED_LINK = "link under a related-links heading"


def _mark_related_links(blocks: list[Block]) -> bool:
    """The lines under a related-links heading ("Most Popular", "Trending News", "More in Sports:") are
    links to other articles, up to the first paragraph, metadata line, or sentence after a headline
    (a heading injected between two paragraphs carries one or a few links). Whether any line changed."""
    changed = False
    for h, head in enumerate(blocks):
        if head.reason != "related-links heading" or head.key in lexicon.READ_MORE \
                or head.key == "more" and not head.text.rstrip().endswith(":"):
            continue
        for n, b in enumerate(blocks[h + 1:h + 1 + RELATED_ITEMS]):
            if b.verdict == "metadata" or b.words > RELATED_ITEM_WORDS or b.reason.startswith("kept by") \
                    or n and b.verdict in ("body", "short") and TERMINAL.search(b.text):
                break
            if b.verdict in ("body", "short", "heading"):
                b.verdict, b.reason = "chrome", RELATED_LINK
                changed = True
    return changed


SUMMARY_ITEMS = 6          # items of a summary box looked at
RESTATED = 0.7             # share of an item's content words the rest of the page goes on to say


def _mark_summary_boxes(blocks: list[Block], stop: set[str]) -> None:
    """A summary box ("Key Points", "What we know", "Highlights"): the items under its heading that the
    article goes on to say in its own words are the outlet's summary of it, kept aside as metadata
    (shown once, as the article tells it)."""
    for h, head in enumerate(blocks):
        if head.words > 6 or head.key not in lexicon.SUMMARY_LABELS or head.verdict == "metadata":
            continue
        k = h + 1
        while k < len(blocks) and k - h <= SUMMARY_ITEMS and blocks[k].verdict in ("body", "short") \
                and 5 <= blocks[k].words <= 60 and not blocks[k].reason.startswith("kept by"):
            k += 1
        items = [_content(blocks[i].key, stop) for i in range(h + 1, k)]
        after = {w for x in blocks[k:] if x.verdict == "body" for w in _content(x.key, stop)}
        for n, content in enumerate(items):     # each item against the rest of the page after it
            later = after.union(*items[n + 1:])
            if not content or sum(w in later for w in content) / len(content) < RESTATED:
                break
            b = blocks[h + 1 + n]
            b.verdict, b.meta, b.reason = "metadata", "standfirst", f"summary box ({head.text.strip()!r}): the article says it again"
            if head.verdict != "chrome":
                head.verdict, head.reason = "chrome", "summary box heading"


def _mark_second_copies(blocks: list[Block]) -> None:
    """A long paragraph the page shows twice (a teaser, an AMP or print copy) is article text once."""
    seen: set[str] = set()
    for b in blocks:
        if b.verdict != "body" or b.words <= 25:
            continue
        n = b.key
        if n in seen:
            b.verdict, b.reason = "chrome", "second copy of a paragraph shown earlier in the page"
        seen.add(n)


def _mark_standfirst(blocks: list[Block]) -> None:
    """A paragraph whose words open a later paragraph (a standfirst repeated as the lead) is kept
    aside, so the article does not say it twice."""
    body = [b for b in blocks if b.verdict == "body"]
    for i, b in enumerate(body):
        n = b.key
        if len(n) < 40:
            continue
        if any(later.key.startswith(n) and len(later.text) > len(b.text) for later in body[i + 1:i + 6]):
            b.verdict, b.meta, b.reason = "metadata", "standfirst", "standfirst repeated at the start of the article text"


TITLE_WINDOW = 40       # a title is looked for among this many lines before the article body
_LINK_MARK = re.compile(rf"^\s*(?:[{LINK_GLYPHS}]|(?:related|update|updated|see also|read more|more|watch|video)\s*:)", re.IGNORECASE)
_SLUG_SPLIT = re.compile(r"[^\w]+|_")


def url_words(url: str | None) -> set[str]:
    """The words of a web address's path ('/2019/11/19/wild-beat-sabres-4-1/' -> wild, beat, sabres): a
    page's slug usually spells its title."""
    if not url or "://" not in url:
        return set()
    path = url.split("://", 1)[1].partition("/")[2].partition("?")[0]
    return {w for w in _SLUG_SPLIT.split(path.lower()) if len(w) > 1 and not w.isdigit() and len(w) < 30}


def _content(key: str, stop: set[str]) -> list[str]:
    return [w for w in key.split() if w not in stop and len(w) > 2 and not w.isdigit()]


def _title_evidence(b: Block, body_words: set[str], slug: set[str], stop: set[str], shown_again: bool) -> tuple[float, str] | None:
    """How well a line reads as the page's title: its words spelled by the web address's path, its content
    words told by the article body, the line shown again in the page (the <title> line often opens a
    scraped text: "Title | Section | Site"); with the evidence, or None when none holds enough."""
    words = [w for w in b.key.split() if not w.isdigit()]
    content = _content(b.key, stop)
    if len(content) < 2 or not words:
        return None
    in_slug = sum(w in slug for w in words)
    slug_share = in_slug / len(words)
    body_share = sum(w in body_words for w in content) / len(content)
    spelled = in_slug >= 2 and slug_share >= 0.3
    told = body_share >= 0.5 and len(content) >= 3
    again = shown_again and body_share >= 0.25
    if not (spelled or told or again):
        return None
    why = [f"{in_slug} of its words spell the web address"] if spelled else []
    why += ["shown again in the page"] if shown_again else []
    why += [f"{body_share:.0%} of its words recur in the article"]
    return 1.5 * slug_share * spelled + body_share + 0.3 * shown_again, "; ".join(why)


def _mark_title(blocks: list[Block], given_title: str | None, lo: int, hi: int, stop: set[str],
                url: str | None = None) -> None:
    """The headline: the given title if a line equals it; else, of the headline-shaped lines just before
    the article body (and its first lines), the one the web address spells or whose words the body
    tells, nearest the body on a tie. A menu label, a teaser of another article or a time stamp has
    neither, so a page without a clear title gets none (the story then leads with a sentence)."""
    norm_given = _norm(given_title) if given_title else None
    title_idx, why = None, "title"
    if norm_given:
        title_idx = next((i for i, b in enumerate(blocks) if b.key == norm_given), None)
    if title_idx is None and lo <= hi:
        body_words = set()
        n = 0
        for b in blocks[lo:hi + 1]:
            if b.verdict == "body":
                body_words.update(_content(b.key, stop))
                n += b.words
                if n > 800:
                    break
        slug = url_words(url)
        header = "\n".join(f" {o.key} " for o in blocks[:lo + 3])
        best = None
        for i in range(max(0, lo - TITLE_WINDOW), min(len(blocks), lo + 3)):
            b = blocks[i]
            if not 3 <= b.words <= 30 or b.text.rstrip().endswith((".", ",", ":")) or b.meta is not None \
                    or _LINK_MARK.match(b.text):
                continue     # a sentence, a label, or a link marked as one ("► Update: ...", "Related: ...")
            if b.verdict == "chrome" and not b.reason.endswith("in the page"):
                continue
            if b.verdict == "body" and b.words > 20 or b.wrapped or (i + 1 < len(blocks) and blocks[i + 1].wrapped):
                continue     # a paragraph, or a line of a paragraph wrapped over lines
            if i > lo and blocks[i - 1].text.rstrip().endswith(":"):
                continue     # the first item of a list the article introduces ("Here are the stars: ..."), not the title
            inner = f" {b.key} "
            shown_again = b.reason.endswith("in the page") or header.count(inner) > 1
            ev = _title_evidence(b, body_words, slug, stop, shown_again)
            if ev is None:
                continue
            # a line inside the body (after its first paragraph) is more likely a link to another article
            score = ev[0] - 0.01 * abs(lo - i) - 0.5 * (i > lo)
            if best is None or score > best[0]:
                best = (score, i, ev[1])
        if best:
            title_idx, why = best[1], f"title ({best[2]})"
    if title_idx is None:
        return
    key = blocks[title_idx].key
    first = True
    for b in blocks:
        if b.key == key and b.verdict in ("short", "chrome", "body"):
            b.verdict, b.meta = "metadata", "title"
            b.reason = why if first else "title repeated"
            first = False
