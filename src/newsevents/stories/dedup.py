"""Near-duplicate articles: MinHash signatures kept in the store, groups from LSH pairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..store import Store
from ..store.articles import (
    replace_duplicates,
    save_signatures,
    signed_articles,
    unsigned_articles,
)
from .minhash import NUM_PERM, THRESHOLD, duplicate_pairs, from_blob, signature, to_blob

BATCH = 500
MAX_DAYS_APART = 7
"""Near-identical articles published further apart than this are not duplicates: syndicated
copies and updates appear within days, while the same wording weeks later is a template (the
Fed's daily market operation, a results table) reporting another happening."""


@dataclass(slots=True, frozen=True)
class Duplicate:
    """An article that repeats an earlier one: the group's earliest article and their similarity."""

    article_id: str
    duplicate_of: str
    similarity: float


def update_signatures(store: Store, *, progress: Callable[[int], None] | None = None) -> int:
    """Compute and store signatures of current articles that lack one; returns how many."""
    done = 0
    while True:
        rows = unsigned_articles(store, limit=BATCH)
        if not rows:
            return done
        save_signatures(store, [(aid, rev, to_blob(signature(text))) for aid, rev, text in rows])
        done += len(rows)
        if progress is not None:
            progress(len(rows))


def find_duplicates(store: Store, *, threshold: float = THRESHOLD) -> list[Duplicate]:
    """Duplicate groups among current articles; each member but the earliest points at it.

    Pairs at or above ``threshold`` published more than MAX_DAYS_APART days apart are skipped.
    Earliest is by publication time, then by order of ingestion. ``similarity`` is the estimated
    Jaccard similarity of the article to the group's earliest article (through a chain of copies
    it may be below the threshold).
    """
    rows = signed_articles(store)
    if len(rows) < 2:
        return []
    ids = [r[0] for r in rows]
    sigs = np.empty((len(rows), NUM_PERM), dtype=np.uint32)
    days: list[int | None] = []
    for i, (_, blob, published) in enumerate(rows):
        sigs[i] = from_blob(blob)
        days.append(_day(published))
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in duplicate_pairs(sigs, threshold=threshold):
        di, dj = days[i], days[j]
        if di is not None and dj is not None and abs(di - dj) > MAX_DAYS_APART:
            continue
        ri, rj = find(i), find(j)
        if ri != rj:
            # rows are in time order, so the smaller index is the earlier article
            parent[max(ri, rj)] = min(ri, rj)
    out: list[Duplicate] = []
    for i, aid in enumerate(ids):
        root = find(i)
        if root != i:
            sim = float(np.count_nonzero(sigs[i] == sigs[root])) / NUM_PERM
            out.append(Duplicate(aid, ids[root], round(sim, 4)))
    return out


def _day(published: str | None) -> int | None:
    """Ordinal day of a publication time; None when missing or unreadable."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def write_duplicates(store: Store, duplicates: list[Duplicate]) -> None:
    """Replace the stored duplicate pairs (atomically, or inside the caller's transaction)."""
    replace_duplicates(store, [(d.article_id, d.duplicate_of, d.similarity) for d in duplicates])
