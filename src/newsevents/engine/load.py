"""``newsevents load DIR``: a run's Parquet partitions into the store, idempotently.

Articles go through :meth:`Store.add_articles` (the same content is "unchanged"), events through
:func:`save_events` (an article's events are replaced), so loading twice changes nothing.
Partitions are read one at a time, in row groups, so memory stays bounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..dates import parse_datetime
from ..errors import ErrorCode
from ..ingest.base import ItemError
from ..models import Article, ArticleInput
from ..store import Store
from ..store.events import save_events
from .partitions import _fs
from .pipeline import ARTICLE_COLUMNS, ARTICLES_DIR, EVENTS_DIR

BATCH = 500


@dataclass
class LoadReport:
    partitions: int = 0
    loaded: int = 0
    articles: int = 0
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    coded_articles: int = 0
    events: int = 0
    errors: list[ItemError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if not self.errors:
            return 0
        return 2 if self.loaded == 0 else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "loaded": self.loaded,
            "articles": self.articles,
            "added": self.added,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "coded_articles": self.coded_articles,
            "events": self.events,
            "errors": [
                {"source": e.source, "code": e.code.name, "reason": e.reason} for e in self.errors
            ],
            "exit_code": self.exit_code,
        }


class _Unreadable(Exception):
    pass


def _batches(fs: Any, path: str, columns: list[str]) -> Iterator[list[dict[str, Any]]]:
    """Rows of a Parquet file in batches; _Unreadable when it is not one of ours."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with fs.open(path, "rb") as fh:
            pf = pq.ParquetFile(fh)
            missing = [c for c in columns if c not in pf.schema_arrow.names]
            if missing:
                raise _Unreadable(f"missing columns {', '.join(missing)}")
            for batch in pf.iter_batches(batch_size=BATCH, columns=columns):
                yield batch.to_pylist()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise _Unreadable(str(exc) or type(exc).__name__) from exc


def load_output(
    store: Store, output: str, *, on_error: Callable[[ItemError], None] | None = None
) -> LoadReport:
    """Load every finished partition under ``output`` (a folder or fsspec URL) into ``store``."""
    report = LoadReport()
    fs, root = _fs(output)
    root = root.rstrip("/")

    def error(where: str, reason: str, code: ErrorCode = ErrorCode.E028) -> None:
        err = ItemError(where, reason, code)
        report.errors.append(err)
        if on_error is not None:
            on_error(err)

    if not fs.isdir(root) or not fs.isdir(f"{root}/{EVENTS_DIR}"):
        error(output, f"not a newsevents run folder (no {EVENTS_DIR}/ in it)", ErrorCode.E001)
        return report
    events_files = sorted(fs.glob(f"{root}/{EVENTS_DIR}/part-*.parquet"))
    report.partitions = len(events_files)
    for events_path in events_files:
        name = events_path.rsplit("/", 1)[-1]
        articles_path = f"{root}/{ARTICLES_DIR}/{name}"
        shown = events_path if output.startswith(root) else fs.unstrip_protocol(events_path)
        try:
            by_article: dict[str, dict[str, dict[str, Any]]] = {}
            for rows in _batches(fs, events_path, ["article_id", "record"]):
                for row in rows:
                    rec = json.loads(row["record"])
                    by_article.setdefault(row["article_id"], {})[rec["event_id"]] = rec
        except (_Unreadable, json.JSONDecodeError) as exc:
            error(shown, f"not a Parquet events file written by newsevents ({exc})")
            continue
        if not fs.exists(articles_path):
            error(shown, f"its articles file {ARTICLES_DIR}/{name} is missing")
            continue
        try:
            for rows in _batches(fs, articles_path, [c for c, _ in ARTICLE_COLUMNS]):
                _load_articles(store, rows, by_article, report)
        except _Unreadable as exc:
            error(
                shown.replace(f"/{EVENTS_DIR}/", f"/{ARTICLES_DIR}/"),
                f"not a Parquet articles file written by newsevents ({exc})",
            )
            continue
        report.loaded += 1
    return report


def _load_articles(
    store: Store,
    rows: list[dict[str, Any]],
    events: dict[str, dict[str, dict[str, Any]]],
    report: LoadReport,
) -> None:
    items = [
        ArticleInput(
            text=r["text"],
            title=r["title"],
            published=parse_datetime(r["published"]) if r["published"] else None,
            source=r["source"],
            url=r["url"],
            language=r["language"],
            origin=r["origin"] or "",
            external_id=r["external_id"],
        )
        for r in rows
    ]
    results = store.add_articles(items)
    report.articles += len(results)
    for row, res in zip(rows, results, strict=True):
        if res.status == "added":
            report.added += 1
        elif res.status == "revised":
            report.revised += 1
        else:
            report.unchanged += 1
        if not row["coded"]:
            continue
        article = Article(
            id=res.id,
            revision=res.revision,
            title=row["title"],
            text=row["text"],
            published=row["published"],
            source=row["source"],
            url=row["url"],
            language=row["language"],
            ingested_at="",
            content_hash=row["content_hash"],
            origin=row["origin"] or "",
            external_id=row["external_id"],
        )
        records = list(events.get(row["article_id"], {}).values())
        save_events(store, article, records, coder_version=row["coder_version"])
        report.coded_articles += 1
        report.events += len(records)
