"""Find the actor units of a doc: dictionary hits, datelines set aside, unknown and untagged names.

Also the span and phrase helpers over spaCy's parse that the resolver assembles mentions with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ..nlp.text import doc_text
from .dictionary import (
    ActorDictionary,
    Candidate,
    fold_name,
    given_names,
    norm_token,
    pattern_tokens,
    split_subtokens,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: spaCy entity labels that name actors; others (DATE, MONEY ...) never do.
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Acronyms that are everyday words as well ('thin ice', 'the arena'): names only when written
#: in capitals, as the stop words 'US' and 'WHO' are.
WORD_ACRONYMS = frozenset({"ice", "arena"})
#: Dependencies through which a left modifier belongs to its head's noun phrase.
_MOD_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_SPAN_DEPS = _MOD_DEPS | {"det", "case", "nummod", "quantmod", "predet"}

#: Country names whose country changed on a date: before it, the name was the other one's. A
#: bare 'Congo' is the Democratic Republic of the Congo in today's news, but was the Republic of
#: the Congo while the DRC was Zaire (until 17 May 1997: 'Congo President Denis Sassou-Nguesso'
#: in a 1987 wire).
RENAMED_COUNTRIES: dict[tuple[str, ...], tuple[date, str]] = {
    ("congo",): (date(1997, 5, 17), "COG"),
}
#: The latest of those dates: a text published after it needs no look-up (most of them).
_RENAMED_UNTIL = max(d for d, _ in RENAMED_COUNTRIES.values())
#: Candidate forms that name a country itself: every form but ``agent``.
COUNTRY_FORMS = frozenset({"name", "adjective", "capital", "metonym", "place"})
_DATELINE_NEXT = frozenset({":", "—", "–", "-", "--"})


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"us", "it", "is", "am", "an", "as", "at", "be"}


@dataclass(slots=True)
class Piece:
    """A sub-token: a doc token, or part of one split at hyphens/slashes ("U.S.-led")."""

    norm: str
    tok: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Unit:
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
        return c is not None and c.entry.kind == "country" and c.form in COUNTRY_FORMS

    @property
    def is_entity(self) -> bool:
        """A named actor other than a country: person, organisation, IGO, group."""
        c = self.cand
        if c is None:
            return self.label in ("PERSON", "ORG")
        return c.form != "agent" and c.entry.kind != "country"


def doc_pieces(doc: Doc) -> list[Piece | None]:
    """The token stream to match on; None marks a barrier (line break, sentence start)."""
    out: list[Piece | None] = []
    sents = doc.has_annotation("SENT_START")
    for tok in doc:
        if tok.is_space or (sents and tok.is_sent_start and tok.i > 0):
            out.append(None)
            if tok.is_space:
                continue
        text = tok.text
        parts = split_subtokens(text)
        if len(parts) == 1:
            out.append(Piece(norm_token(text), tok.i, tok.idx, tok.idx + len(text), text))
            continue
        pos = 0
        for part in parts:
            at = text.index(part, pos)
            pos = at + len(part)
            out.append(Piece(norm_token(part), tok.i, tok.idx + at, tok.idx + pos, part))
    return out


def match_units(
    dictionary: ActorDictionary, doc: Doc, pieces: list[Piece | None], published: date | None
) -> tuple[list[Unit], list[Unit]]:
    """Dictionary hits, and the hits set aside as datelines."""
    units: list[Unit] = []
    n_pieces = len(pieces)
    i = 0
    while i < n_pieces:
        hit = _longest_at(dictionary, doc, pieces, i, published)
        if hit is None:
            i += 1
            continue
        n, run, ok = hit
        if all(c.form == "agent" for c in ok) and _name_runs_past(
            dictionary, doc, pieces, i, n, published
        ):
            i += 1  # 'the court' inside 'the Court of Arbitration for Sport': the name wins
            continue
        units.append(
            Unit(
                start=run[0].tok,
                end=run[-1].tok + 1,
                char_start=run[0].start,
                char_end=run[-1].end,
                cands=ok,
            )
        )
        i += n
    datelines = [u for u in units if _is_dateline(doc, u)]
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


def _longest_at(
    dictionary: ActorDictionary,
    doc: Doc,
    pieces: list[Piece | None],
    i: int,
    published: date | None,
) -> tuple[int, list[Piece], tuple[Candidate, ...]] | None:
    """The longest acceptable dictionary hit starting at piece ``i``: (its length in pieces,
    the pieces, the acceptable candidates), or None."""
    first = pieces[i]
    if first is None:
        return None
    for n in range(min(dictionary.max_len.get(first.norm, 0), len(pieces) - i), 0, -1):
        window = pieces[i : i + n]
        if any(p is None for p in window):
            continue
        run = [p for p in window if p is not None]
        cands = dictionary.candidates(tuple(p.norm for p in run))
        if not cands:
            continue
        ok = tuple(c for c in cands if _acceptable(dictionary, doc, c, run))
        if not ok:
            continue
        if len(ok) > 1 and published is not None:
            # two people with one name: the one in office at the date comes first
            ok = tuple(sorted(ok, key=lambda c: c.entry.role_at(published) is None))
        if published is not None and published < _RENAMED_UNTIL:
            renamed = RENAMED_COUNTRIES.get(tuple(p.norm for p in run))
            earlier = dictionary.get(renamed[1]) if renamed and published < renamed[0] else None
            if earlier is not None:
                ok = tuple(Candidate(earlier, c.form, c.pattern) for c in ok[:1])
        return n, run, ok
    return None


def _name_runs_past(
    dictionary: ActorDictionary,
    doc: Doc,
    pieces: list[Piece | None],
    i: int,
    n: int,
    published: date | None,
) -> bool:
    """Whether a name (no generic agent) starts inside the hit of ``n`` pieces at ``i`` and
    ends after it."""
    for j in range(i + 1, i + n):
        hit = _longest_at(dictionary, doc, pieces, j, published)
        if hit is not None and j + hit[0] > i + n and any(c.form != "agent" for c in hit[2]):
            return True
    return False


def _acceptable(
    dictionary: ActorDictionary, doc: Doc, cand: Candidate, run: Sequence[Piece]
) -> bool:
    toks = [doc[p.tok] for p in run]
    last = toks[-1]
    if cand.entry.id == "agent:crowd":
        # counted people are actors as a verb's subject ('Thousands/CARDINAL in Serbia rally'),
        # not as its object ('spent hundreds of millions'), nor when they say who they are
        # ('Thousands of demonstrators': the demonstrators are the actor)
        return last.dep_ in ("nsubj", "nsubjpass") and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in last.children
        )
    # a name of two words or more may hold a number word after its first ('the Group of
    # Seven', 'Barrio 18': spaCy tags the number CARDINAL); a date or number alone is no name
    name_first = len(toks) >= 2 and toks[0].ent_type_ not in _NON_ACTOR_ENTS
    # ('DeepSeek' tagged CARDINAL stays a name: a capital inside a word makes no number)
    non_actor = any(t.ent_type_ in _NON_ACTOR_ENTS and not _camel_case(t.text) for t in toks)
    if non_actor and not name_first and not _misread_place(cand, toks):
        return False
    if _for_or_against(toks[0]):
        return False  # 'a pro-Trump lawmaker', 'anti-Israel protesters': a stance, no actor
    if _part_of_a_continent(cand, toks[0]):
        return False  # 'Latin America', 'Central American': a region, not the United States
    if cand.entry.kind == "country" and _after_honorific(toks[0]):
        return False  # 'Mr Jordan', 'Mrs Georgia Smith': a person's name, not the country
    if cand.form == "agent":
        # agent words are nouns heading a phrase ("military" in "military supplies" is not)
        if last.pos_ in ("NOUN", "PROPN") and not last.is_stop:
            return True
        # an adjective of a body of people is its kind ('a militant group', 'armed gangs')
        return (
            last.pos_ == "ADJ"
            and last.dep_ == "amod"
            and last.head.lemma_.lower() in COLLECTIVE_NOUNS
        )
    texts = [p.text for p in run]
    if not any(c.isupper() for t in texts for c in t):
        return False  # proper names are capitalised somewhere: not "icon-facebook"
    if (
        cand.form == "place"
        and not any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in toks)
        and not _misread_place(cand, toks)
    ):
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
    if cand.entry.kind == "person" and not _same_person(dictionary, doc, cand, toks):
        return False
    if len(run) == 1:
        return _single_ok(doc, cand, toks[0], texts[0], run[0].norm)
    return True


#: Nouns of a body of people that take their kind from the actor word before them: 'a
#: guerrilla group', 'a militant group', 'a criminal gang', 'a police unit' are those actors.
COLLECTIVE_NOUNS = frozenset(
    {"group", "gang", "cell", "faction", "band", "outfit", "squad", "unit", "column", "commando"}
)


#: Prepositions whose object is a place an event happened in, came from or was aimed at.
PLACE_PREPOSITIONS = frozenset(
    {"on", "in", "at", "near", "to", "into", "toward", "towards", "from", "against", "across",
     "over", "outside", "around", "inside"}
)  # fmt: skip


#: Prefixes that make a name say what an actor is for or against, not who it is.
_STANCE_PREFIXES = frozenset({"pro", "anti"})


def _for_or_against(first: Token) -> bool:
    """True for a name after 'pro-' or 'anti-' ('a pro-Trump lawmaker', 'anti-Israel
    protesters', 'the anti-Libyan regime in N'djamena'): it names the actor's stance, not its
    country or itself (GUIDELINES: an actor takes the country it belongs to or acts in)."""
    doc, i = first.doc, first.i
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ in _STANCE_PREFIXES
        and doc[i - 1].idx == doc[i - 2].idx + len(doc[i - 2].text)
        and first.idx == doc[i - 1].idx + 1
    )


#: Words that make America a region, not the United States ('Latin America', 'South American').
_REGIONS_OF_AMERICA = frozenset({"latin", "south", "central", "north"})


def _part_of_a_continent(cand: Candidate, first: Token) -> bool:
    """True for 'America' or 'American' after 'Latin', 'South', 'Central' or 'North': a region
    of the continent, not the United States ('China deepens ties with Latin America', 'the
    Latin American country')."""
    if cand.entry.id != "USA" or not first.lower_.startswith("americ") or first.i == 0:
        return False
    return first.doc[first.i - 1].lower_ in _REGIONS_OF_AMERICA


#: Titles of address before a person's name ('Mr Jordan', 'Dr Chad Smith').
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "mr.", "mrs.", "ms.",
     "dr."}
)  # fmt: skip


def _after_honorific(first: Token) -> bool:
    """True for a name right after a title of address: a person's name, whatever country or
    city it spells ('Mr Jordan criticised the minister')."""
    return first.i > 0 and first.doc[first.i - 1].lower_ in _HONORIFICS


def _camel_case(text: str) -> bool:
    """A word with a capital after its first letter and a small one ('DeepSeek', 'OpenAI'): a
    name, never a number or a date, whatever the entity recogniser calls it."""
    return any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)


def _misread_place(cand: Candidate, toks: list[Token]) -> bool:
    """A city or capital the entity recogniser read as something else ('attack on Kyiv
    overnight' as one TIME, 'strike on Odesa' as an ORG, 'doctors in Ciudad Juarez' as a
    PERSON): a proper noun that is the object of a preposition of place and a place or capital
    of a country in the dictionary."""
    if cand.entry.kind != "country" or cand.form not in ("place", "capital"):
        return False
    if not all(t.pos_ == "PROPN" for t in toks):
        return False
    last = toks[-1]
    return last.dep_ == "pobj" and last.head.lower_ in PLACE_PREPOSITIONS


def _same_person(dictionary: ActorDictionary, doc: Doc, cand: Candidate, toks: list[Token]) -> bool:
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
        and not any(c.form == "agent" for c in dictionary.candidates((norm_token(t.text),)))
    ]
    if not before:
        return True
    given = norm_token(before[0].text)
    return any((k := pattern_tokens(p)) and k[0] == given for p in cand.entry.patterns)


#: Nouns of the people and bodies a leader heads ('Trump administration', 'Netanyahu
#: government', 'Maduro regime'): after a capitalised word that names a known person, the word
#: is that person's name, not a common noun ('Shell fire').
ENTOURAGE_NOUNS = frozenset(
    {"administration", "government", "regime", "cabinet", "camp", "team", "aide", "ally",
     "adviser", "advisor", "official", "loyalist", "spokesman", "spokeswoman", "spokesperson",
     "envoy", "coalition", "presidency", "junta"}
)  # fmt: skip


def _single_ok(doc: Doc, cand: Candidate, tok: Token, text: str, norm: str) -> bool:
    """One-word names need more evidence: case, tagging and position. A capitalised word the
    tagger read as a common noun at a sentence's start counts before a verb ('Trump imposed'),
    or, for a known person, before a noun of those the person leads ('Trump administration')."""
    if len(text.rstrip(".")) == 1:
        return _lone_letter_name(doc, tok)  # 'X', the platform
    if norm in _stop_words() or norm in WORD_ACRONYMS:
        # "US", "IS", "WHO", "ICE": only in capitals, and not inside an all-caps headline
        letters = [c for c in text if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters):
            return False
        return not _shouting(doc, tok)
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
    if initial or _title_case(doc, tok):
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if (
            nxt is not None
            and cand.entry.kind == "person"
            and nxt.lemma_.lower() in ENTOURAGE_NOUNS
        ):
            return True  # 'Trump administration tries ...': the person's administration
        return nxt is not None and nxt.pos_ in ("VERB", "AUX")
    return True


def _lone_letter_name(doc: Doc, tok: Token) -> bool:
    """A one-letter name ('X', the platform) stands alone in capitals: not the last letter of
    a name or a title ('Malcolm X', 'Generation X', 'Article X', 'Louis X'), not part of a word
    ('X-ray'), not where something was posted ('said on X'), not in a text in capitals."""
    if not tok.text[:1].isupper() or _shouting(doc, tok):
        return False
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.is_alpha and prev.text[:1].isupper():
        return False
    if prev is not None and prev.lower_ == "on":
        return False  # 'posted on X', 'said on X': where something was said, not a party
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is None or nxt.text not in ("-", "–", "—")


def _title_case(doc: Doc, tok: Token) -> bool:
    """True inside a Title Case Headline, where capitals prove nothing."""
    sent = tok.sent if doc.has_annotation("SENT_START") else doc[:]
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words)


def _shouting(doc: Doc, tok: Token) -> bool:
    near = [t for t in doc[max(0, tok.i - 3) : tok.i + 4] if t.is_alpha and t.i != tok.i]
    return len(near) >= 2 and all(t.is_upper for t in near)


def _is_dateline(doc: Doc, unit: Unit) -> bool:
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
    text = doc_text(doc)[unit.char_start : unit.char_end]
    return nxt in _DATELINE_NEXT or (text.isupper() and nxt in (",", "("))


#: Words that make a name an organisation's ('Acme Mining', 'Wilson Center'): a PERSON the
#: tagger read in one is an organisation (build.py).
ORG_WORDS = frozenset(
    re.findall(
        r"\S+",
        """mining group corp corp. corporation inc inc. ltd ltd. limited company co. holdings bank
    energy resources petroleum oil gas airlines airways motors industries technologies systems
    partners capital fund agency institute university council party front movement forces army
    association foundation news times post media telecom ministry commission committee union
    brigade brigades battalion alliance coalition network services plc llc sa ag gmbh""",
    )
)
#: Words after a given name that make the name a place's, a body's or a firm's ('Victoria
#: Falls', 'George Washington University', 'Salomon Brothers'), not a person's.
_NOT_PERSON_WORDS = ORG_WORDS | frozenset(
    re.findall(
        r"\S+",
        """river lake sea bay gulf island islands falls station airport street road avenue square
    park valley mountain mountains hills city county province state district college school
    academy hospital church mosque cathedral temple stadium bridge tower hotel club museum prize
    award trophy cup town harbour harbor port beach coast canal strait desert forest national
    center centre department rail railway railways co associates securities investments
    enterprises brothers society countries nations garment garments microsystems""",
    )
)


def _given_name_person(doc: Doc, start: int, end: int) -> bool:
    """Two or three capitalised proper names opening with a known given name ('María Machado',
    which the recogniser tags ORG in a headline) name a person."""
    toks = doc[start:end]
    if not 2 <= len(toks) <= 3:
        return False
    if not all(t.is_alpha and t.text[:1].isupper() and t.pos_ == "PROPN" for t in toks):
        return False
    words = [fold_name(t.text) for t in toks]
    if len(words[0]) < 4:  # 'Sun', 'Tin', 'Lai': given names, and words of firms' names
        return False
    return words[0] in given_names() and not any(w in _NOT_PERSON_WORDS for w in words[1:])


#: The last word of a law's title ('the Tobacco Control (Amendment) Bill', 'the Online Safety
#: Act'), which the recogniser often tags PERSON ('Bill').
_LAW_WORDS = frozenset({"Bill", "Act"})


def _a_law(doc: Doc, start: int, end: int) -> bool:
    """A name that ends in 'Bill' or 'Act' after other words or 'the' is a law, no actor
    ('the Tobacco Control (Amendment) Bill'); a lone 'Bill' is the man ('Bill said')."""
    last = doc[end - 1]
    if last.text not in _LAW_WORDS:
        return False
    if end - start >= 2:
        return True
    return any(c.dep_ in ("det", "compound", "amod", "nmod") for c in last.children)


def unknown_entities(doc: Doc, units: list[Unit]) -> list[Unit]:
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
        if _for_or_against(doc[start]) or (
            doc[start].lower_ in _STANCE_PREFIXES and start + 1 < end and doc[start + 1].text == "-"
        ):
            continue  # 'pro-Palestinian', 'anti-Israel': a stance, no actor
        text = doc[start:end].text
        if not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
            continue
        if _a_law(doc, start, end):
            continue
        label = ent.label_
        if label in ("ORG", "GPE") and _given_name_person(doc, start, end):
            label = "PERSON"
        out.append(
            Unit(
                start=start,
                end=end,
                char_start=doc[start].idx,
                char_end=doc[end - 1].idx + len(doc[end - 1].text),
                label=label,
            )
        )
    return out


def untagged_names(doc: Doc, units: list[Unit], datelines: list[Unit]) -> list[Unit]:
    """ "Arnor President Umbardacil": the proper name that a title or country modifies is an
    actor even when spaCy's NER missed it (or swallowed it into a wrong entity)."""
    covered = {i for u in [*units, *datelines] for i in range(u.start, u.end)}
    tops: dict[int, list[Unit]] = {}
    for unit in units:
        cand = unit.cand
        if cand is None or cand.form not in ("agent", "adjective", "name"):
            continue
        if cand.form == "name" and cand.entry.kind != "country":
            continue
        top = doc[climb(doc, span_head(doc, unit.start, unit.end))]
        if top.i in covered or top.pos_ != "PROPN" or not top.text[:1].isupper():
            continue
        tops.setdefault(top.i, []).append(unit)
    out: list[Unit] = []
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
            Unit(start, i + 1, doc[start].idx, top.idx + len(top.text), label=label, guessed=True)
        )
    return out


# ---------------------------------------------------------------------------- syntax


def span_head(doc: Doc, start: int, end: int) -> int:
    heads = [t.i for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    return heads[-1] if heads else end - 1


def _coordinated(tok: Token) -> bool:
    return any(c.dep_ in ("cc", "conj") for c in tok.children)


def climb(doc: Doc, i: int) -> int:
    """The head noun whose phrase this token modifies (itself when it modifies none)."""
    tok = doc[i]
    while (
        tok.dep_ in _MOD_DEPS
        and tok.head.i > tok.i
        and not _coordinated(tok)
        and tok.head.pos_ in ("NOUN", "PROPN")
    ):
        tok = tok.head
    return tok.i


def left_edge(doc: Doc, head: int, start: int) -> int:
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
