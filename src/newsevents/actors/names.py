"""Names to codes: what a person types for an actor or a country (``Russia``, ``RUS``,
``Russian Federation``, ``Putin``, ``RUS:vladimir_putin``) as the code the store keeps.

One resolver for the command line's ``--actor/--source/--target/--country`` and the web's
autocomplete: the bundled country data and actor dictionaries, plus the actors a store has seen
(passed in by the caller, so this module stays below the store). An unknown name is an
:class:`UnknownName` (E030) that suggests close matches instead of silently matching nothing.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..errors import ErrorCode, NewsEventsError
from .dictionary import bundled_dictionary, norm_token, pattern_tokens

__all__ = [
    "NameKind",
    "NameMatch",
    "NameResolver",
    "UnknownName",
    "country_names",
]

NameKind = Literal["actor", "country"]

#: Dictionary kinds a name may pick for an actor filter (generic agents such as "police" are
#: not actors one filters by).
_ACTOR_KINDS = ("country", "person", "organisation", "igo", "group")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One answer: the ``code`` to filter by, its display ``name`` and its ``kind``
    (country, person, organisation, igo, group, or ``store`` for an actor only the store knows)."""

    code: str
    name: str
    kind: str


class UnknownName(NewsEventsError, ValueError):
    """A name no country or actor answers to, or one several answer to; the message names the
    value and lists close matches (``suggestions``) to try instead."""

    code = ErrorCode.E030

    def __init__(self, value: str, reason: str, suggestions: Iterable[NameMatch] = ()) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        self.reason = reason
        if self.suggestions:
            reason += "; did you mean " + ", ".join(
                f"{m.name} ({m.code})" for m in self.suggestions
            )
            reason += "?"
        super().__init__(reason)


def _norm(text: str) -> str:
    """A name as compared: case, accents, dots, hyphens and spacing ignored."""
    return " ".join(pattern_tokens(text)) or " ".join(norm_token(t) for t in text.split())


@lru_cache(maxsize=1)
def country_names() -> tuple[NameMatch, ...]:
    """Every bundled country as (ISO 3166 alpha-3 code, English name), in code order."""
    return tuple(m for m, _ in _country_index())


@lru_cache(maxsize=1)
def _country_index() -> tuple[tuple[NameMatch, tuple[str, ...]], ...]:
    """Each country with the normalised forms it answers to: code, name, aliases, adjectives."""
    text = (resources.files("newsevents") / "data" / "actors" / "countries.jsonl").read_text(
        "utf-8"
    )
    out: list[tuple[NameMatch, tuple[str, ...]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        obj = json.loads(line)
        if obj.get("kind") != "country":
            continue
        code = str(obj["id"]).upper()
        forms = [code, obj["name"], *obj.get("patterns", ()), *obj.get("adjectives", ())]
        out.append(
            (NameMatch(code, str(obj["name"]), "country"), tuple(dict.fromkeys(map(_norm, forms))))
        )
    out.sort(key=lambda item: item[0].code)
    return tuple(out)


class NameResolver:
    """Resolves typed names to filter codes and suggests names for a prefix or a typo.

    ``store_actors`` gives the store's own actors as ``(actor id, name)`` pairs (an id may come
    with several names); it is called at most once and only when a value is not a bundled
    country code or dictionary id, since reading it may scan every event.
    """

    def __init__(self, store_actors: Callable[[], Iterable[tuple[str, str]]] | None = None) -> None:
        self._store_actors_fn = store_actors
        self._store_pairs: list[tuple[str, str]] | None = None

    # -- sources -------------------------------------------------------------------------------
    def store_pairs(self) -> list[tuple[str, str]]:
        """The store's ``(actor id, name)`` pairs (empty without a store)."""
        if self._store_pairs is None:
            fn = self._store_actors_fn
            self._store_pairs = sorted(set(fn())) if fn is not None else []
        return self._store_pairs

    def store_actors(self) -> Mapping[str, str]:
        """The store's actors, ``{id: a name}`` (empty without a store)."""
        out: dict[str, str] = {}
        for actor_id, name in self.store_pairs():
            out.setdefault(actor_id, name)
        return out

    # -- resolving -----------------------------------------------------------------------------
    def country(self, value: str) -> str:
        """The ISO 3166 alpha-3 code of a country code, name, alias or adjective
        (``ukr``, ``Ukraine``, ``Ukrainian``); :class:`UnknownName` otherwise."""
        key = _norm(value)
        for match, forms in _country_index():
            if key in forms:
                return match.code
        raise UnknownName(
            value, f"no country is called {value!r}", self.suggest(value, kind="country")
        )

    def actor(self, value: str) -> str:
        """The actor id or country code for an id (``RUS:vladimir_putin``, ``USA``), a name or
        an alias (``Putin``, ``Russian Federation``); :class:`UnknownName` when none or several
        (different) actors answer to it."""
        value = value.strip()
        key = _norm(value)
        for match, forms in _country_index():
            if match.code == value.upper() or key in forms:
                return match.code
        dictionary = bundled_dictionary()
        if value in dictionary:
            return value
        store = self.store_actors()
        if value in store:
            return value
        for actor_id in store:  # ids differ from the typed value in case only
            if actor_id.lower() == value.lower():
                return actor_id
        found: dict[str, NameMatch] = {}
        for cand in dictionary.lookup(value):
            entry = cand.entry
            if entry.kind in _ACTOR_KINDS and cand.form in ("name", "metonym"):
                found.setdefault(entry.id, NameMatch(entry.id, entry.name, entry.kind))
        for actor_id, name in self.store_pairs():
            if _norm(name) == key:
                found.setdefault(actor_id, NameMatch(actor_id, name, "store"))
        if len(found) > 1:  # prefer actors the store has seen, then the curated entries
            seen = {k: m for k, m in found.items() if k in store}
            if seen:
                found = seen
        if len(found) > 1:
            curated = {
                k: m
                for k, m in found.items()
                if (e := dictionary.get(k)) is not None and e.priority > 1
            }
            if len(curated) == 1:
                found = curated
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise UnknownName(
                value,
                f"{value!r} names {len(found)} actors; give one's id",
                list(found.values())[:8],
            )
        raise UnknownName(
            value, f"no actor or country is called {value!r}", self.suggest(value, kind="actor")
        )

    def resolve(self, value: str, *, kind: NameKind) -> str:
        """:meth:`actor` or :meth:`country`, by ``kind``."""
        return self.country(value) if kind == "country" else self.actor(value)

    # -- suggesting ----------------------------------------------------------------------------
    def _choices(self, kind: NameKind) -> list[tuple[str, NameMatch]]:
        """(normalised form, match) pairs a suggestion may come from."""
        out = [(form, m) for m, forms in _country_index() for form in forms]
        if kind == "actor":
            pairs = self.store_pairs()
            out.extend((_norm(name), NameMatch(i, name, "store")) for i, name in pairs)
            out.extend((i.lower(), NameMatch(i, name, "store")) for i, name in pairs)
        return out

    def suggest(self, value: str, *, kind: NameKind, limit: int = 5) -> list[NameMatch]:
        """Close matches (difflib) for a mistyped name, best first, one per code."""
        choices = self._choices(kind)
        by_form: dict[str, list[NameMatch]] = {}
        for form, match in choices:
            by_form.setdefault(form, []).append(match)
        key = _norm(value)
        # codes (``usa``) are close to many short words: offer them only for short values
        forms = [f for f in by_form if len(f) > 3 or len(key) <= 4]
        close = difflib.get_close_matches(key, forms, n=limit * 3, cutoff=0.7)
        out: dict[str, NameMatch] = {}
        for form in close:
            for match in by_form[form]:
                out.setdefault(match.code, match)
        return list(out.values())[:limit]

    def complete(self, prefix: str, *, kind: NameKind, limit: int = 10) -> list[NameMatch]:
        """Countries (and, for ``actor``, the store's actors) whose code, name or alias starts
        with ``prefix``, exact and name matches first: what an autocomplete box offers."""
        key = _norm(prefix)
        if not key:
            return []
        ranked: dict[str, tuple[int, NameMatch]] = {}
        for form, match in self._choices(kind):
            if not form.startswith(key):
                continue
            rank = 0 if form == key else 1 if form == _norm(match.name) else 2
            best = ranked.get(match.code)
            if best is None or rank < best[0]:
                ranked[match.code] = (rank, match)
        ordered = sorted(ranked.values(), key=lambda rm: (rm[0], rm[1].name))
        return [m for _, m in ordered[:limit]]
