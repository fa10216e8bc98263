"""Sentence splitting around wire datelines, and photo captions told from news sentences."""
from storylens.text.sentences import is_caption, sentence_texts


def test_a_wire_dateline_stays_with_its_sentence():
    text = "MENASHA, Wis. (AP) — The family set out on a bike ride. They were halfway across the bridge."
    assert sentence_texts(text) == ["MENASHA, Wis. (AP) — The family set out on a bike ride.",
                                    "They were halfway across the bridge."]
    assert sentence_texts("WASHINGTON, D.C. (Reuters) - The Senate voted. It was late.")[0] == \
        "WASHINGTON, D.C. (Reuters) - The Senate voted."
    # a state's abbreviation that ends a sentence still ends it
    assert sentence_texts("They live in Menasha, Wis. Police say the gunman knew them.") == \
        ["They live in Menasha, Wis.", "Police say the gunman knew them."]


def test_photo_captions_are_told_from_news_sentences():
    captions = ["In this May 3, 2015 photo, authorities move the suspect to an ambulance.",
                "FILE - In this Jan. 14, 2013 file photo, the actress poses for a portrait in New York.",
                "In this photo provided by the U.S. Navy, the destroyer sails off Japan.",
                "Police Chief Tim Styka, right, speaks during a press conference at the hospital.",
                "The senator waves to supporters in Des Moines (AP Photo/Charlie Neibergall).",
                "The president names his pick for the court. (Victoria Walker/The Washington Post)",
                "Leaders walk to the Senate floor Wednesday. | John Shinkle/POLITICO Leaders reach a deal"]
    news = ["In this case, the photo was never published, the paper said.",
            "In a video posted online, the group claimed the attack.",
            "Smith, left, said the deal was done.",
            "The president turned right, then left the room without a word.",
            "He moved to the right, saying voters wanted change.",
            "The Saudi Arabia/Yemen border was closed on Monday."]
    assert all(is_caption(c) for c in captions)
    assert not any(is_caption(n) for n in news)
