"""Build the Actor for an assembled phrase: a dictionary entity, an unknown name, a country or a
country + sector generic, each with its ``why``."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..models import Actor
from ..nlp.text import doc_text
from .dictionary import ActorDictionary, ActorEntry, Candidate, norm_token, place_organisations
from .petrarch import slug
from .units import COUNTRY_FORMS, ORG_WORDS, Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How a place-name actor's ``why`` begins (a city or region standing for its country).
PLACE_WHY = "place "

#: Years between a text's date and the nearest of a person's dated roles from which on the
#: dictionary's person may be a namesake: people stay in the news as themselves for about a
#: generation after they held office ('Obama' in 2026), rarely longer ('Jorge Rodríguez', an
#: Argentine minister of the 1990s, in 2026 news on Venezuela).
NAMESAKE_YEARS = 20
#: Marks the ``why`` of such a person (the event records look for the country elsewhere).
FAR_FROM_ROLES_WHY = "far from every dated role"
#: Said of a state institution named by a common word alone ('Congress'): every country has one.
COMMON_NAME_WHY = "named by a common word that any country's institution bears"


def _code(entry: ActorEntry) -> str:
    """The country code of a country entry: its own ISO 3166 code, which for a proto-state
    (Somaliland, id SOMPRE) is the country it belongs to."""
    return entry.country or entry.id


def is_place(actor: Actor) -> bool:
    """True for a city or region named in the text and coded as its country ('Geneva' -> CHE),
    or a place the dictionaries do not know (a spaCy GPE: every country is in them, so an
    unknown one is a town or a region, 'Sertolovo'), as opposed to a country, a capital standing
    for its government, or a named actor."""
    if actor.kind != "country":
        return False
    return actor.why.startswith(PLACE_WHY) or actor.actor_id.startswith("unk:country:")


def is_named_place(actor: Actor) -> bool:
    """True for an organisation the dictionaries name after one of a country's places (Phoenix's
    'Gaza', beside the Gaza Strip as a place of Palestine): a place, which acts on no one."""
    return actor.kind == "organisation" and actor.actor_id in place_organisations()


#: Sectors of state institutions whose bare names ('Congress', 'Parliament', 'police') every
#: country uses.
_STATE_SECTORS = frozenset({"LEG", "GOV", "JUD", "COP", "MIL"})


def years_from_roles(entry: ActorEntry, when: date | None) -> int | None:
    """Whole years from ``when`` to the nearest of the entry's dated roles (0 inside one), or
    None without a date or a dated role."""
    if when is None:
        return None
    gaps: list[int] = []
    for r in entry.roles:
        if r.start is not None and when < r.start:
            gaps.append((r.start - when).days)
        elif r.end is not None and r.end < when:
            gaps.append((when - r.end).days)
        elif r.start is not None or r.end is not None:
            gaps.append(0)
    return min(gaps) // 365 if gaps else None


def _is_institution(entry: ActorEntry, cand: Candidate) -> bool:
    """True for an organisation of the state matched by a single common word ('Congress')."""
    return (
        entry.kind == "organisation"
        and bool(_STATE_SECTORS.intersection(entry.sectors))
        and len(cand.pattern.split()) == 1
        and not cand.pattern.isupper()
    )


def entity_actor(
    cand: Candidate,
    published: date | None,
    mod_country: ActorEntry | None,
    agent_sectors: list[str],
    affiliation: list[Unit],
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
        gap = years_from_roles(entry, published)
        if gap is not None and gap >= NAMESAKE_YEARS:
            reason.append(f"{FAR_FROM_ROLES_WHY} ({gap} years)")
    else:
        code = " ".join(x for x in (country or "", *sectors) if x)
        if code:
            reason.append(f"code {code}")
    out_sectors = list(sectors)
    if (
        mod_country is not None
        and country not in (None, "IGO", _code(mod_country))
        and _is_institution(entry, cand)
    ):
        # "Peru's Congress": a state institution named by its bare common name belongs to the
        # country the phrase gives, not to the dictionary's default (the US Congress)
        reason.append(f"country {_code(mod_country)} from the phrase, not {country}")
        country = _code(mod_country)
    elif mod_country is None and country not in (None, "IGO") and _is_institution(entry, cand):
        reason.append(COMMON_NAME_WHY)  # 'Congress' in news on Peru: Peru's (records.py)
    elif (
        mod_country is not None
        and entry.kind == "person"
        and entry.roles
        and role is None
        and country not in (None, "IGO", _code(mod_country))
    ):
        # "Venezuela's Jorge Rodríguez": a namesake whose dated roles all lie elsewhere in time
        # is not the dictionary's person; the phrase says whose he is
        reason.append(f"country {_code(mod_country)} from the phrase, not {country}")
        country = _code(mod_country)
    if country is None and mod_country is not None:
        country = _code(mod_country)
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


def unknown_actor(
    dictionary: ActorDictionary,
    doc: Doc,
    unit: Unit,
    mod_country: ActorEntry | None,
    agent_sectors: list[str],
    affiliation: list[Unit],
    why: list[str],
) -> tuple[Actor, bool]:
    name = clean_name(doc_text(doc)[unit.char_start : unit.char_end])
    kind = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "country"}[
        unit.label
    ]
    reason = [
        f"not in the dictionaries: proper name '{name}' (untagged by spaCy; modified by a "
        "title or nationality)"
        if unit.guessed
        else f"not in the dictionaries: spaCy {unit.label} '{name}'"
    ]
    country = _code(mod_country) if mod_country is not None else None
    sectors = list(agent_sectors)
    if country is None:
        country = _affiliated_country(affiliation, reason)
    if country is None and unit.label == "ORG":
        inner = _inner_country(dictionary, doc, unit)
        if inner is not None:
            country = _code(inner[0])
            reason.append(f"country {country} from '{inner[1]}' in the name")
    if not sectors and unit.label == "ORG":
        inner_agent = _inner_agent(dictionary, doc, unit)
        if inner_agent is not None:
            sectors = list(inner_agent[0].sectors)
            reason.append(f"sectors {'/'.join(sectors)} from '{inner_agent[1]}' in the name")
    if unit.label == "PERSON" and ORG_WORDS.intersection(name.lower().split()):
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


def _inner_country(
    dictionary: ActorDictionary, doc: Doc, unit: Unit
) -> tuple[ActorEntry, str] | None:
    """A country named inside an organisation's name ("Bank of England"); a city counts
    only when the name also has an organisation word ("Moscow State University", not
    "Denzel Washington")."""
    toks = doc[unit.start : unit.end]
    norms = [norm_token(t.text) for t in toks]
    org_word = any(
        n in ORG_WORDS
        or any(c.form == "agent" and c.entry.sectors for c in dictionary.candidates((n,)))
        for n in norms
    )
    for n in range(len(norms), 0, -1):
        for i in range(0, len(norms) - n + 1):
            for cand in dictionary.candidates(tuple(norms[i : i + n])):
                if cand.entry.kind != "country" or cand.form not in COUNTRY_FORMS:
                    continue
                if cand.form in ("name", "adjective") or org_word:
                    return cand.entry, toks[i : i + n].text
    return None


def _inner_agent(
    dictionary: ActorDictionary, doc: Doc, unit: Unit
) -> tuple[ActorEntry, str] | None:
    toks = doc[unit.start : unit.end]
    norms = [norm_token(t.text) for t in toks]
    for i in range(len(norms) - 1, -1, -1):
        for cand in dictionary.candidates((norms[i],)):
            if cand.form == "agent" and cand.entry.sectors:
                return cand.entry, toks[i].text
    return None


#: Prepositions that make their object where something happened ('signed a pact in Tokyo').
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout"})


def _in_a_place(tok: Token) -> bool:
    """True for the object of a locative preposition: a capital there is where an event
    happened, not the government it stands for elsewhere ('talks in Tokyo', 'Tokyo protested')."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE


def country_actor(unit: Unit, doc: Doc) -> Actor:
    cand = unit.cand
    assert cand is not None
    entry = cand.entry
    surface = doc_text(doc)[unit.char_start : unit.char_end]
    where = cand.form == "capital" and _in_a_place(doc[unit.end - 1])
    if cand.form == "place" or where:
        return Actor(
            text="",
            name=clean_name(surface),
            actor_id=entry.id,
            country=_code(entry),
            sectors=[],
            kind="country",
            why=f"{PLACE_WHY}'{surface}' in {entry.name}, coded as the country"
            + (" (where, not who)" if where else ""),
        )
    if cand.form in ("capital", "metonym"):
        return Actor(
            text="",
            name=entry.name,
            actor_id=f"{entry.id}GOV",
            country=_code(entry),
            sectors=["GOV"],
            kind="country",
            why=f"{cand.form} '{surface}' stands for the government of {entry.name}",
        )
    return Actor(
        text="",
        name=entry.name,
        actor_id=entry.id,
        country=_code(entry),
        sectors=[],
        kind="country",
        why=f"country {cand.form} '{surface}' -> {entry.id} ({_source(entry)})",
    )


def generic_actor(
    doc: Doc,
    head_unit: Unit,
    mod_country: ActorEntry | None,
    agent_sectors: list[str],
    group: list[Unit],
    why: list[str],
) -> tuple[Actor, bool]:
    country = _code(mod_country) if mod_country is not None else None
    sectors = list(agent_sectors)
    if not sectors and any(
        u.cand is not None and u.cand.form in ("capital", "metonym") for u in group
    ):
        sectors = ["GOV"]  # "a Kremlin spokesman"
    head_text = doc_text(doc)[head_unit.char_start : head_unit.char_end]
    if head_unit.is_country and head_unit.cand is not None:
        if head_unit.cand.form in ("capital", "metonym") and "GOV" not in sectors:
            sectors.insert(0, "GOV")
        country = _code(head_unit.cand.entry)
    norp = [u for u in group if u.label == "NORP"]
    for u in norp:
        why.append(f"'{doc_text(doc)[u.char_start : u.char_end]}' (NORP) is not a country")
    if mod_country is not None:
        name = f"{mod_country.name} ({head_text.lower()})"
    else:
        words = doc_text(doc)[min(u.char_start for u in group) : max(u.char_end for u in group)]
        name = clean_name(words)
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


def _source(entry: ActorEntry) -> str:
    src = entry.source
    if src.startswith("curated"):
        return "curated"
    return src.split(";")[0].strip() or "user dictionary"


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"['’]s$|['’]$", "", text).strip()
    return text


def _affiliated_country(affiliation: list[Unit], reason: list[str]) -> str | None:
    """The first country among the units a mention is affiliated with ('of Russia', 'Iraqi')."""
    for u in affiliation:
        assert u.cand is not None
        if u.cand.entry.country:
            reason.append(f"country {u.cand.entry.country} from '{u.cand.entry.name}'")
            return u.cand.entry.country
    return None
