"""Trends: dyad x period series of stories (or mentions) with QuadClass counts and Goldstein sums.

A story is counted once, in the period of its first day; ``count="mentions"`` counts event rows
instead (one per article that reports the happening), which is what GDELT-style counts show.
Events are placed by their typed date (``date_start``, the first day of the period they are
dated to) when the period fits the series: a day-dated event in any series, a week-dated one in
weekly and monthly series (in the week and month it starts in), a month-dated one in monthly
series; coarser periods (quarter, season, year, decade) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal

from .errors import ErrorCode, NewsEventsError
from .store import Store
from .store.events import EventFilter, iter_dyad_days

Period = Literal["day", "week", "month"]
CountUnit = Literal["stories", "mentions"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
COUNTS: tuple[str, ...] = ("stories", "mentions")
DEFAULT_MODALITIES: tuple[str, ...] = ("asserted", "intended")
"""What happened or was announced (PLOVER codes promises as AGREE, threats as THREATEN);
negated, denied and conditional events did not happen and are left out unless asked for."""
BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(slots=True)
class TrendRow:
    """One period of one dyad: counts, QuadClass counts, Goldstein sum and mean, net cooperation."""

    period: str
    source: str
    target: str
    count: int = 0
    q1: int = 0
    q2: int = 0
    q3: int = 0
    q4: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None

    @property
    def net_cooperation(self) -> int:
        """Cooperative minus conflictual counts (QuadClass 1+2 minus 3+4)."""
        return self.q1 + self.q2 - self.q3 - self.q4

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON/CSV-ready dict, net cooperation included."""
        return {**asdict(self), "net_cooperation": self.net_cooperation}


FIELDS = [
    "period",
    "source",
    "target",
    "count",
    "q1",
    "q2",
    "q3",
    "q4",
    "goldstein_sum",
    "goldstein_mean",
    "net_cooperation",
]


def _bad(option: str, value: object, allowed: str) -> NewsEventsError:
    return NewsEventsError(f"bad {option} value {value!r}: {allowed}", code=ErrorCode.E026)


def _parse_bound(option: str, value: str) -> date:
    """A --since/--until bound (YYYY, YYYY-MM or YYYY-MM-DD) as the first day it names."""
    parts = value.strip().split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise _bad(option, value, "use YYYY, YYYY-MM or YYYY-MM-DD") from None


#: The date precisions each period length can place.
_PLACEABLE: dict[str, tuple[str, ...]] = {
    "day": ("day",),
    "week": ("day", "week"),
    "month": ("day", "week", "month"),
}


def period_of(value: str | None, by: str, *, precision: str | None = None) -> str | None:
    """The period label of an event date: 2024-06-05, 2024-W23 or 2024-06; None when the date
    is missing or coarser than the period (a month-only date has no day or week). With
    ``precision`` (of a typed ``date_start``) the precision decides what is coarser."""
    if not value:
        return None
    if precision is not None and precision not in _PLACEABLE[by]:
        return None
    if by == "month":
        return value[:7] if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit() else None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    if by == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _start_of(label: str, by: str) -> date:
    """First day of a period label."""
    if by == "month":
        return date(int(label[:4]), int(label[5:7]), 1)
    if by == "week":
        return date.fromisocalendar(int(label[:4]), int(label[6:]), 1)
    return date.fromisoformat(label)


def _next(day: date, by: str) -> date:
    if by == "day":
        return day + timedelta(days=1)
    if by == "week":
        return day + timedelta(days=7)
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def period_range(first: str, last: str, by: str) -> Iterator[str]:
    """Every period label from ``first`` to ``last`` inclusive."""
    day, end = _start_of(first, by), _start_of(last, by)
    while day <= end:
        label = period_of(day.isoformat(), by)
        assert label is not None
        yield label
        day = _next(day, by)


def trends(
    store: Store,
    *,
    source: str | None = None,
    target: str | None = None,
    actor: str | None = None,
    by: str = "month",
    count: str = "stories",
    plover_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modalities: Sequence[str] | None = DEFAULT_MODALITIES,
    per_dyad: bool = False,
) -> list[TrendRow]:
    """Series of counts per period for a dyad (source/target/actor: actor ids or country codes;
    an ``actor`` alone labels its series source ``actor``, target ``*``: either side, anyone).

    Empty periods inside the range (``since``..``until`` when given, else first..last period
    found) appear as zero rows. ``modalities=None`` counts every modality. With ``per_dyad``
    there is one series per (source countries, target countries) pair, each over the same range.
    """
    if by not in PERIODS:
        raise _bad("--by", by, "use day, week or month")
    if count not in COUNTS:
        raise _bad("--count", count, "use stories or mentions")
    lo = _parse_bound("--since", since) if since else None
    hi = _parse_bound("--until", until) if until else None
    flt = EventFilter(
        source=source,
        target=target,
        actor=actor,
        plover_type=plover_type,
        since=lo.isoformat() if lo else None,
        until=hi.isoformat() if hi else None,
        limit=None,
    )
    cursor = iter_dyad_days(
        store, flt, unit="stories" if count == "stories" else "mentions", modalities=modalities
    )
    # the series' labels: an actor alone is on either side, with anyone ("USA", "*"), not the
    # dyad "USA->USA"; with a source or a target it fills the other side
    if actor and not (source or target):
        label_src, label_tgt = actor, "*"
    else:
        label_src, label_tgt = (source or actor or "*"), (target or actor or "*")
    series: dict[tuple[str, str], dict[str, TrendRow]] = {}
    for day, src_c, tgt_c, quad, goldstein, precision in cursor:
        label = period_of(day, by, precision=precision or "day")
        if label is None:
            continue
        dyad = (src_c or "", tgt_c or "") if per_dyad else (label_src, label_tgt)
        rows = series.setdefault(dyad, {})
        row = rows.get(label)
        if row is None:
            row = rows[label] = TrendRow(label, dyad[0], dyad[1])
        row.count += 1
        if quad in (1, 2, 3, 4):
            setattr(row, f"q{quad}", getattr(row, f"q{quad}") + 1)
        row.goldstein_sum += float(goldstein)
    found = [p for rows in series.values() for p in rows]
    if not found and not (lo and hi):
        return []
    first = period_of(lo.isoformat(), by) if lo else min(found)
    last = period_of((hi - timedelta(days=1)).isoformat(), by) if hi else max(found)
    assert first is not None and last is not None
    if not series:
        series[(label_src, label_tgt)] = {}
    out: list[TrendRow] = []
    for dyad in sorted(series):
        rows = series[dyad]
        for label in period_range(first, last, by):
            row = rows.get(label) or TrendRow(label, dyad[0], dyad[1])
            row.goldstein_sum = round(row.goldstein_sum, 3)
            row.goldstein_mean = round(row.goldstein_sum / row.count, 3) if row.count else None
            out.append(row)
    return out


def sparkline(values: Sequence[float]) -> str:
    """Unicode block sparkline, lowest value to highest (all equal: a flat line)."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return BLOCKS[0 if hi <= 0 else 3] * len(values)
    span = hi - lo
    return "".join(BLOCKS[min(7, int((v - lo) / span * 8))] for v in values)
