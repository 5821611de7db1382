"""The resolved place record: a mention in the text tied to a gazetteer entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Precision = Literal["city", "admin2", "admin1", "country"]


@dataclass(slots=True)
class Place:
    """One place mention: character offsets, the entry it resolves to, and why."""

    start: int
    end: int
    text: str
    """The surface form, ``article_text[start:end]``."""
    name: str
    geonames_id: int | None
    country: str | None
    """ISO 3166 alpha-3, as ``Actor.country``."""
    admin1: str | None
    lat: float
    lon: float
    precision: Precision
    why: str = ""
    score: float = 0.0
    """The winning candidate's score (higher is surer); comparable within one article."""

    def to_dict(self) -> dict[str, Any]:
        """The place as a JSON-ready dict."""
        return asdict(self)
