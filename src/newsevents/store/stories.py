"""Stories in the store: what clustering reads of the events, the atomic replacement of the
stories table, and reading a story and its events back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .records import record_json
from .schema import STORY_DATES
from .sqlite import Store

_CHUNK = 500
"""Ids per ``IN (...)`` list, well below SQLite's bound-parameter limit."""


class ClusterInput(NamedTuple):
    """What story clustering needs of one stored event."""

    event_id: str
    article_id: str
    plover_type: str
    source_actors: str
    target_actors: str
    location_country: str | None
    modality: str
    date: str | None
    confidence: float
    mentions: int
    date_precision: str | None
    location_rule: str | None
    """How the coder placed the event: ``clause``/``sentence`` (named in its sentence),
    ``paragraph``, ``dateline``, ``article_focus``, ``unplaced`` (stores coded by earlier coders
    may hold ``focus``, ``target``/``source`` (an actor's country) or ``unknown``)."""
    sentence: str


def has_stories(store: Store) -> bool:
    """Whether the stories table has been filled (by ``newsevents.stories``)."""
    return store._execute("SELECT 1 FROM stories LIMIT 1").fetchone() is not None


def count_stories(store: Store) -> int:
    """How many stories there are."""
    return int(store._execute("SELECT COUNT(*) FROM stories").fetchone()[0])


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story record by id; None when there is no such story."""
    row = store._execute("SELECT record FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    return json.loads(row[0]) if row else None


def story_events(store: Store, story_id: str) -> list[dict[str, Any]]:
    """The event records of a story (its evidence), earliest first."""
    cursor = store._execute(
        "SELECT record FROM events WHERE story_id = ? ORDER BY date_start, event_id", (story_id,)
    )
    return [json.loads(r[0]) for r in cursor]


def story_mentions(store: Store, story_id: str, *, limit: int) -> list[dict[str, Any]]:
    """At most ``limit`` event records of a story, newest first."""
    cursor = store._execute(
        "SELECT record FROM events WHERE story_id = ? ORDER BY date_start DESC, event_id LIMIT ?",
        (story_id, int(limit)),
    )
    return [json.loads(r[0]) for r in cursor]


def cluster_inputs(store: Store) -> list[ClusterInput]:
    """Every stored event as clustering sees it (a record's ``mentions`` default 1)."""
    cursor = store._execute(
        "SELECT event_id, article_id, plover_type, source_actors, target_actors, "
        "location_country, modality, date, confidence, "
        "COALESCE(json_extract(record, '$.mentions'), 1), date_precision, "
        "json_extract(record, '$.extra.location_rule'), "
        "COALESCE(json_extract(record, '$.evidence.sentence'), '') FROM events"
    )
    return [
        ClusterInput(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], int(r[9]), r[10], r[11], r[12]
        )
        for r in cursor
    ]


def event_records(store: Store, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """event id -> stored event record, for these ids (missing ids are left out)."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(event_ids), _CHUNK):
        chunk = list(event_ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for event_id, record in store._execute(
            f"SELECT event_id, record FROM events WHERE event_id IN ({marks})", chunk
        ):
            out[str(event_id)] = json.loads(record)
    return out


def replace_stories(
    store: Store,
    stories: Iterable[dict[str, Any]],
    assignments: Iterable[tuple[str, str]],
) -> None:
    """Make these story records the stories table and point each (event id, story id) event at
    its story, in one transaction (or the caller's). A story's typed dates span its events'."""
    with store.transaction():
        store._write("DELETE FROM stories")
        store._write_many(
            "INSERT INTO stories (story_id, article_id, plover_type, plover_mode, cameo_code, "
            "quad_class, goldstein, source_actors, target_actors, source_countries, "
            "target_countries, date, date_end, date_precision, location_country, location_name, "
            "location_lat, location_lon, modality, confidence, num_mentions, num_articles, "
            "num_sources, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            (_story_row(rec) for rec in stories),
        )
        store._write_many(
            "UPDATE events SET story_id = ? WHERE event_id = ? AND story_id IS NOT ?",
            ((story_id, event_id, story_id) for event_id, story_id in assignments),
        )
        for statement in STORY_DATES:
            store._write(statement)


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
