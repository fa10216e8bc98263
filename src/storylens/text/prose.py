"""Does a sentence read as article prose? The filter every reader-facing part shares (headline, summary,
long summary, timeline, claims, coverage): whatever cleaning left in an article's text, a sentence is
shown as the story's text only when it is a sentence of the article, not page furniture.

`not_prose(text)` gives the reason a sentence is not prose, or None. It judges by what the sentence is
(its shape), not by a list of sites' strings:
  - a fragment: too few words, no lower-case word (an all-capitals label), no sentence end;
  - a photo or video caption or credit: a picture described in the present tense with its date
    ("... celebrates a goal during the game in Madrid, Tuesday, Nov. 19, 2019"), "pictured",
    "FILE PHOTO:", a credit ("© Agency / Name", "Name/Agency/Getty Images", "(Image: ...)"),
    a gallery or player counter ("27 of 43", "Replay", "More Videos");
  - a byline, credit line or time stamp ("By ...", "Reporting by ...", "21:17 18.11.2019");
  - a call to action or a line that addresses the reader ("Click here ...", "Sign up ...", "Get ...
    alerts", "your inbox"); a question put to the reader;
  - a list of links or tags (items run together or split by | • /);
  - a site's description of what it offers ("Articles, videos and other resources about ...");
  - an editor's note or update marker ("Updated: ...", "Correction: ...").
`headline=True` relaxes what a title may be: no sentence end needed, a question allowed.
"""
from __future__ import annotations

import re

from .cues import any_of, any_of_rx
from .sentences import is_caption

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
# a caption names the day of the picture in the middle of a present-tense description:
# "..., Tuesday, Nov. 19, 2019, ..." / "... in New York, U.S., November 18, 2019."
_PICTURE_DATE = re.compile(rf"(?<!\bon)(?:,\s*{_WEEKDAY})?,\s*{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\b")
_DEPICTION = re.compile(r"^(?:an? |the |this |these )?(?:artist['’]s )?(?:illustration|rendering|photo(?:graph)?|image|picture|screenshot|"
                        r"still|aerial view|file photo|handout photo|video grab|frame grab)s? (?:of|from|shows?)\b"
                        # what the page shows next to the text: "The video shown here explains ...", "The image above ..."
                        r"|^(?:the |this )(?:video|image|photo|picture|graphic|chart|map)s? (?:shown )?(?:here|above|below)\b", re.IGNORECASE)
_SAYING = re.compile(r"\b(?:said|says|told|according|announced|reported|will|would)\b")
_CREDIT = re.compile(
    r"©|\bcopyright\b|\((?:image|photo|picture|video|credit|source)s?\s*:|\b(?:photo|image|picture|video)\s*(?:credit|courtesy)\b"
    r"|\bfile photo\s*:|\bpictured\b|^\s*(?:photo|image|picture|video|credit)s?\s*:|^\s*file\s*[-–—]\s|, file photo,"
    r"|^\s*(?:media|image|video) (?:caption|copyright)\b"
    r"|\b(?:getty images|shutterstock|afp via getty|ap photo|reuters/)\b|\([^()]{2,60}\bphoto\)\.?$"
    # a bracketed credit closing a caption: "[SpaceX via AP]", "[File: Reuters]"
    r"|\[(?:file: ?)?[^\[\]]{0,40}\b(?:ap|afp|reuters|getty images?|epa|shutterstock)\]\s*$"
    r"|\bin this (?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4},? )?(?:file |handout |undated |aerial )?"
    r"(?:photo|image|picture)s?\b")     # matched on the lower-cased text
_COUNTER = re.compile(r"\b\d+\s+(?:of|/)\s+\d+\b.{0,20}\b(?:photos?|images?|pictures?|slides?)\b|\b(?:hide|show) caption\b"
                      r"|\bautoplay\b|\bcopy this code\b|\bembed code\b|\b(?:full[- ]size|larger|high[- ]res(?:olution)?) (?:image|photo|version)\b"
                      r"|\breplay\b.{0,40}\bvideos?\b|\bmore videos\b|\bjust watched\b|\bmust watch\b|\bnow playing\b",
                      re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:by|von|par|por|di)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|•\-–—]|$)"
                     r"|^\s*\(?(?:additional |writing and )?(?:reporting|writing|editing|compiled|produced)(?: and \w+)? by\b"
                     r"|\bcontributed to this (?:report|story|article)\b", re.IGNORECASE)
_STAMP = re.compile(rf"^[\W\d_]*(?:(?:{_WEEKDAY}|{_MONTH}|am|pm|a\.m\.|p\.m\.|updated|published|posted|ET|GMT|UTC|EST|PST|CET|BST)[\W\d_]*)*$",
                    re.IGNORECASE)
_ACTION = re.compile(
    r"^\s*(?:click|tap|subscribe|sign (?:up|in)|log ?in|register|join (?:us|our|the)|follow (?:us|@)|download|"
    r"watch (?:the|our|this|live|now|more|video)|listen (?:to|now)|read (?:more|the full|our|next)|get (?:the|our|breaking|free|daily|unlimited)|"
    r"find us|share (?:this|on)|learn more|see (?:more|all|also)|check out|place an?|contact us|visit (?:our|us)|shop|buy now|"
    r"order (?:now|today)|try (?:it|free)|don['’]t miss|never miss|send us|please (?:keep|share|send|leave|post|comment|tell|let us|contact|"
    r"click|visit|subscribe|support|consider|donate|follow|like|check|read|rate|vote)|"
    r"clique|cliquez|klicken|klick|haga clic|pulse|cliccate|clicca|abonnez|inscrivez|suscr[ií]b|assine|inscreva|iscriviti|abonnieren)\b",
    re.IGNORECASE)
_READER = re.compile(r"\b(?:you|your|yours|you['’]re|you['’]ll)\b", re.IGNORECASE)
_PITCH = re.compile(r"\b(?:inbox|newsletter|alerts?|notifications?|subscri\w+|sign(?:ing)? up|delivered|free trial|"
                    r"app|podcast|our (?:site|website|coverage|journalism|reporting)|this (?:site|website))\b", re.IGNORECASE)
# an interface word in capitals run into the text that follows it ("CLOSE Four dispensaries ...", "MORE 5 Photos ...")
_UI_LABEL = re.compile(r"^(?:CLOSE|MORE|WATCH|EMBED|Embed|VIDEO|PHOTOS?|GALLERY|LISTEN|PLAY|REPLAY|SLIDESHOW|ADVERTISEMENT|SPONSORED|"
                       r"Story highlights|STORY HIGHLIGHTS|Related|RELATED|READ MORE|Read more|SEE ALSO|See also)\b(?![,.])\s+(?=[A-Z0-9\"“‘'])")
_WIKI = re.compile(r"\[\s*edit\s*\]|\bfrom wikipedia, the free encyclopedia\b|\bjump to (?:navigation|search)\b", re.IGNORECASE)
_DELIVERED = re.compile(r"\bdelivered (?:to your inbox|daily|weekly|every (?:day|morning|week)|(?:week)?day mornings|each (?:day|morning))\b",
                        re.IGNORECASE)
_IMPERATIVE = re.compile(r"^\s*(?:Get|Try|Start|Join|Watch|Stream|Download|Subscribe|Sign|Shop|Order|Book|Save|Discover|Explore|"
                         r"Learn|Enjoy|Find|Send us|Tell us|Share your|Submit)\b")
_OPENS_MIDWAY = re.compile(r"^[a-z]+\b(?![-'’]?[A-Z])")
_ANYWHERE_ACTION = re.compile(r"\b(?:click|tap|klicken sie|cliquez|clique) (?:here|hier|ici|aqui)\b", re.IGNORECASE)
_PITCH_VERB = re.compile(r"\b(?:get|sign up|subscribe|download|join|register|enter your)\b", re.IGNORECASE)
_WELCOME = re.compile(r"^\s*welcome (?:to|back)\b", re.IGNORECASE)
_CUT_OFF = re.compile(r"(?:[,;:]\s*|\w\s*)(?:\.\.\.|…)$")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
# words run together ("HomeNewsSport", "Trump Jr.TrumpLearned"): each glued token once; a name written in
# camel case ("iPhone", "eBay", "McDonald") is no glue, nor is one such name said twice
_GLUED = re.compile(r"[\w)]*[a-z)][A-Z][a-z]\w*")
_CAMEL_NAME = re.compile(r"[a-z][A-Z]|Ma?c[A-Z][a-z]+$")
_MENU = re.compile(r"\s[|•»›]\s|\s/\s.*\s/\s")
LINK_GLYPHS = "►▶▸➤→»›"    # marks a page puts before a link or an item ("► Update: ...")
# a site describing what it offers, a list of kinds of content and no verb: "Articles, lectures, videos, and other
# resources regarding ...", "The latest news, photos and videos about ...", "News, analysis and opinion on ..."
_CONTENT = (r"(?:news|articles?|videos?|photos?|pictures|images|lectures|podcasts?|reviews|analysis|opinions?|stories|features|"
            r"interviews|resources|information|guides|tips|recipes|galleries|blogs?|commentary|updates|headlines|coverage|"
            r"events|documents|reports|clips|essays|columns|maps|charts|data|tools|links|archives|transcripts)")
_SITE_OFFER = re.compile(rf"^(?:the )?(?:latest |breaking |top )?{_CONTENT}(?:(?:, | and | & |, and |, & )(?:other |more )?(?:[\w-]+ )?{_CONTENT}){{1,8}}"
                         r",? (?:about|on|regarding|from|for|of|covering|related to|and more)\b", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(?:update[ds]?|editor['’]?s['’]? note|correction|clarification|note to readers)\b[^:]{0,30}:", re.IGNORECASE)
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|said|says|will|would|can|could|may|might|must|should|did|does|do|show|shows)\b"
                     r"|\b\w{3,}ed\b", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_PROMO_WORDS = frozenset({"free", "sale", "offer", "offers", "deal", "deals", "discount", "subscribe", "join", "register",
                          "download", "win", "bonus", "gift", "giveaway"})


def not_prose(text: str, headline: bool = False) -> str | None:
    """Why `text` is not a sentence of article prose a reader may be shown as the story's text, or None."""
    text = text.strip()
    words = _words(text)
    if len(words) < (3 if headline else 4):
        return "a fragment (too few words)"
    if _BYLINE.search(text):
        return "a byline or credit line"
    if _UI_LABEL.match(text):
        return "an interface label run into the text (player, gallery or related-links chrome)"
    if _WIKI.search(text):
        return "wiki page furniture"
    if _NOTE.match(text):
        return "an editor's note or update marker (about the article, not its news)"
    if (offer := _SITE_OFFER.match(text)) and not _FINITE.search(text, offer.end()):
        return "a site's description of what it offers (kinds of content, no news)"
    if headline and _OPENS_MIDWAY.match(text):
        return "starts mid-sentence (a fragment)"   # (a sentence whose start a scraper garbled is still the article's)
    if headline and _repeats_itself(words):
        return "the same words twice (a title run into its copy)"
    if headline and not any(c.islower() for c in text):
        return "an all-capitals label"
    if headline and len(words) <= 5 and text.endswith("!") and _PROMO_WORDS.intersection(w.lower() for w in words):
        return "a promotion label (an offer with an exclamation mark)"
    if not headline and not any(w[0].islower() for w in words if len(w) > 3):
        return "an all-capitals or title-case label, not a sentence"
    if _STAMP.match(text):
        return "a time stamp"
    if (caption := caption_reason(text)):
        return caption
    unquoted = _QUOTED.sub(" ", text)
    if _ACTION.match(unquoted):
        return "a call to action"
    if _ANYWHERE_ACTION.search(unquoted) or _IMPERATIVE.match(unquoted) and _READER.search(unquoted):
        return "a call to action"
    if _DELIVERED.search(unquoted) or len(words) <= 30 and len(_READER.findall(unquoted)) >= 3:
        return "addresses the reader (a pitch or notice)"
    if unquoted.rstrip().endswith("?") and _READER.search(unquoted):
        return "a question to the reader"
    if len(words) <= 40 and _PITCH.search(unquoted) and (_READER.search(unquoted) or _PITCH_VERB.search(unquoted)) \
            or _WELCOME.match(unquoted) and _READER.search(unquoted):
        return "addresses the reader (a pitch or notice)"
    if len({t for t in _GLUED.findall(text) if not _CAMEL_NAME.match(t)}) >= 2 or _MENU.search(text):
        return "a list of links or tags"
    if _CUT_OFF.search(text):
        return "cut off (a teaser of another page)"
    if not headline:
        if text.rstrip("\"'”’)] ").endswith("?") and not _QUOTED.search(text):
            return "a question to the reader"
        if not _TERMINAL.search(text):
            return "no sentence end (a heading, label or caption)"
    return None


PITCH_KINDS = ("a call to action", "addresses the reader")
IN_PITCH = "between two calls to action (part of the pitch)"


def not_prose_in_order(texts: list[str], headline: bool = False) -> list[str | None]:
    """`not_prose` of each of one article's sentences, in order, and what the neighbours show: a sentence
    between two calls to action or pitches is part of that pitch ("To subscribe, click here. Subscriptions
    cost $90 a year. To advertise, click here."), though it does not address the reader itself."""
    reasons = [not_prose(t, headline) for t in texts]
    out = list(reasons)
    for i in range(1, len(texts) - 1):
        if reasons[i] is None and all(r and r.startswith(PITCH_KINDS) for r in (reasons[i - 1], reasons[i + 1])):
            out[i] = IN_PITCH
    return out


def _repeats_itself(words: list[str]) -> bool:
    """Whether the first six words or more come again later ("Schools Reopen With Police Presence, Manhunt
    Goes On Schools Reopen With Police ..."): a title run into its own copy."""
    head = words[:6]
    return len(words) >= 12 and any(words[j:j + 6] == head for j in range(6, len(words) - 5))


def _caption_shape(text: str) -> bool:
    """A picture described: "An artist's illustration of ...", or a description with the picture's day
    as a full calendar date after a comma, where prose would say "on" ("... in Madrid, Spain, Tuesday,
    Nov. 19, 2019"; "... in New York, U.S., November 18, 2019."), and no verb of saying."""
    if _DEPICTION.match(text):
        return True
    if "," not in text or not _YEAR.search(text):
        return False
    date = _PICTURE_DATE.search(text)
    if date and re.search(r"\bon\s+\w+$|\bon$", text[:date.start()]):
        return False     # "on Tuesday, December 9, 2008": prose dating what it tells
    return bool(date and len(_WORD.findall(text[:date.start()])) >= 5 and not _SAYING.search(text[:date.start()]))


_CREDIT_CUES = ("in this", "photo)", "file", "caption", "image copyright", "media copyright", "©", "copyright", "pictured", "getty", "shutterstock", "ap photo", "reuters/", "file photo", "credit", "courtesy",
                "image:", "images:", "photo:", "photos:", "picture:", "video:", "source:", "sources:", "image :", "photo :",
                "ap]", "afp]", "reuters]", "image]", "images]", "epa]", "shutterstock]")
# a credit closing a line: a person and an agency or outlet ("Sanjeev Verma/Hindustan Times/Getty Images")
_NAME_CREDIT = re.compile(r"(?:^|\s|\()[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s*/\s*(?:The )?[A-Z][\w&.'’-]+(?: [A-Z][\w&.'’-]+){0,2}"
                          r"(?:\s*/\s*Getty Images)?\s*\)?\.?$")
_COUNTER_CUES = ("caption", "replay", "more videos", "watched", "must watch", "now playing", "photos", "images", "pictures", "slides",
                 "autoplay", "this code", "embed code", "size image", "size photo", "larger image", "res image", "resolution image")

_CREDIT_CUE = any_of_rx(_CREDIT_CUES)
_COUNTER_CUE = any_of_rx(_COUNTER_CUES)
_YEAR = re.compile(r"\d{4}")
# what is_caption's patterns need one of (a picture word, a position after a comma, a credit's slash)
_PICTURE_WORDS = ("photo", "image", "picture", "video", "frame grab", "/")
_POSITION_CUE = r"[,(] ?(?:left|right|cent|second|far|foreground|background|top|bottom)"
_IS_CAPTION_CUE = re.compile(any_of(_PICTURE_WORDS) + "|" + _POSITION_CUE)

_ANY_CUE = re.compile(any_of(_PICTURE_WORDS + _CREDIT_CUES + _COUNTER_CUES) + "|" + _POSITION_CUE)


def caption_reason(text: str, shape: bool = True) -> str | None:
    """Why a line is a photo or video caption or credit ("... (AP Photo/Name)", "FILE PHOTO: ...",
    "An artist's illustration of ...", a described picture with its date), or None. Each pattern runs
    only on lines holding one of its cue words (most lines hold none). `shape=False`: credits and
    markers only, not a description told by its shape (the cleaner removes whole lines: it wants a mark)."""
    lowered = text.lower()
    if _ANY_CUE.search(lowered) and (   # (one scan for every cue: most lines hold none)
            _IS_CAPTION_CUE.search(lowered) and is_caption(text) or _CREDIT_CUE.search(lowered) and _CREDIT.search(lowered)
            or "/" in text[-80:] and _NAME_CREDIT.search(text[-80:])
            or _COUNTER_CUE.search(lowered) and _COUNTER.search(text)):
        return "a photo or video caption or credit"
    if shape and _caption_shape(text):
        return "a photo caption (a picture described in the present tense, with its date)"
    return None


def is_prose(text: str, headline: bool = False) -> bool:
    return not_prose(text, headline) is None
