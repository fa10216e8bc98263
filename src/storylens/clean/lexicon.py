"""Phrases and shapes that mark site chrome rather than article text, in several languages.

Each entry is (compiled pattern, reason shown to the user). Patterns match whole short lines or
tell-tale phrases inside longer ones; they are deliberately about page furniture (sharing, comments,
subscriptions, cookies, logins, ratings, credits), never about news topics.
"""
from __future__ import annotations

import re


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE | re.UNICODE)


def _lower(pattern: str) -> re.Pattern:
    """For CHROME_PHRASES: matched against the lower-cased line (faster than IGNORECASE)."""
    return re.compile(pattern, re.UNICODE)


# phrases that make a line chrome wherever they occur (the line is short or the phrase dominates it);
# written in lower case and matched against the lower-cased line
COMMENTS_REASON = "start of the comments section"
CHROME_PHRASES: list[tuple[re.Pattern, str]] = [
    (_lower(r"^(\d+\s+)?((top|most|best) (rated|recent|popular|liked) |reader |readers' |user )?(comments?|responses?|replies|discussion|reactions)(\s*\(\d+\))?\s*:?$"
        r"|^(leave|post|write|add) a (reply|comment|response)\b|^join the (discussion|conversation)\b|^(\d+|one|two) (thoughts|responses?|replies) (on|to)\b|^what do you think\??$"), COMMENTS_REASON),
    (_lower(r"\b(show|hide|load|view|read|post|leave|add) (all |more |the )?comments?\b|\bcomments? \(\d+\)|^\d+ comments?$"), "comments widget"),
    (_lower(r"\b(share|tweet|email|print|pin) (this|on|via|it)\b|^share$|^share (article|story)|\bshare on (facebook|twitter|whatsapp|linkedin|x)\b"), "share buttons"),
    (_lower(r"\b(follow|like) us on\b|\bjoin us on\b|\bfollow @\w+"), "social media prompt"),
    (_lower(r"\b(subscribe|sign up|signup|register|log ?in|sign in|newsletter|inbox)\b.{0,60}\b(free|now|today|newsletter|updates|access|account|email|here)\b"), "subscription or login prompt"),
    (_lower(r"\bthank you for (registering|subscribing|signing up|reading)\b|\balready (a subscriber|have an account|registered)\b|\brefresh (the|your) (page|browser)\b|\blogged in\b"), "subscription or login prompt"),
    (_lower(r"\bnotifications?\b.{0,40}\b(browser|preferences|enable|allow|managed|stay up to date)\b|\bstay up to date with\b"), "notifications banner"),
    (_lower(r"\b(we|this (web)?site) uses? cookies\b|\bcookie (policy|settings|preferences|consent)\b|\baccept (all )?cookies\b|\bprivacy (policy|notice|settings)\b|\bterms (of|and) (use|service|conditions)\b"), "cookie or legal banner"),
    (_lower(r"\b(your|a) (support|donation|contribution)\b.{0,80}\b(helps?|allows?|makes|keeps?|matters|us)\b|\bdonate (now|today)\b|\bsupport (our|independent) journalism\b|\bbecome a (member|subscriber|supporter|patron)\b|\bpaywalls?\b"), "donation or subscription pitch"),
    (_lower(r"\b(all rights reserved|copyright ©?\s*\d{4}|©\s*\d{4})\b|\(copyright\b"), "copyright line"),
    (_lower(r"^(advertisement|advertising|sponsored( content)?|promoted|ad|anzeige|publicité|publicidad)$"), "advertisement label"),
    (_lower(r"^(related|more|read more|see also|recommended|most (read|popular|viewed)|trending( now)?|you may also like|what to read next|top stories|latest( news)?|related (articles|stories|coverage|topics))\b.{0,40}$"), "related-links heading"),
    (_lower(r"\b(read|watch|listen) (more|next|now|also)\s*:|^(read|see) also\b|^also read\b|^watch:|^listen:"), "related-links prompt"),
    (_lower(r"^\d+(\.\d+)? ?\(\d+%\) ?\d+ votes?$|\b\d+ votes?\b.{0,10}$|\brate this\b|\bstar rating\b"), "rating widget"),
    (_lower(r"^(image|photo|picture|video|graphic|illustration|credit|source|foto|bild)( credit)?s?\s*[:|].{0,80}$|\((getty|ap|afp|reuters|epa|shutterstock)( images?| photo)?\)$|\b(getty images|shutterstock|afp via getty)\b"), "photo caption or credit"),
    (_lower(r"^\d+ (min(ute)?s?|hours?|days?) (read|ago)$|^(updated|published|posted|last updated|first published)\b.{0,40}$|\bminute read\b"), "time stamp or reading-time label"),
    (_lower(r"^(home|menu|search|skip to (main )?content|back to top|close|open|next|previous|prev|more|toggle navigation|main menu|sections?)$"), "navigation"),
    (_lower(r"\b(in|to|meet) your inbox\b|\bnewsletters?\b.{0,40}\b(sign|subscribe|delivered)\b"), "newsletter pitch"),
    (_lower(r"\bif you (buy|purchase|click)\b.{0,80}\b(commission|share of the sale|may (earn|get|receive))\b|\baffiliate (links?|commissions?|partnerships?)\b"), "affiliate disclosure"),
    (_lower(r"\bhave a (news )?tip\b|\b(may|can) be reached at\b|\bfollow\b.{0,60}\bon (facebook|twitter|instagram)\b|^also on [\w\-]+\.\w+"), "contact or follow line"),
    (_lower(r"^\(?(additional |writing and )?(reporting|writing|editing) by\b|\b(writers?|reporters?|correspondents?)\b.{0,160}\bcontributed( to this (report|story|article))?\.?\)?$"), "reporting credits"),
    (_lower(r"\b(click|tap) here\b|\bdownload (our|the) app\b|\bget the app\b|\bopen in app\b"), "call to action"),
    (_lower(r"\b(kommentare?|teilen|abonnieren|newsletter abonnieren|weiterlesen|mehr zum thema|anmelden)\b"), "chrome phrase (German)"),
    (_lower(r"\b(commentaires?|partager|s'abonner|abonnez-vous|lire aussi|à lire aussi|se connecter)\b"), "chrome phrase (French)"),
    (_lower(r"\b(comentarios?|compartir|suscríbete|suscribirse|lee también|iniciar sesión|leia também|compartilhe|assine)\b"), "chrome phrase (Spanish/Portuguese)"),
    (_lower(r"\b(commenti|condividi|iscriviti|leggi anche|accedi)\b"), "chrome phrase (Italian)"),
    (_lower(r"\b(комментари|поделиться|подписаться|читайте также)\w*"), "chrome phrase (Russian)"),
]

PHRASE_REASONS = frozenset(reason for _, reason in CHROME_PHRASES)

# markers that carry metadata, not body text: the line is kept aside as metadata
REPRINT_MARKER = _p(r"^\s*(?:sourse|source|sources|originally (?:published|appeared) (?:at|on|in|by)|via|republished from|this (?:article|story) (?:first |originally )?appeared (?:on|in|at))\s*[:\-]?\s*(?P<outlet>[\w.\- ]{2,60}?)\s*\.?\s*$")
WIRE_MARKER = _p(r"^\s*(?:via\s+)?(?P<wire>AP|Associated Press|Reuters|AFP|Agence France-Presse|dpa|ANI|PTI|UPI|Bloomberg|Xinhua|TASS|EFE|ANSA)(?:\s+news)?(?:\s+wire)?\s*$")
BYLINE = re.compile(r"^\s*(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i)\s+(?P<name>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|de|van|von|da|al|bin)){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*)\s*(?:[,|•\-–—].{0,60})?$")

LANGUAGE_CHOICE = re.compile(r"^\s*([A-Z][a-zà-ÿ]+)(\s*[/|•·]\s*[A-Z][a-zà-ÿ]+){1,8}\s*$")
GLUED_WORDS = re.compile(r"[a-z\)][A-Z][a-z]")
COUNTER = re.compile(r"^[\s\d.,:%/()+\-kKmM]*$")
