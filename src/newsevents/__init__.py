"""newsevents: turn news into geopolitical event data, each event tied to its evidence."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ErrorCode, InputError, NewsEventsError, StoreError
from .ingest import IngestOptions, IngestReport, ingest
from .models import Article, ArticleInput
from .store import Store

__all__ = [
    "Article",
    "ArticleInput",
    "ErrorCode",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "NewsEventsError",
    "Store",
    "StoreError",
    "__version__",
    "ingest",
]
