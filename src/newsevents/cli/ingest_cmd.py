"""`newsevents ingest`, `stats` and `demo`."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from ..ingest import IngestOptions, IngestReport, ItemError, ingest
from ..ingest.detect import FORMATS
from ..ingest.jsonl import parse_field_map
from ..ingest.pipeline import MAX_KEPT_ERRORS
from .output import BarProgress, emit_json, table

SAMPLE_CORPUS = "sample_corpus.jsonl"


#: Fetch options `ingest` and `watch run` share.
FOLLOW_LINKS = click.option(
    "--follow-links", is_flag=True, help="Feeds: fetch and extract each item's page."
)
ALLOW_PRIVATE = click.option(
    "--allow-private",
    is_flag=True,
    help="Let followed links and redirects reach loopback, private and other non-public "
    "addresses (refused by default: E033).",
)
TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=IngestOptions().timeout,
    show_default=True,
    help="Seconds to wait on the network.",
)


def sample_corpus_path() -> Path:
    """The bundled illustrative sample corpus shipped inside the package."""
    return Path(str(resources.files("newsevents") / "data" / SAMPLE_CORPUS))


def _print_summary(report: IngestReport, *, quiet: bool) -> None:
    parts = [
        f"{report.added} added",
        f"{report.revised} revised",
        f"{report.unchanged} unchanged",
    ]
    if report.not_modified:
        parts.append(f"{report.not_modified} not modified since last fetch")
    line = f"Read {report.read} articles from {report.inputs} inputs: " + ", ".join(parts)
    if report.non_english:
        line += f"; {report.non_english} not in English (kept, flagged by language)"
    if report.error_count:
        line += f"; {report.error_count} errors (see above)"
    if not quiet or report.errors:
        click.echo(line, err=True)


def run_ingest(
    ctx: click.Context, targets: list[str], options: IngestOptions, *, quiet: bool, as_json: bool
) -> IngestReport:
    """Ingest with a progress bar and one error line per bad input; shared by ingest and demo."""

    shown = 0

    def on_error(err: ItemError) -> None:
        nonlocal shown
        shown += 1
        if shown <= MAX_KEPT_ERRORS:
            click.echo(f"error: {err}", err=True)
        elif shown == MAX_KEPT_ERRORS + 1:
            click.echo(
                f"error: more than {MAX_KEPT_ERRORS:,} errors; the rest are counted, not shown",
                err=True,
            )

    bar = BarProgress(enabled=not quiet and not as_json)
    stdin = sys.stdin.buffer if "-" in targets else None
    try:
        report = ingest(
            targets,
            store=ctx.obj.store(),
            options=options,
            progress=bar,
            stdin=stdin,
            on_error=on_error,
        )
    finally:
        bar.close()
    return report


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Force the input format instead of detecting it.",
)
@click.option(
    "--map",
    "field_map",
    metavar="FIELD=NAME,...",
    help="JSONL field mapping, e.g. text=body,published=date (dots reach nested fields).",
)
@FOLLOW_LINKS
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Folders: also read symbolic links that lead out of the folder (skipped by default).",
)
@click.option(
    "--follow-budget",
    type=click.FloatRange(min=0),
    default=IngestOptions().follow_budget,
    show_default=True,
    metavar="SECONDS",
    help="Time the whole run may spend following links; later items keep their feed text.",
)
@ALLOW_PRIVATE
@click.option("--source", help="Outlet name for inputs that do not name one.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=IngestOptions().max_bytes,
    show_default=True,
    help="Size cap for one input.",
)
@TIMEOUT
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_context
def ingest_command(
    ctx: click.Context,
    inputs: tuple[str, ...],
    fmt: str | None,
    field_map: str | None,
    follow_links: bool,
    follow_symlinks: bool,
    follow_budget: float,
    allow_private: bool,
    source: str | None,
    max_bytes: int,
    timeout: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """Ingest files, directories, feeds, pages and dumps into the store.

    PATH_OR_URL may be a text, Markdown, HTML, RSS/Atom/JSON Feed, JSONL or JSONL.gz file, a
    directory (read recursively), an http(s) URL of a feed or page, or - for standard input.
    Re-ingesting the same article changes nothing; a changed page at the same URL is kept as a
    new revision. Links in feeds and redirects to other hosts are not fetched from loopback,
    private or other non-public addresses unless --allow-private.
    """
    try:
        mapping = parse_field_map(field_map)
    except InputError as exc:
        raise click.BadParameter(exc.reason, param_hint="--map") from exc
    options = IngestOptions(
        format=fmt,
        field_map=mapping,
        follow_links=follow_links,
        follow_symlinks=follow_symlinks,
        source=source,
        max_bytes=max_bytes,
        timeout=timeout,
        allow_private=allow_private,
        follow_budget=follow_budget,
    )
    report = run_ingest(ctx, list(inputs), options, quiet=quiet, as_json=as_json)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_summary(report, quiet=quiet)
    ctx.exit(report.exit_code)


def _stats_text(data: dict[str, Any]) -> str:
    lines = [
        f"Store: {data['db']}",
        f"Articles: {data['articles']} ({data['revisions']} revisions stored)",
        f"Published: {data['published_first'] or '-'} .. {data['published_last'] or '-'}",
        f"Events: {data['events']} from {data['coded_articles']} coded articles",
        "",
        table(list(data["by_source"].items())[:15], ["source", "articles"], [50, 10]),
        "",
        table(list(data["by_language"].items())[:10], ["language", "articles"], [10, 10]),
    ]
    return "\n".join(lines)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the store holds: articles, revisions, sources, languages, dates."""
    data = ctx.obj.store().stats()
    if as_json:
        emit_json(data)
    else:
        click.echo(_stats_text(data))


@click.command()
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--code/--no-code", default=True, help="Code the articles into events (default).")
@click.pass_context
def demo(ctx: click.Context, quiet: bool, code: bool) -> None:
    """Run the main job on the bundled sample corpus: ingest, code, print a summary."""
    path = sample_corpus_path()
    report = run_ingest(ctx, [str(path)], IngestOptions(), quiet=quiet, as_json=False)
    _print_summary(report, quiet=False)
    store = ctx.obj.store()
    if code:
        from .code_cmd import code_command

        ctx.invoke(code_command, quiet=quiet)
    click.echo(_stats_text(store.stats()))
    if code:
        from ..store.events import events_per_type

        by_type = events_per_type(store)
        click.echo("")
        click.echo(table([list(r) for r in by_type], ["PLOVER type", "events"], [12, 8]))
        click.echo("\nTry: newsevents events --source RUS --target BFA")
        click.echo("Try: newsevents stories list; newsevents trends --source RUS --target BFA")
    click.echo("Try: newsevents articles search 'Burkina Faso'")
    ctx.exit(report.exit_code)
