"""The reader-facing sentence filter: each kind of page furniture is refused with its reason, and article
prose (said-sentences, quoted questions, dated news) passes. Texts written for these tests."""
import pytest

from storylens.text.prose import caption_reason, not_prose

CHROME = [
    # photo and video captions and credits
    ("Firefighters spray water on a burning warehouse in Dayton, Ohio, Friday, March 4, 2022.", "caption"),
    ("A volunteer stacks sandbags beside the river in Leeds, England, February 9, 2020. © Pennine Press / Ann Hale", "caption"),
    ("FILE PHOTO: Shoppers walk past a closed bakery in Lyon, France.", "caption"),
    ("An artist's rendering of the proposed bridge over the harbour.", "caption"),
    ("The mayor, pictured at the opening of the library last spring, has resigned.", "caption"),
    ("Workers repair the roof of the town hall (Marta Ruiz/The Valley Courier)", "caption"),
    ("Hide Caption 3 of 12 Photos: The flooded square", "caption"),
    ("JUST WATCHED Replay More Videos MUST WATCH", "label"),
    # player notices, pitches, calls to action
    ("Video playback is not supported in this browser", "sentence end"),
    ("Get our morning briefing delivered straight to your inbox.", "call to action"),
    ("Morning Briefing Emails Get the day's top stories and alerts.", "addresses the reader"),
    ("To keep reading the full investigation, click here.", "call to action"),
    ("Welcome to Deals Weekly, your guide to the best bargains you can find.", "addresses the reader"),
    ("Clique aqui para ver a galeria completa de fotos.", "call to action"),
    # bylines, credits, stamps, links, questions
    ("By Harriet Lowe | Staff Writer", "byline"),
    ("Reporting by Sam Okafor; editing by Lee Chan.", "byline"),
    ("09:14 21.03.2022", "fragment"),
    ("Home | World | Business | Sport | Weather", "label"),
    ("What would you do with an extra hour every day?", "question"),
    ("Related: Ten Towns Where Rents Fell This Year", "label"),
    ("Two villages were cut off by the landslide,...", "cut off"),
    # a site describing what it offers
    ("Essays, maps, photos, and other resources about the history of the river towns.", "what it offers"),
    ("The latest news, videos and photos on county politics", "what it offers"),
    ("Updated: We have added the council's response to this article.", "editor's note"),
    ("Correction (May 4): An earlier version misspelled the engineer's name.", "editor's note"),
    ("Please keep sharing your photos of the flood in the comments.", "call to action"),
    ("Council members Ann LeeLee backs bond and Bo DiazDiaz opposes it spoke.", "list of links"),
]

PROSE = [
    "The council approved the new budget on Monday, the mayor's office said.",
    "Police said the driver was taken to hospital in Dayton on Friday, March 4, 2022.",
    '"Why would anyone build there?" asked Maria Lopez, who has lived in the village for 40 years.',
    "The company, which employs 3,000 people, said profits rose in the third quarter.",
    "Residents told reporters you could smell the smoke from five miles away.",
    "News reports on the flood said three bridges had been closed.",
    "Photos and videos from the scene were shared widely on Tuesday.",
    "Owners of the iPhone 11 said the new iPhone update drained batteries within hours.",
]


@pytest.mark.parametrize("text,kind", CHROME)
def test_page_furniture_is_not_prose(text, kind):
    why = not_prose(text)
    assert why is not None, text
    assert kind in why, (text, why)


@pytest.mark.parametrize("text", PROSE)
def test_article_prose_passes(text):
    assert not_prose(text) is None


def test_headlines_may_be_questions_or_lack_a_full_stop_but_not_labels():
    assert not_prose("Will the bridge ever open? Residents wait for answers", headline=True) is None
    assert not_prose("Storm cuts power to 40,000 homes across the valley", headline=True) is None
    assert not_prose("Storm cuts power to 40,000 homes across the valley") is not None   # as a sentence: no end
    assert "all-capitals" in not_prose("CARS FOR SALE", headline=True)
    assert "promotion" in not_prose("Free Valley Coupons Today!", headline=True)
    assert not_prose("Valley Falls Wins Again!", headline=True) is None          # an exclaimed headline is still one
    # a picture the page shows next to the text, described
    assert "caption" in not_prose("The video shown here explains how the bridge beams cracked.", headline=True)
    assert "caption" in not_prose("This image shows the bridge from the east bank in the snow.", headline=True)
    assert not_prose("The video shows officers opening the barrier before dawn.", headline=True) is None


def test_caption_reason_judges_lines_for_the_cleaner():
    assert caption_reason("Rescuers search the rubble in Izmir, Turkey, Saturday, Oct. 31, 2020.")
    assert caption_reason("The minister said on Saturday, Oct. 31, 2020, that aid would follow.") is None
    assert caption_reason("Prices rose 3% in October, the statistics office said.") is None


def test_an_agency_caption_naming_its_photo_is_a_caption():
    assert caption_reason("A diver checks the hull of the ferry off the coast in this June 3, 2015 handout photo.")
    assert caption_reason("In this photo provided by the coast guard, a diver checks the hull.")
    assert caption_reason("The mayor said in a statement that the photo was taken in May.") is None
    assert caption_reason("In a photo posted online, the singer thanked her fans.") is None


def test_a_sentence_between_two_calls_to_action_is_part_of_the_pitch():
    from storylens.analyze.headline import lead_headline
    from storylens.text.prose import IN_PITCH, not_prose_in_order
    pitch = ["To subscribe to the Harbour Gazette, click here.", "Subscriptions cost $120 a year.",
             "To advertise in the Gazette, please click here.",
             "The harbour board voted on Monday to close the north pier for repairs."]
    assert not_prose_in_order(pitch) == ["a call to action", IN_PITCH, "a call to action", None]
    assert lead_headline(pitch) == pitch[3]
    # one call to action beside it is not enough: a sentence of news after a pitch is news
    news = ["To subscribe to the Harbour Gazette, click here.", "The harbour board met on Monday night.",
            "Members voted to close the north pier for repairs."]
    assert not_prose_in_order(news) == ["a call to action", None, None]
