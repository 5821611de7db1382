"""Which parser an input needs: from --format, the file name, the Content-Type, then its bytes."""

from __future__ import annotations

import re

from ..errors import ErrorCode, InputError
from .jsonl import GZIP_MAGIC

FORMATS = ("text", "markdown", "html", "feed", "jsonl")

_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json.gz": "jsonl",
}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


def looks_like_feed(head: bytes) -> bool:
    """RSS/RDF/Atom root element or a JSON Feed version marker in the first bytes."""
    from .feeds import looks_like_feed as sniff

    return bool(sniff(head))


def detect_format(
    name: str, head: bytes, *, content_type: str | None = None, forced: str | None = None
) -> str:
    """One of FORMATS for an input, or an InputError E011 naming it."""
    if forced:
        if forced not in FORMATS:
            raise InputError(
                name,
                f"unknown format '{forced}' (one of {', '.join(FORMATS)})",
                code=ErrorCode.E011,
            )
        return forced
    lower = name.lower().split("?", 1)[0]
    if head.startswith(GZIP_MAGIC):
        return "jsonl"
    for suffix in sorted(_BY_SUFFIX, key=len, reverse=True):
        if lower.endswith(suffix):
            found = _BY_SUFFIX[suffix]
            if found == "feed" and not looks_like_feed(head) and _HTML_START.match(head):
                return "html"
            return found
    if lower.endswith(".json"):
        return "feed" if looks_like_feed(head) else "jsonl"
    ctype = (content_type or "").lower()
    if any(t in ctype for t in ("rss", "atom", "feed+json", "rdf")):
        return "feed"
    if ("xml" in ctype or "json" in ctype) and looks_like_feed(head):
        return "feed"
    if "html" in ctype:
        return "feed" if looks_like_feed(head) else "html"
    stripped = head.lstrip()
    if stripped.startswith(b"<"):
        if looks_like_feed(head):
            return "feed"
        return "html"
    if stripped.startswith(b"{"):
        return "feed" if looks_like_feed(head) else "jsonl"
    return "text"
