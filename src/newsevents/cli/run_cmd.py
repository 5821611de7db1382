"""`newsevents run` (code JSONL dumps into Parquet partitions, locally or on Dask) and `load`."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from ..errors import InputError, NewsEventsError
from ..ingest import ItemError
from ..ingest.jsonl import parse_field_map
from .output import emit_json


def _is_url(value: str) -> bool:
    return "://" in value


@click.command("run")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="DIR",
    help="Folder (or fsspec URL) for events/part-*.parquet and articles/part-*.parquet.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a Dask distributed cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786); without it a LocalCluster is started.",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores); for --engine dask, the LocalCluster's size.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Code at most the first N lines.")
@click.option(
    "--partition-lines",
    type=click.IntRange(min=1),
    default=None,
    help="Lines per partition (default: about 8 per worker, at most 1,000).",
)
@click.option("--map", "field_map", metavar="FIELD=NAME,...", help="JSONL field mapping.")
@click.option("--source", "source_name", metavar="NAME", help="Outlet for records naming none.")
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Extra actor/agent dictionary; repeatable (must exist on every Dask worker too).",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for the Dask scheduler and its first worker.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_context
def run_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    limit: int | None,
    partition_lines: int | None,
    field_map: str | None,
    source_name: str | None,
    actor_files: tuple[Path, ...],
    connect_timeout: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """Code JSONL(.gz) dumps into Parquet partitions, resumably, on every core or on Dask.

    INPUTs are files, folders or globs, local or fsspec URLs (s3://bucket/2024-*.jsonl.gz).
    Each input is cut into line ranges; each range is coded by one worker (the model loaded
    once per worker) and written as DIR/events/part-ID.parquet and DIR/articles/part-ID.parquet.
    A rerun into the same DIR skips finished partitions. Load the result with
    `newsevents load DIR`, or query the Parquet files directly (DuckDB, pandas, Spark).
    """
    from ..engine.pipeline import RunSettings
    from ..engine.run import make_engine, run
    from ..events.api import CODER_VERSION
    from ..events.coder import CoderOptions

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    try:
        mapping = parse_field_map(field_map)
    except InputError as exc:
        raise click.BadParameter(exc.reason, param_hint="--map") from exc
    out = output if _is_url(output) else os.path.abspath(output)
    options = CoderOptions(actor_files=[p.resolve() for p in actor_files])
    settings = RunSettings(coder_version=CODER_VERSION, field_map=mapping, source=source_name)
    show = not quiet and not as_json and sys.stderr.isatty()
    bar: list[Any] = []

    def on_error(err: ItemError) -> None:
        if not as_json:
            click.echo(f"error: {err}", err=True)

    def on_start(report: Any, lines: int) -> None:
        if report.dashboard and not quiet:
            note = ""
            if scheduler is None and importlib.util.find_spec("bokeh") is None:
                note = " (the page needs bokeh: pip install 'bokeh>=3.1')"
            click.echo(f"Dask dashboard: {report.dashboard}{note}", err=True)
        if report.already_done and not quiet:
            click.echo(
                f"Resuming: {report.already_done} of {report.partitions} partitions already "
                f"done in {output}",
                err=True,
            )
        bar.append(
            tqdm(
                total=lines,
                desc=f"code ({report.engine}, {report.workers} workers)",
                unit=" lines",
                disable=not show,
                file=sys.stderr,
            )
        )

    try:
        chosen = make_engine(
            "dask" if engine == "dask" else "local",
            options=options,
            workers=workers,
            scheduler=scheduler,
            connect_timeout=connect_timeout,
        )
        report = run(
            list(inputs),
            out,
            engine=chosen,
            settings=settings,
            limit=limit,
            partition_lines=partition_lines,
            on_error=on_error,
            on_start=on_start,
            on_progress=lambda n: bar[0].update(n) if bar else None,
        )
    except NewsEventsError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    finally:
        for b in bar:
            b.close()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in report.failures:
        click.echo(f"error: partition failed (a rerun retries it): {failure}", err=True)
    if as_json:
        emit_json(report.to_dict())
    elif not quiet:
        msg = (
            f"Coded {report.coded} articles: {report.events} events in {report.done} partitions "
            f"({report.engine}, {report.workers} workers, {report.seconds:.1f} s)"
        )
        if report.already_done:
            msg += f"; {report.already_done} partitions already done"
        if report.non_english:
            msg += f"; {report.non_english} non-English articles stored uncoded"
        n_err = len(report.errors) + report.more_errors
        if n_err:
            msg += f"; {n_err} inputs or records could not be read (see above)"
        if report.failed:
            msg += f"; {report.failed} partitions failed"
        click.echo(msg, err=True)
        click.echo(f"Output: {output}", err=True)
    ctx.exit(report.exit_code)


@click.command("load")
@click.argument("output", metavar="DIR")
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@click.pass_context
def load_command(ctx: click.Context, output: str, quiet: bool, as_json: bool) -> None:
    """Load a `newsevents run` output folder (articles and events) into the store.

    Loading is idempotent: the same articles are "unchanged" and each article's events are
    replaced, so loading a folder twice (or after a resumed run) changes nothing twice.
    """
    from ..engine.load import load_output

    def on_error(err: ItemError) -> None:
        if not as_json:
            click.echo(f"error: {err}", err=True)

    out = output if _is_url(output) else os.path.abspath(output)
    report = load_output(ctx.obj.store(), out, on_error=on_error)
    if report.loaded:  # loaded events join stories, as after code
        from ..pipeline import rebuild_stories
        from .stories_cmd import echo_story_report

        stories = rebuild_stories(ctx.obj.store())
        if not (quiet or as_json):
            echo_story_report(stories)
    if as_json:
        emit_json(report.to_dict())
    elif not quiet:
        click.echo(
            f"Loaded {report.loaded} of {report.partitions} partitions: {report.articles} "
            f"articles ({report.added} added, {report.revised} revised, {report.unchanged} "
            f"unchanged), {report.events} events of {report.coded_articles} coded articles",
            err=True,
        )
    ctx.exit(report.exit_code)
