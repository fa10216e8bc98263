"""Chrome removal and metadata on the example corpus (see examples/afghanistan-2020.EXPECTED.md) and on
small hostile inputs."""
from storylens.clean import clean_article, clean_articles
from storylens.config import Settings
from storylens.model import Article

CHROME = {
    "000": ["Portuguese / Spanish / English", "Middle East Near You", "The US makes peace in the war it forced on the Taliban",
            "Russia's strategy in the Mediterranean may boost US support for Turkey",
            "Russia: 'US should leave Syria and deal with its internal crisis'", "AfghanistanAsia & Americas", "Show Comments"],
    "003": ["0.00 (0%) 0 votes", "Sourse: sputniknews.com"],
    "004": ["Stay up to date with notifications", "Notifications can be managed in browser preferences.",
            "Via AP news wire", "Monday 16 November 2020 09:31 EST", "(Copyright 2020 The Associated Press",
            "Your support helps us to tell the story", "From reproductive rights to climate change",
            "At such a critical moment in US history", "The Independent is trusted by Americans",
            "Your support makes all the difference.", "Thank you for registering", "Please refresh the page"],
}


def test_every_listed_chrome_line_is_removed_and_kept_with_a_reason(example_articles):
    for key, lines in CHROME.items():
        a = example_articles[key]
        removed = " || ".join(s.text for s in a.removed)
        for line in lines:
            assert line not in a.clean_text, (key, line)
            assert line in removed, (key, line)
        assert all(s.reason for s in a.removed)


def test_share_counters_and_repeated_title_of_003(example_articles):
    a = example_articles["003"]
    assert [s.text for s in a.removed if s.text in ("0", "250")] == ["0", "250"]
    titles = [s for s in a.removed if s.text.startswith("Who is to Say")]
    assert len(titles) == 3 and all(s.kind == "metadata" for s in titles)
    assert "Who is to Say" not in a.clean_text


def test_no_body_paragraph_is_removed(example_articles):
    body = {
        "000": ["Russia has been discovered to have offered Afghan militants", "Syria is one example of this"],
        "001": ["Russia rejected the report.", "Unit 29155, which is believed", "We demand the relevant US authorities"],
        "002": ["At a congressional hearing on July 9", "Deputy Secretary of State Department Biegun said"],
        "003": ["Belgium’s Defence Minister Philippe Goffin", "The Taliban also refuted the claims"],
        "004": ["NATO spokeswoman Oana Lungescu said", "Esper had worked with military leaders"],
    }
    for key, starts in body.items():
        for s in starts:
            assert s in example_articles[key].clean_text, (key, s)
    # 001 has no chrome at all; 002 only its trailing dots
    assert example_articles["001"].removed == []
    assert {s.text for s in example_articles["002"].removed} == {"."}


def test_metadata_with_where_it_came_from(example_articles):
    a0, a3, a4 = example_articles["000"], example_articles["003"], example_articles["004"]
    assert a0.field("title") == "US intelligence: Russia offered bounties to Taliban to target US, NATO forces"
    assert a3.field("title").startswith("Who is to Say: Belgian Defence Min.")
    assert a4.field("title") == "NATO, acting US Pentagon chief discuss Afghanistan"
    assert "title" not in example_articles["001"].meta and "title" not in example_articles["002"].meta
    assert a3.outlet == "sputniknews.com" and "Sourse: sputniknews.com" in a3.meta["outlet"].source
    assert a4.outlet == "The Independent" and a4.meta["outlet"].inferred
    assert a4.field("wire") == "Associated Press"
    assert a4.field("published").startswith("2020-11-16") and "dateline" in a4.meta["published"].source
    assert not a4.meta["published"].inferred
    # no date line, metadata, dated address or byline: the date is unknown, never the latest year mentioned
    for key in ("000", "001", "002", "003"):
        assert "published" not in example_articles[key].meta, key
    # 003 tells of the April 2019 car bomb as past: it was written after it
    rng = example_articles["003"].meta["published_range"]
    assert rng.inferred and rng.value["not_before"] == "2019-04-01" and "early April 2019" in rng.source
    assert "outlet" not in example_articles["001"].meta


def test_user_override_keeps_a_line_per_outlet():
    text = "Show Comments\n\n" + "A body paragraph that talks about the meeting at length, with detail. " * 3
    a = clean_article(Article(id="x", raw_text=text, source="Example Times"), Settings(keep_patterns=("Example Times::^Show Comments$",)))
    assert "Show Comments" in a.clean_text
    b = clean_article(Article(id="y", raw_text=text, source="Other"), Settings(keep_patterns=("Example Times::^Show Comments$",)))
    assert "Show Comments" not in b.clean_text


def test_repeated_lines_across_one_outlets_articles_are_chrome():
    promo = "The Morning Digest is compiled each weekday by the business desk and edited in London."
    arts = [Article(id=f"a{i}", source="Daily Example",
                    raw_text=f"Story number {i} begins with a long paragraph about topic {i} and what officials said about it on Monday.\n\n"
                             f"{promo}\n\nAnother paragraph describes the consequences of event {i} in some detail for readers.")
            for i in range(4)]
    out = list(clean_articles(arts, Settings()))
    for a in out:
        assert promo not in a.clean_text
        assert any("repeated across" in s.reason for s in a.removed)


def test_hostile_inputs_give_results_not_crashes():
    s = Settings()
    one_line = clean_article(Article(id="l", raw_text="word " * 200_000), s)
    assert len(one_line.clean_text) > 100_000
    all_chrome = clean_article(Article(id="c", raw_text="Share on Facebook\nShow Comments\n0\n250\nSubscribe to our newsletter today"), s)
    assert all_chrome.clean_text == "" and len(all_chrome.removed) == 5
    german = clean_article(Article(id="g", raw_text="Die Regierung hat am Montag beschlossen, dass die Truppen im Land bleiben und die Mission fortgesetzt wird, sagte ein Sprecher."), s)
    assert german.field("language") == "de" and "Regierung" in german.clean_text
    broken = clean_article(Article(id="h", html="<html><body><div><p>Unclosed paragraph about the summit in Geneva where leaders met<div><p>More text"), s)
    # unclosed tags lose nothing: the paragraph is read (here as the page's title), every removal has a reason
    assert "summit in Geneva" in broken.clean_text + " " + (broken.field("title") or "")
    assert broken.removed and all(s.reason for s in broken.removed)


def test_a_web_archives_own_notice_is_chrome_at_any_length_but_news_about_archives_is_kept():
    notice = ("Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing in every "
              "day, these data are added to the archive after an embargo period, and the crawl is saved with each page it found.")
    news = ("Archived copies of the page, kept by the Internet Archive's Wayback Machine, show the statement was edited twice "
            "on Tuesday before it was deleted, the researchers who compared the versions said.")
    a = clean_article(Article(id="x", raw_text=f"{notice}\n\n{news}"), Settings())
    assert notice not in a.clean_text and news in a.clean_text
    assert any(s.reason == "web archive notice" and s.text == notice for s in a.removed)


def test_an_archives_notice_over_several_paragraphs_is_chrome_up_to_the_captured_article():
    notice = ["This wide crawl began in May 2012 from a seed list of the most linked-to sites on the web.",
              "What the crawl holds:",
              "- the front pages of every domain with more than one incoming link",
              "The crawler stored two billion URLs; its files are not yet open to outside researchers."]
    article = ["The council voted on Monday to close the bridge for repairs, officials said, after engineers found cracks in it.",
               "Drivers were told to expect delays, and traffic on the bypass slowed to a crawl by the evening rush hour."]
    a = clean_article(Article(id="w", raw_text="\n\n".join(notice + article)), Settings())
    assert a.clean_text == "\n\n".join(article)     # the article's own 'crawl' is not the notice's
    assert {s.text for s in a.removed if s.reason == "web archive notice"} >= {notice[0], notice[2], notice[3]}


def test_embedded_player_and_tweet_notices_are_chrome():
    body = "The council voted on Monday to close the bridge for repairs, officials said, after engineers found cracks in it."
    lines = ["Media playback is unsupported on your device", "Tweet with a location", "Story continued below",
             "This video is copyright protected!! For any licensing requests please contact the video's owner.",
             "Just fill in your contact details in the form below to join our mailing list."]
    a = clean_article(Article(id="y", raw_text="\n\n".join(lines + [body])), Settings())
    assert a.clean_text == body
    assert {s.text for s in a.removed} == set(lines)


def test_a_wire_dateline_with_a_state_names_the_wire():
    a = clean_article(Article(id="d", raw_text="MENASHA, Wis. (AP) — A gunman opened fire on a crowded footbridge on "
                                               "Sunday evening, killing three people, police said on Monday."), Settings())
    assert a.field("wire") == "Associated Press" and "MENASHA, Wis. (AP)" in a.meta["wire"].source


def test_a_photo_credit_or_a_press_release_issuer_names_no_outlet():
    body = ("The harbour board approved the new ferry timetable on Monday after a long public meeting.\n\n"
            "Its chair said the change would cut waiting times for commuters on the busiest crossings.\n\n")
    credit, issuer, reprint = (clean_article(Article(id=i, raw_text=body + tail), Settings()) for i, tail in
                               (("c", "Source: Getty Images"), ("i", "SOURCE Pellmore Ferries Inc."),
                                ("r", "Source: harbourtimes.example")))
    assert credit.outlet is None and "Getty" not in credit.clean_text
    assert any("photo credit" in s.reason for s in credit.removed)
    assert issuer.outlet is None and "Pellmore" not in issuer.clean_text
    assert reprint.outlet == "harbourtimes.example"
