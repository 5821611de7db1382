"""The event filters as named, documented, validated parameters: one list that the CLI options
(`events`, `stories list`, `export`) and the web's query parameters are both built from."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..actors.names import NameKind, NameResolver, UnknownName
from ..errors import ErrorCode, NewsEventsError
from ..models import PLOVER_TYPES

if TYPE_CHECKING:
    from .sqlite import Store

__all__ = [
    "FILTER_PARAMS",
    "NAME_PARAMS",
    "BadFilter",
    "FilterParam",
    "parse_filters",
    "resolve_names",
    "store_actor_names",
]

DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
CODE = r"[A-Za-z0-9_.:\-]+"


class BadFilter(NewsEventsError, ValueError):
    """A filter value no filter can use; ``param`` names the parameter, the text says why."""

    code = ErrorCode.E030

    def __init__(self, param: FilterParam, reason: str, *, named: bool = False) -> None:
        super().__init__(f"{param.name}: {reason}" if named else f"{param.name} must be {reason}")
        self.param = param
        self.reason = reason


def _pattern(pattern: str, what: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(what)
        return value

    return parse


def _number(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], Any]:
    what = f"a number from {low:g} to {high:g}"

    def parse(value: str) -> Any:
        try:
            number = kind(value)
        except ValueError:
            raise ValueError(what) from None
        if not low <= number <= high:
            raise ValueError(what)
        return number

    return parse


def _plover_type(value: str) -> str:
    value = value.upper()
    if value not in PLOVER_TYPES:
        raise ValueError(f"a PLOVER type ({', '.join(PLOVER_TYPES)})")
    return value


def _country(value: str) -> str:
    return _pattern(r"[A-Za-z]{3}", "an ISO 3166 alpha-3 code")(value).upper()


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise ValueError("four numbers: west,south,east,north") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("west,south,east,north in degrees with south <= north")
    return (west, south, east, north)


def _text(value: str) -> str:
    return value


_ID = _pattern(CODE, "an id of letters, digits and _.:-")


def _date(value: str) -> str:
    """A calendar date YYYY, YYYY-MM or YYYY-MM-DD (checked: no month 13 or February 30)."""
    what = "a date YYYY[-MM[-DD]]"
    if not re.fullmatch(DATE, value):
        raise ValueError(what)
    try:
        date.fromisoformat(value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value)
    except ValueError:
        raise ValueError(f"{what} that exists on the calendar") from None
    return value


@dataclass(frozen=True, slots=True)
class FilterParam:
    """One event filter: its web parameter ``name``, CLI ``option``, the
    :class:`~newsevents.store.events.EventFilter` ``field`` it sets, and how a value is checked."""

    name: str
    option: str
    field: str
    help: str
    parse: Callable[[str], Any]
    max_length: int = 64
    metavar: str = "TEXT"

    def format(self, value: Any) -> str:
        """A parsed value as a parameter again (for links that keep the filters)."""
        if isinstance(value, tuple):  # a bbox: up to 6 decimals (~0.1 m), never rounded to 6 digits
            return ",".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in value)
        return str(value)


#: Every event filter, in the order the CLI help and the API docs list them.
FILTER_PARAMS: tuple[FilterParam, ...] = (
    FilterParam("actor", "--actor", "actor", "Actor id or country code on either side.", _ID),
    FilterParam("source", "--source", "source", "Source actor id or country code.", _ID),
    FilterParam("target", "--target", "target", "Target actor id or country code.", _ID),
    FilterParam(
        "country",
        "--country",
        "country",
        "Where it happened: ISO 3166 alpha-3 code.",
        _country,
        metavar="ISO3",
    ),
    FilterParam(
        "type",
        "--type",
        "plover_type",
        "PLOVER event type, e.g. ASSAULT.",
        _plover_type,
        metavar="TYPE",
    ),
    FilterParam("mode", "--mode", "plover_mode", "PLOVER mode of the event type.", _ID),
    FilterParam(
        "cameo_root",
        "--cameo-root",
        "cameo_root",
        "CAMEO root code, 01-20.",
        _pattern(r"\d{1,2}", "a CAMEO root code (01-20)"),
        metavar="CODE",
    ),
    FilterParam(
        "quad_class",
        "--quad-class",
        "quad_class",
        "QuadClass 1-4: verbal/material cooperation/conflict.",
        _number(int, 1, 4),
        metavar="1-4",
    ),
    FilterParam(
        "modality",
        "--modality",
        "modality",
        "asserted, intended, negated, conditional or denied.",
        _ID,
    ),
    FilterParam(
        "since",
        "--since",
        "since",
        "Events dated on or after (YYYY[-MM[-DD]]); a period-dated event (a week, a "
        "month...) matches when its period overlaps.",
        _date,
        metavar="DATE",
    ),
    FilterParam(
        "until",
        "--until",
        "until",
        "Events dated before (YYYY[-MM[-DD]], not included); periods match when they overlap.",
        _date,
        metavar="DATE",
    ),
    FilterParam(
        "min_confidence",
        "--min-confidence",
        "min_confidence",
        "Lowest confidence, 0-1.",
        _number(float, 0, 1),
        metavar="0-1",
    ),
    FilterParam(
        "article",
        "--article",
        "article_id",
        "Events coded from one article id.",
        _text,
        max_length=200,
        metavar="ID",
    ),
    FilterParam(
        "q",
        "--text",
        "text",
        "Words in the events' articles (full text, all must match).",
        _text,
        max_length=200,
        metavar="WORDS",
    ),
    FilterParam(
        "bbox",
        "--bbox",
        "bbox",
        "Location box: west,south,east,north in degrees.",
        _bbox,
        max_length=100,
        metavar="W,S,E,N",
    ),
)

#: The EventFilter fields the filters set (a filter with none of them selects every event).
FILTER_FIELDS: tuple[str, ...] = tuple(p.field for p in FILTER_PARAMS)


def parse_filters(values: Mapping[str, str | None]) -> dict[str, Any]:
    """EventFilter keyword arguments from raw values keyed by parameter name; blank means no filter.

    Raises :class:`BadFilter` for the first value that is too long or malformed.
    """
    fields: dict[str, Any] = {}
    for param in FILTER_PARAMS:
        raw = (values.get(param.name) or "").strip()
        if not raw:
            continue
        if len(raw) > param.max_length:
            raise BadFilter(param, f"at most {param.max_length} characters")
        try:
            fields[param.field] = param.parse(raw)
        except ValueError as exc:
            raise BadFilter(param, str(exc)) from None
    return fields


# -- names: --actor/--source/--target/--country as names, aliases or codes ---------------------

#: The filters whose values may be names, and what kind of name each takes.
NAME_PARAMS: dict[str, NameKind] = {
    "actor": "actor",
    "source": "actor",
    "target": "actor",
    "country": "country",
}


def store_actor_names(store: Store) -> list[tuple[str, str]]:
    """Every ``(actor id, name)`` pair the store's events name, on either side: the store's
    part of :class:`~newsevents.actors.names.NameResolver` (one scan of the events)."""
    rows = store._execute(
        "SELECT DISTINCT json_extract(j.value, '$.actor_id'), json_extract(j.value, '$.name') "
        "FROM events, json_each(events.record, '$.sources') AS j "
        "UNION SELECT json_extract(j.value, '$.actor_id'), json_extract(j.value, '$.name') "
        "FROM events, json_each(events.record, '$.targets') AS j"
    ).fetchall()
    return [(str(i), str(n or i)) for i, n in rows if i]


def resolve_names(
    values: Mapping[str, str | None], resolver: NameResolver
) -> dict[str, str | None]:
    """``values`` (raw filter values keyed by parameter name) with each name of
    :data:`NAME_PARAMS` replaced by its code (``Russia`` → ``RUS``, ``Putin`` →
    ``RUS:vladimir_putin``), ready for :func:`parse_filters`.

    Raises :class:`BadFilter` (E030) naming the parameter, the value and close matches.
    """
    out = dict(values)
    for param in FILTER_PARAMS:
        kind = NAME_PARAMS.get(param.name)
        raw = (values.get(param.name) or "").strip()
        if kind is None or not raw:
            continue
        if len(raw) > param.max_length:
            raise BadFilter(param, f"at most {param.max_length} characters")
        try:
            out[param.name] = resolver.resolve(raw, kind=kind)
        except UnknownName as exc:
            raise BadFilter(param, exc.message, named=True) from None
    return out
