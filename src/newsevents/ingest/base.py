"""What every ingest parser shares: the options object, the input source and per-item errors."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit

from ..errors import ErrorCode
from ..models import ArticleInput

USER_AGENT = "newsevents/0.1 (+https://github.com/newsevents/newsevents; research event coder)"


@dataclass(kw_only=True)
class IngestOptions:
    """One options object for a whole ingest run (CLI flags map onto it one to one)."""

    format: str | None = None
    """Force a format (text, markdown, html, feed, jsonl); None detects it per input."""
    field_map: dict[str, str] = field(default_factory=dict)
    """JSONL: our field name -> the dump's field name, e.g. {"text": "body"}."""
    follow_links: bool = False
    """Feeds: fetch each item's link and extract the page instead of using the feed's text."""
    max_bytes: int = 200 * 1024 * 1024
    """Size cap for one input (file, download or decompressed stream)."""
    max_record_bytes: int = 10 * 1024 * 1024
    """Size cap for one JSONL record (or one record of a JSON array)."""
    follow_symlinks: bool = False
    """Folders: follow symbolic links that point outside the folder (never by default)."""
    timeout: float = 20.0
    """Seconds for connect, each read, and (at most 3x) the whole download."""
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    source: str | None = None
    """Outlet name to use when the input names none."""
    batch_size: int = 500
    """Articles written per store transaction."""
    allow_private: bool = False
    """Turn the SSRF guard off: followed links and redirects may reach loopback, private,
    link-local and other non-public addresses (ingest/netguard.py)."""
    untrusted_inputs: bool = False
    """The input URLs themselves are untrusted (the web app: a URL from a web client), so the
    SSRF guard applies to their own hosts too, not only to links and redirects."""
    follow_budget: float = 300.0
    """Seconds the whole run may spend following links; then the rest keep their feed text."""


@dataclass(slots=True, frozen=True)
class ItemError:
    """One input or one record that could not be read; the run goes on."""

    source: str
    """The input's name, with ':LINE' for a record in a dump."""
    reason: str
    code: ErrorCode

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} [{self.code.name}]"


Parsed = ArticleInput | ItemError

_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(text: str) -> str:
    """The text with each lone UTF-16 surrogate (a JSON ``\\ud800`` escape, an undecodable byte of
    a file name) replaced by U+FFFD, so that it can be stored, printed and exported as UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def malformed_url(url: str) -> str | None:
    """Why a URL cannot be parsed (a bad IPv6 literal, a port out of range), or None."""
    try:
        _ = urlsplit(url.strip()).port
    except ValueError as exc:
        return str(exc)
    return None


def repair_strings(item: ArticleInput) -> ArticleInput:
    """The item with every lone surrogate in its text fields replaced (:func:`repair_text`);
    parsers of JSON (where ``\\ud800`` is legal) call it on what they yield."""
    item.text = repair_text(item.text)
    item.origin = repair_text(item.origin)
    for name in ("title", "source", "language", "external_id", "url"):
        value = getattr(item, name)
        if isinstance(value, str):
            setattr(item, name, repair_text(value))
    return item


def repair_article(item: ArticleInput) -> ItemError | None:
    """Make a parsed article storable in place: lone surrogates replaced in every text field and
    a malformed URL dropped; returns the error naming a dropped URL. One odd value never costs
    the article, nor the batch it is stored with."""
    repair_strings(item)
    if item.url is None or (reason := malformed_url(item.url)) is None:
        return None
    error = ItemError(
        item.origin or item.url,
        f"item URL {item.url[:200]!r} is malformed ({reason}); the article is stored without it",
        ErrorCode.E034,
    )
    item.url = None
    return error


@dataclass(slots=True)
class Source:
    """A named input whose bytes can be opened (a file, standard input, a download)."""

    name: str
    open: Callable[[], BinaryIO]
    size: int | None = None
    url: str | None = None
    """The address it was fetched from, when it came from the web."""
    content_type: str | None = None

    @classmethod
    def from_bytes(
        cls, name: str, data: bytes, *, url: str | None = None, content_type: str | None = None
    ) -> Source:
        """A source over bytes already in memory (downloads, standard input)."""
        return cls(name, lambda: io.BytesIO(data), len(data), url, content_type)


class Parser(Protocol):
    """A format parser: yields articles and per-record errors; raises InputError for the input."""

    def __call__(self, src: Source, options: IngestOptions) -> Iterator[Parsed]: ...


def read_limited(src: Source, options: IngestOptions) -> bytes:
    """Read a whole source, refusing more than options.max_bytes."""
    from ..errors import InputError

    with src.open() as fh:
        data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(
            src.name,
            f"larger than the size cap of {options.max_bytes:,} bytes (see --max-bytes)",
            code=ErrorCode.E005,
        )
    return data
