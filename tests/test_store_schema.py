"""The store's schema: a fresh store is exactly the recorded one, whatever generates the SQL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from newsevents.models import ArticleInput
from newsevents.store import Store, summaries
from newsevents.store.events import EventFilter, count_events, save_events

RECORDED = Path(__file__).parent / "data" / "store_schema.sql"


def render_schema(db: Path) -> str:
    """sqlite_master of a store file in the recorded file's layout."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    header = RECORDED.read_text().split("\n\n", 1)[0] + "\n"
    parts = [header]
    for kind, name, table, sql in rows:
        parts.append(
            f"\n-- {kind} {name} on {table}\n{sql if sql is not None else '-- (automatic)'};\n"
        )
    return "".join(parts)


def test_fresh_store_schema_is_the_recorded_one(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    Store(db).close()
    assert render_schema(db) == RECORDED.read_text()


def _record(
    event_id: str, quad: int, src: str, tgt: str, day: str | None, place: tuple[str, float] | None
) -> dict[str, Any]:
    """An event record with what the events table and its summaries read."""
    return {
        "event_id": event_id,
        "plover_type": "ASSAULT" if quad == 4 else "CONSULT",
        "plover_mode": None,
        "cameo_code": "190" if quad == 4 else "042",
        "quad_class": quad,
        "goldstein": -10.0 if quad == 4 else 1.0,
        "sources": [{"actor_id": src or "x", "country": src or None}],
        "targets": [{"actor_id": tgt, "country": tgt}],
        "date": day,
        "date_precision": None if day is None else {4: "year", 7: "month"}.get(len(day), "day"),
        "location": None
        if place is None
        else {"name": place[0], "country": tgt, "lat": place[1], "lon": -place[1]},
        "modality": "asserted",
        "confidence": 0.5,
    }


def _summaries_match_events(store: Store) -> None:
    """Every summary read gives what counting the events themselves gives."""
    every = EventFilter(limit=None)
    assert summaries.totals(store).events == count_events(store)
    assert dict(summaries.quad_counts(store, every)) == summaries.quad_totals(store)
    assert sorted(summaries.month_quads(store, None)) == sorted(summaries.month_quads(store, every))
    assert summaries.top_dyads(store, None, limit=50) == summaries.top_dyads(store, every, limit=50)
    assert sorted(summaries.place_counts(store, None)) == sorted(
        summaries.place_counts(store, every)
    )


def test_summary_triggers_follow_inserts_updates_and_deletes(store: Store) -> None:
    first, second = store.add_articles([ArticleInput(text="one"), ArticleInput(text="two")])
    one, two = store.get(first.id), store.get(second.id)
    assert one is not None and two is not None
    save_events(
        store,
        one,
        [
            _record("e1", 1, "RUS", "UKR", "2024-06-05", ("Kyiv", 50.45)),
            _record("e2", 4, "RUS", "UKR", "2024-06", None),
            _record("e3", 3, "ISR", "PSE", "2024", ("Gaza", 31.5)),
            _record("e4", 2, "", "USA", None, None),
        ],
        coder_version="1",
    )
    save_events(
        store,
        two,
        [_record("e5", 1, "RUS", "UKR", "2024-06-05", ("Kyiv", 50.45))],
        coder_version="1",
    )
    _summaries_match_events(store)
    # first and last day are typed: a month counts from its first day, a year-only date has none
    assert summaries.totals(store) == (5, "2024-06-01", "2024-06-05")
    assert summaries.top_dyads(store, None, limit=5)[0] == ("RUS", "UKR", 3, 2)

    # recoding an article deletes its rows and inserts new ones
    save_events(
        store,
        one,
        [_record("e1", 4, "RUS", "UKR", "2024-07-01", ("Lviv", 49.8))],
        coder_version="2",
    )
    _summaries_match_events(store)
    # an update of a summarised column moves the counts (the update trigger)
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute("UPDATE events SET quad_class = 2, location_lat = 1.25 WHERE event_id = 'e5'")
    _summaries_match_events(store)
    assert summaries.quad_totals(store) == {2: 1, 4: 1}
    save_events(store, two, [], coder_version="2")
    _summaries_match_events(store)
    assert summaries.totals(store) == (1, "2024-07-01", "2024-07-01")
    assert len(summaries.place_counts(store, None)) == 1  # counts that fall to 0 are deleted
