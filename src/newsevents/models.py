"""The records every stage shares, at the ground floor of the package: the article (as parsed and
as stored), the event with its actors, location and evidence, the resolved place, and the PLOVER
enumerations. Nothing here imports another newsevents module, so every stage may import it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_\w+|ns_\w+)$", re.I
)
_WS = re.compile(r"\s+")


def canonical_url(url: str) -> str:
    """Normalise a URL so the same page always yields the same id.

    Lower-cases scheme and host, drops the fragment, default ports, tracking
    parameters (utm_*, fbclid, ...) and a trailing slash on the path.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # out of range: keep the URL's own spelling of its host
        return url.strip()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """Unicode NFC, unified newlines, trailing spaces stripped, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


def content_hash(title: str | None, text: str) -> str:
    """SHA-256 over whitespace-collapsed title and text: equal content, equal hash."""
    norm = _WS.sub(" ", f"{title or ''}\n{text}").strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def article_id_for(url: str | None, chash: str) -> str:
    """Stable article id: from the canonical URL when there is one, else from the content hash."""
    if url:
        try:
            canonical = canonical_url(url)
        except ValueError:  # an unparseable URL (a bad IPv6 literal) is its own canonical form
            canonical = url.strip()
        digest = hashlib.sha256(canonical.encode("utf-8", "replace")).hexdigest()
        return "u" + digest[:20]
    return "h" + chash[:20]


@dataclass(slots=True)
class ArticleInput:
    """An article as a parser produced it, before it is stored."""

    text: str
    title: str | None = None
    published: date | None = None
    """A datetime (timezone-aware when known) or, when only the day is known, a date."""
    source: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str = ""
    """Where it came from: a file path (with line number for dumps) or a URL."""
    external_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def finalise(self) -> tuple[str, str]:
        """Return (article_id, content_hash) after normalising the text in place."""
        self.text = normalise_text(self.text)
        if self.title is not None:
            self.title = _WS.sub(" ", self.title).strip() or None
        chash = content_hash(self.title, self.text)
        return article_id_for(self.url, chash), chash

    def to_article(self) -> Article:
        """This input as an unstored first revision, normalised and identified as the store
        would: the one article-id rule (:func:`article_id_for`), the input's own id kept as
        ``external_id``."""
        article_id, chash = self.finalise()
        return Article(
            id=article_id,
            revision=1,
            title=self.title,
            text=self.text,
            published=self.published.isoformat() if self.published else None,
            source=self.source,
            url=self.url,
            language=self.language,
            ingested_at="",
            content_hash=chash,
            origin=self.origin,
            external_id=self.external_id,
        )


@dataclass(slots=True, frozen=True)
class Article:
    """A stored article revision."""

    id: str
    revision: int
    title: str | None
    text: str
    published: str | None
    """ISO 8601; with an offset when the timezone is known."""
    source: str | None
    url: str | None
    language: str | None
    ingested_at: str
    content_hash: str
    origin: str
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


# -- events ---------------------------------------------------------------------------------------
Modality = Literal["asserted", "intended", "negated", "conditional", "denied", "reported_claim"]
DatePrecision = Literal["day", "month", "year", "week", "unknown"]

#: CAMEO's QuadClass: what each event's ``quad_class`` (1-4) means.
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

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
    part: str = "text"
    """Where the offsets point: ``text`` (the article text) or ``title`` (its headline, which
    the learned coder reads before the text)."""


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


# -- places -------------------------------------------------------------------------------------

PlacePrecision = Literal["city", "admin2", "admin1", "country"]


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
    precision: PlacePrecision
    why: str = ""
    score: float = 0.0
    """The winning candidate's score (higher is surer); comparable within one article."""

    def to_dict(self) -> dict[str, Any]:
        """The place as a JSON-ready dict."""
        return asdict(self)
