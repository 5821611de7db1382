"""Event counts by day, dyad and place: read from the trigger-kept summary tables when no filter
applies (``flt=None``), else counted from the matching events with the same key expressions."""

from __future__ import annotations

from typing import NamedTuple

from .events import EventFilter
from .schema import SUMMARY_TABLES
from .sqlite import Store

_DAY, _DYAD, _PLACE = SUMMARY_TABLES


class Totals(NamedTuple):
    """Every event counted once: how many, first and last day (None when there are none)."""

    events: int
    first: str | None
    last: str | None


class DyadCount(NamedTuple):
    """Events between a first source country and a first target country."""

    source: str
    target: str
    events: int
    cooperation: int
    """Of them, QuadClass 1 or 2."""


class PlaceCount(NamedTuple):
    """Events of one QuadClass at one place; lat/lon are text to 4 decimals, '' when unknown."""

    country: str
    name: str
    lat: str
    lon: str
    quad_class: int
    events: int


def totals(store: Store) -> Totals:
    """How many events there are and their first and last day (dated ones), from the summary."""
    n, first, last = store._execute(
        "SELECT COALESCE(SUM(n), 0), MIN(NULLIF(day, '')), MAX(day) FROM event_summary_day"
    ).fetchone()
    return Totals(int(n), first, last)


def quad_totals(store: Store) -> dict[int, int]:
    """Events per QuadClass, from the summary."""
    rows = store._execute(
        "SELECT quad_class, SUM(n) FROM event_summary_day GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return {int(q): int(n) for q, n in rows}


def type_totals(store: Store) -> list[tuple[str, int]]:
    """Events per PLOVER type, most first (ties by name), from the summary."""
    rows = store._execute(
        "SELECT plover_type, SUM(n) FROM event_summary_day GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return [(str(t), int(n)) for t, n in rows]


def quad_counts(store: Store, flt: EventFilter) -> list[tuple[int, int]]:
    """(QuadClass, events) of the events matching a filter."""
    where, params = flt.where()
    rows = store._execute(f"SELECT quad_class, COUNT(*) FROM events{where} GROUP BY 1", params)
    return [(int(q), int(n)) for q, n in rows]


def month_quads(store: Store, flt: EventFilter | None) -> list[tuple[str, int, int]]:
    """(YYYY-MM, QuadClass, events) by the month an event's typed period starts in; events dated
    to a period coarser than a month (a quarter, season, year, decade) or not at all are left
    out, as the day summary leaves them."""
    if flt is None:
        rows = store._execute(
            "SELECT substr(day, 1, 7), quad_class, SUM(n) FROM event_summary_day "
            "WHERE day <> '' GROUP BY 1, 2 ORDER BY 1"
        ).fetchall()
    else:
        where, params = flt.where()
        day = _DAY.key_sql("")[0]
        rows = store._execute(
            f"SELECT substr(d, 1, 7), quad_class, COUNT(*) FROM (SELECT {day} AS d, quad_class "
            f"FROM events{where}) WHERE d <> '' GROUP BY 1, 2 ORDER BY 1",
            params,
        ).fetchall()
    return [(str(m), int(q), int(n)) for m, q, n in rows]


def top_dyads(store: Store, flt: EventFilter | None, *, limit: int) -> list[DyadCount]:
    """The most frequent (first source country, first target country) pairs of two different
    known countries, most events first (ties by the pair)."""
    if flt is None:
        rows = store._execute(
            "SELECT source, target, SUM(n), SUM(CASE WHEN quad_class <= 2 THEN n ELSE 0 END) "
            "FROM event_summary_dyad WHERE source <> '' AND target <> '' AND source <> target "
            "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
            [int(limit)],
        ).fetchall()
    else:
        where, params = flt.where()
        first_src, first_tgt, _ = _DYAD.key_sql("")
        rows = store._execute(
            f"SELECT s, t, COUNT(*), SUM(quad_class <= 2) FROM (SELECT {first_src} AS s, "
            f"{first_tgt} AS t, quad_class FROM events{where}) "
            "WHERE s <> '' AND t <> '' AND s <> t GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
            [*params, int(limit)],
        ).fetchall()
    return [DyadCount(str(s), str(t), int(n), int(c)) for s, t, n, c in rows]


def place_counts(store: Store, flt: EventFilter | None) -> list[PlaceCount]:
    """Events per place and QuadClass (place = country, name, lat, lon as the summary keys)."""
    if flt is None:
        rows = store._execute(
            "SELECT country, name, lat, lon, quad_class, n FROM event_summary_place"
        ).fetchall()
    else:
        where, params = flt.where()
        keys = ", ".join(_PLACE.key_sql(""))
        rows = store._execute(
            f"SELECT {keys}, COUNT(*) FROM events{where} GROUP BY 1, 2, 3, 4, 5", params
        ).fetchall()
    return [
        PlaceCount(str(c), str(nm), str(la), str(lo), int(q), int(n))
        for c, nm, la, lo, q, n in rows
    ]
