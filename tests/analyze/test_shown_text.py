"""Whatever cleaning leaves in an article's text, the story shows only article prose: a caption, a
pitch, a credit line or a question to the reader left in the text is never a headline, a summary
sentence, a timeline entry, a claim or a coverage fact. Articles written for this test."""
import pytest

from storylens import embed
from storylens.analyze import analyze_story
from storylens.model import Article, FieldSource
from storylens.text.nlp import load_nlp

LEFT_IN = [
    "Rescue workers carry a stretcher past the collapsed hotel in Durres, Albania, Tuesday, Nov. 26, 2019.",
    "Get the latest headlines and breaking alerts delivered to your inbox every morning.",
    "Reporting by Ana Petrova; editing by Tom Hale.",
    "What would you pack if you had ten minutes to leave your home?",
]
PROSE = [
    "A strong earthquake struck the coast of Albania on Tuesday, killing at least 20 people, officials said.",
    "The quake hit before dawn near the port city of Durres and brought down several buildings, the interior ministry said.",
    "Prime Minister Edi Rama said rescue teams from Italy and Greece had joined the search for survivors on Tuesday.",
    "The defence ministry said on Wednesday that 600 people had been injured and more than 2,000 left homeless.",
]


@pytest.fixture(scope="module")
def story(settings):
    texts = [
        "\n\n".join([LEFT_IN[0], PROSE[0], LEFT_IN[1], PROSE[1], LEFT_IN[2]]),
        "\n\n".join([LEFT_IN[3], PROSE[2], LEFT_IN[0], PROSE[3], PROSE[0]]),
    ]
    arts = [Article(id=f"q{n}", raw_text=t, clean_text=t, meta={"published": FieldSource("2019-11-27", "given in the input")})
            for n, t in enumerate(texts)]
    arts = list(embed.embed_articles(arts, embed.load(settings)))
    return analyze_story(arts, [], load_nlp(), settings)


def test_nothing_but_prose_is_shown(story):
    shown = ([story.headline.text] + [s.text for s in story.summary.sentences + story.long_summary.sentences]
             + [e.what for e in story.timeline] + [c.sentence for c in story.claims] + [f.fact for f in story.coverage.facts])
    assert story.summary.sentences and story.timeline and story.claims   # the story is told...
    for text in shown:                                                   # ... in article prose only
        assert not any(bad[:40] in text for bad in LEFT_IN), text
    assert story.headline.generated and story.headline.text in PROSE
