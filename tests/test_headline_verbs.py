"""Headline verbs the parser read as nouns ('Police detain journalist ...') are re-read with the
real spaCy model: the verb gets its subject and object, the text and offsets stay, headlines
that have their verb, or none to find, are left alone; the coder then finds the event."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from newsevents import code_text
from newsevents.events.headline_verbs import (
    repair_headline_verb,
    repair_infinitives,
    verb_base,
    verb_lemmas,
)
from newsevents.nlp.model import load_nlp

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BODY = "\n\nThe story was published on Monday."


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def repaired(nlp: Language, title: str) -> tuple[Doc, int]:
    text = f"{title}.{BODY}"
    doc = nlp(text)
    before = [t.text for t in doc]
    index = repair_headline_verb(doc, len(title) + 1, nlp, verb_lemmas(nlp))
    assert doc.text == text and [t.text for t in doc] == before  # words and offsets hold
    return doc, index


def test_verb_lemmas_come_from_the_model_and_forms_find_their_base(nlp: Language) -> None:
    verbs = verb_lemmas(nlp)
    assert len(verbs) > 5000
    assert verb_base("boards", verbs) == "board"
    assert verb_base("intensifies", verbs) == "intensify"
    assert verb_base("detain", verbs) == "detain"
    assert verb_base("threat", verbs) is None


@pytest.mark.parametrize(
    ("title", "verb", "subject", "obj"),
    [
        ("Uganda: Police detain reporter over article about mayor", "detain", "Police", "reporter"),
        ("Navy boards cargo ship after long chase", "boards", "Navy", "ship"),
        ("Thousands in Serbia rally against mining project", "rally", "Thousands", None),
        ("Mali, Burkina Faso and Niger sign Sahel defence pact", "sign", "Mali", "pact"),
    ],
)
def test_a_verb_read_as_a_noun_gets_its_subject_and_object(
    nlp: Language, title: str, verb: str, subject: str, obj: str | None
) -> None:
    plain = nlp(f"{title}.{BODY}")
    assert next(t for t in plain if t.text == verb).pos_ != "VERB"  # the bug this mends
    doc, index = repaired(nlp, title)
    tok = doc[index]
    assert tok.text == verb and tok.pos_ == "VERB" and tok.dep_ == "ROOT"
    assert tok.tag_ == ("VBZ" if verb.endswith("s") else "VBP")
    assert tok.lemma_ == verb_base(verb, verb_lemmas(nlp))
    kids = {c.dep_: c.text for c in tok.children}
    assert kids.get("nsubj") == subject
    if obj is not None:
        assert kids.get("dobj") == obj
    assert "will" not in {c.text for c in tok.children}  # the helper word leaves no trace
    sents = list(doc.sents)
    assert sents[0].root.i == tok.i  # the headline is one sentence, the body another
    assert sents[-1].text == "The story was published on Monday."


@pytest.mark.parametrize(
    "title",
    [
        "Russia promises military aid to Burkina Faso",  # its verb is there already
        "Walkout threat over wage plans",  # no word of it is a verb
        "The limits of Europe's defence plans",  # a noun at the end is no verb
        "Tracking Russian strikes in eastern Ukraine",  # a gerund leads the headline
        "One man dead after river flood",  # 'One will man': a bare verb needs a plural subject
    ],
)
def test_headlines_with_a_verb_or_none_to_find_are_left_alone(nlp: Language, title: str) -> None:
    plain = nlp(f"{title}.{BODY}")
    doc, index = repaired(nlp, title)
    assert index == -1
    assert [(t.pos_, t.dep_, t.head.i) for t in doc] == [(t.pos_, t.dep_, t.head.i) for t in plain]


def test_the_coder_finds_the_event_of_a_repaired_headline() -> None:
    text = (
        "Uganda: Police detain reporter over article about mayor.\n\n"
        "The reporter's family appealed for his release on Friday."
    )
    events = code_text(text, published="2026-02-15")
    coerce = [e for e in events if e.plover_type == "COERCE"]
    assert coerce, [(e.plover_type, e.evidence.trigger) for e in events]
    assert coerce[0].evidence.trigger == "detain"


def test_counted_people_leading_a_headline_are_its_actors() -> None:
    """'Thousands in Armenia rally ...': spaCy tags the first word CARDINAL, which kept it from
    being an actor, so the protest had no source. Counted people are civilians of the place
    named with them as a verb's subject, not as its object ('spent hundreds of millions')."""
    from newsevents.actors.resolve import ActorResolver

    text = (
        "Thousands in Armenia rally against trial of opposition leaders.\n\n"
        "The court in Yerevan hears closing arguments this week."
    )
    protests = [e for e in code_text(text) if e.plover_type == "PROTEST"]
    assert protests, [e.plover_type for e in code_text(text)]
    (source,) = protests[0].sources
    assert source.text == "Thousands in Armenia" and source.country == "ARM"
    assert "CVL" in source.sectors
    doc = load_nlp()("The ministry spent hundreds of millions on roads, officials said.")
    assert all("hundreds" not in m.actor.text for m in ActorResolver().resolve(doc))


def test_an_infinitive_read_as_a_noun_is_a_verb(nlp: Language) -> None:
    """'Congress votes to impeach President Jeri': spaCy tags 'impeach' a noun with 'to' as its
    auxiliary, so the rule for a removal from office, which wants a verb, missed it."""
    from newsevents.events import set_phrases
    from newsevents.events.prepare import prepare
    from newsevents.pipeline import process_coder

    doc = nlp("Peru's Congress votes to impeach President Jose Jeri after a long debate.")
    impeach = next(t for t in doc if t.text == "impeach")
    assert impeach.pos_ == "NOUN"  # the model's reading, which the repair is for
    assert repair_infinitives(doc, verb_lemmas(nlp)) == [impeach.i]
    assert (impeach.pos_, impeach.tag_, impeach.lemma_) == ("VERB", "VB", "impeach")
    assert impeach.dep_ == "xcomp" and impeach.head.text == "votes"  # was an adverbial clause
    # a noun with no 'to', or one that is no verb, stays a noun
    doc2 = nlp("The vote to impeach failed. Plans to Mars.")
    assert repair_infinitives(doc2, verb_lemmas(nlp)) == []
    coder = process_coder()
    ctx = prepare(
        coder.nlp,
        coder.resolver,
        "Peru's Congress votes to impeach President Jose Jeri"
        " after a long debate.\n\nThe vote came on Tuesday.",
        None,
    )
    tok = next(t for t in ctx.doc if t.text == "impeach")
    assert set_phrases.set_phrase_type(tok, ctx) == "COERCE"
    # end to end: Congress impeaches (was a REQUEST by 'votes', under the verifier's threshold)
    events = code_text(
        "Peru's Congress votes to impeach President Jose Jeri after a long debate.\n\n"
        "The vote passed with a large majority, lawmakers said."
    )
    assert [(e.plover_type, e.sources[0].country) for e in events] == [("COERCE", "PER")]
    assert {m["trigger"] for m in events[0].extra["mention_evidence"]} == {"votes", "impeach"}
