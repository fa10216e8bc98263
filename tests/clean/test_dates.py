"""Publication dates rest on evidence (issue 30): written for these tests, not taken from the data."""
import datetime as dt

from storylens.clean import clean_article
from storylens.clean.dates import byline_date, not_before, url_date
from storylens.config import Settings
from storylens.model import Article

BODY = ("The harbour authority said the new quay was opened on 3 March 2016 after two years of work. "
        "Ferries will use it from next month, and a second quay is planned to open in November 2027, "
        "officials said. The project was first proposed in 1998 and is meant to last until 2075.")


def test_a_date_in_the_web_address_is_evidence():
    assert url_date("https://news.example.com/2019/11/19/harbour-opens/") == ("2019-11-19", "day")
    assert url_date("https://example.org/world/2021-02-03-storm-hits") == ("2021-02-03", "day")
    assert url_date("https://example.org/a/20150607/story.html") == ("2015-06-07", "day")
    assert url_date("https://example.org/2018/05/story") == ("2018-05", "month")
    assert url_date("https://example.org/story-2048-units") is None
    a = clean_article(Article(id="u", raw_text=BODY, url="https://news.example.com/2016/03/04/quay/"), Settings())
    assert a.meta["published"].value == "2016-03-04" and "web address" in a.meta["published"].source


def test_a_byline_stamp_is_evidence():
    assert byline_date("By Ann Lee, Updated 10:31 AM ET, Mon November 18, 2019") == "2019-11-18"
    assert byline_date("By Ann Lee and Bo Chen") is None


def test_without_evidence_the_date_is_unknown_with_a_bound_from_the_past_it_tells():
    a = clean_article(Article(id="n", raw_text=BODY), Settings())
    assert "published" not in a.meta                      # never the latest year the text mentions (2075)
    rng = a.meta["published_range"]
    assert rng.inferred and rng.value == {"not_before": "2016-03-03", "not_after": None}
    assert "3 March 2016" in rng.source


def test_dates_told_ahead_bound_nothing():
    assert not_before("The bridge will open on 9 May 2031, the council said.") is None
    assert not_before("By 2040 the town hopes to double in size.") is None
    assert not_before("The bridge was closed on 9 May 2011 for repairs.") == ("2011-05-09", "9 May 2011")


def test_a_crawl_date_closes_the_range():
    a = Article(id="c", raw_text=BODY, extra={"crawled": "2016-09-30"})
    rng = clean_article(a, Settings()).meta["published_range"]
    assert rng.value == {"not_before": "2016-03-03", "not_after": "2016-09-30"} and "crawl" in rng.source


def test_a_dateline_still_wins():
    a = clean_article(Article(id="d", raw_text="Tuesday 7 June 2016 08:15 BST\n\n" + BODY), Settings())
    assert a.meta["published"].value.startswith("2016-06-07") and not a.meta["published"].inferred
    assert "published_range" not in a.meta
