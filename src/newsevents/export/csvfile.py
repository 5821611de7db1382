"""CSV export: the flat column contract (``records.COLUMNS``), RFC 4180 quoting, UTF-8.

Rows are written by Arrow's C++ CSV writer from the same record batches as Parquet: every
non-null text field is in double quotes (quotes inside doubled, as RFC 4180 allows for any field),
numbers are bare, null is an empty field, lines end in CRLF. Floats are written in their
shortest form, so a whole value has no decimal point (``-8``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, Any

from ..store.records import COLUMN_NAMES


def _header() -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(COLUMN_NAMES)
    return buf.getvalue().encode("utf-8")


def write_csv(batches: Iterable[Any], out: IO[bytes], *, progress: Any = None) -> int:
    """Write a header and every row of the Arrow record batches; returns rows."""
    import pyarrow.csv as pacsv

    out.write(_header())
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed", eol="\r\n")
    writer: Any = None
    n = 0
    try:
        for batch in batches:
            if writer is None:
                writer = pacsv.CSVWriter(out, batch.schema, write_options=options)
            writer.write_batch(batch)
            n += batch.num_rows
            if progress is not None:
                progress.update(batch.num_rows)
    finally:
        if writer is not None:
            writer.close()
    return n
