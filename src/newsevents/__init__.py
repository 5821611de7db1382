"""newsevents: turn news into geopolitical event data, each event tied to its evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .errors import ErrorCode, InputError, NewsEventsError, StoreError
from .events.api import classify_pair
from .ingest import IngestOptions, IngestReport, ingest
from .models import Actor, Article, ArticleInput, Event
from .pipeline import code_text
from .store import Store
from .version import __version__

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
    "geoparse",
    "ingest",
    "resolve_dates",
]

if TYPE_CHECKING:
    from .models import Place
    from .time import TimeExpr


def resolve_dates(text: str, published: date | datetime | str | None = None) -> list[TimeExpr]:
    """Date expressions in ``text`` resolved against ``published`` (see docs/time.md)."""
    from .time import resolve_dates as _resolve

    return _resolve(text, published)


def geoparse(text: str, *, nlp: Any = None) -> list[Place]:
    """Places named in ``text`` resolved to GeoNames entries, with character offsets
    (see docs/geo.md); loads the verified spaCy model on first use unless ``nlp`` is given."""
    from .geo import geoparse as _geoparse

    return _geoparse(text, nlp=nlp)
