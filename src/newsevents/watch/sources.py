"""What `newsevents watch` polls: the SOURCES a user gave, expanded into a list of inputs.

A SOURCE is a feed URL (http or https), a file or a folder (ingested as ``newsevents ingest``
reads them), a sources file (one source per line, ``#`` comments, blank lines ignored; relative
paths are relative to the file), or an OPML file (a feed reader's export: every ``outline``'s
``xmlUrl``). OPML is parsed with lxml without entity expansion, DTD loading or network access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import lxml.etree

from ..errors import ErrorCode, InputError
from ..ingest.fetch import is_url

#: Sources files and OPML files larger than this are refused (they are lists, not data).
MAX_LIST_BYTES = 5 * 1024 * 1024
#: How deep sources files may name other sources files.
MAX_DEPTH = 4

_PROLOG = re.compile(
    rb"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*", re.S | re.I
)
_HTTP = re.compile(r"^https?://", re.I)


class _Named(InputError):
    """A bad source, with the sources file that named it."""


def _looks_like_opml(head: bytes) -> bool:
    """Whether a file starts (after an XML prolog and comments) with an ``<opml`` element."""
    head = head.lstrip(b"\xef\xbb\xbf")
    rest = head[_PROLOG.match(head).end() :]  # type: ignore[union-attr]
    return rest[:5].lower() == b"<opml"


def parse_opml(path: Path, data: bytes) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML document, in document order.

    Only http(s) URLs are taken: an OPML file is a list of feeds on the web, so an ``xmlUrl``
    naming a local path or another scheme is refused (E014) rather than read from disk."""
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise InputError(
            str(path), f"not a well-formed OPML file ({exc})", code=ErrorCode.E008
        ) from exc
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = next(
            (v.strip() for k, v in outline.attrib.items() if str(k).lower() == "xmlurl"), None
        )
        if not url:
            continue
        if not _HTTP.match(url):
            raise InputError(
                str(path),
                f"outline xmlUrl {url[:200]!r} is not an http(s) URL",
                code=ErrorCode.E014,
            )
        urls.append(url)
    if not urls:
        raise InputError(
            str(path), "OPML file names no feeds (no outline xmlUrl)", code=ErrorCode.E002
        )
    return urls


def _list_entries(data: bytes) -> list[str] | None:
    """The entries of a sources file, or None when the bytes are not one (every non-blank line
    that is not a ``#`` comment must be an http(s) URL or a path-like word, and there must be one
    at least): a news text or a feed is never mistaken for a list."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line[0] in "<{[" or (" " in line and not _HTTP.match(line)):
            return None
        entries.append(line)
    return entries or None


def expand_sources(sources: Iterable[str]) -> list[str]:
    """The inputs to poll, in the order given, each once; raises InputError naming the first
    SOURCE that does not exist or cannot be read as a list."""
    out: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if name not in seen:
            seen.add(name)
            out.append(name)

    def walk(source: str, *, base: Path | None, depth: int, chain: tuple[Path, ...]) -> None:
        if is_url(source):
            if not _HTTP.match(source):
                raise InputError(
                    source, "URL scheme not allowed (only http and https)", code=ErrorCode.E014
                )
            add(source)
            return
        path = Path(source).expanduser()
        if base is not None and not path.is_absolute():
            path = base / path
        if path.is_dir():
            add(str(path))
            return
        if not path.exists():
            raise InputError(str(path), "no such file or folder", code=ErrorCode.E001)
        if not path.is_file():
            raise InputError(str(path), "not a regular file or folder", code=ErrorCode.E001)
        try:
            with path.open("rb") as fh:
                head = fh.read(MAX_LIST_BYTES + 1)
        except OSError as exc:
            raise InputError(
                str(path), f"cannot read: {exc.strerror or exc}", code=ErrorCode.E001
            ) from exc
        if _looks_like_opml(head[:4096]):
            if len(head) > MAX_LIST_BYTES:
                raise InputError(
                    str(path),
                    f"OPML file larger than {MAX_LIST_BYTES:,} bytes",
                    code=ErrorCode.E005,
                )
            for url in parse_opml(path, head):
                add(url)
            return
        entries = _list_entries(head) if len(head) <= MAX_LIST_BYTES else None
        if entries is not None and not any(
            is_url(e) or (path.parent / Path(e).expanduser()).exists() for e in entries
        ):
            entries = None  # a few words a line, none a source: a text, not a list
        if entries is None:
            add(str(path))  # a feed, page, text or dump file: ingested as it is
            return
        real = path.resolve()
        if real in chain or depth >= MAX_DEPTH:
            raise InputError(
                str(path),
                "sources files name each other in a circle or nest too deeply",
                code=ErrorCode.E026,
            )
        for entry in entries:
            try:
                walk(entry, base=path.parent, depth=depth + 1, chain=(*chain, real))
            except _Named:
                raise  # already says which sources file named it
            except InputError as exc:
                raise _Named(exc.source, f"{exc.reason} (named in {path})", code=exc.code) from exc

    for source in sources:
        walk(source, base=None, depth=0, chain=())
    return out
