"""Request-scoped helpers shared by the page and API routers."""

from __future__ import annotations

from typing import Any, cast

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ..store import Store
from .app_state import hub_of


class _ThreadStore:
    """Stands for the store of whichever thread uses it.

    FastAPI may resolve a dependency in one worker thread and run the endpoint in another, and a
    SQLite connection belongs to the thread that opened it; so every attribute is looked up on the
    calling thread's own read-only store.
    """

    def __init__(self, request: Request) -> None:
        self._hub = hub_of(request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._hub.reader(), name)


def reader(request: Request) -> Store:
    """The read-only store of the thread that runs the endpoint."""
    return cast(Store, _ThreadStore(request))


def templates(request: Request) -> Jinja2Templates:
    """The app's Jinja2 templates (autoescaping HTML)."""
    t: Jinja2Templates = request.app.state.templates
    return t
