"""Event and actor records: the fixed JSON shape every coder output, store row and export shares."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Modality = Literal["asserted", "intended", "negated", "conditional", "denied", "reported_claim"]
DatePrecision = Literal["day", "month", "year", "week", "unknown"]

#: PLOVER's 16 event types.
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(slots=True)
class Actor:
    """A resolved actor as PLOVER records it: surface text, canonical name, id, country, sectors."""

    text: str
    name: str
    actor_id: str
    country: str | None = None
    """ISO 3166 alpha-3, or 'IGO' for international organisations."""
    sectors: list[str] = field(default_factory=list)
    """Sector codes: GOV, MIL, REB, COP, JUD, LEG, BUS, MED, EDU, CVL, IGO, NGO, UAF, ..."""
    kind: str = ""
    """country | person | organisation | igo | group | agent (generic, e.g. 'police')."""
    start: int | None = None
    """Character offsets of ``text`` in the article text."""
    end: int | None = None
    why: str = ""
    """How the actor was resolved (dictionary entry, title, appositive, earlier mention ...)."""

    def to_dict(self) -> dict[str, Any]:
        """The event-JSON actor shape (``text, name, actor_id, country, sectors`` plus extras)."""
        return asdict(self)

    @property
    def cameo_code(self) -> str:
        """CAMEO-style actor code such as RUSGOV (country plus first sector)."""
        country = self.country or ""
        return country + (self.sectors[0] if self.sectors else "")


@dataclass(slots=True)
class Location:
    """Where an event happened; the geography stage refines country-level places."""

    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    """city | admin1 | country"""
    geonames_id: int | None = None
    admin1: str | None = None


@dataclass(slots=True)
class Evidence:
    """The words that say so: the sentence, its character offsets in the article, the trigger."""

    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass(slots=True)
class Event:
    """One coded event (field names fixed by the project's event JSON)."""

    article_id: str
    plover_type: str
    plover_mode: str | None
    cameo_code: str
    quad_class: int
    goldstein: float
    sources: list[Actor]
    targets: list[Actor]
    date: str | None
    date_precision: DatePrecision
    location: Location
    modality: Modality
    attribution: str | None
    confidence: float
    evidence: Evidence
    why: str
    event_id: str = ""
    mentions: int = 1
    """How many times this event is said in the article (repeats are merged)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.compute_id()

    def compute_id(self) -> str:
        """Stable id from article, type, code, actors, date and sentence offsets."""
        key = "|".join(
            [
                self.article_id,
                self.cameo_code,
                ",".join(sorted(a.actor_id for a in self.sources)),
                ",".join(sorted(a.actor_id for a in self.targets)),
                self.date or "",
                self.modality,
                str(self.evidence.start),
                str(self.evidence.trigger_start),
            ]
        )
        return "e" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        """The event JSON record."""
        data = asdict(self)
        order = [
            "article_id",
            "event_id",
            "plover_type",
            "plover_mode",
            "cameo_code",
            "quad_class",
            "goldstein",
            "sources",
            "targets",
            "date",
            "date_precision",
            "location",
            "modality",
            "attribution",
            "confidence",
            "evidence",
            "why",
            "mentions",
            "extra",
        ]
        return {k: data[k] for k in order}
