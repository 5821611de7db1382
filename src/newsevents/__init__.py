"""newsevents: turn news into geopolitical event data, each event tied to its evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ErrorCode, InputError, NewsEventsError, StoreError
from .events.api import classify_pair, code_text
from .events.model import Actor, Event
from .ingest import IngestOptions, IngestReport, ingest
from .models import Article, ArticleInput
from .store import Store

__all__ = [
    "Actor",
    "Article",
    "ArticleInput",
    "ErrorCode",
    "Event",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "NewsEventsError",
    "Store",
    "StoreError",
    "__version__",
    "classify_pair",
    "code_text",
    "ingest",
    "resolve_dates",
]


def resolve_dates(text: str, published: object = None) -> list[object]:
    """Date expressions in ``text`` resolved against ``published`` (see newsevents.time)."""
    from .time import resolve_dates as _resolve

    return list(_resolve(text, published))  # type: ignore[arg-type]
