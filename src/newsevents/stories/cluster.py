"""Story clustering: events grouped by (parties, type, modality), split into bounded date
windows and by the place their sentences name, with events of near-duplicate articles kept
together and one wire's sentence in several outlets merged. Pure Python, no I/O."""

from __future__ import annotations

import hashlib
import re
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

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
"""Types whose parties need no direction (the coder's ``events.detect.SYMMETRIC_TYPES``): talks
between the US and Iran are one happening whether a report says the US met Iran, Iran met the
US, or 'the US and Iran held talks'."""

SAME_SENTENCE = 0.6
"""Word-set Jaccard at or above which two evidence sentences of near-duplicate articles are
one wire's sentence (an edited word or a dateline changes a few words of twenty)."""
MIN_WORDS = 6
"""Sentences shorter than this ('He said so.') are too common to tie articles together."""
SHARED_WORDS = 3
"""A weak key (one party, or the same parties on both sides: 'USA accuses USA') says little
about the happening, so its events join one story only when their sentences share this many
content words ('Iran', 'nuclear', 'talks'); otherwise any two reports of a country's domestic
quarrels in three days would be one story."""
_STOP = frozenset(
    [
        "about",
        "after",
        "also",
        "been",
        "before",
        "being",
        "could",
        "during",
        "from",
        "have",
        "into",
        "more",
        "other",
        "over",
        "said",
        "says",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "under",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "year",
        "years",
    ]
)
LOOKAHEAD = 64
"""Each event is compared with at most this many later events of its sentence group, so a
template sentence repeated thousands of times stays linear (like minhash.MAX_BUCKET)."""
_WORD = re.compile(r"\w+", re.UNICODE)
#: A wire dateline opening the sentence ('WASHINGTON, June 5 (Reuters) - '): outlets change it.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'\u2019.\-]+(?:\s[A-Z][A-Z'\u2019.\-]+){0,3}(?:,[^-\u2013\u2014:]{0,40})?"
    r"(?:\([^)]{0,30}\))?\s*(?::|--|[\u2014\u2013-])\s"
)


@dataclass(slots=True)
class EventRow:
    """What clustering needs of one stored event."""

    event_id: str
    article_id: str
    plover_type: str
    source_actors: str
    target_actors: str
    place: str | None
    """Country of the place the event's own sentence names; None when the place came from the
    dateline, the article's most-named place or an actor (those differ between copies of one
    report and say nothing about where this event happened)."""
    modality: str
    date: str | None
    confidence: float
    mentions: int = 1
    sentence: str = ""
    """The evidence sentence (ties one wire's copies in several outlets together)."""


@dataclass(slots=True)
class Cluster:
    """One story: its id, its events (indexes into the input), first and representative event."""

    story_id: str
    members: list[int]
    first: int
    representative: int


def story_key(ev: EventRow) -> tuple[str, str, str]:
    """Who did what to whom, and how it was said: events differing here are other stories.

    Actors are compared by id (order ignored); for a symmetric type (talks, agreements,
    cooperation) sources and targets are one set of parties, so both directions of one meeting
    and the symmetric record are one key. Modality as coded (a promise and a deed differ). The
    place is not in the key: a dateline or an article's focus changes between copies of one
    wire; places the sentences name split a story's window instead (:func:`cluster_events`).
    """
    sources = [a for a in ev.source_actors.split(",") if a]
    targets = [a for a in ev.target_actors.split(",") if a]
    if ev.plover_type in SYMMETRIC_TYPES:
        parties = "~" + ",".join(sorted(set(sources) | set(targets)))
    else:
        parties = ",".join(sorted(sources)) + ">" + ",".join(sorted(targets))
    return (parties, ev.plover_type, ev.modality)


def sentence_words(sentence: str) -> tuple[str, ...]:
    """The sentence's lower-cased words without a leading wire dateline (outlets change it)."""
    return tuple(_WORD.findall(_DATELINE.sub("", sentence, count=1).lower()))


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
    outlets: Mapping[str, str | None] | None = None,
) -> list[Cluster]:
    """Cluster events into stories.

    ``dup_root`` maps an article that belongs to a group of near-duplicates (any member,
    including the earliest) to the group's earliest article. Events of one such group with the
    same key form one unit that is never split; every other event is a unit of its own. Units
    are sorted by their first day and a story takes every unit starting within ``window_days``
    of its own first day; a window whose units name different countries in their sentences is
    one story per country (units naming none join the first). Events with only a month or year
    join the units of the same key and the same coarse date; undated events stay stories of
    their own. Then one wire's sentence merges its stories whatever the key says (the coder may
    read copies differently): events of one type in near-duplicate articles whose sentences are
    near-identical, and events of one type with the same sentence in articles of different
    ``outlets`` (article id -> outlet) within ``window_days``.
    """
    by_key: dict[tuple[str, ...], dict[str, list[int]]] = defaultdict(dict)
    for i, ev in enumerate(events):
        key = story_key(ev)
        root = dup_root.get(ev.article_id)
        unit = f"d:{root}" if root is not None else f"e:{i}"
        by_key[key].setdefault(unit, []).append(i)

    groups: list[list[int]] = []
    for units in by_key.values():
        dated: list[tuple[int, list[int]]] = []
        coarse: dict[str, list[list[int]]] = defaultdict(list)
        for members in units.values():
            days = [d for d in (_day(events[i].date) for i in members) if d is not None]
            if days:
                dated.append((min(days), members))
                continue
            coarse_dates = sorted(events[i].date or "" for i in members)
            if coarse_dates[0]:
                coarse[coarse_dates[0]].append(members)
            else:
                groups.append(members)
        dated.sort(key=lambda u: (u[0], min(events[i].event_id for i in u[1])))
        start = -(10**9)
        window: list[list[int]] = []
        for first_day, members in dated:
            if window and first_day <= start + window_days:
                window.append(members)
                continue
            if window:
                groups.extend(_split_window(window, events))
            start, window = first_day, [members]
        if window:
            groups.extend(_split_window(window, events))
        for same_period in coarse.values():
            groups.extend(_split_window(same_period, events))
    merged = _merge_wires(groups, events, dup_root, outlets or {}, window_days)
    return [_make(members, events) for members in merged]


def _weak(ev: EventRow) -> bool:
    """Whether the event's key names fewer than two parties (see :data:`SHARED_WORDS`)."""
    sources = {a for a in ev.source_actors.split(",") if a}
    targets = {a for a in ev.target_actors.split(",") if a}
    return len(sources | targets) < 2 or sources == targets


def _content_words(sentence: str) -> set[str]:
    return {w for w in sentence_words(sentence) if len(w) >= 4 and w not in _STOP}


def _split_window(units: list[list[int]], events: Sequence[EventRow]) -> list[list[int]]:
    """A window's units split by place and, for a weak key, into groups of units whose
    sentences share :data:`SHARED_WORDS` content words."""
    if len(units) < 2 or not _weak(events[units[0][0]]):
        return _split_by_place(units, events)
    words = [set().union(*(_content_words(events[i].sentence) for i in u)) for u in units]
    parent = list(range(len(units)))

    def find(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for a in range(len(units)):
        for b in range(a + 1, min(len(units), a + 1 + LOOKAHEAD)):
            if len(words[a] & words[b]) >= SHARED_WORDS:
                ra, rb = find(a), find(b)
                parent[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[list[int]]] = defaultdict(list)
    for u, members in enumerate(units):
        parts[find(u)].append(members)
    return [g for part in parts.values() for g in _split_by_place(part, events)]


def _split_by_place(units: list[list[int]], events: Sequence[EventRow]) -> list[list[int]]:
    """A window's units as one story per country their sentences name; units naming no place
    join the first named country's story (or form the only story when none names one)."""
    by_place: dict[str, list[int]] = {}
    unplaced: list[int] = []
    for members in units:
        ordered = sorted(members, key=lambda i: (events[i].date or "9999", events[i].event_id))
        place = next((events[i].place for i in ordered if events[i].place), None)
        if place is None:
            unplaced.extend(members)
        else:
            by_place.setdefault(place, []).extend(members)
    if not by_place:
        return [unplaced]
    out = list(by_place.values())
    out[0].extend(unplaced)
    return out


def _merge_wires(
    groups: list[list[int]],
    events: Sequence[EventRow],
    dup_root: Mapping[str, str],
    outlets: Mapping[str, str | None],
    window_days: int,
) -> list[list[int]]:
    """Union the groups that hold one wire's sentence (see :func:`cluster_events`)."""
    parent = list(range(len(groups)))

    def find(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    group_of = {i: g for g, members in enumerate(groups) for i in members}
    words = {i: sentence_words(events[i].sentence) for i in group_of}
    same_text: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    in_dups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, w in words.items():
        if len(w) < MIN_WORDS:
            continue
        same_text[(events[i].plover_type, w)].append(i)
        root = dup_root.get(events[i].article_id)
        if root is not None:
            in_dups[(events[i].plover_type, root)].append(i)

    def outlet(i: int) -> str | None:
        name = outlets.get(events[i].article_id)
        return name.casefold() if name else None

    def ordered(members: list[int]) -> list[int]:
        return sorted(members, key=lambda i: (_day(events[i].date) or 0, events[i].event_id))

    candidates: set[tuple[int, int]] = set()
    for members in same_text.values():
        members = ordered(members)
        for a, i in enumerate(members):
            for j in members[a + 1 : a + 1 + LOOKAHEAD]:
                di, dj = _day(events[i].date), _day(events[j].date)
                near = di is None or dj is None or abs(di - dj) <= window_days
                if near and outlet(i) and outlet(j) and outlet(i) != outlet(j):
                    candidates.add((min(i, j), max(i, j)))
    for members in in_dups.values():
        members = ordered(members)
        for a, i in enumerate(members):
            for j in members[a + 1 : a + 1 + LOOKAHEAD]:
                wi, wj = set(words[i]), set(words[j])
                if len(wi & wj) >= SAME_SENTENCE * len(wi | wj):
                    candidates.add((min(i, j), max(i, j)))
    for i, j in _match_pairs(candidates, events):
        union(group_of[i], group_of[j])
    merged: dict[int, list[int]] = defaultdict(list)
    for g, members in enumerate(groups):
        merged[find(g)].extend(members)
    return list(merged.values())


def _parties(ev: EventRow) -> tuple[set[str], set[str]]:
    """The event's actor ids and their countries (the three capitals opening an id)."""
    ids = {a for a in f"{ev.source_actors},{ev.target_actors}".split(",") if a}
    return ids, {a[:3] for a in ids if a[:3].isalpha() and a[:3].isupper()}


def _match_pairs(
    candidates: set[tuple[int, int]], events: Sequence[EventRow]
) -> list[tuple[int, int]]:
    """One-to-one pairs of events between two articles out of the candidate pairs.

    One sentence can give several events of one type ('Lavrov met Traore' coded once with the
    people and once with their governments): each event pairs with its best counterpart in the
    other article (same key, then shared actor ids, then shared countries), and a pair sharing
    no party at all is left apart.
    """
    by_articles: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, j in candidates:
        a, b = events[i].article_id, events[j].article_id
        if a == b:
            continue
        by_articles[(a, b) if a < b else (b, a)].append((i, j) if a < b else (j, i))
    out: list[tuple[int, int]] = []
    for pairs in by_articles.values():
        scored = []
        for i, j in pairs:
            (ids_i, ctry_i), (ids_j, ctry_j) = _parties(events[i]), _parties(events[j])
            score = (story_key(events[i]) == story_key(events[j]), len(ids_i & ids_j))
            if score[0] or score[1] or ctry_i & ctry_j:
                scored.append(((*score, len(ctry_i & ctry_j)), i, j))
        used: set[int] = set()
        for _, i, j in sorted(scored, key=lambda t: (-t[0][0], -t[0][1], -t[0][2], t[1], t[2])):
            if i not in used and j not in used:
                used.update((i, j))
                out.append((i, j))
    return out


def _make(members: list[int], events: Sequence[EventRow]) -> Cluster:
    """A cluster with its first event (earliest date, then id), representative event (highest
    confidence, then earliest, then id) and id from the first event's key."""
    members = sorted(members, key=lambda i: (events[i].date or "9999", events[i].event_id))
    first = members[0]
    rep = min(
        members,
        key=lambda i: (-events[i].confidence, events[i].date or "9999", events[i].event_id),
    )
    key = story_key(events[first])
    return Cluster(story_id_for(key, events[first].event_id), members, first, rep)
