import datetime as dt

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from storylens.clean.dates import parse_dateline
from storylens.text.sentences import sentence_texts
from storylens.text.temporal import describe, find_date_mentions

ANCHOR = dt.date(2020, 11, 16)   # a Monday


def one(text, anchor=ANCHOR):
    found = find_date_mentions(text, anchor)
    assert len(found) == 1, found
    return found[0]


def test_absolute_and_partial_dates():
    assert one("on 28 December 2014 it ended").date == "2014-12-28"
    m = one("the attack in early April 2019 killed three")
    assert (m.date, m.granularity, m.part) == ("2019-04", "part-of-month", "early")
    assert one("invaded Afghanistan in 2001 and").date == "2001"
    assert one("Trump tweeted on Oct. 7 that").date == "2020-10-07"


def test_relative_dates_resolve_against_the_anchor():
    friday = one("talks with Christopher Miller on Friday about")
    assert friday.date == "2020-11-13" and friday.relative and friday.anchor == "2020-11-16"
    assert one("his spokeswoman said Monday").date == "2020-11-16"
    assert one("Last week, Trump fired Esper").granularity == "week"
    late = one("during a meeting in late March", dt.date(2020, 6, 29))
    assert (late.date, late.part) == ("2020-03", "late")
    # a month after the anchor's month is last year's
    assert one("in December the deal", dt.date(2020, 6, 29)).date == "2019-12"


def test_without_anchor_only_dates_with_a_year():
    assert [m.date for m in find_date_mentions("on Friday, and in 2019, and June 26")] == ["2019"]


def test_may_the_verb_is_not_a_month():
    assert find_date_mentions("the Russians may be seeking revenge", ANCHOR) == []


def test_dateline_and_describe():
    assert parse_dateline("Monday 16 November 2020 09:31 EST") == "2020-11-16T09:31"
    assert parse_dateline("The meeting on 16 November 2020 went well") is None
    assert describe("2020-03", "part-of-month", "late") == "late Mar 2020"


def test_sentences_keep_abbreviations_together():
    assert sentence_texts("U.S. troops left. Gen. Milley said so. It ended.") == ["U.S. troops left.", "Gen. Milley said so.", "It ended."]


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_crashes(text):
    for m in find_date_mentions(text, ANCHOR):
        assert text[m.start:m.end].strip() == m.phrase
    parse_dateline(text)
    sentence_texts(text)


# anchor Monday 16 Nov 2020: a weekday spoken of ahead (a future marker, or a fixture told in the present)
# is the coming one; otherwise, and after a past or perfect auxiliary, the last one
@pytest.mark.parametrize("text, date", [
    ("the ministers will meet on Friday in Brussels", "2020-11-20"),
    ("a vote is scheduled for Thursday", "2020-11-19"),
    ("they meet again next Friday", "2020-11-20"),
    ("the minister said Friday that the talks will resume", "2020-11-13"),
    ("On Friday, he said the team will appeal", "2020-11-13"),
    ("the injured Saints face the Seahawks on Saturday", "2020-11-21"),
    ("the trial opens Thursday in Denver", "2020-11-19"),
    ("the team did not play Sunday", "2020-11-15"),
    ("the Saints played the Seahawks on Saturday", "2020-11-14"),
    ("the Senate was to reconvene Friday", "2020-11-13"),
])
def test_a_weekday_is_the_coming_one_only_when_spoken_of_ahead(text, date):
    assert one(text).date == date
