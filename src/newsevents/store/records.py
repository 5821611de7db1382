"""Flat rows of event and story records: one column contract for CSV, Parquet, Dask and the web.

An event record (``Event.to_dict()``) nests actors, location and evidence. Tables want flat,
typed columns; this module is the single place that decides them, so a CSV export, a Parquet
partition written by a Dask worker and a web download all have the same columns in the same order.
A story record is an event record plus the story fields (``story_id``, ``num_mentions``,
``num_articles``, ``num_sources``, ``event_ids``, ``article_ids``, ``outlets``); an
event row carries its ``story_id`` (exports fill it from the events table) and ``num_mentions``
(its in-article repeats) and leaves the other story columns empty. ``date`` is the date as read
(``2026-W07``); ``date_start``/``date_end`` (dates) the first and last day of its period (of all
a story's events' periods), ``date_precision`` and ``date_flag`` as in docs/time.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from ..time.period import period_of

ColumnType = Literal["string", "int", "float", "date"]

#: (name, type) of every flat column, in order.
COLUMNS: tuple[tuple[str, ColumnType], ...] = (
    ("event_id", "string"),
    ("story_id", "string"),
    ("article_id", "string"),
    ("date", "string"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("date_precision", "string"),
    ("date_flag", "string"),
    ("plover_type", "string"),
    ("plover_mode", "string"),
    ("cameo_code", "string"),
    ("cameo_root", "string"),
    ("quad_class", "int"),
    ("goldstein", "float"),
    ("source_ids", "string"),
    ("source_names", "string"),
    ("source_countries", "string"),
    ("source_cameo", "string"),
    ("target_ids", "string"),
    ("target_names", "string"),
    ("target_countries", "string"),
    ("target_cameo", "string"),
    ("location_name", "string"),
    ("location_country", "string"),
    ("location_admin1", "string"),
    ("location_geonames_id", "int"),
    ("location_lat", "float"),
    ("location_lon", "float"),
    ("location_precision", "string"),
    ("modality", "string"),
    ("attribution", "string"),
    ("confidence", "float"),
    ("sentence", "string"),
    ("trigger", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("evidence_part", "string"),
    ("url", "string"),
    ("outlet", "string"),
    ("title", "string"),
    ("published", "string"),
    ("why", "string"),
    ("num_mentions", "int"),
    ("num_articles", "int"),
    ("num_sources", "int"),
    ("coder_version", "string"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)

#: Provenance columns filled from the record's article (not the record): cite an event without
#: joining back to the store. ``sentence``, ``evidence_start`` and ``evidence_end`` come from the
#: record; ``evidence_part`` says whether those offsets point into the article's text or title.
PROVENANCE: tuple[str, ...] = ("url", "outlet", "title", "published")

#: Separator inside multi-valued columns (several sources or targets).
MULTI_SEP = ";"


def _join(values: list[Any]) -> str:
    return MULTI_SEP.join("" if v is None else str(v) for v in values)


def _day(value: Any) -> date | None:
    """An ISO day string as a date (None for anything else)."""
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None
    except ValueError:
        return None


def typed_dates(record: Mapping[str, Any]) -> dict[str, Any]:
    """``date_start``/``date_end`` (as dates), ``date_precision`` and ``date_flag`` of a record:
    the store's typed date, or for a record that has none (the Dask engine's rows) its ``date``
    value's period (a story's period ends with its ``date_end`` value's)."""
    if "date_start" in record:
        return {
            "date_start": _day(record.get("date_start")),
            "date_end": _day(record.get("date_end")),
            "date_precision": record.get("date_precision"),
            "date_flag": record.get("date_flag"),
        }
    period = period_of(record.get("date"))
    last = period_of(record.get("date_end")) or period
    return {
        "date_start": period.start if period else None,
        "date_end": last.end if last else None,
        "date_precision": period.precision if period else record.get("date_precision"),
        "date_flag": None,
    }


def flatten(
    record: Mapping[str, Any], *, article: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """One event or story record as a flat row with exactly :data:`COLUMN_NAMES` as keys.

    ``article`` gives the :data:`PROVENANCE` columns (its ``url``, ``outlet``, ``title`` and
    ``published``); without it they are empty, since a stored record does not repeat them.
    """
    sources = list(record.get("sources") or [])
    targets = list(record.get("targets") or [])
    loc = record.get("location") or {}
    ev = record.get("evidence") or {}
    cameo = str(record.get("cameo_code") or "")
    extra = record.get("extra") or {}

    def actor_cameo(actor: Mapping[str, Any]) -> str:
        sectors = actor.get("sectors") or []
        return str(actor.get("country") or "") + (str(sectors[0]) if sectors else "")

    row: dict[str, Any] = {
        "event_id": record.get("event_id"),
        "story_id": record.get("story_id"),
        "article_id": record.get("article_id"),
        "date": record.get("date"),
        **typed_dates(record),
        "plover_type": record.get("plover_type"),
        "plover_mode": record.get("plover_mode"),
        "cameo_code": cameo or None,
        "cameo_root": cameo[:2] or None,
        "quad_class": record.get("quad_class"),
        "goldstein": record.get("goldstein"),
        "source_ids": _join([a.get("actor_id") for a in sources]),
        "source_names": _join([a.get("name") for a in sources]),
        "source_countries": _join([a.get("country") for a in sources]),
        "source_cameo": _join([actor_cameo(a) for a in sources]),
        "target_ids": _join([a.get("actor_id") for a in targets]),
        "target_names": _join([a.get("name") for a in targets]),
        "target_countries": _join([a.get("country") for a in targets]),
        "target_cameo": _join([actor_cameo(a) for a in targets]),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"),
        "location_geonames_id": loc.get("geonames_id"),
        "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"),
        "location_precision": loc.get("precision"),
        "modality": record.get("modality"),
        "attribution": record.get("attribution"),
        "confidence": record.get("confidence"),
        "sentence": ev.get("sentence"),
        "trigger": ev.get("trigger"),
        "evidence_start": ev.get("start"),
        "evidence_end": ev.get("end"),
        "evidence_part": ev.get("part") or ("text" if ev else None),
        **{name: (article or {}).get(name) for name in PROVENANCE},
        "why": record.get("why"),
        "num_mentions": record.get("num_mentions", record.get("mentions")),
        "num_articles": record.get("num_articles"),
        "num_sources": record.get("num_sources"),
        "coder_version": record.get("coder_version") or extra.get("coder_version"),
    }
    return row


def arrow_schema() -> Any:
    """The pyarrow schema of :data:`COLUMNS` (pyarrow imported only when asked for)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def record_json(record: Mapping[str, Any]) -> str:
    """The record as compact JSON (what the store keeps in its ``record`` column)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
