"""Worker processes for the ``--workers`` pools: one spawned process per core, each exiting when
its parent dies, fed with a bounded number of tasks in flight so memory stays flat."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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


def _start_worker(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    exit_with_parent()
    initializer(*initargs)


def unordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
    in_flight_per_worker: int = 2,
) -> Iterator[tuple[T, R]]:
    """``(item, fn(item))`` pairs in completion order from ``workers`` spawned processes.

    ``items`` is consumed lazily: at most ``in_flight_per_worker * workers`` tasks are submitted
    and not yet yielded, whatever the input size. ``fn``, ``initializer`` and their arguments
    must be picklable (module-level functions). A task's exception is raised here.
    """
    source = iter(items)
    limit = max(1, in_flight_per_worker * workers)
    # "spawn": workers start clean (no inherited threads, locks or open store connections)
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_start_worker,
        initargs=(initializer, initargs),
    )
    try:
        pending: dict[Future[R], T] = {}
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                    break
                pending[pool.submit(fn, item)] = item
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield pending.pop(fut), fut.result()
    except BaseException:
        # Ctrl-C (its handler has terminated the workers), a failed task or a consumer that
        # stopped early: return at once, the tasks not started cancelled. Waiting here for a
        # pool whose workers were killed mid-task is what could hang an interrupted run.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


_END: Any = object()
