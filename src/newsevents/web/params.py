"""Query parameters shared by the pages and the JSON API: validated, capped, turned into filters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import Query

from ..events.model import PLOVER_TYPES
from ..store.events import SORTS, EventFilter, Unit

#: Most records one page (HTML or JSON) may ask for.
MAX_PAGE_SIZE = 200
#: Deepest record a page may start at (deep OFFSETs are slow); narrow the filters instead.
MAX_OFFSET = 10_000
#: Longest value of one query parameter, and of a whole query string.
MAX_PARAM_CHARS = 200
MAX_QUERY_CHARS = 2_000
#: Most rows one CSV or Parquet download holds.
MAX_DOWNLOAD_ROWS = 250_000
#: Counts stop here ("10,000+"): an exact count of a broad filter at a million events is slow.
COUNT_CAP = 10_000

DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
CODE = r"[A-Za-z0-9_.:\-]+"


class RequestTooLarge(Exception):
    """A request over one of the limits (answered with HTTP 400 and error code E029)."""


@dataclass(slots=True)
class EventQuery:
    """A validated explorer or API request: the filter plus paging."""

    filter: EventFilter
    page: int
    size: int
    unit: Unit
    params: dict[str, str]
    """The non-empty parameters as given, for links that keep the filters."""

    def url(self, path: str, **changes: str | int | None) -> str:
        """``path`` with these filters (and ``changes``) as its query string."""
        params = dict(self.params)
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        return path + ("?" + urlencode(params) if params else "")

    @property
    def offset(self) -> int:
        """Index of the page's first record."""
        return (self.page - 1) * self.size


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise ValueError("bbox must be four numbers: west,south,east,north") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("bbox must be west,south,east,north in degrees with south <= north")
    return (west, south, east, north)


class BadParameter(ValueError):
    """A parameter with a value no filter can use (answered with HTTP 422)."""


def _q(description: str, max_length: int = 64) -> Any:
    return Query(description=description, max_length=max_length)


Opt = str | None


def _match(name: str, value: Opt, pattern: str, what: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(pattern, value):
        raise BadParameter(f"{name} must be {what}")
    return value


def _number(name: str, value: Opt, low: float, high: float, kind: type[float] | type[int]) -> Any:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = kind(value)
    except ValueError:
        raise BadParameter(f"{name} must be a number from {low} to {high}") from None
    if not low <= number <= high:
        raise BadParameter(f"{name} must be a number from {low} to {high}")
    return number


def event_query(
    actor: Annotated[Opt, _q("Actor id or country code on either side")] = None,
    source: Annotated[Opt, _q("Source actor id or country code")] = None,
    target: Annotated[Opt, _q("Target actor id or country code")] = None,
    country: Annotated[Opt, _q("ISO 3166 alpha-3 code of where it happened")] = None,
    type: Annotated[Opt, _q("PLOVER event type, e.g. ASSAULT")] = None,
    mode: Annotated[Opt, _q("PLOVER mode")] = None,
    cameo_root: Annotated[Opt, _q("CAMEO root code, 01-20")] = None,
    quad_class: Annotated[Opt, _q("1-4: verbal/material cooperation/conflict")] = None,
    modality: Annotated[Opt, _q("asserted, intended, negated, conditional, denied")] = None,
    since: Annotated[Opt, _q("Event date on or after (YYYY[-MM[-DD]])")] = None,
    until: Annotated[Opt, _q("Event date before (YYYY[-MM[-DD]])")] = None,
    min_confidence: Annotated[Opt, _q("Lowest confidence, 0-1")] = None,
    article: Annotated[Opt, _q("Events of one article id")] = None,
    q: Annotated[Opt, _q("Words in the events' articles (full text)", MAX_PARAM_CHARS)] = None,
    bbox: Annotated[Opt, _q("Location box: west,south,east,north in degrees", 100)] = None,
    sort: Annotated[Opt, _q("date, -date, confidence, -confidence, goldstein, -goldstein")] = None,
    unit: Annotated[Opt, _q("mentions (events, default) or stories")] = None,
    page: Annotated[Opt, _q("Page number from 1", 12)] = None,
    size: Annotated[Opt, _q(f"Records per page, 1-{MAX_PAGE_SIZE} (default 50)", 12)] = None,
) -> EventQuery:
    """FastAPI dependency: the explorer's and API's filters, validated and capped."""
    page_n = _number("page", page, 1, 10**9, int) or 1
    size_n = _number("size", size, 1, 10**9, int) or 50
    if size_n > MAX_PAGE_SIZE:
        raise RequestTooLarge(f"page size {size_n} is over the limit of {MAX_PAGE_SIZE}")
    if (page_n - 1) * size_n > MAX_OFFSET:
        raise RequestTooLarge(
            f"page {page_n} starts past record {MAX_OFFSET:,}; narrow the filters instead"
        )
    actor, source, target, mode, modality, article = (
        _match(n, v, CODE, "an id of letters, digits and _.:-")
        for n, v in (
            ("actor", actor),
            ("source", source),
            ("target", target),
            ("mode", mode),
            ("modality", modality),
            ("article", article),
        )
    )
    country = _match("country", country, r"[A-Za-z]{3}", "an ISO 3166 alpha-3 code")
    cameo_root = _match("cameo_root", cameo_root, r"\d{1,2}", "a CAMEO root code (01-20)")
    since = _match("since", since, DATE, "a date YYYY[-MM[-DD]]")
    until = _match("until", until, DATE, "a date YYYY[-MM[-DD]]")
    quad = _number("quad_class", quad_class, 1, 4, int)
    min_conf = _number("min_confidence", min_confidence, 0, 1, float)
    type = (type or "").strip().upper() or None
    if type and type not in PLOVER_TYPES:
        raise BadParameter(f"type must be a PLOVER type ({', '.join(PLOVER_TYPES)})")
    sort = (sort or "").strip() or "-date"
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}")
    unit = (unit or "").strip() or "mentions"
    if unit not in ("mentions", "stories"):
        raise BadParameter("unit must be mentions or stories")
    try:
        box = _bbox((bbox or "").strip())
    except ValueError as exc:
        raise BadParameter(str(exc)) from None
    text = (q or "").strip() or None
    flt = EventFilter(
        article_id=article or None,
        actor=actor or None,
        source=source or None,
        target=target or None,
        plover_type=type,
        plover_mode=mode or None,
        cameo_root=cameo_root or None,
        quad_class=quad,
        modality=modality or None,
        since=since or None,
        until=until or None,
        min_confidence=min_conf,
        country=country.upper() if country else None,
        text=text,
        bbox=box,
        sort=sort,
        limit=size_n,
        offset=(page_n - 1) * size_n,
    )
    given = {
        "actor": actor,
        "source": source,
        "target": target,
        "country": country,
        "type": type,
        "mode": mode,
        "cameo_root": cameo_root,
        "quad_class": quad,
        "modality": modality,
        "since": since,
        "until": until,
        "min_confidence": min_conf,
        "article": article,
        "q": text,
        "bbox": ",".join(f"{v:g}" for v in box) if box else None,
        "sort": None if sort == "-date" else sort,
        "unit": None if unit == "mentions" else unit,
        "size": None if size_n == 50 else size_n,
    }
    params = {k: str(v) for k, v in given.items() if v is not None and v != ""}
    return EventQuery(filter=flt, page=page_n, size=size_n, unit=cast(Unit, unit), params=params)


def is_unfiltered(flt: EventFilter) -> bool:
    """Whether a filter selects every event (so the precomputed summaries answer it)."""
    blank = EventFilter()
    fields = [
        "article_id",
        "actor",
        "source",
        "target",
        "plover_type",
        "cameo_root",
        "quad_class",
        "modality",
        "since",
        "until",
        "min_confidence",
        "country",
        "plover_mode",
        "text",
        "bbox",
    ]
    return all(getattr(flt, f) == getattr(blank, f) for f in fields)
