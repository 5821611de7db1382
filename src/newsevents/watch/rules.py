"""Watchlist rules: the event filters a watchlist keeps, and its optional spike rule.

A watchlist without a spike rule alerts on each new story with an event matching its filters.
With one, it alerts when the matching events reported in the last 24 hours are at least ``k``
times their daily mean over the 30 days before, and at least ``min_count`` (docs/watch.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import ErrorCode, NewsEventsError
from ..store.events import EventFilter
from ..store.filter_params import FILTER_PARAMS, parse_filters

RECENT = timedelta(hours=24)
"""The window a spike counts events in."""
BASELINE_DAYS = 30
"""Days before the recent window whose daily mean a spike compares against."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
"""A watchlist name: letters, digits and ``_.-``, at most 64 characters."""

_PARAM_BY_FIELD = {p.field: p for p in FILTER_PARAMS}


class BadWatchlist(NewsEventsError, ValueError):
    """A watchlist that cannot be stored (its name, spike rule or filters); says why (E026)."""

    code = ErrorCode.E026


def check_name(name: str) -> str:
    """The name, or :class:`BadWatchlist` saying what a name may be."""
    if not NAME.fullmatch(name):
        raise BadWatchlist(
            f"watchlist name {name!r}: use 1-64 letters, digits and _.- (starting with a letter "
            "or digit)"
        )
    return name


@dataclass(frozen=True, slots=True)
class SpikeRule:
    """Events in the last 24 h >= ``k`` x their daily mean over the 30 days before, and >=
    ``min_count``."""

    k: float
    min_count: int

    def __post_init__(self) -> None:
        if not 1.0 <= self.k <= 1000.0:
            raise BadWatchlist(f"--spike {self.k:g}: give a factor from 1 to 1000")
        if not 1 <= self.min_count <= 1_000_000:
            raise BadWatchlist(f"--min-count {self.min_count}: give a count from 1 to 1000000")

    def to_dict(self) -> dict[str, Any]:
        """The rule as stored (JSON)."""
        return {"k": self.k, "min_count": self.min_count}

    def fires(self, recent: int, baseline_total: int) -> bool:
        """Whether ``recent`` events against ``baseline_total`` over the baseline days spike."""
        return recent >= self.min_count and recent >= self.k * baseline_total / BASELINE_DAYS


@dataclass(frozen=True, slots=True)
class Watchlist:
    """A named set of event filters (EventFilter keyword arguments) and an optional spike rule."""

    name: str
    filters: dict[str, Any]
    spike: SpikeRule | None = None
    created: str = ""

    def event_filter(self) -> EventFilter:
        """The filter selecting the watchlist's events (all of them, no limit)."""
        return EventFilter(limit=None, **self.filters)

    def filter_values(self) -> dict[str, str]:
        """The filters as parameter values (``actor`` -> ``RUS``), as stored and shown."""
        return {
            _PARAM_BY_FIELD[f].name: _PARAM_BY_FIELD[f].format(v)
            for f, v in self.filters.items()
            if v is not None
        }

    @classmethod
    def from_stored(
        cls, name: str, values: dict[str, str], spike: dict[str, Any] | None, created: str
    ) -> Watchlist:
        """A watchlist from its stored parameter values and spike rule."""
        rule = None if spike is None else SpikeRule(float(spike["k"]), int(spike["min_count"]))
        return cls(name, parse_filters(values), rule, created)

    def describe(self) -> str:
        """One line for people: the filters and the rule."""
        parts = [f"{k}={v}" for k, v in self.filter_values().items()] or ["every event"]
        if self.spike is not None:
            parts.append(f"spike x{self.spike.k:g} (min {self.spike.min_count})")
        return " ".join(parts)


def spike_windows(now: datetime) -> tuple[datetime, datetime]:
    """(start of the recent 24 h, start of the 30-day baseline before it) for ``now``."""
    recent_start = now - RECENT
    return recent_start, recent_start - timedelta(days=BASELINE_DAYS)
