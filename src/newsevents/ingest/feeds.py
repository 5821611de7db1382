"""News feeds to articles: RSS 0.9x/1.0/2.0 and Atom (via feedparser) and JSON Feed 1.0/1.1.

Per item:

* text: the item's full content (``content:encoded``, Atom ``content``, JSON Feed
  ``content_html``/``content_text``) when present, else its summary/description; HTML becomes
  plain text with paragraphs separated by blank lines.
* an item with a title but no text is still a news item (a headline): its title becomes its text
  too, and ``meta["text_from"]`` says ``"title"``. An item with neither is an ItemError (E010).
* published: feedparser's ``*_parsed`` times (UTC) become timezone-aware UTC datetimes; JSON Feed
  RFC 3339 dates keep their own offset.
* source (outlet): the site's host name without ``www.`` (``bbc.co.uk``, ``washingtonpost.com``)
  from the feed's own link (RSS ``<link>``, Atom ``rel=alternate``, JSON Feed ``home_page_url``),
  else from the item's link; else the feed's title, else ``options.source``. Feed titles name
  sections ("World", "Top Stories", "Asia") or change with the feed, so two feeds of one site
  are one outlet; the title is kept in ``meta["feed_title"]``.
* origin: ``"<input name>#<n>"``, n counting items from 1.

With ``options.follow_links`` and a ``fetch_page`` callable, each item's link is fetched and its
main text extracted (:func:`newsevents.ingest.html.extract_html`); when that fails the run gets
an ItemError naming the link and the item still comes through with its feed text. The page's
text replaces the feed's only when it is longer (a paywalled page may give less than the feed).
A link is content, not the user's word: the ingest run's ``fetch_page`` puts it through the SSRF
guard (E033 for a private or other non-public address) and the run-wide ``follow_budget``
(E013 once spent).
"""

from __future__ import annotations

import io
import ipaddress
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
from dateutil import parser as dateparser

from ..errors import ErrorCode, InputError
from ..models import ArticleInput
from .base import IngestOptions, ItemError, Parsed, Source, read_limited, repair_strings
from .decode import bom_encoding, looks_binary
from .html import extract_html

FetchPage = Callable[[str], Source]
"""Fetch one page: URL -> Source; raises InputError (FetchError) when it cannot."""

_WS = re.compile(r"\s+")
_PARA_BREAK = re.compile(r"\n\s*\n")
_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "object", "embed", "form", "button", "svg", "head"}
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "body", "html", "caption",
    }
)  # fmt: skip
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_JSONFEED_VERSION = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org', re.I)
_RSS_PREFIX = re.compile(rb"(</?|\s)rss:")
_ESCAPED_HTML = re.compile(
    r"</?(?:p|div|br|a|span|em|strong|b|i|h[1-6]|li|ul|ol|img)\b[^>]*>", re.I
)
_SHORTCODE = re.compile(r"^\[/?[a-z][\w-]*(?:\s[^\]]*)?\]$")


# -- sniffing ---------------------------------------------------------------------------------
def _head_bytes(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16/32 re-encoded), BOM removed."""
    enc = bom_encoding(head)
    if enc is None and head[:2] in (b"<\x00", b"\x00<"):
        enc = "utf-16-le" if head[:1] == b"<" else "utf-16-be"
    if enc is None:
        return head
    return head.decode(enc, errors="ignore").lstrip("\ufeff").encode("utf-8")


def looks_like_feed(head: bytes) -> bool:
    """Cheap sniff of an input's first bytes: an RSS/RDF/Atom root element or a JSON Feed."""
    data = _head_bytes(head[:8192]).lstrip()
    if data.startswith(b"{"):
        return bool(_JSONFEED_VERSION.search(data))
    pos = 0
    while prolog := _PROLOG.match(data, pos):
        pos = prolog.end()
    match = _ROOT_TAG.match(data, pos)
    if match is None:
        return False
    local = match.group(1).split(b":")[-1].lower()
    return local in (b"rss", b"rdf", b"feed")


# -- HTML to text -----------------------------------------------------------------------------
def html_to_text(fragment: str, *, _again: bool = True) -> str:
    """Plain text of an HTML fragment: no tags, entities decoded, blank lines between blocks.

    HTML escaped twice (``&lt;p&gt;``, a common publisher bug) is unescaped and converted too.
    """
    if "<" not in fragment and "&" not in fragment:
        return _plain(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _plain(fragment)
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is not None and tag not in _DROP_TAGS:
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el.text:
                parts.append(_WS.sub(" ", el.text))
            for child in el:
                walk(child)
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
        if el.tail:
            parts.append(_WS.sub(" ", el.tail))

    if root.text:
        parts.append(_WS.sub(" ", root.text))
    for child in root:
        walk(child)
    text = _plain("".join(parts), collapse=False)
    if _again and "&lt;" in fragment and _ESCAPED_HTML.search(text):
        return html_to_text(text, _again=False)
    return text


def _plain(text: str, *, collapse: bool = True) -> str:
    """Tidy plain text: paragraphs (blank-line separated) kept, spaces collapsed within lines.

    Lines that are only a WordPress shortcode (``[time-brightcove ...]``) are dropped.
    """
    paragraphs = []
    for para in _PARA_BREAK.split(text):
        lines = [_WS.sub(" ", line).strip() for line in para.split("\n")]
        lines = [line for line in lines if line and not _SHORTCODE.match(line)]
        if lines:
            paragraphs.append(" ".join(lines) if collapse else "\n".join(lines))
    return "\n\n".join(paragraphs)


def _detail_text(value: str | None, content_type: str | None) -> str:
    """Text of a feedparser text construct, converting HTML and XHTML."""
    if not value:
        return ""
    if content_type and "html" not in content_type:
        return _plain(value, collapse=False)
    return html_to_text(value)


# -- items to articles ------------------------------------------------------------------------
def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site_name(url: str | None) -> str | None:
    """The outlet name of a web address: its host, lower case, without ``www.``
    (``https://www.bbc.co.uk/news`` → ``bbc.co.uk``); None when it has no usable host (none, a
    bare name such as ``localhost``, an IP address)."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".")
    if "." not in host or _is_ip(host):  # localhost, 127.0.0.1: no site name there
        return None
    return host[4:] if host.startswith("www.") else host


def _article_or_error(
    name: str,
    *,
    title: str | None,
    text: str,
    url: str | None,
    published: datetime | None,
    source: str | None,
    external_id: str | None,
    feed_title: str | None = None,
) -> Parsed:
    """An ArticleInput, or an E010 ItemError when the item has neither text nor title."""
    title = _WS.sub(" ", title).strip() if title else None
    meta: dict[str, Any] = {}
    if feed_title:
        meta["feed_title"] = feed_title
    if not text:
        if not title:
            return ItemError(name, "feed item has neither text nor title", ErrorCode.E010)
        text = title
        meta["text_from"] = "title"
    article = ArticleInput(
        text=text,
        title=title or None,
        published=published,
        source=source,
        url=url or None,
        origin=name,
        external_id=external_id or None,
        meta=meta,
    )
    return repair_strings(article)  # JSON Feed strings may hold lone surrogates


def _struct_to_utc(value: Any) -> datetime | None:
    """feedparser's UTC time.struct_time to an aware datetime."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _entry_text(entry: Any) -> str:
    """Best text of a feedparser entry: the longest full content, else the summary."""
    best = ""
    for content in entry.get("content") or []:
        text = _detail_text(content.get("value"), content.get("type"))
        if len(text) > len(best):
            best = text
    if best:
        return best
    detail = entry.get("summary_detail") or {}
    return _detail_text(entry.get("summary"), detail.get("type"))


def _title_text(title: str | None, detail: Any) -> str | None:
    """A title as one line of plain text."""
    if not title:
        return None
    text = _detail_text(title, (detail or {}).get("type"))
    return _WS.sub(" ", text).strip() or None


def _parse_xml_feed(data: bytes, src: Source, options: IngestOptions) -> Iterator[Parsed]:
    """RSS/RDF/Atom via feedparser, tolerating damage as long as entries are recovered."""
    headers = {"content-type": src.content_type} if src.content_type else None
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
        if not parsed.entries and parsed.bozo and _RSS_PREFIX.search(data[:4096]):
            # real-world damage: RSS elements under an undeclared "rss:" prefix
            repaired = _RSS_PREFIX.sub(rb"\1", data)
            start = repaired.find(b"<rss")
            parsed2 = feedparser.parse(io.BytesIO(repaired[max(start, 0) :]))
            if parsed2.entries:
                parsed = parsed2
    except Exception as exc:  # feedparser is robust, but never let a traceback escape
        raise InputError(
            src.name, f"feed could not be parsed ({type(exc).__name__}: {exc})", code=ErrorCode.E008
        ) from exc
    if not parsed.entries:
        if parsed.bozo:
            reason = parsed.get("bozo_exception") or "unknown error"
            raise InputError(src.name, f"not a readable feed: {reason}", code=ErrorCode.E008)
        if not parsed.get("version"):
            raise InputError(
                src.name,
                "not an RSS, Atom or JSON feed (no feed root element)",
                code=ErrorCode.E008,
            )
        return
    feed = parsed.get("feed") or {}
    feed_title = _title_text(feed.get("title"), feed.get("title_detail"))
    site = site_name(feed.get("link"))
    for index, entry in enumerate(parsed.entries, start=1):
        published = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            published = _struct_to_utc(entry.get(key))
            if published:
                break
        yield _article_or_error(
            f"{src.name}#{index}",
            title=_title_text(entry.get("title"), entry.get("title_detail")),
            text=_entry_text(entry),
            url=entry.get("link"),
            published=published,
            source=site or site_name(entry.get("link")) or feed_title or options.source,
            external_id=entry.get("id"),
            feed_title=feed_title,
        )


def _json_date(value: Any) -> datetime | None:
    """An RFC 3339 JSON Feed date."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return dateparser.isoparse(value.strip())
    except (ValueError, OverflowError):
        return None


def _str(value: Any) -> str | None:
    """The value when it is a non-empty string."""
    return value if isinstance(value, str) and value.strip() else None


def _parse_json_feed(data: bytes, src: Source, options: IngestOptions) -> Iterator[Parsed]:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data.decode(bom_encoding(data) or "utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(src.name, f"JSON is not valid UTF-8 ({exc})", code=ErrorCode.E003) from exc
    except ValueError as exc:
        raise InputError(src.name, f"malformed JSON: {exc}", code=ErrorCode.E007) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise InputError(
            src.name, "JSON, but not a JSON Feed (no 'items' list)", code=ErrorCode.E008
        )
    feed_title = _str(doc.get("title"))
    site = site_name(_str(doc.get("home_page_url")))
    for index, item in enumerate(doc["items"], start=1):
        name = f"{src.name}#{index}"
        if not isinstance(item, dict):
            yield ItemError(name, "JSON Feed item is not an object", ErrorCode.E007)
            continue
        text = ""
        if _str(item.get("content_html")):
            text = html_to_text(item["content_html"])
        if not text and _str(item.get("content_text")):
            text = _plain(item["content_text"], collapse=False)
        if not text and _str(item.get("summary")):
            text = _plain(item["summary"], collapse=False)
        ident = item.get("id")
        url = _str(item.get("url")) or _str(item.get("external_url"))
        yield _article_or_error(
            name,
            title=_str(item.get("title")),
            text=text,
            url=url,
            published=_json_date(item.get("date_published") or item.get("date_modified")),
            source=site or site_name(url) or feed_title or options.source,
            external_id=str(ident) if ident is not None else None,
            feed_title=feed_title,
        )


# -- following links --------------------------------------------------------------------------
def _follow(
    article: ArticleInput, fetch_page: FetchPage, options: IngestOptions
) -> tuple[ArticleInput, ItemError | None]:
    """The item with its linked page's full text, or unchanged plus an ItemError naming the link."""
    link = article.url or ""
    try:
        page_src = fetch_page(link)
        page = extract_html(
            read_limited(page_src, options),
            url=page_src.url or link,
            content_type=page_src.content_type,
        )
    except (InputError, OSError) as exc:
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
        code = exc.code if isinstance(exc, InputError) else ErrorCode.E012
        return article, ItemError(link, reason, code)
    except Exception as exc:  # one bad link must not end the feed: its item keeps the feed text
        return article, ItemError(link, f"{type(exc).__name__}: {exc}", ErrorCode.E019)
    if page is None:
        return article, ItemError(link, "no main text found in the linked page", ErrorCode.E009)
    if len(page.text) <= len(article.text):
        return article, None  # the feed already carries at least as much (e.g. a paywall teaser)
    article.text = page.text
    article.title = article.title or page.title
    article.published = article.published or page.published
    article.source = article.source or page.source
    article.meta["text_from"] = "page"
    return article, None


def parse_feed(
    src: Source, options: IngestOptions, *, fetch_page: FetchPage | None = None
) -> Iterator[Parsed]:
    """Parse an RSS, Atom or JSON feed into one article per item (see the module docstring)."""
    data = read_limited(src, options)
    if not data.strip():
        raise InputError(src.name, "input is empty", code=ErrorCode.E002)
    head = _head_bytes(data[:8192])
    if looks_binary(data) and not head.lstrip().startswith(b"<"):
        raise InputError(src.name, "input looks binary, not a feed", code=ErrorCode.E004)
    is_json = head.lstrip().startswith((b"{", b"["))
    items = _parse_json_feed(data, src, options) if is_json else _parse_xml_feed(data, src, options)
    follow = options.follow_links and fetch_page is not None
    for item in items:
        if follow and fetch_page is not None and isinstance(item, ArticleInput) and item.url:
            item, error = _follow(item, fetch_page, options)
            if error is not None:
                yield error
        yield item
