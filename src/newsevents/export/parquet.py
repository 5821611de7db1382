"""Parquet export: ``records.arrow_schema()`` columns, one row group per streamed batch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from ..store.records import arrow_schema

#: zstd: smaller than snappy at similar speed, and read by DuckDB, pandas, Spark and R arrow.
COMPRESSION = "zstd"


def write_parquet(
    batches: Iterable[Any],
    out: IO[bytes],
    *,
    compression: str = COMPRESSION,
    progress: Any = None,
) -> int:
    """Write Arrow record batches (``records.arrow_schema()``) as Parquet; returns rows.

    Each batch becomes one row group, so memory stays bounded by the batch size.
    """
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(out, arrow_schema(), compression=compression) as writer:
        for batch in batches:
            writer.write_batch(batch)
            n += batch.num_rows
            if progress is not None:
                progress.update(batch.num_rows)
    return n
