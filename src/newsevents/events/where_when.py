"""Where and when an event happened: the article's resolved places (dateline, most-named place)
and the rules that pick an event's location and date, each returning the rule it used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Actor, Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..models import Place


@dataclass(slots=True)
class ArticlePlaces:
    """The places of the article being coded, updated chunk by chunk."""

    places: list[Place] = field(default_factory=list)
    """Resolved places of the chunk being coded (offsets into the chunk)."""
    dateline: Place | None = None
    focus: Place | None = None
    """The article's most-mentioned resolved place so far."""
    counts: dict[tuple[str, str | None, str], list[Any]] = field(default_factory=dict)

    def update(self, doc: Doc, *, first_chunk: bool) -> None:
        """Resolve the chunk's places once; keep the article's dateline and focus up to date."""
        from ..geo import place_mentions, resolve_mentions

        places = resolve_mentions(doc.text, place_mentions(doc), use_dateline=first_chunk)
        self.places = places
        for p in places:
            if first_chunk and p.why.startswith("dateline"):
                self.dateline = p
            key = (p.name, p.country, p.precision)
            seen = self.counts.setdefault(key, [0, p])
            seen[0] += 1
        if self.counts:
            rank = {"city": 2, "admin1": 1, "country": 0}
            self.focus = max(
                self.counts.values(), key=lambda v: (v[0], rank.get(v[1].precision, 0))
            )[1]


#: Movement triggers whose 'to' names the place ('a visit to Ouagadougou').
MOVES = {"visit", "travel", "trip", "tour", "arrive", "fly", "come", "go", "return", "journey"}


def _loc(p: Place) -> Location:
    """The event location for a resolved place."""
    return Location(
        name=p.name,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        precision=p.precision,
        geonames_id=p.geonames_id,
        admin1=p.admin1,
    )


#: Words before a place that make it a location ('in southern Lebanon', 'near the city of Homs').
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})


def _locative(sent: Span, p: Place) -> bool:
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


def event_location(
    trigger: Token,
    sent: Span,
    where: ArticlePlaces,
    offset: int,
    targets: list[Actor],
    sources: list[Actor],
) -> tuple[Location, str]:
    """Where the event happened, and the rule that chose it: a place in the trigger's clause,
    else another place in its sentence, else the dateline, else the article's focus, else
    the target's (or source's) country."""
    in_sent = [p for p in where.places if sent.start_char <= p.start < sent.end_char]
    if in_sent:
        heads = [trigger, trigger.head] if trigger.pos_ != "VERB" else [trigger]
        preps = {"in", "at", "near", "outside", "inside"}
        if trigger.lemma_.lower() in MOVES:
            preps |= {"to", "into"}
        for tok in heads:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    for pobj in c.children:
                        if pobj.dep_ != "pobj":
                            continue
                        for p in in_sent:
                            if p.start <= pobj.idx < p.end:
                                return _loc(p), f"location: clause '{c.text} {p.text}'"
        actor_spans = [
            (a.start - offset, a.end - offset)
            for a in (*targets, *sources)
            if a.start is not None and a.end is not None
        ]
        # a place after 'in'/'at'/... is where something is, even inside an actor's words
        # ('two fighters in southern Lebanon') and even when it is a country
        located = [p for p in in_sent if p is not where.dateline and _locative(sent, p)]
        free = [
            p
            for p in in_sent
            if p.precision != "country"
            and p is not where.dateline
            and (p in located or not any(s < p.end and p.start < e for s, e in actor_spans))
        ] or located
        if free:
            p = min(free, key=lambda p: abs(p.start - trigger.idx))
            return _loc(p), f"location: sentence '{p.text}'"
    if where.dateline is not None:
        p = where.dateline
        return _loc(p), f"location: dateline '{p.text}'"
    if where.focus is not None:
        p = where.focus
        return _loc(p), f"location: focus '{p.text}' (the article's most-named place)"
    for label, actors in (("target", targets), ("source", sources)):
        for actor in actors:
            if actor.country and actor.country != "IGO":
                from ..geo import load_gazetteer

                ctry = load_gazetteer().country_by_iso3(actor.country)
                if ctry is None:
                    continue
                return (
                    Location(
                        name=ctry.name,
                        country=ctry.iso3,
                        lat=ctry.lat,
                        lon=ctry.lon,
                        precision="country",
                        geonames_id=ctry.geonames_id,
                    ),
                    f"location: {label}'s country '{ctry.name}'",
                )
    return Location(), "location: unknown"


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
