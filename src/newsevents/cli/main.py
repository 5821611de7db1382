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
from .store_check import missing_store_error
from .stories_cmd import stories, trends_command
from .watch_cmd import add_watchlist_commands, alerts
from .watch_run import watch

EXIT_CODES = """\b
Exit codes:
  0  everything was read and stored
  1  some inputs or records failed (the good ones were stored)
  2  nothing could be read, or the command was used wrongly
  3  the store could not be opened or written (disk full, read-only, locked),
     or there is no store at --db (only ingest, demo, load and watch run create one)
  130  stopped with Ctrl-C
"""

#: Commands that write the store: they refuse a read-only store at once. Every other command
#: opens a store it may not write read-only (and fails with E017 only if it then writes).
WRITING_COMMANDS = (
    "ingest",
    "demo",
    "code",
    "load",
    "stories build",
    "watch run",
    "watch add",
    "watch remove",
    "alerts ack",
)


#: Commands that may create a store that does not exist yet; every other one (`stats`, `events`,
#: `code` on the store, `stories build`, ...) fails with E017 naming the path and creates nothing.
CREATING_COMMANDS = ("ingest", "demo", "load", "watch run", "watch add")


def _command_path() -> str:
    """The running subcommand's path below the group (``stories build``)."""
    names: list[str] = []
    ctx = click.get_current_context(silent=True)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def _is_command(commands: tuple[str, ...]) -> bool:
    path = _command_path()
    return any(path == w or path.startswith(w + " ") for w in commands)


def _writing_command() -> bool:
    """Whether the command running now (``stories build``: the whole path) writes the store."""
    return _is_command(WRITING_COMMANDS)


class AppContext:
    """What subcommands share: where the store lives (opened lazily, once), and how.

    A program embedding the command line (the tests do) may pass its own ``AppContext`` as
    ``obj`` to set the lock timeout or a size cap (``max_page_count``) of the store.
    """

    def __init__(
        self, db: Path, *, timeout: float = 30.0, max_page_count: int | None = None
    ) -> None:
        self.db = db
        self.timeout = timeout
        self.max_page_count = max_page_count
        self._store: Store | None = None

    def store(self) -> Store:
        """The open store, migrated on first use; read-only when the command only reads and the
        store or its folder may not be written. Only ``ingest``, ``demo`` and ``load`` create a
        missing store (and its folder); any other command fails with E017 naming the path."""
        if self._store is None:
            if not self.db.exists() and not _is_command(CREATING_COMMANDS):
                raise missing_store_error(self.db)
            self._store = Store(
                self.db,
                mode="write" if _writing_command() else "auto",
                timeout=self.timeout,
                max_page_count=self.max_page_count,
            )
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
            hint = getattr(exc, "hint", None)
            if hint:
                click.echo(f"hint: {hint}", err=True)
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
    app = ctx.obj if isinstance(ctx.obj, AppContext) else AppContext(db or default_db_path())
    if db is not None:
        app.db = db
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
add_watchlist_commands(watch)  # watch run|status and watch add|list|show|remove: one group
cli.add_command(watch)
cli.add_command(alerts)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsevents")
