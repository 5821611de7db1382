"""The event-location step: where an event happened, from the event's own words first.

One component with declared inputs and output, so that it works on whatever records a coder
produces: :func:`locate` takes the trigger, its sentence, the article's resolved places and the
event's actors and returns a :class:`Placement` (location, rule, why); :func:`locate_events` does
the same for finished :class:`Event` records of a parsed chunk (their evidence offsets name the
trigger). Rules, first that applies: ``clause``, ``sentence``, ``paragraph``, ``dateline``,
``article_focus``, else ``unplaced`` (no point, no country: an actor's country is never the place).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..models import Actor, Event, Location
from .where_when import LOCATIVE, MOVES, PLACE_NOUNS, ArticlePlaces, locative

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..models import Place

__all__ = [
    "RULES",
    "STATED",
    "STATEMENTS",
    "Placement",
    "by_the_source",
    "locate",
    "locate_events",
    "locate_mentions",
]

#: Every rule, in the order they are tried.
RULES = (
    "clause",
    "sentence",
    "paragraph",
    "dateline",
    "source_place",
    "article_focus",
    "unplaced",
)
#: Rules of a place the event's own sentence names.
STATED = frozenset({"clause", "sentence"})


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an event happened (``location``), the rule that said so and the why text."""

    location: Location
    rule: str
    """One of :data:`RULES`."""
    why: str
    """``location: <rule> '<words>' ...``, the last item of the event's ``why``."""


def _loc(p: Place) -> Location:
    """The event location for a resolved place (its own point and precision)."""
    return Location(
        name=p.name,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        precision=p.precision,
        geonames_id=p.geonames_id,
        admin1=p.admin1,
    )


#: The reason a place's why gives when its source's home chose it (geo.resolver).
_HOME_REASON = re.compile(r"\d+% of the source's other places are in [^;]+")


def _placed(p: Place, rule: str, why: str) -> Placement:
    """The event placed at ``p`` by ``rule``; the why names the source's home when that is what
    chose the place ('Alexandria' in a Louisiana paper)."""
    home = _HOME_REASON.search(p.why)
    if home is not None:
        why = f"{why} (source home: {home.group(0)})"
    return Placement(_loc(p), rule, why)


#: Prepositions that say where, as the clause rule reads them (and 'on' through a place noun).
CLAUSE_PREPS = LOCATIVE | {"around", "along"}


def _place_at(tok: Token, places: Sequence[Place]) -> Place | None:
    """The place whose span holds ``tok``."""
    return next((p for p in places if p.start <= tok.idx < p.end), None)


def _clause(trigger: Token, in_sent: Sequence[Place]) -> Placement | None:
    """A place governed by the trigger (or its head, for a noun) through a locative preposition
    ('talks in Geneva'), directly or through 'of' ('on the outskirts of Kyiv', 'in the north of
    Syria'); for movement triggers also 'to' and the object of the verb ('a visit to
    Ouagadougou', 'visited Hungary')."""
    heads = [trigger, trigger.head] if trigger.pos_ != "VERB" else [trigger]
    preps = set(CLAUSE_PREPS)
    moving = trigger.lemma_.lower() in MOVES
    if moving:
        preps |= {"to", "into"}
    for tok in heads:
        for c in tok.children:
            if moving and c.dep_ == "dobj" and tok is trigger and tok.pos_ == "VERB":
                p = _place_at(c, in_sent)
                if p is not None:
                    return _placed(p, "clause", f"location: clause '{tok.text} {p.text}'")
            word = c.lower_
            if c.dep_ != "prep" or (word not in preps and word != "on"):
                continue
            # 'on' only through a place noun ('on the outskirts of Kyiv'): 'an attack on Kyiv'
            # names its target, and 'a march on Washington' or 'sanctions on Russia' no place;
            # 'of' only after a place noun ('in the absence of Russia' is no place)
            for pobj in c.children:
                if pobj.dep_ != "pobj":
                    continue
                p = _place_at(pobj, in_sent) if word != "on" else None
                if p is None and pobj.lower_ in PLACE_NOUNS:
                    # one step through 'of': 'the outskirts of Kyiv', 'the north of Syria'
                    of = [
                        g
                        for o in pobj.children
                        if o.dep_ == "prep" and o.lower_ == "of"
                        for g in o.children
                        if g.dep_ == "pobj"
                    ]
                    p = next((q for g in of if (q := _place_at(g, in_sent)) is not None), None)
                if p is None:
                    continue
                return _placed(p, "clause", f"location: clause '{c.text} {p.text}'")
    return None


def _sentence(
    trigger: Token,
    sent: Span,
    in_sent: list[Place],
    where: ArticlePlaces,
    actor_spans: list[tuple[int, int]],
) -> Placement | None:
    """The place of the sentence nearest the trigger: a town or region that is not one of the
    actors' words, or any place after a locative word ('two fighters in southern Lebanon')."""
    located = [p for p in in_sent if p is not where.dateline and locative(sent, p)]
    free = [
        p
        for p in in_sent
        if p.precision != "country"
        and p is not where.dateline
        and (p in located or not any(s < p.end and p.start < e for s, e in actor_spans))
    ] or located
    if not free:
        return None
    p = min(free, key=lambda p: abs(p.start - trigger.idx))
    return _placed(p, "sentence", f"location: sentence '{p.text}'")


#: How many sentences before the event's the paragraph rule looks back (a one-line article has
#: no paragraph breaks: its 'paragraph' is this window).
PARAGRAPH_SENTENCES = 2


def _paragraph(sent: Span, where: ArticlePlaces, countries: set[str]) -> Placement | None:
    """The nearest place in the (at most two) sentences before the event's sentence in its
    paragraph, else in the sentence after it ('Russian troops attacked ... The shelling hit
    Kharkiv'): a town or region, or a country or a place only the recogniser finds after a
    locative word ('Fighting raged around Kharkiv. Russian troops attacked ...'); only in a named
    actor's country when any has one."""
    start = where.paragraph_start(sent.start_char)
    first = sent
    for _ in range(PARAGRAPH_SENTENCES):
        if first.start == 0 or first.start_char <= start:
            break
        first = sent.doc[first.start - 1].sent
    start = max(start, first.start_char)
    only_found = {id(p) for p in where.recognised}
    candidates = [*where.places, *where.recognised]
    before = [p for p in candidates if start <= p.start < sent.start_char]
    after: list[Place] = []
    if sent.end < len(sent.doc):
        nxt = sent.doc[sent.end].sent
        if where.paragraph_start(nxt.start_char) == where.paragraph_start(sent.start_char):
            after = [p for p in candidates if nxt.start_char <= p.start < nxt.end_char]
    for p in [*sorted(before, key=lambda p: -p.start), *after]:
        if p is where.dateline:
            continue
        if p.precision == "country" or id(p) in only_found:
            span = sent.doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None or not locative(span.sent, p):
                continue
        if countries and p.country not in countries:
            continue
        side = "before" if p.start < sent.start_char else "after"
        return _placed(
            p, "paragraph", f"location: paragraph '{p.text}' ({side} the event's sentence)"
        )
    return None


#: The article's focus places an event only when it holds at least this share of the article's
#: place mentions (towns, regions, countries named as locations): an article about one place.
#: Read on 90 random focus-placed events of the 2,251-article bench store, their places annotated
#: blind: where the most-named place held half or more, it was the event's place for 25 of 47 (3
#: more in the right country); where it held less, for 13 of 43 (6 more in the right country),
#: and for 17 of those the article does not say where the event happened.
FOCUS_SHARE = 0.5

#: Statements: an accusation, a rejection, a threat, an appeal or a word of support happens
#: where its speaker said it, so the article's focus places one only when a speaker belongs to
#: the focus' country (a domestic statement in a story about one's own country; Washington's
#: word on Iran was said elsewhere). Read on focus-placed statements of the 0.5.15 bench store,
#: annotated blind (``bench/data/focus_statements.json``): of 48 random accusations,
#: rejections, threats and words of support, the focus was right for 19 of the 29 with a speaker
#: of its country (10 unknown, none wrong) and for 4 of the 19 without (5 wrong, 10 unknown);
#: of all 20 appeals without, for 8 (5 wrong, 7 unknown).
STATEMENTS = frozenset({"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN"})


def _named_countries(actors: Sequence[Actor]) -> set[str]:
    """The countries of the named actors (countries, people, groups; not generic agents such
    as 'police', whose country may be only the one the text is about, nor international
    organisations)."""
    return {
        a.country
        for a in actors
        if a.country and a.country != "IGO" and a.kind not in ("agent", "implied")
    }


def locate(
    trigger: Token,
    sent: Span,
    where: ArticlePlaces,
    *,
    offset: int,
    targets: Sequence[Actor],
    sources: Sequence[Actor],
    plover_type: str | None = None,
) -> Placement:
    """Where the event of ``trigger`` happened: a place in its clause, else in its sentence, else
    in the two sentences before it in its paragraph or the one after, else the dateline for a
    reporter-local event (a named actor of the dateline's country, or no named actor with a
    country), else the
    article's most-named place (named twice or more, and at least half of the article's place
    mentions: an article about one place) on the same condition ('Britain' acting is not placed
    in the article's Kharkiv) and, for a statement (:data:`STATEMENTS`; ``plover_type`` is the
    event's type), a speaker of the focus' country, else unplaced (an empty location: the
    actors' countries are not its place). ``offset`` is the parsed chunk's offset in the article
    (actor offsets are the article's)."""
    countries = _named_countries([*targets, *sources])
    in_sent = [p for p in where.places if sent.start_char <= p.start < sent.end_char]
    found_here = [p for p in where.recognised if sent.start_char <= p.start < sent.end_char]
    if in_sent or found_here:
        found = _clause(trigger, [*in_sent, *found_here])
        if found is not None:
            return _capital_sense(found, countries)
        actor_spans = [
            (a.start - offset, a.end - offset)
            for a in (*targets, *sources)
            if a.start is not None and a.end is not None
        ]
        spoken = [*in_sent, *(p for p in found_here if locative(sent, p))]
        found = _sentence(trigger, sent, spoken, where, actor_spans) if spoken else None
        if found is not None:
            return _capital_sense(found, countries)
    found = _paragraph(sent, where, countries)
    if found is not None:
        return _capital_sense(found, countries)
    line = where.dateline
    if line is not None and (not countries or line.country in countries):
        return _placed(line, "dateline", f"location: dateline '{line.text}'")
    focus = where.focus
    if (
        focus is not None
        and (plover_type not in STATEMENTS or focus.country in {a.country for a in sources})
        and where.focus_mentions >= 2
        and where.focus_mentions >= FOCUS_SHARE * where.named
        and (not countries or focus.country in countries)
    ):
        p = focus
        return _placed(
            p,
            "article_focus",
            f"location: article_focus '{p.text}' (the article's most-named place, not a place "
            f"named for this event; {where.focus_mentions} of its {where.named} place mentions)",
        )
    # an actor's country is not where the event happened: no point, no country
    return Placement(Location(), "unplaced", "location: unplaced (no place named for it)")


def locate_mentions(
    triggers: Sequence[Token],
    where: ArticlePlaces,
    *,
    offset: int,
    targets: Sequence[Actor],
    sources: Sequence[Actor],
    plover_type: str | None = None,
) -> Placement:
    """Where an event (of type ``plover_type``) reported by several mentions happened:
    :func:`locate` for the best mention's trigger (the first), unless the first has no place
    of its own clause and another mention is a movement ('visit', 'trip', 'travel', ...) whose
    own phrase names where it went: 'talks with Blair' placed by 'his visit to London', 'met
    the president' by 'a visit to Chile'. Nothing else crosses mentions: a record's other words
    and the sentences around them often tell of other incidents (read on the 2,251-article bench
    store: 'Rio police killed' placed by another 'killed in Recife', an arrest at Manchester by
    an 'arrested in Turkey', 'accused' by 'charges in New York')."""
    first = locate(
        triggers[0],
        triggers[0].sent,
        where,
        offset=offset,
        targets=targets,
        sources=sources,
        plover_type=plover_type,
    )
    if first.rule == "clause":
        return first
    for trig in triggers[1:]:
        if trig.lemma_.lower() not in MOVES:
            continue
        found = locate(
            trig,
            trig.sent,
            where,
            offset=offset,
            targets=targets,
            sources=sources,
            plover_type=plover_type,
        )
        if found.rule == "clause":
            return replace(found, why=f"{found.why} (in another mention: '{trig.text}')")
    return first


def _capital_sense(found: Placement, countries: set[str]) -> Placement:
    """The capital of a party's country for a city name the article's context gave to a small
    namesake elsewhere: Starmer meeting Trump 'in Washington' in a British story is in
    Washington, D.C., not the town in Tyne and Wear (political sense first)."""
    loc = found.location
    if loc.precision != "city" or not loc.name or not countries:
        return found
    from ..geo import load_gazetteer
    from ..geo.names import name_key

    gaz = load_gazetteer()
    capitals = [
        city
        for city, alternate in gaz.cities(name_key(loc.name))
        if not alternate
        and city.feature_code == "PPLC"
        and city.iso2 in gaz.countries
        and gaz.countries[city.iso2].iso3 in countries
        and city.geonames_id != loc.geonames_id
    ]
    if not capitals:
        return found
    cap = capitals[0]
    iso3 = gaz.countries[cap.iso2].iso3
    location = Location(
        name=cap.name,
        country=iso3,
        lat=cap.lat,
        lon=cap.lon,
        precision="city",
        geonames_id=cap.geonames_id,
        admin1=gaz.admin1_name(cap),
    )
    why = (
        f"{found.why} (the capital of {iso3}, a party's country, not the namesake in {loc.country})"
    )
    return Placement(location, found.rule, why)


def locate_events(
    events: Sequence[Event], doc: Doc, where: ArticlePlaces, *, offset: int
) -> list[Event]:
    """The events of a parsed chunk with their locations set by :func:`locate` (the location item
    of ``why`` and ``extra.location_rule`` replaced); an event whose trigger is not in this
    chunk's text is returned unchanged."""
    out: list[Event] = []
    for ev in events:
        first = (ev.evidence.trigger_start, ev.evidence.part)
        toks: list[Token] = []
        for ts, part in [first, *_other_mentions(ev)]:
            if part == "text" and ts is not None and 0 <= ts - offset < len(doc.text):
                span = doc.char_span(ts - offset, ts - offset + 1, alignment_mode="expand")
                if span is not None and len(span) and span[0] not in toks:
                    toks.append(span[0])
            if not toks:
                break  # the evidence's own trigger is not in this chunk: leave the event alone
        if not toks:
            out.append(ev)
            continue
        placed = locate_mentions(
            toks,
            where,
            offset=offset,
            targets=ev.targets,
            sources=ev.sources,
            plover_type=ev.plover_type,
        )
        out.append(
            replace(
                ev,
                location=placed.location,
                why=_with_location(ev.why, placed.why),
                extra={**ev.extra, "location_rule": placed.rule},
            )
        )
    return out


def _with_location(why: str, location: str) -> str:
    """``why`` with its location item (its last: ``location: ...``, which may itself hold a
    '; ', as the focus' does) replaced by ``location``."""
    if why.startswith("location: "):
        return location
    at = why.find("; location: ")
    head = why[:at] if at >= 0 else why
    return f"{head}; {location}" if head else location


def _other_mentions(ev: Event) -> list[tuple[int | None, str]]:
    """(trigger offset, part) of the event's other mentions (``extra.mention_evidence``)."""
    out: list[tuple[int | None, str]] = []
    for m in ev.extra.get("mention_evidence", ()):
        if isinstance(m, dict):
            ts = m.get("trigger_start")
            out.append((ts if isinstance(ts, int) else None, str(m.get("part", "text"))))
    return out


def by_the_source(events: Sequence[Event]) -> list[Event]:
    """The article's events, those the article's focus placed now placed where one of their
    sources is placed by its own words in another event of the article (``clause`` or
    ``sentence``) in the focus' country: the nearest such event before it in the same part
    (title or text), else the nearest other (rule ``source_place``). The focus is what the
    article is about; a source's stated whereabouts in that country are the finer evidence of
    where it acted ('a federal judge in Pennsylvania' rather than the focus' Washington). Read
    on 40 random focus-placed events with such a place, annotated blind
    (``bench/data/source_places.json``): where the source's place is in the focus' country (32)
    the country is the same by construction, and the finer place was better twice and worse
    never; where it is not (8), it was right for 2 and the focus for 4, so those keep the
    focus."""
    stated = [
        e for e in events if e.extra.get("location_rule") in STATED and e.location.lat is not None
    ]
    out: list[Event] = []
    for ev in events:
        ids = {a.actor_id for a in ev.sources}
        # in the focus' country only: where the two disagree, neither was right more often
        same = [
            o
            for o in stated
            if o is not ev
            and ids & {a.actor_id for a in o.sources}
            and o.location.country == ev.location.country
        ]
        if ev.extra.get("location_rule") != "article_focus" or not same:
            out.append(ev)
            continue
        at = ev.evidence.trigger_start or 0

        def distance(o: Event, at: int = at) -> int:
            return abs((o.evidence.trigger_start or 0) - at)

        before = [
            o
            for o in same
            if o.evidence.part == ev.evidence.part and (o.evidence.trigger_start or 0) < at
        ]
        pick = min(before or same, key=distance)
        who = next(a for a in pick.sources if a.actor_id in ids)
        why = (
            f"location: source_place '{pick.location.name}' (where {who.text or who.name} is "
            f"placed in the article: '{pick.evidence.trigger}', "
            f"{pick.extra.get('location_rule')} rule; not the article's focus)"
        )
        out.append(
            replace(
                ev,
                location=pick.location,
                why=_with_location(ev.why, why),
                extra={**ev.extra, "location_rule": "source_place"},
            )
        )
    return out
