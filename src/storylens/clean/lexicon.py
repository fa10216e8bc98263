"""Phrases and shapes that mark site chrome rather than article text, in several languages.

Each entry is (compiled pattern, reason shown to the user). Patterns match whole short lines or
tell-tale phrases inside longer ones; they are deliberately about page furniture (sharing, comments,
subscriptions, cookies, logins, ratings, credits), never about news topics.
"""
from __future__ import annotations

import re

from ..text.cues import any_of
from . import outlets


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE | re.UNICODE)


def _lower(pattern: str) -> re.Pattern:
    """For CHROME_PHRASES: matched against the lower-cased line (faster than IGNORECASE)."""
    return re.compile(pattern, re.UNICODE)


# phrases that make a line chrome wherever they occur (the line is short or the phrase dominates it);
# written in lower case and matched against the lower-cased line. Each comes with its cues: words
# (lower-cased \w tokens) of which any match must contain one, so a line without any cue skips the
# pattern (most lines have none: checking cues is one set operation). NON_ASCII: run the pattern
# only on lines with a non-ASCII character. tests/clean/test_lexicon.py checks cues against patterns.
NON_ASCII = "<non-ascii>"
COMMENTS_REASON = "start of the comments section"
# of those, the lines that open a discussion (not a count of comments, which many pages show under the title):
# matched on the line's lower-cased words
DISCUSSION_START = re.compile(r"^(?:top|most|best) (?:rated|recent|popular|liked) (?:comments|responses|replies)\b|^(?:reader|readers|user) comments\b"
                              r"|^(?:leave|post|write|add) a (?:reply|comment|response)\b|^join the (?:discussion|conversation)\b"
                              r"|^(?:\d+|one|two) (?:thoughts|responses?|replies) (?:on|to)\b|^what do you think$")
CHROME_PHRASES: list[tuple[re.Pattern, str, str]] = [
    (_lower(r"^(\d+\s+)?((top|most|best) (rated|recent|popular|liked) |reader |readers' |user )?(comments?|responses?|replies|discussion|reactions)(\s*\(\d+\))?\s*:?$"
        r"|^(leave|post|write|add) a (reply|comment|response)\b|^join the (discussion|conversation)\b|^(\d+|one|two) (thoughts|responses?|replies) (on|to)\b|^what do you think\??$"), COMMENTS_REASON, "comment comments response responses replies reply discussion reactions join thoughts think"),
    (_lower(r"\b(show|hide|load|view|read|post|leave|add) (all |more |the )?comments?\b|\bcomments? \(\d+\)|^\d+ comments?$"), "comments widget", "comment comments"),
    (_lower(r"\b(share|tweet|email|print|pin) (this|on|via|it)\b|^share$|^share (article|story)|\bshare on (facebook|twitter|whatsapp|linkedin|x)\b"), "share buttons", "share tweet email print pin"),
    (_lower(r"\b(follow|like) us on\b|\bjoin us on\b|\bfollow @\w+"), "social media prompt", "follow like join"),
    (_lower(r"\b(subscribe|sign up|signup|register|log ?in|sign in|newsletter|inbox)\b.{0,60}\b(free|now|today|newsletter|updates|access|account|email|here)\b"), "subscription or login prompt", "subscribe sign signup register login log newsletter inbox"),
    (_lower(r"\bthank you for (registering|subscribing|signing up|reading)\b|\balready (a subscriber|have an account|registered)\b|\brefresh (the|your) (page|browser)\b|\blogged in\b"), "subscription or login prompt", "thank already refresh logged"),
    (_lower(r"\bnotifications?\b.{0,40}\b(browser|preferences|enable|allow|managed|stay up to date)\b|\bstay up to date with\b"), "notifications banner", "notification notifications stay"),
    (_lower(r"\b(we|this (web)?site) uses? cookies\b|\bcookie (policy|settings|preferences|consent)\b|\baccept (all )?cookies\b|\bprivacy (policy|notice|settings)\b|\bterms (of|and) (use|service|conditions)\b"), "cookie or legal banner", "cookies cookie privacy terms"),
    (_lower(r"\b(your|a) (support|donation|contribution)\b.{0,80}\b(helps?|allows?|makes|keeps?|matters|us)\b|\bdonate (now|today)\b|\bsupport (our|independent) journalism\b|\bbecome a (member|subscriber|supporter|patron)\b|\bpaywalls?\b"), "donation or subscription pitch", "support donation contribution donate become paywall paywalls"),
    (_lower(r"\b(all rights reserved|copyright ©?\s*\d{4}|©\s*\d{4})\b|\(copyright\b"), "copyright line", "rights copyright ©"),
    (_lower(r"^(advertisement|advertising|sponsored( content)?|promoted|ad|anzeige|publicité|publicidad)$"), "advertisement label", "advertisement advertising sponsored promoted ad anzeige publicité publicidad"),
    (_lower(r"^(related|more|read more|see also|recommended|most (read|popular|viewed)|trending( now)?|you may also like|what to read next|top stories|latest( news)?|related (articles|stories|coverage|topics))\b.{0,40}$"), "related-links heading", "related more see recommended most trending you what top latest"),
    (_lower(r"\b(read|watch|listen) (more|next|now|also)\s*:|^(read|see) also\b|^also read\b|^watch:|^listen:"), "related-links prompt", "read watch listen see also"),
    (_lower(r"^\d+(\.\d+)? ?\(\d+%\) ?\d+ votes?$|\b\d+ votes?\b.{0,10}$|\brate this\b|\bstar rating\b"), "rating widget", "vote votes rate star"),
    (_lower(r"^(image|photo|picture|video|graphic|illustration|credit|source|foto|bild)( credit)?s?\s*[:|].{0,80}$|\((getty|ap|afp|reuters|epa|shutterstock)( images?| photo)?\)$|\b(getty images|shutterstock|afp via getty)\b"), "photo caption or credit", "image images photo photos picture pictures video videos graphic graphics illustration illustrations credit credits source sources foto fotos bild bilds getty ap afp reuters epa shutterstock"),
    (_lower(r"^\d+ (min(ute)?s?|hours?|days?) (read|ago)$|^(updated|published|posted|last updated|first published)\b.{0,40}$|\bminute read\b"), "time stamp or reading-time label", "min mins minute minutes hour hours day days updated published posted"),
    (_lower(r"^(home|menu|search|skip to (main )?content|back to top|close|open|next|previous|prev|more|toggle navigation|main menu|sections?)$"), "navigation", "home menu search skip back close open next previous prev more toggle main section sections"),
    (_lower(r"\b(in|to|meet) your inbox\b|\bnewsletters?\b.{0,40}\b(sign|subscribe|delivered)\b|\b(join|sign up (for|to)|subscribe to) (our|the) mailing list\b"
            r"|\b(get|receive) (breaking |the latest |instant )?(news |email |push )?alerts\b|\bdelivered (to you |straight to you )?(every |each )?(weekday |week ?day |sunday |saturday )?(mornings?|evenings?|daily|weekly)\b"), "newsletter pitch", "inbox newsletter newsletters mailing alerts delivered"),
    (_lower(r"(^|[.?!] )subscribe to (our|the|this)\b|\buse (the )?(promo |coupon |discount |offer )?code\b|\bfor as little as\b"), "subscription pitch", "subscribe code little"),
    (_lower(r"\bif you (buy|purchase|click)\b.{0,80}\b(commission|share of the sale|may (earn|get|receive))\b|\baffiliate (links?|commissions?|partnerships?)\b"), "affiliate disclosure", "if affiliate"),
    (_lower(r"\bhave a (news )?tip\b|\b(may|can) be reached at\b|\bfollow\b.{0,60}\bon (facebook|twitter|instagram)\b|^also on [\w\-]+\.\w+"), "contact or follow line", "tip reached follow also"),
    (_lower(r"^\(?(additional |writing and )?(reporting|writing|editing) by\b|\b(writers?|reporters?|correspondents?)\b.{0,160}\bcontributed( to this (report|story|article))?\.?\)?$"), "reporting credits", "reporting writing editing contributed"),
    (_lower(r"\b(click|tap) here\b|\bdownload (our|the) app\b|\bget the app\b|\bopen in app\b|\btry it (free|now|today)\b|\b(start|get|begin|claim) (your|a|the) (\d+-day )?free trial\b"
            r"|\b(here|now|free|today)\s*[!:.]?\s*https?://\S+$"
            r"|^(watch|listen to|stream) .{0,80}\b(weeknights|weekdays|weekends|every (night|weekday|week)|live on|on demand|only on)\b"),
     "call to action", "click tap download get open try start begin claim here now free today watch listen stream"),
    (_lower(r"\bcontinue reading (the main story|below)\b|^story continued below$"), "continue-reading marker", "continue continued"),
    (_lower(r"\b(please )?enable javascript\b|\bjavascript is (disabled|required|not enabled|turned off)\b|\bmedia playback is unsupported\b"
        r"|\brating is available when the video has been rented\b|\bthis feature is not available right now\b"
        r"|\binteractive transcript could not be loaded\b|\byour browser does not support (the )?(video|audio|html5)\b"
        r"|\bthis video is (copyright protected|represented by)\b|\bfor (any )?licensing requests?\b"), "embedded player notice", "enable javascript playback rating feature transcript browser video licensing"),
    (_lower(r"^tweet with a location$|\b(add|adding) (location information|a location) to your tweets\b|\btwitter stores (that|the) location\b"
        r"|\byou can switch location information off\b"), "embedded tweet notice", "tweet tweets twitter location"),
    (_lower(r"\b(kommentare?|teilen|abonnieren|newsletter abonnieren|weiterlesen|mehr zum thema|anmelden)\b"), "chrome phrase (German)", "kommentar kommentare teilen abonnieren weiterlesen mehr anmelden"),
    (_lower(r"\b(commentaires?|partager|s'abonner|abonnez-vous|lire aussi|à lire aussi|se connecter)\b"), "chrome phrase (French)", "commentaire commentaires partager s'abonner abonnez lire se"),
    (_lower(r"\b(comentários?|comentarios?|compartir|suscríbete|suscribirse|lee también|iniciar sesión|leia também|compartilhe|assine)\b"), "chrome phrase (Spanish/Portuguese)", "comentário comentários comentario comentarios compartir suscríbete suscribirse lee iniciar leia compartilhe assine"),
    (_lower(r"\b(commenti|condividi|iscriviti|leggi anche|accedi)\b"), "chrome phrase (Italian)", "commenti condividi iscriviti leggi accedi"),
    (_lower(r"\b(комментари|поделиться|подписаться|читайте также)\w*"), "chrome phrase (Russian)", NON_ASCII),
]

# legal small print of a site (trademarks, disclaimers, terms): chrome at any length up to LEGAL_MAX_WORDS
LEGAL_NOTICE = _p(r"\b(?:is|are) (?:a )?(?:registered )?trademarks? of\b|\ball (?:other )?(?:trademarks|rights)\b.{0,60}\b(?:property|owners?|reserved)\b"
                  r"|\bintellectual property (?:rights )?of\b|\b(?:information|content|material)s? (?:provided|contained|published) on this (?:web)?site\b"
                  r"|\bconsult (?:your|a) (?:physician|doctor|healthcare provider) before\b|\bfor (?:informational|educational) purposes only\b"
                  r"|\bdoes not constitute (?:medical|legal|financial|investment) advice\b|\bresults (?:may|will) vary\b"
                  r"|\bdo(?:es)? not imply the expression of any opinion\b")
_LEGAL_CUES = re.compile(r"\b(?:trademarks?|rights|intellectual|site|website|consult|purposes|advice|vary|imply)\b")


def legal_notice(text: str, key: str) -> bool:
    """Whether a line (its text, its lower-cased words `key`) is a site's legal small print; the pattern
    runs only on lines holding one of its cue words."""
    return bool(_LEGAL_CUES.search(key)) and bool(LEGAL_NOTICE.search(text))


LEGAL_REASON = "legal small print (trademarks, disclaimer)"

# a note about the writer closing an article ("Her book ... is out now. Follow her on Twitter @name"): chrome at
# any length up to LEGAL_MAX_WORDS (a news sentence does not tell the reader to follow its writer)
AUTHOR_NOTE = _lower(r"\bfollow (him|her|them|me|us) (on (twitter|facebook|instagram|linkedin|threads|bluesky|mastodon)|@\w)")
AUTHOR_REASON = "note about the writer (follow them on social media)"


def author_note(text: str, key: str) -> bool:
    return "follow" in key and bool(AUTHOR_NOTE.search(text.lower()))
LEGAL_MAX_WORDS = 90

# a web archive's own notice about its crawls, saved with the page (Wayback Machine captures): chrome at
# any length, since it is a paragraph of prose about the archive, not about the news
ARCHIVE_NOTICE = _p(r"\balexa internet has been donating\b|\bcrawl data to the internet archive\b|\bthese crawls are part of "
                    r"an effort to archive\b|^the seed for wide\d+ was\b|\bthis crawl was run at a level\b"
                    r"|\bcrawls performed by (?:ia|the internet archive)\b"
                    # a crawl described in the archive's own terms (its seed list, WARC files, crawler)
                    r"|\bseed ?list\b|\bwarc files?\b|\boutlinks\b|\bheritrix\b|\bwide crawls?\b"
                    r"|\barchive-it\b.{0,40}\binternet archive\b|\bweb collections? curated\b")
ARCHIVE_REASON = "web archive notice"
# a notice goes on over the paragraphs next to it that keep talking about the crawl and its URLs
ARCHIVE_MORE = _p(r"\bcrawl(?:s|ed|er|ers|ing)?\b|\burls?\b|\bseed\b|\bwide\d+\b|\bwarc\b|\b(?:inter-?)?domains?\b")


def archive_notice(text: str, key: str) -> bool:
    """Whether a block (its text, its lower-cased words `key`) is a web archive's crawl notice; the
    pattern runs only on blocks that name a crawl or a crawl seed (few do), so long text costs nothing."""
    return ("crawl" in key or "archive" in key or key.startswith("the seed for wide")) and bool(ARCHIVE_NOTICE.search(text))

PHRASE_REASONS = frozenset(reason for _, reason, _ in CHROME_PHRASES)
_CUES = [None if c == NON_ASCII else frozenset(c.split()) for _, _, c in CHROME_PHRASES]
_ALL_CUES = frozenset().union(*(c for c in _CUES if c))


def chrome_phrase(text: str, tokens: list[str]) -> str | None:
    """The reason of the first chrome phrase in `text` (its lower-cased \\w tokens given), or None."""
    present = _ALL_CUES.intersection(tokens)
    if "©" in text:
        present = present | {"©"}
    ascii_only = text.isascii()
    if not present and ascii_only:
        return None
    lowered = text.lower()
    for (pattern, reason, _), cues in zip(CHROME_PHRASES, _CUES):
        if (cues is None and not ascii_only) or (cues is not None and not cues.isdisjoint(present)):
            if pattern.search(lowered):
                return reason
    return None


def chrome_phrase_unfiltered(text: str) -> str | None:
    """chrome_phrase without the cue filter: every pattern on every line (for tests)."""
    lowered = text.lower()
    return next((reason for pattern, reason, _ in CHROME_PHRASES if pattern.search(lowered)), None)

# markers that carry metadata, not body text: the line is kept aside as metadata
REPRINT_MARKER = _p(r"^\s*(?:sourse|source|sources|originally (?:published|appeared) (?:at|on|in|by)|via|republished from|this (?:article|story) (?:first |originally )?appeared (?:on|in|at))\s*[:\-]?\s*(?P<outlet>[\w.\- ]{2,60}?)\s*\.?\s*$")
# picture agencies: 'Source: Getty Images' under a photo credits the picture, it names no outlet
PHOTO_AGENCY = _p(r"^(?:.*/\s*)?(?:getty(?: images)?|shutterstock|istock(?:photo)?|corbis|alamy|wireimage|filmmagic|"
                  r"ap photos?|ap images|epa(?:-efe)?|invision|rex(?: features)?|rex/shutterstock|thinkstock|"
                  r"dreamstime|flickr|wikimedia commons|reuters pictures)(?:\s+for\s+.*)?$")
# a press release's last line names the company that issued it ('SOURCE Acme Corp.'): no outlet either
ISSUER = _p(r"^.*\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|group|holdings)\.?$")
WIRE_MARKER = _p(r"^\s*(?:via\s+)?(?P<wire>AP|Associated Press|Reuters|AFP|Agence France-Presse|dpa|ANI|PTI|UPI|Bloomberg|Xinhua|TASS|EFE|ANSA)(?:\s+news)?(?:\s+wire)?\s*$")
BYLINE = re.compile(r"^\s*(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i)\s+(?P<name>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|de|van|von|da|al|bin)){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)\s*(?:[,|•\-–—].{0,60})?$")

LANGUAGE_CHOICE = re.compile(r"^\s*([A-Z][a-zà-ÿ]+)(\s*[/|•·]\s*[A-Z][a-zà-ÿ]+){1,8}\s*$")
GLUED_WORDS = re.compile(r"[a-z\)][A-Z][a-z]")
COUNTER = re.compile(r"^[\s\d.,:%/()+\-kKmM]*$")

# a writer's name with their social-media handle, the byline of many sites ("Ann Lee @annlee", "Ann Lee@AnnLee")
HANDLE_BYLINE = re.compile(r"^\s*(?P<name>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})\s*@\w{2,30}\s*$")
# the link line under a teaser of another article (lower-cased words of the whole line)
READ_MORE = frozenset({"read more", "read more here", "continue reading", "keep reading", "read on", "read full story", "read the full story",
                       "full story", "read full article", "read the full article", "read the rest", "weiterlesen", "mehr lesen",
                       "lire la suite", "lire plus", "leer más", "seguir leyendo", "leia mais", "continua a leggere", "leggi tutto"})
# the heading of a summary box above or beside an article ("Key Points", "What we know"): its items restate the article
SUMMARY_LABELS = frozenset({"key points", "key takeaways", "takeaways", "highlights", "story highlights", "what we know",
                            "what we know so far", "what you need to know", "what to know", "at a glance", "in brief", "in short",
                            "the big picture", "why it matters", "quick read", "summary", "tl dr", "the essentials",
                            "das wichtigste in kürze", "das wichtigste", "en bref", "l essentiel", "en resumen", "lo esencial",
                            "in sintesi", "em resumo", "главное"})

# the self-description closing a press release or a channel's page ("Acme is a leading global provider of ...",
# "The Show is the premier late night talk show on ..."): a subject, "is a/the", a promoting word and what it is
ABOUT_BOILERPLATE = re.compile(
    r"^(?P<name>(?:The |A )?[A-Z][\w&'’.\-]*(?:\s+(?:[A-Z][\w&'’.\-]*|with|of|for|and|&)){0,6})(?:,[^,]{3,60},)?\s+(?:is|are)\s+(?:a|an|the|one of the)\s+"
    r"(?=(?:[\w'’\-]+\s+){0,4}?(?:premier|leading|world['’]s (?:leading|largest|first)|largest|foremost|award-winning|fastest-growing|trusted|global)\b)"
    r"(?:[\w'’\-]+\s+){0,6}?(?:provider|company|leader|platform|network|show|brand|organi[sz]ation|manufacturer|maker|developer|"
    r"supplier|firm|publisher|agency|group|producer|operator|retailer|destination|source|specialist)s?\b"
    # a channel describing what it posts: "The Show features hilarious highlights from the show including ..."
    r"|^(?P<channel>(?:The |A )?[A-Z][\w&'’.\-]*(?:\s+(?:[A-Z][\w&'’.\-]*|with|of|for|and|&)){0,6})\s+(?:features|offers|brings you|delivers)\s+"
    r"(?:[\w'’\-]+\s+){0,4}?(?:highlights|videos|clips|episodes|exclusives)\b")
ABOUT_REASON = "about-the-company text closing the page (a self-description, not the news)"

# furniture run into a paragraph's line, cut out of it (the rest of the line is the article's):
# - a linked name's hover card: the name again in full, the headlines of related articles and "MORE", then
#   the sentence goes on ("Ann Lee Ann Marie LeeLee wins vote Lee backs bill MORE said on Monday ...")
HOVER_CARD = re.compile(r"\b(?P<first>[A-Z][a-z]+)(?: [A-Z][\w.'’-]*){0,2} (?P<last>[A-Z][a-z][\w'’-]*)"
                        r"(?P<card> (?P=first)(?: [A-Z][\w.'’-]*){0,3} (?P=last)(?=[A-Z\d\"“‘'])[^\n]{0,400}? MORE)(?= [a-z])")
HOVER_CARD_REASON = "a linked name's card run into the sentence (its related headlines and 'MORE')"
# - a picture's credit (a photographer and an outlet or agency) glued before the first sentence:
#   "Ann Lee, Acme News Shares rose ..." / "Ann Lee/Getty Images The storm ..."
LEAD_CREDIT = re.compile(
    r"^(?P<credit>(?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+ ?[,/] ?(?:"
    + any_of({*outlets.NAMES, *outlets.WIRES.values(), "Getty Images", "AP Photo", "AP", "EPA", "Shutterstock"})
    + r")) (?=[A-Z][\w'’-]* (?!(?:bureau|correspondent|reporter|editor|chief|columnist|contributor|staff|writer)\b)[a-z])")
LEAD_CREDIT_REASON = "a picture's credit run into the first sentence"
