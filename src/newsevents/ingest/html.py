"""One HTML page to one article: main text, title, date and outlet extracted with trafilatura.

Settings were chosen by measurement on the scrapinghub article-extraction benchmark (181 real
news pages, bag-of-tokens F1, ``bench/html_extraction.py``). Mean F1: trafilatura defaults 0.956,
without comments 0.959, favor_recall 0.959, fast 0.961, **favor_precision without comments 0.965**
(kept; median 0.993), precision without tables 0.955, precision + fast 0.946. Passing the page URL
or not made no difference. Pages whose text has fewer than ``MIN_WORDS`` words count as empty.

Publication dates: trafilatura (htmldate) finds the publication *day*; when the page also carries
a full timestamp for that day in its metadata (JSON-LD ``datePublished``,
``article:published_time`` and similar meta tags, ``<time itemprop=datePublished>``), that
timestamp is used, timezone-aware when it has an offset (a stated time without an offset stays a
naive datetime). Otherwise the result is a bare ``date``: the day is known, the time and zone are
not, and no midnight is invented.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import trafilatura
from dateutil import parser as dateparser
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ..errors import ErrorCode, InputError
from ..models import ArticleInput
from .base import IngestOptions, Parsed, Source, read_limited
from .decode import bom_encoding, looks_binary

# trafilatura logs every discarded page at WARNING/ERROR; our callers report it themselves.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

EXTRACT_SETTINGS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}
"""Keyword arguments for trafilatura.bare_extraction (measured, see the module docstring)."""

MIN_WORDS = 10
"""Fewer words than this is not an article (trafilatura's fallback keeps e.g. a lone menu)."""

_WORD = re.compile(r"\w+")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "published_time",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)


def _paragraphs(text: str) -> str:
    """Trafilatura's one-line-per-block text to paragraphs separated by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _parse_datetime(value: str, *, loose: bool) -> datetime | None:
    """A datetime from an ISO-8601 string (or, when ``loose``, any dateutil-readable one)."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        return dateparser.isoparse(value)
    except (ValueError, OverflowError):
        if not loose:
            return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # UnknownTimezoneWarning for "EST" and the like
        try:
            return dateparser.parse(value)
        except (ValueError, OverflowError, TypeError):
            return None


def _jsonld_dates(node: Any) -> Iterator[str]:
    """Every ``datePublished`` string anywhere in a JSON-LD structure."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datePublished" and isinstance(value, str):
                yield value
            else:
                yield from _jsonld_dates(value)
    elif isinstance(node, list):
        for item in node:
            yield from _jsonld_dates(item)


def _timestamp_candidates(tree: HtmlElement) -> Iterator[str]:
    """Publication timestamps a page states in its metadata, most reliable first."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            yield from _jsonld_dates(json.loads(script.text or ""))
        except ValueError:
            continue
    metas: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (
            (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        )
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    for key in _META_DATE_KEYS:
        if key in metas:
            yield metas[key]
    for node in tree.iterfind(".//time[@datetime]"):
        if node.get("itemprop") == "datePublished" or node.get("pubdate") is not None:
            yield node.get("datetime", "")


def _published(tree: HtmlElement, day: str | None) -> date | None:
    """The publication time: a stated timestamp on htmldate's day, else that day as a date."""
    found: date | None = None
    if day:
        try:
            found = date.fromisoformat(day)
        except ValueError:
            found = None
    for raw in _timestamp_candidates(tree):
        # a loosely parsed string is only trusted when it agrees with htmldate's day
        stamp = _parse_datetime(raw, loose=found is not None)
        if stamp is None or (stamp.tzinfo is None and stamp.time() == datetime.min.time()):
            continue
        if found is None or stamp.date() == found:
            return stamp
    return found


def _extract(tree: HtmlElement, url: str | None) -> ArticleInput | None:
    """Run trafilatura on a parsed page."""
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **EXTRACT_SETTINGS)
    if doc is None or isinstance(doc, dict):
        return None
    text = _paragraphs(doc.text or "")
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    return ArticleInput(
        text=text,
        title=(doc.title or "").strip() or None,
        published=_published(tree, doc.date),
        source=(doc.sitename or "").strip() or None,
        url=url or doc.url or None,
        origin=url or "",
    )


def _with_declared_charset(data: bytes, content_type: str | None) -> bytes | str:
    """Decode with the HTTP header's charset when it fits; else trafilatura guesses."""
    match = _CHARSET.search(content_type or "")
    if match is None or bom_encoding(data):
        return data
    try:
        return data.decode(match.group(1))
    except (LookupError, UnicodeDecodeError):
        return data


def extract_html(
    html: bytes | str, *, url: str | None = None, content_type: str | None = None
) -> ArticleInput | None:
    """Extract the main article of one HTML page; None when it has no main text or won't parse."""
    try:
        if isinstance(html, bytes):
            html = _with_declared_charset(html, content_type)
        tree = load_html(html)
        return _extract(tree, url) if tree is not None else None
    except Exception:  # trafilatura/lxml can fail in many ways on odd pages
        return None


def parse_html(src: Source, options: IngestOptions) -> Iterator[Parsed]:
    """Parse one HTML page into one article; raises InputError when it has no readable text."""
    data = read_limited(src, options)
    if not data.strip():
        raise InputError(src.name, "input is empty", code=ErrorCode.E002)
    if looks_binary(data):
        raise InputError(src.name, "input looks binary, not HTML", code=ErrorCode.E004)
    try:
        tree = load_html(_with_declared_charset(data, src.content_type))
        article = _extract(tree, src.url) if tree is not None else None
    except Exception as exc:  # trafilatura/lxml can fail in many ways on odd pages
        raise InputError(
            src.name, f"HTML could not be parsed ({type(exc).__name__}: {exc})", code=ErrorCode.E009
        ) from exc
    if tree is None:
        raise InputError(src.name, "not a readable HTML document", code=ErrorCode.E009)
    if article is None:
        raise InputError(
            src.name,
            f"no main text found in the HTML page (navigation or boilerplate only, or fewer "
            f"than {MIN_WORDS} words)",
            code=ErrorCode.E009,
        )
    article.origin = src.name
    if article.source is None:
        article.source = options.source
    yield article
