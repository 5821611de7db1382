"""The web app: ``create_app(db_path)`` builds the FastAPI app behind ``newsevents serve``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ErrorCode, NewsEventsError, StoreError
from ..models import QUAD_CLASSES
from ..store import Store
from ..version import __version__
from .app_state import StoreHub
from .hosts import LOOPBACK_HOSTS
from .params import MAX_QUERY_CHARS, BadParameter, RequestTooLarge

HERE = Path(__file__).parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"

#: Files the pages load; the app refuses to start without them (run scripts/web_assets.sh).
REQUIRED_ASSETS = (
    "htmx.min.js",
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "markercluster/leaflet.markercluster.js",
    "markercluster/MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css",
    "cytoscape.min.js",
    "topojson-client.min.js",
    "uPlot.iife.min.js",
    "uPlot.min.css",
    "world-atlas/countries-110m.json",
    "swagger-ui/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css",
)
DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsevents API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body><div id="swagger-ui" data-spec="/api/openapi.json"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>
"""

#: Scripts only from this server files, never inline; styles from this server plus the inline
#: styles cytoscape and Swagger UI inject; no frames, plugins or other origins.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
DEFAULT_HOSTS = LOOPBACK_HOSTS
"""Host headers answered when ``create_app`` is given none: the loopback names."""


class MissingAssetsError(NewsEventsError, RuntimeError):
    """The browser assets (JavaScript, CSS, map data) have not been installed."""

    code = ErrorCode.E031


def missing_assets() -> list[str]:
    """Required vendor files that are absent."""
    return [name for name in REQUIRED_ASSETS if not (VENDOR / name).is_file()]


class SecurityMiddleware:
    """Adds the security headers to every response and refuses over-long query strings."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY_CHARS:
            path = str(scope.get("path", ""))
            msg = f"E029 request too large: the query string is over {MAX_QUERY_CHARS} characters"
            response = _error_response(path, 400, msg)
            await response(scope, receive, _with_headers(send))
            return
        await self.app(scope, receive, _with_headers(send))


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            for key, value in SECURITY_HEADERS.items():
                if key.encode() not in present:
                    headers.append((key.encode(), value.encode()))
            message["headers"] = headers
        await send(message)

    return wrapped


def _coded(exc: NewsEventsError) -> str:
    """An error's message for a response, led by its code and the code's meaning."""
    return f"{exc.code.name} {exc.code.value}: {exc.message}"


def _error_response(path: str, status: int, message: str) -> Response:
    if path.startswith("/api"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    body = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>newsevents: error</title>"
        '<link rel=stylesheet href="/static/app.css"></head><body><main class=error>'
        f"<h1>Error {status}</h1><p>{_escape(message)}</p><p><a href='/'>Overview</a></p>"
        "</main></body></html>"
    )
    return HTMLResponse(body, status_code=status)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def create_app(
    db_path: str | Path,
    *,
    allow_ingest: bool = False,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The newsevents web app over the store at ``db_path`` (read-only unless ``allow_ingest``)."""
    missing = missing_assets()
    if missing:
        raise MissingAssetsError(
            "web assets are missing ("
            + ", ".join(missing[:3])
            + (", ..." if len(missing) > 3 else "")
            + f" in {VENDOR}); install them with: bash scripts/web_assets.sh"
        )
    db = Path(db_path)
    # create or migrate once, before the read-only connections open; a store this process may
    # not write is served read-only, unless ingest was asked for (then it fails here, E017)
    with Store(db, mode="write" if allow_ingest else "auto"):
        pass
    app = FastAPI(
        title="newsevents",
        version=__version__,
        description="Coded geopolitical events with their evidence. Every list endpoint takes the "
        "same filters as the events explorer; limits: page size <= 200, records <= 10,000 deep, "
        f"query string <= {MAX_QUERY_CHARS} characters (HTTP 400, error E029, beyond them).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI over the OpenAPI document, served from this server's own assets."""
        return HTMLResponse(DOCS_HTML)

    app.state.hub = StoreHub(db)
    app.state.allow_ingest = allow_ingest
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["allow_ingest"] = allow_ingest
    templates.env.globals["version"] = __version__
    templates.env.globals["quad_names"] = QUAD_CLASSES
    app.state.templates = templates

    @app.exception_handler(RequestTooLarge)
    async def too_large(request: Request, exc: RequestTooLarge) -> Response:
        return _error_response(request.url.path, 400, _coded(exc))

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _error_response(request.url.path, 422, _coded(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{loc}: {err.get('msg')}")
        message = _coded(BadParameter("invalid request: " + "; ".join(parts)))
        if request.url.path.startswith("/api"):
            return JSONResponse(
                {"error": message, "status": 422, "detail": _plain(exc.errors())}, status_code=422
            )
        return _error_response(request.url.path, 422, message)

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        message = _coded(exc) + (f"; {exc.hint}" if exc.hint else "")
        return _error_response(request.url.path, 503, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error_response(request.url.path, exc.status_code, str(exc.detail))

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or DEFAULT_HOSTS))
    app.add_middleware(SecurityMiddleware)
    return app


def _plain(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors reduced to JSON-safe fields."""
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg")), "type": e.get("type")}
        for e in errors
    ]
