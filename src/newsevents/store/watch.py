"""Watchlists and alerts in the store: the SQL of ``newsevents.watch`` (docs/watch.md).

A watchlist is a name, its event filters (parameter values as JSON), an optional spike rule and
the last article rowid when it was made. An alert is stored once per watchlist per story (the
``(watchlist, story_id)`` key); its delivery to each target is a row of ``alert_deliveries``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .sqlite import Store

DeliveryState = Literal["pending", "delivered", "failed"]

_ARTICLE_ROWID = (
    "(SELECT a.rowid FROM articles a WHERE a.id = events.article_id "
    "AND a.revision = events.article_revision)"
)
#: When an event was reported: its article's publication time, else the time it was stored.
_REPORTED = (
    "(SELECT julianday(COALESCE(a.published, a.ingested_at)) FROM articles a "
    "WHERE a.id = events.article_id AND a.revision = events.article_revision)"
)


@dataclass(frozen=True, slots=True)
class WatchlistRow:
    """A stored watchlist as its columns hold it."""

    name: str
    filters: dict[str, str]
    spike: dict[str, Any] | None
    created: str
    from_rowid: int


@dataclass(frozen=True, slots=True)
class AlertRow:
    """A stored alert with the state of each delivery target."""

    id: int
    watchlist: str
    story_id: str
    event_id: str
    rule: dict[str, Any]
    record: dict[str, Any]
    created: str
    acked: str | None
    deliveries: dict[str, dict[str, Any]]


class WatchlistExists(ValueError):
    """A watchlist of that name is stored already."""


# -- watchlists ----------------------------------------------------------------------------------


def add_watchlist(
    store: Store,
    name: str,
    *,
    filters: dict[str, str],
    spike: dict[str, Any] | None,
    created: str,
    backfill: bool = False,
) -> WatchlistRow:
    """Store a new watchlist; it alerts on articles stored after now (every article with
    ``backfill``). Raises :class:`WatchlistExists` when the name is taken."""
    with store.transaction():
        from_rowid = (
            0
            if backfill
            else int(store._execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0])
        )
        try:
            store._write(
                "INSERT INTO watchlists (name, filters, spike, created, from_rowid) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    name,
                    json.dumps(filters, sort_keys=True),
                    None if spike is None else json.dumps(spike, sort_keys=True),
                    created,
                    from_rowid,
                ),
            )
        except sqlite3.IntegrityError:
            raise WatchlistExists(name) from None
    return WatchlistRow(name, filters, spike, created, from_rowid)


def _watchlist(row: Sequence[Any]) -> WatchlistRow:
    return WatchlistRow(
        str(row[0]),
        json.loads(row[1]),
        None if row[2] is None else json.loads(row[2]),
        str(row[3]),
        int(row[4]),
    )


def list_watchlists(store: Store) -> list[WatchlistRow]:
    """Every watchlist, by name."""
    rows = store._execute(
        "SELECT name, filters, spike, created, from_rowid FROM watchlists ORDER BY name"
    ).fetchall()
    return [_watchlist(r) for r in rows]


def get_watchlist(store: Store, name: str) -> WatchlistRow | None:
    """One watchlist by name; None when there is none."""
    row = store._execute(
        "SELECT name, filters, spike, created, from_rowid FROM watchlists WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None else _watchlist(row)


def remove_watchlist(store: Store, name: str) -> bool:
    """Delete a watchlist (its alerts stay); whether there was one."""
    with store.transaction():
        return store._write("DELETE FROM watchlists WHERE name = ?", (name,)).rowcount > 0


def alert_counts(store: Store) -> dict[str, tuple[int, int]]:
    """watchlist -> (alerts, unread alerts)."""
    rows = store._execute(
        "SELECT watchlist, COUNT(*), SUM(acked IS NULL) FROM alerts GROUP BY watchlist"
    )
    return {str(w): (int(n), int(u)) for w, n, u in rows}


# -- matching -----------------------------------------------------------------------------------


def new_matches(
    store: Store, where: str, params: Sequence[Any], *, from_rowid: int
) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(event id, story id, record) of the events matching a filter's WHERE clause whose
    article was stored after ``from_rowid``, most confident first."""
    clause = (where + " AND " if where else " WHERE ") + f"{_ARTICLE_ROWID} > ?"
    rows = store._execute(
        f"SELECT event_id, story_id, record FROM events{clause} "
        "ORDER BY confidence DESC, date_start DESC, event_id",
        [*params, int(from_rowid)],
    )
    return [(str(e), s, json.loads(r)) for e, s, r in rows]


def reported_counts(
    store: Store,
    where: str,
    params: Sequence[Any],
    *,
    recent_start: str,
    base_start: str,
    now: str,
) -> tuple[int, int]:
    """(events reported in [recent_start, now], events reported in [base_start, recent_start))
    among those matching a WHERE clause; times are ISO 8601 (an offset or UTC)."""
    sql = (
        "SELECT COALESCE(SUM(t >= julianday(?) AND t <= julianday(?)), 0), "
        "COALESCE(SUM(t >= julianday(?) AND t < julianday(?)), 0) "
        f"FROM (SELECT {_REPORTED} AS t FROM events{where})"
    )
    row = store._execute(sql, [recent_start, now, base_start, recent_start, *params]).fetchone()
    return int(row[0]), int(row[1])


def newest_reported(
    store: Store, where: str, params: Sequence[Any], *, since: str, now: str
) -> tuple[str, str | None, dict[str, Any]] | None:
    """(event id, story id, record) of the latest-reported event in [since, now] matching a
    WHERE clause; None when there is none."""
    clause = (where + " AND " if where else " WHERE ") + (
        f"{_REPORTED} BETWEEN julianday(?) AND julianday(?)"
    )
    row = store._execute(
        f"SELECT event_id, story_id, record FROM events{clause} "
        f"ORDER BY {_REPORTED} DESC, confidence DESC, event_id LIMIT 1",
        [*params, since, now],
    ).fetchone()
    return None if row is None else (str(row[0]), row[1], json.loads(row[2]))


def last_alert_time(store: Store, watchlist: str, *, prefix: str) -> str | None:
    """When the watchlist's latest alert whose key starts with ``prefix`` was made."""
    row = store._execute(
        "SELECT MAX(created) FROM alerts WHERE watchlist = ? AND substr(story_id, 1, ?) = ?",
        (watchlist, len(prefix), prefix),
    ).fetchone()
    return None if row[0] is None else str(row[0])


# -- alerts -------------------------------------------------------------------------------------


def insert_alert(
    store: Store,
    *,
    watchlist: str,
    story_id: str,
    event_id: str,
    rule: dict[str, Any],
    record: dict[str, Any],
    created: str,
    targets: Iterable[str],
    same_story: bool = True,
) -> int | None:
    """Store an alert unless the watchlist has one with this key (``story_id``) already or,
    with ``same_story``, one for this event or any event of its story (a story whose id changed
    when stories were rebuilt); a pending delivery per target comes with it. The new alert's
    id, or None when it was not new."""
    with store.transaction():
        cursor = store._write(
            "INSERT OR IGNORE INTO alerts (watchlist, story_id, event_id, rule, record, created) "
            "SELECT ?, ?, ?, ?, ?, ? WHERE NOT ? OR NOT EXISTS (SELECT 1 FROM alerts "
            "WHERE watchlist = ? AND (event_id = ? OR event_id IN "
            "(SELECT event_id FROM events WHERE story_id = ?)))",
            (
                watchlist,
                story_id,
                event_id,
                json.dumps(rule, sort_keys=True),
                json.dumps(record, ensure_ascii=False, sort_keys=True),
                created,
                int(same_story),
                watchlist,
                event_id,
                story_id,
            ),
        )
        if cursor.rowcount < 1:
            return None
        alert_id = int(cursor.lastrowid or 0)
        store._write_many(
            "INSERT INTO alert_deliveries (alert_id, target, state, updated) "
            "VALUES (?, ?, 'pending', ?)",
            [(alert_id, t, created) for t in targets],
        )
    return alert_id


_ALERT_COLUMNS = "id, watchlist, story_id, event_id, rule, record, created, acked"


def _alerts(store: Store, rows: Sequence[Sequence[Any]]) -> list[AlertRow]:
    """Alert rows with their deliveries read alongside."""
    out: list[AlertRow] = []
    for r in rows:
        deliveries = {
            str(t): {"state": s, "attempts": int(n), "updated": u, "error": e}
            for t, s, n, u, e in store._execute(
                "SELECT target, state, attempts, updated, error FROM alert_deliveries "
                "WHERE alert_id = ? ORDER BY target",
                (r[0],),
            )
        }
        out.append(
            AlertRow(
                int(r[0]),
                str(r[1]),
                str(r[2]),
                str(r[3]),
                json.loads(r[4]),
                json.loads(r[5]),
                str(r[6]),
                r[7],
                deliveries,
            )
        )
    return out


def get_alert(store: Store, alert_id: int) -> AlertRow | None:
    """One alert by id; None when there is none."""
    rows = store._execute(
        f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", (int(alert_id),)
    ).fetchall()
    found = _alerts(store, rows)
    return found[0] if found else None


def list_alerts(
    store: Store,
    *,
    watchlist: str | None = None,
    unread: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[AlertRow]:
    """Alerts, newest first, of one watchlist or all, unread ones only with ``unread``."""
    where: list[str] = []
    params: list[Any] = []
    if watchlist is not None:
        where.append("watchlist = ?")
        params.append(watchlist)
    if unread:
        where.append("acked IS NULL")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = store._execute(
        f"SELECT {_ALERT_COLUMNS} FROM alerts{clause} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return _alerts(store, rows)


def count_unread(store: Store) -> int:
    """How many alerts have not been acknowledged (the web header's count)."""
    return int(store._execute("SELECT COUNT(*) FROM alerts WHERE acked IS NULL").fetchone()[0])


def ack_alert(store: Store, alert_id: int, *, when: str) -> bool | None:
    """Acknowledge an alert: True when it was unread, False when acknowledged before, None when
    there is no such alert."""
    with store.transaction():
        if store._write(
            "UPDATE alerts SET acked = ? WHERE id = ? AND acked IS NULL", (when, int(alert_id))
        ).rowcount:
            return True
        found = store._execute("SELECT 1 FROM alerts WHERE id = ?", (int(alert_id),)).fetchone()
        return None if found is None else False


# -- deliveries ---------------------------------------------------------------------------------


def pending_deliveries(store: Store, targets: Sequence[str]) -> list[tuple[int, str]]:
    """(alert id, target) of every pending delivery to one of these targets, oldest first."""
    if not targets:
        return []
    marks = ",".join("?" * len(targets))
    rows = store._execute(
        "SELECT alert_id, target FROM alert_deliveries "
        f"WHERE state = 'pending' AND target IN ({marks}) ORDER BY alert_id, target",
        list(targets),
    )
    return [(int(a), str(t)) for a, t in rows]


def mark_delivery(
    store: Store,
    alert_id: int,
    target: str,
    *,
    state: DeliveryState,
    when: str,
    error: str | None = None,
) -> None:
    """Record one delivery attempt's outcome (committed at once, so a crash after a successful
    delivery cannot send it again)."""
    with store.transaction():
        store._write(
            "UPDATE alert_deliveries SET state = ?, attempts = attempts + 1, updated = ?, "
            "error = ? WHERE alert_id = ? AND target = ?",
            (state, when, error, int(alert_id), target),
        )


def delivery_attempts(store: Store, alert_id: int, target: str) -> int:
    """How many times delivering this alert to this target was tried."""
    row = store._execute(
        "SELECT attempts FROM alert_deliveries WHERE alert_id = ? AND target = ?",
        (int(alert_id), target),
    ).fetchone()
    return 0 if row is None else int(row[0])
