"""`newsevents export`: coded events or stories as CSV, PLOVER JSONL, Parquet, GDELT or GraphML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, get_args

import click
from tqdm import tqdm

from ..export import (
    ExportError,
    choose_unit,
    count_items,
    iter_flat_tables,
    iter_items,
    open_binary,
    open_text,
    to_gdelt_row,
    write_csv,
    write_gdelt,
    write_graphml,
    write_jsonl,
    write_parquet,
)
from ..store import Store
from ..store.events import EventFilter, Unit
from .filters import event_filter_options

FORMATS = ("csv", "jsonl", "parquet", "gdelt", "graphml")
SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".tsv": "gdelt",
    ".graphml": "graphml",
}


def _infer_format(output: str) -> str:
    """The format named by the output's suffix; a usage error when there is none to go by."""
    fmt = SUFFIXES.get(Path(output).suffix.lower()) if output != "-" else None
    if fmt is None:
        raise click.UsageError(
            f"give --format ({', '.join(FORMATS)}); it cannot be told from {output!r}"
        )
    return fmt


def _export(store: Store, fmt: str, output: str, flt: EventFilter, unit: Unit, bar: Any) -> int:
    """Stream the selected records into the writer for ``fmt``; returns rows written."""
    if fmt in ("parquet", "csv"):
        writer = write_parquet if fmt == "parquet" else write_csv
        with open_binary(output) as fh:
            return writer(iter_flat_tables(store, flt, unit), fh, progress=bar)
    with open_text(output) as out:
        if fmt == "jsonl":
            return write_jsonl(iter_items(store, flt, unit), out, progress=bar)
        if fmt == "gdelt":
            rows = (to_gdelt_row(item) for item in iter_items(store, flt, unit))
            return write_gdelt(rows, out, progress=bar)
        return write_graphml(iter_items(store, flt, unit), out, progress=bar)


@click.command("export")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    help="Output format (default: from the --output suffix: .csv .jsonl .parquet .tsv .graphml).",
)
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="PATH",
    help="File to write (replaced only when complete); - for standard output (text formats).",
)
@click.option(
    "--unit",
    type=click.Choice(get_args(Unit)),
    default="stories",
    show_default=True,
    help="One row per story (events clustered across articles) or per mention (each event).",
)
@event_filter_options
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many rows.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.pass_context
def export_command(
    ctx: click.Context,
    /,
    fmt: str | None,
    output: str,
    unit: Unit,
    limit: int | None,
    quiet: bool,
    **filters: Any,
) -> None:
    """Export coded events or stories, filtered like `newsevents events`.

    Formats: csv (the flat columns of docs/export.md), jsonl (PLOVER records), parquet (the same
    columns, typed), gdelt (GDELT 2.0 event rows: 61 tab-separated columns, no header) and
    graphml (the actor network). Rows are in event-date order, oldest first.
    """
    fmt = (fmt or _infer_format(output)).lower()
    if fmt == "parquet" and output == "-":
        raise click.UsageError("Parquet is binary: give --output FILE.parquet")
    store = ctx.obj.store()
    flt = EventFilter(**filters, limit=limit)
    chosen, note = choose_unit(store, unit)
    if note and not quiet:
        click.echo(note, err=True)
    show = not quiet and sys.stderr.isatty()
    total = count_items(store, flt, chosen) if show else None
    bar = tqdm(total=total, desc="export", unit=" rows", disable=not show, file=sys.stderr)
    try:
        with store.snapshot():
            n = _export(store, fmt, output, flt, chosen, bar)
    except ExportError as exc:
        bar.close()
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    bar.close()
    if not quiet:
        what = "stories" if chosen == "stories" else "events"
        where = "standard output" if output == "-" else output
        click.echo(f"Exported {n:,} {what} as {fmt} to {where}", err=True)
