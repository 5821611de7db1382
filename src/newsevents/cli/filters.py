"""The event filter options shared by `newsevents events`, `export` and other listing commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..events.model import PLOVER_TYPES

F = TypeVar("F", bound=Callable[..., Any])

#: Keyword names the options pass on, matching :class:`newsevents.store.events.EventFilter`.
FILTER_FIELDS = (
    "article_id",
    "actor",
    "source",
    "target",
    "plover_type",
    "cameo_root",
    "quad_class",
    "modality",
    "since",
    "until",
    "min_confidence",
)

_OPTIONS: list[Callable[[Any], Any]] = [
    click.option("--article", "article_id", help="Events of one article."),
    click.option("--actor", help="Actor id or country code on either side."),
    click.option("--source", help="Source actor id or country code."),
    click.option("--target", help="Target actor id or country code."),
    click.option(
        "--type",
        "plover_type",
        type=click.Choice(PLOVER_TYPES, case_sensitive=False),
        help="PLOVER event type.",
    ),
    click.option("--cameo-root", help="CAMEO root code, e.g. 19."),
    click.option(
        "--quad-class", type=click.IntRange(1, 4), help="1-4 (verbal/material coop/conflict)."
    ),
    click.option("--modality", help="asserted, intended, negated, conditional, denied."),
    click.option("--since", metavar="DATE", help="Event date on or after."),
    click.option("--until", metavar="DATE", help="Event date before."),
    click.option("--min-confidence", type=click.FloatRange(0, 1)),
]


def event_filter_options(func: F) -> F:
    """Add the event filter options (keywords as in :data:`FILTER_FIELDS`) to a command."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func
