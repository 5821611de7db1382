"""JSONL and JSONL.gz dumps, streamed line by line; a bad line skips that line only."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..dates import parse_datetime
from ..errors import ErrorCode, InputError
from ..models import ArticleInput
from .base import IngestOptions, ItemError, Parsed, Source, repair_strings
from .decode import looks_binary

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
    article = ArticleInput(
        text=text,
        title=_text(_field(record, "title", mapping)),
        published=published,
        source=_text(_field(record, "source", mapping)) or options.source,
        url=_text(_field(record, "url", mapping)),
        language=language.lower()[:8] if language else None,
        origin=origin,
        external_id=str(ext_id) if ext_id is not None else None,
    )
    return repair_strings(article)


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


#: Errors held back while a JSON document has not yet given an article: if none comes, the
#: document is refused in one line instead of one line per record.
_HELD_ERRORS = 20


def _iter_document(stream: Any, name: str, options: IngestOptions) -> Iterator[Parsed]:
    """Records from a whole JSON document (an array of objects, or a single object), streamed
    one record at a time: memory stays bounded by the largest record, not the file."""
    held: list[ItemError] = []
    errors = 0
    articles = 0
    for index, value in enumerate(_json_values(stream, name, options)):
        parsed = record_to_article(value, origin=f"{name}[{index}]", options=options)
        if isinstance(parsed, ItemError):
            errors += 1
            if articles:
                yield parsed
            elif len(held) < _HELD_ERRORS:
                held.append(parsed)
            continue
        if not articles:
            yield from held
            held = []
        articles += 1
        yield parsed
    if errors and not articles:
        # One clear line instead of one per record: this is not a dump of articles.
        raise InputError(
            name,
            f"none of its {errors:,} JSON records is an article ({held[0].reason})",
            code=held[0].code,
        )


def _json_values(stream: Any, name: str, options: IngestOptions) -> Iterator[Any]:
    """The elements of a top-level JSON array (or the one top-level value), decoded piecewise."""
    reader = _JsonReader(stream, name, options)
    reader.skip_space()
    if reader.peek() != "[":
        value = reader.value()
        reader.skip_space()
        if reader.peek():
            raise reader.malformed("extra data after the JSON value")
        yield value
        return
    reader.pos += 1
    reader.skip_space()
    if reader.peek() == "]":
        return
    while True:
        yield reader.value()
        reader.skip_space()
        sep = reader.peek()
        if sep == ",":
            reader.pos += 1
            reader.skip_space()
            continue
        if sep == "]":
            return
        raise reader.malformed("expected ',' or ']' between records" if sep else "unexpected end")


class _JsonReader:
    """A window over a JSON text read in chunks: ``value()`` decodes the next value, reading on
    while the value is incomplete, up to ``max_record_bytes`` for one value."""

    def __init__(self, stream: Any, name: str, options: IngestOptions) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = json.JSONDecoder()
        self._name = name
        self._options = options
        self._read = 0
        self._eof = False
        self._lines = 0  # lines dropped from the front of buf
        self.buf = ""
        self.pos = 0

    def _more(self, size: int = 1 << 16) -> bool:
        """Read another chunk into the window; False at the end of the input."""
        if self._eof:
            return False
        data = self._stream.read(size)
        self._read += len(data)
        if self._read > self._options.max_bytes:
            raise InputError(
                self._name,
                f"larger than the size cap of {self._options.max_bytes:,} bytes (see --max-bytes)",
                code=ErrorCode.E005,
            )
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise InputError(self._name, "not valid UTF-8 JSON", code=ErrorCode.E003) from exc
        if not data:
            self._eof = True
        if self.pos > (1 << 20):  # drop what has been consumed
            self._lines += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text
        return bool(data)

    def peek(self) -> str:
        """The next character ('' at the end), reading on when the window is used up."""
        while self.pos >= len(self.buf):
            if not self._more():
                return ""
        return self.buf[self.pos]

    def skip_space(self) -> None:
        """Move past JSON whitespace."""
        while self.peek() in (" ", "\t", "\n", "\r"):
            self.pos += 1

    def malformed(self, reason: str, at: int | None = None) -> InputError:
        """The error for malformed JSON at ``at`` (default: the current place)."""
        at = self.pos if at is None else at
        line = self._lines + self.buf.count("\n", 0, at) + 1
        column = at - self.buf.rfind("\n", 0, at)
        return InputError(
            self._name,
            f"malformed JSON ({reason} at line {line} column {column})",
            code=ErrorCode.E007,
        )

    def value(self) -> Any:
        """Decode the next value; an incomplete one reads more (chunks double in size)."""
        chunk = 1 << 16
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Incomplete (the error sits at the window's edge, or in a string the window
                # cuts) reads on; anything else is damage, reported where it is.
                cut = exc.pos >= len(self.buf) - 8 or exc.msg.startswith("Unterminated string")
                if self._eof or not cut:
                    raise self.malformed(exc.msg, exc.pos) from exc
                if len(self.buf) - self.pos > self._options.max_record_bytes:
                    raise InputError(
                        self._name,
                        f"a record larger than {self._options.max_record_bytes:,} bytes",
                        code=ErrorCode.E005,
                    ) from exc
                self._more(chunk)
                chunk = min(chunk * 2, 1 << 24)
                continue
            except RecursionError as exc:
                raise self.malformed("nested too deeply") from exc
            except ValueError as exc:  # e.g. an integer over Python's 4,300-digit limit
                raise self.malformed(str(exc)) from exc
            if end == len(self.buf) and not self._eof and _may_continue(value):
                self._more(chunk)  # a number at the window's edge may go on ("12" + "34")
                continue
            self.pos = end
            return value


def _may_continue(value: Any) -> bool:
    """True for a decoded value that more characters could extend (a number)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_line(line: bytes, *, origin: str, options: IngestOptions) -> Parsed:
    """One JSONL line as an article, or an error naming ``origin`` (``file:line``) and why."""
    if b"\x00" in line:
        return ItemError(origin, "line holds NUL bytes (binary data), skipped", ErrorCode.E004)
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return ItemError(origin, "line is not valid UTF-8", ErrorCode.E003)
    except json.JSONDecodeError as exc:
        return ItemError(
            origin, f"malformed JSON ({exc.msg} at column {exc.colno})", ErrorCode.E007
        )
    except RecursionError:
        return ItemError(origin, "malformed JSON (nested too deeply)", ErrorCode.E007)
    except ValueError as exc:  # e.g. an integer over Python's 4,300-digit limit
        return ItemError(origin, f"malformed JSON ({exc})", ErrorCode.E007)
    return record_to_article(record, origin=origin, options=options)


#: A file whose first lines are all errors is no JSONL dump of articles: after this many it is
#: refused (reading millions of bad lines helps nobody).
MAX_LEADING_BAD_LINES = 10_000


def _iter_lines(stream: Any, name: str, options: IngestOptions) -> Iterator[Parsed]:
    lineno = 0
    any_line = False
    articles = 0
    bad_run = 0
    first_error: ItemError | None = None
    try:
        for lineno, line in _raw_lines(stream, name, options):
            any_line = True
            origin = f"{name}:{lineno}"
            if line is None:
                parsed: Parsed = ItemError(
                    origin,
                    f"record larger than {options.max_record_bytes:,} bytes, skipped",
                    ErrorCode.E005,
                )
            elif lineno <= 3 and not articles and _binary_line(line):
                raise InputError(name, "input looks binary, not text", code=ErrorCode.E004)
            else:
                parsed = parse_line(line, origin=origin, options=options)
            if isinstance(parsed, ItemError):
                first_error = first_error or parsed
                bad_run += 1
            else:
                articles += 1
            yield parsed
            if first_error is not None and not articles and bad_run >= MAX_LEADING_BAD_LINES:
                raise InputError(
                    name,
                    f"its first {bad_run:,} lines hold no article, so it is not read on; "
                    f"not a JSONL dump of articles? (first: {first_error.reason})",
                    code=first_error.code,
                )
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(
            name,
            f"gzip stream is truncated or corrupt after line {lineno} ({exc or 'unexpected end'})",
            code=ErrorCode.E006,
        ) from exc
    if not any_line:
        raise InputError(name, "input is empty", code=ErrorCode.E002)


def _binary_line(line: bytes) -> bool:
    """One of a file's first lines that is not text (so the file is no dump at all)."""
    return looks_binary(line) and not line.lstrip().startswith(b"{")


_BLANK = re.compile(rb"[ \t\r\n]*")


def _raw_lines(
    stream: Any, name: str, options: IngestOptions
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each non-blank line, None for one over ``max_record_bytes``.

    Read in 1 MiB blocks so that runs of blank lines (a gzip of newlines) cost C-speed scans,
    and with the whole input, oversized lines included, counted against ``max_bytes``."""
    total = 0
    lineno = 0
    pending = b""
    skipping = False  # inside a line already reported as too long
    # read1: a truncated gzip stream fails on the read after the last good data, not with it
    read = getattr(stream, "read1", stream.read)
    while True:
        data = read(1 << 20)
        if not data:
            if pending.strip() and not skipping:
                yield lineno + 1, pending
            return
        total += len(data)
        if total > options.max_bytes:
            raise InputError(
                name,
                f"larger than the size cap of {options.max_bytes:,} bytes (see --max-bytes)",
                code=ErrorCode.E005,
            )
        if not pending and not skipping and _BLANK.fullmatch(data):
            lineno += data.count(b"\n")  # a block of blank lines
            continue
        lines = (pending + data).split(b"\n")
        pending = lines.pop()
        for line in lines:
            lineno += 1
            if skipping:  # the end of the oversized line
                skipping = False
            elif len(line) > options.max_record_bytes:
                yield lineno, None
            elif line.strip():
                yield lineno, line
        if skipping:
            pending = b""
        elif len(pending) > options.max_record_bytes:
            yield lineno + 1, None
            skipping = True
            pending = b""


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
