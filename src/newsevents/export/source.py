"""What an export reads: filtered event or story records, streamed, as records or flat rows.

Two read paths share one filter and one order (event date, then id, oldest first):

* :func:`iter_items` yields each record (``json.loads`` of the stored JSON) with its article's
  metadata (URL, title, outlet, coding time) for the formats that need the nested shape
  (JSONL, GDELT, GraphML);
* :func:`iter_flat_tables` yields Arrow record batches with exactly
  :func:`newsevents.store.records.arrow_schema` for Parquet, and :func:`iter_flat_batches` the
  same rows as tuples for CSV. By default a batch of stored records is parsed at once by
  Arrow's JSON reader and flattened with Arrow compute functions, several times faster than
  ``json.loads`` plus :func:`~newsevents.store.records.flatten` per row (docs/benchmarks.md).
  The ``python`` method is that per-row reference path; the tests check both give the same
  rows, and a batch Arrow cannot parse with the expected types falls back to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..store import Store
from ..store.events import EventFilter, Unit, count_events, has_events
from ..store.exports import ArticleMeta, article_metas, iter_raw_batches, iter_with_articles
from ..store.records import COLUMN_NAMES, MULTI_SEP, PROVENANCE, arrow_schema, flatten
from ..store.stories import has_stories

FlatMethod = Literal["arrow", "python"]

FALLBACK_NOTE = (
    "note: no stories have been built yet (`newsevents stories build`); exporting every "
    "mention (event) instead"
)


@dataclass(slots=True)
class ExportItem:
    """One record to export (an event or a story record) with its article's metadata."""

    record: dict[str, Any]
    article: ArticleMeta
    unit: Unit
    story_id: str | None = None
    """The story this record belongs to (for a mention: the events table's ``story_id``)."""


def choose_unit(store: Store, requested: Unit) -> tuple[Unit, str | None]:
    """The unit to export and a note for stderr when stories were asked for but none exist."""
    if requested == "stories" and not has_stories(store) and has_events(store):
        return "mentions", FALLBACK_NOTE
    return requested, None


def count_items(store: Store, flt: EventFilter, unit: Unit) -> int:
    """How many rows an export with this filter writes (for the progress bar)."""
    n = max(count_events(store, flt, unit=unit) - flt.offset, 0)
    return n if flt.limit is None else min(n, flt.limit)


def iter_items(store: Store, flt: EventFilter, unit: Unit) -> Iterator[ExportItem]:
    """Records matching the filter, oldest first, each with its article's metadata."""
    for record, meta, story_id in iter_with_articles(store, flt, unit):
        yield ExportItem(record, meta, unit, story_id)


def enrich(
    record: dict[str, Any], article: ArticleMeta, story_id: str | None = None
) -> dict[str, Any]:
    """The record with ``coder_version`` filled from the store's coding state when it has none,
    and a mention's ``story_id`` from the events table (the stored record predates its story)."""
    extra = record.get("extra") or {}
    version = record.get("coder_version") or extra.get("coder_version") or article.coder_version
    return {**record, "coder_version": version, "story_id": record.get("story_id") or story_id}


def flat_row(item: ExportItem) -> tuple[Any, ...]:
    """One item as a flat row in column order (the reference for the SQL path)."""
    row = flatten(
        enrich(item.record, item.article, item.story_id), article=item.article.provenance()
    )
    return tuple(row[name] for name in COLUMN_NAMES)


def _record_schema() -> Any:
    """The parts of a stored record the flat columns need, typed as the column contract."""
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    actor = pa.list_(
        pa.struct([("actor_id", s), ("name", s), ("country", s), ("sectors", pa.list_(s))])
    )
    location = pa.struct(
        [
            ("name", s),
            ("country", s),
            ("admin1", s),
            ("geonames_id", i),
            ("lat", f),
            ("lon", f),
            ("precision", s),
        ]
    )
    evidence = pa.struct([("sentence", s), ("trigger", s), ("start", i), ("end", i), ("part", s)])
    fields = [
        *[(n, s) for n in ("event_id", "story_id", "article_id", "date", "date_end")],
        *[(n, s) for n in ("date_start", "date_flag")],
        *[(n, s) for n in ("date_precision", "plover_type", "plover_mode", "cameo_code")],
        ("quad_class", i),
        ("goldstein", f),
        ("sources", actor),
        ("targets", actor),
        ("location", location),
        ("modality", s),
        ("attribution", s),
        ("confidence", f),
        ("evidence", evidence),
        ("why", s),
        *[(n, i) for n in ("mentions", "num_mentions", "num_articles", "num_sources")],
        ("coder_version", s),
        ("extra", pa.struct([("coder_version", s)])),
    ]
    return pa.schema(fields)


def _arrow_batch(
    lines: list[bytes], articles: list[ArticleMeta], story_ids: list[str | None]
) -> Any:
    """Parse a batch of stored JSON records with Arrow and flatten them to the column contract,
    the provenance columns from each record's article."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    data = b"\n".join(lines)
    table = pj.read_json(
        pa.py_buffer(data),
        read_options=pj.ReadOptions(block_size=max(len(data) + 1, 1 << 20), use_threads=True),
        parse_options=pj.ParseOptions(
            explicit_schema=_record_schema(), unexpected_field_behavior="ignore"
        ),
    ).combine_chunks()

    def col(name: str) -> Any:
        return (
            table.column(name).chunk(0)
            if table.num_rows
            else pa.array([], table.schema.field(name).type)
        )

    def sub(name: str, field: str) -> Any:
        return pc.struct_field(col(name), field)

    def empty_to_null(arr: Any) -> Any:
        return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)

    def side(name: str, field: str) -> Any:
        lists = col(name)
        values = lists.values
        if field == "cameo":
            country = pc.fill_null(values.field("country"), "")
            first = pc.fill_null(
                pc.binary_join(pc.list_slice(values.field("sectors"), 0, 1), ""), ""
            )
            child = pc.binary_join_element_wise(country, first, "")
        else:
            child = pc.fill_null(values.field(field), "")
        rebuilt = pa.ListArray.from_arrays(lists.offsets, child)
        return pc.fill_null(pc.binary_join(rebuilt, MULTI_SEP), "")

    cameo = pc.fill_null(col("cameo_code"), "")
    out: dict[str, Any] = {
        name: col(name)
        for name in (
            "event_id",
            "story_id",
            "article_id",
            "date",
            "date_precision",
            "date_flag",
            "plover_type",
            "plover_mode",
            "quad_class",
            "goldstein",
            "modality",
            "attribution",
            "confidence",
            "why",
            "num_articles",
            "num_sources",
        )
    }
    # Typed dates: ISO days in the stored record (a value that is not one makes the cast fail
    # and the batch take the per-row path).
    out["date_start"] = pc.cast(col("date_start"), pa.date32())
    out["date_end"] = pc.cast(col("date_end"), pa.date32())
    out["cameo_code"] = empty_to_null(cameo)
    out["cameo_root"] = empty_to_null(pc.utf8_slice_codeunits(cameo, 0, 2))
    for prefix, name in (("source", "sources"), ("target", "targets")):
        out[f"{prefix}_ids"] = side(name, "actor_id")
        out[f"{prefix}_names"] = side(name, "name")
        out[f"{prefix}_countries"] = side(name, "country")
        out[f"{prefix}_cameo"] = side(name, "cameo")
    for field in ("name", "country", "admin1", "geonames_id", "lat", "lon", "precision"):
        out[f"location_{field}"] = sub("location", field)
    out["sentence"] = sub("evidence", "sentence")
    out["trigger"] = sub("evidence", "trigger")
    out["evidence_start"] = sub("evidence", "start")
    out["evidence_end"] = sub("evidence", "end")
    has_evidence = pc.is_valid(col("evidence"))
    part = pc.fill_null(sub("evidence", "part"), "text")
    out["evidence_part"] = pc.if_else(has_evidence, part, pa.scalar(None, pa.string()))
    for name in PROVENANCE:
        out[name] = pa.array([getattr(a, name) for a in articles], pa.string())
    out["story_id"] = pc.coalesce(col("story_id"), pa.array(story_ids, pa.string()))
    out["num_mentions"] = pc.coalesce(col("num_mentions"), col("mentions"))
    out["coder_version"] = pc.coalesce(
        empty_to_null(col("coder_version")),
        empty_to_null(sub("extra", "coder_version")),
        pa.array([a.coder_version for a in articles], pa.string()),
    )
    schema = arrow_schema()
    return pa.RecordBatch.from_arrays([out[name] for name in schema.names], schema=schema)


def _python_batch(items: list[ExportItem]) -> Any:
    """A record batch built by the per-row reference path."""
    import pyarrow as pa

    schema = arrow_schema()
    rows = [flat_row(item) for item in items]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [pa.array(c, type=t) for c, t in zip(columns, schema.types, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def iter_flat_tables(
    store: Store,
    flt: EventFilter,
    unit: Unit,
    *,
    batch_size: int = 32768,
    method: FlatMethod = "arrow",
) -> Iterator[Any]:
    """Arrow record batches (``records.arrow_schema()``) of the matching rows, oldest first."""
    import pyarrow as pa

    if method == "python":
        items: list[ExportItem] = []
        for item in iter_items(store, flt, unit):
            items.append(item)
            if len(items) >= batch_size:
                yield _python_batch(items)
                items = []
        if items:
            yield _python_batch(items)
        return
    for rows in iter_raw_batches(store, flt, unit, batch_size=batch_size):
        known = article_metas(store, (r[1] for r in rows))
        metas = [known.get(r[1], ArticleMeta()) for r in rows]
        try:
            yield _arrow_batch([r[0] for r in rows], metas, [r[2] for r in rows])
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # A record with a value of an unexpected type: the per-row path copes with it.
            items = [
                ExportItem(json.loads(r[0]), meta, unit, r[2])
                for r, meta in zip(rows, metas, strict=True)
            ]
            yield _python_batch(items)


def iter_flat_batches(
    store: Store,
    flt: EventFilter,
    unit: Unit,
    *,
    batch_size: int = 32768,
    method: FlatMethod = "arrow",
) -> Iterator[Sequence[tuple[Any, ...]]]:
    """The rows of :func:`iter_flat_tables` as tuples in column order (None for nulls)."""
    for batch in iter_flat_tables(store, flt, unit, batch_size=batch_size, method=method):
        columns = [column.to_pylist() for column in batch.columns]
        yield list(zip(*columns, strict=True))
