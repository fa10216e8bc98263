"""Only article text reaches the reader: the title found among menus and teasers, the standfirst and
photo captions kept out of the article text, hard-wrapped paragraphs read whole, a site's small print
removed, and pages that are no article recognised with the reason. Pages written for these tests."""
from storylens.clean import clean_article
from storylens.model import Article

BODY = [
    "The county board voted on Tuesday to close the old Mill Street bridge after inspectors found cracks in two of its steel beams.",
    "Engineers told the board that the bridge, built in 1931, could no longer carry trucks safely and that repairs would cost more than a new span.",
    "Drivers will be sent on a four-mile detour through the industrial park while the county looks for state money to replace it, officials said.",
    "Shop owners on Mill Street said they feared losing customers during the closure, which could last two years.",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def cleaned(text: str, url: str | None = None, title: str | None = None) -> Article:
    return clean_article(Article(id="t", raw_text=text, url=url, title=title), _settings())


def _settings():
    from storylens.config import Settings
    return Settings()


MENU = ["Home", "News", "Sport", "Weather", "Subscribe", "Search"]
TEASERS = ["Council approves new parking rules downtown", "High school team wins regional final"]
TITLE = "County closes Mill Street bridge after inspectors find cracked beams"


def test_the_title_is_the_line_the_web_address_spells_not_a_menu_label_or_teaser():
    a = cleaned(page(*MENU, *TEASERS, TITLE, "By Dana Whitfield", *BODY),
                url="https://valleynews.example/2022/05/county-closes-mill-street-bridge-cracked-beams")
    assert a.field("title") == TITLE
    assert "spell the web address" in a.meta["title"].source
    assert TITLE not in a.clean_text and "Council approves" not in a.clean_text


def test_without_a_web_address_the_title_is_the_line_whose_words_the_article_tells():
    a = cleaned(page(*MENU, "Most read this week", *TEASERS, TITLE, *BODY))
    assert a.field("title") == TITLE
    assert "recur in the article" in a.meta["title"].source


def test_a_page_without_a_clear_title_gets_none_rather_than_a_menu_label():
    a = cleaned(page(*MENU, "Things to Do This Weekend", *BODY))
    assert a.field("title") is None


def test_a_section_label_before_the_title_is_cut():
    a = cleaned(page(*MENU, "Local|" + TITLE, *BODY))
    assert a.field("title") == TITLE


def test_the_standfirst_between_title_and_byline_is_kept_aside():
    standfirst = "Drivers face a long detour while the county looks for money to build a replacement."
    a = cleaned(page(*MENU, TITLE, standfirst, "By Dana Whitfield", *BODY))
    assert standfirst not in a.clean_text
    assert any(s.text == standfirst and "standfirst" in s.reason for s in a.removed)
    assert BODY[0] in a.clean_text


def test_a_photo_caption_before_its_credit_is_removed_and_a_dated_one_never_shown():
    caption = "Traffic cones block the entrance to the bridge."
    dated = "A cyclist walks her bike past the barrier on Mill Street in Valley Falls, Ohio, Tuesday, May 3, 2022."
    a = cleaned(page(*MENU, TITLE, BODY[0], caption, "Dana Whitfield/Valley News", BODY[1], dated, *BODY[2:]))
    assert caption not in a.clean_text
    assert BODY[1] in a.clean_text and BODY[2] in a.clean_text
    reasons = {s.text: s.reason for s in a.removed}
    assert "caption" in reasons[caption]
    # a caption told by its shape alone (no credit next to it) stays in the text, as a page may be all
    # caption; the reader-facing filter keeps it out of what a story shows (tests/analyze/test_shown_text.py)
    from storylens.text.prose import not_prose
    assert "caption" in not_prose(dated)


def test_a_paragraph_hard_wrapped_over_lines_is_read_whole():
    import textwrap
    wrapped = [textwrap.fill(p, 60) for p in BODY]                      # a text file wrapped at 60 columns
    a = cleaned(page(*MENU, TITLE, *wrapped))
    for p in BODY:
        assert p in a.clean_text                                         # each paragraph whole, in order
    assert "Home" not in a.clean_text.split()
    # a scraper's blank line inside a sentence: the next line starts in lower case, it goes on
    b = cleaned(page(*MENU, TITLE, "The county board voted on Tuesday to close the old Mill Street",
                     "bridge after inspectors found cracks in two of its steel beams.", *BODY[1:]))
    assert "old Mill Street bridge after inspectors" in b.clean_text
    # one paragraph per line, a title without a full stop before it: not one paragraph
    c = cleaned("\n".join(["Bridge closed for repairs after inspection finds cracks in beams", *BODY]))
    assert BODY[0] in c.clean_text.split("\n\n")


def test_a_sites_legal_small_print_is_chrome():
    small = ("All product names and logos shown are trademarks of their respective owners, and the information "
             "provided on this website is for informational purposes only.")
    a = cleaned(page(*MENU, TITLE, *BODY, small))
    assert small not in a.clean_text
    assert any("legal" in s.reason for s in a.removed)


def test_pages_that_are_no_article_are_recognised_with_the_reason():
    error = cleaned(page(*MENU, "Page not found", "Sorry, the page you are looking for does not exist or has been removed.",
                         "Try searching the site or go back to the home page."))
    assert "error page" in error.field("not_article")
    wall = cleaned(page(*MENU, TITLE, "Subscribe to continue reading this story and get unlimited access for 99 cents.",
                        "Already a subscriber? Log in"))
    assert "wall" in wall.field("not_article")
    chrome = cleaned(page(*MENU, "Share on Facebook", "Share on Twitter", "© 2022 Valley News"))
    assert "site chrome" in chrome.field("not_article")
    advert = cleaned(page(*MENU, "Every match of the season, live on your phone, tablet or TV.",
                          "Start your free trial today and watch on any device you like.",
                          "Sign up now and get your first month of streaming for free.", "Download the app.",
                          "Terms and conditions apply", "© 2022 StreamCo", "Privacy policy", "Contact us"))
    assert advert.field("not_article") is not None


def test_articles_short_or_headline_only_are_articles():
    assert cleaned(page(*MENU, TITLE, *BODY)).field("not_article") is None
    brief = cleaned(page(*MENU, "Bridge closed", "The county closed the Mill Street bridge on Tuesday after inspectors found cracks, officials said."))
    assert brief.field("not_article") is None
    headline_only = clean_article(Article(id="h", title=TITLE), _settings())
    assert headline_only.field("not_article") is None
