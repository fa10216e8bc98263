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
    host = cleaned(page("Your new custom domain mapping can take up to a day to start working for all visitors.",
                        "Read our help pages to learn more about connecting a domain to your blog."))
    assert "error page" in host.field("not_article")


def test_articles_short_or_headline_only_are_articles():
    assert cleaned(page(*MENU, TITLE, *BODY)).field("not_article") is None
    brief = cleaned(page(*MENU, "Bridge closed", "The county closed the Mill Street bridge on Tuesday after inspectors found cracks, officials said."))
    assert brief.field("not_article") is None
    headline_only = clean_article(Article(id="h", title=TITLE), _settings())
    assert headline_only.field("not_article") is None


MORE_BODY = [
    "Residents who live east of the river said the detour would add half an hour to their drive to the hospital in Valley Falls.",
    "The county engineer said a temporary footbridge could open by the autumn if the state agrees to share its cost with the county.",
    "A public meeting on the replacement design is planned for next month at the library on Elm Avenue, the board said on Wednesday.",
]


def test_the_article_before_a_long_discussion_is_the_article_not_the_comments():
    comments = []
    for n in range(6):
        comments += [f"reader{n}", "3 days ago at 10:0{n} am",
                     f"I drive over that bridge every day and honestly I think they should have closed it years ago, it shook every time a truck went over it number {n}.",
                     f"My grandfather helped build it and it is sad to see it go but safety comes first, the county waited far too long on this one {n}.",
                     f"Rating: {n + 2} Votes"]
    a = cleaned(page(*MENU, TITLE, *BODY, "Top Rated Comments", *comments))
    for p in BODY:
        assert p in a.clean_text
    assert "grandfather" not in a.clean_text and "shook every time" not in a.clean_text
    # a count of comments under the title opens no discussion: the article after it is still the article
    teasers = ["Heavy rain is expected across the valley this weekend, and forecasters warned of flooding near the river on Saturday night.",
               "The school board approved a new bus schedule that starts classes twenty minutes later from the autumn term onwards.",
               "A new bakery opened on Main Street on Monday, and its owners said the queue stretched around the block all morning."]
    b = cleaned(page(*MENU, *teasers, TITLE, "0 Comments", *BODY, *MORE_BODY))
    for p in BODY + MORE_BODY:
        assert p in b.clean_text


def test_teasers_with_their_read_more_links_and_dates_are_not_the_article():
    teasers = []
    for n, (head, text) in enumerate([
            ("Library extends opening hours", "The library on Elm Avenue will stay open until nine in the evening from next week, the council said in a statement."),
            ("Farmers market returns to the square", "Stalls selling fruit, cheese and bread will fill the town square every Saturday morning until the end of October."),
            ("New coach named for the high school team", "The high school has hired a former college player to coach its football team, the principal announced on Friday.")]):
        teasers += [head, f"May {10 + n}, 2022 at 4:1{n} pm", text, "Read More"]
    a = cleaned(page(*MENU, TITLE, *BODY, *MORE_BODY, "More in Local News", *teasers),
                url="https://valleynews.example/2022/05/02/county-closes-mill-street-bridge")
    for p in BODY + MORE_BODY:
        assert p in a.clean_text
    assert "library on Elm Avenue will stay open" not in a.clean_text
    assert "town square every Saturday" not in a.clean_text
    reasons = {s.text: s.reason for s in a.removed}
    assert "teaser" in reasons[teasers[2]]
    assert a.field("published") == "2022-05-02"     # the web address's date, not a teaser's


def test_links_under_a_related_heading_inside_the_article_are_removed():
    links = ["Bridge inspections across the state are behind schedule. See the map.", "Why old steel bridges crack in winter"]
    a = cleaned(page(*MENU, TITLE, BODY[0], BODY[1], "Most Popular", *links, *BODY[2:], *MORE_BODY))
    for p in BODY + MORE_BODY:
        assert p in a.clean_text
    for link in links:
        assert link not in a.clean_text
    # the list ends at the first paragraph: a short sentence after a headline is the article again
    short = "Nobody was hurt."
    b = cleaned(page(*MENU, TITLE, BODY[0], "Related", "Why old steel bridges crack in winter", short, *BODY[1:], *MORE_BODY))
    assert short in b.clean_text


def test_a_summary_box_that_the_article_restates_is_kept_aside():
    box = ["The county will close the Mill Street bridge after inspectors found cracked steel beams.",
           "Drivers face a four-mile detour while the county looks for state money for a new span."]
    a = cleaned(page(*MENU, TITLE, "Key Points", *box, *BODY, *MORE_BODY))
    for item in box:
        assert item not in a.clean_text
        assert any(s.text == item and s.kind == "metadata" and "summary box" in s.reason for s in a.removed)
    for p in BODY + MORE_BODY:
        assert p in a.clean_text
    # items the article does not go on to say are not a summary of it: they stay
    other = "The mayor will run for a third term next year, her office said."
    b = cleaned(page(*MENU, TITLE, "Highlights", other, *BODY, *MORE_BODY))
    assert other in b.clean_text


def test_credits_with_separators_or_alone_mark_the_caption_before_them():
    caption = ("Workers in orange vests inspect the underside of the Mill Street bridge from a lift truck while traffic waits "
               "behind a barrier, left, on the east bank of the river in Valley Falls on Monday afternoon.")
    for credit in ["Dana Whitfield | Valley News | Getty Images", "(Image: © Valley News/County Roads Dept.)", "Getty"]:
        a = cleaned(page(*MENU, TITLE, BODY[0], caption, credit, *BODY[1:], *MORE_BODY))
        assert caption not in a.clean_text, credit
        assert credit not in a.clean_text
        assert BODY[0] in a.clean_text and BODY[1] in a.clean_text
    from storylens.text.prose import caption_reason
    assert caption_reason("A crane lifts a beam onto the new span [File: Reuters]", shape=False)


def test_standfirst_with_a_picture_or_banner_before_the_byline_and_a_handle_byline():
    standfirst = "Drivers face a long detour while the county looks for money to build a replacement."
    a = cleaned(page(*MENU, TITLE, "Advertisement", "Continue reading the main story", standfirst,
                     "The bridge at dusk.Credit...Dana Whitfield/Valley News", "By Dana Whitfield", *BODY))
    assert standfirst not in a.clean_text and BODY[0] in a.clean_text
    b = cleaned(page(*MENU, TITLE, standfirst, "Dana Whitfield @danawhit", *BODY))
    assert standfirst not in b.clean_text and b.field("byline") == "Dana Whitfield"


def test_pitches_and_writer_notes_are_chrome():
    lines = ["Get breaking news alerts and special reports, delivered weekday mornings.",
             "Want the whole story? Subscribe to our weekly magazine.",
             "Read every story for as little as $2 a month. Use the code VALLEY at checkout.",
             "Dana Whitfield has covered county government for ten years and her book on the river towns is out now. Follow her on Twitter @danawhit."]
    a = cleaned(page(*MENU, TITLE, *BODY, *MORE_BODY, *lines))
    for line in lines:
        assert line not in a.clean_text, line


def test_a_closing_self_description_is_boilerplate_but_a_first_paragraph_is_not():
    about = ["Valley Bridgeworks is a leading regional provider of steel repair and inspection services for county roads.",
             "Valley Bridgeworks is based in Valley Falls and employs about 200 people."]
    a = cleaned(page(*MENU, TITLE, *BODY, *MORE_BODY, *about, "Privacy Policy", "Contact us"))
    for line in about:
        assert line not in a.clean_text
    assert all(p in a.clean_text for p in BODY + MORE_BODY)
    # the article's own last paragraph about someone else is not the page's self-description
    b = cleaned(page(*MENU, TITLE, *BODY, about[0], "The board meets again on Friday to vote on the detour route.", "Privacy Policy"))
    assert about[0] in b.clean_text
    # a channel's page: its one-line description, then the channel describing what it posts
    channel = "Valley Tonight features funny highlights from the show including sketches, interviews and games, all week long."
    c = cleaned(page("Published on May 3, 2022", "Dana meets the bridge inspectors and climbs under the old span with them.",
                     "Follow Valley Tonight: https://social.example/valleytonight", "Like Valley Tonight: https://social.example/vt",
                     channel))
    assert channel not in c.clean_text and "climbs under the old span" in c.clean_text


def test_calls_to_action_with_links_and_broadcast_promos_are_chrome():
    lines = ["Stream every episode of the county's own channel anywhere, on any device, with the Valley app. Try it free! https://valley.example/app",
             "Watch Valley Tonight weeknights at 10 PM. Only on Channel 9."]
    a = cleaned(page(*MENU, TITLE, *BODY, *MORE_BODY, *lines))
    for line in lines:
        assert line not in a.clean_text


def test_a_brief_under_its_picture_is_the_article_not_a_caption():
    brief = "Zoo keepers in Valley Falls say their otters have learned to open the fish bucket by themselves, to the delight of visitors."
    a = cleaned(page(brief, "Photo: Valley News"))
    assert a.clean_text == brief and not a.meta.get("not_article")


def test_furniture_run_into_a_paragraph_is_cut_and_the_sentence_kept():
    # a linked name's hover card (the name in full, related headlines, "MORE") inside a sentence
    card = "Dana Marie WhitfieldWhitfield backs bridge bond Board delays vote MORE"
    a = cleaned(page(*MENU, TITLE, "County engineer Dana Whitfield " + card + " said on Tuesday that the beams were "
                     "beyond repair.", *BODY[1:], *MORE_BODY))
    assert "County engineer Dana Whitfield said on Tuesday that the beams were beyond repair." in a.clean_text
    assert any(s.text == card and "card" in s.reason for s in a.removed)
    # a photographer's credit glued before the first sentence; an outlet's bureau chief is no credit
    b = cleaned(page("Ann Lee, Business Insider " + BODY[0], *BODY[1:], *MORE_BODY))
    assert b.clean_text.startswith(BODY[0]) and any(s.text == "Ann Lee, Business Insider" for s in b.removed)
    chief = "Ann Lee, Reuters Valley bureau chief, said the bridge had been closed twice before."
    c = cleaned(page(chief, *BODY, *MORE_BODY))
    assert c.clean_text.startswith(chief)


def test_a_link_marked_as_an_update_is_not_the_pages_title():
    link = "► Update: Mill Street bridge will close for two years"
    a = cleaned(page(*MENU, link, *BODY, *MORE_BODY))
    assert a.field("title") != link and link not in a.clean_text
    plain = link.split(": ", 1)[1]
    assert cleaned(page(*MENU, plain, *BODY, *MORE_BODY)).field("title") == plain   # unmarked, it is the title


def test_the_first_item_of_a_list_in_the_article_is_not_its_title():
    intro = "Three shops on Mill Street say the closure has already cost them customers:"
    item = "Mill Street Bakery, Valley Falls"
    a = cleaned(page(BODY[0], intro, item, "The bakery on Mill Street said its morning trade fell by a third after the bridge closed.",
                     *BODY[1:], *MORE_BODY))
    assert a.field("title") != item and item in a.clean_text
