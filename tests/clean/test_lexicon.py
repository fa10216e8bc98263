"""The chrome-phrase cues are a speed filter only: on every line, the filtered lookup must give what
running every pattern gives. Exercised on chrome lines for every pattern and on the example corpus."""
from hypothesis import given, settings, strategies as st

from storylens.clean import lexicon
from storylens.clean.blocks import split_blocks

from ..conftest import EXAMPLE

CHROME_LINES = [
    "Top Rated Comments", "3 Comments", "Leave a Reply", "Join the discussion", "Two thoughts on “Bounties”",
    "Show Comments", "Comments (12)", "Share this article", "Share on WhatsApp", "Tweet this", "Follow us on Twitter",
    "Join us on Telegram", "Follow @storylens", "Sign up for our free newsletter today", "Log in to your account here",
    "Thank you for registering", "Already a subscriber? Log in", "Please refresh the page", "You are logged in",
    "Enable notifications in your browser", "Stay up to date with the news", "This site uses cookies", "Cookie settings",
    "Privacy Policy", "Terms of Use", "Your support helps us keep reporting", "Donate now", "Support independent journalism",
    "Become a member", "Copyright © 2020 Example Ltd", "© 2019 The Paper. All rights reserved.", "Advertisement",
    "Sponsored content", "Related Articles", "Read more", "You may also like", "Top stories", "Read more: the full report",
    "See also", "Watch: the briefing", "0.00 (0%) 0 votes", "Rate this article", "Photo: Reuters", "Image credit: AFP",
    "(Getty Images)", "5 min read", "Published 3 hours ago", "Updated 12:30", "Home", "Skip to main content", "Back to top",
    "Toggle navigation", "Get the latest news delivered to your inbox", "Newsletters: sign up for the morning brief",
    "If you buy something through our links, we may earn a commission.", "We use affiliate links.", "Have a tip?",
    "She can be reached at jane@example.com", "Follow her on Twitter and Instagram", "Also on rt.com Something else",
    "Reporting by Jane Doe; Editing by John Roe", "Associated Press writers Ann Bee and Cee Dee contributed to this report.",
    "Click here to read", "Download our app", "Get the app", "Kommentare", "Artikel teilen", "Weiterlesen",
    "Lire aussi", "Partager sur Facebook", "Compartir en Twitter", "Leia também", "Leggi anche", "Condividi",
    "Читайте также", "Поделиться", "Advertisement Continue reading the main story", "Story continued below",
    "Please enable JavaScript to watch this video", "Media playback is unsupported on your device", "Tweet with a location",
    "Get breaking news alerts from the desk", "The briefing, delivered weekday mornings.", "Want more? Subscribe to our magazine.",
    "Use the code SAVE10 at checkout", "Read every story for as little as $1 a week",
]


def _example_lines():
    for path in sorted(EXAMPLE.glob("*.txt")):
        yield from (b for b in split_blocks(path.read_text(encoding="utf-8")))


def test_every_pattern_is_exercised_and_cues_never_change_the_answer():
    matched = set()
    blocks = [b for line in CHROME_LINES for b in split_blocks(line)] + list(_example_lines())
    for b in blocks:
        full = lexicon.chrome_phrase_unfiltered(b.text)
        assert lexicon.chrome_phrase(b.text, b.key.split()) == full, b.text
        if full:
            matched.add(full)
    assert matched == lexicon.PHRASE_REASONS   # each pattern matched at least one line above


WORDS = sorted({w for _, _, cues in lexicon.CHROME_PHRASES if cues != lexicon.NON_ASCII for w in cues.split()}
               | {"the", "a", "our", "now", "free", "here", "us", "on", "this", "of", "by", "to", "your", "2020", "(", ")", ":"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_cues_agree_with_patterns_on_generated_lines(words):
    text = " ".join(words).capitalize()
    for b in split_blocks(text):
        assert lexicon.chrome_phrase(b.text, b.key.split()) == lexicon.chrome_phrase_unfiltered(b.text)
