"""Build the ``stories`` table from stored events, atomically, and read a story's evidence back."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..store import Store
from ..store.articles import current_sources
from ..store.exports import outlet_name
from ..store.stories import cluster_inputs, event_records, replace_stories
from .cluster import WINDOW_DAYS, Cluster, EventRow, cluster_events
from .dedup import find_duplicates, update_signatures, write_duplicates
from .minhash import THRESHOLD

Progress = Callable[[str, int], None]
"""Called with a stage name ('signatures', 'events', 'stories') and how many items it handled."""


@dataclass(slots=True)
class StoryReport:
    """What a build did: signatures computed, duplicate articles, events and stories, time."""

    signatures: int
    duplicates: int
    events: int
    stories: int
    seconds: float
    window_days: int
    threshold: float

    def to_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return asdict(self)


def outlet_of(source: str | None, url: str | None) -> str | None:
    """An article's outlet: its source name, else its URL's host without ``www.`` (the name
    exports cite too)."""
    return outlet_name(source, url)


def build_stories(
    store: Store,
    *,
    window_days: int = WINDOW_DAYS,
    threshold: float = THRESHOLD,
    progress: Progress | None = None,
) -> StoryReport:
    """Rebuild near-duplicates and stories from every stored event, in one transaction.

    Signatures are computed only for articles lacking one. The rest (duplicate groups, the
    ``stories`` rows, ``events.story_id``) is rebuilt inside a single write transaction, so
    readers see the old stories or the new ones, never a half-built table; rebuilding an
    unchanged store writes the same rows with the same ids.
    """
    started = time.perf_counter()
    signed = update_signatures(
        store, progress=(lambda n: progress("signatures", n)) if progress else None
    )
    with store.transaction():
        duplicates = find_duplicates(store, threshold=threshold)
        write_duplicates(store, duplicates)
        dup_root: dict[str, str] = {}
        for d in duplicates:
            dup_root[d.article_id] = d.duplicate_of
            dup_root[d.duplicate_of] = d.duplicate_of
        rows, precisions = _load_events(store)
        if progress:
            progress("events", len(rows))
        outlets = {aid: outlet_of(source, url) for aid, source, url in current_sources(store)}
        clusters = cluster_events(rows, dup_root, window_days=window_days, outlets=outlets)
        _write_stories(store, rows, precisions, clusters, outlets)
    if progress:
        progress("stories", len(clusters))
    return StoryReport(
        signatures=signed,
        duplicates=len(duplicates),
        events=len(rows),
        stories=len(clusters),
        seconds=round(time.perf_counter() - started, 3),
        window_days=window_days,
        threshold=threshold,
    )


STATED_PLACE = frozenset({"clause", "sentence"})
"""Location rules of a place the event's own sentence names (the others, paragraph, dateline,
the article's focus (``article_focus``), are weaker evidence of where this event happened;
``unplaced`` events have no place)."""


def _load_events(store: Store) -> tuple[list[EventRow], list[str | None]]:
    """Every stored event as an EventRow, with its date precision alongside."""
    rows: list[EventRow] = []
    precisions: list[str | None] = []
    for r in cluster_inputs(store):
        rows.append(
            EventRow(
                r.event_id,
                r.article_id,
                r.plover_type,
                r.source_actors,
                r.target_actors,
                r.location_country if r.location_rule in STATED_PLACE else None,
                r.modality,
                r.date,
                r.confidence,
                r.mentions,
                r.sentence,
            )
        )
        precisions.append(r.date_precision)
    return rows, precisions


def _write_stories(
    store: Store,
    rows: Sequence[EventRow],
    precisions: Sequence[str | None],
    clusters: Sequence[Cluster],
    outlets: dict[str, str | None],
) -> None:
    """Replace the stories and point every event at its story (caller's transaction)."""
    records = event_records(store, [rows[c.representative].event_id for c in clusters])
    stories: list[dict[str, Any]] = []
    assignments: list[tuple[str, str]] = []
    for c in clusters:
        stories.append(
            story_record(c, rows, precisions, records[rows[c.representative].event_id], outlets)
        )
        assignments.extend((rows[i].event_id, c.story_id) for i in c.members)
    replace_stories(store, stories, assignments)


def story_record(
    cluster: Cluster,
    rows: Sequence[EventRow],
    precisions: Sequence[str | None],
    representative: dict[str, Any],
    outlets: dict[str, str | None],
) -> dict[str, Any]:
    """The representative event's record with the story fields added.

    ``confidence`` stays the representative's, which is the story's highest: reports of one
    happening share phrasing and coder errors, so multiplying their confidences would overstate
    it; corroboration is in ``num_sources`` instead.
    """
    members = [rows[i] for i in cluster.members]  # sorted by date, then event id
    article_ids = list(dict.fromkeys(ev.article_id for ev in members))
    names: dict[str, str] = {}
    for aid in article_ids:
        name = outlets.get(aid)
        if name is not None:
            names.setdefault(name.casefold(), name)
    n_unknown = 1 if any(outlets.get(aid) is None for aid in article_ids) else 0
    dates = [ev.date for ev in members if ev.date]
    first = rows[cluster.first]
    return {
        **representative,
        "story_id": cluster.story_id,
        "date": first.date,
        "date_end": max(dates) if dates else None,
        "date_precision": precisions[cluster.first],
        "num_mentions": sum(ev.mentions for ev in members),
        "num_articles": len(article_ids),
        "num_sources": len(names) + n_unknown,
        "event_ids": [ev.event_id for ev in members],
        "article_ids": article_ids,
        "outlets": sorted(names.values(), key=str.casefold),
    }
