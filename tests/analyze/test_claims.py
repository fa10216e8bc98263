"""Who said what, sentence by sentence: a claim names someone who made the statement, never someone
the sentence only mentions (real spaCy parse, real embeddings)."""
import pytest

from storylens import embed
from storylens.analyze.claims import find_claims
from storylens.analyze.context import StoryContext
from storylens.analyze.entities import find_entities
from storylens.model import Article
from storylens.text.nlp import load_nlp


@pytest.fixture(scope="module")
def claims_of(settings):
    nlp, embedder = load_nlp(), embed.load(settings)

    def run(*sentences: str) -> list[tuple[str, str, str]]:
        """(speaker, stance, sentence) of each claim found in one article whose paragraphs are `sentences`."""
        a = Article(id="t1", clean_text="\n".join(sentences), title="A test article")
        list(embed.embed_articles([a], embedder))
        ctx = StoryContext.build([a], [])
        return [(c["speaker_name"], c["stance"], c["sentence"]) for c in find_claims(ctx, nlp, find_entities(ctx, nlp))]
    return run


def test_a_plain_attribution_and_a_denial_are_found(claims_of):
    found = claims_of("Defence Minister Philippe Goffin said the service knew of the plan.",
                      "The Kremlin denied the report on Monday.")
    assert ("Philippe Goffin", "asserts") in {(s, st) for s, st, _ in found}
    assert any(st == "denies" and "Kremlin" in s for s, st, _ in found)


def test_what_someone_said_is_a_mention_not_their_claim(claims_of):
    found = claims_of("These secret warnings contrast with what President Trump has said about the intelligence.",
                      "President Trump said on Friday that the warnings were never shown to him.")
    assert not any("Trump" in s for s, _, sent in found if "contrast" in sent)
    assert any("Trump" in s for s, _, sent in found if "never shown" in sent)   # his own statement is his


def test_not_denied_by_someone_is_no_statement_of_theirs(claims_of):
    found = claims_of("The discovery itself has not been denied by the US or the UK, though.",
                      "The UK government denied that its agents had been involved.")
    assert not any("US" in s or "UK" in s for s, _, sent in found if "not been denied" in sent)
    assert any("UK" in s and st == "denies" for s, st, sent in found if "agents" in sent)


def test_not_confirming_is_never_shown_as_confirming(claims_of):
    found = claims_of("The Pentagon has not confirmed the report about the convoy.",
                      "The Pentagon confirmed on Tuesday that two soldiers had been injured.")
    assert not any(st == "confirms" for _, st, sent in found if "not confirmed" in sent)
    assert any(s == "Pentagon" and st == "confirms" for s, st, sent in found if "injured" in sent)


def test_a_name_inside_a_quotation_is_not_its_speaker(claims_of):
    found = claims_of("Pompeo recently said during a Fox News interview that the U.S. “Respond to any threat, whether "
                      "the Iranians use the Taliban or the Russians, “he said.”")
    speakers = {s for s, _, _ in found}
    assert "Pompeo" in speakers
    assert not any("Russians" in s or "Iranians" in s for s in speakers)


def test_a_pronoun_next_to_another_name_is_not_resolved_to_the_last_speaker(claims_of):
    found = claims_of("“That was a phone call to discuss other things,” President Donald Trump said in a recent interview.",
                      "the New York Times He reported on June 26 that Russia had covertly offered cash to the Taliban.")
    june = [s for s, _, sent in found if "June 26" in sent]
    assert "Donald Trump" not in june
    assert any(s == "Donald Trump" for s, _, sent in found if "phone call" in sent)   # his own quotation is his


def test_a_pronoun_with_no_other_candidate_takes_the_last_speaker(claims_of):
    found = claims_of("Senator Jane Holloway said the hearing would go ahead.",
                      "She added that the committee had seen the documents.")
    assert any(s == "Jane Holloway" and "committee had seen" in sent for s, _, sent in found)


def test_a_title_and_name_speak_as_the_person(claims_of):
    found = claims_of("In one of the latest developments, Special Representative for Afghanistan Zalmay Khalilzad said "
                      "that intra-Afghan talks were closer than ever.")
    assert [s for s, _, _ in found] == ["Zalmay Khalilzad"]



def test_a_bare_title_speaks_as_the_one_person_who_holds_it(claims_of):
    found = claims_of("President Donald Trump met the envoys on Monday.",
                      "Asked about the arms, the President replied that the matter was closed.")
    assert any(s == "Donald Trump" and "replied" in sent for s, _, sent in found)


def test_a_name_that_only_qualifies_the_speaker_is_not_the_speaker(claims_of):
    found = claims_of("French police say armed robbers cleaned out a jewelry store in Paris.",
                      "A spokesman for Donald Trump said the meeting was private.")
    speakers = {s for s, _, _ in found}
    assert "French police" in speakers and "French" not in speakers
    assert "Donald Trump" not in speakers


def test_a_disagreement_is_between_two_speakers_on_one_matter(settings):
    from storylens.analyze.claims import group_claims
    nlp, embedder = load_nlp(), embed.load(settings)

    def disagreements(*texts):
        arts = [Article(id=f"a{k}", clean_text=t, title="A test article") for k, t in enumerate(texts)]
        list(embed.embed_articles(arts, embedder))
        ctx = StoryContext.build(arts, [])
        return [(d.affirms.speaker, d.negates.speaker)
                for d in group_claims(ctx, find_claims(ctx, nlp, find_entities(ctx, nlp)))[1]]

    abused = "Senator Bob Dole said the filibuster was being abused by the majority in the Senate."
    party = "Senator Bob Dole said he could not make it in the modern Republican Party in the Senate."
    flip = "Senator Bob Dole said the filibuster was not being abused by the majority in the Senate."
    other = "Senator Harry Reid said the filibuster was not being abused by the majority in the Senate."
    assert disagreements(abused, party) == []                        # one speaker, two matters
    assert disagreements(abused, flip) == []                         # one speaker never pairs with himself
    assert disagreements(abused, other) == [("Bob Dole", "Harry Reid")]   # two speakers, one matter
    dole_again = "Mr. Dole said the filibuster wasn't being abused by the majority in the Senate."
    assert disagreements(abused, dole_again) == []                   # two names of one speaker


# --- issue 31 (part): the whole article, datelines, governed denials, quotations, pronouns -------------
def test_statements_deep_in_a_long_article_are_read(claims_of):
    filler = [f"The harbour board met for the {n}th time this year to review the ferry timetable." for n in range(70)]
    found = claims_of(*filler, "Mayor Ellen Varga said the new quay would open in spring.")
    assert any("Varga" in s and "quay" in sent for s, _, sent in found)


def test_a_dateline_is_not_the_speaker(claims_of):
    found = claims_of("LISBON (AP) — Prime Minister Rui Castelo on Tuesday said the budget would pass.")
    assert [s for s, _, _ in found] == ["Rui Castelo"]


def test_a_denial_governed_by_another_verb_keeps_its_subject(claims_of):
    found = claims_of("The Kremlin responded by denying that it had paid the militants.")
    assert any(st == "denies" and "Kremlin" in s for s, st, _ in found)


def test_a_verb_inside_a_quotation_is_not_a_statement_of_its_own(claims_of):
    found = claims_of("Governor Ana Ruiz spoke to reporters on Monday.",
                      "“He has said unkind things again and again,” she said.")
    assert not any("unkind" in sent and s != "Ana Ruiz" for s, _, sent in found)


def test_he_is_the_person_named_before_it_not_a_name_in_the_quotation(claims_of):
    found = claims_of("Senator Paul Brandt spoke to supporters in Ohio on Saturday.",
                      "“The Westfield deal is secondary to jobs,” he said.")
    assert any(s == "Paul Brandt" and "secondary" in sent for s, _, sent in found)


def test_more_verbs_of_saying_and_of_intent_are_statements(claims_of):
    found = claims_of("Councillor Mara Doyle recalled that the bridge had been closed twice.",
                      "Councillor Tom Reyes called for an inquiry into the closures.",
                      "The harbour union vowed to strike if the ferries stop.",
                      "Councillor Mara Doyle wants the ferry service restored by June.")
    speakers = " | ".join(s for s, _, _ in found)
    assert "Mara Doyle" in speakers and "Tom Reyes" in speakers and "union" in speakers.lower()
    assert sum(1 for s, _, _ in found if "Mara Doyle" in s) == 2


def test_a_plan_or_expectation_in_the_passive_is_nobodys_statement(claims_of):
    found = claims_of("The new quay is expected to open in May.", "The vote was planned for Friday.")
    assert found == []


def test_one_statement_told_twice_is_the_same_words():
    from storylens.analyze.claims import _same_words
    assert _same_words("Johns said McDowell wasn't his girlfriend.", "Johns said McDowell was not his girlfriend.")
    assert not _same_words("The filibuster was being abused.", "The filibuster was not being abused.")


def test_she_after_a_speaker_in_the_same_sentence_is_that_speaker(claims_of):
    found = claims_of("The former governor said the loan was legal, but she denied that the State Treasury had known of it.")
    assert any(st == "denies" and "governor" in s for s, st, _ in found)


def test_a_person_described_not_named_can_dispute(claims_of):
    found = claims_of("The woman disputes the idea that she needed help at all.")
    assert any(st == "disputes" and "woman" in s.lower() for s, st, _ in found)


def test_she_is_the_last_speaker_not_a_name_inside_his_description(claims_of):
    found = claims_of("Mary Tolland, the former U.K. minister, visited Lagos in May.",
                      "The former U.K. minister said the contract was sound, but she denied that she had signed it.")
    denials = [s for s, st, _ in found if st == "denies"]
    assert denials and not any("Kingdom" in s or s == "U.K." for s in denials)


def test_calling_a_number_or_questioning_people_is_no_statement(claims_of):
    found = claims_of("The lifeguard called 911 when the two swimmers failed to return.",
                      "Detectives were questioning crew members of the trawler on Monday.",
                      "The union called the strike a last resort.")
    assert not any("lifeguard" in s.lower() for s, _, _ in found)
    assert not any(st == "disputes" for _, st, _ in found)
    assert any("union" in s.lower() for s, _, _ in found)      # 'called X a Y' says something


def _disagreements(settings, *texts):
    from storylens.analyze.claims import group_claims
    nlp, embedder = load_nlp(), embed.load(settings)
    arts = [Article(id=f"a{k}", clean_text=t, title="A test article") for k, t in enumerate(texts)]
    list(embed.embed_articles(arts, embedder))
    ctx = StoryContext.build(arts, [])
    return [(d.affirms.speaker, d.negates.speaker) for d in group_claims(ctx, find_claims(ctx, nlp, find_entities(ctx, nlp)))[1]]


def test_a_denial_pairs_with_the_statement_it_denies(settings):
    claim = "Senator Alma Ruiz said the mayor had moved the port funds to a private account."
    denial = "Mayor Tom Ebbe denied reports that he had moved the port funds to a private account."
    assert _disagreements(settings, claim, denial) == [("Alma Ruiz", "Tom Ebbe")]


def test_a_negative_word_outside_the_statement_or_another_matter_makes_no_disagreement(settings):
    said = "Harbour master Lena Oort said the ferry would sail to the island on Friday."
    aside = "Coach Piet Hal, who did not travel, said the ferry team would sail to the island cup final."
    contracted = "Captain Rob Dey said the ferry wouldn't sail to the island on Friday."
    assert _disagreements(settings, said, aside) == []                      # 'not' is in the aside, not the statement
    assert _disagreements(settings, said, contracted) == [("Lena Oort", "Rob Dey")]   # "wouldn't" negates


def test_telling_of_someone_elses_denial_is_no_side_taken(settings):
    claim = "Inspector Jan Mols said the driver had been drinking before the crash."
    told = "The driver told officers he had not been drinking before the crash, according to the police report."
    found = _disagreements(settings, claim, told)
    assert not any("report" in a or "report" in b for a, b in found)    # the report tells; the driver denies
    assert ("Jan Mols", "driver") in found


def test_who_or_which_speaks_as_the_one_it_stands_for(claims_of):
    found = claims_of("The ministry, which has strongly denied any role in the attack, moved its troops on Monday.",
                      "Voters heard from Senator Ada Lind, who has questioned the cost of the new bridge.",
                      "The doctors who said the ward was unsafe were moved to another hospital.")
    assert any(st == "denies" and s.lower() == "ministry" for s, st, _ in found)
    assert any(st == "disputes" and s == "Ada Lind" for s, st, _ in found)
    assert any(s.lower() == "doctors" for s, _, _ in found) and not any("who" in s for s, _, _ in found)


def test_commands_conditions_and_emphasis_take_no_side(settings):
    stated = "Chief Ana Brill said the guards shot the dog near the gate."
    command = 'Guard Tim Roe said: "Don\'t shoot the dog near the gate."'
    condition = "Guard Tim Roe said the guards would not have shot the dog near the gate if it had stayed calm."
    assert _disagreements(settings, stated, command) == []
    assert _disagreements(settings, stated, condition) == []
    [(a, b)] = _disagreements(settings, stated, "Guard Tim Roe said the guards did not shoot the dog near the gate.")
    assert "Brill" in a and b == "Tim Roe"
    emphasis = 'Minister Eva Holm said: "This vote is about nothing less than the future of the harbour."'
    plain = "Mayor Jon Krag said the vote would decide the future of the harbour."
    assert _disagreements(settings, emphasis, plain) == []


def test_what_a_statement_negates_elsewhere_is_not_what_it_affirms(settings):
    mixed = "Nurse Ida Pohl said the families had left the town and that the clinic was not releasing names."
    other = "Director Sam Ueda said the clinic would not release names of the patients."
    assert _disagreements(settings, mixed, other) == []       # both say the names stay private
    scarce = "Professor Ana Ruiz said the agencies had little expertise in wildlife."
    none = "Professor Bo Lind said the agencies do not have expertise in wildlife."
    assert _disagreements(settings, scarce, none) == []       # 'little' is no affirmation
    denial = "Director Sam Ueda denied that the families had left the town."
    [(a, b)] = _disagreements(settings, mixed, denial)
    assert "Pohl" in a and b == "Sam Ueda"


def test_a_speaker_word_heads_the_phrase_not_its_last_word(claims_of):
    found = claims_of("A memorable union ad in 2019 questioned whether the new mayor was ready for a flood.")
    assert any(st == "disputes" and "ad" in s.split() for s, st, _ in found)


def test_stance_from_what_is_said_hedges_and_denials(claims_of):
    found = claims_of("Councillor Rae Tamm alleged that the port director took bribes.",
                      "“The contract never came to my desk,” Director Olu Banks said.",
                      "Spokeswoman Kit Moor said the story was false.",
                      "Inspector Leo Vance said the harbour gate was closed at night.")
    stance = {s: st for s, st, _ in found}
    assert stance.get("Councillor Rae Tamm", stance.get("Rae Tamm")) == "hedges"
    assert stance.get("Olu Banks") == "denies"
    assert stance.get("Kit Moor") == "denies"
    assert stance.get("Leo Vance") == "asserts"


def test_he_or_she_is_never_a_group_that_spoke_last(claims_of):
    found = claims_of("The dock workers said the strike would go on until Friday.",
                      "“We will stay at the gate all night,” she said.")
    assert not any("workers" in s and "gate" in sent for s, _, sent in found)
    found = claims_of("Demonstrators said the march would go on until Friday.",
                      "“We will stay at the gate all night,” he said.")
    assert not any("Demonstrators" in s and "gate" in sent for s, _, sent in found)   # capitalised, still a group


def test_she_is_never_a_man_the_articles_call_mr(claims_of):
    found = claims_of("Mr. Oren Falk opened the new library on Monday.",
                      "“The shelves were empty for a year,” she said.")
    assert not any("Falk" in s and "shelves" in sent for s, _, sent in found)


def test_what_one_speaker_tells_of_another_is_one_statement(claims_of):
    found = claims_of("Spokeswoman Ines Ortiz said the council planned to close the pool and promised new lanes.",
                      "Officials said the ministry denied the report on Monday.")
    assert any(s == "Ines Ortiz" for s, _, _ in found)
    assert not any("council" in s.lower() for s, _, _ in found)
    assert any(st == "denies" and "ministry" in s.lower() for s, st, _ in found)
    found = claims_of("Sergeant Kim Ray said the coast road was closed, the Daily Courier reported.")
    assert any(s == "Kim Ray" for s, _, _ in found)      # an outlet passes on her own statement


def test_yet_to_respond_declines_and_a_coordinated_verb_keeps_the_denier(claims_of):
    found = claims_of("The water board has yet to respond to the findings.",
                      "Mayor Ana Holt denied that the meeting ever took place and said that she was not told of the plan.")
    assert any(st == "declines to comment" and "water board" in s.lower() for s, st, _ in found)
    assert not any("meeting" in s.lower() for s, _, _ in found)
    assert {st for s, st, sent in found if "Holt" in s} >= {"denies"}


def test_questions_sayings_and_credit_lines_are_not_statements(claims_of):
    found = claims_of("“How will the harbour board explain the delay?” Councillor Nils Berg said.",
                      "The ferry is late again, as they say in the shipping business.",
                      "Writing by Ana Lopes and Tom Weir; Editing by Kim Ode.",
                      "Councillor Nils Berg said the board would meet on Friday.")
    assert len(found) == 1 and "Berg" in found[0][0] and "Friday" in found[0][2]


def test_people_a_group_names_with_including_speak_too(claims_of):
    found = claims_of("Several council members, including Mayor Ana Holt and Judge Tom Reyes, have disputed the audit.")
    stances = {s: st for s, st, _ in found}
    assert any("Holt" in s and st == "disputes" for s, st in stances.items())
    assert any("Reyes" in s and st == "disputes" for s, st in stances.items())


def test_a_description_of_the_last_speaker_is_linked_to_her(claims_of):
    # two roles of one person joined by 'and' are one person: the 'she' after it is hers, and denies
    found = claims_of("Senator Hana Clemmons of Ohio said on Monday that the plant would stay open.",
                      "The former first lady and Ohio senator said it was \"an error\" to keep the files at home, "
                      "but she denied that she mishandled secret material.")
    assert ("Hana Clemmons", "denies") in {(s, st) for s, st, sent in found if "secret material" in sent}


def test_a_spokesman_or_a_role_of_the_other_sex_is_not_the_last_speaker(claims_of):
    found = claims_of("Mr. Tom Berrow said on Monday that the plant would stay open.",
                      "The former first lady said the plant would close.",
                      "The spokesman said the plant would be sold.")
    assert {s for s, _, sent in found if "close" in sent} == {"former first lady"}
    assert {s for s, _, sent in found if "sold" in sent} == {"spokesman"}


def test_whose_habit_of_denying_it_is_denies(claims_of):
    found = claims_of("Governor Ray Dallow said on Monday that the plant would stay open.",
                      "Critics point to Dallow's habit of denying the audit findings.",
                      "He has won over factory towns through his long campaign of questioning tariff deals.")
    assert ("Ray Dallow", "denies") in {(s, st) for s, st, sent in found if "audit" in sent}
    assert ("Ray Dallow", "disputes") in {(s, st) for s, st, sent in found if "tariff" in sent}


def test_a_denial_of_who_one_is_pairs_only_with_a_statement_naming_him(settings):
    suspects = "Two researchers have suggested that the butler Carl Imrie could have been the Night Writer."
    one_clerk = ("Editor Joan Vass says the Night Writer was a single clerk and not a group, and promised to name "
                 "the writer only after the clerk is dead.")
    denial = "Mr. Imrie denied that he was the Night Writer, and Vass said she will not name the writer until the writer dies."
    [(a, b)] = _disagreements(settings, suspects, denial)
    assert "researchers" in a and b == "Carl Imrie"
    assert _disagreements(settings, one_clerk, denial) == []      # about the Night Writer, not about Imrie


def test_what_a_relative_clause_says_of_a_thing_is_not_what_is_stated(settings):
    announced = ("On Monday the Harbour Board announced a change to the dock code, which required ships to carry "
                 "pilots in the harbour.")
    lawsuit = "The new dock code does not require ships to carry pilots in the harbour, the lawsuit said."
    assert _disagreements(settings, announced, lawsuit) == []


def test_a_quotation_over_several_sentences_is_one_statement(settings):
    from storylens.analyze.claims import group_claims
    nlp, embedder = load_nlp(), embed.load(settings)
    text = ("The river rose overnight in Elmsby.\n"
            "“The water came in fast. We had no warning from anyone,” Mayor Ruth Okafor said on Monday. "
            "“Nobody slept.”\n"
            "Engineers said the levee held.")
    a = Article(id="q1", clean_text=text, title="A test article")
    list(embed.embed_articles([a], embedder))
    ctx = StoryContext.build([a], [])
    claims, _ = group_claims(ctx, find_claims(ctx, nlp, find_entities(ctx, nlp)))
    mayor = next(c for c in claims if c.speaker == "Ruth Okafor")
    assert "The water came in fast." in mayor.claim and "Nobody slept." in mayor.claim
    assert "no warning" in mayor.sentence and "Nobody" not in mayor.sentence   # cited where she is named
    engineers = next(c for c in claims if "Engineers" in c.speaker)
    assert "Nobody" not in engineers.claim and "water" not in engineers.claim


def test_he_is_never_a_woman_the_articles_call_she(claims_of):
    found = claims_of("Musher Dana Quill said her dogs were hurt when a snowmobile struck the team.",
                      "Quill said she was shaken. She said she would keep racing.",
                      "He did not have the courage to face her afterwards, he said.")
    assert ("Dana Quill", "asserts") in {(s, st) for s, st, sent in found if "keep racing" in sent}
    assert not any("courage" in sent for _, _, sent in found)     # 'he' is not Quill: unresolved


def test_a_verb_of_saying_in_any_form_is_read(claims_of):
    # only sentences with a form of a verb of saying are parsed: 'adding', 'noting', 'writing' are forms too
    found = claims_of("Harbour master Ines Kalb closed the north pier on Monday, adding that repairs would take a year.")
    assert ("Ines Kalb", "asserts") in {(s, st) for s, st, _ in found}
