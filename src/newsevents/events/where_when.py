"""Where and when an event happened: the article's resolved places (dateline, most-named place,
paragraphs) that the event-location step (``locate.py``) reads, and the rule that picks an
event's date."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..geo.resolver import Home
    from ..models import Place


@dataclass(slots=True)
class ArticlePlaces:
    """The places of the article being coded, updated chunk by chunk."""

    places: list[Place] = field(default_factory=list)
    """Resolved places of the chunk being coded (offsets into the chunk)."""
    dateline: Place | None = None
    focus: Place | None = None
    """The article's most-named place so far: towns and regions, and countries only where the
    text names them as a location ('in Sudan'); neither the dateline nor a country named as an
    actor ('Iran said') says what the article is about."""
    focus_mentions: int = 0
    """How many times the focus has been named so far."""
    named: int = 0
    """How many times any place that can be the focus has been named so far."""
    counts: dict[tuple[str, str | None, str], list[Any]] = field(default_factory=dict)
    paragraphs: list[int] = field(default_factory=lambda: [0])
    """Where each paragraph of the chunk being coded starts (offsets into the chunk)."""
    home: Home | None = None
    """Where the article's source's other articles are (a prior for its ambiguous names)."""
    local: Counter[str] = field(default_factory=Counter)
    """What this article adds to its source's home: its places as read without the home
    (``geo.resolver.place_counts``), so a home never feeds on its own prior."""

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph holding chunk offset ``pos`` starts."""
        return self.paragraphs[max(bisect_right(self.paragraphs, pos) - 1, 0)]

    def update(self, doc: Doc, *, first_chunk: bool) -> None:
        """Resolve the chunk's places once; keep the article's dateline and focus up to date."""
        from ..geo import place_mentions, resolve_mentions
        from ..geo.gazetteer import load_gazetteer
        from ..geo.resolver import place_counts

        mentions = place_mentions(doc)
        alone = resolve_mentions(doc.text, mentions, use_dateline=first_chunk)
        self.local.update(place_counts(load_gazetteer(), alone))
        places = (
            alone
            if self.home is None
            else resolve_mentions(doc.text, mentions, use_dateline=first_chunk, home=self.home)
        )
        self.places = places
        self.paragraphs = paragraph_starts(doc.text)
        for p in places:
            if first_chunk and p.why.startswith("dateline"):
                self.dateline = p
                continue
            if p.precision == "country":
                span = doc.char_span(p.start, p.end, alignment_mode="expand")
                if span is None or not locative(span.sent, p):
                    continue
            key = (p.name, p.country, p.precision)
            seen = self.counts.setdefault(key, [0, p])
            seen[0] += 1
            self.named += 1
        if self.counts:
            rank = {"city": 2, "admin1": 1, "country": 0}
            best = max(self.counts.values(), key=lambda v: (v[0], rank.get(v[1].precision, 0)))
            self.focus_mentions, self.focus = best[0], best[1]


#: Words before a place that make it a location ('in southern Lebanon', 'near the city of Homs').
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})


def locative(sent: Span, p: Place) -> bool:
    """True when the place follows a locative preposition, past at most two modifiers
    ('in southern Lebanon', 'in the north of')."""
    span = sent.doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    skipped = 0
    while i >= sent.start and skipped < 2 and sent.doc[i].pos_ in ("ADJ", "DET", "PROPN"):
        i -= 1
        skipped += 1
    return i >= sent.start and sent.doc[i].lower_ in LOCATIVE


#: A paragraph break: a blank line, or a new line that starts indented (wire copy).
_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+(?=\S)")


def paragraph_starts(text: str) -> list[int]:
    """Offsets where the text's paragraphs start: after blank lines or indented new lines, else
    after every line break (a text with neither is one paragraph)."""
    breaks = list(_BREAK.finditer(text)) or list(re.finditer(r"\n+", text))
    return [0, *(m.end() for m in breaks)]


#: Movement triggers whose 'to' names the place ('a visit to Ouagadougou').
MOVES = {"visit", "travel", "trip", "tour", "arrive", "fly", "come", "go", "return", "journey"}


def event_date(
    trigger: Token, sent: Span, published: date | None, times: Sequence[Any]
) -> tuple[str | None, str, str]:
    """When the event happened: a time expression in the trigger's clause, else the publication
    date (the event is on or before it); with its precision and the rule that chose it."""
    anchor = trigger if trigger.pos_ == "VERB" else trigger.head
    own = {t.idx for t in anchor.subtree} | {t.idx for t in trigger.subtree}
    for expr in times:
        if (
            sent.start_char <= expr.start < sent.end_char
            and expr.value
            and expr.value[:1].isdigit()
        ):
            tok = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
            if tok is not None and any(t.idx in own for t in tok):
                return expr.value, expr.precision, f"date: '{expr.text}' -> {expr.value}"
    if published is not None:
        return (
            published.isoformat(),
            "day",
            "date: none in the clause; the publication date (the event is on or before it)",
        )
    return None, "unknown", "date: unknown (no publication date)"
