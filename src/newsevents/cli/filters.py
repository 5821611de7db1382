"""The event filter options of `newsevents events`, `stories list` and `export`, built from the
same list as the web's query parameters (:data:`newsevents.store.filter_params.FILTER_PARAMS`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..actors.names import NameKind, NameResolver, UnknownName
from ..store.filter_params import (
    FILTER_PARAMS,
    NAME_PARAMS,
    BadFilter,
    parse_filters,
    resolve_names,
    store_actor_names,
)

F = TypeVar("F", bound=Callable[..., Any])

_NAME_HELP = {
    "actor": " Names and aliases too (Russia, Russian Federation, Putin).",
    "country": " Names and aliases too (Ukraine, Russian Federation).",
}


def event_filter_options(func: F) -> F:
    """Add one option per event filter; the command receives them, checked, as
    :class:`~newsevents.store.events.EventFilter` keyword arguments."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        raw = {p.name: kwargs.pop(p.name, None) for p in FILTER_PARAMS}
        try:
            fields = parse_filters(resolve_names(raw, name_resolver()))
        except BadFilter as exc:
            raise click.BadParameter(
                f"[{exc.code.name}] {exc.reason}", param_hint=f"'{exc.param.option}'"
            ) from None
        return func(*args, **kwargs, **fields)

    command: Any = wrapper
    for param in reversed(FILTER_PARAMS):
        named = param.name in NAME_PARAMS
        command = click.option(
            param.option,
            param.name,
            metavar="NAME" if named else param.metavar,
            help=param.help + _NAME_HELP.get(NAME_PARAMS.get(param.name, ""), ""),
        )(command)
    return command  # type: ignore[no-any-return]


def name_resolver() -> NameResolver:
    """The resolver for the running command: bundled countries and dictionaries, then the
    actors of the command's store (read only when a value is neither a code nor a bundled id)."""
    ctx = click.get_current_context()
    return NameResolver(lambda: store_actor_names(ctx.find_root().obj.store()))


def resolve_option(value: str | None, *, option: str, kind: NameKind) -> str | None:
    """One name option (``trends --actor``) as its code; a usage error (exit 2, E030) naming
    the option, the value and close matches when nothing answers to it."""
    if value is None or not value.strip():
        return None
    try:
        return name_resolver().resolve(value.strip(), kind=kind)
    except UnknownName as exc:
        raise click.BadParameter(
            f"[{exc.code.name}] {exc.message}", param_hint=f"'{option}'"
        ) from None
