"""Personal pronouns as actor mentions: 'he', 'she', 'him', 'her' stand for the person the text
named just before, so that 'María Machado gives Trump her prize as she presses him' has a
source and a target for 'presses'. Only for the event coder's arguments: the pattern coder and
the stored actors see the resolver's mentions alone."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.resolve import ActorMention

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token

__all__ = ["pronoun_mentions"]

_PERSONAL = frozenset({"he", "him", "she", "her"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_OBJECT = frozenset({"dobj", "pobj", "dative"})
_ROLES = _SUBJECT | _OBJECT
#: How far back an antecedent may be: the pronoun's sentence and the two before it.
_SENTENCES_BACK = 2


def _sent_index(doc: Doc) -> dict[int, int]:
    return {s.start: k for k, s in enumerate(doc.sents)}


def _antecedent(
    pron: Token, people: Sequence[ActorMention], sent_of: dict[int, int]
) -> ActorMention | None:
    """The person a pronoun stands for: the nearest person named before it within two
    sentences; a subject pronoun prefers a person who was a subject; an object pronoun is never
    its own clause's subject ('Trump accused him')."""
    here = sent_of[pron.sent.start]
    doc = pron.doc
    before = [
        m
        for m in people
        if m.token_end <= pron.i and here - sent_of[doc[m.head].sent.start] <= _SENTENCES_BACK
    ]
    if pron.dep_ in _OBJECT:
        verb = pron.head.head if pron.dep_ == "pobj" else pron.head
        subjects = {c.i for c in verb.children if c.dep_ in _SUBJECT}
        before = [m for m in before if m.head not in subjects]
    if not before:
        return None
    if pron.dep_ in _SUBJECT:
        subj = [m for m in before if doc[m.head].dep_ in _SUBJECT]
        if subj:
            return subj[-1]
    return before[-1]


def pronoun_mentions(doc: Doc, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """Mentions for the personal pronouns that are a verb's subject or object, each with the
    actor of its antecedent (its ``why`` says which); none where no person was named before."""
    people = [m for m in mentions if m.actor.kind == "person"]
    if not people:
        return []
    covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
    sent_of = _sent_index(doc)
    out: list[ActorMention] = []
    for tok in doc:
        if (
            tok.lower_ not in _PERSONAL
            or tok.tag_ != "PRP"
            or tok.i in covered
            or tok.dep_ not in _ROLES
        ):
            continue
        ante = _antecedent(tok, people, sent_of)
        if ante is None:
            continue
        a = ante.actor
        actor = replace(
            a,
            text=tok.text,
            start=tok.idx,
            end=tok.idx + len(tok.text),
            why=f"pronoun '{tok.text}' for '{a.text}', the person named before it",
        )
        out.append(ActorMention(actor=actor, token_start=tok.i, token_end=tok.i + 1, head=tok.i))
    return out
