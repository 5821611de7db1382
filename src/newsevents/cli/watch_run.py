"""`newsevents watch run` (the polling loop) and `newsevents watch status`.

``newsevents watch SOURCES...`` (no subcommand) runs the loop too: :class:`WatchGroup` reads a
first argument that is not a subcommand as the start of ``watch run``'s arguments.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import click

from ..errors import InputError
from ..ingest import IngestOptions, ItemError
from ..watch.deliver import Delivery
from ..watch.loop import (
    RoundReport,
    StopFlag,
    Watcher,
    WatchLock,
    WatchOptions,
    last_round,
    status_rows,
)
from ..watch.sources import expand_sources
from .ingest_cmd import ALLOW_PRIVATE, FOLLOW_LINKS, TIMEOUT
from .output import emit_json, table
from .watch_cmd import delivery_options

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str, *, name: str) -> float:
    """Seconds in ``90``, ``30s``, ``15m``, ``2h`` or ``1d``; click.BadParameter (E026) else."""
    match = _DURATION.match(text)
    seconds = float(match.group(1)) * _UNIT[match.group(2).lower()] if match else 0.0
    if seconds <= 0:
        raise click.BadParameter(
            f"[E026] {text!r} is not a duration: write seconds or a number with s, m, h or d "
            "(15m, 1h), greater than 0",
            param_hint=name,
        )
    return seconds


class WatchGroup(click.Group):
    """The ``watch`` group: its subcommands, and ``watch SOURCES...`` read as ``watch run``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


@contextmanager
def _signals(stop: StopFlag) -> Iterator[None]:
    """Ctrl-C and SIGTERM ask the loop to stop after the current source or article (a second
    Ctrl-C stops at once: what was committed stays, the rest is rolled back)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set("interrupt" if signum == signal.SIGINT else "terminate")
        click.echo(
            "watch: stopping after the current article (Ctrl-C again to stop at once)", err=True
        )

    wanted: list[int] = [signal.SIGINT, signal.SIGTERM]
    previous: dict[int, Any] = {}
    try:
        for sig in wanted:
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: no handlers, the default behaviour stays
        pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _when(epoch: float | None, now: float) -> str:
    if epoch is None:
        return "now"
    left = epoch - now
    at = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    if left <= 0:
        return f"{at} (due)"
    return f"{at} (in {_short(left)})"


def _short(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


@click.command("run")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option(
    "--every",
    default="15m",
    show_default=True,
    metavar="DURATION",
    help="Time from the start of one round to the next (90, 30s, 15m, 1h).",
)
@click.option("--once", is_flag=True, help="Run one round and exit 0, 1 or 2 (cron, timers).")
@click.option(
    "--round-limit",
    default=None,
    metavar="DURATION",
    help="Time one round may take; sources and articles not reached wait for the next round "
    "[default: --every].",
)
@click.option(
    "--max-backoff",
    default="6h",
    show_default=True,
    metavar="DURATION",
    help="Longest wait before a failing source is tried again (the wait doubles per failure, "
    "starting at --every).",
)
@FOLLOW_LINKS
@ALLOW_PRIVATE
@TIMEOUT
@click.option("--quiet", "-q", is_flag=True, help="No error lines; only the line per round.")
@click.option("--json", "as_json", is_flag=True, help="Print each round's report as one JSON line.")
@delivery_options
@click.pass_context
def watch_run_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    every: str,
    once: bool,
    round_limit: str | None,
    max_backoff: str,
    follow_links: bool,
    allow_private: bool,
    timeout: float,
    quiet: bool,
    as_json: bool,
    deliver: Delivery,
) -> None:
    """Poll SOURCES: ingest what is new, code it, rebuild stories, run the watchlists.

    SOURCES are feed URLs, files, folders, sources files (one source per line, # comments) or
    OPML files (a feed reader's export). Feeds are fetched with conditional GET, so an
    unchanged feed costs one 304. A source that fails waits (doubling, up to --max-backoff)
    while the others go on; `newsevents watch status` shows it. One process per store; Ctrl-C
    or SIGTERM ends after the current article. `newsevents watch SOURCES...` is the same
    command. See docs/watch.md.
    """
    options = WatchOptions(
        every=parse_duration(every, name="--every"),
        round_limit=parse_duration(round_limit, name="--round-limit") if round_limit else None,
        backoff_cap=parse_duration(max_backoff, name="--max-backoff"),
        ingest=IngestOptions(
            follow_links=follow_links, allow_private=allow_private, timeout=timeout
        ),
    )
    try:
        inputs = expand_sources(sources)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    store = ctx.obj.store()
    stop = StopFlag()

    def on_error(err: ItemError) -> None:
        if not quiet and not as_json:
            click.echo(f"error: {err}", err=True)

    def on_round(report: RoundReport) -> None:
        if as_json:
            click.echo(_json_line(report.to_dict()))
            return
        click.echo(report.line())
        if report.alert_error:
            click.echo(f"error: {report.alert_error}", err=True)
        if not quiet:
            for failure in report.failures:
                click.echo(
                    f"watch: {failure.source} failed {failure.state.failures} time(s) in a row; "
                    f"next try {_when(failure.state.next_attempt, time.time())}",
                    err=True,
                )

    with WatchLock(ctx.obj.db), _signals(stop):
        watcher = Watcher(store, inputs, options, stop=stop, on_error=on_error, deliver=deliver)
        last = watcher.run(once=once, on_round=on_round)
    if stop.reason == "interrupt":
        ctx.exit(130)
    ctx.exit(last.exit_code if last is not None and once else 0)


def _json_line(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, default=str)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def watch_status_command(ctx: click.Context, as_json: bool) -> None:
    """Each watched source: ok, failing or backing off (and until when), its last success,
    the articles it added and its last error; and the last round."""
    store = ctx.obj.store()
    now = time.time()
    rows = status_rows(store, now=now)
    last = last_round(store)
    if as_json:
        emit_json({"sources": rows, "last_round": last})
        return
    if not rows:
        click.echo("No watch rounds have run on this store yet (newsevents watch run SOURCES...).")
        return
    cells = [
        [
            r["source"],
            r["state"],
            _when(_epoch(r["next_attempt"]), now) if r["failures"] else "-",
            r["last_success"] or "never",
            r["added"],
            r["last_error"] or "",
        ]
        for r in rows
    ]
    click.echo(
        table(
            cells,
            ["source", "state", "next try", "last success", "added", "last error"],
            [60, 26, 32, 25, 7, 80],
        )
    )
    if last is not None:
        click.echo("")
        click.echo(
            f"Last round at {last['started']}: "
            f"{last['fetched']} fetched, {last['failed']} failed, {last['added']} new articles, "
            f"{last['events']} events, {last['seconds']:.1f} s"
        )


def _epoch(iso: str | None) -> float | None:
    return None if iso is None else datetime.fromisoformat(iso).timestamp()


def add_watch_commands(group: click.Group) -> None:
    """Put ``run`` and ``status`` on a ``watch`` group (the watchlists' group, after merging)."""
    group.add_command(watch_run_command)
    group.add_command(watch_status_command)


@click.group("watch", cls=WatchGroup)
def watch() -> None:
    """Watch the news as it comes: poll feeds into the store (`watch run`), see their state
    (`watch status`), keep watchlists (`watch add|list|show|remove`; alerts: `newsevents
    alerts`). `newsevents watch SOURCES...` is `newsevents watch run SOURCES...`."""


add_watch_commands(watch)
