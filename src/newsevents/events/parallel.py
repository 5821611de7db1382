"""Coding on every core: one worker process per core, the model loaded once per worker, articles
sent in batches with a bounded number in flight, results returned as they finish."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .._pool import default_workers, unordered_map
from ..models import Article
from .coder import Coder, CoderOptions

__all__ = ["code_in_parallel", "default_workers"]

_WORKER: dict[str, Coder] = {}
"""The coder of this worker process (set once by the pool initializer, one per process)."""


def _init_worker(options: CoderOptions) -> None:
    _WORKER["coder"] = Coder(options)


def _code_batch(batch: list[Article]) -> list[tuple[Article, list[dict[str, Any]]]]:
    coder = _WORKER["coder"]
    # A spaCy memory zone frees the strings this batch added (nothing of its Docs is kept), so a
    # long-running worker's memory stays flat.
    with coder.nlp.memory_zone():
        return [(a, [e.to_dict() for e in evs]) for a, evs in coder.code_articles(batch)]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in articles:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_in_parallel(
    articles: Iterable[Article],
    *,
    options: CoderOptions,
    workers: int,
    batch_size: int = 16,
) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
    """(article, event records) pairs, in completion order, from ``workers`` processes.

    At most ``2 * workers`` batches are in flight, so memory stays bounded whatever the input
    size. With ``workers == 1`` everything runs in this process.
    """
    if workers <= 1:
        coder = Coder(options)
        for article, events in coder.code_articles(articles):
            yield article, [e.to_dict() for e in events]
        return
    batches = _batches(articles, batch_size)
    for _batch, coded in unordered_map(
        _code_batch, batches, workers=workers, initializer=_init_worker, initargs=(options,)
    ):
        yield from coded
