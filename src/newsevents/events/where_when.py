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
    recognised: list[Place] = field(default_factory=list)
    """Places of the chunk that only the toponym recogniser finds (``geoparse``'s extended
    mentions, demonyms left out: 'on the outskirts of Kyiv' where spaCy labels no place). The
    event-location step takes one only where the trigger governs it through a locative word
    (the clause rule) or a locative word stands before it (the sentence and paragraph rules);
    they count for nothing else (focus, dateline, actors)."""

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
        self.recognised = _recognised_only(doc, mentions, places, home=self.home)
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


def _recognised_only(
    doc: Doc, plain: Sequence[Any], places: Sequence[Place], *, home: Home | None
) -> list[Place]:
    """The places that only the extended mentions add (no demonyms: 'Russian troops' names
    who acted), resolved with the plain ones as their context; none overlapping a plain one."""
    from ..geo import place_mentions, resolve_mentions
    from ..geo.resolver import DEMONYM

    known = {(m.start, m.end) for m in plain}
    extra = [
        m
        for m in place_mentions(doc, extended=True)
        if (m.start, m.end) not in known and m.label != DEMONYM and _whole_name(doc, m)
    ]
    if not extra:
        return []
    spans = {(m.start, m.end) for m in extra}
    found = resolve_mentions(doc.text, [*plain, *extra], use_dateline=False, home=home)
    return [
        p
        for p in found
        if (p.start, p.end) in spans
        and not any(q.start < p.end and p.start < q.end for q in places)
    ]


def _whole_name(doc: Doc, m: Any) -> bool:
    """True when a found name is a whole name, not part of a longer one: no entity holds more
    than it ('The Washington Post', 'the Mansfield Police Department') and no proper noun runs
    on either side ('Latin America', 'Eastern Europe', 'Milan Cortina')."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    if any(e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in doc.ents):
        return False
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc):
            t = doc[i]
            if t.pos_ == "PROPN" or (t.is_title and not t.is_sent_start and t.is_alpha):
                return False
    return True


#: Words before a place that make it a location ('in southern Lebanon', 'near the city of Homs').
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})


#: Nouns of a place that a locative word can reach through 'of' ('in the northern city of Homs',
#: 'on the outskirts of Kyiv', 'in the north of Syria').
PLACE_NOUNS = frozenset(
    {
        "city", "town", "village", "capital", "port", "province", "region", "state", "district",
        "county", "governorate", "department", "municipality", "area", "island", "coast",
        "outskirts", "suburbs", "suburb", "centre", "center", "heart", "north", "south", "east",
        "west", "northeast", "northwest", "southeast", "southwest", "border", "streets",
    }
)  # fmt: skip


def locative(sent: Span, p: Place) -> bool:
    """True when the place follows a locative preposition, past at most two modifiers
    ('in southern Lebanon') and one place noun with 'of' ('near the city of Homs', 'in the
    north of Syria')."""
    span = sent.doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    through_of = False
    while True:
        skipped = 0
        while i >= sent.start and skipped < 2 and sent.doc[i].pos_ in ("ADJ", "DET", "PROPN"):
            i -= 1
            skipped += 1
        if i < sent.start:
            return False
        if sent.doc[i].lower_ in LOCATIVE:
            return True
        if (
            through_of
            or sent.doc[i].lower_ != "of"
            or i - 1 < sent.start
            or sent.doc[i - 1].lower_ not in PLACE_NOUNS
        ):
            return False
        through_of = True
        i -= 2


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
