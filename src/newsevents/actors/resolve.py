"""Who is who: find actor mentions in a parsed article and resolve them to dictionary actors.

:class:`ActorResolver` works on a spaCy ``Doc`` (tagger, parser and NER are used):

1. **Dictionary matching** - longest match of normalised token tuples against
   :class:`~newsevents.actors.dictionary.ActorDictionary` (countries and their adjectives,
   capitals, metonyms such as "the Kremlin", IGOs, people, organisations, armed groups and
   agent words such as "minister" or "troops"), with case and context checks so that "us" is not
   the U.S., "icon-facebook" is not Facebook and a dateline "MOSCOW:" is not an actor.
2. **Noun phrases** - dictionary hits and unknown named entities that modify the same head noun
   become one mention: "Russian Foreign Minister Sergei Lavrov", "Russian aluminium giant Rusal",
   "Wagner mercenaries", "TASS news agency"; "the government of Sierra Leone" joins through
   "of"; an appositive joins a description to a name ("Russia's leading diamond producer,
   Alrosa").
3. **Composition** - the named entity gives id and name; its dated role at the publication date
   gives country and sectors; otherwise country adjectives and agent words in the phrase fill
   them in.  Generic phrases ("Russian state media") become country + sector actors.
4. **Short names** - a later (or earlier) "Lavrov" or "Traoré" takes the actor of the full
   mention in the same article.  Named entities found by spaCy but absent from the dictionaries
   are kept as unknown actors, with ``why`` saying so.

Every :class:`ActorMention` carries character offsets into ``doc.text`` and a ``why``.

This module runs the steps and assembles phrases (2); ``units.py`` finds the units (1),
``build.py`` makes each phrase's actor (3) and ``passes.py`` holds the article-wide passes (4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..models import Actor
from ..nlp.text import doc_text
from .build import clean_name, country_actor, entity_actor, generic_actor, unknown_actor
from .dictionary import ActorDictionary, ActorEntry, Candidate, bundled_dictionary
from .passes import Mention, attach_of, merge_appositives, short_names
from .petrarch import slug
from .units import (
    COLLECTIVE_NOUNS,
    Unit,
    climb,
    doc_pieces,
    left_edge,
    match_units,
    span_head,
    unknown_entities,
    untagged_names,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ActorMention", "ActorResolver"]


@dataclass(slots=True)
class ActorMention:
    """One actor mention: the resolved actor plus where it sits in the doc."""

    actor: Actor
    token_start: int
    token_end: int
    """Token span ``[token_start, token_end)`` in the doc."""
    head: int
    """Index of the mention's syntactic head token."""


def _modifies_a_thing(doc: Doc, unit: Unit) -> bool:
    """True for a sector word (an agent, not a name or a country) that only modifies a noun
    that names no actor: 'state' in 'state property', 'police' in 'police station'."""
    if not unit.is_agent or unit.phrase_head in (-1, unit.head):
        return False
    return doc[unit.head].dep_ in ("compound", "amod") and doc[unit.phrase_head].pos_ == "NOUN"


def _collective_head(doc: Doc, unit: Unit, covered: dict[int, Unit]) -> int | None:
    """The body of people ('group') whose phrase an agent word modifies ('a Colombian
    guerrilla group'), where no actor word covers that noun; else None."""
    if not unit.is_agent or unit.phrase_head in (-1, unit.head) or unit.phrase_head in covered:
        return None
    noun = doc[unit.phrase_head]
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in COLLECTIVE_NOUNS:
        return None
    return noun.i


#: ``doc.user_data`` key: the country a text opens with as its dateline ('Nigeria: Police
#: Detain Journalist', as AllAfrica files its stories), or None. Not an actor of the text, but
#: the country the story is about.
LEAD_COUNTRY = "newsevents.lead_country"


def _places_in_context(
    doc: Doc,
    units: list[Unit],
    dictionary: ActorDictionary,
    namesakes: Callable[[str], Collection[str]],
) -> None:
    """A city the dictionary places in one country that the text names nowhere else, where the
    text names another country that has a town or region of that name, is that country's
    ('Cordoba' in a story on Colombia is its department, not Spain's city; 'Cartagena' too):
    the unit's first candidate becomes that country, as a place."""
    named: Counter[str] = Counter()
    for u in units:
        c = u.cand
        if c is not None and c.form != "place" and (c.entry.country or c.entry.kind == "country"):
            named[c.entry.country or c.entry.id] += 1
    for u in units:
        c = u.cand
        if c is None or c.form != "place" or c.entry.kind != "country":
            continue
        own = c.entry.country or c.entry.id
        if named[own]:
            continue
        # sorted: a tie goes the same way in every process (a set's order follows the hash seed)
        others = sorted(x for x in namesakes(doc_text(doc)[u.char_start : u.char_end]) if x != own)
        best = max((x for x in others if named[x]), key=lambda x: named[x], default=None)
        entry = dictionary.country(best)
        if entry is not None:
            u.cands = (Candidate(entry, "place", c.pattern), *u.cands)


def outlet_tags(doc: Doc) -> set[int]:
    """Tokens of a news agency's tag that opens a line ('[Daily Trust] Police have ...',
    '[Capital FM] Nairobi -- Nairobi traders ...', as AllAfrica files its items) and of the
    dateline that follows it: who filed the story and where, not actors of it."""
    out: set[int] = set()
    for tok in doc:
        if tok.text != "[" or not (tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws):
            continue
        close = next((t.i for t in doc[tok.i + 1 : tok.i + 12] if t.text == "]"), None)
        if close is None:
            continue
        out.update(range(tok.i, close + 1))
        # 'Nairobi --' / 'Addis Abeba —' after the tag: a dateline
        j = close + 1
        while j < len(doc) and j - close <= 4 and doc[j].is_title:
            j += 1
        if j < len(doc) and j > close + 1 and doc[j].text in ("--", "-", "—", "–"):
            out.update(range(close + 1, j + 1))
    return out


#: Names of languages that are also a people's or a country's adjective ('said in Russian').
LANGUAGES = frozenset(
    {"english", "spanish", "french", "german", "russian", "arabic", "chinese", "mandarin",
     "cantonese", "hebrew", "persian", "farsi", "turkish", "ukrainian", "portuguese", "italian",
     "japanese", "korean", "urdu", "hindi", "dutch", "polish", "swahili", "greek", "kurdish",
     "pashto", "dari", "bengali", "tamil", "amharic", "somali", "hausa", "serbian", "croatian",
     "romanian", "hungarian", "czech", "swedish", "norwegian", "danish", "finnish",
     "vietnamese", "thai", "indonesian", "malay", "tagalog", "burmese", "armenian", "georgian",
     "azerbaijani", "belarusian", "uzbek", "kazakh", "tigrinya", "yoruba", "igbo"}
)  # fmt: skip


def language_names(doc: Doc) -> set[int]:
    """Tokens that name the language something is said or written in ('told reporters in
    Russian', 'a statement in Arabic', 'translated into English'): no actor, no country."""
    return {
        t.i
        for t in doc
        if t.lower_ in LANGUAGES
        and t.dep_ == "pobj"
        and t.head.lower_ in ("in", "into")
        and not any(c.i > t.i for c in t.children)
    }


def _lead_country(doc: Doc, datelines: list[Unit]) -> str | None:
    for u in datelines:
        entry = u.cand.entry if u.cand is not None else None
        opens = u.start == 0 and u.end < len(doc) and doc[u.end].text == ":"
        if opens and entry is not None and entry.kind == "country":
            return entry.country
    return None


class ActorResolver:
    """Resolve actor mentions in spaCy docs against an :class:`ActorDictionary`.

    Stateless between calls (everything per article lives in local variables), so one resolver
    can serve many documents and threads.
    """

    def __init__(
        self,
        dictionary: ActorDictionary | None = None,
        *,
        place_namesakes: Callable[[str], Collection[str]] | None = None,
    ) -> None:
        self.dictionary = dictionary if dictionary is not None else bundled_dictionary()
        self.place_namesakes = place_namesakes
        """Given a place's name, the countries (ISO alpha-3) where a town or region of that name
        lies (the gazetteer's, given by a stage above: :func:`_places_in_context`)."""

    # ----------------------------------------------------------------------------- public

    def resolve(self, doc: Doc, *, published: date | None = None) -> list[ActorMention]:
        """Actor mentions in ``doc`` in text order; dated roles are read at ``published``
        (without a date, a person's latest role applies)."""
        if isinstance(published, datetime):
            published = published.date()
        pieces = doc_pieces(doc)
        units, datelines = match_units(self.dictionary, doc, pieces, published)
        doc.user_data[LEAD_COUNTRY] = _lead_country(doc, datelines)
        if self.place_namesakes is not None:
            _places_in_context(doc, units, self.dictionary, self.place_namesakes)
        units.extend(unknown_entities(doc, [*units, *datelines]))
        if doc.has_annotation("DEP"):
            units.extend(untagged_names(doc, units, datelines))
        aside = outlet_tags(doc) | language_names(doc)
        if aside:
            units = [u for u in units if not aside.intersection(range(u.start, u.end))]
        units.sort(key=lambda u: (u.start, u.end))
        parsed = doc.has_annotation("DEP")
        for unit in units:
            unit.head = span_head(doc, unit.start, unit.end) if parsed else unit.end - 1
            unit.phrase_head = climb(doc, unit.head) if parsed else unit.head
        mentions = self._assemble(doc, units, published, parsed)
        mentions = merge_appositives(doc, mentions)
        mentions = short_names(doc, mentions)
        return [
            ActorMention(actor=m.actor, token_start=m.start, token_end=m.end, head=m.head)
            for m in mentions
        ]

    def _assemble(
        self, doc: Doc, units: list[Unit], published: date | None, parsed: bool
    ) -> list[Mention]:
        covering: dict[int, Unit] = {}
        for unit in units:
            for i in range(unit.start, unit.end):
                covering[i] = unit
        groups: dict[int, list[Unit]] = {}
        alone: list[Unit] = []
        # 'a Colombian guerrilla group': the agent word makes the body of people an actor, and
        # the words of its phrase join it
        bodies = (
            {h for u in units if (h := _collective_head(doc, u, covering)) is not None}
            if parsed
            else set()
        )
        collective: dict[int, list[Unit]] = {}
        for unit in units:
            if unit.phrase_head in bodies:
                collective.setdefault(unit.phrase_head, []).append(unit)
                continue
            # a modifier joins the phrase of its head noun only when that noun is an actor word
            owner = covering.get(unit.phrase_head)
            if owner is None:
                if parsed and _modifies_a_thing(doc, unit):
                    continue  # 'state property', 'police station': a sector word, no actor
                alone.append(unit)
            else:
                groups.setdefault(owner.head, []).append(unit)
        mentions = [self._compose(doc, h, g, published, parsed) for h, g in groups.items()]
        mentions.extend(
            self._compose(
                doc,
                h,
                g,
                published,
                parsed,
                span=(left_edge(doc, h, min(u.start for u in g)), h + 1),
            )
            for h, g in collective.items()
        )
        mentions.extend(self._standalone(doc, u, published, parsed) for u in alone)
        mentions.sort(key=lambda m: (m.start, m.end))
        if parsed:
            mentions = attach_of(doc, mentions)
        return mentions

    def _standalone(self, doc: Doc, unit: Unit, published: date | None, parsed: bool) -> Mention:
        start, end, head = unit.start, unit.end, unit.head
        name = None
        if unit.label == "NORP" and parsed:
            # "European colonial powers": an unknown nationality names the phrase it modifies
            ph = doc[unit.phrase_head]
            if ph.i != unit.head and ph.pos_ in ("NOUN", "PROPN"):
                start, end, head = min(start, ph.i), ph.i + 1, ph.i
                name = clean_name(doc[unit.start : end].text)
        if parsed:
            start = left_edge(doc, head, start)
        mention = self._compose(doc, head, [unit], published, parsed, span=(start, end))
        if name:
            mention.actor.name = name
            mention.actor.actor_id = f"unk:group:{slug(name)}"
            mention.actor.why = mention.actor.why.replace(
                "spaCy NORP", f"the phrase '{name}' (spaCy NORP)", 1
            )
        return mention

    def _compose(
        self,
        doc: Doc,
        head: int,
        group: list[Unit],
        published: date | None,
        parsed: bool,
        span: tuple[int, int] | None = None,
    ) -> Mention:
        group = sorted(group, key=lambda u: u.start)
        head_unit = next((u for u in group if u.start <= head < u.end), group[-1])
        if span is None:
            start = min(u.start for u in group)
            end = max(u.end for u in group)
            if parsed:
                start = left_edge(doc, head, start)
        else:
            start, end = span
        first_unit = min(u.start for u in group)
        char_start = min(u.char_start for u in group)
        if start < first_unit:
            char_start = doc[start].idx
        char_end = max(u.char_end for u in group)
        if end > head_unit.end:
            last = doc[end - 1]
            char_end = max(char_end, last.idx + len(last.text))
        text = doc_text(doc)[char_start:char_end]

        agents = [u for u in group if u.is_agent]
        countries = [u for u in group if u.is_country]
        entities = [u for u in group if u.is_entity]
        why: list[str] = []

        # the main entity: the head itself, or the rightmost named modifier of an agent head
        main: Unit | None = None
        # "Blair's spokesman" is not Blair: a possessive entity is an affiliation
        owners = [u for u in entities if u is not head_unit and doc[u.head].dep_ == "poss"]
        named_mods = [u for u in entities if u is not head_unit and u not in owners]
        if head_unit.is_entity:
            main = head_unit
        elif head_unit.is_agent and named_mods:
            main = named_mods[-1]
        elif head_unit.label in ("GPE", "NORP") and not agents:
            main = head_unit

        agent_sectors: list[str] = []
        for u in [
            *[a for a in agents if a is not head_unit],
            *[a for a in agents if a is head_unit],
        ]:
            cand = u.cand
            assert cand is not None
            for s in cand.entry.sectors:
                if s not in agent_sectors:
                    agent_sectors.append(s)
            why.append(
                f"'{doc_text(doc)[u.char_start : u.char_end]}' is "
                + (f"a {'/'.join(cand.entry.sectors)} word" if cand.entry.sectors else "a title")
            )
        mod_country: ActorEntry | None = None
        for u in countries:
            cand = u.cand
            assert cand is not None
            if mod_country is None or u is head_unit:
                mod_country = cand.entry
            if u is not head_unit:
                why.append(f"'{doc_text(doc)[u.char_start : u.char_end]}' -> {cand.entry.id}")
        affiliation = [u for u in entities if u is not main and u.cand is not None]

        if main is not None and main.cand is not None:
            actor, named = entity_actor(
                main.cand, published, mod_country, agent_sectors, affiliation, why
            )
        elif main is not None:
            actor, named = unknown_actor(
                self.dictionary, doc, main, mod_country, agent_sectors, affiliation, why
            )
        elif head_unit.is_country and not agents:
            actor, named = country_actor(head_unit, doc), False
        else:
            for u in owners:
                owner = u.cand.entry if u.cand is not None else None
                if owner is None:
                    continue
                o_country, o_sectors, _ = owner.code_at(published)
                if mod_country is None and o_country and o_country != "IGO":
                    mod_country = self.dictionary.country(o_country)
                if not agent_sectors:
                    agent_sectors = list(o_sectors)
                why.append(f"affiliated with '{owner.name}'")
            actor, named = generic_actor(doc, head_unit, mod_country, agent_sectors, group, why)
        actor.text = text
        actor.start = char_start
        actor.end = char_end
        return Mention(units=group, start=start, end=end, head=head, actor=actor, named=named)
