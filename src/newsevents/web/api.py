"""The JSON API under /api (documented by OpenAPI at /docs); same filters as the explorer."""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import asdict, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from ..export.source import flat_row, iter_items
from ..store import Store, summaries
from ..store import watch as watchdb
from ..store.records import COLUMN_NAMES, arrow_schema
from ..watch.alerts import watchlist_json
from . import queries, watchlists
from .app_state import check_write, hub_of
from .deps import reader
from .params import (
    MAX_DOWNLOAD_ROWS,
    MAX_PARAM_CHARS,
    EventQuery,
    Paging,
    api_event_query,
    event_query,
    paging,
)

router = APIRouter(prefix="/api", tags=["api"])

Filters = Annotated[EventQuery, Depends(event_query)]
Paged = Annotated[EventQuery, Depends(api_event_query)]
Reader = Annotated[Store, Depends(reader)]
Id = Annotated[str, Path(max_length=MAX_PARAM_CHARS)]
Pages = Annotated[Paging, Depends(paging)]
AlertId = Annotated[int, Path(ge=1, le=2**62)]

#: Largest body the ingest endpoint accepts (pasted text).
MAX_INGEST_BYTES = 2 * 1024 * 1024


def _clean(rec: dict[str, Any]) -> dict[str, Any]:
    """A record without the page-only keys (article title and outlet are returned as fields)."""
    out = {k: v for k, v in rec.items() if not k.startswith("_")}
    if "_title" in rec:
        out["article_title"] = rec["_title"]
        out["article_outlet"] = rec["_outlet"]
    return out


@router.get("/health")
def health(store: Reader) -> dict[str, Any]:
    """Liveness and the store's size."""
    events = summaries.totals(store).events
    return {"status": "ok", "events": events, "articles": store.count()}


@router.get("/overview")
def overview(store: Reader, request: Request) -> dict[str, Any]:
    """Counts, QuadClass and PLOVER totals, timeline, map places, top dyads, latest stories."""
    ov = hub_of(request).cached("overview", lambda: queries.overview(store))
    data = asdict(ov)
    data["latest"] = [_clean(r) for r in ov.latest]
    return data


@router.get("/events")
def events(query: Paged, store: Reader) -> dict[str, Any]:
    """Events (or stories with ``unit=stories``) matching the filters, one page at a time
    (``page`` and ``size``, or ``offset`` and ``limit``)."""
    flt = query.filter
    total, capped = queries.capped_count(store, flt, query.unit)
    rows = queries.records(store, flt, query.unit)
    return {
        "unit": query.unit,
        "total": total,
        "total_is_lower_bound": capped,
        "page": query.page,
        "size": query.size,
        "offset": query.offset,
        "records": [_clean(r) for r in rows],
    }


def _download(query: EventQuery, store: Store, kind: str) -> FileResponse:
    flt = replace(query.filter, limit=MAX_DOWNLOAD_ROWS, offset=0)
    fd, path = tempfile.mkstemp(prefix="newsevents-", suffix="." + kind)
    os.close(fd)
    try:
        # the export path: each row with its article's provenance (url, outlet, title, date)
        rows = (
            dict(zip(COLUMN_NAMES, flat_row(item), strict=True))
            for item in iter_items(store, flt, query.unit)
        )
        if kind == "csv":
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(COLUMN_NAMES))
                writer.writeheader()
                for row in rows:
                    writer.writerow(row)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = arrow_schema()
            with pq.ParquetWriter(path, schema) as pw:
                batch: list[dict[str, Any]] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 5000:
                        pw.write_table(pa.Table.from_pylist(batch, schema=schema))
                        batch = []
                pw.write_table(pa.Table.from_pylist(batch, schema=schema))
    except BaseException:
        os.unlink(path)
        raise
    media = "text/csv; charset=utf-8" if kind == "csv" else "application/vnd.apache.parquet"
    return FileResponse(
        path,
        media_type=media,
        filename=f"newsevents-{query.unit}.{kind}",
        background=BackgroundTask(os.unlink, path),
    )


@router.get("/events.csv", response_class=FileResponse)
def events_csv(query: Filters, store: Reader) -> FileResponse:
    """The whole filtered set (at most 250,000 rows) as CSV with the flat column contract."""
    return _download(query, store, "csv")


@router.get("/events.parquet", response_class=FileResponse)
def events_parquet(query: Filters, store: Reader) -> FileResponse:
    """The whole filtered set (at most 250,000 rows) as Parquet with the flat column contract."""
    return _download(query, store, "parquet")


@router.get("/timeline")
def timeline(query: Filters, store: Reader) -> dict[str, Any]:
    """Events per month ("YYYY-MM", from each event's typed ``date_start``) and QuadClass for the
    filters; events dated coarser than a month are left out."""
    return queries.timeline(store, query.filter)


@router.get("/map")
def map_places(query: Filters, store: Reader) -> list[dict[str, Any]]:
    """Map markers (place, lat, lon, count, dominant QuadClass) for the filters; events with
    no place named for them have no marker (``/api/map/unplaced`` counts them)."""
    return queries.places(store, query.filter)


@router.get("/map/unplaced")
def map_unplaced(query: Filters, store: Reader) -> dict[str, Any]:
    """How many of the filtered events the map leaves out because no place was named for them
    (``location_rule`` ``unplaced``): ``{"events": n}``."""
    return queries.unplaced(store, query.filter)


@router.get("/suggest")
def suggest(
    store: Reader,
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_PARAM_CHARS)],
    kind: Annotated[
        queries.SuggestKind | None,
        Query(description="country (countries only) or actor (actors and countries)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, Any]]:
    """Names for the forms' autocomplete: countries by name, alias or ISO code and the store's
    actors by name or id, best first, as ``{code, name, kind, events, exact}``."""
    actors: list[queries.NameEntry] = []
    if kind != "country":
        actors = hub_of(request).cached("actor_entries", lambda: queries.actor_entries(store))
    return queries.suggest(q, kind=kind, actors=actors, limit=limit)


@router.get("/countries/{code}")
def country(code: Annotated[str, Path(max_length=3)], store: Reader) -> dict[str, Any]:
    """What happened in a country: totals per QuadClass, timeline, map places, latest events."""
    data = queries.country_profile(store, code)
    if data is None:
        raise HTTPException(404, f"no country {code!r} (give an ISO 3166 alpha-3 code)")
    data["latest"] = [_clean(r) for r in data["latest"]]
    return data


@router.get("/dyads")
def dyads(
    query: Filters, store: Reader, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[dict[str, Any]]:
    """Most frequent country dyads for the filters, with cooperation and conflict counts."""
    return queries.top_dyads(store, query.filter, limit=limit)


@router.get("/events/{event_id}")
def event(event_id: Id, store: Reader) -> dict[str, Any]:
    """One event: record, article, and the other articles reporting the same story."""
    found = queries.get_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    record, story_id, revision = found
    article = queries.get_article(store, record["article_id"], revision)
    if story_id:
        related = [
            r
            for r in queries.story_mentions(store, story_id)
            if r["article_id"] != record["article_id"]
        ]
        basis = "story"
    else:
        related = queries.same_event_elsewhere(store, record)
        basis = "same type, dyad and date"
    return {
        "record": record,
        "story_id": story_id,
        "article": None if article is None else _article_json(article),
        "related": [_clean(r) for r in related],
        "related_basis": basis,
    }


def _article_json(article: Any) -> dict[str, Any]:
    return {
        "id": article.id,
        "revision": article.revision,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "text": article.text,
    }


@router.get("/articles/{article_id}")
def article(article_id: Id, store: Reader) -> dict[str, Any]:
    """An article (current revision) and the events coded from it."""
    art = queries.get_article(store, article_id)
    if art is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return {"article": _article_json(art), "events": queries.article_events(store, article_id)}


@router.get("/stories/{story_id}")
def story(story_id: Id, store: Reader) -> dict[str, Any]:
    """A story (events clustered across articles) and its mentions."""
    rec = queries.get_story(store, story_id)
    mentions = queries.story_mentions(store, story_id)
    if rec is None and not mentions:
        raise HTTPException(404, f"no story {story_id!r}")
    return {"story": rec, "mentions": [_clean(r) for r in mentions]}


@router.get("/actors/{actor_id:path}")
def actor(actor_id: Id, store: Reader) -> dict[str, Any]:
    """An actor's timeline, partners, cooperation vs conflict and ego network."""
    return queries.actor_profile(store, actor_id)


@router.get("/dyad/{a}/{b}")
def dyad(a: Id, b: Id, store: Reader) -> dict[str, Any]:
    """Cooperation and conflict between two actors over time, each direction."""
    data = queries.dyad_profile(store, a, b)
    data["latest"] = [_clean(r) for r in data["latest"]]
    return data


@router.get("/search")
def search(
    store: Reader,
    q: Annotated[str, Query(min_length=1, max_length=MAX_PARAM_CHARS)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    """Articles matching a full-text query, with snippets and their event counts."""
    hits = queries.search(store, q, limit=limit)
    return [
        {
            "article_id": h["article"].id,
            "title": h["article"].title,
            "published": h["article"].published,
            "source": h["article"].source,
            "snippet": "".join(text for text, _ in h["snippet"]),
            "events": h["events"],
        }
        for h in hits
    ]


class IngestRequest(BaseModel):
    """Pasted text (with an optional title and date) or one URL to fetch."""

    text: str | None = Field(default=None, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, max_length=32, pattern=r"^\d{4}-\d{2}-\d{2}")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://")


@router.post("/ingest", status_code=201)
def ingest_endpoint(body: IngestRequest, request: Request) -> dict[str, Any]:
    """Ingest and code pasted text or a URL (only with ``newsevents serve --allow-ingest``)."""
    check_write(request, "ingest")
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_INGEST_BYTES:
        raise HTTPException(400, "E029 request too large: ingest bodies are capped at 2 MB")
    if not (body.text and body.text.strip()) and not body.url:
        raise HTTPException(422, "give text or url")
    from .ingest import ingest_and_code

    hub = hub_of(request)
    with hub.write_lock:
        return ingest_and_code(
            hub.db_path, text=body.text, title=body.title, published=body.published, url=body.url
        )


@router.get("/alerts")
def alerts(
    store: Reader,
    pages: Pages,
    watchlist: Annotated[str | None, Query(max_length=64, description="One watchlist's")] = None,
    unread: Annotated[bool, Query(description="Only alerts not acknowledged yet")] = False,
) -> dict[str, Any]:
    """Alerts the watchlists raised, newest first, one page at a time, with the unread count
    (``newsevents alerts list``)."""
    counts = watchdb.alert_counts(store)
    chosen = [c for w, c in counts.items() if watchlist is None or w == watchlist]
    total = sum(u if unread else n for n, u in chosen)
    rows = watchdb.list_alerts(
        store, watchlist=watchlist, unread=unread, limit=pages.size, offset=pages.offset
    )
    return {
        "total": total,
        "unread": watchdb.count_unread(store),
        "page": pages.page,
        "size": pages.size,
        "offset": pages.offset,
        "alerts": watchlists.alert_dicts(rows),
    }


@router.post("/alerts/{alert_id}/ack")
def ack_alert(alert_id: AlertId, request: Request) -> dict[str, Any]:
    """Mark an alert read (only with ``newsevents serve --allow-ingest``, from this origin)."""
    check_write(request, "acknowledgement")
    hub = hub_of(request)
    with hub.write_lock, hub.writer() as store:
        return watchlists.ack(store, alert_id)


class SpikeBody(BaseModel):
    """A spike rule: events of the last 24 h >= ``k`` x their daily mean, and >= ``min_count``."""

    k: float = Field(ge=1, le=1000)
    min_count: int = Field(default=5, ge=1, le=1_000_000)


class WatchlistRequest(BaseModel):
    """A watchlist: its name, the explorer's filters (parameter name -> value), a spike rule."""

    name: str = Field(max_length=64)
    filters: dict[str, Annotated[str, Field(max_length=MAX_PARAM_CHARS)]] = Field(
        default_factory=dict, max_length=32
    )
    spike: SpikeBody | None = None
    backfill: bool = False


@router.post("/watchlists", status_code=201)
def add_watchlist(body: WatchlistRequest, request: Request) -> dict[str, Any]:
    """Store a watchlist as ``newsevents watch add`` does (only with ``--allow-ingest``, from
    this origin); 409 when the name is taken."""
    check_write(request, "watchlist")
    hub = hub_of(request)
    with hub.write_lock, hub.writer() as store:
        row = watchlists.add_watchlist(
            store,
            name=body.name,
            values=body.filters,
            spike=None if body.spike is None else body.spike.model_dump(),
            backfill=body.backfill,
        )
    return watchlist_json(row)


@router.get("/watchlists")
def list_watchlists(store: Reader) -> list[dict[str, Any]]:
    """Every watchlist with its rule and its alert and unread counts."""
    counts = watchdb.alert_counts(store)
    return [watchlist_json(r, counts.get(r.name, (0, 0))) for r in watchdb.list_watchlists(store)]
