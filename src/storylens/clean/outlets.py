"""Known outlet names and web domains, for naming an outlet from a URL, a reprint marker or the site's
own chrome ("notifications from The Independent"). A small list; unknown domains are shown as the domain."""
from __future__ import annotations

import re
from urllib.parse import urlparse

DOMAINS = {
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "independent.co.uk": "The Independent", "theguardian.com": "The Guardian", "bbc.co.uk": "BBC", "bbc.com": "BBC",
    "reuters.com": "Reuters", "apnews.com": "Associated Press", "cnn.com": "CNN", "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News", "npr.org": "NPR",
    "politico.com": "Politico", "axios.com": "Axios", "thedailybeast.com": "The Daily Beast", "bloomberg.com": "Bloomberg",
    "ft.com": "Financial Times", "economist.com": "The Economist", "aljazeera.com": "Al Jazeera", "rt.com": "RT",
    "sputniknews.com": "Sputnik", "tass.com": "TASS", "middleeastmonitor.com": "Middle East Monitor",
    "telegraph.co.uk": "The Telegraph", "dailymail.co.uk": "Daily Mail", "latimes.com": "Los Angeles Times",
    "usatoday.com": "USA Today", "time.com": "Time", "newsweek.com": "Newsweek", "thehill.com": "The Hill",
    "businessinsider.com": "Business Insider", "forbes.com": "Forbes", "cnbc.com": "CNBC", "techcrunch.com": "TechCrunch",
    "theverge.com": "The Verge", "wired.com": "Wired", "spiegel.de": "Der Spiegel", "lemonde.fr": "Le Monde",
    "elpais.com": "El País", "dw.com": "Deutsche Welle", "france24.com": "France 24", "afp.com": "AFP",
    "huffpost.com": "HuffPost", "vox.com": "Vox", "slate.com": "Slate", "theatlantic.com": "The Atlantic",
    "newyorker.com": "The New Yorker", "chicagotribune.com": "Chicago Tribune", "nypost.com": "New York Post",
    "news.yahoo.com": "Yahoo News", "msn.com": "MSN", "euronews.com": "Euronews", "sky.com": "Sky News",
}
NAMES = sorted(set(DOMAINS.values()), key=len, reverse=True)
WIRES = {
    "ap": "Associated Press", "associated press": "Associated Press", "reuters": "Reuters", "afp": "AFP",
    "agence france-presse": "AFP", "dpa": "dpa", "ani": "ANI", "pti": "PTI", "upi": "UPI", "bloomberg": "Bloomberg",
    "xinhua": "Xinhua", "tass": "TASS", "efe": "EFE", "ansa": "ANSA",
}
_NAME_RX = re.compile(r"\b(" + "|".join(re.escape(n) for n in NAMES) + r")\b")


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def outlet_from_host(host: str) -> str:
    for domain, name in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def names_in(text: str) -> list[str]:
    return _NAME_RX.findall(text)


def wire_name(token: str) -> str | None:
    return WIRES.get(token.lower().strip())
