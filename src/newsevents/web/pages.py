"""HTML pages: overview, events explorer, event, story, actor, dyad, article, search, ingest,
alerts (and the two form posts: acknowledge an alert, add a watchlist from the explorer)."""

from __future__ import annotations

from typing import Annotated, Any, get_args
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..models import PLOVER_TYPES, Modality
from ..store import Store
from ..store import watch as watchdb
from ..store.events import SORTS
from ..watch.alerts import watchlist_json
from . import queries, watchlists
from .app_state import READ_ONLY, check_write, hub_of, ingest_allowed
from .countries import country_names
from .deps import reader, templates
from .params import (
    MAX_PAGE_SIZE,
    MAX_PARAM_CHARS,
    EventQuery,
    Paging,
    RequestTooLarge,
    event_query,
    paging,
)

router = APIRouter(include_in_schema=False)

Filters = Annotated[EventQuery, Depends(event_query)]
Reader = Annotated[Store, Depends(reader)]
Templates = Annotated[Jinja2Templates, Depends(templates)]
Id = Annotated[str, Path(max_length=MAX_PARAM_CHARS)]
Pages = Annotated[Paging, Depends(paging)]
AlertId = Annotated[int, Path(ge=1, le=2**62)]

#: Largest form body the page forms post (a name, a checkbox and the explorer's filters).
MAX_FORM_BYTES = 16 * 1024


def _render(t: Jinja2Templates, request: Request, name: str, **context: Any) -> HTMLResponse:
    context.setdefault("names", country_names())
    # the header's unread count: one COUNT over the alerts, on every page
    context.setdefault("unread", watchdb.count_unread(hub_of(request).reader()))
    return t.TemplateResponse(request, name, context)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """Counts, the event map, a timeline, top dyads and the latest stories."""
    ov = hub_of(request).cached("overview", lambda: queries.overview(store))
    return _render(t, request, "overview.html", ov=ov, page="overview")


@router.get("/events", response_class=HTMLResponse)
def explorer(request: Request, query: Filters, store: Reader, t: Templates) -> HTMLResponse:
    """The events explorer; with htmx (HX-Request) only the results fragment is sent."""
    total, capped = queries.capped_count(store, query.filter, query.unit)
    rows = queries.records(store, query.filter, query.unit)
    context: dict[str, Any] = {
        "q": query,
        "rows": rows,
        "total": total,
        "capped": capped,
        "pages": max(1, -(-total // query.size)),
        "sorts": list(SORTS),
        "plover_types": PLOVER_TYPES,
        "modalities": get_args(Modality),
        "max_size": MAX_PAGE_SIZE,
        "page": "events",
    }
    name = "_results.html" if request.headers.get("hx-request") else "events.html"
    return _render(t, request, name, **context)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: Id, request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """An event: its evidence highlighted in the article, why, confidence, its story."""
    found = queries.get_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    record, story_id, revision = found
    article = queries.get_article(store, record["article_id"], revision)
    segments = queries.evidence_segments(record, article.text) if article else []
    if story_id:
        related = [
            r
            for r in queries.story_mentions(store, story_id)
            if r["article_id"] != record["article_id"]
        ]
    else:
        related = queries.same_event_elsewhere(store, record)
    return _render(
        t,
        request,
        "event.html",
        ev=record,
        article=article,
        segments=segments,
        story_id=story_id,
        related=related,
        page="event",
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(story_id: Id, request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """A story and every article that reports it."""
    rec = queries.get_story(store, story_id)
    mentions = queries.story_mentions(store, story_id)
    if rec is None and not mentions:
        raise HTTPException(404, f"no story {story_id!r}")
    return _render(
        t, request, "story.html", story=rec, story_id=story_id, mentions=mentions, page="story"
    )


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(actor_id: Id, request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """An actor: timeline, partners, cooperation vs conflict, ego network."""
    profile = queries.actor_profile(store, actor_id)
    return _render(t, request, "actor.html", p=profile, page="actor")


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(
    code: Annotated[str, Path(max_length=3)], request: Request, store: Reader, t: Templates
) -> HTMLResponse:
    """What happened in a country: timeline, map of its places, latest events."""
    data = queries.country_profile(store, code)
    if data is None:
        raise HTTPException(404, f"no country {code!r} (give an ISO 3166 alpha-3 code)")
    return _render(t, request, "country.html", c=data, page="country")


@router.get("/dyad/{a}/{b}", response_class=HTMLResponse)
def dyad_page(a: Id, b: Id, request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """Cooperation and conflict between two actors over time."""
    return _render(t, request, "dyad.html", d=queries.dyad_profile(store, a, b), page="dyad")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: Id, request: Request, store: Reader, t: Templates) -> HTMLResponse:
    """An article with every event's evidence sentence marked."""
    article = queries.get_article(store, article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    events = queries.article_events(store, article_id)
    spans: list[tuple[int, int, str, str | None]] = []
    for ev in events:
        e = ev.get("evidence") or {}
        in_text = e.get("part", "text") == "text"  # headline evidence has no place in the text
        if in_text and isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
            spans.append((e["start"], e["end"], "evidence", "/events/" + ev["event_id"]))
    segments = queries.highlight(article.text, spans)
    return _render(
        t,
        request,
        "article.html",
        article=article,
        events=events,
        segments=segments,
        page="article",
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: Reader,
    t: Templates,
    q: Annotated[str, Query(max_length=MAX_PARAM_CHARS)] = "",
) -> HTMLResponse:
    """Full-text search over articles."""
    hits = queries.search(store, q) if q.strip() else []
    return _render(t, request, "search.html", query=q, hits=hits, page="search")


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, t: Templates) -> HTMLResponse:
    """Paste text or a URL to ingest and code (only with --allow-ingest)."""
    if not ingest_allowed(request):
        raise HTTPException(403, READ_ONLY)
    return _render(t, request, "ingest.html", page="ingest")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(
    request: Request,
    store: Reader,
    t: Templates,
    pages: Pages,
    added: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    """Alerts, newest first, each with its watchlist, rule, event and evidence; the watchlists."""
    unread = watchdb.count_unread(store)
    counts = watchdb.alert_counts(store)
    total = sum(n for n, _ in counts.values())
    rows = watchdb.list_alerts(store, limit=pages.size, offset=pages.offset)
    lists = [watchlist_json(r, counts.get(r.name, (0, 0))) for r in watchdb.list_watchlists(store)]
    return _render(
        t,
        request,
        "alerts.html",
        alerts=watchlists.alert_dicts(rows),
        watchlists=lists,
        total=total,
        unread=unread,
        paging=pages,
        pages=max(1, -(-total // pages.size)),
        added=added,
        page="alerts",
    )


async def _form(request: Request) -> dict[str, str]:
    """A posted urlencoded form (last value of each field), capped at :data:`MAX_FORM_BYTES`."""
    from urllib.parse import parse_qsl

    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise RequestTooLarge(f"the form is over {MAX_FORM_BYTES // 1024} KB")
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


@router.post("/alerts/{alert_id}/ack")
async def ack_form(alert_id: AlertId, request: Request) -> RedirectResponse:
    """The Alerts page's "ack" button: mark the alert read, then back to the page it was on."""
    check_write(request, "acknowledgement")
    form = await _form(request)
    hub = hub_of(request)

    def write() -> None:
        with hub.write_lock, hub.writer() as store:
            watchlists.ack(store, alert_id)

    await run_in_threadpool(write)
    page = form.get("page", "")
    back = f"/alerts?page={int(page)}" if page.isdigit() and int(page) > 1 else "/alerts"
    return RedirectResponse(back + f"#alert-{alert_id}", status_code=303)


@router.post("/watchlists")
async def watchlist_form(request: Request) -> RedirectResponse:
    """The explorer's "watch these filters" form: store a watchlist of the current filters."""
    check_write(request, "watchlist")
    form = await _form(request)
    name = form.pop("name", "").strip()
    backfill = form.pop("backfill", "") == "on"
    values = {k: v for k, v in form.items() if k in watchlists.FILTER_NAMES}
    hub = hub_of(request)

    def write() -> None:
        with hub.write_lock, hub.writer() as store:
            watchlists.add_watchlist(store, name=name, values=values, backfill=backfill)

    await run_in_threadpool(write)
    return RedirectResponse(f"/alerts?added={quote(name)}#watchlists", status_code=303)
