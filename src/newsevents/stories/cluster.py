"""Story clustering: events grouped by (sources, type, targets, place, modality), split into
bounded date windows, with events of near-duplicate articles kept together. Pure Python, no I/O."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

WINDOW_DAYS = 3
"""A story covers its first event's day and the WINDOW_DAYS days after it.

Reports of one happening arrive over a day or two (the wire, then follow-ups), and the coder
dates an event without a date expression by the article's publication day, which is often the
day after; three days absorb both. The window is anchored at the story's first event, not
chained, so an ongoing campaign (daily shelling for a year) cannot grow into one endless story,
and a second visit by the same minister a month later is a second story."""


@dataclass(slots=True)
class EventRow:
    """What clustering needs of one stored event."""

    event_id: str
    article_id: str
    plover_type: str
    source_actors: str
    target_actors: str
    place: str | None
    modality: str
    date: str | None
    confidence: float
    mentions: int = 1


@dataclass(slots=True)
class Cluster:
    """One story: its id, its events (indexes into the input), first and representative event."""

    story_id: str
    members: list[int]
    first: int
    representative: int


def story_key(ev: EventRow) -> tuple[str, str, str, str, str]:
    """Who did what to whom where, and how it was said: events differing here are other stories.

    Actors are compared by id (order ignored); the place by country, since place names of one
    happening vary between reports; modality as coded (a promise and a deed are different).
    """
    return (
        ",".join(sorted(ev.source_actors.split(","))),
        ev.plover_type,
        ",".join(sorted(ev.target_actors.split(","))),
        ev.place or "",
        ev.modality,
    )


def _day(value: str | None) -> int | None:
    """Ordinal day of an ISO date (or datetime) string; None for coarser or missing dates."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def story_id_for(key: Sequence[str], first_event_id: str) -> str:
    """Stable story id from its key and its first event's id."""
    raw = "|".join([*key, first_event_id])
    return "s" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def cluster_events(
    events: Sequence[EventRow],
    dup_root: Mapping[str, str],
    *,
    window_days: int = WINDOW_DAYS,
) -> list[Cluster]:
    """Cluster events into stories.

    ``dup_root`` maps an article that belongs to a group of near-duplicates (any member,
    including the earliest) to the group's earliest article. Events of one such group with the
    same key form one unit that is never split; every other event is a unit of its own. Units
    are sorted by their first day and a story takes every unit starting within ``window_days``
    of its own first day. Events with only a month or year join the units of the same key and
    the same coarse date; undated events stay stories of their own.
    """
    by_key: dict[tuple[str, str, str, str, str], dict[str, list[int]]] = defaultdict(dict)
    for i, ev in enumerate(events):
        key = story_key(ev)
        root = dup_root.get(ev.article_id)
        unit = f"d:{root}" if root is not None else f"e:{i}"
        by_key[key].setdefault(unit, []).append(i)

    out: list[Cluster] = []
    for key, units in by_key.items():
        dated: list[tuple[int, list[int]]] = []
        coarse: dict[str, list[int]] = defaultdict(list)
        for members in units.values():
            days = [d for d in (_day(events[i].date) for i in members) if d is not None]
            if days:
                dated.append((min(days), members))
                continue
            coarse_dates = sorted(events[i].date or "" for i in members)
            if coarse_dates[0]:
                coarse[coarse_dates[0]].extend(members)
            else:
                out.append(_make(key, members, events))
        dated.sort(key=lambda u: (u[0], min(events[i].event_id for i in u[1])))
        start = -(10**9)
        current: list[int] = []
        for first_day, members in dated:
            if current and first_day <= start + window_days:
                current.extend(members)
                continue
            if current:
                out.append(_make(key, current, events))
            start, current = first_day, list(members)
        if current:
            out.append(_make(key, current, events))
        for members in coarse.values():
            out.append(_make(key, members, events))
    return out


def _make(key: Sequence[str], members: list[int], events: Sequence[EventRow]) -> Cluster:
    """A cluster with its first event (earliest date, then id) and representative event
    (highest confidence, then earliest, then id)."""
    members = sorted(members, key=lambda i: (events[i].date or "9999", events[i].event_id))
    first = members[0]
    rep = min(
        members,
        key=lambda i: (-events[i].confidence, events[i].date or "9999", events[i].event_id),
    )
    return Cluster(story_id_for(key, events[first].event_id), members, first, rep)
