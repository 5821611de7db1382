"""`newsevents watch add|list|show|remove` (watchlists) and `newsevents alerts list|show|ack`.

The ``watch`` group's own run (fetch rounds) is added by the watch loop; these subcommands only
manage watchlists and read alerts (docs/watch.md).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import ErrorCode
from ..store import watch as db
from ..watch.alerts import Alert, add_watchlist, watchlist_json
from ..watch.deliver import BadTarget, Delivery
from ..watch.rules import BadWatchlist, SpikeRule, Watchlist, check_name
from .filters import event_filter_options
from .output import emit_json, table

F = TypeVar("F", bound=Callable[..., Any])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _store(ctx: click.Context) -> Any:
    return ctx.find_root().obj.store()


def _fail(ctx: click.Context, message: str, *, code: ErrorCode = ErrorCode.E026) -> None:
    """A coded error on stderr and exit 1 (a name or id that is not there)."""
    click.echo(f"error: [{code.name}] {message}", err=True)
    ctx.exit(1)


@click.command("add")
@click.argument("name")
@event_filter_options
@click.option(
    "--spike",
    "spike_k",
    type=float,
    default=None,
    metavar="K",
    help="Alert when the matching events of the last 24 h are >= K x their daily mean over "
    "the 30 days before (instead of one alert per new story).",
)
@click.option(
    "--min-count",
    type=int,
    default=None,
    metavar="N",
    help="With --spike: at least N events in the 24 h (default 5).",
)
@click.option(
    "--backfill",
    is_flag=True,
    help="Alert on matching events already stored too (default: only articles stored after "
    "the watchlist is added).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stored watchlist as JSON.")
@click.pass_context
def watch_add(
    ctx: click.Context,
    /,
    name: str,
    spike_k: float | None,
    min_count: int | None,
    backfill: bool,
    as_json: bool,
    **filters: Any,
) -> None:
    """Add watchlist NAME: the event filters it watches for and, optionally, a spike rule."""
    try:
        check_name(name)
        if spike_k is None and min_count is not None:
            raise BadWatchlist("--min-count needs --spike K")
        spike = (
            None if spike_k is None else SpikeRule(spike_k, 5 if min_count is None else min_count)
        )
    except BadWatchlist as exc:
        raise click.BadParameter(f"[{exc.code.name}] {exc.message}") from None
    watchlist = Watchlist(name, {k: v for k, v in filters.items() if v is not None}, spike)
    if not watchlist.filters and spike is None:
        raise click.UsageError(
            "[E026] give at least one event filter (--actor, --type, ...) or --spike K"
        )
    try:
        row = add_watchlist(_store(ctx), watchlist, backfill=backfill)
    except db.WatchlistExists:
        _fail(ctx, f"a watchlist named '{name}' exists; remove it first (newsevents watch remove)")
        return
    if as_json:
        emit_json(watchlist_json(row))
    else:
        click.echo(f"added watchlist {name}: {watchlist.describe()}")


def _describe(row: db.WatchlistRow) -> str:
    return Watchlist.from_stored(row.name, row.filters, row.spike, row.created).describe()


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def watch_list(ctx: click.Context, as_json: bool) -> None:
    """List the watchlists with their rules and alert counts."""
    store = _store(ctx)
    rows = db.list_watchlists(store)
    counts = db.alert_counts(store)
    if as_json:
        emit_json([watchlist_json(r, counts.get(r.name, (0, 0))) for r in rows])
        return
    if not rows:
        click.echo("no watchlists (add one: newsevents watch add NAME --actor ...)")
        return
    body = [(r.name, _describe(r), *counts.get(r.name, (0, 0)), r.created[:16]) for r in rows]
    click.echo(table(body, ["name", "rule", "alerts", "unread", "created"], [24, 60, 7, 7, 16]))


@click.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.pass_context
def watch_show(ctx: click.Context, name: str, as_json: bool) -> None:
    """Show watchlist NAME and its latest alerts."""
    store = _store(ctx)
    row = db.get_watchlist(store, name)
    if row is None:
        _fail(ctx, f"no watchlist named '{name}' (newsevents watch list shows them)")
        return
    recent = [Alert.from_row(a) for a in db.list_alerts(store, watchlist=name, limit=10)]
    data = watchlist_json(row, db.alert_counts(store).get(name, (0, 0)))
    if as_json:
        emit_json({**data, "latest_alerts": [a.to_dict() for a in recent]})
        return
    click.echo(f"watchlist {row.name}\n  rule:    {_describe(row)}\n  created: {row.created}")
    click.echo(f"  alerts:  {data['alerts']} ({data['unread']} unread)")
    for alert in recent:
        click.echo("  " + alert.line())


@click.command("remove")
@click.argument("name")
@click.pass_context
def watch_remove(ctx: click.Context, name: str) -> None:
    """Remove watchlist NAME (its alerts are kept)."""
    if not db.remove_watchlist(_store(ctx), name):
        _fail(ctx, f"no watchlist named '{name}' (newsevents watch list shows them)")
        return
    click.echo(f"removed watchlist {name}")


def add_watchlist_commands(group: click.Group) -> None:
    """Put ``add``, ``list``, ``show`` and ``remove`` on a ``watch`` group (the loop's group
    takes them as well as this module's)."""
    for command in (watch_add, watch_list, watch_show, watch_remove):
        group.add_command(command)


# -- alerts ---------------------------------------------------------------------------------------


@click.group("alerts")
def alerts() -> None:
    """Alerts the watchlists raised: list, show and acknowledge them."""


@alerts.command("list")
@click.option("--watchlist", default=None, help="Only this watchlist's alerts.")
@click.option("--unread", is_flag=True, help="Only alerts not acknowledged yet.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def alerts_list(
    ctx: click.Context, watchlist: str | None, unread: bool, limit: int, as_json: bool
) -> None:
    """List alerts, newest first."""
    rows = [
        Alert.from_row(a)
        for a in db.list_alerts(_store(ctx), watchlist=watchlist, unread=unread, limit=limit)
    ]
    if as_json:
        emit_json([a.to_dict() for a in rows])
        return
    if not rows:
        click.echo("no alerts")
        return
    body = [
        (
            a.id,
            "" if a.acked else "*",
            a.watchlist,
            a.event.get("plover_type"),
            a.event.get("date_start") or a.event.get("date"),
            (a.event.get("evidence") or {}).get("sentence"),
            a.created[:16],
        )
        for a in rows
    ]
    click.echo(
        table(
            body,
            ["id", "new", "watchlist", "type", "date", "evidence", "raised"],
            [8, 3, 20, 12, 10, 60, 16],
        )
    )


def _alert_or_fail(ctx: click.Context, alert_id: int) -> Alert | None:
    row = db.get_alert(_store(ctx), alert_id)
    if row is None:
        _fail(ctx, f"no alert with id {alert_id} (newsevents alerts list shows them)")
        return None
    return Alert.from_row(row)


@alerts.command("show")
@click.argument("alert_id", type=int, metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.pass_context
def alerts_show(ctx: click.Context, alert_id: int, as_json: bool) -> None:
    """Show alert ID: the event, its evidence, the rule that fired and each delivery."""
    alert = _alert_or_fail(ctx, alert_id)
    if alert is None:
        return
    if as_json:
        emit_json(alert.to_dict())
        return
    ev = alert.event
    click.echo(alert.line())
    click.echo(
        f"  watchlist: {alert.watchlist}   raised: {alert.created}   "
        f"acknowledged: {alert.acked or 'no'}"
    )
    click.echo(
        f"  story: {ev.get('story_id') or '(not in a story yet)'}   "
        f"event: {alert.event_id}   article: {ev.get('article_id', '?')}"
    )
    click.echo(f"  rule: {json.dumps(alert.rule, sort_keys=True)}")
    sentence = (ev.get("evidence") or {}).get("sentence")
    if sentence:
        click.echo(f"  evidence: {sentence}")
    for target, state in (alert.deliveries or {}).items():
        error = f" ({state['error']})" if state.get("error") else ""
        click.echo(f"  delivery {target}: {state['state']} after {state['attempts']} tries{error}")


@alerts.command("ack")
@click.argument("alert_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option("--json", "as_json", is_flag=True, help="Print the acknowledged alerts as JSON.")
@click.pass_context
def alerts_ack(ctx: click.Context, alert_ids: tuple[int, ...], as_json: bool) -> None:
    """Acknowledge alerts (mark them read)."""
    store = _store(ctx)
    done: list[dict[str, Any]] = []
    missing: list[int] = []
    for alert_id in alert_ids:
        result = db.ack_alert(store, alert_id, when=_now())
        if result is None:
            missing.append(alert_id)
            continue
        done.append({"id": alert_id, "acked": True, "was_unread": result})
    if as_json:
        emit_json(done)
    else:
        for d in done:
            click.echo(f"alert {d['id']} acknowledged" + ("" if d["was_unread"] else " already"))
    if missing:
        ids = ", ".join(str(i) for i in missing)
        _fail(ctx, f"no alert with id {ids} (newsevents alerts list shows them)")


# -- delivery options, for the command that runs rounds ------------------------------------


def delivery_options(func: F) -> F:
    """Add --alerts-jsonl, --webhook, --webhook-timeout, --webhook-retries and --no-terminal;
    the command receives ``deliver``: a :class:`~newsevents.watch.deliver.Delivery`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            deliver = Delivery.from_options(
                terminal=not kwargs.pop("no_terminal"),
                jsonl=kwargs.pop("alerts_jsonl"),
                webhook=kwargs.pop("webhook"),
                webhook_timeout=kwargs.pop("webhook_timeout"),
                webhook_retries=kwargs.pop("webhook_retries"),
            )
        except BadTarget as exc:
            raise click.BadParameter(
                f"[{exc.code.name}] {exc.message}", param_hint="'--webhook'"
            ) from None
        return func(*args, deliver=deliver, **kwargs)

    command: Any = wrapper
    for decorator in reversed(
        [
            click.option(
                "--alerts-jsonl",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="Append each alert as a JSON line to this file.",
            ),
            click.option(
                "--webhook",
                default=None,
                metavar="URL",
                help="POST each alert as JSON to this URL.",
            ),
            click.option(
                "--webhook-timeout",
                type=click.FloatRange(0.1, 300),
                default=10.0,
                show_default=True,
                help="Seconds to wait for the webhook per try.",
            ),
            click.option(
                "--webhook-retries",
                type=click.IntRange(0, 10),
                default=3,
                show_default=True,
                help="More tries (exponential backoff) per round.",
            ),
            click.option("--no-terminal", is_flag=True, help="Do not print a line per alert."),
        ]
    ):
        command = decorator(command)
    return command  # type: ignore[no-any-return]
