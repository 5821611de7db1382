"""Event mentions -> article-level event records (GUIDELINES: one record per event per article).

A headline and a summary that say the same thing give one record; symmetric talks and
agreements are one record with every party among its sources; each record keeps every mention
that supports it (trigger, sentence, offsets) as evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..actors.build import COMMON_NAME_WHY, FAR_FROM_ROLES_WHY, is_named_place, is_place
from ..actors.resolve import LEAD_COUNTRY, ActorMention
from ..actors.units import PLACE_PREPOSITIONS
from ..models import Actor
from .detect import (
    SYMMETRIC_TYPES,
    Detection,
    armed_force,
    authorless_attack,
    nominal_harm,
    type_ruled_out,
)
from .features import DocContext
from .sport import is_sports_result

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "IMPLIED_KIND",
    "Party",
    "Record",
    "article_countries",
    "build_records",
    "covers",
    "implied_source",
    "implied_target",
    "is_collective",
    "party_of",
    "toponym_country",
]

#: The kind of an actor the text leaves unnamed (see :func:`implied_source`).
IMPLIED_KIND = "implied"
_NAMED_KINDS = frozenset({"person", "organisation", "group", "igo"})
#: Prepositions that tie a generic actor to its place ('police in Nairobi', 'mayor of Kyiv').
_PLACE_PREPS = frozenset({"in", "of", "from"})


@dataclass(slots=True)
class Party:
    """One actor of a record: the mention that names it and the country it is coded with."""

    mention: ActorMention
    country: str | None
    why: str

    @property
    def key(self) -> str:
        """The party's identity: a named person or organisation by its id, others (countries,
        generic agents) by their country."""
        if self.named or not self.country:
            return self.mention.actor.actor_id
        return self.country

    @property
    def origin(self) -> str:
        """Where its country came from: ``own`` (the actor's), ``place`` (a place in its phrase
        or a nearby mention of its kind, :func:`party_of`) or ``focus`` (none of its own: the
        text's most named country, or none at all)."""
        if self.mention.actor.country:
            return "own"
        return "place" if "from '" in self.why else "focus"

    @property
    def named(self) -> bool:
        """True for a named person, organisation or group (not a country or generic agent)."""
        return self.mention.actor.kind in _NAMED_KINDS

    def same_actor(self, other: Party) -> bool:
        """Two parties of one article are one actor when their keys agree, when neither is named
        and the text calls them by the same words ('34 women' in the headline and the summary,
        whatever country each took), or when they share a country and one of them is only a
        country or a generic agent ('Russia' and 'Lavrov')."""
        if self.key == other.key:
            return True
        if not (self.named or other.named) and _words(self) == _words(other):
            return True
        return (
            self.country is not None
            and self.country == other.country
            and not (self.named and other.named)
        )


def _words(p: Party) -> str:
    return " ".join(p.mention.actor.text.lower().split())


@dataclass(slots=True)
class Record:
    """One event of an article, with every mention that reports it."""

    plover_type: str
    sources: list[Party]
    targets: list[Party]
    detections: list[Detection] = field(default_factory=list)
    verified: float | None = None
    """The record verifier's probability that this record is a right event (set by
    :class:`~newsevents.events.verify.Verifier`); the confidence when present."""

    def mentions(self) -> list[Detection]:
        """One detection per trigger word, in text order: the mentions of the event (a learned
        and a pattern detection of one word are one mention)."""
        best: dict[int, Detection] = {}
        for d in self.detections:
            if d.trigger.i not in best or d.confidence > best[d.trigger.i].confidence:
                best[d.trigger.i] = d
        return [best[i] for i in sorted(best)]

    @property
    def detection_confidence(self) -> float:
        """The best mention's confidence, raised a little by each further mention."""
        best = max(d.confidence for d in self.detections)
        return min(0.99, 1 - (1 - best) * (0.85 ** (len(self.mentions()) - 1)))

    @property
    def confidence(self) -> float:
        """The verifier's probability, else the detection confidence."""
        return self.detection_confidence if self.verified is None else self.verified

    @property
    def modality(self) -> str:
        """The mode of the most confident mention."""
        return max(self.detections, key=lambda d: d.confidence).modality


def article_countries(ctx: DocContext) -> Counter[str]:
    """How often each country is named in the text (country mentions and actors' countries),
    a mention in the headline counting twice: the headline says what the text is about; a
    place named as an organisation's seat (:func:`seat_of_organisation`) not at all. A text
    that names no country, only places, is where its place names can all lie
    (:func:`toponym_country`)."""
    counts: Counter[str] = Counter()
    named = 0  # mentions that name a country, not a city or region coded as one
    for m in ctx.mentions:
        c = m.actor.country
        if seat_of_organisation(m, ctx):
            continue  # 'a UK-based group': where it sits, not what the text is about
        if c and c != "IGO" and ctx.doc[m.head].tag_ != "PRP" and not namesake_by_date(m, ctx):
            weight = 2 if m.actor.kind == "country" else 1
            counts[c] += weight * (2 if ctx.in_title(ctx.doc[m.head]) else 1)
            named += not is_place(m.actor)
    lead = _dateline_country(ctx)
    if lead:
        counts[lead] += 1 + sum(counts.values())
    elif not named:
        # no country named: the places the text names say where it is ('attacked two towns in
        # Chalatenango department': El Salvador; 'Cordoba' beside 'Antioquia': Colombia's)
        return toponym_country(ctx) or counts
    return counts


def toponym_country(ctx: DocContext) -> Counter[str]:
    """Where the place names of a text lie together: each name placed (by the geoparser, with
    the capitalised words it finds in the gazetteer, or the actor dictionary's cities coded as
    their country) votes for every country it may lie in (where it was placed and the
    gazetteer's towns and regions of that name, :func:`place_namesakes`), the fewer the more
    weight: 'Usulutan', only in El Salvador, outweighs 'Florida' and 'San Rafael', found in
    many. The best country backed by two names or more, else the countries they were placed in."""
    from ..geo import place_mentions, resolve_mentions

    doc = ctx.doc
    found = place_mentions(doc, extended=True)
    names: dict[str, set[str]] = {doc.text[p.start : p.end]: set() for p in found}
    for place in resolve_mentions(doc.text, found, use_dateline=False):
        if place.country:
            names.setdefault(place.text, set()).add(place.country)
    for m in ctx.mentions:
        if is_place(m.actor) and m.actor.country:
            names.setdefault(doc[m.token_start : m.token_end].text, set()).add(m.actor.country)
    # a word inside a longer name is no name of its own ('Island' in 'Elcho Island')
    names = {n: own for n, own in names.items() if not any(n != o and n in o for o in names)}
    votes: dict[str, float] = {}
    backers: Counter[str] = Counter()
    for name, own in names.items():
        if not own:
            continue  # a word the geoparser found but could not place ('Milton', 'Tender')
        where = own | place_namesakes(name)
        for c in where:
            votes[c] = votes.get(c, 0.0) + 1 / len(where)
            backers[c] += 1
    read = Counter(c for own in names.values() for c in sorted(own))  # ties: the same each run
    best = min(votes, key=lambda c: (-votes[c], -read[c], c), default=None)
    if best is None or backers[best] < 2:
        return read  # one place name, or none backed by two: where each was read to lie
    return Counter({best: backers[best]})


def seat_of_organisation(m: ActorMention, ctx: DocContext) -> bool:
    """True for a place named as where an organisation sits ('a UK-based group', 'the
    Washington-based Council on American-Islamic Relations'): it says nothing of what the text
    is about."""
    doc = ctx.doc
    last = doc[m.token_end - 1]
    if last.head.lower_ == "based" and last.dep_ in ("npadvmod", "compound", "amod"):
        return True
    nxt = doc[last.i + 1 : last.i + 3]
    return len(nxt) == 2 and nxt[0].text in ("-", "–") and nxt[1].lower_ == "based"


def namesake_by_date(m: ActorMention, ctx: DocContext) -> bool:
    """True for a person of the actor dictionary whose dated roles all lie a generation or more
    from the text's date (:data:`~newsevents.actors.build.NAMESAKE_YEARS`), or a state
    institution named by a common word alone ('Congress', the dictionary's US Congress), whose
    country nothing else in the text names: likely a namesake ('Jorge Rodríguez' in 2026 news on
    Venezuela is not the dictionary's Argentine minister of the 1990s; 'Congress' in news on El
    Salvador is El Salvador's), whose country comes from the text as an unknown person's does,
    and who does not count towards the country the text is about."""
    a = m.actor
    common = COMMON_NAME_WHY in a.why  # 'Congress' in news on Peru
    if not a.country or not (common or (a.kind == "person" and FAR_FROM_ROLES_WHY in a.why)):
        return False
    return not any(
        o.actor.country == a.country and o.actor.actor_id != a.actor_id for o in ctx.mentions
    )


def _dateline_country(ctx: DocContext) -> str | None:
    """The country a headline opens with before a colon ('Nigeria: Police Detain Journalist',
    as AllAfrica files its stories): the country the story is about (set by the resolver)."""
    lead = ctx.doc.user_data.get(LEAD_COUNTRY)
    return lead if isinstance(lead, str) else None


#: Head words of a group of countries ('Arab nations', 'European allies', 'the international
#: community'): GUIDELINES keeps their words and gives them no country.
_COLLECTIVE_HEADS = frozenset(
    {"nation", "country", "state", "ally", "power", "community", "neighbour", "neighbor"}
)


#: Adjectives of a region or continent ('African' in 'African countries'): never a party alone.
_REGIONAL = frozenset(
    {
        "african", "european", "asian", "western", "eastern", "arab", "gulf", "nordic",
        "baltic", "balkan", "latin", "american", "middle", "south", "north", "caribbean",
        "pacific", "african-american", "sub-saharan", "scandinavian", "central",
    }
)  # fmt: skip


def is_bare_region(m: ActorMention) -> bool:
    """True for a region's adjective alone ('African' in 'ties between Russia and African
    countries'): a word of a phrase, not an actor; the phrase, when it is one ('Arab states'),
    is its own mention."""
    words = m.actor.text.lower().split()
    return m.actor.kind == "group" and not m.actor.country and all(w in _REGIONAL for w in words)


def the_late(m: ActorMention, ctx: DocContext) -> bool:
    """True for a person the text calls *the late* ('statues of the late President Hugo
    Chávez'): dead, so no party to what happens now (what was done to his memory is no event
    done to him)."""
    if m.actor.kind != "person":
        return False
    doc = ctx.doc
    return any(
        t.lower_ == "late" and t.i > 0 and doc[t.i - 1].lower_ == "the"
        for t in doc[m.token_start : m.token_end]
    )


def is_collective(m: ActorMention, ctx: DocContext) -> bool:
    """True for a plural group of countries named as one actor ('Arab nations', 'Gulf states',
    'European allies', 'the international community'), or people who act for many
    ('European leaders', 'world leaders'): issue 12 keeps them with their words and no country."""
    head = ctx.doc[m.head]
    if _people_of_many(head):
        return True
    if head.lemma_.lower() not in _COLLECTIVE_HEADS:
        return False
    return head.tag_ in ("NNS", "NNPS") or head.lemma_.lower() == "community"


#: Heads of people who act for states: with a region's or the world's adjective and no country
#: of their own ('European leaders', 'world leaders', 'Western diplomats'), people of many.
_PEOPLE_OF_STATES = frozenset(
    {"leader", "official", "minister", "diplomat", "observer", "government", "partner",
     "donor", "envoy", "lawmaker", "politician", "negotiator", "capital"}
)  # fmt: skip
_MANY_COUNTRIES = _REGIONAL | {"world", "international", "global", "foreign"}


def _people_of_many(head: Token) -> bool:
    """True for 'European leaders', 'world leaders', 'international observers', 'Western
    diplomats': a plural head of people who act for states, qualified by a region or the world."""
    if head.lemma_.lower() not in _PEOPLE_OF_STATES or head.tag_ not in ("NNS", "NNPS"):
        return False
    return any(
        c.dep_ in ("amod", "compound", "nmod") and c.lower_ in _MANY_COUNTRIES
        for c in head.children
        if c.i < head.i
    )


def party_of(m: ActorMention, ctx: DocContext, main_country: str | None) -> Party:
    """The party a mention names, with its country: its own, else that of a place in its phrase
    ('police in Nairobi'), else of what its 'its' stands for ('Iran said its forces ...'), else
    the one nearby mentions of the same kind of actor say
    (:func:`same_noun_country`), else the country the article is mostly about (domestic actors
    act where the news is). A likely namesake (:func:`namesake_by_date`) takes its country
    from the text the same way, and keeps the dictionary's where the text gives none."""
    actor = m.actor
    if actor.country and namesake_by_date(m, ctx):
        found = _country_from_text(m, ctx, main_country)
        if found.country is not None:
            why = f"{actor.country} named nowhere else, a namesake: {found.why}"
            return Party(m, found.country, why)
    if actor.country:
        return Party(m, actor.country, actor.why)
    return _country_from_text(m, ctx, main_country)


def _country_from_text(m: ActorMention, ctx: DocContext, main_country: str | None) -> Party:
    """The party of a mention whose country the text must give (:func:`party_of`)."""
    actor = m.actor
    doc = ctx.doc
    head = doc[m.head]
    if is_collective(m, ctx):
        return Party(m, None, actor.why + "; a group of countries: no one country")
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
            for p in c.children:
                other = ctx.mention_at(p) if p.dep_ == "pobj" else None
                if other is not None and other is not m and other.actor.country:
                    return Party(m, other.actor.country, f"country from '{c.text} {p.text}'")
    found = gazetteer_place(m, ctx)
    if found is not None:
        return Party(m, found[0], f"country from '{found[1]}', a place the gazetteer knows")
    owner = its_owner(m, ctx)
    if owner is not None:
        return Party(m, owner[0], f"country from '{owner[1]}', whose '{head.text}' these are")
    same = same_noun_country(m, ctx)
    if same is not None:
        return Party(m, same[0], f"country from '{same[1]}' nearby in the text")
    if main_country is not None:
        return Party(m, main_country, f"country {main_country}: the country the text is about")
    return Party(m, None, actor.why)


#: Kinds of actor that 'its' can stand for.
_ITS_KINDS = frozenset({"country", "organisation", "group", "igo"})


def its_owner(m: ActorMention, ctx: DocContext) -> tuple[str, str] | None:
    """(country, words) of what 'its' stands for in a mention without a country ('Iraq said its
    forces crushed an Iranian attack', 'Russia said its troops captured ...'): the nearest
    country, organisation or armed group with a country named before it in its sentence."""
    doc = ctx.doc
    head = doc[m.head]
    if not any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children):
        return None
    start = head.sent.start
    before = [
        o
        for o in ctx.mentions
        if o is not m and start <= o.head < m.token_start and o.actor.kind in _ITS_KINDS
    ]
    for o in sorted(before, key=lambda o: -o.head):
        if o.actor.country and o.actor.country != "IGO" and not is_place(o.actor):
            return o.actor.country, doc[o.token_start : o.token_end].text
        break
    return None


#: The fewest people a town must hold for its name alone to stand for its country.
PLACE_POPULATION = 50_000


def place_namesakes(name: str) -> set[str]:
    """The countries (ISO alpha-3) where the gazetteer has a town of :data:`PLACE_POPULATION`
    or more, or a first-level region, named ``name``: where a city the actor dictionary places
    in one country may lie (the resolver's ``place_namesakes``)."""
    from ..geo.gazetteer import load_gazetteer
    from ..geo.names import name_key

    return load_gazetteer().place_countries(name_key(name), PLACE_POPULATION)


def gazetteer_place(m: ActorMention, ctx: DocContext) -> tuple[str, str] | None:
    """(country, name) for a proper name with no country of its own that is the object of a
    preposition of place and names a town of :data:`PLACE_POPULATION` or more, or a first-level
    region, in the gazetteer ('withdrew from Kherson', 'a strike on Rafah': the actor
    dictionary knows only capitals and the largest cities); the most populous such town."""
    doc = ctx.doc
    head = doc[m.head]
    if head.dep_ != "pobj" or head.head.lower_ not in PLACE_PREPOSITIONS:
        return None
    toks = [t for t in doc[m.token_start : m.token_end] if t.lower_ != "the"]
    if not toks or not all(t.pos_ == "PROPN" and not t.text.isupper() for t in toks):
        return None  # acronyms are bodies ('called on the ICO'), not towns ('Icó')
    from ..geo.gazetteer import load_gazetteer
    from ..geo.names import name_key

    gaz = load_gazetteer()
    name = " ".join(t.text for t in toks)
    key = name_key(name)
    found = gaz.cities(key)
    towns = [c for c, alternate in found if not alternate] or [c for c, _ in found]
    best = max(towns, key=lambda c: c.population, default=None)
    iso2 = None
    if best is not None and best.population >= PLACE_POPULATION:
        iso2 = best.iso2
    else:
        regions = gaz.region_keys.get(key, [])
        if len({r.iso2 for r in regions}) == 1:
            iso2 = regions[0].iso2
    country = gaz.countries.get(iso2) if iso2 else None
    return (country.iso3, name) if country is not None else None


#: How many sentences apart a mention may be from the one whose country it lends
#: (the headline and its summary; a long text's distant namesakes are other people).
SAME_NOUN_SENTENCES = 2


def same_noun_country(m: ActorMention, ctx: DocContext) -> tuple[str, str] | None:
    """The country that nearby mentions of the same kind of actor (kind, sectors and head
    noun) say and ``m`` does not ('Prosecutors' in the headline, 'Israeli prosecutors' in the
    summary): (country, their words), when the mentions within :data:`SAME_NOUN_SENTENCES`
    sentences agree on one."""
    doc = ctx.doc
    head = doc[m.head]
    if head.pos_ != "NOUN":
        return None
    lemma = head.lemma_.lower()
    namesakes = [
        other
        for other in ctx.mentions
        if other is not m
        and other.actor.country not in (None, "", "IGO")
        and other.actor.kind == m.actor.kind
        # 'police storm embassy', a misread headline, is no 'Mexican embassy'
        and other.actor.sectors == m.actor.sectors
        and doc[other.head].lemma_.lower() == lemma
    ]
    if not namesakes:
        return None  # most mentions: no sentence numbering needed
    sents = {s.start: k for k, s in enumerate(doc.sents)}
    here = sents[head.sent.start]
    found: dict[str, str] = {}
    for other in namesakes:
        country = other.actor.country
        if country and abs(sents[doc[other.head].sent.start] - here) <= SAME_NOUN_SENTENCES:
            found.setdefault(country, doc[other.token_start : other.token_end].text)
    return next(iter(found.items())) if len(found) == 1 else None


def implied_source(
    det: Detection, targets: Sequence[Party], main: str | None, ctx: DocContext
) -> Party | None:
    """The unnamed source of an agentless passive ('a man has been charged'), of an attack
    that names no author ('a drone attack killed 28 people', 'a car bomb exploded at ...') or of
    a noun of harm ('the murder of six priests'): the authorities (or attackers) of the country
    where it happened, as the trigger's own phrase names it ('two Americans were arrested in
    Iran'), else of the target's country, else of the country the text is about; None for a
    country as target ('Iran was accused': by whom is unknown; 'two Americans', a country's
    people counted, only with the place) or with no country at all."""
    where = _where_it_happened(det.trigger, ctx)
    if any(
        # a country's people counted where it happened are people ('two Americans were
        # arrested in Iran'); else who acted on the country, or on them, is unknown
        p.mention.actor.kind == "country" and not (where is not None and counted_people(p, ctx))
        for p in targets
    ):
        return None
    own = next((p.country for p in targets if p.country and p.country != "IGO"), None)
    how_placed = "its target's country"
    if where is not None:
        own = where[0]  # 'two Americans were arrested in Iran': by Iran's authorities
        how_placed = f"where it happened: '{where[1]}'"
    country = own or main
    if country is None:
        return None
    trig = det.trigger
    how = (
        "the attack"
        if authorless_attack(trig, ctx)
        else "the noun"
        if nominal_harm(trig, ctx) or trig.pos_ == "NOUN"
        else "the passive"
    )
    why = f"not named: implied by {how} '{trig.text}', in {country} (" + (
        f"{how_placed})" if own else "the country the text is about)"
    )
    return _unnamed(country, trig, why)


def _unnamed(country: str, trig: Token, why: str) -> Party:
    """A party the text leaves unnamed: an actor of a country with no words, at the trigger."""
    actor = Actor(
        text="",
        name=f"unnamed ({country})",
        actor_id=f"{country}:implied",
        country=country,
        kind=IMPLIED_KIND,
        why=why,
    )
    t = trig.i
    return Party(ActorMention(actor=actor, token_start=t, token_end=t, head=t), country, why)


#: Types whose event always acts on someone: a refusal, an accusation, a demand, a threat, a
#: coercion or an attack with no party named has one the text leaves unnamed.
IMPLIED_TARGET_TYPES = frozenset({"REJECT", "ACCUSE", "REQUEST", "THREATEN", "COERCE", "ASSAULT"})
#: Actors of one country's own politics: what they act on, unnamed, is of that country.
_DOMESTIC_KINDS = frozenset({"agent", "person", "organisation", "group"})


def implied_target(rec: Record, main: str | None = None) -> Party | None:
    """The unnamed target of a record that names none, where its sources are one country's
    domestic actors (police, a court, a minister, a union): 'Nakasone refused to drop the sales
    tax', 'the government will not negotiate', 'police charged two men' act on that country's
    own people or parties; in a text about another country (``main``, the country it names
    most), on that country's ('Trump calls for a change in leadership' in news on Iran). None
    for other types, for a country or an organisation of states as source ('Iran refused': whom
    is unknown) or for sources of no or several countries."""
    if rec.plover_type not in IMPLIED_TARGET_TYPES or not rec.sources:
        return None
    if any(p.mention.actor.kind not in _DOMESTIC_KINDS for p in rec.sources):
        return None
    countries = {p.country for p in rec.sources}
    if len(countries) != 1:
        return None
    country = next(iter(countries))
    if country is None or country == "IGO":
        return None
    trig = max(rec.detections, key=lambda d: d.confidence).trigger
    if main is not None and main not in (country, "IGO"):
        # 'Trump calls for a change in leadership' in news on Iran: Iran's leaders, not his own
        why = f"not named: implied by '{trig.text}', in {main} (the country the text is about)"
        return _unnamed(main, trig, why)
    why = f"not named: implied by '{trig.text}', in {country} (its source's country)"
    return _unnamed(country, trig, why)


def _unaimed_attack(rec: Record) -> bool:
    """True for an ASSAULT whose only party is one country (or IGO) named as a whole, with no
    target: read out of fold on events_train, none of 48 such records was right."""
    return (
        rec.plover_type == "ASSAULT"
        and not rec.targets
        and len(rec.sources) == 1
        and rec.sources[0].mention.actor.kind in ("country", "igo")
    )


def _person_on_own_country(sources: list[Party], targets: list[Party]) -> bool:
    """True where the sources are people and the targets their own country as a whole ('Mr
    Howard' and 'the UK', 'Clayton Yeutter' and 'U.S.'): a misread of the parties, 21 of 22
    such records wrong out of fold on events_train."""
    if not sources or not targets:
        return False
    if any(p.mention.actor.kind != "person" for p in sources):
        return False
    own = {p.country for p in sources}
    return all(p.mention.actor.kind == "country" and p.country in own for p in targets)


#: Words that count people ('many Israelis', 'several Americans').
_PEOPLE_COUNTS = frozenset({"many", "several", "some", "few", "more", "most", "dozens",
                            "hundreds", "thousands", "scores"})  # fmt: skip


def counted_people(p: Party, ctx: DocContext) -> bool:
    """True for a country's people counted ('three Palestinians', 'many Israelis', 'dozens of
    Americans'): people, not the country, though the dictionary names both alike."""
    head = ctx.doc[p.mention.head]
    if any(c.dep_ == "nummod" or (c.dep_ in ("amod", "det") and c.lower_ in _PEOPLE_COUNTS)
           for c in head.children):  # fmt: skip
        return True
    up = head.head
    return (
        head.dep_ == "pobj"
        and up.lower_ == "of"
        and (up.head.lower_ in _PEOPLE_COUNTS or up.head.like_num)
    )


#: Prepositions of the place where something happened ('arrested in Iran').
_WHERE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})


def _where_it_happened(trig: Token, ctx: DocContext) -> tuple[str, str] | None:
    """(country, words) of a place named in the trigger's own phrase of where it happened
    ('two Americans were arrested in Iran', 'soldiers killed in Ukraine')."""
    for c in trig.children:
        if c.dep_ != "prep" or c.lower_ not in _WHERE_PREPS:
            continue
        for p in c.children:
            m = ctx.mention_at(p) if p.dep_ == "pobj" else None
            if m is None or m.actor.kind != "country" or not m.actor.country:
                continue
            if m.actor.country != "IGO":
                return m.actor.country, f"{c.text} {p.text}"
    return None


#: Dependencies of a country word that qualifies a noun ('US and British activists').
_QUALIFIER_DEPS = frozenset({"nmod", "amod", "compound"})


#: A border is shared ground: the country across it is not what forces sent there are aimed at.
_BORDER_WORDS = frozenset({"border", "frontier", "boundary", "borderland"})
#: Prepositions of where forces go or stand ('to', 'along the border'): not 'near', 'around' or
#: 'against', which may name whom a mobilisation is aimed at ('drills around Taiwan').
_DESTINATION_PREPS = frozenset(
    {"to", "into", "in", "along", "inside", "within", "across", "at", "on"}
)


def home_or_border(p: Party, own: set[str | None], trig: Token, ctx: DocContext) -> bool:
    """True for a party named as where forces go or stand (:func:`in_place_phrase`) that is
    their own country's ground ('sent troops to Narino') or a border ('to its border with
    Mexico', 'to the Colombian border')."""
    if not in_place_phrase(p.mention, trig, ctx):
        return False
    if p.country in own:
        return True
    t = ctx.doc[p.mention.head]
    for _ in range(4):
        if t.lemma_.lower() in _BORDER_WORDS:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def in_place_phrase(m: ActorMention, trig: Token, ctx: DocContext) -> bool:
    """True for a mention named as where something goes or stands: its head, or a noun it hangs
    from (up to the trigger, six steps at most), is the object of a preposition of
    :data:`_DESTINATION_PREPS` ('to its border with [Mexico]', 'into [Venezuela]'); or a city
    or region."""
    if is_place(m.actor):
        return True
    t = ctx.doc[m.head]
    for _ in range(6):
        if t.dep_ == "pobj" and t.head.lower_ in _DESTINATION_PREPS:
            return True
        if t.i == trig.i or t.head.i == t.i:
            return False
        t = t.head
    return False


def qualifier_countries(m: ActorMention, ctx: DocContext) -> list[Party]:
    """One party per country of conjoined country words that qualify an actor without a
    country of its own ('US and British activists', 'Russian and Ukrainian negotiators': two
    parties, one of each country), or the noun it is conjoined with ('US and British warplanes
    and warships'); none for fewer than two such countries."""
    if m.actor.country:
        return []
    doc = ctx.doc
    head = doc[m.head]
    if head.dep_ == "conj" and not any(c.dep_ in _QUALIFIER_DEPS for c in head.children):
        head = head.head  # 'US and British warplanes and warships': the warships' countries too
    words: list[Token] = []
    for c in head.children:
        if c.dep_ in _QUALIFIER_DEPS:
            words.append(c)
            # its conjuncts, in order: 'US and British', 'Russian, Chinese and Iranian'
            for x in c.subtree:
                if x.dep_ == "conj" and any(x.head.i == w.i for w in words):
                    words.append(x)
    out: list[Party] = []
    for w in words:
        other = ctx.mention_at(w)
        if other is None or other is m or other.actor.kind != "country":
            continue
        country = other.actor.country
        if country and all(p.country != country for p in out):
            out.append(Party(m, country, f"country {country} from '{w.text}' in its phrase"))
    return out if len(out) >= 2 else []


def _parties(
    mentions: Sequence[tuple[ActorMention, float]], ctx: DocContext, main: str | None
) -> list[Party]:
    out: list[Party] = []
    for m, _ in mentions:
        if is_bare_region(m):
            continue
        several = qualifier_countries(m, ctx)
        if several:
            out += [
                p
                for p in several
                if not any(q.country == p.country and q.same_actor(p) for q in out)
            ]
            continue
        p = party_of(m, ctx, main)
        if not any(q.same_actor(p) for q in out):
            out.append(p)
    return out


def _is_a_source(target: Party, sources: Sequence[Party]) -> bool:
    """True for a target that is one of the sources: the same mention, the same named actor, or
    the bare name of the country whose government a source is ('Trump threatens the U.S.',
    'Iran ... Tehran')."""
    if any(target.mention is s.mention or (target.named and target.key == s.key) for s in sources):
        return True  # an actor does not act on itself ('Trump ... President Trump's bid')
    return target.mention.actor.kind == "country" and any(
        s.country == target.country and _of_government(s) for s in sources
    )


def _of_government(p: Party) -> bool:
    """A country, or an actor of its government ('Trump'), as opposed to its courts, parliament
    or people, who do act on their own government ('a judge orders the US to ...')."""
    actor = p.mention.actor
    return actor.kind == "country" or "GOV" in actor.sectors


#: Words that open a yes/no question ('Can India strike a deal ...?', 'Is Cambodia slipping
#: out of China's orbit?').
_QUESTION_OPENERS = frozenset(
    {"can", "could", "will", "would", "should", "shall", "is", "are", "was", "were", "does",
     "do", "did", "has", "have", "had", "may", "might", "must"}
)  # fmt: skip


_NOT_DONE = frozenset({"not", "n't", "never", "would", "could", "might", "may", "will", "can"})

#: Adverbs that say a thing happens as a rule, not that it happened ('traditionally attend
#: prayers', 'usually cost more', 'often find themselves outgunned'). Not 'repeatedly', which
#: reports the events ('has repeatedly threatened to block the waterway').
HABITUAL_ADVERBS = frozenset(
    {"traditionally", "usually", "typically", "routinely", "normally", "customarily",
     "generally", "habitually", "often", "frequently", "sometimes", "occasionally", "seldom",
     "rarely", "always"}
)  # fmt: skip


def is_habitual(tok: Token) -> bool:
    """A trigger said to happen as a rule (GUIDELINES: analysis and background are no events):
    an adverb of habit on it or, for a noun, on the verb it is the object or subject of."""
    for word in (tok, tok.head) if tok.pos_ in ("NOUN", "PROPN") else (tok,):
        if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in word.children):
            return True
    return False


#: Verbs of running away: a retreat when forces run, not when people do.
FLIGHT_VERBS = frozenset({"flee", "escape"})
#: Sectors of those whose flight is a retreat (armed forces and groups).
ARMED_SECTORS = frozenset({"MIL", "REB", "RAD", "UAF", "INS", "SPY", "COP"})


#: Nouns of an agreement in force ('despite the truce').
AGREEMENT_NOUNS = frozenset(
    {"truce", "ceasefire", "cease-fire", "armistice", "deal", "agreement", "accord", "pact",
     "treaty"}
)  # fmt: skip

#: Prepositions whose object is a state of things the news happens in, not the news
#: ('strikes kill 12 despite truce', 'violence amid the ceasefire', 'under the agreement').
_BACKGROUND_PREPS = frozenset(
    {"despite", "amid", "amidst", "since", "under", "during", "throughout"}
)

#: Modifiers that make an agreement news ('despite a new agreement').
_NEWLY = frozenset({"new", "recent", "latest", "fresh"})

#: Verbs that say an agreement is still in force ('the truce has held').
_LASTING_VERBS = frozenset({"hold", "last", "remain", "survive"})


def agreement_in_force(tok: Token) -> bool:
    """An agreement noun named as the setting of other news ('Israeli strikes kill 12 despite
    truce', 'under the ceasefire agreement, Hamas is to release ...'): the agreement was made
    before, and the text reports what happens under it (GUIDELINES: background)."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in AGREEMENT_NOUNS:
        return False
    head = tok
    while head.dep_ == "compound" and head.head is not head:
        head = head.head  # 'the ceasefire agreement'
    if any(c.lower_ in _NEWLY for c in head.children):
        return False  # 'despite a new agreement between the two countries': news itself
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in _LASTING_VERBS:
        return True  # 'the ceasefire has largely held since November'
    return head.dep_ == "pobj" and head.head.lower_ in _BACKGROUND_PREPS


def unarmed_flight(det: Detection, sources: Sequence[Party]) -> bool:
    """A RETREAT told by a verb of flight whose sources are no armed force or group: people
    fleeing (a suspect, a woman, settlers) are displaced, not retreating (PLOVER: RETREAT is a
    party giving ground)."""
    if det.plover_type != "RETREAT" or det.trigger.lemma_.lower() not in FLIGHT_VERBS:
        return False
    return not any(
        p.mention.actor.kind == "group" or set(p.mention.actor.sectors) & ARMED_SECTORS
        for p in sources
    )


def the_dead(doc: Doc) -> set[str]:
    """Names the text says died ('Jesse Jackson, who died Tuesday, ...', 'Robert Duvall dies at
    95'): the last word of a proper name that is the subject of *die* (or of *who died* hung on
    it)."""
    out: set[str] = set()
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() != "die":
            continue
        if any(c.dep_ in ("neg", "aux") and c.lower_ in _NOT_DONE for c in tok.children):
            continue  # 'would not die', 'could die'
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ == "who" and tok.dep_ == "relcl":
            subj = tok.head
        if subj is not None and subj.pos_ == "PROPN" and subj.ent_type_ == "PERSON":
            out.add(subj.lower_)
    return out


def by_the_dead(tok: Token, dead: set[str]) -> bool:
    """A trigger in a clause whose subject (or a noun phrase whose owner) is someone the text
    says died: their life told (GUIDELINES: obituaries and history are no events), as in
    'Jackson, who died Tuesday, fought for equality as a civil rights protester' or 'Jackson's
    journey from a South Carolina protest'. What was done to them stays ('Navalny was
    poisoned')."""
    if not dead:
        return False
    word = tok
    for _ in range(6):  # up to the clause's verb: 'fought for equality as a ... protester'
        if word.lemma_.lower() == "die":
            return False  # the death itself, and what caused it ('died in a drone strike')
        if any(c.dep_ in ("nsubj", "poss") and c.lower_ in dead for c in word.children):
            return True
        if word.pos_ == "VERB" or word.head.i == word.i:
            return False
        word = word.head
    return False


def in_yes_no_question(tok: Token) -> bool:
    """True for a word of a yes/no question: GUIDELINES counts questions and hypotheticals as
    no events. A wh-question ('Who are the hostages released by Hamas?') reports its event."""
    sent = tok.sent
    words = [t for t in sent if not t.is_space]
    if not words or words[0].lower_ not in _QUESTION_OPENERS:
        return False
    tail = [t for t in words if not t.is_quote and t.text not in ")]»"]
    if len(tail) >= 2 and tail[-1].text == "." and tail[-2].text == "?":
        tail.pop()  # 'Title?' and the '.' that ends a headline line ('Title?.\n\nText')
    return bool(tail) and tail[-1].text == "?"


def build_records(detections: Sequence[Detection], ctx: DocContext) -> list[Record]:
    """Group event mentions into records: same type and same parties (for symmetric types,
    one party set holding the other; otherwise the same sources and targets, where a mention
    without targets joins a record that has them)."""
    counts = article_countries(ctx)
    main = counts.most_common(1)[0][0] if counts else None
    records: list[Record] = []
    dead = the_dead(ctx.doc)
    # the learned detections lead (their types follow GUIDELINES); pattern events join them
    for det in sorted(
        detections, key=lambda d: (d.origin != "learned", -d.confidence, d.trigger.i)
    ):
        if det.origin == "patterns" and type_ruled_out(det.trigger, det.plover_type, ctx):
            continue  # 'released a communique': the learned trigger's rules, for the patterns
        if in_yes_no_question(det.trigger):
            continue  # 'Can India strike a deal ...?': a question, no event (GUIDELINES)
        if is_sports_result(det.trigger, ctx):
            continue  # 'India crush Pakistan by seven wickets': a game, no event (GUIDELINES)
        if is_habitual(det.trigger):
            continue  # 'Palestinians traditionally attend prayers': a custom, no event (GUIDELINES)
        if by_the_dead(det.trigger, dead):
            continue  # 'Jackson, who died Tuesday, fought ... as a protester': an obituary
        if det.plover_type == "AGREE" and agreement_in_force(det.trigger):
            continue  # 'strikes kill 12 despite truce': the truce is the setting, not news
        # a city or region is where an event happened, never who did it (the pattern coder's
        # candidates too: 'Geneva' in 'Geneva talks'), and so is a place the dictionaries also
        # list as an organisation ('Gaza'); a person the text calls 'the late' is no party at all
        sources = _parties(
            [
                (m, p)
                for m, p in det.sources
                if not (is_place(m.actor) or is_named_place(m.actor) or the_late(m, ctx))
            ],
            ctx,
            main,
        )
        named = [(m, p) for m, p in det.targets if not the_late(m, ctx)]
        targets = [p for p in _parties(named, ctx, main) if not _is_a_source(p, sources)]
        if named and not targets:
            continue  # the only target was the source itself
        if _person_on_own_country(sources, targets):
            continue  # 'Mr Howard ... the UK': a person does not act on his country as a whole
        if det.plover_type == "MOBILIZE":
            # 'deployed a brigade to its border with Mexico', 'troops sent to Narino': a place
            # the forces go to is no target when it is their own ground or a border ('exercises
            # in Alaska' are aimed at the United States)
            own = {p.country for p in sources}
            targets = [p for p in targets if not home_or_border(p, own, det.trigger, ctx)]
        if not sources:
            implied = implied_source(det, targets, main, ctx)
            sources = [implied] if implied else []
        if not any(p.country or is_collective(p.mention, ctx) for p in sources):
            continue  # no political actor we can place: not an event we can code
        if unarmed_flight(det, sources):
            continue  # 'the suspect fled to Turkey': people displaced, no party retreating
        rec = Record(det.plover_type, sources, targets, [det])
        for other in records:
            if _same_event(other, rec) or _one_phrase(other, rec):
                _absorb(other, rec)
                break
        else:
            records.append(rec)
    _join_told_twice(records, ctx)
    records = _readings_of_symmetric(records)
    _resolve_pair_references(records, ctx)
    for rec in records:
        if rec.plover_type == "MOBILIZE":
            # 'announced the deployment of two aircraft carriers': a record that took its targets
            # from another word of the phrase never mobilises against its own forces
            own = {p.country for p in rec.sources}
            rec.targets = [
                p for p in rec.targets if not (p.country in own and armed_force(p.mention, ctx.doc))
            ]
    for rec in records:
        if not rec.targets:
            # 'the government will not negotiate': with whom, the text leaves unnamed
            implied = implied_target(rec, main)
            rec.targets = [implied] if implied else []
    # 'Pakistan bombing kills 22', 'the U.S. invasion': a country alone attacking no one named
    # is the place or the setting of an attack, not its author (0 of 48 right out of fold)
    records = [r for r in records if not _unaimed_attack(r)]
    for rec in records:
        if rec.plover_type in SYMMETRIC_TYPES and not rec.targets:
            # parties of symmetric talks in the order the text names them
            rec.sources.sort(key=lambda p: p.mention.token_start)
    records.sort(key=lambda r: min(d.trigger.i for d in r.detections))
    return records


#: How a party taken from 'the two leaders' is explained (in its why).
PAIR_NOTE = "the parties named before"
#: Heads of 'the two leaders', 'both sides', 'the two countries': the parties just named.
_PAIR_HEADS = frozenset(
    {
        "leader", "side", "country", "nation", "government", "minister", "president",
        "delegation", "party", "state", "neighbour", "neighbor", "counterpart", "capital",
    }
)  # fmt: skip


def is_pair_reference(m: ActorMention, ctx: DocContext) -> bool:
    """True for 'the two leaders', 'both sides', 'the two countries': words that stand for the
    two parties the text has just named, not for one actor of their own."""
    if m.actor.kind != "agent":
        return False
    head = ctx.doc[m.head]
    words = {t.lower_ for t in ctx.doc[m.token_start : m.token_end]}
    return head.lemma_.lower() in _PAIR_HEADS and bool(words & {"two", "both"})


def _resolve_pair_references(records: list[Record], ctx: DocContext) -> None:
    """A record whose source is 'the two leaders' (or 'both sides') takes as sources the
    parties of the nearest record before it that has two of different countries ('Aoun met
    al-Sharaa ... The two leaders agreed to form a committee': Lebanon and Syria agreed)."""
    for rec in records:
        if len(rec.sources) != 1 or not is_pair_reference(rec.sources[0].mention, ctx):
            continue
        at = min(d.trigger.i for d in rec.detections)
        before = [
            r
            for r in records
            if r is not rec
            and max(d.trigger.i for d in r.detections) < at
            and len({p.country for p in [*r.sources, *r.targets] if p.country}) >= 2
        ]
        if not before:
            continue
        near = max(before, key=lambda r: max(d.trigger.i for d in r.detections))
        parties: list[Party] = []
        for p in [*near.sources, *near.targets]:
            if p.country and not any(q.same_actor(p) for q in parties):
                why = f"'{rec.sources[0].mention.actor.text}': {PAIR_NOTE}; {p.why}"
                parties.append(Party(p.mention, p.country, why))
        rec.sources = parties
        if rec.plover_type in SYMMETRIC_TYPES:
            rec.targets = []
        else:
            rec.targets = [t for t in rec.targets if not _is_a_source(t, rec.sources)]


def covers(big: Sequence[Party], small: Sequence[Party]) -> bool:
    """Every party of ``small`` is one of ``big``'s."""
    return all(any(b.same_actor(s) for b in big) for s in small)


def _strictly_covers(big: Sequence[Party], small: Sequence[Party]) -> bool:
    """Every party of ``small`` is one of ``big``'s by key, or a country that is one of theirs."""
    return all(
        any(
            b.key == s.key
            or (
                b.country == s.country and "country" in (b.mention.actor.kind, s.mention.actor.kind)
            )
            for b in big
        )
        for s in small
    )


def _same_parties(a: Sequence[Party], b: Sequence[Party]) -> bool:
    return covers(a, b) and covers(b, a)


def _same_event(a: Record, b: Record) -> bool:
    if a.plover_type != b.plover_type:
        return False
    if a.plover_type in SYMMETRIC_TYPES:
        pa, pb = [*a.sources, *a.targets], [*b.sources, *b.targets]
        if not (covers(pa, pb) or covers(pb, pa)):
            return False
        # a mention naming one party joins talks it is part of only when it says them in the
        # same words or the same sentence ('Iran says talks were useful'), not any agreement
        # that party made
        return min(len(pa), len(pb)) >= 2 or _same_words_or_sentence(a, b)
    if not _same_parties(a.sources, b.sources):
        return False
    if not a.targets or not b.targets or _same_parties(a.targets, b.targets):
        return True
    # 'strikes kill 12 people' beside 'forces killed 12 Palestinians': victims that only took
    # the text's country are the victims the other mention names (out of fold, two fold seeds:
    # 0.3507 -> 0.3542, feed items 0.320 -> 0.333; docs/classifier.md)
    ga, gb = _all_guessed(a.targets), _all_guessed(b.targets)
    return ga != gb and not (_any_guessed(a.targets) and _any_guessed(b.targets))


def _readings_of_symmetric(records: list[Record]) -> list[Record]:
    """Records that only read a symmetric record's words another way go into it: in 'Mexico
    and the Dominican Republic signed a security agreement' the pattern coder's SUPPORT each way
    at *agreement* is the agreement's (a word of its, or the head or a child of one, with
    parties all among the agreement's)."""
    out: list[Record] = []
    for rec in records:
        home = next(
            (
                sym
                for sym in records
                if sym is not rec
                and sym.plover_type in SYMMETRIC_TYPES
                and rec.plover_type not in SYMMETRIC_TYPES
                and not sym.targets
                and len(sym.sources) > 1
                and _strictly_covers(sym.sources, [*rec.sources, *rec.targets])
                and _same_words(sym, rec)
            ),
            None,
        )
        if home is None:
            out.append(rec)
        else:
            home.detections.extend(rec.detections)
    return out


def _same_words(a: Record, b: Record) -> bool:
    """Every trigger of ``b`` is a trigger of ``a``, or its head or child (not a clause's)."""
    own = {d.trigger.i for d in a.detections}
    for d in b.detections:
        t = d.trigger
        if t.i in own or (t.head.i in own and t.dep_ not in _CLAUSES):
            continue
        if any(c.i in own and c.dep_ not in _CLAUSES for c in t.children):
            continue
        return False
    return True


def _join_told_twice(records: list[Record], ctx: DocContext) -> None:
    """Join each headline record to the body record that tells the same talks (see
    :func:`_told_twice`), the body record leading."""
    for a in list(records):
        for b in list(records):
            if a is not b and a in records and b in records and _told_twice(a, b, ctx):
                into, other = (a, b) if not ctx.in_title(a.detections[0].trigger) else (b, a)
                _absorb(into, other)
                records.remove(other)


def _told_twice(a: Record, b: Record, ctx: DocContext) -> bool:
    """Symmetric talks the headline and the body name by the same word, sharing a party, are
    one event told twice with different parties named ('talks between Russia and Ukraine' in
    the headline, 'U.S.-brokered talks with Russian officials' in the body): GUIDELINES' one
    record per event."""
    if a.plover_type != b.plover_type or a.plover_type not in SYMMETRIC_TYPES:
        return False
    if a.targets or b.targets:
        return False
    if not any(p.same_actor(q) for p in a.sources for q in b.sources):
        return False
    in_a = {ctx.in_title(d.trigger) for d in a.detections}
    in_b = {ctx.in_title(d.trigger) for d in b.detections}
    if len(in_a) != 1 or len(in_b) != 1 or in_a == in_b:
        return False
    lemmas = {d.trigger.lemma_.lower() for d in a.detections}
    return any(d.trigger.lemma_.lower() in lemmas for d in b.detections)


def _guessed(p: Party) -> bool:
    """The party has no country of its own and took the text's most named one (not one from a
    place in its words: see :func:`party_of`)."""
    return p.country is not None and p.origin == "focus"


def _all_guessed(ps: Sequence[Party]) -> bool:
    """Every party took the text's country."""
    return all(_guessed(p) for p in ps)


def _any_guessed(ps: Sequence[Party]) -> bool:
    """Some party took the text's country."""
    return any(_guessed(p) for p in ps)


def _same_words_or_sentence(a: Record, b: Record) -> bool:
    lemmas = {d.trigger.lemma_.lower() for d in a.detections}
    sents = {d.trigger.sent.start for d in a.detections}
    return any(
        d.trigger.lemma_.lower() in lemmas or d.trigger.sent.start in sents for d in b.detections
    )


def _one_phrase(a: Record, b: Record) -> bool:
    """'imposed sanctions', 'launched strikes': a mention whose trigger is the trigger, the head
    or a child of a more confident record's trigger, with the same sources, says the same event
    in one phrase (whatever type each word alone would suggest), unless the lower word heads a
    clause of its own ('gives Trump her prize as she presses him': the request is an event of
    its own). The sources must be one actor by name or country, not merely of one country: in
    'judge rejects Trump bid' the judge's rejecting is not Trump's bid."""
    if not (_strictly_covers(a.sources, b.sources) and _strictly_covers(b.sources, a.sources)):
        return False
    tb = b.detections[0].trigger
    for d in a.detections:
        ta = d.trigger
        if ta.i == tb.i:
            return True
        low = ta if ta.head.i == tb.i else tb if tb.head.i == ta.i else None
        if low is not None and low.dep_ not in _CLAUSES:
            return True
    return False


#: Dependencies that join a clause to a word: an adverbial, conjoined, complement or relative
#: clause ('imposes restrictions, deploys police') reports an event of its own.
_CLAUSES = frozenset({"advcl", "conj", "ccomp", "parataxis", "relcl", "csubj"})


def _one_actor(a: Sequence[Party], b: Sequence[Party]) -> bool:
    """True when every party of ``b`` is one of ``a``'s as an actor, not only by country: the
    same key, or one of the two a country named as a whole or neither a named actor ('Israeli
    strikes' and 'Israeli forces'; not 'Maduro' and 'protesters', who only share Venezuela)."""
    return all(
        any(
            p.key == q.key
            or "country" in (p.mention.actor.kind, q.mention.actor.kind)
            or not (p.named or q.named)
            for p in a
        )
        for q in b
    )


def _absorb(into: Record, other: Record) -> None:
    """Add ``other``'s mentions (and any parties it names that ``into`` lacks) to ``into``."""
    into.detections.extend(other.detections)
    if into.plover_type in SYMMETRIC_TYPES and not into.targets:
        # a symmetric record gathers every party; a directed one keeps its source and target
        for p in [*other.sources, *other.targets]:
            if not any(q.same_actor(p) for q in [*into.sources, *into.targets]):
                into.sources.append(p)
    elif not into.targets and other.targets:
        into.targets = [t for t in other.targets if not _is_a_source(t, into.sources)]
    elif (
        other.targets
        and _all_guessed(into.targets)
        and not _any_guessed(other.targets)
        and _one_actor(into.sources, other.sources)
    ):
        into.targets = list(other.targets)  # the same victims, now with their own country
