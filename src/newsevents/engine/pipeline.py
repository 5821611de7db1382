"""What both engines run on a partition: JSONL lines -> articles -> the main job -> Parquet.

:func:`process_partition` reads its lines, turns each record into an article exactly as
``newsevents ingest`` would (same field names, same article id, the record's id kept as
``external_id``), codes them with the main job (:func:`newsevents.pipeline.process_many`: its
language rule and this worker process's coder) and writes two Parquet files,
``articles/part-<id>.parquet`` and ``events/part-<id>.parquet``, each first to a temporary name
and then renamed. The events file is renamed last: its presence means the partition is done.
"""

from __future__ import annotations

import gzip
import os
import socket
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import ErrorCode, InputError
from ..events.coder import CoderOptions
from ..ingest.base import IngestOptions, ItemError, repair_article
from ..ingest.jsonl import parse_line
from ..ingest.lang import detect_language
from ..models import Article, ArticleInput
from ..pipeline import process_many
from ..store.exports import outlet_name
from ..store.records import arrow_schema, flatten, record_json
from .partitions import Partition, _fs, open_input

EVENTS_DIR = "events"
ARTICLES_DIR = "articles"
#: At most this many errors of one partition are sent back in full (the rest are counted).
MAX_ERRORS = 100

#: Columns of ``articles/part-*.parquet`` (name, arrow type name).
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"),
    ("external_id", "string"),
    ("title", "string"),
    ("text", "string"),
    ("published", "string"),
    ("source", "string"),
    ("url", "string"),
    ("language", "string"),
    ("origin", "string"),
    ("content_hash", "string"),
    ("coded", "bool"),
    ("n_events", "int64"),
    ("coder_version", "string"),
)


def events_schema() -> Any:
    """records.COLUMNS plus ``record``: the full event JSON, so loading into the store is
    lossless."""
    import pyarrow as pa

    return arrow_schema().append(pa.field("record", pa.string()))


def articles_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "bool": pa.bool_(), "int64": pa.int64()}
    return pa.schema([(name, types[kind]) for name, kind in ARTICLE_COLUMNS])


@dataclass(kw_only=True)
class RunSettings:
    """What every worker needs besides the coder (small and picklable)."""

    coder_version: str
    field_map: dict[str, str] = field(default_factory=dict)
    """JSONL field names, as ``--map`` gives them."""
    source: str | None = None
    """Outlet name for records that name none."""
    max_record_bytes: int = 10 * 1024 * 1024
    flush_articles: int = 256
    """Articles per Parquet row group (bounds a worker's memory whatever the partition size)."""

    def ingest_options(self) -> IngestOptions:
        return IngestOptions(
            field_map=dict(self.field_map),
            source=self.source,
            max_record_bytes=self.max_record_bytes,
        )


@dataclass(kw_only=True)
class PartitionResult:
    """What one partition did (small: it travels back from the worker)."""

    partition_id: str
    lines: int
    articles: int = 0
    coded: int = 0
    non_english: int = 0
    events: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    """(where, reason, code name) of bad records, ``file:line`` first."""
    more_errors: int = 0
    failed: str | None = None
    """Why the whole partition failed (nothing written; a rerun tries it again)."""
    seconds: float = 0.0
    worker: str = ""
    """host:pid of the process that coded it."""
    peak_rss_mb: float = 0.0
    """That process's peak resident memory so far."""
    cpu_seconds: float = 0.0
    """That process's CPU time (user + system) so far, start-up included."""

    def item_errors(self) -> list[ItemError]:
        return [ItemError(w, r, ErrorCode[c]) for w, r, c in self.errors]


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM on Linux, else getrusage), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_partition(part: Partition, options: IngestOptions) -> Iterator[ArticleInput | ItemError]:
    """The partition's records as articles, or errors naming ``input:line`` and the reason."""
    limit = options.max_record_bytes
    try:
        with open_input(part.url) as fh:
            if part.start:
                fh.seek(part.start)
            for i in range(part.n_lines):
                lineno = part.first_line + i + 1
                origin = f"{part.url}:{lineno}"
                line = fh.readline(limit + 1)
                if not line:
                    raise InputError(
                        part.url,
                        f"ends before line {lineno}: changed since it was planned",
                        code=ErrorCode.E001,
                    )
                if len(line) > limit and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):
                        line = fh.readline(1 << 20)
                    yield ItemError(
                        origin, f"record larger than {limit:,} bytes, skipped", ErrorCode.E005
                    )
                    continue
                if not line.strip():
                    continue
                parsed = parse_line(line, origin=origin, options=options)
                if isinstance(parsed, ArticleInput) and (bad := repair_article(parsed)):
                    yield bad
                yield parsed
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(
            part.url,
            f"gzip stream is truncated or corrupt ({exc or 'unexpected end'})",
            code=ErrorCode.E006,
        ) from exc
    except OSError as exc:
        raise InputError(part.url, f"cannot read: {exc}", code=ErrorCode.E001) from exc


def to_article(item: ArticleInput) -> Article:
    """The article the store would hold for this input (same id, hash and language)."""
    if item.language is None:
        item.language = detect_language(item.text, item.title)
    return item.to_article()


def event_row(
    record: dict[str, Any], coder_version: str, article: Article | None = None
) -> dict[str, Any]:
    """A flat events row: records.flatten (with the article's provenance columns) plus the coder
    version and the full record JSON."""
    provenance = None
    if article is not None:
        provenance = {
            "url": article.url,
            "outlet": outlet_name(article.source, article.url),
            "title": article.title,
            "published": article.published,
        }
    row = flatten(record, article=provenance)
    row["coder_version"] = coder_version
    row["record"] = record_json(record)
    return row


def _article_row(a: Article, *, coded: bool, n_events: int, version: str) -> dict[str, Any]:
    return {
        "article_id": a.id,
        "external_id": a.external_id,
        "title": a.title,
        "text": a.text,
        "published": a.published,
        "source": a.source,
        "url": a.url,
        "language": a.language,
        "origin": a.origin,
        "content_hash": a.content_hash,
        "coded": coded,
        "n_events": n_events,
        "coder_version": version if coded else None,
    }


class _AtomicParquet:
    """A Parquet file written under a temporary name in row groups, renamed when complete."""

    def __init__(self, fs: Any, path: str, schema: Any) -> None:
        import pyarrow.parquet as pq

        self.fs, self.path, self.schema = fs, path, schema
        folder, name = path.rsplit("/", 1)
        fs.makedirs(folder, exist_ok=True)
        self.tmp = f"{folder}/.{name}.{uuid.uuid4().hex[:8]}.tmp"
        self._fh = fs.open(self.tmp, "wb")
        self._writer = pq.ParquetWriter(self._fh, schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any], flush_at: int) -> None:
        self.rows.append(row)
        if len(self.rows) >= flush_at:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()
        self._fh.close()

    def commit(self) -> None:
        self.fs.mv(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
            self._fh.close()
        finally:
            if self.fs.exists(self.tmp):
                self.fs.rm(self.tmp)


def partition_paths(output: str, partition_id: str) -> tuple[str, str]:
    """(articles file, events file) of a partition, in the output's filesystem."""
    _, root = _fs(output)
    root = root.rstrip("/")
    return (
        f"{root}/{ARTICLES_DIR}/part-{partition_id}.parquet",
        f"{root}/{EVENTS_DIR}/part-{partition_id}.parquet",
    )


def process_partition(
    part: Partition, output: str, settings: RunSettings, options: CoderOptions
) -> PartitionResult:
    """Read, code and write one partition; never raises for bad input (see ``failed``)."""
    started = time.perf_counter()
    result = PartitionResult(partition_id=part.id, lines=part.n_lines)
    result.worker = f"{socket.gethostname()}:{os.getpid()}"
    fs, _ = _fs(output)
    articles_path, events_path = partition_paths(output, part.id)
    articles_out = _AtomicParquet(fs, articles_path, articles_schema())
    events_out = _AtomicParquet(fs, events_path, events_schema())
    ingest_options = settings.ingest_options()
    version = settings.coder_version

    def articles() -> Iterator[Article]:
        for item in read_partition(part, ingest_options):
            if isinstance(item, ItemError):
                if len(result.errors) < MAX_ERRORS:
                    result.errors.append((item.source, item.reason, item.code.name))
                else:
                    result.more_errors += 1
                continue
            result.articles += 1
            yield to_article(item)

    try:
        for article, records in process_many(articles(), options):
            if records is None:  # left uncoded by the language rule: stored, marked uncoded
                result.non_english += 1
                row = _article_row(article, coded=False, n_events=0, version=version)
                articles_out.add(row, settings.flush_articles)
                continue
            for rec in records:
                events_out.add(event_row(rec, version, article), settings.flush_articles * 8)
            row = _article_row(article, coded=True, n_events=len(records), version=version)
            articles_out.add(row, settings.flush_articles)
            result.coded += 1
            result.events += len(records)
        articles_out.close()
        events_out.close()
        articles_out.commit()
        events_out.commit()  # last: its presence marks the partition done
    except Exception as exc:  # one partition's failure must not end the run
        articles_out.abort()
        events_out.abort()
        if isinstance(exc, InputError):
            result.failed = str(exc)
        elif isinstance(exc, OSError):
            result.failed = f"[{ErrorCode.E024.name}] {output}: cannot write: {exc}"
        else:
            result.failed = f"[{ErrorCode.E019.name}] {part.id}: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = peak_rss_mb()
    times = os.times()
    result.cpu_seconds = times.user + times.system
    return result
