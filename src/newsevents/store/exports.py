"""What exports read: filtered event or story records, oldest first, streamed, with the metadata
of each record's article (or just its coder version, for the fast flat path)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .events import EventFilter, Unit
from .sqlite import Store

_TABLES: dict[Unit, str] = {"mentions": "events", "stories": "stories"}


@dataclass(slots=True, frozen=True)
class ArticleMeta:
    """The article an event (or a story's first event) was coded from, as exports cite it."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: str | None = None
    coded_at: str | None = None
    coder_version: str | None = None

    def provenance(self) -> dict[str, Any]:
        """The provenance columns of a flat row (``records.PROVENANCE``): url, outlet, title,
        publication time."""
        return {
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
        }


def outlet_name(source: str | None, url: str | None) -> str | None:
    """An article's outlet as exports cite it: its source name, else its URL's host without
    ``www.`` (what stories count as the outlet too)."""
    if source and source.strip():
        return source.strip()
    if url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # an unparseable URL names no outlet
            return None
        return host.removeprefix("www.") or None
    return None


def _article_sql(table: str) -> str:
    """Correlated subqueries giving the article metadata and coding state as one JSON array."""
    return (
        "(SELECT json_array(a.url, a.title, a.source, a.language, a.published, "
        "(SELECT c.coded_at FROM coded_articles c WHERE c.article_id = a.id "
        "AND c.revision = a.revision), "
        "(SELECT c.coder_version FROM coded_articles c WHERE c.article_id = a.id "
        "AND c.revision = a.revision)) "
        f"FROM articles a WHERE a.id = {table}.article_id AND a.is_current = 1)"
    )


def _select(store: Store, columns: str, flt: EventFilter, unit: Unit) -> Any:
    """Run the filtered query with the given select list, oldest first; a streaming cursor.

    Rows with the same date keep store order (rowid), so the date index gives the whole order
    and SQLite never sorts; LIMIT is only added when asked for (it makes SQLite buffer rows).
    """
    where, params = flt.where()
    sql = f"SELECT {columns} FROM {_TABLES[unit]}{where} ORDER BY date_start, rowid"
    if flt.limit is not None or flt.offset:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, -1 if flt.limit is None else int(flt.limit), int(flt.offset)]
    return store._execute(sql, params)


def _meta(raw: str | None) -> ArticleMeta:
    if not raw:
        return ArticleMeta()
    url, title, source, language, published, coded_at, coder_version = json.loads(raw)
    outlet = outlet_name(source, url)
    return ArticleMeta(url, title, outlet, language, published, coded_at, coder_version)


def iter_with_articles(
    store: Store, flt: EventFilter, unit: Unit
) -> Iterator[tuple[dict[str, Any], ArticleMeta, str | None]]:
    """(record, its article's metadata, story id from the row) of each match, oldest first."""
    table = _TABLES[unit]
    cursor = _select(store, f"record, {_article_sql(table)}, story_id", flt, unit)
    for record, meta, story_id in cursor:
        yield json.loads(record), _meta(meta), story_id


def iter_raw_batches(
    store: Store, flt: EventFilter, unit: Unit, *, batch_size: int
) -> Iterator[list[tuple[bytes, str, str | None]]]:
    """Batches of (stored JSON record as bytes, article id, story id) of the matches, oldest
    first: what a fast parser reads without ``json.loads`` per row."""
    cursor = _select(store, "CAST(record AS BLOB), article_id, story_id", flt, unit)
    while True:
        rows: list[tuple[bytes, str, str | None]] = cursor.fetchmany(batch_size)
        if not rows:
            return
        yield rows  # as fetched: no per-row work on the fast path


def article_metas(store: Store, article_ids: Iterable[str]) -> dict[str, ArticleMeta]:
    """article id -> what exports cite of its current revision (one query for a batch)."""
    ids = json.dumps(sorted(set(article_ids)))
    rows = store._execute(
        "SELECT a.id, a.url, a.title, a.source, a.language, a.published, c.coded_at, "
        "c.coder_version FROM articles a LEFT JOIN coded_articles c "
        "ON c.article_id = a.id AND c.revision = a.revision "
        "WHERE a.is_current = 1 AND a.id IN (SELECT value FROM json_each(?))",
        (ids,),
    )
    return {
        str(aid): ArticleMeta(url, title, outlet_name(src, url), lang, pub, coded, version)
        for aid, url, title, src, lang, pub, coded, version in rows
    }
