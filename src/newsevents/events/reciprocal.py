"""Acts two sides do to each other: 'Iran and the U.S. traded threats', 'an exchange of fire
between Iran and Iraq', 'Baku and Yerevan accused each other'. GUIDELINES make only meetings,
talks and agreements one symmetric record; any other act has a direction, so a reciprocal one
is an act each way, one record per side (as PETRARCH and CAMEO code it). These rules read
spaCy's parse around one token and name the words of the sides; the detector
(:mod:`newsevents.events.detect`) turns one mention into a record each way."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["TRADED_ACTS", "each_other", "reciprocal_sides", "traded_act"]

#: Hostile acts two sides trade or exchange, by the PLOVER type of trading them.
TRADED_ACTS = {
    **dict.fromkeys(("threat", "warning", "ultimatum"), "THREATEN"),
    **dict.fromkeys(
        ("accusation", "allegation", "charge", "insult", "barb", "blame", "criticism",
         "recrimination", "jab", "denunciation", "broadside"),
        "ACCUSE",
    ),
    **dict.fromkeys(
        ("fire", "gunfire", "shot", "blow", "strike", "airstrike", "attack", "shelling",
         "artillery", "rocket", "missile", "salvo", "volley", "bombardment"),
        "ASSAULT",
    ),
}  # fmt: skip
_TRADE = frozenset({"trade", "exchange", "traded", "exchanged"})
_EXCHANGE_NOUNS = frozenset({"exchange", "trading", "trade"})
#: Prepositions of an act aimed at the other side ('fired at each other'); not 'alongside
#: each other', who fight on one side.
_AGAINST = frozenset({"on", "at", "against", "with", "upon"})


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _trade_word(noun: Token) -> Token | None:
    """The verb or noun of trading that ``noun`` is the thing traded of: 'traded threats'
    (also when spaCy reads 'traded' as the noun's modifier), 'an exchange of fire'."""
    first = _first_conjunct(noun)  # 'traded threats and warnings'
    head = first.head
    if first.dep_ in ("dobj", "obj") and head.pos_ == "VERB" and head.lemma_.lower() in _TRADE:
        return head
    if first.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _EXCHANGE_NOUNS:
        return head.head
    return next(
        (c for c in first.children if c.dep_ == "amod" and c.lower_ in ("traded", "exchanged")),
        None,
    )


def traded_act(tok: Token) -> str | None:
    """The PLOVER type of a hostile act ``tok`` names as traded between two sides ('traded
    threats' THREATEN, 'traded accusations' ACCUSE, 'exchanged fire', 'an exchange of
    gunfire' ASSAULT), or None. Only a plural or a mass noun: 'exchanged a warning' is one."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in TRADED_ACTS:
        return None
    if tok.tag_ != "NNS" and lemma not in (
        "fire",
        "gunfire",
        "shelling",
        "artillery",
        "blame",
        "criticism",
    ):
        return None
    return TRADED_ACTS[lemma] if _trade_word(tok) is not None else None


def each_other(tok: Token) -> bool:
    """True when ``tok`` is done to 'each other' or 'one another' ('accused each other',
    'blamed one another for', 'turned their guns on each other'; not 'fought alongside each
    other')."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    objs += [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in _AGAINST
        for p in c.children
        if p.dep_ == "pobj"
    ]
    for o in objs:
        words = {o.lower_, *(c.lower_ for c in o.children if c.dep_ in ("det", "amod"))}
        if words in ({"each", "other"}, {"one", "another"}):
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]  # 'began to trade fire'
    return subj


def _partners(*words: Token) -> list[Token]:
    """The side named after 'with' or 'between' ('traded fire with Cambodian soldiers'; 'with
    Russian contractors working for ...', parsed as a clause)."""
    out: list[Token] = []
    for w in words:
        for c in w.children:
            if c.dep_ != "prep" or c.lower_ not in ("with", "between"):
                continue
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                elif p.dep_ == "pcomp":
                    out += [s for s in p.children if s.dep_ == "nsubj"]
    return out


def reciprocal_sides(tok: Token) -> list[Token] | None:
    """The heads of the phrases that name the sides of a reciprocal act at ``tok`` (the
    subject and any 'with' or 'between' partner; conjuncts are within the subject's phrase),
    or None when the act at ``tok`` is not reciprocal. ``tok`` is the thing traded, the verb
    of trading, or a verb done to each other."""
    if each_other(tok):
        return _subjects(tok) or None
    if tok.pos_ == "VERB" and tok.lemma_.lower() in _TRADE:
        traded = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if not any(traded_act(c) for c in traded):
            return None
        sides = [*_subjects(tok), *_partners(tok, *traded)]
        return sides or None
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _EXCHANGE_NOUNS:
        traded = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if traded_act(p)
        ]
        return _partners(tok, *traded) or None if traded else None
    if traded_act(tok) is None:
        return None
    word = _trade_word(tok)
    if word is None:
        return None
    first = _first_conjunct(tok)
    if word.head.i == first.i:
        # 'Trump traded threats with Iran's leader' read as 'Trump [traded threats]'
        sides = [first.head] if first.head.i < first.i else []
        sides += _partners(first)
    elif word.pos_ == "VERB":
        sides = [*_subjects(word), *_partners(word, first)]
    else:
        sides = _partners(word, first)  # 'an exchange of fire between Iran and Iraq'
    return sides or None
