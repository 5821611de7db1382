"""The ``newsevents`` command line: one group, global --db, subcommands per stage."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NewsEventsError
from ..store import Store, default_db_path
from ..version import __version__
from .articles import articles
from .code_cmd import classify_pair_command, code_command, events_command
from .evaluate_cmd import evaluate
from .export_cmd import export_command
from .ingest_cmd import demo, ingest_command, stats
from .run_cmd import load_command, run_command
from .serve_cmd import serve_command
from .stories_cmd import stories, trends_command

EXIT_CODES = """\b
Exit codes:
  0  everything was read and stored
  1  some inputs or records failed (the good ones were stored)
  2  nothing could be read, or the command was used wrongly
  3  the store could not be opened or written
"""


class AppContext:
    """What subcommands share: where the store lives (opened lazily, once)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._store: Store | None = None

    def store(self) -> Store:
        """The open store, created and migrated on first use."""
        if self._store is None:
            self._store = Store(self.db)
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()


class _Group(click.Group):
    """Turns our coded errors into one clean line on stderr and exit code 3, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except NewsEventsError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(3)


@click.group(
    cls=_Group, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Store file (default: $NEWSEVENTS_DB or ./newsevents.db).",
)
@click.version_option(__version__, prog_name="newsevents")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """newsevents: turn news into geopolitical event data."""
    app = AppContext(db or default_db_path())
    ctx.obj = app
    ctx.call_on_close(app.close)


cli.add_command(ingest_command)
cli.add_command(articles)
cli.add_command(stats)
cli.add_command(demo)
cli.add_command(code_command)
cli.add_command(events_command)
cli.add_command(classify_pair_command)
cli.add_command(evaluate)
cli.add_command(serve_command)
cli.add_command(export_command)
cli.add_command(run_command)
cli.add_command(load_command)
cli.add_command(stories)
cli.add_command(trends_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsevents")
