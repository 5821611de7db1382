"""Build the ``stories`` table from stored events, atomically, and read a story's evidence back."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from ..store import Store
from ..store.records import record_json
from .cluster import WINDOW_DAYS, Cluster, EventRow, cluster_events
from .dedup import find_duplicates, update_signatures, write_duplicates
from .minhash import THRESHOLD

Progress = Callable[[str, int], None]
"""Called with a stage name ('signatures', 'events', 'stories') and how many items it handled."""

_CHUNK = 500


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
    """An article's outlet: its source name, else its URL's host without ``www.``."""
    if source and source.strip():
        return source.strip()
    if url:
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None


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
    with store.transaction() as conn:
        duplicates = find_duplicates(conn, threshold=threshold)
        write_duplicates(conn, duplicates)
        dup_root: dict[str, str] = {}
        for d in duplicates:
            dup_root[d.article_id] = d.duplicate_of
            dup_root[d.duplicate_of] = d.duplicate_of
        rows, precisions = _load_events(conn)
        if progress:
            progress("events", len(rows))
        clusters = cluster_events(rows, dup_root, window_days=window_days)
        _write_stories(conn, rows, precisions, clusters)
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


def _load_events(conn: sqlite3.Connection) -> tuple[list[EventRow], list[str | None]]:
    """Every stored event as an EventRow, with its date precision alongside."""
    cursor = conn.execute(
        "SELECT event_id, article_id, plover_type, source_actors, target_actors, "
        "location_country, modality, date, confidence, "
        "COALESCE(json_extract(record, '$.mentions'), 1), date_precision FROM events"
    )
    rows: list[EventRow] = []
    precisions: list[str | None] = []
    for r in cursor:
        rows.append(EventRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], int(r[9])))
        precisions.append(r[10])
    return rows, precisions


def _write_stories(
    conn: sqlite3.Connection,
    rows: Sequence[EventRow],
    precisions: Sequence[str | None],
    clusters: Sequence[Cluster],
) -> None:
    """Replace the stories table and point every event at its story (caller's transaction)."""
    outlets: dict[str, str | None] = {
        aid: outlet_of(source, url)
        for aid, source, url in conn.execute(
            "SELECT id, source, url FROM articles WHERE is_current = 1"
        )
    }
    records: dict[str, dict[str, Any]] = {}
    rep_ids = [rows[c.representative].event_id for c in clusters]
    for start in range(0, len(rep_ids), _CHUNK):
        chunk = rep_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for event_id, record in conn.execute(
            f"SELECT event_id, record FROM events WHERE event_id IN ({marks})", chunk
        ):
            records[event_id] = json.loads(record)
    conn.execute("DELETE FROM stories")
    story_rows: list[tuple[Any, ...]] = []
    assignments: list[tuple[str, str, str]] = []
    for c in clusters:
        rec = story_record(c, rows, precisions, records[rows[c.representative].event_id], outlets)
        story_rows.append(_story_row(rec))
        assignments.extend((c.story_id, rows[i].event_id, c.story_id) for i in c.members)
    conn.executemany(
        "INSERT INTO stories (story_id, article_id, plover_type, plover_mode, cameo_code, "
        "quad_class, goldstein, source_actors, target_actors, source_countries, "
        "target_countries, date, date_end, date_precision, location_country, location_name, "
        "location_lat, location_lon, modality, confidence, num_mentions, num_articles, "
        "num_sources, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        story_rows,
    )
    conn.executemany(
        "UPDATE events SET story_id = ? WHERE event_id = ? AND story_id IS NOT ?", assignments
    )


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


def _story_row(rec: dict[str, Any]) -> tuple[Any, ...]:
    """A stories-table row from a story record (the columns mirror an events row)."""
    loc = rec.get("location") or {}
    return (
        rec["story_id"],
        rec["article_id"],
        rec["plover_type"],
        rec.get("plover_mode"),
        rec["cameo_code"],
        rec["quad_class"],
        rec["goldstein"],
        ",".join(a["actor_id"] for a in rec["sources"]),
        ",".join(a["actor_id"] for a in rec["targets"]),
        ",".join(a.get("country") or "" for a in rec["sources"]),
        ",".join(a.get("country") or "" for a in rec["targets"]),
        rec["date"],
        rec["date_end"],
        rec["date_precision"],
        loc.get("country"),
        loc.get("name"),
        loc.get("lat"),
        loc.get("lon"),
        rec["modality"],
        rec["confidence"],
        rec["num_mentions"],
        rec["num_articles"],
        rec["num_sources"],
        record_json(rec),
    )


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story record by id; None when there is no such story."""
    row = store.execute("SELECT record FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    return json.loads(row[0]) if row else None


def story_events(store: Store, story_id: str) -> list[dict[str, Any]]:
    """The event records of a story (its evidence), earliest first."""
    cursor = store.execute(
        "SELECT record FROM events WHERE story_id = ? ORDER BY date, event_id", (story_id,)
    )
    return [json.loads(r[0]) for r in cursor]
