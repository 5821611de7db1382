"""Query parameters shared by the pages and the JSON API: validated, capped, turned into filters."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, replace
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

from ..errors import ErrorCode, NewsEventsError
from ..store.events import SORTS, EventFilter, Unit
from ..store.filter_params import FILTER_FIELDS, FILTER_PARAMS, BadFilter, parse_filters

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


class RequestTooLarge(NewsEventsError):
    """A request over one of the limits (answered with HTTP 400 and error code E029)."""

    code = ErrorCode.E029


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
        return self.filter.offset

    def filter_params(self) -> dict[str, str]:
        """The filters alone (no sort, unit or page size): what a watchlist of this query keeps."""
        return {k: v for k, v in self.params.items() if k not in ("sort", "unit", "size")}


class BadParameter(NewsEventsError, ValueError):
    """A parameter with a value no filter can use (answered with HTTP 422 and error code E030)."""

    code = ErrorCode.E030


def _q(description: str, max_length: int = 64) -> Any:
    return Query(description=description, max_length=max_length)


Opt = str | None


def _number(name: str, value: Opt, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadParameter(f"{name} must be a number from {low} to {high}") from None
    if not low <= number <= high:
        raise BadParameter(f"{name} must be a number from {low} to {high}")
    return number


def event_query(
    sort: Annotated[Opt, _q("date, -date, confidence, -confidence, goldstein, -goldstein")] = None,
    unit: Annotated[Opt, _q("mentions (events, default) or stories")] = None,
    page: Annotated[Opt, _q("Page number from 1", 12)] = None,
    size: Annotated[Opt, _q(f"Records per page, 1-{MAX_PAGE_SIZE} (default 50)", 12)] = None,
    **filters: Opt,
) -> EventQuery:
    """FastAPI dependency: the explorer's and API's filters (:data:`FILTER_PARAMS`) and paging,
    validated and capped."""
    page_n = _number("page", page, 1, 10**9) or 1
    size_n = _number("size", size, 1, 10**9) or 50
    if size_n > MAX_PAGE_SIZE:
        raise RequestTooLarge(f"page size {size_n} is over the limit of {MAX_PAGE_SIZE}")
    if (page_n - 1) * size_n > MAX_OFFSET:
        raise RequestTooLarge(
            f"page {page_n} starts past record {MAX_OFFSET:,}; narrow the filters instead"
        )
    try:
        fields = parse_filters(filters)
    except BadFilter as exc:
        raise BadParameter(exc.message) from None
    sort = (sort or "").strip() or "-date"
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}")
    unit = (unit or "").strip() or "mentions"
    if unit not in ("mentions", "stories"):
        raise BadParameter("unit must be mentions or stories")
    flt = EventFilter(**fields, sort=sort, limit=size_n, offset=(page_n - 1) * size_n)
    params = {p.name: p.format(fields[p.field]) for p in FILTER_PARAMS if p.field in fields}
    if sort != "-date":
        params["sort"] = sort
    if unit != "mentions":
        params["unit"] = unit
    if size_n != 50:
        params["size"] = str(size_n)
    return EventQuery(filter=flt, page=page_n, size=size_n, unit=cast(Unit, unit), params=params)


def api_event_query(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    limit: Annotated[
        Opt, _q(f"Records to return, 1-{MAX_PAGE_SIZE} (another name for size)", 12)
    ] = None,
    offset: Annotated[Opt, _q(f"Records to skip, 0-{MAX_OFFSET:,} (instead of page)", 12)] = None,
) -> EventQuery:
    """FastAPI dependency of ``GET /api/events``: :func:`event_query`, plus ``limit`` and
    ``offset`` paging (the usual names for it), validated and capped like ``size`` and ``page``;
    mixing the two styles for one value is refused rather than one of them silently ignored."""
    given = request.query_params
    limit_n = _number("limit", limit, 1, 10**9)
    offset_n = _number("offset", offset, 0, 10**9)
    if limit_n is None and offset_n is None:
        return query
    size_n = query.size
    if limit_n is not None:
        if (given.get("size") or "").strip() and limit_n != query.size:
            raise BadParameter("give size or limit, not both")
        if limit_n > MAX_PAGE_SIZE:
            raise RequestTooLarge(f"limit {limit_n} is over the limit of {MAX_PAGE_SIZE}")
        size_n = limit_n
    if offset_n is None:
        start = (query.page - 1) * size_n
        if start > MAX_OFFSET:
            raise RequestTooLarge(
                f"page {query.page} starts past record {MAX_OFFSET:,}; narrow the filters instead"
            )
    else:
        if (given.get("page") or "").strip():
            raise BadParameter("give page or offset, not both")
        if offset_n > MAX_OFFSET:
            raise RequestTooLarge(
                f"offset {offset_n:,} is past record {MAX_OFFSET:,}; narrow the filters instead"
            )
        start = offset_n
    flt = replace(query.filter, limit=size_n, offset=start)
    return replace(query, filter=flt, page=start // size_n + 1, size=size_n)


# FastAPI reads a dependency's parameters from its signature: the paging ones above, then one
# documented, length-capped query parameter per filter.
event_query.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        p
        for p in inspect.signature(event_query).parameters.values()
        if p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    + [
        inspect.Parameter(
            p.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[Opt, _q(p.help, p.max_length)],
        )
        for p in FILTER_PARAMS
    ],
    return_annotation=EventQuery,
)


def is_unfiltered(flt: EventFilter) -> bool:
    """Whether a filter selects every event (so the precomputed summaries answer it)."""
    blank = EventFilter()
    return all(getattr(flt, f) == getattr(blank, f) for f in FILTER_FIELDS)


@dataclass(frozen=True, slots=True)
class Paging:
    """A page of a list other than events (alerts): its ``page`` number and ``size``."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        """Index of the page's first item."""
        return (self.page - 1) * self.size


def paging(
    page: Annotated[Opt, _q("Page number from 1", 12)] = None,
    size: Annotated[Opt, _q(f"Items per page, 1-{MAX_PAGE_SIZE} (default 50)", 12)] = None,
) -> Paging:
    """FastAPI dependency: ``page`` and ``size`` checked and capped as the explorer's are."""
    page_n = _number("page", page, 1, 10**9) or 1
    size_n = _number("size", size, 1, 10**9) or 50
    if size_n > MAX_PAGE_SIZE:
        raise RequestTooLarge(f"page size {size_n} is over the limit of {MAX_PAGE_SIZE}")
    if (page_n - 1) * size_n > MAX_OFFSET:
        raise RequestTooLarge(f"page {page_n} starts past item {MAX_OFFSET:,}")
    return Paging(page_n, size_n)
