"""`newsevents stories build|list|show` and `newsevents trends`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import NewsEventsError
from ..models import PLOVER_TYPES
from ..store.events import EventFilter, count_events, iter_records
from ..store.records import COLUMN_NAMES, flatten
from .filters import event_filter_options, resolve_option
from .output import emit_csv, emit_json, table

if TYPE_CHECKING:
    from ..stories import StoryReport

STORY_HEADERS = [
    "story",
    "date",
    "type",
    "source",
    "target",
    "modality",
    "arts",
    "outlets",
    "ment",
    "evidence",
]


def _names(actors: list[dict[str, Any]]) -> str:
    return ", ".join(a["name"] for a in actors) or "-"


def echo_story_report(report: StoryReport) -> None:
    """The one-line summary of the story rebuild that follows `code`, `demo` and `load`."""
    click.echo(
        f"Stories: {report.stories} from {report.events} events "
        f"({report.duplicates} near-duplicate articles; {report.signatures} new signatures) "
        f"in {report.seconds:.1f} s",
        err=True,
    )


@click.group("stories")
def stories() -> None:
    """Stories: one happening reported by many articles and outlets (see docs/stories.md)."""


@stories.command("build")
@click.option(
    "--window-days",
    type=click.IntRange(0, 365),
    default=None,
    help="Days after a story's first event that still join it (default 3).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.05, 1.0),
    default=None,
    help="Estimated Jaccard similarity for near-duplicate articles (default 0.5).",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON.")
@click.pass_context
def build_command(
    ctx: click.Context,
    window_days: int | None,
    threshold: float | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Find near-duplicate articles and rebuild the stories from every stored event."""
    from ..stories import THRESHOLD, WINDOW_DAYS, build_stories

    report = build_stories(
        ctx.obj.store(),
        window_days=WINDOW_DAYS if window_days is None else window_days,
        threshold=THRESHOLD if threshold is None else threshold,
    )
    if as_json:
        emit_json(report.to_dict())
    elif not quiet:
        click.echo(
            f"Stories: {report.stories} from {report.events} events; "
            f"{report.duplicates} near-duplicate articles; {report.signatures} new signatures; "
            f"{report.seconds:.1f} s"
        )


@stories.command("list")
@event_filter_options
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print story records as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print flat rows as CSV.")
@click.pass_context
def list_command(ctx: click.Context, /, as_json: bool, as_csv: bool, **kw: Any) -> None:
    """List and filter stories, newest first."""
    flt = EventFilter(**kw)
    store = ctx.obj.store()
    found = list(iter_records(store, flt, unit="stories"))
    if as_json:
        emit_json(found)
    elif as_csv:
        emit_csv([flatten(r) for r in found], COLUMN_NAMES)
    else:
        rows = [
            [
                r["story_id"],
                r["date"],
                r["plover_type"],
                _names(r["sources"]),
                _names(r["targets"]),
                r["modality"],
                r["num_articles"],
                r["num_sources"],
                r["num_mentions"],
                r["evidence"]["sentence"],
            ]
            for r in found
        ]
        click.echo(
            table(
                rows,
                STORY_HEADERS,
                [21, 10, 9, 22, 22, 10, 4, 7, 4, 50],
            )
        )
        total = count_events(store, flt, unit="stories")
        click.echo(f"{len(found)} of {total} stories", err=True)


@stories.command("show")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print the story and its evidence as JSON.")
@click.pass_context
def show_command(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """One story and every piece of evidence for it, with article and outlet."""
    from ..stories import get_story, outlet_of, story_events

    store = ctx.obj.store()
    story = get_story(store, story_id)
    if story is None:
        click.echo(f"error: no story with id '{story_id}'", err=True)
        ctx.exit(1)
    assert story is not None
    evidence = []
    for ev in story_events(store, story_id):
        art = store.get(ev["article_id"])
        ev["article"] = {
            "id": ev["article_id"],
            "title": art.title if art else None,
            "outlet": outlet_of(art.source, art.url) if art else None,
            "url": art.url if art else None,
            "published": art.published if art else None,
        }
        evidence.append(ev)
    if as_json:
        emit_json({"story": story, "evidence": evidence})
        return
    click.echo(
        f"{story['story_id']}  {story['plover_type']} ({story['cameo_code']}, {story['modality']})"
        f"  {_names(story['sources'])} -> {_names(story['targets'])}"
    )
    click.echo(
        f"dates {story['date']} .. {story['date_end']}; {story['num_articles']} articles, "
        f"{story['num_sources']} outlets ({', '.join(story['outlets']) or '-'}), "
        f"{story['num_mentions']} mentions; confidence {story['confidence']:.2f}"
    )
    click.echo("")
    for ev in evidence:
        a = ev["article"]
        click.echo(
            f"- {ev['date']}  {a['outlet'] or '(unknown outlet)'}: {a['title'] or a['id']}"
            + (f"  <{a['url']}>" if a["url"] else "")
        )
        sentence = " ".join(ev["evidence"]["sentence"].split())
        click.echo(f"    {ev['cameo_code']} {ev['modality']}: {sentence}")


def dyad_label(row: Any, *, either_side: bool = False) -> str:
    """A trend row's series as people read it: ``RUS->UKR``, or ``USA<->*`` for an actor's
    events on either side with anyone (``trends --actor USA`` alone)."""
    return f"{row.source}{'<->' if either_side else '->'}{row.target}"


@click.command("trends")
@click.option("--source", help="Source actor: name, id or country code (Russia, RUS, Putin).")
@click.option("--target", help="Target actor: name, id or country code.")
@click.option("--actor", help="Actor on either side: name, id or country code.")
@click.option("--by", "by", default="month", show_default=True, help="day, week or month.")
@click.option(
    "--count",
    "count",
    type=click.Choice(["stories", "mentions"]),
    default="stories",
    show_default=True,
    help="Count stories, or every event row (mentions).",
)
@click.option(
    "--type",
    "plover_type",
    type=click.Choice(PLOVER_TYPES, case_sensitive=False),
    help="PLOVER event type.",
)
@click.option("--since", metavar="DATE", help="From this day (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Up to, not including, this day.")
@click.option(
    "--modality",
    "modalities",
    multiple=True,
    help="Modalities to count, repeatable, or 'all' (default: asserted and intended).",
)
@click.option("--per-dyad", is_flag=True, help="One series per (source, target) country pair.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print rows as CSV.")
@click.pass_context
def trends_command(
    ctx: click.Context,
    source: str | None,
    target: str | None,
    actor: str | None,
    by: str,
    count: str,
    plover_type: str | None,
    since: str | None,
    until: str | None,
    modalities: tuple[str, ...],
    per_dyad: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Counts per day, ISO week or month for a dyad, with QuadClass counts and Goldstein sums."""
    from ..trends import DEFAULT_MODALITIES, FIELDS, sparkline, trends

    source = resolve_option(source, option="--source", kind="actor")
    target = resolve_option(target, option="--target", kind="actor")
    actor = resolve_option(actor, option="--actor", kind="actor")
    mods: tuple[str, ...] | None = modalities or DEFAULT_MODALITIES
    if "all" in modalities:
        mods = None
    store = ctx.obj.store()
    try:
        rows = trends(
            store,
            source=source,
            target=target,
            actor=actor,
            by=by.lower(),
            count=count,
            plover_type=plover_type,
            since=since,
            until=until,
            modalities=mods,
            per_dyad=per_dyad,
        )
    except NewsEventsError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    dicts = [r.to_dict() for r in rows]
    if as_json:
        emit_json(dicts)
        return
    if as_csv:
        emit_csv(dicts, FIELDS)
        return
    if not rows:
        click.echo(f"No {count} match.", err=True)
        return
    either = bool(actor) and not (source or target or per_dyad)
    click.echo(
        table(
            [
                [
                    r.period,
                    dyad_label(r, either_side=either),
                    r.count,
                    r.q1,
                    r.q2,
                    r.q3,
                    r.q4,
                    f"{r.goldstein_sum:+.1f}",
                    "-" if r.goldstein_mean is None else f"{r.goldstein_mean:+.2f}",
                    f"{r.net_cooperation:+d}",
                ]
                for r in rows
            ],
            [by, "dyad", count, "q1", "q2", "q3", "q4", "gold.sum", "gold.mean", "net"],
            [10, 30, 8, 4, 4, 4, 4, 9, 9, 5],
        )
    )
    dyads: dict[str, list[Any]] = {}
    for r in rows:
        dyads.setdefault(dyad_label(r, either_side=either), []).append(r)
    click.echo("")
    for name, series in dyads.items():
        counts = [r.count for r in series]
        net = [r.net_cooperation for r in series]
        click.echo(f"{name}  {series[0].period} .. {series[-1].period}")
        click.echo(f"  {count:<9} {sparkline(counts)}  (max {max(counts)})")
        click.echo(f"  net coop  {sparkline(net)}  ({min(net):+d} .. {max(net):+d})")
