"""Exports of coded events and stories: CSV, PLOVER JSONL, Parquet, GDELT 2.0 rows, GraphML.

Every writer takes a stream (records or flat-row batches) and never holds all records in memory;
see docs/export.md for the formats and their columns.
"""

from ..store.exports import ArticleMeta
from .csvfile import write_csv
from .gdelt import (
    GDELT_COLUMNS,
    GdeltRow,
    format_gdelt_row,
    gdelt_event_id,
    iso3_fips,
    parse_gdelt_line,
    read_gdelt,
    to_gdelt_row,
    write_gdelt,
)
from .graphml import ActorNetwork, write_graphml
from .jsonl import to_plover, write_jsonl
from .output import ExportError, open_binary, open_text
from .parquet import write_parquet
from .source import (
    ExportItem,
    choose_unit,
    count_items,
    flat_row,
    iter_flat_batches,
    iter_flat_tables,
    iter_items,
)

__all__ = [
    "GDELT_COLUMNS",
    "ActorNetwork",
    "ArticleMeta",
    "ExportError",
    "ExportItem",
    "GdeltRow",
    "choose_unit",
    "count_items",
    "flat_row",
    "format_gdelt_row",
    "gdelt_event_id",
    "iso3_fips",
    "iter_flat_batches",
    "iter_flat_tables",
    "iter_items",
    "open_binary",
    "open_text",
    "parse_gdelt_line",
    "read_gdelt",
    "to_gdelt_row",
    "to_plover",
    "write_csv",
    "write_gdelt",
    "write_graphml",
    "write_jsonl",
    "write_parquet",
]
