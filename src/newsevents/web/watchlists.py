"""The web app's watchlist and alert writes (``--allow-ingest`` only): a watchlist stored as
``newsevents watch add`` stores it, and acknowledging an alert as ``newsevents alerts ack`` does."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException

from ..errors import NewsEventsError
from ..store import Store
from ..store import watch as db
from ..store.filter_params import FILTER_PARAMS, BadFilter, parse_filters
from ..watch import alerts as watching
from ..watch.alerts import Alert
from ..watch.rules import BadWatchlist, SpikeRule, Watchlist, check_name

#: The query parameters a watchlist keeps: the explorer's filters (not its sort or paging).
FILTER_NAMES = frozenset(p.name for p in FILTER_PARAMS)


def now() -> str:
    """The current UTC time as the CLI stamps watchlists and acknowledgements."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def coded(exc: NewsEventsError) -> str:
    """An error's message led by its code and the code's meaning (as the app's errors are)."""
    return f"{exc.code.name} {exc.code.value}: {exc.message}"


def add_watchlist(
    store: Store,
    *,
    name: str,
    values: Mapping[str, str | None],
    spike: Mapping[str, Any] | None = None,
    backfill: bool = False,
) -> db.WatchlistRow:
    """Store watchlist ``name`` over these filter parameters (the explorer's names and values);
    HTTP 422 for a bad name, filter or spike rule (E026/E030), 409 when the name is taken."""
    unknown = sorted(set(values) - FILTER_NAMES)
    try:
        check_name(name)
        if unknown:
            raise BadWatchlist(f"unknown filter {', '.join(unknown)}")
        try:
            fields = parse_filters(values)
        except BadFilter as exc:
            raise HTTPException(422, coded(exc)) from None
        rule = None
        if spike is not None:
            try:
                rule = SpikeRule(float(spike["k"]), int(spike.get("min_count", 5)))
            except (KeyError, TypeError, ValueError):
                raise BadWatchlist("spike: give {k: factor, min_count: count}") from None
        return watching.add_watchlist(store, Watchlist(name, fields, rule), backfill=backfill)
    except BadWatchlist as exc:
        raise HTTPException(422, coded(exc)) from None
    except db.WatchlistExists:
        raise HTTPException(409, f"a watchlist named {name!r} exists already") from None


def ack(store: Store, alert_id: int) -> dict[str, Any]:
    """Acknowledge one alert (``{id, acked, was_unread}``); HTTP 404 when there is none."""
    result = db.ack_alert(store, alert_id, when=now())
    if result is None:
        raise HTTPException(404, f"no alert {alert_id}")
    return {"id": alert_id, "acked": True, "was_unread": result}


def alert_dicts(rows: list[db.AlertRow]) -> list[dict[str, Any]]:
    """Alerts as JSON, as ``alerts show --json`` prints them."""
    return [Alert.from_row(r).to_dict() for r in rows]
