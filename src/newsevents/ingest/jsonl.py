"""JSONL and JSONL.gz dumps, streamed line by line; a bad line skips that line only."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import Any

from ..dates import parse_datetime
from ..errors import ErrorCode, InputError
from ..models import ArticleInput
from .base import IngestOptions, ItemError, Parsed, Source

GZIP_MAGIC = b"\x1f\x8b"

#: Our field -> the dump field names tried, in order, when no --map names one.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "guid", "doc_id", "article_id"),
    "text": ("text", "body", "content", "maintext", "article", "story", "full_text"),
    "title": ("title", "headline", "heading"),
    "published": (
        "published",
        "date",
        "date_publish",
        "publish_date",
        "pubdate",
        "published_at",
        "datetime",
        "timestamp",
        "created_at",
    ),
    "url": ("url", "link", "canonical_url", "source_url"),
    "source": ("source", "outlet", "publisher", "source_name", "site_name", "domain"),
    "language": ("language", "lang"),
}


def parse_field_map(spec: str | None) -> dict[str, str]:
    """'text=body,published=date' -> {'text': 'body', 'published': 'date'}; E016 when malformed."""
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        ours, sep, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not ours or not theirs:
            raise InputError(
                "--map", f"'{part}' is not FIELD=NAME (e.g. text=body)", code=ErrorCode.E016
            )
        if ours not in DEFAULT_FIELDS:
            known = ", ".join(DEFAULT_FIELDS)
            raise InputError(
                "--map", f"unknown field '{ours}' (known: {known})", code=ErrorCode.E016
            )
        mapping[ours] = theirs
    return mapping


def _lookup(record: dict[str, Any], name: str) -> Any:
    """A field by name; dots walk into nested objects ('meta.published')."""
    value: Any = record
    for key in name.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _field(record: dict[str, Any], ours: str, mapping: dict[str, str]) -> Any:
    if ours in mapping:
        return _lookup(record, mapping[ours])
    for name in DEFAULT_FIELDS[ours]:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if v is not None)
    text = str(value).strip()
    return text or None


def record_to_article(
    record: Any, *, origin: str, options: IngestOptions
) -> ArticleInput | ItemError:
    """One dump record to an article, or an ItemError naming the record and the reason."""
    if not isinstance(record, dict):
        return ItemError(
            origin, f"expected a JSON object, got {type(record).__name__}", ErrorCode.E007
        )
    mapping = options.field_map
    text = _text(_field(record, "text", mapping))
    if not text:
        wanted = mapping.get("text") or "/".join(DEFAULT_FIELDS["text"][:4])
        return ItemError(origin, f"record has no text (looked for '{wanted}')", ErrorCode.E010)
    published = parse_datetime(_field(record, "published", mapping))
    ext_id = _field(record, "id", mapping)
    language = _text(_field(record, "language", mapping))
    return ArticleInput(
        text=text,
        title=_text(_field(record, "title", mapping)),
        published=published,
        source=_text(_field(record, "source", mapping)) or options.source,
        url=_text(_field(record, "url", mapping)),
        language=language.lower()[:8] if language else None,
        origin=origin,
        external_id=str(ext_id) if ext_id is not None else None,
    )


def parse_jsonl(src: Source, options: IngestOptions) -> Iterator[Parsed]:
    """Articles from a JSONL dump (gzip-compressed or not), streamed with bounded memory."""
    raw = src.open()
    try:
        head = raw.read(2)
        if not head:
            raise InputError(src.name, "input is empty", code=ErrorCode.E002)
        base: Any
        if raw.seekable():
            raw.seek(0)
            base = raw
        else:
            base = io.BufferedReader(_Prefixed(head, raw), 1 << 16)
        stream = gzip.GzipFile(fileobj=base, mode="rb") if head == GZIP_MAGIC else base
        if head != GZIP_MAGIC and _is_json_document(stream):
            yield from _iter_document(stream, src.name, options)
        else:
            yield from _iter_lines(stream, src.name, options)
    finally:
        raw.close()


def _is_json_document(stream: Any) -> bool:
    """True for one pretty-printed JSON value (an array of records, or a multi-line object)."""
    start = stream.tell()
    first = stream.readline(1 << 16).strip()
    stream.seek(start)
    return bool(first.startswith(b"[") or first == b"{")


def _iter_document(stream: Any, name: str, options: IngestOptions) -> Iterator[Parsed]:
    """Records from a whole JSON document: an array of objects, or a single object."""
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(
            name,
            f"larger than the size cap of {options.max_bytes:,} bytes (see --max-bytes)",
            code=ErrorCode.E005,
        )
    try:
        value = json.loads(data)
    except UnicodeDecodeError as exc:
        raise InputError(name, "not valid UTF-8 JSON", code=ErrorCode.E003) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            name,
            f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})",
            code=ErrorCode.E007,
        ) from exc
    records = value if isinstance(value, list) else [value]
    parsed = [
        record_to_article(r, origin=f"{name}[{i}]", options=options) for i, r in enumerate(records)
    ]
    if records and all(isinstance(p, ItemError) for p in parsed):
        # One clear line instead of one per record: this is not a dump of articles.
        first = parsed[0]
        assert isinstance(first, ItemError)
        raise InputError(
            name,
            f"none of its {len(records)} JSON records is an article ({first.reason})",
            code=first.code,
        )
    yield from parsed


def parse_line(line: bytes, *, origin: str, options: IngestOptions) -> Parsed:
    """One JSONL line as an article, or an error naming ``origin`` (``file:line``) and why."""
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return ItemError(origin, "line is not valid UTF-8", ErrorCode.E003)
    except json.JSONDecodeError as exc:
        return ItemError(
            origin, f"malformed JSON ({exc.msg} at column {exc.colno})", ErrorCode.E007
        )
    return record_to_article(record, origin=origin, options=options)


def _iter_lines(stream: Any, name: str, options: IngestOptions) -> Iterator[Parsed]:
    lineno = 0
    total = 0
    any_line = False
    try:
        while True:
            line = stream.readline(options.max_record_bytes + 1)
            if not line:
                break
            lineno += 1
            total += len(line)
            if total > options.max_bytes:
                raise InputError(
                    name,
                    f"larger than the size cap of {options.max_bytes:,} bytes (see --max-bytes)",
                    code=ErrorCode.E005,
                )
            origin = f"{name}:{lineno}"
            if len(line) > options.max_record_bytes:
                while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                    line = stream.readline(1 << 20)
                yield ItemError(
                    origin,
                    f"record larger than {options.max_record_bytes:,} bytes, skipped",
                    ErrorCode.E005,
                )
                continue
            if not line.strip():
                continue
            any_line = True
            yield parse_line(line, origin=origin, options=options)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(
            name,
            f"gzip stream is truncated or corrupt after line {lineno} ({exc or 'unexpected end'})",
            code=ErrorCode.E006,
        ) from exc
    if not any_line:
        raise InputError(name, "input is empty", code=ErrorCode.E002)


class _Prefixed(io.RawIOBase):
    """A binary stream that replays a few already-read bytes before the rest of a file."""

    def __init__(self, prefix: bytes, rest: Any) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)
