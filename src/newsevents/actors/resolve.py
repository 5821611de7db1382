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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from ..events.model import Actor
from .dictionary import (
    ActorDictionary,
    ActorEntry,
    Candidate,
    bundled_dictionary,
    norm_token,
    pattern_tokens,
    split_subtokens,
)
from .petrarch import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["ActorMention", "ActorResolver"]

#: spaCy entity labels that name actors; others (DATE, MONEY ...) never do.
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Dependencies through which a left modifier belongs to its head's noun phrase.
_MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_SPAN_DEPS = _MOD_DEPS | {"det", "case", "nummod", "quantmod", "predet"}


def _words(text: str) -> list[str]:
    return text.split()


_ORG_WORDS = frozenset(
    _words(
        """mining group corp corp. corporation inc inc. ltd ltd. limited company co. holdings bank
    energy resources petroleum oil gas airlines airways motors industries technologies systems
    partners capital fund agency institute university council party front movement forces army
    association foundation news times post media telecom ministry commission committee union
    brigade brigades battalion alliance coalition network services plc llc sa ag gmbh"""
    )
)
_COUNTRY_FORMS = frozenset({"name", "adjective", "capital", "metonym", "place"})
_DATELINE_NEXT = frozenset({":", "—", "–", "-", "--"})


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"us", "it", "is", "am", "an", "as", "at", "be"}


@dataclass(slots=True)
class ActorMention:
    """One actor mention: the resolved actor plus where it sits in the doc."""

    actor: Actor
    token_start: int
    token_end: int
    """Token span ``[token_start, token_end)`` in the doc."""
    head: int
    """Index of the mention's syntactic head token."""


@dataclass(slots=True)
class _Piece:
    """A sub-token: a doc token, or part of one split at hyphens/slashes ("U.S.-led")."""

    norm: str
    tok: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Unit:
    """A dictionary hit or an unknown named entity, before phrases are assembled."""

    start: int
    end: int
    char_start: int
    char_end: int
    cands: tuple[Candidate, ...] = ()
    label: str = ""
    """spaCy label for units that no dictionary entry matched."""
    guessed: bool = False
    """A proper name spaCy's NER did not tag (found through its title or nationality)."""
    head: int = -1
    phrase_head: int = -1

    @property
    def cand(self) -> Candidate | None:
        return self.cands[0] if self.cands else None

    @property
    def is_agent(self) -> bool:
        c = self.cand
        return c is not None and c.form == "agent"

    @property
    def is_country(self) -> bool:
        c = self.cand
        return c is not None and c.entry.kind == "country" and c.form in _COUNTRY_FORMS

    @property
    def is_entity(self) -> bool:
        """A named actor other than a country: person, organisation, IGO, group."""
        c = self.cand
        if c is None:
            return self.label in ("PERSON", "ORG")
        return c.form != "agent" and c.entry.kind != "country"


@dataclass(slots=True)
class _Mention:
    units: list[_Unit]
    start: int
    end: int
    head: int
    actor: Actor
    named: bool
    """True when the actor is a specific entity (not a country + agent generic)."""


class ActorResolver:
    """Resolve actor mentions in spaCy docs against an :class:`ActorDictionary`.

    Stateless between calls (everything per article lives in local variables), so one resolver
    can serve many documents and threads.
    """

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        self.dictionary = dictionary if dictionary is not None else bundled_dictionary()

    # ----------------------------------------------------------------------------- public

    def resolve(self, doc: Doc, *, published: date | None = None) -> list[ActorMention]:
        """Actor mentions in ``doc`` in text order; dated roles are read at ``published``
        (without a date, a person's latest role applies)."""
        if isinstance(published, datetime):
            published = published.date()
        pieces = self._pieces(doc)
        units, datelines = self._match(doc, pieces, published)
        units.extend(self._unknown_entities(doc, [*units, *datelines]))
        if doc.has_annotation("DEP"):
            units.extend(self._untagged_names(doc, units, datelines))
        units.sort(key=lambda u: (u.start, u.end))
        parsed = doc.has_annotation("DEP")
        for unit in units:
            unit.head = self._span_head(doc, unit.start, unit.end) if parsed else unit.end - 1
            unit.phrase_head = self._climb(doc, unit.head) if parsed else unit.head
        mentions = self._assemble(doc, units, published, parsed)
        mentions = self._merge_appositives(doc, mentions)
        mentions = self._short_names(doc, mentions)
        return [
            ActorMention(actor=m.actor, token_start=m.start, token_end=m.end, head=m.head)
            for m in mentions
        ]

    # --------------------------------------------------------------------------- matching

    @staticmethod
    def _pieces(doc: Doc) -> list[_Piece | None]:
        """The token stream to match on; None marks a barrier (line break, sentence start)."""
        out: list[_Piece | None] = []
        sents = doc.has_annotation("SENT_START")
        for tok in doc:
            if tok.is_space or (sents and tok.is_sent_start and tok.i > 0):
                out.append(None)
                if tok.is_space:
                    continue
            text = tok.text
            parts = split_subtokens(text)
            if len(parts) == 1:
                out.append(_Piece(norm_token(text), tok.i, tok.idx, tok.idx + len(text), text))
                continue
            pos = 0
            for part in parts:
                at = text.index(part, pos)
                pos = at + len(part)
                out.append(_Piece(norm_token(part), tok.i, tok.idx + at, tok.idx + pos, part))
        return out

    def _match(
        self, doc: Doc, pieces: list[_Piece | None], published: date | None
    ) -> tuple[list[_Unit], list[_Unit]]:
        """Dictionary hits, and the hits set aside as datelines."""
        units: list[_Unit] = []
        max_len = self.dictionary.max_len
        n_pieces = len(pieces)
        i = 0
        while i < n_pieces:
            first = pieces[i]
            if first is None:
                i += 1
                continue
            longest = max_len.get(first.norm, 0)
            matched = 0
            for n in range(min(longest, n_pieces - i), 0, -1):
                window = pieces[i : i + n]
                if any(p is None for p in window):
                    continue
                run = [p for p in window if p is not None]
                cands = self.dictionary.candidates(tuple(p.norm for p in run))
                if not cands:
                    continue
                ok = tuple(c for c in cands if self._acceptable(doc, c, run))
                if not ok:
                    continue
                if len(ok) > 1 and published is not None:
                    # two people with one name: the one in office at the date comes first
                    ok = tuple(sorted(ok, key=lambda c: c.entry.role_at(published) is None))
                units.append(
                    _Unit(
                        start=run[0].tok,
                        end=run[-1].tok + 1,
                        char_start=run[0].start,
                        char_end=run[-1].end,
                        cands=ok,
                    )
                )
                matched = n
                break
            i += matched or 1
        datelines = [u for u in units if self._is_dateline(doc, u)]
        # "KYIV, Ukraine —": the country after the dateline city belongs to it
        for u in units:
            if u in datelines or u.cand is None or u.cand.entry.kind != "country":
                continue
            before = next((d for d in datelines if d.end + 1 == u.start), None)
            if (
                before is not None
                and doc[before.end].text == ","
                and u.end < len(doc)
                and doc[u.end].text in _DATELINE_NEXT
            ):
                datelines.append(u)
        return [u for u in units if u not in datelines], datelines

    def _acceptable(self, doc: Doc, cand: Candidate, run: Sequence[_Piece]) -> bool:
        toks = [doc[p.tok] for p in run]
        if any(t.ent_type_ in _NON_ACTOR_ENTS for t in toks):
            return False
        last = toks[-1]
        if cand.form == "agent":
            # agent words are nouns heading a phrase ("military" in "military supplies" is not)
            return last.pos_ in ("NOUN", "PROPN") and not last.is_stop
        texts = [p.text for p in run]
        if not any(c.isupper() for t in texts for c in t):
            return False  # proper names are capitalised somewhere: not "icon-facebook"
        if cand.form == "place" and not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in toks):
            return False
        # a place inside a longer name: "Denzel Washington", "Chad Smith", "Moscow Times"
        if cand.entry.kind == "country" and cand.form != "adjective":
            label = last.ent_type_
            if label in ("PERSON", "ORG") and toks[0].ent_type_ == label:
                ent = next((e for e in doc.ents if e.start <= toks[0].i and last.i < e.end), None)
                words = [t for t in ent if t.is_alpha and t.lower_ != "the"] if ent else []
                inside = len(words) > sum(1 for t in toks if t.is_alpha)
                if inside and (label == "PERSON" or cand.form in ("capital", "metonym", "place")):
                    return False
        if cand.entry.kind == "person" and not self._same_person(doc, cand, toks):
            return False
        if len(run) == 1:
            return self._single_ok(doc, cand, toks[0], texts[0], run[0].norm)
        return True

    def _same_person(self, doc: Doc, cand: Candidate, toks: list[Token]) -> bool:
        """ "Stoltenberg" inside "Gerhard Stoltenberg" is not Jens Stoltenberg: a person hit
        inside a longer PERSON entity needs the entity's first name among its patterns."""
        first, last = toks[0], toks[-1]
        if first.ent_type_ != "PERSON":
            return True
        ent = next((e for e in doc.ents if e.start <= first.i and last.i < e.end), None)
        if ent is None or ent.label_ != "PERSON":
            return True
        before = [
            t
            for t in doc[ent.start : first.i]
            if t.pos_ == "PROPN"
            and not any(
                c.form == "agent" for c in self.dictionary.candidates((norm_token(t.text),))
            )
        ]
        if not before:
            return True
        given = norm_token(before[0].text)
        return any((k := pattern_tokens(p)) and k[0] == given for p in cand.entry.patterns)

    def _single_ok(self, doc: Doc, cand: Candidate, tok: Token, text: str, norm: str) -> bool:
        """One-word names need more evidence: case, tagging and position."""
        if norm in _stop_words():
            # "US", "IS", "WHO": only in capitals, and not inside an all-caps headline
            letters = [c for c in text if c.isalpha()]
            if len(letters) < 2 or not all(c.isupper() for c in letters):
                return False
            return not self._shouting(doc, tok)
        if cand.form == "adjective":
            return tok.pos_ in ("ADJ", "PROPN", "NOUN") or tok.ent_type_ == "NORP"
        if cand.pattern.isupper() and len(cand.pattern) <= 6 and text.isupper():
            return True
        if tok.pos_ == "PROPN" or tok.ent_type_ in _ACTOR_ENTS:
            return True
        if not text[:1].isupper():
            return False
        # capitalised but tagged as a common word: trust the capital letter mid-sentence;
        # at a sentence start only when a verb follows ("Trump imposed", not "Shell fire")
        initial = (
            tok.is_sent_start
            or tok.i == 0
            or doc[tok.i - 1].is_space
            or (doc[tok.i - 1].is_punct and doc[tok.i - 1].text in ('"', "“", "'", "‘", ":", "("))
        )
        if initial or self._title_case(doc, tok):
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            return nxt is not None and nxt.pos_ in ("VERB", "AUX")
        return True

    @staticmethod
    def _title_case(doc: Doc, tok: Token) -> bool:
        """True inside a Title Case Headline, where capitals prove nothing."""
        sent = tok.sent if doc.has_annotation("SENT_START") else doc[:]
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        return len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words)

    @staticmethod
    def _shouting(doc: Doc, tok: Token) -> bool:
        near = [t for t in doc[max(0, tok.i - 3) : tok.i + 4] if t.is_alpha and t.i != tok.i]
        return len(near) >= 2 and all(t.is_upper for t in near)

    @staticmethod
    def _is_dateline(doc: Doc, unit: _Unit) -> bool:
        """ "MOSCOW:" / "KYIV, Ukraine -" at the start of a line is a place, not an actor."""
        cand = unit.cand
        if cand is None or cand.entry.kind != "country":
            return False
        prev = doc[unit.start - 1] if unit.start > 0 else None
        if prev is not None and not (prev.is_space and "\n" in prev.text):
            return False
        if unit.end >= len(doc):
            return False
        nxt = doc[unit.end].text
        text = doc.text[unit.char_start : unit.char_end]
        return nxt in _DATELINE_NEXT or (text.isupper() and nxt in (",", "("))

    @staticmethod
    def _unknown_entities(doc: Doc, units: list[_Unit]) -> list[_Unit]:
        covered = {i for u in units for i in range(u.start, u.end)}
        out = []
        for ent in doc.ents:
            if ent.label_ not in _ACTOR_ENTS:
                continue
            if any(i in covered for i in range(ent.start, ent.end)):
                continue
            start, end = ent.start, ent.end
            while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
                start += 1
            while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
                end -= 1
            if start >= end:
                continue
            text = doc[start:end].text
            if not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
                continue
            out.append(
                _Unit(
                    start=start,
                    end=end,
                    char_start=doc[start].idx,
                    char_end=doc[end - 1].idx + len(doc[end - 1].text),
                    label=ent.label_,
                )
            )
        return out

    def _untagged_names(self, doc: Doc, units: list[_Unit], datelines: list[_Unit]) -> list[_Unit]:
        """ "Arnor President Umbardacil": the proper name that a title or country modifies is an
        actor even when spaCy's NER missed it (or swallowed it into a wrong entity)."""
        covered = {i for u in [*units, *datelines] for i in range(u.start, u.end)}
        tops: dict[int, list[_Unit]] = {}
        for unit in units:
            cand = unit.cand
            if cand is None or cand.form not in ("agent", "adjective", "name"):
                continue
            if cand.form == "name" and cand.entry.kind != "country":
                continue
            top = doc[self._climb(doc, self._span_head(doc, unit.start, unit.end))]
            if top.i in covered or top.pos_ != "PROPN" or not top.text[:1].isupper():
                continue
            tops.setdefault(top.i, []).append(unit)
        out: list[_Unit] = []
        for i, mods in tops.items():
            top = doc[i]
            start = i
            last_mod = max(u.end for u in mods)
            while (
                start - 1 >= last_mod
                and doc[start - 1].pos_ == "PROPN"
                and start - 1 not in covered
                and doc[start - 1].text[:1].isupper()
            ):
                start -= 1
            titled = any(u.is_agent for u in mods)
            label = "PERSON" if titled or top.ent_type_ == "PERSON" else "ORG"
            if not titled and top.ent_type_ in ("GPE", "NORP"):
                label = top.ent_type_
            out.append(
                _Unit(
                    start, i + 1, doc[start].idx, top.idx + len(top.text), label=label, guessed=True
                )
            )
        return out

    # ---------------------------------------------------------------------------- syntax

    @staticmethod
    def _span_head(doc: Doc, start: int, end: int) -> int:
        heads = [t.i for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
        return heads[-1] if heads else end - 1

    @staticmethod
    def _coordinated(tok: Token) -> bool:
        return any(c.dep_ in ("cc", "conj") for c in tok.children)

    def _climb(self, doc: Doc, i: int) -> int:
        """The head noun whose phrase this token modifies (itself when it modifies none)."""
        tok = doc[i]
        while (
            tok.dep_ in _MOD_DEPS
            and tok.head.i > tok.i
            and not self._coordinated(tok)
            and tok.head.pos_ in ("NOUN", "PROPN")
        ):
            tok = tok.head
        return tok.i

    @staticmethod
    def _left_edge(doc: Doc, head: int, start: int) -> int:
        """Extend ``start`` leftwards over determiners and modifiers of ``head``'s phrase."""
        while start > 0:
            tok = doc[start - 1]
            if tok.is_space or tok.dep_ not in _SPAN_DEPS:
                break
            anc = tok
            ok = False
            for _ in range(6):
                if anc.head.i == anc.i or anc.head.i < start - 1:
                    break
                if anc.head.i == head:
                    ok = True
                    break
                if anc.dep_ not in _SPAN_DEPS:
                    break
                anc = anc.head
            if not ok:
                break
            start -= 1
        return start

    # -------------------------------------------------------------------------- assembly

    def _assemble(
        self, doc: Doc, units: list[_Unit], published: date | None, parsed: bool
    ) -> list[_Mention]:
        covering: dict[int, _Unit] = {}
        for unit in units:
            for i in range(unit.start, unit.end):
                covering[i] = unit
        groups: dict[int, list[_Unit]] = {}
        alone: list[_Unit] = []
        for unit in units:
            # a modifier joins the phrase of its head noun only when that noun is an actor word
            owner = covering.get(unit.phrase_head)
            if owner is None:
                alone.append(unit)
            else:
                groups.setdefault(owner.head, []).append(unit)
        mentions = [self._compose(doc, h, g, published, parsed) for h, g in groups.items()]
        mentions.extend(self._standalone(doc, u, published, parsed) for u in alone)
        mentions.sort(key=lambda m: (m.start, m.end))
        if parsed:
            mentions = self._attach_of(doc, mentions)
        return mentions

    def _standalone(self, doc: Doc, unit: _Unit, published: date | None, parsed: bool) -> _Mention:
        start, end, head = unit.start, unit.end, unit.head
        name = None
        if unit.label == "NORP" and parsed:
            # "European colonial powers": an unknown nationality names the phrase it modifies
            ph = doc[unit.phrase_head]
            if ph.i != unit.head and ph.pos_ in ("NOUN", "PROPN"):
                start, end, head = min(start, ph.i), ph.i + 1, ph.i
                name = _clean_name(doc[unit.start : end].text)
        if parsed:
            start = self._left_edge(doc, head, start)
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
        group: list[_Unit],
        published: date | None,
        parsed: bool,
        span: tuple[int, int] | None = None,
    ) -> _Mention:
        group = sorted(group, key=lambda u: u.start)
        head_unit = next((u for u in group if u.start <= head < u.end), group[-1])
        if span is None:
            start = min(u.start for u in group)
            end = max(u.end for u in group)
            if parsed:
                start = self._left_edge(doc, head, start)
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
        text = doc.text[char_start:char_end]

        agents = [u for u in group if u.is_agent]
        countries = [u for u in group if u.is_country]
        entities = [u for u in group if u.is_entity]
        why: list[str] = []

        # the main entity: the head itself, or the rightmost named modifier of an agent head
        main: _Unit | None = None
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
                f"'{doc.text[u.char_start : u.char_end]}' is "
                + (f"a {'/'.join(cand.entry.sectors)} word" if cand.entry.sectors else "a title")
            )
        mod_country: ActorEntry | None = None
        for u in countries:
            cand = u.cand
            assert cand is not None
            if mod_country is None or u is head_unit:
                mod_country = cand.entry
            if u is not head_unit:
                why.append(f"'{doc.text[u.char_start : u.char_end]}' -> {cand.entry.id}")
        affiliation = [u for u in entities if u is not main and u.cand is not None]

        if main is not None and main.cand is not None:
            actor, named = self._entity_actor(
                main.cand, published, mod_country, agent_sectors, affiliation, why
            )
        elif main is not None:
            actor, named = self._unknown_actor(
                doc, main, mod_country, agent_sectors, affiliation, why
            )
        elif head_unit.is_country and not agents:
            actor, named = self._country_actor(head_unit, doc), False
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
            actor, named = self._generic_actor(
                doc, head_unit, mod_country, agent_sectors, group, why
            )
        actor.text = text
        actor.start = char_start
        actor.end = char_end
        return _Mention(units=group, start=start, end=end, head=head, actor=actor, named=named)

    def _entity_actor(
        self,
        cand: Candidate,
        published: date | None,
        mod_country: ActorEntry | None,
        agent_sectors: list[str],
        affiliation: list[_Unit],
        why: list[str],
    ) -> tuple[Actor, bool]:
        entry = cand.entry
        country, sectors, role = entry.code_at(published)
        reason = [f"dictionary {entry.kind} '{entry.name}' ({_source(entry)})"]
        if role is not None:
            when = published.isoformat() if published else "latest role"
            reason.append(f"role at {when}: {role.describe()}")
        elif entry.roles:
            reason.append(
                f"no dated role at {published.isoformat() if published else '?'}; default "
                f"{' '.join(x for x in (country or '', *sectors) if x) or 'code'}"
            )
        else:
            code = " ".join(x for x in (country or "", *sectors) if x)
            if code:
                reason.append(f"code {code}")
        out_sectors = list(sectors)
        if country is None and mod_country is not None:
            country = mod_country.id
            reason.append(f"country {country} from the phrase")
        if country is None:
            country = _affiliated_country(affiliation, reason)
        if not out_sectors and agent_sectors:
            out_sectors = list(agent_sectors)
            reason.append(f"sectors {'/'.join(out_sectors)} from the title")
        reason.extend(why)
        return (
            Actor(
                text="",
                name=entry.name,
                actor_id=entry.id,
                country=country,
                sectors=out_sectors,
                kind=entry.kind,
                why="; ".join(reason),
            ),
            True,
        )

    def _unknown_actor(
        self,
        doc: Doc,
        unit: _Unit,
        mod_country: ActorEntry | None,
        agent_sectors: list[str],
        affiliation: list[_Unit],
        why: list[str],
    ) -> tuple[Actor, bool]:
        name = _clean_name(doc.text[unit.char_start : unit.char_end])
        kind = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "country"}[
            unit.label
        ]
        reason = [
            f"not in the dictionaries: proper name '{name}' (untagged by spaCy; modified by a "
            "title or nationality)"
            if unit.guessed
            else f"not in the dictionaries: spaCy {unit.label} '{name}'"
        ]
        country = mod_country.id if mod_country is not None else None
        sectors = list(agent_sectors)
        if country is None:
            country = _affiliated_country(affiliation, reason)
        if country is None and unit.label == "ORG":
            inner = self._inner_country(doc, unit)
            if inner is not None:
                country = inner[0].id
                reason.append(f"country {country} from '{inner[1]}' in the name")
        if not sectors and unit.label == "ORG":
            inner_agent = self._inner_agent(doc, unit)
            if inner_agent is not None:
                sectors = list(inner_agent[0].sectors)
                reason.append(f"sectors {'/'.join(sectors)} from '{inner_agent[1]}' in the name")
        if unit.label == "PERSON" and _ORG_WORDS.intersection(name.lower().split()):
            kind = "organisation"  # "Acme Mining" tagged PERSON by the tagger
            reason.append("an organisation by its name")
        reason.extend(why)
        return (
            Actor(
                text="",
                name=name,
                actor_id=f"unk:{kind}:{slug(name) or 'x'}",
                country=country,
                sectors=sectors,
                kind=kind,
                why="; ".join(reason),
            ),
            True,
        )

    def _inner_country(self, doc: Doc, unit: _Unit) -> tuple[ActorEntry, str] | None:
        """A country named inside an organisation's name ("Bank of England"); a city counts
        only when the name also has an organisation word ("Moscow State University", not
        "Denzel Washington")."""
        toks = doc[unit.start : unit.end]
        norms = [norm_token(t.text) for t in toks]
        org_word = any(
            n in _ORG_WORDS
            or any(c.form == "agent" and c.entry.sectors for c in self.dictionary.candidates((n,)))
            for n in norms
        )
        for n in range(len(norms), 0, -1):
            for i in range(0, len(norms) - n + 1):
                for cand in self.dictionary.candidates(tuple(norms[i : i + n])):
                    if cand.entry.kind != "country" or cand.form not in _COUNTRY_FORMS:
                        continue
                    if cand.form in ("name", "adjective") or org_word:
                        return cand.entry, toks[i : i + n].text
        return None

    def _inner_agent(self, doc: Doc, unit: _Unit) -> tuple[ActorEntry, str] | None:
        toks = doc[unit.start : unit.end]
        norms = [norm_token(t.text) for t in toks]
        for i in range(len(norms) - 1, -1, -1):
            for cand in self.dictionary.candidates((norms[i],)):
                if cand.form == "agent" and cand.entry.sectors:
                    return cand.entry, toks[i].text
        return None

    def _country_actor(self, unit: _Unit, doc: Doc) -> Actor:
        cand = unit.cand
        assert cand is not None
        entry = cand.entry
        surface = doc.text[unit.char_start : unit.char_end]
        if cand.form in ("capital", "metonym"):
            return Actor(
                text="",
                name=entry.name,
                actor_id=f"{entry.id}GOV",
                country=entry.id,
                sectors=["GOV"],
                kind="country",
                why=f"{cand.form} '{surface}' stands for the government of {entry.name}",
            )
        if cand.form == "place":
            return Actor(
                text="",
                name=_clean_name(surface),
                actor_id=entry.id,
                country=entry.id,
                sectors=[],
                kind="country",
                why=f"place '{surface}' in {entry.name}, coded as the country",
            )
        return Actor(
            text="",
            name=entry.name,
            actor_id=entry.id,
            country=entry.id,
            sectors=[],
            kind="country",
            why=f"country {cand.form} '{surface}' -> {entry.id} ({_source(entry)})",
        )

    def _generic_actor(
        self,
        doc: Doc,
        head_unit: _Unit,
        mod_country: ActorEntry | None,
        agent_sectors: list[str],
        group: list[_Unit],
        why: list[str],
    ) -> tuple[Actor, bool]:
        country = mod_country.id if mod_country is not None else None
        sectors = list(agent_sectors)
        if not sectors and any(
            u.cand is not None and u.cand.form in ("capital", "metonym") for u in group
        ):
            sectors = ["GOV"]  # "a Kremlin spokesman"
        head_text = doc.text[head_unit.char_start : head_unit.char_end]
        if head_unit.is_country and head_unit.cand is not None:
            if head_unit.cand.form in ("capital", "metonym") and "GOV" not in sectors:
                sectors.insert(0, "GOV")
            country = head_unit.cand.entry.id
        norp = [u for u in group if u.label == "NORP"]
        for u in norp:
            why.append(f"'{doc.text[u.char_start : u.char_end]}' (NORP) is not a country")
        if mod_country is not None:
            name = f"{mod_country.name} ({head_text.lower()})"
        else:
            words = doc.text[min(u.char_start for u in group) : max(u.char_end for u in group)]
            name = _clean_name(words)
        code = (country or "---") + "".join(sectors)
        return (
            Actor(
                text="",
                name=name,
                actor_id=code,
                country=country,
                sectors=sectors,
                kind="agent",
                why="; ".join(["generic actor", *why]),
            ),
            False,
        )

    # ------------------------------------------------------------------ phrase joining

    def _attach_of(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """ "the government of Sierra Leone", "soldiers from Gondor", "officials in Moscow": an
        agent phrase without a country takes the country (or organisation) right after it; the
        agent is shared with coordinated countries ("ambassadors of Arnor, Osgiliath and
        Gondor"), and a bare agent coordinated with a national one takes its country ("Danish
        media and government")."""
        by_head = {m.head: m for m in mentions}
        drop: set[int] = set()
        for m in mentions:
            if m.named or m.actor.kind != "agent" or m.actor.country is not None:
                continue
            agent_word = doc[m.head].text.lower()
            for prep in doc[m.head].rights:
                if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "in"):
                    continue
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                other = by_head.get(pobj.i) if pobj is not None else None
                if other is None or id(other) in drop or prep.i != m.end:
                    continue
                actor = other.actor
                if actor.kind == "country" and actor.country:
                    m.actor.country = actor.country
                    m.actor.name = f"{actor.name} ({agent_word})"
                    m.actor.actor_id = actor.country + "".join(m.actor.sectors)
                    m.actor.why += f"; {prep.lower_} '{actor.text}' -> {actor.country}"
                elif prep.lower_ == "of" and actor.kind in ("igo", "organisation", "group"):
                    if not other.named:
                        continue
                    sectors = list(actor.sectors) or list(m.actor.sectors)
                    why = f"{actor.why}; '{doc[m.head].text}' of '{actor.text}'"
                    m.actor = Actor(
                        text="",
                        name=actor.name,
                        actor_id=actor.actor_id,
                        country=actor.country,
                        sectors=sectors,
                        kind=actor.kind,
                        start=m.actor.start,
                        why=why,
                    )
                    m.named = True
                else:
                    continue
                m.end = other.end
                m.actor.end = other.actor.end
                m.actor.text = doc.text[m.actor.start or 0 : m.actor.end or 0]
                drop.add(id(other))
                if m.actor.kind == "agent" and pobj is not None:
                    for conj in pobj.conjuncts:
                        cm = by_head.get(conj.i)
                        if cm is not None and id(cm) not in drop:
                            self._share_agent(cm, m, agent_word)
                break
        kept = [m for m in mentions if id(m) not in drop]
        for m in kept:
            head = doc[m.head]
            if m.named or m.actor.kind != "agent" or m.actor.country or head.dep_ != "conj":
                continue
            if m.end - m.start > 2:
                continue  # a coordinated agent with modifiers of its own keeps them
            first = by_head.get(head.head.i)
            if first is None or first.named or first.actor.kind != "agent":
                continue
            if first.actor.country:
                m.actor.country = first.actor.country
                m.actor.actor_id = first.actor.country + "".join(m.actor.sectors)
                m.actor.why += f"; country {first.actor.country} shared with '{first.actor.text}'"
        return kept

    @staticmethod
    def _share_agent(target: _Mention, source: _Mention, agent_word: str) -> None:
        actor = target.actor
        if actor.kind != "country" or not actor.country or not source.actor.sectors:
            return
        sectors = list(source.actor.sectors)
        target.actor = Actor(
            text=actor.text,
            name=f"{actor.name} ({agent_word})",
            actor_id=actor.country + "".join(sectors),
            country=actor.country,
            sectors=sectors,
            kind="agent",
            start=actor.start,
            end=actor.end,
            why=f"{actor.why}; shares '{agent_word}' with '{source.actor.text}'",
        )

    def _merge_appositives(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """ "Russia's leading diamond producer, Alrosa" / "Alrosa, Russia's diamond producer"."""
        out: list[_Mention] = []
        i = 0
        while i < len(mentions):
            m1 = mentions[i]
            m2 = mentions[i + 1] if i + 1 < len(mentions) else None
            if (
                m2 is not None
                and m1.end < len(doc)
                and doc[m1.end].text == ","
                and m1.end + 1 == m2.start
                and m1.named != m2.named
                and self._apposed(doc, m1.head, m2.head)
            ):
                named, generic = (m1, m2) if m1.named else (m2, m1)
                actor = named.actor
                extra = []
                if actor.country is None and generic.actor.country:
                    actor.country = generic.actor.country
                    extra.append(f"country {actor.country}")
                if not actor.sectors and generic.actor.sectors:
                    actor.sectors = list(generic.actor.sectors)
                    extra.append(f"sectors {'/'.join(actor.sectors)}")
                actor.why += f"; appositive '{generic.actor.text}'" + (
                    f" gives {', '.join(extra)}" if extra else ""
                )
                actor.start = m1.actor.start
                actor.end = m2.actor.end
                actor.text = doc.text[actor.start or 0 : actor.end or 0]
                out.append(
                    _Mention(
                        units=m1.units + m2.units,
                        start=m1.start,
                        end=m2.end,
                        head=named.head,
                        actor=actor,
                        named=True,
                    )
                )
                i += 2
                continue
            out.append(m1)
            i += 1
        return out

    @staticmethod
    def _apposed(doc: Doc, h1: int, h2: int) -> bool:
        t1, t2 = doc[h1], doc[h2]
        return (t2.head.i == h1 and t2.dep_ in ("appos", "conj")) or (
            t1.head.i == h2 and t1.dep_ in ("appos", "conj")
        )

    def _short_names(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """A one-word person mention takes the actor of a fuller mention of the same name;
        a capitalised surname that spaCy did not tag becomes such a mention too."""
        full: dict[str, list[tuple[int, Actor]]] = {}
        for m in mentions:
            a = m.actor
            if a.kind != "person" or not m.named:
                continue
            words = [norm_token(w) for w in re.findall(r"[\w'’.-]+", a.name)]
            unit = next((u for u in m.units if u.start <= m.head < u.end), None)
            if len(words) < 2 or unit is None or unit.end - unit.start < 2:
                continue  # only mentions that spell out the full name register it
            surface = [norm_token(t.text) for t in doc[m.start : m.end] if t.pos_ == "PROPN"]
            for w in {words[-1], *surface[-1:]}:
                if len(w) > 2 and w != words[0]:
                    full.setdefault(w, []).append((m.start, a))
        if not full:
            return mentions
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added = []
        for tok in doc:
            if (
                tok.i not in covered
                and tok.pos_ == "PROPN"
                and tok.text[:1].isupper()
                and norm_token(tok.text) in full
            ):
                unit = _Unit(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), label="PERSON")
                unit.head = unit.phrase_head = tok.i
                actor = Actor(
                    text=tok.text,
                    name=tok.text,
                    actor_id="",
                    kind="person",
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                )
                added.append(_Mention([unit], tok.i, tok.i + 1, tok.i, actor, named=True))
        if added:
            mentions = sorted([*mentions, *added], key=lambda m: (m.start, m.end))
        for m in mentions:
            a = m.actor
            unit = next((u for u in m.units if u.start <= m.head < u.end), None)
            single = unit is not None and unit.end - unit.start == 1
            short_kind = a.kind == "person" or (
                a.kind == "organisation" and a.actor_id.startswith("unk:")
            )
            if not single or not short_kind:
                continue
            options = full.get(norm_token(doc[m.head].text))
            if not options:
                continue
            earlier = [o for o in options if o[0] < m.start]
            source = earlier[-1][1] if earlier else options[0][1]
            if source.actor_id == a.actor_id:
                continue
            m.actor = Actor(
                text=a.text,
                name=source.name,
                actor_id=source.actor_id,
                country=source.country,
                sectors=list(source.sectors),
                kind=source.kind,
                start=a.start,
                end=a.end,
                why=f"short form of '{source.name}' mentioned "
                f"{'earlier' if earlier else 'later'} in the article; {source.why}",
            )
        return [m for m in mentions if m.actor.actor_id]


def _source(entry: ActorEntry) -> str:
    src = entry.source
    if src.startswith("curated"):
        return "curated"
    return src.split(";")[0].strip() or "user dictionary"


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"['’]s$|['’]$", "", text).strip()
    return text


def _affiliated_country(affiliation: list[_Unit], reason: list[str]) -> str | None:
    """The first country among the units a mention is affiliated with ('of Russia', 'Iraqi')."""
    for u in affiliation:
        assert u.cand is not None
        if u.cand.entry.country:
            reason.append(f"country {u.cand.entry.country} from '{u.cand.entry.name}'")
            return u.cand.entry.country
    return None
