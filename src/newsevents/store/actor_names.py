"""The actors the coded events name: id, display name and how many events name them.

Read for name lookups (the web's autocomplete): an analyst types "Putin" and gets
``RUS:vladimir_putin``. Names live in the event records, so this reads them with ``json_each``.
"""

from __future__ import annotations

from typing import NamedTuple

from .sqlite import Store

__all__ = ["ActorName", "actor_names"]


class ActorName(NamedTuple):
    """An actor id as the events store it, its most used name, and its number of events."""

    actor_id: str
    name: str
    events: int


_ACTORS_SQL = """
SELECT actor_id, name, SUM(n) FROM (
  SELECT json_extract(a.value, '$.actor_id') AS actor_id,
         json_extract(a.value, '$.name') AS name, COUNT(*) AS n
  FROM events, json_each(events.record, '$.sources') AS a GROUP BY 1, 2
  UNION ALL
  SELECT json_extract(a.value, '$.actor_id'), json_extract(a.value, '$.name'), COUNT(*)
  FROM events, json_each(events.record, '$.targets') AS a GROUP BY 1, 2
) WHERE actor_id IS NOT NULL AND actor_id <> '' GROUP BY 1, 2
"""


def actor_names(store: Store) -> list[ActorName]:
    """Every actor id named by an event, with its most frequent name; most events first."""
    best: dict[str, tuple[str, int]] = {}
    totals: dict[str, int] = {}
    for actor_id, name, n in store._execute(_ACTORS_SQL):
        key, count = str(actor_id), int(n)
        totals[key] = totals.get(key, 0) + count
        label = str(name or actor_id)
        if key not in best or count > best[key][1]:
            best[key] = (label, count)
    out = [ActorName(a, best[a][0], totals[a]) for a in totals]
    out.sort(key=lambda r: (-r.events, r.actor_id))
    return out
