"""Coding on every core: one worker process per core, the model loaded once per worker, articles
sent in batches with a bounded number in flight, results returned as they finish."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from ..models import Article
from .coder import Coder, CoderOptions

_WORKER: dict[str, Coder] = {}
"""The coder of this worker process (set once by the pool initializer, one per process)."""


def default_workers() -> int:
    """All cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def exit_with_parent(poll_seconds: float = 0.5) -> None:
    """In a worker process: exit as soon as the parent is gone (killed with -9, crashed), so no
    orphaned worker lingers holding a model in memory. A pool's workers otherwise wait forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="newsevents-parent-watch", daemon=True).start()


def _init_worker(options: CoderOptions) -> None:
    exit_with_parent()
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
    source = _batches(articles, batch_size)
    # "spawn": workers start clean (no inherited threads, locks or open store connections)
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(options,)
    ) as pool:
        pending: set[Future[list[tuple[Article, list[dict[str, Any]]]]]] = set()
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * workers:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                pending.add(pool.submit(_code_batch, batch))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield from fut.result()
