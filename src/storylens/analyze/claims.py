"""Who said what: attributions found with spaCy's dependency parse.

Patterns: "X said/told/claimed (that) ...", "X denied/rejected/refuted ...", "... were rejected by X",
"according to X, ...", quoted passages with their speaker, "X did not respond / declined to comment".
Each claim has a speaker (resolved to an entity where possible, pronouns to the article's previous
speaker), the sentence (verbatim, citable) and a stance: asserts, denies, disputes, confirms,
declines to comment. Claims of the same speaker and matter are grouped across outlets; claims on the
same matter with opposite stances are paired as disagreements (one speaker's two only when nearly the
same words).

A claim names only someone who made the statement: a negated verb ("has not confirmed", "was not denied
by X") is no statement; "what X has said" mentions a statement without making one; a name inside a
quotation is not its speaker; a pronoun is left unresolved when the sentence names someone else before it.
"""
from __future__ import annotations

import bisect
import functools
import re

from ..model import Claim, ClaimEvidence, ClaimSide, Disagreement
from ..text.nlp import parse
from ..text.prose import not_prose
from ..text.sentences import LEAD_DATELINE
from ..text.similarity import SentenceSpace
from .context import MAX_SENTENCES_PER_ARTICLE, StoryContext
from .entities import EntityIndex
from .readings import Readings, derived_kind

STANCE = {
    "say": "asserts", "tell": "asserts", "state": "asserts", "add": "asserts", "claim": "asserts",
    "assert": "asserts", "note": "asserts", "write": "asserts", "tweet": "asserts", "report": "asserts",
    "announce": "asserts", "insist": "asserts", "argue": "asserts", "explain": "asserts", "warn": "asserts",
    "allege": "asserts", "conclude": "asserts", "cite": "asserts", "describe": "asserts", "suggest": "asserts",
    "reply": "asserts", "accuse": "asserts", "believe": "asserts", "theorize": "asserts",
    # more verbs of saying (PolNeAR's cues): what someone asks, recalls, calls for, vows, estimates, finds
    "ask": "asserts", "recall": "asserts", "respond": "asserts", "mention": "asserts", "urge": "asserts",
    "vow": "asserts", "pledge": "asserts", "promise": "asserts", "predict": "asserts", "estimate": "asserts",
    "declare": "asserts", "demand": "asserts", "propose": "asserts", "stress": "asserts", "emphasize": "asserts",
    "contend": "asserts", "maintain": "asserts", "observe": "asserts", "remark": "asserts", "point": "asserts",
    "reveal": "asserts", "disclose": "asserts", "indicate": "asserts", "predict": "asserts", "caution": "asserts",
    "complain": "asserts", "criticize": "asserts", "blast": "asserts", "praise": "asserts", "tout": "asserts",
    "boast": "asserts", "testify": "asserts", "recount": "asserts", "speculate": "asserts", "concede": "confirms",
    "agree": "asserts", "call": "asserts",
    # what someone thinks, wants or plans, as the article reports it
    "think": "asserts", "want": "asserts", "plan": "asserts", "hope": "asserts", "expect": "asserts", "intend": "asserts",
    "deny": "denies", "reject": "denies", "refute": "denies", "dismiss": "denies", "repudiate": "denies",
    "dispute": "disputes", "question": "disputes", "challenge": "disputes", "doubt": "disputes",
    "confirm": "confirms", "acknowledge": "confirms", "admit": "confirms", "affirm": "confirms", "verify": "confirms",
}
# verbs only someone can do: whoever does them speaks ('the driver told officers', 'the caller insisted')
SPEAKING = {"say", "tell", "deny", "insist", "admit", "testify"}
DECLINE = {"comment", "respond", "reply", "return"}
COGNITION = {"think", "want", "plan", "hope", "expect", "intend", "believe"}
# a word of one of the verbs above, in any form: only sentences with one are parsed ('state' as a verb:
# 'the United States' and 'the state' are the noun, which is most of them)
TRIGGER = re.compile(r"\b(sa(id|ys|y)|told|tell|stat(ed|ing)\b|states? that\b|add(ed|s|ing)\b|claim(ed|s)?|assert|"
                     r"not(ed|es|ing)\b|wr(ote|ites|iting|itten)\b|"
                     r"tweet(ed|s)?|report(ed|s)?|announc|insist|argu|explain|warn|alleg|conclud|cit(ed|es)|describ|"
                     r"suggest|repl|accus|believ|theoriz|den(y|ied|ies|ying)|reject|refut|dismiss|repudiat|disput|"
                     r"question|challeng|doubt|confirm|acknowledg|admit|affirm|verif|declin|according to|comment|respond|"
                     r"ask|recall|mention|urg|vow|pledg|promis|predict|estimat|declar|demand|propos|stress|emphasi|contend|"
                     r"maintain|observ|remark|point|reveal|disclos|indicat|caution|complain|critici|blast|prais|tout|boast|"
                     r"testif|recount|speculat|conced|agree|call|think|thought|want|plan|hope|expect|intend)\w*",
                     re.IGNORECASE)
PRONOUNS = {"he", "she", "it", "they", "his", "her", "its", "their", "him", "them"}
RELATIVE = {"who", "which", "that", "what", "i", "we", "you", "another", "one", "this", "these", "those", "there"}
SPEAKER_NOUNS = re.compile(
    r"\b(officials?|spokes(wo)?m[ae]n|spokesperson|embassy|ministry|minister|president|government|report|"
    r"sources?|analysts?|experts?|police|military|army|agency|department|council|committee|court|prosecutors?|"
    r"lawyers?|witness(es)?|residents?|diplomats?|leaders?|officers?|authorities|statement|secretary|general|"
    r"commander|ambassador|chief|director|paper|newspaper|senators?|lawmakers?|administration|"
    r"kremlin|pentagon|white house|people|group|company|firm|investigators?|researchers?|scientists?|doctors?|"
    r"network|campaign|polls?|survey|study|party|organi[sz]ations?|union|association|institute|center|centre|"
    r"foundation|board|commission|aides?|advis[eo]rs?|allies|critics|supporters|opponents|voters|candidates?|"
    r"nominee|team|staff|advocates|economists|observers|operatives|strategists?|democrats|republicans|judge|jury|"
    r"woman|man|women|men|mother|father|wife|husband|ads?|states|countries|nations|plaintiffs|defendants|"
    r"students|parents|employees|workers|members|owners|activists|protesters|families|governor|mayor|"
    r"congress(?:wo)?man|representative|chair(?:wo)?man|executive|ceo|manager|coach|lady|king|queen|prince|"
    r"pope|bishop|sheriff|attorney|mp|premier|chancellor)\b",
    re.IGNORECASE)
NEGATIVE = re.compile(r"(\b(not|never|no|nothing|neither|nor|without)\b|n['’]t\b)", re.IGNORECASE)
NOBODY = {"nothing", "none", "nobody", "noone", "neither"}
# words that say nothing of the matter by themselves: a denial of "the report" is about what the report said
LIGHT = {"be", "have", "do", "say", "make", "get", "go", "take", "come", "give", "know", "see", "tell", "think",
         "want", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "also", "just", "there",
         "report", "allegation", "claim", "accusation", "charge", "story", "rumor", "rumour", "suggestion", "idea",
         "notion", "speculation", "assertion", "account", "statement", "thing", "way", "one", "people", "time",
         "evidence", "sign", "proof", "indication", "basis", "find", "show",
         "appear", "seem", "able", "unable", "likely", "unlikely", "possible", "willing", "sure", "clear", "going"}
# who is questioned is interrogated, not disputed ('questioning crew members')
PEOPLE = {"member", "suspect", "witness", "people", "official", "crew", "driver", "man", "woman", "student",
          "passenger", "employee", "worker", "officer", "resident", "survivor", "victim", "family", "staff",
          "neighbor", "neighbour", "person", "pilot", "boy", "girl", "child", "detainee"}
POSITIVE_STANCES = {"asserts", "confirms", "hedges"}
NEGATIVE_STANCES = {"denies", "disputes"}


def _span_text(tokens) -> str:
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks:
        return ""
    doc = toks[0].doc
    return doc[toks[0].i: toks[-1].i + 1].text


APPOSITION_TOKENS = 4   # "Special Representative for Afghanistan Zalmay Khalilzad": a name is short


def _speaker_tokens(head):
    """The subject phrase up to a relative clause, a comma or quotation mark, or an apposition that
    runs long ('Trump, who has ...': 'Trump'); a short apposition is often the very name."""
    cut = min((c.left_edge.i for c in head.children if c.dep_ in ("relcl", "acl", "punct") or
               (c.dep_ == "appos" and len(list(c.subtree)) > APPOSITION_TOKENS)), default=head.right_edge.i + 1)
    return [t for t in head.subtree if t.i < cut or t == head]   # 'The doctors who said': not 'who'


def _claims_in(doc, sent_meta: dict) -> list[dict]:
    out = []
    lead = LEAD_DATELINE.match(doc.text)
    dateline_end = lead.end() if lead else 0
    for tok in doc:
        lemma = tok.lemma_.lower()
        # "according to X"
        if lemma == "accord" and tok.text.lower() == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if pobj is not None:
                who = _speaker_tokens(pobj)
                out.append(dict(sent_meta, speaker=_span_text(who), stance="asserts", verb="according to",
                                claim=doc.text, heads=_heads(pobj), **_content(tok, "asserts", [], skip=set(who))))
            continue
        if tok.pos_ not in ("VERB", "AUX") and tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
            continue
        # 'did not respond'; 'has yet to respond': not yet, so not
        neg = any(c.dep_ == "neg" for c in tok.children) or (
            tok.dep_ == "xcomp" and any(c.dep_ == "advmod" and c.lower_ == "yet" for c in tok.head.children))
        stance = None
        if lemma in DECLINE and neg:
            stance = "declines to comment"
        elif lemma in ("decline", "refuse") and any(c.lemma_.lower() in DECLINE for c in tok.subtree):
            stance = "declines to comment"
        elif lemma in COGNITION and tok.tag_ == "VBN":
            stance = None     # 'is expected to', 'was planned': no one's statement
        elif lemma in STANCE and not neg:
            # a negated one ("has not confirmed", "did not deny", "has not been denied by X") is no statement
            stance = STANCE[lemma]
        if stance is None:
            continue
        if any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("what", "whatever") for c in tok.children):
            continue   # "contrast with what Trump has said": a mention of a statement, not the statement
        # the subject nearest the verb ('the U.S. “...,” he said': 'he', not 'the U.S.')
        subj = min((c for c in tok.children if c.dep_ == "nsubj"), key=lambda c: abs(c.i - tok.i), default=None)
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), subj)
        if subj is None and tok.dep_ in ("conj", "xcomp", "advcl", "pcomp") or subj is None and tok.head.dep_ == "prep" and tok.dep_ == "pcomp":
            # 'and denied ...', 'Moscow responded by denying ...', 'went on to deny ...': the governing verb's subject
            gov = tok.head.head if tok.dep_ == "pcomp" else tok.head
            while tok.dep_ == "conj" and gov.dep_ in ("ccomp", "conj") and gov.lemma_.lower() not in STANCE:
                gov = gov.head   # 'denied that the meeting took place and have said ...': who denied says it
            subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
            if subj is None and gov.pos_ == "NOUN" and tok.dep_ == "pcomp":
                # 'his campaign theme of questioning trade deals', 'Trump's habit of denying': whose it is speaks
                subj = next((c for c in gov.children if c.dep_ == "poss"), None)
        if subj is None:
            continue
        if subj.lower_ in ("who", "which") and tok.dep_ == "relcl" and (
                tok.head.pos_ == "PROPN" or SPEAKER_NOUNS.fullmatch(tok.head.text)):
            subj = tok.head    # 'the Kremlin, which has strongly denied ...': the Kremlin denies
            if subj.dep_ == "appos":
                subj = subj.head    # 'McConnell, now the majority leader, who said': McConnell
            elif subj.dep_ == "pobj" and subj.head.lower_ in ("on", "in", "at", "from") and subj.head.head.pos_ in ("NOUN", "PROPN"):
                subj = subj.head.head    # 'Democrats on Capitol Hill, who have argued': the Democrats
        if subj.idx < dateline_end:
            # the parser took the dateline for the subject ('WASHINGTON (AP) — President X said'): X speaks
            subj = next((c for c in subj.children if c.dep_ == "appos" and c.idx >= dateline_end), None)
            if subj is None:
                continue
        speaker_toks = [t for t in _speaker_tokens(subj) if t.idx >= dateline_end]   # 'WASHINGTON (AP) — President ...'
        if not speaker_toks:
            continue
        # coordinated subjects: "the White House and President Donald Trump"
        for c in subj.children:
            if c.dep_ == "conj":
                speaker_toks += list(c.subtree)
        if _in_quotation(tok):
            continue   # a verb inside a quotation is part of what someone else says: '“He has said ...,” she said'
        if _in_quotation(subj):
            continue   # a name inside a quotation is not who speaks it: '“... or the Russians,” he said'
        if _told_by_another(tok, lemma):
            continue
        if not _speech_in_use(tok, lemma):
            continue
        if any(k.dep_ == "mark" and k.lower_ == "as" for k in tok.children) and subj.lower_ in ("they", "you", "one", "people"):
            continue   # 'as they say in the television business': a saying, nobody's statement
        speaker = _span_text(speaker_toks)
        comp = [c for c in tok.children if c.dep_ in ("ccomp", "dobj", "xcomp", "nsubjpass")]
        claim = _span_text([t for c in comp for t in c.subtree]) if comp else ""
        quote = re.search(r"[“\"]([^”\"]{12,})[”\"]", doc.text)
        if quote and not claim:
            claim = quote.group(1)
        if lemma != "ask" and re.search(r"\?\W*$", claim or doc.text):
            continue   # 'How will the board explain it?': a question asks, it states nothing
        content = _content(tok, stance, comp, skip=set(speaker_toks))
        # 'Councillor Berg said.' alone: what he said is the sentence before (a quotation the splitter cut off)
        content["bare"] = not comp and not quote and len([t for t in doc if not t.is_punct]) <= len(speaker_toks) + 2
        said = dict(sent_meta, speaker=speaker, stance=_stance_of(stance, lemma, content, claim or doc.text),
                    verb=tok.text, lemma=lemma, claim=claim or doc.text,
                    rivals=_names_before(subj) if subj.lower_ in PRONOUNS else
                    _names_before(speaker_toks[0]) if speaker_toks[0].lower_ == "the" else [], subj_at=subj.idx,
                    name=_last_name(subj, speaker_toks), heads=_heads(subj),
                    appos=any(c.dep_ == "appos" for c in subj.children), **content)
        out.append(said)
        for person in _named_among(subj):
            # 'Several officials, including Defense Secretary Mark Esper and General Mark Milley, have disputed':
            # each one the text names says it too
            out.append(dict(said, speaker=person.doc[person.left_edge.i: person.i + 1].text, subj_at=person.idx,
                            name=person.text, heads=[person.text], rivals=[]))
    return out


def _named_among(subj) -> list:
    """The people a group subject names with 'including' ('officials, including Esper and Milley')."""
    inc = [c for c in subj.children if c.dep_ == "prep" and c.lower_ == "including"]
    heads = [p for c in inc for p in c.children if p.dep_ == "pobj"]
    heads += [k for h in heads for k in h.conjuncts]
    return [h for h in heads if h.pos_ == "PROPN"]


# a credit line ('Writing by A and B; Editing by C'), not a statement
CREDIT = re.compile(r"^\W*(?:additional )?(?:reporting|writing|editing|compiled|research|photos?)(?: and \w+)? by\b", re.IGNORECASE)
HEDGES = {"allege", "claim", "purport"}
# what calls a statement untrue: 'called the report false', 'said the story was "absolutely false"'
UNTRUE = re.compile(r"\b(false|untrue|not true|baseless|unfounded|fabricated|fabrication|nonsense|a hoax|without merit|"
                    r"no truth|fake news)\b", re.IGNORECASE)
SELF = {"i", "we", "me", "us", "my", "our"}


def _stance_of(stance: str, lemma: str, content: dict, claim: str) -> str:
    """The stance the verb gives, made finer by what is said: 'alleged' and 'claimed' hedge; saying a report is
    false, or denying one's own doing in a negated clause ('It never came to my desk', 'I did not see it'),
    denies. A statement that only tells what someone else said keeps the verb's stance."""
    if stance != "asserts" or content["reports"]:
        return stance
    if lemma in HEDGES:
        return "hedges"
    if UNTRUE.search(claim):
        return "denies"
    if content["negated"] and content.get("self"):
        return "denies"
    return stance


def _told_by_another(tok, lemma: str) -> bool:
    """Whether the verb stands inside what another speaker's verb of saying reports ('Figueroa said the campaign
    planned to ...', 'Merrill says Machado promised ...'): that is the outer speaker's statement, not a second
    one of the campaign's or Machado's. A denial told so stays one ('officials said Moscow denied it'), and so
    does a statement an outlet passes on ('Riley said ..., the Star reported')."""
    if STANCE.get(lemma) in NEGATIVE_STANCES or not any(k.dep_ == "nsubj" for k in tok.children):
        return False   # a denial told so stays one; a verb with no subject of its own shares the outer one's
    up = tok
    while up.dep_ == "conj" and up.head is not up:
        up = up.head      # 'planned ... and promised': the first of the verbs, whose subject they share
    while up.dep_ in ("ccomp", "xcomp") and up.head is not up:
        up = up.head
        if up.lemma_.lower() in ("report", "write"):
            return False   # 'Riley said ..., the Star reported': the outlet passes on Riley's own statement
        if up.lemma_.lower() in STANCE and up.lemma_.lower() not in COGNITION and any(
                k.dep_ == "nsubj" for k in up.children):
            return True
    return False


def _speech_in_use(tok, lemma: str) -> bool:
    """Whether a verb that can report speech does here: 'called 911' or 'called the vote' says nothing
    ('called it a hoax', 'called for', 'called on' do); 'questioning crew members' is an interrogation."""
    kids = list(tok.children)
    if lemma == "call":
        return any(c.dep_ in ("oprd", "ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on"))
                   for c in kids)
    if lemma == "question":
        person = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        return not any(c.lemma_.lower() in PEOPLE or c.ent_type_ == "PERSON" or
                       c.lower_ in ("him", "her", "them", "me", "us") for c in person)
    return True


def _lemmas(tokens, skip=()) -> list[str]:
    """The content words (lemmas) of a passage: what it is about."""
    return sorted({t.lemma_.lower() for t in tokens if t not in skip and not t.is_stop and
                   t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and t.lemma_.lower() not in LIGHT})


def _negated(pred) -> bool:
    """Whether a statement's main predicate is negated: 'did not kiss', 'was never there', 'there was no
    evidence', 'nothing was found' (a 'no' deeper in the clause, 'in no danger', is not counted)."""
    for c in pred.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and _no_one(c):
            return True
    return False


def _no_one(tok) -> bool:
    """'nothing', 'no one', 'no evidence' ('nothing less than' is emphasis, not a negation)."""
    if tok.lower_ == "nothing" and any(d.lower_ in ("less", "more", "short") for d in tok.children):
        return False
    return tok.lower_ in NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in tok.children)


def _target(pred, own: bool = True) -> list[str]:
    """The words a negation or denial is about, its head word first: the predicate (`own`; not 'be', 'have'
    ...), else the first of its objects and complements ('was not intentional': intentional; 'did not appear
    to be an accident': accident), with their modifiers and its subject when that is no pronoun; for a generic
    word ('reports that X had fled', 'not able to recover') the verb of what it says. [] when nothing names
    the matter."""
    head = pred.lemma_.lower() if own and pred.lemma_.lower() not in LIGHT else None
    words: list[str] = []
    for c in pred.children:
        if c.dep_ in ("dobj", "attr", "acomp", "oprd", "nsubjpass", "xcomp", "ccomp") or (
                c.dep_ == "nsubj" and _no_one(c)):
            light = c.lemma_.lower() in LIGHT or c.is_stop or c.pos_ == "NUM"
            if light and c.pos_ in ("VERB", "AUX"):
                inner = _target(c)
            elif light:
                said = [t for d in c.children if d.dep_ in ("acl", "relcl", "ccomp", "xcomp", "prep") for t in d.subtree]
                # its verb, else the noun it is of ('no evidence of voter fraud': fraud)
                verb = next((t.lemma_.lower() for t in said if t.pos_ == "VERB" and t.lemma_.lower() not in LIGHT), None) or \
                    next((t.lemma_.lower() for t in said if t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN")), None)
                inner = ([verb] if verb else []) + _lemmas(said)
            else:
                inner = [c.lemma_.lower()] + _lemmas([d for d in c.children if d.dep_ in ("compound", "amod")])
            head = head or (inner[0] if inner else None)
            words += inner
        elif own and c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN"):   # 'Gaddafi had fled': who did it, too
            words += _lemmas([c] + [d for d in c.children if d.dep_ == "compound"])
        elif own and c.dep_ == "nsubj" and c.lower_ in SELF_SUBJECT and pred.lemma_.lower() == "be":
            words.append(SELF_MARK)   # 'he was not Deep Throat': who he is, the speaker, is the matter too
    if head is None:
        return []
    return [head] + sorted({w for w in words if w != head and w not in LIGHT})


def _content(tok, stance: str, comp, skip) -> dict:
    """What the statement is about, for pairing disagreements: `lemmas` (its content words), `negated` (its
    main predicate is negated), `target` (what a denial or negation is about) and `reports` (it only tells
    what someone else said or did say: 'X said Y denied it' is not X's position on the matter)."""
    # the clause it says: the nearest after the verb, else before it ('Y clashed with him; X said that ...':
    # not 'clashed'; '"...," he said')
    preds = sorted((c for c in comp if c.dep_ in ("ccomp", "xcomp")), key=lambda c: (c.i < tok.i, abs(c.i - tok.i)))[:1]
    if tok.lemma_.lower() == "accord":          # 'according to X, S': the sentence's own predicate
        preds = [tok.sent.root] if tok.sent.root is not tok else []
        span = [t for t in tok.sent if t not in skip and t.i not in range(tok.i, tok.i + 2)]
    else:
        # and what something is described as ('which the race described as intentional attacks')
        said = [c for c in comp if c.dep_ not in ("ccomp", "xcomp") or c in preds] + \
            [c for c in tok.children if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")]
        span = [t for c in said for t in c.subtree] or [t for t in tok.sent if t not in skip and t is not tok]
        # 'told officers he had not been drinking' is often parsed as a clause of 'officers': its own clause
        preds = preds or [t for t in span if t.dep_ in ("relcl", "ccomp", "acl") and t.pos_ in ("VERB", "AUX")
                          and any(k.dep_ in ("nsubj", "nsubjpass") for k in t.children)][:1]
    chain = preds[:1]
    while chain[-1:] and (chain[-1].lemma_.lower() in COGNITION or _own_words(chain[-1])):
        # 'I hope you don't just sit around', 'I don't think he knew', 'I want to say that ...': what is hoped,
        # thought or said in one's own words is the statement
        inner = next((k for k in chain[-1].children if k.dep_ in ("ccomp", "xcomp")), None)
        if inner is None:
            break
        chain.append(inner)
    pred = chain[-1] if chain else None
    negated = any(_negated(p) for p in chain)
    reports = pred is not None and pred.lemma_.lower() in STANCE and pred.lemma_.lower() not in COGNITION
    if stance in NEGATIVE_STANCES:
        target = _target(pred) if pred is not None else _target(tok, own=False)
    else:
        target = _target(pred) if negated else []
    return {"lemmas": _lemmas(_affirmed(span), skip), "negated": negated, "target": target,
            "reports": reports or (pred is not None and _no_side(pred)),
            "self": pred is not None and _own_past(pred)}


def _own_past(pred) -> bool:
    """Whether a clause tells what the speaker himself did or had happen, in the past ('It never came to my
    desk', 'he said he did not see the letter'): negated, it is his denial. 'I am not going to', 'I don't
    see', 'he wasn't worried' tell a plan or a state, not a denial."""
    kids = list(pred.children)
    own = any(t.lower_ in SELF for t in pred.subtree) or any(
        k.dep_ in ("nsubj", "nsubjpass") and k.lower_ in ("he", "she", "they") for k in kids)
    aux = [k for k in kids if k.dep_ in ("aux", "auxpass")]
    past = pred.tag_ == "VBD" and not aux or any(k.tag_ == "VBD" and k.lemma_ == "do" for k in aux) or (
        pred.tag_ == "VBN" and any(k.lemma_ == "have" for k in aux) and not any(k.tag_ == "MD" for k in aux))
    return own and past and pred.lemma_.lower() not in ("be", "have", "go")


def _own_words(verb) -> bool:
    """'I want to say that', 'we must say': a verb of saying whose subject is the speaker himself (or none)."""
    return verb.lemma_.lower() in ("say", "tell", "stress", "add") and all(
        k.lower_ in ("i", "we") for k in verb.children if k.dep_ == "nsubj")


SELF_SUBJECT = {"he", "she", "i", "we"}
SELF_MARK = "@self"


NEGATIVE_VERBS = {"refuse", "decline", "fail", "deny", "reject", "dismiss", "refute"}


def _affirmed(span) -> list:
    """The tokens of a statement outside its negated clauses ('families asked for privacy, and the hospital was
    not releasing names': not 'release') and what it says is scarce ('agencies with little expertise': not
    'expertise'): what it affirms."""
    out = set(span)
    for t in span:
        if t.dep_ == "relcl" and t.head in out:
            out -= set(t.subtree)   # 'a change to Section 7, which required agencies to consult': what it was, not what is said
        elif t.pos_ in ("VERB", "AUX") and (_negated(t) or t.lemma_.lower() in NEGATIVE_VERBS):
            out -= set(t.subtree) - {t} if t.lemma_.lower() in NEGATIVE_VERBS else set(t.subtree)
        elif t.pos_ == "NOUN" and any(d.lower_ in ("little", "few") and not any(a.lower_ == "a" for a in d.children)
                                      and d.dep_ in ("amod", "det") for d in t.children) and \
                not any(d.dep_ == "det" and d.lower_ == "a" for d in t.children):
            out -= set(t.subtree)
    return [t for t in span if t in out]


def _no_side(pred) -> bool:
    """A clause that affirms or negates nothing as a fact: a command ('Don't shoot'), a condition ('would not
    have done it if ...', 'would have said so'), a time ('will not be restored before May': it will be, in May)."""
    kids = list(pred.children)
    auxes = [k.lemma_ for k in kids if k.dep_ == "aux"]
    if "would" in auxes and "have" in auxes:
        return True      # 'she would have brought it up': what did not happen
    if pred.tag_ == "VB" and not any(k.dep_ in ("nsubj", "nsubjpass") or k.dep_ == "aux" and k.lemma_ != "do" for k in kids):
        return True
    if any(k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in k.children) for k in kids):
        return True
    future = any(k.dep_ == "aux" and k.lemma_ in ("will", "would", "can", "could", "may") for k in kids)
    return _negated(pred) and any(k.dep_ == "prep" and (k.lower_ in ("until", "till") or k.lower_ == "before" and future)
                                  for k in kids)


QUOTES = "“”\"«»"


@functools.lru_cache(maxsize=64)
def _quote_marks(text: str) -> list[int]:
    """Where the text's quotation marks are (once per sentence, not once per word asked about)."""
    return [i for i, ch in enumerate(text) if ch in QUOTES]


def _in_quotation(tok) -> bool:
    """Whether the token stands inside a quotation: the last quotation mark before it opens one, or none
    does and the sentence's first closes one it did not open ('We had no warning,” the mayor said': 'We'
    is, 'mayor' is not)."""
    marks = tok.doc.user_data.get("storylens_marks")
    if marks is None:   # doc.text is built anew at each call: once per sentence, not once per word asked about
        text = tok.doc.text
        marks = tok.doc.user_data["storylens_marks"] = (_quote_marks(text), _marks(text))
    where, kinds = marks
    k = bisect.bisect_left(where, tok.idx)
    return kinds[k - 1] == "o" if k else bool(kinds) and kinds[0] == "c"


QUOTATION_SPAN = 4   # sentences a quotation is followed over, before or after the one that names its speaker
OPENING, CLOSING = "“«", "”»"


@functools.lru_cache(maxsize=64)
def _marks(text: str) -> list[str]:
    """The text's quotation marks, each read as opening ('o') or closing ('c'); a straight one by what is
    around it (opening at the start or after a space or bracket)."""
    out = []
    for i in _quote_marks(text):
        ch = text[i]
        if ch in OPENING or ch in CLOSING:
            out.append("o" if ch in OPENING else "c")
        else:
            out.append("o" if i == 0 or text[i - 1] in " ([—–-" else "c")
    return out


def _quotation(at: tuple, sentences: dict, attributed: set) -> str:
    """The whole quotation the sentence at `at` (article id, index) quotes, when it runs over neighbouring
    sentences: back to where it opened ('“The storm came fast. We had no warning,” the mayor said.') and on
    over the quotations right after it that no one else is said to speak ('... the mayor said. “It was dark.”');
    '' when it is the sentence alone. A neighbour that names its own speaker ends the walk."""
    aid, index = at
    text = sentences.get(at, "")
    marks = _marks(text)
    if not marks:
        return ""
    before: list[str] = []
    if marks[0] == "c":     # it closes a quotation it did not open
        for k in range(1, QUOTATION_SPAN + 1):
            prev = sentences.get((aid, index - k))
            if prev is None or (aid, index - k) in attributed:
                before = []
                break
            before.insert(0, prev)
            if "o" in _marks(prev):
                break
        else:
            before = []
    after: list[str] = []
    if marks[-1] == "c":    # its quotation ends in it: a quotation right after may go on with it
        still_open, closed_at = False, 0
        for k in range(1, QUOTATION_SPAN + 1):
            nxt = sentences.get((aid, index + k))
            if nxt is None or (aid, index + k) in attributed or (
                    not still_open and nxt.lstrip()[:1] not in OPENING + '"'):
                break
            after.append(nxt)
            nxt_marks = _marks(nxt)
            still_open = nxt_marks[-1] == "o" if nxt_marks else still_open
            if not still_open:
                closed_at = len(after)
        after = after[:closed_at]     # a quotation still open where the walk stops is left out
    if not before and not after:
        return ""
    return " ".join(before + [text] + after)


def _heads(subj) -> list[str]:
    """The words that say who the subject is: its head, and the heads of its appositions and
    coordinated parts ('the White House and President Donald Trump': House, Trump)."""
    return [subj.text] + [c.text for c in subj.children if c.dep_ in ("appos", "conj")]


def _last_name(head, tokens) -> str:
    """The subject's own name when the phrase ends with it ('Deputy Secretary of State Department
    Biegun': 'Biegun'), else ''."""
    return head.text if head.pos_ == "PROPN" and head.i == max(t.i for t in tokens) else ""


def _names_before(tok) -> list[str]:
    """Proper-noun phrases of the sentence before `tok`: who else a pronoun subject might stand for."""
    names, run = [], []
    for t in tok.doc[: tok.i]:
        if t.pos_ == "PROPN":
            run.append(t.text)
        elif run:
            names.append(" ".join(run))
            run = []
    return names + ([" ".join(run)] if run else [])


MAX_SENTENCE_INDEX = 300  # an article is read for statements to this sentence (all of nearly every article)
MAX_PARSED = 600          # per story: big stories are parsed over their first articles


# which of an article's sentences may carry a statement, kept with its readings (readings.py)
STATEMENT_CANDIDATES = derived_kind("statement candidates", "claims.py", "../text/prose.py")


def _candidates(sentences) -> list[int]:
    """The indexes of one article's sentences that may carry a statement: a speech verb, no credit line,
    and past the sentences the story shows (MAX_SENTENCES_PER_ARTICLE: those are checked in the story),
    article prose."""
    return [s.index for s in sentences if s.index < MAX_SENTENCE_INDEX and TRIGGER.search(s.text)
            and not CREDIT.match(s.text) and (s.index < MAX_SENTENCES_PER_ARTICLE or not_prose(s.text) is None)]


def find_claims(ctx: StoryContext, nlp, entities: EntityIndex, readings: Readings | None = None) -> list[dict]:
    """The story's attributed statements; a sentence parsed before (`readings`) is not parsed again."""
    readings = readings if readings is not None else Readings()
    every = list(_all_sentences(ctx))
    candidates = set()
    for a in ctx.articles:
        key = "\x1f".join(s.text for s in a.sentences)
        candidates.update((a.id, k) for k in readings.kept(a.id, STATEMENT_CANDIDATES, key, lambda: _candidates(a.sentences)))
    todo = [(i, s) for i, s in every
            if (s.article_id, s.index) in candidates and (ctx.shown_ok(i) if isinstance(i, int) else True)][:MAX_PARSED]
    unread = [s for _, s in todo if readings.get(s.article_id, "statements", s.text) is None]
    texts = list(dict.fromkeys(s.text for s in unread))   # a sentence reprinted in the story is parsed once
    found = {text: _claims_in(doc, {}) for text, doc in zip(texts, parse(nlp, texts))}
    for s in unread:
        readings.put(s.article_id, "statements", s.text, found[s.text])
    claims: list[dict] = []
    last_speaker: dict[str, str] = {}
    last_who: dict[str, tuple[str, str]] = {}   # per article: the last speaker's key and name
    last_single: dict[str, bool] = {}             # per article: whether the last speaker is one person
    people = _person_pattern(entities)
    last_person: dict[str, str] = {}      # per article: the person named last, outside quotations
    last_idx: dict[str, object] = {}      # per article: the sentence of its last speaker
    last_at: dict[str, int] = {}          # per article: that sentence's place in the article
    todo_keys = {id(s) for _, s in todo}
    sentences = [(i, s) for i, s in every if s.index < MAX_SENTENCE_INDEX] if people else todo
    by_key = {id(s): (i, s) for i, s in todo}
    previous = {(s.article_id, s.index): s.text for _, s in every}
    told_sex = _pronoun_sex(every, people) if people else {}

    def sex_of(name: str) -> str:
        ent = entities.lookup(name)
        return _sex(ent) or (told_sex.get(ent.name, "") if ent is not None else "")
    for i, s in sentences:
        if id(s) not in todo_keys:
            _note_people(s, people, last_person)
            continue
        i, s = by_key[id(s)]
        meta = {"sentence": s.text, "article_id": s.article_id, "idx": i}
        for c in (dict(meta, **found) for found in readings.get(s.article_id, "statements", s.text)):
            if c.pop("bare", False):
                before = previous.get((s.article_id, s.index - 1), "")
                if re.search(r"\?\W*$", before):
                    continue    # '“How will they explain it?” Berg said.': a question
                c["claim"] = before or c["claim"]
            rivals = c.pop("rivals", [])
            appos = c.pop("appos", False)
            subj_at = c.pop("subj_at", 0)
            sp = c["speaker"].strip()
            if sp.lower() in RELATIVE or sp.lower().startswith(("a lot", "interviews")):
                continue
            pronoun = {"his": "he", "her": "she"}.get(sp.lower(), sp.lower())
            if pronoun in ("he", "she") and people:
                # the person named last before it (in this sentence outside quotations, or before): 'Donald
                # Trump spoke to supporters ... he said'; a name inside the quotation is never its speaker
                near = _people_before(s.text, subj_at, people)
                if not near:
                    # another name just before it (outside quotations) that is no person we know: unresolved
                    outside = _outside_quotes(s.text)[:subj_at or len(s.text)]
                    prev = last_speaker.get(s.article_id) or last_person.get(s.article_id)
                    same_sentence = last_idx.get(s.article_id) == i     # 'X said ..., but she denied ...'
                    if prev and not same_sentence and _rival([r for r in rivals if r in outside], prev, entities):
                        continue
                    if prev and prev == last_speaker.get(s.article_id) and not last_single.get(s.article_id, True):
                        continue   # 'he' is not 'the protesters' nor 'the Commission': unresolved
                    near = prev
                if not near or sex_of(near) not in ("", "m" if pronoun == "he" else "f"):
                    continue   # 'she' is not the man the articles call Mr. X, nor 'he' a woman they call 'she'
                c["speaker_resolved_from"] = sp
                sp = near
            elif sp.lower() in PRONOUNS or sp.lower().startswith(("he ", "she ", "they ", "it ")):
                prev = last_speaker.get(s.article_id)
                if not prev or " and " in sp or _rival(rivals, prev, entities) or (
                        sp.lower() in ("he", "she") and not last_single.get(s.article_id, True)):
                    continue
                was = entities.entities.get(last_who[s.article_id][0])
                if sp.lower().split()[0] in ("they", "their") and last_single.get(s.article_id, True) and \
                        was is not None and was.type == "person":
                    continue   # 'They told Nixon': not the one man who spoke last
                c["speaker_resolved_from"] = sp
                sp = prev
            name, heads = c.pop("name", ""), c.pop("heads", [])
            described = False     # a description ('the driver') that no known name or speaker word backs
            single = True         # whether the speaker is one person, whom a later 'he' or 'she' can stand for
            if "speaker_resolved_from" in c and sp == last_speaker.get(s.article_id):
                # the pronoun is the last speaker, already resolved: not looked up again by the words of his
                # phrase ('The former first lady and U.S. senator said ..., but she denied': not 'U.S.')
                c["speaker_key"], c["speaker_name"] = last_who[s.article_id]
            else:
                ent = entities.lookup(sp)
                if name and "speaker_resolved_from" not in c and (ent is None or name.lower() not in ent.name.lower()):
                    # the phrase names someone else first ('... of State Department Biegun'): the speaker is its last name
                    sp, ent = name, entities.lookup(name)
                if ent is not None and heads and "speaker_resolved_from" not in c and not _is_named(ent, heads):
                    ent = None   # 'French police', 'Trump's spokesman': the phrase's own head speaks, not the name in it
                ent = ent or entities.titled(sp)    # 'the President': the one person the story calls so
                head = sp.split()[-1] if sp.split() else sp
                if heads and heads[0] in sp.split() and SPEAKER_NOUNS.fullmatch(heads[0]):
                    head = heads[0]   # 'A memorable campaign ad in 2008 questioned': the ad, not '2008'
                if not head[:1].isalpha():
                    continue   # "Let's say": no one
                described = ent is None and not SPEAKER_NOUNS.search(head) and not head[:1].isupper()
                if described and c.pop("lemma", "") not in SPEAKING:
                    continue   # "the meeting", "the warnings" suggest: not someone who can say anything
                c["speaker_key"] = ent.key if ent else sp.lower()
                c["speaker_name"] = ent.name if ent else re.sub(r"^the\s+", "", sp, flags=re.IGNORECASE)
                if ent is None and not name and not appos and s.index - last_at.get(s.article_id, -9) <= 1 and \
                        last_single.get(s.article_id) and _described(sp, entities.entities.get(last_who[s.article_id][0])) and \
                        not _rival(rivals, last_who[s.article_id][1], entities):
                    # 'Clinton ... The former first lady and U.S. senator said': the description stands for the
                    # person who spoke last, in this sentence or the one before (farther back, 'the president' is
                    # as often someone else); it stays as written (the sentence) and is linked to that person
                    c["speaker_key"], c["speaker_name"] = last_who[s.article_id]
                    c["speaker_resolved_from"] = sp
                    sp = last_speaker[s.article_id]
                # 'the protesters', 'X and Y' are not one person ('he' or 'she'); a name is left to the model's
                # types, which are too often wrong to decide it ('Ben Rhodes' read as an organisation)
                plural = head.endswith("s") and (head[:1].islower() or bool(re.search(r"(ers|ors|ists|ants|ents|ians|ives)$", head)))
                single = _one(sp) and not (plural and (ent is None or ent.type != "person"))
            c["speaker"] = sp
            c["at"] = (s.article_id, s.index)
            c.pop("lemma", "")
            if len(c["speaker_name"].split()) > 9:
                continue
            claims.append(c)
            if described:
                continue   # 'the driver told ...' speaks, but a later 'he' is not looked for among such words
            last_speaker[s.article_id] = sp
            last_who[s.article_id] = (c["speaker_key"], c["speaker_name"])
            last_single[s.article_id] = single
            last_idx[s.article_id] = i
            last_at[s.article_id] = s.index
        if people:
            _note_people(s, people, last_person)
    attributed = {c["at"] for c in claims}
    for c in claims:
        # a quotation over several sentences is one statement: '“The storm came fast. We had no warning,” the
        # mayor said.' The claim holds all of it; it is cited at the sentence that says who spoke
        whole = _quotation(c.pop("at"), previous, attributed)
        if whole:
            c["said"], c["claim"] = c["claim"], whole    # pairing reads what the cited sentence says
    # one claim per (sentence, speaker): keep the strongest stance
    seen: dict[tuple, dict] = {}
    rank = {"denies": 4, "disputes": 3, "confirms": 2, "declines to comment": 2, "hedges": 1, "asserts": 1}
    negated: dict[tuple, list] = {}     # what each speaker denies or negates in the sentence, all of it
    for c in claims:
        k = (c["idx"], c["speaker_key"])
        if polarity(c) < 0 and c.get("target"):
            negated.setdefault(k, []).append(c["target"])
        if k not in seen or rank[c["stance"]] > rank[seen[k]["stance"]]:
            seen[k] = c
    for k, c in seen.items():
        # 'denied that the meeting took place and said they were not briefed': both are what they deny
        c["targets"] = negated.get(k, [])
    return list(seen.values())


# what a definite description of one known person is headed by ('the Republican nominee', 'the former first
# lady'); 'the spokesman', 'the official', 'the lawyer' are most often someone else, speaking for him
PRINCIPAL = re.compile(
    r"nominee|candidate|lady|senator|governor|president(-elect)?|minister|secretary|congress(wo)?man|lawmaker|"
    r"mayor|chair(wo)?man|business(wo)?man|billionaire|front-?runner|democrat|republican|premier|chancellor|"
    r"ceo|founder|actor|actress|singer|star|king|queen|prince|princess|pope|judge|coach|rapper|comedian|host|mogul")
FEMALE_ROLE = re.compile(r"\b(lady|\w*woman|actress|queen|princess|mother|wife|daughter|sister)\b")
MALE_ROLE = re.compile(r"\b(\w*man|actor|king|prince|father|husband|son|brother)\b")


def _described(phrase: str, person) -> bool:
    """Whether a definite description ('The former first lady and U.S. senator') can stand for the person
    who spoke last: it names one person by a role of his own (no name, no possessive), and not the other sex."""
    words = phrase.split()
    if person is None or person.type != "person" or len(words) < 2 or words[0].lower() != "the":
        return False
    head = words[-1]
    if not head[:1].islower() or not PRINCIPAL.fullmatch(head) or re.search(r"['’]s?\b", phrase) or not _one(phrase):
        return False
    sex = _sex(person)
    low = phrase.lower()
    return not (sex == "m" and FEMALE_ROLE.search(low) or sex == "f" and MALE_ROLE.search(low))


def _one(phrase: str) -> bool:
    """One person, though the phrase has 'and' in it: 'the former first lady and U.S. senator' (two roles of
    one), not 'Smith and Jones' nor 'the mayor and the governor'."""
    m = re.fullmatch(r"(.+?)\s+and\s+(.+)", phrase.strip())
    if not m:
        return True
    left, right = m.group(1).split()[-1], m.group(2).split()
    return left[:1].islower() and right[-1][:1].islower() and right[0].lower() not in (
        "the", "a", "an", "his", "her", "their", "its", "other", "several", "some", "many")


MALE, FEMALE = {"mr", "sir", "king", "prince", "lord"}, {"mrs", "ms", "miss", "lady", "queen", "princess", "madam", "dame"}


def _sex(ent) -> str:
    """'m' or 'f' when the articles title the person so (Mr., Mrs., Ms. ...), else ''."""
    last = {t.rstrip(".").split()[-1] for t in (ent.titles if ent is not None else ()) if t.split()}
    return "m" if last & MALE and not last & FEMALE else "f" if last & FEMALE and not last & MALE else ""


HE_SHE = re.compile(r"\b(he|she)\b", re.IGNORECASE)


def _pronoun_sex(sentences, people) -> dict[str, str]:
    """The sex the articles' own 'he' and 'she' give each person: the first of them after the person's name
    in a sentence that names no other person (outside quotations) and has none before the name, and the one
    that opens the next sentence
    when it names no one; 'm' or 'f' where one is at least twice the other and seen twice, else unknown."""
    rx, names = people
    tally: dict[str, list[int]] = {}
    carried: dict[str, str | None] = {}
    for _, s in sentences:
        out = _outside_quotes(s.text)
        found = list(rx.finditer(out))
        who = {names[m.group(1)] for m in found}
        if len(who) == 1 and not HE_SHE.search(out[:found[0].start()]):   # 'he ... to harass Zirkle': another's
            person, tail = names[found[0].group(1)], out[found[0].end():]
        elif not who and carried.get(s.article_id):
            person, tail = carried[s.article_id], " ".join(out.split()[:2])
        else:
            person, tail = None, ""
        if person:
            said = [w.lower() for w in HE_SHE.findall(tail)][:1]
            t = tally.setdefault(person, [0, 0])
            t[0] += said.count("he")
            t[1] += said.count("she")
        carried[s.article_id] = next(iter(who)) if len(who) == 1 else None
    return {p: "m" if m >= 2 * f and m >= 2 else "f" if f >= 2 * m and f >= 2 else "" for p, (m, f) in tally.items()}


def _person_pattern(entities: EntityIndex):
    """A pattern of the story's people's names and aliases (surnames too), and what each stands for."""
    names: dict[str, str] = {}
    for e in entities.entities.values():
        if e.type != "person":
            continue
        for n in {e.name, *e.aliases}:
            if len(n) > 2 and n[:1].isupper():
                names.setdefault(n, e.name)
            last = n.split()[-1] if n.split() else ""
            if len(last) > 2 and last[:1].isupper():
                names.setdefault(last, e.name)
    if not names:
        return None
    rx = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
    return rx, names


@functools.lru_cache(maxsize=256)
def _outside_quotes(text: str) -> str:
    """The text with quotations blanked (same length), so names inside them are not seen: read by the same
    opening and closing marks as `_in_quotation` (a sentence that begins inside a quotation opened before is
    blanked up to its closing mark; a quotation left open runs to the end)."""
    chars, start = list(text), None
    where, kinds = _quote_marks(text), _marks(text)
    if kinds and kinds[0] == "c":
        start = 0
    for i, kind in zip(where, kinds):
        if kind == "o" and start is None:
            start = i
        elif kind == "c" and start is not None:
            chars[start:i + 1] = " " * (i + 1 - start)
            start = None
    if start is not None:
        chars[start:] = " " * (len(text) - start)
    return "".join(chars)


def _people_before(text: str, end: int, people) -> str | None:
    rx, names = people
    found = [m for m in rx.finditer(_outside_quotes(text)[:end])]
    return names[found[-1].group(1)] if found else None


def _note_people(s, people, last_person: dict) -> None:
    who = _people_before(s.text, len(s.text), people)
    if who:
        last_person[s.article_id] = who


def _all_sentences(ctx: StoryContext):
    """(key, sentence) over the whole of each analysed article: the story's own sentences keep their
    index (the summary and timeline read those), the rest (past the first MAX_SENTENCES_PER_ARTICLE)
    are keyed by (article, index)."""
    inside = {(s.article_id, s.index): i for i, s in enumerate(ctx.sentences)}
    for a in ctx.articles:
        for s in a.sentences:
            yield inside.get((s.article_id, s.index), (s.article_id, s.index)), s


def _is_named(ent, heads: list[str]) -> bool:
    """Whether the entity is who the subject's head words name: 'President Donald Trump' is Trump;
    'French police' is not 'French', nor 'a spokesman for Donald Trump' Trump."""
    words = {w for n in {ent.name, *ent.aliases} for w in re.findall(r"[\w.\-]+", n.lower())}
    return any(re.sub(r"['’]s?$", "", h).lower() in words for h in heads)


def _rival(names: list[str], prev: str, entities: EntityIndex) -> bool:
    """Whether the sentence names someone else (a person or organisation) before its pronoun subject:
    'the New York Times He reported ...' leaves 'he' unclear, so it is not given to the last speaker."""
    was = entities.lookup(prev)
    for name in names:
        ent = entities.lookup(name)
        if ent is not None and ent.type in ("person", "organisation") and ent is not was:
            return True
    return False


SAME_MATTER = 0.3   # how alike two claims' words must be to be on the same matter (0.18 paired unrelated ones on Multi-News)


def _one_speaker(a: dict, b: dict) -> bool:
    """The same speaker under two names: one key, or names that overlap ('Houston' / 'Marshal Houston',
    'police' / 'police officers', the same last name)."""
    if a["speaker_key"] == b["speaker_key"]:
        return True
    x, y = a["speaker_name"].lower(), b["speaker_name"].lower()
    wx, wy = re.findall(r"[\w'’-]+", x), re.findall(r"[\w'’-]+", y)
    return bool(wx and wy) and (x in y or y in x or wx[-1] == wy[-1] or wx[-1].rstrip("s") == wy[-1].rstrip("s"))


def _same_words(x: str, y: str) -> bool:
    """Near-identical sentences that negate alike ('was not his girlfriend' / 'wasn't his girlfriend'): one
    statement told twice, whatever its stance was read as. ('X was abused' / 'X was not abused' differ.)"""
    from difflib import SequenceMatcher
    nx = re.sub(r"\W+", " ", x.lower().replace("n't", " not"))
    ny = re.sub(r"\W+", " ", y.lower().replace("n't", " not"))
    if len(NEGATIVE.findall(nx)) != len(NEGATIVE.findall(ny)):
        return False
    short, long_ = sorted((nx.strip(), ny.strip()), key=len)
    if len(short.split()) >= 5 and short in long_:
        return True     # 'I want to say that I will not X' / 'I will not X'
    return SequenceMatcher(None, nx, ny, autojunk=False).ratio() >= 0.85


def _about(target: list[str], lemmas: list[str], speaker: str = "") -> bool:
    """Whether a statement says what a denial or negation is about: its head word ('kiss' in 'did not kiss
    the victim') and, when it names more (who, whom, what), one of those too; when the denial is about who
    the speaker is ('he was not Deep Throat'), the speaker's name too ('LaRue could have been Deep Throat',
    not 'Deep Throat was one man')."""
    said = set(lemmas)
    if SELF_MARK in target:
        names = {w for w in re.findall(r"[\w'’-]+", speaker.lower()) if len(w) > 2}
        if not names & said:
            return False
        target = [w for w in target if w != SELF_MARK]
    return bool(target) and target[0] in said and len(said & set(target)) >= min(2, len(target))


def polarity(claim: dict) -> int:
    """+1 the claim affirms its proposition, -1 it negates it (denial, or an assertion whose main predicate is
    negated), 0 it takes no side (declines to comment, or only tells what someone else said)."""
    if claim.get("reports"):
        return 0
    if claim["stance"] in NEGATIVE_STANCES:
        return -1
    if claim["stance"] in POSITIVE_STANCES:
        return -1 if claim.get("negated") else 1
    return 0


def group_claims(ctx: StoryContext, claims: list[dict], threshold: float = 0.2) -> tuple[list[Claim], list[Disagreement]]:
    """(claim groups, disagreements)."""
    if not claims:
        return [], []
    space = SentenceSpace([c.get("said", c["claim"]) + " " + c["sentence"] for c in claims])
    sim = space.matrix()
    groups: list[dict] = []
    member_of: dict[int, int] = {}
    for i, c in enumerate(claims):
        for g_idx, g in enumerate(groups):
            if g["speaker_key"] == c["speaker_key"] and g["stance"] == c["stance"] and \
                    max(sim[i, j] for j in g["_members"]) >= threshold:
                g["_members"].append(i)
                member_of[i] = g_idx
                break
        else:
            member_of[i] = len(groups)
            groups.append({"speaker": c["speaker_name"], "speaker_key": c["speaker_key"], "stance": c["stance"],
                           "_members": [i]})
    out_groups = []
    for g in groups:
        members = [claims[i] for i in g["_members"]]
        arts = sorted({m["article_id"] for m in members})
        out_groups.append(Claim(
            g["speaker"], g["speaker_key"], g["stance"], members[0]["claim"], members[0]["sentence"],
            evidence=[ClaimEvidence(m["article_id"], m["sentence"], m["verb"]) for m in members],
            articles=arts, independent_sources=ctx.independent(arts), polarity=polarity(members[0])))
    # disagreements: same matter (similar claims), opposite polarity. One speaker in two articles is most
    # often answering two questions ("I doubt it" about one, "There's no doubt about it" about another),
    # so a speaker is shown contradicting himself only when the two claims are nearly the same words
    disagreements = []
    seen = set()
    polarities = [polarity(c) for c in claims]
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            pa, pb = polarities[i], polarities[j]
            if pa * pb >= 0 or sim[i, j] < SAME_MATTER:
                continue
            pos, neg = (a, b) if pa > 0 else (b, a)
            if not any(_about(t, pos.get("lemmas", []), neg["speaker_name"]) for t in neg.get("targets") or [neg.get("target", [])]):
                continue     # what the one denies or negates is not what the other says: two matters
            if a["idx"] == b["idx"] or _one_speaker(a, b) or _same_words(a["sentence"], b["sentence"]):
                continue     # one speaker's two wordings, or one sentence told twice, never pair
            gi, gj = member_of[i], member_of[j]
            key = (pos["sentence"], neg["sentence"])
            if key in seen or tuple(sorted((gi, gj))) in seen:
                continue
            seen.add(key)
            seen.add(tuple(sorted((gi, gj))))
            disagreements.append(Disagreement(
                ClaimSide(pos["speaker_name"], pos["stance"], pos["sentence"], pos["article_id"]),
                ClaimSide(neg["speaker_name"], neg["stance"], neg["sentence"], neg["article_id"]),
                matter_similarity=round(float(sim[i, j]), 3)))
    disagreements.sort(key=lambda d: -d.matter_similarity)
    out_groups.sort(key=lambda g: (-g.independent_sources, g.speaker))
    return out_groups, disagreements[:12]
