"""Who acts and who is acted on: the source and target actor mentions of a trigger, found from
the parse (subjects, objects, prepositions, possessives, pronouns) with the rule for each side."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .roles import (
    LIGHT_VERBS,
    RECEIVE_VERBS,
    MentionIndex,
    noun_roles,
    objects_of,
    requested,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..actors.resolve import ActorMention

PERSONAL_PRONOUNS = {"he", "she", "it", "they", "his", "her", "its", "their", "him", "them"}


def mentions_for(
    tok: Token, index: MentionIndex, prev_subject: ActorMention | None
) -> list[ActorMention]:
    """The actors a role token stands for: a resolved pronoun, or its mentions and conjuncts."""
    if tok.lower_ in PERSONAL_PRONOUNS:
        resolved = resolve_pronoun(tok, index, prev_subject)
        return [resolved] if resolved is not None else []
    out: list[ActorMention] = []
    for m in index.with_conjuncts(tok):
        out.extend(with_modifier_countries(m, index))
    return out


def with_modifier_countries(m: ActorMention, index: MentionIndex) -> list[ActorMention]:
    """'US and British activists': an agent with no country takes those of its modifiers,
    one actor per country."""
    if m.actor.country is not None:
        return [m]
    doc_head = index.doc_token(m)
    found: list[ActorMention] = []
    for c in doc_head.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < doc_head.i:
            for t in (c, *c.conjuncts):
                cm = index.at(t)
                if cm is not None and cm.actor.kind == "country" and cm.actor.country:
                    found.append(cm)
    if not found:
        return [m]
    out = []
    for cm in found:
        actor = replace(
            m.actor,
            country=cm.actor.country,
            actor_id=f"{cm.actor.country}{''.join(m.actor.sectors[:1])}",
            why=(m.actor.why + "; " if m.actor.why else "")
            + f"country from modifier '{cm.actor.text}'",
        )
        out.append(replace(m, actor=actor))
    return out


def resolve_pronoun(
    tok: Token, index: MentionIndex, prev_subject: ActorMention | None
) -> ActorMention | None:
    """Resolve he/his/it/their to the subject of a governing clause ('Israel announced it
    would ...'), else the sentence's own subject, else the last sentence's."""
    anc = tok.head
    for _ in range(6):
        if anc.pos_ in ("VERB", "AUX") and anc.dep_ in ("ccomp", "ROOT", "conj", "advcl"):
            up = anc.head if anc.dep_ != "ROOT" else anc
            for cand in (anc, up):
                subj, _ = subject_of(cand)
                if subj is not None and subj.i != tok.i and subj.lower_ not in PERSONAL_PRONOUNS:
                    m = index.under(subj)
                    if m is not None:
                        return m
        if anc.head.i == anc.i:
            break
        anc = anc.head
    subj, _ = subject_of(tok.sent.root)
    if subj is not None and subj.i != tok.i and subj.lower_ not in PERSONAL_PRONOUNS:
        m = index.under(subj)
        if m is not None:
            return m
    return prev_subject


def find_participants(
    trigger: Token, index: MentionIndex, prev_subject: ActorMention | None
) -> tuple[list[ActorMention], list[ActorMention], list[str]]:
    """Sources and targets of a verb or event noun, with the rule that found each side."""
    why: list[str] = []
    sources: list[ActorMention] = []
    targets: list[ActorMention] = []
    if trigger.pos_ == "VERB":
        if requested(trigger):
            return [], [], []
        subj, rule = subject_of(trigger)
        if subj is not None:
            sources = mentions_for(subj, index, prev_subject)
            if sources:
                why.append(f"source: {rule} '{subj.text}'")
        if verb_forms(trigger) & RECEIVE_VERBS:
            giver = [
                p
                for c in trigger.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            givers = mentions_for(giver[0], index, prev_subject) if giver else []
            if givers and sources:
                why.append(f"'{trigger.text} ... from {giver[0].text}': the giver acts")
                return givers, sources, why
        for obj, rule in objects_of(trigger):
            found = [m for m in mentions_for(obj, index, prev_subject) if m not in sources]
            if found:
                targets = found
                why.append(f"target: {rule} '{obj.text}'")
                break
    else:
        src_toks, tgt_toks = noun_roles(trigger)
        for tok, rule in src_toks:
            if rule.startswith("'between'"):  # its conjuncts are the other side
                m = index.under(tok)
                found = [m] if m is not None else []
            else:
                found = mentions_for(tok, index, prev_subject)
            if found:
                sources = found
                why.append(f"source: {rule} '{tok.text}'")
                break
        gov = governing_verb(trigger)
        if not sources and gov is not None:
            subj, rule = subject_of(gov)
            if subj is not None:
                sources = mentions_for(subj, index, prev_subject)
                if sources:
                    why.append(f"source: subject of '{gov.text}' ({rule})")
        for tok, rule in tgt_toks:
            if rule.startswith("'between'"):
                m = index.under(tok)
                found = [m] if m is not None and m not in sources else []
            else:
                found = [m for m in mentions_for(tok, index, prev_subject) if m not in sources]
            if found:
                targets = found
                why.append(f"target: {rule} '{tok.text}'")
                break
    return sources, targets, why


def governing_verb(noun: Token) -> Token | None:
    """The verb whose subject performs a nominal event: 'held talks', 'launched attacks',
    'was in negotiations with'."""
    if noun.dep_ in ("dobj", "obj"):
        gov = noun.head
    elif (
        noun.dep_ == "pobj"
        and noun.head.lower_ in ("in", "into")
        and noun.head.head.pos_
        in (
            "VERB",
            "AUX",
        )
    ):
        gov = noun.head.head
    else:
        return None
    if gov.lemma_ == "be" or not verb_forms(gov).isdisjoint(LIGHT_VERBS):
        return gov
    return None


def verb_forms(tok: Token) -> set[str]:
    """The lemma and plausible base forms of a verb (the small model mislemmatises some:
    'staged' -> 'stag')."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for suffix, add in (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix):
            forms.add(low[: -len(suffix)] + add)
    return forms
