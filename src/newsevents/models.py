"""The one article model shared by ingest, store, coder and web app."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
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
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
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
        digest = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
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

    def to_article(self, *, use_external_id: bool = False) -> Article:
        """This input as an unstored first revision (normalised like the store would); with
        ``use_external_id`` the record's own id, when it has one, is the article id."""
        article_id, chash = self.finalise()
        return Article(
            id=(self.external_id if use_external_id and self.external_id else article_id),
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
