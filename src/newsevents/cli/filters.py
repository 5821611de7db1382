"""The event filter options of `newsevents events`, `stories list` and `export`, built from the
same list as the web's query parameters (:data:`newsevents.store.filter_params.FILTER_PARAMS`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..store.filter_params import FILTER_PARAMS, BadFilter, parse_filters

F = TypeVar("F", bound=Callable[..., Any])


def event_filter_options(func: F) -> F:
    """Add one option per event filter; the command receives them, checked, as
    :class:`~newsevents.store.events.EventFilter` keyword arguments."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        raw = {p.name: kwargs.pop(p.name, None) for p in FILTER_PARAMS}
        try:
            fields = parse_filters(raw)
        except BadFilter as exc:
            raise click.BadParameter(exc.reason, param_hint=f"'{exc.param.option}'") from None
        return func(*args, **kwargs, **fields)

    command: Any = wrapper
    for param in reversed(FILTER_PARAMS):
        command = click.option(param.option, param.name, metavar=param.metavar, help=param.help)(
            command
        )
    return command  # type: ignore[no-any-return]
