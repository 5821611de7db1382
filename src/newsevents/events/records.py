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

from .detect import SYMMETRIC_TYPES, Detection
from .features import DocContext

if TYPE_CHECKING:
    from ..actors.resolve import ActorMention

__all__ = ["Party", "Record", "article_countries", "build_records", "party_of"]

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
        """What makes two parties the same actor in one article: the country, else the id."""
        return self.country or self.mention.actor.actor_id


@dataclass(slots=True)
class Record:
    """One event of an article, with every mention that reports it."""

    plover_type: str
    sources: list[Party]
    targets: list[Party]
    detections: list[Detection] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """The best mention's confidence, raised a little by each further mention."""
        best = max(d.confidence for d in self.detections)
        return min(0.99, 1 - (1 - best) * (0.85 ** (len(self.detections) - 1)))

    @property
    def modality(self) -> str:
        """The mode of the most confident mention."""
        return max(self.detections, key=lambda d: d.confidence).modality

    def source_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.sources)

    def target_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.targets)


def article_countries(ctx: DocContext) -> Counter[str]:
    """How often each country is named in the text (country mentions and actors' countries)."""
    counts: Counter[str] = Counter()
    for m in ctx.mentions:
        c = m.actor.country
        if c and c != "IGO":
            counts[c] += 2 if m.actor.kind == "country" else 1
    return counts


def party_of(m: ActorMention, ctx: DocContext, main_country: str | None) -> Party:
    """The party a mention names, with its country: its own, else that of a place in its phrase
    ('police in Nairobi'), else the country the article is mostly about (domestic actors act
    where the news is)."""
    actor = m.actor
    if actor.country:
        return Party(m, actor.country, actor.why)
    doc = ctx.doc
    head = doc[m.head]
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
            for p in c.children:
                other = ctx.mention_at(p) if p.dep_ == "pobj" else None
                if other is not None and other is not m and other.actor.country:
                    return Party(m, other.actor.country, f"country from '{c.text} {p.text}'")
    if main_country is not None:
        return Party(m, main_country, f"country {main_country}: the country the text is about")
    return Party(m, None, actor.why)


def _parties(
    mentions: Sequence[tuple[ActorMention, float]], ctx: DocContext, main: str | None
) -> list[Party]:
    out: list[Party] = []
    for m, _ in mentions:
        p = party_of(m, ctx, main)
        if all(q.key != p.key for q in out):
            out.append(p)
    return out


def build_records(detections: Sequence[Detection], ctx: DocContext) -> list[Record]:
    """Group event mentions into records: same type and same parties (for symmetric types,
    one party set holding the other; otherwise the same sources and targets, where a mention
    without targets joins a record that has them)."""
    counts = article_countries(ctx)
    main = counts.most_common(1)[0][0] if counts else None
    records: list[Record] = []
    for det in sorted(detections, key=lambda d: -d.confidence):
        sources = _parties(det.sources, ctx, main)
        named = {s.mention.actor.actor_id for s in sources}
        targets = [
            p for p in _parties(det.targets, ctx, main) if p.mention.actor.actor_id not in named
        ]
        if det.targets and not targets:
            continue  # the only target was the source itself
        if not any(p.country for p in sources):
            continue  # no political actor we can place: not an event we can code
        rec = Record(det.plover_type, sources, targets, [det])
        for other in records:
            if _same_event(other, rec):
                _absorb(other, rec)
                break
        else:
            records.append(rec)
    records.sort(key=lambda r: min(d.trigger.i for d in r.detections))
    return records


def _same_event(a: Record, b: Record) -> bool:
    if a.plover_type != b.plover_type:
        return False
    if a.plover_type in SYMMETRIC_TYPES:
        pa = a.source_keys() | a.target_keys()
        pb = b.source_keys() | b.target_keys()
        return pa <= pb or pb <= pa
    if a.source_keys() != b.source_keys():
        return False
    ta, tb = a.target_keys(), b.target_keys()
    return ta == tb or not ta or not tb


def _absorb(into: Record, other: Record) -> None:
    """Add ``other``'s mentions (and any parties it names that ``into`` lacks) to ``into``."""
    into.detections.extend(other.detections)
    if into.plover_type in SYMMETRIC_TYPES:
        have = into.source_keys() | into.target_keys()
        for p in [*other.sources, *other.targets]:
            if p.key not in have:
                into.sources.append(p)
                have = have | {p.key}
    elif not into.targets and other.targets:
        into.targets = list(other.targets)
