"""Coded events in the store: save an article's events atomically, list and filter them."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from ..models import Article
from ..time.calendar import Published
from ..time.period import event_period
from .sqlite import Store

Unit = Literal["stories", "mentions"]
"""What a row counts: a story (events clustered across articles) or each mention (event)."""

#: Orders a filter may ask for (``-`` means descending); anything else is refused.
SORTS: dict[str, str] = {
    "-date": "date_start DESC",
    "date": "date_start ASC",
    "-confidence": "confidence DESC",
    "confidence": "confidence ASC",
    "-goldstein": "goldstein DESC",
    "goldstein": "goldstein ASC",
}

_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def date_bound(value: str) -> str:
    """A --since/--until bound (YYYY, YYYY-MM or YYYY-MM-DD) as the ISO day it starts on."""
    value = value.strip()
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value[:10]


def fts_terms(text: str) -> str:
    """A user's words as an FTS5 query of quoted terms (all must match); no operators pass."""
    return " ".join(f'"{w}"' for w in _FTS_WORD.findall(text)) or '""'


@dataclass(kw_only=True)
class EventFilter:
    """Filters shared by `newsevents events`, exports and the web API."""

    article_id: str | None = None
    actor: str | None = None
    """An actor id, or a country code matched on either side."""
    source: str | None = None
    target: str | None = None
    plover_type: str | None = None
    cameo_root: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    limit: int | None = 100
    """At most this many records; None for all (exports)."""
    offset: int = 0
    country: str | None = None
    """Country code (ISO 3166 alpha-3) of where the event happened (``location_country``)."""
    plover_mode: str | None = None
    text: str | None = None
    """Words searched (FTS5, all must match) in the title and text of the events' articles."""
    bbox: tuple[float, float, float, float] | None = None
    """(west, south, east, north) in degrees: events located inside this box."""
    sort: str = "-date"
    """One of :data:`SORTS`; ``-date`` (newest first) by default."""

    def order_by(self, key: str) -> str:
        """SQL ORDER BY clause for :attr:`sort`, ties broken by ``key`` (whitelisted, not bound)."""
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        return f" ORDER BY {SORTS[self.sort]}, {key}"

    def where(self) -> tuple[str, list[Any]]:
        """SQL WHERE clause and parameters (always parameterised)."""
        clauses: list[str] = []
        params: list[Any] = []

        def side(column_ids: str, column_countries: str, value: str) -> None:
            clauses.append(
                f"(instr(',' || {column_ids} || ',', ',' || ? || ',') > 0 OR "
                f"instr(',' || {column_countries} || ',', ',' || ? || ',') > 0)"
            )
            params.extend([value, value.upper()])

        if self.article_id:
            clauses.append("article_id = ?")
            params.append(self.article_id)
        if self.actor:
            clauses.append(
                "(instr(',' || source_actors || ',' || target_actors || ',', ',' || ? || ',') > 0"
                " OR instr(',' || source_countries || ',' || target_countries || ',', "
                "',' || ? || ',') > 0)"
            )
            params.extend([self.actor, self.actor.upper()])
        if self.source:
            side("source_actors", "source_countries", self.source)
        if self.target:
            side("target_actors", "target_countries", self.target)
        if self.plover_type:
            clauses.append("plover_type = ?")
            params.append(self.plover_type.upper())
        if self.cameo_root:
            clauses.append("substr(cameo_code, 1, 2) = ?")
            params.append(self.cameo_root.zfill(2)[:2])
        if self.quad_class is not None:
            clauses.append("quad_class = ?")
            params.append(int(self.quad_class))
        if self.modality:
            clauses.append("modality = ?")
            params.append(self.modality)
        # An event is dated to a period, date_start..date_end (ISO days); it matches when the
        # period overlaps [since, until). Bounds may be partial: YYYY or YYYY-MM is its first day.
        if self.since:
            clauses.append("date_end >= ?")
            params.append(date_bound(self.since))
        if self.until:
            clauses.append("date_start < ?")
            params.append(date_bound(self.until))
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")
            params.append(float(self.min_confidence))
        if self.country:
            clauses.append("location_country = ?")
            params.append(self.country.upper())
        if self.plover_mode:
            clauses.append("plover_mode = ?")
            params.append(self.plover_mode)
        if self.text and self.text.strip():
            clauses.append(
                "article_id IN (SELECT a.id FROM articles a WHERE a.is_current = 1 AND a.rowid IN "
                "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
            )
            params.append(fts_terms(self.text))
        if self.bbox is not None:
            west, south, east, north = (float(v) for v in self.bbox)
            clauses.append("location_lat BETWEEN ? AND ?")
            params.extend([south, north])
            if west <= east:
                clauses.append("location_lon BETWEEN ? AND ?")
                params.extend([west, east])
            else:  # the box crosses the antimeridian
                clauses.append("(location_lon >= ? OR location_lon <= ?)")
                params.extend([west, east])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_INSERT_EVENT = (
    "INSERT OR REPLACE INTO events (event_id, article_id, article_revision, "
    "plover_type, plover_mode, cameo_code, quad_class, goldstein, source_actors, "
    "target_actors, source_countries, target_countries, date, date_precision, "
    "location_country, modality, confidence, record, location_name, location_lat, "
    "location_lon, date_start, date_end, date_flag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def with_typed_date(ev: dict[str, Any], published: Published) -> dict[str, Any]:
    """The record with its typed date (``date_start``, ``date_end``: ISO days, ``date_precision``
    and ``date_flag``) from its ``date``, its modality and the article's publication date
    (docs/time.md)."""
    typed = event_period(ev.get("date"), published, asserted=ev.get("modality") == "asserted")
    if typed is None:
        return {**ev, "date_start": None, "date_end": None, "date_flag": None}
    return {
        **ev,
        "date_start": typed.start.isoformat(),
        "date_end": typed.end.isoformat(),
        "date_precision": typed.precision,
        "date_flag": typed.flag,
    }


def _event_row(
    article_id: str, revision: int, ev: dict[str, Any], published: Published
) -> tuple[Any, ...]:
    """An events-table row from an event record (the columns the filters and summaries use)."""
    ev = with_typed_date(ev, published)
    loc = ev.get("location") or {}
    return (
        ev["event_id"],
        article_id,
        revision,
        ev["plover_type"],
        ev["plover_mode"],
        ev["cameo_code"],
        ev["quad_class"],
        ev["goldstein"],
        ",".join(a["actor_id"] for a in ev["sources"]),
        ",".join(a["actor_id"] for a in ev["targets"]),
        ",".join(a["country"] or "" for a in ev["sources"]),
        ",".join(a["country"] or "" for a in ev["targets"]),
        ev["date"],
        ev["date_precision"],
        loc.get("country"),
        ev["modality"],
        ev["confidence"],
        json.dumps(ev, ensure_ascii=False),
        loc.get("name"),
        loc.get("lat"),
        loc.get("lon"),
        ev["date_start"],
        ev["date_end"],
        ev["date_flag"],
    )


def save_events(
    store: Store,
    article: Article,
    events: Sequence[dict[str, Any]],
    *,
    coder_version: str,
    places: Mapping[str, int] | None = None,
) -> None:
    """Replace an article's events with a fresh coding, in one transaction; ``places``: what
    the article adds to its source's home area (see :func:`source_place_counts`)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    counts = json.dumps(dict(sorted(places.items()))) if places else None
    with store.transaction():
        store._write("DELETE FROM events WHERE article_id = ?", (article.id,))
        for ev in events:
            store._write(
                _INSERT_EVENT, _event_row(article.id, article.revision, ev, article.published)
            )
        store._write(
            "INSERT OR REPLACE INTO coded_articles (article_id, revision, coder_version, "
            "coded_at, events, places) VALUES (?, ?, ?, ?, ?, ?)",
            (article.id, article.revision, coder_version, now, len(events), counts),
        )


def _counts(raw: str | None) -> Counter[str]:
    """A stored place-count JSON object (ignoring anything malformed: it is only a prior)."""
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return Counter()
    if not isinstance(value, dict):
        return Counter()
    return Counter({str(k): int(v) for k, v in value.items() if isinstance(v, int) and v > 0})


def source_place_counts(store: Store) -> dict[str, Counter[str]]:
    """Per source, the summed place counts of its current coded articles: where a source's
    articles are (a local paper's home area), for the coder's place prior."""
    totals: dict[str, Counter[str]] = {}
    rows = store._execute(
        "SELECT a.source, c.places FROM coded_articles c JOIN articles a "
        "ON a.id = c.article_id AND a.revision = c.revision "
        "WHERE a.is_current = 1 AND a.source IS NOT NULL AND c.places IS NOT NULL"
    )
    for source, raw in rows:
        totals.setdefault(source, Counter()).update(_counts(raw))
    return totals


def article_place_counts(store: Store, article: Article) -> Counter[str]:
    """The place counts stored with the article's current coding (empty when none)."""
    row = store._execute(
        "SELECT places FROM coded_articles WHERE article_id = ? AND revision = ?",
        (article.id, article.revision),
    ).fetchone()
    return _counts(row[0]) if row is not None else Counter()


def add_events(store: Store, events: Iterable[tuple[str, int, dict[str, Any]]]) -> None:
    """Store (article id, article revision, event record) rows as they are, in one transaction:
    bulk loading of events coded elsewhere (the benchmarks' synthetic stores). Unlike
    :func:`save_events` it neither drops an article's earlier events nor records the coding,
    and it types dates without a publication date (no far-future check)."""
    with store.transaction():
        store._write_many(_INSERT_EVENT, (_event_row(a, r, ev, None) for a, r, ev in events))


def uncoded_articles(
    store: Store, *, coder_version: str, recode: bool = False
) -> Iterator[Article]:
    """Current articles not yet coded by this coder version (all of them with ``recode``)."""
    for article in store.iter_articles():
        if recode:
            yield article
            continue
        row = store._execute(
            "SELECT coder_version FROM coded_articles WHERE article_id = ? AND revision = ?",
            (article.id, article.revision),
        ).fetchone()
        if row is None or row[0] != coder_version:
            yield article


def count_uncoded(store: Store, *, coder_version: str, recode: bool = False) -> int:
    """How many articles :func:`uncoded_articles` yields (a progress bar's total)."""
    if recode:
        return store.count()
    row = store._execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN coded_articles c "
        "ON c.article_id = a.id AND c.revision = a.revision "
        "WHERE a.is_current = 1 AND (c.coder_version IS NULL OR c.coder_version != ?)",
        (coder_version,),
    ).fetchone()
    return int(row[0])


def query_events(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    """Event records matching a filter, newest first."""
    return list(iter_records(store, flt, unit="mentions"))


def iter_records(
    store: Store, flt: EventFilter, *, unit: Unit = "mentions"
) -> Iterator[dict[str, Any]]:
    """Records matching a filter, newest first, streamed: event records for ``unit="mentions"``,
    story records (an event record plus story counts) for ``unit="stories"``."""
    table = {"mentions": "events", "stories": "stories"}[unit]
    key = "event_id" if unit == "mentions" else "story_id"
    where, params = flt.where()
    limit = -1 if flt.limit is None else int(flt.limit)
    cursor = store._execute(
        f"SELECT record FROM {table}{where}{flt.order_by(key)} LIMIT ? OFFSET ?",
        [*params, limit, int(flt.offset)],
    )
    for (record,) in cursor:
        yield json.loads(record)


def count_events(store: Store, flt: EventFilter | None = None, *, unit: Unit = "mentions") -> int:
    """How many events (or stories) match a filter."""
    table = {"mentions": "events", "stories": "stories"}[unit]
    where, params = (flt or EventFilter()).where()
    return int(store._execute(f"SELECT COUNT(*) FROM {table}{where}", params).fetchone()[0])


def has_events(store: Store) -> bool:
    """Whether any event has been coded into the store."""
    return store._execute("SELECT 1 FROM events LIMIT 1").fetchone() is not None


def capped_count(store: Store, flt: EventFilter, *, unit: Unit = "mentions", cap: int) -> int:
    """How many events (or stories) match a filter, counting no further than ``cap``."""
    table = {"mentions": "events", "stories": "stories"}[unit]
    where, params = flt.where()
    return int(
        store._execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table}{where} LIMIT ?)", [*params, int(cap)]
        ).fetchone()[0]
    )


class StoredEvent(NamedTuple):
    """An event record with what the store keeps beside it."""

    record: dict[str, Any]
    story_id: str | None
    article_revision: int


def get_event(store: Store, event_id: str) -> StoredEvent | None:
    """One event by id, with its story and article revision; None when there is no such event."""
    row = store._execute(
        "SELECT record, story_id, article_revision FROM events WHERE event_id = ?", (event_id,)
    ).fetchone()
    if row is None:
        return None
    return StoredEvent(json.loads(row[0]), row[1], int(row[2]))


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every event record coded from an article, in store order."""
    rows = store._execute("SELECT record FROM events WHERE article_id = ?", (article_id,))
    return [json.loads(r[0]) for r in rows]


def events_per_article(store: Store, article_ids: Sequence[str]) -> dict[str, int]:
    """article id -> how many events were coded from it (articles with none are left out)."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    rows = store._execute(
        f"SELECT article_id, COUNT(*) FROM events WHERE article_id IN ({marks}) GROUP BY 1",
        list(article_ids),
    )
    return {str(a): int(n) for a, n in rows}


def events_per_type(store: Store) -> list[tuple[str, int]]:
    """(PLOVER type, events) over every stored event, most first (ties by type)."""
    rows = store._execute(
        "SELECT plover_type, COUNT(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return [(str(t), int(n)) for t, n in rows]


def same_happening(
    store: Store,
    *,
    source_countries: str,
    target_countries: str,
    date: str | None,
    plover_type: str | None,
    other_than_article: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Event records with the same type, country dyad and date coded from other articles, newest
    first (how a page finds reports of one happening before stories are built)."""
    rows = store._execute(
        "SELECT record FROM events WHERE source_countries = ? AND target_countries = ? "
        "AND date IS ? AND plover_type = ? AND article_id <> ? "
        "ORDER BY date DESC, event_id LIMIT ?",
        (source_countries, target_countries, date, plover_type, other_than_article, int(limit)),
    )
    return [json.loads(r[0]) for r in rows]


class DyadDay(NamedTuple):
    """What a trend counts of one event or story."""

    date: str | None
    """The first day of its period (``date_start``)."""
    source_countries: str
    target_countries: str
    quad_class: int
    goldstein: float
    date_precision: str | None


def iter_dyad_days(
    store: Store, flt: EventFilter, *, unit: Unit, modalities: Sequence[str] | None
) -> Iterator[DyadDay]:
    """First day, countries, QuadClass, Goldstein and date precision of each event (or story)
    matching a filter and, unless ``modalities`` is None, having one of these modalities;
    streamed, in store order."""
    where, params = flt.where()
    if modalities is not None:
        marks = ",".join("?" * len(modalities))
        where += (" AND " if where else " WHERE ") + f"modality IN ({marks})"
        params = [*params, *modalities]
    table = {"mentions": "events", "stories": "stories"}[unit]
    cursor = store._execute(
        "SELECT date_start, source_countries, target_countries, quad_class, goldstein, "
        f"date_precision FROM {table}" + where,
        params,
    )
    for row in cursor:
        yield DyadDay(*row)
