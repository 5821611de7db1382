"""TIMEX3 values as typed periods: the first and last day a value names and how coarse it is.

Every calendar value the resolver produces (``resolve.py``) maps to one :class:`Period`:
``2024-06-05`` and ``2024-06-05TMO`` / ``2024-06-05T09:00`` (a day), ``2024-W23`` (an ISO week,
Monday to Sunday), ``2024-W22-WE`` (its weekend), ``2024-06`` (a month), ``2024-Q2`` (a quarter),
``2024-H1`` (a half year, precision ``year``), ``2024-SU`` (a season: spring March-May, summer
June-August, fall September-November, winter December to February of the next year), ``2024``
(a year) and ``199`` (a decade). Centuries (``19``), references (``PRESENT_REF``), durations
(``P3Y``) and malformed values name no period an event can be placed in: ``None``.

:func:`event_period` adds the reading-error check the store applies to an event date: a period
that starts more than :data:`FUTURE_LIMIT_DAYS` after the article's publication date (or, for an
event reported as having happened, after the day after it) is taken as a misreading, and the
event is dated by the publication date instead, with ``flag="future"`` (``"unreadable"`` for a
value that names no period).
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from typing import NamedTuple

from .calendar import Published, anchor_date

#: The precisions of a typed period, finest first.
PERIOD_PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
)

#: An event date starting more than this many days after publication is a reading error.
FUTURE_LIMIT_DAYS = 365
#: ... and so is one more than this many days after it for an event reported as having happened
#: (a day of slack for time zones: an article published late on the 17th may date an event 18th).
ASSERTED_LIMIT_DAYS = 1

FUTURE_FLAG = "future"
UNREADABLE_FLAG = "unreadable"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE|-[1-7])?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


class Period(NamedTuple):
    """The days a date value covers, ``start`` to ``end`` inclusive, and its precision."""

    start: date
    end: date
    precision: str


class EventPeriod(NamedTuple):
    """An event's typed date: the period, and ``flag`` when the store replaced a reading."""

    start: date
    end: date
    precision: str
    flag: str | None = None


def _months(year: int, month: int, n: int) -> tuple[date, date]:
    """First day of ``year-month`` and last day of the ``n``-th month from it."""
    last = year * 12 + month - 1 + n - 1
    ly, lm = divmod(last, 12)
    return date(year, month, 1), date(ly, lm + 1, monthrange(ly, lm + 1)[1])


def _parse(value: str) -> Period | None:
    if m := _DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return Period(day, day, "day")
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3] == "-WE":
            return Period(monday + timedelta(days=5), monday + timedelta(days=6), "week")
        if m[3]:
            day = monday + timedelta(days=int(m[3][1:]) - 1)
            return Period(day, day, "day")
        return Period(monday, monday + timedelta(days=6), "week")
    if m := _MONTH.match(value):
        return Period(*_months(int(m[1]), int(m[2]), 1), "month")
    if m := _PART.match(value):
        year, part = int(m[1]), m[2]
        if part[0] == "Q":
            return Period(*_months(year, 3 * int(part[1]) - 2, 3), "quarter")
        if part[0] == "H":
            return Period(*_months(year, 6 * int(part[1]) - 5, 6), "year")
        return Period(*_months(year, _SEASON_MONTHS[part], 3), "season")
    if m := _YEAR.match(value):
        return Period(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year")
    if m := _DECADE.match(value):
        first = int(m[1]) * 10
        if first == 0:
            return None
        return Period(date(first, 1, 1), date(first + 9, 12, 31), "decade")
    return None


def period_of(value: str | None) -> Period | None:
    """The period a TIMEX3 date value names (see the module docstring); None for values that
    name none (centuries, references, durations, anything malformed or out of range)."""
    if not value:
        return None
    try:
        return _parse(value.strip())
    except (ValueError, OverflowError):  # month 13, week 54, year 0, past 9999
        return None


def event_period(
    value: str | None, published: Published = None, *, asserted: bool = False
) -> EventPeriod | None:
    """An event's typed date from its date value and its article's publication date.

    The value's period, unless it starts more than :data:`FUTURE_LIMIT_DAYS` after
    ``published`` or, for an ``asserted`` event (reported as having happened), more than
    :data:`ASSERTED_LIMIT_DAYS` after it: then the publication day with ``flag="future"`` (the
    event, a statement about that period or a misread number, is reported on or before
    publication). A value that names
    no period (a century, a reference) also gives the publication day, ``flag="unreadable"``;
    no value at all gives the publication day unflagged (what the coder falls back to too).
    None when there is neither a period nor a publication date.
    """
    anchor = anchor_date(published)
    period = period_of(value)
    if period is None:
        if anchor is None:
            return None
        return EventPeriod(anchor, anchor, "day", UNREADABLE_FLAG if value else None)
    limit = ASSERTED_LIMIT_DAYS if asserted else FUTURE_LIMIT_DAYS
    if anchor is not None and (period.start - anchor).days > limit:
        return EventPeriod(anchor, anchor, "day", FUTURE_FLAG)
    return EventPeriod(*period)
