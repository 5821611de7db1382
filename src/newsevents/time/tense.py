"""Tense of a date expression's clause: lexical cues (auxiliaries, past-tense forms) near the
expression, or the governing verb in a spaCy parse; decides which way a bare date points."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .calendar import Direction
from .expressions import Judge

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


_FUTURE_CUE = (
    r"will|shall|won't|wo\s+n't|'ll|’ll|going\s+to|plans?\s+to|planning\s+to|intends?\s+to|"
    r"scheduled|slated|(?:is|are)\s+due|set\s+to|expected\s+to|to\s+be\s+held|upcoming|"
    r"is\s+to|are\s+to|hopes?\s+to|aims?\s+to|planned\s+to|as\s+soon\s+as|would|"
    r"supposed\s+to"
)
_PAST_CUE = (
    r"was|were|had|did|said|told|went|came|met|made|took|gave|held|left|began|fell|rose|won|"
    r"lost|saw|sent|spoke|found|got|led|ran|struck|brought|bought|sold|paid|became|kept|wrote|"
    r"shot|fought|fled|flew|drove|broke|chose|stood|spent|built|caught|grew|drew|threw|"
    r"withdrew|arose|knew|thought|felt|meant|heard|"
    r"(?!(?:need|feed|seed|speed|bed|red|hundred|united|based|armed|so-called|alleged|"
    r"scheduled|expected|planned|proposed|limited|interested|concerned|related|"
    r"detailed|advanced|owned|controlled|backed|led)\b)[a-z]{2,}ed"
)
_CUE = re.compile(
    rf"\b(?:(?P<f>{_FUTURE_CUE})|(?P<passive>(?:be|is|are|am|been|being)\s+(?:{_PAST_CUE}))|"
    rf"(?P<p>{_PAST_CUE}))\b",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[A-Z\"“‘'(])|\n\s*\n|\n")


_CLAUSE_END = re.compile(r"[,;:(]|\b(?:and|but|that|which|who|when|while|because|after|before)\b")


def lexical_cue(text: str, start: int, end: int) -> tuple[Direction, int]:
    """The nearest tense cue around ``text[start:end]``: past or future (None: no cue) and its
    distance in characters. Looks back to the start of the sentence and forward to the end of
    the clause; passives ("is heard", "be returned") are not past-tense cues."""
    lo = max(0, start - 200)
    left = text[lo:start]
    cut = 0
    # Search one character past the expression so a sentence ending right before it is seen.
    for m in _SENT_END.finditer(text, lo, min(len(text), start + 1)):
        if m.end() <= start:
            cut = m.end() - lo
    left = left[cut:]
    right = text[end : end + 120]
    stop = _SENT_END.search(right)
    if stop:
        right = right[: stop.start()]
    stop = _CLAUSE_END.search(right)
    if stop:
        right = right[: stop.start()]
    best: tuple[Direction, int] = (None, 10**6)
    for m in _CUE.finditer(left):
        if m.group("passive"):
            continue
        dist = len(left) - m.end()
        if dist <= best[1]:
            best = ("future" if m.group("f") else "past", dist)
    for m in _CUE.finditer(right):
        if m.group("passive"):
            continue
        dist = m.start() + 4  # a verb before the expression governs it slightly more often
        if dist < best[1]:
            best = ("future" if m.group("f") else "past", dist)
        break
    return best


def lexical_tense(text: str, start: int, end: int) -> Direction:
    """Past or future from the nearest tense cue in the same sentence (None: no cue)."""
    return lexical_cue(text, start, end)[0]


_FUTURE_LEMMAS = frozenset(("schedule", "plan", "set", "expect", "intend", "slate", "postpone"))


def _verb_tense(verb: Token) -> Direction:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & {"will", "'ll", "’ll", "shall", "wo", "going", "would"}:
        return "future"
    if lowers & {"may", "might", "must", "should", "can"} and "have" not in lowers:
        return "future"  # "you may join him in May"
    if verb.lemma_ in _FUTURE_LEMMAS:
        return None  # "has scheduled a conference Thursday": past verb, future date
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"
    return None  # present, infinitive ("expects to report the third quarter"): undecided


def doc_tense(doc: Doc, start: int, end: int) -> Direction:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
            return _verb_tense(tok)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def doc_judge(doc: Doc) -> Judge:
    """Veto or confirm bare years and month names with the parse (entity type, tag)."""

    def judge(kind: str, start: int, end: int) -> bool | None:
        span: Span | None = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span[-1]
        if kind == "ym":
            if tok.ent_type_ == "DATE":
                return True
            if tok.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"):
                return False
            return None
        if tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX"):
            return False
        if tok.ent_type_ == "DATE":
            return True
        if tok.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART"):
            return False
        return None

    return judge
