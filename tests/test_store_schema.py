"""The store's schema: a fresh store is exactly the recorded one, whatever generates the SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsevents.store import Store
from newsevents.store.schema import MIGRATIONS, SCHEMA_VERSION

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


def test_summary_triggers_are_in_the_recorded_schema() -> None:
    """The generated migration still creates the three triggers and three summary tables."""
    recorded = RECORDED.read_text()
    for name in ("events_summary_ai", "events_summary_ad", "events_summary_au"):
        assert f"-- trigger {name} on events" in recorded
    assert SCHEMA_VERSION == len(MIGRATIONS) == 4
    for table in ("event_summary_day", "event_summary_dyad", "event_summary_place"):
        assert MIGRATIONS[3].count(f"INSERT INTO {table} ") == 3  # backfill, insert, update
