"""Evaluate the watchlists on the store's events, store each new alert once, deliver alerts.

:func:`run_watchlists` is what the ``watch`` loop calls at the end of every round.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..store import Store
from ..store import watch as db
from .deliver import Delivery, DeliveryFailed
from .rules import BASELINE_DAYS, RECENT, BadWatchlist, Watchlist, spike_windows

#: Deliveries to one target are given up after this many failed rounds (state ``failed``).
MAX_ATTEMPTS = 24


@dataclass(frozen=True, slots=True)
class Alert:
    """A stored alert: the watchlist, the story (its key), the event, the rule that fired."""

    id: int
    watchlist: str
    story_id: str
    event_id: str
    rule: dict[str, Any]
    event: dict[str, Any]
    created: str
    acked: str | None = None
    deliveries: dict[str, dict[str, Any]] | None = None

    @classmethod
    def from_row(cls, row: db.AlertRow) -> Alert:
        """An alert as the store holds it."""
        return cls(
            row.id,
            row.watchlist,
            row.story_id,
            row.event_id,
            row.rule,
            row.record,
            row.created,
            row.acked,
            row.deliveries,
        )

    def to_dict(self) -> dict[str, Any]:
        """The alert as JSON (the JSONL line, the webhook body, ``alerts show --json``)."""
        out: dict[str, Any] = {
            "id": self.id,
            "watchlist": self.watchlist,
            "story_id": self.event.get("story_id") or None,
            "alert_key": self.story_id,
            "event_id": self.event_id,
            "rule": self.rule,
            "created": self.created,
            "acked": self.acked,
            "event": self.event,
            "evidence": self.event.get("evidence"),
        }
        if self.deliveries is not None:
            out["deliveries"] = self.deliveries
        return out

    def line(self) -> str:
        """One line for people: id, watchlist, what happened, who to whom, when, the rule."""
        ev = self.event
        sources = ",".join(a.get("actor_id", "?") for a in ev.get("sources", [])) or "?"
        targets = ",".join(a.get("actor_id", "?") for a in ev.get("targets", [])) or "?"
        when = ev.get("date_start") or ev.get("date") or "undated"
        if self.rule.get("kind") == "spike":
            why = f"spike {self.rule['recent']} in 24h vs {self.rule['daily_mean']:g}/day"
        else:
            why = "match"
        sentence = " ".join(str((ev.get("evidence") or {}).get("sentence") or "").split())
        if len(sentence) > 120:
            sentence = sentence[:119] + "…"
        return (
            f"ALERT #{self.id} [{self.watchlist}] {why}: {ev.get('plover_type', '?')} "
            f"{sources} -> {targets} {when} (event {self.event_id}) {sentence}".rstrip()
        )


def load_watchlists(store: Store) -> list[Watchlist]:
    """Every stored watchlist as rules."""
    return [
        Watchlist.from_stored(w.name, w.filters, w.spike, w.created)
        for w in db.list_watchlists(store)
    ]


def add_watchlist(
    store: Store, watchlist: Watchlist, *, backfill: bool = False, now: datetime | None = None
) -> db.WatchlistRow:
    """Store a watchlist: the one path of ``watch add`` and the web's form. BadWatchlist (E026)
    when it has neither an event filter nor a spike rule; ``db.WatchlistExists`` when its name
    is taken."""
    if not watchlist.filters and watchlist.spike is None:
        raise BadWatchlist("give at least one event filter (actor, type, ...) or a spike rule")
    return db.add_watchlist(
        store,
        watchlist.name,
        filters=watchlist.filter_values(),
        spike=None if watchlist.spike is None else watchlist.spike.to_dict(),
        created=_iso(now or datetime.now(UTC)),
        backfill=backfill,
    )


def watchlist_json(row: db.WatchlistRow, counts: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    """A stored watchlist as JSON (``watch list --json`` and the web API), with its alert and
    unread counts and its rule in words."""
    return {
        "name": row.name,
        "filters": row.filters,
        "spike": row.spike,
        "created": row.created,
        "alerts": counts[0],
        "unread": counts[1],
        "rule": Watchlist.from_stored(row.name, row.filters, row.spike, row.created).describe(),
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _story_key(event_id: str, story_id: str | None) -> str:
    return story_id if story_id else f"event:{event_id}"


def _match_alerts(
    store: Store, row: db.WatchlistRow, watchlist: Watchlist
) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(key, event id, record, rule) for each new story matching a plain watchlist."""
    where, params = watchlist.event_filter().where()
    seen: set[str] = set()
    out: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = []
    for event_id, story_id, record in db.new_matches(
        store, where, params, from_rowid=row.from_rowid
    ):
        key = _story_key(event_id, story_id)
        if key in seen:
            continue
        seen.add(key)
        rule = {"kind": "match", "filters": watchlist.filter_values()}
        out.append((key, event_id, {**record, "story_id": story_id}, rule))
    return out


def _spike_alert(
    store: Store, watchlist: Watchlist, now: datetime
) -> tuple[str, str, dict[str, Any], dict[str, Any]] | None:
    """(key, event id, record, rule) when the watchlist's events spike at ``now``, at most
    once per 24 hours."""
    assert watchlist.spike is not None
    last = db.last_alert_time(store, watchlist.name, prefix="spike:")
    if last is not None and now - datetime.fromisoformat(last) < RECENT:
        return None
    where, params = watchlist.event_filter().where()
    recent_start, base_start = spike_windows(now)
    recent, baseline = db.reported_counts(
        store,
        where,
        params,
        recent_start=_iso(recent_start),
        base_start=_iso(base_start),
        now=_iso(now),
    )
    if not watchlist.spike.fires(recent, baseline):
        return None
    newest = db.newest_reported(store, where, params, since=_iso(recent_start), now=_iso(now))
    if newest is None:  # pragma: no cover - recent > 0 guarantees one
        return None
    event_id, story_id, record = newest
    rule = {
        "kind": "spike",
        "filters": watchlist.filter_values(),
        "k": watchlist.spike.k,
        "min_count": watchlist.spike.min_count,
        "recent": recent,
        "baseline": baseline,
        "daily_mean": round(baseline / BASELINE_DAYS, 3),
        "window_start": _iso(recent_start),
        "window_end": _iso(now),
    }
    key = f"spike:{now.astimezone(UTC).date().isoformat()}"
    return key, event_id, {**record, "story_id": story_id}, rule


def run_watchlists(
    store: Store, *, deliver: Delivery | None = None, now: datetime | None = None
) -> list[Alert]:
    """Evaluate every watchlist on the store's events, store each new alert once (one per
    watchlist per story), deliver the new ones, return them.

    Deliveries still pending from earlier rounds (a webhook that failed) to the targets given
    are tried again too; ``now`` (timezone-aware; UTC when naive) defaults to the clock.
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    created = _iso(moment)
    targets = deliver.names if deliver is not None else []
    new: list[int] = []
    for row in db.list_watchlists(store):
        watchlist = Watchlist.from_stored(row.name, row.filters, row.spike, row.created)
        if watchlist.spike is None:
            found = _match_alerts(store, row, watchlist)
        else:
            spike = _spike_alert(store, watchlist, moment)
            found = [] if spike is None else [spike]
        for key, event_id, record, rule in found:
            alert_id = db.insert_alert(
                store,
                watchlist=watchlist.name,
                story_id=key,
                event_id=event_id,
                rule=rule,
                record=record,
                created=created,
                targets=targets,
                same_story=watchlist.spike is None,
            )
            if alert_id is not None:
                new.append(alert_id)
    if deliver is not None:
        deliver_pending(store, deliver, now=moment)
    alerts = [db.get_alert(store, i) for i in new]
    return [Alert.from_row(a) for a in alerts if a is not None]


def deliver_pending(store: Store, deliver: Delivery, *, now: datetime | None = None) -> int:
    """Try every pending delivery to the given targets, oldest alert first; each outcome is
    committed at once. How many were delivered."""
    when = _iso(now or datetime.now(UTC))
    done = 0
    for alert_id, name in db.pending_deliveries(store, deliver.names):
        target = deliver.target(name)
        row = db.get_alert(store, alert_id)
        if target is None or row is None:
            continue
        alert = replace(Alert.from_row(row), deliveries=None)
        try:
            target.send(alert)
        except DeliveryFailed as exc:
            attempts = db.delivery_attempts(store, alert_id, name) + 1
            state: db.DeliveryState = "failed" if attempts >= MAX_ATTEMPTS else "pending"
            db.mark_delivery(store, alert_id, name, state=state, when=when, error=str(exc))
            continue
        db.mark_delivery(store, alert_id, name, state="delivered", when=when)
        done += 1
    return done
