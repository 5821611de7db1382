"""Article-level passes over assembled mentions: "X of Y" phrases, appositives and short names,
which need the neighbouring (or all) mentions of the article rather than one phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Actor
from ..nlp.text import doc_text
from .dictionary import norm_token
from .units import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Mention:
    """An assembled phrase and its actor while the article is resolved (then an ActorMention)."""

    units: list[Unit]
    start: int
    end: int
    head: int
    actor: Actor
    named: bool
    """True when the actor is a specific entity (not a country + agent generic)."""


def attach_of(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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
            m.actor.text = doc_text(doc)[m.actor.start or 0 : m.actor.end or 0]
            drop.add(id(other))
            if m.actor.kind == "agent" and pobj is not None:
                for conj in pobj.conjuncts:
                    cm = by_head.get(conj.i)
                    if cm is not None and id(cm) not in drop:
                        _share_agent(cm, m, agent_word)
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


def _share_agent(target: Mention, source: Mention, agent_word: str) -> None:
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


def merge_appositives(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Russia's leading diamond producer, Alrosa" / "Alrosa, Russia's diamond producer"."""
    out: list[Mention] = []
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
            and _apposed(doc, m1.head, m2.head)
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
            actor.text = doc_text(doc)[actor.start or 0 : actor.end or 0]
            out.append(
                Mention(
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


def _apposed(doc: Doc, h1: int, h2: int) -> bool:
    t1, t2 = doc[h1], doc[h2]
    return (t2.head.i == h1 and t2.dep_ in ("appos", "conj")) or (
        t1.head.i == h2 and t1.dep_ in ("appos", "conj")
    )


def short_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A one-word person mention takes the actor of a fuller mention of the same name;
    a capitalised surname that spaCy did not tag becomes such a mention too."""
    full: dict[str, list[tuple[int, Actor]]] = {}
    given: dict[str, list[tuple[int, Actor]]] = {}
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
        if len(words[0]) > 2:
            given.setdefault(words[0], []).append((m.start, a))
    # a given name stands for the one full name it opens ('Shehbaz' after 'Shehbaz Sharif'),
    # never when two people of the article share it, nor when it is someone's surname
    for w, opts in given.items():
        if w not in full and len({a.actor_id for _, a in opts}) == 1:
            full[w] = opts
    if not full:
        return _same_person_same_country(mentions)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for tok in doc:
        if (
            tok.i not in covered
            and tok.pos_ == "PROPN"
            and tok.text[:1].isupper()
            and norm_token(tok.text) in full
        ):
            unit = Unit(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), label="PERSON")
            unit.head = unit.phrase_head = tok.i
            actor = Actor(
                text=tok.text,
                name=tok.text,
                actor_id="",
                kind="person",
                start=tok.idx,
                end=tok.idx + len(tok.text),
            )
            added.append(Mention([unit], tok.i, tok.i + 1, tok.i, actor, named=True))
    if added:
        mentions = sorted([*mentions, *added], key=lambda m: (m.start, m.end))
    for m in mentions:
        a = m.actor
        unit = next((u for u in m.units if u.start <= m.head < u.end), None)
        single = unit is not None and unit.end - unit.start == 1
        # a surname the recogniser took for an unknown organisation or place ('Machado has
        # suggested') is the person's
        short_kind = a.kind == "person" or (
            a.actor_id.startswith(("unk:organisation:", "unk:country:"))
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
    return _same_person_same_country([m for m in mentions if m.actor.actor_id])


def _same_person_same_country(mentions: list[Mention]) -> list[Mention]:
    """A person mention with no country takes the country another mention of the same person
    has ('Austrian Chancellor Christian Stocker ... Stocker said'): the title that placed the
    person is said once."""
    placed: dict[str, Mention] = {}
    for m in mentions:
        a = m.actor
        if a.kind == "person" and a.country and a.actor_id not in placed:
            placed[a.actor_id] = m
    for m in mentions:
        a = m.actor
        first = placed.get(a.actor_id) if a.kind == "person" and not a.country else None
        if first is None:
            continue
        src = first.actor
        m.actor = Actor(
            text=a.text,
            name=a.name,
            actor_id=a.actor_id,
            country=src.country,
            sectors=list(a.sectors or src.sectors),
            kind=a.kind,
            start=a.start,
            end=a.end,
            why=f"{a.why}; country {src.country} from '{src.text}' in the same article",
        )
    return mentions
